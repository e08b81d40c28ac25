/*
 * render.h: turning a list of findings into a report. Each format is one
 * file in compiler/emit/ that fills in an mcp_renderer; adding a format
 * means adding that file and one line to the table in render.c.
 */
#ifndef MCPC_RENDER_H
#define MCPC_RENDER_H

#include "mcpc/export.h"
#include "mcpc/buf.h"
#include "mcpc/diag.h"

struct mcp_rules;

typedef struct mcp_render_opts {
	int color;   /* 1 to use ANSI colours */
	int quiet;   /* only errors, no summary */
	int verbose; /* add the JSON Pointer and related places everywhere */
	/* for formats that describe the rules (SARIF): the rules, or NULL */
	const struct mcp_rules *rules;
	int exit_code; /* the run's exit status, for formats that record it */
	/* Whether the report states how many specs (files) the run checked,
	 * and how many: every format does, so that a run that checked none
	 * is seen. 0 (a zeroed struct) for a report that is not about
	 * checking specs: no count is shown. */
	int has_specs;
	long specs;
	/* A lint run's identity, for merge-reports (NULL: not lint): what
	 * every shard of one run shares, and which shard of how many this
	 * report is (1 of 1 unsharded). */
	const char *run_id;
	unsigned shard, nshards;
	/* What the run passed over that it was asked about, said after the
	 * count by the text report ("excluded 3 by spec.exclude"), or NULL
	 * (last, so that older initializers keep their meaning). */
	const char *specs_note;
} mcp_render_opts;

typedef struct mcp_renderer {
	const char *name; /* the --format value */
	/* Append the report for @p d (already sorted) to @p out. */
	int (*render)(mcp_buf *out, const mcp_diag *d,
	              const mcp_render_opts *opts);
} mcp_renderer;

/** The renderer called @p name, or NULL. */
MCP_EXPORT const mcp_renderer *mcp_renderer_find(const char *name);

/** The names of every renderer, "a|b|c", for usage messages. */
MCP_EXPORT const char *mcp_renderer_names(void);

struct mcp_rule_info;

/**
 * A rule's help: with @p markdown, the body of its page in docs/rules/
 * (what the standard asks, why, an input that fires it, the fix), else
 * that of `mcpc explain` (indented prose). SARIF's reporting descriptors
 * carry both.
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_rule_help(mcp_buf *out, const struct mcp_rule_info *ri,
                             int markdown);

/* Where mcpc's repository (mcp_home_url) and its docs/ folder
 * (mcp_docs_url) are published: set at build time (make URL=...
 * DOCS_URL=...). Reports link to them. */
MCP_EXPORT const char *mcp_home_url(void);
/* docs/'s address: see mcp_home_url. */
MCP_EXPORT const char *mcp_docs_url(void);

/* Append the address of rule @p id's page, DOCS_URL/rules/ID.md. */
MCP_EXPORT int mcp_rule_page_url(mcp_buf *out, const char *id);

/**
 * The file a result of mcpc's SARIF names by @p uri (its
 * artifactLocation.uri): the percent-encoding undone, a file:// URI's
 * path, "<stdin>" for standard input.
 *
 * @return a string to free(), or NULL when out of memory
 */
MCP_EXPORT char *mcp_sarif_file(const char *uri);

/* The renderers, one per file. */
MCP_EXPORT extern const mcp_renderer mcp_render_text;
MCP_EXPORT extern const mcp_renderer mcp_render_json;
MCP_EXPORT extern const mcp_renderer mcp_render_sarif;
MCP_EXPORT extern const mcp_renderer mcp_render_junit;
MCP_EXPORT extern const mcp_renderer mcp_render_github;
MCP_EXPORT extern const mcp_renderer mcp_render_markdown;

#endif
