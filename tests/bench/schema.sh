#!/bin/sh
# schema.sh: the schema benchmark (make bench). bench_schema writes 10,000
# generated specs and one ~5 MB spec to a temporary folder, `mcpc validate`
# confirms every one is clean, then the same files are loaded and validated
# against the shipped schemas by mcpc's library (bench_schema measure) and
# by ajv 8 (draft 2020-12) + js-yaml (core schema) in node. Both sides count
# the valid documents; the table compares specs/s and MB/s. It reports; only
# a broken run is a failure.
#
# This is the comparison as it stood before the table of table.sh: the
# validators' boolean verdicts (mcp_schema_valid; ajv without allErrors)
# against the dispatching schema, ajv ignoring mcpc's "quantity" format.
# Its figures are kept for continuity; the table's schema row is the like
# for like one (docs/bench.md).
#
# ajv and js-yaml are those of lib.sh (bench_modules: BENCH_NODE_MODULES,
# or the pinned versions installed once into $BUILD/npm/bench). Without
# node (or npm, when an install is needed) the ajv half is skipped and
# says so. BENCH_SPECS sets the number of specs (default 10000).
set -u
BUILD=${BUILD:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/bench/lib.sh"
bin=$BUILD/bench/bench_schema
mcpc=$BUILD/mcpc
count=${BENCH_SPECS:-10000}
TARGET=2

if [ ! -x "$bin" ] || [ ! -x "$mcpc" ]; then
	echo "schema.sh: $bin or $mcpc is missing (run 'make bench')" >&2
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mcpc-bench-schema.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

echo "schema bench: load + validate against the shipped schemas" \
	"($(uname -m), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs)"
"$bin" generate "$tmp" "$count" || exit 1

# The generator promises schema-valid specs (not policy-clean ones: the
# rules and the matrix find plenty, see check.sh): hold it to that, with the
# CLI and the shipped spec schema.
"$mcpc" schema ModelDeployment >"$tmp/spec.schema.json" || exit 1
if ! "$mcpc" validate --schema "$tmp/spec.schema.json" --fail-on info \
	"$tmp/specs" "$tmp/large.mcp.yaml" >"$tmp/check.out" 2>&1; then
	echo "schema.sh: the generated specs break the spec schema:" >&2
	head -n 40 "$tmp/check.out" >&2
	exit 1
fi
echo "mcpc validate: all $count specs and the large one meet the spec schema"

"$bin" measure "$tmp" >"$tmp/mcpc.out" || {
	cat "$tmp/mcpc.out"
	exit 1
}
grep -v '^result ' "$tmp/mcpc.out"

# ---- the ajv half ----------------------------------------------------------

# The node side: the same files, the same passes, the same counts.
write_script() {
	cat >"$tmp/bench.js" <<'EOF'
// bench.js: written by tests/bench/schema.sh. ajv + js-yaml over the files
// bench_schema measured; prints "result ..." lines in bench_schema's format.
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv2020 = require("ajv/dist/2020");
const yaml = require("js-yaml");

const [schemaDir, dir, runs] = process.argv.slice(2);
const RUNS = Number(runs);
const read = (f) => JSON.parse(fs.readFileSync(path.join(schemaDir, f), "utf8"));
const dispatch = read("mcp.schema.json");

let t0 = process.hrtime.bigint();
// ajv's warnings (the "quantity" format it does not know) counted, not printed
const warned = [];
const ajv = new Ajv2020({ strict: false, logger: { log() {}, warn: (m) => warned.push(m), error: console.error } });
// every kind's schema, then the dispatcher that refers to them
// (the draft 2020-12 ones: values.schema.json is draft-07, for Helm)
for (const f of fs.readdirSync(schemaDir).sort()) {
	if (!f.endsWith(".schema.json") || f === "mcp.schema.json") continue;
	const sch = read(f);
	if (String(sch.$schema).includes("2020-12")) ajv.addSchema(sch);
}
ajv.addSchema(dispatch);
const validate = ajv.getSchema(dispatch.$id);
const compileSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`ajv   compiled the shipped schemas in ${(compileSeconds * 1e3).toFixed(2)} ms (once)` +
	(warned.length ? `; ${warned.length} warnings, the format "quantity" ignored` : ""));
console.log(`result ajv compile 0 0 0 0 ${compileSeconds.toFixed(6)} 0`);

function pass(files) {
	const t = { files: 0, docs: 0, valid: 0, bytes: 0, seconds: 0, validate: 0n, bad: null };
	const start = process.hrtime.bigint();
	for (const f of files) {
		const text = fs.readFileSync(f, "utf8");
		for (const doc of yaml.loadAll(text, null, { schema: yaml.CORE_SCHEMA })) {
			t.docs++;
			const tv = process.hrtime.bigint();
			const ok = validate(doc);
			t.validate += process.hrtime.bigint() - tv;
			if (ok) t.valid++;
			else if (!t.bad) t.bad = { file: f, errors: validate.errors };
		}
		t.files++;
	}
	t.seconds = Number(process.hrtime.bigint() - start) / 1e9;
	t.validate = Number(t.validate) / 1e9;
	for (const f of files) t.bytes += fs.statSync(f).size;
	return t;
}

function measure(files, workload) {
	let best = null;
	for (let i = 0; i < RUNS; i++) {
		const t = pass(files);
		if (t.valid !== t.docs || t.docs === 0) {
			console.error(`bench.js: ${workload}: ${t.valid} of ${t.docs} documents valid`);
			if (t.bad) console.error(t.bad.file, JSON.stringify(t.bad.errors, null, 1));
			process.exit(1);
		}
		if (!best || t.seconds < best.seconds) best = t;
	}
	console.log(`ajv   ${workload.padEnd(6)} ${best.files} files, ${best.docs} documents, ` +
		`${best.valid} valid, ${(best.bytes / 1e6).toFixed(2)} MB: ` +
		`${best.seconds.toFixed(3)} s, ${best.validate.toFixed(3)} s of it validating ` +
		`(best of ${RUNS})`);
	console.log(`result ajv ${workload} ${best.files} ${best.docs} ${best.valid} ` +
		`${best.bytes} ${best.seconds.toFixed(6)} ${best.validate.toFixed(6)}`);
}

const specs = path.join(dir, "specs");
const files = fs.readdirSync(specs).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()
	.map((f) => path.join(specs, f));
measure(files, "specs");
measure([path.join(dir, "large.mcp.yaml")], "large");
EOF
}

