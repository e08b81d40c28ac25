#!/bin/sh
# precommit.sh: the hooks of .pre-commit-hooks.yaml through the real
# pre-commit framework, and `mcpc lint --files`, which they run.
#
# A repository of hooks holding this checkout's .pre-commit-hooks.yaml
# (committed in a temporary git repository: pre-commit clones it from its
# path, no network) serves a team's repository whose
# .pre-commit-config.yaml names it. With the built mcpc on PATH:
# `pre-commit run --all-files` fails with a violating committed spec and
# passes without; a commit with a violating staged spec is refused, also
# under `git commit -a` and `git commit PATH`; one whose violation is
# only in the work tree passes; staging only a broken go.mod, or deleting
# it, refuses the commit of the spec that names it; a staged project file
# re-lints every spec; excluded specs are counted. Then lint --files on
# its own: every spelling of a path agrees, and what it cannot check is
# an error. The last line is "N passed, N failed", or "precommit:
# skipped: ..." when git or pre-commit is missing (scripts/deps.sh
# installs both).
set -u
BUILD=${BUILD:-build}
. tests/lib.sh

if ! command -v git >/dev/null 2>&1; then
	echo "precommit: skipped: git is not installed (scripts/deps.sh installs it)"
	exit 0
fi
if ! command -v pre-commit >/dev/null 2>&1; then
	echo "precommit: skipped: pre-commit is not installed (scripts/deps.sh installs it)"
	exit 0
fi

here=$(pwd)
# git and pre-commit see nothing of this machine's settings
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 PRE_COMMIT_HOME="$tmp/pre-commit"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
unset GIT_INDEX_FILE GIT_DIR GIT_WORK_TREE
mkdir -p "$HOME"
PATH="$(dirname "$MCPC"):$PATH"
export PATH NO_COLOR=1

# the hooks' repository: this checkout's .pre-commit-hooks.yaml
hooks=$tmp/hooks
mkdir -p "$hooks"
cp .pre-commit-hooks.yaml "$hooks/"
(cd "$hooks" && git init -q && git add -A && git commit -qm hooks)
rev=$(cd "$hooks" && git rev-parse HEAD)

good=$here/fixtures/demo/fraud-scoring.mcp.yaml
gomod=$here/fixtures/demo/services/user/go.mod
r=$tmp/team
mkdir -p "$r/deploy/services/user"
cp "$good" "$r/deploy/a.mcp.yaml"
cp "$gomod" "$r/deploy/services/user/go.mod"
echo '# team' >"$r/README.md"
printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: mcpc-check\n' "$hooks" "$rev" >"$r/.pre-commit-config.yaml"
(cd "$r" && git init -q && git add -A && git commit -qm init --no-verify)

# in REPO: pc ARGS... (pre-commit), gc ARGS... (git commit): output in
# $out, status in $st
pc() { (cd "$r" && pre-commit "$@") >"$out" 2>&1; st=$?; }
gc() { (cd "$r" && git commit -q "$@") >"$out" 2>&1; st=$?; }
head_is() { h=$(cd "$r" && git rev-parse HEAD); if [ "$h" = "$1" ]; then ok; else bad "$2"; fi; }
broken() { sed 's/cloud: azure/cloud: azrue/' "$good"; }

pc install
if [ $st -eq 0 ] && [ -x "$r/.git/hooks/pre-commit" ]; then ok; else bad "pre-commit install exited $st"; fi

# --all-files: every spec of the work tree
pc run --all-files
if [ $st -eq 0 ]; then ok; else bad "pre-commit run --all-files failed on a clean repository ($st)"; fi
has "$out" '^mcpc lint\.+Passed'
broken >"$r/deploy/b.mcp.yaml"
(cd "$r" && git add deploy/b.mcp.yaml && git commit -qm bad --no-verify)
pc run --all-files
if [ $st -eq 1 ]; then ok; else bad "pre-commit run --all-files passed a violating committed spec ($st)"; fi
has "$out" '^mcpc lint\.+Failed'
has "$out" 'deploy/b\.mcp\.yaml:11:12: error\[MCP-SCHEMA-003\]'
hasnt "$out" 'deploy/a\.mcp\.yaml:[0-9]+:[0-9]+: error'
pc run --files deploy/a.mcp.yaml
if [ $st -eq 0 ]; then ok; else bad "pre-commit run --files of a clean spec failed ($st)"; fi
(cd "$r" && git rm -q deploy/b.mcp.yaml && git commit -qm fix --no-verify)
pc run --all-files
if [ $st -eq 0 ]; then ok; else bad "pre-commit run --all-files failed once the spec was gone ($st)"; fi

