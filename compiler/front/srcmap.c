/*
 * srcmap.c: the source map. Entries form a tree (each knows its parent and
 * its key or index); a hash index on (parent, key) makes a JSON Pointer
 * lookup one probe per token. Keys live in an arena, so an entry is small.
 */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "front/srcmap_int.h"
#include "mcpc/mcpc.h"

#define SM_HIDDEN   1u
#define ARENA_BLOCK 65536

typedef struct sm_entry {
	uint32_t parent;
	uint32_t end;
	uint32_t line, col;
	uint32_t kline, kcol;
	const char *key; /* NULL: a sequence index, in idx */
	uint32_t keylen;
	uint32_t idx : 31;
	uint32_t hidden : 1;
} sm_entry;

typedef struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	char data[];
} arena_block;

struct mcp_srcmap {
	const char *file;
	sm_entry *e;
	size_t n, cap;
	uint32_t *slots; /* entry index + 1, 0 when empty */
	size_t scap;     /* a power of two */
	size_t sused;
	uint32_t *roots;
	size_t nroots, rcap;
	arena_block *arena;
};

int sm_new(mcp_srcmap **out, const char *file)
{
	mcp_srcmap *m = calloc(1, sizeof(*m));

	*out = m;
	if (!m)
		return MCP_ENOMEM;
	m->file = file;
	return 0;
}

void sm_free(mcp_srcmap *m)
{
	arena_block *b, *next;

	if (!m)
		return;
	for (b = m->arena; b; b = next) {
		next = b->next;
		free(b);
	}
	free(m->e);
	free(m->slots);
	free(m->roots);
	free(m);
}

static const char *arena_copy(mcp_srcmap *m, const char *s, size_t len)
{
	arena_block *b = m->arena;
	char *p;

	if (!b || b->cap - b->used < len) {
		size_t cap = len > ARENA_BLOCK / 4 ? len : ARENA_BLOCK;
		arena_block *nb = malloc(sizeof(*nb) + cap);
		if (!nb)
			return NULL;
		nb->used = 0;
		nb->cap = cap;
		if (b && len > ARENA_BLOCK / 4) {
			/* A big key gets a block of its own behind the current
			 * one. */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			m->arena = nb;
		}
		b = nb;
	}
	p = b->data + b->used;
	if (len)
		memcpy(p, s, len);
	b->used += len;
	return p;
}

static uint64_t hash_key(uint32_t parent, const char *key, size_t len)
{
	return XXH3_64bits_withSeed(key, len, ((uint64_t)parent << 1) | 1);
}

static uint64_t hash_index(uint32_t parent, uint32_t idx)
{
	return XXH3_64bits_withSeed(&idx, sizeof(idx), (uint64_t)parent << 1);
}

static uint64_t hash_entry(const sm_entry *x)
{
	return x->key ? hash_key(x->parent, x->key, x->keylen)
	              : hash_index(x->parent, x->idx);
}

static void index_put(mcp_srcmap *m, uint32_t e)
{
	size_t i = (size_t)hash_entry(&m->e[e]) & (m->scap - 1);

	while (m->slots[i])
		i = (i + 1) & (m->scap - 1);
	m->slots[i] = e + 1;
	m->sused++;
}

static int index_reserve(mcp_srcmap *m)
{
	size_t cap, i;
	uint32_t *old = m->slots;
	size_t oldcap = m->scap;

	if ((m->sused + 1) * 2 <= m->scap)
		return 0;
	cap = m->scap ? m->scap * 2 : 256;
	m->slots = calloc(cap, sizeof(*m->slots));
	if (!m->slots) {
		m->slots = old;
		return -1;
	}
	m->scap = cap;
	m->sused = 0;
	for (i = 0; i < oldcap; i++) {
		uint32_t e = old[i];
		/* Stale slots (entries that were re-parented) are dropped here.
		 */
		if (e && m->e[e - 1].parent != SM_NONE) {
			size_t j = (size_t)hash_entry(&m->e[e - 1]) & (cap - 1);
			int dup = 0;
			while (m->slots[j]) {
				if (m->slots[j] == e)
					dup = 1;
				j = (j + 1) & (cap - 1);
			}
			if (!dup) {
				m->slots[j] = e;
				m->sused++;
			}
		}
	}
	free(old);
	return 0;
}

