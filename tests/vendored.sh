#!/bin/sh
# vendored.sh: the layout of docs/integrations/, run as the pages write
# it. A team's repository holds mcpc's sources in tools/mcpc (this
# checkout's tracked files, as the work tree holds them) and the project
# file `mcpc init` writes at its top; the pages' own commands (the
# GitHub Actions workflow's run: lines, the GitLab CI job's before_script:
# and script: lines, the pre-commit configurations) build and install
# mcpc from tools/mcpc and lint the repository: mcpc's own fixtures
# (broken on purpose) are excluded and counted, the team's specs are
# checked. The same with tools/mcpc as a git submodule and as a plain
# nested clone, which lint passes over and names.
#
# apt-get and sudo are stand-ins (tests/ must not install packages or
# write outside its temporary folder): apt-get install checks that each
# package the page names is installed or known to apt, sudo runs the
# command. The build folder is copied beside the sources with a fresh
# time, so make -C tools/mcpc finds nothing to do, and make install
# writes under PREFIX in the temporary folder. The last line is "N
# passed, N failed", or "vendored: skipped: ..." without git.
set -u
BUILD=${BUILD:-build}
. tests/lib.sh

if ! command -v git >/dev/null 2>&1; then
	echo "vendored: skipped: git is not installed (scripts/deps.sh installs it)"
	exit 0
fi
if ! python3 -c 'import yaml' >/dev/null 2>&1; then
	echo "FAIL: python3 with PyYAML is missing (scripts/deps.sh installs python3-yaml)"
	echo "0 passed, 1 failed"
	exit 1
fi

here=$(pwd)
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 PRE_COMMIT_HOME="$tmp/pre-commit"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
unset GIT_INDEX_FILE GIT_DIR GIT_WORK_TREE
mkdir -p "$HOME" "$tmp/shim"
export NO_COLOR=1

# the stand-ins, and the prefix make install writes to
cat >"$tmp/shim/sudo" <<'EOF'
#!/bin/sh
exec "$@"
EOF
cat >"$tmp/shim/apt-get" <<'EOF'
#!/bin/sh
# apt-get update: nothing; apt-get install PKG...: each one installed or
# known to apt, else the page names a package that is not there
[ "$1" = update ] && exit 0
[ "$1" = install ] || { echo "apt-get stand-in: unexpected '$1'" >&2; exit 100; }
shift
for p in "$@"; do
	case "$p" in -*) continue ;; esac
	dpkg -s "$p" >/dev/null 2>&1 || apt-cache show "$p" >/dev/null 2>&1 ||
		{ echo "apt-get stand-in: no package '$p'" >&2; exit 100; }
done
EOF
chmod +x "$tmp/shim/sudo" "$tmp/shim/apt-get"
prefix=$tmp/prefix
PATH="$tmp/shim:$prefix/bin:$PATH"
export PATH PREFIX="$prefix"

# vendor DIR: this checkout's tracked files in DIR, and its build (made
# newer than every source: make has nothing to do)
vendor() {
	mkdir -p "$1/build"
	git ls-files -z | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$1"
	for f in mcpc libmcpc.a $(cd "$BUILD" && ls -d libmcpc.so* 2>/dev/null) mcpc.1 completions obj gen embed; do
		[ -e "$BUILD/$f" ] && cp -a "$BUILD/$f" "$1/build/"
	done
	now=$(date +%s)
	find "$1/build" -exec touch -h -d "@$now" {} +
}

# page_cmds PAGE MARKER KIND: the commands of the YAML block after MARKER,
# one a line (github: each step's run:, gitlab: the mcpc job's
# before_script: and script:)
page_cmds() {
	python3 - "$1" "$2" "$3" <<'EOF'
import sys, yaml
page, marker, kind = sys.argv[1:4]
text = open(page).read()
start = text.index("```yaml", text.index(marker)) + len("```yaml\n")
doc = yaml.safe_load(text[start:text.index("\n```", start)])
if kind == "github":
    cmds = [s["run"] for j in doc["jobs"].values() for s in j["steps"] if "run" in s]
else:
    job = doc["mcpc"]
    cmds = list(job.get("before_script", [])) + list(job["script"])
for c in cmds:
    assert "\n" not in c.strip(), c
    print(c.strip())
EOF
}
# in_repo DIR CMD: a page's command, run by sh in DIR (output in $out and
# $err, the status in $st); BUILD and the rest are the Makefile's defaults
# there (a make that runs this suite passes its variables down in MAKEFLAGS)
in_repo() { (cd "$1" && env -u BUILD -u MAKEFLAGS -u MFLAGS -u MAKELEVEL sh -c "$2") >"$out" 2>"$err"; st=$?; }

