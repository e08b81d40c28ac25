/*
 * render_sarif.c: findings as SARIF 2.1.0, for code-scanning services. One
 * run: the tool with every rule that has a finding (id, name, short and
 * full description, help, default level), the invocation with its exit
 * status, and one result per finding with its physical location (the path
 * as given, relative; line and column from 1), a partial fingerprint (xxh3
 * of rule, file, JSON Pointer and message, so a finding keeps its identity
 * when lines move) and, for a waived finding, an external suppression
 * with the waiver's text. The run's properties hold the number of specs it
 * checked ("specs") and, for lint, the run's identity ("run": id, shard,
 * shards) that merge-reports checks shards by. Written straight into the
 * buffer, in jansson's
 * JSON_INDENT(2) layout: the bytes are those of the jansson tree this file
 * once built, down to what that tree left out (see utf8()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "emit/emit_int.h"
#include "mcpc/mcpc.h"
#include "support/utf8.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

static const char *level(mcp_severity s)
{
	return s == MCP_SEV_ERROR     ? "error"
	       : s == MCP_SEV_WARNING ? "warning"
	                              : "note";
}

/*
 * Whether s is UTF-8. Where the jansson tree took a string as it is (a
 * rule id, a file's URI, a waiver, a docs link), it refused one that is
 * not and left out what held it: keep the same output for such input.
 */
static int utf8(const char *s)
{
	return s[mcp_utf8_valid_prefix(s, strlen(s))] == '\0';
}

/* {"text": s}; bytes that are not UTF-8 become '?'. */
static void text(em_json *w, const char *key, const char *s)
{
	em_json_open(w, key, '{');
	em_json_string(w, "text", s ? s : "");
	em_json_close(w);
}

/* "MCP-IMG-001" -> "McpImg001", SARIF's rule name form (at most 127
 * bytes). */
static void rule_name(const char *id, char buf[128])
{
	size_t n = 0;
	int up = 1;

	for (; *id && n + 1 < 128; id++) {
		if (*id == '-') {
			up = 1;
			continue;
		}
		buf[n++] =
		    up ? *id
		       : (char)(*id >= 'A' && *id <= 'Z' ? *id + 32 : *id);
		up = 0;
	}
	buf[n] = '\0';
}

/* Whether a rule gets a descriptor: its id and its name (which the cut
 * may end inside a character) are UTF-8. */
static int describable(const char *id)
{
	char name[128];

	rule_name(id, name);
	return utf8(id) && utf8(name);
}

/* The rule's reporting descriptor, from the rules when they know it. */
static void descriptor(em_json *w, const char *id, mcp_severity sev,
                       const struct mcp_rules *rules)
{
	size_t k = rules ? mcp_rules_find(rules, id) : (size_t)-1;
	mcp_rule_info ri;
	char name[128];

	memset(&ri, 0, sizeof(ri));
	if (k != (size_t)-1) {
		mcp_rules_info(rules, k, &ri);
		sev = ri.severity;
	}
	rule_name(id, name);
	em_json_open(w, NULL, '{');
	em_json_string(w, "id", id);
	em_json_string(w, "name", name);
	text(w, "shortDescription", ri.title ? ri.title : id);
	if (ri.description)
		text(w, "fullDescription", ri.description);
	if (ri.fix)
		text(w, "help", ri.fix);
	if (ri.docs && utf8(ri.docs))
		em_json_string(w, "helpUri", ri.docs);
	em_json_open(w, "defaultConfiguration", '{');
	em_json_string(w, "level", level(sev));
	em_json_close(w);
	em_json_close(w);
}

/* The finding's result; key is scratch space for the fingerprint. */
static void result(em_json *w, const mcp_finding *f, size_t rule_index,
                   mcp_buf *key)
{
	char fp[40];

	em_json_open(w, NULL, '{');
	em_json_string(w, "ruleId", f->rule);
	em_json_int(w, "ruleIndex", (long long)rule_index);
	em_json_string(w, "level", level(f->severity));
	text(w, "message", f->message);
	if (f->loc.file && utf8(f->loc.file)) {
		em_json_open(w, "locations", '[');
		em_json_open(w, NULL, '{');
		em_json_open(w, "physicalLocation", '{');
		em_json_open(w, "artifactLocation", '{');
		em_json_string(w, "uri", f->loc.file);
		em_json_close(w);
		if (f->loc.line) {
			em_json_open(w, "region", '{');
			em_json_int(w, "startLine", f->loc.line);
			em_json_int(w, "startColumn",
			            f->loc.column ? f->loc.column : 1);
			em_json_close(w);
		}
		em_json_close(w);
		em_json_close(w);
		em_json_close(w);
	}
	mcp_buf_clear(key);
	mcp_buf_printf(
	    key, "%s\n%s\n%s\n%s", f->rule, f->loc.file ? f->loc.file : "",
	    f->pointer ? f->pointer : "", f->message ? f->message : "");
	snprintf(fp, sizeof(fp), "%016llx",
	         (unsigned long long)XXH3_64bits(key->ptr, key->len));
	em_json_open(w, "partialFingerprints", '{');
	em_json_string(w, "mcpc/v1", fp);
	em_json_close(w);
	if (f->waiver && utf8(f->waiver)) {
		em_json_open(w, "suppressions", '[');
		em_json_open(w, NULL, '{');
		em_json_string(w, "kind", "external");
		em_json_string(w, "justification", f->waiver);
		em_json_close(w);
		em_json_close(w);
	}
	em_json_close(w);
}

