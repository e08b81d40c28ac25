/*
 * fuzz_load.c: libFuzzer target for the front end. Each input is loaded as
 * YAML and as JSON into one diagnostics list; every node of every loaded
 * document must then be reachable through the source map by its JSON
 * Pointer, and the findings must render as text and as valid JSON.
 *
 * Seeds: `make fuzz` runs this with build-fuzz/corpus (grown by libFuzzer),
 * fixtures/yaml and fixtures/demo as corpus directories, so every golden
 * fixture and the demo spec are seeds. A new fixture is a new seed.
 *
 * Any crash, leak, sanitizer report or failed check (CHECK aborts, which
 * libFuzzer records as a crash) is a bug in the library, not in the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "mcpc/mcpc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__ubsan_default_options(void);

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
			        "fuzz_load: check failed: %s: ", #cond);       \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
			abort();                                               \
		}                                                              \
	} while (0)

/* Out of memory is not a finding here: ASan aborts before malloc fails. */
#define MUST(expr) CHECK((expr) == 0, "out of memory")

typedef struct walk_ctx {
	const mcp_source *src;
	const mcp_srcmap *map;
	size_t doc;
	mcp_buf ptr; /* the pointer of the node being visited */
} walk_ctx;

/* Append one RFC 6901 reference token (~ and / escaped). */
static void put_token(mcp_buf *b, const char *s, size_t len)
{
	size_t i;

	MUST(mcp_buf_putc(b, '/'));
	for (i = 0; i < len; i++) {
		if (s[i] == '~')
			MUST(mcp_buf_puts(b, "~0"));
		else if (s[i] == '/')
			MUST(mcp_buf_puts(b, "~1"));
		else
			MUST(mcp_buf_putc(b, s[i]));
	}
}

/*
 * The node at w->ptr must be in the source map, at a real place, with a
 * key place exactly when it is a mapping member. A child that cannot exist
 * (no loaded key holds the byte 0xFF: input is valid UTF-8) must resolve to
 * this node through mcp_srcmap_nearest.
 */
static void check_node(walk_ctx *w, int is_member)
{
	mcp_loc value, key;
	size_t base = w->ptr.len;
	int rc, near;

	memset(&value, 0, sizeof(value));
	memset(&key, 0, sizeof(key));
	rc = mcp_srcmap_lookup(w->map, w->doc, w->ptr.ptr, &value, &key);
	CHECK(rc == 0, "doc %zu pointer '%s' not in the source map (rc %d)",
	      w->doc, w->ptr.ptr, rc);
	CHECK(value.file == mcp_source_name(w->src), "pointer '%s': file %s",
	      w->ptr.ptr, value.file ? value.file : "(null)");
	CHECK(value.line >= 1 && value.column >= 1, "pointer '%s' at %u:%u",
	      w->ptr.ptr, value.line, value.column);
	if (is_member)
		CHECK(key.line >= 1 && key.column >= 1,
		      "member '%s' has key place %u:%u", w->ptr.ptr, key.line,
		      key.column);
	else
		CHECK(key.line == 0, "non-member '%s' has key place %u:%u",
		      w->ptr.ptr, key.line, key.column);

	MUST(mcp_buf_puts(&w->ptr, "/\xff"));
	near = mcp_srcmap_nearest(w->map, w->doc, w->ptr.ptr, NULL);
	CHECK(near >= 0 && (size_t)near == base,
	      "nearest('%.*s' + '/\\xff') = %d, expected %zu", (int)base,
	      w->ptr.ptr, near, base);
	mcp_buf_truncate(&w->ptr, base);
}

/* Visit @p v (whose pointer is w->ptr) and everything below it.
 * Returns how many nodes were skipped because a pointer cannot name them. */
static size_t walk(walk_ctx *w, json_t *v, int is_member)
{
	size_t base = w->ptr.len, skipped = 0, i;

	check_node(w, is_member);
	if (json_is_object(v)) {
		void *it;
		for (it = json_object_iter(v); it;
		     it = json_object_iter_next(v, it)) {
			const char *k = json_object_iter_key(it);
			size_t klen = json_object_iter_key_len(it);
			/* A NUL in a key: no C-string pointer names it. */
			if (memchr(k, '\0', klen)) {
				skipped++;
				continue;
			}
			put_token(&w->ptr, k, klen);
			skipped += walk(w, json_object_iter_value(it), 1);
			mcp_buf_truncate(&w->ptr, base);
		}
	} else if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			MUST(mcp_buf_printf(&w->ptr, "/%zu", i));
			skipped += walk(w, json_array_get(v, i), 0);
			mcp_buf_truncate(&w->ptr, base);
		}
	}
	return skipped;
}

/* Load the input under @p name and check the loaded documents. */
static mcp_source *load_and_walk(const char *name, const uint8_t *data,
                                 size_t size, mcp_diag *d)
{
	mcp_load_opts opts;
	mcp_source *src = NULL;
	size_t fatal_before = mcp_diag_count_fatal(d), fatal, i;
	walk_ctx w;
	int rc;

	mcp_load_opts_init(&opts);
	opts.max_depth = 64;
	opts.max_alias_nodes = 10000;
	opts.max_scalar = 65536;
	rc = mcp_source_load_buffer(&src, name, (const char *)data, size, &opts,
	                            d);
	fatal = mcp_diag_count_fatal(d) - fatal_before;
	CHECK(rc == 0 || rc == MCP_EPARSE, "%s: load returned %d (%s)", name,
	      rc, mcp_strerror(rc));
	CHECK(src != NULL, "%s: no source after rc %d", name, rc);
	CHECK((rc == 0) == (fatal == 0), "%s: rc %d but %zu fatal findings",
	      name, rc, fatal);
	CHECK(strcmp(mcp_source_name(src), name) == 0, "source name %s",
	      mcp_source_name(src));

	memset(&w, 0, sizeof(w));
	w.src = src;
	w.map = mcp_source_srcmap(src);
	mcp_buf_init(&w.ptr);
	for (i = 0; i < mcp_source_doc_count(src); i++) {
		json_t *doc = mcp_source_doc(src, i);
		CHECK(doc != NULL, "%s: document %zu is NULL", name, i);
		w.doc = i;
		mcp_buf_clear(&w.ptr);
		walk(&w, doc, 0);
	}
	/* One past the last document is unknown. */
	CHECK(mcp_srcmap_lookup(w.map, mcp_source_doc_count(src), "", NULL,
	                        NULL) == MCP_ENOTFOUND ||
	          rc != 0,
	      "%s: document %zu found past the end", name,
	      mcp_source_doc_count(src));
	mcp_buf_free(&w.ptr);
	return src;
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
	mcp_source *yaml, *json;
	mcp_diag *d = NULL;

	MUST(mcp_diag_new(&d));
	yaml = load_and_walk("fuzz.yaml", data, size, d);
	json = load_and_walk("fuzz.json", data, size, d);
	mcp_diag_sort(d);
	render(&mcp_render_text, d, &plain);
	render(&mcp_render_text, d, &loud);
	render(&mcp_render_json, d, &plain);
	mcp_source_free(yaml);
	mcp_source_free(json);
	mcp_diag_free(d);
	return 0;
}
