#!/bin/sh
# failclosed.sh: a repository with violations planted, linted in every
# form a user or a CI job may spell: each path spelling, from the top and
# from subfolders, through a link, in every lint mode, every output format,
# cache cold and warm, one worker and two, sharded and merged. The forms
# must agree on the verdict (the exit status and every finding); what
# names nothing is exit 2. Prints "N passed, N failed".
set -u
LC_ALL=C
export LC_ALL
. tests/lib.sh
here=$(pwd)
norm() { python3 "$here/tests/findings.py" "$@"; }

repo=$tmp/repo
good=fixtures/specs/valid/smallest.mcp.yaml
mkdir -p "$repo/sub/deep" "$repo/deploy" "$repo/docs" "$tmp/outside"
git() { command git -c user.email=t@example.com -c user.name=t "$@"; }
(cd "$repo" && git init -q && echo readme >README && git add README && git commit -qm base)
cp "$good" "$repo/clean.mcp.yaml"
cp fixtures/specs/rules/MCP-HOST-001.mcp.yaml "$repo/sub/deep/bad.mcp.yaml"
# tracked although .gitignore names its folder: git never ignores it
cp fixtures/specs/rules/MCP-HOST-002.mcp.yaml "$repo/deploy/prod.mcp.yaml"
printf 'deploy/\n' >"$repo/.gitignore"
echo notes >"$repo/docs/notes.txt"
(cd "$repo" && git add -A && git add -f deploy/prod.mcp.yaml && git commit -qm specs)
ln -s "$repo" "$tmp/link"

# verdict DIR ARGS...: "STATUS" then the findings (file:line:rule, sorted)
# of mcpc lint ARGS run in DIR, into $tmp/v. The text report, read here
# with sed (every other format is compared with it below).
verdict() {
	d=$1
	shift
	(cd "$d" && NO_COLOR= "$MCPC" lint "$@" >"$tmp/v.txt" 2>"$err")
	echo "status $?" >"$tmp/v"
	sed -n -e 's/^\([^ ]*\):\([0-9]*\):[0-9]*: [a-z]*\[\([A-Z0-9-]*\)\].*/\1:\2:\3/p' \
		-e 's/^\([^ :]*\): [a-z]*\[\([A-Z0-9-]*\)\].*/\1:0:\2/p' "$tmp/v.txt" | sort >>"$tmp/v"
}
# agree WANT DIR ARGS...: the verdict equals the reference in file WANT.
agree() {
	want=$1
	shift
	verdict "$@"
	if cmp -s "$want" "$tmp/v"; then ok; else
		bad "lint $* (in ${1#"$tmp"/}) disagrees with the reference"
		diff "$want" "$tmp/v" | sed 's/^/  | /' | head -8
	fi
}

# The references, from the top with no operand and with sub.
verdict "$repo"
cp "$tmp/v" "$tmp/all"
verdict "$repo" sub
cp "$tmp/v" "$tmp/sub"
# the reference itself: exit 1, both violations, the tracked one in deploy/
if grep -q '^status 1$' "$tmp/all" && grep -q '^sub/deep/bad.mcp.yaml:[0-9]*:MCP-HOST-001$' "$tmp/all" &&
	grep -q '^deploy/prod.mcp.yaml:[0-9]*:MCP-HOST-002$' "$tmp/all"; then ok; else
	bad "the reference run misses a planted violation"; cat "$tmp/all"; fi
if grep -q '^status 1$' "$tmp/sub" && grep -q 'MCP-HOST-001' "$tmp/sub" &&
	! grep -q 'deploy/' "$tmp/sub"; then ok; else bad "lint sub: wrong reference"; cat "$tmp/sub"; fi

