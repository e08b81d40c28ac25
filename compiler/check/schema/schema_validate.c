/*
 * schema_validate.c: instances against compiled schemas. One walker serves
 * two modes: fast (stop at the first error, no messages) and verbose
 * (every error, with its instance pointer, keyword location, message and
 * hint). Annotations for unevaluatedProperties/unevaluatedItems are
 * collected only below a node that needs them.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "check/schema/regex.h"
#include "check/schema/schema_int.h"
#include "check/schema/schema_memo.h"
#include "check/schema/schema_valid.h"
#include "support/utf8.h"

#define MAX_DEPTH 1000

/* ---- JSON equality and hashing, as JSON Schema sees numbers ---- */

static int both_numbers(const json_t *a, const json_t *b)
{
	return json_is_number(a) && json_is_number(b);
}

int mcp_json_equal(const json_t *a, const json_t *b)
{
	size_t i;
	const char *k;
	json_t *v;

	if (both_numbers(a, b)) {
		if (json_is_integer(a) && json_is_integer(b))
			return json_integer_value(a) == json_integer_value(b);
		return json_number_value(a) == json_number_value(b);
	}
	if (json_typeof(a) != json_typeof(b))
		return 0;
	switch (json_typeof(a)) {
	case JSON_STRING:
		return json_string_length(a) == json_string_length(b) &&
		       memcmp(json_string_value(a), json_string_value(b),
		              json_string_length(a)) == 0;
	case JSON_ARRAY:
		if (json_array_size(a) != json_array_size(b))
			return 0;
		for (i = 0; i < json_array_size(a); i++)
			if (!mcp_json_equal(json_array_get(a, i),
			                    json_array_get(b, i)))
				return 0;
		return 1;
	case JSON_OBJECT:
		if (json_object_size(a) != json_object_size(b))
			return 0;
		json_object_foreach((json_t *)a, k, v)
		{
			json_t *w = json_object_get(b, k);
			if (!w || !mcp_json_equal(v, w))
				return 0;
		}
		return 1;
	default:
		return 1; /* true, false, null: same type, same value */
	}
}

uint64_t mcp_json_hash(const json_t *v)
{
	uint64_t h = (uint64_t)json_typeof(v) * 0x9E3779B97F4A7C15ull;
	size_t i;
	const char *k;
	json_t *x;
	double d;

	switch (json_typeof(v)) {
	case JSON_INTEGER:
	case JSON_REAL:
		d = json_number_value(v);
		if (json_is_integer(v) || (d == floor(d) && fabs(d) < 9e18)) {
			long long n = json_is_integer(v) ? json_integer_value(v)
			                                 : (long long)d;
			return XXH3_64bits(&n, sizeof(n));
		}
		return XXH3_64bits(&d, sizeof(d));
	case JSON_STRING:
		return XXH3_64bits(json_string_value(v), json_string_length(v));
	case JSON_ARRAY:
		for (i = 0; i < json_array_size(v); i++)
			h = h * 31 + mcp_json_hash(json_array_get(v, i));
		return h;
	case JSON_OBJECT:
		json_object_foreach((json_t *)v, k, x)
		{
			/* order-free: objects are equal whatever their order */
			h += XXH3_64bits(k, strlen(k)) * 31 + mcp_json_hash(x);
		}
		return h;
	default:
		return h;
	}
}

/* ---- annotations: what was evaluated ---- */

#define EV_INLINE 16 /* keys held without allocation: most objects */

struct evald {
	const char *
	    *keys; /* a set of instance key pointers (open addressing) */
	size_t kcap, nkeys;
	size_t prefix; /* items [0, prefix) evaluated */
	int all_items;
	unsigned char *bits; /* items evaluated one by one (contains) */
	size_t nbits;
	const char *inline_keys[EV_INLINE]; /* keys, until they outgrow it */
};
typedef struct evald evald;

/* (inline_keys is left as it is: it is cleared when first used.) */
static void ev_init(evald *e)
{
	e->keys = NULL;
	e->kcap = e->nkeys = e->prefix = e->nbits = 0;
	e->all_items = 0;
	e->bits = NULL;
}

static void ev_free(evald *e)
{
	if (e->keys != e->inline_keys)
		free(e->keys);
	free(e->bits);
}

static size_t key_slot(const char *const *keys, size_t cap, const char *k)
{
	size_t i = (size_t)XXH3_64bits(&k, sizeof(k)) & (cap - 1);

	while (keys[i] && keys[i] != k)
		i = (i + 1) & (cap - 1);
	return i;
}

static int ev_has_key(const evald *e, const char *k)
{
	return e->kcap && e->keys[key_slot(e->keys, e->kcap, k)] == k;
}

static int ev_add_key(evald *e, const char *k)
{
	size_t i;

	if (!e->kcap) {
		memset(e->inline_keys, 0, sizeof(e->inline_keys));
		e->keys = e->inline_keys;
		e->kcap = EV_INLINE;
	}
	if ((e->nkeys + 1) * 2 > e->kcap) {
		size_t cap = e->kcap * 2;
		const char **keys = calloc(cap, sizeof(*keys));
		if (!keys)
			return -1;
		for (i = 0; i < e->kcap; i++)
			if (e->keys[i])
				keys[key_slot(keys, cap, e->keys[i])] =
				    e->keys[i];
		if (e->keys != e->inline_keys)
			free(e->keys);
		e->keys = keys;
		e->kcap = cap;
	}
	i = key_slot(e->keys, e->kcap, k);
	if (!e->keys[i]) {
		e->keys[i] = k;
		e->nkeys++;
	}
	return 0;
}

