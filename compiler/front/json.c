/*
 * json.c: a strict JSON (RFC 8259) reader that keeps the place of every
 * value and key, which jansson's own parser does not. Duplicate keys are
 * findings; integers beyond 64 bits and non-finite numbers are errors.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "front/loader.h"

typedef struct json_reader {
	load_ctx *ctx;
	const char *s;
	size_t len, pos;
	unsigned line;
	size_t line_pos; /* byte offset where the current line starts */
	size_t cp_pos;   /* a checkpoint on the current line ... */
	unsigned cp_col; /* ... and its column, so columns cost O(n) overall */
	size_t depth;
	mcp_buf str; /* scratch for decoded strings */
	int stop;
} json_reader;

static unsigned column_at(json_reader *R, size_t pos)
{
	size_t i;

	if (R->cp_pos < R->line_pos || R->cp_pos > pos) {
		R->cp_pos = R->line_pos;
		R->cp_col = 1;
	}
	for (i = R->cp_pos; i < pos; i++)
		if (((unsigned char)R->s[i] & 0xC0) != 0x80)
			R->cp_col++;
	R->cp_pos = pos;
	return R->cp_col;
}

static int fail(json_reader *R, size_t pos, const char *hint, const char *msg)
{
	unsigned col = column_at(R, pos);

	load_report(R->ctx, RULE_SYNTAX, MCP_SEV_ERROR, 1, R->line, col, hint,
	            "%s", msg);
	R->stop = 1;
	return MCP_EPARSE;
}

static void skip_ws(json_reader *R)
{
	while (R->pos < R->len) {
		char c = R->s[R->pos];
		if (c == '\n') {
			R->line++;
			R->line_pos = R->pos + 1;
		} else if (c == '\r') {
			if (R->pos + 1 < R->len && R->s[R->pos + 1] == '\n')
				R->pos++;
			R->line++;
			R->line_pos = R->pos + 1;
		} else if (c != ' ' && c != '\t') {
			return;
		}
		R->pos++;
	}
}

