/*
 * hmap.h: a string-keyed hash map (open addressing, xxHash), for anchors,
 * interned file names and other small registries. Keys are copied.
 */
#ifndef MCPC_SUPPORT_HMAP_H
#define MCPC_SUPPORT_HMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct mcp_hmap_slot {
	char *key; /* NULL when empty */
	size_t keylen;
	uint64_t hash;
	void *value;
} mcp_hmap_slot;

typedef struct mcp_hmap {
	mcp_hmap_slot *slots;
	size_t cap; /* a power of two, or 0 */
	size_t count;
} mcp_hmap;

void mcp_hmap_init(mcp_hmap *m);

/* Free the map and its keys; @p free_value (may be NULL) gets every value. */
void mcp_hmap_free(mcp_hmap *m, void (*free_value)(void *));

/* The value stored under the key, or NULL. */
void *mcp_hmap_get(const mcp_hmap *m, const char *key, size_t keylen);

/* The slot for the key, or NULL when absent. */
mcp_hmap_slot *mcp_hmap_find(const mcp_hmap *m, const char *key, size_t keylen);

/*
 * Store @p value under the key, replacing any old value (returned through
 * @p old when not NULL). Returns 0 or MCP_ENOMEM.
 */
int mcp_hmap_put(mcp_hmap *m, const char *key, size_t keylen, void *value,
                 void **old);

/* The stored copy of the key for @p key (interning), or NULL on ENOMEM. */
const char *mcp_hmap_intern(mcp_hmap *m, const char *key, size_t keylen);

#endif
