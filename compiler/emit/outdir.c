/*
 * outdir.c: build's output folder, written all or nothing and never at the
 * cost of a file build did not write. The files go to a fresh folder
 * beside the target (DIR.tmp-XXXXXX) with a marker (.mcpc-build) that
 * lists them; only when every one is written and synced does it take the
 * target's place, the old folder moved aside first and removed last, file
 * by listed file. An existing target is replaced only when it is empty or
 * is a folder build marked and holds nothing else; the caller's folders
 * (the current one, the spec's, the top of the work tree) and their
 * parents are refused, and no path is written through a symbolic link.
 * A failure or refusal at any step leaves the target as it was. A file
 * name may hold folders ("chart/templates/x.yaml"): build makes them in
 * the fresh folder, and an old output's folder is accepted only where its
 * marker lists a file below it, at most MAX_DEPTH deep.
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mcpc/mcpc.h"

#define RULE_WRITE "MCP-IO-002"
#define MARKER     MCP_OUTDIR_MARKER
#define MARKER_MAX ((size_t)1 << 16)
#define FILE_MAX   ((size_t)1 << 30)
#define MAX_DEPTH  8 /* folders below the output folder */

#define HINT_OWN                                                               \
	"build replaces only a folder it wrote: move what is there away, "     \
	"or give -o a new or empty folder, such as out/"

#define HINT_LINK "remove the link, or give -o the folder it points at"

static int finding(mcp_diag *d, mcp_severity sev, const char *path,
                   const char *hint, const char *fmt, ...)
{
	mcp_loc loc = {path, 0, 0};
	mcp_finding *f;
	char msg[PATH_MAX + 256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f = mcp_diag_add(d, RULE_WRITE, sev, &loc, NULL, hint, "%s", msg);
	if (!f)
		return MCP_ENOMEM;
	f->fatal = sev == MCP_SEV_ERROR;
	return MCP_EIO;
}

/* Refused: an error finding; nothing was touched. */
#define refuse(d, path, hint, ...)                                             \
	finding(d, MCP_SEV_ERROR, path, hint, __VA_ARGS__)

static int trouble(mcp_diag *d, const char *path, const char *what)
{
	return refuse(d, path, NULL, "cannot %s: %s", what, strerror(errno));
}

/* "DIR/NAME", malloc'd. */
static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* mkdir -p of path's parent folders; *made: where the first folder it
 * made ends in path ((size_t)-1: none). */
static int parents(char *path, size_t *made)
{
	char *p;

	*made = (size_t)-1;
	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) == 0) {
			if (*made == (size_t)-1)
				*made = (size_t)(p - path);
		} else if (errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

/* Whether folder @p outer (a real path) is @p inner or holds it. */
static int holds(const char *outer, const char *inner)
{
	size_t n = strlen(outer);

	if (strcmp(outer, "/") == 0)
		return 1;
	return strncmp(outer, inner, n) == 0 &&
	       (inner[n] == '\0' || inner[n] == '/');
}

/* The symbolic links build must not write through: the output folder
 * itself, and every folder on the way to it that ends at or after offset
 * @p from (0 when the whole path is build's choice; where the folders it
 * made start). */
static int no_links(const char *dir, size_t from, mcp_diag *d)
{
	char *p = strdup(dir), *s;
	struct stat st;
	int rc = 0;

	if (!p)
		return MCP_ENOMEM;
	for (s = p + 1; *s && rc == 0; s++) {
		if (*s != '/' || (size_t)(s - p) < from)
			continue;
		*s = '\0';
		if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode))
			rc = refuse(
			    d, p, HINT_LINK,
			    "%s is a symbolic link: build writes through "
			    "none",
			    p);
		*s = '/';
	}
	if (rc == 0 && lstat(p, &st) == 0 && S_ISLNK(st.st_mode))
		rc = refuse(d, p, HINT_LINK,
		            "the output folder %s is a symbolic link: build "
		            "writes through none",
		            p);
	free(p);
	return rc;
}

