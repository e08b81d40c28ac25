/*
 * fuzz_schema.c: libFuzzer target for the JSON Schema engine. An input is
 * a schema and an instance: the bytes before the first NUL are the schema
 * and the bytes after it the instance (without a NUL, a line "---" splits
 * them; without either, the whole input is both). The schema is compiled,
 * then every document of the instance is validated by both paths, the fast
 * mcp_schema_valid and the reporting mcp_schema_check, which must agree;
 * the instance is also checked against the built-in spec schema. Findings
 * are rendered as text and as JSON.
 *
 * The first byte's low bits choose the variant: bit 0 loads the schema as
 * "schema.json" when set, else "schema.yaml"; bit 1 asserts formats; bits
 * 2-3 pick the default draft (2020-12, 7, 2020-12, 4). The mapping is such
 * that a JSON schema ('{') parses as JSON under 2020-12, and a YAML one
 * starting "$schema" as YAML. Seeds live in tests/fuzz/seeds-schema
 * (schema, NUL, instance).
 *
 *   make build-fuzz/fuzz_schema
 *   build-fuzz/fuzz_schema -max_len=8192 CORPUS tests/fuzz/seeds-schema
 *
 * Any crash, leak, sanitizer report or failed check (CHECK aborts, which
 * libFuzzer records as a crash) is a bug in the library, not in the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "mcpc/mcpc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__ubsan_default_options(void);

/*
 * The built-in schema, compiled once per process: compiling it takes about
 * 17 ms under the sanitizers, twenty times the rest of an input's work, and
 * its text never changes. The only state that outlives an input; freed at
 * exit so LeakSanitizer sees everything it allocated come back.
 */
static mcp_schema *builtin;
static mcp_rules *builtin_rules;
/* The bundled rules under a project that turns every rule on and lists
 * groups and services, so the checks that read a project run too. */
static mcp_rules *project_rules;
static mcp_matrix *builtin_matrix;
static mcp_diag *builtin_diag;

/* The Makefile builds with recoverable UBSan; undefined behaviour must stop
 * the run like any other crash, or libFuzzer would not keep the input. */
const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}

/* A broken invariant: say which, then abort so libFuzzer keeps the input. */
#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr,                                        \
			        "fuzz_schema: check failed: %s: ", #cond);     \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
			abort();                                               \
		}                                                              \
	} while (0)

/* Out of memory is not a finding here: ASan aborts before malloc fails. */
#define MUST(expr) CHECK((expr) == 0, "out of memory")

/* The two halves of an input (pointers into the fuzzer's buffer). */
typedef struct split {
	const char *schema;
	size_t schema_len;
	const char *instance;
	size_t instance_len;
} split;

/*
 * Split at the first NUL; failing that, at the first line that is exactly
 * "---" (the line goes to neither half); failing that, both halves are the
 * whole input, so a schema is validated against itself.
 */
static void split_input(const char *p, size_t n, split *out)
{
	const char *nul = memchr(p, '\0', n);
	size_t i;

	out->schema = out->instance = p;
	out->schema_len = out->instance_len = n;
	if (nul) {
		out->schema_len = (size_t)(nul - p);
		out->instance = nul + 1;
		out->instance_len = n - out->schema_len - 1;
		return;
	}
	for (i = 0; i + 3 <= n; i++) {
		if ((i == 0 || p[i - 1] == '\n') &&
		    memcmp(p + i, "---", 3) == 0 &&
		    (i + 3 == n || p[i + 3] == '\n')) {
			out->schema_len = i;
			out->instance = p + i + 3 + (i + 3 < n);
			out->instance_len = n - (size_t)(out->instance - p);
			return;
		}
	}
}

/* Load @p len bytes under @p name; the loader must always give a source. */
static mcp_source *load(const char *name, const char *text, size_t len,
                        const mcp_load_opts *opts, mcp_diag *d)
{
	mcp_source *src = NULL;
	int rc;

	rc = mcp_source_load_buffer(&src, name, text, len, opts, d);
	CHECK(rc == 0 || rc == MCP_EPARSE || rc == MCP_ELIMIT,
	      "%s: load returned %d (%s)", name, rc, mcp_strerror(rc));
	CHECK(src != NULL, "%s: no source after rc %d", name, rc);
	return src;
}

/*
 * Validate every document of @p inst against @p s both ways. The fast path
 * says valid (1) or not (0); the reporting path must then report nothing,
 * or exactly as many findings as the errors it counts (at least one).
 */
