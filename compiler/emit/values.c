/*
 * values.c: the Helm values of a spec, in the MCP AI-102 chart's terms
 * (replicaCount, logLevel, metrics.enabled, gpu.enabled,
 * model.storage.type, image, resources, nodeSelector, tolerations, ports,
 * models, gateway, config, tracing, network policy, rollout, rbac,
 * services). Defaults the spec leaves out are written in, so the values
 * say exactly what is deployed, and charts/mcp-ai102 renders from them
 * alone the objects mcpc build emits; schema/values.schema.json describes
 * them (draft-07, as Helm reads it).
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/embedded.h"
#include "emit/emit_int.h"
#include "mcpc/mcpc.h"

json_t *em_at(json_t *v, const char *path)
{
	char key[128];

	while (v && *path) {
		size_t n = strcspn(path, "/");
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		v = json_object_get(v, key);
		path += n + (path[n] == '/');
	}
	return v;
}

const char *em_str(json_t *v, const char *dflt)
{
	return json_is_string(v) ? json_string_value(v) : dflt;
}

json_int_t em_int(json_t *v, json_int_t dflt)
{
	return json_is_integer(v) ? json_integer_value(v) : dflt;
}

int em_bool(json_t *v, int dflt)
{
	return json_is_boolean(v) ? json_is_true(v) : dflt;
}

void em_put(json_t *obj, const char *key, json_t *v, int *oom)
{
	if (!v || json_object_set_new(obj, key, v) < 0)
		*oom = 1;
}

/* imagePullSecrets: the registry's pull secret, when there is one. */
json_t *mcp_pull_secrets(json_t *spec)
{
	json_t *name = em_at(spec, "registry/pullSecret");
	return name ? json_pack("[{s:O}]", "name", name) : json_array();
}

long long mcp_rollout_deadline(json_t *spec)
{
	json_t *t = em_at(spec, "rollout/timeout");
	int64_t ns;

	if (!json_is_string(t) ||
	    mcp_duration_parse(&ns, json_string_value(t), NULL) != 0)
		return 600;
	if (ns <= 0)
		return 1;
	/* progressDeadlineSeconds is an int32: past it, 68 years is forever */
	if ((ns - 1) / 1000000000 + 1 > INT32_MAX)
		return INT32_MAX;
	return (long long)((ns - 1) / 1000000000 + 1);
}

json_int_t mcp_rollout_parallel(json_t *spec)
{
	json_int_t n = em_int(em_at(spec, "rollout/maxParallel"), 5);
	return n < 1 ? 1 : n;
}

json_int_t mcp_rollout_wave(json_t *spec, size_t nth)
{
	return 1 + (json_int_t)nth / mcp_rollout_parallel(spec);
}

json_int_t mcp_rollout_last_wave(json_t *spec)
{
	return mcp_rollout_wave(spec,
	                        json_array_size(em_at(spec, "services"))) +
	       1;
}

int mcp_release_at_least(json_t *spec, int yy, int mm)
{
	const char *v = em_str(em_at(spec, "inference/version"), "");
	int y, m;
	char end;

	if (sscanf(v, "%d.%d%c", &y, &m, &end) != 2)
		return 0;
	return y > yy || (y == yy && m >= mm);
}

const char *mcp_server_parser(json_t *spec)
{
	return mcp_release_at_least(spec, 23, 1) ? "triton" : "triton-default";
}

const char *mcp_service_parser(json_t *spec)
{
	return em_str(em_at(spec, "observability/logging/parser"), "json");
}

int mcp_fluent_bit(json_t *spec)
{
	return em_bool(em_at(spec, "observability/logging/fluentBit"), 0);
}

/* A copy of v, or an empty array. */
static json_t *copy_or_list(json_t *v)
{
	return v ? json_deep_copy(v) : json_array();
}

json_t *em_copy(json_t *v)
{
	return v ? json_deep_copy(v) : json_object();
}

json_t *em_text_of(json_t *v)
{
	char buf[40], *t;
	json_t *out;
	int prec;

	if (json_is_string(v))
		return json_copy(v);
	if (json_is_real(v)) {
		/* the shortest form that reads back the same (0.1, not
		 * 0.10000000000000001) */
		for (prec = 1; prec <= 17; prec++) {
			snprintf(buf, sizeof(buf), "%.*g", prec,
			         json_real_value(v));
			if (strtod(buf, NULL) == json_real_value(v))
				break;
		}
		if (!strpbrk(buf, ".e"))
			strcat(buf, ".0");
		return json_string(buf);
	}
	t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	out = t ? json_string(t) : NULL;
	free(t);
	return out;
}

