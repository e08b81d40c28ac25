/*
 * loader.h: what the YAML and JSON loaders share: the source being built,
 * and the helpers that report parse-level findings.
 */
#ifndef MCPC_FRONT_LOADER_H
#define MCPC_FRONT_LOADER_H

#include <jansson.h>
#include <stdarg.h>

#include "front/srcmap_int.h"
#include "mcpc/mcpc.h"

/* Parse-level rule ids. docs/rules.md explains each. */
#define RULE_SYNTAX        "MCP-YAML-001"
#define RULE_DUPLICATE_KEY "MCP-YAML-002"
#define RULE_BOOL11        "MCP-YAML-003"
#define RULE_LEADING_ZERO  "MCP-YAML-004"
#define RULE_SEXAGESIMAL   "MCP-YAML-005"
#define RULE_TAB           "MCP-YAML-006"
#define RULE_ENCODING      "MCP-YAML-007"
#define RULE_LIMIT         "MCP-YAML-008"
#define RULE_TAG           "MCP-YAML-009"
#define RULE_ALIAS         "MCP-YAML-010"
#define RULE_NUMBER        "MCP-YAML-011"
#define RULE_KEY           "MCP-YAML-012"
#define RULE_IO            "MCP-IO-001"
#define RULE_SKIPPED       "MCP-IO-003" /* a folder passed over */
#define RULE_NOTHING       "MCP-IO-004" /* named, and holds nothing */

struct mcp_source {
	const char *name; /* interned in the diag list */
	json_t *docs;     /* array of documents */
	mcp_srcmap *map;
};

typedef struct load_ctx {
	mcp_source *src;
	mcp_diag *diag;
	const mcp_load_opts *opts;
	const char *text; /* the input, after any byte-order mark */
	size_t len;
	size_t bom; /* bytes of byte-order mark skipped before text */
	int fatal;  /* a fatal finding was reported */
	int oom;
	unsigned flags; /* LOAD_* */
} load_ctx;

/* Every YAML text through libyaml's reader, even printable ASCII (which
 * mcp_yaml_load otherwise hands to the scanner directly): for tests. */
#define LOAD_READER 1u

/* mcp_source_load_buffer with LOAD_* @p flags. */
int load_buffer_with(mcp_source **out, const char *name, const char *data,
                     size_t len, const mcp_load_opts *opts, mcp_diag *diag,
                     unsigned flags);

/* Report a finding at @p line:@p col; fatal ones set ctx->fatal.
 * Returns the finding (NULL when out of memory, which sets ctx->oom). */
mcp_finding *load_report(load_ctx *ctx, const char *rule, mcp_severity sev,
                         int fatal, unsigned line, unsigned col,
                         const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

/* Attach "first defined here" style related places. */
void load_related(load_ctx *ctx, mcp_finding *f, unsigned line, unsigned col,
                  const char *msg);

/* Line and column of byte @p offset of the input. */
void load_position(const load_ctx *ctx, size_t offset, unsigned *line,
                   unsigned *col);

/* mcp_source_overlay, with @p links 0: a merged source map that records
 * every node, as a reference for the one that links to the base. */
int overlay_build(mcp_source **out, const mcp_source *src, size_t doc,
                  const char *env, int links);

/* The loaders. Both return 0 or a negative code; findings go to ctx. */
int mcp_yaml_load(load_ctx *ctx);
int mcp_json_load(load_ctx *ctx);

#endif
