#!/bin/sh
# sarif.sh: mcpc's SARIF as code scanning takes it. Every rule id the code
# can report is a documented rule (listed, explained, with a page); then
# the SARIF of check, lint (a scratch git repository: sharded and merged,
# waived findings), build, validate and merge-reports, with odd file names
# (a space, '#', '%', non-ASCII, an absolute path), standard input, a
# run-level failure and an empty run, is held to the rules of Microsoft's
# SARIF Multitool with GitHub's rule kinds ("Gh;Sarif"): no error, no
# warning. A deliberately broken file proves that the Multitool's
# findings are seen. The Multitool comes from the npm registry (pinned)
# into $BUILD/npm/sarif-multitool and is reused; its Linux binary runs
# in .NET's globalization-invariant mode, so it needs no ICU. The last
# line is "N passed, N failed", or "sarif: skipped: ..." when npm cannot
# install the Multitool.
set -u
BUILD=${BUILD:-build}
. tests/lib.sh
export MCPC_TODAY=2099-07-01
MULTITOOL_VERSION=5.7.0
G="git -c user.name=t -c user.email=t@example.com -c init.defaultBranch=main"
top=$(pwd)

# ---- every rule id the code can report is a documented rule ----

# The ids in the sources: a string literal MCP-AREA-NNN (or -EXPIRED); a
# family prefix ("MCP-SCHEMA-") is no id.
grep -rhoE '"MCP-[A-Z]+-[A-Z0-9]+"' compiler | tr -d '"' | LC_ALL=C sort -u >"$tmp/code-ids"
run 0 rules --format json
python3 -c '
import json, sys
rules = json.load(open(sys.argv[1]))
open(sys.argv[2], "w").write("".join(r["id"] + "\n" for r in rules))
open(sys.argv[3], "w").write("".join(r["id"] + "\n" for r in rules if r["fixed"]))
' "$out" "$tmp/listed" "$tmp/fixed"
LC_ALL=C sort "$tmp/listed" >"$tmp/listed-ids"
LC_ALL=C sort "$tmp/fixed" >"$tmp/fixed-ids"
n=$(wc -l <"$tmp/code-ids")
if [ "$n" -ge 100 ]; then ok; else bad "only $n rule ids found in compiler/"; fi
missing=$(LC_ALL=C comm -23 "$tmp/code-ids" "$tmp/listed-ids" | tr '\n' ' ')
if [ -z "$missing" ]; then ok; else bad "the code reports ids that mcpc rules does not list: $missing"; fi
# and no entry of mcpc's own rules is stale: the code reports each
grep -rhoE --exclude=rules_fixed.c '"MCP-[A-Z]+-[A-Z0-9]+"' compiler | tr -d '"' |
	LC_ALL=C sort -u >"$tmp/reported-ids"
stale=$(LC_ALL=C comm -23 "$tmp/fixed-ids" "$tmp/reported-ids" | tr '\n' ' ')
if [ -z "$stale" ]; then ok; else bad "mcpc's own rules that nothing in compiler/ reports: $stale"; fi
# each listed rule has its page (tests/cli.sh holds every page to what
# mcpc explain --format markdown writes)
for id in $(cat "$tmp/listed-ids"); do
	if [ -f "docs/rules/$id.md" ]; then ok
	else bad "docs/rules/$id.md is missing (run 'make docs')"; fi
