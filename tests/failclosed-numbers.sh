#!/bin/sh
# failclosed-numbers.sh: numbers, quantities and paths that mcpc cannot take
# at face value are refused, never skipped: every numeric flag is parsed
# strictly (exit 2 with one line naming the flag), a quantity beyond what
# Kubernetes (and mcpc) can compare is a finding at its place, a rule
# comparison that cannot be made is a finding under the rule's id, and a
# fileModes key that names a file another way is refused with the canonical
# spelling as the hint.
# Run from the repository root: BUILD=build sh tests/failclosed-numbers.sh
. tests/lib.sh

good=fixtures/specs/valid/fraud-scoring.mcp.yaml
clean=$tmp/clean
mkdir -p "$clean"
# the fixture without its dependency list (the go.mod it names is not here)
grep -v 'dependencies:' "$good" >"$clean/app.mcp.yaml"
(cd "$clean" && git init -q && git add app.mcp.yaml)
# lint_ok ARGS...: lint in that repository exits 0
lint_ok() {
	(cd "$clean" && "$MCPC" lint "$@" >"$out" 2>"$err")
	st=$?
	if [ $st -eq 0 ]; then ok; else bad "mcpc lint $* exited $st, expected 0"; fi
}

# refused FLAG VALUE [SUBCOMMAND]: exit 2, one line on stderr naming FLAG
refused() {
	run 2 "${3:-lint}" "$1" "$2" "$clean"
	has "$err" "^mcpc: ${3:-lint}: .*$1"
	lines "$err" 1
}

# --- every numeric flag: digits only, in range -------------------------
lint_ok --shard 1/1
lint_ok --shard 2/2 -j 2 --jobs=1 .
for v in 1/-1 1/-3 1/18446744073709551617 1/4294967297 -1/2 0/3 4/3 1/0 \
	' 1/3' '1/3 ' '+1/3' '1/+3' '1/3x' '1/ 3' 1/ /3 1 '' 1/2/3 0x1/2; do
	refused --shard "$v"
done
for v in -1 +2 ' 2' '2 ' 0 257 4294967297 18446744073709551617 2x 0x2 ''; do
	refused --jobs "$v"
done
run 2 lint -j-1 "$clean"; has "$err" '-j/--jobs takes a number'
run 2 lint -j+4 "$clean"; has "$err" '-j/--jobs takes a number'
for f in --max-size --max-depth --max-scalar --max-alias-nodes; do
	for v in -1 ' 1' '+1' 0 18446744073709551617 1X 1KK ''; do
		refused "$f" "$v" check
	done
done
# a suffix that would push the value past 64 bits (it used to wrap)
refused --max-size 17179869185G check
refused --max-size 18014398509481985M check
run 0 check --max-size 1MiB --max-scalar 64K --max-depth 64 --max-alias-nodes 1000 "$clean/app.mcp.yaml"

# --- quantities beyond 2^63-1 units ------------------------------------
# quantity FIELD-SED: the spec with one value replaced, checked and built
quantity() {
	sed "$1" "$clean/app.mcp.yaml" >"$tmp/q.mcp.yaml"
	run 1 check "$tmp/q.mcp.yaml"
	has "$out" "$2"
	rm -rf "$tmp/q.out"
	run 1 build -o "$tmp/q.out" "$tmp/q.mcp.yaml"
	if [ -e "$tmp/q.out" ]; then bad "build wrote output for $1"; else ok; fi
}
lim='s|limits: {cpu: "8", memory: 16Gi}|'
# trailing zeros add no precision: 16Gi written with 39 of them is 16Gi
sed "$lim"'limits: {cpu: "8.000000000000000000000000000000000000000", memory: "16.000000000000000000000000000000000000000Gi"}|' \
	"$clean/app.mcp.yaml" >"$tmp/z.mcp.yaml"
