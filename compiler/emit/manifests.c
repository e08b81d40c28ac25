/*
 * manifests.c: the Kubernetes objects of a spec, in a fixed order
 * (Namespace, ServiceAccounts, RBAC, ConfigMap, Services, Deployments,
 * HPA, PDB, NetworkPolicies, Ingress, ServiceMonitor). Every pod passes
 * Pod Security "restricted"; every object carries the recommended
 * app.kubernetes.io labels and an mcpc.io/source annotation naming the
 * spec node it comes from; API versions come from the matrix for the
 * target Kubernetes release. docs/build.md describes every choice.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/emit_int.h"
#include "mcpc/mcpc.h"
#include "support/num.h"
#include "support/pointer.h"
#include "support/sha256.h"

#define RULE_API      "MCP-BUILD-001"
#define RULE_CONFIG   "MCP-BUILD-004"
#define RULE_STORAGE  "MCP-BUILD-005"
#define SERVER_SUFFIX "-triton"
#define RUN_AS        1000 /* the Triton image's own user, and the services' */

typedef struct mf {
	json_t *doc, *spec, *out;
	const char *name, *ns, *version, *k8s, *origin, *env;
	const mcp_matrix *matrix;
	const mcp_rules *rules;
	const mcp_source *src;
	size_t docidx;
	mcp_diag *d;
	char server[80];  /* the server's workload name */
	char config[96];  /* the ConfigMap's name */
	char hash[17];    /* the rendered ConfigMap's digest (hash_of) */
	int oom, refused; /* refused: an API the target lacks */
} mf;

/* ---- pieces ---- */

static json_t *labels(mf *m, const char *workload, const char *component)
{
	json_t *l = em_copy(em_at(m->doc, "metadata/labels"));

	if (!l) {
		m->oom = 1;
		return NULL;
	}
	em_put(l, "app.kubernetes.io/name", json_string(workload), &m->oom);
	em_put(l, "app.kubernetes.io/instance", json_string(m->name), &m->oom);
	em_put(l, "app.kubernetes.io/version", json_string(m->version),
	       &m->oom);
	em_put(l, "app.kubernetes.io/component", json_string(component),
	       &m->oom);
	em_put(l, "app.kubernetes.io/part-of", json_string(m->name), &m->oom);
	em_put(l, "app.kubernetes.io/managed-by", json_string("mcpc"), &m->oom);
	return l;
}

static json_t *selector(mf *m, const char *workload)
{
	return json_pack("{s:s, s:s}", "app.kubernetes.io/name", workload,
	                 "app.kubernetes.io/instance", m->name);
}

/* A LabelSelector for a workload's pods. */
static json_t *match(mf *m, const char *workload)
{
	return json_pack("{s:o}", "matchLabels", selector(m, workload));
}

/* Every kind mcpc emits, with its stable apiVersion (used when the
 * matrix's kubernetesApis name no replacement). object() takes the
 * version from here, so a kind emitted is a kind listed, which is what
 * mcp_manifests_may_refuse relies on. */
static const struct {
	const char *kind, *api;
} kinds[] = {
    {"Namespace", "v1"},
    {"ServiceAccount", "v1"},
    {"Role", "rbac.authorization.k8s.io/v1"},
    {"RoleBinding", "rbac.authorization.k8s.io/v1"},
    {"ConfigMap", "v1"},
    {"Service", "v1"},
    {"Deployment", "apps/v1"},
    {"HorizontalPodAutoscaler", "autoscaling/v2"},
    {"PodDisruptionBudget", "policy/v1"},
    {"NetworkPolicy", "networking.k8s.io/v1"},
    {"Ingress", "networking.k8s.io/v1"},
    {"RequestAuthentication", "security.istio.io/v1"},
    {"AuthorizationPolicy", "security.istio.io/v1"},
    {"ServiceMonitor", "monitoring.coreos.com/v1"},
};

static const char *stable_api(const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return kinds[i].api;
	return NULL;
}

/* The apiVersion of kind for the target, or NULL after a finding. */
static const char *api(mf *m, const char *kind)
{
	const char *dflt = stable_api(kind);
	if (!dflt) { /* a kind missing from kinds[]: never an object left out */
		m->oom = 1;
		return NULL;
	}
	const char *v, *since;
	mcp_loc loc = {mcp_source_name(m->src), 1, 1};

	if (mcp_matrix_api_version(m->matrix, kind, m->k8s, dflt, &v, &since))
		return v;
	mcp_srcmap_nearest(mcp_source_srcmap(m->src), m->docidx,
	                   "/spec/target/kubernetes", &loc);
	if (!mcp_diag_add(m->d, RULE_API, MCP_SEV_ERROR, &loc,
	                  "/spec/target/kubernetes",
	                  "target a Kubernetes release that has it",
	                  "Kubernetes %s has no %s %s (available from %s): "
	                  "mcpc cannot emit the %s",
	                  m->k8s, v, kind, since, kind))
		m->oom = 1;
	m->refused = 1;
	return NULL;
}

/* The annotations of every object: the spec's metadata.annotations, but
 * for mcpc's own (mcpc.io/...: waivers, the environment, which speak to
 * mcpc, not to the cluster), then the source annotation and the sync
 * wave. */
static json_t *annotations(mf *m, const char *source)
{
	json_t *ann = json_object(), *v;
	const char *k;

	if (!ann)
		return NULL;
	json_object_foreach(em_at(m->doc, "metadata/annotations"), k, v)
	{
		if (strncmp(k, "mcpc.io/", 8) != 0 && json_is_string(v))
			em_put(ann, k, json_copy(v), &m->oom);
	}
	em_put(ann, "mcpc.io/source", json_string(source), &m->oom);
	em_put(ann, "argocd.argoproj.io/sync-wave", json_string("0"), &m->oom);
	return ann;
}

/* A new object: apiVersion, kind, metadata (name, namespace unless
 * cluster-wide, labels, annotations). */
static json_t *object(mf *m, const char *kind, const char *name,
                      const char *workload, const char *component,
                      const char *pointer, int namespaced)
{
	const char *v = api(m, kind);
	json_t *o, *meta;
	char source[512];

	if (!v)
		return NULL;
	snprintf(source, sizeof(source), "%s#%s", m->origin, pointer);
	o = json_pack("{s:s, s:s, s:{s:s}}", "apiVersion", v, "kind", kind,
	              "metadata", "name", name);
	if (!o) {
		m->oom = 1;
		return NULL;
	}
	meta = json_object_get(o, "metadata");
	if (namespaced)
		em_put(meta, "namespace", json_string(m->ns), &m->oom);
	em_put(meta, "labels", labels(m, workload, component), &m->oom);
	/* every object's sync wave is 0; sync_waves moves the workloads and
	 * what needs them to later ones */
	em_put(meta, "annotations", annotations(m, source), &m->oom);
	return o;
}

static void emit(mf *m, json_t *o)
{
	if (o && json_array_append_new(m->out, o) < 0)
		m->oom = 1;
}

/* A duration ("30s") in whole milliseconds, or -1. */
static long long millis(json_t *v)
{
	int64_t ns;
	if (!json_is_string(v) ||
	    mcp_duration_parse(&ns, json_string_value(v), NULL) != 0)
		return -1;
	return (long long)(ns / 1000000);
}

/* millis(v), or of the duration dflt when v is absent. */
static long long millis_or(json_t *v, const char *dflt)
{
	json_t *d;
	long long ms;

	if (v)
		return millis(v);
	d = json_string(dflt);
	ms = millis(d);
	json_decref(d);
	return ms;
}

static json_t *pod_security(void)
{
	return json_pack("{s:b, s:i, s:i, s:i, s:{s:s}}", "runAsNonRoot", 1,
	                 "runAsUser", RUN_AS, "runAsGroup", RUN_AS, "fsGroup",
	                 RUN_AS, "seccompProfile", "type", "RuntimeDefault");
}

static json_t *container_security(void)
{
	return json_pack("{s:b, s:b, s:b, s:{s:[s]}}",
	                 "allowPrivilegeEscalation", 0,
	                 "readOnlyRootFilesystem", 1, "runAsNonRoot", 1,
	                 "capabilities", "drop", "ALL");
}

/* Spread replicas over nodes when there are several. */
static json_t *anti_affinity(mf *m, const char *workload)
{
	return json_pack("{s:{s:[{s:i, s:{s:{s:o}, s:s}}]}}", "podAntiAffinity",
	                 "preferredDuringSchedulingIgnoredDuringExecution",
	                 "weight", 100, "podAffinityTerm", "labelSelector",
	                 "matchLabels", selector(m, workload), "topologyKey",
	                 "kubernetes.io/hostname");
}

static void env_value(mf *m, json_t *env, const char *name, const char *v)
{
	if (json_array_append_new(
	        env, json_pack("{s:s, s:s}", "name", name, "value", v)) < 0)
		m->oom = 1;
}

/* The OTLP protocol the SDKs use: grpc (4317) or http/protobuf (4318). */
static const char *otlp_protocol(mf *m)
{
	return em_str(em_at(m->spec, "observability/tracing/protocol"), "grpc");
}

/* The OpenTelemetry SDKs' standard variables, when tracing is set: where
 * and how to export, the resource (the pod and node from the downward
 * API, which $(VAR) references expand), the exporter of each signal and
 * the sampler. */