# a commit: the staged specs, as the index holds them
base=$(cd "$r" && git rev-parse HEAD)
broken >"$r/deploy/a.mcp.yaml"
(cd "$r" && git add deploy/a.mcp.yaml)
gc -m bad
if [ $st -ne 0 ]; then ok; else bad "a commit with a violating staged spec went through"; fi
has "$out" 'deploy/a\.mcp\.yaml:11:12: error\[MCP-SCHEMA-003\]'
head_is "$base" "a refused commit moved HEAD"
# the same violation in the work tree only: the staged spec is clean
cp "$good" "$r/deploy/a.mcp.yaml"
echo '# reviewed' >>"$r/deploy/a.mcp.yaml"
(cd "$r" && git add deploy/a.mcp.yaml)
broken >"$r/deploy/a.mcp.yaml"
gc -m clean-staged
if [ $st -eq 0 ]; then ok; else bad "a commit whose violation is only in the work tree was refused: $(head -5 "$out")"; fi
if grep -q 'cloud: azrue' "$r/deploy/a.mcp.yaml"; then ok; else bad "the work tree's edit was not restored after the hook"; fi
if (cd "$r" && git show HEAD:deploy/a.mcp.yaml | grep -q '# reviewed'); then ok; else bad "the staged spec was not committed"; fi
# --all-files reads the work tree: there the violation is
pc run --all-files
if [ $st -eq 1 ]; then ok; else bad "pre-commit run --all-files passed a violation of the work tree ($st)"; fi
# git commit -a (git's index is .git/index.lock) and git commit PATH (a
# temporary index): what they commit is what is checked
base=$(cd "$r" && git rev-parse HEAD)
gc -am all
if [ $st -ne 0 ]; then ok; else bad "git commit -a with a violating spec went through"; fi
has "$out" 'deploy/a\.mcp\.yaml:11:12: error\[MCP-SCHEMA-003\]'
gc -m path deploy/a.mcp.yaml
if [ $st -ne 0 ]; then ok; else bad "git commit PATH with a violating spec went through"; fi
has "$out" 'deploy/a\.mcp\.yaml:11:12: error\[MCP-SCHEMA-003\]'
head_is "$base" "a refused commit -a or commit PATH moved HEAD"
(cd "$r" && git checkout -q deploy/a.mcp.yaml)

# a dependency manifest is an input: staging only go.mod re-checks the
# spec that names it
sed 's/gin v1.9.1/gin v1.7.0/' "$gomod" >"$r/deploy/services/user/go.mod"
(cd "$r" && git add deploy/services/user/go.mod)
gc -m old-gin
if [ $st -ne 0 ]; then ok; else bad "a commit of a go.mod that breaks the spec naming it went through"; fi
has "$out" 'deploy/services/user/go\.mod:[0-9]+:[0-9]+: error\[MCP-COMPAT-010\]'
# staged clean, broken in the work tree only: a commit passes
cp "$gomod" "$r/deploy/services/user/go.mod"
echo '// reviewed' >>"$r/deploy/services/user/go.mod"
(cd "$r" && git add deploy/services/user/go.mod)
sed 's/gin v1.9.1/gin v1.7.0/' "$gomod" >"$r/deploy/services/user/go.mod"
gc -m gomod
if [ $st -eq 0 ]; then ok; else bad "a commit of a clean staged go.mod was refused: $(head -5 "$out")"; fi
(cd "$r" && git checkout -q deploy/services/user/go.mod)
# a deleted go.mod: pre-commit hands nothing over, the index says it
(cd "$r" && git rm -q deploy/services/user/go.mod)
gc -m no-gomod
if [ $st -ne 0 ]; then ok; else bad "a commit deleting a go.mod that a spec names went through"; fi
has "$out" 'MCP-DEPS-002'
(cd "$r" && git reset -q HEAD deploy/services/user/go.mod && git checkout -q deploy/services/user/go.mod)
# a commit that touches nothing mcpc reads passes
echo more >>"$r/README.md"
(cd "$r" && git add README.md)
gc -m readme
if [ $st -eq 0 ]; then ok; else bad "a commit of README.md was refused: $(head -5 "$out")"; fi

