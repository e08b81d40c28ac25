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
    "  --format FORMAT           text (default), json, sarif, junit, github\n"
    "                            or markdown\n"
    "  --output FILE             write the report of the --format before it\n"
    "                            to FILE (repeat both for several reports)\n"
    "  --fail-on error|warning|info\n"
    "                            the lowest severity that fails (default\n"
    "                            error)\n"
    "  --color auto|always|never, -q, -v, --max-depth N, --max-size N,\n"
    "  --max-scalar N, --max-alias-nodes N\n"
    "                            as for 'mcpc check'\n"
    "\n"
    "exit status: 0 valid, 1 invalid, 2 a broken schema, unreadable input\n"
    "or bad usage\n";

static int validate_doc(void *ctx, const mcp_source *src, size_t doc,
                        mcp_diag *d)
{
	int rc = mcp_secrets_remember(d, mcp_source_doc(src, doc));

	if (rc >= 0) /* what the report repeats is masked */
		rc = mcp_schema_check(ctx, src, doc, d);
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

static const char *usage_error(const cli_opts *o)
{
	return o->schema ? NULL : "--schema is required";
}

/* Load and compile --schema; on failure the findings say why. */
static int prepare(cli_opts *o, mcp_diag *d, void **ctx)
{
	mcp_source *src = NULL;
	mcp_schema *s = NULL;
	char *uri = NULL;
	int rc;

	*ctx = NULL;
	rc = mcp_source_load_file(&src, o->schema, &o->load, d);
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
	if (rc == 0 && !(uri = schema_uri(o->schema)))
		rc = MCP_ENOMEM;
	if (rc == 0)
		rc = mcp_schema_compile(&s, mcp_source_doc(src, 0), uri,
		                        &o->schema_opts, d);
	free(uri);
	mcp_source_free(src);
	*ctx = s;
	return rc;
}

static void release(void *ctx)
{
	mcp_schema_free(ctx);
}

int cmd_validate(int argc, char **argv)
{
	static const cli_command cmd = {"validate",  usage,   CLI_SCHEMA,
	                                usage_error, prepare, validate_doc,
	                                release,     NULL};

	return cli_run(&cmd, argc, argv);
}
