/*
 * manifest.h: the dependency manifests a service names in the spec
 * (services[].dependencies): go.mod, package.json, package-lock.json and
 * requirements.txt. Every dependency keeps the place of its version.
 */
#ifndef MCPC_MANIFEST_H
#define MCPC_MANIFEST_H

#include <stddef.h>

#include "mcpc/export.h"
#include "mcpc/diag.h"
#include "mcpc/load.h"

typedef enum mcp_dep_kind {
	MCP_DEP_REQUIRE = 0, /* a requirement (go.mod require, a pin, ...) */
	MCP_DEP_RANGE,       /* a range to resolve later (package.json) */
	MCP_DEP_LOCKED,      /* a resolved version (package-lock.json) */
	MCP_DEP_EXCLUDE,     /* go.mod exclude */
	MCP_DEP_REPLACE      /* go.mod replace: the new version */
} mcp_dep_kind;

typedef struct mcp_dep {
	char *name;    /* module path, npm name, or PEP 503-normalised name */
	char *version; /* the version or range as written ("" when none) */
	mcp_dep_kind kind;
	int direct; /* 0 for go.mod "// indirect" and transitive lock entries */
	mcp_loc loc; /* where the version (or the name) stands */
} mcp_dep;

typedef struct mcp_manifest {
	const char *file;      /* interned in the diagnostics list */
	const char *ecosystem; /* "go", "npm" or "pypi" */
	char *go_version; /* go.mod's go directive (NULL: none, i.e. 1.16) */
	mcp_loc go_loc;
	mcp_dep *deps;
	size_t ndeps, cap;
} mcp_manifest;

/**
 * Read a manifest, its kind chosen by its file name: go.mod,
 * package.json, package-lock.json, requirements*.txt (and files it
 * includes with -r/-c, relative to it). Malformed content is a finding
 * with its place (MCP-DEPS-001), never a crash.
 *
 * @return 0; MCP_EPARSE (findings say where); MCP_EIO; MCP_ENOMEM
 */
MCP_EXPORT int mcp_manifest_load(mcp_manifest **out, const char *path,
                                 const mcp_load_opts *opts, mcp_diag *diag);

/** Free a manifest from mcp_manifest_load. NULL is fine. */
MCP_EXPORT void mcp_manifest_free(mcp_manifest *m);

/* Manifests read so far, so that each is read and parsed once a run (the
 * specs of a repository share them, and every environment of a spec is
 * checked again). One per thread: a memo is not shared. */
typedef struct mcp_manifest_memo mcp_manifest_memo;

/** @return 0 or MCP_ENOMEM */
MCP_EXPORT int mcp_manifest_memo_new(mcp_manifest_memo **out);

/** Free a memo and every manifest it holds. NULL is fine. */
MCP_EXPORT void mcp_manifest_memo_free(mcp_manifest_memo *memo);

/* From now on, refuse a path that is absolute or climbs above the current
 * folder (MCP_EIO, errno EXDEV): lint, run from the top of the work tree,
 * reads no manifest outside the repository. */
MCP_EXPORT void mcp_manifest_memo_confine(mcp_manifest_memo *memo);

/**
 * mcp_manifest_load, once a path: a later call gives the same manifest
 * (the memo's: do not free it), repeats what reading it reported into
 * @p diag, with the file's text, and sets errno as it was after MCP_EIO.
 *
 * @return as mcp_manifest_load
 */
MCP_EXPORT int mcp_manifest_load_memo(mcp_manifest_memo *memo,
                                      const mcp_manifest **out,
                                      const char *path,
                                      const mcp_load_opts *opts,
                                      mcp_diag *diag);

#endif
