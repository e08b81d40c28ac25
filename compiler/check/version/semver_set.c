/*
 * semver_set.c: what an npm range admits, as sets of release versions, to
 * compare a declared range (package.json) with an allowed one (the
 * matrix). Each comparator set admits one interval of releases,
 * [lo, hi) with hi open; a range is the union of its sets' intervals.
 * Release versions are discrete, so the comparisons are exact:
 * ">1.2.3" is ">=1.2.4", "<=1.2.3" is "<1.2.4", and a bound with a
 * prerelease ("<1.3.0-0") stands for its release ("<1.3.0"), since no
 * release lies between them. Prerelease versions themselves are left out:
 * a range admits them only next to a bound that names one.
 */
#include <stdlib.h>
#include <string.h>

#include "check/version/semver.h"

typedef struct bound {
	uint64_t major, minor, patch;
	int inf; /* an upper bound: none */
} bound;

typedef struct interval {
	bound lo, hi; /* lo <= v < hi */
} interval;

static int cmp_bound(const bound *a, const bound *b)
{
	if (a->inf || b->inf)
		return a->inf - b->inf;
	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	if (a->patch != b->patch)
		return a->patch < b->patch ? -1 : 1;
	return 0;
}

static bound release_of(const sv_version *v, int next)
{
	bound b = {v->major, v->minor, v->patch, 0};
	if (next && !v->pre_len)
		b.patch++;
	return b;
}

/* The interval one comparator set admits; 0 when it admits no release. */
static int set_interval(const sv_set *s, interval *out)
{
	bound lo = {0, 0, 0, 0}, hi = {0, 0, 0, 1};
	size_t i;

	for (i = 0; i < s->n; i++) {
		const sv_comparator *c = &s->c[i];
		bound l = lo, h = hi;
		if (c->any)
			continue;
		if (!c->op[0]) {
			if (c->v.pre_len)
				return 0; /* only a prerelease equals it */
			l = release_of(&c->v, 0);
			h = release_of(&c->v, 1);
		} else if (c->op[0] == '>') {
			l = release_of(&c->v, !c->op[1]);
		} else {
			h = release_of(&c->v, c->op[1] != 0);
		}
		if (cmp_bound(&l, &lo) > 0)
			lo = l;
		if (cmp_bound(&h, &hi) < 0)
			hi = h;
	}
	out->lo = lo;
	out->hi = hi;
	return cmp_bound(&lo, &hi) < 0;
}

static int by_lo(const void *a, const void *b)
{
	return cmp_bound(&((const interval *)a)->lo,
	                 &((const interval *)b)->lo);
}

/* The range's intervals, sorted and merged; NULL with *n 0 when empty. */
static interval *intervals(const sv_range *r, size_t *n, int *oom)
{
	interval *v = r->n ? malloc(r->n * sizeof(*v)) : NULL;
	size_t i, k = 0, m = 0;

	*n = 0;
	if (r->n && !v) {
		*oom = 1;
		return NULL;
	}
	for (i = 0; i < r->n; i++)
		if (set_interval(&r->sets[i], &v[k]))
			k++;
	if (k > 1)
		qsort(v, k, sizeof(*v), by_lo);
	for (i = 0; i < k; i++) {
		if (m && cmp_bound(&v[i].lo, &v[m - 1].hi) <= 0) {
			if (cmp_bound(&v[i].hi, &v[m - 1].hi) > 0)
				v[m - 1].hi = v[i].hi;
			continue;
		}
		v[m++] = v[i];
	}
	*n = m;
	return v;
}

int sv_range_relation(const sv_range *a, const sv_range *b)
{
	size_t na, nb, i, j;
	int oom = 0, inside = 1, meets = 0;
	interval *x = intervals(a, &na, &oom), *y = intervals(b, &nb, &oom);

	if (oom) {
		free(x);
		free(y);
		return -1;
	}
	for (i = 0; i < na; i++) {
		int held = 0;
		for (j = 0; j < nb; j++) {
			const bound *lo = cmp_bound(&x[i].lo, &y[j].lo) > 0
			                      ? &x[i].lo
			                      : &y[j].lo;
			const bound *hi = cmp_bound(&x[i].hi, &y[j].hi) < 0
			                      ? &x[i].hi
			                      : &y[j].hi;
			if (cmp_bound(lo, hi) < 0)
				meets = 1;
			if (cmp_bound(&y[j].lo, &x[i].lo) <= 0 &&
			    cmp_bound(&x[i].hi, &y[j].hi) <= 0)
				held = 1;
		}
		if (!held)
			inside = 0;
	}
	free(x);
	free(y);
	if (!na)
		return SV_REL_EMPTY;
	return !meets   ? SV_REL_DISJOINT
	       : inside ? SV_REL_SUBSET
	                : SV_REL_OVERLAP;
}
