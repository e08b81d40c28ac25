/*
 * manifest.c: dependency manifests -> dependencies with places. go.mod
 * after the Go modules reference (directives, blocks, "// indirect",
 * quoted paths), package.json and package-lock.json (lockfile versions 1,
 * 2 and 3) through mcpc's JSON reader, requirements.txt after pip's format
 * (PEP 508 names and extras, specifiers, markers, -r/-c includes, --hash,
 * comments, line continuations).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mcpc/manifest.h"
#include "mcpc/mcpc.h"
#include "support/file.h"
#include "support/hmap.h"
#include "support/utf8.h"

#define RULE_DEPS         "MCP-DEPS-001"
#define MAX_INCLUDE_DEPTH 10

void mcp_manifest_free(mcp_manifest *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->ndeps; i++) {
		free(m->deps[i].name);
		free(m->deps[i].version);
	}
	free(m->deps);
	free(m->go_version);
	free(m);
}

static int add_dep(mcp_manifest *m, const char *name, size_t nlen,
                   const char *ver, size_t vlen, mcp_dep_kind kind, int direct,
                   const mcp_loc *loc)
{
	mcp_dep *d;

	if (m->ndeps == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		mcp_dep *deps = realloc(m->deps, cap * sizeof(*deps));
		if (!deps)
			return MCP_ENOMEM;
		m->deps = deps;
		m->cap = cap;
	}
	d = &m->deps[m->ndeps];
	d->name = strndup(name, nlen);
	d->version = strndup(ver, vlen);
	if (!d->name || !d->version) {
		free(d->name);
		free(d->version);
		return MCP_ENOMEM;
	}
	d->kind = kind;
	d->direct = direct;
	d->loc = *loc;
	m->ndeps++;
	return 0;
}

static void bad(mcp_diag *d, const mcp_loc *loc, const char *hint,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void bad(mcp_diag *d, const mcp_loc *loc, const char *hint,
                const char *fmt, ...)
{
	mcp_buf msg;
	va_list ap;

	mcp_buf_init(&msg);
	va_start(ap, fmt);
	mcp_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (!msg.oom)
		mcp_diag_add(d, RULE_DEPS, MCP_SEV_ERROR, loc, NULL, hint, "%s",
		             msg.ptr);
	mcp_buf_free(&msg);
}

/* ---- line-oriented texts: go.mod, requirements.txt ---- */

typedef struct text {
	const char *file;
	const char *s;
	size_t len;
	size_t pos;    /* start of the current line */
	unsigned line; /* its number */
} text;

/* The next line [*b, *e); 0 at the end. */
static int next_line(text *t, const char **b, const char **e)
{
	const char *nl;

	if (t->pos >= t->len)
		return 0;
	*b = t->s + t->pos;
	nl = memchr(*b, '\n', t->len - t->pos);
	*e = nl ? nl : t->s + t->len;
	t->pos = (size_t)(*e - t->s) + (nl ? 1 : 0);
	t->line++;
	if (*e > *b && (*e)[-1] == '\r')
		(*e)--;
	return 1;
}

