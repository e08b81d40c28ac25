// check.js: the ajv half of tests/ajv.sh. Every schema mcpc publishes
// compiled by ajv in strict mode, and the verdict of ajv on each file
// the suite lists, for the suite to compare with mcpc's.
//
//   node check.js NODE_MODULES LIST
//
// LIST has one task a line, fields separated by tabs:
//   compile  FILE [REF...]   compile FILE; each REF is a schema FILE refers
//                            to by its $id, added first (nothing else is)
//   validate SCHEMA DATA     validate every document of DATA (YAML read by
//                            js-yaml with its core schema, which resolves
//                            scalars as YAML 1.2 does; JSON is YAML too)
//   part     DATA KEY OUT    write DATA's member KEY to OUT as JSON (the
//                            halves of mcpc build's report.json)
//   examples FILE            every examples entry and default of FILE
//                            against the subschema it stands in (the REFs
//                            of FILE's compile task added first)
//   mcpc     REPORT DATA     mcpc's verdict on DATA, read from REPORT (what
//                            mcpc validate --format json printed): a fatal
//                            finding about it, unreadable; an error,
//                            invalid; else valid
// and it prints one line a task:
//   compile FILE ok | compile FILE error MESSAGE
//   valid DATA | invalid DATA MESSAGE POINTER-KEYWORD | unreadable DATA MESSAGE
//   (POINTER-KEYWORD: the first error as "POINTER KEYWORD", the form of
//   the fixtures' "# expect:" lines)
//   example FILE POINTER KEY VALUE (one that fails), then examples FILE done
//   part DATA KEY ok | part DATA KEY error MESSAGE
//   mcpc DATA valid | mcpc DATA invalid MESSAGE | mcpc DATA unreadable MESSAGE
//
// The options are exactly { strict: true } (and a logger that turns
// ajv's warnings into errors): every strict restriction at its strictest,
// no union types, no strictTypes or strictRequired relaxed. The draft
// 2020-12 schemas get ajv/dist/2020, the draft-07 one (values.schema.json,
// for Helm) ajv's draft-07 class. Formats: ajv-formats, and mcpc's own
// "quantity" (quantity.js).
"use strict";

const fs = require("fs");
const path = require("path");

const [modules, list] = process.argv.slice(2);
const need = (name) => require(path.resolve(modules, name));
const Ajv2020 = need("ajv/dist/2020");
const Ajv07 = need("ajv");
const addFormats = need("ajv-formats");
const yaml = need("js-yaml");
const quantity = require("./quantity.js");

const readJSON = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
const oneLine = (s) => String(s).replace(/\s+/g, " ").trim();

// A fresh ajv for a schema: the class its $schema names, strict, with
// every format the schemas use. Warnings are errors: strict mode logs
// nothing that a schema mcpc publishes may leave for a user to see.
function makeAjv(schema, warnings) {
	const logger = {
		log() {},
		warn(...a) { warnings.push(a.join(" ")); },
		error(...a) { warnings.push(a.join(" ")); },
	};
	const draft07 = /draft-07/.test(String(schema.$schema));
	const ajv = draft07 ? new Ajv07({ strict: true, logger })
		: new Ajv2020({ strict: true, logger });
	addFormats(ajv);
	ajv.addFormat("quantity", quantity);
	return ajv;
}

// file -> { validate } or { error }, each schema compiled once.
const compiled = new Map();
function compile(file, refs) {
	if (compiled.has(file)) return compiled.get(file);
	let result;
	try {
		const schema = readJSON(file);
		const warnings = [];
		const ajv = makeAjv(schema, warnings);
		for (const r of refs) {
			const s = readJSON(r);
			if (s.$id !== schema.$id) ajv.addSchema(s);
		}
		const validate = ajv.compile(schema);
		result = warnings.length ? { error: "warning: " + warnings.join("; ") } : { validate };
	} catch (e) {
		result = { error: e.message };
	}
	compiled.set(file, result);
	return result;
}

function documents(file) {
	const text = fs.readFileSync(file, "utf8");
	return yaml.loadAll(text, null, { schema: yaml.CORE_SCHEMA, filename: file });
}

function firstError(errors) {
	const e = errors[0];
	return `${e.instancePath || "/"} ${e.keyword}: ${e.message}`;
}

