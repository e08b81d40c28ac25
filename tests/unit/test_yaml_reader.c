/*
 * test_yaml_reader.c: text of printable ASCII goes to libyaml's scanner
 * without its reader (yaml.c, direct_input). Loading any text that way
 * and through the reader (LOAD_READER) must give the same documents, the
 * same source map and the same findings: on every file of fixtures/ and
 * on every prefix of texts that end in every way a YAML text can end.
 */
#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"
#include "front/loader.h"

typedef struct stats {
	size_t texts, nodes, findings;
} stats;

static void same_places(const mcp_srcmap *a, const mcp_srcmap *b, size_t doc,
                        json_t *v, mcp_buf *ptr, const char *what, stats *st)
{
	size_t len = ptr->len, i;
	mcp_loc va, ka, vb, kb;
	const char *key;
	json_t *child;
	int ra, rb;

	memset(&va, 0, sizeof(va));
	memset(&ka, 0, sizeof(ka));
	memset(&vb, 0, sizeof(vb));
	memset(&kb, 0, sizeof(kb));
	ra = mcp_srcmap_lookup(a, doc, ptr->ptr ? ptr->ptr : "", &va, &ka);
	rb = mcp_srcmap_lookup(b, doc, ptr->ptr ? ptr->ptr : "", &vb, &kb);
	if (ra != rb || va.line != vb.line || va.column != vb.column ||
	    ka.line != kb.line || ka.column != kb.column)
		fail_msg("%s: document %zu, \"%s\": %d at %u:%u (key %u:%u) "
		         "direct, %d at %u:%u (key %u:%u) through the reader",
		         what, doc, ptr->ptr ? ptr->ptr : "", ra, va.line,
		         va.column, ka.line, ka.column, rb, vb.line, vb.column,
		         kb.line, kb.column);
	st->nodes++;
	if (json_is_object(v)) {
		json_object_foreach(v, key, child)
		{
			mcp_buf_put_token(ptr, key, strlen(key));
			same_places(a, b, doc, child, ptr, what, st);
			mcp_buf_truncate(ptr, len);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child)
		{
			mcp_buf_printf(ptr, "/%zu", i);
			same_places(a, b, doc, child, ptr, what, st);
			mcp_buf_truncate(ptr, len);
		}
	}
	assert_false(ptr->oom);
}

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Load @p text both ways; everything must agree. */
static void compare_text(const char *name, const char *text, size_t len,
                         stats *st)
{
	mcp_source *a = NULL, *b = NULL;
	mcp_diag *da, *db;
	int ra, rb;
	size_t i;

	assert_int_equal(mcp_diag_new(&da), 0);
	assert_int_equal(mcp_diag_new(&db), 0);
	ra = load_buffer_with(&a, name, text, len, NULL, da, 0);
	rb = load_buffer_with(&b, name, text, len, NULL, db, LOAD_READER);
	if (ra != rb)
		fail_msg("%s: returns %d direct, %d through the reader", name,
		         ra, rb);
	assert_true((a == NULL) == (b == NULL));
	if (a) {
		assert_int_equal(mcp_source_doc_count(a),
		                 mcp_source_doc_count(b));
		assert_int_equal(mcp_srcmap_size(mcp_source_srcmap(a)),
		                 mcp_srcmap_size(mcp_source_srcmap(b)));
		for (i = 0; i < mcp_source_doc_count(a); i++) {
			json_t *x = mcp_source_doc(a, i),
			       *y = mcp_source_doc(b, i);
			char *sx = json_dumps(x, JSON_ENCODE_ANY);
			char *sy = json_dumps(y, JSON_ENCODE_ANY);
			mcp_buf ptr;
			if (!same_str(sx, sy))
				fail_msg("%s: document %zu differs", name, i);
			free(sx);
			free(sy);
			mcp_buf_init(&ptr);
			same_places(mcp_source_srcmap(a), mcp_source_srcmap(b),
			            i, x, &ptr, name, st);
			mcp_buf_free(&ptr);
		}
	}
	if (mcp_diag_count(da) != mcp_diag_count(db))
		fail_msg("%s: %zu findings direct, %zu through the reader",
		         name, mcp_diag_count(da), mcp_diag_count(db));
	for (i = 0; i < mcp_diag_count(da); i++) {
		const mcp_finding *f = mcp_diag_get(da, i);
		const mcp_finding *g = mcp_diag_get(db, i);
		if (!same_str(f->rule, g->rule) || f->severity != g->severity ||
		    f->loc.line != g->loc.line ||
		    f->loc.column != g->loc.column ||
		    !same_str(f->message, g->message) ||
		    !same_str(f->pointer, g->pointer) ||
		    f->related.line != g->related.line ||
		    f->related.column != g->related.column ||
		    f->fatal != g->fatal)
			fail_msg("%s: finding %zu: %s %u:%u '%s' direct, %s "
			         "%u:%u '%s' through the reader",
			         name, i, f->rule, f->loc.line, f->loc.column,
			         f->message, g->rule, g->loc.line,
			         g->loc.column, g->message);
		st->findings++;
	}
	mcp_source_free(a);
	mcp_source_free(b);
	mcp_diag_free(da);
	mcp_diag_free(db);
	st->texts++;
}

