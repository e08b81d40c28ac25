/*
 * render.h: turning a list of findings into a report. Each format is one
 * file in compiler/emit/ that fills in an mcp_renderer; adding a format
 * means adding that file and one line to the table in render.c.
 */
#ifndef MCPC_RENDER_H
#define MCPC_RENDER_H

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
	/* What the run passed over that it was asked about, said after the
	 * count by the text report ("excluded 3 by spec.exclude"), or NULL. */
	const char *specs_note;
	/* A lint run's identity, for merge-reports (NULL: not lint): what
	 * every shard of one run shares, and which shard of how many this
	 * report is (1 of 1 unsharded). */
	const char *run_id;
	unsigned shard, nshards;
} mcp_render_opts;

typedef struct mcp_renderer {
	const char *name; /* the --format value */
	/* Append the report for @p d (already sorted) to @p out. */
	int (*render)(mcp_buf *out, const mcp_diag *d,
	              const mcp_render_opts *opts);
} mcp_renderer;

/** The renderer called @p name, or NULL. */
const mcp_renderer *mcp_renderer_find(const char *name);

/** The names of every renderer, "a|b|c", for usage messages. */
const char *mcp_renderer_names(void);

/* The renderers, one per file. */
extern const mcp_renderer mcp_render_text;
extern const mcp_renderer mcp_render_json;
extern const mcp_renderer mcp_render_sarif;
extern const mcp_renderer mcp_render_junit;
extern const mcp_renderer mcp_render_github;
extern const mcp_renderer mcp_render_markdown;

#endif
