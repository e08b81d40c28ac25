/*
 * quantity.c: Kubernetes quantities (k8s.io/apimachinery resource.Quantity
 * grammar: a signed decimal number, then a binary suffix Ki..Ei, a decimal
 * suffix n u m k M G T P E, or an exponent e3/E-2) and Go durations
 * (time.ParseDuration), as exact integers.
 */
#include <string.h>

#include "mcpc/mcpc.h"
#include "mcpc/quantity.h"

#define NANO_LIMIT ((__int128)1 << 120)
/* Kubernetes: "no quantity may represent a number greater than 2^63-1 in
 * magnitude" (apimachinery resource.Quantity); in nano-units. */
#define QUANTITY_MAX ((__int128)INT64_MAX * 1000000000)

static int fail(mcp_buf *err, const char *what, const char *text)
{
	if (err)
		mcp_buf_printf(err, "'%s' is not %s", text, what);
	return MCP_EPARSE;
}

/* value * 10^exp10 * 2^exp2 in nano-units, exactly, or -1 when too big or
 * below one nano-unit's precision (Kubernetes rounds those up; so do we) */
static int scale(__int128 *out, __int128 mant, int exp10, int exp2)
{
	__int128 v = mant, p = 1;

	exp10 += 9; /* nano-units */
	/* v * 10^k and v * 2^k at most NANO_LIMIT: v at most NANO_LIMIT
	 * divided by the power (10^37 is past 2^120) */
	if (exp10 > 0 && v) {
		if (exp10 > 36)
			return -1;
		for (; exp10 > 0; exp10--)
			p *= 10;
		if (v > NANO_LIMIT / p)
			return -1;
		v *= p;
	}
	if (exp10 > 0)
		exp10 = 0; /* zero stays zero */
	if (exp2 > 0 && v) {
		if (v > NANO_LIMIT >> exp2)
			return -1;
		v <<= exp2;
	}
	while (exp10 < 0) {
		/* below a nano-unit: Kubernetes rounds up */
		__int128 q = v / 10;
		if (q * 10 != v)
			q++;
		v = q;
		exp10++;
	}
	*out = v;
	return 0;
}

int mcp_quantity_parse(__int128 *nano, const char *text, mcp_buf *err)
{
	static const struct {
		const char *s;
		int exp10, exp2;
	} suffixes[] = {
	    {"Ki", 0, 10}, {"Mi", 0, 20}, {"Gi", 0, 30}, {"Ti", 0, 40},
	    {"Pi", 0, 50}, {"Ei", 0, 60}, {"n", -9, 0},  {"u", -6, 0},
	    {"m", -3, 0},  {"k", 3, 0},   {"M", 6, 0},   {"G", 9, 0},
	    {"T", 12, 0},  {"P", 15, 0},  {"E", 18, 0},  {"", 0, 0}};
	const char *p = text;
	__int128 mant = 0;
	int neg = 0, exp10 = 0, exp2 = 0, digits = 0, frac = 0;
	size_t i;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		if (mant > NANO_LIMIT / 10)
			return fail(err, "a quantity mcpc can represent", text);
		mant = mant * 10 + (*p - '0');
	}
	if (*p == '.') {
		/* zeros are kept back until a digit follows them: trailing
		 * ones add no precision ("16.000...0Gi" is 16Gi) */
		int zeros = 0;
		for (p++; *p >= '0' && *p <= '9'; p++, digits++, frac++) {
			if (*p == '0') {
				zeros++;
				continue;
			}
			for (; zeros >= 0; zeros--) {
				if (mant > NANO_LIMIT / 10)
					return fail(err,
					            "a quantity mcpc can "
					            "represent",
					            text);
				mant = mant * 10 + (zeros ? 0 : *p - '0');
			}
			zeros = 0;
		}
		frac -= zeros;
	}
	if (!digits)
		return fail(err, "a Kubernetes quantity (500m, 8Gi, 32G, 1e3)",
		            text);
	exp10 = -frac;
	if ((*p == 'e' || *p == 'E') && p[1] &&
	    (p[1] == '-' || p[1] == '+' || (p[1] >= '0' && p[1] <= '9'))) {
		/* an exponent, unless it is the suffix "E" alone */
		int eneg = 0, e = 0, ed = 0;
		const char *q = p + 1;
		if (*q == '+' || *q == '-')
			eneg = *q++ == '-';
		for (; *q >= '0' && *q <= '9'; q++, ed++)
			if ((e = e * 10 + (*q - '0')) > 1000)
				return fail(
				    err, "a quantity mcpc can represent", text);
		if (!ed || *q)
			return fail(
			    err, "a Kubernetes quantity (500m, 8Gi, 32G, 1e3)",
			    text);
		exp10 += eneg ? -e : e;
		p = q;
	} else {
		for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
			if (*p == *suffixes[i].s &&
			    strcmp(p, suffixes[i].s) == 0)
				break;
		if (i == sizeof(suffixes) / sizeof(suffixes[0]))
			return fail(
			    err, "a Kubernetes quantity (500m, 8Gi, 32G, 1e3)",
			    text);
		exp10 += suffixes[i].exp10;
		exp2 = suffixes[i].exp2;
	}
	if (scale(nano, mant, exp10, exp2) < 0 || *nano > QUANTITY_MAX)
		return fail(err,
		            "a Kubernetes quantity: at most 2^63-1 (about "
		            "9.2e18) units",
		            text);
	if (neg)
		*nano = -*nano;
	return 0;
}

