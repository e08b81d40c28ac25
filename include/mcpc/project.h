/*
 * project.h: a repository's settings, the file .mcpc.yaml (kind Project):
 * more rule packs and matrix files, rules turned off, on or re-levelled,
 * the waivers file, failOn, and the groups and services the RBAC and
 * network rules may name. Paths in it are relative to its directory.
 */
#ifndef MCPC_PROJECT_H
#define MCPC_PROJECT_H

#include <jansson.h>
#include <stddef.h>

#include "mcpc/export.h"
#include "mcpc/diag.h"
#include "mcpc/load.h"
#include "mcpc/schema.h"

#define MCP_PROJECT_FILE ".mcpc.yaml"

typedef struct mcp_project mcp_project;

/**
 * Look for .mcpc.yaml in @p dir (NULL: the current directory) and its
 * parents, stopping after a directory that holds .git (the top of a work
 * tree) or at the root.
 *
 * @return 0 with *path (malloc'd) set; 1 when there is none; MCP_ENOMEM
 */
MCP_EXPORT int mcp_project_find(char **path, const char *dir);

/**
 * Read a project file, validated against its schema (@p schema, the
 * built-in dispatcher).
 *
 * @return 0; MCP_EPARSE (a fatal MCP-PROJECT-001 or the schema's findings
 *         say where); MCP_EIO; MCP_ENOMEM
 */
MCP_EXPORT int mcp_project_load(mcp_project **out, const char *path,
                                const mcp_schema *schema,
                                const mcp_load_opts *opts, mcp_diag *d);

/** Free a project from mcp_project_load. NULL is fine. */
MCP_EXPORT void mcp_project_free(mcp_project *p);

/* The file's path, as given. */
MCP_EXPORT const char *mcp_project_path(const mcp_project *p);

/* The document's spec. */
MCP_EXPORT json_t *mcp_project_spec(const mcp_project *p);

/* Folders of spec.rules.packs ("packs") or spec.matrix ("matrix"),
 * resolved against the file's directory; the count, with *out set. */
MCP_EXPORT size_t mcp_project_dirs(const mcp_project *p, const char *which,
                                   const char *const **out);

/* spec.waivers resolved, or .mcpc-waivers.yaml beside the file when that
 * exists, or NULL. */
MCP_EXPORT const char *mcp_project_waivers(const mcp_project *p);

/* spec.waiverMaxDays: how many days ahead a waiver may expire; 0 when the
 * file does not say (or @p p is NULL): the default, MCP_WAIVER_MAX_DAYS. */
MCP_EXPORT int mcp_project_waiver_max_days(const mcp_project *p);

/* The place of @p pointer in the file (the nearest node that exists). */
MCP_EXPORT void mcp_project_place(const mcp_project *p, const char *pointer,
                                  mcp_loc *loc);

#endif
