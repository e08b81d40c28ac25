#!/bin/sh
# valgrind.sh: every test suite (tests/run.sh) with each unit test and each
# mcpc the shell suites start run under valgrind memcheck: no invalid read
# or write, no use of an uninitialised value, no leak (definitely or
# indirectly lost). Each process writes its own log under
# $BUILD/valgrind/logs; a log whose ERROR SUMMARY is not 0 is a failure,
# printed at the end. The suites' own checks must pass too. Slow: about half an
# hour. tests/valgrind.supp holds the one suppression: code that PCRE2's
# JIT generates at run time (no object, frames "???").
set -u
BUILD=${BUILD:-build}
top=$(pwd)
vg=$top/$BUILD/valgrind
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind: skipped: valgrind is not installed (apt-get install -y valgrind)"
	exit 0
fi
rm -rf "$vg"
mkdir -p "$vg/bin" "$vg/logs"
cat >"$vg/bin/run" <<WRAP
#!/bin/sh
exec valgrind --tool=memcheck --leak-check=full --child-silent-after-fork=yes \\
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \\
	--num-callers=40 --suppressions="$top/tests/valgrind.supp" \\
	--log-file="$vg/logs/%p.log" "\$@"
WRAP
printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$vg/bin/run" "$top/$BUILD/mcpc" >"$vg/bin/mcpc"
chmod +x "$vg/bin/run" "$vg/bin/mcpc"

MCPC=$vg/bin/mcpc RUNNER=$vg/bin/run BUILD=$BUILD sh tests/run.sh
suites=$?
n=$(ls "$vg/logs" | wc -l)
bad=0
for f in "$vg/logs"/*.log; do
	# empty: a child a unit test forked for system(), silent by
	# --child-silent-after-fork until it runs another program
	[ -s "$f" ] || continue
	if grep -q 'ERROR SUMMARY: 0 errors' "$f"; then continue; fi
	bad=$((bad + 1))
	[ $bad -le 20 ] && { echo "== $f"; grep -v '^--' "$f" | head -n 80; }
done
supp=$(cat "$vg/logs"/*.log | sed -n 's/.*(suppressed: \([0-9]*\) from.*/\1/p' | awk '{s += $1} END {print s + 0}')
echo "valgrind: $n processes, $bad with errors ($supp reports from JIT code suppressed)"
[ $suites -eq 0 ] && [ $bad -eq 0 ]
