/*
 * inputs.c: what every subcommand that reads specs does: expand each
 * operand (a file, a folder, "-") into files, load each, and hand every
 * document to the subcommand.
 */
#include "cli/cli.h"

int cli_each_document(const cli_opts *o, mcp_diag *d, cli_doc_fn fn, void *ctx)
{
	size_t i, j, k;
	int oom = 0;

	for (i = 0; i < o->nargs; i++) {
		char **paths;
		size_t n;
		int rc = mcp_paths_expand(&paths, &n, o->args[i], d);
		if (rc < 0) {
			oom |= rc == MCP_ENOMEM;
			continue;
		}
		for (j = 0; j < n; j++) {
			mcp_source *src = NULL;
			rc = mcp_source_load_file(&src, paths[j], &o->load, d);
			oom |= rc == MCP_ENOMEM;
			/* Documents before a fatal error are still checked. */
			for (k = 0; src && fn && k < mcp_source_doc_count(src);
			     k++)
				oom |= fn(ctx, src, k, d) == MCP_ENOMEM;
			mcp_source_free(src);
		}
		mcp_paths_free(paths, n);
	}
	return oom ? MCP_ENOMEM : 0;
}
