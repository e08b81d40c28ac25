#!/bin/sh
# table.sh: the performance issue's table, every figure from this one run
# (make bench runs it first). On a corpus of realistic specs (bench_schema
# realistic: about 4.9 KB each, Triton, three services with resources,
# gRPC, a config centre, RBAC, the host baseline, two environment
# overlays; valid, and clean under the bundled rules), as a git
# repository:
#   1. mcpc lint --no-cache on all cores: specs/s
#   2. the same on one core, over a bare libyaml event loop reading and
#      parsing the same files (bench_schema yaml): the per-core ratio
#   3. schema validation, mcpc against ajv 8 + js-yaml: the same schema
#      file, the same files, each side parsing the YAML and collecting
#      every error, in one process each (process start and the schema's
#      compilation excluded on both sides, reported apart); best of
#      BENCH_PASSES passes: ajv's time over mcpc's
#   4. mcpc lint --staged --no-cache with one spec changed: best of five
#      runs, process start included, in ms
#   5. peak resident memory of row 1's run, and of the same lint over ten
#      times as many specs (BENCH_BIG=0 skips that corpus): their ratio
# Columns: "today", the figures recorded in tests/bench/baseline.txt (the
# code before the performance work, on this machine); with BENCH_BASE=REV,
# "base", that revision built into $BUILD/bench/base/ (from git archive:
# the checkout is not touched) and measured now, each row back to back
# with "now", this tree's build. PASS/MISS is the now column against the
# goal. BENCH_RECORD=FILE writes this run's figures as a baseline file.
#
# BENCH_SPECS (10000) sets the corpus, BENCH_PASSES (3) the passes of
# row 3. It reports; only a broken run (a command that fails, a lint that
# does not check every spec, a corpus the schema refuses) is a failure.
set -u
BUILD=${BUILD:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/bench/lib.sh"

count=${BENCH_SPECS:-10000}
bigcount=$((count * 10))
big=${BENCH_BIG:-1}
passes=${BENCH_PASSES:-3}
baseline=${BENCH_BASELINE:-$root/tests/bench/baseline.txt}
record=${BENCH_RECORD:-}
rev=${BENCH_BASE:-}
cores=$(bench_cores)
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }

if [ ! -x "$BUILD/bench/bench_schema" ] || [ ! -x "$BUILD/mcpc" ]; then
	echo "table.sh: $BUILD/bench/bench_schema or $BUILD/mcpc is missing (run 'make bench')" >&2
	exit 1
fi
BENCH_BIN=$(abs "$BUILD/bench/bench_schema")
mcpc=$(abs "$BUILD/mcpc")
[ -n "$record" ] && record=$(abs "$record")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mcpc-bench-table.XXXXXX") || exit 1
bigdir=""
trap 'rm -rf "$tmp" ${bigdir:+"$bigdir"}' EXIT
trap 'exit 130' INT TERM
die() {
	echo "table.sh: $*" >&2
	exit 1
}

# ---- the base revision (BENCH_BASE) -----------------------------------------

# The revision's tree from git archive, built with its own Makefile into
# $BUILD/bench/base/build; bench_schema is this tree's, linked with that
# build's libmcpc.a (the public API only grows). Reused while the revision
# is the same.
build_base() {
	dir=$(abs "$BUILD")/bench/base
	sha=$(git -C "$root" rev-parse --verify -q "$rev^{commit}") ||
		die "BENCH_BASE=$rev: no such revision"
	if [ "$(cat "$dir/rev" 2>/dev/null)" = "$sha" ] && [ -x "$dir/build/mcpc" ] &&
		[ -x "$dir/build/bench_schema" ]; then
		echo "base: $rev ($sha), built before in $dir"
		return 0
	fi
	rm -rf "$dir" && mkdir -p "$dir/src" || die "cannot make $dir"
	t0=$(bench_now)
	git -C "$root" archive "$sha" | tar -x -C "$dir/src" || die "git archive $rev failed"
	if ! make -C "$dir/src" -s -j "$cores" BUILD="$dir/build" all >"$dir/make.log" 2>&1; then
		tail -n 20 "$dir/make.log" >&2
		die "building $rev failed (the log: $dir/make.log)"
	fi
	# shellcheck disable=SC2046 # the flags are words
	if ! cc -std=c11 -O2 -D_DEFAULT_SOURCE -I"$dir/src/include" -I"$dir/src/compiler" \
		$(pkg-config --cflags yaml-0.1 jansson libpcre2-8 libgit2 libxxhash) \
		-o "$dir/build/bench_schema" "$root/tests/bench/bench_schema.c" "$dir/build/libmcpc.a" \
		$(pkg-config --libs yaml-0.1 jansson libpcre2-8 libgit2 libxxhash) -lm -pthread \
		>>"$dir/make.log" 2>&1; then
		tail -n 20 "$dir/make.log" >&2
		die "bench_schema does not build against $rev (the log: $dir/make.log)"
	fi
	echo "$sha" >"$dir/rev"
	awk -v r="$rev" -v s="$sha" -v a="$t0" -v b="$(bench_now)" 'BEGIN {
		printf "base: %s (%s) built in %.0f s\n", r, s, b - a }'
}
columns="now"
if [ -n "$rev" ]; then
	build_base
	columns="base now"
