/*
 * cmd_matrix.c: `mcpc matrix`: the compatibility matrix a check would use
 * (the bundled rows, the project file's matrix folders, --matrix folders),
 * as Markdown tables with every row's source, or as one CompatibilityMatrix
 * document that mcpc reads back. `make docs` writes docs/compat-matrix.md
 * with it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: mcpc matrix [options]\n"
    "\n"
    "Print the compatibility matrix a check would use: the bundled rows,\n"
    "then the project file's matrix folders, then --matrix folders (a row\n"
    "with the key of an earlier one replaces it). Markdown prints one table\n"
    "per kind of fact, every row with its source; JSON prints one\n"
    "CompatibilityMatrix document, a matrix file mcpc reads back.\n"
    "\n"
    "options:\n"
    "  --format markdown|json  the output (default markdown; text is the\n"
    "                          same)\n"
    "  --matrix DIR            more compatibility-matrix files\n"
    "  --config FILE           the project file (default: .mcpc.yaml here\n"
    "                          or in a parent directory)\n"
    "\n"
    "exit status: 0, or 2 when a matrix file is unreadable or invalid or\n"
    "on bad usage\n";

/* One cell: text as it is (pipes escaped, lines joined), lists joined
 * with ", ", anything else as compact JSON. */
static void put_cell(mcp_buf *b, const json_t *v)
{
	const char *s;
	size_t i, n;

	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			if (i)
				mcp_buf_puts(b, ", ");
			put_cell(b, json_array_get(v, i));
		}
		return;
	}
	if (!json_is_string(v)) {
		char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
		                               JSON_PRESERVE_ORDER);
		if (text)
			mcp_buf_puts(b, text);
		free(text);
		return;
	}
	s = json_string_value(v);
	n = json_string_length(v);
	for (i = 0; i < n; i++) {
		if (s[i] == '|')
			mcp_buf_puts(b, "\\|");
		else if (s[i] == '\n' || s[i] == '\r')
			mcp_buf_putc(b, ' ');
		else
			mcp_buf_putc(b, s[i]);
	}
}

/* The columns of a table: every key in order of first use, the source
 * and confidence last. */
static json_t *columns(const json_t *rows)
{
	json_t *cols = json_array(), *row, *v;
	static const char *const last[] = {"confidence", "source"};
	const char *k;
	size_t i, j;

	for (i = 0; cols && i < json_array_size(rows); i++) {
		row = json_array_get(rows, i);
		json_object_foreach((json_t *)row, k, v)
		{
			int seen =
			    strcmp(k, last[0]) == 0 || strcmp(k, last[1]) == 0;
			(void)v;
			for (j = 0; !seen && j < json_array_size(cols); j++)
				seen = strcmp(json_string_value(
				                  json_array_get(cols, j)),
				              k) == 0;
			if (!seen)
				json_array_append_new(cols, json_string(k));
		}
	}
	for (i = 0; cols && i < 2; i++)
		for (j = 0; j < json_array_size(rows); j++)
			if (json_object_get(json_array_get(rows, j), last[i])) {
				json_array_append_new(cols,
				                      json_string(last[i]));
				break;
			}
	return cols;
}

static void put_table(mcp_buf *b, const char *name, const json_t *rows)
{
	json_t *cols = columns(rows);
	size_t i, j, n = json_array_size(cols);

	mcp_buf_printf(b, "\n## %s\n\n|", name);
	for (j = 0; j < n; j++)
		mcp_buf_printf(b, " %s |",
		               json_string_value(json_array_get(cols, j)));
	mcp_buf_puts(b, "\n|");
	for (j = 0; j < n; j++)
		mcp_buf_puts(b, " --- |");
	mcp_buf_putc(b, '\n');
	for (i = 0; i < json_array_size(rows); i++) {
		const json_t *row = json_array_get(rows, i);
		mcp_buf_putc(b, '|');
		for (j = 0; j < n; j++) {
			const json_t *v = json_object_get(
			    row, json_string_value(json_array_get(cols, j)));
			mcp_buf_putc(b, ' ');
			if (v)
				put_cell(b, v);
			mcp_buf_puts(b, " |");
		}
		mcp_buf_putc(b, '\n');
	}
	json_decref(cols);
}

