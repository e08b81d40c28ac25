/*
 * test_load.c: the front end (YAML and JSON readers) and the source map.
 * Every case loads a small text and asserts where its nodes stand (line and
 * column, 1-based, columns in code points), what they mean, and which
 * MCP-YAML-* findings the loader reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static void free_source(void *p)
{
	mcp_source_free(p);
}

static void free_diag(void *p)
{
	mcp_diag_free(p);
}

static void free_buf(void *p)
{
	mcp_buf_free(p);
	free(p);
}

/* A new, empty mcp_buf owned by the teardown. */
static mcp_buf *new_buf(void)
{
	mcp_buf *b = malloc(sizeof(*b));

	assert_non_null(b);
	mcp_buf_init(b);
	return defer(free_buf, b);
}

/* tu_load_named / tu_load, with the results owned by the teardown. */
static mcp_source *load_named(const char *name, const char *text, mcp_diag **d,
                              int *rc)
{
	mcp_source *src = tu_load_named(name, text, d, rc);

	defer(free_diag, *d);
	assert_non_null(src);
	return defer(free_source, src);
}

static mcp_source *load(const char *yaml, mcp_diag **d, int *rc)
{
	return load_named("t.yaml", yaml, d, rc);
}

/* Load @p len bytes of @p data as @p name with @p opts (NULL: defaults). */
static mcp_source *load_len(const char *name, const char *data, size_t len,
                            const mcp_load_opts *opts, mcp_diag **d, int *rc)
{
	mcp_source *src = NULL;

	assert_int_equal(mcp_diag_new(d), 0);
	defer(free_diag, *d);
	*rc = mcp_source_load_buffer(&src, name, data, len, opts, *d);
	assert_non_null(src);
	return defer(free_source, src);
}

/* Free a case's source and findings before the case ends. */
static void finish(mcp_source *src, mcp_diag *d)
{
	release(src);
	release(d);
}

/* The @p nth (from 0) finding with rule @p rule, or NULL. */
static const mcp_finding *find_nth(const mcp_diag *d, const char *rule,
                                   size_t nth)
{
	size_t i;

	for (i = 0; i < mcp_diag_count(d); i++) {
		const mcp_finding *f = mcp_diag_get(d, i);
		if (strcmp(f->rule, rule) == 0 && nth-- == 0)
			return f;
	}
	return NULL;
}

/* Assert that finding @p f stands at line:col. */
#define assert_at(f, l, c)                                                     \
	do {                                                                   \
		assert_non_null(f);                                            \
		assert_int_equal((f)->loc.line, l);                            \
		assert_int_equal((f)->loc.column, c);                          \
	} while (0)

/* Assert that @p pointer of @p doc is not in the source map. */
#define assert_no_place(src, doc, pointer)                                     \
	assert_int_equal(mcp_srcmap_lookup(mcp_source_srcmap(src), doc,        \
	                                   pointer, NULL, NULL),               \
	                 MCP_ENOTFOUND)

/* The value at @p pointer of document @p doc (borrowed). */
static json_t *at(const mcp_source *src, size_t doc, const char *pointer)
{
	json_t *v = mcp_source_doc(src, doc);
	char tok[128];

	assert_non_null(v);
	while (*pointer == '/') {
		const char *s = pointer + 1, *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		assert_true(n < sizeof(tok));
		memcpy(tok, s, n);
		tok[n] = '\0';
		if (json_is_array(v))
			v = json_array_get(v, (size_t)strtoul(tok, NULL, 10));
		else
			v = json_object_get(v, tok);
		assert_non_null(v);
		pointer = s + n;
	}
	return v;
}

static void assert_str(const mcp_source *src, size_t doc, const char *pointer,
                       const char *expect)
{
	json_t *v = at(src, doc, pointer);

	assert_true(json_is_string(v));
	assert_string_equal(json_string_value(v), expect);
}

static void assert_int(const mcp_source *src, size_t doc, const char *pointer,
                       json_int_t expect)
{
	json_t *v = at(src, doc, pointer);

	assert_true(json_is_integer(v));
	assert_true(json_integer_value(v) == expect);
}

static void assert_real(const mcp_source *src, size_t doc, const char *pointer,
                        double expect)
{
	json_t *v = at(src, doc, pointer);

	assert_true(json_is_real(v));
	assert_true(json_real_value(v) == expect);
}

/* The place of a sequence item or document root has no key (line 0). */
static void assert_no_key(const mcp_source *src, size_t doc,
                          const char *pointer)
{
	mcp_loc k;

	assert_int_equal(
	    mcp_srcmap_lookup(mcp_source_srcmap(src), doc, pointer, NULL, &k),
	    0);
	assert_int_equal(k.line, 0);
}

/* ---------------------------------------------------------------- YAML */

