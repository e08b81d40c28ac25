/*
 * regex.h: ECMA-262 regular expressions (what JSON Schema's "pattern"
 * means) compiled with PCRE2. docs/schema-engine.md lists the differences
 * that remain.
 */
#ifndef MCPC_CHECK_REGEX_H
#define MCPC_CHECK_REGEX_H

#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/*
 * Compile @p pattern (UTF-8, NUL-terminated). On failure returns NULL and
 * writes PCRE2's message to @p err (size @p errlen).
 */
pcre2_code *mcp_regex_compile(const char *pattern, char *err, size_t errlen);

/*
 * The patterns schemas write most, matched without PCRE2: "^[C]+$",
 * "^[C]*$", "^[C]{n}$", "^[C]{n,m}$" and "^[A]([B]*[A])?$" (a DNS label),
 * each class of ASCII characters and ranges only. A string matches when
 * PCRE2 would say so (tests/unit/test_regex.c holds the two together).
 */
typedef struct mcp_regex_simple {
	unsigned char in[256];   /* the class C, or B: 1 for a byte in it */
	unsigned char edge[256]; /* A, for the label form */
	size_t min, max;         /* characters; max SIZE_MAX: no bound */
	int label;               /* the "^[A]([B]*[A])?$" form */
} mcp_regex_simple;

/* @p pattern in one of the forms above, into @p out: 1; 0 when it is not
 * one of them. */
int mcp_regex_simple_compile(const char *pattern, mcp_regex_simple *out);

/* Whether @p s (@p len bytes of UTF-8) matches. */
int mcp_regex_simple_match(const mcp_regex_simple *re, const char *s,
                           size_t len);

#endif
