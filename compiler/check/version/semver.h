/*
 * semver.h: SemVer versions and npm ranges (semver.c), for the version
 * engine (version.c) and the compatibility matrix.
 */
#ifndef MCPC_CHECK_SEMVER_H
#define MCPC_CHECK_SEMVER_H

#include <stddef.h>
#include <stdint.h>

typedef struct sv_version {
	uint64_t major, minor, patch;
	char pre[260]; /* prerelease identifiers, without the '-' */
	size_t pre_len;
} sv_version;

typedef struct sv_comparator {
	char op[3]; /* "", "<", "<=", ">", ">=" */
	int any;    /* the empty comparator: anything */
	sv_version v;
} sv_comparator;

typedef struct sv_set {
	sv_comparator *c;
	size_t n, cap;
} sv_set;

typedef struct sv_range {
	sv_set *sets; /* any of these (||), each all of its comparators */
	size_t n;
} sv_range;

/* A strict SemVer version (a leading 'v' allowed); 1 or 0. */
int sv_parse(sv_version *v, const char *s, size_t len);

/* SemVer precedence: <0, 0, >0. Build metadata does not count. */
int sv_compare(const sv_version *a, const sv_version *b);

/* An npm range; 0, MCP_EPARSE or MCP_ENOMEM. Free with sv_range_free. */
int sv_range_parse(sv_range *r, const char *text);
void sv_range_free(sv_range *r);

/* Whether the version satisfies the range (npm's rules for prereleases). */
int sv_range_test(const sv_range *r, const sv_version *v);

/* How the releases range a admits stand to those b admits (prerelease
 * versions aside): none at all, none of b's, some, all; -1 out of memory. */
enum { SV_REL_EMPTY, SV_REL_DISJOINT, SV_REL_OVERLAP, SV_REL_SUBSET };
int sv_range_relation(const sv_range *a, const sv_range *b);

#endif