# Every spelling of the whole repository and of sub/, in every mode.
# --staged lints what the index holds against HEAD: HEAD goes back to the
# base commit (the specs stay staged), then forward again.
for mode in worktree staged rev since; do
	case $mode in
	worktree) m= ;;
	staged) m=--staged; (cd "$repo" && git reset -q --soft HEAD~1) ;;
	rev) m="--rev HEAD" ;;
	since) m="--since HEAD~1" ;;
	esac
	# shellcheck disable=SC2086 # $m is zero, one or two words
	{
		agree "$tmp/all" "$repo" $m
		agree "$tmp/all" "$repo" $m .
		agree "$tmp/all" "$repo" $m ./
		agree "$tmp/all" "$repo" $m ././
		agree "$tmp/all" "$repo" $m sub/..
		agree "$tmp/all" "$repo" $m "$repo"
		agree "$tmp/all" "$repo" $m "$tmp/link"
		agree "$tmp/all" "$repo" $m "$tmp/link/"
		agree "$tmp/all" "$repo/sub" $m ..
		agree "$tmp/all" "$repo/sub" $m ../
		agree "$tmp/all" "$repo/sub/deep" $m ../..
		agree "$tmp/all" "$repo/sub/deep" $m "$repo"
		agree "$tmp/all" "$tmp/link/sub" $m ..
		agree "$tmp/sub" "$repo" $m sub
		agree "$tmp/sub" "$repo" $m sub/
		agree "$tmp/sub" "$repo" $m ./sub
		agree "$tmp/sub" "$repo" $m ././sub
		agree "$tmp/sub" "$repo" $m sub/../sub
		agree "$tmp/sub" "$repo" $m sub//deep
		agree "$tmp/sub" "$repo" $m sub/./deep
		agree "$tmp/sub" "$repo" $m sub/deep/bad.mcp.yaml
		agree "$tmp/sub" "$repo" $m "$repo/sub"
		agree "$tmp/sub" "$repo" $m "$tmp/link/sub"
		agree "$tmp/sub" "$repo" $m "$tmp/link/sub/deep/bad.mcp.yaml"
		agree "$tmp/sub" "$repo/sub" $m .
		agree "$tmp/sub" "$repo/sub" $m ./deep
		agree "$tmp/sub" "$repo/sub" $m deep
		agree "$tmp/sub" "$repo/sub" $m ../sub
		agree "$tmp/sub" "$repo/sub/deep" $m .
		agree "$tmp/sub" "$repo/sub/deep" $m bad.mcp.yaml
		agree "$tmp/sub" "$tmp/link/sub/deep" $m ../deep/bad.mcp.yaml
		# both operands: the union, each spec once
		agree "$tmp/all" "$repo" $m sub deploy sub/deep
	}
	# what names no spec: exit 2, a finding naming the operand
	for arg in deplyo sub/deep/missing.mcp.yaml docs docs/notes.txt .git "$tmp/outside" /; do
		# shellcheck disable=SC2086
		(cd "$repo" && NO_COLOR= "$MCPC" lint $m "$arg" >"$out" 2>"$err")
		st=$?
		if [ $st -eq 2 ]; then ok; else bad "lint $m $arg: exit $st, expected 2"; fi
		if grep -Fq -- "$arg" "$out"; then ok; else bad "lint $m $arg: the report does not name it"; fi
		has "$out" 'MCP-IO-004'
	done
	# one good operand does not excuse a bad one
	# shellcheck disable=SC2086
	(cd "$repo" && "$MCPC" lint $m sub deplyo >"$out" 2>"$err")
	st=$?
	if [ $st -eq 2 ]; then ok; else bad "lint $m sub deplyo: exit $st, expected 2"; fi
	has "$out" 'MCP-HOST-001'
	[ "$mode" = staged ] && (cd "$repo" && git commit -qm specs-again)
done

# Every output format reports the same findings; cache off, cold, warm;
# one worker and two.
for fmt in text json sarif junit github markdown; do
	(cd "$repo" && NO_COLOR= "$MCPC" lint --no-cache --format "$fmt" >"$tmp/r.$fmt" 2>"$err")
	st=$?
	if [ $st -eq 1 ]; then ok; else bad "lint --format $fmt: exit $st"; fi
	norm "$fmt" "$tmp/r.$fmt" >"$tmp/n.$fmt"
	sed 1d "$tmp/all" >"$tmp/all.findings"
	same "$tmp/all.findings" "$tmp/n.$fmt" "lint --format $fmt reports other findings"
done
(cd "$repo" && "$MCPC" cache clear >/dev/null)
agree "$tmp/all" "$repo" -j 1
agree "$tmp/all" "$repo" -j 2
agree "$tmp/all" "$repo" -j 2
agree "$tmp/all" "$repo" --no-cache -j 1
agree "$tmp/all" "$repo/sub" -j 2 ..

# Sharded and merged: the union is the whole, whatever the shard count.
for n in 2 3; do
	i=1
	set --
	while [ $i -le $n ]; do
		(cd "$repo" && "$MCPC" lint --shard "$i/$n" --format json --output "$tmp/shard$i.json" >/dev/null 2>&1)
		set -- "$@" "$tmp/shard$i.json"
		i=$((i + 1))
	done
	"$MCPC" merge-reports --format json "$@" >"$tmp/merged.json" 2>"$err"
	echo "status $?" >"$tmp/v"
	norm json "$tmp/merged.json" | sort >>"$tmp/v"
	same "$tmp/all" "$tmp/v" "lint --shard I/$n, merged, disagrees with one run"
