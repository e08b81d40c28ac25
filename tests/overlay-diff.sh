#!/bin/sh
# overlay-diff.sh: the overlay check against its reference. mcpc checks an
# environment overlay incrementally: the merged document shares every node
# the overlay leaves alone with the base spec, and the rules run only where
# the two may differ (checker.c). MCPC_OVERLAY_CHECK=full runs every rule
# on every merged document instead, as mcpc did before; both must give
# byte-identical reports and the same exit status:
#   - on every fixture with environments, as committed;
#   - on specs generated from every fixture spec (tests/overlay_gen.py):
#     each with an environment that changes one or two nodes, valid values
#     from fixtures/effect/fields.json, the same type, another type,
#     deleted, lists changed, some with a second environment;
#   - as JSON (every field of every finding) and, for the fixtures, SARIF.
# The generated environments must add findings of their own, or the
# comparison would prove nothing. The last line is "N passed, N failed".
set -u
BUILD=${BUILD:-build}
. tests/lib.sh

if ! python3 -c 'import yaml' >/dev/null 2>&1; then
	echo "FAIL: python3 with PyYAML is missing (scripts/deps.sh installs python3-yaml)"
	echo "0 passed, 1 failed"
	exit 1
fi

# compare LABEL ARGS...: mcpc ARGS both ways, same bytes and status.
compare() {
	label=$1
	shift
	NO_COLOR= "$MCPC" "$@" >"$tmp/inc" 2>"$tmp/inc.err"
	a=$?
	NO_COLOR= MCPC_OVERLAY_CHECK=full "$MCPC" "$@" >"$tmp/full" 2>"$tmp/full.err"
	b=$?
	if [ "$a" -eq "$b" ] && [ "$a" -le 2 ]; then ok
	else bad "$label: exit $a incremental, $b full"; fi
	same "$tmp/full" "$tmp/inc" "$label: the incremental report differs from the full one"
	same "$tmp/full.err" "$tmp/inc.err" "$label: standard error differs"
}

# The committed fixtures that have environments.
grep -rl --include='*.yaml' '^  environments:' fixtures | sort >"$tmp/fixtures"
n=$(wc -l <"$tmp/fixtures")
if [ "$n" -ge 20 ]; then ok; else bad "only $n fixtures with environments found"; fi
# shellcheck disable=SC2046
compare "fixtures (json)" check --format json $(cat "$tmp/fixtures")
# shellcheck disable=SC2046
compare "fixtures (sarif)" check --format sarif $(cat "$tmp/fixtures")

# Generated overlays over every fixture spec.
mkdir "$tmp/gen"
find fixtures -name '*.yaml' | sort >"$tmp/all"
# shellcheck disable=SC2046
count=$(python3 tests/overlay_gen.py "$tmp/gen" $(cat "$tmp/all"))
if [ "${count:-0}" -ge 1000 ]; then ok; else bad "only ${count:-0} specs generated"; fi
compare "generated overlays (json)" check --format json "$tmp/gen"
# What the generated environments add: findings of their own, of many
# rules, or the comparison above proves little.
found=$(grep -c '"message": "environment gen' "$tmp/full")
rules=$(grep -B2 '"message": "environment gen' "$tmp/full" | grep -o '"rule": "[^"]*"' | sort -u | wc -l)
if [ "$found" -ge 500 ]; then ok; else bad "the generated environments add only $found findings"; fi
if [ "$rules" -ge 30 ]; then ok; else bad "the generated environments' findings come from only $rules rules"; fi
echo "  ($count generated specs, $found findings of their environments, from $rules rules)"

# Environments that change what the matrix and the build's refusals read
# (both run on a merged document only when a change reaches their reads):
# the store's credentials, config values that collide, the Kubernetes
# release, the Triton release, a node pool's driver. Each must add its
# finding, the same both ways.
mkdir "$tmp/reads"
python3 - fixtures/specs/valid/environments.mcp.yaml "$tmp/reads" <<'PY'
import os, sys, yaml
base = yaml.safe_load(open(sys.argv[1]))
envs = {
    "creds": {"inference": {"models": [
        {"name": "a", "format": "onnx", "storage": {"type": "s3", "uri": "s3://models/x/a", "credentials": {"secretName": "k1"}}},
        {"name": "b", "format": "onnx", "storage": {"type": "s3", "uri": "s3://models/x/b", "credentials": {"secretName": "k2"}}}]}},
    "config": {"config": {"values": {"a": {"b": 1}, "a.b": 2}}},
    "mcpkey": {"config": {"values": {"logLevel": "x"}}},
    "oldkube": {"target": {"kubernetes": "1.18.0"}},
    "triton": {"inference": {"version": "19.01"}},
    "driver": {"nodePools": [{"name": "gpu-a100", "gpu": {"model": "nvidia-a100", "driver": "400.1"}}]},
}
for name, patch in envs.items():
    spec = dict(base)
    spec["spec"] = dict(base["spec"])
    spec["spec"]["environments"] = {name: patch}
    with open(os.path.join(sys.argv[2], name + ".mcp.yaml"), "w") as f:
        yaml.safe_dump(spec, f, sort_keys=False)
PY
compare "environments that change what the matrix and the refusals read" check --format json "$tmp/reads"
for r in MCP-BUILD-004 MCP-BUILD-005 MCP-BUILD-001 MCP-COMPAT-; do
	if grep -B2 '"message": "environment ' "$tmp/full" | grep -q "\"rule\": \"$r"; then ok
	else bad "no environment adds a $r finding"; fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
