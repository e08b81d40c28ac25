/*
 * srcmap.c: the source map. Entries form a tree in document order (each
 * knows its parent, its key or index, and where its subtree ends), stored
 * in one array that doubles as it grows: a spec of a few kilobytes needs a
 * few kilobytes, and a large one is moved by realloc, which for arrays of
 * that size remaps pages rather than copying them. Lookups by (parent, key)
 * go through a hash index that is built only when first needed: loading a
 * clean document never pays for it.
 *
 * A map may lie over a base map (an environment overlay's over its spec's):
 * a few of its entries are links, each standing for a node of the base map
 * and everything below it, so a subtree the overlay leaves alone is neither
 * copied nor indexed again. A lookup that passes a link goes on in the
 * base. Maps are reference counted: an overlay's map keeps its base alive.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "front/srcmap_int.h"
#include "mcpc/mcpc.h"
#include "support/num.h"

#define KX_HIDDEN 0x80000000u
#define KX_KEY    0x40000000u
#define KX_LOW    0x3fffffffu
#define FIRST_CAP 64  /* entries: a small spec's mappings and scalars */
#define SCAN_MAX  128 /* entries of an overlay's map looked up without index */

typedef struct sm_link {
	uint32_t entry;  /* the link, in this map */
	uint32_t target; /* the node it stands for, in the base map */
} sm_link;

typedef struct sm_entry {
	uint32_t parent;
	uint32_t end; /* one past the last entry of the subtree */
	uint32_t line, col;
	uint32_t kline, kcol;
	uint32_t key; /* offset of the key's bytes in keys */
	uint32_t kx;  /* KX_ flags | key length or sequence index */
} sm_entry;

struct mcp_srcmap {
	const char *file;
	sm_entry *entries;
	uint32_t n, cap;
	mcp_buf keys;
	uint32_t *slots; /* entry index + 1, 0 when empty */
	size_t scap;     /* a power of two, 0 while there is no index */
	size_t sused;
	uint32_t *roots;
	size_t nroots, rcap;
	mcp_srcmap *base; /* what links point into, a reference held */
	sm_link *links;   /* in entry order */
	uint32_t nlinks, lcap;
	unsigned refs;
};

static sm_entry *E(const mcp_srcmap *m, uint32_t i)
{
	return &m->entries[i];
}

int sm_new(mcp_srcmap **out, const char *file)
{
	mcp_srcmap *m = calloc(1, sizeof(*m));

	*out = m;
	if (!m)
		return MCP_ENOMEM;
	m->file = file;
	m->refs = 1;
	mcp_buf_init(&m->keys);
	return 0;
}

/* Atomic, like jansson's reference counts: a spec and its overlays may be
 * freed by different threads. */
