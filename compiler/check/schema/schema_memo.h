/*
 * schema_memo.h: a validity memo, so that an environment's merged
 * document, which shares every node its overlay leaves alone with the
 * base spec, is validated only where it differs. Internal to mcpc (the
 * command line uses it; the library's headers do not declare it).
 */
#ifndef MCPC_CHECK_SCHEMA_MEMO_H
#define MCPC_CHECK_SCHEMA_MEMO_H

#include <jansson.h>
#include <stddef.h>

#include "mcpc/diag.h"
#include "mcpc/load.h"
#include "mcpc/schema.h"

/*
 * A set of (schema node, instance node, depth) triples that the fast
 * validation found valid. An entry holds the address of an instance node,
 * so it means something only while that node lives and is left as it is:
 * record while checking a base document, look up while checking documents
 * that share its nodes, and clear before the base document goes.
 */
typedef struct mcp_schema_memo mcp_schema_memo;

typedef enum mcp_memo_mode {
	MCP_MEMO_OFF = 0,    /* validate as mcp_schema_check does */
	MCP_MEMO_RECORD = 1, /* clear the memo, then record valid nodes */
	MCP_MEMO_USE = 2     /* answer from the memo where it knows */
} mcp_memo_mode;

/* A new, empty memo. @return 0 or MCP_ENOMEM */
int mcp_schema_memo_new(mcp_schema_memo **out);
/* Forget every entry (the table's memory is kept for the next spec). */
void mcp_schema_memo_clear(mcp_schema_memo *m);
/* Free it; NULL is fine. */
void mcp_schema_memo_free(mcp_schema_memo *m);
/* How many entries it holds, and how many look-ups it answered since it
 * was made (for tests and measurements). */
void mcp_schema_memo_stats(const mcp_schema_memo *m, size_t *entries,
                           size_t *hits);

/* mcp_schema_valid with a memo (@p m NULL or @p mode MCP_MEMO_OFF: none).
 * The memo is not used for a schema with dynamic references. */
int mcp_schema_valid_memo(const mcp_schema *s, mcp_schema_memo *m,
                          mcp_memo_mode mode, const json_t *instance);
/* mcp_schema_check with a memo, as mcp_schema_valid_memo; the findings
 * are mcp_schema_check's. */
int mcp_schema_check_memo(const mcp_schema *s, mcp_schema_memo *m,
                          mcp_memo_mode mode, const mcp_source *src, size_t doc,
                          mcp_diag *diag);

#endif