static void tracing_env(mf *m, json_t *env, const char *workload)
{
	json_t *t = em_at(m->spec, "observability/tracing");
	json_t *ratio = em_at(t, "sampleRatio");
	char buf[40], attrs[1024];

	if (!t)
		return;
	snprintf(buf, sizeof(buf), "%g",
	         json_is_number(ratio) ? json_number_value(ratio) : 1.0);
	if (json_array_append_new(env, json_pack("{s:s, s:{s:{s:s}}}", "name",
	                                         "K8S_POD_NAME", "valueFrom",
	                                         "fieldRef", "fieldPath",
	                                         "metadata.name")) < 0 ||
	    json_array_append_new(env, json_pack("{s:s, s:{s:{s:s}}}", "name",
	                                         "K8S_NODE_NAME", "valueFrom",
	                                         "fieldRef", "fieldPath",
	                                         "spec.nodeName")) < 0)
		m->oom = 1;
	env_value(m, env, "OTEL_EXPORTER_OTLP_ENDPOINT",
	          em_str(em_at(t, "otlpEndpoint"), ""));
	env_value(m, env, "OTEL_EXPORTER_OTLP_PROTOCOL", otlp_protocol(m));
	env_value(m, env, "OTEL_SERVICE_NAME", workload);
	snprintf(attrs, sizeof(attrs),
	         "service.name=%s,service.namespace=%s,"
	         "deployment.environment=%s,k8s.namespace.name=%s,"
	         "k8s.deployment.name=%s,k8s.pod.name=$(K8S_POD_NAME),"
	         "k8s.node.name=$(K8S_NODE_NAME)",
	         workload, m->name, m->env, m->ns, workload);
	env_value(m, env, "OTEL_RESOURCE_ATTRIBUTES", attrs);
	env_value(m, env, "OTEL_TRACES_EXPORTER", "otlp");
	env_value(m, env, "OTEL_METRICS_EXPORTER",
	          em_bool(em_at(t, "metrics"), 1) ? "otlp" : "none");
	env_value(m, env, "OTEL_LOGS_EXPORTER",
	          em_bool(em_at(t, "logs"), 1) ? "otlp" : "none");
	env_value(m, env, "OTEL_TRACES_SAMPLER", "parentbased_traceidratio");
	env_value(m, env, "OTEL_TRACES_SAMPLER_ARG", buf);
}

/* Where Triton sends its spans: its OpenTelemetry exporter speaks only
 * OTLP/HTTP, so the endpoint itself with http/protobuf, else the same host
 * on 4318 (the OTLP/HTTP port beside the collector's 4317), and the traces
 * path /v1/traces. Empty without tracing. */
static void triton_trace_url(mf *m, char *out, size_t n)
{
	const char *ep =
	    em_str(em_at(m->spec, "observability/tracing/otlpEndpoint"), NULL);
	const char *h, *end, *colon;
	size_t len;

	out[0] = '\0';
	if (!ep)
		return;
	len = strlen(ep);
	while (len > 0 && ep[len - 1] == '/')
		len--;
	if (strcmp(otlp_protocol(m), "grpc") != 0) {
		snprintf(out, n, "%.*s/v1/traces", (int)len, ep);
		return;
	}
	h = strstr(ep, "://");
	h = h ? h + 3 : ep;
	end = h + strcspn(h, "/?#");
	colon = memchr(h, ':', (size_t)(end - h));
	snprintf(out, n, "%.*s:4318/v1/traces",
	         (int)((colon ? colon : end) - ep), ep);
}

/* What the cluster's Fluent Bit reads from a pod, with fluentBit on: the
 * Kubernetes filter's fluentbit.io/parser (the server's log format, or the
 * services' logging.parser) and fluentbit.io/exclude, and the destination
 * its routing matches on (mcpc.io/log-destination, TYPE://HOST:PORT) with
 * the index (mcpc.io/log-index) its Elasticsearch output takes as
 * Logstash_Prefix_Key. Nothing without fluentBit. */
static void log_annotations(mf *m, json_t *ann, int server)
{
	json_t *dest = em_at(m->spec, "observability/logging/destination");
	char buf[400];

	if (!mcp_fluent_bit(m->spec))
		return;
	em_put(ann, "fluentbit.io/parser",
	       json_string(server ? mcp_server_parser(m->spec)
	                          : mcp_service_parser(m->spec)),
	       &m->oom);
	em_put(ann, "fluentbit.io/exclude", json_string("false"), &m->oom);
	if (!dest)
		return;
	snprintf(buf, sizeof(buf), "%s://%s:%" JSON_INTEGER_FORMAT,
	         em_str(em_at(dest, "type"), "elasticsearch"),
	         em_str(em_at(dest, "host"), ""),
	         em_int(em_at(dest, "port"), 9200));
	em_put(ann, "mcpc.io/log-destination", json_string(buf), &m->oom);
	em_put(ann, "mcpc.io/log-index",
	       json_string(em_str(em_at(dest, "index"), m->name)), &m->oom);
}

/* A Deployment's pod template around one container. */
static json_t *deployment(mf *m, const char *workload, const char *component,
                          const char *pointer, json_int_t replicas,
                          json_t *container, json_t *volumes)
{
	json_t *o =
	    object(m, "Deployment", workload, workload, component, pointer, 1);
	json_t *pod, *tmpl, *spec;

	if (!o) {
		json_decref(container);
		json_decref(volumes);
		return NULL;
	}
	pod = json_pack(
	    "{s:s, s:b, s:o, s:o, s:o, s:[o], s:o}", "serviceAccountName",
	    workload, "automountServiceAccountToken", 0, "securityContext",
	    pod_security(), "imagePullSecrets", mcp_pull_secrets(m->spec),
	    "nodeSelector", json_object(), "containers", container, "volumes",
	    volumes);
	if (!pod) {
		m->oom = 1;
		json_decref(o);
		return NULL;
	}
	if (replicas > 1)
		em_put(pod, "affinity", anti_affinity(m, workload), &m->oom);
	tmpl = json_pack("{s:{s:o, s:{s:s}}, s:o}", "metadata", "labels",
	                 labels(m, workload, component), "annotations",
	                 "mcpc.io/config-hash", m->hash, "spec", pod);
	if (tmpl)
		log_annotations(m, em_at(tmpl, "metadata/annotations"),
		                strcmp(component, "inference") == 0);
	spec =
	    json_pack("{s:I, s:I, s:{s:o}, s:o}", "replicas", replicas,
	              "progressDeadlineSeconds",
	              (json_int_t)mcp_rollout_deadline(m->spec), "selector",
	              "matchLabels", selector(m, workload), "template", tmpl);
	em_put(o, "spec", spec, &m->oom);
	return o;
}

/* ---- the objects ---- */

/* The namespace, as helm install --create-namespace makes it; never one
 * Kubernetes makes itself (mcpc would relabel it, and own it in Argo CD). */
static void namespace(mf *m)
{
	if (mcp_builtin_namespace(m->ns))
		return;
	emit(m, object(m, "Namespace", m->ns, m->name, "namespace", "/metadata",
	               0));
}

static void service_accounts(mf *m)
{
	json_t *svcs = em_at(m->spec, "services"), *o;
	size_t i;
	char ptr[64];

	o = object(m, "ServiceAccount", m->server, m->server, "inference",
	           "/spec/inference", 1);
	if (o)
		em_put(o, "automountServiceAccountToken", json_false(),
		       &m->oom);
	emit(m, o);
	for (i = 0; i < json_array_size(svcs); i++) {
		const char *n =
		    em_str(em_at(json_array_get(svcs, i), "name"), "service");
		snprintf(ptr, sizeof(ptr), "/spec/services/%zu", i);
		o = object(m, "ServiceAccount", n, n, "service", ptr, 1);
		if (o)
			em_put(o, "automountServiceAccountToken", json_false(),
			       &m->oom);
		emit(m, o);
	}
}

static json_t *subject(mf *m, json_t *s)
{
	const char *v;

	if ((v = em_str(em_at(s, "group"), NULL)))
		return json_pack("{s:s, s:s, s:s}", "kind", "Group", "apiGroup",
		                 "rbac.authorization.k8s.io", "name", v);
	if ((v = em_str(em_at(s, "user"), NULL)))
		return json_pack("{s:s, s:s, s:s}", "kind", "User", "apiGroup",
		                 "rbac.authorization.k8s.io", "name", v);
	v = em_str(em_at(s, "serviceAccount"), "default");
	return json_pack("{s:s, s:s, s:s}", "kind", "ServiceAccount", "name", v,
	                 "namespace", m->ns);
}

/* A Role with the permissions' rules and its RoleBinding; a permission
 * that names a ClusterRole gets a binding of its own to it. */