static int ev_set_item(evald *e, size_t i, size_t size)
{
	if (!e->bits) {
		e->bits = calloc((size + 7) / 8 + 1, 1);
		if (!e->bits)
			return -1;
		e->nbits = size;
	}
	if (i < e->nbits)
		e->bits[i / 8] |= (unsigned char)(1u << (i % 8));
	return 0;
}

static int ev_has_item(const evald *e, size_t i)
{
	if (e->all_items || i < e->prefix)
		return 1;
	return e->bits && i < e->nbits && (e->bits[i / 8] >> (i % 8)) & 1;
}

static int ev_merge(evald *dst, const evald *src)
{
	size_t i;

	for (i = 0; i < src->kcap; i++)
		if (src->keys[i] && ev_add_key(dst, src->keys[i]) < 0)
			return -1;
	if (src->prefix > dst->prefix)
		dst->prefix = src->prefix;
	dst->all_items |= src->all_items;
	for (i = 0; src->bits && i < src->nbits; i++)
		if ((src->bits[i / 8] >> (i % 8)) & 1 &&
		    ev_set_item(dst, i, src->nbits) < 0)
			return -1;
	return 0;
}

/* ---- the tables each node gets once compiled ---- */

/*
 * A property of a node's "properties", in an open-addressed table keyed by
 * a hash of the name computed inline: the lookup every key of every
 * instance object makes costs a few instructions, not a library call.
 */
typedef struct vprop {
	const char *name; /* NULL: an empty slot */
	size_t len;
	const snode *s;
	int required; /* the name is one of the node's "required" */
} vprop;

struct vtables {
	vprop *props; /* NULL when the node has no properties */
	size_t mask;  /* slots - 1, a power of two less one */
	/* "required": how many distinct names are properties, and whether
	 * any name is not, so that an object whose keys met every one needs
	 * no look-up of its own */
	size_t nreq_props;
	int req_elsewhere;
	/* "propertyNames" when it only asserts what a string may be: the node
	 * that does, for checking a key's bytes without making a value */
	const snode *names_raw;
	unsigned names_hops; /* the "$ref"s followed to it */
};

/* FNV-1a: property names are short. */
static size_t name_hash(const char *k, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)k[i]) * 16777619u;
	return h;
}

static const vprop *vt_prop(const struct vtables *t, const char *k, size_t len)
{
	size_t i = name_hash(k, len) & t->mask;

	for (; t->props[i].name; i = (i + 1) & t->mask)
		if (t->props[i].len == len &&
		    memcmp(t->props[i].name, k, len) == 0)
			return &t->props[i];
	return NULL;
}

static vprop *vt_slot(struct vtables *t, const char *k, size_t len)
{
	size_t i = name_hash(k, len) & t->mask;

	while (t->props[i].name && !(t->props[i].len == len &&
	                             memcmp(t->props[i].name, k, len) == 0))
		i = (i + 1) & t->mask;
	return &t->props[i];
}

/*
 * The node that decides whether a string is valid, when nothing but string
 * keywords (type, minLength, maxLength, pattern, format) and plain "$ref"s
 * lead to it; else NULL. Keywords of objects, arrays and numbers ignore a
 * string and are allowed.
 */
static const snode *string_only(const snode *n, unsigned *hops)
{
	for (*hops = 0; n && *hops < 16; ++*hops) {
		if (n->boolean >= 0 || n->unresolved || n->dynref ||
		    n->nall_of || n->nany_of || n->none_of || n->not_ ||
		    n->if_ || n->enum_ || n->has_const)
			return NULL;
		if (!n->ref)
			return n;
		/* a "$ref" with string keywords beside it: both apply */
		if (n->validation &&
		    (n->types || n->min_length >= 0 || n->max_length >= 0 ||
		     n->pattern || n->format_check))
			return NULL;
		n = n->ref;
	}
	return NULL;
}

static int prepare_node(snode *n)
{
	struct vtables *t;
	size_t cap = 4, i;

	while (cap < n->nprops * 2)
		cap *= 2;
	/* the table right after the header: one allocation */
	t = calloc(1, sizeof(*t) + (n->nprops ? cap * sizeof(vprop) : 0));
	if (!t)
		return MCP_ENOMEM;
	n->vt = t;
	if (n->property_names)
		t->names_raw = string_only(n->property_names, &t->names_hops);
	if (!n->nprops)
		return 0;
	t->props = (vprop *)(t + 1);
	t->mask = cap - 1;
	for (i = 0; i < n->nprops; i++) {
		vprop *p =
		    vt_slot(t, n->prop_list[i].name, n->prop_list[i].len);
		p->name = n->prop_list[i].name;
		p->len = n->prop_list[i].len;
		p->s = n->prop_list[i].s;
	}
	for (i = 0; i < json_array_size(n->required); i++) {
		const json_t *r = json_array_get(n->required, i);
		vprop *p;
		if (!json_is_string(r))
			continue;
		p = vt_slot(t, json_string_value(r), json_string_length(r));
		if (!p->name)
			t->req_elsewhere = 1;
		else if (!p->required && (p->required = 1))
			t->nreq_props++;
	}
	return 0;
}

int mcp_schema_prepare(mcp_schema *s)
{
	size_t i;

	for (i = 0; i < s->nall; i++) {
		const snode *n = s->all[i];
		if (prepare_node(s->all[i]) < 0)
			return MCP_ENOMEM;
		if (n->dynref || n->dynref_anchor || n->dynamic_anchor)
			s->dynamic = 1;
	}
	return 0;
}

void mcp_schema_unprepare(snode *n)
{
	free(n->vt);
	n->vt = NULL;
}

/* ---- the validity memo ---- */

