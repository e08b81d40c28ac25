/*
 * repo.h: the specs of a repository, as `mcpc lint` finds them: in the work
 * tree (files git does not ignore), in the index (what the next commit
 * holds), or in a commit's tree, read with libgit2 without a checkout.
 */
#ifndef MCPC_REPO_H
#define MCPC_REPO_H

#include <stddef.h>

#include "mcpc/export.h"
#include "mcpc/buf.h"
#include "mcpc/diag.h"

typedef enum mcp_repo_where {
	MCP_REPO_WORKTREE = 0, /* the files on disk that git does not ignore */
	MCP_REPO_INDEX,        /* the staged files (read them through
	                          mcp_repo_read) */
	MCP_REPO_COMMIT        /* the tree of a revision (read its files
	                          through mcp_repo_read) */
} mcp_repo_where;

/* One file found: its path from the top of the work tree. */
typedef struct mcp_repo_file {
	char *path;
	char *target; /* a link's target as it is written, or NULL */
	int link; /* a symbolic link: listed to be reported, never followed */
} mcp_repo_file;

typedef struct mcp_repo_files {
	mcp_repo_file *v;
	size_t n, cap;
	char *top; /* the work tree's top folder */
	/* mcp_repo_list: the nested git repositories (a folder of the work
	 * tree holding its own .git) and submodules (a gitlink of the index
	 * or the commit) it did not go into, sorted, from the top */
	char **nested;
	size_t nnested;
} mcp_repo_files;

/*
 * The repository around a folder, opened once for a run: its work tree,
 * its index (read once), its objects. Its index is also a place to read
 * files from (mcp_repo_read).
 */
typedef struct mcp_repo mcp_repo;

/**
 * Open the repository around @p start (a folder). Its index is the one git
 * would use: the file GIT_INDEX_FILE names when it is set (git sets it for
 * the hooks of a commit: .git/index.lock under `git commit -a`, a
 * temporary index under `git commit PATH`; relative to the current
 * folder), else the repository's own.
 *
 * @return 0; MCP_EIO (not in a work tree, or a bare repository: a finding
 *         MCP-GIT-001 in @p d, which may be NULL, says why); MCP_ENOMEM.
 *         Close it even when this fails.
 */
MCP_EXPORT int mcp_repo_open(mcp_repo **out, const char *start, mcp_diag *d);

/** Close a repository from mcp_repo_open. NULL is fine. */
MCP_EXPORT void mcp_repo_close(mcp_repo *r);

/** The top folder of its work tree (no trailing '/'). */
MCP_EXPORT const char *mcp_repo_workdir(const mcp_repo *r);

/** Its git directory (the common one, for a linked work tree), with a
 * trailing '/': where files git never commits may live. */
MCP_EXPORT const char *mcp_repo_gitdir(const mcp_repo *r);

/** Whether the index holds @p rel (a path from the top) or any file
 * below it ("" : any file at all). */
MCP_EXPORT int mcp_repo_tracks(const mcp_repo *r, const char *rel);

/**
 * Whether mcp_repo_list goes into the nested git repositories of the work
 * tree (@p include 1) or passes over them, listing them in
 * mcp_repo_files.nested (0, the default: git never treats their files as
 * the repository's own). Submodules in the index or a commit are passed
 * over either way: their files are another repository's.
 */
MCP_EXPORT void mcp_repo_set_nested(mcp_repo *r, int include);

/**
 * Every file that matches one of @p globs (git-style: "*" within a
 * segment, "**" across folders, "?"), from @p where (@p rev names the
 * commit for MCP_REPO_COMMIT), sorted by path. Symbolic links that match are
 * listed (link set, with their target), never followed. In the work tree,
 * files the index tracks are listed even where .gitignore names them (git
 * never ignores a tracked file); untracked ones follow .gitignore.
 *
 * @return 0; MCP_EIO (an unknown revision: a finding MCP-GIT-001 says
 *         why); MCP_ENOMEM
 */
MCP_EXPORT int mcp_repo_list(mcp_repo *r, mcp_repo_files *out,
                             mcp_repo_where where, const char *rev,
                             const char *const *globs, size_t nglobs,
                             mcp_diag *d);

/** Free what a list holds and empty it; the struct itself is the caller's. */
MCP_EXPORT void mcp_repo_files_free(mcp_repo_files *f);

/** Sort a list by path and drop the files listed again (freed). */
MCP_EXPORT void mcp_repo_files_sort_unique(mcp_repo_files *f);

