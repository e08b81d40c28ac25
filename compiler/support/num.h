/*
 * num.h: the one strict parser for unsigned decimal numbers, used for every
 * number mcpc reads by hand (flags, project and cache fields, versions,
 * array indices). strtoul and friends accept a sign, leading space and
 * wrap negatives ("-1" becomes ULONG_MAX); a gate must not.
 */
#ifndef MCPC_SUPPORT_NUM_H
#define MCPC_SUPPORT_NUM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Read the decimal digits at the start of @p s (at most @p len bytes) into
 * *out. There must be at least one digit, no sign and no space, and the
 * value must be at most @p max. *used (may be NULL) gets the number of
 * digits read, so that a caller can go on at what follows ("1/4", "8Ki").
 *
 * @return 0, or -1 (no digit, or above max; *out is left alone)
 */
int mcp_num_prefix(const char *s, size_t len, uint64_t max, uint64_t *out,
                   size_t *used);

/*
 * The whole of the NUL-terminated @p s is a number from 0 to @p max: digits
 * only, nothing before or after them.
 *
 * @return 0, or -1 (*out is left alone)
 */
int mcp_num_parse(const char *s, uint64_t max, uint64_t *out);

/* As mcp_num_parse, for the @p len bytes at @p s. */
int mcp_num_parse_n(const char *s, size_t len, uint64_t max, uint64_t *out);

/*
 * A JSON Pointer array index (RFC 6901): "0", or digits without a leading
 * zero, at most @p max.
 *
 * @return 0, or -1 (*out is left alone)
 */
int mcp_num_index(const char *s, size_t len, uint64_t max, uint64_t *out);

#endif
