#!/bin/sh
# failclosed-waivers.sh: waivers that cannot be abused (docs/waivers.md).
# Each case is a waiver that once let a violation pass: an expiry far in
# the future, a blank reason, a waived structural finding, a rule id that
# does not exist, an empty rule id, a waiver reaching into another
# document. Both forms (the annotation and the waivers file) are held to
# one rule. Prints "N passed, N failed".
set -u
. tests/lib.sh

# The clock: 2026-12-02, so the default horizon (365 days) ends 2027-12-02.
export MCPC_TODAY=2026-12-02
cp -r fixtures/specs/waivers/services "$tmp/"
base=fixtures/specs/waivers/waived.mcp.yaml

# spec NAME ANNOTATIONS [SED]: $tmp/NAME.mcp.yaml, the waived fixture with
# its annotation line (line 9) replaced by ANNOTATIONS (lines joined by
# '|'), and SED applied; its only finding is MCP-IMG-001 at 55:14.
spec() {
	awk -v a="$2" 'NR == 9 { n = split(a, l, "|"); for (i = 1; i <= n; i++) print "    " l[i]; next } { print }' \
		"$base" | sed "${3:-}" >"$tmp/$1.mcp.yaml"
}
# waivers ENTRIES...: $tmp/w.yaml, a waivers file with one entry a line.
waivers() {
	{
		printf 'apiVersion: ai102.mcp/v1\nkind: Waivers\nmetadata: {name: w}\nspec:\n  waivers:\n'
		for e in "$@"; do printf '    - %s\n' "$e"; done
	} >"$tmp/w.yaml"
}
# check ARGS...: mcpc check from $tmp (so the waivers file's globs and the
# printed paths agree); the exit status is checked by the caller.
check() {
	(cd "$tmp" && NO_COLOR= "$MCPC" check --color=never "$@" >"$out" 2>"$err")
}
expect() { # STATUS WHAT
	if [ "$got" -eq "$1" ]; then ok; else bad "$2: exit $got, expected $1"; fi
}

# --- The horizon: an expiry more than 365 days ahead waives nothing. -----
spec far 'mcpc.io/waive.MCP-IMG-001: "rebuilt nightly; expires=9999-12-31"'
check far.mcp.yaml; got=$?
expect 1 "an annotation expiring in 9999"
has "$out" '^far.mcp.yaml:9:32: error\[MCP-WAIVER-003\]: the waiver of MCP-IMG-001 expires on 9999-12-31, more than 365 days after today \(2026-12-02\)'
has "$out" '^far.mcp.yaml:55:14: error\[MCP-IMG-001\]'
hasnt "$out" 'waived'
# the last day of the horizon holds; the next does not
spec edge 'mcpc.io/waive.MCP-IMG-001: "rebuilt nightly; expires=2027-12-02"'
check edge.mcp.yaml; got=$?
expect 0 "an annotation expiring on the horizon's last day"
has "$out" 'waived error\[MCP-IMG-001\]'
spec over 'mcpc.io/waive.MCP-IMG-001: "rebuilt nightly; expires=2027-12-03"'
check over.mcp.yaml; got=$?
expect 1 "an annotation expiring a day past the horizon"
has "$out" 'error\[MCP-WAIVER-003\]: the waiver of MCP-IMG-001 expires on 2027-12-03'
# the waivers file obeys the same horizon, at the entry's expires
spec plain 'team: risk'
waivers '{rule: MCP-IMG-001, file: "*.mcp.yaml", reason: nightly, expires: "9999-12-31"}'
check --waivers w.yaml plain.mcp.yaml; got=$?
expect 1 "a waivers-file entry expiring in 9999"
has "$out" '^w.yaml:6:.*error\[MCP-WAIVER-003\]: the waiver of MCP-IMG-001 expires on 9999-12-31, more than 365 days after today'
has "$out" '^plain.mcp.yaml:55:14: error\[MCP-IMG-001\]'
hasnt "$out" 'waived|MCP-WAIVER-002'
waivers '{rule: MCP-IMG-001, file: "*.mcp.yaml", reason: nightly, expires: "2027-12-02"}'
check --waivers w.yaml plain.mcp.yaml; got=$?
expect 0 "a waivers-file entry on the horizon's last day"

