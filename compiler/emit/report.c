/*
 * report.c: the conflict report: one row per component the matrix checked
 * (what was found, where, what is allowed, the verdict, the rule and the
 * source), conflicts first, as a text table, JSON or Markdown; and every
 * dependency the manifests declare, in the standard's form (component,
 * version, compatible range, status): a table per manifest in Markdown,
 * a "dependencies" array in JSON, a count line in text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/emit_int.h"
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
	for (i = 0; i < r->ndeps; i++) {
		free(r->deps[i].title);
		free(r->deps[i].name);
		free(r->deps[i].ecosystem);
		free(r->deps[i].version);
		free(r->deps[i].allowed);
		free(r->deps[i].service);
		free(r->deps[i].note);
		free(r->deps[i].drift);
		free(r->deps[i].spec);
	}
	free(r->deps);
	memset(r, 0, sizeof(*r));
}

static const char *status_name(mcp_row_status s)
{
	return s == MCP_ROW_CONFLICT  ? "conflict"
	       : s == MCP_ROW_WARNING ? "warning"
	                              : "ok";
}

static const char *verdict_name(mcp_dep_verdict v)
{
	return v == MCP_VERDICT_COMPLIANT  ? "compliant"
	       : v == MCP_VERDICT_CONFLICT ? "conflict"
	       : v == MCP_VERDICT_UNLISTED ? "not in the matrix"
	                                   : "not checked";
}

/* What the report says of the dependencies: how many a manifest declares
 * directly, by verdict, and how many indirect ones it holds. */
typedef struct dep_counts {
	size_t direct, indirect, listed, by[4], unread;
} dep_counts;

/* Listed in the standard's table: direct ones, and indirect ones a matrix
 * row covers (they are checked). */
static int dep_listed(const mcp_report_dep *e)
{
	return e->direct || e->verdict != MCP_VERDICT_UNLISTED;
}

static dep_counts count_deps(const mcp_report *r)
{
	dep_counts n;
	size_t i;

	memset(&n, 0, sizeof(n));
	for (i = 0; i < r->ndeps; i++) {
		const mcp_report_dep *e = &r->deps[i];
		if (!e->manifest) {
			n.unread++;
			continue;
		}
		if (e->direct)
			n.direct++;
		else
			n.indirect++;
		if (dep_listed(e)) {
			n.listed++;
			n.by[e->verdict]++;
		}
	}
	return n;
}

static const char *plural(size_t n)
{
	return n == 1 ? "y" : "ies";
}

/* "dependencies: 4 direct (...), 1 indirect", after the counts. */
static void put_dep_counts(mcp_buf *out, const mcp_report *r)
{
	dep_counts n = count_deps(r);

	if (!r->ndeps)
		return;
	mcp_buf_printf(out,
	               "dependencies: %zu direct, %zu indirect; %zu listed: "
	               "%zu compliant, %zu conflict%s, %zu not in the matrix, "
	               "%zu not checked",
	               n.direct, n.indirect, n.listed,
	               n.by[MCP_VERDICT_COMPLIANT], n.by[MCP_VERDICT_CONFLICT],
	               n.by[MCP_VERDICT_CONFLICT] == 1 ? "" : "s",
	               n.by[MCP_VERDICT_UNLISTED], n.by[MCP_VERDICT_UNCHECKED]);
	if (n.unread)
		mcp_buf_printf(out, "; %zu manifest%s not read", n.unread,
		               n.unread == 1 ? "" : "s");
	mcp_buf_putc(out, '\n');
}

/* The manifest an entry belongs to (its path when it was not read). */
static const char *dep_manifest(const mcp_report_dep *e)
{
	return e->manifest ? e->manifest : e->name;
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
	put_dep_counts(out, r);
	put_specs(out, r);
}

/* Text in a Markdown cell or heading: '|' escaped, a line break a
 * space; a byte that is not UTF-8 or a control character (a file name, a
 * manifest can hold any) is '?'. In backquotes (@p code), a backquote is
 * a space: it would end the code span. */
static void put_md(mcp_buf *out, const char *s, int code)
{
	size_t k;

	if (code)
		mcp_buf_putc(out, '`');
	for (; *s; s += k) {
		k = 1;
		if (*s == '|')
			mcp_buf_puts(out, "\\|");
		else if (*s == '\n' || *s == '\r' || (code && *s == '`'))
			mcp_buf_putc(out, ' ');
		else if ((k = em_text_char(s, strnlen(s, 4))) > 0)
			mcp_buf_put(out, s, k);
		else {
			mcp_buf_putc(out, '?');
			k = 1;
		}
	}
	if (code)
		mcp_buf_putc(out, '`');
}

