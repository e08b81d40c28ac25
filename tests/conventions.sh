#!/bin/sh
# conventions.sh: what every command shares, and what several inputs do:
# every subcommand's --help and --version; `cache clear --help`;
# `merge-reports -` reading one report or a stream of them from standard
# input; `build SPEC...` building several specs, each into its folder,
# refusing two that build into one; and the progress line of long runs
# (lint, build, merge-reports), shown on a terminal only.
set -u
BUILD=${BUILD:-build}
. tests/lib.sh

# ---- --help and --version, for every command ----

version=$("$MCPC" --version)
case "$version" in "mcpc "[0-9]*) ok ;; *) bad "mcpc --version said '$version'" ;; esac
cmds=$("$MCPC" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
ncmds=0
for c in $cmds; do
	ncmds=$((ncmds + 1))
	run 0 "$c" --help;    has "$out" '^usage: mcpc '"$c"
done
printf '%s\n' "$version" >"$tmp/v"
for c in $cmds; do
	run 0 "$c" --version; same "$out" "$tmp/v" "mcpc $c --version is not '$version'"
	lines "$err" 0
	# after other arguments too, as any option may come
	run 0 "$c" x --version; same "$out" "$tmp/v" "mcpc $c x --version"
	run 0 "$c" x --help;    has "$out" '^usage: mcpc '"$c"
done
[ "$ncmds" -ge 17 ] && ok || bad "mcpc --help lists $ncmds commands"
# the subcommands of commands, and a value that only looks like a flag
run 0 cache clear --help;     has "$out" '^usage: mcpc cache clear'
run 0 cache clear --version;  same "$out" "$tmp/v" "mcpc cache clear --version"
run 0 hook install --help;    has "$out" '^usage: mcpc hook'
run 2 cache clear --cache-dir; has "$err" "unexpected '--cache-dir'"
run 2 cache clean;            has "$err" "unexpected 'clean'"
run 2 check --format --version x; has "$err" "unknown format '--version'"
run 2 check -- --version;     has "$out" '^--version: error\[MCP-IO-001\]'

# ---- merge-reports -: standard input ----

repo=$tmp/repo
mkdir -p "$repo"
cp fixtures/specs/valid/fraud-scoring.mcp.yaml fixtures/specs/valid/smallest.mcp.yaml \
	fixtures/specs/rules/MCP-IMG-001.mcp.yaml "$repo/"
cp -R fixtures/specs/valid/services "$repo/" 2>/dev/null || :
(cd "$repo" && git init -q && git add -A &&
	git -c user.email=t@example.com -c user.name=t commit -qm specs) || bad "git repo"
for f in json sarif; do
	(cd "$repo" && "$MCPC" lint --no-cache --format $f --shard 1/2 >"$tmp/s1.$f"
		"$MCPC" lint --no-cache --format $f --shard 2/2 >"$tmp/s2.$f")
	run 1 merge-reports "$tmp/s1.$f" "$tmp/s2.$f"; cp "$out" "$tmp/files.$f"
	cat "$tmp/s1.$f" "$tmp/s2.$f" | NO_COLOR= "$MCPC" merge-reports - >"$out" 2>"$err"
	[ $? -eq 1 ] && ok || bad "merge-reports - of a $f stream"
	same "$tmp/files.$f" "$out" "merge-reports - ($f) is not merge-reports FILE..."
	NO_COLOR= "$MCPC" merge-reports "$tmp/s1.$f" - <"$tmp/s2.$f" >"$out" 2>"$err"
	[ $? -eq 1 ] && ok || bad "merge-reports FILE - ($f)"
	same "$tmp/files.$f" "$out" "merge-reports FILE - ($f)"
done
run 2 merge-reports - </dev/null;            has "$err" 'standard input: no report'
printf '{}' >"$tmp/empty.json"
run 2 merge-reports - <"$tmp/empty.json";      has "$err" 'standard input \(report 1\): neither'
cat "$tmp/s1.json" "$tmp/s1.json" >"$tmp/twice.json"
run 2 merge-reports - <"$tmp/twice.json";      has "$err" 'report 2\): shard 1/2 again'
run 2 merge-reports - - <"$tmp/s1.json";       has "$err" "standard input \\('-'\\) given twice"
{ cat "$tmp/s1.json"; echo garbage; } >"$tmp/trail.json"
run 2 merge-reports - <"$tmp/trail.json";      has "$err" 'standard input: .*garbage'
run 2 merge-reports - <"$tmp/s1.json";         has "$err" 'missing shards: 2/2'
lines "$out" 0

# ---- build SPEC...: each spec into its own folder ----

w=$tmp/w
mkdir -p "$w"
cp -R fixtures/specs/valid "$w/"
(cd "$w" && "$MCPC" build valid/fraud-scoring.mcp.yaml valid/smallest.mcp.yaml valid/gcp-vision.mcp.yaml) >"$out" 2>"$err"
[ $? -eq 0 ] && ok || bad "build of three specs"
has "$out" '^checked 3 specs$'
[ "$(grep -c '^mcpc: build: wrote out/' "$err")" -eq 3 ] && ok || bad "three folders written"
# each folder is what building the spec alone writes
for s in fraud-scoring smallest gcp-vision; do
	(cd "$w" && "$MCPC" build -q -o "alone-$s" "valid/$s.mcp.yaml") >/dev/null 2>&1 || bad "build of $s alone"
done
for pair in fraud-scoring:fraud-scoring smallest:sentiment gcp-vision:vision-inspect; do
	s=${pair%%:*} name=${pair#*:}
	for f in values.yaml values.schema.json manifests.yaml report.txt report.json; do
		same "$w/alone-$s/$f" "$w/out/$name/default/$f" "build SPEC...: out/$name/default/$f is not what build $s writes"
	done
done
# --check of several: up to date, then one stale
(cd "$w" && "$MCPC" build --check valid/fraud-scoring.mcp.yaml valid/smallest.mcp.yaml) >"$out" 2>"$err"
[ $? -eq 0 ] && ok || bad "build --check of two up-to-date specs"
echo tampered >>"$w/out/sentiment/default/manifests.yaml"
(cd "$w" && "$MCPC" build --check valid/fraud-scoring.mcp.yaml valid/smallest.mcp.yaml) >"$out" 2>"$err"
[ $? -eq 1 ] && ok || bad "build --check of a stale folder among two"
has "$err" 'out/sentiment/default is stale'
hasnt "$err" 'out/fraud-scoring/default is stale'
# findings in one spec: nothing is written, for any of them
rm -rf "$w/out"
top=$(pwd)
(cd "$w" && "$MCPC" build valid/fraud-scoring.mcp.yaml "$top/fixtures/specs/rules/MCP-IMG-001.mcp.yaml") >"$out" 2>"$err"
[ $? -eq 1 ] && ok || bad "build of a clean spec and a failing one"
has "$out" 'error\[MCP-IMG-001\]'
has "$out" '^checked 2 specs'
[ ! -e "$w/out" ] && ok || bad "build wrote a folder although one spec failed"
# two specs that build into one folder: refused, the first named
(cd "$w" && "$MCPC" build valid/fraud-scoring.mcp.yaml ./valid/fraud-scoring.mcp.yaml) >"$out" 2>"$err"
[ $? -eq 2 ] && ok || bad "two specs into one folder"
has "$out" 'MCP-BUILD-002\]: the spec builds into out/fraud-scoring/default/, as valid/fraud-scoring.mcp.yaml does'
[ ! -e "$w/out" ] && ok || bad "build wrote a folder although two specs collide"
# what one folder or one stream cannot hold
run 2 build -o "$tmp/one" fixtures/specs/valid/fraud-scoring.mcp.yaml fixtures/specs/valid/smallest.mcp.yaml
has "$err" '-o names one folder'
run 2 build --stdout fixtures/specs/valid/fraud-scoring.mcp.yaml fixtures/specs/valid/smallest.mcp.yaml
has "$err" -- '--stdout prints one spec'
run 2 build;                  has "$err" 'give a SPEC'

# ---- progress: on a terminal, for long runs; never in a pipe or a file ----

big=$tmp/big
mkdir -p "$big"
i=0
while [ $i -lt 60 ]; do
	sed "s/^  name: fraud-scoring /  name: fs-$i /" fixtures/specs/valid/fraud-scoring.mcp.yaml >"$big/s$i.mcp.yaml"
	i=$((i + 1))
done
cp -R fixtures/specs/valid/services "$big/" 2>/dev/null || :
(cd "$big" && git init -q && git add -A && git -c user.email=t@example.com -c user.name=t commit -qm specs) || bad "git repo"
(cd "$big" && "$MCPC" lint --no-cache --format json --shard 1/1 >"$tmp/one.json") || :
# script(1) gives the command a terminal; its output is the terminal's
if script -qec "true" /dev/null >/dev/null 2>&1; then
	(cd "$big" && script -qec "$MCPC build s*.mcp.yaml" /dev/null) >"$tmp/tty" 2>&1
	has "$tmp/tty" 'build: [0-9]+/60 specs'
	has "$tmp/tty" 'build: [0-9]+/60 folders'
	# -q: none
	rm -rf "$big/out"
	(cd "$big" && script -qec "$MCPC build -q s*.mcp.yaml" /dev/null) >"$tmp/tty" 2>&1
	hasnt "$tmp/tty" 'build: [0-9]+/'
	rm -rf "$big/out"
	(cd "$big" && script -qec "$MCPC lint --no-cache" /dev/null) >"$tmp/tty" 2>&1
	hasnt "$tmp/tty" 'lint: [0-9]+/' # 60 specs: below lint's threshold
	i=0
	set --
	while [ $i -lt 60 ]; do set -- "$@" "$tmp/one.json"; i=$((i + 1)); done
	script -qec "$MCPC merge-reports $*" /dev/null >"$tmp/tty" 2>&1
	has "$tmp/tty" 'merge-reports: [0-9]+/60 reports'
else
	echo "note: no script(1) that runs a command on a terminal; the progress checks on a terminal are skipped"
fi
rm -rf "$big/out"
(cd "$big" && "$MCPC" build -q s*.mcp.yaml) >"$out" 2>"$err"
[ $? -eq 0 ] && ok || bad "build of 60 specs"
hasnt "$err" 'build: [0-9]+/'
lines "$err" 0

echo "$pass passed, $fail failed"
