/*
 * project.c: the project file .mcpc.yaml (kind Project): where it is,
 * reading it against its schema, and its paths resolved against its own
 * directory.
 */
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mcpc/mcpc.h"
#include "mcpc/project.h"
#include "support/file.h"

#define RULE_PROJECT "MCP-PROJECT-001"
#define WAIVERS_FILE ".mcpc-waivers.yaml"

struct mcp_project {
	mcp_source *src;
	char *path, *dir;
	json_t *spec;
	char **packs, **matrix;
	size_t npacks, nmatrix;
	char *waivers;
};

static int exists(const char *dir, const char *name, char *buf, size_t n)
{
	if ((size_t)snprintf(buf, n, "%s%s%s", dir,
	                     dir[strlen(dir) - 1] == '/' ? "" : "/", name) >= n)
		return 0;
	return mcp_file_exists(buf);
}

int mcp_project_find(char **path, const char *dir)
{
	char cur[PATH_MAX], probe[PATH_MAX + 32];

	*path = NULL;
	if (dir) {
		if (strlen(dir) >= sizeof(cur))
			return 1;
		strcpy(cur, dir);
	} else if (!getcwd(cur, sizeof(cur))) {
		return 1;
	}
	for (;;) {
		char *slash;
		if (exists(cur, MCP_PROJECT_FILE, probe, sizeof(probe))) {
			*path = strdup(probe);
			return *path ? 0 : MCP_ENOMEM;
		}
		if (exists(cur, ".git", probe, sizeof(probe)))
			return 1;
		slash = strrchr(cur, '/');
		if (!slash || (slash == cur && !cur[1]))
			return 1;
		if (slash == cur)
			cur[1] = '\0';
		else
			*slash = '\0';
	}
}

/* path resolved against the project's directory (malloc'd), or NULL. */
static char *resolve(const mcp_project *p, const char *path)
{
	size_t n;
	char *out;

	if (path[0] == '/' || strcmp(p->dir, ".") == 0)
		return strdup(path);
	n = strlen(p->dir) + strlen(path) + 2;
	out = malloc(n);
	if (out)
		snprintf(out, n, "%s/%s", p->dir, path);
	return out;
}

static int resolve_all(const mcp_project *p, json_t *list, char ***out,
                       size_t *n)
{
	size_t i;

	*n = 0;
	if (!json_array_size(list))
		return 0;
	*out = calloc(json_array_size(list), sizeof(**out));
	if (!*out)
		return MCP_ENOMEM;
	for (i = 0; i < json_array_size(list); i++) {
		const char *s = json_string_value(json_array_get(list, i));
		if (!s)
			continue;
		if (!((*out)[(*n)++] = resolve(p, s)))
			return MCP_ENOMEM;
	}
	return 0;
}

static int invalid(mcp_diag *d, const char *file, const char *why)
{
	mcp_loc loc = {file, 1, 1};
	mcp_finding *f =
	    mcp_diag_add(d, RULE_PROJECT, MCP_SEV_ERROR, &loc, NULL,
	                 "a project file holds one document of kind Project "
	                 "(schema/project.schema.json)",
	                 "the project file is invalid: %s", why);
	if (!f)
		return MCP_ENOMEM;
	f->fatal = 1;
	return MCP_EPARSE;
}

int mcp_project_load(mcp_project **out, const char *path,
                     const mcp_schema *schema, const mcp_load_opts *opts,
                     mcp_diag *d)
{
	mcp_project *p = calloc(1, sizeof(*p));
	json_t *doc, *rules;
	const char *kind, *slash;
	char probe[PATH_MAX + 32];
	int rc;

	*out = NULL;
	if (!p)
		return MCP_ENOMEM;
	rc = mcp_source_load_file(&p->src, path, opts, d);
	if (rc < 0)
		goto fail;
	doc = mcp_source_doc(p->src, 0);
	kind = json_string_value(json_object_get(doc, "kind"));
	if (mcp_source_doc_count(p->src) != 1 || !kind ||
	    strcmp(kind, "Project") != 0) {
		rc = invalid(d, mcp_source_name(p->src),
		             "it is not one document of kind Project");
		goto fail;
	}
	rc = mcp_schema_check(schema, p->src, 0, d);
	if (rc > 0)
		rc = invalid(d, mcp_source_name(p->src),
		             "see its other findings; no setting was used");
	if (rc < 0)
		goto fail;
	p->spec = json_object_get(doc, "spec"); /* the schema requires it */
	p->path = strdup(path);
	slash = strrchr(path, '/');
	p->dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path))
	               : strdup(".");
	rc = !p->path || !p->dir ? MCP_ENOMEM : 0;
	rules = json_object_get(p->spec, "rules");
	if (rc == 0)
		rc = resolve_all(p, json_object_get(rules, "packs"), &p->packs,
		                 &p->npacks);
	if (rc == 0)
		rc = resolve_all(p, json_object_get(p->spec, "matrix"),
		                 &p->matrix, &p->nmatrix);
	if (rc == 0 && json_is_string(json_object_get(p->spec, "waivers"))) {
		p->waivers = resolve(
		    p, json_string_value(json_object_get(p->spec, "waivers")));
		rc = p->waivers ? 0 : MCP_ENOMEM;
	} else if (rc == 0 &&
	           exists(p->dir, WAIVERS_FILE, probe, sizeof(probe))) {
		p->waivers = strdup(probe);
		rc = p->waivers ? 0 : MCP_ENOMEM;
	}
	if (rc < 0)
		goto fail;
	*out = p;
	return 0;
fail:
	mcp_project_free(p);
	return rc;
}

static void free_list(char **v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void mcp_project_free(mcp_project *p)
{
	if (!p)
		return;
	free_list(p->packs, p->npacks);
	free_list(p->matrix, p->nmatrix);
	free(p->waivers);
	free(p->path);
	free(p->dir);
	mcp_source_free(p->src);
	free(p);
}

const char *mcp_project_path(const mcp_project *p)
{
	return p->path;
}

json_t *mcp_project_spec(const mcp_project *p)
{
	return p->spec;
}

size_t mcp_project_dirs(const mcp_project *p, const char *which,
                        const char *const **out)
{
	if (strcmp(which, "packs") == 0) {
		*out = (const char *const *)p->packs;
		return p->npacks;
	}
	*out = (const char *const *)p->matrix;
	return p->nmatrix;
}

const char *mcp_project_waivers(const mcp_project *p)
{
	return p->waivers;
}

int mcp_project_waiver_max_days(const mcp_project *p)
{
	/* the schema holds it to 1..3650; 30.0 is an integer to JSON Schema,
	 * a real to jansson, so read it as a number */
	return p ? (int)json_number_value(
	               json_object_get(p->spec, "waiverMaxDays"))
	         : 0;
}

void mcp_project_place(const mcp_project *p, const char *pointer, mcp_loc *loc)
{
	loc->file = mcp_source_name(p->src);
	loc->line = loc->column = 1;
	mcp_srcmap_nearest(mcp_source_srcmap(p->src), 0, pointer, loc);
}
