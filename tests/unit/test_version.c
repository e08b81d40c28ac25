/*
 * test_version.c: the version engine beyond the differential tests
 * (tests/conformance/), and quantities and durations.
 */
#include "testutil.h"

static int vm(mcp_scheme scheme, const char *v, const char *r)
{
	mcp_buf err;
	int match = -1, rc;

	mcp_buf_init(&err);
	rc = mcp_version_match(&match, scheme, v, r, &err);
	if (rc < 0)
		assert_true(err.len > 0); /* every error says why */
	mcp_buf_free(&err);
	return rc < 0 ? -1 : match;
}

static void semver_ranges(void **state)
{
	(void)state;
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "1.9.1", "^1.8.0"), 1);
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "2.0.0", "^1.8.0"), 0);
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "0.0.4", "^0.0.3"), 0);
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "0.2.9", "^0.2.3"), 1);
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "1.3.0", "<=1.2"), 0);
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "1.2.99", "<=1.2"), 1);
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "2.0.0", ">1"), 1);
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "1.9.9", ">1"), 0);
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "2.9.9", "1.2.3 - 2"), 1);
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "3.0.0", "1.2.3 - 2"), 0);
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "1.2.3+build", "=1.2.3"), 1);
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "1.0.0", ""), 1);
}

static void semver_prereleases(void **state)
{
	(void)state;
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "1.3.0-beta", ">=1.2.0"), 0);
	assert_int_equal(
	    vm(MCP_SCHEME_SEMVER, "1.2.0-beta.2", ">=1.2.0-beta.1"), 1);
	assert_int_equal(
	    vm(MCP_SCHEME_SEMVER, "1.2.0-beta.10", ">1.2.0-beta.9"), 1);
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "1.2.0-alpha", "<1.2.0-beta"),
	                 1);
	/* numbers sort below words */
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "1.2.0-1", "<1.2.0-alpha"), 1);
}

static void semver_errors(void **state)
{
	(void)state;
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "1.2", "*"), -1);
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "01.2.3", "*"), -1);
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "1.2.3", "x.1"), -1);
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "1.2.3", ">= 1.2.3 <"), -1);
	assert_int_equal(vm(MCP_SCHEME_SEMVER, "9007199254740992.0.0", "*"),
	                 -1);
}

static void pep440(void **state)
{
	(void)state;
	assert_int_equal(vm(MCP_SCHEME_PEP440, "1.4.5", "~=1.4.2"), 1);
	assert_int_equal(vm(MCP_SCHEME_PEP440, "1.5.0", "~=1.4.2"), 0);
	assert_int_equal(vm(MCP_SCHEME_PEP440, "1.0.post1", ">1.0"), 0);
	assert_int_equal(vm(MCP_SCHEME_PEP440, "1.0.post1", ">=1.0"), 1);
	assert_int_equal(vm(MCP_SCHEME_PEP440, "1.0", "==1.0.0"), 1);
	assert_int_equal(vm(MCP_SCHEME_PEP440, "1.0a1", "<1.0"), 0);
	/* "<1.0" keeps out the prereleases of 1.0 itself, even when allowed */
	assert_int_equal(vm(MCP_SCHEME_PEP440, "1.0a1", "<1.0,>=1.0a0"), 0);
	assert_int_equal(vm(MCP_SCHEME_PEP440, "1.0a2", ">=1.0a1"), 1);
	assert_int_equal(vm(MCP_SCHEME_PEP440, "2!1.0", ">=9.0"), 1);
	assert_int_equal(vm(MCP_SCHEME_PEP440, "1.0.dev1", "==1.0.*"), 0);
	assert_int_equal(vm(MCP_SCHEME_PEP440, "1.0-1", "===1.0.post1"), 1);
	assert_int_equal(vm(MCP_SCHEME_PEP440, "1.0", "~=1"), -1);
	assert_int_equal(vm(MCP_SCHEME_PEP440, "1.0", ">=1.0+local"), -1);
	assert_int_equal(vm(MCP_SCHEME_PEP440, "1.0-", "*"), -1);
}

