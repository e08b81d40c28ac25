/*
 * repo.c: finding a repository's specs with libgit2: the work tree
 * (walked here, each path asked of git's ignore rules), the index (its
 * entries and their blobs) or a commit's tree (walked, blobs read), all
 * without running git or touching the work tree.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <git2.h>
#include <git2/sys/repository.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mcpc/mcpc.h"
#include "mcpc/repo.h"
#include "support/file.h"

/* An open repository. */
struct mcp_repo {
	git_repository *repo;
	git_index *idx;       /* its index (libgit2 keeps it fresh) */
	git_tree *tree;       /* mcp_repo_read's commit, or NULL: the index */
	char *top;            /* the work tree's top, no trailing '/' */
	int nested;           /* mcp_repo_list goes into nested repositories */
	pthread_mutex_t lock; /* libgit2 objects are not for two threads */
};

#define RULE_GIT "MCP-GIT-001"

int mcp_glob_match(const char *g, const char *p)
{
	while (*g) {
		if (g[0] == '*' && g[1] == '*') {
			const char *rest = g + 2;
			if (*rest == '/') {
				/* "**" + "/x": x here or in any folder below */
				rest++;
				for (;;) {
					if (mcp_glob_match(rest, p))
						return 1;
					if (!(p = strchr(p, '/')))
						return 0;
					p++;
				}
			}
			for (;; p++) { /* "**" elsewhere: anything */
				if (mcp_glob_match(rest, p))
					return 1;
				if (!*p)
					return 0;
			}
		}
		if (*g == '*') {
			for (;; p++) {
				if (mcp_glob_match(g + 1, p))
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

int mcp_glob_match_any(const char *const *globs, size_t n, const char *path)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (mcp_glob_match(globs[i], path))
			return 1;
	return 0;
}

/* What to do about some of trouble's troubles. */
#define HINT_REV                                                               \
	"name a commit, branch or tag this clone has (a shallow CI checkout "  \
	"may need more history: fetch-depth: 0)"
#define HINT_BASE                                                              \
	"fetch more history (a shallow clone may lack the merge base), or "    \
	"name a nearer base"

/* A fatal MCP-GIT-001 in d (none when d is NULL), with @p hint (or NULL);
 * MCP_EIO. */
static int trouble_hint(mcp_diag *d, const char *what, const char *hint)
{
	const git_error *e = git_error_last();
	mcp_finding *f;

	if (!d)
		return MCP_EIO;
	f = mcp_diag_add(d, RULE_GIT, MCP_SEV_ERROR, NULL, NULL, hint, "%s%s%s",
	                 what, e ? ": " : "", e ? e->message : "");
	if (!f)
		return MCP_ENOMEM;
	f->fatal = 1;
	return MCP_EIO;
}

static int trouble(mcp_diag *d, const char *what)
{
	return trouble_hint(d, what, NULL);
}

/* Add path (and a link's target, taken over) to f. */
static int add(mcp_repo_files *f, const char *path, char *target, int link)
{
	mcp_repo_file *x;

	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		mcp_repo_file *v = realloc(f->v, cap * sizeof(*v));
		if (!v) {
			free(target);
			return MCP_ENOMEM;
		}
		f->v = v;
		f->cap = cap;
	}
	x = &f->v[f->n];
	x->link = link;
	x->target = target;
	if (!(x->path = strdup(path))) {
		free(target);
		return MCP_ENOMEM;
	}
	f->n++;
	return 0;
}

/* Add a nested repository or submodule (its path from the top) to f. */
static int add_nested(mcp_repo_files *f, const char *path)
{
	char **v = realloc(f->nested, (f->nnested + 1) * sizeof(*v));

	if (!v)
		return MCP_ENOMEM;
	f->nested = v;
	if (!(v[f->nnested] = strdup(path)))
		return MCP_ENOMEM;
	f->nnested++;
	return 0;
}

/* What a walk of the work tree needs: the repository (for .gitignore),
 * its index (a tracked file is never ignored), the globs, and whether to
 * go into nested repositories. */
typedef struct tree_dir {
	git_repository *repo;
	git_index *idx; /* may be NULL */
	const char *top;
	mcp_repo_files *f;
	const char *const *globs;
	size_t n;
	int nested;
} tree_dir;

/* Whether folder @p path (absolute) is the top of a git work tree of its
 * own: it holds .git, a folder (a clone) or a file (a submodule's
 * checkout, a linked work tree). */
static int holds_git(const char *path)
{
	char probe[8300];
	struct stat st;

	if ((size_t)snprintf(probe, sizeof(probe), "%s/.git", path) >=
	    sizeof(probe))
		return 0;
	return lstat(probe, &st) == 0;
}

/* Whether the index holds a file below folder rel (from the top). */
static int tracks_below(git_index *idx, const char *rel)
{
	char prefix[4100];
	size_t pos;

	if (!idx || (size_t)snprintf(prefix, sizeof(prefix), "%s/", rel) >=
	                sizeof(prefix))
		return 0;
	return git_index_find_prefix(&pos, idx, prefix) == 0;
}

/* The work tree below rel (its path from the top). Directories are
 * checked against .gitignore; files only when a glob matches them and
 * the index does not track them: git never treats a tracked file as
 * ignored, so a folder .gitignore names is walked all the same when the
 * index holds files in it, and then only those are taken (@p tracked_only).
 * Links are never followed. */
static int walk_tree(const tree_dir *w, const char *rel, int tracked_only)
{
	char path[8200], sub[4096];
	struct dirent *e;
	DIR *dir;
	int rc = 0;

	snprintf(path, sizeof(path), "%s%s%s", w->top, *rel ? "/" : "", rel);
	if (!(dir = opendir(path)))
		return 0; /* unreadable: nothing to lint there */
	while (rc == 0 && (e = readdir(dir)) != NULL) {
		int ignored = 0, isdir, isreg, islink, tracked;
		if (strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0 ||
		    strcmp(e->d_name, ".git") == 0)
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s%s%s", rel,
		                     *rel ? "/" : "", e->d_name) >= sizeof(sub))
			continue; /* deeper than any spec path */
		snprintf(path, sizeof(path), "%s/%s", w->top, sub);
#ifdef _DIRENT_HAVE_D_TYPE
		isdir = e->d_type == DT_DIR;
		isreg = e->d_type == DT_REG;
		islink = e->d_type == DT_LNK;
		if (e->d_type == DT_UNKNOWN)
#endif
		{
			struct stat st;
			if (lstat(path, &st) != 0)
				continue;
			isdir = S_ISDIR(st.st_mode);
			isreg = S_ISREG(st.st_mode);
			islink = S_ISLNK(st.st_mode);
		}
		if (!isdir && (!(isreg || islink) ||
		               !mcp_glob_match_any(w->globs, w->n, sub)))
			continue; /* other files are never linted */
		if (isdir) {
			int below = tracks_below(w->idx, sub);
			if (tracked_only || (git_ignore_path_is_ignored(
			                         &ignored, w->repo, sub) == 0 &&
			                     ignored)) {
				if (below) /* tracked files in an ignored folder
				            */
					rc = walk_tree(w, sub, 1);
				continue;
			}
			/* a nested repository's files are its own, not
			 * this one's (git never adds them); unless the index
			 * tracks files in it after all */
			if (!below && holds_git(path) && !w->nested) {
				rc = add_nested(w->f, sub);
				continue;
			}
			rc = walk_tree(w, sub, 0);
			continue;
		}
		tracked = w->idx && git_index_get_bypath(w->idx, sub, 0);
		if (!tracked &&
		    (tracked_only ||
		     (git_ignore_path_is_ignored(&ignored, w->repo, sub) == 0 &&
		      ignored)))
			continue;
		/* a link is listed, to be reported, never followed */
		rc = add(w->f, sub, islink ? mcp_file_link_target(path) : NULL,
		         islink);
	}
	closedir(dir);
	return rc;
}

