/*
 * render.c: the table of report formats. One renderer per file; this table
 * is the only place that lists them. Also what the JSON formats share: a
 * JSON string of any text, and a writer with jansson's layout.
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/emit_int.h"
#include "emit/render_stream.h"
#include "support/utf8.h"

#include "mcpc/mcpc.h"
#include "mcpc/secrets.h"

static const mcp_renderer *const renderers[] = {
    &mcp_render_text,  &mcp_render_json,   &mcp_render_sarif,
    &mcp_render_junit, &mcp_render_github, &mcp_render_markdown,
};

const mcp_renderer *mcp_renderer_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(renderers) / sizeof(renderers[0]); i++)
		if (strcmp(renderers[i]->name, name) == 0)
			return renderers[i];
	return NULL;
}

static char names[128];

static void join_names(void)
{
	size_t i, at = 0;

	for (i = 0; i < sizeof(renderers) / sizeof(renderers[0]); i++)
		at += (size_t)snprintf(names + at, sizeof(names) - at, "%s%s",
		                       i ? "|" : "", renderers[i]->name);
}

const char *mcp_renderer_names(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, join_names);
	return names;
}

size_t em_text_char(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	if (!len)
		return 0;
	if (p[0] < 0x80)
		return p[0] == '\t' || p[0] == '\n' ||
		               (p[0] >= 0x20 && p[0] != 0x7f)
		           ? 1
		           : 0;
	n = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : 2;
	if (n > len || mcp_utf8_valid_prefix(s, n) != n)
		return 0;
	if (p[0] == 0xC2 && p[1] < 0xA0)
		return 0; /* C1 */
	if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
		return 0; /* U+FFFE, U+FFFF */
	return n;
}

void em_put_text(mcp_buf *out, const char *s)
{
	size_t k;

	for (; s && *s; s += k) {
		/* a line break too: a message never starts a line of its own
		 * that could pass for a finding */
		if (*s != '\n' && (k = em_text_char(s, strnlen(s, 4))) > 0) {
			mcp_buf_put(out, s, k);
		} else {
			mcp_buf_putc(out, '?');
			k = 1;
		}
	}
}

json_t *em_string(const char *s)
{
	json_t *v;
	char *copy;
	size_t i, n;

	if (!s)
		return json_null();
	if ((v = json_string(s)) != NULL)
		return v;
	n = strlen(s);
	if (!(copy = malloc(n + 1)))
		return NULL;
	for (i = 0; i < n; i++)
		copy[i] = (unsigned char)s[i] < 0x80 ? s[i] : '?';
	copy[n] = '\0';
	v = json_string(copy);
	free(copy);
	return v;
}

/* Room for @p n more bytes at the end of @p out, or NULL (out of
 * memory); end() then says where the writing stopped. */
static char *room(mcp_buf *out, size_t n)
{
	return mcp_buf_grow(out, n) < 0 ? NULL : out->ptr + out->len;
}

static void end(mcp_buf *out, char *at)
{
	out->len = (size_t)(at - out->ptr);
	*at = '\0';
}

/*
 * jansson's dump_string: '"', '\\' and control characters escaped (the
 * usual ones by name, the others as \u00XX in upper case), everything
 * else (DEL and '/' too) as it is. Text that is not UTF-8 is first made
 * ASCII by em_string's rule, so the bytes are the ones json_dumps would
 * write for em_string(s). Bytes are written in place: this is where a
 * report spends its time.
 */
void em_put_json_string(mcp_buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	size_t n;
	char *q;
	int ascii;

	if (!s) {
		mcp_buf_put(out, "null", 4);
		return;
	}
	n = strlen(s);
	ascii = mcp_utf8_valid_prefix(s, n) != n;
	/* six bytes at most for a byte (\u00XX), and the quotes */
	if (!(q = room(out, n < (size_t)-1 / 8 ? 6 * n + 2 : (size_t)-1)))
		return;
	*q++ = '"';
	for (p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;

		if (c >= 0x20 && c != '"' && c != '\\' &&
		    (c < 0x80 || !ascii)) {
			*q++ = (char)c;
			continue;
		}
		if (c >= 0x80) {
			*q++ = '?';
			continue;
		}
		*q++ = '\\';
		switch (c) {
		case '"':
		case '\\':
			*q++ = (char)c;
			break;
		case '\b':
			*q++ = 'b';
			break;
		case '\f':
			*q++ = 'f';
			break;
		case '\n':
			*q++ = 'n';
			break;
		case '\r':
			*q++ = 'r';
			break;
		case '\t':
			*q++ = 't';
			break;
		default:
			*q++ = 'u';
			*q++ = '0';
			*q++ = '0';
			*q++ = hex[c >> 4];
			*q++ = hex[c & 15];
		}
	}
	*q++ = '"';
	end(out, q);
}

