/*
 * pep440.h: PEP 440 versions and specifiers (pep440.c), for the version
 * engine and requirements.txt.
 */
#ifndef MCPC_CHECK_PEP440_H
#define MCPC_CHECK_PEP440_H

#include <stddef.h>
#include <stdint.h>

#include "mcpc/buf.h"

#define PEP_MAX_RELEASE 16

typedef struct pep_version {
	uint64_t epoch;
	uint64_t release[PEP_MAX_RELEASE];
	size_t nrel;
	int has_pre, has_post, has_dev, has_local;
	char pre_l[3]; /* "a", "b" or "rc" */
	uint64_t pre_n, post_n, dev_n;
	char local[128]; /* lowercase, dot-separated */
} pep_version;

/* A version; 1 when valid. */
int pep_parse(pep_version *v, const char *text, size_t len);

/* Ordering as PEP 440 (and packaging) define it: <0, 0, >0. */
int pep_compare(const pep_version *a, const pep_version *b);

/* The normalised text (with or without the local part). */
void pep_format(const pep_version *v, mcp_buf *out, int with_local);

/* SpecifierSet(specs).contains(v): 1 when the specifiers are valid
 * (*match set), 0 when they are malformed. */
int pep_match(int *match, const pep_version *v, const char *specs);

/* How the final releases specifier set a admits stand to those b admits
 * (the values of mcp_range_rel): 0, 1 when a is malformed, 2 when b is,
 * 3 when one uses "===" (not comparable), -1 out of memory. */
enum { PEP_REL_EMPTY, PEP_REL_DISJOINT, PEP_REL_OVERLAP, PEP_REL_SUBSET };
int pep_relation(int *rel, const char *a, const char *b);

#endif
