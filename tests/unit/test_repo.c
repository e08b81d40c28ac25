/*
 * test_repo.c: the glob matcher that picks a repository's specs (and the
 * exclude globs that drop some), the listing of a repository with a
 * nested one inside and an index GIT_INDEX_FILE names, and mcpc's own
 * reading of the index against libgit2's: every listing, staged change,
 * read, tracked path and description the same, on indexes git writes in
 * versions 2, 3 and 4 (links, submodules, intent-to-add, conflicts,
 * long paths, no commit yet), and refused when corrupt or split.
 */
#include <errno.h>
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

/* The matcher as it was before its short cut for "**\/\*SUFFIX" (the
 * default glob): the reference the short cut is held to. */
static int ref_glob(const char *g, const char *p)
{
	while (*g) {
		if (g[0] == '*' && g[1] == '*') {
			const char *rest = g + 2;
			if (*rest == '/') {
				rest++;
				for (;;) {
					if (ref_glob(rest, p))
						return 1;
					if (!(p = strchr(p, '/')))
						return 0;
					p++;
				}
			}
			for (;; p++) {
				if (ref_glob(rest, p))
					return 1;
				if (!*p)
					return 0;
			}
		}
		if (*g == '*') {
			for (;; p++) {
				if (ref_glob(g + 1, p))
					return 1;
				if (!*p || *p == '/')
					return 0;
			}
		}
		if (!*p || (*g == '?' ? *p == '/' : *g != *p))
			return 0;
		g++;
		p++;
	}
	return *p == '\0';
}

/* Every glob on every path: the matcher agrees with the reference, the
 * suffix globs (which take the short cut) and the others alike. */
static void globs_suffix(void **state)
{
	static const char *const globs_[] = {
	    "**/*.mcp.yaml",
	    "**/*",
	    "**/*a",
	    "**/*.yaml",
	    "**/*mcp.yaml",
	    "x/**/*.mcp.yaml",
	    "**/**/*.mcp.yaml",
	    "**/*.mcp.yaml*",
	    "**/*.mcp?yaml",
	    "**/*/x",
	    "**/x",
	    "*/**/*.y",
	    "**/*.",
	};
	static const char *const paths[] = {
	    "",
	    "a",
	    "a.mcp.yaml",
	    ".mcp.yaml",
	    "x/.mcp.yaml",
	    "mcp.yaml",
	    "x/a.mcp.yaml",
	    "x/y/z/a.mcp.yaml",
	    "x/a.mcp.yaml/",
	    "x/",
	    "a.mcp.yaml/b",
	    "a.mcp.yaml.bak",
	    "x/a.mcp-yaml",
	    "xa.mcp.yaml",
	    "x/a.y",
	    "x/y/a.y",
	    "a.",
	    "x/a.",
	    "/a.mcp.yaml",
	    "x//a.mcp.yaml",
	    "deploy/eu/prod.mcp.yaml",
	    "x/x",
	    "x",
	    "a/b/x",
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(globs_) / sizeof(globs_[0]); i++)
		for (j = 0; j < sizeof(paths) / sizeof(paths[0]); j++)
			if (mcp_glob_match(globs_[i], paths[j]) !=
			    ref_glob(globs_[i], paths[j]))
				fail_msg("glob '%s' on '%s': %d, the reference "
				         "says %d",
				         globs_[i], paths[j],
				         mcp_glob_match(globs_[i], paths[j]),
				         ref_glob(globs_[i], paths[j]));
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

/* ---- the index, read by mcpc and by libgit2 ---- */

/* Run a shell command in folder @p top; it must succeed. */
static void sh(const char *top, const char *cmd)
{
	char line[8192 + 256];

	snprintf(line, sizeof(line),
	         "cd '%s' && (%s) >/dev/null 2>&1 </dev/null", top, cmd);
	if (system(line) != 0)
		fail_msg("command failed: %s", cmd);
}

/* git with an identity and no user configuration. */
#define GIT "git -c user.name=t -c user.email=t@example.com "

static int cmp_path(const void *a, const void *b)
{
	return strcmp(((const mcp_repo_file *)a)->path,
	              ((const mcp_repo_file *)b)->path);
}

/* Add @p path to @p f unless it is there already (f sorted on use). */
static void want(mcp_repo_files *f, const char *path, int link)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->v[i].path, path) == 0)
			return;
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 16;
		assert_non_null(f->v = realloc(f->v, f->cap * sizeof(*f->v)));
	}
	f->v[f->n].path = strdup(path);
	f->v[f->n].target = NULL;
	f->v[f->n].link = link;
	f->n++;
}

