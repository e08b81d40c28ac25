/*
 * render_json.c: findings as one JSON object, for programs:
 * {"findings":[...],"summary":{"errors":N,"warnings":N,"infos":N,
 * "specs":N}}, and for lint "run":{"id":...,"shard":I,"shards":N}, which
 * merge-reports checks shards by. A fatal finding says so ("fatal": true):
 * merged, it still makes the exit status 2. Keys keep a fixed order and
 * absent values are null, so the shape is stable.
 * Written straight into the buffer (a report can hold tens of thousands of
 * findings), in jansson's JSON_INDENT(2) layout.
 */
#include "emit/emit_int.h"
#include "emit/render_stream.h"
#include "mcpc/mcpc.h"

static void place(em_json *w, const mcp_loc *loc, const char *message)
{
	em_json_open(w, "related", '{');
	em_json_string(w, "file", loc->file);
	em_json_int(w, "line", loc->line);
	em_json_int(w, "column", loc->column);
	if (message)
		em_json_string(w, "message", message);
	em_json_close(w);
}

static void finding(em_json *w, const mcp_finding *f)
{
	em_json_open(w, NULL, '{');
	em_json_string(w, "rule", f->rule);
	em_json_string(w, "severity", mcp_severity_name(f->severity));
	em_json_string(w, "message", f->message);
	em_json_string(w, "file", f->loc.file);
	em_json_int(w, "line", f->loc.line);
	em_json_int(w, "column", f->loc.column);
	em_json_string(w, "pointer", f->pointer);
	em_json_string(w, "hint", f->hint);
	if (f->related.line)
		place(w, &f->related, f->related_message);
	if (f->waiver)
		em_json_string(w, "waived", f->waiver);
	if (f->fatal)
		em_json_bool(w, "fatal", 1);
	em_json_close(w);
}

int em_stream_json(mcp_buf *out, em_source *src, const em_totals *t,
                   const mcp_render_opts *opts)
{
	const mcp_finding *v;
	size_t i, n;
	em_json w;
	int rc;

	/* a report kept whole: room for it at once (a finding takes some
	 * 400 bytes), up to 64 MiB, as growing a large buffer copies it */
	n = t->findings;
	if (!src->flush)
		mcp_buf_grow(out, n < ((size_t)64 << 20) / 448
		                      ? n * 448 + 256
		                      : (size_t)64 << 20);
	em_json_init(&w, out);
	em_json_open(&w, NULL, '{');
	em_json_open(&w, "findings", '[');
	while ((rc = src->next(src, &v, &n)) == 0 && n && !out->oom) {
		for (i = 0; i < n; i++) {
			const mcp_finding *f = &v[i];
			if (opts->quiet &&
			    (f->severity != MCP_SEV_ERROR || f->waiver))
				continue;
			finding(&w, f);
		}
		if (src->flush && (rc = src->flush(src, out)) != 0)
			break;
	}
	if (rc != 0)
		return rc;
	em_json_close(&w);
	em_json_open(&w, "summary", '{');
	em_json_int(&w, "errors", (long long)t->errors);
	em_json_int(&w, "warnings", (long long)t->warnings);
	em_json_int(&w, "infos", (long long)t->infos);
	if (t->waived)
		em_json_int(&w, "waived", (long long)t->waived);
	if (opts->has_specs)
		em_json_int(&w, "specs", opts->specs);
	em_json_close(&w);
	em_json_run(&w, opts);
	em_json_close(&w);
	mcp_buf_putc(out, '\n');
	return out->oom ? MCP_ENOMEM : 0;
}

static int render(mcp_buf *out, const mcp_diag *d, const mcp_render_opts *opts)
{
	return em_render_list(out, d, opts, em_stream_json);
}

const mcp_renderer mcp_render_json = {"json", render};