static int64_t push_entry(mcp_srcmap *m, const sm_entry *x)
{
	if (m->n >= SM_NONE - 1)
		return -1;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256;
		sm_entry *e = realloc(m->e, cap * sizeof(*e));
		if (!e)
			return -1;
		m->e = e;
		m->cap = cap;
	}
	m->e[m->n] = *x;
	return (int64_t)m->n++;
}

static int fill_slot(mcp_srcmap *m, sm_entry *x, const sm_slot *slot)
{
	x->parent = slot->parent;
	x->kline = slot->kline;
	x->kcol = slot->kcol;
	x->key = NULL;
	x->keylen = 0;
	x->idx = 0;
	if (slot->key) {
		if (slot->keylen > UINT32_MAX)
			return -1;
		x->key = arena_copy(m, slot->key, slot->keylen);
		if (!x->key)
			return -1;
		x->keylen = (uint32_t)slot->keylen;
	} else {
		x->idx = slot->index & 0x7fffffffu;
	}
	return 0;
}

static int link_entry(mcp_srcmap *m, uint32_t e)
{
	if (m->e[e].parent == SM_NONE) {
		if (m->nroots == m->rcap) {
			size_t cap = m->rcap ? m->rcap * 2 : 8;
			uint32_t *r = realloc(m->roots, cap * sizeof(*r));
			if (!r)
				return -1;
			m->roots = r;
			m->rcap = cap;
		}
		m->roots[m->nroots++] = e;
		return 0;
	}
	if (index_reserve(m) < 0)
		return -1;
	index_put(m, e);
	return 0;
}

int64_t sm_add(mcp_srcmap *m, const sm_slot *slot, unsigned line, unsigned col)
{
	sm_entry x;
	int64_t e;

	memset(&x, 0, sizeof(x));
	if (fill_slot(m, &x, slot) < 0)
		return -1;
	x.line = line;
	x.col = col;
	x.end = (uint32_t)m->n + 1;
	e = push_entry(m, &x);
	if (e < 0 || link_entry(m, (uint32_t)e) < 0)
		return -1;
	return e;
}

void sm_close(mcp_srcmap *m, uint32_t e)
{
	m->e[e].end = (uint32_t)m->n;
}

void sm_hide(mcp_srcmap *m, uint32_t e)
{
	m->e[e].hidden = 1;
}

int sm_reparent(mcp_srcmap *m, uint32_t e, uint32_t parent)
{
	m->e[e].parent = parent;
	m->e[e].hidden = 0;
	if (index_reserve(m) < 0)
		return -1;
	index_put(m, e);
	return 0;
}

size_t sm_range(const mcp_srcmap *m, uint32_t e)
{
	return m->e[e].end - e;
}

int64_t sm_copy(mcp_srcmap *m, uint32_t src, const sm_slot *slot, unsigned line,
                unsigned col)
{
	uint32_t end = m->e[src].end, i;
	int64_t top = sm_add(m, slot, line, col);

	if (top < 0)
		return -1;
	if (m->e[src].hidden)
		m->e[top].hidden = 1;
	for (i = src + 1; i < end; i++) {
		sm_entry x = m->e[i];
		int64_t e;
		if (x.parent < src || x.parent >= end) {
			/* Moved out of the range by a merge: not part of the
			 * copy. */
			x.parent = SM_NONE;
			x.hidden = 1;
		} else {
			x.parent = (uint32_t)top + (x.parent - src);
		}
		x.end = (uint32_t)top + (x.end - src);
		e = push_entry(m, &x);
		if (e < 0)
			return -1;
		if (x.parent != SM_NONE) {
			if (index_reserve(m) < 0)
				return -1;
			index_put(m, (uint32_t)e);
		}
	}
	m->e[top].end = (uint32_t)m->n;
	return top;
}

static uint32_t find_key(const mcp_srcmap *m, uint32_t parent, const char *key,
                         size_t len)
{
	size_t i;

	if (!m->scap)
		return SM_NONE;
	i = (size_t)hash_key(parent, key, len) & (m->scap - 1);
	for (; m->slots[i]; i = (i + 1) & (m->scap - 1)) {
		const sm_entry *x = &m->e[m->slots[i] - 1];
		if (x->parent == parent && x->key && !x->hidden &&
		    x->keylen == len && memcmp(x->key, key, len) == 0)
			return m->slots[i] - 1;
	}
	return SM_NONE;
}

