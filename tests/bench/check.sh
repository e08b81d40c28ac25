#!/bin/sh
# check.sh: the whole check and build (make bench): schema, compatibility matrix,
# every rule pack and the RBAC checks. Times `mcpc check` on the 10,000
# generated specs of bench_schema (one process for all; they meet the
# schema but break many rules, so the findings are rendered too), then one
# process a
# spec on the bundled example (what a pre-commit hook pays per file), and
# reports the peak resident memory of the large run (bench_schema exec,
# from wait4). It reports; only a broken run is a failure.
set -u
BUILD=${BUILD:-build}
. "$(dirname "$0")/lib.sh"
bin=$BUILD/bench/bench_schema
mcpc=$BUILD/mcpc
count=${BENCH_SPECS:-10000}
runs=${BENCH_RUNS:-50}
demo=fixtures/demo/fraud-scoring.mcp.yaml

if [ ! -x "$bin" ] || [ ! -x "$mcpc" ]; then
	echo "check.sh: $bin or $mcpc is missing (run 'make bench')" >&2
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mcpc-bench-check.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
mcpc_abs=$(cd "$(dirname "$mcpc")" && pwd)/$(basename "$mcpc")
BENCH_BIN=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

echo "check bench: schema + matrix + rules + RBAC, the whole 'mcpc check'"
"$bin" generate "$tmp" "$count" >/dev/null || exit 1
rules=$("$mcpc" rules | wc -l)

# one run, its time and peak memory from bench_schema exec
if ! "$BENCH_BIN" exec -o "$tmp/out" -- "$mcpc_abs" check --format json "$tmp/specs" >"$tmp/exec"; then
	echo "check.sh: mcpc check failed:" >&2
	head -n 20 "$tmp/out" >&2
	exit 1
fi
found=$(grep -c '"rule":' "$tmp/out")
awk -v n="$count" -v r="$rules" -v f="$found" '$1 == "result" { d = $4
	printf "  %d specs, %d rules, one process: %.3f s, %.0f specs/s, %.3f ms a spec (%d findings reported)\n", n, r, d, n / d, d * 1000 / n, f }' "$tmp/exec"
check_rss=$(awk '$1 == "result" { print $6 }' "$tmp/exec")

# The one large spec (thousands of services, models and node pools): every
# rule over long lists, where a check that compares each entry with every
# other would show as seconds.
t0=$(now)
"$mcpc" check --format json "$tmp/large.mcp.yaml" >"$tmp/out" 2>&1
status=$?
t1=$(now)
# 2 is a verdict here too: the generated spec names releases the matrix
# does not know (MCP-COMPAT-001)
if [ $status -gt 2 ] || ! grep -q '"rule":' "$tmp/out"; then
	echo "check.sh: mcpc check of the large spec failed (exit $status):" >&2
	head -n 20 "$tmp/out" >&2
	exit 1
fi
awk -v a="$t0" -v b="$t1" -v bytes="$(wc -c <"$tmp/large.mcp.yaml")" 'BEGIN {
	printf "  1 large spec (%.1f MB), one process: %.3f s\n", bytes / 1e6, b - a }'