fi
col_mcpc() { if [ "$1" = base ]; then echo "$(abs "$BUILD")/bench/base/build/mcpc"; else echo "$mcpc"; fi; }
col_bench() { if [ "$1" = base ]; then echo "$(abs "$BUILD")/bench/base/build/bench_schema"; else echo "$BENCH_BIN"; fi; }

# ---- the machine, the versions, the corpus ------------------------------------

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
load=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null)
# the last commit that changed what mcpc is built from, and whether the
# tree holds changes to it beyond that commit
commit=$(git -C "$root" log -1 --format=%H -- compiler include schema rules 2>/dev/null)
if [ -n "$(git -C "$root" status --porcelain -- compiler include schema rules 2>/dev/null)" ]; then
	commit="$commit+changes"
fi
echo "machine: ${cpu:-?}, $cores cores, ${mem:-?} memory, $(uname -sm) $(uname -r);" \
	"load average at the start ${load:-?}"
modules=$(bench_modules 2>"$tmp/modules.err") || modules=""
if [ -n "$modules" ]; then
	jsv="node $(node --version), ajv $(bench_module_version "$modules" ajv)"
	jsv="$jsv, js-yaml $(bench_module_version "$modules" js-yaml)"
else
	jsv="ajv: $(cat "$tmp/modules.err")"
fi
echo "versions: $("$mcpc" --version) (the code of ${commit:-?}), libyaml" \
	"$(pkg-config --modversion yaml-0.1 2>/dev/null || echo '?'), jansson" \
	"$(pkg-config --modversion jansson 2>/dev/null || echo '?'), libgit2" \
	"$(pkg-config --modversion libgit2 2>/dev/null || echo '?'), $(git --version | sed 's/ version//'), $jsv"

corpus=$tmp/corpus
t0=$(bench_now)
"$BENCH_BIN" realistic "$corpus" "$count" >"$tmp/gen.out" || die "bench_schema realistic failed"
bytes=$(awk '$1 == "result" && $2 == "corpus" { print $4 }' "$tmp/gen.out")
"$mcpc" schema ModelDeployment >"$tmp/spec.schema.json" || die "mcpc schema failed"
# The generator promises valid specs: hold it to that, with the CLI.
if ! "$mcpc" validate --schema "$tmp/spec.schema.json" --fail-on info "$corpus/specs" \
	>"$tmp/validate.out" 2>&1; then
	head -n 20 "$tmp/validate.out" >&2
	die "the realistic specs break the spec schema"
fi
overlays=$(grep -rl --include='*.mcp.yaml' '^  environments:' "$corpus/specs" | wc -l)
bench_repo "$corpus/specs" || die "cannot make the corpus a git repository"
awk -v n="$count" -v b="$bytes" -v o="$overlays" -v a="$t0" -v c="$(bench_now)" 'BEGIN {
	printf "corpus: %d realistic specs (bench_schema realistic), %.2f MB, %.0f bytes a spec on average, %d%% with environment overlays (%d), all meeting the schema; written and committed in %.1f s\n",
		n, b / 1e6, b / n, 100 * o / n, o, c - a }'

