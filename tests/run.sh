#!/bin/sh
# run.sh: every test suite in turn; the last line is "N passed, N failed".
# BUILD names the build folder (build, build-asan).
set -u
BUILD=${BUILD:-build}
export BUILD
pass=0
fail=0
failed_suites=""

count() { # suite-name passed failed
	pass=$((pass + $2))
	fail=$((fail + $3))
	[ "$3" -gt 0 ] && failed_suites="$failed_suites $1"
	printf '%-28s %5d passed, %d failed\n' "$1:" "$2" "$3"
}

# Unit tests (cmocka): read its PASSED/FAILED lines; a crash counts as a failure.
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	out=$(${RUNNER:-} "$t" 2>&1)
	rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' | tail -1)
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	if [ "$f" -gt 0 ]; then
		printf '%s\n' "$out" | grep -v '^\[       OK \]\|^\[ RUN      \]' | tail -40
	fi
	count "$name" "$p" "$f"
done

# The JSON Schema Test Suite, when ../shared/conformance is there (it is
# public data, read in place, never copied into the repository).
CONFORMANCE=${CONFORMANCE:-../shared/conformance}
if [ -d "$CONFORMANCE/json-schema-test-suite" ] && [ -x "$BUILD/tests/jsts" ]; then
	out=$(${RUNNER:-} "$BUILD/tests/jsts" "$CONFORMANCE" 2>&1)
	printf '%s\n' "$out" | grep -E '^(draft|optional)' | sed 's/^/  /'
	last=$(printf '%s\n' "$out" | tail -1)
	p=$(printf '%s\n' "$last" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/p')
	f=$(printf '%s\n' "$last" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/p')
	[ -z "$p" ] && p=0 && f=1
	[ "$f" -gt 0 ] && printf '%s\n' "$out" | grep -v '^draft\|^optional' | head -40
	count "json-schema-test-suite" "$p" "$f"
else
	echo "json-schema-test-suite: skipped: $CONFORMANCE not found (run from a checkout beside shared/)"
fi

# Data-driven suites: each prints "N passed, N failed" as its last line.
for s in tests/golden.sh tests/cli.sh tests/sarif.sh tests/build.sh tests/scaling.sh \
	tests/overlay-diff.sh tests/yaml-diff.sh \
	tests/precommit.sh tests/vendored.sh tests/docs.sh tests/startup.sh tests/spill.sh \
	tests/failclosed*.sh tests/conventions.sh tests/standard*.sh tests/field-effect.sh \
	tests/helm-render.sh tests/chart*.sh \
	tests/pkgconfig.sh \
	tests/ajv.sh tests/lsp.sh \
	tests/fuzz-replay.sh tests/conformance/semver.sh \
	tests/conformance/pep440.sh tests/conformance/helm.sh; do
	[ -f "$s" ] || continue
	out=$(sh "$s" 2>&1)
	last=$(printf '%s\n' "$out" | tail -1)
	case "$last" in
	*skipped*)
		echo "$last"
		continue
		;;
	esac
	p=$(printf '%s\n' "$last" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/p')
	f=$(printf '%s\n' "$last" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/p')
	if [ -z "$p" ]; then
		p=0
		f=1
	fi
	[ "$f" -gt 0 ] && printf '%s\n' "$out" | head -80
	count "$(basename "$s" .sh)" "$p" "$f"
done

[ -n "$failed_suites" ] && echo "failing suites:$failed_suites"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