static void go_and_numeric(void **state)
{
	(void)state;
	assert_int_equal(vm(MCP_SCHEME_GO, "v1.9.1", ">=1.8.0 <1.10.0"), 1);
	assert_int_equal(vm(MCP_SCHEME_GO, "v0.0.0-20191109021931-daa7c04131f5",
	                    ">=0.0.0-0"),
	                 1);
	assert_int_equal(vm(MCP_SCHEME_GO, "1.9.1", "*"), -1);
	assert_int_equal(vm(MCP_SCHEME_DOTTED, "550.54.15", ">=545 <560"), 1);
	assert_int_equal(vm(MCP_SCHEME_DOTTED, "535.86.10", ">=545"), 0);
	assert_int_equal(vm(MCP_SCHEME_DOTTED, "12.4", "==12.4.0"), 1);
	assert_int_equal(vm(MCP_SCHEME_DOTTED, "12.4.1", "12.4.*"), 1);
	assert_int_equal(vm(MCP_SCHEME_DOTTED, "12.5", "12.4.*"), 0);
	assert_int_equal(vm(MCP_SCHEME_DOTTED, "12..4", "*"), -1);
	assert_int_equal(vm(MCP_SCHEME_CALVER, "24.05", ">=24.01, <25.01"), 1);
	assert_int_equal(vm(MCP_SCHEME_CALVER, "24.5", ">=24.01"), -1);
	assert_int_equal(vm(MCP_SCHEME_CALVER, "24.13", ">=24.01"), -1);
}

static void compare(void **state)
{
	mcp_buf err;
	int c = 9;

	(void)state;
	mcp_buf_init(&err);
	assert_int_equal(mcp_version_compare(&c, MCP_SCHEME_PEP440, "1.0.dev0",
	                                     "1.0a0", &err),
	                 0);
	assert_int_equal(c, -1);
	assert_int_equal(mcp_version_compare(&c, MCP_SCHEME_PEP440, "1.0+abc.5",
	                                     "1.0+abc.10", &err),
	                 0);
	assert_int_equal(c, -1);
	assert_int_equal(mcp_version_compare(&c, MCP_SCHEME_SEMVER,
	                                     "1.0.0-rc.1", "1.0.0", &err),
	                 0);
	assert_int_equal(c, -1);
	assert_int_equal(mcp_version_compare(&c, MCP_SCHEME_DOTTED, "550.54.15",
	                                     "550.54.14", &err),
	                 0);
	assert_int_equal(c, 1);
	assert_int_equal(
	    mcp_version_compare(&c, MCP_SCHEME_SEMVER, "x", "1.0.0", &err),
	    MCP_EPARSE);
	mcp_buf_free(&err);
}

static __int128 q(const char *s)
{
	__int128 v = -1;
	assert_int_equal(mcp_quantity_parse(&v, s, NULL), 0);
	return v;
}

static void quantities(void **state)
{
	mcp_buf err;
	__int128 v;

	(void)state;
	assert_true(q("500m") == (__int128)500000000);
	assert_true(q("8") == (__int128)8000000000LL);
	assert_true(q("1.5") == (__int128)1500000000);
	assert_true(q("1Ki") == (__int128)1024 * 1000000000);
	assert_true(q("8Gi") == (__int128)8 * 1073741824 * 1000000000);
	assert_true(q("32G") == (__int128)32000000000LL * 1000000000);
	assert_true(q("1e3") == q("1k"));
	assert_true(q("1E3") == q("1000"));
	assert_true(q("1E") == (__int128)1000000000000000000LL * 1000000000);
	assert_true(q("-2") == -(__int128)2000000000);
	assert_true(q("1n") == 1);
	assert_true(q("0.1n") == 1); /* rounded up, as Kubernetes does */
	assert_true(q("256Gi") > q("200G"));
	/* zero under any exponent; the largest of each suffix */
	assert_true(q("0e1000") == 0);
	assert_true(q("0Ei") == 0);
	assert_true(q("7Ei") == (__int128)7 * ((__int128)1 << 60) * 1000000000);
	assert_true(q("9223372036854775807") ==
	            (__int128)INT64_MAX * 1000000000);
	assert_true(q("9223372036854775.807k") ==
	            (__int128)INT64_MAX * 1000000000);
	assert_true(q("1.5Mi") == (__int128)1572864 * 1000000000);
	mcp_buf_init(&err);
	assert_int_equal(mcp_quantity_parse(&v, "8GB", &err), MCP_EPARSE);
	assert_non_null(strstr(err.ptr, "'8GB' is not a Kubernetes quantity"));
	assert_int_equal(mcp_quantity_parse(&v, "", NULL), MCP_EPARSE);
	assert_int_equal(mcp_quantity_parse(&v, "1.2.3", NULL), MCP_EPARSE);
	assert_int_equal(
	    mcp_quantity_parse(&v, "99999999999999999999999Ei", NULL),
	    MCP_EPARSE);
	/* Kubernetes' ceiling, 2^63-1 units, either sign: at it compares,
	 * past it (1e28 fits in nano-units, but not in Kubernetes) refused */
	assert_true(q("9223372036854775807") ==
	            (__int128)INT64_MAX * 1000000000);
	assert_true(q("-9223372036854775807") ==
	            -(__int128)INT64_MAX * 1000000000);
	assert_true(q("7Ei") < q("9223372036854775807"));
	mcp_buf_clear(&err);
	assert_int_equal(mcp_quantity_parse(&v, "1e28", &err), MCP_EPARSE);
	assert_non_null(strstr(err.ptr, "at most 2^63-1"));
	assert_int_equal(mcp_quantity_parse(&v, "9223372036854775808", NULL),
	                 MCP_EPARSE);
	assert_int_equal(mcp_quantity_parse(&v, "-9223372036854775808", NULL),
	                 MCP_EPARSE);
	assert_int_equal(mcp_quantity_parse(&v, "8Ei", NULL), MCP_EPARSE);
	assert_int_equal(
	    mcp_quantity_parse(&v, "9223372036854775807000m", NULL), 0);
	assert_int_equal(
	    mcp_quantity_parse(&v, "9223372036854775807001m", NULL),
	    MCP_EPARSE);
	assert_int_equal(mcp_quantity_parse(&v, "1e400", NULL), MCP_EPARSE);
	mcp_buf_free(&err);
}

