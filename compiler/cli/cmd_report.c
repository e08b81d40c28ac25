/*
 * cmd_report.c: `mcpc report SPEC...`: the conflict report alone, one row
 * per component the compatibility matrix checked. Other findings (a broken
 * spec) go to standard error; the report goes to standard output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: mcpc report [options] SPEC|DIR|- ...\n"
    "\n"
    "Print the conflict report: one row per component the compatibility\n"
    "matrix checked (the Triton release, the node pools' drivers, Helm and\n"
    "Kubernetes, gRPC, the services' libraries), with the version found,\n"
    "where, what is allowed, the verdict, the rule and the source;\n"
    "conflicts first.\n"
    "\n"
    "options:\n"
    "  --format text|json|markdown  the report's format (default text)\n"
    "  --matrix DIR                 more compatibility-matrix files (after\n"
    "                               the project file's matrix folders)\n"
    "  --config FILE                the project file (default: .mcpc.yaml\n"
    "                               here or in a parent directory)\n"
    "  --color, -q, -v, --max-*     as for 'mcpc check' (for the findings)\n"
    "\n"
    "With --format markdown, the report begins with the standard's form:\n"
    "per service and manifest, every dependency it declares, with its\n"
    "readable name, version, compatible range and status (compliant,\n"
    "conflict, not in the matrix, not checked).\n"
    "\n"
    "exit status: 0 no conflict, 1 conflicts or a dependency manifest not\n"
    "read, 2 unreadable or malformed input or bad usage\n";

typedef struct reporter {
	mcp_schema *schema;
	mcp_matrix *matrix;
	mcp_project *project;
	mcp_report rows;
} reporter;

static int report_doc(void *ctx, const mcp_source *src, size_t doc, mcp_diag *d)
{
	reporter *r = ctx;
	int rc = mcp_secrets_remember(d, mcp_source_doc(src, doc));

	if (rc >= 0) /* what the report repeats is masked */
		rc = mcp_schema_check(r->schema, src, doc, d);
	if (rc < 0)
		return rc;
	return mcp_compat_report(r->matrix, src, doc, d, &r->rows);
}

int cmd_report(int argc, char **argv)
{
	reporter r;
	cli_opts o;
	mcp_diag *d = NULL;
	mcp_buf out;
	size_t i;
	int status, rc = 0, conflicts = 0;

	memset(&r, 0, sizeof(r));
	if ((status = cli_parse(&o, argc, argv,
	                        CLI_MATRIX | CLI_REPORT | CLI_CONFIG)) != 0) {
		cli_opts_free(&o);
		return status;
	}
	if (o.help || o.nargs == 0) {
		if (o.help)
			fputs(usage, stdout);
		else
			cli_error("report: no files given (see 'mcpc report "
			          "--help')");
		cli_opts_free(&o);
		return o.help ? EXIT_CLEAN : EXIT_TROUBLE;
	}
	if (mcp_diag_new(&d) < 0) {
		cli_opts_free(&o);
		return EXIT_TROUBLE;
	}
	rc = mcp_schema_builtin(&r.schema, NULL, d);
	if (rc == 0)
		rc = cli_load_project(&o, r.schema, &r.project, d);
	if (rc == 0)
		rc = cli_load_matrix(&o, r.project, r.schema, &r.matrix, d);
	if (rc == 0)
		rc = cli_each_document(&o, d, report_doc, &r, &r.rows.specs);
	r.rows.has_specs = 1; /* the report says how many specs it read */
	/* findings (other than the report's own) go to standard error,
	 * sorted and redacted there */
	mcp_buf_init(&out);
	for (i = 0; i < mcp_diag_count(d); i++)
		if (strncmp(mcp_diag_get(d, i)->rule, "MCP-COMPAT-", 11) != 0 ||
		    mcp_diag_get(d, i)->fatal)
			break;
	if (i < mcp_diag_count(d) || mcp_diag_count_fatal(d))
		cli_findings_to_stderr(&o, d);
	if (rc == MCP_ENOMEM ||
	    mcp_report_render(&out, &r.rows, o.format) < 0) {
		cli_error("report: out of memory");
		status = EXIT_TROUBLE;
	} else if (mcp_diag_count_fatal(d)) {
		status = EXIT_TROUBLE;
	} else {
		fwrite(out.ptr, 1, out.len, stdout);
		for (i = 0; i < r.rows.n; i++)
			conflicts += r.rows.rows[i].status == MCP_ROW_CONFLICT;
		/* a manifest not read is no evidence of compliance */
		for (i = 0; i < r.rows.ndeps; i++)
			conflicts += !r.rows.deps[i].manifest;
		status = conflicts ? EXIT_FINDINGS : EXIT_CLEAN;
		if (fflush(stdout) != 0)
			status = EXIT_TROUBLE;
	}
	mcp_buf_free(&out);
	mcp_report_free(&r.rows);
	mcp_schema_free(r.schema);
	mcp_matrix_free(r.matrix);
	mcp_project_free(r.project);
	mcp_diag_free(d);
	cli_opts_free(&o);
	return status;
}