int mcp_duration_parse(int64_t *ns, const char *text, mcp_buf *err)
{
	static const struct {
		const char *unit;
		int64_t ns;
	} units[] = {{"ns", 1},
	             {"us", 1000},
	             {"\xc2\xb5s", 1000}, /* U+00B5 micro sign */
	             {"\xce\xbcs", 1000}, /* U+03BC Greek mu */
	             {"ms", 1000000},
	             {"s", 1000000000},
	             {"m", 60000000000LL},
	             {"h", 3600000000000LL}};
	const char *p = text;
	unsigned __int128 total = 0;
	int neg = 0;
	const char *what = "a Go duration (1m30s, 500ms, 2h)";

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (strcmp(p, "0") == 0) {
		*ns = 0;
		return 0;
	}
	if (!*p)
		return fail(err, what, text);
	while (*p) {
		unsigned __int128 whole = 0, fracv = 0, fscale = 1;
		int pre = 0, post = 0;
		size_t i, best = 0, blen = 0;
		while (*p >= '0' && *p <= '9') {
			whole = whole * 10 + (unsigned)(*p++ - '0');
			pre = 1;
			if (whole > (unsigned __int128)1 << 63)
				return fail(
				    err, "a duration mcpc can represent", text);
		}
		if (*p == '.') {
			p++;
			while (*p >= '0' && *p <= '9') {
				if (fscale <
				    (unsigned __int128)1000000000000000000ULL) {
					fracv =
					    fracv * 10 + (unsigned)(*p - '0');
					fscale *= 10;
				}
				p++;
				post = 1;
			}
		}
		if (!pre && !post)
			return fail(err, what, text);
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			size_t l = strlen(units[i].unit);
			if (l > blen && strncmp(p, units[i].unit, l) == 0) {
				best = i;
				blen = l;
			}
		}
		if (!blen)
			return fail(err, what, text);
		p += blen;
		total += whole * (unsigned __int128)units[best].ns +
		         fracv * (unsigned __int128)units[best].ns / fscale;
		if (total > (unsigned __int128)INT64_MAX + (neg ? 1 : 0))
			return fail(err, "a duration mcpc can represent", text);
	}
	*ns = neg ? (int64_t)(-(__int128)total) : (int64_t)total;
	return 0;
}
