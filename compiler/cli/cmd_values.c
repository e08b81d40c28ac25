/*
 * cmd_values.c: `mcpc values FILE...`: a team's own Helm values files
 * (the -f prod-values.yaml beside `helm install`) checked as Helm will
 * read them: merged, in order, over the chart's values.yaml (Helm's
 * coalescing: maps merge key by key, anything else replaces, null
 * deletes), then held to the chart's values.schema.json. Each finding
 * stands at the line of the file that set the value last, or of the
 * chart's values.yaml for a default. Values the schema accepts then meet
 * the spec's rules that read what values hold, on the values read as the
 * spec they stand for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/embedded.h"
#include "cli/cli.h"
#include "support/hmap.h"

#define CHART_VALUES  "charts/mcp-ai102/values.yaml"
#define VALUES_SCHEMA "schema/values.schema.json"

static const char usage[] =
    "usage: mcpc values [options] FILE|DIR|- ...\n"
    "\n"
    "Check Helm values files for the MCP AI-102 chart as 'helm install\n"
    "-f FILE ...' reads them: merged in the order given (a folder's files\n"
    "in byte order of their paths) over the chart's own values.yaml, maps\n"
    "key by key, anything else replaced, null deleting the key; then the\n"
    "merged values against the chart's values.schema.json, which Helm\n"
    "applies too, and, when they pass, the spec's rules that read what\n"
    "values hold (replicas, requests and limits, image tags, keepalive,\n"
    "timeouts, gateway, metrics, network policy, the disruption budget).\n"
    "A finding stands at the line of the file that set the value last (a\n"
    "default: the chart's values.yaml).\n"
    "\n"
    "options:\n"
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
    "exit status: 0 the values pass, 1 findings at or above --fail-on, 2\n"
    "unreadable input or bad usage\n";

/* Where a node was written: its value, and the key that names it (line
 * 0 for list items and the document). */
typedef struct written {
	mcp_loc value, key;
} written;

typedef struct values_ctx {
	mcp_schema *schema;
	mcp_schema *specs; /* the dispatcher, for the rule packs */
	mcp_rules *rules;
	json_t *merged;
	mcp_hmap where; /* JSON Pointer -> where its last writer wrote it */
	mcp_loc first;  /* the first file given: the merged root's place */
	int oom;
} values_ctx;

/* Remember where every node of @p v (at @p ptr, a pointer being built)
 * was written: the later file wins, as it does in the merge. */
static void record(values_ctx *c, mcp_diag *d, const mcp_source *src,
                   size_t doc, json_t *v, mcp_buf *ptr)
{
	size_t mark = ptr->len;
	written *loc = malloc(sizeof(*loc));
	const char *file = mcp_diag_intern(d, mcp_source_name(src));
	void *old = NULL;
	const char *k;
	json_t *m;
	size_t i;

	if (!loc || ptr->oom) {
		free(loc);
		c->oom = 1;
		return;
	}
	loc->value.file = loc->key.file = mcp_source_name(src);
	loc->value.line = loc->value.column = 1;
	loc->key.line = loc->key.column = 0;
	if (mcp_srcmap_lookup(mcp_source_srcmap(src), doc,
	                      ptr->ptr ? ptr->ptr : "", &loc->value,
	                      &loc->key) < 0)
		mcp_srcmap_nearest(mcp_source_srcmap(src), doc,
		                   ptr->ptr ? ptr->ptr : "", &loc->value);
	loc->value.file = loc->key.file = file;
	if (!file || mcp_hmap_put(&c->where, ptr->ptr ? ptr->ptr : "", ptr->len,
	                          loc, &old) < 0) {
		free(loc);
		c->oom = 1;
		return;
	}
	free(old);
	if (json_is_object(v)) {
		json_object_foreach(v, k, m)
		{
			mcp_buf_put_token(ptr, k, strlen(k));
			record(c, d, src, doc, m, ptr);
			ptr->len = mark;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, m)
		{
			mcp_buf_printf(ptr, "/%zu", i);
			record(c, d, src, doc, m, ptr);
			ptr->len = mark;
		}
	}
}

/* Helm's coalescing of @p src into @p dst: maps merge key by key, a null
 * deletes the key, anything else replaces. */