static void rbac(mf *m)
{
	json_t *roles = em_at(m->spec, "rbac/roles");
	size_t i, k;

	for (i = 0; i < json_array_size(roles); i++) {
		json_t *role = json_array_get(roles, i), *rules = json_array();
		json_t *perms = em_at(role, "permissions"), *subs, *o;
		const char *rn = em_str(em_at(role, "name"), "role");
		char name[160], ptr[64];
		snprintf(name, sizeof(name), "%s-%s", m->name, rn);
		snprintf(ptr, sizeof(ptr), "/spec/rbac/roles/%zu", i);
		subs = json_array();
		for (k = 0;
		     subs && k < json_array_size(em_at(role, "subjects")); k++)
			json_array_append_new(
			    subs, subject(m, json_array_get(
			                         em_at(role, "subjects"), k)));
		for (k = 0; rules && k < json_array_size(perms); k++) {
			json_t *e = mcp_rules_permission(
			    m->rules, em_str(json_array_get(perms, k), ""));
			const char *cr = em_str(em_at(e, "clusterRole"), NULL);
			char bname[200];
			if (!cr) {
				if (em_at(e, "rules") &&
				    json_array_extend(rules,
				                      em_at(e, "rules")) < 0)
					m->oom = 1;
				continue;
			}
			snprintf(bname, sizeof(bname), "%s-%s", name, cr);
			o = object(m, "RoleBinding", bname, m->name, "rbac",
			           ptr, 1);
			if (o)
				em_put(o, "roleRef",
				       json_pack("{s:s, s:s, s:s}", "apiGroup",
				                 "rbac.authorization.k8s.io",
				                 "kind", "ClusterRole", "name",
				                 cr),
				       &m->oom);
			if (o)
				em_put(o, "subjects", json_deep_copy(subs),
				       &m->oom);
			emit(m, o);
		}
		if (!rules || !subs) {
			m->oom = 1;
			json_decref(rules);
			json_decref(subs);
			continue;
		}
		if (!json_array_size(rules)) {
			json_decref(rules);
			json_decref(subs);
			continue;
		}
		o = object(m, "Role", name, m->name, "rbac", ptr, 1);
		if (o)
			em_put(o, "rules", rules, &m->oom);
		else
			json_decref(rules);
		emit(m, o);
		o = object(m, "RoleBinding", name, m->name, "rbac", ptr, 1);
		if (o) {
			em_put(o, "roleRef",
			       json_pack("{s:s, s:s, s:s}", "apiGroup",
			                 "rbac.authorization.k8s.io", "kind",
			                 "Role", "name", name),
			       &m->oom);
			em_put(o, "subjects", subs, &m->oom);
		} else {
			json_decref(subs);
		}
		emit(m, o);
	}
}

/* The ConfigMap keys mcpc writes itself. They reach the pods at start
 * (LOG_LEVEL as the server's environment, the Nacos coordinates as what
 * a client connects with), so a change of one needs new pods. */
static const char *const restart_keys[] = {
    "LOG_LEVEL",   "NACOS_SERVER_ADDR", "NACOS_NAMESPACE",
    "NACOS_GROUP", "NACOS_DATA_ID",     "NACOS_HOT_RELOAD",
};

static int restart_key(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(restart_keys) / sizeof(restart_keys[0]); i++)
		if (strcmp(key, restart_keys[i]) == 0)
			return 1;
	return 0;
}

/* A config value mcpc cannot write: an error at its place (and at the
 * other place that gives the same key, when there is one). */
static void config_refused(mf *m, const char *pointer, const char *other,
                           const char *hint, const char *msg)
{
	const mcp_srcmap *sm = mcp_source_srcmap(m->src);
	mcp_loc loc = {mcp_source_name(m->src), 1, 1}, loc2 = loc;
	mcp_finding *f;

	mcp_srcmap_nearest(sm, m->docidx, pointer, &loc);
	f = mcp_diag_add(m->d, RULE_CONFIG, MCP_SEV_ERROR, &loc, pointer, hint,
	                 "%s", msg);
	if (!f)
		m->oom = 1;
	if (f && other) {
		mcp_srcmap_nearest(sm, m->docidx, other, &loc2);
		if (mcp_finding_set_related(f, &loc2, "the same key, here") < 0)
			m->oom = 1;
	}
	m->refused = 1;
}

/* config.values into data: nested keys joined with '.', values as
 * strings (numbers and booleans as JSON writes them); a key given twice
 * (nested and dotted), one of mcpc's own, or one past what a ConfigMap
 * key may be is refused. */
static void config_values(mf *m, json_t *data, json_t *values)
{
	json_t *leaves = mcp_config_leaves(values);
	char msg[1024];
	size_t i, j;

	if (!leaves) {
		m->oom = 1;
		return;
	}
	for (i = 0; i < json_array_size(leaves); i++) {
		json_t *l = json_array_get(leaves, i);
		const char *key = json_string_value(json_array_get(l, 0));
		const char *ptr = json_string_value(json_array_get(l, 2));
		json_t *v = json_array_get(l, 1);
		const char *other = NULL;
		for (j = 0; j < i && !other; j++) {
			json_t *p = json_array_get(leaves, j);
			if (strcmp(json_string_value(json_array_get(p, 0)),
			           key) == 0)
				other = json_string_value(json_array_get(p, 2));
		}
		if (json_is_null(v)) {
			snprintf(msg, sizeof(msg),
			         "config.values nests deeper than %d levels at "
			         "%.300s",
			         EM_CONFIG_DEPTH, ptr);
			config_refused(m, ptr, NULL,
			               "flatten the deepest levels into dotted "
			               "keys",
			               msg);
		} else if (other) {
			snprintf(
			    msg, sizeof(msg),
			    "config key '%.253s' is given twice: %.240s and "
			    "%.240s flatten to the same ConfigMap key",
			    key, other, ptr);
			config_refused(m, ptr, other,
			               "give each key once, nested or dotted",
			               msg);
		} else if (restart_key(key)) {
			snprintf(
			    msg, sizeof(msg),
			    "config key '%s' is a key mcpc writes into the "
			    "ConfigMap itself",
			    key);
			config_refused(m, ptr, NULL,
			               "rename the value (logLevel and "
			               "config.nacos set these)",
			               msg);
		} else if (strlen(key) > 253) {
			snprintf(msg, sizeof(msg),
			         "config key '%.60s...' is %zu characters once "
			         "flattened; a ConfigMap key has at most 253",
			         key, strlen(key));
			config_refused(m, ptr, NULL, "shorten the keys", msg);
		} else {
			/* strings as they are, numbers and booleans as JSON
			 * writes them (0.1, not 0.10000000000000001), as
			 * values.yaml writes them */
			em_put(data, key, em_text_of(v), &m->oom);
		}
	}
	json_decref(leaves);
}

/* The digest of o into m->hash: the first 16 hex digits of the SHA-256
 * of o as Go's json.Marshal writes it, which is what the Helm chart's
 * toJson | sha256sum | trunc 16 gives for the same object. */
static void hash_of(mf *m, json_t *o)
{
	mcp_buf text;
	char hex[65];

	mcp_buf_init(&text);
	if (em_go_json(&text, o) < 0)
		m->oom = 1;
	mcp_sha256_hex(text.ptr ? text.ptr : "", text.len, hex);
	snprintf(m->hash, sizeof(m->hash), "%.16s", hex);
	mcp_buf_free(&text);
}

/* The pods' mcpc.io/config-hash: the digest (hash_of) of the ConfigMap
 * without its mcpc.io/source annotation (which names the spec file: a
 * build from another folder must not roll the pods); with hotReload,
 * with only the keys that need a restart in its data. */
static void config_hash(mf *m, json_t *o, int hot)
{
	json_t *c = json_deep_copy(o), *data = json_object_get(o, "data"), *d;
	size_t i;

	if (!c) {
		m->oom = 1;
		return;
	}
	json_object_del(
	    json_object_get(json_object_get(c, "metadata"), "annotations"),
	    "mcpc.io/source");
	if (hot) {
		d = json_object();
		for (i = 0;
		     d && i < sizeof(restart_keys) / sizeof(restart_keys[0]);
		     i++)
			if (json_object_get(data, restart_keys[i]))
				em_put(d, restart_keys[i],
				       json_deep_copy(json_object_get(
				           data, restart_keys[i])),
				       &m->oom);
		em_put(c, "data", d, &m->oom);
	}
	hash_of(m, c);
	json_decref(c);
}

/* The ConfigMap: config.values as strings, and the Nacos coordinates
 * when the centre is Nacos, and its hash (config_hash). With hotReload
 * the values reach running pods through the mounted volume (kubelet
 * refreshes it) or Nacos, so a change of them rolls nothing. */
static void config_map(mf *m)
{
	json_t *cfg = em_at(m->spec, "config"), *data = json_object();
	json_t *nacos = em_at(cfg, "nacos"), *o;

	if (!data) {
		m->oom = 1;
		return;
	}
	config_values(m, data, em_at(cfg, "values"));
	em_put(data, "LOG_LEVEL",
	       json_string(
	           em_str(em_at(m->spec, "observability/logLevel"), "INFO")),
	       &m->oom);
	if (nacos) {
		em_put(data, "NACOS_SERVER_ADDR",
		       json_string(em_str(em_at(nacos, "server"), "")),
		       &m->oom);
		em_put(data, "NACOS_NAMESPACE",
		       json_string(em_str(em_at(nacos, "namespace"), "")),
		       &m->oom);
		em_put(
		    data, "NACOS_GROUP",
		    json_string(em_str(em_at(nacos, "group"), "DEFAULT_GROUP")),
		    &m->oom);
		em_put(data, "NACOS_DATA_ID",
		       json_string(em_str(em_at(nacos, "dataId"), "")),
		       &m->oom);
		em_put(data, "NACOS_HOT_RELOAD",
		       json_string(em_bool(em_at(cfg, "hotReload"), 0)
		                       ? "true"
		                       : "false"),
		       &m->oom);
	}
	o = object(m, "ConfigMap", m->config, m->name, "config",
	           cfg ? "/spec/config" : "/spec", 1);
	if (!o) {
		json_decref(data);
		return;
	}
	em_put(o, "data", data, &m->oom);
	config_hash(m, o, em_bool(em_at(cfg, "hotReload"), 0));
	emit(m, o);
}

