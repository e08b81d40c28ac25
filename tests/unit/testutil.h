/*
 * testutil.h: what every unit test includes: cmocka, libmcpc, and helpers to
 * load a YAML/JSON string and assert where a node stands.
 */
#ifndef MCPC_TESTUTIL_H
#define MCPC_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mcpc/mcpc.h"

/* Load @p text as file @p name (its suffix picks YAML or JSON) with the
 * default limits. *d receives a new diagnostics list; the return code of
 * the loader goes to *rc when rc is not NULL. */
static inline mcp_source *tu_load_named(const char *name, const char *text,
                                        mcp_diag **d, int *rc)
{
	mcp_source *src = NULL;
	int r;

	assert_int_equal(mcp_diag_new(d), 0);
	r = mcp_source_load_buffer(&src, name, text, strlen(text), NULL, *d);
	if (rc)
		*rc = r;
	return src;
}

static inline mcp_source *tu_load(const char *yaml, mcp_diag **d, int *rc)
{
	return tu_load_named("t.yaml", yaml, d, rc);
}

/* Assert that @p pointer of document @p doc stands at line:col. */
#define assert_place(src, doc, pointer, l, c)                                  \
	do {                                                                   \
		mcp_loc v_;                                                    \
		assert_int_equal(mcp_srcmap_lookup(mcp_source_srcmap(src),     \
		                                   doc, pointer, &v_, NULL),   \
		                 0);                                           \
		assert_int_equal(v_.line, l);                                  \
		assert_int_equal(v_.column, c);                                \
	} while (0)

/* Assert that the key holding @p pointer stands at line:col. */
#define assert_key_place(src, doc, pointer, l, c)                              \
	do {                                                                   \
		mcp_loc k_;                                                    \
		assert_int_equal(mcp_srcmap_lookup(mcp_source_srcmap(src),     \
		                                   doc, pointer, NULL, &k_),   \
		                 0);                                           \
		assert_int_equal(k_.line, l);                                  \
		assert_int_equal(k_.column, c);                                \
	} while (0)

/* The first finding with rule @p rule, or NULL. */
static inline const mcp_finding *tu_find(const mcp_diag *d, const char *rule)
{
	size_t i;

	for (i = 0; i < mcp_diag_count(d); i++)
		if (strcmp(mcp_diag_get(d, i)->rule, rule) == 0)
			return mcp_diag_get(d, i);
	return NULL;
}

/*
 * Everything a case allocates is registered here and released by the
 * teardown, so that a failing assertion (cmocka leaves the case through
 * longjmp) leaks nothing: valgrind then reports only the library's leaks.
 */
typedef struct deferred {
	void (*fn)(void *);
	void *p;
} deferred;

static deferred pending[512];
static size_t npending;

static inline void *defer(void (*fn)(void *), void *p)
{
	assert_true(npending < sizeof(pending) / sizeof(pending[0]));
	pending[npending].fn = fn;
	pending[npending].p = p;
	npending++;
	return p;
}

/* Release @p p now (when registered) rather than at teardown. */
static inline void release(void *p)
{
	size_t i;

	for (i = npending; i-- > 0;) {
		if (pending[i].p == p && pending[i].fn) {
			pending[i].fn(p);
			pending[i].fn = NULL;
			return;
		}
	}
}

static inline int teardown(void **state)
{
	(void)state;
	while (npending > 0) {
		deferred *x = &pending[--npending];
		if (x->fn)
			x->fn(x->p);
	}
	return 0;
}

#endif