/* Whether the path ends in "." or "..": a name rename cannot take. */
static int dots(const char *dir)
{
	const char *base = strrchr(dir, '/');

	base = base ? base + 1 : dir;
	return strcmp(base, ".") == 0 || strcmp(base, "..") == 0;
}

static int refuse_dots(mcp_diag *d, const char *dir)
{
	return refuse(d, dir, "name the folder itself, without '.' or '..'",
	              "the output folder %s ends in '.' or '..'", dir);
}

/*
 * The folder itself: not a link, not a file, neither a keep folder nor a
 * parent of one. *exists says whether it is there.
 */
static int guard_path(const char *dir, const mcp_outdir_opts *o, mcp_diag *d,
                      int *exists)
{
	char real[PATH_MAX], keep[PATH_MAX];
	struct stat st;
	size_t i;
	int rc;

	*exists = 0;
	if (!*dir)
		return refuse(d, "-o", NULL, "the output folder has no name");
	if ((rc = no_links(dir, o->own_path ? 0 : (size_t)-1, d)) != 0)
		return rc;
	if (lstat(dir, &st) < 0)
		return errno != ENOENT ? trouble(d, dir, "read the folder")
		       : dots(dir)     ? refuse_dots(d, dir)
		                       : 0;
	if (!S_ISDIR(st.st_mode))
		return refuse(d, dir, HINT_OWN,
		              "the output folder %s is not a folder", dir);
	if (!realpath(dir, real))
		return trouble(d, dir, "read the folder");
	for (i = 0; i < o->nkeep; i++) {
		if (!o->keep[i].path || !realpath(o->keep[i].path, keep))
			continue;
		if (holds(real, keep))
			return refuse(
			    d, dir, "give -o a folder of its own, such as out/",
			    "the output folder %s is %s, or holds it", dir,
			    o->keep[i].what);
	}
	*exists = 1;
	return dots(dir) ? refuse_dots(d, dir) : 0;
}

/* Read a plain file, never through a link, never blocking on a FIFO. */
static int read_plain(mcp_buf *out, const char *path, size_t max)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
	struct stat st;
	char chunk[8192];
	ssize_t got;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size > max) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	while ((got = read(fd, chunk, sizeof(chunk))) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 || mcp_buf_put(out, chunk, (size_t)got) < 0) {
			close(fd);
			return -1;
		}
	}
	close(fd);
	return 0;
}

/* Whether the marker's text lists @p name (a line of its own; the
 * comment lines, which begin with '#', name nothing: build never writes
 * such a name). */