# The project's spec.waiverMaxDays moves the horizon, for both forms.
mkdir -p "$tmp/p/services"
cp -r "$tmp/services/user" "$tmp/p/services/"
proj() { # MAXDAYS-LINE: $tmp/p/.mcpc.yaml
	printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: p}\nspec:\n%s\n' "$1" >"$tmp/p/.mcpc.yaml"
}
pcheck() { (cd "$tmp/p" && NO_COLOR= "$MCPC" check --color=never "$@" >"$out" 2>"$err"); }
proj '  waiverMaxDays: 30'
spec p/ok 'mcpc.io/waive.MCP-IMG-001: "rebuilt nightly; expires=2027-01-01"'
spec p/late 'mcpc.io/waive.MCP-IMG-001: "rebuilt nightly; expires=2027-01-02"'
pcheck ok.mcp.yaml; got=$?
expect 0 "waiverMaxDays 30: 30 days ahead"
pcheck late.mcp.yaml; got=$?
expect 1 "waiverMaxDays 30: 31 days ahead"
# 30.0 is the integer 30 to JSON Schema: the same horizon, not the default
proj '  waiverMaxDays: 30.0'
pcheck late.mcp.yaml; got=$?
expect 1 "waiverMaxDays 30.0: 31 days ahead"
has "$out" 'error\[MCP-WAIVER-003\].*more than 30 days after today'
proj '  waiverMaxDays: 30'
pcheck late.mcp.yaml; got=$?
has "$out" 'error\[MCP-WAIVER-003\]: the waiver of MCP-IMG-001 expires on 2027-01-02, more than 30 days after today \(2026-12-02\)'
has "$out" "hint: .*spec.waiverMaxDays"
cp "$tmp/plain.mcp.yaml" "$tmp/p/"
waivers '{rule: MCP-IMG-001, file: "*.mcp.yaml", reason: nightly, expires: "2027-01-02"}'
cp "$tmp/w.yaml" "$tmp/p/.mcpc-waivers.yaml"
pcheck plain.mcp.yaml; got=$?
expect 1 "waiverMaxDays 30 and a waivers-file entry 31 days ahead"
has "$out" '/p/\.mcpc-waivers\.yaml:6:.*error\[MCP-WAIVER-003\].*more than 30 days'
rm "$tmp/p/.mcpc-waivers.yaml"
# a longer horizon, up to ten years
proj '  waiverMaxDays: 3650'
spec p/years 'mcpc.io/waive.MCP-IMG-001: "rebuilt nightly; expires=2036-11-29"'
pcheck years.mcp.yaml; got=$?
expect 0 "waiverMaxDays 3650: nine years ahead"
# nonsense is the project file's schema error, fatal
for v in 0 -1 3651 1.5 '"30"' 'null'; do
	proj "  waiverMaxDays: $v"
	pcheck ok.mcp.yaml; got=$?
	expect 2 "waiverMaxDays: $v"
	has "$out" '/p/\.mcpc\.yaml:5:.*error\[MCP-SCHEMA-00[0-9]\]: spec.waiverMaxDays'
	has "$out" 'error\[MCP-PROJECT-001\]'
done

# --- A reason: at least one letter or digit, in both forms. --------------
for r in ' ' '	' '-' '...' ' ; ' "$(printf '\302\240')"; do
	spec blank "mcpc.io/waive.MCP-IMG-001: \"$r; expires=2027-01-31\""
	check blank.mcp.yaml; got=$?
	expect 1 "an annotation with the reason '$r'"
	has "$out" '^blank.mcp.yaml:9:32: error\[MCP-WAIVER-001\]: the waiver of MCP-IMG-001 needs a reason'
	has "$out" '^blank.mcp.yaml:55:14: error\[MCP-IMG-001\]'
	waivers "{rule: MCP-IMG-001, file: \"*.mcp.yaml\", reason: \"$r\", expires: \"2027-01-31\"}"
	check --waivers w.yaml plain.mcp.yaml; got=$?
	expect 1 "a waivers-file entry with the reason '$r'"
	has "$out" '^w.yaml:6:.*error\[MCP-WAIVER-001\]: the waiver of MCP-IMG-001 needs a reason'
	has "$out" '^plain.mcp.yaml:55:14: error\[MCP-IMG-001\]'
	hasnt "$out" 'MCP-WAIVER-002'
