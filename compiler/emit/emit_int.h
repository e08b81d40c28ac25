/*
 * emit_int.h: what the emitters share: reading a spec with its defaults,
 * and the pieces both the Helm values and the manifests are made of.
 */
#ifndef MCPC_EMIT_INT_H
#define MCPC_EMIT_INT_H

#include <jansson.h>
#include <stddef.h>

#include "mcpc/buf.h"
#include "mcpc/render.h"

/* The member of v at path ("a/b/c": object keys), or NULL. */
json_t *em_at(json_t *v, const char *path);
const char *em_str(json_t *v, const char *dflt);
json_int_t em_int(json_t *v, json_int_t dflt);
int em_bool(json_t *v, int dflt);
/* Set obj's key to v, a new reference; a NULL v (or a failure) sets *oom. */
void em_put(json_t *obj, const char *key, json_t *v, int *oom);
/* A copy of v, or an empty object when v is NULL. */
json_t *em_copy(json_t *v);

/* A JSON string of s (null for NULL); bytes that are not UTF-8 (file
 * names can hold any) become '?'. NULL when out of memory. */
json_t *em_string(const char *s);

/*
 * A JSON writer that puts out, byte for byte, what json_dumps(v,
 * JSON_INDENT(2)) gives for the tree of the same calls, without the tree:
 * for reports of tens of thousands of findings. Strings are written as
 * em_string makes them. Open containers nest; a member of an object has a
 * key, an element of an array (or the top value) has NULL. Writes go to
 * out, whose out of memory flag is sticky: check it once at the end.
 */
typedef struct em_json {
	mcp_buf *out;
	int depth;                /* containers open */
	unsigned long long empty; /* bit d: container d has no item yet */
	unsigned long long array; /* bit d: container d is an array */
} em_json;

void em_json_init(em_json *w, mcp_buf *out);
/* Open an object ('{') or an array ('['). */
void em_json_open(em_json *w, const char *key, char bracket);
/* Close the innermost container ("{}" or "[]" when it is empty). */
void em_json_close(em_json *w);
/* A string, as em_string makes it: null for NULL, '?' for each byte of
 * text that is not UTF-8. */
void em_json_string(em_json *w, const char *key, const char *s);
void em_json_int(em_json *w, const char *key, long long v);
void em_json_bool(em_json *w, const char *key, int v);
/* The run a sharded report belongs to, as "run": {id, shard, shards}
 * (nothing when opts names no run): merge-reports reads it from JSON and
 * SARIF alike. */
void em_json_run(em_json *w, const mcp_render_opts *opts);

/* s as a JSON string literal (quoted, escaped as jansson does), or null. */
void em_put_json_string(mcp_buf *out, const char *s);

/*
 * The length of the well-formed character at the start of s (at most
 * @p len bytes) that every text format may carry: UTF-8, neither a
 * control character (C0 but tab and newline, DEL, C1) nor U+FFFE or
 * U+FFFF (which XML forbids); 0 when it is none of these, and the byte
 * should be replaced. File names and YAML keys can hold any byte.
 */
size_t em_text_char(const char *s, size_t len);

/* s (NULL: nothing) on one line: each byte em_text_char refuses, and
 * each line break, as '?'. */
void em_put_text(mcp_buf *out, const char *s);

/* A scalar as the string a ConfigMap or an environment variable holds:
 * a string as it is, a fraction in the shortest form that reads back the
 * same (0.1), an integer or boolean as JSON writes it. */
json_t *em_text_of(json_t *v);

/* Append @p v as Go's encoding/json.Marshal writes it (Helm's toJson):
 * compact, keys sorted, Go's string escapes (gojson.c).
 * @return 0 or MCP_ENOMEM */
int em_go_json(mcp_buf *out, json_t *v);

/* An image reference's parts (pointers into it). */
typedef struct mcp_image {
	const char *repository, *tag, *digest; /* tag, digest may be NULL */
	size_t repository_len, tag_len;
} mcp_image;
void mcp_image_split(const char *ref, mcp_image *out);

/* The server's image: inference.image, or the release's image from the
 * declared registry (else NGC), composed in buf. */
const char *mcp_server_image(json_t *spec, char *buf, size_t n);

