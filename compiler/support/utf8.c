/*
 * utf8.c: a strict UTF-8 validator (RFC 3629 table) and position helpers.
 */
#include <stdint.h>
#include <string.h>

#include "support/utf8.h"

#define HIGH_BITS 0x8080808080808080ull

/* Bytes from @p i on that are ASCII, eight at a time: most input is. */
static size_t skip_ascii(const unsigned char *s, size_t i, size_t len)
{
	uint64_t w;

	while (len - i >= 8) {
		memcpy(&w, s + i, 8);
		if (w & HIGH_BITS)
			break;
		i += 8;
	}
	while (i < len && s[i] < 0x80)
		i++;
	return i;
}

size_t mcp_utf8_valid_prefix(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		size_t n;
		unsigned lo = 0x80, hi = 0xBF;

		if (c < 0x80) {
			i = skip_ascii(s, i + 1, len);
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c == 0xE0)
			n = 2, lo = 0xA0;
		else if (c == 0xED)
			n = 2, hi = 0x9F;
		else if (c >= 0xE1 && c <= 0xEF)
			n = 2;
		else if (c == 0xF0)
			n = 3, lo = 0x90;
		else if (c == 0xF4)
			n = 3, hi = 0x8F;
		else if (c >= 0xF1 && c <= 0xF3)
			n = 3;
		else
			return i;
		if (len - i <= n)
			return i;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return i;
		if (n >= 2 && (s[i + 2] & 0xC0) != 0x80)
			return i;
		if (n == 3 && (s[i + 3] & 0xC0) != 0x80)
			return i;
		i += n + 1;
	}
	return len;
}

size_t mcp_utf8_count(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n = 0;

	/* ASCII runs count one a byte; only the rest need looking at. */
	for (;;) {
		size_t j = skip_ascii(s, i, len);
		n += j - i;
		if ((i = j) >= len)
			return n;
		if ((s[i++] & 0xC0) != 0x80)
			n++;
	}
}

void mcp_text_position(const char *text, size_t len, size_t offset,
                       unsigned *line, unsigned *column)
{
	size_t i, start = 0;
	unsigned l = 1;

	if (offset > len)
		offset = len;
	for (i = 0; i < offset; i++) {
		if (text[i] == '\n') {
			l++;
			start = i + 1;
		} else if (text[i] == '\r' &&
		           (i + 1 >= len || text[i + 1] != '\n')) {
			l++;
			start = i + 1;
		}
	}
	*line = l;
	*column = (unsigned)mcp_utf8_count(text + start, offset - start) + 1;
}