static void same_files(const mcp_repo_files *got, mcp_repo_files *want_,
                       const char *what)
{
	size_t i;

	if (want_->n > 1)
		qsort(want_->v, want_->n, sizeof(*want_->v), cmp_path);
	for (i = 0; i < got->n && i < want_->n; i++)
		if (strcmp(got->v[i].path, want_->v[i].path) != 0 ||
		    got->v[i].link != want_->v[i].link)
			fail_msg("%s: entry %zu is '%s', libgit2 has '%s'",
			         what, i, got->v[i].path, want_->v[i].path);
	if (got->n != want_->n)
		fail_msg("%s: %zu paths, libgit2 has %zu", what, got->n,
		         want_->n);
}

static int delta_cb(const git_diff_delta *delta, float progress, void *ctx)
{
	(void)progress;
	want(ctx, delta->new_file.path, 0);
	want(ctx, delta->old_file.path, 0);
	return 0;
}

static void append_piece(void *ctx, const char *piece, size_t len)
{
	assert_true(len > 0);
	assert_int_equal(mcp_buf_put(ctx, piece, len), 0);
}

/* What mcp_repo_list_index tells its visitor, and what it keeps. */
typedef struct visited {
	mcp_repo_files seen;
	size_t keep_every; /* keep the 1st, (1+k)th, ... file seen */
	size_t asked;
} visited;

static void visit_each(void *ctx, const char *path)
{
	visited *v = ctx;
	want(&v->seen, path, 0);
}

static int visit_keep(void *ctx, const char *path)
{
	visited *v = ctx;
	/* asked about each file once, after it is seen */
	assert_string_equal(v->seen.v[v->seen.n - 1].path, path);
	return v->asked++ % v->keep_every == 0;
}

/* mcp_repo_list_index, keeping every file, every other one or every
 * third: its visitor sees mcp_repo_list's files in its order, and it
 * lists those kept, with their links and the same submodules. */
static void same_visited(mcp_repo *r, const char *what)
{
	const char *const all[] = {"**"};
	mcp_repo_files full, got;
	size_t k, i, j;

	assert_int_equal(
	    mcp_repo_list(r, &full, MCP_REPO_INDEX, NULL, all, 1, NULL), 0);
	for (k = 1; k <= 3; k++) {
		visited v;
		mcp_repo_visit visit = {visit_keep, visit_each, &v};
		memset(&v, 0, sizeof(v));
		v.keep_every = k;
		assert_int_equal(mcp_repo_list_index(r, &got, all, 1, &visit),
		                 0);
		if (v.seen.n != full.n)
			fail_msg("%s: the visitor saw %zu files of %zu", what,
			         v.seen.n, full.n);
		for (i = 0, j = 0; i < full.n; i++) {
			assert_string_equal(v.seen.v[i].path, full.v[i].path);
			if (i % k != 0)
				continue;
			assert_true(j < got.n);
			assert_string_equal(got.v[j].path, full.v[i].path);
			assert_int_equal(got.v[j].link, full.v[i].link);
			j++;
		}
		assert_int_equal(got.n, j);
		assert_int_equal(got.nnested, full.nnested);
		for (i = 0; i < full.nnested; i++)
			assert_string_equal(got.nested[i], full.nested[i]);
		mcp_repo_files_free(&got);
		mcp_repo_files_free(&v.seen);
	}
	mcp_repo_files_free(&full);
}

/*
 * What mcp_repo_* answer about the repository at @p top and its index
 * (the one GIT_INDEX_FILE names, when set) against what libgit2 answers
 * about the same: the listing, the staged changes, every file read, what
 * is tracked, the description of the index.
 */
