/*
 * cmd_rules.c: `mcpc rules [--rules DIR]...`: every rule of the bundled
 * packs, of the packs given and mcpc's own, one line each (id, severity,
 * category, title), sorted by id; `--format json` for tools. And `mcpc
 * explain RULE-ID`: one rule in full.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: mcpc rules [--config FILE] [--rules DIR]... [--format "
    "text|json]\n"
    "\n"
    "List the rules mcpc checks: the bundled packs, then the packs of the\n"
    "project file (.mcpc.yaml, or --config FILE) and under each --rules\n"
    "DIR (a rule there replaces a bundled rule with the same id), with the\n"
    "project's settings, and mcpc's own rules (the loader's, the schema's,\n"
    "the matrix's, ...). One line a rule: id, severity, category, title;\n"
    "(off) for a rule that does not run, (fixed) for one of mcpc's own,\n"
    "which no project turns off or re-levels, (fixed, no waiver) for one\n"
    "that no waiver accepts either.\n";

/* The bundled packs, the project's and those under --rules, with the
 * project's settings; findings printed on error. */
static int load_rules(cli_opts *o, mcp_schema **schema, mcp_rules **rules,
                      mcp_diag **d)
{
	mcp_project *project = NULL;
	int rc;

	if (mcp_diag_new(d) < 0)
		return MCP_ENOMEM;
	rc = mcp_schema_builtin(schema, NULL, *d);
	if (rc == 0)
		rc = cli_load_rules(o, *schema, &project, rules, *d);
	mcp_project_free(project);
	if (rc < 0) {
		mcp_buf out;
		mcp_render_opts ro = o->render;
		ro.color = 0;
		mcp_buf_init(&out);
		mcp_diag_sort(*d);
		if (rc != MCP_ENOMEM &&
		    mcp_render_text.render(&out, *d, &ro) == 0)
			fwrite(out.ptr, 1, out.len, stderr);
		else
			cli_error("out of memory");
		mcp_buf_free(&out);
	}
	return rc;
}

static const char explain_usage[] =
    "usage: mcpc explain [--config FILE] [--rules DIR]... [--format "
    "text|markdown] "
    "RULE-ID\n"
    "\n"
    "Print one rule in full (a rule of a pack, or one of mcpc's own): its\n"
    "severity and category, why it exists, an input that fires it, the fix\n"
    "and where to read more.\n";

/* Every rule this run knows, sorted by id: those of the packs and
 * mcpc's own, merged. Calls fn on each; stops at the first nonzero. */
static int each_rule(const mcp_rules *rules,
                     int (*fn)(const mcp_rule_info *ri, void *arg), void *arg)
{
	size_t i = 0, k = 0, n = mcp_rules_count(rules),
	       nf = mcp_fixed_rules_count();
	int rc = 0;

	while (rc == 0 && (i < n || k < nf)) {
		mcp_rule_info a, b;
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		if (i < n)
			mcp_rules_info(rules, i, &a);
		if (k < nf)
			mcp_fixed_rules_info(k, &b);
		if (k == nf || (i < n && strcmp(a.id, b.id) < 0)) {
			rc = fn(&a, arg);
			i++;
		} else {
			rc = fn(&b, arg);
			k++;
		}
	}
	return rc;
}

/* One rule as an element of `mcpc rules --format json`. */
static int json_rule(const mcp_rule_info *ri, void *arg)
{
	json_t *o =
	    json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:b}", "id", ri->id,
	              "severity", mcp_severity_name(ri->severity), "category",
	              ri->category, "title", ri->title, "pack",
	              ri->pack ? ri->pack : "", "enabled", ri->enabled, "fixed",
	              ri->fixed, "waivable", ri->waivable);

	if (o && ri->standard &&
	    json_object_set_new(o, "standard", json_string(ri->standard)) < 0) {
		json_decref(o);
		o = NULL;
	}
	return o && json_array_append_new(arg, o) == 0 ? 0 : MCP_ENOMEM;
}

static int print_json(const mcp_rules *rules)
{
	json_t *arr = json_array();
	char *text = NULL;
	int rc = EXIT_TROUBLE;

	if (arr && each_rule(rules, json_rule, arr) == 0)
		text = json_dumps(arr, JSON_INDENT(2));
	if (text) {
		puts(text);
		free(text);
		rc = EXIT_CLEAN;
	}
	json_decref(arr);
	return rc;
}

/* One rule as a line of `mcpc rules`. */
static int text_rule(const mcp_rule_info *ri, void *arg)
{
	(void)arg;
	printf("%-14s %-8s %-14s %s%s\n", ri->id,
	       mcp_severity_name(ri->severity), ri->category, ri->title,
	       ri->fixed     ? ri->waivable ? " (fixed)" : " (fixed, no waiver)"
	       : ri->enabled ? ""
	                     : " (off)");
	return 0;
}

/* The help of mcp_rule_help on standard output. */
static int print_help(const mcp_rule_info *ri, int markdown)
{
	mcp_buf b;
	int rc;

	mcp_buf_init(&b);
	rc = mcp_rule_help(&b, ri, markdown);
	if (rc == 0)
		fwrite(b.ptr, 1, b.len, stdout);
	mcp_buf_free(&b);
	return rc;
}