run 0 check "$tmp/z.mcp.yaml"
quantity "$lim"'limits: {cpu: "1e28", memory: 16Gi}|' \
	'q.mcp.yaml:[0-9]+:[0-9]+: error\[MCP-SCHEMA-005\]: spec.inference.resources.limits.cpu: "1e28" is not a valid quantity'
quantity "$lim"'limits: {cpu: "8", memory: "1e400"}|' \
	'error\[MCP-SCHEMA-005\]: spec.inference.resources.limits.memory: "1e400"'
quantity "$lim"'limits: {cpu: "8", memory: "99999999999999999999999999999Ei"}|' \
	'error\[MCP-SCHEMA-005\]: spec.inference.resources.limits.memory'
quantity "$lim"'limits: {cpu: "8", memory: "8Ei"}|' \
	'error\[MCP-SCHEMA-005\]: .*"8Ei" is not a valid quantity'
quantity "$lim"'limits: {cpu: 1e28, memory: 16Gi}|' \
	'error\[MCP-SCHEMA-006\]: spec.inference.resources.limits.cpu'
quantity 's|cpu: 32$|cpu: "1e28"|' \
	'error\[MCP-SCHEMA-005\]: spec.nodePools\[0\].cpu: "1e28"'
quantity 's|maxRecvMessageSize: 50Mi|maxRecvMessageSize: 99999999999999999999Ti|' \
	'error\[MCP-SCHEMA-005\]: spec.inference.grpc.maxRecvMessageSize'
has "$out" 'hint: a Kubernetes quantity is at most 2\^63-1'
# the largest quantities Kubernetes takes still compare (request > limit)
sed "$lim"'limits: {cpu: "9223372036854775807", memory: "7Ei"}|; s|requests: {cpu: "4", memory: 8Gi}|requests: {cpu: "9223372036854775807", memory: "7.5Ei"}|' \
	"$clean/app.mcp.yaml" >"$tmp/q.mcp.yaml"
run 1 check "$tmp/q.mcp.yaml"
has "$out" 'error\[MCP-RES-002\]: the memory request 7.5Ei is above the memory limit'
hasnt "$out" 'MCP-SCHEMA|MCP-RES-001'

# an environment's overlay is held to the same limits, in check and build
sed 's|prod: {inference: {replicas: 4}}|prod: {inference: {replicas: 4, resources: {limits: {cpu: "1e28"}}}, security: {hostBaseline: {fileModes: {/etc/./shadow: "0777"}}}}|' \
	"$clean/app.mcp.yaml" >"$tmp/e.mcp.yaml"
run 1 check "$tmp/e.mcp.yaml"
has "$out" 'error\[MCP-SCHEMA-005\]: environment prod: spec.inference.resources.limits.cpu: "1e28"'
has "$out" 'error\[MCP-SCHEMA-005\]: environment prod: spec.security.hostBaseline.fileModes\["/etc/./shadow"\]'
run 1 build -e prod --stdout "$tmp/e.mcp.yaml"
hasnt "$out" 'kind:'

# --- a comparison a rule cannot make is a finding ----------------------
mkdir -p "$tmp/rules"
cat >"$tmp/rules/site.yaml" <<'PACK'
apiVersion: ai102.mcp/v1
kind: RulePack
metadata: {name: site}
spec:
  rules:
    - id: SITE-CMP-001
      title: The timeout value is below 2Gi
      severity: error
      category: config
      description: A comparison of a free-form value.
      match: /spec/config/values/timeout
      assert: {compare: quantity, lessThan: 2Gi}
      message: "timeout {value} is too large"
PACK
run 0 check --rules "$tmp/rules" "$clean/app.mcp.yaml"
sed 's|timeout: 5000}|timeout: "1e40"}|' "$clean/app.mcp.yaml" >"$tmp/c.mcp.yaml"
run 1 check --rules "$tmp/rules" "$tmp/c.mcp.yaml"
has "$out" 'c.mcp.yaml:[0-9]+:[0-9]+: error\[SITE-CMP-001\]: cannot compare 1e40 .*as a quantity, so this rule was not checked'
sed 's|timeout: 5000}|timeout: "five"}|' "$clean/app.mcp.yaml" >"$tmp/c.mcp.yaml"
run 1 check --rules "$tmp/rules" "$tmp/c.mcp.yaml"
has "$out" 'error\[SITE-CMP-001\]: cannot compare five'
# a percentage budget is not compared with a count (and not a finding)
sed 's|disruptionBudget: {minAvailable: 1}|disruptionBudget: {minAvailable: "50%"}|' \
	"$clean/app.mcp.yaml" >"$tmp/c.mcp.yaml"