done
# a reason with a letter is a reason, in any script
spec short 'mcpc.io/waive.MCP-IMG-001: "x; expires=2027-01-31"'
check short.mcp.yaml; got=$?
expect 0 "the reason 'x'"
waivers '{rule: MCP-IMG-001, file: "*.mcp.yaml", reason: "修正予定", expires: "2027-01-31"}'
check --waivers w.yaml plain.mcp.yaml; got=$?
expect 0 "a reason in Japanese"

# --- Structural findings cannot be waived. -------------------------------
root='s/sshRootLogin: false/sshRootLogin: "true"/'
spec schema 'mcpc.io/waive.MCP-SCHEMA-002: "tolerated; expires=2027-01-31"|mcpc.io/waive.MCP-IMG-001: "nightly; expires=2027-01-31"' "$root"
check schema.mcp.yaml; got=$?
expect 1 "a waived MCP-SCHEMA-002"
has "$out" '^schema.mcp.yaml:9:35: error\[MCP-WAIVER-004\]: the waiver of MCP-SCHEMA-002 cannot hold: MCP-SCHEMA-\* findings say the spec could not be checked'
has "$out" '^schema.mcp.yaml:78:21: error\[MCP-SCHEMA-002\]: spec.security.hostBaseline.sshRootLogin'
hasnt "$out" 'waived error\[MCP-SCHEMA'
has "$out" 'waived error\[MCP-IMG-001\]'
spec schema2 'team: risk' "$root"
waivers '{rule: MCP-SCHEMA-002, file: "*.mcp.yaml", reason: tolerated, expires: "2027-01-31"}'
check --waivers w.yaml schema2.mcp.yaml; got=$?
expect 1 "a waivers-file entry for MCP-SCHEMA-002"
has "$out" '^w.yaml:6:.*error\[MCP-WAIVER-004\]: the waiver of MCP-SCHEMA-002 cannot hold'
has "$out" '^schema2.mcp.yaml:77:21: error\[MCP-SCHEMA-002\]'
hasnt "$out" 'waived error\[MCP-SCHEMA|MCP-WAIVER-002'
# every structural family, in both forms
for r in MCP-YAML-003 MCP-SCHEMA-005 MCP-IO-001 MCP-GIT-002 MCP-DEPS-002 MCP-COMPAT-000 MCP-COMPAT-001 MCP-BUILD-003 MCP-PROJECT-001 MCP-RULES-000 MCP-WAIVER-EXPIRED MCP-WAIVER-002; do
	spec st "mcpc.io/waive.$r: \"tolerated; expires=2027-01-31\"|mcpc.io/waive.MCP-IMG-001: \"nightly; expires=2027-01-31\""
	check st.mcp.yaml; got=$?
	expect 1 "a waiver of $r"
	has "$out" "^st.mcp.yaml:9:.*error\\[MCP-WAIVER-004\\]: the waiver of $r cannot hold"
	waivers "{rule: $r, file: \"*.mcp.yaml\", reason: tolerated, expires: \"2027-01-31\"}"
	check --waivers w.yaml plain.mcp.yaml; got=$?
	expect 1 "a waivers-file entry for $r"
	has "$out" "^w.yaml:6:.*error\\[MCP-WAIVER-004\\]: the waiver of $r cannot hold"