static void services(mf *m)
{
	json_t *svcs = em_at(m->spec, "services"), *o;
	json_t *ports = em_at(m->spec, "inference/ports");
	size_t i;
	char ptr[64];

	o = object(m, "Service", m->server, m->server, "inference",
	           "/spec/inference", 1);
	if (o)
		em_put(
		    o, "spec",
		    json_pack(
		        "{s:s, s:o, s:[{s:s, s:I, s:s, s:s}, {s:s, s:I, s:s, "
		        "s:s}, {s:s, s:I, s:s, s:s}]}",
		        "type", "ClusterIP", "selector", selector(m, m->server),
		        "ports", "name", "http", "port",
		        em_int(em_at(ports, "http"), 8000), "targetPort",
		        "http", "protocol", "TCP", "name", "grpc", "port",
		        em_int(em_at(ports, "grpc"), 8001), "targetPort",
		        "grpc", "protocol", "TCP", "name", "metrics", "port",
		        em_int(em_at(ports, "metrics"), 8002), "targetPort",
		        "metrics", "protocol", "TCP"),
		    &m->oom);
	emit(m, o);
	for (i = 0; i < json_array_size(svcs); i++) {
		json_t *s = json_array_get(svcs, i);
		const char *n = em_str(em_at(s, "name"), "service");
		const char *proto = em_str(em_at(s, "protocol"), "http");
		snprintf(ptr, sizeof(ptr), "/spec/services/%zu", i);
		o = object(m, "Service", n, n, "service", ptr, 1);
		if (o)
			em_put(o, "spec",
			       json_pack("{s:s, s:o, s:[{s:s, s:I, s:s, s:s}]}",
			                 "type", "ClusterIP", "selector",
			                 selector(m, n), "ports", "name", proto,
			                 "port", em_int(em_at(s, "port"), 8080),
			                 "targetPort", proto, "protocol",
			                 "TCP"),
			       &m->oom);
		emit(m, o);
	}
}

/* Triton's model repositories: the parent of each model's storage URI
 * (the model's own folder), or the URI itself when it does not end in the
 * model's name; a PVC is mounted at /models/CLAIM, once. */
static json_t *repositories(mf *m, json_t *mounts, json_t *volumes)
{
	json_t *models = em_at(m->spec, "inference/models");
	json_t *repos = json_array();
	size_t i, k;

	for (i = 0; repos && i < json_array_size(models); i++) {
		json_t *md = json_array_get(models, i);
		json_t *st = em_at(md, "storage");
		const char *type = em_str(em_at(st, "type"), "");
		const char *model = em_str(em_at(md, "name"), "");
		char repo[1024];
		int seen = 0;
		if (strcmp(type, "pvc") == 0) {
			const char *claim =
			    em_str(em_at(st, "claimName"), "models");
			const char *sub = em_str(em_at(st, "subPath"), NULL);
			char vol[80];
			snprintf(repo, sizeof(repo), "/models/%s%s%s", claim,
			         sub ? "/" : "", sub ? sub : "");
			snprintf(vol, sizeof(vol), "models-%zu", i);
			/* one volume a claim, named after the first model on
			 * it: a mount path may appear once in a container */
			for (k = 0; k < i && !seen; k++) {
				json_t *o =
				    em_at(json_array_get(models, k), "storage");
				seen = strcmp(em_str(em_at(o, "type"), ""),
				              "pvc") == 0 &&
				       strcmp(em_str(em_at(o, "claimName"),
				                     "models"),
				              claim) == 0;
			}
			if (!seen) {
				json_array_append_new(
				    volumes,
				    json_pack("{s:s, s:{s:s, s:b}}", "name",
				              vol, "persistentVolumeClaim",
				              "claimName", claim, "readOnly",
				              1));
				json_array_append_new(
				    mounts,
				    json_pack("{s:s, s:s+, s:b}", "name", vol,
				              "mountPath", "/models/", claim,
				              "readOnly", 1));
			}
			seen = 0;
		} else {
			const char *uri = em_str(em_at(st, "uri"), "");
			const char *slash = strrchr(uri, '/');
			if (slash && strcmp(slash + 1, model) == 0 &&
			    slash > uri)
				snprintf(repo, sizeof(repo), "%.*s",
				         (int)(slash - uri), uri);
			else
				snprintf(repo, sizeof(repo), "%s", uri);
		}
		for (k = 0; k < json_array_size(repos) && !seen; k++)
			seen =
			    strcmp(json_string_value(json_array_get(repos, k)),
			           repo) == 0;
		if (!seen)
			json_array_append_new(repos, json_string(repo));
	}
	return repos;
}

static json_t *secret_env(const char *name, const char *secret, const char *key)
{
	return json_pack("{s:s, s:{s:{s:s, s:s}}}", "name", name, "valueFrom",
	                 "secretKeyRef", "name", secret, "key", key);
}

/* Two models of one storage type that need different values of one of
 * the server's variables (a Triton process has one AZURE_STORAGE_KEY, one
 * AWS_DEFAULT_REGION, ...): an MCP-BUILD-005 error at the second, as mcpc
 * cannot give each its own. */
static void storage_conflict(mf *m, size_t i, const char *field,
                             const char *what, const char *a, const char *b)
{
	char ptr[96];
	mcp_loc loc = {mcp_source_name(m->src), 1, 1};

	snprintf(ptr, sizeof(ptr), "/spec/inference/models/%zu/storage/%s", i,
	         field);
	mcp_srcmap_nearest(mcp_source_srcmap(m->src), m->docidx, ptr, &loc);
	if (!mcp_diag_add(m->d, RULE_STORAGE, MCP_SEV_ERROR, &loc, ptr,
	                  "give every model of this storage type the same one, "
	                  "or serve them from separate deployments",
	                  "models of one storage type need different %s "
	                  "('%s' and '%s'): the server has one set of its "
	                  "variables",
	                  what, a, b))
		m->oom = 1;
	m->refused = 1;
}

/* Each storage type's credentials, as Triton reads them, from the models
 * of that type that name credentials.secretName: azure-blob the account
 * (from the URI) and AZURE_STORAGE_KEY; s3 AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY (and the region as AWS_DEFAULT_REGION); gcs the
 * Secret's key.json mounted, named by GOOGLE_APPLICATION_CREDENTIALS.
 * Models of one type that name different Secrets, accounts or regions are
 * MCP-BUILD-005. A model without credentials relies on the pod's workload
 * identity; pvc needs none. */
static void storage_credentials(mf *m, json_t *env, json_t *mounts,
                                json_t *volumes)
{
	json_t *models = em_at(m->spec, "inference/models");
	const char *azure = NULL, *s3 = NULL, *gcs = NULL, *region = NULL;
	char account[64] = "";
	size_t i;

	for (i = 0; i < json_array_size(models); i++) {
		json_t *st = em_at(json_array_get(models, i), "storage");
		const char *type = em_str(em_at(st, "type"), "");
		const char *sec =
		    em_str(em_at(st, "credentials/secretName"), NULL);
		const char *reg = em_str(em_at(st, "region"), NULL);
		if (strcmp(type, "s3") == 0 && reg) {
			if (!region) {
				region = reg;
				env_value(m, env, "AWS_DEFAULT_REGION", reg);
			} else if (strcmp(region, reg) != 0) {
				storage_conflict(m, i, "region", "regions",
				                 region, reg);
			}
		}
		if (!sec)
			continue;
		if (strcmp(type, "azure-blob") == 0) {
			const char *uri = em_str(em_at(st, "uri"), "as://");
			const char *acct = uri + strlen("as://");
			char name[64];
			snprintf(name, sizeof(name), "%.*s",
			         (int)strcspn(acct, "/"), acct);
			if (azure) {
				if (strcmp(azure, sec) != 0)
					storage_conflict(
					    m, i, "credentials/secretName",
					    "credentials Secrets", azure, sec);
				else if (strcmp(account, name) != 0)
					storage_conflict(m, i, "uri",
					                 "storage accounts",
					                 account, name);
				continue;
			}
			azure = sec;
			snprintf(account, sizeof(account), "%s", name);
			env_value(m, env, "AZURE_STORAGE_ACCOUNT", name);
			json_array_append_new(
			    env, secret_env("AZURE_STORAGE_KEY", sec,
			                    "AZURE_STORAGE_KEY"));
		} else if (strcmp(type, "s3") == 0) {
			if (s3) {
				if (strcmp(s3, sec) != 0)
					storage_conflict(
					    m, i, "credentials/secretName",
					    "credentials Secrets", s3, sec);
				continue;
			}
			s3 = sec;
			json_array_append_new(
			    env, secret_env("AWS_ACCESS_KEY_ID", sec,
			                    "AWS_ACCESS_KEY_ID"));
			json_array_append_new(
			    env, secret_env("AWS_SECRET_ACCESS_KEY", sec,
			                    "AWS_SECRET_ACCESS_KEY"));
		} else if (strcmp(type, "gcs") == 0) {
			if (gcs) {
				if (strcmp(gcs, sec) != 0)
					storage_conflict(
					    m, i, "credentials/secretName",
					    "credentials Secrets", gcs, sec);
				continue;
			}
			gcs = sec;
			json_array_append_new(
			    volumes,
			    json_pack("{s:s, s:{s:s, s:[{s:s, s:s}]}}", "name",
			              "gcs-credentials", "secret", "secretName",
			              sec, "items", "key", "key.json", "path",
			              "key.json"));
			json_array_append_new(
			    mounts, json_pack("{s:s, s:s, s:b}", "name",
			                      "gcs-credentials", "mountPath",
			                      "/var/run/secrets/mcpc/gcs",
			                      "readOnly", 1));
			env_value(m, env, "GOOGLE_APPLICATION_CREDENTIALS",
			          "/var/run/secrets/mcpc/gcs/key.json");
		}
	}
}

