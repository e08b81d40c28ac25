/*
 * version.c: the version engine's front door: one call to ask whether a
 * version lies in a range, whatever the scheme. SemVer and npm ranges live
 * in semver.c; the numeric schemes (dotted driver and CUDA versions,
 * calendar YY.MM releases) are here.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/version/helmver.h"
#include "check/version/pep440.h"
#include "check/version/semver.h"
#include "mcpc/mcpc.h"
#include "mcpc/version.h"
#include "support/num.h"

#define MAX_PARTS 8
#define MAX_PART  9999999999999ULL /* a release part mcpc keeps */

int mcp_scheme_parse(mcp_scheme *out, const char *name)
{
	if (strcmp(name, "semver") == 0)
		*out = MCP_SCHEME_SEMVER;
	else if (strcmp(name, "dotted") == 0)
		*out = MCP_SCHEME_DOTTED;
	else if (strcmp(name, "calver") == 0)
		*out = MCP_SCHEME_CALVER;
	else if (strcmp(name, "pep440") == 0)
		*out = MCP_SCHEME_PEP440;
	else if (strcmp(name, "go") == 0)
		*out = MCP_SCHEME_GO;
	else if (strcmp(name, "helm") == 0)
		*out = MCP_SCHEME_HELM;
	else
		return MCP_ERROR;
	return 0;
}

/* A numeric version: up to 8 dot-separated numbers (a "*" or "x" part,
 * in a range, stands for any value from there on). */
typedef struct numeric {
	unsigned long long part[MAX_PARTS];
	size_t n;
	int wild; /* parts from n on are wildcards */
} numeric;

static int parse_numeric(numeric *v, const char *s, size_t len, int allow_wild,
                         mcp_scheme scheme)
{
	size_t i = 0;

	memset(v, 0, sizeof(*v));
	while (i < len) {
		uint64_t x = 0;
		size_t used = 0;
		if (allow_wild && (s[i] == '*' || s[i] == 'x' || s[i] == 'X')) {
			v->wild = 1;
			i++;
			if (i != len)
				return 0;
			break;
		}
		if (mcp_num_prefix(s + i, len - i, MAX_PART, &x, &used) < 0 ||
		    v->n == MAX_PARTS)
			return 0;
		i += used;
		v->part[v->n++] = x;
		if (i < len && s[i] != '.')
			return 0;
		if (i < len && ++i == len)
			return 0; /* a trailing dot */
	}
	if (v->n == 0 && !v->wild)
		return 0;
	/* calendar releases: YY.MM with a real month */
	if (scheme == MCP_SCHEME_CALVER && !v->wild &&
	    (v->n != 2 || len != 5 || v->part[1] < 1 || v->part[1] > 12))
		return 0;
	return 1;
}

static int cmp_numeric(const numeric *a, const numeric *b)
{
	size_t i, n = a->n > b->n ? a->n : b->n;

	for (i = 0; i < n; i++) {
		unsigned long long x = i < a->n ? a->part[i] : 0;
		unsigned long long y = i < b->n ? b->part[i] : 0;
		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

/* One comparator of a numeric range: [op]version. */
static int numeric_term(int *ok, const numeric *v, const char *t, size_t len,
                        mcp_scheme scheme)
{
	static const char *const ops[] = {
	    "==", "!=", "<=", ">=", "=", "<", ">"};
	const char *op = "==";
	numeric w;
	size_t i, k;
	int c;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i]);
		if (len >= n && strncmp(t, ops[i], n) == 0) {
			op = ops[i];
			t += n;
			len -= n;
			break;
		}
	}
	while (len && *t == ' ')
		t++, len--;
	if (!parse_numeric(&w, t, len, 1, scheme))
		return 0;
	if (w.wild) {
		/* a prefix: 550.* is any 550.x */
		int prefix = 1;
		for (k = 0; k < w.n; k++)
			prefix &=
			    k < v->n ? v->part[k] == w.part[k] : w.part[k] == 0;
		if (strcmp(op, "==") == 0 || strcmp(op, "=") == 0)
			*ok = prefix;
		else if (strcmp(op, "!=") == 0)
			*ok = !prefix;
		else
			return 0; /* an order against a wildcard means nothing
			           */
		return 1;
	}
	c = cmp_numeric(v, &w);
	if (op[0] == '=')
		*ok = c == 0;
	else if (op[0] == '!')
		*ok = c != 0;
	else if (op[0] == '<')
		*ok = op[1] == '=' ? c <= 0 : c < 0;
	else
		*ok = op[1] == '=' ? c >= 0 : c > 0;
	return 1;
}

