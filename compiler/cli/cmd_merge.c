/*
 * cmd_merge.c: `mcpc merge-reports FILE...`: the JSON or SARIF reports of
 * `mcpc lint --shard I/N` runs combined into one, as if one run had linted
 * everything: findings (results) in that run's order, what several shards
 * say alike said once, an unused waiver only when every shard reports it,
 * the counts summed; SARIF rules in order of first use. The exit status,
 * and SARIF's exit code, are the ones that run would have had.
 *
 * Each report says which run it belongs to and which shard of how many it
 * is (JSON "run", SARIF runs[0].properties.run; see runid.c). Reports of
 * other runs, a shard given twice and a missing shard are refused (exit
 * status 2, no report): a merge that lost or doubled a shard's findings
 * would pass a gate it should fail.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "support/file.h"

static const char usage[] =
    "usage: mcpc merge-reports [--fail-on error|warning|info] FILE...\n"
    "\n"
    "Combine the JSON or SARIF reports of 'mcpc lint --shard I/N' runs (all\n"
    "of one format) into one report on standard output. '-' reads standard\n"
    "input: one report or several, one after the other.\n"
    "\n"
    "Every shard of the run must be given once: reports of another run, a\n"
    "shard given twice or a missing shard are refused.\n"
    "\n"
    "exit status: 0 nothing at or above --fail-on, 1 findings at or above\n"
    "it, 2 a fatal finding in a shard, an unreadable or foreign report, a\n"
    "shard missing or given twice, or bad usage\n";

/* One finding (JSON) or result (SARIF) of a shard, where it stands. */
typedef struct item {
	json_t *x;
	const char *file;
	char *uri_file; /* SARIF: the file its URI names, to sort by */
	json_int_t line, column;
	size_t shard, pos;
	int drop;
} item;

