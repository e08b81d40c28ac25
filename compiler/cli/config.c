/*
 * config.c: the project file and the rules it configures, shared by
 * check, rules and explain.
 */
#include <stdlib.h>

#include "cli/cli.h"

int cli_load_rules(cli_opts *o, const mcp_schema *schema, mcp_project **project,
                   mcp_rules **rules, mcp_diag *d)
{
	const char *const *pdirs = NULL;
	const char **dirs;
	char *found = NULL;
	size_t n = 0, i;
	int rc = 0;

	*project = NULL;
	*rules = NULL;
	if (o->config)
		rc = mcp_project_load(project, o->config, schema, &o->load, d);
	else if ((rc = mcp_project_find(&found, NULL)) == 0)
		rc = mcp_project_load(project, found, schema, &o->load, d);
	else if (rc == 1)
		rc = 0;
	free(found);
	if (rc < 0)
		return rc;
	if (*project) {
		const char *f = json_string_value(
		    json_object_get(mcp_project_spec(*project), "failOn"));
		if (f && !o->fail_on_set)
			mcp_severity_parse(&o->fail_on, f);
		n = mcp_project_dirs(*project, "packs", &pdirs);
	}
	dirs = malloc((n + o->nrules_dirs + 1) * sizeof(*dirs));
	if (!dirs)
		return MCP_ENOMEM;
	for (i = 0; i < n; i++)
		dirs[i] = pdirs[i];
	for (i = 0; i < o->nrules_dirs; i++)
		dirs[n + i] = o->rules_dirs[i];
	rc = mcp_rules_load(rules, dirs, n + o->nrules_dirs, schema, &o->load,
	                    d);
	free(dirs);
	if (rc == 0)
		rc = mcp_rules_configure(*rules, *project, d);
	return rc;
}
