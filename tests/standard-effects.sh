#!/bin/sh
# standard-effects.sh: no field is accepted without an effect. For each
# field of rollout, observability.logging, observability.tracing and the
# models' storage, a spec is built with the field changed and the emitted
# manifests.yaml and values.yaml are held to what docs/build.md says the
# field does (grep and awk over the files mcpc build writes).
set -u
BUILD=${BUILD:-build}
. tests/lib.sh

# spec NAME: writes $tmp/NAME.mcp.yaml from standard input, appended to a
# small valid spec (a server with one azure-blob model, the services the
# caller adds under SERVICES, nothing else); the caller's text goes under
# spec: (indented by two spaces already).
# The parts the standard requires (docs/rules.md) follow the caller's
# text: node pools, the registry, the roles, and the gateway and host
# baseline unless the caller gives its own gateway or security block.
spec() {
	cat >"$tmp/$1.body"
	{
		cat <<'EOF'
apiVersion: ai102.mcp/v1
kind: ModelDeployment
metadata:
  name: shop
  namespace: shop
spec:
  target:
    kubernetes: "1.29.4"
    cloud: azure
EOF
		cat "$tmp/$1.body"
		cat <<'EOF'
  nodePools: [{name: gpu, cpu: 8, memory: 32Gi, gpu: {count: 1}}]
  registry: {server: registry.example.com, pullSecret: regcred}
  rbac:
    roles:
      - {name: ops-admin, permissions: [deploy, logs], subjects: [{group: ops-team}]}
      - {name: sec-auditor, permissions: [audit-logs], subjects: [{group: sec-team}]}
EOF
		grep -q '^  gateway:' "$tmp/$1.body" || cat <<'EOF'
  gateway:
    host: shop.example.com
    tls: {secretName: shop-tls}
    auth: {type: oidc, issuer: "https://login.example.com/", audience: shop}
EOF
		grep -q '^  security:' "$tmp/$1.body" || cat <<'EOF'
  security:
    hostBaseline:
      disabledServices: [telnet]
      fileModes: {/etc/passwd: "0644", /etc/shadow: "0400"}
      fileOwners: {/etc/passwd: "root:root", /etc/shadow: "root:root"}
EOF
	} >"$tmp/$1.mcp.yaml"
}

# inference [VERSION]: the inference block with one azure-blob model.
inference() {
	cat <<EOF
  inference:
    version: "${1:-24.05}"
    models:
      - name: ranker
        format: onnx
        storage: {type: azure-blob, uri: "as://acct/models/ranker"}
EOF
}

# five: five microservices (user, auth, order, cart, search).
five() {
	echo "  services:"
	for s in user auth order cart search; do
		echo "    - {name: $s, image: \"registry.example.com/$s:1.0.0\", port: 8080}"
	done
}

# build NAME [ARGS]: mcpc build of $tmp/NAME.mcp.yaml into $tmp/NAME/;
# must succeed. $m and $v name the manifests and values written.
build() {
	n=$1
	shift
	rm -rf "$tmp/$n"
	run 0 build -q "$@" -o "$tmp/$n" "$tmp/$n.mcp.yaml"
	m=$tmp/$n/manifests.yaml
	v=$tmp/$n/values.yaml
	[ -f "$m" ] || m=$tmp/empty
	[ -f "$v" ] || v=$tmp/empty
	: >"$tmp/empty"
}

# refused NAME: the spec is rejected (status 1, nothing written), and
# mcpc check reports the same errors, build's refusals (MCP-BUILD) among
# them: a spec that passes check builds.
refused() {
	rm -rf "$tmp/$1"
	run 1 build -q -o "$tmp/$1" "$tmp/$1.mcp.yaml"
	if [ -e "$tmp/$1/manifests.yaml" ]; then bad "$1: written though refused"; else ok; fi
	grep ': error\[' "$out" >"$tmp/$1.want"
	cp "$out" "$tmp/$1.build"
	run 1 check "$tmp/$1.mcp.yaml"
	if [ -s "$tmp/$1.want" ] && grep ': error\[' "$out" | cmp -s - "$tmp/$1.want"; then ok
	else bad "$1: mcpc check does not report what build refuses"; fi
	cp "$tmp/$1.build" "$out"
}