run 0 check "$tmp/c.mcp.yaml"

# --- ports in host:port and URLs are 1-65535 (the NetworkPolicy's port) --
sed 's|server: "nacos.mcp-system:8848"|server: "nacos.mcp-system:99999"|' \
	"$clean/app.mcp.yaml" >"$tmp/n.mcp.yaml"
run 1 check "$tmp/n.mcp.yaml"
has "$out" 'error\[MCP-SCHEMA-005\]: spec.config.nacos.server'
sed 's|otlpEndpoint: "http://otel-collector.observability:4317"|otlpEndpoint: "http://otel-collector.observability:65536"|' \
	"$clean/app.mcp.yaml" >"$tmp/n.mcp.yaml"
run 1 check "$tmp/n.mcp.yaml"
has "$out" 'error\[MCP-SCHEMA-005\]: spec.observability.tracing.otlpEndpoint'
# the port before a query string is still the port
sed 's|otlpEndpoint: "http://otel-collector.observability:4317"|otlpEndpoint: "http://otel-collector.observability:65535?x=1"|' \
	"$clean/app.mcp.yaml" >"$tmp/n.mcp.yaml"
run 0 build --stdout "$tmp/n.mcp.yaml"
has "$out" 'port: 65535'

# --- fileModes keys name each file one way -----------------------------
modes='s|fileModes: {/etc/passwd: "0644", /etc/shadow: "0400"}|'
for k in /etc/./shadow /etc/../etc/shadow /etc/shadow/ //etc/shadow \
	/etc//shadow /./etc/shadow /etc/shadow/. /tmp/../etc/shadow; do
	sed "$modes"'fileModes: {/etc/passwd: "0644", "'"$k"'": "0640"}|' \
		"$clean/app.mcp.yaml" >"$tmp/p.mcp.yaml"
	run 1 check "$tmp/p.mcp.yaml"
	has "$out" "p.mcp.yaml:[0-9]+:[0-9]+: error\\[MCP-SCHEMA-005\\]: spec.security.hostBaseline.fileModes\\[\"$k\"\\]"
	has "$out" 'hint: write it as /etc/shadow \(the same path\)'
done
# the same file twice, once another way: still refused (not a second entry
# the rules would read)
sed "$modes"'fileModes: {/etc/shadow: "0400", "/etc/./shadow": "0777"}|' \
	"$clean/app.mcp.yaml" >"$tmp/p.mcp.yaml"
run 1 check "$tmp/p.mcp.yaml"
has "$out" 'fileModes\["/etc/./shadow"\]'
# the same key twice is the loader's duplicate-key error
sed "$modes"'fileModes: {/etc/shadow: "0400", /etc/shadow: "0777"}|' \
	"$clean/app.mcp.yaml" >"$tmp/p.mcp.yaml"
run 2 check "$tmp/p.mcp.yaml"
has "$out" "error\\[MCP-YAML-002\\]: duplicate key '/etc/shadow'"
# canonical keys still reach the host rules; names with dots are files
sed "$modes"'fileModes: {/etc/shadow: "0640", /etc/...: "0600", /etc/.hidden: "0600"}|' \
	"$clean/app.mcp.yaml" >"$tmp/p.mcp.yaml"
run 1 check "$tmp/p.mcp.yaml"
has "$out" 'error\[MCP-HOST-002\]: /etc/shadow has mode 0640'
hasnt "$out" 'MCP-SCHEMA'

echo "$pass passed, $fail failed"
