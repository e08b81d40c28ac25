/*
 * test_yaml_fast.c: the reader of the plain subset of YAML (yaml_fast.c)
 * against libyaml, differentially. Wherever the reader takes a text, its
 * events must be libyaml's: the same types, marks, scalar bytes and
 * styles, no tag and no anchor on libyaml's side; and libyaml must take
 * the text too. Over every YAML file of the repository, over variants of
 * each (a line deleted, indented one more or one less, a character that
 * matters to YAML put in at the line's start, after its first ':' and at
 * its end) and over texts written to sit on the subset's edges. The
 * reader must also take what specs are made of, or it would be of no
 * use: most fixture specs, and every line kind of the realistic ones.
 */
#include <yaml.h>

#include "testutil.h"
#include "front/yaml_fast.h"

/* The YAML files read. */
static const char *const yaml_names[] = {".yaml", ".yml", NULL};

/* One event as a line of text: its type, where it starts (and a scalar,
 * the line it ends on, its style and text), and whether it has a tag or
 * an anchor (only libyaml's can). */
static void put_event(mcp_buf *out, int type, size_t line, size_t col,
                      size_t end, int style, const char *text, size_t len,
                      int tag, int anchor)
{
	const char *marks =
	    tag ? (anchor ? " tag anchor" : " tag") : (anchor ? " anchor" : "");

	switch (type) {
	case YAML_SCALAR_EVENT:
		mcp_buf_printf(out, "S %zu:%zu-%zu %d%s [", line, col, end,
		               style, marks);
		mcp_buf_put(out, text, len);
		mcp_buf_puts(out, "]\n");
		break;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		mcp_buf_printf(out, "%c %zu:%zu%s\n",
		               type == YAML_MAPPING_START_EVENT ? 'M' : 'Q',
		               line, col, marks);
		break;
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		mcp_buf_puts(out, "E\n");
		break;
	case YAML_DOCUMENT_START_EVENT:
		mcp_buf_puts(out, "D\n");
		break;
	case YAML_DOCUMENT_END_EVENT:
		mcp_buf_puts(out, "/D\n");
		break;
	case YAML_ALIAS_EVENT:
		mcp_buf_puts(out, "alias\n");
		break;
	default:
		break;
	}
}

/* libyaml's events of @p s as text (put_event), or NULL when libyaml
 * rejects the text. */
