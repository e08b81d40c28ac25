#!/bin/sh
# yaml-diff.sh: the reader of the plain subset of YAML against libyaml,
# through the whole of mcpc. Specs written in the subset are read without
# libyaml (compiler/front/yaml_fast.c); MCPC_YAML=libyaml reads every text
# with libyaml instead, as mcpc did before. Both must give byte-identical
# reports and the same exit status on every YAML file of fixtures/ (specs,
# packs, manifests, broken files), as JSON (every field of every finding,
# each line and column) and as text (quoted source lines), and the same
# documents from `mcpc validate`, and the same rules, explained alike, from
# the packs mcpc ships. tests/unit/test_yaml_fast.c compares the events
# themselves. The last line is "N passed, N failed".
set -u
BUILD=${BUILD:-build}
. tests/lib.sh

# compare LABEL ARGS...: mcpc ARGS both ways, same bytes and status.
compare() {
	label=$1
	shift
	NO_COLOR= "$MCPC" "$@" >"$tmp/fast" 2>"$tmp/fast.err"
	a=$?
	NO_COLOR= MCPC_YAML=libyaml "$MCPC" "$@" >"$tmp/ref" 2>"$tmp/ref.err"
	b=$?
	if [ "$a" -eq "$b" ] && [ "$a" -le 2 ]; then ok
	else bad "$label: exit $a with the reader, $b with libyaml only"; fi
	same "$tmp/ref" "$tmp/fast" "$label: the report differs from libyaml's"
	same "$tmp/ref.err" "$tmp/fast.err" "$label: standard error differs"
}

find fixtures -name '*.yaml' -o -name '*.yml' | sort >"$tmp/all"
n=$(wc -l <"$tmp/all")
if [ "$n" -ge 200 ]; then ok; else bad "only $n YAML files found"; fi
# each folder on its own: a folder's files are one run
sed 's|/[^/]*$||' "$tmp/all" | sort -u >"$tmp/dirs"
while read -r d; do
	# shellcheck disable=SC2046
	compare "$d (json)" check --format json $(grep "^$d/[^/]*$" "$tmp/all")
done <"$tmp/dirs"
# shellcheck disable=SC2046
compare "fixtures (text)" check $(cat "$tmp/all")
# shellcheck disable=SC2046
compare "fixtures (validate)" validate --format json $(cat "$tmp/all")
# the packs mcpc ships, read at every start: their texts (block scalars)
compare "rules" rules
for id in MCP-IMG-001 MCP-SEC-001 MCP-RES-001; do
	compare "explain $id" explain "$id"
done
compare "the rule packs themselves" check --format json rules
echo "$pass passed, $fail failed"
