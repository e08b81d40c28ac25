/*
 * bench_schema.c: schema validation throughput, the mcpc half of
 * tests/bench/schema.sh (which runs ajv + js-yaml over the same files).
 *
 * `generate DIR [COUNT]` writes COUNT (10,000) varied specs shaped like
 * the specs of fixtures/specs/valid to DIR/specs/, and one ~5 MB spec with
 * many services to DIR/large.mcp.yaml. Everything comes from a fixed-seed
 * generator, so every run writes the same bytes; every spec is valid.
 *
 * `measure DIR` compiles the shipped schemas once (mcp_schema_builtin),
 * then, in this one process, loads every file of DIR/specs with
 * mcp_source_load_file and runs mcp_schema_valid on each document, and
 * does the same for DIR/large.mcp.yaml. Reading, parsing and validating
 * are timed together; the best of RUNS passes is reported. It counts the
 * valid documents and fails when one is not, printing its findings.
 *
 * Lines starting "result" are for schema.sh (VALIDATE: the part of SECONDS
 * spent in the validator proper, the rest is reading and parsing):
 *   result SIDE WORKLOAD FILES DOCS VALID BYTES SECONDS VALIDATE
 *
 *   usage: bench_schema generate DIR [COUNT]
 *          bench_schema measure DIR
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <yaml.h>

#include "mcpc/mcpc.h"
#include "support/file.h"

#define DEFAULT_COUNT 10000
#define LARGE_BYTES   5000000 /* the large spec's size, about */
#define RUNS          3

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

/* A number in [lo, hi]. */
static unsigned between(rng *r, unsigned lo, unsigned hi)
{
	return lo + pick(r, hi - lo + 1);
}

/* True with probability @p percent / 100. */
static int chance(rng *r, unsigned percent)
{
	return pick(r, 100) < percent;
}

static unsigned list_len(const char *const *list)
{
	unsigned n = 0;

	while (list[n])
		n++;
	return n;
}

/* One of the strings of a NULL-terminated list. */
static const char *choose(rng *r, const char *const *list)
{
	return list[pick(r, list_len(list))];
}

/*
 * A run of @p k distinct entries of a list: they start at a random place
 * and wrap around, so no name repeats (keys and unique arrays need that).
 * The caller walks it with run_at.
 */
typedef struct run {
	const char *const *list;
	unsigned n, start, k;
} run;

static run make_run(rng *r, const char *const *list, unsigned lo, unsigned hi)
{
	run u;

	u.list = list;
	u.n = list_len(list);
	u.start = pick(r, u.n);
	u.k = between(r, lo, hi < u.n ? hi : u.n);
	return u;
}

/* The list index of the run's @p i-th entry. */
static unsigned run_index(const run *u, unsigned i)
{
	return (u->start + i) % u->n;
}

static const char *run_at(const run *u, unsigned i)
{
	return u->list[run_index(u, i)];
}

