/*
 * test_waivers.c: waivers from annotations, with the clock given: before,
 * on and after the expiry day; malformed and unused waivers; fatal
 * findings and findings of other documents are never waived. The policy:
 * the horizon's date arithmetic, the structural rules no waiver accepts,
 * rule ids that exist.
 */
#include "testutil.h"

/* The bundled rules, loaded once: the ids a waiver may name. */
static mcp_rules *rules;

static int load_rules(void **state)
{
	mcp_schema *schema = NULL;
	mcp_diag *d = NULL;

	(void)state;
	assert_int_equal(mcp_diag_new(&d), 0);
	assert_int_equal(mcp_schema_builtin(&schema, NULL, d), 0);
	assert_int_equal(mcp_rules_load(&rules, NULL, 0, schema, NULL, d), 0);
	mcp_schema_free(schema);
	mcp_diag_free(d);
	return 0;
}

static int free_rules(void **state)
{
	(void)state;
	mcp_rules_free(rules);
	return 0;
}

static mcp_waiver_policy policy(const char *today, int max_days)
{
	mcp_waiver_policy p;
	assert_int_equal(mcp_waiver_policy_init(&p, today, max_days, rules), 0);
	return p;
}

static const char spec[] =
    "apiVersion: ai102.mcp/v1\n"
    "kind: ModelDeployment\n"
    "metadata:\n"
    "  name: t\n"
    "  annotations:\n"
    "    mcpc.io/waive.MCP-IMG-001: \"accepted for now; expires=2027-01-31\"\n"
    "    mcpc.io/waive.MCP-GW-001: \"nothing left; expires=2027-01-31\"\n"
    "    mcpc.io/waive.MCP-NET-001: \"no date\"\n"
    "    mcpc.io/waive.MCP-POD-001: \"x; expires=2027-02-29\"\n"
    "    other: value\n"
    "spec: {}\n";

typedef struct run {
	mcp_diag *d;
	mcp_source *src;
	size_t before, one, fatal;
} run;

/* Three findings of MCP-IMG-001: one before the document's checks, one added
 * by them, one fatal; then the waivers, as of today. */
static run apply(const char *today)
{
	run r;
	mcp_loc loc = {"t.yaml", 11, 1};
	mcp_finding *f;
	mcp_waiver_policy p = policy(today, 0);

	r.src = tu_load(spec, &r.d, NULL);
	assert_non_null(r.src);
	assert_non_null(mcp_diag_add(r.d, "MCP-IMG-001", MCP_SEV_ERROR, &loc,
	                             "/spec", NULL, "before"));
	r.before = mcp_diag_count(r.d) - 1;
	assert_non_null(mcp_diag_add(r.d, "MCP-IMG-001", MCP_SEV_ERROR, &loc,
	                             "/spec", NULL, "mine"));
	r.one = mcp_diag_count(r.d) - 1;
	f = mcp_diag_add(r.d, "MCP-IMG-001", MCP_SEV_ERROR, &loc, "/spec", NULL,
	                 "fatal");
	assert_non_null(f);
	f->fatal = 1;
	r.fatal = mcp_diag_count(r.d) - 1;
	assert_int_equal(
	    mcp_waivers_apply(r.src, 0, r.d, r.one, &p, NULL, NULL), 0);
	return r;
}

static size_t count(const mcp_diag *d, const char *rule)
{
	size_t i, n = 0;
	for (i = 0; i < mcp_diag_count(d); i++)
		n += strcmp(mcp_diag_get(d, i)->rule, rule) == 0;
	return n;
}

static void done(run *r)
{
	mcp_source_free(r->src);
	mcp_diag_free(r->d);
}

static void before_and_on_the_day(void **state)
{
	static const char *const days[] = {"2026-11-26", "2027-01-31"};
	size_t k;

	(void)state;
	for (k = 0; k < 2; k++) {
		run r = apply(days[k]);
		const mcp_finding *f = mcp_diag_get(r.d, r.one);
		assert_non_null(f->waiver);
		assert_string_equal(f->waiver,
		                    "accepted for now (until 2027-01-31)");
		assert_null(mcp_diag_get(r.d, r.before)->waiver);
		assert_null(mcp_diag_get(r.d, r.fatal)->waiver);
		assert_int_equal(mcp_diag_count_waived(r.d), 1);
		/* waived findings do not count as their severity */
		assert_int_equal(count(r.d, "MCP-WAIVER-EXPIRED"), 0);
		assert_int_equal(count(r.d, "MCP-WAIVER-002"), 1); /* GW */
		assert_int_equal(count(r.d, "MCP-WAIVER-001"),
		                 2); /* NET, POD */
		assert_int_equal(mcp_diag_count_severity(r.d, MCP_SEV_ERROR),
		                 2 + 2);
		done(&r);
	}
}