static int64_t d(const char *s)
{
	int64_t v = -1;
	assert_int_equal(mcp_duration_parse(&v, s, NULL), 0);
	return v;
}

static void durations(void **state)
{
	int64_t v;

	(void)state;
	assert_true(d("1m30s") == 90000000000LL);
	assert_true(d("500ms") == 500000000LL);
	assert_true(d("1.5h") == 5400000000000LL);
	assert_true(d(".5s") == 500000000LL);
	assert_true(d("0") == 0);
	assert_true(d("-1s") == -1000000000LL);
	assert_true(d("1us") == 1000 && d("1\xc2\xb5s") == 1000);
	assert_true(d("2h45m3.5s") == 9903500000000LL);
	assert_int_equal(mcp_duration_parse(&v, "", NULL), MCP_EPARSE);
	assert_int_equal(mcp_duration_parse(&v, "5", NULL), MCP_EPARSE);
	assert_int_equal(mcp_duration_parse(&v, "1d", NULL), MCP_EPARSE);
	assert_int_equal(mcp_duration_parse(&v, "s", NULL), MCP_EPARSE);
	assert_int_equal(mcp_duration_parse(&v, "9999999999h", NULL),
	                 MCP_EPARSE);
}

/* mcp_range_relation(a, b) against counting: in_a and in_b say which of
 * the same n versions each range admits. */
static void expect_relation(mcp_scheme scheme, const char *a, const char *b,
                            const unsigned char *in_a,
                            const unsigned char *in_b, size_t n)
{
	int some = 0, both = 0, outside = 0;
	mcp_range_rel rel, want;
	mcp_buf err;
	size_t k;

	for (k = 0; k < n; k++) {
		some |= in_a[k];
		both |= in_a[k] && in_b[k];
		outside |= in_a[k] && !in_b[k];
	}
	want = !some     ? MCP_RANGE_EMPTY
	       : !both   ? MCP_RANGE_DISJOINT
	       : outside ? MCP_RANGE_OVERLAP
	                 : MCP_RANGE_SUBSET;
	mcp_buf_init(&err);
	assert_int_equal(mcp_range_relation(&rel, scheme, a, b, &err), 0);
	mcp_buf_free(&err);
	if (rel != want)
		fail_msg("'%s' against '%s': %d, counted %d", a, b, rel, want);
}

/*
 * What a range admits, compared by intervals, against counting: every
 * release x.y.z with parts 0..12 tested one by one. The ranges use parts
 * up to 10, so versions past 12 behave as 12.12.12 does.
 */
