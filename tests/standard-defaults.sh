#!/bin/sh
# standard-defaults.sh: what mcpc build emits where a spec leaves out what
# the MCP AI-102 standard gives a value for (docs/build.md, "The
# standard's defaults"): two inference replicas, the mcp-system namespace,
# the gRPC client values, the example client's timeouts; and the fields
# the standard writes its own way: storage as ephemeral-storage, nested
# Spring configuration flattened, hot reload that rolls no pods for a
# value the config centre delivers at run time.
set -u
BUILD=${BUILD:-build}
. tests/lib.sh

# spec NAME [SED-SCRIPT]: $tmp/NAME.mcp.yaml, the base spec below edited
# by SED-SCRIPT (each @@ line a place to add fields at).
spec() {
	cat >"$tmp/$1.base" <<'SPEC'
apiVersion: ai102.mcp/v1
kind: ModelDeployment
metadata:
  name: std
  #@@metadata
spec:
  target: {kubernetes: "1.29.4", helm: "3.14.2", cloud: azure}
  inference:
    version: "24.05"
    models:
      - name: bert
        format: onnx
        storage: {type: azure-blob, uri: "as://acct/models/bert"}
    #@@inference
  gateway:
    host: ai.example.com
    tls: {secretName: ai-tls}
    auth: {type: jwt, issuer: "https://login.example.com/", audience: std, jwksUri: "https://login.example.com/jwks.json"}
  services:
    - name: user
      image: registry.example.com/user:1.4.2
      port: 8080
      #@@service
  #@@spec
  nodePools: [{name: gpu, cpu: 8, memory: 32Gi, gpu: {count: 1}}]
  registry: {server: registry.example.com, pullSecret: regcred}
  security:
    hostBaseline:
      disabledServices: [telnet]
      fileModes: {/etc/passwd: "0644", /etc/shadow: "0400"}
      fileOwners: {/etc/passwd: "root:root", /etc/shadow: "root:root"}
  rbac:
    roles:
      - {name: ops-admin, permissions: [deploy, logs], subjects: [{group: ops-team}]}
      - {name: sec-auditor, permissions: [audit-logs], subjects: [{group: sec-team}]}
SPEC
	sed "${2:-}" "$tmp/$1.base" >"$tmp/$1.mcp.yaml"
}
# build NAME: build $tmp/NAME.mcp.yaml into $tmp/NAME/ (status 0).
build() { run 0 build -q -o "$tmp/$1" "$tmp/$1.mcp.yaml"; }
# docs FILE KIND: the documents of that kind in a multi-document FILE.
docs() {
	awk -v kind="kind: $2" '/^---$/ { if (keep) printf "%s", doc; doc = ""; keep = 0 }
		{ doc = doc $0 "\n" } $0 == kind { keep = 1 }
		END { if (keep) printf "%s", doc }' "$1"
}
# valid NAME: its values.yaml meets the values schema, its objects the
# Kubernetes API table.
valid() {
	run 0 validate --schema schema/values.schema.json "$tmp/$1/values.yaml"
	run 0 validate --schema tests/k8s/objects.schema.json "$tmp/$1/manifests.yaml"
}

# --- 1. replicas: the server 2 (replicaCount), a service keeps 1 ----------
spec plain
build plain
m=$tmp/plain/manifests.yaml
docs "$m" Deployment >"$tmp/deps"
has "$tmp/deps" '^  name: std-triton$'
awk '/^  name: std-triton$/ { s = 1 } s && /^  replicas:/ { print; exit }' "$tmp/deps" >"$out"
has "$out" '^  replicas: 2$'
awk '/^  name: user$/ { s = 1 } s && /^  replicas:/ { print; exit }' "$tmp/deps" >"$out"
has "$out" '^  replicas: 1$'
has "$tmp/deps" 'podAntiAffinity'
has "$tmp/plain/values.yaml" '^replicaCount: 2$'
has "$tmp/plain/values.yaml" '^    replicaCount: 1$'
valid plain

# --- 2. the namespace: mcp-system, created; never a built-in one ---------
docs "$m" Namespace >"$out"
has "$out" '^  name: mcp-system$'
hasnt "$m" '^  namespace: default$'
has "$m" '^  namespace: mcp-system$'
has "$tmp/plain/values.yaml" '^namespace: mcp-system$'
for ns in default kube-system kube-public kube-node-lease; do
	spec "ns-$ns" "s/#@@metadata/namespace: $ns/"
	build "ns-$ns"
	hasnt "$tmp/ns-$ns/manifests.yaml" '^kind: Namespace$'
	has "$tmp/ns-$ns/manifests.yaml" "^  namespace: $ns\$"
	has "$tmp/ns-$ns/values.yaml" "^namespace: $ns\$"