static void after_the_day(void **state)
{
	run r = apply("2027-02-01");
	size_t i;

	(void)state;
	assert_null(mcp_diag_get(r.d, r.one)->waiver);
	assert_int_equal(mcp_diag_count_waived(r.d), 0);
	assert_int_equal(count(r.d, "MCP-WAIVER-EXPIRED"), 2);
	/* the expired MCP-GW-001 is expired, not unused */
	assert_int_equal(count(r.d, "MCP-WAIVER-002"), 0);
	for (i = 0; i < mcp_diag_count(r.d); i++) {
		const mcp_finding *f = mcp_diag_get(r.d, i);
		if (strcmp(f->rule, "MCP-WAIVER-EXPIRED") == 0 &&
		    strstr(f->message, "MCP-IMG-001")) {
			assert_int_equal(f->loc.line, 6);
			assert_non_null(
			    strstr(f->message, "expired on 2027-01-31"));
		}
	}
	done(&r);
}

static void clock(void **state)
{
	char today[11];

	(void)state;
	setenv("MCPC_TODAY", "2030-06-15", 1);
	mcp_waivers_today(today);
	assert_string_equal(today, "2030-06-15");
	setenv("MCPC_TODAY", "2030-02-30", 1); /* not a date: the real clock */
	mcp_waivers_today(today);
	assert_string_not_equal(today, "2030-02-30");
	assert_int_equal(strlen(today), 10);
	unsetenv("MCPC_TODAY");
}

/* today + the horizon, across month, year and leap days; the last date a
 * waiver can write; nonsense refused. */
static void horizon(void **state)
{
	mcp_waiver_policy p;

	(void)state;
	assert_string_equal(policy("2026-12-02", 0).latest, "2027-12-02");
	assert_int_equal(policy("2026-12-02", 0).max_days, 365);
	assert_string_equal(policy("2027-03-01", 365).latest, "2028-02-29");
	assert_string_equal(policy("2024-02-28", 1).latest, "2024-02-29");
	assert_string_equal(policy("2023-02-28", 1).latest, "2023-03-01");
	assert_string_equal(policy("2026-12-31", 1).latest, "2027-01-01");
	assert_string_equal(policy("2000-01-01", 3650).latest, "2009-12-29");
	assert_string_equal(policy("9999-06-01", 365).latest, "9999-12-31");
	assert_int_equal(mcp_waiver_policy_init(&p, "2026-12-02", -1, rules),
	                 -1);
	assert_int_equal(mcp_waiver_policy_init(&p, "2026-02-30", 30, rules),
	                 -1);
	assert_int_equal(mcp_waiver_policy_init(&p, NULL, 30, rules), -1);
}

