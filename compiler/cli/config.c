/*
 * config.c: the project file and what it configures (rule packs, matrix
 * folders), shared by check, build, lint, report, rules and explain.
 */
#include <stdlib.h>

#include "cli/cli.h"

int cli_load_project(cli_opts *o, const mcp_schema *schema,
                     mcp_project **project, mcp_diag *d)
{
	char *found = NULL;
	int rc = 0;

	*project = NULL;
	if (o->config)
		rc = mcp_project_load(project, o->config, schema, &o->load, d);
	else if ((rc = mcp_project_find(&found, NULL)) == 0)
		rc = mcp_project_load(project, found, schema, &o->load, d);
	else if (rc == 1)
		rc = 0;
	free(found);
	return rc;
}

/* The project's folders of @p key, then the command line's: a NULL-ended
 * array the caller frees (the strings stay theirs), or NULL. */
static const char **join_dirs(const mcp_project *project, const char *key,
                              const char *const *more, size_t nmore, size_t *n)
{
	const char *const *pdirs = NULL;
	const char **dirs;
	size_t np = project ? mcp_project_dirs(project, key, &pdirs) : 0, i;

	if (!(dirs = malloc((np + nmore + 1) * sizeof(*dirs))))
		return NULL;
	for (i = 0; i < np; i++)
		dirs[i] = pdirs[i];
	for (i = 0; i < nmore; i++)
		dirs[np + i] = more[i];
	dirs[np + nmore] = NULL;
	*n = np + nmore;
	return dirs;
}

int cli_load_rules(cli_opts *o, const mcp_schema *schema, mcp_project **project,
                   mcp_rules **rules, mcp_diag *d)
{
	const char **dirs;
	size_t n;
	int rc;

	*rules = NULL;
	if ((rc = cli_load_project(o, schema, project, d)) < 0)
		return rc;
	if (*project) {
		const char *f = json_string_value(
		    json_object_get(mcp_project_spec(*project), "failOn"));
		if (f && !o->fail_on_set)
			mcp_severity_parse(&o->fail_on, f);
	}
	if (!(dirs = join_dirs(*project, "packs", o->rules_dirs, o->nrules_dirs,
	                       &n)))
		return MCP_ENOMEM;
	rc = mcp_rules_load(rules, dirs, n, schema, &o->load, d);
	free(dirs);
	if (rc == 0)
		rc = mcp_rules_configure(*rules, *project, d);
	return rc;
}

int cli_load_matrix(cli_opts *o, const mcp_project *project,
                    const mcp_schema *schema, mcp_matrix **matrix, mcp_diag *d)
{
	const char **dirs;
	size_t n;
	int rc;

	*matrix = NULL;
	if (!(dirs = join_dirs(project, "matrix", o->matrix_dirs,
	                       o->nmatrix_dirs, &n)))
		return MCP_ENOMEM;
	rc = mcp_matrix_load(matrix, dirs, n, schema, &o->load, d);
	free(dirs);
	return rc;
}
