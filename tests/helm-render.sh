#!/bin/sh
# helm-render.sh: builds the Helm template renderer of tests/helm-render/
# (Go, against Debian's sprig, sigs.k8s.io/yaml, gojsonschema, toml and
# glob sources; no network) into $BUILD/tests/helm-render, where later
# suites find it, and checks each of Helm's rendering rules it follows on
# the demo chart of tests/helm-render/testdata/ with real outputs: the
# stream and its order, partials, NOTES.txt, missing keys, values files,
# --set and --set-string, the schema, built-in objects, functions, lint.
# The build is skipped when the binary is newer than every source. Skips
# with a message when Go or a library is missing. The last line is
# "N passed, N failed".
set -u
BUILD=${BUILD:-build}
GOSRC=${GOSRC:-/usr/share/gocode}
SRC=tests/helm-render
TD=$SRC/testdata

if ! command -v go >/dev/null 2>&1; then
	echo "helm renderer: skipped: go is not installed"
	exit 0
fi
for f in github.com/Masterminds/sprig/functions.go github.com/Masterminds/semver/version.go \
	sigs.k8s.io/yaml/yaml.go github.com/xeipuuv/gojsonschema/schema.go \
	github.com/BurntSushi/toml/encode.go github.com/gobwas/glob/glob.go; do
	if [ ! -f "$GOSRC/src/$f" ]; then
		echo "helm renderer: skipped: $(dirname "$f") is not in $GOSRC (scripts/deps.sh installs it)"
		exit 0
	fi
done

mkdir -p "$BUILD/tests"
. tests/lib.sh

BIN=$(cd "$BUILD/tests" && pwd)/helm-render
if [ ! -x "$BIN" ] || [ -n "$(find "$SRC" -maxdepth 1 -name '*.go' -newer "$BIN")" ]; then
	mkdir -p "$BUILD/go-cache"
	if ! GO111MODULE=off GOPATH="$GOSRC" GOCACHE="$(cd "$BUILD/go-cache" && pwd)" GOFLAGS= \
		go build -o "$BIN.tmp" "./$SRC" >"$tmp/build.log" 2>&1; then
		echo "FAIL: the renderer does not build:"
		sed 's/^/  | /' "$tmp/build.log" | head -20
		rm -f "$BIN.tmp"
		echo "0 passed, 1 failed"
		exit 1
	fi
	mv "$BIN.tmp" "$BIN"
fi

# r STATUS ARGS...: run the renderer, keep stdout/stderr, check the status.
r() {
	want=$1
	shift
	"$BIN" "$@" >"$out" 2>"$err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else bad "render $* exited $got, expected $want"; fi
}
# eq GOT WANT MESSAGE: two strings are equal.
eq() { if [ "$1" = "$2" ]; then ok; else bad "$3: got [$1], expected [$2]"; fi; }
# field NAME: the value of "  NAME: ..." in the facts ConfigMap of $out.
field() { sed -n "s/^  $1: //p" "$out" | head -1; }
# kinds: the kinds of $out's documents, in order, on one line.
kinds() { sed -n 's/^kind: //p' "$out" | tr '\n' ' '; }

# --- the stream: format, order, what is left out ---
r 0 template "$TD/demo"
same "$out" "$TD/demo.expected" "the default render differs from testdata/demo.expected"
lines "$err" 0
# each document is "---", "# Source: CHART/templates/FILE", the document
eq "$(head -2 "$out" | tr '\n' '|')" "---|# Source: demo/templates/sub/nested.yaml|" "the stream's head"
eq "$(grep -c '^---$' "$out")" "$(grep -c '^# Source: ' "$out")" "one separator per source line"
eq "$(grep -A1 '^---$' "$out" | grep -vc -e '^---$' -e '^# Source: ' -e '^--$')" 0 "every separator followed by its source line"
eq "$(tail -c 1 "$out" | od -An -c | tr -d ' ')" '\n' "the stream ends with a newline"
# Helm's install order by kind (PodDisruptionBudget, ServiceAccount, Secret,
# ConfigMap, Service, Deployment), hooks (the test Pod) last
eq "$(kinds)" "PodDisruptionBudget ServiceAccount Secret ConfigMap Service Deployment Pod " "kinds in install order"
# two documents of one file stay in file order, and each names the file
eq "$(grep -c '^# Source: demo/templates/multi.yaml$' "$out")" 2 "multi.yaml's two documents"
# partials, NOTES.txt, templates that render empty, and empty documents
hasnt "$out" '# Source: .*/_'
hasnt "$out" 'NOTES|Installed'
hasnt "$out" 'empty.yaml|broken.yaml|ingress-note'
eq "$(grep -c '^---$' "$out")" 7 "seven documents"

