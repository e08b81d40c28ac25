/*
 * checker.c: what `mcpc check` and `mcpc build` hold a spec to: the
 * schema (the dispatcher reads apiVersion and kind), the compatibility
 * matrix, the rules, each environment merged, then waivers; and how they
 * get ready (the project file, packs, matrix folders, the waivers file).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/policy/rules_int.h"
#include "check/schema/schema_memo.h"
#include "cli/cli.h"
#include "support/file.h"

#define DEFAULT_WAIVERS ".mcpc-waivers.yaml"

/* Pointers, as the overlay check collects them. */
typedef struct ptrs {
	char **p;
	size_t n, cap;
	int oom;
} ptrs;

static void ptrs_add(ptrs *c, const char *p, size_t len)
{
	char *dup;

	if (c->oom)
		return;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		char **np = realloc(c->p, cap * sizeof(*np));
		if (!np) {
			c->oom = 1;
			return;
		}
		c->p = np;
		c->cap = cap;
	}
	if (!(dup = malloc(len + 1))) {
		c->oom = 1;
		return;
	}
	memcpy(dup, p, len);
	dup[len] = '\0';
	c->p[c->n++] = dup;
}

static void ptrs_free(ptrs *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->p[i]);
	free(c->p);
	memset(c, 0, sizeof(*c));
}

/* What `mcpc build` would refuse in a ModelDeployment the schema
 * accepted (findings from mark on): MCP-BUILD-001, -004, -005, so a spec
 * that passes check builds. */
static int build_refusals(const cli_checker *k, const mcp_source *src,
                          size_t doc, size_t mark, const ptrs *changed,
                          mcp_diag *d)
{
	json_t *root = mcp_source_doc(src, doc);
	const char *kind = json_string_value(json_object_get(root, "kind"));
	size_t i;

	if (!kind || strcmp(kind, "ModelDeployment") != 0)
		return 0;
	for (i = mark; i < mcp_diag_count(d); i++) {
		const mcp_finding *f = mcp_diag_get(d, i);
		if (f->fatal || strncmp(f->rule, "MCP-SCHEMA-", 11) == 0 ||
		    strncmp(f->rule, "MCP-YAML-", 9) == 0)
			return 0; /* build stops before it emits */
	}
	return mcp_manifests_refusals_at(
	    src, doc, k->matrix, k->rules, d,
	    changed ? (const char *const *)changed->p : NULL,
	    changed ? changed->n : 0);
}

/* The pointer of every MCP-SCHEMA finding about src in d[from, to). */
static void schema_pointers(ptrs *c, const mcp_source *src, const mcp_diag *d,
                            size_t from, size_t to)
{
	const char *file = mcp_source_name(src);

	for (; from < to; from++) {
		const mcp_finding *f = mcp_diag_get(d, from);
		if (f->pointer && f->loc.file &&
		    strcmp(f->loc.file, file) == 0 &&
		    strncmp(f->rule, "MCP-SCHEMA-", 11) == 0)
			ptrs_add(c, f->pointer, strlen(f->pointer));
	}
}

/* The checks of one document: the schema (the dispatcher reads apiVersion
 * and kind), the compatibility matrix, the rules, and what the emitter
 * would refuse. With @p changed (an environment's merged document), the
 * rules run only where the document may differ from the base spec: at the
 * pointers of changed, to which the pointers of every schema finding of
 * both (d[first, ...)) are added, since the rules do not judge what the
 * schema rejected; the findings of the rules left out would equal the base
 * spec's, which the caller drops anyway. @p memo says what the schema
 * check does with l's schema memo: record the base spec's verdicts, or
 * answer from them for a merged document that shares its nodes. */
static int check_doc(const cli_checker *k, cli_local *l, const mcp_source *src,
                     size_t doc, size_t first, ptrs *changed,
                     mcp_memo_mode memo, mcp_diag *d)
{
	size_t mark = mcp_diag_count(d);
	int rc, remembered = 0;

	rc = mcp_schema_check_memo(k->schema, l ? l->schema_memo : NULL,
	                           k->overlay_full ? MCP_MEMO_OFF : memo, src,
	                           doc, d);
	if (rc >= 0)
		rc = mcp_compat_check_at(
		    k->matrix, l ? l->memo : NULL, src, doc, d,
		    changed ? (const char *const *)changed->p : NULL,
		    changed ? changed->n : 0);
	if (rc >= 0 && changed) {
		schema_pointers(changed, src, d, first, mcp_diag_count(d));
		rc = changed->oom ? MCP_ENOMEM
		                  : mcp_rules_check_remembering(
		                        k->rules, src, doc, mark,
		                        (const char *const *)changed->p,
		                        changed->n, d, &remembered);
	} else if (rc >= 0) {
		rc = mcp_rules_check_remembering(k->rules, src, doc, mark, NULL,
		                                 0, d, &remembered);
	}
	if (rc >= 0)
		rc = build_refusals(k, src, doc, mark, changed, d);
	/* every credential the spec holds is masked in every report, even
	 * with the secret rules off (check, build, lint alike): unless
	 * MCP-SEC-001 ran, which remembered them (reports mask them only
	 * when written); a merged document's are the base spec's but where
	 * it changed */
	if (rc >= 0 && !remembered)
		rc = changed
		         ? mcp_secrets_remember_at(
		               d, mcp_source_doc(src, doc),
		               (const char *const *)changed->p, changed->n)
		         : mcp_secrets_remember(d, mcp_source_doc(src, doc));
	return rc < 0 ? rc : 0;
}