page_cmds docs/integrations/github-actions.md '<!-- workflow.yaml -->' github >"$tmp/gh.cmds"
page_cmds docs/integrations/gitlab-ci.md '<!-- gitlab-ci.yaml -->' gitlab >"$tmp/gl.cmds"
gh_lint=$(grep '^mcpc lint' "$tmp/gh.cmds")
gl_lint=$(grep '^mcpc lint' "$tmp/gl.cmds")
if [ -n "$gh_lint" ] && [ "$(wc -l <"$tmp/gh.cmds")" -eq 2 ]; then ok; else bad "the GitHub Actions workflow has no install and lint steps: $(cat "$tmp/gh.cmds")"; fi
if [ -n "$gl_lint" ] && grep -q 'make -C tools/mcpc' "$tmp/gl.cmds"; then ok; else bad "the GitLab CI job has no build and lint lines: $(cat "$tmp/gl.cmds")"; fi
nfix=$(git ls-files 'fixtures/*.mcp.yaml' | wc -l)
good=$here/fixtures/demo/fraud-scoring.mcp.yaml
broken() { sed 's/cloud: azure/cloud: azrue/' "$good"; }

# ---- a copy of mcpc's sources in tools/mcpc ----
r=$tmp/copy
mkdir -p "$r"
vendor "$r/tools/mcpc"
(cd "$r" && git init -q && git add -A && git commit -qm "vendor mcpc")
# the GitHub Actions workflow: install, then lint
head -1 "$tmp/gh.cmds" >"$tmp/install"
in_repo "$r" "$(cat "$tmp/install")"
if [ $st -eq 0 ] && [ -x "$prefix/bin/mcpc" ]; then ok; else bad "the workflow's install step exited $st: $(tail -3 "$err")"; fi
if cmp -s "$prefix/bin/mcpc" "$MCPC"; then ok; else bad "make -C tools/mcpc install did not install this build's mcpc"; fi
# without a project file, every *.mcp.yaml is a spec: mcpc's fixtures too
in_repo "$r" "$gl_lint"
if [ $st -ne 0 ]; then ok; else bad "lint without a project file passed mcpc's own broken fixtures"; fi
has "$out" 'tools/mcpc/fixtures/'
# the project file mcpc init writes keeps them out, and says so
in_repo "$r" "mcpc init ."
if [ $st -eq 0 ] && [ -f "$r/.mcpc.yaml" ]; then ok; else bad "mcpc init exited $st"; fi
mkdir -p "$r/deploy/eu"
cp "$good" "$r/deploy/eu/b.mcp.yaml"
cp -r "$here/fixtures/demo/services" "$r/deploy/eu/"
(cd "$r" && git add -A && git commit -qm specs)
in_repo "$r" "$gh_lint"
if [ $st -eq 0 ]; then ok; else bad "the workflow's lint step exited $st: $(head -5 "$out" "$err")"; fi
has "$err" "^mcpc: lint: excluded $nfix by spec\\.exclude\$"
hasnt "$out" 'tools/mcpc'
if grep -q '"results": \[\]' "$r/mcpc.sarif" 2>/dev/null; then ok; else bad "the workflow's SARIF is not empty"; fi
in_repo "$r" "$gl_lint"
if [ $st -eq 0 ]; then ok; else bad "the GitLab CI job's lint line exited $st"; fi
has "$out" "^checked 2 specs; excluded $nfix by spec\\.exclude\$"
if [ -f "$r/mcpc-junit.xml" ]; then ok; else bad "the GitLab CI job wrote no JUnit report"; fi
# the GitLab CI job from its first line: packages, build, install, lint
rm -rf "$prefix"
while read -r cmd; do
	in_repo "$r" "$cmd"
	if [ $st -eq 0 ]; then ok; else bad "the GitLab CI line '$cmd' exited $st: $(tail -3 "$err")"; fi
done <"$tmp/gl.cmds"
# a team spec that breaks fails both
broken >"$r/deploy/eu/b.mcp.yaml"
in_repo "$r" "$gh_lint"
if [ $st -eq 1 ]; then ok; else bad "the workflow's lint step passed a broken spec ($st)"; fi
has "$out" '^::error file=deploy/eu/b\.mcp\.yaml,line=11,'
in_repo "$r" "$gl_lint"
if [ $st -eq 1 ]; then ok; else bad "the GitLab CI job passed a broken spec ($st)"; fi
has "$out" 'deploy/eu/b\.mcp\.yaml:11:12: error\[MCP-SCHEMA-003\]'
# every spelling of the top names the same run (and the same findings
# as no operand: the run's id differs, it counts the operands)
(cd "$r" && mcpc lint --no-cache --format json 2>/dev/null) | grep -v '"id": ' >"$tmp/all.json"
(cd "$r" && mcpc lint --no-cache --format json .) >"$tmp/top.json" 2>/dev/null
grep -v '"id": ' "$tmp/top.json" >"$out"
same "$tmp/all.json" "$out" "lint . finds other than lint"
has "$tmp/top.json" '"specs": 2'
for spell in "tools/mcpc:../.." "tools/mcpc/fixtures:$r" "deploy/eu:../../" "deploy:./.." "deploy:$r/deploy/../"; do
	(cd "$r/${spell%%:*}" && mcpc lint --no-cache --format json "${spell#*:}") >"$out" 2>"$err"
	same "$tmp/top.json" "$out" "lint ${spell#*:} from ${spell%%:*} differs from lint . at the top"
