/*
 * buf.h: a growable byte buffer, always NUL-terminated, used for every piece
 * of text the compiler builds (messages, pointers, rendered reports).
 */
#ifndef MCPC_BUF_H
#define MCPC_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "mcpc/export.h"

typedef struct mcp_buf {
	char *ptr;  /* the bytes, NUL-terminated; never NULL after init */
	size_t len; /* bytes in use, not counting the NUL */
	size_t cap; /* bytes allocated */
	int oom; /* set once an allocation failed; further writes are dropped */
} mcp_buf;

/** Initialise an empty buffer (no allocation). */
MCP_EXPORT void mcp_buf_init(mcp_buf *b);

/** Release the buffer's memory and leave it empty. */
MCP_EXPORT void mcp_buf_free(mcp_buf *b);

/** Forget the contents, keep the allocation. */
MCP_EXPORT void mcp_buf_clear(mcp_buf *b);

/**
 * Make room for at least @p extra more bytes.
 *
 * @return 0 or MCP_ENOMEM (and the buffer is marked out of memory)
 */
MCP_EXPORT int mcp_buf_grow(mcp_buf *b, size_t extra);

/** Append @p len bytes. @return 0 or MCP_ENOMEM */
MCP_EXPORT int mcp_buf_put(mcp_buf *b, const void *data, size_t len);

/** Append a NUL-terminated string. @return 0 or MCP_ENOMEM */
MCP_EXPORT int mcp_buf_puts(mcp_buf *b, const char *s);

/** Append one byte. @return 0 or MCP_ENOMEM */
MCP_EXPORT int mcp_buf_putc(mcp_buf *b, char c);

/** Append "/" and @p len bytes of @p s as one JSON Pointer reference token
 * (RFC 6901: '~' as "~0", '/' as "~1"). @return 0 or MCP_ENOMEM */
MCP_EXPORT int mcp_buf_put_token(mcp_buf *b, const char *s, size_t len);

/** Append printf-style text. @return 0 or MCP_ENOMEM */
MCP_EXPORT int mcp_buf_printf(mcp_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/** Append vprintf-style text. @return 0 or MCP_ENOMEM */
MCP_EXPORT int mcp_buf_vprintf(mcp_buf *b, const char *fmt, va_list ap);

/** Cut the contents to @p len bytes (no-op when already shorter). */
MCP_EXPORT void mcp_buf_truncate(mcp_buf *b, size_t len);

/**
 * Hand the contents to the caller (who frees them) and leave the buffer empty.
 *
 * @return a malloc'd NUL-terminated string, or NULL when out of memory
 */
MCP_EXPORT char *mcp_buf_detach(mcp_buf *b);

#endif
