/*
 * rule_help.c: a rule's help, written once for every place that shows
 * it: `mcpc explain` (text), the rule's page of docs/rules/ (Markdown,
 * what `make docs` writes) and the help of SARIF's reporting descriptors
 * (both). And where mcpc's documentation is published, for links.
 */
#include <string.h>

#include "mcpc/mcpc.h"

/* make DOCS_URL=... and URL=...: where a copy of mcpc's repository is
 * published, its documentation folder and its home. */
#ifndef MCPC_URL
#define MCPC_URL "https://git.example.com/platform/mcpc"
#endif
#ifndef MCPC_DOCS_URL
#define MCPC_DOCS_URL MCPC_URL "/blob/main/docs"
#endif

const char *mcp_home_url(void)
{
	return MCPC_URL;
}

const char *mcp_docs_url(void)
{
	return MCPC_DOCS_URL;
}

int mcp_rule_page_url(mcp_buf *out, const char *id)
{
	return mcp_buf_printf(out, "%s/rules/%s.md", MCPC_DOCS_URL, id);
}

/* Prose, its words wrapped at 76 columns, each line after lead. */
static void wrap(mcp_buf *out, const char *text, const char *lead)
{
	const char *p = text;
	size_t col = 0;

	while (*p) {
		size_t n;
		while (*p == ' ' || *p == '\n')
			p++;
		n = strcspn(p, " \n");
		if (!n)
			break;
		if (col && col + 1 + n > 76) {
			mcp_buf_putc(out, '\n');
			col = 0;
		}
		mcp_buf_printf(out, "%s%.*s", col ? " " : lead, (int)n, p);
		col += col ? 1 + n : strlen(lead) + n;
		p += n;
	}
	if (col)
		mcp_buf_putc(out, '\n');
}

/* Each line of text, indented by four spaces. */
static void indent(mcp_buf *out, const char *text)
{
	const char *p = text;

	while (*p) {
		size_t n = strcspn(p, "\n");
		mcp_buf_printf(out, "    %.*s\n", (int)n, p);
		p += n;
		if (*p)
			p++;
	}
}

/* What sets one of mcpc's own rules apart, in one paragraph. */
static void fixed_note(mcp_buf *out, const mcp_rule_info *ri, const char *lead)
{
	mcp_buf para;

	mcp_buf_init(&para);
	mcp_buf_printf(&para,
	               "One of mcpc's own rules, reported by %s: no pack "
	               "defines it, so a project cannot turn it off or change "
	               "its severity.",
	               ri->pack ? ri->pack : "mcpc");
	if (!ri->waivable)
		mcp_buf_puts(&para,
		             " No waiver accepts its findings (they say that "
		             "something was not checked): a waiver that names "
		             "it is MCP-WAIVER-004.");
	wrap(out, para.oom ? "" : para.ptr, lead);
	out->oom |= para.oom;
	mcp_buf_free(&para);
}

int mcp_rule_help(mcp_buf *out, const struct mcp_rule_info *ri, int markdown)
{
	const char *example =
	    ri->fixed ? "An input that fires it" : "A spec that fires it";

	if (markdown) {
		if (ri->standard)
			mcp_buf_printf(out, "Standard: %s.\n\n", ri->standard);
		wrap(out, ri->description ? ri->description : "", "");
		if (ri->fixed) {
			mcp_buf_putc(out, '\n');
			fixed_note(out, ri, "");
		}
		if (!ri->enabled)
			mcp_buf_puts(out,
			             "\nOff by default: a project turns it "
			             "on in .mcpc.yaml (spec.rules.enable).\n");
		if (ri->example && *ri->example)
			mcp_buf_printf(out, "\n## %s\n\n```yaml\n%s%s```\n",
			               example, ri->example,
			               ri->example[strlen(ri->example) - 1] ==
			                       '\n'
			                   ? ""
			                   : "\n");
		if (ri->fix)
			mcp_buf_printf(out, "\n## Fix\n\n%s\n", ri->fix);
		if (ri->docs)
			mcp_buf_printf(out, "\nSee <%s>.\n", ri->docs);
	} else {
		wrap(out, ri->description ? ri->description : "", "    ");
		if (ri->fixed) {
			mcp_buf_putc(out, '\n');
			fixed_note(out, ri, "    ");
		}
		if (ri->example && *ri->example) {
			mcp_buf_printf(out, "\n%s:\n", example);
			indent(out, ri->example);
		}
		if (ri->fix)
			mcp_buf_printf(out, "\nFix: %s\n", ri->fix);
		if (ri->docs)
			mcp_buf_printf(out, "See: %s\n", ri->docs);
	}
	return out->oom ? MCP_ENOMEM : 0;
}
