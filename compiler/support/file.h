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

/* Write @p len bytes to @p path atomically. Returns 0 or MCP_EIO (errno kept).
 */
int mcp_file_write_atomic(const char *path, const void *data, size_t len);

#endif
