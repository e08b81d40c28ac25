/*
 * quantity.h: Kubernetes resource quantities ("500m", "8Gi", "32G",
 * "1e3") and Go durations ("1m30s", "500ms"), parsed into exact integers
 * so that limits and requests compare without rounding.
 */
#ifndef MCPC_QUANTITY_H
#define MCPC_QUANTITY_H

#include <stdint.h>

#include "mcpc/export.h"
#include "mcpc/buf.h"

/**
 * Parse a Kubernetes quantity into nano-units (a CPU of "500m" is
 * 500000000, a memory of "1Ki" is 1024000000000).
 *
 * @return 0, or MCP_EPARSE with a message in *err (may be NULL): not a
 *         quantity, or beyond the largest Kubernetes allows (2^63-1 units,
 *         either sign); every quantity it accepts compares exactly
 */
MCP_EXPORT int mcp_quantity_parse(__int128 *nano, const char *text,
                                  mcp_buf *err);

/**
 * Parse a Go duration (time.ParseDuration) into nanoseconds.
 *
 * @return 0, or MCP_EPARSE with a message in *err (may be NULL)
 */
MCP_EXPORT int mcp_duration_parse(int64_t *ns, const char *text, mcp_buf *err);

#endif