static mcp_loc at(const text *t, const char *line, const char *p)
{
	mcp_loc loc;

	loc.file = t->file;
	loc.line = t->line;
	loc.column = (unsigned)mcp_utf8_count(line, (size_t)(p - line)) + 1;
	return loc;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* go.mod tokens: words, "quoted" and `raw` strings, "(", ")", "=>" */
typedef struct tok {
	const char *s;
	size_t len;
	const char *at;
} tok;

static size_t go_tokens(const char *b, const char *e, tok *out, size_t max,
                        int *indirect, int *unclosed)
{
	size_t n = 0;
	const char *p = b;

	*indirect = 0;
	*unclosed = 0;
	while (p < e) {
		const char *start;
		while (p < e && is_blank(*p))
			p++;
		if (p >= e)
			break;
		if (e - p >= 2 && p[0] == '/' && p[1] == '/') {
			const char *c = p + 2;
			while (c < e && is_blank(*c))
				c++;
			*indirect =
			    e - c >= 8 && strncmp(c, "indirect", 8) == 0 &&
			    (e - c == 8 || c[8] == ';' || is_blank(c[8]));
			break;
		}
		start = p;
		if (*p == '"' || *p == '`') {
			char q = *p++;
			while (p < e && *p != q)
				p += (*p == '\\' && q == '"' && p + 1 < e) ? 2
				                                           : 1;
			if (p >= e) {
				*unclosed = 1;
				return n;
			}
			if (n < max) {
				out[n].s = start + 1;
				out[n].len = (size_t)(p - start - 1);
				out[n].at = start;
			}
			n++;
			p++;
			continue;
		}
		while (p < e && !is_blank(*p) &&
		       !(e - p >= 2 && p[0] == '/' && p[1] == '/'))
			p++;
		if (n < max) {
			out[n].s = start;
			out[n].len = (size_t)(p - start);
			out[n].at = start;
		}
		n++;
	}
	return n;
}

static int tok_is(const tok *t, const char *w)
{
	return t->len == strlen(w) && strncmp(t->s, w, t->len) == 0;
}

/* A Go module version: v, then SemVer (pseudo-versions, +incompatible). */
static int go_version_ok(const tok *t)
{
	char buf[300];
	mcp_buf err;
	int cmp, rc;

	if (t->len >= sizeof(buf) || t->len < 2 || t->s[0] != 'v')
		return 0;
	memcpy(buf, t->s, t->len);
	buf[t->len] = '\0';
	mcp_buf_init(&err);
	rc = mcp_version_compare(&cmp, MCP_SCHEME_GO, buf, buf, &err);
	mcp_buf_free(&err);
	return rc == 0;
}

static int go_directive(mcp_manifest *m, const text *t, const char *line,
                        const tok *verb, tok *a, size_t n, int indirect,
                        mcp_diag *d)
{
	mcp_loc loc = at(t, line, verb->at);

	if (tok_is(verb, "module") || tok_is(verb, "toolchain") ||
	    tok_is(verb, "godebug") || tok_is(verb, "retract"))
		return 0;
	if (tok_is(verb, "go")) {
		if (n != 1 || !a[0].len || a[0].s[0] < '0' || a[0].s[0] > '9') {
			bad(d, &loc, "write the language version: go 1.21",
			    "malformed go directive");
			return 0;
		}
		free(m->go_version);
		m->go_version = strndup(a[0].s, a[0].len);
		m->go_loc = at(t, line, a[0].at);
		return m->go_version ? 0 : MCP_ENOMEM;
	}
	if (tok_is(verb, "require") || tok_is(verb, "exclude")) {
		mcp_loc vloc;
		if (n != 2) {
			bad(d, &loc, "write: require module/path v1.2.3",
			    "malformed %.*s line", (int)verb->len, verb->s);
			return 0;
		}
		vloc = at(t, line, a[1].at);
		if (!go_version_ok(&a[1])) {
			bad(d, &vloc,
			    "a module version is v, then SemVer: v1.9.1",
			    "'%.*s' is not a module version", (int)a[1].len,
			    a[1].s);
			return 0;
		}
		return add_dep(m, a[0].s, a[0].len, a[1].s, a[1].len,
		               tok_is(verb, "require") ? MCP_DEP_REQUIRE
		                                       : MCP_DEP_EXCLUDE,
		               !indirect, &vloc);
	}
	if (tok_is(verb, "replace")) {
		size_t arrow;
		for (arrow = 0; arrow < n && !tok_is(&a[arrow], "=>"); arrow++)
			;
		if (arrow == n || arrow == 0 || arrow > 2 ||
		    n - arrow - 1 < 1 || n - arrow - 1 > 2) {
			bad(d, &loc,
			    "write: replace old/path [v1.2.3] => new/path "
			    "v1.2.4",
			    "malformed replace line");
			return 0;
		}
		if (n - arrow - 1 == 2) {
			mcp_loc vloc = at(t, line, a[n - 1].at);
			if (!go_version_ok(&a[n - 1])) {
				bad(d, &vloc,
				    "a module version is v, then SemVer: "
				    "v1.9.1",
				    "'%.*s' is not a module version",
				    (int)a[n - 1].len, a[n - 1].s);
				return 0;
			}
			/* the old module resolves to the new version */
			return add_dep(m, a[0].s, a[0].len, a[n - 1].s,
			               a[n - 1].len, MCP_DEP_REPLACE, 1, &vloc);
		}
		return 0; /* a local folder: no version to check */
	}
	bad(d, &loc,
	    "go.mod knows module, go, toolchain, godebug, require, "
	    "exclude, replace and retract",
	    "unknown directive '%.*s'", (int)verb->len, verb->s);
	return 0;
}

static int parse_gomod(mcp_manifest *m, text *t, mcp_diag *d)
{
	const char *b, *e;
	tok block = {NULL, 0, NULL}, toks[16];
	mcp_loc block_loc = {t->file, 0, 0};
	int rc = 0;

	while (rc == 0 && next_line(t, &b, &e)) {
		int indirect, unclosed;
		size_t n = go_tokens(b, e, toks, 16, &indirect, &unclosed);
		if (unclosed) {
			mcp_loc loc = at(t, b, b);
			bad(d, &loc, NULL, "unterminated quoted string");
			continue;
		}
		if (n > 16)
			n = 16;
		if (n == 0)
			continue;
		if (block.s) {
			if (n == 1 && tok_is(&toks[0], ")")) {
				block.s = NULL;
				continue;
			}
			tok verb = block;
			verb.at = toks[0].at; /* report at this line */
			rc = go_directive(m, t, b, &verb, toks, n, indirect, d);
			continue;
		}
		if (n == 2 && tok_is(&toks[1], "(")) {
			block = toks[0];
			block_loc = at(t, b, toks[1].at);
			continue;
		}
		rc = go_directive(m, t, b, &toks[0], toks + 1, n - 1, indirect,
		                  d);
	}
	if (block.s)
		bad(d, &block_loc, "close it with a line holding ')'",
		    "this block is not closed");
	return rc;
}

/* ---- requirements.txt ---- */

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* PEP 503: lowercase, runs of - _ . become one - */
static char *normalize_name(const char *s, size_t n)
{
	char *out = malloc(n + 1);
	size_t i, o = 0;

	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c == '-' || c == '_' || c == '.') {
			if (o && out[o - 1] == '-')
				continue;
			out[o++] = '-';
		} else {
			out[o++] =
			    (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
		}
	}
	out[o] = '\0';
	return out;
}

