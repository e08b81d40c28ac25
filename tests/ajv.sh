#!/bin/sh
# ajv.sh: every schema mcpc publishes compiles under ajv's strict mode, and
# ajv gives the verdict mcpc gives on every file the schemas are for.
#
# The schemas: each file of schema/ (the dispatcher with the kinds' schemas
# it refers to by $id, each other one alone), the chart's copy of the
# values schema, what `mcpc schema` prints (the self-contained bundle) and
# what `mcpc schema KIND` prints for each kind of `mcpc schema --list`.
# Each compiles with `new Ajv2020({strict: true})` (ajv's draft-07 class
# for the values schema, which is draft-07 for Helm), ajv-formats, and
# mcpc's own format "quantity" (tests/ajv/quantity.js); a warning ajv logs
# counts as a failure too.
#
# The files: every spec under fixtures/ (js-yaml, core schema), the rule
# packs, matrix and permission map under rules/, the matrix files and
# project files of fixtures/, the values, conflict reports and findings
# of fixtures/build/, the reports of fixtures/repo/ and
# fixtures/standard-report/, a findings report mcpc writes, and cases made
# here for what the strict rewrite touched (quantities, byte sizes,
# percentages, config values, branches that require a field, rule pack
# comparisons, permissions, waivers, project files, values). Each is
# validated by ajv and by `mcpc validate --schema` with the same schema;
# the verdicts (valid, invalid, unreadable) must agree, except for the
# files listed below with the reason mcpc differs (and a listed file whose
# verdicts agree is a failure: the list must stay true). A case made here
# must also get the verdict its name says, and each invalid spec fixture
# must fail first where its "# expect: POINTER KEYWORD" line says. The
# ajv example of docs/integrations/editors.md is run as written.
#
# ajv, ajv-formats and js-yaml are installed from the npm registry into
# $BUILD/npm/ajv (git-ignored) at the versions below, once. The last line
# is "N passed, N failed", or "ajv: skipped: ..." when node or npm is
# missing or the registry cannot be reached.
set -u
BUILD=${BUILD:-build}
. tests/lib.sh

AJV_VERSION=8.20.0
AJV_FORMATS_VERSION=3.0.1
JS_YAML_VERSION=4.1.1

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "ajv: skipped: node or npm is not installed (scripts/deps.sh installs nodejs and npm)"
	exit 0
fi
mods=$BUILD/npm/ajv
# version PACKAGE: the version installed in $mods, or nothing
version() { node -p "require('./$mods/node_modules/$1/package.json').version" 2>/dev/null; }
if [ "$(version ajv)" != "$AJV_VERSION" ] || [ "$(version ajv-formats)" != "$AJV_FORMATS_VERSION" ] ||
	[ "$(version js-yaml)" != "$JS_YAML_VERSION" ]; then
	mkdir -p "$mods"
	if ! npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$mods" \
		"ajv@$AJV_VERSION" "ajv-formats@$AJV_FORMATS_VERSION" "js-yaml@$JS_YAML_VERSION" \
		>"$tmp/npm.log" 2>&1; then
		echo "ajv: skipped: npm could not install ajv@$AJV_VERSION, ajv-formats@$AJV_FORMATS_VERSION" \
			"and js-yaml@$JS_YAML_VERSION ($(tail -1 "$tmp/npm.log"))"
		exit 0
	fi
fi
mods=$(cd "$mods/node_modules" && pwd)

# ---- the schemas ----

run 0 schema
cp "$out" "$tmp/mcp.schema.json"
run 0 schema --list
kinds=$(cat "$out")
n=0
for k in $kinds; do
	n=$((n + 1))
	run 0 schema "$k"
	cp "$out" "$tmp/kind-$k.json"
done
if [ "$n" -ge 6 ]; then ok; else bad "mcpc schema --list names $n kinds, expected at least 6"; fi
: >"$out"
: >"$err"

