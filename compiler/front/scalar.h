/*
 * scalar.h: what a YAML scalar means. mcpc reads YAML with the 1.2 core
 * schema (as JSON does); where YAML 1.1 (Kubernetes, Helm, PyYAML) reads
 * the same text differently, the resolver says so as a "trap".
 */
#ifndef MCPC_FRONT_SCALAR_H
#define MCPC_FRONT_SCALAR_H

#include <jansson.h>
#include <stddef.h>

typedef enum scalar_trap {
	TRAP_NONE = 0,
	TRAP_BOOL11,       /* yes/no/on/off/y/n: booleans in YAML 1.1 */
	TRAP_LEADING_ZERO, /* 0644: octal in YAML 1.1 */
	TRAP_SEXAGESIMAL   /* 1:30: base 60 in YAML 1.1 */
} scalar_trap;

typedef enum scalar_status {
	SCALAR_OK = 0,
	SCALAR_ENOMEM,
	SCALAR_BAD_TAG,   /* a tag outside the core schema */
	SCALAR_BAD_VALUE, /* text that does not fit its explicit tag */
	SCALAR_INT_RANGE, /* an integer beyond 64 bits */
	SCALAR_NOT_FINITE /* .inf, .nan or a float that overflows */
} scalar_status;

/*
 * Resolve a scalar. @p tag is libyaml's resolved tag (NULL when none),
 * @p plain whether the scalar was unquoted. On SCALAR_OK, *out holds a new
 * reference. *trap is set for plain, untagged scalars only.
 */
scalar_status mcp_scalar_resolve(json_t **out, scalar_trap *trap,
                                 const char *tag, const char *text, size_t len,
                                 int plain);

/*
 * What mcp_scalar_resolve would say of a mapping key, without making its
 * value (a key stays text): SCALAR_BAD_TAG for a tag outside the core
 * schema, else SCALAR_OK, with *trap as mcp_scalar_resolve sets it.
 */
scalar_status mcp_scalar_key(scalar_trap *trap, const char *tag,
                             const char *text, size_t len, int plain);

/* Whether @p tag names a collection tag that fits (seq or map). */
int mcp_tag_fits_collection(const char *tag, int is_map);

#endif