done
spec ns-team 's/#@@metadata/namespace: team-a/'
build ns-team
docs "$tmp/ns-team/manifests.yaml" Namespace >"$out"
has "$out" '^  name: team-a$'

# --- 3. timeouts: the standard's three without a block; a block's own ----
docs "$m" Ingress >"$out"
has "$out" 'proxy-connect-timeout: "1"$'
has "$out" 'proxy-read-timeout: "5"$'
has "$out" 'proxy-send-timeout: "5"$'
awk '/^timeouts:/ { s = 1; print; next } s && /^  / { print; next } { s = 0 }' "$tmp/plain/values.yaml" >"$out"
has "$out" '^  connect: "1s"$'
has "$out" '^  responseHeader: "2s"$'
has "$out" '^  request: "5s"$'
spec tmo 's/#@@inference/timeouts: {connect: 3s}/'
build tmo
docs "$tmp/tmo/manifests.yaml" Ingress >"$out"
has "$out" 'proxy-connect-timeout: "3"$'
hasnt "$out" 'proxy-read-timeout|proxy-send-timeout'
awk '/^timeouts:/ { s = 1; print; next } s && /^  / { print; next } { s = 0 }' "$tmp/tmo/values.yaml" >"$out"
has "$out" '^  connect: "3s"$'
hasnt "$out" 'request|responseHeader'
valid tmo

# --- 4. gRPC: the standard's client values, field by field ---------------
docs "$m" Deployment >"$out"
has "$out" '^            - --grpc-keepalive-time=30000$'
has "$out" '^            - --grpc-keepalive-timeout=10000$'
has "$out" '^            - --grpc-keepalive-permit-without-calls=true$'
has "$out" '^            - --grpc-http2-min-recv-ping-interval-without-data=30000$'
# Triton has no option for the message size: nothing invented
hasnt "$out" 'message-size|max-message|max-recv'
docs "$m" Ingress >"$out"
has "$out" 'proxy-body-size: "52428800"$'
has "$tmp/plain/values.yaml" '^  maxRecvMessageSize: 52428800$'
has "$tmp/plain/values.yaml" '^    time: "30s"$'
has "$tmp/plain/values.yaml" '^    timeout: "10s"$'
has "$tmp/plain/values.yaml" '^    permitWithoutStream: true$'
spec grpc 's/#@@inference/grpc: {maxRecvMessageSize: 8Mi, keepalive: {time: 10m}}/'
build grpc
docs "$tmp/grpc/manifests.yaml" Deployment >"$out"
has "$out" '--grpc-keepalive-time=600000$'
has "$out" '--grpc-keepalive-timeout=10000$'
has "$out" '--grpc-keepalive-permit-without-calls=true$'
has "$out" '--grpc-http2-min-recv-ping-interval-without-data=600000$'
docs "$tmp/grpc/manifests.yaml" Ingress >"$out"
has "$out" 'proxy-body-size: "8388608"$'
spec nopermit 's/#@@inference/grpc: {keepalive: {time: 10m, permitWithoutStream: false}}/'
build nopermit
hasnt "$tmp/nopermit/manifests.yaml" 'permit-without-calls|min-recv-ping-interval'
has "$tmp/nopermit/values.yaml" '^    permitWithoutStream: false$'

# --- 5. ephemeral storage: storage is the standard's name for it ---------
spec eph 's/#@@inference/resources: {requests: {cpu: "4", memory: 8Gi, storage: 500Gi}, limits: {memory: 16Gi, ephemeral-storage: 600Gi}}/; s/#@@service/resources: {requests: {cpu: 100m, memory: 128Mi, ephemeral-storage: 1Gi}, limits: {memory: 256Mi, storage: 2Gi}}/'
build eph
docs "$tmp/eph/manifests.yaml" Deployment >"$out"
has "$out" '^              ephemeral-storage: "500Gi"$'
has "$out" '^              ephemeral-storage: "600Gi"$'
has "$out" '^              ephemeral-storage: "1Gi"$'
has "$out" '^              ephemeral-storage: "2Gi"$'
hasnt "$out" '^ *storage:'
has "$tmp/eph/values.yaml" '^    ephemeral-storage: "500Gi"$'
hasnt "$tmp/eph/values.yaml" '^ *storage: "[0-9]'
valid eph
spec both 's/#@@inference/resources: {requests: {cpu: "4", memory: 8Gi, storage: 500Gi, ephemeral-storage: 500Gi}, limits: {memory: 16Gi}}/'
run 1 check "$tmp/both.mcp.yaml"
has "$out" "both.mcp.yaml:14:67: error\\[MCP-SCHEMA-005\\]: spec.inference.resources.requests.ephemeral-storage: .*storage is the standard's name for ephemeral-storage, so a list gives one of the two"
run 1 build -o "$tmp/both" "$tmp/both.mcp.yaml"
if [ -e "$tmp/both" ]; then bad "a refused build wrote $tmp/both"; else ok; fi