static int hex4(const char *s, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void put_utf8(mcp_buf *b, unsigned cp)
{
	char u[4];

	if (cp < 0x80) {
		mcp_buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		mcp_buf_put(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		mcp_buf_put(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		mcp_buf_put(b, u, 4);
	}
}

/* Decode the string at R->pos (on its opening quote) into R->str. */
static int read_string(json_reader *R)
{
	size_t start = R->pos;

	mcp_buf_clear(&R->str);
	R->pos++;
	for (;;) {
		size_t run = R->pos;
		unsigned cp, lo;
		char c;

		while (R->pos < R->len && R->s[R->pos] != '"' &&
		       R->s[R->pos] != '\\' &&
		       (unsigned char)R->s[R->pos] >= 0x20)
			R->pos++;
		mcp_buf_put(&R->str, R->s + run, R->pos - run);
		if (R->pos >= R->len)
			return fail(R, start, "close the string with '\"'",
			            "unterminated string");
		c = R->s[R->pos];
		if (c == '"') {
			R->pos++;
			break;
		}
		if (c != '\\')
			return fail(
			    R, R->pos,
			    "write control characters as \\n, \\t or \\u00XX",
			    "control character in string");
		if (R->pos + 1 >= R->len)
			return fail(R, start, NULL, "unterminated string");
		c = R->s[R->pos + 1];
		R->pos += 2;
		switch (c) {
		case '"':
			mcp_buf_putc(&R->str, '"');
			break;
		case '\\':
			mcp_buf_putc(&R->str, '\\');
			break;
		case '/':
			mcp_buf_putc(&R->str, '/');
			break;
		case 'b':
			mcp_buf_putc(&R->str, '\b');
			break;
		case 'f':
			mcp_buf_putc(&R->str, '\f');
			break;
		case 'n':
			mcp_buf_putc(&R->str, '\n');
			break;
		case 'r':
			mcp_buf_putc(&R->str, '\r');
			break;
		case 't':
			mcp_buf_putc(&R->str, '\t');
			break;
		case 'u':
			if (R->len - R->pos < 4 || hex4(R->s + R->pos, &cp) < 0)
				return fail(R, R->pos - 2, NULL,
				            "invalid \\u escape (four hex "
				            "digits expected)");
			R->pos += 4;
			if (cp >= 0xDC00 && cp <= 0xDFFF)
				return fail(R, R->pos - 6, NULL,
				            "lone low surrogate in \\u escape");
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (R->len - R->pos < 6 ||
				    R->s[R->pos] != '\\' ||
				    R->s[R->pos + 1] != 'u' ||
				    hex4(R->s + R->pos + 2, &lo) < 0 ||
				    lo < 0xDC00 || lo > 0xDFFF)
					return fail(R, R->pos - 6, NULL,
					            "high surrogate without "
					            "its low half");
				R->pos += 6;
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				     (lo - 0xDC00);
			}
			put_utf8(&R->str, cp);
			break;
		default:
			return fail(R, R->pos - 2, NULL,
			            "invalid escape in string");
		}
	}
	if (R->str.oom) {
		R->ctx->oom = 1;
		return MCP_ENOMEM;
	}
	if (R->str.len > R->ctx->opts->max_scalar) {
		load_report(
		    R->ctx, RULE_LIMIT, MCP_SEV_ERROR, 1, R->line,
		    column_at(R, start), NULL,
		    "string of %zu bytes exceeds the limit of %zu bytes",
		    R->str.len, R->ctx->opts->max_scalar);
		R->stop = 1;
		return MCP_ELIMIT;
	}
	return 0;
}

static int read_number(json_reader *R, json_t **out)
{
	size_t start = R->pos, i = R->pos;
	int is_int = 1;
	char tmp[64];
	char *text = tmp;
	size_t n;

	if (i < R->len && R->s[i] == '-')
		i++;
	if (i < R->len && R->s[i] == '0') {
		i++;
	} else if (i < R->len && R->s[i] >= '1' && R->s[i] <= '9') {
		while (i < R->len && R->s[i] >= '0' && R->s[i] <= '9')
			i++;
	} else {
		return fail(R, start, NULL, "invalid number");
	}
	if (i < R->len && R->s[i] == '.') {
		is_int = 0;
		if (++i >= R->len || R->s[i] < '0' || R->s[i] > '9')
			return fail(
			    R, start, NULL,
			    "invalid number: digits expected after '.'");
		while (i < R->len && R->s[i] >= '0' && R->s[i] <= '9')
			i++;
	}
	if (i < R->len && (R->s[i] == 'e' || R->s[i] == 'E')) {
		is_int = 0;
		i++;
		if (i < R->len && (R->s[i] == '+' || R->s[i] == '-'))
			i++;
		if (i >= R->len || R->s[i] < '0' || R->s[i] > '9')
			return fail(
			    R, start, NULL,
			    "invalid number: digits expected in exponent");
		while (i < R->len && R->s[i] >= '0' && R->s[i] <= '9')
			i++;
	}
	n = i - start;
	if (n >= sizeof(tmp)) {
		text = malloc(n + 1);
		if (!text) {
			R->ctx->oom = 1;
			return MCP_ENOMEM;
		}
	}
	memcpy(text, R->s + start, n);
	text[n] = '\0';
	errno = 0;
	if (is_int) {
		long long v = strtoll(text, NULL, 10);
		if (errno == ERANGE) {
			load_report(
			    R->ctx, RULE_NUMBER, MCP_SEV_ERROR, 1, R->line,
			    column_at(R, start),
			    "write it as a string if it is an identifier",
			    "integer %s does not fit in 64 bits", text);
			R->stop = 1;
			*out = NULL;
		} else {
			*out = json_integer((json_int_t)v);
		}
	} else {
		double d = strtod(text, NULL);
		if (!isfinite(d)) {
			load_report(R->ctx, RULE_NUMBER, MCP_SEV_ERROR, 1,
			            R->line, column_at(R, start), NULL,
			            "number %s is too large to represent",
			            text);
			R->stop = 1;
			*out = NULL;
		} else {
			*out = json_real(d);
		}
	}
	if (text != tmp)
		free(text);
	R->pos = i;
	if (R->stop)
		return MCP_EPARSE;
	if (!*out) {
		R->ctx->oom = 1;
		return MCP_ENOMEM;
	}
	return 0;
}

static int literal(json_reader *R, const char *word, json_t *v, json_t **out)
{
	size_t n = strlen(word);

	if (R->len - R->pos < n || memcmp(R->s + R->pos, word, n) != 0)
		return fail(R, R->pos, "strings must be in double quotes",
		            "invalid JSON value");
	R->pos += n;
	*out = v;
	return 0;
}

static int read_value(json_reader *R, const sm_slot *slot, json_t **out);

/* Give finding @p f the JSON Pointer of the node @p slot describes. */
static void set_pointer(json_reader *R, mcp_finding *f, const sm_slot *slot)
{
	mcp_buf b;

	if (!f)
		return;
	mcp_buf_init(&b);
	sm_pointer(R->ctx->src->map, slot, &b);
	free(f->pointer);
	f->pointer = mcp_buf_detach(&b);
	if (!f->pointer)
		R->ctx->oom = 1;
}

static int read_object(json_reader *R, uint32_t entry, json_t *obj)
{
	mcp_srcmap *map = R->ctx->src->map;

	R->pos++;
	skip_ws(R);
	if (R->pos < R->len && R->s[R->pos] == '}') {
		R->pos++;
		return 0;
	}
	for (;;) {
		sm_slot slot;
		json_t *v;
		char *key;
		size_t klen;
		uint32_t ventry;
		int rc, dup;

		skip_ws(R);
		if (R->pos >= R->len || R->s[R->pos] != '"')
			return fail(R, R->pos,
			            "object keys are strings in double quotes",
			            "expected a string key");
		memset(&slot, 0, sizeof(slot));
		slot.parent = entry;
		slot.kline = R->line;
		slot.kcol = column_at(R, R->pos);
		if ((rc = read_string(R)) < 0)
			return rc;
		klen = R->str.len;
		key = mcp_buf_detach(&R->str);
		if (!key) {
			R->ctx->oom = 1;
			return MCP_ENOMEM;
		}
		slot.key = key;
		slot.keylen = klen;
		dup = json_object_getn(obj, key, klen) != NULL;
		if (dup) {
			uint32_t first = sm_child_key(map, entry, key, klen);
			unsigned kl = 0, kc = 0;
			mcp_finding *f =
			    load_report(R->ctx, RULE_DUPLICATE_KEY,
			                MCP_SEV_ERROR, 1, slot.kline, slot.kcol,
			                "remove one of them: parsers disagree "
			                "on which one wins",
			                "duplicate key '%.*s'",
			                (int)(klen > 200 ? 200 : klen), key);
			if (first != SM_NONE)
				sm_key_pos(map, first, &kl, &kc);
			load_related(R->ctx, f, kl, kc, "first defined here");
			set_pointer(R, f, &slot);
		}
		skip_ws(R);
		if (R->pos >= R->len || R->s[R->pos] != ':') {
			free(key);
			return fail(R, R->pos, NULL,
			            "expected ':' after the key");
		}
		R->pos++;
		ventry = sm_count(map);
		rc = read_value(R, &slot, &v);
		if (rc < 0) {
			free(key);
			return rc;
		}
		if (dup) {
			sm_hide(map, ventry);
			json_decref(v);
		} else if (json_object_setn_new_nocheck(obj, key, klen, v) <
		           0) {
			free(key);
			R->ctx->oom = 1;
			return MCP_ENOMEM;
		}
		free(key);
		skip_ws(R);
		if (R->pos < R->len && R->s[R->pos] == ',') {
			R->pos++;
			continue;
		}
		if (R->pos < R->len && R->s[R->pos] == '}') {
			R->pos++;
			return 0;
		}
		return fail(R, R->pos, NULL, "expected ',' or '}' in object");
	}
}

static int read_array(json_reader *R, uint32_t entry, json_t *arr)
{
	uint32_t index = 0;

	R->pos++;
	skip_ws(R);
	if (R->pos < R->len && R->s[R->pos] == ']') {
		R->pos++;
		return 0;
	}
	for (;;) {
		sm_slot slot;
		json_t *v;
		int rc;

		memset(&slot, 0, sizeof(slot));
		slot.parent = entry;
		slot.index = index++;
		if ((rc = read_value(R, &slot, &v)) < 0)
			return rc;
		if (json_array_append_new(arr, v) < 0) {
			R->ctx->oom = 1;
			return MCP_ENOMEM;
		}
		skip_ws(R);
		if (R->pos < R->len && R->s[R->pos] == ',') {
			R->pos++;
			continue;
		}
		if (R->pos < R->len && R->s[R->pos] == ']') {
			R->pos++;
			return 0;
		}
		return fail(R, R->pos, NULL, "expected ',' or ']' in array");
	}
}

static int read_value(json_reader *R, const sm_slot *slot, json_t **out)
{
	mcp_srcmap *map = R->ctx->src->map;
	int64_t entry;
	json_t *v = NULL;
	int rc;
	char c;

	*out = NULL;
	skip_ws(R);
	if (R->pos >= R->len)
		return fail(R, R->pos, NULL,
		            "unexpected end of input: a value is missing");
	entry = sm_add(map, slot, R->line, column_at(R, R->pos));
	if (entry < 0) {
		R->ctx->oom = 1;
		return MCP_ENOMEM;
	}
	c = R->s[R->pos];
	if (c == '{' || c == '[') {
		if (++R->depth > R->ctx->opts->max_depth) {
			load_report(
			    R->ctx, RULE_LIMIT, MCP_SEV_ERROR, 1, R->line,
			    column_at(R, R->pos),
			    "raise the limit with --max-depth if this is "
			    "intended",
			    "nesting deeper than the limit of %zu levels",
			    R->ctx->opts->max_depth);
			R->stop = 1;
			return MCP_ELIMIT;
		}
		v = c == '{' ? json_object() : json_array();
		if (!v) {
			R->ctx->oom = 1;
			return MCP_ENOMEM;
		}
		rc = c == '{' ? read_object(R, (uint32_t)entry, v)
		              : read_array(R, (uint32_t)entry, v);
		R->depth--;
		sm_close(map, (uint32_t)entry);
		if (rc < 0) {
			json_decref(v);
			return rc;
		}
		*out = v;
		return 0;
	}
	if (c == '"') {
		if ((rc = read_string(R)) < 0)
			return rc;
		v = json_stringn_nocheck(R->str.ptr, R->str.len);
	} else if (c == '-' || (c >= '0' && c <= '9')) {
		return read_number(R, out);
	} else if (c == 't') {
		return literal(R, "true", json_true(), out);
	} else if (c == 'f') {
		return literal(R, "false", json_false(), out);
	} else if (c == 'n') {
		return literal(R, "null", json_null(), out);
	} else {
		return fail(R, R->pos, "strings must be in double quotes",
		            "invalid JSON value");
	}
	if (!v) {
		R->ctx->oom = 1;
		return MCP_ENOMEM;
	}
	*out = v;
	return 0;
}

int mcp_json_load(load_ctx *ctx)
{
	json_reader R;
	sm_slot root;
	json_t *doc = NULL;
	int rc;

	memset(&R, 0, sizeof(R));
	R.ctx = ctx;
	R.s = ctx->text;
	R.len = ctx->len;
	R.line = 1;
	R.cp_col = 1;
	mcp_buf_init(&R.str);
	memset(&root, 0, sizeof(root));
	root.parent = SM_NONE;
	rc = read_value(&R, &root, &doc);
	if (rc == 0) {
		skip_ws(&R);
		if (R.pos < R.len) {
			rc = fail(&R, R.pos,
			          "a JSON file holds exactly one value",
			          "unexpected content after the JSON value");
			json_decref(doc);
		} else if (json_array_append_new(ctx->src->docs, doc) < 0) {
			ctx->oom = 1;
			rc = MCP_ENOMEM;
		}
	}
	mcp_buf_free(&R.str);
	if (ctx->oom)
		return MCP_ENOMEM;
	return ctx->fatal ? MCP_EPARSE : rc;
}
