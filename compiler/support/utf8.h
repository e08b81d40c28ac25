/*
 * utf8.h: UTF-8 validation and byte offset -> line/column arithmetic.
 * Columns count code points, which is what editors and SARIF show.
 */
#ifndef MCPC_SUPPORT_UTF8_H
#define MCPC_SUPPORT_UTF8_H

#include <stddef.h>

/*
 * Check that @p s is well-formed UTF-8 (no overlongs, no surrogates, nothing
 * above U+10FFFF). Returns the length when valid, else the offset of the
 * first bad byte.
 */
size_t mcp_utf8_valid_prefix(const char *s, size_t len);

/* Number of code points in the valid UTF-8 text @p s. */
size_t mcp_utf8_count(const char *s, size_t len);

/*
 * Line and column (from 1; the column in code points) of byte @p offset of
 * @p text. A "\r\n" or a lone "\n" ends a line.
 */
void mcp_text_position(const char *text, size_t len, size_t offset,
                       unsigned *line, unsigned *column);

#endif
