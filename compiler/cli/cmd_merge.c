/*
 * cmd_merge.c: `mcpc merge-reports FILE...`: the JSON or SARIF reports of
 * `mcpc lint --shard I/N` runs combined into one, as if one run had linted
 * everything: JSON findings sorted by file, line and column with the
 * counts summed; SARIF results in one run, rules listed once, the highest
 * exit code. The exit status is the one that run would have had.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: mcpc merge-reports [--fail-on error|warning|info] FILE...\n"
    "\n"
    "Combine the JSON or SARIF reports of 'mcpc lint --shard I/N' runs (all\n"
    "of one format) into one report on standard output.\n"
    "\n"
    "exit status: 0 nothing at or above --fail-on, 1 findings at or above\n"
    "it, 2 an unreadable or foreign report, or bad usage\n";

static const char *file_of(json_t *f)
{
	const char *s = json_string_value(json_object_get(f, "file"));
	return s ? s : "";
}

static int by_place(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(file_of(x), file_of(y));
	json_int_t l;

	if (c)
		return c;
	l = json_integer_value(json_object_get(x, "line")) -
	    json_integer_value(json_object_get(y, "line"));
	if (l)
		return l < 0 ? -1 : 1;
	l = json_integer_value(json_object_get(x, "column")) -
	    json_integer_value(json_object_get(y, "column"));
	return l < 0 ? -1 : l > 0;
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

static json_t *merge_json(json_t **in, size_t n, mcp_severity fail_on,
                          int *status)
{
	json_t *all = json_array(), **v, *out;
	json_int_t sum[4] = {0, 0, 0, 0};
	static const char *const keys[4] = {"errors", "warnings", "infos",
	                                    "waived"};
	size_t i, k, total = 0;

	for (i = 0; i < n; i++) {
		json_t *list = json_object_get(in[i], "findings");
		json_array_extend(all, list);
		for (k = 0; k < 4; k++)
			sum[k] += json_integer_value(json_object_get(
			    json_object_get(in[i], "summary"), keys[k]));
	}
	total = json_array_size(all);
	v = malloc((total ? total : 1) * sizeof(*v));
	if (!v) {
		json_decref(all);
		return NULL;
	}
	for (i = 0; i < total; i++) {
		v[i] = json_array_get(all, i);
		if (rank(json_string_value(
		        json_object_get(v[i], "severity"))) >= (int)fail_on &&
		    !json_object_get(v[i], "waived"))
			*status = EXIT_FINDINGS;
	}
	/* insertion sort: stable, so one place keeps the shards' order */
	for (i = 1; i < total; i++) {
		json_t *x = v[i];
		k = i;
		while (k > 0 && by_place(&v[k - 1], &x) > 0) {
			v[k] = v[k - 1];
			k--;
		}
		v[k] = x;
	}
	out = json_pack("{s:[], s:{s:I, s:I, s:I}}", "findings", "summary",
	                "errors", sum[0], "warnings", sum[1], "infos", sum[2]);
	for (i = 0; out && i < total; i++)
		json_array_append(json_object_get(out, "findings"), v[i]);
	if (out && sum[3])
		json_object_set_new(json_object_get(out, "summary"), "waived",
		                    json_integer(sum[3]));
	free(v);
	json_decref(all);
	return out;
}

static json_t *merge_sarif(json_t **in, size_t n, mcp_severity fail_on,
                           int *status)
{
	json_t *out = json_deep_copy(in[0]), *run, *rules, *results;
	json_int_t code = 0;
	int ok = 1;
	size_t i, j, k;

	run = json_array_get(json_object_get(out, "runs"), 0);
	rules = json_array();
	results = json_array();
	if (!run || !rules || !results) {
		json_decref(out);
		json_decref(rules);
		json_decref(results);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		json_t *r = json_array_get(json_object_get(in[i], "runs"), 0);
		json_t *rl = json_object_get(
		    json_object_get(json_object_get(r, "tool"), "driver"),
		    "rules");
		json_t *inv =
		    json_array_get(json_object_get(r, "invocations"), 0);
		json_t *res = json_object_get(r, "results");
		if (json_integer_value(json_object_get(inv, "exitCode")) > code)
			code = json_integer_value(
			    json_object_get(inv, "exitCode"));
		ok &=
		    !json_is_false(json_object_get(inv, "executionSuccessful"));
		for (j = 0; j < json_array_size(rl); j++) {
			json_t *d = json_array_get(rl, j);
			for (k = 0; k < json_array_size(rules); k++)
				if (json_equal(
				        json_object_get(d, "id"),
				        json_object_get(
				            json_array_get(rules, k), "id")))
					break;
			if (k == json_array_size(rules))
				json_array_append(rules, d);
		}
		for (j = 0; j < json_array_size(res); j++) {
			json_t *x = json_deep_copy(json_array_get(res, j));
			const char *id =
			    json_string_value(json_object_get(x, "ruleId"));
			for (k = 0; id && k < json_array_size(rules); k++)
				if (!strcmp(
				        id,
				        json_string_value(json_object_get(
				            json_array_get(rules, k), "id"))))
					json_object_set_new(
					    x, "ruleIndex",
					    json_integer((json_int_t)k));
			if (rank(json_string_value(
			        json_object_get(x, "level"))) >= (int)fail_on &&
			    !json_object_get(x, "suppressions"))
				*status = EXIT_FINDINGS;
			json_array_append_new(results, x);
		}
	}
	json_object_set_new(
	    json_object_get(json_object_get(run, "tool"), "driver"), "rules",
	    rules);
	json_object_set_new(run, "results", results);
	json_object_set_new(run, "invocations",
	                    json_pack("[{s:b, s:I}]", "executionSuccessful", ok,
	                              "exitCode", code));
	return out;
}

int cmd_merge_reports(int argc, char **argv)
{
	cli_opts o;
	json_t **in = NULL, *out = NULL;
	int status, sarif = -1;
	size_t i;
	char *text;

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
	in = calloc(o.nargs, sizeof(*in));
	for (i = 0; in && i < o.nargs; i++) {
		json_error_t err;
		int kind;
		in[i] = json_load_file(o.args[i], 0, &err);
		kind = json_object_get(in[i], "runs")       ? 1
		       : json_object_get(in[i], "findings") ? 0
		                                            : -1;
		if (!in[i] || kind < 0 || (sarif >= 0 && kind != sarif)) {
			cli_error("merge-reports: %s: %s", o.args[i],
			          !in[i] ? err.text
			          : kind < 0
			              ? "neither an mcpc JSON nor a SARIF "
			                "report"
			              : "not the format of the first report");
			status = EXIT_TROUBLE;
			break;
		}
		sarif = kind;
	}
	if (!in)
		status = EXIT_TROUBLE;
	if (status == 0)
		out = sarif ? merge_sarif(in, o.nargs, o.fail_on, &status)
		            : merge_json(in, o.nargs, o.fail_on, &status);
	if (status != EXIT_TROUBLE) {
		text = out ? json_dumps(out, JSON_INDENT(2)) : NULL;
		if (!text) {
			cli_error("merge-reports: out of memory");
			status = EXIT_TROUBLE;
		} else {
			puts(text);
		}
		free(text);
	}
	json_decref(out);
	for (i = 0; in && i < o.nargs; i++)
		json_decref(in[i]);
	free(in);
	cli_opts_free(&o);
	return status;
}