# ---- measuring ------------------------------------------------------------------

# fig COLUMN NAME VALUE: one figure of a column.
fig() { echo "$2 ${3:-?}" >>"$tmp/fig.$1"; }
# exec_field FILE N: field N of bench_schema exec's result line.
exec_field() { awk -v n="$2" '$1 == "result" && $2 == "exec" { print $n }' "$1"; }
# specs_checked FILE: the "specs" of lint's JSON summary.
specs_checked() { sed -n 's/^ *"specs": \([0-9]*\),*$/\1/p' "$1" | tail -n 1; }

# lint_all COLUMN DIR N JOBS NAME: one lint --no-cache of every spec of DIR,
# its wall time and peak memory as figures NAME_s and NAME_kb.
lint_all() {
	m=$(col_mcpc "$1")
	"$BENCH_BIN" exec -C "$2" -o "$tmp/lint.json" -- "$m" lint --no-cache -j "$4" \
		--format json >"$tmp/exec.out" || die "$1: mcpc lint --no-cache -j $4 failed"
	got=$(specs_checked "$tmp/lint.json")
	[ "$got" = "$3" ] || die "$1: mcpc lint -j $4 checked ${got:-no} specs of $3"
	fig "$1" "${5}_s" "$(exec_field "$tmp/exec.out" 4)"
	fig "$1" "${5}_kb" "$(exec_field "$tmp/exec.out" 6)"
	fig "$1" "${5}_cpu" "$(exec_field "$tmp/exec.out" 8)"
	if [ "$3" = "$count" ] && [ "$4" = "$cores" ]; then
		fig "$1" errors "$(sed -n 's/^ *"errors": \([0-9]*\),*$/\1/p' "$tmp/lint.json" | tail -n 1)"
		fig "$1" warnings "$(sed -n 's/^ *"warnings": \([0-9]*\),*$/\1/p' "$tmp/lint.json" | tail -n 1)"
	fi
}

echo
echo "measuring (each row for every column, back to back):"
# rows 1 and 2, and row 5's smaller corpus
for c in $columns; do
	lint_all "$c" "$corpus/specs" "$count" "$cores" lint_j
	lint_all "$c" "$corpus/specs" "$count" 1 lint_j1
done
"$BENCH_BIN" yaml "$corpus/specs" .mcp.yaml >"$tmp/yaml.out" || die "bench_schema yaml failed"
yaml_s=$(awk '$1 == "result" && $2 == "yaml" { print $5 }' "$tmp/yaml.out")
yaml_cpu=$(awk '$1 == "result" && $2 == "yaml" { print $6 }' "$tmp/yaml.out")
grep -v '^result ' "$tmp/yaml.out"
for c in $columns; do
	fig "$c" yaml_s "$yaml_s"
	fig "$c" yaml_cpu "$yaml_cpu"
done

# row 3: mcpc's side for each column, ajv's once
for c in $columns; do
	"$(col_bench "$c")" validate "$tmp/spec.schema.json" "$corpus/specs" "$passes" \
		>"$tmp/validate.$c" || die "$c: bench_schema validate failed"
	sed "s/^  mcpc/  mcpc ($c)/" "$tmp/validate.$c" | grep -v '^result '
	awk -v c="$c" '$2 == "mcpc-validate" { print "validate_mcpc_s", $7
		print "validate_mcpc_cpu", $11; print "validate_docs", $4; print "validate_valid", $5 }' \
		"$tmp/validate.$c" >>"$tmp/fig.$c"
done
ajv_note=""
if [ -z "$modules" ]; then
	ajv_note="ajv row not measured: $(cat "$tmp/modules.err")"
elif ! node "$root/tests/bench/ajv.js" "$modules" "$tmp/spec.schema.json" "$corpus/specs" \
	"$passes" "$root/tests/ajv/quantity.js" >"$tmp/ajv.out" 2>"$tmp/ajv.err"; then
	cat "$tmp/ajv.err" >&2
	ajv_note="ajv row not measured: tests/bench/ajv.js failed (above)"