done
(cd "$r" && git checkout -q deploy/eu/b.mcp.yaml)
# what the project excludes, named: an error; mcpc check reads it anyway
for p in tools/mcpc/fixtures tools/mcpc/fixtures/demo/broken.mcp.yaml; do
	in_repo "$r" "mcpc lint $p"
	if [ $st -eq 2 ]; then ok; else bad "lint of the excluded $p exited $st"; fi
	has "$out" "^$p: error\\[MCP-IO-004\\]: every spec here is excluded"
done
in_repo "$r/tools/mcpc" "mcpc lint fixtures/demo"
if [ $st -eq 2 ]; then ok; else bad "lint of an excluded folder from inside it exited $st"; fi
in_repo "$r" "mcpc check tools/mcpc/fixtures/demo/broken.mcp.yaml"
if [ $st -ne 0 ]; then ok; else bad "mcpc check of an excluded spec exited $st"; fi
has "$out" 'broken\.mcp\.yaml:12:12: error\[MCP-SCHEMA-003\]'
# a staged change to an excluded spec: counted, not linted
echo '# changed' >>"$r/tools/mcpc/fixtures/demo/broken.mcp.yaml"
(cd "$r" && git add tools/mcpc/fixtures/demo/broken.mcp.yaml)
in_repo "$r" "mcpc lint --staged"
if [ $st -eq 0 ]; then ok; else bad "lint --staged of an excluded spec exited $st"; fi
has "$out" '^checked 0 specs; excluded 1 by spec\.exclude$'
(cd "$r" && git reset -q && git checkout -q tools/mcpc)

# the pre-commit page's configurations, in this layout
if command -v pre-commit >/dev/null 2>&1; then
	hooks=$tmp/hooks
	mkdir -p "$hooks"
	cp .pre-commit-hooks.yaml "$hooks/"
	(cd "$hooks" && git init -q && git add -A && git commit -qm hooks)
	rev=$(cd "$hooks" && git rev-parse HEAD)
	(python3 - docs/integrations/pre-commit.md .pre-commit-hooks.yaml "$hooks" "$rev" "$tmp" <<'EOF'
import sys, yaml
page, hooks_file, hooks, rev, tmp = sys.argv[1:6]
text = open(page).read()
def block(marker):
    start = text.index("```yaml", text.index(marker)) + len("```yaml\n")
    return yaml.safe_load(text[start:text.index("\n```", start)])
remote = block("<!-- pre-commit-config.yaml -->")
remote["repos"][0]["repo"] = hooks      # a local clone stands for the URL
remote["repos"][0]["rev"] = rev
local = block("<!-- pre-commit-local.yaml -->")
open(tmp + "/remote.yaml", "w").write(yaml.safe_dump(remote))
open(tmp + "/local.yaml", "w").write(yaml.safe_dump(local))
# the local hook is the hooks file's, word for word
mine = local["repos"][0]["hooks"][0]
theirs = [h for h in yaml.safe_load(open(hooks_file)) if h["id"] == mine["id"]][0]
diff = [k for k in set(mine) | set(theirs) if k != "description" and mine.get(k) != theirs.get(k)]
print("differs: " + ", ".join(sorted(diff)) if diff else "same")
EOF
	) >"$tmp/cmp" 2>&1
	has "$tmp/cmp" '^same$'
	for cfg in remote local; do
		cp "$tmp/$cfg.yaml" "$r/.pre-commit-config.yaml"
		(cd "$r" && git add .pre-commit-config.yaml && git commit -qm "$cfg" --no-verify)
		(cd "$r" && pre-commit run --all-files --verbose) >"$out" 2>&1; st=$?
		if [ $st -eq 0 ]; then ok; else bad "pre-commit run --all-files ($cfg hook) failed in the vendored layout: $(grep -m3 error "$out")"; fi
		has "$out" "^checked 2 specs; excluded $nfix by spec\\.exclude\$"
		broken >"$r/deploy/eu/b.mcp.yaml"
		(cd "$r" && git add deploy/eu/b.mcp.yaml && pre-commit install -f >/dev/null && git commit -qm bad) >"$out" 2>&1; st=$?
		if [ $st -ne 0 ]; then ok; else bad "the $cfg hook let a broken staged spec through"; fi
		has "$out" 'deploy/eu/b\.mcp\.yaml:11:12: error\[MCP-SCHEMA-003\]'
		(cd "$r" && git reset -q && git checkout -q deploy/eu/b.mcp.yaml && pre-commit uninstall >/dev/null)
	done
