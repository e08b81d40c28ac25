/*
 * rules.c: the rules engine. Packs (kind RulePack) are validated against
 * their schema, their regular expressions compiled (PCRE2, UTF mode),
 * and their rules kept sorted by id; a later rule with the same id
 * replaces an earlier one. Checking a spec walks each rule's pointer,
 * expanding '*' segments over what the spec holds, and asserts the
 * rule's conditions on every value it reaches.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <jansson.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/embedded.h"
#include "check/policy/rules_int.h"
#include "check/schema/schema_int.h"
#include "support/hmap.h"
#include "support/num.h"
#include "support/utf8.h"
#include "mcpc/mcpc.h"
#include "mcpc/rules.h"

#define RULE_PACK "MCP-RULES-000"

/* One segment of a pointer pattern: as written, and unescaped (~1 is
 * '/', ~0 is '~'). */
typedef struct pseg {
	const char *raw, *s;
	size_t rawlen, len;
	uint32_t hash; /* of s: seg_hash */
	int wild;      /* 0: a literal; 1: '*', any one segment; 2: '**', any
	                  number of segments */
} pseg;

/* A pointer pattern as rules write them (a match, a precondition's
 * pointer, an operand), split into segments once. */
typedef struct pattern {
	pseg *seg;
	size_t n;
	char *text; /* the pattern as written, then the segments unescaped,
	               each NUL-terminated */
} pattern;

/* Comparisons: how they read values (quantities or durations). */
enum { CMP_NONE, CMP_QUANTITY, CMP_DURATION };

/* The other side of a comparison, decoded once. */
typedef struct operand {
	enum {
		OP_NONE,     /* no such comparison */
		OP_LITERAL,  /* "10s", "4Mi", 8 */
		OP_ABSOLUTE, /* "/spec/inference/timeouts/request" */
		OP_RELATIVE, /* "2/limits/cpu": up two levels, then down */
		OP_NOWHERE   /* more levels up than any document has */
	} kind;
	int measured;   /* a literal that is a quantity (duration) */
	__int128 value; /* ... and what it measures */
	json_t *literal;
	const char *text; /* an absolute pointer, as written */
	pattern path;     /* ... split */
	size_t up;        /* a relative one: levels up, */
	const char *rest; /* then down this way */
} operand;

/* Conditions on one value, decoded at load into what holds() asks, with
 * their expressions compiled. */
typedef struct cond {
	json_t *obj;
	const char *pointer; /* preconditions only */
	pattern at;          /* ... split */
	pcre2_code *pat, *npat, *kpat, *nkpat, *ppat, *nppat;
	int present; /* -1: no condition; else whether the value must exist */
	json_t *equals, *not_equals, *in, *not_in;
	json_t *has;        /* the member paths, as written */
	pattern *has_paths; /* ... split (NULL where one is too long) */
	size_t nhas;
	int min_len_set, max_len_set, min_set, max_set;
	size_t min_len, max_len;
	double min, max;
	const char *compare; /* "quantity", "duration", or NULL */
	int duration;
	operand ops[4]; /* lessThan, lessThanOrEqual, greaterThan,
	                   greaterThanOrEqual */
	int version;    /* 0: no range; 1: a range; 2: a scheme mcpc does
	                   not know (the condition then holds) */
	mcp_scheme scheme;
	const char *range;
} cond;

typedef struct rule {
	json_t *json;
	const char *pack;
	const char *id, *message, *fix; /* from json */
	pattern *match;                 /* the patterns it walks */
	size_t nmatch;
	cond test;
	cond *when;
	size_t nwhen;
	/* what the rule reads (mcp_rules_check_changed): the nodes these
	 * patterns match, everything below them, and their ancestors; with
	 * reads_all, every node */
	pattern *reads;
	size_t nreads;
	uint64_t heads; /* head_bit of each of reads, or'ed */
	int reads_all;
	mcp_builtin_fn fn; /* a built-in check: C, for what data cannot say */
	mcp_severity severity; /* the pack's, or the project's */
	int enabled;           /* the pack's "enabled", or the project's */
	int every_kind; /* runs on documents of any kind, not only specs */
	int bundled;    /* shipped with mcpc: docs/rules/ has its page */
} rule;

struct mcp_rules {
	rule *v;
	size_t n, cap;
	json_t *packs;       /* keeps every pack's JSON alive */
	json_t *permissions; /* name -> entry, from kind Permissions */
	json_t *conflicts;   /* separation-of-duties pairs */
	json_t *project;     /* the project's spec, or NULL */
	int loading_bundled; /* while loading: the packs are mcpc's own */
	mcp_perm *perm;      /* each permission of the map, worked out */
	mcp_hmap perms;      /* name -> its mcp_perm */
};

static int add_builtins(mcp_rules *r);

static void pattern_free(pattern *p)
{
	free(p->seg);
	free(p->text);
}

static void cond_free(cond *c)
{
	size_t i;

	pcre2_code_free(c->pat);
	pcre2_code_free(c->npat);
	pcre2_code_free(c->kpat);
	pcre2_code_free(c->nkpat);
	pcre2_code_free(c->ppat);
	pcre2_code_free(c->nppat);
	pattern_free(&c->at);
	for (i = 0; i < c->nhas; i++)
		pattern_free(&c->has_paths[i]);
	free(c->has_paths);
	for (i = 0; i < 4; i++)
		pattern_free(&c->ops[i].path);
}

/* FNV-1a of an unescaped segment: a changed pointer's segments and a
 * pattern's compare by it first. */
