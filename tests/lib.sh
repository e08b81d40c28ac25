# lib.sh: what the shell suites share; sourced after they set BUILD (and,
# optionally, MCPC). It sets MCPC to an absolute path, makes $tmp (removed
# on exit) with $out and $err in it, and counts checks in pass and fail;
# a suite ends with: echo "$pass passed, $fail failed".
BUILD=${BUILD:-build}
MCPC=${MCPC:-$BUILD/mcpc}
MCPC=$(cd "$(dirname "$MCPC")" && pwd)/$(basename "$MCPC")
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out
err=$tmp/err
: >"$out"
: >"$err"

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; sed 's/^/  | /' "$out" "$err" | head -20; }

# run EXPECTED-STATUS ARGS...: run mcpc, keep stdout/stderr, check the status.
run() {
	want=$1
	shift
	NO_COLOR= "$MCPC" "$@" >"$out" 2>"$err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else bad "mcpc $* exited $got, expected $want"; fi
}
# has FILE PATTERN / hasnt FILE PATTERN: grep -E on stdout or stderr.
has() { if grep -Eq -- "$2" "$1"; then ok; else bad "expected /$2/ in $(basename "$1")"; fi; }
hasnt() { if grep -Eq -- "$2" "$1"; then bad "unexpected /$2/ in $(basename "$1")"; else ok; fi; }
lines() { n=$(wc -l <"$1"); if [ "$n" -eq "$2" ]; then ok; else bad "$(basename "$1") has $n lines, expected $2"; fi; }
# same A B MESSAGE: the two files are equal, else MESSAGE and their diff.
same() { if cmp -s "$1" "$2"; then ok; else bad "$3"; diff "$1" "$2" | head -10 | sed 's/^/  | /'; fi; }