static int parse_requirements(mcp_manifest *m, const char *path,
                              const mcp_load_opts *opts, mcp_diag *d,
                              int depth);

/* One logical line (continuations joined) of a requirements file. */
static int requirement_line(mcp_manifest *m, const text *t, const char *path,
                            const char *line, const char *e,
                            const mcp_load_opts *opts, mcp_diag *d, int depth)
{
	const char *p = line, *name, *spec, *spec_end;
	mcp_loc loc;
	char *norm;
	int rc;

	while (p < e && is_blank(*p))
		p++;
	if (p >= e)
		return 0;
	loc = at(t, line, p);
	if (*p == '-') {
		/* options: -r/-c include other files; the rest is for pip */
		const char *o = p, *arg;
		size_t olen;
		while (p < e && !is_blank(*p) && *p != '=')
			p++;
		olen = (size_t)(p - o);
		if ((olen == 2 &&
		     (strncmp(o, "-r", 2) == 0 || strncmp(o, "-c", 2) == 0)) ||
		    (olen == 13 && strncmp(o, "--requirement", 13) == 0) ||
		    (olen == 12 && strncmp(o, "--constraint", 12) == 0)) {
			mcp_buf inc;
			const char *slash = strrchr(path, '/');
			while (p < e && (is_blank(*p) || *p == '='))
				p++;
			arg = p;
			while (p < e && !is_blank(*p))
				p++;
			if (p == arg) {
				bad(d, &loc, NULL, "%.*s needs a file",
				    (int)olen, o);
				return 0;
			}
			if (depth >= MAX_INCLUDE_DEPTH) {
				bad(d, &loc, NULL,
				    "requirements include each other more than "
				    "%d deep",
				    MAX_INCLUDE_DEPTH);
				return 0;
			}
			mcp_buf_init(&inc);
			if (*arg != '/' && slash)
				mcp_buf_put(&inc, path,
				            (size_t)(slash - path) + 1);
			mcp_buf_put(&inc, arg, (size_t)(p - arg));
			rc = inc.oom ? MCP_ENOMEM
			             : parse_requirements(m, inc.ptr, opts, d,
			                                  depth + 1);
			if (rc == MCP_EIO)
				bad(d, &loc, NULL, "cannot read '%s': %s",
				    inc.ptr, strerror(errno));
			mcp_buf_free(&inc);
			return rc == MCP_ENOMEM ? rc : 0;
		}
		return 0;
	}
	/* a URL or a path without a name: nothing to check */
	if (!is_name_char(*p) || *p == '.' || *p == '-' || *p == '_')
		return 0;
	name = p;
	while (p < e && is_name_char(*p))
		p++;
	if (p < e && (*p == ':' || *p == '/' || *p == '+'))
		return 0; /* git+https://..., https://..., local/path */
	norm = normalize_name(name, (size_t)(p - name));
	if (!norm)
		return MCP_ENOMEM;
	while (p < e && is_blank(*p))
		p++;
	if (p < e && *p == '[') { /* extras */
		while (p < e && *p != ']')
			p++;
		if (p >= e) {
			bad(d, &loc, NULL,
			    "the extras of '%s' are not closed with ']'", norm);
			free(norm);
			return 0;
		}
		p++;
		while (p < e && is_blank(*p))
			p++;
	}
	if (p < e && *p == '@') { /* name @ url */
		free(norm);
		return 0;
	}
	/* specifiers until a marker (;), an option (--hash) or a comment */
	spec = p;
	while (p < e && *p != ';' &&
	       !(*p == '-' && p + 1 < e && p[1] == '-' && p > spec &&
	         is_blank(p[-1])))
		p++;
	spec_end = p;
	while (spec_end > spec && is_blank(spec_end[-1]))
		spec_end--;
	if (spec_end > spec) {
		char *specs = strndup(spec, (size_t)(spec_end - spec));
		mcp_buf err;
		int match;
		if (!specs) {
			free(norm);
			return MCP_ENOMEM;
		}
		mcp_buf_init(&err);
		if (mcp_version_match(&match, MCP_SCHEME_PEP440, "0", specs,
		                      &err) < 0) {
			mcp_loc sloc = at(t, line, spec);
			bad(d, &sloc,
			    "write PEP 440 specifiers: ==1.2.3, >=1.2,<2, "
			    "~=1.4",
			    "'%s' are not valid version specifiers for %s",
			    specs, norm);
			free(specs);
			free(norm);
			mcp_buf_free(&err);
			return 0;
		}
		mcp_buf_free(&err);
		loc = at(t, line, spec);
		rc = add_dep(m, norm, strlen(norm), specs, strlen(specs),
		             MCP_DEP_REQUIRE, 1, &loc);
		free(specs);
	} else {
		rc = add_dep(m, norm, strlen(norm), "", 0, MCP_DEP_REQUIRE, 1,
		             &loc);
	}
	free(norm);
	return rc;
}

