/*
 * helmver.c: Helm's version constraints, the dialect of Chart.yaml's
 * kubeVersion and of chart dependencies (the Masterminds semver library,
 * version 3). The dialect is defined by its regular expressions, so the
 * same expressions are used here, with Go's meaning of '\s' (no vertical
 * tab) and of '$' (the end of the text only). Go's engine and PCRE2 choose
 * the same leftmost-first match for them; the one that could backtrack
 * badly, the whole-list check, runs on PCRE2's DFA matcher instead.
 *
 * The semantics are Masterminds' own and differ from npm in places: a
 * prerelease version never satisfies a constraint without a prerelease,
 * "1.2" means "~1.2" after '=' or no operator, ">1.2" means ">=1.3.0",
 * "<=1.2" takes in all of 1.2.x, and "a - b" is ">= a, <= b".
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/version/helmver.h"
#include "mcpc/buf.h"
#include "mcpc/mcpc.h"
#include "support/num.h"

#define HV_MAX_RANGE 4096 /* longer constraints are refused */

#define WS   "[\\t\\n\\f\\r ]"
#define OPS  "=||!=|>|<|>=|=>|<=|=<|~|~>|\\^"
#define PART "[0-9A-Za-z\\-]+"
#define TAIL "(-(" PART "(\\." PART ")*))?(\\+(" PART "(\\." PART ")*))?"
#define CV   "v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?" TAIL

static const char *const patterns[] = {
    /* 0: one constraint: op, version, major, .minor, .patch, -pre */
    "^" WS "*(" OPS ")" WS "*(" CV ")" WS "*$",
    /* 1: a hyphen range */
    WS "*(" CV ")" WS "+-" WS "+(" CV ")" WS "*",
    /* 2: each constraint of a list */
    "(" OPS ")" WS "*(" CV ")",
    /* 3: a whole list */
    "^(" WS "*(" OPS ")" WS "*(" CV ")" WS "*)((?:" WS "+|," WS "*)(" OPS ")" WS
    "*(" CV ")" WS "*)*$",
    /* 4: a version */
    "^v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?" TAIL "$"};

#define NPAT (sizeof(patterns) / sizeof(patterns[0]))

typedef struct hv_ctx {
	pcre2_code *re[NPAT];
	pcre2_match_data *md;
	int ws[4096]; /* DFA workspace */
} hv_ctx;

typedef struct hv_version {
	uint64_t major, minor, patch;
	const char *pre; /* not NUL-terminated; pre_len bytes */
	size_t pre_len;
} hv_version;

typedef struct hv_constraint {
	char op[3];
	hv_version con;
	int dirty, minor_dirty, patch_dirty;
} hv_constraint;

/* The expressions, compiled once for the process (matching with a
 * compiled pattern is safe from any thread); NULL when that failed. */
static pcre2_code *compiled[NPAT];
static int compiled_ok;
static pthread_once_t compile_once = PTHREAD_ONCE_INIT;

static void compile_all(void)
{
	size_t i;
	for (i = 0; i < NPAT; i++) {
		int code;
		PCRE2_SIZE off;
		compiled[i] = pcre2_compile(
		    (PCRE2_SPTR)patterns[i], PCRE2_ZERO_TERMINATED,
		    PCRE2_DOLLAR_ENDONLY, &code, &off, NULL);
		if (!compiled[i])
			return;
	}
	compiled_ok = 1;
}

static int ctx_init(hv_ctx *x)
{
	pthread_once(&compile_once, compile_all);
	if (!compiled_ok)
		return MCP_ENOMEM;
	memcpy(x->re, compiled, sizeof(x->re));
	x->md = pcre2_match_data_create(40, NULL);
	return x->md ? 0 : MCP_ENOMEM;
}

static void ctx_free(hv_ctx *x)
{
	pcre2_match_data_free(x->md);
}