# the project file: excluded specs are counted, and a staged project
# file re-lints every spec
mkdir -p "$r/legacy"
broken >"$r/legacy/old.mcp.yaml"
printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: team}\nspec:\n  exclude: ["legacy/**"]\n' >"$r/.mcpc.yaml"
(cd "$r" && git add -A && git commit -qm legacy --no-verify)
pc run --all-files --verbose
if [ $st -eq 0 ]; then ok; else bad "an excluded violating spec failed pre-commit run --all-files ($st)"; fi
has "$out" 'checked 1 spec; excluded 1 by spec\.exclude'
printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: team}\nspec:\n  failOn: error\n' >"$r/.mcpc.yaml"
(cd "$r" && git add .mcpc.yaml)
gc -m unexclude
if [ $st -ne 0 ]; then ok; else bad "a staged project file that stops excluding a violating spec went through"; fi
has "$out" 'legacy/old\.mcp\.yaml:11:12: error\[MCP-SCHEMA-003\]'
(cd "$r" && git reset -q HEAD .mcpc.yaml && git checkout -q .mcpc.yaml)

# the plain hook (mcpc hook install) reads the index git commits from
(cd "$r" && pre-commit uninstall >/dev/null && "$MCPC" hook install >/dev/null)
base=$(cd "$r" && git rev-parse HEAD)
broken >"$r/deploy/a.mcp.yaml"
gc -am plain-all
if [ $st -ne 0 ]; then ok; else bad "mcpc hook install's hook let git commit -a of a violating spec through"; fi
has "$out" 'deploy/a\.mcp\.yaml:11:12: error\[MCP-SCHEMA-003\]'
gc -m plain-path deploy/a.mcp.yaml
if [ $st -ne 0 ]; then ok; else bad "mcpc hook install's hook let git commit PATH of a violating spec through"; fi
head_is "$base" "a commit the plain hook refused moved HEAD"
(cd "$r" && git checkout -q deploy/a.mcp.yaml && rm .git/hooks/pre-commit)

# ---- mcpc-build-check: the rendered output of the specs handed over ----

b=$tmp/built
mkdir -p "$b/deploy/services/user"
cp "$good" "$b/deploy/a.mcp.yaml"
sed 's/^  name: fraud-scoring /  name: fraud-two /' "$good" >"$b/deploy/c.mcp.yaml"
cp "$gomod" "$b/deploy/services/user/go.mod"
printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: mcpc-build-check\n' "$hooks" "$rev" >"$b/.pre-commit-config.yaml"
(cd "$b" && mcpc build -q deploy/a.mcp.yaml deploy/c.mcp.yaml && git init -q && git add -A && git commit -qm init --no-verify) >/dev/null 2>&1 ||
	bad "the built repository"
(cd "$b" && pre-commit run --all-files) >"$out" 2>&1
if [ $? -eq 0 ]; then ok; else bad "mcpc-build-check failed on up-to-date output"; fi
has "$out" '^mcpc build --check\.+Passed'
# both specs stale: both reported in one run
echo '# edited' >>"$b/out/fraud-scoring/default/manifests.yaml"
echo '# edited' >>"$b/out/fraud-two/default/values.yaml"
(cd "$b" && pre-commit run --all-files) >"$out" 2>&1
if [ $? -eq 1 ]; then ok; else bad "mcpc-build-check passed stale output"; fi
has "$out" '^mcpc build --check\.+Failed'
has "$out" 'out/fraud-scoring/default is stale'
has "$out" 'out/fraud-two/default is stale'

# ---- mcpc lint --files on its own ----
lintf() { # DIR ARGS...: mcpc lint in $r/DIR
	dir=$1
	shift
	(cd "$r/$dir" && "$MCPC" lint "$@") >"$out" 2>"$err"
	st=$?
}
broken >"$r/deploy/a.mcp.yaml"
lintf . --no-cache --format json --files deploy/a.mcp.yaml
cp "$out" "$tmp/files.json"
if [ $st -eq 1 ]; then ok; else bad "lint --files of a violating spec exited $st"; fi
has "$out" '"specs": 1'
# every spelling of the path names the same file, from any folder
for spell in ".:./deploy/a.mcp.yaml" ".:deploy//a.mcp.yaml" ".:deploy/../deploy/a.mcp.yaml" \
	".:$r/deploy/a.mcp.yaml" "deploy:a.mcp.yaml" "deploy:../deploy/a.mcp.yaml" \
	"deploy/services:../a.mcp.yaml" "deploy/services:$r/deploy/./a.mcp.yaml"; do
	lintf "${spell%%:*}" --no-cache --format json --files "${spell#*:}"
	same "$tmp/files.json" "$out" "lint --files ${spell#*:} from ${spell%%:*} differs"
