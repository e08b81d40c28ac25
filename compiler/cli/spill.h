/*
 * spill.h: lint's findings kept out of memory. Each spec's findings are
 * written out (a temporary file, unlinked at once) as soon as every spec
 * before it is done, and the spec's list is freed; the report is then
 * written file by file from there (emit/render_stream.h), so the memory a
 * run needs does not grow with its number of specs.
 */
#ifndef MCPC_CLI_SPILL_H
#define MCPC_CLI_SPILL_H

#include <stdio.h>

#include "cli/cli.h"

typedef struct cli_spill cli_spill;

/*
 * A spill for the findings a run adds after the @p mark findings the
 * run's list holds now. With @p quote (a text report), each finding's
 * quoted line is kept with it (with @p verbose, its related place's too).
 *
 * @return 0 or MCP_ENOMEM
 */
int cli_spill_new(cli_spill **out, size_t mark, int quote, int verbose);

/*
 * Move the findings of one spec (@p jd, redacted, its paths from the top
 * of the work tree; @p own is the spec's path) out of memory, in the
 * order mcp_diag_append would have added them to the run's list @p d,
 * which keeps the credentials they remember (every report masks them
 * wherever they appear). @p jd is left empty.
 *
 * @return 0 or MCP_ENOMEM
 */
int cli_spill_add(cli_spill *s, mcp_diag *jd, const char *own, mcp_diag *d);

/*
 * cli_finish for a run whose spec findings are spilled: @p d holds the
 * rest (found before and after the specs were linted). Sorts and redacts
 * @p d, chooses the exit status, and writes every report, file by file.
 */
int cli_finish_spilled(const cli_opts *o, mcp_diag *d, cli_spill *s);

void cli_spill_free(cli_spill *s);

/* What writes one report (a renderer, its options) to an open stream:
 * 0, MCP_ENOMEM or MCP_EIO (errno says why). */
typedef int (*cli_report_fn)(void *ctx, const mcp_renderer *r,
                             const mcp_render_opts *ro, FILE *fp);

/*
 * Every report of @p o (each --format and its --output; standard output
 * is @p fp), each written by @p fn with the run's exit @p status in its
 * options; one for a file goes to a temporary file beside it, then takes
 * its name (opts.c). @return @p status, or EXIT_TROUBLE when a report
 * could not be written (said on standard error).
 */
int cli_reports_write(const cli_opts *o, int status, cli_report_fn fn,
                      void *ctx, FILE *fp);

#endif