static void block_mapping_places(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("name: demo\nreplicas: 3\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(mcp_source_doc_count(src), 1);
	assert_place(src, 0, "/name", 1, 7);
	assert_key_place(src, 0, "/name", 1, 1);
	assert_place(src, 0, "/replicas", 2, 11);
	assert_key_place(src, 0, "/replicas", 2, 1);
	assert_str(src, 0, "/name", "demo");
	assert_int(src, 0, "/replicas", 3);
	assert_int_equal(mcp_diag_count(d), 0);
	finish(src, d);
}

static void nested_block_mapping_places(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src =
	    load("spec:\n  model:\n    name: x\n  size: 2\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	/* A block mapping stands where its first key does. */
	assert_place(src, 0, "/spec", 2, 3);
	assert_key_place(src, 0, "/spec", 1, 1);
	assert_place(src, 0, "/spec/model", 3, 5);
	assert_key_place(src, 0, "/spec/model", 2, 3);
	assert_place(src, 0, "/spec/model/name", 3, 11);
	assert_key_place(src, 0, "/spec/model/name", 3, 5);
	assert_place(src, 0, "/spec/size", 4, 9);
	assert_key_place(src, 0, "/spec/size", 4, 3);
	finish(src, d);
}

static void root_place_has_no_key(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("\n\n  a: 1\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_place(src, 0, "", 3, 3);
	assert_no_key(src, 0, "");
	assert_place(src, 0, "/a", 3, 6);
	finish(src, d);
}

static void block_sequence_places(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("items:\n  - a\n  - b\n  -   c\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_place(src, 0, "/items", 2, 3);
	assert_key_place(src, 0, "/items", 1, 1);
	assert_place(src, 0, "/items/0", 2, 5);
	assert_place(src, 0, "/items/1", 3, 5);
	assert_place(src, 0, "/items/2", 4, 7);
	assert_no_key(src, 0, "/items/1");
	assert_str(src, 0, "/items/2", "c");
	assert_no_place(src, 0, "/items/3");
	finish(src, d);
}

static void sequence_of_mappings_places(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("- name: a\n  port: 80\n- name: b\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_place(src, 0, "", 1, 1);
	assert_place(src, 0, "/0", 1, 3);
	assert_place(src, 0, "/0/name", 1, 9);
	assert_key_place(src, 0, "/0/name", 1, 3);
	assert_place(src, 0, "/0/port", 2, 9);
	assert_key_place(src, 0, "/0/port", 2, 3);
	assert_place(src, 0, "/1", 3, 3);
	assert_place(src, 0, "/1/name", 3, 9);
	assert_key_place(src, 0, "/1/name", 3, 3);
	finish(src, d);
}

static void flow_collection_places(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("{a: 1, b: [x, z], c: {d: e}}", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_place(src, 0, "", 1, 1);
	assert_place(src, 0, "/a", 1, 5);
	assert_key_place(src, 0, "/a", 1, 2);
	assert_place(src, 0, "/b", 1, 11);
	assert_key_place(src, 0, "/b", 1, 8);
	assert_place(src, 0, "/b/0", 1, 12);
	assert_place(src, 0, "/b/1", 1, 15);
	assert_place(src, 0, "/c", 1, 22);
	assert_key_place(src, 0, "/c", 1, 19);
	assert_place(src, 0, "/c/d", 1, 26);
	assert_key_place(src, 0, "/c/d", 1, 23);
	finish(src, d);
}

static void nested_flow_in_block_places(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("spec:\n"
	                       "  ports: [80, 443]\n"
	                       "  env: {A: \"1\", B: [x, {q: r}]}\n",
	                       &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_place(src, 0, "/spec/ports", 2, 10);
	assert_key_place(src, 0, "/spec/ports", 2, 3);
	assert_place(src, 0, "/spec/ports/1", 2, 15);
	assert_int(src, 0, "/spec/ports/1", 443);
	assert_place(src, 0, "/spec/env", 3, 8);
	assert_place(src, 0, "/spec/env/A", 3, 12);
	assert_key_place(src, 0, "/spec/env/A", 3, 9);
	assert_str(src, 0, "/spec/env/A", "1");
	assert_place(src, 0, "/spec/env/B", 3, 20);
	assert_key_place(src, 0, "/spec/env/B", 3, 17);
	assert_place(src, 0, "/spec/env/B/1", 3, 24);
	assert_place(src, 0, "/spec/env/B/1/q", 3, 28);
	assert_key_place(src, 0, "/spec/env/B/1/q", 3, 25);
	finish(src, d);
}

static void scalar_styles_places(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("a: plain text\n"
	                       "b: 'single ''q'''\n"
	                       "c: \"double \\\"q\\\" \\u00e9\"\n"
	                       "'d k': 1\n"
	                       "\"e k\": 2\n",
	                       &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_place(src, 0, "/a", 1, 4);
	assert_place(src, 0, "/b", 2, 4);
	assert_place(src, 0, "/c", 3, 4);
	assert_str(src, 0, "/a", "plain text");
	assert_str(src, 0, "/b", "single 'q'");
	assert_str(src, 0, "/c", "double \"q\" \xC3\xA9");
	assert_key_place(src, 0, "/d k", 4, 1);
	assert_place(src, 0, "/d k", 4, 8);
	assert_key_place(src, 0, "/e k", 5, 1);
	assert_place(src, 0, "/e k", 5, 8);
	finish(src, d);
}

static void literal_block_scalar_place(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("script: |\n"
	                       "  echo one\n"
	                       "  echo two\n"
	                       "after: |+\n"
	                       "  keep\n"
	                       "\n"
	                       "last: 1\n",
	                       &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_place(src, 0, "/script", 1, 9);
	assert_key_place(src, 0, "/script", 1, 1);
	assert_str(src, 0, "/script", "echo one\necho two\n");
	assert_place(src, 0, "/after", 4, 8);
	assert_str(src, 0, "/after", "keep\n\n");
	assert_place(src, 0, "/last", 7, 7);
	assert_key_place(src, 0, "/last", 7, 1);
	finish(src, d);
}

static void folded_block_scalar_place(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("spec:\n"
	                       "  text: >-\n"
	                       "    folded\n"
	                       "    lines\n"
	                       "  next: x\n",
	                       &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_place(src, 0, "/spec/text", 2, 9);
	assert_key_place(src, 0, "/spec/text", 2, 3);
	assert_str(src, 0, "/spec/text", "folded lines");
	assert_place(src, 0, "/spec/next", 5, 9);
	finish(src, d);
}

static void multiline_plain_scalar_place(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load(
	    "k: hello\n  world\n  again\nz: \"one\n  two\"\nw: 1\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_place(src, 0, "/k", 1, 4);
	assert_str(src, 0, "/k", "hello world again");
	assert_place(src, 0, "/z", 4, 4);
	assert_key_place(src, 0, "/z", 4, 1);
	assert_str(src, 0, "/z", "one two");
	assert_place(src, 0, "/w", 6, 4);
	assert_key_place(src, 0, "/w", 6, 1);
	finish(src, d);
}

static void crlf_line_endings(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src =
	    load("a: 1\r\nb:\r\n  c: \"x\"\r\n  d: [1,\r\n    2]\r\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_place(src, 0, "/a", 1, 4);
	assert_key_place(src, 0, "/b", 2, 1);
	assert_place(src, 0, "/b/c", 3, 6);
	assert_key_place(src, 0, "/b/c", 3, 3);
	assert_place(src, 0, "/b/d", 4, 6);
	assert_place(src, 0, "/b/d/1", 5, 5);
	assert_str(src, 0, "/b/c", "x");
	finish(src, d);
}

static void lone_cr_line_endings(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("a: 1\rb: 2\r", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_place(src, 0, "/b", 2, 4);
	assert_key_place(src, 0, "/b", 2, 1);
	finish(src, d);
}

static void utf8_bom_is_skipped(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("\xEF\xBB\xBFkey: value\nother: 2\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_key_place(src, 0, "/key", 1, 1);
	assert_place(src, 0, "/key", 1, 6);
	assert_place(src, 0, "/other", 2, 8);
	assert_str(src, 0, "/key", "value");
	assert_int_equal(mcp_diag_count(d), 0);
	finish(src, d);
}

static void multibyte_columns_count_code_points(void **state)
{
	mcp_diag *d;
	int rc;
	/* 名前 is 6 bytes, 😀 4 bytes, é 2 bytes: each one column. */
	mcp_source *src = load("\xE5\x90\x8D\xE5\x89\x8D: \xE5\x80\xA4\n"
	                       "\xF0\x9F\x98\x80: x\n"
	                       "caf\xC3\xA9: {\xC3\xA9: [\xC3\xBC, v]}\n",
	                       &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_key_place(src, 0, "/\xE5\x90\x8D\xE5\x89\x8D", 1, 1);
	assert_place(src, 0, "/\xE5\x90\x8D\xE5\x89\x8D", 1, 5);
	assert_place(src, 0, "/\xF0\x9F\x98\x80", 2, 4);
	assert_place(src, 0, "/caf\xC3\xA9", 3, 7);
	assert_key_place(src, 0, "/caf\xC3\xA9/\xC3\xA9", 3, 8);
	assert_place(src, 0, "/caf\xC3\xA9/\xC3\xA9", 3, 11);
	assert_place(src, 0, "/caf\xC3\xA9/\xC3\xA9/1", 3, 15);
	finish(src, d);
}

static void multi_document_stream(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("a: 1\n---\nb: 2\n--- \n- c\n- d\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(mcp_source_doc_count(src), 3);
	assert_place(src, 0, "/a", 1, 4);
	assert_no_place(src, 0, "/b");
	assert_place(src, 1, "/b", 3, 4);
	assert_key_place(src, 1, "/b", 3, 1);
	assert_no_place(src, 1, "/a");
	assert_place(src, 2, "", 5, 1);
	assert_place(src, 2, "/1", 6, 3);
	assert_str(src, 2, "/1", "d");
	assert_no_place(src, 3, "");
	finish(src, d);
}

static void multi_document_same_keys(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("--- {a: 1}\n--- {a: 2}\n---\na: 3\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(mcp_source_doc_count(src), 3);
	assert_place(src, 0, "/a", 1, 9);
	assert_place(src, 1, "/a", 2, 9);
	assert_place(src, 2, "/a", 4, 4);
	assert_int(src, 0, "/a", 1);
	assert_int(src, 1, "/a", 2);
	assert_int(src, 2, "/a", 3);
	/* Same key in separate documents is no duplicate. */
	assert_null(tu_find(d, "MCP-YAML-002"));
	finish(src, d);
}

static void empty_documents(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("---\n---\na: 1\n...\n---\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(mcp_source_doc_count(src), 3);
	assert_true(json_is_null(mcp_source_doc(src, 0)));
	assert_true(json_is_null(mcp_source_doc(src, 2)));
	assert_int_equal(
	    mcp_srcmap_lookup(mcp_source_srcmap(src), 0, "", NULL, NULL), 0);
	assert_place(src, 1, "/a", 3, 4);
	assert_key_place(src, 1, "/a", 3, 1);
	assert_int_equal(
	    mcp_srcmap_lookup(mcp_source_srcmap(src), 2, "", NULL, NULL), 0);
	finish(src, d);
}

static void empty_stream_has_no_documents(void **state)
{
	mcp_diag *d, *d2;
	int rc;
	mcp_source *src = load("", &d, &rc);
	mcp_source *src2 = load("# only a comment\n\n", &d2, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(mcp_source_doc_count(src), 0);
	assert_int_equal(mcp_source_doc_count(src2), 0);
	assert_no_place(src, 0, "");
	assert_int_equal(
	    mcp_srcmap_nearest(mcp_source_srcmap(src2), 0, "/a", NULL),
	    MCP_ENOTFOUND);
	finish(src, d);
	finish(src2, d2);
}

static void anchor_and_scalar_alias(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("a: &x 1\nb: *x\nlist: [*x, *x]\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	/* The anchored node starts at its anchor. */
	assert_place(src, 0, "/a", 1, 4);
	assert_place(src, 0, "/b", 2, 4);
	assert_key_place(src, 0, "/b", 2, 1);
	assert_place(src, 0, "/list/0", 3, 8);
	assert_place(src, 0, "/list/1", 3, 12);
	assert_int(src, 0, "/b", 1);
	assert_int(src, 0, "/list/1", 1);
	finish(src, d);
}

static void alias_of_mapping_maps_below_to_original(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("c: &m {p: 1, q: [2, 3]}\n"
	                       "d: *m\n"
	                       "e:\n"
	                       "  f: *m\n",
	                       &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_place(src, 0, "/d", 2, 4);
	assert_key_place(src, 0, "/d", 2, 1);
	assert_place(src, 0, "/d/p", 1, 11);
	assert_key_place(src, 0, "/d/p", 1, 8);
	assert_place(src, 0, "/d/q", 1, 17);
	assert_place(src, 0, "/d/q/1", 1, 21);
	assert_place(src, 0, "/e/f", 4, 6);
	assert_key_place(src, 0, "/e/f", 4, 3);
	assert_place(src, 0, "/e/f/q/0", 1, 18);
	assert_int(src, 0, "/e/f/q/1", 3);
	/* The original keeps its own places. */
	assert_place(src, 0, "/c/q/1", 1, 21);
	finish(src, d);
}

static void alias_of_alias_nests(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("a: &a [s, t, u]\n"
	                       "b: &b [*a, *a, *a]\n"
	                       "c: [*b, *b]\n",
	                       &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_place(src, 0, "/c/1", 3, 9);
	/* /c/1 copies b; b's item 2 is the alias *a at 2:16; its 0 is s. */
	assert_place(src, 0, "/c/1/2", 2, 16);
	assert_place(src, 0, "/c/1/2/0", 1, 8);
	assert_str(src, 0, "/c/1/2/2", "u");
	finish(src, d);
}

static void alias_key_refers_to_string(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("k: &k name\n*k : 3\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_key_place(src, 0, "/name", 2, 1);
	assert_place(src, 0, "/name", 2, 6);
	assert_int(src, 0, "/name", 3);
	finish(src, d);
}

static void anchors_do_not_cross_documents(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("--- &a {x: 1}\n--- *a\n", &d, &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-010");

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(f, 2, 5);
	assert_true(f->fatal);
	/* The document before the error is kept. */
	assert_int_equal(mcp_source_doc_count(src), 1);
	assert_place(src, 0, "/x", 1, 12);
	finish(src, d);
}

static void alias_of_anchor_inside_merge(void **state)
{
	mcp_diag *d;
	int rc;
	/* The anchor &m is defined as the value of a merge key; a later alias
	 * copies it like any other anchored mapping. */
	mcp_source *src = load("x:\n  <<: &m {a: 1}\n  b: 2\nz: *m\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int(src, 0, "/z/a", 1);
	assert_place(src, 0, "/x/a", 2, 14);
	assert_key_place(src, 0, "/x/a", 2, 11);
	assert_place(src, 0, "/z", 4, 4);
	assert_key_place(src, 0, "/z", 4, 1);
	assert_place(src, 0, "/z/a", 2, 14);
	assert_key_place(src, 0, "/z/a", 2, 11);
	finish(src, d);
}

static void alias_of_anchor_in_merge_list(void **state)
{
	mcp_diag *d;
	int rc;
	/* The anchored mapping is an item of a merge list: the alias must
	 * still find its keys at the original's places. */
	mcp_source *src =
	    load("x:\n  <<: [&a {p: 1}]\n  q: 2\nz: *a\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int(src, 0, "/z/p", 1);
	assert_place(src, 0, "/x/p", 2, 15);
	assert_place(src, 0, "/z", 4, 4);
	assert_place(src, 0, "/z/p", 2, 15);
	assert_key_place(src, 0, "/z/p", 2, 12);
	finish(src, d);
}

static void merge_key_single_mapping(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("base: &b\n"
	                       "  name: base\n"
	                       "  cpu: 1\n"
	                       "m:\n"
	                       "  name: mine\n"
	                       "  <<: *b\n",
	                       &d, &rc);
	json_t *m;

	(void)state;
	assert_int_equal(rc, 0);
	m = at(src, 0, "/m");
	assert_int_equal(json_object_size(m), 2);
	assert_null(json_object_get(m, "<<"));
	/* Explicit keys win, even when written before the merge. */
	assert_str(src, 0, "/m/name", "mine");
	assert_place(src, 0, "/m/name", 5, 9);
	assert_key_place(src, 0, "/m/name", 5, 3);
	/* A merged key points into the source mapping. */
	assert_int(src, 0, "/m/cpu", 1);
	assert_place(src, 0, "/m/cpu", 3, 8);
	assert_key_place(src, 0, "/m/cpu", 3, 3);
	assert_no_place(src, 0, "/m/<<");
	assert_null(tu_find(d, "MCP-YAML-002"));
	finish(src, d);
}

static void merge_key_list_of_mappings(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("one: &o {cpu: 1, name: one}\n"
	                       "two: &t {cpu: 2, mem: 3, name: two}\n"
	                       "m:\n"
	                       "  <<: [*o, *t]\n"
	                       "  name: mine\n",
	                       &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(json_object_size(at(src, 0, "/m")), 3);
	assert_str(src, 0, "/m/name", "mine");
	assert_place(src, 0, "/m/name", 5, 9);
	/* The earlier mapping of the list wins. */
	assert_int(src, 0, "/m/cpu", 1);
	assert_place(src, 0, "/m/cpu", 1, 15);
	assert_key_place(src, 0, "/m/cpu", 1, 10);
	assert_int(src, 0, "/m/mem", 3);
	assert_place(src, 0, "/m/mem", 2, 23);
	assert_key_place(src, 0, "/m/mem", 2, 18);
	assert_no_place(src, 0, "/m/<<");
	/* The sources are untouched. */
	assert_place(src, 0, "/two/cpu", 2, 15);
	finish(src, d);
}

static void merge_key_inline_mapping(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src =
	    load("m:\n  <<: {a: 1, b: {c: 2}}\n  a: 9\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int(src, 0, "/m/a", 9);
	assert_place(src, 0, "/m/a", 3, 6);
	assert_place(src, 0, "/m/b", 2, 17);
	assert_key_place(src, 0, "/m/b", 2, 14);
	assert_place(src, 0, "/m/b/c", 2, 21);
	assert_key_place(src, 0, "/m/b/c", 2, 18);
	finish(src, d);
}

static void merge_key_needs_mappings(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("m:\n  x: 1\n  <<: [1, 2]\n", &d, &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-012");

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(f, 3, 3);
	assert_true(f->fatal);
	finish(src, d);
}

static void duplicate_merge_key(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("<<: {a: 1}\n<<: {b: 2}\n", &d, &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-002");

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(f, 2, 1);
	assert_true(f->fatal);
	assert_int_equal(f->related.line, 1);
	assert_int_equal(f->related.column, 1);
	finish(src, d);
}

static void json_pointer_escaping_yaml(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("a/b: 1\nm~n: {x: 2}\n\"~1\": 3\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_place(src, 0, "/a~1b", 1, 6);
	assert_key_place(src, 0, "/a~1b", 1, 1);
	assert_place(src, 0, "/m~0n/x", 2, 10);
	assert_key_place(src, 0, "/m~0n/x", 2, 7);
	/* "~01" is "~1", not "/" or "~0". */
	assert_place(src, 0, "/~01", 3, 7);
	assert_no_place(src, 0, "/a/b");
	assert_no_place(src, 0, "/~1");
	finish(src, d);
}

static void srcmap_nearest_falls_back(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_loc v;
	mcp_source *src =
	    load("spec:\n  model:\n    name: x\n  list: [a]\n", &d, &rc);
	const mcp_srcmap *m = mcp_source_srcmap(src);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(mcp_srcmap_lookup(m, 0, "/spec/model/size", &v, NULL),
	                 MCP_ENOTFOUND);
	assert_int_equal(mcp_srcmap_nearest(m, 0, "/spec/model/size/x", &v),
	                 (int)strlen("/spec/model"));
	assert_int_equal(v.line, 3);
	assert_int_equal(v.column, 5);
	assert_int_equal(mcp_srcmap_nearest(m, 0, "/spec/list/7", &v),
	                 (int)strlen("/spec/list"));
	assert_int_equal(v.line, 4);
	assert_int_equal(v.column, 9);
	assert_int_equal(mcp_srcmap_nearest(m, 0, "/nothing", &v), 0);
	assert_int_equal(v.line, 1);
	assert_int_equal(v.column, 1);
	/* A node that exists is its own nearest. */
	assert_int_equal(mcp_srcmap_nearest(m, 0, "/spec/model/name", &v),
	                 (int)strlen("/spec/model/name"));
	assert_int_equal(v.line, 3);
	assert_int_equal(v.column, 11);
	assert_int_equal(mcp_srcmap_nearest(m, 1, "/spec", &v), MCP_ENOTFOUND);
	finish(src, d);
}

static void srcmap_many_keys(void **state)
{
	mcp_diag *d;
	int rc, i;
	mcp_buf *b = new_buf();
	mcp_source *src;

	(void)state;
	for (i = 0; i < 1500; i++)
		mcp_buf_printf(b, "key%d: {v: %d}\n", i, i);
	src = load(b->ptr, &d, &rc);
	assert_int_equal(rc, 0);
	assert_true(mcp_srcmap_size(mcp_source_srcmap(src)) >= 3001);
	for (i = 0; i < 1500; i += 137) {
		char p[32];
		int width = snprintf(p, sizeof(p), "/key%d", i) - 1;
		assert_key_place(src, 0, p, i + 1, 1);
		assert_place(src, 0, p, i + 1, width + 3);
		strcat(p, "/v");
		assert_place(src, 0, p, i + 1, width + 7);
		assert_key_place(src, 0, p, i + 1, width + 4);
	}
	assert_no_place(src, 0, "/key1500");
	finish(src, d);
}

static void core_schema_null_and_bool(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("a: null\nb: ~\nc:\nd: Null\n"
	                       "e: true\nf: True\ng: FALSE\nh: tRue\n",
	                       &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_true(json_is_null(at(src, 0, "/a")));
	assert_true(json_is_null(at(src, 0, "/b")));
	assert_true(json_is_null(at(src, 0, "/c")));
	assert_true(json_is_null(at(src, 0, "/d")));
	assert_true(json_is_true(at(src, 0, "/e")));
	assert_true(json_is_true(at(src, 0, "/f")));
	assert_true(json_is_false(at(src, 0, "/g")));
	assert_str(src, 0, "/h", "tRue");
	assert_place(src, 0, "/b", 2, 4);
	assert_place(src, 0, "/g", 7, 4);
	assert_int_equal(mcp_diag_count(d), 0);
	finish(src, d);
}

static void core_schema_integers(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("a: 42\nb: -7\nc: +12\nd: 0x1F\ne: 0o17\n"
	                       "f: 9223372036854775807\n"
	                       "g: -9223372036854775808\n"
	                       "h: 0\ni: 0xg\nj: 0o8\n",
	                       &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int(src, 0, "/a", 42);
	assert_int(src, 0, "/b", -7);
	assert_int(src, 0, "/c", 12);
	assert_int(src, 0, "/d", 31);
	assert_int(src, 0, "/e", 15);
	assert_int(src, 0, "/f", INT64_MAX);
	assert_int(src, 0, "/g", INT64_MIN);
	assert_int(src, 0, "/h", 0);
	assert_str(src, 0, "/i", "0xg");
	assert_str(src, 0, "/j", "0o8");
	assert_place(src, 0, "/d", 4, 4);
	assert_int_equal(mcp_diag_count(d), 0);
	finish(src, d);
}

static void core_schema_floats(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("a: 1.5\nb: 1e3\nc: .5\nd: -2.5E-1\ne: 1.\n"
	                       "f: 1e\n",
	                       &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_real(src, 0, "/a", 1.5);
	assert_real(src, 0, "/b", 1000.0);
	assert_real(src, 0, "/c", 0.5);
	assert_real(src, 0, "/d", -0.25);
	assert_real(src, 0, "/e", 1.0);
	assert_str(src, 0, "/f", "1e");
	assert_place(src, 0, "/b", 2, 4);
	finish(src, d);
}

static void quoted_and_tagged_scalars(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("a: \"12\"\nb: 'true'\nc: !!str 12\n"
	                       "d: !!int \"12\"\ne: !!float 3\nf: !!bool true\n"
	                       "g: ! 12\nh: !!null ''\ni: \"null\"\n",
	                       &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_str(src, 0, "/a", "12");
	assert_str(src, 0, "/b", "true");
	assert_str(src, 0, "/c", "12");
	assert_int(src, 0, "/d", 12);
	assert_real(src, 0, "/e", 3.0);
	assert_true(json_is_true(at(src, 0, "/f")));
	assert_str(src, 0, "/g", "12");
	assert_true(json_is_null(at(src, 0, "/h")));
	assert_str(src, 0, "/i", "null");
	/* A tagged node starts at its tag. */
	assert_place(src, 0, "/c", 3, 4);
	assert_place(src, 0, "/d", 4, 4);
	assert_int_equal(mcp_diag_count(d), 0);
	finish(src, d);
}

static void tag_value_mismatch(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("ok: 1\nn: !!int abc\n", &d, &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-009");

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(f, 2, 4);
	assert_true(f->fatal);
	finish(src, d);
}

/*
 * The resolver settles most plain scalars by their first byte: words that
 * start like a core word or a YAML 1.1 boolean but are not one stay
 * strings, without a trap, and the ones that are keep their meaning.
 */
static void first_byte_words(void **state)
{
	static const char *const strings[] = {
	    "nil",  "nulls",  "nUll",   "nO",        "tRUE",      "trues",
	    "Fals", "FaLsE",  "yEs",    "yess",      "oN",        "offf",
	    "oFf",  "nvidia", "triton", "falsehood", "yesterday", "online",
	    "~x",   "-x",     "+x",     ".x",        "_x",        "/etc",
	    "$ref", "8Gi",    "500m",   "1.2.3",     "0x",        "0o",
	    "+",    ".",      "1e",     NULL};
	static const char *const traps[] = {"n",   "N",  "y",   "Y", "no",
	                                    "Yes", "ON", "Off", NULL};
	mcp_buf *text = new_buf(), *ptr = new_buf();
	mcp_diag *d;
	mcp_source *src;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; strings[i]; i++)
		mcp_buf_printf(text, "s%zu: %s\n", i, strings[i]);
	for (i = 0; traps[i]; i++)
		mcp_buf_printf(text, "t%zu: %s\n", i, traps[i]);
	mcp_buf_puts(text, "n0: ~\nn1: null\nn2: NULL\nb0: True\nb1: FALSE\n"
	                   "i0: -0\ni1: +1\nr0: .5\nr1: -1.5e2\n");
	src = load(text->ptr, &d, &rc);
	assert_int_equal(rc, 0);
	for (i = 0; strings[i]; i++) {
		mcp_buf_clear(ptr);
		mcp_buf_printf(ptr, "/s%zu", i);
		assert_str(src, 0, ptr->ptr, strings[i]);
	}
	for (i = 0; traps[i]; i++) {
		const mcp_finding *f = find_nth(d, "MCP-YAML-003", i);
		mcp_buf_clear(ptr);
		mcp_buf_printf(ptr, "/t%zu", i);
		assert_str(src, 0, ptr->ptr, traps[i]);
		assert_non_null(f);
		assert_string_equal(f->pointer, ptr->ptr);
	}
	assert_int_equal(mcp_diag_count(d), i);
	assert_true(json_is_null(at(src, 0, "/n0")));
	assert_true(json_is_null(at(src, 0, "/n1")));
	assert_true(json_is_null(at(src, 0, "/n2")));
	assert_true(json_is_true(at(src, 0, "/b0")));
	assert_true(json_is_false(at(src, 0, "/b1")));
	assert_int(src, 0, "/i0", 0);
	assert_int(src, 0, "/i1", 1);
	assert_real(src, 0, "/r0", 0.5);
	assert_real(src, 0, "/r1", -150.0);
	finish(src, d);
}

/*
 * A mapping key stays text whatever it looks like; its tag must still be
 * a core one, and a YAML 1.1 reading of it is still a trap, reported at
 * the key with the pointer of its value.
 */
static void keys_stay_text(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("!!int abc: 1\n!!null x: 2\n!!bool y: 3\n"
	                       "!!float z: 4\n!!str 5: 5\n! 6: 6\n"
	                       "99999999999999999999: 7\n.inf: 8\n~: 9\n"
	                       "null: 10\n1.5: 11\nyes: 12\n0644: 13\n"
	                       "1:30: 14\n\"no\": 15\n",
	                       &d, &rc);
	const mcp_finding *f;

	(void)state;
	assert_int_equal(rc, 0);
	assert_int(src, 0, "/abc", 1);
	assert_int(src, 0, "/x", 2);
	assert_int(src, 0, "/y", 3);
	assert_int(src, 0, "/z", 4);
	assert_int(src, 0, "/5", 5);
	assert_int(src, 0, "/6", 6);
	assert_int(src, 0, "/99999999999999999999", 7);
	assert_int(src, 0, "/.inf", 8);
	assert_int_equal(
	    json_integer_value(json_object_get(mcp_source_doc(src, 0), "~")),
	    9);
	assert_int(src, 0, "/null", 10);
	assert_int(src, 0, "/1.5", 11);
	assert_int(src, 0, "/no", 15);
	assert_int_equal(mcp_diag_count(d), 3);
	f = tu_find(d, "MCP-YAML-003");
	assert_at(f, 12, 1);
	assert_string_equal(f->pointer, "/yes");
	f = tu_find(d, "MCP-YAML-004");
	assert_at(f, 13, 1);
	assert_string_equal(f->pointer, "/0644");
	f = tu_find(d, "MCP-YAML-005");
	assert_at(f, 14, 1);
	assert_string_equal(f->pointer, "/1:30");
	finish(src, d);
	src = load("ok: 1\n!!binary abc: 2\n", &d, &rc);
	f = tu_find(d, "MCP-YAML-009");
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(f, 2, 1);
	assert_true(f->fatal);
	finish(src, d);
}

/* ------------------------------------------------------------ findings */

static void duplicate_key_block(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src =
	    load("metadata:\n  name: a\n  namespace: x\n  name: b\n", &d, &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-002");

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(f, 4, 3);
	assert_int_equal(f->severity, MCP_SEV_ERROR);
	assert_true(f->fatal);
	assert_int_equal(f->related.line, 2);
	assert_int_equal(f->related.column, 3);
	assert_non_null(f->pointer);
	assert_string_equal(f->pointer, "/metadata/name");
	assert_non_null(strstr(f->message, "name"));
	/* The first value is the one kept, with its place. */
	assert_str(src, 0, "/metadata/name", "a");
	assert_place(src, 0, "/metadata/name", 2, 9);
	assert_int_equal(mcp_diag_count_fatal(d), 1);
	finish(src, d);
}

static void duplicate_key_flow_and_repeat(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src =
	    load("ports: {http: 80, http: 81}\nx: 1\nx: 2\nx: 3\n", &d, &rc);
	const mcp_finding *f = find_nth(d, "MCP-YAML-002", 0);

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(f, 1, 19);
	assert_int_equal(f->related.line, 1);
	assert_int_equal(f->related.column, 9);
	f = find_nth(d, "MCP-YAML-002", 1);
	assert_at(f, 3, 1);
	assert_int_equal(f->related.line, 2);
	assert_int_equal(f->related.column, 1);
	/* A third copy still relates to the first. */
	f = find_nth(d, "MCP-YAML-002", 2);
	assert_at(f, 4, 1);
	assert_int_equal(f->related.line, 2);
	assert_int_equal(f->related.column, 1);
	assert_place(src, 0, "/x", 2, 4);
	finish(src, d);
}

static void yaml11_bool_traps(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("flags:\n  a: yes\n  b: No\n  c: \"on\"\n"
	                       "  d: OFF\non: push\nlist: [n, true]\n",
	                       &d, &rc);
	const mcp_finding *f;

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(mcp_diag_count_fatal(d), 0);
	f = find_nth(d, "MCP-YAML-003", 0);
	assert_at(f, 2, 6);
	assert_int_equal(f->severity, MCP_SEV_WARNING);
	assert_false(f->fatal);
	assert_string_equal(f->pointer, "/flags/a");
	assert_at(find_nth(d, "MCP-YAML-003", 1), 3, 6);
	/* "on" quoted is no trap; OFF is. */
	assert_at(find_nth(d, "MCP-YAML-003", 2), 5, 6);
	/* A key is checked too. */
	f = find_nth(d, "MCP-YAML-003", 3);
	assert_at(f, 6, 1);
	assert_string_equal(f->pointer, "/on");
	f = find_nth(d, "MCP-YAML-003", 4);
	assert_at(f, 7, 8);
	assert_string_equal(f->pointer, "/list/0");
	assert_null(find_nth(d, "MCP-YAML-003", 5));
	/* The 1.2 reading is what gets loaded. */
	assert_str(src, 0, "/flags/a", "yes");
	assert_str(src, 0, "/on", "push");
	finish(src, d);
}

static void leading_zero_trap(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src =
	    load("mode: 0644\nquoted: \"0644\"\nzero: 0\nreal: 0.5\n", &d, &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-004");

	(void)state;
	assert_int_equal(rc, 0);
	assert_at(f, 1, 7);
	assert_int_equal(f->severity, MCP_SEV_WARNING);
	assert_false(f->fatal);
	assert_string_equal(f->pointer, "/mode");
	assert_null(find_nth(d, "MCP-YAML-004", 1));
	assert_int(src, 0, "/mode", 644);
	assert_str(src, 0, "/quoted", "0644");
	finish(src, d);
}

static void sexagesimal_trap(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src =
	    load("t:\n  - 1:30\n  - \"1:30\"\n  - 1:60\n", &d, &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-005");

	(void)state;
	assert_int_equal(rc, 0);
	assert_at(f, 2, 5);
	assert_int_equal(f->severity, MCP_SEV_WARNING);
	assert_string_equal(f->pointer, "/t/0");
	assert_null(find_nth(d, "MCP-YAML-005", 1));
	assert_str(src, 0, "/t/0", "1:30");
	finish(src, d);
}

static void tab_indentation_is_fatal(void **state)
{
	mcp_diag *d, *d2;
	int rc, rc2;
	mcp_source *src = load("a:\n\tb: 1\n", &d, &rc);
	mcp_source *src2 = load("a:\n  x: 1\n  \tb: 1\n", &d2, &rc2);
	const mcp_finding *f = tu_find(d, "MCP-YAML-006");

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(f, 2, 1);
	assert_true(f->fatal);
	assert_int_equal(f->severity, MCP_SEV_ERROR);
	assert_int_equal(rc2, MCP_EPARSE);
	assert_at(tu_find(d2, "MCP-YAML-006"), 3, 3);
	finish(src, d);
	finish(src2, d2);
}

static void tab_in_flow_is_a_warning(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("a: [1,\n\t2]\nb:\tvalue\n", &d, &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-006");

	(void)state;
	assert_int_equal(rc, 0);
	assert_at(f, 2, 1);
	assert_int_equal(f->severity, MCP_SEV_WARNING);
	assert_false(f->fatal);
	/* A tab after "b:" separates, it does not indent. */
	assert_null(find_nth(d, "MCP-YAML-006", 1));
	assert_place(src, 0, "/a/1", 2, 2);
	assert_place(src, 0, "/b", 3, 4);
	finish(src, d);
}

static void invalid_utf8_place(void **state)
{
	mcp_diag *d;
	int rc;
	/* Line 3: "c: é" then a stray 0xFF: the bad byte is column 5. */
	mcp_source *src = load("a: 1\nb: 2\nc: \xC3\xA9\xFFx\n", &d, &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-007");

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(f, 3, 5);
	assert_true(f->fatal);
	assert_non_null(strstr(f->message, "0xFF"));
	assert_int_equal(mcp_source_doc_count(src), 0);
	finish(src, d);
}

static void invalid_utf8_forms(void **state)
{
	static const char *const bad[] = {
	    "k: \xC0\xAF\n",         /* overlong '/' */
	    "k: \xE0\x80\xAF\n",     /* overlong, 3 bytes */
	    "k: \xED\xA0\x80\n",     /* surrogate U+D800 */
	    "k: \xF4\x90\x80\x80\n", /* above U+10FFFF */
	    "k: \xE2\x82\n",         /* truncated */
	    "k: \x80\n",             /* lone continuation */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mcp_diag *d;
		int rc;
		mcp_source *src = load(bad[i], &d, &rc);
		assert_int_equal(rc, MCP_EPARSE);
		assert_at(tu_find(d, "MCP-YAML-007"), 1, 4);
		finish(src, d);
	}
}

static void invalid_utf8_after_bom_and_crlf(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("\xEF\xBB\xBF"
	                       "a: 1\r\n\xC3\xBC: \xFE\r\n",
	                       &d, &rc);

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-007"), 2, 4);
	finish(src, d);
}

static void utf16_bom_rejected(void **state)
{
	static const char le[] = "\xFF\xFE"
	                         "a\0:\0 \0"
	                         "1\0";
	static const char be[] = "\xFE\xFF\0a\0:\0 \0"
	                         "1";
	mcp_diag *d;
	int rc;
	mcp_source *src = load_len("t.yaml", le, sizeof(le) - 1, NULL, &d, &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-007");

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(f, 1, 1);
	assert_true(f->fatal);
	finish(src, d);
	src = load_len("t.yaml", be, sizeof(be) - 1, NULL, &d, &rc);
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-007"), 1, 1);
	finish(src, d);
}

static void control_character_rejected(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("ok: 1\nk: a\x01\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-007"), 2, 5);
	finish(src, d);
}

static void depth_limit(void **state)
{
	mcp_load_opts o;
	mcp_diag *d;
	int rc;
	const char *ok = "a:\n  b:\n    c: 1\n";
	const char *deep = "a:\n  b:\n    c:\n      d: 1\n";
	mcp_source *src;

	(void)state;
	mcp_load_opts_init(&o);
	o.max_depth = 3;
	src = load_len("t.yaml", ok, strlen(ok), &o, &d, &rc);
	assert_int_equal(rc, 0);
	assert_place(src, 0, "/a/b/c", 3, 8);
	finish(src, d);
	src = load_len("t.yaml", deep, strlen(deep), &o, &d, &rc);
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-008"), 4, 7);
	assert_true(tu_find(d, "MCP-YAML-008")->fatal);
	finish(src, d);
}

static void depth_limit_flow_and_alias(void **state)
{
	mcp_load_opts o;
	mcp_diag *d;
	int rc;
	const char *flow = "x: [[[1]]]\n";
	const char *alias = "a: &a [[1]]\nb: {c: *a}\n";
	mcp_source *src;

	(void)state;
	mcp_load_opts_init(&o);
	o.max_depth = 3;
	src = load_len("t.yaml", flow, strlen(flow), &o, &d, &rc);
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-008"), 1, 6);
	finish(src, d);
	/* The alias itself is shallow, its expansion is not. */
	src = load_len("t.yaml", alias, strlen(alias), &o, &d, &rc);
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-008"), 2, 8);
	finish(src, d);
}

static void alias_bomb_limit(void **state)
{
	mcp_load_opts o;
	mcp_diag *d;
	int rc;
	/* a has 4 nodes: b's three *a add 12, and b has 13 nodes: c's *b add
	 * 13 each; 12 + 13 + 13 = 38 fits 40, the third *b makes 51. */
	const char *bomb = "a: &a [x, x, x]\n"
	                   "b: &b [*a, *a, *a]\n"
	                   "c: &c [*b, *b, *b]\n";
	mcp_source *src;

	(void)state;
	mcp_load_opts_init(&o);
	o.max_alias_nodes = 40;
	src = load_len("t.yaml", bomb, strlen(bomb), &o, &d, &rc);
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-008"), 3, 16);
	assert_true(tu_find(d, "MCP-YAML-008")->fatal);
	finish(src, d);
	o.max_alias_nodes = 51;
	src = load_len("t.yaml", bomb, strlen(bomb), &o, &d, &rc);
	assert_int_equal(rc, 0);
	assert_place(src, 0, "/c/2/1/0", 1, 8);
	finish(src, d);
}

static void billion_laughs_default_limit(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src =
	    load("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	         "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	         "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	         "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	         "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	         "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	         "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
	         "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
	         "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n",
	         &d, &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-008");

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	/* b adds 9*10 nodes, c 9*91, d 9*820, e 9*7381: 74718 in all; f's
	 * first *e would add e's 66430 more, past the default 100000. */
	assert_at(f, 6, 8);
	assert_true(f->fatal);
	assert_int_equal(mcp_diag_count(d), 1);
	finish(src, d);
}

static void scalar_length_limit(void **state)
{
	mcp_load_opts o;
	mcp_diag *d;
	int rc;
	const char *val = "a: abcd\nb: abcdef\n";
	const char *key = "abcdefgh: 1\n";
	mcp_source *src;

	(void)state;
	mcp_load_opts_init(&o);
	o.max_scalar = 5;
	src = load_len("t.yaml", val, strlen(val), &o, &d, &rc);
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-008"), 2, 4);
	finish(src, d);
	src = load_len("t.yaml", key, strlen(key), &o, &d, &rc);
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-008"), 1, 1);
	finish(src, d);
}

static void input_size_limit(void **state)
{
	mcp_load_opts o;
	mcp_diag *d;
	int rc;
	const char *text = "a: 1\nb: 2\n";
	mcp_source *src;

	(void)state;
	mcp_load_opts_init(&o);
	o.max_size = 4;
	src = load_len("t.yaml", text, strlen(text), &o, &d, &rc);
	assert_int_equal(rc, MCP_ELIMIT);
	assert_non_null(tu_find(d, "MCP-YAML-008"));
	assert_true(tu_find(d, "MCP-YAML-008")->fatal);
	assert_int_equal(tu_find(d, "MCP-YAML-008")->loc.line, 0);
	assert_int_equal(mcp_source_doc_count(src), 0);
	finish(src, d);
}

static void unsafe_tags(void **state)
{
	static const struct {
		const char *text;
		unsigned line, col;
	} cases[] = {
	    {"a: !!python/object:os.system ls\n", 1, 4},
	    {"ok: 1\nb: !foo bar\n", 2, 4},
	    {"a: !foo {b: 1}\n", 1, 4},
	    {"a:\n  - !!map [1]\n", 2, 5},
	    {"a: !!binary aGVsbG8=\n", 1, 4},
	    {"!!python/name:os.system key: 1\n", 1, 1},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mcp_diag *d;
		int rc;
		mcp_source *src = load(cases[i].text, &d, &rc);
		const mcp_finding *f = tu_find(d, "MCP-YAML-009");
		assert_int_equal(rc, MCP_EPARSE);
		assert_at(f, cases[i].line, cases[i].col);
		assert_true(f->fatal);
		finish(src, d);
	}
}

static void undefined_alias(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src =
	    load("base: &base {cpu: 1}\nuse: *missing\n", &d, &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-010");

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(f, 2, 6);
	assert_true(f->fatal);
	assert_non_null(strstr(f->message, "missing"));
	finish(src, d);
}

static void recursive_alias(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("loop: &a\n  - 1\n  - *a\n", &d, &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-010");

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(f, 3, 5);
	assert_true(f->fatal);
	finish(src, d);
}

static void number_out_of_range(void **state)
{
	static const struct {
		const char *text;
		unsigned line, col;
	} cases[] = {
	    {"spec:\n  replicas: 9223372036854775808\n", 2, 13},
	    {"a: -9223372036854775809\n", 1, 4},
	    {"a: 0x8000000000000000\n", 1, 4},
	    {"a: [1, .inf]\n", 1, 8},
	    {"a: -.Inf\n", 1, 4},
	    {"a: .NaN\n", 1, 4},
	    {"a: 1e400\n", 1, 4},
	    {"a: !!float .inf\n", 1, 4},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mcp_diag *d;
		int rc;
		mcp_source *src = load(cases[i].text, &d, &rc);
		const mcp_finding *f = tu_find(d, "MCP-YAML-011");
		assert_int_equal(rc, MCP_EPARSE);
		assert_at(f, cases[i].line, cases[i].col);
		assert_true(f->fatal);
		finish(src, d);
	}
}

static void complex_keys(void **state)
{
	static const struct {
		const char *text;
		unsigned line, col;
	} cases[] = {
	    {"? {a: 1}\n: v\n", 1, 3},     {"? [a, b]\n: value\n", 1, 3},
	    {"x: 1\n[a]: 2\n", 2, 1},      {"x: 1\n{a: b}: 2\n", 2, 1},
	    {"a: &s [1]\n*s : 2\n", 2, 1},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mcp_diag *d;
		int rc;
		mcp_source *src = load(cases[i].text, &d, &rc);
		const mcp_finding *f = tu_find(d, "MCP-YAML-012");
		assert_int_equal(rc, MCP_EPARSE);
		assert_at(f, cases[i].line, cases[i].col);
		assert_true(f->fatal);
		finish(src, d);
	}
}

static void syntax_errors(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("a: b: c\n", &d, &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-001");

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(f, 1, 5);
	assert_true(f->fatal);
	assert_int_equal(f->severity, MCP_SEV_ERROR);
	assert_non_null(f->hint);
	finish(src, d);

	src = load("a: \"unterminated\nb: 1\n", &d, &rc);
	f = tu_find(d, "MCP-YAML-001");
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(f, 3, 1);
	assert_int_equal(f->related.line, 1);
	assert_int_equal(f->related.column, 4);
	finish(src, d);

	src = load("a:\n  - 1\n - 2\n", &d, &rc);
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-001"), 3, 2);
	finish(src, d);

	src = load("x: [1, 2\n", &d, &rc);
	f = tu_find(d, "MCP-YAML-001");
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(f, 2, 1);
	assert_int_equal(f->related.line, 1);
	assert_int_equal(f->related.column, 4);
	finish(src, d);

	src = load("ok: 1\nv: @x\n", &d, &rc);
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-001"), 2, 4);
	finish(src, d);
}

static void errors_keep_earlier_documents(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("a: 1\n---\nb: [\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_int_equal(mcp_source_doc_count(src), 1);
	assert_place(src, 0, "/a", 1, 4);
	assert_non_null(tu_find(d, "MCP-YAML-001"));
	finish(src, d);
}

static void warnings_only_return_zero(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("a: yes\nb: 0755\nc: 12:30\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(mcp_diag_count(d), 3);
	assert_int_equal(mcp_diag_count_severity(d, MCP_SEV_WARNING), 3);
	assert_int_equal(mcp_diag_count_fatal(d), 0);
	assert_at(tu_find(d, "MCP-YAML-003"), 1, 4);
	assert_at(tu_find(d, "MCP-YAML-004"), 2, 4);
	assert_at(tu_find(d, "MCP-YAML-005"), 3, 4);
	assert_place(src, 0, "/c", 3, 4);
	finish(src, d);
}

static void source_name_is_interned(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load_named("dir/app.yml", "a: yes\n", &d, &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-003");
	mcp_loc v;

	(void)state;
	assert_int_equal(rc, 0);
	assert_string_equal(mcp_source_name(src), "dir/app.yml");
	assert_ptr_equal(mcp_source_name(src),
	                 mcp_diag_intern(d, "dir/app.yml"));
	assert_at(f, 1, 4);
	assert_ptr_equal(f->loc.file, mcp_source_name(src));
	assert_int_equal(
	    mcp_srcmap_lookup(mcp_source_srcmap(src), 0, "/a", &v, NULL), 0);
	assert_string_equal(v.file, "dir/app.yml");
	assert_int_equal(v.line, 1);
	assert_int_equal(v.column, 4);
	finish(src, d);
}

/* ---------------------------------------------------------------- JSON */

static void json_object_places(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load_named(
	    "t.json",
	    "{\n  \"name\": \"demo\",\n  \"replicas\": 3,\n  \"on\": true\n}\n",
	    &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(mcp_source_doc_count(src), 1);
	assert_place(src, 0, "", 1, 1);
	assert_place(src, 0, "/name", 2, 11);
	assert_key_place(src, 0, "/name", 2, 3);
	assert_place(src, 0, "/replicas", 3, 15);
	assert_key_place(src, 0, "/replicas", 3, 3);
	assert_int(src, 0, "/replicas", 3);
	assert_true(json_is_true(at(src, 0, "/on")));
	/* No YAML 1.1 traps in JSON. */
	assert_int_equal(mcp_diag_count(d), 0);
	finish(src, d);
}

static void json_nested_arrays(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load_named(
	    "t.json",
	    "{\"a\": [1, [2, {\"b\": null}], -3.5e1],\n \"c\": {\"d\": {}}}",
	    &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_place(src, 0, "/a", 1, 7);
	assert_key_place(src, 0, "/a", 1, 2);
	assert_place(src, 0, "/a/1", 1, 11);
	assert_no_key(src, 0, "/a/1");
	assert_place(src, 0, "/a/1/1", 1, 15);
	assert_place(src, 0, "/a/1/1/b", 1, 21);
	assert_key_place(src, 0, "/a/1/1/b", 1, 16);
	assert_place(src, 0, "/a/2", 1, 29);
	assert_real(src, 0, "/a/2", -35.0);
	assert_place(src, 0, "/c/d", 2, 13);
	assert_key_place(src, 0, "/c/d", 2, 8);
	finish(src, d);
}

static void json_escapes(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src =
	    load_named("t.json",
	               "{\"e\": \"\\u00e9\", \"s\": \"\\ud83d\\ude00\", "
	               "\"n\": \"a\\nb\\t\\\"\\\\\\/\", \"\\u00e9\": 1}",
	               &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_str(src, 0, "/e", "\xC3\xA9");
	assert_str(src, 0, "/s", "\xF0\x9F\x98\x80");
	assert_str(src, 0, "/n", "a\nb\t\"\\/");
	assert_int(src, 0, "/\xC3\xA9", 1);
	/* Escapes count as the characters written, not as decoded. */
	assert_place(src, 0, "/e", 1, 7);
	assert_key_place(src, 0, "/s", 1, 17);
	assert_place(src, 0, "/s", 1, 22);
	assert_key_place(src, 0, "/n", 1, 38);
	assert_place(src, 0, "/n", 1, 43);
	assert_key_place(src, 0, "/\xC3\xA9", 1, 59);
	finish(src, d);
}

static void json_multibyte_columns(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load_named(
	    "t.json",
	    "{\"\xE5\x90\x8D\xE5\x89\x8D\": \"\xF0\x9F\x98\x80\", \"x\": 1}",
	    &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_place(src, 0, "/\xE5\x90\x8D\xE5\x89\x8D", 1, 8);
	assert_key_place(src, 0, "/x", 1, 13);
	assert_place(src, 0, "/x", 1, 18);
	finish(src, d);
}

static void json_long_line(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_buf *b = new_buf();
	mcp_source *src;
	unsigned col[400], c = 2;
	int i;

	(void)state;
	mcp_buf_putc(b, '[');
	for (i = 0; i < 400; i++) {
		char item[32];
		/* "é<i>" or {"k": <i>}: a mix of multibyte and nesting. */
		int n = i % 3
		            ? snprintf(item, sizeof(item), "\"\xC3\xA9%d\"", i)
		            : snprintf(item, sizeof(item), "{\"k\": %d}", i);
		col[i] = c;
		c += (unsigned)n - (i % 3 ? 1u : 0u) + 2;
		mcp_buf_puts(b, item);
		mcp_buf_puts(b, i < 399 ? ", " : "]");
	}
	src = load_named("t.json", b->ptr, &d, &rc);
	assert_int_equal(rc, 0);
	for (i = 0; i < 400; i += 7) {
		char p[32];
		snprintf(p, sizeof(p), "/%d", i);
		assert_place(src, 0, p, 1, col[i]);
		if (i % 3 == 0) {
			strcat(p, "/k");
			assert_key_place(src, 0, p, 1, col[i] + 1);
			assert_place(src, 0, p, 1, col[i] + 6);
		}
	}
	assert_place(src, 0, "/399", 1, col[399]);
	finish(src, d);
}

static void json_crlf_and_bom(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load_named("t.json",
	                             "\xEF\xBB\xBF{\r\n  \"a\": 1,\r\n  \"b\": "
	                             "[\r\n    2\r\n  ]\r\n}\r\n",
	                             &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_place(src, 0, "", 1, 1);
	assert_place(src, 0, "/a", 2, 8);
	assert_key_place(src, 0, "/a", 2, 3);
	assert_place(src, 0, "/b/0", 4, 5);
	finish(src, d);
}

static void json_pointer_escaping(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src =
	    load_named("t.json", "{\"a/b\": 1, \"m~n\": {\"0\": 2}}", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_place(src, 0, "/a~1b", 1, 9);
	assert_key_place(src, 0, "/a~1b", 1, 2);
	assert_place(src, 0, "/m~0n/0", 1, 25);
	assert_key_place(src, 0, "/m~0n/0", 1, 20);
	assert_no_place(src, 0, "/a/b");
	finish(src, d);
}

static void json_format_forced(void **state)
{
	mcp_load_opts o;
	mcp_diag *d;
	int rc;
	const char *text = "{\"a\": [1, 2]}";
	mcp_source *src;

	(void)state;
	mcp_load_opts_init(&o);
	o.format = MCP_FORMAT_JSON;
	src = load_len("spec.txt", text, strlen(text), &o, &d, &rc);
	assert_int_equal(rc, 0);
	assert_place(src, 0, "/a/1", 1, 11);
	finish(src, d);
	/* A trailing ",}" is JSON's error, not YAML's. */
	src = load_len("spec.txt", "{\"a\": 1,}", 9, &o, &d, &rc);
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-001"), 1, 9);
	finish(src, d);
}

static void json_duplicate_key(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load_named(
	    "t.json",
	    "{\n  \"a\": 1,\n  \"b\": {\"c\": true, \"c\": false}\n}\n", &d,
	    &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-002");

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(f, 3, 20);
	assert_true(f->fatal);
	assert_int_equal(f->related.line, 3);
	assert_int_equal(f->related.column, 9);
	assert_true(json_is_true(at(src, 0, "/b/c")));
	assert_place(src, 0, "/b/c", 3, 14);
	finish(src, d);
}

static void json_syntax_errors(void **state)
{
	static const struct {
		const char *text;
		unsigned line, col;
	} cases[] = {
	    {"{\n  \"a\": [1, 2,],\n}\n", 2, 14},
	    {"{\"a\": 1} {\"b\": 2}", 1, 10},
	    {"", 1, 1},
	    {"{\"a\": tru}", 1, 7},
	    {"{\"a\" 1}", 1, 6},
	    {"[1 2]", 1, 4},
	    {"{'a': 1}", 1, 2},
	    {"{\"\xC3\xA9\": \"x\x01\"}", 1, 9},
	    {"{\"a\": \"\\ud83d\"}", 1, 8},
	    {"{\"a\": \"\\ude00\"}", 1, 8},
	    {"{\"a\": \"\\x\"}", 1, 8},
	    {"[01]", 1, 3},
	    {"[1.]", 1, 2},
	    {"{\"a\": \"open", 1, 7},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mcp_diag *d;
		int rc;
		mcp_source *src = load_named("t.json", cases[i].text, &d, &rc);
		const mcp_finding *f = tu_find(d, "MCP-YAML-001");
		assert_int_equal(rc, MCP_EPARSE);
		assert_at(f, cases[i].line, cases[i].col);
		assert_true(f->fatal);
		assert_int_equal(mcp_source_doc_count(src), 0);
		finish(src, d);
	}
}

static void json_numbers(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load_named(
	    "t.json", "[0, -0, 9223372036854775807, 1.5, 1e3, -2E-2]", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int(src, 0, "/0", 0);
	assert_int(src, 0, "/2", INT64_MAX);
	assert_real(src, 0, "/3", 1.5);
	assert_real(src, 0, "/4", 1000.0);
	assert_real(src, 0, "/5", -0.02);
	assert_place(src, 0, "/5", 1, 40);
	finish(src, d);
	src = load_named("t.json", "{\"n\": 123456789012345678901234567890}",
	                 &d, &rc);
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-011"), 1, 7);
	finish(src, d);
	src = load_named("t.json", "[1,\n 1e400]", &d, &rc);
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-011"), 2, 2);
	finish(src, d);
}

static void json_limits(void **state)
{
	mcp_load_opts o;
	mcp_diag *d;
	int rc;
	const char *deep = "{\"a\": [[1]]}";
	const char *longs = "{\"a\": \"ok\",\n \"b\": \"toolong\"}";
	mcp_source *src;

	(void)state;
	mcp_load_opts_init(&o);
	o.max_depth = 2;
	src = load_len("t.json", deep, strlen(deep), &o, &d, &rc);
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-008"), 1, 8);
	finish(src, d);
	mcp_load_opts_init(&o);
	o.max_scalar = 4;
	src = load_len("t.json", longs, strlen(longs), &o, &d, &rc);
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-008"), 2, 7);
	finish(src, d);
}

static void json_invalid_utf8(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load_named(
	    "t.json", "{\"a\":\n \"\xC3\xA9\xED\xA0\x80\"}", &d, &rc);

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-007"), 2, 4);
	finish(src, d);
}

/* ------------------------------------------------------- more YAML cases */

static void non_string_keys_keep_their_text(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src =
	    load("8000: x\n1.0: z\nnull: q\n~: w\ntrue: v\n0x1F: u\n", &d, &rc);
	json_t *root;

	(void)state;
	assert_int_equal(rc, 0);
	root = mcp_source_doc(src, 0);
	assert_int_equal(json_object_size(root), 6);
	assert_str(src, 0, "/8000", "x");
	assert_str(src, 0, "/1.0", "z");
	assert_str(src, 0, "/null", "q");
	assert_str(src, 0, "/~", "w");
	assert_str(src, 0, "/true", "v");
	assert_str(src, 0, "/0x1F", "u");
	assert_key_place(src, 0, "/8000", 1, 1);
	assert_place(src, 0, "/8000", 1, 7);
	assert_place(src, 0, "/1.0", 2, 6);
	assert_place(src, 0, "/0x1F", 6, 7);
	finish(src, d);
}

static void empty_values_place(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src =
	    load("a:\nb:\n  c:\n  d: 1\ne: {f, g: 2}\nl:\n- \n- x\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	/* An empty value stands just after its ':'. */
	assert_true(json_is_null(at(src, 0, "/a")));
	assert_place(src, 0, "/a", 1, 3);
	assert_key_place(src, 0, "/a", 1, 1);
	assert_place(src, 0, "/b/c", 3, 5);
	assert_key_place(src, 0, "/b/c", 3, 3);
	assert_place(src, 0, "/b/d", 4, 6);
	assert_true(json_is_null(at(src, 0, "/e/f")));
	assert_key_place(src, 0, "/e/f", 5, 5);
	assert_place(src, 0, "/e/g", 5, 11);
	assert_true(json_is_null(at(src, 0, "/l/0")));
	assert_place(src, 0, "/l/1", 8, 3);
	finish(src, d);
}

static void empty_and_long_keys(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_buf *b = new_buf(), *p = new_buf();
	mcp_source *src;
	int i;

	(void)state;
	mcp_buf_puts(b, "\"\": 1\nb: {\"\": {\"\": 2}}\n");
	/* Line 3: a 300-byte key, longer than the lookup's token buffer. */
	for (i = 0; i < 300; i++)
		mcp_buf_putc(p, (char)('a' + i % 26));
	mcp_buf_printf(b, "%s: 3\n", p->ptr);
	/* Line 4-5: a 20000-byte explicit key, longer than an arena block. */
	mcp_buf_puts(b, "? ");
	for (i = 0; i < 20000; i++)
		mcp_buf_putc(b, 'q');
	mcp_buf_puts(b, "\n: {x: 4}\nlast: 5\n");
	src = load(b->ptr, &d, &rc);
	assert_int_equal(rc, 0);
	assert_place(src, 0, "/", 1, 5);
	assert_key_place(src, 0, "/", 1, 1);
	assert_place(src, 0, "/b//", 2, 14);
	assert_key_place(src, 0, "/b//", 2, 10);
	mcp_buf_clear(b);
	mcp_buf_printf(b, "/%s", p->ptr);
	assert_place(src, 0, b->ptr, 3, 303);
	assert_key_place(src, 0, b->ptr, 3, 1);
	mcp_buf_clear(b);
	mcp_buf_putc(b, '/');
	for (i = 0; i < 20000; i++)
		mcp_buf_putc(b, 'q');
	assert_key_place(src, 0, b->ptr, 4, 3);
	mcp_buf_puts(b, "/x");
	assert_place(src, 0, b->ptr, 5, 7);
	assert_key_place(src, 0, b->ptr, 5, 4);
	assert_place(src, 0, "/last", 6, 7);
	finish(src, d);
}

static void anchor_redefined(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("a: &x {v: 1}\nb: &x {v: 2}\nc: *x\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	/* An alias refers to the latest node with that anchor. */
	assert_int(src, 0, "/c/v", 2);
	assert_place(src, 0, "/c", 3, 4);
	assert_place(src, 0, "/c/v", 2, 11);
	assert_key_place(src, 0, "/c/v", 2, 8);
	finish(src, d);
}

static void merge_in_sequence_items_and_chains(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("base: &b {x: 1}\n"
	                       "mid: &m\n"
	                       "  <<: *b\n"
	                       "  w: 2\n"
	                       "list:\n"
	                       "  - <<: *m\n"
	                       "    z: 3\n"
	                       "end: *m\n",
	                       &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int(src, 0, "/list/0/x", 1);
	assert_place(src, 0, "/list/0/x", 1, 14);
	assert_key_place(src, 0, "/list/0/x", 1, 11);
	assert_place(src, 0, "/list/0/w", 4, 6);
	assert_key_place(src, 0, "/list/0/w", 4, 3);
	assert_place(src, 0, "/list/0/z", 7, 8);
	assert_no_place(src, 0, "/list/0/<<");
	/* An alias of a mapping that merged keeps the merged places. */
	assert_place(src, 0, "/end", 8, 6);
	assert_place(src, 0, "/end/x", 1, 14);
	assert_place(src, 0, "/end/w", 4, 6);
	finish(src, d);
}

static void merge_of_scalar_alias(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load("s: &s text\nm:\n  k: 1\n  <<: *s\n", &d, &rc);

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-012"), 4, 3);
	finish(src, d);
}

static void alias_budget_is_per_document(void **state)
{
	mcp_load_opts o;
	mcp_diag *d;
	int rc;
	/* Each document adds 3 * 4 = 12 nodes: fine under 20 each time. */
	const char *text = "a: &a [x, x, x]\nb: [*a, *a, *a]\n"
	                   "---\n"
	                   "a: &a [x, x, x]\nb: [*a, *a, *a]\n";
	mcp_source *src;

	(void)state;
	mcp_load_opts_init(&o);
	o.max_alias_nodes = 20;
	src = load_len("t.yaml", text, strlen(text), &o, &d, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(mcp_source_doc_count(src), 2);
	assert_place(src, 1, "/b/2", 5, 13);
	assert_place(src, 1, "/b/2/0", 4, 8);
	finish(src, d);
}

static void depth_limit_is_capped(void **state)
{
	mcp_load_opts o;
	mcp_diag *d;
	int rc;
	mcp_buf *b = new_buf();
	mcp_source *src;
	int i;

	(void)state;
	for (i = 0; i < MCP_MAX_DEPTH + 1; i++)
		mcp_buf_putc(b, '[');
	for (i = 0; i < MCP_MAX_DEPTH + 1; i++)
		mcp_buf_putc(b, ']');
	mcp_load_opts_init(&o);
	o.max_depth = (size_t)-1; /* asks for more than any caller may */
	src = load_len("t.yaml", b->ptr, b->len, &o, &d, &rc);
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-008"), 1, MCP_MAX_DEPTH + 1);
	finish(src, d);
	src = load_len("t.json", b->ptr, b->len, &o, &d, &rc);
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(tu_find(d, "MCP-YAML-008"), 1, MCP_MAX_DEPTH + 1);
	finish(src, d);
}

static void duplicate_key_pointer_in_sequence(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src =
	    load("- a: 1\n- b: 1\n  c: {k/x: 1, k/x: 2}\n", &d, &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-002");

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(f, 3, 15);
	assert_string_equal(f->pointer, "/1/c/k~1x");
	assert_int_equal(f->related.line, 3);
	assert_int_equal(f->related.column, 7);
	finish(src, d);
}

static void json_text_read_as_yaml(void **state)
{
	/* JSON is YAML 1.2: the same text read by the YAML reader gives the
	 * same values and places, escapes included. */
	static const char text[] = "{\"a\": [1, \"\\u00e9\"],\n \"s\": "
	                           "\"\\ud83d\\ude00\", \"n\": null}";
	mcp_diag *d;
	int rc;
	mcp_source *src = load(text, &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_str(src, 0, "/a/1", "\xC3\xA9");
	assert_str(src, 0, "/s", "\xF0\x9F\x98\x80");
	assert_place(src, 0, "/a/1", 1, 11);
	assert_place(src, 0, "/s", 2, 7);
	assert_key_place(src, 0, "/s", 2, 2);
	finish(src, d);
}

static void load_file_places_and_errors(void **state)
{
	char path[] = "/tmp/mcpc-test-XXXXXX";
	const char *text = "name: demo\nlist:\n  - on\n";
	mcp_source *src = NULL;
	mcp_diag *d;
	const mcp_finding *f;
	int fd, rc;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(mcp_diag_new(&d), 0);
	defer(free_diag, d);
	rc = mcp_source_load_file(&src, path, NULL, d);
	unlink(path);
	assert_int_equal(rc, 0);
	assert_non_null(src);
	defer(free_source, src);
	assert_string_equal(mcp_source_name(src), path);
	assert_place(src, 0, "/list/0", 3, 5);
	f = tu_find(d, "MCP-YAML-003");
	assert_at(f, 3, 5);
	assert_string_equal(f->loc.file, path);
	finish(src, d);

	assert_int_equal(mcp_diag_new(&d), 0);
	defer(free_diag, d);
	src = (mcp_source *)d; /* a stale value the loader must clear */
	rc = mcp_source_load_file(&src, "/nonexistent/dir/x.yaml", NULL, d);
	assert_int_equal(rc, MCP_EIO);
	assert_null(src);
	f = tu_find(d, "MCP-IO-001");
	assert_non_null(f);
	assert_true(f->fatal);
	assert_string_equal(f->loc.file, "/nonexistent/dir/x.yaml");
}

static void json_duplicate_key_in_array(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = load_named(
	    "t.json",
	    "[{\"a\": 1},\n {\"\xC3\xA9\": 1, \"b\": 2, \"\xC3\xA9\": 3}]", &d,
	    &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-002");

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(f, 2, 19);
	assert_int_equal(f->related.line, 2);
	assert_int_equal(f->related.column, 3);
	assert_int(src, 0, "/1/\xC3\xA9", 1);
	assert_place(src, 0, "/1/\xC3\xA9", 2, 8);
	assert_place(src, 0, "/1/b", 2, 16);
	finish(src, d);
}

static void invalid_utf8_offset_counts_the_bom(void **state)
{
	mcp_diag *d;
	int rc;
	/* The bad byte is byte 13 of the file: the message's offset is for
	 * finding it in the file, so it counts the 3-byte order mark. */
	mcp_source *src = load("\xEF\xBB\xBF"
	                       "a: 1\r\n\xC3\xBC: \xFE\r\n",
	                       &d, &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-007");

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_at(f, 2, 4);
	assert_non_null(strstr(f->message, "0xFE"));
	assert_non_null(strstr(f->message, "offset 13"));
	finish(src, d);
}

static void tab_heuristic_keeps_other_syntax_errors(void **state)
{
	mcp_diag *d;
	int rc;
	/* Tabs are allowed in flow context; the error is the '@' at 2:5. */
	mcp_source *src = load("a: [1,\n\t2, @x]\n", &d, &rc);
	const mcp_finding *f = tu_find(d, "MCP-YAML-001");

	(void)state;
	assert_int_equal(rc, MCP_EPARSE);
	assert_null(tu_find(d, "MCP-YAML-006"));
	assert_at(f, 2, 5);
	finish(src, d);
	/* An unclosed quote whose next line starts with a tab. */
	src = load("a: \"x\n\ty", &d, &rc);
	f = tu_find(d, "MCP-YAML-001");
	assert_int_equal(rc, MCP_EPARSE);
	assert_null(tu_find(d, "MCP-YAML-006"));
	assert_at(f, 2, 3);
	assert_int_equal(f->related.line, 1);
	assert_int_equal(f->related.column, 4);
	finish(src, d);
}

static void sexagesimal_follows_yaml11(void **state)
{
	mcp_diag *d;
	int rc;
	/* YAML 1.1 base-60 integers start with 1-9
	 * ([1-9][0-9_]*(:[0-5]?[0-9])+) and base-60 floats need a '.': "08:30"
	 * and "0:30" are strings in YAML 1.1 as in 1.2, so no trap; "08:30.5"
	 * and "190:20:30" are. */
	mcp_source *src = load("open: 08:30\nz: 0:30\nf: 08:30.5\n"
	                       "n: 190:20:30\nbad: 1:60\n",
	                       &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_at(find_nth(d, "MCP-YAML-005", 0), 3, 4);
	assert_at(find_nth(d, "MCP-YAML-005", 1), 4, 4);
	assert_null(find_nth(d, "MCP-YAML-005", 2));
	assert_str(src, 0, "/open", "08:30");
	finish(src, d);
}

static void free_paths(void *p)
{
	char ***paths = p;
	size_t *n = (size_t *)(paths + 1);

	mcp_paths_free(*paths, *n);
	free(p);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void remove_tree(void *p)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", (char *)p);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", (char *)p);
	free(p);
}

static void paths_expand_directory(void **state)
{
	char tmpl[] = "/tmp/mcpc-dir-XXXXXX";
	char *dir, sub[600];
	void *box = malloc(sizeof(char **) + sizeof(size_t));
	char ***paths = box;
	size_t *n = (size_t *)(paths + 1);
	mcp_diag *d;

	(void)state;
	assert_non_null(box);
	*paths = NULL;
	*n = 0;
	defer(free_paths, box);
	assert_non_null(mkdtemp(tmpl));
	dir = defer(remove_tree, strdup(tmpl));
	assert_non_null(dir);
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file(dir, "b.json", "{}");
	write_file(dir, "a.yaml", "a: 1\n");
	write_file(dir, "notes.txt", "x");
	write_file(dir, ".hidden.yaml", "h: 1\n");
	write_file(sub, "c.yml", "c: 1\n");
	assert_int_equal(mcp_diag_new(&d), 0);
	defer(free_diag, d);
	assert_int_equal(mcp_paths_expand(paths, n, dir, d), 0);
	assert_int_equal(*n, 3);
	snprintf(sub, sizeof(sub), "%s/a.yaml", dir);
	assert_string_equal((*paths)[0], sub);
	snprintf(sub, sizeof(sub), "%s/b.json", dir);
	assert_string_equal((*paths)[1], sub);
	snprintf(sub, sizeof(sub), "%s/sub/c.yml", dir);
	assert_string_equal((*paths)[2], sub);
	assert_int_equal(mcp_diag_count(d), 0);
	/* A file or "-" stands for itself. */
	mcp_paths_free(*paths, *n);
	*paths = NULL;
	*n = 0;
	assert_int_equal(mcp_paths_expand(paths, n, "-", d), 0);
	assert_int_equal(*n, 1);
	assert_string_equal((*paths)[0], "-");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(block_mapping_places, teardown),
	    cmocka_unit_test_teardown(nested_block_mapping_places, teardown),
	    cmocka_unit_test_teardown(root_place_has_no_key, teardown),
	    cmocka_unit_test_teardown(block_sequence_places, teardown),
	    cmocka_unit_test_teardown(sequence_of_mappings_places, teardown),
	    cmocka_unit_test_teardown(flow_collection_places, teardown),
	    cmocka_unit_test_teardown(nested_flow_in_block_places, teardown),
	    cmocka_unit_test_teardown(scalar_styles_places, teardown),
	    cmocka_unit_test_teardown(literal_block_scalar_place, teardown),
	    cmocka_unit_test_teardown(folded_block_scalar_place, teardown),
	    cmocka_unit_test_teardown(multiline_plain_scalar_place, teardown),
	    cmocka_unit_test_teardown(crlf_line_endings, teardown),
	    cmocka_unit_test_teardown(lone_cr_line_endings, teardown),
	    cmocka_unit_test_teardown(utf8_bom_is_skipped, teardown),
	    cmocka_unit_test_teardown(multibyte_columns_count_code_points,
	                              teardown),
	    cmocka_unit_test_teardown(multi_document_stream, teardown),
	    cmocka_unit_test_teardown(multi_document_same_keys, teardown),
	    cmocka_unit_test_teardown(empty_documents, teardown),
	    cmocka_unit_test_teardown(empty_stream_has_no_documents, teardown),
	    cmocka_unit_test_teardown(anchor_and_scalar_alias, teardown),
	    cmocka_unit_test_teardown(alias_of_mapping_maps_below_to_original,
	                              teardown),
	    cmocka_unit_test_teardown(alias_of_alias_nests, teardown),
	    cmocka_unit_test_teardown(alias_key_refers_to_string, teardown),
	    cmocka_unit_test_teardown(anchors_do_not_cross_documents, teardown),
	    cmocka_unit_test_teardown(alias_of_anchor_inside_merge, teardown),
	    cmocka_unit_test_teardown(alias_of_anchor_in_merge_list, teardown),
	    cmocka_unit_test_teardown(merge_key_single_mapping, teardown),
	    cmocka_unit_test_teardown(merge_key_list_of_mappings, teardown),
	    cmocka_unit_test_teardown(merge_key_inline_mapping, teardown),
	    cmocka_unit_test_teardown(merge_key_needs_mappings, teardown),
	    cmocka_unit_test_teardown(duplicate_merge_key, teardown),
	    cmocka_unit_test_teardown(json_pointer_escaping_yaml, teardown),
	    cmocka_unit_test_teardown(srcmap_nearest_falls_back, teardown),
	    cmocka_unit_test_teardown(srcmap_many_keys, teardown),
	    cmocka_unit_test_teardown(core_schema_null_and_bool, teardown),
	    cmocka_unit_test_teardown(core_schema_integers, teardown),
	    cmocka_unit_test_teardown(core_schema_floats, teardown),
	    cmocka_unit_test_teardown(quoted_and_tagged_scalars, teardown),
	    cmocka_unit_test_teardown(tag_value_mismatch, teardown),
	    cmocka_unit_test_teardown(first_byte_words, teardown),
	    cmocka_unit_test_teardown(keys_stay_text, teardown),
	    cmocka_unit_test_teardown(duplicate_key_block, teardown),
	    cmocka_unit_test_teardown(duplicate_key_flow_and_repeat, teardown),
	    cmocka_unit_test_teardown(yaml11_bool_traps, teardown),
	    cmocka_unit_test_teardown(leading_zero_trap, teardown),
	    cmocka_unit_test_teardown(sexagesimal_trap, teardown),
	    cmocka_unit_test_teardown(tab_indentation_is_fatal, teardown),
	    cmocka_unit_test_teardown(tab_in_flow_is_a_warning, teardown),
	    cmocka_unit_test_teardown(invalid_utf8_place, teardown),
	    cmocka_unit_test_teardown(invalid_utf8_forms, teardown),
	    cmocka_unit_test_teardown(invalid_utf8_after_bom_and_crlf,
	                              teardown),
	    cmocka_unit_test_teardown(utf16_bom_rejected, teardown),
	    cmocka_unit_test_teardown(control_character_rejected, teardown),
	    cmocka_unit_test_teardown(depth_limit, teardown),
	    cmocka_unit_test_teardown(depth_limit_flow_and_alias, teardown),
	    cmocka_unit_test_teardown(alias_bomb_limit, teardown),
	    cmocka_unit_test_teardown(billion_laughs_default_limit, teardown),
	    cmocka_unit_test_teardown(scalar_length_limit, teardown),
	    cmocka_unit_test_teardown(input_size_limit, teardown),
	    cmocka_unit_test_teardown(unsafe_tags, teardown),
	    cmocka_unit_test_teardown(undefined_alias, teardown),
	    cmocka_unit_test_teardown(recursive_alias, teardown),
	    cmocka_unit_test_teardown(number_out_of_range, teardown),
	    cmocka_unit_test_teardown(complex_keys, teardown),
	    cmocka_unit_test_teardown(syntax_errors, teardown),
	    cmocka_unit_test_teardown(errors_keep_earlier_documents, teardown),
	    cmocka_unit_test_teardown(warnings_only_return_zero, teardown),
	    cmocka_unit_test_teardown(source_name_is_interned, teardown),
	    cmocka_unit_test_teardown(json_object_places, teardown),
	    cmocka_unit_test_teardown(json_nested_arrays, teardown),
	    cmocka_unit_test_teardown(json_escapes, teardown),
	    cmocka_unit_test_teardown(json_multibyte_columns, teardown),
	    cmocka_unit_test_teardown(json_long_line, teardown),
	    cmocka_unit_test_teardown(json_crlf_and_bom, teardown),
	    cmocka_unit_test_teardown(json_pointer_escaping, teardown),
	    cmocka_unit_test_teardown(json_format_forced, teardown),
	    cmocka_unit_test_teardown(json_duplicate_key, teardown),
	    cmocka_unit_test_teardown(json_syntax_errors, teardown),
	    cmocka_unit_test_teardown(json_numbers, teardown),
	    cmocka_unit_test_teardown(json_limits, teardown),
	    cmocka_unit_test_teardown(json_invalid_utf8, teardown),
	    cmocka_unit_test_teardown(non_string_keys_keep_their_text,
	                              teardown),
	    cmocka_unit_test_teardown(empty_values_place, teardown),
	    cmocka_unit_test_teardown(empty_and_long_keys, teardown),
	    cmocka_unit_test_teardown(anchor_redefined, teardown),
	    cmocka_unit_test_teardown(merge_in_sequence_items_and_chains,
	                              teardown),
	    cmocka_unit_test_teardown(merge_of_scalar_alias, teardown),
	    cmocka_unit_test_teardown(alias_budget_is_per_document, teardown),
	    cmocka_unit_test_teardown(depth_limit_is_capped, teardown),
	    cmocka_unit_test_teardown(duplicate_key_pointer_in_sequence,
	                              teardown),
	    cmocka_unit_test_teardown(json_text_read_as_yaml, teardown),
	    cmocka_unit_test_teardown(load_file_places_and_errors, teardown),
	    cmocka_unit_test_teardown(json_duplicate_key_in_array, teardown),
	    cmocka_unit_test_teardown(invalid_utf8_offset_counts_the_bom,
	                              teardown),
	    cmocka_unit_test_teardown(tab_heuristic_keeps_other_syntax_errors,
	                              teardown),
	    cmocka_unit_test_teardown(sexagesimal_follows_yaml11, teardown),
	    cmocka_unit_test_teardown(paths_expand_directory, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