done
# what the golden outputs show is documented too
grep -rhoE '\[MCP-[A-Z]+-[A-Z0-9]+\]' fixtures | tr -d '[]' | LC_ALL=C sort -u >"$tmp/golden-ids"
missing=$(LC_ALL=C comm -23 "$tmp/golden-ids" "$tmp/listed-ids" | grep -v '^MCP-EX-' | tr '\n' ' ')
if [ -z "$missing" ]; then ok; else bad "golden outputs show ids mcpc rules does not list: $missing"; fi
# mcpc's own rules: marked in the list, fixed for a project, explained
run 0 rules
has "$out" '^MCP-YAML-002 +error +yaml +A mapping key appears once \(fixed, no waiver\)$'
has "$out" '^MCP-COMPAT-010 +error +compatibility .* \(fixed\)$'
has "$out" '^MCP-IMG-001 +error +images +Service images carry a pinned tag, not latest$'
run 0 explain MCP-SCHEMA-003
has "$out" '^MCP-SCHEMA-003 \(error, schema\): Values are among the allowed ones$'
has "$out" '^reported by: the schema engine \(one of mcpc.s own rules\)$'
has "$out" 'MCP-WAIVER-004\.$'
has "$out" '^An input that fires it:$'
has "$out" '^Fix: '
run 0 explain MCP-COMPAT-002; hasnt "$out" 'No waiver accepts'
run 2 explain MCP-SCHEMA-03; has "$err" "did you mean 'MCP-SCHEMA-003'"
mkdir -p "$tmp/proj"
printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: p}\nspec:\n  rules:\n    severity: {MCP-YAML-003: error}\n' >"$tmp/proj/.mcpc.yaml"
run 2 check --config "$tmp/proj/.mcpc.yaml" fixtures/demo/fraud-scoring.mcp.yaml
has "$out" "error\[MCP-PROJECT-001\]: MCP-YAML-003 is one of mcpc's own rules"
mkdir -p "$tmp/pack"
printf 'apiVersion: ai102.mcp/v1\nkind: RulePack\nmetadata: {name: s}\nspec:\n  rules:\n    - {id: MCP-IO-001, title: t, severity: info, category: config, description: d, match: /spec, assert: {present: true}, message: m}\n' >"$tmp/pack/p.yaml"
run 2 rules --rules "$tmp/pack"
has "$err" "error\[MCP-RULES-000\]: the id is one of mcpc's own rules"

# ---- the SARIF a run writes ----

S=$tmp/sarif
mkdir -p "$S"
demo=fixtures/demo/fraud-scoring.mcp.yaml
broken=fixtures/demo/broken.mcp.yaml
# sarif NAME EXPECTED-STATUS ARGS...: mcpc ARGS into $S/NAME.sarif.
sarif() {
	_n=$1
	shift
	run "$@"
	cp "$out" "$S/$_n.sarif"
}
sarif check 2 check --format sarif "$broken" "$demo"
sarif empty 0 check --format sarif "$demo"
sarif quiet 2 check -q --format sarif "$broken"
has "$S/quiet.sarif" '"level": "error"'
hasnt "$S/quiet.sarif" '"level": "(warning|note)"'
mv "$S/quiet.sarif" "$tmp/quiet.sarif"
# odd names: a space, '#', '%', ':', non-ASCII; relative and absolute
mkdir -p "$tmp/odd/sp ace" "$tmp/odd/émoji-ü"
cp "$broken" "$tmp/odd/sp ace/f#1.mcp.yaml"
cp "$broken" "$tmp/odd/émoji-ü/100%:名.mcp.yaml"
cp -r fixtures/demo/services "$tmp/odd/sp ace/"
(cd "$tmp/odd" && NO_COLOR= "$MCPC" check --format sarif "sp ace/f#1.mcp.yaml" "émoji-ü/100%:名.mcp.yaml" >"$S/odd.sarif" 2>"$err")
if [ $? -eq 2 ]; then ok; else bad "check of the odd names did not exit 2"; fi
sarif odd-abs 2 check --format sarif "$tmp/odd/sp ace/f#1.mcp.yaml"
has "$S/odd.sarif" '"uri": "sp%20ace/f%231.mcp.yaml"'
has "$S/odd.sarif" '"uri": "%C3%A9moji-%C3%BC/100%25%3A%E5%90%8D.mcp.yaml"'
has "$S/odd-abs.sarif" '"uri": "file:///.*/sp%20ace/f%231.mcp.yaml"'
hasnt "$S/odd-abs.sarif" '"uriBaseId"'
# standard input
NO_COLOR= "$MCPC" check --format sarif - <"$broken" >"$S/stdin.sarif" 2>"$err"
if [ $? -eq 2 ]; then ok; else bad "check - did not exit 2"; fi
has "$S/stdin.sarif" '"uri": "file:///dev/stdin"'
# a file that cannot be read: a finding about the whole file, at line 1
sarif io 2 check --format sarif "$tmp/missing.mcp.yaml"
has "$S/io.sarif" '"ruleId": "MCP-IO-001"'
has "$S/io.sarif" '"startLine": 1,'
# a schema with a reference it cannot resolve: a warning about no file
printf '{"$ref": "https://example.com/nowhere.json"}\n' >"$tmp/ref.json"
sarif validate 1 validate --format sarif --schema "$tmp/ref.json" "$demo"
has "$S/validate.sarif" '"toolExecutionNotifications"'
# a site rule with a description longer than code scanning keeps
mkdir -p "$tmp/long"
long=$(awk 'BEGIN { for (i = 0; i < 40; i++) printf "%sA sentence of the long description, number %d.", i ? " " : "", i }')
printf 'apiVersion: ai102.mcp/v1\nkind: RulePack\nmetadata: {name: site}\nspec:\n  rules:\n    - {id: SITE-LONG-001, title: Long, severity: warning, category: config, description: "%s", match: /metadata/name, assert: {pattern: "^x"}, message: m, docs: "https://example.com/long"}\n' "$long" >"$tmp/long/p.yaml"
sarif long 0 check --format sarif --rules "$tmp/long" "$demo"
printf '%s\n' "$long" >"$tmp/long.txt"
# build: its findings, and a build it refuses
sarif build 0 build --format sarif -o "$tmp/build-out" "$demo"
sarif build-refused 1 build --format sarif -o "$tmp/build-out2" fixtures/specs/rules/MCP-IMG-001.mcp.yaml

