/*
 * secrets_int.h: what secrets.c shows its tests beyond the public API:
 * each shape's expressions, so that a test can run every expression on a
 * text, with no needle or byte table deciding which, and hold the fast
 * path of mcp_secret_find and mcp_secret_mask to the same spans.
 */
#ifndef MCPC_CHECK_SECRETS_INT_H
#define MCPC_CHECK_SECRETS_INT_H

#include <stddef.h>

/* The @p i th shape (the order mcp_secret_find tries them in): its kind,
 * its expression (PCRE2, no options), the group that is the secret, and
 * @p value: NULL, or the shape is a name and its value. Then the
 * expression's group 1 is the name, taken when mcp_secret_name takes it
 * (and it is no file's path, nor a dotted place before ':'), and @p value,
 * anchored where the expression's match ends, the value, which must be no
 * reference (mcp_secret_is_reference, quotes left out). @return 0, or
 * MCP_ENOTFOUND past the last */
int mcp_secret_shape_expr(size_t i, const char **kind, const char **pattern,
                          int *group, const char **value);

#endif
