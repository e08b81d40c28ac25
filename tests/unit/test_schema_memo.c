/*
 * test_schema_memo.c: the schema's validity memo (check/schema/
 * schema_memo.h). A document that shares nodes with a base document
 * already validated must get, through the memo, exactly the verdict and
 * the findings it gets without: when the shared nodes stay valid and
 * something beside or above them does not, when they are reached deeper
 * than before, and under a schema with dynamic references (the memo must
 * stay off). Then differentially, with the built-in schemas, on every
 * fixture spec: its environments merged, and documents made from it with
 * one node changed, deleted or grown, everything else shared.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "testutil.h"
#include "check/schema/schema_memo.h"

/* The fixture files read: specs in YAML and in JSON. */
static const char *const yaml_json[] = {".yaml", ".json", NULL};

static json_t *J(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &err);

	if (!j)
		fail_msg("bad JSON in the test: %s: %s", err.text, text);
	return j;
}

static mcp_schema *compile(const char *text)
{
	mcp_schema *s = NULL;
	mcp_diag *d;
	json_t *j = J(text);

	assert_int_equal(mcp_diag_new(&d), 0);
	assert_int_equal(mcp_schema_compile(&s, j, "t.json", NULL, d), 0);
	json_decref(j); /* the schema holds its own reference */
	mcp_diag_free(d);
	return s;
}

/* The verdict on @p doc through the memo, which must be the plain one
 * and @p want. */
static void verdict(const mcp_schema *s, mcp_schema_memo *m, json_t *doc,
                    int want, const char *what)
{
	int plain = mcp_schema_valid(s, doc);
	int memo = mcp_schema_valid_memo(s, m, MCP_MEMO_USE, doc);

	if (plain != want || memo != want)
		fail_msg("%s: want %d, plain %d, through the memo %d", what,
		         want, plain, memo);
	json_decref(doc);
}

static size_t hits_of(const mcp_schema_memo *m)
{
	size_t entries, hits;

	mcp_schema_memo_stats(m, &entries, &hits);
	return hits;
}

static size_t entries_of(const mcp_schema_memo *m)
{
	size_t entries, hits;

	mcp_schema_memo_stats(m, &entries, &hits);
	return entries;
}

/* ---- shared nodes valid, what is beside or above them not ---- */

static const char siblings_schema[] =
    "{\"type\": \"object\","
    " \"properties\": {"
    "  \"a\": {\"type\": \"object\", \"required\": [\"x\"],"
    "         \"properties\": {\"x\": {\"type\": \"integer\"}}},"
    "  \"b\": {\"type\": \"object\"}, \"c\": {\"type\": \"integer\"},"
    "  \"list\": {\"type\": \"array\", \"uniqueItems\": true, \"maxItems\": 3,"
    "            \"items\": {\"type\": \"object\","
    "                        \"properties\": {\"k\": {\"type\": \"string\"}}}},"
    "  \"one\": {\"oneOf\": [{\"required\": [\"p\"]}, {\"required\": "
    "[\"q\"]}],"
    "           \"properties\": {\"p\": {\"type\": \"object\"},"
    "                           \"q\": {\"type\": \"object\"}}}},"
    " \"dependentRequired\": {\"b\": [\"c\"]},"
    " \"if\": {\"properties\": {\"a\": {\"properties\": {\"x\": {\"const\": "
    "1}}}}},"
    " \"then\": {\"required\": [\"b\"]},"
    " \"unevaluatedProperties\": false}";

