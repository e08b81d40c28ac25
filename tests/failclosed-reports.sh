#!/bin/sh
# failclosed-reports.sh: reports neither lose nor invent findings. Every
# format states how many specs a run checked (0 included); merge-reports
# refuses shards of other runs, the same shard twice and a missing shard,
# and exits as one unsharded run would; JUnit (and every text format)
# stays well-formed for file names that are not UTF-8; lint's findings
# about the project and waivers files name them from the top of the work
# tree. Prints "N passed, N failed".
set -u
. tests/lib.sh
LC_ALL=C
export LC_ALL
good=$(pwd)/fixtures/specs/valid/smallest.mcp.yaml
broken=$(pwd)/fixtures/demo/broken.mcp.yaml
have_python=0
command -v python3 >/dev/null 2>&1 && have_python=1

# xml_ok FILE WHAT: FILE is well-formed XML (a real parser says so).
xml_ok() {
	[ $have_python -eq 1 ] || { ok; return; }
	if python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])' "$1" 2>"$tmp/xmlerr"; then ok
	else bad "$2: not well-formed XML: $(tail -1 "$tmp/xmlerr")"; fi
}
# utf8_ok FILE WHAT: FILE is UTF-8 throughout.
utf8_ok() {
	[ $have_python -eq 1 ] || { ok; return; }
	if python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$1" 2>/dev/null; then ok
	else bad "$2: not UTF-8"; fi
}
# json_get FILE EXPR: a value of a JSON file (python3), or "?".
json_get() {
	[ $have_python -eq 1 ] || { echo "?"; return; }
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(eval(sys.argv[2])))' "$1" "$2" 2>/dev/null || echo "error"
}
# is FILE EXPR WANT WHAT: the JSON value is WANT.
is() {
	[ $have_python -eq 1 ] || { ok; return; }
	got=$(json_get "$1" "$2")
	if [ "$got" = "$3" ]; then ok; else bad "$4: $2 is $got, expected $3"; fi
}

# ---- A: every report states how many specs it checked ----

mkdir -p "$tmp/empty" "$tmp/two"
cp "$good" "$tmp/two/a.yaml"
cp "$good" "$tmp/two/b.yaml"

# check: each file read counts, standard input too
run 0 check --format json "$tmp/two"
is "$out" 'd["summary"]["specs"]' 2 "check of two files (json)"
run 0 check --format json - <"$good"
is "$out" 'd["summary"]["specs"]' 1 "check of standard input (json)"
run 0 check --format json "$tmp/two/a.yaml" - <"$good"
is "$out" 'd["summary"]["specs"]' 2 "check of a file and standard input (json)"
run 0 check "$tmp/two"
has "$out" '^checked 2 specs$'
run 2 check "$broken" "$tmp/two/a.yaml"
has "$out" '^[0-9]+ errors, [0-9]+ warnings?, [0-9]+ infos?$'
has "$out" '^checked 2 specs$'
run 0 check "$good"
has "$out" '^checked 1 spec$'
run 0 check -q "$good"
lines "$out" 0

# zero specs: visible in every format (and a folder with nothing to
# check is exit 2, MCP-IO-004)
run 2 check "$tmp/empty"
has "$out" '^checked 0 specs'
run 2 check -q "$tmp/empty"
has "$out" '^checked 0 specs'
run 2 check --format json "$tmp/empty"
is "$out" 'd["summary"]["specs"]' 0 "check of an empty folder (json)"
run 2 check --format sarif "$tmp/empty"
is "$out" 'd["runs"][0]["properties"]["specs"]' 0 "check of an empty folder (sarif)"
run 2 check --format junit "$tmp/empty"
cp "$out" "$tmp/empty.xml"
xml_ok "$tmp/empty.xml" "junit of no spec"
has "$tmp/empty.xml" 'MCP-IO-004'
has "$tmp/empty.xml" '<property name="specs" value="0"/>'
run 2 check --format github "$tmp/empty"
has "$out" '^::warning title=mcpc::no spec was checked'
has "$out" '^checked 0 specs$'
run 2 check --format markdown "$tmp/empty"
has "$out" '^Checked 0 specs'
# and a count in every format when there are some
run 0 check --format sarif "$tmp/two"
is "$out" 'd["runs"][0]["properties"]["specs"]' 2 "check of two files (sarif)"
run 0 check --format junit "$tmp/two"
cp "$out" "$tmp/two.xml"
xml_ok "$tmp/two.xml" "junit of two specs"
has "$tmp/two.xml" '<testsuites name="mcpc" tests="1" failures="0"'
has "$tmp/two.xml" '<property name="specs" value="2"/>'
run 0 check --format github "$tmp/two"
has "$out" '^checked 2 specs$'
hasnt "$out" '::warning'
run 0 check --format markdown "$tmp/two"
has "$out" '^Checked 2 specs\.$'