/* A copy of an object of scalars with each value as em_text_of writes
 * it (an empty object for NULL). */
static json_t *texts_of(json_t *obj)
{
	json_t *out = json_object(), *v;
	const char *k;
	int oom = !out;

	json_object_foreach(obj, k, v)
	{
		if (oom)
			break;
		em_put(out, k, em_text_of(v), &oom);
	}
	if (oom) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* A service's env or secretEnv as a list in the spec's order, which is
 * the order of the container's variables (a Helm chart reads a mapping
 * in key order): {name, value: the string the container gets}, or
 * {name, secretRef}. */
static json_t *env_list(json_t *obj, int secret)
{
	json_t *out = json_array(), *v;
	const char *k;
	int oom = !out;

	json_object_foreach(obj, k, v)
	{
		json_t *e;
		if (oom)
			break;
		e = secret ? json_pack("{s:s, s:O}", "name", k, "secretRef",
		                       em_at(v, "secretRef"))
		           : json_pack("{s:s, s:o}", "name", k, "value",
		                       em_text_of(v));
		if (!e || json_array_append_new(out, e) < 0)
			oom = 1;
	}
	if (oom) {
		json_decref(out);
		return NULL;
	}
	return out;
}

void mcp_image_split(const char *ref, mcp_image *out)
{
	const char *at = strchr(ref, '@');
	const char *end = at ? at : ref + strlen(ref);
	const char *slash = NULL, *colon = NULL, *p;

	for (p = ref; p < end; p++) {
		if (*p == '/')
			slash = p;
		else if (*p == ':')
			colon = p;
	}
	if (colon && slash && colon < slash)
		colon = NULL; /* a registry's port, not a tag */
	out->repository_len = (size_t)((colon ? colon : end) - ref);
	out->repository = ref;
	out->tag = colon ? colon + 1 : NULL;
	out->tag_len = colon ? (size_t)(end - colon - 1) : 0;
	out->digest = at ? at + 1 : NULL;
}

/* The server's image: inference.image, or the release from the registry
 * (the declared one, else NGC). Written to buf when composed. */
const char *mcp_server_image(json_t *spec, char *buf, size_t n)
{
	const char *img = em_str(em_at(spec, "inference/image"), NULL);

	if (img)
		return img;
	snprintf(buf, n, "%s/nvidia/tritonserver:%s-py3",
	         em_str(em_at(spec, "registry/server"), "nvcr.io"),
	         em_str(em_at(spec, "inference/version"), "0.0"));
	return buf;
}

