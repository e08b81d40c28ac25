#!/bin/sh
# chart.sh: the Helm chart (charts/mcp-ai102) renders what mcpc build
# emits. Rendered with each golden build's values.yaml (fixtures/build/,
# cases.txt), the chart gives the objects of that build's manifests.yaml,
# compared as parsed objects (tests/chart.py: keyed by apiVersion, kind,
# namespace and name, each deep-equal), the intended differences aside;
# each of the standard's --set parameters changes the objects as the
# matching change of the spec changes mcpc build; the chart's defaults
# are mcpc's for a spec that says nothing more than the standard asks
# (fixtures/chart/); its schema is the one mcpc build writes, its README
# is what scripts/chart-readme.py writes, Chart.yaml agrees with the
# project, and it refuses what mcpc build refuses.
#
# The renderer is tests/helm-render (built by tests/helm-render.sh into
# $BUILD/tests/helm-render; HELM_RENDER names another binary with its
# command line). The last line is "N passed, N failed", or
# "chart: skipped: ..." when the renderer cannot be built.
set -u
BUILD=${BUILD:-build}
. tests/lib.sh

CHART=charts/mcp-ai102
RENDER=${HELM_RENDER:-$BUILD/tests/helm-render}
if [ ! -x "$RENDER" ] && [ -z "${HELM_RENDER:-}" ] && [ -f tests/helm-render.sh ]; then
	BUILD=$BUILD sh tests/helm-render.sh >"$tmp/helm-render.log" 2>&1
fi
if [ ! -x "$RENDER" ]; then
	why="no tests/helm-render.sh"
	[ -f "$tmp/helm-render.log" ] && why=$(tail -1 "$tmp/helm-render.log")
	echo "chart: skipped: the Helm renderer $RENDER cannot be built ($why)"
	exit 0
fi
if ! python3 -c 'import yaml' >/dev/null 2>&1; then
	echo "FAIL: python3 with PyYAML is missing (scripts/deps.sh installs python3-yaml)"
	echo "0 passed, 1 failed"
	exit 1
fi

# render FILE ARGS...: the chart rendered into FILE; the status is kept
# in $rs, the messages in $err.
render() {
	_to=$1
	shift
	"$RENDER" template "$CHART" "$@" >"$_to" 2>"$err"
	rs=$?
}
# rendered FILE ARGS...: render must succeed.
rendered() {
	render "$@"
	if [ "$rs" -eq 0 ]; then ok; else bad "render ${*#* } exited $rs"; fi
}
# refused PATTERN ARGS...: render must fail, saying PATTERN.
refused() {
	_say=$1
	shift
	render "$tmp/refused.yaml" "$@"
	if [ "$rs" -ne 0 ] && grep -Eq -- "$_say" "$err"; then ok
	else bad "render $* exited $rs, expected a refusal saying /$_say/"; fi
}
# equal EXPECTED RENDERED WHAT: the two streams must hold the same
# objects; differ A B WHAT: they must not. Both are queued (the files kept)
# and compared at the end by one tests/chart.py.
n=0
keep() { n=$((n + 1)); cp "$2" "$tmp/cmp-$n-a.yaml" || : >"$tmp/cmp-$n-a.yaml"
	cp "$3" "$tmp/cmp-$n-b.yaml" || : >"$tmp/cmp-$n-b.yaml"
	printf '%s\t%s\t%s\t%s\n' "$1" "$tmp/cmp-$n-a.yaml" "$tmp/cmp-$n-b.yaml" "$4" >>"$tmp/pairs"; }
equal() { keep same "$@"; }
differ() { keep differ "$@"; }
: >"$tmp/pairs"
# valid FILE: every object meets the Kubernetes field table.
valid() {
	run 0 validate --schema tests/k8s/objects.schema.json "$1"
}
# val KEY FILE: a top-level scalar of a values file.
val() { sed -n "s/^$1: //p" "$2" | head -1; }

# ---- every golden build: the chart renders its manifests.yaml ----

ncases=0
while read -r spec env; do
	case "$spec" in '' | '#'*) continue ;; esac
	dir=fixtures/build/$(basename "$spec" .mcp.yaml)/${env:-default}
	v=$dir/values.yaml
	rendered "$tmp/case.yaml" -f "$v" --name "$(val nameOverride "$v")" \
		--namespace "$(val namespace "$v")"
	equal "$dir/manifests.yaml" "$tmp/case.yaml" "$dir"
	ncases=$((ncases + 1))
