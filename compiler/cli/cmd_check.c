/*
 * cmd_check.c: `mcpc check SPEC...`: the front end (parse, source map,
 * parse-level findings), then the spec's JSON Schema; later stages (the
 * compatibility matrix, rules) plug in beside the schema.
 */
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

static int prepare(const cli_opts *o, mcp_diag *d, void **ctx)
{
	mcp_schema *schema = NULL;
	int rc = mcp_schema_builtin(&schema, NULL, d);

	(void)o;
	*ctx = schema;
	return rc;
}

static void release(void *ctx)
{
	mcp_schema_free(ctx);
}

int cmd_check(int argc, char **argv)
{
	static const cli_command cmd = {"check", usage,     0,      NULL,
	                                prepare, check_doc, release};

	return cli_run(&cmd, argc, argv);
}
