/*
 * render_sarif.c: findings as SARIF 2.1.0, for code-scanning services,
 * held to GitHub's ingestion rules and the SARIF Multitool's (tests/
 * sarif.sh). One run: the tool (its home, and a reporting descriptor for
 * every rule that has a finding: title, description, help as text and
 * Markdown, the address of its page, default level, category), the base
 * %SRCROOT% that relative paths stand on, one result per finding that has
 * a file (its percent-encoded URI, line and column from 1, line 1 for a
 * finding about a whole file; a partial fingerprint, xxh3 of rule, file,
 * JSON Pointer and message, so a finding keeps its identity when lines
 * move; for a waived finding, an external suppression with the waiver's
 * text), and the invocation: exit status, and each finding about the run
 * itself (no file: a revision lint cannot read, a schema reference that
 * cannot be resolved) as a tool execution notification. The run's
 * properties hold the number of specs it checked ("specs") and, for
 * lint, the run's identity ("run": id, shard, shards) that merge-reports
 * checks shards by. Written straight into the buffer, in jansson's
 * JSON_INDENT(2) layout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "emit/emit_int.h"
#include "emit/render_stream.h"
#include "mcpc/mcpc.h"
#include "mcpc/secrets.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SRCROOT      "%SRCROOT%"
#define STDIN_NAME   "<stdin>" /* what the loader calls standard input */
#define STDIN_URI    "file:///dev/stdin"
/* GitHub code scanning keeps at most this many characters of a rule's
 * full description */
#define MAX_DESCRIPTION 1024

static const char *level(mcp_severity s)
{
	return s == MCP_SEV_ERROR     ? "error"
	       : s == MCP_SEV_WARNING ? "warning"
	                              : "note";
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

/*
 * A file name as a URI reference (RFC 3986): every byte but the
 * unreserved characters and '/' percent-encoded, so that any name (a
 * space, '#', '%', ':', bytes that are not UTF-8) stays one path. An
 * absolute path becomes a file:// URI; a relative one stays relative and
 * stands on %SRCROOT% (*relative set). Standard input is STDIN_URI.
 */
static void file_uri(mcp_buf *out, const char *file, int *relative)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)file;

	mcp_buf_clear(out);
	*relative = 0;
	if (strcmp(file, STDIN_NAME) == 0) {
		mcp_buf_puts(out, STDIN_URI);
		return;
	}
	if (*p == '/')
		mcp_buf_puts(out, "file://");
	else
		*relative = 1;
	for (; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			mcp_buf_putc(out, (char)*p);
		} else {
			char pct[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			mcp_buf_put(out, pct, 3);
		}
	}
}

/*
 * s, or when it is longer than MAX_DESCRIPTION characters, the sentences
 * (else the words) of it that fit, then " ...". s is UTF-8.
 */
static void cut(mcp_buf *out, const char *s)
{
	size_t i, chars = 0, sentence = 0, word = 0;

	mcp_buf_clear(out);
	for (i = 0; s[i]; i++)
		chars += ((unsigned char)s[i] & 0xC0) != 0x80;
	if (chars <= MAX_DESCRIPTION) {
		mcp_buf_puts(out, s);
		return;
	}
	for (i = 0, chars = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		if (chars == MAX_DESCRIPTION - 4)
			break; /* room for " ..." */
		chars++;
		if (s[i] == ' ') {
			word = i;
			if (i && s[i - 1] == '.')
				sentence = i;
		}
	}
	mcp_buf_put(out, s, sentence ? sentence : word ? word : i);
	mcp_buf_puts(out, " ...");
}

/* No report echoes a credential, not even in a rule's help: its
 * examples may hold what the run found in a spec. */
static void masked(const mcp_diag *d, mcp_buf *b)
{
	if (b->ptr)
		mcp_diag_mask(d, b->ptr, b->len);
}

/*
 * The rule's reporting descriptor: what mcpc knows of it (a rule of the
 * packs, or one of its own), else what the finding says. GitHub needs a
 * full description and help for every rule.
 */