static void same_as_libgit2(const char *top, const char *what)
{
	const char *const all[] = {"**"};
	const char *env = getenv("GIT_INDEX_FILE");
	mcp_repo *r = NULL;
	mcp_repo_files got, exp;
	git_repository *repo = NULL;
	git_index *idx = NULL;
	git_object *head = NULL;
	git_tree *tree = NULL;
	git_diff *diff = NULL;
	mcp_buf text, mine;
	size_t i, n;

	assert_int_equal(mcp_repo_open(&r, top, NULL), 0);
	assert_int_equal(git_repository_open(&repo, top), 0);
	if (env)
		assert_int_equal(git_index_open(&idx, env), 0);
	else if (git_repository_index(&idx, repo) != 0)
		fail_msg("%s: libgit2: %s", what, git_error_last()->message);
	n = git_index_entrycount(idx);
	/* the listing: stage 0 files and links; submodules passed over */
	memset(&exp, 0, sizeof(exp));
	assert_int_equal(
	    mcp_repo_list(r, &got, MCP_REPO_INDEX, NULL, all, 1, NULL), 0);
	for (i = 0; i < n; i++) {
		const git_index_entry *e = git_index_get_byindex(idx, i);
		unsigned m = e->mode & 0170000;
		if (git_index_entry_stage(e) == 0 &&
		    (m == 0100000 || m == 0120000))
			want(&exp, e->path, m == 0120000);
	}
	same_files(&got, &exp, what);
	/* reads: a file's bytes are its blob's; tracked, with its
	 * folders */
	for (i = 0; i < got.n; i++) {
		const git_index_entry *e =
		    git_index_get_bypath(idx, got.v[i].path, 0);
		char abs[8192 + 256], *slash;
		git_blob *b = NULL;
		mcp_buf bytes;
		int rc;
		snprintf(abs, sizeof(abs), "%s/%s", mcp_repo_workdir(r),
		         got.v[i].path);
		mcp_buf_init(&bytes);
		rc = mcp_repo_read(r, abs, &bytes, 1 << 20);
		if (strlen(abs) >= 4096) {
			assert_int_equal(rc, 1); /* longer than any path */
		} else if (got.v[i].link) {
			assert_int_equal(rc, MCP_EIO); /* never read */
		} else {
			assert_int_equal(rc, 0);
			assert_int_equal(git_blob_lookup(&b, repo, &e->id), 0);
			assert_int_equal(bytes.len, git_blob_rawsize(b));
			assert_memory_equal(bytes.len ? bytes.ptr : "",
			                    git_blob_rawcontent(b), bytes.len);
			git_blob_free(b);
		}
		mcp_buf_free(&bytes);
		assert_true(mcp_repo_tracks(r, got.v[i].path));
		while ((slash = strrchr(got.v[i].path, '/')) != NULL) {
			*slash = '\0'; /* its folders, as far as a path goes */
			if (strlen(got.v[i].path) < 4000)
				assert_true(mcp_repo_tracks(r, got.v[i].path));
		}
	}
	assert_int_equal(mcp_repo_tracks(r, ""), n > 0);
	assert_false(mcp_repo_tracks(r, "no-such-file"));
	mcp_repo_files_free(&got);
	mcp_repo_files_free(&exp);
	/* the staged changes: HEAD (if any) to the index */
	memset(&exp, 0, sizeof(exp));
	if (git_revparse_single(&head, repo, "HEAD") == 0)
		assert_int_equal(git_object_peel((git_object **)&tree, head,
		                                 GIT_OBJECT_TREE),
		                 0);
	assert_int_equal(git_diff_tree_to_index(&diff, repo, tree, idx, NULL),
	                 0);
	assert_int_equal(
	    git_diff_foreach(diff, delta_cb, NULL, NULL, NULL, &exp), 0);
	assert_int_equal(mcp_repo_changed(r, &got, NULL, NULL), 0);
	same_files(&got, &exp, what);
	mcp_repo_files_free(&got);
	mcp_repo_files_free(&exp);
	/* the description: every entry, every stage, in order */
	mcp_buf_init(&text);
	mcp_buf_init(&mine);
	for (i = 0; i < n; i++) {
		const git_index_entry *e = git_index_get_byindex(idx, i);
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof(hex), &e->id);
		mcp_buf_printf(&text, "index %s %s\n", hex, e->path);
	}
	assert_int_equal(
	    mcp_repo_describe(r, MCP_REPO_INDEX, NULL, all, 1, NULL, &mine), 0);
	assert_non_null(strstr(mine.ptr, "\n") ? mine.ptr : NULL);
	assert_string_equal(strchr(mine.ptr, '\n') + 1,
	                    text.ptr ? text.ptr : "");
	/* the same text in pieces */
	mcp_buf_clear(&text);
	assert_int_equal(mcp_repo_describe_each(r, MCP_REPO_INDEX, NULL, all, 1,
	                                        NULL, append_piece, &text),
	                 0);
	assert_string_equal(text.ptr ? text.ptr : "", mine.ptr);
	mcp_buf_free(&text);
	mcp_buf_free(&mine);
	same_visited(r, what);
	git_diff_free(diff);
	git_tree_free(tree);
	git_object_free(head);
	git_index_free(idx);
	git_repository_free(repo);
	mcp_repo_close(r);
}