static int load_text(mcp_buf *buf, const char *path, const mcp_load_opts *opts,
                     mcp_diag *d, text *t)
{
	int rc = mcp_file_read(buf, path, opts->max_size);

	if (rc < 0)
		return rc;
	memset(t, 0, sizeof(*t));
	t->file = mcp_diag_intern(d, path);
	t->s = buf->ptr;
	t->len = buf->len;
	if (!t->file || mcp_diag_add_source(d, t->file, buf->ptr, buf->len) < 0)
		return MCP_ENOMEM;
	if (mcp_utf8_valid_prefix(buf->ptr, buf->len) != buf->len) {
		mcp_loc loc = {t->file, 1, 1};
		bad(d, &loc, "save the file as UTF-8", "the file is not UTF-8");
		return MCP_EPARSE;
	}
	return 0;
}

static int parse_requirements(mcp_manifest *m, const char *path,
                              const mcp_load_opts *opts, mcp_diag *d, int depth)
{
	mcp_buf buf, logical;
	const char *b, *e;
	text t;
	int rc;

	mcp_buf_init(&buf);
	mcp_buf_init(&logical);
	if ((rc = load_text(&buf, path, opts, d, &t)) < 0) {
		mcp_buf_free(&buf);
		return rc == MCP_EPARSE ? 0 : rc;
	}
	while (rc == 0 && next_line(&t, &b, &e)) {
		const char *c;
		/* a comment: # at the start or after white space */
		for (c = b; c < e; c++)
			if (*c == '#' && (c == b || is_blank(c[-1])))
				break;
		e = c;
		/* a trailing backslash continues the line; the place stays
		 * on its first line */
		if (e > b && e[-1] == '\\') {
			unsigned first = t.line;
			mcp_buf_clear(&logical);
			mcp_buf_put(&logical, b, (size_t)(e - b - 1));
			while (next_line(&t, &b, &e)) {
				int more = e > b && e[-1] == '\\';
				mcp_buf_putc(&logical, ' ');
				mcp_buf_put(&logical, b,
				            (size_t)(e - b - more));
				if (!more)
					break;
			}
			{
				unsigned end_line = t.line;
				t.line = first;
				rc = requirement_line(m, &t, path, logical.ptr,
				                      logical.ptr + logical.len,
				                      opts, d, depth);
				t.line = end_line;
			}
			continue;
		}
		rc = requirement_line(m, &t, path, b, e, opts, d, depth);
	}
	mcp_buf_free(&logical);
	mcp_buf_free(&buf);
	return rc;
}

