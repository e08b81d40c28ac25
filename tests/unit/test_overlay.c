/*
 * test_overlay.c: RFC 7386 merge patch (the RFC's own examples) and
 * environment overlays with places: a value the overlay set stands on the
 * overlay's line, the rest on the base spec's. The merged source map links
 * to the spec's map for what the overlay leaves alone; it must answer every
 * lookup as a map that records every node does (overlay_build with links
 * 0), on every fixture and on overlays generated from them.
 */
#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"
#include "front/loader.h"

/* Each case: target, patch, result (RFC 7386 appendix A). */
static const char *const rfc[][3] = {
    {"{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"},
    {"{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}"},
    {"{\"a\":\"b\"}", "{\"a\":null}", "{}"},
    {"{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}"},
    {"{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"},
    {"{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}"},
    {"{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}",
     "{\"a\":{\"b\":\"d\"}}"},
    {"{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}"},
    {"[\"a\",\"b\"]", "[\"c\",\"d\"]", "[\"c\",\"d\"]"},
    {"{\"a\":\"b\"}", "[\"c\"]", "[\"c\"]"},
    {"{\"a\":\"foo\"}", "null", "null"},
    {"{\"a\":\"foo\"}", "\"bar\"", "\"bar\""},
    {"{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}"},
    {"[1,2]", "{\"a\":\"b\",\"c\":null}", "{\"a\":\"b\"}"},
    {"{}", "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}"},
};

static void merge_patch_rfc(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rfc) / sizeof(rfc[0]); i++) {
		json_error_t err;
		json_t *t = json_loads(rfc[i][0], JSON_DECODE_ANY, &err);
		json_t *p = json_loads(rfc[i][1], JSON_DECODE_ANY, &err);
		json_t *want = json_loads(rfc[i][2], JSON_DECODE_ANY, &err);
		json_t *got = mcp_merge_patch(t, p);
		assert_non_null(got);
		if (!json_equal(got, want))
			fail_msg("case %zu: %s + %s", i, rfc[i][0], rfc[i][1]);
		json_decref(t);
		json_decref(p);
		json_decref(want);
		json_decref(got);
	}
}

static const char spec[] =
    "apiVersion: ai102.mcp/v1\n"                               /* 1 */
    "kind: ModelDeployment\n"                                  /* 2 */
    "metadata: {name: t}\n"                                    /* 3 */
    "spec:\n"                                                  /* 4 */
    "  inference:\n"                                           /* 5 */
    "    replicas: 2\n"                                        /* 6 */
    "    image: r/triton:24.05\n"                              /* 7 */
    "    gpu: {enabled: true, count: 1}\n"                     /* 8 */
    "  services:\n"                                            /* 9 */
    "    - {name: a, port: 1}\n"                               /* 10 */
    "  observability: {logLevel: INFO}\n"                      /* 11 */
    "  environments:\n"                                        /* 12 */
    "    prod:\n"                                              /* 13 */
    "      inference: {replicas: 4, gpu: {count: 2}}\n"        /* 14 */
    "      services: [{name: b, port: 2}, {name: c}]\n"        /* 15 */
    "      observability: {logLevel: null, tracing: {x: 1}}\n" /* 16 */
    "    empty: {}\n";                                         /* 17 */

