/*
 * diag.c: the list of findings, interned file names, and the texts of the
 * loaded sources (so renderers can quote the offending line).
 */
#include <stdarg.h>
#include <stdio.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mcpc/buf.h"
#include "mcpc/mcpc.h"
#include "support/hmap.h"

typedef struct source_text {
	char *block; /* what to free */
	const char *text;
	size_t len;
	size_t *lines; /* byte offset of the start of each line, built lazily */
	size_t nlines;
} source_text;

/* Whether byte c may continue a word: a credential inside a longer word
 * is another word. */
static int mask_word_byte(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '_';
}

typedef struct secret {
	char *text;
	size_t len;
	size_t next; /* index + 1 of the previous one with its prefix, or 0 */
} secret;

/* The bytes of a secret that index it. */
#define SECRET_PREFIX 16
#define MIN_SECRET    4 /* shorter values are not remembered for masking */

struct mcp_diag {
	mcp_finding *items;
	size_t count, cap;
	mcp_hmap files;   /* interned names; values unused */
	mcp_hmap sources; /* name -> source_text */
	/* credentials found by name, to mask; never rendered. Each is found
	 * through its first bytes (secret_heads: prefix -> index + 1 of the
	 * last one added, chained by next), so masking a text costs at most
	 * SECRET_PREFIX lookups at the start of each word, however many
	 * there are. */
	secret *secrets;
	size_t nsecrets, capsecrets;
	mcp_hmap secret_heads;
};

int mcp_diag_new(mcp_diag **out)
{
	mcp_diag *d = calloc(1, sizeof(*d));

	*out = d;
	if (!d)
		return MCP_ENOMEM;
	mcp_hmap_init(&d->files);
	mcp_hmap_init(&d->sources);
	mcp_hmap_init(&d->secret_heads);
	return 0;
}

static void free_source(void *p)
{
	source_text *s = p;

	if (!s)
		return;
	free(s->block);
	free(s->lines);
	free(s);
}

static void free_finding(mcp_finding *f)
{
	free(f->message);
	free(f->pointer);
	free(f->hint);
	free(f->related_message);
	free(f->waiver);
}

void mcp_diag_free(mcp_diag *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->count; i++)
		free_finding(&d->items[i]);
	free(d->items);
	for (i = 0; i < d->nsecrets; i++)
		free(d->secrets[i].text);
	free(d->secrets);
	mcp_hmap_free(&d->secret_heads, NULL);
	mcp_hmap_free(&d->files, NULL);
	mcp_hmap_free(&d->sources, free_source);
	free(d);
}

const char *mcp_diag_intern(mcp_diag *d, const char *file)
{
	return mcp_hmap_intern(&d->files, file, strlen(file));
}

static char *dup_or_null(const char *s, int *oom)
{
	char *p;

	if (!s)
		return NULL;
	p = strdup(s);
	if (!p)
		*oom = 1;
	return p;
}

mcp_finding *mcp_diag_add(mcp_diag *d, const char *rule, mcp_severity sev,
                          const mcp_loc *loc, const char *pointer,
                          const char *hint, const char *fmt, ...)
{
	mcp_finding *f;
	mcp_buf msg;
	va_list ap;
	int oom = 0;

	if (d->count == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		mcp_finding *items = realloc(d->items, cap * sizeof(*items));
		if (!items)
			return NULL;
		d->items = items;
		d->cap = cap;
	}
	f = &d->items[d->count];
	memset(f, 0, sizeof(*f));
	/* interned: a rule pack's ids live no longer than the pack */
	if (!(f->rule = mcp_diag_intern(d, rule)))
		return NULL;
	f->severity = sev;
	if (loc) {
		f->loc = *loc;
		if (loc->file && !(f->loc.file = mcp_diag_intern(d, loc->file)))
			return NULL;
	}
	va_start(ap, fmt);
	if (strcmp(fmt, "%s") == 0) { /* a message made already: a copy */
		const char *m = va_arg(ap, const char *);
		f->message = dup_or_null(m ? m : "(null)", &oom);
	} else {
		mcp_buf_init(&msg);
		mcp_buf_vprintf(&msg, fmt, ap);
		f->message = mcp_buf_detach(&msg);
	}
	va_end(ap);
	f->pointer = dup_or_null(pointer, &oom);
	f->hint = dup_or_null(hint, &oom);
	if (!f->message || oom) {
		free_finding(f);
		return NULL;
	}
	f->seq = d->count++;
	return f;
}

