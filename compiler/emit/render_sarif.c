/*
 * render_sarif.c: findings as SARIF 2.1.0, for code-scanning services. One
 * run: the tool with every rule that has a finding (id, name, short and
 * full description, help, default level), the invocation with its exit
 * status, and one result per finding with its physical location (the path
 * as given, relative; line and column from 1), a partial fingerprint (xxh3
 * of rule, file, JSON Pointer and message, so a finding keeps its identity
 * when lines move) and, for a waived finding, an external suppression
 * with the waiver's text.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "emit/emit_int.h"
#include "mcpc/mcpc.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

static const char *level(mcp_severity s)
{
	return s == MCP_SEV_ERROR     ? "error"
	       : s == MCP_SEV_WARNING ? "warning"
	                              : "note";
}

/* {"text": s}; bytes that are not UTF-8 become '?'. */
static json_t *text(const char *s)
{
	json_t *v = em_string(s ? s : "");
	return v ? json_pack("{s:o}", "text", v) : NULL;
}

/* "MCP-IMG-001" -> "McpImg001", SARIF's rule name form. */
static json_t *rule_name(const char *id)
{
	char buf[128];
	size_t n = 0;
	int up = 1;

	for (; *id && n + 1 < sizeof(buf); id++) {
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
	return json_string(buf);
}

/* The rule's reporting descriptor, from the rules when they know it. */
static json_t *descriptor(const char *id, mcp_severity sev,
                          const struct mcp_rules *rules)
{
	size_t k = rules ? mcp_rules_find(rules, id) : (size_t)-1;
	mcp_rule_info ri;
	json_t *d;

	memset(&ri, 0, sizeof(ri));
	if (k != (size_t)-1) {
		mcp_rules_info(rules, k, &ri);
		sev = ri.severity;
	}
	d = json_pack("{s:s, s:o}", "id", id, "name", rule_name(id));
	if (!d)
		return NULL;
	json_object_set_new(d, "shortDescription",
	                    text(ri.title ? ri.title : id));
	if (ri.description)
		json_object_set_new(d, "fullDescription", text(ri.description));
	if (ri.fix)
		json_object_set_new(d, "help", text(ri.fix));
	if (ri.docs)
		json_object_set_new(d, "helpUri", json_string(ri.docs));
	json_object_set_new(d, "defaultConfiguration",
	                    json_pack("{s:s}", "level", level(sev)));
	return d;
}

static json_t *result(const mcp_finding *f, size_t rule_index)
{
	json_t *r = json_pack("{s:s, s:I, s:s, s:o}", "ruleId", f->rule,
	                      "ruleIndex", (json_int_t)rule_index, "level",
	                      level(f->severity), "message", text(f->message));
	char fp[40], *key;
	size_t n;

	if (!r)
		return NULL;
	if (f->loc.file) {
		json_t *phys = json_pack("{s:{s:s}}", "artifactLocation", "uri",
		                         f->loc.file);
		if (phys && f->loc.line)
			json_object_set_new(
			    phys, "region",
			    json_pack("{s:I, s:I}", "startLine",
			              (json_int_t)f->loc.line, "startColumn",
			              (json_int_t)(f->loc.column ? f->loc.column
			                                         : 1)));
		json_object_set_new(
		    r, "locations",
		    json_pack("[{s:o}]", "physicalLocation", phys));
	}
	n = strlen(f->rule) + strlen(f->loc.file ? f->loc.file : "") +
	    strlen(f->pointer ? f->pointer : "") + strlen(f->message) + 4;
	if ((key = malloc(n)) != NULL) {
		snprintf(key, n, "%s\n%s\n%s\n%s", f->rule,
		         f->loc.file ? f->loc.file : "",
		         f->pointer ? f->pointer : "", f->message);
		snprintf(fp, sizeof(fp), "%016llx",
		         (unsigned long long)XXH3_64bits(key, strlen(key)));
		free(key);
		json_object_set_new(r, "partialFingerprints",
		                    json_pack("{s:s}", "mcpc/v1", fp));
	}
	if (f->waiver)
		json_object_set_new(r, "suppressions",
		                    json_pack("[{s:s, s:s}]", "kind",
		                              "external", "justification",
		                              f->waiver));
	return r;
}

static int render(mcp_buf *out, const mcp_diag *d, const mcp_render_opts *opts)
{
	json_t *rules = json_array(), *results = json_array(), *root;
	size_t i, k, n = mcp_diag_count(d);
	char *dump;
	int rc = 0;

	for (i = 0; rules && results && i < n; i++) {
		const mcp_finding *f = mcp_diag_get(d, i);
		if (opts->quiet && (f->severity != MCP_SEV_ERROR || f->waiver))
			continue;
		for (k = 0; k < json_array_size(rules); k++)
			if (strcmp(json_string_value(json_object_get(
			               json_array_get(rules, k), "id")),
			           f->rule) == 0)
				break;
		if (k == json_array_size(rules))
			json_array_append_new(
			    rules,
			    descriptor(f->rule, f->severity, opts->rules));
		json_array_append_new(results, result(f, k));
	}
	root = json_pack(
	    "{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:o}}, s:[{s:b, s:i}], s:o}]}",
	    "$schema", SARIF_SCHEMA, "version", "2.1.0", "runs", "tool",
	    "driver", "name", "mcpc", "version", mcp_version(),
	    "semanticVersion", mcp_version(), "rules", rules, "invocations",
	    "executionSuccessful", opts->exit_code < 2, "exitCode",
	    opts->exit_code, "results", results);
	dump = root ? json_dumps(root, JSON_INDENT(2)) : NULL;
	if (!dump || mcp_buf_puts(out, dump) < 0 || mcp_buf_putc(out, '\n') < 0)
		rc = MCP_ENOMEM;
	free(dump);
	json_decref(root);
	return rc;
}

const mcp_renderer mcp_render_sarif = {"sarif", render};
