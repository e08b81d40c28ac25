/*
 * cmd_check.c: `mcpc check SPEC...`: the front end (parse, source map,
 * parse-level findings), then every check of checker.c on each document.
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
    "  --format FORMAT           text (default), json, sarif, junit, github\n"
    "                            or markdown\n"
    "  --output FILE             write the report of the --format before it\n"
    "                            to FILE (repeat both for several reports)\n"
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
    "  --matrix DIR              more compatibility-matrix files (their rows\n"
    "                            replace bundled rows with the same key)\n"
    "  --rules DIR               more rule packs (a rule replaces a bundled\n"
    "                            rule with the same id)\n"
    "  --waivers FILE            a waivers file (default: the project's, or\n"
    "                            .mcpc-waivers.yaml in the current directory)\n"
    "  --config FILE             the project file (default: .mcpc.yaml in the\n"
    "                            current directory or the nearest parent)\n"
    "\n"
    "exit status: 0 clean, 1 findings at or above --fail-on, 2 unreadable or\n"
    "malformed input or bad usage\n";

int cmd_check(int argc, char **argv)
{
	static const cli_command cmd = {"check",
	                                usage,
	                                CLI_MATRIX | CLI_RULES | CLI_WAIVERS |
	                                    CLI_CONFIG,
	                                NULL,
	                                cli_checker_prepare,
	                                cli_check_doc,
	                                cli_checker_release,
	                                cli_checker_finish};

	return cli_run(&cmd, argc, argv);
}