# validate, build: their counts
run 0 validate --schema fixtures/yaml/.any.schema.json --format json "$tmp/two"
is "$out" 'd["summary"]["specs"]' 2 "validate of two files (json)"
run 2 validate --schema fixtures/yaml/.any.schema.json --format json "$tmp/empty"
is "$out" 'd["summary"]["specs"]' 0 "validate of an empty folder (json)"
run 0 build -o "$tmp/b" "$good"
is "$tmp/b/report.json" 'd["findings"]["summary"]["specs"]' 1 "build's report.json"

# report: the conflict report says how many specs it read
run 2 report "$tmp/empty"
has "$err" 'error\[MCP-IO-004\]'
run 1 report --format json fixtures/repo/deploy.mcp.yaml
is "$out" 'd["summary"]["specs"]' 1 "report (json)"
run 1 report --format markdown fixtures/repo/deploy.mcp.yaml
has "$out" '^checked 1 spec$'

# the JSON reports still follow their schema
run 0 check --format json "$tmp/two"
cp "$out" "$tmp/two.json"
run 0 validate --schema schema/report.schema.json "$tmp/two.json"

# ---- lint: a repository to lint ----
if ! command -v git >/dev/null 2>&1; then
	# a line break in a key cannot forge a finding line in the text report
printf 'apiVersion: ai102.mcp/v1\nkind: ModelDeployment\nmetadata:\n  name: x\n  labels: {"k\\nerror[MCP-FAKE-001]: forged": v}\n' >"$tmp/forge.yaml"
NO_COLOR= "$MCPC" check "$tmp/forge.yaml" >"$out" 2>"$err"
hasnt "$out" '^error\[MCP-FAKE-001\]'

echo "$pass passed, $fail failed"
	exit $((fail > 0))
fi
G="git -c user.name=t -c user.email=t@example.com"
repo=$tmp/repo
mkdir -p "$repo/a" "$repo/b" "$repo/c"
(cd "$repo" && git init -q)
for n in 1 2 3 4 5 6 7 8; do cp "$good" "$repo/a/s$n.mcp.yaml"; done
sed 's/cloud: azure/cloud: azrue/' "$good" >"$repo/b/typo.mcp.yaml"
(cd "$repo" && $G add -A && $G commit -qm one)

# lint with no spec: 0 in every format
empty=$tmp/norepo
mkdir -p "$empty"
(cd "$empty" && git init -q)
(cd "$empty" && "$MCPC" lint --format json >"$out" 2>"$err")
is "$out" 'd["summary"]["specs"]' 0 "lint of no spec (json)"
(cd "$empty" && "$MCPC" lint >"$out" 2>"$err")
has "$out" '^checked 0 specs'
(cd "$repo" && "$MCPC" lint --no-cache --format json >"$out" 2>"$err")
is "$out" 'd["summary"]["specs"]' 9 "lint of nine specs (json)"
is "$out" 'd["run"]["shard"]' 1 "an unsharded lint (json)"
is "$out" 'd["run"]["shards"]' 1 "an unsharded lint (json)"
cp "$out" "$tmp/whole.json"
run 0 validate --schema schema/report.schema.json "$tmp/whole.json"
(cd "$repo" && "$MCPC" lint --no-cache --format sarif >"$out" 2>"$err")
is "$out" 'd["runs"][0]["properties"]["specs"]' 9 "lint of nine specs (sarif)"
is "$out" 'd["runs"][0]["properties"]["run"]["shards"]' 1 "an unsharded lint (sarif)"
cp "$out" "$tmp/whole.sarif"

# ---- E: merge-reports ----

# shards I/3 of the repository as it is, JSON and SARIF
shards() { # DIR TAG: lint shards 1..3 of DIR into $tmp/TAG-I.{json,sarif}
	for i in 1 2 3; do
		(cd "$1" && "$MCPC" lint --no-cache --shard $i/3 --format json --output "$tmp/$2-$i.json" \
			--format sarif --output "$tmp/$2-$i.sarif" >/dev/null 2>&1)
	done
}
shards "$repo" s
for i in 1 2 3; do
	is "$tmp/s-$i.json" 'd["run"]["shard"]' $i "shard $i (json)"
	is "$tmp/s-$i.json" 'd["run"]["shards"]' 3 "shard $i (json)"
	is "$tmp/s-$i.sarif" 'd["runs"][0]["properties"]["run"]["shard"]' $i "shard $i (sarif)"
