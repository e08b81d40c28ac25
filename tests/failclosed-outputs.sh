#!/bin/sh
# failclosed-outputs.sh: what mcpc writes never costs a file it did not
# write. mcpc build replaces only a folder it wrote itself (marked with
# .mcpc-build) and refuses the current folder, the spec's folder, the top
# of the work tree and their parents; build --check calls a folder stale
# when it holds anything a build would not write; build, hook install and
# init write through no symbolic link. Each case takes a snapshot of a
# whole tree (every path with its type, mode and link target, and the
# checksum of every file), runs mcpc, and compares: a refused command
# leaves every byte as it was, a victim file outside included.
set -u
BUILD=${BUILD:-build}
. tests/lib.sh
spec_src=$PWD/fixtures/specs/valid/smallest.mcp.yaml
names="values.yaml values.schema.json manifests.yaml report.txt report.json"

# snap ROOT FILE: the whole tree under ROOT, written to FILE.
snap() {
	(cd "$1" && find . -printf '%y %m %p -> %l\n' | LC_ALL=C sort &&
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum) >"$2"
}

# world: a fresh $w: a repository $r (a spec in specs/, a README, the
# user's mydir/keep.txt) and, outside it, victim files a link may point at.
world() {
	w=$tmp/w
	r=$w/repo
	rm -rf "$w"
	mkdir -p "$r/specs" "$r/mydir" "$w/victim-dir" "$w/victim-empty"
	git init -q "$r"
	cp "$spec_src" "$r/specs/app.mcp.yaml"
	echo readme >"$r/README.md"
	echo keep >"$r/mydir/keep.txt"
	echo victim >"$w/victim"
	echo victim >"$w/victim-dir/v.txt"
}

# untouched STATUS WHERE ARGS...: mcpc ARGS, run in WHERE, exits STATUS
# and leaves all of $w as it was.
untouched() {
	want=$1
	where=$2
	shift 2
	snap "$w" "$tmp/before"
	(cd "$where" && NO_COLOR= timeout 20 "$MCPC" "$@" >"$out" 2>"$err")
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else bad "(in ${where#"$tmp"/}) mcpc $* exited $got, expected $want"; fi
	snap "$w" "$tmp/after"
	same "$tmp/before" "$tmp/after" "(in ${where#"$tmp"/}) mcpc $* changed files it did not write"
}

# only PATTERN STATUS WHERE ARGS...: as untouched, but paths matching the
# grep -E PATTERN (what the command writes) may change.
only() {
	pat=$1
	want=$2
	where=$3
	shift 3
	snap "$w" "$tmp/before"
	(cd "$where" && NO_COLOR= timeout 20 "$MCPC" "$@" >"$out" 2>"$err")
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else bad "(in ${where#"$tmp"/}) mcpc $* exited $got, expected $want"; fi
	snap "$w" "$tmp/after"
	grep -Ev -- "$pat" "$tmp/before" >"$tmp/before.rest"
	grep -Ev -- "$pat" "$tmp/after" >"$tmp/after.rest"
	same "$tmp/before.rest" "$tmp/after.rest" "(in ${where#"$tmp"/}) mcpc $* changed files it did not write"
}

# marker DIR NAME...: a .mcpc-build in DIR that lists NAMEs.
marker() {
	d=$1
	shift
	{
		echo '# mcpc build wrote this folder'
		for n in "$@"; do echo "$n"; done
	} >"$d/.mcpc-build"
}

