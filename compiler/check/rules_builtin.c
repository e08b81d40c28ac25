/*
 * rules_builtin.c: the built-in checks, in C for what a rule pack cannot
 * say: cross-references between parts of a spec (a node pool named by the
 * server, the registry an image comes from, calls between services) and
 * sums over them. Each is listed, explained and documented like a rule.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "check/rules_int.h"
#include "check/schema_int.h"
#include "mcpc/quantity.h"

/* MCP-NET-003: a service that lists itself in its calls. */
static void check_self_call(walk *w)
{
	json_t *svcs = json_object_get(mcp_rule_spec(w), "services");
	size_t i, j;
	char ptr[96];

	for (i = 0; i < json_array_size(svcs); i++) {
		json_t *svc = json_array_get(svcs, i);
		json_t *calls = json_object_get(svc, "calls");
		const char *name =
		    json_string_value(json_object_get(svc, "name"));
		for (j = 0; name && j < json_array_size(calls); j++) {
			const char *c =
			    json_string_value(json_array_get(calls, j));
			if (!c || strcmp(c, name) != 0)
				continue;
			snprintf(ptr, sizeof(ptr),
			         "/spec/services/%zu/calls/%zu", i, j);
			mcp_rule_report(
			    w, ptr, "service '%s' lists itself in its calls",
			    name);
		}
	}
}

/* The node pool called name, or NULL. */
static json_t *pool_named(json_t *pools, const char *name)
{
	size_t i;
	for (i = 0; name && i < json_array_size(pools); i++) {
		const char *n = json_string_value(
		    json_object_get(json_array_get(pools, i), "name"));
		if (n && strcmp(n, name) == 0)
			return json_array_get(pools, i);
	}
	return NULL;
}

/* MCP-PRE-001: inference.nodePool names a pool of spec.nodePools. */
static void check_pool_exists(walk *w)
{
	json_t *pools = json_object_get(mcp_rule_spec(w), "nodePools");
	const char *want = json_string_value(json_object_get(
	    json_object_get(mcp_rule_spec(w), "inference"), "nodePool"));
	const char *best = NULL;
	size_t i, bd = (size_t)-1;

	if (!want || pool_named(pools, want))
		return;
	for (i = 0; i < json_array_size(pools); i++) {
		const char *n = json_string_value(
		    json_object_get(json_array_get(pools, i), "name"));
		size_t dist =
		    n ? mcp_edit_distance(want, strlen(want), n, strlen(n))
		      : (size_t)-1;
		if (dist < bd) {
			bd = dist;
			best = n;
		}
	}
	if (best && bd <= 2)
		mcp_rule_report(
		    w, "/spec/inference/nodePool",
		    "node pool '%s' is not in spec.nodePools; did you mean "
		    "'%s'?",
		    want, best);
	else
		mcp_rule_report(w, "/spec/inference/nodePool",
		                "node pool '%s' is not in spec.nodePools",
		                want);
}

static long long gpus_of(json_t *pool)
{
	json_t *gpu = json_object_get(pool, "gpu");
	json_t *count = json_object_get(gpu, "count");
	if (!gpu)
		return 0;
	return count ? (long long)json_integer_value(count) : 1;
}

/* MCP-PRE-002: GPUs for a server that uses them. */
static void check_pool_gpus(walk *w)
{
	json_t *inf = json_object_get(mcp_rule_spec(w), "inference");
	json_t *gpu = json_object_get(inf, "gpu");
	json_t *pools = json_object_get(mcp_rule_spec(w), "nodePools");
	json_t *en = json_object_get(gpu, "enabled");
	json_t *cnt = json_object_get(gpu, "count");
	long long need = cnt ? (long long)json_integer_value(cnt) : 1, have = 0;
	const char *name = json_string_value(json_object_get(inf, "nodePool"));
	json_t *pool = pool_named(pools, name);
	size_t i;

	if (!inf || (en && !json_is_true(en)) || !json_array_size(pools))
		return;
	if (name) {
		if (!pool)
			return; /* MCP-PRE-001's finding */
		have = gpus_of(pool);
		if (have < need)
			mcp_rule_report(
			    w, "/spec/inference/nodePool",
			    "the server asks for %lld GPU%s a pod, but node "
			    "pool '%s' has %lld a node",
			    need, need == 1 ? "" : "s", name, have);
		return;
	}
	for (i = 0; i < json_array_size(pools); i++)
		if (gpus_of(json_array_get(pools, i)) >= need)
			return;
	mcp_rule_report(
	    w, "/spec/nodePools",
	    "the server asks for %lld GPU%s a pod, but no node pool has "
	    "that many",
	    need, need == 1 ? "" : "s");
}

