/*
 * uri.h: RFC 3986 references, as JSON Schema needs them: resolving a
 * reference against a base URI, and splitting off the fragment.
 */
#ifndef MCPC_CHECK_URI_H
#define MCPC_CHECK_URI_H

#include "mcpc/buf.h"

/*
 * Resolve @p ref against @p base (RFC 3986, section 5.2) into @p out.
 * @p base may be NULL or "" (then @p ref is taken as it is).
 */
void mcp_uri_resolve(mcp_buf *out, const char *base, const char *ref);

/*
 * Split @p uri at its '#': *len_out gets the length of the part before it,
 * the return value points at the fragment after the '#' (or at "" when
 * there is none).
 */
const char *mcp_uri_fragment(const char *uri, size_t *len_out);

/* Whether @p uri has a scheme ("http:", "urn:", ...). */
int mcp_uri_is_absolute(const char *uri);

/*
 * Decode percent-escapes of a URI fragment into @p out (for JSON Pointer
 * fragments such as "#/$defs/a%25b"). Returns 0, or -1 for a bad escape.
 */
int mcp_uri_unescape(mcp_buf *out, const char *s, size_t len);

#endif