/* Match pattern p against s[0..len) from start: 1 found, 0 not, <0 error. */
static int find(hv_ctx *x, int p, const char *s, size_t len, size_t start)
{
	int rc =
	    pcre2_match(x->re[p], (PCRE2_SPTR)s, len, start, 0, x->md, NULL);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return rc > 0 ? 1 : MCP_ELIMIT;
}

/* Group g of the last match: its start, and its length (0 when unset). */
static const char *group(hv_ctx *x, const char *s, int g, size_t *len)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);
	if (ov[2 * g] == PCRE2_UNSET) {
		*len = 0;
		return s;
	}
	*len = ov[2 * g + 1] - ov[2 * g];
	return s + ov[2 * g];
}

/* Go's strconv.ParseUint(s, 10, 64), digits only: 1 or 0 on overflow. */
static int parse_u64(uint64_t *out, const char *s, size_t len)
{
	return mcp_num_parse_n(s, len, UINT64_MAX, out) == 0;
}

static int all_digits(const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Masterminds' NewVersion: lenient (a 'v', missing minor or patch). */
static int parse_version(hv_ctx *x, hv_version *v, const char *s, size_t len)
{
	const char *g;
	size_t n, i, start;
	int rc = find(x, 4, s, len, 0);
	if (rc <= 0)
		return rc < 0 ? rc : MCP_EPARSE;
	memset(v, 0, sizeof(*v));
	g = group(x, s, 1, &n);
	if (!parse_u64(&v->major, g, n))
		return MCP_EPARSE;
	g = group(x, s, 2, &n);
	if (n && !parse_u64(&v->minor, g + 1, n - 1))
		return MCP_EPARSE;
	g = group(x, s, 3, &n);
	if (n && !parse_u64(&v->patch, g + 1, n - 1))
		return MCP_EPARSE;
	v->pre = group(x, s, 5, &v->pre_len);
	/* a numeric prerelease identifier has no leading zero */
	for (i = start = 0; i <= v->pre_len; i++) {
		if (i < v->pre_len && v->pre[i] != '.')
			continue;
		if (all_digits(v->pre + start, i - start) && i - start > 1 &&
		    v->pre[start] == '0')
			return MCP_EPARSE;
		start = i + 1;
	}
	return 0;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

/* One prerelease identifier against another (comparePrePart). */
static int cmp_part(const char *s, size_t sl, const char *o, size_t ol)
{
	uint64_t si = 0, oi = 0;
	int sn, on, d;
	if (sl == ol && memcmp(s, o, sl) == 0)
		return 0;
	if (sl == 0)
		return -1;
	if (ol == 0)
		return 1;
	sn = parse_u64(&si, s, sl);
	on = parse_u64(&oi, o, ol);
	if (!sn && !on) {
		d = memcmp(s, o, sl < ol ? sl : ol);
		if (d == 0)
			d = sl < ol ? -1 : 1;
		return d > 0 ? 1 : -1;
	}
	if (!on)
		return -1;
	if (!sn)
		return 1;
	return si > oi ? 1 : -1;
}

static int cmp_pre(const hv_version *a, const hv_version *b)
{
	size_t i = 0, j = 0;
	for (;;) {
		size_t ie = i, je = j;
		int d;
		while (ie < a->pre_len && a->pre[ie] != '.')
			ie++;
		while (je < b->pre_len && b->pre[je] != '.')
			je++;
		d = cmp_part(a->pre + i, ie - i, b->pre + j, je - j);
		if (d)
			return d;
		if (ie >= a->pre_len && je >= b->pre_len)
			return 0;
		i = ie < a->pre_len ? ie + 1 : a->pre_len;
		j = je < b->pre_len ? je + 1 : b->pre_len;
	}
}

static int compare(const hv_version *a, const hv_version *b)
{
	int d;
	if ((d = cmp_u64(a->major, b->major)) != 0 ||
	    (d = cmp_u64(a->minor, b->minor)) != 0 ||
	    (d = cmp_u64(a->patch, b->patch)) != 0)
		return d;
	if (!a->pre_len && !b->pre_len)
		return 0;
	if (!a->pre_len)
		return 1;
	if (!b->pre_len)
		return -1;
	return cmp_pre(a, b);
}

static int is_x(const char *s, size_t len)
{
	return len == 1 && (*s == 'x' || *s == 'X' || *s == '*');
}

/*
 * parseConstraint: the operator and the version, where a missing or
 * wildcard part makes the constraint "dirty". The version text is rebuilt
 * as Masterminds does and parsed as a version; scratch holds it.
 */
static int parse_constraint(hv_ctx *x, hv_constraint *c, const char *s,
                            size_t len, mcp_buf *scratch)
{
	const char *op, *ver, *maj, *min, *pat, *pre;
	size_t opl, verl, majl, minl, patl, prel;
	int rc = find(x, 0, s, len, 0);
	if (rc <= 0)
		return rc < 0 ? rc : MCP_EPARSE;
	memset(c, 0, sizeof(*c));
	op = group(x, s, 1, &opl);
	memcpy(c->op, op, opl);
	ver = group(x, s, 2, &verl);
	maj = group(x, s, 3, &majl);
	min = group(x, s, 4, &minl);
	pat = group(x, s, 5, &patl);
	pre = group(x, s, 6, &prel);
	mcp_buf_clear(scratch);
	if (is_x(maj, majl)) {
		c->dirty = 1;
		rc = mcp_buf_puts(scratch, "0.0.0");
	} else if (!minl || is_x(min + 1, minl - 1)) {
		c->dirty = c->minor_dirty = 1;
		rc = mcp_buf_put(scratch, maj, majl);
		if (!rc)
			rc = mcp_buf_puts(scratch, ".0.0");
	} else if (!patl || is_x(pat + 1, patl - 1)) {
		c->dirty = c->patch_dirty = 1;
		rc = mcp_buf_put(scratch, maj, majl);
		if (!rc)
			rc = mcp_buf_put(scratch, min, minl);
		if (!rc)
			rc = mcp_buf_puts(scratch, ".0");
	} else {
		rc = mcp_buf_put(scratch, ver, verl);
		prel = 0;
	}
	if (!rc && prel)
		rc = mcp_buf_put(scratch, pre, prel);
	if (!rc)
		rc = mcp_buf_putc(scratch, '\0');
	if (rc)
		return rc;
	return parse_version(x, &c->con, scratch->ptr, scratch->len - 1);
}

/* The constraint functions, operator by operator (constraints.go). */
static int check_tilde(const hv_version *v, const hv_constraint *c)
{
	const hv_version *k = &c->con;
	if (v->pre_len && !k->pre_len)
		return 0;
	if (compare(v, k) < 0)
		return 0;
	if (!k->major && !k->minor && !k->patch && !c->minor_dirty &&
	    !c->patch_dirty)
		return 1;
	if (v->major != k->major)
		return 0;
	return v->minor == k->minor || c->minor_dirty;
}

static int check_caret(const hv_version *v, const hv_constraint *c)
{
	const hv_version *k = &c->con;
	if (v->pre_len && !k->pre_len)
		return 0;
	if (compare(v, k) < 0)
		return 0;
	if (k->major > 0 || c->minor_dirty)
		return v->major == k->major;
	if (v->major > 0)
		return 0;
	if (k->minor > 0 || c->patch_dirty)
		return v->minor == k->minor;
	if (v->minor > 0)
		return 0;
	return v->patch == k->patch;
}

static int check_not_equal(const hv_version *v, const hv_constraint *c)
{
	const hv_version *k = &c->con;
	if (c->dirty) {
		if (v->pre_len && !k->pre_len)
			return 0;
		if (k->major != v->major)
			return 1;
		if (k->minor != v->minor && !c->minor_dirty)
			return 1;
		if (c->minor_dirty)
			return 0;
		if (k->patch != v->patch && !c->patch_dirty)
			return 1;
		if (c->patch_dirty) {
			if (v->pre_len || k->pre_len)
				return cmp_pre(v, k) != 0;
			return 0;
		}
	}
	return compare(v, k) != 0;
}

static int check(const hv_version *v, const hv_constraint *c)
{
	const hv_version *k = &c->con;
	const char *op = c->op;

	if (strcmp(op, "!=") == 0)
		return check_not_equal(v, c);
	if (v->pre_len && !k->pre_len)
		return 0;
	if (!*op || strcmp(op, "=") == 0)
		return c->dirty ? check_tilde(v, c) : compare(v, k) == 0;
	if (strcmp(op, "~") == 0 || strcmp(op, "~>") == 0)
		return check_tilde(v, c);
	if (strcmp(op, "^") == 0)
		return check_caret(v, c);
	if (strcmp(op, ">") == 0) {
		if (!c->dirty)
			return compare(v, k) > 0;
		if (v->major != k->major)
			return v->major > k->major;
		if (c->minor_dirty)
			return 0;
		if (c->patch_dirty)
			return v->minor > k->minor;
		return compare(v, k) > 0;
	}
	if (strcmp(op, "<") == 0)
		return compare(v, k) < 0;
	if (strcmp(op, ">=") == 0 || strcmp(op, "=>") == 0)
		return compare(v, k) >= 0;
	/* "<=" and "=<" */
	if (!c->dirty)
		return compare(v, k) <= 0;
	if (v->major > k->major)
		return 0;
	return !(v->major == k->major && v->minor > k->minor &&
	         !c->minor_dirty);
}

/* rewriteRange: every "a - b" becomes ">= a, <= b", first occurrence of
 * the matched text each time, as strings.Replace does. */
static int rewrite_ranges(hv_ctx *x, const char *text, mcp_buf *out)
{
	size_t len = strlen(text), pos = 0;
	mcp_buf cur;
	int rc = 0;

	mcp_buf_init(&cur);
	if (mcp_buf_put(out, text, len) || mcp_buf_putc(out, '\0'))
		return MCP_ENOMEM;
	while (pos < len) {
		const char *m, *a, *b, *at;
		size_t ml, al, bl, end;
		PCRE2_SIZE *ov;
		rc = find(x, 1, text, len, pos);
		if (rc <= 0)
			break;
		ov = pcre2_get_ovector_pointer(x->md);
		end = ov[1];
		m = group(x, text, 0, &ml);
		a = group(x, text, 1, &al);
		b = group(x, text, 11, &bl);
		mcp_buf_clear(&cur);
		if (mcp_buf_put(&cur, m, ml) || mcp_buf_putc(&cur, '\0'))
			goto nomem;
		at = strstr(out->ptr, cur.ptr);
		if (at) {
			size_t off = (size_t)(at - out->ptr);
			mcp_buf rep;
			mcp_buf_init(&rep);
			if (mcp_buf_put(&rep, out->ptr, off) ||
			    mcp_buf_puts(&rep, ">= ") ||
			    mcp_buf_put(&rep, a, al) ||
			    mcp_buf_puts(&rep, ", <= ") ||
			    mcp_buf_put(&rep, b, bl) ||
			    mcp_buf_puts(&rep, out->ptr + off + ml) ||
			    mcp_buf_putc(&rep, '\0')) {
				mcp_buf_free(&rep);
				goto nomem;
			}
			mcp_buf_free(out);
			*out = rep;
		}
		pos = end > pos ? end : pos + 1;
	}
	mcp_buf_free(&cur);
	return rc < 0 ? rc : 0;
nomem:
	mcp_buf_free(&cur);
	return MCP_ENOMEM;
}

/* Whether the list of constraints s[0..len) is well formed (DFA). */
static int valid_list(hv_ctx *x, const char *s, size_t len)
{
	int rc = pcre2_dfa_match(x->re[3], (PCRE2_SPTR)s, len, 0, 0, x->md,
	                         NULL, x->ws, sizeof(x->ws) / sizeof(int));
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return rc >= 0 ? 1 : MCP_ELIMIT;
}

/*
 * One alternative (between "||"): all of its constraints. Every one is
 * parsed, whatever the answer, so that a bad one is always an error.
 */
static int check_group(hv_ctx *x, const hv_version *v, const char *s,
                       size_t len, int *all, mcp_buf *scratch)
{
	size_t pos = 0;
	int rc = valid_list(x, s, len), found = 0;
	hv_constraint c;

	if (rc <= 0)
		return rc < 0 ? rc : MCP_EPARSE;
	*all = 1;
	while (pos < len) {
		PCRE2_SIZE *ov;
		size_t a, b;
		rc = find(x, 2, s, len, pos);
		if (rc < 0)
			return rc;
		if (rc == 0)
			break;
		ov = pcre2_get_ovector_pointer(x->md);
		a = ov[0];
		b = ov[1];
		found = 1;
		rc = parse_constraint(x, &c, s + a, b - a, scratch);
		if (rc)
			return rc;
		if (*all && !check(v, &c))
			*all = 0;
		pos = b > pos ? b : pos + 1;
	}
	if (!found) {
		rc = parse_constraint(x, &c, s, len, scratch);
		if (rc)
			return rc;
		*all = check(v, &c);
	}
	return 0;
}

int hv_match(int *match, const char *version, const char *range, mcp_buf *err)
{
	hv_ctx *x;
	hv_version v;
	mcp_buf text, scratch;
	const char *p, *end;
	int rc;

	*match = 0;
	if (strlen(range) > HV_MAX_RANGE) {
		mcp_buf_printf(err,
		               "the Helm constraint is longer than %d bytes",
		               HV_MAX_RANGE);
		return MCP_ELIMIT;
	}
	x = malloc(sizeof(*x));
	if (!x)
		return MCP_ENOMEM;
	mcp_buf_init(&text);
	mcp_buf_init(&scratch);
	rc = ctx_init(x);
	if (rc)
		goto done;
	rc = parse_version(x, &v, version, strlen(version));
	if (rc) {
		if (rc == MCP_EPARSE)
			mcp_buf_printf(err,
			               "'%s' is not a Helm (SemVer) version",
			               version);
		goto done;
	}
	rc = rewrite_ranges(x, range, &text);
	if (rc)
		goto done;
	/* strings.Split(c, "||"): the alternatives */
	p = text.ptr;
	end = text.ptr + strlen(text.ptr);
	for (;;) {
		const char *bar = strstr(p, "||");
		const char *stop = bar ? bar : end;
		int all = 0;
		rc = check_group(x, &v, p, (size_t)(stop - p), &all, &scratch);
		if (rc)
			break;
		if (all)
			*match = 1;
		if (!bar)
			break;
		p = bar + 2;
	}
	if (rc) {
		*match = 0;
		if (rc == MCP_EPARSE)
			mcp_buf_printf(
			    err, "'%s' is not a valid Helm version constraint",
			    range);
		else if (rc == MCP_ELIMIT)
			mcp_buf_printf(
			    err, "the Helm constraint '%s' is too complex",
			    range);
	}
done:
	ctx_free(x);
	free(x);
	mcp_buf_free(&text);
	mcp_buf_free(&scratch);
	return rc;
}

int hv_compare(int *cmp, const char *a, const char *b, mcp_buf *err)
{
	hv_ctx *x = malloc(sizeof(*x));
	hv_version va, vb;
	int rc;

	*cmp = 0;
	if (!x)
		return MCP_ENOMEM;
	rc = ctx_init(x);
	if (!rc) {
		const char *bad = a;
		rc = parse_version(x, &va, a, strlen(a));
		if (!rc) {
			bad = b;
			rc = parse_version(x, &vb, b, strlen(b));
		}
		if (!rc)
			*cmp = compare(&va, &vb);
		else if (rc == MCP_EPARSE)
			mcp_buf_printf(
			    err, "'%s' is not a Helm (SemVer) version", bad);
	}
	ctx_free(x);
	free(x);
	return rc;
}