static void put_text(mcp_buf *out, const char *s)
{
	put_md(out, s, 0);
}

static void put_code(mcp_buf *out, const char *s)
{
	put_md(out, s, 1);
}

/* A Markdown table cell of the detailed table. */
static void put_cell(mcp_buf *out, const char *s)
{
	mcp_buf_puts(out, " ");
	put_text(out, s);
	mcp_buf_puts(out, " |");
}

/*
 * The standard's form: per service and manifest, a table of component,
 * version, compatible range and status. Indirect dependencies are counted
 * under their manifest's table; those a matrix row covers are listed too.
 */
/* Whether two entries belong to one table: one spec's service's
 * manifest (read or not). */
static int same_group(const mcp_report_dep *a, const mcp_report_dep *b)
{
	return !a->manifest == !b->manifest &&
	       strcmp(dep_manifest(a), dep_manifest(b)) == 0 &&
	       strcmp(a->service, b->service) == 0 &&
	       strcmp(a->spec, b->spec) == 0;
}

static void render_standard(mcp_buf *out, const mcp_report *r)
{
	size_t i, j, k, indirect, listed;
	int several = 0; /* specs: each heading names its own */

	for (k = 1; k < r->ndeps && !several; k++)
		several = strcmp(r->deps[k].spec, r->deps[0].spec) != 0;

	mcp_buf_puts(out, "## Dependency version compatibility\n");
	if (!r->ndeps) {
		mcp_buf_puts(out, "\nNo dependency was read: no service names "
		                  "a manifest (`services[].dependencies`).\n");
	}
	for (i = 0; i < r->ndeps; i = j) {
		const mcp_report_dep *first = &r->deps[i];
		/* one manifest of one service: consecutive entries */
		for (j = i; j < r->ndeps && same_group(&r->deps[j], first); j++)
			;
		mcp_buf_puts(out, "\n### ");
		put_text(out, first->service);
		mcp_buf_puts(out, ": ");
		put_code(out, dep_manifest(first));
		if (several) {
			mcp_buf_puts(out, " (spec ");
			put_code(out, first->spec);
			mcp_buf_puts(out, ")");
		}
		if (!first->manifest) {
			/* fail closed: a manifest not read is no evidence */
			mcp_buf_printf(out, "\n\nNot read: %s (named at ",
			               first->note);
			put_text(out,
			         first->where.file ? first->where.file : "-");
			mcp_buf_printf(out,
			               ":%u:%u); none of its dependencies is "
			               "listed or checked.\n",
			               first->where.line, first->where.column);
			continue;
		}
		for (k = i, listed = 0; k < j; k++)
			listed += dep_listed(&r->deps[k]);
		if (listed)
			mcp_buf_puts(out,
			             "\n\n| component | version | "
			             "compatible range | status |\n| --- | "
			             "--- | --- | --- |\n");
		else
			mcp_buf_puts(out, "\n\nNo direct dependency.\n");
		indirect = 0;
		for (; i < j; i++) {
			const mcp_report_dep *e = &r->deps[i];
			indirect += !e->direct;
			if (!dep_listed(e))
				continue;
			mcp_buf_puts(out, "| ");
			if (*e->title) {
				put_text(out, e->title);
				mcp_buf_puts(out, " (");
				put_code(out, e->name);
				mcp_buf_puts(out, ")");
			} else
				put_code(out, e->name);
			if (!e->direct)
				mcp_buf_puts(out, " (indirect)");
			mcp_buf_puts(out, " | ");
			put_text(out, *e->version ? e->version : "(any)");
			mcp_buf_puts(out, " | ");
			put_text(out, *e->allowed ? e->allowed : "-");
			mcp_buf_puts(out, " | ");
			put_text(out, verdict_name(e->verdict));
			if (*e->note) {
				mcp_buf_puts(out, ": ");
				put_text(out, e->note);
			}
			if (*e->drift) {
				mcp_buf_puts(out, "; another version: ");
				put_text(out, e->drift);
			}
			mcp_buf_puts(out, " |\n");
		}
		if (indirect)
			mcp_buf_printf(
			    out,
			    "\n%zu indirect dependenc%s (%s): counted, listed "
			    "only where the matrix covers %s (`--format json` "
			    "lists every one).\n",
			    indirect, plural(indirect),
			    strcmp(first->ecosystem, "go") == 0
			        ? "`// indirect`"
			        : "transitive lock entries",
			    indirect == 1 ? "it" : "them");
	}
	if (r->ndeps) {
		mcp_buf_putc(out, '\n');
		put_dep_counts(out, r);
	}
}