/* Every file of fixtures/ (YAML, JSON, broken ones, the fuzz inputs). */
static void reader_fixtures(void **state)
{
	char **paths;
	size_t n, i;
	stats st;
	mcp_diag *d;

	(void)state;
	memset(&st, 0, sizeof(st));
	assert_int_equal(mcp_diag_new(&d), 0);
	assert_int_equal(mcp_paths_expand(&paths, &n, "fixtures", d), 0);
	for (i = 0; i < n; i++) {
		mcp_buf text;
		FILE *fp = fopen(paths[i], "rb");
		char chunk[4096];
		size_t got;
		assert_non_null(fp);
		mcp_buf_init(&text);
		while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			mcp_buf_put(&text, chunk, got);
		fclose(fp);
		assert_false(text.oom);
		compare_text(paths[i], text.ptr ? text.ptr : "", text.len, &st);
		mcp_buf_free(&text);
	}
	mcp_paths_free(paths, n);
	mcp_diag_free(d);
	print_message("  %zu files, %zu nodes, %zu findings\n", st.texts,
	              st.nodes, st.findings);
	assert_true(st.texts >= 200);
	assert_true(st.nodes >= 20000);
}

/* Texts that end inside every kind of token; each prefix ends the input
 * somewhere else, where the scanner looks past the last character. */
static const char *const endings[] = {
    "%YAML 1.2\n%TAG !e! tag:example.com,2000:\n--- !!map\n"
    "a: &x 'single ''quoted'''\nb: \"double \\\"q\\\" \\u00e9\"\n"
    "c: *x\nd: |+\n  literal\n\n",
    "e: >-\n  folded\n  text\n? complex key\n: value\n"
    "f: [1, 2.5, -3, 0x1F, .inf, ~, null, true, yes, 0644, 1:30]\n"
    "g: {h: i, j: [k, {l: m}]}\n...\n---\n- - n\n  - o\n- p: q\n  r: s\n",
    "<<: {a: 1}\nbase: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n"
    "dup: 1\ndup: 2\n# comment\nt: !!str 12\nu: !!int '7'\n",
    "a: b\r\nc:\r\n  - d\r\n  - 'e\r\n    f'\r\n",
    "key with spaces: value: with colon\n@bad: x\n`tick\n",
    "a:\tb\n\t- c\nd: [e,\tf]\n",
    "plain: multi\n  line\n  scalar\nlast",
    "- [a, b]: c\n- {? d}\n- !local x\n- &anchor\n- *anchor\n",
};

static void reader_every_ending(void **state)
{
	stats st;
	size_t i, k;

	(void)state;
	memset(&st, 0, sizeof(st));
	for (i = 0; i < sizeof(endings) / sizeof(endings[0]); i++) {
		size_t len = strlen(endings[i]);
		for (k = 0; k <= len; k++) {
			char name[64];
			snprintf(name, sizeof(name), "ending-%zu-%zu.yaml", i,
			         k);
			compare_text(name, endings[i], k, &st);
		}
	}
	/* the fall-backs: a control character, a non-ASCII letter */
	compare_text("control.yaml", "a: b\001c\n", 8, &st);
	compare_text("utf8.yaml", "a: caf\xc3\xa9\n", 9, &st);
	compare_text("del.yaml", "a: \x7f\n", 5, &st);
	print_message("  %zu texts, %zu nodes, %zu findings\n", st.texts,
	              st.nodes, st.findings);
	assert_true(st.findings >= 500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(reader_fixtures),
	    cmocka_unit_test(reader_every_ending),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
