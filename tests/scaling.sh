#!/bin/sh
# scaling.sh: the examples of docs/scaling.md, run. The mcpc lines of the
# GitHub Actions matrix and of the Kubernetes Indexed Job lint a scratch
# repository shard by shard, each in its own shallow clone as a CI machine
# would; their merge lines combine the reports; the merged report must be
# the one a single unsharded run writes. PAGE names another page to run
# (default docs/scaling.md). Prints "N passed, N failed".
set -u
. tests/lib.sh
page=${PAGE:-docs/scaling.md}
sarif_schema=../shared/conformance/sarif/sarif-schema-2.1.0.json
LC_ALL=C
export LC_ALL
# the examples find mcpc on PATH: a copy, so that one run uses one binary
bindir=$tmp/bin
mkdir -p "$bindir" && cp "$MCPC" "$bindir/mcpc"
MCPC=$bindir/mcpc

if ! command -v git >/dev/null 2>&1; then
	echo "scaling: skipped: git is not installed"
	exit 0
fi

# block MARKER: the ```yaml block after the line "<!-- MARKER -->" of the page.
block() {
	awk -v m="<!-- $1 -->" '$0 == m { on = 1; next } on && /^```yaml/ { inside = 1; next }
		inside && /^```/ { exit } inside { print }' "$page"
}
# nlines TEXT: its number of non-empty lines.
nlines() { printf '%s\n' "$1" | grep -c .; }
# shard_n COMMAND: the N of its "--shard I/N".
shard_n() { printf '%s\n' "$1" | sed -n 's|.*--shard [^/]*/\([0-9][0-9]*\).*|\1|p'; }
# outputs COMMAND: the files its --output options name.
outputs() { printf '%s\n' "$1" | grep -o -- '--output [^ ]*' | cut -d' ' -f2; }
# json_of COMMAND: the JSON report it writes.
json_of() { outputs "$1" | grep '\.json$' | head -1; }
# gh_cmd I: the workflow's lint line as matrix shard I runs it.
gh_cmd() { printf '%s\n' "$gh_lint" | sed "s/\${{ matrix.shard }}/$1/g"; }
# target COMMAND: the file its standard output is redirected to.
target() { printf '%s\n' "$1" | sed -n 's/.*> *\([^ ;|]*\).*/\1/p'; }
# tolerant COMMAND: whether it lets exit status 1 through.
tolerant() { case "$1" in *'|| test $? -eq 1'*) return 0 ;; esac; return 1; }
# specs REPORT: the spec files a JSON report has findings in.
specs() { sed -n 's/^ *"file": "\(.*\.mcp\.yaml\)",*$/\1/p' "$1" | sort -u; }
# sarif_indexed FILE: every result's ruleIndex names its ruleId.
sarif_indexed() {
	awk '/"results": \[/ { inres = 1 }
		!inres && /^ *"id": "/ { s = $0; sub(/^ *"id": "/, "", s); sub(/",?$/, "", s); rule[n++] = s }
		inres && /^ *"ruleId": "/ { id = $0; sub(/^ *"ruleId": "/, "", id); sub(/",?$/, "", id) }
		inres && /^ *"ruleIndex": / { k = $0; sub(/^ *"ruleIndex": /, "", k); sub(/,$/, "", k)
			seen++; if (rule[k + 0] != id) wrong++ }
		END { exit (wrong || (n && !seen)) ? 1 : 0 }' "$1"
}

# The two examples: each parses, and says what the test runs.
block scaling-github.yaml >"$tmp/gh.yaml"
block scaling-indexed-job.yaml >"$tmp/job.yaml"
for y in gh job; do
	if [ -s "$tmp/$y.yaml" ]; then ok; else bad "$page has no marked yaml block for $y"; fi
	"$MCPC" validate --schema fixtures/yaml/.any.schema.json "$tmp/$y.yaml" >"$out" 2>"$err"
	st=$?
	if [ $st -eq 0 ]; then ok; else bad "the $y example does not parse (exit $st)"; fi
done
gh_lint=$(sed -n 's/^ *run: \(mcpc lint .*\)$/\1/p' "$tmp/gh.yaml")
gh_merge=$(sed -n 's/^ *run: \(mcpc merge-reports .*\)$/\1/p' "$tmp/gh.yaml")
job_checkout=$(sed -n 's/^ *- \(git .*\)$/\1/p' "$tmp/job.yaml")
job_lint=$(sed -n 's/^ *- \(mcpc lint .*\)$/\1/p' "$tmp/job.yaml")
job_merge=$(sed -n 's/^ *- \(mcpc merge-reports .*\)$/\1/p' "$tmp/job.yaml")
for v in gh_lint job_checkout job_lint job_merge; do
	eval "c=\$$v"
	if [ "$(nlines "$c")" -eq 1 ]; then ok; else bad "$v: $(nlines "$c") lines in the example, expected 1"; fi
done
if [ "$(nlines "$gh_merge")" -ge 1 ]; then ok; else bad "the workflow runs no mcpc merge-reports"; fi
printf '%s\n' "$gh_merge" >"$tmp/gh-merge.txt"
# the gate: a merge line that does not let exit status 1 through
gates=0
while read -r c; do tolerant "$c" || gates=$((gates + 1)); done <"$tmp/gh-merge.txt"
if [ $gates -ge 1 ]; then ok; else bad "no merge-reports line of the workflow is a gate"; fi
if tolerant "$job_merge"; then bad "the merge Job lets findings through"; else ok; fi

# The matrix: shards 1 to N, each running --shard ${{ matrix.shard }}/N.
gh_n=$(shard_n "$gh_lint")
# shellcheck disable=SC2016 # the literal text of the example
case "$gh_lint" in
*'--shard ${{ matrix.shard }}/'*) ok ;;
*) bad "the workflow's lint line does not take its shard from the matrix: $gh_lint" ;;
esac
want_matrix=$(i=1; while [ $i -le "${gh_n:-0}" ]; do printf '%s' "$i"; [ $i -lt "$gh_n" ] && printf ', '; i=$((i + 1)); done)
got_matrix=$(sed -n 's/^ *shard: \[\(.*\)\]$/\1/p' "$tmp/gh.yaml")
if [ -n "$gh_n" ] && [ "$gh_n" -gt 1 ] && [ "$got_matrix" = "$want_matrix" ]; then ok
else bad "matrix shard: [$got_matrix], but the lint line runs --shard .../$gh_n"; fi

# The Indexed Job (the block's first document): kind, mode, and as many
# completions (and pods at once) as its --shard has parts.
awk '/^---$/ { exit } { print }' "$tmp/job.yaml" >"$tmp/job1.yaml"
has "$tmp/job1.yaml" '^apiVersion: batch/v1$'
has "$tmp/job1.yaml" '^kind: Job$'
has "$tmp/job1.yaml" '^  completionMode: Indexed$'
job_n=$(shard_n "$job_lint")
completions=$(sed -n 's/^  completions: \([0-9][0-9]*\)$/\1/p' "$tmp/job1.yaml")
parallelism=$(sed -n 's/^  parallelism: \([0-9][0-9]*\)$/\1/p' "$tmp/job1.yaml")
if [ -n "$job_n" ] && [ "$job_n" -gt 1 ] && [ "$completions" = "$job_n" ]; then ok
else bad "completions: $completions, but the container runs --shard .../$job_n"; fi
if [ "$parallelism" = "$job_n" ]; then ok; else bad "parallelism: $parallelism, $job_n shards"; fi
# shellcheck disable=SC2016
case "$job_lint" in
*'--shard $((JOB_COMPLETION_INDEX + 1))/'*) ok ;;
*) bad "the Job's lint line does not take its shard from JOB_COMPLETION_INDEX: $job_lint" ;;
esac
if [ -z "$gh_n" ] || [ -z "$job_n" ]; then
	echo "$pass passed, $((fail + 1)) failed"
	exit 1
fi

# A repository of specs: clean ones, ones with errors and warnings, rule
# fixtures, specs sharing one dependency manifest, and an ignored spec
# that no run may see.
repo=$tmp/repo
good=fixtures/specs/valid/smallest.mcp.yaml
mkdir -p "$repo/demo" "$repo/platform" "$repo/teams/eu" "$repo/teams/us" "$repo/checks" \
	"$repo/svc/services/user" "$repo/scratch"
(cd "$repo" && git init -q && git config user.email t@example.com && git config user.name t)
cp fixtures/demo/fraud-scoring.mcp.yaml "$repo/demo/"
cp -R fixtures/demo/services "$repo/demo/"
cp fixtures/specs/valid/*.mcp.yaml "$repo/platform/"
cp -R fixtures/specs/valid/services "$repo/platform/"
for n in 1 2 3 4 5 6; do cp "$good" "$repo/teams/eu/m$n.mcp.yaml"; done
sed 's/cloud: azure/cloud: azrue/' "$good" >"$repo/teams/us/typo.mcp.yaml"
sed 's/^  name: sentiment$/  name: sentiment\n  labels: {flag: yes}/' "$good" >"$repo/teams/us/warn.mcp.yaml"
for r in AVL-002 GW-001 HOST-001 IMG-001 IMG-003 NET-001 OBS-001 POD-001; do
	cp "fixtures/specs/rules/MCP-$r.mcp.yaml" "$repo/checks/"
done
for n in a b c d e; do cp fixtures/specs/valid/fraud-scoring.mcp.yaml "$repo/svc/$n.mcp.yaml"; done
sed 's|github.com/gin-gonic/gin v1.9.1|github.com/gin-gonic/gin v1.7.0|' \
	fixtures/specs/valid/services/user/go.mod >"$repo/svc/services/user/go.mod"
cp "$repo/teams/us/typo.mcp.yaml" "$repo/scratch/ignored.mcp.yaml"
printf '.mcpc-cache/\nscratch/\n' >"$repo/.gitignore"
commit() { (cd "$repo" && git add -A && git commit -qm "$1"); }
commit findings

# shard_ran STATUS WHAT: one shard's exit status; with input that is not
# malformed (want < 2) every shard must exit 0. some_failed WHAT: with
# malformed input, at least one shard must have failed.
shard_ran() {
	if [ "$1" -ne 0 ]; then failed=$((failed + 1)); fi
	if [ "$want" -lt 2 ] && [ "$1" -ne 0 ]; then bad "$name: $2 exited $1"; fi
}
some_failed() {
	if [ "$want" -eq 2 ]; then
		if [ "$failed" -ge 1 ]; then ok; else bad "$name: no $1 failed on malformed input"; fi
	fi
}

# scenario NAME: lint HEAD of the repository as both examples do, and
# compare with one unsharded run in the work tree.
scenario() {
	name=$1
	head=$(git -C "$repo" rev-parse HEAD)
	(cd "$repo" && NO_COLOR='' "$MCPC" lint --no-cache --format json --output "$tmp/$name.json" \
		--format sarif --output "$tmp/$name.sarif" >/dev/null 2>&1)
	want=$?
	# GitHub Actions: one fresh checkout a shard, the reports collected as
	# download-artifact (merge-multiple) lays them out
	gh=$tmp/$name-gh
	mkdir -p "$gh/artifacts"
	i=1
	failed=0
	while [ $i -le "$gh_n" ]; do
		m=$gh/machine$i
		git clone -q --depth 1 "file://$repo" "$m" 2>"$err"
		c=$(gh_cmd $i)
		(cd "$m" && NO_COLOR='' PATH="$bindir:$PATH" sh -c "$c" >"$out" 2>"$err")
		shard_ran $? "shard $i/$gh_n of the workflow"
		for f in $(outputs "$c"); do
			if [ -f "$m/$f" ]; then cp "$m/$f" "$gh/artifacts/"; ok; else bad "$name: shard $i wrote no $f"; fi
		done
		i=$((i + 1))
	done
	some_failed "shard of the workflow"
	while read -r c; do
		(cd "$gh/artifacts" && PATH="$bindir:$PATH" sh -c "$c" >"$out" 2>"$err")
		st=$?
		t=$(target "$c")
		if tolerant "$c"; then
			if [ $want -eq 2 ] || [ $st -eq 0 ]; then ok; else bad "$name: '$c' exited $st"; fi
		elif [ $want -eq 2 ]; then
			if [ $st -ne 0 ]; then ok; else bad "$name: the workflow's gate passed malformed input"; fi
		else
			if [ $st -eq $want ]; then ok; else bad "$name: the workflow's gate exited $st, one run $want"; fi
		fi
		case "$t" in
		*.json)
			same "$tmp/$name.json" "$gh/artifacts/$t" "$name: the workflow's merged JSON report differs from one run's"
			if "$MCPC" validate --schema schema/report.schema.json "$gh/artifacts/$t" >"$out" 2>"$err"; then ok
			else bad "$name: the merged JSON report breaks schema/report.schema.json"; fi
			;;
		*.sarif)
			same "$tmp/$name.sarif" "$gh/artifacts/$t" "$name: the merged SARIF report differs from one run's"
			if sarif_indexed "$gh/artifacts/$t"; then ok; else bad "$name: a merged SARIF ruleIndex names another rule"; fi
			if [ -f "$sarif_schema" ]; then
				if "$MCPC" validate --schema "$sarif_schema" "$gh/artifacts/$t" >"$out" 2>"$err"; then ok
				else bad "$name: the merged SARIF is not valid SARIF 2.1.0"; fi
			fi
			;;
		*) bad "$name: '$c' writes no report" ;;
		esac
	done <"$tmp/gh-merge.txt"

	# Kubernetes: one pod an index, its init container's checkout of the
	# commit, the reports on one shared volume, then the merge Job
	k8s=$tmp/$name-k8s
	mkdir -p "$k8s/reports"
	i=0
	failed=0
	while [ $i -lt "$completions" ]; do
		pod=$k8s/pod$i
		mkdir -p "$pod"
		c=$(printf '%s\n' "$job_checkout" | sed "s|/src|$pod/src|g")
		(REPO=file://$repo COMMIT=$head sh -c "$c" >"$out" 2>"$err")
		st=$?
		if [ $st -eq 0 ]; then ok; else bad "$name: the init container's checkout exited $st"; fi
		c=$(printf '%s\n' "$job_lint" | sed "s|/reports/|$k8s/reports/|g")
		ls "$k8s/reports" >"$tmp/before"
		(cd "$pod/src" && JOB_COMPLETION_INDEX=$i NO_COLOR='' PATH="$bindir:$PATH" sh -c "$c" >"$out" 2>"$err")
		shard_ran $? "Job index $i"
		ls "$k8s/reports" | comm -13 "$tmp/before" - >"$tmp/new"
		if [ "$(wc -l <"$tmp/new")" -eq 1 ]; then ok; else bad "$name: Job index $i wrote $(wc -l <"$tmp/new") reports"; fi
		# the GitHub shard i+1 and the Job's index i lint the same specs
		specs "$gh/artifacts/$(json_of "$(gh_cmd $((i + 1)))")" >"$tmp/a"
		specs "$k8s/reports/$(cat "$tmp/new")" >"$tmp/b"
		same "$tmp/a" "$tmp/b" "$name: index $i of the Job and shard $((i + 1)) of the workflow differ"
		i=$((i + 1))
	done
	some_failed "pod of the Job"
	c=$(printf '%s\n' "$job_merge" | sed "s|/reports/|$k8s/reports/|g")
	(cd "$k8s" && PATH="$bindir:$PATH" sh -c "$c" >"$out" 2>"$err")
	st=$?
	if [ $want -eq 2 ]; then
		if [ $st -ne 0 ]; then ok; else bad "$name: the merge Job passed malformed input"; fi
	elif [ $st -eq $want ]; then ok
	else bad "$name: the merge Job exited $st, one run $want"; fi
	same "$tmp/$name.json" "$(target "$c")" "$name: the merge Job's report differs from one run's"
	if ls "$k8s/reports"/mcpc-*.json >/dev/null 2>&1; then bad "$name: the merge Job left the shard reports behind"
	else ok; fi
	# and the merge Job exits 2 when a shard's report is missing
	(cd "$k8s" && PATH="$bindir:$PATH" sh -c "$c" >"$out" 2>"$err")
	st=$?
	if [ $st -eq 2 ]; then ok; else bad "$name: the merge Job without the shard reports exited $st"; fi
	return 0
}

scenario findings
if [ "$want" -eq 1 ]; then ok; else bad "findings: one run exited $want, expected 1"; fi
for f in teams/us/typo.mcp.yaml checks/MCP-IMG-001.mcp.yaml svc/services/user/go.mod teams/us/warn.mcp.yaml; do
	has "$tmp/findings.json" "\"file\": \"$f\""
done
if grep -q scratch/ "$tmp/findings.json"; then bad "an ignored spec was linted"; else ok; fi

# A warm cache (as actions/cache restores it): the same reports again.
i=1
while [ $i -le "$gh_n" ]; do
	m=$tmp/findings-gh/machine$i
	c=$(gh_cmd $i)
	if [ -d "$m/.git/mcpc-cache" ]; then ok; else bad "shard $i kept no cache"; fi
	for f in $(outputs "$c"); do mv "$m/$f" "$m/$f.cold"; done
	(cd "$m" && NO_COLOR='' PATH="$bindir:$PATH" sh -c "$c" >"$out" 2>"$err")
	for f in $(outputs "$c"); do same "$m/$f.cold" "$m/$f" "shard $i: $f differs with a warm cache"; done
	i=$((i + 1))
done

# Each shard lints a part, the parts are disjoint and together are every
# spec. Seen through a mirror of the repository in which every spec has an
# error at its own path (a part depends on the path only), and checked
# against the shards of the repository itself.
mirror=$tmp/mirror
git clone -q "$repo" "$mirror"
(cd "$mirror" && git config user.email t@example.com && git config user.name t)
git -C "$mirror" ls-files '*.mcp.yaml' | sort >"$tmp/all"
while read -r f; do cp "$repo/teams/us/typo.mcp.yaml" "$mirror/$f"; done <"$tmp/all"
(cd "$mirror" && git commit -qam mirror)
total=$(wc -l <"$tmp/all")
: >"$tmp/union"
i=1
while [ $i -le "$gh_n" ]; do
	c=$(gh_cmd $i)
	(cd "$mirror" && NO_COLOR='' PATH="$bindir:$PATH" sh -c "$c" >"$out" 2>"$err")
	specs "$mirror/$(json_of "$c")" >"$tmp/part$i"
	n=$(wc -l <"$tmp/part$i")
	if [ "$n" -lt "$total" ]; then ok; else bad "shard $i/$gh_n linted all $total specs"; fi
	specs "$tmp/findings-gh/artifacts/$(json_of "$c")" >"$tmp/a"
	if [ -z "$(comm -23 "$tmp/a" "$tmp/part$i")" ]; then ok
	else bad "shard $i of the repository linted specs that its mirror's shard $i did not: $(comm -23 "$tmp/a" "$tmp/part$i" | head -3)"; fi
	cat "$tmp/part$i" >>"$tmp/union"
	i=$((i + 1))
done
if [ -z "$(sort "$tmp/union" | uniq -d)" ]; then ok; else bad "specs linted by two shards: $(sort "$tmp/union" | uniq -d | head -3)"; fi
sort -u "$tmp/union" >"$tmp/b"
same "$tmp/all" "$tmp/b" "the shards together did not lint every spec"

# Malformed input in one shard: the merged report is still one run's, and
# the gates fail.
cp fixtures/demo/broken.mcp.yaml "$repo/demo/"
commit fatal
scenario fatal
if [ "$want" -eq 2 ]; then ok; else bad "fatal: one run exited $want, expected 2"; fi

# A clean repository (warnings only): every gate passes.
git -C "$repo" rm -rq demo/broken.mcp.yaml teams/us/typo.mcp.yaml checks
cp fixtures/specs/valid/services/user/go.mod "$repo/svc/services/user/go.mod"
commit clean
scenario clean
if [ "$want" -eq 0 ]; then ok; else bad "clean: one run exited $want, expected 0"; fi

echo "$pass passed, $fail failed"