void em_json_init(em_json *w, mcp_buf *out)
{
	w->out = out;
	w->depth = 0;
	w->empty = w->array = 0;
}

/* A comma when asked, a newline and two spaces per level of depth: the
 * separator of JSON_INDENT(2). */
static void indent(mcp_buf *out, int comma, int depth)
{
	size_t n = 2 * (size_t)depth;
	char *q = room(out, n + 2);

	if (!q)
		return;
	if (comma)
		*q++ = ',';
	*q++ = '\n';
	memset(q, ' ', n);
	end(out, q + n);
}

/* What comes before a value: ",", the indent and "key": (nothing for the
 * top value). */
static void item(em_json *w, const char *key)
{
	unsigned long long bit;

	if (w->depth == 0)
		return;
	bit = 1ULL << (w->depth - 1);
	/* a key in an object, none in an array */
	assert((key != NULL) == !(w->array & bit));
	indent(w->out, !(w->empty & bit), w->depth);
	w->empty &= ~bit;
	if (key) {
		em_put_json_string(w->out, key);
		mcp_buf_put(w->out, ": ", 2);
	}
}

void em_json_open(em_json *w, const char *key, char bracket)
{
	unsigned long long bit = 1ULL << w->depth;

	assert(bracket == '{' || bracket == '[');
	assert(w->depth < 64);
	item(w, key);
	mcp_buf_putc(w->out, bracket);
	w->empty |= bit;
	if (bracket == '[')
		w->array |= bit;
	else
		w->array &= ~bit;
	w->depth++;
}

void em_json_close(em_json *w)
{
	unsigned long long bit;

	assert(w->depth > 0);
	bit = 1ULL << --w->depth;
	if (!(w->empty & bit))
		indent(w->out, 0, w->depth);
	mcp_buf_putc(w->out, w->array & bit ? ']' : '}');
}

void em_json_string(em_json *w, const char *key, const char *s)
{
	item(w, key);
	em_put_json_string(w->out, s);
}

/* As jansson prints a json_int_t: "%lld". */
void em_json_run(em_json *w, const mcp_render_opts *opts)
{
	if (!opts->run_id)
		return;
	em_json_open(w, "run", '{');
	em_json_string(w, "id", opts->run_id);
	em_json_int(w, "shard", opts->shard);
	em_json_int(w, "shards", opts->nshards);
	em_json_close(w);
}

void em_json_int(em_json *w, const char *key, long long v)
{
	char digits[24], *p = digits + sizeof(digits);
	unsigned long long u =
	    v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	item(w, key);
	mcp_buf_put(w->out, p, (size_t)(digits + sizeof(digits) - p));
}

void em_json_bool(em_json *w, const char *key, int v)
{
	item(w, key);
	mcp_buf_puts(w->out, v ? "true" : "false");
}

/* ---- reports read file by file (render_stream.h) ---- */

int em_shown(const mcp_finding *f, const mcp_render_opts *opts)
{
	return !opts->quiet || (f->severity == MCP_SEV_ERROR && !f->waiver);
}

int em_totals_init(em_totals *t)
{
	memset(t, 0, sizeof(*t));
	if (mcp_diag_new(&t->first) < 0 || mcp_diag_new(&t->run) < 0 ||
	    mcp_diag_new(&t->secrets) < 0) {
		em_totals_free(t);
		return MCP_ENOMEM;
	}
	return 0;
}

void em_totals_free(em_totals *t)
{
	mcp_diag_free(t->first);
	mcp_diag_free(t->run);
	mcp_diag_free(t->secrets);
	memset(t, 0, sizeof(*t));
}

/* A copy of @p f at the end of @p to. 0 or MCP_ENOMEM. */
static int keep(mcp_diag *to, const mcp_finding *f)
{
	mcp_finding *c = mcp_diag_add(to, f->rule, f->severity, &f->loc,
	                              f->pointer, f->hint, "%s", f->message);

	if (!c)
		return MCP_ENOMEM;
	c->fatal = f->fatal;
	if (f->related.line &&
	    mcp_finding_set_related(c, &f->related, f->related_message) < 0)
		return MCP_ENOMEM;
	if (f->waiver &&
	    mcp_diag_waive(to, mcp_diag_count(to) - 1, f->waiver) < 0)
		return MCP_ENOMEM;
	return 0;
}