int mcp_finding_set_related(mcp_finding *f, const mcp_loc *loc,
                            const char *message)
{
	int oom = 0;

	f->related = *loc;
	free(f->related_message);
	f->related_message = dup_or_null(message, &oom);
	return oom ? MCP_ENOMEM : 0;
}

static int same_place(const mcp_loc *a, const mcp_loc *b)
{
	return a->line == b->line && a->column == b->column &&
	       (a->file == b->file ||
	        (a->file && b->file && strcmp(a->file, b->file) == 0));
}

static int same_finding(const mcp_finding *a, const mcp_finding *b)
{
	return strcmp(a->rule, b->rule) == 0 && a->severity == b->severity &&
	       same_place(&a->loc, &b->loc);
}

int mcp_diag_merge_pass(mcp_diag *d, size_t first, size_t mark,
                        const char *prefix)
{
	size_t i, j, keep = mark;

	for (i = mark; i < d->count; i++) {
		mcp_finding *f = &d->items[i];
		int dup = 0;
		for (j = first; j < keep && !dup; j++)
			dup = same_finding(&d->items[j], f);
		if (dup) {
			free_finding(f);
			continue;
		}
		if (prefix) {
			size_t n = strlen(prefix) + strlen(f->message) + 1;
			char *m = malloc(n);
			if (!m) {
				/* keep the list whole: drop what is left */
				for (; i < d->count; i++)
					free_finding(&d->items[i]);
				d->count = keep;
				return MCP_ENOMEM;
			}
			snprintf(m, n, "%s%s", prefix, f->message);
			free(f->message);
			f->message = m;
		}
		d->items[keep++] = *f;
	}
	d->count = keep;
	return 0;
}

/* The interned copy in d of a name interned elsewhere (NULL stays NULL). */
static int reintern(mcp_diag *d, const char **name)
{
	if (*name && !(*name = mcp_diag_intern(d, *name)))
		return MCP_ENOMEM;
	return 0;
}

int mcp_diag_append(mcp_diag *dst, mcp_diag *src, int sources)
{
	size_t i, need = dst->count + src->count;

	if (need > dst->cap) {
		mcp_finding *items = realloc(dst->items, need * sizeof(*items));
		if (!items)
			return MCP_ENOMEM;
		dst->items = items;
		dst->cap = need;
	}
	for (i = 0; i < src->count; i++) {
		mcp_finding *f = &src->items[i];
		if (reintern(dst, &f->rule) < 0 ||
		    reintern(dst, &f->loc.file) < 0 ||
		    reintern(dst, &f->related.file) < 0)
			return MCP_ENOMEM; /* src keeps what is left */
		f->seq = dst->count;
		dst->items[dst->count++] = *f;
		memset(f, 0, sizeof(*f));
	}
	src->count = 0;
	for (i = 0; i < src->nsecrets; i++)
		if (mcp_diag_add_secret(dst, src->secrets[i].text,
		                        src->secrets[i].len) < 0)
			return MCP_ENOMEM;
	for (i = 0; sources && i < src->sources.cap; i++) {
		mcp_hmap_slot *slot = &src->sources.slots[i];
		void *old = NULL;
		if (!slot->key || !slot->value)
			continue;
		if (mcp_hmap_put(&dst->sources, slot->key, slot->keylen,
		                 slot->value, &old) < 0)
			return MCP_ENOMEM;
		slot->value = NULL;
		free_source(old);
	}
	return 0;
}

