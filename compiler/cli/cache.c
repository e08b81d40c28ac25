/*
 * cache.c: lint's content cache. It lives where a commit cannot bring it:
 * mcpc-cache/ in the repository's git directory, or a folder the user
 * names (--cache-dir, MCPC_CACHE_DIR); a folder that is a link, is not a
 * folder, is someone else's or writable by everyone, or that git tracks,
 * is never used (docs/guarantees.md). An entry holds one spec file's
 * findings under a key: xxh3-128 of the spec's path and bytes and of
 * everything else a result depends on (the mcpc binary itself, its shipped
 * data, the project file, rule packs, matrix files, the load limits, the
 * waivers file, today's date for waiver expiry). The
 * entry also names the dependency manifests the spec read, with their
 * hashes (a changed manifest makes it a miss), and how many findings each
 * entry of the waivers file waived.
 *
 * Entries live in packs, pack-HASH.mcpc (the layout is described below,
 * at PACK_MAGIC). A run maps every pack and looks entries up in their
 * sorted indexes, reading only what it needs, and writes what it added as
 * one new pack (a temporary file, renamed), so concurrent runs never see
 * half of one; a pack whose frame or index does not check out is removed
 * and its entries written anew, and an entry that does not match its hash
 * is a miss. When packs pile up, a run that linted every spec writes the
 * entries it used as one pack and removes the others.
 *
 * An entry is text, a record a line, fields split by tabs:
 *   mcpc-cache 2
 *   d HASH PATH            a dependency manifest (hash 0: missing)
 *   w INDEX COUNT          a waivers-file entry waived COUNT findings
 *   f RULE SEV FATAL LINE COLUMN FILE POINTER HINT MESSAGE WAIVER
 *     RLINE RCOLUMN RFILE RMESSAGE
 *   end
 * where a tab, newline, carriage return or backslash in a field is
 * escaped (\t \n \r \\) and an absent value is \-.
 */
#include <dirent.h>
#include <limits.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "check/embedded.h"
#include "cli/cli.h"
#include "support/file.h"
#include "support/hmap.h"
#include "support/num.h"

#define CACHE_DIR "mcpc-cache" /* in the git directory */
#define MAX_FILE  ((size_t)64 << 20)
#define MAX_EXE   ((size_t)512 << 20)

/* Add a file's bytes (or a marker for a missing one) to the state. */
static void hash_file(XXH3_state_t *st, const char *path)
{
	mcp_buf b;

	mcp_buf_init(&b);
	XXH3_64bits_update(st, path, strlen(path) + 1);
	if (mcp_file_read(&b, path, MAX_FILE) == 0)
		XXH3_64bits_update(st, b.ptr ? b.ptr : "", b.len);
	else
		XXH3_64bits_update(st, "\\0missing", 9);
	mcp_buf_free(&b);
}

static void hash_dirs(XXH3_state_t *st, const char *const *dirs, size_t n,
                      mcp_diag *scratch)
{
	size_t i, j, np;
	char **paths;

	for (i = 0; i < n; i++) {
		if (mcp_paths_expand(&paths, &np, dirs[i], scratch) != 0)
			continue;
		for (j = 0; j < np; j++)
			hash_file(st, paths[j]);
		mcp_paths_free(paths, np);
	}
}

/* The running binary's bytes into the state: a rebuilt mcpc (any source,
 * any flag) never serves the old one's results. 0, or -1 when it cannot
 * be read (then there is no cache). */
static int hash_self(XXH3_state_t *st)
{
	struct stat sb;
	void *map;
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size <= 0 ||
	    (size_t)sb.st_size > MAX_EXE ||
	    (map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd,
	                0)) == MAP_FAILED) {
		close(fd);
		return -1;
	}
	close(fd);
	XXH3_64bits_update(st, map, (size_t)sb.st_size);
	munmap(map, (size_t)sb.st_size);
	return 0;
}