static int coalesce(json_t *dst, json_t *src)
{
	const char *k;
	json_t *v, *have;

	json_object_foreach(src, k, v)
	{
		have = json_object_get(dst, k);
		if (json_is_null(v)) {
			json_object_del(dst, k);
		} else if (json_is_object(v) && json_is_object(have)) {
			if (coalesce(have, v) < 0)
				return -1;
		} else if (json_object_set_new(dst, k, json_deep_copy(v)) < 0) {
			return -1;
		}
	}
	return 0;
}

/* One values document (or the chart's defaults): recorded, merged. */
static int take(values_ctx *c, const mcp_source *src, size_t doc, mcp_diag *d)
{
	json_t *v = mcp_source_doc(src, doc);
	mcp_buf ptr;
	mcp_loc loc = {mcp_source_name(src), 1, 1};

	if (!v || json_is_null(v))
		return 0; /* an empty file sets nothing, as for Helm */
	if (!json_is_object(v)) {
		mcp_finding *f;
		mcp_srcmap_nearest(mcp_source_srcmap(src), doc, "", &loc);
		f = mcp_diag_add(d, "MCP-SCHEMA-000", MCP_SEV_ERROR, &loc, "",
		                 "a values file is a mapping of parameters",
		                 "a values file holds a mapping, this one a "
		                 "%s",
		                 json_is_array(v) ? "list" : "scalar");
		if (!f)
			return MCP_ENOMEM;
		f->fatal = 1;
		return 0;
	}
	mcp_buf_init(&ptr);
	record(c, d, src, doc, v, &ptr);
	mcp_buf_free(&ptr);
	if (c->oom || coalesce(c->merged, v) < 0)
		return MCP_ENOMEM;
	return 0;
}

static int each(void *ctx, const mcp_source *src, size_t doc, mcp_diag *d)
{
	values_ctx *c = ctx;
	int rc = mcp_secrets_remember(d, mcp_source_doc(src, doc));

	if (rc < 0)
		return rc;
	if (!c->first.file) {
		c->first.file = mcp_diag_intern(d, mcp_source_name(src));
		c->first.line = c->first.column = 1;
	}
	return take(c, src, doc, d);
}

static int prepare(cli_opts *o, mcp_diag *d, void **out)
{
	const mcp_embedded *sch = mcp_embedded_find(VALUES_SCHEMA);
	const mcp_embedded *dflt = mcp_embedded_find(CHART_VALUES);
	values_ctx *c = calloc(1, sizeof(*c));
	mcp_source *src = NULL;
	json_t *schema = NULL;
	int rc;

	*out = c;
	if (!c || !(c->merged = json_object()))
		return MCP_ENOMEM;
	mcp_hmap_init(&c->where);
	if (!sch || !dflt) {
		cli_error("values: this mcpc was built without the chart");
		return MCP_EPARSE;
	}
	schema = json_loadb((const char *)sch->data, sch->len, 0, NULL);
	if (!schema)
		return MCP_ENOMEM;
	rc = mcp_schema_compile(&c->schema, schema, NULL, &o->schema_opts, d);
	json_decref(schema);
	if (rc == 0)
		rc = mcp_schema_builtin(&c->specs, &o->schema_opts, d);
	if (rc == 0)
		rc = mcp_rules_load(&c->rules, NULL, 0, c->specs, NULL, d);
	if (rc == 0)
		rc = mcp_source_load_buffer(&src, CHART_VALUES,
		                            (const char *)dflt->data, dflt->len,
		                            NULL, d);
	if (rc == 0)
		rc = take(c, src, 0, d);
	mcp_source_free(src);
	return rc;
}

/* The place of the node at @p ptr: its last writer's (the key that names
 * it when @p at_key and there is one), or its nearest written
 * ancestor's. */
static mcp_loc place(const values_ctx *c, const char *ptr, int at_key)
{
	size_t n = strlen(ptr);
	written *at;

	for (;;) {
		if ((at = mcp_hmap_get(&c->where, ptr, n)) != NULL)
			return at_key && at->key.line ? at->key : at->value;
		while (n && ptr[n - 1] != '/')
			n--;
		if (!n)
			break;
		n--;
	}
	return c->first;
}

/* The spec's rules that read what the values hold too: a finding of one
 * of these on the values translated into a spec stands where the values
 * set what it read (values_map.c). */
