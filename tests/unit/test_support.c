/*
 * test_support.c: the support code (buffers, the hash map, UTF-8, writes
 * that never replace what is there) and the diagnostics list with its
 * renderers. Renderer output is compared byte for
 * byte (text) or parsed back (JSON), since other programs read both.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/file.h"
#include "support/hmap.h"
#include "support/num.h"
#include "support/pointer.h"
#include "support/sha256.h"
#include "support/utf8.h"
#include "testutil.h"
#include "check/embedded.h"

static void free_buf(void *p)
{
	mcp_buf_free(p);
	free(p);
}

static void free_diag(void *p)
{
	mcp_diag_free(p);
}

static void free_source(void *p)
{
	mcp_source_free(p);
}

static void free_json(void *p)
{
	json_decref(p);
}

/* A hash map and the function that frees its values. */
typedef struct owned_hmap {
	mcp_hmap map;
	void (*free_value)(void *);
} owned_hmap;

static void free_hmap(void *p)
{
	owned_hmap *h = p;

	mcp_hmap_free(&h->map, h->free_value);
	free(h);
}

static mcp_buf *new_buf(void)
{
	mcp_buf *b = malloc(sizeof(*b));

	assert_non_null(b);
	mcp_buf_init(b);
	return defer(free_buf, b);
}

static mcp_hmap *new_hmap(void (*free_value)(void *))
{
	owned_hmap *h = malloc(sizeof(*h));

	assert_non_null(h);
	mcp_hmap_init(&h->map);
	h->free_value = free_value;
	defer(free_hmap, h);
	return &h->map;
}

static mcp_diag *new_diag(void)
{
	mcp_diag *d = NULL;

	assert_int_equal(mcp_diag_new(&d), 0);
	assert_non_null(d);
	return defer(free_diag, d);
}

/* ------------------------------------------------------------- mcp_buf */

static void buf_starts_empty(void **state)
{
	mcp_buf *b = new_buf();
	char *s;

	(void)state;
	assert_non_null(b->ptr);
	assert_string_equal(b->ptr, "");
	assert_int_equal(b->len, 0);
	assert_int_equal(b->oom, 0);
	/* An empty buffer still detaches to a string the caller may free. */
	s = defer(free, mcp_buf_detach(b));
	assert_non_null(s);
	assert_string_equal(s, "");
	mcp_buf_free(b);
	assert_int_equal(b->len, 0);
}

static void buf_growth(void **state)
{
	mcp_buf *b = new_buf();
	char expect[5000];
	size_t i;

	(void)state;
	for (i = 0; i < 4999; i++) {
		expect[i] = (char)('a' + i % 26);
		assert_int_equal(mcp_buf_putc(b, expect[i]), 0);
		assert_true(b->cap > b->len);
		assert_int_equal(b->ptr[b->len], '\0');
	}
	expect[4999] = '\0';
	assert_int_equal(b->len, 4999);
	assert_string_equal(b->ptr, expect);
	/* Capacity doubles from 64: a power of two. */
	assert_true(b->cap >= 5000);
	assert_int_equal(b->cap & (b->cap - 1), 0);
	assert_int_equal(mcp_buf_grow(b, 100000), 0);
	assert_true(b->cap >= 4999 + 100000 + 1);
	assert_string_equal(b->ptr, expect);
	mcp_buf_free(b);
	assert_int_equal(b->cap, 0);
	assert_string_equal(b->ptr, "");
}

static void buf_put_binary(void **state)
{
	mcp_buf *b = new_buf();

	(void)state;
	assert_int_equal(mcp_buf_put(b, "a\0b", 3), 0);
	assert_int_equal(mcp_buf_puts(b, "cd"), 0);
	assert_int_equal(mcp_buf_put(b, NULL, 0), 0);
	assert_int_equal(b->len, 5);
	assert_memory_equal(b->ptr, "a\0bcd", 6);
	mcp_buf_free(b);
}

static void buf_printf(void **state)
{
	mcp_buf *b = new_buf();
	char big[300];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(mcp_buf_printf(b, "%s:%u:%u", "f.yaml", 3u, 14u), 0);
	assert_string_equal(b->ptr, "f.yaml:3:14");
	assert_int_equal(mcp_buf_printf(b, " [%05d] %.2f%%", 42, 0.5), 0);
	assert_string_equal(b->ptr, "f.yaml:3:14 [00042] 0.50%");
	/* Output longer than the first allocation. */
	assert_int_equal(mcp_buf_printf(b, "<%s>", big), 0);
	assert_int_equal(b->len, strlen("f.yaml:3:14 [00042] 0.50%") + 301);
	assert_int_equal(b->ptr[b->len - 1], '>');
	assert_int_equal(b->ptr[b->len - 2], 'x');
	assert_int_equal(b->ptr[b->len], '\0');
	assert_int_equal(mcp_buf_printf(b, "%s", ""), 0);
	assert_int_equal(b->len, strlen("f.yaml:3:14 [00042] 0.50%") + 301);
	mcp_buf_free(b);
}

static void buf_detach_truncate_clear(void **state)
{
	mcp_buf *b = new_buf();
	size_t cap;
	char *s;

	(void)state;
	mcp_buf_puts(b, "hello, world");
	mcp_buf_truncate(b, 100); /* longer: no change */
	assert_string_equal(b->ptr, "hello, world");
	mcp_buf_truncate(b, 5);
	assert_int_equal(b->len, 5);
	assert_string_equal(b->ptr, "hello");
	mcp_buf_puts(b, "!");
	assert_string_equal(b->ptr, "hello!");
	cap = b->cap;
	mcp_buf_clear(b);
	assert_int_equal(b->len, 0);
	assert_string_equal(b->ptr, "");
	assert_int_equal(b->cap, cap);
	mcp_buf_puts(b, "again");
	s = defer(free, mcp_buf_detach(b));
	assert_string_equal(s, "again");
	/* The buffer no longer owns the string and is usable again. */
	assert_int_equal(b->len, 0);
	assert_int_equal(b->cap, 0);
	assert_true(b->ptr != s);
	mcp_buf_puts(b, "new");
	assert_string_equal(b->ptr, "new");
	assert_string_equal(s, "again");
	mcp_buf_free(b);
}

static void buf_out_of_memory_is_sticky(void **state)
{
	mcp_buf *b = new_buf();

	(void)state;
	mcp_buf_puts(b, "abc");
	assert_int_equal(mcp_buf_grow(b, SIZE_MAX), MCP_ENOMEM);
	assert_int_equal(b->oom, 1);
	assert_int_equal(mcp_buf_puts(b, "x"), MCP_ENOMEM);
	assert_int_equal(mcp_buf_printf(b, "%d", 1), MCP_ENOMEM);
	assert_string_equal(b->ptr, "abc");
	assert_null(mcp_buf_detach(b));
	/* detach released it: a fresh, working buffer. */
	assert_int_equal(b->oom, 0);
	assert_int_equal(mcp_buf_puts(b, "ok"), 0);
	assert_string_equal(b->ptr, "ok");
	mcp_buf_free(b);
}

/* Appends at every boundary of the room a buffer has (fits exactly, one
 * byte short, one over) leave the same bytes as one copy of them all. */
static void buf_appends_at_every_boundary(void **state)
{
	char ref[600], piece[200];
	mcp_buf *b = new_buf();
	size_t start, n, k;

	(void)state;
	for (start = 0; start < 140; start += 7) {
		for (n = 0; n < 140; n++) {
			mcp_buf_free(b); /* from nothing each time */
			for (k = 0; k < start; k++)
				ref[k] = (char)('a' + k % 26);
			mcp_buf_put(b, ref, start);
			for (k = 0; k < n; k++)
				piece[k] = ref[start + k] =
				    (char)('A' + k % 26);
			piece[n] = '\0';
			assert_int_equal(mcp_buf_printf(b, "%s", piece), 0);
			assert_int_equal(mcp_buf_putc(b, '!'), 0);
			ref[start + n] = '!';
			assert_int_equal(mcp_buf_put(b, piece, n), 0);
			memcpy(ref + start + n + 1, piece, n);
			assert_int_equal(b->len, start + 2 * n + 1);
			assert_memory_equal(b->ptr, ref, b->len);
			assert_int_equal(b->ptr[b->len], '\0');
			assert_true(b->len < b->cap);
		}
	}
}