# NOTES.txt is rendered (its errors count) but never printed
r 1 template "$TD/demo" --set notes.fail=true
has "$err" '^Error: execution error at \(demo/templates/NOTES.txt:1:[0-9]+\): NOTES.txt was rendered$'
lines "$out" 0

# an empty document in the middle of a file, and a conditional one
r 0 template "$TD/demo" --set ingress.enabled=true
eq "$(kinds)" "PodDisruptionBudget ServiceAccount Secret ConfigMap ConfigMap Service Deployment Ingress Pod " "kinds with the ingress"
has "$out" 'name: release-name-demo-ingress-note'
has "$out" '^    - host: demo.example.com$'

# output that is not YAML fails, naming the template
r 1 template "$TD/demo" --set broken=true
has "$err" '^Error: YAML parse error on demo/templates/broken.yaml: '

# the same input, the same bytes
r 0 template "$TD/demo" --name again
cp "$out" "$tmp/first"
r 0 template "$TD/demo" --name again
same "$out" "$tmp/first" "two renders differ"

# --- missing keys, numbers and toYaml ---
r 0 template "$TD/demo"
eq "$(field missing)" '"[][]"' "a missing key renders empty, without <no value>"
hasnt "$out" '<no value>'
# values.yaml numbers are float64, as in Helm: printed directly, a million
# is 1e+06; toYaml writes 1000000
eq "$(field bigDirect)" '"1e+06"' "a float64 printed directly"
eq "$(field bigYaml)" '"1000000"' "a float64 through toYaml"
eq "$(field replicaKind)" '"float64"' "a number of values.yaml"
eq "$(sed -n '/^  tuningYaml: |$/,/^  labelsYaml/p' "$out" | tr '\n' '|')" \
	"  tuningYaml: ||    drop: 2|    keep: 1|    nested:|      a: 1|      b: 2|  labelsYaml: \"team: risk\"|" \
	"toYaml: sorted keys, block style, no final newline"

# --- built-in objects ---
eq "$(field release)" '"release-name/default/Helm/true/false/1"' ".Release by default"
eq "$(field chart)" "\"demo/0.3.1/1.4.2/>=1.25.0-0/A tiny chart that exercises the renderer's rules\"" ".Chart"
eq "$(field kube)" '"v1.29.0/1/29/v1.29.0"' ".Capabilities.KubeVersion by default"
eq "$(field apis)" '"true/true/false"' ".Capabilities.APIVersions.Has"
eq "$(field helm)" '"v3.14.2"' ".Capabilities.HelmVersion"
eq "$(field template)" '"demo/templates/facts.yaml|demo/templates"' ".Template"
r 0 template "$TD/demo" --name r1 --namespace prod --kube-version 1.27.3 -a demo.example.com/v1
eq "$(field release)" '"r1/prod/Helm/true/false/1"' ".Release with --name and --namespace"
eq "$(field kube)" '"v1.27.3/1/27/v1.27.3"' ".Capabilities.KubeVersion with --kube-version"
eq "$(field kubeString)" '"v1.27.3"' ".Capabilities.KubeVersion printed"
eq "$(field apis)" '"true/true/true"' "--api-versions"
has "$out" '^  name: r1-demo$'
has "$out" '^  namespace: prod$'
r 0 template --kube-version=v1.30.0 "$TD/demo" --name=r2
eq "$(field kube)" '"v1.30.0/1/30/v1.30.0"' "--flag=value"
eq "$(field greeting)" '"hello from r2 in r2-demo"' "tpl with include"
# the chart's kubeVersion
r 1 template "$TD/demo" --kube-version 1.24.9
has "$err" '^Error: chart requires kubeVersion: >=1.25.0-0 which is incompatible with Kubernetes v1.24.9$'
r 1 template "$TD/demo" --kube-version one.two
has "$err" "^Error: invalid kube version 'one.two'"
# release names as Helm accepts them
r 1 template "$TD/demo" --name Bad_Name
has "$err" 'invalid release name'
r 1 template "$TD/demo" --name "$(printf 'a%.0s' $(seq 54))"
has "$err" 'invalid release name'

