/*
 * regex.c: ECMA-262 patterns on PCRE2. PCRE2 in UTF mode without UCP
 * already reads \d and \w as ECMA-262 does (ASCII only); what differs is
 * rewritten before compiling: long Unicode property names (\p{Letter}),
 * "General_Category="/"Script=" forms, \s and \S (Unicode spaces are
 * spaces in ECMA-262), "." (no line terminator: \n, \r, U+2028, U+2029),
 * and the empty classes [] and [^]. "$" matches only at the very end, as
 * in ECMA-262 (PCRE2_DOLLAR_ENDONLY).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/schema/regex.h"
#include "mcpc/buf.h"

static const char *const categories[][2] = {
    {"Letter", "L"},
    {"Cased_Letter", "L&"},
    {"Uppercase_Letter", "Lu"},
    {"Lowercase_Letter", "Ll"},
    {"Titlecase_Letter", "Lt"},
    {"Modifier_Letter", "Lm"},
    {"Other_Letter", "Lo"},
    {"Mark", "M"},
    {"Combining_Mark", "M"},
    {"Nonspacing_Mark", "Mn"},
    {"Spacing_Mark", "Mc"},
    {"Enclosing_Mark", "Me"},
    {"Number", "N"},
    {"Decimal_Number", "Nd"},
    {"digit", "Nd"},
    {"Letter_Number", "Nl"},
    {"Other_Number", "No"},
    {"Punctuation", "P"},
    {"punct", "P"},
    {"Connector_Punctuation", "Pc"},
    {"Dash_Punctuation", "Pd"},
    {"Open_Punctuation", "Ps"},
    {"Close_Punctuation", "Pe"},
    {"Initial_Punctuation", "Pi"},
    {"Final_Punctuation", "Pf"},
    {"Other_Punctuation", "Po"},
    {"Symbol", "S"},
    {"Math_Symbol", "Sm"},
    {"Currency_Symbol", "Sc"},
    {"Modifier_Symbol", "Sk"},
    {"Other_Symbol", "So"},
    {"Separator", "Z"},
    {"Space_Separator", "Zs"},
    {"Line_Separator", "Zl"},
    {"Paragraph_Separator", "Zp"},
    {"Other", "C"},
    {"Control", "Cc"},
    {"cntrl", "Cc"},
    {"Format", "Cf"},
    {"Surrogate", "Cs"},
    {"Private_Use", "Co"},
    {"Unassigned", "Cn"},
};

/* ECMA-262 WhiteSpace and LineTerminator beyond ASCII. */
#define ECMA_SPACES                                                            \
	"\\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}"       \
	"\\x{205f}\\x{3000}\\x{feff}"

/* Rewrite the inside of \p{...}: strip "gc="/"sc=" forms, map long names. */
static void put_property(mcp_buf *out, const char *name, size_t len)
{
	static const char *const prefixes[] = {
	    "General_Category=", "gc=", "Script=", "sc=", NULL};
	size_t i;

	for (i = 0; prefixes[i]; i++) {
		size_t n = strlen(prefixes[i]);
		if (len > n && strncmp(name, prefixes[i], n) == 0) {
			name += n;
			len -= n;
			break;
		}
	}
	for (i = 0; i < sizeof(categories) / sizeof(categories[0]); i++) {
		if (strlen(categories[i][0]) == len &&
		    strncmp(categories[i][0], name, len) == 0) {
			mcp_buf_puts(out, categories[i][1]);
			return;
		}
	}
	mcp_buf_put(out, name, len);
}

/* Length of the escape at @p p ("\\x", or a whole "\\p{...}"). */
static size_t escape_len(const char *p)
{
	const char *end;

	if (!p[1])
		return 1;
	if ((p[1] == 'p' || p[1] == 'P') && p[2] == '{' &&
	    (end = strchr(p + 3, '}')))
		return (size_t)(end - p) + 1;
	return 2;
}

/* Copy one escape, rewriting \p{Long_Name} and, in a class, \s. */
static void put_escape(mcp_buf *out, const char *p, size_t n, int in_class)
{
	if (n > 3 && (p[1] == 'p' || p[1] == 'P')) {
		mcp_buf_put(out, p, 3);
		put_property(out, p + 3, n - 4);
		mcp_buf_putc(out, '}');
	} else if (p[1] == 's' && in_class) {
		mcp_buf_puts(out, "\\s" ECMA_SPACES);
	} else if (p[1] == 's') {
		mcp_buf_puts(out, "[\\s" ECMA_SPACES "]");
	} else if (p[1] == 'S' && !in_class) {
		mcp_buf_puts(out, "[^\\s" ECMA_SPACES "]");
	} else {
		mcp_buf_put(out, p, n);
	}
}

/*
 * A character class from @p p (at its '['); returns what it consumed.
 * ECMA-262's [] matches nothing and [^] anything; a \S inside a class
 * cannot be widened in place, so the class is split around it.
 */