static uint32_t seg_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	while (len--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* Split pointer pattern @p text into @p p; -1 when out of memory. Text
 * that is no pointer (it does not start with '/') has no segment: it
 * stands for the root, as mcp_pointer_get reads it. */
static int pattern_parse(pattern *p, const char *text)
{
	size_t len = strlen(text), n = 0, i;
	const char *q;
	char *t;

	memset(p, 0, sizeof(*p));
	if (*text != '/')
		return 0;
	for (i = 0; i < len; i++)
		n += text[i] == '/';
	p->seg = calloc(n, sizeof(*p->seg));
	/* the text, then each segment: it loses its '/' and gains a NUL */
	p->text = malloc(2 * len + 2);
	if (!p->seg || !p->text) {
		pattern_free(p);
		return -1;
	}
	memcpy(p->text, text, len + 1);
	q = p->text;
	t = p->text + len + 1;
	while (*q == '/') {
		pseg *s = &p->seg[p->n++];
		q++;
		s->raw = q;
		s->s = t;
		while (*q && *q != '/') {
			if (q[0] == '~' && (q[1] == '0' || q[1] == '1')) {
				*t++ = q[1] == '0' ? '~' : '/';
				q += 2;
			} else {
				*t++ = *q++;
			}
		}
		s->rawlen = (size_t)(q - s->raw);
		s->len = (size_t)(t - s->s);
		s->hash = seg_hash(s->s, s->len);
		*t++ = '\0';
		s->wild = strcmp(s->s, "*") == 0    ? 1
		          : strcmp(s->s, "**") == 0 ? 2
		                                    : 0;
	}
	return 0;
}

/*
 * Whether a change at pointer @p c (split: pattern_parse) can alter what
 * @p p reads: c at or below a node p matches (the node's value), or above
 * one (whether the node exists, and where). After a '**' every pointer is
 * one or the other. A c that is no pointer (no segment, no text) touches
 * everything, as the root does.
 */
static int touches(const pattern *p, const pattern *c)
{
	size_t i;

	for (i = 0;; i++) {
		const pseg *a, *b;
		if (i == c->n || i == p->n || p->seg[i].wild == 2)
			return 1;
		a = &p->seg[i];
		b = &c->seg[i];
		/* equal hashes and lengths count as equal segments: a
		 * collision only runs a rule that need not run */
		if (!a->wild && (a->hash != b->hash || a->len != b->len))
			return 0;
	}
}

int mcp_rule_pattern_touches(const char *pattern_text, const char *changed)
{
	pattern p, c;
	int t;

	if (pattern_parse(&p, pattern_text) < 0)
		return -1;
	if (pattern_parse(&c, changed) < 0) {
		pattern_free(&p);
		return -1;
	}
	t = touches(&p, &c);
	pattern_free(&p);
	pattern_free(&c);
	return t;
}

static void rule_free(rule *r)
{
	size_t i;
	cond_free(&r->test);
	for (i = 0; i < r->nwhen; i++)
		cond_free(&r->when[i]);
	free(r->when);
	for (i = 0; i < r->nreads; i++)
		pattern_free(&r->reads[i]);
	free(r->reads);
	for (i = 0; i < r->nmatch; i++)
		pattern_free(&r->match[i]);
	free(r->match);
}

/* A bit for the first two segments of @p p (a pattern or a changed
 * pointer): a change and a read whose bits differ cannot touch; every bit
 * when the two do not both stand as literals. */
static uint64_t head_bit(const pattern *p)
{
	uint32_t h;

	if (p->n < 2 || p->seg[0].wild || p->seg[1].wild)
		return ~(uint64_t)0;
	h = p->seg[0].hash * 0x9e3779b1u ^ p->seg[1].hash;
	return (uint64_t)1 << (h >> 26);
}

/* Add pattern @p text to what rule @p ru reads; -1 out of memory. */
static int add_read(rule *ru, const char *text)
{
	pattern *v = realloc(ru->reads, (ru->nreads + 1) * sizeof(*v));

	if (!v)
		return -1;
	ru->reads = v;
	if (pattern_parse(&ru->reads[ru->nreads], text) < 0)
		return -1;
	ru->heads |= head_bit(&ru->reads[ru->nreads++]);
	return 0;
}

/*
 * What a comparison's operand @p x reads when the value compared stands
 * at a node @p base matches: nothing for a literal, the pointer for an
 * absolute one, and for a relative one ("2/limits/cpu") base that many
 * segments up, then down. Up across a '**' (any number of segments) the
 * place is known only to lie below a shorter prefix of base: everything
 * below that prefix. Mirrors resolve() below.
 */
static int operand_reads(rule *ru, json_t *x, const pattern *base)
{
	const char *s = json_string_value(x), *end;
	size_t used, cut, i, deep = base->n, fixed = 0;
	uint64_t up;
	mcp_buf t;
	int rc;

	if (!s || (*s != '/' && (*s < '0' || *s > '9')))
		return 0;
	if (*s == '/')
		return add_read(ru, s);
	if (mcp_num_prefix(s, strlen(s), SIZE_MAX, &up, &used) < 0)
		return 0; /* more levels up than any document has */
	end = s + used;
	if (*end && *end != '/')
		return 0; /* a literal such as "10s" */
	for (i = 0; i < base->n; i++) {
		if (deep == base->n && base->seg[i].wild == 2)
			deep = i;
		else if (deep < base->n && base->seg[i].wild != 2)
			fixed++;
	}
	if (deep == base->n) {
		if (up > base->n)
			return 0; /* above the document: never resolves */
		cut = base->n - (size_t)up;
	} else {
		/* the node stands at least deep + fixed segments down */
		cut = up <= fixed          ? deep
		      : up - fixed >= deep ? 0
		                           : deep - (size_t)(up - fixed);
	}
	mcp_buf_init(&t);
	for (i = 0; i < cut; i++) {
		if (base->seg[i].wild)
			mcp_buf_puts(&t, base->seg[i].wild == 1 ? "/*" : "/**");
		else
			mcp_buf_put_token(&t, base->seg[i].s, base->seg[i].len);
	}
	mcp_buf_puts(&t, deep == base->n ? end : "/**");
	rc = t.oom ? -1 : add_read(ru, t.len ? t.ptr : "");
	mcp_buf_free(&t);
	return rc;
}

/* The operands of a condition's comparisons, each read from @p base. */
static int cond_reads(rule *ru, const cond *c, const pattern *base)
{
	static const char *const ops[] = {"lessThan", "lessThanOrEqual",
	                                  "greaterThan", "greaterThanOrEqual"};
	size_t i;

	for (i = 0; i < 4; i++)
		if (operand_reads(ru, json_object_get(c->obj, ops[i]), base) <
		    0)
			return -1;
	return 0;
}

/*
 * What a rule of a pack reads: each pattern of its match, the pointer of
 * each precondition that has one, and every operand its comparisons can
 * resolve (relative to the value judged, or to the precondition's
 * pointer). Message templates ({value}, {path}, {missing}) and the key
 * and pointer patterns read nothing else: the value and its pointer.
 */
static int rule_reads(rule *ru)
{
	json_t *match = json_object_get(ru->json, "match");
	size_t n = json_is_array(match) ? json_array_size(match) : 1;
	size_t i, k;
	pattern base;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		const char *m = json_string_value(
		    json_is_array(match) ? json_array_get(match, i) : match);
		if (!m)
			continue;
		if (add_read(ru, m) < 0 || pattern_parse(&base, m) < 0)
			return -1;
		rc = cond_reads(ru, &ru->test, &base);
		for (k = 0; k < ru->nwhen && rc == 0; k++)
			if (!ru->when[k].pointer)
				rc = cond_reads(ru, &ru->when[k], &base);
		pattern_free(&base);
	}
	for (k = 0; k < ru->nwhen && rc == 0; k++) {
		if (!ru->when[k].pointer)
			continue;
		if (add_read(ru, ru->when[k].pointer) < 0 ||
		    pattern_parse(&base, ru->when[k].pointer) < 0)
			return -1;
		rc = cond_reads(ru, &ru->when[k], &base);
		pattern_free(&base);
	}
	return rc;
}

void mcp_rules_free(mcp_rules *r)
{
	size_t i;
	if (!r)
		return;
	for (i = 0; i < r->n; i++)
		rule_free(&r->v[i]);
	free(r->v);
	json_decref(r->packs);
	json_decref(r->permissions);
	json_decref(r->conflicts);
	json_decref(r->project);
	mcp_hmap_free(&r->perms, NULL);
	free(r->perm);
	free(r);
}

static int fatal(mcp_diag *d, const mcp_source *src, size_t doc,
                 const char *pointer, const char *what, const char *detail)
{
	mcp_loc loc = {mcp_source_name(src), 1, 1};
	mcp_finding *f;

	mcp_srcmap_nearest(mcp_source_srcmap(src), doc, pointer, &loc);
	f = mcp_diag_add(d, RULE_PACK, MCP_SEV_ERROR, &loc, pointer, NULL,
	                 "%s%s%s", what, detail ? ": " : "",
	                 detail ? detail : "");
	if (!f)
		return MCP_ENOMEM;
	f->fatal = 1;
	return MCP_EPARSE;
}

static int compile(pcre2_code **out, json_t *text, mcp_diag *d,
                   const mcp_source *src, size_t doc, const char *pointer)
{
	int code;
	PCRE2_SIZE off;
	PCRE2_UCHAR msg[160];

	*out = NULL;
	if (!json_is_string(text))
		return 0;
	*out = pcre2_compile((PCRE2_SPTR)json_string_value(text),
	                     json_string_length(text), PCRE2_UTF, &code, &off,
	                     NULL);
	if (*out) {
		/* compiled to machine code where the platform allows: much
		 * faster, and still safe to share between threads */
		pcre2_jit_compile(*out, PCRE2_JIT_COMPLETE);
		return 0;
	}
	pcre2_get_error_message(code, msg, sizeof(msg));
	return fatal(d, src, doc, pointer, "the regular expression is invalid",
	             (const char *)msg);
}

/* Decode comparison operand @p x of a condition that compares durations
 * (@p duration) or quantities. */
static int operand_decode(operand *op, json_t *x, int duration)
{
	const char *s = json_string_value(x);
	uint64_t up;
	size_t used;

	memset(op, 0, sizeof(*op));
	if (!x)
		return 0;
	op->kind = OP_LITERAL;
	op->literal = x;
	if (s && *s == '/') {
		op->kind = OP_ABSOLUTE;
		op->text = s;
		return pattern_parse(&op->path, s);
	}
	if (s && *s >= '0' && *s <= '9') {
		if (mcp_num_prefix(s, strlen(s), SIZE_MAX, &up, &used) < 0) {
			op->kind = OP_NOWHERE;
			return 0;
		}
		if (!s[used] || s[used] == '/') {
			op->kind = OP_RELATIVE;
			op->up = (size_t)up;
			op->rest = s + used;
			return 0;
		}
	}
	op->measured = mcp_rule_measure(x, duration, &op->value);
	return 0;
}

/*
 * Decode what holds() asks of a condition once, at load: which keys it
 * has, its limits, its operands, its version range, the paths of has,
 * and a precondition's pointer split. -1 when out of memory.
 */