static int listed(const mcp_buf *marker, const char *name)
{
	size_t n = strlen(name);
	const char *p = marker->ptr, *end = p + marker->len;

	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		if (len == n && *p != '#' && memcmp(p, name, n) == 0)
			return 1;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

/* Whether the marker lists a file below folder @p rel ("chart" for
 * "chart/values.yaml"): a folder build made. */
static int listed_dir(const mcp_buf *marker, const char *rel)
{
	size_t n = strlen(rel);
	const char *p = marker->ptr, *end = p + marker->len;

	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		if (len > n + 1 && *p != '#' && memcmp(p, rel, n) == 0 &&
		    p[n] == '/')
			return 1;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

/* "REL/NAME", or NAME when @p rel is empty; malloc'd. */
static char *rel_join(const char *rel, const char *name)
{
	return *rel ? join(rel, name) : strdup(name);
}

/* Whether a file name of build's is one build can write: plain names
 * joined by '/', none empty, "." or "..", at most MAX_DEPTH folders. */
static int sane_name(const char *name)
{
	const char *p = name;
	int depth = 0;

	if (!*name)
		return 0;
	for (;;) {
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (!p[n])
			return 1;
		if (++depth > MAX_DEPTH)
			return 0;
		p += n + 1;
	}
}

/* What kind of thing is there, for a message. */
static const char *not_plain(mode_t m)
{
	return S_ISLNK(m)   ? "a symbolic link"
	       : S_ISDIR(m) ? "a folder"
	                    : "not a plain file";
}

/* The entries of folder @p rel below @p dir (rel "" is @p dir itself):
 * each a plain file the marker lists, or a folder below which it lists
 * one (then checked in turn); anything else is a finding. */
static int guard_tree(const char *dir, const char *rel, int depth,
                      const mcp_buf *marker, mcp_diag *d)
{
	char *here = *rel ? join(dir, rel) : strdup(dir), *path, *sub;
	struct dirent *e;
	struct stat st;
	int rc = 0;
	DIR *dp;

	if (!here)
		return MCP_ENOMEM;
	if (!(dp = opendir(here))) {
		rc = trouble(d, here, "read the folder");
		free(here);
		return rc;
	}
	while ((e = readdir(dp)) != NULL && rc != MCP_ENOMEM) {
		int r = 0;
		if (strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0 ||
		    (!*rel && strcmp(e->d_name, MARKER) == 0))
			continue;
		path = join(here, e->d_name);
		sub = rel_join(rel, e->d_name);
		if (!path || !sub)
			r = MCP_ENOMEM;
		else if (lstat(path, &st) < 0)
			r = trouble(d, path, "read the file");
		else if (S_ISDIR(st.st_mode) && listed_dir(marker, sub) &&
		         depth < MAX_DEPTH)
			r = guard_tree(dir, sub, depth + 1, marker, d);
		else if (S_ISDIR(st.st_mode) && listed_dir(marker, sub))
			r = refuse(d, path, HINT_OWN,
			           "%s lies deeper than build writes", path);
		else if (!S_ISREG(st.st_mode))
			r = refuse(d, path, HINT_OWN,
			           "%s is %s: build writes through none", path,
			           not_plain(st.st_mode));
		else if (!listed(marker, sub))
			r = refuse(d, path, HINT_OWN,
			           "%s is not a file mcpc build wrote (its "
			           "" MARKER " does not list it)",
			           path);
		free(path);
		free(sub);
		if (r != 0)
			rc = r;
	}
	closedir(dp);
	free(here);
	return rc;
}

/*
 * What an existing folder holds: nothing, or a plain marker and the plain
 * files it lists, in the folders build made for them. The marker's text
 * goes to @p marker. Every entry that breaks the rule is a finding.
 */
static int guard_entries(const char *dir, mcp_buf *marker, mcp_diag *d)
{
	char *path = join(dir, MARKER);
	struct dirent *e;
	struct stat st;
	int rc = 0, marked = 0;
	DIR *dp;

	if (!path)
		return MCP_ENOMEM;
	if (lstat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			rc = refuse(d, path, HINT_OWN,
			            "%s is %s: build writes through none", path,
			            not_plain(st.st_mode));
		else if (read_plain(marker, path, MARKER_MAX) < 0)
			rc = trouble(d, path, "read the marker");
		else
			marked = 1;
	}
	free(path);
	if (rc != 0)
		return rc;
	if (marked)
		return guard_tree(dir, "", 0, marker, d);
	if (!(dp = opendir(dir)))
		return trouble(d, dir, "read the folder");
	while ((e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (!(path = join(dir, e->d_name))) {
			rc = MCP_ENOMEM;
			break;
		}
		rc = refuse(d, path, HINT_OWN,
		            "%s holds %s, a file mcpc build did not write "
		            "(it has no " MARKER ")",
		            dir, path);
		free(path);
		break; /* one finding says it */
	}
	closedir(dp);
	return rc;
}

/* The marker's text: what it is, and the files, one a line. */
static int marker_text(mcp_buf *out, const mcp_outfile *files, size_t n)
{
	size_t i;

	mcp_buf_puts(out, "# mcpc build wrote this folder and replaces it on "
	                  "the next build; it\n# refuses to when the folder "
	                  "holds anything not listed here.\n");
	for (i = 0; i < n; i++)
		mcp_buf_printf(out, "%s\n", files[i].name);
	return out->oom ? MCP_ENOMEM : 0;
}

static int write_all(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0666);
	size_t done = 0;

	if (fd < 0)
		return -1;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = errno;
			close(fd);
			errno = e ? e : EIO;
			return -1;
		}
		done += (size_t)w;
	}
	if (fsync(fd) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

/* Remove the plain files of folder @p rel below @p dir that @p marker
 * lists, and the folders it lists files below, deepest first; links are
 * never followed, and a folder that holds anything else stays. */
static void remove_tree(const char *dir, const char *rel, int depth,
                        const mcp_buf *marker)
{
	char *here = *rel ? join(dir, rel) : strdup(dir), *path, *sub;
	struct dirent *e;
	struct stat st;
	DIR *dp = here ? opendir(here) : NULL;

	while (dp && (e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		path = join(here, e->d_name);
		sub = rel_join(rel, e->d_name);
		if (path && sub && lstat(path, &st) == 0) {
			if (S_ISREG(st.st_mode) &&
			    (listed(marker, sub) ||
			     (!*rel && strcmp(e->d_name, MARKER) == 0)))
				unlink(path);
			else if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH &&
			         listed_dir(marker, sub)) {
				remove_tree(dir, sub, depth + 1, marker);
				rmdir(path);
			}
		}
		free(path);
		free(sub);
	}
	if (dp)
		closedir(dp);
	free(here);
}

/* Remove what @p marker lists of @p dir, the marker, and the folder:
 * whatever else is there stays, and so does the folder. */
static int remove_listed(const char *dir, const mcp_buf *marker)
{
	remove_tree(dir, "", 0, marker);
	return rmdir(dir);
}

/* Make the folders of file @p name inside the fresh folder @p tmp; a
 * link or file where a folder goes is an error. */
static int make_folders(const char *tmp, const char *name)
{
	char *path = join(tmp, name), *p;
	struct stat st;
	int rc = 0;

	if (!path)
		return -1;
	for (p = path + strlen(tmp) + 1; *p && rc == 0; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) < 0 &&
		    (errno != EEXIST || lstat(path, &st) < 0 ||
		     !S_ISDIR(st.st_mode)))
			rc = -1;
		*p = '/';
	}
	free(path);
	return rc;
}

