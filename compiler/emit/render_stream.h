/*
 * render_stream.h: a report written file by file. Every renderer reads
 * its findings through an em_source, one run of findings about one file
 * at a time, in the report's order, after a first pass (em_totals) has
 * counted what a report states before or after its findings. A list in
 * memory is one source (em_render_list, what mcp_renderer.render does);
 * lint's spilled findings are another (compiler/cli/spill.c), so that a
 * run of a hundred thousand specs holds one file's findings at a time.
 */
#ifndef MCPC_EMIT_RENDER_STREAM_H
#define MCPC_EMIT_RENDER_STREAM_H

#include <stddef.h>

#include "mcpc/buf.h"
#include "mcpc/diag.h"
#include "mcpc/render.h"

typedef struct em_source em_source;

struct em_source {
	/* The next run of findings about one file (a finding without a
	 * file counts as the file ""), sorted as mcp_diag_sort sorts, their
	 * texts masked as mcp_diag_redact masks them; valid until the next
	 * call. *n is 0 after the last. 0, MCP_ENOMEM or MCP_EIO. */
	int (*next)(em_source *s, const mcp_finding **v, size_t *n);
	/* Back to the first run. 0, MCP_ENOMEM or MCP_EIO. */
	int (*rewind)(em_source *s);
	/* The text of the line f's place (@p related: its related place)
	 * stands on, not NUL-terminated, or NULL when it is not known. */
	const char *(*line)(em_source *s, const mcp_finding *f, int related,
	                    size_t *len);
	/* Write out what @p out holds and empty it; NULL: a report is kept
	 * whole in its buffer. 0 or MCP_EIO. */
	int (*flush)(em_source *s, mcp_buf *out);
	/* The list whose remembered credentials mask every quoted line and
	 * rule help (mcp_diag_mask). */
	const mcp_diag *d;
};

/*
 * What the first pass learns: the counts a summary states, the JUnit
 * testcases and failures a report's head states, the first finding of
 * every rule and the findings about the run itself (SARIF lists both
 * apart from the results), and with -v the places of the secret rules'
 * findings (a line one of them stands on is never quoted). Copies: a
 * source's findings do not outlive its next run.
 */
typedef struct em_totals {
	size_t findings;
	size_t errors, warnings, infos; /* not waived */
	size_t waived;
	size_t fails;      /* neither waived nor infos (JUnit failures) */
	size_t cases;      /* JUnit testcases: rule families of each file */
	mcp_diag *first;   /* the first shown finding of each rule, in order */
	mcp_diag *run;     /* the shown findings without a file, in order */
	int run_failed;    /* one of them is an error, not waived */
	mcp_diag *secrets; /* -v: the secret rules' findings (places only) */
} em_totals;

/* An empty tally. 0 or MCP_ENOMEM. */
int em_totals_init(em_totals *t);
/* Count one run of findings (from em_source.next). 0 or MCP_ENOMEM. */
int em_totals_add(em_totals *t, const mcp_finding *v, size_t n,
                  const mcp_render_opts *opts);
void em_totals_free(em_totals *t);
/* The first pass over a whole source, which is then rewound. */
int em_totals_of(em_totals *t, em_source *src, const mcp_render_opts *opts);

/* Whether a finding is shown under @p opts (-q: errors not waived). */
int em_shown(const mcp_finding *f, const mcp_render_opts *opts);

/* One format, reading a source. */
typedef int (*em_stream_fn)(mcp_buf *out, em_source *src, const em_totals *t,
                            const mcp_render_opts *opts);

int em_stream_text(mcp_buf *out, em_source *src, const em_totals *t,
                   const mcp_render_opts *opts);
int em_stream_json(mcp_buf *out, em_source *src, const em_totals *t,
                   const mcp_render_opts *opts);
int em_stream_sarif(mcp_buf *out, em_source *src, const em_totals *t,
                    const mcp_render_opts *opts);
int em_stream_junit(mcp_buf *out, em_source *src, const em_totals *t,
                    const mcp_render_opts *opts);
int em_stream_github(mcp_buf *out, em_source *src, const em_totals *t,
                     const mcp_render_opts *opts);
int em_stream_markdown(mcp_buf *out, em_source *src, const em_totals *t,
                       const mcp_render_opts *opts);

/* The stream function of a renderer of render.h, or NULL. */
em_stream_fn em_stream_of(const mcp_renderer *r);

/* A sorted, redacted list rendered through its stream function: what
 * every mcp_renderer.render does. */
int em_render_list(mcp_buf *out, const mcp_diag *d, const mcp_render_opts *opts,
                   em_stream_fn stream);

#endif