done
# a YAML 1.1 trap stays a finding, the missing manifest too
spec trap 'mcpc.io/waive.MCP-YAML-003: "tolerated; expires=2027-01-31"|mcpc.io/waive.MCP-IMG-001: "nightly; expires=2027-01-31"' 's/labels: {team: risk}/labels: {team: risk, flag: yes}/'
check trap.mcp.yaml; got=$?
expect 1 "a waived MCP-YAML-003"
has "$out" '^trap.mcp.yaml:7:.*warning\[MCP-YAML-003\]'
spec deps 'mcpc.io/waive.MCP-DEPS-002: "tolerated; expires=2027-01-31"|mcpc.io/waive.MCP-IMG-001: "nightly; expires=2027-01-31"' 's|services/user/go.mod|services/none/go.mod|'
check deps.mcp.yaml; got=$?
expect 1 "a waived MCP-DEPS-002"
has "$out" '^deps.mcp.yaml:.*: error\[MCP-DEPS-002\]'
hasnt "$out" 'waived error\[MCP-DEPS'

# --- An unknown rule id is an error, with the closest id. ----------------
spec typo 'mcpc.io/waive.MCP-IMG-01: "nightly; expires=2027-01-31"'
check typo.mcp.yaml; got=$?
expect 1 "a waiver of MCP-IMG-01"
has "$out" '^typo.mcp.yaml:9:31: error\[MCP-WAIVER-005\]: the waiver names MCP-IMG-01, which no rule is called; did you mean MCP-IMG-001\?'
has "$out" '^typo.mcp.yaml:55:14: error\[MCP-IMG-001\]'
hasnt "$out" 'MCP-WAIVER-002'
waivers '{rule: MCP-FOO-001, file: "*.mcp.yaml", reason: nightly, expires: "2027-01-31"}'
check --waivers w.yaml plain.mcp.yaml; got=$?
expect 1 "a waivers-file entry for MCP-FOO-001"
has "$out" '^w.yaml:6:.*error\[MCP-WAIVER-005\]: the waiver names MCP-FOO-001, which no rule is called'
hasnt "$out" 'MCP-WAIVER-002'
# a wildcard is no rule id
spec star 'mcpc.io/waive.MCP-IMG: "nightly; expires=2027-01-31"'
check star.mcp.yaml; got=$?
expect 1 "a waiver of MCP-IMG"
has "$out" 'error\[MCP-WAIVER-005\]: the waiver names MCP-IMG, which no rule is called'
# the matrix's checks and a pack's own rules are rules
waivers '{rule: MCP-COMPAT-010, file: "services/user/go.mod", reason: upgrade planned, expires: "2027-01-31"}'
check --waivers w.yaml plain.mcp.yaml; got=$?
expect 1 "a waivers-file entry for MCP-COMPAT-010 that matches nothing"
hasnt "$out" 'MCP-WAIVER-005'
has "$out" 'warning\[MCP-WAIVER-002\]: the waiver of MCP-COMPAT-010'
mkdir -p "$tmp/packs"
cat >"$tmp/packs/site.yaml" <<'PACK'
apiVersion: ai102.mcp/v1
kind: RulePack
metadata: {name: site}
spec:
  rules:
    - id: SITE-NS-001
      title: Namespaces start with team-
      severity: error
      category: config
      description: naming
      match: /metadata/namespace
      assert: {pattern: "^team-"}
      message: "namespace {value} does not start with team-"
PACK
spec site 'mcpc.io/waive.SITE-NS-001: "renamed in Q1; expires=2027-01-31"|mcpc.io/waive.MCP-IMG-001: "nightly; expires=2027-01-31"'
check --rules packs site.mcp.yaml; got=$?
expect 0 "a waiver of a pack's own rule"
has "$out" 'waived error\[SITE-NS-001\]'

# a pack cannot make a structural id waivable by defining a rule with it
sed 's/SITE-NS-001/MCP-SCHEMA-900/' "$tmp/packs/site.yaml" >"$tmp/packs/site2.yaml"
rm "$tmp/packs/site.yaml"
spec site2 'mcpc.io/waive.MCP-SCHEMA-900: "renamed in Q1; expires=2027-01-31"|mcpc.io/waive.MCP-IMG-001: "nightly; expires=2027-01-31"'
check --rules packs site2.mcp.yaml; got=$?
expect 1 "a waiver of a pack's rule with a structural id"
has "$out" 'error\[MCP-WAIVER-004\]: the waiver of MCP-SCHEMA-900 cannot hold'
has "$out" '^site2.mcp.yaml:[0-9]+:[0-9]+: error\[MCP-SCHEMA-900\]'

