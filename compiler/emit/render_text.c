/*
 * render_text.c: findings the way a compiler prints them: the place, the
 * severity and rule, the message, then the source line with a caret under
 * the column, the hint, and any related place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/emit_int.h"
#include "emit/render_stream.h"
#include "mcpc/mcpc.h"
#include "mcpc/secrets.h"
#include "support/utf8.h"

#define C_RESET  "\033[0m"
#define C_BOLD   "\033[1m"
#define C_RED    "\033[1;31m"
#define C_YELLOW "\033[1;33m"
#define C_CYAN   "\033[1;36m"
#define C_BLUE   "\033[1;34m"

typedef struct painter {
	mcp_buf *out;
	int color;
	mcp_buf scratch; /* a quoted line, secrets masked */
	em_source *src;  /* the lines to quote */
	/* the findings of the file being written; the findings of the
	 * secret rules of every file, with -v (a related place may stand in
	 * another file) */
	const mcp_finding *run;
	size_t nrun;
	const mcp_diag *secrets;
} painter;

static int secret_at(const mcp_finding *f, const mcp_loc *loc)
{
	return mcp_finding_is_secret(f) && f->loc.line == loc->line &&
	       f->loc.file && loc->file && strcmp(f->loc.file, loc->file) == 0;
}

/* Whether a finding about a secret stands on this line: then no finding
 * quotes it. Every finding about the file is in the run being written. */
static int secret_line(const painter *p, const mcp_loc *loc)
{
	size_t i;

	for (i = 0; i < p->nrun; i++)
		if (secret_at(&p->run[i], loc))
			return 1;
	for (i = 0; p->secrets && i < mcp_diag_count(p->secrets); i++)
		if (secret_at(mcp_diag_get(p->secrets, i), loc))
			return 1;
	return 0;
}

static void paint(painter *p, const char *color, const char *text)
{
	if (p->color)
		mcp_buf_puts(p->out, color);
	mcp_buf_puts(p->out, text);
	if (p->color)
		mcp_buf_puts(p->out, C_RESET);
}

/* Byte offset of code point @p n (from 0) of @p s, or @p len. */
static size_t cp_offset(const char *s, size_t len, size_t n)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		if (n-- == 0)
			return i;
	}
	return len;
}

/* Source text as it may go to a terminal: control characters (C0, DEL,
 * C1) and bytes that are not UTF-8 become '?', one per byte; tabs stay
 * (the caret line keeps them). */
static void put_clean(mcp_buf *out, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (c < 0x80) {
			mcp_buf_putc(out, c == '\t' || (c >= 0x20 && c != 0x7f)
			                      ? (char)c
			                      : '?');
		} else if (n <= len - i &&
		           mcp_utf8_valid_prefix(s + i, n) == n &&
		           !(c == 0xC2 && (unsigned char)s[i + 1] < 0xA0)) {
			mcp_buf_put(out, s + i, n);
			i += n;
			continue;
		} else {
			mcp_buf_putc(out, '?');
		}
		i++;
	}
}

static void put_place(mcp_buf *out, const mcp_loc *loc)
{
	if (!loc->file) {
		mcp_buf_puts(out, "mcpc");
		return;
	}
	/* a file name may hold any byte: not for a terminal */
	put_clean(out, loc->file, strlen(loc->file));
	if (loc->line) {
		mcp_buf_printf(out, ":%u", loc->line);
		if (loc->column)
			mcp_buf_printf(out, ":%u", loc->column);
	}
}

#define EXCERPT_WIDTH 120

/* The source line, then a caret under the column. Long lines show a window
 * around the column. Tabs are kept in the caret's padding so it lines up. */
static void put_excerpt(painter *p, const mcp_finding *f, int related,
                        const char *caret_color)
{
	const mcp_loc *loc = related ? &f->related : &f->loc;
	size_t len = 0, i, from = 0, to, col;
	const char *line;
	char gutter[16];
	int width;

	if (!loc->column || !(line = p->src->line(p->src, f, related, &len)))
		return;
	if (secret_line(p, loc)) {
		mcp_buf_puts(p->out, "  (the line is not quoted: it holds a "
		                     "secret)\n");
		return;
	}
	/* a copy, secret-shaped spans masked (same length: columns hold) */
	mcp_buf_clear(&p->scratch);
	if (mcp_buf_put(&p->scratch, line, len) < 0)
		return;
	line = p->scratch.ptr;
	mcp_diag_mask(p->src->d, p->scratch.ptr, len);
	col = loc->column - 1; /* code points before the caret */
	if (col > EXCERPT_WIDTH / 2)
		from = cp_offset(line, len, col - EXCERPT_WIDTH / 2);
	to = cp_offset(line + from, len - from, EXCERPT_WIDTH) + from;
	width = snprintf(gutter, sizeof(gutter), "%u", loc->line);
	mcp_buf_printf(p->out, " %s | %s", gutter, from ? "..." : "");
	put_clean(p->out, line + from, to - from);
	mcp_buf_printf(p->out, "%s\n %*s | %s", to < len ? "..." : "", width,
	               "", from ? "   " : "");
	if (from)
		col = EXCERPT_WIDTH / 2;
	for (i = from; i < len && col > 0; i++) {
		unsigned char c = (unsigned char)line[i];
		if ((c & 0xC0) == 0x80)
			continue;
		mcp_buf_putc(p->out, c == '\t' ? '\t' : ' ');
		col--;
	}
	paint(p, caret_color, "^");
	mcp_buf_putc(p->out, '\n');
}

