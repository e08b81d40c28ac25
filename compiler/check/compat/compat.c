/*
 * compat.c: the compatibility matrix: loading (bundled rows from
 * rules/compat/, embedded at build time, then --matrix folders whose rows
 * replace bundled rows with the same key), and the checks of a spec's
 * versions against it. Every finding cites the row's source; rows marked
 * "confidence: unconfirmed" only ever warn.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/embedded.h"
#include "check/schema/schema_int.h"
#include "mcpc/mcpc.h"
#include "support/num.h"
#include "support/pointer.h"

#define RULE_UNKNOWN_RELEASE "MCP-COMPAT-001"
#define RULE_DRIVER          "MCP-COMPAT-002"
#define RULE_IMAGE_TAG       "MCP-COMPAT-003"
#define RULE_HELM            "MCP-COMPAT-004"
#define RULE_K8S_WINDOW      "MCP-COMPAT-006"
#define RULE_KUBELET_SKEW    "MCP-COMPAT-007"
#define RULE_KUBECTL_SKEW    "MCP-COMPAT-008"
#define RULE_GRPC_KEEPALIVE  "MCP-COMPAT-005"
#define RULE_MATRIX          "MCP-COMPAT-000"
#define RULE_LIBRARY         "MCP-COMPAT-010"
#define RULE_MIN_GO          "MCP-COMPAT-011"
#define RULE_PIN_CONFLICT    "MCP-COMPAT-012"
#define RULE_RANGE_WIDE      "MCP-COMPAT-013"
#define RULE_GPU_CC          "MCP-COMPAT-014"
#define RULE_GPU_UNKNOWN     "MCP-COMPAT-015"
#define RULE_DEPS_IO         "MCP-DEPS-002"

/* What kubernetesApis says of one kind: the rows folded in order, as
 * mcp_matrix_api_version reads them (strings borrowed from spec). */
typedef struct api_kind {
	const char *kind, *api, *since;
} api_kind;

struct mcp_matrix {
	json_t *spec;   /* the merged "spec" of every matrix file */
	api_kind *apis; /* one per kind kubernetesApis names */
	size_t napis;
};

/* Tables whose rows have a key: a later row with the same key wins. */
static const struct {
	const char *table, *key1, *key2;
} keyed[] = {
    {"triton", "release", NULL}, {"cuda", "cuda", NULL},
    {"helm", "helm", NULL},      {"kubernetesApis", "apiVersion", "kind"},
    {"skew", "component", NULL}, {"libraries", "ecosystem", "name"},
    {"gpus", "model", NULL},
};

static int same_key(json_t *a, json_t *b, const char *k1, const char *k2)
{
	return json_equal(json_object_get(a, k1), json_object_get(b, k1)) &&
	       (!k2 ||
	        json_equal(json_object_get(a, k2), json_object_get(b, k2)));
}

static int merge(mcp_matrix *m, json_t *spec)
{
	const char *name;
	json_t *value;

	json_object_foreach(spec, name, value)
	{
		json_t *have = json_object_get(m->spec, name);
		size_t t, i, j;
		for (t = 0; t < sizeof(keyed) / sizeof(keyed[0]); t++)
			if (strcmp(keyed[t].table, name) == 0)
				break;
		if (t == sizeof(keyed) / sizeof(keyed[0]) ||
		    !json_is_array(have) || !json_is_array(value)) {
			if (json_object_set(m->spec, name, value) < 0)
				return MCP_ENOMEM;
			continue;
		}
		for (i = 0; i < json_array_size(value); i++) {
			json_t *row = json_array_get(value, i);
			for (j = 0; j < json_array_size(have); j++)
				if (same_key(json_array_get(have, j), row,
				             keyed[t].key1, keyed[t].key2))
					break;
			if ((j < json_array_size(have)
			         ? json_array_set(have, j, row)
			         : json_array_append(have, row)) < 0)
				return MCP_ENOMEM;
		}
	}
	return 0;
}

