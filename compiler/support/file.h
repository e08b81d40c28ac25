/*
 * file.h: reading whole inputs under a size limit, and writing outputs
 * atomically (temporary file in the same folder, then rename), so that a
 * failed run never leaves a half-written file behind.
 */
#ifndef MCPC_SUPPORT_FILE_H
#define MCPC_SUPPORT_FILE_H

#include <stddef.h>

#include "mcpc/buf.h"

/*
 * Read all of @p path ("-" for standard input) into @p out, at most
 * @p max_size bytes. Returns 0, MCP_EIO (errno kept) or MCP_ELIMIT.
 */
int mcp_file_read(mcp_buf *out, const char *path, size_t max_size);

/* The same, always from the file system (what mcpc writes for itself). */
int mcp_file_read_fs(mcp_buf *out, const char *path, size_t max_size);

/*
 * Another place files come from: a function that reads @p path into
 * @p out (or, when @p out is NULL, only says whether it exists) and
 * returns 0, MCP_EIO (errno set), MCP_ELIMIT or MCP_ENOMEM, or 1 for a
 * path it does not answer for (read from the file system). It must be
 * safe to call from several threads at once.
 */
typedef int (*mcp_file_source)(void *ctx, const char *path, mcp_buf *out,
                               size_t max_size);

/* Use @p fn (NULL: none) for every later mcp_file_read and
 * mcp_file_exists. Set it before threads start. */
void mcp_file_set_source(mcp_file_source fn, void *ctx);

/* Whether @p path is absolute or climbs above the current folder (more
 * ".." segments than names before them). */
int mcp_path_climbs(const char *path);

/* Whether @p path exists, where mcp_file_read would look. */
int mcp_file_exists(const char *path);

/* The target a symbolic link at @p path names, as written (malloc'd), or
 * NULL (not a link, unreadable, or out of memory). */
char *mcp_file_link_target(const char *path);

/* Write @p len bytes to @p path atomically. Returns 0 or MCP_EIO (errno kept).
 */
int mcp_file_write_atomic(const char *path, const void *data, size_t len);

/*
 * Write @p len bytes to @p path atomically with permissions @p mode: a
 * temporary file beside it, synced, then in its place. With @p replace 0
 * nothing already at @p path is replaced, a symbolic link (even one to
 * nothing) included: MCP_EIO with errno EEXIST. Returns 0, MCP_EIO (errno
 * kept) or MCP_ENOMEM.
 */
int mcp_file_write_mode(const char *path, const void *data, size_t len,
                        unsigned mode, int replace);

#endif