# --- functions ---
r 0 template "$TD/demo"
eq "$(field tplDefine)" '"inline-demo+deep-risk"' "tpl can define and include"
# one define name in three partials: the shallowest, alphabetically first
# file is parsed last and wins
eq "$(field winner)" '"helpers"' "which define wins"
eq "$(field onlyhere)" '"from-overrides"' "a define from another file"
eq "$(field lookup)" '"{}"' "lookup is an empty map offline"
# YAML 1.1, as sigs.k8s.io/yaml reads it: y is true
eq "$(field fromYaml)" '"[\"x\",true]"' "fromYaml"
has "$out" '^  fromYamlBad: "error converting YAML to JSON: yaml: line 1: '
eq "$(field fromYamlArray)" '"[1,\"two\"]"' "fromYamlArray"
eq "$(field fromJson)" '"true"' "fromJson"
eq "$(field fromJsonArray)" '"[1,\"x\"]"' "fromJsonArray"
eq "$(field toToml)" '"k = \"v\"\n"' "toToml"
eq "$(field sprig)" '"ABC,true,eA==,2d711642"' "sprig functions"
eq "$(field tuning)" '"{\"drop\":2,\"keep\":1,\"nested\":{\"a\":1,\"b\":2}}"' "toJson"
# env and expandenv are removed; functions of later Helm releases absent
for f in env expandenv toYamlPretty mustToYaml; do
	# a value starting with { is a list: \{ escapes it
	r 1 template "$TD/demo" --set-string "greeting=\\{{ $f \"HOME\" }}"
	has "$err" "function \"$f\" not defined"
done
r 1 template "$TD/demo" --set-string 'greeting=\{{ fail "from tpl" }}'
has "$err" '^Error: execution error at \(demo/templates/facts.yaml:[0-9]+:[0-9]+\): from tpl$'

# --- .Files ---
r 0 template "$TD/demo"
eq "$(field file)" '"log_level = info"' ".Files.Get"
eq "$(field noFile)" '""' ".Files.Get of no file"
eq "$(field ignored)" '""' ".helmignore keeps a folder out"
eq "$(field glob)" '"files/app.conf;files/extra.conf;"' ".Files.Glob, without the ignored *.swp"
eq "$(field lines)" '"[\"threads = 4\"]"' ".Files.Lines"
has "$out" '^  extra.conf: \|$'

# --- values files: deep merge, later wins, null deletes ---
r 0 template "$TD/demo" -f "$TD/values-a.yaml" -f "$TD/values-b.yaml"
has "$out" '^  replicas: 4$'
has "$out" '^          image: "registry.example.com/demo:2.0.0"$'
eq "$(field tuning)" '"{\"keep\":1,\"nested\":{\"a\":1,\"b\":20,\"c\":30}}"' "tables merged, a null removes the default"
has "$out" '^    owner: ml$'
has "$out" '^    team: fraud$'
eq "$(field hasTuning)" '"true"' "tuning, merged"
# a null removes a default at the top level too
r 0 template "$TD/demo" --set tuning=null
eq "$(field hasTuning)" '"false"' "a null removes a top-level default"
eq "$(field tuning)" '"null"' "a removed table"
r 0 template "$TD/demo" --values "$TD/values-b.yaml" --values "$TD/values-a.yaml"
has "$out" '^  replicas: 3$'
has "$out" '^    team: fraud$'
has "$out" '^    owner: ml$'
r 1 template "$TD/demo" -f "$TD/none.yaml"
has "$err" 'no such file or directory'

