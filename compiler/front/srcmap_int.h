/*
 * srcmap_int.h: how the loaders build a source map. Nodes are recorded in
 * document order (pre-order), so the nodes below a node form one
 * contiguous range [node, end): children are found by skipping from one
 * sibling's end to the next, and an alias copies its anchor's range.
 * An overlay's map lies over its spec's: see sm_set_base.
 */
#ifndef MCPC_FRONT_SRCMAP_INT_H
#define MCPC_FRONT_SRCMAP_INT_H

#include <stddef.h>
#include <stdint.h>

#include "mcpc/buf.h"
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
/* Drop a reference; the last one frees the map (and its hold on a base). */
void sm_free(mcp_srcmap *m);

/* Lay new, empty map @p m over @p base (a map with no base of its own),
 * holding a reference to it: then sm_link_add may record links. A lookup
 * in @p m may build @p base's index: like the documents they describe, a
 * source and its overlays are used by one thread at a time. */
void sm_set_base(mcp_srcmap *m, const mcp_srcmap *base);

/* Whether @p m lies over a base map. */
int sm_layered(const mcp_srcmap *m);

/* A copy of @p m with no base: every link replaced by a copy of what it
 * stands for. 0 or MCP_ENOMEM (*out is then NULL). */
int sm_flatten(mcp_srcmap **out, const mcp_srcmap *m);

/* Whether a key of @p m holds a NUL byte (keys that C strings cut short). */
int sm_nul_keys(const mcp_srcmap *m);

/* Record a link at @p slot: a node that stands at @p line:@p col and has,
 * below it, what node @p target of the base map has (lookups go on
 * there). A link has no children in its own map. Returns its entry or -1.
 */
int64_t sm_link_add(mcp_srcmap *m, const sm_slot *slot, unsigned line,
                    unsigned col, uint32_t target);

/* Room for @p n entries without growing: a loader's guess from the size
 * of its input. A guess only: 0, or MCP_ENOMEM (the map is unchanged). */
int sm_reserve(mcp_srcmap *m, uint32_t n);

/* Record a node at @p line:@p col. Returns its entry index, or -1 on ENOMEM
 * or when a limit of the map is reached (2^32 entries, 2^30-byte keys). */
int64_t sm_add(mcp_srcmap *m, const sm_slot *slot, unsigned line, unsigned col);

/* Mark the end of node @p e's range (call when the node is complete). */
void sm_close(mcp_srcmap *m, uint32_t e);

/* Make node @p e (and so everything below it) unreachable by lookups. */
void sm_hide(mcp_srcmap *m, uint32_t e);

/* Copy node @p src and everything below it to @p slot; the copy's top node
 * stands at @p line:@p col, the nodes below keep their places. Returns the
 * copy's entry index or -1. */
int64_t sm_copy(mcp_srcmap *m, uint32_t src, const sm_slot *slot, unsigned line,
                unsigned col);

/* Number of entries in node @p e's range (itself included). */
size_t sm_range(const mcp_srcmap *m, uint32_t e);

/* Children of a complete node, in document order, hidden ones included:
 * for (c = sm_first_child(m, e); c != SM_NONE; c = sm_next_child(m, e, c)) */
uint32_t sm_first_child(const mcp_srcmap *m, uint32_t e);
uint32_t sm_next_child(const mcp_srcmap *m, uint32_t e, uint32_t c);

/* Entry @p e's key (NULL for a sequence item or a root), its key place,
 * its own place, and whether it is hidden. */
const char *sm_key(const mcp_srcmap *m, uint32_t e, size_t *len);
void sm_key_pos(const mcp_srcmap *m, uint32_t e, unsigned *line, unsigned *col);
void sm_pos(const mcp_srcmap *m, uint32_t e, unsigned *line, unsigned *col);
int sm_hidden(const mcp_srcmap *m, uint32_t e);

/* The visible child of @p parent under @p key, or SM_NONE. Builds the
 * lookup index on first use; later additions keep it up to date. */
uint32_t sm_child_key(mcp_srcmap *m, uint32_t parent, const char *key,
                      size_t keylen);

/* The same, for a parent that may be SM_NONE (the answer is then too). */
uint32_t sm_child_at(const mcp_srcmap *m, uint32_t parent, const char *key,
                     size_t keylen);
/* The visible item @p idx of sequence @p parent, or SM_NONE. */
uint32_t sm_item_at(const mcp_srcmap *m, uint32_t parent, uint32_t idx);
/* The root of document @p doc, or SM_NONE. */
uint32_t sm_root(const mcp_srcmap *m, size_t doc);

/* Append to @p out the JSON Pointer of the node that @p slot describes. */
void sm_pointer(const mcp_srcmap *m, const sm_slot *slot, mcp_buf *out);

/* Total entries, that is, the index the next entry will get. */
uint32_t sm_count(const mcp_srcmap *m);

#endif
