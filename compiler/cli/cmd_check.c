/*
 * cmd_check.c: `mcpc check SPEC...`: the front end (parse, source map,
 * parse-level findings), then the spec's JSON Schema; later stages (the
 * compatibility matrix, rules) plug in beside the schema.
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

/* Every document: the spec schema (the dispatcher reads apiVersion and
 * kind); later stages join here. */
static int check_doc(void *ctx, const mcp_source *src, size_t doc, mcp_diag *d)
{
	int rc = mcp_schema_check(ctx, src, doc, d);
	return rc < 0 ? rc : 0;
}

int cmd_check(int argc, char **argv)
{
	cli_opts o;
	mcp_diag *d = NULL;
	mcp_schema *schema = NULL;
	int status, oom = 0;

	if ((status = cli_parse(&o, argc, argv, 0)) != 0) {
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
	if (mcp_schema_builtin(&schema, NULL, d) == MCP_ENOMEM)
		oom = 1;
	if (schema)
		oom |= cli_each_document(&o, d, check_doc, schema) < 0;
	status = cli_finish(&o, d);
	if (oom) {
		/* Some findings may be missing: never report a clean run. */
		cli_error("check: out of memory; the report is incomplete");
		status = EXIT_TROUBLE;
	}
	mcp_schema_free(schema);
	mcp_diag_free(d);
	cli_opts_free(&o);
	return status;
}