static void validate_all(const mcp_schema *s, const mcp_source *inst,
                         mcp_diag *d, const char *what)
{
	size_t i;

	for (i = 0; i < mcp_source_doc_count(inst); i++) {
		const json_t *doc = mcp_source_doc(inst, i);
		size_t before = mcp_diag_count(d), added;
		int valid, again, errors;

		CHECK(doc != NULL, "%s: document %zu is NULL", what, i);
		valid = mcp_schema_valid(s, doc);
		CHECK(valid == 0 || valid == 1,
		      "%s: mcp_schema_valid returned %d on document %zu", what,
		      valid, i);
		errors = mcp_schema_check(s, inst, i, d);
		CHECK(errors >= 0, "%s: mcp_schema_check returned %d (%s)",
		      what, errors, mcp_strerror(errors));
		CHECK((errors == 0) == (valid == 1),
		      "%s: document %zu: mcp_schema_valid says %s, "
		      "mcp_schema_check found %d errors",
		      what, i, valid ? "valid" : "invalid", errors);
		added = mcp_diag_count(d) - before;
		CHECK(added == (size_t)errors,
		      "%s: document %zu: mcp_schema_check counted %d errors "
		      "but reported %zu findings",
		      what, i, errors, added);
		/* Validation reads the schema only: a second run agrees. */
		again = mcp_schema_valid(s, doc);
		CHECK(again == valid, "%s: document %zu: valid %d, then %d",
		      what, i, valid, again);
	}
}

/* Render with one renderer; the JSON report must parse and list them all. */
static void render(const mcp_renderer *r, mcp_diag *d,
                   const mcp_render_opts *opts)
{
	mcp_buf out;

	mcp_buf_init(&out);
	CHECK(r->render(&out, d, opts) == 0, "%s renderer failed", r->name);
	CHECK(strlen(out.ptr) == out.len, "%s report holds a NUL byte",
	      r->name);
	if (r == &mcp_render_json) {
		json_error_t err;
		json_t *root = json_loads(out.ptr, 0, &err);
		CHECK(root != NULL, "JSON report does not parse: %s (line %d)",
		      err.text, err.line);
		CHECK(json_array_size(json_object_get(root, "findings")) ==
		          mcp_diag_count(d),
		      "JSON report lists %zu of %zu findings",
		      json_array_size(json_object_get(root, "findings")),
		      mcp_diag_count(d));
		json_decref(root);
	}
	mcp_buf_free(&out);
}

static void free_builtin(void)
{
	mcp_rules_free(builtin_rules);
	mcp_rules_free(project_rules);
	mcp_matrix_free(builtin_matrix);
	mcp_schema_free(builtin);
	mcp_diag_free(builtin_diag);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int rc;

	(void)argc;
	(void)argv;
	MUST(mcp_diag_new(&builtin_diag));
	rc = mcp_schema_builtin(&builtin, NULL, builtin_diag);
	CHECK(rc == 0 && builtin && mcp_diag_count(builtin_diag) == 0,
	      "the built-in schema does not compile cleanly: %d", rc);
	rc = mcp_rules_load(&builtin_rules, NULL, 0, builtin, NULL,
	                    builtin_diag);
	CHECK(rc == 0 && mcp_diag_count(builtin_diag) == 0,
	      "the bundled rule packs do not load cleanly: %d", rc);
	{
		char path[] = "/tmp/mcpc-fuzz-project-XXXXXX";
		int fd = mkstemp(path);
		FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
		mcp_project *project = NULL;
		CHECK(f != NULL, "cannot write a project file");
		fputs("apiVersion: ai102.mcp/v1\nkind: Project\n"
		      "metadata: {name: fuzz}\nspec:\n"
		      "  rules: {enable: [MCP-IMG-005, MCP-GRPC-004]}\n"
		      "  groups: [ops-team, sec-team]\n  services: [auth]\n",
		      f);
		fclose(f);
		rc = mcp_project_load(&project, path, builtin, NULL,
		                      builtin_diag);
		remove(path);
		CHECK(rc == 0, "the fuzz project does not load: %d", rc);
		rc = mcp_rules_load(&project_rules, NULL, 0, builtin, NULL,
		                    builtin_diag);
		if (rc == 0)
			rc = mcp_rules_configure(project_rules, project,
			                         builtin_diag);
		mcp_project_free(project);
		CHECK(rc == 0 && mcp_diag_count(builtin_diag) == 0,
		      "the project's rules do not load cleanly: %d", rc);
	}
	rc = mcp_matrix_load(&builtin_matrix, NULL, 0, builtin, NULL,
	                     builtin_diag);
	CHECK(rc == 0, "the bundled matrix does not load: %d", rc);
	atexit(free_builtin);
	return 0;
}