/* MCP-PRE-003: the node pools together meet the minimums (the larger of
 * the standard's 8 CPUs, 32Gi, 1 GPU and spec.requirements). */
static void check_minimums(walk *w)
{
	json_t *pools = json_object_get(mcp_rule_spec(w), "nodePools");
	json_t *req = json_object_get(mcp_rule_spec(w), "requirements");
	__int128 cpu = 0, mem = 0, want_cpu, want_mem, x;
	long long gpus = 0, want_gpu = 1;
	json_t *g = json_object_get(req, "gpu");
	size_t i;

	if (!json_array_size(pools))
		return;
	mcp_quantity_parse(&want_cpu, "8", NULL);
	mcp_quantity_parse(&want_mem, "32Gi", NULL);
	if (mcp_rule_measure(json_object_get(req, "cpu"), 0, &x) &&
	    x > want_cpu)
		want_cpu = x;
	if (mcp_rule_measure(json_object_get(req, "memory"), 0, &x) &&
	    x > want_mem)
		want_mem = x;
	if (json_is_integer(g) && json_integer_value(g) > want_gpu)
		want_gpu = (long long)json_integer_value(g);
	for (i = 0; i < json_array_size(pools); i++) {
		json_t *p = json_array_get(pools, i);
		if (!mcp_rule_measure(json_object_get(p, "cpu"), 0, &x))
			return; /* the schema's to report */
		cpu += x;
		if (!mcp_rule_measure(json_object_get(p, "memory"), 0, &x))
			return;
		mem += x;
		gpus += gpus_of(p);
	}
	if (cpu < want_cpu)
		mcp_rule_report(
		    w, "/spec/nodePools",
		    "one node of each pool gives %.3g CPU cores together; "
		    "the deployment needs at least %.3g",
		    (double)cpu / 1e9, (double)want_cpu / 1e9);
	if (mem < want_mem)
		mcp_rule_report(
		    w, "/spec/nodePools",
		    "one node of each pool gives %.3g GiB of memory "
		    "together; the deployment needs at least %.3g GiB",
		    (double)mem / 1e9 / 1073741824.0,
		    (double)want_mem / 1e9 / 1073741824.0);
	if (gpus < want_gpu)
		mcp_rule_report(
		    w, "/spec/nodePools",
		    "one node of each pool gives %lld GPU%s together; the "
		    "deployment needs at least %lld",
		    gpus, gpus == 1 ? "" : "s", want_gpu);
}

/* MCP-IMG-003: with a private registry declared, images come from it. */
static void check_registry(walk *w)
{
	json_t *spec = mcp_rule_spec(w),
	       *svcs = json_object_get(spec, "services");
	const char *server = json_string_value(
	    json_object_get(json_object_get(spec, "registry"), "server"));
	const char *img;
	size_t i, n;
	char ptr[64];

	if (!server || !*server)
		return;
	n = strlen(server);
	img = json_string_value(
	    json_object_get(json_object_get(spec, "inference"), "image"));
	if (img && (strncmp(img, server, n) != 0 || img[n] != '/'))
		mcp_rule_report(
		    w, "/spec/inference/image",
		    "image %s does not come from the declared registry %s", img,
		    server);
	for (i = 0; i < json_array_size(svcs); i++) {
		img = json_string_value(
		    json_object_get(json_array_get(svcs, i), "image"));
		if (!img || (strncmp(img, server, n) == 0 && img[n] == '/'))
			continue;
		snprintf(ptr, sizeof(ptr), "/spec/services/%zu/image", i);
		mcp_rule_report(
		    w, ptr,
		    "image %s does not come from the declared registry %s", img,
		    server);
	}
}