# lint: a scratch repository with odd names, a waiver, a revision lint
# cannot read, shards merged
repo=$tmp/repo
mkdir -p "$repo/deploy/sp ace" "$repo/deploy/ünï"
cp "$broken" "$repo/deploy/sp ace/b#1.mcp.yaml"
cp fixtures/specs/rules/MCP-IMG-001.mcp.yaml "$repo/deploy/ünï/img%.mcp.yaml"
cp fixtures/specs/rules/MCP-AVL-001.mcp.yaml "$repo/deploy/a.mcp.yaml"
cp "$demo" "$repo/deploy/z.mcp.yaml"
cp -r fixtures/demo/services "$repo/deploy/"
printf 'apiVersion: ai102.mcp/v1\nkind: Waivers\nmetadata: {name: w}\nspec:\n  waivers:\n    - {rule: MCP-AVL-001, file: "deploy/a.mcp.yaml", reason: "one replica until the pool grows", expires: "2099-12-31"}\n' >"$repo/waivers.yaml"
printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: p}\nspec:\n  waivers: waivers.yaml\n' >"$repo/.mcpc.yaml"
(cd "$repo" && $G init -q && $G add -A && $G commit -qm specs) >/dev/null 2>&1
lint() { # NAME EXPECTED ARGS...: lint in the repository's deploy/ folder
	_n=$1
	_want=$2
	shift 2
	(cd "$repo/deploy" && NO_COLOR= "$MCPC" lint --no-cache "$@" >"$S/$_n.sarif" 2>"$err")
	_got=$?
	case " $_want " in
	*" $_got "*) ok ;;
	*) bad "lint $* exited $_got, expected $_want" ;;
	esac
}
lint lint 2 --format sarif
has "$S/lint.sarif" '"uri": "deploy/sp%20ace/b%231.mcp.yaml"'
has "$S/lint.sarif" '"uri": "deploy/%C3%BCn%C3%AF/img%25.mcp.yaml"'
has "$S/lint.sarif" '"justification": "one replica until the pool grows'
has "$S/lint.sarif" '"text": "The top of the git work tree mcpc lint read."'
lint runlevel 2 --since no-such-revision --format sarif
has "$S/runlevel.sarif" '"results": \[\]'
has "$S/runlevel.sarif" '"executionSuccessful": false'
for i in 1 2 3; do lint "shard$i" "0 1 2" --shard $i/3 --format sarif; mv "$S/shard$i.sarif" "$tmp/"; done
run 2 merge-reports "$tmp/shard1.sarif" "$tmp/shard2.sarif" "$tmp/shard3.sarif"
cp "$out" "$S/merged.sarif"
# one run, sorted by the files the URIs name (not by their encoding)
same "$S/lint.sarif" "$S/merged.sarif" "the merged shards are not the report of one run"

# What every report says, beyond the Multitool's rules: each result has a
# file and a line; a relative URI stands on %SRCROOT%, which the run
# defines; decoded, it names the file (from the folder mcpc ran in, or
# for lint the repository's top); each rule has its help, its page in
# docs/rules/ when it is mcpc's; each ruleIndex names its ruleId; a
# finding about no file is a notification, and an error one fails the run.
python3 - "$S" "$top" "$tmp/odd" "$repo" "$tmp/long.txt" >"$out" 2>&1 <<'PY'
import json, os, re, sys
from urllib.parse import unquote_to_bytes
S, top, odd, repo, long_txt = sys.argv[1:6]
uri_ok = re.compile(r"^(file:///)?[A-Za-z0-9._~/%-]+$")

