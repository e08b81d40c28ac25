/*
 * cli.h: what the subcommands share: the common flags, the exit statuses
 * and the way a report reaches standard output.
 */
#ifndef MCPC_CLI_H
#define MCPC_CLI_H

#include <stddef.h>

#include "mcpc/mcpc.h"

/* Exit statuses: the contract in docs/cli.md. */
#define EXIT_CLEAN    0
#define EXIT_FINDINGS 1
#define EXIT_TROUBLE  2

typedef struct cli_opts {
	const mcp_renderer *renderer;
	mcp_severity fail_on;
	mcp_render_opts render;
	mcp_load_opts load;
	char **args; /* the operands, in order */
	size_t nargs;
	int help;
} cli_opts;

/*
 * Parse the common flags and the operands of a subcommand. @p argv[0] is
 * the subcommand's name. Prints a one-line error and returns EXIT_TROUBLE
 * on a bad flag, else 0. Free with cli_opts_free.
 */
int cli_parse(cli_opts *o, int argc, char **argv);
void cli_opts_free(cli_opts *o);

/*
 * Render @p d (sorted first) to standard output and choose the exit
 * status: 2 when any finding is fatal, 1 when any reaches --fail-on, else 0.
 */
int cli_finish(const cli_opts *o, mcp_diag *d);

/* Print a one-line error, prefixed "mcpc: ". */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int cmd_check(int argc, char **argv);

#endif
