/*
 * render_json.c: findings as one JSON object, for programs:
 * {"findings":[...],"summary":{"errors":N,"warnings":N,"infos":N}}.
 * Keys keep a fixed order and absent values are null, so the shape is stable.
 */
#include <stdlib.h>
#include <string.h>

#include "emit/emit_int.h"
#include "mcpc/mcpc.h"

static json_t *place(const mcp_loc *loc, const char *message)
{
	json_t *o = json_object();

	json_object_set_new(o, "file", em_string(loc->file));
	json_object_set_new(o, "line", json_integer(loc->line));
	json_object_set_new(o, "column", json_integer(loc->column));
	if (message)
		json_object_set_new(o, "message", em_string(message));
	return o;
}

static json_t *finding(const mcp_finding *f)
{
	json_t *o = json_object();

	json_object_set_new(o, "rule", em_string(f->rule));
	json_object_set_new(o, "severity",
	                    em_string(mcp_severity_name(f->severity)));
	json_object_set_new(o, "message", em_string(f->message));
	json_object_set_new(o, "file", em_string(f->loc.file));
	json_object_set_new(o, "line", json_integer(f->loc.line));
	json_object_set_new(o, "column", json_integer(f->loc.column));
	json_object_set_new(o, "pointer", em_string(f->pointer));
	json_object_set_new(o, "hint", em_string(f->hint));
	if (f->related.line)
		json_object_set_new(o, "related",
		                    place(&f->related, f->related_message));
	if (f->waiver)
		json_object_set_new(o, "waived", em_string(f->waiver));
	return o;
}

static int render(mcp_buf *out, const mcp_diag *d, const mcp_render_opts *opts)
{
	json_t *root = json_object(), *list = json_array(),
	       *sum = json_object();
	size_t i, n = mcp_diag_count(d);
	char *text;
	int rc = 0;

	for (i = 0; i < n; i++) {
		const mcp_finding *f = mcp_diag_get(d, i);
		if (opts->quiet && (f->severity != MCP_SEV_ERROR || f->waiver))
			continue;
		json_array_append_new(list, finding(f));
	}
	json_object_set_new(root, "findings", list);
	json_object_set_new(sum, "errors",
	                    json_integer((json_int_t)mcp_diag_count_severity(
	                        d, MCP_SEV_ERROR)));
	json_object_set_new(sum, "warnings",
	                    json_integer((json_int_t)mcp_diag_count_severity(
	                        d, MCP_SEV_WARNING)));
	json_object_set_new(
	    sum, "infos",
	    json_integer((json_int_t)mcp_diag_count_severity(d, MCP_SEV_INFO)));
	if (mcp_diag_count_waived(d))
		json_object_set_new(
		    sum, "waived",
		    json_integer((json_int_t)mcp_diag_count_waived(d)));
	json_object_set_new(root, "summary", sum);
	text = json_dumps(root, JSON_INDENT(2));
	if (!text)
		rc = MCP_ENOMEM;
	else if (mcp_buf_puts(out, text) < 0 || mcp_buf_putc(out, '\n') < 0)
		rc = MCP_ENOMEM;
	free(text);
	json_decref(root);
	return rc;
}

const mcp_renderer mcp_render_json = {"json", render};
