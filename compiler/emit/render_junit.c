/*
 * render_junit.c: findings as a JUnit XML report, for CI servers that
 * show test results: one testsuite per file, one testcase per rule family
 * (MCP-SEC, MCP-IMG, ...) that reported there, failing with every finding
 * of that family as "FILE:LINE:COLUMN: SEVERITY[RULE]: MESSAGE". Waived
 * findings and infos do not fail a testcase; they are listed in its
 * system-out. A first testsuite, "mcpc", states the specs the run checked
 * (a property); with no finding it holds one passing testcase, and with no
 * spec checked none at all (tests="0": nothing passed).
 *
 * The report is well-formed XML whatever the input: a file name or a YAML
 * key may hold any byte, and each byte that is not UTF-8 or that XML 1.0
 * forbids (control characters, U+FFFE, U+FFFF) becomes '?'.
 */
#include <string.h>

#include "emit/emit_int.h"
#include "mcpc/mcpc.h"

/* @p n bytes of attribute or text content: escaped, and nothing XML
 * forbids. */
static void put_xml_n(mcp_buf *out, const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == '<')
			mcp_buf_puts(out, "&lt;");
		else if (c == '>')
			mcp_buf_puts(out, "&gt;");
		else if (c == '&')
			mcp_buf_puts(out, "&amp;");
		else if (c == '"')
			mcp_buf_puts(out, "&quot;");
		else if ((k = em_text_char(s + i, n - i)) > 0) {
			mcp_buf_put(out, s + i, k);
			i += k;
			continue;
		} else
			mcp_buf_putc(out, '?');
		i++;
	}
}

static void put_xml(mcp_buf *out, const char *s)
{
	put_xml_n(out, s, s ? strlen(s) : 0);
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

/* The suites of the findings into @p out; @return the testcases. */
static size_t suites(mcp_buf *out, const mcp_diag *d)
{
	size_t i, j, k, n = mcp_diag_count(d), cases = 0;

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
			cases++;
			mcp_buf_puts(out, "    <testcase classname=\"");
			put_xml(out, f->loc.file ? f->loc.file : "(run)");
			mcp_buf_puts(out, "\" name=\"");
			put_xml_n(out, f->rule, fl);
			mcp_buf_puts(out, "\">\n");
			mcp_buf_puts(out, bad ? "      <failure message=\""
			                      : "      <system-out>");
			if (bad) {
				mcp_buf_printf(out, "%zu finding%s\" type=\"",
				               bad, bad == 1 ? "" : "s");
				put_xml_n(out, f->rule, fl);
				mcp_buf_puts(out, "\">");
			}
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
	return cases;
}

static int render(mcp_buf *out, const mcp_diag *d, const mcp_render_opts *opts)
{
	size_t i, n = mcp_diag_count(d), failures = 0, cases;
	/* one passing testcase for a clean run, none when nothing ran */
	int pass = n == 0 && !(opts->has_specs && opts->specs == 0);
	mcp_buf body;

	for (i = 0; i < n; i++)
		failures += fails(mcp_diag_get(d, i));
	mcp_buf_init(&body);
	cases = suites(&body, d) + (size_t)pass;
	mcp_buf_printf(out,
	               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	               "<testsuites name=\"mcpc\" tests=\"%zu\" "
	               "failures=\"%zu\">\n",
	               cases, failures);
	if (pass || opts->has_specs) {
		mcp_buf_printf(
		    out, "  <testsuite name=\"mcpc\" tests=\"%d\">\n", pass);
		if (opts->has_specs)
			mcp_buf_printf(out,
			               "    <properties>\n"
			               "      <property name=\"specs\" "
			               "value=\"%ld\"/>\n"
			               "    </properties>\n",
			               opts->specs);
		if (pass)
			mcp_buf_puts(out, "    <testcase classname=\"mcpc\" "
			                  "name=\"check\"/>\n");
		if (opts->has_specs && !opts->specs)
			mcp_buf_puts(out, "    <system-out>no spec was "
			                  "checked</system-out>\n");
		mcp_buf_puts(out, "  </testsuite>\n");
	}
	mcp_buf_put(out, body.ptr ? body.ptr : "", body.len);
	mcp_buf_puts(out, "</testsuites>\n");
	if (body.oom)
		out->oom = 1;
	mcp_buf_free(&body);
	return out->oom ? MCP_ENOMEM : 0;
}

const mcp_renderer mcp_render_junit = {"junit", render};
