/*
 * test_schema.c: the JSON Schema engine as a user meets it. The official
 * suite says whether an instance is valid; these cases pin down what is
 * reported when it is not: the rule id, the message (with its dotted path),
 * the hint, and the line:column of the YAML node the finding stands at.
 * Schemas are written with ' for " to keep them readable.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "check/schema/uri.h"

static void free_source(void *p)
{
	mcp_source_free(p);
}

static void free_diag(void *p)
{
	mcp_diag_free(p);
}

static void free_schema(void *p)
{
	mcp_schema_free(p);
}

static void free_mem(void *p)
{
	free(p);
}

static void free_buf(void *p)
{
	mcp_buf_free(p);
	free(p);
}

/* Remove @p path and everything below it. */
static void remove_path(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *e;
	char sub[1024];

	if (!dir) {
		unlink(path);
		return;
	}
	while ((e = readdir(dir)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		remove_path(sub);
	}
	closedir(dir);
	rmdir(path);
}

/* A temporary folder, removed with what it holds at teardown. */
static void remove_tree(void *p)
{
	remove_path(p);
	free(p);
}

static char *temp_dir(void)
{
	char *dir = strdup("/tmp/mcpc-schema-XXXXXX");

	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	return defer(remove_tree, dir);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* A new, empty mcp_buf owned by the teardown. */
static mcp_buf *new_buf(void)
{
	mcp_buf *b = malloc(sizeof(*b));

	assert_non_null(b);
	mcp_buf_init(b);
	return defer(free_buf, b);
}

/* A diagnostics list owned by the teardown. */
static mcp_diag *new_diag(void)
{
	mcp_diag *d = NULL;

	assert_int_equal(mcp_diag_new(&d), 0);
	return defer(free_diag, d);
}

/* Load YAML text (it must load cleanly); the teardown frees both. */
static mcp_source *load(const char *yaml, mcp_diag **d)
{
	int rc = -1;
	mcp_source *src = tu_load(yaml, d, &rc);

	defer(free_diag, *d);
	assert_non_null(src);
	defer(free_source, src);
	if (rc != 0 || mcp_diag_count(*d) != 0) {
		const mcp_finding *f = mcp_diag_get(*d, 0);
		fail_msg(
		    "the test's YAML does not load cleanly (%d): %s %u:%u %s",
		    rc, f ? f->rule : "", f ? f->loc.line : 0,
		    f ? f->loc.column : 0, f ? f->message : "");
	}
	return src;
}

/* Compile schema text written with ' for ", with @p opts (NULL: the
 * defaults). The schema, when there is one, is freed at teardown. */
static int compile_with(mcp_schema **out, const char *text, const char *uri,
                        const mcp_schema_opts *opts, mcp_diag *d)
{
	char *copy = defer(free_mem, strdup(text));
	json_error_t err;
	json_t *j;
	char *c;
	int rc;

	assert_non_null(copy);
	for (c = copy; *c; c++)
		if (*c == '\'')
			*c = '"';
	j = json_loads(copy, JSON_DECODE_ANY, &err);
	if (!j)
		fail_msg("the test's schema is not JSON: %s at %d:%d", err.text,
		         err.line, err.column);
	*out = NULL;
	rc = mcp_schema_compile(out, j, uri, opts, d);
	json_decref(j); /* the schema holds its own reference */
	if (*out)
		defer(free_schema, *out);
	return rc;
}

/* A schema that must compile without any finding. */
static mcp_schema *compile_ok(const char *text, const mcp_schema_opts *opts)
{
	mcp_diag *d = new_diag();
	mcp_schema *s = NULL;

	assert_int_equal(compile_with(&s, text, NULL, opts, d), 0);
	assert_non_null(s);
	assert_int_equal(mcp_diag_count(d), 0);
	return s;
}

/* mcp_schema_check on document @p doc, checking that the fast path agrees. */
static int check_doc(const mcp_schema *s, const mcp_source *src, size_t doc,
                     mcp_diag *d)
{
	int n = mcp_schema_check(s, src, doc, d);

	assert_true(n >= 0);
	assert_int_equal(mcp_schema_valid(s, mcp_source_doc(src, doc)), n == 0);
	return n;
}

/* What checking one YAML text against one schema gave. */
typedef struct result {
	mcp_diag *d;
	mcp_source *src;
	int n; /* what mcp_schema_check returned: the number of errors */
} result;

static result check_opts(const char *schema, const mcp_schema_opts *opts,
                         const char *yaml)
{
	result r;
	mcp_schema *s = compile_ok(schema, opts);

	r.src = load(yaml, &r.d);
	r.n = check_doc(s, r.src, 0, r.d);
	assert_int_equal(mcp_diag_count(r.d), (size_t)r.n);
	return r;
}

static result check(const char *schema, const char *yaml)
{
	return check_opts(schema, NULL, yaml);
}

/* Whether @p yaml is valid against @p schema (and no finding says not). */
static int valid_opts(const char *schema, const mcp_schema_opts *opts,
                      const char *yaml)
{
	result r = check_opts(schema, opts, yaml);

	return r.n == 0;
}

static int valid(const char *schema, const char *yaml)
{
	return valid_opts(schema, NULL, yaml);
}

/* Assert the @p i-th finding (in order of arrival) in every detail. */
static void expect_at(const mcp_diag *d, size_t i, const char *rule,
                      unsigned line, unsigned col, const char *msg,
                      const char *hint)
{
	const mcp_finding *f;

	assert_true(i < mcp_diag_count(d));
	f = mcp_diag_get(d, i);
	assert_string_equal(f->rule, rule);
	assert_string_equal(f->message, msg);
	if (hint) {
		assert_non_null(f->hint);
		assert_string_equal(f->hint, hint);
	} else {
		assert_null(f->hint);
	}
	assert_int_equal(f->severity, MCP_SEV_ERROR);
	assert_int_equal(f->fatal, 0);
	assert_string_equal(f->loc.file, "t.yaml");
	assert_int_equal(f->loc.line, line);
	assert_int_equal(f->loc.column, col);
}

/* Only one finding, as described. */
static void expect_one(result r, const char *rule, unsigned line, unsigned col,
                       const char *msg, const char *hint)
{
	assert_int_equal(r.n, 1);
	expect_at(r.d, 0, rule, line, col, msg, hint);
}

/* The JSON Pointer of the @p i-th finding. */
static void expect_pointer(const mcp_diag *d, size_t i, const char *pointer)
{
	const mcp_finding *f;

	assert_true(i < mcp_diag_count(d));
	f = mcp_diag_get(d, i);
	assert_non_null(f->pointer);
	assert_string_equal(f->pointer, pointer);
}

/* The finding whose message is exactly @p msg, or NULL. */
static const mcp_finding *find_msg(const mcp_diag *d, const char *msg)
{
	size_t i;

	for (i = 0; i < mcp_diag_count(d); i++)
		if (strcmp(mcp_diag_get(d, i)->message, msg) == 0)
			return mcp_diag_get(d, i);
	return NULL;
}

#define UNKNOWN  "MCP-SCHEMA-001"
#define TYPE     "MCP-SCHEMA-002"
#define VALUE    "MCP-SCHEMA-003"
#define REQUIRED "MCP-SCHEMA-004"
#define PATTERN  "MCP-SCHEMA-005"
#define RANGE    "MCP-SCHEMA-006"
#define COMBINE  "MCP-SCHEMA-007"
#define BROKEN   "MCP-SCHEMA-000"

#define D7 "'$schema': 'http://json-schema.org/draft-07/schema#'"
#define D4 "'$schema': 'http://json-schema.org/draft-04/schema#'"

/* ---- unknown properties ---- */

static const char *closed_spec =
    "{'type': 'object', 'properties': {'spec': {'type': 'object',"
    " 'properties': {'replicas': {'type': 'integer'},"
    " 'image': {'type': 'string'}},"
    " 'additionalProperties': false}}}";

static void unknown_property_at_its_key_with_did_you_mean(void **state)
{
	result r = check(closed_spec, "spec:\n"
	                              "  replicas: 2\n"
	                              "  replcas: 3\n");

	(void)state;
	expect_one(r, UNKNOWN, 3, 3, "spec: unknown property 'replcas'",
	           "did you mean 'replicas'?");
	expect_pointer(r.d, 0, "/spec/replcas");
}

static void unknown_property_in_flow_mapping(void **state)
{
	result r = check(closed_spec, "spec: {image: x, imgae: z}\n");

	(void)state;
	expect_one(r, UNKNOWN, 1, 18, "spec: unknown property 'imgae'",
	           "did you mean 'image'?");
}

static void unknown_property_without_close_name_has_no_hint(void **state)
{
	result r = check("{'properties': {'name': {}},"
	                 " 'additionalProperties': false}",
	                 "name: a\ncolour: blue\n");

	(void)state;
	/* at the root the message has no path prefix */
	expect_one(r, UNKNOWN, 2, 1, "unknown property 'colour'", NULL);
	expect_pointer(r.d, 0, "/colour");
}

static void unknown_properties_each_reported(void **state)
{
	result r = check(closed_spec, "spec:\n"
	                              "  a: 1\n"
	                              "  replicas: 1\n"
	                              "  b: 2\n");

	(void)state;
	assert_int_equal(r.n, 2);
	expect_at(r.d, 0, UNKNOWN, 2, 3, "spec: unknown property 'a'", NULL);
	expect_at(r.d, 1, UNKNOWN, 4, 3, "spec: unknown property 'b'", NULL);
}

static const char *layered =
    "{'$defs': {'base': {'properties': {'replicas': {'type': 'integer'}}}},"
    " 'allOf': [{'$ref': '#/$defs/base'},"
    "           {'properties': {'name': {'type': 'string'}}}],"
    " 'unevaluatedProperties': false}";

static void unevaluated_property_hint_through_allof_ref(void **state)
{
	result r = check(layered, "name: web\nreplcas: 2\n");

	(void)state;
	expect_one(r, UNKNOWN, 2, 1, "unknown property 'replcas'",
	           "did you mean 'replicas'?");
	expect_pointer(r.d, 0, "/replcas");
}

static void unevaluated_properties_see_allof_and_ref(void **state)
{
	(void)state;
	assert_true(valid(layered, "name: web\nreplicas: 2\n"));
	/* a property that a branch evaluated is no longer unknown, but its
	 * own errors are still reported */
	expect_one(check(layered, "replicas: two\n"), TYPE, 1, 11,
	           "replicas: expected integer, got string \"two\"", NULL);
}

static void unevaluated_properties_nested(void **state)
{
	result r = check("{'properties': {'meta': {'$ref': '#/$defs/m',"
	                 " 'unevaluatedProperties': false}},"
	                 " '$defs': {'m': {'properties': {'labels': {}}}}}",
	                 "meta:\n"
	                 "  labels: {}\n"
	                 "  lables: {}\n");

	(void)state;
	expect_one(r, UNKNOWN, 3, 3, "meta: unknown property 'lables'",
	           "did you mean 'labels'?");
}

/* ---- types, enum, const ---- */

static void type_error_names_the_value(void **state)
{
	result r = check("{'properties': {'replicas': {'type': 'integer'}}}",
	                 "replicas: two\n");

	(void)state;
	expect_one(r, TYPE, 1, 11,
	           "replicas: expected integer, got string \"two\"", NULL);
	expect_pointer(r.d, 0, "/replicas");
}

static void type_error_for_containers_and_scalars(void **state)
{
	const char *s = "{'properties': {'a': {'type': 'string'},"
	                " 'b': {'type': 'string'}, 'c': {'type': 'boolean'},"
	                " 'd': {'type': ['string', 'null']}}}";
	result r = check(s, "a: {x: 1}\n"
	                    "b: [1]\n"
	                    "c: 3\n"
	                    "d: true\n");

	(void)state;
	assert_int_equal(r.n, 4);
	expect_at(r.d, 0, TYPE, 1, 4, "a: expected string, got object", NULL);
	expect_at(r.d, 1, TYPE, 2, 4, "b: expected string, got array", NULL);
	expect_at(r.d, 2, TYPE, 3, 4, "c: expected boolean, got integer 3",
	          NULL);
	expect_at(r.d, 3, TYPE, 4, 4,
	          "d: expected null or string, got boolean "
	          "true",
	          "put it in quotes to make it a string");
}

/* Hints name the fix: the line to add (from const, default, examples or
 * the description, through $ref), the quotes to add or take away. */
static void hints_name_the_fix(void **state)
{
	const char *s =
	    "{'required': ['v', 'd', 'e', 'r', 'n'],"
	    " '$defs': {'about': {'type': 'object', 'description': 'Where.'}},"
	    " 'properties': {'v': {'const': 'x/v1'}, 'd': {'default': 3},"
	    " 'e': {'examples': ['a1', 'b2']}, 'r': {'$ref': '#/$defs/about'},"
	    " 'n': {'type': 'object'}, 'i': {'type': 'integer'},"
	    " 'f': {'type': 'number'}, 'b': {'type': 'boolean'},"
	    " 'k': {'type': 'integer'}}}";
	result r =
	    check(s, "i: \"12\"\nf: \"-1.5\"\nb: \"true\"\nk: \"1.5\"\n");

	(void)state;
	assert_int_equal(r.n, 9);
	expect_at(r.d, 0, TYPE, 1, 4, "i: expected integer, got string \"12\"",
	          "write it without quotes: 12");
	expect_at(r.d, 1, TYPE, 2, 4, "f: expected number, got string \"-1.5\"",
	          "write it without quotes: -1.5");
	expect_at(r.d, 2, TYPE, 3, 4,
	          "b: expected boolean, got string \"true\"",
	          "write it without quotes: true");
	expect_at(r.d, 3, TYPE, 4, 4, "k: expected integer, got string \"1.5\"",
	          NULL);
	expect_at(r.d, 4, REQUIRED, 1, 1, "missing required property 'v'",
	          "add it, for example: v: x/v1");
	expect_at(r.d, 5, REQUIRED, 1, 1, "missing required property 'd'",
	          "add it, for example: d: 3");
	expect_at(r.d, 6, REQUIRED, 1, 1, "missing required property 'e'",
	          "add it, for example: e: a1");
	expect_at(r.d, 7, REQUIRED, 1, 1, "missing required property 'r'",
	          "add it: Where.");
	expect_at(r.d, 8, REQUIRED, 1, 1, "missing required property 'n'",
	          NULL);
}

static void integer_accepts_whole_reals(void **state)
{
	const char *s = "{'properties': {'count': {'type': 'integer'}}}";

	(void)state;
	assert_true(valid(s, "count: 2.0\n"));
	expect_one(check(s, "count: 2.5\n"), TYPE, 1, 8,
	           "count: expected integer, got number 2.5", NULL);
}

static void long_strings_are_cut_in_messages(void **state)
{
	result r = check("{'type': 'integer'}",
	                 "\"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstu"
	                 "vwxyz\"\n");

	(void)state;
	expect_one(r, TYPE, 1, 1,
	           "expected integer, got string "
	           "\"abcdefghijklmnopqrstuvwxyzabcdefghijklmn...\"",
	           NULL);
}

static const char *clouds = "{'properties': {'cloud': {'enum': ['azure', "
                            "'aws', 'gcp', 'on-prem']}}}";

static void enum_with_did_you_mean(void **state)
{
	result r = check(clouds, "cloud: azrue\n");

	(void)state;
	expect_one(r, VALUE, 1, 8,
	           "cloud: \"azrue\" is not one of: azure, aws, gcp, on-prem",
	           "did you mean 'azure'?");
}

static void enum_without_a_close_value(void **state)
{
	result r = check(clouds, "cloud: openstack\n");

	(void)state;
	expect_one(r, VALUE, 1, 8,
	           "cloud: \"openstack\" is not one of: azure, aws, gcp, "
	           "on-prem",
	           NULL);
}

static void enum_of_numbers_and_mixed_values(void **state)
{
	const char *s = "{'properties': {'v': {'enum': [1, 'two', null]}}}";

	(void)state;
	assert_true(valid(s, "v: 1.0\n"));
	assert_true(valid(s, "v: ~\n"));
	expect_one(check(s, "v: 3\n"), VALUE, 1, 4,
	           "v: 3 is not one of: 1, two, null", NULL);
}

static void const_message(void **state)
{
	const char *s = "{'properties': {'apiVersion': {'const': 'v1'},"
	                " 'v': {'const': 3}}}";
	result r = check(s, "apiVersion: v2\nv: 4\n");

	(void)state;
	assert_int_equal(r.n, 2);
	expect_at(r.d, 0, VALUE, 1, 13,
	          "apiVersion: expected \"v1\", got \"v2\"", NULL);
	expect_at(r.d, 1, VALUE, 2, 4, "v: expected 3, got 4", NULL);
	assert_true(valid(s, "v: 3.0\n"));
}

/* ---- required ---- */

static const char *target_schema =
    "{'properties': {'spec': {'properties': {'target': {"
    "'type': 'object', 'required': ['kubernetes', 'cloud']}}}}}";

static void required_at_the_key_of_the_object(void **state)
{
	result r = check(target_schema, "spec:\n"
	                                "  target:\n"
	                                "    kubernetes: \"1.29\"\n");

	(void)state;
	expect_one(r, REQUIRED, 2, 3,
	           "spec.target: missing required property 'cloud'", NULL);
	expect_pointer(r.d, 0, "/spec/target");
}

static void required_each_missing_name(void **state)
{
	result r = check(target_schema, "spec: {target: {}}\n");

	(void)state;
	assert_int_equal(r.n, 2);
	expect_at(r.d, 0, REQUIRED, 1, 8,
	          "spec.target: missing required property 'kubernetes'", NULL);
	expect_at(r.d, 1, REQUIRED, 1, 8,
	          "spec.target: missing required property 'cloud'", NULL);
}

static void required_at_the_root(void **state)
{
	result r = check("{'required': ['kind']}", "apiVersion: v1\n");

	(void)state;
	expect_one(r, REQUIRED, 1, 1, "missing required property 'kind'", NULL);
	expect_pointer(r.d, 0, "");
}

static void required_in_a_sequence_item(void **state)
{
	result r = check("{'items': {'required': ['name']}}", "- name: a\n"
	                                                      "- port: 1\n");

	(void)state;
	expect_one(r, REQUIRED, 2, 3, "[1]: missing required property 'name'",
	           NULL);
}

/*
 * Each node's properties are looked up in a table made at compile time,
 * and the required ones are counted as the keys go by: names that share a
 * length and their first and last bytes, required names that are no
 * property, and a name required twice all give what the list says.
 */
static const char *many_props =
    "{'properties': {'minReplicas': {'type': 'integer'},"
    " 'maxReplicas': {'type': 'integer'}, 'mxxReplicas': {},"
    " 'a': {}, 'b': {}, 'c': {}, 'd': {}, 'e': {}, 'f': {}, 'g': {},"
    " 'h': {}, 'i': {}, 'j': {}, 'k': {}, 'l': {}, 'm': {}, 'x': {},"
    " 'z': {}, 'p': {}, 'q': {}, 'r': {}, 's': {}, 't': {}, 'u': {},"
    " 'ab': {}, 'ba': {}, 'aab': {}, 'aba': {}, 'baa': {}, '': {},"
    " 'a~b': {}, 'a/b': {}, 'caf\u00e9': {'type': 'string'}},"
    " 'required': ['minReplicas', 'maxReplicas', 'maxReplicas', '',"
    " 'outside', 'caf\u00e9'],"
    " 'additionalProperties': {'type': 'boolean'}}";

static void property_table_lookups(void **state)
{
	result r;

	(void)state;
	assert_true(valid(many_props, "minReplicas: 1\nmaxReplicas: 2\n"
	                              "'': 0\noutside: true\ncaf\u00e9: x\n"
	                              "aab: 1\nbaa: 2\na~b: 3\na/b: 4\n"));
	/* every property is found, so none falls to additionalProperties */
	assert_true(valid(many_props,
	                  "{minReplicas: 1, maxReplicas: 2, '': 0,"
	                  " outside: true, caf\u00e9: x, mxxReplicas: s,"
	                  " a: 1, b: 1, c: 1, d: 1, e: 1, f: 1, g: 1, h: 1,"
	                  " i: 1, j: 1, k: 1, l: 1, m: 1, x: 1, z: 1, p: 1,"
	                  " q: 1, r: 1, s: 1, t: 1, u: 1, ab: 1, ba: 1,"
	                  " aab: 1, aba: 1, baa: 1}\n"));
	/* a name that is no property goes to additionalProperties */
	r = check(many_props, "{minReplicas: 1, maxReplicas: 2, '': 0,"
	                      " outside: true, caf\u00e9: x, maxReplica: 3}\n");
	expect_one(r, TYPE, 1, 77,
	           "maxReplica: expected boolean, got integer 3", NULL);
	r = check(many_props, "{minReplicas: x, maxReplicas: 2, '': 0,"
	                      " outside: true, caf\u00e9: x}\n");
	expect_one(r, TYPE, 1, 15,
	           "minReplicas: expected integer, got string \"x\"", NULL);
}

static void required_counted_by_the_table(void **state)
{
	result r;

	(void)state;
	/* the one required name that is no property */
	r = check(many_props, "minReplicas: 1\nmaxReplicas: 2\n'': 0\n"
	                      "caf\u00e9: x\n");
	expect_one(r, REQUIRED, 1, 1, "missing required property 'outside'",
	           NULL);
	/* a property, required twice: one finding */
	r = check(many_props, "minReplicas: 1\n'': 0\noutside: true\n"
	                      "caf\u00e9: x\n");
	expect_one(r, REQUIRED, 1, 1, "missing required property 'maxReplicas'",
	           NULL);
	/* as many keys as required names, one of them not required */
	r = check(many_props, "minReplicas: 1\nmaxReplicas: 2\n'': 0\n"
	                      "outside: true\naab: 1\n");
	expect_one(r, REQUIRED, 1, 1, "missing required property 'caf\u00e9'",
	           NULL);
	r = check("{'properties': {'a': {}, 'b': {}}, 'required': ['a', 'b'],"
	          " 'dependentRequired': {'a': ['c']}}",
	          "a: 1\nb: 2\n");
	expect_one(r, REQUIRED, 1, 1, "property 'a' requires property 'c'",
	           NULL);
}

/*
 * propertyNames: a key that a schema of string keywords alone (through
 * "$ref"s) accepts is checked on its bytes; anything else, and every key
 * refused, goes the long way and is reported at the key.
 */
static void property_names_fast_and_slow(void **state)
{
	static const char *by_ref =
	    "{'$defs': {'name': {'type': 'string', 'maxLength': 4,"
	    " 'pattern': '^[a-z]+$'}, 'via': {'$ref': '#/$defs/name'}},"
	    " 'propertyNames': {'$ref': '#/$defs/via'}}";
	static const char *ref_and_pattern =
	    "{'$defs': {'name': {'maxLength': 4}},"
	    " 'propertyNames': {'$ref': '#/$defs/name', 'pattern': '^a'}}";
	static const char *by_enum = "{'propertyNames': {'enum': ['a', 'b']}}";
	static const char *not_strings =
	    "{'propertyNames': {'type': 'integer'}}";
	static const char *by_length =
	    "{'propertyNames': {'minLength': 2, 'format': 'quantity'}}";
	result r;

	(void)state;
	assert_true(valid(by_ref, "ab: 1\nabcd: 2\n"));
	r = check(by_ref, "ab: 1\nabcde: 2\nA: 3\n");
	assert_int_equal(r.n, 2);
	assert_string_equal(mcp_diag_get(r.d, 0)->rule, RANGE);
	expect_pointer(r.d, 0, "/abcde");
	assert_int_equal(mcp_diag_get(r.d, 0)->loc.line, 2);
	assert_string_equal(mcp_diag_get(r.d, 1)->rule, PATTERN);
	expect_pointer(r.d, 1, "/A");
	assert_true(valid(ref_and_pattern, "abcd: 1\n"));
	assert_false(valid(ref_and_pattern, "bcd: 1\n"));
	assert_false(valid(ref_and_pattern, "abcde: 1\n"));
	assert_true(valid(by_enum, "a: 1\nb: 1\n"));
	assert_false(valid(by_enum, "a: 1\nc: 1\n"));
	assert_true(valid(not_strings, "{}\n"));
	r = check(not_strings, "'1': 1\n");
	expect_one(r, TYPE, 1, 1, "[\"1\"]: expected integer, got string \"1\"",
	           "write it without quotes: 1");
	assert_true(valid(by_length, "8Gi: 1\n500m: 2\n"));
	assert_false(valid(by_length, "8: 1\n"));
	assert_false(valid(by_length, "lots: 1\n"));
}

/* ---- patterns ---- */

static void pattern_with_title_and_examples(void **state)
{
	result r = check("{'properties': {'name': {'title': 'DNS label',"
	                 " 'pattern': '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',"
	                 " 'examples': ['web', 'api-v2']}}}",
	                 "name: Web_1\n");

	(void)state;
	expect_one(r, PATTERN, 1, 7, "name: \"Web_1\" is not a valid DNS label",
	           "for example: web, api-v2");
}

static void pattern_without_title(void **state)
{
	result r = check("{'properties': {'tag': {'pattern': '^v[0-9]+$'}}}",
	                 "tag: latest\n");

	(void)state;
	expect_one(r, PATTERN, 1, 6,
	           "tag: \"latest\" does not match the pattern ^v[0-9]+$",
	           "the pattern is ^v[0-9]+$");
}

static void pattern_title_without_examples(void **state)
{
	result r = check("{'title': 'version', 'pattern': '^[0-9]+[.][0-9]+$'}",
	                 "x1\n");

	(void)state;
	expect_one(r, PATTERN, 1, 1, "\"x1\" is not a valid version",
	           "the pattern is ^[0-9]+[.][0-9]+$");
}

static void pattern_is_not_anchored(void **state)
{
	const char *s = "{'pattern': 'b+'}";

	(void)state;
	assert_true(valid(s, "abbc\n"));
	assert_false(valid(s, "ac\n"));
	/* non-strings are not checked */
	assert_true(valid(s, "12\n"));
}

/* ---- numbers ---- */

static const char *port_schema =
    "{'properties': {'port': {'type': 'integer', 'minimum': 1,"
    " 'maximum': 65535}}}";

static void minimum_and_maximum(void **state)
{
	(void)state;
	expect_one(check(port_schema, "port: 0\n"), RANGE, 1, 7,
	           "port: 0 is less than the minimum 1", NULL);
	expect_one(check(port_schema, "port: 70000\n"), RANGE, 1, 7,
	           "port: 70000 is more than the maximum 65535", NULL);
	assert_true(valid(port_schema, "port: 1\n"));
	assert_true(valid(port_schema, "port: 65535\n"));
}

static void exclusive_minimum_and_maximum(void **state)
{
	const char *s = "{'exclusiveMinimum': 0, 'exclusiveMaximum': 100}";

	(void)state;
	expect_one(check(s, "0\n"), RANGE, 1, 1, "0 must be more than 0", NULL);
	expect_one(check(s, "100\n"), RANGE, 1, 1, "100 must be less than 100",
	           NULL);
	assert_true(valid(s, "0.5\n"));
	assert_true(valid(s, "99.9\n"));
}

static void strings_in_messages_are_escaped(void **state)
{
	result r = check("{'properties': {'a': {'pattern': '^abc$'},"
	                 " 'b': {'type': 'integer'}}}",
	                 "a: \"abc\\n\"\nb: \"x\\ty\\\"z\"\n");

	(void)state;
	/* a finding is one line: control characters and quotes escaped */
	assert_int_equal(r.n, 2);
	expect_at(r.d, 0, PATTERN, 1, 4,
	          "a: \"abc\\n\" does not match the pattern ^abc$",
	          "the pattern is ^abc$");
	expect_at(r.d, 1, TYPE, 2, 4,
	          "b: expected integer, got string \"x\\ty\\\"z\"", NULL);
}

static void numbers_in_messages_read_as_written(void **state)
{
	result r = check("{'properties': {'ratio': {'maximum': 0.25}}}",
	                 "ratio: 0.3\n");

	(void)state;
	/* not 0.29999999999999999 */
	expect_one(r, RANGE, 1, 8, "ratio: 0.3 is more than the maximum 0.25",
	           NULL);
}

static void multiple_of_decimals(void **state)
{
	const char *s = "{'properties': {'price': {'multipleOf': 0.0001}}}";

	(void)state;
	assert_true(valid(s, "price: 0.0075\n"));
	assert_true(valid(s, "price: 12\n"));
	assert_false(valid(s, "price: 0.00751\n"));
}

static void multiple_of_message(void **state)
{
	result r = check("{'properties': {'v': {'multipleOf': 3}}}", "v: 10\n");
	result q = check("{'multipleOf': 0.5}", "0.75\n");

	(void)state;
	expect_one(r, RANGE, 1, 4, "v: 10 is not a multiple of 3", NULL);
	expect_one(q, RANGE, 1, 1, "0.75 is not a multiple of 0.5", NULL);
}

static void multiple_of_decimal_message(void **state)
{
	result r = check("{'properties': {'price': {'multipleOf': 0.0001}}}",
	                 "price: 0.00751\n");

	(void)state;
	expect_one(r, RANGE, 1, 8, "price: 0.00751 is not a multiple of 0.0001",
	           NULL);
}

/* ---- strings ---- */

static void lengths_count_code_points(void **state)
{
	const char *s = "{'minLength': 3, 'maxLength': 3}";

	(void)state;
	/* 3 letters, 5 bytes; then 3 letters, 9 bytes */
	assert_true(valid(s, "h\xc3\xa9\xc3\xa9\n"));
	assert_true(valid(s, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\n"));
	expect_one(check(s, "\"\xc3\xa9\xc3\xa9\"\n"), RANGE, 1, 1,
	           "\"\xc3\xa9\xc3\xa9\" is shorter than 3 characters", NULL);
	expect_one(check(s, "ab\xc3\xa9z\n"), RANGE, 1, 1,
	           "\"ab\xc3\xa9z\" is longer than 3 characters", NULL);
}

static void length_messages_singular(void **state)
{
	result r = check("{'properties': {'a': {'minLength': 1},"
	                 " 'b': {'maxLength': 1}}}",
	                 "a: ''\nb: xy\n");

	(void)state;
	assert_int_equal(r.n, 2);
	expect_at(r.d, 0, RANGE, 1, 4, "a: \"\" is shorter than 1 character",
	          NULL);
	expect_at(r.d, 1, RANGE, 2, 4, "b: \"xy\" is longer than 1 character",
	          NULL);
}

/* ---- arrays ---- */

static const char *pools = "{'properties': {'pools': {'minItems': 2,"
                           " 'maxItems': 3}}}";

static void min_and_max_items(void **state)
{
	(void)state;
	expect_one(check(pools, "pools: [a]\n"), RANGE, 1, 8,
	           "pools: 1 item, at least 2 required", NULL);
	expect_one(check(pools, "pools: []\n"), RANGE, 1, 8,
	           "pools: 0 items, at least 2 required", NULL);
	expect_one(check(pools, "pools: [a, b, c, d]\n"), RANGE, 1, 8,
	           "pools: 4 items, at most 3 allowed", NULL);
	assert_true(valid(pools, "pools: [a, b, c]\n"));
}

static void max_items_zero_singular(void **state)
{
	result r = check("{'maxItems': 0}", "[a]\n");

	(void)state;
	expect_one(r, RANGE, 1, 1, "1 item, at most 0 allowed", NULL);
}

static void unique_items_one_and_one_point_zero(void **state)
{
	result r = check("{'properties': {'ids': {'uniqueItems': true}}}",
	                 "ids: [1, 2, 1.0]\n");

	(void)state;
	expect_one(r, RANGE, 1, 6,
	           "ids: items 0 and 2 are equal; items must "
	           "be unique",
	           NULL);
}

static void unique_items_objects_and_distinct_values(void **state)
{
	const char *s = "{'uniqueItems': true}";

	(void)state;
	assert_false(valid(s, "- {a: 1, b: [x]}\n- {b: [x], a: 1.0}\n"));
	assert_true(valid(s, "- {a: 1}\n- {a: 2}\n"));
	assert_true(valid(s, "[1, '1', true, [1], {a: 1}]\n"));
	assert_true(valid(s, "[0, false, ~, '']\n"));
}

static const char *gpus = "{'properties': {'gpus': {'contains': {'const': "
                          "'a100'}, 'minContains': 2, 'maxContains': 3}}}";

static void contains_none(void **state)
{
	result r = check("{'properties': {'l': {'contains': {'type': "
	                 "'integer'}}}}",
	                 "l: [a, b]\n");

	(void)state;
	expect_one(r, RANGE, 1, 4, "l: no item matches the required schema",
	           NULL);
}

static void min_contains(void **state)
{
	result r = check(gpus, "gpus: [a100, t4]\n");

	(void)state;
	expect_one(r, RANGE, 1, 7,
	           "gpus: 1 items match the required schema, at least 2 "
	           "required",
	           NULL);
	assert_true(valid(gpus, "gpus: [a100, t4, a100]\n"));
}

static void max_contains(void **state)
{
	result r = check(gpus, "gpus: [a100, a100, a100, a100]\n");

	(void)state;
	expect_one(r, RANGE, 1, 7, "gpus: 4 items match, at most 3 allowed",
	           NULL);
}

static void min_contains_zero_allows_none(void **state)
{
	(void)state;
	assert_true(
	    valid("{'contains': {'const': 1}, 'minContains': 0}", "[2, 3]\n"));
	assert_false(valid("{'contains': {'const': 1}}", "[2, 3]\n"));
}

static void items_false_after_prefix_items(void **state)
{
	result r = check("{'prefixItems': [{'type': 'string'}, {'type': "
	                 "'integer'}], 'items': false}",
	                 "[a, 1, x]\n");

	(void)state;
	expect_one(r, RANGE, 1, 1, "3 items, at most 2 allowed", NULL);
}

static void prefix_items_errors_at_the_item(void **state)
{
	result r = check("{'prefixItems': [{'type': 'string'}, {'type': "
	                 "'integer'}]}",
	                 "- a\n- b\n");

	(void)state;
	expect_one(r, TYPE, 2, 3, "[1]: expected integer, got string \"b\"",
	           NULL);
	expect_pointer(r.d, 0, "/1");
}

static void unevaluated_items_false(void **state)
{
	result r = check("{'prefixItems': [{}], 'unevaluatedItems': false}",
	                 "[a, b]\n");

	(void)state;
	expect_one(r, RANGE, 1, 1, "item 1 is not allowed here", NULL);
}

/* ---- objects ---- */

static void min_and_max_properties(void **state)
{
	const char *s = "{'properties': {'labels': {'minProperties': 2,"
	                " 'maxProperties': 3}}}";

	(void)state;
	expect_one(check(s, "labels: {a: 1}\n"), RANGE, 1, 9,
	           "labels: 1 property, at least 2 required", NULL);
	expect_one(check(s, "labels: {a: 1, b: 2, c: 3, d: 4}\n"), RANGE, 1, 9,
	           "labels: 4 properties, at most 3 allowed", NULL);
	assert_true(valid(s, "labels: {a: 1, b: 2}\n"));
}

static void property_names_at_the_key(void **state)
{
	result r = check("{'properties': {'env': {'propertyNames': {"
	                 "'pattern': '^[A-Z_][A-Z0-9_]*$'}}}}",
	                 "env:\n"
	                 "  LOG_LEVEL: info\n"
	                 "  log-level: debug\n");

	(void)state;
	expect_one(r, PATTERN, 3, 3,
	           "env.log-level: \"log-level\" does not match the pattern "
	           "^[A-Z_][A-Z0-9_]*$",
	           "the pattern is ^[A-Z_][A-Z0-9_]*$");
}

static void property_names_max_length(void **state)
{
	result r =
	    check("{'propertyNames': {'maxLength': 3}}", "abc: 1\nabcd: 2\n");

	(void)state;
	expect_one(r, RANGE, 2, 1, "abcd: \"abcd\" is longer than 3 characters",
	           NULL);
}

static void dependent_required(void **state)
{
	const char *s = "{'properties': {'tls': {'dependentRequired': {"
	                "'enabled': ['secretName', 'issuer']}}}}";
	result r = check(s, "tls:\n"
	                    "  enabled: true\n"
	                    "  issuer: x\n");

	(void)state;
	/* like "required": at the key of the object that lacks it */
	expect_one(r, REQUIRED, 1, 1,
	           "tls: property 'enabled' requires property 'secretName'",
	           NULL);
	assert_true(valid(s, "tls: {issuer: x}\n"));
}

static void dependent_schemas(void **state)
{
	const char *s = "{'dependentSchemas': {'gpu': {"
	                "'properties': {'nodePool': {'type': 'string'}},"
	                " 'required': ['nodePool']}}}";

	(void)state;
	expect_one(check(s, "gpu: 1\n"), REQUIRED, 1, 1,
	           "missing required property 'nodePool'", NULL);
	expect_one(check(s, "gpu: 1\nnodePool: 3\n"), TYPE, 2, 11,
	           "nodePool: expected string, got integer 3",
	           "put it in quotes to make it a string");
	assert_true(valid(s, "nodePool: 3\n"));
}

/* ---- applicators ---- */

static const char *auth =
    "{'properties': {'auth': {"
    "'if': {'properties': {'type': {'const': 'jwt'}}},"
    " 'then': {'required': ['jwksUri'], 'properties': {'jwksUri': "
    "{'type': 'string'}}},"
    " 'else': {'properties': {'jwksUri': false}}}}}";

static void if_then_reports_only_then(void **state)
{
	result r = check(auth, "auth:\n  type: jwt\n");

	(void)state;
	/* the if schema's own failure is never reported */
	expect_one(r, REQUIRED, 1, 1,
	           "auth: missing required property 'jwksUri'", NULL);
}

static void if_else_reports_only_else(void **state)
{
	result r = check(auth, "auth:\n  type: basic\n  jwksUri: u\n");

	(void)state;
	expect_one(r, UNKNOWN, 3, 3,
	           "auth: property 'jwksUri' is not allowed "
	           "here",
	           NULL);
	assert_true(valid(auth, "auth: {type: basic}\n"));
	assert_true(valid(auth, "auth: {type: jwt, jwksUri: u}\n"));
}

static void not_message(void **state)
{
	result r = check("{'properties': {'tag': {'not': {'const': "
	                 "'latest'}}}}",
	                 "tag: latest\n");

	(void)state;
	expect_one(r, COMBINE, 1, 6,
	           "tag: \"latest\" matches a schema it must not match", NULL);
}

static void any_of_keeps_the_best_branch(void **state)
{
	result r = check("{'anyOf': [{'type': 'string'}, {'type': 'object',"
	                 " 'properties': {'size': {'type': 'integer'}}}]}",
	                 "size: big\n");

	(void)state;
	expect_one(r, TYPE, 1, 7, "size: expected integer, got string \"big\"",
	           NULL);
}

static void any_of_prefers_fewer_errors_at_equal_depth(void **state)
{
	result r = check("{'anyOf': ["
	                 "{'required': ['a', 'b', 'c']},"
	                 "{'required': ['d']}]}",
	                 "x: 1\n");

	(void)state;
	expect_one(r, REQUIRED, 1, 1, "missing required property 'd'", NULL);
}

static void any_of_only_types_combined(void **state)
{
	const char *s = "{'properties': {'cpu': {'anyOf': [{'type': 'integer'},"
	                " {'type': 'string', 'pattern': '^[0-9]+m$'}]}}}";
	result r = check(s, "cpu: [1]\n");

	(void)state;
	expect_one(r, TYPE, 1, 6, "cpu: expected string or integer, got array",
	           NULL);
	assert_true(valid(s, "cpu: 2\n"));
	assert_true(valid(s, "cpu: 500m\n"));
	/* a string fails the second branch's pattern: that one is kept */
	expect_one(check(s, "cpu: lots\n"), PATTERN, 1, 6,
	           "cpu: \"lots\" does not match the pattern ^[0-9]+m$",
	           "the pattern is ^[0-9]+m$");
}

static void any_of_three_types(void **state)
{
	result r = check("{'anyOf': [{'type': 'string'}, {'type': 'array'},"
	                 " {'type': 'null'}]}",
	                 "5\n");

	(void)state;
	expect_one(r, TYPE, 1, 1,
	           "expected null, array or string, got integer 5",
	           "put it in quotes to make it a string");
}

static void any_of_match_leaves_no_findings(void **state)
{
	const char *s = "{'properties': {'x': {'anyOf': [{'type': 'string'},"
	                " {'minimum': 3}]}}, 'required': ['y']}";
	result r = check(s, "x: 4\n");

	(void)state;
	/* the failed first branch leaves nothing behind */
	expect_one(r, REQUIRED, 1, 1, "missing required property 'y'", NULL);
}

static const char *one_of =
    "{'properties': {'storage': {'oneOf': ["
    "{'properties': {'type': {'const': 's3'}}, 'required': ['bucket']},"
    "{'properties': {'type': {'const': 'pvc'}}, 'required': ['claim']}]}}}";

static void one_of_none(void **state)
{
	const char *s = "{'oneOf': [{'type': 'string', 'maxLength': 3},"
	                " {'type': 'integer', 'minimum': 1}]}";
	result r = check(s, "abcdef\n");

	(void)state;
	/* the branch that took the value's type explains it */
	expect_one(r, RANGE, 1, 1, "\"abcdef\" is longer than 3 characters",
	           NULL);
	expect_one(check(s, "0\n"), RANGE, 1, 1, "0 is less than the minimum 1",
	           NULL);
}

static void one_of_two(void **state)
{
	result r = check(one_of, "storage: {bucket: b, claim: c}\n");

	(void)state;
	expect_one(r, COMBINE, 1, 10,
	           "storage: the value matches 2 alternatives (the first is "
	           "number 1); exactly one is allowed",
	           NULL);
	assert_true(valid(one_of, "storage: {type: pvc, claim: c}\n"));
}

static void one_of_types_combined(void **state)
{
	result r = check(
	    "{'oneOf': [{'type': 'boolean'}, {'type': 'integer'}]}", "x\n");

	(void)state;
	expect_one(r, TYPE, 1, 1,
	           "expected boolean or integer, got string "
	           "\"x\"",
	           NULL);
}

static void false_schema_at_the_key(void **state)
{
	result r = check("{'properties': {'spec': {'properties': {"
	                 "'password': false}}}}",
	                 "spec:\n"
	                 "  user: u\n"
	                 "  password: p\n");

	(void)state;
	expect_one(r, UNKNOWN, 3, 3,
	           "spec: property 'password' is not allowed here", NULL);
	expect_pointer(r.d, 0, "/spec/password");
}

static void false_schema_pattern_properties(void **state)
{
	result r = check("{'patternProperties': {'^x-': false}}",
	                 "a: 1\nx-debug: 2\n");

	(void)state;
	expect_one(r, UNKNOWN, 2, 1, "property 'x-debug' is not allowed here",
	           NULL);
}

static void false_schema_at_the_root(void **state)
{
	result r = check("false", "a: 1\n");

	(void)state;
	expect_one(r, UNKNOWN, 1, 1, "no value is allowed here", NULL);
	assert_true(valid("true", "a: 1\n"));
}

/* ---- references ---- */

static void ref_to_defs(void **state)
{
	const char *s = "{'$defs': {'port': {'type': 'integer', 'maximum': "
	                "65535}},"
	                " 'properties': {'http': {'$ref': '#/$defs/port'},"
	                " 'grpc': {'$ref': '#/$defs/port'}}}";
	result r = check(s, "http: 80\ngrpc: 99999\n");

	(void)state;
	expect_one(r, RANGE, 2, 7, "grpc: 99999 is more than the maximum 65535",
	           NULL);
}

static void ref_pointer_escapes(void **state)
{
	const char *s =
	    "{'$defs': {'a/b': {'type': 'integer'},"
	    " 'c~d': {'type': 'string'}, 'e%f': {'type': 'boolean'}},"
	    " 'properties': {'x': {'$ref': '#/$defs/a~1b'},"
	    " 'w': {'$ref': '#/$defs/c~0d'},"
	    " 'z': {'$ref': '#/$defs/e%25f'}}}";
	result r = check(s, "x: a\nw: 1\nz: 2\n");

	(void)state;
	assert_true(valid(s, "x: 1\nw: a\nz: true\n"));
	assert_int_equal(r.n, 3);
	expect_at(r.d, 0, TYPE, 1, 4, "x: expected integer, got string \"a\"",
	          NULL);
	expect_at(r.d, 1, TYPE, 2, 4, "w: expected string, got integer 1",
	          "put it in quotes to make it a string");
	expect_at(r.d, 2, TYPE, 3, 4, "z: expected boolean, got integer 2",
	          NULL);
}

static void ref_to_anchor(void **state)
{
	const char *s =
	    "{'$id': 'https://example.com/root.json',"
	    " '$defs': {'n': {'$anchor': 'name', 'pattern': '^[a-z]+$'}},"
	    " 'properties': {'a': {'$ref': '#name'},"
	    " 'b': {'$ref': 'https://example.com/root.json#name'}}}";
	result r = check(s, "a: Ab\nb: cD\n");

	(void)state;
	assert_int_equal(r.n, 2);
	expect_at(r.d, 0, PATTERN, 1, 4,
	          "a: \"Ab\" does not match the pattern ^[a-z]+$",
	          "the pattern is ^[a-z]+$");
	expect_at(r.d, 1, PATTERN, 2, 4,
	          "b: \"cD\" does not match the pattern ^[a-z]+$",
	          "the pattern is ^[a-z]+$");
}

static void ref_with_siblings_in_2020(void **state)
{
	const char *s = "{'$defs': {'a': {'type': 'integer', 'minimum': 10}},"
	                " '$ref': '#/$defs/a', 'maximum': 1}";
	result r = check(s, "5\n");

	(void)state;
	assert_int_equal(r.n, 2);
	assert_non_null(find_msg(r.d, "5 is less than the minimum 10"));
	assert_non_null(find_msg(r.d, "5 is more than the maximum 1"));
}

static const char *dynamic_list =
    "{'$id': 'https://example.com/strict-list',"
    " '$ref': 'list',"
    " '$defs': {"
    "  'items': {'$dynamicAnchor': 'items', 'type': 'string'},"
    "  'list': {'$id': 'list', 'type': 'array',"
    "   'items': {'$dynamicRef': '#items'},"
    "   '$defs': {'items': {'$dynamicAnchor': 'items'}}}}}";

static void dynamic_ref_uses_the_outermost_anchor(void **state)
{
	result r = check(dynamic_list, "[a, 1]\n");

	(void)state;
	expect_one(r, TYPE, 1, 5, "[1]: expected string, got integer 1",
	           "put it in quotes to make it a string");
	assert_true(valid(dynamic_list, "[a, b]\n"));
}

static void dynamic_ref_alone_uses_its_own_anchor(void **state)
{
	const char *s = "{'$id': 'https://example.com/list', 'type': 'array',"
	                " 'items': {'$dynamicRef': '#items'},"
	                " '$defs': {'items': {'$dynamicAnchor': 'items'}}}";

	(void)state;
	assert_true(valid(s, "[a, 1, {x: 2}]\n"));
}

static void ref_loop_is_reported(void **state)
{
	result r = check("{'$ref': '#'}", "a: 1\n");

	(void)state;
	expect_one(r, COMBINE, 1, 1,
	           "the schema nests deeper than 1000 levels here (a reference "
	           "loop?)",
	           NULL);
}

/* ---- older drafts ---- */

static void draft7_ref_siblings_ignored(void **state)
{
	const char *s = "{" D7 ", 'definitions': {'a': {'type': 'integer'}},"
	                " 'properties': {'x': {'$ref': '#/definitions/a',"
	                " 'maximum': 1}}}";

	(void)state;
	assert_true(valid(s, "x: 5\n"));
	expect_one(check(s, "x: five\n"), TYPE, 1, 4,
	           "x: expected integer, got string \"five\"", NULL);
}

static void draft7_items_array_and_additional_items(void **state)
{
	const char *s = "{" D7 ", 'items': [{'type': 'integer'}],"
	                " 'additionalItems': false}";
	const char *t = "{" D7 ", 'items': [{'type': 'integer'}],"
	                " 'additionalItems': {'type': 'string'}}";

	(void)state;
	assert_true(valid(s, "[1]\n"));
	expect_one(check(s, "[1, x]\n"), RANGE, 1, 1,
	           "2 items, at most 1 allowed", NULL);
	expect_one(check(s, "[x]\n"), TYPE, 1, 2,
	           "[0]: expected integer, got string \"x\"", NULL);
	assert_true(valid(t, "[1, a, b]\n"));
	expect_one(check(t, "[1, a, 2]\n"), TYPE, 1, 8,
	           "[2]: expected string, got integer 2",
	           "put it in quotes to make it a string");
}

static void draft7_ignores_2020_keywords(void **state)
{
	(void)state;
	assert_true(
	    valid("{" D7 ", 'prefixItems': [{'type': 'integer'}]}", "[x]\n"));
	assert_true(
	    valid("{" D7 ", 'unevaluatedProperties': false}", "a: 1\n"));
	assert_true(
	    valid("{" D7 ", 'dependentRequired': {'a': ['b']}}", "a: 1\n"));
}

static void draft7_dependencies(void **state)
{
	const char *s = "{" D7 ", 'dependencies': {"
	                "'tls': ['cert'],"
	                " 'gpu': {'required': ['pool']}}}";
	result r = check(s, "tls: true\ngpu: 1\n");

	(void)state;
	assert_int_equal(r.n, 2);
	assert_non_null(
	    find_msg(r.d, "property 'tls' requires property 'cert'"));
	assert_non_null(find_msg(r.d, "missing required property 'pool'"));
	assert_true(valid(s, "tls: true\ncert: c\ngpu: 1\npool: p\n"));
	assert_true(valid(s, "other: 1\n"));
}

static void draft4_boolean_exclusive_maximum(void **state)
{
	const char *s = "{" D4 ", 'maximum': 5, 'exclusiveMaximum': true,"
	                " 'minimum': 1, 'exclusiveMinimum': true}";
	const char *t = "{" D4 ", 'maximum': 5, 'exclusiveMaximum': false}";

	(void)state;
	expect_one(check(s, "5\n"), RANGE, 1, 1, "5 must be less than 5", NULL);
	expect_one(check(s, "1\n"), RANGE, 1, 1, "1 must be more than 1", NULL);
	assert_true(valid(s, "4.5\n"));
	assert_true(valid(t, "5\n"));
	assert_false(valid(t, "6\n"));
}

static void draft4_by_default_draft(void **state)
{
	mcp_schema_opts o;
	const char *s = "{'maximum': 5, 'exclusiveMaximum': true}";
	const char *i = "{'type': 'integer'}";

	(void)state;
	mcp_schema_opts_init(&o);
	assert_int_equal(o.default_draft, MCP_DRAFT_2020_12);
	assert_int_equal(o.strict_formats, 0);
	o.default_draft = MCP_DRAFT_4;
	assert_false(valid_opts(s, &o, "5\n"));
	assert_true(valid_opts(s, &o, "4\n"));
	assert_true(valid(i, "1.0\n"));
	/* in draft 4, 1.0 is not an integer (and reads as written) */
	expect_one(check_opts(i, &o, "1.0\n"), TYPE, 1, 1,
	           "expected integer, got number 1.0", NULL);
}

static void draft7_by_default_draft(void **state)
{
	mcp_schema_opts o;
	const char *s = "{'definitions': {'a': {'type': 'integer'}},"
	                " '$ref': '#/definitions/a', 'maximum': 1}";

	(void)state;
	mcp_schema_opts_init(&o);
	o.default_draft = MCP_DRAFT_7;
	assert_true(valid_opts(s, &o, "5\n"));
	/* the same schema in 2020-12 applies "maximum" too */
	assert_false(valid(s, "5\n"));
}

static void schema_keyword_beats_default_draft(void **state)
{
	mcp_schema_opts o;
	const char *s = "{'$schema': "
	                "'https://json-schema.org/draft/2020-12/schema',"
	                " 'maximum': 5, 'exclusiveMaximum': 5}";

	(void)state;
	mcp_schema_opts_init(&o);
	o.default_draft = MCP_DRAFT_4;
	expect_one(check_opts(s, &o, "5\n"), RANGE, 1, 1,
	           "5 must be less than 5", NULL);
	assert_true(valid_opts(s, &o, "4\n"));
}

/* ---- formats ---- */

static mcp_schema_opts strict(void)
{
	mcp_schema_opts o;

	mcp_schema_opts_init(&o);
	o.strict_formats = 1;
	return o;
}

/* Whether @p value (a YAML scalar) is a valid @p format, strictly. */
static int fmt_ok(const char *format, const char *value)
{
	mcp_schema_opts o = strict();
	char schema[128], yaml[256];

	snprintf(schema, sizeof(schema), "{'format': '%s'}", format);
	snprintf(yaml, sizeof(yaml), "\"%s\"\n", value);
	return valid_opts(schema, &o, yaml);
}

static void formats_are_annotations_by_default(void **state)
{
	(void)state;
	assert_true(valid("{'format': 'email'}", "not an email\n"));
	assert_true(valid("{'format': 'date-time'}", "yesterday\n"));
	assert_true(valid("{'format': 'ipv4'}", "999.1.1.1\n"));
	assert_true(valid("{'format': 'regex'}", "\"(\"\n"));
}

static void strict_format_message(void **state)
{
	mcp_schema_opts o = strict();
	result r = check_opts("{'properties': {'contact': {'format': "
	                      "'email'}}}",
	                      &o, "contact: nobody\n");

	(void)state;
	expect_one(r, PATTERN, 1, 10,
	           "contact: \"nobody\" is not a valid email", NULL);
	/* unknown formats and non-strings pass */
	assert_true(valid_opts("{'format': 'no-such-format'}", &o, "x\n"));
	assert_true(valid_opts("{'format': 'email'}", &o, "12\n"));
}

static void strict_date_time(void **state)
{
	(void)state;
	assert_true(fmt_ok("date-time", "2024-02-29T10:00:00Z"));
	assert_true(fmt_ok("date-time", "2024-01-01T10:00:00.5+01:00"));
	assert_true(fmt_ok("date-time", "1998-12-31T23:59:60Z"));
	assert_false(fmt_ok("date-time", "2023-02-29T10:00:00Z"));
	assert_false(fmt_ok("date-time", "2024-01-01T10:00:00"));
	assert_false(fmt_ok("date-time", "2024-01-01 10:00:00Z"));
	assert_false(fmt_ok("date-time", "2024-13-01T10:00:00Z"));
	assert_false(fmt_ok("date-time", "1998-12-31T22:59:60Z"));
	assert_true(fmt_ok("date", "2024-02-29"));
	assert_false(fmt_ok("date", "2024-2-29"));
}

static void strict_email(void **state)
{
	(void)state;
	assert_true(fmt_ok("email", "ops@example.com"));
	assert_true(fmt_ok("email", "first.last+tag@mail.example.org"));
	assert_false(fmt_ok("email", "ops.example.com"));
	assert_false(fmt_ok("email", "ops..x@example.com"));
	assert_false(fmt_ok("email", ".ops@example.com"));
	assert_false(fmt_ok("email", "ops@"));
}

static void strict_ipv4(void **state)
{
	(void)state;
	assert_true(fmt_ok("ipv4", "192.168.0.1"));
	assert_true(fmt_ok("ipv4", "0.0.0.0"));
	assert_false(fmt_ok("ipv4", "256.1.1.1"));
	assert_false(fmt_ok("ipv4", "1.2.3"));
	assert_false(fmt_ok("ipv4", "1.2.3.4.5"));
	assert_false(fmt_ok("ipv4", "01.2.3.4"));
	assert_false(fmt_ok("ipv4", "1.2.3.4 "));
}

static void strict_ipv6(void **state)
{
	(void)state;
	assert_true(fmt_ok("ipv6", "::1"));
	assert_true(fmt_ok("ipv6", "::"));
	assert_true(fmt_ok("ipv6", "fe80::1:2"));
	assert_true(fmt_ok("ipv6", "2001:db8:0:0:0:0:2:1"));
	assert_true(fmt_ok("ipv6", "::ffff:192.168.0.1"));
	assert_false(fmt_ok("ipv6", "1:2:3:4:5:6:7:8:9"));
	assert_false(fmt_ok("ipv6", "12345::"));
	assert_false(fmt_ok("ipv6", "1::2::3"));
	assert_false(fmt_ok("ipv6", "1:2:3:4:5:6:7"));
	assert_false(fmt_ok("ipv6", "g::1"));
}

static void strict_hostname(void **state)
{
	(void)state;
	assert_true(fmt_ok("hostname", "ai.example.com"));
	assert_true(fmt_ok("hostname", "my-host"));
	assert_false(fmt_ok("hostname", "-bad.example.com"));
	assert_false(fmt_ok("hostname", "bad-.example.com"));
	assert_false(fmt_ok("hostname", "a..b"));
	assert_false(fmt_ok("hostname", "under_score.com"));
	assert_false(fmt_ok("hostname",
	                    "a234567890123456789012345678901234567890123456789"
	                    "012345678901234.com"));
}

static void strict_uuid(void **state)
{
	(void)state;
	assert_true(fmt_ok("uuid", "2eb8aa08-aa98-11ea-b4aa-73b441d16380"));
	assert_true(fmt_ok("uuid", "2EB8AA08-AA98-11EA-B4AA-73B441D16380"));
	assert_false(fmt_ok("uuid", "2eb8aa08aa9811eab4aa73b441d16380"));
	assert_false(fmt_ok("uuid", "2eb8aa08-aa98-11ea-b4aa-73b441d1638g"));
	assert_false(fmt_ok("uuid", "2eb8aa0-8aa98-11ea-b4aa-73b441d16380"));
}

static void strict_duration(void **state)
{
	(void)state;
	assert_true(fmt_ok("duration", "P1D"));
	assert_true(fmt_ok("duration", "PT30S"));
	assert_true(fmt_ok("duration", "P1Y2M3DT4H5M6S"));
	assert_true(fmt_ok("duration", "P2W"));
	assert_false(fmt_ok("duration", "P"));
	assert_false(fmt_ok("duration", "PT"));
	assert_false(fmt_ok("duration", "P1H"));
	assert_false(fmt_ok("duration", "PT1D"));
	assert_false(fmt_ok("duration", "P1M1Y"));
	assert_false(fmt_ok("duration", "30s"));
}

static void strict_json_pointer(void **state)
{
	(void)state;
	assert_true(fmt_ok("json-pointer", ""));
	assert_true(fmt_ok("json-pointer", "/spec/a~1b/0"));
	assert_true(fmt_ok("json-pointer", "/~0"));
	assert_false(fmt_ok("json-pointer", "spec/a"));
	assert_false(fmt_ok("json-pointer", "/a~2"));
	assert_false(fmt_ok("json-pointer", "/a~"));
}

static void strict_regex(void **state)
{
	(void)state;
	assert_true(fmt_ok("regex", "^[a-z]+$"));
	assert_true(fmt_ok("regex", "\\\\p{Letter}+"));
	assert_false(fmt_ok("regex", "("));
	assert_false(fmt_ok("regex", "[a-"));
	assert_false(fmt_ok("regex", "a{2,1}"));
}

static void strict_uri(void **state)
{
	(void)state;
	assert_true(fmt_ok("uri", "https://ex.com/a?b=c#d"));
	assert_true(fmt_ok("uri", "urn:example:x"));
	assert_false(fmt_ok("uri", "//ex.com/a"));
	assert_false(fmt_ok("uri", "a/b"));
	assert_false(fmt_ok("uri", "https://ex.com/a b"));
	assert_false(fmt_ok("uri", "https://ex.com/%zz"));
	assert_true(fmt_ok("uri-reference", "a/b#c"));
	assert_false(fmt_ok("uri-reference", "a\\\\b"));
}

/* ---- ECMA-262 regular expressions ---- */

static void regex_dollar_only_at_the_end(void **state)
{
	const char *s = "{'pattern': '^abc$'}";

	(void)state;
	assert_true(valid(s, "abc\n"));
	assert_false(valid(s, "\"abc\\n\"\n"));
}

static void regex_unicode_letters(void **state)
{
	const char *s = "{'pattern': '^\\\\p{Letter}+$'}";

	(void)state;
	assert_true(valid(s, "h\xc3\xa9llo\n"));
	assert_true(valid(s, "\xe6\x97\xa5\xe6\x9c\xac\n"));
	assert_false(valid(s, "h3llo\n"));
	assert_true(valid("{'pattern': '^\\\\p{Lu}'}", "\xc3\x89t\xc3\xa9\n"));
	assert_true(
	    valid("{'pattern': '^\\\\p{General_Category=Lu}'}", "Ab\n"));
	assert_false(valid("{'pattern': '^\\\\P{Letter}$'}", "a\n"));
}

static void regex_digits_are_ascii(void **state)
{
	const char *s = "{'pattern': '^\\\\d+$'}";

	(void)state;
	assert_true(valid(s, "\"0123\"\n"));
	/* Arabic-Indic digits are not \d in ECMA-262 */
	assert_false(valid(s, "\xd9\xa1\xd9\xa2\xd9\xa3\n"));
	assert_false(valid("{'pattern': '^\\\\w$'}", "\xc3\xa9\n"));
}

static void regex_spaces_are_unicode(void **state)
{
	(void)state;
	/* U+00A0 and U+3000 are white space in ECMA-262 */
	assert_true(valid("{'pattern': '^a\\\\sb$'}", "\"a\xc2\xa0"
	                                              "b\"\n"));
	assert_true(valid("{'pattern': '^a[\\\\s]b$'}", "\"a\xe3\x80\x80"
	                                                "b\"\n"));
	assert_false(valid("{'pattern': '^a\\\\Sb$'}", "\"a\xc2\xa0"
	                                               "b\"\n"));
	assert_true(valid("{'pattern': '^a\\\\Sb$'}", "axb\n"));
}

static void regex_non_space_class_excludes_unicode_spaces(void **state)
{
	(void)state;
	/* [\S] is the same set as \S */
	assert_false(valid("{'pattern': '^a[\\\\S]b$'}", "\"a\xc2\xa0"
	                                                 "b\"\n"));
	assert_true(valid("{'pattern': '^a[\\\\S]b$'}", "axb\n"));
}

static void regex_dot_excludes_line_terminators(void **state)
{
	const char *s = "{'pattern': '^x.y$'}";

	(void)state;
	assert_true(valid(s, "xzy\n"));
	assert_true(valid(s, "x\xc3\xa9y\n"));
	assert_false(valid(s, "\"x\\ny\"\n"));
	/* ECMA-262 line terminators: LF, CR, U+2028 and U+2029 */
	assert_false(valid(s, "\"x\\ry\"\n"));
	assert_false(valid(s, "\"x\\u2028y\"\n"));
	assert_false(valid(s, "\"x\\u2029y\"\n"));
}

/* ---- references to other documents ---- */

static void ref_map_to_local_files(void **state)
{
	char *dir = temp_dir();
	mcp_ref_map map[1];
	mcp_schema_opts o;
	mcp_schema *s = NULL;
	mcp_diag *d = new_diag(), *d2;
	mcp_source *src;

	(void)state;
	write_file(dir, "common.json",
	           "{\"$defs\": {\"port\": {\"type\": \"integer\","
	           " \"maximum\": 65535}}}");
	map[0].prefix = "https://schemas.example.com/";
	map[0].dir = dir;
	mcp_schema_opts_init(&o);
	o.ref_map = map;
	o.nref_map = 1;
	assert_int_equal(
	    compile_with(&s,
	                 "{'properties': {'port': {'$ref': "
	                 "'https://schemas.example.com/common.json#/$defs/"
	                 "port'}}}",
	                 NULL, &o, d),
	    0);
	assert_int_equal(mcp_diag_count(d), 0);
	src = load("port: 70000\n", &d2);
	assert_int_equal(check_doc(s, src, 0, d2), 1);
	expect_at(d2, 0, RANGE, 1, 7,
	          "port: 70000 is more than the maximum 65535", NULL);
}

static void ref_map_relative_reference_to_yaml(void **state)
{
	char *dir = temp_dir();
	char sub[512];
	mcp_ref_map map[1];
	mcp_schema_opts o;
	mcp_schema *s = NULL;
	mcp_diag *d = new_diag(), *d2;
	mcp_source *src;

	(void)state;
	snprintf(sub, sizeof(sub), "%s/v1", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file(sub, "name.yaml",
	           "type: string\n"
	           "title: name\n"
	           "pattern: '^[a-z]+$'\n"
	           "examples: [web]\n");
	map[0].prefix = "https://schemas.example.com/";
	map[0].dir = dir;
	mcp_schema_opts_init(&o);
	o.ref_map = map;
	o.nref_map = 1;
	/* the reference is relative to the schema's own URI */
	assert_int_equal(
	    compile_with(&s,
	                 "{'properties': {'name': {'$ref': "
	                 "'name.yaml'}}}",
	                 "https://schemas.example.com/v1/root.json", &o, d),
	    0);
	assert_int_equal(mcp_diag_count(d), 0);
	src = load("name: Web\n", &d2);
	assert_int_equal(check_doc(s, src, 0, d2), 1);
	expect_at(d2, 0, PATTERN, 1, 7, "name: \"Web\" is not a valid name",
	          "for example: web");
}

static void preloaded_documents_by_id(void **state)
{
	json_t *common = json_pack("{s:s, s:{s:{s:s}}}", "$id",
	                           "https://example.com/common.json", "$defs",
	                           "id", "type", "string");
	mcp_schema_opts o;
	mcp_schema *s = NULL;
	mcp_diag *d = new_diag();
	int rc;

	(void)state;
	assert_non_null(common);
	mcp_schema_opts_init(&o);
	o.preload = &common;
	o.npreload = 1;
	rc = compile_with(&s,
	                  "{'$ref': "
	                  "'https://example.com/common.json#/$defs/id'}",
	                  NULL, &o, d);
	json_decref(common);
	assert_int_equal(rc, 0);
	assert_int_equal(mcp_diag_count(d), 0);
	{
		json_t *good = json_string("x"), *bad = json_integer(1);
		int g = mcp_schema_valid(s, good), b = mcp_schema_valid(s, bad);
		json_decref(good);
		json_decref(bad);
		assert_int_equal(g, 1);
		assert_int_equal(b, 0);
	}
}

static void unresolvable_reference(void **state)
{
	mcp_schema *s = NULL;
	mcp_diag *d = new_diag(), *d2;
	const mcp_finding *f;
	mcp_source *src;

	(void)state;
	assert_int_equal(
	    compile_with(&s,
	                 "{'properties': {'a': {'$ref': "
	                 "'https://nowhere.example.com/x.json#/$defs/y'},"
	                 " 'b': {'type': 'integer'}}}",
	                 NULL, NULL, d),
	    0);
	assert_non_null(s);
	assert_int_equal(mcp_diag_count(d), 1);
	f = mcp_diag_get(d, 0);
	assert_string_equal(f->rule, BROKEN);
	assert_int_equal(f->severity, MCP_SEV_WARNING);
	assert_int_equal(f->fatal, 0);
	assert_non_null(strstr(
	    f->message, "cannot resolve the reference "
	                "'https://nowhere.example.com/x.json#/$defs/y'"));
	assert_non_null(f->hint);
	assert_non_null(strstr(f->hint, "--ref-map"));
	/* an instance that does not reach the reference is fine */
	src = load("b: 1\n", &d2);
	assert_int_equal(check_doc(s, src, 0, d2), 0);
	src = load("b: 1\na: 2\n", &d2);
	assert_int_equal(check_doc(s, src, 0, d2), 1);
	expect_at(d2, 0, COMBINE, 2, 4,
	          "a: the schema's reference "
	          "'https://nowhere.example.com/x.json#/$defs/y' cannot be "
	          "resolved",
	          NULL);
}

/* ---- broken schemas ---- */

/* Compile a broken schema: MCP_EPARSE, no schema, a fatal MCP-SCHEMA-000
 * whose message contains @p words. */
static void expect_broken(const char *text, const char *words)
{
	mcp_diag *d = new_diag();
	mcp_schema *s = NULL;
	const mcp_finding *f;

	assert_int_equal(compile_with(&s, text, NULL, NULL, d), MCP_EPARSE);
	assert_null(s);
	f = tu_find(d, BROKEN);
	assert_non_null(f);
	assert_int_equal(f->severity, MCP_SEV_ERROR);
	assert_int_equal(f->fatal, 1);
	assert_int_equal(mcp_diag_count_fatal(d), 1);
	if (!strstr(f->message, words))
		fail_msg("\"%s\" does not say \"%s\"", f->message, words);
}

static void broken_invalid_regex(void **state)
{
	(void)state;
	expect_broken("{'properties': {'a': {'pattern': '(ab'}}}",
	              "invalid regular expression '(ab'");
	expect_broken("{'patternProperties': {'[a-': {}}}",
	              "invalid regular expression '[a-'");
}

static void broken_type_name(void **state)
{
	(void)state;
	expect_broken("{'properties': {'a': {'type': 'strnig'}}}",
	              "#/properties/a: unknown type 'strnig' (did you mean "
	              "'string'?)");
	expect_broken("{'type': ['string', 'nul']}",
	              "unknown type 'nul' (did you mean 'null'?)");
	expect_broken("{'type': 'text'}", "\"type\" takes null, boolean, "
	                                  "object, array, number, string or "
	                                  "integer");
}

static void broken_keyword_values(void **state)
{
	(void)state;
	expect_broken("{'minLength': -1}", "minLength must be a non-negative "
	                                   "integer");
	expect_broken("{'maxItems': 'two'}", "maxItems must be a non-negative "
	                                     "integer");
	expect_broken("{'allOf': []}", "wrong kind");
	expect_broken("{'minimum': '1'}", "#: minimum must be a number");
	expect_broken("{'$schema': 'https://example.com/unknown-meta'}",
	              "unknown metaschema");
}

static void broken_value_that_is_not_a_schema(void **state)
{
	(void)state;
	expect_broken("{'properties': {'a': 3}}",
	              "#/properties/a: a schema must be an object or a "
	              "boolean");
	expect_broken("{'properties': {'a': {'$ref': "
	              "'#/properties/b/type'}, 'b': {'type': 'string'}}}",
	              "a schema must be an object or a boolean");
}

/* ---- paths in messages ---- */

static void dotted_path_through_sequences(void **state)
{
	const char *s =
	    "{'properties': {'spec': {'properties': {'services': {'items': {"
	    "'properties': {'name': {'type': 'string', 'maxLength': 5}}}}}}}}";
	result r = check(s, "spec:\n"
	                    "  services:\n"
	                    "    - name: ok\n"
	                    "    - name: toolong\n");

	(void)state;
	expect_one(r, RANGE, 4, 13,
	           "spec.services[1].name: \"toolong\" is longer than 5 "
	           "characters",
	           NULL);
	expect_pointer(r.d, 0, "/spec/services/1/name");
}

static void dotted_path_for_keys_that_are_not_names(void **state)
{
	const char *s = "{'properties': {'fileModes': {'additionalProperties': "
	                "{'title': 'file mode', 'pattern': '^0[0-7]{3}$',"
	                " 'examples': ['0644']}}}}";
	result r = check(s, "fileModes: {/etc/passwd: \"0644\", /etc/shadow: "
	                    "\"0800\"}\n");

	(void)state;
	expect_one(
	    r, PATTERN, 1, 47,
	    "fileModes[\"/etc/shadow\"]: \"0800\" is not a valid file mode",
	    "for example: 0644");
	expect_pointer(r.d, 0, "/fileModes/~1etc~1shadow");
}

static void dotted_path_keys_with_dots_and_tildes(void **state)
{
	const char *s = "{'properties': {'labels': {'additionalProperties': "
	                "{'type': 'string'}}}}";
	result r = check(s, "labels:\n"
	                    "  app.kubernetes.io/name: 1\n"
	                    "  a~b: 2\n");

	(void)state;
	assert_int_equal(r.n, 2);
	expect_at(r.d, 0, TYPE, 2, 27,
	          "labels[\"app.kubernetes.io/name\"]: expected string, got "
	          "integer 1",
	          "put it in quotes to make it a string");
	expect_at(r.d, 1, TYPE, 3, 8,
	          "labels[\"a~b\"]: expected string, got integer 2",
	          "put it in quotes to make it a string");
}

static void dotted_path_numeric_object_key(void **state)
{
	const char *s = "{'properties': {'ports': {'additionalProperties': "
	                "{'type': 'string'}}}}";
	result r = check(s, "ports:\n  \"8080\": 1\n");

	(void)state;
	/* an object key made of digits is not an array index */
	expect_one(r, TYPE, 2, 11,
	           "ports[\"8080\"]: expected string, got integer 1",
	           "put it in quotes to make it a string");
}

static void unknown_key_that_is_not_a_name(void **state)
{
	result r = check(closed_spec, "spec:\n  /etc/x: 1\n");

	(void)state;
	expect_one(r, UNKNOWN, 2, 3, "spec: unknown property '/etc/x'", NULL);
	expect_pointer(r.d, 0, "/spec/~1etc~1x");
}

static void second_document_of_a_stream(void **state)
{
	mcp_schema *s = compile_ok(port_schema, NULL);
	mcp_diag *d;
	mcp_source *src = load("port: 1\n"
	                       "---\n"
	                       "# a comment\n"
	                       "port: 0\n",
	                       &d);

	(void)state;
	assert_int_equal(mcp_source_doc_count(src), 2);
	assert_int_equal(check_doc(s, src, 0, d), 0);
	assert_int_equal(check_doc(s, src, 1, d), 1);
	expect_at(d, 0, RANGE, 4, 7, "port: 0 is less than the minimum 1",
	          NULL);
	/* past the last document: nothing to check */
	assert_int_equal(mcp_schema_check(s, src, 2, d), 0);
}

static void many_errors_counted(void **state)
{
	result r = check("{'items': {'type': 'integer'}}", "[a, b, c, 1, d]\n");

	(void)state;
	assert_int_equal(r.n, 4);
	expect_at(r.d, 3, TYPE, 1, 14,
	          "[4]: expected integer, got string \"d\"", NULL);
}

/* ---- edit distance ---- */

static size_t dist(const char *a, const char *b)
{
	return mcp_edit_distance(a, strlen(a), b, strlen(b));
}

static void edit_distance(void **state)
{
	(void)state;
	assert_int_equal(dist("replicas", "replicas"), 0);
	assert_int_equal(dist("ab", "ba"), 1);
	assert_int_equal(dist("replcias", "replicas"), 1);
	assert_int_equal(dist("kitten", "sitting"), 3);
	assert_int_equal(dist("", "abc"), 3);
	assert_int_equal(dist("abc", ""), 3);
	assert_int_equal(dist("Deploymnt", "Deployment"), 1);
	assert_true(dist("a",
	                 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	                 "aaaaaaaaaaaaaaaaaaaa") == (size_t)-1);
}

/* ---- the shipped schema ---- */

static void builtin_accepts_minimal_spec(void **state)
{
	mcp_schema *s = NULL;
	mcp_diag *d = new_diag();
	mcp_source *src = NULL;

	(void)state;
	assert_int_equal(mcp_schema_builtin(&s, NULL, d), 0);
	assert_non_null(s);
	defer(free_schema, s);
	assert_int_equal(
	    mcp_source_load_file(
	        &src, "fixtures/specs/standard/minimal.mcp.yaml", NULL, d),
	    0);
	assert_non_null(src);
	defer(free_source, src);
	assert_int_equal(check_doc(s, src, 0, d), 0);
	assert_int_equal(mcp_diag_count(d), 0);
}

static const char *deploy_yaml =
    "apiVersion: ai102.mcp/v1\n"
    "kind: %s\n"
    "metadata:\n"
    "  name: sentiment\n"
    "spec:\n"
    "  target: {kubernetes: \"1.29.4\", cloud: azure}\n"
    "  inference:\n"
    "    version: \"24.05\"\n"
    "    models:\n"
    "      - name: sentiment-distilbert\n"
    "        format: onnx\n"
    "        storage: {type: azure-blob, uri: "
    "\"as://mcpmodels/models/sentiment-distilbert\"}\n";

static result builtin_check(const char *kind)
{
	char yaml[1024];
	mcp_schema *s = NULL;
	result r;

	snprintf(yaml, sizeof(yaml), deploy_yaml, kind);
	r.src = load(yaml, &r.d);
	assert_int_equal(mcp_schema_builtin(&s, NULL, r.d), 0);
	defer(free_schema, s);
	r.n = check_doc(s, r.src, 0, r.d);
	return r;
}

static void builtin_accepts_a_deployment(void **state)
{
	result r = builtin_check("ModelDeployment");

	(void)state;
	assert_int_equal(r.n, 0);
}

static void builtin_kind_typo_close(void **state)
{
	result r = builtin_check("ModelDeploymnt");

	(void)state;
	expect_one(
	    r, VALUE, 2, 7,
	    "kind: \"ModelDeploymnt\" is not one of: ModelDeployment, "
	    "CompatibilityMatrix, RulePack, Waivers, Project, Permissions",
	    "did you mean 'ModelDeployment'?");
}

static void builtin_kind_typo_deploymnt(void **state)
{
	result r = builtin_check("Deploymnt");
	const mcp_finding *f;

	(void)state;
	assert_int_equal(r.n, 1);
	f = mcp_diag_get(r.d, 0);
	assert_string_equal(f->rule, VALUE);
	assert_string_equal(
	    f->message, "kind: \"Deploymnt\" is not one of: ModelDeployment, "
	                "CompatibilityMatrix, RulePack, Waivers, Project, "
	                "Permissions");
	assert_int_equal(f->loc.line, 2);
	assert_int_equal(f->loc.column, 7);
	assert_non_null(f->hint);
	assert_string_equal(f->hint, "did you mean 'ModelDeployment'?");
}

static void builtin_unknown_field_in_spec(void **state)
{
	mcp_schema *s = NULL;
	mcp_diag *d;
	mcp_source *src =
	    load("apiVersion: ai102.mcp/v1\n"
	         "kind: ModelDeployment\n"
	         "metadata: {name: web}\n"
	         "spec:\n"
	         "  target: {kubernetes: \"1.29.4\", cloud: azure}\n"
	         "  inference:\n"
	         "    version: \"24.05\"\n"
	         "    replcas: 2\n"
	         "    models:\n"
	         "      - name: m\n"
	         "        format: onnx\n"
	         "        storage: {type: pvc, uri: \"pvc://a/b\"}\n",
	         &d);
	const mcp_finding *f;

	(void)state;
	assert_int_equal(mcp_schema_builtin(&s, NULL, d), 0);
	defer(free_schema, s);
	assert_true(check_doc(s, src, 0, d) >= 1);
	f = find_msg(d, "spec.inference: unknown property 'replcas'");
	assert_non_null(f);
	assert_string_equal(f->rule, UNKNOWN);
	assert_int_equal(f->loc.line, 8);
	assert_int_equal(f->loc.column, 5);
	assert_non_null(f->hint);
	assert_string_equal(f->hint, "did you mean 'replicas'?");
}

static void schema_texts(void **state)
{
	size_t len = 0, len2 = 0;
	const char *t = mcp_schema_text(NULL, &len);
	const char *k = mcp_schema_text("ModelDeployment", &len2);
	json_error_t err;
	json_t *j;

	(void)state;
	assert_non_null(t);
	assert_true(len > 0);
	j = json_loadb(t, len, 0, &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "$id")),
	                    "https://schemas.mcpc.example/v1/mcp.schema.json");
	json_decref(j);
	assert_non_null(k);
	assert_true(len2 > 0);
	j = json_loadb(k, len2, 0, &err);
	assert_non_null(j);
	assert_true(json_is_object(json_object_get(j, "$defs")));
	json_decref(j);
	len = 42;
	assert_null(mcp_schema_text("Deployment", &len));
	assert_null(mcp_schema_text("", &len));
	assert_int_equal(len, 42);
	assert_string_equal(mcp_schema_kind(0), "ModelDeployment");
	assert_string_equal(mcp_schema_kind(1), "CompatibilityMatrix");
	assert_string_equal(mcp_schema_kind(2), "RulePack");
	assert_string_equal(mcp_schema_kind(3), "Waivers");
	assert_string_equal(mcp_schema_kind(4), "Project");
	assert_string_equal(mcp_schema_kind(5), "Permissions");
	assert_null(mcp_schema_kind(6));
}

/* ---- URIs (check/uri.h) ---- */

static const char *resolve(const char *base, const char *ref)
{
	mcp_buf *b = new_buf();

	mcp_uri_resolve(b, base, ref);
	assert_false(b->oom);
	return b->ptr;
}

static void uri_rfc3986_normal_examples(void **state)
{
	static const char *const cases[][2] = {
	    {"g:h", "g:h"},
	    {"g", "http://a/b/c/g"},
	    {"./g", "http://a/b/c/g"},
	    {"g/", "http://a/b/c/g/"},
	    {"/g", "http://a/g"},
	    {"//g", "http://g"},
	    {"?y", "http://a/b/c/d;p?y"},
	    {"g?y", "http://a/b/c/g?y"},
	    {"#s", "http://a/b/c/d;p?q#s"},
	    {"g#s", "http://a/b/c/g#s"},
	    {"g?y#s", "http://a/b/c/g?y#s"},
	    {";x", "http://a/b/c/;x"},
	    {"g;x", "http://a/b/c/g;x"},
	    {"g;x?y#s", "http://a/b/c/g;x?y#s"},
	    {"", "http://a/b/c/d;p?q"},
	    {".", "http://a/b/c/"},
	    {"./", "http://a/b/c/"},
	    {"..", "http://a/b/"},
	    {"../", "http://a/b/"},
	    {"../g", "http://a/b/g"},
	    {"../..", "http://a/"},
	    {"../../", "http://a/"},
	    {"../../g", "http://a/g"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = resolve("http://a/b/c/d;p?q", cases[i][0]);
		if (strcmp(got, cases[i][1]) != 0)
			fail_msg("\"%s\" resolved to %s, not %s", cases[i][0],
			         got, cases[i][1]);
	}
}

static void uri_rfc3986_abnormal_examples(void **state)
{
	static const char *const cases[][2] = {
	    {"../../../g", "http://a/g"},
	    {"../../../../g", "http://a/g"},
	    {"/./g", "http://a/g"},
	    {"/../g", "http://a/g"},
	    {"g.", "http://a/b/c/g."},
	    {".g", "http://a/b/c/.g"},
	    {"g..", "http://a/b/c/g.."},
	    {"..g", "http://a/b/c/..g"},
	    {"./../g", "http://a/b/g"},
	    {"./g/.", "http://a/b/c/g/"},
	    {"g/./h", "http://a/b/c/g/h"},
	    {"g/../h", "http://a/b/c/h"},
	    {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
	    {"g;x=1/../y", "http://a/b/c/y"},
	    {"g?y/./x", "http://a/b/c/g?y/./x"},
	    {"g?y/../x", "http://a/b/c/g?y/../x"},
	    {"g#s/./x", "http://a/b/c/g#s/./x"},
	    {"g#s/../x", "http://a/b/c/g#s/../x"},
	    {"http:g", "http:g"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = resolve("http://a/b/c/d;p?q", cases[i][0]);
		if (strcmp(got, cases[i][1]) != 0)
			fail_msg("\"%s\" resolved to %s, not %s", cases[i][0],
			         got, cases[i][1]);
	}
}

static void uri_urn_bases(void **state)
{
	const char *urn = "urn:uuid:deadbeef-1234-ffff-ffff-4321feebdaed";

	(void)state;
	assert_string_equal(resolve(urn, "#/$defs/bar"),
	                    "urn:uuid:deadbeef-1234-ffff-ffff-4321feebdaed#/"
	                    "$defs/bar");
	assert_string_equal(resolve(urn, "#something"),
	                    "urn:uuid:deadbeef-1234-ffff-ffff-4321feebdaed#"
	                    "something");
	assert_string_equal(resolve("urn:example:root#old", "#new"),
	                    "urn:example:root#new");
	assert_string_equal(resolve(urn, ""), urn);
	assert_string_equal(resolve(urn, "urn:example:other"),
	                    "urn:example:other");
}

static void uri_without_base(void **state)
{
	(void)state;
	assert_string_equal(resolve(NULL, "#/$defs/a"), "#/$defs/a");
	assert_string_equal(resolve("", "other.json#x"), "other.json#x");
	assert_string_equal(resolve("https://ex.com/a/b.json", "c.json"),
	                    "https://ex.com/a/c.json");
	assert_string_equal(resolve("https://ex.com", "c.json"),
	                    "https://ex.com/c.json");
}

static void uri_unescape(void **state)
{
	mcp_buf *b = new_buf();

	(void)state;
	assert_int_equal(mcp_uri_unescape(b, "/$defs/a%25b", 12), 0);
	assert_string_equal(b->ptr, "/$defs/a%b");
	mcp_buf_clear(b);
	assert_int_equal(mcp_uri_unescape(b, "%41%62%7e", 9), 0);
	assert_string_equal(b->ptr, "Ab~");
	mcp_buf_clear(b);
	assert_int_equal(mcp_uri_unescape(b, "a%2", 3), -1);
	mcp_buf_clear(b);
	assert_int_equal(mcp_uri_unescape(b, "a%zz", 4), -1);
	mcp_buf_clear(b);
	assert_int_equal(mcp_uri_unescape(b, "%", 1), -1);
	mcp_buf_clear(b);
	/* only @p len bytes are read */
	assert_int_equal(mcp_uri_unescape(b, "ab%41", 2), 0);
	assert_string_equal(b->ptr, "ab");
}

static void uri_fragment_and_absolute(void **state)
{
	size_t len = 0;
	const char *f = mcp_uri_fragment("https://ex.com/a.json#/x", &len);

	(void)state;
	assert_string_equal(f, "/x");
	assert_int_equal(len, strlen("https://ex.com/a.json"));
	f = mcp_uri_fragment("urn:x", &len);
	assert_string_equal(f, "");
	assert_int_equal(len, 5);
	assert_true(mcp_uri_is_absolute("urn:x"));
	assert_true(mcp_uri_is_absolute("https://ex.com/"));
	assert_false(mcp_uri_is_absolute("a/b.json"));
	assert_false(mcp_uri_is_absolute("#frag"));
	assert_false(mcp_uri_is_absolute("1a:b"));
}

#define T(f) cmocka_unit_test_teardown(f, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(unknown_property_at_its_key_with_did_you_mean),
	    T(unknown_property_in_flow_mapping),
	    T(unknown_property_without_close_name_has_no_hint),
	    T(unknown_properties_each_reported),
	    T(unevaluated_property_hint_through_allof_ref),
	    T(unevaluated_properties_see_allof_and_ref),
	    T(unevaluated_properties_nested),
	    T(type_error_names_the_value),
	    T(type_error_for_containers_and_scalars),
	    T(hints_name_the_fix),
	    T(integer_accepts_whole_reals),
	    T(long_strings_are_cut_in_messages),
	    T(enum_with_did_you_mean),
	    T(enum_without_a_close_value),
	    T(enum_of_numbers_and_mixed_values),
	    T(const_message),
	    T(required_at_the_key_of_the_object),
	    T(required_each_missing_name),
	    T(required_at_the_root),
	    T(required_in_a_sequence_item),
	    T(property_table_lookups),
	    T(required_counted_by_the_table),
	    T(property_names_fast_and_slow),
	    T(pattern_with_title_and_examples),
	    T(pattern_without_title),
	    T(pattern_title_without_examples),
	    T(pattern_is_not_anchored),
	    T(minimum_and_maximum),
	    T(exclusive_minimum_and_maximum),
	    T(strings_in_messages_are_escaped),
	    T(numbers_in_messages_read_as_written),
	    T(multiple_of_decimals),
	    T(multiple_of_message),
	    T(multiple_of_decimal_message),
	    T(lengths_count_code_points),
	    T(length_messages_singular),
	    T(min_and_max_items),
	    T(max_items_zero_singular),
	    T(unique_items_one_and_one_point_zero),
	    T(unique_items_objects_and_distinct_values),
	    T(contains_none),
	    T(min_contains),
	    T(max_contains),
	    T(min_contains_zero_allows_none),
	    T(items_false_after_prefix_items),
	    T(prefix_items_errors_at_the_item),
	    T(unevaluated_items_false),
	    T(min_and_max_properties),
	    T(property_names_at_the_key),
	    T(property_names_max_length),
	    T(dependent_required),
	    T(dependent_schemas),
	    T(if_then_reports_only_then),
	    T(if_else_reports_only_else),
	    T(not_message),
	    T(any_of_keeps_the_best_branch),
	    T(any_of_prefers_fewer_errors_at_equal_depth),
	    T(any_of_only_types_combined),
	    T(any_of_three_types),
	    T(any_of_match_leaves_no_findings),
	    T(one_of_none),
	    T(one_of_two),
	    T(one_of_types_combined),
	    T(false_schema_at_the_key),
	    T(false_schema_pattern_properties),
	    T(false_schema_at_the_root),
	    T(ref_to_defs),
	    T(ref_pointer_escapes),
	    T(ref_to_anchor),
	    T(ref_with_siblings_in_2020),
	    T(dynamic_ref_uses_the_outermost_anchor),
	    T(dynamic_ref_alone_uses_its_own_anchor),
	    T(ref_loop_is_reported),
	    T(draft7_ref_siblings_ignored),
	    T(draft7_items_array_and_additional_items),
	    T(draft7_ignores_2020_keywords),
	    T(draft7_dependencies),
	    T(draft4_boolean_exclusive_maximum),
	    T(draft4_by_default_draft),
	    T(draft7_by_default_draft),
	    T(schema_keyword_beats_default_draft),
	    T(formats_are_annotations_by_default),
	    T(strict_format_message),
	    T(strict_date_time),
	    T(strict_email),
	    T(strict_ipv4),
	    T(strict_ipv6),
	    T(strict_hostname),
	    T(strict_uuid),
	    T(strict_duration),
	    T(strict_json_pointer),
	    T(strict_regex),
	    T(strict_uri),
	    T(regex_dollar_only_at_the_end),
	    T(regex_unicode_letters),
	    T(regex_digits_are_ascii),
	    T(regex_spaces_are_unicode),
	    T(regex_non_space_class_excludes_unicode_spaces),
	    T(regex_dot_excludes_line_terminators),
	    T(ref_map_to_local_files),
	    T(ref_map_relative_reference_to_yaml),
	    T(preloaded_documents_by_id),
	    T(unresolvable_reference),
	    T(broken_invalid_regex),
	    T(broken_type_name),
	    T(broken_keyword_values),
	    T(broken_value_that_is_not_a_schema),
	    T(dotted_path_through_sequences),
	    T(dotted_path_for_keys_that_are_not_names),
	    T(dotted_path_keys_with_dots_and_tildes),
	    T(dotted_path_numeric_object_key),
	    T(unknown_key_that_is_not_a_name),
	    T(second_document_of_a_stream),
	    T(many_errors_counted),
	    T(edit_distance),
	    T(builtin_accepts_minimal_spec),
	    T(builtin_accepts_a_deployment),
	    T(builtin_kind_typo_close),
	    T(builtin_kind_typo_deploymnt),
	    T(builtin_unknown_field_in_spec),
	    T(schema_texts),
	    T(uri_rfc3986_normal_examples),
	    T(uri_rfc3986_abnormal_examples),
	    T(uri_urn_bases),
	    T(uri_without_base),
	    T(uri_unescape),
	    T(uri_fragment_and_absolute),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