/*
 * The fast walk's verdict on a node is a pure function of the schema node,
 * the instance node and the depth it is reached at, but for the dynamic
 * scope, which only "$dynamicRef" reads (the memo is off for a schema
 * that has one): the walk reads nothing above the instance node (no
 * parent, no root, no pointer), "via_key" and the instance path serve
 * messages only, annotations start afresh at each child (vchild passes
 * none), formats and regexes depend on the schema alone, and the depth
 * decides where MAX_DEPTH cuts the walk short, so it is part of the key.
 * The instance node is known by its address: an entry is good while the
 * node lives unchanged (docs/architecture.md says who sees to that).
 */
typedef struct memo_entry {
	const snode *n; /* NULL: an empty slot */
	const json_t *v;
	unsigned depth;
} memo_entry;

struct mcp_schema_memo {
	const mcp_schema *schema; /* what the entries were recorded with */
	memo_entry *slots;
	size_t cap, count; /* cap: a power of two, or 0 */
	size_t hits;
};

int mcp_schema_memo_new(mcp_schema_memo **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : MCP_ENOMEM;
}

/* Slots kept from one spec to the next (a spec of the realistic corpus
 * needs about 200); a larger table, left by a large spec, is freed. */
#define MEMO_KEEP 4096

void mcp_schema_memo_clear(mcp_schema_memo *m)
{
	if (!m)
		return;
	if (m->cap > MEMO_KEEP) {
		free(m->slots);
		m->slots = NULL;
		m->cap = 0;
	} else if (m->count) {
		memset(m->slots, 0, m->cap * sizeof(*m->slots));
	}
	m->count = 0;
	m->schema = NULL;
}

void mcp_schema_memo_free(mcp_schema_memo *m)
{
	if (!m)
		return;
	free(m->slots);
	free(m);
}

void mcp_schema_memo_stats(const mcp_schema_memo *m, size_t *entries,
                           size_t *hits)
{
	*entries = m ? m->count : 0;
	*hits = m ? m->hits : 0;
}

static size_t memo_slot(const memo_entry *slots, size_t cap, const snode *n,
                        const json_t *v, unsigned depth)
{
	uint64_t h = (uint64_t)(uintptr_t)n * 0x9E3779B97F4A7C15ull;
	size_t i;

	h ^= ((uint64_t)(uintptr_t)v + depth) * 0xC2B2AE3D27D4EB4Full;
	h ^= h >> 29;
	for (i = (size_t)h & (cap - 1); slots[i].n; i = (i + 1) & (cap - 1))
		if (slots[i].n == n && slots[i].v == v &&
		    slots[i].depth == depth)
			break;
	return i;
}

static int memo_has(mcp_schema_memo *m, const snode *n, const json_t *v,
                    unsigned depth)
{
	if (!m->count || !m->slots[memo_slot(m->slots, m->cap, n, v, depth)].n)
		return 0;
	m->hits++;
	return 1;
}

/* Record a valid verdict; -1 when out of memory (the memo is then only
 * less complete, never wrong). */
static int memo_add(mcp_schema_memo *m, const snode *n, const json_t *v,
                    unsigned depth)
{
	memo_entry *e;

	if ((m->count + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256, i;
		memo_entry *slots = calloc(cap, sizeof(*slots));
		if (!slots)
			return -1;
		for (i = 0; i < m->cap; i++)
			if (m->slots[i].n)
				slots[memo_slot(
				    slots, cap, m->slots[i].n, m->slots[i].v,
				    m->slots[i].depth)] = m->slots[i];
		free(m->slots);
		m->slots = slots;
		m->cap = cap;
	}
	e = &m->slots[memo_slot(m->slots, m->cap, n, v, depth)];
	if (!e->n) {
		e->n = n;
		e->v = v;
		e->depth = depth;
		m->count++;
	}
	return 0;
}

/* Let walk @p c record into @p m or answer from it, as @p mode says. */
static void memo_attach(vctx *c, mcp_schema_memo *m, mcp_memo_mode mode)
{
	if (!m || mode == MCP_MEMO_OFF || c->s->dynamic)
		return;
	if (mode == MCP_MEMO_RECORD) {
		mcp_schema_memo_clear(m);
		m->schema = c->s;
		c->memo_record = 1;
	} else if (m->schema == c->s) {
		c->memo_use = 1;
	} else {
		return; /* recorded with another schema, or not at all */
	}
	c->memo = m;
}

/* ---- the walker ---- */

int vctx_init(vctx *c, const mcp_schema *s, int verbose)
{
	memset(c, 0, sizeof(*c));
	c->s = s;
	c->verbose = verbose;
	mcp_buf_init(&c->path);
	c->md = pcre2_match_data_create(1, NULL);
	return c->md ? 0 : MCP_ENOMEM;
}

void vctx_free(vctx *c)
{
	size_t i;

	for (i = 0; i < c->nerr; i++)
		verr_free(&c->errs[i]);
	free(c->errs);
	free(c->scope);
	mcp_buf_free(&c->path);
	pcre2_match_data_free(c->md);
}

void verr_free(verr *e)
{
	free(e->ipath);
	free(e->kloc);
	free(e->msg);
	free(e->hint);
}

/* Drop errors [from, nerr). */
void vctx_truncate(vctx *c, size_t from)
{
	while (c->nerr > from)
		verr_free(&c->errs[--c->nerr]);
}

verr *vctx_add_err(vctx *c, const snode *n, const char *kw, const char *rule)
{
	verr *e;
	mcp_buf kloc;

	if (c->nerr == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		verr *errs = realloc(c->errs, cap * sizeof(*errs));
		if (!errs) {
			c->oom = 1;
			return NULL;
		}
		c->errs = errs;
		c->cap = cap;
	}
	e = &c->errs[c->nerr];
	memset(e, 0, sizeof(*e));
	mcp_buf_init(&kloc);
	mcp_buf_puts(&kloc, n->loc);
	if (kw) {
		mcp_buf_putc(&kloc, '/');
		mcp_buf_puts(&kloc, kw);
	}
	e->kloc = mcp_buf_detach(&kloc);
	e->ipath = strdup(c->path.ptr);
	e->rule = rule;
	if (!e->kloc || !e->ipath) {
		verr_free(e);
		c->oom = 1;
		return NULL;
	}
	c->nerr++;
	return e;
}

void vctx_err_msg(vctx *c, verr *e, const char *hint, const char *fmt, ...)
{
	mcp_buf b;
	va_list ap;

	if (!e)
		return;
	mcp_buf_init(&b);
	va_start(ap, fmt);
	mcp_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	e->msg = mcp_buf_detach(&b);
	e->hint = hint ? strdup(hint) : NULL;
	if (!e->msg || (hint && !e->hint))
		c->oom = 1;
}

/* Push one token of the instance path (verbose mode only). */
size_t vctx_path_push_key(vctx *c, const char *k, size_t len)
{
	size_t old = c->path.len;

	if (!c->verbose)
		return old;
	mcp_buf_put_token(&c->path, k, len);
	return old;
}

static size_t path_push_index(vctx *c, size_t i)
{
	size_t old = c->path.len;

	if (c->verbose)
		mcp_buf_printf(&c->path, "/%zu", i);
	return old;
}

void vctx_path_pop(vctx *c, size_t old)
{
	if (c->verbose)
		mcp_buf_truncate(&c->path, old);
}

/*
 * Whether @p re matches @p s. Documents are UTF-8 (the loader sees to it),
 * so after a check of our own, quick on ASCII, the JIT's entry point runs
 * without PCRE2's own check of the subject and of its arguments, which
 * on the short strings of a spec cost more than the match. Anything else
 * (no JIT, invalid UTF-8) goes the ordinary way, with the same answer.
 */
int vmatch(vctx *c, const pcre2_code *re, const char *s, size_t len)
{
	int rc;

	if (mcp_utf8_valid_prefix(s, len) == len) {
		rc = pcre2_jit_match(re, (PCRE2_SPTR)s, len, 0, 0, c->md, NULL);
		if (rc != PCRE2_ERROR_JIT_BADOPTION)
			return rc >= 0;
	}
	return pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, c->md, NULL) >= 0;
}