static void overlay_places(void **state)
{
	mcp_diag *d;
	mcp_source *src = tu_load(spec, &d, NULL), *o = NULL;
	json_t *m;

	(void)state;
	assert_non_null(src);
	assert_int_equal(mcp_source_overlay(&o, src, 0, "prod"), 0);
	assert_int_equal(mcp_source_doc_count(o), 1);
	assert_string_equal(mcp_source_name(o), mcp_source_name(src));
	m = mcp_source_doc(o, 0);
	assert_int_equal(
	    json_integer_value(json_object_get(
	        json_object_get(json_object_get(m, "spec"), "inference"),
	        "replicas")),
	    4);
	/* set by the overlay: its line */
	assert_place(o, 0, "/spec/inference/replicas", 14, 29);
	assert_key_place(o, 0, "/spec/inference/replicas", 14, 19);
	assert_place(o, 0, "/spec/inference/gpu/count", 14, 45);
	/* kept from the base */
	assert_place(o, 0, "/spec/inference/image", 7, 12);
	assert_place(o, 0, "/spec/inference/gpu/enabled", 8, 20);
	assert_place(o, 0, "/spec/inference", 6, 5);
	assert_place(o, 0, "/metadata/name", 3, 18);
	/* an array replaced whole, items from the overlay */
	assert_place(o, 0, "/spec/services/1/name", 15, 45);
	assert_place(o, 0, "/spec/services/0/port", 15, 34);
	/* null deletes; a new object comes from the overlay */
	assert_null(json_object_get(
	    json_object_get(json_object_get(m, "spec"), "observability"),
	    "logLevel"));
	assert_int_not_equal(mcp_srcmap_lookup(mcp_source_srcmap(o), 0,
	                                       "/spec/observability/logLevel",
	                                       NULL, NULL),
	                     0);
	assert_place(o, 0, "/spec/observability/tracing/x", 16, 52);
	/* the environment, for rules, at the overlay's key */
	assert_string_equal(
	    json_string_value(json_object_get(
	        json_object_get(json_object_get(m, "metadata"), "annotations"),
	        MCP_ENV_ANNOTATION)),
	    "prod");
	assert_place(o, 0, "/metadata/annotations/mcpc.io~1environment", 13, 5);
	/* the base is untouched */
	assert_place(src, 0, "/spec/inference/replicas", 6, 15);
	mcp_source_free(o);

	/* an empty overlay: the spec as it was, every place the base's */
	assert_int_equal(mcp_source_overlay(&o, src, 0, "empty"), 0);
	assert_place(o, 0, "/spec/inference/replicas", 6, 15);
	assert_place(o, 0, "/spec/environments/prod/inference/replicas", 14,
	             29);
	mcp_source_free(o);
	assert_int_equal(mcp_source_overlay(&o, src, 0, "staging"),
	                 MCP_ENOTFOUND);
	assert_null(o);
	mcp_source_free(src);
	mcp_diag_free(d);
}

typedef struct cmp_stats {
	size_t overlays;  /* compared */
	size_t lookups;   /* pointers asked of both maps */
	size_t own, size; /* entries of the linked maps, nodes they answer */
} cmp_stats;

/* Both maps answer @p ptr alike: found or not, the value's and the key's
 * places, and the nearest existing node with how much of the pointer. */
static void same_answer(const mcp_srcmap *a, const mcp_srcmap *b,
                        const char *ptr, const char *what, cmp_stats *st)
{
	mcp_loc va, ka, vb, kb;
	int ra, rb;

	memset(&va, 0, sizeof(va));
	memset(&ka, 0, sizeof(ka));
	memset(&vb, 0, sizeof(vb));
	memset(&kb, 0, sizeof(kb));
	ra = mcp_srcmap_lookup(a, 0, ptr, &va, &ka);
	rb = mcp_srcmap_lookup(b, 0, ptr, &vb, &kb);
	if (ra != rb ||
	    (ra == 0 && (va.line != vb.line || va.column != vb.column ||
	                 ka.line != kb.line || ka.column != kb.column ||
	                 strcmp(va.file, vb.file) != 0)))
		fail_msg("%s: \"%s\": %d at %u:%u (key %u:%u) linked, %d at "
		         "%u:%u (key %u:%u) recorded",
		         what, ptr, ra, va.line, va.column, ka.line, ka.column,
		         rb, vb.line, vb.column, kb.line, kb.column);
	ra = mcp_srcmap_nearest(a, 0, ptr, &va);
	rb = mcp_srcmap_nearest(b, 0, ptr, &vb);
	if (ra != rb ||
	    (ra >= 0 && (va.line != vb.line || va.column != vb.column)))
		fail_msg("%s: nearest of \"%s\": %d at %u:%u linked, %d at "
		         "%u:%u recorded",
		         what, ptr, ra, va.line, va.column, rb, vb.line,
		         vb.column);
	st->lookups++;
}

