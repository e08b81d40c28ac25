/*
 * compat.h: the compatibility matrix (rules/compat/, kind
 * CompatibilityMatrix) and the checks that hold a spec's versions against
 * it: the Triton release against the node pools' NVIDIA drivers and GPU
 * models (compute capability), the image tag against the release, Helm
 * against Kubernetes, gRPC keepalive.
 */
#ifndef MCPC_COMPAT_H
#define MCPC_COMPAT_H

#include <stddef.h>

#include "mcpc/export.h"
#include "mcpc/diag.h"
#include "mcpc/manifest.h"
#include "mcpc/load.h"
#include "mcpc/schema.h"

typedef struct mcp_matrix mcp_matrix;

/**
 * Load the bundled matrix, then every YAML or JSON file under each of @p dirs
 * (a row with the key of an earlier row replaces it). Each file is
 * validated against its schema (@p schema, the built-in dispatcher) first.
 *
 * @return 0; MCP_EPARSE when a file is malformed or invalid (findings say
 *         where); MCP_EIO; MCP_ENOMEM
 */
MCP_EXPORT int mcp_matrix_load(mcp_matrix **out, const char *const *dirs,
                               size_t ndirs, const mcp_schema *schema,
                               const mcp_load_opts *opts, mcp_diag *diag);

/** Free a matrix from mcp_matrix_load. NULL is fine. */
MCP_EXPORT void mcp_matrix_free(mcp_matrix *m);

/**
 * The matrix as loaded: the "spec" of a CompatibilityMatrix document that
 * holds every table, each row the one that won (borrowed; it lives as long
 * as @p m).
 */
MCP_EXPORT const json_t *mcp_matrix_spec(const mcp_matrix *m);

/* The ids of the findings the matrix's checks report about a spec that a
 * waiver may name besides the packs' rules: MCP-COMPAT-002 and on (not
 * MCP-COMPAT-000 about the matrix itself, nor MCP-COMPAT-001, a release
 * the matrix does not know, which nothing checked). The count, with *out
 * set to a static table. */
MCP_EXPORT size_t mcp_compat_rule_ids(const char *const **out);

/**
 * The apiVersion to emit @p kind in: the replacement the matrix's
 * kubernetesApis rows name for it, else @p dflt. *since is the Kubernetes
 * release it is available from (NULL: any).
 *
 * @return 1 when Kubernetes @p k8s (NULL: any) has it, 0 when it is older
 */
MCP_EXPORT int mcp_matrix_api_version(const mcp_matrix *m, const char *kind,
                                      const char *k8s, const char *dflt,
                                      const char **api, const char **since);

/**
 * Check document @p doc of @p src (a ModelDeployment; other kinds are
 * left alone) against the matrix. Findings MCP-COMPAT-* go to @p diag.
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_compat_check(const mcp_matrix *m, const mcp_source *src,
                                size_t doc, mcp_diag *diag);

/**
 * Like mcp_compat_check, reading each dependency manifest once through
 * @p memo (mcp_manifest_load_memo; one per thread).
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_compat_check_memo(const mcp_matrix *m,
                                     mcp_manifest_memo *memo,
                                     const mcp_source *src, size_t doc,
                                     mcp_diag *diag);

/**
 * Like mcp_compat_check_memo, for a document that differs from one
 * already checked (an environment's merged spec) only at and below the
 * JSON Pointers @p changed (@p nchanged of them; NULL: anywhere): nothing
 * is reported again unless a change reaches what the checks read (the
 * kind, the Triton release, image, node pool and keepalive, each pool's
 * name, GPU and kubelet, the target releases, each service's name and
 * dependencies).
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_compat_check_at(const mcp_matrix *m, mcp_manifest_memo *memo,
                                   const mcp_source *src, size_t doc,
                                   mcp_diag *diag, const char *const *changed,
                                   size_t nchanged);

/* One row of the conflict report: a component and its verdict. */
typedef enum mcp_row_status {
	MCP_ROW_CONFLICT = 0, /* sorted first */
	MCP_ROW_WARNING,
	MCP_ROW_OK
} mcp_row_status;

typedef struct mcp_report_row {
	char *component; /* "Helm", "github.com/gin-gonic/gin", ... */
	char *version;   /* what was found */
	char *allowed;   /* what the matrix allows */
	char *rule;      /* the rule id of its finding, "" when fine */
	char *source;    /* the matrix row's source */
	mcp_loc where;
	mcp_row_status status;
} mcp_report_row;

/* The verdict on one declared dependency (the standard's status). */
typedef enum mcp_dep_verdict {
	MCP_VERDICT_CONFLICT = 0, /* outside the row's range, or its Go */
	MCP_VERDICT_UNCHECKED,    /* a row covers it; the version does not
	                             compare (a URL, a tag) */
	MCP_VERDICT_UNLISTED,     /* no matrix row covers it */
	MCP_VERDICT_COMPLIANT
} mcp_dep_verdict;

/* A dependency a manifest declares: the standard's form of the report
 * (component, version, compatible range, status). */
typedef struct mcp_report_dep {
	char *title;     /* the matrix row's readable name, "" when none */
	char *name;      /* module path, npm name, PEP 503 name */
	char *ecosystem; /* "go", "npm", "pypi" */
	char *version;   /* as the manifest writes it */
	char *allowed;   /* the matrix row's range as it writes it, or "" */
	char *service;   /* the service whose manifest declares it */
	char *note;      /* why it conflicts, "" otherwise */
	char *drift;     /* another service's version of it and the rule id
	                    (MCP-COMPAT-012), "" when none differs */
	char *spec;      /* the spec whose service names the manifest */
	const char *manifest; /* the manifest the service names; NULL when
	                         it could not be read (then name is its
	                         path and where is the spec's line) */
	mcp_loc where;        /* where the version stands */
	int direct;           /* 0: go.mod // indirect, transitive lock entry */
	mcp_dep_verdict verdict;
} mcp_report_dep;

typedef struct mcp_report {
	mcp_report_row *rows;
	size_t n, cap;
	/* when has_specs is set, the report states how many specs it read
	 * (a run that read none is seen) */
	int has_specs;
	long specs;
	/* every dependency of the manifests, in the order they declare them */
	mcp_report_dep *deps;
	size_t ndeps, capdeps;
} mcp_report;

/**
 * Like mcp_compat_check, and also fill @p report with a row for every
 * component checked, fine or not, and an entry for every dependency the
 * services' manifests declare (direct or not; a manifest that could not
 * be read is an entry without a manifest).
 *
 * @return 0 or MCP_ENOMEM
 */
MCP_EXPORT int mcp_compat_report(const mcp_matrix *m, const mcp_source *src,
                                 size_t doc, mcp_diag *diag,
                                 mcp_report *report);

/** Free the rows of a report (the report itself is the caller's). */
MCP_EXPORT void mcp_report_free(mcp_report *report);

/**
 * Sort the rows (conflicts first, then warnings, then the rest; by
 * component and place within) and render them: "text" (a table like the
 * standard's own), "json" or "markdown"; then, with has_specs, the specs
 * read ("checked N specs"; JSON summary.specs). The dependencies keep
 * their order: Markdown begins with the standard's form (a table of
 * component, version, compatible range and status per service and
 * manifest), JSON lists them all ("dependencies"), text counts them.
 *
 * @return 0, MCP_ERROR for an unknown format, MCP_ENOMEM
 */
MCP_EXPORT int mcp_report_render(mcp_buf *out, mcp_report *report,
                                 const char *format);

#endif