tasks=$tmp/tasks
: >"$tasks"
for f in schema/*.json; do
	if [ "$f" = schema/mcp.schema.json ]; then
		# the dispatcher refers to every kind's schema by its $id
		printf 'compile\t%s' "$f"
		for r in $(grep -l '"\$schema": "https://json-schema.org/draft/2020-12/schema"' schema/*.json); do
			[ "$r" = "$f" ] || printf '\t%s' "$r"
		done
		printf '\n'
	else
		printf 'compile\t%s\n' "$f"
	fi
done >>"$tasks"
printf 'compile\t%s\n' charts/mcp-ai102/values.schema.json "$tmp/mcp.schema.json" "$tmp"/kind-*.json >>"$tasks"
nschemas=$(wc -l <"$tasks")

# ---- the files and the schema each is for ----

bundle=$tmp/mcp.schema.json
values=schema/values.schema.json
findings=schema/report.schema.json
conflicts=schema/conflict-report.schema.json
pairs=$tmp/pairs
: >"$pairs"
pair() { printf '%s\t%s\n' "$1" "$2" >>"$pairs"; }

for f in $(find fixtures -name '*.mcp.yaml' -o -name '*.mcp.json' | sort) \
	rules/packs/*.yaml rules/compat/*.yaml rules/rbac/*.yaml fixtures/specs/compat/matrix-*/*.yaml \
	fixtures/projects/*.yaml; do
	pair "$bundle" "$f"
done
for f in fixtures/build/*/*/values.yaml charts/mcp-ai102/values.yaml; do
	pair "$values" "$f"
done
# mcpc report's goldens: the JSON, then the "exit N" line golden tests add
mkdir -p "$tmp/parts"
for f in fixtures/repo/*.report.json fixtures/standard-report/*.json; do
	name=$(echo "$f" | sed 's|^fixtures/||; s|/|-|g')
	sed '$ { /^exit [0-9]*$/d; }' "$f" >"$tmp/parts/$name"
	if cmp -s "$f" "$tmp/parts/$name"; then bad "$f: no exit line after the JSON"; else ok; fi
	pair "$conflicts" "$tmp/parts/$name"
done

# mcpc build's report.json: its conflict report and its findings, apart
: >"$tmp/part-tasks"
for f in fixtures/build/*/*/report.json; do
	name=$(echo "$f" | sed 's|^fixtures/build/||; s|/report.json$||; s|/|-|g')
	printf 'part\t%s\tconflicts\t%s\n' "$f" "$tmp/parts/$name.conflicts.json" >>"$tmp/part-tasks"
	printf 'part\t%s\tfindings\t%s\n' "$f" "$tmp/parts/$name.findings.json" >>"$tmp/part-tasks"
	pair "$conflicts" "$tmp/parts/$name.conflicts.json"
	pair "$findings" "$tmp/parts/$name.findings.json"
done
node tests/ajv/check.js "$mods" "$tmp/part-tasks" >"$tmp/parts.out" 2>&1
if grep -qv '	ok$' "$tmp/parts.out"; then bad "report.json parts: $(grep -v '	ok$' "$tmp/parts.out" | head -3)"
else ok; fi

# A findings report as mcpc check writes it, with findings in it.
NO_COLOR= "$MCPC" check --format json fixtures/demo/broken.mcp.yaml >"$tmp/parts/broken.findings.json" 2>"$err"
pair "$findings" "$tmp/parts/broken.findings.json"

# ---- cases for what the strict rewrite touched ----
# Named valid-* or invalid-*: both ajv and mcpc must say so.

