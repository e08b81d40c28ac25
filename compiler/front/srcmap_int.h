/*
 * srcmap_int.h: how the loaders build a source map. Nodes are recorded in
 * document order (pre-order), so the nodes below a node form one
 * contiguous range [node, end): an alias copies that range, a merge key
 * re-parents its children.
 */
#ifndef MCPC_FRONT_SRCMAP_INT_H
#define MCPC_FRONT_SRCMAP_INT_H

#include <stddef.h>
#include <stdint.h>

#include "mcpc/srcmap.h"

#define SM_NONE UINT32_MAX

/* Where a node goes: under which parent, by which key or index. */
typedef struct sm_slot {
	uint32_t parent; /* SM_NONE for a document root */
	const char *key; /* the mapping key, or NULL for a sequence index */
	size_t keylen;
	uint32_t index;       /* the sequence index when key is NULL */
	unsigned kline, kcol; /* the key's place (0 when none) */
} sm_slot;

int sm_new(mcp_srcmap **out, const char *file);
void sm_free(mcp_srcmap *m);

/* Record a node at @p line:@p col. Returns its entry index, or -1 on ENOMEM
 * or when the map would exceed 2^32 entries. */
int64_t sm_add(mcp_srcmap *m, const sm_slot *slot, unsigned line, unsigned col);

/* Mark the end of node @p e's range (call when the node is complete). */
void sm_close(mcp_srcmap *m, uint32_t e);

/* Make node @p e (and so everything below it) unreachable by lookups. */
void sm_hide(mcp_srcmap *m, uint32_t e);

/* Move node @p e under @p parent, keeping its key. Returns 0 or -1. */
int sm_reparent(mcp_srcmap *m, uint32_t e, uint32_t parent);

/* Copy node @p src and everything below it to @p slot; the copy's top node
 * stands at @p line:@p col, the nodes below keep their places. Returns the
 * copy's entry index or -1. */
int64_t sm_copy(mcp_srcmap *m, uint32_t src, const sm_slot *slot, unsigned line,
                unsigned col);

/* Number of entries in node @p e's range (itself included). */
size_t sm_range(const mcp_srcmap *m, uint32_t e);

/* The child of @p parent under @p key (visible ones only), or SM_NONE. */
uint32_t sm_child_key(const mcp_srcmap *m, uint32_t parent, const char *key,
                      size_t keylen);

/* The child of @p parent at sequence index @p index, or SM_NONE. */
uint32_t sm_child_index(const mcp_srcmap *m, uint32_t parent, uint32_t index);

/* The key place of entry @p e. */
void sm_key_pos(const mcp_srcmap *m, uint32_t e, unsigned *line, unsigned *col);

/* Total entries, used to know where the next one will go. */
uint32_t sm_count(const mcp_srcmap *m);

#endif
