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
#include "emit/render_stream.h"
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

/* The suite of one file's findings (@p v, @p n) into @p out: one
 * testcase per rule family, in order of first appearance. */
static void suite(mcp_buf *out, const mcp_finding *v, size_t n)
{
	const mcp_finding *first = &v[0];
	size_t k, m;

	mcp_buf_puts(out, "  <testsuite name=\"");
	put_xml(out, first->loc.file ? first->loc.file : "(run)");
	mcp_buf_puts(out, "\">\n");
	for (k = 0; k < n; k++) {
		const mcp_finding *f = &v[k];
		size_t fl = family_len(f->rule), bad = 0;
		int seen = 0;
		for (m = 0; m < k && !seen; m++)
			seen = family_len(v[m].rule) == fl &&
			       strncmp(v[m].rule, f->rule, fl) == 0;
		if (seen)
			continue;
		for (m = k; m < n; m++)
			if (family_len(v[m].rule) == fl &&
			    strncmp(v[m].rule, f->rule, fl) == 0)
				bad += fails(&v[m]);
		mcp_buf_puts(out, "    <testcase classname=\"");
		put_xml(out, f->loc.file ? f->loc.file : "(run)");
		mcp_buf_puts(out, "\" name=\"");
		put_xml_n(out, f->rule, fl);
		mcp_buf_puts(out, "\">\n");
		mcp_buf_puts(out, bad ? "      <failure message=\""
		                      : "      <system-out>");
		if (bad) {
			mcp_buf_printf(out, "%zu finding%s\" type=\"", bad,
			               bad == 1 ? "" : "s");
			put_xml_n(out, f->rule, fl);
			mcp_buf_puts(out, "\">");
		}
		for (m = k; m < n; m++)
			if (family_len(v[m].rule) == fl &&
			    strncmp(v[m].rule, f->rule, fl) == 0)
				put_finding(out, &v[m]);
		mcp_buf_puts(out, bad ? "</failure>\n" : "</system-out>\n");
		mcp_buf_puts(out, "    </testcase>\n");
	}
	mcp_buf_puts(out, "  </testsuite>\n");
}

int em_stream_junit(mcp_buf *out, em_source *src, const em_totals *t,
                    const mcp_render_opts *opts)
{
	const mcp_finding *v;
	size_t n;
	/* one passing testcase for a clean run, none when nothing ran */
	int pass = t->findings == 0 && !(opts->has_specs && opts->specs == 0);
	int rc;

	mcp_buf_printf(out,
	               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	               "<testsuites name=\"mcpc\" tests=\"%zu\" "
	               "failures=\"%zu\">\n",
	               t->cases + (size_t)pass, t->fails);
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
	/* the runs of the source are the files' suites */
	while ((rc = src->next(src, &v, &n)) == 0 && n) {
		suite(out, v, n);
		if (src->flush && (rc = src->flush(src, out)) != 0)
			break;
	}
	if (rc != 0)
		return rc;
	mcp_buf_puts(out, "</testsuites>\n");
	return out->oom ? MCP_ENOMEM : 0;
}

static int render(mcp_buf *out, const mcp_diag *d, const mcp_render_opts *opts)
{
	return em_render_list(out, d, opts, em_stream_junit);
}

const mcp_renderer mcp_render_junit = {"junit", render};
