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
#include "mcpc/schema.h"

/* The waivers of a waivers file (kind Waivers). */
typedef struct mcp_waivers mcp_waivers;

/**
 * Read a waivers file, validated against its schema (@p schema, the
 * built-in dispatcher). Entries past their date are MCP-WAIVER-EXPIRED
 * and entries with an impossible date MCP-WAIVER-001, at the entry; they
 * waive nothing.
 *
 * @return 0; MCP_EPARSE (findings say where); MCP_EIO; MCP_ENOMEM
 */
int mcp_waivers_load(mcp_waivers **out, const char *path,
                     const mcp_schema *schema, const mcp_load_opts *opts,
                     const char *today, mcp_diag *d);

/** The number of entries of a waivers file (0 for NULL): the length of
 * the counters mcp_waivers_apply and mcp_waivers_finish take. */
size_t mcp_waivers_count(const mcp_waivers *w);

/** Report the file's entries that waived nothing (MCP-WAIVER-002), once
 * every spec has been checked: those whose counter in @p hits (summed over
 * every mcp_waivers_apply) is 0. @return 0 or MCP_ENOMEM */
int mcp_waivers_finish(const mcp_waivers *w, const size_t *hits, mcp_diag *d);

void mcp_waivers_free(mcp_waivers *w);

/**
 * Apply document @p doc's waivers (its annotations, and the entries of
 * @p file, which may be NULL) to the findings from index @p first on
 * (those its checks added). @p today is YYYY-MM-DD. Each finding an entry
 * of @p file waives adds one to that entry's counter in @p hits
 * (mcp_waivers_count of them; NULL: not counted). The waivers themselves
 * are only read, so threads may share them, each with its own counters. Reports
 * MCP-WAIVER-001 (a waiver without a reason or a valid expiry date),
 * MCP-WAIVER-EXPIRED (past its date: it waives nothing) and MCP-WAIVER-002 (an
 * annotation that matched no finding).
 *
 * @return 0 or MCP_ENOMEM
 */
int mcp_waivers_apply(const mcp_source *src, size_t doc, mcp_diag *d,
                      size_t first, const char *today, const mcp_waivers *file,
                      size_t *hits);

/** Today's date (UTC) as YYYY-MM-DD, or MCPC_TODAY when it holds a valid
 * date (for tests and reproducible runs). */
void mcp_waivers_today(char out[11]);

#endif