/* ---- package.json, package-lock.json ---- */

static void json_loc(const mcp_source *src, const char *ptr, mcp_loc *loc)
{
	loc->file = mcp_source_name(src);
	loc->line = loc->column = 1;
	if (mcp_srcmap_lookup(mcp_source_srcmap(src), 0, ptr, loc, NULL) < 0)
		mcp_srcmap_nearest(mcp_source_srcmap(src), 0, ptr, loc);
}

static int npm_section(mcp_manifest *m, const mcp_source *src, json_t *root,
                       const char *section, mcp_dep_kind kind)
{
	json_t *deps = json_object_get(root, section);
	const char *name;
	json_t *v;
	mcp_buf ptr;
	int rc = 0;

	mcp_buf_init(&ptr);
	json_object_foreach(deps, name, v)
	{
		mcp_loc loc;
		if (!json_is_string(v) || rc < 0)
			continue;
		mcp_buf_clear(&ptr);
		mcp_buf_printf(&ptr, "/%s", section);
		mcp_buf_put_token(&ptr, name, strlen(name));
		json_loc(src, ptr.ptr, &loc);
		rc = add_dep(m, name, strlen(name), json_string_value(v),
		             json_string_length(v), kind, 1, &loc);
	}
	mcp_buf_free(&ptr);
	return rc;
}

static int is_direct(json_t *root_pkg, const char *name)
{
	static const char *const sections[] = {
	    "dependencies", "devDependencies", "optionalDependencies",
	    "peerDependencies"};
	size_t i;

	for (i = 0; i < 4; i++)
		if (json_object_get(json_object_get(root_pkg, sections[i]),
		                    name))
			return 1;
	return 0;
}

