/*
 * rules_builtin.c: the built-in checks, in C for what a rule pack cannot
 * say: cross-references between parts of a spec (a node pool named by the
 * server, the registry an image comes from, calls between services) and
 * sums over them. Each is listed, explained and documented like a rule.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/policy/rules_int.h"
#include "check/schema/schema_int.h"
#include "mcpc/quantity.h"
#include "support/hmap.h"

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

/* A list's ephemeral storage, under either of its names. */
static json_t *storage_of(json_t *list, const char **name)
{
	json_t *v = json_object_get(list, "ephemeral-storage");

	*name = "ephemeral-storage";
	if (!v) {
		v = json_object_get(list, "storage");
		*name = "storage";
	}
	return v;
}

/* MCP-RES-004 on one container's resources at base (a pointer). */
static void storage_request(walk *w, json_t *res, const char *base)
{
	const char *rn, *ln;
	json_t *req = storage_of(json_object_get(res, "requests"), &rn);
	json_t *lim = storage_of(json_object_get(res, "limits"), &ln);
	char rp[128], lp[128], a[32], b[32];
	__int128 r, l;

	if (!req || !lim)
		return;
	snprintf(rp, sizeof(rp), "%s/requests/%s", base, rn);
	snprintf(lp, sizeof(lp), "%s/limits/%s", base, ln);
	if (!mcp_rule_measure(req, 0, &r) || !mcp_rule_measure(lim, 0, &l)) {
		mcp_rule_report(w, rp,
		                "cannot compare %s (or the limit %s) as a "
		                "quantity, so this rule was not checked",
		                as_written(req, a, sizeof(a)),
		                as_written(lim, b, sizeof(b)));
		return;
	}
	if (r > l)
		mcp_rule_report_related(
		    w, rp, lp, "the ephemeral-storage limit",
		    "the ephemeral-storage request %s is above the limit %s",
		    as_written(req, a, sizeof(a)),
		    as_written(lim, b, sizeof(b)));
}

/* MCP-RES-004: ephemeral-storage requests are at most the limits, each
 * written as ephemeral-storage or as the standard's storage. */