/* A link's target as a blob holds it (malloc'd), or NULL. */
static char *blob_text(git_repository *repo, const git_oid *id)
{
	git_blob *b = NULL;
	char *s = NULL;
	size_t n;

	if (git_blob_lookup(&b, repo, id) < 0)
		return NULL;
	n = (size_t)git_blob_rawsize(b);
	if (n < PATH_MAX && (s = malloc(n + 1)) != NULL) {
		memcpy(s, git_blob_rawcontent(b), n);
		s[n] = '\0';
	}
	git_blob_free(b);
	return s;
}

static int walk_index(git_repository *repo, git_index *idx, mcp_repo_files *f,
                      const char *const *globs, size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < git_index_entrycount(idx); i++) {
		const git_index_entry *e = git_index_get_byindex(idx, i);
		if (e && (e->mode & 0170000) == 0160000 &&
		    git_index_entry_stage(e) == 0) {
			rc = add_nested(f, e->path); /* a submodule */
			continue;
		}
		if (!e ||
		    ((e->mode & 0170000) != 0100000 &&
		     (e->mode & 0170000) != 0120000) ||
		    git_index_entry_stage(e) != 0 ||
		    !mcp_glob_match_any(globs, n, e->path))
			continue;
		/* read through mcp_repo_read; a link, reported */
		if ((e->mode & 0170000) == 0120000)
			rc = add(f, e->path, blob_text(repo, &e->id), 1);
		else
			rc = add(f, e->path, NULL, 0);
	}
	return rc;
}