int cli_check_one(const cli_checker *k, cli_local *l, const mcp_source *src,
                  size_t doc, size_t first, mcp_diag *d)
{
	return check_doc(k, l, src, doc, first, NULL, MCP_MEMO_OFF, d);
}

/* Where the overlay (patch, over base at pointer at) may make the merged
 * document differ: each node it sets, below the objects it patches. A node
 * set to the value it had still moves to the overlay's line, so it counts;
 * an object the overlay patches stays where it was and is not itself
 * changed. */
static void overlay_changes(ptrs *c, mcp_buf *at, json_t *base, json_t *patch)
{
	const char *key;
	json_t *v;
	size_t klen;

	json_object_keylen_foreach(patch, key, klen, v)
	{
		json_t *b = json_object_getn(base, key, klen);
		size_t len = at->len;
		if (json_is_null(v) && !b)
			continue; /* deletes nothing */
		if (mcp_buf_put_token(at, key, klen) < 0) {
			c->oom = 1;
			return;
		}
		if (json_is_object(v) && json_is_object(b))
			overlay_changes(c, at, b, v);
		else
			ptrs_add(c, at->ptr, at->len);
		mcp_buf_truncate(at, len);
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One environment: its merged document checked where it differs from the
 * base spec (everything when MCPC_OVERLAY_CHECK=full: docs/testing.md). */
static int check_environment(const cli_checker *k, cli_local *l,
                             const mcp_source *src, size_t doc, const char *env,
                             size_t first, mcp_diag *d)
{
	json_t *spec = json_object_get(mcp_source_doc(src, doc), "spec");
	mcp_source *o = NULL;
	size_t mark = mcp_diag_count(d);
	ptrs changed = {0};
	mcp_buf at;
	char prefix[128];
	int rc = mcp_source_overlay(&o, src, doc, env);

	if (rc == MCP_ENOTFOUND) /* not an object: the schema's */
		return 0;
	if (rc != 0)
		return rc;
	mcp_buf_init(&at);
	if (!k->overlay_full) {
		/* the environment's annotation, then what the overlay sets */
		ptrs_add(&changed, "/metadata/annotations", 21);
		if (mcp_buf_puts(&at, "/spec") < 0)
			changed.oom = 1;
		else
			overlay_changes(
			    &changed, &at, spec,
			    json_object_get(
			        json_object_get(spec, "environments"), env));
		/* the base spec's schema findings */
		schema_pointers(&changed, src, d, first, mark);
	}
	rc = changed.oom ? MCP_ENOMEM
	                 : check_doc(k, l, o, 0, mark,
	                             k->overlay_full ? NULL : &changed,
	                             MCP_MEMO_USE, d);
	snprintf(prefix, sizeof(prefix), "environment %s: ", env);
	if (rc == 0)
		rc = mcp_diag_merge_pass(d, first, mark, prefix);
	mcp_buf_free(&at);
	ptrs_free(&changed);
	mcp_source_free(o);
	return rc;
}

/* Each environment overlay of a spec, merged, as `mcpc build -e ENV` will
 * see it: what the merge adds is reported as "environment ENV: ...", at
 * the line that set the value; what the base spec already showed is not
 * repeated. */
static int check_environments(const cli_checker *k, cli_local *l,
                              const mcp_source *src, size_t doc, size_t first,
                              mcp_diag *d)
{
	json_t *root = mcp_source_doc(src, doc), *envs, *v;
	const char *kind = json_string_value(json_object_get(root, "kind"));
	const char **names;
	const char *key;
	size_t n = 0, i;
	int rc = 0;

	envs = json_object_get(json_object_get(root, "spec"), "environments");
	if (!kind || strcmp(kind, "ModelDeployment") != 0 ||
	    !json_object_size(envs))
		return 0;
	if (!(names = malloc(json_object_size(envs) * sizeof(*names))))
		return MCP_ENOMEM;
	json_object_foreach(envs, key, v)
	{
		names[n++] = key;
	}
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n && rc == 0; i++)
		rc = check_environment(k, l, src, doc, names[i], first, d);
	free(names);
	return rc;
}

/* The schema memo lives from the base spec's check to its last
 * environment's: the spec's nodes live and stay as they are that long. */
int cli_check_spec(const cli_checker *k, cli_local *l, const mcp_source *src,
                   size_t doc, mcp_diag *d)
{
	size_t first = mcp_diag_count(d);
	int rc;

	if (l)
		mcp_schema_memo_clear(l->schema_memo);
	rc = check_doc(k, l, src, doc, first, NULL, MCP_MEMO_RECORD, d);
	if (rc == 0)
		rc = check_environments(k, l, src, doc, first, d);
	if (l)
		mcp_schema_memo_clear(l->schema_memo);
	if (rc < 0)
		return rc;
	return mcp_waivers_apply(src, doc, d, first, &k->waiver, k->waivers,
	                         l ? l->hits : NULL);
}

/* Every document: its checks, then each environment's, then waivers. */
int cli_check_doc(void *ctx, const mcp_source *src, size_t doc, mcp_diag *d)
{
	cli_checker *k = ctx;
	return cli_check_spec(k, &k->local, src, doc, d);
}

int cli_local_init(cli_local *l, const cli_checker *k)
{
	size_t n = mcp_waivers_count(k->waivers);

	memset(l, 0, sizeof(*l));
	if (n && !(l->hits = calloc(n, sizeof(*l->hits))))
		return MCP_ENOMEM;
	if (mcp_schema_memo_new(&l->schema_memo) < 0)
		return MCP_ENOMEM;
	return mcp_manifest_memo_new(&l->memo);
}

void cli_local_free(cli_local *l)
{
	free(l->hits);
	mcp_schema_memo_free(l->schema_memo);
	mcp_manifest_memo_free(l->memo);
	memset(l, 0, sizeof(*l));
}

int cli_checker_prepare(cli_opts *o, mcp_diag *d, void **ctx)
{
	return cli_checker_prepare_with(o, NULL, d, ctx);
}

int cli_checker_prepare_with(cli_opts *o, mcp_schema *schema, mcp_diag *d,
                             void **ctx)
{
	cli_checker *k = calloc(1, sizeof(*k));
	const char *waivers, *mode = getenv("MCPC_OVERLAY_CHECK");
	char today[11];
	int rc = 0;

	*ctx = k;
	if (!k) {
		mcp_schema_free(schema);
		return MCP_ENOMEM;
	}
	mcp_waivers_today(today);
	k->overlay_full = mode && strcmp(mode, "full") == 0;
	if (!(k->schema = schema))
		rc = mcp_schema_builtin(&k->schema, NULL, d);
	if (rc == 0)
		rc = cli_load_rules(o, k->schema, &k->project, &k->rules, d);
	if (rc != 0)
		return rc;
	o->rules = k->rules;
	rc = cli_load_matrix(o, k->project, k->schema, &k->matrix, d);
	if (rc == 0 &&
	    mcp_waiver_policy_init(&k->waiver, today,
	                           mcp_project_waiver_max_days(k->project),
	                           k->rules) < 0)
		rc = MCP_EPARSE; /* not reached: the clock gives a date */
	waivers = o->waivers   ? o->waivers
	          : k->project ? mcp_project_waivers(k->project)
	          : mcp_file_exists(DEFAULT_WAIVERS) ? DEFAULT_WAIVERS
	                                             : NULL;
	k->waivers_path = waivers;
	if (rc == 0 && waivers)
		rc = mcp_waivers_load(&k->waivers, waivers, k->schema, &o->load,
		                      &k->waiver, d);
	if (rc == 0)
		rc = cli_local_init(&k->local, k);
	return rc;
}

int cli_checker_finish(void *ctx, mcp_diag *d)
{
	cli_checker *k = ctx;
	return mcp_waivers_finish(k->waivers, k->local.hits, d);
}

void cli_checker_release(void *ctx)
{
	cli_checker *k = ctx;

	if (!k)
		return;
	mcp_schema_free(k->schema);
	mcp_matrix_free(k->matrix);
	mcp_rules_free(k->rules);
	mcp_waivers_free(k->waivers);
	cli_local_free(&k->local);
	mcp_project_free(k->project);
	free(k);
}
