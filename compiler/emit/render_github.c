/*
 * render_github.c: findings as GitHub Actions workflow commands, one line
 * each, which the runner turns into annotations on the pull request:
 *   ::error file=F,line=L,col=C,title=RULE::MESSAGE
 * Infos become ::notice. Waived findings are left out (they do not fail
 * the run); the summary goes last, as a plain line.
 */
#include <string.h>

#include "emit/emit_int.h"
#include "emit/render_stream.h"
#include "mcpc/mcpc.h"

/* A character of s that the log may carry as it is: its length; 0 for a
 * byte that is not UTF-8 or a control character (a file name can hold
 * any), which becomes '?'. Tabs, CR and LF are escaped by the callers. */
static size_t plain(mcp_buf *out, const char *s)
{
	size_t k = em_text_char(s, strnlen(s, 4));

	if (k)
		mcp_buf_put(out, s, k);
	else
		mcp_buf_putc(out, '?');
	return k ? k : 1;
}

/* A property value: '%', CR, LF, ':' and ',' escaped as the runner wants. */
static void put_prop(mcp_buf *out, const char *s)
{
	size_t k;

	for (; s && *s; s += k) {
		k = 1;
		switch (*s) {
		case '%':
			mcp_buf_puts(out, "%25");
			break;
		case '\r':
			mcp_buf_puts(out, "%0D");
			break;
		case '\n':
			mcp_buf_puts(out, "%0A");
			break;
		case ':':
			mcp_buf_puts(out, "%3A");
			break;
		case ',':
			mcp_buf_puts(out, "%2C");
			break;
		default:
			k = plain(out, s);
		}
	}
}

/* A message: '%', CR and LF escaped. */
static void put_data(mcp_buf *out, const char *s)
{
	size_t k;

	for (; s && *s; s += k) {
		k = 1;
		if (*s == '%')
			mcp_buf_puts(out, "%25");
		else if (*s == '\r')
			mcp_buf_puts(out, "%0D");
		else if (*s == '\n')
			mcp_buf_puts(out, "%0A");
		else
			k = plain(out, s);
	}
}

/* One finding as a workflow command (none for a waived one, or a
 * warning or info under -q). */
static void annotation(mcp_buf *out, const mcp_finding *f,
                       const mcp_render_opts *opts)
{
	if (f->waiver || (opts->quiet && f->severity != MCP_SEV_ERROR))
		return;
	mcp_buf_printf(out, "::%s ",
	               f->severity == MCP_SEV_ERROR     ? "error"
	               : f->severity == MCP_SEV_WARNING ? "warning"
	                                                : "notice");
	if (f->loc.file) {
		mcp_buf_puts(out, "file=");
		put_prop(out, f->loc.file);
		if (f->loc.line)
			mcp_buf_printf(out, ",line=%u,col=%u", f->loc.line,
			               f->loc.column ? f->loc.column : 1);
		mcp_buf_putc(out, ',');
	}
	mcp_buf_puts(out, "title=");
	put_prop(out, f->rule);
	mcp_buf_puts(out, "::");
	put_data(out, f->message);
	if (f->hint) {
		mcp_buf_puts(out, " (");
		put_data(out, f->hint);
		mcp_buf_putc(out, ')');
	}
	mcp_buf_putc(out, '\n');
}

int em_stream_github(mcp_buf *out, em_source *src, const em_totals *t,
                     const mcp_render_opts *opts)
{
	const mcp_finding *v;
	size_t j, n;
	int rc;

	while ((rc = src->next(src, &v, &n)) == 0 && n) {
		for (j = 0; j < n; j++)
			annotation(out, &v[j], opts);
		if (src->flush && (rc = src->flush(src, out)) != 0)
			return rc;
	}
	if (rc != 0)
		return rc;
	/* a run that checked nothing is an annotation: nothing passed */
	if (opts->has_specs && opts->specs == 0)
		mcp_buf_puts(out,
		             "::warning title=mcpc::no spec was checked\n");
	if (!opts->quiet) {
		size_t e = t->errors, w = t->warnings, in = t->infos;
		mcp_buf_printf(out, "%zu error%s, %zu warning%s, %zu info%s\n",
		               e, e == 1 ? "" : "s", w, w == 1 ? "" : "s", in,
		               in == 1 ? "" : "s");
	}
	if (opts->has_specs && (opts->specs == 0 || !opts->quiet))
		mcp_buf_printf(out, "checked %ld spec%s\n", opts->specs,
		               opts->specs == 1 ? "" : "s");
	return out->oom ? MCP_ENOMEM : 0;
}

static int render(mcp_buf *out, const mcp_diag *d, const mcp_render_opts *opts)
{
	return em_render_list(out, d, opts, em_stream_github);
}

const mcp_renderer mcp_render_github = {"github", render};
