/*
 * waivers.c: waivers (waivers.h), from a spec's annotations and from a
 * waivers file. Both forms go through one judge: a waiver names a rule
 * that exists and may be waived, gives a reason, and expires no later
 * than the horizon; one that fails is itself an error and waives nothing.
 * An expired waiver is an error too; one that matches nothing is a
 * warning, so stale waivers get cleaned up.
 */
#include <fnmatch.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check/schema/schema_int.h"
#include "mcpc/mcpc.h"
#include "mcpc/waivers.h"

#define PREFIX          "mcpc.io/waive."
#define RULE_MALFORMED  "MCP-WAIVER-001"
#define RULE_UNUSED     "MCP-WAIVER-002"
#define RULE_HORIZON    "MCP-WAIVER-003"
#define RULE_STRUCTURAL "MCP-WAIVER-004"
#define RULE_UNKNOWN    "MCP-WAIVER-005"
#define RULE_EXPIRED    "MCP-WAIVER-EXPIRED"

/* The findings no waiver accepts: each says that mcpc could not check
 * (all of) what it was asked to, and waiving it would let an unchecked
 * value pass (a rule skips a value the schema rejected). An id ending in
 * '-' is a family. docs/waivers.md lists them. */
static const struct {
	const char *id, *why;
} structural[] = {
    {"MCP-YAML-", "the file does not read the same to every tool"},
    {"MCP-SCHEMA-", "the spec could not be checked"},
    {"MCP-IO-", "a file could not be read or written"},
    {"MCP-GIT-", "a file in the repository could not be checked"},
    {"MCP-DEPS-", "a dependency manifest could not be checked"},
    {"MCP-BUILD-", "the manifests could not be built"},
    {"MCP-PROJECT-", "the project's settings could not be used"},
    {"MCP-RULES-", "a rule pack could not be used"},
    {"MCP-COMPAT-000", "the compatibility matrix could not be used"},
    {"MCP-COMPAT-001", "the matrix does not know the release, so its needs "
                       "were not checked (add its row with --matrix)"},
    {"MCP-WAIVER-", "a waiver could not be used"},
};

/* The entry of structural[] that rule falls under, or -1. */
static int structural_entry(const char *rule)
{
	size_t i;

	for (i = 0; i < sizeof(structural) / sizeof(structural[0]); i++) {
		const char *id = structural[i].id;
		size_t n = strlen(id);
		if (id[n - 1] == '-' ? strncmp(rule, id, n) == 0
		                     : strcmp(rule, id) == 0)
			return (int)i;
	}
	return -1;
}

int mcp_waiver_rule_waivable(const char *rule)
{
	return rule && structural_entry(rule) < 0;
}

/* Whether a waiver may accept finding f at all. */
static int waivable(const mcp_finding *f)
{
	return !f->fatal && mcp_waiver_rule_waivable(f->rule);
}

/* Days from 1970-01-01 to a proleptic Gregorian date, and back (after
 * Howard Hinnant's days_from_civil): no time zone, no time_t range. */