static unsigned type_of(const snode *n, const json_t *v)
{
	double d;

	switch (json_typeof(v)) {
	case JSON_NULL:
		return T_NULL;
	case JSON_TRUE:
	case JSON_FALSE:
		return T_BOOLEAN;
	case JSON_OBJECT:
		return T_OBJECT;
	case JSON_ARRAY:
		return T_ARRAY;
	case JSON_STRING:
		return T_STRING;
	case JSON_INTEGER:
		return T_NUMBER | T_INTEGER;
	case JSON_REAL:
		d = json_real_value(v);
		/* 1.0 is an integer since draft 6 */
		if (n->draft != MCP_DRAFT_4 && d == floor(d))
			return T_NUMBER | T_INTEGER;
		return T_NUMBER;
	}
	return 0;
}

/*
 * A child in its own place, through the memo when the walk has one: only
 * the fast walk's verdicts, and only on objects and arrays (a scalar costs
 * about what its look-up would).
 */
static int vchild(vctx *c, const snode *n, const json_t *v)
{
	int ok;

	if (!c->memo || c->verbose || n->boolean >= 0 ||
	    !(json_is_object(v) || json_is_array(v)))
		return vnode(c, n, v, NULL);
	if (c->memo_use && memo_has(c->memo, n, v, c->depth)) {
		c->via_key = NULL; /* as vnode leaves it */
		return !c->oom;
	}
	ok = vnode(c, n, v, NULL);
	if (ok && c->memo_record && memo_add(c->memo, n, v, c->depth) < 0)
		c->memo_record = 0;
	return ok;
}

/* Validate a child (an item or a property value) in its own place. */
static int vchild_key(vctx *c, const snode *n, const json_t *v, const char *k,
                      size_t klen)
{
	size_t old = vctx_path_push_key(c, k, klen);
	int ok;

	c->via_key = k;
	c->via_key_len = klen;
	ok = vchild(c, n, v);
	c->via_key = NULL;
	vctx_path_pop(c, old);
	return ok;
}

static int vchild_index(vctx *c, const snode *n, const json_t *v, size_t i)
{
	size_t old = path_push_index(c, i);
	int ok = vchild(c, n, v);

	vctx_path_pop(c, old);
	return ok;
}

/* Validate without collecting errors (for not, if, contains). */
static int silently(vctx *c, const snode *n, const json_t *v, evald *ev)
{
	int verbose = c->verbose, ok;

	c->verbose = 0;
	ok = vnode(c, n, v, ev);
	c->verbose = verbose;
	return ok;
}

static int cmp_number(const json_t *a, const json_t *b)
{
	if (json_is_integer(a) && json_is_integer(b)) {
		json_int_t x = json_integer_value(a), y = json_integer_value(b);
		return x < y ? -1 : x > y;
	} else {
		double x = json_number_value(a), y = json_number_value(b);
		return x < y ? -1 : x > y;
	}
}

static int is_multiple(const json_t *v, const json_t *m)
{
	double q;

	if (json_is_integer(v) && json_is_integer(m)) {
		json_int_t d = json_integer_value(m);
		return d == 0 || json_integer_value(v) % d == 0;
	}
	if (json_number_value(m) == 0)
		return 1;
	q = json_number_value(v) / json_number_value(m);
	if (!isfinite(q)) /* too large to divide: the remainder says it */
		return fmod(json_number_value(v), json_number_value(m)) == 0;
	return fabs(q - nearbyint(q)) <= 1e-9 * fmax(1.0, fabs(q));
}