cases=$tmp/cases
mkdir -p "$cases"
# spec NAME SED-SCRIPT: the smallest valid spec, edited.
spec() {
	sed "$2" fixtures/specs/valid/smallest.mcp.yaml >"$cases/$1.mcp.yaml"
	if cmp -s "$cases/$1.mcp.yaml" fixtures/specs/valid/smallest.mcp.yaml; then bad "$1: the edit found nothing"; fi
	pair "$bundle" "$cases/$1.mcp.yaml"
}
# extra NAME YAML: the smallest valid spec with one more spec-level line.
extra() { { cat fixtures/specs/valid/smallest.mcp.yaml; printf '  %s\n' "$2"; } >"$cases/$1.mcp.yaml"; pair "$bundle" "$cases/$1.mcp.yaml"; }
pool='s/{name: gpu, cpu: 8, memory: 32Gi,/{name: gpu, cpu: CPU, memory: MEM,/'
spec valid-cpu-string "$pool; s/CPU/\"500m\"/; s/MEM/32Gi/"
spec valid-cpu-fraction "$pool; s/CPU/0.5/; s/MEM/32Gi/"
spec valid-memory-7Ei "$pool; s/CPU/8/; s/MEM/7Ei/"
spec valid-memory-exponent "$pool; s/CPU/8/; s/MEM/\"1e18\"/"
spec valid-memory-largest "$pool; s/CPU/8/; s/MEM/\"9223372036854775807\"/"
spec invalid-cpu-negative "$pool; s/CPU/-1/; s/MEM/32Gi/"
spec invalid-cpu-boolean "$pool; s/CPU/true/; s/MEM/32Gi/"
spec invalid-cpu-list "$pool; s/CPU/[8]/; s/MEM/32Gi/"
spec invalid-cpu-suffix "$pool; s/CPU/\"8 cores\"/; s/MEM/32Gi/"
spec invalid-memory-8Ei "$pool; s/CPU/8/; s/MEM/8Ei/"
spec invalid-memory-exponent "$pool; s/CPU/8/; s/MEM/\"1e19\"/"
spec invalid-memory-number "$pool; s/CPU/8/; s/MEM/1.0e19/"
spec invalid-memory-past-largest "$pool; s/CPU/8/; s/MEM/\"9223372036854775808\"/"
spec invalid-memory-exponent-1001 "$pool; s/CPU/8/; s/MEM/\"0e1001\"/"
# bytes NAME SIZE: the smallest spec with inference.grpc.maxRecvMessageSize.
bytes() { spec "$1" "s/^    replicas: 2\$/&\\n    grpc: {maxRecvMessageSize: $2}/"; }
bytes valid-bytes-string 50Mi
bytes valid-bytes-integer 4194304
bytes invalid-bytes-fraction 1.5
bytes invalid-bytes-negative -1
bytes invalid-bytes-unit 50MB
bytes invalid-bytes-too-big 8Ei
extra valid-surge-percent 'rollout: {maxSurge: "25%", maxUnavailable: 0}'
extra valid-surge-integer 'rollout: {maxSurge: 3}'
extra invalid-surge-over-100 'rollout: {maxSurge: "150%"}'
extra invalid-surge-string-number 'rollout: {maxSurge: "3"}'
extra invalid-surge-negative 'rollout: {maxSurge: -1}'
extra invalid-surge-fraction 'rollout: {maxSurge: 1.5}'
extra invalid-budget-boolean 'rollout: {disruptionBudget: {minAvailable: true}}'
extra valid-config-scalars 'config: {center: configmap, values: {a: x, b: 1, c: 2.5, d: false}}'
extra valid-config-8-deep 'config: {center: configmap, values: {a: {b: {c: {d: {e: {f: {g: {h: 1}}}}}}}}}'
extra invalid-config-9-deep 'config: {center: configmap, values: {a: {b: {c: {d: {e: {f: {g: {h: {i: 1}}}}}}}}}}'
extra invalid-config-list 'config: {center: configmap, values: {a: [1]}}'
extra invalid-config-null 'config: {center: configmap, values: {a: {b: null}}}'
extra invalid-config-nacos-missing 'config: {center: nacos}'
extra valid-config-nacos 'config: {center: nacos, nacos: {server: "nacos:8848", dataId: app.yaml}}'
spec invalid-auth-oidc-no-audience 's/, audience: sentiment}/}/'
spec invalid-auth-jwt-no-jwks 's/type: oidc/type: jwt/'
spec valid-auth-mtls 's/{type: oidc, issuer: "https:\/\/login.example.com\/", audience: sentiment}/{type: mtls, clientCASecret: client-ca}/'
spec invalid-auth-mtls-no-secret 's/{type: oidc, issuer: "https:\/\/login.example.com\/", audience: sentiment}/{type: mtls}/'
spec valid-storage-pvc 's/type: azure-blob/type: pvc/; s/uri: "as:.*"/claimName: models/'
spec invalid-storage-pvc-no-claim 's/type: azure-blob/type: pvc/; /uri: "as:/d'

# kind FILE YAML...: a document of another kind, one line an argument.
kind() { f=$cases/$1.yaml; shift; printf '%s\n' "apiVersion: ai102.mcp/v1" "$@" >"$f"; pair "$bundle" "$f"; }
kind valid-waivers 'kind: Waivers' 'metadata: {name: w}' 'spec:' '  waivers:' \
	'    - {rule: MCP-IMG-001, file: "*.mcp.yaml", reason: pinned next sprint, expires: "2099-12-31"}'