def check(f, base):
    log = json.load(open(f))
    assert log["version"] == "2.1.0" and log["$schema"].startswith("https://")
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    for r in rules:
        for k in ("shortDescription", "fullDescription"):
            assert r[k]["text"].strip(), (r["id"], k)
        assert len(r["fullDescription"]["text"]) <= 1024, r["id"]
        assert r["help"]["text"].strip() and r["help"]["markdown"].strip(), r["id"]
        if os.path.exists(os.path.join(top, "docs", "rules", r["id"] + ".md")):
            assert r["helpUri"].endswith("/rules/" + r["id"] + ".md"), r["id"]
    bases = run["originalUriBaseIds"]
    assert "%SRCROOT%" in bases
    for x in run["results"]:
        assert rules[x["ruleIndex"]]["id"] == x["ruleId"], x["ruleId"]
        loc = x["locations"][0]["physicalLocation"]
        art, reg = loc["artifactLocation"], loc["region"]
        assert reg["startLine"] >= 1 and reg["startColumn"] >= 1, x
        uri = art["uri"]
        assert uri_ok.match(uri), uri
        if uri.startswith("file://"):
            assert "uriBaseId" not in art, uri
            path = unquote_to_bytes(uri[7:])
        else:
            assert art["uriBaseId"] in bases, uri
            path = os.path.join(base.encode(), unquote_to_bytes(uri))
        assert path == b"/dev/stdin" or os.path.exists(path) or x["ruleId"] == "MCP-IO-001", (uri, path)
    inv = run["invocations"][0]
    notes = inv.get("toolExecutionNotifications", [])
    for n in notes:
        assert rules[n["associatedRule"]["index"]]["id"] == n["associatedRule"]["id"]
    failed = any(n["level"] == "error" for n in notes)
    assert inv["executionSuccessful"] == (inv["exitCode"] < 2 and not failed), inv
    return rules

bad = 0
for name in sorted(os.listdir(S)):
    base = odd if name == "odd.sarif" else repo if name in ("lint.sarif", "runlevel.sarif", "merged.sarif") else top
    try:
        rules = check(os.path.join(S, name), base)
        if name == "long.sarif":
            # cut to what code scanning keeps, at a sentence; help whole
            text = open(long_txt).read().strip()
            r = [x for x in rules if x["id"] == "SITE-LONG-001"][0]
            full = r["fullDescription"]["text"]
            assert len(full) <= 1024 and full.endswith(". ...") and text.startswith(full[:-4]), full
            assert " ".join(r["help"]["text"].split()).startswith(text)
            assert r["helpUri"] == "https://example.com/long", r["helpUri"]
        print("ok", name)
    except Exception as e:
        print("FAIL", name, repr(e)[:300])