else
	grep -v '^result ' "$tmp/ajv.out"
	ajv_s=$(awk '$2 == "ajv-validate" { print $7 }' "$tmp/ajv.out")
	ajv_cpu=$(awk '$2 == "ajv-validate" { print $11 }' "$tmp/ajv.out")
	ajv_docs=$(awk '$2 == "ajv-validate" { print $4 " " $5 }' "$tmp/ajv.out")
	for c in $columns; do
		fig "$c" validate_ajv_s "$ajv_s"
		fig "$c" validate_ajv_cpu "$ajv_cpu"
		mine=$(awk '$1 == "validate_docs" { d = $2 } $1 == "validate_valid" { v = $2 }
			END { print d " " v }' "$tmp/fig.$c")
		[ "$mine" = "$ajv_docs" ] ||
			ajv_note="the two sides disagree: documents and valid ones, mcpc ($c) $mine, ajv $ajv_docs"
	done
fi

# row 4: one spec changed and staged
one=$(cd "$corpus/specs" && ls group-000/spec-*.mcp.yaml | head -n 1)
sed -i 's/^  name: \(.*\)$/  name: \1x/' "$corpus/specs/$one"
(cd "$corpus/specs" && git add "$one") || die "git add failed"
for c in $columns; do
	"$BENCH_BIN" exec -n 5 -C "$corpus/specs" -o "$tmp/staged.json" -- "$(col_mcpc "$c")" \
		lint --staged --no-cache --format json >"$tmp/exec.out" ||
		die "$c: mcpc lint --staged failed"
	got=$(specs_checked "$tmp/staged.json")
	[ "$got" = 1 ] || die "$c: mcpc lint --staged checked ${got:-no} specs, not the one changed"
	fig "$c" staged_ms "$(exec_field "$tmp/exec.out" 4 | awk '{ print $1 * 1000 }')"
	fig "$c" staged_cpu_ms "$(exec_field "$tmp/exec.out" 8 | awk '{ print $1 * 1000 }')"
done
(cd "$corpus/specs" && git reset -q --hard) || die "git reset failed"

# row 5: ten times the corpus, one run a column
big_note=""
if [ "$big" = 0 ]; then
	big_note="the $bigcount-spec corpus was skipped (BENCH_BIG=0)"
else
	rm -rf "$corpus"
	# The big corpus goes to a memory file system when there is one with
	# room (/dev/shm; BENCH_BIG_DIR names another parent folder): writing,
	# committing and deleting 100,000 files there takes seconds, on this
	# machine's disk minutes. Only its peak memory is reported, which the
	# file system does not change (mcpc reads the specs; what libgit2 maps,
	# it maps from either).
	parent=${BENCH_BIG_DIR:-}
	if [ -z "$parent" ] && [ -d /dev/shm ] && [ -w /dev/shm ] &&
		[ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt $((bigcount * 20)) ]; then
		parent=/dev/shm
	fi
	bigdir=$(mktemp -d "${parent:-$tmp}/mcpc-bench-big.XXXXXX") || die "no folder for the big corpus"
	t0=$(bench_now)
	"$BENCH_BIN" realistic "$bigdir" "$bigcount" >"$tmp/gen.out" || die "bench_schema realistic $bigcount failed"
	t1=$(bench_now)
	bench_repo "$bigdir/specs" || die "cannot make the $bigcount-spec corpus a git repository"
	t2=$(bench_now)
	awk -v n="$bigcount" -v a="$t0" -v b="$t1" -v c="$t2" -v d="${parent:-$tmp}" 'BEGIN {
		printf "  the %d-spec corpus (in %s): written in %.1f s, committed in %.1f s\n", n, d, b - a, c - b }'
	for c in $columns; do
		lint_all "$c" "$bigdir/specs" "$bigcount" "$cores" lint_big
		awk -v c="$c" '$1 == "lint_big_s" { s = $2 } $1 == "lint_big_cpu" { u = $2 }
			END { printf "  lint of the larger corpus (%s): %.1f s, %.1f s of CPU\n", c, s, u }' "$tmp/fig.$c"
	done
	rm -rf "$bigdir"
	bigdir=""
fi

# ---- the table ------------------------------------------------------------------