static void siblings(void **state)
{
	mcp_schema *s =
	    defer((void (*)(void *))mcp_schema_free, compile(siblings_schema));
	mcp_schema_memo *m;
	json_t *base =
	    defer((void (*)(void *))json_decref,
	          J("{\"a\": {\"x\": 1}, \"b\": {\"n\": {}}, \"c\": 1,"
	            " \"list\": [{\"k\": \"u\"}, {\"k\": \"v\"}],"
	            " \"one\": {\"p\": {\"r\": [1]}}}"));
	json_t *A = json_object_get(base, "a"), *B = json_object_get(base, "b");
	json_t *L = json_object_get(base, "list"), *L0 = json_array_get(L, 0);
	json_t *L1 = json_array_get(L, 1), *O = json_object_get(base, "one");
	json_t *P = json_object_get(O, "p");
	char text[64];
	size_t before;

	(void)state;
	assert_int_equal(mcp_schema_memo_new(&m), 0);
	defer((void (*)(void *))mcp_schema_memo_free, m);
	assert_int_equal(mcp_schema_valid_memo(s, m, MCP_MEMO_RECORD, base), 1);
	assert_true(entries_of(m) >= 5);

	/* the base itself, and a copy of its root sharing everything */
	verdict(s, m, json_copy(base), 1, "the root copied");
	assert_true(hits_of(m) >= 4);
	/* "then" needs b, which is gone: a's verdict, from the memo, is
	 * still right, the root's is not */
	verdict(s, m,
	        json_pack("{sOsisOsO}", "a", A, "c", 1, "list", L, "one", O), 0,
	        "b removed, if/then");
	/* dependentRequired: b needs c */
	verdict(s, m,
	        json_pack("{sOsOsOsO}", "a", A, "b", B, "list", L, "one", O), 0,
	        "c removed, dependentRequired");
	/* the items valid, the array not: unique, then too many */
	verdict(s, m,
	        json_pack("{sOsOsis[OO]sO}", "a", A, "b", B, "c", 1, "list", L0,
	                  L0, "one", O),
	        0, "an item twice, uniqueItems");
	verdict(s, m,
	        json_pack("{sOsOsis[OOO{ss}]sO}", "a", A, "b", B, "c", 1,
	                  "list", L0, L1, L0, "k", "w", "one", O),
	        0, "four items, maxItems");
	/* p valid as before, a sibling makes both branches match */
	verdict(s, m,
	        json_pack("{sOsOsisOs{sOs{}}}", "a", A, "b", B, "c", 1, "list",
	                  L, "one", "p", P, "q"),
	        0, "both branches, oneOf");
	/* a key nothing evaluates */
	verdict(s, m,
	        json_pack("{sOsOsisOsOsb}", "a", A, "b", B, "c", 1, "list", L,
	                  "one", O, "z", 1),
	        0, "an unevaluated property");
	/* the shared node placed where another subschema judges it: a is
	 * no "b" (b is any object, a would pass) nor a "list" item ... */
	verdict(s, m,
	        json_pack("{sOsOsis[O]sO}", "a", A, "b", A, "c", 1, "list", A,
	                  "one", O),
	        1, "a as b and as an item");
	/* ... and b is no "a" (x is required), at the depth b had ... */
	verdict(s, m,
	        json_pack("{sOsOsisOsO}", "a", B, "b", B, "c", 1, "list", L,
	                  "one", O),
	        0, "b as a");
	/* ... nor is p, from deeper down */
	verdict(s, m,
	        json_pack("{sOsOsisOsO}", "a", P, "b", B, "c", 1, "list", L,
	                  "one", O),
	        0, "p as a");
	/* valid, in another order, the root and the list new */
	before = hits_of(m);
	verdict(s, m,
	        json_pack("{sOsOsis[OO]sO}", "one", O, "a", A, "c", 2, "list",
	                  L1, L0, "b", B),
	        1, "reordered");
	assert_true(hits_of(m) > before);
	snprintf(text, sizeof(text), "%zu hits", hits_of(m));
	print_message("siblings: %s\n", text);
}

/* ---- the same node deeper: MAX_DEPTH may cut the walk short ---- */

/* {"a": {"a": ... {}}}, @p levels objects deep. */
static json_t *chain(size_t levels)
{
	json_t *v = json_object();
	size_t i;

	for (i = 1; i < levels; i++)
		v = json_pack("{so}", "a", v);
	return v;
}