static const char *const value_rules[] = {
    "MCP-AVL-001",  "MCP-AVL-002",  "MCP-AVL-003",  "MCP-AVL-004",
    "MCP-RES-001",  "MCP-RES-002",  "MCP-RES-003",  "MCP-RES-004",
    "MCP-IMG-001",  "MCP-IMG-002",  "MCP-GRPC-002", "MCP-GRPC-003",
    "MCP-GRPC-004", "MCP-GRPC-005", "MCP-TMO-001",  "MCP-TMO-002",
    "MCP-TMO-003",  "MCP-GW-001",   "MCP-GW-003",   "MCP-GW-004",
    "MCP-OBS-001",  "MCP-NET-001",  "MCP-PORT-001", "MCP-NAME-001",
};

static int value_rule(const char *id)
{
	size_t i;

	for (i = 0; i < sizeof(value_rules) / sizeof(value_rules[0]); i++)
		if (strcmp(value_rules[i], id) == 0)
			return 1;
	return 0;
}

/* "repository:tag" (or @digest) of a values image. */
static json_t *image_ref(json_t *img)
{
	const char *repo =
	    json_string_value(json_object_get(img, "repository"));
	const char *tag = json_string_value(json_object_get(img, "tag"));
	const char *dig = json_string_value(json_object_get(img, "digest"));
	mcp_buf b;
	json_t *out;

	if (!repo)
		return NULL;
	mcp_buf_init(&b);
	mcp_buf_puts(&b, repo);
	if (tag && *tag)
		mcp_buf_printf(&b, ":%s", tag);
	if (dig && *dig)
		mcp_buf_printf(&b, "@%s", dig);
	out = b.oom ? NULL : json_string(b.ptr);
	mcp_buf_free(&b);
	return out;
}

/* Copy member @p from of @p v, when it is there, to @p to of @p o. */
static void copy(json_t *o, const char *to, json_t *v, const char *from)
{
	json_t *x = json_object_get(v, from);

	if (x)
		json_object_set_new(o, to, json_deep_copy(x));
}

/* The merged values as the spec they stand for, as far as the rules of
 * value_rules read it. */
static json_t *as_spec(json_t *v)
{
	json_t *doc = json_pack("{s:s, s:s, s:{}, s:{s:{}}}", "apiVersion",
	                        "ai102.mcp/v1", "kind", "ModelDeployment",
	                        "metadata", "spec", "inference");
	json_t *meta, *spec, *inf, *ro, *svcs, *s, *x;
	const char *env = json_string_value(json_object_get(v, "environment"));
	size_t i;

	if (!doc)
		return NULL;
	meta = json_object_get(doc, "metadata");
	spec = json_object_get(doc, "spec");
	inf = json_object_get(spec, "inference");
	copy(meta, "name", v, "nameOverride");
	if (env && strcmp(env, "default") != 0)
		json_object_set_new(
		    meta, "annotations",
		    json_pack("{s:s}", "mcpc.io/environment", env));
	copy(inf, "replicas", v, "replicaCount");
	if ((x = image_ref(json_object_get(v, "image"))) != NULL)
		json_object_set_new(inf, "image", x);
	copy(inf, "resources", v, "resources");
	copy(inf, "grpc", v, "grpc");
	copy(inf, "timeouts", v, "timeouts");
	if ((x = json_object_get(json_object_get(v, "service"), "ports")))
		json_object_set_new(inf, "ports", json_deep_copy(x));
	copy(spec, "gateway", v, "gateway");
	if ((x = json_object_get(v, "metrics")))
		json_object_set_new(spec, "observability",
		                    json_pack("{s:O}", "metrics", x));
	if ((x = json_object_get(v, "networkPolicy")))
		json_object_set_new(spec, "security",
		                    json_pack("{s:O}", "networkPolicy", x));
	if ((x = json_object_get(v, "rollout")) && json_is_object(x)) {
		ro = json_deep_copy(x);
		/* an autoscaler the values turn off is no autoscaler */
		if (json_is_false(json_object_get(
		        json_object_get(ro, "autoscaling"), "enabled")))
			json_object_del(ro, "autoscaling");
		json_object_del(json_object_get(ro, "autoscaling"), "enabled");
		json_object_set_new(spec, "rollout", ro);
	}
	svcs = json_object_get(v, "services");
	if (json_is_array(svcs)) {
		json_t *out = json_array();
		json_array_foreach(svcs, i, x)
		{
			s = json_object();
			copy(s, "name", x, "name");
			copy(s, "replicas", x, "replicaCount");
			copy(s, "resources", x, "resources");
			copy(s, "port", x, "port");
			if (json_is_object(json_object_get(x, "image")))
				json_object_set_new(
				    s, "image",
				    image_ref(json_object_get(x, "image")));
			json_array_append_new(out, s);
		}
		json_object_set_new(spec, "services", out);
	}
	return doc;
}