static int by_place(const void *a, const void *b)
{
	const item *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	if (x->shard != y->shard)
		return x->shard < y->shard ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The severity rank of a finding (JSON) or result (SARIF). */
static int rank(const char *s)
{
	if (!s)
		return -1;
	if (!strcmp(s, "error"))
		return MCP_SEV_ERROR;
	if (!strcmp(s, "warning"))
		return MCP_SEV_WARNING;
	return MCP_SEV_INFO; /* info, note */
}

/* Whether a finding says a waivers-file entry waived nothing: each shard
 * says so of the entries its own specs did not use, so it stands only when
 * every shard says it. */
static int unused_waiver(const char *rule, const char *message)
{
	return rule && message && strcmp(rule, "MCP-WAIVER-002") == 0 &&
	       strstr(message, " matched no finding");
}

static int same_place(const item *a, const item *b)
{
	return !strcmp(a->file, b->file) && a->line == b->line &&
	       a->column == b->column;
}

/* Whether a file may be a dependency manifest (or a requirements file one
 * includes): every spec that reads it reports its findings, so shards
 * saying the same of it are not repeating themselves. */
static int manifest_file(const char *file)
{
	const char *base = strrchr(file, '/');
	size_t n;

	base = base ? base + 1 : file;
	n = strlen(base);
	return !strcmp(base, "go.mod") || !strcmp(base, "package.json") ||
	       !strcmp(base, "package-lock.json") ||
	       !strcmp(base, "npm-shrinkwrap.json") ||
	       (n > 4 && (!strcmp(base + n - 4, ".txt") ||
	                  !strcmp(base + n - 3, ".in")));
}

/*
 * Sort the items as one run sorts its findings (file, line, column, then
 * order of arrival: shard by shard) and mark what one run would not have
 * said. Every shard reports what is wrong with the run itself or its
 * configuration (the project, rule packs, the waivers file): a finding
 * that all @p n shards give once each, about no file or a file that is no
 * dependency manifest, stands once. An unused entry of the waivers file
 * stands only when all shards report it.
 */
static void settle(item *v, size_t total, size_t n, int sarif)
{
	size_t i, j, k, m;

	if (total > 1)
		qsort(v, total, sizeof(*v), by_place);
	for (i = 0; i < total; i = j) {
		for (j = i + 1; j < total && same_place(&v[i], &v[j]); j++)
			;
		for (k = i; k < j; k++) { /* [i, j): one place */
			size_t copies = 1, shards = 1, prev = v[k].shard;
			json_t *msg;
			int unused;
			if (v[k].drop)
				continue;
			for (m = k + 1; m < j; m++) {
				if (!v[m].drop && json_equal(v[k].x, v[m].x)) {
					copies++;
					shards += v[m].shard != prev;
					prev = v[m].shard;
				}
			}
			msg = json_object_get(v[k].x, "message");
			unused = unused_waiver(
			    json_string_value(json_object_get(
			        v[k].x, sarif ? "ruleId" : "rule")),
			    json_string_value(
			        sarif ? json_object_get(msg, "text") : msg));
			if (unused && shards < n) {
				v[k].drop = 1; /* another shard used it */
			} else if (copies > 1 && copies == n && shards == n &&
			           (unused || !manifest_file(v[k].file))) {
				for (m = k + 1; m < j; m++)
					if (json_equal(v[k].x, v[m].x))
						v[m].drop = 1;
			}
			for (m = k + 1; v[k].drop && m < j; m++)
				if (json_equal(v[k].x, v[m].x))
					v[m].drop = 1;
			if (!v[k].drop)
				for (m = k + 1; m < j; m++)
					if (json_equal(v[k].x, v[m].x))
						v[m].drop |= 2; /* seen */
		}
	}
	for (i = 0; i < total; i++)
		v[i].drop &= 1;
}

/* Every finding (JSON) or result (SARIF) of every report, in place. */
static item *gather(json_t **in, size_t n, int sarif, size_t *total)
{
	size_t i, j, count = 0;
	item *v;

	for (i = 0; i < n; i++)
		count += json_array_size(
		    sarif
		        ? json_object_get(
		              json_array_get(json_object_get(in[i], "runs"), 0),
		              "results")
		        : json_object_get(in[i], "findings"));
	if (!(v = calloc(count ? count : 1, sizeof(*v))))
		return NULL;
	*total = 0;
	for (i = 0; i < n; i++) {
		json_t *list =
		    sarif
		        ? json_object_get(
		              json_array_get(json_object_get(in[i], "runs"), 0),
		              "results")
		        : json_object_get(in[i], "findings");
		for (j = 0; j < json_array_size(list); j++) {
			item *it = &v[(*total)++];
			json_t *x = json_array_get(list, j), *where = x;
			if (sarif)
				where = json_object_get(
				    json_object_get(
				        json_array_get(
				            json_object_get(x, "locations"), 0),
				        "physicalLocation"),
				    "region");
			it->x = x;
			it->file = json_string_value(
			    sarif ? json_object_get(
			                json_object_get(
			                    json_object_get(
			                        json_array_get(
			                            json_object_get(
			                                x, "locations"),
			                            0),
			                        "physicalLocation"),
			                    "artifactLocation"),
			                "uri")
			          : json_object_get(x, "file"));
			if (sarif && it->file &&
			    (it->uri_file = mcp_sarif_file(it->file)))
				it->file = it->uri_file;
			if (!it->file)
				it->file = "";
			it->line = json_integer_value(json_object_get(
			    where, sarif ? "startLine" : "line"));
			it->column = json_integer_value(json_object_get(
			    where, sarif ? "startColumn" : "column"));
			it->shard = i;
			it->pos = j;
		}
	}
	return v;
}

/* The run a report belongs to: JSON "run", SARIF's run properties. */
static json_t *run_of(json_t *report, int sarif)
{
	return sarif
	           ? json_object_get(
	                 json_object_get(
	                     json_array_get(json_object_get(report, "runs"), 0),
	                     "properties"),
	                 "run")
	           : json_object_get(report, "run");
}

/* Which shard of how many: 0 when the report does not say. */
static int shard_of(json_t *run, json_int_t *shard, json_int_t *shards)
{
	json_t *i = json_object_get(run, "shard"),
	       *n = json_object_get(run, "shards");

	if (!json_is_string(json_object_get(run, "id")) ||
	    !json_is_integer(i) || !json_is_integer(n))
		return 0;
	*shard = json_integer_value(i);
	*shards = json_integer_value(n);
	return *shards >= 1 && *shard >= 1 && *shard <= *shards;
}

/* The report of @p names that is shard @p k (of got[]), or NULL. */
static const char *given(const json_int_t *got, char **names, size_t n,
                         json_int_t k)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (got[i] == k)
			return names[i];
	return NULL;
}