static int shown(const mcp_finding *f, const mcp_render_opts *opts)
{
	return !opts->quiet || (f->severity == MCP_SEV_ERROR && !f->waiver);
}

/*
 * The rules come before the results but are found while going through
 * them: a first pass lists each rule's first finding, in order, and the
 * index of every finding's rule (for a rule without a descriptor, the
 * number of rules listed so far, as the tree had it).
 */
static size_t list_rules(const mcp_diag *d, const mcp_render_opts *opts,
                         const mcp_finding **first, size_t *index)
{
	size_t i, k, count = 0, n = mcp_diag_count(d);

	for (i = 0; i < n; i++) {
		const mcp_finding *f = mcp_diag_get(d, i);
		if (!shown(f, opts))
			continue;
		for (k = 0; k < count; k++)
			if (first[k]->rule == f->rule ||
			    strcmp(first[k]->rule, f->rule) == 0)
				break;
		if (k == count && describable(f->rule))
			first[count++] = f;
		index[i] = k;
	}
	return count;
}

static int render(mcp_buf *out, const mcp_diag *d, const mcp_render_opts *opts)
{
	size_t i, k, count, n = mcp_diag_count(d);
	const mcp_finding **first = malloc((n ? n : 1) * sizeof(*first));
	size_t *index = malloc((n ? n : 1) * sizeof(*index));
	mcp_buf key;
	em_json w;

	if (!first || !index) {
		free(first);
		free(index);
		return MCP_ENOMEM;
	}
	count = list_rules(d, opts, first, index);
	mcp_buf_init(&key);
	/* room for the whole report at once (a result takes some 900
	 * bytes), up to 64 MiB: growing a large buffer copies it */
	mcp_buf_grow(out, n < ((size_t)64 << 20) / 960 ? n * 960 + 4096
	                                               : (size_t)64 << 20);
	em_json_init(&w, out);
	em_json_open(&w, NULL, '{');
	em_json_string(&w, "$schema", SARIF_SCHEMA);
	em_json_string(&w, "version", "2.1.0");
	em_json_open(&w, "runs", '[');
	em_json_open(&w, NULL, '{');
	em_json_open(&w, "tool", '{');
	em_json_open(&w, "driver", '{');
	em_json_string(&w, "name", "mcpc");
	em_json_string(&w, "version", mcp_version());
	em_json_string(&w, "semanticVersion", mcp_version());
	em_json_open(&w, "rules", '[');
	for (k = 0; k < count; k++)
		descriptor(&w, first[k]->rule, first[k]->severity, opts->rules);
	em_json_close(&w);
	em_json_close(&w);
	em_json_close(&w);
	em_json_open(&w, "invocations", '[');
	em_json_open(&w, NULL, '{');
	em_json_bool(&w, "executionSuccessful", opts->exit_code < 2);
	em_json_int(&w, "exitCode", opts->exit_code);
	em_json_close(&w);
	em_json_close(&w);
	em_json_open(&w, "results", '[');
	for (i = 0; i < n && !out->oom; i++) {
		const mcp_finding *f = mcp_diag_get(d, i);
		if (shown(f, opts) && utf8(f->rule))
			result(&w, f, index[i], &key);
	}
	em_json_close(&w);
	if (opts->has_specs || opts->run_id) {
		em_json_open(&w, "properties", '{');
		if (opts->has_specs)
			em_json_int(&w, "specs", opts->specs);
		em_json_run(&w, opts);
		em_json_close(&w);
	}
	em_json_close(&w);
	em_json_close(&w);
	em_json_close(&w);
	mcp_buf_putc(out, '\n');
	mcp_buf_free(&key);
	free(first);
	free(index);
	return out->oom || key.oom ? MCP_ENOMEM : 0;
}

const mcp_renderer mcp_render_sarif = {"sarif", render};