/* A container's resources: the spec's, or the documented defaults (a
 * server: requests 2 CPU and 8Gi, a 16Gi memory limit; a service: 100m
 * and 128Mi, a 256Mi limit); gpus > 0 adds the nvidia.com/gpu limit.
 * "storage", the standard's name for ephemeral storage, is written as
 * Kubernetes names it, "ephemeral-storage". */
json_t *mcp_resources_of(json_t *res, int server, long long gpus);

/*
 * The standard's values where the spec says nothing (docs/build.md): the
 * inference service's replicaCount, the namespace of its helm install,
 * the gRPC client values and the example client's timeouts.
 */
#define EM_REPLICAS          2
#define EM_NAMESPACE         "mcp-system"
#define EM_GRPC_MAX_RECV     "50Mi"
#define EM_KEEPALIVE_TIME    "30s"
#define EM_KEEPALIVE_TIMEOUT "10s"
#define EM_KEEPALIVE_PERMIT  1
#define EM_TIMEOUT_CONNECT   "1s"
#define EM_TIMEOUT_HEADER    "2s"
#define EM_TIMEOUT_REQUEST   "5s"
#define EM_CONFIG_DEPTH      8 /* the schema's nesting limit of config.values */

/* The inference server's replicas: inference.replicas, else EM_REPLICAS. */
json_int_t mcp_replicas_of(json_t *spec);
/* inference.timeouts: a copy of the spec's block when it has one (only
 * the timeouts it names apply), else the standard's three. */
json_t *mcp_timeouts_of(json_t *spec);

/* Whether Kubernetes creates namespace ns itself (default, kube-system,
 * kube-public, kube-node-lease): mcpc never emits a Namespace for it. */
int mcp_builtin_namespace(const char *ns);

/*
 * config.values flattened as Spring's relaxed binding and .properties
 * files name them: the keys of nested objects joined with '.'
 * ({app: {timeout: 5000}} is app.timeout). One [key, value, pointer]
 * array a leaf, in the spec's order; pointer is the leaf's JSON Pointer
 * in the document. A value nested deeper than EM_CONFIG_DEPTH (which the
 * schema rejects) is a leaf with a null value. NULL when out of memory.
 */
json_t *mcp_config_leaves(json_t *values);
/* The leaves as one object, key -> value (the first of equal keys). */
json_t *mcp_config_flat(json_t *values);

/* The node label naming a node pool on a cloud, or NULL (on-prem). */
const char *mcp_pool_label(const char *cloud);
/* inference.nodePool's entry of spec.nodePools, or NULL. */
json_t *mcp_pool_of(json_t *spec);
json_t *mcp_node_selector(json_t *spec);
/* Whether the server's pool (inference.nodePool) has GPUs. */
int mcp_gpu_pool(json_t *spec);
/* Whether the server gets its pool's nodeSelector and tolerations: a GPU
 * pool's only while inference.gpu.enabled is on (a server without GPUs
 * has no business on, nor tolerating the taints of, GPU nodes). */
int mcp_pool_placement(json_t *spec);
json_t *mcp_tolerations(json_t *spec);
json_t *mcp_pull_secrets(json_t *spec);

/* rollout.timeout in whole seconds, rounded up, from 1 to 2147483647
 * (the field's int32 range); 600 (the Kubernetes default progress
 * deadline) without one. */
long long mcp_rollout_deadline(json_t *spec);
/* rollout.maxParallel: the most Deployments in one sync wave (5). */
json_int_t mcp_rollout_parallel(json_t *spec);
/* The sync wave of the Nth Deployment (0: the server, then the services
 * in the spec's order): 1 + N / maxParallel. Objects the workloads need
 * are in wave 0, those that need the workloads in the last wave + 1. */
json_int_t mcp_rollout_wave(json_t *spec, size_t nth);
/* The wave after the last workload's. */
json_int_t mcp_rollout_last_wave(json_t *spec);
/* Whether the Triton release (inference.version, YY.MM) is yy.mm or later;
 * a version mcpc cannot read counts as too old. */
int mcp_release_at_least(json_t *spec, int yy, int mm);
/* The Fluent Bit parser of the server's log lines: "triton" for the
 * ISO8601 format (--log-format=ISO8601, from 23.01), "triton-default"
 * before. */
const char *mcp_server_parser(json_t *spec);
/* The Fluent Bit parser of the services' log lines (logging.parser). */
const char *mcp_service_parser(json_t *spec);
/* Whether observability.logging.fluentBit is on. */
int mcp_fluent_bit(json_t *spec);

#endif