/* mcp_repo_list of @p where at @p top lists, in order, the lines that
 * shell command @p cmd prints there. */
static void list_as_git(const char *top, mcp_repo_where where, const char *cmd)
{
	const char *const all[] = {"**"};
	char sh_cmd[1024], line[8192];
	mcp_repo *r = NULL;
	mcp_repo_files got;
	FILE *p;
	size_t i = 0;

	snprintf(sh_cmd, sizeof(sh_cmd), "cd '%s' && %s", top, cmd);
	assert_int_equal(mcp_repo_open(&r, top, NULL), 0);
	assert_int_equal(mcp_repo_list(r, &got, where, NULL, all, 1, NULL), 0);
	assert_non_null(p = popen(sh_cmd, "r"));
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		if (i >= got.n)
			fail_msg("git lists %s, mcpc does not", line);
		if (strcmp(got.v[i].path, line) != 0)
			fail_msg("mcpc lists %s where git lists %s",
			         got.v[i].path, line);
		i++;
	}
	assert_int_equal(pclose(p), 0);
	if (i != got.n)
		fail_msg("mcpc lists %s, git does not", got.v[i].path);
	mcp_repo_files_free(&got);
	mcp_repo_close(r);
}

/* The paths of the index at @p top as `git ls-files` lists them (stage 0
 * files and links) are mcp_repo_list's. */
static void paths_as_git(const char *top)
{
	list_as_git(top, MCP_REPO_INDEX,
	            "git ls-files -s | grep -v '^160000' | cut -f2");
}

/* A repository at @p top with a commit, then staged changes of every
 * kind git knows. */
static void staged_repo(const char *top)
{
	char longpath[4400];
	size_t i;

	sh(top, "git init -q . && mkdir -p a d/e && echo 1 >a.b && "
	        "echo 2 >a/b && echo 3 >a-b && echo 4 >a0 && "
	        "echo 5 >d/e/f.mcp.yaml && echo 6 >x.mcp.yaml && "
	        "ln -s a.b link && git add -A && " GIT "commit -qm base");
	/* modified, added, deleted, made executable, a file become a link,
	 * a submodule, intent-to-add, and a path longer than 4095 bytes */
	sh(top, "echo 22 >a/b && echo 7 >n.mcp.yaml && git add a/b "
	        "n.mcp.yaml && git rm -q --cached a-b && "
	        "git update-index --chmod=+x a0 && rm x.mcp.yaml && "
	        "ln -s a.b x.mcp.yaml && git add x.mcp.yaml && "
	        "git update-index --add --cacheinfo 160000,"
	        "0123456789012345678901234567890123456789,sub && "
	        "echo 8 >ita && git add -N ita");
	/* seventeen folders of 250 bytes each: 4263 bytes and more */
	for (i = 0; i < 17 * 251; i++)
		longpath[i] = i % 251 == 250 ? '/' : 'd';
	snprintf(longpath + 17 * 251, sizeof(longpath) - 17 * 251,
	         "long.mcp.yaml");
	{
		char cmd[8192];
		snprintf(cmd, sizeof(cmd),
		         "git update-index --add --cacheinfo 100644,"
		         "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391,%s",
		         longpath);
		sh(top, cmd);
	}
}

static void rm_rf(const char *top)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	assert_int_equal(system(cmd), 0);
}