static void range_relations(void **state)
{
	static const char *ranges[] = {"*",
	                               "^1.2.3",
	                               "~1.2.3",
	                               "1.x",
	                               ">=1.2.3 <2.0.0",
	                               ">1.2.3",
	                               "<=1.2",
	                               "1.2.3 - 2.3",
	                               "^0.2.3",
	                               "^0.0.3",
	                               "=1.2.3",
	                               "1.2.3",
	                               ">=2",
	                               "<1",
	                               "1 || 3",
	                               "2.x || 10.x",
	                               ">=1.2.3-beta <1.2.5",
	                               "<1.2.3-0",
	                               ">1.2.3-alpha.1",
	                               "1.2.3-rc.1",
	                               "^1.0.0 || ^2.0.0",
	                               "~1.2 || ~1.3",
	                               "<0.0.0",
	                               ">=3 <2",
	                               "1.2.3 - 1.2.3",
	                               ">10.10.10",
	                               "<=0.0.0",
	                               "^10",
	                               "~0",
	                               ">=0.0.0",
	                               "1.2.x || >=1.3.0 <1.5.0",
	                               "^1.2.3 >=1.5.0"};
	enum { N = sizeof(ranges) / sizeof(ranges[0]), G = 13 };
	static unsigned char in[N][G * G * G];
	size_t i, j, k;

	(void)state;
	for (i = 0; i < N; i++)
		for (k = 0; k < G * G * G; k++) {
			char v[32];
			snprintf(v, sizeof(v), "%zu.%zu.%zu", k / (G * G),
			         k / G % G, k % G);
			in[i][k] =
			    (unsigned char)vm(MCP_SCHEME_SEMVER, v, ranges[i]);
		}
	for (i = 0; i < N; i++)
		for (j = 0; j < N; j++)
			expect_relation(MCP_SCHEME_SEMVER, ranges[i], ranges[j],
			                in[i], in[j], G * G * G);
}

/*
 * The same for PEP 440 specifier sets, against counting every final
 * release of one to four numbers 0..5: the sets use numbers up to 4 and
 * three parts at most, so the grid holds a witness of every difference
 * (1.2.0.1 between 1.2 and 1.2.1).
 */
static void pep440_relations(void **state)
{
	static const char *sets[] = {"",
	                             ">=1.2",
	                             ">1.2",
	                             "<1.2",
	                             "<=1.2",
	                             "==1.2",
	                             "!=1.2",
	                             "==1.2.*",
	                             "!=1.2.*",
	                             "~=1.2",
	                             "~=1.2.1",
	                             "<1.2rc1",
	                             ">=1.2rc1",
	                             ">1.2.post1",
	                             ">=1.2.post1",
	                             "<=1.2.post1",
	                             "<1.2.post1",
	                             "~=1.2.post1",
	                             "==1.2+abc",
	                             "==1.2rc1",
	                             "!=1.2rc1",
	                             ">=1, <2",
	                             ">=1, !=1.3.*, <2",
	                             ">1.2, <1.2.1",
	                             ">=3, <2",
	                             "<0",
	                             "<=0",
	                             "==0.*",
	                             "~=1.2.3, !=1.2.4",
	                             ">=1.2, !=1.2, <=1.2.0.0",
	                             ">=4",
	                             "==1.2.0",
	                             "!=1.2.0, >=1.2"};
	enum { N = sizeof(sets) / sizeof(sets[0]), M = 6 * (1 + 6 + 36 + 216) };
	static unsigned char in[N][M];
	static char ver[M][16];
	size_t i, j, k, nv = 0;

	(void)state;
	for (k = 0; k < 6 * 6 * 6 * 6; k++) {
		size_t d[4] = {k / 216, k / 36 % 6, k / 6 % 6, k % 6}, len;
		for (len = 1; len <= 4; len++) {
			/* one entry per distinct tuple of this length */
			size_t t, zero_tail = 1;
			for (t = len; t < 4; t++)
				zero_tail &= d[t] == 0;
			if (!zero_tail)
				continue;
			if (len == 1)
				snprintf(ver[nv], 16, "%zu", d[0]);
			else if (len == 2)
				snprintf(ver[nv], 16, "%zu.%zu", d[0], d[1]);
			else if (len == 3)
				snprintf(ver[nv], 16, "%zu.%zu.%zu", d[0], d[1],
				         d[2]);
			else
				snprintf(ver[nv], 16, "%zu.%zu.%zu.%zu", d[0],
				         d[1], d[2], d[3]);
			nv++;
		}
	}
	assert_true(nv <= M);
	for (i = 0; i < N; i++)
		for (k = 0; k < nv; k++)
			in[i][k] = (unsigned char)vm(MCP_SCHEME_PEP440, ver[k],
			                             sets[i]);
	for (i = 0; i < N; i++)
		for (j = 0; j < N; j++)
			expect_relation(MCP_SCHEME_PEP440, sets[i], sets[j],
			                in[i], in[j], nv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(semver_ranges),
	    cmocka_unit_test(semver_prereleases),
	    cmocka_unit_test(semver_errors),
	    cmocka_unit_test(pep440),
	    cmocka_unit_test(go_and_numeric),
	    cmocka_unit_test(compare),
	    cmocka_unit_test(range_relations),
	    cmocka_unit_test(pep440_relations),
	    cmocka_unit_test(quantities),
	    cmocka_unit_test(durations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