static void deeper(void **state)
{
	mcp_schema *s = defer(
	    (void (*)(void *))mcp_schema_free,
	    compile("{\"$ref\": \"#/$defs/n\", \"$defs\": {\"n\": {\"type\": "
	            "\"object\", \"properties\": {\"a\": {\"$ref\": "
	            "\"#/$defs/n\"}}}}}"));
	mcp_schema_memo *m;
	json_t *base, *y;
	size_t k = 2;

	(void)state;
	assert_int_equal(mcp_schema_memo_new(&m), 0);
	defer((void (*)(void *))mcp_schema_memo_free, m);
	/* the deepest chain the validator accepts */
	for (;;) {
		json_t *c = chain(k + 1);
		int ok = mcp_schema_valid(s, c);
		json_decref(c);
		if (!ok)
			break;
		k++;
		assert_true(k < 5000);
	}
	assert_true(k > 100);
	base = defer((void (*)(void *))json_decref, chain(k));
	y = json_object_get(base, "a");
	assert_int_equal(mcp_schema_valid_memo(s, m, MCP_MEMO_RECORD, base), 1);
	/* y was valid one level down; two levels down it is too deep */
	verdict(s, m, json_pack("{s{sO}}", "a", "a", y), 0, "one level more");
	/* where it was, it still is valid, from the memo */
	verdict(s, m, json_pack("{sO}", "a", y), 1, "as deep as before");
	assert_true(hits_of(m) >= 1);
}

/* ---- dynamic references: the scope decides, the memo stays off ---- */

/* A list whose items $dynamicRef "#item": strings under "s", numbers
 * under "n", the same subschema of the same resource judging the items. */
static const char dynamic_schema[] =
    "{\"$id\": \"https://memo.example/root\","
    " \"properties\": {\"s\": {\"$ref\": \"strlist\"}, \"n\": {\"$ref\": "
    "\"numlist\"}},"
    " \"$defs\": {"
    "  \"list\": {\"$id\": \"list\", \"type\": \"array\","
    "            \"items\": {\"$dynamicRef\": \"#item\"},"
    "            \"$defs\": {\"item\": {\"$dynamicAnchor\": \"item\"}}},"
    "  \"strlist\": {\"$id\": \"strlist\", \"$ref\": \"list\","
    "               \"$defs\": {\"item\": {\"$dynamicAnchor\": \"item\","
    "                 \"properties\": {\"v\": {\"type\": \"string\"}}}}},"
    "  \"numlist\": {\"$id\": \"numlist\", \"$ref\": \"list\","
    "               \"$defs\": {\"item\": {\"$dynamicAnchor\": \"item\","
    "                 \"properties\": {\"v\": {\"type\": \"number\"}}}}}}}";

static void dynamic(void **state)
{
	mcp_schema *s =
	    defer((void (*)(void *))mcp_schema_free, compile(dynamic_schema));
	mcp_schema_memo *m;
	json_t *base = defer((void (*)(void *))json_decref,
	                     J("{\"s\": [{\"v\": \"a\"}, {\"v\": \"b\"}]}"));
	json_t *list = json_object_get(base, "s");

	(void)state;
	assert_int_equal(mcp_schema_memo_new(&m), 0);
	defer((void (*)(void *))mcp_schema_memo_free, m);
	assert_int_equal(mcp_schema_valid_memo(s, m, MCP_MEMO_RECORD, base), 1);
	assert_int_equal(entries_of(m), 0);
	/* the same items under "n": strings where numbers are due */
	verdict(s, m, json_pack("{sOsO}", "s", list, "n", list), 0,
	        "strings as numbers");
	verdict(s, m, json_pack("{sO}", "s", list), 1, "strings as strings");
	assert_int_equal(hits_of(m), 0);
}

/* ---- the built-in schemas on the fixtures ---- */

/* Every finding of @p d from @p from on, one string each. */
static void findings(const mcp_diag *d, size_t from, tu_strs *out)
{
	for (; from < mcp_diag_count(d); from++) {
		const mcp_finding *f = mcp_diag_get(d, from);
		char *line = NULL;
		size_t size = 0;
		FILE *fp = open_memstream(&line, &size);
		assert_non_null(fp);
		fprintf(fp, "%s %u:%u %s: %s [%s]", f->rule, f->loc.line,
		        f->loc.column, f->pointer ? f->pointer : "-",
		        f->message, f->hint ? f->hint : "");
		fclose(fp);
		tu_strs_add(out, line);
		free(line);
	}
}