kind invalid-waivers-no-reason 'kind: Waivers' 'metadata: {name: w}' 'spec:' '  waivers:' \
	'    - {rule: MCP-IMG-001, file: "*.mcp.yaml", expires: "2099-12-31"}'
kind invalid-waivers-date 'kind: Waivers' 'metadata: {name: w}' 'spec:' '  waivers:' \
	'    - {rule: MCP-IMG-001, file: "*.mcp.yaml", reason: r, expires: "31.12.2099"}'
kind invalid-project-unknown-key 'kind: Project' 'metadata: {name: p}' 'spec: {failOn: error, colour: never}'
kind valid-permissions-cluster-role 'kind: Permissions' 'metadata: {name: p}' 'spec:' '  permissions:' \
	'    - {name: view, description: Read everything, duty: observe, clusterRole: view}'
kind invalid-permissions-both 'kind: Permissions' 'metadata: {name: p}' 'spec:' '  permissions:' \
	'    - {name: view, description: Read, duty: observe, clusterRole: view, rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]}'
kind invalid-permissions-neither 'kind: Permissions' 'metadata: {name: p}' 'spec:' '  permissions:' \
	'    - {name: view, description: Read, duty: observe}'
rule='    - {id: MCP-X-001, title: t, severity: warning, category: resources, description: d, match: /spec/inference/replicas, message: m, assert: ASSERT}'
for a in 'valid-pack-less-than-number:{lessThan: 8, compare: quantity}' \
	'valid-pack-less-than-pointer:{lessThan: /spec/inference/replicas, compare: quantity}' \
	'invalid-pack-less-than-boolean:{lessThan: true, compare: quantity}' \
	'invalid-pack-greater-than-list:{greaterThan: [1], compare: quantity}' \
	'invalid-pack-assert-list:[{present: true}]' 'invalid-pack-assert-unknown:{presnt: true}'; do
	kind "${a%%:*}" 'kind: RulePack' 'metadata: {name: p}' 'spec:' '  rules:' "$(echo "$rule" | sed "s|ASSERT|${a#*:}|")"
done
matrix() {
	sed "s/^    cpu: \"8\"$/    cpu: $2/" rules/compat/matrix.yaml >"$cases/$1.yaml"
	if cmp -s "$cases/$1.yaml" rules/compat/matrix.yaml; then bad "$1: the edit found nothing"; fi
	pair "$bundle" "$cases/$1.yaml"
}
matrix valid-matrix-cpu-integer 8
matrix valid-matrix-cpu-millis '"7500m"'
matrix invalid-matrix-cpu-fraction 8.5
matrix invalid-matrix-cpu-unit '"8 cores"'
# vals NAME SED-SCRIPT: a golden build's values, edited.
vals() { sed "$2" fixtures/build/aws-recsys/default/values.yaml >"$cases/$1.values.yaml"; pair "$values" "$cases/$1.values.yaml"; }
vals invalid-values-replicas-negative 's/^replicaCount: .*/replicaCount: -1/'
vals invalid-values-log-level 's/^logLevel: .*/logLevel: verbose/'
vals valid-values-surge-percent 's/^  maxSurge: .*/  maxSurge: "50%"/'
vals valid-values-surge-integer 's/^  maxSurge: .*/  maxSurge: 2/'
vals invalid-values-surge-over-100 's/^  maxSurge: .*/  maxSurge: "150%"/'
vals invalid-values-surge-fraction 's/^  maxSurge: .*/  maxSurge: 0.5/'
vals valid-values-cpu-number 's/^    cpu: "6"$/    cpu: 6.5/'
vals invalid-values-cpu-boolean 's/^    cpu: "6"$/    cpu: true/'
vals valid-values-config-scalars 's/^    ranker.topK: "50"$/    ranker.topK: 50/'
vals invalid-values-config-object 's/^    ranker.topK: "50"$/    ranker.topK: {n: 50}/'
# each edit must have found its line
for f in "$cases"/*.values.yaml; do
	if cmp -s "$f" fixtures/build/aws-recsys/default/values.yaml; then
		bad "$(basename "$f"): the edit found nothing in aws-recsys/default/values.yaml"
	else ok; fi
done

# YAML that js-yaml reads otherwise than mcpc: the documents differ before
# any schema sees them (listed below).
spec yaml-digit-separator 's/^    replicas: 2$/    replicas: 1_000/'
spec yaml-binary 's/^    replicas: 2$/    replicas: 0b10/'
spec yaml-infinity 's/^    replicas: 2$/    replicas: .inf/'

# ---- where mcpc legitimately differs, and why ----
# FILE<TAB>REASON, the file as the messages name it ($tmp/ left out).
known=$tmp/known
cat >"$known" <<'EOF'
cases/yaml-digit-separator.mcp.yaml	js-yaml's core schema still reads YAML 1.1's digit separators (1_000 is 1000); YAML 1.2's core schema, and mcpc, read the string "1_000", which replicas refuses
cases/yaml-binary.mcp.yaml	js-yaml's core schema still reads YAML 1.1's binary integers (0b10 is 2); YAML 1.2's core schema, and mcpc, read the string "0b10"
cases/yaml-infinity.mcp.yaml	JSON has no infinity: mcpc refuses .inf as input it cannot use (exit 2), js-yaml reads Infinity and ajv finds no integer
EOF

# ---- the verdicts ----
# ajv's from check.js; mcpc's from one `mcpc validate --format json` per
# schema over all of its files, each file's findings read by check.js
# (a fatal finding: unreadable; an error: invalid; else valid).

for f in schema/*.json; do printf 'examples\t%s\n' "$f"; done >>"$tasks"
sed 's/^/validate\t/' "$pairs" >>"$tasks"
i=0
for schema in $(cut -f1 "$pairs" | sort -u); do
	i=$((i + 1))
	files=$(awk -F '\t' -v s="$schema" '$1 == s { print $2 }' "$pairs")
	# one file a word: no path here has a space
	NO_COLOR= "$MCPC" validate --format json --schema "$schema" $files >"$tmp/mcpc-$i.json" 2>"$err"
	rc=$?
	if [ "$rc" -le 2 ]; then ok; else bad "mcpc validate --schema $schema exited $rc"; fi
	for f in $files; do printf 'mcpc\t%s\t%s\n' "$tmp/mcpc-$i.json" "$f"; done >>"$tasks"
done
: >"$out"
: >"$err"
node tests/ajv/check.js "$mods" "$tasks" >"$tmp/verdicts" 2>"$tmp/node.err"
rc=$?
if [ "$rc" -eq 0 ]; then ok; else bad "node tests/ajv/check.js exited $rc: $(head -5 "$tmp/node.err")"; fi

# every schema compiles
n=$(grep -c '^compile	' "$tmp/verdicts")
if [ "$n" -eq "$nschemas" ]; then ok; else bad "ajv compiled $n schemas of $nschemas"; fi
while IFS='	' read -r what file verdict msg; do
	[ "$what" = compile ] || continue
	if [ "$verdict" = ok ]; then ok; else bad "ajv strict mode refuses $(echo "$file" | sed "s|^$tmp/||"): $msg"; fi
done <"$tmp/verdicts"

# every verdict agrees: a line a file, NAME AJV MCPC AJV-SAYS MCPC-SAYS
# REASON, separated by US (\037: a tab is white space to read, and
# empty fields would merge)
awk -F '\t' -v tmp="$tmp/" '
	FILENAME == ARGV[1] { known[$1] = $2; next }
	$1 == "mcpc" { mcpc[$2] = $3; msay[$2] = $4; next }
	$1 == "valid" || $1 == "invalid" || $1 == "unreadable" { ajv[$2] = $1; asay[$2] = $3; order[++n] = $2 }
	END {
		for (i = 1; i <= n; i++) {
			f = order[i]
			name = f
			if (index(name, tmp) == 1) name = substr(name, length(tmp) + 1)
			printf "%s\037%s\037%s\037%s\037%s\037%s\n", name, ajv[f],
				((f in mcpc) ? mcpc[f] : "none"), asay[f], msay[f], known[name]
		}
	}' "$known" "$tmp/verdicts" >"$tmp/compared"
n=$(wc -l <"$tmp/compared")
if [ "$n" -eq "$(wc -l <"$pairs")" ]; then ok; else bad "$n verdicts for $(wc -l <"$pairs") files"; fi
if [ "$n" -ge 250 ]; then ok; else bad "only $n files compared"; fi
listed=0
us=$(printf '\037')
while IFS=$us read -r name ajv mcpc asay msay reason; do
	if [ "$mcpc" = none ]; then
		bad "mcpc's report says nothing of $name"
	elif [ "$ajv" = "$mcpc" ] && [ -n "$reason" ]; then
		bad "$name is listed as a difference ($reason), but both say $ajv"
	elif [ "$ajv" != "$mcpc" ] && [ -z "$reason" ]; then
		bad "$name: ajv says $ajv${asay:+ ($asay)}, mcpc validate says $mcpc${msay:+ ($msay)}"
	else
		ok
	fi
	[ -n "$reason" ] && listed=$((listed + 1))
	want=
	case ${name##*/} in
	valid-*) want=valid ;;
	invalid-*) want=invalid ;;
	esac
	if [ -n "$want" ]; then
		if [ "$ajv" = "$want" ] && [ "$mcpc" = "$want" ]; then ok
		else bad "the case $name should be $want: ajv says $ajv${asay:+ ($asay)}, mcpc says $mcpc${msay:+ ($msay)}"; fi
	fi