static void descriptor(em_json *w, const mcp_diag *d, const mcp_finding *f,
                       const struct mcp_rules *rules, mcp_buf *scratch)
{
	mcp_rule_info ri;
	mcp_severity sev = f->severity;
	char name[128];
	int known = mcp_rule_describe(rules, f->rule, &ri) == 0;

	if (known)
		sev = ri.severity;
	rule_name(f->rule, name);
	em_json_open(w, NULL, '{');
	em_json_string(w, "id", f->rule);
	em_json_string(w, "name", name);
	text(w, "shortDescription", known ? ri.title : f->rule);
	mcp_buf_clear(scratch);
	if (known && ri.description)
		cut(scratch, ri.description);
	else
		mcp_buf_printf(scratch, "%s: %s", f->rule,
		               known ? ri.title : "a rule mcpc does not know");
	masked(d, scratch);
	text(w, "fullDescription", scratch->ptr);
	em_json_open(w, "help", '{');
	mcp_buf_clear(scratch);
	if (known)
		mcp_rule_help(scratch, &ri, 0);
	else
		mcp_buf_printf(scratch,
		               "mcpc explain %s says more, where "
		               "the rule's pack is loaded.",
		               f->rule);
	masked(d, scratch);
	em_json_string(w, "text", scratch->ptr);
	if (known) {
		mcp_buf_clear(scratch);
		mcp_rule_help(scratch, &ri, 1);
		masked(d, scratch);
		em_json_string(w, "markdown", scratch->ptr);
	}
	em_json_close(w);
	mcp_buf_clear(scratch);
	if (known && ri.bundled)
		mcp_rule_page_url(scratch, f->rule);
	else if (known && ri.docs)
		mcp_buf_puts(scratch, ri.docs);
	if (scratch->len)
		em_json_string(w, "helpUri", scratch->ptr);
	em_json_open(w, "defaultConfiguration", '{');
	em_json_string(w, "level", level(sev));
	em_json_close(w);
	if (known && ri.category) {
		em_json_open(w, "properties", '{');
		em_json_open(w, "tags", '[');
		em_json_string(w, NULL, ri.category);
		em_json_close(w);
		em_json_close(w);
	}
	em_json_close(w);
}

/* The finding's result (it has a file); uri is scratch space. */
static void result(em_json *w, const mcp_finding *f, size_t rule_index,
                   mcp_buf *uri)
{
	char fp[40];
	int relative;

	em_json_open(w, NULL, '{');
	em_json_string(w, "ruleId", f->rule);
	em_json_int(w, "ruleIndex", (long long)rule_index);
	em_json_string(w, "level", level(f->severity));
	text(w, "message", f->message);
	em_json_open(w, "locations", '[');
	em_json_open(w, NULL, '{');
	em_json_open(w, "physicalLocation", '{');
	em_json_open(w, "artifactLocation", '{');
	file_uri(uri, f->loc.file, &relative);
	em_json_string(w, "uri", uri->ptr);
	if (relative)
		em_json_string(w, "uriBaseId", SRCROOT);
	em_json_close(w);
	/* a finding about a whole file (it cannot be read, it names
	 * nothing) stands at its first line */
	em_json_open(w, "region", '{');
	em_json_int(w, "startLine", f->loc.line ? f->loc.line : 1);
	em_json_int(w, "startColumn", f->loc.column ? f->loc.column : 1);
	em_json_close(w);
	em_json_close(w);
	em_json_close(w);
	em_json_close(w);
	mcp_buf_clear(uri);
	mcp_buf_printf(uri, "%s\n%s\n%s\n%s", f->rule, f->loc.file,
	               f->pointer ? f->pointer : "",
	               f->message ? f->message : "");
	snprintf(fp, sizeof(fp), "%016llx",
	         (unsigned long long)XXH3_64bits(uri->ptr, uri->len));
	em_json_open(w, "partialFingerprints", '{');
	em_json_string(w, "mcpc/v1", fp);
	em_json_close(w);
	if (f->waiver) {
		em_json_open(w, "suppressions", '[');
		em_json_open(w, NULL, '{');
		em_json_string(w, "kind", "external");
		em_json_string(w, "justification", f->waiver);
		em_json_close(w);
		em_json_close(w);
	}
	em_json_close(w);
}

/* A finding about the run itself, which no file holds. */
static void notification(em_json *w, const mcp_finding *f, size_t rule_index)
{
	em_json_open(w, NULL, '{');
	em_json_string(w, "level", level(f->severity));
	text(w, "message", f->message);
	em_json_open(w, "associatedRule", '{');
	em_json_string(w, "id", f->rule);
	em_json_int(w, "index", (long long)rule_index);
	em_json_close(w);
	em_json_close(w);
}