PY
n_reports=$(ls "$S"/*.sarif | wc -l)
n_ok=$(grep -c '^ok ' "$out")
if [ "$n_ok" -eq "$n_reports" ] && [ "$n_reports" -ge 13 ]; then ok
else bad "of $n_reports reports, $n_ok say what mcpc's SARIF says: $(grep -v '^ok ' "$out" | head -5)"; fi
# and the OASIS schema, when ../shared/conformance has it
sarif_schema=../shared/conformance/sarif/sarif-schema-2.1.0.json
if [ -f "$sarif_schema" ]; then run 0 validate --schema "$sarif_schema" "$S"/*.sarif
else echo "note: SARIF schema validation skipped: $sarif_schema not found"; fi
has "$S/runlevel.sarif" '"id": "MCP-GIT-001"'

# ---- Microsoft's SARIF Multitool, GitHub's rules ----

mt_dir=$BUILD/npm/sarif-multitool
mt=$mt_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
# no_multitool WHY: the suite ends here; what it checked so far still
# counts when it failed
no_multitool() {
	if [ "$fail" -gt 0 ]; then
		echo "note: the SARIF Multitool was not run: $1"
		echo "$pass passed, $fail failed"
	else
		echo "sarif: skipped: $1"
	fi
	exit 0
}
if ! "$mt" --version 2>/dev/null | grep -q "^SARIF Multitool $MULTITOOL_VERSION"; then
	command -v npm >/dev/null 2>&1 ||
		no_multitool "npm is not installed (scripts/deps.sh installs it)"
	mkdir -p "$mt_dir"
	npm install --no-save --no-audit --no-fund --prefix "$mt_dir" \
		"@microsoft/sarif-multitool@$MULTITOOL_VERSION" >"$tmp/npm.log" 2>&1 ||
		no_multitool "npm could not install @microsoft/sarif-multitool@$MULTITOOL_VERSION ($(tail -1 "$tmp/npm.log"))"
	# npm leaves install scripts (the package's chmod) to be approved
	chmod u+x "$mt" 2>/dev/null
fi
# Without ICU the .NET runtime aborts; the invariant mode needs none.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
if "$mt" --version 2>&1 | grep -q "^SARIF Multitool $MULTITOOL_VERSION"; then ok
else bad "the SARIF Multitool $MULTITOOL_VERSION does not run: $("$mt" --version 2>&1 | tail -1)"; fi

# A deliberately broken report (as mcpc once wrote it: a raw path with a
# space, a rule without a full description or help, a result without a
# location): the Multitool must say so, or this suite would see nothing.
cat >"$S/zz-broken.sarif" <<'EOF'
{
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {"driver": {"name": "mcpc", "rules": [{"id": "MCP-X-001", "shortDescription": {"text": "MCP-X-001"}}]}},
      "results": [
        {"ruleId": "MCP-X-001", "ruleIndex": 0, "level": "error", "message": {"text": "m"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "sp ace/f#1.yaml"}}}]},
        {"ruleId": "MCP-X-001", "ruleIndex": 0, "level": "error", "message": {"text": "no place"}}
      ]
    }
  ]
}
EOF
rm -f "$tmp/mt.sarif"
"$mt" validate --rule-kind "Gh;Sarif" --level "Error;Warning" --output "$tmp/mt.sarif" "$S"/*.sarif >"$tmp/mt.out" 2>&1
scanned=$(sed -n 's/^Done\. \([0-9]*\) files scanned\.$/\1/p' "$tmp/mt.out")
if [ "${scanned:-0}" -eq $((n_reports + 1)) ]; then ok
else bad "the Multitool scanned ${scanned:-no} files of $((n_reports + 1)): $(tail -3 "$tmp/mt.out")"; fi
# Its log, file by file: "FILE ERRORS WARNINGS RULE-IDS", and its own
# trouble (a notification of the run) as a line "tool ...".
python3 - "$tmp/mt.sarif" >"$tmp/mt.counts" 2>&1 <<'PY'
import json, sys
from urllib.parse import unquote
run = json.load(open(sys.argv[1]))["runs"][0]
counts = {}
for x in run.get("results", []):
    f = unquote(x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]).rsplit("/", 1)[-1]
    c = counts.setdefault(f, [0, 0, set()])
    c[0 if x.get("level", "warning") == "error" else 1] += 1
    c[2].add(x["ruleId"])
for f, c in sorted(counts.items()):
    print(f, c[0], c[1], ",".join(sorted(c[2])))
for inv in run.get("invocations", []):
    for n in inv.get("toolExecutionNotifications", []) + inv.get("toolConfigurationNotifications", []):
        if n.get("level", "warning") in ("error", "warning"):
            print("tool", n.get("message", {}))
PY
if [ $? -eq 0 ]; then ok; else bad "the Multitool's log does not read: $(tail -3 "$tmp/mt.counts")"; fi
for f in "$S"/*.sarif; do
	name=$(basename "$f")
	line=$(grep "^$name " "$tmp/mt.counts")
	if [ "$name" = zz-broken.sarif ]; then
		# the raw path (SARIF1002), the rule without its full
		# description and help (GH2012), the result without a place
		# (GH1015), each an error
		seen=0
		for id in SARIF1002 GH2012 GH1015; do
			case ",${line##* }," in *",$id,"*) seen=$((seen + 1)) ;; esac
		done
		if [ $seen -eq 3 ] && [ "$(echo "$line" | cut -d' ' -f2)" -ge 3 ]; then ok
		else bad "the Multitool did not find the broken report's faults (it says: ${line:-nothing})"; fi
	elif [ -z "$line" ]; then ok
	else
		bad "the Multitool finds errors and warnings in $name: $line"
		grep -F "$name(" "$tmp/mt.out" | head -5 | sed 's/^/  | /'
	fi
done
if grep -q '^tool ' "$tmp/mt.counts"; then bad "the Multitool reports trouble of its own: $(grep '^tool ' "$tmp/mt.counts" | head -3)"
else ok; fi

echo "$pass passed, $fail failed"