/* Every node of @p v (at pointer @p ptr) and a missing child of each
 * container, asked of both maps. */
static void same_below(const mcp_srcmap *a, const mcp_srcmap *b, json_t *v,
                       mcp_buf *ptr, const char *what, cmp_stats *st)
{
	size_t len = ptr->len, i;
	const char *key;
	json_t *child;

	same_answer(a, b, ptr->ptr ? ptr->ptr : "", what, st);
	if (json_is_object(v)) {
		mcp_buf_puts(ptr, "/zz-not-there");
		same_answer(a, b, ptr->ptr, what, st);
		mcp_buf_truncate(ptr, len);
		json_object_foreach(v, key, child)
		{
			mcp_buf_put_token(ptr, key, strlen(key));
			same_below(a, b, child, ptr, what, st);
			mcp_buf_truncate(ptr, len);
		}
	} else if (json_is_array(v)) {
		mcp_buf_puts(ptr, "/99999");
		same_answer(a, b, ptr->ptr, what, st);
		mcp_buf_truncate(ptr, len);
		json_array_foreach(v, i, child)
		{
			mcp_buf_printf(ptr, "/%zu", i);
			same_below(a, b, child, ptr, what, st);
			mcp_buf_truncate(ptr, len);
		}
	}
	assert_false(ptr->oom);
}

/*
 * Overlay @p env of @p src both ways and compare the maps on every node of
 * the merged document and of the spec before the overlay (so also on what
 * the overlay deleted). Returns the linked overlay, for an overlay of it.
 */
static mcp_source *compare_overlay(const mcp_source *src, size_t doc,
                                   const char *env, const char *what,
                                   cmp_stats *st)
{
	mcp_source *linked = NULL, *recorded = NULL;
	const mcp_srcmap *a, *b;
	mcp_buf ptr;
	char label[512];

	snprintf(label, sizeof(label), "%s, environment %s", what, env);
	assert_int_equal(overlay_build(&linked, src, doc, env, 1), 0);
	assert_int_equal(overlay_build(&recorded, src, doc, env, 0), 0);
	a = mcp_source_srcmap(linked);
	b = mcp_source_srcmap(recorded);
	assert_true(
	    json_equal(mcp_source_doc(linked, 0), mcp_source_doc(recorded, 0)));
	mcp_buf_init(&ptr);
	same_below(a, b, mcp_source_doc(linked, 0), &ptr, label, st);
	mcp_buf_clear(&ptr);
	same_below(a, b, mcp_source_doc(src, doc), &ptr, label, st);
	mcp_buf_free(&ptr);
	if (mcp_srcmap_size(a) != mcp_srcmap_size(b))
		fail_msg("%s: %zu nodes linked, %zu recorded", label,
		         mcp_srcmap_size(a), mcp_srcmap_size(b));
	st->own += sm_count((mcp_srcmap *)a);
	st->size += mcp_srcmap_size(a);
	st->overlays++;
	mcp_source_free(recorded);
	return linked;
}

/* Every environment of every document of @p src; with @p twice, the first
 * one's overlay also overlaid again, by the last environment (an overlay's
 * map lies over a map of its own). */
static void compare_source(const mcp_source *src, const char *what, int twice,
                           cmp_stats *st)
{
	size_t doc;

	for (doc = 0; doc < mcp_source_doc_count(src); doc++) {
		json_t *envs = json_object_get(
		    json_object_get(mcp_source_doc(src, doc), "spec"),
		    "environments");
		const char *env, *last = NULL, *first = NULL;
		json_t *patch;
		if (!json_is_object(envs))
			continue;
		json_object_foreach(envs, env, patch)
		{
			mcp_source *o;
			if (!json_is_object(patch))
				continue;
			o = compare_overlay(src, doc, env, what, st);
			mcp_source_free(o);
			if (!first)
				first = env;
			last = env;
		}
		if (first && twice) {
			char label[512];
			mcp_source *o =
			    compare_overlay(src, doc, first, what, st);
			snprintf(label, sizeof(label), "%s, overlay %s of",
			         what, first);
			/* the overlay's spec keeps its environments */
			mcp_source_free(compare_overlay(o, 0, last, label, st));
			mcp_source_free(o);
		}
	}
}

