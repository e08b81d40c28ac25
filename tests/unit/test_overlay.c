/*
 * test_overlay.c: RFC 7386 merge patch (the RFC's own examples) and
 * environment overlays with places: a value the overlay set stands on the
 * overlay's line, the rest on the base spec's.
 */
#include <stdlib.h>

#include "testutil.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(merge_patch_rfc),
	    cmocka_unit_test(overlay_places),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