static int cond_decode(cond *c)
{
	static const char *const ops[] = {"lessThan", "lessThanOrEqual",
	                                  "greaterThan", "greaterThanOrEqual"};
	json_t *o = c->obj, *x;
	size_t i;

	if (c->pointer && pattern_parse(&c->at, c->pointer) < 0)
		return -1;
	x = json_object_get(o, "present");
	c->present = x ? json_is_true(x) : -1;
	c->equals = json_object_get(o, "equals");
	c->not_equals = json_object_get(o, "notEquals");
	c->in = json_object_get(o, "enum");
	c->not_in = json_object_get(o, "notEnum");
	c->has = json_object_get(o, "has");
	if (json_array_size(c->has)) {
		c->has_paths =
		    calloc(json_array_size(c->has), sizeof(*c->has_paths));
		if (!c->has_paths)
			return -1;
		c->nhas = json_array_size(c->has);
	}
	for (i = 0; i < c->nhas; i++) {
		const char *m = json_string_value(json_array_get(c->has, i));
		char ptr[512];
		/* a path too long for the member lookup is passed over */
		if (!m ||
		    snprintf(ptr, sizeof(ptr), "/%s", m) >= (int)sizeof(ptr))
			continue;
		if (pattern_parse(&c->has_paths[i], ptr) < 0)
			return -1;
	}
	if ((x = json_object_get(o, "minLength"))) {
		c->min_len_set = 1;
		c->min_len = (size_t)json_integer_value(x);
	}
	if ((x = json_object_get(o, "maxLength"))) {
		c->max_len_set = 1;
		c->max_len = (size_t)json_integer_value(x);
	}
	if ((x = json_object_get(o, "minimum"))) {
		c->min_set = 1;
		c->min = json_number_value(x);
	}
	if ((x = json_object_get(o, "maximum"))) {
		c->max_set = 1;
		c->max = json_number_value(x);
	}
	c->compare = json_string_value(json_object_get(o, "compare"));
	c->duration = c->compare && strcmp(c->compare, "duration") == 0;
	for (i = 0; i < 4; i++)
		if (operand_decode(&c->ops[i], json_object_get(o, ops[i]),
		                   c->duration) < 0)
			return -1;
	if ((x = json_object_get(o, "version"))) {
		const char *sn =
		    json_string_value(json_object_get(x, "scheme"));
		c->scheme = MCP_SCHEME_SEMVER;
		c->version =
		    sn && mcp_scheme_parse(&c->scheme, sn) != 0 ? 2 : 1;
		c->range = json_string_value(json_object_get(x, "range"));
	}
	return 0;
}

static int cond_init(cond *c, json_t *obj, mcp_diag *d, const mcp_source *src,
                     size_t doc, const char *base)
{
	char ptr[256];
	int rc;

	memset(c, 0, sizeof(*c));
	c->obj = obj;
	c->pointer = json_string_value(json_object_get(obj, "pointer"));
	snprintf(ptr, sizeof(ptr), "%s/pattern", base);
	rc =
	    compile(&c->pat, json_object_get(obj, "pattern"), d, src, doc, ptr);
	if (rc == 0) {
		snprintf(ptr, sizeof(ptr), "%s/notPattern", base);
		rc = compile(&c->npat, json_object_get(obj, "notPattern"), d,
		             src, doc, ptr);
	}
	if (rc == 0) {
		snprintf(ptr, sizeof(ptr), "%s/keyPattern", base);
		rc = compile(&c->kpat, json_object_get(obj, "keyPattern"), d,
		             src, doc, ptr);
	}
	if (rc == 0) {
		snprintf(ptr, sizeof(ptr), "%s/notKeyPattern", base);
		rc = compile(&c->nkpat, json_object_get(obj, "notKeyPattern"),
		             d, src, doc, ptr);
	}
	if (rc == 0) {
		snprintf(ptr, sizeof(ptr), "%s/pointerPattern", base);
		rc = compile(&c->ppat, json_object_get(obj, "pointerPattern"),
		             d, src, doc, ptr);
	}
	if (rc == 0) {
		snprintf(ptr, sizeof(ptr), "%s/notPointerPattern", base);
		rc = compile(&c->nppat,
		             json_object_get(obj, "notPointerPattern"), d, src,
		             doc, ptr);
	}
	if (rc == 0 && cond_decode(c) < 0)
		rc = MCP_ENOMEM;
	return rc;
}

static mcp_severity severity_of(json_t *j)
{
	mcp_severity sev = MCP_SEV_ERROR; /* the schema allows no other */
	const char *s = json_string_value(json_object_get(j, "severity"));
	if (s)
		mcp_severity_parse(&sev, s);
	return sev;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(
	    json_string_value(json_object_get(((const rule *)a)->json, "id")),
	    json_string_value(json_object_get(((const rule *)b)->json, "id")));
}

/* Split the patterns of the rule's match once. */
static int rule_match(rule *ru)
{
	json_t *match = json_object_get(ru->json, "match");
	size_t n = json_is_array(match) ? json_array_size(match) : 1, i;

	if (!(ru->match = calloc(n, sizeof(*ru->match))))
		return -1;
	for (i = 0; i < n; i++, ru->nmatch++) {
		const char *m = json_string_value(
		    json_is_array(match) ? json_array_get(match, i) : match);
		if (pattern_parse(&ru->match[i], m ? m : "") < 0)
			return -1;
	}
	return 0;
}

/* Add one rule (its JSON validated), replacing a rule with its id. */
static int add_rule(mcp_rules *r, json_t *json, const char *pack, mcp_diag *d,
                    const mcp_source *src, size_t doc, size_t idx)
{
	json_t *when = json_object_get(json, "when");
	const char *id = json_string_value(json_object_get(json, "id"));
	char base[96];
	rule nr;
	size_t i;
	int rc;

	if (mcp_fixed_rules_find(id) != (size_t)-1) {
		/* a second rule of that id would make every report that
		 * describes the rule, and every setting of it, ambiguous */
		snprintf(base, sizeof(base), "/spec/rules/%zu/id", idx);
		return fatal(d, src, doc, base,
		             "the id is one of mcpc's own rules (see 'mcpc "
		             "rules'); give the rule an id of its own",
		             id);
	}
	memset(&nr, 0, sizeof(nr));
	nr.json = json;
	nr.pack = pack;
	nr.id = id;
	nr.message = json_string_value(json_object_get(json, "message"));
	nr.fix = json_string_value(json_object_get(json, "fix"));
	nr.bundled = r->loading_bundled;
	nr.severity = severity_of(json);
	nr.enabled = !json_is_false(json_object_get(json, "enabled"));
	snprintf(base, sizeof(base), "/spec/rules/%zu/assert", idx);
	rc = cond_init(&nr.test, json_object_get(json, "assert"), d, src, doc,
	               base);
	if (rc == 0 && json_array_size(when)) {
		nr.when = calloc(json_array_size(when), sizeof(*nr.when));
		if (!nr.when)
			rc = MCP_ENOMEM;
	}
	for (i = 0; rc == 0 && i < json_array_size(when); i++) {
		snprintf(base, sizeof(base), "/spec/rules/%zu/when/%zu", idx,
		         i);
		rc = cond_init(&nr.when[i], json_array_get(when, i), d, src,
		               doc, base);
		nr.nwhen = i + 1;
	}
	if (rc == 0 && (rule_reads(&nr) < 0 || rule_match(&nr) < 0))
		rc = MCP_ENOMEM;
	if (rc) {
		rule_free(&nr);
		return rc;
	}
	for (i = 0; i < r->n; i++)
		if (strcmp(
		        json_string_value(json_object_get(r->v[i].json, "id")),
		        id) == 0) {
			rule_free(&r->v[i]);
			r->v[i] = nr;
			return 0;
		}
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		rule *v = realloc(r->v, cap * sizeof(*v));
		if (!v) {
			rule_free(&nr);
			return MCP_ENOMEM;
		}
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n++] = nr;
	return 0;
}

/* A permission map: its permissions replace those of the same name. */
static int take_permissions(mcp_rules *r, json_t *doc)
{
	json_t *spec = json_object_get(doc, "spec");
	json_t *list = json_object_get(spec, "permissions"), *x;
	size_t i;

	for (i = 0; i < json_array_size(list); i++) {
		x = json_array_get(list, i);
		if (json_object_set(
		        r->permissions,
		        json_string_value(json_object_get(x, "name")), x) < 0)
			return MCP_ENOMEM;
	}
	list = json_object_get(spec, "separationOfDuties");
	for (i = 0; i < json_array_size(list); i++)
		if (json_array_append(r->conflicts, json_array_get(list, i)) <
		    0)
			return MCP_ENOMEM;
	return 0;
}