/* Triton's own spans (--trace-config, from release 23.04): OpenTelemetry
 * mode, timestamps, one request in round(1/sampleRatio) (0: only those
 * whose caller propagates a sampled context), to triton_trace_url. */
static void trace_args(mf *m, json_t *args)
{
	json_t *ratio = em_at(m->spec, "observability/tracing/sampleRatio");
	double r = json_is_number(ratio) ? json_number_value(ratio) : 1.0;
	long long rate = r > 0 ? (long long)(1.0 / r + 0.5) : 0;
	char url[2200], buf[2300];

	triton_trace_url(m, url, sizeof(url));
	if (!url[0] || !mcp_release_at_least(m->spec, 23, 4))
		return;
	if (r > 0 && rate < 1)
		rate = 1;
	json_array_append_new(args,
	                      json_string("--trace-config=mode=opentelemetry"));
	json_array_append_new(args,
	                      json_string("--trace-config=level=TIMESTAMPS"));
	snprintf(buf, sizeof(buf), "--trace-config=rate=%lld", rate);
	json_array_append_new(args, json_string(buf));
	snprintf(buf, sizeof(buf), "--trace-config=opentelemetry,url=%s", url);
	json_array_append_new(args, json_string(buf));
}

static void add_arg(json_t *args, const char *fmt, long long v)
{
	char buf[160];
	snprintf(buf, sizeof(buf), fmt, v);
	json_array_append_new(args, json_string(buf));
}

static json_t *server_container(mf *m, json_t *volumes)
{
	json_t *inf = em_at(m->spec, "inference");
	json_t *ports = em_at(inf, "ports");
	json_t *ka = em_at(inf, "grpc/keepalive");
	json_t *args = json_array(), *env = json_array(), *c;
	json_t *mounts =
	    json_pack("[{s:s, s:s}]", "name", "tmp", "mountPath", "/tmp");
	json_t *repos = repositories(m, mounts, volumes);
	const char *level =
	    em_str(em_at(m->spec, "observability/logLevel"), "INFO");
	int gpu = em_bool(em_at(inf, "gpu/enabled"), 1);
	json_int_t http = em_int(em_at(ports, "http"), 8000);
	json_int_t grpc = em_int(em_at(ports, "grpc"), 8001);
	json_int_t metrics = em_int(em_at(ports, "metrics"), 8002);
	long long t;
	char img[512];
	size_t i;

	for (i = 0; args && i < json_array_size(repos); i++) {
		char buf[1100];
		snprintf(buf, sizeof(buf), "--model-repository=%s",
		         json_string_value(json_array_get(repos, i)));
		json_array_append_new(args, json_string(buf));
	}
	json_decref(repos);
	add_arg(args, "--http-port=%lld", http);
	add_arg(args, "--grpc-port=%lld", grpc);
	add_arg(args, "--metrics-port=%lld", metrics);
	if (!em_bool(em_at(m->spec, "observability/metrics/enabled"), 1))
		json_array_append_new(args,
		                      json_string("--allow-metrics=false"));
	if (strcmp(level, "DEBUG") == 0)
		json_array_append_new(args, json_string("--log-verbose=1"));
	if (strcmp(level, "WARN") == 0 || strcmp(level, "ERROR") == 0)
		json_array_append_new(args, json_string("--log-info=false"));
	if (strcmp(level, "ERROR") == 0)
		json_array_append_new(args, json_string("--log-warning=false"));
	/* the standard's client values unless the spec sets its own; the
	 * message size has no server option (docs/build.md) */
	if ((t = millis_or(em_at(ka, "time"), EM_KEEPALIVE_TIME)) >= 0)
		add_arg(args, "--grpc-keepalive-time=%lld", t);
	if ((t = millis_or(em_at(ka, "timeout"), EM_KEEPALIVE_TIMEOUT)) >= 0)
		add_arg(args, "--grpc-keepalive-timeout=%lld", t);
	if (em_bool(em_at(ka, "permitWithoutStream"), EM_KEEPALIVE_PERMIT)) {
		json_array_append_new(
		    args,
		    json_string("--grpc-keepalive-permit-without-calls=true"));
		if ((t = millis_or(em_at(ka, "time"), EM_KEEPALIVE_TIME)) >= 0)
			add_arg(args,
			        "--grpc-http2-min-recv-ping-interval-without-"
			        "data=%lld",
			        t);
	}
	/* the format the Fluent Bit parser "triton" reads */
	if (mcp_fluent_bit(m->spec) && mcp_release_at_least(m->spec, 23, 1))
		json_array_append_new(args,
		                      json_string("--log-format=ISO8601"));
	trace_args(m, args);
	json_array_append_new(env, json_pack("{s:s, s:{s:{s:s, s:s}}}", "name",
	                                     "LOG_LEVEL", "valueFrom",
	                                     "configMapKeyRef", "name",
	                                     m->config, "key", "LOG_LEVEL"));
	storage_credentials(m, env, mounts, volumes);
	tracing_env(m, env, m->server);
	c = json_pack(
	    "{s:s, s:s, s:s, s:[s], s:o, s:[{s:s, s:I, s:s}, {s:s, s:I, s:s}, "
	    "{s:s, s:I, s:s}], s:o, s:o, s:{s:{s:s, s:s}, s:i, s:i}, "
	    "s:{s:{s:s, s:s}, s:i, s:i}, s:{s:{s:s, s:s}, s:i, s:i}, s:o, s:o}",
	    "name", "triton", "image",
	    mcp_server_image(m->spec, img, sizeof(img)), "imagePullPolicy",
	    "IfNotPresent", "command", "tritonserver", "args", args, "ports",
	    "name", "http", "containerPort", http, "protocol", "TCP", "name",
	    "grpc", "containerPort", grpc, "protocol", "TCP", "name", "metrics",
	    "containerPort", metrics, "protocol", "TCP", "env", env,
	    "resources",
	    mcp_resources_of(em_at(inf, "resources"), 1,
	                     gpu ? em_int(em_at(inf, "gpu/count"), 1) : 0),
	    "readinessProbe", "httpGet", "path", "/v2/health/ready", "port",
	    "http", "periodSeconds", 5, "failureThreshold", 3, "livenessProbe",
	    "httpGet", "path", "/v2/health/live", "port", "http",
	    "periodSeconds", 10, "failureThreshold", 3, "startupProbe",
	    "httpGet", "path", "/v2/health/ready", "port", "http",
	    "periodSeconds", 10, "failureThreshold", 60, "securityContext",
	    container_security(), "volumeMounts", mounts);
	if (!c)
		m->oom = 1;
	return c;
}

/* A microservice's container: its port, gRPC or HTTP probes, its env and
 * secrets, the ConfigMap mounted read-only. */
static json_t *service_container(mf *m, json_t *s)
{
	const char *n = em_str(em_at(s, "name"), "service");
	const char *proto = em_str(em_at(s, "protocol"), "http");
	json_int_t port = em_int(em_at(s, "port"), 8080);
	json_t *env = json_array(), *v, *probe, *c;
	const char *key;
	int grpc = strcmp(proto, "grpc") == 0;

	json_object_foreach(em_at(s, "env"), key, v)
	{
		json_t *t = em_text_of(v);
		if (!t ||
		    json_array_append_new(env, json_pack("{s:s, s:o}", "name",
		                                         key, "value", t)) < 0)
			m->oom = 1;
	}
	json_object_foreach(em_at(s, "secretEnv"), key, v)
	{
		json_array_append_new(
		    env, json_pack("{s:s, s:{s:{s:O, s:O}}}", "name", key,
		                   "valueFrom", "secretKeyRef", "name",
		                   em_at(v, "secretRef/name"), "key",
		                   em_at(v, "secretRef/key")));
	}
	tracing_env(m, env, n);
	probe = grpc ? json_pack("{s:{s:I}, s:i, s:i}", "grpc", "port", port,
	                         "periodSeconds", 10, "failureThreshold", 3)
	             : json_pack("{s:{s:s, s:s}, s:i, s:i}", "httpGet", "path",
	                         "/healthz", "port", proto, "periodSeconds", 10,
	                         "failureThreshold", 3);
	c = json_pack(
	    "{s:s, s:s, s:s, s:[{s:s, s:I, s:s}], s:o, s:o, s:o, s:o, s:o, "
	    "s:[{s:s, s:s}, {s:s, s:s, s:b}]}",
	    "name", n, "image", em_str(em_at(s, "image"), ""),
	    "imagePullPolicy", "IfNotPresent", "ports", "name", proto,
	    "containerPort", port, "protocol", "TCP", "env", env, "resources",
	    mcp_resources_of(em_at(s, "resources"), 0, 0), "readinessProbe",
	    json_deep_copy(probe), "livenessProbe", probe, "securityContext",
	    container_security(), "volumeMounts", "name", "tmp", "mountPath",
	    "/tmp", "name", "config", "mountPath", "/etc/mcpc/config",
	    "readOnly", 1);
	if (!c)
		m->oom = 1;
	return c;
}

