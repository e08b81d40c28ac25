/*
 * runid.c: the identity of a lint run, which its JSON and SARIF reports
 * carry so that merge-reports can tell the shards of one run from those
 * of another. Every shard of a run computes the same id, and so does the
 * unsharded run it stands for: the id is xxh3-128 of what the findings
 * depend on, the same on every machine, and nothing about the shard.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "check/embedded.h"
#include "cli/cli.h"
#include "support/file.h"

#define MAX_FILE ((size_t)64 << 20)

/* A file's bytes (read as the run reads it: from the index or a commit
 * under --staged and --rev), not its path, which differs between
 * machines; a marker when it cannot be read. */
static void hash_file(XXH3_state_t *st, const char *path, mcp_buf *b)
{
	mcp_buf_clear(b);
	if (path && mcp_file_read(b, path, MAX_FILE) == 0) {
		unsigned long long n = b->len; /* files "x","y" are not "xfy" */
		XXH3_128bits_update(st, "f", 1);
		XXH3_128bits_update(st, &n, sizeof(n));
		XXH3_128bits_update(st, b->ptr ? b->ptr : "", b->len);
	} else {
		XXH3_128bits_update(st, "-", 1);
	}
}

static void hash_dirs(XXH3_state_t *st, const char *const *dirs, size_t n,
                      mcp_buf *b, mcp_diag *scratch)
{
	size_t i, j, np;
	char **paths;

	for (i = 0; i < n; i++) {
		XXH3_128bits_update(st, "d", 1);
		if (mcp_paths_expand(&paths, &np, dirs[i], scratch) != 0)
			continue;
		for (j = 0; j < np; j++)
			hash_file(st, paths[j], b);
		mcp_paths_free(paths, np);
	}
}

/* The repository's description, hashed as it comes (the same hash as
 * of the whole text at once). */
static void hash_text(void *st, const char *text, size_t len)
{
	XXH3_128bits_update(st, text, len);
}

static void hash_str(XXH3_state_t *st, const char *s)
{
	s = s ? s : "";
	XXH3_128bits_update(st, s, strlen(s) + 1);
}

/* What a run's identity has hashed so far. */
struct cli_run_hash {
	XXH3_state_t *st;
	int rc; /* MCP_ENOMEM once the description ran out of memory */
};

cli_run_hash *cli_run_identity_begin(const cli_opts *o, mcp_repo *repo,
                                     const char *const *globs, size_t nglobs)
{
	cli_run_hash *h = calloc(1, sizeof(*h));
	const mcp_embedded *e;

	if (!h || !(h->st = XXH3_createState())) {
		free(h);
		return NULL;
	}
	XXH3_128bits_reset(h->st);
	hash_str(h->st, "mcpc-run 1");
	/* mcpc itself */
	hash_str(h->st, mcp_version());
	for (e = mcp_embedded_files; e->name; e++)
		XXH3_128bits_update(h->st, e->data, e->len);
	/* where the specs come from: the commit, the index, --since */
	hash_str(h->st, o->staged ? "staged" : o->rev ? "rev" : "worktree");
	if (mcp_repo_describe_each(repo,
	                           o->staged ? MCP_REPO_INDEX
	                           : o->rev  ? MCP_REPO_COMMIT
	                                     : MCP_REPO_WORKTREE,
	                           o->rev, globs, nglobs, o->since, hash_text,
	                           h->st) < 0)
		h->rc = MCP_ENOMEM;
	return h;
}

void cli_run_hash_free(cli_run_hash *h)
{
	if (!h)
		return;
	XXH3_freeState(h->st);
	free(h);
}

int cli_run_identity_held(cli_run_hash *h, const cli_opts *o,
                          const cli_checker *k, char *const *under,
                          size_t nunder)
{
	XXH3_state_t *st = h->st;
	mcp_diag *scratch = NULL;
	mcp_buf b;
	size_t i;

	if (mcp_diag_new(&scratch) < 0)
		return h->rc = MCP_ENOMEM;
	mcp_buf_init(&b);
	/* what every spec is held to */
	hash_file(st, k->project ? mcp_project_path(k->project) : NULL, &b);
	hash_file(st, k->waivers_path, &b);
	hash_dirs(st, o->rules_dirs, o->nrules_dirs, &b, scratch);
	hash_dirs(st, o->matrix_dirs, o->nmatrix_dirs, &b, scratch);
	if (k->project) {
		const char *const *dirs;
		size_t n = mcp_project_dirs(k->project, "packs", &dirs);
		hash_dirs(st, dirs, n, &b, scratch);
		n = mcp_project_dirs(k->project, "matrix", &dirs);
		hash_dirs(st, dirs, n, &b, scratch);
	}
	XXH3_128bits_update(st, &o->load, sizeof(o->load));
	XXH3_128bits_update(st, k->waiver.today, sizeof(k->waiver.today));
	XXH3_128bits_update(st, k->waiver.latest, sizeof(k->waiver.latest));
	/* -q leaves findings out of the report */
	XXH3_128bits_update(st, &o->render.quiet, sizeof(o->render.quiet));
	/* which specs: the operands and every spec they may select, before
	 * the shards part them */
	for (i = 0; i < nunder; i++)
		hash_str(st, under[i]);
	hash_str(st, "specs");
	mcp_buf_free(&b);
	mcp_diag_free(scratch);
	return h->rc;
}

void cli_run_hash_path(cli_run_hash *h, const char *path)
{
	hash_str(h->st, path);
}

int cli_run_identity_digest(cli_run_hash *h, char out[CLI_RUN_ID_SIZE])
{
	XXH128_hash_t d = XXH3_128bits_digest(h->st);

	snprintf(out, CLI_RUN_ID_SIZE, "%016llx%016llx",
	         (unsigned long long)d.high64, (unsigned long long)d.low64);
	return h->rc;
}

int cli_run_identity_end(cli_run_hash *h, const cli_opts *o,
                         const cli_checker *k, const mcp_repo_files *listed,
                         char *const *under, size_t nunder,
                         char out[CLI_RUN_ID_SIZE])
{
	size_t i;

	out[0] = '\0';
	cli_run_identity_held(h, o, k, under, nunder); /* h->rc says */
	for (i = 0; listed && i < listed->n; i++)
		cli_run_hash_path(h, listed->v[i].path);
	return cli_run_identity_digest(h, out);
}

int cli_run_identity(const cli_opts *o, const cli_checker *k, mcp_repo *repo,
                     const char *const *globs, size_t nglobs,
                     const mcp_repo_files *listed, char *const *under,
                     size_t nunder, char out[CLI_RUN_ID_SIZE])
{
	cli_run_hash *h = cli_run_identity_begin(o, repo, globs, nglobs);
	int rc;

	out[0] = '\0';
	if (!h)
		return MCP_ENOMEM;
	rc = cli_run_identity_end(h, o, k, listed, under, nunder, out);
	cli_run_hash_free(h);
	return rc;
}
