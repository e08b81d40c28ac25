/*
 * render_markdown.c: findings as a Markdown report for a pull-request
 * comment: a heading with the counts, then one table per file (line,
 * severity, rule, message and hint), waived findings marked.
 */
#include <stdlib.h>
#include <string.h>

#include "emit/emit_int.h"
#include "emit/render_stream.h"
#include "mcpc/mcpc.h"

/* Table cell text: '|' and newlines would break the table; a byte that
 * is not UTF-8, or a control character (a file name can hold any), is
 * '?'. */
static void put_cell(mcp_buf *out, const char *s)
{
	size_t k;

	for (; s && *s; s += k) {
		k = 1;
		if (*s == '|')
			mcp_buf_puts(out, "\\|");
		else if (*s == '\n' || *s == '\r')
			mcp_buf_putc(out, ' ');
		else if ((k = em_text_char(s, strnlen(s, 4))) > 0)
			mcp_buf_put(out, s, k);
		else {
			mcp_buf_putc(out, '?');
			k = 1;
		}
	}
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

/* One finding, a row of its file's table; the table's heading first
 * when the file is not the previous row's (@p file, a copy, updated).
 * 0 or MCP_ENOMEM. */
static int row(mcp_buf *out, const mcp_finding *f, char **file,
               const mcp_render_opts *opts)
{
	const char *ff = f->loc.file ? f->loc.file : "(run)";

	if (opts->quiet && (f->severity != MCP_SEV_ERROR || f->waiver))
		return 0;
	if (!*file || strcmp(*file, ff) != 0) {
		free(*file);
		if (!(*file = strdup(ff)))
			return MCP_ENOMEM;
		mcp_buf_puts(out, "\n### `");
		put_cell(out, ff);
		mcp_buf_puts(out, "`\n\n| line | severity | rule | "
		                  "finding |\n| ---: | --- | --- | --- |\n");
	}
	if (f->loc.line)
		mcp_buf_printf(out, "| %u:%u | ", f->loc.line, f->loc.column);
	else
		mcp_buf_puts(out, "| | ");
	mcp_buf_printf(out, "%s%s | `", f->waiver ? "waived " : "",
	               mcp_severity_name(f->severity));
	put_cell(out, f->rule);
	mcp_buf_puts(out, "` | ");
	put_cell(out, f->message);
	if (f->hint) {
		mcp_buf_puts(out, "<br>*fix:* ");
		put_cell(out, f->hint);
	}
	if (f->waiver) {
		mcp_buf_puts(out, "<br>*waived:* ");
		put_cell(out, f->waiver);
	}
	mcp_buf_puts(out, " |\n");
	return 0;
}

int em_stream_markdown(mcp_buf *out, em_source *src, const em_totals *t,
                       const mcp_render_opts *opts)
{
	const mcp_finding *v;
	size_t i, n;
	char *file = NULL;
	int rc;

	mcp_buf_printf(out, "## mcpc: %zu error%s, %zu warning%s, %zu info%s",
	               t->errors, plural(t->errors), t->warnings,
	               plural(t->warnings), t->infos, plural(t->infos));
	if (t->waived)
		mcp_buf_printf(out, ", %zu waived", t->waived);
	mcp_buf_putc(out, '\n');
	if (opts->has_specs)
		mcp_buf_printf(out, "\nChecked %ld spec%s%s\n", opts->specs,
		               opts->specs == 1 ? "" : "s",
		               opts->specs ? "." : ": nothing was checked.");
	if (!t->findings)
		mcp_buf_puts(out, "\nNo findings.\n");
	while ((rc = src->next(src, &v, &n)) == 0 && n) {
		for (i = 0; i < n && rc == 0; i++)
			rc = row(out, &v[i], &file, opts);
		if (rc == 0 && src->flush)
			rc = src->flush(src, out);
		if (rc != 0)
			break;
	}
	free(file);
	if (rc != 0)
		return rc;
	return out->oom ? MCP_ENOMEM : 0;
}

static int render(mcp_buf *out, const mcp_diag *d, const mcp_render_opts *opts)
{
	return em_render_list(out, d, opts, em_stream_markdown);
}

const mcp_renderer mcp_render_markdown = {"markdown", render};