static int take_source(mcp_rules *r, const mcp_source *src,
                       const mcp_schema *schema, mcp_diag *d)
{
	size_t i, k;

	for (i = 0; i < mcp_source_doc_count(src); i++) {
		json_t *doc = mcp_source_doc(src, i), *rules;
		const char *kind =
		    json_string_value(json_object_get(doc, "kind"));
		const char *pack;
		int rc;
		if (!kind || (strcmp(kind, "RulePack") != 0 &&
		              strcmp(kind, "Permissions") != 0))
			return fatal(
			    d, src, i, "/kind",
			    "a rules file holds RulePack or Permissions "
			    "documents",
			    kind ? kind : "(no kind)");
		rc = mcp_schema_check(schema, src, i, d);
		if (rc < 0)
			return rc;
		if (rc > 0)
			return fatal(d, src, i, "",
			             "the rule pack is invalid (see its other "
			             "findings); no rule was checked",
			             NULL);
		if (json_array_append(r->packs, doc) < 0)
			return MCP_ENOMEM;
		if (strcmp(kind, "Permissions") == 0) {
			if ((rc = take_permissions(r, doc)) < 0)
				return rc;
			continue;
		}
		pack = json_string_value(
		    json_object_get(json_object_get(doc, "metadata"), "name"));
		rules = json_object_get(json_object_get(doc, "spec"), "rules");
		for (k = 0; k < json_array_size(rules); k++)
			if ((rc = add_rule(r, json_array_get(rules, k), pack, d,
			                   src, i, k)) < 0)
				return rc;
	}
	return 0;
}

/* What the RBAC checks ask of each permission of the map, once. */
static int index_permissions(mcp_rules *r)
{
	const char *name;
	json_t *entry;
	size_t i = 0;

	if (!json_object_size(r->permissions))
		return 0;
	r->perm = calloc(json_object_size(r->permissions), sizeof(*r->perm));
	if (!r->perm)
		return MCP_ENOMEM;
	json_object_foreach(r->permissions, name, entry)
	{
		mcp_rbac_perm_init(&r->perm[i], entry);
		if (mcp_hmap_put(&r->perms, name, strlen(name), &r->perm[i],
		                 NULL) < 0)
			return MCP_ENOMEM;
		i++;
	}
	return 0;
}

const mcp_perm *mcp_rules_perm(const mcp_rules *r, const char *name)
{
	return name ? mcp_hmap_get(&r->perms, name, strlen(name)) : NULL;
}

typedef struct taker {
	mcp_rules *r;
	const mcp_schema *schema;
	size_t bundled; /* files left that mcpc ships (mcp_data_load hands
	                   them over first) */
} taker;

static int take(void *ctx, const mcp_source *src, mcp_diag *d)
{
	taker *t = ctx;

	t->r->loading_bundled = t->bundled > 0;
	if (t->bundled)
		t->bundled--;
	return take_source(t->r, src, t->schema, d);
}

/* How many data files mcpc ships under @p prefix. */
static size_t shipped(const char *prefix)
{
	const mcp_embedded *e;
	size_t n = 0;

	for (e = mcp_embedded_files; e->name; e++)
		n += strncmp(e->name, prefix, strlen(prefix)) == 0;
	return n;
}