static void deployments(mf *m)
{
	json_t *svcs = em_at(m->spec, "services"), *vols, *o, *c;
	json_t *ro = em_at(m->spec, "rollout");
	json_int_t replicas = mcp_replicas_of(m->spec);
	size_t i;
	char ptr[64];

	vols = json_pack("[{s:s, s:{}}]", "name", "tmp", "emptyDir");
	c = server_container(m, vols);
	o = deployment(m, m->server, "inference", "/spec/inference", replicas,
	               c, vols);
	if (o) {
		json_t *pod = em_at(o, "spec/template/spec");
		json_t *strategy = json_pack("{s:s, s:{}}", "type",
		                             "RollingUpdate", "rollingUpdate");
		if (em_at(ro, "maxUnavailable"))
			em_put(json_object_get(strategy, "rollingUpdate"),
			       "maxUnavailable",
			       json_deep_copy(em_at(ro, "maxUnavailable")),
			       &m->oom);
		if (em_at(ro, "maxSurge"))
			em_put(json_object_get(strategy, "rollingUpdate"),
			       "maxSurge",
			       json_deep_copy(em_at(ro, "maxSurge")), &m->oom);
		em_put(json_object_get(o, "spec"), "strategy", strategy,
		       &m->oom);
		if (mcp_pool_placement(m->spec)) {
			em_put(pod, "nodeSelector", mcp_node_selector(m->spec),
			       &m->oom);
			em_put(pod, "tolerations", mcp_tolerations(m->spec),
			       &m->oom);
		} else {
			em_put(pod, "tolerations", json_array(), &m->oom);
		}
	}
	emit(m, o);
	for (i = 0; i < json_array_size(svcs); i++) {
		json_t *s = json_array_get(svcs, i);
		const char *n = em_str(em_at(s, "name"), "service");
		snprintf(ptr, sizeof(ptr), "/spec/services/%zu", i);
		vols = json_pack("[{s:s, s:{}}, {s:s, s:{s:s}}]", "name", "tmp",
		                 "emptyDir", "name", "config", "configMap",
		                 "name", m->config);
		c = service_container(m, s);
		emit(m, deployment(m, n, "service", ptr,
		                   em_int(em_at(s, "replicas"), 1), c, vols));
	}
}

static void autoscaler(mf *m)
{
	json_t *as = em_at(m->spec, "rollout/autoscaling"), *o;
	char name[96];

	if (!as)
		return;
	snprintf(name, sizeof(name), "%s", m->server);
	o = object(m, "HorizontalPodAutoscaler", name, m->server, "inference",
	           "/spec/rollout/autoscaling", 1);
	if (o)
		em_put(o, "spec",
		       json_pack(
		           "{s:{s:s, s:s, s:s}, s:I, s:I, s:[{s:s, "
		           "s:{s:s, s:{s:s, s:I}}}]}",
		           "scaleTargetRef", "apiVersion", "apps/v1", "kind",
		           "Deployment", "name", m->server, "minReplicas",
		           em_int(em_at(as, "minReplicas"), 1), "maxReplicas",
		           em_int(em_at(as, "maxReplicas"), 1), "metrics",
		           "type", "Resource", "resource", "name", "cpu",
		           "target", "type", "Utilization",
		           "averageUtilization",
		           em_int(em_at(as, "targetCPUUtilization"), 80)),
		       &m->oom);
	emit(m, o);
}

/* A budget only from two replicas: with one it could only block drains. */
static void disruption_budget(mf *m)
{
	json_t *pdb = em_at(m->spec, "rollout/disruptionBudget"), *o;
	json_int_t replicas = mcp_replicas_of(m->spec);
	json_int_t min =
	    em_int(em_at(m->spec, "rollout/autoscaling/minReplicas"), 1);
	json_t *spec;
	const char *key;
	json_t *v;

	if (!pdb || (replicas < 2 && min < 2))
		return;
	o = object(m, "PodDisruptionBudget", m->server, m->server, "inference",
	           "/spec/rollout/disruptionBudget", 1);
	if (!o)
		return;
	spec = json_object();
	json_object_foreach(pdb, key, v)
	{
		em_put(spec, key, json_deep_copy(v), &m->oom);
	}
	em_put(spec, "selector",
	       json_pack("{s:o}", "matchLabels", selector(m, m->server)),
	       &m->oom);
	em_put(o, "spec", spec, &m->oom);
	emit(m, o);
}

/* Where a "host:port" (or a URL) is: a cluster Service "svc.ns[.svc...]"
 * gives its namespace; anything else is outside the cluster. */
static json_t *peer(const char *where, json_int_t dflt_port)
{
	const char *h = strstr(where, "://");
	char host[256], ns[64];
	const char *colon, *end;
	long port = (long)dflt_port;
	size_t n;

	h = h ? h + 3 : where;
	end = h + strcspn(h, "/?#");
	colon = memchr(h, ':', (size_t)(end - h));
	n = (size_t)((colon ? colon : end) - h);
	if (n >= sizeof(host))
		n = sizeof(host) - 1;
	memcpy(host, h, n);
	host[n] = '\0';
	if (colon) {
		/* the schema allows 1..65535; anything else is no peer */
		uint64_t v;
		if (mcp_num_parse_n(colon + 1, (size_t)(end - colon - 1), 65535,
		                    &v) < 0 ||
		    v == 0)
			return NULL;
		port = (long)v;
	}
	if (sscanf(host, "%*[a-z0-9-].%63[a-z0-9-]", ns) == 1 &&
	    (!strchr(strchr(host, '.') + 1, '.') ||
	     strstr(host, ".svc") != NULL))
		return json_pack("{s:[{s:{s:{s:s}}}], s:[{s:s, s:i}]}", "to",
		                 "namespaceSelector", "matchLabels",
		                 "kubernetes.io/metadata.name", ns, "ports",
		                 "protocol", "TCP", "port", (int)port);
	return json_pack("{s:[{s:{s:s}}], s:[{s:s, s:i}]}", "to", "ipBlock",
	                 "cidr", "0.0.0.0/0", "ports", "protocol", "TCP",
	                 "port", (int)port);
}

/* Egress every workload needs: the config centre, the tracing endpoint. */
static void common_egress(mf *m, json_t *egress)
{
	const char *nacos = em_str(em_at(m->spec, "config/nacos/server"), NULL);
	const char *otlp =
	    em_str(em_at(m->spec, "observability/tracing/otlpEndpoint"), NULL);

	if (nacos)
		json_array_append_new(egress, peer(nacos, 8848));
	if (otlp)
		json_array_append_new(egress, peer(otlp, 4317));
}

static json_t *policy(mf *m, const char *name, const char *workload,
                      const char *pointer, json_t *pod_selector,
                      json_t *ingress, json_t *egress)
{
	json_t *o =
	    object(m, "NetworkPolicy", name, workload, "network", pointer, 1);
	json_t *types = json_array(), *spec;

	if (!o || !types) {
		json_decref(o);
		json_decref(types);
		json_decref(pod_selector);
		json_decref(ingress);
		json_decref(egress);
		return NULL;
	}
	spec = json_pack("{s:o}", "podSelector", pod_selector);
	if (ingress) {
		json_array_append_new(types, json_string("Ingress"));
		em_put(spec, "ingress", ingress, &m->oom);
	}
	if (egress) {
		json_array_append_new(types, json_string("Egress"));
		em_put(spec, "egress", egress, &m->oom);
	}
	em_put(spec, "policyTypes", types, &m->oom);
	em_put(o, "spec", spec, &m->oom);
	return o;
}

/* The port a service of the spec listens on, or 0 when it is not one. */
static json_int_t port_of(mf *m, const char *svc)
{
	json_t *svcs = em_at(m->spec, "services");
	size_t i;
	for (i = 0; i < json_array_size(svcs); i++)
		if (strcmp(em_str(em_at(json_array_get(svcs, i), "name"), ""),
		           svc) == 0)
			return em_int(em_at(json_array_get(svcs, i), "port"),
			              0);
	return 0;
}

/* Whether the mesh checks the gateway's tokens (token_policies). */
static int istio_enforced(mf *m)
{
	json_t *auth = em_at(m->spec, "gateway/auth");
	const char *type = em_str(em_at(auth, "type"), "none");

	return (strcmp(type, "jwt") == 0 || strcmp(type, "oidc") == 0) &&
	       strcmp(em_str(em_at(auth, "enforce"), "annotations"), "istio") ==
	           0;
}

/* Default deny for every pod of the deployment, DNS for all of them, then
 * each workload's own ingress and egress: the gateway's namespaces into
 * the server, the declared calls between services. */