static void put_finding(painter *p, const mcp_finding *f,
                        const mcp_render_opts *opts)
{
	static const char *const colors[] = {C_CYAN, C_YELLOW, C_RED};
	char head[64];

	if (p->color)
		mcp_buf_puts(p->out, C_BOLD);
	put_place(p->out, &f->loc);
	mcp_buf_puts(p->out, ": ");
	if (p->color)
		mcp_buf_puts(p->out, C_RESET);
	snprintf(head, sizeof(head), "%s%s[%s]", f->waiver ? "waived " : "",
	         mcp_severity_name(f->severity), f->rule);
	paint(p, colors[f->severity], head);
	/* messages quote keys and values, which may hold any byte */
	mcp_buf_puts(p->out, ": ");
	em_put_text(p->out, f->message);
	mcp_buf_putc(p->out, '\n');
	put_excerpt(p, f, 0, colors[f->severity]);
	if (f->hint) {
		mcp_buf_puts(p->out, "  ");
		paint(p, C_BLUE, "hint");
		mcp_buf_puts(p->out, ": ");
		em_put_text(p->out, f->hint);
		mcp_buf_putc(p->out, '\n');
	}
	if (f->waiver) {
		mcp_buf_puts(p->out, "  waived: ");
		em_put_text(p->out, f->waiver);
		mcp_buf_putc(p->out, '\n');
	}
	if (f->pointer && opts->verbose) {
		mcp_buf_puts(p->out, "  at: ");
		em_put_text(p->out, f->pointer);
		mcp_buf_putc(p->out, '\n');
	}
	if (f->related.line) {
		put_place(p->out, &f->related);
		mcp_buf_puts(p->out, ": ");
		paint(p, C_CYAN, "note");
		mcp_buf_puts(p->out, ": ");
		em_put_text(p->out, f->related_message ? f->related_message
		                                       : "related");
		mcp_buf_putc(p->out, '\n');
		if (opts->verbose)
			put_excerpt(p, f, 1, C_CYAN);
	}
}

static void put_count(mcp_buf *out, size_t n, const char *what, int last)
{
	mcp_buf_printf(out, "%zu %s%s%s", n, what, n == 1 ? "" : "s",
	               last ? "" : ", ");
}

int em_stream_text(mcp_buf *out, em_source *src, const em_totals *t,
                   const mcp_render_opts *opts)
{
	painter p;
	const mcp_finding *v;
	size_t i, n;
	int rc;

	memset(&p, 0, sizeof(p));
	p.out = out;
	p.color = opts->color;
	p.src = src;
	p.secrets = opts->verbose ? t->secrets : NULL;
	mcp_buf_init(&p.scratch);
	while ((rc = src->next(src, &v, &n)) == 0 && n) {
		p.run = v;
		p.nrun = n;
		for (i = 0; i < n; i++) {
			const mcp_finding *f = &v[i];
			if (opts->quiet &&
			    (f->severity != MCP_SEV_ERROR || f->waiver))
				continue;
			put_finding(&p, f, opts);
		}
		if (src->flush && (rc = src->flush(src, out)) != 0)
			break;
	}
	mcp_buf_free(&p.scratch);
	if (rc != 0)
		return rc;
	if (t->findings && !opts->quiet) {
		put_count(out, t->errors, "error", 0);
		put_count(out, t->warnings, "warning", 0);
		put_count(out, t->infos, "info", 1);
		if (t->waived)
			mcp_buf_printf(out, ", %zu waived", t->waived);
		mcp_buf_putc(out, '\n');
	}
	/* how many specs, clean or not; a run that checked none says so
	 * even when quiet: it is no evidence that anything is fine */
	if (opts->has_specs && (opts->specs == 0 || !opts->quiet))
		mcp_buf_printf(out, "checked %ld spec%s%s%s\n", opts->specs,
		               opts->specs == 1 ? "" : "s",
		               opts->specs_note ? "; " : "",
		               opts->specs_note ? opts->specs_note : "");
	return out->oom ? MCP_ENOMEM : 0;
}

static int render(mcp_buf *out, const mcp_diag *d, const mcp_render_opts *opts)
{
	return em_render_list(out, d, opts, em_stream_text);
}

const mcp_renderer mcp_render_text = {"text", render};