static long days_from_civil(long y, long m, long d)
{
	long era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

int mcp_waiver_policy_init(mcp_waiver_policy *p, const char *today,
                           int max_days, const mcp_rules *rules)
{
	long y, m, d;

	if (!today || !mcp_date_valid(today, strlen(today)) || max_days < 0)
		return -1;
	memset(p, 0, sizeof(*p));
	memcpy(p->today, today, 10);
	p->max_days = max_days ? max_days : MCP_WAIVER_MAX_DAYS;
	p->rules = rules;
	civil_from_days(
	    days_from_civil(atol(today), atol(today + 5), atol(today + 8)) +
	        p->max_days,
	    &y, &m, &d);
	if (y > 9999) /* the dates a waiver can write end there */
		memcpy(p->latest, "9999-12-31", 11);
	else
		snprintf(p->latest, sizeof(p->latest), "%04d-%02d-%02d", (int)y,
		         (int)m, (int)d);
	return 0;
}

/* One entry of a waivers file. */
typedef struct entry {
	char *rule, *file, *pointer, *why; /* why: "REASON (until DATE)" */
	mcp_loc loc;                       /* the entry, for MCP-WAIVER-002 */
	char *ptr;                         /* its pointer in the file */
	int usable;                        /* it passed the judge */
} entry;

struct mcp_waivers {
	entry *v;
	size_t n;
};

void mcp_waivers_free(mcp_waivers *w)
{
	size_t i;
	if (!w)
		return;
	for (i = 0; i < w->n; i++) {
		free(w->v[i].rule);
		free(w->v[i].file);
		free(w->v[i].pointer);
		free(w->v[i].why);
		free(w->v[i].ptr);
	}
	free(w->v);
	free(w);
}

void mcp_waivers_today(char out[11])
{
	const char *env = getenv("MCPC_TODAY");
	time_t now;
	struct tm tm;

	if (env && mcp_date_valid(env, strlen(env))) {
		memcpy(out, env, 10);
		out[10] = '\0';
		return;
	}
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/* Whether code point c says nothing: a space, punctuation or an invisible
 * mark (Latin-1's, General Punctuation, CJK punctuation, variation
 * selectors, the byte-order mark). Other code points beyond ASCII count as
 * letters: a reason may be written in any script. */
static int blank_cp(unsigned long c)
{
	return (c >= 0x80 && c <= 0xBF) || (c >= 0x2000 && c <= 0x206F) ||
	       (c >= 0x3000 && c <= 0x3003) || (c >= 0xFE00 && c <= 0xFE0F) ||
	       c == 0x1680 || c == 0xFEFF;
}

/* Whether a reason says something: it holds a letter or a digit. The
 * loader has made sure the text is UTF-8. */
static int has_content(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char b = (unsigned char)s[i];
		unsigned long c;
		size_t len, k;
		if (b < 0x80) {
			if ((b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') ||
			    (b >= 'A' && b <= 'Z'))
				return 1;
			i++;
			continue;
		}
		len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
		c = b & (0x7F >> len);
		for (k = 1; k < len && i + k < n; k++)
			c = (c << 6) | ((unsigned char)s[i + k] & 0x3F);
		if (!blank_cp(c))
			return 1;
		i += len;
	}
	return 0;
}

/* A waiver as written, in either form. */
typedef struct waiver {
	const char *rule; /* "" when the annotation names none */
	const char *file; /* a waivers-file entry's glob; NULL: an annotation */
	const char *reason; /* NULL: none */
	size_t rlen;
	const char *date; /* YYYY-MM-DD as written, or NULL */
	size_t dlen;
	const char *shown; /* the annotation's date part, for its message */
	size_t slen;
} waiver;

/* Where a waiver is at fault. */
typedef enum fault { AT_RULE, AT_REASON, AT_DATE } fault;

/* The closest id to @p want of the rules a waiver may name (an edit
 * distance of 2 or less, case aside), or NULL. */
static const char *closest(const mcp_waiver_policy *p, const char *want)
{
	const char *const *compat;
	const char *best = NULL;
	char up[64];
	size_t i, n = mcp_compat_rule_ids(&compat), bd = 3, len = strlen(want);

	if (len >= sizeof(up))
		return NULL;
	for (i = 0; i <= len; i++)
		up[i] = want[i] >= 'a' && want[i] <= 'z'
		            ? (char)(want[i] - 'a' + 'A')
		            : want[i];
	for (i = 0; i < n + mcp_rules_count(p->rules); i++) {
		mcp_rule_info info;
		const char *have;
		size_t dist;
		if (i < n) {
			have = compat[i];
		} else {
			mcp_rules_info(p->rules, i - n, &info);
			have = info.id;
		}
		dist = mcp_edit_distance(up, len, have, strlen(have));
		if (dist < bd) {
			bd = dist;
			best = have;
		}
	}
	return best;
}

/* Whether a waiver may name @p rule: a rule of the packs, or a check of
 * the compatibility matrix. */
static int known(const mcp_waiver_policy *p, const char *rule)
{
	const char *const *compat;
	size_t i, n = mcp_compat_rule_ids(&compat);

	for (i = 0; i < n; i++)
		if (strcmp(compat[i], rule) == 0)
			return 1;
	return p->rules && mcp_rules_find(p->rules, rule) != (size_t)-1;
}

/*
 * Hold a waiver, of either form, to the policy: NULL when it holds, else
 * the rule id of the finding that says why not, its message in @p msg, its
 * hint in @p hint and where the fault is in @p at. One judge, so that the
 * two forms cannot drift apart.
 */
static const char *judge(const mcp_waiver_policy *p, const waiver *w,
                         mcp_buf *msg, mcp_buf *hint, fault *at)
{
	const char *rule = w->rule, *near;
	int s;

	mcp_buf_clear(msg);
	mcp_buf_clear(hint);
	*at = AT_RULE;
	if (!*rule) {
		mcp_buf_puts(msg, "the waiver names no rule: write the rule id "
		                  "after " PREFIX);
		mcp_buf_puts(hint, "for example " PREFIX "MCP-IMG-001");
		return RULE_MALFORMED;
	}
	if ((s = structural_entry(rule)) >= 0) {
		const char *id = structural[s].id;
		size_t n = strlen(id);
		mcp_buf_printf(
		    msg,
		    "the waiver of %s cannot hold: %s%s findings say "
		    "%s, so none is ever waived",
		    rule, id, id[n - 1] == '-' ? "*" : "", structural[s].why);
		mcp_buf_puts(hint, "fix what the finding says, and remove the "
		                   "waiver");
		return RULE_STRUCTURAL;
	}
	if (!known(p, rule)) {
		near = closest(p, rule);
		mcp_buf_printf(
		    msg, "the waiver names %s, which no rule is called", rule);
		if (near)
			mcp_buf_printf(msg, "; did you mean %s?", near);
		mcp_buf_puts(hint, "'mcpc rules' lists the rules; MCP-COMPAT-* "
		                   "are in docs/compat.md");
		return RULE_UNKNOWN;
	}
	*at = AT_REASON;
	if (!w->reason || !w->rlen) {
		mcp_buf_printf(msg,
		               w->file
		                   ? "the waiver of %s needs a reason"
		                   : "the waiver of %s needs a reason and an "
		                     "expiry date: \"REASON; "
		                     "expires=YYYY-MM-DD\"",
		               rule);
		mcp_buf_puts(hint, w->file ? "say why the finding is accepted "
		                             "for now"
		                           : "write the reason, then '; "
		                             "expires=2027-01-31'");
		return RULE_MALFORMED;
	}
	if (!has_content(w->reason, w->rlen)) {
		mcp_buf_printf(msg,
		               "the waiver of %s needs a reason: '%.*s' has no "
		               "letter or digit",
		               rule, (int)w->rlen, w->reason);
		mcp_buf_puts(hint, "say why the finding is accepted for now (a "
		                   "ticket, a plan)");
		return RULE_MALFORMED;
	}
	*at = AT_DATE;
	if (!w->date || !mcp_date_valid(w->date, w->dlen)) {
		if (w->file)
			mcp_buf_printf(
			    msg, "the waiver of %s has no valid expiry date",
			    rule);
		else
			mcp_buf_printf(msg,
			               "the waiver of %s has no valid expiry "
			               "date ('%.*s'): it must end with "
			               "'; expires=YYYY-MM-DD'",
			               rule, (int)w->slen, w->shown);
		mcp_buf_puts(hint, w->file ? "give a real date: YYYY-MM-DD"
		                           : "write the reason, then '; "
		                             "expires=2027-01-31'");
		return RULE_MALFORMED;
	}
	if (strncmp(w->date, p->today, 10) < 0) {
		mcp_buf_printf(msg,
		               "the waiver of %s%s%s expired on %.10s (%.*s); "
		               "its findings count again",
		               rule, w->file ? " for " : "",
		               w->file ? w->file : "", w->date, (int)w->rlen,
		               w->reason);
		mcp_buf_puts(hint, "fix what it waived, or renew it with a new "
		                   "date and a reason");
		return RULE_EXPIRED;
	}
	if (strncmp(w->date, p->latest, 10) > 0) {
		mcp_buf_printf(
		    msg,
		    "the waiver of %s expires on %.10s, more than %d "
		    "days after today (%s): it waives nothing",
		    rule, w->date, p->max_days, p->today);
		mcp_buf_printf(
		    hint,
		    "give a date on or before %s, and renew it then; "
		    "a project sets the horizon (spec.waiverMaxDays)",
		    p->latest);
		return RULE_HORIZON;
	}
	return NULL;
}

static int add(mcp_diag *d, const mcp_source *src, size_t doc, const char *rule,
               mcp_severity sev, const char *pointer, const char *hint,
               const char *msg)
{
	mcp_loc loc = {mcp_source_name(src), 1, 1};

	if (mcp_srcmap_lookup(mcp_source_srcmap(src), doc, pointer, &loc,
	                      NULL) < 0)
		mcp_srcmap_nearest(mcp_source_srcmap(src), doc, pointer, &loc);
	return mcp_diag_add(d, rule, sev, &loc, pointer, hint, "%s", msg)
	           ? 0
	           : MCP_ENOMEM;
}

/* Whether finding f falls under entry e. */
static int covers(const entry *e, const mcp_finding *f)
{
	size_t lp;

	if (!e->usable || strcmp(f->rule, e->rule) != 0 || !waivable(f) ||
	    !f->loc.file || fnmatch(e->file, f->loc.file, FNM_PATHNAME) != 0)
		return 0;
	if (!e->pointer)
		return 1;
	lp = strlen(e->pointer);
	return f->pointer && strncmp(f->pointer, e->pointer, lp) == 0 &&
	       (f->pointer[lp] == '\0' || f->pointer[lp] == '/');
}

static int apply_file(const mcp_waivers *w, size_t *hits, mcp_diag *d,
                      size_t first, size_t last)
{
	size_t i, k;

	for (k = 0; w && k < w->n; k++)
		for (i = first; i < last; i++) {
			const mcp_finding *f = mcp_diag_get(d, i);
			if (f->waiver || !covers(&w->v[k], f))
				continue;
			if (mcp_diag_waive(d, i, w->v[k].why) < 0)
				return MCP_ENOMEM;
			if (hits)
				hits[k]++;
		}
	return 0;
}

/* An annotation's value, "REASON; expires=DATE", taken apart: the last
 * ';' ends the reason. */
static void parse_annotation(waiver *w, const char *v)
{
	const char *semi = v ? strrchr(v, ';') : NULL, *date;
	size_t dlen;

	w->reason = NULL;
	w->rlen = 0;
	w->date = NULL;
	w->dlen = 0;
	w->shown = "";
	w->slen = 0;
	if (!semi)
		return;
	w->reason = v;
	w->rlen = (size_t)(semi - v);
	trim(&w->reason, &w->rlen);
	date = semi + 1;
	dlen = strlen(date);
	trim(&date, &dlen);
	w->shown = date;
	w->slen = dlen;
	if (dlen >= 8 && strncmp(date, "expires=", 8) == 0) {
		w->date = date + 8;
		w->dlen = dlen - 8;
	}
}

/* The annotations of one document: each judged, then applied to the
 * findings [first, last). */
static int apply_annotations(const mcp_source *src, size_t doc, mcp_diag *d,
                             size_t first, size_t last,
                             const mcp_waiver_policy *p)
{
	json_t *ann = json_object_get(
	    json_object_get(mcp_source_doc(src, doc), "metadata"),
	    "annotations");
	const char *key;
	json_t *value;
	mcp_buf msg, hint, ptr;
	int rc = 0;

	mcp_buf_init(&msg);
	mcp_buf_init(&hint);
	mcp_buf_init(&ptr);
	json_object_foreach(ann, key, value)
	{
		waiver w = {0};
		const char *bad;
		fault at;
		size_t i, matched = 0;
		if (strncmp(key, PREFIX, strlen(PREFIX)) != 0)
			continue;
		w.rule = key + strlen(PREFIX);
		mcp_buf_clear(&ptr);
		mcp_buf_puts(&ptr, "/metadata/annotations");
		mcp_buf_put_token(&ptr, key, strlen(key));
		parse_annotation(&w, json_string_value(value));
		bad = judge(p, &w, &msg, &hint, &at);
		if (ptr.oom || msg.oom || hint.oom) {
			rc = MCP_ENOMEM;
			break;
		}
		if (bad) {
			rc = add(d, src, doc, bad, MCP_SEV_ERROR, ptr.ptr,
			         hint.ptr, msg.ptr);
			if (rc)
				break;
			continue;
		}
		mcp_buf_clear(&msg);
		mcp_buf_printf(&msg, "%.*s (until %.10s)", (int)w.rlen,
		               w.reason, w.date);
		if (msg.oom) {
			rc = MCP_ENOMEM;
			break;
		}
		for (i = first; i < last && !rc; i++) {
			const mcp_finding *f = mcp_diag_get(d, i);
			if (strcmp(f->rule, w.rule) != 0 || !waivable(f))
				continue;
			rc = mcp_diag_waive(d, i, msg.ptr);
			matched++;
		}
		if (!rc && !matched) {
			mcp_buf_clear(&msg);
			mcp_buf_printf(&msg,
			               "the waiver of %s matches no finding in "
			               "this document",
			               w.rule);
			rc = msg.oom
			         ? MCP_ENOMEM
			         : add(d, src, doc, RULE_UNUSED,
			               MCP_SEV_WARNING, ptr.ptr,
			               "remove the waiver: what it waived is "
			               "fixed",
			               msg.ptr);
		}
		if (rc)
			break;
	}
	mcp_buf_free(&msg);
	mcp_buf_free(&hint);
	mcp_buf_free(&ptr);
	return rc;
}

int mcp_waivers_apply(const mcp_source *src, size_t doc, mcp_diag *d,
                      size_t first, const mcp_waiver_policy *policy,
                      const mcp_waivers *file, size_t *hits)
{
	size_t last = mcp_diag_count(d);
	int rc = apply_annotations(src, doc, d, first, last, policy);

	if (rc == 0)
		rc = apply_file(file, hits, d, first, last);
	return rc;
}

static char *dup_str(json_t *v, int *oom)
{
	char *s;
	if (!json_is_string(v))
		return NULL;
	s = strdup(json_string_value(v));
	if (!s)
		*oom = 1;
	return s;
}

/* Entry @p i of a waivers file (@p e, valid against the schema) into
 * @p x: judged, and usable when it holds. @return 0 or MCP_ENOMEM */
static int load_entry(entry *x, json_t *e, size_t i, const mcp_source *src,
                      const mcp_waiver_policy *p, mcp_diag *d)
{
	static const char *const field[] = {"rule", "reason", "expires"};
	const char *exp = json_string_value(json_object_get(e, "expires"));
	const char *reason = json_string_value(json_object_get(e, "reason"));
	waiver w = {0};
	mcp_buf msg, hint, ptr;
	const char *bad;
	fault at;
	int oom = 0;

	x->rule = dup_str(json_object_get(e, "rule"), &oom);
	x->file = dup_str(json_object_get(e, "file"), &oom);
	x->pointer = dup_str(json_object_get(e, "pointer"), &oom);
	mcp_buf_init(&ptr);
	mcp_buf_printf(&ptr, "/spec/waivers/%zu", i);
	x->ptr = mcp_buf_detach(&ptr);
	if (oom || !x->ptr || !x->rule || !x->file)
		return MCP_ENOMEM; /* the schema requires rule and file */
	x->loc.file = mcp_source_name(src);
	mcp_srcmap_nearest(mcp_source_srcmap(src), 0, x->ptr, &x->loc);
	if (!(x->loc.file = mcp_diag_intern(d, x->loc.file)))
		return MCP_ENOMEM;
	w.rule = x->rule;
	w.file = x->file;
	w.reason = reason ? reason : "";
	w.rlen = strlen(w.reason);
	w.date = exp;
	w.dlen = exp ? strlen(exp) : 0;
	mcp_buf_init(&msg);
	mcp_buf_init(&hint);
	mcp_buf_init(&ptr);
	bad = judge(p, &w, &msg, &hint, &at);
	if (bad) {
		mcp_buf_printf(&ptr, "%s/%s", x->ptr, field[at]);
		oom = msg.oom || hint.oom || ptr.oom ||
		      add(d, src, 0, bad, MCP_SEV_ERROR, ptr.ptr, hint.ptr,
		          msg.ptr) < 0;
	} else {
		mcp_buf_printf(&msg, "%s (until %s)", w.reason, exp);
		x->why = mcp_buf_detach(&msg);
		oom = !x->why;
		x->usable = 1;
	}
	mcp_buf_free(&msg);
	mcp_buf_free(&hint);
	mcp_buf_free(&ptr);
	return oom ? MCP_ENOMEM : 0;
}

int mcp_waivers_load(mcp_waivers **out, const char *path,
                     const mcp_schema *schema, const mcp_load_opts *opts,
                     const mcp_waiver_policy *policy, mcp_diag *d)
{
	mcp_source *src = NULL;
	mcp_waivers *w;
	json_t *doc, *list;
	size_t i;
	int rc;

	*out = NULL;
	rc = mcp_source_load_file(&src, path, opts, d);
	if (rc < 0) {
		mcp_source_free(src);
		return rc;
	}
	doc = mcp_source_doc(src, 0);
	rc = mcp_source_doc_count(src) == 1 &&
	             json_is_string(json_object_get(doc, "kind")) &&
	             strcmp(json_string_value(json_object_get(doc, "kind")),
	                    "Waivers") == 0
	         ? mcp_schema_check(schema, src, 0, d)
	         : 1;
	if (rc != 0) {
		mcp_finding *f;
		mcp_loc loc = {mcp_source_name(src), 1, 1};
		mcp_source_free(src);
		if (rc < 0)
			return rc;
		f = mcp_diag_add(d, RULE_MALFORMED, MCP_SEV_ERROR, &loc, NULL,
		                 "a waivers file holds one document of kind "
		                 "Waivers (schema/waivers.schema.json)",
		                 "the waivers file is invalid; no finding was "
		                 "waived by it");
		if (!f)
			return MCP_ENOMEM;
		f->fatal = 1;
		return MCP_EPARSE;
	}
	w = calloc(1, sizeof(*w));
	list = json_object_get(json_object_get(doc, "spec"), "waivers");
	if (w && json_array_size(list))
		w->v = calloc(json_array_size(list), sizeof(*w->v));
	if (!w || (json_array_size(list) && !w->v)) {
		free(w);
		mcp_source_free(src);
		return MCP_ENOMEM;
	}
	for (i = 0; i < json_array_size(list) && rc == 0; i++)
		rc = load_entry(&w->v[w->n++], json_array_get(list, i), i, src,
		                policy, d);
	mcp_source_free(src);
	if (rc) {
		mcp_waivers_free(w);
		return rc;
	}
	*out = w;
	return 0;
}

size_t mcp_waivers_count(const mcp_waivers *w)
{
	return w ? w->n : 0;
}

int mcp_waivers_finish(const mcp_waivers *w, const size_t *hits, mcp_diag *d)
{
	size_t k;

	for (k = 0; w && k < w->n; k++) {
		const entry *x = &w->v[k];
		if (!x->usable || (hits && hits[k]))
			continue;
		if (!mcp_diag_add(d, "MCP-WAIVER-002", MCP_SEV_WARNING, &x->loc,
		                  x->ptr,
		                  "remove the waiver: what it waived is fixed",
		                  "the waiver of %s for %s matched no finding",
		                  x->rule, x->file))
			return MCP_ENOMEM;
	}
	return 0;
}