typedef struct tree_walk {
	git_repository *repo;
	mcp_repo_files *f;
	const char *const *globs;
	size_t n;
	int rc;
} tree_walk;

static int tree_cb(const char *root, const git_tree_entry *e, void *ctx)
{
	tree_walk *w = ctx;
	char path[4096];

	snprintf(path, sizeof(path), "%s%s", root, git_tree_entry_name(e));
	if (git_tree_entry_type(e) == GIT_OBJECT_COMMIT) {
		w->rc = add_nested(w->f, path); /* a submodule */
		return w->rc ? -1 : 0;
	}
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	if (!mcp_glob_match_any(w->globs, w->n, path))
		return 0;
	/* read through mcp_repo_read; a link, reported */
	if (git_tree_entry_filemode(e) == GIT_FILEMODE_LINK)
		w->rc = add(w->f, path,
		            blob_text(w->repo, git_tree_entry_id(e)), 1);
	else
		w->rc = add(w->f, path, NULL, 0);
	return w->rc ? -1 : 0;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const mcp_repo_file *)a)->path,
	              ((const mcp_repo_file *)b)->path);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void mcp_repo_set_nested(mcp_repo *r, int include)
{
	r->nested = include;
}

int mcp_repo_list(mcp_repo *r, mcp_repo_files *out, mcp_repo_where where,
                  const char *rev, const char *const *globs, size_t nglobs,
                  mcp_diag *d)
{
	git_repository *repo = r->repo;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!(out->top = strdup(r->top)))
		return MCP_ENOMEM;
	if (where == MCP_REPO_WORKTREE) {
		tree_dir w = {repo,  r->idx, out->top, out,
		              globs, nglobs, r->nested};
		rc = walk_tree(&w, "", 0);
	} else if (where == MCP_REPO_INDEX) {
		rc = walk_index(repo, r->idx, out, globs, nglobs);
	} else {
		git_object *obj = NULL;
		git_tree *tree = NULL;
		tree_walk w = {repo, out, globs, nglobs, 0};
		if (git_revparse_single(&obj, repo, rev ? rev : "HEAD") < 0 ||
		    git_object_peel((git_object **)&tree, obj,
		                    GIT_OBJECT_TREE) < 0) {
			rc = trouble_hint(d, "unknown revision", HINT_REV);
		} else {
			git_tree_walk(tree, GIT_TREEWALK_PRE, tree_cb, &w);
			rc = w.rc;
		}
		git_tree_free(tree);
		git_object_free(obj);
	}
	if (rc == 0 && out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), by_path);
	if (rc == 0 && out->nnested > 1)
		qsort(out->nested, out->nnested, sizeof(*out->nested),
		      by_string);
	if (rc != 0)
		mcp_repo_files_free(out);
	return rc;
}

void mcp_repo_files_free(mcp_repo_files *f)
{
	size_t i;
	for (i = 0; i < f->n; i++) {
		free(f->v[i].path);
		free(f->v[i].target);
	}
	for (i = 0; i < f->nnested; i++)
		free(f->nested[i]);
	free(f->nested);
	free(f->v);
	free(f->top);
	memset(f, 0, sizeof(*f));
}

static int changed_cb(const git_diff_delta *delta, float progress, void *ctx)
{
	mcp_repo_files *f = ctx;

	(void)progress;
	if (delta->new_file.path && add(f, delta->new_file.path, NULL, 0) < 0)
		return -1;
	if (delta->old_file.path && delta->new_file.path &&
	    strcmp(delta->old_file.path, delta->new_file.path) != 0 &&
	    add(f, delta->old_file.path, NULL, 0) < 0)
		return -1;
	return 0;
}

