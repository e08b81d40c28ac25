/*
 * cmd_check.c: `mcpc check SPEC...`. Today: the front end (parse, source
 * map, parse-level findings); later stages plug in after loading.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: mcpc check [options] FILE|DIR|- ...\n"
    "\n"
    "Load each spec (YAML or JSON; a directory means every *.yaml, *.yml and\n"
    "*.json below it; - reads standard input) and print what is wrong with "
    "it.\n"
    "\n"
    "options:\n"
    "  --format text|json        how to print findings (default text)\n"
    "  --fail-on error|warning|info\n"
    "                            lowest severity that makes the exit status 1\n"
    "  --color auto|always|never colour the text format (auto honours "
    "NO_COLOR)\n"
    "  -q, --quiet               errors only, no summary\n"
    "  -v, --verbose             show pointers and quote related places\n"
    "  --max-depth N             deepest nesting accepted (default 256)\n"
    "  --max-size N              largest input in bytes, K/M/G allowed (64M)\n"
    "  --max-scalar N            largest scalar in bytes (16M)\n"
    "  --max-alias-nodes N       nodes that aliases may add (100000)\n"
    "\n"
    "exit status: 0 clean, 1 findings at or above --fail-on, 2 unreadable or\n"
    "malformed input or bad usage\n";

/* Load one file and report its findings into @p d. Returns 0, or
 * MCP_ENOMEM when the findings may be incomplete. */
static int check_file(const cli_opts *o, const char *path, mcp_diag *d)
{
	mcp_source *src = NULL;
	int rc = mcp_source_load_file(&src, path, &o->load, d);

	mcp_source_free(src);
	return rc == MCP_ENOMEM ? rc : 0;
}

int cmd_check(int argc, char **argv)
{
	cli_opts o;
	mcp_diag *d = NULL;
	size_t i, j;
	int status, oom = 0;

	if ((status = cli_parse(&o, argc, argv)) != 0) {
		cli_opts_free(&o);
		return status;
	}
	if (o.help) {
		fputs(usage, stdout);
		cli_opts_free(&o);
		return EXIT_CLEAN;
	}
	if (o.nargs == 0) {
		cli_error("check: no files given (see 'mcpc check --help')");
		cli_opts_free(&o);
		return EXIT_TROUBLE;
	}
	if (mcp_diag_new(&d) < 0) {
		cli_error("out of memory");
		cli_opts_free(&o);
		return EXIT_TROUBLE;
	}
	for (i = 0; i < o.nargs; i++) {
		char **paths;
		size_t n;
		int rc = mcp_paths_expand(&paths, &n, o.args[i], d);
		if (rc < 0) {
			oom |= rc == MCP_ENOMEM;
			continue;
		}
		for (j = 0; j < n; j++)
			oom |= check_file(&o, paths[j], d) < 0;
		mcp_paths_free(paths, n);
	}
	status = cli_finish(&o, d);
	if (oom) {
		/* Some findings may be missing: never report a clean run. */
		cli_error("check: out of memory; the report is incomplete");
		status = EXIT_TROUBLE;
	}
	mcp_diag_free(d);
	cli_opts_free(&o);
	return status;
}