static int v_numbers(vctx *c, const snode *n, const json_t *v)
{
	int ok = 1;

	if (n->minimum && cmp_number(v, n->minimum) < 0) {
		ok = 0;
		if (c->verbose)
			vctx_err_msg(
			    c, vctx_add_err(c, n, "minimum", RULE_SCHEMA_RANGE),
			    NULL, "%s is less than the minimum %s",
			    describe_number(v).s,
			    describe_number(n->minimum).s);
	}
	if (n->maximum && cmp_number(v, n->maximum) > 0) {
		ok = 0;
		if (c->verbose)
			vctx_err_msg(
			    c, vctx_add_err(c, n, "maximum", RULE_SCHEMA_RANGE),
			    NULL, "%s is more than the maximum %s",
			    describe_number(v).s,
			    describe_number(n->maximum).s);
	}
	if (n->ex_minimum && cmp_number(v, n->ex_minimum) <= 0) {
		ok = 0;
		if (c->verbose)
			vctx_err_msg(c,
			             vctx_add_err(c, n, "exclusiveMinimum",
			                          RULE_SCHEMA_RANGE),
			             NULL, "%s must be more than %s",
			             describe_number(v).s,
			             describe_number(n->ex_minimum).s);
	}
	if (n->ex_maximum && cmp_number(v, n->ex_maximum) >= 0) {
		ok = 0;
		if (c->verbose)
			vctx_err_msg(c,
			             vctx_add_err(c, n, "exclusiveMaximum",
			                          RULE_SCHEMA_RANGE),
			             NULL, "%s must be less than %s",
			             describe_number(v).s,
			             describe_number(n->ex_maximum).s);
	}
	if (n->multiple_of && !is_multiple(v, n->multiple_of)) {
		ok = 0;
		if (c->verbose)
			vctx_err_msg(
			    c,
			    vctx_add_err(c, n, "multipleOf", RULE_SCHEMA_RANGE),
			    NULL, "%s is not a multiple of %s",
			    describe_number(v).s,
			    describe_number(n->multiple_of).s);
	}
	return ok;
}

static int v_string(vctx *c, const snode *n, const json_t *v)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v), cps = 0;
	int ok = 1;

	if (n->min_length >= 0 || n->max_length >= 0)
		cps = mcp_utf8_count(s, len);
	if (n->min_length >= 0 && cps < (size_t)n->min_length) {
		ok = 0;
		if (c->verbose)
			vctx_err_msg(
			    c,
			    vctx_add_err(c, n, "minLength", RULE_SCHEMA_RANGE),
			    NULL, "%s is shorter than %ld character%s",
			    describe(v).s, n->min_length,
			    n->min_length == 1 ? "" : "s");
	}
	if (n->max_length >= 0 && cps > (size_t)n->max_length) {
		ok = 0;
		if (c->verbose)
			vctx_err_msg(
			    c,
			    vctx_add_err(c, n, "maxLength", RULE_SCHEMA_RANGE),
			    NULL, "%s is longer than %ld character%s",
			    describe(v).s, n->max_length,
			    n->max_length == 1 ? "" : "s");
	}
	if (n->pattern &&
	    !(n->pattern_simple
	          ? mcp_regex_simple_match(n->pattern_simple, s, len)
	          : vmatch(c, n->pattern, s, len))) {
		ok = 0;
		if (c->verbose)
			pattern_error(c, n, v);
	} else if (n->format_check && !n->format_check(s, len)) {
		/* (a value the pattern refused gets that one finding) */
		ok = 0;
		if (c->verbose)
			vctx_err_msg(
			    c,
			    vctx_add_err(c, n, "format", RULE_SCHEMA_PATTERN),
			    mcp_format_hint(n->format), "%s is not a valid %s",
			    describe(v).s, n->format);
	}
	return ok;
}

static int v_unique(vctx *c, const snode *n, const json_t *v)
{
	size_t size = json_array_size(v), i, j;
	uint64_t *h;
	int ok = 1;

	if (size < 2)
		return 1;
	h = malloc(size * sizeof(*h));
	if (!h) {
		c->oom = 1;
		return 0;
	}
	for (i = 0; i < size; i++)
		h[i] = mcp_json_hash(json_array_get(v, i));
	/* Quadratic only among equal hashes: sort pairs would cost more code
	 * than this does time on real documents. */
	for (i = 0; i < size && ok; i++)
		for (j = i + 1; j < size && ok; j++)
			if (h[i] == h[j] &&
			    mcp_json_equal(json_array_get(v, i),
			                   json_array_get(v, j))) {
				ok = 0;
				if (c->verbose)
					vctx_err_msg(
					    c,
					    vctx_add_err(c, n, "uniqueItems",
					                 RULE_SCHEMA_RANGE),
					    NULL,
					    "items %zu and %zu are equal; "
					    "items "
					    "must be unique",
					    i, j);
			}
	free(h);
	return ok;
}

static int v_enum(vctx *c, const snode *n, const json_t *v)
{
	size_t i;

	if (n->has_const && !mcp_json_equal(v, n->const_)) {
		if (c->verbose)
			const_error(c, n, v);
		return 0;
	}
	if (!n->enum_)
		return 1;
	for (i = 0; i < json_array_size(n->enum_); i++)
		if (mcp_json_equal(v, json_array_get(n->enum_, i)))
			return 1;
	if (c->verbose)
		enum_error(c, n, v);
	return 0;
}