done
lintf . --no-cache --files -- deploy/a.mcp.yaml
if [ $st -eq 1 ]; then ok; else bad "lint --files -- FILE exited $st"; fi
lintf . --format json --files README.md
if [ $st -eq 0 ]; then ok; else bad "lint --files of a file that is no input exited $st"; fi
has "$out" '"specs": 0'
(cd "$r" && git checkout -q deploy/a.mcp.yaml)
# a manifest named: the spec that reads it, wherever it is, and no
# other (other/c.mcp.yaml names a go.mod that is not there)
sed 's/gin v1.9.1/gin v1.7.0/' "$gomod" >"$r/deploy/services/user/go.mod"
mkdir -p "$r/other"
cp "$good" "$r/other/c.mcp.yaml"
lintf deploy/services --files user/go.mod
if [ $st -eq 1 ]; then ok; else bad "lint --files go.mod did not lint the spec naming it ($st)"; fi
has "$out" 'deploy/services/user/go\.mod:[0-9]+:[0-9]+: error\[MCP-COMPAT-010\]'
hasnt "$out" 'other/c\.mcp\.yaml'
has "$out" '^checked 1 spec$'
lintf . --files other/c.mcp.yaml deploy/services/user/go.mod
if [ $st -eq 1 ]; then ok; else bad "lint --files of two inputs exited $st"; fi
has "$out" '^checked 2 specs$'
has "$out" 'other/c\.mcp\.yaml:[0-9]+:[0-9]+: error\[MCP-DEPS-002\]'
rm -r "$r/other"
# --staged --files: from the index (the go.mod there is clean)
lintf . --staged --files deploy/services/user/go.mod
if [ $st -eq 0 ]; then ok; else bad "lint --staged --files read the work tree's go.mod ($st)"; fi
(cd "$r" && git checkout -q deploy/services/user/go.mod)
# what --files cannot check is an error at the operand
lintf . --files deploy
if [ $st -eq 2 ]; then ok; else bad "lint --files of a folder exited $st"; fi
has "$out" 'deploy: error\[MCP-IO-004\]: a folder, not a file'
lintf . --files deploy/nosuch.mcp.yaml
if [ $st -eq 2 ]; then ok; else bad "lint --files of a missing file exited $st"; fi
has "$out" 'no such file in the work tree'
# said once: a missing spec is not also one git ignores
hasnt "$out" 'git ignores it'
lines_err=$(grep -c 'error\[' "$out")
[ "$lines_err" -eq 1 ] && ok || bad "lint --files of a missing file gave $lines_err findings"
lintf . --files /etc/hostname
if [ $st -eq 2 ]; then ok; else bad "lint --files of a file outside the repository exited $st"; fi
has "$out" 'outside the repository'
cp "$good" "$r/deploy/new.mcp.yaml"
lintf . --staged --files deploy/new.mcp.yaml
if [ $st -eq 2 ]; then ok; else bad "lint --staged --files of a file the index lacks exited $st"; fi
has "$out" 'not in the index'
echo 'deploy/new.mcp.yaml' >"$r/.gitignore"
lintf . --files deploy/new.mcp.yaml
if [ $st -eq 2 ]; then ok; else bad "lint --files of a spec git ignores exited $st"; fi
has "$out" 'git ignores it'
rm -f "$r/.gitignore" "$r/deploy/new.mcp.yaml"
lintf . --files --rev HEAD deploy/a.mcp.yaml
if [ $st -eq 2 ]; then ok; else bad "lint --files --rev exited $st"; fi
has "$err" 'not with --rev or --since'
lintf . --since HEAD --files deploy/a.mcp.yaml
if [ $st -eq 2 ]; then ok; else bad "lint --files --since exited $st"; fi
# a value that looks like the flag is the other flag's value
lintf . --no-cache --output --files --files deploy/a.mcp.yaml
if [ $st -eq 0 ] && [ -f "$r/--files" ]; then ok; else bad "lint --output --files took the value for the flag ($st)"; fi
rm -f "$r/--files"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
