/*
 * builtin.c: the schemas mcpc ships (schema/, embedded at build time):
 * the dispatch schema that reads apiVersion and kind, and one schema per
 * kind. `mcpc check` validates every document against the dispatcher.
 */
#include <stdlib.h>
#include <string.h>

#include "check/embedded.h"
#include "mcpc/mcpc.h"

#define DISPATCH "schema/mcp.schema.json"

static const struct {
	const char *kind;
	const char *file;
} kinds[] = {
    {"ModelDeployment", "schema/mcp-spec.schema.json"},
    {"CompatibilityMatrix", "schema/compat.schema.json"},
    {"RulePack", "schema/rulepack.schema.json"},
    {"Waivers", "schema/waivers.schema.json"},
    {"Project", "schema/project.schema.json"},
    {"Permissions", "schema/permissions.schema.json"},
};

const mcp_embedded *mcp_embedded_find(const char *name)
{
	const mcp_embedded *e;

	for (e = mcp_embedded_files; e->name; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

int mcp_data_load(const char *prefix, const char *const *dirs, size_t ndirs,
                  const mcp_load_opts *opts, mcp_diag *diag,
                  int (*take)(void *ctx, const mcp_source *src, mcp_diag *d),
                  void *ctx)
{
	const mcp_embedded *e;
	size_t i, j, plen = strlen(prefix);
	int rc = 0;

	for (e = mcp_embedded_files; e->name && rc == 0; e++) {
		mcp_source *src = NULL;
		if (strncmp(e->name, prefix, plen) != 0)
			continue;
		/* the bundled data under the default limits: the user's
		 * (--max-size, --max-depth) are for what they give */
		rc = mcp_source_load_buffer(
		    &src, e->name, (const char *)e->data, e->len, NULL, diag);
		if (rc == 0)
			rc = take(ctx, src, diag);
		mcp_source_free(src);
	}
	for (i = 0; i < ndirs && rc == 0; i++) {
		char **paths;
		size_t n;
		if ((rc = mcp_paths_expand(&paths, &n, dirs[i], diag)) < 0)
			break;
		for (j = 0; j < n && rc == 0; j++) {
			mcp_source *src = NULL;
			rc = mcp_source_load_file(&src, paths[j], opts, diag);
			if (rc == 0)
				rc = take(ctx, src, diag);
			mcp_source_free(src);
		}
		mcp_paths_free(paths, n);
	}
	return rc;
}

const char *mcp_schema_text(const char *kind, size_t *len)
{
	const char *file = NULL;
	const mcp_embedded *e;
	size_t i;

	if (!kind)
		file = DISPATCH;
	for (i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			file = kinds[i].file;
	e = file ? mcp_embedded_find(file) : NULL;
	if (!e)
		return NULL;
	*len = e->len;
	return (const char *)e->data;
}

const char *mcp_schema_kind(size_t i)
{
	return i < sizeof(kinds) / sizeof(kinds[0]) ? kinds[i].kind : NULL;
}

/* Whether embedded file @p name is the schema of a kind the dispatcher
 * applies (the others, the Helm values' and the reports', describe what
 * mcpc writes: nothing it checks refers to them). */
static int kind_schema(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].file, name) == 0)
			return 1;
	return 0;
}

/*
 * The dispatcher compiled, with the schema of every kind preloaded. The
 * embedded schemas are parsed by jansson: no source map, no copy of the
 * text kept for quoting, both of which a schema mcpc ships never needs
 * (a broken one is a broken build, said at the dispatcher). A run pays
 * this at every start, so only what the dispatcher can reach is read.
 */
int mcp_schema_builtin(mcp_schema **out, const mcp_schema_opts *base,
                       mcp_diag *diag)
{
	json_t *docs[sizeof(kinds) / sizeof(kinds[0])], *dispatch = NULL;
	mcp_schema_opts opts;
	const mcp_embedded *e;
	size_t n = 0, i;
	int rc = 0;

	*out = NULL;
	for (e = mcp_embedded_files; e->name && rc == 0; e++) {
		int is_dispatch = strcmp(e->name, DISPATCH) == 0;
		json_error_t err;
		json_t *doc;
		if (!is_dispatch && !kind_schema(e->name))
			continue;
		doc = json_loadb((const char *)e->data, e->len,
		                 JSON_REJECT_DUPLICATES, &err);
		if (!doc && json_error_code(&err) == json_error_out_of_memory)
			rc = MCP_ENOMEM;
		else if (!doc ||
		         (!is_dispatch && n == sizeof(docs) / sizeof(docs[0])))
			rc = MCP_ERROR;
		else if (is_dispatch)
			dispatch = doc;
		else
			docs[n++] = doc;
		if (rc != 0)
			json_decref(doc);
	}
	if (rc == 0 && dispatch && n == sizeof(docs) / sizeof(docs[0])) {
		if (base)
			opts = *base;
		else
			mcp_schema_opts_init(&opts);
		opts.preload = docs;
		opts.npreload = n;
		rc = mcp_schema_compile(out, dispatch, NULL, &opts, diag);
	} else if (rc != MCP_ENOMEM) {
		mcp_loc loc = {DISPATCH, 0, 0};
		mcp_finding *f = mcp_diag_add(
		    diag, "MCP-SCHEMA-000", MCP_SEV_ERROR, &loc, NULL, NULL,
		    "the built-in schemas do not load (a broken build)");
		if (f)
			f->fatal = 1;
		rc = MCP_EPARSE;
	}
	json_decref(dispatch);
	for (i = 0; i < n; i++)
		json_decref(docs[i]);
	return rc;
}