/* "2/4, 3/4" and "and N more" past the first 20: the shards missing. */
static void list_missing(mcp_buf *out, const json_int_t *got, char **names,
                         size_t n, json_int_t total)
{
	json_int_t k, listed = 0;

	for (k = 1; k <= total && listed < 20; k++) {
		if (given(got, names, n, k))
			continue;
		mcp_buf_printf(out, "%s%lld/%lld", listed ? ", " : "",
		               (long long)k, (long long)total);
		listed++;
	}
	if (total - (json_int_t)n > listed)
		mcp_buf_printf(out, " and %lld more",
		               (long long)(total - (json_int_t)n - listed));
}

/*
 * Whether the reports are the shards of one run, each once, and all of
 * them: else a one-line error naming the report (or the missing shards)
 * and EXIT_TROUBLE.
 */
static int check_shards(json_t **in, char **names, size_t n, int sarif)
{
	const char *id = NULL, *twice;
	json_int_t shard = 0, shards = 0, total = 0, *got;
	mcp_buf missing;
	size_t i;
	int status = 0;

	if (!(got = calloc(n, sizeof(*got)))) {
		cli_error("merge-reports: out of memory");
		return EXIT_TROUBLE;
	}
	for (i = 0; i < n && status == 0; i++) {
		json_t *run = run_of(in[i], sarif);
		const char *rid = json_string_value(json_object_get(run, "id"));
		if (!shard_of(run, &shard, &shards)) {
			cli_error(
			    "merge-reports: %s: names no run: not a report "
			    "of mcpc lint (--format json or sarif), or a "
			    "shard that stopped early (see its findings)",
			    names[i]);
			status = EXIT_TROUBLE;
		} else if (i == 0) {
			id = rid;
			total = shards;
		} else if (strcmp(rid, id) != 0) {
			cli_error("merge-reports: %s: a report of another run "
			          "than %s (run %s, not %s)",
			          names[i], names[0], rid, id);
			status = EXIT_TROUBLE;
		} else if (shards != total) {
			cli_error(
			    "merge-reports: %s: shard %lld/%lld, but %s is "
			    "one of %lld",
			    names[i], (long long)shard, (long long)shards,
			    names[0], (long long)total);
			status = EXIT_TROUBLE;
		} else if ((twice = given(got, names, i, shard)) != NULL) {
			cli_error(
			    "merge-reports: %s: shard %lld/%lld again (%s "
			    "is that shard)",
			    names[i], (long long)shard, (long long)total,
			    twice);
			status = EXIT_TROUBLE;
		}
		got[i] = shard;
	}
	if (status == 0 && total > (json_int_t)n) {
		mcp_buf_init(&missing);
		list_missing(&missing, got, names, n, total);
		cli_error("merge-reports: missing shards: %s (give every "
		          "shard's report)",
		          missing.ptr ? missing.ptr : "");
		mcp_buf_free(&missing);
		status = EXIT_TROUBLE;
	}
	free(got);
	return status;
}

/* The merged report's run: the first report's, as one unsharded run
 * has it (shard 1 of 1); its specs, the sum of the shards'. */
static void one_run(json_t **in, size_t n, int sarif, json_t *out)
{
	json_t *run = run_of(out, sarif), *summary;
	json_int_t specs = 0;
	size_t i;
	int all = 1;

	for (i = 0; i < n; i++) {
		summary =
		    sarif
		        ? json_object_get(
		              json_array_get(json_object_get(in[i], "runs"), 0),
		              "properties")
		        : json_object_get(in[i], "summary");
		all &= json_is_integer(json_object_get(summary, "specs"));
		specs += json_integer_value(json_object_get(summary, "specs"));
	}
	summary = sarif ? json_object_get(
	                      json_array_get(json_object_get(out, "runs"), 0),
	                      "properties")
	                : json_object_get(out, "summary");
	if (all)
		json_object_set_new(summary, "specs", json_integer(specs));
	if (!sarif) {
		json_object_set_new(out, "run",
		                    json_deep_copy(run_of(in[0], 0)));
		run = json_object_get(out, "run");
	}
	json_object_set_new(run, "shard", json_integer(1));
	json_object_set_new(run, "shards", json_integer(1));
}

