/*
 * report.c: the conflict report: one row per component the matrix checked
 * (what was found, where, what is allowed, the verdict, the rule and the
 * source), conflicts first, as a text table, JSON or Markdown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcpc/mcpc.h"

void mcp_report_free(mcp_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->rows[i].component);
		free(r->rows[i].version);
		free(r->rows[i].allowed);
		free(r->rows[i].rule);
		free(r->rows[i].source);
	}
	free(r->rows);
	memset(r, 0, sizeof(*r));
}

static const char *status_name(mcp_row_status s)
{
	return s == MCP_ROW_CONFLICT  ? "conflict"
	       : s == MCP_ROW_WARNING ? "warning"
	                              : "ok";
}

static int cmp_row(const void *pa, const void *pb)
{
	const mcp_report_row *a = pa, *b = pb;
	int c;

	if (a->status != b->status)
		return a->status < b->status ? -1 : 1;
	if ((c = strcmp(a->component, b->component)))
		return c;
	if ((c = strcmp(a->where.file ? a->where.file : "",
	                b->where.file ? b->where.file : "")))
		return c;
	if (a->where.line != b->where.line)
		return a->where.line < b->where.line ? -1 : 1;
	if (a->where.column != b->where.column)
		return a->where.column < b->where.column ? -1 : 1;
	return strcmp(a->version, b->version);
}

static void where(char *buf, size_t size, const mcp_loc *l)
{
	snprintf(buf, size, "%s:%u:%u", l->file ? l->file : "-", l->line,
	         l->column);
}

static void put_padded(mcp_buf *out, const char *s, size_t width, int last)
{
	size_t n = strlen(s);

	mcp_buf_puts(out, s);
	if (!last)
		for (; n < width + 2; n++)
			mcp_buf_putc(out, ' ');
}

/* How many specs the rows come from: a report of none is no evidence. */
static void put_specs(mcp_buf *out, const mcp_report *r)
{
	if (r->has_specs)
		mcp_buf_printf(out, "checked %ld spec%s\n", r->specs,
		               r->specs == 1 ? "" : "s");
}

static void render_text(mcp_buf *out, const mcp_report *r)
{
	static const char *const head[] = {"COMPONENT", "VERSION", "WHERE",
	                                   "ALLOWED",   "STATUS",  "RULE",
	                                   "SOURCE"};
	size_t w[7], i, k, counts[3] = {0, 0, 0};
	char loc[512];

	for (k = 0; k < 7; k++)
		w[k] = strlen(head[k]);
	for (i = 0; i < r->n; i++) {
		const mcp_report_row *row = &r->rows[i];
		const char *cells[6];
		where(loc, sizeof(loc), &row->where);
		cells[0] = row->component;
		cells[1] = row->version;
		cells[2] = loc;
		cells[3] = row->allowed;
		cells[4] = status_name(row->status);
		cells[5] = row->rule;
		for (k = 0; k < 6; k++)
			if (strlen(cells[k]) > w[k])
				w[k] = strlen(cells[k]);
	}
	for (k = 0; k < 7; k++)
		put_padded(out, head[k], w[k], k == 6);
	mcp_buf_putc(out, '\n');
	for (i = 0; i < r->n; i++) {
		const mcp_report_row *row = &r->rows[i];
		where(loc, sizeof(loc), &row->where);
		put_padded(out, row->component, w[0], 0);
		put_padded(out, row->version, w[1], 0);
		put_padded(out, loc, w[2], 0);
		put_padded(out, row->allowed, w[3], 0);
		put_padded(out, status_name(row->status), w[4], 0);
		put_padded(out, row->rule[0] ? row->rule : "-", w[5], 0);
		put_padded(out, row->source[0] ? row->source : "-", w[6], 1);
		mcp_buf_putc(out, '\n');
		counts[row->status]++;
	}
	mcp_buf_printf(out, "%zu conflict%s, %zu warning%s, %zu ok\n",
	               counts[0], counts[0] == 1 ? "" : "s", counts[1],
	               counts[1] == 1 ? "" : "s", counts[2]);
	put_specs(out, r);
}

