/*
 * bench_load.c: front-end throughput and memory against a bare libyaml loop.
 * It writes a large spec shaped like fixtures/demo/fraud-scoring.mcp.yaml
 * (deterministic: a fixed-seed generator, no external tools), then times
 * (a) libyaml's event loop alone, the floor no YAML front end can beat,
 * (b) libyaml plus a bare jansson tree, the floor of the value model, and
 * (c) mcp_source_load_file, the whole front end as `mcpc check` runs it,
 * each reading the same file (the read is timed in all three).
 *
 * Each measurement runs in its own forked child, so its peak RSS is its own;
 * the child reads the file itself, so the generator's memory is not counted.
 * The best of three runs is reported. Targets are reported, not enforced.
 *
 *   usage: bench_load OUTPUT.yaml [MEGABYTES]
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <yaml.h>

#include "mcpc/mcpc.h"

#define DEFAULT_MB         24 /* the input's size, in units of 10^6 bytes */
#define MIN_MB             20
#define RUNS               3
#define TARGET_SPEED_RATIO 2.5  /* front end time / libyaml time, at most */
#define TARGET_RSS_RATIO   10.0 /* front end peak RSS / input size, below */

/* ---- the generator ---------------------------------------------------- */

/* splitmix64: small, fast, and the same sequence on every platform. */
typedef struct rng {
	uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* A number in [0, n). */
static unsigned pick(rng *r, unsigned n)
{
	return (unsigned)(rng_next(r) % n);
}

/* One of the strings of a NULL-terminated list. */
static const char *choose(rng *r, const char *const *list)
{
	unsigned n = 0;

	while (list[n])
		n++;
	return list[pick(r, n)];
}

typedef struct gen {
	mcp_buf out;
	rng r;
	size_t target; /* bytes to reach */
} gen;

static void put(gen *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void put(gen *g, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mcp_buf_vprintf(&g->out, fmt, ap);
	va_end(ap);
}

/* Whether the output has reached @p percent of the target size. */
static int reached(const gen *g, unsigned percent)
{
	return g->out.len >= g->target / 100 * percent;
}

static const char *const clouds[] = {"azure", "aws", "gcp", "on-prem", NULL};
static const char *const zones[] = {"westeurope", "northeurope", "eastus2",
                                    "westus3",    "uksouth",     NULL};
static const char *const gpus[] = {"a100", "h100", "l4", "t4", "a10", NULL};
static const char *const formats[] = {"onnx",     "pytorch", "tensorflow",
                                      "tensorrt", "python",  NULL};
static const char *const stores[] = {"azure-blob", "s3", "gcs", "pvc", NULL};
static const char *const levels[] = {"DEBUG", "INFO", "WARN", "ERROR", NULL};
static const char *const perms[] = {"deploy", "logs",     "audit-logs", "exec",
                                    "scale",  "rollback", "read",       NULL};
static const char *const words[] = {
    "scores",   "card",  "transactions", "in",     "real", "time",
    "and",      "flags", "the",          "risky",  "ones", "for",
    "review",   "by",    "the",          "fraud",  "team", "using",
    "features", "from",  "the",          "stream", NULL};

/* Environment variable names; a service takes a run of them, so no repeats. */
static const char *const env_names[] = {"LOG_LEVEL",
                                        "LOG_FORMAT",
                                        "HTTP_PORT",
                                        "GRPC_PORT",
                                        "DB_HOST",
                                        "DB_PORT",
                                        "DB_NAME",
                                        "CACHE_URL",
                                        "CACHE_TTL_SECONDS",
                                        "FEATURE_FLAGS",
                                        "OTEL_SERVICE_NAME",
                                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                                        "MAX_CONNECTIONS",
                                        "REQUEST_TIMEOUT_MS",
                                        "RETRY_BACKOFF",
                                        "REGION",
                                        "TENANT",
                                        "JAVA_OPTS",
                                        "GOMAXPROCS",
                                        "TZ",
                                        NULL};

/* A few words of prose, for descriptions and folded scalars. */
static void put_words(gen *g, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		put(g, "%s%s", i ? " " : "", choose(&g->r, words));
}

static void gen_header(gen *g)
{
	put(g,
	    "# large.mcp.yaml: written by tests/bench/bench_load.c, do not "
	    "edit.\n"
	    "# The shape of fixtures/demo/fraud-scoring.mcp.yaml, scaled "
	    "up.\n"
	    "apiVersion: ai102.mcp/v1\n"
	    "kind: ModelDeployment\n"
	    "metadata:\n"
	    "  name: fraud-scoring-at-scale   # DNS-1123 label\n"
	    "  namespace: mcp-system\n"
	    "  labels: {team: risk, tier: gold, "
	    "\"app.kubernetes.io/part-of\": fraud-scoring}\n"
	    "  annotations:\n"
	    "    owner: 'risk-platform@example.com'\n"
	    "    description: >-\n"
	    "      A synthetic deployment with every list of the demo spec\n"
	    "      scaled up, used to measure the front end.\n"
	    "spec:\n"
	    "  target:                        # drives the matrix and the API "
	    "versions emitted\n"
	    "    kubernetes: \"1.29.4\"\n"
	    "    helm: \"3.14.2\"\n"
	    "    cloud: %s                 # azure | aws | gcp | on-prem\n"
	    "  requirements: {cpu: 8, memory: 32Gi, gpu: 1}     # the "
	    "standard's minimums\n"
	    "  registry:\n"
	    "    server: registry.example.com\n"
	    "    pullSecret: regcred          # name of an existing Secret\n",
	    clouds[0]);
}

static void gen_node_pools(gen *g, unsigned percent)
{
	unsigned i;

	put(g, "  nodePools:\n");
	for (i = 0; !reached(g, percent); i++) {
		const char *gpu = choose(&g->r, gpus);
		if (i % 3 == 2) {
			/* A CPU pool, block style all the way down. */
			put(g,
			    "    - name: cpu-pool-%05u     # general purpose\n"
			    "      cpu: %u\n"
			    "      memory: %uGi\n"
			    "      labels:\n"
			    "        disk: standard\n"
			    "        zone: %s-%u\n"
			    "      taints: []\n",
			    i, 8u << pick(&g->r, 3), 32u << pick(&g->r, 3),
			    choose(&g->r, zones), 1 + pick(&g->r, 3));
			continue;
		}
		put(g,
		    "    - name: gpu-%s-%05u\n"
		    "      cpu: %u\n"
		    "      memory: %uGi\n"
		    "      gpu: {vendor: nvidia, model: %s, count: %u, driver: "
		    "\"550.54.%u\"}\n"
		    "      labels: {disk: ssd, zone: \"%s-%u\"}\n"
		    "      taints: [{key: nvidia.com/gpu, effect: "
		    "NoSchedule}]\n",
		    gpu, i, 16u << pick(&g->r, 2), 128u << pick(&g->r, 2), gpu,
		    1u << pick(&g->r, 4), 10 + pick(&g->r, 80),
		    choose(&g->r, zones), 1 + pick(&g->r, 3));
	}
}

static void gen_model(gen *g, unsigned i)
{
	const char *fmt = choose(&g->r, formats);
	const char *store = choose(&g->r, stores);
	unsigned seq = 64u << pick(&g->r, 3);

	put(g,
	    "      - name: fraud-model-%05u\n"
	    "        format: %s             # onnx | pytorch | tensorflow | "
	    "tensorrt | python\n"
	    "        storage: {type: %s, uri: "
	    "\"as://acct/models/fraud-model-%05u"
	    "/%u\"}\n"
	    "        maxBatchSize: %u\n"
	    "        inputs:\n"
	    "          - {name: input_ids, dataType: TYPE_INT64, dims: [-1, "
	    "%u]}\n"
	    "          - {name: attention_mask, dataType: TYPE_INT64, dims: "
	    "[-1, "
	    "%u]}\n"
	    "        outputs:\n"
	    "          - name: logits\n"
	    "            dataType: TYPE_FP32\n"
	    "            dims: [-1, 2]\n"
	    "        instanceGroup: {count: %u, kind: KIND_GPU}\n",
	    i, fmt, store, i, 1 + pick(&g->r, 9), 8u << pick(&g->r, 4), seq,
	    seq, 1 + pick(&g->r, 4));
	if (i % 2 == 0)
		put(g,
		    "        dynamicBatching:\n"
		    "          preferredBatchSize: [8, 16, 32]\n"
		    "          maxQueueDelayMicroseconds: %u\n",
		    100 * (1 + pick(&g->r, 5)));
	put(g,
	    "        parameters: {threshold: 0.%02u, calibrated: %s, labels: "
	    "'fraud,legit'}\n",
	    50 + pick(&g->r, 49), pick(&g->r, 2) ? "true" : "false");
}

static void gen_inference(gen *g, unsigned percent)
{
	unsigned i;

	put(g, "  inference:\n"
	       "    server: triton\n"
	       "    version: \"24.05\"             # Triton container release "
	       "(YY.MM)\n"
	       "    image: registry.example.com/nvidia/tritonserver:24.05-py3\n"
	       "    replicas: 2\n"
	       "    nodePool: gpu-a100-00000\n"
	       "    gpu: {enabled: true, count: 1}\n"
	       "    resources:\n"
	       "      requests: {cpu: \"4\", memory: 8Gi}\n"
	       "      limits: {cpu: \"8\", memory: 16Gi}\n"
	       "    models:\n");
	for (i = 0; !reached(g, percent); i++)
		gen_model(g, i);
	put(g,
	    "    ports: {http: 8000, grpc: 8001, metrics: 8002}\n"
	    "    grpc:\n"
	    "      maxRecvMessageSize: 50Mi\n"
	    "      keepalive: {time: 30s, timeout: 10s, permitWithoutStream: "
	    "true}\n"
	    "    timeouts: {connect: 1s, responseHeader: 2s, request: 5s}\n"
	    "  gateway:\n"
	    "    host: ai.example.com\n"
	    "    tls: {secretName: ai-example-tls}\n"
	    "    auth:\n"
	    "      type: jwt\n"
	    "      issuer: https://login.example.com/\n"
	    "      audience: fraud-scoring\n"
	    "      jwksUri: https://login.example.com/.well-known/jwks.json\n");
}

/* An env map: a run of distinct names, values in every scalar style. */
static void gen_env(gen *g, unsigned svc)
{
	unsigned n = 4 + pick(&g->r, 10), first = pick(&g->r, 6), k;

	if (svc % 4 == 0) {
		put(g, "      env: {LOG_LEVEL: %s, TZ: UTC, REGION: %s}\n",
		    choose(&g->r, levels), choose(&g->r, zones));
		return;
	}
	put(g, "      env:\n");
	for (k = 0; k < n && env_names[first + k]; k++) {
		const char *name = env_names[first + k];
		switch (pick(&g->r, 5)) {
		case 0:
			put(g, "        %s: %s\n", name, choose(&g->r, levels));
			break;
		case 1:
			put(g, "        %s: \"%u\"\n", name,
			    1000 + pick(&g->r, 9000));
			break;
		case 2:
			put(g, "        %s: %u\n", name,
			    1 + pick(&g->r, 65000));
			break;
		case 3:
			put(g, "        %s: 'svc-%05u.%s.svc.cluster.local'\n",
			    name, svc, choose(&g->r, zones));
			break;
		default:
			put(g,
			    "        %s: "
			    "\"http://otel-collector.observability:4317"
			    "/v1/%u\"   # quoted: contains ':'\n",
			    name, svc);
		}
	}
}

static void gen_service(gen *g, unsigned i, unsigned total_hint)
{
	unsigned peer1 = pick(&g->r, total_hint),
	         peer2 = pick(&g->r, total_hint);

	put(g,
	    "    - name: svc-%05u\n"
	    "      image: registry.example.com/team-%u/svc-%05u:%u.%u.%u\n"
	    "      port: %u\n"
	    "      protocol: %s             # grpc | http\n"
	    "      replicas: %u\n"
	    "      dependencies: [services/svc-%05u/go.mod]       # relative "
	    "to "
	    "the spec file\n",
	    i, i % 40, i, 1 + pick(&g->r, 4), pick(&g->r, 20), pick(&g->r, 30),
	    50051 + pick(&g->r, 100), i % 3 ? "grpc" : "http",
	    1 + pick(&g->r, 6), i);
	gen_env(g, i);
	put(g,
	    "      secretEnv: {DB_PASSWORD: {secretRef: {name: svc-%05u-db, "
	    "key: "
	    "password}}}\n"
	    "      calls: [svc-%05u, svc-%05u]       # allowed egress, becomes "
	    "NetworkPolicy\n",
	    i, peer1, peer2);
	if (i == 0) {
		/* Shared blocks, reused below by alias as real specs do. */
		put(g, "      resources: &small\n"
		       "        requests: {cpu: \"250m\", memory: 256Mi}\n"
		       "        limits: {cpu: \"1\", memory: 1Gi}\n"
		       "      probes: &probes\n"
		       "        liveness: {path: /healthz, port: 8080, "
		       "periodSeconds: 10}\n"
		       "        readiness:\n"
		       "          path: /ready\n"
		       "          port: 8080\n"
		       "          initialDelaySeconds: 5\n");
	} else if (i % 8 == 0) {
		put(g, "      resources: *small\n"
		       "      probes: *probes\n");
	} else if (i % 8 == 4) {
		put(g,
		    "      resources:\n"
		    "        <<: *small\n"
		    "        limits: {cpu: \"%u\", memory: %uGi}\n"
		    "      probes: *probes\n",
		    2 + pick(&g->r, 6), 2 + pick(&g->r, 14));
	} else {
		put(g,
		    "      resources:\n"
		    "        requests: {cpu: \"%um\", memory: %uMi}\n"
		    "        limits:\n"
		    "          cpu: \"%u\"\n"
		    "          memory: %uGi\n"
		    "      probes:\n"
		    "        liveness: {path: /healthz, port: 8080, "
		    "periodSeconds: "
		    "%u}\n"
		    "        readiness:\n"
		    "          path: /ready\n"
		    "          port: 8080\n"
		    "          initialDelaySeconds: %u\n",
		    250 * (1 + pick(&g->r, 4)), 128u << pick(&g->r, 4),
		    1 + pick(&g->r, 4), 1 + pick(&g->r, 8),
		    5 * (1 + pick(&g->r, 6)), 1 + pick(&g->r, 30));
	}
	if (i % 5 == 0) {
		put(g, "      description: >-\n        Service %u ", i);
		put_words(g, 8);
		put(g, "\n        and ");
		put_words(g, 10);
		put(g, ".\n");
	}
	if (i % 7 == 0)
		put(g,
		    "      config: |\n"
		    "        # application.properties for svc-%05u\n"
		    "        server.port=8080\n"
		    "        datasource.url=jdbc:postgresql://db-%u:5432/app\n"
		    "        cache.ttl=%us\n",
		    i, i % 16, 30 + pick(&g->r, 600));
}

static void gen_services(gen *g, unsigned percent)
{
	unsigned i;

	put(g, "  services:\n");
	for (i = 0; !reached(g, percent); i++) {
		if (i % 500 == 0)
			put(g, "    # ---- services %u to %u ----\n", i,
			    i + 499);
		gen_service(g, i, i + 1);
	}
}

static void gen_fixed_sections(gen *g)
{
	put(g,
	    "  config:\n"
	    "    center: nacos                # nacos | configmap\n"
	    "    nacos: {server: \"nacos.mcp-system:8848\", group: "
	    "DEFAULT_GROUP, dataId: fraud-scoring.yaml}\n"
	    "    hotReload: true\n"
	    "    values: {feature-toggle: true, timeout: 5000}\n"
	    "  observability:\n"
	    "    logLevel: INFO\n"
	    "    metrics: {enabled: true, serviceMonitor: true}\n"
	    "    tracing: {otlpEndpoint: "
	    "\"http://otel-collector.observability:4317\", sampleRatio: 0.1}\n"
	    "    logging: {fluentBit: true}\n"
	    "  security:\n"
	    "    podSecurity: restricted      # restricted | baseline\n"
	    "    networkPolicy: {enabled: true, ingressFrom: [{namespace: "
	    "ingress-nginx}]}\n"
	    "    hostBaseline:\n"
	    "      sshRootLogin: false\n"
	    "      disabledServices: [telnet]\n"
	    "      fileModes: {/etc/passwd: \"0644\", /etc/shadow: "
	    "\"0400\"}\n");
}

static void gen_rbac(gen *g, unsigned percent)
{
	unsigned i;

	put(g, "  rbac:\n    roles:\n");
	for (i = 0; !reached(g, percent); i++) {
		if (i % 2 == 0) {
			put(g,
			    "      - {name: role-%05u, permissions: [%s, %s], "
			    "subjects: [{group: team-%03u}]}\n",
			    i, choose(&g->r, perms), choose(&g->r, perms),
			    pick(&g->r, 200));
			continue;
		}
		put(g,
		    "      - name: role-%05u\n"
		    "        permissions:\n"
		    "          - %s\n"
		    "          - %s\n"
		    "        subjects:\n"
		    "          - {group: sec-team}\n"
		    "          - user: \"user%u@example.com\"\n",
		    i, choose(&g->r, perms), choose(&g->r, perms),
		    pick(&g->r, 5000));
	}
}

static void gen_tail(gen *g)
{
	unsigned i;

	put(g,
	    "  rollout:\n"
	    "    maxParallel: 10\n"
	    "    timeout: 15s\n"
	    "    maxUnavailable: 0\n"
	    "    maxSurge: 1\n"
	    "    autoscaling: {minReplicas: 2, maxReplicas: 8, "
	    "targetCPUUtilization: 70}\n"
	    "    disruptionBudget: {minAvailable: 1}\n"
	    "  environments:                  # overlays, RFC 7386 merge-patch "
	    "onto spec\n"
	    "    dev:  {inference: {replicas: 1}, observability: {logLevel: "
	    "DEBUG}}\n"
	    "    prod: {inference: {replicas: 4}}\n");
	for (i = 0; !reached(g, 100); i++)
		put(g,
		    "    region-%04u:\n"
		    "      inference: {replicas: %u}\n"
		    "      observability:\n"
		    "        logLevel: %s\n"
		    "        tracing: {sampleRatio: 0.%02u}\n",
		    i, 1 + pick(&g->r, 8), choose(&g->r, levels),
		    1 + pick(&g->r, 98));
}

/* The whole spec; sections fill their share of the target size. */
static int generate(mcp_buf *out, size_t target)
{
	gen g;

	mcp_buf_init(&g.out);
	g.r.s = 20240501;
	g.target = target;
	gen_header(&g);
	gen_node_pools(&g, 5);
	gen_inference(&g, 30);
	gen_services(&g, 85);
	gen_fixed_sections(&g);
	gen_rbac(&g, 95);
	gen_tail(&g);
	*out = g.out;
	return out->oom ? MCP_ENOMEM : 0;
}

/* ---- measuring -------------------------------------------------------- */

enum { FLOOR = 0, TREE = 1, FRONT = 2 };

/* What a child sends back. */
typedef struct result {
	int ok;
	double seconds;
	size_t bytes;
	size_t events;   /* floor: libyaml events */
	size_t nodes;    /* front: source-map entries */
	size_t findings; /* front: findings, and how many are fatal */
	size_t fatal;
	char message[240]; /* why it failed, or the first finding */
} result;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int read_file(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	size_t cap = f && fstat(fileno(f), &st) == 0 ? (size_t)st.st_size + 1
	                                             : (size_t)1 << 20,
	       n = 0, got;
	char *p = malloc(cap);

	if (!f || !p) {
		if (f)
			fclose(f);
		free(p);
		return -1;
	}
	while ((got = fread(p + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *q = realloc(p, cap *= 2);
			if (!q) {
				free(p);
				fclose(f);
				return -1;
			}
			p = q;
		}
	}
	fclose(f);
	*data = p;
	*len = n;
	return 0;
}

/* The floor: every event of the stream, built and freed, nothing else. */
static void measure_floor(const char *data, size_t len, result *res)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	double t0;
	int done = 0;

	t0 = now();
	if (!yaml_parser_initialize(&parser)) {
		snprintf(res->message, sizeof(res->message), "out of memory");
		return;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			snprintf(res->message, sizeof(res->message),
			         "libyaml: %s at line %zu",
			         parser.problem ? parser.problem : "error",
			         parser.problem_mark.line + 1);
			yaml_parser_delete(&parser);
			return;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		res->events++;
	}
	yaml_parser_delete(&parser);
	res->seconds = now() - t0;
	res->ok = 1;
}

/*
 * The value model's floor: libyaml events turned into a bare jansson tree
 * (every scalar a string, no places, no checks). Any front end that builds
 * jansson values pays at least this.
 */
static void measure_tree(const char *data, size_t len, result *res)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	json_t *stack[1024], *root = NULL;
	char *keys[1024];
	size_t depth = 0;
	double t0;
	int done = 0;

	t0 = now();
	if (!yaml_parser_initialize(&parser)) {
		snprintf(res->message, sizeof(res->message), "out of memory");
		return;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (!done && yaml_parser_parse(&parser, &ev)) {
		json_t *v = NULL;
		done = ev.type == YAML_STREAM_END_EVENT;
		switch (ev.type) {
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			if (depth == 1024)
				goto fail;
			stack[depth] = ev.type == YAML_MAPPING_START_EVENT
			                   ? json_object()
			                   : json_array();
			keys[depth++] = NULL;
			break;
		case YAML_SCALAR_EVENT:
			if (depth && json_is_object(stack[depth - 1]) &&
			    !keys[depth - 1]) {
				keys[depth - 1] =
				    strdup((char *)ev.data.scalar.value);
				break;
			}
			v = json_stringn_nocheck((char *)ev.data.scalar.value,
			                         ev.data.scalar.length);
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			v = stack[--depth];
			break;
		case YAML_ALIAS_EVENT:
			v = json_null();
			break;
		default:
			break;
		}
		if (v && depth == 0) {
			json_decref(root);
			root = v;
		} else if (v && json_is_object(stack[depth - 1])) {
			json_object_set_new_nocheck(stack[depth - 1],
			                            keys[depth - 1], v);
			free(keys[depth - 1]);
			keys[depth - 1] = NULL;
		} else if (v) {
			json_array_append_new(stack[depth - 1], v);
		}
		yaml_event_delete(&ev);
		res->events++;
	}
	if (!done)
		goto fail;
	res->nodes = json_object_size(root);
	yaml_parser_delete(&parser);
	json_decref(root);
	res->seconds = now() - t0;
	res->ok = 1;
	return;
fail:
	snprintf(res->message, sizeof(res->message), "tree build failed");
	yaml_parser_delete(&parser);
}

/* The front end as `mcpc check` runs it: file to documents, source map and
 * findings (the file's bytes are read, and kept for quoting). */
static void measure_front(const char *path, result *res)
{
	mcp_diag *d = NULL;
	mcp_source *src = NULL;
	double t0;
	int rc;

	if (mcp_diag_new(&d) < 0) {
		snprintf(res->message, sizeof(res->message), "out of memory");
		return;
	}
	t0 = now();
	rc = mcp_source_load_file(&src, path, NULL, d);
	res->seconds = now() - t0;
	res->findings = mcp_diag_count(d);
	res->fatal = mcp_diag_count_fatal(d);
	if (src)
		res->nodes = mcp_srcmap_size(mcp_source_srcmap(src));
	if (res->findings) {
		const mcp_finding *f;
		mcp_diag_sort(d);
		f = mcp_diag_get(d, 0);
		snprintf(res->message, sizeof(res->message),
		         "%u:%u: %s[%s]: %s", f->loc.line, f->loc.column,
		         mcp_severity_name(f->severity), f->rule, f->message);
	}
	res->ok = rc == 0 && res->fatal == 0;
	if (rc != 0 && !res->findings)
		snprintf(res->message, sizeof(res->message), "load failed: %s",
		         mcp_strerror(rc));
	mcp_source_free(src);
	mcp_diag_free(d);
}

/* Run one measurement in a child; fills @p res and its peak RSS in KiB. */
static int run_child(int which, const char *path, result *res, long *rss_kib)
{
	int fds[2], status;
	struct rusage ru;
	pid_t pid;
	ssize_t n;

	memset(res, 0, sizeof(*res));
	if (pipe(fds) < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		char *data = NULL;
		size_t len = 0;
		double t0 = now();
		close(fds[0]);
		if (which == FRONT) {
			measure_front(path, res);
		} else if (read_file(path, &data, &len) < 0) {
			snprintf(res->message, sizeof(res->message),
			         "cannot read %s: %s", path, strerror(errno));
		} else {
			double t_read = now() - t0;
			res->bytes = len;
			if (which == FLOOR)
				measure_floor(data, len, res);
			else
				measure_tree(data, len, res);
			/* Like the front end, count reading the file. */
			res->seconds += t_read;
		}
		free(data);
		n = write(fds[1], res, sizeof(*res));
		_exit(n == (ssize_t)sizeof(*res) ? 0 : 1);
	}
	close(fds[1]);
	n = read(fds[0], res, sizeof(*res));
	close(fds[0]);
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	if (n != (ssize_t)sizeof(*res) || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		snprintf(res->message, sizeof(res->message),
		         "the child died (status %d)", status);
		res->ok = 0;
	}
	*rss_kib = ru.ru_maxrss;
	return 0;
}

/* The best time of RUNS runs and the highest peak RSS among them. */
static int measure(int which, const char *path, result *best, long *rss_kib)
{
	int i;

	*rss_kib = 0;
	for (i = 0; i < RUNS; i++) {
		result r;
		long rss = 0;
		if (run_child(which, path, &r, &rss) < 0) {
			perror("bench_load: fork");
			return -1;
		}
		if (!r.ok) {
			*best = r;
			return -1;
		}
		if (i == 0 || r.seconds < best->seconds)
			*best = r;
		if (rss > *rss_kib)
			*rss_kib = rss;
	}
	return 0;
}

static int write_file(const char *path, const mcp_buf *b)
{
	FILE *f = fopen(path, "wb");
	int rc = 0;

	if (!f)
		return -1;
	if (fwrite(b->ptr, 1, b->len, f) != b->len)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

static const char *verdict(int pass)
{
	return pass ? "PASS" : "MISS";
}

int main(int argc, char **argv)
{
	const char *path;
	size_t target;
	mcp_buf spec;
	result floor_r, tree_r, front_r;
	long floor_rss, tree_rss, front_rss;
	double mb, floor_speed, front_speed, speed_ratio, rss_ratio;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: bench_load OUTPUT.yaml [MEGABYTES]\n");
		return 2;
	}
	path = argv[1];
	target = (size_t)(argc == 3 ? atoi(argv[2]) : DEFAULT_MB);
	if (target < MIN_MB)
		target = MIN_MB;
	target *= 1000000;

	if (generate(&spec, target) < 0) {
		fprintf(stderr, "bench_load: out of memory\n");
		return 1;
	}
	if (write_file(path, &spec) < 0) {
		fprintf(stderr, "bench_load: cannot write %s: %s\n", path,
		        strerror(errno));
		mcp_buf_free(&spec);
		return 1;
	}
	mb = (double)spec.len / 1e6;
	/* Give the generator's memory back before the children are forked. */
	mcp_buf_free(&spec);

	if (measure(FLOOR, path, &floor_r, &floor_rss) < 0) {
		fprintf(stderr, "bench_load: libyaml loop failed: %s\n",
		        floor_r.message);
		return 1;
	}
	if (measure(TREE, path, &tree_r, &tree_rss) < 0) {
		fprintf(stderr, "bench_load: jansson tree failed: %s\n",
		        tree_r.message);
		return 1;
	}
	if (measure(FRONT, path, &front_r, &front_rss) < 0) {
		fprintf(stderr, "bench_load: the front end rejected %s: %s\n",
		        path, front_r.message);
		return 1;
	}

	floor_speed = mb / floor_r.seconds;
	front_speed = mb / front_r.seconds;
	speed_ratio = front_r.seconds / floor_r.seconds;
	rss_ratio = (double)front_rss * 1024.0 / (double)floor_r.bytes;

	printf("input: %s\n", path);
	printf("  %.2f MB, %zu libyaml events, %zu source-map nodes, "
	       "%zu findings\n",
	       mb, floor_r.events, front_r.nodes, front_r.findings);
	if (front_r.findings)
		printf("  first finding: %s\n", front_r.message);
	printf("best of %d runs, each in its own process:\n\n", RUNS);
	printf("  %-24s %9s %9s %13s %10s\n", "measurement", "seconds", "MB/s",
	       "peak RSS MB", "RSS/input");
	printf("  %-24s %9.3f %9.1f %13.1f %9.1fx\n", "libyaml event loop",
	       floor_r.seconds, floor_speed, (double)floor_rss * 1024.0 / 1e6,
	       (double)floor_rss * 1024.0 / (double)floor_r.bytes);
	printf("  %-24s %9.3f %9.1f %13.1f %9.1fx\n", "libyaml + jansson tree",
	       tree_r.seconds, mb / tree_r.seconds,
	       (double)tree_rss * 1024.0 / 1e6,
	       (double)tree_rss * 1024.0 / (double)floor_r.bytes);
	printf("  %-24s %9.3f %9.1f %13.1f %9.1fx\n", "mcp_source_load_file",
	       front_r.seconds, front_speed, (double)front_rss * 1024.0 / 1e6,
	       rss_ratio);
	printf("\n");
	printf("  %-34s %6.2fx  (target <= %.1fx)  %s\n",
	       "time, front end / libyaml:", speed_ratio, TARGET_SPEED_RATIO,
	       verdict(speed_ratio <= TARGET_SPEED_RATIO));
	printf("  %-34s %6.2fx  (target <  %.1fx)  %s\n",
	       "peak RSS, front end / input:", rss_ratio, TARGET_RSS_RATIO,
	       verdict(rss_ratio < TARGET_RSS_RATIO));
	printf(
	    "  %-34s %6.2fx  (the value model's floor: libyaml + "
	    "jansson)\n",
	    "time, jansson tree / libyaml:", tree_r.seconds / floor_r.seconds);
	printf("  %-34s %6.2fx\n", "time, front end / jansson tree:",
	       front_r.seconds / tree_r.seconds);
	return 0;
}
