/*
 * cmd_rules.c: `mcpc rules [--rules DIR]...`: every rule of the bundled
 * packs and of the packs given, one line each (id, severity, category,
 * title), sorted by id; `--format json` for tools. And `mcpc explain
 * RULE-ID`: one rule in full.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: mcpc rules [--config FILE] [--rules DIR]... [--format "
    "text|json]\n"
    "\n"
    "List the policy rules mcpc checks: the bundled packs, then the packs\n"
    "of the project file (.mcpc.yaml, or --config FILE) and under each\n"
    "--rules DIR (a rule there replaces a bundled rule with the same id),\n"
    "with the project's settings. One line a rule: id, severity, category,\n"
    "title, and (off) for a rule that does not run.\n";

static int print_json(const mcp_rules *rules)
{
	json_t *arr = json_array();
	size_t i;
	char *text;
	int rc = EXIT_TROUBLE;

	for (i = 0; arr && i < mcp_rules_count(rules); i++) {
		mcp_rule_info ri;
		json_t *o;
		mcp_rules_info(rules, i, &ri);
		o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "id", ri.id,
		              "severity", mcp_severity_name(ri.severity),
		              "category", ri.category, "title", ri.title,
		              "pack", ri.pack ? ri.pack : "", "enabled",
		              ri.enabled);
		if (o && ri.standard &&
		    json_object_set_new(o, "standard",
		                        json_string(ri.standard)) < 0) {
			json_decref(o);
			o = NULL;
		}
		if (!o || json_array_append_new(arr, o) < 0)
			goto done;
	}
	text = arr ? json_dumps(arr, JSON_INDENT(2)) : NULL;
	if (text) {
		puts(text);
		free(text);
		rc = EXIT_CLEAN;
	}
done:
	json_decref(arr);
	return rc;
}

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
    "Print one policy rule in full: its severity and category, why it\n"
    "exists, a spec fragment that fires it, the fix and where to read "
    "more.\n";

/* Prose, wrapped at 76 columns, each line after lead. */
static void wrap(const char *text, const char *lead)
{
	const char *p = text;
	size_t col = 0;

	while (*p) {
		size_t n;
		while (*p == ' ' || *p == '\n')
			p++;
		n = strcspn(p, " \n");
		if (!n)
			break;
		if (col && col + 1 + n > 76) {
			putchar('\n');
			col = 0;
		}
		printf("%s%.*s", col ? " " : lead, (int)n, p);
		col += col ? 1 + n : strlen(lead) + n;
		p += n;
	}
	if (col)
		putchar('\n');
}

static void indent(const char *text)
{
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, "\n");
		printf("    %.*s\n", (int)n, p);
		p += n;
		if (*p)
			p++;
	}
}

/* One rule as a page of docs/rules/ (what `make docs` writes). */
static int print_markdown(const mcp_rule_info *ri)
{
	printf("# %s: %s\n\n", ri->id, ri->title);
	printf("| severity | category | pack |\n| --- | --- | --- |\n");
	printf("| %s | %s | %s |\n\n", mcp_severity_name(ri->severity),
	       ri->category, ri->pack ? ri->pack : "");
	if (ri->standard)
		printf("Standard: %s.\n\n", ri->standard);
	wrap(ri->description, "");
	if (!ri->enabled)
		printf("\nOff by default: a project turns it on in .mcpc.yaml "
		       "(spec.rules.enable).\n");
	if (ri->example)
		printf("\n## A spec that fires it\n\n```yaml\n%s%s```\n",
		       ri->example,
		       ri->example[strlen(ri->example) - 1] == '\n' ? ""
		                                                    : "\n");
	if (ri->fix)
		printf("\n## Fix\n\n%s\n", ri->fix);
	if (ri->docs)
		printf("\nSee <%s>.\n", ri->docs);
	printf("\n(Generated from the rule by `make docs`; edit the rule, "
	       "not this page.)\n");
	return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_TROUBLE;
}

int cmd_explain(int argc, char **argv)
{
	cli_opts o;
	mcp_diag *d = NULL;
	mcp_schema *schema = NULL;
	mcp_rules *rules = NULL;
	int status;
	size_t i;

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
	} else if ((i = mcp_rules_find(rules, o.args[0])) == (size_t)-1) {
		const char *best = NULL;
		size_t k, bd = (size_t)-1;
		for (k = 0; k < mcp_rules_count(rules); k++) {
			mcp_rule_info ri;
			size_t dist;
			mcp_rules_info(rules, k, &ri);
			dist = mcp_edit_distance(o.args[0], strlen(o.args[0]),
			                         ri.id, strlen(ri.id));
			if (dist < bd) {
				bd = dist;
				best = ri.id;
			}
		}
		if (best && bd <= 2)
			cli_error("explain: no rule '%s'; did you mean '%s'?",
			          o.args[0], best);
		else
			cli_error("explain: no rule '%s' (see 'mcpc rules')",
			          o.args[0]);
		status = EXIT_TROUBLE;
	} else if (strcmp(o.format, "markdown") == 0) {
		mcp_rule_info ri;
		mcp_rules_info(rules, i, &ri);
		status = print_markdown(&ri);
	} else {
		mcp_rule_info ri;
		mcp_rules_info(rules, i, &ri);
		printf("%s (%s, %s): %s\n", ri.id,
		       mcp_severity_name(ri.severity), ri.category, ri.title);
		printf("pack: %s%s\n", ri.pack ? ri.pack : "?",
		       ri.enabled ? "" : " (off: turn it on in .mcpc.yaml)");
		if (ri.standard)
			printf("standard: %s\n", ri.standard);
		printf("\n");
		wrap(ri.description, "    ");
		if (ri.example) {
			printf("\nA spec that fires it:\n");
			indent(ri.example);
		}
		if (ri.fix)
			printf("\nFix: %s\n", ri.fix);
		if (ri.docs)
			printf("See: %s\n", ri.docs);
		status = fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_TROUBLE;
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
	size_t i;

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
		for (i = 0; i < mcp_rules_count(rules); i++) {
			mcp_rule_info ri;
			mcp_rules_info(rules, i, &ri);
			printf("%-14s %-8s %-14s %s%s\n", ri.id,
			       mcp_severity_name(ri.severity), ri.category,
			       ri.title, ri.enabled ? "" : " (off)");
		}
		status = fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_TROUBLE;
	}
	mcp_rules_free(rules);
	mcp_schema_free(schema);
	mcp_diag_free(d);
	cli_opts_free(&o);
	return status;
}