# mcpc lint over the same specs as a git repository (their dependency
# manifests included): one worker and all cores, without and with the
# cache; then a pre-commit (--staged, one spec changed) and a pull request
# (--since, ten specs changed); and libyaml alone over the same files.
# Peak resident memory comes from /usr/bin/time when it is there.
if command -v git >/dev/null 2>&1; then
	bench_repo "$tmp/specs" || exit 1
	cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
	# lint_run LABEL SECONDS-OUT ARGS...: one timed lint in the repository
	lint_run() {
		label=$1
		shift
		rm -f "$tmp/rss"
		t0=$(now)
		if [ -x /usr/bin/time ]; then
			(cd "$tmp/specs" && /usr/bin/time -f '%M' -o "$tmp/rss" "$mcpc_abs" lint "$@" >"$tmp/lint.out" 2>&1)
		else
			(cd "$tmp/specs" && "$mcpc_abs" lint "$@" >"$tmp/lint.out" 2>&1)
		fi
		st=$?
		t1=$(now)
		[ $st -le 1 ] || { echo "check.sh: mcpc lint $* failed ($st)" >&2; head -5 "$tmp/lint.out" >&2; exit 1; }
		rss=$(tail -n 1 "$tmp/rss" 2>/dev/null || echo 0)
		awk -v n="$count" -v m="$label" -v a="$t0" -v b="$t1" -v r="$rss" 'BEGIN { d = b - a
			printf "  mcpc lint %s: %d specs in %.3f s, %.0f specs/s, peak %.0f MiB\n", m, n, d, n / d, r / 1024 }'
	}
	lint_run "-j 1 --no-cache" -j 1 --no-cache --format json
	lint_run "--no-cache (-j $cores)" --no-cache --format json
	lint_run "(cache cold, -j $cores)" --format json
	lint_run "(cache warm, -j $cores)" --format json
	lint_run "(cache warm, -j $cores, text)" --format text
	"$bin" yaml "$tmp/specs" >"$tmp/yaml" || exit 1
	grep -v '^result ' "$tmp/yaml"
	# timed_best LABEL ARGS...: the best of five runs of a small lint
	timed_best() {
		label=$1
		shift
		best=""
		for _ in 1 2 3 4 5; do
			t0=$(now)
			(cd "$tmp/specs" && "$mcpc_abs" lint "$@" >"$tmp/lint.out" 2>&1)
			st=$?
			t1=$(now)
			[ $st -le 1 ] || { echo "check.sh: mcpc lint $* failed ($st)" >&2; head -5 "$tmp/lint.out" >&2; exit 1; }
			best=$(awk -v a="$t0" -v b="$t1" -v c="$best" 'BEGIN { d = (b - a) * 1000; if (c == "" || d < c) print d; else print c }')
		done
		found=$(grep -c 'error\|warning\|info' "$tmp/lint.out")
		awk -v l="$label" -v b="$best" -v f="$found" 'BEGIN { printf "  mcpc lint %s: %.1f ms (best of 5, process start included; %d lines of report)\n", l, b, f }'
	}
	one=$(cd "$tmp/specs" && ls spec-*.mcp.yaml | head -1)
	sed -i 's/^  name: \(.*\)$/  name: \1x/' "$tmp/specs/$one"
	(cd "$tmp/specs" && git add "$one") || exit 1
	timed_best "--staged, one spec changed" --staged --no-cache
	(cd "$tmp/specs" && git commit -qm one) || exit 1
	for f in $(cd "$tmp/specs" && ls spec-*.mcp.yaml | sed -n '100,109p'); do
		sed -i 's/^  name: \(.*\)$/  name: \1y/' "$tmp/specs/$f"
	done
	timed_best "--since base, ten specs changed" --since base --no-cache
fi

awk -v k="$check_rss" 'BEGIN { printf "  peak resident memory of that run: %.1f MiB\n", k / 1024 }'

# per_run LABEL ARGS...: mcpc ARGS, $runs times, one process each.
per_run() {
	label=$1
	shift
	t0=$(now)
	i=0
	while [ $i -lt "$runs" ]; do
		"$mcpc" "$@" >/dev/null 2>&1 || {
			echo "check.sh: mcpc $* failed" >&2
			exit 1
		}
		i=$((i + 1))
	done
	t1=$(now)
	awk -v l="$label" -v n="$runs" -v a="$t0" -v b="$t1" 'BEGIN {
		printf "  %s: %.2f ms a run (%d runs, process start included)\n", l, (b - a) * 1000 / n, n }'
}

per_run "mcpc check $demo" check "$demo"
# mcpc build of the bundled example, manifests to standard output.
per_run "mcpc build -e prod --stdout $demo" build -e prod --stdout "$demo"