/* What mcp_repo_list_index does with each file it finds. */
typedef struct mcp_repo_visit {
	/* whether to put @p path in the list (NULL: every file) */
	int (*keep)(void *ctx, const char *path);
	/* called for every file found, kept or not, in the list's order
	 * (NULL: nothing) */
	void (*each)(void *ctx, const char *path);
	void *ctx;
} mcp_repo_visit;

/**
 * mcp_repo_list for MCP_REPO_INDEX, telling @p visit about every file it
 * finds and listing only those its keep function keeps (the submodules
 * all the same): a run that lints a few staged specs of a large
 * repository need not copy every path.
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_repo_list_index(mcp_repo *r, mcp_repo_files *out,
                                   const char *const *globs, size_t nglobs,
                                   const mcp_repo_visit *visit);

/**
 * The top folder of the work tree around @p start (malloc'd, no trailing
 * '/').
 *
 * @return 0; MCP_EIO (not in a work tree: a finding MCP-GIT-001 in @p d,
 *         which may be NULL); MCP_ENOMEM
 */
MCP_EXPORT int mcp_repo_top(char **top, const char *start, mcp_diag *d);

/**
 * The paths that differ between the merge base of @p base and HEAD and
 * the work tree (staged, unstaged and untracked files alike), sorted;
 * renamed files give both names. No data is read. With @p base NULL, the
 * staged changes: HEAD (none yet: nothing) to the index.
 *
 * @return 0; MCP_EIO (a finding MCP-GIT-001 says why); MCP_ENOMEM
 */
MCP_EXPORT int mcp_repo_changed(mcp_repo *r, mcp_repo_files *out,
                                const char *base, mcp_diag *d);

/**
 * Read @p path as the index (or the commit mcp_repo_use_commit named)
 * holds it into @p out (NULL: only whether it is there), an
 * mcp_file_source for lint --staged and --rev: a path inside the work
 * tree (absolute, or relative to the folder the repository was opened
 * from) that the index does not hold is missing (MCP_EIO, errno ENOENT),
 * as it will be in the next commit; other paths are not its business (1).
 * Safe from several threads at once.
 *
 * @return 0, MCP_EIO, MCP_ELIMIT, MCP_ENOMEM, or 1
 */
MCP_EXPORT int mcp_repo_read(void *ctx, const char *path, mcp_buf *out,
                             size_t max_size);

/**
 * Make mcp_repo_read read the tree of commit @p rev instead of the index
 * (lint --rev).
 *
 * @return 0; MCP_EIO (an unknown revision: a finding MCP-GIT-001)
 */
MCP_EXPORT int mcp_repo_use_commit(mcp_repo *r, const char *rev, mcp_diag *d);

/**
 * What a lint run reads from the repository, as text for the run's
 * identity (appended to @p out): the commit it reads (@p rev's, else
 * HEAD's; "none" before the first commit), for MCP_REPO_INDEX every entry
 * of the index (path and blob id), for MCP_REPO_WORKTREE those and every
 * tracked file of the work tree that differs from the index, and every
 * untracked one that @p globs match (with the blob id of its bytes: other
 * new files, a report written there, are not what lint reads), and the commit
 * @p base (may be NULL) names: two runs over different bytes never share an
 * identity.
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_repo_describe(mcp_repo *r, mcp_repo_where where,
                                 const char *rev, const char *const *globs,
                                 size_t nglobs, const char *base, mcp_buf *out);

/** What receives the text of mcp_repo_describe_each, a piece at a time. */
typedef void (*mcp_repo_sink)(void *ctx, const char *text, size_t len);

/**
 * The text mcp_repo_describe appends, handed to @p sink in pieces instead
 * (their concatenation is that text, byte for byte), so that the text of
 * a large index is never held whole: a run's identity hashes it as it
 * comes.
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_repo_describe_each(mcp_repo *r, mcp_repo_where where,
                                      const char *rev, const char *const *globs,
                                      size_t nglobs, const char *base,
                                      mcp_repo_sink sink, void *ctx);

/** Whether @p path matches @p glob ("**" spans folders). */
MCP_EXPORT int mcp_glob_match(const char *glob, const char *path);

/** Whether @p path matches one of the @p n globs. */
MCP_EXPORT int mcp_glob_match_any(const char *const *globs, size_t n,
                                  const char *path);

#endif
