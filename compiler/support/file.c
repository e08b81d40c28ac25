/*
 * file.c: whole-file reads with a size limit and atomic writes.
 */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mcpc/mcpc.h"
#include "support/file.h"

/* Where files come from when not from the file system (lint --staged
 * reads the git index); set before any thread starts. */
static mcp_file_source source_fn;
static void *source_ctx;

void mcp_file_set_source(mcp_file_source fn, void *ctx)
{
	source_fn = fn;
	source_ctx = ctx;
}

int mcp_file_exists(const char *path)
{
	int rc = source_fn ? source_fn(source_ctx, path, NULL, 0) : 1;

	return rc == 1 ? access(path, F_OK) == 0 : rc == 0;
}

/*
 * Read @p fd to its end. @p expect is the size fstat gave a regular file
 * (-1 otherwise): once that many bytes have come in one short read, the
 * file has ended, and the read that would only say so is saved.
 */
static int read_fd(mcp_buf *out, int fd, size_t max_size, long long expect)
{
	size_t start = out->len;

	for (;;) {
		size_t want;
		ssize_t n;
		if (out->cap - out->len < 2 && mcp_buf_grow(out, 65536) < 0)
			return MCP_ENOMEM;
		want = out->cap - out->len - 1;
		n = read(fd, out->ptr + out->len, want);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return MCP_EIO;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
		if (out->len > max_size)
			return MCP_ELIMIT;
		if (expect >= 0 && (size_t)n < want &&
		    out->len - start == (size_t)expect)
			break;
	}
	return 0;
}

/* Room for @p size more bytes and the NUL: an empty buffer gets exactly
 * that (a file's size is known), a used one grows as buffers do. */
static int reserve(mcp_buf *out, size_t size)
{
	char *p;

	if (out->cap || out->oom || size > (size_t)-1 / 2)
		return mcp_buf_grow(out, size);
	if (!(p = malloc(size + 1))) {
		out->oom = 1;
		return MCP_ENOMEM;
	}
	p[0] = '\0';
	out->ptr = p;
	out->cap = size + 1;
	return 0;
}

int mcp_file_read(mcp_buf *out, const char *path, size_t max_size)
{
	int rc;

	if (source_fn && strcmp(path, "-") != 0 &&
	    (rc = source_fn(source_ctx, path, out, max_size)) != 1)
		return rc;
	return mcp_file_read_fs(out, path, max_size);
}

int mcp_file_read_fs(mcp_buf *out, const char *path, size_t max_size)
{
	struct stat st;
	int fd, rc, saved;

	if (strcmp(path, "-") == 0)
		return read_fd(out, STDIN_FILENO, max_size, -1);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return MCP_EIO;
	if (fstat(fd, &st) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return MCP_EIO;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return MCP_EIO;
	}
	if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max_size) {
		close(fd);
		return MCP_ELIMIT;
	}
	/* Regular files: one allocation of the right size (+1 to see EOF)
	 * and, unless the file grew since fstat, one read. */
	if (S_ISREG(st.st_mode) && reserve(out, (size_t)st.st_size + 1) < 0) {
		close(fd);
		return MCP_ENOMEM;
	}
	rc = read_fd(out, fd, max_size,
	             S_ISREG(st.st_mode) ? (long long)st.st_size : -1);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/* @p data in a new temporary file beside @p path (its name in @p tmp),
 * with @p mode, synced and closed. */
static int write_temp(mcp_buf *tmp, const char *path, const void *data,
                      size_t len, unsigned mode)
{
	const char *p = data;
	int fd, saved;

	if (mcp_buf_printf(tmp, "%s.tmp.XXXXXX", path) < 0)
		return MCP_ENOMEM;
	if ((fd = mkstemp(tmp->ptr)) < 0)
		return MCP_EIO;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += n;
		len -= (size_t)n;
	}
	if (fchmod(fd, (mode_t)mode) < 0 || fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		saved = errno;
		unlink(tmp->ptr);
		errno = saved;
		return MCP_EIO;
	}
	return 0;
fail:
	saved = errno;
	close(fd);
	unlink(tmp->ptr);
	errno = saved;
	return MCP_EIO;
}

/* The first write of a file the link trick cannot make (a file system
 * without hard links): O_EXCL still never replaces anything. */
static int write_excl(const char *path, const void *data, size_t len,
                      unsigned mode)
{
	int fd =
	    open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, (mode_t)mode);
	const char *p = data;
	int saved;

	if (fd < 0)
		return MCP_EIO;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		p += n;
		len -= (size_t)n;
	}
	if (len == 0 && fchmod(fd, (mode_t)mode) == 0 && fsync(fd) == 0 &&
	    close(fd) == 0)
		return 0;
	saved = errno;
	close(fd);
	unlink(path); /* ours: O_EXCL made it */
	errno = saved;
	return MCP_EIO;
}

int mcp_file_write_mode(const char *path, const void *data, size_t len,
                        unsigned mode, int replace)
{
	mcp_buf tmp;
	int rc, saved;

	mcp_buf_init(&tmp);
	if ((rc = write_temp(&tmp, path, data, len, mode)) != 0) {
		saved = errno;
		mcp_buf_free(&tmp);
		errno = saved;
		return rc;
	}
	if (replace && rename(tmp.ptr, path) < 0)
		rc = MCP_EIO;
	/* link() never replaces what is there, a symbolic link included */
	if (!replace && link(tmp.ptr, path) < 0) {
		rc = MCP_EIO;
		if (errno == EPERM || errno == ENOTSUP || errno == EXDEV ||
		    errno == EMLINK || errno == ENOSYS)
			rc = write_excl(path, data, len, mode);
	}
	saved = errno;
	if (rc != 0 || !replace)
		unlink(tmp.ptr);
	mcp_buf_free(&tmp);
	errno = saved;
	return rc;
}

int mcp_file_write_atomic(const char *path, const void *data, size_t len)
{
	return mcp_file_write_mode(path, data, len, 0644, 1);
}

int mcp_path_climbs(const char *path)
{
	int depth = 0;

	if (path[0] == '/')
		return 1;
	while (*path) {
		size_t n = strcspn(path, "/");
		if (n == 2 && path[0] == '.' && path[1] == '.') {
			if (--depth < 0)
				return 1;
		} else if (n && !(n == 1 && path[0] == '.')) {
			depth++;
		}
		path += n;
		path += *path == '/';
	}
	return 0;
}

char *mcp_file_link_target(const char *path)
{
	char buf[PATH_MAX];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return strdup(buf);
}