int mcp_repo_changed(mcp_repo *r, mcp_repo_files *out, const char *base,
                     mcp_diag *d)
{
	git_repository *repo = r->repo;
	git_object *b = NULL, *head = NULL;
	git_commit *mb_commit = NULL;
	git_tree *tree = NULL;
	git_diff *diff = NULL;
	git_diff_options opts;
	git_oid mb;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	if (!base) {
		/* what is staged: HEAD's tree (none yet: empty) to the index */
		if (git_revparse_single(&head, repo, "HEAD") == 0 &&
		    git_object_peel((git_object **)&tree, head,
		                    GIT_OBJECT_TREE) < 0) {
			rc = trouble(d, "cannot read HEAD");
			goto done;
		}
		if (git_diff_tree_to_index(&diff, repo, tree, r->idx, &opts) <
		    0) {
			rc = trouble(d, "cannot compare the index with HEAD");
			goto done;
		}
	} else {
		if (git_revparse_single(&b, repo, base) < 0 ||
		    git_revparse_single(&head, repo, "HEAD") < 0) {
			rc = trouble_hint(d, "unknown revision", HINT_REV);
			goto done;
		}
		if (git_merge_base(&mb, repo, git_object_id(b),
		                   git_object_id(head)) < 0 ||
		    git_commit_lookup(&mb_commit, repo, &mb) < 0 ||
		    git_commit_tree(&tree, mb_commit) < 0) {
			rc = trouble_hint(d, "no merge base with HEAD",
			                  HINT_BASE);
			goto done;
		}
		/* not a submodule's state: lint never reads its files */
		opts.flags = GIT_DIFF_INCLUDE_UNTRACKED |
		             GIT_DIFF_RECURSE_UNTRACKED_DIRS |
		             GIT_DIFF_IGNORE_SUBMODULES;
		if (git_diff_tree_to_workdir_with_index(&diff, repo, tree,
		                                        &opts) < 0) {
			rc = trouble(d, "cannot compare with the merge base");
			goto done;
		}
	}
	if (git_diff_foreach(diff, changed_cb, NULL, NULL, NULL, out) < 0)
		rc = MCP_ENOMEM;
	if (rc == 0 && out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), by_path);
done:
	git_diff_free(diff);
	git_tree_free(tree);
	git_commit_free(mb_commit);
	git_object_free(head);
	git_object_free(b);
	if (rc != 0)
		mcp_repo_files_free(out);
	return rc;
}

/* ---- an open repository ---- */

/* The repository around @p start into *repo and the top of its work tree
 * (malloc'd, no trailing '/') into *top; the index is not read. 0,
 * MCP_EIO (a finding says why) or MCP_ENOMEM. */
static int open_work_tree(git_repository **repo, char **top, const char *start,
                          mcp_diag *d)
{
	const char *wd;
	size_t n;

	*top = NULL;
	if (git_repository_open_ext(repo, start, 0, NULL) < 0)
		return trouble_hint(
		    d, "not inside a git repository",
		    "run it inside a git work tree; 'mcpc check PATH' "
		    "checks files anywhere");
	if (!(wd = git_repository_workdir(*repo)))
		return trouble_hint(d, "a bare repository has no work tree",
		                    "run it in a clone with a work tree");
	if (!(*top = strdup(wd)))
		return MCP_ENOMEM;
	if ((n = strlen(*top)) > 1 && (*top)[n - 1] == '/')
		(*top)[n - 1] = '\0';
	return 0;
}

/* The index git would use (see mcp_repo_open) into x->idx. 0, MCP_EIO (a
 * finding says why) or MCP_ENOMEM. */
static int open_index(mcp_repo *x, mcp_diag *d)
{
	const char *env = getenv("GIT_INDEX_FILE");
	char path[PATH_MAX * 2], cwd[PATH_MAX];

	if (!env || !*env) {
		if (git_repository_index(&x->idx, x->repo) < 0)
			return trouble(d, "cannot read the index");
		return 0;
	}
	/* relative to the current folder, as git reads it (a hook runs at
	 * the top: git passes ".git/index" there) */
	if (env[0] == '/')
		snprintf(path, sizeof(path), "%s", env);
	else if (!getcwd(cwd, sizeof(cwd)) ||
	         (size_t)snprintf(path, sizeof(path), "%s/%s", cwd, env) >=
	             sizeof(path))
		return trouble(d, "cannot read the index GIT_INDEX_FILE names");
	if (git_index_open(&x->idx, path) < 0 ||
	    git_repository_set_index(x->repo, x->idx) < 0)
		return trouble(d, "cannot read the index GIT_INDEX_FILE names");
	return 0;
}