done
id1=$(json_get "$tmp/s-1.json" 'd["run"]["id"]')
id3=$(json_get "$tmp/s-3.json" 'd["run"]["id"]')
idw=$(json_get "$tmp/whole.json" 'd["run"]["id"]')
if [ "$id1" = "$id3" ] && [ "$id1" = "$idw" ] && [ ${#id1} -gt 10 ]; then ok
else bad "the shards and the whole run differ in id: $id1 $id3 $idw"; fi
for f in json sarif; do
	run 1 merge-reports "$tmp/s-1.$f" "$tmp/s-2.$f" "$tmp/s-3.$f"
	same "$tmp/whole.$f" "$out" "merged $f shards differ from one run"
	# in any order
	run 1 merge-reports "$tmp/s-3.$f" "$tmp/s-1.$f" "$tmp/s-2.$f"
	same "$tmp/whole.$f" "$out" "merged $f shards in another order differ from one run"
	# the same shard twice: refused, not doubled
	run 2 merge-reports "$tmp/s-1.$f" "$tmp/s-2.$f" "$tmp/s-3.$f" "$tmp/s-2.$f"
	has "$err" "shard 2/3"
	lines "$out" 0
	cp "$tmp/s-2.$f" "$tmp/copy.$f"
	run 2 merge-reports "$tmp/s-1.$f" "$tmp/s-2.$f" "$tmp/copy.$f" "$tmp/s-3.$f"
	has "$err" "copy.$f"
	# a missing shard: named, exit 2, no report
	run 2 merge-reports "$tmp/s-1.$f" "$tmp/s-3.$f"
	has "$err" 'missing.*2/3'
	lines "$out" 0
	run 2 merge-reports "$tmp/s-2.$f"
	has "$err" 'missing.*1/3.*3/3'
done

# a report of another run: refused
cp "$repo/a/s1.mcp.yaml" "$repo/c/new.mcp.yaml"
(cd "$repo" && $G add -A && $G commit -qm two)
shards "$repo" t
for f in json sarif; do
	run 2 merge-reports "$tmp/s-1.$f" "$tmp/t-2.$f" "$tmp/s-3.$f"
	has "$err" "t-2.$f.*another run"
	lines "$out" 0
done
# the same paths, other bytes: a spec edited and not committed, then
# committed, then only the waivers file: each is another run
sed -i 's/cloud: azure/cloud: azrue/' "$repo/c/new.mcp.yaml"
shards "$repo" u
(cd "$repo" && $G add -A && $G commit -qm three)
shards "$repo" v
printf 'apiVersion: ai102.mcp/v1\nkind: Waivers\nmetadata: {name: w}\nspec:\n  waivers: []\n' >"$repo/.mcpc-waivers.yaml"
shards "$repo" w
rm "$repo/.mcpc-waivers.yaml"
for pair in t:u u:v v:w; do
	a=${pair%%:*}
	b=${pair#*:}
	run 2 merge-reports "$tmp/$a-1.json" "$tmp/$b-2.json" "$tmp/$a-3.json"
	has "$err" "$b-2.json.*another run"
done
# shards of another N: refused
(cd "$repo" && "$MCPC" lint --no-cache --shard 2/2 --format json >"$tmp/n2.json" 2>/dev/null)
run 2 merge-reports "$tmp/t-1.json" "$tmp/n2.json" "$tmp/t-3.json"
has "$err" 'n2.json'
# a report that is not lint's (check): no run identity, refused
"$MCPC" check --format json "$good" >"$tmp/check.json"
run 2 merge-reports "$tmp/check.json"
has "$err" 'check.json'

# a fatal finding in one shard: exit 2, as one run exits
cp "$broken" "$repo/c/broken.mcp.yaml"
(cd "$repo" && $G add -A && $G commit -qm three)
(cd "$repo" && "$MCPC" lint --no-cache --format json >"$tmp/fw.json" 2>/dev/null)
want=$?
if [ $want -eq 2 ]; then ok; else bad "one run over malformed input exited $want"; fi
shards "$repo" f
for f in json sarif; do
	run 2 merge-reports "$tmp/f-1.$f" "$tmp/f-2.$f" "$tmp/f-3.$f"
	run 2 merge-reports --fail-on error "$tmp/f-1.$f" "$tmp/f-2.$f" "$tmp/f-3.$f"
done
run 2 merge-reports "$tmp/f-1.json" "$tmp/f-2.json" "$tmp/f-3.json"
same "$tmp/fw.json" "$out" "merged JSON shards with a fatal finding differ from one run"
has "$tmp/fw.json" '"fatal": true'

# ---- E: JUnit (and the other text formats) for names that are not UTF-8 ----
odd=$tmp/odd
mkdir -p "$odd"
bad_name=$(printf 'x\377\001y.yaml')
sed 's/cloud: azure/cloud: azrue/' "$good" >"$odd/$bad_name"
run 1 check --format junit "$odd"
cp "$out" "$tmp/odd.xml"
xml_ok "$tmp/odd.xml" "junit of a file name that is not UTF-8"
utf8_ok "$tmp/odd.xml" "junit of a file name that is not UTF-8"
has "$tmp/odd.xml" 'x.*y\.yaml'
# a message with control characters and broken UTF-8 too: a YAML key
printf 'apiVersion: ai102.mcp/v1\nkind: ModelDeployment\n"k\\x01\\xff": 1\n' >"$odd/ctl.yaml"
run 1 check --format junit "$odd/ctl.yaml"
cp "$out" "$tmp/ctl.xml"
xml_ok "$tmp/ctl.xml" "junit of a message with control characters"
for fmt in github markdown text; do
	run 1 check --format $fmt "$odd"
	cp "$out" "$tmp/odd.$fmt"
	utf8_ok "$tmp/odd.$fmt" "$fmt of a file name that is not UTF-8"
	if tr -d '\n\t' <"$tmp/odd.$fmt" | LC_ALL=C grep -q '[[:cntrl:]]'; then bad "$fmt: a raw control character"; else ok; fi
done

# ---- E: lint names the project and waivers files from the top ----
pr=$tmp/paths
mkdir -p "$pr/sub/deeper" "$pr/packs"
(cd "$pr" && git init -q)
cp "$good" "$pr/sub/deeper/s.mcp.yaml"
printf 'apiVersion: ai102.mcp/v1\nkind: Waivers\nmetadata: {name: w}\nspec:\n  waivers:\n    - {rule: MCP-GW-001, file: "nowhere/*.yaml", reason: none, expires: "2099-12-31"}\n' >"$pr/sub/w.yaml"
printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: p}\nspec:\n  waivers: sub/w.yaml\n  rules:\n    packs: [packs]\n' >"$pr/.mcpc.yaml"
printf 'not: [valid\n' >"$pr/packs/broken.yaml"
(cd "$pr" && $G add -A && $G commit -qm paths)
for fmt in json sarif text github; do
	(cd "$pr/sub/deeper" && "$MCPC" lint --no-cache --format $fmt >"$out" 2>"$err")
	cp "$out" "$tmp/paths.$fmt"
	if grep -q "$pr" "$tmp/paths.$fmt"; then bad "lint --format $fmt names a file by its absolute path: $(grep -m1 "$pr" "$tmp/paths.$fmt")"
	else ok; fi
done
has "$tmp/paths.json" '"file": "packs/broken.yaml"'
# a waivers file named from a folder below the top, and an invalid project
printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: p}\nspec:\n  waivers: sub/w.yaml\n' >"$pr/.mcpc.yaml"
(cd "$pr/sub/deeper" && "$MCPC" lint --no-cache --waivers ../w.yaml --format json >"$out" 2>"$err")
has "$out" '"file": "sub/w.yaml"'
hasnt "$out" "$pr"
(cd "$pr/sub/deeper" && "$MCPC" lint --no-cache --format sarif >"$out" 2>"$err")
has "$out" '"uri": "sub/w.yaml"'
hasnt "$out" "$pr"
printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: p}\nspec:\n  bogus: 1\n' >"$pr/.mcpc.yaml"
(cd "$pr/sub/deeper" && "$MCPC" lint --no-cache --format json >"$out" 2>"$err")
has "$out" '"file": ".mcpc.yaml"'
hasnt "$out" "$pr"

# a line break in a key cannot forge a finding line in the text report
printf 'apiVersion: ai102.mcp/v1\nkind: ModelDeployment\nmetadata:\n  name: x\n  labels: {"k\\nerror[MCP-FAKE-001]: forged": v}\n' >"$tmp/forge.yaml"
NO_COLOR= "$MCPC" check "$tmp/forge.yaml" >"$out" 2>"$err"
hasnt "$out" '^error\[MCP-FAKE-001\]'

echo "$pass passed, $fail failed"