static void network_policies(mf *m)
{
	json_t *np = em_at(m->spec, "security/networkPolicy");
	json_t *svcs = em_at(m->spec, "services");
	json_t *from = em_at(np, "ingressFrom");
	json_t *ports = em_at(m->spec, "inference/ports");
	json_t *ing, *egr, *peers;
	char name[160], ptr[64];
	size_t i, j, k;

	if (!em_bool(em_at(np, "enabled"), 1))
		return;
	snprintf(name, sizeof(name), "%s-default-deny", m->name);
	emit(m, policy(m, name, m->name, "/spec/security/networkPolicy",
	               json_pack("{s:{s:s}}", "matchLabels",
	                         "app.kubernetes.io/instance", m->name),
	               json_array(), json_array()));
	snprintf(name, sizeof(name), "%s-dns", m->name);
	emit(m, policy(m, name, m->name, "/spec/security/networkPolicy",
	               json_pack("{s:{s:s}}", "matchLabels",
	                         "app.kubernetes.io/instance", m->name),
	               NULL,
	               json_pack("[{s:[{s:{s:{s:s}}, s:{s:{s:s}}}], s:[{s:s, "
	                         "s:i}, {s:s, s:i}]}]",
	                         "to", "namespaceSelector", "matchLabels",
	                         "kubernetes.io/metadata.name", "kube-system",
	                         "podSelector", "matchLabels", "k8s-app",
	                         "kube-dns", "ports", "protocol", "UDP", "port",
	                         53, "protocol", "TCP", "port", 53)));
	/* the server: in from the listed namespaces and the deployment's own
	 * pods on http and grpc, metrics from anywhere in the cluster; out to
	 * model storage over HTTPS */
	peers = json_pack("[{s:{s:{s:s}}}]", "podSelector", "matchLabels",
	                  "app.kubernetes.io/instance", m->name);
	for (i = 0; peers && i < json_array_size(from); i++)
		json_array_append_new(
		    peers,
		    json_pack("{s:{s:{s:O}}}", "namespaceSelector",
		              "matchLabels", "kubernetes.io/metadata.name",
		              em_at(json_array_get(from, i), "namespace")));
	ing = json_pack("[{s:o, s:[{s:s, s:I}, {s:s, s:I}]}, {s:[{s:{}}], "
	                "s:[{s:s, s:I}]}]",
	                "from", peers, "ports", "protocol", "TCP", "port",
	                em_int(em_at(ports, "http"), 8000), "protocol", "TCP",
	                "port", em_int(em_at(ports, "grpc"), 8001), "from",
	                "namespaceSelector", "ports", "protocol", "TCP", "port",
	                em_int(em_at(ports, "metrics"), 8002));
	egr = json_pack("[{s:[{s:{s:s}}], s:[{s:s, s:i}]}]", "to", "ipBlock",
	                "cidr", "0.0.0.0/0", "ports", "protocol", "TCP", "port",
	                443);
	if (egr)
		common_egress(m, egr);
	/* the server's sidecar reaches istiod for its configuration and
	 * certificates (XDS and CA on 15012) */
	if (egr && istio_enforced(m))
		json_array_append_new(
		    egr,
		    json_pack("{s:[{s:{s:{s:s}}}], s:[{s:s, s:i}]}", "to",
		              "namespaceSelector", "matchLabels",
		              "kubernetes.io/metadata.name", "istio-system",
		              "ports", "protocol", "TCP", "port", 15012));
	/* an S3-compatible store on a port of its own
	 * (s3://https://host:port/bucket/path) */
	for (i = 0;
	     egr && i < json_array_size(em_at(m->spec, "inference/models"));
	     i++) {
		json_t *st =
		    em_at(json_array_get(em_at(m->spec, "inference/models"), i),
		          "storage");
		const char *uri = em_str(em_at(st, "uri"), "");
		json_t *p;
		if (strcmp(em_str(em_at(st, "type"), ""), "s3") != 0 ||
		    strncmp(uri, "s3://http", 9) != 0)
			continue;
		p = peer(uri + 5, 443);
		if (p &&
		    json_integer_value(em_at(
		        json_array_get(em_at(p, "ports"), 0), "port")) != 443)
			json_array_append_new(egr, p);
		else
			json_decref(p);
	}
	/* Triton's spans go over OTLP/HTTP (4318 beside a gRPC endpoint) */
	if (egr && strcmp(otlp_protocol(m), "grpc") == 0 &&
	    mcp_release_at_least(m->spec, 23, 4)) {
		char url[2200];
		triton_trace_url(m, url, sizeof(url));
		if (url[0])
			json_array_append_new(egr, peer(url, 4318));
	}
	emit(m, policy(m, m->server, m->server, "/spec/inference",
	               match(m, m->server), ing, egr));
	for (i = 0; i < json_array_size(svcs); i++) {
		json_t *s = json_array_get(svcs, i);
		const char *n = em_str(em_at(s, "name"), "service");
		json_t *calls = em_at(s, "calls");
		snprintf(ptr, sizeof(ptr), "/spec/services/%zu", i);
		/* in: from the services that call it */
		peers = json_array();
		for (j = 0; peers && j < json_array_size(svcs); j++) {
			json_t *cj = em_at(json_array_get(svcs, j), "calls");
			for (k = 0; k < json_array_size(cj); k++)
				if (strcmp(em_str(json_array_get(cj, k), ""),
				           n) == 0)
					break;
			if (k < json_array_size(cj))
				json_array_append_new(
				    peers,
				    json_pack(
				        "{s:{s:o}}", "podSelector",
				        "matchLabels",
				        selector(m, em_str(em_at(json_array_get(
				                                     svcs, j),
				                                 "name"),
				                           ""))));
		}
		ing = json_array();
		if (ing && json_array_size(peers))
			json_array_append_new(
			    ing,
			    json_pack("{s:O, s:[{s:s, s:I}]}", "from", peers,
			              "ports", "protocol", "TCP", "port",
			              em_int(em_at(s, "port"), 8080)));
		json_decref(peers);
		/* out: to what it calls, in the deployment's namespace */
		egr = json_array();
		for (j = 0; egr && j < json_array_size(calls); j++) {
			const char *t = em_str(json_array_get(calls, j), "");
			json_int_t p = port_of(m, t);
			json_t *rule = json_pack("{s:[{s:{s:{s:s}}}]}", "to",
			                         "podSelector", "matchLabels",
			                         "app.kubernetes.io/name", t);
			if (rule && p)
				em_put(rule, "ports",
				       json_pack("[{s:s, s:I}]", "protocol",
				                 "TCP", "port", p),
				       &m->oom);
			json_array_append_new(egr, rule);
		}
		if (egr)
			common_egress(m, egr);
		emit(m, policy(m, n, n, ptr, match(m, n), ing, egr));
	}
}

/* Seconds for an nginx timeout annotation, rounded up. */
static void seconds(json_t *ann, const char *key, json_t *d, int *oom)
{
	long long ms = millis(d);
	char buf[32];

	if (ms < 0)
		return;
	snprintf(buf, sizeof(buf), "%lld", (ms + 999) / 1000);
	em_put(ann, key, json_string(buf), oom);
}

/* How the gateway authenticates: mTLS as ingress-nginx's client
 * certificate check; JWT and OIDC as mcpc.io/auth-* annotations, for the
 * token-validating layer in front of or beside ingress-nginx (which has no
 * JWT check of its own; docs/build.md), which token_policies emits for
 * Istio. */
static void auth_annotations(mf *m, json_t *ann, json_t *auth)
{
	const char *type = em_str(em_at(auth, "type"), "none");
	char buf[200];
	static const char *const keys[][2] = {
	    {"issuer", "mcpc.io/auth-issuer"},
	    {"audience", "mcpc.io/auth-audience"},
	    {"jwksUri", "mcpc.io/auth-jwks-uri"},
	};
	size_t i;

	em_put(ann, "mcpc.io/auth-type", json_string(type), &m->oom);
	if (strcmp(type, "mtls") == 0) {
		snprintf(buf, sizeof(buf), "%s/%s", m->ns,
		         em_str(em_at(auth, "clientCASecret"), ""));
		em_put(ann, "nginx.ingress.kubernetes.io/auth-tls-secret",
		       json_string(buf), &m->oom);
		em_put(ann,
		       "nginx.ingress.kubernetes.io/auth-tls-verify-client",
		       json_string("on"), &m->oom);
		return;
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (em_at(auth, keys[i][0]))
			em_put(ann, keys[i][1],
			       json_deep_copy(em_at(auth, keys[i][0])),
			       &m->oom);
}

/* The gateway: an Ingress for ingress-nginx with TLS, the host, the
 * server's HTTP port, and the timeouts and message size as annotations
 * (the standard's when the spec has none). */
static void ingress(mf *m)
{
	json_t *gw = em_at(m->spec, "gateway"), *o, *ann, *spec, *t;
	json_t *max = em_at(m->spec, "inference/grpc/maxRecvMessageSize");
	json_t *dmax = NULL;
	char buf[40];

	if (!gw)
		return;
	o = object(m, "Ingress", m->name, m->server, "gateway", "/spec/gateway",
	           1);
	if (!o)
		return;
	if (!(t = mcp_timeouts_of(m->spec)))
		m->oom = 1;
	if (!max && !(max = dmax = json_string(EM_GRPC_MAX_RECV)))
		m->oom = 1;
	ann = json_object_get(json_object_get(o, "metadata"), "annotations");
	seconds(ann, "nginx.ingress.kubernetes.io/proxy-connect-timeout",
	        em_at(t, "connect"), &m->oom);
	seconds(ann, "nginx.ingress.kubernetes.io/proxy-read-timeout",
	        em_at(t, "request"), &m->oom);
	seconds(ann, "nginx.ingress.kubernetes.io/proxy-send-timeout",
	        em_at(t, "request"), &m->oom);
	if (max) {
		__int128 q;
		if (json_is_string(max) &&
		    mcp_quantity_parse(&q, json_string_value(max), NULL) == 0)
			snprintf(buf, sizeof(buf), "%lld",
			         (long long)(q / 1000000000));
		else
			snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT,
			         json_integer_value(max));
		em_put(ann, "nginx.ingress.kubernetes.io/proxy-body-size",
		       json_string(buf), &m->oom);
	}
	json_decref(t);
	json_decref(dmax);
	auth_annotations(m, ann, em_at(gw, "auth"));
	spec = json_pack(
	    "{s:s, s:[{s:s, s:{s:[{s:s, s:s, s:{s:{s:s, s:{s:s}}}}]}}]}",
	    "ingressClassName", "nginx", "rules", "host",
	    em_str(em_at(gw, "host"), ""), "http", "paths", "path", "/",
	    "pathType", "Prefix", "backend", "service", "name", m->server,
	    "port", "name", "http");
	if (spec && em_at(gw, "tls"))
		em_put(spec, "tls",
		       json_pack("[{s:[O], s:O}]", "hosts", em_at(gw, "host"),
		                 "secretName", em_at(gw, "tls/secretName")),
		       &m->oom);
	em_put(o, "spec", spec, &m->oom);
	emit(m, o);
}