int mcp_repo_open(mcp_repo **out, const char *start, mcp_diag *d)
{
	mcp_repo *x = calloc(1, sizeof(*x));
	int rc;

	*out = x;
	if (!x)
		return MCP_ENOMEM;
	git_libgit2_init();
	pthread_mutex_init(&x->lock, NULL);
	if ((rc = open_work_tree(&x->repo, &x->top, start, d)) != 0)
		return rc;
	return open_index(x, d);
}

const char *mcp_repo_workdir(const mcp_repo *r)
{
	return r->top;
}

const char *mcp_repo_gitdir(const mcp_repo *r)
{
	return git_repository_commondir(r->repo);
}

int mcp_repo_tracks(const mcp_repo *r, const char *rel)
{
	return (*rel == '\0' && git_index_entrycount(r->idx) > 0) ||
	       git_index_get_bypath(r->idx, rel, 0) != NULL ||
	       tracks_below(r->idx, rel);
}

void mcp_repo_close(mcp_repo *x)
{
	if (!x)
		return;
	git_index_free(x->idx);
	git_tree_free(x->tree);
	git_repository_free(x->repo);
	pthread_mutex_destroy(&x->lock);
	free(x->top);
	free(x);
	git_libgit2_shutdown();
}

/* path as a path from the top, "." and ".." resolved, into out; 0 when
 * it lies outside the work tree, or in .git. */
static int from_top(const mcp_repo *x, const char *path, char *out, size_t n)
{
	char buf[PATH_MAX * 2];
	size_t tl = strlen(x->top), len = 0;
	const char *s, *seg;

	if (path[0] == '/') {
		if (strncmp(path, x->top, tl) != 0 || path[tl] != '/')
			return 0;
		path += tl + 1;
		buf[0] = '\0';
	} else {
		/* relative to the current folder: from the top, then */
		char cwd[PATH_MAX];
		if (!getcwd(cwd, sizeof(cwd)) ||
		    (strcmp(cwd, x->top) != 0 &&
		     (strncmp(cwd, x->top, tl) != 0 || cwd[tl] != '/')))
			return 0;
		snprintf(buf, sizeof(buf), "%s%s", cwd[tl] ? cwd + tl + 1 : "",
		         cwd[tl] ? "/" : "");
	}
	if (strlen(buf) + strlen(path) + 1 > sizeof(buf))
		return 0;
	strcat(buf, path);
	for (s = buf; *s;) {
		size_t sl;
		seg = s;
		while (*s && *s != '/')
			s++;
		sl = (size_t)(s - seg);
		if (*s)
			s++;
		if (sl == 0 || (sl == 1 && seg[0] == '.'))
			continue;
		if (sl == 2 && seg[0] == '.' && seg[1] == '.') {
			if (len == 0)
				return 0; /* above the top */
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--; /* the '/' */
			continue;
		}
		if (len + sl + 2 > n)
			return 0;
		if (len)
			out[len++] = '/';
		memcpy(out + len, seg, sl);
		len += sl;
	}
	out[len] = '\0';
	return len > 0 && strcmp(out, ".git") != 0 &&
	       strncmp(out, ".git/", 5) != 0;
}

/* "NAME OID\n" for the commit @p rev names, or "NAME none\n". */
static void describe_commit(git_repository *repo, const char *name,
                            const char *rev, mcp_buf *out)
{
	git_object *obj = NULL, *commit = NULL;
	char hex[GIT_OID_HEXSZ + 1] = "none";

	if (git_revparse_single(&obj, repo, rev) == 0 &&
	    git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0)
		git_oid_tostr(hex, sizeof(hex), git_object_id(commit));
	mcp_buf_printf(out, "%s %s\n", name, hex);
	git_object_free(commit);
	git_object_free(obj);
}

/* The work tree's changes against the index, as "work BLOB PATH" lines
 * (the blob id its bytes would have; "-" when it is gone): untracked
 * files only where @p globs match (new specs), ignored ones not. */