static void index_versions(void **state)
{
	char top[] = "/tmp/mcpc-test-index-XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(top));
	unsetenv("GIT_INDEX_FILE");
	git_libgit2_init();
	staged_repo(top);
	sh(top, "git update-index --index-version 3");
	same_as_libgit2(top, "version 3");
	/* version 2 has no intent-to-add flag: without it */
	sh(top, "git rm -q --cached ita && "
	        "git update-index --index-version 2");
	same_as_libgit2(top, "version 2");
	/* version 4 with a path longer than 4095 bytes, which libgit2 1.5
	 * cannot read: every path `git ls-files` lists */
	sh(top, "git add -N ita && git update-index --index-version 4");
	paths_as_git(top);
	/* and without it, the same as libgit2 */
	sh(top, "git rm -q -r --cached $(printf '%0250d' 0 | tr 0 d)");
	same_as_libgit2(top, "version 4");
	/* what GIT_INDEX_FILE names, not the repository's index */
	sh(top, "cp .git/index .git/other && echo 9 >a.b && git add a.b");
	{
		char env[256];
		snprintf(env, sizeof(env), "%s/.git/other", top);
		setenv("GIT_INDEX_FILE", env, 1);
		same_as_libgit2(top, "GIT_INDEX_FILE");
		unsetenv("GIT_INDEX_FILE");
	}
	same_as_libgit2(top, "after GIT_INDEX_FILE");
	/* an index whose description comes in many pieces (over 100 KB),
	 * a change staged among unchanged folders */
	sh(top,
	   GIT "commit -qm more && for d in 0 1 2 3 4 5 6 7 8 9; do "
	       "mkdir -p many/folder-$d && for f in $(seq 120); do "
	       "echo $f >many/folder-$d/spec-with-a-long-name-$f.mcp.yaml; "
	       "done; done && git add many && " GIT "commit -qm many && "
	       "echo x >>many/folder-4/spec-with-a-long-name-7.mcp.yaml && "
	       "git add many");
	same_as_libgit2(top, "many files");
	git_libgit2_shutdown();
	rm_rf(top);
}

static void index_conflicts(void **state)
{
	char top[] = "/tmp/mcpc-test-index-XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(top));
	unsetenv("GIT_INDEX_FILE");
	git_libgit2_init();
	/* no commit yet: everything staged is new */
	sh(top, "git init -q -b main . && mkdir s && echo 1 >s/a.mcp.yaml "
	        "&& echo 1 >b.mcp.yaml && echo 1 >m.mcp.yaml && git add -A");
	same_as_libgit2(top, "no commit");
	/* a merge that stops on conflicts (stages 1 to 3): both changed,
	 * deleted by them, and deleted here (not in HEAD's tree) */
	sh(top, GIT "commit -qm base && git checkout -qb side && "
	            "echo side >s/a.mcp.yaml && git rm -q b.mcp.yaml && "
	            "echo side >m.mcp.yaml && " GIT
	            "commit -qam side && git checkout -q main && "
	            "echo main >s/a.mcp.yaml && echo main >b.mcp.yaml && "
	            "git rm -q m.mcp.yaml && " GIT "commit -qam main && "
	            "(" GIT "merge -q side || true)");
	same_as_libgit2(top, "conflicts");
	sh(top, "git update-index --index-version 4");
	same_as_libgit2(top, "conflicts, version 4");
	git_libgit2_shutdown();
	rm_rf(top);
}

/* The files of the work tree mcp_repo_list finds are those git lists as
 * tracked or untracked and not ignored (`git ls-files -co
 * --exclude-standard`), that are there. */
static void worktree_as_git(const char *top)
{
	list_as_git(top, MCP_REPO_WORKTREE,
	            "git ls-files -co --exclude-standard | sort -u | "
	            "while read -r f; do [ -e \"$f\" ] || [ -L \"$f\" ] && "
	            "printf '%s\\n' \"$f\"; done | LC_ALL=C sort");
}

static void worktree_ignored(void **state)
{
	char top[] = "/tmp/mcpc-test-index-XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(top));
	unsetenv("GIT_INDEX_FILE");
	/* tracked files in an ignored folder and under an ignored name,
	 * untracked ones ignored and not, in folders at several depths */
	sh(top, "git init -q . && mkdir -p a/b/c ignored/x keep && "
	        "printf 'ignored/\\n*.tmp\\n' >.gitignore && "
	        "echo 1 >a/b/c/s.yaml && echo 1 >a/t.yaml && "
	        "echo 1 >ignored/x/tracked.yaml && echo 1 >ignored/no.yaml && "
	        "echo 1 >a/b/old.tmp && echo 1 >keep/new.yaml && "
	        "echo 1 >a/b/new.tmp && echo 1 >top.yaml && "
	        "git add .gitignore a/b/c/s.yaml a/t.yaml top.yaml && "
	        "git add -f ignored/x/tracked.yaml a/b/old.tmp");
	worktree_as_git(top);
	sh(top, "git update-index --index-version 4");
	worktree_as_git(top);
	rm_rf(top);
}

/* An index mcpc must refuse, as libgit2 does: mcp_repo_open fails with
 * a fatal MCP-GIT-001. */