/* Keywords of the validation vocabulary. */
static int v_assertions(vctx *c, const snode *n, const json_t *v)
{
	char w[64];
	unsigned t = type_of(n, v);
	int ok = 1;

	if (n->types && !(n->types & t)) {
		if (c->verbose)
			type_error(c, n, v, n->types);
		return 0; /* the rest would only repeat it */
	}
	if (!v_enum(c, n, v)) {
		ok = 0;
		if (!c->verbose)
			return 0;
	}
	if (t & T_NUMBER)
		ok &= v_numbers(c, n, v);
	else if (t & T_STRING)
		ok &= v_string(c, n, v);
	else if (t & T_ARRAY) {
		size_t size = json_array_size(v);
		if (n->min_items >= 0 && size < (size_t)n->min_items) {
			ok = 0;
			if (c->verbose)
				vctx_err_msg(c,
				             vctx_add_err(c, n, "minItems",
				                          RULE_SCHEMA_RANGE),
				             NULL, "%s, at least %ld required",
				             plural(size, "item", w, sizeof(w)),
				             n->min_items);
		}
		if (n->max_items >= 0 && size > (size_t)n->max_items) {
			ok = 0;
			if (c->verbose)
				vctx_err_msg(c,
				             vctx_add_err(c, n, "maxItems",
				                          RULE_SCHEMA_RANGE),
				             NULL, "%s, at most %ld allowed",
				             plural(size, "item", w, sizeof(w)),
				             n->max_items);
		}
		if (n->unique_items && (ok || c->verbose))
			ok &= v_unique(c, n, v);
	} else if (t & T_OBJECT) {
		ok &= v_object_counts(c, n, v);
	}
	return ok;
}

static int any_of(vctx *c, const snode *n, snode *const *list, size_t count,
                  const json_t *v, evald *ev, int one)
{
	size_t base = c->nerr, i, valid = 0, first = 0;
	branch *b = NULL;
	int ok;

	if (c->verbose) {
		b = calloc(count, sizeof(*b));
		if (!b) {
			c->oom = 1;
			return 0;
		}
	}
	for (i = 0; i < count; i++) {
		evald local;
		int r;
		ev_init(&local);
		if (b)
			b[i].from = c->nerr;
		r = vnode(c, list[i], v, ev ? &local : NULL);
		if (b) {
			b[i].to = c->nerr;
			b[i].ok = r;
		}
		if (r) {
			if (!valid)
				first = i;
			valid++;
			if (ev && ev_merge(ev, &local) < 0)
				c->oom = 1;
		}
		ev_free(&local);
		/* anyOf may stop at the first match unless annotations count */
		if (r && !one && !ev && !c->verbose)
			break;
		if (one && valid > 1 && !c->verbose)
			break;
	}
	ok = one ? valid == 1 : valid > 0;
	if (c->verbose)
		combine_errors(c, n, v, one ? "oneOf" : "anyOf", b, count, base,
		               valid, first);
	free(b);
	return ok;
}

static int v_applicators(vctx *c, const snode *n, const json_t *v, evald *ev)
{
	size_t i;
	int ok = 1;

	for (i = 0; i < n->nall_of; i++) {
		ok &= vnode(c, n->all_of[i], v, ev);
		if (!ok && !c->verbose)
			return 0;
	}
	if (n->nany_of)
		ok &= any_of(c, n, n->any_of, n->nany_of, v, ev, 0);
	if (n->none_of && (ok || c->verbose))
		ok &= any_of(c, n, n->one_of, n->none_of, v, ev, 1);
	if (n->not_ && (ok || c->verbose) && silently(c, n->not_, v, NULL)) {
		ok = 0;
		if (c->verbose)
			vctx_err_msg(
			    c, vctx_add_err(c, n, "not", RULE_SCHEMA_COMBINE),
			    NULL, "%s matches a schema it must not match",
			    describe(v).s);
	}
	if (n->if_ && (ok || c->verbose)) {
		evald local;
		ev_init(&local);
		if (silently(c, n->if_, v, ev ? &local : NULL)) {
			if (ev && ev_merge(ev, &local) < 0)
				c->oom = 1;
			if (n->then_)
				ok &= vnode(c, n->then_, v, ev);
		} else if (n->else_) {
			ok &= vnode(c, n->else_, v, ev);
		}
		ev_free(&local);
	}
	return ok;
}

/* Whether the bytes of a key meet @p n, a node string_only found. */
static int raw_string_ok(vctx *c, const snode *n, const char *k, size_t klen)
{
	size_t cps;

	if (!n->validation)
		return 1;
	if (n->types && !(n->types & T_STRING))
		return 0;
	if (n->min_length >= 0 || n->max_length >= 0) {
		cps = mcp_utf8_count(k, klen);
		if (n->min_length >= 0 && cps < (size_t)n->min_length)
			return 0;
		if (n->max_length >= 0 && cps > (size_t)n->max_length)
			return 0;
	}
	if (n->pattern && !(n->pattern_simple ? mcp_regex_simple_match(
	                                            n->pattern_simple, k, klen)
	                                      : vmatch(c, n->pattern, k, klen)))
		return 0;
	return !n->format_check || n->format_check(k, klen);
}

/* "propertyNames" on one key: a key that a string-only schema accepts
 * needs no value made of it (the common case); any other goes through
 * vnode, which reports what is wrong at the key. */
