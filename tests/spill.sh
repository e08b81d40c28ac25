#!/bin/sh
# spill.sh: lint keeps no spec's findings in memory once they are
# written out (compiler/cli/spill.c), and every report is the same for
# it. MCPC_SPILL_LIMIT=1 sends each spec's findings to the temporary
# file at once and makes the findings each spec has about other files
# (a dependency manifest every spec names) a sorted run of their own;
# the reports, in every format, with -q and -v, to standard output and
# to files, are byte for byte those of a run that keeps them in memory
# (the default limits, for so few specs). A credential one spec holds is
# masked in the findings of every other, before and after it. Reports of
# a run whose findings could not be written out stay whole.
# The last line is "N passed, N failed".
set -u
BUILD=${BUILD:-build}
. tests/lib.sh

repo=$tmp/repo
mkdir -p "$repo/team" "$repo/matrix"
cp -r fixtures/demo/services "$repo/team/"
# seven specs that name the same dependency manifests: a site matrix puts
# one of their versions out of range, so each spec has a finding at the
# same line of services/user/go.mod
for n in a b c d e f; do
	sed "s/^  name: fraud-scoring/  name: fraud-$n/" fixtures/demo/fraud-scoring.mcp.yaml >"$repo/team/$n.mcp.yaml"
done
cp fixtures/demo/broken.mcp.yaml "$repo/team/z-broken.mcp.yaml"
# metrics off in two specs, a waiver for one of them below
for n in d e; do
	sed 's/^    metrics: {enabled: true/    metrics: {enabled: false/' "$repo/team/$n.mcp.yaml" >"$tmp/m" &&
		mv "$tmp/m" "$repo/team/$n.mcp.yaml"
done
# a credential held by the last spec, and in the first a label value
# that a schema finding quotes: every report masks it in both
sed 's/^    values: {/    values: {apiToken: s3cr3t-Pa55word-XYZ, note: s3cr3t-Pa55word-XYZ, /' \
	"$repo/team/f.mcp.yaml" >"$tmp/f" && mv "$tmp/f" "$repo/team/f.mcp.yaml"
sed 's/^  labels: {team: risk}/  labels: {team: "s3cr3t-Pa55word-XYZ!"}/' "$repo/team/a.mcp.yaml" >"$tmp/a" &&
	mv "$tmp/a" "$repo/team/a.mcp.yaml"
cat >"$repo/matrix/site.yaml" <<'EOF'
apiVersion: ai102.mcp/v1
kind: CompatibilityMatrix
metadata:
  name: site
spec:
  libraries:
    - ecosystem: go
      name: google.golang.org/grpc
      allowed: ">=1.64.0"
      source: a test of lint's spill
EOF
# waivers: one that cannot hold (said when the file loads), one expired
# (said as the specs are checked), one that waives a finding of one spec
# and not the same finding of another, one that matches nothing (said at
# the end): findings of the run's own list among the spilled ones
cat >"$repo/.mcpc-waivers.yaml" <<'EOF'
apiVersion: ai102.mcp/v1
kind: Waivers
metadata:
  name: team
spec:
  waivers:
    - rule: MCP-SCHEMA-005
      file: team/*.mcp.yaml
      reason: the label is fixed next sprint
      expires: "2099-12-31"
    - rule: MCP-SEC-001
      file: team/*.mcp.yaml
      reason: an old waiver
      expires: "2000-01-01"
    - rule: MCP-OBS-001
      file: team/e.mcp.yaml
      reason: metrics come with the next release
      expires: "2099-12-31"
    - rule: MCP-IMG-001
      file: team/*.mcp.yaml
      reason: waives nothing
      expires: "2099-12-31"
EOF
(cd "$repo" && git init -q . && git add -A) || exit 1

# lint LIMIT OUT ARGS...: lint the repository, report in OUT (its status
# in OUT.st, standard error in OUT.err)
lint() {
	limit=$1
	o=$2
	shift 2
	(cd "$repo" && MCPC_TODAY=2099-07-01 MCPC_SPILL_LIMIT=$limit "$MCPC" lint --no-cache --matrix matrix "$@" >"$o" 2>"$o.err")
	echo $? >"$o.st"
}

# the runs compared have findings about other files
lint "" "$tmp/base" --format json
st=$(cat "$tmp/base.st")
if [ "$st" -eq 2 ]; then ok; else bad "lint exited $st, expected 2 (a broken spec)"; fi
n=$(grep -c '"file": "team/services/user/go.mod"' "$tmp/base")
if [ "$n" -eq 7 ]; then ok; else bad "$n findings about the shared go.mod, expected 7 (the broken spec names it too)"; fi
has "$tmp/base" '"file": "team/z-broken.mcp.yaml"'
has "$tmp/base" '"waived": "metrics come with the next release'
has "$tmp/base" '"file": "team/d.mcp.yaml'
has "$tmp/base" '"rule": "MCP-WAIVER-EXPIRED"'
has "$tmp/base" '"rule": "MCP-WAIVER-002"'
hasnt "$tmp/base" 's3cr3t-Pa55word-XYZ'

for fmt in text json sarif junit github markdown; do
	# -v quotes the related places, in the text report
	for flag in "" -q $([ $fmt = text ] && echo -v); do
		lint "" "$tmp/mem" --format $fmt $flag
		lint 1 "$tmp/spilled" --format $fmt $flag
		same "$tmp/mem" "$tmp/spilled" "$fmt $flag: the spilled report differs"
		same "$tmp/mem.st" "$tmp/spilled.st" "$fmt $flag: the exit status differs"
		hasnt "$tmp/spilled" 's3cr3t-Pa55word-XYZ'
	done
done
# several reports of one run, to files and standard output
lint "" "$tmp/mem" --format text --format sarif --output "$tmp/mem.sarif" --format junit --output "$tmp/mem.xml"
lint 1 "$tmp/spilled" --format text --format sarif --output "$tmp/spilled.sarif" --format junit --output "$tmp/spilled.xml"
same "$tmp/mem" "$tmp/spilled" "text beside files: the spilled report differs"
same "$tmp/mem.sarif" "$tmp/spilled.sarif" "the SARIF file differs"
same "$tmp/mem.xml" "$tmp/spilled.xml" "the JUnit file differs"
# the text report quotes the lines of the spec, the manifest and the
# waivers file
has "$tmp/spilled" '^ 8 \| 	google.golang.org/grpc v1.62.1'
has "$tmp/spilled" '^ 14 \|       expires: "2000-01-01"'
has "$tmp/spilled" 'team/f.mcp.yaml:[0-9]+:[0-9]+: error\[MCP-SEC-001\]'
has "$tmp/spilled" 'team/a.mcp.yaml:6:[0-9]+: error\[MCP-SCHEMA-[0-9]+\]: .*\*{19}'
# with no temporary folder to write to, the findings stay in memory
lint 1 "$tmp/nofile" --format json
(cd "$repo" && MCPC_TODAY=2099-07-01 TMPDIR=/nonexistent MCPC_SPILL_LIMIT=1 "$MCPC" lint --no-cache --matrix matrix --format json >"$tmp/nofile" 2>"$tmp/nofile.err")
same "$tmp/base" "$tmp/nofile" "without a temporary folder: the report differs"
hasnt "$tmp/nofile.err" '.'

echo "$pass passed, $fail failed"