static json_t *merge_json(json_t **in, size_t n, mcp_severity fail_on,
                          int *status)
{
	static const char *const keys[4] = {"errors", "warnings", "infos",
	                                    "waived"};
	json_int_t sum[4] = {0, 0, 0, 0};
	json_t *out, *list;
	size_t i, k, total = 0;
	item *v = gather(in, n, 0, &total);

	if (!v)
		return NULL;
	for (i = 0; i < n; i++)
		for (k = 0; k < 4; k++)
			sum[k] += json_integer_value(json_object_get(
			    json_object_get(in[i], "summary"), keys[k]));
	settle(v, total, n, 0);
	list = json_array();
	for (i = 0; list && i < total; i++) {
		json_t *x = v[i].x;
		int r = rank(json_string_value(json_object_get(x, "severity")));
		int waived = json_object_get(x, "waived") != NULL;
		if (v[i].drop) { /* no longer counted */
			sum[waived                 ? 3
			    : r == MCP_SEV_ERROR   ? 0
			    : r == MCP_SEV_WARNING ? 1
			                           : 2]--;
			continue;
		}
		if (json_is_true(json_object_get(x, "fatal")))
			*status = EXIT_TROUBLE;
		else if (r >= (int)fail_on && !waived &&
		         *status != EXIT_TROUBLE)
			*status = EXIT_FINDINGS;
		json_array_append(list, x);
	}
	free(v);
	out = list ? json_pack("{s:o, s:{s:I, s:I, s:I}}", "findings", list,
	                       "summary", "errors", sum[0], "warnings", sum[1],
	                       "infos", sum[2])
	           : NULL;
	if (out && sum[3])
		json_object_set_new(json_object_get(out, "summary"), "waived",
		                    json_integer(sum[3]));
	return out;
}

/* The index in @p rules of the descriptor @p known holds for rule @p id,
 * appended at first use; -1 for an id no shard describes. */
static json_int_t rule_index(json_t *rules, json_t *known, const char *id)
{
	json_t *d = id ? json_object_get(known, id) : NULL;
	size_t k;

	if (!d)
		return -1;
	for (k = 0; k < json_array_size(rules); k++)
		if (json_array_get(rules, k) == d)
			return (json_int_t)k;
	json_array_append(rules, d);
	return (json_int_t)k;
}