/* Write every file and the marker into the fresh folder @p tmp. */
static int fill(const char *tmp, const mcp_outfile *files, size_t n,
                const mcp_buf *marker, const mcp_outdir_opts *o, mcp_diag *d)
{
	size_t i;
	int rc = 0;

	for (i = 0; i <= n && rc == 0; i++) {
		char *path = join(tmp, i < n ? files[i].name : MARKER);
		if (!path)
			return MCP_ENOMEM;
		if (i == o->fail_at) {
			errno = ENOSPC;
			rc = trouble(d, path, "write");
		} else if (i < n && make_folders(tmp, files[i].name) < 0) {
			rc = trouble(d, path, "make the folder of");
		} else if (i < n ? write_all(path, files[i].data, files[i].len)
		                 : write_all(path, marker->ptr, marker->len)) {
			rc = trouble(d, path, "write");
		}
		free(path);
	}
	return rc;
}

/* The folder without trailing slashes ("/" stays), malloc'd. */
static char *trimmed(const char *dir)
{
	char *p = strdup(dir);
	size_t n = p ? strlen(p) : 0;

	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	return p;
}

int mcp_outdir_write(const char *dir0, const mcp_outfile *files, size_t n,
                     const mcp_outdir_opts *o, mcp_diag *d)
{
	char *dir = trimmed(dir0), *tmp = NULL, *old = NULL;
	mcp_buf mine, theirs; /* the markers: the new one, the old one */
	size_t dlen, made;
	int rc, had_old = 0;

	mcp_buf_init(&mine);
	mcp_buf_init(&theirs);
	if (!dir || !(tmp = malloc(strlen(dir) + 16)) ||
	    !(old = malloc(strlen(dir) + 16)) || marker_text(&mine, files, n)) {
		rc = MCP_ENOMEM;
		goto done;
	}
	for (dlen = 0; dlen < n; dlen++)
		if (!sane_name(files[dlen].name) ||
		    strcmp(files[dlen].name, MARKER) == 0) {
			rc = refuse(d, dir, NULL,
			            "cannot write a file named '%s'",
			            files[dlen].name);
			goto done;
		}
	dlen = strlen(dir);
	snprintf(tmp, dlen + 16, "%s.tmp-XXXXXX", dir);
	snprintf(old, dlen + 16, "%s.old-XXXXXX", dir);
	rc = guard_path(dir, o, d, &had_old);
	if (rc == 0 && had_old)
		rc = guard_entries(dir, &theirs, d);
	if (rc != 0)
		goto done;
	if (parents(tmp, &made) < 0 || !mkdtemp(tmp)) {
		rc = trouble(d, dir, "create the output folder");
		goto done;
	}
	{
		/* mkdtemp makes it 0700: give it the mode mkdir would */
		mode_t mask = umask(0);
		umask(mask);
		chmod(tmp, 0777 & ~mask);
	}
	/* a link planted, while they were made, at a folder build chose or
	 * made */
	rc = no_links(dir, o->own_path ? 0 : made, d);
	if (rc == 0)
		rc = fill(tmp, files, n, &mine, o, d);
	if (rc != 0) {
		remove_listed(tmp, &mine);
		goto done;
	}
	/* the old folder aside; what it holds once more, now that nobody
	 * can add to it under its own name; the new one in */
	if (had_old &&
	    (!mkdtemp(old) || rmdir(old) < 0 || rename(dir, old) < 0)) {
		rc = trouble(d, dir, "move the old output aside");
		remove_listed(tmp, &mine);
		goto done;
	}
	if (had_old) {
		mcp_buf_clear(&theirs);
		if ((rc = guard_entries(old, &theirs, d)) != 0) {
			rename(old, dir);
			remove_listed(tmp, &mine);
			goto done;
		}
	}
	if (rename(tmp, dir) < 0) {
		int e = errno;
		if (had_old)
			rename(old, dir);
		remove_listed(tmp, &mine);
		errno = e;
		rc = trouble(d, dir, "put the new output in place");
		goto done;
	}
	if (had_old && remove_listed(old, &theirs) < 0)
		rc = finding(d, MCP_SEV_WARNING, old, NULL,
		             "left %s behind: something not listed in its "
		             "" MARKER " appeared in it",
		             old) == MCP_ENOMEM
		         ? MCP_ENOMEM
		         : 0;
done:
	mcp_buf_free(&mine);
	mcp_buf_free(&theirs);
	free(dir);
	free(tmp);
	free(old);
	return rc;
}

