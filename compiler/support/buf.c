/*
 * buf.c: the growable string buffer every stage writes text into.
 * Allocation failure is sticky: once set, writes are dropped and reported.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcpc/mcpc.h"

static char empty_string[1];

void mcp_buf_init(mcp_buf *b)
{
	b->ptr = empty_string;
	b->len = 0;
	b->cap = 0;
	b->oom = 0;
}

void mcp_buf_free(mcp_buf *b)
{
	if (b->cap)
		free(b->ptr);
	mcp_buf_init(b);
}

void mcp_buf_clear(mcp_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->ptr[0] = '\0';
}

int mcp_buf_grow(mcp_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->oom)
		return MCP_ENOMEM;
	if (extra > (size_t)-1 / 2 - b->len)
		goto fail;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = b->cap ? realloc(b->ptr, cap) : malloc(cap);
	if (!p)
		goto fail;
	if (!b->cap)
		p[0] = '\0';
	b->ptr = p;
	b->cap = cap;
	return 0;
fail:
	b->oom = 1;
	return MCP_ENOMEM;
}

/* Whether @p n more bytes and the NUL fit without growing (and the buffer
 * still takes writes). */
static int has_room(const mcp_buf *b, size_t n)
{
	return !b->oom && b->cap - b->len > n;
}

int mcp_buf_put(mcp_buf *b, const void *data, size_t len)
{
	if (!has_room(b, len) && mcp_buf_grow(b, len) < 0)
		return MCP_ENOMEM;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int mcp_buf_puts(mcp_buf *b, const char *s)
{
	return mcp_buf_put(b, s, strlen(s));
}

int mcp_buf_putc(mcp_buf *b, char c)
{
	if (!has_room(b, 1) && mcp_buf_grow(b, 1) < 0)
		return MCP_ENOMEM;
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
	return 0;
}

int mcp_buf_vprintf(mcp_buf *b, const char *fmt, va_list ap)
{
	size_t room = b->oom ? 0 : b->cap - b->len;
	va_list cp;
	int n;

	/* Most text fits in the room there is: one pass then. */
	va_copy(cp, ap);
	n = vsnprintf(room ? b->ptr + b->len : NULL, room, fmt, cp);
	va_end(cp);
	if (n < 0) {
		if (room)
			b->ptr[b->len] = '\0';
		return MCP_ERROR;
	}
	if ((size_t)n < room) {
		b->len += (size_t)n;
		return 0;
	}
	if (room)
		b->ptr[b->len] = '\0'; /* what did not fit is not there */
	if (mcp_buf_grow(b, (size_t)n) < 0)
		return MCP_ENOMEM;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int mcp_buf_printf(mcp_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = mcp_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void mcp_buf_truncate(mcp_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->ptr[len] = '\0';
	}
}

char *mcp_buf_detach(mcp_buf *b)
{
	char *p;

	if (b->oom) {
		mcp_buf_free(b);
		return NULL;
	}
	p = b->cap ? b->ptr : strdup("");
	mcp_buf_init(b);
	return p;
}

int mcp_buf_put_token(mcp_buf *b, const char *s, size_t len)
{
	size_t i, run = 0;

	mcp_buf_putc(b, '/');
	/* runs without '~' or '/' go in whole */
	for (i = 0; i < len; i++) {
		if (s[i] != '~' && s[i] != '/')
			continue;
		mcp_buf_put(b, s + run, i - run);
		mcp_buf_put(b, s[i] == '~' ? "~0" : "~1", 2);
		run = i + 1;
	}
	mcp_buf_put(b, s + run, len - run);
	return b->oom ? MCP_ENOMEM : 0;
}