done

# A symbolic link a spec glob matches: an error naming its target, in
# every mode; the violation behind it never passes.
ln -s sub/deep/bad.mcp.yaml "$repo/linked.mcp.yaml"
(cd "$repo" && git add linked.mcp.yaml && git commit -qm link)
for m in "" --rev=HEAD --since=HEAD~1; do
	# shellcheck disable=SC2086
	(cd "$repo" && NO_COLOR= "$MCPC" lint $m linked.mcp.yaml >"$out" 2>"$err")
	st=$?
	if [ $st -eq 1 ]; then ok; else bad "lint $m of a link: exit $st, expected 1"; fi
	has "$out" "^linked.mcp.yaml:1:1: error\\[MCP-GIT-002\\]: a symbolic link to 'sub/deep/bad.mcp.yaml'"
done
(cd "$repo" && git rm -q linked.mcp.yaml && git commit -qm unlink)

# Spec globs: the forms refused, and one that matches nothing.
project() { printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: t}\nspec:\n  specs:\n' >"$repo/.mcpc.yaml"; for g in "$@"; do printf '    - "%s"\n' "$g" >>"$repo/.mcpc.yaml"; done; }
for g in './sub/**/*.mcp.yaml' '/sub/**/*.mcp.yaml' 'sub/' 'sub/*.{yaml,yml}' '../x/*.mcp.yaml' 'sub//deep/*.mcp.yaml' 'sub/[ab].mcp.yaml' 'a**/*.mcp.yaml' '!sub/*.mcp.yaml'; do
	project "$g"
	(cd "$repo" && NO_COLOR= "$MCPC" lint >"$out" 2>"$err")
	st=$?
	if [ $st -eq 2 ]; then ok; else bad "spec glob '$g': exit $st, expected 2"; fi
	has "$out" '(^|/)\.mcpc\.yaml:6:7: error\[MCP-SCHEMA-'
done
project sub
(cd "$repo" && NO_COLOR= "$MCPC" lint >"$out" 2>"$err")
has "$out" "(^|/)\\.mcpc\\.yaml:6:7: warning\\[MCP-GIT-003\\]: spec glob 'sub' matches no file"
has "$out" "'sub' is a folder: write 'sub/\\*\\*/\\*\\.mcp\\.yaml'"
project 'nowhere/**/*.mcp.yaml' '**/*.mcp.yaml'
(cd "$repo" && git add .mcpc.yaml && git commit -qm project)
for m in "" --staged --rev=HEAD --since=HEAD~1; do
	# shellcheck disable=SC2086
	(cd "$repo" && NO_COLOR= "$MCPC" lint $m --fail-on warning >"$out" 2>"$err")
	st=$?
	if [ $st -eq 1 ]; then ok; else bad "lint $m, a glob matching nothing: exit $st"; fi
	has "$out" "(^|/)\\.mcpc\\.yaml:6:7: warning\\[MCP-GIT-003\\]: spec glob 'nowhere/\\*\\*/\\*\\.mcp\\.yaml' matches no file"
done
(cd "$repo" && git rm -q .mcpc.yaml && git commit -qm no-project)
# no project file, no spec at all: said, not silent
mkdir "$tmp/empty" && (cd "$tmp/empty" && git init -q && echo x >x && git add x && git commit -qm x)
(cd "$tmp/empty" && NO_COLOR= "$MCPC" lint >"$out" 2>"$err")
has "$out" 'warning\[MCP-GIT-003\]: no spec found'

# a path from the top is made relative only where it begins a path: the
# same text inside a word (an image reference) is the user's and kept (a
# lower-case top, so that the reference is valid and echoed whole)
low=/tmp/mcpcfc$$
mkdir "$low" && (cd "$low" && git init -q)
sed "s|image: registry.example.com/user|image: registry.example.com$low/user|" \
	fixtures/specs/rules/MCP-IMG-001.mcp.yaml >"$low/img.mcp.yaml"
(cd "$low" && "$MCPC" lint --format json img.mcp.yaml >"$out" 2>"$err")
has "$out" "\"message\": \"service image registry.example.com$low/user:latest"
rm -rf "$low"