static void buf_put_token_escapes(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {{"", "/"},
	             {"plain", "/plain"},
	             {"a/b~c", "/a~1b~0c"},
	             {"~~//", "/~0~0~1~1"},
	             {"x/", "/x~1"},
	             {"/x", "/~1x"},
	             {"~01", "/~001"},
	             {"caf\xC3\xA9/", "/caf\xC3\xA9~1"}};
	mcp_buf *b = new_buf();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mcp_buf_clear(b);
		assert_int_equal(
		    mcp_buf_put_token(b, cases[i].in, strlen(cases[i].in)), 0);
		assert_string_equal(b->ptr, cases[i].out);
	}
}

/* ------------------------------------------------------------ mcp_hmap */

static void hmap_put_get_replace(void **state)
{
	mcp_hmap *m = new_hmap(NULL);
	int one = 1, two = 2, three = 3;
	void *old = &three;

	(void)state;
	assert_null(mcp_hmap_get(m, "a", 1));
	assert_null(mcp_hmap_find(m, "a", 1));
	assert_int_equal(mcp_hmap_put(m, "alpha", 5, &one, &old), 0);
	assert_null(old);
	assert_int_equal(mcp_hmap_put(m, "beta", 4, &two, NULL), 0);
	assert_ptr_equal(mcp_hmap_get(m, "alpha", 5), &one);
	assert_ptr_equal(mcp_hmap_get(m, "beta", 4), &two);
	/* Keys are (pointer, length): a prefix is another key. */
	assert_null(mcp_hmap_get(m, "alpha", 4));
	assert_int_equal(mcp_hmap_put(m, "alpha", 5, &three, &old), 0);
	assert_ptr_equal(old, &one);
	assert_ptr_equal(mcp_hmap_get(m, "alpha", 5), &three);
	assert_int_equal(m->count, 2);
	mcp_hmap_free(m, NULL);
	assert_int_equal(m->count, 0);
	assert_null(mcp_hmap_get(m, "alpha", 5));
}

static void hmap_keys_are_copied(void **state)
{
	mcp_hmap *m = new_hmap(NULL);
	char key[8] = "k\0x";
	int v1 = 1, v2 = 2, v3 = 3;
	mcp_hmap_slot *s;

	(void)state;
	assert_int_equal(mcp_hmap_put(m, key, 3, &v1, NULL), 0);
	assert_int_equal(mcp_hmap_put(m, key, 1, &v2, NULL), 0);
	assert_int_equal(mcp_hmap_put(m, "", 0, &v3, NULL), 0);
	key[0] = 'z'; /* the map kept its own copy */
	assert_ptr_equal(mcp_hmap_get(m, "k\0x", 3), &v1);
	assert_ptr_equal(mcp_hmap_get(m, "k", 1), &v2);
	assert_ptr_equal(mcp_hmap_get(m, "", 0), &v3);
	assert_null(mcp_hmap_get(m, key, 1));
	s = mcp_hmap_find(m, "k\0x", 3);
	assert_non_null(s);
	assert_int_equal(s->keylen, 3);
	assert_memory_equal(s->key, "k\0x", 4);
	assert_int_equal(m->count, 3);
	mcp_hmap_free(m, NULL);
}

static int freed_values;

static void count_free(void *p)
{
	freed_values++;
	free(p);
}

static void hmap_growth_and_free(void **state)
{
	mcp_hmap *m = new_hmap(count_free);
	char key[32];
	int i;

	(void)state;
	for (i = 0; i < 2000; i++) {
		int *v = malloc(sizeof(*v));
		assert_non_null(v);
		*v = i;
		snprintf(key, sizeof(key), "key-%d", i);
		assert_int_equal(mcp_hmap_put(m, key, strlen(key), v, NULL), 0);
	}
	assert_int_equal(m->count, 2000);
	assert_true(m->cap >= 4000);
	assert_int_equal(m->cap & (m->cap - 1), 0);
	for (i = 0; i < 2000; i++) {
		int *v;
		snprintf(key, sizeof(key), "key-%d", i);
		v = mcp_hmap_get(m, key, strlen(key));
		assert_non_null(v);
		assert_int_equal(*v, i);
	}
	assert_null(mcp_hmap_get(m, "key-2000", 8));
	freed_values = 0;
	mcp_hmap_free(m, count_free);
	assert_int_equal(freed_values, 2000);
	assert_int_equal(m->cap, 0);
}

static void hmap_intern(void **state)
{
	mcp_hmap *m = new_hmap(NULL);
	const char *a, *b, *c;
	char name[32];
	int i;

	(void)state;
	strcpy(name, "spec.yaml");
	a = mcp_hmap_intern(m, name, strlen(name));
	assert_non_null(a);
	assert_true(a != name);
	assert_string_equal(a, "spec.yaml");
	b = mcp_hmap_intern(m, "spec.yaml", 9);
	assert_ptr_equal(a, b);
	c = mcp_hmap_intern(m, "spec.yml", 8);
	assert_true(c != a);
	/* Interned strings survive the table growing. */
	for (i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		assert_non_null(mcp_hmap_intern(m, name, strlen(name)));
	}
	assert_ptr_equal(mcp_hmap_intern(m, "spec.yaml", 9), a);
	assert_string_equal(a, "spec.yaml");
	assert_int_equal(m->count, 102);
	mcp_hmap_free(m, NULL);
}

/* ---------------------------------------------------------------- UTF-8 */

#define VALID(s) mcp_utf8_valid_prefix(s, sizeof(s) - 1)

static void utf8_valid_sequences(void **state)
{
	(void)state;
	assert_int_equal(VALID(""), 0);
	assert_int_equal(VALID("plain ascii\n\t"), 13);
	assert_int_equal(VALID("\x7F"), 1);
	assert_int_equal(VALID("\xC2\x80"), 2);         /* U+0080 */
	assert_int_equal(VALID("\xDF\xBF"), 2);         /* U+07FF */
	assert_int_equal(VALID("\xE0\xA0\x80"), 3);     /* U+0800 */
	assert_int_equal(VALID("\xED\x9F\xBF"), 3);     /* U+D7FF */
	assert_int_equal(VALID("\xEE\x80\x80"), 3);     /* U+E000 */
	assert_int_equal(VALID("\xEF\xBF\xBF"), 3);     /* U+FFFF */
	assert_int_equal(VALID("\xF0\x90\x80\x80"), 4); /* U+10000 */
	assert_int_equal(VALID("\xF4\x8F\xBF\xBF"), 4); /* U+10FFFF */
	assert_int_equal(VALID("caf\xC3\xA9 \xF0\x9F\x98\x80"), 10);
	/* A NUL byte is valid UTF-8. */
	assert_int_equal(VALID("a\0b"), 3);
}

/* ASCII is skipped eight bytes at a time: a bad byte or a multi-byte
 * character at any offset, after runs of every length, is still seen. */
static void utf8_ascii_runs(void **state)
{
	char s[48];
	size_t p, len;

	(void)state;
	for (p = 0; p + 2 < sizeof(s); p++) {
		memset(s, 'a', sizeof(s));
		s[p] = (char)0xFF;
		assert_int_equal(mcp_utf8_valid_prefix(s, sizeof(s)), p);
		/* the bad byte beyond the length given is not looked at */
		assert_int_equal(mcp_utf8_valid_prefix(s, p), p);
		s[p] = (char)0xC3;
		s[p + 1] = (char)0xA9; /* é */
		assert_int_equal(mcp_utf8_valid_prefix(s, sizeof(s)),
		                 sizeof(s));
		assert_int_equal(mcp_utf8_count(s, sizeof(s)), sizeof(s) - 1);
		s[p + 2] = (char)0x80; /* a stray continuation byte */
		assert_int_equal(mcp_utf8_valid_prefix(s, sizeof(s)), p + 2);
		/* a character cut by the end */
		assert_int_equal(mcp_utf8_valid_prefix(s, p + 1), p);
		for (len = 0; len <= p; len++)
			assert_int_equal(mcp_utf8_count(s, len), len);
	}
}

static void utf8_overlongs(void **state)
{
	(void)state;
	assert_int_equal(VALID("\xC0\x80"), 0);
	assert_int_equal(VALID("\xC1\xBF"), 0);
	assert_int_equal(VALID("ab\xE0\x80\x80"), 2);
	assert_int_equal(VALID("\xE0\x9F\xBF"), 0);
	assert_int_equal(VALID("\xF0\x80\x80\x80"), 0);
	assert_int_equal(VALID("x\xF0\x8F\xBF\xBF"), 1);
}

