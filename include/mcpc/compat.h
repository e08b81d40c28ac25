/*
 * compat.h: the compatibility matrix (rules/compat/, kind
 * CompatibilityMatrix) and the checks that hold a spec's versions against
 * it: the Triton release against the node pools' NVIDIA drivers, the image
 * tag against the release, Helm against Kubernetes, gRPC keepalive.
 */
#ifndef MCPC_COMPAT_H
#define MCPC_COMPAT_H

#include <stddef.h>

#include "mcpc/diag.h"
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
int mcp_matrix_load(mcp_matrix **out, const char *const *dirs, size_t ndirs,
                    const mcp_schema *schema, const mcp_load_opts *opts,
                    mcp_diag *diag);

void mcp_matrix_free(mcp_matrix *m);

/**
 * Check document @p doc of @p src (a ModelDeployment; other kinds are
 * left alone) against the matrix. Findings MCP-COMPAT-* go to @p diag.
 *
 * @return 0 or MCP_ENOMEM
 */
int mcp_compat_check(const mcp_matrix *m, const mcp_source *src, size_t doc,
                     mcp_diag *diag);

#endif