# ---- B. The cache never changes a verdict ----
cache=$repo/.git/mcpc-cache
(cd "$repo" && "$MCPC" cache clear >/dev/null)
agree "$tmp/all" "$repo"
if ls "$cache"/pack-*.mcpc >/dev/null 2>&1; then ok; else bad "no pack in the git directory's mcpc-cache/"; fi
if [ -e "$repo/.mcpc-cache" ]; then bad "lint wrote a cache into the work tree"; else ok; fi
# a committed .mcpc-cache/ (forged: the packs of a clean run) is never read
mkdir -p "$tmp/forge" && cp "$good" "$tmp/forge/x.mcp.yaml"
(cd "$tmp/forge" && git init -q && git add -A && git commit -qm x && "$MCPC" lint >/dev/null)
mkdir "$repo/.mcpc-cache" && cp "$tmp/forge/.git/mcpc-cache"/pack-* "$repo/.mcpc-cache/"
(cd "$repo" && git add -f .mcpc-cache && git commit -qm forged)
agree "$tmp/all" "$repo"
agree "$tmp/all" "$repo" --since "$(cd "$repo" && git rev-list --max-parents=0 HEAD)"
# naming a tracked folder, a link or a world-writable folder as the
# cache: refused (exit 2), nothing in it touched
ln -s "$tmp/forge/.git/mcpc-cache" "$tmp/cachelink"
chmod 777 "$tmp/outside"
snap() { (cd "$1" && find . -exec ls -ld --time-style=+%s {} + | sort && find . -type f -exec cksum {} + | sort); }
for c in "$repo/.mcpc-cache" .mcpc-cache "$tmp/cachelink" "$tmp/outside"; do
	{ snap "$tmp/forge/.git/mcpc-cache"; snap "$repo/.mcpc-cache"; snap "$tmp/outside"; } >"$tmp/snap1"
	(cd "$repo" && "$MCPC" lint --cache-dir "$c" >"$out" 2>"$err")
	st=$?
	if [ $st -eq 2 ]; then ok; else bad "lint --cache-dir $c: exit $st, expected 2"; fi
	has "$err" 'the cache folder .* is (a folder git tracks|a symbolic link|a folder everyone may write)'
	lines "$out" 0 # refused before anything was linted: no report
	(cd "$repo" && MCPC_CACHE_DIR=$c "$MCPC" lint >"$out" 2>"$err")
	st=$?
	if [ $st -eq 2 ]; then ok; else bad "MCPC_CACHE_DIR=$c lint: exit $st, expected 2"; fi
	(cd "$repo" && "$MCPC" cache clear --cache-dir "$c" >"$out" 2>"$err")
	st=$?
	if [ $st -eq 2 ]; then ok; else bad "cache clear --cache-dir $c: exit $st, expected 2"; fi
	{ snap "$tmp/forge/.git/mcpc-cache"; snap "$repo/.mcpc-cache"; snap "$tmp/outside"; } >"$tmp/snap2"
	same "$tmp/snap1" "$tmp/snap2" "--cache-dir $c touched what it holds"
done
chmod 755 "$tmp/outside"
# an empty --cache-dir= names no folder: refused as usage
(cd "$repo" && "$MCPC" lint --cache-dir= >"$out" 2>"$err")
st=$?
if [ $st -eq 2 ]; then ok; else bad "lint --cache-dir=: exit $st"; fi
has "$err" "cache-dir takes a folder"
# a folder of the user's, outside: used, and cleared of mcpc's files only
mkdir "$tmp/ci-cache" && echo mine >"$tmp/ci-cache/keep.txt"
printf 'mcpc-pack 2\nnot mine either' >"$tmp/victim"
ln -s "$tmp/victim" "$tmp/ci-cache/pack-0000000000000000.mcpc"
agree "$tmp/all" "$repo" --cache-dir "$tmp/ci-cache"
agree "$tmp/all" "$repo" --cache-dir "$tmp/ci-cache"
n=$(ls "$tmp/ci-cache" | grep -c '^pack-[0-9a-f]*\.mcpc$')
if [ "$n" -ge 2 ]; then ok; else bad "--cache-dir: no pack written"; fi
(cd "$repo/sub" && "$MCPC" cache clear --cache-dir "$tmp/ci-cache" >"$out" 2>"$err")
has "$out" "removed $((n - 1)) cache files?"
if [ "$(cat "$tmp/ci-cache/keep.txt")" = mine ] && [ -L "$tmp/ci-cache/pack-0000000000000000.mcpc" ] &&
	[ "$(cat "$tmp/victim")" = "$(printf 'mcpc-pack 2\nnot mine either')" ]; then ok; else bad "cache clear removed what it did not write"; fi
