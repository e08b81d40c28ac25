#!/bin/sh
# versions.sh: the version engine and the conflict report (make bench).
# Generates 100,000 VERSION<TAB>RANGE pairs per scheme from a fixed seed
# (awk, no other tools), times `mcpc version-match --batch` on each, and
# times `mcpc report` on fixtures/repo (a spec, four services' manifests).
# It reports; only a broken run is a failure.
set -u
BUILD=${BUILD:-build}
mcpc=$BUILD/mcpc
count=${BENCH_PAIRS:-100000}
runs=${BENCH_RUNS:-50}

if [ ! -x "$mcpc" ]; then
	echo "versions.sh: $mcpc is missing (run 'make')" >&2
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mcpc-bench-versions.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }

gen() { # scheme
	awk -v n="$count" -v scheme="$1" 'BEGIN {
		srand(20261126)
		split("^ ~ >= < <= > = ", npm, " ")
		split(">= <= > < == != ~=", pep, " ")
		split("^ ~ >= <= > < = !=", helm, " ")
		for (i = 0; i < n; i++) {
			a = int(rand() * 4); b = int(rand() * 12); c = int(rand() * 20)
			x = int(rand() * 4); y = int(rand() * 12); z = int(rand() * 20)
			if (scheme == "semver")
				printf "%d.%d.%d\t%s%d.%d.%d || %d.x\n", a, b, c, npm[1 + int(rand() * 7)], x, y, z, x + 1
			else if (scheme == "pep440")
				printf "%d.%d.%d\t%s%d.%d, <%d\n", a, b, c, pep[1 + int(rand() * 7)], x, y, x + 2
			else if (scheme == "helm")
				printf "%d.%d.%d\t%s%d.%d.%d, < %d || %d.%d - %d\n", a, b, c, helm[1 + int(rand() * 8)], x, y, z, x + 2, x, y, x + 1
			else
				printf "%d.%d.%d\t>=%d.%d, <%d\n", 500 + a, b, c, 500 + x, y, 502 + x
		}
	}' >"$tmp/$1.tsv"
}

printf '%-8s %10s %10s %14s\n' scheme pairs seconds pairs/s
for scheme in semver pep440 helm dotted; do
	gen "$scheme"
	t0=$(now)
	"$mcpc" version-match --scheme "$scheme" --batch <"$tmp/$scheme.tsv" >"$tmp/out" || {
		echo "versions.sh: version-match --batch failed for $scheme" >&2
		exit 1
	}
	t1=$(now)
	bad=$(grep -c '^error' "$tmp/out")
	if [ "$bad" -ne 0 ]; then
		echo "versions.sh: $bad generated $scheme pairs were errors:" >&2
		grep -n '^error' "$tmp/out" | head -3 >&2
		exit 1
	fi
	awk -v s="$scheme" -v n="$count" -v a="$t0" -v b="$t1" \
		'BEGIN { d = b - a; printf "%-8s %10d %10.3f %14.0f\n", s, n, d, n / d }'
done

t0=$(now)
i=0
while [ $i -lt "$runs" ]; do
	"$mcpc" report fixtures/repo/deploy.mcp.yaml >/dev/null 2>&1
	[ $? -le 1 ] || { echo "versions.sh: mcpc report failed" >&2; exit 1; }
	i=$((i + 1))
done
t1=$(now)
awk -v n="$runs" -v a="$t0" -v b="$t1" 'BEGIN {
	printf "\nmcpc report fixtures/repo (spec + 6 manifests): %.2f ms a run (%d runs, process start included)\n", (b - a) * 1000 / n, n }'
