/*
 * srcmap.h: the source map. For every value and every mapping key of every
 * loaded document it records where it stands in the file, keyed by the
 * node's JSON Pointer (RFC 6901), so any stage can speak of a node by its
 * pointer and the diagnostics layer turns pointers into places.
 */
#ifndef MCPC_SRCMAP_H
#define MCPC_SRCMAP_H

#include <stddef.h>

#include "mcpc/export.h"
#include "mcpc/diag.h"

typedef struct mcp_srcmap mcp_srcmap;

/**
 * Find where the node at @p pointer of document @p doc stands.
 *
 * @param m the source map of a loaded source
 * @param doc the document's index in its stream (0 for the first)
 * @param pointer a JSON Pointer, "" for the document root
 * @param value filled with the value's place (may be NULL)
 * @param key filled with the place of the mapping key that holds the value;
 *        line 0 for sequence items and document roots (may be NULL)
 * @return 0, or MCP_ENOTFOUND when no such node was loaded
 */
MCP_EXPORT int mcp_srcmap_lookup(const mcp_srcmap *m, size_t doc,
                                 const char *pointer, mcp_loc *value,
                                 mcp_loc *key);

/**
 * Like mcp_srcmap_lookup, but when the node does not exist (a missing
 * property), fall back to the deepest ancestor that does.
 *
 * @return the length of the pointer prefix that was found (0 for the root),
 *         or MCP_ENOTFOUND when even the document is unknown
 */
MCP_EXPORT int mcp_srcmap_nearest(const mcp_srcmap *m, size_t doc,
                                  const char *pointer, mcp_loc *value);

/** Number of nodes recorded (values, across all documents). */
MCP_EXPORT size_t mcp_srcmap_size(const mcp_srcmap *m);

#endif