# --- 6. nested configuration, flattened as Spring binds it ---------------
for center in configmap nacos; do
	nacos=
	[ $center = nacos ] && nacos=', nacos: {server: "nacos.mcp-system:8848", dataId: std.yaml}'
	spec "cfg-$center" "s/#@@spec/config: {center: $center$nacos, values: {app: {feature-toggle: true, timeout: 5000, ratio: 0.1, factor: 2.0, db: {pool: {max-size: 8}}}, region: eu}}/"
	build "cfg-$center"
	docs "$tmp/cfg-$center/manifests.yaml" ConfigMap >"$out"
	has "$out" '^  app.feature-toggle: "true"$'
	has "$out" '^  app.timeout: "5000"$'
	has "$out" '^  app.db.pool.max-size: "8"$'
	has "$out" '^  app.ratio: "0.1"$'
	has "$out" '^  app.factor: "2.0"$'
	has "$out" '^  region: eu$'
	hasnt "$out" '^  app:'
	has "$tmp/cfg-$center/values.yaml" '^    app.feature-toggle: "true"$'
	has "$tmp/cfg-$center/values.yaml" '^    app.timeout: "5000"$'
	valid "cfg-$center"
done
# a flattened key that a dotted key gives too: both places
spec clash 's/#@@spec/config:\n    center: configmap\n    values:\n      app: {timeout: 5000}\n      app.timeout: 3000/'
run 1 build -o "$tmp/clash" "$tmp/clash.mcp.yaml"
has "$out" "^$tmp/clash.mcp.yaml:28:20: error\\[MCP-BUILD-004\\]: config key 'app.timeout' is given twice: /spec/config/values/app/timeout and /spec/config/values/app.timeout flatten to the same ConfigMap key"
has "$out" "^$tmp/clash.mcp.yaml:27:22: note: the same key, here"
if [ -e "$tmp/clash" ]; then bad "a refused build wrote $tmp/clash"; else ok; fi
# a key mcpc writes itself
spec own 's/#@@spec/config: {center: configmap, values: {LOG_LEVEL: DEBUG}}/'
run 1 build -o "$tmp/own" "$tmp/own.mcp.yaml"
has "$out" "error\\[MCP-BUILD-004\\]: config key 'LOG_LEVEL' is a key mcpc writes into the ConfigMap itself"
# past a ConfigMap key's 253 characters once flattened
k=$(printf 'k%.0s' $(seq 1 200))
spec long "s/#@@spec/config: {center: configmap, values: {$k: {$k: x}}}/"
run 1 build -o "$tmp/long" "$tmp/long.mcp.yaml"
has "$out" 'error\[MCP-BUILD-004\]: config key .* is 401 characters once flattened; a ConfigMap key has at most 253'
# mcpc check reports what build refuses, with the same finding, and so
# does every environment that brings a refusal of its own
for n in clash own long; do
	run 1 build -o "$tmp/$n" "$tmp/$n.mcp.yaml"; cp "$out" "$tmp/$n.build"
	run 1 check "$tmp/$n.mcp.yaml"
	grep 'MCP-BUILD-004' "$tmp/$n.build" >"$tmp/$n.want"
	if grep 'MCP-BUILD-004' "$out" | cmp -s - "$tmp/$n.want" && [ -s "$tmp/$n.want" ]; then ok
	else bad "$n: mcpc check does not report build's MCP-BUILD-004 findings"; fi
