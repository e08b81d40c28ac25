/*
 * inputs.c: what every subcommand that reads specs does: expand each
 * operand (a file, a folder, "-") into files, load each, and hand every
 * document to the subcommand.
 */
#include <stdio.h>

#include "cli/cli.h"

int cli_each_document(const cli_opts *o, mcp_diag *d, cli_doc_fn fn, void *ctx,
                      long *nfiles)
{
	size_t i, j, k;
	int oom = 0;

	for (i = 0; i < o->nargs; i++) {
		char **paths;
		size_t n;
		int rc = mcp_paths_expand_with(
		    &paths, &n, o->args[i],
		    MCP_PATHS_NONEMPTY | MCP_PATHS_SAY_SKIPPED, d);
		if (rc < 0) {
			oom |= rc == MCP_ENOMEM;
			continue;
		}
		for (j = 0; j < n; j++) {
			mcp_source *src = NULL;
			/* each file mcpc tries to read counts (standard input
			 * too): one it cannot read is a finding of its own */
			if (nfiles)
				++*nfiles;
			rc = mcp_source_load_file(&src, paths[j], &o->load, d);
			oom |= rc == MCP_ENOMEM;
			/* Documents before a fatal error are still checked */
			for (k = 0; src && fn && k < mcp_source_doc_count(src);
			     k++)
				oom |= fn(ctx, src, k, d) == MCP_ENOMEM;
			mcp_source_free(src);
		}
		mcp_paths_free(paths, n);
	}
	return oom ? MCP_ENOMEM : 0;
}

int cli_run(const cli_command *cmd, int argc, char **argv)
{
	cli_opts o;
	mcp_diag *d = NULL;
	void *ctx = NULL;
	const char *why;
	int status, rc, oom = 0;
	long nfiles = 0;

	if ((status = cli_parse(&o, argc, argv, cmd->extra)) != 0) {
		cli_opts_free(&o);
		return status;
	}
	if (o.help) {
		fputs(cmd->usage, stdout);
		cli_opts_free(&o);
		return EXIT_CLEAN;
	}
	why = cmd->usage_error ? cmd->usage_error(&o) : NULL;
	if (!why && o.nargs == 0)
		why = "no files given";
	if (why) {
		cli_error("%s: %s (see 'mcpc %s --help')", cmd->name, why,
		          cmd->name);
		cli_opts_free(&o);
		return EXIT_TROUBLE;
	}
	if (mcp_diag_new(&d) < 0) {
		cli_error("out of memory");
		cli_opts_free(&o);
		return EXIT_TROUBLE;
	}
	/* prepare reports its own trouble as fatal findings */
	rc = cmd->prepare ? cmd->prepare(&o, d, &ctx) : 0;
	if (rc == MCP_ENOMEM)
		oom = 1;
	else if (rc == 0)
		oom = cli_each_document(&o, d, cmd->each, ctx, &nfiles) < 0;
	o.render.has_specs = 1;
	o.render.specs = nfiles;
	if (rc == 0 && !oom && cmd->finish)
		oom = cmd->finish(ctx, d) == MCP_ENOMEM;
	status = cli_finish(&o, d);
	if (oom) {
		/* Some findings may be missing: never report a clean run. */
		cli_error("%s: out of memory; the report is incomplete",
		          cmd->name);
		status = EXIT_TROUBLE;
	}
	if (cmd->release)
		cmd->release(ctx);
	mcp_diag_free(d);
	cli_opts_free(&o);
	return status;
}
