/*
 * main.c: the mcpc command: find the subcommand and hand over. This is the
 * only place that decides the process's exit status.
 */
#include <stdio.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: mcpc COMMAND [options] [args]\n"
    "\n"
    "mcpc compiles and checks MCP AI-102 deployment specs.\n"
    "\n"
    "commands:\n"
    "  init [DIR]      write a starter spec and project file\n"
    "  check FILE...   load specs and print their findings\n"
    "  build SPEC      check, then write Helm values and manifests\n"
    "  chart [DIR]     write the Helm chart the values are for\n"
    "  values FILE...  check Helm values files against the chart\n"
    "  lint [PATH...]  check every spec of a git repository (--staged)\n"
    "  hook install    a git pre-commit hook that runs lint --staged\n"
    "  cache clear     remove lint's cache\n"
    "  merge-reports FILE...\n"
    "                  combine the JSON or SARIF reports of lint shards\n"
    "  report SPEC...  the conflict report: every version the matrix checked\n"
    "  matrix          the compatibility matrix, every row with its source\n"
    "  validate --schema SCHEMA FILE...\n"
    "                  JSON Schema validation of YAML or JSON files\n"
    "  rules           list the policy rules (id, severity, category, "
    "title)\n"
    "  explain RULE-ID one policy rule in full, with an example\n"
    "  schema [KIND]   print the JSON Schema of a spec kind\n"
    "  completion bash|zsh\n"
    "                  a shell completion script\n"
    "  version-match VERSION RANGE\n"
    "                  whether a version lies in a range (npm, PEP 440,\n"
    "                  Go, Helm, dotted, calver)\n"
    "\n"
    "Run 'mcpc help COMMAND' (or 'mcpc COMMAND --help') for a command's\n"
    "options.\n"
    "  --version       print the version\n"
    "  --help          print this help\n";

static const cli_command_entry commands[] = {
    {"check", cmd_check},
    {"validate", cmd_validate},
    {"schema", cmd_schema},
    {"version-match", cmd_version_match},
    {"report", cmd_report},
    {"matrix", cmd_matrix},
    {"rules", cmd_rules},
    {"explain", cmd_explain},
    {"build", cmd_build},
    {"chart", cmd_chart},
    {"values", cmd_values},
    {"lint", cmd_lint},
    {"hook", cmd_hook},
    {"merge-reports", cmd_merge_reports},
    {"cache", cmd_cache},
    {"init", cmd_init},
    {"completion", cmd_completion},
};

size_t cli_commands(const cli_command_entry **out)
{
	*out = commands;
	return sizeof(commands) / sizeof(commands[0]);
}

/* A command mcpc does not have, with the nearest one it has when one is
 * near ("did you mean"). */
static int unknown_command(const char *name)
{
	size_t i, best = 3, dist;
	const char *near = NULL;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		dist = mcp_edit_distance(name, strlen(name), commands[i].name,
		                         strlen(commands[i].name));
		if (dist < best && dist <= strlen(commands[i].name) / 2) {
			best = dist;
			near = commands[i].name;
		}
	}
	if (near)
		cli_error("unknown command '%s' (did you mean '%s'?)", name,
		          near);
	else
		cli_error("unknown command '%s' (see 'mcpc --help')", name);
	return EXIT_TROUBLE;
}

int main(int argc, char **argv)
{
	size_t i;

#if defined(__GLIBC__)
	/* mcpc allocates and frees many small trees in bursts: keep freed
	 * memory for the next spec instead of handing it back to the system
	 * and faulting it in again (the peak is the same) */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 4 << 20);
	mallopt(M_MMAP_THRESHOLD, 16 << 20);
#endif

	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_TROUBLE;
	}
	if (strcmp(argv[1], "help") == 0 && argc == 3 &&
	    strcmp(argv[2], "--help") != 0 && strcmp(argv[2], "-h") != 0) {
		/* mcpc help COMMAND: its --help */
		char help[] = "--help", *args[2];
		args[0] = argv[2];
		args[1] = help;
		for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (strcmp(argv[2], commands[i].name) == 0)
				return commands[i].run(2, args);
		return unknown_command(argv[2]);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage, stdout);
		return EXIT_CLEAN;
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0)
		return cli_version();
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			int status = commands[i].run(argc - 1, argv + 1);
			return status == CLI_SHOWN ? EXIT_CLEAN : status;
		}
	return unknown_command(argv[1]);
}