static size_t put_class(mcp_buf *out, const char *p)
{
	const char *q = p + 1, *start;
	int negated = 0, has_S = 0;
	mcp_buf rest;

	if (*q == '^')
		negated = 1, q++;
	start = q;
	while (*q && *q != ']') {
		size_t n = *q == '\\' ? escape_len(q) : 1;
		if (n == 2 && q[1] == 'S')
			has_S = 1;
		q += n;
	}
	if (!*q) { /* unclosed: let PCRE2 say so */
		mcp_buf_puts(out, p);
		return strlen(p);
	}
	if (q == start) {
		mcp_buf_puts(out, negated ? "[\\s\\S]" : "(?!)");
		return (size_t)(q - p) + 1;
	}
	mcp_buf_init(&rest);
	for (; start < q;) {
		size_t n = *start == '\\' ? escape_len(start) : 1;
		if (n == 2 && start[1] == 'S')
			;
		else if (n > 1)
			put_escape(&rest, start, n, 1);
		else
			mcp_buf_putc(&rest, *start);
		start += n;
	}
	if (!has_S) {
		mcp_buf_printf(out, "[%s%s]", negated ? "^" : "", rest.ptr);
	} else if (!negated) {
		if (rest.len)
			mcp_buf_printf(out, "(?:[%s]|[^\\s" ECMA_SPACES "])",
			               rest.ptr);
		else
			mcp_buf_puts(out, "[^\\s" ECMA_SPACES "]");
	} else {
		/* not (rest or non-space): the spaces that are not in rest */
		if (rest.len)
			mcp_buf_printf(out, "(?:(?![%s])[\\s" ECMA_SPACES "])",
			               rest.ptr);
		else
			mcp_buf_puts(out, "[\\s" ECMA_SPACES "]");
	}
	mcp_buf_free(&rest);
	return (size_t)(q - p) + 1;
}

static void translate(mcp_buf *out, const char *p)
{
	while (*p) {
		if (*p == '\\') {
			size_t n = escape_len(p);
			put_escape(out, p, n, 0);
			p += n;
		} else if (*p == '[') {
			p += put_class(out, p);
		} else if (*p == '.') {
			/* ECMA-262: any character but a line terminator */
			mcp_buf_puts(out, "[^\\n\\r\\x{2028}\\x{2029}]");
			p++;
		} else {
			mcp_buf_putc(out, *p++);
		}
	}
}

pcre2_code *mcp_regex_compile(const char *pattern, char *err, size_t errlen)
{
	mcp_buf b;
	pcre2_code *re;
	int code;
	PCRE2_SIZE off;

	mcp_buf_init(&b);
	translate(&b, pattern);
	if (b.oom) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	re = pcre2_compile((PCRE2_SPTR)b.ptr, b.len,
	                   PCRE2_UTF | PCRE2_DOLLAR_ENDONLY, &code, &off, NULL);
	mcp_buf_free(&b);
	if (!re) {
		pcre2_get_error_message(code, (PCRE2_UCHAR *)err, errlen);
		return NULL;
	}
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* best effort */
	return re;
}

/* A class "[...]" at @p p of ASCII characters, ranges and the escapes
 * \. \- \_ into @p in; the text after it, or NULL. */
static const char *simple_class(const char *p, unsigned char *in)
{
	int prev = -1;

	if (*p++ != '[' || *p == '^' || *p == ']')
		return NULL;
	while (*p && *p != ']') {
		int c = (unsigned char)*p++;
		if (c == '\\') {
			c = (unsigned char)*p++;
			if (c != '.' && c != '-' && c != '_')
				return NULL;
		} else if (c == '-' && prev >= 0 && *p != ']') {
			int hi = (unsigned char)*p++, k;
			if (hi == '\\' || hi == '[' || hi >= 0x7f || hi < prev)
				return NULL;
			for (k = prev; k <= hi; k++)
				in[k] = 1;
			prev = -1;
			continue;
		} else if (c == '[' || c < 0x20 || c >= 0x7f) {
			return NULL;
		}
		in[c] = 1;
		prev = c;
	}
	return *p == ']' ? p + 1 : NULL;
}

/* A count "{n}" or "{n,m}" at @p p; the text after it, or NULL. */
static const char *simple_count(const char *p, size_t *min, size_t *max)
{
	char *end;

	if (*p++ != '{' || *p < '0' || *p > '9')
		return NULL;
	*min = *max = strtoul(p, &end, 10);
	p = end;
	if (*p == ',') {
		p++;
		if (*p < '0' || *p > '9')
			return NULL;
		*max = strtoul(p, &end, 10);
		p = end;
	}
	if (*p != '}' || *max < *min || *max > 100000)
		return NULL;
	return p + 1;
}

int mcp_regex_simple_compile(const char *pattern, mcp_regex_simple *out)
{
	const char *p = pattern;
	unsigned char b[256];
	size_t k;

	memset(out, 0, sizeof(*out));
	if (*p++ != '^' || !(p = simple_class(p, out->in)))
		return 0;
	if (strcmp(p, "+$") == 0) {
		out->min = 1;
		out->max = SIZE_MAX;
		return 1;
	}
	if (strcmp(p, "*$") == 0) {
		out->max = SIZE_MAX;
		return 1;
	}
	if (*p == '{') {
		p = simple_count(p, &out->min, &out->max);
		return p && strcmp(p, "$") == 0;
	}
	/* "([B]*[A])?$" after "^[A]", with every byte of A in B */
	memset(b, 0, sizeof(b));
	memcpy(out->edge, out->in, sizeof(out->edge));
	memset(out->in, 0, sizeof(out->in));
	if (*p++ != '(' || !(p = simple_class(p, b)) || *p++ != '*' ||
	    !(p = simple_class(p, out->in)) || strcmp(p, ")?$") != 0 ||
	    memcmp(out->in, out->edge, sizeof(b)) != 0)
		return 0;
	memcpy(out->in, b, sizeof(b));
	for (k = 0; k < 256; k++)
		if (out->edge[k] && !out->in[k])
			return 0;
	out->label = 1;
	return 1;
}

int mcp_regex_simple_match(const mcp_regex_simple *re, const char *s,
                           size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	/* every byte in the class: each character is one byte (the classes
	 * are ASCII, so a longer character is in none) */
	if (re->label) {
		if (!len || !re->edge[u[0]] || !re->edge[u[len - 1]])
			return 0;
	} else if (len < re->min || len > re->max) {
		return 0;
	}
	for (i = 0; i < len; i++)
		if (!re->in[u[i]])
			return 0;
	return 1;
}
