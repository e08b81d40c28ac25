/*
 * cmd_validate.c: `mcpc validate --schema SCHEMA FILE...`: plain JSON
 * Schema validation of YAML or JSON files, every document of a stream.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: mcpc validate --schema SCHEMA [options] FILE|DIR|- ...\n"
    "\n"
    "Validate YAML or JSON files (every document of a stream) against a\n"
    "JSON Schema (draft 2020-12, draft-07 or draft-04, as the schema's\n"
    "\"$schema\" says). References resolve to local files only.\n"
    "\n"
    "options:\n"
    "  --schema FILE             the schema (YAML or JSON)\n"
    "  --draft 2020-12|7|4       dialect of a schema without \"$schema\"\n"
    "                            (default 2020-12)\n"
    "  --ref-map PREFIX=DIR      resolve URIs starting with PREFIX to files\n"
    "                            under DIR (repeatable)\n"
    "  --strict-formats          \"format\" asserts (date-time, email, ...)\n"
    "  --format text|json        how to print findings (default text)\n"
    "  --color auto|always|never, -q, -v, --max-depth N, --max-size N\n"
    "                            as for 'mcpc check'\n"
    "\n"
    "exit status: 0 valid, 1 invalid, 2 a broken schema, unreadable input\n"
    "or bad usage\n";

static int validate_doc(void *ctx, const mcp_source *src, size_t doc,
                        mcp_diag *d)
{
	int rc = mcp_schema_check(ctx, src, doc, d);
	return rc < 0 ? rc : 0;
}

/* The schema's base URI: file:// and its absolute path, so that relative
 * references reach the files beside it. */
static char *schema_uri(const char *path)
{
	char abs[PATH_MAX];
	mcp_buf b;

	mcp_buf_init(&b);
	if (strcmp(path, "-") != 0 && realpath(path, abs))
		mcp_buf_printf(&b, "file://%s", abs);
	return mcp_buf_detach(&b);
}

/* Load and compile --schema; on failure the findings say why. */
static mcp_schema *load_schema(const cli_opts *o, mcp_diag *d)
{
	mcp_source *src = NULL;
	mcp_schema *s = NULL;
	char *uri;
	int rc = mcp_source_load_file(&src, o->schema, &o->load, d);

	if (rc == 0 && mcp_source_doc_count(src) != 1) {
		mcp_loc loc = {mcp_source_name(src), 1, 1};
		mcp_finding *f = mcp_diag_add(
		    d, "MCP-SCHEMA-000", MCP_SEV_ERROR, &loc, NULL, NULL,
		    "a schema file holds exactly one document, this one %zu",
		    mcp_source_doc_count(src));
		if (f)
			f->fatal = 1;
		rc = MCP_EPARSE;
	}
	uri = rc == 0 ? schema_uri(o->schema) : NULL;
	if (rc == 0 && uri)
		mcp_schema_compile(&s, mcp_source_doc(src, 0), uri,
		                   &o->schema_opts, d);
	free(uri);
	mcp_source_free(src);
	return s;
}

int cmd_validate(int argc, char **argv)
{
	cli_opts o;
	mcp_diag *d = NULL;
	mcp_schema *s;
	int status, oom = 0;

	if ((status = cli_parse(&o, argc, argv, CLI_SCHEMA)) != 0) {
		cli_opts_free(&o);
		return status;
	}
	if (o.help) {
		fputs(usage, stdout);
		cli_opts_free(&o);
		return EXIT_CLEAN;
	}
	if (!o.schema || o.nargs == 0) {
		cli_error("validate: %s (see 'mcpc validate --help')",
		          o.schema ? "no files given" : "--schema is required");
		cli_opts_free(&o);
		return EXIT_TROUBLE;
	}
	if (mcp_diag_new(&d) < 0) {
		cli_error("out of memory");
		cli_opts_free(&o);
		return EXIT_TROUBLE;
	}
	s = load_schema(&o, d);
	if (s)
		oom = cli_each_document(&o, d, validate_doc, s) < 0;
	else if (!mcp_diag_count_fatal(d))
		oom = 1; /* compile failed without saying why: memory */
	status = cli_finish(&o, d);
	if (oom) {
		cli_error("validate: out of memory; the report is incomplete");
		status = EXIT_TROUBLE;
	}
	mcp_schema_free(s);
	mcp_diag_free(d);
	cli_opts_free(&o);
	return status;
}