void sm_free(mcp_srcmap *m)
{
	if (!m || __atomic_sub_fetch(&m->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	sm_free(m->base);
	free(m->entries);
	mcp_buf_free(&m->keys);
	free(m->slots);
	free(m->roots);
	free(m->links);
	free(m);
}

void sm_set_base(mcp_srcmap *m, const mcp_srcmap *base)
{
	mcp_srcmap *b = (mcp_srcmap *)base; /* a reference count only */

	assert(!m->base && !base->base && m->n == 0);
	__atomic_add_fetch(&b->refs, 1, __ATOMIC_RELAXED);
	m->base = b;
}

int sm_layered(const mcp_srcmap *m)
{
	return m->base != NULL;
}

int sm_nul_keys(const mcp_srcmap *m)
{
	return m->keys.len && memchr(m->keys.ptr, 0, m->keys.len) != NULL;
}

static const char *key_bytes(const mcp_srcmap *m, const sm_entry *x)
{
	return m->keys.ptr + x->key;
}

static uint64_t hash_key(uint32_t parent, const char *key, size_t len)
{
	return XXH3_64bits_withSeed(key, len, ((uint64_t)parent << 1) | 1);
}

static uint64_t hash_index(uint32_t parent, uint32_t idx)
{
	return XXH3_64bits_withSeed(&idx, sizeof(idx), (uint64_t)parent << 1);
}

static uint64_t hash_entry(const mcp_srcmap *m, const sm_entry *x)
{
	return (x->kx & KX_KEY)
	           ? hash_key(x->parent, key_bytes(m, x), x->kx & KX_LOW)
	           : hash_index(x->parent, x->kx & KX_LOW);
}

static void index_put(mcp_srcmap *m, uint32_t e)
{
	size_t i = (size_t)hash_entry(m, E(m, e)) & (m->scap - 1);

	while (m->slots[i])
		i = (i + 1) & (m->scap - 1);
	m->slots[i] = e + 1;
	m->sused++;
}

/* (Re)build the index with room for at least @p want entries. */
static int index_build(mcp_srcmap *m, size_t want)
{
	size_t cap = 256;
	uint32_t i, *slots;

	while (cap < want * 2)
		cap *= 2;
	slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return -1;
	free(m->slots);
	m->slots = slots;
	m->scap = cap;
	m->sused = 0;
	for (i = 0; i < m->n; i++)
		if (E(m, i)->parent != SM_NONE)
			index_put(m, i);
	return 0;
}

/* Keep an existing index up to date with entry @p e. */
static int index_add(mcp_srcmap *m, uint32_t e)
{
	if (!m->scap || E(m, e)->parent == SM_NONE)
		return 0;
	if ((m->sused + 1) * 2 > m->scap && index_build(m, m->sused + 1) < 0)
		return -1;
	index_put(m, e);
	return 0;
}

int sm_reserve(mcp_srcmap *m, uint32_t n)
{
	sm_entry *a;

	if (n <= m->cap)
		return 0;
	a = realloc(m->entries, (size_t)n * sizeof(*a));
	if (!a)
		return MCP_ENOMEM;
	m->entries = a;
	m->cap = n;
	return 0;
}

static int64_t push_entry(mcp_srcmap *m, const sm_entry *x)
{
	uint32_t e = m->n;

	if (m->n >= SM_NONE - 1)
		return -1;
	if (e == m->cap) {
		uint32_t cap = m->cap ? m->cap * 2 : FIRST_CAP;
		sm_entry *a;
		if (cap <= m->cap)
			cap = SM_NONE; /* the last doubling: as far as ids go */
		a = realloc(m->entries, (size_t)cap * sizeof(*a));
		if (!a)
			return -1;
		m->entries = a;
		m->cap = cap;
	}
	*E(m, e) = *x;
	m->n++;
	if (x->parent == SM_NONE) {
		if (m->nroots == m->rcap) {
			size_t cap = m->rcap ? m->rcap * 2 : 8;
			uint32_t *r = realloc(m->roots, cap * sizeof(*r));
			if (!r)
				return -1;
			m->roots = r;
			m->rcap = cap;
		}
		m->roots[m->nroots++] = e;
	}
	if (index_add(m, e) < 0)
		return -1;
	return e;
}

int64_t sm_add(mcp_srcmap *m, const sm_slot *slot, unsigned line, unsigned col)
{
	sm_entry x;

	x.parent = slot->parent;
	x.end = m->n + 1;
	x.line = line;
	x.col = col;
	x.kline = slot->kline;
	x.kcol = slot->kcol;
	x.key = 0;
	if (slot->key) {
		if (slot->keylen > KX_LOW ||
		    m->keys.len > UINT32_MAX - slot->keylen)
			return -1;
		if (slot->key >= m->keys.ptr &&
		    slot->key + slot->keylen <= m->keys.ptr + m->keys.len) {
			/* A key of this map's own (copies, merges): share it.
			 */
			x.key = (uint32_t)(slot->key - m->keys.ptr);
		} else {
			x.key = (uint32_t)m->keys.len;
			if (mcp_buf_put(&m->keys, slot->key, slot->keylen) < 0)
				return -1;
		}
		x.kx = KX_KEY | (uint32_t)slot->keylen;
	} else {
		x.kx = slot->index & KX_LOW;
	}
	return push_entry(m, &x);
}

void sm_close(mcp_srcmap *m, uint32_t e)
{
	E(m, e)->end = m->n;
}

void sm_hide(mcp_srcmap *m, uint32_t e)
{
	E(m, e)->kx |= KX_HIDDEN;
}

size_t sm_range(const mcp_srcmap *m, uint32_t e)
{
	return E(m, e)->end - e;
}

int64_t sm_copy(mcp_srcmap *m, uint32_t src, const sm_slot *slot, unsigned line,
                unsigned col)
{
	uint32_t end = E(m, src)->end, i;
	int64_t top = sm_add(m, slot, line, col);

	if (top < 0)
		return -1;
	for (i = src + 1; i < end; i++) {
		sm_entry x = *E(m, i);
		/* Ranges are closed: every parent lies inside the range. */
		x.parent = (uint32_t)top + (x.parent - src);
		x.end = (uint32_t)top + (x.end - src);
		if (push_entry(m, &x) < 0)
			return -1;
	}
	E(m, (uint32_t)top)->end = m->n;
	return top;
}

int64_t sm_link_add(mcp_srcmap *m, const sm_slot *slot, unsigned line,
                    unsigned col, uint32_t target)
{
	int64_t e;

	assert(m->base && target < m->base->n);
	if (m->nlinks == m->lcap) {
		uint32_t cap = m->lcap ? m->lcap * 2 : 16;
		sm_link *l = realloc(m->links, (size_t)cap * sizeof(*l));
		if (!l)
			return -1;
		m->links = l;
		m->lcap = cap;
	}
	if ((e = sm_add(m, slot, line, col)) < 0)
		return -1;
	m->links[m->nlinks].entry = (uint32_t)e;
	m->links[m->nlinks].target = target;
	m->nlinks++;
	return e;
}

/* The base node that entry @p e stands for, or SM_NONE when @p e is no
 * link. Links are few and in entry order: a binary search. */
static uint32_t link_target(const mcp_srcmap *m, uint32_t e)
{
	uint32_t lo = 0, hi = m->nlinks;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (m->links[mid].entry == e)
			return m->links[mid].target;
		if (m->links[mid].entry < e)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SM_NONE;
}

/* Copy node @p e of @p from (a link: the base node it stands for, under
 * the link's own key and place) and everything below it into @p to. */
static int flat_copy(mcp_srcmap *to, const mcp_srcmap *from, uint32_t e,
                     uint32_t parent)
{
	const sm_entry *x = E(from, e);
	const mcp_srcmap *cm = from;
	uint32_t ce = e, target, c;
	sm_slot slot;
	int64_t top;

	memset(&slot, 0, sizeof(slot));
	slot.parent = parent;
	if (x->kx & KX_KEY) {
		slot.key = key_bytes(from, x);
		slot.keylen = x->kx & KX_LOW;
	} else {
		slot.index = x->kx & KX_LOW;
	}
	slot.kline = x->kline;
	slot.kcol = x->kcol;
	if ((top = sm_add(to, &slot, x->line, x->col)) < 0)
		return -1;
	if (x->kx & KX_HIDDEN)
		sm_hide(to, (uint32_t)top);
	if (from->nlinks && (target = link_target(from, e)) != SM_NONE) {
		cm = from->base;
		ce = target;
	}
	for (c = sm_first_child(cm, ce); c != SM_NONE;
	     c = sm_next_child(cm, ce, c))
		if (flat_copy(to, cm, c, (uint32_t)top) < 0)
			return -1;
	sm_close(to, (uint32_t)top);
	return 0;
}

int sm_flatten(mcp_srcmap **out, const mcp_srcmap *m)
{
	size_t i;

	if (sm_new(out, m->file) < 0)
		return MCP_ENOMEM;
	for (i = 0; i < m->nroots; i++)
		if (flat_copy(*out, m, m->roots[i], SM_NONE) < 0) {
			sm_free(*out);
			*out = NULL;
			return MCP_ENOMEM;
		}
	return 0;
}

uint32_t sm_first_child(const mcp_srcmap *m, uint32_t e)
{
	return e + 1 < E(m, e)->end ? e + 1 : SM_NONE;
}

uint32_t sm_next_child(const mcp_srcmap *m, uint32_t e, uint32_t c)
{
	uint32_t next = E(m, c)->end;
	return next < E(m, e)->end ? next : SM_NONE;
}

const char *sm_key(const mcp_srcmap *m, uint32_t e, size_t *len)
{
	const sm_entry *x = E(m, e);

	if (!(x->kx & KX_KEY))
		return NULL;
	*len = x->kx & KX_LOW;
	return key_bytes(m, x);
}

void sm_key_pos(const mcp_srcmap *m, uint32_t e, unsigned *line, unsigned *col)
{
	*line = E(m, e)->kline;
	*col = E(m, e)->kcol;
}

void sm_pos(const mcp_srcmap *m, uint32_t e, unsigned *line, unsigned *col)
{
	*line = E(m, e)->line;
	*col = E(m, e)->col;
}

int sm_hidden(const mcp_srcmap *m, uint32_t e)
{
	return (E(m, e)->kx & KX_HIDDEN) != 0;
}

uint32_t sm_count(const mcp_srcmap *m)
{
	return m->n;
}

static int key_matches(const mcp_srcmap *m, const sm_entry *x, uint32_t parent,
                       const char *key, size_t len)
{
	return x->parent == parent &&
	       (x->kx & (KX_KEY | KX_HIDDEN)) == KX_KEY &&
	       (x->kx & KX_LOW) == len &&
	       memcmp(key_bytes(m, x), key, len) == 0;
}

static int index_matches(const sm_entry *x, uint32_t parent, uint32_t idx)
{
	return x->parent == parent && (x->kx & (KX_KEY | KX_HIDDEN)) == 0 &&
	       (x->kx & KX_LOW) == idx;
}

/* The index, built on first use; 0 when it could not be (no memory), or
 * is not worth it: an overlay's map (complete, and a few dozen entries
 * when the overlay is small) is scanned child by child. */
static int have_index(const mcp_srcmap *cm)
{
	mcp_srcmap *m = (mcp_srcmap *)cm; /* a cache: logically const */

	if (m->scap)
		return 1;
	if (m->base && m->n <= SCAN_MAX)
		return 0;
	return index_build(m, m->n) == 0;
}

static uint32_t find_key(const mcp_srcmap *m, uint32_t parent, const char *key,
                         size_t len)
{
	size_t i;

	if (!have_index(m)) {
		/* No memory for the index: walk the children instead. */
		uint32_t c;
		for (c = sm_first_child(m, parent); c != SM_NONE;
		     c = sm_next_child(m, parent, c))
			if (key_matches(m, E(m, c), parent, key, len))
				return c;
		return SM_NONE;
	}
	i = (size_t)hash_key(parent, key, len) & (m->scap - 1);
	for (; m->slots[i]; i = (i + 1) & (m->scap - 1))
		if (key_matches(m, E(m, m->slots[i] - 1), parent, key, len))
			return m->slots[i] - 1;
	return SM_NONE;
}

static uint32_t find_index(const mcp_srcmap *m, uint32_t parent, uint32_t idx)
{
	size_t i;

	if (!have_index(m)) {
		uint32_t c;
		for (c = sm_first_child(m, parent); c != SM_NONE;
		     c = sm_next_child(m, parent, c))
			if (index_matches(E(m, c), parent, idx))
				return c;
		return SM_NONE;
	}
	i = (size_t)hash_index(parent, idx) & (m->scap - 1);
	for (; m->slots[i]; i = (i + 1) & (m->scap - 1))
		if (index_matches(E(m, m->slots[i] - 1), parent, idx))
			return m->slots[i] - 1;
	return SM_NONE;
}

uint32_t sm_child_key(mcp_srcmap *m, uint32_t parent, const char *key,
                      size_t keylen)
{
	return find_key(m, parent, key, keylen);
}

uint32_t sm_child_at(const mcp_srcmap *m, uint32_t parent, const char *key,
                     size_t keylen)
{
	return parent == SM_NONE ? SM_NONE : find_key(m, parent, key, keylen);
}

uint32_t sm_item_at(const mcp_srcmap *m, uint32_t parent, uint32_t idx)
{
	return parent == SM_NONE ? SM_NONE : find_index(m, parent, idx);
}

uint32_t sm_root(const mcp_srcmap *m, size_t doc)
{
	return doc < m->nroots ? m->roots[doc] : SM_NONE;
}

/* "/12": an array index as a pointer token. */
static void put_index(mcp_buf *out, uint32_t idx)
{
	char digits[12], *d = digits + sizeof(digits);

	do
		*--d = (char)('0' + idx % 10);
	while ((idx /= 10) != 0);
	*--d = '/';
	mcp_buf_put(out, d, (size_t)(digits + sizeof(digits) - d));
}

static void put_entry_token(const mcp_srcmap *m, uint32_t e, mcp_buf *out)
{
	const sm_entry *x = E(m, e);

	if (x->kx & KX_KEY)
		mcp_buf_put_token(out, key_bytes(m, x), x->kx & KX_LOW);
	else
		put_index(out, x->kx & KX_LOW);
}

/* Tokens from the root down to @p e (a root itself has none). */
static void put_path(const mcp_srcmap *m, uint32_t e, mcp_buf *out)
{
	if (e == SM_NONE || E(m, e)->parent == SM_NONE)
		return;
	put_path(m, E(m, e)->parent, out);
	put_entry_token(m, e, out);
}

void sm_pointer(const mcp_srcmap *m, const sm_slot *slot, mcp_buf *out)
{
	if (slot->parent == SM_NONE)
		return;
	put_path(m, slot->parent, out);
	if (slot->key)
		mcp_buf_put_token(out, slot->key, slot->keylen);
	else
		put_index(out, slot->index);
}

/* A canonical array index: "0" or digits without a leading zero. */
static int parse_index(const char *s, size_t len, uint32_t *out)
{
	uint64_t v;

	if (mcp_num_index(s, len, KX_LOW, &v) < 0)
		return 0;
	*out = (uint32_t)v;
	return 1;
}

/*
 * Walk @p pointer from document @p doc's root of map *mp. Returns the entry
 * of the deepest node found and, through @p matched, how many bytes of the
 * pointer it covers; *complete says whether the whole pointer was found.
 * *mp becomes the map that entry is in: past a link, the base map.
 */
static uint32_t walk(const mcp_srcmap **mp, size_t doc, const char *pointer,
                     size_t *matched, int *complete)
{
	const mcp_srcmap *m = *mp;
	uint32_t cur;
	const char *p = pointer;
	mcp_buf tok;

	*matched = 0;
	*complete = 0;
	if (doc >= m->nroots)
		return SM_NONE;
	cur = m->roots[doc];
	if (*p && *p != '/')
		return cur;
	mcp_buf_init(&tok);
	while (*p == '/') {
		const char *s = p + 1, *key = s;
		size_t rawlen = strcspn(s, "/"), len = rawlen, i;
		uint32_t next = SM_NONE, idx;

		/* a token with escapes is unescaped aside; most have none */
		if (memchr(s, '~', rawlen)) {
			mcp_buf_clear(&tok);
			for (i = 0; i < rawlen; i++) {
				if (s[i] == '~' && i + 1 < rawlen &&
				    (s[i + 1] == '0' || s[i + 1] == '1')) {
					mcp_buf_putc(
					    &tok, s[i + 1] == '0' ? '~' : '/');
					i++;
				} else {
					mcp_buf_putc(&tok, s[i]);
				}
			}
			if (tok.oom)
				break;
			key = tok.ptr;
			len = tok.len;
		}
		if (m->nlinks && (next = link_target(m, cur)) != SM_NONE) {
			/* below a link: the base map's node and children */
			m = m->base;
			cur = next;
			next = SM_NONE;
		}
		if (parse_index(key, len, &idx))
			next = find_index(m, cur, idx);
		if (next == SM_NONE)
			next = find_key(m, cur, key, len);
		if (next == SM_NONE)
			break;
		cur = next;
		p = s + rawlen;
		*matched = (size_t)(p - pointer);
	}
	mcp_buf_free(&tok);
	*complete = *p == '\0';
	*mp = m;
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
	const mcp_srcmap *at = m;
	size_t matched;
	int complete;
	uint32_t e = walk(&at, doc, pointer, &matched, &complete);

	if (e == SM_NONE || !complete)
		return MCP_ENOTFOUND;
	fill_loc(m, value, E(at, e)->line, E(at, e)->col);
	fill_loc(m, key, E(at, e)->kline, E(at, e)->kcol);
	return 0;
}

int mcp_srcmap_nearest(const mcp_srcmap *m, size_t doc, const char *pointer,
                       mcp_loc *value)
{
	const mcp_srcmap *at = m;
	size_t matched;
	int complete;
	uint32_t e = walk(&at, doc, pointer, &matched, &complete);

	if (e == SM_NONE)
		return MCP_ENOTFOUND;
	fill_loc(m, value, E(at, e)->line, E(at, e)->col);
	return (int)(matched > 0x7fffffff ? 0x7fffffff : matched);
}

/* Visible nodes below base node @p e (itself not counted): what a copy of
 * the subtree would have recorded. */
static size_t visible_below(const mcp_srcmap *m, uint32_t e)
{
	uint32_t i = e + 1, end = E(m, e)->end;
	size_t n = 0;

	while (i < end) {
		if (E(m, i)->kx & KX_HIDDEN) {
			i = E(m, i)->end;
		} else {
			n++;
			i++;
		}
	}
	return n;
}

size_t mcp_srcmap_size(const mcp_srcmap *m)
{
	size_t n = m->n;
	uint32_t i;

	for (i = 0; i < m->nlinks; i++)
		n += visible_below(m->base, m->links[i].target);
	return n;
}
