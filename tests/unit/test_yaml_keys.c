/*
 * test_yaml_keys.c: duplicate keys against a reference kept in the test.
 * The YAML loader tells a new key from a repeated one by a bit per key
 * (from its length and its first and last bytes) before it looks the key
 * up; every repeated key must still be found, whatever bits the keys
 * share, in mappings of every size and at every depth.
 */
#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"

/* A small linear congruential generator: the same cases on every run. */
static unsigned next_rand(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

/* Keys that share their length and their first and last bytes ("a07z")
 * or not ("k12"), so that bits collide as well as differ. */
static void make_key(char *out, size_t cap, unsigned pick, unsigned kind)
{
	if (kind == 0)
		snprintf(out, cap, "a%02uz", pick % 100);
	else
		snprintf(out, cap, "k%u", pick);
}

/* One mapping of @p nkeys keys drawn from @p range names, nested under
 * key "m" of a document, and under a second level for odd seeds. Every
 * repeat must be a finding at its line, related to the first one. */
static void one_case(unsigned seed, unsigned nkeys, unsigned range)
{
	char(*keys)[16] = calloc(nkeys, sizeof(*keys));
	unsigned *first = calloc(nkeys, sizeof(*first));
	unsigned s = seed, i, j, want = 0, got = 0, line;
	int nested = seed & 1;
	mcp_buf text;
	mcp_source *src;
	mcp_diag *d;
	int rc;

	assert_non_null(keys);
	assert_non_null(first);
	mcp_buf_init(&text);
	/* line 1 "m:", line 2 "  m:" when nested: keys start below */
	mcp_buf_puts(&text, "m:\n");
	if (nested)
		mcp_buf_puts(&text, "  m:\n");
	line = nested ? 3 : 2;
	for (i = 0; i < nkeys; i++) {
		make_key(keys[i], sizeof(keys[i]), next_rand(&s) % range,
		         next_rand(&s) % 2);
		first[i] = 0;
		for (j = 0; j < i; j++)
			if (strcmp(keys[j], keys[i]) == 0 && !first[j]) {
				first[i] = line - i + j; /* line of key j */
				break;
			}
		if (first[i])
			want++;
		mcp_buf_printf(&text, "%s%s: {%s: %u}\n",
		               nested ? "    " : "  ", keys[i], keys[i], i);
		line++;
	}
	assert_false(text.oom);
	src = tu_load(text.ptr, &d, &rc);
	assert_non_null(src);
	assert_int_equal(rc, want ? MCP_EPARSE : 0);
	for (i = 0; i < mcp_diag_count(d); i++) {
		const mcp_finding *f = mcp_diag_get(d, i);
		unsigned k;
		if (strcmp(f->rule, "MCP-YAML-002") != 0)
			continue;
		k = f->loc.line - (nested ? 3 : 2);
		assert_true(k < nkeys);
		if (!first[k])
			fail_msg("seed %u: key '%s' on line %u is no repeat",
			         seed, keys[k], f->loc.line);
		if (f->related.line != first[k])
			fail_msg("seed %u: key '%s' on line %u: first at %u, "
			         "said %u",
			         seed, keys[k], f->loc.line, first[k],
			         f->related.line);
		got++;
	}
	if (got != want)
		fail_msg("seed %u (%u keys from %u): %u repeats, %u found",
		         seed, nkeys, range, want, got);
	mcp_source_free(src);
	mcp_diag_free(d);
	mcp_buf_free(&text);
	free(keys);
	free(first);
}

static void duplicate_keys_reference(void **state)
{
	static const unsigned sizes[] = {1, 2, 3, 8, 30, 64, 65, 200, 700};
	unsigned seed = 1, i, r;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (r = 0; r < 12; r++) {
			/* a range below the size repeats keys; above, few */
			unsigned range = r % 3 == 0   ? sizes[i]
			                 : r % 3 == 1 ? sizes[i] * 4 + 1
			                              : sizes[i] / 2 + 1;
			one_case(seed++, sizes[i], range);
		}
}

/* The same key in sibling and nested mappings is no repeat. */
static void same_key_elsewhere(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = tu_load("a: {a: {a: 1}, b: {a: 2}}\n"
	                          "b: [{a: 1, b: 2}, {a: 3}]\n"
	                          "c: {x: 1}\n",
	                          &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_null(tu_find(d, "MCP-YAML-002"));
	mcp_source_free(src);
	mcp_diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(duplicate_keys_reference),
	    cmocka_unit_test(same_key_elsewhere),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