# The figures a row is made of, each column's from its file; the today
# column from the baseline (its lines "NAME VALUE"; "#" starts a comment).
derive() { # FILE -> the figures the table prints
	awk -v n="$count" '
	$2 != "?" { v[$1] = $2 }
	END {
		if (v["specs"] != "") n = v["specs"]
		big = 10 * n
		for (k in v) print k, v[k]
		if (v["lint_j_s"] > 0) print "specs_per_s", n / v["lint_j_s"]
		if (v["yaml_s"] > 0 && v["lint_j1_s"] != "") print "per_core", v["lint_j1_s"] / v["yaml_s"]
		if (v["yaml_cpu"] > 0 && v["lint_j1_cpu"] != "")
			print "per_core_cpu", v["lint_j1_cpu"] / v["yaml_cpu"]
		if (v["validate_mcpc_s"] > 0 && v["validate_ajv_s"] != "")
			print "validate_ratio", v["validate_ajv_s"] / v["validate_mcpc_s"]
		if (v["validate_mcpc_cpu"] > 0 && v["validate_ajv_cpu"] != "")
			print "validate_ratio_cpu", v["validate_ajv_cpu"] / v["validate_mcpc_cpu"]
		if (v["lint_j_kb"] != "") print "rss_10k_mb", v["lint_j_kb"] / 1024
		if (v["lint_big_kb"] != "") {
			print "rss_big_mb", v["lint_big_kb"] / 1024
			print "rss_ratio", v["lint_big_kb"] / v["lint_j_kb"]
			print "rss_growth_kb", (v["lint_big_kb"] - v["lint_j_kb"]) / (big - n)
		}
	}' "$1"
}
for c in $columns; do
	derive "$tmp/fig.$c" >"$tmp/table.$c"
