/*
 * cmd_chart.c: `mcpc chart [DIR]`: write the MCP AI-102 Helm chart built
 * into mcpc (charts/mcp-ai102/ of its source tree), so that an installed
 * mcpc needs no checkout for `helm install NAME DIR -f values.yaml`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/embedded.h"
#include "cli/cli.h"

static const char usage[] =
    "usage: mcpc chart [-q] [DIR]\n"
    "\n"
    "Write the MCP AI-102 Helm chart that mcpc's values are for into DIR\n"
    "(default: mcp-ai102), then install it with the values of a build:\n"
    "  helm install NAME DIR -f out/NAME/ENV/values.yaml \\\n"
    "      -n mcp-system --create-namespace\n"
    "The chart is written all or nothing, as build writes its output: DIR\n"
    "is replaced only when it is empty or holds what mcpc chart wrote (its\n"
    ".mcpc-build marker lists the files), never through a symbolic link,\n"
    "and never when it is or holds the current folder or the top of the\n"
    "git work tree.\n"
    "  -q, --quiet     no 'wrote DIR/' line\n"
    "\n"
    "exit status: 0 written, 2 the folder was refused or could not be "
    "written\n";

mcp_outfile *cli_chart_files(const char *under, int own_values, size_t extra,
                             size_t *n)
{
	const mcp_embedded *e;
	size_t len = strlen(CHART_PREFIX), cap = extra, text = 0;
	mcp_outfile *out;
	char *name;

	for (e = mcp_embedded_files; e->name; e++)
		if (strncmp(e->name, CHART_PREFIX, len) == 0) {
			cap++;
			text += strlen(under) + strlen(e->name) - len + 1;
		}
	if (!(out = calloc(1, cap * sizeof(*out) + text)))
		return NULL;
	name = (char *)(out + cap);
	*n = extra;
	for (e = mcp_embedded_files; e->name; e++) {
		const char *rel = e->name + len;
		if (strncmp(e->name, CHART_PREFIX, len) != 0 ||
		    (own_values && (strcmp(rel, "values.yaml") == 0 ||
		                    strcmp(rel, "values.schema.json") == 0)))
			continue;
		sprintf(name, "%s%s", under, rel);
		out[*n].name = name;
		out[*n].data = (const char *)e->data;
		out[(*n)++].len = e->len;
		name += strlen(name) + 1;
	}
	return out;
}

int cmd_chart(int argc, char **argv)
{
	const char *dir = NULL;
	mcp_outdir_keep keep[2] = {{".", "the current folder"}, {NULL, NULL}};
	mcp_outdir_opts oo = {keep, 1, 0, (size_t)-1};
	mcp_outfile *files;
	mcp_diag *d = NULL;
	char *top = NULL;
	size_t n;
	int i, quiet = 0, rc, status = EXIT_CLEAN;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return EXIT_CLEAN;
		} else if (strcmp(argv[i], "--version") == 0) {
			return cli_version();
		} else if (strcmp(argv[i], "-q") == 0 ||
		           strcmp(argv[i], "--quiet") == 0) {
			quiet = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			cli_error("chart: unknown option '%s' (see 'mcpc chart "
			          "--help')",
			          argv[i]);
			return EXIT_TROUBLE;
		} else if (dir) {
			cli_error("chart: give one folder (see 'mcpc chart "
			          "--help')");
			return EXIT_TROUBLE;
		} else {
			dir = argv[i];
		}
	}
	if (!dir)
		dir = "mcp-ai102";
	if (!mcp_embedded_find(CHART_PREFIX "Chart.yaml")) {
		cli_error("chart: this mcpc was built without the chart");
		return EXIT_TROUBLE;
	}
	if (!(files = cli_chart_files("", 0, 0, &n))) {
		cli_error("chart: out of memory");
		return EXIT_TROUBLE;
	}
	if (mcp_diag_new(&d) < 0 ||
	    mcp_repo_top(&top, ".", NULL) == MCP_ENOMEM) {
		cli_error("chart: out of memory");
		status = EXIT_TROUBLE;
		goto done;
	}
	if (top) {
		keep[1].path = top;
		keep[1].what = "the top of the git work tree";
		oo.nkeep = 2;
	}
	rc = mcp_outdir_write(dir, files, n, &oo, d);
	if (rc != 0) {
		mcp_render_opts ro;
		mcp_buf out;
		memset(&ro, 0, sizeof(ro));
		mcp_buf_init(&out);
		mcp_diag_sort(d);
		if (mcp_render_text.render(&out, d, &ro) == 0)
			fwrite(out.ptr, 1, out.len, stderr);
		mcp_buf_free(&out);
		if (rc == MCP_ENOMEM)
			cli_error("chart: out of memory");
		status = EXIT_TROUBLE;
	} else if (!quiet) {
		fprintf(stderr, "mcpc: chart: wrote %s/ (%zu files)\n", dir, n);
	}
done:
	free(files);
	free(top);
	mcp_diag_free(d);
	return status;
}