# --- build -o: the folders it refuses, nothing touched -------------------
world
untouched 2 "$r" build -o "$r" specs/app.mcp.yaml
has "$out" 'MCP-IO-002'
has "$out" 'current folder'
untouched 2 "$r" build -o . specs/app.mcp.yaml
untouched 2 "$r" build -o ./ specs/app.mcp.yaml
untouched 2 "$r/specs" build -o .. app.mcp.yaml
has "$out" 'current folder'
untouched 2 "$r" build -o "$w" specs/app.mcp.yaml
untouched 2 "$r" build -o .. specs/app.mcp.yaml
untouched 2 "$r" build -o mydir specs/app.mcp.yaml
has "$out" 'did not write'
has "$out" 'mydir'
untouched 2 "$r" build -o specs specs/app.mcp.yaml
# a marker planted beside the spec: still the spec's folder
marker "$r/specs" app.mcp.yaml
untouched 2 "$r" build -o specs specs/app.mcp.yaml
has "$out" "spec's folder"
rm "$r/specs/.mcpc-build"
# the spec reached through a link: where it really is is kept as well
mkdir "$w/real" && cp "$spec_src" "$w/real/app.mcp.yaml" && marker "$w/real" app.mcp.yaml
ln -s "$w/real/app.mcp.yaml" "$r/linked.mcp.yaml"
untouched 2 "$r" build -o "$w/real" linked.mcp.yaml
has "$out" "spec's folder"
rm -r "$w/real" "$r/linked.mcp.yaml"
# the current folder, marked and holding only what build writes
mkdir "$w/gen" && marker "$w/gen" values.yaml && echo old >"$w/gen/values.yaml"
untouched 2 "$w/gen" build -o . ../repo/specs/app.mcp.yaml
has "$out" 'current folder'
rm -r "$w/gen"
# the top of the work tree, from outside it: refused whatever the marker
untouched 2 "$w" build -o repo repo/specs/app.mcp.yaml
mkdir "$r/sub"
untouched 2 "$r/sub" build -o "$r" ../specs/app.mcp.yaml
rmdir "$r/sub"
# a file where the folder should be
echo mine >"$r/file"
untouched 2 "$r" build -o file specs/app.mcp.yaml
rm "$r/file"
# a name that ends in . or ..: no folder rename could take its place
untouched 2 "$r" build -o new/. specs/app.mcp.yaml
untouched 2 "$r" build -o mydir/.. specs/app.mcp.yaml

# --- symbolic links at every path build touches ----------------------------
ln -s "$w/victim-empty" "$r/link"
untouched 2 "$r" build -o link specs/app.mcp.yaml
has "$out" 'symbolic link'
untouched 2 "$r" build -o link/ specs/app.mcp.yaml
rm "$r/link"
# a link to a folder that looks like build's own
mkdir "$w/victim-out" && marker "$w/victim-out" values.yaml && echo old >"$w/victim-out/values.yaml"
ln -s "$w/victim-out" "$r/link"
untouched 2 "$r" build -o link specs/app.mcp.yaml
rm "$r/link"
# the default folder out/NAME/ENV: a link at each of its three
ln -s "$w/victim-empty" "$r/out"
untouched 2 "$r" build specs/app.mcp.yaml
has "$out" 'symbolic link'
rm "$r/out" && mkdir "$r/out"
ln -s "$w/victim-empty" "$r/out/sentiment"
untouched 2 "$r" build specs/app.mcp.yaml
rm "$r/out/sentiment" && mkdir "$r/out/sentiment"
ln -s "$w/victim-empty" "$r/out/sentiment/default"
untouched 2 "$r" build specs/app.mcp.yaml
rm -r "$r/out"
# the default folder by the same rule: the user's file in it is kept; a
# sibling build did not choose is never looked at
mkdir -p "$r/out/sentiment/default" "$r/out/other" && echo mine >"$r/out/sentiment/default/mine.yaml"
echo other >"$r/out/other/keep.yaml"
untouched 2 "$r" build specs/app.mcp.yaml
has "$out" 'mine.yaml'
rm "$r/out/sentiment/default/mine.yaml"
only '/repo/out/sentiment/default' 0 "$r" build specs/app.mcp.yaml
only '/repo/out/sentiment/default' 0 "$r" build specs/app.mcp.yaml
has "$r/out/other/keep.yaml" '^other$'
rm -r "$r/out"
# a folder build wrote: a link planted at the marker, at each output file
only '/repo/gen' 0 "$r" build -o gen specs/app.mcp.yaml
for n in $names .mcpc-build; do
	if [ -f "$r/gen/$n" ] && [ ! -L "$r/gen/$n" ]; then ok; else bad "build wrote no plain gen/$n"; fi
	[ "$n" = .mcpc-build ] && continue
	has "$r/gen/.mcpc-build" "^$n\$"