done
spec envown 's/#@@spec/config: {center: configmap, values: {a: 1}}\n  environments: {prod: {config: {values: {LOG_LEVEL: DEBUG}}}}/'
run 1 check "$tmp/envown.mcp.yaml"
has "$out" "error\\[MCP-BUILD-004\\]: environment prod: config key 'LOG_LEVEL' is a key mcpc writes into the ConfigMap itself"
run 0 build -o "$tmp/envown" "$tmp/envown.mcp.yaml"
run 1 build -e prod -o "$tmp/envown-prod" "$tmp/envown.mcp.yaml"
has "$out" "error\\[MCP-BUILD-004\\]: .*config key 'LOG_LEVEL'"
# eight keys deep at most, and no empty object
spec deep 's/#@@spec/config: {center: configmap, values: {a: {b: {c: {d: {e: {f: {g: {h: 1}}}}}}}}}/'
run 0 check "$tmp/deep.mcp.yaml"
spec deeper 's/#@@spec/config: {center: configmap, values: {a: {b: {c: {d: {e: {f: {g: {h: {i: 1}}}}}}}}}}/'
run 1 check "$tmp/deeper.mcp.yaml"
has "$out" 'error\[MCP-SCHEMA-002\]: spec.config.values.a.b.c.d.e.f.g.h: expected boolean, number or string, got object'
spec empty 's/#@@spec/config: {center: configmap, values: {app: {}}}/'
run 1 check "$tmp/empty.mcp.yaml"
has "$out" 'spec.config.values.app: 0 properties, at least 1 required'

# --- 7. hot reload: a run-time value rolls no pod ------------------------
# hot SED: rebuild $tmp/hot/hot.mcp.yaml (always the same path) edited by
# SED into $tmp/hot/OUT; deps OUT: its pod templates.
hot() {
	mkdir -p "$tmp/hot"
	sed "$2" "$tmp/hot.base" >"$tmp/hot/hot.mcp.yaml"
	run 0 build -q -o "$tmp/hot/$1" "$tmp/hot/hot.mcp.yaml"
	docs "$tmp/hot/$1/manifests.yaml" Deployment >"$tmp/hot/$1.deps"
}
for reload in true false; do
	for center in configmap nacos; do
		nacos=
		[ $center = nacos ] && nacos=', nacos: {server: "nacos.mcp-system:8848", dataId: std.yaml}'
		spec hot "s/#@@spec/config: {center: $center$nacos, hotReload: $reload, values: {app: {timeout: 5000}}}/"
		cp "$tmp/hot.mcp.yaml" "$tmp/hot.base"
		hot a ''
		has "$tmp/hot/a.deps" 'mcpc.io/config-hash: '
		hot b 's/timeout: 5000/timeout: 6000/'
		has "$tmp/hot/b/manifests.yaml" '^  app.timeout: "6000"$'
		if [ $reload = true ]; then
			same "$tmp/hot/a.deps" "$tmp/hot/b.deps" "hotReload true, $center: a config value changed the Deployments"
		elif cmp -s "$tmp/hot/a.deps" "$tmp/hot/b.deps"; then
			bad "hotReload false, $center: a config value left the config hash as it was"
		else
			ok
			diff "$tmp/hot/a.deps" "$tmp/hot/b.deps" | grep '^[<>]' | grep -v 'mcpc.io/config-hash' >"$out"
			lines "$out" 0
		fi
		# what a pod reads at start rolls it either way: the log level
		hot c 's/^  config: .*/&\n  observability: {logLevel: WARN}/'
		if cmp -s "$tmp/hot/a.deps" "$tmp/hot/c.deps"; then
			bad "hotReload $reload, $center: a log level change rolled no pod"
		else ok; fi
	done
	# the Nacos server, namespace, group and data id roll the pods too
	for change in 's/nacos.mcp-system:8848/nacos2.mcp-system:8848/' \
		's/dataId: std.yaml/dataId: std2.yaml/' \
		's/dataId: std.yaml/&, group: G2/' \
		's/dataId: std.yaml/&, namespace: ns2/'; do
		hot d "$change"
		diff "$tmp/hot/a.deps" "$tmp/hot/d.deps" | grep '^[<>]' >"$out"
		has "$out" 'mcpc.io/config-hash'
		grep -v 'mcpc.io/config-hash' "$out" >"$err"
		lines "$err" 0
	done
done
# the same spec built from another path: the same hash
mkdir -p "$tmp/elsewhere"
cp "$tmp/plain.mcp.yaml" "$tmp/elsewhere/other-name.mcp.yaml"
run 0 build -q -o "$tmp/elsewhere/out" "$tmp/elsewhere/other-name.mcp.yaml"
grep 'mcpc.io/config-hash' "$tmp/plain/manifests.yaml" >"$tmp/h1"
grep 'mcpc.io/config-hash' "$tmp/elsewhere/out/manifests.yaml" >"$tmp/h2"
same "$tmp/h1" "$tmp/h2" "the config hash depends on the spec's path"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