static void refused(const char *top, const char *what)
{
	mcp_repo *r = NULL;
	mcp_diag *d = NULL;

	assert_int_equal(mcp_diag_new(&d), 0);
	if (mcp_repo_open(&r, top, d) != MCP_EIO)
		fail_msg("%s: the index was not refused", what);
	assert_int_equal(mcp_diag_count(d), 1);
	assert_string_equal(mcp_diag_get(d, 0)->rule, "MCP-GIT-001");
	assert_true(mcp_diag_get(d, 0)->fatal);
	mcp_repo_close(r);
	mcp_diag_free(d);
}

/* Write an index of version @p version with @p n entries (paths in the
 * order given, each an empty blob). */
static void write_index(const char *file, unsigned version,
                        const char *const *paths, size_t n)
{
	FILE *f = fopen(file, "wb");
	unsigned char head[12] = {'D', 'I', 'R', 'C', 0, 0, 0, 0, 0, 0, 0, 0};
	static const unsigned char empty[20] = {
	    0xe6, 0x9d, 0xe2, 0x9b, 0xb2, 0xd1, 0xd6, 0x43, 0x4b, 0x8b,
	    0x29, 0xae, 0x77, 0x5a, 0xd8, 0xc2, 0xe4, 0x8c, 0x53, 0x91};
	size_t i, k;

	assert_non_null(f);
	head[7] = (unsigned char)version;
	head[11] = (unsigned char)n;
	fwrite(head, 1, sizeof(head), f);
	for (i = 0; i < n; i++) {
		unsigned char e[64] = {0};
		size_t len = strlen(paths[i]), size = (62 + len + 8) & ~7u;
		e[24] = 0, e[25] = 0, e[26] = 0x81, e[27] = 0xa4; /* 100644 */
		memcpy(e + 40, empty, 20);
		e[60] = (unsigned char)(len >> 8);
		e[61] = (unsigned char)len;
		fwrite(e, 1, 62, f);
		fwrite(paths[i], 1, len, f);
		for (k = 62 + len; k < size; k++)
			fputc(0, f);
	}
	for (k = 0; k < 20; k++) /* the hash, not checked */
		fputc(0, f);
	fclose(f);
}

static void index_refused(void **state)
{
	char top[] = "/tmp/mcpc-test-index-XXXXXX", file[256];
	const char *const sorted[] = {"a.mcp.yaml", "b.mcp.yaml"};
	const char *const unsorted[] = {"b.mcp.yaml", "a.mcp.yaml"};
	const char *const twice[] = {"a.mcp.yaml", "a.mcp.yaml"};
	mcp_repo *r = NULL;
	mcp_repo_files f;
	const char *const all[] = {"**"};

	(void)state;
	assert_non_null(mkdtemp(top));
	unsetenv("GIT_INDEX_FILE");
	sh(top, "git init -q . && echo 1 >a.mcp.yaml && git add -A");
	snprintf(file, sizeof(file), "%s/.git/index", top);
	/* a hand-made index is read; its hash is not checked (as git) */
	write_index(file, 2, sorted, 2);
	assert_int_equal(mcp_repo_open(&r, top, NULL), 0);
	assert_int_equal(
	    mcp_repo_list(r, &f, MCP_REPO_INDEX, NULL, all, 1, NULL), 0);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.v[1].path, "b.mcp.yaml");
	mcp_repo_files_free(&f);
	mcp_repo_close(r);
	write_index(file, 2, unsorted, 2);
	refused(top, "entries out of order");
	write_index(file, 2, twice, 2);
	refused(top, "an entry twice");
	write_index(file, 5, sorted, 2);
	refused(top, "version 5");
	write_index(file, 2, sorted, 2);
	assert_int_equal(truncate(file, 60), 0);
	refused(top, "truncated");
	assert_int_equal(truncate(file, 0), 0);
	refused(top, "empty");
	/* a split index: its entries are elsewhere (libgit2 refuses it
	 * too) */
	sh(top, "rm -f .git/index .git/sharedindex.* && git add -A && "
	        "git update-index --split-index");
	refused(top, "split index");
	rm_rf(top);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(globs),
	    cmocka_unit_test(globs_suffix),
	    cmocka_unit_test(globs_any),
	    cmocka_unit_test(nested),
	    cmocka_unit_test(index_versions),
	    cmocka_unit_test(index_conflicts),
	    cmocka_unit_test(index_refused),
	    cmocka_unit_test(worktree_ignored),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
