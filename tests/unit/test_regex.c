/*
 * test_regex.c: the patterns matched without PCRE2 (regex.h,
 * mcp_regex_simple_*) against PCRE2 itself: every pattern of mcpc's
 * schemas and patterns written to sit on the forms' edges, each over
 * every string of up to three characters from an alphabet of what the
 * classes hold and what they do not (a newline, a two-byte and a
 * three-byte character, a NUL), and over random strings.
 */
#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"
#include "check/schema/regex.h"

static int pcre_says(const pcre2_code *re, const char *s, size_t len)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc;

	assert_non_null(md);
	rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	assert_true(rc > 0 || rc == PCRE2_ERROR_NOMATCH);
	return rc > 0;
}

static const char *const alphabet[] = {
    "a",  "z",  "m", "A", "Z", "0",        "9",
    "-",  ".",  "_", ":", "/", "~",        " ",
    "\n", "\t", "!", "]", "^", "\xc3\xa9", "\xe2\x82\xac",
    "\0"};
#define NALPHA (sizeof(alphabet) / sizeof(alphabet[0]))

static size_t piece(size_t i, char *out)
{
	size_t n = alphabet[i][0] ? strlen(alphabet[i]) : 1;

	memcpy(out, alphabet[i], n);
	return n;
}

/* The simple matcher and PCRE2 agree on @p pattern over every string of
 * up to three characters of the alphabet and over random ones. */
static void agree(const char *pattern, const mcp_regex_simple *re)
{
	char err[128], s[64];
	pcre2_code *code = mcp_regex_compile(pattern, err, sizeof(err));
	size_t a, b, c, n, k;
	unsigned seed = 7;

	assert_non_null(code);
	for (a = 0; a <= NALPHA; a++)
		for (b = 0; b <= (a ? NALPHA : 0); b++)
			for (c = 0; c <= (b ? NALPHA : 0); c++) {
				n = 0;
				if (a)
					n += piece(a - 1, s + n);
				if (b)
					n += piece(b - 1, s + n);
				if (c)
					n += piece(c - 1, s + n);
				if (mcp_regex_simple_match(re, s, n) !=
				    pcre_says(code, s, n))
					fail_msg(
					    "'%s' on '%.*s': the simple "
					    "matcher says %d",
					    pattern, (int)n, s,
					    mcp_regex_simple_match(re, s, n));
			}
	for (k = 0; k < 3000; k++) {
		n = 0;
		seed = seed * 1103515245u + 12345u;
		for (a = (seed >> 16) % 12; a > 0 && n + 4 < sizeof(s); a--) {
			seed = seed * 1103515245u + 12345u;
			n += piece((seed >> 16) % (NALPHA - 4), s + n);
		}
		if (mcp_regex_simple_match(re, s, n) != pcre_says(code, s, n))
			fail_msg("'%s' on '%.*s' disagrees", pattern, (int)n,
			         s);
	}
	pcre2_code_free(code);
}

static void forms(void **state)
{
	static const char *const simple[] = {
	    "^[-._a-zA-Z0-9]+$",
	    "^[-A-Za-z0-9_.:]+$",
	    "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
	    "^[a-z]+$",
	    "^[a-z]*$",
	    "^[a-z]{3}$",
	    "^[a-z]{0,2}$",
	    "^[a-z-]+$",
	    "^[a\\-z]+$",
	    "^[a\\.z]+$",
	    "^[!-~]+$",
	    "^[ -~]*$",
	    "^[A-Z]([A-Z0-9_]*[A-Z])?$",
	    "^[a]([a-z]*[a])?$",
	};
	static const char *const not_simple[] = {
	    "^[^a]+$",
	    "[a-z]+$",
	    "^[a-z]+",
	    "^[a-z]+$x",
	    "^[\\d]+$",
	    "^[]a]+$",
	    "^[a-z]?$",
	    "^[a-z]{2,1}$",
	    "^[z-a]+$",
	    "^[a-z]([a-z]*[0-9])?$",
	    "^[a-z0-9]([a-z]*[a-z0-9])?$",
	    "^[\xc3\xa9]+$",
	    "^[a-z]+|b$",
	    "^([a-z])+$",
	    "^[a-z]{1,}$",
	    "^[\\w]+$",
	    "^[a-z][a-z]+$",
	};
	mcp_regex_simple re;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(simple) / sizeof(simple[0]); i++) {
		if (!mcp_regex_simple_compile(simple[i], &re))
			fail_msg("'%s' is not taken as simple", simple[i]);
		agree(simple[i], &re);
	}
	for (i = 0; i < sizeof(not_simple) / sizeof(not_simple[0]); i++)
		if (mcp_regex_simple_compile(not_simple[i], &re))
			fail_msg("'%s' is taken as simple", not_simple[i]);
}

/* Every "pattern" of mcpc's own schemas: simple or not, agreed on. */
static void schemas(void **state)
{
	static const char *const files[] = {
	    "schema/mcp-spec.schema.json", "schema/project.schema.json",
	    "schema/rulepack.schema.json", "schema/compat.schema.json",
	    "schema/waivers.schema.json",  "schema/values.schema.json"};
	size_t i, taken = 0;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		json_error_t e;
		json_t *doc = json_load_file(files[i], 0, &e);
		json_t *stack[4096];
		size_t top = 0;
		assert_non_null(doc);
		stack[top++] = doc;
		while (top) {
			json_t *v = stack[--top], *x;
			const char *key;
			size_t k;
			json_object_foreach(v, key, x)
			{
				mcp_regex_simple re;
				if (strcmp(key, "pattern") == 0 &&
				    json_is_string(x) &&
				    mcp_regex_simple_compile(
				        json_string_value(x), &re)) {
					agree(json_string_value(x), &re);
					taken++;
				}
				if (top < 4096)
					stack[top++] = x;
			}
			json_array_foreach(v, k, x)
			{
				if (top < 4096)
					stack[top++] = x;
			}
		}
		json_decref(doc);
	}
	assert_true(taken >= 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(forms),
	    cmocka_unit_test(schemas),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
