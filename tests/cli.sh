#!/bin/sh
# cli.sh: the command-line contract (docs/cli.md): exit statuses, flags,
# standard input, directories, colour, formats. Prints "N passed, N failed".
set -u
. tests/lib.sh
# The clock: the waivers of this suite expire on 2099-12-31, within the
# horizon (365 days) of this day.
export MCPC_TODAY=2099-07-01

demo=fixtures/demo/fraud-scoring.mcp.yaml
broken=fixtures/demo/broken.mcp.yaml
# A valid spec whose only finding is a warning (a YAML 1.1 boolean, 6:18).
sed 's/^  name: sentiment$/  name: sentiment\n  labels: {flag: yes}/' \
	fixtures/specs/valid/smallest.mcp.yaml >"$tmp/warn.yaml"
printf 'a: 1\na: 2\n' >"$tmp/dup.yaml"

run 0 --version;                      has "$out" '^mcpc [0-9]+\.[0-9]+\.[0-9]+$'
run 0 --help;                         has "$out" 'check FILE'
run 2;                                has "$err" 'usage: mcpc'
run 2 frobnicate;                     lines "$err" 1; has "$err" "unknown command 'frobnicate'"
run 0 check --help;                   has "$out" '^usage: mcpc check'
run 2 check;                          lines "$err" 1; has "$err" 'no files given'
run 2 check --bogus "$demo";          lines "$err" 1; has "$err" "unknown option '--bogus'"
# a misspelt command or option: the nearest one
run 2 lnit;                           lines "$err" 1; has "$err" "unknown command 'lnit' \\(did you mean 'lint'\\?\\)"
run 2 lint --stagd;                   lines "$err" 1; has "$err" "unknown option '--stagd' \\(did you mean '--staged'\\?\\)"
run 2 check --fial-on=error "$demo";  has "$err" "unknown option '--fial-on' \\(did you mean '--fail-on'\\?\\)"
run 2 check --staged "$demo";         has "$err" "unknown option '--staged' \\(see 'mcpc check --help'\\)"
# mcpc help COMMAND: the command's --help
run 0 help lint;                      has "$out" '^usage: mcpc lint '
run 2 help lnit;                      has "$err" "did you mean 'lint'"
run 2 check --format xml "$demo";     lines "$err" 1; has "$err" "unknown format 'xml' \\(expected text\\|json\\|sarif\\|junit\\|github\\|markdown\\)$"
run 2 check --fail-on fatal "$demo";  lines "$err" 1
run 2 check --color sometimes "$demo"; lines "$err" 1
run 2 check --max-depth abc "$demo";  lines "$err" 1
run 2 check --max-depth;              has "$err" "needs a value"
run 2 check "$tmp/missing.yaml";      has "$out" 'missing.yaml: error\[MCP-IO-001\]: cannot read: No such file'

# Exit statuses: 0 clean, 1 findings at or above --fail-on, 2 malformed input.
run 0 check "$demo";                  lines "$out" 1; has "$out" '^checked 1 spec$'
run 0 check "$tmp/warn.yaml";         has "$out" 'warning\[MCP-YAML-003\]'
run 1 check --fail-on warning "$tmp/warn.yaml"
run 1 check --fail-on=info "$tmp/warn.yaml"
run 0 check --fail-on error "$tmp/warn.yaml"
run 2 check "$tmp/dup.yaml";          has "$out" 'dup.yaml:2:1: error\[MCP-YAML-002\]'
run 2 check "$broken" "$demo";        has "$out" '6 errors, 3 warnings'
has "$out" 'broken.mcp.yaml:85:5: error\[MCP-SCHEMA-001\]: spec.rollout: unknown property .maxParalel.'
has "$out" "hint: did you mean 'maxParallel'\?"

# Standard input, directories, several files.
printf 'a: 1\na: 2\n' | NO_COLOR= "$MCPC" check - >"$out" 2>"$err"
if [ $? -eq 2 ]; then ok; else bad "stdin dup exit"; fi
has "$out" '^<stdin>:2:1: error\[MCP-YAML-002\]'
run 2 check fixtures/yaml;            has "$out" '^fixtures/yaml/alias-bomb.yaml:6:8'
first=$(grep -o '^fixtures/yaml/[a-z0-9-]*\.[a-z]*' "$out" | head -1)
if [ "$first" = fixtures/yaml/alias-bomb.yaml ]; then ok; else bad "directory order: $first"; fi
run 2 check "$tmp/warn.yaml" "$tmp/dup.yaml"
has "$out" 'dup.yaml:2:1'; has "$out" 'warn.yaml:6:18'
# Findings come sorted by file, whatever the order of the arguments.
a=$(grep -n 'dup.yaml:2:1' "$out" | cut -d: -f1); b=$(grep -n 'warn.yaml:6:18' "$out" | cut -d: -f1)
if [ "$a" -lt "$b" ]; then ok; else bad "findings not sorted by file"; fi

# Colour: never by default into a pipe, always on request, NO_COLOR honoured by auto.
run 2 check "$tmp/dup.yaml";                 hasnt "$out" "$(printf '\033')"
run 2 check --color=always "$tmp/dup.yaml";  has "$out" "$(printf '\033')\[1;31m"
NO_COLOR=1 "$MCPC" check --color=auto "$tmp/dup.yaml" >"$out" 2>&1; hasnt "$out" "$(printf '\033')"
NO_COLOR=1 "$MCPC" check --color=always "$tmp/dup.yaml" >"$out" 2>&1; has "$out" "$(printf '\033')"

# Formats: the JSON report is itself valid JSON (mcpc reads it back).
run 2 check --format json "$tmp/dup.yaml"
has "$out" '"rule": "MCP-YAML-002"'; has "$out" '"pointer": "/a"'; has "$out" '"summary"'
cp "$out" "$tmp/report.json"
run 0 validate --schema fixtures/yaml/.any.schema.json "$tmp/report.json"
run 2 check -q "$tmp/dup.yaml" "$tmp/warn.yaml"; hasnt "$out" 'warning'; hasnt "$out" 'errors?,'
run 0 check -v "$tmp/warn.yaml";      has "$out" '^  at: /metadata/labels/flag$'

# Limits.
run 2 check --max-size 8 "$demo";     has "$out" "^$demo: error\\[MCP-YAML-008\\]: input exceeds the limit of 8 bytes"; hasnt "$out" "rules/"  # not the bundled data
run 2 check --max-size=1K "$demo";    has "$out" 'MCP-YAML-008'
run 0 check --max-size=1M "$demo"

# Byte-stable output.
"$MCPC" check --color=never fixtures/yaml >"$tmp/a" 2>&1
"$MCPC" check --color=never fixtures/yaml >"$tmp/b" 2>&1
if cmp -s "$tmp/a" "$tmp/b"; then ok; else bad "output differs between two runs"; fi

# A file named like an option, after --.
cp "$tmp/warn.yaml" "$tmp/-w.yaml"
(cd "$tmp" && NO_COLOR= "$MCPC" check -- -w.yaml >"$out" 2>"$err")
if [ $? -eq 0 ]; then ok; else bad "-- did not end the options"; fi
has "$out" '^-w.yaml:6:18'

# mcpc validate: any schema, any YAML or JSON.
mkdir -p "$tmp/s/lib"
cat >"$tmp/s/schema.yaml" <<'SCHEMA'
$schema: https://json-schema.org/draft/2020-12/schema
type: object
additionalProperties: false
required: [name]
properties:
  name: {type: string, pattern: "^[a-z]+$"}
  port: {$ref: "lib/common.json#/$defs/port"}
  remote: {$ref: "http://schemas.test/remote.json"}
  when: {type: string, format: date}
SCHEMA
echo '{"$defs": {"port": {"type": "integer", "minimum": 1, "maximum": 65535}}}' >"$tmp/s/lib/common.json"
mkdir -p "$tmp/remote"
echo '{"type": "boolean"}' >"$tmp/remote/remote.json"
printf 'name: web\nport: 80\n' >"$tmp/s/ok.yaml"
printf 'name: Web\nport: 70000\nnmae: x\n' >"$tmp/s/bad.yaml"
printf '{"name": "web", "when": "2024-02-30"}' >"$tmp/s/date.json"
printf 'name: web\nremote: true\n' >"$tmp/s/remote.yaml"
run 2 validate "$tmp/s/ok.yaml";                      lines "$err" 1; has "$err" -- '--schema is required'
run 2 validate --schema "$tmp/s/schema.yaml";         lines "$err" 1; has "$err" 'no files given'
run 0 validate --schema "$tmp/s/schema.yaml" "$tmp/s/ok.yaml"; hasnt "$out" 'error\['
run 1 validate --schema "$tmp/s/schema.yaml" "$tmp/s/bad.yaml"
has "$out" 'bad.yaml:1:7: error\[MCP-SCHEMA-005\]: name: "Web" does not match the pattern'
has "$out" 'bad.yaml:2:7: error\[MCP-SCHEMA-006\]: port: 70000 is more than the maximum 65535'
has "$out" "bad.yaml:3:1: error\\[MCP-SCHEMA-001\\]: unknown property 'nmae'"
has "$out" "hint: did you mean 'name'\\?"
run 0 validate --schema "$tmp/s/schema.yaml" "$tmp/s/date.json"
run 1 validate --strict-formats --schema "$tmp/s/schema.yaml" "$tmp/s/date.json"
has "$out" 'is not a valid date'
run 1 validate --schema "$tmp/s/schema.yaml" "$tmp/s/remote.yaml"
has "$out" "warning\\[MCP-SCHEMA-000\\].*cannot resolve the reference 'http://schemas.test/remote.json'"
run 0 validate --ref-map "http://schemas.test/=$tmp/remote/" --schema "$tmp/s/schema.yaml" "$tmp/s/remote.yaml"
run 2 validate --ref-map nonsense --schema "$tmp/s/schema.yaml" "$tmp/s/ok.yaml"; lines "$err" 1
printf '{"maximum": 5, "exclusiveMaximum": true}' >"$tmp/s/d4.json"
echo 5 >"$tmp/s/five.yaml"
run 2 validate --schema "$tmp/s/d4.json" "$tmp/s/five.yaml"
has "$out" 'exclusiveMaximum must be a number'
run 1 validate --draft 4 --schema "$tmp/s/d4.json" "$tmp/s/five.yaml"
run 2 validate --draft 5 --schema "$tmp/s/d4.json" "$tmp/s/five.yaml"; lines "$err" 1
printf '{"type": "object", "pattern": "(["}' >"$tmp/s/broken.json"
run 2 validate --schema "$tmp/s/broken.json" "$tmp/s/ok.yaml"
has "$out" 'error\[MCP-SCHEMA-000\].*invalid regular expression'
printf 'a: 1\n---\nb: 2\n' >"$tmp/s/two.yaml"
run 2 validate --schema "$tmp/s/two.yaml" "$tmp/s/ok.yaml";  has "$out" 'exactly one document'
printf 'name: web\n---\nname: Bad\n' >"$tmp/s/stream.yaml"
run 1 validate --schema "$tmp/s/schema.yaml" "$tmp/s/stream.yaml"; has "$out" 'stream.yaml:3:7'

# mcpc schema: what editors and other validators get.
run 0 schema;                         has "$out" '"\$id": "https://schemas.mcpc.example/v1/mcp.schema.json"'
cp "$out" "$tmp/bundle.json"
run 0 validate --schema "$tmp/bundle.json" fixtures/specs/valid
run 1 validate --schema "$tmp/bundle.json" fixtures/specs/invalid/typo-replicas-key.mcp.yaml
run 0 schema ModelDeployment;         has "$out" 'model-deployment.schema.json'
run 0 schema --list;                  has "$out" '^ModelDeployment$'
run 2 schema ModelDeploymnt;          lines "$err" 1; has "$err" "did you mean 'ModelDeployment'"

# mcpc version-match: true/false as the exit status, 2 for malformed input.
run 0 version-match 1.2.3 '^1.0.0';            has "$out" '^true$'
run 1 version-match 2.0.0 '^1.0.0';            has "$out" '^false$'
run 1 version-match 1.2.3-beta.1 '>=1.0.0';    has "$out" '^false$'
run 0 version-match 1.2.3-beta.2 '>=1.2.3-beta.1 <1.3.0'
run 0 version-match 1.2.7 '1.2.3 - 1.2.x'
run 0 version-match v1.2.3 '~1.2 || >=3'
run 2 version-match 1.2 '^1.0.0';              lines "$err" 1; has "$err" "'1.2' is not a SemVer version"
run 2 version-match 1.2.3 '~1.2.3.4';          lines "$err" 1; has "$err" 'not a valid npm range'
run 2 version-match 1.2.3;                     lines "$err" 1
long=$(printf '%0300d' 0 | tr 0 a)
run 2 version-match 1.2.3 "^1.2.3-$long";      has "$err" 'not a valid npm range'
run 2 version-match --scheme pep8 1 1;         lines "$err" 1
run 0 version-match --scheme dotted 550.54.15 '>=545, <560'
run 1 version-match --scheme dotted 535.86.10 '>=545'
run 0 version-match --scheme dotted 550.54.15 '550.*'
run 0 version-match --scheme calver 24.05 '>=24.01, <25.01 || 23.12'
run 2 version-match --scheme calver 24.13 '>=24.01'
run 0 version-match --scheme pep440 1.4.2 '~=1.4, !=1.4.1'
run 1 version-match --scheme pep440 2.0rc1 '>=1.0'
run 0 version-match --scheme pep440 1.0.5 '==1.0.*'
run 2 version-match --scheme pep440 1.0 '=>1.0';   has "$err" 'not a valid PEP 440 specifier'
run 0 version-match --scheme go v1.9.1 '>=1.8.0 <1.10.0'
run 0 version-match --scheme go v2.1.0+incompatible '>=2'
run 2 version-match --scheme go 1.9.1 '>=1.8.0';   has "$err" 'not a Go module version'
run 0 version-match --scheme helm v1.4 '>= 1.2, < 2'
run 1 version-match --scheme helm 1.3.0-beta.1 '>=1.2'
run 0 version-match --scheme helm 1.2.9 '<=1.2'
run 1 version-match --scheme helm 1.2.5 '>1.2'
run 0 version-match --scheme helm 1.4.0 '1.2 - 1.4 || 3.x'
run 2 version-match --scheme helm 1.2.3 '';        has "$err" 'not a valid Helm version constraint'
run 2 version-match --scheme helm 1.2.3-01 '*';    has "$err" 'not a Helm .SemVer. version'
# a long list that fails at its end: answered at once, not backtracked
spaces=$(awk 'BEGIN { for (i = 0; i < 300; i++) printf ">=1.0.0     " ; printf "!" }')
run 2 version-match --scheme helm 1.2.3 "$spaces"; has "$err" 'not a valid Helm version constraint'
run 2 version-match --scheme helm 1.2.3 "$(printf '%05000d' 1)"; has "$err" 'longer than 4096 bytes'
printf '1.2.3\t^1.0.0\n2.0.0\t^1.0.0\nnope\t*\nno tab\n' >"$tmp/pairs.tsv"
NO_COLOR= "$MCPC" version-match --batch <"$tmp/pairs.tsv" >"$out" 2>"$err"
if [ $? -eq 0 ]; then ok; else bad "version-match --batch exit"; fi
lines "$out" 4
if [ "$(sed -n 1p "$out")" = true ] && [ "$(sed -n 2p "$out")" = false ] &&
	sed -n 3p "$out" | grep -q "^error: 'nope' is not a SemVer version" &&
	sed -n 4p "$out" | grep -q '^error: expected VERSION<TAB>RANGE'; then ok
else bad "version-match --batch answers"; fi