/* One rule as a page of docs/rules/ (what `make docs` writes). */
static int print_markdown(const mcp_rule_info *ri)
{
	printf("# %s: %s\n\n", ri->id, ri->title);
	printf("| severity | category | %s |\n| --- | --- | --- |\n",
	       ri->fixed ? "reported by" : "pack");
	printf("| %s | %s | %s |\n\n", mcp_severity_name(ri->severity),
	       ri->category, ri->pack ? ri->pack : "");
	if (print_help(ri, 1) != 0)
		return EXIT_TROUBLE;
	if (ri->fixed)
		printf(
		    "\n(Generated from mcpc's own rules by `make docs`; edit "
		    "compiler/check/policy/rules_fixed.c, not this page.)\n");
	else
		printf("\n(Generated from the rule by `make docs`; edit the "
		       "rule, not this page.)\n");
	return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_TROUBLE;
}

/* The closest id to @p want of every rule, within two edits. */
typedef struct nearest {
	const char *want, *best;
	size_t dist;
} nearest;

static int closer(const mcp_rule_info *ri, void *arg)
{
	nearest *n = arg;
	size_t dist =
	    mcp_edit_distance(n->want, strlen(n->want), ri->id, strlen(ri->id));
	if (dist < n->dist) {
		n->dist = dist;
		n->best = ri->id;
	}
	return 0;
}

int cmd_explain(int argc, char **argv)
{
	cli_opts o;
	mcp_diag *d = NULL;
	mcp_schema *schema = NULL;
	mcp_rules *rules = NULL;
	mcp_rule_info ri;
	int status;

	if ((status = cli_parse(&o, argc, argv,
	                        CLI_RULES | CLI_CONFIG | CLI_REPORT)) != 0) {
		cli_opts_free(&o);
		return status;
	}
	if (!o.help && strcmp(o.format, "json") == 0) {
		cli_error("explain: --format takes text or markdown");
		cli_opts_free(&o);
		return EXIT_TROUBLE;
	}
	if (o.help || o.nargs != 1) {
		if (o.help)
			fputs(explain_usage, stdout);
		else
			cli_error("explain: give one RULE-ID (see 'mcpc "
			          "explain --help')");
		cli_opts_free(&o);
		return o.help ? EXIT_CLEAN : EXIT_TROUBLE;
	}
	if (load_rules(&o, &schema, &rules, &d) < 0) {
		status = EXIT_TROUBLE;
	} else if (mcp_rule_describe(rules, o.args[0], &ri) != 0) {
		nearest n = {o.args[0], NULL, (size_t)-1};
		each_rule(rules, closer, &n);
		if (n.best && n.dist <= 2)
			cli_error("explain: no rule '%s'; did you mean '%s'?",
			          o.args[0], n.best);
		else
			cli_error("explain: no rule '%s' (see 'mcpc rules')",
			          o.args[0]);
		status = EXIT_TROUBLE;
	} else if (strcmp(o.format, "markdown") == 0) {
		status = print_markdown(&ri);
	} else {
		printf("%s (%s, %s): %s\n", ri.id,
		       mcp_severity_name(ri.severity), ri.category, ri.title);
		if (ri.fixed)
			printf("reported by: %s (one of mcpc's own rules)\n",
			       ri.pack);
		else
			printf("pack: %s%s\n", ri.pack ? ri.pack : "?",
			       ri.enabled ? ""
			                  : " (off: turn it on in .mcpc.yaml)");
		if (ri.standard)
			printf("standard: %s\n", ri.standard);
		printf("\n");
		status = print_help(&ri, 0) == 0 && fflush(stdout) == 0
		             ? EXIT_CLEAN
		             : EXIT_TROUBLE;
	}
	mcp_rules_free(rules);
	mcp_schema_free(schema);
	mcp_diag_free(d);
	cli_opts_free(&o);
	return status;
}

int cmd_rules(int argc, char **argv)
{
	cli_opts o;
	mcp_diag *d = NULL;
	mcp_schema *schema = NULL;
	mcp_rules *rules = NULL;
	int status, rc;

	if ((status = cli_parse(&o, argc, argv, CLI_RULES | CLI_CONFIG)) != 0) {
		cli_opts_free(&o);
		return status;
	}
	if ((status = cli_no_operands(&o, "rules", usage)) >= 0)
		return status;
	if (strcmp(o.format, "text") && strcmp(o.format, "json")) {
		cli_error("rules: --format takes text or json, not '%s'",
		          o.format);
		cli_opts_free(&o);
		return EXIT_TROUBLE;
	}
	rc = load_rules(&o, &schema, &rules, &d);
	if (rc < 0) {
		status = EXIT_TROUBLE;
	} else if (strcmp(o.format, "json") == 0) {
		status = print_json(rules);
	} else {
		each_rule(rules, text_rule, NULL);
		status = fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_TROUBLE;
	}
	mcp_rules_free(rules);
	mcp_schema_free(schema);
	mcp_diag_free(d);
	cli_opts_free(&o);
	return status;
}
