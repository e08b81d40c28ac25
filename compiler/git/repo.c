/*
 * repo.c: finding a repository's specs with libgit2: the work tree
 * (walked here, each path asked of git's ignore rules), the index (its
 * entries and their blobs) or a commit's tree (walked, blobs read), all
 * without running git or touching the work tree. The index file itself is
 * read here (mapped, not copied), as git reads it: libgit2 would hash it
 * twice and allocate every entry, which in a repository of ten thousand
 * specs costs more than the rest of a `lint --staged`.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <git2.h>
#include <git2/sys/repository.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "mcpc/mcpc.h"
#include "mcpc/repo.h"
#include "support/file.h"

/* One entry of the index: where it starts in the file and where its
 * path is (in the file for versions 2 and 3, in paths for version 4,
 * whose paths are compressed). Eight bytes an entry: a large index costs
 * its page faults. */
typedef struct ix_entry {
	uint32_t at, path;
} ix_entry;

/* The index file, mapped read-only, and its entries in git's order (by
 * path, then stage). */
typedef struct ix_file {
	const unsigned char *map;
	size_t size;
	ix_entry *v;
	size_t n;
	char *paths; /* version 4: every path spelled out */
	/* for the walk of the work tree: the xxh3 of each path at stage 0
	 * and of each folder an entry lies in, sorted (ix_hashes) */
	uint64_t *files_h, *dirs_h;
	size_t nfiles_h, ndirs_h;
} ix_file;

/* An open repository. */
struct mcp_repo {
	git_repository *repo;
	ix_file idx;          /* its index, as read when it was opened */
	char *idx_env;        /* the index GIT_INDEX_FILE names, or NULL */
	int lg_idx;           /* libgit2 holds that index (set_libgit2_index) */
	git_tree *tree;       /* mcp_repo_read's commit, or NULL: the index */
	char *top;            /* the work tree's top, no trailing '/' */
	int nested;           /* mcp_repo_list goes into nested repositories */
	int lg_init;          /* git_libgit2_init succeeded: shut it down */
	pthread_mutex_t lock; /* libgit2 objects are not for two threads */
};

#define RULE_GIT "MCP-GIT-001"

/* Whether glob @p g is "**\/\*" and a suffix without '*', '?' or '/' (the
 * default glob, "**\/\*.mcp.yaml"): then it matches exactly the paths
 * whose last segment ends with the suffix, which is what the general
 * matcher finds the long way; its length in *len. */
static int suffix_glob(const char *g, size_t *len)
{
	if (strncmp(g, "**/*", 4) != 0 || strpbrk(g + 4, "*?/"))
		return 0;
	*len = strlen(g + 4);
	return 1;
}

