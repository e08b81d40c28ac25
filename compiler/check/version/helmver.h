/*
 * helmver.h: Helm's version constraints (helmver.c), the Masterminds
 * semver dialect of Chart.yaml's kubeVersion and dependency versions.
 */
#ifndef MCPC_CHECK_HELMVER_H
#define MCPC_CHECK_HELMVER_H

#include "mcpc/buf.h"

/* Whether version satisfies range; 0, MCP_EPARSE (message in err),
 * MCP_ELIMIT or MCP_ENOMEM. */
int hv_match(int *match, const char *version, const char *range, mcp_buf *err);

/* Precedence of two versions: <0, 0, >0 through *cmp. */
int hv_compare(int *cmp, const char *a, const char *b, mcp_buf *err);

#endif