# the default folder planted as a link: never followed, never cleared
(cd "$repo" && "$MCPC" cache clear >/dev/null)
ln -s "$tmp/ci-cache" "$cache"
snap "$tmp/ci-cache" >"$tmp/snap1"
agree "$tmp/all" "$repo"
has "$err" 'not using the cache'
(cd "$repo" && "$MCPC" cache clear >"$out" 2>"$err")
st=$?
if [ $st -eq 2 ]; then ok; else bad "cache clear of a linked cache: exit $st"; fi
snap "$tmp/ci-cache" >"$tmp/snap2"
same "$tmp/snap1" "$tmp/snap2" "a linked cache folder was written or cleared"
rm "$cache"
# a rebuilt binary never serves the old one's results: another key
cp "$MCPC" "$tmp/mcpc-rebuilt" && printf 'x' >>"$tmp/mcpc-rebuilt"
(cd "$repo" && "$MCPC" cache clear >/dev/null && "$MCPC" lint >/dev/null 2>&1 && "$MCPC" lint >/dev/null 2>&1)
n1=$(ls "$cache" | wc -l)
(cd "$repo" && "$tmp/mcpc-rebuilt" lint >/dev/null 2>&1)
n2=$(ls "$cache" | wc -l)
if [ "$n1" -eq 1 ] && [ "$n2" -eq 2 ]; then ok; else bad "packs: $n1 after two runs, $n2 after a rebuilt binary (expected 1, 2)"; fi
# --since: a project pack outside rules/ tightened, the spec unchanged
mkdir -p "$repo/policy"
printf '%s\n' 'apiVersion: ai102.mcp/v1' 'kind: RulePack' 'metadata: {name: team}' 'spec:' '  rules:' \
	'    - id: TEAM-001' '      title: Names start with s' '      severity: error' '      category: naming' \
	'      description: Team naming.' '      match: /metadata/name' '      assert: {pattern: "^s"}' \
	"      message: \"name {value} breaks the team's naming\"" >"$repo/policy/team.yaml"
printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: t}\nspec:\n  rules:\n    packs: [policy]\n' >"$repo/.mcpc.yaml"
(cd "$repo" && git add -A && git commit -qm policy && "$MCPC" lint >/dev/null 2>&1)
sed -i 's/\^s/^t/' "$repo/policy/team.yaml"
for m in "" "--since HEAD"; do
	for c in "" --no-cache; do
		# shellcheck disable=SC2086
		(cd "$repo" && NO_COLOR= "$MCPC" lint $m $c >"$out" 2>"$err")
		has "$out" '^clean.mcp.yaml:5:9: error\[TEAM-001\]'
	done
done
(cd "$repo" && git checkout -q policy && git rm -q -r policy .mcpc.yaml && git commit -qm nopolicy)

# ---- check DIR: a folder with nothing to check is exit 2; the folders
# it passes over are said when they hold YAML ----
mkdir -p "$tmp/cd/.hidden" "$tmp/cd/vendor" "$tmp/cd/node_modules/x" "$tmp/cd/empty" "$tmp/cd/top"
cp fixtures/specs/rules/MCP-HOST-001.mcp.yaml "$tmp/cd/.hidden/"
cp fixtures/specs/rules/MCP-HOST-001.mcp.yaml "$tmp/cd/vendor/"
cp fixtures/specs/rules/MCP-HOST-001.mcp.yaml "$tmp/cd/node_modules/x/"
ln -s "$tmp/cd/vendor" "$tmp/cd/top/linked"
echo notes >"$tmp/cd/empty/notes.txt"
for d in "$tmp/cd" "$tmp/cd/empty" "$tmp/cd/top"; do
	run 2 check "$d"
	has "$out" "^$d: error\\[MCP-IO-004\\]: no spec here"
done
run 2 check "$tmp/cd"
has "$out" "^$tmp/cd/.hidden: info\\[MCP-IO-003\\]: not checked: a hidden folder"
has "$out" "^$tmp/cd/vendor: info\\[MCP-IO-003\\]: not checked: a vendored folder"
has "$out" "^$tmp/cd/node_modules: info\\[MCP-IO-003\\]"
run 2 check "$tmp/cd/top"
has "$out" "^$tmp/cd/top/linked: info\\[MCP-IO-003\\]: not checked: a symbolic link to a folder"
hasnt "$out" 'empty'
# named, each is checked
run 1 check "$tmp/cd/.hidden" "$tmp/cd/vendor"
has "$out" 'MCP-HOST-001'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
