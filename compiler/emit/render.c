/*
 * render.c: the table of report formats. One renderer per file; this table
 * is the only place that lists them.
 */
#include <stdlib.h>
#include <string.h>

#include "emit/emit_int.h"

#include "mcpc/mcpc.h"

static const mcp_renderer *const renderers[] = {
    &mcp_render_text,  &mcp_render_json,   &mcp_render_sarif,
    &mcp_render_junit, &mcp_render_github, &mcp_render_markdown,
};

const mcp_renderer *mcp_renderer_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(renderers) / sizeof(renderers[0]); i++)
		if (strcmp(renderers[i]->name, name) == 0)
			return renderers[i];
	return NULL;
}

const char *mcp_renderer_names(void)
{
	return "text|json|sarif|junit|github|markdown";
}

json_t *em_string(const char *s)
{
	json_t *v;
	char *copy;
	size_t i, n;

	if (!s)
		return json_null();
	if ((v = json_string(s)) != NULL)
		return v;
	n = strlen(s);
	if (!(copy = malloc(n + 1)))
		return NULL;
	for (i = 0; i < n; i++)
		copy[i] = (unsigned char)s[i] < 0x80 ? s[i] : '?';
	copy[n] = '\0';
	v = json_string(copy);
	free(copy);
	return v;
}