static void render_markdown(mcp_buf *out, const mcp_report *r)
{
	size_t i, counts[3] = {0, 0, 0};
	char loc[512];

	render_standard(out, r);
	mcp_buf_puts(out, "\n## Every check\n\n");
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
		json_object_set_new(o, "component", em_string(row->component));
		json_object_set_new(o, "version", em_string(row->version));
		json_object_set_new(o, "file", em_string(row->where.file));
		json_object_set_new(o, "line", json_integer(row->where.line));
		json_object_set_new(o, "column",
		                    json_integer(row->where.column));
		json_object_set_new(o, "allowed", em_string(row->allowed));
		json_object_set_new(o, "status",
		                    em_string(status_name(row->status)));
		json_object_set_new(o, "rule",
		                    row->rule[0] ? em_string(row->rule)
		                                 : json_null());
		json_object_set_new(o, "source",
		                    row->source[0] ? em_string(row->source)
		                                   : json_null());
		json_array_append_new(rows, o);
		counts[row->status]++;
	}
	json_object_set_new(root, "components", rows);
	if (r->ndeps || r->has_specs) {
		json_t *deps = json_array(), *dsum = json_object(),
		       *unread = json_array();
		dep_counts n = count_deps(r);
		for (i = 0; i < r->ndeps; i++) {
			const mcp_report_dep *e = &r->deps[i];
			json_t *o = json_object();
			if (!e->manifest) {
				json_object_set_new(o, "spec",
				                    em_string(e->spec));
				json_object_set_new(o, "service",
				                    em_string(e->service));
				json_object_set_new(o, "manifest",
				                    em_string(e->name));
				json_object_set_new(o, "reason",
				                    em_string(e->note));
				json_object_set_new(o, "file",
				                    em_string(e->where.file));
				json_object_set_new(
				    o, "line", json_integer(e->where.line));
				json_object_set_new(
				    o, "column", json_integer(e->where.column));
				json_array_append_new(unread, o);
				continue;
			}
			json_object_set_new(o, "component",
			                    *e->title ? em_string(e->title)
			                              : json_null());
			json_object_set_new(o, "name", em_string(e->name));
			json_object_set_new(o, "ecosystem",
			                    em_string(e->ecosystem));
			json_object_set_new(o, "version",
			                    em_string(e->version));
			json_object_set_new(o, "range",
			                    *e->allowed ? em_string(e->allowed)
			                                : json_null());
			json_object_set_new(
			    o, "status", em_string(verdict_name(e->verdict)));
			json_object_set_new(o, "note",
			                    *e->note ? em_string(e->note)
			                             : json_null());
			json_object_set_new(o, "drift",
			                    *e->drift ? em_string(e->drift)
			                              : json_null());
			json_object_set_new(o, "direct",
			                    json_boolean(e->direct));
			json_object_set_new(o, "spec", em_string(e->spec));
			json_object_set_new(o, "service",
			                    em_string(e->service));
			json_object_set_new(o, "manifest",
			                    em_string(e->manifest));
			json_object_set_new(o, "file",
			                    em_string(e->where.file));
			json_object_set_new(o, "line",
			                    json_integer(e->where.line));
			json_object_set_new(o, "column",
			                    json_integer(e->where.column));
			json_array_append_new(deps, o);
		}
		json_object_set_new(root, "dependencies", deps);
		if (json_array_size(unread))
			json_object_set_new(root, "manifestsNotRead", unread);
		else
			json_decref(unread);
		json_object_set_new(dsum, "direct",
		                    json_integer((json_int_t)n.direct));
		json_object_set_new(dsum, "indirect",
		                    json_integer((json_int_t)n.indirect));
		json_object_set_new(
		    dsum, "compliant",
		    json_integer((json_int_t)n.by[MCP_VERDICT_COMPLIANT]));
		json_object_set_new(
		    dsum, "conflicts",
		    json_integer((json_int_t)n.by[MCP_VERDICT_CONFLICT]));
		json_object_set_new(
		    dsum, "notInMatrix",
		    json_integer((json_int_t)n.by[MCP_VERDICT_UNLISTED]));
		json_object_set_new(
		    dsum, "notChecked",
		    json_integer((json_int_t)n.by[MCP_VERDICT_UNCHECKED]));
		if (n.unread)
			json_object_set_new(dsum, "manifestsNotRead",
			                    json_integer((json_int_t)n.unread));
		json_object_set_new(sum, "dependencies", dsum);
	}
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