else
	echo "note: vendored: the pre-commit page is not run: pre-commit is not installed (scripts/deps.sh installs it)"
fi

# ---- tools/mcpc as a git submodule, and a plain nested clone ----
src=$tmp/mcpc-src
mkdir -p "$src"
git ls-files -z | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$src"
(cd "$src" && git init -q && git add -A && git commit -qm mcpc)
s=$tmp/sub
mkdir -p "$s/deploy"
(cd "$s" && git init -q && git -c protocol.file.allow=always submodule add -q "$src" tools/mcpc) >"$out" 2>&1
if [ -f "$s/tools/mcpc/.git" ]; then ok; else bad "git submodule add failed: $(tail -3 "$out")"; fi
vendor "$s/tools/mcpc" # its build, beside the submodule's checkout
cp "$good" "$s/deploy/a.mcp.yaml"
cp -r "$here/fixtures/demo/services" "$s/deploy/"
# a project file that names every *.mcp.yaml and excludes nothing
printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: sub}\nspec:\n  specs: ["**/*.mcp.yaml"]\n' >"$s/.mcpc.yaml"
(cd "$s" && git add -A && git commit -qm init)
rm -rf "$prefix"
while read -r cmd; do
	in_repo "$s" "$cmd"
	if [ $st -eq 0 ]; then ok; else bad "the GitLab CI line '$cmd' exited $st with a submodule: $(tail -3 "$out" "$err")"; fi
done <"$tmp/gl.cmds"
note='skipped 1 nested repository \(tools/mcpc; --include-nested lints it\)'
has "$out" "^checked 1 spec; $note\$"
for mode in "--staged" "--rev HEAD" "--files deploy/a.mcp.yaml"; do
	in_repo "$s" "mcpc lint $mode"
	if [ $st -eq 0 ]; then ok; else bad "lint $mode with a submodule exited $st"; fi
	has "$out" "; $note\$"
done
in_repo "$s" "$gh_lint"
if [ $st -eq 0 ]; then ok; else bad "the workflow's lint step exited $st with a submodule"; fi
has "$err" "^mcpc: lint: $note\$"
broken >"$s/deploy/a.mcp.yaml"
in_repo "$s" "mcpc lint --since HEAD --format json"
if [ $st -eq 1 ]; then ok; else bad "lint --since with a submodule exited $st"; fi
has "$out" '"file": "deploy/a\.mcp\.yaml"'
(cd "$s" && git checkout -q deploy/a.mcp.yaml)
# asked for, its specs are linted, and fail
in_repo "$s" "mcpc lint --include-nested"
if [ $st -ne 0 ]; then ok; else bad "lint --include-nested passed mcpc's broken fixtures"; fi
has "$out" '^tools/mcpc/fixtures/'
hasnt "$out" 'skipped'
in_repo "$s" "mcpc lint --include-nested --staged"
if [ $st -eq 2 ]; then ok; else bad "lint --include-nested --staged exited $st"; fi
# named, what lies in it was not checked: an error, in every mode
for p in tools/mcpc tools/mcpc/fixtures "tools/mcpc/fixtures/demo/../demo/broken.mcp.yaml" "--staged tools/mcpc/fixtures" \
	"--rev HEAD tools/mcpc" "--files tools/mcpc/fixtures/demo/broken.mcp.yaml"; do
	in_repo "$s" "mcpc lint $p"
	if [ $st -eq 2 ]; then ok; else bad "lint $p (in a submodule) exited $st"; fi
	has "$out" 'error\[MCP-IO-004\]: in the nested git repository tools/mcpc, which lint passes over'
done
in_repo "$s/tools" "mcpc lint $s/tools/mcpc/fixtures"
if [ $st -eq 2 ]; then ok; else bad "lint of a submodule's folder by its absolute path exited $st"; fi
# a plain clone inside the work tree is a nested repository too
git clone -q "$src" "$s/third/mcpc" 2>/dev/null
in_repo "$s" "mcpc lint"
if [ $st -eq 0 ]; then ok; else bad "lint with a nested clone exited $st"; fi
has "$out" '^checked 1 spec; skipped 2 nested repositories \(third/mcpc, tools/mcpc; --include-nested lints them\)$'
in_repo "$s" "mcpc lint third/mcpc/fixtures/demo"
if [ $st -eq 2 ]; then ok; else bad "lint of a folder of a nested clone exited $st"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