unsigned long long cli_cache_fingerprint(const cli_opts *o,
                                         const cli_checker *k)
{
	XXH3_state_t *st = XXH3_createState();
	const mcp_embedded *e;
	mcp_diag *scratch = NULL;
	unsigned long long h;

	if (!st || mcp_diag_new(&scratch) < 0) {
		XXH3_freeState(st);
		return 0;
	}
	XXH3_64bits_reset(st);
	if (hash_self(st) != 0) {
		XXH3_freeState(st);
		mcp_diag_free(scratch);
		return 0;
	}
	XXH3_64bits_update(st, mcp_version(), strlen(mcp_version()));
	for (e = mcp_embedded_files; e->name; e++)
		XXH3_64bits_update(st, e->data, e->len);
	if (k->project)
		hash_file(st, mcp_project_path(k->project));
	if (k->waivers_path)
		hash_file(st, k->waivers_path);
	hash_dirs(st, o->rules_dirs, o->nrules_dirs, scratch);
	hash_dirs(st, o->matrix_dirs, o->nmatrix_dirs, scratch);
	if (k->project) {
		const char *const *d;
		size_t n = mcp_project_dirs(k->project, "packs", &d);
		hash_dirs(st, d, n, scratch);
		n = mcp_project_dirs(k->project, "matrix", &d);
		hash_dirs(st, d, n, scratch);
	}
	XXH3_64bits_update(st, &o->load, sizeof(o->load));
	XXH3_64bits_update(st, k->waiver.today, sizeof(k->waiver.today));
	XXH3_64bits_update(st, k->waiver.latest, sizeof(k->waiver.latest));
	h = XXH3_64bits_digest(st);
	XXH3_freeState(st);
	mcp_diag_free(scratch);
	return h;
}

/* ---- the store: packs of entries ---- */

#define PACK_MAGIC "mcpc-pack 2\n"
#define PACK_END   "mcpc-pack-end\n\n\n" /* 16 bytes */
#define ROW        40                    /* key, offset, length, xxh3 */
#define MAX_PACKS  8 /* more, and a full run writes them as one */

/*
 * A pack: PACK_MAGIC, the entries one after another, then an index of
 * one ROW per entry sorted by key (its 16-byte key, then its offset,
 * length and xxh3, little-endian 64-bit numbers), then PACK_END, the
 * number of rows and the xxh3 of the index (64-bit each). A run maps
 * the packs and binary-searches their indexes: it reads only the
 * entries it looks up, and checks each against its hash.
 */
typedef struct pack {
	char *name;
	const unsigned char *map;
	size_t len;
	const unsigned char *rows; /* the index */
	size_t n;
	unsigned char *used; /* an entry this run used (set by workers) */
} pack;

/* An entry this run added (or, tidying up, kept). */
typedef struct fresh {
	char key[16];
	const char *text;
	size_t len;
	char *own; /* text when it is this run's, else NULL */
} fresh;

struct cli_cache_store {
	unsigned long long fp;
	int dir; /* the cache folder (a descriptor: never a path again) */
	pack *packs;
	size_t npacks;
	int stale;            /* a pack was damaged: write the whole anew */
	pthread_mutex_t lock; /* for fresh */
	fresh *fresh;
	size_t nfresh, cap;
};

struct cli_cache {
	cli_cache_store *store;
	int quote;     /* keep the text of files findings name */
	mcp_hmap deps; /* a manifest's path -> its hash, boxed: read once */
	mcp_buf entry, line;
};

static uint64_t get64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void put64(mcp_buf *b, uint64_t v)
{
	unsigned char x[8];
	int i;

	for (i = 0; i < 8; i++)
		x[i] = (unsigned char)(v >> (8 * i));
	mcp_buf_put(b, x, 8);
}

/* Check a pack's frame and index; 0, or -1 when damaged. */
static int check_pack(pack *pk)
{
	size_t ml = strlen(PACK_MAGIC), tl = 16 + 16;
	const unsigned char *t;
	uint64_t n, i;

	if (pk->len < ml + tl || memcmp(pk->map, PACK_MAGIC, ml) != 0)
		return -1;
	t = pk->map + pk->len - tl;
	n = get64(t + 16);
	if (memcmp(t, PACK_END, 16) != 0 || n > (pk->len - ml - tl) / ROW)
		return -1;
	pk->n = (size_t)n;
	pk->rows = t - pk->n * ROW;
	if (XXH3_64bits(pk->rows, pk->n * ROW) != get64(t + 24))
		return -1;
	for (i = 0; i < n; i++) {
		const unsigned char *r = pk->rows + i * ROW;
		uint64_t off = get64(r + 16), len = get64(r + 24);
		if (off < ml || off > (uint64_t)(pk->rows - pk->map) ||
		    len > (uint64_t)(pk->rows - pk->map) - off ||
		    (i && memcmp(r - ROW, r, 16) > 0))
			return -1;
	}
	return 0;
}

/* ---- the folder ---- */

const char *cli_cache_named(const cli_opts *o)
{
	const char *env = getenv("MCPC_CACHE_DIR");

	if (o->cache_dir)
		return o->cache_dir;
	return env && *env ? env : NULL;
}