static json_t *merge_sarif(json_t **in, size_t n, mcp_severity fail_on,
                           int *status)
{
	json_t *out = json_deep_copy(in[0]), *run, *rules, *results, *known;
	json_t *notes = json_array(), *inv_out;
	json_int_t code = 0;
	size_t i, total = 0;
	item *v = gather(in, n, 1, &total);
	int ok = 1;

	run = json_array_get(json_object_get(out, "runs"), 0);
	rules = json_array();
	results = json_array();
	known = json_object(); /* rule id -> its descriptor */
	if (!v || !run || !rules || !results || !known || !notes) {
		for (i = 0; v && i < total; i++)
			free(v[i].uri_file);
		free(v);
		json_decref(notes);
		json_decref(out);
		json_decref(rules);
		json_decref(results);
		json_decref(known);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		json_t *r = json_array_get(json_object_get(in[i], "runs"), 0);
		json_t *rl = json_object_get(
		    json_object_get(json_object_get(r, "tool"), "driver"),
		    "rules");
		json_t *inv =
		    json_array_get(json_object_get(r, "invocations"), 0);
		size_t j;
		if (json_integer_value(json_object_get(inv, "exitCode")) ==
		    EXIT_TROUBLE)
			*status = EXIT_TROUBLE;
		ok &=
		    !json_is_false(json_object_get(inv, "executionSuccessful"));
		/* what is wrong with the run itself, once */
		for (j = 0; j < json_array_size(json_object_get(
		                    inv, "toolExecutionNotifications"));
		     j++) {
			json_t *x = json_array_get(
			    json_object_get(inv, "toolExecutionNotifications"),
			    j);
			size_t m;
			for (m = 0; m < json_array_size(notes); m++)
				if (json_equal(json_array_get(notes, m), x))
					break;
			if (m == json_array_size(notes))
				json_array_append_new(notes, json_deep_copy(x));
		}
		for (j = 0; j < json_array_size(rl); j++) {
			const char *id = json_string_value(
			    json_object_get(json_array_get(rl, j), "id"));
			if (id && !json_object_get(known, id))
				json_object_set(known, id,
				                json_array_get(rl, j));
		}
	}
	settle(v, total, n, 1);
	/* rules in the order of first use: the run's notifications come
	 * first, as their findings (about no file) do in one run */
	for (i = 0; i < json_array_size(notes); i++) {
		json_t *ref =
		    json_object_get(json_array_get(notes, i), "associatedRule");
		json_int_t k =
		    rule_index(rules, known,
		               json_string_value(json_object_get(ref, "id")));
		if (k >= 0)
			json_object_set_new(ref, "index", json_integer(k));
	}
	/* results in one run's order */
	for (i = 0; i < total; i++) {
		json_t *x;
		json_int_t k;
		if (v[i].drop)
			continue;
		x = json_deep_copy(v[i].x);
		k = rule_index(rules, known,
		               json_string_value(json_object_get(x, "ruleId")));
		if (k >= 0)
			json_object_set_new(x, "ruleIndex", json_integer(k));
		if (rank(json_string_value(json_object_get(x, "level"))) >=
		        (int)fail_on &&
		    !json_object_get(x, "suppressions") &&
		    *status != EXIT_TROUBLE)
			*status = EXIT_FINDINGS;
		json_array_append_new(results, x);
	}
	for (i = 0; i < total; i++)
		free(v[i].uri_file);
	free(v);
	json_decref(known);
	code = *status;
	json_object_set_new(
	    json_object_get(json_object_get(run, "tool"), "driver"), "rules",
	    rules);
	json_object_set_new(run, "results", results);
	inv_out = json_pack("{s:b, s:I}", "executionSuccessful", ok, "exitCode",
	                    code);
	if (inv_out && json_array_size(notes))
		json_object_set(inv_out, "toolExecutionNotifications", notes);
	json_decref(notes);
	json_object_set_new(run, "invocations", json_pack("[o]", inv_out));
	return out;
}

/* The largest report read (a whole repository's findings fit). */
#define MAX_REPORT ((size_t)1 << 30)

/* The reports read so far, and the names errors give them. */
typedef struct inputs {
	json_t **in;
	char **names;
	size_t n, cap;
} inputs;

static int push(inputs *r, json_t *x, const char *name, int stdin_n)
{
	char *copy;

	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 8;
		json_t **in = realloc(r->in, cap * sizeof(*in));
		char **names =
		    in ? realloc(r->names, cap * sizeof(*names)) : NULL;
		if (in)
			r->in = in;
		if (!names) {
			json_decref(x);
			return MCP_ENOMEM;
		}
		r->names = names;
		r->cap = cap;
	}
	if (stdin_n) {
		mcp_buf b;
		mcp_buf_init(&b);
		mcp_buf_printf(&b, "standard input (report %d)", stdin_n);
		copy = mcp_buf_detach(&b);
	} else
		copy = strdup(name);
	if (!copy) {
		json_decref(x);
		return MCP_ENOMEM;
	}
	r->in[r->n] = x;
	r->names[r->n++] = copy;
	return 0;
}

/*
 * Every report of @p path into @p r: a file holds one; standard input
 * ("-") one or more, one after the other (cat shard-*.json | ...). An
 * error is printed; the exit status.
 */