static int v_name(vctx *c, const snode *n, const char *k, size_t klen)
{
	const struct vtables *t = n->vt;
	json_t *name;
	size_t old, from;
	int r;

	if (t && t->names_raw && c->depth + t->names_hops < MAX_DEPTH &&
	    raw_string_ok(c, t->names_raw, k, klen))
		return 1;
	name = json_stringn_nocheck(k, klen);
	old = vctx_path_push_key(c, k, klen);
	from = c->nerr;
	r = name ? vnode(c, n->property_names, name, NULL) : 0;
	mark_key_errors(c, from);
	vctx_path_pop(c, old);
	json_decref(name);
	return r;
}

static int v_object(vctx *c, const snode *n, const json_t *v, evald *ev)
{
	const struct vtables *t = n->vt;
	void *it;
	size_t i, nreq = 0;
	int ok = 1;

	for (it = json_object_iter((json_t *)v); it;
	     it = json_object_iter_next((json_t *)v, it)) {
		const char *k = json_object_iter_key(it);
		size_t klen = json_object_iter_key_len(it);
		const json_t *val = json_object_iter_value(it);
		int matched = 0;
		const snode *p = NULL;
		if (t && t->props) {
			const vprop *vp = vt_prop(t, k, klen);
			if (vp) {
				p = vp->s;
				nreq += (size_t)vp->required;
			}
		} else if (!t && n->nprops) {
			p = mcp_hmap_get(&n->props, k, klen);
		}
		if (p) {
			matched = 1;
			ok &= vchild_key(c, p, val, k, klen);
		}
		for (i = 0; i < n->npattern_props; i++) {
			if (!vmatch(c, n->pattern_props[i].re, k, klen))
				continue;
			matched = 1;
			ok &=
			    vchild_key(c, n->pattern_props[i].s, val, k, klen);
		}
		if (!matched && n->additional_props) {
			matched = 1;
			if (n->additional_props->boolean == 0) {
				ok = 0;
				if (c->verbose)
					unknown_property(c, n,
					                 "additionalProperties",
					                 k, klen);
			} else {
				ok &= vchild_key(c, n->additional_props, val, k,
				                 klen);
			}
		}
		if (matched && ev && ev_add_key(ev, k) < 0)
			c->oom = 1;
		if (n->property_names)
			ok &= v_name(c, n, k, klen);
		if (!ok && !c->verbose)
			return 0;
	}
	/* Keys are unique: when they met every required name that is a
	 * property, and every one is, nothing is missing. */
	if (n->validation)
		ok &= v_required(c, n, v,
		                 t && t->props && !t->req_elsewhere &&
		                     nreq == t->nreq_props);
	for (i = 0; i < n->ndep_schemas && (ok || c->verbose); i++)
		if (json_object_getn(v, n->dep_schemas[i].name,
		                     n->dep_schemas[i].len))
			ok &= vnode(c, n->dep_schemas[i].s, v, ev);
	return ok;
}

static int v_array(vctx *c, const snode *n, const json_t *v, evald *ev)
{
	char w[64];
	size_t size = json_array_size(v), i, matches = 0;
	int ok = 1;

	for (i = 0; i < size && i < n->nprefix_items; i++) {
		ok &= vchild_index(c, n->prefix_items[i], json_array_get(v, i),
		                   i);
		if (!ok && !c->verbose)
			return 0;
	}
	if (ev && n->nprefix_items) {
		size_t done = size < n->nprefix_items ? size : n->nprefix_items;
		if (done > ev->prefix)
			ev->prefix = done;
	}
	if (n->items) {
		if (n->items->boolean == 0 && size > n->nprefix_items) {
			ok = 0;
			if (c->verbose)
				vctx_err_msg(c,
				             vctx_add_err(c, n, "items",
				                          RULE_SCHEMA_RANGE),
				             NULL, "%s, at most %zu allowed",
				             plural(size, "item", w, sizeof(w)),
				             n->nprefix_items);
		} else {
			for (; i < size; i++) {
				ok &= vchild_index(c, n->items,
				                   json_array_get(v, i), i);
				if (!ok && !c->verbose)
					return 0;
			}
		}
		if (ev)
			ev->all_items = 1;
	}
	if (n->contains) {
		long min = n->min_contains >= 0 ? n->min_contains : 1;
		for (i = 0; i < size; i++) {
			if (!silently(c, n->contains, json_array_get(v, i),
			              NULL))
				continue;
			matches++;
			if (ev && ev_set_item(ev, i, size) < 0)
				c->oom = 1;
		}
		if (n->validation && (long)matches < min) {
			ok = 0;
			if (c->verbose && matches == 0)
				vctx_err_msg(
				    c,
				    vctx_add_err(c, n, "contains",
				                 RULE_SCHEMA_RANGE),
				    NULL,
				    "no item matches the required schema");
			else if (c->verbose)
				vctx_err_msg(
				    c,
				    vctx_add_err(c, n, "minContains",
				                 RULE_SCHEMA_RANGE),
				    NULL,
				    "%zu items match the required schema, at "
				    "least %ld required",
				    matches, min);
		}
		if (n->validation && n->max_contains >= 0 &&
		    (long)matches > n->max_contains) {
			ok = 0;
			if (c->verbose)
				vctx_err_msg(
				    c,
				    vctx_add_err(c, n, "maxContains",
				                 RULE_SCHEMA_RANGE),
				    NULL, "%s match, at most %ld allowed",
				    plural(matches, "item", w, sizeof(w)),
				    n->max_contains);
		}
	}
	return ok;
}