# Kubernetes version skew: every kubelet and the kubectl get a report row.
run 1 report fixtures/specs/compat/kubelet-kubectl-skew.mcp.yaml
has "$out" "^node pool 'cpu-pool' kubelet  *1.26.15 .* >=1.26, <=1.29  *ok "
has "$out" "^node pool 'gpu-a100' kubelet  *1.30.1 .* conflict  *MCP-COMPAT-007 "
has "$out" "^kubectl  *1.27.3 .* warning  *MCP-COMPAT-008 "
# The compatibility matrix: bundled rows, rows added or replaced with --matrix.
run 1 check fixtures/specs/compat/driver-too-old.mcp.yaml
has "$out" 'error\[MCP-COMPAT-002\]: node pool .gpu-a100. has NVIDIA driver 535.54.03, but Triton 24.05'
has "$out" 'source: NVIDIA Triton Inference Server release notes, release 24.05'
mkdir -p "$tmp/matrix"
cat >"$tmp/matrix/site.yaml" <<'MATRIX'
apiVersion: ai102.mcp/v1
kind: CompatibilityMatrix
metadata: {name: site}
spec:
  triton:
    - {release: "24.05", cuda: "12.4", minDriver: "530", minComputeCapability: "6.0", source: our own tests}
    - {release: "24.04", cuda: "12.4", minDriver: "545", minComputeCapability: "6.0", source: our own tests}
MATRIX
run 0 check --matrix "$tmp/matrix" fixtures/specs/compat/driver-too-old.mcp.yaml
run 0 check --matrix "$tmp/matrix" --fail-on warning fixtures/specs/compat/triton-unknown.mcp.yaml
# The project file's matrix folders count for check and for report alike.
printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: m}\nspec:\n  matrix: [matrix]\n' >"$tmp/matrix-project.yaml"
run 1 report fixtures/specs/compat/driver-too-old.mcp.yaml
has "$out" '^NVIDIA driver \(node pool gpu-a100\) .* conflict  *MCP-COMPAT-002 '
run 0 report --config "$tmp/matrix-project.yaml" fixtures/specs/compat/driver-too-old.mcp.yaml
has "$out" '^NVIDIA driver \(node pool gpu-a100\) .*>=530 .* ok  .*our own tests$'
run 0 check --config "$tmp/matrix-project.yaml" fixtures/specs/compat/driver-too-old.mcp.yaml
run 2 report --config "$tmp/nowhere.yaml" fixtures/specs/compat/driver-too-old.mcp.yaml
lines "$out" 0; has "$err" 'nowhere.yaml: error\[MCP-IO-001\]'
printf 'apiVersion: ai102.mcp/v1\nkind: CompatibilityMatrix\nmetadata: {name: bad}\nspec:\n  triton:\n    - {release: "24.5", cuda: "12.4", minDriver: "545"}\n' >"$tmp/matrix/bad.yaml"
run 2 check --matrix "$tmp/matrix" "$demo"
has "$out" 'bad.yaml:6:17: error\[MCP-SCHEMA-005\]'
has "$out" "missing required property 'source'"
has "$out" 'error\[MCP-COMPAT-000\]: the compatibility matrix is invalid'
has "$out" "hint: fix the matrix file, or take it out of the matrix folders"
# in a file of several documents, at the one that is invalid
printf -- '---\napiVersion: ai102.mcp/v1\nkind: CompatibilityMatrix\nmetadata: {name: ok}\nspec: {}\n---\n' >"$tmp/matrix/bad.yaml.2"
cat "$tmp/matrix/bad.yaml" >>"$tmp/matrix/bad.yaml.2" && mv "$tmp/matrix/bad.yaml.2" "$tmp/matrix/bad.yaml"
run 2 check --matrix "$tmp/matrix" "$demo"
has "$out" 'bad.yaml:7:1: error\[MCP-COMPAT-000\]'
run 2 check --matrix "$tmp/nowhere" "$demo";   has "$out" 'nowhere: error\[MCP-IO-001\]'
run 0 check rules/compat/matrix.yaml
run 0 check rules/rbac/permissions.yaml fixtures/projects/opt-in.mcpc.yaml fixtures/projects/groups.mcpc.yaml
run 0 schema --list;                    has "$out" "^Project$"; has "$out" "^Permissions$"
mkdir -p "$tmp/window"
printf 'apiVersion: ai102.mcp/v1\nkind: CompatibilityMatrix\nmetadata: {name: window}\nspec:\n  kubernetes: {supported: ">=1.32, <=1.35", source: our own tests}\n' >"$tmp/window/w.yaml"
run 1 check --fail-on warning --matrix "$tmp/window" "$demo"
has "$out" "warning\\[MCP-COMPAT-006\\]: Kubernetes 1.29.4 is outside the supported window >=1.32, <=1.35"
run 0 check --matrix "$tmp/window" "$demo"

# Declared ranges (package.json, requirements.txt) against library rows:
# disjoint is an error, wider than allowed a warning, inside it ok.
mkdir -p "$tmp/npm"
cat >"$tmp/npm/npm.yaml" <<'MATRIX'
apiVersion: ai102.mcp/v1
kind: CompatibilityMatrix
metadata: {name: npm}
spec:
  libraries:
    - {ecosystem: npm, name: express, allowed: ">=4.19.2 <5.0.0", source: our own tests}
    - {ecosystem: npm, name: "@grpc/grpc-js", allowed: ">=1.10.0", source: our own tests}
    - {ecosystem: npm, name: jest, allowed: ">=29.0.0 <30.0.0", source: our own tests}
    - {ecosystem: pypi, name: tritonclient, allowed: ">=2.45", source: our own tests}
MATRIX
run 1 report --matrix "$tmp/npm" fixtures/repo/deploy.mcp.yaml
has "$err" 'requirements.txt:4:19: warning\[MCP-COMPAT-013\]: tritonclient >=2.41,<3 admits versions outside the allowed range >=2.45'
has "$err" 'package.json:6:22: error\[MCP-COMPAT-010\]: @grpc/grpc-js ~1.9.0 admits no version in the allowed range >=1.10.0'
has "$err" 'package.json:5:16: warning\[MCP-COMPAT-013\]: express \^4.18.2 admits versions outside the allowed range'
has "$out" '^jest  *29.x  *fixtures/repo/services/web/package.json:9:13 .* ok '

