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

#endif