static int fatal(mcp_diag *d, const mcp_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fatal(mcp_diag *d, const mcp_loc *loc, const char *fmt, ...)
{
	mcp_buf msg;
	mcp_finding *f;
	va_list ap;

	mcp_buf_init(&msg);
	va_start(ap, fmt);
	mcp_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	f = mcp_diag_add(d, RULE_MATRIX, MCP_SEV_ERROR, loc, NULL,
	                 "fix the matrix file, or take it out of the matrix "
	                 "folders (--matrix, the project's matrix)",
	                 "%s", msg.oom ? "out of memory" : msg.ptr);
	mcp_buf_free(&msg);
	if (!f)
		return MCP_ENOMEM;
	f->fatal = 1;
	return MCP_EPARSE;
}

/* Validate and merge every document of one matrix source. */
static int take_source(mcp_matrix *m, const mcp_source *src,
                       const mcp_schema *schema, mcp_diag *d)
{
	size_t i;

	for (i = 0; i < mcp_source_doc_count(src); i++) {
		json_t *doc = mcp_source_doc(src, i);
		const char *kind =
		    json_string_value(json_object_get(doc, "kind"));
		int rc;
		if (!kind || strcmp(kind, "CompatibilityMatrix") != 0) {
			mcp_loc loc = {mcp_source_name(src), 1, 1};
			mcp_srcmap_nearest(mcp_source_srcmap(src), i, "/kind",
			                   &loc);
			return fatal(d, &loc,
			             "a matrix file holds CompatibilityMatrix "
			             "documents, not '%s'",
			             kind ? kind : "(no kind)");
		}
		rc = mcp_schema_check(schema, src, i, d);
		if (rc < 0)
			return rc;
		if (rc > 0) {
			/* at the document: a file may hold several */
			mcp_loc loc = {mcp_source_name(src), 1, 1};
			mcp_srcmap_nearest(mcp_source_srcmap(src), i, "", &loc);
			return fatal(d, &loc,
			             "the compatibility matrix is invalid (see "
			             "its other "
			             "findings); no version was checked");
		}
		if ((rc = merge(m, json_object_get(doc, "spec"))) < 0)
			return rc;
	}
	return 0;
}

size_t mcp_compat_rule_ids(const char *const **out)
{
	static const char *const ids[] = {
	    RULE_DRIVER,         RULE_IMAGE_TAG,  RULE_HELM,
	    RULE_GRPC_KEEPALIVE, RULE_K8S_WINDOW, RULE_KUBELET_SKEW,
	    RULE_KUBECTL_SKEW,   RULE_LIBRARY,    RULE_MIN_GO,
	    RULE_PIN_CONFLICT,   RULE_RANGE_WIDE, RULE_GPU_CC,
	    RULE_GPU_UNKNOWN};

	*out = ids;
	return sizeof(ids) / sizeof(ids[0]);
}

const json_t *mcp_matrix_spec(const mcp_matrix *m)
{
	return m ? m->spec : NULL;
}

/* "1.29.4" -> 1 and 29; 0 when it is not MAJOR.MINOR[...] with strict
 * numbers (no sign, no space, below 100000). */
static int parse_minor(const char *v, long *major, long *minor)
{
	uint64_t a, b;
	size_t len, used, used2;

	if (!v)
		return 0;
	len = strlen(v);
	if (mcp_num_prefix(v, len, 99999, &a, &used) < 0 || v[used] != '.' ||
	    mcp_num_prefix(v + used + 1, len - used - 1, 99999, &b, &used2) < 0)
		return 0;
	v += used + 1 + used2;
	if (*v != '\0' && *v != '.' && *v != '-' && *v != '+')
		return 0;
	*major = (long)a;
	*minor = (long)b;
	return 1;
}

int mcp_matrix_api_version(const mcp_matrix *m, const char *kind,
                           const char *k8s, const char *dflt, const char **api,
                           const char **since)
{
	json_t *rows = json_object_get(m ? m->spec : NULL, "kubernetesApis");
	size_t i;
	int cmp = 0;

	*api = dflt;
	*since = NULL;
	if (m && m->apis) {
		for (i = 0; i < m->napis; i++)
			if (strcmp(m->apis[i].kind, kind) == 0) {
				*api = m->apis[i].api;
				*since = m->apis[i].since;
				break;
			}
	} else {
		for (i = 0; i < json_array_size(rows); i++) {
			json_t *r = json_array_get(rows, i);
			const char *k =
			    json_string_value(json_object_get(r, "kind"));
			const char *rep = json_string_value(
			    json_object_get(r, "replacement"));
			if (!k || !rep || strcmp(k, kind) != 0)
				continue;
			*api = rep;
			if (json_is_string(
			        json_object_get(r, "availableSince")))
				*since = json_string_value(
				    json_object_get(r, "availableSince"));
		}
	}
	if (!*since || !k8s)
		return 1;
	{
		/* releases: major.minor decides */
		long a1 = 0, a2 = 0, b1 = 0, b2 = 0;
		if (!parse_minor(k8s, &a1, &a2) ||
		    !parse_minor(*since, &b1, &b2))
			return 1;
		cmp = a1 != b1 ? (a1 < b1 ? -1 : 1) : a2 < b2 ? -1 : a2 > b2;
	}
	return cmp >= 0;
}

void mcp_matrix_free(mcp_matrix *m)
{
	if (!m)
		return;
	json_decref(m->spec);
	free(m->apis);
	free(m);
}

/* kubernetesApis folded per kind once, for mcp_matrix_api_version (asked
 * for every kind of every spec): a kind's last row gives the replacement,
 * its last row with availableSince the release. 0 or MCP_ENOMEM. */
static int index_apis(mcp_matrix *m)
{
	json_t *rows = json_object_get(m->spec, "kubernetesApis");
	size_t i, j, n = json_array_size(rows);

	if (!n)
		return 0;
	if (!(m->apis = calloc(n, sizeof(*m->apis))))
		return MCP_ENOMEM;
	for (i = 0; i < n; i++) {
		json_t *r = json_array_get(rows, i);
		const char *k = json_string_value(json_object_get(r, "kind"));
		const char *rep =
		    json_string_value(json_object_get(r, "replacement"));
		json_t *since = json_object_get(r, "availableSince");
		if (!k || !rep)
			continue;
		for (j = 0; j < m->napis && strcmp(m->apis[j].kind, k); j++)
			;
		if (j == m->napis)
			m->apis[m->napis++].kind = k;
		m->apis[j].api = rep;
		if (json_is_string(since))
			m->apis[j].since = json_string_value(since);
	}
	return 0;
}

typedef struct taker {
	mcp_matrix *m;
	const mcp_schema *schema;
} taker;

static int take(void *ctx, const mcp_source *src, mcp_diag *d)
{
	taker *t = ctx;
	return take_source(t->m, src, t->schema, d);
}

int mcp_matrix_load(mcp_matrix **out, const char *const *dirs, size_t ndirs,
                    const mcp_schema *schema, const mcp_load_opts *opts,
                    mcp_diag *diag)
{
	mcp_matrix *m = calloc(1, sizeof(*m));
	int rc = 0;

	*out = NULL;
	if (!m || !(m->spec = json_object())) {
		free(m);
		return MCP_ENOMEM;
	}
	{
		taker t = {m, schema};
		rc = mcp_data_load("rules/compat/", dirs, ndirs, opts, diag,
		                   take, &t);
	}
	if (rc >= 0)
		rc = index_apis(m);
	if (rc < 0) {
		mcp_matrix_free(m);
		return rc;
	}
	*out = m;
	return 0;
}

/* ---- the checks ---- */

typedef struct ctx {
	const mcp_matrix *m;
	const mcp_source *src;
	size_t doc;
	mcp_diag *d;
	mcp_report *rows; /* NULL: findings only */
	int oom;
	mcp_manifest_memo *memo; /* manifests read before, or NULL */
	size_t first_dep;        /* the report's first dependency of this
	                            document */
} ctx;

/* A row of the conflict report (when one is being made). */
static void add_row(ctx *c, const char *component, const char *version,
                    const char *allowed, const mcp_loc *where,
                    mcp_row_status status, const char *rule, const char *source)
{
	mcp_report *r = c->rows;
	mcp_report_row *row;

	if (!r)
		return;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		mcp_report_row *rows = realloc(r->rows, cap * sizeof(*rows));
		if (!rows) {
			c->oom = 1;
			return;
		}
		r->rows = rows;
		r->cap = cap;
	}
	row = &r->rows[r->n];
	row->component = strdup(component);
	row->version = strdup(version ? version : "");
	row->allowed = strdup(allowed ? allowed : "");
	row->rule = strdup(status == MCP_ROW_OK ? "" : rule);
	row->source = strdup(source ? source : "");
	row->where = *where;
	row->status = status;
	if (!row->component || !row->version || !row->allowed || !row->rule ||
	    !row->source) {
		free(row->component);
		free(row->version);
		free(row->allowed);
		free(row->rule);
		free(row->source);
		c->oom = 1;
		return;
	}
	r->n++;
}

static mcp_row_status status_of(int ok, mcp_severity sev)
{
	return ok                     ? MCP_ROW_OK
	       : sev == MCP_SEV_ERROR ? MCP_ROW_CONFLICT
	                              : MCP_ROW_WARNING;
}

/* The place of a node of the spec. */
static mcp_loc spec_loc(const ctx *c, const char *pointer)
{
	mcp_loc loc = {mcp_source_name(c->src), 1, 1};

	if (!c->rows)
		return loc; /* only a report's rows say where */
	if (mcp_srcmap_lookup(mcp_source_srcmap(c->src), c->doc, pointer, &loc,
	                      NULL) < 0)
		mcp_srcmap_nearest(mcp_source_srcmap(c->src), c->doc, pointer,
		                   &loc);
	return loc;
}

/* A string in the document at a pointer, or NULL. */
static const char *str_at(const ctx *c, const char *ptr)
{
	return json_string_value(
	    mcp_pointer_get(mcp_source_doc(c->src, c->doc), ptr));
}