/*
 * Whether @p want is one of @p list (strings, or objects whose member
 * @p key is the string); else keeps the closest one so far in *best and
 * its edit distance in *bd.
 */
static int nearest(json_t *list, const char *key, const char *want,
                   const char **best, size_t *bd)
{
	size_t k, dist;

	for (k = 0; k < json_array_size(list); k++) {
		json_t *x = json_array_get(list, k);
		const char *n =
		    json_string_value(key ? json_object_get(x, key) : x);
		if (!n)
			continue;
		dist = mcp_edit_distance(want, strlen(want), n, strlen(n));
		if (dist == 0)
			return 1;
		if (dist < *bd) {
			*bd = dist;
			*best = n;
		}
	}
	return 0;
}

/* MCP-NET-002: calls name a service of the spec or of the project. */
static void check_calls(walk *w)
{
	json_t *svcs = json_object_get(mcp_rule_spec(w), "services");
	json_t *known = mcp_rules_setting(w->rules, "services");
	size_t i, j;
	char ptr[96];

	for (i = 0; i < json_array_size(svcs); i++) {
		json_t *calls =
		    json_object_get(json_array_get(svcs, i), "calls");
		for (j = 0; j < json_array_size(calls); j++) {
			const char *c =
			    json_string_value(json_array_get(calls, j));
			const char *best = NULL;
			size_t bd = 3;
			int found;
			if (!c)
				continue;
			found = nearest(svcs, "name", c, &best, &bd) ||
			        nearest(known, NULL, c, &best, &bd);
			if (found || (!known && !best))
				continue; /* without a project list: typos only
				           */
			snprintf(ptr, sizeof(ptr),
			         "/spec/services/%zu/calls/%zu", i, j);
			if (best)
				mcp_rule_report(
				    w, ptr,
				    "service '%s' is not a service of "
				    "the spec%s; did you mean '%s'?",
				    c, known ? " or the project" : "", best);
			else
				mcp_rule_report(
				    w, ptr,
				    "service '%s' is neither a service "
				    "of the spec nor one of the "
				    "project's services (.mcpc.yaml)",
				    c);
		}
	}
}

/* A quantity as written (a string, or a number), for messages. */
static const char *as_written(json_t *v, char *buf, size_t n)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		snprintf(buf, n, "%" JSON_INTEGER_FORMAT,
		         json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, n, "%g", json_real_value(v));
	else
		snprintf(buf, n, "?");
	return buf;
}

/* A node pool's CPU or memory (nano-units), 0 when unknown. */
static __int128 pool_size(json_t *pool, const char *what)
{
	__int128 x;
	return mcp_rule_measure(json_object_get(pool, what), 0, &x) ? x : 0;
}