int mcp_diag_copy(mcp_diag *dst, const mcp_diag *src)
{
	size_t i;

	for (i = 0; i < src->count; i++) {
		const mcp_finding *f = &src->items[i];
		mcp_finding *g = mcp_diag_add(
		    dst, f->rule, f->severity, f->loc.file ? &f->loc : NULL,
		    f->pointer, f->hint, "%s", f->message);
		if (!g)
			return MCP_ENOMEM;
		g->fatal = f->fatal;
		if (f->waiver &&
		    mcp_diag_waive(dst, dst->count - 1, f->waiver) < 0)
			return MCP_ENOMEM;
		if (f->related.line) {
			mcp_loc rel = f->related;
			if (reintern(dst, &rel.file) < 0 ||
			    mcp_finding_set_related(g, &rel,
			                            f->related_message) < 0)
				return MCP_ENOMEM;
		}
	}
	for (i = 0; i < src->nsecrets; i++)
		if (mcp_diag_add_secret(dst, src->secrets[i].text,
		                        src->secrets[i].len) < 0)
			return MCP_ENOMEM;
	for (i = 0; i < src->sources.cap; i++) {
		const mcp_hmap_slot *slot = &src->sources.slots[i];
		const source_text *t = slot->value;
		if (!slot->key || !t ||
		    mcp_hmap_get(&dst->sources, slot->key, slot->keylen))
			continue;
		if (mcp_diag_add_source(dst, slot->key, t->text, t->len) < 0)
			return MCP_ENOMEM;
	}
	return 0;
}

/* *name from below top/ (tl bytes with the '/'), interned. */
static int rel_name(mcp_diag *d, const char **name, const char *top, size_t tl)
{
	if (!*name || strncmp(*name, top, tl) != 0 || !(*name)[tl])
		return 0;
	*name = mcp_diag_intern(d, *name + tl);
	return *name ? 0 : MCP_ENOMEM;
}

/* Every "top/" of s that begins a path dropped, in place: at the start,
 * or after a byte no path goes on through (a space, a quote, a bracket);
 * "top/" inside a longer word (an image reference) is the user's text. */
static void rel_text(char *s, const char *top, size_t tl)
{
	char *at, *from = s;

	while (from && (at = strstr(from, top)) != NULL) {
		unsigned char before = at > s ? (unsigned char)at[-1] : ' ';
		if (isalnum(before) || strchr("._-/~@:+%", before)) {
			from = at + 1;
			continue;
		}
		memmove(at, at + tl, strlen(at + tl) + 1);
		from = at;
	}
}

int mcp_diag_relative(mcp_diag *d, const char *top)
{
	size_t i, n = 0, tl;
	char *prefix;
	struct moved {
		const char *name;
		void *value;
	} *moved = NULL;
	int rc = 0;

	if (!top || !top[0] || !top[1])
		return 0; /* no folder, or "/": nothing to drop */
	tl = strlen(top) + 1;
	if (!(prefix = malloc(tl + 1)))
		return MCP_ENOMEM;
	snprintf(prefix, tl + 1, "%s/", top);
	for (i = 0; i < d->count && rc == 0; i++) {
		mcp_finding *f = &d->items[i];
		rc = rel_name(d, &f->loc.file, prefix, tl);
		if (rc == 0)
			rc = rel_name(d, &f->related.file, prefix, tl);
		rel_text(f->message, prefix, tl);
		rel_text(f->hint, prefix, tl);
		rel_text(f->related_message, prefix, tl);
		rel_text(f->waiver, prefix, tl);
	}
	/* the texts kept for quoting, under their new names */
	if (rc == 0 && d->sources.cap &&
	    !(moved = calloc(d->sources.cap, sizeof(*moved))))
		rc = MCP_ENOMEM;
	for (i = 0; rc == 0 && i < d->sources.cap; i++) {
		mcp_hmap_slot *slot = &d->sources.slots[i];
		if (!slot->key || !slot->value || slot->keylen <= tl ||
		    strncmp(slot->key, prefix, tl) != 0)
			continue;
		if (!(moved[n].name = mcp_diag_intern(d, slot->key + tl))) {
			rc = MCP_ENOMEM;
			break;
		}
		moved[n++].value = slot->value;
		slot->value = NULL;
	}
	for (i = 0; i < n; i++) {
		void *old = NULL;
		if (rc == 0 && mcp_hmap_put(&d->sources, moved[i].name,
		                            strlen(moved[i].name),
		                            moved[i].value, &old) == 0) {
			free_source(old);
			continue;
		}
		rc = MCP_ENOMEM;
		free_source(moved[i].value);
	}
	free(moved);
	free(prefix);
	return rc;
}

/* The longest remembered secret that text (len bytes) starts with, as a
 * whole word, among those indexed by its first plen bytes; or NULL. */
