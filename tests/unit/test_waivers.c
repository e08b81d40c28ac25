/*
 * test_waivers.c: waivers from annotations, with the clock given: before,
 * on and after the expiry day; malformed and unused waivers; fatal
 * findings and findings of other documents are never waived.
 */
#include "testutil.h"

static const char spec[] =
    "apiVersion: ai102.mcp/v1\n"
    "kind: ModelDeployment\n"
    "metadata:\n"
    "  name: t\n"
    "  annotations:\n"
    "    mcpc.io/waive.T-ONE: \"accepted for now; expires=2027-01-31\"\n"
    "    mcpc.io/waive.T-NONE: \"nothing left; expires=2027-01-31\"\n"
    "    mcpc.io/waive.T-BAD: \"no date\"\n"
    "    mcpc.io/waive.T-FEB: \"x; expires=2027-02-29\"\n"
    "    other: value\n"
    "spec: {}\n";

typedef struct run {
	mcp_diag *d;
	mcp_source *src;
	size_t before, one, fatal;
} run;

/* Three findings of T-ONE: one before the document's checks, one added
 * by them, one fatal; then the waivers, as of today. */
static run apply(const char *today)
{
	run r;
	mcp_loc loc = {"t.yaml", 11, 1};
	mcp_finding *f;

	r.src = tu_load(spec, &r.d, NULL);
	assert_non_null(r.src);
	assert_non_null(mcp_diag_add(r.d, "T-ONE", MCP_SEV_ERROR, &loc, "/spec",
	                             NULL, "before"));
	r.before = mcp_diag_count(r.d) - 1;
	assert_non_null(mcp_diag_add(r.d, "T-ONE", MCP_SEV_ERROR, &loc, "/spec",
	                             NULL, "mine"));
	r.one = mcp_diag_count(r.d) - 1;
	f = mcp_diag_add(r.d, "T-ONE", MCP_SEV_ERROR, &loc, "/spec", NULL,
	                 "fatal");
	assert_non_null(f);
	f->fatal = 1;
	r.fatal = mcp_diag_count(r.d) - 1;
	assert_int_equal(
	    mcp_waivers_apply(r.src, 0, r.d, r.one, today, NULL, NULL), 0);
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
		assert_int_equal(count(r.d, "MCP-WAIVER-002"), 1); /* T-NONE */
		assert_int_equal(count(r.d, "MCP-WAIVER-001"),
		                 2); /* BAD, FEB */
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
	/* the expired T-NONE is expired, not unused */
	assert_int_equal(count(r.d, "MCP-WAIVER-002"), 0);
	for (i = 0; i < mcp_diag_count(r.d); i++) {
		const mcp_finding *f = mcp_diag_get(r.d, i);
		if (strcmp(f->rule, "MCP-WAIVER-EXPIRED") == 0 &&
		    strstr(f->message, "T-ONE")) {
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(before_and_on_the_day),
	    cmocka_unit_test(after_the_day),
	    cmocka_unit_test(clock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
