/*
 * emit.h: what `mcpc build` writes: YAML text for any JSON value, the Helm
 * values of a spec, and their JSON Schema.
 */
#ifndef MCPC_EMIT_H
#define MCPC_EMIT_H

#include <jansson.h>

#include "mcpc/export.h"
#include "mcpc/buf.h"
#include "mcpc/compat.h"
#include "mcpc/diag.h"
#include "mcpc/load.h"
#include "mcpc/rules.h"

/**
 * Append @p doc as one YAML document ("---" first) to @p out: block
 * style, keys in the value's order, two spaces a level with sequences
 * indented under their key, and a string plain only when any YAML 1.1 or
 * 1.2 reader takes it back as the same string (else double-quoted).
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_yaml_write(mcp_buf *out, json_t *doc);

/**
 * The Helm values of a spec document (@p doc, already checked): the MCP
 * AI-102 chart's parameters, every default written in, in a fixed order
 * (schema/values.schema.json describes them), from which the chart
 * (charts/mcp-ai102) renders the objects mcp_manifests_build emits.
 * @p origin is the spec's path as the mcpc.io/source annotations name it
 * (NULL: none), @p env the environment built (NULL: "default"), and
 * @p rules gives the permission map the roles' permissions are looked up
 * in (NULL: none).
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_values_build(json_t **out, json_t *doc, const char *origin,
                                const char *env, const mcp_rules *rules);

/* The JSON Schema of the values (draft-07), as written beside them. */
MCP_EXPORT const char *mcp_values_schema_text(size_t *len);

/**
 * The Kubernetes objects of document @p doc of @p src (a checked spec, or
 * an environment overlay), as an array in the order they apply. @p origin
 * is the spec's path as the mcpc.io/source annotations name it; @p env
 * the environment built (`-e ENV`, NULL for none: "default"), which the
 * OpenTelemetry resource names as deployment.environment; API
 * versions come from @p matrix for the target release, RBAC rules from the
 * permission map of @p rules. A target too old for a needed kind is an
 * MCP-BUILD-001 error in @p d; config values it cannot write are
 * MCP-BUILD-004; models of one storage type that need different
 * credentials, accounts or regions are MCP-BUILD-005. `mcpc check` calls
 * it too, for these refusals.
 *
 * @return 0; MCP_EPARSE (a finding says why); MCP_ENOMEM
 */
MCP_EXPORT int mcp_manifests_build(json_t **out, const mcp_source *src,
                                   size_t doc, const char *origin,
                                   const char *env, const mcp_matrix *matrix,
                                   const mcp_rules *rules, mcp_diag *d);

/**
 * What mcp_manifests_build would refuse in document @p doc of @p src (a
 * ModelDeployment the schema accepts), as its findings in @p d, without
 * building the objects: config values it cannot write (MCP-BUILD-004),
 * models of one store that need different credentials (MCP-BUILD-005);
 * for a target release too old for a kind mcpc emits, the whole build
 * runs, which alone knows the kinds it needs (MCP-BUILD-001). A new
 * refusal of the emitter is added here too.
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_manifests_refusals(const mcp_source *src, size_t doc,
                                      const mcp_matrix *matrix,
                                      const mcp_rules *rules, mcp_diag *d);

/**
 * Like mcp_manifests_refusals, for a document that differs from one
 * already held to them (an environment's merged spec) only at and below
 * the JSON Pointers @p changed (@p nchanged of them; NULL: anywhere):
 * nothing is reported again unless a change reaches what the refusals
 * read (the kind, the name and namespace, the target release, the Triton
 * release, the models, config.values), or the target release makes the whole
 * build run.
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_manifests_refusals_at(const mcp_source *src, size_t doc,
                                         const mcp_matrix *matrix,
                                         const mcp_rules *rules, mcp_diag *d,
                                         const char *const *changed,
                                         size_t nchanged);

/**
 * Append the unified diff (diff -u, three lines of context) that turns
 * text @p a into text @p b, headed "--- a_name" and "+++ b_name".
 *
 * @return 0 when they are the same (nothing appended), 1 when they
 *         differ, MCP_ENOMEM
 */
MCP_EXPORT int mcp_diff_unified(mcp_buf *out, const char *a_name, const char *a,
                                size_t alen, const char *b_name, const char *b,
                                size_t blen);

/* One file of an output folder. */
typedef struct mcp_outfile {
	/* a file name, or a path of names joined by '/' ("chart/Chart.yaml",
	 * at most 8 folders deep): no empty name, "." or "..", not absolute */
	const char *name;
	const char *data;
	size_t len;
} mcp_outfile;

/* The file that marks a folder mcpc build wrote: it lists the files. */
#define MCP_OUTDIR_MARKER ".mcpc-build"

/* A folder the output folder may neither be nor hold. */
typedef struct mcp_outdir_keep {
	const char *path;
	const char *what; /* for the message: "the current folder" */
} mcp_outdir_keep;

/* What an output folder must not cost. */
typedef struct mcp_outdir_opts {
	const mcp_outdir_keep *keep;
	size_t nkeep;
	/* every folder of the path is the caller's choice (out/NAME/ENV), so
	 * none may be a symbolic link; else only the output folder itself */
	int own_path;
	/* for tests: writing file number fail_at fails ((size_t)-1: none) */
	size_t fail_at;
} mcp_outdir_opts;

/**
 * Write @p files, and the marker MCP_OUTDIR_MARKER that lists them, as the
 * whole content of folder @p dir, all or nothing: they go to a new folder
 * beside it, which then takes its place (parents are created). An existing
 * @p dir is replaced only when it is empty, or marked and holding nothing
 * but plain files its marker lists, in folders below which it lists a
 * file (never a link); a @p dir that is a symbolic link, or
 * is or holds a folder of @p o's keep list, is refused. Whatever fails or
 * is refused, @p dir is as it was, no temporary folder is left, and a
 * fatal MCP-IO-002 finding in @p d says why.
 *
 * @return 0, MCP_EIO or MCP_ENOMEM
 */
MCP_EXPORT int mcp_outdir_write(const char *dir, const mcp_outfile *files,
                                size_t n, const mcp_outdir_opts *o,
                                mcp_diag *d);

/**
 * Whether @p dir holds exactly what mcp_outdir_write would write, reading
 * nothing through a symbolic link: a unified diff for each file that
 * differs goes to @p diff, and a line for each problem (a file missing,
 * one build would not write, a link or other non-file) to @p notes. The
 * folders mcp_outdir_write refuses are refused the same way.
 *
 * @return 0 up to date, 1 stale, MCP_EIO (refused: a finding in @p d),
 *         MCP_ENOMEM
 */
MCP_EXPORT int mcp_outdir_compare(const char *dir, const mcp_outfile *files,
                                  size_t n, const mcp_outdir_opts *o,
                                  mcp_buf *diff, mcp_buf *notes, mcp_diag *d);

#endif