int mcp_glob_match(const char *g, const char *p)
{
	size_t sl, pl;

	if (suffix_glob(g, &sl)) {
		const char *last = strrchr(p, '/');
		last = last ? last + 1 : p;
		pl = strlen(last);
		return pl >= sl && memcmp(last + pl - sl, g + 4, sl) == 0;
	}
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

/* ---- the index file ---- */

/*
 * git's index format (git's Documentation/gitformat-index.txt): a header
 * ("DIRC", version 2, 3 or 4, the number of entries), the entries sorted
 * by path then stage, extensions, and a hash of it all. An entry holds
 * times, device, inode, mode, ids, size (40 bytes), the object id (20),
 * flags (2: bit 14 "extended", bits 12-13 the stage, the low 12 bits the
 * path's length or 0xFFF), in version 3 and later 2 more bytes of flags
 * when "extended" is set, then the path: NUL-terminated and padded to a
 * multiple of 8 bytes (2, 3); in version 4 a varint saying how many bytes
 * of the previous path to drop, then the rest of the path, NUL-terminated,
 * unpadded. An extension whose signature starts with 'A' to 'Z' is
 * optional: a reader may skip it; any other (a split index's "link", a
 * sparse index's "sdir") changes what the entries mean, and an index with
 * one is refused, as libgit2 refuses it. The trailing hash is not checked:
 * git itself checks it only in `git fsck` (read-cache.c,
 * verify_index_checksum), and hashing a large index twice is what made
 * libgit2's reading slow.
 */
#define IX_HEADER    12
#define IX_HASH      20 /* SHA-1: libgit2 1.5 opens no other repository */
#define IX_FIXED     62 /* an entry up to its flags, included */
#define IX_EXTENDED  0x4000
#define IX_STAGE(fl) (((fl) >> 12) & 3)

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static const char *ix_path(const ix_file *x, size_t i)
{
	return (x->paths ? x->paths : (const char *)x->map) + x->v[i].path;
}

static unsigned ix_mode(const ix_file *x, size_t i)
{
	return be32(x->map + x->v[i].at + 24);
}

static const unsigned char *ix_oid(const ix_file *x, size_t i)
{
	return x->map + x->v[i].at + 40;
}

static unsigned ix_stage(const ix_file *x, size_t i)
{
	return IX_STAGE(be16(x->map + x->v[i].at + 60));
}

/* The first entry whose path is not below @p path in git's order (by
 * bytes): where @p path (any stage) would be. */
static size_t ix_lower(const ix_file *x, const char *path)
{
	size_t lo = 0, hi = x->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ix_path(x, mid), path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The entry of @p path at stage 0 (a file the next commit holds), or
 * (size_t)-1. */
static size_t ix_find(const ix_file *x, const char *path)
{
	size_t i = ix_lower(x, path);

	return i < x->n && strcmp(ix_path(x, i), path) == 0 &&
	               ix_stage(x, i) == 0
	           ? i
	           : (size_t)-1;
}

/* Whether an entry's path starts with @p prefix. */
static int ix_has_prefix(const ix_file *x, const char *prefix)
{
	size_t i = ix_lower(x, prefix);

	return i < x->n && strncmp(ix_path(x, i), prefix, strlen(prefix)) == 0;
}

/* The index's pages out of the process's memory until they are read
 * again (from the page cache: the mapping is a file's, never written):
 * once a run has listed its files, it looks up a few entries at most,
 * and a large index would otherwise stay resident while every spec is
 * linted. */
static void ix_release(const ix_file *x)
{
	if (x->map)
		madvise((void *)x->map, x->size, MADV_DONTNEED);
}

static void ix_free(ix_file *x)
{
	if (x->map)
		munmap((void *)x->map, x->size);
	free(x->v);
	free(x->paths);
	free(x->files_h);
	free(x->dirs_h);
	memset(x, 0, sizeof(*x));
}

static int by_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int has_u64(const uint64_t *v, size_t n, uint64_t h)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] == h)
			return 1;
		if (v[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The '/' before @p at in path @p p, or NULL. */
static const char *prev_slash(const char *p, const char *at)
{
	while (at > p)
		if (*--at == '/')
			return at;
	return NULL;
}

/*
 * What the walk of the work tree asks of the index, for every file and
 * folder it meets (is it tracked? does the index hold files below it?),
 * as sorted hashes of the paths: eight bytes an entry, so that a large
 * index need not stay in memory while the tree is walked (its pages are
 * let go). A hash that matches wrongly (one time in 2^64) makes a file
 * git ignores count as tracked: lint then checks it, never skips one.
 * 0 or MCP_ENOMEM.
 */
static int ix_hashes(ix_file *x)
{
	size_t i, nd = 0, cap = 0;

	if (x->files_h || !x->n)
		return 0;
	if (!(x->files_h = malloc(x->n * sizeof(*x->files_h))))
		return MCP_ENOMEM;
	for (i = 0; i < x->n; i++) {
		const char *p = ix_path(x, i), *slash;
		const char *prev = i ? ix_path(x, i - 1) : "";
		if (ix_stage(x, i) == 0)
			x->files_h[x->nfiles_h++] = XXH3_64bits(p, strlen(p));
		/* every folder it lies in, but those of the entry before
		 * (the entries are sorted: a folder's are together) */
		for (slash = strrchr(p, '/'); slash;
		     slash = prev_slash(p, slash)) {
			size_t len = (size_t)(slash - p);
			uint64_t h;
			if (strncmp(prev, p, len + 1) == 0)
				break; /* it, and its parents with it */
			h = XXH3_64bits(p, len);
			if (nd == cap) {
				uint64_t *v;
				cap = cap ? cap * 2 : 64;
				if (!(v = realloc(x->dirs_h, cap * sizeof(*v))))
					return MCP_ENOMEM;
				x->dirs_h = v;
			}
			x->dirs_h[nd++] = h;
		}
	}
	x->ndirs_h = nd;
	qsort(x->files_h, x->nfiles_h, sizeof(*x->files_h), by_u64);
	if (nd > 1)
		qsort(x->dirs_h, nd, sizeof(*x->dirs_h), by_u64);
	return 0;
}

/* Decode git's varint (varint.c: each continuation adds one before the
 * shift) at *p, below end; -1 when malformed. */
static int ix_varint(const unsigned char **p, const unsigned char *end,
                     size_t *out)
{
	const unsigned char *s = *p;
	size_t v;
	unsigned char c;

	if (s >= end)
		return -1;
	c = *s++;
	v = c & 127;
	while (c & 128) {
		if (s >= end || v + 1 > (SIZE_MAX >> 7))
			return -1;
		c = *s++;
		v = ((v + 1) << 7) + (c & 127);
	}
	*p = s;
	*out = v;
	return 0;
}

/* Parse the entries and extensions of a mapped index into x->v. 0, or -1
 * with *why set. */
static int ix_parse(ix_file *x, const char **why)
{
	const unsigned char *m = x->map, *end, *p;
	uint32_t version, count, k;
	size_t plen = 0, pcap = 0, prev = 0;

	*why = "not an index file";
	if (x->size < IX_HEADER + IX_HASH || memcmp(m, "DIRC", 4) != 0)
		return -1;
	version = be32(m + 4);
	count = be32(m + 8);
	if (version < 2 || version > 4) {
		*why = "an index version this reader does not know";
		return -1;
	}
	end = m + x->size - IX_HASH;
	*why = "truncated or corrupt";
	if (count > (size_t)(end - m) / IX_FIXED ||
	    !(x->v = malloc((count ? count : 1) * sizeof(*x->v))))
		return count > (size_t)(end - m) / IX_FIXED ? -1 : MCP_ENOMEM;
	p = m + IX_HEADER;
	for (k = 0; k < count; k++) {
		const unsigned char *name;
		unsigned flags;
		size_t len, fixed = IX_FIXED;
		if ((size_t)(end - p) < IX_FIXED)
			return -1;
		flags = be16(p + 60);
		if (flags & IX_EXTENDED) {
			if (version < 3 || (size_t)(end - p) < IX_FIXED + 2)
				return -1;
			fixed += 2;
		}
		name = p + fixed;
		x->v[k].at = (uint32_t)(p - m);
		if (version < 4) {
			const unsigned char *nul =
			    memchr(name, '\0', (size_t)(end - name));
			if (!nul)
				return -1;
			len = (size_t)(nul - name);
			if ((flags & 0xFFF) != 0xFFF && len != (flags & 0xFFF))
				return -1;
			x->v[k].path = (uint32_t)(name - m);
			len = (fixed + len + 8) & ~(size_t)7;
			if (len > (size_t)(end - p))
				return -1;
			p += len;
		} else {
			size_t drop, rest;
			const unsigned char *nul;
			if (ix_varint(&name, end, &drop) < 0 || drop > prev ||
			    !(nul = memchr(name, '\0', (size_t)(end - name))))
				return -1;
			rest = (size_t)(nul - name);
			len = prev - drop + rest;
			if (plen + len + 1 > pcap) {
				size_t cap = pcap ? pcap * 2 : 4096;
				char *np;
				while (cap < plen + len + 1)
					cap *= 2;
				if (!(np = realloc(x->paths, cap)))
					return MCP_ENOMEM;
				x->paths = np;
				pcap = cap;
			}
			/* the previous path's kept bytes, then the rest */
			if (k)
				memmove(x->paths + plen,
				        x->paths + x->v[k - 1].path,
				        prev - drop);
			memcpy(x->paths + plen + prev - drop, name, rest);
			x->paths[plen + len] = '\0';
			x->v[k].path = (uint32_t)plen;
			plen += len + 1;
			prev = len;
			p = nul + 1;
		}
		x->n = k + 1;
		/* git's order, which every lookup relies on: by path,
		 * then by stage, never twice the same */
		if (k) {
			int c = strcmp(ix_path(x, k - 1), ix_path(x, k));
			if (c > 0 ||
			    (c == 0 && ix_stage(x, k - 1) >= ix_stage(x, k))) {
				*why = "entries out of order";
				return -1;
			}
		}
		if (!*ix_path(x, k) || *ix_path(x, k) == '/')
			return -1;
	}
	/* the extensions: skip the optional ones */
	while (p < end) {
		uint32_t n;
		if ((size_t)(end - p) < 8)
			return -1;
		n = be32(p + 4);
		if (!(p[0] >= 'A' && p[0] <= 'Z')) {
			*why = "it uses an index extension this reader does "
			       "not know (a split or sparse index?)";
			return -1;
		}
		if (n > (size_t)(end - p) - 8)
			return -1;
		p += 8 + n;
	}
	return 0;
}

/*
 * Read the index file at @p path into @p x: a file that is not there is
 * an empty index (as git and libgit2 read it). 0; -1 with *why set (and
 * errno for the system's trouble); MCP_ENOMEM.
 */
static int ix_open(ix_file *x, const char *path, const char **why)
{
	struct stat st;
	void *map;
	int fd, rc;

	memset(x, 0, sizeof(*x));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 0;
	*why = strerror(errno);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		*why = "not a file";
		close(fd);
		return -1;
	}
	if ((uint64_t)st.st_size >= UINT32_MAX) {
		*why = "larger than 4 GiB";
		close(fd);
		return -1;
	}
	x->size = (size_t)st.st_size;
	map = x->size ? mmap(NULL, x->size, PROT_READ, MAP_PRIVATE, fd, 0)
	              : MAP_FAILED;
	close(fd);
	if (map == MAP_FAILED) {
		*why = x->size ? strerror(errno) : "not an index file";
		x->size = 0;
		return -1;
	}
	x->map = map;
	if ((rc = ix_parse(x, why)) != 0)
		ix_free(x);
	return rc;
}

/* An index entry's id as libgit2's. */
static void ix_git_oid(const ix_file *x, size_t i, git_oid *out)
{
	git_oid_fromraw(out, ix_oid(x, i));
}

/* What a walk of the work tree needs: the repository (for .gitignore),
 * its index (a tracked file is never ignored), the globs, and whether to
 * go into nested repositories. */
typedef struct tree_dir {
	git_repository *repo;
	const ix_file *idx;
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

/* Whether the index holds @p rel at stage 0, and whether it holds a file
 * below folder @p rel: the walk's questions, from the hashes. */
static int walk_tracked(const ix_file *idx, const char *rel)
{
	return has_u64(idx->files_h, idx->nfiles_h,
	               XXH3_64bits(rel, strlen(rel)));
}

static int walk_tracks_below(const ix_file *idx, const char *rel)
{
	return has_u64(idx->dirs_h, idx->ndirs_h,
	               XXH3_64bits(rel, strlen(rel)));
}

/* Whether the index holds a file below folder rel (from the top). */
static int tracks_below(const ix_file *idx, const char *rel)
{
	char prefix[4100];

	if ((size_t)snprintf(prefix, sizeof(prefix), "%s/", rel) >=
	    sizeof(prefix))
		return 0;
	return ix_has_prefix(idx, prefix);
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
			int below = walk_tracks_below(w->idx, sub);
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
		tracked = walk_tracked(w->idx, sub);
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

static int walk_index(git_repository *repo, const ix_file *idx,
                      mcp_repo_files *f, const char *const *globs, size_t n,
                      const mcp_repo_visit *visit)
{
	size_t i;
	int rc = 0;

	/* room for every entry at once: no copy as the list grows */
	if (idx->n && !f->cap && !(visit && visit->keep)) {
		if (!(f->v = malloc(idx->n * sizeof(*f->v))))
			return MCP_ENOMEM;
		f->cap = idx->n;
	}
	for (i = 0; rc == 0 && i < idx->n; i++) {
		unsigned mode = ix_mode(idx, i) & 0170000;
		const char *path = ix_path(idx, i);
		git_oid id;
		if (ix_stage(idx, i) != 0)
			continue;
		if (mode == 0160000) {
			rc = add_nested(f, path); /* a submodule */
			continue;
		}
		if ((mode != 0100000 && mode != 0120000) ||
		    !mcp_glob_match_any(globs, n, path))
			continue;
		if (visit && visit->each)
			visit->each(visit->ctx, path);
		if (visit && visit->keep && !visit->keep(visit->ctx, path))
			continue;
		/* read through mcp_repo_read; a link, reported */
		ix_git_oid(idx, i, &id);
		if (mode == 0120000)
			rc = add(f, path, blob_text(repo, &id), 1);
		else
			rc = add(f, path, NULL, 0);
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

void mcp_repo_files_sort_unique(mcp_repo_files *f)
{
	size_t i, k = 0;

	if (f->n > 1)
		qsort(f->v, f->n, sizeof(*f->v), by_path);
	for (i = 0; i < f->n; i++) {
		if (k && strcmp(f->v[k - 1].path, f->v[i].path) == 0) {
			free(f->v[i].path);
			free(f->v[i].target);
			continue;
		}
		f->v[k++] = f->v[i];
	}
	f->n = k;
}

/* Whether a list is sorted by path already (the index's order is). */
static int in_order(const mcp_repo_files *f)
{
	size_t i;

	for (i = 1; i < f->n; i++)
		if (strcmp(f->v[i - 1].path, f->v[i].path) > 0)
			return 0;
	return 1;
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void mcp_repo_set_nested(mcp_repo *r, int include)
{
	r->nested = include;
}

/* The end of a listing: @p out in path order, its nested repositories
 * too, the index let go; @p rc, and on an error nothing kept. */
static int listed(mcp_repo *r, mcp_repo_files *out, int rc)
{
	if (rc == 0 && !in_order(out))
		qsort(out->v, out->n, sizeof(*out->v), by_path);
	if (rc == 0 && out->nnested > 1)
		qsort(out->nested, out->nnested, sizeof(*out->nested),
		      by_string);
	ix_release(&r->idx);
	if (rc != 0)
		mcp_repo_files_free(out);
	return rc;
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
		tree_dir w = {repo,  &r->idx, out->top, out,
		              globs, nglobs,  r->nested};
		/* the walk asks the hashes: the index's pages can go */
		if ((rc = ix_hashes(&r->idx)) == 0) {
			ix_release(&r->idx);
			rc = walk_tree(&w, "", 0);
		}
	} else if (where == MCP_REPO_INDEX) {
		rc = walk_index(repo, &r->idx, out, globs, nglobs, NULL);
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
	return listed(r, out, rc);
}

int mcp_repo_list_index(mcp_repo *r, mcp_repo_files *out,
                        const char *const *globs, size_t nglobs,
                        const mcp_repo_visit *visit)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (!(out->top = strdup(r->top)))
		return MCP_ENOMEM;
	rc = walk_index(r->repo, &r->idx, out, globs, nglobs, visit);
	return listed(r, out, rc);
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

/* What staged_cb needs: the index, how far the walk has come in it,
 * and where the changed paths go. */
typedef struct staged_walk {
	const ix_file *idx;
	size_t at; /* the first entry not passed yet */
	mcp_repo_files *out;
	int rc;
} staged_walk;

/* Every entry from w->at on whose path comes before @p path (or is it,
 * with @p same): passed, each a change unless it is @p path at stage 0
 * with HEAD's mode and id (*unchanged set then). */
static int pass_entries(staged_walk *w, const char *path,
                        const git_tree_entry *e, int *unchanged)
{
	const ix_file *x = w->idx;
	int c;

	*unchanged = 0;
	while (w->at < x->n && (c = strcmp(ix_path(x, w->at), path)) <= 0) {
		size_t i = w->at++;
		if (c == 0 && e && ix_stage(x, i) == 0 &&
		    ix_mode(x, i) == (unsigned)git_tree_entry_filemode(e) &&
		    memcmp(ix_oid(x, i), git_tree_entry_id(e)->id, IX_HASH) ==
		        0) {
			*unchanged = 1;
			continue;
		}
		/* not in HEAD (added), another mode or id, a conflict */
		if (add(w->out, ix_path(x, i), NULL, 0) < 0)
			return MCP_ENOMEM;
	}
	return 0;
}

/* Whether entry @p i is one a tree written from the index holds as it
 * stands: at stage 0 (no conflict) and not only intended to be added
 * (`git add -N`, version 3's extended flag 0x2000). */
static int ix_in_tree(const ix_file *x, size_t i)
{
	const unsigned char *e = x->map + x->v[i].at;

	return IX_STAGE(be16(e + 60)) == 0 &&
	       !((be16(e + 60) & IX_EXTENDED) && (be16(e + 62) & 0x2000));
}

/* The first entry from @p lo on whose path does not start with the
 * @p len bytes of @p prefix. */
static size_t ix_prefix_end(const ix_file *x, size_t lo, const char *prefix,
                            size_t len)
{
	while (lo < x->n && strncmp(ix_path(x, lo), prefix, len) == 0)
		lo++;
	return lo;
}

/* A mode in octal and a space, as a tree entry starts ("100644 "). */
static void put_mode(mcp_buf *t, unsigned mode)
{
	char digits[12], *p = digits + sizeof(digits);

	*--p = ' ';
	do
		*--p = (char)('0' + (mode & 7));
	while ((mode >>= 3) != 0);
	mcp_buf_put(t, p, (size_t)(digits + sizeof(digits) - p));
}

/*
 * The id of the tree git would write for the folder whose entries are
 * @p lo to @p hi (their paths all start with the same @p plen bytes, the
 * folder's path and '/'), into @p out: each file "MODE NAME\0ID", each
 * folder "40000 NAME\0ID" of its own tree, in the entries' order, which
 * is a tree's (a folder sorts as if its name ended in '/'). 1 when made;
 * 0 when the folder holds an entry no tree holds as it stands (a
 * conflict, an intent to add): no id then; MCP_ENOMEM.
 */
static int ix_tree_id(const ix_file *x, size_t lo, size_t hi, size_t plen,
                      git_oid *out)
{
	mcp_buf t;
	size_t i = lo;
	int rc = 1;

	mcp_buf_init(&t);
	while (rc == 1 && i < hi) {
		const char *path = ix_path(x, i), *name = path + plen;
		const char *slash = strchr(name, '/');
		git_oid sub;
		if (!slash) {
			if (!ix_in_tree(x, i)) {
				rc = 0;
				break;
			}
			put_mode(&t, ix_mode(x, i));
			mcp_buf_put(&t, name, strlen(name) + 1);
			mcp_buf_put(&t, ix_oid(x, i), IX_HASH);
			i++;
			continue;
		}
		{
			size_t dl = (size_t)(slash - name);
			size_t end = ix_prefix_end(x, i, path, plen + dl + 1);
			rc = ix_tree_id(x, i, end, plen + dl + 1, &sub);
			if (rc != 1)
				break;
			mcp_buf_puts(&t, "40000 ");
			mcp_buf_put(&t, name, dl);
			mcp_buf_put(&t, "", 1);
			mcp_buf_put(&t, sub.id, IX_HASH);
			i = end;
		}
	}
	if (rc == 1 && t.oom)
		rc = MCP_ENOMEM;
	if (rc == 1 &&
	    git_odb_hash(out, t.ptr ? t.ptr : "", t.len, GIT_OBJECT_TREE) < 0)
		rc = 0; /* no id: compared entry by entry */
	mcp_buf_free(&t);
	return rc;
}

/*
 * HEAD's tree @p tree, at folder @p path (@p plen bytes, "" or ending in
 * '/'; room for PATH_MAX), against the index from w->at on, in the order
 * of both (git sorts a tree's entries as the index sorts full paths, a
 * folder named as if it ended in '/'). A file of HEAD is a change unless
 * the index holds it at stage 0 with its mode and id. A folder whose
 * entries in the index make a tree of HEAD's folder's id (the id git
 * would write for it: ix_tree_id) holds no change and is not read; any
 * other is read and compared entry by entry. The index's cache-tree
 * extension is not trusted for this: a forged one could hide a change.
 */
static int staged_tree(staged_walk *w, git_repository *repo, git_tree *tree,
                       char *path, size_t plen)
{
	size_t k, n = git_tree_entrycount(tree);
	int rc = 0, unchanged;

	for (k = 0; rc == 0 && k < n; k++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, k);
		const char *name = git_tree_entry_name(e);
		size_t nl = strlen(name), end;
		git_tree *sub = NULL;
		git_oid id;
		if (plen + nl + 2 > PATH_MAX)
			return MCP_EIO;
		memcpy(path + plen, name, nl + 1);
		if (git_tree_entry_type(e) != GIT_OBJECT_TREE) {
			/* a file (or a submodule's commit) */
			if ((rc = pass_entries(w, path, e, &unchanged)) == 0 &&
			    !unchanged)
				rc = add(w->out, path, NULL, 0);
			continue;
		}
		path[plen + nl] = '/';
		path[plen + nl + 1] = '\0';
		/* what the index holds before the folder: added */
		while (w->at < w->idx->n &&
		       strcmp(ix_path(w->idx, w->at), path) < 0)
			if ((rc = add(w->out, ix_path(w->idx, w->at++), NULL,
			              0)) != 0)
				return rc;
		end = ix_prefix_end(w->idx, w->at, path, plen + nl + 1);
		if (end > w->at) {
			int made =
			    ix_tree_id(w->idx, w->at, end, plen + nl + 1, &id);
			if (made < 0)
				return made;
			if (made && git_oid_equal(&id, git_tree_entry_id(e))) {
				w->at = end; /* the same tree: no change */
				continue;
			}
		}
		if (git_tree_lookup(&sub, repo, git_tree_entry_id(e)) < 0)
			return MCP_EIO;
		rc = staged_tree(w, repo, sub, path, plen + nl + 1);
		git_tree_free(sub);
	}
	path[plen] = '\0';
	return rc;
}

/* The staged changes: the paths where HEAD's tree (NULL: none yet) and
 * the index differ, as `git diff --cached --name-only` lists them (a
 * conflict, in stages 1 to 3, is a change). 0, MCP_EIO or MCP_ENOMEM. */
static int staged(mcp_repo *r, git_tree *tree, mcp_repo_files *out)
{
	staged_walk w = {&r->idx, 0, out, 0};
	char path[PATH_MAX];
	int unchanged;

	path[0] = '\0';
	if (tree)
		w.rc = staged_tree(&w, git_tree_owner(tree), tree, path, 0);
	/* what the index holds after HEAD's last file */
	while (w.rc == 0 && w.at < r->idx.n)
		w.rc = pass_entries(&w, ix_path(&r->idx, r->idx.n - 1), NULL,
		                    &unchanged);
	return w.rc;
}

/* Give libgit2 the index GIT_INDEX_FILE names, for what it compares with
 * the index itself (the work tree's status, --since); without the
 * variable it reads the repository's own when it needs it. 0 or -1. */
static int set_libgit2_index(mcp_repo *x)
{
	git_index *idx = NULL;
	int rc;

	if (!x->idx_env || x->lg_idx)
		return 0;
	rc = git_index_open(&idx, x->idx_env) < 0 ||
	             git_repository_set_index(x->repo, idx) < 0
	         ? -1
	         : 0;
	git_index_free(idx); /* the repository holds it */
	x->lg_idx = rc == 0;
	return rc;
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
		rc = staged(r, tree, out);
		if (rc == MCP_EIO)
			rc = trouble(d, "cannot compare the index with HEAD");
		if (rc == 0)
			mcp_repo_files_sort_unique(out);
		goto done;
	}
	if (git_revparse_single(&b, repo, base) < 0 ||
	    git_revparse_single(&head, repo, "HEAD") < 0) {
		rc = trouble_hint(d, "unknown revision", HINT_REV);
		goto done;
	}
	if (git_merge_base(&mb, repo, git_object_id(b), git_object_id(head)) <
	        0 ||
	    git_commit_lookup(&mb_commit, repo, &mb) < 0 ||
	    git_commit_tree(&tree, mb_commit) < 0) {
		rc = trouble_hint(d, "no merge base with HEAD", HINT_BASE);
		goto done;
	}
	/* not a submodule's state: lint never reads its files */
	opts.flags = GIT_DIFF_INCLUDE_UNTRACKED |
	             GIT_DIFF_RECURSE_UNTRACKED_DIRS |
	             GIT_DIFF_IGNORE_SUBMODULES;
	if (set_libgit2_index(r) < 0) {
		rc = trouble(d, "cannot read the index GIT_INDEX_FILE names");
		goto done;
	}
	if (git_diff_tree_to_workdir_with_index(&diff, repo, tree, &opts) < 0) {
		rc = trouble(d, "cannot compare with the merge base");
		goto done;
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

/* A fatal MCP-GIT-001 about an index this reader cannot use; MCP_EIO. */
static int index_trouble(mcp_diag *d, const char *what, const char *why)
{
	mcp_finding *f;

	if (!d)
		return MCP_EIO;
	f = mcp_diag_add(d, RULE_GIT, MCP_SEV_ERROR, NULL, NULL, NULL, "%s%s%s",
	                 what, why ? ": " : "", why ? why : "");
	if (!f)
		return MCP_ENOMEM;
	f->fatal = 1;
	return MCP_EIO;
}

/* The index git would use (see mcp_repo_open) into x->idx. 0, MCP_EIO (a
 * finding says why) or MCP_ENOMEM. */
static int open_index(mcp_repo *x, mcp_diag *d)
{
	const char *env = getenv("GIT_INDEX_FILE"), *why = NULL;
	const char *what = "cannot read the index";
	char path[PATH_MAX * 2], cwd[PATH_MAX];
	int rc;

	if (!env || !*env) {
		if ((size_t)snprintf(path, sizeof(path), "%sindex",
		                     git_repository_path(x->repo)) >=
		    sizeof(path))
			return index_trouble(d, what, "a path too long");
	} else {
		/* relative to the current folder, as git reads it (a hook
		 * runs at the top: git passes ".git/index" there) */
		what = "cannot read the index GIT_INDEX_FILE names";
		if (env[0] == '/')
			snprintf(path, sizeof(path), "%s", env);
		else if (!getcwd(cwd, sizeof(cwd)) ||
		         (size_t)snprintf(path, sizeof(path), "%s/%s", cwd,
		                          env) >= sizeof(path))
			return index_trouble(d, what, NULL);
		if (!(x->idx_env = strdup(path)))
			return MCP_ENOMEM;
	}
	rc = ix_open(&x->idx, path, &why);
	return rc < 0 && rc != MCP_ENOMEM ? index_trouble(d, what, why) : rc;
}

int mcp_repo_open(mcp_repo **out, const char *start, mcp_diag *d)
{
	mcp_repo *x = calloc(1, sizeof(*x));
	int rc;

	*out = x;
	if (!x)
		return MCP_ENOMEM;
	pthread_mutex_init(&x->lock, NULL);
	/* a libgit2 that cannot start (its set-up of a library it links
	 * failing) reads nothing: said, never a run on a half-made state */
	if (git_libgit2_init() < 0)
		return trouble(d, "libgit2 cannot start");
	x->lg_init = 1;
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
	return (*rel == '\0' && r->idx.n > 0) ||
	       ix_find(&r->idx, rel) != (size_t)-1 ||
	       tracks_below(&r->idx, rel);
}

void mcp_repo_close(mcp_repo *x)
{
	if (!x)
		return;
	ix_free(&x->idx);
	free(x->idx_env);
	git_tree_free(x->tree);
	git_repository_free(x->repo);
	pthread_mutex_destroy(&x->lock);
	free(x->top);
	if (x->lg_init)
		git_libgit2_shutdown();
	free(x);
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
	if (set_libgit2_index(r) < 0 ||
	    git_status_list_new(&list, r->repo, &so) < 0) {
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

/* "index OID PATH\n" for entry @p i, as mcp_buf_printf would write it,
 * written by hand: a large index has tens of thousands of them. */
static void describe_entry(const ix_file *x, size_t i, mcp_buf *out)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *oid = ix_oid(x, i);
	const char *path = ix_path(x, i);
	size_t pl = strlen(path), k;
	char *p;

	if (mcp_buf_grow(out, 6 + 2 * IX_HASH + 1 + pl + 1) < 0)
		return; /* out->oom says so */
	p = out->ptr + out->len;
	memcpy(p, "index ", 6);
	p += 6;
	for (k = 0; k < IX_HASH; k++) {
		*p++ = digits[oid[k] >> 4];
		*p++ = digits[oid[k] & 15];
	}
	*p++ = ' ';
	memcpy(p, path, pl);
	p += pl;
	*p++ = '\n';
	*p = '\0';
	out->len = (size_t)(p - out->ptr);
}

/* The text a piece at a time: what @p chunk holds goes to the sink once
 * it passes this many bytes (and at the end). */
#define DESCRIBE_CHUNK 32768

static int flush_chunk(mcp_buf *chunk, mcp_repo_sink sink, void *ctx)
{
	if (chunk->oom)
		return MCP_ENOMEM;
	if (chunk->len)
		sink(ctx, chunk->ptr, chunk->len);
	mcp_buf_clear(chunk);
	return 0;
}

int mcp_repo_describe_each(mcp_repo *r, mcp_repo_where where, const char *rev,
                           const char *const *globs, size_t nglobs,
                           const char *base, mcp_repo_sink sink, void *ctx)
{
	mcp_buf chunk;
	size_t i, n;
	int rc = 0;

	mcp_buf_init(&chunk);
	pthread_mutex_lock(&r->lock);
	describe_commit(r->repo, "commit", rev ? rev : "HEAD", &chunk);
	if (base)
		describe_commit(r->repo, "base", base, &chunk);
	if (where != MCP_REPO_COMMIT) { /* the index, and the work tree on it */
		n = r->idx.n;
		for (i = 0; rc == 0 && i < n; i++) {
			describe_entry(&r->idx, i, &chunk);
			if (chunk.len >= DESCRIBE_CHUNK)
				rc = flush_chunk(&chunk, sink, ctx);
		}
		ix_release(&r->idx);
	}
	if (rc == 0 && where == MCP_REPO_WORKTREE) { /* staged, unstaged, new */
		rc = flush_chunk(&chunk, sink, ctx);
		describe_work(r, globs, nglobs, &chunk);
	}
	if (rc == 0)
		rc = flush_chunk(&chunk, sink, ctx);
	pthread_mutex_unlock(&r->lock);
	mcp_buf_free(&chunk);
	return rc;
}

static void append_to_buf(void *ctx, const char *text, size_t len)
{
	mcp_buf_put(ctx, text, len);
}

int mcp_repo_describe(mcp_repo *r, mcp_repo_where where, const char *rev,
                      const char *const *globs, size_t nglobs, const char *base,
                      mcp_buf *out)
{
	int rc = mcp_repo_describe_each(r, where, rev, globs, nglobs, base,
	                                append_to_buf, out);
	return rc ? rc : out->oom ? MCP_ENOMEM : 0;
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
	git_oid oid;
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
		size_t i = ix_find(&x->idx, rel);
		if (i != (size_t)-1 &&
		    (ix_mode(&x->idx, i) & 0170000) == 0100000) {
			ix_git_oid(&x->idx, i, &oid);
			id = &oid;
		}
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

	*top = NULL;
	if (git_libgit2_init() < 0) /* the repository alone: no index */
		return trouble(d, "libgit2 cannot start");
	if ((rc = open_work_tree(&repo, top, start, d)) != 0) {
		free(*top);
		*top = NULL;
	}
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