typedef struct gen {
	mcp_buf out;
	rng r;
	unsigned idx;      /* the spec's number, for unique names */
	const char *cloud; /* azure | aws | gcp | on-prem */
	const char *reg;   /* the registry images come from */
	char name[64];     /* metadata.name */
	char pools[4][64]; /* node pool names */
	unsigned npools;
	char svcs[16][64]; /* service names, for calls */
	unsigned nsvcs;
	size_t large; /* > 0: add services until this many bytes */
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

static const char *const products[] = {
    "fraud",      "recsys",  "vision",  "churn",     "asr",
    "chat",       "search",  "ranking", "ocr",       "translate",
    "forecast",   "anomaly", "pricing", "summarize", "embed",
    "moderation", "speech",  "detect",  NULL};
static const char *const purposes[] = {
    "scoring", "ranking", "inspect",  "batch",   "transcribe", "api",
    "serving", "online",  "realtime", "nightly", "edge",       NULL};
static const char *const namespaces[] = {
    "mcp-system",   "recsys", "vision",     "analytics", "speech",
    "trust-safety", "risk",   "ml-serving", "search",    NULL};
static const char *const teams[] = {"risk",
                                    "personalization",
                                    "manufacturing-ai",
                                    "analytics",
                                    "speech",
                                    "trust-safety",
                                    "search-quality",
                                    "platform",
                                    "ml-infra",
                                    NULL};
static const char *const label_keys[] = {"team",
                                         "tier",
                                         "environment",
                                         "cost-center",
                                         "app.kubernetes.io/part-of",
                                         "app.kubernetes.io/managed-by",
                                         NULL};
static const char *const clouds[] = {"azure", "aws", "gcp", "on-prem", NULL};
static const char *const gpus[] = {"a100", "h100", "l4", "t4",
                                   "a10g", "l40s", NULL};
static const char *const formats[] = {"onnx",     "pytorch", "tensorflow",
                                      "tensorrt", "python",  NULL};
static const char *const model_names[] = {"bert",          "resnet50_trt",
                                          "ranker",        "two_tower",
                                          "tokenizer",     "detector",
                                          "classifier",    "encoder",
                                          "conformer_ctc", "vad",
                                          "preprocess",    "distilbert",
                                          "xgb.churn",     NULL};
static const char *const effects[] = {"NoSchedule", "PreferNoSchedule",
                                      "NoExecute", NULL};
static const char *const service_names[] = {"user",
                                            "order",
                                            "auth",
                                            "feature-store",
                                            "candidate-gen",
                                            "ranking-api",
                                            "image-prep",
                                            "result-sink",
                                            "audio-ingest",
                                            "transcript-store",
                                            "billing",
                                            "notifier",
                                            "session",
                                            "catalog",
                                            "inventory",
                                            "search-api",
                                            NULL};
static const char *const dep_files[] = {
    "go.mod",           "package.json",         "package-lock.json",
    "requirements.txt", "requirements-dev.txt", NULL};
/* Environment variables and a value that fits each (same order). */
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
static const char *const env_values[] = {
    "INFO",        "json",
    "8080",        "50051",
    "db.internal", "5432",
    "scores",      "redis://cache:6379/0",
    "300",         "explain,shadow",
    "ranker",      "http://otel-collector.observability:4317",
    "200",         "1500",
    "250ms",       "eu-west-1",
    "acme",        "-Xmx2g -XX:+UseZGC",
    "4",           "Europe/Berlin",
    NULL};
static const char *const secret_names[] = {
    "DB_PASSWORD", "REDIS_PASSWORD",       "API_KEY", "SESSION_KEY", "PG_USER",
    "PG_PASSWORD", "BIGQUERY_CREDENTIALS", NULL};
static const char *const secret_keys[] = {
    "password", "username", "api-key", "credentials.json", "tls.key", NULL};
static const char *const perms[] = {"deploy", "logs",     "audit-logs", "exec",
                                    "scale",  "rollback", "read",       NULL};
static const char *const levels[] = {"DEBUG", "INFO", "WARN", "ERROR", NULL};
static const char *const durations[] = {"500ms", "1s",   "2s", "5s",  "15s",
                                        "30s",   "1m",   "5m", "10m", "1h",
                                        "1m30s", "2.5s", NULL};
static const char *const units[] = {"telnet",       "rsh",  "rpcbind",
                                    "avahi-daemon", "cups", "nfs-server",
                                    "xinetd",       NULL};
static const char *const host_files[] = {
    "/etc/passwd",          "/etc/shadow",  "/etc/group", "/etc/gshadow",
    "/etc/ssh/sshd_config", "/etc/crontab", NULL};
static const char *const modes[] = {"0644", "0400", "0600",
                                    "0640", "0444", NULL};
static const char *const ingress[] = {"ingress-nginx", "monitoring",
                                      "istio-ingress", "gke-gateway",
                                      "batch-jobs",    NULL};
static const char *const env_overlays[] = {"dev", "staging", "prod",
                                           "qa",  "prod-eu", NULL};

/* A cpu quantity in one of the forms the fixtures use. */
static void put_cpu(gen *g, unsigned cores)
{
	switch (pick(&g->r, 3)) {
	case 0:
		put(g, "%u", cores);
		break;
	case 1:
		put(g, "\"%u\"", cores);
		break;
	default:
		put(g, "%um", cores * 1000 - 500 * pick(&g->r, 2));
	}
}

/* 64 hex digits, for image digests. */
static void put_digest(gen *g)
{
	unsigned i;

	for (i = 0; i < 4; i++)
		put(g, "%016llx", (unsigned long long)rng_next(&g->r));
}

/* metadata.labels: a few of the usual keys, flow or block style. */
static void gen_labels(gen *g)
{
	run u = make_run(&g->r, label_keys, 0, 3);
	int flow = chance(&g->r, 50);
	unsigned i;

	if (!u.k)
		return;
	put(g, flow ? "  labels: {" : "  labels:\n");
	for (i = 0; i < u.k; i++) {
		const char *k = run_at(&u, i);
		const char *sep = flow && i ? ", " : "";
		if (strcmp(k, "cost-center") == 0)
			put(g,
			    flow ? "%s%s: \"cc-%04u\""
			         : "%s    %s: \"cc-%04u\"\n",
			    sep, k, pick(&g->r, 10000));
		else
			put(g, flow ? "%s%s: %s" : "%s    %s: %s\n", sep, k,
			    strcmp(k, "tier") == 0 ? "gold"
			    : strcmp(k, "environment") == 0
			        ? "prod"
			        : choose(&g->r, teams));
	}
	put(g, flow ? "}\n" : "");
}

static void gen_metadata(gen *g)
{
	snprintf(g->name, sizeof(g->name), "%s-%s-%05u",
	         choose(&g->r, products), choose(&g->r, purposes), g->idx);
	if (chance(&g->r, 40))
		put(g, "# %s: generated by tests/bench/bench_schema.c\n",
		    g->name);
	put(g,
	    "apiVersion: ai102.mcp/v1\nkind: ModelDeployment\n"
	    "metadata:\n  name: %s\n",
	    g->name);
	if (chance(&g->r, 85))
		put(g, "  namespace: %s\n", choose(&g->r, namespaces));
	gen_labels(g);
	if (chance(&g->r, 40))
		put(g,
		    "  annotations:\n"
		    "    mcp.example.com/owner: \"%s@example.com\"\n"
		    "    mcp.example.com/runbook: "
		    "\"https://wiki.example.com/%s/runbook\"\n",
		    choose(&g->r, teams), g->name);
}

static void gen_target(gen *g)
{
	static const char *const regs[] = {
	    "mcpacr.azurecr.io", "123456789012.dkr.ecr.us-east-1.amazonaws.com",
	    "europe-west4-docker.pkg.dev", "harbor.corp.internal:5000"};
	unsigned c = pick(&g->r, 4);

	g->cloud = clouds[c];
	g->reg = regs[c];
	put(g, "spec:\n  target:\n    kubernetes: \"1.%u.%u\"\n",
	    between(&g->r, 28, 31), pick(&g->r, 12));
	if (chance(&g->r, 80))
		put(g, "    helm: \"3.%u.%u\"\n", between(&g->r, 13, 16),
		    pick(&g->r, 5));
	put(g, "    cloud: %s\n", g->cloud);
	if (chance(&g->r, 60))
		put(g, "  requirements: {cpu: %u, memory: %uGi, gpu: %u}\n",
		    8u << pick(&g->r, 2), 32u << pick(&g->r, 2),
		    between(&g->r, 0, 2));
}

static void gen_node_pools(gen *g)
{
	unsigned i, n = pick(&g->r, 4);

	g->npools = n;
	if (!n)
		return;
	put(g, "  nodePools:\n");
	for (i = 0; i < n; i++) {
		const char *gpu = choose(&g->r, gpus);
		if (i > 0 && chance(&g->r, 40)) {
			snprintf(g->pools[i], sizeof(g->pools[i]),
			         "cpu-pool-%u", i);
			put(g, "    - name: %s\n      cpu: ", g->pools[i]);
			put_cpu(g, 16u << pick(&g->r, 3));
			put(g, "\n      memory: %uGi\n", 64u << pick(&g->r, 3));
			continue;
		}
		snprintf(g->pools[i], sizeof(g->pools[i]), "gpu-%s-%u", gpu, i);
		put(g, "    - name: %s\n      cpu: %u\n      memory: %uGi\n",
		    g->pools[i], 16u << pick(&g->r, 3), 64u << pick(&g->r, 3));
		if (chance(&g->r, 50))
			put(g,
			    "      gpu: {vendor: nvidia, model: %s, count: %u, "
			    "driver: \"5%u0.%u.%02u\"}\n",
			    gpu, 1u << pick(&g->r, 4), between(&g->r, 3, 6),
			    pick(&g->r, 100), pick(&g->r, 100));
		else
			put(g,
			    "      gpu:\n        vendor: nvidia\n        "
			    "model: "
			    "%s\n        count: %u\n        driver: "
			    "\"5%u0.%u.%02u\"\n",
			    gpu, 1u << pick(&g->r, 4), between(&g->r, 3, 6),
			    pick(&g->r, 100), pick(&g->r, 100));
		if (chance(&g->r, 60))
			put(g, "      labels: {disk: ssd, rack: r%u}\n",
			    pick(&g->r, 40));
		if (chance(&g->r, 50))
			put(g,
			    "      taints: [{key: nvidia.com/gpu, effect: "
			    "%s}]\n",
			    choose(&g->r, effects));
		else if (chance(&g->r, 50))
			put(g,
			    "      taints:\n        - key: dedicated\n"
			    "          value: inference\n          effect: "
			    "%s\n",
			    choose(&g->r, effects));
	}
}

/* Where the models live follows the cloud, as in the fixtures. */
static void put_storage(gen *g, const char *model, int flow)
{
	const char *kind = strcmp(g->cloud, "azure") == 0 ? "azure-blob"
	                   : strcmp(g->cloud, "aws") == 0 ? "s3"
	                   : strcmp(g->cloud, "gcp") == 0 ? "gcs"
	                                                  : "pvc";
	unsigned bucket = pick(&g->r, 50);

	if (strcmp(kind, "pvc") == 0) {
		put(g,
		    flow ? "{type: pvc, claimName: model-repo-%u"
		         : "\n          type: pvc\n          claimName: "
		           "model-repo-%u",
		    bucket);
		if (chance(&g->r, 70))
			put(g,
			    flow ? ", subPath: %s/%s"
			         : "\n          subPath: %s/%s",
			    g->name, model);
		put(g, flow ? "}\n" : "\n");
		return;
	}
	put(g,
	    flow ? "{type: %s, uri: \""
	         : "\n          type: %s\n          uri: \"",
	    kind);
	if (strcmp(kind, "azure-blob") == 0)
		put(g, "as://mcpmodels%u/models/%s/%s", bucket, g->name, model);
	else if (strcmp(kind, "s3") == 0)
		put(g, "s3://acme-models-%u/%s/%s", bucket, g->name, model);
	else
		put(g, "gs://acme-models-%u/%s/%s", bucket, g->name, model);
	put(g, flow ? "\"}\n" : "\"\n");
}

static void gen_inference(gen *g)
{
	run models = make_run(&g->r, model_names, 1, 6);
	unsigned yy = between(&g->r, 23, 25), mm = between(&g->r, 1, 12), i;

	put(g, "  inference:\n");
	if (chance(&g->r, 70))
		put(g, "    server: triton\n");
	put(g, "    version: \"%02u.%02u\"\n", yy, mm);
	if (chance(&g->r, 15)) {
		put(g,
		    "    image: %s/nvidia/tritonserver:%02u.%02u-py3@sha256:",
		    g->reg, yy, mm);
		put_digest(g);
		put(g, "\n");
	} else if (chance(&g->r, 75)) {
		put(g, "    image: \"%s/nvidia/tritonserver:%02u.%02u-py3\"\n",
		    g->reg, yy, mm);
	}
	if (chance(&g->r, 85))
		put(g, "    replicas: %u\n", between(&g->r, 1, 6));
	if (g->npools)
		put(g, "    nodePool: %s\n", g->pools[pick(&g->r, g->npools)]);
	if (chance(&g->r, 80))
		put(g, "    gpu: {enabled: true, count: %u}\n",
		    between(&g->r, 1, 2));
	if (chance(&g->r, 75)) {
		unsigned c = 2u << pick(&g->r, 3);
		put(g, "    resources:\n      requests: {cpu: ");
		put_cpu(g, c);
		put(g,
		    ", memory: %uGi}\n      limits: {cpu: \"%u\", memory: "
		    "%uGi}\n",
		    4u * c, 2 * c, 8u * c);
	}
	put(g, "    models:\n");
	for (i = 0; i < models.k; i++) {
		const char *m = run_at(&models, i);
		int flow = chance(&g->r, 50);
		put(g,
		    "      - name: %s\n        format: %s\n        storage:%s",
		    m, choose(&g->r, formats), flow ? " " : "");
		put_storage(g, m, flow);
	}
	if (chance(&g->r, 60))
		put(g, "    ports: {http: 8000, grpc: 8001, metrics: 8002}\n");
	if (chance(&g->r, 60)) {
		put(g, "    grpc:\n");
		if (chance(&g->r, 80))
			put(g, "      maxRecvMessageSize: %uMi\n",
			    4u << pick(&g->r, 6));
		else
			put(g, "      maxRecvMessageSize: %u\n",
			    1048576u << pick(&g->r, 8));
		put(g,
		    "      keepalive: {time: %s, timeout: %s, "
		    "permitWithoutStream: %s}\n",
		    choose(&g->r, durations), choose(&g->r, durations),
		    chance(&g->r, 50) ? "true" : "false");
	}
	if (chance(&g->r, 70))
		put(g,
		    "    timeouts: {connect: %s, responseHeader: %s, request: "
		    "%s}\n",
		    choose(&g->r, durations), choose(&g->r, durations),
		    choose(&g->r, durations));
}

static void gen_gateway(gen *g)
{
	if (!chance(&g->r, 80))
		return;
	put(g, "  gateway:\n    host: %s.example.com\n", g->name);
	if (chance(&g->r, 80))
		put(g, "    tls: {secretName: %s-tls}\n", g->name);
	switch (pick(&g->r, 4)) {
	case 0:
		put(g, "    auth:\n      type: jwt\n      issuer: "
		       "https://login.example.com/\n");
		if (chance(&g->r, 60))
			put(g, "      audience: %s\n", g->name);
		put(g, "      jwksUri: "
		       "https://login.example.com/.well-known/jwks.json\n");
		break;
	case 1:
		put(g,
		    "    auth:\n      type: oidc\n      issuer: "
		    "\"https://accounts.google.com\"\n      audience: "
		    "\"%s.apps.example.com\"\n",
		    g->name);
		break;
	case 2:
		put(g,
		    "    auth: {type: mtls, clientCASecret: corp-client-ca}\n");
		break;
	default:
		put(g, "    auth: {type: none}\n");
	}
}

/* One service; @p name is unique in the spec, and calls name earlier ones. */
static void gen_service(gen *g, const char *name, unsigned ncalls)
{
	run env = make_run(&g->r, env_names, 0, 6);
	unsigned i;

	put(g,
	    "    - name: %s\n      image: %s/%s/%s:%u.%u.%u\n      port: %u\n",
	    name, g->reg, choose(&g->r, teams), name, pick(&g->r, 4),
	    pick(&g->r, 20), pick(&g->r, 10),
	    chance(&g->r, 50) ? 8080u : 50051u + pick(&g->r, 10));
	if (chance(&g->r, 80))
		put(g, "      protocol: %s\n",
		    chance(&g->r, 50) ? "grpc" : "http");
	if (chance(&g->r, 70))
		put(g, "      replicas: %u\n", between(&g->r, 1, 4));
	/* dependencies name the manifests cmd_generate writes, which exist
	 * for the listed service names only, not the large spec's others */
	if (chance(&g->r, 60) && !strchr(name, '0')) {
		run deps = make_run(&g->r, dep_files, 1, 2);
		put(g, "      dependencies: [");
		for (i = 0; i < deps.k; i++)
			put(g, "%sservices/%s/%s", i ? ", " : "", name,
			    run_at(&deps, i));
		put(g, "]\n");
	}
	if (env.k) {
		int flow = chance(&g->r, 40);
		put(g, flow ? "      env: {" : "      env:\n");
		for (i = 0; i < env.k; i++)
			put(g, flow ? "%s%s: \"%s\"" : "%s        %s: \"%s\"\n",
			    flow && i ? ", " : "", run_at(&env, i),
			    env_values[run_index(&env, i)]);
		put(g, flow ? "}\n" : "");
	}
	if (chance(&g->r, 40)) {
		run sec = make_run(&g->r, secret_names, 1, 2);
		put(g, "      secretEnv:\n");
		for (i = 0; i < sec.k; i++)
			put(g,
			    "        %s:\n          secretRef: {name: "
			    "%s-secrets, "
			    "key: %s}\n",
			    run_at(&sec, i), name, choose(&g->r, secret_keys));
	}
	if (ncalls) {
		put(g, "      calls: [");
		for (i = 0; i < ncalls; i++)
			put(g, "%s%s", i ? ", " : "", g->svcs[i]);
		put(g, "]\n");
	}
}

static void gen_services(gen *g)
{
	run names = make_run(&g->r, service_names, 0, 8);
	char name[64];
	unsigned i;

	g->nsvcs = 0;
	if (!names.k && !g->large)
		return;
	put(g, "  services:\n");
	for (i = 0; i < names.k; i++) {
		unsigned ncalls = g->nsvcs ? pick(&g->r, g->nsvcs + 1) : 0;
		if (ncalls > 3)
			ncalls = 3;
		gen_service(g, run_at(&names, i), ncalls);
		snprintf(g->svcs[g->nsvcs++], sizeof(g->svcs[0]), "%s",
		         run_at(&names, i));
	}
	/* The large spec: services until the target size, each calling up
	 * to three of the first ones. */
	for (i = 0; g->large && g->out.len < g->large; i++) {
		snprintf(name, sizeof(name), "%s-%05u",
		         choose(&g->r, service_names), i);
		gen_service(g, name,
		            g->nsvcs
		                ? pick(&g->r, g->nsvcs < 3 ? g->nsvcs + 1 : 4)
		                : 0);
	}
}

static void gen_config(gen *g)
{
	if (!chance(&g->r, 70))
		return;
	if (chance(&g->r, 50)) {
		put(g, "  config:\n    center: nacos\n    nacos: {server: "
		       "\"nacos.config-system:8848\", ");
		if (chance(&g->r, 40))
			put(g, "namespace: %s-prod, ", g->name);
		if (chance(&g->r, 50))
			put(g, "group: DEFAULT_GROUP, ");
		put(g, "dataId: %s.yaml}\n", g->name);
	} else {
		put(g, "  config:\n    center: configmap\n");
	}
	if (chance(&g->r, 60))
		put(g, "    hotReload: %s\n",
		    chance(&g->r, 50) ? "true" : "false");
	if (chance(&g->r, 80))
		put(g,
		    "    values:\n      threshold.score: 0.%02u\n      "
		    "batch-size: %u\n      feature-toggle: %s\n      region: "
		    "\"eu-%u\"\n",
		    between(&g->r, 10, 99), 16u << pick(&g->r, 6),
		    chance(&g->r, 50) ? "true" : "false", pick(&g->r, 4));
}

static void gen_observability(gen *g)
{
	if (!chance(&g->r, 80))
		return;
	put(g, "  observability:\n    logLevel: %s\n", choose(&g->r, levels));
	if (chance(&g->r, 80))
		put(g, "    metrics: {enabled: true, serviceMonitor: %s}\n",
		    chance(&g->r, 50) ? "true" : "false");
	if (chance(&g->r, 70))
		put(g,
		    "    tracing:\n      otlpEndpoint: "
		    "\"http://otel-collector.observability:4317\"\n"
		    "      sampleRatio: 0.%02u\n",
		    between(&g->r, 1, 99));
	if (chance(&g->r, 50))
		put(g, "    logging: {fluentBit: %s}\n",
		    chance(&g->r, 50) ? "true" : "false");
}

static void gen_security(gen *g)
{
	unsigned i;

	if (!chance(&g->r, 75))
		return;
	put(g, "  security:\n    podSecurity: %s\n",
	    chance(&g->r, 80) ? "restricted" : "baseline");
	if (chance(&g->r, 80)) {
		run ns = make_run(&g->r, ingress, 1, 2);
		put(g, "    networkPolicy:\n      enabled: true\n      "
		       "ingressFrom:\n");
		for (i = 0; i < ns.k; i++)
			put(g, "        - namespace: %s\n", run_at(&ns, i));
	}
	if (chance(&g->r, 60)) {
		run svc = make_run(&g->r, units, 1, 3);
		run files = make_run(&g->r, host_files, 1, 4);
		put(g, "    hostBaseline:\n      sshRootLogin: false\n"
		       "      disabledServices: [");
		for (i = 0; i < svc.k; i++)
			put(g, "%s%s", i ? ", " : "", run_at(&svc, i));
		put(g, "]\n      fileModes:\n");
		for (i = 0; i < files.k; i++)
			put(g, "        %s: \"%s\"\n", run_at(&files, i),
			    choose(&g->r, modes));
	}
}

static void gen_rbac(gen *g)
{
	unsigned i, j, n;

	if (!chance(&g->r, 70))
		return;
	put(g, "  rbac:\n    roles:\n");
	n = between(&g->r, 1, 4);
	for (i = 0; i < n; i++) {
		run p = make_run(&g->r, perms, 1, 3);
		unsigned ns = between(&g->r, 1, 3);
		put(g, "      - name: %s-role-%u\n        permissions: [",
		    choose(&g->r, teams), i);
		for (j = 0; j < p.k; j++)
			put(g, "%s%s", j ? ", " : "", run_at(&p, j));
		put(g, "]\n        subjects:\n");
		for (j = 0; j < ns; j++) {
			switch (pick(&g->r, 3)) {
			case 0:
				put(g, "          - group: %s-oncall\n",
				    choose(&g->r, teams));
				break;
			case 1:
				put(g,
				    "          - user: "
				    "\"user%u@example.com\"\n",
				    pick(&g->r, 5000));
				break;
			default:
				put(g,
				    "          - {serviceAccount: "
				    "ci-deployer-%u}\n",
				    pick(&g->r, 10));
			}
		}
	}
}

/* A count or a percentage, as Kubernetes accepts them. */
static void put_int_or_percent(gen *g)
{
	if (chance(&g->r, 50))
		put(g, "%u", pick(&g->r, 3));
	else
		put(g, "\"%u%%\"", 5 * between(&g->r, 1, 10));
}

static void gen_rollout(gen *g)
{
	unsigned lo = between(&g->r, 1, 4);

	if (!chance(&g->r, 75))
		return;
	put(g, "  rollout:\n");
	if (chance(&g->r, 70))
		put(g, "    maxParallel: %u\n", between(&g->r, 1, 10));
	put(g,
	    "    timeout: %s\n    maxUnavailable: ", choose(&g->r, durations));
	put_int_or_percent(g);
	put(g, "\n    maxSurge: ");
	put_int_or_percent(g);
	put(g, "\n");
	if (chance(&g->r, 60))
		put(g,
		    "    autoscaling: {minReplicas: %u, maxReplicas: %u, "
		    "targetCPUUtilization: %u}\n",
		    lo, lo + between(&g->r, 1, 12), between(&g->r, 50, 90));
	if (chance(&g->r, 70)) {
		put(g, "    disruptionBudget: {%s: ",
		    chance(&g->r, 50) ? "minAvailable" : "maxUnavailable");
		put_int_or_percent(g);
		put(g, "}\n");
	}
}

static void gen_environments(gen *g)
{
	run envs = make_run(&g->r, env_overlays, 1, 3);
	unsigned i;

	if (!chance(&g->r, 40))
		return;
	put(g, "  environments:\n");
	for (i = 0; i < envs.k; i++) {
		put(g, "    %s:\n      inference: {replicas: %u}\n",
		    run_at(&envs, i), between(&g->r, 1, 8));
		if (chance(&g->r, 50))
			put(g, "      observability: {logLevel: %s}\n",
			    choose(&g->r, levels));
		if (chance(&g->r, 30))
			put(g, "      rollout: {autoscaling: null}\n");
		if (chance(&g->r, 30))
			put(g,
			    "      gateway:\n        host: %s.%s.example.com\n"
			    "        tls: {secretName: %s-%s-tls}\n",
			    run_at(&envs, i), g->name, g->name,
			    run_at(&envs, i));
	}
}

/* Spec number @p idx; @p large > 0 makes it a large one with many services. */
static int generate(mcp_buf *out, unsigned idx, size_t large)
{
	gen g;

	memset(&g, 0, sizeof(g));
	mcp_buf_init(&g.out);
	g.r.s = 0x5eed0000ull + idx;
	g.idx = idx;
	g.large = large;
	gen_metadata(&g);
	gen_target(&g);
	gen_node_pools(&g);
	if (chance(&g.r, 70))
		put(&g, "  registry:\n    server: \"%s\"\n%s", g.reg,
		    chance(&g.r, 60) ? "    pullSecret: regcred\n" : "");
	gen_inference(&g);
	gen_gateway(&g);
	gen_services(&g);
	gen_config(&g);
	gen_observability(&g);
	gen_security(&g);
	gen_rbac(&g);
	gen_rollout(&g);
	gen_environments(&g);
	*out = g.out;
	return out->oom ? MCP_ENOMEM : 0;
}

/* ---- the realistic spec ------------------------------------------------- */

/*
 * The shape the performance figures are quoted for: about 4.5 KB, Triton
 * with its resources, gRPC options and timeouts, three services with
 * resources (gRPC mostly, some over HTTP), a config centre, RBAC with the
 * standard's two roles, the host baseline, and two environment overlays
 * (replicas, resources, the gateway's host, the log level). The values
 * are drawn so that the spec is valid and, under the bundled rules and
 * matrix, meets the standard: a team's spec as it stands once it passes
 * the gate, which is what a repository mostly holds.
 */

/* A Triton release and an NVIDIA driver that runs it (rules/compat/). */
static const char *const rel_versions[] = {"24.05", "24.06", "24.10", "25.01",
                                           "25.03", "25.06", NULL};
static const char *const rel_drivers[] = {
    "550.54.15",  "550.90.07", "560.35.03", "565.57.01",
    "570.124.06", "575.57.08", NULL};
/* GPUs the matrix knows, all new enough for every release above. */
static const char *const real_gpus[] = {"a10g", "a100", "l4",
                                        "h100", "l40s", NULL};
/* Kubernetes minors and a Helm minor that supports each. */
static const unsigned k8s_minor[] = {29, 30, 31, 32};
static const unsigned helm_lo[] = {14, 15, 16, 17};
static const char *const env_pairs[][2] = {
    {"dev", "prod"},    {"staging", "prod"}, {"qa", "prod"},
    {"dev", "prod-eu"}, {"staging", "live"}, {"test", "production"}};
static const char *const real_levels[] = {"DEBUG", "INFO", "WARN", NULL};
static const char *const grpc_svcs[] = {
    "feature-store", "candidate-gen", "user",    "order",    "session",
    "catalog",       "inventory",     "billing", "notifier", NULL};
static const char *const http_svcs[] = {"ranking-api", "search-api",
                                        "result-sink", "image-prep", NULL};

/* A memory quantity in GiB, in one of the forms teams write. */
static void put_gib(gen *g, unsigned gib)
{
	if (gib >= 2 && chance(&g->r, 20))
		put(g, "%uMi", gib * 1024);
	else
		put(g, "%uGi", gib);
}

/* A requests/limits block, flow or block style, at @p ind spaces. */
static void put_resources(gen *g, int ind, unsigned cpu_m, unsigned mem_gib)
{
	unsigned lcpu = cpu_m * 2, lmem = mem_gib * 2;

	if (chance(&g->r, 75)) {
		put(g, "%*sresources:\n%*srequests: {cpu: ", ind, "", ind + 2,
		    "");
		if (cpu_m % 1000)
			put(g, "%um", cpu_m);
		else
			put(g, "\"%u\"", cpu_m / 1000);
		put(g, ", memory: ");
		put_gib(g, mem_gib);
		put(g, "}\n%*slimits: {cpu: \"%u\", memory: ", ind + 2, "",
		    (lcpu + 999) / 1000);
		put_gib(g, lmem);
		put(g, "}\n");
		return;
	}
	put(g, "%*sresources:\n%*srequests:\n%*scpu: ", ind, "", ind + 2, "",
	    ind + 4, "");
	if (cpu_m % 1000)
		put(g, "%um\n", cpu_m);
	else
		put(g, "\"%u\"\n", cpu_m / 1000);
	put(g, "%*smemory: ", ind + 4, "");
	put_gib(g, mem_gib);
	put(g, "\n%*slimits:\n%*scpu: \"%u\"\n%*smemory: ", ind + 2, "",
	    ind + 4, "", (lcpu + 999) / 1000, ind + 4, "");
	put_gib(g, lmem);
	put(g, "\n");
}

static void real_service(gen *g, const char *name, int grpc, unsigned n)
{
	run env = make_run(&g->r, env_names, 1, 2);
	unsigned i, ncalls = n < 2 ? n : 2;

	put(g, "    - name: %s\n      image: %s/%s/%s", name, g->reg,
	    choose(&g->r, teams), name);
	if (chance(&g->r, 10)) {
		put(g, "@sha256:");
		put_digest(g);
	} else {
		put(g, ":%u.%u.%u", between(&g->r, 1, 3), pick(&g->r, 20),
		    pick(&g->r, 10));
	}
	put(g, "\n      port: %u\n      protocol: %s\n      replicas: %u\n",
	    grpc ? 50051 + n : 8080 + n, grpc ? "grpc" : "http",
	    between(&g->r, 2, 4));
	put_resources(g, 6, 250u * between(&g->r, 1, 8), between(&g->r, 1, 4));
	if (chance(&g->r, 50)) {
		run deps = make_run(&g->r, dep_files, 1, 2);
		/* the manifests exist for service_names only */
		if (strcmp(name, "ranking-api") == 0 ||
		    strcmp(name, "search-api") == 0 ||
		    strcmp(name, "feature-store") == 0 ||
		    strcmp(name, "candidate-gen") == 0 ||
		    strcmp(name, "user") == 0 || strcmp(name, "order") == 0) {
			put(g, "      dependencies: [");
			for (i = 0; i < deps.k; i++)
				put(g, "%sservices/%s/%s", i ? ", " : "", name,
				    run_at(&deps, i));
			put(g, "]\n");
		}
	}
	if (chance(&g->r, 60)) {
		put(g, "      env: {");
		for (i = 0; i < env.k; i++)
			put(g, "%s%s: \"%s\"", i ? ", " : "", run_at(&env, i),
			    env_values[run_index(&env, i)]);
		put(g, "}\n");
	} else {
		put(g, "      env:\n");
		for (i = 0; i < env.k; i++)
			put(g, "        %s: \"%s\"\n", run_at(&env, i),
			    env_values[run_index(&env, i)]);
	}
	if (chance(&g->r, 30))
		put(g,
		    "      secretEnv:\n        %s:\n          secretRef: "
		    "{name: %s-secrets, key: %s}\n",
		    choose(&g->r, secret_names), name,
		    choose(&g->r, secret_keys));
	if (ncalls) {
		put(g, "      calls: [");
		for (i = 0; i < ncalls; i++)
			put(g, "%s%s", i ? ", " : "", g->svcs[n - 1 - i]);
		put(g, "]\n");
	}
}

/* One overlay: replicas, the server's resources, the gateway, the log
 * level; a production one scales out. */
static void real_overlay(gen *g, const char *env, int prod, unsigned pool_cpu,
                         unsigned pool_gib)
{
	unsigned cpu =
	    prod ? between(&g->r, 4, pool_cpu / 4) : between(&g->r, 2, 4);
	unsigned mem = prod ? 4u * between(&g->r, 2, pool_gib / 16)
	                    : 4u * between(&g->r, 1, 2);

	put(g, "    %s:\n      inference:\n        replicas: %u\n", env,
	    prod ? between(&g->r, 3, 8) : 2);
	put_resources(g, 8, cpu * 1000, mem);
	if (chance(&g->r, 50))
		put(g,
		    "      gateway:\n        host: %s.%s.example.com\n"
		    "        tls: {secretName: %s-%s-tls}\n",
		    env, g->name, g->name, env);
	else
		put(g, "      gateway: {host: %s-%s.example.com}\n", g->name,
		    env);
	put(g, "      observability: {logLevel: %s}\n",
	    prod ? (chance(&g->r, 50) ? "WARN" : "INFO")
	         : (chance(&g->r, 70) ? "DEBUG" : "INFO"));
	if (prod && chance(&g->r, 40))
		put(g,
		    "      rollout:\n        autoscaling: {minReplicas: %u, "
		    "maxReplicas: %u}\n",
		    between(&g->r, 3, 4), between(&g->r, 8, 16));
	else if (!prod && chance(&g->r, 30))
		put(g, "      rollout: {autoscaling: null, disruptionBudget: "
		       "null}\n");
}

/* Realistic spec number @p idx (see above). */
static int generate_realistic(mcp_buf *out, unsigned idx)
{
	static const char *const regs[] = {
	    "mcpacr.azurecr.io", "123456789012.dkr.ecr.us-east-1.amazonaws.com",
	    "europe-west4-docker.pkg.dev", "harbor.corp.internal:5000"};
	gen g0, *g = &g0;
	unsigned c, rel, k, pool_cpu, pool_gib, i, nm;
	const char *gpu, *const *pair;
	run models;

	memset(g, 0, sizeof(*g));
	mcp_buf_init(&g->out);
	g->r.s = 0x4ea1000000ull + idx;
	g->idx = idx;
	c = pick(&g->r, 4);
	g->cloud = clouds[c];
	g->reg = regs[c];
	snprintf(g->name, sizeof(g->name), "%s-%s-%05u",
	         choose(&g->r, products), choose(&g->r, purposes), idx);
	if (chance(&g->r, 40))
		put(g,
		    "# %s: %s inference on %s (generated by "
		    "tests/bench/bench_schema.c)\n",
		    g->name, choose(&g->r, teams), g->cloud);
	put(g,
	    "apiVersion: ai102.mcp/v1\nkind: ModelDeployment\nmetadata:\n"
	    "  name: %s\n  namespace: %s\n  labels:\n    team: %s\n"
	    "    app.kubernetes.io/part-of: %s\n",
	    g->name, choose(&g->r, namespaces), choose(&g->r, teams),
	    choose(&g->r, products));
	if (chance(&g->r, 30))
		put(g,
		    "  annotations:\n"
		    "    mcp.example.com/owner: \"%s@example.com\"\n"
		    "    mcp.example.com/runbook: "
		    "\"https://wiki.example.com/%s/runbook\"\n",
		    choose(&g->r, teams), g->name);

	k = pick(&g->r, 4);
	put(g,
	    "spec:\n  target:\n    kubernetes: \"1.%u.%u\"\n    helm: "
	    "\"3.%u.%u\"\n    cloud: %s\n",
	    k8s_minor[k], pick(&g->r, 8), helm_lo[k] + pick(&g->r, 4),
	    pick(&g->r, 4), g->cloud);
	put(g, "  requirements: {cpu: 8, memory: 32Gi, gpu: 1}\n");

	rel = pick(&g->r, 6);
	gpu = choose(&g->r, real_gpus);
	pool_cpu = 32u << pick(&g->r, 2);
	pool_gib = 128u << pick(&g->r, 2);
	snprintf(g->pools[0], sizeof(g->pools[0]), "gpu-%s", gpu);
	put(g,
	    "  nodePools:\n    - name: %s\n      cpu: %u\n      memory: "
	    "%uGi\n",
	    g->pools[0], pool_cpu, pool_gib);
	if (chance(&g->r, 70))
		put(g,
		    "      gpu: {vendor: nvidia, model: %s, count: %u, driver: "
		    "\"%s\"}\n",
		    gpu, 2u << pick(&g->r, 3),
		    rel_drivers[rel + pick(&g->r, 6 - rel)]);
	else
		put(g,
		    "      gpu:\n        vendor: nvidia\n        model: %s\n"
		    "        count: %u\n        driver: \"%s\"\n",
		    gpu, 2u << pick(&g->r, 3),
		    rel_drivers[rel + pick(&g->r, 6 - rel)]);
	put(g, "      labels: {disk: ssd, rack: r%u}\n", pick(&g->r, 40));
	put(g, "      taints: [{key: nvidia.com/gpu, effect: %s}]\n",
	    chance(&g->r, 80) ? "NoSchedule" : "PreferNoSchedule");
	put(g,
	    chance(&g->r, 50) ? "    - {name: general, cpu: %u, memory: %uGi}\n"
	                      : "    - name: general\n      cpu: %u\n"
	                        "      memory: %uGi\n",
	    16u << pick(&g->r, 2), 64u << pick(&g->r, 2));
	put(g, "  registry:\n    server: %s\n    pullSecret: %s\n", g->reg,
	    chance(&g->r, 50) ? "regcred" : "registry-pull");

	put(g,
	    "  inference:\n    server: triton\n    version: \"%s\"\n    image: "
	    "%s/nvidia/tritonserver:%s-py3\n    replicas: %u\n    nodePool: "
	    "%s\n    gpu: {enabled: true, count: 1}\n",
	    rel_versions[rel], g->reg, rel_versions[rel], between(&g->r, 2, 4),
	    g->pools[0]);
	put_resources(g, 4, 1000 * between(&g->r, 2, 8),
	              4 * between(&g->r, 2, 8));
	models = make_run(&g->r, model_names, 1, 1 + chance(&g->r, 40));
	put(g, "    models:\n");
	for (i = 0; i < models.k; i++) {
		const char *m = run_at(&models, i);
		int flow = chance(&g->r, 50);
		put(g,
		    "      - name: %s\n        format: %s\n        storage:%s",
		    m, choose(&g->r, formats), flow ? " " : "");
		put_storage(g, m, flow);
	}
	put(g, "    ports: {http: 8000, grpc: 8001, metrics: 8002}\n");
	put(g,
	    "    grpc:\n      maxRecvMessageSize: %uMi\n      keepalive: "
	    "{time: %s, timeout: %s, permitWithoutStream: true}\n",
	    16u << pick(&g->r, 3), chance(&g->r, 50) ? "30s" : "1m",
	    chance(&g->r, 50) ? "10s" : "20s");
	put(g, "    timeouts: {connect: %s, responseHeader: %s, request: %s}\n",
	    chance(&g->r, 50) ? "500ms" : "1s",
	    chance(&g->r, 50) ? "2s" : "1500ms",
	    chance(&g->r, 50) ? "5s" : "10s");

	put(g,
	    "  gateway:\n    host: %s.example.com\n    tls: {secretName: "
	    "%s-tls}\n",
	    g->name, g->name);
	if (chance(&g->r, 70))
		put(g,
		    "    auth:\n      type: jwt\n      issuer: "
		    "https://login.example.com/\n      audience: %s\n      "
		    "jwksUri: "
		    "https://login.example.com/.well-known/jwks.json\n",
		    g->name);
	else
		put(g,
		    "    auth:\n      type: oidc\n      issuer: "
		    "\"https://accounts.google.com\"\n      audience: "
		    "\"%s.apps.example.com\"\n",
		    g->name);

	/* three services: two gRPC ones, then one over gRPC or HTTP */
	put(g, "  services:\n");
	{
		run grpc = make_run(&g->r, grpc_svcs, 2, 2);
		int third_http = chance(&g->r, 50);
		const char *third = third_http
		                        ? choose(&g->r, http_svcs)
		                        : grpc_svcs[run_index(&grpc, 2) % 9];
		for (i = 0; i < 3; i++) {
			const char *s = i < 2 ? run_at(&grpc, i) : third;
			real_service(g, s, i < 2 || !third_http, i);
			snprintf(g->svcs[i], sizeof(g->svcs[0]), "%s", s);
		}
		g->nsvcs = 3;
	}

	if (chance(&g->r, 30)) {
		put(g,
		    "  config:\n    center: nacos\n    nacos:\n      server: "
		    "\"nacos.config-system:8848\"\n      namespace: %s-prod\n"
		    "      group: DEFAULT_GROUP\n      dataId: %s.yaml\n",
		    g->name, g->name);
	} else if (chance(&g->r, 50)) {
		put(g,
		    "  config:\n    center: nacos\n    nacos: {server: "
		    "\"nacos.config-system:8848\", dataId: %s.yaml}\n",
		    g->name);
	} else {
		put(g, "  config:\n    center: configmap\n");
	}
	put(g,
	    "    hotReload: %s\n    values: {threshold.score: 0.%02u, "
	    "batch-size: %u, feature-toggle: %s}\n",
	    chance(&g->r, 50) ? "true" : "false", between(&g->r, 10, 99),
	    16u << pick(&g->r, 6), chance(&g->r, 50) ? "true" : "false");

	put(g,
	    "  observability:\n    logLevel: %s\n    metrics: {enabled: true, "
	    "serviceMonitor: true}\n    tracing: {otlpEndpoint: "
	    "\"http://otel-collector.observability:4317\", "
	    "sampleRatio: 0.%02u}\n    logging: {fluentBit: true}\n",
	    choose(&g->r, real_levels), between(&g->r, 1, 25));

	put(g, "  security:\n    podSecurity: restricted\n    networkPolicy:\n"
	       "      enabled: true\n      ingressFrom:\n");
	{
		run ns = make_run(&g->r, ingress, 1, 2);
		for (i = 0; i < ns.k; i++)
			put(g, "        - namespace: %s\n", run_at(&ns, i));
	}
	put(g, "    hostBaseline:\n      sshRootLogin: false\n"
	       "      disabledServices: [telnet");
	{
		run svc = make_run(&g->r, units + 1, 0, 2);
		for (i = 0; i < svc.k; i++)
			put(g, ", %s", run_at(&svc, i));
	}
	put(g, "]\n      fileModes:\n        /etc/passwd: \"0644\"\n"
	       "        /etc/shadow: \"0400\"\n");
	if (chance(&g->r, 50))
		put(g, "        /etc/ssh/sshd_config: \"0600\"\n");
	put(g, "      fileOwners:\n        /etc/passwd: \"root:root\"\n"
	       "        /etc/shadow: \"root:root\"\n");

	nm = pick(&g->r, 9);
	put(g,
	    "  rbac:\n    roles:\n      - name: %s-deployer\n        "
	    "permissions: [deploy, logs]\n        subjects:\n          - "
	    "group: %s-oncall\n",
	    teams[nm], teams[nm]);
	if (chance(&g->r, 40))
		put(g, "          - serviceAccount: ci-deployer-%u\n",
		    pick(&g->r, 10));
	put(g,
	    "      - name: %s-auditor\n        permissions: [audit-logs]\n"
	    "        subjects:\n          - user: \"auditor%u@example.com\"\n",
	    teams[nm], pick(&g->r, 500));

	put(g,
	    "  rollout:\n    maxParallel: %u\n    timeout: %s\n    "
	    "maxUnavailable: 0\n    maxSurge: %s\n    autoscaling: "
	    "{minReplicas: 2, maxReplicas: %u, targetCPUUtilization: %u}\n"
	    "    disruptionBudget: {minAvailable: 1}\n",
	    between(&g->r, 1, 10), chance(&g->r, 50) ? "10m" : "5m",
	    chance(&g->r, 50) ? "1" : "\"25%\"", between(&g->r, 6, 12),
	    between(&g->r, 60, 80));

	pair = env_pairs[pick(&g->r, 6)];
	put(g, "  environments:\n");
	real_overlay(g, pair[0], 0, pool_cpu, pool_gib);
	real_overlay(g, pair[1], 1, pool_cpu, pool_gib);
	*out = g->out;
	return out->oom ? MCP_ENOMEM : 0;
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

/* A small manifest of each kind, so the specs' dependencies exist. */
static void manifest(mcp_buf *b, const char *file, const char *svc)
{
	mcp_buf_clear(b);
	if (strcmp(file, "go.mod") == 0)
		mcp_buf_printf(b,
		               "module example.com/%s\n\ngo 1.22\n\nrequire "
		               "google.golang.org/grpc v1.64.0\n",
		               svc);
	else if (strcmp(file, "package.json") == 0)
		mcp_buf_printf(b,
		               "{\"name\": \"%s\", \"version\": \"1.0.0\", "
		               "\"dependencies\": {\"@grpc/grpc-js\": "
		               "\"^1.10.0\"}}\n",
		               svc);
	else if (strcmp(file, "package-lock.json") == 0)
		mcp_buf_printf(b,
		               "{\"name\": \"%s\", \"version\": \"1.0.0\", "
		               "\"lockfileVersion\": 3, \"packages\": {\"\": "
		               "{\"name\": \"%s\"}, "
		               "\"node_modules/@grpc/grpc-js\": {\"version\": "
		               "\"1.10.8\"}}}\n",
		               svc, svc);
	else if (strcmp(file, "requirements.txt") == 0)
		mcp_buf_puts(b, "tritonclient[grpc]==2.46.0\nnumpy>=1.26,<2\n");
	else
		mcp_buf_puts(b, "pytest>=8\n");
}

/* Write every service's manifests under DIR/services/. */
static int write_manifests(const char *dir)
{
	char path[4096];
	mcp_buf b;
	size_t i, j;
	int rc = 0;

	mcp_buf_init(&b);
	snprintf(path, sizeof(path), "%s/services", dir);
	if (mkdir(path, 0777) < 0 && errno != EEXIST)
		rc = -1;
	for (i = 0; rc == 0 && service_names[i]; i++) {
		snprintf(path, sizeof(path), "%s/services/%s", dir,
		         service_names[i]);
		if (mkdir(path, 0777) < 0 && errno != EEXIST)
			rc = -1;
		for (j = 0; rc == 0 && dep_files[j]; j++) {
			snprintf(path, sizeof(path), "%s/services/%s/%s", dir,
			         service_names[i], dep_files[j]);
			manifest(&b, dep_files[j], service_names[i]);
			rc = b.oom ? -1 : write_file(path, &b);
		}
	}
	mcp_buf_free(&b);
	return rc;
}

/* Make folder @p dir and DIR/specs (either may be there), the latter's
 * path into @p path; -1 with errno set when one cannot be made. */
static int specs_dir(const char *dir, char *path, size_t size)
{
	snprintf(path, size, "%s/specs", dir);
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return -1;
	if (mkdir(path, 0777) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* Write @p count specs to DIR/specs and the large one to DIR. */
static int cmd_generate(const char *dir, unsigned count)
{
	char path[4096];
	size_t total = 0;
	mcp_buf b;
	unsigned i;

	if (specs_dir(dir, path, sizeof(path)) < 0)
		goto io;
	for (i = 0; i < count; i++) {
		if (generate(&b, i, 0) < 0) {
			fprintf(stderr, "bench_schema: out of memory\n");
			return 1;
		}
		snprintf(path, sizeof(path), "%s/specs/spec-%05u.mcp.yaml", dir,
		         i);
		total += b.len;
		if (write_file(path, &b) < 0) {
			mcp_buf_free(&b);
			goto io;
		}
		mcp_buf_free(&b);
	}
	printf("generated %u specs, %.2f MB, in %s/specs\n", count,
	       (double)total / 1e6, dir);
	snprintf(path, sizeof(path), "%s/specs", dir);
	if (write_manifests(path) < 0 || write_manifests(dir) < 0)
		goto io;
	if (generate(&b, count, LARGE_BYTES) < 0) {
		fprintf(stderr, "bench_schema: out of memory\n");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/large.mcp.yaml", dir);
	if (write_file(path, &b) < 0) {
		mcp_buf_free(&b);
		goto io;
	}
	printf("generated one large spec, %.2f MB, as %s\n",
	       (double)b.len / 1e6, path);
	mcp_buf_free(&b);
	return 0;
io:
	fprintf(stderr, "bench_schema: %s: %s\n", path, strerror(errno));
	return 1;
}

/*
 * Write @p count realistic specs to DIR/specs, a folder for each
 * GROUP_SIZE of them (group-000/spec-00000.mcp.yaml, ...), as a large
 * repository groups its specs, each folder with the services' manifests
 * its specs name. (A flat folder of 100,000 files would also cost
 * `git fast-import` quadratic time.) Prints the corpus: count, bytes,
 * mean size.
 */
#define GROUP_SIZE 1000
static int cmd_realistic(const char *dir, unsigned count)
{
	char path[4096];
	size_t total = 0;
	mcp_buf b;
	unsigned i;

	if (specs_dir(dir, path, sizeof(path)) < 0)
		goto io;
	for (i = 0; i < count; i++) {
		if (i % GROUP_SIZE == 0) {
			snprintf(path, sizeof(path), "%s/specs/group-%03u", dir,
			         i / GROUP_SIZE);
			if (mkdir(path, 0777) < 0 && errno != EEXIST)
				goto io;
			if (write_manifests(path) < 0)
				goto io;
		}
		if (generate_realistic(&b, i) < 0) {
			fprintf(stderr, "bench_schema: out of memory\n");
			return 1;
		}
		snprintf(path, sizeof(path),
		         "%s/specs/group-%03u/spec-%05u.mcp.yaml", dir,
		         i / GROUP_SIZE, i);
		total += b.len;
		if (write_file(path, &b) < 0) {
			mcp_buf_free(&b);
			goto io;
		}
		mcp_buf_free(&b);
	}
	printf("generated %u realistic specs, %.2f MB, %.0f bytes a spec on "
	       "average, in %s/specs\n",
	       count, (double)total / 1e6, count ? (double)total / count : 0.0,
	       dir);
	printf("result corpus %u %zu\n", count, total);
	return 0;
io:
	fprintf(stderr, "bench_schema: %s: %s\n", path, strerror(errno));
	return 1;
}

/* ---- measuring -------------------------------------------------------- */

/* One pass over a list of files. */
typedef struct tally {
	size_t files, docs, valid, bytes;
	double seconds;  /* the whole pass */
	double validate; /* of which in mcp_schema_valid */
	const char *bad; /* the first file with an invalid document */
} tally;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The CPU time this process has used, in seconds. */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (size_t)st.st_size : 0;
}

/*
 * Load and validate every file, as `mcpc check` would minus the report:
 * one diagnostics list per file (it holds the file's text for quoting).
 * Returns 0, or -1 when a file could not be loaded at all.
 */
static int pass(const mcp_schema *s, char **paths, size_t n, tally *t)
{
	size_t i, j;
	double t0 = now();

	memset(t, 0, sizeof(*t));
	for (i = 0; i < n; i++) {
		mcp_diag *d = NULL;
		mcp_source *src = NULL;
		int rc;
		if (mcp_diag_new(&d) < 0)
			return -1;
		rc = mcp_source_load_file(&src, paths[i], NULL, d);
		if (rc != 0 || !src) {
			fprintf(stderr, "bench_schema: %s: load failed: %s\n",
			        paths[i], mcp_strerror(rc));
			mcp_source_free(src);
			mcp_diag_free(d);
			return -1;
		}
		for (j = 0; j < mcp_source_doc_count(src); j++) {
			double tv = now();
			int v = mcp_schema_valid(s, mcp_source_doc(src, j));
			t->validate += now() - tv;
			if (v < 0) {
				mcp_source_free(src);
				mcp_diag_free(d);
				return -1;
			}
			t->docs++;
			t->valid += (size_t)v;
			if (!v && !t->bad)
				t->bad = paths[i];
		}
		mcp_source_free(src);
		mcp_diag_free(d);
		t->files++;
	}
	t->seconds = now() - t0;
	for (i = 0; i < n; i++)
		t->bytes += file_size(paths[i]);
	return 0;
}

/* Print the findings of a file that should have been valid. */
static void explain(const mcp_schema *s, const char *path)
{
	mcp_render_opts ro = {.quiet = 0};
	mcp_source *src = NULL;
	mcp_diag *d = NULL;
	mcp_buf out;
	size_t j;

	if (mcp_diag_new(&d) < 0)
		return;
	mcp_source_load_file(&src, path, NULL, d);
	for (j = 0; src && j < mcp_source_doc_count(src); j++)
		mcp_schema_check(s, src, j, d);
	mcp_diag_sort(d);
	mcp_buf_init(&out);
	mcp_render_text.render(&out, d, &ro);
	fprintf(stderr, "%s", out.ptr);
	mcp_buf_free(&out);
	mcp_source_free(src);
	mcp_diag_free(d);
}

/* The best of RUNS passes; fails when a document is not valid. */
static int measure(const mcp_schema *s, char **paths, size_t n,
                   const char *workload)
{
	tally best, t;
	int i;

	memset(&best, 0, sizeof(best));
	for (i = 0; i < RUNS; i++) {
		if (pass(s, paths, n, &t) < 0)
			return -1;
		if (t.valid != t.docs || t.docs == 0) {
			fprintf(stderr,
			        "bench_schema: %s: %zu of %zu documents valid; "
			        "the first invalid one:\n",
			        workload, t.valid, t.docs);
			if (t.bad)
				explain(s, t.bad);
			return -1;
		}
		if (i == 0 || t.seconds < best.seconds)
			best = t;
	}
	printf("mcpc  %-6s %zu files, %zu documents, %zu valid, %.2f MB: "
	       "%.3f s, %.3f s of it validating (best of %d)\n",
	       workload, best.files, best.docs, best.valid,
	       (double)best.bytes / 1e6, best.seconds, best.validate, RUNS);
	printf("result mcpc %s %zu %zu %zu %zu %.6f %.6f\n", workload,
	       best.files, best.docs, best.valid, best.bytes, best.seconds,
	       best.validate);
	return 0;
}

static int cmd_measure(const char *dir)
{
	char specs[4096], large[4096];
	char **paths = NULL, *one[1];
	size_t n = 0;
	mcp_schema *s = NULL;
	mcp_diag *d = NULL;
	double t0;
	int rc = 1;

	snprintf(specs, sizeof(specs), "%s/specs", dir);
	snprintf(large, sizeof(large), "%s/large.mcp.yaml", dir);
	if (mcp_diag_new(&d) < 0)
		return 1;
	if (mcp_paths_expand(&paths, &n, specs, d) < 0 || n == 0) {
		fprintf(stderr, "bench_schema: no specs in %s (run generate)\n",
		        specs);
		goto out;
	}
	t0 = now();
	if (mcp_schema_builtin(&s, NULL, d) != 0) {
		fprintf(stderr, "bench_schema: the built-in schema does not "
		                "compile\n");
		goto out;
	}
	printf("mcpc  compiled the shipped schemas in %.2f ms (once)\n",
	       (now() - t0) * 1e3);
	printf("result mcpc compile 0 0 0 0 %.6f 0\n", now() - t0);
	one[0] = large;
	if (measure(s, paths, n, "specs") == 0 &&
	    measure(s, one, 1, "large") == 0)
		rc = 0;
out:
	mcp_schema_free(s);
	mcp_paths_free(paths, n);
	mcp_diag_free(d);
	return rc;
}

/* Keep the paths ending in @p suffix (all when NULL); frees the others. */
static size_t keep_suffix(char **paths, size_t n, const char *suffix)
{
	size_t i, k = 0, sl = suffix ? strlen(suffix) : 0;

	for (i = 0; i < n; i++) {
		size_t l = strlen(paths[i]);
		if (!suffix ||
		    (l >= sl && strcmp(paths[i] + l - sl, suffix) == 0))
			paths[k++] = paths[i];
		else
			free(paths[i]);
	}
	return k;
}

/* Load and compile a schema file as `mcpc validate --schema` does. */
static int compile_schema_file(mcp_schema **out, const char *path)
{
	char abs[4096], uri[4200];
	mcp_schema_opts o;
	mcp_source *src = NULL;
	mcp_diag *d = NULL;
	int rc;

	*out = NULL;
	if (!realpath(path, abs) || mcp_diag_new(&d) < 0)
		return -1;
	snprintf(uri, sizeof(uri), "file://%s", abs);
	mcp_schema_opts_init(&o);
	rc = mcp_source_load_file(&src, path, NULL, d);
	if (rc == 0 && mcp_source_doc_count(src) == 1)
		rc =
		    mcp_schema_compile(out, mcp_source_doc(src, 0), uri, &o, d);
	else if (rc == 0)
		rc = -1;
	mcp_source_free(src);
	mcp_diag_free(d);
	return rc == 0 && *out ? 0 : -1;
}

/*
 * The mcpc half of the table's schema row: what `mcpc validate --schema
 * SCHEMA DIR` does for each spec, in this one process, less its start and
 * its report. The schema is loaded and compiled once, as validate does
 * (timed apart); then for each file a diagnostics list, the file loaded
 * with its source map, and every document checked by mcp_schema_check,
 * which collects every error with its place (validate's secrets masking,
 * which is not schema validation, is left out). Best of @p passes; CPU is
 * the best pass's CPU time.
 *   result mcpc-validate FILES DOCS VALID BYTES SECONDS VALIDATE ERRORS
 *          COMPILE CPU
 */
static int cmd_validate(const char *schema, const char *dir, int passes)
{
	char **paths = NULL;
	size_t n = 0, i, j, errors = 0;
	mcp_schema *s = NULL;
	mcp_diag *d = NULL;
	tally best, t;
	double t0, c0, compile, cpu = 0;
	int p, rc = 1;

	memset(&best, 0, sizeof(best));
	if (mcp_diag_new(&d) < 0)
		return 1;
	if (mcp_paths_expand(&paths, &n, dir, d) < 0 ||
	    (n = keep_suffix(paths, n, ".mcp.yaml")) == 0) {
		fprintf(stderr, "bench_schema: no specs in %s\n", dir);
		goto out;
	}
	t0 = now();
	if (compile_schema_file(&s, schema) < 0) {
		fprintf(stderr, "bench_schema: %s does not compile\n", schema);
		goto out;
	}
	compile = now() - t0;
	for (p = 0; p < passes; p++) {
		size_t errs = 0;
		memset(&t, 0, sizeof(t));
		t0 = now();
		c0 = cpu_now();
		for (i = 0; i < n; i++) {
			mcp_diag *fd = NULL;
			mcp_source *src = NULL;
			if (mcp_diag_new(&fd) < 0)
				goto out;
			if (mcp_source_load_file(&src, paths[i], NULL, fd) !=
			        0 ||
			    !src) {
				fprintf(stderr,
				        "bench_schema: %s: load failed\n",
				        paths[i]);
				mcp_source_free(src);
				mcp_diag_free(fd);
				goto out;
			}
			for (j = 0; j < mcp_source_doc_count(src); j++) {
				size_t before =
				    mcp_diag_count_severity(fd, MCP_SEV_ERROR);
				double tv = now();
				if (mcp_schema_check(s, src, j, fd) < 0) {
					mcp_source_free(src);
					mcp_diag_free(fd);
					goto out;
				}
				t.validate += now() - tv;
				t.docs++;
				if (mcp_diag_count_severity(
				        fd, MCP_SEV_ERROR) == before)
					t.valid++;
			}
			errs += mcp_diag_count_severity(fd, MCP_SEV_ERROR);
			mcp_source_free(src);
			mcp_diag_free(fd);
			t.files++;
		}
		t.seconds = now() - t0;
		if (p == 0 || t.seconds < best.seconds) {
			best = t;
			errors = errs;
			cpu = cpu_now() - c0;
		}
	}
	for (i = 0; i < n; i++)
		best.bytes += file_size(paths[i]);
	printf("  mcpc validate, in process: %zu files, %zu documents, %zu "
	       "valid, %zu errors, %.2f MB: %.3f s (%.3f s validating), "
	       "best of %d; schema compiled once in %.1f ms\n",
	       best.files, best.docs, best.valid, errors,
	       (double)best.bytes / 1e6, best.seconds, best.validate, passes,
	       compile * 1e3);
	printf("result mcpc-validate %zu %zu %zu %zu %.6f %.6f %zu %.6f %.6f\n",
	       best.files, best.docs, best.valid, best.bytes, best.seconds,
	       best.validate, errors, compile, cpu);
	rc = 0;
out:
	mcp_schema_free(s);
	mcp_paths_free(paths, n);
	mcp_diag_free(d);
	return rc;
}

/* libyaml's event loop alone over one file's bytes: the floor of any
 * YAML front end. -1 on a parse error. */
static int events(const char *path, mcp_buf *b)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int done = 0, rc = 0;

	mcp_buf_clear(b);
	if (mcp_file_read(b, path, (size_t)64 << 20) != 0)
		return -1;
	if (!yaml_parser_initialize(&parser))
		return -1;
	yaml_parser_set_input_string(&parser, (const unsigned char *)b->ptr,
	                             b->len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = -1;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return rc;
}

/* Read and parse every spec under DIR (its files and folders, as lint
 * finds them; with @p suffix, only the files whose names end so) with
 * libyaml alone, best of three: what lint's figures compare with. CPU is
 * the best pass's CPU time.
 *   result yaml FILES BYTES SECONDS CPU */
static int cmd_yaml(const char *dir, const char *suffix)
{
	char **paths = NULL;
	size_t n = 0, i, bytes = 0;
	mcp_diag *d = NULL;
	mcp_buf b;
	double best = 0, best_cpu = 0;
	int pass_no, rc = 0;

	mcp_buf_init(&b);
	if (mcp_diag_new(&d) < 0 || mcp_paths_expand(&paths, &n, dir, d) < 0 ||
	    (n = keep_suffix(paths, n, suffix)) == 0) {
		fprintf(stderr, "bench_schema: no specs in %s\n", dir);
		rc = 1;
	}
	for (pass_no = 0; rc == 0 && pass_no < RUNS; pass_no++) {
		double t0 = now(), c0 = cpu_now(), t;
		for (i = 0; i < n; i++) {
			if (events(paths[i], &b) < 0) {
				fprintf(stderr, "bench_schema: %s: not YAML\n",
				        paths[i]);
				rc = 1;
				break;
			}
			if (pass_no == 0)
				bytes += b.len;
		}
		t = now() - t0;
		if (pass_no == 0 || t < best) {
			best = t;
			best_cpu = cpu_now() - c0;
		}
	}
	if (rc == 0) {
		printf("  bare libyaml read + parse of the same %zu files "
		       "(%.2f MB): %.3f s, %.0f files/s (best of %d)\n",
		       n, (double)bytes / 1e6, best, (double)n / best, RUNS);
		printf("result yaml %zu %zu %.6f %.6f\n", n, bytes, best,
		       best_cpu);
	}
	mcp_buf_free(&b);
	mcp_paths_free(paths, n);
	mcp_diag_free(d);
	return rc;
}

/* ---- a repository for lint ---------------------------------------------- */

/* Every regular file under @p dir (its path relative to @p top), hidden
 * ones but .gitignore passed over, appended to @p l. */
static int list_files(const char *top, const char *rel, char ***l, size_t *n,
                      size_t *cap)
{
	char path[8200];
	DIR *d;
	struct dirent *e;
	int rc = 0;

	snprintf(path, sizeof(path), "%s%s%s", top, *rel ? "/" : "", rel);
	if (!(d = opendir(path)))
		return -1;
	while (rc == 0 && (e = readdir(d))) {
		char sub[4096];
		struct stat st;
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".gitignore") != 0)
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "",
		         e->d_name);
		snprintf(path, sizeof(path), "%s/%s", top, sub);
		if (lstat(path, &st) < 0) {
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			rc = list_files(top, sub, l, n, cap);
		} else if (S_ISREG(st.st_mode)) {
			if (*n == *cap) {
				size_t c = *cap ? *cap * 2 : 1024;
				char **p = realloc(*l, c * sizeof(*p));
				if (!p) {
					rc = -1;
					break;
				}
				*l = p;
				*cap = c;
			}
			if (!((*l)[*n] = strdup(sub)))
				rc = -1;
			else
				(*n)++;
		}
	}
	closedir(d);
	return rc;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * git-import DIR: write to standard output a `git fast-import` stream of
 * one commit (refs/heads/main, a fixed author and date) holding every file
 * under DIR. A pack written in one go is an order of magnitude faster
 * than `git add` of 100,000 files, which writes each as a loose object;
 * the repository is then the same as one made by `git add -A` and
 * `git commit` (table.sh resets the index from it).
 */
static int cmd_git_import(const char *dir)
{
	char **l = NULL, path[4096];
	size_t n = 0, cap = 0, i;
	static const char msg[] = "base\n";
	mcp_buf b;
	int rc = 0;

	if (list_files(dir, "", &l, &n, &cap) < 0) {
		fprintf(stderr, "bench_schema: cannot list %s: %s\n", dir,
		        strerror(errno));
		rc = 1;
		goto out;
	}
	qsort(l, n, sizeof(*l), cmp_path);
	printf("commit refs/heads/main\ncommitter bench <bench@example.com> "
	       "1767225600 +0000\ndata %zu\n%s",
	       sizeof(msg) - 1, msg);
	mcp_buf_init(&b);
	for (i = 0; i < n && rc == 0; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, l[i]);
		mcp_buf_clear(&b);
		if (mcp_file_read(&b, path, (size_t)64 << 20) != 0) {
			fprintf(stderr, "bench_schema: cannot read %s\n", path);
			rc = 1;
			break;
		}
		printf("M 100644 inline %s\ndata %zu\n", l[i], b.len);
		if (fwrite(b.ptr, 1, b.len, stdout) != b.len)
			rc = 1;
		putchar('\n');
	}
	mcp_buf_free(&b);
	if (fflush(stdout) != 0)
		rc = 1;
out:
	for (i = 0; i < n; i++)
		free(l[i]);
	free(l);
	return rc;
}

/*
 * exec [-n RUNS] [-C DIR] [-o FILE] [-s MAXSTATUS] -- CMD [ARG...]: run
 * CMD RUNS times (default 1), each in its own process, from DIR, its
 * output (standard output and error) to FILE (default /dev/null); print
 * the best and the mean wall time, process start included, and the
 * largest peak resident set of the runs, from wait4 (what /usr/bin/time
 * prints as %M, without needing it). A run that a signal ends, or whose
 * exit status is above MAXSTATUS (default 1: findings are a verdict, not
 * a failure), fails the command. CPU is the user and system time of
 * the best run (with its children): beside the wall time, it shows
 * when the machine was busy with something else.
 *   result exec RUNS BEST MEAN MAXRSS_KB STATUS CPU
 */
static int cmd_exec(int argc, char **argv)
{
	const char *cd = NULL, *outfile = "/dev/null";
	int runs = 1, maxstatus = 1, i, status = 0, last = 0;
	double best = 0, sum = 0, cpu = 0;
	long maxrss = 0;

	for (i = 0; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (i + 1 >= argc)
			goto usage;
		if (strcmp(argv[i], "-n") == 0)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "-C") == 0)
			cd = argv[++i];
		else if (strcmp(argv[i], "-o") == 0)
			outfile = argv[++i];
		else if (strcmp(argv[i], "-s") == 0)
			maxstatus = atoi(argv[++i]);
		else
			goto usage;
	}
	if (i + 1 >= argc || runs < 1)
		goto usage;
	argv += i + 1;
	for (i = 0; i < runs; i++) {
		struct rusage ru;
		double t0 = now(), t;
		pid_t pid;

		fflush(stdout);
		pid = fork();
		if (pid < 0) {
			perror("bench_schema: fork");
			return 1;
		}
		if (pid == 0) {
			int fd =
			    open(outfile, O_WRONLY | O_CREAT | O_TRUNC, 0666);
			if (fd < 0 || (cd && chdir(cd) < 0))
				_exit(127);
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
			execvp(argv[0], argv);
			_exit(127);
		}
		if (wait4(pid, &status, 0, &ru) < 0) {
			perror("bench_schema: wait4");
			return 1;
		}
		t = now() - t0;
		if (!WIFEXITED(status) || WEXITSTATUS(status) > maxstatus) {
			fprintf(stderr,
			        "bench_schema: %s %s: %s %d (output in %s)\n",
			        argv[0], argv[1] ? argv[1] : "",
			        WIFEXITED(status) ? "exit status" : "signal",
			        WIFEXITED(status) ? WEXITSTATUS(status)
			                          : WTERMSIG(status),
			        outfile);
			return 1;
		}
		last = WEXITSTATUS(status);
		if (i == 0 || t < best) {
			best = t;
			cpu = (double)ru.ru_utime.tv_sec +
			      (double)ru.ru_utime.tv_usec / 1e6 +
			      (double)ru.ru_stime.tv_sec +
			      (double)ru.ru_stime.tv_usec / 1e6;
		}
		sum += t;
		if (ru.ru_maxrss > maxrss)
			maxrss = ru.ru_maxrss;
	}
	printf("result exec %d %.6f %.6f %ld %d %.6f\n", runs, best, sum / runs,
	       maxrss, last, cpu);
	return 0;
