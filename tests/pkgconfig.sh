#!/bin/sh
# pkgconfig.sh: libmcpc linked the way a C program outside the tree links
# it. make install stages everything (DESTDIR, PREFIX=/usr/local); the
# example program of docs/architecture.md and the pkg-config command lines
# after "<!-- example: pkg-config -->" are taken from the page and run as
# written, with the staged mcpc.pc alone (PKG_CONFIG_PATH and
# PKG_CONFIG_SYSROOT_DIR): against the shared library (linked dynamically
# to libmcpc.so.MAJOR, found at run time with LD_LIBRARY_PATH), fully
# static (no dynamic section), and with the archive linked in and the rest
# shared; each program is run on the demo specs. The shared library's
# soname and links, its exports (nm -D: exactly the functions and objects
# that include/mcpc/*.h declare, each with its comment; nothing of the
# library's internals, its embedded data or the libraries it uses), a
# program that takes the address of every export, linked both ways, what
# pkg-config prints with and without --static, mcpc itself linking the
# archive, and make uninstall. Prints "N passed, N failed".
set -u
BUILD=${BUILD:-build}
. tests/lib.sh
page=docs/architecture.md

for t in pkg-config readelf nm ldd make; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "FAIL: $t is missing (pkg-config, binutils, libc-bin and make come with the build tools)"
		echo "0 passed, 1 failed"
		exit 1
	fi
done

version=$(sed -n 's/^#define MCPC_VERSION "\([0-9.]*\)"$/\1/p' include/mcpc/mcpc.h)
major=${version%%.*}
soname=libmcpc.so.$major
PKGS=$(sed -n 's/^PKGS := //p' Makefile)
# A sanitized build (make asan) links its programs with the sanitizers;
# they cannot be linked fully static.
san=${SAN:-}
if [ -z "$san" ] && nm "$BUILD/libmcpc.a" 2>/dev/null | grep -q '__asan_'; then
	san="-fsanitize=address,undefined"
fi

# ---- make install into a staging folder ----

stage=$tmp/stage
lib=$stage/usr/local/lib
inc=$stage/usr/local/include
if make --no-print-directory install BUILD="$BUILD" DESTDIR="$stage" \
	PREFIX=/usr/local ${san:+SAN="$san"} >"$out" 2>"$err"; then ok
else bad "make install DESTDIR=$stage failed"; fi
for f in libmcpc.a "libmcpc.so.$version" pkgconfig/mcpc.pc; do
	if [ -f "$lib/$f" ] && [ ! -L "$lib/$f" ]; then ok; else bad "make install wrote no file $lib/$f"; fi
done
for l in "$soname" libmcpc.so; do
	if [ -L "$lib/$l" ] && [ "$(readlink "$lib/$l")" = "libmcpc.so.$version" ]; then ok
	else bad "$lib/$l is not a link to libmcpc.so.$version"; fi