done
if [ -f "$baseline" ]; then
	grep -v '^#' "$baseline" | derive /dev/stdin >"$tmp/table.today"
	today_desc=$(awk '$1 == "commit" { c = substr($2, 1, 12) } $1 == "date" { d = $2 }
		$1 == "specs" { s = $2 } END { printf "commit %s, %s, %s specs", c, d, s }' "$baseline")
else
	: >"$tmp/table.today"
	today_desc="no baseline file ($baseline)"
fi

echo
echo "The performance table: $count realistic specs, $cores cores (today: $today_desc)"
echo
for c in today $columns; do echo "@column $c"; cat "$tmp/table.$c"; done | awk \
	-v cores="$cores" -v n="$count" -v big="$bigcount" -v bigrun="$big" -v cols="today $columns" '
$1 == "@column" { col = $2; next }
{ v[col, $1] = $2 }
function cell(c, k, fmt) {
	if (!((c, k) in v) || v[c, k] == "") return sprintf("%10s", "-")
	return sprintf(fmt, v[c, k])
}
# row LABEL KEY FMT GOAL OP LIMIT: a line with every column and a verdict
function row(label, k, fmt, goal, op, limit,    i, c, line, x, verdict) {
	line = sprintf("  %-48s", label)
	for (i = 1; i <= ncol; i++) line = line cell(col_[i], k, fmt)
	verdict = ""
	if (goal != "") {
		x = v["now", k]
		if (x == "") verdict = "n/a"
		else if (op == ">=") verdict = (x + 0 >= limit) ? "PASS" : "MISS"
		else if (op == "<=") verdict = (x + 0 <= limit) ? "PASS" : "MISS"
		else verdict = (x + 0 < limit) ? "PASS" : "MISS"
	}
	printf "%s  %-9s %s\n", line, goal, verdict
}
END {
	ncol = split(cols, col_, " ")
	head = sprintf("  %-48s", "")
	for (i = 1; i <= ncol; i++) head = head sprintf("%10s", col_[i])
	printf "%s  %-9s %s\n", head, "goal", ""
	row("1. lint --no-cache -j " cores ", specs/s", "specs_per_s", "%10.0f", ">= 5000", ">=", 5000)
	row("     wall time, s", "lint_j_s", "%10.2f", "", "", 0)
	row("     CPU time (user + system), s", "lint_j_cpu", "%10.2f", "", "", 0)
	row("2. per core: lint -j 1 / bare libyaml loop", "per_core", "%9.1fx", "<= 3x", "<=", 3)
	row("     lint --no-cache -j 1: wall s", "lint_j1_s", "%10.2f", "", "", 0)
	row("     lint --no-cache -j 1: CPU s", "lint_j1_cpu", "%10.2f", "", "", 0)
	row("     bare libyaml read + parse: wall s", "yaml_s", "%10.3f", "", "", 0)
	row("     bare libyaml read + parse: CPU s", "yaml_cpu", "%10.3f", "", "", 0)
	row("     the ratio in CPU time", "per_core_cpu", "%9.1fx", "", "", 0)
	row("3. schema: ajv + js-yaml time / mcpc time", "validate_ratio", "%9.2fx", ">= 2x", ">=", 2)
	row("     mcpc validate, in process: wall s", "validate_mcpc_s", "%10.3f", "", "", 0)
	row("     mcpc validate, in process: CPU s", "validate_mcpc_cpu", "%10.3f", "", "", 0)
	row("     ajv 8 + js-yaml, in process: wall s", "validate_ajv_s", "%10.3f", "", "", 0)
	row("     ajv 8 + js-yaml, in process: CPU s", "validate_ajv_cpu", "%10.3f", "", "", 0)
	row("     the ratio in CPU time", "validate_ratio_cpu", "%9.2fx", "", "", 0)
	row("4. lint --staged, 1 of " n " specs changed, ms", "staged_ms", "%10.1f", "< 15", "<", 15)
	row("     CPU time (user + system), ms", "staged_cpu_ms", "%10.1f", "", "", 0)
	if (bigrun != "0")
		row("5. peak memory, " big " specs / " n, "rss_ratio", "%9.2fx", "<= 1.2x", "<=", 1.2)
	else
		printf "  %-48s%s\n", "5. peak memory, " big " specs / " n, "  skipped (BENCH_BIG=0)"
	row("     lint --no-cache -j " cores ", " n " specs, MiB", "rss_10k_mb", "%10.1f", "", "", 0)
	row("     the same, " big " specs, MiB", "rss_big_mb", "%10.1f", "", "", 0)
	row("     growth, KiB a spec", "rss_growth_kb", "%10.2f", "", "", 0)
}'
awk '$1 == "errors" { e = $2 } $1 == "warnings" { w = $2 }
	END { printf "\n  findings in the corpus (row 1'\''s run): %d errors, %d warnings\n", e, w }' "$tmp/fig.now"
echo "  row 3: the same schema file (mcpc schema ModelDeployment) and files on both sides;" \
	"process start and schema compilation excluded on both; best of $passes passes"
echo "  row 4: best of 5 runs, process start included; rows 1, 2 and 5: one run each;" \
	"load average at the end $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null)"
[ -n "$ajv_note" ] && echo "  note: $ajv_note"
[ -n "$big_note" ] && echo "  note: $big_note"
if [ -s "$tmp/table.today" ] &&
	[ "$(awk '$1 == "specs" { print $2 }' "$tmp/table.today")" != "$count" ]; then
	echo "  note: the today column was measured on $(awk '$1 == "specs" { print $2 }' "$tmp/table.today") specs, this run on $count"
fi

# ---- BENCH_RECORD: this run's figures as a baseline -------------------------------
if [ -n "$record" ]; then
	{
		echo "# The \"today\" column of make bench's table (tests/bench/table.sh):"
		echo "# the figures of the code of the commit below, measured by one"
		echo "# BENCH_RECORD run on the machine below. The table derives the"
		echo "# ratios and rates from these."
		echo "commit ${commit:-?}"
		echo "date $(date -u +%Y-%m-%d)"
		echo "machine ${cpu:-?}, $cores cores, ${mem:-?} memory, $(uname -sm)"
		echo "load $(echo "$load" | tr ' ' '/')"
		echo "specs $count"
		echo "bytes $bytes"
		grep -v '^validate_docs\|^validate_valid' "$tmp/fig.now"
	} >"$record" || die "cannot write $record"
	echo "  recorded this run's figures in $record"
fi
exit 0
