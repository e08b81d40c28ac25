#!/bin/sh
# build.sh: `mcpc build` against golden outputs. For each line of
# fixtures/build/cases.txt (SPEC [ENV]), `mcpc build --check` compares what
# it would write with fixtures/build/NAME/ENV/ (ENV "default" without one):
# values.yaml, values.schema.json, manifests.yaml, report.txt, report.json.
# Each golden values.yaml must meet schema/values.schema.json (mcpc's own
# engine), every object must meet tests/k8s/objects.schema.json (each
# emitted kind's fields and types, from the Kubernetes API reference, no
# unknown field), and every file must be laid out as yamllint's default
# rules want (tests/yamlstyle.awk).
# UPDATE=1 rewrites the goldens with `mcpc build`: review the diff.
set -u
BUILD=${BUILD:-build}
MCPC=${MCPC:-$BUILD/mcpc}
pass=0
fail=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

grep -v '^#' fixtures/build/cases.txt | while read -r spec env; do
	[ -n "$spec" ] || continue
	name=$(basename "$spec" .mcp.yaml)
	dir=fixtures/build/$name/${env:-default}
	set -- -o "$dir" "$spec"
	[ -n "$env" ] && set -- -e "$env" "$@"
	if [ "${UPDATE:-0}" = 1 ]; then
		NO_COLOR= "$MCPC" build -q "$@" >/dev/null 2>&1
	fi
	if NO_COLOR= "$MCPC" build --check "$@" >"$tmp" 2>&1; then
		echo "ok"
	else
		echo "FAIL build $spec ${env:-}: differs from $dir"
		head -40 "$tmp"
	fi
	if "$MCPC" validate --schema schema/values.schema.json "$dir/values.yaml" >"$tmp" 2>&1; then
		echo "ok"
	else
		echo "FAIL $dir/values.yaml does not meet schema/values.schema.json"
		head -20 "$tmp"
	fi
	# every field of every object, against the table from the API reference
	if "$MCPC" validate --schema tests/k8s/objects.schema.json "$dir/manifests.yaml" >"$tmp" 2>&1; then
		echo "ok"
	else
		echo "FAIL $dir/manifests.yaml: a field the Kubernetes API does not have"
		head -20 "$tmp"
	fi
	# yamllint's default layout rules
	if awk -f tests/yamlstyle.awk "$dir/values.yaml" "$dir/manifests.yaml" >"$tmp" 2>&1; then
		echo "ok"
	else
		echo "FAIL $dir: not laid out as yamllint's defaults want"
		head -5 "$tmp"
	fi
done >"$tmp.log"
pass=$(grep -c '^ok$' "$tmp.log")
fail=$(grep -c '^FAIL' "$tmp.log")
grep -v '^ok$' "$tmp.log"
rm -f "$tmp.log"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