int mcp_rules_load(mcp_rules **out, const char *const *dirs, size_t ndirs,
                   const mcp_schema *schema, const mcp_load_opts *opts,
                   mcp_diag *diag)
{
	mcp_rules *r = calloc(1, sizeof(*r));
	int rc = 0;

	*out = NULL;
	if (!r || !(r->packs = json_array()) ||
	    !(r->permissions = json_object()) ||
	    !(r->conflicts = json_array())) {
		mcp_rules_free(r);
		return MCP_ENOMEM;
	}
	mcp_hmap_init(&r->perms);
	if ((rc = add_builtins(r)) < 0) {
		mcp_rules_free(r);
		return rc;
	}
	{
		taker t = {r, schema, shipped("rules/rbac/")};
		rc =
		    mcp_data_load("rules/rbac/", NULL, 0, opts, diag, take, &t);
		t.bundled = shipped("rules/packs/");
		if (rc == 0)
			rc = mcp_data_load("rules/packs/", dirs, ndirs, opts,
			                   diag, take, &t);
	}
	if (rc < 0) {
		mcp_rules_free(r);
		return rc;
	}
	if (r->n > 1)
		qsort(r->v, r->n, sizeof(*r->v), by_id);
	if ((rc = index_permissions(r)) < 0) {
		mcp_rules_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

/* A fatal finding about the project file at pointer. */
static int project_error(mcp_diag *d, const mcp_project *p, const char *pointer,
                         const char *hint, const char *fmt, const char *a,
                         const char *b)
{
	mcp_loc loc;
	mcp_finding *f;

	mcp_project_place(p, pointer, &loc);
	f = mcp_diag_add(d, "MCP-PROJECT-001", MCP_SEV_ERROR, &loc, pointer,
	                 hint, fmt, a, b);
	if (!f)
		return MCP_ENOMEM;
	f->fatal = 1;
	return MCP_EPARSE;
}

/* The rule called id, or a fatal finding (with the closest id). */
static rule *setting_rule(mcp_rules *r, const mcp_project *p, json_t *id,
                          const char *pointer, mcp_diag *d, int *rc)
{
	const char *want = json_string_value(id), *best = NULL;
	size_t i, bd = (size_t)-1;

	for (i = 0; want && i < r->n; i++) {
		const char *have =
		    json_string_value(json_object_get(r->v[i].json, "id"));
		size_t dist =
		    mcp_edit_distance(want, strlen(want), have, strlen(have));
		if (dist == 0)
			return &r->v[i];
		if (dist < bd) {
			bd = dist;
			best = have;
		}
	}
	if (want && mcp_fixed_rules_find(want) != (size_t)-1)
		*rc = project_error(d, p, pointer, "remove it from the list",
		                    "%s is one of mcpc's own rules: no project "
		                    "turns it off or changes its severity%s",
		                    want, "");
	else if (best && bd <= 2)
		*rc = project_error(d, p, pointer, "see 'mcpc rules'",
		                    "no rule is called %s; did you mean %s?",
		                    want, best);
	else
		*rc = project_error(d, p, pointer, "see 'mcpc rules'",
		                    "no rule is called %s%s", want ? want : "",
		                    "");
	return NULL;
}

int mcp_rules_configure(mcp_rules *r, const mcp_project *p, mcp_diag *diag)
{
	json_t *rules, *list, *x;
	const char *key;
	char ptr[160];
	size_t i;
	int rc = 0, on;
	rule *ru;

	if (!p)
		return 0;
	rules = json_object_get(mcp_project_spec(p), "rules");
	for (on = 0; on < 2; on++) {
		const char *which = on ? "enable" : "disable";
		list = json_object_get(rules, which);
		for (i = 0; rc == 0 && i < json_array_size(list); i++) {
			snprintf(ptr, sizeof(ptr), "/spec/rules/%s/%zu", which,
			         i);
			if ((ru = setting_rule(r, p, json_array_get(list, i),
			                       ptr, diag, &rc)))
				ru->enabled = on;
		}
	}
	json_object_foreach(json_object_get(rules, "severity"), key, x)
	{
		json_t *id = json_string(key);
		if (rc != 0)
			break;
		if (!id)
			return MCP_ENOMEM;
		snprintf(ptr, sizeof(ptr), "/spec/rules/severity/%s", key);
		if ((ru = setting_rule(r, p, id, ptr, diag, &rc)))
			mcp_severity_parse(&ru->severity, json_string_value(x));
		json_decref(id);
	}
	if (rc == 0) {
		json_decref(r->project);
		r->project = json_incref(mcp_project_spec(p));
	}
	return rc;
}

json_t *mcp_rules_setting(const mcp_rules *r, const char *key)
{
	return json_object_get(r->project, key);
}

json_t *mcp_rules_permissions(const mcp_rules *r)
{
	return r->permissions;
}

json_t *mcp_rules_permission(const mcp_rules *r, const char *name)
{
	return r ? json_object_get(r->permissions, name) : NULL;
}

json_t *mcp_rules_duty_conflicts(const mcp_rules *r)
{
	return r->conflicts;
}

size_t mcp_rules_count(const mcp_rules *r)
{
	return r ? r->n : 0;
}

size_t mcp_rules_find(const mcp_rules *r, const char *id)
{
	size_t i;
	for (i = 0; r && i < r->n; i++)
		if (strcmp(
		        json_string_value(json_object_get(r->v[i].json, "id")),
		        id) == 0)
			return i;
	return (size_t)-1;
}

void mcp_rules_info(const mcp_rules *r, size_t i, mcp_rule_info *out)
{
	json_t *j = r->v[i].json;
#define STR(k) json_string_value(json_object_get(j, k))
	out->id = STR("id");
	out->title = STR("title");
	out->category = STR("category");
	out->description = STR("description");
	out->fix = STR("fix");
	out->docs = STR("docs");
	out->example = STR("example");
	out->standard = STR("standard");
#undef STR
	out->pack = r->v[i].pack;
	out->severity = r->v[i].severity;
	out->enabled = r->v[i].enabled;
	out->fixed = 0;
	out->waivable = 1;
	out->bundled = r->v[i].bundled;
}

/* ---- evaluation ---- */

/* Characters of a string (code points), items, or members. */
static size_t length_of(json_t *v)
{
	if (json_is_string(v))
		return mcp_utf8_count(json_string_value(v),
		                      json_string_length(v));
	return json_is_array(v) ? json_array_size(v) : json_object_size(v);
}

static int in_list(json_t *list, json_t *v)
{
	size_t i;
	for (i = 0; i < json_array_size(list); i++)
		if (json_equal(json_array_get(list, i), v))
			return 1;
	return 0;
}

/* Whether @p re matches the @p len bytes at @p s (the walk's one match
 * block serves every expression: only whether it matched counts). */
static int matches(const walk *w, pcre2_code *re, const char *s, size_t len)
{
	return pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0,
	                   (pcre2_match_data *)w->md, NULL) >= 0;
}

/* Whether the text matches yes (when given) and not no (when given). */
static int match_pair(const walk *w, pcre2_code *yes, pcre2_code *no,
                      const char *s, size_t len)
{
	int m = yes ? matches(w, yes, s, len) : 1;
	if (m && no)
		m = !matches(w, no, s, len);
	return m;
}

/* Whether pointer a is b or lies inside it. */
static int within(const char *a, const char *b)
{
	size_t lb = strlen(b);
	return strncmp(a, b, lb) == 0 && (a[lb] == '\0' || a[lb] == '/');
}

/* A value the schema already rejected (an MCP-SCHEMA finding on it or on
 * a part of it) is not judged again by the rules. The check collects the
 * pointers of those findings once, so a valid document asks nothing. */
static int rejected(const walk *w, const char *pointer)
{
	size_t i;

	for (i = 0; i < w->nschema; i++)
		if (within(w->schema[i], pointer))
			return 1;
	return 0;
}

/* A value as text, for the quantity and duration parsers. */
static int scalar_text(json_t *v, char *buf, size_t n)
{
	if (json_is_string(v)) {
		/* up to a NUL byte, as "%s" would */
		const char *s = json_string_value(v);
		size_t len = strlen(s);
		if (len >= n)
			return 0;
		memcpy(buf, s, len + 1);
		return 1;
	}
	if (json_is_integer(v) && n >= 21) {
		json_int_t x = json_integer_value(v);
		unsigned long long u = x < 0 ? 0ULL - (unsigned long long)x
		                             : (unsigned long long)x;
		char digits[24];
		size_t k = 0, i = 0;
		do
			digits[k++] = (char)('0' + u % 10);
		while ((u /= 10) != 0);
		if (x < 0)
			buf[i++] = '-';
		while (k)
			buf[i++] = digits[--k];
		buf[i] = '\0';
		return 1;
	}
	if (json_is_integer(v))
		return snprintf(buf, n, "%" JSON_INTEGER_FORMAT,
		                json_integer_value(v)) < (int)n;
	if (json_is_real(v))
		return snprintf(buf, n, "%.17g", json_real_value(v)) < (int)n;
	return 0;
}

int mcp_rule_measure(json_t *v, int duration, __int128 *out)
{
	char text[128];
	int64_t ns;

	if (!v || !scalar_text(v, text, sizeof(text)))
		return 0;
	if (duration) {
		if (mcp_duration_parse(&ns, text, NULL) != 0)
			return 0;
		*out = ns;
		return 1;
	}
	return mcp_quantity_parse(out, text, NULL) == 0;
}

/* The member of @p v that segment @p s names, as mcp_pointer_get reads
 * it: a key, or an index without leading zeros; NULL past 255 bytes. */
static json_t *seg_get(json_t *v, const pseg *s)
{
	uint64_t k;

	if (s->len > 255)
		return NULL;
	if (json_is_object(v))
		return json_object_getn(v, s->s, s->len);
	if (json_is_array(v))
		return mcp_num_index(s->s, s->len, SIZE_MAX, &k) == 0
		           ? json_array_get(v, (size_t)k)
		           : NULL;
	return NULL;
}

/* The value at @p p below @p v, every segment read literally ('*' is
 * a key), or NULL: mcp_pointer_get on a pointer split once. */
static json_t *pattern_get(json_t *v, const pattern *p)
{
	size_t i;

	for (i = 0; v && i < p->n; i++)
		v = seg_get(v, &p->seg[i]);
	return v;
}

/*
 * Where the value being judged stands: the path a walk took to it (its
 * pointer built only when a condition, a comparison or a finding asks),
 * or a precondition's pointer as written.
 */
enum { STEP_RAW, STEP_KEY, STEP_INDEX };

typedef struct step {
	const char *s; /* a pattern's segment as written, or a key */
	size_t len;
	size_t index;
	int kind;
	json_t *v; /* the value there (NULL: missing) */
} step;

typedef struct spot {
	const step *steps; /* the walk's path */
	size_t n;
	const char *text; /* or the pointer itself */
	mcp_buf *buf;     /* where the walk's pointer is built */
	int built;
} spot;

/* The value's pointer, or NULL when out of memory. Built as the walk
 * used to: a pattern's segments as written, keys escaped, indexes. */
static const char *spot_here(spot *at)
{
	size_t i;

	if (at->text)
		return at->text;
	if (!at->built) {
		mcp_buf_clear(at->buf);
		for (i = 0; i < at->n; i++) {
			const step *s = &at->steps[i];
			if (s->kind == STEP_RAW) {
				mcp_buf_putc(at->buf, '/');
				mcp_buf_put(at->buf, s->s, s->len);
			} else if (s->kind == STEP_KEY) {
				mcp_buf_put_token(at->buf, s->s, s->len);
			} else {
				mcp_buf_printf(at->buf, "/%zu", s->index);
			}
		}
		at->built = 1;
	}
	if (at->buf->oom)
		return NULL;
	return at->buf->len ? at->buf->ptr : "";
}

/* Unescape the pointer segment at @p k into @p key (at most 255 bytes,
 * as the key patterns have always read it); its length. */
static size_t unescape_key(const char *k, size_t n, char key[256])
{
	const char *end = k + n;
	size_t len = 0;

	while (k < end && len + 1 < 256) {
		if (k[0] == '~' && k + 1 < end &&
		    (k[1] == '0' || k[1] == '1')) {
			key[len++] = k[1] == '0' ? '~' : '/';
			k += 2;
		} else {
			key[len++] = *k++;
		}
	}
	key[len] = '\0';
	return len;
}

/* The value's own key: its pointer's last segment, unescaped. */
static size_t spot_key(const spot *at, char key[256])
{
	const step *s;

	if (at->text) {
		const char *slash = strrchr(at->text, '/');
		const char *k = slash ? slash + 1 : at->text;
		return unescape_key(k, strlen(k), key);
	}
	if (at->n == 0) {
		key[0] = '\0';
		return 0;
	}
	s = &at->steps[at->n - 1];
	if (s->kind == STEP_RAW)
		return unescape_key(s->s, s->len, key);
	if (s->kind == STEP_INDEX)
		return (size_t)snprintf(key, 256, "%zu", s->index);
	memcpy(key, s->s, s->len < 255 ? s->len : 255);
	key[s->len < 255 ? s->len : 255] = '\0';
	return s->len < 255 ? s->len : 255;
}

/* Whether the pointer of the walk's value @p at, with @p rest after it,
 * surely fits in @p size bytes (a key escaped at worst doubles). */
static int pointer_fits(const spot *at, const char *rest, size_t size)
{
	size_t i, n = strlen(rest) + 1;

	for (i = 0; i < at->n && n < size; i++)
		n += at->steps[i].kind == STEP_INDEX ? 21
		     : at->steps[i].kind == STEP_KEY ? 2 * at->steps[i].len + 1
		                                     : at->steps[i].len + 1;
	return n < size;
}

/*
 * The other side of a comparison: a literal, an absolute pointer
 * ("/spec/...") or a relative one ("2/limits/cpu": up two levels from the
 * value, then down), resolved in the document; NULL when absent or
 * rejected by the schema (an operand the schema rejected is not compared
 * with). *oom is set when the value's pointer could not be built.
 */
static json_t *resolve(const operand *op, const walk *w, spot *at, int *oom)
{
	char path[512];
	const char *here;
	size_t len, up;

	if (op->kind == OP_ABSOLUTE)
		return rejected(w, op->text) ? NULL
		                             : pattern_get(w->root, &op->path);
	if (op->kind != OP_RELATIVE)
		return NULL;
	if (!at->text && !w->nschema && op->up <= at->n &&
	    pointer_fits(at, op->rest, sizeof(path))) {
		/* the value up there is on the walk's path already; with no
		 * schema finding, nothing is rejected */
		json_t *base =
		    op->up == at->n ? w->root : at->steps[at->n - op->up - 1].v;
		return mcp_pointer_get(base, op->rest);
	}
	if (!(here = spot_here(at))) {
		*oom = 1;
		return NULL;
	}
	up = op->up;
	len = strlen(here);
	while (up-- > 0) {
		while (len > 0 && here[len - 1] != '/')
			len--;
		if (len == 0)
			return NULL;
		len--;
	}
	if (snprintf(path, sizeof(path), "%.*s%s", (int)len, here, op->rest) >=
	    (int)sizeof(path))
		return NULL;
	return rejected(w, path) ? NULL : mcp_pointer_get(w->root, path);
}

/* A comparison mcpc could not make: a finding, never a pass. */
#define CANNOT_COMPARE 2

/* The comparisons: 1 held, 0 not, CANNOT_COMPARE when the value or an
 * operand that is there is no quantity (duration) mcpc can measure, -1
 * out of memory. An operand that is absent, or that the schema rejected
 * (and so reported), has nothing to compare with. */
static int compare_ok(const cond *c, json_t *v, const walk *w, spot *at)
{
	__int128 a, b;
	size_t i;
	int oom = 0;

	if (!c->compare)
		return 1;
	if (!mcp_rule_measure(v, c->duration, &a))
		return CANNOT_COMPARE;
	for (i = 0; i < 4; i++) {
		const operand *op = &c->ops[i];
		int ok;
		if (op->kind == OP_NONE || op->kind == OP_NOWHERE)
			continue;
		if (op->kind == OP_LITERAL) {
			if (!op->measured)
				return CANNOT_COMPARE;
			b = op->value;
		} else {
			json_t *y = resolve(op, w, at, &oom);
			if (oom)
				return -1;
			if (!y)
				continue;
			if (!mcp_rule_measure(y, c->duration, &b))
				return CANNOT_COMPARE;
		}
		ok = i == 0 ? a < b : i == 1 ? a <= b : i == 2 ? a > b : a >= b;
		if (!ok)
			return 0;
	}
	return 1;
}

/* The first path of the condition's has (a list of "a/b" paths) that v
 * lacks, as written, or NULL. */
static const char *missing_member(const cond *c, json_t *v)
{
	size_t i;

	for (i = 0; i < c->nhas; i++)
		if (c->has_paths[i].n && !pattern_get(v, &c->has_paths[i]))
			return json_string_value(json_array_get(c->has, i));
	return NULL;
}

/* Whether the value (NULL: missing) at @p at meets the conditions;
 * CANNOT_COMPARE as compare_ok; -1 no memory. */
static int holds(const cond *c, json_t *v, const walk *w, spot *at)
{
	int m;

	if (c->present >= 0 && c->present != (v != NULL))
		return 0;
	if (!v)
		return 1;
	if (c->equals && !json_equal(c->equals, v))
		return 0;
	if (c->not_equals && json_equal(c->not_equals, v))
		return 0;
	if (c->in && !in_list(c->in, v))
		return 0;
	if (c->not_in && in_list(c->not_in, v))
		return 0;
	if (c->pat && json_is_string(v) &&
	    !matches(w, c->pat, json_string_value(v), json_string_length(v)))
		return 0;
	if (c->npat && json_is_string(v) &&
	    matches(w, c->npat, json_string_value(v), json_string_length(v)))
		return 0;
	if (c->kpat || c->nkpat) {
		char key[256];
		size_t n = spot_key(at, key);
		if (!match_pair(w, c->kpat, c->nkpat, key, n))
			return 0;
	}
	if (c->ppat || c->nppat) {
		const char *here = spot_here(at);
		if (!here)
			return -1;
		if (!match_pair(w, c->ppat, c->nppat, here, strlen(here)))
			return 0;
	}
	if (c->nhas && json_is_object(v) && missing_member(c, v))
		return 0;
	if ((json_is_string(v) || json_is_array(v) || json_is_object(v))) {
		if (c->min_len_set && length_of(v) < c->min_len)
			return 0;
		if (c->max_len_set && length_of(v) > c->max_len)
			return 0;
	}
	if (json_is_number(v)) {
		if (c->min_set && json_number_value(v) < c->min)
			return 0;
		if (c->max_set && json_number_value(v) > c->max)
			return 0;
	}
	if ((m = compare_ok(c, v, w, at)) != 1)
		return m;
	if (c->version && json_is_string(v)) {
		mcp_buf err;
		int match = 1;
		if (c->version == 2)
			return 1; /* a scheme mcpc does not know */
		mcp_buf_init(&err);
		m = mcp_version_match(&match, c->scheme, json_string_value(v),
		                      c->range, &err);
		mcp_buf_free(&err);
		if (m == MCP_ENOMEM)
			return -1;
		if (m == 0 && !match)
			return 0;
	}
	return 1;
}

/* The value at an exact pointer (no wildcards), or NULL. */
json_t *mcp_pointer_get(json_t *root, const char *pointer)
{
	json_t *v = root;
	const char *p = pointer;
	char seg[256];

	while (v && *p == '/') {
		size_t n = 0;
		p++;
		while (*p && *p != '/' && n + 1 < sizeof(seg)) {
			if (p[0] == '~' && (p[1] == '0' || p[1] == '1')) {
				seg[n++] = p[1] == '0' ? '~' : '/';
				p += 2;
				continue;
			}
			seg[n++] = *p++;
		}
		if (*p && *p != '/')
			return NULL; /* a segment too long: not a prefix of it
			              */
		seg[n] = '\0';
		if (json_is_object(v)) {
			v = json_object_get(v, seg);
		} else if (json_is_array(v)) {
			uint64_t k;
			v = mcp_num_index(seg, n, SIZE_MAX, &k) == 0
			        ? json_array_get(v, (size_t)k)
			        : NULL;
		} else {
			v = NULL;
		}
	}
	return v;
}

/*
 * Append the named group of the rule's notPattern (which matched, for the
 * finding to exist) or pattern that matched the value; 0 when neither has
 * the group set, -1 out of memory.
 */
static int capture(mcp_buf *out, const cond *c, json_t *v, const char *name)
{
	pcre2_code *res[2];
	size_t i;

	res[0] = c->npat;
	res[1] = c->pat;
	for (i = 0; i < 2 && json_is_string(v); i++) {
		pcre2_match_data *md;
		PCRE2_UCHAR *buf;
		PCRE2_SIZE len;
		int rc;
		if (!res[i])
			continue;
		md = pcre2_match_data_create_from_pattern(res[i], NULL);
		if (!md)
			return -1;
		rc = pcre2_match(res[i], (PCRE2_SPTR)json_string_value(v),
		                 json_string_length(v), 0, 0, md, NULL);
		if (rc > 0 && pcre2_substring_get_byname(md, (PCRE2_SPTR)name,
		                                         &buf, &len) == 0) {
			mcp_buf_put(out, (const char *)buf, len);
			pcre2_substring_free(buf);
			pcre2_match_data_free(md);
			return 1;
		}
		pcre2_match_data_free(md);
	}
	return 0;
}

#define NAME_CHARS                                                             \
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"

/* The message, with {value}, {path}, {pointer}, {missing} and the named
 * groups of the rule's patterns ({tag}) filled in. */
static void render(mcp_buf *out, const char *tmpl, json_t *v,
                   const char *pointer, json_t *root, const cond *c)
{
	const char *p = tmpl;
	size_t n;

	while (*p) {
		if (strncmp(p, "{value}", 7) == 0) {
			if (!v) {
				mcp_buf_puts(out, "(missing)");
			} else if (json_is_string(v)) {
				mcp_buf_put(out, json_string_value(v),
				            json_string_length(v));
			} else {
				char *t = json_dumps(v, JSON_COMPACT |
				                            JSON_ENCODE_ANY);
				if (t)
					mcp_buf_puts(out, t);
				else
					out->oom = 1;
				free(t);
			}
			p += 7;
		} else if (strncmp(p, "{path}", 6) == 0) {
			if (*pointer)
				mcp_pointer_dotted(out, pointer, root);
			else
				mcp_buf_puts(out, "(the document)");
			p += 6;
		} else if (strncmp(p, "{missing}", 9) == 0) {
			const char *m = missing_member(c, v);
			for (; m && *m; m++)
				mcp_buf_putc(out, *m == '/' ? '.' : *m);
			p += 9;
		} else if (strncmp(p, "{pointer}", 9) == 0) {
			mcp_buf_puts(out, *pointer ? pointer : "/");
			p += 9;
		} else if (*p == '{' && (n = strspn(p + 1, NAME_CHARS)) > 0 &&
		           n < 32 && p[1 + n] == '}') {
			char name[32];
			int got;
			memcpy(name, p + 1, n);
			name[n] = '\0';
			got = capture(out, c, v, name);
			if (got < 0)
				out->oom = 1;
			if (got)
				p += n + 2;
			else
				mcp_buf_putc(out, *p++);
		} else {
			mcp_buf_putc(out, *p++);
		}
	}
}

/* Where a finding at pointer stands: the node, or, for a member that is
 * missing, the key that names its nearest ancestor (the `spec:` line for
 * a part of the spec left out), as the schema places a missing required
 * property; an ancestor without a key (a list item, the document) stands
 * at its value. */
static void place(walk *w, const char *pointer, mcp_loc *loc)
{
	const mcp_srcmap *m = mcp_source_srcmap(w->src);
	mcp_loc key;
	char *prefix;
	int n;

	loc->file = mcp_source_name(w->src);
	loc->line = loc->column = 1;
	if (mcp_srcmap_lookup(m, w->doc, pointer, loc, NULL) == 0)
		return;
	n = mcp_srcmap_nearest(m, w->doc, pointer, loc);
	if (n <= 0 || (size_t)n > strlen(pointer))
		return;
	prefix = strndup(pointer, (size_t)n);
	if (prefix && mcp_srcmap_lookup(m, w->doc, prefix, NULL, &key) == 0 &&
	    key.line)
		*loc = key;
	free(prefix);
}

/* Add the current rule's finding at pointer, with the message in msg
 * (which this frees) and, unless NULL, a related place and what it is. */
static void emit(walk *w, const char *pointer, const char *related,
                 const char *what, mcp_buf *msg)
{
	mcp_finding *f = NULL;
	mcp_loc loc;

	place(w, pointer, &loc);
	if (!msg->oom)
		f = mcp_diag_add(w->d, w->r->id, w->r->severity, &loc, pointer,
		                 w->r->fix, "%s", msg->ptr);
	if (!f)
		w->oom = 1;
	if (f && related) {
		place(w, related, &loc);
		if (mcp_finding_set_related(f, &loc, what) < 0)
			w->oom = 1;
	}
	mcp_buf_free(msg);
}

static void finding(walk *w, json_t *v, spot *at)
{
	const char *pointer = spot_here(at);
	mcp_buf msg;

	if (!pointer) {
		w->oom = 1;
		return;
	}
	if (rejected(w, pointer))
		return;
	mcp_buf_init(&msg);
	render(&msg, w->r->message, v, pointer, w->root, &w->r->test);
	emit(w, pointer, NULL, NULL, &msg);
}

/* A value the rule's comparison could not measure (or whose operand it
 * could not): reported under the rule's id, since the check was not made. */
static void cannot_compare(walk *w, json_t *v, spot *at)
{
	const char *kind = w->r->test.compare;
	const char *pointer = spot_here(at);
	char text[64];

	if (!pointer) {
		w->oom = 1;
		return;
	}
	if (rejected(w, pointer))
		return;
	if (!scalar_text(v, text, sizeof(text)))
		snprintf(text, sizeof(text), "this value");
	mcp_rule_report(w, pointer,
	                "cannot compare %s (or what it is compared with) as "
	                "a %s, so this rule was not checked",
	                text, kind ? kind : "quantity");
}

/* anyway: even where the schema rejected the value */
static void vreport(walk *w, int anyway, const char *pointer,
                    const char *related, const char *what, const char *fmt,
                    va_list ap)
{
	mcp_buf msg;

	if (!anyway && rejected(w, pointer))
		return;
	mcp_buf_init(&msg);
	mcp_buf_vprintf(&msg, fmt, ap);
	emit(w, pointer, related, what, &msg);
}

void mcp_rule_report(walk *w, const char *pointer, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(w, 0, pointer, NULL, NULL, fmt, ap);
	va_end(ap);
}

void mcp_rule_report_anyway(walk *w, const char *pointer, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(w, 1, pointer, NULL, NULL, fmt, ap);
	va_end(ap);
}

void mcp_rule_report_related(walk *w, const char *pointer, const char *related,
                             const char *what, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(w, 0, pointer, related, what, fmt, ap);
	va_end(ap);
}

json_t *mcp_rule_spec(walk *w)
{
	return json_object_get(w->root, "spec");
}

/* Add the built-in checks, as rules of the pack "builtin". */
static int add_builtins(mcp_rules *r)
{
	size_t i, k;

	for (i = 0; i < mcp_builtin_count; i++) {
		const mcp_builtin *b = &mcp_builtins[i];
		json_t *j = json_pack(
		    "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:{}}", "id",
		    b->id, "title", b->title, "severity", b->severity,
		    "category", b->category, "description", b->description,
		    "fix", b->fix, "example", b->example, "match", "",
		    "message", b->title, "assert");
		rule *v;
		if (!j || json_array_append_new(r->packs, j) < 0)
			return MCP_ENOMEM;
		if (r->n == r->cap) {
			size_t cap = r->cap ? r->cap * 2 : 32;
			v = realloc(r->v, cap * sizeof(*v));
			if (!v)
				return MCP_ENOMEM;
			r->v = v;
			r->cap = cap;
		}
		v = &r->v[r->n++];
		memset(v, 0, sizeof(*v));
		v->json = j;
		v->pack = "builtin";
		v->bundled = 1;
		v->test.obj = json_object_get(j, "assert");
		v->test.present = -1;
		v->id = b->id;
		v->message = b->title;
		v->fix = b->fix;
		v->fn = b->fn;
		v->reads_all = !b->reads;
		for (k = 0; b->reads && b->reads[k]; k++)
			if (add_read(v, b->reads[k]) < 0)
				return MCP_ENOMEM;
		/* a secret is one in a Project file or a mistyped kind too */
		v->every_kind = strcmp(b->category, "secrets") == 0;
		v->severity = severity_of(j);
		if (json_object_set_new(j, "standard",
		                        json_string(b->standard)) < 0)
			return MCP_ENOMEM;
		v->enabled = !b->off;
		if (b->off &&
		    json_object_set_new(j, "enabled", json_false()) < 0)
			return MCP_ENOMEM;
	}
	return 0;
}

/* A walk of one rule's patterns over a document: the path to where it
 * stands, its pointer built from it on demand. */
typedef struct vwalk {
	walk *w;
	step *steps;
	size_t n, cap;
	mcp_buf here;
} vwalk;

/* Go one step down; 0 when out of memory. */
static int step_in(vwalk *vw, int kind, const char *s, size_t len, size_t index,
                   json_t *node)
{
	step *st;

	if (vw->n == vw->cap) {
		size_t cap = vw->cap ? 2 * vw->cap : 16;
		step *v = realloc(vw->steps, cap * sizeof(*v));
		if (!v) {
			vw->w->oom = 1;
			return 0;
		}
		vw->steps = v;
		vw->cap = cap;
	}
	st = &vw->steps[vw->n++];
	st->kind = kind;
	st->s = s;
	st->len = len;
	st->index = index;
	st->v = node;
	return 1;
}

/* Judge the value a rule's pattern reached: its preconditions on the
 * value, then its assertion. */
static void judge(vwalk *vw, json_t *v)
{
	walk *w = vw->w;
	const rule *ru = w->r;
	spot at = {vw->steps, vw->n, NULL, &vw->here, 0};
	size_t k;
	int h;

	for (k = 0; k < ru->nwhen; k++) {
		if (ru->when[k].pointer)
			continue; /* checked once, before the walk */
		h = holds(&ru->when[k], v, w, &at);
		if (h <= 0) {
			if (h < 0)
				w->oom = 1;
			return;
		}
	}
	h = holds(&ru->test, v, w, &at);
	if (h < 0)
		w->oom = 1;
	else if (!h)
		finding(w, v, &at);
	else if (h == CANNOT_COMPARE)
		cannot_compare(w, v, &at);
}

/* Walk segments i... of pattern p from value v (NULL: missing; a literal
 * segment goes on below a missing value, so that a rule can ask for it). */
static void visit(vwalk *vw, json_t *v, const pattern *p, size_t i)
{
	const pseg *s;

	if (vw->w->oom)
		return;
	if (i == p->n) {
		judge(vw, v);
		return;
	}
	s = &p->seg[i];
	if (s->wild) {
		/* '*' is one segment, any; '**' none or more: this node goes
		 * on with the rest of the pattern, each child with '**' again
		 */
		size_t next = s->wild == 2 ? i : i + 1;
		if (s->wild == 2)
			visit(vw, v, p, i + 1);
		if (json_is_object(v)) {
			const char *key;
			json_t *child;
			json_object_foreach(v, key, child)
			{
				if (!step_in(vw, STEP_KEY, key, strlen(key), 0,
				             child))
					return;
				visit(vw, child, p, next);
				vw->n--;
			}
		} else if (json_is_array(v)) {
			size_t k;
			for (k = 0; k < json_array_size(v); k++) {
				json_t *item = json_array_get(v, k);
				if (!step_in(vw, STEP_INDEX, NULL, 0, k, item))
					return;
				visit(vw, item, p, next);
				vw->n--;
			}
		}
		return;
	}
	v = v ? seg_get(v, s) : NULL;
	if (!step_in(vw, STEP_RAW, s->raw, s->rawlen, 0, v))
		return;
	visit(vw, v, p, i + 1);
	vw->n--;
}

/* Whether rule @p ru reads anything at, above or below a pointer of
 * @p changed. */
static int rule_touched(const rule *ru, const pattern *changed, size_t nchanged,
                        uint64_t heads)
{
	size_t i, k;

	if (ru->reads_all)
		return nchanged > 0;
	if (!(ru->heads & heads))
		return 0; /* no read and no change share their first two
		             segments */
	for (i = 0; i < nchanged; i++)
		for (k = 0; k < ru->nreads; k++)
			if (touches(&ru->reads[k], &changed[i]))
				return 1;
	return 0;
}

/* Whether a change at @p c can change the document's kind, which says
 * whether the rules of specs apply at all: c is the root, /kind or below
 * it (or no pointer). */
static int kind_touched(const char *c)
{
	return *c != '/' || strcmp(c, "/kind") == 0 ||
	       strncmp(c, "/kind/", 6) == 0;
}

/* The pointers of the MCP-SCHEMA findings of this document among
 * findings [w->first, w->nbefore), into w->schema; 0 or -1 no memory. */
static int schema_findings(walk *w)
{
	const char *file = mcp_source_name(w->src);
	size_t i, n = 0;

	for (i = w->first; i < w->nbefore; i++) {
		const mcp_finding *f = mcp_diag_get(w->d, i);
		if (f->pointer && f->loc.file &&
		    strcmp(f->loc.file, file) == 0 &&
		    strncmp(f->rule, "MCP-SCHEMA-", 11) == 0) {
			if (!w->schema &&
			    !(w->schema = malloc((w->nbefore - i) *
			                         sizeof(*w->schema))))
				return -1;
			w->schema[n++] = f->pointer;
		}
	}
	w->nschema = n;
	return 0;
}

int mcp_rules_check_changed(const mcp_rules *r, const mcp_source *src,
                            size_t doc, size_t first,
                            const char *const *changed, size_t nchanged,
                            mcp_diag *diag)
{
	return mcp_rules_check_remembering(r, src, doc, first, changed,
	                                   nchanged, diag, NULL);
}

int mcp_rules_check_remembering(const mcp_rules *r, const mcp_source *src,
                                size_t doc, size_t first,
                                const char *const *changed, size_t nchanged,
                                mcp_diag *diag, int *remembered)
{
	json_t *root = mcp_source_doc(src, doc);
	const char *kind = json_string_value(json_object_get(root, "kind"));
	int spec = kind && strcmp(kind, "ModelDeployment") == 0;
	pattern *split = NULL;
	uint64_t heads = 0;
	vwalk vw;
	walk w;
	size_t i, k;

	if (remembered)
		*remembered = 0;
	if (!r)
		return 0;
	memset(&w, 0, sizeof(w));
	w.rules = r;
	w.src = src;
	w.doc = doc;
	w.d = diag;
	w.first = first;
	w.nbefore = mcp_diag_count(diag);
	w.root = root;
	memset(&vw, 0, sizeof(vw));
	vw.w = &w;
	mcp_buf_init(&vw.here);
	if (schema_findings(&w) < 0 ||
	    !(w.md = pcre2_match_data_create(1, NULL)))
		w.oom = 1;
	for (i = 0; changed && i < nchanged; i++)
		if (kind_touched(changed[i]))
			changed = NULL; /* every rule may apply or not */
	if (changed && !w.oom) {
		if (!(split = calloc(nchanged + 1, sizeof(*split))))
			w.oom = 1;
		for (i = 0; i < nchanged && !w.oom; i++)
			if (pattern_parse(&split[i], changed[i]) < 0)
				w.oom = 1;
			else
				heads |= head_bit(&split[i]);
		w.changed = changed;
		w.nchanged = nchanged;
	}
	for (i = 0; i < r->n && !w.oom; i++) {
		const rule *ru = &r->v[i];
		int ok = ru->enabled && (spec || ru->every_kind);
		if (ok && changed && !rule_touched(ru, split, nchanged, heads))
			continue; /* its findings are the earlier check's */
		for (k = 0; k < ru->nwhen && ok; k++) {
			spot at = {NULL, 0, ru->when[k].pointer, NULL, 0};
			int h;
			if (!ru->when[k].pointer)
				continue; /* on the selected value: in visit */
			h = holds(&ru->when[k],
			          pattern_get(root, &ru->when[k].at), &w, &at);
			if (h < 0)
				w.oom = 1;
			ok = h > 0;
		}
		if (!ok)
			continue;
		w.r = ru;
		if (ru->fn) {
			ru->fn(&w);
			/* MCP-SEC-001's walk remembers every credential it
			 * passes, as mcp_secrets_remember(_at) would */
			if (remembered && ru->fn == mcp_check_secret_names)
				*remembered = 1;
			continue;
		}
		for (k = 0; k < ru->nmatch && !w.oom; k++) {
			vw.n = 0;
			visit(&vw, root, &ru->match[k], 0);
		}
		if (vw.here.oom)
			w.oom = 1;
	}
	for (i = 0; split && i < nchanged; i++)
		pattern_free(&split[i]);
	free(split);
	mcp_buf_free(&vw.here);
	free(vw.steps);
	free(w.schema);
	pcre2_match_data_free((pcre2_match_data *)w.md);
	return w.oom ? MCP_ENOMEM : 0;
}

int mcp_rules_check(const mcp_rules *r, const mcp_source *src, size_t doc,
                    size_t first, mcp_diag *diag)
{
	return mcp_rules_check_changed(r, src, doc, first, NULL, 0, diag);
}