done <fixtures/build/cases.txt
[ "$ncases" -ge 12 ] && ok || bad "only $ncases cases in fixtures/build/cases.txt"

# ---- every fixture spec and environment that builds, golden or not ----

python3 tests/chart.py envs $(find fixtures/specs fixtures/chart -name '*.mcp.yaml' | LC_ALL=C sort) >"$tmp/envs"
nb=0
nvalid=0
while read -r spec env; do
	nb=$((nb + 1))
	o=$tmp/all/$nb
	"$MCPC" build -q -o "$o" ${env:+-e "$env"} "$spec" >"$out" 2>&1 || continue
	case "$spec" in fixtures/specs/valid/*) nvalid=$((nvalid + 1)) ;; esac
	rendered "$o.yaml" -f "$o/values.yaml" --name "$(val nameOverride "$o/values.yaml")" \
		--namespace "$(val namespace "$o/values.yaml")"
	equal "$o/manifests.yaml" "$o.yaml" "$spec ${env:-(no environment)}"
done <"$tmp/envs"
# every valid fixture builds, in each of its environments
nv=$(grep -c '^fixtures/specs/valid/' "$tmp/envs")
[ "$nvalid" -eq "$nv" ] && ok || bad "$nvalid of the $nv valid fixtures' builds succeed"

# ---- what the goldens leave out: every store with credentials, OTLP/HTTP,
# Fluent Bit's destination, mTLS, a pool without GPUs, Istio without
# metrics, no config block (fixtures/chart/, their headers say) ----

for x in stores plain; do
	run 0 build -q -o "$tmp/x-$x" "fixtures/chart/$x.mcp.yaml"
	v=$tmp/x-$x/values.yaml
	rendered "$tmp/x-$x.yaml" -f "$v" --name "$(val nameOverride "$v")" --namespace "$(val namespace "$v")"
	equal "$tmp/x-$x/manifests.yaml" "$tmp/x-$x.yaml" "fixtures/chart/$x.mcp.yaml"
done

# ---- the standard's --set parameters, against the spec change ----

# Each change in a copy of the fixture specs, so that the changed spec
# has the path (and so the source annotations) of the original, and its
# dependency files.
base=fixtures/specs/valid/fraud-scoring.mcp.yaml
bv=fixtures/build/fraud-scoring/default/values.yaml
rendered "$tmp/plain.yaml" -f "$bv" --name fraud-scoring --namespace mcp-system
twins="replicaCount=3:replicas=3 replicaCount=1:replicas=1 logLevel=DEBUG:logLevel=DEBUG
metrics.enabled=false:metrics=off gpu.enabled=false:gpu=off
model.storage.type=s3:storage=s3 model.storage.type=gcs:storage=gcs"
args=""
i=0
for t in $twins; do
	i=$((i + 1))
	mkdir -p "$tmp/w$i/fixtures/specs"
	cp -R fixtures/specs/valid "$tmp/w$i/fixtures/specs/"
	args="$args $tmp/w$i/$base ${t#*:}"
done
# shellcheck disable=SC2086 # the pairs are words
if python3 tests/chart.py variant $args; then ok; else bad "the spec variants"; fi
# the chart with --set SET gives what mcpc build gives for the spec with
# the matching change, and not what it gave before
i=0
for t in $twins; do
	i=$((i + 1))
	if (cd "$tmp/w$i" && "$MCPC" build -q -o out "$base") >"$out" 2>"$err"; then ok
	else bad "mcpc build of the spec's ${t#*:}"; fi
	rendered "$tmp/set.yaml" -f "$bv" --set "${t%%:*}" --name fraud-scoring --namespace mcp-system
	equal "$tmp/w$i/out/manifests.yaml" "$tmp/set.yaml" "--set ${t%%:*} against the spec's ${t#*:}"
	differ "$tmp/plain.yaml" "$tmp/set.yaml" "--set ${t%%:*}"
	cat "$tmp/set.yaml" >>"$tmp/sets.yaml"
done
valid "$tmp/sets.yaml"
# what each one changes, as a Helm user reads its name
grep -q 'nvidia.com/gpu' "$tmp/plain.yaml" && ok || bad "no GPU limit to remove"
render "$tmp/gpu.yaml" -f "$bv" --set gpu.enabled=false --name fraud-scoring --namespace mcp-system
hasnt "$tmp/gpu.yaml" 'nvidia.com/gpu|kubernetes.azure.com/agentpool|key: nvidia.com/gpu'
render "$tmp/s3.yaml" -f "$bv" --set model.storage.type=s3 --name fraud-scoring --namespace mcp-system
has "$tmp/s3.yaml" -- '--model-repository=s3://acct/models$'
render "$tmp/log.yaml" -f "$bv" --set logLevel=DEBUG --name fraud-scoring --namespace mcp-system
has "$tmp/log.yaml" -- '--log-verbose=1'
has "$tmp/log.yaml" '^  LOG_LEVEL: DEBUG$'

# ---- the chart's defaults are mcpc's ----

run 0 build -q -o "$tmp/std" fixtures/chart/standard.mcp.yaml
rendered "$tmp/std.yaml" -f fixtures/chart/standard.values.yaml --name mcp-ai102 --namespace mcp-system
equal "$tmp/std/manifests.yaml" "$tmp/std.yaml" "the defaults with fixtures/chart/standard.values.yaml"
rendered "$tmp/defaults.yaml" --name mcp-ai102 --namespace mcp-system
valid "$tmp/defaults.yaml"
"$RENDER" lint "$CHART" >"$out" 2>&1 && ok || bad "the chart does not lint"
hasnt "$out" '^\[(ERROR|WARNING)\]'
if python3 tests/chart.py meta "$CHART" rules/compat/matrix.yaml include/mcpc/mcpc.h rules/rbac/permissions.yaml >"$out" 2>&1; then ok
else bad "Chart.yaml or the defaults disagree with the project"; fi
# every fixture's target release is one the chart installs on
kv=$(sed -n 's/^kubeVersion: "\(.*\)"$/\1/p' "$CHART/Chart.yaml")
for k in $(sed -n 's/^    kubernetes: "\(.*\)"$/\1/p' fixtures/specs/valid/*.mcp.yaml | sort -u); do
	run 0 version-match --scheme helm "$k" "$kv"
done
run 1 version-match --scheme helm 1.19.16 "$kv"
run 1 version-match --scheme helm 1.36.0 "$kv"
refused 'requires kubeVersion' --kube-version 1.19.16
refused 'requires kubeVersion' --kube-version 1.36.0
rendered "$tmp/gke.yaml" --kube-version v1.29.4-gke.100

# ---- the README's helm install line, on the spec mcpc init writes ----

awk '$0 == "<!-- helm -->" { on = 1; next } on && /^```sh/ { inside = 1; next }
	inside && /^```/ { exit } inside { print }' README.md >"$tmp/helm.sh"
# shellcheck disable=SC2046 # the line's words
set -- $(cat "$tmp/helm.sh")
if [ "$#" -eq 9 ] && [ "$1 $2 $5 $7 $9" = "helm install -f -n --create-namespace" ] &&
	[ "$4" = "./$CHART" ] && [ "$6" = out/NAME/ENV/values.yaml ]; then ok
else bad "README.md's helm line is not helm install RELEASE ./$CHART -f out/NAME/ENV/values.yaml -n NS --create-namespace: $*"; fi
run 0 init --cloud aws "$tmp/demo-app"
if (cd "$tmp/demo-app" && "$MCPC" build -q -e prod inference.mcp.yaml) >"$out" 2>"$err"; then ok
else bad "mcpc build of the spec mcpc init wrote"; fi
rendered "$tmp/helm.yaml" --name "$3" -f "$tmp/demo-app/out/sentiment/prod/values.yaml" --namespace "$8"
equal "$tmp/demo-app/out/sentiment/prod/manifests.yaml" "$tmp/helm.yaml" "README.md's helm install"

# ---- one schema, one README ----

same schema/values.schema.json "$CHART/values.schema.json" \
	"$CHART/values.schema.json is not schema/values.schema.json (run make docs)"
same fixtures/build/smallest/default/values.schema.json "$CHART/values.schema.json" \
	"the chart's schema is not the one mcpc build writes"
python3 scripts/chart-readme.py "$CHART" >"$tmp/README.md"
same "$tmp/README.md" "$CHART/README.md" "$CHART/README.md is stale (run make docs)"
# every parameter of the schema has its row
for p in replicaCount logLevel metrics.enabled gpu.enabled model.storage.type \
	rbac.permissions services[].env[].value timeouts.connect resources.limits.cpu; do
	if grep -qF "| \`$p\` |" "$CHART/README.md"; then ok; else bad "no row for $p in $CHART/README.md"; fi
done

# ---- refusals: what mcpc build or Helm's schema check refuses ----

# values built for one namespace, installed in another
refused 'these values are for namespace mcp-system' -f "$bv" --name fraud-scoring --namespace other
# the issue's examples: Helm itself refuses them, by the schema
refused 'replicaCount' -f "$bv" --set replicaCount=-1 --namespace mcp-system
refused 'logLevel' -f "$bv" --set logLevel=verbose --namespace mcp-system
# the autoscaler and the budget need their API versions (MCP-BUILD-001)
refused 'no autoscaling/v2 HorizontalPodAutoscaler' -f "$bv" --namespace mcp-system --kube-version 1.22.0
refused 'no policy/v1 PodDisruptionBudget' -f "$bv" --namespace mcp-system --kube-version 1.20.0 \
	--set rollout.autoscaling.enabled=false
rendered "$tmp/k23.yaml" -f "$bv" --namespace mcp-system --kube-version 1.23.0
# models of one store with two Secrets (MCP-BUILD-005)
cat >"$tmp/two.yaml" <<'EOF'
models:
  - {name: a, format: onnx, storage: {type: s3, uri: "s3://models/x/a", credentials: {secretName: k1}}}
  - {name: b, format: onnx, storage: {type: s3, uri: "s3://models/y/b", credentials: {secretName: k2}}}
EOF
refused "need different credentials Secrets \('k1' and 'k2'\)" -f "$bv" -f "$tmp/two.yaml" --namespace mcp-system
# a key the chart writes itself (MCP-BUILD-004)
refused 'LOG_LEVEL is a key the chart writes' -f "$bv" --set config.values.LOG_LEVEL=x --namespace mcp-system
# a permission no map entry explains, and one that explains twice
cat >"$tmp/perm.yaml" <<'EOF'
rbac:
  roles:
    - {name: ops, permissions: [deploy, nope], subjects: [{group: ops}]}
EOF
refused 'permission nope is not in rbac.permissions' -f "$bv" -f "$tmp/perm.yaml" --namespace mcp-system
refused 'names both rules and a clusterRole' -f "$bv" --set rbac.permissions.deploy.clusterRole=admin --namespace mcp-system
# model.storage.type pvc needs claims
refused 'names no storage.claimName' -f "$bv" --set model.storage.type=pvc --namespace mcp-system

# ---- mcpc chart and build --chart: the chart built into mcpc ----

run 0 chart -q "$tmp/emb"
if diff -r -x .mcpc-build "$CHART" "$tmp/emb" >"$out" 2>&1; then ok
else bad "mcpc chart did not write $CHART as it is: $(head -5 "$out")"; fi
has "$tmp/emb/.helmignore" '^\.mcpc-build$'
rendered "$tmp/emb.yaml" -f "$bv" --name fraud-scoring --namespace mcp-system
equal fixtures/build/fraud-scoring/default/manifests.yaml "$tmp/emb.yaml" "mcpc chart's chart"
run 0 chart -q "$tmp/emb"                          # its own folder: replaced
# a file planted in a folder it wrote, a folder of the user's, a link: refused, left
echo planted >"$tmp/emb/templates/extra.yaml"
run 2 chart -q "$tmp/emb";  has "$err" 'MCP-IO-002'
has "$tmp/emb/templates/extra.yaml" '^planted$'
rm "$tmp/emb/templates/extra.yaml"
mkdir "$tmp/mine" && echo mine >"$tmp/mine/notes.txt"
run 2 chart "$tmp/mine";    has "$err" 'MCP-IO-002'
has "$tmp/mine/notes.txt" '^mine$'
ln -s "$tmp/emb" "$tmp/link"
run 2 chart "$tmp/link";    has "$err" 'symbolic link'
(cd "$tmp/emb" && "$MCPC" chart .) >"$out" 2>"$err"
if [ $? -eq 2 ] && [ -f "$tmp/emb/Chart.yaml" ]; then ok; else bad "mcpc chart . was not refused"; fi
# build --chart: DIR/chart installs with no other file and renders DIR's manifests
run 0 build -q --chart -o "$tmp/bc" "$base"
same "$tmp/bc/values.yaml" "$tmp/bc/chart/values.yaml" "build --chart: chart/values.yaml is not the build's values"
same "$tmp/bc/values.schema.json" "$tmp/bc/chart/values.schema.json" "build --chart: chart/values.schema.json is not the build's"
same "$CHART/templates/rbac.yaml" "$tmp/bc/chart/templates/rbac.yaml" "build --chart: the templates are not the chart's"
"$RENDER" template "$tmp/bc/chart" --name fraud-scoring --namespace mcp-system >"$tmp/bc.yaml" 2>"$err"
[ $? -eq 0 ] && ok || bad "the chart build --chart wrote does not render: $(head -3 "$err")"
equal "$tmp/bc/manifests.yaml" "$tmp/bc.yaml" "build --chart's DIR/chart"
run 0 build -q --check --chart -o "$tmp/bc" "$base"
run 1 build -q --check -o "$tmp/bc" "$base"           # the chart is not build's without --chart
has "$err" 'bc/chart is not a file build writes'
run 0 build -q -o "$tmp/bc" "$base"                   # and a build without it removes it
if [ -e "$tmp/bc/chart" ]; then bad "build without --chart left $tmp/bc/chart"; else ok; fi

# ---- mcpc values: a team's own values files, as Helm merges them ----

# every golden build's values pass, alone and over each other
for v in fixtures/build/*/*/values.yaml; do run 0 values "$v"; done
run 0 values fixtures/build/fraud-scoring/default/values.yaml fixtures/build/fraud-scoring/prod/values.yaml
: >"$tmp/empty.yaml"
run 0 values "$tmp/empty.yaml"                       # the chart's defaults pass
printf 'replicaCount: -1\nlogLevel: verbose\ngpu:\n  enabled: "yes"\n' >"$tmp/bad.yaml"
run 1 values "$tmp/bad.yaml"
has "$out" "^$tmp/bad.yaml:1:15: error\\[MCP-SCHEMA-[0-9]*\\]: replicaCount: -1 is less than the minimum 0$"
has "$out" "^$tmp/bad.yaml:2:11: error\\[MCP-SCHEMA-[0-9]*\\]: logLevel: \"verbose\" is not one of"
has "$out" "^$tmp/bad.yaml:4:12: error\\[MCP-SCHEMA-[0-9]*\\]: gpu.enabled: expected boolean"
# the later file wins, and the finding stands in the file that set the value
printf 'replicaCount: 3\n' >"$tmp/three.yaml"
printf '# prod\nreplicaCount: -1\n' >"$tmp/neg.yaml"
run 1 values "$tmp/three.yaml" "$tmp/neg.yaml"
has "$out" "^$tmp/neg.yaml:2:15: error"
hasnt "$out" "three.yaml"
run 0 values "$tmp/neg.yaml" "$tmp/three.yaml"
# null deletes a default, as in Helm: the missing value is the file's
printf 'metrics: {enabled: true}\nlogLevel: null\n' >"$tmp/null.yaml"
run 1 values "$tmp/null.yaml"
has "$out" "^$tmp/null.yaml:1:1: error\\[MCP-SCHEMA-[0-9]*\\]: missing required property 'logLevel'"
# maps merge key by key: gpu.enabled, which the file leaves out, stays
# the chart's (gpu requires both), and the file's count is the one checked
printf 'gpu: {count: -2}\n' >"$tmp/gpu.yaml"
run 1 values "$tmp/gpu.yaml"
has "$out" "^$tmp/gpu.yaml:1:14: error\\[MCP-SCHEMA-[0-9]*\\]: gpu.count: -2 is less than the minimum 0"
hasnt "$out" "missing required property 'enabled'"
printf 'gpu: {count: 2}\n' >"$tmp/gpu2.yaml"
run 0 values "$tmp/gpu2.yaml"
# an unknown parameter stands at its key, with the name meant; a missing
# one at the key of its map, as in a spec
printf 'gpu:\n  enabled: null\nreplicaCont: 3\n' >"$tmp/keys.yaml"
run 1 values "$tmp/keys.yaml"
has "$out" "^$tmp/keys.yaml:3:1: error\\[MCP-SCHEMA-[0-9]*\\]: unknown property 'replicaCont'"
has "$out" "did you mean 'replicaCount'"
has "$out" "^$tmp/keys.yaml:1:1: error\\[MCP-SCHEMA-[0-9]*\\]: gpu: missing required property 'enabled'"
# the spec's rules that read what values hold, at the lines that set it;
# none on any golden build's values (checked above, exit 0 and no finding)
for v in fixtures/build/*/*/values.yaml; do
	run 0 values "$v"; hasnt "$out" '(error|warning|info)\['