static void report(ctx *c, const char *rule, mcp_severity sev,
                   const char *pointer, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void report(ctx *c, const char *rule, mcp_severity sev,
                   const char *pointer, const char *hint, const char *fmt, ...)
{
	mcp_loc loc = {mcp_source_name(c->src), 1, 1};
	mcp_buf msg;
	va_list ap;

	if (mcp_srcmap_lookup(mcp_source_srcmap(c->src), c->doc, pointer, &loc,
	                      NULL) < 0)
		mcp_srcmap_nearest(mcp_source_srcmap(c->src), c->doc, pointer,
		                   &loc);
	mcp_buf_init(&msg);
	va_start(ap, fmt);
	mcp_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (msg.oom ||
	    !mcp_diag_add(c->d, rule, sev, &loc, pointer, hint, "%s", msg.ptr))
		c->oom = 1;
	mcp_buf_free(&msg);
}

static mcp_severity row_severity(json_t *row, mcp_severity sev)
{
	const char *conf =
	    json_string_value(json_object_get(row, "confidence"));
	return conf && strcmp(conf, "unconfirmed") == 0 ? MCP_SEV_WARNING : sev;
}

static const char *row_source(json_t *row)
{
	const char *s = json_string_value(json_object_get(row, "source"));
	return s ? s : "the compatibility matrix";
}

static json_t *find_row(const ctx *c, const char *table, const char *key,
                        const char *value)
{
	json_t *rows = json_object_get(c->m->spec, table);
	size_t i;

	for (i = 0; value && i < json_array_size(rows); i++) {
		const char *k = json_string_value(
		    json_object_get(json_array_get(rows, i), key));
		if (k && strcmp(k, value) == 0)
			return json_array_get(rows, i);
	}
	return NULL;
}

static int dotted_cmp(const char *a, const char *b, int *cmp)
{
	mcp_buf err;
	int rc;

	mcp_buf_init(&err);
	rc = mcp_version_compare(cmp, MCP_SCHEME_DOTTED, a, b, &err);
	mcp_buf_free(&err);
	return rc;
}

/* Whether the numbers of @p prefix start @p version (535.86 -> 535.86.10). */
static int dotted_prefix(const char *prefix, const char *version)
{
	size_t n = strlen(prefix);

	return strncmp(prefix, version, n) == 0 &&
	       (version[n] == '\0' || version[n] == '.');
}

static void check_driver(ctx *c, json_t *row, const char *release, size_t pool)
{
	char ptr[96], comp[128];
	const char *driver, *name, *min;
	json_t *fc = json_object_get(row, "forwardCompatDrivers");
	mcp_severity sev = row_severity(row, MCP_SEV_ERROR);
	mcp_buf list, allowed;
	mcp_loc loc;
	size_t i;
	int cmp, ok = 0;

	snprintf(ptr, sizeof(ptr), "/spec/nodePools/%zu/gpu/driver", pool);
	driver = str_at(c, ptr);
	min = json_string_value(json_object_get(row, "minDriver"));
	if (!driver || !min || dotted_cmp(driver, min, &cmp) < 0)
		return;
	ok = cmp >= 0;
	for (i = 0; i < json_array_size(fc) && !ok; i++) {
		const char *f = json_string_value(json_array_get(fc, i));
		ok = f && dotted_prefix(f, driver);
	}
	snprintf(ptr, sizeof(ptr), "/spec/nodePools/%zu/name", pool);
	name = str_at(c, ptr);
	snprintf(ptr, sizeof(ptr), "/spec/nodePools/%zu/gpu/driver", pool);
	mcp_buf_init(&list);
	mcp_buf_init(&allowed);
	for (i = 0; i < json_array_size(fc); i++)
		mcp_buf_printf(&list, "%s%s", i ? ", " : "",
		               json_string_value(json_array_get(fc, i)));
	mcp_buf_printf(&allowed, ">=%s (Triton %s)%s%s", min, release,
	               list.len ? " or " : "", list.ptr);
	snprintf(comp, sizeof(comp), "NVIDIA driver (node pool %s)",
	         name ? name : "?");
	loc = spec_loc(c, ptr);
	add_row(c, comp, driver, allowed.ptr, &loc, status_of(ok, sev),
	        RULE_DRIVER, row_source(row));
	if (!ok)
		report(
		    c, RULE_DRIVER, sev, ptr,
		    "upgrade the node pool's driver, or choose a Triton "
		    "release built for an older CUDA",
		    "node pool '%s' has NVIDIA driver %s, but Triton %s (CUDA "
		    "%s) needs driver %s or newer%s%s%s (source: %s)",
		    name ? name : "?", driver, release,
		    json_string_value(json_object_get(row, "cuda")), min,
		    list.len ? ", or a forward-compatible data-center driver ("
		             : "",
		    list.len ? list.ptr : "", list.len ? ")" : "",
		    row_source(row));
	mcp_buf_free(&list);
	mcp_buf_free(&allowed);
}

/*
 * The GPU model of a node pool against the release's minimum compute
 * capability: an error below it (a warning when either row is
 * unconfirmed); a model the gpus table does not know, or a release row
 * without a minimum, is a warning that says it was not checked.
 */
static void check_gpu(ctx *c, json_t *row, const char *release, size_t pool)
{
	char ptr[96], comp[128], version[96], allowed[96];
	const char *model, *name, *min, *cc;
	json_t *gpu;
	mcp_severity sev;
	mcp_buf source;
	mcp_loc loc;
	int cmp, ok;

	snprintf(ptr, sizeof(ptr), "/spec/nodePools/%zu/name", pool);
	name = str_at(c, ptr);
	snprintf(ptr, sizeof(ptr), "/spec/nodePools/%zu/gpu/model", pool);
	model = str_at(c, ptr);
	if (!model)
		return;
	loc = spec_loc(c, ptr);
	snprintf(comp, sizeof(comp), "GPU compute capability (node pool %s)",
	         name ? name : "?");
	min = json_string_value(json_object_get(row, "minComputeCapability"));
	if (!min) {
		/* the release is known, its GPU needs are not */
		snprintf(allowed, sizeof(allowed),
		         "a minimum for Triton %s in the matrix", release);
		add_row(c, comp, model, allowed, &loc, MCP_ROW_WARNING,
		        RULE_UNKNOWN_RELEASE, row_source(row));
		report(c, RULE_UNKNOWN_RELEASE, MCP_SEV_WARNING, ptr,
		       "add minComputeCapability to the release's row in a "
		       "matrix file given with --matrix DIR",
		       "Triton %s has no minimum GPU compute capability in the "
		       "compatibility matrix: node pool '%s' (GPU %s) was not "
		       "checked (source: %s)",
		       release, name ? name : "?", model, row_source(row));
		return;
	}
	gpu = find_row(c, "gpus", "model", model);
	cc = json_string_value(json_object_get(gpu, "computeCapability"));
	if (!cc || dotted_cmp(cc, min, &cmp) < 0) {
		/* fail closed: a model the matrix does not know */
		snprintf(allowed, sizeof(allowed),
		         "a model in the matrix (Triton %s needs %s or newer)",
		         release, min);
		add_row(c, comp, model, allowed, &loc, MCP_ROW_WARNING,
		        RULE_GPU_UNKNOWN, "");
		report(c, RULE_GPU_UNKNOWN, MCP_SEV_WARNING, ptr,
		       "add it with --matrix DIR (a gpus row: model, "
		       "computeCapability, source)",
		       "GPU model '%s' is not in the matrix: its compute "
		       "capability was not checked against Triton %s's "
		       "minimum %s (node pool '%s')",
		       model, release, min, name ? name : "?");
		return;
	}
	ok = cmp >= 0;
	sev = row_severity(gpu, row_severity(row, MCP_SEV_ERROR));
	mcp_buf_init(&source);
	mcp_buf_printf(&source, "%s; %s", row_source(gpu), row_source(row));
	snprintf(version, sizeof(version), "%s (%s)", model, cc);
	snprintf(allowed, sizeof(allowed), ">=%s (Triton %s)", min, release);
	add_row(c, comp, version, allowed, &loc, status_of(ok, sev),
	        RULE_GPU_CC, source.oom ? "" : source.ptr);
	if (!ok)
		report(c, RULE_GPU_CC, sev, ptr,
		       "run the server on a node pool with newer GPUs, or "
		       "choose a Triton release whose minimum the GPU meets",
		       "node pool '%s' has %s GPUs (compute capability %s), "
		       "but Triton %s needs compute capability %s or newer "
		       "(sources: %s)",
		       name ? name : "?", model, cc, release, min,
		       source.oom ? "" : source.ptr);
	if (source.oom)
		c->oom = 1;
	mcp_buf_free(&source);
}

/* Whether @p v parses in @p scheme: values the schema rejected are left
 * to its findings. */
static int well_formed(mcp_scheme scheme, const char *v)
{
	mcp_buf err;
	int cmp, rc;

	mcp_buf_init(&err);
	rc = mcp_version_compare(&cmp, scheme, v, v, &err);
	mcp_buf_free(&err);
	return rc == 0;
}

static void check_triton(ctx *c)
{
	const char *release = str_at(c, "/spec/inference/version");
	const char *image = str_at(c, "/spec/inference/image");
	const char *pool = str_at(c, "/spec/inference/nodePool");
	json_t *pools = json_object_get(
	    json_object_get(mcp_source_doc(c->src, c->doc), "spec"),
	    "nodePools");
	json_t *row;
	size_t i;

	if (!release || !well_formed(MCP_SCHEME_CALVER, release))
		return;
	if (image) {
		/* the tag of .../tritonserver:24.05-py3 names the release */
		const char *slash = strrchr(image, '/');
		const char *colon = strrchr(slash ? slash : image, ':');
		int tagged = colon && strlen(colon + 1) >= 5 &&
		             colon[3] == '.' && colon[1] >= '0' &&
		             colon[1] <= '9';
		int same = tagged && strncmp(colon + 1, release, 5) == 0;
		if (tagged) {
			mcp_loc loc = spec_loc(c, "/spec/inference/image");
			char tag[8];
			snprintf(tag, sizeof(tag), "%.5s", colon + 1);
			add_row(c, "Triton image tag", tag, release, &loc,
			        status_of(same, MCP_SEV_ERROR), RULE_IMAGE_TAG,
			        "spec.inference.version");
		}
		if (tagged && !same)
			report(c, RULE_IMAGE_TAG, MCP_SEV_ERROR,
			       "/spec/inference/image",
			       "make the image tag and spec.inference.version "
			       "name "
			       "the same release",
			       "the image is Triton %.5s, but "
			       "spec.inference.version "
			       "says %s",
			       colon + 1, release);
	}
	row = find_row(c, "triton", "release", release);
	{
		mcp_loc loc = spec_loc(c, "/spec/inference/version");
		add_row(c, "Triton Inference Server", release,
		        "a release in the matrix", &loc,
		        status_of(row != NULL, MCP_SEV_WARNING),
		        RULE_UNKNOWN_RELEASE, row ? row_source(row) : "");
	}
	if (!row) {
		report(
		    c, RULE_UNKNOWN_RELEASE, MCP_SEV_WARNING,
		    "/spec/inference/version",
		    "add the release to a matrix file given with --matrix DIR",
		    "Triton %s is not in the compatibility matrix: its CUDA "
		    "and "
		    "driver needs are not checked",
		    release);
		return;
	}
	for (i = 0; i < json_array_size(pools); i++) {
		const char *name = json_string_value(
		    json_object_get(json_array_get(pools, i), "name"));
		if (pool && (!name || strcmp(name, pool) != 0))
			continue;
		check_driver(c, row, release, i);
		check_gpu(c, row, release, i);
	}
}

/* "1.29" of "1.29.4" */
static void major_minor(const char *v, char *out, size_t size)
{
	const char *dot = strchr(v, '.');
	size_t n =
	    dot ? (size_t)(dot - v) + 1 + strcspn(dot + 1, ".") : strlen(v);

	snprintf(out, size, "%.*s", (int)n, v);
}

static void check_helm(ctx *c)
{
	const char *helm = str_at(c, "/spec/target/helm");
	const char *k8s = str_at(c, "/spec/target/kubernetes");
	char hminor[32], kminor[32];
	const char *range;
	json_t *row;
	mcp_buf err;
	int match = 0;

	if (!helm || !k8s || !well_formed(MCP_SCHEME_DOTTED, helm) ||
	    !well_formed(MCP_SCHEME_DOTTED, k8s))
		return;
	/* compare major.minor: Helm's skew policy speaks of minor releases */
	major_minor(helm, hminor, sizeof(hminor));
	major_minor(k8s, kminor, sizeof(kminor));
	row = find_row(c, "helm", "helm", hminor);
	if (!row) {
		mcp_loc loc = spec_loc(c, "/spec/target/helm");
		add_row(c, "Helm", helm, "a release in the matrix", &loc,
		        MCP_ROW_WARNING, RULE_UNKNOWN_RELEASE, "");
		report(
		    c, RULE_UNKNOWN_RELEASE, MCP_SEV_WARNING,
		    "/spec/target/helm",
		    "add the release to a matrix file given with --matrix DIR",
		    "Helm %s is not in the compatibility matrix: its "
		    "Kubernetes "
		    "versions are not checked",
		    hminor);
		return;
	}
	range = json_string_value(json_object_get(row, "kubernetes"));
	mcp_buf_init(&err);
	if (!range || mcp_version_match(&match, MCP_SCHEME_DOTTED, kminor,
	                                range, &err) < 0) {
		mcp_buf_free(&err);
		return;
	}
	{
		mcp_loc loc = spec_loc(c, "/spec/target/helm");
		char comp[64], allowed[160];
		snprintf(comp, sizeof(comp), "Helm %s with Kubernetes", hminor);
		snprintf(allowed, sizeof(allowed), "Kubernetes %s", range);
		add_row(c, comp, k8s, allowed, &loc,
		        status_of(match, row_severity(row, MCP_SEV_ERROR)),
		        RULE_HELM, row_source(row));
	}
	if (!match)
		report(c, RULE_HELM, row_severity(row, MCP_SEV_ERROR),
		       "/spec/target/helm",
		       "use a Helm release whose supported range includes the "
		       "target Kubernetes version",
		       "Helm %s supports Kubernetes %s, not the target %s "
		       "(source: "
		       "%s)",
		       hminor, range, k8s, row_source(row));
	mcp_buf_free(&err);
}

/* The target Kubernetes minor against the matrix's supported window. */
static void check_k8s_window(ctx *c)
{
	json_t *k = json_object_get(c->m->spec, "kubernetes");
	const char *range = json_string_value(json_object_get(k, "supported"));
	const char *k8s = str_at(c, "/spec/target/kubernetes");
	char kminor[32];
	mcp_buf err;
	mcp_loc loc;
	int match;

	if (!range || !k8s || !well_formed(MCP_SCHEME_DOTTED, k8s))
		return;
	major_minor(k8s, kminor, sizeof(kminor));
	mcp_buf_init(&err);
	if (mcp_version_match(&match, MCP_SCHEME_DOTTED, kminor, range, &err) <
	    0) {
		mcp_buf_free(&err);
		return;
	}
	mcp_buf_free(&err);
	loc = spec_loc(c, "/spec/target/kubernetes");
	add_row(c, "Kubernetes", k8s, range, &loc,
	        status_of(match, row_severity(k, MCP_SEV_WARNING)),
	        RULE_K8S_WINDOW, row_source(k));
	if (!match)
		report(c, RULE_K8S_WINDOW, row_severity(k, MCP_SEV_WARNING),
		       "/spec/target/kubernetes",
		       "plan an upgrade to a supported Kubernetes minor",
		       "Kubernetes %s is outside the supported window %s "
		       "(source: %s)",
		       k8s, range, row_source(k));
}

/*
 * One component's version against the API server's, by the matrix's skew
 * row: at most olderThanApiServer minors older (less before a given
 * release, when the row says so) and newerThanApiServer minors newer.
 */
static void check_skew_one(ctx *c, const char *component, const char *what,
                           const char *ptr, const char *rule, mcp_severity dflt)
{
	json_t *row = find_row(c, "skew", "component", component);
	json_t *before = json_object_get(row, "before");
	const char *have = str_at(c, ptr);
	const char *k8s = str_at(c, "/spec/target/kubernetes");
	long km, kn, hm, hn, bm, bn, older, newer, lo;
	char allowed[96];
	mcp_severity sev;
	mcp_loc loc;
	int ok;

	if (!row || !parse_minor(have, &hm, &hn) || !parse_minor(k8s, &km, &kn))
		return;
	older = (long)json_integer_value(
	    json_object_get(row, "olderThanApiServer"));
	newer = (long)json_integer_value(
	    json_object_get(row, "newerThanApiServer"));
	if (before &&
	    parse_minor(json_string_value(json_object_get(before, "version")),
	                &bm, &bn) &&
	    (hm < bm || (hm == bm && hn < bn)))
		older = (long)json_integer_value(
		    json_object_get(before, "olderThanApiServer"));
	ok = hm == km && hn >= kn - older && hn <= kn + newer;
	lo = kn - older < 0 ? 0 : kn - older;
	snprintf(allowed, sizeof(allowed), ">=%ld.%ld, <=%ld.%ld", km, lo, km,
	         kn + newer);
	sev = row_severity(row, dflt);
	loc = spec_loc(c, ptr);
	add_row(c, what, have, allowed, &loc, status_of(ok, sev), rule,
	        row_source(row));
	if (!ok)
		report(c, rule, sev, ptr,
		       "keep it within the skew the Kubernetes version skew "
		       "policy allows, or upgrade in the order it gives",
		       "%s %s is %s the API server's %s: %s %s is allowed "
		       "(source: %s)",
		       what, have,
		       hm > km || (hm == km && hn > kn) ? "newer than"
		                                        : "too far behind",
		       k8s, component, allowed, row_source(row));
}

static void check_skew(ctx *c)
{
	json_t *pools = json_object_get(
	    json_object_get(mcp_source_doc(c->src, c->doc), "spec"),
	    "nodePools");
	size_t i;

	check_skew_one(c, "kubectl", "kubectl", "/spec/target/kubectl",
	               RULE_KUBECTL_SKEW, MCP_SEV_WARNING);
	for (i = 0; i < json_array_size(pools); i++) {
		const char *name = json_string_value(
		    json_object_get(json_array_get(pools, i), "name"));
		char what[128], ptr[64];
		snprintf(what, sizeof(what), "node pool '%s' kubelet",
		         name ? name : "?");
		snprintf(ptr, sizeof(ptr), "/spec/nodePools/%zu/kubelet", i);
		check_skew_one(c, "kubelet", what, ptr, RULE_KUBELET_SKEW,
		               MCP_SEV_ERROR);
	}
}

static void check_grpc(ctx *c)
{
	json_t *grpc = json_object_get(c->m->spec, "grpc");
	const char *min =
	    json_string_value(json_object_get(grpc, "minKeepaliveTime"));
	const char *t = str_at(c, "/spec/inference/grpc/keepalive/time");
	int64_t have, floor;

	if (!min || !t || mcp_duration_parse(&have, t, NULL) < 0 ||
	    mcp_duration_parse(&floor, min, NULL) < 0)
		return;
	{
		mcp_loc loc =
		    spec_loc(c, "/spec/inference/grpc/keepalive/time");
		char allowed[64];
		snprintf(allowed, sizeof(allowed), ">=%s", min);
		add_row(c, "gRPC keepalive time", t, allowed, &loc,
		        status_of(have >= floor, MCP_SEV_WARNING),
		        RULE_GRPC_KEEPALIVE, row_source(grpc));
	}
	if (have >= floor)
		return;
	report(
	    c, RULE_GRPC_KEEPALIVE, MCP_SEV_WARNING,
	    "/spec/inference/grpc/keepalive/time",
	    "set it to the minimum or more, and keep the server's "
	    "enforcement policy in step",
	    "keepalive time %s is below gRPC's minimum of %s: clients raise it "
	    "to %s, and a server that enforces a longer interval answers "
	    "GOAWAY too_many_pings (source: %s)",
	    t, min, min, row_source(grpc));
}

/* ---- dependency manifests against the libraries table ---- */

typedef struct pin {
	const char *eco, *name, *version, *service;
	mcp_loc loc;
} pin;

typedef struct deps_state {
	mcp_manifest **mans;
	size_t nmans;
	char **paths;
	pin *pins;
	size_t npins;
} deps_state;

static void report_at(ctx *c, const char *rule, mcp_severity sev,
                      const mcp_loc *loc, const mcp_loc *related,
                      const char *related_msg, const char *hint,
                      const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

static void report_at(ctx *c, const char *rule, mcp_severity sev,
                      const mcp_loc *loc, const mcp_loc *related,
                      const char *related_msg, const char *hint,
                      const char *fmt, ...)
{
	mcp_buf msg;
	mcp_finding *f = NULL;
	va_list ap;

	mcp_buf_init(&msg);
	va_start(ap, fmt);
	mcp_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (!msg.oom)
		f = mcp_diag_add(c->d, rule, sev, loc, NULL, hint, "%s",
		                 msg.ptr);
	if (!f ||
	    (related && mcp_finding_set_related(f, related, related_msg) < 0))
		c->oom = 1;
	mcp_buf_free(&msg);
}

static json_t *find_library(const ctx *c, const char *eco, const char *name)
{
	json_t *rows = json_object_get(c->m->spec, "libraries");
	size_t i;

	for (i = 0; i < json_array_size(rows); i++) {
		json_t *r = json_array_get(rows, i);
		const char *e =
		    json_string_value(json_object_get(r, "ecosystem"));
		const char *n = json_string_value(json_object_get(r, "name"));
		if (e && n && strcmp(e, eco) == 0 && strcmp(n, name) == 0)
			return r;
	}
	return NULL;
}

/* The exact version a dependency pins, or NULL when it names a range. */
static const char *pinned_version(const mcp_manifest *man, const mcp_dep *d,
                                  mcp_scheme *scheme)
{
	if (strcmp(man->ecosystem, "go") == 0) {
		*scheme = MCP_SCHEME_GO;
		return d->kind == MCP_DEP_REQUIRE || d->kind == MCP_DEP_REPLACE
		           ? d->version
		           : NULL;
	}
	if (strcmp(man->ecosystem, "npm") == 0) {
		*scheme = MCP_SCHEME_SEMVER;
		return d->kind == MCP_DEP_LOCKED ? d->version : NULL;
	}
	*scheme = MCP_SCHEME_PEP440;
	if (strncmp(d->version, "==", 2) == 0 && !strchr(d->version, ',') &&
	    !strchr(d->version, '*'))
		return d->version + 2 + strspn(d->version + 2, " ");
	return NULL;
}

static mcp_dep_verdict check_library(ctx *c, const mcp_manifest *man,
                                     const mcp_dep *d, const char *version,
                                     mcp_scheme scheme, const char *service,
                                     mcp_buf *note)
{
	json_t *row = find_library(c, man->ecosystem, d->name);
	const char *allowed, *min_go;
	mcp_dep_verdict verdict = MCP_VERDICT_UNCHECKED;
	mcp_buf err;
	int match = 1, cmp;

	if (!row)
		return MCP_VERDICT_UNLISTED;
	allowed = json_string_value(json_object_get(row, "allowed"));
	mcp_buf_init(&err);
	if (allowed &&
	    mcp_version_match(&match, scheme, version, allowed, &err) == 0) {
		verdict = match ? MCP_VERDICT_COMPLIANT : MCP_VERDICT_CONFLICT;
		if (!match)
			mcp_buf_puts(note, "outside the range");
		add_row(c, d->name, version, allowed, &d->loc,
		        status_of(match, row_severity(row, MCP_SEV_ERROR)),
		        RULE_LIBRARY, row_source(row));
	} else {
		mcp_buf_puts(note, allowed ? "the version does not compare"
		                           : "the row gives no range");
	}
	if (allowed && err.len == 0 && !match)
		report_at(
		    c, RULE_LIBRARY, row_severity(row, MCP_SEV_ERROR), &d->loc,
		    NULL, NULL, "move to a version inside the allowed range",
		    "%s %s is outside the allowed range %s (service '%s'; "
		    "source: %s)",
		    d->name, version, allowed, service, row_source(row));
	mcp_buf_free(&err);
	min_go = json_string_value(json_object_get(row, "minGo"));
	if (min_go && strcmp(man->ecosystem, "go") == 0) {
		/* no go directive means go 1.16 (the Go modules reference) */
		const char *go = man->go_version ? man->go_version : "1.16";
		if (dotted_cmp(go, min_go, &cmp) == 0) {
			char comp[256], want[64];
			snprintf(comp, sizeof(comp), "Go for %s", d->name);
			snprintf(want, sizeof(want), ">=%s", min_go);
			add_row(c, comp, go, want,
			        man->go_version ? &man->go_loc : &d->loc,
			        status_of(cmp >= 0,
			                  row_severity(row, MCP_SEV_ERROR)),
			        RULE_MIN_GO, row_source(row));
		}
		if (dotted_cmp(go, min_go, &cmp) == 0 && cmp < 0) {
			mcp_buf_printf(
			    note, "%sneeds Go >= %s, %s says go %s",
			    note->len ? "; " : "", min_go,
			    man->go_version ? "go.mod" : "no directive:", go);
			verdict = MCP_VERDICT_CONFLICT;
		}
		if (dotted_cmp(go, min_go, &cmp) == 0 && cmp < 0)
			report_at(
			    c, RULE_MIN_GO, row_severity(row, MCP_SEV_ERROR),
			    man->go_version ? &man->go_loc : &d->loc, NULL,
			    NULL, "raise the go directive",
			    "%s needs Go %s or newer, but %s says go %s%s "
			    "(source: %s)",
			    d->name, min_go, man->file, go,
			    man->go_version ? "" : " (no go directive)",
			    row_source(row));
	}
	return verdict;
}

/* Two services pinning one module or package at different versions
 * (any, whether a matrix row covers it or not): the other one, or NULL. */
static const pin *check_pin(ctx *c, deps_state *st, const mcp_manifest *man,
                            const mcp_dep *d, const char *version,
                            const char *service)
{
	size_t i;
	pin *np;

	for (i = 0; i < st->npins; i++) {
		pin *p = &st->pins[i];
		if (strcmp(p->eco, man->ecosystem) || strcmp(p->name, d->name))
			continue;
		if (strcmp(p->service, service) != 0 &&
		    strcmp(p->version, version) != 0) {
			char both[160];
			snprintf(both, sizeof(both), "%s (%s), %s (%s)",
			         p->version, p->service, version, service);
			add_row(c, d->name, both,
			        "one version in every service", &d->loc,
			        MCP_ROW_WARNING, RULE_PIN_CONFLICT, "");
		}
		if (strcmp(p->service, service) != 0 &&
		    strcmp(p->version, version) != 0)
			report_at(
			    c, RULE_PIN_CONFLICT, MCP_SEV_WARNING, &d->loc,
			    &p->loc, "the other version",
			    "pin one version in every service",
			    "services '%s' and '%s' use different versions of "
			    "%s: %s and %s",
			    p->service, service, d->name, p->version, version);
		return strcmp(p->service, service) != 0 &&
		               strcmp(p->version, version) != 0
		           ? p
		           : NULL;
	}
	np = realloc(st->pins, (st->npins + 1) * sizeof(*np));
	if (!np) {
		c->oom = 1;
		return NULL;
	}
	st->pins = np;
	np[st->npins].eco = man->ecosystem;
	np[st->npins].name = d->name;
	np[st->npins].version = version;
	np[st->npins].service = service;
	np[st->npins].loc = d->loc;
	st->npins++;
	return NULL;
}

/*
 * A declared range (package.json, a requirements.txt specifier set other
 * than a pin) against the allowed range: an error when it admits no
 * allowed release, a warning when it admits some that are not allowed (a
 * lock, when there is one, is checked on its own).
 */
static mcp_dep_verdict check_range(ctx *c, const mcp_manifest *man,
                                   const mcp_dep *d, mcp_scheme scheme,
                                   const char *service, mcp_buf *note)
{
	json_t *row = find_library(c, man->ecosystem, d->name);
	const char *allowed =
	    json_string_value(json_object_get(row, "allowed"));
	mcp_severity sev = row_severity(row, MCP_SEV_ERROR);
	mcp_range_rel rel;
	mcp_buf err;
	int rc;

	if (!row)
		return MCP_VERDICT_UNLISTED;
	if (!allowed) {
		mcp_buf_puts(note, "the row gives no range");
		return MCP_VERDICT_UNCHECKED;
	}
	if (!*d->version) {
		/* no version: any, the widest range there is */
		add_row(c, d->name, "(any)", allowed, &d->loc, MCP_ROW_WARNING,
		        RULE_RANGE_WIDE, row_source(row));
		report_at(c, RULE_RANGE_WIDE, MCP_SEV_WARNING, &d->loc, NULL,
		          NULL, "declare a range inside the allowed one",
		          "%s declares no version: any is admitted, also "
		          "outside the allowed range %s (service '%s'; "
		          "source: %s)",
		          d->name, allowed, service, row_source(row));
		mcp_buf_puts(note, "no version declared, so any is admitted");
		return MCP_VERDICT_CONFLICT;
	}
	mcp_buf_init(&err);
	rc = mcp_range_relation(&rel, scheme, d->version, allowed, &err);
	if (rc == MCP_ENOMEM)
		c->oom = 1;
	if (rc == MCP_ENOMEM || (rc == 0 && rel == MCP_RANGE_EMPTY)) {
		/* a range that admits nothing: no version is installed */
		mcp_buf_free(&err);
		mcp_buf_puts(note, "the range admits no version at all");
		return MCP_VERDICT_UNCHECKED;
	}
	if (rc < 0) {
		/* not a range it reads (a URL, a tag): fail closed */
		add_row(c, d->name, d->version, allowed, &d->loc,
		        MCP_ROW_WARNING, RULE_RANGE_WIDE, row_source(row));
		report_at(c, RULE_RANGE_WIDE, MCP_SEV_WARNING, &d->loc, NULL,
		          NULL,
		          "declare a version or range inside the allowed one",
		          "%s %s cannot be held against the allowed range %s: "
		          "%s (service '%s'; source: %s)",
		          d->name, d->version, allowed,
		          err.len ? err.ptr : "not a version range", service,
		          row_source(row));
		mcp_buf_free(&err);
		mcp_buf_puts(note, "the version does not compare");
		return MCP_VERDICT_UNCHECKED;
	}
	mcp_buf_free(&err);
	add_row(c, d->name, d->version, allowed, &d->loc,
	        rel == MCP_RANGE_SUBSET    ? MCP_ROW_OK
	        : rel == MCP_RANGE_OVERLAP ? MCP_ROW_WARNING
	                                   : status_of(0, sev),
	        rel == MCP_RANGE_OVERLAP ? RULE_RANGE_WIDE : RULE_LIBRARY,
	        row_source(row));
	if (rel == MCP_RANGE_DISJOINT)
		report_at(c, RULE_LIBRARY, sev, &d->loc, NULL, NULL,
		          "declare a range inside the allowed one",
		          "%s %s admits no version in the allowed range %s "
		          "(service '%s'; source: %s)",
		          d->name, d->version, allowed, service,
		          row_source(row));
	else if (rel == MCP_RANGE_OVERLAP)
		report_at(c, RULE_RANGE_WIDE, MCP_SEV_WARNING, &d->loc, NULL,
		          NULL, "narrow the range to the allowed one",
		          "%s %s admits versions outside the allowed range %s "
		          "(service '%s'; source: %s)",
		          d->name, d->version, allowed, service,
		          row_source(row));
	if (rel == MCP_RANGE_SUBSET)
		return MCP_VERDICT_COMPLIANT;
	mcp_buf_puts(note, rel == MCP_RANGE_OVERLAP
	                       ? "the range admits versions outside it"
	                       : "the range admits no version in it");
	return MCP_VERDICT_CONFLICT;
}

/* Room for one more dependency in the report, or NULL. */
static mcp_report_dep *new_dep(ctx *c)
{
	mcp_report *r = c->rows;

	if (r->ndeps == r->capdeps) {
		size_t cap = r->capdeps ? r->capdeps * 2 : 16;
		mcp_report_dep *deps = realloc(r->deps, cap * sizeof(*deps));
		if (!deps) {
			c->oom = 1;
			return NULL;
		}
		r->deps = deps;
		r->capdeps = cap;
	}
	return &r->deps[r->ndeps];
}

/*
 * A dependency for the standard's form of the report: once a service (a
 * line that two of its requirements files reach, requirements.txt
 * including requirements-dev.txt with -r, is listed under the first; only
 * requirements files include others).
 */
static void add_dep(ctx *c, const mcp_manifest *man, const mcp_dep *d,
                    const char *service, mcp_dep_verdict verdict,
                    const char *note, const pin *other)
{
	char drift[256] = "";
	mcp_report *r = c->rows;
	json_t *row = find_library(c, man->ecosystem, d->name);
	const char *title = json_string_value(json_object_get(row, "title"));
	const char *allowed =
	    json_string_value(json_object_get(row, "allowed"));
	mcp_report_dep *e;
	size_t i;

	if (!r)
		return;
	for (i = c->first_dep;
	     strcmp(man->ecosystem, "pypi") == 0 && i < r->ndeps; i++) {
		const mcp_report_dep *o = &r->deps[i];
		if (o->manifest && o->where.line == d->loc.line &&
		    o->where.column == d->loc.column &&
		    strcmp(o->where.file ? o->where.file : "",
		           d->loc.file ? d->loc.file : "") == 0 &&
		    strcmp(o->service, service) == 0 &&
		    strcmp(o->name, d->name) == 0)
			return;
	}
	if (!(e = new_dep(c)))
		return;
	if (other)
		snprintf(drift, sizeof(drift), "%s in service '%s' (%s)",
		         other->version, other->service, RULE_PIN_CONFLICT);
	e->drift = strdup(drift);
	e->spec = strdup(mcp_source_name(c->src));
	e->title = strdup(title ? title : "");
	e->name = strdup(d->name);
	e->ecosystem = strdup(man->ecosystem);
	e->version = strdup(d->version);
	e->allowed = strdup(allowed ? allowed : "");
	e->service = strdup(service);
	e->note = strdup(note ? note : "");
	e->manifest = man->file;
	e->where = d->loc;
	e->direct = d->direct;
	e->verdict = verdict;
	if (!e->title || !e->name || !e->ecosystem || !e->version ||
	    !e->allowed || !e->service || !e->note || !e->drift || !e->spec) {
		free(e->spec);
		free(e->drift);
		free(e->title);
		free(e->name);
		free(e->ecosystem);
		free(e->version);
		free(e->allowed);
		free(e->service);
		free(e->note);
		c->oom = 1;
		return;
	}
	/* a manifest is any text: a range may be a URL with a password */
	mcp_diag_mask(c->d, e->name, strlen(e->name));
	mcp_diag_mask(c->d, e->version, strlen(e->version));
	r->ndeps++;
}

/* A manifest that could not be read: the report says so, in its place
 * (nothing of it was listed or checked). */
static void add_unread(ctx *c, const char *path, const char *service,
                       const char *pointer, const char *why)
{
	mcp_report_dep *e;

	if (!c->rows || !(e = new_dep(c)))
		return;
	memset(e, 0, sizeof(*e));
	e->title = strdup("");
	e->name = strdup(path);
	e->ecosystem = strdup("");
	e->version = strdup("");
	e->allowed = strdup("");
	e->service = strdup(service);
	e->note = strdup(why);
	e->drift = strdup("");
	e->spec = strdup(mcp_source_name(c->src));
	e->where = spec_loc(c, pointer);
	e->direct = 1;
	e->verdict = MCP_VERDICT_UNCHECKED;
	if (!e->title || !e->name || !e->ecosystem || !e->version ||
	    !e->allowed || !e->service || !e->note || !e->drift || !e->spec) {
		free(e->spec);
		free(e->drift);
		free(e->title);
		free(e->name);
		free(e->ecosystem);
		free(e->version);
		free(e->allowed);
		free(e->service);
		free(e->note);
		c->oom = 1;
		return;
	}
	mcp_diag_mask(c->d, e->name, strlen(e->name));
	c->rows->ndeps++;
}

/*
 * Every dependency is checked against its row; the report lists those a
 * manifest declares (go.mod requirements, package.json ranges,
 * package-lock.json versions, requirements.txt lines), not go.mod's
 * exclude and replace directives.
 */
static void check_manifest(ctx *c, deps_state *st, const mcp_manifest *man,
                           const char *service)
{
	size_t i;

	for (i = 0; i < man->ndeps; i++) {
		const mcp_dep *d = &man->deps[i];
		mcp_scheme scheme;
		const char *v = pinned_version(man, d, &scheme);
		mcp_dep_verdict verdict = MCP_VERDICT_UNLISTED;
		const pin *other = NULL;
		mcp_buf note;
		mcp_buf_init(&note);
		if (d->kind == MCP_DEP_RANGE &&
		    strcmp(man->ecosystem, "npm") == 0)
			verdict = check_range(c, man, d, MCP_SCHEME_SEMVER,
			                      service, &note);
		if (!v && strcmp(man->ecosystem, "pypi") == 0)
			verdict = check_range(c, man, d, MCP_SCHEME_PEP440,
			                      service, &note);
		if (v && *v)
			verdict =
			    check_library(c, man, d, v, scheme, service, &note);
		else if (v && find_library(c, man->ecosystem, d->name)) {
			mcp_buf_puts(&note, "no version declared");
			verdict = MCP_VERDICT_UNCHECKED;
		}
		if (note.oom)
			c->oom = 1;
		if (v && *v && (d->direct || strcmp(man->ecosystem, "go") == 0))
			other = check_pin(c, st, man, d, v, service);
		if (d->kind != MCP_DEP_EXCLUDE && d->kind != MCP_DEP_REPLACE)
			add_dep(c, man, d, service, verdict,
			        note.oom ? "" : note.ptr, other);
		mcp_buf_free(&note);
	}
}

static void check_dependencies(ctx *c)
{
	json_t *services = json_object_get(
	    json_object_get(mcp_source_doc(c->src, c->doc), "spec"),
	    "services");
	const char *spec = mcp_source_name(c->src);
	const char *slash = strrchr(spec, '/');
	deps_state st = {NULL, 0, NULL, NULL, 0};
	size_t i, j, k;

	for (i = 0; i < json_array_size(services); i++) {
		json_t *svc = json_array_get(services, i);
		json_t *list = json_object_get(svc, "dependencies");
		const char *name =
		    json_string_value(json_object_get(svc, "name"));
		for (j = 0; j < json_array_size(list); j++) {
			const char *rel =
			    json_string_value(json_array_get(list, j));
			mcp_manifest *man = NULL, **mans;
			char **paths, ptr[96];
			mcp_buf path;
			int rc, seen = 0;
			if (!rel || !*rel || rel[0] == '/')
				continue; /* the schema wants relative paths */
			mcp_buf_init(&path);
			if (rel[0] != '/' && slash &&
			    strcmp(spec, "<stdin>") != 0)
				mcp_buf_put(&path, spec,
				            (size_t)(slash - spec) + 1);
			mcp_buf_puts(&path, rel);
			for (k = 0; k < st.nmans && !seen; k++)
				seen = strcmp(st.paths[k], path.ptr) == 0;
			if (seen || path.oom) {
				mcp_buf_free(&path);
				continue;
			}
			if (c->memo) {
				const mcp_manifest *kept = NULL;
				rc = mcp_manifest_load_memo(
				    c->memo, &kept, path.ptr, NULL, c->d);
				man = (mcp_manifest *)kept; /* not freed */
			} else {
				rc = mcp_manifest_load(&man, path.ptr, NULL,
				                       c->d);
			}
			snprintf(ptr, sizeof(ptr),
			         "/spec/services/%zu/dependencies/%zu", i, j);
			if (rc == MCP_EIO)
				report(
				    c, RULE_DEPS_IO, MCP_SEV_ERROR, ptr,
				    errno == EXDEV
				        ? "keep a spec's manifests inside "
				          "its repository"
				        : "paths are relative to the spec file",
				    "cannot read '%s': %s", path.ptr,
				    errno == EXDEV
				        ? "it lies outside the repository"
				        : strerror(errno));
			if (rc == MCP_ENOMEM)
				c->oom = 1;
			else if (!man)
				add_unread(c, path.ptr, name ? name : "?", ptr,
				           rc == MCP_EIO ? "it cannot be read"
				                         : "it is malformed");
			mans = man ? realloc(st.mans,
			                     (st.nmans + 1) * sizeof(*mans))
			           : NULL;
			paths = mans ? realloc(st.paths,
			                       (st.nmans + 1) * sizeof(*paths))
			             : NULL;
			if (mans)
				st.mans = mans;
			if (paths)
				st.paths = paths;
			if (!man || !mans || !paths) {
				if (man)
					c->oom = 1;
				if (!c->memo)
					mcp_manifest_free(man);
				mcp_buf_free(&path);
				continue;
			}
			st.mans[st.nmans] = man;
			st.paths[st.nmans++] = mcp_buf_detach(&path);
			check_manifest(c, &st, man, name ? name : "?");
		}
	}
	for (k = 0; k < st.nmans; k++) {
		if (!c->memo)
			mcp_manifest_free(st.mans[k]);
		free(st.paths[k]);
	}
	free(st.mans);
	free(st.paths);
	free(st.pins);
}

int mcp_compat_check(const mcp_matrix *m, const mcp_source *src, size_t doc,
                     mcp_diag *diag)
{
	return mcp_compat_report(m, src, doc, diag, NULL);
}

static int compat_run(ctx *c);

int mcp_compat_check_memo(const mcp_matrix *m, mcp_manifest_memo *memo,
                          const mcp_source *src, size_t doc, mcp_diag *diag)
{
	ctx c = {m, src, doc, diag, NULL, 0, memo, 0};
	return compat_run(&c);
}

/* What the checks below read of a spec: a change elsewhere leaves their
 * findings as they were. A read added to them is added here, or an
 * environment that changes it goes unchecked (tests/overlay-diff.sh
 * changes what they read). */
static const char *const compat_reads[] = {
    "/kind",
    "/spec/inference/version",
    "/spec/inference/image",
    "/spec/inference/nodePool",
    "/spec/inference/grpc/keepalive/time",
    "/spec/nodePools/*/name",
    "/spec/nodePools/*/gpu/driver",
    "/spec/nodePools/*/gpu/model",
    "/spec/nodePools/*/kubelet",
    "/spec/target/kubernetes",
    "/spec/target/helm",
    "/spec/target/kubectl",
    "/spec/services/*/name",
    "/spec/services/*/dependencies",
    NULL,
};

int mcp_compat_check_at(const mcp_matrix *m, mcp_manifest_memo *memo,
                        const mcp_source *src, size_t doc, mcp_diag *diag,
                        const char *const *changed, size_t nchanged)
{
	if (!mcp_pointers_reach(compat_reads, changed, nchanged))
		return 0;
	return mcp_compat_check_memo(m, memo, src, doc, diag);
}

int mcp_compat_report(const mcp_matrix *m, const mcp_source *src, size_t doc,
                      mcp_diag *diag, mcp_report *report)
{
	ctx c = {m,      src, doc,  diag,
	         report, 0,   NULL, report ? report->ndeps : 0};
	return compat_run(&c);
}

static int compat_run(ctx *c)
{
	json_t *d = mcp_source_doc(c->src, c->doc);
	const char *kind = json_string_value(json_object_get(d, "kind"));

	if (!kind || strcmp(kind, "ModelDeployment") != 0)
		return 0;
	check_triton(c);
	check_helm(c);
	check_k8s_window(c);
	check_skew(c);
	check_grpc(c);
	check_dependencies(c);
	return c->oom ? MCP_ENOMEM : 0;
}