/* The family of a rule: "MCP-SEC-002" -> "MCP-SEC" (its length). */
static size_t family_len(const char *rule)
{
	const char *dash = strrchr(rule, '-');
	return dash && dash != rule ? (size_t)(dash - rule) : strlen(rule);
}

int em_totals_add(em_totals *t, const mcp_finding *v, size_t n,
                  const mcp_render_opts *opts)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		const mcp_finding *f = &v[i];
		size_t fl = family_len(f->rule);
		t->findings++;
		if (f->waiver)
			t->waived++;
		else if (f->severity == MCP_SEV_ERROR)
			t->errors++;
		else if (f->severity == MCP_SEV_WARNING)
			t->warnings++;
		else
			t->infos++;
		t->fails += !f->waiver && f->severity != MCP_SEV_INFO;
		/* a testcase per family, in the file's suite */
		for (k = 0; k < i; k++)
			if (family_len(v[k].rule) == fl &&
			    strncmp(v[k].rule, f->rule, fl) == 0)
				break;
		t->cases += k == i;
		if (opts->verbose && mcp_finding_is_secret(f) && f->loc.file &&
		    keep(t->secrets, f) < 0)
			return MCP_ENOMEM;
		if (!em_shown(f, opts))
			continue;
		if (!(f->loc.file && *f->loc.file)) {
			if (keep(t->run, f) < 0)
				return MCP_ENOMEM;
			t->run_failed |=
			    f->severity == MCP_SEV_ERROR && !f->waiver;
		}
		for (k = 0; k < mcp_diag_count(t->first); k++)
			if (strcmp(mcp_diag_get(t->first, k)->rule, f->rule) ==
			    0)
				break;
		if (k == mcp_diag_count(t->first) && keep(t->first, f) < 0)
			return MCP_ENOMEM;
	}
	return 0;
}

int em_totals_of(em_totals *t, em_source *src, const mcp_render_opts *opts)
{
	const mcp_finding *v;
	size_t n;
	int rc;

	if ((rc = em_totals_init(t)) != 0)
		return rc;
	while ((rc = src->next(src, &v, &n)) == 0 && n)
		if ((rc = em_totals_add(t, v, n, opts)) != 0)
			break;
	if (rc == 0)
		rc = src->rewind(src);
	if (rc != 0)
		em_totals_free(t);
	return rc;
}

em_stream_fn em_stream_of(const mcp_renderer *r)
{
	static const struct {
		const mcp_renderer *r;
		em_stream_fn fn;
	} table[] = {
	    {&mcp_render_text, em_stream_text},
	    {&mcp_render_json, em_stream_json},
	    {&mcp_render_sarif, em_stream_sarif},
	    {&mcp_render_junit, em_stream_junit},
	    {&mcp_render_github, em_stream_github},
	    {&mcp_render_markdown, em_stream_markdown},
	};
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].r == r)
			return table[i].fn;
	return NULL;
}

/* A list in memory as a source: its findings, already sorted, in runs
 * of one file. */
typedef struct list_source {
	em_source base;
	size_t at;
} list_source;

static const char *file_key(const mcp_finding *f)
{
	return f->loc.file ? f->loc.file : "";
}

static int list_next(em_source *s, const mcp_finding **v, size_t *n)
{
	list_source *l = (list_source *)s;
	size_t count = mcp_diag_count(s->d), i = l->at;

	*n = 0;
	if (i >= count)
		return 0;
	/* the list's findings lie in one array: a run is a slice of it */
	*v = mcp_diag_get(s->d, i);
	while (i < count &&
	       strcmp(file_key(mcp_diag_get(s->d, i)), file_key(*v)) == 0)
		i++;
	*n = i - l->at;
	l->at = i;
	return 0;
}

static int list_rewind(em_source *s)
{
	((list_source *)s)->at = 0;
	return 0;
}

static const char *list_line(em_source *s, const mcp_finding *f, int related,
                             size_t *len)
{
	const mcp_loc *loc = related ? &f->related : &f->loc;

	return mcp_diag_source_line(s->d, loc->file, loc->line, len);
}

int em_render_list(mcp_buf *out, const mcp_diag *d, const mcp_render_opts *opts,
                   em_stream_fn stream)
{
	list_source l;
	em_totals t;
	int rc;

	memset(&l, 0, sizeof(l));
	l.base.next = list_next;
	l.base.rewind = list_rewind;
	l.base.line = list_line;
	l.base.d = d;
	if ((rc = em_totals_of(&t, &l.base, opts)) != 0)
		return rc;
	rc = stream(out, &l.base, &t, opts);
	em_totals_free(&t);
	return rc;
}