# --- --set and --set-string ---
r 0 template "$TD/demo" --set replicaCount=5
has "$out" '^  replicas: 5$'
eq "$(field replicaKind)" '"int64"' "--set makes an integer int64"
r 0 template "$TD/demo" --set replicaCount=6,service.port=9090
has "$out" '^  replicas: 6$'
has "$out" '^    - port: 9090$'
r 0 template "$TD/demo" --set tuning.flag=true,tuning.Up=TRUE,tuning.zero=0,tuning.oct=007,tuning.neg=-3,tuning.keep=null
eq "$(field tuning)" '"{\"Up\":true,\"drop\":2,\"flag\":true,\"neg\":-3,\"nested\":{\"a\":1,\"b\":2},\"oct\":\"007\",\"zero\":0}"' "--set value types"
r 0 template "$TD/demo" --set-string tuning.flag=true,tuning.zero=0,tuning.nil=null
eq "$(field tuning)" '"{\"drop\":2,\"flag\":\"true\",\"keep\":1,\"nested\":{\"a\":1,\"b\":2},\"nil\":\"null\",\"zero\":\"0\"}"' "--set-string keeps strings"
# every --set comes before every --set-string
r 0 template "$TD/demo" --set-string image.tag=str --set image.tag=num
has "$out" ':str"$'
# lists, indexes, escapes
r 0 template "$TD/demo" --set 'ports={9000,9001,9002}'
has "$out" '^            - name: port-2$'
has "$out" '^              containerPort: 9002$'
r 0 template "$TD/demo" --set 'ports[0]=7000'
has "$out" '^              containerPort: 7000$'
hasnt "$out" 'port-1'
r 0 template "$TD/demo" --set 'probe.httpGet.path=/healthz,probe.exec.command[0]=cat,probe.exec.command[1]=/var/run/ready'
eq "$(sed -n '/readinessProbe:/,$p' "$out" | sed -n 2,7p | tr '\n' '|')" \
	"            exec:|              command:|              - cat|              - /var/run/ready|            httpGet:|              path: /healthz|" \
	"nested maps and lists from --set, through toYaml"
r 0 template "$TD/demo" --set 'labels.app\.kubernetes\.io/part-of=shop' --set-string 'tuning.note=a\,b'
has "$out" '^    app.kubernetes.io/part-of: shop$'
has "$out" '\\"note\\":\\"a,b\\"'
r 1 template "$TD/demo" --set replicaCount
has "$err" '^Error: failed parsing --set data: key "replicaCount" has no value$'
r 1 template "$TD/demo" --set 'ports[x]=1'
has "$err" 'error parsing index'
r 1 template "$TD/demo" --set 'ports={1,2'
has "$err" "list must terminate with '}'"
r 1 template "$TD/demo" --set 'a.=1'
has "$err" 'failed parsing --set data: key map "a" has no value'

# --- values.schema.json ---
r 1 template "$TD/demo" --set replicaCount=-1
has "$err" "^Error: values don't meet the specifications of the schema\(s\) in the following chart\(s\):$"
has "$err" '^demo:$'
has "$err" '^- replicaCount: Must be greater than or equal to 0$'
lines "$out" 0
r 1 template "$TD/demo" --set-string replicaCount=3
has "$err" '^- replicaCount: Invalid type. Expected: integer, given: string$'
r 1 template "$TD/demo" --set image.pullPolicy=Sometimes
has "$err" '^- image.pullPolicy: image.pullPolicy must be one of the following: '
r 1 template "$TD/demo" --set image.repository=null
has "$err" '^- image: repository is required$'
r 1 template "$TD/demo" -f "$TD/values-bad.yaml"
has "$err" '^- replicaCount: Must be greater than or equal to 0$'

# --- required ---
r 1 template "$TD/demo" --set-string image.repository=
has "$err" '^Error: execution error at \(demo/templates/deployment.yaml:20:[0-9]+\): image.repository is required$'