static char *libyaml_events(const char *s, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	mcp_buf out;
	int done = 0, ok = 1;

	assert_true(yaml_parser_initialize(&p));
	yaml_parser_set_input_string(&p, (const unsigned char *)s, len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	mcp_buf_init(&out);
	while (!done) {
		int scalar, start;
		if (!yaml_parser_parse(&p, &ev)) {
			ok = 0;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		scalar = ev.type == YAML_SCALAR_EVENT;
		start = ev.type == YAML_MAPPING_START_EVENT ||
		        ev.type == YAML_SEQUENCE_START_EVENT;
		put_event(&out, ev.type, ev.start_mark.line,
		          ev.start_mark.column, ev.end_mark.line,
		          scalar ? (int)ev.data.scalar.style : 0,
		          scalar ? (const char *)ev.data.scalar.value : NULL,
		          scalar ? ev.data.scalar.length : 0,
		          (scalar && ev.data.scalar.tag) ||
		              (start && ev.data.mapping_start.tag),
		          (scalar && ev.data.scalar.anchor) ||
		              (start && ev.data.mapping_start.anchor));
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	if (!ok) {
		mcp_buf_free(&out);
		return NULL;
	}
	return mcp_buf_detach(&out);
}

/* The reader's events (put_event), or NULL when the text is not in the
 * subset. */
static char *fast_events(const char *s, size_t len)
{
	yfast f;
	mcp_buf out;
	size_t i;
	int rc;

	memset(&f, 0, sizeof(f));
	rc = mcp_yaml_fast(s, len, &f);
	assert_true(rc == 0 || rc == 1);
	if (rc) {
		mcp_yaml_fast_free(&f);
		return NULL;
	}
	mcp_buf_init(&out);
	for (i = 0; i < f.n; i++) {
		const yfast_event *e = &f.ev[i];
		if (e->type < YAML_DOCUMENT_START_EVENT ||
		    e->type > YAML_MAPPING_END_EVENT ||
		    e->type == YAML_ALIAS_EVENT)
			fail_msg("the reader gave event type %d", e->type);
		if (e->type == YAML_SCALAR_EVENT)
			assert_int_equal(f.text[e->off + e->len], '\0');
		put_event(&out, e->type, e->line, e->col, e->endline, e->style,
		          f.text + e->off, e->len, 0, 0);
	}
	mcp_yaml_fast_free(&f);
	return mcp_buf_detach(&out);
}

typedef struct tally {
	size_t texts, taken;
} tally;

/* The property on one text; 1 when the reader took it. */
static int same(const char *s, size_t len, const char *what, tally *t)
{
	char *fast = fast_events(s, len), *ref;

	t->texts++;
	if (!fast)
		return 0;
	t->taken++;
	ref = libyaml_events(s, len);
	if (!ref)
		fail_msg("%s: the reader takes a text libyaml rejects:\n%.*s",
		         what, (int)(len > 2000 ? 2000 : len), s);
	if (strcmp(fast, ref) != 0)
		fail_msg(
		    "%s: the reader gives\n%s\nlibyaml gives\n%s\nfor\n%.*s",
		    what, fast, ref, (int)(len > 2000 ? 2000 : len), s);
	free(fast);
	free(ref);
	return 1;
}

/* Texts on the edges of the subset: taken or not, the events agree. */
static void edges(void **state)
{
	static const char *const cases[] = {
	    "a: 1\n",
	    "a: 1",
	    "---\na: 1\n",
	    "--- \na: 1\n",
	    "--- # c\na: 1\n",
	    "# c\n\na: 1 # c\nb: x#y\n",
	    "a: 'q'\nb: \"d\"\n",
	    "a: 'it''s'\n",
	    "a: \"x\\ty\"\n",
	    "a:\n  b: 1\n  c:\n    - x\n    - y\n",
	    "a:\n- x\n- y\nb: 2\n",
	    "a:\n- x\n -y\n",
	    "a:\n  - x\n   - y\n",
	    "- a\n- b: 1\n  c: 2\n- [x, y]\n- {k: v, l: [1, 2]}\n",
	    "a: {}\nb: []\nc: {x: {y: [z]}}\n",
	    "a: [a , b ,c]\n",
	    "a: [a, ]\n",
	    "a: [a: b]\n",
	    "a: {a}\n",
	    "a: {a: }\n",
	    "a: {a:b}\n",
	    "a: [http://x]\n",
	    "a: http://x:80/y\n",
	    "a: b: c\n",
	    "a: b:c\n",
	    "a: -1\nb: -x\nc: - x\n",
	    "a: -\n",
	    "a:\n",
	    "a:\nb: 1\n",
	    "a: # c\n  b: 1\n",
	    "a: 1\n b: 2\n",
	    "a: 1\n  b: 2\n",
	    "a: x\n  y\n",
	    "a:\n  x\n",
	    "a:\n  x\n  y\n",
	    "a: &x 1\nb: *x\n",
	    "a: !t 1\n",
	    "a: |\n  x\n",
	    "a: >\n  x\n",
	    "? a\n: 1\n",
	    "%YAML 1.2\n---\na: 1\n",
	    "a: 1\n---\nb: 2\n",
	    "a: 1\n...\n",
	    "a: 1\r\n",
	    "a:\t1\n",
	    "a: \xc3\xa9\n",
	    "'a b': 1\n\"c\": 2\nd e : 3\n",
	    "a : 1\n",
	    "a:1\n",
	    "- a\n- - b\n",
	    "-\n  a: 1\n",
	    "- \n",
	    "- # c\n  a\n",
	    "a: [\n  1]\n",
	    "a: {b: 1}  # c\n",
	    "a: {b: 1}#c\n",
	    "a: 'x'#c\n",
	    "a: 'x' # c\n",
	    "  a: 1\n  b: 2\n",
	    "a: 1\n\n\n",
	    "\n\n# only\n",
	    "",
	    "x\n",
	    "[a]\n",
	    "{a: 1}\n",
	    "a: [[[[[[[x]]]]]]]\n",
	    "a: `x`\n",
	    "a: @x\n",
	    "a: %x\n",
	    "a: ,x\n",
	    "a: x,y\n",
	    "a: x]\n",
	    "a: '\n",
	    "a: \"\n",
	    "<<: {a: 1}\n",
	    "a: 1\na: 2\n",
	    "a: ~\nb: null\nc: yes\nd: 010\n",
	    "- a: 1\n  - b\n",
	    "- a: 1\n b: 2\n",
	    "a:\n- b: 1\n  c: 2\n- d\n",
	    "a: - b\n",
	    "a: ? b\n",
	    "a: : b\n",
	    "a: b #c\n  d: 1\n",
	    "a:\n  # c\n  b: 1\n",
	    "a:\n\n  b: 1\n\nc: 2\n",
	    "a: 'b': c\n",
	    "a: [b, {c: d}, [e]]\n",
	    "a: {b: [c, d], e: f}\n",
	    "a: ''\n",
	    "a: \"\"\n",
	    "'': 1\n",
	    "a: x \n",
	    "a:    x    \n",
	    /* block scalars: chomping, folding, more-indented and empty
	     * lines, where they end, as items, at the end of the text */
	    "a: |\n  x\n  y\nb: 1\n",
	    "a: >\n  x\n  y\n\n  z\nb: 1\n",
	    "a: |-\n  x\n\n\nb: 1\n",
	    "a: |+\n  x\n\n\nb: 1\n",
	    "a: >-\n  x\n   y\n  z\n",
	    "a: >+\n  x\n\n",
	    "a: >\n  x\n  \n  y\n",
	    "a: |\n\n  x\n",
	    "a: |\n    \n  x\n",
	    "a: |\nb: 1\n",
	    "a: |",
	    "a: |\n  x",
	    "a: | # c\n  x\n",
	    "a: |#c\n  x\n",
	    "a: |2\n  x\n",
	    "a: |\n  x\n # c\nb: 1\n",
	    "a: |\n  x\n  # not a comment\n",
	    "- |\n  x\n- >\n  y\n",
	    "a:\n- |\n  x\n- y\n",
	    "a: |\n  x\n y\n",
	    "a: >\n  x\n\n\n  y\n   z\n  w\n",
	    "a: |x\n",
	    "a: >-\n\n",
	    /* double-quoted escapes */
	    "a: \"x\\\\y\"\n",
	    "a: \"\\\"q\\\"\"\n",
	    "a: \"\\t\\n\\/\"\n",
	    "a: \"\\x41\"\n",
	    "a: \"\\u0041\"\n",
	    "a: \"\\0\"\n",
	    "a: \"\\ \"\n",
	    "\"k\\n\": 1\n",
	    "a: [\"x\\\"y\", \"z\"]\n",
	    "a: \"x\\\n",
	};
	tally t = {0};
	size_t i, taken = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		taken += (size_t)same(cases[i], strlen(cases[i]), cases[i], &t);
	/* what specs are made of is taken */
	print_message("the reader takes %zu of the %zu edges\n", taken,
	              sizeof(cases) / sizeof(cases[0]));
	assert_true(taken >= 30);
	assert_int_equal(same("a: 1\n", 5, "plain", &t), 1);
	assert_int_equal(same("a:\n- x\n- y\nb: 2\n", 15, "indentless", &t), 1);
	assert_int_equal(same("a: {b: [c, d], e: f}\n", 21, "flow", &t), 1);
	assert_int_equal(same("- a: 1\n  b: 2\n", 14, "compact", &t), 1);
	/* and what it cannot be sure of is not */
	assert_int_equal(same("a: &x 1\nb: *x\n", 14, "anchor", &t), 0);
	assert_int_equal(same("a:\n", 3, "empty", &t), 0);
	assert_int_equal(same("a: x\n  y\n", 9, "multi-line", &t), 0);
}

/* A byte outside printable ASCII and line feeds, anywhere in a word the
 * reader checks eight bytes at a time, leaves the text to libyaml. */
static void bytes(void **state)
{
	static const unsigned char bad[] = {0x00, 0x01, 0x09, 0x0b, 0x0d, 0x1f,
	                                    0x7f, 0x80, 0xa0, 0xc3, 0xfe, 0xff};
	char text[] = "key: abcdefghijklmnopqrstuvwxyz0123456789\n";
	size_t i, p, n = sizeof(text) - 1;
	yfast f;

	(void)state;
	memset(&f, 0, sizeof(f));
	assert_int_equal(mcp_yaml_fast(text, n, &f), 0);
	for (i = 0; i < sizeof(bad); i++)
		for (p = 5; p < n - 1; p++) {
			char c = text[p];
			text[p] = (char)bad[i];
			if (mcp_yaml_fast(text, n, &f) != 1)
				fail_msg("byte 0x%02x at %zu was taken", bad[i],
				         p);
			text[p] = c;
		}
	mcp_yaml_fast_free(&f);
}

/* Variants of text @p s: the caller checks each. */
static void variants(const char *s, size_t len, size_t every, size_t seed,
                     const char *name, tally *t)
{
	static const char marks[] = ":- #'\"{}[],&*!|>?%@`\\x";
	size_t nmarks = sizeof(marks) - 1;
	const char *line = s;
	char *v = malloc(len + 16), what[1200];
	size_t k = 0;

	assert_non_null(v);
	while (line < s + len) {
		const char *eol = memchr(line, '\n', (size_t)(s + len - line));
		size_t a = (size_t)(line - s),
		       b = eol ? (size_t)(eol - s) + 1 : len, n, m;
		const char *colon = memchr(line, ':', b - a);
		size_t spots[3], j;
		spots[0] = a;
		while (spots[0] < b && s[spots[0]] == ' ')
			spots[0]++;
		spots[1] = colon ? (size_t)(colon - s) + 1 : b;
		spots[2] = eol ? b - 1 : b;
		if (k++ % every == seed % every) {
			/* the line deleted */
			memcpy(v, s, a);
			memcpy(v + a, s + b, len - b);
			snprintf(what, sizeof(what), "%s, line %zu deleted",
			         name, k);
			same(v, len - (b - a), what, t);
			/* indented one more, one less */
			memcpy(v, s, a);
			v[a] = ' ';
			memcpy(v + a + 1, s + a, len - a);
			snprintf(what, sizeof(what), "%s, line %zu indented",
			         name, k);
			same(v, len + 1, what, t);
			if (s[a] == ' ') {
				memcpy(v, s, a);
				memcpy(v + a, s + a + 1, len - a - 1);
				snprintf(what, sizeof(what),
				         "%s, line %zu outdented", name, k);
				same(v, len - 1, what, t);
			}
			/* a character put in at each spot */
			for (j = 0; j < 3; j++)
				for (m = (k + j) % 4; m < nmarks; m += 4) {
					n = spots[j];
					memcpy(v, s, n);
					v[n] = marks[m];
					memcpy(v + n + 1, s + n, len - n);
					snprintf(what, sizeof(what),
					         "%s, line %zu, '%c' at %zu",
					         name, k, marks[m], n - a);
					same(v, len + 1, what, t);
				}
		}
		line = s + b;
	}
	free(v);
}

static void repository(void **state)
{
	static const char *const dirs[] = {"fixtures", "rules", "examples",
	                                   "charts", "docs"};
	tu_strs files = {0};
	tally whole = {0}, specs = {0}, var = {0};
	size_t i, every = 12;

	(void)state;
	if (getenv("MCPC_DIFFERENTIAL") &&
	    strcmp(getenv("MCPC_DIFFERENTIAL"), "full") == 0)
		every = 1;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		tu_files(dirs[i], yaml_names, &files);
	assert_true(files.n >= 200);
	for (i = 0; i < files.n; i++) {
		char *s = tu_slurp(files.v[i], NULL);
		size_t len = strlen(s);
		int spec = strstr(files.v[i], "fixtures/specs/valid/") != NULL;
		same(s, len, files.v[i], spec ? &specs : &whole);
		variants(s, len, every, i, files.v[i], &var);
		free(s);
	}
	print_message("%zu files: the reader takes %zu of %zu valid fixture "
	              "specs and %zu of %zu others; %zu of %zu variants\n",
	              files.n, specs.taken, specs.texts, whole.taken,
	              whole.texts, var.taken, var.texts);
	/* not vacuous: most valid specs are in the subset, and many
	 * variants on both sides of its edge */
	assert_true(specs.taken * 2 >= specs.texts);
	assert_true(var.taken >= 1000);
	assert_true(var.texts - var.taken >= 1000);
	tu_strs_free(&files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(edges),
	    cmocka_unit_test(bytes),
	    cmocka_unit_test(repository),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
