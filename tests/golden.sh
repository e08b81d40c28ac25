#!/bin/sh
# golden.sh: the golden tests, as data. For every input CASE.yaml (or
# .json), CASE.expected beside it holds exactly what mcpc prints for it
# (stdout and stderr), then a line "exit N" with its exit status:
#   fixtures/yaml/    the front end alone:
#                     mcpc validate --schema fixtures/yaml/.any.schema.json
#   fixtures/specs/   the whole check: mcpc check
# A CASE.args file, when present, holds extra flags (one line).
# UPDATE=1 rewrites the .expected files: review the diff before committing.
set -u
# The clock, for waivers: the fixtures' expire on 2099-12-31, within the
# horizon (365 days) of this day.
MCPC_TODAY=2099-07-01
export MCPC_TODAY
BUILD=${BUILD:-build}
MCPC=${MCPC:-$BUILD/mcpc}
pass=0
fail=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

for input in fixtures/yaml/*.yaml fixtures/yaml/*.yml fixtures/yaml/*.json \
	fixtures/specs/*/*.yaml fixtures/specs/*/*.json fixtures/repo/*.yaml; do
	[ -f "$input" ] || continue
	case "$input" in
	fixtures/yaml/*) cmd="validate --schema fixtures/yaml/.any.schema.json" ;;
	*) cmd="check" ;;
	esac
	case_name=${input%.*}
	expected=$case_name.expected
	args=""
	[ -f "$case_name.args" ] && args=$(cat "$case_name.args")
	# shellcheck disable=SC2086
	NO_COLOR= "$MCPC" $cmd --color=never $args "$input" >"$tmp" 2>&1
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
# The conflict report of each repository fixture, in every format:
# fixtures/repo/CASE.report.{txt,json,md} hold stdout, then "exit N".
for input in fixtures/repo/*.mcp.yaml; do
	[ -f "$input" ] || continue
	for pair in text:txt json:json markdown:md; do
		format=${pair%%:*}
		expected=${input%.mcp.yaml}.report.${pair#*:}
		"$MCPC" report --format "$format" "$input" >"$tmp" 2>/dev/null
		echo "exit $?" >>"$tmp"
		[ "${UPDATE:-0}" = 1 ] && cp "$tmp" "$expected"
		if [ -f "$expected" ] && cmp -s "$tmp" "$expected"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL report --format $format $input"
			[ -f "$expected" ] && diff -u "$expected" "$tmp" | head -20
		fi
	done
done

# Each invalid spec says on its first line what it breaks:
#   # expect: POINTER KEYWORD
# mcpc must report a finding at that pointer (JSON output).
for input in fixtures/specs/invalid/*.yaml; do
	[ -f "$input" ] || continue
	want=$(sed -n '1s/^# expect: \([^ ]*\) .*$/\1/p' "$input")
	if [ -z "$want" ]; then
		fail=$((fail + 1))
		echo "FAIL $input: no '# expect: POINTER KEYWORD' first line"
		continue
	fi
	"$MCPC" check --format json "$input" >"$tmp" 2>&1
	if grep -q "\"pointer\": \"$want\"" "$tmp"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $input: no finding at $want"
	fi
done

echo "$pass passed, $fail failed"