/* lockfile v1: a tree of "dependencies" with "version" in each */
static int lock_v1(mcp_manifest *m, const mcp_source *src, json_t *deps,
                   mcp_buf *ptr, int depth)
{
	const char *name;
	json_t *v;
	int rc = 0;

	json_object_foreach(deps, name, v)
	{
		size_t keep = ptr->len;
		json_t *ver = json_object_get(v, "version");
		mcp_loc loc;
		if (rc < 0)
			break;
		mcp_buf_put_token(ptr, name, strlen(name));
		if (json_is_string(ver)) {
			size_t k = ptr->len;
			mcp_buf_puts(ptr, "/version");
			json_loc(src, ptr->ptr, &loc);
			mcp_buf_truncate(ptr, k);
			rc = add_dep(m, name, strlen(name),
			             json_string_value(ver),
			             json_string_length(ver), MCP_DEP_LOCKED,
			             depth == 0, &loc);
		}
		if (rc == 0 && json_object_get(v, "dependencies") &&
		    depth < 64) {
			mcp_buf_puts(ptr, "/dependencies");
			rc = lock_v1(m, src, json_object_get(v, "dependencies"),
			             ptr, depth + 1);
		}
		mcp_buf_truncate(ptr, keep);
	}
	return rc;
}

static int parse_npm(mcp_manifest *m, const char *path,
                     const mcp_load_opts *opts, mcp_diag *d, int lock)
{
	mcp_source *src = NULL;
	json_t *root;
	int rc = mcp_source_load_file(&src, path, opts, d);

	if (rc < 0 || !src || mcp_source_doc_count(src) != 1) {
		mcp_source_free(src);
		return rc < 0 ? rc : MCP_EPARSE;
	}
	root = mcp_source_doc(src, 0);
	if (!lock) {
		rc = npm_section(m, src, root, "dependencies", MCP_DEP_RANGE);
		if (rc == 0)
			rc = npm_section(m, src, root, "devDependencies",
			                 MCP_DEP_RANGE);
		if (rc == 0)
			rc = npm_section(m, src, root, "optionalDependencies",
			                 MCP_DEP_RANGE);
	} else if (json_is_object(json_object_get(root, "packages"))) {
		/* v2 and v3: "node_modules/a/node_modules/b" keys */
		json_t *pkgs = json_object_get(root, "packages");
		json_t *top = json_object_get(pkgs, "");
		const char *key;
		json_t *v;
		mcp_buf ptr;
		mcp_buf_init(&ptr);
		json_object_foreach(pkgs, key, v)
		{
			const char *last = NULL, *p = key, *ver;
			mcp_loc loc;
			int nested = 0;
			while ((p = strstr(p, "node_modules/")) != NULL) {
				nested += last != NULL;
				last = p + 13;
				p = last;
			}
			ver = json_string_value(json_object_get(v, "version"));
			if (!last || !ver || rc < 0)
				continue;
			mcp_buf_clear(&ptr);
			mcp_buf_puts(&ptr, "/packages");
			mcp_buf_put_token(&ptr, key, strlen(key));
			mcp_buf_puts(&ptr, "/version");
			json_loc(src, ptr.ptr, &loc);
			rc = add_dep(m, last, strlen(last), ver, strlen(ver),
			             MCP_DEP_LOCKED,
			             !nested && is_direct(top, last), &loc);
		}
		mcp_buf_free(&ptr);
	} else {
		mcp_buf ptr;
		mcp_buf_init(&ptr);
		mcp_buf_puts(&ptr, "/dependencies");
		rc = lock_v1(m, src, json_object_get(root, "dependencies"),
		             &ptr, 0);
		mcp_buf_free(&ptr);
	}
	mcp_source_free(src);
	return rc;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

int mcp_manifest_load(mcp_manifest **out, const char *path,
                      const mcp_load_opts *opts, mcp_diag *diag)
{
	const char *base = strrchr(path, '/');
	mcp_manifest *m = calloc(1, sizeof(*m));
	mcp_load_opts defaults;
	int rc;

	*out = NULL;
	if (!m)
		return MCP_ENOMEM;
	if (!opts) {
		mcp_load_opts_init(&defaults);
		opts = &defaults;
	}
	base = base ? base + 1 : path;
	m->file = mcp_diag_intern(diag, path);
	if (!m->file) {
		free(m);
		return MCP_ENOMEM;
	}
	if (strcmp(base, "go.mod") == 0) {
		mcp_buf buf;
		text t;
		m->ecosystem = "go";
		mcp_buf_init(&buf);
		rc = load_text(&buf, path, opts, diag, &t);
		if (rc == 0)
			rc = parse_gomod(m, &t, diag);
		mcp_buf_free(&buf);
	} else if (strcmp(base, "package.json") == 0) {
		m->ecosystem = "npm";
		rc = parse_npm(m, path, opts, diag, 0);
	} else if (strcmp(base, "package-lock.json") == 0 ||
	           strcmp(base, "npm-shrinkwrap.json") == 0) {
		m->ecosystem = "npm";
		rc = parse_npm(m, path, opts, diag, 1);
	} else if (ends_with(base, ".txt") || ends_with(base, ".in")) {
		m->ecosystem = "pypi";
		rc = parse_requirements(m, path, opts, diag, 0);
	} else {
		mcp_loc loc = {m->file, 0, 0};
		bad(diag, &loc,
		    "name go.mod, package.json, package-lock.json or "
		    "requirements.txt",
		    "unknown kind of dependency manifest");
		rc = MCP_EPARSE;
	}
	if (rc < 0) {
		mcp_manifest_free(m);
		return rc;
	}
	*out = m;
	return 0;
}

/* ---- reading each manifest once ---- */

typedef struct memo_entry {
	mcp_manifest *m; /* NULL when it could not be read */
	mcp_diag *d;     /* what reading it reported, and its text */
	int rc, err;     /* its status, and errno after MCP_EIO */
} memo_entry;

struct mcp_manifest_memo {
	mcp_hmap paths; /* path -> memo_entry */
	int confined;   /* relative paths only, never above the folder */
};

void mcp_manifest_memo_confine(mcp_manifest_memo *memo)
{
	memo->confined = 1;
}

int mcp_manifest_memo_new(mcp_manifest_memo **out)
{
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return MCP_ENOMEM;
	mcp_hmap_init(&(*out)->paths);
	return 0;
}

static void memo_entry_free(void *p)
{
	memo_entry *e = p;

	if (!e)
		return;
	mcp_manifest_free(e->m);
	mcp_diag_free(e->d);
	free(e);
}

void mcp_manifest_memo_free(mcp_manifest_memo *memo)
{
	if (!memo)
		return;
	mcp_hmap_free(&memo->paths, memo_entry_free);
	free(memo);
}

int mcp_manifest_load_memo(mcp_manifest_memo *memo, const mcp_manifest **out,
                           const char *path, const mcp_load_opts *opts,
                           mcp_diag *diag)
{
	memo_entry *e = mcp_hmap_get(&memo->paths, path, strlen(path));
	int rc;

	*out = NULL;
	if (memo->confined && mcp_path_climbs(path)) {
		errno = EXDEV; /* not read: outside the repository */
		return MCP_EIO;
	}
	if (!e) {
		void *old = NULL;
		if (!(e = calloc(1, sizeof(*e))) || mcp_diag_new(&e->d) < 0) {
			memo_entry_free(e);
			return MCP_ENOMEM;
		}
		e->rc = mcp_manifest_load(&e->m, path, opts, e->d);
		e->err = errno;
		if (e->rc == MCP_ENOMEM ||
		    mcp_hmap_put(&memo->paths, path, strlen(path), e, &old) <
		        0) {
			memo_entry_free(e);
			return MCP_ENOMEM;
		}
		memo_entry_free(old);
	}
	if ((rc = mcp_diag_copy(diag, e->d)) < 0)
		return rc;
	*out = e->m;
	errno = e->err;
	return e->rc;
}
