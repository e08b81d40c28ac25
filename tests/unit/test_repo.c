/*
 * test_repo.c: the glob matcher that picks a repository's specs (and the
 * exclude globs that drop some), and the listing of a repository with a
 * nested one inside and an index GIT_INDEX_FILE names.
 */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static void globs(void **state)
{
	static const struct {
		const char *glob, *path;
		int match;
	} cases[] = {
	    {"**/*.mcp.yaml", "a.mcp.yaml", 1},
	    {"**/*.mcp.yaml", "deploy/eu/a.mcp.yaml", 1},
	    {"**/*.mcp.yaml", "deploy/a.yaml", 0},
	    {"deploy/*.yaml", "deploy/a.yaml", 1},
	    {"deploy/*.yaml", "deploy/eu/a.yaml", 0},
	    {"deploy/**", "deploy/eu/a.yaml", 1},
	    {"deploy/**/x.yaml", "deploy/x.yaml", 1},
	    {"deploy/**/x.yaml", "deploy/a/b/x.yaml", 1},
	    {"deploy/**/x.yaml", "other/x.yaml", 0},
	    {"a?.yaml", "ab.yaml", 1},
	    {"a?.yaml", "a/.yaml", 0},
	    {"*", "a/b", 0},
	    {"*.mcp.yaml", "x.mcp.yaml", 1},
	    {"", "", 1},
	    {"", "a", 0},
	    {"**", "", 1},
	    /* exclude globs as mcpc init writes them */
	    {"**/fixtures/**", "tools/mcpc/fixtures/demo/a.mcp.yaml", 1},
	    {"**/fixtures/**", "fixtures/a.mcp.yaml", 1},
	    {"**/fixtures/**", "tools/fixtures.mcp.yaml", 0},
	    {"**/fixtures/**", "tools/my-fixtures/a.mcp.yaml", 0},
	    {"**/vendor/**", "vendor/x/a.mcp.yaml", 1},
	    {"**/vendor/**", "deploy/vendorx/a.mcp.yaml", 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (mcp_glob_match(cases[i].glob, cases[i].path) !=
		    cases[i].match)
			fail_msg("glob '%s' on '%s': expected %d",
			         cases[i].glob, cases[i].path, cases[i].match);
}

static void globs_any(void **state)
{
	const char *const globs[] = {"deploy/*.yaml", "**/*.mcp.yaml"};

	(void)state;
	assert_true(mcp_glob_match_any(globs, 2, "deploy/a.yaml"));
	assert_true(mcp_glob_match_any(globs, 2, "x/y/z.mcp.yaml"));
	assert_false(mcp_glob_match_any(globs, 2, "x/y/z.yaml"));
	assert_false(mcp_glob_match_any(globs, 0, "deploy/a.yaml"));
}

/* A file @p rel below @p top holding @p text. */
static void put(const char *top, const char *rel, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", top, rel);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

/* A repository at @p top with a.mcp.yaml staged, and a nested one in n/
 * with b.mcp.yaml. */
static void make_repos(const char *top)
{
	git_repository *repo = NULL, *inner = NULL;
	git_index *idx = NULL;
	char sub[4096];

	assert_int_equal(git_repository_init(&repo, top, 0), 0);
	put(top, "a.mcp.yaml", "a: 1\n");
	snprintf(sub, sizeof(sub), "%s/n", top);
	assert_int_equal(git_repository_init(&inner, sub, 0), 0);
	put(sub, "b.mcp.yaml", "b: 1\n");
	assert_int_equal(git_repository_index(&idx, repo), 0);
	assert_int_equal(git_index_add_bypath(idx, "a.mcp.yaml"), 0);
	assert_int_equal(git_index_write(idx), 0);
	git_index_free(idx);
	git_repository_free(inner);
	git_repository_free(repo);
}

static void nested(void **state)
{
	char top[] = "/tmp/mcpc-test-repo-XXXXXX", cmd[128];
	const char *const globs[] = {"**/*.mcp.yaml"};
	mcp_repo *r = NULL;
	mcp_repo_files f;

	(void)state;
	assert_non_null(mkdtemp(top));
	git_libgit2_init();
	make_repos(top);
	unsetenv("GIT_INDEX_FILE");
	assert_int_equal(mcp_repo_open(&r, top, NULL), 0);
	/* the work tree: n/ is passed over, and named */
	assert_int_equal(
	    mcp_repo_list(r, &f, MCP_REPO_WORKTREE, NULL, globs, 1, NULL), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.v[0].path, "a.mcp.yaml");
	assert_int_equal(f.nnested, 1);
	assert_string_equal(f.nested[0], "n");
	mcp_repo_files_free(&f);
	/* asked for, it is walked */
	mcp_repo_set_nested(r, 1);
	assert_int_equal(
	    mcp_repo_list(r, &f, MCP_REPO_WORKTREE, NULL, globs, 1, NULL), 0);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.v[1].path, "n/b.mcp.yaml");
	assert_int_equal(f.nnested, 0);
	mcp_repo_files_free(&f);
	mcp_repo_close(r);
	/* GIT_INDEX_FILE: an index that is not there is empty... */
	setenv("GIT_INDEX_FILE", "/nonexistent/mcpc-index", 1);
	assert_int_equal(mcp_repo_open(&r, top, NULL), 0);
	assert_int_equal(
	    mcp_repo_list(r, &f, MCP_REPO_INDEX, NULL, globs, 1, NULL), 0);
	assert_int_equal(f.n, 0);
	mcp_repo_files_free(&f);
	mcp_repo_close(r);
	/* ... and a relative one is read from the current folder */
	assert_int_equal(chdir(top), 0);
	setenv("GIT_INDEX_FILE", ".git/index", 1);
	assert_int_equal(mcp_repo_open(&r, top, NULL), 0);
	assert_int_equal(chdir("/"), 0); /* read already */
	assert_int_equal(
	    mcp_repo_list(r, &f, MCP_REPO_INDEX, NULL, globs, 1, NULL), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.v[0].path, "a.mcp.yaml");
	mcp_repo_files_free(&f);
	mcp_repo_close(r);
	unsetenv("GIT_INDEX_FILE");
	git_libgit2_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(globs),
	    cmocka_unit_test(globs_any),
	    cmocka_unit_test(nested),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
