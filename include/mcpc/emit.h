/*
 * emit.h: what `mcpc build` writes: YAML text for any JSON value, the Helm
 * values of a spec, and their JSON Schema.
 */
#ifndef MCPC_EMIT_H
#define MCPC_EMIT_H

#include <jansson.h>

#include "mcpc/buf.h"

/**
 * Append @p doc as one YAML document ("---" first) to @p out: block
 * style, keys in the value's order, two spaces a level with sequences
 * indented under their key, and a string plain only when any YAML 1.1 or
 * 1.2 reader takes it back as the same string (else double-quoted).
 *
 * @return 0 or MCP_ENOMEM
 */
int mcp_yaml_write(mcp_buf *out, json_t *doc);

#endif