done <"$tmp/compared"
if [ "$listed" -eq "$(grep -c . "$known")" ]; then ok; else bad "$listed of the listed differences were compared"; fi
# Every examples entry and default meets the subschema it stands in, but
# for the string branches that repeat their definition's examples, numbers
# too, for mcpc's hint (docs/spec-schema.md).
n=$(grep -c '^examples	.*	done$' "$tmp/verdicts")
if [ "$n" -eq "$(ls schema/*.json | wc -l)" ]; then ok; else bad "examples checked in $n schemas"; fi
grep '^example	' "$tmp/verdicts" | cut -f2- >"$tmp/examples"
cat >"$tmp/examples.want" <<'EOF'
schema/mcp-spec.schema.json	/$defs/quantity/allOf/1/then	examples	8
schema/mcp-spec.schema.json	/$defs/byteSize/allOf/1/then	examples	4194304
schema/mcp-spec.schema.json	/$defs/intOrPercent/allOf/1/then	examples	0
schema/mcp-spec.schema.json	/$defs/intOrPercent/allOf/1/then	examples	1
EOF
same "$tmp/examples.want" "$tmp/examples" "examples that do not meet their subschema"

# Each invalid spec fixture fails first where its "# expect:" line says
# (docs/spec-schema.md, "Fixtures"), for ajv as for mcpc's golden tests.
ninvalid=0
for f in fixtures/specs/invalid/*.mcp.yaml; do
	want=$(sed -n 's/^# expect: //p' "$f" | head -1)
	got=$(awk -F '\t' -v f="$f" '$1 == "invalid" && $2 == f { print $4; exit }' "$tmp/verdicts")
	ninvalid=$((ninvalid + 1))
	if [ -n "$want" ] && [ "$got" = "$want" ]; then ok
	else bad "$f: expects '$want', ajv's first error is '$got'"; fi
done
if [ "$ninvalid" -ge 50 ]; then ok; else bad "only $ninvalid invalid spec fixtures"; fi

# The example of docs/integrations/editors.md, run as it is written.
mkdir -p "$tmp/example"
awk '/^```js$/ { on = 1; next } on && /^```/ { exit } on { print }' docs/integrations/editors.md >"$tmp/example/example.js"
cp tests/ajv/quantity.js "$tmp/mcp.schema.json" "$tmp/example/"
for spec in fixtures/specs/valid/fraud-scoring.mcp.yaml fixtures/specs/invalid/bad-quantity-memory.mcp.yaml; do
	cp "$spec" "$tmp/example/deploy.mcp.yaml"
	(cd "$tmp/example" && NODE_PATH=$mods node example.js) >"$out" 2>"$err"
	rc=$?
	if [ "$rc" -eq 0 ]; then ok; else bad "the example of docs/integrations/editors.md exited $rc on $spec"; fi
	case $spec in
	*/valid/*) if [ -s "$out" ]; then bad "the example finds errors in $spec"; else ok; fi ;;
	*) has "$out" "instancePath: '/spec/inference/resources/limits/memory'" ;;
	esac
done

echo "verdicts: $(cut -d "$us" -f2 "$tmp/compared" | sort | uniq -c | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }') (of $n files)"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
