/*
 * render_junit.c: findings as a JUnit XML report, for CI servers that
 * show test results: one testsuite per file, one testcase per rule family
 * (MCP-SEC, MCP-IMG, ...) that reported there, failing with every finding
 * of that family as "FILE:LINE:COLUMN: SEVERITY[RULE]: MESSAGE". Waived
 * findings and infos do not fail a testcase; they are listed in its
 * system-out. With no finding at all, the report is one passing testcase.
 */
#include <string.h>

#include "mcpc/mcpc.h"

static void put_xml(mcp_buf *out, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '<')
			mcp_buf_puts(out, "&lt;");
		else if (c == '>')
			mcp_buf_puts(out, "&gt;");
		else if (c == '&')
			mcp_buf_puts(out, "&amp;");
		else if (c == '"')
			mcp_buf_puts(out, "&quot;");
		else if (c < 0x20 && c != '\n' && c != '\t')
			mcp_buf_putc(out, '?'); /* not allowed in XML 1.0 */
		else
			mcp_buf_putc(out, (char)c);
	}
}

/* The family of a rule: "MCP-SEC-002" -> "MCP-SEC". */
static size_t family_len(const char *rule)
{
	const char *dash = strrchr(rule, '-');
	return dash && dash != rule ? (size_t)(dash - rule) : strlen(rule);
}

static int same_file(const mcp_finding *a, const mcp_finding *b)
{
	const char *x = a->loc.file ? a->loc.file : "";
	const char *y = b->loc.file ? b->loc.file : "";
	return strcmp(x, y) == 0;
}

static void put_finding(mcp_buf *out, const mcp_finding *f)
{
	put_xml(out, f->loc.file ? f->loc.file : "(run)");
	if (f->loc.line)
		mcp_buf_printf(out, ":%u:%u", f->loc.line, f->loc.column);
	mcp_buf_printf(out, ": %s[", mcp_severity_name(f->severity));
	put_xml(out, f->rule);
	mcp_buf_puts(out, "]: ");
	put_xml(out, f->message);
	if (f->waiver) {
		mcp_buf_puts(out, " (waived: ");
		put_xml(out, f->waiver);
		mcp_buf_putc(out, ')');
	}
	mcp_buf_putc(out, '\n');
}

static int fails(const mcp_finding *f)
{
	return !f->waiver && f->severity != MCP_SEV_INFO;
}

static int render(mcp_buf *out, const mcp_diag *d, const mcp_render_opts *opts)
{
	size_t i, j, k, n = mcp_diag_count(d), failures = 0;

	(void)opts;
	for (i = 0; i < n; i++)
		failures += fails(mcp_diag_get(d, i));
	mcp_buf_printf(out,
	               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	               "<testsuites name=\"mcpc\" failures=\"%zu\">\n",
	               failures);
	/* findings are sorted by file: one suite per run of a file */
	for (i = 0; i < n; i = j) {
		const mcp_finding *first = mcp_diag_get(d, i);
		for (j = i; j < n && same_file(mcp_diag_get(d, j), first); j++)
			;
		mcp_buf_puts(out, "  <testsuite name=\"");
		put_xml(out, first->loc.file ? first->loc.file : "(run)");
		mcp_buf_puts(out, "\">\n");
		/* one testcase per family, in order of first appearance */
		for (k = i; k < j; k++) {
			const mcp_finding *f = mcp_diag_get(d, k);
			size_t fl = family_len(f->rule), m, bad = 0;
			int seen = 0;
			for (m = i; m < k && !seen; m++)
				seen = family_len(mcp_diag_get(d, m)->rule) ==
				           fl &&
				       strncmp(mcp_diag_get(d, m)->rule,
				               f->rule, fl) == 0;
			if (seen)
				continue;
			for (m = k; m < j; m++) {
				const mcp_finding *g = mcp_diag_get(d, m);
				if (family_len(g->rule) == fl &&
				    strncmp(g->rule, f->rule, fl) == 0)
					bad += fails(g);
			}
			mcp_buf_puts(out, "    <testcase classname=\"");
			put_xml(out, f->loc.file ? f->loc.file : "(run)");
			mcp_buf_printf(out, "\" name=\"%.*s\">\n", (int)fl,
			               f->rule);
			mcp_buf_puts(out, bad ? "      <failure message=\""
			                      : "      <system-out>");
			if (bad)
				mcp_buf_printf(
				    out, "%zu finding%s\" type=\"%.*s\">", bad,
				    bad == 1 ? "" : "s", (int)fl, f->rule);
			for (m = k; m < j; m++) {
				const mcp_finding *g = mcp_diag_get(d, m);
				if (family_len(g->rule) == fl &&
				    strncmp(g->rule, f->rule, fl) == 0)
					put_finding(out, g);
			}
			mcp_buf_puts(out,
			             bad ? "</failure>\n" : "</system-out>\n");
			mcp_buf_puts(out, "    </testcase>\n");
		}
		mcp_buf_puts(out, "  </testsuite>\n");
	}
	if (n == 0)
		mcp_buf_puts(out, "  <testsuite name=\"mcpc\">\n"
		                  "    <testcase classname=\"mcpc\" "
		                  "name=\"check\"/>\n"
		                  "  </testsuite>\n");
	mcp_buf_puts(out, "</testsuites>\n");
	return out->oom ? MCP_ENOMEM : 0;
}

const mcp_renderer mcp_render_junit = {"junit", render};