// The first error as the fixtures' "# expect:" lines name it: the pointer
// of the node at fault (for an unknown or badly named key, the key's own)
// and the keyword that failed.
function expected(errors) {
	const e = errors[0];
	const token = (k) => "/" + k.replace(/~/g, "~0").replace(/\//g, "~1");
	let pointer = e.instancePath, keyword = e.keyword;
	if (keyword === "additionalProperties") pointer += token(e.params.additionalProperty);
	if (keyword === "unevaluatedProperties") pointer += token(e.params.unevaluatedProperty);
	if (e.propertyName !== undefined) {
		pointer += token(e.propertyName);
		keyword = "propertyNames";
	}
	if (keyword === "false schema") keyword = "false";
	return `${pointer} ${keyword}`;
}

// mcpc's --format json report -> its findings, each report read once.
const reports = new Map();
function report(file) {
	if (!reports.has(file)) reports.set(file, readJSON(file).findings);
	return reports.get(file);
}

const out = [];
// the dispatcher and the kinds' schemas, for "validate" tasks that name them
const refsOf = new Map();
for (const line of fs.readFileSync(list, "utf8").split("\n")) {
	if (!line) continue;
	const [task, ...f] = line.split("\t");
	if (task === "compile") {
		refsOf.set(f[0], f.slice(1));
		const r = compile(f[0], f.slice(1));
		out.push(`compile\t${f[0]}\t${r.error ? "error\t" + oneLine(r.error) : "ok"}`);
	} else if (task === "validate") {
		const r = compile(f[0], refsOf.get(f[0]) || []);
		if (r.error) {
			out.push(`unreadable\t${f[1]}\tschema ${f[0]} does not compile`);
			continue;
		}
		let docs;
		try {
			docs = documents(f[1]);
		} catch (e) {
			out.push(`unreadable\t${f[1]}\t${oneLine(e.message)}`);
			continue;
		}
		const bad = docs.map((d, i) => (r.validate(d) ? null
			: [`document ${i + 1}: ${firstError(r.validate.errors)}`, expected(r.validate.errors)]))
			.filter((x) => x);
		out.push(bad.length ? `invalid\t${f[1]}\t${oneLine(bad[0][0])}\t${bad[0][1]}` : `valid\t${f[1]}`);
	} else if (task === "part") {
		try {
			const v = readJSON(f[0])[f[1]];
			if (v === undefined) throw new Error(`no member ${f[1]}`);
			fs.writeFileSync(f[2], JSON.stringify(v, null, 2) + "\n");
			out.push(`part\t${f[0]}\t${f[1]}\tok`);
		} catch (e) {
			out.push(`part\t${f[0]}\t${f[1]}\terror\t${oneLine(e.message)}`);
		}
	} else if (task === "examples") {
		// every examples entry and default against the subschema it
		// stands in, compiled in place (its references resolve as in
		// the whole schema)
		const schema = readJSON(f[0]);
		const ajv = makeAjv(schema, []);
		for (const r of refsOf.get(f[0]) || []) {
			const s = readJSON(r);
			if (s.$id !== schema.$id) ajv.addSchema(s);
		}
		ajv.addSchema(schema);
		const walk = (node, ptr) => {
			if (!node || typeof node !== "object") return;
			if (Array.isArray(node)) return node.forEach((x, i) => walk(x, `${ptr}/${i}`));
			const values = [];
			if (!ptr.endsWith("/properties")) {
				if (Array.isArray(node.examples)) values.push(...node.examples.map((v) => ["examples", v]));
				if ("default" in node) values.push(["default", node.default]);
			}
			if (values.length) {
				let v;
				try {
					v = ajv.getSchema(`${schema.$id}#${ptr}`);
				} catch (e) {
					out.push(`example\t${f[0]}\t${ptr}\tdoes not compile: ${oneLine(e.message)}`);
					return;
				}
				for (const [key, value] of values)
					if (!v(value)) out.push(`example\t${f[0]}\t${ptr}\t${key}\t${JSON.stringify(value)}`);
			}
			for (const [k, x] of Object.entries(node))
				if (!["examples", "default", "enum", "const"].includes(k))
					walk(x, `${ptr}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`);
		};
		walk(schema, "");
		out.push(`examples\t${f[0]}\tdone`);
	} else if (task === "mcpc") {
		const findings = report(f[0]).filter((x) => x.file === f[1]);
		const fatal = findings.find((x) => x.fatal);
		const error = findings.find((x) => x.severity === "error");
		const say = (x) => `\t${oneLine(x.message)}`;
		out.push(fatal ? `mcpc\t${f[1]}\tunreadable${say(fatal)}`
			: error ? `mcpc\t${f[1]}\tinvalid${say(error)}` : `mcpc\t${f[1]}\tvalid`);
	} else {
		out.push(`error\tunknown task '${task}'`);
	}
}
process.stdout.write(out.join("\n") + "\n");