static void describe_work(mcp_repo *r, const char *const *globs, size_t nglobs,
                          mcp_buf *out)
{
	git_status_options so;
	git_status_list *list = NULL;
	size_t i, n;

	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	so.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
	/* submodules are another repository's files, which lint passes
	 * over (and libgit2 1.5 leaks reading their status) */
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	           GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	           GIT_STATUS_OPT_SORT_CASE_SENSITIVELY |
	           GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if (git_status_list_new(&list, r->repo, &so) < 0) {
		/* never equal to a clean one */
		mcp_buf_puts(out, "work unknown\n");
		return;
	}
	n = git_status_list_entrycount(list);
	for (i = 0; i < n; i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		const char *path;
		char full[PATH_MAX * 2], hex[GIT_OID_HEXSZ + 1] = "-";
		git_oid id;
		if (!e || !e->index_to_workdir)
			continue;
		path = e->index_to_workdir->new_file.path;
		if ((e->status & GIT_STATUS_WT_NEW) &&
		    !mcp_glob_match_any(globs, nglobs, path))
			continue; /* a new file lint does not read */
		snprintf(full, sizeof(full), "%s/%s", r->top, path);
		if (!(e->status & GIT_STATUS_WT_DELETED) &&
		    git_odb_hashfile(&id, full, GIT_OBJECT_BLOB) == 0)
			git_oid_tostr(hex, sizeof(hex), &id);
		mcp_buf_printf(out, "work %s %s\n", hex, path);
	}
	git_status_list_free(list);
}

int mcp_repo_describe(mcp_repo *r, mcp_repo_where where, const char *rev,
                      const char *const *globs, size_t nglobs, const char *base,
                      mcp_buf *out)
{
	size_t i, n;

	pthread_mutex_lock(&r->lock);
	describe_commit(r->repo, "commit", rev ? rev : "HEAD", out);
	if (base)
		describe_commit(r->repo, "base", base, out);
	if (where != MCP_REPO_COMMIT) { /* the index, and the work tree on it */
		n = git_index_entrycount(r->idx);
		for (i = 0; i < n; i++) {
			const git_index_entry *e =
			    git_index_get_byindex(r->idx, i);
			char hex[GIT_OID_HEXSZ + 1];
			if (!e)
				continue;
			git_oid_tostr(hex, sizeof(hex), &e->id);
			mcp_buf_printf(out, "index %s %s\n", hex, e->path);
		}
	}
	if (where == MCP_REPO_WORKTREE) /* staged, unstaged and new files */
		describe_work(r, globs, nglobs, out);
	pthread_mutex_unlock(&r->lock);
	return out->oom ? MCP_ENOMEM : 0;
}

int mcp_repo_use_commit(mcp_repo *r, const char *rev, mcp_diag *d)
{
	git_object *obj = NULL;
	int rc = 0;

	git_tree_free(r->tree);
	r->tree = NULL;
	if (git_revparse_single(&obj, r->repo, rev) < 0 ||
	    git_object_peel((git_object **)&r->tree, obj, GIT_OBJECT_TREE) < 0)
		rc = trouble_hint(d, "unknown revision", HINT_REV);
	git_object_free(obj);
	return rc;
}

int mcp_repo_read(void *ctx, const char *path, mcp_buf *out, size_t max_size)
{
	mcp_repo *x = ctx;
	git_tree_entry *te = NULL;
	const git_oid *id = NULL;
	git_blob *blob = NULL;
	char rel[PATH_MAX];
	int rc = 0;

	if (!from_top(x, path, rel, sizeof(rel)))
		return 1; /* not the repository's */
	pthread_mutex_lock(&x->lock);
	if (x->tree) {
		if (git_tree_entry_bypath(&te, x->tree, rel) == 0 &&
		    git_tree_entry_filemode(te) != GIT_FILEMODE_LINK &&
		    git_tree_entry_type(te) == GIT_OBJECT_BLOB)
			id = git_tree_entry_id(te);
	} else {
		const git_index_entry *e = git_index_get_bypath(x->idx, rel, 0);
		if (e && (e->mode & 0170000) == 0100000)
			id = &e->id;
	}
	if (!id) {
		errno = ENOENT; /* not in the commit (to be) */
		rc = MCP_EIO;
	} else if (out) {
		if (git_blob_lookup(&blob, x->repo, id) < 0) {
			errno = EIO;
			rc = MCP_EIO;
		} else if ((size_t)git_blob_rawsize(blob) > max_size) {
			rc = MCP_ELIMIT;
		} else if (mcp_buf_put(out, git_blob_rawcontent(blob),
		                       (size_t)git_blob_rawsize(blob)) < 0) {
			rc = MCP_ENOMEM;
		}
		git_blob_free(blob);
	}
	git_tree_entry_free(te);
	pthread_mutex_unlock(&x->lock);
	return rc;
}

int mcp_repo_top(char **top, const char *start, mcp_diag *d)
{
	git_repository *repo = NULL;
	int rc;

	git_libgit2_init(); /* the repository alone: its index is not read */
	if ((rc = open_work_tree(&repo, top, start, d)) != 0) {
		free(*top);
		*top = NULL;
	}
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