/* The first folder on the way from @p dir to its file @p name that is not
 * a plain folder (a link, a file), malloc'd into *bad; NULL when none. */
static int not_a_folder(const char *dir, const char *name, char **bad)
{
	char *path = join(dir, name), *p;
	struct stat st;

	*bad = NULL;
	if (!path)
		return MCP_ENOMEM;
	for (p = path + strlen(dir) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
			*bad = path;
			return 0;
		}
		*p = '/';
	}
	free(path);
	return 0;
}

/* One expected file of --check against what is there. */
static int compare_one(const char *dir, const char *name, const char *data,
                       size_t len, mcp_buf *diff, mcp_buf *notes)
{
	char *path = join(dir, name);
	mcp_buf have;
	struct stat st;
	int rc = 0, there;
	char *bad;

	if (!path || not_a_folder(dir, name, &bad) < 0) {
		free(path);
		return MCP_ENOMEM;
	}
	mcp_buf_init(&have);
	if (bad) {
		lstat(bad, &st);
		mcp_buf_printf(notes, "%s is %s, where build makes a folder\n",
		               bad, not_plain(st.st_mode));
		free(bad);
		free(path);
		return 1;
	}
	there = lstat(path, &st) == 0;
	if (there && !S_ISREG(st.st_mode)) {
		mcp_buf_printf(notes, "%s is %s, where build writes a file\n",
		               path, not_plain(st.st_mode));
		rc = 1;
	} else if (there && read_plain(&have, path, FILE_MAX) < 0) {
		mcp_buf_printf(notes, "cannot read %s: %s\n", path,
		               strerror(errno));
		rc = 1;
	} else {
		if (!there)
			mcp_buf_printf(notes, "%s is missing\n", path);
		rc = mcp_diff_unified(diff, there ? path : "/dev/null",
		                      have.ptr ? have.ptr : "", have.len, path,
		                      data, len);
	}
	mcp_buf_free(&have);
	free(path);
	return notes->oom ? MCP_ENOMEM : rc;
}