done
for h in include/mcpc/*.h; do
	if cmp -s "$h" "$inc/mcpc/$(basename "$h")"; then ok; else bad "make install did not install $h"; fi
done
if [ -x "$stage/usr/local/bin/mcpc" ]; then ok; else bad "make install wrote no bin/mcpc"; fi

so=$lib/libmcpc.so.$version
readelf -d "$so" >"$out" 2>"$err"
has "$out" "\\(SONAME\\) +Library soname: \\[$soname\\]\$"
hasnt "$out" '\(TEXTREL\)'                     # position-independent code
# The shared library names what it needs: a program needs only -lmcpc.
for l in libyaml libjansson libpcre2-8 libgit2 libxxhash; do
	has "$out" "\\(NEEDED\\) +Shared library: \\[${l}[-.]"
done

# ---- what pkg-config says ----

PKG_CONFIG_PATH=$lib/pkgconfig
PKG_CONFIG_SYSROOT_DIR=$stage
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
pc=$lib/pkgconfig/mcpc.pc
if grep -q "$stage" "$pc"; then bad "mcpc.pc names the staging folder"; else ok; fi
has "$pc" '^prefix=/usr/local$'
if [ "$(pkg-config --modversion mcpc 2>&1)" = "$version" ]; then ok
else bad "pkg-config --modversion mcpc is not $version"; fi
pkg-config --cflags mcpc >"$out" 2>"$err"
has "$out" "(^| )-I$inc( |\$)"
pkg-config --libs mcpc | tr ' ' '\n' | sed '/^$/d' >"$out" 2>"$err"
has "$out" "^-L$lib\$"
has "$out" '^-lmcpc$'
# the dependencies are the shared library's business: Requires.private
if [ "$(grep -c '^-l' "$out")" -eq 1 ]; then ok
else bad "pkg-config --libs mcpc names more than -lmcpc"; fi
# --static: Libs.private and every dependency's libraries
pkg-config --static --libs mcpc | tr ' ' '\n' | sed '/^$/d' >"$out" 2>"$err"
# shellcheck disable=SC2086
for f in -lmcpc -lm -pthread $(pkg-config --libs $PKGS); do
	case "$f" in -l* | -pthread) has "$out" "^$f\$" ;; esac
done

# ---- the exports: exactly what include/mcpc/*.h declares ----

# decls: every function or object the installed headers declare (a line
# that starts a declaration, outside comments), as "FILE NAME"; undocumented:
# those whose declaration does not follow a comment (a run of extern
# objects shares the comment before the first).
awk 'FNR == 1 { c = 0; prev = "" }
	c { if ($0 ~ /\*\//) c = 0; prev = $0; next }
	/^\/\*/ { if ($0 !~ /\*\//) c = 1; prev = $0; next }
	/^[^ \t#\/}]/ && !/^typedef/ && (/mcp_[A-Za-z0-9_]*\(/ || /^(MCP_EXPORT )?extern /) {
		s = $0
		if (/\(/) sub(/\(.*/, "", s); else sub(/;.*/, "", s)
		n = split(s, w, /[^A-Za-z0-9_]+/)
		name = w[n]
		doc = prev ~ /\*\/[ \t]*$/ || (grouped && prev ~ /^(MCP_EXPORT )?extern /)
		grouped = doc && /^(MCP_EXPORT )?extern /
		print FILENAME, name, (doc ? "doc" : "nodoc"), (/^MCP_EXPORT / ? "mark" : "nomark")
	}
	NF { prev = $0 }' "$inc"/mcpc/*.h >"$tmp/decls"
if [ "$(wc -l <"$tmp/decls")" -gt 100 ]; then ok; else bad "too few declarations found in $inc/mcpc"; fi
while read -r file name doc mark; do
	[ "$doc" = doc ] || bad "$(basename "$file"): $name is declared without a comment"
	[ "$mark" = mark ] || bad "$(basename "$file"): $name is declared without MCP_EXPORT"
done <"$tmp/decls"
awk '{ print $2 }' "$tmp/decls" | sort -u >"$tmp/declared"
# (AddressSanitizer adds an __odr_asan.NAME beside each exported object:
# its own bookkeeping, left out)
nm -D --defined-only "$so" 2>"$err" | grep -v ' __odr_asan\.' >"$tmp/nm"
awk 'NF == 3 { print $3 }' "$tmp/nm" | sort -u >"$tmp/exported"
if [ -s "$tmp/exported" ]; then ok; else bad "nm -D finds no symbol in $so"; fi
if grep -v '^mcp_' "$tmp/exported" >"$out"; then bad "$so exports names outside mcp_"; else ok; fi
comm -23 "$tmp/exported" "$tmp/declared" >"$tmp/leaks"
while read -r s; do bad "$so exports $s, which no public header declares"; done <"$tmp/leaks"
comm -13 "$tmp/exported" "$tmp/declared" >"$tmp/missing"
while read -r s; do bad "$so does not export $s, which a public header declares"; done <"$tmp/missing"
if [ ! -s "$tmp/leaks" ] && [ ! -s "$tmp/missing" ]; then ok; fi
hasnt "$tmp/nm" ' (XXH|json_|yaml_|pcre2_|git_|em_|sm_)'
hasnt "$tmp/nm" ' mcp_(embedded|builtin|hmap_|file_)'

# exports_c NM: a program that takes the address of every symbol of NM
# (nm's lines) from the public headers alone, functions as functions and
# objects as objects, and prints how many it holds and mcp_version().
exports_c() {
	echo '#include <stdio.h>'
	echo '#include "mcpc/mcpc.h"'
	echo 'int main(void)'
	echo '{'
	echo '	void (*const fns[])(void) = {'
	awk 'NF == 3 && $2 == "T" { print "\t\t(void (*)(void))" $3 "," }' "$1"
	echo '	};'
	echo '	const void *const objs[] = {'
	awk 'NF == 3 && $2 != "T" { print "\t\t(const void *)&" $3 "," }' "$1"
	echo '	};'
	echo '	size_t i, n = 0;'
	echo '	for (i = 0; i < sizeof fns / sizeof *fns; i++)'
	echo '		n += fns[i] != NULL;'
	echo '	for (i = 0; i < sizeof objs / sizeof *objs; i++)'
	echo '		n += objs[i] != NULL;'
	printf '%s\n' '	printf("%zu %s\n", n, mcp_version());'
	echo '	return 0;'
	echo '}'
}
# built KIND FILE.c ARGS...: FILE.c built into $tmp/exports-KIND with the
# house's warnings, the sanitizers of this build and ARGS.
built() {
	_kind=$1
	_src=$2
	shift 2
	# shellcheck disable=SC2086
	if ${CC:-cc} -std=c11 -Wall -Wextra -Werror $san -o "$tmp/exports-$_kind" \
		"$_src" "$@" >"$out" 2>"$err"; then ok
	else bad "a program naming every export does not build ($_kind)"; fi
}
# runs KIND WANT: $tmp/exports-KIND prints WANT.
runs() {
	[ -x "$tmp/exports-$1" ] || return
	_got=$(LD_LIBRARY_PATH=$lib ${RUNNER:-} "$tmp/exports-$1" </dev/null 2>"$err")
	if [ "$_got" = "$2" ]; then ok; else bad "exports-$1 printed '$_got', expected '$2'"; fi
}
# Every export, against the shared library and with the archive linked in:
# --static names everything the archive needs, the rest staying shared.
exports_c "$tmp/nm" >"$tmp/exports.c"
want="$(wc -l <"$tmp/exported" | tr -d ' ') $version"
# shellcheck disable=SC2046
built shared "$tmp/exports.c" $(pkg-config --cflags --libs mcpc)
runs shared "$want"
# shellcheck disable=SC2046
built archive "$tmp/exports.c" $(pkg-config --cflags mcpc) -Wl,--as-needed \
	-Wl,-Bstatic -lmcpc -Wl,-Bdynamic $(pkg-config --static --libs mcpc)
runs archive "$want"
if [ -x "$tmp/exports-archive" ]; then
	readelf -d "$tmp/exports-archive" >"$out" 2>"$err"
	hasnt "$out" 'Shared library: \[libmcpc'
	has "$out" 'Shared library: \[libgit2' # the rest stays shared
fi
# Fully static (-static), every export but repo.h's, as the page says:
# libgit2 cannot be linked statically from Debian's packages.
if [ -z "$san" ]; then
	awk '$1 ~ /\/repo\.h$/ { print $2 }' "$tmp/decls" >"$tmp/repo"
	if [ -s "$tmp/repo" ]; then ok; else bad "repo.h declares nothing"; fi
	awk 'NR == FNR { r[$1] = 1; next } !(NF == 3 && r[$3])' "$tmp/repo" "$tmp/nm" >"$tmp/nm-static"
	exports_c "$tmp/nm-static" >"$tmp/exports-static.c"
	# shellcheck disable=SC2046
	built static "$tmp/exports-static.c" -static $(pkg-config --cflags --static --libs mcpc)
	runs static "$(grep -c . "$tmp/nm-static") $version"
	if [ -x "$tmp/exports-static" ]; then
		readelf -d "$tmp/exports-static" >"$out" 2>"$err"
		hasnt "$out" '\(NEEDED\)'
	fi
fi

# ---- the page's program, built with the page's pkg-config lines ----

# block NAME: the fenced block after "<!-- example: NAME -->" on the page.
block() {
	awk -v m="<!-- example: $1 -->" '$0 == m { on = 1; next }
		on && /^```/ { if (inside) exit; inside = 1; next }
		inside { print }' "$page"
}
work=$tmp/work
mkdir -p "$work"
block api.c >"$work/api.c"
if [ -s "$work/api.c" ]; then ok; else bad "$page has no block after <!-- example: api.c -->"; fi
# one command a line: continuation lines joined
block pkg-config | sed -e ':a' -e '/\\$/N; s/[ \t]*\\\n[ \t]*/ /; ta' >"$tmp/lines"
kinds=""
while read -r line; do
	case "$line" in cc\ *) ;; *) continue ;; esac
	case "$line" in
	*" -static "*) kind=static ;;
	*-Bstatic*) kind=archive ;;
	*) kind=shared ;;
	esac
	prog=$(printf '%s\n' "$line" | sed -n 's/.* -o \([^ ]*\) .*/\1/p')
	if [ -z "$prog" ]; then
		bad "the page's line '$line' names no program (-o NAME)"
		continue
	fi
	kinds="$kinds $kind"
	if [ "$kind" = static ] && [ -n "$san" ]; then
		echo "pkgconfig: '$line' is not built: the sanitizers cannot link statically"
		continue
	fi
	# as written, with the compiler (and sanitizers) of this build
	# shellcheck disable=SC2086,SC2317
	if (
		cc() { command ${CC:-cc} $san "$@"; }
		cd "$work" && eval "$line"
	) </dev/null >"$out" 2>"$err"; then ok
	else bad "the page's line '$line' fails"; continue; fi
	x=$work/$prog
	readelf -d "$x" >"$out" 2>"$err"
	case $kind in
	shared)
		has "$out" "\\(NEEDED\\) +Shared library: \\[$soname\\]\$"
		# the libraries libmcpc uses come with it, not with the program
		hasnt "$out" 'Shared library: \[lib(yaml|jansson|pcre2|git2|xxhash)'
		LD_LIBRARY_PATH=$lib ldd "$x" </dev/null >"$out" 2>"$err"
		has "$out" "^[[:space:]]*$soname => $lib/$soname "
		;;
	static)
		hasnt "$out" '\(NEEDED\)'
		;;
	archive)
		hasnt "$out" 'Shared library: \[libmcpc'
		;;
	esac
	broken=fixtures/demo/broken.mcp.yaml
	demo=fixtures/demo/fraud-scoring.mcp.yaml
	LD_LIBRARY_PATH=$lib ${RUNNER:-} "$x" "$broken" </dev/null >"$tmp/$kind.out" 2>"$err"
	got=$?
	if [ $got -eq 2 ]; then ok; else bad "$prog $broken exited $got, expected 2"; fi
	cp "$tmp/$kind.out" "$out"
	has "$out" "^$broken:29:5: error\\[MCP-YAML-002\\]: duplicate key 'replicas'\$"
	has "$out" "hint: did you mean 'azure'\\?"
	LD_LIBRARY_PATH=$lib ${RUNNER:-} "$x" "$demo" </dev/null >"$out" 2>"$err"
	got=$?
	if [ $got -eq 0 ] && [ ! -s "$out" ] && [ ! -s "$err" ]; then ok
	else bad "$prog $demo exited $got (expected 0, no output)"; fi
	if [ "$kind" != shared ] && [ -f "$tmp/shared.out" ]; then
		same "$tmp/shared.out" "$tmp/$kind.out" "$prog prints what the shared build prints"
	fi
done <"$tmp/lines"
for k in shared static archive; do
	case "$kinds " in *" $k "*) ok ;; *) bad "the page's pkg-config block has no $k line" ;; esac
done

# ---- mcpc links the archive; make uninstall ----

readelf -d "$BUILD/mcpc" >"$out" 2>"$err"
hasnt "$out" 'Shared library: \[libmcpc'
if make --no-print-directory uninstall BUILD="$BUILD" DESTDIR="$stage" \
	PREFIX=/usr/local >"$out" 2>"$err"; then ok
else bad "make uninstall DESTDIR=$stage failed"; fi
find "$stage" ! -type d >"$out"
if [ ! -s "$out" ]; then ok; else bad "make uninstall left files behind"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
