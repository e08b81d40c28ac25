/*
 * load.h: the front end. Bytes (a file, a buffer, stdin) become documents:
 * jansson values plus a source map. Parse-level findings (MCP-YAML-*) go to
 * the diagnostics list.
 */
#ifndef MCPC_LOAD_H
#define MCPC_LOAD_H

#include <jansson.h>
#include <stddef.h>

#include "mcpc/export.h"
#include "mcpc/diag.h"
#include "mcpc/srcmap.h"

typedef enum mcp_format {
	MCP_FORMAT_AUTO =
	    0, /* by file name: .json is JSON, anything else YAML */
	MCP_FORMAT_YAML,
	MCP_FORMAT_JSON
} mcp_format;

/* The deepest nesting any caller may ask for: later stages recurse. */
#define MCP_MAX_DEPTH 10000

typedef struct mcp_load_opts {
	size_t max_depth;  /* nesting of mappings and sequences (256) */
	size_t max_size;   /* bytes of one input (64 MiB) */
	size_t max_scalar; /* bytes of one scalar (16 MiB) */
	size_t
	    max_alias_nodes; /* nodes that alias expansion may add (100000) */
	mcp_format format;
} mcp_load_opts;

/** Fill @p opts with the defaults. */
MCP_EXPORT void mcp_load_opts_init(mcp_load_opts *opts);

typedef struct mcp_source mcp_source;

/**
 * Load a file, or standard input when @p path is "-".
 * The file's text is registered with @p diag for quoting in reports.
 *
 * @param out the loaded source; NULL after an I/O error
 * @param path the file to read
 * @param opts limits and format (NULL for the defaults)
 * @param diag receives every finding (must not be NULL)
 * @return 0; MCP_EPARSE when a fatal finding was reported (the documents
 *         before the error are kept); MCP_EIO when the file could not be
 *         read (a finding says why); MCP_ELIMIT; MCP_ENOMEM
 */
MCP_EXPORT int mcp_source_load_file(mcp_source **out, const char *path,
                                    const mcp_load_opts *opts, mcp_diag *diag);

/**
 * Load bytes already in memory; @p name is used in findings and, when the
 * format is MCP_FORMAT_AUTO, to choose the parser. The bytes are copied.
 *
 * @return as mcp_source_load_file
 */
MCP_EXPORT int mcp_source_load_buffer(mcp_source **out, const char *name,
                                      const char *data, size_t len,
                                      const mcp_load_opts *opts,
                                      mcp_diag *diag);

/** Free a source and its documents. NULL is fine. */
MCP_EXPORT void mcp_source_free(mcp_source *src);

/** The name findings use for this source (interned in the diag list). */
MCP_EXPORT const char *mcp_source_name(const mcp_source *src);

/** Number of documents in the stream (an empty file has none). */
MCP_EXPORT size_t mcp_source_doc_count(const mcp_source *src);

/** Document @p i (borrowed reference). */
MCP_EXPORT json_t *mcp_source_doc(const mcp_source *src, size_t i);

/** The source map of all documents of this source. */
MCP_EXPORT const mcp_srcmap *mcp_source_srcmap(const mcp_source *src);

/**
 * RFC 7386 JSON merge patch: @p patch applied to @p target (both borrowed).
 * @return a new reference, or NULL when out of memory
 */
MCP_EXPORT json_t *mcp_merge_patch(json_t *target, json_t *patch);

/* The annotation an overlay's document carries: the environment's name. */
#define MCP_ENV_ANNOTATION "mcpc.io/environment"

/**
 * The environment overlay @p env of document @p doc (a spec): a new source
 * with one document, the spec with spec.environments.ENV applied as a
 * merge patch. Its source map puts every node where its value came from:
 * on the overlay's line for what the overlay set, on the base spec's line
 * for the rest, so findings about the merged spec point at the line to
 * edit. Its metadata.annotations[MCP_ENV_ANNOTATION] names the
 * environment (at the overlay's place), so rules can tell environments
 * apart. It shares the name (and the quoted text) of @p src, and every
 * node the overlay leaves alone (jansson references): treat both
 * documents as read-only.
 *
 * @return 0; MCP_ENOTFOUND when the spec has no such environment (or it is
 *         not an object); MCP_ENOMEM
 */
MCP_EXPORT int mcp_source_overlay(mcp_source **out, const mcp_source *src,
                                  size_t doc, const char *env);

/**
 * List the files to load for @p path: the path itself for a file or "-";
 * for a directory, every *.yaml, *.yml and *.json below it (hidden entries
 * skipped), sorted by name, so runs are reproducible.
 *
 * @param out receives a malloc'd array of malloc'd paths
 * @param count receives its length
 * @return 0, MCP_EIO (a finding says why) or MCP_ENOMEM
 */
MCP_EXPORT int mcp_paths_expand(char ***out, size_t *count, const char *path,
                                mcp_diag *diag);

/* What mcp_paths_expand_with adds to the plain walk. */
enum {
	MCP_PATHS_NONEMPTY = 1,   /* a folder with no file to load: a fatal
	                             MCP-IO-004 */
	MCP_PATHS_SAY_SKIPPED = 2 /* a hidden or vendored folder, or a link
	                             to a folder, that holds YAML: an info
	                             MCP-IO-003 */
};

/**
 * mcp_paths_expand, saying what it could not load: @p flags are
 * MCP_PATHS_* (what `mcpc check` names and passes over is never silent).
 */
MCP_EXPORT int mcp_paths_expand_with(char ***out, size_t *count,
                                     const char *path, unsigned flags,
                                     mcp_diag *diag);

/** Free what mcp_paths_expand returned. */
MCP_EXPORT void mcp_paths_free(char **paths, size_t count);

#endif