static uint32_t find_index(const mcp_srcmap *m, uint32_t parent, uint32_t idx)
{
	size_t i;

	if (!m->scap)
		return SM_NONE;
	i = (size_t)hash_index(parent, idx) & (m->scap - 1);
	for (; m->slots[i]; i = (i + 1) & (m->scap - 1)) {
		const sm_entry *x = &m->e[m->slots[i] - 1];
		if (x->parent == parent && !x->key && !x->hidden &&
		    x->idx == idx)
			return m->slots[i] - 1;
	}
	return SM_NONE;
}

uint32_t sm_child_key(const mcp_srcmap *m, uint32_t parent, const char *key,
                      size_t keylen)
{
	return find_key(m, parent, key, keylen);
}

uint32_t sm_child_index(const mcp_srcmap *m, uint32_t parent, uint32_t index)
{
	return find_index(m, parent, index);
}

void sm_key_pos(const mcp_srcmap *m, uint32_t e, unsigned *line, unsigned *col)
{
	*line = m->e[e].kline;
	*col = m->e[e].kcol;
}

uint32_t sm_count(const mcp_srcmap *m)
{
	return (uint32_t)m->n;
}

/* A canonical array index: "0" or digits without a leading zero. */
static int parse_index(const char *s, size_t len, uint32_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 10 || (len > 1 && s[0] == '0'))
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > 0x7fffffffu)
		return 0;
	*out = (uint32_t)v;
	return 1;
}

/*
 * Walk @p pointer from document @p doc's root. Returns the entry of the
 * deepest node found and, through @p matched, how many bytes of the pointer
 * it covers; *complete says whether the whole pointer was found.
 */
static uint32_t walk(const mcp_srcmap *m, size_t doc, const char *pointer,
                     size_t *matched, int *complete)
{
	uint32_t cur;
	const char *p = pointer;
	char tok[256];
	char *big = NULL;

	*matched = 0;
	*complete = 0;
	if (doc >= m->nroots)
		return SM_NONE;
	cur = m->roots[doc];
	if (*p && *p != '/')
		return cur;
	while (*p == '/') {
		const char *s = p + 1, *e = strchr(s, '/');
		size_t rawlen = e ? (size_t)(e - s) : strlen(s), len = 0, i;
		char *t = tok;
		uint32_t next = SM_NONE, idx;

		if (rawlen >= sizeof(tok)) {
			free(big);
			big = malloc(rawlen + 1);
			if (!big)
				return cur;
			t = big;
		}
		for (i = 0; i < rawlen; i++) {
			if (s[i] == '~' && i + 1 < rawlen &&
			    (s[i + 1] == '0' || s[i + 1] == '1')) {
				t[len++] = s[i + 1] == '0' ? '~' : '/';
				i++;
			} else {
				t[len++] = s[i];
			}
		}
		if (parse_index(t, len, &idx))
			next = find_index(m, cur, idx);
		if (next == SM_NONE)
			next = find_key(m, cur, t, len);
		if (next == SM_NONE)
			break;
		cur = next;
		p = s + rawlen;
		*matched = (size_t)(p - pointer);
	}
	free(big);
	*complete = *p == '\0';
	return cur;
}

static void fill_loc(const mcp_srcmap *m, mcp_loc *loc, unsigned line,
                     unsigned col)
{
	if (!loc)
		return;
	loc->file = m->file;
	loc->line = line;
	loc->column = col;
}

int mcp_srcmap_lookup(const mcp_srcmap *m, size_t doc, const char *pointer,
                      mcp_loc *value, mcp_loc *key)
{
	size_t matched;
	int complete;
	uint32_t e = walk(m, doc, pointer, &matched, &complete);

	if (e == SM_NONE || !complete)
		return MCP_ENOTFOUND;
	fill_loc(m, value, m->e[e].line, m->e[e].col);
	fill_loc(m, key, m->e[e].kline, m->e[e].kcol);
	return 0;
}

int mcp_srcmap_nearest(const mcp_srcmap *m, size_t doc, const char *pointer,
                       mcp_loc *value)
{
	size_t matched;
	int complete;
	uint32_t e = walk(m, doc, pointer, &matched, &complete);

	if (e == SM_NONE)
		return MCP_ENOTFOUND;
	fill_loc(m, value, m->e[e].line, m->e[e].col);
	return (int)(matched > 0x7fffffff ? 0x7fffffff : matched);
}

size_t mcp_srcmap_size(const mcp_srcmap *m)
{
	return m->n;
}
