/*
 * mcpc.h: the umbrella header of libmcpc, the MCP AI-102 deployment compiler.
 * Error codes shared by every stage live here; each stage has its own header.
 */
#ifndef MCPC_MCPC_H
#define MCPC_MCPC_H

#include "mcpc/export.h"

#define MCPC_VERSION "0.1.0"

/* Every function that can fail returns 0 or one of these (negative). */
enum mcp_error {
	MCP_OK = 0,
	MCP_ERROR = -1,    /* generic failure; details in the diagnostics */
	MCP_ENOMEM = -2,   /* allocation failed */
	MCP_EIO = -3,      /* a file could not be read or written */
	MCP_EPARSE = -4,   /* the input is not well-formed */
	MCP_ELIMIT = -5,   /* a size, depth or expansion limit was hit */
	MCP_ENOTFOUND = -6 /* a lookup found nothing */
};

/**
 * The library's version string, e.g. "0.1.0".
 *
 * @return a static string
 */
MCP_EXPORT const char *mcp_version(void);

/**
 * A short, static description of an error code.
 *
 * @param error one of enum mcp_error
 * @return a static string
 */
MCP_EXPORT const char *mcp_strerror(int error);

#include "mcpc/buf.h"
#include "mcpc/diag.h"
#include "mcpc/srcmap.h"
#include "mcpc/load.h"
#include "mcpc/render.h"
#include "mcpc/schema.h"
#include "mcpc/version.h"
#include "mcpc/quantity.h"
#include "mcpc/compat.h"
#include "mcpc/manifest.h"
#include "mcpc/emit.h"
#include "mcpc/project.h"
#include "mcpc/repo.h"
#include "mcpc/rules.h"
#include "mcpc/waivers.h"
#include "mcpc/secrets.h"

#endif
