/*
 * cmd_version.c: `mcpc version-match [--scheme S] VERSION RANGE`, and
 * `--batch`, which answers VERSION<TAB>RANGE lines from standard input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "mcpc/version.h"

static const char usage[] =
    "usage: mcpc version-match [--scheme semver|pep440|go|helm|\n"
    "       calver|dotted] VERSION RANGE\n"
    "       mcpc version-match [--scheme S] --batch < lines\n"
    "\n"
    "Print true when VERSION lies in RANGE, false when not (exit 0 or 1).\n"
    "semver (the default): SemVer 2.0.0 versions, npm ranges exactly as\n"
    "node-semver's satisfies() reads them (^ ~ x-ranges, hyphens, ||).\n"
    "pep440: Python versions and specifiers (~= == != <= >= < > ===, ==1.2.*,\n"
    "commas as AND), as the packaging library reads them.\n"
    "go: Go module versions (v1.9.1, pseudo-versions, +incompatible) with\n"
    "npm's range grammar, prereleases compared like any version.\n"
    "helm: Helm's constraints (Chart.yaml kubeVersion, dependencies), as\n"
    "the Masterminds semver library reads them: 'v1.2', '>= 1.2, < 2',\n"
    "'1.2 - 1.4', and no prerelease unless the constraint names one.\n"
    "dotted: numeric versions such as 550.54.15; calver: YY.MM releases;\n"
    "their ranges are comparators (== != < <= > >=, 550.* for a prefix)\n"
    "joined by ',' (all) and '||' (any).\n"
    "--batch reads VERSION<TAB>RANGE lines and prints one answer a line:\n"
    "true, false, or error: WHY.\n"
    "\n"
    "exit status: 0 true, 1 false, 2 a malformed version or range\n"
    "(--batch: 0 unless reading fails)\n";

static int batch(mcp_scheme scheme)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	mcp_buf err, out;
	int rc = EXIT_CLEAN;

	mcp_buf_init(&err);
	mcp_buf_init(&out);
	while ((n = getline(&line, &cap, stdin)) >= 0) {
		char *tab;
		int match;
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		tab = strchr(line, '\t');
		mcp_buf_clear(&err);
		if (!tab) {
			mcp_buf_puts(&out,
			             "error: expected VERSION<TAB>RANGE\n");
			continue;
		}
		*tab = '\0';
		if (mcp_version_match(&match, scheme, line, tab + 1, &err) < 0)
			mcp_buf_printf(&out, "error: %s\n",
			               err.len ? err.ptr : "out of memory");
		else
			mcp_buf_puts(&out, match ? "true\n" : "false\n");
		if (out.len > 65536) {
			fwrite(out.ptr, 1, out.len, stdout);
			mcp_buf_clear(&out);
		}
	}
	fwrite(out.ptr, 1, out.len, stdout);
	if (ferror(stdin) || fflush(stdout) != 0) {
		cli_error("version-match: cannot read or write");
		rc = EXIT_TROUBLE;
	}
	free(line);
	mcp_buf_free(&err);
	mcp_buf_free(&out);
	return rc;
}

int cmd_version_match(int argc, char **argv)
{
	mcp_scheme scheme = MCP_SCHEME_SEMVER;
	const char *args[2];
	int i, nargs = 0, use_batch = 0, match, rc;
	mcp_buf err;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage, stdout);
			return EXIT_CLEAN;
		}
		if (strcmp(a, "--version") == 0)
			return cli_version();
		if (strcmp(a, "--batch") == 0) {
			use_batch = 1;
		} else if (strncmp(a, "--scheme", 8) == 0 &&
		           (a[8] == '=' || (a[8] == '\0' && i + 1 < argc))) {
			const char *v = a[8] == '=' ? a + 9 : argv[++i];
			if (mcp_scheme_parse(&scheme, v) < 0) {
				cli_error("version-match: --scheme takes "
				          "semver, dotted "
				          "or calver, not '%s'",
				          v);
				return EXIT_TROUBLE;
			}
		} else if (a[0] == '-' && a[1] && strcmp(a, "--") != 0 &&
		           nargs == 0 && !(a[1] >= '0' && a[1] <= '9')) {
			cli_error(
			    "version-match: unknown option '%s' (see 'mcpc "
			    "version-match --help')",
			    a);
			return EXIT_TROUBLE;
		} else if (nargs < 2 && strcmp(a, "--") != 0) {
			args[nargs++] = a;
		} else if (strcmp(a, "--") != 0) {
			cli_error("version-match: VERSION RANGE, not more (see "
			          "'mcpc version-match --help')");
			return EXIT_TROUBLE;
		}
	}
	if (use_batch)
		return nargs ? (cli_error("version-match: --batch reads its "
		                          "pairs from standard input; "
		                          "give no VERSION or RANGE "
		                          "with it"),
		                EXIT_TROUBLE)
		             : batch(scheme);
	if (nargs != 2) {
		cli_error(
		    "version-match: VERSION and RANGE are needed (see 'mcpc "
		    "version-match --help')");
		return EXIT_TROUBLE;
	}
	mcp_buf_init(&err);
	rc = mcp_version_match(&match, scheme, args[0], args[1], &err);
	if (rc < 0) {
		cli_error("version-match: %s",
		          err.len ? err.ptr : "out of memory");
		mcp_buf_free(&err);
		return EXIT_TROUBLE;
	}
	mcp_buf_free(&err);
	puts(match ? "true" : "false");
	return match ? EXIT_CLEAN : EXIT_FINDINGS;
}