static int read_reports(inputs *r, const char *path)
{
	mcp_buf text;
	json_error_t err;
	size_t at = 0;
	int rc, k = 0, is_stdin = strcmp(path, "-") == 0;

	mcp_buf_init(&text);
	rc = mcp_file_read(&text, path, MAX_REPORT);
	if (rc != 0) {
		cli_error("merge-reports: %s: %s",
		          is_stdin ? "standard input" : path,
		          rc == MCP_ELIMIT ? "larger than 1 GiB"
		          : rc == MCP_EIO  ? strerror(errno)
		                           : "out of memory");
		mcp_buf_free(&text);
		return EXIT_TROUBLE;
	}
	for (;;) {
		json_t *x;
		while (at < text.len && strchr(" \t\r\n", text.ptr[at]))
			at++;
		if (at == text.len && (k > 0 || !is_stdin))
			break;
		x = json_loadb(text.ptr + at, text.len - at,
		               is_stdin ? JSON_DISABLE_EOF_CHECK : 0, &err);
		if (!x) {
			cli_error("merge-reports: %s: %s",
			          is_stdin ? "standard input" : path,
			          at == text.len ? "no report" : err.text);
			mcp_buf_free(&text);
			return EXIT_TROUBLE;
		}
		at += is_stdin ? (size_t)err.position : text.len - at;
		if (push(r, x, path, is_stdin ? ++k : 0) != 0) {
			cli_error("merge-reports: out of memory");
			mcp_buf_free(&text);
			return EXIT_TROUBLE;
		}
	}
	mcp_buf_free(&text);
	return EXIT_CLEAN;
}

int cmd_merge_reports(int argc, char **argv)
{
	cli_opts o;
	inputs r = {0};
	json_t *out = NULL;
	int status, sarif = -1, stdin_seen = 0;
	size_t i;
	char *text;
	cli_progress pr;

	if ((status = cli_parse(&o, argc, argv, 0)) != 0) {
		cli_opts_free(&o);
		return status;
	}
	if (o.help || o.nargs == 0) {
		if (o.help)
			fputs(usage, stdout);
		else
			cli_error(
			    "merge-reports: give the reports to merge (see "
			    "'mcpc merge-reports --help')");
		cli_opts_free(&o);
		return o.help ? EXIT_CLEAN : EXIT_TROUBLE;
	}
	cli_progress_start(&pr, "merge-reports", "reports", o.nargs,
	                   o.render.quiet);
	for (i = 0; status == 0 && i < o.nargs; i++) {
		if (strcmp(o.args[i], "-") == 0 && stdin_seen++) {
			cli_error("merge-reports: standard input ('-') given "
			          "twice");
			status = EXIT_TROUBLE;
		} else
			status = read_reports(&r, o.args[i]);
		cli_progress_show(&pr, i + 1);
	}
	cli_progress_end(&pr);
	for (i = 0; status == 0 && i < r.n; i++) {
		int kind = json_object_get(r.in[i], "runs")       ? 1
		           : json_object_get(r.in[i], "findings") ? 0
		                                                  : -1;
		if (kind < 0 || (sarif >= 0 && kind != sarif)) {
			cli_error("merge-reports: %s: %s", r.names[i],
			          kind < 0
			              ? "neither an mcpc JSON nor a SARIF "
			                "report"
			              : "not the format of the first report");
			status = EXIT_TROUBLE;
		}
		sarif = kind;
	}
	if (status == 0)
		status = check_shards(r.in, r.names, r.n, sarif);
	if (status == 0) {
		out = sarif ? merge_sarif(r.in, r.n, o.fail_on, &status)
		            : merge_json(r.in, r.n, o.fail_on, &status);
		if (out)
			one_run(r.in, r.n, sarif, out);
		if (!out) {
			cli_error("merge-reports: out of memory");
			status = EXIT_TROUBLE;
		}
	}
	if (out) { /* a report, even when its status is 2 (fatal findings) */
		text = json_dumps(out, JSON_INDENT(2));
		if (!text) {
			cli_error("merge-reports: out of memory");
			status = EXIT_TROUBLE;
		} else {
			puts(text);
		}
		free(text);
	}
	json_decref(out);
	for (i = 0; i < r.n; i++) {
		json_decref(r.in[i]);
		free(r.names[i]);
	}
	free(r.in);
	free(r.names);
	cli_opts_free(&o);
	return status;
}