typedef struct tally {
	size_t docs, overlays, changes, invalid, hits;
} tally;

/* Environment @p env of document @p doc merged: the same findings with
 * the memo (recorded on the base just before) as without. */
static void overlay(const mcp_schema *s, mcp_schema_memo *m,
                    const mcp_source *src, size_t doc, const char *env,
                    const char *file, tally *t)
{
	mcp_source *o = NULL;
	mcp_diag *plain, *memo;
	tu_strs a = {0}, b = {0};
	size_t i;

	if (mcp_source_overlay(&o, src, doc, env) != 0)
		return;
	assert_int_equal(mcp_diag_new(&plain), 0);
	assert_int_equal(mcp_diag_new(&memo), 0);
	assert_true(mcp_schema_check(s, o, 0, plain) >= 0);
	assert_true(mcp_schema_check_memo(s, m, MCP_MEMO_USE, o, 0, memo) >= 0);
	findings(plain, 0, &a);
	findings(memo, 0, &b);
	if (a.n != b.n)
		fail_msg("%s, environment %s: %zu findings, %zu through the "
		         "memo",
		         file, env, a.n, b.n);
	for (i = 0; i < a.n; i++)
		if (strcmp(a.v[i], b.v[i]) != 0)
			fail_msg("%s, environment %s:\n  %s\nthrough the "
			         "memo:\n  %s",
			         file, env, a.v[i], b.v[i]);
	t->overlays++;
	tu_strs_free(&a);
	tu_strs_free(&b);
	mcp_diag_free(plain);
	mcp_diag_free(memo);
	mcp_source_free(o);
}

/* One step from the root to a node: an object's key or an array's index. */
typedef struct step {
	const char *key; /* NULL: index */
	size_t index;
} step;

/* @p v with the node at path[i..n) replaced by @p repl (NULL: removed),
 * copying only the containers on the way, sharing everything else. */
static json_t *with_change(json_t *v, const step *path, size_t n, size_t i,
                           json_t *repl)
{
	json_t *copy = json_copy(v), *child;

	assert_non_null(copy);
	if (i + 1 < n) {
		child = path[i].key ? json_object_get(copy, path[i].key)
		                    : json_array_get(copy, path[i].index);
		child = with_change(child, path, n, i + 1, repl);
	} else {
		child = repl ? json_incref(repl) : NULL;
	}
	if (path[i].key)
		assert_int_equal(
		    child ? json_object_set_new(copy, path[i].key, child)
		          : json_object_del(copy, path[i].key),
		    0);
	else
		assert_int_equal(
		    child ? json_array_set_new(copy, path[i].index, child)
		          : json_array_remove(copy, path[i].index),
		    0);
	return copy;
}

/* The verdicts on @p root with one node changed: another type, removed,
 * the value of a sibling (@p other, shared: a node judged at the same
 * depth by another subschema), and for a container, one member more (an
 * unknown key; the first item again) and one less. */
static void changes(const mcp_schema *s, mcp_schema_memo *m, json_t *root,
                    const step *path, size_t n, json_t *node, json_t *other,
                    tally *t, const char *file)
{
	json_t *repl[6];
	size_t nrepl = 0, i;

	if (other && other != node)
		repl[nrepl++] = json_incref(other);

	repl[nrepl++] =
	    json_is_string(node) ? json_integer(7) : json_string("zz");
	repl[nrepl++] = NULL;
	if (json_is_object(node) && json_object_size(node)) {
		json_t *grown = json_copy(node), *less = json_copy(node);
		json_object_set_new(grown, "zz-unknown", json_true());
		json_object_del(less,
		                json_object_iter_key(json_object_iter(less)));
		repl[nrepl++] = grown;
		repl[nrepl++] = less;
	} else if (json_is_array(node) && json_array_size(node)) {
		json_t *grown = json_copy(node), *less = json_copy(node);
		json_array_append(grown, json_array_get(node, 0));
		json_array_remove(less, json_array_size(less) - 1);
		repl[nrepl++] = grown;
		repl[nrepl++] = less;
	}
	for (i = 0; i < nrepl; i++) {
		json_t *doc = with_change(root, path, n, 0, repl[i]);
		int plain = mcp_schema_valid(s, doc);
		int memo = mcp_schema_valid_memo(s, m, MCP_MEMO_USE, doc);
		if (plain != memo) {
			char *text = json_dumps(doc, JSON_COMPACT);
			fail_msg("%s: plain %d, through the memo %d on\n%s",
			         file, plain, memo, text);
		}
		t->changes++;
		t->invalid += plain == 0;
		json_decref(doc);
		json_decref(repl[i]);
	}
}

