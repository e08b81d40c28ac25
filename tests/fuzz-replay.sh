#!/bin/sh
# fuzz-replay.sh: every input under fixtures/fuzz/TARGET/ (the inputs
# that found bugs) through that fuzz target, built without libFuzzer
# ($BUILD/tests/replay_TARGET, tests/fuzz/replay.c). An input passes when
# the target returns from it: no abort (a broken invariant), no sanitizer
# report in make asan, no memcheck error under make valgrind (RUNNER).
# Prints "N passed, N failed".
set -u
BUILD=${BUILD:-build}
pass=0
fail=0
for dir in fixtures/fuzz/*/; do
	t=$(basename "$dir")
	bin=$BUILD/tests/replay_$t
	if [ ! -x "$bin" ]; then
		echo "FAIL: $bin is not built (fixtures/fuzz/$t has no target)"
		fail=$((fail + 1))
		continue
	fi
	for f in "$dir"*; do
		[ -f "$f" ] || continue
		if out=$(${RUNNER:-} "$bin" "$f" 2>&1) && [ "$out" = "ok $f" ]; then
			pass=$((pass + 1))
		else
			echo "FAIL: fuzz_$t on $f"
			printf '%s\n' "$out" | tail -n 20
			fail=$((fail + 1))
		fi
	done
done
echo "$pass passed, $fail failed"
