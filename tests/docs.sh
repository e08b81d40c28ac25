#!/bin/sh
# docs.sh: the examples of docs/architecture.md, run, so that the page
# cannot drift from the code. The block after each line
# "<!-- example: NAME -->" is extracted: api.c is compiled against
# libmcpc.a and run on the demo specs; rulepack.yaml and spec.mcp.yaml go
# through mcpc check, rules and explain; matrix.yaml through check
# --matrix, which must change the demo's verdict. The blocks after
# "<!-- output: NAME -->" must be what mcpc prints. Every path, link and
# mcp_/cli_ name the page mentions must exist, and every public header and
# compiler/ folder must be on it. PAGE names another page (default
# docs/architecture.md). Prints "N passed, N failed".
set -u
. tests/lib.sh
page=${PAGE:-docs/architecture.md}

# block KIND NAME: the fenced block after the line "<!-- KIND: NAME -->".
block() {
	awk -v m="<!-- $1: $2 -->" '$0 == m { on = 1; next }
		on && /^```/ { if (inside) exit; inside = 1; next }
		inside { print }' "$page"
}
# extract NAME FILE: the example block NAME into FILE; it must be there.
extract() {
	block example "$1" >"$2"
	if [ -s "$2" ]; then ok; else bad "$page has no block after <!-- example: $1 -->"; fi
}
# shows NAME FILE: the output block NAME is exactly FILE.
shows() {
	block output "$1" >"$tmp/shown"
	if cmp -s "$tmp/shown" "$2"; then ok
	else
		bad "the output shown after <!-- output: $1 --> is not what mcpc prints"
		diff "$tmp/shown" "$2" | head -10 | sed 's/^/  | /'
	fi
}

if [ ! -f "$page" ]; then
	echo "FAIL: no $page"
	echo "0 passed, 1 failed"
	exit 1
fi

# The C example: compiled with the house's warnings against the library
# (and the sanitizers the library was built with), run on the demo specs.
PKGS=$(sed -n 's/^PKGS := //p' Makefile)
if grep -q -- "pkg-config --libs $PKGS" "$page"; then ok
else bad "the page's compile line does not link the Makefile's PKGS ($PKGS)"; fi
san=${SAN:-}
if [ -z "$san" ] && nm "$BUILD/libmcpc.a" 2>/dev/null | grep -q '__asan_'; then
	san="-fsanitize=address,undefined"
fi
extract api.c "$tmp/api.c"
# shellcheck disable=SC2046,SC2086
if ${CC:-cc} -std=c11 -Wall -Wextra -Werror -Wstrict-prototypes -Wshadow $san \
	-Iinclude $(pkg-config --cflags $PKGS) -o "$tmp/api" "$tmp/api.c" \
	"$BUILD/libmcpc.a" $(pkg-config --libs $PKGS) -lm -pthread >"$out" 2>"$err"; then ok
else bad "api.c does not compile against $BUILD/libmcpc.a"; fi
broken=fixtures/demo/broken.mcp.yaml
demo=fixtures/demo/fraud-scoring.mcp.yaml
if [ -x "$tmp/api" ]; then
	"$tmp/api" "$broken" >"$out" 2>"$err"
	got=$?
	if [ $got -eq 2 ]; then ok; else bad "api $broken exited $got, expected 2"; fi
	has "$out" "^$broken:29:5: error\\[MCP-YAML-002\\]: duplicate key 'replicas'\$"
	has "$out" "^$broken:12:12: error\\[MCP-SCHEMA-003\\]: spec.target.cloud: \"azrue\" is not one of"
	has "$out" "hint: did you mean 'azure'\\?"
	has "$out" '^[0-9]+ errors, [0-9]+ warnings, 0 infos$'
	NO_COLOR= "$MCPC" check "$broken" >/dev/null 2>&1
	want=$?
	if [ $got -eq $want ]; then ok; else bad "api exits $got on $broken, mcpc check $want"; fi
	"$tmp/api" "$demo" >"$out" 2>"$err"
	got=$?
	if [ $got -eq 0 ] && [ ! -s "$out" ] && [ ! -s "$err" ]; then ok
	else bad "api $demo exited $got (expected 0, no output)"; fi
	# a schema error that is not fatal: exit status 1
	sed 's/cloud: azure/cloud: azrue/' fixtures/specs/valid/smallest.mcp.yaml >"$tmp/typo.mcp.yaml"
	"$tmp/api" "$tmp/typo.mcp.yaml" >"$out" 2>"$err"
	got=$?
	if [ $got -eq 1 ]; then ok; else bad "api on a typo exited $got, expected 1"; fi
	has "$out" 'error\[MCP-SCHEMA-003\]'
	"$tmp/api" >"$out" 2>"$err"
	if [ $? -eq 2 ]; then ok; else bad "api without a spec does not exit 2"; fi
	has "$err" '^usage: '
fi

# The rule: a complete pack, a spec it fires on, through --rules DIR.
ex=$tmp/ex
mkdir -p "$ex/packs" "$ex/matrix"
extract rulepack.yaml "$ex/packs/example.yaml"
extract spec.mcp.yaml "$ex/spec.mcp.yaml"
id=$(sed -n 's/^ *- id: \([A-Z0-9-]*\)$/\1/p' "$ex/packs/example.yaml" | head -1)
if [ -n "$id" ] && [ "$(grep -c '^ *- id: ' "$ex/packs/example.yaml")" -eq 1 ]; then ok
else bad "the example pack does not hold exactly one rule"; fi
id=${id:-MCP-EX-001}
run 0 check "$ex/packs/example.yaml"                   # a valid RulePack
run 0 rules;                                  hasnt "$out" "^$id "
run 0 rules --rules "$ex/packs";              has "$out" "^$id +warning +config +Every deployment"
has "$out" '^MCP-IMG-001 '                             # the bundled rules are still there
run 0 explain --rules "$ex/packs" "$id";      has "$out" '^A spec that fires it:$'
run 0 check "$ex/spec.mcp.yaml";              hasnt "$out" "$id"
run 0 check --rules "$ex/packs" "$ex/spec.mcp.yaml"
has "$out" "^$ex/spec.mcp.yaml:4:1: warning\\[$id\\]: "
sed "s|$tmp/ex/|/tmp/ex/|g" "$out" >"$tmp/rule.out"
shows rule "$tmp/rule.out"
run 1 check --fail-on warning --rules "$ex/packs" "$ex/spec.mcp.yaml"
run 0 check --rules "$ex/packs" "$demo";      hasnt "$out" "$id"   # it names its team

# The matrix entry: accepted, and it turns the clean demo into a failure.
extract matrix.yaml "$ex/matrix/site.yaml"
run 0 check "$ex/matrix/site.yaml"                     # a valid CompatibilityMatrix
run 0 check "$demo"
if [ "$(cat "$out")" = "checked 1 spec" ]; then ok; else bad "$demo is not clean without the matrix file"; fi
run 1 check --matrix "$ex/matrix" "$demo"
has "$out" 'error\[MCP-COMPAT-010\]: google.golang.org/grpc v1.62.1 is outside the allowed range'
has "$out" 'warning\[MCP-COMPAT-006\]: Kubernetes 1.29.4 is outside the supported window'
has "$out" 'source: platform team'
shows matrix "$out"
run 1 report --matrix "$ex/matrix" "$demo";   has "$out" '^1 conflict, 1 warning, '
# every row carries a source: the schema refuses one without
mkdir -p "$ex/nosource"
awk '/^ *source: / && !done { done = 1; next } { print }' "$ex/matrix/site.yaml" >"$ex/nosource/site.yaml"
run 2 check --matrix "$ex/nosource" "$demo"
has "$out" "error\\[MCP-COMPAT-000\\]"
has "$out" "missing required property 'source'"

# What the page names exists: paths, links, functions and types.
: >"$out"
: >"$err"
# shellcheck disable=SC2016
grep -o '`[^` ]*`' "$page" | tr -d '`' | sort -u |
	grep -E '^(include|compiler|schema|rules|fixtures|tests|docs|scripts)/' |
	grep -v '[<*{]' >"$tmp/paths"
while read -r p; do
	if [ -e "$p" ]; then ok; else bad "$page names $p, which does not exist"; fi
done <"$tmp/paths"
grep -o '](\([^)]*\))' "$page" | sed 's/^](//; s/)$//; s/#.*//' | grep -Ev '^(https?:|$)' |
	sort -u >"$tmp/links"
while read -r l; do
	if [ -e "$(dirname "$page")/$l" ]; then ok; else bad "$page links to $l, which does not exist"; fi
done <"$tmp/links"
tr -cs 'A-Za-z0-9_<>' '\n' <"$page" | grep -E '^(mcp|cli)_[A-Za-z0-9_]*[A-Za-z0-9]$' | sort -u >"$tmp/names"
if [ "$(wc -l <"$tmp/names")" -gt 50 ]; then ok; else bad "too few names found on the page"; fi
while read -r n; do
	if grep -rqw -- "$n" include compiler; then ok; else bad "$page names $n, which the code does not have"; fi
done <"$tmp/names"
# ... and what must be on it is.
for h in include/mcpc/*.h; do
	if grep -q "^| \`$(basename "$h")\` |" "$page"; then ok
	else bad "$page has no line for the public header $h"; fi
done
for d in compiler/*/ compiler/check/*/; do
	if grep -q "${d%/}/" "$page"; then ok
	else bad "$page does not describe $d"; fi
done

# Every YAML example in docs/ that is a whole document (apiVersion
# ai102.mcp/v1 and a kind) meets the schema of its kind, as mcpc ships it.
if [ -z "${PAGE:-}" ]; then
	NO_COLOR= "$MCPC" schema >"$tmp/bundle.json"
	n=0
	for doc in docs/*.md docs/integrations/*.md README.md; do
		awk -v dir="$tmp/ex" -v base="$(basename "$doc" .md)" '
			/^```ya?ml/ { inside = 1; k++; f = sprintf("%s-%s-%d.yaml", dir, base, k); next }
			inside && /^```/ { inside = 0; close(f); next }
			inside { print > f }' "$doc"
	done
	for f in "$tmp"/ex-*.yaml; do
		[ -f "$f" ] || continue
		grep -q '^apiVersion: ai102.mcp/v1' "$f" && grep -q '^kind: ' "$f" || continue
		grep -qx '\.\.\.' "$f" && continue # elided on purpose
		n=$((n + 1))
		if NO_COLOR= "$MCPC" validate --schema "$tmp/bundle.json" "$f" >"$out" 2>"$err"; then ok
		else bad "the example $(basename "$f" .yaml | sed 's/^ex-//') of docs/ breaks its schema"; fi
	done
	if [ "$n" -ge 5 ]; then ok; else bad "only $n whole YAML examples found in docs/"; fi
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