# --- other flags ---
r 0 template "$TD/demo" --include-crds
eq "$(sed -n 2p "$out")" "# Source: demo/crds/widget.yaml" "--include-crds prints the CRDs first"
has "$out" '^  name: widgets.demo.example.com$'
r 0 template "$TD/demo" -s templates/service.yaml
eq "$(grep -c '^# Source: ' "$out")" 1 "--show-only"
has "$out" '^kind: Service$'
r 0 template "$TD/demo" --skip-tests
eq "$(kinds)" "PodDisruptionBudget ServiceAccount Secret ConfigMap Service Deployment " "--skip-tests"
r 0 template "$TD/demo" --no-hooks
hasnt "$out" 'helm.sh/hook'
r 1 template "$TD/demo" -s templates/none.yaml
has "$err" 'could not find template templates/none.yaml in chart'

# --- charts this renderer refuses ---
r 1 template "$TD/bad-parse"
has "$err" '^Error: parse error at \(bad-parse/templates/cm.yaml:5\): unclosed action'
r 1 template "$TD/with-subchart"
has "$err" 'subcharts are not supported'
r 1 template "$TD/none"
r 2 template
r 2 template "$TD/demo" --frobnicate
r 2 frobnicate "$TD/demo"

# --- lint ---
r 0 lint "$TD/demo"
has "$out" '^1 chart\(s\) linted, 0 chart\(s\) failed$'
hasnt "$out" 'ERROR|WARNING'
r 1 lint "$TD/demo" -f "$TD/values-bad.yaml"
has "$out" '^\[ERROR\] values.yaml: - replicaCount: Must be greater than or equal to 0$'
has "$err" '^Error: 1 chart\(s\) linted, 1 chart\(s\) failed$'
r 1 lint "$TD/demo" --set service.port=0
has "$out" '^\[ERROR\] values.yaml: - service.port: Must be greater than or equal to 1$'
r 1 lint "$TD/lint-bad-chart"
has "$out" '^\[ERROR\] Chart.yaml: chart name "Bad_Chart" is invalid'
has "$out" "^\[ERROR\] Chart.yaml: apiVersion 'v1' "
has "$out" "^\[ERROR\] Chart.yaml: appVersion should be of type string but it's of type float64$"
has "$out" "^\[ERROR\] Chart.yaml: version '1.0' is not a SemVer 2 version"
has "$out" "^\[ERROR\] Chart.yaml: kubeVersion '>= one.two' is not a valid constraint"
has "$out" '^\[ERROR\] Chart.yaml: each maintainer requires a name$'
has "$out" '^\[INFO\] Chart.yaml: icon is recommended$'
has "$out" '^\[ERROR\] values.schema.json: not a valid JSON Schema: '
r 1 lint "$TD/lint-bad-templates"
has "$out" '^\[ERROR\] templates/bad-yaml.yaml: unable to parse YAML: '
has "$out" '^\[ERROR\] templates/deployment.yaml: a Deployment must contain matchLabels or matchExpressions'
has "$out" '^\[ERROR\] templates/no-kind.yaml: document 1: kind is required$'
has "$out" '^\[ERROR\] templates/no-kind.yaml: document 2: apiVersion is required$'
has "$out" '^\[ERROR\] templates/no-name.yaml: document 1: metadata.name is required$'
has "$out" "^\[ERROR\] templates/readme.md: file extension '.md' not valid"
has "$out" '^\[WARNING\] templates/service.yaml: document starts with an illegal indent'
has "$out" '^\[ERROR\] templates/service.yaml: object name does not conform to Kubernetes naming requirements: "9-starts-with-a-digit"'
has "$out" '^\[ERROR\] templates/time.yaml: .Release.Time has been removed in v3'
# lint renders as Helm lints: a missing required value is reported, not fatal
has "$out" '^\[INFO\] templates/: Missing required value: lint reports a missing required value, it does not fail$'
eq "$(grep -c '^\[ERROR\]' "$out")" 8 "lint-bad-templates: eight errors"
r 1 lint "$TD/bad-parse"
has "$out" '^\[ERROR\] templates/: parse error at \(bad-parse/templates/cm.yaml:5\)'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
