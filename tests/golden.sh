#!/bin/sh
# golden.sh: the golden tests, as data. For every fixtures/yaml/CASE.yaml (or
# .json), fixtures/yaml/CASE.expected holds exactly what
#   mcpc check --color=never fixtures/yaml/CASE.yaml
# prints (stdout and stderr), then a line "exit N" with its exit status.
# A CASE.args file, when present, holds extra flags (one line).
# UPDATE=1 rewrites the .expected files: review the diff before committing.
set -u
BUILD=${BUILD:-build}
MCPC=${MCPC:-$BUILD/mcpc}
pass=0
fail=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

for input in fixtures/yaml/*.yaml fixtures/yaml/*.yml fixtures/yaml/*.json; do
	[ -f "$input" ] || continue
	case_name=${input%.*}
	expected=$case_name.expected
	args=""
	[ -f "$case_name.args" ] && args=$(cat "$case_name.args")
	# shellcheck disable=SC2086
	NO_COLOR= "$MCPC" check --color=never $args "$input" >"$tmp" 2>&1
	echo "exit $?" >>"$tmp"
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp" "$expected"
	fi
	if [ -f "$expected" ] && cmp -s "$tmp" "$expected"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $input"
		if [ -f "$expected" ]; then
			diff -u "$expected" "$tmp" | head -30
		else
			echo "  (no $expected)"
		fi
	fi
done
echo "$pass passed, $fail failed"