done
cp -r "$r/gen" "$w/gen.keep"
for n in $names .mcpc-build; do
	cp "$r/gen/$n" "$w/victim"
	rm "$r/gen/$n" && ln -s "$w/victim" "$r/gen/$n"
	untouched 2 "$r" build -o gen specs/app.mcp.yaml
	has "$out" "gen/$n.*symbolic link"
	rm "$r/gen/$n" && cp "$w/gen.keep/$n" "$r/gen/$n"
done
echo victim >"$w/victim"
# the user's own file in a folder build wrote: refused, kept
echo notes >"$r/gen/notes.md"
untouched 2 "$r" build -o gen specs/app.mcp.yaml
has "$out" 'notes.md'
rm "$r/gen/notes.md"
mkdir "$r/gen/sub" && echo x >"$r/gen/sub/x"
untouched 2 "$r" build -o gen specs/app.mcp.yaml
rm -r "$r/gen/sub"
# a folder build wrote is rebuilt, and nothing else changes
echo stale >"$r/gen/values.yaml"
only '/repo/gen' 0 "$r" build -o gen specs/app.mcp.yaml
same "$w/gen.keep/values.yaml" "$r/gen/values.yaml" "a rebuild did not replace gen/values.yaml"
# an empty folder is taken; new parents are made
mkdir "$r/empty"
only '/repo/empty' 0 "$r" build -o empty specs/app.mcp.yaml
only '/repo/new' 0 "$r" build -o new/deep/er specs/app.mcp.yaml
if [ -f "$r/new/deep/er/manifests.yaml" ]; then ok; else bad "build made no new/deep/er"; fi
ls -a "$r" "$r/new/deep" | grep -q '\.tmp-\|\.old-' && bad "build left a temporary folder" || ok

# --- build --check: a folder is up to date only when it holds exactly ----
# --- what build would write -----------------------------------------------
untouched 0 "$r" build --check -o gen specs/app.mcp.yaml
echo 'kind: ClusterRoleBinding' >"$r/gen/zz.yaml"
untouched 1 "$r" build --check -o gen specs/app.mcp.yaml
has "$err" 'gen/zz.yaml'
rm "$r/gen/zz.yaml"
mkdir "$r/gen/extra" && echo x >"$r/gen/extra/x.yaml"
untouched 1 "$r" build --check -o gen specs/app.mcp.yaml
has "$err" 'gen/extra'
rm -r "$r/gen/extra"
# a file named like a line of the marker's comment is not build's: stale,
# and a build refuses the folder rather than delete it
c=$(sed -n 1p "$r/gen/.mcpc-build")
echo mine >"$r/gen/$c"
untouched 1 "$r" build --check -o gen specs/app.mcp.yaml
untouched 2 "$r" build -o gen specs/app.mcp.yaml
rm "$r/gen/$c"
for n in $names .mcpc-build; do
	mv "$r/gen/$n" "$w/moved"
	untouched 1 "$r" build --check -o gen specs/app.mcp.yaml
	has "$err" "gen/$n"
	# the same bytes, behind a link: stale, and not read through
	ln -s "$w/moved" "$r/gen/$n"
	untouched 1 "$r" build --check -o gen specs/app.mcp.yaml
	has "$err" "gen/$n.*symbolic link"
	rm "$r/gen/$n"
	# a FIFO where a file should be: stale, and no hang
	mkfifo "$r/gen/$n"
	untouched 1 "$r" build --check -o gen specs/app.mcp.yaml
	has "$err" "gen/$n"
	rm "$r/gen/$n"
	mv "$w/moved" "$r/gen/$n"
done
untouched 0 "$r" build --check -o gen specs/app.mcp.yaml
ln -s gen "$r/genlink"
untouched 2 "$r" build --check -o genlink specs/app.mcp.yaml
has "$err" 'symbolic link' # --check: every finding on standard error
lines "$out" 0
rm "$r/genlink"
untouched 1 "$r" build --check -o none specs/app.mcp.yaml
untouched 2 "$r" build --check -o . specs/app.mcp.yaml