static int has_file(const mcp_finding *f)
{
	return f->loc.file && *f->loc.file;
}

/* The index of a finding's rule among the rules the report lists (the
 * first pass found each rule's first finding, in order). */
static size_t rule_index(const em_totals *t, const mcp_finding *f)
{
	size_t k, n = mcp_diag_count(t->first);

	for (k = 0; k < n; k++)
		if (strcmp(mcp_diag_get(t->first, k)->rule, f->rule) == 0)
			break;
	return k;
}

int em_stream_sarif(mcp_buf *out, em_source *src, const em_totals *t,
                    const mcp_render_opts *opts)
{
	const mcp_finding *v;
	size_t i, k, n, count = mcp_diag_count(t->first);
	size_t run_level = mcp_diag_count(t->run);
	mcp_buf scratch;
	em_json w;
	int failed = t->run_failed, rc;

	mcp_buf_init(&scratch);
	/* a report kept whole: room for it at once (a result takes some
	 * 900 bytes), up to 64 MiB, as growing a large buffer copies it */
	n = t->findings;
	if (!src->flush)
		mcp_buf_grow(out, n < ((size_t)64 << 20) / 960
		                      ? n * 960 + 4096
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
	em_json_string(&w, "informationUri", mcp_home_url());
	em_json_open(&w, "rules", '[');
	for (k = 0; k < count && !out->oom; k++)
		descriptor(&w, src->d, mcp_diag_get(t->first, k), opts->rules,
		           &scratch);
	em_json_close(&w);
	em_json_close(&w);
	em_json_close(&w);
	/* where relative paths stand; its absolute URI is left out (SARIF
	 * 3.14.14 allows it) so that the report is the same on every
	 * machine, and code scanning reads them from the repository's top */
	em_json_open(&w, "originalUriBaseIds", '{');
	em_json_open(&w, SRCROOT, '{');
	text(&w, "description",
	     opts->run_id ? "The top of the git work tree mcpc lint read."
	                  : "The folder mcpc ran in: relative paths are as "
	                    "given on its command line.");
	em_json_close(&w);
	em_json_close(&w);
	em_json_open(&w, "results", '[');
	while ((rc = src->next(src, &v, &n)) == 0 && n && !out->oom) {
		for (i = 0; i < n; i++) {
			const mcp_finding *f = &v[i];
			if (em_shown(f, opts) && has_file(f))
				result(&w, f, rule_index(t, f), &scratch);
		}
		if (src->flush && (rc = src->flush(src, out)) != 0)
			break;
	}
	if (rc != 0) {
		mcp_buf_free(&scratch);
		return rc;
	}
	em_json_close(&w);
	em_json_open(&w, "invocations", '[');
	em_json_open(&w, NULL, '{');
	em_json_bool(&w, "executionSuccessful", opts->exit_code < 2 && !failed);
	em_json_int(&w, "exitCode", opts->exit_code);
	if (run_level) {
		em_json_open(&w, "toolExecutionNotifications", '[');
		for (i = 0; i < run_level && !out->oom; i++) {
			const mcp_finding *f = mcp_diag_get(t->run, i);
			notification(&w, f, rule_index(t, f));
		}
		em_json_close(&w);
	}
	em_json_close(&w);
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
	failed = out->oom || scratch.oom;
	mcp_buf_free(&scratch);
	return failed ? MCP_ENOMEM : 0;
}

static int render(mcp_buf *out, const mcp_diag *d, const mcp_render_opts *opts)
{
	return em_render_list(out, d, opts, em_stream_sarif);
}

const mcp_renderer mcp_render_sarif = {"sarif", render};

static int hex_value(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	                              : -1;
}

char *mcp_sarif_file(const char *uri)
{
	char *out, *o;

	if (!uri)
		return NULL;
	if (strcmp(uri, STDIN_URI) == 0)
		return strdup(STDIN_NAME);
	if (strncmp(uri, "file://", 7) == 0)
		uri += 7;
	if (!(o = out = malloc(strlen(uri) + 1)))
		return NULL;
	while (*uri) {
		if (uri[0] == '%' && hex_value(uri[1]) >= 0 &&
		    hex_value(uri[2]) >= 0) {
			*o++ =
			    (char)(hex_value(uri[1]) * 16 + hex_value(uri[2]));
			uri += 3;
		} else {
			*o++ = *uri++;
		}
	}
	*o = '\0';
	return out;
}