/* Whether every node below v (at pointer ptr) has a place in o's map. */
static int all_placed(const mcp_source *o, json_t *v, mcp_buf *ptr)
{
	size_t mark = ptr->len, i;
	const char *key;
	json_t *child;
	int ok = mcp_srcmap_lookup(mcp_source_srcmap(o), 0,
	                           ptr->len ? ptr->ptr : "", NULL, NULL) == 0;

	if (json_is_object(v)) {
		json_object_foreach(v, key, child)
		{
			mcp_buf_put_token(ptr, key, strlen(key));
			ok = ok && all_placed(o, child, ptr);
			mcp_buf_truncate(ptr, mark);
		}
	} else if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			mcp_buf_printf(ptr, "/%zu", i);
			ok = ok && all_placed(o, json_array_get(v, i), ptr);
			mcp_buf_truncate(ptr, mark);
		}
	}
	return ok || ptr->oom;
}

/* Every environment of a spec, merged: its source map must place every
 * node the merged document holds, and the checks run on it. */
static void check_overlays(const mcp_source *inst, size_t i, mcp_diag *d)
{
	json_t *envs = json_object_get(
	    json_object_get(mcp_source_doc(inst, i), "spec"), "environments");
	const char *env;
	json_t *patch;

	json_object_foreach(envs, env, patch)
	{
		mcp_source *o = NULL;
		size_t mark = mcp_diag_count(d);
		int rc = mcp_source_overlay(&o, inst, i, env);
		CHECK(rc == 0 || rc == MCP_ENOTFOUND, "overlay %s: %d", env,
		      rc);
		CHECK((rc == 0) == json_is_object(patch),
		      "overlay %s: %d for a %s", env, rc,
		      json_is_object(patch) ? "object" : "non-object");
		if (rc)
			continue;
		{
			mcp_buf ptr;
			mcp_buf_init(&ptr);
			CHECK(all_placed(o, mcp_source_doc(o, 0), &ptr),
			      "overlay %s: a merged node has no place", env);
			mcp_buf_free(&ptr);
		}
		MUST(mcp_schema_check(builtin, o, 0, d) < 0 ? MCP_ENOMEM : 0);
		MUST(mcp_rules_check(builtin_rules, o, 0, mark, d));
		MUST(mcp_diag_merge_pass(d, mark, mark, "environment: "));
		mcp_source_free(o);
	}
}

/* v written as YAML must read back as v, without a finding. */
static void yaml_round_trip(json_t *v, const char *what)
{
	mcp_buf out;
	mcp_diag *d = NULL;
	mcp_source *src = NULL;
	int rc;

	mcp_buf_init(&out);
	MUST(mcp_yaml_write(&out, v));
	MUST(mcp_diag_new(&d));
	rc =
	    mcp_source_load_buffer(&src, "out.yaml", out.ptr, out.len, NULL, d);
	CHECK(rc == 0 && mcp_diag_count(d) == 0 &&
	          mcp_source_doc_count(src) == 1,
	      "%s: the YAML written does not load cleanly (%d, %zu findings)",
	      what, rc, mcp_diag_count(d));
	CHECK(json_equal(mcp_source_doc(src, 0), v),
	      "%s: the YAML written reads back as another value", what);
	mcp_source_free(src);
	mcp_diag_free(d);
	mcp_buf_free(&out);
}

/* What build emits for a spec that meets the schema (build emits only
 * after the checks): values and manifests, each document written as YAML
 * and read back unchanged. */
static void emit_all(const mcp_source *inst, size_t i, mcp_diag *d)
{
	const char *kind =
	    json_string_value(json_object_get(mcp_source_doc(inst, i), "kind"));
	json_t *values = NULL, *objects = NULL;
	size_t k;
	int rc;

	if (!kind || strcmp(kind, "ModelDeployment") != 0 ||
	    mcp_schema_valid(builtin, mcp_source_doc(inst, i)) != 1)
		return;
	MUST(mcp_values_build(&values, mcp_source_doc(inst, i), "spec.yaml",
	                      NULL, builtin_rules));
	yaml_round_trip(values, "values");
	json_decref(values);
	rc = mcp_manifests_build(&objects, inst, i, "spec.yaml", NULL,
	                         builtin_matrix, builtin_rules, d);
	CHECK(rc == 0 || rc == MCP_EPARSE, "manifests: %d", rc);
	for (k = 0; k < json_array_size(objects); k++)
		yaml_round_trip(json_array_get(objects, k), "a manifest");
	json_decref(objects);
}

