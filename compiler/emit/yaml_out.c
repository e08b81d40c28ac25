/*
 * yaml_out.c: YAML text from JSON values, for the files mcpc emits. The
 * output is one block-style document a call, keys in the order the value
 * holds them, two-space indentation with sequences indented under their
 * key (yamllint's defaults), and a scalar plain only when every YAML 1.1
 * and 1.2 reader takes it back as the same string: anything that could
 * read as a boolean, a number, null, a timestamp or syntax is double-quoted.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcpc/mcpc.h"

#define LINE_MAX 80 /* yamllint's default line length */

/* Words YAML 1.1 or 1.2 reads as booleans or null, any case. */
static const char *const reserved[] = {
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", "=", "<<",
};

static int ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
		if (x != *b)
			return 0;
	}
	return *a == *b;
}

/* Whether s may be written plain and read back as this string. */
static int plain_ok(const char *s, size_t n)
{
	size_t i;
	unsigned char c0 = (unsigned char)s[0];

	if (n == 0 || s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':')
		return 0;
	if (strchr("-?:,[]{}#&*!|>'\"%@`", c0))
		return n > 1 && c0 == '-' && s[1] != ' ' &&
		       !(s[1] >= '0' && s[1] <= '9') && s[1] != '.' &&
		       plain_ok(s + 1, n - 1) && strcmp(s, "---") != 0;
	/* numbers, timestamps, base-60, .inf and .nan start like these */
	if ((c0 >= '0' && c0 <= '9') || c0 == '.' || c0 == '+')
		return 0;
	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (ieq(s, reserved[i]))
			return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return 0;
		if (c == ':' && (i + 1 == n || s[i + 1] == ' '))
			return 0;
		if (c == '#' && s[i - 1] == ' ')
			return 0;
	}
	return 1;
}

static void put_quoted(mcp_buf *out, const char *s, size_t n)
{
	size_t i;

	mcp_buf_putc(out, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"':
			mcp_buf_puts(out, "\\\"");
			break;
		case '\\':
			mcp_buf_puts(out, "\\\\");
			break;
		case '\n':
			mcp_buf_puts(out, "\\n");
			break;
		case '\t':
			mcp_buf_puts(out, "\\t");
			break;
		case '\r':
			mcp_buf_puts(out, "\\r");
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				mcp_buf_printf(out, "\\x%02x", c);
			else
				mcp_buf_putc(out, (char)c);
		}
	}
	mcp_buf_putc(out, '"');
}

static void put_string(mcp_buf *out, const char *s, size_t n)
{
	if (plain_ok(s, n) && strlen(s) == n)
		mcp_buf_put(out, s, n);
	else
		put_quoted(out, s, n);
}

/* A number as YAML reads it back: the shortest form that round-trips,
 * with a '.' so that it stays a float. */
static void put_real(mcp_buf *out, double x)
{
	char buf[40];
	int prec;

	if (!isfinite(x)) {
		mcp_buf_puts(out, isnan(x) ? ".nan" : x > 0 ? ".inf" : "-.inf");
		return;
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	mcp_buf_puts(out, buf);
	if (!strpbrk(buf, ".e"))
		mcp_buf_puts(out, ".0");
}

/* A scalar, or an empty collection, inline; 0 when v is neither. */
static int put_inline(mcp_buf *out, json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		put_string(out, json_string_value(v), json_string_length(v));
		return 1;
	case JSON_INTEGER:
		mcp_buf_printf(out, "%" JSON_INTEGER_FORMAT,
		               json_integer_value(v));
		return 1;
	case JSON_REAL:
		put_real(out, json_real_value(v));
		return 1;
	case JSON_TRUE:
		mcp_buf_puts(out, "true");
		return 1;
	case JSON_FALSE:
		mcp_buf_puts(out, "false");
		return 1;
	case JSON_NULL:
		mcp_buf_puts(out, "null");
		return 1;
	case JSON_OBJECT:
		if (json_object_size(v))
			return 0;
		mcp_buf_puts(out, "{}");
		return 1;
	case JSON_ARRAY:
		if (json_array_size(v))
			return 0;
		mcp_buf_puts(out, "[]");
		return 1;
	}
	return 0;
}

static void indent(mcp_buf *out, size_t n)
{
	while (n--)
		mcp_buf_putc(out, ' ');
}

static void put_node(mcp_buf *out, json_t *v, size_t depth, int inline_start);

/* A scalar member's value, after "key:". A line longer than LINE_MAX
 * whose value has no space goes on the next line, one level deeper:
 * yamllint's line-length rule allows a long word alone on its line. */
static void put_scalar_member(mcp_buf *out, json_t *v, size_t depth,
                              size_t keylen)
{
	size_t mark = out->len, vlen;
	const char *val;

	mcp_buf_putc(out, ' ');
	put_inline(out, v);
	if (out->oom)
		return;
	val = out->ptr + mark + 1;
	vlen = out->len - mark - 1;
	if (depth * 2 + keylen + 2 + vlen > LINE_MAX &&
	    !memchr(val, ' ', vlen)) {
		char *copy = malloc(vlen);
		if (!copy) {
			out->oom = 1;
			return;
		}
		memcpy(copy, val, vlen);
		mcp_buf_truncate(out, mark);
		mcp_buf_putc(out, '\n');
		indent(out, (depth + 1) * 2);
		mcp_buf_put(out, copy, vlen);
		free(copy);
	}
	mcp_buf_putc(out, '\n');
}

/* The members of an object, each on its own line at depth; the first
 * one's key already positioned when inline_start (after "- "). */
static void put_object(mcp_buf *out, json_t *v, size_t depth, int inline_start)
{
	const char *key;
	json_t *child;
	int first = 1;

	json_object_foreach(v, key, child)
	{
		if (!(first && inline_start))
			indent(out, depth * 2);
		first = 0;
		put_string(out, key, strlen(key));
		mcp_buf_putc(out, ':');
		if (json_is_object(child) && json_object_size(child)) {
			mcp_buf_putc(out, '\n');
			put_object(out, child, depth + 1, 0);
		} else if (json_is_array(child) && json_array_size(child)) {
			mcp_buf_putc(out, '\n');
			put_node(out, child, depth + 1, 0);
		} else {
			put_scalar_member(out, child, depth, strlen(key));
		}
	}
}

static void put_node(mcp_buf *out, json_t *v, size_t depth, int inline_start)
{
	size_t i;

	if (json_is_object(v) && json_object_size(v)) {
		put_object(out, v, depth, inline_start);
		return;
	}
	if (!json_is_array(v) || !json_array_size(v)) {
		if (!inline_start)
			indent(out, depth * 2);
		put_inline(out, v);
		mcp_buf_putc(out, '\n');
		return;
	}
	for (i = 0; i < json_array_size(v); i++) {
		json_t *item = json_array_get(v, i);
		if (!(i == 0 && inline_start))
			indent(out, depth * 2);
		mcp_buf_puts(out, "- ");
		put_node(out, item, depth + 1, 1);
	}
}

int mcp_yaml_write(mcp_buf *out, json_t *doc)
{
	mcp_buf_puts(out, "---\n");
	put_node(out, doc, 0, 0);
	return out->oom ? MCP_ENOMEM : 0;
}
