/*
 * waivers.h: waivers that expire. A spec waives a rule with the annotation
 * metadata.annotations["mcpc.io/waive.RULE-ID"] = "REASON; expires=DATE";
 * the rule's findings in that document are then reported as waived, not
 * dropped, and do not fail the run until DATE has passed.
 */
#ifndef MCPC_WAIVERS_H
#define MCPC_WAIVERS_H

#include <stddef.h>

#include "mcpc/export.h"
#include "mcpc/diag.h"
#include "mcpc/load.h"
#include "mcpc/rules.h"
#include "mcpc/schema.h"

/* The horizon when the project sets none: a waiver expires within a year. */
#define MCP_WAIVER_MAX_DAYS 365

/* What every waiver, in either form, is held to: a waiver that fails one
 * of these is itself a finding and waives nothing (docs/waivers.md). */
typedef struct mcp_waiver_policy {
	char today[11];  /* YYYY-MM-DD (UTC): before it, a waiver expired */
	char latest[11]; /* today + max_days: the last expiry accepted */
	int max_days;    /* the horizon, in days */
	const mcp_rules *rules; /* the rules a waiver may name (NULL: none but
	                           the matrix's checks) */
} mcp_waiver_policy;

/**
 * A policy as of @p today (YYYY-MM-DD) whose waivers may expire at most
 * @p max_days ahead (0: MCP_WAIVER_MAX_DAYS) and name the rules of
 * @p rules or a check of the compatibility matrix.
 *
 * @return 0; -1 when @p today is not a date or @p max_days is negative
 */
MCP_EXPORT int mcp_waiver_policy_init(mcp_waiver_policy *p, const char *today,
                                      int max_days, const mcp_rules *rules);

/**
 * Whether findings of rule @p rule may be waived at all: 0 for the
 * structural ones, which say that the input could not be (fully) checked
 * (MCP-YAML-*, MCP-SCHEMA-*, MCP-IO-*, MCP-GIT-*, MCP-DEPS-*, MCP-BUILD-*,
 * MCP-PROJECT-*, MCP-RULES-*, MCP-WAIVER-*, MCP-COMPAT-000 and -001); a fatal
 * finding of any rule is never waived either.
 */
MCP_EXPORT int mcp_waiver_rule_waivable(const char *rule);

/* The waivers of a waivers file (kind Waivers). */
typedef struct mcp_waivers mcp_waivers;

/**
 * Read a waivers file, validated against its schema (@p schema, the
 * built-in dispatcher). Each entry is held to @p policy as an annotation
 * is (see mcp_waivers_apply); an entry that fails is a finding at the
 * entry and waives nothing.
 *
 * @return 0; MCP_EPARSE (findings say where); MCP_EIO; MCP_ENOMEM
 */
MCP_EXPORT int mcp_waivers_load(mcp_waivers **out, const char *path,
                                const mcp_schema *schema,
                                const mcp_load_opts *opts,
                                const mcp_waiver_policy *policy, mcp_diag *d);

/** The number of entries of a waivers file (0 for NULL): the length of
 * the counters mcp_waivers_apply and mcp_waivers_finish take. */
MCP_EXPORT size_t mcp_waivers_count(const mcp_waivers *w);

/** Report the file's entries that waived nothing (MCP-WAIVER-002), once
 * every spec has been checked: those whose counter in @p hits (summed over
 * every mcp_waivers_apply) is 0. @return 0 or MCP_ENOMEM */
MCP_EXPORT int mcp_waivers_finish(const mcp_waivers *w, const size_t *hits,
                                  mcp_diag *d);

/** Free a waivers file from mcp_waivers_load. NULL is fine. */
MCP_EXPORT void mcp_waivers_free(mcp_waivers *w);

/**
 * Apply document @p doc's waivers (its annotations, and the entries of
 * @p file, which may be NULL) to the findings from index @p first on
 * (those its checks added), as of @p policy. Each finding an entry
 * of @p file waives adds one to that entry's counter in @p hits
 * (mcp_waivers_count of them; NULL: not counted). The waivers themselves
 * are only read, so threads may share them, each with its own counters.
 * An annotation that fails the policy waives nothing and is an error at
 * it: MCP-WAIVER-001 (no rule id, no reason, no valid expiry date),
 * MCP-WAIVER-003 (an expiry beyond the horizon), MCP-WAIVER-004 (a
 * structural rule), MCP-WAIVER-005 (no such rule), MCP-WAIVER-EXPIRED
 * (past its date); one that matched no finding is MCP-WAIVER-002, a
 * warning.
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_waivers_apply(const mcp_source *src, size_t doc, mcp_diag *d,
                                 size_t first, const mcp_waiver_policy *policy,
                                 const mcp_waivers *file, size_t *hits);

/** Today's date (UTC) as YYYY-MM-DD, or MCPC_TODAY when it holds a valid
 * date (for tests and reproducible runs). */
MCP_EXPORT void mcp_waivers_today(char out[11]);

#endif