/* changes() at every node below the root. */
static void every_node(const mcp_schema *s, mcp_schema_memo *m, json_t *root,
                       json_t *v, json_t *other, step *path, size_t n, tally *t,
                       const char *file)
{
	const char *key;
	json_t *child, *prev = NULL;
	size_t i;

	if (n)
		changes(s, m, root, path, n, v, other, t, file);
	if (n >= 64)
		return;
	if (json_is_object(v)) {
		json_object_foreach(v, key, child)
		{
			path[n].key = key;
			every_node(s, m, root, child, prev, path, n + 1, t,
			           file);
			prev = child;
		}
	} else if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			path[n].key = NULL;
			path[n].index = i;
			child = json_array_get(v, i);
			every_node(s, m, root, child, prev, path, n + 1, t,
			           file);
			prev = child;
		}
	}
}

static void fixtures(void **state)
{
	mcp_schema *s = NULL;
	mcp_schema_memo *m;
	mcp_diag *d;
	tu_strs files = {0};
	tally t = {0};
	size_t i, doc, entries, hits;

	(void)state;
	assert_int_equal(mcp_diag_new(&d), 0);
	assert_int_equal(mcp_schema_builtin(&s, NULL, d), 0);
	assert_int_equal(mcp_schema_memo_new(&m), 0);
	tu_files("fixtures/specs", yaml_json, &files);
	tu_files("fixtures/demo", yaml_json, &files);
	tu_files("fixtures/effect", yaml_json, &files);
	assert_true(files.n >= 100);
	for (i = 0; i < files.n; i++) {
		mcp_source *src = NULL;
		mcp_diag *fd;
		assert_int_equal(mcp_diag_new(&fd), 0);
		mcp_source_load_file(&src, files.v[i], NULL, fd);
		for (doc = 0; src && doc < mcp_source_doc_count(src); doc++) {
			json_t *root = mcp_source_doc(src, doc), *envs, *v;
			mcp_diag *bd;
			const char *env;
			step path[64];
			/* the base checked as the checker does it */
			assert_int_equal(mcp_diag_new(&bd), 0);
			assert_true(mcp_schema_check_memo(s, m, MCP_MEMO_RECORD,
			                                  src, doc, bd) >= 0);
			mcp_diag_free(bd);
			envs = json_object_get(json_object_get(root, "spec"),
			                       "environments");
			json_object_foreach(envs, env, v)
			{
				overlay(s, m, src, doc, env, files.v[i], &t);
			}
			every_node(s, m, root, root, NULL, path, 0, &t,
			           files.v[i]);
			t.docs++;
		}
		mcp_source_free(src);
		mcp_diag_free(fd);
	}
	mcp_schema_memo_stats(m, &entries, &hits);
	print_message("%zu documents of %zu files: %zu environments, %zu "
	              "changed documents (%zu invalid), %zu answers from "
	              "the memo\n",
	              t.docs, files.n, t.overlays, t.changes, t.invalid, hits);
	/* not vacuous: environments, verdicts both ways, the memo used */
	assert_true(t.overlays >= 50);
	assert_true(t.invalid >= t.changes / 4);
	assert_true(t.changes - t.invalid >= t.changes / 10);
	assert_true(hits >= t.changes);
	tu_strs_free(&files);
	mcp_schema_memo_free(m);
	mcp_schema_free(s);
	mcp_diag_free(d);
}

/* An argument runs the tests whose names match it (cmocka's filter). */
int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(siblings, teardown),
	    cmocka_unit_test_teardown(deeper, teardown),
	    cmocka_unit_test_teardown(dynamic, teardown),
	    cmocka_unit_test(fixtures),
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