/* What folder @p rel below @p dir holds that build would not write, a
 * line each in @p notes (*stale set); folders build makes are read in
 * turn, never through a link. */
static int extras(const char *dir, const char *rel, int depth,
                  const mcp_buf *mine, mcp_buf *notes, mcp_diag *d, int *stale)
{
	char *here = *rel ? join(dir, rel) : strdup(dir), *sub;
	struct dirent *e;
	struct stat st;
	int rc = 0;
	DIR *dp;

	if (!here)
		return MCP_ENOMEM;
	if (!(dp = opendir(here))) {
		rc = trouble(d, here, "read the folder");
		free(here);
		return rc;
	}
	while ((e = readdir(dp)) != NULL && rc == 0) {
		if (strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0 ||
		    (!*rel && strcmp(e->d_name, MARKER) == 0))
			continue;
		if (!(sub = rel_join(rel, e->d_name))) {
			rc = MCP_ENOMEM;
			break;
		}
		if (listed(mine, sub)) {
			free(sub);
			continue;
		}
		if (listed_dir(mine, sub) && depth < MAX_DEPTH) {
			char *path = join(dir, sub);
			if (path && lstat(path, &st) == 0 &&
			    S_ISDIR(st.st_mode)) {
				rc = extras(dir, sub, depth + 1, mine, notes, d,
				            stale);
				free(path);
				free(sub);
				continue;
			}
			free(path);
		}
		mcp_buf_printf(notes,
		               "%s/%s is not a file build writes (and build "
		               "replaces no folder that holds it: remove it)\n",
		               dir, sub);
		*stale = 1;
		free(sub);
	}
	closedir(dp);
	free(here);
	return rc;
}

int mcp_outdir_compare(const char *dir0, const mcp_outfile *files, size_t n,
                       const mcp_outdir_opts *o, mcp_buf *diff, mcp_buf *notes,
                       mcp_diag *d)
{
	char *dir = trimmed(dir0);
	mcp_buf mine;
	size_t i;
	int rc, exists, stale = 0;

	mcp_buf_init(&mine);
	if (!dir || marker_text(&mine, files, n)) {
		rc = MCP_ENOMEM;
		goto done;
	}
	rc = guard_path(dir, o, d, &exists);
	if (rc != 0)
		goto done;
	/* what is there that build would not write */
	if (exists)
		rc = extras(dir, "", 0, &mine, notes, d, &stale);
	if (rc != 0)
		goto done;
	for (i = 0; i <= n && rc >= 0; i++) {
		rc = i < n ? compare_one(dir, files[i].name, files[i].data,
		                         files[i].len, diff, notes)
		           : compare_one(dir, MARKER, mine.ptr, mine.len, diff,
		                         notes);
		stale |= rc > 0;
	}
	if (rc >= 0)
		rc = notes->oom || diff->oom ? MCP_ENOMEM : stale;
done:
	mcp_buf_free(&mine);
	free(dir);
	return rc;
}