/* Compile the schema half; NULL when the schema is (rightly) rejected. */
static mcp_schema *compile_schema(const mcp_source *src, uint8_t variant,
                                  const mcp_load_opts *lopts, mcp_diag *d)
{
	static const mcp_draft drafts[4] = {MCP_DRAFT_2020_12, MCP_DRAFT_7,
	                                    MCP_DRAFT_2020_12, MCP_DRAFT_4};
	mcp_schema_opts opts;
	mcp_schema *s = NULL;
	size_t fatal_before = mcp_diag_count_fatal(d);
	int rc;

	if (mcp_source_doc_count(src) == 0)
		return NULL;
	mcp_schema_opts_init(&opts);
	opts.strict_formats = (variant >> 1) & 1;
	opts.default_draft = drafts[(variant >> 2) & 3];
	opts.load = lopts;
	/* A base URI, so relative references have something to resolve
	 * against (nothing is mapped to a folder: no file is ever read). */
	rc = mcp_schema_compile(&s, mcp_source_doc(src, 0),
	                        "https://fuzz.example/schemas/root.json", &opts,
	                        d);
	CHECK(rc == 0 || rc == MCP_EPARSE, "compile returned %d (%s)", rc,
	      mcp_strerror(rc));
	CHECK((rc == 0) == (s != NULL), "compile returned %d and schema %p", rc,
	      (void *)s);
	CHECK(rc == 0 || mcp_diag_count_fatal(d) > fatal_before,
	      "compile failed without a fatal finding");
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mcp_render_opts plain = {.color = 0};
	mcp_render_opts loud = {.color = 1,
	                        .verbose = 1,
	                        .has_specs = 1,
	                        .specs_note = "excluded 1 by spec.exclude",
	                        .run_id = "0123456789abcdef0123456789abcdef",
	                        .shard = 2,
	                        .nshards = 3};
	mcp_load_opts lopts;
	mcp_source *schema_src, *inst;
	mcp_schema *s;
	mcp_diag *d = NULL;
	uint8_t variant = size ? data[0] : 0;
	split parts;

	split_input((const char *)data, size, &parts);
	mcp_load_opts_init(&lopts);
	lopts.max_depth = 64;
	lopts.max_alias_nodes = 10000;
	lopts.max_scalar = 65536;

	MUST(mcp_diag_new(&d));
	schema_src = load(variant & 1 ? "schema.json" : "schema.yaml",
	                  parts.schema, parts.schema_len, &lopts, d);
	inst = load("instance.yaml", parts.instance, parts.instance_len, &lopts,
	            d);

	s = compile_schema(schema_src, variant, &lopts, d);
	if (s)
		validate_all(s, inst, d, "schema");

	/* The shipped schemas, against the same instance, then the bundled
	 * rules on every document (they run on ModelDeployment kinds). */
	validate_all(builtin, inst, d, "builtin");
	{
		size_t i;
		mcp_waiver_policy wp;
		if (mcp_waiver_policy_init(&wp, "2026-11-26", 0,
		                           builtin_rules) < 0)
			abort();
		for (i = 0; i < mcp_source_doc_count(inst); i++) {
			size_t first = mcp_diag_count(d);
			MUST(mcp_rules_check(builtin_rules, inst, i, first, d));
			MUST(mcp_rules_check(project_rules, inst, i, first, d));
			check_overlays(inst, i, d);
			emit_all(inst, i, d);
			MUST(mcp_waivers_apply(inst, i, d, first, &wp, NULL,
			                       NULL));
		}
	}

	mcp_diag_sort(d);
	render(&mcp_render_text, d, &plain);
	render(&mcp_render_text, d, &loud);
	render(&mcp_render_json, d, &plain);
	render(&mcp_render_json, d, &loud);

	mcp_schema_free(s);
	mcp_source_free(schema_src);
	mcp_source_free(inst);
	mcp_diag_free(d);
	return 0;
}
