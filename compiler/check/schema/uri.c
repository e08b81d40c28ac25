/*
 * uri.c: just enough of RFC 3986 for JSON Schema identifiers: parse into
 * components, resolve a reference against a base, remove dot segments.
 */
#include <string.h>

#include "check/schema/uri.h"

typedef struct uri_parts {
	const char *scheme, *auth, *path, *query, *frag;
	size_t scheme_len, auth_len, path_len, query_len, frag_len;
	int has_scheme, has_auth, has_query, has_frag;
} uri_parts;

static int is_scheme_char(char c, int first)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	return !first &&
	       ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.');
}

static void parse(const char *s, uri_parts *u)
{
	const char *p = s, *e;

	memset(u, 0, sizeof(*u));
	for (e = s; *e && is_scheme_char(*e, e == s); e++)
		;
	if (e > s && *e == ':') {
		u->has_scheme = 1;
		u->scheme = s;
		u->scheme_len = (size_t)(e - s);
		p = e + 1;
	}
	if (p[0] == '/' && p[1] == '/') {
		u->has_auth = 1;
		u->auth = p + 2;
		u->auth_len = strcspn(u->auth, "/?#");
		p = u->auth + u->auth_len;
	}
	u->path = p;
	u->path_len = strcspn(p, "?#");
	p += u->path_len;
	if (*p == '?') {
		u->has_query = 1;
		u->query = p + 1;
		u->query_len = strcspn(u->query, "#");
		p = u->query + u->query_len;
	}
	if (*p == '#') {
		u->has_frag = 1;
		u->frag = p + 1;
		u->frag_len = strlen(u->frag);
	}
}

/*
 * RFC 3986 5.2.4 on @p in (len bytes), appended to @p out: "." segments
 * go, ".." removes the segment before it; a path ending in "/", "/." or
 * "/.." keeps its final slash.
 */
static void remove_dots(mcp_buf *out, const char *in, size_t len)
{
	size_t start, i = 0;
	int trailing = 0;

	if (len && in[0] == '/') {
		mcp_buf_putc(out, '/');
		i = 1;
	}
	start = out->len;
	while (i <= len) {
		size_t j = i;
		while (j < len && in[j] != '/')
			j++;
		trailing = j < len;
		if (j - i == 1 && in[i] == '.') {
			trailing = 1;
		} else if (j - i == 2 && in[i] == '.' && in[i + 1] == '.') {
			size_t k = out->len;
			while (k > start && out->ptr[k - 1] != '/')
				k--;
			if (k > start)
				k--; /* the '/' before the removed segment */
			mcp_buf_truncate(out, k);
			trailing = 1;
		} else if (j > i || j < len) {
			if (out->len > start)
				mcp_buf_putc(out, '/');
			mcp_buf_put(out, in + i, j - i);
			trailing = 0;
		}
		if (j >= len)
			break;
		i = j + 1;
		if (i == len) {
			trailing = 1;
			break;
		}
	}
	if (trailing && out->len > start)
		mcp_buf_putc(out, '/');
}

void mcp_uri_resolve(mcp_buf *out, const char *base, const char *ref)
{
	uri_parts b, r;

	parse(ref, &r);
	if (!base || !*base || r.has_scheme) {
		if (r.has_scheme) {
			mcp_buf_put(out, r.scheme, r.scheme_len);
			mcp_buf_putc(out, ':');
		}
		if (r.has_auth) {
			mcp_buf_puts(out, "//");
			mcp_buf_put(out, r.auth, r.auth_len);
		}
		if (r.has_scheme || r.has_auth)
			remove_dots(out, r.path, r.path_len);
		else
			mcp_buf_put(out, r.path, r.path_len);
		goto tail;
	}
	parse(base, &b);
	if (b.has_scheme) {
		mcp_buf_put(out, b.scheme, b.scheme_len);
		mcp_buf_putc(out, ':');
	}
	if (r.has_auth) {
		mcp_buf_puts(out, "//");
		mcp_buf_put(out, r.auth, r.auth_len);
		remove_dots(out, r.path, r.path_len);
		goto tail;
	}
	if (b.has_auth) {
		mcp_buf_puts(out, "//");
		mcp_buf_put(out, b.auth, b.auth_len);
	}
	if (r.path_len == 0) {
		mcp_buf_put(out, b.path, b.path_len);
		if (!r.has_query && b.has_query) {
			mcp_buf_putc(out, '?');
			mcp_buf_put(out, b.query, b.query_len);
		}
	} else if (r.path[0] == '/') {
		remove_dots(out, r.path, r.path_len);
	} else {
		/* merge: the base path up to its last '/', then the ref */
		mcp_buf merged;
		size_t k = b.path_len;
		mcp_buf_init(&merged);
		if (b.has_auth && b.path_len == 0) {
			mcp_buf_putc(&merged, '/');
		} else {
			while (k > 0 && b.path[k - 1] != '/')
				k--;
			mcp_buf_put(&merged, b.path, k);
		}
		mcp_buf_put(&merged, r.path, r.path_len);
		if (b.has_auth || (merged.len && merged.ptr[0] == '/'))
			remove_dots(out, merged.ptr, merged.len);
		else
			mcp_buf_put(out, merged.ptr, merged.len);
		mcp_buf_free(&merged);
	}
tail:
	if (r.has_query) {
		mcp_buf_putc(out, '?');
		mcp_buf_put(out, r.query, r.query_len);
	}
	if (r.has_frag) {
		mcp_buf_putc(out, '#');
		mcp_buf_put(out, r.frag, r.frag_len);
	}
}

const char *mcp_uri_fragment(const char *uri, size_t *len_out)
{
	const char *h = strchr(uri, '#');

	if (!h) {
		*len_out = strlen(uri);
		return uri + *len_out;
	}
	*len_out = (size_t)(h - uri);
	return h + 1;
}

int mcp_uri_is_absolute(const char *uri)
{
	uri_parts u;

	parse(uri, &u);
	return u.has_scheme;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int mcp_uri_unescape(mcp_buf *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] != '%') {
			mcp_buf_putc(out, s[i]);
			continue;
		}
		if (i + 2 >= len || hexval(s[i + 1]) < 0 ||
		    hexval(s[i + 2]) < 0)
			return -1;
		mcp_buf_putc(out,
		             (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
		i += 2;
	}
	return 0;
}
