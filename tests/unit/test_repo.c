/*
 * test_repo.c: the glob matcher that picks a repository's specs.
 */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(globs),
	    cmocka_unit_test(globs_any),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
