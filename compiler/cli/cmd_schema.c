/*
 * cmd_schema.c: `mcpc schema [KIND]`: print a schema mcpc ships, for
 * editors (yaml-language-server) and for other validators.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: mcpc schema [KIND | --list | --doc KIND]\n"
    "\n"
    "Print the JSON Schema of a spec kind (e.g. ModelDeployment). Without\n"
    "KIND: one self-contained schema for every kind (the dispatcher with\n"
    "each kind's schema embedded under $defs), for an editor modeline:\n"
    "  mcpc schema > mcp.schema.json\n"
    "  # yaml-language-server: $schema=./mcp.schema.json\n"
    "--doc KIND prints the kind's fields as a Markdown reference (type,\n"
    "default, constraints, description, example): docs/spec.md.\n";

/* The dispatcher with every kind's schema inside it, so that a tool that
 * cannot fetch "$id" URIs still finds them (embedded resources). */
static int print_bundle(void)
{
	json_error_t err;
	size_t len, i;
	const char *text = mcp_schema_text(NULL, &len), *kind;
	json_t *root = text ? json_loadb(text, len, 0, &err) : NULL, *defs;
	char *out;
	int rc = EXIT_TROUBLE;

	if (!root) {
		cli_error("schema: the built-in schemas do not load");
		return EXIT_TROUBLE;
	}
	defs = json_object_get(root, "$defs");
	if (!defs) {
		defs = json_object();
		json_object_set_new(root, "$defs", defs);
	}
	for (i = 0; (kind = mcp_schema_kind(i)) != NULL; i++) {
		const char *t = mcp_schema_text(kind, &len);
		json_t *s = t ? json_loadb(t, len, 0, &err) : NULL;
		if (!s)
			goto done;
		json_object_set_new(defs, kind, s);
	}
	out = json_dumps(root, JSON_INDENT(2));
	if (out) {
		puts(out);
		free(out);
		rc = fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_TROUBLE;
	}
done:
	json_decref(root);
	return rc;
}

int cmd_schema(int argc, char **argv)
{
	const char *text, *kind;
	size_t len, i, best_d = (size_t)-1;
	const char *best = NULL;
	int a;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--help") == 0 ||
		    strcmp(argv[a], "-h") == 0) {
			fputs(usage, stdout);
			return EXIT_CLEAN;
		}
		if (strcmp(argv[a], "--version") == 0)
			return cli_version();
	}
	if (argc == 3 && strcmp(argv[1], "--doc") == 0) {
		mcp_buf out;
		int rc;
		mcp_buf_init(&out);
		rc = cli_schema_doc(argv[2], &out);
		if (rc == 0)
			fwrite(out.ptr, 1, out.len, stdout);
		else
			cli_error(
			    "schema: %s",
			    rc == MCP_ENOTFOUND
			        ? "unknown kind (see 'mcpc schema --list')"
			        : "out of memory");
		mcp_buf_free(&out);
		return rc                    ? EXIT_TROUBLE
		       : fflush(stdout) == 0 ? EXIT_CLEAN
		                             : EXIT_TROUBLE;
	}
	if (argc > 2) {
		cli_error(
		    "schema: one KIND at most (see 'mcpc schema --help')");
		return EXIT_TROUBLE;
	}
	if (argc == 1)
		return print_bundle();
	if (strcmp(argv[1], "--list") == 0) {
		for (i = 0; (kind = mcp_schema_kind(i)) != NULL; i++)
			puts(kind);
		return EXIT_CLEAN;
	}
	if (argv[1][0] == '-') {
		cli_error(
		    "schema: unknown option '%s' (see 'mcpc schema --help')",
		    argv[1]);
		return EXIT_TROUBLE;
	}
	text = mcp_schema_text(argv[1], &len);
	if (text) {
		fwrite(text, 1, len, stdout);
		return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_TROUBLE;
	}
	for (i = 0; (kind = mcp_schema_kind(i)) != NULL; i++) {
		size_t d = mcp_edit_distance(argv[1], strlen(argv[1]), kind,
		                             strlen(kind));
		if (d < best_d) {
			best_d = d;
			best = kind;
		}
	}
	if (best && best_d <= 3)
		cli_error("schema: unknown kind '%s' (did you mean '%s'?)",
		          argv[1], best);
	else
		cli_error(
		    "schema: unknown kind '%s' (see 'mcpc schema --list')",
		    argv[1]);
	return EXIT_TROUBLE;
}
