#!/bin/sh
# run.sh: the front-end benchmark (make bench). bench_load writes a large
# generated spec to $BUILD/bench/large.mcp.yaml and compares the front end
# with a bare libyaml event loop over it. It reports; it does not gate.
# BENCH_MB sets the input size in MB (default 24, at least 20).
set -u
BUILD=${BUILD:-build}
bin=$BUILD/bench/bench_load
out=$BUILD/bench/large.mcp.yaml

if [ ! -x "$bin" ]; then
	echo "run.sh: $bin is missing (run 'make bench')" >&2
	exit 1
fi
mkdir -p "$BUILD/bench"
echo "bench: $(uname -m), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs," \
	"libyaml $(pkg-config --modversion yaml-0.1 2>/dev/null || echo '?')," \
	"jansson $(pkg-config --modversion jansson 2>/dev/null || echo '?')"
"$bin" "$out" ${BENCH_MB:+"$BENCH_MB"}
rc=$?
# Targets are reported as PASS/MISS above; only a broken run is a failure.
exit $rc
