/*
 * hmap.c: string-keyed open-addressing hash map with linear probing.
 * The table doubles at half load, so probes stay short.
 */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "mcpc/mcpc.h"
#include "support/hmap.h"

void mcp_hmap_init(mcp_hmap *m)
{
	m->slots = NULL;
	m->cap = 0;
	m->count = 0;
}

void mcp_hmap_free(mcp_hmap *m, void (*free_value)(void *))
{
	size_t i;

	for (i = 0; i < m->cap; i++) {
		if (!m->slots[i].key)
			continue;
		free(m->slots[i].key);
		if (free_value)
			free_value(m->slots[i].value);
	}
	free(m->slots);
	mcp_hmap_init(m);
}

static mcp_hmap_slot *probe(mcp_hmap_slot *slots, size_t cap, uint64_t h,
                            const char *key, size_t keylen)
{
	size_t i = (size_t)h & (cap - 1);

	for (;;) {
		mcp_hmap_slot *s = &slots[i];
		if (!s->key)
			return s;
		if (s->hash == h && s->keylen == keylen &&
		    memcmp(s->key, key, keylen) == 0)
			return s;
		i = (i + 1) & (cap - 1);
	}
}

mcp_hmap_slot *mcp_hmap_find(const mcp_hmap *m, const char *key, size_t keylen)
{
	mcp_hmap_slot *s;

	if (!m->cap)
		return NULL;
	s = probe(m->slots, m->cap, XXH3_64bits(key, keylen), key, keylen);
	return s->key ? s : NULL;
}

void *mcp_hmap_get(const mcp_hmap *m, const char *key, size_t keylen)
{
	mcp_hmap_slot *s = mcp_hmap_find(m, key, keylen);
	return s ? s->value : NULL;
}

static int rehash(mcp_hmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 16, i;
	mcp_hmap_slot *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return MCP_ENOMEM;
	for (i = 0; i < m->cap; i++) {
		mcp_hmap_slot *o = &m->slots[i];
		if (o->key)
			*probe(slots, cap, o->hash, o->key, o->keylen) = *o;
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

static mcp_hmap_slot *insert_slot(mcp_hmap *m, const char *key, size_t keylen)
{
	uint64_t h;
	mcp_hmap_slot *s;

	if ((m->count + 1) * 2 > m->cap && rehash(m) < 0)
		return NULL;
	h = XXH3_64bits(key, keylen);
	s = probe(m->slots, m->cap, h, key, keylen);
	if (!s->key) {
		char *copy = malloc(keylen + 1);
		if (!copy)
			return NULL;
		memcpy(copy, key, keylen);
		copy[keylen] = '\0';
		s->key = copy;
		s->keylen = keylen;
		s->hash = h;
		s->value = NULL;
		m->count++;
	}
	return s;
}

int mcp_hmap_put(mcp_hmap *m, const char *key, size_t keylen, void *value,
                 void **old)
{
	mcp_hmap_slot *s = insert_slot(m, key, keylen);

	if (!s)
		return MCP_ENOMEM;
	if (old)
		*old = s->value;
	s->value = value;
	return 0;
}

const char *mcp_hmap_intern(mcp_hmap *m, const char *key, size_t keylen)
{
	mcp_hmap_slot *s = insert_slot(m, key, keylen);
	return s ? s->key : NULL;
}