/* MCP-RES-005: a pod's requests fit on a node of its pool. */
static void check_capacity(walk *w)
{
	static const char *const what[] = {"cpu", "memory"};
	json_t *spec = mcp_rule_spec(w);
	json_t *pools = json_object_get(spec, "nodePools");
	json_t *inf = json_object_get(spec, "inference");
	json_t *svcs = json_object_get(spec, "services");
	const char *name = json_string_value(json_object_get(inf, "nodePool"));
	json_t *pool = pool_named(pools, name);
	size_t i, k, p;
	char ptr[128], a[32], b[32];
	__int128 want, big;

	if (!json_array_size(pools))
		return;
	for (k = 0; k < 2; k++) {
		json_t *req = json_object_get(
		    json_object_get(json_object_get(inf, "resources"),
		                    "requests"),
		    what[k]);
		if (!pool || !mcp_rule_measure(req, 0, &want) ||
		    !pool_size(pool, what[k]) ||
		    want <= pool_size(pool, what[k]))
			continue;
		snprintf(ptr, sizeof(ptr),
		         "/spec/inference/resources/requests/%s", what[k]);
		mcp_rule_report(
		    w, ptr,
		    "the server requests %s %s, more than a node of "
		    "pool '%s' has (%s)",
		    as_written(req, a, sizeof(a)), what[k], name,
		    as_written(json_object_get(pool, what[k]), b, sizeof(b)));
	}
	for (k = 0; k < 2; k++) {
		big = 0;
		for (p = 0; p < json_array_size(pools); p++) {
			__int128 x =
			    pool_size(json_array_get(pools, p), what[k]);
			if (!x)
				break; /* the schema's to report */
			if (x > big)
				big = x;
		}
		if (p < json_array_size(pools))
			continue;
		for (i = 0; i < json_array_size(svcs); i++) {
			json_t *req = json_object_get(
			    json_object_get(
			        json_object_get(json_array_get(svcs, i),
			                        "resources"),
			        "requests"),
			    what[k]);
			if (!mcp_rule_measure(req, 0, &want) || want <= big)
				continue;
			snprintf(ptr, sizeof(ptr),
			         "/spec/services/%zu/resources/requests/%s", i,
			         what[k]);
			mcp_rule_report(w, ptr,
			                "the service requests more %s than a "
			                "node of any pool has",
			                what[k]);
		}
	}
}