static void check_storage_request(walk *w)
{
	json_t *spec = mcp_rule_spec(w);
	json_t *svcs = json_object_get(spec, "services");
	char base[64];
	size_t i;

	storage_request(
	    w, json_object_get(json_object_get(spec, "inference"), "resources"),
	    "/spec/inference/resources");
	for (i = 0; i < json_array_size(svcs); i++) {
		snprintf(base, sizeof(base), "/spec/services/%zu/resources", i);
		storage_request(
		    w, json_object_get(json_array_get(svcs, i), "resources"),
		    base);
	}
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

/* A duration given at @p v, or the default @p dflt (ns); 0 when @p v is
 * there but no duration (the schema's to report). */
static int duration_or(json_t *v, const char *dflt, __int128 *out)
{
	json_t *d;
	int ok;

	if (v)
		return mcp_rule_measure(v, 1, out);
	if (!(d = json_string(dflt)))
		return 0;
	ok = mcp_rule_measure(d, 1, out);
	json_decref(d);
	return ok;
}

#define KEEPALIVE "/spec/inference/grpc/keepalive"

/* MCP-GRPC-003: pings faster than the server's default policy allows,
 * with permitWithoutStream explicitly false (absent, it is true). */
static void check_keepalive_permit(walk *w)
{
	json_t *ka = json_object_get(
	    json_object_get(json_object_get(mcp_rule_spec(w), "inference"),
	                    "grpc"),
	    "keepalive");
	json_t *permit = json_object_get(ka, "permitWithoutStream");
	json_t *time = json_object_get(ka, "time");
	__int128 t, floor;

	if (!json_is_false(permit) || !duration_or(time, "30s", &t) ||
	    !duration_or(NULL, "5m", &floor) || t >= floor)
		return;
	if (time)
		mcp_rule_report(
		    w, KEEPALIVE "/time",
		    "keepalive time %s is below the server's default 5m ping "
		    "policy, and permitWithoutStream is false: clients get "
		    "GOAWAY too_many_pings",
		    json_string_value(time));
	else
		mcp_rule_report(
		    w, KEEPALIVE "/permitWithoutStream",
		    "permitWithoutStream is false, and the keepalive time (the "
		    "default 30s) is below the server's default 5m ping "
		    "policy: clients get GOAWAY too_many_pings");
}

/* MCP-GRPC-005: the keepalive timeout is shorter than its interval,
 * each taking the standard's value when absent (time 30s, timeout 10s). */
static void check_keepalive_timeout(walk *w)
{
	json_t *ka = json_object_get(
	    json_object_get(json_object_get(mcp_rule_spec(w), "inference"),
	                    "grpc"),
	    "keepalive");
	json_t *time = json_object_get(ka, "time");
	json_t *timeout = json_object_get(ka, "timeout");
	__int128 t, to;

	if (!duration_or(time, "30s", &t) ||
	    !duration_or(timeout, "10s", &to) || to < t)
		return;
	if (time && timeout)
		mcp_rule_report_related(
		    w, KEEPALIVE "/timeout", KEEPALIVE "/time",
		    "the keepalive time",
		    "the keepalive timeout %s is not shorter than the "
		    "keepalive time %s: a ping is sent before the last one "
		    "could time out",
		    json_string_value(timeout), json_string_value(time));
	else if (timeout)
		mcp_rule_report(w, KEEPALIVE "/timeout",
		                "the keepalive timeout %s is not shorter than "
		                "the keepalive time (the default 30s)",
		                json_string_value(timeout));
	else
		mcp_rule_report(w, KEEPALIVE "/time",
		                "the keepalive time %s is not longer than the "
		                "keepalive timeout (the default 10s)",
		                json_string_value(time));
}

#define BUDGET "/spec/rollout/disruptionBudget"

/* A count or a percentage of n, rounded up as the disruption controller
 * rounds both of a budget's fields; -1 for anything else. */
static long long int_or_percent(json_t *v, long long n)
{
	const char *s = json_string_value(v);
	char *end;
	long p;

	if (json_is_integer(v))
		return (long long)json_integer_value(v);
	if (!s)
		return -1;
	p = strtol(s, &end, 10);
	if (end == s || strcmp(end, "%") != 0 || p < 0 || p > 100)
		return -1;
	return (p * n + 99) / 100;
}

/* MCP-AVL-002: the budget lets at least one pod go, at the fewest pods
 * the server runs: inference.replicas (2 when absent), or the
 * autoscaler's minReplicas (1 when absent) when it scales the server. */
static void check_disruption_budget(walk *w)
{
	json_t *spec = mcp_rule_spec(w);
	json_t *pdb = json_object_get(json_object_get(spec, "rollout"),
	                              "disruptionBudget");
	json_t *inf = json_object_get(spec, "inference");
	json_t *hpa =
	    json_object_get(json_object_get(spec, "rollout"), "autoscaling");
	json_t *rep = json_object_get(inf, "replicas");
	json_t *hmin = json_object_get(hpa, "minReplicas");
	json_t *mina = json_object_get(pdb, "minAvailable");
	json_t *maxu = json_object_get(pdb, "maxUnavailable");
	long long replicas = rep ? (long long)json_integer_value(rep) : 2;
	long long lo =
	    hpa ? (hmin ? (long long)json_integer_value(hmin) : 1) : replicas;
	const char *ptr, *why, *rel;
	long long v, allowed;
	char text[32], at[128];

	if (!pdb || (rep && !json_is_integer(rep)) ||
	    (hmin && !json_is_integer(hmin)))
		return;
	if (replicas < 2 && lo < 2)
		return; /* no budget is emitted (MCP-AVL-001 speaks) */
	if (mina) {
		v = int_or_percent(mina, lo);
		ptr = BUDGET "/minAvailable";
		allowed = lo - v;
	} else {
		v = int_or_percent(maxu, lo);
		ptr = BUDGET "/maxUnavailable";
		allowed = v;
	}
	if (v < 0 || allowed > 0)
		return;
	if (hmin && json_is_integer(mina) && v > lo)
		return; /* minReplicas below minAvailable: MCP-AVL-004's */
	if (json_is_integer(mina ? mina : maxu))
		snprintf(text, sizeof(text), "%lld",
		         (long long)json_integer_value(mina ? mina : maxu));
	else
		snprintf(text, sizeof(text), "%s",
		         json_string_value(mina ? mina : maxu));
	if (hpa)
		snprintf(at, sizeof(at),
		         "the autoscaler's minimum of %lld "
		         "%s",
		         lo, lo == 1 ? "pod" : "pods");
	else
		snprintf(at, sizeof(at), "%lld replicas%s", lo,
		         rep ? "" : " (the default)");
	why = mina ? "minAvailable" : "maxUnavailable";
	/* the count it is held to, when the spec writes it */
	rel = hpa ? (hmin ? "/spec/rollout/autoscaling/minReplicas" : NULL)
	          : (rep ? "/spec/inference/replicas" : NULL);
	mcp_rule_report_related(
	    w, ptr, rel, hpa ? "the autoscaler's minimum" : "the replica count",
	    "disruptionBudget.%s %s leaves no pod to evict "
	    "at %s: node drains and upgrades hang",
	    why, text, at);
}

/* MCP-NAME-001: services, node pools and models have unique names (a
 * hash map of the names seen, so a list of thousands stays linear). */
static void check_names(walk *w)
{
	static const struct {
		const char *list, *what;
	} lists[] = {
	    {"/spec/services", "service"},
	    {"/spec/nodePools", "node pool"},
	    {"/spec/inference/models", "model"},
	};
	size_t l, i;
	char here[96], there[96], first[64];

	for (l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
		json_t *arr = mcp_pointer_get(w->root, lists[l].list);
		mcp_hmap seen;
		mcp_hmap_init(&seen);
		for (i = 0; i < json_array_size(arr); i++) {
			json_t *name =
			    json_object_get(json_array_get(arr, i), "name");
			const char *n = json_string_value(name);
			size_t len = json_string_length(name);
			void *at;
			if (!n)
				continue;
			at = mcp_hmap_get(&seen, n, len);
			if (!at) {
				if (mcp_hmap_put(&seen, n, len,
				                 (void *)(uintptr_t)(i + 1),
				                 NULL) < 0)
					w->oom = 1;
				continue;
			}
			snprintf(here, sizeof(here), "%s/%zu/name",
			         lists[l].list, i);
			snprintf(there, sizeof(there), "%s/%zu/name",
			         lists[l].list, (size_t)(uintptr_t)at - 1);
			snprintf(first, sizeof(first),
			         "the first %s of that name", lists[l].what);
			mcp_rule_report_related(w, here, there, first,
			                        "%s '%s' is defined twice",
			                        lists[l].what, n);
		}
		mcp_hmap_free(&seen, NULL);
	}
}

/* The server's ports: name, JSON member, Triton's default. */
static const struct {
	const char *name, *key;
	long long dflt;
} server_ports[] = {
    {"HTTP", "http", 8000},
    {"gRPC", "grpc", 8001},
    {"metrics", "metrics", 8002},
};
#define NPORTS (sizeof(server_ports) / sizeof(server_ports[0]))

/* The server's port k as it takes effect; *given says whether written.
 * -1 when written but not an integer (the schema's to report). */
static long long server_port(json_t *ports, size_t k, int *given)
{
	json_t *v = json_object_get(ports, server_ports[k].key);
	*given = v != NULL;
	if (!v)
		return server_ports[k].dflt;
	return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
}

/* MCP-PORT-001: the server's ports differ. */
static void check_server_ports(walk *w)
{
	json_t *ports = json_object_get(
	    json_object_get(mcp_rule_spec(w), "inference"), "ports");
	size_t j, k;
	char here[64], there[64], what[64];

	for (k = 1; k < NPORTS; k++) {
		int gk, gj;
		long long pk = server_port(ports, k, &gk), pj;
		for (j = 0; pk >= 0 && j < k; j++) {
			size_t at = k, other = j;
			pj = server_port(ports, j, &gj);
			if (pj != pk)
				continue;
			if (!gk) { /* k took its default: j is the one written
				    */
				at = j;
				other = k;
			}
			snprintf(here, sizeof(here), "/spec/inference/ports/%s",
			         server_ports[at].key);
			snprintf(there, sizeof(there),
			         "/spec/inference/ports/%s",
			         server_ports[other].key);
			snprintf(what, sizeof(what), "the %s port",
			         server_ports[other].name);
			if (gk && gj)
				mcp_rule_report_related(
				    w, here, there, what,
				    "port %lld is both the server's %s and "
				    "its %s port: the second to bind fails "
				    "with \"address already in use\"",
				    pk, server_ports[at].name,
				    server_ports[other].name);
			else
				mcp_rule_report(
				    w, here,
				    "port %lld is both the server's %s port "
				    "and its %s port (Triton's default): the "
				    "second to bind fails with \"address "
				    "already in use\"",
				    pk, server_ports[at].name,
				    server_ports[other].name);
			break;
		}
	}
}

/* MCP-PORT-002: no service is emitted as the server's Service (named
 * metadata.name + "-triton", as compiler/emit/manifests.c names it). */
static void check_service_names(walk *w)
{
	json_t *svcs = json_object_get(mcp_rule_spec(w), "services");
	json_t *ports = json_object_get(
	    json_object_get(mcp_rule_spec(w), "inference"), "ports");
	const char *app =
	    json_string_value(mcp_pointer_get(w->root, "/metadata/name"));
	char server[300], ptr[64], clash[128];
	size_t i, k;

	if (!app)
		return;
	snprintf(server, sizeof(server), "%s-triton", app);
	for (i = 0; i < json_array_size(svcs); i++) {
		json_t *s = json_array_get(svcs, i);
		const char *n = json_string_value(json_object_get(s, "name"));
		json_t *port = json_object_get(s, "port");
		if (!n || strcmp(n, server) != 0)
			continue;
		clash[0] = '\0';
		for (k = 0; json_is_integer(port) && k < NPORTS; k++) {
			int given;
			if (server_port(ports, k, &given) ==
			    (long long)json_integer_value(port)) {
				snprintf(clash, sizeof(clash),
				         ", and its port %lld is the "
				         "server's %s port",
				         (long long)json_integer_value(port),
				         server_ports[k].name);
				break;
			}
		}
		snprintf(ptr, sizeof(ptr), "/spec/services/%zu/name", i);
		mcp_rule_report_related(
		    w, ptr, "/metadata/name",
		    "the server's Service is named after this",
		    "service '%s' would be emitted as the Kubernetes Service "
		    "'%s', the name of the inference server's Service%s: one "
		    "overwrites the other",
		    n, server, clash);
	}
}

/* Whether a systemd unit name is telnet's (telnet, telnetd, with an
 * optional .service or .socket suffix). */
static int is_telnet(const char *u)
{
	static const char *const names[] = {
	    "telnet",          "telnet.service", "telnet.socket",   "telnetd",
	    "telnetd.service", "telnetd.socket", "telnet@.service",
	};
	size_t i;
	for (i = 0; u && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(u, names[i]) == 0)
			return 1;
	return 0;
}

/* MCP-HOST-005: a declared host baseline disables telnet. */
static void check_telnet(walk *w)
{
	json_t *hb = json_object_get(
	    json_object_get(mcp_rule_spec(w), "security"), "hostBaseline");
	json_t *ds = json_object_get(hb, "disabledServices");
	size_t i;

	if (!hb)
		return; /* MCP-HOST-004's finding */
	for (i = 0; i < json_array_size(ds); i++)
		if (is_telnet(json_string_value(json_array_get(ds, i))))
			return;
	if (ds)
		mcp_rule_report(w,
		                "/spec/security/hostBaseline/disabledServices",
		                "telnet is not among the disabled services");
	else
		mcp_rule_report(w, "/spec/security/hostBaseline",
		                "the host baseline lists no disabled services, "
		                "so telnet is not disabled");
}

/* MCP-GRPC-004 (off): the message size in effect, the standard's 50Mi
 * when absent, against gRPC's own 4 MiB default. */
static void check_message_size(walk *w)
{
	json_t *grpc = json_object_get(
	    json_object_get(mcp_rule_spec(w), "inference"), "grpc");
	json_t *size = json_object_get(grpc, "maxRecvMessageSize");
	__int128 have, limit;

	mcp_quantity_parse(&limit, "4Mi", NULL);
	if (!size) {
		mcp_rule_report(w, "/spec/inference/grpc/maxRecvMessageSize",
		                "the gRPC message size is the standard's 50Mi "
		                "(the default), above gRPC's 4 MiB default");
		return;
	}
	if (json_is_integer(size))
		have = (__int128)json_integer_value(size) * 1000000000;
	else if (!json_is_string(size) ||
	         mcp_quantity_parse(&have, json_string_value(size), NULL) < 0)
		return; /* the schema's to report */
	if (have > limit)
		mcp_rule_report(w, "/spec/inference/grpc/maxRecvMessageSize",
		                "maxRecvMessageSize %s is above gRPC's 4 MiB "
		                "default",
		                json_is_string(size) ? json_string_value(size)
		                                     : "(a number)");
}

/* What each check reads (mcp_builtin.reads): every member it looks at
 * and every place it reports at. */
static const char *const reads_permissions[] = {
    "/spec/rbac/roles/*/permissions", NULL};
static const char *const reads_disruption_budget[] = {
    "/spec/rollout/disruptionBudget", "/spec/rollout/autoscaling",
    "/spec/inference/replicas", NULL};
static const char *const reads_keepalive_permit[] = {
    "/spec/inference/grpc/keepalive", NULL};
static const char *const reads_message_size[] = {
    "/spec/inference/grpc/maxRecvMessageSize", NULL};
static const char *const reads_keepalive_timeout[] = {
    "/spec/inference/grpc/keepalive", NULL};
static const char *const reads_names[] = {
    "/spec/services/*/name", "/spec/nodePools/*/name",
    "/spec/inference/models/*/name", NULL};
static const char *const reads_server_ports[] = {"/spec/inference/ports", NULL};
static const char *const reads_service_names[] = {
    "/metadata/name", "/spec/services/*/name", "/spec/services/*/port",
    "/spec/inference/ports", NULL};
static const char *const reads_telnet[] = {"/spec/security/hostBaseline", NULL};
static const char *const reads_calls[] = {"/spec/services/*/name",
                                          "/spec/services/*/calls", NULL};
static const char *const reads_storage_request[] = {
    "/spec/inference/resources", "/spec/services/*/resources", NULL};
static const char *const reads_capacity[] = {
    "/spec/nodePools", "/spec/inference/nodePool",
    "/spec/inference/resources/requests", "/spec/services/*/resources/requests",
    NULL};
static const char *const reads_rbac_duties[] = {
    "/spec/rbac/roles/*/permissions", "/spec/rbac/roles/*/subjects", NULL};
static const char *const reads_rbac_groups[] = {"/spec/rbac/roles/*/subjects",
                                                NULL};
static const char *const reads_rbac_names[] = {"/spec/rbac/roles/*/name", NULL};
static const char *const reads_rbac_audit_only[] = {
    "/spec/rbac/roles/*/name", "/spec/rbac/roles/*/permissions", NULL};
static const char *const reads_rbac_standard_roles[] = {"/spec/rbac/roles",
                                                        NULL};
static const char *const reads_registry[] = {"/spec/registry/server",
                                             "/spec/inference/image",
                                             "/spec/services/*/image", NULL};
static const char *const reads_self_call[] = {"/spec/services/*/name",
                                              "/spec/services/*/calls", NULL};
static const char *const reads_pool_exists[] = {"/spec/inference/nodePool",
                                                "/spec/nodePools/*/name", NULL};
static const char *const reads_pool_gpus[] = {
    "/spec/inference/gpu", "/spec/inference/nodePool", "/spec/nodePools", NULL};
static const char *const reads_minimums[] = {"/spec/nodePools",
                                             "/spec/requirements", NULL};

const mcp_builtin mcp_builtins[] = {
    {"MCP-AVL-002", "The disruption budget can be met", "error", "availability",
     "A PodDisruptionBudget that allows no disruption forbids every "
     "voluntary eviction: node drains and cluster upgrades hang until "
     "someone deletes the budget. mcpc emits the budget from two replicas "
     "(with one it could only block drains; MCP-AVL-001 speaks of the "
     "single replica) and checks it at the fewest pods the server runs: "
     "inference.replicas (the standard's 2 when absent), or the "
     "autoscaler's minReplicas (1 when absent) when rollout.autoscaling "
     "scales it. minAvailable must stay below that count and "
     "maxUnavailable above 0; a percentage is rounded up, as the "
     "disruption controller rounds it (minAvailable 51% of 2 pods is 2). "
     "A written minReplicas below a count minAvailable is MCP-AVL-004's.",
     "lower minAvailable below the fewest replicas, or use maxUnavailable: 1",
     "spec:\n  inference: {replicas: 2}\n  rollout:\n    disruptionBudget: "
     "{minAvailable: 2}",
     check_disruption_budget,
     "none: Kubernetes availability practice, which keeps the standard's two "
     "replicas (Installation, replicaCount) from being drained at once",
     0, reads_disruption_budget},
    {"MCP-GRPC-003", "Keepalive pings are permitted, or slower than 5 minutes",
     "warning", "timeouts",
     "A gRPC server's default enforcement policy refuses pings more often "
     "than every 5 minutes: the client gets GOAWAY too_many_pings and its "
     "connections drop. permitWithoutStream defaults to true (the "
     "standard's client value), and then mcpc sets the server's minimum "
     "ping interval to keepalive.time, so faster pings are allowed. With "
     "permitWithoutStream explicitly false, the keepalive time (30s when "
     "absent) must be 5 minutes or more.",
     "set grpc.keepalive.permitWithoutStream to true (or leave it out), or "
     "raise grpc.keepalive.time to 5m",
     "spec:\n  inference:\n    grpc:\n      keepalive: {time: 30s, timeout: "
     "10s, permitWithoutStream: false}",
     check_keepalive_permit,
     "Network and gRPC (keepalive time 30 s, permit without stream)", 0,
     reads_keepalive_permit},
    {"MCP-GRPC-004", "The gRPC message size stays at the 4 MiB default", "info",
     "timeouts",
     "gRPC accepts messages up to 4 MiB by default. A larger limit lets one "
     "request hold that much memory on the server and should be a "
     "deliberate choice (large tensors, batch payloads); shared memory or "
     "object storage carries big inputs better. The standard raises it to "
     "50 MiB, and mcpc applies that when maxRecvMessageSize is absent, so "
     "an absent size is reported too. Off by default: the standard's own "
     "value trips it; a project turns it on to review every raise.",
     "keep the message size at 4Mi, or waive this rule with the reason the "
     "model needs larger messages",
     "spec:\n  inference:\n    grpc: {maxRecvMessageSize: 50Mi}",
     check_message_size,
     "Network and gRPC (max receive message 50 MB, above gRPC's own 4 MiB)", 1,
     reads_message_size},
    {"MCP-GRPC-005", "The keepalive timeout is shorter than the keepalive time",
     "warning", "timeouts",
     "The standard, \"Network and gRPC\": keepalive time 30s, timeout 10s. A "
     "ping's acknowledgement is awaited for the timeout; a timeout as long "
     "as the interval means the next ping is due before the last one "
     "failed, and a dead connection is noticed late. Absent values take "
     "the standard's (time 30s, timeout 10s), so one written value is "
     "compared with the other's default.",
     "keep grpc.keepalive.timeout below grpc.keepalive.time (the "
     "standard's 10s and 30s)",
     "spec:\n  inference:\n    grpc:\n      keepalive: {time: 30s, timeout: "
     "30s}",
     check_keepalive_timeout,
     "Network and gRPC (keepalive time 30 s, timeout 10 s)", 0,
     reads_keepalive_timeout},
    {"MCP-NAME-001", "Services, node pools and models have unique names",
     "error", "config",
     "The standard, \"Components\": business microservices are split by "
     "domain and deployed and scaled independently. Each service becomes a "
     "Deployment and a Service named after it, a "
     "node pool is referred to by its name, a model is a folder of the "
     "model repository named after it: two of one name overwrite each "
     "other or make a reference ambiguous. The finding stands at the "
     "second and names the first. Roles are MCP-RBAC-010's.",
     "rename one of the two, or merge them",
     "spec:\n  services:\n    - {name: user, image: "
     "registry.example.com/user:1.4.2, port: 50051}\n    - {name: user, "
     "image: registry.example.com/user:1.5.0, port: 50052}",
     check_names,
     "Components (microservices deployed and scaled independently)", 0,
     reads_names},
    {"MCP-PORT-001", "The server's ports differ", "error", "network",
     "The standard, \"Fault diagnosis\": the first cause of a service that "
     "does not start is a port already in use. The server's HTTP, gRPC and "
     "metrics ports (inference.ports; Triton's defaults 8000, 8001 and "
     "8002 for those not given) are bound in one pod: two of them the same "
     "and the second bind fails.",
     "give inference.ports.http, grpc and metrics three different ports",
     "spec:\n  inference:\n    ports: {http: 8000, grpc: 8000}",
     check_server_ports,
     "Fault diagnosis (service start failures: port already in use)", 0,
     reads_server_ports},
    {"MCP-PORT-002", "No service takes the server's Service name", "error",
     "network",
     "The standard, \"Fault diagnosis\": port already in use. mcpc emits "
     "one Kubernetes Service per service, named after it, and one for the "
     "inference server, named metadata.name followed by -triton, carrying "
     "its HTTP, gRPC and metrics ports. A service of that name would be "
     "emitted as the same Service object: one overwrites the other, and "
     "the clients of the lost one reach the wrong pods or none (the "
     "message says when the port clashes too). Two services of one name "
     "are MCP-NAME-001's.",
     "rename the service",
     "metadata: {name: fraud-scoring}\nspec:\n  services:\n    - {name: "
     "fraud-scoring-triton, image: registry.example.com/proxy:1.0.0, port: "
     "8000}",
     check_service_names,
     "Fault diagnosis (service start failures: port already in use)", 0,
     reads_service_names},
    {"MCP-HOST-005", "telnet is disabled on the hosts", "error", "host",
     "The standard's \"Security baseline (must be met before go-live)\": "
     "systemctl disable telnet. Telnet sends passwords in clear text. A "
     "declared host baseline must list it in disabledServices (telnet, "
     "telnetd, with or without .service or .socket, or the template "
     "telnet@.service); a baseline without "
     "disabledServices does not disable it. Without any hostBaseline, "
     "MCP-HOST-004 is the finding.",
     "add telnet to security.hostBaseline.disabledServices",
     "spec:\n  security:\n    hostBaseline:\n      disabledServices: [rsh]",
     check_telnet, "Security baseline (systemctl disable telnet)", 0,
     reads_telnet},
    {"MCP-NET-002", "Calls name a known service", "warning", "network",
     "A service's calls become NetworkPolicy egress to the services named. "
     "A name that is no service of the spec opens nothing: a typo is "
     "reported when it is close to a service of the spec; with a project "
     "that lists the services deployed elsewhere (.mcpc.yaml "
     "spec.services), every name outside both is reported.",
     "name a service of spec.services, or add it to the project's services",
     "spec:\n  services:\n    - name: user\n    - name: order\n"
     "      calls: [usr]",
     check_calls,
     "Before deploying (must) 3 (network policies limit service-to-service "
     "traffic); Components (data flow)",
     0, reads_calls},
    {"MCP-RES-004", "Ephemeral-storage requests are at most the limits",
     "error", "resources",
     "The standard, \"Dependencies and runtime\": requests and limits, its "
     "example requesting storage: 500Gi. Kubernetes rejects a container "
     "whose ephemeral-storage request exceeds its limit. The request and "
     "the limit are compared whichever name each is written with: "
     "ephemeral-storage, or the standard's storage (emitted as "
     "ephemeral-storage).",
     "lower the request or raise the limit",
     "spec:\n  inference:\n    resources:\n      requests: {cpu: \"4\", "
     "memory: 8Gi, storage: 500Gi}\n      limits: {memory: 16Gi, "
     "ephemeral-storage: 100Gi}",
     check_storage_request,
     "Dependencies and runtime (requests and limits: storage 500Gi)", 0,
     reads_storage_request},
    {"MCP-RES-005", "Requests fit on a node of the pool", "error", "resources",
     "A pod is scheduled whole onto one node: a server requesting more CPU "
     "or memory than a node of its pool has stays Pending forever, and so "
     "does a service requesting more than a node of any pool has.",
     "lower the request, or use a pool with larger nodes",
     "spec:\n  nodePools: [{name: gpu, cpu: 8, memory: 64Gi}]\n"
     "  inference:\n    nodePool: gpu\n"
     "    resources: {requests: {cpu: \"16\", memory: 8Gi}}",
     check_capacity,
     "Before deploying (must) 1; Dependencies and runtime (placement)", 0,
     reads_capacity},
    {"MCP-RBAC-001", "Permissions are in the permission map", "error", "rbac",
     "A role's permission names stand for Kubernetes RBAC rules through the "
     "permission map (rules/rbac/permissions.yaml, more with --rules). A "
     "name that is not there grants nothing, or, after a typo, not what "
     "was meant.",
     "use a permission of the map (mcpc explain lists where it is), or add "
     "one in a Permissions document",
     "spec:\n  rbac:\n    roles:\n      - {name: ops, permissions: [deploi], "
     "subjects: [{group: ops}]}",
     mcp_check_rbac_unknown, "RBAC (users get permissions only through roles)",
     0, reads_permissions},
    {"MCP-RBAC-002", "No wildcard verbs or resources", "error", "rbac",
     "'*' grants every verb or every resource, including those added by "
     "later Kubernetes releases and CRDs; least privilege names them.",
     "grant the permissions the role needs (deploy, logs, ...)",
     "spec:\n  rbac:\n    roles:\n      - {name: ops, permissions: "
     "[namespace-admin], subjects: [{group: ops}]}",
     mcp_check_rbac_wildcard, "RBAC (least privilege)", 0, reads_permissions},
    {"MCP-RBAC-003", "Roles do not read Secrets", "warning", "rbac",
     "Reading Secrets reveals credentials, keys and certificates; list and "
     "watch return the contents as well as get. Workloads receive their "
     "secrets through secretRef, people should not need them.",
     "drop read-secrets; mount what a workload needs with secretRef",
     "spec:\n  rbac:\n    roles:\n      - {name: ops, permissions: "
     "[read-secrets], subjects: [{group: ops}]}",
     mcp_check_rbac_secrets, "RBAC (least privilege)", 0, reads_permissions},
    {"MCP-RBAC-004", "No escalate, bind or impersonate", "error", "rbac",
     "escalate and bind let the holder create roles and bindings with "
     "rights it does not have; impersonate lets it act as anyone. Each is "
     "a path to every other right.",
     "leave RBAC administration to the cluster's administrators",
     "spec:\n  rbac:\n    roles:\n      - {name: ops, permissions: "
     "[manage-rbac], subjects: [{group: ops}]}",
     mcp_check_rbac_escalate, "RBAC (least privilege)", 0, reads_permissions},
    {"MCP-RBAC-005", "No shell in running pods", "warning", "rbac",
     "pods/exec and pods/attach give a shell inside the server's "
     "containers: the model, its mounted secrets and its service account "
     "token. Debugging belongs in ephemeral, audited access.",
     "drop exec; grant it for an incident through a waiver that expires",
     "spec:\n  rbac:\n    roles:\n      - {name: ops, permissions: [exec], "
     "subjects: [{group: ops}]}",
     mcp_check_rbac_exec, "RBAC (least privilege)", 0, reads_permissions},
    {"MCP-RBAC-006", "No cluster-admin", "error", "rbac",
     "cluster-admin is every action on every resource in every namespace. "
     "A deployment's roles never need it.",
     "grant the namespaced permissions the role needs",
     "spec:\n  rbac:\n    roles:\n      - {name: ops, permissions: "
     "[cluster-admin], subjects: [{group: ops}]}",
     mcp_check_rbac_cluster_admin, "RBAC (least privilege)", 0,
     reads_permissions},
    {"MCP-RBAC-008", "Separation of duties", "error", "rbac",
     "The permission map pairs duties one subject must not hold together: "
     "whoever deploys must not audit the deployments, whoever grants access "
     "must not audit it. A group, user or service account holding both, in "
     "one role or across roles, is reported.",
     "give the two duties to different subjects",
     "spec:\n  rbac:\n    roles:\n      - {name: ops, permissions: [deploy, "
     "audit-logs], subjects: [{group: ops}]}",
     mcp_check_rbac_duties,
     "RBAC (operations administrator and security auditor, kept apart)", 0,
     reads_rbac_duties},
    {"MCP-RBAC-009", "Subject groups are the project's groups", "error", "rbac",
     "When .mcpc.yaml lists the identity provider's groups (spec.groups), "
     "a subject group outside the list binds a role to nobody, or to the "
     "wrong people after a typo.",
     "use a group of the project's list, or add the group there",
     "spec:\n  rbac:\n    roles:\n      - {name: ops, permissions: [logs], "
     "subjects: [{group: ops-teem}]}",
     mcp_check_rbac_groups,
     "RBAC (users get permissions only through roles); Components (unified "
     "IAM)",
     0, reads_rbac_groups},
    {"MCP-RBAC-010", "Role names are unique", "error", "rbac",
     "Each role becomes a Role and a RoleBinding named after it; two roles "
     "of one name would overwrite each other.",
     "rename one of the roles, or merge them",
     "spec:\n  rbac:\n    roles:\n      - {name: ops, permissions: [logs], "
     "subjects: [{group: ops}]}\n      - {name: ops, permissions: [deploy], "
     "subjects: [{group: ops}]}",
     mcp_check_rbac_names, "RBAC (users get permissions only through roles)", 0,
     reads_rbac_names},
    {"MCP-RBAC-012", "The security auditor audits only", "error", "rbac",
     "The standard, \"RBAC\": the security auditor's permissions are log "
     "audit only. A role holding a permission of the audit duty (the "
     "permission map, rules/rbac/permissions.yaml) must hold no permission "
     "of another duty: an auditor who can also deploy, observe or "
     "administer reviews a record it can act on. Each other permission "
     "is reported and points at the audit permission.",
     "move the other permissions to another role (the operations "
     "administrator's)",
     "spec:\n  rbac:\n    roles:\n      - {name: sec-auditor, permissions: "
     "[audit-logs, logs], subjects: [{group: sec-team}]}",
     mcp_check_rbac_audit_only, "RBAC (security auditor: log audit only)", 0,
     reads_rbac_audit_only},
    {"MCP-RBAC-013", "The standard's two roles exist", "error", "rbac",
     "The standard, \"RBAC\", names two roles: the operations administrator "
     "(server deployment, log viewing) and the security auditor (log audit "
     "only). Some role must hold a permission of the deploy duty, and some "
     "role one of the audit duty (the duties of rules/rbac/"
     "permissions.yaml). Without any roles, MCP-RBAC-011 is the finding.",
     "add the missing role: deploy and logs for the operations "
     "administrator, audit-logs for the security auditor",
     "spec:\n  rbac:\n    roles:\n      - {name: ops-admin, permissions: "
     "[deploy, logs], subjects: [{group: ops-team}]}",
     mcp_check_rbac_standard_roles,
     "RBAC (operations administrator: server deployment, log viewing; security "
     "auditor: log audit)",
     0, reads_rbac_standard_roles},
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
     mcp_check_secret_names,
     "none: credential hygiene; the standard keeps credentials configured "
     "(Before deploying 2), never written into a spec",
     0, NULL},
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
     mcp_check_secret_shapes,
     "none: credential hygiene; the standard keeps credentials configured "
     "(Before deploying 2), never written into a spec",
     0, NULL},
    {"MCP-IMG-003", "Images come from the declared registry", "error", "images",
     "When spec.registry.server names a private registry, every image is "
     "pulled through it: an image from elsewhere bypasses the mirror, its "
     "scanning and its pull secret, and fails where the cluster has no "
     "route out.",
     "pull the image through spec.registry.server (mirror it there)",
     "spec:\n  registry: {server: registry.example.com}\n  services:\n"
     "    - name: user\n      image: docker.io/acme/user:1.4.2",
     check_registry,
     "Before deploying (must) 2 (private image-registry credentials)", 0,
     reads_registry},
    {"MCP-NET-003", "No service calls itself", "warning", "network",
     "A service's calls become its NetworkPolicy egress; naming itself "
     "there is a slip (a copied list, a renamed service) and opens nothing "
     "it needs.",
     "remove the service's own name from its calls",
     "spec:\n  services:\n    - name: user\n      calls: [user, order]",
     check_self_call,
     "Before deploying (must) 3 (network policies limit service-to-service "
     "traffic); Components (data flow)",
     0, reads_self_call},
    {"MCP-PRE-001", "The inference node pool exists", "error", "prerequisites",
     "inference.nodePool must name one of spec.nodePools: the server is "
     "scheduled there, and the driver and GPU checks read that pool.",
     "name a pool of spec.nodePools (or add the pool)",
     "spec:\n  nodePools: [{name: gpu-a100, cpu: 32, memory: 256Gi}]\n"
     "  inference:\n    nodePool: gpu-a10",
     check_pool_exists, "Components (a node pool that can schedule GPUs)", 0,
     reads_pool_exists},
    {"MCP-PRE-002", "The inference node pool has the GPUs the server asks for",
     "error", "prerequisites",
     "With inference.gpu.enabled (the default), every server pod requests "
     "inference.gpu.count whole GPUs; a node of its pool must have at least "
     "that many, or the pods never schedule.",
     "put the server on a GPU pool, or lower inference.gpu.count",
     "spec:\n  nodePools: [{name: cpu, cpu: 32, memory: 128Gi}]\n"
     "  inference:\n    nodePool: cpu\n    gpu: {enabled: true, count: 1}",
     check_pool_gpus, "Before deploying (must) 1 (GPU >= 1)", 0,
     reads_pool_gpus},
    {"MCP-PRE-003", "The node pools meet the deployment's minimums", "error",
     "prerequisites",
     "The MCP AI-102 standard, \"Before deploying (must) 1\", asks a target "
     "cluster for at least 8 CPU cores, 32GB of memory and 1 GPU; "
     "spec.requirements may ask for more. Its 32GB is read as JEDEC's "
     "gigabyte, 2^30 bytes, since memory is sold in binary units: 32Gi. "
     "The node pools' node sizes together must reach them.",
     "add or enlarge node pools, or correct spec.requirements",
     "spec:\n  nodePools: [{name: small, cpu: 4, memory: 16Gi}]",
     check_minimums,
     "Before deploying (must) 1 (CPU >= 8 cores, memory >= 32GB, GPU >= 1)", 0,
     reads_minimums},
};

const size_t mcp_builtin_count = sizeof(mcp_builtins) / sizeof(mcp_builtins[0]);