done
printf 'replicaCount: 1\nimage: {tag: latest}\ntimeouts: {connect: 10s, request: 5s}\nresources: {requests: {cpu: "16", memory: 1Gi}, limits: {cpu: "8", memory: 2Gi}}\n' >"$tmp/rules.yaml"
run 1 values "$bv" "$tmp/rules.yaml"
has "$out" "^$tmp/rules.yaml:1:15: warning\\[MCP-AVL-001\\]: the inference server runs 1 replica"
has "$out" "^$tmp/rules.yaml:2:8: error\\[MCP-IMG-002\\]: .*tritonserver:latest uses the floating tag 'latest'"
has "$out" "^$tmp/rules.yaml:3:21: error\\[MCP-TMO-001\\]"
has "$out" "^$tmp/rules.yaml:3:21: error\\[MCP-TMO-003\\]"
has "$out" "^$tmp/rules.yaml:4:29: error\\[MCP-RES-001\\]: the CPU request 16 is above the CPU limit"
hasnt "$out" "$bv:"
# messages and hints name the values' parameters, not the spec's fields
has "$out" "hint: set replicaCount to 2 or more"
printf 'networkPolicy: {enabled: false}\nmetrics: {enabled: false}\nresources: {requests: {memory: null}}\nservice: {ports: {http: 8000, grpc: 8000}}\n' >"$tmp/names.yaml"
run 1 values "$bv" "$tmp/names.yaml"
has "$out" "hint: set networkPolicy.enabled to true"
has "$out" "hint: set metrics.enabled to true"
has "$out" "warning\\[MCP-RES-003\\]: resources sets no requests.memory"
has "$out" "hint: give service.ports.http, grpc and metrics"
hasnt "$out" "(inference|security|observability)[.]"
# a dev environment's values may run one replica, as a dev overlay may
printf 'replicaCount: 1\n' >"$tmp/one.yaml"
run 0 values fixtures/build/fraud-scoring/dev/values.yaml "$tmp/one.yaml"; hasnt "$out" 'MCP-AVL-001'
run 0 values "$bv" "$tmp/one.yaml";   has "$out" 'warning\[MCP-AVL-001\]'
# services, the budget and the keepalive
rest='protocol: grpc, replicaCount: 1, resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}, env: [], secretEnv: [], calls: []'
printf 'services:\n  - {name: user, image: {repository: r/user, tag: latest, pullPolicy: Always}, port: 50051, %s}\n  - {name: user, image: {repository: r/user, tag: "1.0", pullPolicy: IfNotPresent}, port: 50052, %s}\nrollout: {autoscaling: {enabled: false}, disruptionBudget: {minAvailable: 2}}\ngrpc: {keepalive: {time: 10s, timeout: 30s}}\n' "$rest" "$rest" >"$tmp/svc.yaml"
run 1 values "$bv" "$tmp/svc.yaml"
has "$out" "^$tmp/svc.yaml:2:.*error\\[MCP-IMG-001\\]"
has "$out" "^$tmp/svc.yaml:3:.*error\\[MCP-NAME-001\\]: service 'user' is defined twice"
has "$out" "^$tmp/svc.yaml:4:.*error\\[MCP-AVL-002\\]: disruptionBudget.minAvailable 2 leaves no pod to evict at 2 replicas"
has "$out" "^$tmp/svc.yaml:5:.*warning\\[MCP-GRPC-005\\]"
# rules that need what values do not hold stay silent (no gateway, no roles, no host baseline)
hasnt "$out" 'MCP-(GW-002|RBAC-011|HOST-004|PRE-004|IMG-006)'
# what the renderer refuses, mcpc values refuses, and the reverse
for f in bad neg null gpu keys; do
	render "$tmp/x.yaml" -f "$tmp/$f.yaml" --namespace mcp-system
	if [ "$rs" -ne 0 ]; then ok; else bad "the renderer took $f.yaml, which mcpc values refuses"; fi
done
printf 'not: [a mapping\n' >"$tmp/broken.yaml"
run 2 values "$tmp/broken.yaml"
printf -- '- a list\n' >"$tmp/list.yaml"
run 2 values "$tmp/list.yaml";  has "$out" 'a values file holds a mapping'
run 2 values "$tmp/missing.yaml"

# ---- the comparisons queued above ----

python3 tests/chart.py compare-list "$tmp/pairs" >"$tmp/compared" 2>&1
c=$(grep -c '^ok$' "$tmp/compared")
pass=$((pass + c))
[ "$c" -eq "$n" ] || { fail=$((fail + n - c)); grep -v '^ok$' "$tmp/compared" | head -60; }

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
