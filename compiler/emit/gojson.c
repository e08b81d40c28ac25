/*
 * gojson.c: a JSON value written exactly as Go's encoding/json.Marshal
 * writes the same value decoded into interface{} (what Helm's and sprig's
 * toJson print): compact, object keys sorted byte by byte, and strings
 * escaped the Go way (<, > and & as \u003c, \u003e, \u0026; U+2028 and
 * U+2029 escaped; other control characters as \u00xx in lower-case hex).
 * The pods' mcpc.io/config-hash is the SHA-256 of this text, so the Helm
 * chart can compute the same digest with toJson and sha256sum.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "emit/emit_int.h"
#include "mcpc/mcpc.h"

static int go_string(mcp_buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i;
	int rc = mcp_buf_putc(out, '"');

	for (i = 0; rc == 0 && i < len; i++) {
		unsigned char c = p[i];
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			rc = mcp_buf_put(out, e, 2);
		} else if (c == '\n') {
			rc = mcp_buf_puts(out, "\\n");
		} else if (c == '\r') {
			rc = mcp_buf_puts(out, "\\r");
		} else if (c == '\t') {
			rc = mcp_buf_puts(out, "\\t");
		} else if (c == '\b') { /* Go 1.22 and later: \b and \f */
			rc = mcp_buf_puts(out, "\\b");
		} else if (c == '\f') {
			rc = mcp_buf_puts(out, "\\f");
		} else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
			char e[6] = {'\\', 'u',         '0',
			             '0',  hex[c >> 4], hex[c & 15]};
			rc = mcp_buf_put(out, e, 6);
		} else if (c == 0xE2 && i + 2 < len && p[i + 1] == 0x80 &&
		           (p[i + 2] == 0xA8 || p[i + 2] == 0xA9)) {
			/* U+2028 and U+2029, which JavaScript reads as line
			 * ends */
			rc = mcp_buf_puts(out, p[i + 2] == 0xA8 ? "\\u2028"
			                                        : "\\u2029");
			i += 2;
		} else {
			rc = mcp_buf_putc(out,
			                  (char)c); /* jansson: valid UTF-8 */
		}
	}
	return rc == 0 ? mcp_buf_putc(out, '"') : rc;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int go_object(mcp_buf *out, json_t *v)
{
	size_t n = json_object_size(v), i = 0;
	const char **keys = malloc((n ? n : 1) * sizeof(*keys));
	const char *k;
	json_t *item;
	int rc;

	if (!keys)
		return MCP_ENOMEM;
	rc = mcp_buf_putc(out, '{');
	json_object_foreach(v, k, item) keys[i++] = k;
	qsort(keys, n, sizeof(*keys), by_key);
	for (i = 0; rc == 0 && i < n; i++) {
		if (i)
			rc = mcp_buf_putc(out, ',');
		if (rc == 0)
			rc = go_string(out, keys[i], strlen(keys[i]));
		if (rc == 0)
			rc = mcp_buf_putc(out, ':');
		if (rc == 0)
			rc = em_go_json(out, json_object_get(v, keys[i]));
	}
	free(keys);
	return rc == 0 ? mcp_buf_putc(out, '}') : rc;
}

int em_go_json(mcp_buf *out, json_t *v)
{
	size_t i;
	int rc;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return go_object(out, v);
	case JSON_ARRAY:
		rc = mcp_buf_putc(out, '[');
		for (i = 0; rc == 0 && i < json_array_size(v); i++) {
			if (i)
				rc = mcp_buf_putc(out, ',');
			if (rc == 0)
				rc = em_go_json(out, json_array_get(v, i));
		}
		return rc == 0 ? mcp_buf_putc(out, ']') : rc;
	case JSON_STRING:
		return go_string(out, json_string_value(v),
		                 json_string_length(v));
	case JSON_INTEGER:
		return mcp_buf_printf(out, "%" JSON_INTEGER_FORMAT,
		                      json_integer_value(v));
	case JSON_TRUE:
		return mcp_buf_puts(out, "true");
	case JSON_FALSE:
		return mcp_buf_puts(out, "false");
	case JSON_REAL: /* not in what mcpc hashes (every value a string) */
		return mcp_buf_printf(out, "%.17g", json_real_value(v));
	default:
		return mcp_buf_puts(out, "null");
	}
}