int cli_cache_locate(const cli_opts *o, const mcp_repo *repo, char *out,
                     size_t n, int *named)
{
	const char *dir = cli_cache_named(o);

	*named = dir != NULL;
	if (dir)
		return (size_t)snprintf(out, n, "%s", dir) < n ? 0 : -1;
	return (size_t)snprintf(out, n, "%s%s", mcp_repo_gitdir(repo),
	                        CACHE_DIR) < n
	           ? 0
	           : -1;
}

/* Whether git tracks the folder at @p path in @p repo's work tree:
 * then a commit can bring (or forge) what is in it. */
static int tracked(const mcp_repo *repo, const char *path)
{
	char real[PATH_MAX], top[PATH_MAX];
	size_t tl;

	if (!repo || !realpath(path, real) ||
	    !realpath(mcp_repo_workdir(repo), top))
		return 0;
	tl = strlen(top);
	if (strcmp(real, top) == 0)
		return 1; /* the work tree itself */
	if (strncmp(real, top, tl) != 0 || real[tl] != '/')
		return 0;
	return mcp_repo_tracks(repo, real + tl + 1);
}

int cli_cache_dir_open(const char *path, const mcp_repo *repo, int create,
                       const char **why)
{
	struct stat sb;
	int fd;

	*why = NULL;
	if (create && mkdir(path, 0700) != 0 && errno != EEXIST) {
		*why = strerror(errno);
		return -1;
	}
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		*why = errno == ELOOP || errno == ENOTDIR
		           ? "a symbolic link or not a folder"
		           : strerror(errno);
		return -1;
	}
	if (fstat(fd, &sb) != 0 || !S_ISDIR(sb.st_mode))
		*why = "not a folder";
	else if (sb.st_uid != geteuid())
		*why = "another user's folder";
	else if (sb.st_mode & S_IWOTH)
		*why = "a folder everyone may write";
	else if (tracked(repo, path))
		*why = "a folder git tracks: a commit could bring its content";
	if (*why) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Whether name is one mcpc gives its files in the cache folder. */
static int our_name(const char *name)
{
	size_t nl = strlen(name);
	return (strncmp(name, "pack-", 5) == 0 && nl > 10 &&
	        strcmp(name + nl - 5, ".mcpc") == 0) ||
	       strncmp(name, "tmp-", 4) == 0;
}

/* The file @p name in folder @p dir, when it is one of mcpc's: a regular
 * file (never a link) of this user, with a pack's first bytes. A
 * descriptor, or -1. */