static int v_unevaluated(vctx *c, const snode *n, const json_t *v, evald *e)
{
	size_t i;
	int ok = 1;

	if (n->unevaluated_props && json_is_object(v)) {
		void *it;
		for (it = json_object_iter((json_t *)v); it;
		     it = json_object_iter_next((json_t *)v, it)) {
			const char *k = json_object_iter_key(it);
			size_t klen = json_object_iter_key_len(it);
			if (ev_has_key(e, k))
				continue;
			if (n->unevaluated_props->boolean == 0) {
				ok = 0;
				if (c->verbose)
					unknown_property(
					    c, n, "unevaluatedProperties", k,
					    klen);
			} else {
				ok &= vchild_key(c, n->unevaluated_props,
				                 json_object_iter_value(it), k,
				                 klen);
			}
			if (ev_add_key(e, k) < 0)
				c->oom = 1;
			if (!ok && !c->verbose)
				return 0;
		}
	}
	if (n->unevaluated_items && json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			if (ev_has_item(e, i))
				continue;
			if (n->unevaluated_items->boolean == 0) {
				ok = 0;
				if (c->verbose)
					vctx_err_msg(
					    c,
					    vctx_add_err(c, n,
					                 "unevaluatedItems",
					                 RULE_SCHEMA_RANGE),
					    NULL,
					    "item %zu is not allowed here", i);
			} else {
				ok &= vchild_index(c, n->unevaluated_items,
				                   json_array_get(v, i), i);
			}
			if (!ok && !c->verbose)
				return 0;
		}
		e->all_items = 1;
	}
	return ok;
}

/* A "false" schema: a property that must not be there, or any value. */
static void false_error(vctx *c, const snode *n)
{
	verr *e = vctx_add_err(c, n, NULL, RULE_SCHEMA_UNKNOWN);

	if (e && c->via_key) {
		e->at_key = 1;
		vctx_err_msg(c, e, NULL, "property '%.*s' is not allowed here",
		             (int)(c->via_key_len > 200 ? 200 : c->via_key_len),
		             c->via_key);
	} else {
		vctx_err_msg(c, e, NULL, "no value is allowed here");
	}
}

/* $dynamicRef: the outermost resource in scope with that dynamic anchor. */
static const snode *dynamic_target(const vctx *c, const snode *n)
{
	size_t i;

	if (!n->dynref_anchor)
		return n->dynref;
	for (i = 0; i < c->nscope; i++) {
		const snode *d =
		    mcp_hmap_get(&c->scope[i]->dynamic, n->dynref_anchor,
		                 strlen(n->dynref_anchor));
		if (d)
			return d;
	}
	return n->dynref;
}

static int push_scope(vctx *c, const resource *r)
{
	if (c->nscope && c->scope[c->nscope - 1] == r)
		return 0;
	if (c->nscope == c->scap) {
		size_t cap = c->scap ? c->scap * 2 : 16;
		const resource **s = realloc(c->scope, cap * sizeof(*s));
		if (!s) {
			c->oom = 1;
			return 0;
		}
		c->scope = s;
		c->scap = cap;
	}
	c->scope[c->nscope++] = r;
	return 1;
}

int vnode(vctx *c, const snode *n, const json_t *v, evald *ev)
{
	evald local, *e = ev;
	int ok = 1, pushed;

	if (n->boolean >= 0) {
		if (!n->boolean && c->verbose)
			false_error(c, n);
		c->via_key = NULL;
		return n->boolean;
	}
	c->via_key = NULL;
	if (c->depth >= MAX_DEPTH || c->oom) {
		if (c->verbose && !c->too_deep)
			vctx_err_msg(
			    c, vctx_add_err(c, n, NULL, RULE_SCHEMA_COMBINE),
			    NULL,
			    "the schema nests deeper than %d levels here (a "
			    "reference loop?)",
			    MAX_DEPTH);
		c->too_deep = 1;
		return 0;
	}
	c->depth++;
	pushed = push_scope(c, n->res);
	if (n->unevaluated_props || n->unevaluated_items) {
		ev_init(&local);
		e = &local;
	}
	if (n->unresolved) {
		ok = 0;
		if (c->verbose)
			vctx_err_msg(
			    c, vctx_add_err(c, n, "$ref", RULE_SCHEMA_COMBINE),
			    NULL,
			    "the schema's reference '%s' cannot be "
			    "resolved",
			    n->unresolved);
	}
	if (n->ref)
		ok &= vnode(c, n->ref, v, e);
	if (n->ref_only || (!ok && !c->verbose))
		goto done;
	if (n->dynref)
		ok &= vnode(c, dynamic_target(c, n), v, e);
	if (n->validation && (ok || c->verbose))
		ok &= v_assertions(c, n, v);
	if (ok || c->verbose)
		ok &= v_applicators(c, n, v, e);
	if ((ok || c->verbose) && json_is_object(v))
		ok &= v_object(c, n, v, e);
	if ((ok || c->verbose) && json_is_array(v))
		ok &= v_array(c, n, v, e);
	if ((ok || c->verbose) && e != ev)
		ok &= v_unevaluated(c, n, v, e);
done:
	if (e != ev) {
		if (ok && ev && ev_merge(ev, e) < 0)
			c->oom = 1;
		ev_free(&local);
	}
	if (pushed)
		c->nscope--;
	c->depth--;
	return ok && !c->oom;
}

int mcp_schema_valid(const mcp_schema *s, const json_t *instance)
{
	return mcp_schema_valid_memo(s, NULL, MCP_MEMO_OFF, instance);
}

int mcp_schema_valid_memo(const mcp_schema *s, mcp_schema_memo *m,
                          mcp_memo_mode mode, const json_t *instance)
{
	vctx c;
	int ok;

	if (vctx_init(&c, s, 0) < 0) {
		vctx_free(&c);
		return MCP_ENOMEM;
	}
	memo_attach(&c, m, mode);
	ok = vnode(&c, s->root, instance, NULL);
	if (c.oom)
		ok = MCP_ENOMEM;
	vctx_free(&c);
	return ok;
}