usage:
	fprintf(stderr, "usage: bench_schema exec [-n RUNS] [-C DIR] [-o FILE] "
	                "[-s MAXSTATUS] -- CMD [ARG...]\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && argc <= 4 && strcmp(argv[1], "generate") == 0) {
		int count = argc == 4 ? atoi(argv[3]) : DEFAULT_COUNT;
		return cmd_generate(argv[2], count > 0 ? (unsigned)count
		                                       : DEFAULT_COUNT);
	}
	if (argc >= 3 && argc <= 4 && strcmp(argv[1], "realistic") == 0) {
		int count = argc == 4 ? atoi(argv[3]) : DEFAULT_COUNT;
		return cmd_realistic(argv[2], count > 0 ? (unsigned)count
		                                        : DEFAULT_COUNT);
	}
	if (argc == 3 && strcmp(argv[1], "measure") == 0)
		return cmd_measure(argv[2]);
	if (argc >= 4 && argc <= 5 && strcmp(argv[1], "validate") == 0) {
		int passes = argc == 5 ? atoi(argv[4]) : RUNS;
		return cmd_validate(argv[2], argv[3],
		                    passes > 0 ? passes : RUNS);
	}
	if (argc >= 3 && argc <= 4 && strcmp(argv[1], "yaml") == 0)
		return cmd_yaml(argv[2], argc == 4 ? argv[3] : NULL);
	if (argc == 3 && strcmp(argv[1], "git-import") == 0)
		return cmd_git_import(argv[2]);
	if (argc >= 2 && strcmp(argv[1], "exec") == 0)
		return cmd_exec(argc - 2, argv + 2);
	fprintf(stderr, "usage: bench_schema generate DIR [COUNT]\n"
	                "       bench_schema realistic DIR [COUNT]\n"
	                "       bench_schema measure DIR\n"
	                "       bench_schema validate SCHEMA DIR [PASSES]\n"
	                "       bench_schema yaml DIR [SUFFIX]\n"
	                "       bench_schema git-import DIR\n"
	                "       bench_schema exec [-n RUNS] [-C DIR] [-o FILE] "
	                "[-s MAXSTATUS] -- CMD [ARG...]\n");
	return 2;
}
