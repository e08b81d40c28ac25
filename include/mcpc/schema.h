/*
 * schema.h: JSON Schema validation (draft 2020-12, and draft-07 and
 * draft-04 when a schema declares them). A schema is compiled once, then
 * validates any number of instances; references resolve through a table
 * of URI prefixes to local folders, never through the network.
 */
#ifndef MCPC_SCHEMA_H
#define MCPC_SCHEMA_H

#include <jansson.h>
#include <stddef.h>

#include "mcpc/export.h"
#include "mcpc/diag.h"
#include "mcpc/load.h"

typedef enum mcp_draft {
	MCP_DRAFT_2020_12 = 0,
	MCP_DRAFT_7,
	MCP_DRAFT_4
} mcp_draft;

/* A URI prefix and the local folder that holds what it names. */
typedef struct mcp_ref_map {
	const char *prefix; /* e.g. "http://localhost:1234/" */
	const char *dir;    /* e.g. "tests/remotes/" */
} mcp_ref_map;

typedef struct mcp_schema_opts {
	mcp_draft default_draft; /* for a schema without "$schema" */
	int strict_formats;      /* "format" asserts instead of annotating */
	const mcp_ref_map *ref_map;
	size_t nref_map;
	const mcp_load_opts
	    *load; /* limits for referenced files (NULL: defaults) */
	json_t *const *preload; /* documents known by their "$id" up front */
	size_t npreload;
} mcp_schema_opts;

/** Fill @p opts with the defaults (2020-12, formats as annotations). */
MCP_EXPORT void mcp_schema_opts_init(mcp_schema_opts *opts);

typedef struct mcp_schema mcp_schema;

/**
 * Compile a schema.
 *
 * @param out the compiled schema
 * @param schema the schema document (a reference is taken)
 * @param uri the schema's retrieval URI or file name, the base for its
 *        relative references (may be NULL)
 * @param opts options (NULL for the defaults)
 * @param diag receives findings about a broken schema (MCP-SCHEMA-000)
 * @return 0, MCP_EPARSE for a broken schema (a finding says why), MCP_ENOMEM
 */
MCP_EXPORT int mcp_schema_compile(mcp_schema **out, json_t *schema,
                                  const char *uri, const mcp_schema_opts *opts,
                                  mcp_diag *diag);

/** Free a compiled schema. NULL is fine. */
MCP_EXPORT void mcp_schema_free(mcp_schema *s);

/**
 * Whether @p instance is valid: the fast path, no findings.
 *
 * @return 1 valid, 0 invalid, MCP_ENOMEM
 */
MCP_EXPORT int mcp_schema_valid(const mcp_schema *s, const json_t *instance);

/**
 * Validate document @p doc of a loaded source and report every error as a
 * finding placed through the source map (an unknown property at its key,
 * a missing one at its object), with "did you mean" hints.
 *
 * @return the number of errors found (0: valid), or MCP_ENOMEM
 */
MCP_EXPORT int mcp_schema_check(const mcp_schema *s, const mcp_source *src,
                                size_t doc, mcp_diag *diag);

/**
 * Compile the schemas mcpc ships: the dispatcher that reads apiVersion and
 * kind and applies the schema of each kind (schema/ in the source tree).
 *
 * @param base options to start from (NULL for the defaults)
 * @return as mcp_schema_compile
 */
MCP_EXPORT int mcp_schema_builtin(mcp_schema **out, const mcp_schema_opts *base,
                                  mcp_diag *diag);

/**
 * The text of a shipped schema: the dispatcher when @p kind is NULL, else
 * the schema of that kind ("ModelDeployment").
 *
 * @return the JSON text (static), or NULL for an unknown kind
 */
MCP_EXPORT const char *mcp_schema_text(const char *kind, size_t *len);

/** The i-th kind that has a schema, or NULL past the last. */
MCP_EXPORT const char *mcp_schema_kind(size_t i);

/**
 * The edit distance of two strings (Damerau-Levenshtein, adjacent
 * transpositions count one): what "did you mean" ranks by.
 */
MCP_EXPORT size_t mcp_edit_distance(const char *a, size_t alen, const char *b,
                                    size_t blen);

#endif