/* Every spec of fixtures/ that has environments, as committed. */
static void overlay_map_fixtures(void **state)
{
	char **paths;
	size_t n, i;
	cmp_stats st;
	mcp_diag *d;

	(void)state;
	memset(&st, 0, sizeof(st));
	assert_int_equal(mcp_diag_new(&d), 0);
	assert_int_equal(mcp_paths_expand(&paths, &n, "fixtures", d), 0);
	for (i = 0; i < n; i++) {
		mcp_source *src = NULL;
		mcp_source_load_file(&src, paths[i], NULL, d);
		if (src)
			compare_source(src, paths[i], 1, &st);
		mcp_source_free(src);
	}
	mcp_paths_free(paths, n);
	mcp_diag_free(d);
	print_message("  %zu overlays of fixtures, %zu pointers, %zu entries "
	              "for %zu nodes\n",
	              st.overlays, st.lookups, st.own, st.size);
	assert_true(st.overlays >= 300);
	/* links in use: the merged maps hold far fewer entries than nodes */
	assert_true(st.own * 3 < st.size);
}

/* Keys that C strings cut short ("a\0b" reads as "a"): the overlay's map
 * then records every node, as the reference does, and anchors, aliases
 * and merge keys in the spec and in the environment. */
static void overlay_map_odd_keys(void **state)
{
	static const char text[] =
	    "apiVersion: ai102.mcp/v1\n"
	    "kind: ModelDeployment\n"
	    "metadata: {name: t}\n"
	    "spec:\n"
	    "  base: &b {x: 1, y: [1, 2], z: {w: 1}}\n"
	    "  m:\n"
	    "    <<: *b\n"
	    "    y: 3\n"
	    "  \"a\\0b\": {c: 1, \"d\\0\": [1, {e: 2}]}\n"
	    "  q: {\"a\\0b\": {c: 1}}\n"
	    "  environments:\n"
	    "    one: {m: {x: 2}, base: *b, q: {r: 1}}\n"
	    "    two: {\"a\\0b\": {c: 2}, m: null}\n";
	cmp_stats st;
	mcp_diag *d;
	mcp_source *src;

	(void)state;
	memset(&st, 0, sizeof(st));
	src = tu_load(text, &d, NULL);
	assert_non_null(src);
	compare_source(src, "odd keys", 1, &st);
	assert_int_equal(st.overlays, 4);
	mcp_source_free(src);
	mcp_diag_free(d);
}

/* {k1: {k2: ... {kn: leaf}}} for path [k1, ..., kn]; leaf is taken. */
static json_t *nest(json_t *path, json_t *leaf)
{
	size_t i = json_array_size(path);

	while (i-- > 0) {
		json_t *o = json_object();
		json_object_set_new(
		    o, json_string_value(json_array_get(path, i)), leaf);
		leaf = o;
	}
	return leaf;
}

/* The paths (arrays of keys) of the members of @p v's objects, objects
 * only on the way, environments left out. */
static void member_paths(json_t *v, json_t *path, json_t *out)
{
	const char *key;
	json_t *child;

	json_object_foreach(v, key, child)
	{
		json_t *p = json_copy(path);
		if (json_array_size(path) == 0 &&
		    strcmp(key, "environments") == 0) {
			json_decref(p);
			continue;
		}
		json_array_append_new(p, json_string(key));
		json_array_append(out, p);
		if (json_is_object(child))
			member_paths(child, p, out);
		json_decref(p);
	}
}

/* Environments for one path of a spec: the value replaced by a string, by
 * null (deleted), by an object (merged into one), by a list, by a copy of
 * itself, and together with another path's change. */
