/*
 * render_markdown.c: findings as a Markdown report for a pull-request
 * comment: a heading with the counts, then one table per file (line,
 * severity, rule, message and hint), waived findings marked.
 */
#include <string.h>

#include "emit/emit_int.h"
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

static int render(mcp_buf *out, const mcp_diag *d, const mcp_render_opts *opts)
{
	size_t i, n = mcp_diag_count(d);
	size_t e = mcp_diag_count_severity(d, MCP_SEV_ERROR);
	size_t w = mcp_diag_count_severity(d, MCP_SEV_WARNING);
	size_t inf = mcp_diag_count_severity(d, MCP_SEV_INFO);
	size_t waived = mcp_diag_count_waived(d);
	const char *file = NULL;

	mcp_buf_printf(out, "## mcpc: %zu error%s, %zu warning%s, %zu info%s",
	               e, plural(e), w, plural(w), inf, plural(inf));
	if (waived)
		mcp_buf_printf(out, ", %zu waived", waived);
	mcp_buf_putc(out, '\n');
	if (opts->has_specs)
		mcp_buf_printf(out, "\nChecked %ld spec%s%s\n", opts->specs,
		               opts->specs == 1 ? "" : "s",
		               opts->specs ? "." : ": nothing was checked.");
	if (!n)
		mcp_buf_puts(out, "\nNo findings.\n");
	for (i = 0; i < n; i++) {
		const mcp_finding *f = mcp_diag_get(d, i);
		const char *ff = f->loc.file ? f->loc.file : "(run)";
		if (opts->quiet && (f->severity != MCP_SEV_ERROR || f->waiver))
			continue;
		if (!file || strcmp(file, ff) != 0) {
			file = ff;
			mcp_buf_puts(out, "\n### `");
			put_cell(out, ff);
			mcp_buf_puts(out,
			             "`\n\n| line | severity | rule | "
			             "finding |\n| ---: | --- | --- | --- |\n");
		}
		if (f->loc.line)
			mcp_buf_printf(out, "| %u:%u | ", f->loc.line,
			               f->loc.column);
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
	}
	return out->oom ? MCP_ENOMEM : 0;
}

const mcp_renderer mcp_render_markdown = {"markdown", render};
