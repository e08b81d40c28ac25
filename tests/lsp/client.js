// client.js: the editor half of tests/lsp.sh. Starts yaml-language-server
// over stdio, maps YAML files to a schema through yaml.schemas (as an
// editor's settings do), opens documents, and prints what the server
// answers, one line each, for the suite to check:
//
//   node client.js SERVER SCHEMA PATTERN TIMEOUT-MS STEP...
//
// SERVER is the server's script (node runs it with --stdio); SCHEMA a
// schema file, given to the server as a file:// URI; PATTERN the glob of
// yaml.schemas the schema is for. Each STEP is one of:
//   open:FILE               didOpen FILE, then wait for its diagnostics:
//                           "diagnostic FILE L:C-L:C SEVERITY MESSAGE" each,
//                           then "diagnostics FILE N"
//   complete:FILE:LINE:COL  "completion FILE:LINE:COL LABEL" for each item
//   hover:FILE:LINE:COL     "hover FILE:LINE:COL TEXT" (on one line)
// Lines and columns are 1-based, as editors show them (LSP's are 0-based).
// Past TIMEOUT-MS in all, or when the server dies, it prints
// "error MESSAGE", stops the server and exits 1: never a hang.
"use strict";

const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");

const [server, schema, pattern, timeoutMs, ...steps] = process.argv.slice(2);
const uriOf = (f) => pathToFileURL(path.resolve(f)).href;
const oneLine = (s) => String(s).replace(/\s+/g, " ").trim();

const settings = {
	yaml: {
		validate: true,
		completion: true,
		hover: true,
		schemas: { [uriOf(schema)]: [pattern] },
		// offline: no catalog and no CRD store to download
		schemaStore: { enable: false },
		kubernetesCRDStore: { enable: false },
	},
	http: { proxy: "", proxyStrictSSL: false },
	"[yaml]": { "editor.tabSize": 2 },
	editor: { tabSize: 2 },
};

const child = spawn(process.execPath, [server, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
let stderr = "";
child.stderr.on("data", (d) => { stderr += d; });

function fail(message) {
	console.log(`error ${oneLine(message)}${stderr ? " (server: " + oneLine(stderr).slice(0, 300) + ")" : ""}`);
	child.kill("SIGKILL");
	process.exit(1);
}
const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms (${waitingFor})`), Number(timeoutMs));
let waitingFor = "the server to start";
child.on("exit", (code, signal) => { if (!done) fail(`the server exited (${code ?? signal}) while waiting for ${waitingFor}`); });
let done = false;

// ---- JSON-RPC over stdio, framed by Content-Length ----
function send(msg) {
	const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...msg }), "utf8");
	child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
	child.stdin.write(body);
}
let nextId = 1;
const pending = new Map();
function request(method, params) {
	const id = nextId++;
	send({ id, method, params });
	return new Promise((resolve, reject) => pending.set(id, { resolve, reject, method }));
}
const notify = (method, params) => send({ method, params });

// diagnostics: uri -> list, and who waits for them
const diagnostics = new Map();
const diagWaiters = new Map();
function onMessage(msg) {
	if (msg.id !== undefined && msg.method === undefined) {
		const p = pending.get(msg.id);
		if (!p) return;
		pending.delete(msg.id);
		if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
		else p.resolve(msg.result);
	} else if (msg.id !== undefined) {
		// a request from the server: answer what an editor answers
		let result = null;
		if (msg.method === "workspace/configuration")
			result = msg.params.items.map((it) => (it.section ? settings[it.section] ?? null : settings));
		send({ id: msg.id, result });
	} else if (msg.method === "textDocument/publishDiagnostics") {
		diagnostics.set(msg.params.uri, msg.params.diagnostics);
		const w = diagWaiters.get(msg.params.uri);
		if (w) {
			diagWaiters.delete(msg.params.uri);
			w(msg.params.diagnostics);
		}
	}
}
let buf = Buffer.alloc(0);
child.stdout.on("data", (chunk) => {
	buf = Buffer.concat([buf, chunk]);
	for (;;) {
		const head = buf.indexOf("\r\n\r\n");
		if (head < 0) return;
		const m = /Content-Length: *([0-9]+)/i.exec(buf.slice(0, head).toString("ascii"));
		if (!m) fail("a message without Content-Length");
		const len = Number(m[1]);
		if (buf.length < head + 4 + len) return;
		const body = buf.slice(head + 4, head + 4 + len).toString("utf8");
		buf = buf.slice(head + 4 + len);
		onMessage(JSON.parse(body));
	}
});

const at = (d) => `${d.line + 1}:${d.character + 1}`;
const SEVERITY = { 1: "error", 2: "warning", 3: "information", 4: "hint" };
function hoverText(contents) {
	if (!contents) return "";
	if (typeof contents === "string") return contents;
	if (Array.isArray(contents)) return contents.map(hoverText).join(" ");
	return contents.value || "";
}
// FILE:LINE:COL -> [file, LSP position]
function place(arg) {
	const m = /^(.*):([0-9]+):([0-9]+)$/.exec(arg);
	if (!m) fail(`not FILE:LINE:COL: ${arg}`);
	return [m[1], { line: Number(m[2]) - 1, character: Number(m[3]) - 1 }];
}

async function main() {
	await request("initialize", {
		processId: process.pid,
		rootUri: null,
		capabilities: {
			workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
			textDocument: {
				publishDiagnostics: {},
				completion: { completionItem: { snippetSupport: false } },
				hover: { contentFormat: ["plaintext", "markdown"] },
			},
		},
		initializationOptions: {},
	});
	notify("initialized", {});
	notify("workspace/didChangeConfiguration", { settings });
	let version = 0;
	for (const step of steps) {
		const kind = step.slice(0, step.indexOf(":"));
		const arg = step.slice(kind.length + 1);
		if (kind === "open") {
			const uri = uriOf(arg);
			waitingFor = `the diagnostics of ${arg}`;
			const got = new Promise((resolve) => diagWaiters.set(uri, resolve));
			notify("textDocument/didOpen", {
				textDocument: { uri, languageId: "yaml", version: ++version, text: fs.readFileSync(arg, "utf8") },
			});
			const list = await got;
			for (const d of list)
				console.log(`diagnostic ${arg} ${at(d.range.start)}-${at(d.range.end)} ${SEVERITY[d.severity] || d.severity} ${oneLine(d.message)}`);
			console.log(`diagnostics ${arg} ${list.length}`);
		} else if (kind === "complete") {
			const [file, position] = place(arg);
			waitingFor = `completion at ${arg}`;
			const r = await request("textDocument/completion", { textDocument: { uri: uriOf(file) }, position });
			for (const item of Array.isArray(r) ? r : (r && r.items) || []) console.log(`completion ${arg} ${item.label}`);
		} else if (kind === "hover") {
			const [file, position] = place(arg);
			waitingFor = `hover at ${arg}`;
			const r = await request("textDocument/hover", { textDocument: { uri: uriOf(file) }, position });
			console.log(`hover ${arg} ${oneLine(hoverText(r && r.contents))}`);
		} else {
			fail(`unknown step ${step}`);
		}
	}
	waitingFor = "shutdown";
	await request("shutdown", null);
	done = true;
	notify("exit", null);
	clearTimeout(timer);
	setTimeout(() => child.kill("SIGKILL"), 2000).unref();
}
main().catch((e) => fail(e.message));