static const secret *secret_at(const mcp_diag *d, const char *text, size_t len,
                               size_t plen)
{
	size_t k =
	    (size_t)(uintptr_t)mcp_hmap_get(&d->secret_heads, text, plen);
	const secret *best = NULL;

	for (; k; k = d->secrets[k - 1].next) {
		const secret *x = &d->secrets[k - 1];
		if (x->len <= len && memcmp(x->text, text, x->len) == 0 &&
		    (x->len == len || !mask_word_byte(text[x->len])) &&
		    (!best || x->len > best->len))
			best = x;
	}
	return best;
}

int mcp_diag_add_secret(mcp_diag *d, const char *text, size_t len)
{
	size_t plen = len < SECRET_PREFIX ? len : SECRET_PREFIX, k;
	secret *x;

	if (len < MIN_SECRET)
		return 0; /* "0", "yes": masking them would garble every report
		           */
	k = (size_t)(uintptr_t)mcp_hmap_get(&d->secret_heads, text, plen);
	for (; k; k = d->secrets[k - 1].next)
		if (d->secrets[k - 1].len == len &&
		    memcmp(d->secrets[k - 1].text, text, len) == 0)
			return 0;
	if (d->nsecrets == d->capsecrets) {
		size_t cap = d->capsecrets ? d->capsecrets * 2 : 8;
		secret *v = realloc(d->secrets, cap * sizeof(*v));
		if (!v)
			return MCP_ENOMEM;
		d->secrets = v;
		d->capsecrets = cap;
	}
	x = &d->secrets[d->nsecrets];
	if (!(x->text = malloc(len)))
		return MCP_ENOMEM;
	memcpy(x->text, text, len);
	x->len = len;
	x->next = (size_t)(uintptr_t)mcp_hmap_get(&d->secret_heads, text, plen);
	if (mcp_hmap_put(&d->secret_heads, text, plen,
	                 (void *)(uintptr_t)(d->nsecrets + 1), NULL) < 0) {
		free(x->text);
		return MCP_ENOMEM;
	}
	d->nsecrets++;
	return 0;
}

int mcp_diag_add_secrets(mcp_diag *dst, const mcp_diag *src)
{
	size_t i;

	for (i = 0; i < src->nsecrets; i++)
		if (mcp_diag_add_secret(dst, src->secrets[i].text,
		                        src->secrets[i].len) < 0)
			return MCP_ENOMEM;
	return 0;
}

size_t mcp_diag_mask_remembered(const mcp_diag *d, char *s, size_t len)
{
	size_t i, n = 0, plen;

	if (!d->nsecrets)
		return 0;
	/* a credential stands as a whole word: at the start or after a
	 * byte that cannot continue a word, and before one */
	for (i = 0; i < len; i++) {
		const secret *x = NULL;
		if (i && mask_word_byte(s[i - 1]))
			continue;
		for (plen = SECRET_PREFIX; plen && !x; plen--)
			if (plen <= len - i)
				x = secret_at(d, s + i, len - i, plen);
		if (x) {
			memset(s + i, '*', x->len);
			n++;
			i += x->len - 1;
		}
	}
	return n;
}

size_t mcp_diag_count(const mcp_diag *d)
{
	return d->count;
}

const mcp_finding *mcp_diag_get(const mcp_diag *d, size_t i)
{
	return i < d->count ? &d->items[i] : NULL;
}

size_t mcp_diag_count_severity(const mcp_diag *d, mcp_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < d->count; i++)
		n += d->items[i].severity == sev && !d->items[i].waiver;
	return n;
}

size_t mcp_diag_count_waived(const mcp_diag *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->count; i++)
		n += d->items[i].waiver != NULL;
	return n;
}

int mcp_diag_waive(mcp_diag *d, size_t i, const char *why)
{
	char *w;

	if (i >= d->count)
		return MCP_ERROR;
	w = strdup(why);
	if (!w)
		return MCP_ENOMEM;
	free(d->items[i].waiver);
	d->items[i].waiver = w;
	return 0;
}

size_t mcp_diag_count_fatal(const mcp_diag *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->count; i++)
		n += d->items[i].fatal != 0;
	return n;
}