/* Numeric ranges: comparators joined by "," or spaces (all of them),
 * alternatives joined by "||" (any of them). */
static int numeric_match(int *match, const numeric *v, const char *range,
                         mcp_scheme scheme)
{
	const char *p = range;
	int any = 0, terms = 0;

	for (;;) {
		const char *alt_end = strstr(p, "||");
		const char *end = alt_end ? alt_end : p + strlen(p);
		int all = 1, n = 0;
		while (p < end) {
			const char *t;
			size_t len;
			int ok;
			while (p < end && (*p == ' ' || *p == ','))
				p++;
			if (p >= end)
				break;
			t = p;
			/* an operator may be followed by a space: ">= 550" */
			while (p < end && strchr("<>=!", *p))
				p++;
			while (p < end && *p == ' ')
				p++;
			while (p < end && *p != ' ' && *p != ',')
				p++;
			len = (size_t)(p - t);
			if (!numeric_term(&ok, v, t, len, scheme))
				return 0;
			all &= ok;
			n++;
		}
		if (n == 0)
			return 0;
		any |= all;
		terms += n;
		if (!alt_end)
			break;
		p = alt_end + 2;
	}
	*match = any;
	return terms > 0;
}

/*
 * Go module versions are SemVer with a mandatory "v" (golang.org/ref/mod):
 * pseudo-versions (v0.0.0-20191109021931-daa7c04131f5) are prereleases,
 * "+incompatible" is build metadata. Ranges use npm's grammar, but a
 * prerelease is compared by precedence like any version: in Go, a
 * pseudo-version is an ordinary, selectable version.
 */
static int go_match(int *match, const char *version, const char *range,
                    mcp_buf *err)
{
	sv_version v;
	sv_range r;
	size_t i, k;
	int rc;

	if (version[0] != 'v' || !sv_parse(&v, version, strlen(version))) {
		mcp_buf_printf(
		    err, "'%s' is not a Go module version (vMAJOR.MINOR.PATCH)",
		    version);
		return MCP_EPARSE;
	}
	rc = sv_range_parse(&r, range);
	if (rc == MCP_EPARSE)
		mcp_buf_printf(err, "'%s' is not a valid version range", range);
	if (rc < 0)
		return rc;
	*match = 0;
	for (i = 0; i < r.n && !*match; i++) {
		int all = 1;
		for (k = 0; k < r.sets[i].n && all; k++) {
			const sv_comparator *c = &r.sets[i].c[k];
			int d;
			if (c->any)
				continue;
			d = sv_compare(&v, &c->v);
			all = !c->op[0]         ? d == 0
			      : c->op[0] == '<' ? (c->op[1] ? d <= 0 : d < 0)
			                        : (c->op[1] ? d >= 0 : d > 0);
		}
		*match = all;
	}
	sv_range_free(&r);
	return 0;
}

int mcp_version_match(int *match, mcp_scheme scheme, const char *version,
                      const char *range, mcp_buf *err)
{
	*match = 0;
	if (scheme == MCP_SCHEME_GO)
		return go_match(match, version, range, err);
	if (scheme == MCP_SCHEME_HELM)
		return hv_match(match, version, range, err);
	if (scheme == MCP_SCHEME_PEP440) {
		pep_version v;
		if (!pep_parse(&v, version, strlen(version))) {
			mcp_buf_printf(err, "'%s' is not a PEP 440 version",
			               version);
			return MCP_EPARSE;
		}
		if (!pep_match(match, &v, range)) {
			mcp_buf_printf(err,
			               "'%s' is not a valid PEP 440 specifier",
			               range);
			return MCP_EPARSE;
		}
		return 0;
	}
	if (scheme == MCP_SCHEME_SEMVER) {
		sv_version v;
		sv_range r;
		int rc;
		if (!sv_parse(&v, version, strlen(version))) {
			mcp_buf_printf(err, "'%s' is not a SemVer version",
			               version);
			return MCP_EPARSE;
		}
		rc = sv_range_parse(&r, range);
		if (rc == MCP_EPARSE)
			mcp_buf_printf(err, "'%s' is not a valid npm range",
			               range);
		if (rc < 0)
			return rc;
		*match = sv_range_test(&r, &v);
		sv_range_free(&r);
		return 0;
	} else {
		numeric v;
		const char *what = scheme == MCP_SCHEME_CALVER
		                       ? "a calendar release (YY.MM)"
		                       : "a dotted numeric version";
		if (!parse_numeric(&v, version, strlen(version), 0, scheme)) {
			mcp_buf_printf(err, "'%s' is not %s", version, what);
			return MCP_EPARSE;
		}
		if (!numeric_match(match, &v, range, scheme)) {
			mcp_buf_printf(
			    err, "'%s' is not a valid range of %s", range,
			    scheme == MCP_SCHEME_CALVER ? "releases"
			                                : "versions");
			return MCP_EPARSE;
		}
		return 0;
	}
}