/* A Markdown table cell: | and newlines would break the table. */
static void put_cell(mcp_buf *out, const char *s)
{
	mcp_buf_puts(out, " ");
	for (; *s; s++) {
		if (*s == '|')
			mcp_buf_puts(out, "\\|");
		else if (*s == '\n')
			mcp_buf_putc(out, ' ');
		else
			mcp_buf_putc(out, *s);
	}
	mcp_buf_puts(out, " |");
}

static void render_markdown(mcp_buf *out, const mcp_report *r)
{
	size_t i, counts[3] = {0, 0, 0};
	char loc[512];

	mcp_buf_puts(out, "| Component | Version | Where | Allowed | Status | "
	                  "Rule | Source |\n");
	mcp_buf_puts(out, "| --- | --- | --- | --- | --- | --- | --- |\n");
	for (i = 0; i < r->n; i++) {
		const mcp_report_row *row = &r->rows[i];
		where(loc, sizeof(loc), &row->where);
		mcp_buf_putc(out, '|');
		put_cell(out, row->component);
		put_cell(out, row->version);
		put_cell(out, loc);
		put_cell(out, row->allowed);
		put_cell(out, status_name(row->status));
		put_cell(out, row->rule[0] ? row->rule : "-");
		put_cell(out, row->source[0] ? row->source : "-");
		mcp_buf_putc(out, '\n');
		counts[row->status]++;
	}
	mcp_buf_printf(out, "\n%zu conflict%s, %zu warning%s, %zu ok\n",
	               counts[0], counts[0] == 1 ? "" : "s", counts[1],
	               counts[1] == 1 ? "" : "s", counts[2]);
	put_specs(out, r);
}

static int render_json(mcp_buf *out, const mcp_report *r)
{
	json_t *root = json_object(), *rows = json_array(),
	       *sum = json_object();
	size_t i, counts[3] = {0, 0, 0};
	char *text;
	int rc = 0;

	for (i = 0; i < r->n; i++) {
		const mcp_report_row *row = &r->rows[i];
		json_t *o = json_object();
		json_object_set_new(o, "component",
		                    json_string(row->component));
		json_object_set_new(o, "version", json_string(row->version));
		json_object_set_new(o, "file", json_string(row->where.file));
		json_object_set_new(o, "line", json_integer(row->where.line));
		json_object_set_new(o, "column",
		                    json_integer(row->where.column));
		json_object_set_new(o, "allowed", json_string(row->allowed));
		json_object_set_new(o, "status",
		                    json_string(status_name(row->status)));
		json_object_set_new(o, "rule",
		                    row->rule[0] ? json_string(row->rule)
		                                 : json_null());
		json_object_set_new(o, "source",
		                    row->source[0] ? json_string(row->source)
		                                   : json_null());
		json_array_append_new(rows, o);
		counts[row->status]++;
	}
	json_object_set_new(root, "components", rows);
	json_object_set_new(sum, "conflicts",
	                    json_integer((json_int_t)counts[0]));
	json_object_set_new(sum, "warnings",
	                    json_integer((json_int_t)counts[1]));
	json_object_set_new(sum, "ok", json_integer((json_int_t)counts[2]));
	if (r->has_specs)
		json_object_set_new(sum, "specs", json_integer(r->specs));
	json_object_set_new(root, "summary", sum);
	text = json_dumps(root, JSON_INDENT(2));
	if (!text || mcp_buf_puts(out, text) < 0 || mcp_buf_putc(out, '\n') < 0)
		rc = MCP_ENOMEM;
	free(text);
	json_decref(root);
	return rc;
}

int mcp_report_render(mcp_buf *out, mcp_report *r, const char *format)
{
	if (r->n > 1)
		qsort(r->rows, r->n, sizeof(*r->rows), cmp_row);
	if (strcmp(format, "text") == 0)
		render_text(out, r);
	else if (strcmp(format, "markdown") == 0)
		render_markdown(out, r);
	else if (strcmp(format, "json") == 0)
		return render_json(out, r);
	else
		return MCP_ERROR;
	return out->oom ? MCP_ENOMEM : 0;
}
