/*
 * testutil.h: what every unit test includes: cmocka, libmcpc, and helpers to
 * load a YAML/JSON string, assert where a node stands, and collect strings
 * and the files of a folder.
 */
#ifndef MCPC_TESTUTIL_H
#define MCPC_TESTUTIL_H

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* The whole of file @p path, NUL-terminated (its length to @p len unless
 * NULL); the caller frees it. */
static inline char *tu_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	s = malloc((size_t)n + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return s;
}

/* Strings, owned. */
typedef struct tu_strs {
	char **v;
	size_t n, cap;
} tu_strs;

/* Add @p text to @p s, taken as it is (owned from now on). */
static inline void tu_strs_take(tu_strs *s, char *text)
{
	assert_non_null(text);
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		assert_non_null(s->v);
	}
	s->v[s->n++] = text;
}

/* Add a copy of @p text to @p s. */
static inline void tu_strs_add(tu_strs *s, const char *text)
{
	tu_strs_take(s, strdup(text));
}

static inline void tu_strs_free(tu_strs *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* Every file below folder @p dir (sorted, each folder's own in turn; no
 * name starting with '.') whose name ends in one of @p suffixes
 * (NULL-terminated), into @p out. A folder that is not there adds
 * nothing. Not mcp_paths_expand: a test reads what mcpc would pass over
 * too (package.json, package-lock.json and the other manifests). */
static inline void tu_files(const char *dir, const char *const *suffixes,
                            tu_strs *out)
{
	struct dirent **list;
	int n, i;

	n = scandir(dir, &list, NULL, alphasort);
	for (i = 0; i < n; i++) {
		const char *e = list[i]->d_name;
		size_t len = strlen(e), k;
		char path[1024];
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s", dir, e);
		if (e[0] != '.' && stat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				tu_files(path, suffixes, out);
			else
				for (k = 0; suffixes[k]; k++)
					if (len > strlen(suffixes[k]) &&
					    strcmp(e + len -
					               strlen(suffixes[k]),
					           suffixes[k]) == 0) {
						tu_strs_add(out, path);
						break;
					}
		}
		free(list[i]);
	}
	if (n >= 0)
		free(list);
}

#endif