int mcp_version_compare(int *cmp, mcp_scheme scheme, const char *a,
                        const char *b, mcp_buf *err)
{
	if (scheme == MCP_SCHEME_HELM)
		return hv_compare(cmp, a, b, err);
	if (scheme == MCP_SCHEME_PEP440) {
		pep_version x, y;
		int xa = pep_parse(&x, a, strlen(a)),
		    yb = pep_parse(&y, b, strlen(b));
		if (!xa || !yb) {
			mcp_buf_printf(err, "'%s' is not a PEP 440 version",
			               xa ? b : a);
			return MCP_EPARSE;
		}
		*cmp = pep_compare(&x, &y);
		return 0;
	}
	if (scheme == MCP_SCHEME_SEMVER || scheme == MCP_SCHEME_GO) {
		sv_version x, y;
		if (!sv_parse(&x, a, strlen(a)) ||
		    !sv_parse(&y, b, strlen(b))) {
			mcp_buf_printf(err, "'%s' is not a SemVer version",
			               sv_parse(&x, a, strlen(a)) ? b : a);
			return MCP_EPARSE;
		}
		*cmp = sv_compare(&x, &y);
		return 0;
	} else {
		numeric x, y;
		if (!parse_numeric(&x, a, strlen(a), 0, scheme) ||
		    !parse_numeric(&y, b, strlen(b), 0, scheme)) {
			mcp_buf_printf(
			    err, "'%s' is not a valid version",
			    parse_numeric(&x, a, strlen(a), 0, scheme) ? b : a);
			return MCP_EPARSE;
		}
		*cmp = cmp_numeric(&x, &y);
		return 0;
	}
}

int mcp_range_relation(mcp_range_rel *rel, mcp_scheme scheme, const char *range,
                       const char *allowed, mcp_buf *err)
{
	sv_range a, b;
	int rc;

	*rel = MCP_RANGE_EMPTY;
	if (scheme == MCP_SCHEME_PEP440) {
		int r = 0;
		rc = pep_relation(&r, range, allowed);
		if (rc == 1 || rc == 2)
			mcp_buf_printf(err,
			               "'%s' is not a valid PEP 440 specifier",
			               rc == 1 ? range : allowed);
		else if (rc == 3)
			mcp_buf_puts(err, "'===' matches a string, not a "
			                  "range: it cannot be compared");
		if (rc)
			return rc < 0    ? MCP_ENOMEM
			       : rc == 3 ? MCP_ERROR
			                 : MCP_EPARSE;
		*rel = (mcp_range_rel)r;
		return 0;
	}
	if (scheme != MCP_SCHEME_SEMVER) {
		mcp_buf_puts(err, "range comparison is for npm and PEP 440 "
		                  "ranges only");
		return MCP_ERROR;
	}
	rc = sv_range_parse(&a, range);
	if (rc == MCP_EPARSE)
		mcp_buf_printf(err, "'%s' is not a valid npm range", range);
	if (rc < 0)
		return rc;
	rc = sv_range_parse(&b, allowed);
	if (rc == MCP_EPARSE)
		mcp_buf_printf(err, "'%s' is not a valid npm range", allowed);
	if (rc < 0) {
		sv_range_free(&a);
		return rc;
	}
	rc = sv_range_relation(&a, &b);
	sv_range_free(&a);
	sv_range_free(&b);
	if (rc < 0)
		return MCP_ENOMEM;
	*rel = rc == SV_REL_EMPTY      ? MCP_RANGE_EMPTY
	       : rc == SV_REL_DISJOINT ? MCP_RANGE_DISJOINT
	       : rc == SV_REL_OVERLAP  ? MCP_RANGE_OVERLAP
	                               : MCP_RANGE_SUBSET;
	return 0;
}