# count FILE PATTERN N: grep -Ec PATTERN FILE is N.
count() {
	c=$(grep -Ec -- "$2" "$1")
	if [ "$c" -eq "$3" ]; then ok; else bad "$(basename "$1"): /$2/ $c times, expected $3"; fi
}

# waves FILE: "KIND NAME WAVE" for each object, in order.
waves() {
	awk '/^---/ { if (k) print k, n, w; k = n = w = ""; next }
	/^kind: / { k = $2 }
	/^  name: / && !n { n = $2 }
	/argocd.argoproj.io\/sync-wave:/ { w = $2; gsub(/"/, "", w) }
	END { if (k) print k, n, w }' "$1"
}

# wave FILE KIND NAME WANT: the object's sync wave is WANT.
wave() {
	got=$(waves "$1" | awk -v k="$2" -v n="$3" '$1 == k && $2 == n { print $3 }')
	if [ "$got" = "$4" ]; then ok; else bad "$2 $3: sync wave '$got', expected '$4'"; fi
}

# deploy FILE NAME: the Deployment NAME's document.
deploy() {
	awk -v n="$2" '/^---/ { if (d && hit) printf "%s", buf; buf = ""; d = hit = 0; next }
	{ buf = buf $0 "\n" }
	/^kind: Deployment$/ { d = 1 }
	$0 == "  name: " n { hit = 1 }
	END { if (d && hit) printf "%s", buf }' "$1"
}

# ---- rollout.timeout: every Deployment's progressDeadlineSeconds ----

{ inference; five; } | spec t-default
build t-default
deployments=$(grep -c '^kind: Deployment$' "$m")
[ "$deployments" -eq 6 ] && ok || bad "expected 6 Deployments, got $deployments"
# absent: the Kubernetes default, written in (not the standard's 30s)
count "$m" '^  progressDeadlineSeconds: 600$' 6
has "$v" '^  timeout: "600s"$'
has "$v" '^  progressDeadlineSeconds: 600$'

for t in "15s 15" "30s 30" "1500ms 2" "0s 1" "10m 600" "1h 3600" "2m30s 150" "1000000h 2147483647"; do
	set -- $t
	{ inference; five; echo "  rollout: {timeout: $1}"; } | spec t-timeout
	build t-timeout
	count "$m" "^  progressDeadlineSeconds: $2\$" 6
	count "$m" 'progressDeadlineSeconds' 6
	has "$v" "^  timeout: \"$2s\"\$"
	has "$v" "^  progressDeadlineSeconds: $2\$"
done

# ---- rollout.maxParallel: Argo CD sync waves ----

# default 5: the server and four services in wave 1, the fifth in 2
{ inference; five; echo "  rollout: {autoscaling: {maxReplicas: 3}}"; } | spec w-default
build w-default
wave "$m" Deployment shop-triton 1
wave "$m" Deployment cart 1
wave "$m" Deployment search 2
wave "$m" HorizontalPodAutoscaler shop-triton 3
has "$v" '^  maxParallel: 5$'
# what the workloads need comes first
for k in "Namespace shop" "ServiceAccount shop-triton" "ServiceAccount search" \
	"ConfigMap shop-config" "Service search" "NetworkPolicy shop-default-deny" \
	"NetworkPolicy search"; do
	set -- $k
	wave "$m" "$1" "$2" 0
done
# every object has a wave
count "$m" '^kind: ' "$(grep -c 'argocd.argoproj.io/sync-wave: "[0-9]*"$' "$m")"

# 2: two Deployments a wave, in the order emitted
{
	inference
	five
	cat <<'EOF'
  gateway:
    host: shop.example.com
    tls: {secretName: shop-tls}
    auth: {type: mtls, clientCASecret: client-ca}
  observability:
    metrics: {serviceMonitor: true}
  rollout:
    maxParallel: 2
    autoscaling: {minReplicas: 2, maxReplicas: 3}
    disruptionBudget: {minAvailable: 1}
  security:
    networkPolicy: {ingressFrom: [{namespace: ingress-nginx}]}
    hostBaseline:
      disabledServices: [telnet]
      fileModes: {/etc/passwd: "0644", /etc/shadow: "0400"}
      fileOwners: {/etc/passwd: "root:root", /etc/shadow: "root:root"}
EOF
} | sed 's/^    version: .*/    version: "24.05"\n    replicas: 2/' | spec w-two
build w-two
waves "$m" | awk '$1 == "Deployment" { printf "%s=%s ", $2, $3 }' >"$out"
has "$out" '^shop-triton=1 user=1 auth=2 order=2 cart=3 search=3 $'
wave "$m" HorizontalPodAutoscaler shop-triton 4
wave "$m" Ingress shop 4
wave "$m" ServiceMonitor shop-triton 4
wave "$m" PodDisruptionBudget shop-triton 0
has "$v" '^  maxParallel: 2$'
has "$v" '^      search: 3$'
has "$v" '^    dependents: 4$'

# 10 (the standard's tuned value): every Deployment at once
{ inference; five; echo "  rollout: {maxParallel: 10, autoscaling: {maxReplicas: 3}}"; } | spec w-ten
build w-ten
count "$m" 'argocd.argoproj.io/sync-wave: "1"$' 6
wave "$m" HorizontalPodAutoscaler shop-triton 2

# 1: one at a time
{ inference; five; echo "  rollout: {maxParallel: 1}"; } | spec w-one
build w-one
wave "$m" Deployment shop-triton 1
wave "$m" Deployment search 6
has "$v" '^    dependents: 7$'

# ---- observability.logging ----

# fluentBit false: nothing Fluent Bit reads
{ inference; five; echo "  observability: {logging: {fluentBit: false}}"; } | spec l-off
build l-off
hasnt "$m" 'fluentbit.io/'
hasnt "$m" 'mcpc.io/log-'
hasnt "$m" 'log-format'
has "$v" '^  fluentBit:$'
grep -A1 '^  fluentBit:$' "$v" >"$out"
has "$out" '^    enabled: false$'
# parser and destination need fluentBit
{ inference; echo "  observability: {logging: {parser: logfmt}}"; } | spec l-parser-off
refused l-parser-off
{ inference; echo "  observability: {logging: {fluentBit: false, destination: {type: elasticsearch, host: es.logging}}}"; } | spec l-dest-off
refused l-dest-off

# fluentBit true: the Kubernetes filter's annotations on every pod
{ inference; five; echo "  observability: {logging: {fluentBit: true}}"; } | spec l-on
build l-on
count "$m" '^        fluentbit.io/exclude: "false"$' 6
deploy "$m" shop-triton >"$out"
has "$out" '^        fluentbit.io/parser: triton$'
has "$out" '^            - --log-format=ISO8601$'
deploy "$m" user >"$out"
has "$out" '^        fluentbit.io/parser: json$'
hasnt "$out" 'log-format'
hasnt "$m" 'mcpc.io/log-destination'
has "$v" '^      server: triton$'
has "$v" '^      services: json$'

# the services' parser
{ inference; five; echo "  observability: {logging: {fluentBit: true, parser: logfmt}}"; } | spec l-logfmt
build l-logfmt
count "$m" '^        fluentbit.io/parser: logfmt$' 5
count "$m" '^        fluentbit.io/parser: triton$' 1

# a release before 23.01 has no --log-format: the default format's parser
{ inference 22.12; echo "  observability: {logging: {fluentBit: true}}"; } | spec l-old
build l-old
has "$m" '^        fluentbit.io/parser: triton-default$'
hasnt "$m" 'log-format'

# the destination: what Fluent Bit's routing and es output read
{
	inference
	five
	cat <<'EOF'
  observability:
    logging:
      fluentBit: true
      destination: {type: elasticsearch, host: es.logging, port: 9243, index: shop-logs}
EOF
} | spec l-dest
build l-dest
count "$m" '^        mcpc.io/log-destination: elasticsearch://es.logging:9243$' 6
count "$m" '^        mcpc.io/log-index: shop-logs$' 6
grep -A6 '^    destination:$' "$v" >"$out"
has "$out" '^      host: es.logging$'
has "$out" '^      port: 9243$'
has "$out" '^      index: shop-logs$'
has "$out" '^      tls: true$'
# the index defaults to metadata.name
{ inference; echo "  observability: {logging: {fluentBit: true, destination: {type: elasticsearch, host: es.logging}}}"; } | spec l-dest-default
build l-dest-default
has "$m" '^        mcpc.io/log-destination: elasticsearch://es.logging:9200$'
has "$m" '^        mcpc.io/log-index: shop$'

# ---- observability.tracing ----

{ inference; five; } | spec o-off
build o-off
hasnt "$m" 'OTEL_'
hasnt "$m" 'trace-config'
has "$v" '^  enabled: false$'

otel() { # NAME TRACING [VERSION]
	n=$1
	t=$2
	{ inference "${3:-24.05}"; five; echo "  observability: {tracing: $t}"; } | spec "$n"
}
otel o-on '{otlpEndpoint: "http://otel-collector.observability:4317", sampleRatio: 0.25}'
build o-on
for e in OTEL_EXPORTER_OTLP_ENDPOINT OTEL_EXPORTER_OTLP_PROTOCOL OTEL_SERVICE_NAME \
	OTEL_RESOURCE_ATTRIBUTES OTEL_TRACES_EXPORTER OTEL_METRICS_EXPORTER \
	OTEL_LOGS_EXPORTER OTEL_TRACES_SAMPLER OTEL_TRACES_SAMPLER_ARG K8S_POD_NAME K8S_NODE_NAME; do
	count "$m" "^            - name: $e\$" 6
done
grep -A1 'name: OTEL_TRACES_SAMPLER_ARG$' "$m" >"$out"
count "$out" 'value: "0.25"$' 6
grep -A1 'name: OTEL_EXPORTER_OTLP_PROTOCOL$' "$m" >"$out"
count "$out" 'value: grpc$' 6
grep -A1 'name: OTEL_METRICS_EXPORTER$' "$m" >"$out"
count "$out" 'value: otlp$' 6
deploy "$m" user >"$out"
has "$out" 'service.name=user,service.namespace=shop,deployment.environment=default,k8s.namespace.name=shop,k8s.deployment.name=user,k8s.pod.name=\$\(K8S_POD_NAME\),k8s.node.name=\$\(K8S_NODE_NAME\)'
has "$out" 'fieldPath: metadata.name$'
hasnt "$out" 'trace-config'
# Triton's own spans: OTLP/HTTP beside the gRPC endpoint, 1 in 4
deploy "$m" shop-triton >"$out"
has "$out" '^            - --trace-config=mode=opentelemetry$'
has "$out" '^            - --trace-config=level=TIMESTAMPS$'
has "$out" '^            - --trace-config=rate=4$'
has "$out" '^            - --trace-config=opentelemetry,url=http://otel-collector.observability:4318/v1/traces$'
# and the server may reach it
grep -c 'port: 4318$' "$m" >"$out"
has "$out" '^1$'
has "$v" '^  protocol: grpc$'
has "$v" '^  sampleRatio: 0.25$'

# http/protobuf: Triton uses the endpoint itself
otel o-http '{otlpEndpoint: "http://collector.obs:4318/", protocol: http/protobuf, sampleRatio: 0, metrics: false, logs: false}'
build o-http
deploy "$m" shop-triton >"$out"
has "$out" '^            - --trace-config=opentelemetry,url=http://collector.obs:4318/v1/traces$'
has "$out" '^            - --trace-config=rate=0$'
grep -A1 'name: OTEL_EXPORTER_OTLP_PROTOCOL$' "$m" >"$out"
count "$out" 'value: http/protobuf$' 6
grep -A1 'name: OTEL_METRICS_EXPORTER$' "$m" >"$out"
count "$out" 'value: none$' 6
grep -A1 'name: OTEL_LOGS_EXPORTER$' "$m" >"$out"
count "$out" 'value: none$' 6
has "$v" '^  metrics: false$'
has "$v" '^  logs: false$'

# the environment built is the resource's deployment.environment
{
	inference
	echo "  observability: {tracing: {otlpEndpoint: \"http://otel.obs:4317\"}}"
	echo "  environments: {staging: {inference: {replicas: 1}}}"
} | spec o-env
build o-env -e staging
has "$m" 'deployment.environment=staging,'
grep -A1 'name: OTEL_TRACES_SAMPLER_ARG$' "$m" >"$out"
has "$out" 'value: "1"$'
deploy "$m" shop-triton >"$out"
has "$out" 'trace-config=rate=1$'

# a release before 23.04 has no --trace-config: only the variables
otel o-old '{otlpEndpoint: "http://otel.obs:4317"}' 23.03
build o-old
hasnt "$m" 'trace-config'
hasnt "$m" 'port: 4318$'
has "$m" 'name: OTEL_EXPORTER_OTLP_ENDPOINT$'

# ---- the models' storage ----

storage() { # NAME, models from standard input
	{
		cat <<'EOF'
  inference:
    version: "24.05"
    models:
EOF
		cat
	} | spec "$1"
}
# one type: model.storage.type keeps the standard's meaning
storage s-one <<'EOF'
      - {name: a, format: onnx, storage: {type: s3, uri: "s3://models/x/a"}}
      - {name: b, format: onnx, storage: {type: s3, uri: "s3://models/x/b"}}
EOF
build s-one
grep -A4 '^model:$' "$v" >"$out"
has "$out" '^    type: s3$'
lines "$out" 5
hasnt "$m" 'AWS_ACCESS_KEY_ID'
# azure-blob and s3 mixed: each model's own type, each store's credentials
storage s-mixed <<'EOF'
      - {name: a, format: onnx, storage: {type: azure-blob, uri: "as://acct/models/a", credentials: {secretName: blob-key}}}
      - {name: b, format: onnx, storage: {type: s3, uri: "s3://https://minio.example.com:9000/models/x/b", region: eu-west-1, credentials: {secretName: s3-keys}}}
EOF
build s-mixed
grep -A5 '^model:$' "$v" >"$out"
has "$out" '^    type: mixed$'
has "$out" '^      - azure-blob$'
has "$out" '^      - s3$'
has "$v" '^      type: azure-blob$'
has "$v" '^      type: s3$'
has "$m" '^            - --model-repository=as://acct/models$'
has "$m" '^            - --model-repository=s3://https://minio.example.com:9000/models/x$'
grep -A1 'name: AZURE_STORAGE_ACCOUNT$' "$m" >"$out"
has "$out" 'value: acct$'
grep -A4 'name: AZURE_STORAGE_KEY$' "$m" >"$out"
has "$out" 'name: blob-key$'
grep -A4 'name: AWS_SECRET_ACCESS_KEY$' "$m" >"$out"
has "$out" 'name: s3-keys$'
grep -A1 'name: AWS_DEFAULT_REGION$' "$m" >"$out"
has "$out" 'value: eu-west-1$'
# the server reaches the S3-compatible store on its port
has "$m" 'port: 9000$'
# gcs: the key file mounted
storage s-gcs <<'EOF'
      - {name: a, format: onnx, storage: {type: gcs, uri: "gs://vision/models/a", credentials: {secretName: gcs-key}}}
      - {name: b, format: onnx, storage: {type: pvc, claimName: model-repo}}
EOF
build s-gcs
has "$v" '^    type: mixed$'
has "$m" 'secretName: gcs-key$'
grep -A1 'name: GOOGLE_APPLICATION_CREDENTIALS$' "$m" >"$out"
has "$out" 'value: /var/run/secrets/mcpc/gcs/key.json$'
has "$m" 'mountPath: /var/run/secrets/mcpc/gcs$'
has "$m" 'claimName: model-repo$'
# pvc takes no credentials, gcs no region
storage s-pvc-creds <<'EOF'
      - {name: a, format: onnx, storage: {type: pvc, claimName: repo, credentials: {secretName: x}}}
EOF
refused s-pvc-creds
storage s-gcs-region <<'EOF'
      - {name: a, format: onnx, storage: {type: gcs, uri: "gs://vision/models/a", region: us-east-1}}
EOF
refused s-gcs-region

# models of one type that need different values of one variable: the
# server has one of each, so the build refuses (MCP-BUILD-005, at the
# second model's field), and nothing is written
storage s-two-secrets <<'EOF'
      - {name: a, format: onnx, storage: {type: s3, uri: "s3://models/x/a", credentials: {secretName: k1}}}
      - {name: b, format: onnx, storage: {type: s3, uri: "s3://models/x/b", credentials: {secretName: k2}}}
EOF
refused s-two-secrets
has "$out" "s-two-secrets.mcp.yaml:14:103: error\[MCP-BUILD-005\]: models of one storage type need different credentials Secrets \('k1' and 'k2'\)"
storage s-two-regions <<'EOF'
      - {name: a, format: onnx, storage: {type: s3, uri: "s3://models/x/a", region: eu-west-1}}
      - {name: b, format: onnx, storage: {type: s3, uri: "s3://models/x/b", region: us-east-1}}
EOF
refused s-two-regions
has "$out" "error\[MCP-BUILD-005\]: models of one storage type need different regions \('eu-west-1' and 'us-east-1'\)"
storage s-two-accounts <<'EOF'
      - {name: a, format: onnx, storage: {type: azure-blob, uri: "as://acct1/models/a", credentials: {secretName: k}}}
      - {name: b, format: onnx, storage: {type: azure-blob, uri: "as://acct2/models/b", credentials: {secretName: k}}}
EOF
refused s-two-accounts
has "$out" "error\[MCP-BUILD-005\]: models of one storage type need different storage accounts \('acct1' and 'acct2'\)"
# the same Secret and region for both: one set of variables
storage s-same-secret <<'EOF'
      - {name: a, format: onnx, storage: {type: s3, uri: "s3://models/x/a", region: eu-west-1, credentials: {secretName: k1}}}
      - {name: b, format: onnx, storage: {type: s3, uri: "s3://models/y/b", region: eu-west-1, credentials: {secretName: k1}}}
EOF
build s-same-secret
count "$m" 'name: AWS_ACCESS_KEY_ID$' 1
count "$m" 'name: AWS_DEFAULT_REGION$' 1

# pvc models on one claim: one volume and one mount (a container's mount
# paths must be unique), each model its own repository
storage s-one-claim <<'EOF'
      - {name: a, format: onnx, storage: {type: pvc, claimName: repo, subPath: x/a}}
      - {name: b, format: onnx, storage: {type: pvc, claimName: repo}}
      - {name: c, format: onnx, storage: {type: pvc, claimName: other}}
EOF
build s-one-claim
count "$m" '^              mountPath: /models/repo$' 1
count "$m" '^            claimName: repo$' 1
count "$m" '^              mountPath: /models/other$' 1
count "$m" '--model-repository=/models/repo(/x/a)?$' 2

# ---- inference.gpu.enabled: the GPU pool's placement goes with the GPUs ----

for g in true false; do
	spec "g-$g" <<EOF
  inference:
    version: "24.05"
    nodePool: gpu
    gpu: {enabled: $g}
    models:
      - name: ranker
        format: onnx
        storage: {type: azure-blob, uri: "as://acct/models/ranker"}
EOF
	build "g-$g"
	deploy "$m" shop-triton >"$tmp/g-$g.server"
	# the values keep the pool's placement under gpu: on again, back
	has "$v" '^  nodeSelector:$'
	has "$v" '^    kubernetes.azure.com/agentpool: gpu$'
done
has "$tmp/g-true.server" '^        kubernetes.azure.com/agentpool: gpu$'
has "$tmp/g-true.server" 'nvidia.com/gpu: 1$'
hasnt "$tmp/g-false.server" 'agentpool'
hasnt "$tmp/g-false.server" 'nvidia.com/gpu'
has "$tmp/g-false.server" '^      nodeSelector: [{][}]$'

# every spec built here: the values meet their schema, the objects the
# Kubernetes field table
for d in "$tmp"/*/; do
	[ -f "$d/manifests.yaml" ] || continue
	run 0 validate --schema schema/values.schema.json "$d/values.yaml"
	run 0 validate --schema tests/k8s/objects.schema.json "$d/manifests.yaml"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
