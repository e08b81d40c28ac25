/*
 * regex.c: ECMA-262 patterns on PCRE2. PCRE2 in UTF mode without UCP
 * already reads \d and \w as ECMA-262 does (ASCII only); what differs is
 * rewritten before compiling: long Unicode property names (\p{Letter}),
 * "General_Category="/"Script=" forms, and \s, which in ECMA-262 also
 * matches Unicode spaces. "$" matches only at the very end, as in
 * ECMA-262 (PCRE2_DOLLAR_ENDONLY).
 */
#include <stdio.h>
#include <string.h>

#include "check/regex.h"
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

static void translate(mcp_buf *out, const char *p)
{
	int in_class = 0;

	while (*p) {
		if (p[0] == '\\' && p[1]) {
			if ((p[1] == 'p' || p[1] == 'P') && p[2] == '{') {
				const char *end = strchr(p + 3, '}');
				if (end) {
					mcp_buf_put(out, p, 3);
					put_property(out, p + 3,
					             (size_t)(end - p - 3));
					mcp_buf_putc(out, '}');
					p = end + 1;
					continue;
				}
			}
			if (p[1] == 's') {
				mcp_buf_puts(out, in_class ? "\\s" ECMA_SPACES
				                           : "[\\s" ECMA_SPACES
				                             "]");
				p += 2;
				continue;
			}
			if (p[1] == 'S' && !in_class) {
				mcp_buf_puts(out, "[^\\s" ECMA_SPACES "]");
				p += 2;
				continue;
			}
			mcp_buf_put(out, p, 2);
			p += 2;
			continue;
		}
		if (*p == '[' && !in_class)
			in_class = 1;
		else if (*p == ']' && in_class)
			in_class = 0;
		mcp_buf_putc(out, *p++);
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