/* The rules that translate, on the values as a spec; their findings in
 * @p d, at the places the values were set. */
static int value_rule_findings(values_ctx *c, mcp_diag *d)
{
	json_t *doc = as_spec(c->merged);
	char *text = doc ? json_dumps(doc, JSON_SORT_KEYS) : NULL;
	mcp_source *src = NULL;
	mcp_diag *scratch = NULL;
	size_t i;
	int rc = 0;

	json_decref(doc);
	if (!text || mcp_diag_new(&scratch) < 0)
		rc = MCP_ENOMEM;
	if (rc == 0)
		rc = mcp_source_load_buffer(&src, "values.spec.json", text,
		                            strlen(text), NULL, scratch);
	if (rc == 0)
		rc = mcp_rules_check(c->rules, src, 0, 0, scratch);
	for (i = 0; rc == 0 && i < mcp_diag_count(scratch); i++) {
		const mcp_finding *f = mcp_diag_get(scratch, i);
		char *vp, *msg, *hint;
		mcp_loc loc;
		mcp_finding *g;
		if (!value_rule(f->rule))
			continue;
		vp = cli_values_pointer(f->pointer ? f->pointer : "");
		loc = place(c, vp ? vp : "", 0);
		msg = cli_values_text(f->message);
		hint = f->hint ? cli_values_text(f->hint) : NULL;
		g = msg && (hint || !f->hint)
		        ? mcp_diag_add(d, f->rule, f->severity, &loc, vp, hint,
		                       "%s", msg)
		        : NULL;
		free(vp);
		free(msg);
		free(hint);
		if (!g)
			rc = MCP_ENOMEM;
	}
	free(text);
	mcp_source_free(src);
	mcp_diag_free(scratch);
	return rc;
}

/* The merged values against the schema, each finding moved to the file
 * that set the value. */
static int finish(void *ctx, mcp_diag *d)
{
	values_ctx *c = ctx;
	mcp_source *merged = NULL;
	mcp_diag *scratch = NULL;
	char *text = json_dumps(c->merged, JSON_SORT_KEYS);
	size_t i;
	int rc = 0;

	if (!c->first.file) { /* no file to check; the loader said why */
		free(text);
		return 0;
	}
	if (!text || mcp_diag_new(&scratch) < 0)
		rc = MCP_ENOMEM;
	if (rc == 0)
		rc = mcp_source_load_buffer(&merged, "values.json", text,
		                            strlen(text), NULL, scratch);
	if (rc == 0 && mcp_schema_check(c->schema, merged, 0, scratch) < 0)
		rc = MCP_ENOMEM;
	for (i = 0; rc == 0 && i < mcp_diag_count(scratch); i++) {
		const mcp_finding *f = mcp_diag_get(scratch, i);
		const char *p = f->pointer ? f->pointer : "";
		mcp_loc v, k = {NULL, 0, 0}, loc;
		/* the schema places some findings at the key (an unknown
		 * property, a missing one): so does the file's */
		int at_key = mcp_srcmap_lookup(mcp_source_srcmap(merged), 0, p,
		                               &v, &k) == 0 &&
		             k.line && f->loc.line == k.line &&
		             f->loc.column == k.column;
		loc = place(c, p, at_key);
		mcp_finding *g =
		    mcp_diag_add(d, f->rule, f->severity, &loc, f->pointer,
		                 f->hint, "%s", f->message);
		if (!g)
			rc = MCP_ENOMEM;
		else
			g->fatal = f->fatal;
	}
	/* the rules judge values the schema accepts */
	if (rc == 0 && mcp_diag_count(scratch) == 0)
		rc = value_rule_findings(c, d);
	free(text);
	mcp_source_free(merged);
	mcp_diag_free(scratch);
	return rc == MCP_ENOMEM ? rc : 0;
}

static void release(void *ctx)
{
	values_ctx *c = ctx;

	if (!c)
		return;
	mcp_hmap_free(&c->where, free);
	json_decref(c->merged);
	mcp_rules_free(c->rules);
	mcp_schema_free(c->specs);
	mcp_schema_free(c->schema);
	free(c);
}

int cmd_values(int argc, char **argv)
{
	static const cli_command cmd = {"values", usage, 0,       NULL,
	                                prepare,  each,  release, finish};

	return cli_run(&cmd, argc, argv);
}