static json_t *image_values(const char *ref)
{
	mcp_image im;
	json_t *o = json_object();
	int oom = !o;

	if (oom)
		return NULL;
	mcp_image_split(ref, &im);
	em_put(o, "repository", json_stringn(im.repository, im.repository_len),
	       &oom);
	em_put(o, "tag",
	       im.tag ? json_stringn(im.tag, im.tag_len) : json_string(""),
	       &oom);
	if (im.digest)
		em_put(o, "digest", json_string(im.digest), &oom);
	em_put(o, "pullPolicy", json_string("IfNotPresent"), &oom);
	if (oom) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* A copy of a resource list with the standard's "storage" written as
 * Kubernetes's "ephemeral-storage" (the schema forbids giving both). */
static json_t *resource_list(json_t *list)
{
	json_t *out = json_object(), *v;
	const char *key;
	int oom = !out;

	json_object_foreach(list, key, v)
	{
		if (oom)
			break;
		em_put(out,
		       strcmp(key, "storage") == 0 ? "ephemeral-storage" : key,
		       json_deep_copy(v), &oom);
	}
	if (oom) {
		json_decref(out);
		return NULL;
	}
	return out;
}

json_int_t mcp_replicas_of(json_t *spec)
{
	return em_int(em_at(spec, "inference/replicas"), EM_REPLICAS);
}

json_t *mcp_timeouts_of(json_t *spec)
{
	json_t *t = em_at(spec, "inference/timeouts");

	if (t)
		return json_deep_copy(t);
	return json_pack("{s:s, s:s, s:s}", "connect", EM_TIMEOUT_CONNECT,
	                 "responseHeader", EM_TIMEOUT_HEADER, "request",
	                 EM_TIMEOUT_REQUEST);
}

int mcp_builtin_namespace(const char *ns)
{
	static const char *const builtin[] = {"default", "kube-system",
	                                      "kube-public", "kube-node-lease"};
	size_t i;

	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		if (strcmp(ns, builtin[i]) == 0)
			return 1;
	return 0;
}

/* Append the leaves under v (key so far: prefix; pointer: ptr). */
static int config_leaves(json_t *out, json_t *v, const char *prefix,
                         const char *ptr, int depth)
{
	const char *key;
	json_t *child;

	if (!json_is_object(v) || depth > EM_CONFIG_DEPTH) {
		json_t *leaf =
		    json_pack("[s, O, s]", prefix,
		              json_is_object(v) ? json_null() : v, ptr);
		return leaf && json_array_append_new(out, leaf) == 0 ? 0 : -1;
	}
	json_object_foreach(v, key, child)
	{
		size_t kl = strlen(key), pl = strlen(prefix), ql = strlen(ptr);
		char *k = malloc(pl + kl + 2), *q = malloc(ql + 2 * kl + 2);
		char *w;
		const char *r;
		int rc;
		if (!k || !q) {
			free(k);
			free(q);
			return -1;
		}
		snprintf(k, pl + kl + 2, "%s%s%s", prefix, pl ? "." : "", key);
		memcpy(q, ptr, ql);
		w = q + ql;
		*w++ = '/';
		for (r = key; *r; r++) { /* RFC 6901 escapes */
			if (*r == '~' || *r == '/') {
				*w++ = '~';
				*w++ = *r == '~' ? '0' : '1';
			} else {
				*w++ = *r;
			}
		}
		*w = '\0';
		rc = config_leaves(out, child, k, q, depth + 1);
		free(k);
		free(q);
		if (rc < 0)
			return -1;
	}
	return 0;
}

json_t *mcp_config_leaves(json_t *values)
{
	json_t *out = json_array();

	if (out && json_is_object(values) &&
	    config_leaves(out, values, "", "/spec/config/values", 1) < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

json_t *mcp_config_flat(json_t *values)
{
	json_t *leaves = mcp_config_leaves(values), *out = json_object();
	size_t i;
	int oom = !leaves || !out;

	for (i = 0; !oom && i < json_array_size(leaves); i++) {
		json_t *l = json_array_get(leaves, i);
		const char *k = json_string_value(json_array_get(l, 0));
		if (!json_object_get(out, k))
			em_put(out, k, json_deep_copy(json_array_get(l, 1)),
			       &oom);
	}
	json_decref(leaves);
	if (oom) {
		json_decref(out);
		return NULL;
	}
	return out;
}

json_t *mcp_resources_of(json_t *res, int server, long long gpus)
{
	json_t *out = json_object(), *req, *lim;
	int oom = !out;

	if (oom)
		return NULL;
	req = em_at(res, "requests");
	lim = em_at(res, "limits");
	if (res) {
		em_put(out, "requests", resource_list(req), &oom);
		em_put(out, "limits", resource_list(lim), &oom);
	} else {
		/* the documented defaults for a workload without resources */
		em_put(out, "requests",
		       server ? json_pack("{s:s, s:s}", "cpu", "2", "memory",
		                          "8Gi")
		              : json_pack("{s:s, s:s}", "cpu", "100m", "memory",
		                          "128Mi"),
		       &oom);
		em_put(out, "limits",
		       json_pack("{s:s}", "memory", server ? "16Gi" : "256Mi"),
		       &oom);
	}
	if (!oom && gpus > 0)
		em_put(json_object_get(out, "limits"), "nvidia.com/gpu",
		       json_integer(gpus), &oom);
	if (oom) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* The node label that names a cloud's node pool. */
const char *mcp_pool_label(const char *cloud)
{
	if (!cloud)
		return NULL;
	if (strcmp(cloud, "azure") == 0)
		return "kubernetes.azure.com/agentpool";
	if (strcmp(cloud, "aws") == 0)
		return "eks.amazonaws.com/nodegroup";
	if (strcmp(cloud, "gcp") == 0)
		return "cloud.google.com/gke-nodepool";
	return NULL;
}

json_t *mcp_pool_of(json_t *spec)
{
	const char *name = em_str(em_at(spec, "inference/nodePool"), NULL);
	json_t *pools = em_at(spec, "nodePools");
	size_t i;

	for (i = 0; name && i < json_array_size(pools); i++)
		if (strcmp(em_str(em_at(json_array_get(pools, i), "name"), ""),
		           name) == 0)
			return json_array_get(pools, i);
	return NULL;
}

int mcp_gpu_pool(json_t *spec)
{
	return em_int(em_at(mcp_pool_of(spec), "gpu/count"), 0) > 0;
}

int mcp_pool_placement(json_t *spec)
{
	return !mcp_gpu_pool(spec) ||
	       em_bool(em_at(spec, "inference/gpu/enabled"), 1);
}

/* nodeSelector: the pool's own labels, and the cloud's pool label. */
json_t *mcp_node_selector(json_t *spec)
{
	json_t *pool = mcp_pool_of(spec), *sel;
	const char *label =
	    mcp_pool_label(em_str(em_at(spec, "target/cloud"), NULL));
	int oom = 0;

	sel = pool ? em_copy(em_at(pool, "labels")) : json_object();
	if (sel && pool && label)
		em_put(sel, label, json_string(em_str(em_at(pool, "name"), "")),
		       &oom);
	if (oom) {
		json_decref(sel);
		return NULL;
	}
	return sel;
}

/* tolerations: one for each taint of the pool. */
json_t *mcp_tolerations(json_t *spec)
{
	json_t *taints = em_at(mcp_pool_of(spec), "taints");
	json_t *out = json_array();
	size_t i;

	for (i = 0; out && i < json_array_size(taints); i++) {
		json_t *t = json_array_get(taints, i), *tol;
		json_t *value = em_at(t, "value");
		tol = value ? json_pack("{s:O, s:s, s:O, s:O}", "key",
		                        em_at(t, "key"), "operator", "Equal",
		                        "value", value, "effect",
		                        em_at(t, "effect"))
		            : json_pack("{s:O, s:s, s:O}", "key",
		                        em_at(t, "key"), "operator", "Exists",
		                        "effect", em_at(t, "effect"));
		if (!tol || json_array_append_new(out, tol) < 0) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

/* A byte size ("50Mi") in bytes; dflt when absent or not one. */
static json_int_t bytes_of(json_t *v, json_int_t dflt)
{
	__int128 q;
	if (json_is_integer(v))
		return json_integer_value(v);
	if (!json_is_string(v) ||
	    mcp_quantity_parse(&q, json_string_value(v), NULL) != 0)
		return dflt;
	return (json_int_t)(q / 1000000000);
}

static json_t *service_values(json_t *svc, json_t *spec)
{
	json_t *o = json_object();
	int oom = !o;

	(void)spec;
	if (oom)
		return NULL;
	em_put(o, "name", json_string(em_str(em_at(svc, "name"), "")), &oom);
	em_put(o, "image", image_values(em_str(em_at(svc, "image"), "")), &oom);
	em_put(o, "port", json_integer(em_int(em_at(svc, "port"), 8080)), &oom);
	em_put(o, "protocol",
	       json_string(em_str(em_at(svc, "protocol"), "http")), &oom);
	em_put(o, "replicaCount",
	       json_integer(em_int(em_at(svc, "replicas"), 1)), &oom);
	em_put(o, "resources", mcp_resources_of(em_at(svc, "resources"), 0, 0),
	       &oom);
	em_put(o, "env", env_list(em_at(svc, "env"), 0), &oom);
	em_put(o, "secretEnv", env_list(em_at(svc, "secretEnv"), 1), &oom);
	em_put(o, "calls", copy_or_list(em_at(svc, "calls")), &oom);
	if (oom) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* model.storage: type, the one storage type every model uses, or
 * "mixed" when they use several; types, each type once in the order the
 * models first use it. */
static json_t *model_values(json_t *models)
{
	json_t *types = json_array(), *o;
	size_t i, k;

	for (i = 0; types && i < json_array_size(models); i++) {
		const char *t = em_str(
		    em_at(json_array_get(models, i), "storage/type"), NULL);
		for (k = 0; t && k < json_array_size(types); k++)
			if (strcmp(json_string_value(json_array_get(types, k)),
			           t) == 0)
				break;
		if (t && k == json_array_size(types) &&
		    json_array_append_new(types, json_string(t)) < 0) {
			json_decref(types);
			return NULL;
		}
	}
	if (!types)
		return NULL;
	o = json_pack("{s:{s:s, s:o}}", "storage", "type",
	              json_array_size(types) > 1
	                  ? "mixed"
	                  : em_str(json_array_get(types, 0), "pvc"),
	              "types", types);
	return o;
}

/* logging: fluentBit, and with it the parsers the pods name and the
 * destination. */
static json_t *logging_values(json_t *doc, json_t *spec)
{
	json_t *dest = em_at(spec, "observability/logging/destination");
	json_t *fb, *d;
	int oom = 0;

	if (!mcp_fluent_bit(spec))
		return json_pack("{s:{s:b}}", "fluentBit", "enabled", 0);
	fb = json_pack("{s:b, s:{s:s, s:s}}", "enabled", 1, "parsers", "server",
	               mcp_server_parser(spec), "services",
	               mcp_service_parser(spec));
	if (fb && dest) {
		d = json_pack(
		    "{s:s, s:s, s:I, s:s, s:b}", "type",
		    em_str(em_at(dest, "type"), "elasticsearch"), "host",
		    em_str(em_at(dest, "host"), ""), "port",
		    em_int(em_at(dest, "port"), 9200), "index",
		    em_str(em_at(dest, "index"),
		           em_str(em_at(doc, "metadata/name"), "mcp")),
		    "tls", em_bool(em_at(dest, "tls"), 1));
		em_put(fb, "destination", d, &oom);
	}
	if (oom) {
		json_decref(fb);
		return NULL;
	}
	return fb ? json_pack("{s:o}", "fluentBit", fb) : NULL;
}

/* rollout: maxParallel and the sync waves it makes, the timeout (a Go
 * duration, what helm --wait --timeout takes) and the progress deadline,
 * the RollingUpdate's maxUnavailable and maxSurge, the server's
 * autoscaling (enabled, with the emitter's defaults written in) and its
 * disruption budget as the spec has them. */
static json_t *rollout_values(json_t *doc, json_t *spec)
{
	const char *name = em_str(em_at(doc, "metadata/name"), "");
	json_t *svcs = em_at(spec, "services"), *w, *o, *x;
	json_t *as = em_at(spec, "rollout/autoscaling");
	long long secs = mcp_rollout_deadline(spec);
	char buf[96];
	int oom = 0;
	size_t i;

	w = json_object();
	if (!w)
		return NULL;
	snprintf(buf, sizeof(buf), "%s-triton", name);
	em_put(w, buf, json_integer(mcp_rollout_wave(spec, 0)), &oom);
	for (i = 0; i < json_array_size(svcs); i++)
		em_put(
		    w,
		    em_str(em_at(json_array_get(svcs, i), "name"), "service"),
		    json_integer(mcp_rollout_wave(spec, i + 1)), &oom);
	snprintf(buf, sizeof(buf), "%llds", secs);
	o = json_pack("{s:I, s:s, s:I}", "maxParallel",
	              mcp_rollout_parallel(spec), "timeout", buf,
	              "progressDeadlineSeconds", (json_int_t)secs);
	if (!o) {
		json_decref(w);
		return NULL;
	}
	if ((x = em_at(spec, "rollout/maxUnavailable")))
		em_put(o, "maxUnavailable", json_deep_copy(x), &oom);
	if ((x = em_at(spec, "rollout/maxSurge")))
		em_put(o, "maxSurge", json_deep_copy(x), &oom);
	em_put(
	    o, "autoscaling",
	    as ? json_pack("{s:b, s:I, s:I, s:I}", "enabled", 1, "minReplicas",
	                   em_int(em_at(as, "minReplicas"), 1), "maxReplicas",
	                   em_int(em_at(as, "maxReplicas"), 1),
	                   "targetCPUUtilization",
	                   em_int(em_at(as, "targetCPUUtilization"), 80))
	       : json_pack("{s:b}", "enabled", 0),
	    &oom);
	if ((x = em_at(spec, "rollout/disruptionBudget")))
		em_put(o, "disruptionBudget", json_deep_copy(x), &oom);
	em_put(o, "syncWaves",
	       json_pack("{s:i, s:o, s:I}", "prerequisites", 0, "workloads", w,
	                 "dependents", mcp_rollout_last_wave(spec)),
	       &oom);
	if (oom) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* rbac: the roles as the spec has them, and what each permission they
 * name means (the permission map's rules, or the ClusterRole it binds),
 * each permission once, so that the chart renders the Roles mcpc does. */
static json_t *rbac_values(json_t *spec, const mcp_rules *rules)
{
	json_t *roles = em_at(spec, "rbac/roles");
	json_t *perms = json_object(), *o;
	size_t i, k;
	int oom = !perms;

	for (i = 0; !oom && i < json_array_size(roles); i++) {
		json_t *names = em_at(json_array_get(roles, i), "permissions");
		for (k = 0; !oom && k < json_array_size(names); k++) {
			const char *n = em_str(json_array_get(names, k), "");
			json_t *e =
			    rules ? mcp_rules_permission(rules, n) : NULL;
			const char *cr = em_str(em_at(e, "clusterRole"), NULL);
			if (json_object_get(perms, n))
				continue;
			em_put(perms, n,
			       cr ? json_pack("{s:s}", "clusterRole", cr)
			          : json_pack("{s:o}", "rules",
			                      copy_or_list(em_at(e, "rules"))),
			       &oom);
		}
	}
	if (oom) {
		json_decref(perms);
		return NULL;
	}
	o = json_pack("{s:o, s:o}", "roles", copy_or_list(roles), "permissions",
	              perms);
	return o;
}

/* metadata.annotations that reach the objects: strings, and none of
 * mcpc's own (mcpc.io/...: waivers, which speak to mcpc). */
static json_t *common_annotations(json_t *doc)
{
	json_t *out = json_object(), *v;
	const char *k;
	int oom = !out;

	json_object_foreach(em_at(doc, "metadata/annotations"), k, v)
	{
		if (!oom && strncmp(k, "mcpc.io/", 8) != 0 && json_is_string(v))
			em_put(out, k, json_copy(v), &oom);
	}
	if (oom) {
		json_decref(out);
		return NULL;
	}
	return out;
}

int mcp_values_build(json_t **out, json_t *doc, const char *origin,
                     const char *env, const mcp_rules *rules)
{
	json_t *spec = em_at(doc, "spec"), *v = json_object(), *x;
	json_t *inf = em_at(spec, "inference");
	json_t *models = em_at(inf, "models");
	int oom = !v, gpu = em_bool(em_at(inf, "gpu/enabled"), 1);
	int gpu_pool = mcp_gpu_pool(spec);
	json_int_t gpus = em_int(em_at(inf, "gpu/count"), 1);
	char img[512];
	size_t i;

	*out = NULL;
	if (oom)
		return MCP_ENOMEM;
	em_put(v, "nameOverride",
	       json_string(em_str(em_at(doc, "metadata/name"), "")), &oom);
	em_put(
	    v, "namespace",
	    json_string(em_str(em_at(doc, "metadata/namespace"), EM_NAMESPACE)),
	    &oom);
	em_put(v, "source", json_string(origin ? origin : ""), &oom);
	em_put(v, "environment", json_string(env ? env : "default"), &oom);
	em_put(v, "tritonRelease",
	       json_string(em_str(em_at(inf, "version"), "unknown")), &oom);
	em_put(v, "commonLabels", em_copy(em_at(doc, "metadata/labels")), &oom);
	em_put(v, "commonAnnotations", common_annotations(doc), &oom);
	em_put(v, "replicaCount", json_integer(mcp_replicas_of(spec)), &oom);
	em_put(v, "image",
	       image_values(mcp_server_image(spec, img, sizeof(img))), &oom);
	em_put(v, "imagePullSecrets", mcp_pull_secrets(spec), &oom);
	em_put(
	    v, "logLevel",
	    json_string(em_str(em_at(spec, "observability/logLevel"), "INFO")),
	    &oom);
	/* a GPU pool's placement goes with the GPUs: it applies only while
	 * gpu.enabled is on (--set gpu.enabled=false drops it) */
	em_put(v, "gpu",
	       json_pack("{s:b, s:I, s:o, s:o}", "enabled", gpu, "count", gpus,
	                 "nodeSelector",
	                 gpu_pool ? mcp_node_selector(spec) : json_object(),
	                 "tolerations",
	                 gpu_pool ? mcp_tolerations(spec) : json_array()),
	       &oom);
	em_put(v, "model", model_values(models), &oom);
	em_put(v, "models", copy_or_list(models), &oom);
	em_put(v, "resources", mcp_resources_of(em_at(inf, "resources"), 1, 0),
	       &oom);
	em_put(v, "nodeSelector",
	       gpu_pool ? json_object() : mcp_node_selector(spec), &oom);
	em_put(v, "tolerations",
	       gpu_pool ? json_array() : mcp_tolerations(spec), &oom);
	em_put(v, "service",
	       json_pack("{s:{s:I, s:I, s:I}}", "ports", "http",
	                 em_int(em_at(inf, "ports/http"), 8000), "grpc",
	                 em_int(em_at(inf, "ports/grpc"), 8001), "metrics",
	                 em_int(em_at(inf, "ports/metrics"), 8002)),
	       &oom);
	x = em_at(inf, "grpc/keepalive");
	em_put(v, "grpc",
	       json_pack("{s:I, s:{s:s, s:s, s:b}}", "maxRecvMessageSize",
	                 bytes_of(em_at(inf, "grpc/maxRecvMessageSize"),
	                          (json_int_t)50 * 1024 * 1024),
	                 "keepalive", "time",
	                 em_str(em_at(x, "time"), EM_KEEPALIVE_TIME), "timeout",
	                 em_str(em_at(x, "timeout"), EM_KEEPALIVE_TIMEOUT),
	                 "permitWithoutStream",
	                 em_bool(em_at(x, "permitWithoutStream"),
	                         EM_KEEPALIVE_PERMIT)),
	       &oom);
	em_put(v, "timeouts", mcp_timeouts_of(spec), &oom);
	if ((x = em_at(spec, "gateway")))
		em_put(v, "gateway", json_deep_copy(x), &oom);
	if ((x = em_at(spec, "config"))) {
		/* the values as the ConfigMap has them: nested keys joined,
		 * each value the string the ConfigMap holds */
		json_t *c = json_deep_copy(x), *flat;
		if (c && json_object_get(c, "values")) {
			flat = mcp_config_flat(em_at(x, "values"));
			em_put(c, "values", texts_of(flat), &oom);
			json_decref(flat);
		}
		em_put(v, "config", c, &oom);
	}
	em_put(v, "metrics",
	       json_pack(
	           "{s:b, s:b}", "enabled",
	           em_bool(em_at(spec, "observability/metrics/enabled"), 1),
	           "serviceMonitor",
	           em_bool(em_at(spec, "observability/metrics/serviceMonitor"),
	                   0)),
	       &oom);
	x = em_at(spec, "observability/tracing");
	em_put(v, "tracing",
	       x ? json_pack("{s:b, s:O, s:s, s:o, s:b, s:b}", "enabled", 1,
	                     "otlpEndpoint", em_at(x, "otlpEndpoint"),
	                     "protocol", em_str(em_at(x, "protocol"), "grpc"),
	                     "sampleRatio",
	                     em_at(x, "sampleRatio")
	                         ? json_deep_copy(em_at(x, "sampleRatio"))
	                         : json_real(1.0),
	                     "metrics", em_bool(em_at(x, "metrics"), 1), "logs",
	                     em_bool(em_at(x, "logs"), 1))
	         : json_pack("{s:b}", "enabled", 0),
	       &oom);
	em_put(v, "logging", logging_values(doc, spec), &oom);
	x = em_at(spec, "security/networkPolicy");
	em_put(v, "networkPolicy",
	       json_pack("{s:b, s:o}", "enabled",
	                 em_bool(em_at(x, "enabled"), 1), "ingressFrom",
	                 copy_or_list(em_at(x, "ingressFrom"))),
	       &oom);
	em_put(v, "rollout", rollout_values(doc, spec), &oom);
	em_put(v, "rbac", rbac_values(spec, rules), &oom);
	x = json_array();
	for (i = 0; x && i < json_array_size(em_at(spec, "services")); i++)
		if (json_array_append_new(
		        x, service_values(
		               json_array_get(em_at(spec, "services"), i),
		               spec)) < 0)
			oom = 1;
	em_put(v, "services", x, &oom);
	if (oom) {
		json_decref(v);
		return MCP_ENOMEM;
	}
	*out = v;
	return 0;
}

const char *mcp_values_schema_text(size_t *len)
{
	const mcp_embedded *e = mcp_embedded_find("schema/values.schema.json");
	*len = e ? e->len : 0;
	return e ? (const char *)e->data : NULL;
}