/* The structural families, by prefix or exactly; the rest are waivable. */
static void structural_rules(void **state)
{
	static const char *const never[] = {
	    "MCP-YAML-001",      "MCP-YAML-003",    "MCP-SCHEMA-002",
	    "MCP-SCHEMA-005",    "MCP-IO-001",      "MCP-IO-002",
	    "MCP-GIT-002",       "MCP-DEPS-001",    "MCP-DEPS-002",
	    "MCP-BUILD-003",     "MCP-PROJECT-001", "MCP-RULES-000",
	    "MCP-COMPAT-000",    "MCP-COMPAT-001",  "MCP-WAIVER-001",
	    "MCP-WAIVER-EXPIRED"};
	static const char *const may[] = {"MCP-IMG-001", "MCP-COMPAT-010",
	                                  "MCP-COMPAT-002", "MCP-SCHEMAX-1",
	                                  "SITE-NS-001"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		assert_false(mcp_waiver_rule_waivable(never[i]));
	for (i = 0; i < sizeof(may) / sizeof(may[0]); i++)
		assert_true(mcp_waiver_rule_waivable(may[i]));
	assert_false(mcp_waiver_rule_waivable(NULL));
}

/* One annotation @p ann (key: value) over one non-fatal finding of
 * @p rule, as of 2026-12-02 with @p rules_of: the finding, waived or not,
 * and how many findings of @p expect came of the waiver. */
static void one(const char *ann, const char *rule, const mcp_rules *rules_of,
                const char *expect, int waived)
{
	char text[512];
	mcp_diag *d;
	mcp_source *src;
	mcp_loc loc = {"t.yaml", 6, 1};
	mcp_waiver_policy p;
	size_t at;

	snprintf(text, sizeof(text),
	         "apiVersion: ai102.mcp/v1\nkind: ModelDeployment\n"
	         "metadata:\n  name: t\n  annotations:\n    %s\nspec: {}\n",
	         ann);
	src = tu_load(text, &d, NULL);
	assert_non_null(src);
	assert_int_equal(mcp_waiver_policy_init(&p, "2026-12-02", 0, rules_of),
	                 0);
	assert_non_null(mcp_diag_add(d, rule, MCP_SEV_ERROR, &loc, "/spec",
	                             NULL, "a finding"));
	at = mcp_diag_count(d) - 1;
	assert_int_equal(mcp_waivers_apply(src, 0, d, at, &p, NULL, NULL), 0);
	if (waived)
		assert_non_null(mcp_diag_get(d, at)->waiver);
	else
		assert_null(mcp_diag_get(d, at)->waiver);
	if (expect) {
		const mcp_finding *f = tu_find(d, expect);
		assert_non_null(f);
		assert_int_equal(f->severity, MCP_SEV_ERROR);
		assert_int_equal(f->loc.line, 6);
	}
	mcp_source_free(src);
	mcp_diag_free(d);
}

static void refused(void **state)
{
	(void)state;
	/* a structural finding stands, and the waiver is an error */
	one("mcpc.io/waive.MCP-SCHEMA-002: \"ok; expires=2027-01-31\"",
	    "MCP-SCHEMA-002", rules, "MCP-WAIVER-004", 0);
	/* a YAML 1.1 trap: mcpc read it otherwise than Kubernetes will */
	one("mcpc.io/waive.MCP-YAML-003: \"ok; expires=2027-01-31\"",
	    "MCP-YAML-003", rules, "MCP-WAIVER-004", 0);
	/* beyond the horizon; on its last day */
	one("mcpc.io/waive.MCP-IMG-001: \"ok; expires=9999-12-31\"",
	    "MCP-IMG-001", rules, "MCP-WAIVER-003", 0);
	one("mcpc.io/waive.MCP-IMG-001: \"ok; expires=2027-12-02\"",
	    "MCP-IMG-001", rules, NULL, 1);
	one("mcpc.io/waive.MCP-IMG-001: \"ok; expires=2027-12-03\"",
	    "MCP-IMG-001", rules, "MCP-WAIVER-003", 0);
	/* a reason with no letter or digit, or a newline alone */
	one("mcpc.io/waive.MCP-IMG-001: \" -- ; expires=2027-01-31\"",
	    "MCP-IMG-001", rules, "MCP-WAIVER-001", 0);
	one("mcpc.io/waive.MCP-IMG-001: \"\\n; expires=2027-01-31\"",
	    "MCP-IMG-001", rules, "MCP-WAIVER-001", 0);
	one("mcpc.io/waive.MCP-IMG-001: \"\\u3000\\u2014; expires=2027-01-31\"",
	    "MCP-IMG-001", rules, "MCP-WAIVER-001", 0);
	one("mcpc.io/waive.MCP-IMG-001: \"\\u4fee; expires=2027-01-31\"",
	    "MCP-IMG-001", rules, NULL, 1);
	/* a date not written as expires=DATE */
	one("mcpc.io/waive.MCP-IMG-001: \"ok; 2027-01-31\"", "MCP-IMG-001",
	    rules, "MCP-WAIVER-001", 0);
	/* a rule id no rule has; without rules, only the matrix's checks */
	one("mcpc.io/waive.MCP-IMG-0001: \"ok; expires=2027-01-31\"",
	    "MCP-IMG-0001", rules, "MCP-WAIVER-005", 0);
	one("mcpc.io/waive.MCP-IMG-001: \"ok; expires=2027-01-31\"",
	    "MCP-IMG-001", NULL, "MCP-WAIVER-005", 0);
	one("mcpc.io/waive.MCP-COMPAT-010: \"ok; expires=2027-01-31\"",
	    "MCP-COMPAT-010", NULL, NULL, 1);
	/* an empty rule id */
	one("mcpc.io/waive.: \"ok; expires=2027-01-31\"", "MCP-IMG-001", rules,
	    "MCP-WAIVER-001", 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(before_and_on_the_day),
	    cmocka_unit_test(after_the_day),
	    cmocka_unit_test(clock),
	    cmocka_unit_test(horizon),
	    cmocka_unit_test(structural_rules),
	    cmocka_unit_test(refused),
	};
	return cmocka_run_group_tests(tests, load_rules, free_rules);
}