static int open_ours(int dir, const char *name, struct stat *sb)
{
	char head[sizeof(PACK_MAGIC) - 1];
	int fd;

	if (!our_name(name) ||
	    (fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, sb) != 0 || !S_ISREG(sb->st_mode) ||
	    sb->st_uid != geteuid() ||
	    pread(fd, head, sizeof(head), 0) != (ssize_t)sizeof(head) ||
	    memcmp(head, PACK_MAGIC, sizeof(head)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int cli_cache_store_open(cli_cache_store **out, unsigned long long fp,
                         int dirfd)
{
	cli_cache_store *st = calloc(1, sizeof(*st));
	struct dirent *e;
	DIR *dir;
	int dup_fd;

	*out = st;
	if (!st) {
		close(dirfd);
		return MCP_ENOMEM;
	}
	st->fp = fp;
	st->dir = dirfd;
	pthread_mutex_init(&st->lock, NULL);
	if ((dup_fd = dup(dirfd)) < 0 || !(dir = fdopendir(dup_fd))) {
		if (dup_fd >= 0)
			close(dup_fd);
		return 0; /* an empty cache */
	}
	while ((e = readdir(dir)) != NULL) {
		struct stat sb;
		pack *pk;
		void *map;
		int fd;
		if (strncmp(e->d_name, "pack-", 5) != 0 ||
		    (fd = open_ours(dirfd, e->d_name, &sb)) < 0)
			continue;
		if (sb.st_size <= 0 ||
		    (map = mmap(NULL, (size_t)sb.st_size, PROT_READ,
		                MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
			close(fd);
			continue;
		}
		close(fd);
		pk = realloc(st->packs, (st->npacks + 1) * sizeof(*pk));
		if (!pk) {
			munmap(map, (size_t)sb.st_size);
			break;
		}
		st->packs = pk;
		pk = &st->packs[st->npacks];
		memset(pk, 0, sizeof(*pk));
		pk->map = map;
		pk->len = (size_t)sb.st_size;
		pk->name = strdup(e->d_name);
		if (check_pack(pk) < 0 || !pk->name ||
		    !(pk->used = calloc(pk->n ? pk->n : 1, 1))) {
			st->stale = 1; /* left out; written anew */
			munmap(map, pk->len);
			if (pk->name) /* one of ours, damaged */
				unlinkat(dirfd, pk->name, 0);
			free(pk->name);
			continue;
		}
		st->npacks++;
	}
	closedir(dir);
	return 0;
}

/* The entry under key: its text, or NULL. Marks it used. */
static const char *lookup(cli_cache_store *st, const char key[16], size_t *len)
{
	size_t p;

	for (p = st->npacks; p-- > 0;) {
		pack *pk = &st->packs[p];
		size_t lo = 0, hi = pk->n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			const unsigned char *r = pk->rows + mid * ROW;
			int c = memcmp(r, key, 16);
			if (c < 0) {
				lo = mid + 1;
			} else if (c > 0) {
				hi = mid;
			} else {
				const char *text =
				    (const char *)pk->map + get64(r + 16);
				*len = (size_t)get64(r + 24);
				if (XXH3_64bits(text, *len) != get64(r + 32))
					break; /* damaged: a miss */
				__atomic_store_n(&pk->used[mid], 1,
				                 __ATOMIC_RELAXED);
				return text;
			}
		}
	}
	return NULL;
}

static int by_key(const void *a, const void *b)
{
	return memcmp(((const fresh *)a)->key, ((const fresh *)b)->key, 16);
}

/* Write the entries as a pack into folder @p dir, named in @p name by its
 * index's hash (the same entries make the same name); 0 or -1. A new
 * file (never one that was there, never through a link), renamed into
 * place. @p v is sorted by key. */
static int write_pack(int dir, const fresh *v, size_t n, char name[64])
{
	mcp_buf all, rows;
	char tmp[64];
	size_t i;
	int fd = -1, ok;

	mcp_buf_init(&all);
	mcp_buf_init(&rows);
	mcp_buf_puts(&all, PACK_MAGIC);
	for (i = 0; i < n; i++) {
		if (i && memcmp(v[i - 1].key, v[i].key, 16) == 0)
			continue; /* the same entry twice */
		mcp_buf_put(&rows, v[i].key, 16);
		put64(&rows, all.len);
		put64(&rows, v[i].len);
		put64(&rows, XXH3_64bits(v[i].text, v[i].len));
		mcp_buf_put(&all, v[i].text, v[i].len);
	}
	mcp_buf_put(&all, rows.ptr ? rows.ptr : "", rows.len);
	mcp_buf_put(&all, PACK_END, 16);
	put64(&all, rows.len / ROW);
	put64(&all, XXH3_64bits(rows.ptr ? rows.ptr : "", rows.len));
	snprintf(name, 64, "pack-%016llx.mcpc",
	         (unsigned long long)XXH3_64bits(all.ptr, all.len));
	ok = !all.oom && !rows.oom;
	for (i = 0; ok && fd < 0 && i < 16; i++) {
		snprintf(tmp, sizeof(tmp), "tmp-%08lx-%016llx",
		         (unsigned long)getpid(),
		         (unsigned long long)XXH3_64bits_withSeed(
		             name, strlen(name), (unsigned long long)i + 1));
		fd = openat(
		    dir, tmp,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (ok && fd >= 0) {
		ok = write(fd, all.ptr, all.len) == (ssize_t)all.len;
		close(fd);
		if (!ok || renameat(dir, tmp, dir, name) != 0) {
			unlinkat(dir, tmp, 0);
			ok = 0;
		}
	} else {
		ok = 0;
	}
	mcp_buf_free(&all);
	mcp_buf_free(&rows);
	return ok ? 0 : -1;
}

void cli_cache_store_close(cli_cache_store *st, int full)
{
	char name[64];
	size_t i, k;

	if (!st)
		return;
	if (st->stale || (full && st->npacks >= MAX_PACKS)) {
		/* one pack: what this run used (all when it did not read
		 * every spec), and what it added */
		for (i = 0; i < st->npacks; i++) {
			pack *pk = &st->packs[i];
			for (k = 0; k < pk->n; k++) {
				const unsigned char *r = pk->rows + k * ROW;
				fresh *f;
				if (full && !pk->used[k])
					continue;
				if (st->nfresh == st->cap) {
					size_t cap = st->cap ? st->cap * 2 : 64;
					f = realloc(st->fresh,
					            cap * sizeof(*f));
					if (!f)
						goto out;
					st->fresh = f;
					st->cap = cap;
				}
				f = &st->fresh[st->nfresh++];
				memcpy(f->key, r, 16);
				f->text = (const char *)pk->map + get64(r + 16);
				f->len = (size_t)get64(r + 24);
				f->own = NULL;
			}
		}
		qsort(st->fresh, st->nfresh, sizeof(*st->fresh), by_key);
		if (write_pack(st->dir, st->fresh, st->nfresh, name) == 0)
			for (i = 0; i < st->npacks; i++)
				if (strcmp(st->packs[i].name, name) != 0)
					unlinkat(st->dir, st->packs[i].name, 0);
	} else if (st->nfresh) {
		qsort(st->fresh, st->nfresh, sizeof(*st->fresh), by_key);
		write_pack(st->dir, st->fresh, st->nfresh, name);
	}
out:
	for (i = 0; i < st->nfresh; i++)
		free(st->fresh[i].own);
	free(st->fresh);
	for (i = 0; i < st->npacks; i++) {
		munmap((void *)(uintptr_t)st->packs[i].map, st->packs[i].len);
		free(st->packs[i].name);
		free(st->packs[i].used);
	}
	free(st->packs);
	close(st->dir);
	pthread_mutex_destroy(&st->lock);
	free(st);
}

int cli_cache_open(cli_cache **out, cli_cache_store *store, int quote)
{
	cli_cache *c = calloc(1, sizeof(*c));

	*out = c;
	if (!c)
		return MCP_ENOMEM;
	c->store = store;
	c->quote = quote;
	mcp_hmap_init(&c->deps);
	mcp_buf_init(&c->entry);
	mcp_buf_init(&c->line);
	return 0;
}

void cli_cache_close(cli_cache *c)
{
	if (!c)
		return;
	mcp_hmap_free(&c->deps, free);
	mcp_buf_free(&c->entry);
	mcp_buf_free(&c->line);
	free(c);
}

/* A spec's key: xxh3-128 of its bytes, seeded by its path and the
 * fingerprint. */
static void entry_key(char key[16], unsigned long long fp, const char *path,
                      const char *data, size_t len)
{
	XXH64_hash_t seed = XXH3_64bits_withSeed(path, strlen(path) + 1, fp);
	XXH128_hash_t h = XXH3_128bits_withSeed(data, len, seed);
	int i;

	for (i = 0; i < 8; i++) {
		key[i] = (char)(h.high64 >> (56 - 8 * i));
		key[8 + i] = (char)(h.low64 >> (56 - 8 * i));
	}
}

/* A manifest's hash (0: missing), read once a run. */
static unsigned long long dep_hash(cli_cache *c, const char *path)
{
	unsigned long long *box = mcp_hmap_get(&c->deps, path, strlen(path)), h;
	mcp_buf b;

	if (box)
		return *box;
	if (mcp_path_climbs(path))
		return 0; /* outside the repository: never read */
	mcp_buf_init(&b);
	h = mcp_file_read(&b, path, MAX_FILE) == 0
	        ? XXH3_64bits(b.ptr ? b.ptr : "", b.len) | 1
	        : 0;
	mcp_buf_free(&b);
	if ((box = malloc(sizeof(*box))) != NULL) {
		void *old = NULL;
		*box = h;
		if (mcp_hmap_put(&c->deps, path, strlen(path), box, &old) < 0)
			free(box);
		free(old);
	}
	return h;
}

/* Quote-ready text of a file the findings name, when it is not known. */
static void remember_text(const cli_cache *c, mcp_diag *d, const char *file)
{
	mcp_buf b;
	size_t len;

	if (!c->quote || !file || mcp_diag_source_line(d, file, 1, &len))
		return;
	mcp_buf_init(&b);
	if (mcp_file_read(&b, file, MAX_FILE) == 0)
		mcp_diag_add_source(d, file, b.ptr ? b.ptr : "", b.len);
	mcp_buf_free(&b);
}

/* ---- reading an entry ---- */

#define NFIELDS 15

/* Split one record (its text unescaped in place) into fields; NULL for
 * an absent one. Returns the number of fields. */
static size_t split(char *s, char **field, size_t max)
{
	size_t n = 0;
	char *w = s, *start = s;

	for (;;) {
		char ch = *s++;
		if (ch == '\\') {
			ch = *s++;
			if (ch == '-' && w == start && (*s == '\t' || !*s)) {
				start = NULL; /* absent */
				continue;
			}
			*w++ = ch == 't'   ? '\t'
			       : ch == 'n' ? '\n'
			       : ch == 'r' ? '\r'
			                   : ch;
			if (!ch)
				return 0;
			continue;
		}
		if (ch == '\t' || !ch) {
			if (n == max)
				return 0;
			field[n] = start;
			if (start)
				*w = '\0';
			n++;
			if (!ch)
				return n;
			start = w = s;
			continue;
		}
		*w++ = ch;
	}
}

/* A field that is a number up to max (strict: digits only). */
static int number(const char *s, unsigned long long *out, uint64_t max)
{
	uint64_t v = 0;
	int rc = mcp_num_parse(s, max, &v);

	*out = v;
	return rc;
}

/* Whether the fields of an "f" record are well formed. */
static int finding_ok(char **v)
{
	unsigned long long x;
	mcp_severity sev;

	return v[0] && v[1] && v[8] && mcp_severity_parse(&sev, v[1]) == 0 &&
	       number(v[2], &x, 1) == 0 && number(v[3], &x, UINT_MAX) == 0 &&
	       number(v[4], &x, UINT_MAX) == 0 &&
	       number(v[10], &x, UINT_MAX) == 0 &&
	       number(v[11], &x, UINT_MAX) == 0;
}

/* One well-formed "f" record into d. @return 0 or MCP_ENOMEM */
static int add_finding(const cli_cache *c, char **v, mcp_diag *d)
{
	unsigned long long fatal, line, col, rline, rcol;
	mcp_severity sev = MCP_SEV_ERROR;
	mcp_loc loc, rel;
	mcp_finding *f;

	mcp_severity_parse(&sev, v[1]);
	number(v[2], &fatal, 1);
	number(v[3], &line, UINT_MAX);
	number(v[4], &col, UINT_MAX);
	number(v[10], &rline, UINT_MAX);
	number(v[11], &rcol, UINT_MAX);
	loc.file = v[5];
	loc.line = (unsigned)line;
	loc.column = (unsigned)col;
	remember_text(c, d, loc.file);
	f = mcp_diag_add(d, v[0], sev, loc.file ? &loc : NULL, v[6], v[7], "%s",
	                 v[8]);
	if (!f)
		return MCP_ENOMEM;
	f->fatal = fatal != 0;
	if (v[9] && mcp_diag_waive(d, mcp_diag_count(d) - 1, v[9]) < 0)
		return MCP_ENOMEM;
	if (rline) {
		/* the related place keeps its file name: intern it */
		rel.file = v[12] ? mcp_diag_intern(d, v[12]) : NULL;
		rel.line = (unsigned)rline;
		rel.column = (unsigned)rcol;
		remember_text(c, d, rel.file);
		if ((v[12] && !rel.file) ||
		    mcp_finding_set_related(f, &rel, v[13]) < 0)
			return MCP_ENOMEM;
	}
	return 0;
}

/* The next record of an entry (NUL-terminated in place), or NULL. */
static char *next_record(char **at, char *end)
{
	char *s = *at, *nl;

	if (s >= end || !(nl = memchr(s, '\n', (size_t)(end - s))))
		return NULL;
	*nl = '\0';
	*at = nl + 1;
	return s;
}

/* Whether a "d" record's hash field is h as the writer spelt it ("%llx"):
 * compared as text, so that nothing else ("-0", " 1f") passes. */
static int same_hash(const char *field, unsigned long long h)
{
	char want[32];

	snprintf(want, sizeof(want), "%llx", h);
	return strcmp(field, want) == 0;
}

/* Whether every dependency of an entry is as it was, and the entry well
 * formed up to "end". */
static int entry_valid(cli_cache *c, char *text, size_t len, size_t nhits)
{
	char *at = text, *end = text + len, *r, *v[NFIELDS];
	unsigned long long k, n;

	if (!(r = next_record(&at, end)) || strcmp(r, "mcpc-cache 2") != 0)
		return 0;
	while ((r = next_record(&at, end)) != NULL) {
		if (strcmp(r, "end") == 0)
			return at == end;
		if (r[0] == 'd' && r[1] == '\t') {
			if (split(r + 2, v, NFIELDS) != 2 || !v[1] ||
			    !same_hash(v[0], dep_hash(c, v[1])))
				return 0;
		} else if (r[0] == 'w' && r[1] == '\t') {
			if (split(r + 2, v, NFIELDS) != 2 ||
			    number(v[0], &k, SIZE_MAX) < 0 ||
			    number(v[1], &n, SIZE_MAX) < 0 || k >= nhits)
				return 0;
		} else if (r[0] != 'f' || r[1] != '\t' ||
		           split(r + 2, v, NFIELDS) != NFIELDS - 1 ||
		           !finding_ok(v)) {
			return 0;
		}
	}
	return 0;
}

int cli_cache_get(cli_cache *c, const char *path, const char *data, size_t len,
                  size_t *hits, size_t nhits, mcp_diag *d)
{
	char key[16], *at, *end, *r, *v[NFIELDS];
	unsigned long long k, n;
	const char *text;
	size_t tlen;
	int rc = 0;

	entry_key(key, c->store->fp, path, data, len);
	if (!(text = lookup(c->store, key, &tlen)))
		return 0;
	/* checked whole first (split works in place: on a copy) */
	mcp_buf_clear(&c->line);
	mcp_buf_clear(&c->entry);
	if (mcp_buf_put(&c->line, text, tlen) < 0 ||
	    mcp_buf_put(&c->entry, text, tlen) < 0)
		return MCP_ENOMEM;
	if (!entry_valid(c, c->line.ptr, c->line.len, nhits))
		return 0; /* a dependency changed: a miss */
	if (c->quote && mcp_diag_add_source(d, path, data, len) < 0)
		return MCP_ENOMEM;
	at = c->entry.ptr;
	end = at + c->entry.len;
	next_record(&at, end);
	while (rc == 0 && (r = next_record(&at, end)) != NULL) {
		if (r[0] == 'w' && r[1] == '\t') {
			split(r + 2, v, NFIELDS);
			number(v[0], &k, SIZE_MAX);
			number(v[1], &n, SIZE_MAX);
			hits[k] += (size_t)n;
		} else if (r[0] == 'f' && r[1] == '\t') {
			split(r + 2, v, NFIELDS);
			rc = add_finding(c, v, d);
		}
	}
	return rc < 0 ? rc : 1;
}

int cli_each_dependency(const mcp_source *src, const char *spec,
                        int (*fn)(const char *dep, void *ctx), void *ctx)
{
	const char *slash = strrchr(spec, '/');
	size_t dl = slash ? (size_t)(slash - spec) + 1 : 0, i, k, n;
	char path[4096];

	for (n = 0; src && n < mcp_source_doc_count(src); n++) {
		json_t *svcs = json_object_get(
		    json_object_get(mcp_source_doc(src, n), "spec"),
		    "services");
		for (i = 0; i < json_array_size(svcs); i++) {
			json_t *deps = json_object_get(json_array_get(svcs, i),
			                               "dependencies");
			for (k = 0; k < json_array_size(deps); k++) {
				const char *dep =
				    json_string_value(json_array_get(deps, k));
				if (!dep)
					continue;
				snprintf(path, sizeof(path), "%.*s%s", (int)dl,
				         spec, dep);
				if (fn(path, ctx))
					return 1;
			}
		}
	}
	return 0;
}

/* ---- writing an entry ---- */

static void put_field(mcp_buf *b, const char *s)
{
	mcp_buf_putc(b, '\t');
	if (!s) {
		mcp_buf_puts(b, "\\-");
		return;
	}
	for (; *s; s++) {
		switch (*s) {
		case '\t':
			mcp_buf_puts(b, "\\t");
			break;
		case '\n':
			mcp_buf_puts(b, "\\n");
			break;
		case '\r':
			mcp_buf_puts(b, "\\r");
			break;
		case '\\':
			mcp_buf_puts(b, "\\\\");
			break;
		default:
			mcp_buf_putc(b, *s);
		}
	}
}

typedef struct dep_record {
	cli_cache *c;
	mcp_buf *b;
} dep_record;

/* An entry's record of one manifest: its hash and path. */
static int add_dep(const char *dep, void *ctx)
{
	dep_record *r = ctx;

	mcp_buf_printf(r->b, "d\t%llx", dep_hash(r->c, dep));
	put_field(r->b, dep);
	mcp_buf_putc(r->b, '\n');
	return 0;
}

void cli_cache_put(cli_cache *c, const char *path, const char *data, size_t len,
                   const mcp_source *src, const mcp_diag *d, size_t first,
                   const size_t *waived, size_t nhits)
{
	char key[16];
	mcp_buf *b = &c->entry;
	dep_record dr = {c, b};
	cli_cache_store *st;
	size_t i;

	mcp_buf_clear(b);
	mcp_buf_puts(b, "mcpc-cache 2\n");
	cli_each_dependency(src, path, add_dep, &dr);
	for (i = 0; i < nhits; i++)
		if (waived[i])
			mcp_buf_printf(b, "w\t%zu\t%zu\n", i, waived[i]);
	for (i = first; i < mcp_diag_count(d); i++) {
		const mcp_finding *f = mcp_diag_get(d, i);
		mcp_buf_puts(b, "f");
		put_field(b, f->rule);
		put_field(b, mcp_severity_name(f->severity));
		mcp_buf_printf(b, "\t%d\t%u\t%u", f->fatal != 0, f->loc.line,
		               f->loc.column);
		put_field(b, f->loc.file);
		put_field(b, f->pointer);
		put_field(b, f->hint);
		put_field(b, f->message);
		put_field(b, f->waiver);
		mcp_buf_printf(b, "\t%u\t%u", f->related.line,
		               f->related.column);
		put_field(b, f->related.line ? f->related.file : NULL);
		put_field(b, f->related.line ? f->related_message : NULL);
		mcp_buf_putc(b, '\n');
	}
	mcp_buf_puts(b, "end\n");
	if (b->oom)
		return;
	entry_key(key, c->store->fp, path, data, len);
	st = c->store;
	pthread_mutex_lock(&st->lock);
	if (st->nfresh == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 64;
		fresh *v = realloc(st->fresh, cap * sizeof(*v));
		if (v) {
			st->fresh = v;
			st->cap = cap;
		}
	}
	if (st->nfresh < st->cap) {
		fresh *f = &st->fresh[st->nfresh];
		memcpy(f->key, key, 16);
		f->len = b->len;
		f->text = f->own = mcp_buf_detach(b);
		st->nfresh += f->own != NULL;
	}
	pthread_mutex_unlock(&st->lock);
}

/* ---- mcpc cache clear ---- */

static const char cache_usage[] =
    "usage: mcpc cache clear [--cache-dir DIR]\n"
    "\n"
    "Remove lint's cache: the pack files mcpc wrote in mcpc-cache/ of the\n"
    "repository's git directory (or in --cache-dir DIR, or MCPC_CACHE_DIR),\n"
    "then the folder when nothing else is in it. Nothing mcpc did not\n"
    "write is removed, and no link is followed.\n";

/* Remove mcpc's files from the cache folder @p dir; how many. */
static size_t clear_ours(int dir)
{
	struct dirent *e;
	struct stat sb;
	size_t removed = 0;
	int fd, dup_fd = dup(dir);
	DIR *dp;

	if (dup_fd < 0 || !(dp = fdopendir(dup_fd))) {
		if (dup_fd >= 0)
			close(dup_fd);
		return 0;
	}
	while ((e = readdir(dp)) != NULL) {
		if ((fd = open_ours(dir, e->d_name, &sb)) < 0)
			continue;
		close(fd);
		removed += unlinkat(dir, e->d_name, 0) == 0;
	}
	closedir(dp);
	return removed;
}

int cmd_cache(int argc, char **argv)
{
	cli_opts o;
	char path[PATH_MAX];
	const char *why;
	mcp_repo *repo = NULL;
	int named = 0, fd, status = EXIT_CLEAN, i, clear = 0;
	size_t removed = 0;
	struct stat sb;

	memset(&o, 0, sizeof(o));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--cache-dir") == 0) {
			i++; /* its value, whatever it looks like */
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(cache_usage, stdout);
			return EXIT_CLEAN;
		}
		if (strcmp(a, "--version") == 0)
			return cli_version();
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--cache-dir") == 0 && i + 1 < argc)
			o.cache_dir = argv[++i];
		else if (strncmp(a, "--cache-dir=", 12) == 0)
			o.cache_dir = a + 12;
		else if (strcmp(a, "clear") == 0 && !clear)
			clear = 1;
		else {
			cli_error("cache: unexpected '%s': say 'mcpc cache "
			          "clear [--cache-dir DIR]'",
			          a);
			return EXIT_TROUBLE;
		}
	}
	if (!clear) {
		cli_error("cache: say 'mcpc cache clear [--cache-dir DIR]'");
		return EXIT_TROUBLE;
	}
	if (mcp_repo_open(&repo, ".", NULL) != 0) {
		mcp_repo_close(repo);
		cli_error(
		    "cache: not inside a git work tree (the cache sits in "
		    "its git directory; run this inside the repository)");
		return EXIT_TROUBLE;
	}
	if (cli_cache_locate(&o, repo, path, sizeof(path), &named) != 0) {
		cli_error("cache: the cache folder's path is too long");
		status = EXIT_TROUBLE;
	} else if (lstat(path, &sb) != 0 && errno == ENOENT) {
		/* no cache: nothing to do */
	} else if ((fd = cli_cache_dir_open(path, repo, 0, &why)) < 0) {
		cli_error("cache: %s is %s; left alone", path, why);
		status = EXIT_TROUBLE;
	} else {
		removed = clear_ours(fd);
		close(fd);
		rmdir(path); /* only when empty (never through a link) */
	}
	mcp_repo_close(repo);
	if (status == EXIT_CLEAN)
		printf("removed %zu cache file%s\n", removed,
		       removed == 1 ? "" : "s");
	return status;
}