: >"$tmp/ajv.out"
ajv_note=""
if ! command -v node >/dev/null 2>&1; then
	ajv_note="node not found: the ajv half was skipped"
	echo "schema.sh: $ajv_note" >&2
elif ! modules=$(bench_modules 2>"$tmp/modules.err"); then
	ajv_note="the ajv half was skipped: $(cat "$tmp/modules.err")"
	echo "schema.sh: $ajv_note" >&2
else
	write_script
	ver() { node -p "require('$modules/$1/package.json').version" 2>/dev/null; }
	echo "ajv $(ver ajv), js-yaml $(ver js-yaml), node $(node --version)"
	if NODE_PATH="$modules" node "$tmp/bench.js" "$root/schema" "$tmp" 3 \
		>"$tmp/ajv.out"; then
		grep -v '^result ' "$tmp/ajv.out"
	else
		cat "$tmp/ajv.out"
		ajv_note="the ajv half failed (see above)"
		: >"$tmp/ajv.out"
	fi
fi

# ---- the table -------------------------------------------------------------

echo
cat "$tmp/mcpc.out" "$tmp/ajv.out" | awk -v target="$TARGET" -v count="$count" '
$1 == "result" {
	key = $2 SUBSEP $3
	files[key] = $4; docs[key] = $5; valid[key] = $6
	bytes[key] = $7; secs[key] = $8; vsecs[key] = $9; seen[key] = 1
}
function row(label, side, name,    k) {
	k = side SUBSEP name
	if (!seen[k]) {
		printf "  %-22s %-12s %s\n", label, side == "ajv" ? "ajv+js-yaml" : side, "(skipped)"
		return
	}
	printf "  %-22s %-12s %7d %7d %9.3f %11.1f %9.1f %10.3f\n", label,
		side == "ajv" ? "ajv+js-yaml" : side, docs[k], valid[k], secs[k],
		files[k] / secs[k], bytes[k] / 1e6 / secs[k], vsecs[k]
}
function ratio(label, name, what,    m, a, r) {
	m = "mcpc" SUBSEP name; a = "ajv" SUBSEP name
	if (!seen[m] || !seen[a]) {
		printf "  %-40s  n/a (one side missing)\n", label
		return
	}
	if (what == "specs")
		r = (files[m] / secs[m]) / (files[a] / secs[a])
	else
		r = (bytes[m] / secs[m]) / (bytes[a] / secs[a])
	printf "  %-40s %6.2fx  (target >= %dx)  %s\n", label, r, target,
		(r >= target ? "PASS" : "MISS")
}
END {
	m = "mcpc" SUBSEP "specs"; l = "mcpc" SUBSEP "large"
	printf "best of 3 passes; seconds = read + parse + validate (validate s: the\n"
	printf "validator alone), the schemas compiled once beforehand\n\n"
	printf "  %-22s %-12s %7s %7s %9s %11s %9s %10s\n", "workload", "validator",
		"docs", "valid", "seconds", "specs/s", "MB/s", "validate s"
	row(sprintf("%d specs (%.1f MB)", count, bytes[m] / 1e6), "mcpc", "specs")
	row("", "ajv", "specs")
	row(sprintf("1 spec (%.1f MB)", bytes[l] / 1e6), "mcpc", "large")
	row("", "ajv", "large")
	if (seen["mcpc" SUBSEP "compile"] && seen["ajv" SUBSEP "compile"])
		printf "\n  compile once: mcpc %.1f ms, ajv %.1f ms (not in the times above)\n",
			secs["mcpc" SUBSEP "compile"] * 1e3, secs["ajv" SUBSEP "compile"] * 1e3
	printf "\n"
	ratio("mcpc/ajv, " count " specs, specs/s:", "specs", "specs")
	ratio("mcpc/ajv, " count " specs, MB/s:", "specs", "bytes")
	ratio("mcpc/ajv, large spec, MB/s:", "large", "bytes")
}'
[ -n "$ajv_note" ] && echo "  note: $ajv_note"
exit 0