/* Token checks in the mesh (gateway.auth.enforce: istio, jwt or oidc): an
 * Istio RequestAuthentication that validates tokens of the issuer at the
 * server's sidecar (signing keys from jwksUri, else discovered from the
 * issuer, as OpenID Connect provides), and an AuthorizationPolicy that
 * admits only requests carrying a valid token to the HTTP and gRPC ports;
 * a request without a token would pass the RequestAuthentication alone.
 * The metrics port stays open to scraping when metrics are on. */
static void token_policies(mf *m)
{
	json_t *auth = em_at(m->spec, "gateway/auth"), *o, *rule, *rules;
	json_t *met = em_at(m->spec, "observability/metrics");
	json_t *ports = em_at(m->spec, "inference/ports");
	char http[24], grpc[24], metrics[24];

	if (!istio_enforced(m))
		return;
	snprintf(http, sizeof(http), "%" JSON_INTEGER_FORMAT,
	         em_int(em_at(ports, "http"), 8000));
	snprintf(grpc, sizeof(grpc), "%" JSON_INTEGER_FORMAT,
	         em_int(em_at(ports, "grpc"), 8001));
	snprintf(metrics, sizeof(metrics), "%" JSON_INTEGER_FORMAT,
	         em_int(em_at(ports, "metrics"), 8002));
	o = object(m, "RequestAuthentication", m->server, m->server, "gateway",
	           "/spec/gateway/auth", 1);
	if (o) {
		rule = json_pack("{s:O, s:b}", "issuer", em_at(auth, "issuer"),
		                 "forwardOriginalToken", 1);
		if (rule && em_at(auth, "audience"))
			em_put(rule, "audiences",
			       json_pack("[O]", em_at(auth, "audience")),
			       &m->oom);
		if (rule && em_at(auth, "jwksUri"))
			em_put(rule, "jwksUri",
			       json_deep_copy(em_at(auth, "jwksUri")), &m->oom);
		em_put(o, "spec",
		       json_pack("{s:{s:o}, s:[o]}", "selector", "matchLabels",
		                 selector(m, m->server), "jwtRules", rule),
		       &m->oom);
		emit(m, o);
	}
	o = object(m, "AuthorizationPolicy", m->server, m->server, "gateway",
	           "/spec/gateway/auth", 1);
	if (!o)
		return;
	rules = json_pack("[{s:[{s:{s:[s]}}], s:[{s:{s:[s, s]}}]}]", "from",
	                  "source", "requestPrincipals", "*", "to", "operation",
	                  "ports", http, grpc);
	if (rules && em_bool(em_at(met, "enabled"), 1))
		json_array_append_new(rules,
		                      json_pack("{s:[{s:{s:[s]}}]}", "to",
		                                "operation", "ports", metrics));
	em_put(o, "spec",
	       json_pack("{s:{s:o}, s:s, s:o}", "selector", "matchLabels",
	                 selector(m, m->server), "action", "ALLOW", "rules",
	                 rules),
	       &m->oom);
	emit(m, o);
}

static void service_monitor(mf *m)
{
	json_t *met = em_at(m->spec, "observability/metrics"), *o;

	if (!em_bool(em_at(met, "enabled"), 1) ||
	    !em_bool(em_at(met, "serviceMonitor"), 0))
		return;
	o = object(m, "ServiceMonitor", m->server, m->server, "inference",
	           "/spec/observability/metrics", 1);
	if (o)
		em_put(o, "spec",
		       json_pack("{s:{s:o}, s:[{s:s, s:s, s:s}]}", "selector",
		                 "matchLabels", selector(m, m->server),
		                 "endpoints", "port", "metrics", "path",
		                 "/metrics", "interval", "30s"),
		       &m->oom);
	emit(m, o);
}

/* Argo CD sync waves (argocd.argoproj.io/sync-wave on every object):
 * what the workloads need in wave 0 (Namespace, ServiceAccounts, RBAC,
 * the ConfigMap, Services, the PodDisruptionBudget, NetworkPolicies, the
 * Istio policies); the Deployments, in the order they are emitted, at most
 * rollout.maxParallel to a wave from wave 1; what needs running workloads
 * in the wave after them (the HorizontalPodAutoscaler, the Ingress that
 * puts the server behind the gateway, the ServiceMonitor). */
static void sync_waves(mf *m)
{
	json_int_t last = mcp_rollout_last_wave(m->spec);
	size_t i, nth = 0;
	char buf[32];

	for (i = 0; i < json_array_size(m->out); i++) {
		json_t *o = json_array_get(m->out, i);
		const char *kind = em_str(em_at(o, "kind"), "");
		json_int_t wave;
		if (strcmp(kind, "Deployment") == 0)
			wave = mcp_rollout_wave(m->spec, nth++);
		else if (strcmp(kind, "HorizontalPodAutoscaler") == 0 ||
		         strcmp(kind, "Ingress") == 0 ||
		         strcmp(kind, "ServiceMonitor") == 0)
			wave = last;
		else
			continue; /* wave 0, as object() made it */
		snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, wave);
		em_put(em_at(o, "metadata/annotations"),
		       "argocd.argoproj.io/sync-wave", json_string(buf),
		       &m->oom);
	}
}

/* The emitter's state for document doc of src. */
static void mf_init(mf *m, const mcp_source *src, size_t doc,
                    const char *origin, const char *env,
                    const mcp_matrix *matrix, const mcp_rules *rules,
                    mcp_diag *d)
{
	memset(m, 0, sizeof(*m));
	m->doc = mcp_source_doc(src, doc);
	m->spec = em_at(m->doc, "spec");
	m->name = em_str(em_at(m->doc, "metadata/name"), "mcp");
	m->ns = em_str(em_at(m->doc, "metadata/namespace"), EM_NAMESPACE);
	m->version = em_str(em_at(m->spec, "inference/version"), "unknown");
	m->k8s = em_str(em_at(m->spec, "target/kubernetes"), NULL);
	m->origin = origin;
	m->env = env ? env : "default";
	m->matrix = matrix;
	m->rules = rules;
	m->src = src;
	m->docidx = doc;
	m->d = d;
	snprintf(m->server, sizeof(m->server), "%s%s", m->name, SERVER_SUFFIX);
	snprintf(m->config, sizeof(m->config), "%s-config", m->name);
}

/* What the refusals read when the whole build does not run: a change
 * elsewhere leaves them as they were. */
static const char *const refusal_reads[] = {
    "/kind",
    "/metadata/name",
    "/metadata/namespace",
    "/spec/target/kubernetes",
    "/spec/inference/version",
    "/spec/inference/models",
    "/spec/config/values",
    NULL,
};

int mcp_manifests_refusals(const mcp_source *src, size_t doc,
                           const mcp_matrix *matrix, const mcp_rules *rules,
                           mcp_diag *d)
{
	return mcp_manifests_refusals_at(src, doc, matrix, rules, d, NULL, 0);
}

int mcp_manifests_refusals_at(const mcp_source *src, size_t doc,
                              const mcp_matrix *matrix, const mcp_rules *rules,
                              mcp_diag *d, const char *const *changed,
                              size_t nchanged)
{
	json_t *env = json_array(), *mounts = json_array();
	json_t *vols = json_array(), *data = json_object();
	json_t *objects = NULL;
	const char *v, *since;
	size_t i;
	mf m;
	int rc = 0;

	mf_init(&m, src, doc, mcp_source_name(src), NULL, matrix, rules, d);
	/* MCP-BUILD-001: only the whole build knows which kinds it needs,
	 * so a target too old for any kind mcpc emits gets the whole build */
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!mcp_matrix_api_version(matrix, kinds[i].kind, m.k8s,
		                            kinds[i].api, &v, &since))
			break;
	if (i < sizeof(kinds) / sizeof(kinds[0])) {
		rc = mcp_manifests_build(&objects, src, doc,
		                         mcp_source_name(src), NULL, matrix,
		                         rules, d);
		json_decref(objects);
		rc = rc == MCP_EPARSE ? 0 : rc;
	} else if (!env || !mounts || !vols || !data) {
		rc = MCP_ENOMEM;
	} else if (!mcp_pointers_reach(refusal_reads, changed, nchanged)) {
		/* what these read is as it was: so are their findings */
	} else {
		/* MCP-BUILD-004 and -005: the two pieces that refuse */
		if (json_object_size(em_at(m.spec, "config/values")))
			config_values(&m, data, em_at(m.spec, "config/values"));
		storage_credentials(&m, env, mounts, vols);
		rc = m.oom ? MCP_ENOMEM : 0;
	}
	json_decref(env);
	json_decref(mounts);
	json_decref(vols);
	json_decref(data);
	return rc;
}

int mcp_manifests_build(json_t **out, const mcp_source *src, size_t doc,
                        const char *origin, const char *env,
                        const mcp_matrix *matrix, const mcp_rules *rules,
                        mcp_diag *d)
{
	mf m;

	*out = NULL;
	mf_init(&m, src, doc, origin, env, matrix, rules, d);
	if (!(m.out = json_array()))
		return MCP_ENOMEM;
	namespace(&m);
	service_accounts(&m);
	rbac(&m);
	config_map(&m); /* before the pods: they carry its hash */
	services(&m);
	deployments(&m);
	autoscaler(&m);
	disruption_budget(&m);
	network_policies(&m);
	ingress(&m);
	token_policies(&m);
	service_monitor(&m);
	sync_waves(&m);
	if (m.oom || m.refused) {
		json_decref(m.out);
		return m.oom ? MCP_ENOMEM : MCP_EPARSE;
	}
	*out = m.out;
	return 0;
}