static int cmp_finding(const void *pa, const void *pb)
{
	const mcp_finding *a = pa, *b = pb;
	int c;

	/* Findings with no file come first (they are about the run itself). */
	if (!a->loc.file || !b->loc.file) {
		if (a->loc.file != b->loc.file)
			return a->loc.file ? 1 : -1;
	} else if ((c = strcmp(a->loc.file, b->loc.file)) != 0) {
		return c;
	}
	if (a->loc.line != b->loc.line)
		return a->loc.line < b->loc.line ? -1 : 1;
	if (a->loc.column != b->loc.column)
		return a->loc.column < b->loc.column ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void mcp_diag_sort(mcp_diag *d)
{
	if (d->count > 1)
		qsort(d->items, d->count, sizeof(*d->items), cmp_finding);
}

int mcp_diag_adopt_source(mcp_diag *d, const char *file, char *block,
                          const char *text, size_t len)
{
	source_text *s = calloc(1, sizeof(*s));
	void *old = NULL;

	if (!s) {
		free(block);
		return MCP_ENOMEM;
	}
	s->block = block;
	s->text = text;
	s->len = len;
	if (mcp_hmap_put(&d->sources, file, strlen(file), s, &old) < 0) {
		free_source(s);
		return MCP_ENOMEM;
	}
	free_source(old);
	return 0;
}

int mcp_diag_add_source(mcp_diag *d, const char *file, const char *text,
                        size_t len)
{
	char *copy = malloc(len + 1);

	if (!copy)
		return MCP_ENOMEM;
	memcpy(copy, text, len);
	copy[len] = '\0';
	return mcp_diag_adopt_source(d, file, copy, copy, len);
}

/* Index the starts of lines, the first time a line is asked for. */
static int index_lines(source_text *s)
{
	size_t i, n = 1, cap = 64;
	const char *t = s->text;

	s->lines = malloc(cap * sizeof(size_t));
	if (!s->lines)
		return -1;
	s->lines[0] = 0;
	for (i = 0; i < s->len; i++) {
		if (t[i] != '\n' &&
		    (t[i] != '\r' || (i + 1 < s->len && t[i + 1] == '\n')))
			continue;
		if (n == cap) {
			size_t *lines =
			    realloc(s->lines, cap * 2 * sizeof(size_t));
			if (!lines) {
				free(s->lines);
				s->lines = NULL;
				return -1;
			}
			s->lines = lines;
			cap *= 2;
		}
		s->lines[n++] = i + 1;
	}
	s->nlines = n;
	return 0;
}

const char *mcp_diag_source_line(const mcp_diag *d, const char *file,
                                 unsigned line, size_t *len)
{
	source_text *s;
	size_t start, end;

	if (!file || line == 0)
		return NULL;
	s = mcp_hmap_get(&d->sources, file, strlen(file));
	if (!s || (!s->lines && index_lines(s) < 0) || line > s->nlines)
		return NULL;
	start = s->lines[line - 1];
	end = line < s->nlines ? s->lines[line] : s->len;
	while (end > start &&
	       (s->text[end - 1] == '\n' || s->text[end - 1] == '\r'))
		end--;
	*len = end - start;
	return s->text + start;
}

int mcp_severity_parse(mcp_severity *out, const char *name)
{
	if (strcmp(name, "error") == 0)
		*out = MCP_SEV_ERROR;
	else if (strcmp(name, "warning") == 0)
		*out = MCP_SEV_WARNING;
	else if (strcmp(name, "info") == 0)
		*out = MCP_SEV_INFO;
	else
		return MCP_ERROR;
	return 0;
}

const char *mcp_severity_name(mcp_severity sev)
{
	switch (sev) {
	case MCP_SEV_ERROR:
		return "error";
	case MCP_SEV_WARNING:
		return "warning";
	default:
		return "info";
	}
}

const char *mcp_version(void)
{
	return MCPC_VERSION;
}

const char *mcp_strerror(int error)
{
	switch (error) {
	case MCP_OK:
		return "success";
	case MCP_ENOMEM:
		return "out of memory";
	case MCP_EIO:
		return "input/output error";
	case MCP_EPARSE:
		return "malformed input";
	case MCP_ELIMIT:
		return "limit exceeded";
	case MCP_ENOTFOUND:
		return "not found";
	default:
		return "error";
	}
}