const mcp_builtin mcp_builtins[] = {
    {"MCP-NET-002", "Calls name a known service", "warning", "network",
     "A service's calls become NetworkPolicy egress to the services named. "
     "A name that is no service of the spec opens nothing: a typo is "
     "reported when it is close to a service of the spec; with a project "
     "that lists the services deployed elsewhere (.mcpc.yaml "
     "spec.services), every name outside both is reported.",
     "name a service of spec.services, or add it to the project's services",
     "spec:\n  services:\n    - name: user\n    - name: order\n"
     "      calls: [usr]",
     check_calls},
    {"MCP-RES-005", "Requests fit on a node of the pool", "error", "resources",
     "A pod is scheduled whole onto one node: a server requesting more CPU "
     "or memory than a node of its pool has stays Pending forever, and so "
     "does a service requesting more than a node of any pool has.",
     "lower the request, or use a pool with larger nodes",
     "spec:\n  nodePools: [{name: gpu, cpu: 8, memory: 64Gi}]\n"
     "  inference:\n    nodePool: gpu\n"
     "    resources: {requests: {cpu: \"16\", memory: 8Gi}}",
     check_capacity},
    {"MCP-RBAC-001", "Permissions are in the permission map", "error", "rbac",
     "A role's permission names stand for Kubernetes RBAC rules through the "
     "permission map (rules/rbac/permissions.yaml, more with --rules). A "
     "name that is not there grants nothing, or, after a typo, not what "
     "was meant.",
     "use a permission of the map (mcpc explain lists where it is), or add "
     "one in a Permissions document",
     "spec:\n  rbac:\n    roles:\n      - {name: ops, permissions: [deploi], "
     "subjects: [{group: ops}]}",
     mcp_check_rbac_unknown},
    {"MCP-RBAC-002", "No wildcard verbs or resources", "error", "rbac",
     "'*' grants every verb or every resource, including those added by "
     "later Kubernetes releases and CRDs; least privilege names them.",
     "grant the permissions the role needs (deploy, logs, ...)",
     "spec:\n  rbac:\n    roles:\n      - {name: ops, permissions: "
     "[namespace-admin], subjects: [{group: ops}]}",
     mcp_check_rbac_wildcard},
    {"MCP-RBAC-003", "Roles do not read Secrets", "warning", "rbac",
     "Reading Secrets reveals credentials, keys and certificates; list and "
     "watch return the contents as well as get. Workloads receive their "
     "secrets through secretRef, people should not need them.",
     "drop read-secrets; mount what a workload needs with secretRef",
     "spec:\n  rbac:\n    roles:\n      - {name: ops, permissions: "
     "[read-secrets], subjects: [{group: ops}]}",
     mcp_check_rbac_secrets},
    {"MCP-RBAC-004", "No escalate, bind or impersonate", "error", "rbac",
     "escalate and bind let the holder create roles and bindings with "
     "rights it does not have; impersonate lets it act as anyone. Each is "
     "a path to every other right.",
     "leave RBAC administration to the cluster's administrators",
     "spec:\n  rbac:\n    roles:\n      - {name: ops, permissions: "
     "[manage-rbac], subjects: [{group: ops}]}",
     mcp_check_rbac_escalate},
    {"MCP-RBAC-005", "No shell in running pods", "warning", "rbac",
     "pods/exec and pods/attach give a shell inside the server's "
     "containers: the model, its mounted secrets and its service account "
     "token. Debugging belongs in ephemeral, audited access.",
     "drop exec; grant it for an incident through a waiver that expires",
     "spec:\n  rbac:\n    roles:\n      - {name: ops, permissions: [exec], "
     "subjects: [{group: ops}]}",
     mcp_check_rbac_exec},
    {"MCP-RBAC-006", "No cluster-admin", "error", "rbac",
     "cluster-admin is every action on every resource in every namespace. "
     "A deployment's roles never need it.",
     "grant the namespaced permissions the role needs",
     "spec:\n  rbac:\n    roles:\n      - {name: ops, permissions: "
     "[cluster-admin], subjects: [{group: ops}]}",
     mcp_check_rbac_cluster_admin},
    {"MCP-RBAC-008", "Separation of duties", "error", "rbac",
     "The permission map pairs duties one subject must not hold together: "
     "whoever deploys must not audit the deployments, whoever grants access "
     "must not audit it. A group, user or service account holding both, in "
     "one role or across roles, is reported.",
     "give the two duties to different subjects",
     "spec:\n  rbac:\n    roles:\n      - {name: ops, permissions: [deploy, "
     "audit-logs], subjects: [{group: ops}]}",
     mcp_check_rbac_duties},
    {"MCP-RBAC-009", "Subject groups are the project's groups", "error", "rbac",
     "When .mcpc.yaml lists the identity provider's groups (spec.groups), "
     "a subject group outside the list binds a role to nobody, or to the "
     "wrong people after a typo.",
     "use a group of the project's list, or add the group there",
     "spec:\n  rbac:\n    roles:\n      - {name: ops, permissions: [logs], "
     "subjects: [{group: ops-teem}]}",
     mcp_check_rbac_groups},
    {"MCP-RBAC-010", "Role names are unique", "error", "rbac",
     "Each role becomes a Role and a RoleBinding named after it; two roles "
     "of one name would overwrite each other.",
     "rename one of the roles, or merge them",
     "spec:\n  rbac:\n    roles:\n      - {name: ops, permissions: [logs], "
     "subjects: [{group: ops}]}\n      - {name: ops, permissions: [deploy], "
     "subjects: [{group: ops}]}",
     mcp_check_rbac_names},
    {"MCP-SEC-001", "No credentials inline", "error", "secrets",
     "A key named like a credential (password, passwd, pwd, passphrase, "
     "secret, token, credentials, api key, private key, access key, client "
     "secret, in any case and with any separator: DB_PASSWORD, apiKey, "
     "client-secret) holds its value in the spec, anywhere in it (env, "
     "config values, annotations, labels, overlays), and so in Git, in the "
     "rendered manifests and in every log that prints them. Secrets come "
     "from Kubernetes Secrets through secretEnv. A reference is not a "
     "credential: an empty value, a whole ${VAR} (without a default), "
     "$(VAR), {{ template }}, a <placeholder> or '****', an object (each of "
     "its members is judged by its own name), a boolean. Names are judged "
     "by their last word: tokenizer, max_tokens, secretName and "
     "passwordPolicy are not credentials. The message never repeats the "
     "value.",
     "move it to a Secret and refer to it: secretEnv: {NAME: {secretRef: "
     "{name: SECRET, key: KEY}}} for services, ${VAR} elsewhere",
     "spec:\n  services:\n    - name: user\n"
     "      env: {DB_PASSWORD: hunter2}",
     mcp_check_secret_names},
    {"MCP-SEC-002", "No secret material inline", "error", "secrets",
     "Values and keys that are secrets by their shape, anywhere in the "
     "spec, whatever their name: a private key block, an AWS access key "
     "id, an Azure storage key, a GitHub, Slack, Google, OpenAI or "
     "Anthropic, Hugging Face or Stripe key or token, a Slack webhook URL, "
     "a JSON Web Token, a bearer token, a URL with a password (user:pw@ in "
     "any scheme, an empty user, any character in the password), or "
     "NAME=value or NAME: value where NAME names a credential and value is "
     "no reference (a connection string, a query, a command line, a "
     "configuration file held in a value). In the spec it lands in Git, in the "
     "rendered "
     "manifests and in every log that prints them. Every report masks the "
     "same shapes, and the message never repeats the value.",
     "put it in a Secret and refer to it (secretEnv for services)",
     "spec:\n  config:\n    values: {db-url: "
     "\"postgres://app:s3cret@db:5432/app\"}",
     mcp_check_secret_shapes},
    {"MCP-IMG-003", "Images come from the declared registry", "error", "images",
     "When spec.registry.server names a private registry, every image is "
     "pulled through it: an image from elsewhere bypasses the mirror, its "
     "scanning and its pull secret, and fails where the cluster has no "
     "route out.",
     "pull the image through spec.registry.server (mirror it there)",
     "spec:\n  registry: {server: registry.example.com}\n  services:\n"
     "    - name: user\n      image: docker.io/acme/user:1.4.2",
     check_registry},
    {"MCP-NET-003", "No service calls itself", "warning", "network",
     "A service's calls become its NetworkPolicy egress; naming itself "
     "there is a slip (a copied list, a renamed service) and opens nothing "
     "it needs.",
     "remove the service's own name from its calls",
     "spec:\n  services:\n    - name: user\n      calls: [user, order]",
     check_self_call},
    {"MCP-PRE-001", "The inference node pool exists", "error", "prerequisites",
     "inference.nodePool must name one of spec.nodePools: the server is "
     "scheduled there, and the driver and GPU checks read that pool.",
     "name a pool of spec.nodePools (or add the pool)",
     "spec:\n  nodePools: [{name: gpu-a100, cpu: 32, memory: 256Gi}]\n"
     "  inference:\n    nodePool: gpu-a10",
     check_pool_exists},
    {"MCP-PRE-002", "The inference node pool has the GPUs the server asks for",
     "error", "prerequisites",
     "With inference.gpu.enabled (the default), every server pod requests "
     "inference.gpu.count whole GPUs; a node of its pool must have at least "
     "that many, or the pods never schedule.",
     "put the server on a GPU pool, or lower inference.gpu.count",
     "spec:\n  nodePools: [{name: cpu, cpu: 32, memory: 128Gi}]\n"
     "  inference:\n    nodePool: cpu\n    gpu: {enabled: true, count: 1}",
     check_pool_gpus},
    {"MCP-PRE-003", "The node pools meet the deployment's minimums", "error",
     "prerequisites",
     "The MCP AI-102 standard asks a target cluster for at least 8 CPU "
     "cores, 32Gi of memory and 1 GPU; spec.requirements may ask for more. "
     "The node pools' node sizes together must reach them.",
     "add or enlarge node pools, or correct spec.requirements",
     "spec:\n  nodePools: [{name: small, cpu: 4, memory: 16Gi}]",
     check_minimums},
};

const size_t mcp_builtin_count = sizeof(mcp_builtins) / sizeof(mcp_builtins[0]);
