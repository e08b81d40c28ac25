/*
 * waivers.h: waivers that expire. A spec waives a rule with the annotation
 * metadata.annotations["mcpc.io/waive.RULE-ID"] = "REASON; expires=DATE";
 * the rule's findings in that document are then reported as waived, not
 * dropped, and do not fail the run until DATE has passed.
 */
#ifndef MCPC_WAIVERS_H
#define MCPC_WAIVERS_H

#include <stddef.h>

#include "mcpc/diag.h"
#include "mcpc/load.h"

/**
 * Apply document @p doc's waivers to the findings from index @p first on
 * (those its checks added). @p today is YYYY-MM-DD. Reports MCP-WAIVER-001
 * (a waiver without a reason or a valid expiry date), MCP-WAIVER-EXPIRED
 * (past its date: it waives nothing) and MCP-WAIVER-002 (it matched no
 * finding).
 *
 * @return 0 or MCP_ENOMEM
 */
int mcp_waivers_apply(const mcp_source *src, size_t doc, mcp_diag *d,
                      size_t first, const char *today);

/** Today's date (UTC) as YYYY-MM-DD, or MCPC_TODAY when it holds a valid
 * date (for tests and reproducible runs). */
void mcp_waivers_today(char out[11]);

#endif
