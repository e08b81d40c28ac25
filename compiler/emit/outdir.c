/*
 * outdir.c: an output folder written all or nothing. The files go to a
 * fresh folder beside the target (DIR.tmp-XXXXXX); only when every one is
 * written and synced does it take the target's place, the old folder
 * moved aside first and removed last. A failure at any step leaves the
 * target as it was.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mcpc/mcpc.h"

#define RULE_WRITE "MCP-IO-002"

static int trouble(mcp_diag *d, const char *path, const char *what)
{
	mcp_loc loc = {path, 0, 0};
	mcp_finding *f =
	    mcp_diag_add(d, RULE_WRITE, MCP_SEV_ERROR, &loc, NULL, NULL,
	                 "cannot %s: %s", what, strerror(errno));
	if (!f)
		return MCP_ENOMEM;
	f->fatal = 1;
	return MCP_EIO;
}

/* mkdir -p of path's parent folders. */
static int parents(char *path)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) < 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

static int unlink_one(const char *path, const struct stat *st, int flag,
                      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void remove_tree(const char *path)
{
	nftw(path, unlink_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int write_all(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
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

int mcp_outdir_write(const char *dir, const mcp_outfile *files, size_t n,
                     size_t fail_at, mcp_diag *d)
{
	size_t dlen = strlen(dir), i;
	char *tmp = malloc(dlen + 16), *old = malloc(dlen + 16), *path = NULL;
	struct stat st;
	int rc = 0, had_old;

	if (!tmp || !old) {
		free(tmp);
		free(old);
		return MCP_ENOMEM;
	}
	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;
	snprintf(tmp, dlen + 16, "%.*s.tmp-XXXXXX", (int)dlen, dir);
	snprintf(old, dlen + 16, "%.*s.old-XXXXXX", (int)dlen, dir);
	if (parents(tmp) < 0 || !mkdtemp(tmp)) {
		rc = trouble(d, dir, "create the output folder");
		goto done;
	}
	{
		/* mkdtemp makes it 0700: give it the mode mkdir would */
		mode_t mask = umask(0);
		umask(mask);
		chmod(tmp, 0777 & ~mask);
	}
	for (i = 0; i < n && rc == 0; i++) {
		size_t plen = strlen(tmp) + strlen(files[i].name) + 2;
		free(path);
		if (!(path = malloc(plen))) {
			rc = MCP_ENOMEM;
			break;
		}
		snprintf(path, plen, "%s/%s", tmp, files[i].name);
		if (i == fail_at) {
			errno = ENOSPC;
			rc = trouble(d, path, "write");
		} else if (write_all(path, files[i].data, files[i].len) < 0) {
			rc = trouble(d, path, "write");
		}
	}
	if (rc != 0) {
		remove_tree(tmp);
		goto done;
	}
	had_old = stat(dir, &st) == 0;
	if (had_old && !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		remove_tree(tmp);
		rc = trouble(d, dir, "replace the output folder");
		goto done;
	}
	/* the old folder aside, the new one in, the old one gone */
	if (had_old &&
	    (!mkdtemp(old) || rmdir(old) < 0 || rename(dir, old) < 0)) {
		remove_tree(tmp);
		rc = trouble(d, dir, "move the old output aside");
		goto done;
	}
	if (rename(tmp, dir) < 0) {
		int e = errno;
		if (had_old)
			rename(old, dir);
		remove_tree(tmp);
		errno = e;
		rc = trouble(d, dir, "put the new output in place");
		goto done;
	}
	if (had_old)
		remove_tree(old);
done:
	free(path);
	free(tmp);
	free(old);
	return rc;
}