# --- mcpc hook install ------------------------------------------------------
world
printf '#!/bin/sh\nexit 0\n' >"$r/.git/hooks/pre-commit"
untouched 2 "$r" hook install
has "$err" 'did not write it'
rm "$r/.git/hooks/pre-commit"
# a link at the hook file, to a file outside, with and without --force
ln -s "$w/victim" "$r/.git/hooks/pre-commit"
untouched 2 "$r" hook install
has "$err" 'symbolic link'
untouched 2 "$r" hook install --force
has "$err" 'symbolic link'
# even when what it points at is a hook mcpc wrote
printf '#!/bin/sh\n# installed by mcpc hook install\n' >"$w/victim"
untouched 2 "$r" hook install
echo victim >"$w/victim"
rm "$r/.git/hooks/pre-commit"
# a link to nothing yet: nothing is made there
ln -s "$w/nothing" "$r/.git/hooks/pre-commit"
untouched 2 "$r" hook install --force
rm "$r/.git/hooks/pre-commit"
# a FIFO: refused, no hang
mkfifo "$r/.git/hooks/pre-commit"
untouched 2 "$r" hook install
rm "$r/.git/hooks/pre-commit"
# a link at the hooks folder
mv "$r/.git/hooks" "$w/hooks.keep"
ln -s "$w/victim-dir" "$r/.git/hooks"
untouched 2 "$r" hook install
has "$err" 'symbolic link'
untouched 2 "$r" hook install --force
rm "$r/.git/hooks"
mv "$w/hooks.keep" "$r/.git/hooks"
# core.hooksPath at a link
git -C "$r" config core.hooksPath .githooks
ln -s "$w/victim-dir" "$r/.githooks"
untouched 2 "$r" hook install
rm "$r/.githooks"
git -C "$r" config --unset core.hooksPath
# what it may write: the hook alone, then its own hook again
only '\.git/hooks/pre-commit' 0 "$r" hook install
if [ -x "$r/.git/hooks/pre-commit" ] && grep -q 'lint --staged' "$r/.git/hooks/pre-commit"; then ok; else bad "hook install wrote no hook"; fi
only '\.git/hooks/pre-commit' 0 "$r" hook install
only '\.git/hooks/pre-commit' 0 "$r" hook install --force
ls -a "$r/.git/hooks" | grep -q 'tmp' && bad "hook install left a temporary file" || ok

# --- mcpc init --------------------------------------------------------------
world
d=$w/proj
mkdir "$d" && echo mine >"$d/notes.md" && mkdir "$d/src" && echo x >"$d/src/x.c"
only '/proj/(inference\.mcp\.yaml|\.mcpc\.yaml|\.gitignore)' 0 "$w" init proj
if [ -f "$d/inference.mcp.yaml" ] && [ -f "$d/.mcpc.yaml" ] && [ -f "$d/.gitignore" ]; then ok; else bad "init wrote no spec, project file or .gitignore"; fi
for f in inference.mcp.yaml .mcpc.yaml; do
	rm -r "$d" && mkdir "$d" && echo mine >"$d/notes.md"
	# a link at the file, to a file outside; then a link to nothing
	ln -s "$w/victim" "$d/$f"
	untouched 2 "$w" init proj
	has "$err" "$f"
	rm "$d/$f" && ln -s "$w/nothing" "$d/$f"
	untouched 2 "$w" init proj
	has "$err" "$f"
done
# .gitignore is the user's when there is one, a link included
for target in "$w/victim" "$w/nothing"; do
	rm -r "$d" && mkdir "$d"
	ln -s "$target" "$d/.gitignore"
	only '/proj/(inference\.mcp\.yaml|\.mcpc\.yaml)' 0 "$w" init proj
	hasnt "$out" 'gitignore'
	if [ -L "$d/.gitignore" ]; then ok; else bad "init replaced a .gitignore link"; fi
done
if [ -e "$w/nothing" ]; then bad "a command wrote through a link to $w/nothing"; else ok; fi

# hook install where the hooks folder cannot be read: exit 2, said
mkdir -p "$w/hookfile" && (cd "$w/hookfile" && git init -q && rm -rf .git/hooks && echo x >.git/hooks)
(cd "$w/hookfile" && "$MCPC" hook install >"$out" 2>"$err")
st=$?
if [ $st -eq 2 ]; then ok; else bad "hook install into a file: exit $st"; fi
has "$err" 'hook: cannot'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