# --- An empty rule id says so, at the annotation. ------------------------
spec empty 'mcpc.io/waive.: "nightly; expires=2027-01-31"'
check empty.mcp.yaml; got=$?
expect 1 "a waiver with an empty rule id"
has "$out" '^empty.mcp.yaml:9:.*error\[MCP-WAIVER-001\]: the waiver names no rule: write the rule id after mcpc.io/waive.'
hasnt "$out" 'no valid expiry date'

# --- A waiver holds in its own document only. ----------------------------
spec one 'mcpc.io/waive.MCP-IMG-001: "nightly; expires=2027-01-31"'
spec two 'team: risk'
{ cat "$tmp/one.mcp.yaml"; echo '---'; cat "$tmp/two.mcp.yaml"; } >"$tmp/multi.mcp.yaml"
check multi.mcp.yaml; got=$?
expect 1 "a waiver in the first document of two"
has "$out" '^multi.mcp.yaml:55:14: waived error\[MCP-IMG-001\]'
has "$out" '^multi.mcp.yaml:150:14: error\[MCP-IMG-001\]'
# a waivers-file pointer names a place: an empty one is the schema's error
waivers '{rule: MCP-IMG-001, file: "*.mcp.yaml", pointer: "", reason: nightly, expires: "2027-01-31"}'
check --waivers w.yaml plain.mcp.yaml; got=$?
expect 2 "a waivers-file entry with an empty pointer"
has "$out" 'w.yaml:6:.*error\[MCP-SCHEMA-00[0-9]\]: spec.waivers\[0\].pointer'

# --- Every command that checks holds waivers to the same rules. ----------
# build: a structural waiver fails the build before anything is written
spec bschema 'mcpc.io/waive.MCP-SCHEMA-002: "tolerated; expires=2027-01-31"|mcpc.io/waive.MCP-IMG-001: "nightly; expires=2027-01-31"' "$root"
(cd "$tmp" && NO_COLOR= "$MCPC" build -o bout bschema.mcp.yaml >"$out" 2>"$err"); got=$?
expect 1 "build with a waived MCP-SCHEMA-002"
has "$out" 'error\[MCP-WAIVER-004\]: the waiver of MCP-SCHEMA-002 cannot hold'
if [ -e "$tmp/bout" ]; then bad "build wrote bout/ under a waiver that cannot hold"; else ok; fi
# lint: the same findings, from the cache too; a new horizon is a new key
repo=$tmp/repo
mkdir -p "$repo/services"
cp -r "$tmp/services/user" "$repo/services/"
cp "$tmp/bschema.mcp.yaml" "$repo/"
spec repo/long 'mcpc.io/waive.MCP-IMG-001: "nightly; expires=2035-01-31"'
printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: r}\nspec:\n  waiverMaxDays: 3650\n' >"$repo/.mcpc.yaml"
(cd "$repo" && git init -q && git add -A)
lint() { (cd "$repo" && NO_COLOR= "$MCPC" lint --staged "$@" >"$out" 2>"$err"); }
for pass_no in 1 2; do
	lint; got=$?
	expect 1 "lint --staged, run $pass_no"
	has "$out" '^bschema.mcp.yaml:9:35: error\[MCP-WAIVER-004\]'
	has "$out" '^bschema.mcp.yaml:78:21: error\[MCP-SCHEMA-002\]'
	has "$out" '^long.mcp.yaml:55:14: waived error\[MCP-IMG-001\]'
done
sed -i 's/waiverMaxDays: 3650/waiverMaxDays: 30/' "$repo/.mcpc.yaml"
(cd "$repo" && git add .mcpc.yaml)
lint; got=$?
expect 1 "lint --staged after the horizon shrank"
has "$out" '^long.mcp.yaml:9:32: error\[MCP-WAIVER-003\]: the waiver of MCP-IMG-001 expires on 2035-01-31, more than 30 days'
has "$out" '^long.mcp.yaml:55:14: error\[MCP-IMG-001\]'

echo "$pass passed, $fail failed"