static void utf8_surrogates_and_range(void **state)
{
	(void)state;
	assert_int_equal(VALID("\xED\xA0\x80"), 0); /* U+D800 */
	assert_int_equal(VALID("\xED\xBF\xBF"), 0); /* U+DFFF */
	assert_int_equal(VALID("ok\xED\xB2\x80"), 2);
	assert_int_equal(VALID("\xF4\x90\x80\x80"), 0); /* U+110000 */
	assert_int_equal(VALID("\xF5\x80\x80\x80"), 0);
	assert_int_equal(VALID("\xF7\xBF\xBF\xBF"), 0);
	assert_int_equal(VALID("\xF8\x88\x80\x80\x80"), 0);
	assert_int_equal(VALID("\xFE"), 0);
	assert_int_equal(VALID("a\xFF"), 1);
}

static void utf8_truncated_and_bad_continuations(void **state)
{
	(void)state;
	assert_int_equal(VALID("ab\xE2\x82"), 2);
	assert_int_equal(VALID("\xF0\x9F\x98"), 0);
	assert_int_equal(VALID("\xC3"), 0);
	assert_int_equal(VALID("\x80"), 0);
	assert_int_equal(VALID("\xBFx"), 0);
	assert_int_equal(VALID("\xC3\x28"), 0);
	assert_int_equal(VALID("\xE2\x28\xA1"), 0);
	assert_int_equal(VALID("\xE2\x82\x28"), 0);
	assert_int_equal(VALID("\xF0\x9F\x98\x28"), 0);
	assert_int_equal(VALID("\xF0\x9F\x28\x80"), 0);
	/* The count stops at the offset given, not at a NUL. */
	assert_int_equal(mcp_utf8_valid_prefix("\xE2\x82\xAC", 2), 0);
	assert_int_equal(mcp_utf8_valid_prefix("\xE2\x82\xAC", 3), 3);
}

