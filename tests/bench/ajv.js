// ajv.js: the ajv half of the schema row of tests/bench/table.sh, the
// counterpart of `bench_schema validate`: the same schema file (what
// `mcpc schema ModelDeployment` prints), the same files (every *.mcp.yaml
// under DIR, sorted), the same work in one process, less its start.
//
//   node ajv.js NODE_MODULES SCHEMA DIR PASSES QUANTITY_JS
//
// The schema is compiled once (timed apart) by ajv 8's draft 2020-12 class
// with allErrors (mcpc collects every error too) and strict mode, with
// mcpc's own "quantity" format (tests/ajv/quantity.js, a port of mcpc's
// check): mcpc asserts that format always and no other, as `mcpc validate`
// does without --strict-formats. Then, each pass: every file read, parsed
// by js-yaml's loadAll with the core schema (YAML 1.2, as mcpc reads it)
// and each document validated, its errors counted. Best of PASSES; CPU is
// the best pass's CPU time (node's own threads, the collector's, included).
//   result ajv-validate FILES DOCS VALID BYTES SECONDS VALIDATE ERRORS COMPILE CPU
"use strict";

const fs = require("fs");
const path = require("path");

const [modules, schemaFile, dir, passesArg, quantityFile] = process.argv.slice(2);
const need = (name) => require(path.resolve(modules, name));
const Ajv2020 = need("ajv/dist/2020");
const yaml = need("js-yaml");
const quantity = require(path.resolve(quantityFile));
const passes = Math.max(1, Number(passesArg) || 1);

// every *.mcp.yaml under dir, as lint and bench_schema find them
function walk(d, out) {
	for (const e of fs.readdirSync(d, { withFileTypes: true })) {
		if (e.name.startsWith(".")) continue;
		const p = path.join(d, e.name);
		if (e.isDirectory()) walk(p, out);
		else if (e.name.endsWith(".mcp.yaml")) out.push(p);
	}
	return out;
}
const files = walk(dir, []).sort();
if (!files.length) {
	console.error(`ajv.js: no specs in ${dir}`);
	process.exit(1);
}

let t0 = process.hrtime.bigint();
const warnings = [];
const ajv = new Ajv2020({
	allErrors: true,
	strict: true,
	logger: { log() {}, warn: (...a) => warnings.push(a.join(" ")), error: (...a) => warnings.push(a.join(" ")) },
});
ajv.addFormat("quantity", quantity);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));
const compile = Number(process.hrtime.bigint() - t0) / 1e9;
if (warnings.length) {
	console.error(`ajv.js: ajv warned while compiling ${schemaFile}:\n${warnings.join("\n")}`);
	process.exit(1);
}

function pass() {
	const t = { files: 0, docs: 0, valid: 0, errors: 0, bytes: 0, seconds: 0, validate: 0n, cpu: 0 };
	const cpu0 = process.cpuUsage();
	const start = process.hrtime.bigint();
	for (const f of files) {
		const text = fs.readFileSync(f, "utf8");
		for (const doc of yaml.loadAll(text, null, { schema: yaml.CORE_SCHEMA })) {
			t.docs++;
			const tv = process.hrtime.bigint();
			const ok = validate(doc);
			t.validate += process.hrtime.bigint() - tv;
			if (ok) t.valid++;
			else t.errors += validate.errors.length;
		}
		t.files++;
	}
	t.seconds = Number(process.hrtime.bigint() - start) / 1e9;
	const cpu = process.cpuUsage(cpu0);
	t.cpu = (cpu.user + cpu.system) / 1e6;
	t.validate = Number(t.validate) / 1e9;
	return t;
}

let best = null;
for (let i = 0; i < passes; i++) {
	const t = pass();
	if (!best || t.seconds < best.seconds) best = t;
}
for (const f of files) best.bytes += fs.statSync(f).size;
console.log(`  ajv + js-yaml, in process: ${best.files} files, ${best.docs} documents, ` +
	`${best.valid} valid, ${best.errors} errors, ${(best.bytes / 1e6).toFixed(2)} MB: ` +
	`${best.seconds.toFixed(3)} s (${best.validate.toFixed(3)} s validating), best of ` +
	`${passes}; schema compiled once in ${(compile * 1e3).toFixed(1)} ms`);
console.log(`result ajv-validate ${best.files} ${best.docs} ${best.valid} ${best.bytes} ` +
	`${best.seconds.toFixed(6)} ${best.validate.toFixed(6)} ${best.errors} ${compile.toFixed(6)} ` +
	`${best.cpu.toFixed(6)}`);