static json_t *generated_envs(json_t *sp, json_t *path, json_t *other)
{
	json_t *envs = json_object(), *node = sp, *two, *more;
	size_t i;

	for (i = 0; i < json_array_size(path); i++)
		node = json_object_get(
		    node, json_string_value(json_array_get(path, i)));
	json_object_set_new(envs, "g-str", nest(path, json_string("gen")));
	json_object_set_new(envs, "g-null", nest(path, json_null()));
	json_object_set_new(
	    envs, "g-obj",
	    nest(path, json_pack("{s:i, s:{s:[i,i]}, s:n}", "gen", 1, "x", "y",
	                         1, 2, "name")));
	json_object_set_new(envs, "g-list",
	                    nest(path, json_pack("[{s:i}, i]", "gen", 1, 2)));
	json_object_set_new(envs, "g-same", nest(path, json_deep_copy(node)));
	two = nest(path, json_string("gen"));
	more = nest(other, json_pack("{s:n}", "zz"));
	json_object_update_recursive(two, more);
	json_decref(more);
	json_object_set_new(envs, "g-two", two);
	return envs;
}

/* Specs written from every fixture spec with generated environments, as
 * YAML and as JSON (each reader builds its map its own way). */
static void overlay_map_generated(void **state)
{
	char **paths;
	size_t n, i, specs = 0;
	cmp_stats st;
	mcp_diag *d;

	(void)state;
	memset(&st, 0, sizeof(st));
	assert_int_equal(mcp_diag_new(&d), 0);
	assert_int_equal(mcp_paths_expand(&paths, &n, "fixtures", d), 0);
	for (i = 0; i < n; i++) {
		mcp_source *src = NULL;
		json_t *root, *sp, *all, *none;
		size_t k, np, step;
		mcp_source_load_file(&src, paths[i], NULL, d);
		root = src && mcp_source_doc_count(src) ? mcp_source_doc(src, 0)
		                                        : NULL;
		sp = json_object_get(root, "spec");
		if (!json_is_object(sp) || !json_object_size(sp)) {
			mcp_source_free(src);
			continue;
		}
		all = json_array();
		none = json_array();
		member_paths(sp, none, all);
		json_decref(none);
		np = json_array_size(all);
		step = np > 4 ? np / 4 : 1;
		for (k = 0; k < np; k += step) {
			json_t *copy = json_deep_copy(root), *envs;
			mcp_source *gen = NULL;
			mcp_buf text;
			char *s;
			int as_json = (k / step) % 2;
			envs = generated_envs(sp, json_array_get(all, k),
			                      json_array_get(all, np - 1 - k));
			json_object_set_new(json_object_get(copy, "spec"),
			                    "environments", envs);
			mcp_buf_init(&text);
			if (as_json) {
				s = json_dumps(copy, JSON_INDENT(1));
				mcp_buf_puts(&text, s);
				free(s);
			} else {
				assert_int_equal(mcp_yaml_write(&text, copy),
				                 0);
			}
			json_decref(copy);
			mcp_source_load_buffer(
			    &gen, as_json ? "gen.json" : "gen.yaml", text.ptr,
			    text.len, NULL, d);
			mcp_buf_free(&text);
			assert_non_null(gen);
			compare_source(gen, paths[i], 0, &st);
			mcp_source_free(gen);
			specs++;
		}
		json_decref(all);
		mcp_source_free(src);
	}
	mcp_paths_free(paths, n);
	mcp_diag_free(d);
	print_message("  %zu generated specs, %zu overlays, %zu pointers\n",
	              specs, st.overlays, st.lookups);
	assert_true(st.overlays >= 3000);
	assert_true(st.own * 2 < st.size);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(merge_patch_rfc),
	    cmocka_unit_test(overlay_places),
	    cmocka_unit_test(overlay_map_odd_keys),
	    cmocka_unit_test(overlay_map_fixtures),
	    cmocka_unit_test(overlay_map_generated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