static void utf8_count_and_text_position(void **state)
{
	static const char text[] =
	    "a: 1\r\n\xC3\xA9\xF0\x9F\x98\x80: x\rlast\nz";
	unsigned line, col;

	(void)state;
	assert_int_equal(mcp_utf8_count("caf\xC3\xA9", 5), 4);
	assert_int_equal(mcp_utf8_count("\xF0\x9F\x98\x80\xE5\x90\x8D", 7), 2);
	assert_int_equal(mcp_utf8_count("", 0), 0);
	mcp_text_position(text, sizeof(text) - 1, 0, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
	mcp_text_position(text, sizeof(text) - 1, 3, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 4);
	/* CRLF is one end of line. */
	mcp_text_position(text, sizeof(text) - 1, 6, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 1);
	/* 'x' after é and 😀 (6 bytes, 2 code points) and ": ". */
	mcp_text_position(text, sizeof(text) - 1, 14, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 5);
	/* A lone CR ends a line too. */
	mcp_text_position(text, sizeof(text) - 1, 16, &line, &col);
	assert_int_equal(line, 3);
	assert_int_equal(col, 1);
	mcp_text_position(text, sizeof(text) - 1, 21, &line, &col);
	assert_int_equal(line, 4);
	assert_int_equal(col, 1);
	/* Past the end: clamped to the end. */
	mcp_text_position(text, sizeof(text) - 1, 1000, &line, &col);
	assert_int_equal(line, 4);
	assert_int_equal(col, 2);
}

/* ---------------------------------------------------------- diagnostics */

static void diag_add_copies_fields(void **state)
{
	mcp_diag *d;
	mcp_finding *f;
	char file[32] = "spec.yaml";
	char ptr[32] = "/a/b";
	char hint[32] = "do this";
	mcp_loc loc = {file, 3, 7};
	mcp_loc rel = {"spec.yaml", 1, 2};

	(void)state;
	d = new_diag();
	f = mcp_diag_add(d, "MCP-X-001", MCP_SEV_WARNING, &loc, ptr, hint,
	                 "value %d of '%s'", 42, "k");
	assert_non_null(f);
	assert_int_equal(mcp_finding_set_related(f, &rel, "first here"), 0);
	memset(file, 0, sizeof(file));
	memset(ptr, 0, sizeof(ptr));
	memset(hint, 0, sizeof(hint));
	f = (mcp_finding *)mcp_diag_get(d, 0);
	assert_string_equal(f->rule, "MCP-X-001");
	assert_int_equal(f->severity, MCP_SEV_WARNING);
	assert_string_equal(f->message, "value 42 of 'k'");
	assert_string_equal(f->loc.file, "spec.yaml");
	assert_ptr_equal(f->loc.file, mcp_diag_intern(d, "spec.yaml"));
	assert_int_equal(f->loc.line, 3);
	assert_int_equal(f->loc.column, 7);
	assert_string_equal(f->pointer, "/a/b");
	assert_string_equal(f->hint, "do this");
	assert_int_equal(f->related.line, 1);
	assert_int_equal(f->related.column, 2);
	assert_string_equal(f->related_message, "first here");
	assert_int_equal(f->fatal, 0);
	/* No place, no pointer, no hint. */
	f = mcp_diag_add(d, "MCP-X-002", MCP_SEV_INFO, NULL, NULL, NULL,
	                 "plain");
	assert_non_null(f);
	assert_null(f->loc.file);
	assert_int_equal(f->loc.line, 0);
	assert_null(f->pointer);
	assert_null(f->hint);
	assert_int_equal(f->related.line, 0);
	assert_int_equal(mcp_diag_count(d), 2);
	assert_null(mcp_diag_get(d, 2));
	release(d);
}

static void add(mcp_diag *d, const char *file, unsigned line, unsigned col,
                const char *msg, mcp_severity sev, int fatal)
{
	mcp_loc loc = {file, line, col};
	mcp_finding *f = mcp_diag_add(d, "R", sev, file ? &loc : NULL, NULL,
	                              NULL, "%s", msg);

	assert_non_null(f);
	f->fatal = fatal;
}

static void diag_sort_order(void **state)
{
	static const char *const expect[] = {
	    "run", "a1:1", "a2:1", "a2:5", "a2:5 later", "a10:1", "b1:1"};
	mcp_diag *d;
	size_t i;

	(void)state;
	d = new_diag();
	add(d, "b.yaml", 1, 1, "b1:1", MCP_SEV_ERROR, 0);
	add(d, "a.yaml", 10, 1, "a10:1", MCP_SEV_ERROR, 0);
	add(d, "a.yaml", 2, 5, "a2:5", MCP_SEV_WARNING, 0);
	add(d, "a.yaml", 2, 1, "a2:1", MCP_SEV_INFO, 0);
	add(d, NULL, 0, 0, "run", MCP_SEV_ERROR, 1);
	add(d, "a.yaml", 2, 5, "a2:5 later", MCP_SEV_ERROR, 0);
	add(d, "a.yaml", 1, 1, "a1:1", MCP_SEV_ERROR, 0);
	mcp_diag_sort(d);
	assert_int_equal(mcp_diag_count(d), 7);
	for (i = 0; i < 7; i++)
		assert_string_equal(mcp_diag_get(d, i)->message, expect[i]);
	/* Sorting twice changes nothing: same place keeps arrival order. */
	mcp_diag_sort(d);
	for (i = 0; i < 7; i++)
		assert_string_equal(mcp_diag_get(d, i)->message, expect[i]);
	release(d);
}

/* A second pass: repeats of earlier findings go, the rest get a prefix. */
static void diag_merge_pass(void **state)
{
	mcp_diag *d;

	(void)state;
	d = new_diag();
	add(d, "z.yaml", 1, 1, "before the document", MCP_SEV_ERROR, 0);
	add(d, "a.yaml", 2, 5, "base", MCP_SEV_ERROR, 0);
	add(d, "a.yaml", 2, 5, "base, worded anew", MCP_SEV_ERROR, 0);
	add(d, "a.yaml", 2, 5, "same place, other severity", MCP_SEV_WARNING,
	    0);
	add(d, "a.yaml", 7, 1, "new", MCP_SEV_ERROR, 0);
	add(d, "a.yaml", 7, 1, "new, twice", MCP_SEV_ERROR, 0);
	add(d, "z.yaml", 1, 1, "not in the document's range", MCP_SEV_ERROR, 0);
	assert_int_equal(mcp_diag_merge_pass(d, 1, 2, "env x: "), 0);
	assert_int_equal(mcp_diag_count(d), 5);
	assert_string_equal(mcp_diag_get(d, 1)->message, "base");
	assert_string_equal(mcp_diag_get(d, 2)->message,
	                    "env x: same place, other severity");
	assert_string_equal(mcp_diag_get(d, 3)->message, "env x: new");
	assert_string_equal(mcp_diag_get(d, 4)->message,
	                    "env x: not in the document's range");
	assert_int_equal(mcp_diag_merge_pass(d, 0, 5, NULL), 0);
	assert_int_equal(mcp_diag_count(d), 5);
	release(d);
}

/* append moves findings in order, names re-interned, sources optional;
 * copy leaves the source list whole. */
static void diag_append_and_copy(void **state)
{
	mcp_diag *a = new_diag(), *b = new_diag(), *c = new_diag();
	mcp_loc rel = {"r.yaml", 3, 4};
	const mcp_finding *f;
	size_t len;

	(void)state;
	add(a, "a.yaml", 1, 1, "first", MCP_SEV_ERROR, 0);
	add(b, "b.yaml", 2, 2, "second", MCP_SEV_WARNING, 1);
	assert_int_equal(mcp_finding_set_related(
	                     (mcp_finding *)mcp_diag_get(b, 0), &rel, "there"),
	                 0);
	assert_int_equal(mcp_diag_waive(b, 0, "why"), 0);
	add(b, NULL, 0, 0, "third", MCP_SEV_INFO, 0);
	assert_int_equal(mcp_diag_add_source(b, "b.yaml", "x\ny\n", 4), 0);
	assert_int_equal(mcp_diag_copy(c, b), 0);
	assert_int_equal(mcp_diag_count(b), 2);
	assert_int_equal(mcp_diag_append(a, b, 1), 0);
	assert_int_equal(mcp_diag_count(b), 0);
	release(b); /* a owns what it took */
	assert_int_equal(mcp_diag_count(a), 3);
	f = mcp_diag_get(a, 1);
	assert_string_equal(f->message, "second");
	assert_ptr_equal(f->loc.file, mcp_diag_intern(a, "b.yaml"));
	assert_ptr_equal(f->related.file, mcp_diag_intern(a, "r.yaml"));
	assert_string_equal(f->related_message, "there");
	assert_string_equal(f->waiver, "why");
	assert_int_equal(f->fatal, 1);
	assert_int_equal(f->seq, 1);
	assert_null(mcp_diag_get(a, 2)->loc.file);
	assert_int_equal(mcp_diag_get(a, 2)->seq, 2);
	assert_non_null(mcp_diag_source_line(a, "b.yaml", 2, &len));
	assert_int_equal(len, 1);
	/* the copy is whole too */
	assert_int_equal(mcp_diag_count(c), 2);
	f = mcp_diag_get(c, 0);
	assert_string_equal(f->waiver, "why");
	assert_string_equal(f->related_message, "there");
	assert_int_equal(f->fatal, 1);
	assert_non_null(mcp_diag_source_line(c, "b.yaml", 1, &len));
	/* without sources */
	b = new_diag();
	add(b, "q.yaml", 1, 1, "fourth", MCP_SEV_ERROR, 0);
	assert_int_equal(mcp_diag_add_source(b, "q.yaml", "q\n", 2), 0);
	assert_int_equal(mcp_diag_append(a, b, 0), 0);
	assert_null(mcp_diag_source_line(a, "q.yaml", 1, &len));
	assert_int_equal(mcp_diag_count(a), 4);
	release(a);
	release(b);
	release(c);
}

static void diag_counts(void **state)
{
	mcp_diag *d;

	(void)state;
	d = new_diag();
	assert_int_equal(mcp_diag_count(d), 0);
	assert_int_equal(mcp_diag_count_fatal(d), 0);
	add(d, "f", 1, 1, "e1", MCP_SEV_ERROR, 1);
	add(d, "f", 2, 1, "e2", MCP_SEV_ERROR, 0);
	add(d, "f", 3, 1, "w1", MCP_SEV_WARNING, 0);
	add(d, "f", 4, 1, "i1", MCP_SEV_INFO, 0);
	add(d, "f", 5, 1, "i2", MCP_SEV_INFO, 0);
	add(d, "f", 6, 1, "i3", MCP_SEV_INFO, 0);
	assert_int_equal(mcp_diag_count(d), 6);
	assert_int_equal(mcp_diag_count_severity(d, MCP_SEV_ERROR), 2);
	assert_int_equal(mcp_diag_count_severity(d, MCP_SEV_WARNING), 1);
	assert_int_equal(mcp_diag_count_severity(d, MCP_SEV_INFO), 3);
	assert_int_equal(mcp_diag_count_fatal(d), 1);
	release(d);
	mcp_diag_free(NULL); /* fine */
}

static void diag_intern_and_names(void **state)
{
	mcp_diag *d;
	mcp_severity sev = MCP_SEV_INFO;
	char name[16] = "x.yaml";
	const char *a, *b;

	(void)state;
	d = new_diag();
	a = mcp_diag_intern(d, name);
	strcpy(name, "y.yaml");
	b = mcp_diag_intern(d, name);
	assert_string_equal(a, "x.yaml");
	assert_string_equal(b, "y.yaml");
	assert_ptr_equal(mcp_diag_intern(d, "x.yaml"), a);
	assert_true(a != b);
	assert_int_equal(mcp_severity_parse(&sev, "error"), 0);
	assert_int_equal(sev, MCP_SEV_ERROR);
	assert_int_equal(mcp_severity_parse(&sev, "warning"), 0);
	assert_int_equal(sev, MCP_SEV_WARNING);
	assert_int_equal(mcp_severity_parse(&sev, "Error"), MCP_ERROR);
	assert_string_equal(mcp_severity_name(MCP_SEV_INFO), "info");
	assert_string_equal(mcp_severity_name(MCP_SEV_ERROR), "error");
	assert_string_equal(mcp_strerror(MCP_EPARSE), "malformed input");
	assert_string_equal(mcp_version(), MCPC_VERSION);
	release(d);
}

static void diag_source_lines(void **state)
{
	static const char text[] = "first\r\nsecond\r\n\r\nlone\rlast";
	mcp_diag *d;
	const char *l;
	size_t len = 99;

	(void)state;
	d = new_diag();
	assert_int_equal(
	    mcp_diag_add_source(d, "f.yaml", text, sizeof(text) - 1), 0);
	l = mcp_diag_source_line(d, "f.yaml", 1, &len);
	assert_non_null(l);
	assert_int_equal(len, 5);
	assert_memory_equal(l, "first", 5);
	l = mcp_diag_source_line(d, "f.yaml", 2, &len);
	assert_int_equal(len, 6);
	assert_memory_equal(l, "second", 6);
	l = mcp_diag_source_line(d, "f.yaml", 3, &len);
	assert_non_null(l);
	assert_int_equal(len, 0);
	l = mcp_diag_source_line(d, "f.yaml", 4, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(l, "lone", 4);
	l = mcp_diag_source_line(d, "f.yaml", 5, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(l, "last", 4);
	assert_null(mcp_diag_source_line(d, "f.yaml", 6, &len));
	assert_null(mcp_diag_source_line(d, "f.yaml", 0, &len));
	assert_null(mcp_diag_source_line(d, "g.yaml", 1, &len));
	assert_null(mcp_diag_source_line(d, NULL, 1, &len));
	/* The text was copied; a second add replaces it. */
	assert_int_equal(mcp_diag_add_source(d, "f.yaml", "new\n", 4), 0);
	l = mcp_diag_source_line(d, "f.yaml", 1, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(l, "new", 3);
	release(d);
}

/* lint's paths: every file below the top named from there, the texts
 * kept for quoting too; a file elsewhere, and a folder whose name only
 * starts like the top, keep theirs. */
static void diag_relative(void **state)
{
	mcp_diag *d;
	mcp_loc in = {"/r/top/sub/.mcpc.yaml", 2, 1};
	mcp_loc out = {"/r/topper/x.yaml", 1, 1};
	mcp_loc rel = {"/r/top/w.yaml", 3, 1};
	mcp_finding *f;
	const mcp_finding *g;
	const char *l;
	size_t len = 0;

	(void)state;
	d = new_diag();
	f = mcp_diag_add(d, "MCP-X-001", MCP_SEV_ERROR, &in, NULL,
	                 "see /r/top/w.yaml", "cannot use '/r/top/sub/p'");
	assert_non_null(f);
	assert_int_equal(mcp_finding_set_related(f, &rel, "in /r/top/w.yaml"),
	                 0);
	assert_non_null(mcp_diag_add(d, "MCP-X-002", MCP_SEV_WARNING, &out,
	                             NULL, NULL, "elsewhere"));
	assert_int_equal(mcp_diag_add_source(d, in.file, "a\nb: 1\n", 7), 0);
	assert_int_equal(mcp_diag_relative(d, "/r/top"), 0);
	g = mcp_diag_get(d, 0);
	assert_string_equal(g->loc.file, "sub/.mcpc.yaml");
	assert_string_equal(g->related.file, "w.yaml");
	assert_string_equal(g->message, "cannot use 'sub/p'");
	assert_string_equal(g->hint, "see w.yaml");
	assert_string_equal(g->related_message, "in w.yaml");
	assert_string_equal(mcp_diag_get(d, 1)->loc.file, "/r/topper/x.yaml");
	l = mcp_diag_source_line(d, "sub/.mcpc.yaml", 2, &len);
	assert_non_null(l);
	assert_int_equal(len, 4);
	assert_memory_equal(l, "b: 1", 4);
	/* "/" and NULL: nothing to drop */
	assert_int_equal(mcp_diag_relative(d, "/"), 0);
	assert_int_equal(mcp_diag_relative(d, NULL), 0);
	assert_string_equal(mcp_diag_get(d, 1)->loc.file, "/r/topper/x.yaml");
	release(d);
}

/* ------------------------------------------------------------ renderers */

static char *render(const char *format, mcp_diag *d, int quiet, int verbose)
{
	const mcp_renderer *r = mcp_renderer_find(format);
	mcp_render_opts o = {.quiet = quiet, .verbose = verbose};
	mcp_buf *out = new_buf();

	assert_non_null(r);
	assert_string_equal(r->name, format);
	mcp_diag_sort(d);
	assert_int_equal(r->render(out, d, &o), 0);
	return defer(free, mcp_buf_detach(out));
}

static mcp_diag *one_finding(const char *text, unsigned line, unsigned col)
{
	mcp_diag *d;
	mcp_loc loc = {"f.yaml", line, col};
	mcp_loc rel = {"f.yaml", 1, 1};
	mcp_finding *f;

	d = new_diag();
	assert_int_equal(mcp_diag_add_source(d, "f.yaml", text, strlen(text)),
	                 0);
	f = mcp_diag_add(d, "MCP-YAML-002", MCP_SEV_ERROR, &loc, "/b/c",
	                 "remove one", "duplicate key '%s'", "c");
	assert_non_null(f);
	f->fatal = 1;
	assert_int_equal(mcp_finding_set_related(f, &rel, "first defined here"),
	                 0);
	return d;
}

static void render_text_one_finding(void **state)
{
	mcp_diag *d = one_finding("b:\n  c: 1\n  c: 2\n", 3, 3);
	char *out = render("text", d, 0, 0);

	(void)state;
	assert_string_equal(
	    out, "f.yaml:3:3: error[MCP-YAML-002]: duplicate key 'c'\n"
	         " 3 |   c: 2\n"
	         "   |   ^\n"
	         "  hint: remove one\n"
	         "f.yaml:1:1: note: first defined here\n"
	         "1 error, 0 warnings, 0 infos\n");
	release(out);
	/* Verbose adds the pointer and quotes the related place. */
	out = render("text", d, 0, 1);
	assert_string_equal(
	    out, "f.yaml:3:3: error[MCP-YAML-002]: duplicate key 'c'\n"
	         " 3 |   c: 2\n"
	         "   |   ^\n"
	         "  hint: remove one\n"
	         "  at: /b/c\n"
	         "f.yaml:1:1: note: first defined here\n"
	         " 1 | b:\n"
	         "   | ^\n"
	         "1 error, 0 warnings, 0 infos\n");
	release(out);
	release(d);
}

static void render_text_caret_after_tab(void **state)
{
	/* Column 7 is the 'x': a tab, then "key: ". */
	mcp_diag *d = one_finding("b:\n\tkey: x\n", 2, 7);
	char *out = render("text", d, 1, 0);

	(void)state;
	assert_string_equal(
	    out, "f.yaml:2:7: error[MCP-YAML-002]: duplicate key 'c'\n"
	         " 2 | \tkey: x\n"
	         "   | \t     ^\n"
	         "  hint: remove one\n"
	         "f.yaml:1:1: note: first defined here\n");
	release(out);
	release(d);
}

static void render_text_caret_after_multibyte(void **state)
{
	/* Columns count code points: 'x' is column 5 after "é😀: ". */
	mcp_diag *d;
	mcp_loc loc = {"u.yaml", 12, 5};
	const char *text = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n"
	                   "\xC3\xA9\xF0\x9F\x98\x80: x\r\n";
	char *out;

	(void)state;
	d = new_diag();
	assert_int_equal(mcp_diag_add_source(d, "u.yaml", text, strlen(text)),
	                 0);
	assert_non_null(mcp_diag_add(d, "MCP-YAML-003", MCP_SEV_WARNING, &loc,
	                             NULL, NULL, "trap"));
	out = render("text", d, 0, 0);
	assert_string_equal(out, "u.yaml:12:5: warning[MCP-YAML-003]: trap\n"
	                         " 12 | \xC3\xA9\xF0\x9F\x98\x80: x\n"
	                         "    |     ^\n"
	                         "0 errors, 1 warning, 0 infos\n");
	release(out);
	release(d);
}

static void render_text_without_place(void **state)
{
	mcp_diag *d;
	mcp_loc noline = {"gone.yaml", 0, 0};
	char *out;

	(void)state;
	d = new_diag();
	assert_non_null(mcp_diag_add(d, "MCP-IO-001", MCP_SEV_ERROR, &noline,
	                             NULL, NULL, "cannot read"));
	assert_non_null(mcp_diag_add(d, "MCP-X", MCP_SEV_INFO, NULL, NULL, NULL,
	                             "about the run"));
	assert_non_null(
	    mcp_diag_add(d, "MCP-X", MCP_SEV_INFO, NULL, NULL, NULL, "again"));
	out = render("text", d, 0, 0);
	assert_string_equal(out, "mcpc: info[MCP-X]: about the run\n"
	                         "mcpc: info[MCP-X]: again\n"
	                         "gone.yaml: error[MCP-IO-001]: cannot read\n"
	                         "1 error, 0 warnings, 2 infos\n");
	release(out);
	/* Quiet: errors only, no summary. */
	out = render("text", d, 1, 0);
	assert_string_equal(out, "gone.yaml: error[MCP-IO-001]: cannot read\n");
	release(out);
	release(d);
}

static void render_text_empty_list(void **state)
{
	mcp_diag *d;
	char *out;

	(void)state;
	d = new_diag();
	out = render("text", d, 0, 0);
	assert_string_equal(out, "");
	release(out);
	release(d);
}

static void render_text_long_line_window(void **state)
{
	mcp_diag *d;
	mcp_loc loc = {"w.yaml", 1, 200};
	mcp_buf *line = new_buf(), *expect = new_buf();
	char *out;
	int i;

	(void)state;
	for (i = 0; i < 300; i++)
		mcp_buf_putc(line, (char)('0' + i % 10));
	d = new_diag();
	assert_int_equal(mcp_diag_add_source(d, "w.yaml", line->ptr, line->len),
	                 0);
	assert_non_null(
	    mcp_diag_add(d, "MCP-X", MCP_SEV_ERROR, &loc, NULL, NULL, "far"));
	out = render("text", d, 1, 0);
	/* 120 code points around the column: 60 before it, then "..." marks
	 * what was cut on either side; the caret stays under column 200. */
	mcp_buf_puts(expect, "w.yaml:1:200: error[MCP-X]: far\n 1 | ...");
	mcp_buf_put(expect, line->ptr + 139, 120);
	mcp_buf_puts(expect, "...\n   |    ");
	for (i = 0; i < 60; i++)
		mcp_buf_putc(expect, ' ');
	mcp_buf_puts(expect, "^\n");
	assert_string_equal(out, expect->ptr);
	assert_int_equal(line->ptr[139 + 60], line->ptr[199]);
	release(out);
	mcp_buf_free(line);
	mcp_buf_free(expect);
	release(d);
}

static void render_text_cleans_source(void **state)
{
	mcp_diag *d;
	mcp_loc esc = {"c.yaml", 1, 4};
	mcp_loc bad = {"c.yaml", 2, 4};
	const char *text = "k: \x1b[31mred\x7f\n"
	                   "v: \xFF\xC3 \xE2\x82\xAC\n";
	char *out;

	(void)state;
	d = new_diag();
	assert_int_equal(mcp_diag_add_source(d, "c.yaml", text, strlen(text)),
	                 0);
	assert_non_null(mcp_diag_add(d, "MCP-X", MCP_SEV_ERROR, &esc, NULL,
	                             NULL, "escape"));
	assert_non_null(
	    mcp_diag_add(d, "MCP-X", MCP_SEV_ERROR, &bad, NULL, NULL, "bytes"));
	out = render("text", d, 1, 0);
	/* Control characters and stray bytes print as '?'; the euro sign,
	 * valid UTF-8, stays. */
	assert_string_equal(out, "c.yaml:1:4: error[MCP-X]: escape\n"
	                         " 1 | k: ?[31mred?\n"
	                         "   |    ^\n"
	                         "c.yaml:2:4: error[MCP-X]: bytes\n"
	                         " 2 | v: ?? \xE2\x82\xAC\n"
	                         "   |    ^\n");
	release(out);
	release(d);
}

static void render_text_never_prints_invalid_utf8(void **state)
{
	/* Lead bytes followed by continuation bytes that still do not make
	 * UTF-8: an overlong '/', a surrogate, a code point past U+10FFFF.
	 * Each byte of them is one '?', as for any other invalid byte. */
	static const char *const lines[] = {
	    "k: \xE0\x80\xAF x\n",
	    "k: \xED\xA0\x80 x\n",
	    "k: \xF4\x90\x80\x80 x\n",
	};
	static const char *const shown[] = {
	    " 1 | k: ??? x\n",
	    " 1 | k: ??? x\n",
	    " 1 | k: ???? x\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		mcp_diag *d;
		mcp_loc loc = {"u.yaml", 1, 4};
		char *out;
		d = new_diag();
		assert_int_equal(mcp_diag_add_source(d, "u.yaml", lines[i],
		                                     strlen(lines[i])),
		                 0);
		assert_non_null(mcp_diag_add(d, "MCP-YAML-007", MCP_SEV_ERROR,
		                             &loc, NULL, NULL,
		                             "invalid UTF-8"));
		out = render("text", d, 1, 0);
		assert_int_equal(mcp_utf8_valid_prefix(out, strlen(out)),
		                 strlen(out));
		assert_non_null(strstr(out, shown[i]));
		release(out);
		release(d);
	}
}

static void render_text_colour(void **state)
{
	mcp_diag *d;
	mcp_loc loc = {"f.yaml", 1, 4};
	mcp_render_opts o = {.color = 1};
	mcp_buf *out = new_buf();

	(void)state;
	d = new_diag();
	assert_int_equal(mcp_diag_add_source(d, "f.yaml", "a: yes\n", 7), 0);
	assert_non_null(mcp_diag_add(d, "MCP-YAML-003", MCP_SEV_WARNING, &loc,
	                             NULL, NULL, "trap"));
	assert_int_equal(mcp_render_text.render(out, d, &o), 0);
	/* The caret wears the finding's colour: yellow for a warning. */
	assert_string_equal(out->ptr,
	                    "\033[1mf.yaml:1:4: \033[0m"
	                    "\033[1;33mwarning[MCP-YAML-003]\033[0m: trap\n"
	                    " 1 | a: yes\n"
	                    "   |    \033[1;33m^\033[0m\n"
	                    "0 errors, 1 warning, 0 infos\n");
	mcp_buf_free(out);
	release(d);
}

static void render_json_parses_back(void **state)
{
	mcp_diag *d = one_finding("b:\n  c: 1\n  c: 2\n", 3, 3);
	mcp_loc loc = {"f.yaml", 1, 4};
	json_error_t err;
	json_t *root, *list, *f, *rel, *sum;
	char *out;

	(void)state;
	assert_non_null(mcp_diag_add(d, "MCP-YAML-003", MCP_SEV_WARNING, &loc,
	                             NULL, NULL, "'%s' is a trap", "yes"));
	out = render("json", d, 0, 0);
	assert_int_equal(out[strlen(out) - 1], '\n');
	root = defer(free_json, json_loads(out, 0, &err));
	assert_non_null(root);
	list = json_object_get(root, "findings");
	assert_true(json_is_array(list));
	assert_int_equal(json_array_size(list), 2);
	/* Sorted: the warning on line 1 first. */
	f = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(f, "rule")),
	                    "MCP-YAML-003");
	assert_string_equal(json_string_value(json_object_get(f, "severity")),
	                    "warning");
	assert_string_equal(json_string_value(json_object_get(f, "message")),
	                    "'yes' is a trap");
	assert_int_equal(json_integer_value(json_object_get(f, "line")), 1);
	assert_int_equal(json_integer_value(json_object_get(f, "column")), 4);
	assert_true(json_is_null(json_object_get(f, "pointer")));
	assert_true(json_is_null(json_object_get(f, "hint")));
	assert_null(json_object_get(f, "related"));
	f = json_array_get(list, 1);
	assert_string_equal(json_string_value(json_object_get(f, "rule")),
	                    "MCP-YAML-002");
	assert_string_equal(json_string_value(json_object_get(f, "severity")),
	                    "error");
	assert_string_equal(json_string_value(json_object_get(f, "file")),
	                    "f.yaml");
	assert_int_equal(json_integer_value(json_object_get(f, "line")), 3);
	assert_int_equal(json_integer_value(json_object_get(f, "column")), 3);
	assert_string_equal(json_string_value(json_object_get(f, "pointer")),
	                    "/b/c");
	assert_string_equal(json_string_value(json_object_get(f, "hint")),
	                    "remove one");
	rel = json_object_get(f, "related");
	assert_true(json_is_object(rel));
	assert_string_equal(json_string_value(json_object_get(rel, "file")),
	                    "f.yaml");
	assert_int_equal(json_integer_value(json_object_get(rel, "line")), 1);
	assert_int_equal(json_integer_value(json_object_get(rel, "column")), 1);
	assert_string_equal(json_string_value(json_object_get(rel, "message")),
	                    "first defined here");
	sum = json_object_get(root, "summary");
	assert_int_equal(json_integer_value(json_object_get(sum, "errors")), 1);
	assert_int_equal(json_integer_value(json_object_get(sum, "warnings")),
	                 1);
	assert_int_equal(json_integer_value(json_object_get(sum, "infos")), 0);
	release(root);
	release(out);
	/* Quiet drops the warning from the list, not from the summary. */
	out = render("json", d, 1, 0);
	root = defer(free_json, json_loads(out, 0, &err));
	assert_non_null(root);
	assert_int_equal(json_array_size(json_object_get(root, "findings")), 1);
	assert_int_equal(json_integer_value(json_object_get(
	                     json_object_get(root, "summary"), "warnings")),
	                 1);
	release(root);
	release(out);
	release(d);
}

static void render_json_escapes_text(void **state)
{
	mcp_diag *d;
	mcp_loc loc = {"dir/\"q\".yaml", 2, 1};
	json_error_t err;
	json_t *root, *f;
	char *out;

	(void)state;
	d = new_diag();
	assert_non_null(mcp_diag_add(d, "MCP-X", MCP_SEV_ERROR, &loc, "/a~1b",
	                             NULL, "tab\there \"quoted\" caf\xC3\xA9"));
	out = render("json", d, 0, 0);
	root = defer(free_json, json_loads(out, 0, &err));
	assert_non_null(root);
	f = json_array_get(json_object_get(root, "findings"), 0);
	assert_string_equal(json_string_value(json_object_get(f, "file")),
	                    "dir/\"q\".yaml");
	assert_string_equal(json_string_value(json_object_get(f, "message")),
	                    "tab\there \"quoted\" caf\xC3\xA9");
	assert_string_equal(json_string_value(json_object_get(f, "pointer")),
	                    "/a~1b");
	release(root);
	release(out);
	release(d);
}

static void renderer_table(void **state)
{
	(void)state;
	assert_ptr_equal(mcp_renderer_find("text"), &mcp_render_text);
	assert_ptr_equal(mcp_renderer_find("json"), &mcp_render_json);
	assert_ptr_equal(mcp_renderer_find("sarif"), &mcp_render_sarif);
	assert_ptr_equal(mcp_renderer_find("junit"), &mcp_render_junit);
	assert_ptr_equal(mcp_renderer_find("github"), &mcp_render_github);
	assert_ptr_equal(mcp_renderer_find("markdown"), &mcp_render_markdown);
	assert_null(mcp_renderer_find("sarif-nope"));
	assert_null(mcp_renderer_find(""));
	assert_string_equal(mcp_renderer_names(),
	                    "text|json|sarif|junit|github|markdown");
}

/* A finding from the loader, rendered: the pieces fit together. */
static void render_loaded_finding(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_source *src = tu_load_named(
	    "crlf.yaml", "a: 1\r\nb:\r\n  c: 2\r\n  c: 3\r\n", &d, &rc);
	char *out;

	(void)state;
	defer(free_diag, d);
	defer(free_source, src);
	assert_int_equal(rc, MCP_EPARSE);
	out = render("text", d, 0, 0);
	assert_string_equal(
	    out,
	    "crlf.yaml:4:3: error[MCP-YAML-002]: duplicate key 'c'\n"
	    " 4 |   c: 3\n"
	    "   |   ^\n"
	    "  hint: remove one of them: parsers disagree on which one wins\n"
	    "crlf.yaml:3:3: note: first defined here\n"
	    "1 error, 0 warnings, 0 infos\n");
	release(out);
	release(src);
	release(d);
}

/* SHA-256 against the FIPS 180-4 examples (the one- and two-block
 * messages), the empty message, and lengths around the padding's edge,
 * against digests sha256sum prints. */
static void sha256_vectors(void **state)
{
	static const struct {
		const char *msg;
		const char *hex;
	} v[] = {
	    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b"
	         "855"},
	    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f2"
	            "0015ad"},
	    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c"
	     "1"},
	    {"The quick brown fox jumps over the lazy dog",
	     "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e59"
	     "2"},
	};
	char hex[65], buf[200];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		mcp_sha256_hex(v[i].msg, strlen(v[i].msg), hex);
		assert_string_equal(hex, v[i].hex);
	}
	/* 55, 56 and 64 bytes: the length fits the first block, just does
	 * not, and a whole block of message before the padding */
	memset(buf, 'a', sizeof(buf));
	mcp_sha256_hex(buf, 55, hex);
	assert_string_equal(
	    hex,
	    "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	mcp_sha256_hex(buf, 56, hex);
	assert_string_equal(
	    hex,
	    "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
	mcp_sha256_hex(buf, 64, hex);
	assert_string_equal(
	    hex,
	    "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
	mcp_sha256_hex(buf, 200, hex);
	assert_string_equal(
	    hex,
	    "c2a908d98f5df987ade41b5fce213067efbcc21ef2240212a41e54b5e7c28ae5");
}

/* The one strict number parser: digits only, in range, nothing around. */
static void num_strict(void **state)
{
	static const char *const bad[] = {"",
	                                  "-1",
	                                  "+1",
	                                  " 1",
	                                  "1 ",
	                                  "1x",
	                                  "0x10",
	                                  "1.0",
	                                  "1e3",
	                                  "\t1",
	                                  "18446744073709551616",
	                                  "99999999999999999999999999"};
	uint64_t v = 7;
	size_t i, used = 0;

	(void)state;
	assert_int_equal(mcp_num_parse("0", 10, &v), 0);
	assert_true(v == 0);
	assert_int_equal(mcp_num_parse("007", 10, &v), 0);
	assert_true(v == 7);
	assert_int_equal(mcp_num_parse("18446744073709551615", UINT64_MAX, &v),
	                 0);
	assert_true(v == UINT64_MAX);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 42;
		assert_int_equal(mcp_num_parse(bad[i], UINT64_MAX, &v), -1);
		assert_true(v == 42); /* left alone */
	}
	assert_int_equal(mcp_num_parse(NULL, 10, &v), -1);
	/* the maximum, exactly: 256 passes and 257 does not */
	assert_int_equal(mcp_num_parse("256", 256, &v), 0);
	assert_int_equal(mcp_num_parse("257", 256, &v), -1);
	assert_int_equal(mcp_num_parse("4294967296", UINT32_MAX, &v), -1);
	/* a prefix and where it ends */
	assert_int_equal(mcp_num_prefix("12/34", 5, 100, &v, &used), 0);
	assert_true(v == 12 && used == 2);
	assert_int_equal(mcp_num_prefix("/34", 3, 100, &v, &used), -1);
	assert_int_equal(mcp_num_prefix("-3", 2, 100, &v, &used), -1);
	assert_int_equal(mcp_num_parse_n("123", 2, 100, &v), 0);
	assert_true(v == 12);
	/* array indices: no leading zero */
	assert_int_equal(mcp_num_index("0", 1, 10, &v), 0);
	assert_int_equal(mcp_num_index("10", 2, 10, &v), 0);
	assert_int_equal(mcp_num_index("01", 2, 10, &v), -1);
	assert_int_equal(mcp_num_index("11", 2, 10, &v), -1);
	assert_int_equal(mcp_num_index("", 0, 10, &v), -1);
}

/* Whole files of every size around the reads' boundaries come back byte
 * for byte, appended to what a buffer holds; a file of the kernel's
 * (size 0 to fstat) is read to its end; a folder and a file over the limit
 * are refused. */
static void file_read_sizes(void **state)
{
	static const size_t sizes[] = {0,    1,    63,    64,    65,    4095,
	                               4096, 4097, 65535, 65536, 65537, 200000};
	char root[] = "/tmp/mcpc-read-XXXXXX", path[300];
	mcp_buf *b = new_buf();
	char *data = malloc(200000);
	size_t i, k;

	(void)state;
	assert_non_null(data);
	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/f", root);
	for (k = 0; k < 200000; k++)
		data[k] = (char)('a' + k % 23);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(data, 1, sizes[i], f), sizes[i]);
		assert_int_equal(fclose(f), 0);
		mcp_buf_free(b);
		assert_int_equal(mcp_file_read(b, path, 1 << 20), 0);
		assert_int_equal(b->len, sizes[i]);
		assert_memory_equal(b->ptr, data, sizes[i]);
		assert_int_equal(b->ptr[b->len], '\0');
		mcp_buf_clear(b);
		mcp_buf_puts(b, "xyz");
		assert_int_equal(mcp_file_read(b, path, 1 << 20), 0);
		assert_int_equal(b->len, sizes[i] + 3);
		assert_memory_equal(b->ptr + 3, data, sizes[i]);
		if (sizes[i] > 100) {
			mcp_buf_clear(b);
			assert_int_equal(mcp_file_read(b, path, 100),
			                 MCP_ELIMIT);
		}
	}
	free(data);
	mcp_buf_free(b);
	if (access("/proc/self/status", R_OK) == 0) {
		assert_int_equal(mcp_file_read(b, "/proc/self/status", 1 << 20),
		                 0);
		assert_non_null(strstr(b->ptr, "Name:"));
		assert_int_equal(b->ptr[b->len - 1], '\n');
		mcp_buf_free(b);
	}
	errno = 0;
	assert_int_equal(mcp_file_read(b, root, 1 << 20), MCP_EIO);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(root), 0);
}