# Rule packs: every bundled rule has a fixture that fires it, and no valid
# fixture fires any rule of a pack (mcpc's own rules, marked fixed, are
# the golden cases' and tests/sarif.sh's).
run 0 rules
has "$out" '^MCP-IMG-001 +error +images +Service images carry a pinned tag'
for id in $(NO_COLOR= "$MCPC" rules | grep -v ' (fixed' | cut -d' ' -f1); do
	f=fixtures/specs/rules/$id.mcp.expected
	if [ -f "$f" ] && grep -q "\[$id\]" "$f"; then ok
	else bad "rule $id has no fixture that fires it ($f)"; fi
	if grep -l "\[$id\]" fixtures/specs/valid/*.expected >/dev/null 2>&1; then
		bad "a valid fixture fires $id"
	else ok; fi
done
# The standard's mandatory parts: the spec with only the required fields
# (target and inference) gets one error for each row of the table in
# docs/rules.md, from that row's rule, and nothing else; the smallest spec
# that gives every part has none.
mandatory=$(sed -n '/^## The standard.s mandatory items$/,/^## /p' docs/rules.md |
	sed -n 's/^| `spec[^|]*|[^|]*| \(MCP-[A-Z]*-[0-9]*\) |$/\1/p' | LC_ALL=C sort)
nmandatory=$(printf '%s\n' "$mandatory" | grep -c '^MCP-')
if [ "$nmandatory" -ge 5 ]; then ok; else bad "docs/rules.md lists $nmandatory mandatory parts, expected at least 5"; fi
run 1 check --format json fixtures/specs/standard/minimal.mcp.yaml
got=$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["findings"]; print("\n".join(sorted(x["rule"] for x in f)))' "$out")
nerrors=$(python3 -c 'import json,sys; print(sum(1 for x in json.load(open(sys.argv[1]))["findings"] if x["severity"] == "error"))' "$out")
if [ "$nerrors" -eq "$nmandatory" ]; then ok
else bad "the only-required-fields spec has $nerrors errors, the standard $nmandatory mandatory parts"; fi
if [ "$got" = "$mandatory" ]; then ok
else bad "the only-required-fields spec fires [$(echo $got)], the mandatory table lists [$(echo $mandatory)]"; fi
run 0 check fixtures/specs/valid/smallest.mcp.yaml
hasnt "$out" '(error|warning|info)\['
# The standard's rules at their edges: defaults taken for absent values,
# parts declared but incomplete, the names each rule accepts.
v=fixtures/specs/valid/fraud-scoring.mcp.yaml
# edge NAME 'SED': a copy of the valid demo spec with one change
# (its dependency manifest left out, on a line of its own, so lines stay)
edge() { sed "s|^      dependencies: .*|      # no dependencies|; $2" "$v" >"$tmp/$1.mcp.yaml"; }
edge ka-time 's/keepalive: {time: 30s, timeout: 10s, permitWithoutStream: true}/keepalive: {time: 30s}/'
run 0 check "$tmp/ka-time.mcp.yaml";   hasnt "$out" 'MCP-GRPC-00[35]'
edge ka-nopermit 's/keepalive: {time: 30s, timeout: 10s, permitWithoutStream: true}/keepalive: {permitWithoutStream: false}/'
run 0 check "$tmp/ka-nopermit.mcp.yaml"
has "$out" 'ka-nopermit.mcp.yaml:40:40: warning\[MCP-GRPC-003\]: permitWithoutStream is false, and the keepalive time \(the default 30s\)'
edge ka-slow 's/keepalive: {time: 30s, timeout: 10s, permitWithoutStream: true}/keepalive: {time: 5m, permitWithoutStream: false}/'
run 0 check "$tmp/ka-slow.mcp.yaml";   hasnt "$out" 'MCP-GRPC-00[35]'
edge ka-timeout 's/keepalive: {time: 30s, timeout: 10s, permitWithoutStream: true}/keepalive: {timeout: 45s}/'
run 0 check "$tmp/ka-timeout.mcp.yaml"
has "$out" 'warning\[MCP-GRPC-005\]: the keepalive timeout 45s is not shorter than the keepalive time \(the default 30s\)'
edge ka-fast 's/keepalive: {time: 30s, timeout: 10s, permitWithoutStream: true}/keepalive: {time: 10s}/'
run 0 check "$tmp/ka-fast.mcp.yaml"
has "$out" 'warning\[MCP-GRPC-005\]: the keepalive time 10s is not longer than the keepalive timeout \(the default 10s\)'
edge tmo-ok 's/timeouts: {connect: 1s, responseHeader: 2s, request: 5s}/timeouts: {connect: 1s, request: 5s}/'
run 0 check "$tmp/tmo-ok.mcp.yaml";    hasnt "$out" 'MCP-TMO'
edge port-default 's/ports: {http: 8000, grpc: 8001, metrics: 8002}/ports: {grpc: 8000}/'
run 1 check "$tmp/port-default.mcp.yaml"
has "$out" "port-default.mcp.yaml:37:19: error\\[MCP-PORT-001\\]: port 8000 is both the server's gRPC port and its HTTP port \\(Triton's default\\)"
edge port-http 's/ports: {http: 8000, grpc: 8001, metrics: 8002}/ports: {http: 8002}/'
run 1 check "$tmp/port-http.mcp.yaml"
has "$out" "error\\[MCP-PORT-001\\]: port 8002 is both the server's HTTP port and its metrics port"
edge svc-twice 's/^  config:$/    - {name: user, image: registry.example.com\/user:1.4.3, port: 50052}\n  config:/'
run 1 check "$tmp/svc-twice.mcp.yaml"
has "$out" "error\\[MCP-NAME-001\\]: service 'user' is defined twice"
has "$out" 'svc-twice.mcp.yaml:51:13: note: the first service of that name'
edge pool-twice 's/^  registry:$/    - {name: gpu-a100, cpu: 16, memory: 64Gi}\n  registry:/'
run 1 check "$tmp/pool-twice.mcp.yaml"
has "$out" "error\\[MCP-NAME-001\\]: node pool 'gpu-a100' is defined twice"
edge telnet-socket 's/disabledServices: \[telnet\]/disabledServices: [rsh, telnet.socket]/'
run 0 check "$tmp/telnet-socket.mcp.yaml"; hasnt "$out" 'MCP-HOST-005'
edge no-disabled '/disabledServices: \[telnet\]/d'
run 1 check "$tmp/no-disabled.mcp.yaml"
has "$out" 'no-disabled.mcp.yaml:74:7: error\[MCP-HOST-005\]: the host baseline lists no disabled services, so telnet is not disabled'
edge no-shadow-mode 's|fileModes: {/etc/passwd: "0644", /etc/shadow: "0400"}|fileModes: {/etc/passwd: "0644"}|'
run 1 check "$tmp/no-shadow-mode.mcp.yaml"
has "$out" 'error\[MCP-HOST-002\]: /etc/shadow has mode \(missing\)'
hasnt "$out" 'MCP-HOST-003'
edge numeric-owner 's|fileOwners: {/etc/passwd: "root:root", /etc/shadow: "root:root"}|fileOwners: {/etc/passwd: "0:0", /etc/shadow: "root:0"}|'
run 0 check "$tmp/numeric-owner.mcp.yaml"; hasnt "$out" 'MCP-HOST-006'
edge bad-owner 's|fileOwners: {/etc/passwd: "root:root", /etc/shadow: "root:root"}|fileOwners: {/etc/passwd: "root", /etc/shadow: "Root:root"}|'
run 1 check "$tmp/bad-owner.mcp.yaml"
has "$out" 'error\[MCP-SCHEMA-005\]: spec.security.hostBaseline.fileOwners\["/etc/passwd"\]'
has "$out" 'error\[MCP-SCHEMA-005\]: spec.security.hostBaseline.fileOwners\["/etc/shadow"\]'
hasnt "$out" 'MCP-HOST-006'
edge empty-baseline 's/^    hostBaseline:$/    hostBaseline: {}\n    x-old:/; /^    x-old:$/,/^  rbac:$/{/^  rbac:$/!d}'
run 1 check "$tmp/empty-baseline.mcp.yaml"
hasnt "$out" 'MCP-HOST-004'
for r in HOST-002 HOST-003 HOST-005; do has "$out" "error\\[MCP-$r\\]"; done
n=$(grep -c 'error\[MCP-HOST-006\]' "$out")
if [ "$n" -eq 2 ]; then ok; else bad "an empty host baseline gets $n MCP-HOST-006 findings, expected 2"; fi
edge no-deployer 's/permissions: \[deploy, logs\]/permissions: [logs]/'
run 1 check "$tmp/no-deployer.mcp.yaml"
has "$out" "error\\[MCP-RBAC-013\\]: no role holds a permission of the deploy duty: the standard's operations administrator"
hasnt "$out" 'MCP-RBAC-013.*audit duty'
edge no-roles 's/^    roles:$/    roles: []\n    x-old:/; /^    x-old:$/,/^  rollout:$/{/^  rollout:$/!d}'
run 1 check "$tmp/no-roles.mcp.yaml"
has "$out" 'error\[MCP-RBAC-011\]'; hasnt "$out" 'MCP-RBAC-013'
edge oidc-http 's|jwksUri: https://login.example.com/.well-known/jwks.json|jwksUri: HTTPS://login.example.com/.well-known/jwks.json|; s|issuer: https://login.example.com/|issuer: http://login.example.com/|'
run 1 check "$tmp/oidc-http.mcp.yaml"
has "$out" 'error\[MCP-GW-004\]: spec.gateway.auth.issuer is http://login.example.com/'
hasnt "$out" 'MCP-GW-004.*jwksUri'
edge ecr 's|server: registry.example.com|server: 123456789012.dkr.ecr.eu-west-1.amazonaws.com|; /pullSecret: regcred/d; s|registry.example.com/|123456789012.dkr.ecr.eu-west-1.amazonaws.com/|g'
run 0 check "$tmp/ecr.mcp.yaml";       hasnt "$out" 'MCP-IMG-00[46]'
# an environment that drops a mandatory part, or a role, is held to the standard too
edge env-drop 's/^    prod: {inference: {replicas: 4}}$/    prod: {inference: {replicas: 4}, gateway: null, rbac: {roles: [{name: ops-admin, permissions: [deploy], subjects: [{group: ops-team}]}]}}/'
run 1 check "$tmp/env-drop.mcp.yaml"
has "$out" 'error\[MCP-GW-002\]: environment prod: the spec declares no API gateway'
has "$out" 'error\[MCP-RBAC-013\]: environment prod: no role holds a permission of the audit duty'
hasnt "$out" 'MCP-GW-002\]: the spec'
# the disruption budget at the fewest pods the server runs: replicas (2
# when absent), or the autoscaler's minimum; percentages rounded up
noscale='/^    autoscaling: /d'
edge pdb-default "$noscale; s/^    replicas: 2$/    # replicas left out/; s/disruptionBudget: {minAvailable: 1}/disruptionBudget: {minAvailable: 2}/"
run 1 check "$tmp/pdb-default.mcp.yaml"
has "$out" 'error\[MCP-AVL-002\]: disruptionBudget.minAvailable 2 leaves no pod to evict at 2 replicas \(the default\)'
edge pdb-default-ok "$noscale; s/^    replicas: 2$/    # replicas left out/"
run 0 check "$tmp/pdb-default-ok.mcp.yaml"; hasnt "$out" 'MCP-AVL-002'
edge pdb-pct "$noscale; s/disruptionBudget: {minAvailable: 1}/disruptionBudget: {minAvailable: \"51%\"}/"
run 1 check "$tmp/pdb-pct.mcp.yaml"
has "$out" 'error\[MCP-AVL-002\]: disruptionBudget.minAvailable 51% leaves no pod to evict at 2 replicas'
has "$out" 'note: the replica count'
edge pdb-half "$noscale; s/disruptionBudget: {minAvailable: 1}/disruptionBudget: {minAvailable: \"50%\"}/"
run 0 check "$tmp/pdb-half.mcp.yaml"; hasnt "$out" 'MCP-AVL-002'
edge pdb-maxu "s/disruptionBudget: {minAvailable: 1}/disruptionBudget: {maxUnavailable: \"0%\"}/"
run 1 check "$tmp/pdb-maxu.mcp.yaml"
has "$out" "error\\[MCP-AVL-002\\]: disruptionBudget.maxUnavailable 0% leaves no pod to evict at the autoscaler's minimum of 2 pods"
edge pdb-hpa-min 's/autoscaling: {minReplicas: 2, /autoscaling: {/'
run 1 check "$tmp/pdb-hpa-min.mcp.yaml"
has "$out" "error\\[MCP-AVL-002\\]: disruptionBudget.minAvailable 1 leaves no pod to evict at the autoscaler's minimum of 1 pod"
edge pdb-single "$noscale; s/^    replicas: 2$/    replicas: 1/; s/disruptionBudget: {minAvailable: 1}/disruptionBudget: {maxUnavailable: 0}/"
run 1 check "$tmp/pdb-single.mcp.yaml"
hasnt "$out" 'MCP-AVL-002\]: disruptionBudget'
has "$out" 'error\[MCP-AVL-002\]: environment prod: disruptionBudget.maxUnavailable 0 leaves no pod to evict at 4 replicas:'
# MCP-GRPC-004, when a project turns it on, sees the standard's 50Mi that
# an absent size takes; off, it says nothing
edge msg-absent '/^      maxRecvMessageSize: 50Mi$/d'
run 0 check --config fixtures/projects/opt-in.mcpc.yaml "$tmp/msg-absent.mcp.yaml"
has "$out" "info\\[MCP-GRPC-004\\]: the gRPC message size is the standard's 50Mi \\(the default\\), above gRPC's 4 MiB default"
edge msg-small 's/^      maxRecvMessageSize: 50Mi$/      maxRecvMessageSize: 4Mi/'
run 0 check --config fixtures/projects/opt-in.mcpc.yaml "$tmp/msg-small.mcp.yaml"; hasnt "$out" 'MCP-GRPC-004'
run 0 check "$tmp/msg-absent.mcp.yaml"; hasnt "$out" 'MCP-GRPC-004'
# MCP-RES-004 compares ephemeral storage under either name, on the server
# and on every service; equal, or one side absent, passes
res='s/requests: {cpu: "4", memory: 8Gi}/requests: {cpu: "4", memory: 8Gi, REQ}/; s/limits: {cpu: "8", memory: 16Gi}/limits: {cpu: "8", memory: 16Gi, LIM}/'
edge eph-same "$(echo "$res" | sed 's/REQ/ephemeral-storage: 2Gi/; s/LIM/ephemeral-storage: 1Gi/')"
run 1 check "$tmp/eph-same.mcp.yaml"
has "$out" 'eph-same.mcp.yaml:31:60: error\[MCP-RES-004\]: the ephemeral-storage request 2Gi is above the limit 1Gi'
edge eph-mixed "$(echo "$res" | sed 's/REQ/ephemeral-storage: 600Gi/; s/LIM/storage: 500Gi/')"
run 1 check "$tmp/eph-mixed.mcp.yaml"
has "$out" 'error\[MCP-RES-004\]: the ephemeral-storage request 600Gi is above the limit 500Gi'
has "$out" 'eph-mixed.mcp.yaml:32:49: note: the ephemeral-storage limit'
edge eph-equal "$(echo "$res" | sed 's/REQ/storage: 500Gi/; s/LIM/ephemeral-storage: "536870912000"/')"
run 0 check "$tmp/eph-equal.mcp.yaml"; hasnt "$out" 'MCP-RES-004'
edge eph-nolimit 's/requests: {cpu: "4", memory: 8Gi}/requests: {cpu: "4", memory: 8Gi, storage: 500Gi}/'
run 0 check "$tmp/eph-nolimit.mcp.yaml"; hasnt "$out" 'MCP-RES-004'
edge eph-svc 's/^      env: {LOG_LEVEL: INFO}$/      resources: {requests: {cpu: 100m, memory: 64Mi, storage: 2Gi}, limits: {memory: 128Mi, storage: 1Gi}}/'
run 1 check "$tmp/eph-svc.mcp.yaml"
has "$out" 'error\[MCP-RES-004\]: the ephemeral-storage request 2Gi is above the limit 1Gi'
run 0 rules --format json;              has "$out" '"id": "MCP-GW-001"'
has "$out" '"enabled": false'
grep -q "Off by default" docs/rules/MCP-IMG-005.md && ok || bad "docs/rules/MCP-IMG-005.md does not say the rule is off by default"
for id in $(NO_COLOR= "$MCPC" rules | grep -v ' (fixed' | cut -d' ' -f1); do
	if NO_COLOR= "$MCPC" explain "$id" | grep -q '^A spec that fires it:$'; then ok
	else bad "mcpc explain $id gives no example"; fi
	# every bundled rule says where the standard asks for it, or why not
	if NO_COLOR= "$MCPC" explain "$id" | grep -Eq '^standard: [A-Z].*\(|^standard: none: '; then ok
	else bad "mcpc explain $id names no part of the standard"; fi
	if grep -Eq '^Standard: .+\.$' "docs/rules/$id.md"; then ok
	else bad "docs/rules/$id.md names no part of the standard"; fi
done
run 0 rules --format json
has "$out" '"standard": "Security baseline \(systemctl disable telnet\)"'
# a site's pack may say it too; the schema takes no empty one
mkdir -p "$tmp/stdpack"
printf 'apiVersion: ai102.mcp/v1\nkind: RulePack\nmetadata: {name: s}\nspec:\n  rules:\n    - {id: SITE-X-001, title: t, severity: info, category: config, description: d, match: /spec/x, assert: {present: false}, message: m, standard: ""}\n' >"$tmp/stdpack/p.yaml"
run 1 check "$tmp/stdpack/p.yaml"
has "$out" 'error\[MCP-SCHEMA-[0-9]*\]: spec.rules\[0\].standard'
sed -i 's/standard: ""/standard: "none: the site'"'"'s own"/' "$tmp/stdpack/p.yaml"
run 0 explain --rules "$tmp/stdpack" SITE-X-001
has "$out" "^standard: none: the site's own$"
run 0 explain MCP-RES-001
has "$out" '^MCP-RES-001 \(error, resources\): CPU requests are at most the CPU limits$'
has "$out" '^ +requests: \{cpu: "16", memory: 8Gi\}$'
has "$out" '^Fix: lower the request or raise the limit$'
# docs/spec.md is generated from the schema by make docs: stale, it fails
if NO_COLOR= "$MCPC" schema --doc ModelDeployment | cmp -s - docs/spec.md; then ok
else bad "docs/spec.md is missing or stale (run 'make docs')"; fi
has docs/spec.md '^\| `spec.inference.models\[\].storage.uri` \| string \|'
has docs/spec.md '^\| `spec.target.cloud` \| string, required \|.*one of `"azure"`'
run 2 schema --doc Nope; has "$err" 'unknown kind'
# docs/compat-matrix.md is the bundled matrix, written by make docs with
# mcpc matrix; stale, it fails. The JSON form is a matrix file mcpc reads
# back unchanged; a project's matrix folders count.
if NO_COLOR= "$MCPC" matrix | cmp -s - docs/compat-matrix.md; then ok
else bad "docs/compat-matrix.md is missing or stale (run 'make docs')"; fi
has docs/compat-matrix.md '^\| 24\.05 \| 12\.4 \| 545 \| 470\.57, 525\.85, 535\.86, 545\.23 \|.*\| NVIDIA Triton Inference Server release notes, release 24\.05 \|$'
has docs/compat-matrix.md '^## kubernetesApis$'
mkdir -p "$tmp/mx"
run 0 matrix --format json; cp "$out" "$tmp/mx/effective.json"
run 0 check "$tmp/mx/effective.json"
run 0 matrix --format json --matrix "$tmp/mx"; same "$tmp/mx/effective.json" "$out" "the matrix read back from its JSON differs"
printf 'apiVersion: ai102.mcp/v1\nkind: CompatibilityMatrix\nmetadata: {name: site}\nspec:\n  triton:\n    - {release: "24.05", cuda: "12.4", minDriver: "530", source: our own tests}\n' >"$tmp/mx/site.yaml"
printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: m}\nspec:\n  matrix: [mx]\n' >"$tmp/mx-project.yaml"
run 0 matrix --config "$tmp/mx-project.yaml"
has "$out" '^\| 24\.05 \| 12\.4 \| 530 \|.*\| our own tests \|$'
hasnt "$out" 'release notes, release 24\.05 \|'
printf 'apiVersion: ai102.mcp/v1\nkind: CompatibilityMatrix\nmetadata: {name: bad}\nspec:\n  helm: 3\n' >"$tmp/mx/site.yaml"
run 2 matrix --matrix "$tmp/mx"; lines "$out" 0; has "$err" 'error\[MCP-COMPAT-000\]'
run 2 matrix extra;         has "$err" 'takes no operands'
# docs/rules/ is generated by make docs and checked in: a stale page fails.
for id in $(NO_COLOR= "$MCPC" rules | cut -d' ' -f1); do
	if NO_COLOR= "$MCPC" explain --format markdown "$id" | cmp -s - "docs/rules/$id.md"; then ok
	else bad "docs/rules/$id.md is missing or stale (run 'make docs')"; fi
done
n_pages=$(ls docs/rules/MCP-*.md | wc -l)
n_rules=$(NO_COLOR= "$MCPC" rules | wc -l)
if [ "$n_pages" -eq "$n_rules" ]; then ok; else bad "docs/rules has $n_pages pages for $n_rules rules (run 'make docs')"; fi
run 2 explain --format json MCP-RES-001; lines "$err" 1
run 2 explain MCP-RES-01;               has "$err" "did you mean 'MCP-RES-001'"
run 2 explain;                          lines "$err" 1
run 2 rules extra;                      lines "$err" 1
mkdir -p "$tmp/rules"
cat >"$tmp/rules/site.yaml" <<'PACK'
apiVersion: ai102.mcp/v1
kind: RulePack
metadata: {name: site}
spec:
  rules:
    - id: MCP-POD-001
      title: "Pods run under the restricted profile (site policy, an error)"
      severity: error
      category: pod-security
      description: Site policy raises the bundled warning to an error.
      match: /spec/security/podSecurity
      assert: {equals: restricted}
      message: "podSecurity is '{value}'"
    - id: SITE-NS-001
      title: Namespaces start with team-
      severity: warning
      category: config
      description: Site naming policy.
      match: /metadata/namespace
      assert: {pattern: "^team-", minLength: 6}
      message: "namespace {value} at {pointer} does not start with team-"
PACK
run 1 check --rules "$tmp/rules" fixtures/specs/rules/MCP-POD-001.mcp.yaml
has "$out" "error\[MCP-POD-001\]: podSecurity is 'baseline'"
has "$out" 'warning\[SITE-NS-001\]: namespace mcp-system at /metadata/namespace does not start with team-'
run 0 rules --rules "$tmp/rules";       has "$out" '^SITE-NS-001 +warning'
printf 'apiVersion: ai102.mcp/v1\nkind: RulePack\nmetadata: {name: bad}\nspec:\n  rules:\n    - {id: X-1, title: t, severity: error, category: c, description: d, match: /spec, assert: {pattern: "(["}, message: m}\n' >"$tmp/rules/bad.yaml"
run 2 check --rules "$tmp/rules" "$demo"
has "$out" 'bad.yaml:6:.*error\[MCP-RULES-000\]: the regular expression is invalid'
rm "$tmp/rules/bad.yaml"
run 2 check --rules "$tmp/nowhere" "$demo";   has "$out" 'nowhere: error\[MCP-IO-001\]'
run 2 rules --rules "$tmp/nowhere";           has "$err" 'nowhere: error\[MCP-IO-001\]'
printf 'apiVersion: ai102.mcp/v1\nkind: Waivers\nmetadata: {name: x}\n' >"$tmp/rules/not-a-pack.yaml"
run 2 check --rules "$tmp/rules" "$demo";     has "$out" 'error\[MCP-RULES-000\]: a rules file holds RulePack or Permissions documents: Waivers'
rm "$tmp/rules/not-a-pack.yaml"

# Waivers that expire: reported as waived, not failing the run, until the
# date has passed (MCPC_TODAY sets the clock; the expiry day still counts).
w=fixtures/specs/waivers/waived.mcp.yaml
run 0 check "$w";                       has "$out" 'waived error\[MCP-IMG-001\]'
has "$out" '^  waived: the user image is rebuilt nightly until INC-4711 lands \(until 2099-12-31\)$'
has "$out" '^0 errors, 0 warnings, 0 infos, 1 waived$'
run 0 check --format json "$w";         has "$out" '"waived": "the user image'
has "$out" '"waived": 1'
run 0 check -q "$w";                    lines "$out" 0
export MCPC_TODAY=2099-12-31
run 0 check "$w"
export MCPC_TODAY=2100-01-01
run 1 check "$w"
has "$out" 'error\[MCP-WAIVER-EXPIRED\]: the waiver of MCP-IMG-001 expired on 2099-12-31'
has "$out" '^[^ ].*: error\[MCP-IMG-001\]'
# not a date: the real clock, from which 2099-12-31 is too far ahead
export MCPC_TODAY=not-a-date
run 1 check "$w"
has "$out" 'error\[MCP-WAIVER-003\]: the waiver of MCP-IMG-001 expires on 2099-12-31, more than 365 days after today'
export MCPC_TODAY=2099-07-01

# A waivers file (kind Waivers): --waivers FILE, or .mcpc-waivers.yaml in
# the current directory; unused entries are reported once, at the entry.
cat >"$tmp/waivers.yaml" <<'WAIVERS'
apiVersion: ai102.mcp/v1
kind: Waivers
metadata: {name: team-risk}
spec:
  waivers:
    - {rule: MCP-IMG-001, file: "fixtures/specs/rules/MCP-IMG-*.mcp.yaml", pointer: /spec/services, reason: "nightly image until INC-4711", expires: "2099-12-31"}
    - {rule: MCP-GW-001, file: "fixtures/specs/rules/*.yaml", reason: "TLS at the load balancer", expires: "2099-12-31"}
    - {rule: MCP-NET-001, file: "*", reason: "old", expires: "2020-01-31"}
WAIVERS
run 1 check --waivers "$tmp/waivers.yaml" fixtures/specs/rules/MCP-IMG-001.mcp.yaml
has "$out" 'waived error\[MCP-IMG-001\]'
has "$out" '^  waived: nightly image until INC-4711 \(until 2099-12-31\)$'
has "$out" 'waivers.yaml:8:.*error\[MCP-WAIVER-EXPIRED\]: the waiver of MCP-NET-001 for \* expired on 2020-01-31'
has "$out" 'waivers.yaml:7:.*warning\[MCP-WAIVER-002\]: the waiver of MCP-GW-001 for fixtures/specs/rules/\*.yaml matched no finding'
sed -i '/MCP-NET-001/d' "$tmp/waivers.yaml"
run 0 check --waivers "$tmp/waivers.yaml" fixtures/specs/rules/MCP-IMG-001.mcp.yaml fixtures/specs/rules/MCP-GW-001.mcp.yaml
has "$out" '^0 errors, 0 warnings, 0 infos, 2 waived$'
printf 'apiVersion: ai102.mcp/v1\nkind: Waivers\nmetadata: {name: x}\nspec:\n  waivers:\n    - {rule: MCP-IMG-001, file: "*", reason: r, expires: "2099-02-30"}\n' >"$tmp/badw.yaml"
run 1 check --waivers "$tmp/badw.yaml" fixtures/specs/rules/MCP-IMG-001.mcp.yaml
has "$out" 'badw.yaml:6:.*error\[MCP-WAIVER-001\]: the waiver of MCP-IMG-001 has no valid expiry date'
printf 'apiVersion: ai102.mcp/v1\nkind: Waivers\nmetadata: {name: x}\nspec:\n  waivers:\n    - {rule: MCP-IMG-001, file: "*"}\n' >"$tmp/badw.yaml"
run 2 check --waivers "$tmp/badw.yaml" "$demo"
has "$out" "missing required property 'reason'"
run 2 check --waivers "$tmp/nowhere.yaml" "$demo"
(mkdir -p "$tmp/cwd/fixtures/specs" && cp -r fixtures/specs/rules "$tmp/cwd/fixtures/specs/" &&
	cp "$tmp/waivers.yaml" "$tmp/cwd/.mcpc-waivers.yaml" && cd "$tmp/cwd" &&
	NO_COLOR= "$MCPC" check fixtures/specs/rules/MCP-IMG-001.mcp.yaml >"$out" 2>&1)
if grep -q 'waived error\[MCP-IMG-001\]' "$out"; then ok; else bad ".mcpc-waivers.yaml in the current directory is not read"; fi

# MCP-SEC-002 looks at every value of the spec, for each kind of secret.
for secret in "AKIAIOSFODNN7EXAMPLE" \
	"DefaultEndpointsProtocol=https;AccountName=a;AccountKey=$(printf '%044d' 0)" \
	"ghp_$(printf '%036d' 7)" "xoxb-1234567890-abcdef" \
	"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig" \
	"https://app:s3cret@db.example.com/" "-----BEGIN RSA PRIVATE KEY-----"; do
	sed "s|^  name: fraud-scoring .*|  name: fraud-scoring\n  annotations: {note: \"$secret\"}|" "$demo" >"$tmp/secret.yaml"
	run 1 check "$tmp/secret.yaml"
	has "$out" "error\\[MCP-SEC-002\\]: metadata.annotations.note holds secret material inline"
	hasnt "$out" "holds secret material inline.*$secret"
done

# Project files (.mcpc.yaml, kind Project): found in the current directory
# or the nearest parent, never above the top of a work tree (.git); or named
# with --config. Paths in it are relative to its own directory.
proj=$tmp/proj
mkdir -p "$proj/deploy/team" "$proj/policy" "$proj/.git"
cp fixtures/specs/rules/MCP-POD-001.mcp.yaml "$proj/deploy/team/pod.mcp.yaml"
cp fixtures/specs/rules/MCP-NET-002.mcp.yaml "$proj/deploy/team/calls.mcp.yaml"
cp -r fixtures/specs/rules/services "$proj/deploy/team/"
cat >"$proj/.mcpc.yaml" <<'PROJECT'
apiVersion: ai102.mcp/v1
kind: Project
metadata: {name: payments}
spec:
  rules:
    packs: [policy]
    disable: [MCP-NET-002]
    severity: {MCP-POD-001: error}
  failOn: warning
PROJECT
cat >"$proj/policy/site.yaml" <<'PACK'
apiVersion: ai102.mcp/v1
kind: RulePack
metadata: {name: site}
spec:
  rules:
    - {id: SITE-NS-001, title: Namespaces start with team-, severity: info, category: config, description: d, match: /metadata/namespace, assert: {pattern: "^team-"}, message: "namespace {value} does not start with team-", example: "metadata: {namespace: ml}"}
PACK
pcheck() { (cd "$proj/deploy/team" && NO_COLOR= "$MCPC" "$@" >"$out" 2>"$err"); echo $?; }
got=$(pcheck check pod.mcp.yaml)
if [ "$got" -eq 1 ]; then ok; else bad "check in a project exited $got, expected 1"; fi
has "$out" 'pod.mcp.yaml:[0-9]+:[0-9]+: error\[MCP-POD-001\]'   # re-levelled
has "$out" 'info\[SITE-NS-001\]: namespace mcp-system does not start with team-'  # the project's pack
got=$(pcheck check calls.mcp.yaml)
hasnt "$out" 'MCP-NET-002'                                     # disabled
# failOn: warning from the project; --fail-on on the command line wins.
got=$(pcheck check --fail-on error calls.mcp.yaml)
if [ "$got" -eq 0 ]; then ok; else bad "--fail-on error over the project's failOn exited $got"; fi
got=$(pcheck rules)
has "$out" '^MCP-POD-001 +error '
has "$out" '^SITE-NS-001 +info '
has "$out" '^MCP-NET-002 .*\(off\)$'
# Not above the top of the work tree: a project outside it is not read.
mkdir -p "$proj/deploy/repo/.git"
cp "$proj/deploy/team/pod.mcp.yaml" "$proj/deploy/repo/"
(cd "$proj/deploy/repo" && NO_COLOR= "$MCPC" check pod.mcp.yaml >"$out" 2>&1)
has "$out" 'warning\[MCP-POD-001\]'
# --config names the file; its waivers file sits beside it.
run 1 check --config "$proj/.mcpc.yaml" fixtures/specs/rules/MCP-POD-001.mcp.yaml
has "$out" 'error\[MCP-POD-001\]'
printf 'apiVersion: ai102.mcp/v1\nkind: Waivers\nmetadata: {name: w}\nspec:\n  waivers:\n    - {rule: MCP-POD-001, file: "*.mcp.yaml", reason: baseline until the agent is rebuilt, expires: "2099-12-31"}\n' >"$proj/.mcpc-waivers.yaml"
got=$(pcheck check pod.mcp.yaml)
has "$out" 'waived error\[MCP-POD-001\]'
rm "$proj/.mcpc-waivers.yaml"
# Turning on a rule that is off by default.
run 0 check fixtures/specs/rules/MCP-IMG-005.mcp.yaml;      hasnt "$out" 'MCP-IMG-005'
run 0 check --config fixtures/projects/opt-in.mcpc.yaml fixtures/specs/rules/MCP-IMG-005.mcp.yaml
has "$out" 'info\[MCP-IMG-005\]: image registry.example.com/user:1.4.2 is pinned by tag'
run 0 explain MCP-IMG-005;  has "$out" 'off: turn it on in .mcpc.yaml'
# The project's services: a call outside the spec and the list is reported.
printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: s}\nspec:\n  services: [auth]\n' >"$tmp/svc.yaml"
run 0 check --config "$tmp/svc.yaml" "$demo"
has "$out" "warning\\[MCP-NET-002\\]: service 'order' is neither a service of the spec nor one of the project's services"
hasnt "$out" "service 'auth'"
# A rule id the rules do not have, an invalid project, a missing file: exit 2.
printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: x}\nspec:\n  rules:\n    enable: [MCP-IMG-05]\n' >"$tmp/typo.yaml"
run 2 check --config "$tmp/typo.yaml" "$demo"
has "$out" 'typo.yaml:6:14: error\[MCP-PROJECT-001\]: no rule is called MCP-IMG-05; did you mean MCP-IMG-005\?'
run 2 rules --config "$tmp/typo.yaml";  has "$err" 'MCP-PROJECT-001'
printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: x}\nspec:\n  failOn: warnings\n' >"$tmp/badp.yaml"
run 2 check --config "$tmp/badp.yaml" "$demo"
has "$out" 'badp.yaml:5:11: error\[MCP-SCHEMA-'
has "$out" 'error\[MCP-PROJECT-001\]: the project file is invalid'
run 2 check --config fixtures/projects/groups.mcpc.yaml --config "$tmp/nowhere.yaml" "$demo"
has "$out" 'nowhere.yaml: error\[MCP-IO-001\]'
run 2 check --config "$tmp/waivers.yaml" "$demo"
has "$out" 'it is not one document of kind Project'

# Permission maps (kind Permissions) in --rules folders add or replace
# permissions by name.
mkdir -p "$tmp/perms"
cat >"$tmp/perms/p.yaml" <<'PERMS'
apiVersion: ai102.mcp/v1
kind: Permissions
metadata: {name: site}
spec:
  permissions:
    - {name: deploi, description: a site permission, duty: deploy, rules: [{apiGroups: [apps], resources: [deployments], verbs: [get]}]}
    - {name: logs, description: logs and secrets, duty: observe, rules: [{apiGroups: [""], resources: [pods/log, secrets], verbs: [get]}]}
PERMS
run 0 check --rules "$tmp/perms" fixtures/specs/rules/MCP-RBAC-001.mcp.yaml
hasnt "$out" 'MCP-RBAC-001\]'
has "$out" "warning\\[MCP-RBAC-003\\]: permission 'logs' reads Secrets"

# mcpc build: checks first; nothing is written when a finding reaches
# --fail-on; output all or nothing; --stdout; --check with a diff.
bt=$tmp/build-test
mkdir -p "$bt"
run 0 build --help;                     has "$out" '^usage: mcpc build'
run 2 build;                            lines "$err" 1
run 2 build --stdout -o "$bt/x" "$demo"; lines "$err" 1
run 2 build -e staging -o "$bt/b" "$demo"
has "$out" "error\\[MCP-BUILD-002\\]: no environment 'staging' in spec.environments"
run 1 build -o "$bt/b" fixtures/specs/rules/MCP-IMG-001.mcp.yaml
has "$out" 'error\[MCP-IMG-001\]'
if [ -e "$bt/b" ]; then bad "a failed build left $tmp/b"; else ok; fi
run 2 build -o "$bt/b" "$broken"
if [ -e "$bt/b" ]; then bad "a broken spec left $tmp/b"; else ok; fi
run 0 build -o "$bt/b" "$demo";        has "$err" "wrote $bt/b/"
for f in values.yaml values.schema.json manifests.yaml report.txt report.json; do
	if [ -f "$bt/b/$f" ]; then ok; else bad "build wrote no $f"; fi
done
ls -a "$bt" | grep -q '\.tmp-\|\.old-' && bad "build left a temporary folder in $tmp" || ok
run 0 build --check -o "$bt/b" "$demo"; lines "$out" 0
# the same input gives the same bytes
run 0 build -q -o "$bt/b2" "$demo"
if diff -r "$bt/b" "$bt/b2" >/dev/null; then ok; else bad "two builds of one spec differ"; fi
# one config value changed: only the ConfigMap (the demo reloads its
# configuration live, so the pods' config hashes stay; with hotReload
# false they change, tests/standard-defaults.sh)
sed 's/feature-toggle: true/feature-toggle: false/' "$demo" >"$bt/cfg.mcp.yaml"
mkdir -p "$bt/services/user" && cp fixtures/demo/services/user/go.mod "$bt/services/user/" 2>/dev/null
run 0 build -q -o "$bt/b3" "$bt/cfg.mcp.yaml"
diff "$bt/b/manifests.yaml" "$bt/b3/manifests.yaml" | grep '^[<>]' | grep -v 'mcpc.io/source\|\.mcp\.yaml#/' >"$bt/changed"
if grep -qv 'feature-toggle\|mcpc.io/config-hash' "$bt/changed"; then
	bad "a config value changed more than the ConfigMap and the hashes: $(head -3 "$bt/changed")"
else ok; fi
has "$bt/changed" 'feature-toggle: "false"'
hasnt "$bt/changed" 'mcpc.io/config-hash'
# --check: a stale folder is exit 1 with a unified diff
sed -i 's/replicas: 2/replicas: 3/' "$bt/b/manifests.yaml"
run 1 build --check -o "$bt/b" "$demo"
has "$out" "^--- $bt/b/manifests.yaml"
has "$out" '^-  replicas: 3$'
has "$out" '^\+  replicas: 2$'
has "$err" 'is stale'
run 1 build --check -o "$bt/none" "$demo"; has "$out" '^--- /dev/null'
# an environment, printed for an Argo CD plugin: manifests only
run 0 build -e prod --stdout "$demo"
has "$out" '^  replicas: 4$'
hasnt "$out" 'nameOverride'
lines "$err" 0
# the output goes to out/NAME/ENV/ by default
(cd "$bt" && cp -r "$OLDPWD/fixtures/demo" demo && NO_COLOR= "$MCPC" build -q -e dev demo/fraud-scoring.mcp.yaml >"$out" 2>&1)
if [ -f "$bt/out/fraud-scoring/dev/manifests.yaml" ]; then ok; else bad "no out/fraud-scoring/dev/manifests.yaml"; fi
# a Kubernetes release without a needed API: an error, nothing written
sed 's/kubernetes: "1.29.4"/kubernetes: "1.20.4"/; s/helm: "3.14.2"/helm: "3.5.4"/' "$demo" >"$bt/old.mcp.yaml"
run 1 build -o "$bt/old" --fail-on error "$bt/old.mcp.yaml"
has "$out" 'error\[MCP-BUILD-001\]: Kubernetes 1.20.4 has no policy/v1 PodDisruptionBudget \(available from 1.21\)'
if [ -e "$bt/old" ]; then bad "a refused build left $tmp/old"; else ok; fi
# ... and mcpc check says so too (a spec that passes check builds)
run 1 check "$bt/old.mcp.yaml"
has "$out" 'error\[MCP-BUILD-001\]: Kubernetes 1.20.4 has no policy/v1 PodDisruptionBudget \(available from 1.21\)'

# mcpc chart: its usage (what it writes is tests/chart.sh's)
run 0 chart --help;                      has "$out" '^usage: mcpc chart \[-q\] \[DIR\]$'
run 2 chart a b;                         has "$err" 'give one folder'
run 2 chart --nope;                      has "$err" "unknown option '--nope'"
# build --chart: never with --stdout (what it writes: tests/chart.sh)
run 2 build --chart --stdout "$demo";   has "$err" '\-\-chart writes a folder'
# --values-schema: a chart's own schema; failures stand at the spec lines
cat >"$bt/chart.schema.json" <<'CHART'
{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
 "properties": {"replicaCount": {"type": "integer", "maximum": 1},
  "services": {"type": "array", "items": {"properties": {"replicaCount": {"maximum": 1}}}}}}
CHART
run 1 build --values-schema "$bt/chart.schema.json" -o "$bt/chart" "$demo"
has "$out" "fraud-scoring.mcp.yaml:27:15: error\\[MCP-BUILD-003\\]: the chart's values schema rejects values.yaml at /replicaCount"
has "$out" "fraud-scoring.mcp.yaml:55:17: error\\[MCP-BUILD-003\\]: .* at /services/0/replicaCount"
if [ -e "$bt/chart" ]; then bad "a build the chart refused left $bt/chart"; else ok; fi

run 0 build --values-schema schema/values.schema.json -o "$bt/own" "$demo"
run 2 build --values-schema "$bt/nowhere.json" -o "$bt/own2" "$demo"

# The Argo CD plugin of docs/integrations/argocd.md: its generate command,
# run as the repo-server would (in the source folder, ARGOCD_ENV_ variables).
awk '/<!-- plugin.yaml -->/ { on = 1; next } on && /^```yaml/ { inside = 1; next }
	inside && /^```/ { exit } inside { print }' docs/integrations/argocd.md >"$bt/plugin.yaml"
run 0 validate --schema fixtures/yaml/.any.schema.json "$bt/plugin.yaml"
gen=$(sed -n 's/^      - \(exec mcpc build .*\)$/\1/p' "$bt/plugin.yaml")
if [ -n "$gen" ]; then ok; else bad "no generate command in the plugin of docs/integrations/argocd.md"; fi
mkdir -p "$bt/app" && cp -r fixtures/demo/services "$bt/app/" && cp "$demo" "$bt/app/deploy.mcp.yaml"
mkdir -p "$bt/bin" && ln -sf "$MCPC" "$bt/bin/mcpc"
(cd "$bt/app" && PATH="$bt/bin:$PATH" sh -c "$gen" >"$out" 2>"$err"); st=$?
if [ $st -eq 0 ]; then ok; else bad "the plugin's generate command exited $st"; fi
has "$out" '^kind: Deployment$'
has "$out" '^  replicas: 2$'
(cd "$bt/app" && ARGOCD_ENV_MCPC_ENV=prod PATH="$bt/bin:$PATH" sh -c "$gen" >"$out" 2>"$err")
has "$out" '^  replicas: 4$'
mv "$bt/app/deploy.mcp.yaml" "$bt/app/fraud.mcp.yaml"
(cd "$bt/app" && ARGOCD_ENV_MCPC_SPEC=fraud.mcp.yaml PATH="$bt/bin:$PATH" sh -c "$gen" >"$out" 2>"$err")
has "$out" '^kind: Ingress$'

# SARIF 2.1.0: valid against the official schema (read from ../shared when
# it is there), rule metadata, exit code, fingerprints, waived = suppressed.
sarif_schema=../shared/conformance/sarif/sarif-schema-2.1.0.json
run 1 check --format sarif fixtures/specs/rules/MCP-IMG-001.mcp.yaml
cp "$out" "$tmp/one.sarif"
has "$out" '"version": "2.1.0"'
has "$out" '"shortDescription"'
has "$out" '"ruleId": "MCP-IMG-001"'
has "$out" '"exitCode": 1'
has "$out" '"mcpc/v1": "[0-9a-f]{16}"'
has "$out" '"startLine": 53'
lines "$err" 0
run 2 check --format sarif "$broken" "$tmp/missing.yaml"
cp "$out" "$tmp/two.sarif"
has "$out" '"exitCode": 2'
has "$out" '"executionSuccessful": false'
run 0 check --format sarif --waivers "$tmp/waivers.yaml" fixtures/specs/rules/MCP-IMG-001.mcp.yaml fixtures/specs/rules/MCP-GW-001.mcp.yaml
cp "$out" "$tmp/three.sarif"
has "$out" '"kind": "external"'
run 0 check --format sarif "$demo";     has "$out" '"results": \[\]'
cp "$out" "$tmp/four.sarif"
if [ -f "$sarif_schema" ]; then
	for f in one two three four; do
		run 0 validate --schema "$sarif_schema" "$tmp/$f.sarif"
	done
else
	echo "note: SARIF schema validation skipped: $sarif_schema not found"
fi

# --format json follows schema/report.schema.json.
for spec in "$broken" fixtures/specs/rules/MCP-RBAC-008.mcp.yaml fixtures/specs/rules/MCP-IMG-001.mcp.yaml "$tmp/missing.yaml"; do
	NO_COLOR= "$MCPC" check --format json --waivers "$tmp/waivers.yaml" "$spec" >"$tmp/report.json" 2>/dev/null
	run 0 validate --schema schema/report.schema.json "$tmp/report.json"
done

# Several reports at once: each --format with the --output FILE after it;
# one may go to standard output.
run 1 check --format sarif --output "$tmp/r.sarif" --format github --format json --output "$tmp/r.json" fixtures/specs/rules/MCP-IMG-001.mcp.yaml
has "$out" '^::error file=fixtures/specs/rules/MCP-IMG-001.mcp.yaml'
has "$tmp/r.sarif" '"ruleId": "MCP-IMG-001"'
has "$tmp/r.json" '"rule": "MCP-IMG-001"'
ls "$tmp" | grep -q '\.tmp-' && bad "a report left a temporary file" || ok
run 1 check --output "$tmp/r.txt" fixtures/specs/rules/MCP-IMG-001.mcp.yaml
lines "$out" 0
has "$tmp/r.txt" '^1 error, 0 warnings, 0 infos$'
run 2 check --format json --format sarif "$demo";  lines "$err" 1; has "$err" 'only one report can go to standard output'
run 2 check --output "$tmp/a" --output "$tmp/b" "$demo"; lines "$err" 1
run 2 check --format json --output "$tmp/no/such/dir/r.json" "$demo"; has "$err" "cannot write"

# GitHub workflow commands, JUnit XML, a Markdown PR comment.
two_specs="fixtures/specs/rules/MCP-IMG-001.mcp.yaml fixtures/specs/rules/MCP-POD-001.mcp.yaml"
# shellcheck disable=SC2086
run 1 check --format github $two_specs
has "$out" '^::error file=fixtures/specs/rules/MCP-IMG-001.mcp.yaml,line=53,col=14,title=MCP-IMG-001::service image .* uses the floating tag'
has "$out" '^::warning file=fixtures/specs/rules/MCP-POD-001.mcp.yaml,line=72,col=18,title=MCP-POD-001::'
has "$out" '^1 error, 1 warning, 0 infos$'
printf 'a: 1\na: 2\n' >"$tmp/odd,na:me.yaml"
run 2 check --format github "$tmp/odd,na:me.yaml"
has "$out" 'file=.*odd%2Cna%3Ame.yaml,line=2'
# shellcheck disable=SC2086
run 1 check --format junit $two_specs
has "$out" '^<testsuites name="mcpc" tests="2" failures="2">$'
has "$out" '<testcase classname="fixtures/specs/rules/MCP-IMG-001.mcp.yaml" name="MCP-IMG">'
has "$out" '<failure message="1 finding" type="MCP-IMG">fixtures/specs/rules/MCP-IMG-001.mcp.yaml:53:14: error\[MCP-IMG-001\]'
if command -v python3 >/dev/null 2>&1; then
	if python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$out" 2>/dev/null; then ok
	else bad "the JUnit report is not well-formed XML"; fi
fi
run 0 check --format junit "$demo";      has "$out" '<testcase classname="mcpc" name="check"/>'
# shellcheck disable=SC2086
run 1 check --format markdown $two_specs
has "$out" '^## mcpc: 1 error, 1 warning, 0 infos$'
has "$out" '^### `fixtures/specs/rules/MCP-POD-001.mcp.yaml`$'
has "$out" '^\| 53:14 \| error \| `MCP-IMG-001` \| service image'
run 0 check --format markdown "$demo";   has "$out" '^No findings.$'

# Secrets are never echoed: a spec with a password in an env value, an
# AWS access key id and a URL with a password; no report of any format,
# from check, lint (cold and cached), build or report, holds them.
mkdir -p "$tmp/secret"
cat >"$tmp/secret/planted.mcp.yaml" <<'PLANTED'
apiVersion: ai102.mcp/v1
kind: ModelDeployment
metadata:
  name: planted
spec:
  target:
    kubernetes: "1.29.4"
    cloud: azure
  inference:
    version: "24.05"
    models:
      - name: m
        format: onnx
        storage: {type: azure-blob, uri: "as://mcpmodels/models/m"}
  services:
    - name: user
      image: registry.example.com/user:1.4.2
      port: 8080
      env: {DB_PASSWORD: "hunter2-plain-pw", AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE", LOG_LEVEL: INFO}
  config:
    center: configmap
    values: {db-url: "postgres://app:s3cretPassw0rd@db:5432/app"}
PLANTED
sed 's|uri: "as://mcpmodels/models/m"|uri: "s3://admin:Sup3rS3cretPw@minio/models"|' "$tmp/secret/planted.mcp.yaml" >"$tmp/secret/schema.mcp.yaml"
secrets='hunter2-plain-pw|AKIAIOSFODNN7EXAMPLE|s3cretPassw0rd|Sup3rS3cretPw'
for f in text json sarif junit github markdown; do
	run 1 check --format "$f" "$tmp/secret/planted.mcp.yaml" "$tmp/secret/schema.mcp.yaml"
	hasnt "$out" "$secrets"
	hasnt "$err" "$secrets"
done
has "$out" 'MCP-SEC-002'
run 1 check "$tmp/secret/planted.mcp.yaml" "$tmp/secret/schema.mcp.yaml"
has "$out" 'error\[MCP-SEC-001\]: spec.services\[0\].env.DB_PASSWORD holds a credential inline'
has "$out" '^  \(the line is not quoted: it holds a secret\)$'
has "$out" 'is not a valid Azure Blob URI'
run 1 build --stdout "$tmp/secret/planted.mcp.yaml"; hasnt "$out" "$secrets"; hasnt "$err" "$secrets"
run 0 report "$tmp/secret/planted.mcp.yaml"; hasnt "$out" "$secrets"; hasnt "$err" "$secrets"
sed 's/cloud: azure/cloud: "AKIAIOSFODNN7EXAMPLE"/' "$tmp/secret/planted.mcp.yaml" >"$tmp/secret/cloud.mcp.yaml"
run 0 report "$tmp/secret/cloud.mcp.yaml"; hasnt "$out" "$secrets"; hasnt "$err" "$secrets"; has "$err" 'MCP-SCHEMA'
if command -v git >/dev/null 2>&1; then
	(cd "$tmp/secret" && git init -q && git add -A)
	for f in text json sarif; do
		for _ in cold warm; do
			(cd "$tmp/secret" && NO_COLOR= "$MCPC" lint --format "$f" >"$out" 2>"$err")
			hasnt "$out" "$secrets"
		done
	done
	if ! grep -qaE "$secrets" "$tmp"/secret/.git/mcpc-cache/* 2>/dev/null; then ok; else bad "lint's cache holds a secret"; fi
fi

# The tour of README.md, run as written from a copy of the repository's
# top (build/mcpc is this build)
if command -v git >/dev/null 2>&1; then
	tour=$tmp/tour
	mkdir -p "$tour/build"
	ln -s "$MCPC" "$tour/build/mcpc"
	awk '$0 == "<!-- tour -->" { on = 1; next } on && /^```sh/ { inside = 1; next }
		inside && /^```/ { exit } inside { print }' README.md >"$tmp/tour.sh"
	n=$(grep -c 'mcpc' "$tmp/tour.sh")
	if [ "$n" -ge 6 ]; then ok; else bad "the README tour holds $n mcpc lines"; fi
	(cd "$tour" && NO_COLOR= sh -e "$tmp/tour.sh" >"$out" 2>"$err"); st=$?
	if [ $st -eq 0 ]; then ok; else bad "the README tour stopped ($st): $(tail -3 "$err")"; fi
	if grep -q '^kind: Deployment$' "$tmp/demo-app/out/manifests.yaml" 2>/dev/null; then ok
	else bad "the README tour built nothing"; fi
	if [ -f "$sarif_schema" ]; then run 0 validate --schema "$sarif_schema" "$tmp/demo-app/out/mcpc.sarif"; fi
	if [ -x "$tmp/demo-app/.git/hooks/pre-commit" ]; then ok; else bad "the README tour installed no hook"; fi
	# nothing the tour made but the spec, the project and .gitignore is
	# in the commit to be
	(cd "$tmp/demo-app" && git diff --cached --name-only) >"$out"
	if [ "$(sort "$out" | tr '\n' ' ')" = ".gitignore .mcpc.yaml inference.mcp.yaml " ]; then ok
	else bad "the README tour stages $(tr '\n' ' ' <"$out")"; fi
	# the breakages it suggests are found
	sed -e 's/cloud: aws/cloud: azrue/' -e 's/replicas: 2$/replicas: "2"/' "$tmp/demo-app/inference.mcp.yaml" >"$tmp/broken-tour.mcp.yaml"
	run 1 check "$tmp/broken-tour.mcp.yaml"
	has "$out" "hint: did you mean 'azure'\\?"
	has "$out" 'hint: write it without quotes: 2'
fi

# Shell completion and the man page, made from the command table and
# each command's help: every command and option there, installed by make
# install, and the page renders without a warning
run 0 completion bash; cp "$out" "$tmp/c.bash"
if bash -n "$tmp/c.bash" 2>"$err"; then ok; else bad "the bash completion does not parse"; fi
comp() { bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _mcpc; echo "${COMPREPLY[*]}"' sh "$tmp/c.bash" "$@"; }
if [ "$(comp mcpc li)" = lint ]; then ok; else bad "mcpc li completes to '$(comp mcpc li)'"; fi
if [ "$(comp mcpc lint --stag)" = --staged ]; then ok; else bad "lint --stag completes to '$(comp mcpc lint --stag)'"; fi
if [ "$(comp mcpc init --cl)" = --cloud ]; then ok; else bad "init --cl completes to '$(comp mcpc init --cl)'"; fi
case " $(comp mcpc cache c) " in *" clear "*) ok ;; *) bad "cache c does not complete to clear" ;; esac
run 0 completion zsh; has "$out" '^#compdef mcpc$'
if command -v zsh >/dev/null 2>&1; then
	if zsh -n "$out"; then ok; else bad "the zsh completion does not parse"; fi
fi
run 2 completion fish; has "$err" "say 'bash' or 'zsh'"
man1=$BUILD/mcpc.1
# the commands --help lists are the commands completion knows
listed=$(NO_COLOR= "$MCPC" --help | sed -n 's/^  \([a-z][a-z-]*\)\( .*\)\{0,1\}$/\1/p' | sort | tr '\n' ' ')
known=$(sed -n 's/^		COMPREPLY=($(compgen -W "\([a-z -]*\)" -- "$cur"))$/\1/p' "$tmp/c.bash" | tail -1 | tr ' ' '\n' | sort | tr '\n' ' ')
if [ -n "$listed" ] && [ "$listed" = "$known" ]; then ok; else bad "--help lists '$listed', completion knows '$known'"; fi
for c in $(NO_COLOR= "$MCPC" --help | sed -n 's/^  \([a-z][a-z-]*\)\( .*\)\{0,1\}$/\1/p'); do
	if grep -q "^\.SS $c\$" "$man1"; then ok; else bad "the man page has no section for $c"; fi
done
for f in --staged --shard --jobs --cloud --values-schema --no-cache --doc; do
	if grep -q -- "$(printf '%s' "$f" | sed 's/-/\\\\-/g')" "$man1"; then ok; else bad "the man page does not name $f"; fi
done
if command -v groff >/dev/null 2>&1; then
	groff -man -Tutf8 -ww -z "$man1" >"$out" 2>&1
	lines "$out" 0
fi
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man --warnings -l "$man1" 2>"$err" >"$out"
	lines "$err" 0
	has "$out" 'mcpc - the MCP AI-102 deployment compiler and policy gate'
fi
make -s install DESTDIR="$tmp/inst" PREFIX=/usr BUILD="$BUILD" >"$out" 2>&1; st=$?
if [ $st -eq 0 ] && [ -f "$tmp/inst/usr/share/man/man1/mcpc.1" ] &&
	[ -f "$tmp/inst/usr/share/bash-completion/completions/mcpc" ] &&
	[ -f "$tmp/inst/usr/share/zsh/site-functions/_mcpc" ] && [ -x "$tmp/inst/usr/bin/mcpc" ]; then ok
else bad "make install put not everything in place ($st): $(head -3 "$out")"; fi

# mcpc init: a starter spec and project file that check clean and build,
# on every cloud; never overwriting
for cloud in azure aws gcp on-prem; do
	d=$tmp/init-$cloud
	run 0 init --cloud "$cloud" "$d"
	has "$out" "^wrote $d/.mcpc.yaml and $d/inference.mcp.yaml \\(cloud: $cloud\\), and $d/.gitignore$"
	has "$out" "^next: cd $d, then mcpc check inference.mcp.yaml and mcpc build -e prod inference.mcp.yaml$"
	hasnt "$d/.gitignore" '^[^#]*mcpc-cache'
	has "$d/.gitignore" '^out/$'
	(cd "$d" && NO_COLOR= "$MCPC" check --fail-on info inference.mcp.yaml >"$out" 2>"$err"); st=$?
	if [ $st -eq 0 ]; then ok; else bad "the $cloud starter spec exited $st: $(head -3 "$out")"; fi
	lines "$out" 1; has "$out" '^checked 1 spec$'
	(cd "$d" && NO_COLOR= "$MCPC" build -e prod --stdout inference.mcp.yaml >"$out" 2>"$err"); st=$?
	if [ $st -eq 0 ] && grep -q '^kind: Deployment$' "$out"; then ok; else bad "the $cloud starter spec does not build ($st)"; fi
	(cd "$d" && NO_COLOR= "$MCPC" build -e dev -o out inference.mcp.yaml >"$out" 2>"$err"); st=$?
	if [ $st -eq 0 ]; then ok; else bad "the $cloud starter spec does not build for dev ($st)"; fi
done
# the build's output and lint's cache stay out of git
(cd "$tmp/init-azure" && git init -q && NO_COLOR= "$MCPC" lint >/dev/null 2>&1 && git status --porcelain --untracked-files=all >"$out")
has "$out" '^\?\? inference.mcp.yaml$'
hasnt "$out" 'out/|mcpc-cache'
# a .gitignore of the folder's own is kept
mkdir -p "$tmp/init-own" && echo 'keep/' >"$tmp/init-own/.gitignore"
run 0 init "$tmp/init-own"; hasnt "$out" 'gitignore'
has "$tmp/init-own/.gitignore" '^keep/$'; lines "$tmp/init-own/.gitignore" 1
has "$tmp/init-on-prem/inference.mcp.yaml" 'type: pvc, claimName: model-repo'
has "$tmp/init-aws/inference.mcp.yaml" 'uri: "s3://'
cp "$tmp/init-aws/.mcpc.yaml" "$tmp/project.keep"
run 2 init --cloud gcp "$tmp/init-aws"; has "$err" 'already exists; nothing written'
if cmp -s "$tmp/project.keep" "$tmp/init-aws/.mcpc.yaml" && grep -q 's3://' "$tmp/init-aws/inference.mcp.yaml"; then ok
else bad "init overwrote a file"; fi
rm "$tmp/init-aws/inference.mcp.yaml"
run 2 init "$tmp/init-aws"; has "$err" 'init-aws/.mcpc.yaml already exists'
if [ ! -f "$tmp/init-aws/inference.mcp.yaml" ]; then ok; else bad "init wrote one file of two"; fi
run 2 init --cloud mars "$tmp/x"; has "$err" "unknown cloud 'mars'"
run 0 help init; has "$out" '^usage: mcpc init '
run 0 help --help; has "$out" '^usage: mcpc COMMAND '

# mcpc lint: the specs of a git repository, from the work tree (ignored
# files left out), the index (--staged) or a commit (--rev).
good=fixtures/specs/valid/smallest.mcp.yaml
if command -v git >/dev/null 2>&1; then
	repo=$tmp/repo
	mkdir -p "$repo/deploy/eu" "$repo/ignored" "$repo/notes"
	(cd "$repo" && git init -q && git config user.email t@example.com && git config user.name t)
	cp "$good" "$repo/deploy/a.mcp.yaml"
	sed 's/^  name: sentiment$/  name: sentiment\n  labels: {Team: x}/; s/cloud: azure/cloud: azrue/' "$good" >"$repo/deploy/eu/b.mcp.yaml"
	cp "$repo/deploy/eu/b.mcp.yaml" "$repo/ignored/c.mcp.yaml"
	cp "$repo/deploy/eu/b.mcp.yaml" "$repo/notes/d.yaml"
	printf 'ignored/\n' >"$repo/.gitignore"
	lint() { (cd "$repo/${2:-.}" && NO_COLOR= "$MCPC" lint $1 >"$out" 2>"$err"); echo $?; }
	got=$(lint "")
	if [ "$got" -eq 1 ]; then ok; else bad "lint of the work tree exited $got"; fi
	has "$out" '^deploy/eu/b.mcp.yaml:[0-9]+:[0-9]+: error\[MCP-SCHEMA-003\]: spec.target.cloud'
	hasnt "$out" 'ignored/'
	hasnt "$out" 'notes/'
	# from a subfolder, paths stay relative to the top
	got=$(lint "" deploy/eu)
	has "$out" '^deploy/eu/b.mcp.yaml:'
	# links are never followed, to files or to folders out of the tree
	mkdir -p "$tmp/outside" && cp "$repo/notes/d.yaml" "$tmp/outside/x.mcp.yaml"
	ln -s "$tmp/outside/x.mcp.yaml" "$repo/deploy/link.mcp.yaml"
	ln -s "$tmp/outside" "$repo/deploy/linkdir"
	got=$(lint "")
	has "$out" "^deploy/link.mcp.yaml:1:1: error\\[MCP-GIT-002\\]: a symbolic link to '$tmp/outside/x.mcp.yaml'"
	hasnt "$out" 'linkdir'
	hasnt "$out" 'MCP-SCHEMA-003.*link'
	rm "$repo/deploy/link.mcp.yaml" "$repo/deploy/linkdir"
	# a report file named relative to where lint was started lands there
	got=$(lint "--format json --output here.json" deploy/eu)
	if [ -f "$repo/deploy/eu/here.json" ] && [ ! -f "$repo/here.json" ]; then ok
	else bad "lint --output wrote its report relative to the top"; fi
	rm -f "$repo/deploy/eu/here.json"
	# PATH operands narrow it
	got=$(lint "deploy/a.mcp.yaml")
	if [ "$got" -eq 0 ]; then ok; else bad "lint of a clean path exited $got"; fi
	# the index: what the next commit holds
	(cd "$repo" && git add deploy/a.mcp.yaml .gitignore)
	got=$(lint "--staged")
	if [ "$got" -eq 0 ]; then ok; else bad "lint --staged of a clean index exited $got"; fi
	(cd "$repo" && git add deploy/eu/b.mcp.yaml)
	got=$(lint "--staged")
	if [ "$got" -eq 1 ]; then ok; else bad "lint --staged of a bad staged spec exited $got"; fi
	# fixed in the work tree but not staged: --staged still fails
	cp "$good" "$repo/deploy/eu/b.mcp.yaml"
	got=$(lint "--staged")
	if [ "$got" -eq 1 ]; then ok; else bad "a fix not staged passed lint --staged"; fi
	has "$out" '^deploy/eu/b.mcp.yaml:[0-9]+:[0-9]+: error\[MCP-SCHEMA-003\]'
	got=$(lint "")
	if [ "$got" -eq 0 ]; then ok; else bad "the fixed work tree exited $got"; fi
	# --staged lints the staged changes (and what they affect), not the
	# specs HEAD already holds unchanged
	(cd "$repo" && git commit -qm bad && git add deploy/a.mcp.yaml)
	got=$(lint "--staged")
	if [ "$got" -eq 0 ]; then ok; else bad "lint --staged linted a spec the index does not change ($got)"; fi
	lines "$out" 1; has "$out" '^checked 0 specs$'
	(cd "$repo" && git reset -q --soft HEAD~1)
	# a commit's tree, without a checkout
	(cd "$repo" && git commit -qm bad)
	got=$(lint "--rev HEAD")
	if [ "$got" -eq 1 ]; then ok; else bad "lint --rev HEAD exited $got"; fi
	got=$(lint "--rev nosuchrev")
	if [ "$got" -eq 2 ]; then ok; else bad "lint --rev of an unknown revision exited $got"; fi
	has "$out" 'MCP-GIT-001.*unknown revision'; has "$out" 'hint: name a commit, branch or tag this clone has'
	# the project's spec globs
	printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: p}\nspec:\n  specs: ["notes/*.yaml"]\n' >"$repo/.mcpc.yaml"
	got=$(lint "")
	has "$out" '^notes/d.yaml:'
	hasnt "$out" 'deploy/'
	rm "$repo/.mcpc.yaml"
	run 2 lint --staged --rev HEAD;   lines "$err" 1
	# mcpc hook install: a plain pre-commit hook running lint --staged
	(cd "$repo" && NO_COLOR= "$MCPC" hook install >"$out" 2>"$err"); st=$?
	if [ $st -eq 0 ] && [ -x "$repo/.git/hooks/pre-commit" ]; then ok; else bad "hook install exited $st"; fi
	sed 's/cloud: azure/cloud: azrue/' "$good" >"$repo/deploy/eu/b.mcp.yaml"
	(cd "$repo" && git add deploy/eu/b.mcp.yaml && PATH="$(dirname "$MCPC"):$PATH" git commit -qm "a bad spec" >"$out" 2>&1); st=$?
	if [ $st -ne 0 ]; then ok; else bad "the hook let a bad staged spec through"; fi
	has "$out" 'deploy/eu/b.mcp.yaml:[0-9]+:[0-9]+: error\[MCP-SCHEMA-003\]'
	cp "$good" "$repo/deploy/eu/b.mcp.yaml"
	(cd "$repo" && git add deploy/eu/b.mcp.yaml && git commit -qm "a good spec" >"$out" 2>&1); st=$?
	if [ $st -eq 0 ]; then ok; else bad "the hook refused a good commit: $(head -3 "$out")"; fi
	(cd "$repo" && NO_COLOR= "$MCPC" hook install >"$out" 2>"$err"); st=$?
	if [ $st -eq 0 ]; then ok; else bad "hook install over its own hook exited $st"; fi
	printf '#!/bin/sh\nexit 0\n' >"$repo/.git/hooks/pre-commit"
	(cd "$repo" && NO_COLOR= "$MCPC" hook install >"$out" 2>"$err"); st=$?
	if [ $st -eq 2 ] && grep -q 'mcpc did not write it' "$err"; then ok; else bad "hook install overwrote a foreign hook ($st)"; fi
	(cd "$repo" && NO_COLOR= "$MCPC" hook install --force >"$out" 2>"$err"); st=$?
	if [ $st -eq 0 ] && grep -q 'lint --staged' "$repo/.git/hooks/pre-commit"; then ok; else bad "hook install --force exited $st"; fi
	# where git runs hooks: core.hooksPath when set, and a linked work
	# tree's are its main repository's
	(cd "$repo" && git config core.hooksPath .githooks && NO_COLOR= "$MCPC" hook install >"$out" 2>"$err"); st=$?
	if [ $st -eq 0 ] && [ -x "$repo/.githooks/pre-commit" ]; then ok; else bad "hook install ignored core.hooksPath ($st)"; fi
	has "$out" "^installed $repo/.githooks/pre-commit\$"
	(cd "$repo" && git config --unset core.hooksPath && rm -r .githooks)
	(cd "$repo" && git worktree add -q "$tmp/wt" 2>/dev/null && cd "$tmp/wt" && NO_COLOR= "$MCPC" hook install >"$out" 2>"$err"); st=$?
	if [ $st -eq 0 ]; then ok; else bad "hook install in a linked work tree exited $st"; fi
	has "$out" "^installed $repo/.git/hooks/pre-commit\$"
	(cd "$repo" && git worktree remove --force "$tmp/wt")
	(cd "$tmp" && NO_COLOR= "$MCPC" lint >"$out" 2>&1); st=$?
	if [ $st -eq 2 ] && grep -q 'MCP-GIT-001' "$out"; then ok; else bad "lint outside a repository exited $st"; fi
	has "$out" "hint: run it inside a git work tree; 'mcpc check PATH' checks files anywhere"
	# --since BASE: what changed since the merge base, and what it affects
	rm -f "$repo/.git/hooks/pre-commit"
	mkdir -p "$repo/svc/services/user"
	cp fixtures/specs/valid/fraud-scoring.mcp.yaml "$repo/svc/fraud.mcp.yaml"
	cp fixtures/specs/valid/services/user/go.mod "$repo/svc/services/user/go.mod"
	(cd "$repo" && git add -A && git commit -qm base && git tag base)
	got=$(lint "--since base")
	if [ "$got" -eq 0 ]; then ok; else bad "lint --since with nothing changed exited $got"; fi
	lines "$out" 1; has "$out" '^checked 0 specs$'
	sed -i 's/cloud: azure/cloud: azrue/' "$repo/deploy/a.mcp.yaml"
	got=$(lint "--since base")
	has "$out" '^deploy/a.mcp.yaml:'
	hasnt "$out" 'svc/'
	cp "$good" "$repo/deploy/a.mcp.yaml"
	sed -i 's|github.com/gin-gonic/gin v1.9.1|github.com/gin-gonic/gin v1.7.0|' "$repo/svc/services/user/go.mod"
	got=$(lint "--since base")
	has "$out" 'svc/services/user/go.mod:[0-9]+:[0-9]+: error\[MCP-COMPAT-010\]'
	hasnt "$out" 'deploy/'
	cp fixtures/specs/valid/services/user/go.mod "$repo/svc/services/user/go.mod"
	printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: p}\nspec:\n  failOn: info\n  rules: {enable: [MCP-IMG-005]}\n' >"$repo/.mcpc.yaml"
	got=$(lint "--since base")
	if [ "$got" -eq 1 ]; then ok; else bad "a changed project file did not lint every spec ($got)"; fi
	has "$out" 'svc/fraud.mcp.yaml'
	rm "$repo/.mcpc.yaml"
	run 2 lint --since base --staged;  lines "$err" 1
	# a deleted spec is not linted; a link where a spec was is an error
	# naming its target, never followed
	mv "$repo/svc/fraud.mcp.yaml" "$tmp/fraud.keep"
	ln -s "$tmp/fraud.keep" "$repo/svc/link.mcp.yaml"
	got=$(lint "--since base")
	if [ "$got" -eq 1 ]; then ok; else bad "lint --since with a linked spec exited $got"; fi
	has "$out" "^svc/link.mcp.yaml:1:1: error\\[MCP-GIT-002\\]: a symbolic link to '$tmp/fraud.keep' where a spec is expected"
	hasnt "$out" 'fraud.mcp.yaml'
	rm "$repo/svc/link.mcp.yaml"
	mv "$tmp/fraud.keep" "$repo/svc/fraud.mcp.yaml"
	# --staged reads dependency manifests and waivers from the index too:
	# a manifest broken in the index but fixed on disk still fails, a
	# waivers file only on disk waives nothing, a staged one does
	sed -i 's|github.com/gin-gonic/gin v1.9.1|github.com/gin-gonic/gin v1.7.0|' "$repo/svc/services/user/go.mod"
	(cd "$repo" && git add svc/services/user/go.mod)
	cp fixtures/specs/valid/services/user/go.mod "$repo/svc/services/user/go.mod"
	got=$(lint "--staged -j 2")
	has "$out" 'svc/services/user/go.mod:[0-9]+:[0-9]+: error\[MCP-COMPAT-010\]'
	got=$(lint "--no-cache")
	hasnt "$out" 'MCP-COMPAT-010'
	printf 'apiVersion: ai102.mcp/v1\nkind: Waivers\nmetadata: {name: w}\nspec:\n  waivers:\n    - {rule: MCP-COMPAT-010, file: "svc/services/user/go.mod", reason: upgrade planned, expires: "2099-12-31"}\n' >"$repo/.mcpc-waivers.yaml"
	got=$(lint "--staged")
	has "$out" 'error\[MCP-COMPAT-010\]'
	hasnt "$out" 'waived'
	(cd "$repo" && git add .mcpc-waivers.yaml)
	got=$(lint "--staged")
	if [ "$got" -eq 0 ]; then ok; else bad "a staged waivers file was not applied by lint --staged ($got)"; fi
	has "$out" 'waived error\[MCP-COMPAT-010\]'
	(cd "$repo" && git rm -q --cached .mcpc-waivers.yaml && git reset -q svc/services/user/go.mod)
	rm -f "$repo/.mcpc-waivers.yaml"
	if (cd "$repo" && git diff --cached --quiet); then ok; else bad "the index is not back to HEAD"; fi
	# --rev reads a commit's manifests too, whatever the work tree holds
	sed -i 's|github.com/gin-gonic/gin v1.9.1|github.com/gin-gonic/gin v1.7.0|' "$repo/svc/services/user/go.mod"
	(cd "$repo" && git commit -qm "old gin" svc/services/user/go.mod)
	cp fixtures/specs/valid/services/user/go.mod "$repo/svc/services/user/go.mod"
	got=$(lint "--rev HEAD --no-cache")
	has "$out" 'svc/services/user/go.mod:[0-9]+:[0-9]+: error\[MCP-COMPAT-010\]'
	got=$(lint "--rev HEAD~1 -j 2")
	hasnt "$out" 'MCP-COMPAT-010'
	(cd "$repo" && git reset -q --soft HEAD~1 && git reset -q svc/services/user/go.mod)
	if (cd "$repo" && git diff --quiet -- svc/services/user/go.mod); then ok; else bad "go.mod is not back to HEAD"; fi
	# the cache: never changes a result
	(cd "$repo" && NO_COLOR= "$MCPC" cache clear >/dev/null 2>&1)
	sed -i 's/cloud: azure/cloud: azrue/' "$repo/deploy/a.mcp.yaml"
	got=$(lint "--no-cache --format json"); cp "$out" "$tmp/nocache.json"
	if [ ! -d "$repo/.git/mcpc-cache" ]; then ok; else bad "--no-cache wrote a cache"; fi
	# entries: the records of the cache's packs
	entries() {
		t=0
		for p in "$repo"/.git/mcpc-cache/pack-*.mcpc; do
			[ -f "$p" ] || continue
			t=$((t + $(od -An -t u8 -j $(($(wc -c <"$p") - 16)) -N 8 "$p")))
		done
		echo $t
	}
	got=$(lint "--format json"); cp "$out" "$tmp/cold.json"
	n=$(entries)
	if [ "$n" -ge 3 ]; then ok; else bad "lint cached $n entries"; fi
	packs=$(ls "$repo/.git/mcpc-cache" | wc -l)
	got=$(lint "--format json -j 1")
	if [ "$(ls "$repo/.git/mcpc-cache" | wc -l)" -eq "$packs" ]; then ok; else bad "a warm run wrote a pack"; fi
	got=$(lint "--format json")
	if cmp -s "$tmp/nocache.json" "$tmp/cold.json" && cmp -s "$tmp/cold.json" "$out"; then ok
	else bad "cached and uncached lint runs differ"; fi
	got=$(lint ""); cp "$out" "$tmp/warm.txt"
	got=$(lint "--no-cache")
	if cmp -s "$tmp/warm.txt" "$out"; then ok; else bad "the cached text report differs"; fi
	# a damaged pack (cut short, or a byte changed) is left out, and its
	# entries are written anew
	for e in "$repo"/.git/mcpc-cache/pack-*.mcpc; do head -c 300 "$e" >"$tmp/cut"; cp "$tmp/cut" "$e"; done
	got=$(lint "--format json")
	if cmp -s "$tmp/nocache.json" "$out"; then ok; else bad "a damaged cache pack changed the result"; fi
	if [ "$(entries)" -eq "$n" ] && [ "$(ls "$repo/.git/mcpc-cache" | wc -l)" -eq 1 ]; then ok
	else bad "a damaged pack was not written anew ($(entries) entries, $n before)"; fi
	for e in "$repo"/.git/mcpc-cache/pack-*.mcpc; do sed -i 's/MCP-SCHEMA-003/MCP-SCHEMA-004/' "$e"; done
	got=$(lint "--format json")
	if cmp -s "$tmp/nocache.json" "$out"; then ok; else bad "a changed byte in an entry changed the result"; fi
	# a changed byte in a pack's index
	for e in "$repo"/.git/mcpc-cache/pack-*.mcpc; do
		printf '\377' | dd of="$e" bs=1 seek=$(($(wc -c <"$e") - 40)) conv=notrunc 2>/dev/null
	done
	got=$(lint "--format json")
	if cmp -s "$tmp/nocache.json" "$out"; then ok; else bad "a changed byte in a pack's index changed the result"; fi
	if [ "$(entries)" -eq "$n" ]; then ok; else bad "a pack with a damaged index was not written anew"; fi
	# damaged at random (a byte changed, or cut short, 60 times): never a
	# crash, never another result
	p=$(ls "$repo"/.git/mcpc-cache/pack-*.mcpc | head -1)
	cp "$p" "$tmp/pack.keep"
	size=$(wc -c <"$p")
	k=0
	while [ $k -lt 60 ]; do
		rm -f "$repo"/.git/mcpc-cache/pack-*.mcpc
		cp "$tmp/pack.keep" "$p"
		at=$(( (k * 7919 + 13) % size ))
		if [ $((k % 3)) -eq 0 ]; then
			head -c "$at" "$tmp/pack.keep" >"$p"
		else
			printf "\\$(printf '%03o' $(( (k * 37) % 256 )))" | dd of="$p" bs=1 seek="$at" conv=notrunc 2>/dev/null
		fi
		got=$(lint "--format json")
		if [ "$got" -le 1 ] && cmp -s "$tmp/nocache.json" "$out"; then ok; else bad "a pack damaged at byte $at gave exit $got or another report"; fi
		k=$((k + 1))
	done
	# packs pile up, then a full run writes what it used as one
	for i in 1 2 3 4 5 6 7 8 9; do
		printf '# %s\n' "$i" >>"$repo/deploy/a.mcp.yaml"
		got=$(lint "--format json")
	done
	p=$(ls "$repo/.git/mcpc-cache" | wc -l)
	if [ "$p" -le 8 ]; then ok; else bad "the cache holds $p packs after ten runs"; fi
	m=$(entries)
	if [ "$m" -lt $((n + 9)) ]; then ok; else bad "stale entries pile up: $m entries, $n specs"; fi
	cp "$good" "$repo/deploy/a.mcp.yaml"
	sed -i 's/cloud: azure/cloud: azrue/' "$repo/deploy/a.mcp.yaml"
	# a changed dependency manifest, or a changed project, is a miss
	sed -i 's|github.com/gin-gonic/gin v1.9.1|github.com/gin-gonic/gin v1.7.0|' "$repo/svc/services/user/go.mod"
	got=$(lint "")
	has "$out" 'svc/services/user/go.mod:[0-9]+:[0-9]+: error\[MCP-COMPAT-010\]'
	cp fixtures/specs/valid/services/user/go.mod "$repo/svc/services/user/go.mod"
	printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: p}\nspec:\n  rules: {enable: [MCP-IMG-005]}\n' >"$repo/.mcpc.yaml"
	got=$(lint "")
	has "$out" 'info\[MCP-IMG-005\]'
	rm "$repo/.mcpc.yaml"
	(cd "$repo" && NO_COLOR= "$MCPC" cache clear >"$out" 2>&1)
	has "$out" '^removed [0-9]+ cache files$'
	if [ ! -d "$repo/.git/mcpc-cache" ]; then ok; else bad "cache clear left .git/mcpc-cache"; fi
	# -j N workers: the same report whatever their number and however
	# they are scheduled, cached or not
	mkdir -p "$repo/many"
	cp fixtures/specs/rules/MCP-*.mcp.yaml "$repo/many/"
	for f in text json sarif junit; do
		got=$(lint "--no-cache -j 1 --format $f"); cp "$out" "$tmp/j1.$f"
		got=$(lint "--no-cache -j4 --format $f")
		if cmp -s "$tmp/j1.$f" "$out"; then ok; else bad "lint -j4 --format $f differs from -j 1"; fi
		got=$(lint "--jobs=3 --format $f")
		if cmp -s "$tmp/j1.$f" "$out"; then ok; else bad "a cached lint --jobs=3 --format $f differs"; fi
	done
	run 2 lint -j 0; has "$err" 'lint: -j/--jobs takes a number of workers from 1 to 256'
	# progress: on a terminal with many specs, on standard error, then
	# cleared; nothing when standard error is not a terminal
	i=0
	while [ $i -lt 210 ]; do cp "$good" "$repo/many/p$i.mcp.yaml"; i=$((i + 1)); done
	got=$(lint "--no-cache --format json")
	lines "$err" 0
	if command -v script >/dev/null 2>&1; then
		(cd "$repo" && NO_COLOR= script -qc "'$MCPC' lint --no-cache --format json >/dev/null" /dev/null) >"$out" 2>&1
		if tr '\r' '\n' <"$out" | grep -aq '^lint: [0-9]*/2[0-9][0-9] specs, [0-9]*/s'; then ok; else bad "no progress line on a terminal: $(head -c 200 "$out")"; fi
		(cd "$repo" && NO_COLOR= script -qc "'$MCPC' lint -q --no-cache --format json >/dev/null" /dev/null) >"$out" 2>&1
		if ! grep -aq 'specs, ' "$out"; then ok; else bad "lint -q showed progress"; fi
	fi
	rm -f "$repo"/many/p*.mcp.yaml
	run 2 lint -jx;  has "$err" "not 'x'"
	# a waivers file: cached entries keep what it waived, and an entry
	# that waived nothing is still reported on a warm run
	printf 'apiVersion: ai102.mcp/v1\nkind: Waivers\nmetadata: {name: w}\nspec:\n  waivers:\n    - {rule: MCP-IMG-001, file: "many/*.mcp.yaml", reason: nightly, expires: "2099-12-31"}\n    - {rule: MCP-GW-001, file: "nowhere/*.yaml", reason: none, expires: "2099-12-31"}\n' >"$repo/.mcpc-waivers.yaml"
	got=$(lint "--no-cache --format json"); cp "$out" "$tmp/w-nocache.json"
	has "$out" '"waived": "nightly \(until 2099-12-31\)"'
	has "$out" 'the waiver of MCP-GW-001 for nowhere/\*.yaml matched no finding'
	hasnt "$out" 'the waiver of MCP-IMG-001 .* matched no finding'
	got=$(lint "--format json -j 2")
	got=$(lint "--format json -j 2")
	if cmp -s "$tmp/w-nocache.json" "$out"; then ok; else bad "a warm lint with a waivers file differs"; fi
	n=$(entries); m=$(ls "$repo/many" | wc -l)
	if [ "$n" -ge "$m" ]; then ok; else bad "with a waivers file, lint cached $n entries for $m specs"; fi
	# a changed waivers file is a miss
	sed -i 's/reason: nightly/reason: weekly/' "$repo/.mcpc-waivers.yaml"
	got=$(lint "--format json")
	has "$out" '"waived": "weekly \(until 2099-12-31\)"'
	rm -r "$repo/many" "$repo/.mcpc-waivers.yaml"
	cp "$good" "$repo/deploy/a.mcp.yaml"
	# the CI examples of docs/integrations/: their mcpc lines, run in a
	# repository with a bad spec
	cp "$repo/notes/d.yaml" "$repo/deploy/eu/b.mcp.yaml"
	for doc in github-actions:workflow.yaml gitlab-ci:gitlab-ci.yaml; do
		page=docs/integrations/${doc%%:*}.md
		awk -v m="<!-- ${doc#*:} -->" '$0 == m { on = 1; next } on && /^```yaml/ { inside = 1; next }
			inside && /^```/ { exit } inside { print }' "$page" >"$bt/ci.yaml"
		run 0 validate --schema fixtures/yaml/.any.schema.json "$bt/ci.yaml"
		cmd=$(sed -n 's/^ *\(run: \|- \)\(mcpc .*\)$/\2/p' "$bt/ci.yaml")
		if [ -n "$cmd" ]; then ok; else bad "no mcpc command in $page"; fi
		(cd "$repo" && PATH="$(dirname "$MCPC"):$PATH" sh -c "$cmd" >"$out" 2>"$err"); st=$?
		if [ $st -eq 1 ]; then ok; else bad "the mcpc command of $page exited $st"; fi
		has "$out" 'MCP-SCHEMA-003'
	done
	if [ -f "$repo/mcpc.sarif" ] && grep -q '"ruleId": "MCP-SCHEMA-003"' "$repo/mcpc.sarif"; then ok
	else bad "the GitHub Actions example wrote no SARIF"; fi
	if [ -f "$sarif_schema" ]; then run 0 validate --schema "$sarif_schema" "$repo/mcpc.sarif"; fi
	if grep -q 'name="MCP-SCHEMA"' "$repo/mcpc-junit.xml" 2>/dev/null; then ok
	else bad "the GitLab CI example wrote no JUnit report"; fi
	rm -f "$repo/mcpc.sarif" "$repo/mcpc-junit.xml"
	cp "$good" "$repo/deploy/eu/b.mcp.yaml"
	# the pre-commit framework, with this repository's .pre-commit-hooks.yaml
	# at its committed HEAD
	if command -v pre-commit >/dev/null 2>&1 && git rev-parse HEAD >/dev/null 2>&1; then
		head=$(git rev-parse HEAD)
		here=$(pwd)
		pc=$tmp/pc
		mkdir -p "$pc/deploy"
		(cd "$pc" && git init -q && git config user.email t@example.com && git config user.name t)
		printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: mcpc-check\n' "$here" "$head" >"$pc/.pre-commit-config.yaml"
		export PRE_COMMIT_HOME="$tmp/pc-home"
		(cd "$pc" && git add .pre-commit-config.yaml && git commit -qm init --no-verify &&
			pre-commit install >"$out" 2>&1); st=$?
		if [ $st -eq 0 ]; then ok; else bad "pre-commit install exited $st: $(head -3 "$out")"; fi
		sed 's/cloud: azure/cloud: azrue/' "$good" >"$pc/deploy/a.mcp.yaml"
		(cd "$pc" && git add deploy/a.mcp.yaml && PATH="$(dirname "$MCPC"):$PATH" git commit -qm bad >"$out" 2>&1); st=$?
		if [ $st -ne 0 ]; then ok; else bad "the pre-commit hook let a bad staged spec through"; fi
		has "$out" 'deploy/a.mcp.yaml:[0-9]+:[0-9]+: error\[MCP-SCHEMA-003\]'
		cp "$good" "$pc/deploy/a.mcp.yaml"
		(cd "$pc" && git add deploy/a.mcp.yaml && PATH="$(dirname "$MCPC"):$PATH" git commit -qm good >"$out" 2>&1); st=$?
		if [ $st -eq 0 ]; then ok; else bad "the pre-commit hook refused a good spec: $(head -5 "$out")"; fi
		unset PRE_COMMIT_HOME
	else
		echo "note: pre-commit framework tests skipped: pre-commit or a git checkout missing"
	fi
else
	echo "note: lint tests skipped: git not found"
fi

# lint over a hostile repository: a file above the size limit, a binary
# file named like a spec, a symbolic link out of the repository, a link
# loop, an unreadable file, a spec whose manifest lies outside the
# repository: each gives a finding, and the run goes on to the good spec.
if command -v git >/dev/null 2>&1; then
	h=$tmp/hostile
	mkdir -p "$h/repo/deploy" "$h/outside"
	(cd "$h/repo" && git init -q)
	cp "$good" "$h/repo/deploy/good.mcp.yaml"
	head -c 70000 /dev/zero | tr '\0' 'x' >"$h/repo/deploy/big.mcp.yaml"
	printf 'apiVersion: ai102.mcp/v1\n\000\001\002\377\376binary\n' >"$h/repo/deploy/binary.mcp.yaml"
	ln -s /etc/passwd "$h/repo/deploy/out.mcp.yaml"
	ln -s loop.mcp.yaml "$h/repo/deploy/loop.mcp.yaml"
	cp fixtures/specs/valid/services/user/go.mod "$h/outside/go.mod"
	sed 's|dependencies: \[services/user/go.mod\]|dependencies: [../../outside/go.mod]|' fixtures/specs/valid/fraud-scoring.mcp.yaml >"$h/repo/deploy/escape.mcp.yaml"
	sed 's|github.com/gin-gonic/gin v1.9.1|github.com/gin-gonic/gin v1.7.0|' fixtures/specs/valid/services/user/go.mod >"$h/outside/go.mod"
	sed 's/name: sentiment$/name: unread/' "$good" >"$h/repo/deploy/unread.mcp.yaml"
	chmod 000 "$h/repo/deploy/unread.mcp.yaml"
	for j in 1 2; do
		(cd "$h/repo" && NO_COLOR= "$MCPC" lint -j $j --no-cache --max-size 65536 >"$out" 2>"$err"); st=$?
		if [ $st -eq 2 ]; then ok; else bad "lint of a hostile repository exited $st"; fi
		has "$out" '^deploy/big.mcp.yaml:.*error\[MCP-YAML-'
		has "$out" '^deploy/binary.mcp.yaml:.*error\[MCP-'
		has "$out" "^deploy/out.mcp.yaml:1:1: error\\[MCP-GIT-002\\]: a symbolic link to '/etc/passwd'"
		has "$out" "^deploy/loop.mcp.yaml:1:1: error\\[MCP-GIT-002\\]: a symbolic link to 'loop.mcp.yaml'"
		has "$out" "error\\[MCP-DEPS-002\\]: cannot read 'deploy/../../outside/go.mod': it lies outside the repository"
		hasnt "$out" 'MCP-COMPAT-010'
		hasnt "$out" 'root:'
		hasnt "$out" '^deploy/good.mcp.yaml:'
		if [ "$(id -u)" -ne 0 ]; then has "$out" '^deploy/unread.mcp.yaml:.*error\[MCP-'; fi
	done
	(cd "$h/repo" && NO_COLOR= "$MCPC" lint --no-cache --max-size 65536 --format sarif >"$out" 2>"$err")
	if [ -f "$sarif_schema" ]; then run 0 validate --schema "$sarif_schema" "$out"; fi
	chmod 644 "$h/repo/deploy/unread.mcp.yaml"
	# check, outside lint, still reads a manifest the path names
	run 1 check "$h/repo/deploy/escape.mcp.yaml"
	has "$out" 'MCP-COMPAT-010'
fi

# lint --shard I/N and merge-reports: three shards of this repository's
# fixture specs give, merged, what one run gives.
if command -v git >/dev/null 2>&1 && git rev-parse --show-toplevel >/dev/null 2>&1; then
	NO_COLOR= "$MCPC" lint --format json fixtures/specs >"$tmp/whole.json" 2>/dev/null
	for i in 1 2 3; do
		NO_COLOR= "$MCPC" lint --shard $i/3 --format json --format sarif --output "$tmp/shard$i.sarif" fixtures/specs >"$tmp/shard$i.json" 2>/dev/null
	done
	run 1 merge-reports --fail-on error "$tmp/shard1.json" "$tmp/shard2.json" "$tmp/shard3.json"
	cp "$out" "$tmp/merged.json"
	n_whole=$(grep -c '"rule":' "$tmp/whole.json")
	n_merged=$(grep -c '"rule":' "$tmp/merged.json")
	if [ "$n_whole" -eq "$n_merged" ] && [ "$n_whole" -gt 50 ]; then ok; else bad "merged shards hold $n_merged findings, one run $n_whole"; fi
	n1=$(grep -c '"rule":' "$tmp/shard1.json")
	if [ "$n1" -lt "$n_whole" ]; then ok; else bad "shard 1/3 linted everything"; fi
	run 0 validate --schema schema/report.schema.json "$tmp/merged.json"
	if [ "$(grep '"errors"' "$tmp/whole.json")" = "$(grep '"errors"' "$tmp/merged.json")" ]; then ok; else bad "merged error counts differ from one run"; fi
	run 1 merge-reports "$tmp/shard1.sarif" "$tmp/shard2.sarif" "$tmp/shard3.sarif"
	cp "$out" "$tmp/merged.sarif"
	n_sarif=$(grep -c '"ruleId":' "$tmp/merged.sarif")
	if [ "$n_sarif" -eq "$n_whole" ]; then ok; else bad "merged SARIF holds $n_sarif results, one run $n_whole findings"; fi
	if [ -f "$sarif_schema" ]; then run 0 validate --schema "$sarif_schema" "$tmp/merged.sarif"; fi
	# byte for byte what one run writes, also with a waivers file whose
	# entries some shards use and others do not
	printf 'apiVersion: ai102.mcp/v1\nkind: Waivers\nmetadata: {name: w}\nspec:\n  waivers:\n    - {rule: MCP-IMG-001, file: "fixtures/specs/rules/*.yaml", reason: nightly, expires: "2099-12-31"}\n    - {rule: MCP-GW-001, file: "nowhere/*.yaml", reason: none, expires: "2099-12-31"}\n    - {rule: MCP-NET-001, file: "*", reason: old, expires: "2020-01-31"}\n' >"$tmp/shard-w.yaml"
	for w in "" "--waivers $tmp/shard-w.yaml"; do
		# shellcheck disable=SC2086
		NO_COLOR= "$MCPC" lint --no-cache $w --format json --format sarif --output "$tmp/whole.sarif" fixtures/specs >"$tmp/whole.json" 2>/dev/null
		for i in 1 2 3; do
			# shellcheck disable=SC2086
			NO_COLOR= "$MCPC" lint --no-cache $w --shard $i/3 --format json --format sarif --output "$tmp/shard$i.sarif" fixtures/specs >"$tmp/shard$i.json" 2>/dev/null
		done
		for f in json sarif; do
			NO_COLOR= "$MCPC" merge-reports "$tmp/shard1.$f" "$tmp/shard2.$f" "$tmp/shard3.$f" >"$out" 2>"$err"
			if cmp -s "$tmp/whole.$f" "$out"; then ok; else bad "merged $f shards differ from one run ($w)"; diff "$tmp/whole.$f" "$out" | head -5; fi
		done
	done
	has "$out" 'the waiver of MCP-GW-001 for nowhere/\*.yaml matched no finding'
	# every shard reports the expired entry; the merged report once
	for i in 1 2 3; do has "$tmp/shard$i.json" 'the waiver of MCP-NET-001 for \* expired'; done
	n=$(grep -c 'the waiver of MCP-NET-001 for \* expired' "$tmp/whole.json")
	if [ "$n" -eq 1 ]; then ok; else bad "one run reports the expired entry $n times"; fi
	run 2 merge-reports "$tmp/shard1.json" "$tmp/shard1.sarif"; lines "$err" 1
	run 2 merge-reports "$demo";     lines "$err" 1
	run 2 lint --shard 4/3;          lines "$err" 1
fi

# mcpc report: the conflict report; findings on standard error.
run 1 report fixtures/repo/deploy.mcp.yaml
has "$out" '^COMPONENT +VERSION +WHERE'
has "$out" '^2 conflicts, 2 warnings, 12 ok$'
has "$err" 'MCP-DEPS-002'
run 0 report "$demo";                   has "$out" '^0 conflicts, 0 warnings, [0-9]+ ok$'
run 0 report --format markdown "$demo"; has "$out" '^\| Component \| Version \|'
run 0 report --format json "$demo";     has "$out" '"conflicts": 0'
run 2 report --format sarif "$demo";    lines "$err" 1
run 2 report "$tmp/dup.yaml"
run 2 report;                           lines "$err" 1

# gateway.auth.enforce: istio: the mesh checks the tokens. A
# RequestAuthentication with the issuer, audience and keys, and an
# AuthorizationPolicy that requires a token on HTTP and gRPC (metrics open
# only while metrics are on); the server's sidecar may reach istiod.
mkdir -p "$tmp/istio" && cp -r fixtures/specs/valid/services "$tmp/istio/"
sed -e 's|^      type: oidc|      type: jwt|' \
	-e 's|^      enforce: istio .*|      enforce: istio\n      jwksUri: "https://accounts.google.com/keys"|' \
	fixtures/specs/valid/gcp-vision.mcp.yaml >"$tmp/istio/istio.mcp.yaml"
run 0 build --stdout "$tmp/istio/istio.mcp.yaml"
awk '/^kind: RequestAuthentication/,/^---/' "$out" >"$tmp/ra"
has "$tmp/ra" '^    - issuer: https://accounts.google.com$'
has "$tmp/ra" '^      jwksUri: https://accounts.google.com/keys$'
has "$tmp/ra" '^        - vision-inspect.apps.acme.example.com$'
awk '/^kind: AuthorizationPolicy/,/^---/' "$out" >"$tmp/ap"
has "$tmp/ap" '^  action: ALLOW$'
has "$tmp/ap" '^              - "\*"$'
has "$tmp/ap" '^              - "8002"$'
has "$out" '^          port: 15012$'
sed 's|^    metrics: {enabled: true, serviceMonitor: false}|    metrics: {enabled: false}|' "$tmp/istio/istio.mcp.yaml" >"$tmp/istio/istio2.mcp.yaml"
run 0 build --stdout "$tmp/istio/istio2.mcp.yaml"
awk '/^kind: AuthorizationPolicy/,/^---/' "$out" >"$tmp/ap"
has "$tmp/ap" '^              - "8001"$'
hasnt "$tmp/ap" '"8002"'
sed 's|^      enforce: istio .*||' fixtures/specs/valid/gcp-vision.mcp.yaml >"$tmp/istio/plain.mcp.yaml"
run 0 build --stdout "$tmp/istio/plain.mcp.yaml"
hasnt "$out" 'RequestAuthentication|AuthorizationPolicy|15012'
has "$out" 'mcpc.io/auth-issuer: https://accounts.google.com'
printf 'apiVersion: ai102.mcp/v1\nkind: ModelDeployment\nmetadata: {name: x}\nspec:\n  gateway:\n    host: a.example.com\n    auth: {type: mtls, clientCASecret: ca, enforce: istio}\n' >"$tmp/mtls.mcp.yaml"
run 1 check "$tmp/mtls.mcp.yaml"
has "$out" "gateway.auth: property 'enforce' is not allowed here"

# --since with a changed manifest: a spec that reads it is linted with what
# its loader says (once, cold and warm); a spec that does not, not at all.
if command -v git >/dev/null 2>&1; then
	dep=$tmp/dep-repo
	mkdir -p "$dep/svc/services/user"
	sed 's/labels: {team: risk}/labels: {team: risk, on: yes}/' fixtures/specs/valid/fraud-scoring.mcp.yaml >"$dep/svc/reads.mcp.yaml"
	sed 's|services/user/go.mod|services/none/go.mod|' "$dep/svc/reads.mcp.yaml" >"$dep/svc/other.mcp.yaml"
	cp -r fixtures/specs/valid/services "$dep/svc/"
	(cd "$dep" && git init -q && git add -A && git -c user.name=t -c user.email=t@e commit -qm base && git tag base)
	sed -i 's|github.com/gin-gonic/gin v1.9.1|github.com/gin-gonic/gin v1.7.0|' "$dep/svc/services/user/go.mod"
	for round in cold warm; do
		(cd "$dep" && NO_COLOR= "$MCPC" lint --since base >"$out" 2>"$err")
		has "$out" 'svc/services/user/go.mod:[0-9]+:[0-9]+: error\[MCP-COMPAT-010\]'
		if [ "$(grep -c "^svc/reads.mcp.yaml:[0-9]*:[0-9]*: warning\[MCP-YAML-003\]: 'yes'" "$out")" -eq 1 ]; then ok
		else bad "$round: the loader's warning of an affected spec is not reported once"; fi
		hasnt "$out" 'other.mcp.yaml'
	done
fi

# Messages name what to do next: the line to add, the quotes to add or take
# away, the list to make, the option to drop.
printf 'kind: ModelDeployment\nmetadata: {name: x}\nspec:\n  services:\n   - name: a\n     env: {WORKERS: 4}\n     replicas: "3"\n' >"$tmp/next.yaml"
run 1 check "$tmp/next.yaml"
has "$out" "missing required property 'apiVersion'"
has "$out" '^  hint: add it, for example: apiVersion: ai102.mcp/v1$'
has "$out" "^  hint: add it, for example: image: "
has "$out" "^  hint: add it: The platform the deployment targets\\."
has "$out" 'env.WORKERS: expected string, got integer 4'
has "$out" '^  hint: put it in quotes to make it a string$'
has "$out" '^  hint: write it without quotes: 3$'
run 2 lint --staged --since HEAD;  has "$err" 'go alone; give one of them'
run 2 build --stdout --check "$demo"; has "$err" 'drop one of them'
run 2 init "$tmp/a" "$tmp/b";      has "$err" "give one folder at most \\(see 'mcpc init --help'\\)"
run 2 init --cloud;                has "$err" '--cloud needs a value: azure, aws, gcp or on-prem'


# Out of memory (address space capped): exit 2 with a message, never a crash
# and never a clean status. AddressSanitizer needs its own address space, so
# this runs in the plain build only.
case "$BUILD:$MCPC" in
*asan*|*valgrind*) echo "note: out-of-memory cases run in the plain build only" ;;
*)
	i=0
	while [ $i -lt 60000 ]; do
		echo "key$i: {a: [1, 2, 3], b: value$i}"
		i=$((i + 1))
	done >"$tmp/big.yaml"
	for kb in 20000 30000 40000; do
		(ulimit -v $kb; "$MCPC" check "$tmp/big.yaml" >"$out" 2>"$err")
		got=$?
		if [ $got -eq 2 ] && grep -q 'out of memory' "$err"; then ok
		else bad "ulimit -v $kb: exit $got"; fi
	done
	;;
esac

echo "$pass passed, $fail failed"