/* A table that is one object: a row per field. */
static void put_object(mcp_buf *b, const char *name, const json_t *obj)
{
	const char *k;
	json_t *v;

	mcp_buf_printf(b, "\n## %s\n\n| field | value |\n| --- | --- |\n",
	               name);
	json_object_foreach((json_t *)obj, k, v)
	{
		mcp_buf_printf(b, "| %s | ", k);
		put_cell(b, v);
		mcp_buf_puts(b, " |\n");
	}
}

static int print_markdown(const json_t *spec)
{
	mcp_buf b;
	const char *k;
	json_t *v;
	size_t rows = 0;

	mcp_buf_init(&b);
	json_object_foreach((json_t *)spec, k, v) rows +=
	    json_is_array(v) ? json_array_size(v) : 1;
	mcp_buf_printf(&b,
	               "# The compatibility matrix\n\n"
	               "Written by `mcpc matrix`: %zu tables, %zu rows. "
	               "docs/compat.md says what each table means and "
	               "how to add rows.\n",
	               json_object_size(spec), rows);
	json_object_foreach((json_t *)spec, k, v)
	{
		if (json_is_array(v))
			put_table(&b, k, v);
		else
			put_object(&b, k, v);
	}
	if (b.oom) {
		mcp_buf_free(&b);
		cli_error("matrix: out of memory");
		return EXIT_TROUBLE;
	}
	fwrite(b.ptr, 1, b.len, stdout);
	mcp_buf_free(&b);
	return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_TROUBLE;
}

static int print_json(const json_t *spec)
{
	json_t *doc = json_pack("{s:s, s:s, s:{s:s}, s:O}", "apiVersion",
	                        "ai102.mcp/v1", "kind", "CompatibilityMatrix",
	                        "metadata", "name", "effective", "spec", spec);
	char *text =
	    doc ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;

	json_decref(doc);
	if (!text) {
		cli_error("matrix: out of memory");
		return EXIT_TROUBLE;
	}
	puts(text);
	free(text);
	return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_TROUBLE;
}

int cmd_matrix(int argc, char **argv)
{
	cli_opts o;
	mcp_diag *d = NULL;
	mcp_schema *schema = NULL;
	mcp_project *project = NULL;
	mcp_matrix *matrix = NULL;
	int status, rc;

	if ((status = cli_parse(&o, argc, argv,
	                        CLI_MATRIX | CLI_REPORT | CLI_CONFIG)) != 0) {
		cli_opts_free(&o);
		return status;
	}
	if ((status = cli_no_operands(&o, "matrix", usage)) >= 0)
		return status;
	if (mcp_diag_new(&d) < 0) {
		cli_opts_free(&o);
		return EXIT_TROUBLE;
	}
	rc = mcp_schema_builtin(&schema, NULL, d);
	if (rc == 0)
		rc = cli_load_project(&o, schema, &project, d);
	if (rc == 0)
		rc = cli_load_matrix(&o, project, schema, &matrix, d);
	if (rc != 0) {
		/* what is wrong with the files, on standard error */
		cli_findings_to_stderr(&o, d);
		status = EXIT_TROUBLE;
	} else if (strcmp(o.format, "json") == 0) {
		status = print_json(mcp_matrix_spec(matrix));
	} else {
		status = print_markdown(mcp_matrix_spec(matrix));
	}
	mcp_matrix_free(matrix);
	mcp_project_free(project);
	mcp_schema_free(schema);
	mcp_diag_free(d);
	cli_opts_free(&o);
	return status;
}