/* mcp_file_write_mode without replace: what is there stays, a link (even
 * one to nothing) included, and nothing is made where it points; with
 * replace, a link is replaced, not written through. No temporary file
 * is left either way. */
static void write_new_file(void **state)
{
	char root[] = "/tmp/mcpc-write-XXXXXX", path[300], victim[300];
	char cmd[400];
	struct stat st;
	mcp_buf b;

	(void)state;
	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/f", root);
	snprintf(victim, sizeof(victim), "%s/victim", root);
	assert_int_equal(mcp_file_write_mode(path, "one\n", 4, 0755, 0), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0755);
	assert_int_equal(mcp_file_write_mode(path, "two\n", 4, 0644, 0),
	                 MCP_EIO);
	assert_int_equal(errno, EEXIST);
	mcp_buf_init(&b);
	assert_int_equal(mcp_file_read(&b, path, 100), 0);
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.ptr, "one\n", 4);
	mcp_buf_free(&b);
	/* a link to nothing: not replaced, and no victim made */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink(victim, path), 0);
	assert_int_equal(mcp_file_write_mode(path, "two\n", 4, 0644, 0),
	                 MCP_EIO);
	assert_int_equal(lstat(victim, &st), -1);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	/* replace: the link goes, the victim is never made */
	assert_int_equal(mcp_file_write_mode(path, "two\n", 4, 0644, 1), 0);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(lstat(victim, &st), -1);
	snprintf(cmd, sizeof(cmd), "test $(ls -A %s | wc -l) -eq 1", root);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	assert_int_equal(system(cmd), 0);
}

