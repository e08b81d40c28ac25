/*
 * version.h: versions and version ranges, in the schemes the compatibility
 * matrix and the dependency manifests use. "semver" follows SemVer 2.0.0
 * for versions and node-semver's satisfies() (npm) for ranges, exactly.
 */
#ifndef MCPC_VERSION_H
#define MCPC_VERSION_H

#include "mcpc/export.h"
#include "mcpc/buf.h"

typedef enum mcp_scheme {
	MCP_SCHEME_SEMVER = 0, /* SemVer 2.0.0, npm ranges */
	MCP_SCHEME_DOTTED,     /* numeric dotted: 550.54.15, 12.4.1 */
	MCP_SCHEME_CALVER,     /* calendar YY.MM: 24.05 */
	MCP_SCHEME_PEP440,     /* Python: PEP 440 versions and specifiers */
	MCP_SCHEME_GO,         /* Go modules: v1.9.1, pseudo-versions */
	MCP_SCHEME_HELM        /* Helm constraints (Masterminds semver) */
} mcp_scheme;

/** Parse "semver", "dotted", "calver", "pep440", "go" or "helm".
 * @return 0 or MCP_ERROR */
MCP_EXPORT int mcp_scheme_parse(mcp_scheme *out, const char *name);

/**
 * Whether @p version lies in @p range.
 *
 * @param match set to 1 or 0
 * @param err receives a message when the version or range is malformed
 * @return 0, or MCP_EPARSE (malformed; *err says why), MCP_ENOMEM
 */
MCP_EXPORT int mcp_version_match(int *match, mcp_scheme scheme,
                                 const char *version, const char *range,
                                 mcp_buf *err);

/**
 * Compare two versions of one scheme: <0, 0, >0 through *cmp.
 *
 * @return 0, or MCP_EPARSE with *err saying which is malformed
 */
MCP_EXPORT int mcp_version_compare(int *cmp, mcp_scheme scheme, const char *a,
                                   const char *b, mcp_buf *err);

/* How the releases one range admits stand to those another admits. */
typedef enum mcp_range_rel {
	MCP_RANGE_EMPTY = 0, /* the range admits no release at all */
	MCP_RANGE_DISJOINT,  /* none of them is allowed */
	MCP_RANGE_OVERLAP,   /* some are allowed, some not */
	MCP_RANGE_SUBSET     /* all of them are allowed */
} mcp_range_rel;

/**
 * Compare what @p range admits with what @p allowed admits, release
 * versions only (prereleases aside; for PEP 440 final releases: no pre,
 * post, dev or local part), exactly. npm ranges (semver) and PEP 440
 * specifier sets; "===" cannot be compared (MCP_ERROR).
 *
 * @return 0, MCP_EPARSE (*err says which range is malformed),
 *         MCP_ERROR (another scheme), MCP_ENOMEM
 */
MCP_EXPORT int mcp_range_relation(mcp_range_rel *rel, mcp_scheme scheme,
                                  const char *range, const char *allowed,
                                  mcp_buf *err);

#endif