/* Whether a change reaches what a check reads: at, above or below it,
 * '*' any one segment, a change that is no pointer everywhere. */
static void pointer_reaches(void **state)
{
	static const struct {
		const char *pattern, *changed;
		int want;
	} cases[] = {
	    {"/spec/target/helm", "/spec/target/helm", 1},
	    {"/spec/target/helm", "/spec/target", 1},
	    {"/spec/target/helm", "/spec/target/helm/x", 1},
	    {"/spec/target/helm", "", 1},
	    {"/spec/target/helm", "/spec/target/kubectl", 0},
	    {"/spec/target/helm", "/spec/target/helmx", 0},
	    {"/spec/target/helm", "/metadata", 0},
	    {"/spec/nodePools/*/kubelet", "/spec/nodePools/3/kubelet", 1},
	    {"/spec/nodePools/*/kubelet", "/spec/nodePools/3", 1},
	    {"/spec/nodePools/*/kubelet", "/spec/nodePools/3/name", 0},
	    {"/spec/a~1b", "/spec/a~1b/c", 1},
	    {"/spec/a~1b", "/spec/a", 0},
	};
	const char *const reads[] = {"/spec/target/helm", "/kind", NULL};
	const char *const none[] = {"/metadata/annotations", "/spec/x"};
	const char *const one[] = {"/spec/x", "/spec/target"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (mcp_pointer_reaches(cases[i].pattern, cases[i].changed) !=
		    cases[i].want)
			fail_msg("%s and a change at '%s'", cases[i].pattern,
			         cases[i].changed);
	assert_false(mcp_pointers_reach(reads, none, 2));
	assert_true(mcp_pointers_reach(reads, one, 2));
	assert_false(mcp_pointers_reach(reads, one, 0));
	assert_true(mcp_pointers_reach(reads, NULL, 0));
}

/* mcp_json_trusted against json_loadb: the same values, in the same
 * order, wherever it reads a text; nothing where jansson refuses one. On
 * every JSON file mcpc ships or keeps as a fixture, on every prefix of
 * some, and on texts at its edges. */
static void trusted_same(const char *s, size_t len, const char *what,
                         size_t *read)
{
	json_error_t e;
	json_t *a = mcp_json_trusted(s, len);
	json_t *b = json_loadb(s, len, JSON_REJECT_DUPLICATES, &e);

	if (a) {
		char *x, *y;
		if (!b)
			fail_msg("%s: read, but jansson refuses it: %s", what,
			         e.text);
		x = json_dumps(a, JSON_COMPACT | JSON_ENCODE_ANY);
		y = json_dumps(b, JSON_COMPACT | JSON_ENCODE_ANY);
		assert_non_null(x);
		assert_non_null(y);
		if (strcmp(x, y) != 0)
			fail_msg("%s: read as\n%.300s\njansson reads\n%.300s",
			         what, x, y);
		free(x);
		free(y);
		(*read)++;
	}
	json_decref(a);
	json_decref(b);
}

static void json_trusted(void **state)
{
	static const char *const edges[] = {
	    "{}",
	    "[]",
	    "{\"a\":1}",
	    " { \"a\" : [ 1 , 2.5 , -0 , 1e3 , "
	    "1E-2, true, false, null ] } ",
	    "\"x\"",
	    "0",
	    "-1",
	    "1.0",
	    "{\"a\":1,\"a\":2}",
	    "{\"a\":1,}",
	    "[1,]",
	    "[01]",
	    "[-]",
	    "[1.]",
	    "[.5]",
	    "[1e]",
	    "[\"\\u0041\"]",
	    "[\"\\n\\t\\\"\\\\\\/\\b\\f\\r\"]",
	    "[\"\\x\"]",
	    "[\"a\nb\"]",
	    "[9223372036854775807]",
	    "[9223372036854775808]",
	    "[-9223372036854775808]",
	    "[1e999]",
	    "[1e-999]",
	    "{\"a\" 1}",
	    "{a:1}",
	    "[tru]",
	    "[nul]",
	    "{} {}",
	    "{\"\":{\"\":[]}}",
	    "[\"\xc3\xa9\"]",
	    "[\"\xc3\"]",
	    "[\"\xff\"]",
	    "{\"k\\n\":\"v\\n\",\"k\\n\":1}",
	    "",
	    " ",
	    "[",
	    "{",
	    "\"",
	};
	static const char *const suffixes[] = {".json", NULL};
	tu_strs files = {0};
	size_t i, k, read = 0, prefixes = 0;

	(void)state;
	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		trusted_same(edges[i], strlen(edges[i]), edges[i], &read);
	assert_true(read >= 8);
	tu_files("schema", suffixes, &files);
	tu_files("fixtures", suffixes, &files);
	assert_true(files.n >= 20);
	read = 0;
	for (i = 0; i < files.n; i++) {
		size_t n;
		char *text = tu_slurp(files.v[i], &n);
		trusted_same(text, n, files.v[i], &read);
		/* every prefix of the small ones, some of the others */
		for (k = 0; k < n; k += n < 4096 ? 1 : 97) {
			trusted_same(text, k, files.v[i], &read);
			prefixes++;
		}
		free(text);
	}
	/* the schemas mcpc ships, all read */
	for (i = 0; i < files.n; i++)
		if (strncmp(files.v[i], "schema/", 7) == 0) {
			size_t n;
			char *text = tu_slurp(files.v[i], &n);
			json_t *v = mcp_json_trusted(text, n);
			free(text);
			if (!v)
				fail_msg("%s is left to jansson", files.v[i]);
			json_decref(v);
		}
	print_message("%zu files and %zu prefixes: %zu read as jansson reads "
	              "them\n",
	              files.n, prefixes, read);
	tu_strs_free(&files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(buf_starts_empty, teardown),
	    cmocka_unit_test_teardown(num_strict, teardown),
	    cmocka_unit_test(sha256_vectors),
	    cmocka_unit_test_teardown(buf_growth, teardown),
	    cmocka_unit_test_teardown(buf_put_binary, teardown),
	    cmocka_unit_test_teardown(buf_printf, teardown),
	    cmocka_unit_test_teardown(buf_detach_truncate_clear, teardown),
	    cmocka_unit_test_teardown(buf_out_of_memory_is_sticky, teardown),
	    cmocka_unit_test_teardown(buf_appends_at_every_boundary, teardown),
	    cmocka_unit_test_teardown(buf_put_token_escapes, teardown),
	    cmocka_unit_test_teardown(hmap_put_get_replace, teardown),
	    cmocka_unit_test_teardown(hmap_keys_are_copied, teardown),
	    cmocka_unit_test_teardown(hmap_growth_and_free, teardown),
	    cmocka_unit_test_teardown(hmap_intern, teardown),
	    cmocka_unit_test_teardown(utf8_valid_sequences, teardown),
	    cmocka_unit_test_teardown(utf8_ascii_runs, teardown),
	    cmocka_unit_test_teardown(utf8_overlongs, teardown),
	    cmocka_unit_test_teardown(utf8_surrogates_and_range, teardown),
	    cmocka_unit_test_teardown(utf8_truncated_and_bad_continuations,
	                              teardown),
	    cmocka_unit_test_teardown(utf8_count_and_text_position, teardown),
	    cmocka_unit_test_teardown(diag_add_copies_fields, teardown),
	    cmocka_unit_test_teardown(diag_sort_order, teardown),
	    cmocka_unit_test_teardown(diag_merge_pass, teardown),
	    cmocka_unit_test_teardown(diag_append_and_copy, teardown),
	    cmocka_unit_test_teardown(diag_counts, teardown),
	    cmocka_unit_test_teardown(diag_intern_and_names, teardown),
	    cmocka_unit_test_teardown(diag_source_lines, teardown),
	    cmocka_unit_test_teardown(diag_relative, teardown),
	    cmocka_unit_test_teardown(render_text_one_finding, teardown),
	    cmocka_unit_test_teardown(render_text_caret_after_tab, teardown),
	    cmocka_unit_test_teardown(render_text_caret_after_multibyte,
	                              teardown),
	    cmocka_unit_test_teardown(render_text_without_place, teardown),
	    cmocka_unit_test_teardown(render_text_empty_list, teardown),
	    cmocka_unit_test_teardown(render_text_long_line_window, teardown),
	    cmocka_unit_test_teardown(render_text_cleans_source, teardown),
	    cmocka_unit_test_teardown(render_text_never_prints_invalid_utf8,
	                              teardown),
	    cmocka_unit_test_teardown(render_text_colour, teardown),
	    cmocka_unit_test_teardown(render_json_parses_back, teardown),
	    cmocka_unit_test_teardown(render_json_escapes_text, teardown),
	    cmocka_unit_test_teardown(renderer_table, teardown),
	    cmocka_unit_test_teardown(render_loaded_finding, teardown),
	    cmocka_unit_test_teardown(file_read_sizes, teardown),
	    cmocka_unit_test(write_new_file),
	    cmocka_unit_test(pointer_reaches),
	    cmocka_unit_test(json_trusted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
