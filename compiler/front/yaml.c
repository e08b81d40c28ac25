/*
 * yaml.c: YAML -> jansson values + source map, through libyaml's event API.
 * Anchors, aliases (with an expansion budget) and merge keys are resolved
 * here; duplicate keys, YAML 1.1 traps and tabs become findings.
 */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "front/loader.h"
#include "front/scalar.h"
#include "front/yaml_fast.h"
#include "support/hmap.h"

typedef struct merge_src {
	json_t *value;  /* a mapping to merge (owned reference) */
	uint32_t entry; /* its source-map entry, SM_NONE when none */
} merge_src;

/* An open mapping or sequence. */
typedef struct frame {
	json_t *node;
	uint32_t entry;
	int is_map;
	char *anchor; /* registered when the node completes */
	unsigned height;
	size_t bytes;
	uint32_t next_index;
	/* Mappings: the key waiting for its value. */
	int have_key;
	const char *key; /* in the loader's key buffer of this level */
	size_t keylen;
	unsigned kline, kcol;
	int key_merge; /* the key is the merge key "<<" */
	int key_dup;   /* the key repeats an earlier one: value dropped */
	unsigned merge_line, merge_col; /* the first "<<", line 0 when none */
	uint64_t keybits; /* a bit per key read (key_bit): most keys are new,
	                     and are known new without a look-up */
	merge_src *merges;
	size_t nmerges, mcap;
} frame;

typedef struct anchor_def {
	json_t *value;
	uint32_t entry; /* SM_NONE for an anchored key */
	unsigned height;
	size_t bytes; /* of keys and scalars below: what a copy costs */
	int complete;
} anchor_def;

typedef struct line_range {
	unsigned first, last;
} line_range;

typedef struct yaml_loader {
	load_ctx *ctx;
	yaml_parser_t parser;
	frame *stack;
	mcp_buf *keys; /* the pending key of each level, as cap buffers */
	size_t depth, cap;
	mcp_hmap anchors;
	size_t alias_nodes; /* what aliases and merges added, in nodes */
	size_t alias_bytes; /* ... and in bytes of keys and scalars */
	json_t *root;
	int stop;       /* a finding ended the parse */
	line_range *ml; /* lines inside multi-line scalars */
	size_t nml, mlcap;
} yaml_loader;

static void free_anchor(void *p)
{
	anchor_def *a = p;

	if (a) {
		json_decref(a->value);
		free(a);
	}
}

static void free_frame(frame *f)
{
	size_t i;

	json_decref(f->node);
	free(f->anchor);
	for (i = 0; i < f->nmerges; i++)
		json_decref(f->merges[i].value);
	free(f->merges);
}

static int oom(yaml_loader *L)
{
	L->ctx->oom = 1;
	L->stop = 1;
	return MCP_ENOMEM;
}

/* Report a finding that ends the parse. */
#define STOP(L, rule, line, col, hint, ...)                                    \
	(load_report((L)->ctx, rule, MCP_SEV_ERROR, 1, line, col, hint,        \
	             __VA_ARGS__),                                             \
	 (L)->stop = 1, MCP_EPARSE)

static unsigned mline(yaml_mark_t m)
{
	return (unsigned)m.line + 1;
}

static unsigned mcol(yaml_mark_t m)
{
	return (unsigned)m.column + 1;
}

static frame *top(yaml_loader *L)
{
	return L->depth ? &L->stack[L->depth - 1] : NULL;
}

/* Where the next node goes in the source map. */
static void node_slot(yaml_loader *L, sm_slot *slot)
{
	frame *f = top(L);

	memset(slot, 0, sizeof(*slot));
	slot->parent = SM_NONE;
	if (!f)
		return;
	slot->parent = f->entry;
	if (f->is_map) {
		slot->key = f->key;
		slot->keylen = f->keylen;
		slot->kline = f->kline;
		slot->kcol = f->kcol;
	} else {
		slot->index = f->next_index;
	}
}

/* A value under a merge key or a repeated key is not reachable by pointer. */
static void hide_if_shadowed(yaml_loader *L, uint32_t entry)
{
	frame *f = top(L);

	if (f && f->is_map && (f->key_merge || f->key_dup))
		sm_hide(L->ctx->src->map, entry);
}

static int register_anchor(yaml_loader *L, const char *name, json_t *value,
                           uint32_t entry, unsigned height, size_t bytes,
                           int complete)
{
	anchor_def *a = calloc(1, sizeof(*a));
	void *old = NULL;

	if (!a)
		return oom(L);
	a->value = json_incref(value);
	a->entry = entry;
	a->height = height;
	a->bytes = bytes;
	a->complete = complete;
	if (mcp_hmap_put(&L->anchors, name, strlen(name), a, &old) < 0) {
		free_anchor(a);
		return oom(L);
	}
	free_anchor(old);
	return 0;
}

static int add_merge(yaml_loader *L, frame *f, json_t *value, uint32_t entry)
{
	if (f->nmerges == f->mcap) {
		size_t cap = f->mcap ? f->mcap * 2 : 4;
		merge_src *m = realloc(f->merges, cap * sizeof(*m));
		if (!m)
			return oom(L);
		f->merges = m;
		f->mcap = cap;
	}
	f->merges[f->nmerges].value = json_incref(value);
	f->merges[f->nmerges].entry = entry;
	f->nmerges++;
	return 0;
}

/* The value of "<<" must be a mapping or a sequence of mappings. */
static int collect_merge(yaml_loader *L, frame *f, json_t *value,
                         uint32_t entry)
{
	mcp_srcmap *map = L->ctx->src->map;
	uint32_t c;
	size_t i;

	if (json_is_object(value))
		return add_merge(L, f, value, entry);
	if (json_is_array(value)) {
		c = sm_first_child(map, entry);
		for (i = 0; i < json_array_size(value); i++) {
			json_t *item = json_array_get(value, i);
			if (!json_is_object(item))
				goto bad;
			if (add_merge(L, f, item, c) < 0)
				return MCP_ENOMEM;
			if (c != SM_NONE)
				c = sm_next_child(map, entry, c);
		}
		return 0;
	}
bad:
	return STOP(L, RULE_KEY, f->merge_line, f->merge_col,
	            "write '<<: *anchor' or '<<: [*a, *b]' with anchors of "
	            "mappings",
	            "the merge key '<<' needs a mapping or a list of mappings");
}

/* Hand a finished node (owned reference) to its parent. */
static int attach(yaml_loader *L, json_t *value, uint32_t entry,
                  unsigned height, size_t bytes)
{
	frame *f = top(L);
	int rc = 0;

	if (!f) {
		json_decref(L->root);
		L->root = value;
		return 0;
	}
	if (height + 1 > f->height)
		f->height = height + 1;
	f->bytes += bytes + (f->is_map ? f->keylen : 0);
	if (!f->is_map) {
		if (json_array_append_new(f->node, value) < 0)
			return oom(L);
		f->next_index++;
		return 0;
	}
	if (f->key_merge)
		rc = collect_merge(L, f, value, entry);
	if (f->key_merge || f->key_dup)
		json_decref(value);
	else if (json_object_setn_new_nocheck(f->node, f->key, f->keylen,
	                                      value) < 0)
		rc = oom(L);
	f->key = NULL;
	f->have_key = 0;
	f->key_merge = 0;
	f->key_dup = 0;
	return rc;
}

/*
 * Give finding @p fd the JSON Pointer of the node being read or, with
 * @p key, of the value that key is about to get.
 */
static void point(yaml_loader *L, mcp_finding *fd, const char *key,
                  size_t keylen)
{
	frame *f = top(L);
	sm_slot slot;
	mcp_buf b;

	if (!fd)
		return;
	node_slot(L, &slot);
	if (key && f) {
		slot.key = key;
		slot.keylen = keylen;
	}
	mcp_buf_init(&b);
	sm_pointer(L->ctx->src->map, &slot, &b);
	free(fd->pointer);
	fd->pointer = mcp_buf_detach(&b);
	if (!fd->pointer)
		L->ctx->oom = 1;
}

static const char *trap_hint(scalar_trap t)
{
	switch (t) {
	case TRAP_BOOL11:
		return "quote it if a string is meant, or write true/false";
	default:
		return "quote it if a string is meant";
	}
}

static void report_trap(yaml_loader *L, scalar_trap t, const char *text,
                        unsigned line, unsigned col, int is_key)
{
	mcp_finding *fd = NULL;
	mcp_buf hint;

	mcp_buf_init(&hint);
	switch (t) {
	case TRAP_BOOL11:
		fd = load_report(
		    L->ctx, RULE_BOOL11, MCP_SEV_WARNING, 0, line, col,
		    trap_hint(t),
		    "'%s' is a string in YAML 1.2 but a boolean in YAML 1.1 "
		    "(Kubernetes, Helm)",
		    text);
		break;
	case TRAP_LEADING_ZERO:
		mcp_buf_printf(
		    &hint, "quote it (\"%s\") to keep the digits as a string",
		    text);
		fd = load_report(
		    L->ctx, RULE_LEADING_ZERO, MCP_SEV_WARNING, 0, line, col,
		    hint.oom ? NULL : hint.ptr,
		    strpbrk(text, "89")
		        ? "'%s' has a leading zero: a decimal number in YAML "
		          "1.2, a string in YAML 1.1"
		        : "'%s' has a leading zero: a decimal number in YAML "
		          "1.2, an octal one in YAML 1.1",
		    text);
		break;
	case TRAP_SEXAGESIMAL:
		fd = load_report(
		    L->ctx, RULE_SEXAGESIMAL, MCP_SEV_WARNING, 0, line, col,
		    trap_hint(t),
		    "'%s' is a string in YAML 1.2 but a base-60 number in "
		    "YAML 1.1",
		    text);
		break;
	default:
		return;
	}
	mcp_buf_free(&hint);
	point(L, fd, is_key ? text : NULL, is_key ? strlen(text) : 0);
}

/* A tag outside the core schema, shown the way it was written ("!!x"). */
static int bad_tag(yaml_loader *L, const char *tag, unsigned line, unsigned col)
{
	static const char prefix[] = "tag:yaml.org,2002:";
	int core = strncmp(tag, prefix, sizeof(prefix) - 1) == 0;

	return STOP(L, RULE_TAG, line, col,
	            "only the YAML core tags !!str !!int !!float !!bool !!null "
	            "!!seq !!map are accepted",
	            "unknown or unsafe tag '%s%s'", core ? "!!" : "",
	            core ? tag + sizeof(prefix) - 1 : tag);
}

/* Turn a scalar status into a finding; returns 0 for SCALAR_OK. */
static int scalar_failure(yaml_loader *L, scalar_status st, const char *tag,
                          const char *text, unsigned line, unsigned col)
{
	switch (st) {
	case SCALAR_OK:
		return 0;
	case SCALAR_ENOMEM:
		return oom(L);
	case SCALAR_BAD_TAG:
		return bad_tag(L, tag, line, col);
	case SCALAR_BAD_VALUE:
		return STOP(L, RULE_TAG, line, col, NULL,
		            "'%s' is not a valid value for tag '%s'", text,
		            tag);
	case SCALAR_INT_RANGE:
		return STOP(L, RULE_NUMBER, line, col,
		            "quote it if it is an identifier, not a number",
		            "integer %s does not fit in 64 bits", text);
	case SCALAR_NOT_FINITE:
		return STOP(
		    L, RULE_NUMBER, line, col, "quote it if a string is meant",
		    "'%s' is not a finite number and cannot be represented "
		    "in JSON",
		    text);
	}
	return MCP_ERROR;
}

/*
 * Count what an alias or a merge adds to the document. Past the limits
 * (nodes, and bytes as many as the input may hold) the document is an
 * alias bomb: refused in time and memory proportional to the limits.
 */
static int charge(yaml_loader *L, size_t nodes, size_t bytes, unsigned line,
                  unsigned col)
{
	const mcp_load_opts *o = L->ctx->opts;

	L->alias_nodes += nodes;
	L->alias_bytes += bytes;
	if (L->alias_nodes > o->max_alias_nodes)
		return STOP(L, RULE_LIMIT, line, col,
		            "raise the limit with --max-alias-nodes if this is "
		            "intended",
		            "aliases expand to more than %zu nodes (an alias "
		            "bomb?)",
		            o->max_alias_nodes);
	if (L->alias_bytes > o->max_size)
		return STOP(
		    L, RULE_LIMIT, line, col,
		    "raise the limit with --max-size if this is intended",
		    "aliases expand to more than %zu bytes (an alias "
		    "bomb?)",
		    o->max_size);
	return 0;
}

/* A key's bit in its mapping's keybits: from its length and its first and
 * last bytes. A key whose bit is not set yet is not in the mapping. */
static uint64_t key_bit(const char *text, size_t len)
{
	unsigned h = (unsigned)len * 31u;

	if (len)
		h += (unsigned char)text[0] * 7u + (unsigned char)text[len - 1];
	return (uint64_t)1 << (h & 63);
}

/* A scalar (or an alias to a string) in key position. */
static int take_key(yaml_loader *L, const char *text, size_t len, unsigned line,
                    unsigned col, int merge)
{
	mcp_buf *kb;
	frame *f = top(L);
	mcp_srcmap *map = L->ctx->src->map;

	if (merge) {
		if (f->merge_line) {
			mcp_finding *fd = load_report(
			    L->ctx, RULE_DUPLICATE_KEY, MCP_SEV_ERROR, 1, line,
			    col,
			    "list every mapping in one merge: '<<: [*a, *b]'",
			    "duplicate merge key '<<'");
			load_related(L->ctx, fd, f->merge_line, f->merge_col,
			             "first merge key");
		} else {
			f->merge_line = line;
			f->merge_col = col;
		}
		f->key_merge = 1;
	} else if ((f->keybits & key_bit(text, len)) &&
	           json_object_getn(f->node, text, len)) {
		unsigned kl = 0, kc = 0;
		uint32_t first = sm_child_key(map, f->entry, text, len);
		mcp_finding *fd = load_report(
		    L->ctx, RULE_DUPLICATE_KEY, MCP_SEV_ERROR, 1, line, col,
		    "remove one of them: parsers disagree on which one wins",
		    "duplicate key '%.*s'", (int)(len > 200 ? 200 : len), text);
		if (first != SM_NONE)
			sm_key_pos(map, first, &kl, &kc);
		load_related(L->ctx, fd, kl, kc, "first defined here");
		point(L, fd, text, len);
		f->key_dup = 1;
	}
	if (!merge)
		f->keybits |= key_bit(text, len);
	/* Keys live in a buffer per nesting level, reused: no allocation
	 * per key once the buffers have grown. */
	kb = &L->keys[L->depth - 1];
	mcp_buf_clear(kb);
	if (mcp_buf_put(kb, text, len) < 0)
		return oom(L);
	f->key = kb->ptr;
	f->keylen = len;
	f->kline = line;
	f->kcol = col;
	f->have_key = 1;
	return 0;
}

static int remember_multiline(yaml_loader *L, const yaml_event_t *ev)
{
	if (ev->end_mark.line <= ev->start_mark.line)
		return 0;
	if (L->nml == L->mlcap) {
		size_t cap = L->mlcap ? L->mlcap * 2 : 16;
		line_range *r = realloc(L->ml, cap * sizeof(*r));
		if (!r)
			return oom(L);
		L->ml = r;
		L->mlcap = cap;
	}
	L->ml[L->nml].first = mline(ev->start_mark) + 1;
	L->ml[L->nml].last = mline(ev->end_mark);
	L->nml++;
	return 0;
}

static int on_scalar(yaml_loader *L, yaml_event_t *ev)
{
	const char *tag = (const char *)ev->data.scalar.tag;
	const char *text = (const char *)ev->data.scalar.value;
	const char *anchor = (const char *)ev->data.scalar.anchor;
	size_t len = ev->data.scalar.length;
	int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	unsigned line = mline(ev->start_mark), col = mcol(ev->start_mark);
	frame *f = top(L);
	json_t *value = NULL;
	scalar_trap trap;
	scalar_status st;
	sm_slot slot;
	int64_t entry;

	if (len > L->ctx->opts->max_scalar)
		return STOP(
		    L, RULE_LIMIT, line, col,
		    "raise the limit with --max-scalar if this is intended",
		    "scalar of %zu bytes exceeds the limit of %zu bytes", len,
		    L->ctx->opts->max_scalar);
	if (remember_multiline(L, ev) < 0)
		return MCP_ENOMEM;
	if (f && f->is_map && !f->have_key) {
		/* A key: keys stay text; only the traps and the tag matter. */
		st = mcp_scalar_key(&trap, tag, text, len, plain);
		if (st != SCALAR_OK)
			return scalar_failure(L, st, tag, text, line, col);
		if (trap != TRAP_NONE)
			report_trap(L, trap, text, line, col, 1);
		if (anchor) {
			json_t *s = json_stringn_nocheck(text, len);
			int rc = s ? register_anchor(L, anchor, s, SM_NONE, 0,
			                             len, 1)
			           : oom(L);
			json_decref(s);
			if (rc < 0)
				return rc;
		}
		return take_key(L, text, len, line, col,
		                plain && !tag && len == 2 && text[0] == '<' &&
		                    text[1] == '<');
	}
	st = mcp_scalar_resolve(&value, &trap, tag, text, len, plain);
	if (st != SCALAR_OK)
		return scalar_failure(L, st, tag, text, line, col);
	if (trap != TRAP_NONE)
		report_trap(L, trap, text, line, col, 0);
	node_slot(L, &slot);
	entry = sm_add(L->ctx->src->map, &slot, line, col);
	if (entry < 0) {
		json_decref(value);
		return oom(L);
	}
	hide_if_shadowed(L, (uint32_t)entry);
	if (anchor &&
	    register_anchor(L, anchor, value, (uint32_t)entry, 0, len, 1) < 0) {
		json_decref(value);
		return MCP_ENOMEM;
	}
	return attach(L, value, (uint32_t)entry, 0, len);
}

static int on_alias(yaml_loader *L, yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	unsigned line = mline(ev->start_mark), col = mcol(ev->start_mark);
	anchor_def *a = mcp_hmap_get(&L->anchors, name, strlen(name));
	frame *f = top(L);
	mcp_srcmap *map = L->ctx->src->map;
	size_t nodes;
	json_t *copy;
	sm_slot slot;
	int64_t entry;

	if (!a)
		return STOP(
		    L, RULE_ALIAS, line, col,
		    "define the anchor '&name' before the alias; anchors "
		    "do not cross documents",
		    "alias '*%s' refers to no anchor", name);
	if (!a->complete)
		return STOP(L, RULE_ALIAS, line, col, NULL,
		            "alias '*%s' is inside the node it refers to (a "
		            "recursive alias)",
		            name);
	if (f && f->is_map && !f->have_key) {
		if (!json_is_string(a->value))
			return STOP(
			    L, RULE_KEY, line, col, NULL,
			    "alias '*%s' used as a key must refer to a string",
			    name);
		if (charge(L, 1, json_string_length(a->value), line, col) < 0)
			return MCP_EPARSE;
		return take_key(L, json_string_value(a->value),
		                json_string_length(a->value), line, col, 0);
	}
	nodes = a->entry == SM_NONE ? 1 : sm_range(map, a->entry);
	if (charge(L, nodes, a->bytes, line, col) < 0)
		return MCP_EPARSE;
	if (L->depth + a->height > L->ctx->opts->max_depth)
		return STOP(
		    L, RULE_LIMIT, line, col, NULL,
		    "alias '*%s' nests deeper than the limit of %zu levels",
		    name, L->ctx->opts->max_depth);
	copy = json_deep_copy(a->value);
	if (!copy)
		return oom(L);
	node_slot(L, &slot);
	entry = a->entry == SM_NONE ? sm_add(map, &slot, line, col)
	                            : sm_copy(map, a->entry, &slot, line, col);
	if (entry < 0) {
		json_decref(copy);
		return oom(L);
	}
	hide_if_shadowed(L, (uint32_t)entry);
	return attach(L, copy, (uint32_t)entry, a->height, a->bytes);
}

static int on_start(yaml_loader *L, yaml_event_t *ev, int is_map)
{
	const char *tag = (const char *)(is_map ? ev->data.mapping_start.tag
	                                        : ev->data.sequence_start.tag);
	const char *anchor =
	    (const char *)(is_map ? ev->data.mapping_start.anchor
	                          : ev->data.sequence_start.anchor);
	unsigned line = mline(ev->start_mark), col = mcol(ev->start_mark);
	frame *f = top(L), *nf;
	sm_slot slot;
	int64_t entry;

	if (f && f->is_map && !f->have_key)
		return STOP(L, RULE_KEY, line, col,
		            "keys must be scalars (strings) to map onto JSON",
		            "a %s cannot be a mapping key",
		            is_map ? "mapping" : "sequence");
	if (!mcp_tag_fits_collection(tag, is_map))
		return bad_tag(L, tag, line, col);
	if (L->depth + 1 > L->ctx->opts->max_depth)
		return STOP(
		    L, RULE_LIMIT, line, col,
		    "raise the limit with --max-depth if this is intended",
		    "nesting deeper than the limit of %zu levels",
		    L->ctx->opts->max_depth);
	if (L->depth == L->cap) {
		size_t cap = L->cap ? L->cap * 2 : 16;
		frame *s = realloc(L->stack, cap * sizeof(*s));
		mcp_buf *k;
		size_t i;
		if (!s)
			return oom(L);
		L->stack = s;
		k = realloc(L->keys, cap * sizeof(*k));
		if (!k)
			return oom(L);
		L->keys = k;
		for (i = L->cap; i < cap; i++)
			mcp_buf_init(&L->keys[i]);
		L->cap = cap;
	}
	node_slot(L, &slot);
	entry = sm_add(L->ctx->src->map, &slot, line, col);
	if (entry < 0)
		return oom(L);
	hide_if_shadowed(L, (uint32_t)entry);
	nf = &L->stack[L->depth];
	memset(nf, 0, sizeof(*nf));
	nf->is_map = is_map;
	nf->entry = (uint32_t)entry;
	nf->node = is_map ? json_object() : json_array();
	nf->anchor = anchor ? strdup(anchor) : NULL;
	L->depth++;
	if (!nf->node || (anchor && !nf->anchor))
		return oom(L);
	if (anchor &&
	    register_anchor(L, anchor, nf->node, nf->entry, 0, 0, 0) < 0)
		return MCP_ENOMEM;
	return 0;
}

/*
 * Explicit keys win over merged ones; earlier merges over later ones. The
 * merged values are shared with the merge source (which is dropped), and
 * their source-map nodes are copied under this mapping, so an anchor on
 * the source still finds its own.
 */
static int apply_merges(yaml_loader *L, frame *f)
{
	mcp_srcmap *map = L->ctx->src->map;
	size_t i;

	for (i = 0; i < f->nmerges; i++) {
		json_t *src = f->merges[i].value;
		uint32_t e = f->merges[i].entry, c;
		for (c = e == SM_NONE ? SM_NONE : sm_first_child(map, e);
		     c != SM_NONE; c = sm_next_child(map, e, c)) {
			sm_slot slot;
			unsigned line, col;
			json_t *v;
			if (sm_hidden(map, c))
				continue; /* a repeated key's dropped value */
			memset(&slot, 0, sizeof(slot));
			slot.key = sm_key(map, c, &slot.keylen);
			if (!slot.key ||
			    json_object_getn(f->node, slot.key, slot.keylen))
				continue;
			v = json_object_getn(src, slot.key, slot.keylen);
			if (!v)
				continue;
			if (json_object_setn_nocheck(f->node, slot.key,
			                             slot.keylen, v) < 0)
				return oom(L);
			/* The values are shared, their nodes are copied. */
			if (charge(L, sm_range(map, c), 0, f->merge_line,
			           f->merge_col) < 0)
				return MCP_EPARSE;
			slot.parent = f->entry;
			sm_key_pos(map, c, &slot.kline, &slot.kcol);
			sm_pos(map, c, &line, &col);
			if (sm_copy(map, c, &slot, line, col) < 0)
				return oom(L);
		}
	}
	return 0;
}

static int on_end(yaml_loader *L)
{
	frame f = L->stack[--L->depth];
	int rc = 0;

	if (f.nmerges)
		rc = apply_merges(L, &f);
	sm_close(L->ctx->src->map, f.entry);
	if (f.height == 0)
		f.height = 1;
	if (rc == 0 && f.anchor)
		rc = register_anchor(L, f.anchor, f.node, f.entry, f.height,
		                     f.bytes, 1);
	if (rc == 0) {
		json_t *node = f.node;
		f.node = NULL;
		rc = attach(L, node, f.entry, f.height, f.bytes);
	}
	free_frame(&f);
	return rc;
}

static void reset_document(yaml_loader *L)
{
	mcp_hmap_free(&L->anchors, free_anchor);
	json_decref(L->root);
	L->root = NULL;
	L->alias_nodes = 0;
	L->alias_bytes = 0;
}

static int on_event(yaml_loader *L, yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		reset_document(L);
		return 0;
	case YAML_DOCUMENT_END_EVENT:
		if (L->root) {
			if (json_array_append_new(L->ctx->src->docs, L->root) <
			    0) {
				L->root = NULL;
				return oom(L);
			}
			L->root = NULL;
		}
		return 0;
	case YAML_SCALAR_EVENT:
		return on_scalar(L, ev);
	case YAML_ALIAS_EVENT:
		return on_alias(L, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(L, ev, 0);
	case YAML_MAPPING_START_EVENT:
		return on_start(L, ev, 1);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(L);
	default:
		return 0;
	}
}

/* Byte offset of the start of line @p line (from 1). */
static size_t line_start(const load_ctx *ctx, unsigned line)
{
	size_t i;
	unsigned l = 1;

	for (i = 0; i < ctx->len && l < line; i++) {
		if (ctx->text[i] == '\n' ||
		    (ctx->text[i] == '\r' &&
		     (i + 1 >= ctx->len || ctx->text[i + 1] != '\n')))
			l++;
	}
	return i;
}

/*
 * Whether the error at @p line:@p col (from 1) points at a tab in the
 * line's indentation: then the tab, not the syntax, is the problem.
 */
static int tab_in_indent(const load_ctx *ctx, unsigned line, unsigned col)
{
	size_t i = line_start(ctx, line), k;

	for (k = 1; i < ctx->len && k < col; i++, k++)
		if (ctx->text[i] != ' ' && ctx->text[i] != '\t')
			return 0;
	return i < ctx->len && ctx->text[i] == '\t';
}

static const char *syntax_hint(const char *problem)
{
	if (!problem)
		return NULL;
	if (strstr(problem, "mapping values are not allowed"))
		return "a value that contains ': ' must be quoted";
	if (strstr(problem, "cannot start any token"))
		return "values starting with '@', '`' or '%' must be quoted";
	if (strstr(problem, "did not find expected key"))
		return "check the indentation of this line against the lines "
		       "above";
	if (strstr(problem, "found unexpected end of stream"))
		return "a quote or bracket is not closed";
	return NULL;
}

static void report_parser_error(yaml_loader *L)
{
	yaml_parser_t *p = &L->parser;
	load_ctx *ctx = L->ctx;
	unsigned line, col;

	L->stop = 1;
	if (p->error == YAML_MEMORY_ERROR) {
		oom(L);
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		load_position(ctx, p->problem_offset, &line, &col);
		if (p->problem_value >= 0)
			load_report(ctx, RULE_ENCODING, MCP_SEV_ERROR, 1, line,
			            col, NULL, "%s (byte 0x%02X)", p->problem,
			            (unsigned)p->problem_value & 0xff);
		else
			load_report(ctx, RULE_ENCODING, MCP_SEV_ERROR, 1, line,
			            col, NULL, "%s", p->problem);
		return;
	}
	line = mline(p->problem_mark);
	col = mcol(p->problem_mark);
	if (tab_in_indent(ctx, line, col)) {
		load_report(
		    ctx, RULE_TAB, MCP_SEV_ERROR, 1, line, col,
		    "indent with spaces: YAML does not allow tabs there",
		    "tab character in indentation");
		return;
	}
	if (p->context) {
		mcp_finding *f = load_report(
		    ctx, RULE_SYNTAX, MCP_SEV_ERROR, 1, line, col,
		    syntax_hint(p->problem), "%s %s",
		    p->problem ? p->problem : "syntax error", p->context);
		if (p->context_mark.line != p->problem_mark.line ||
		    p->context_mark.column != p->problem_mark.column)
			load_related(ctx, f, mline(p->context_mark),
			             mcol(p->context_mark), "it started here");
	} else {
		load_report(ctx, RULE_SYNTAX, MCP_SEV_ERROR, 1, line, col,
		            syntax_hint(p->problem), "%s",
		            p->problem ? p->problem : "syntax error");
	}
}

/* Whether @p line lies inside a multi-line scalar. Scalars come in
 * document order and never overlap, and lines are asked in increasing
 * order, so a cursor (*k) makes the whole scan linear. */
static int in_multiline(const yaml_loader *L, unsigned line, size_t *k)
{
	while (*k < L->nml && L->ml[*k].last < line)
		(*k)++;
	return *k < L->nml && L->ml[*k].first <= line;
}

/* Tabs that libyaml tolerated (flow context, continuation lines). */
static void warn_tabs(yaml_loader *L)
{
	const load_ctx *ctx = L->ctx;
	size_t i = 0, k = 0;
	unsigned line = 1;

	while (i < ctx->len) {
		size_t j = i;
		unsigned col = 1, tabcol = 0;
		while (j < ctx->len &&
		       (ctx->text[j] == ' ' || ctx->text[j] == '\t')) {
			if (ctx->text[j] == '\t' && !tabcol)
				tabcol = col;
			j++, col++;
		}
		if (tabcol && j < ctx->len && ctx->text[j] != '\n' &&
		    ctx->text[j] != '\r' && ctx->text[j] != '#' &&
		    !in_multiline(L, line, &k))
			load_report(L->ctx, RULE_TAB, MCP_SEV_WARNING, 0, line,
			            tabcol, "indent with spaces",
			            "tab character in indentation");
		while (j < ctx->len && ctx->text[j] != '\n' &&
		       ctx->text[j] != '\r')
			j++;
		if (j < ctx->len && ctx->text[j] == '\r' && j + 1 < ctx->len &&
		    ctx->text[j + 1] == '\n')
			j++;
		i = j + 1;
		line++;
	}
}

/* Whether the reader of the plain subset may read texts: yes, unless
 * MCPC_YAML=libyaml (the reference: docs/testing.md). */
static int fast_reader(void)
{
	const char *e = getenv("MCPC_YAML");

	return !e || strcmp(e, "libyaml") != 0;
}

/* The events of the plain subset (yaml_fast.h) to the loader, as
 * libyaml's would come; 1 when the text is not in the subset. */
static int load_fast(yaml_loader *L)
{
	yfast fast;
	size_t i;
	int rc;

	memset(&fast, 0, sizeof(fast));
	rc = mcp_yaml_fast(L->ctx->text, L->ctx->len, &fast);
	if (rc == MCP_ENOMEM)
		oom(L);
	for (i = 0; rc == 0 && i < fast.n && !L->stop; i++) {
		const yfast_event *e = &fast.ev[i];
		yaml_event_t ev;
		memset(&ev, 0, sizeof(ev));
		ev.type = (yaml_event_type_t)e->type;
		ev.start_mark.line = e->line;
		ev.start_mark.column = e->col;
		ev.end_mark = ev.start_mark;
		ev.end_mark.line = e->endline;
		if (ev.type == YAML_SCALAR_EVENT) {
			ev.data.scalar.value =
			    (yaml_char_t *)fast.text + e->off;
			ev.data.scalar.length = e->len;
			ev.data.scalar.style = (yaml_scalar_style_t)e->style;
			ev.data.scalar.plain_implicit =
			    e->style == YAML_PLAIN_SCALAR_STYLE;
			ev.data.scalar.quoted_implicit =
			    e->style != YAML_PLAIN_SCALAR_STYLE;
		} else if (ev.type == YAML_MAPPING_START_EVENT) {
			ev.data.mapping_start.implicit = 1;
		} else if (ev.type == YAML_SEQUENCE_START_EVENT) {
			ev.data.sequence_start.implicit = 1;
		}
		if (on_event(L, &ev) == MCP_ENOMEM)
			break;
	}
	mcp_yaml_fast_free(&fast);
	return rc;
}

/* Whether byte @p c is printable ASCII, a tab or a line break. */
static unsigned printable_byte(unsigned c)
{
	return c - 0x20u <= 0x5eu || c == '\t' || c == '\n' || c == '\r';
}

/* Whether @p s holds only printable ASCII, tabs and line breaks: what
 * libyaml's reader lets through unchanged, one byte a character. Sixteen
 * bytes at a time where SSE2 is there (every x86-64). */
static int printable_ascii(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
#ifdef __SSE2__
	const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7f);
	const __m128i tab = _mm_set1_epi8('\t'), lf = _mm_set1_epi8('\n');
	const __m128i cr = _mm_set1_epi8('\r');
	__m128i bad = _mm_setzero_si128();

	for (; i + 16 <= len; i += 16) {
		__m128i v =
		    _mm_loadu_si128((const __m128i *)(const void *)(u + i));
		/* signed: bytes from 0x80 are below 0x20 too */
		__m128i low = _mm_cmplt_epi8(v, space);
		__m128i ok = _mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, lf)),
		    _mm_cmpeq_epi8(v, cr));
		bad = _mm_or_si128(bad, _mm_or_si128(_mm_andnot_si128(ok, low),
		                                     _mm_cmpeq_epi8(v, del)));
	}
	if (_mm_movemask_epi8(bad))
		return 0;
#endif
	for (; i < len; i++)
		if (!printable_byte(u[i]))
			return 0;
	return 1;
}

#define READER_PAD 16 /* zero bytes past the end, for lookahead */

/*
 * libyaml decodes its input one character at a time
 * (yaml_parser_update_buffer, a sixth of its time) into a working buffer
 * of UTF-8, checking every character. Text of printable ASCII alone comes
 * out of that unchanged, so it is handed to the scanner as the working
 * buffer directly, in the state the reader leaves at the end of the input:
 * every character read, a NUL appended, the end of input seen (after
 * which the reader does nothing). Other text, which the reader may
 * refuse, goes through the reader. Returns the buffer to free after the
 * parse (libyaml's own is put back first), or NULL.
 */
static unsigned char *direct_input(yaml_loader *L, unsigned char *saved,
                                   size_t savedlen)
{
	const load_ctx *ctx = L->ctx;
	unsigned char *b;

	if (savedlen != sizeof(L->parser.buffer) ||
	    (ctx->flags & LOAD_READER) || ctx->len > (size_t)-1 - READER_PAD ||
	    !printable_ascii(ctx->text, ctx->len) ||
	    !(b = malloc(ctx->len + READER_PAD)))
		return NULL;
	memcpy(b, ctx->text, ctx->len);
	memset(b + ctx->len, 0, READER_PAD);
	memcpy(saved, &L->parser.buffer, savedlen);
	L->parser.buffer.start = L->parser.buffer.pointer = b;
	L->parser.buffer.last = b + ctx->len + 1; /* the NUL */
	L->parser.buffer.end = b + ctx->len + READER_PAD;
	L->parser.unread = ctx->len + 1;
	L->parser.eof = 1;
	return b;
}

int mcp_yaml_load(load_ctx *ctx)
{
	yaml_loader L;
	yaml_event_t ev;
	unsigned char saved[sizeof(L.parser.buffer)], *direct;
	int done = 0;
	size_t i;

	memset(&L, 0, sizeof(L));
	L.ctx = ctx;
	mcp_hmap_init(&L.anchors);
	direct = NULL;
	if (fast_reader() && load_fast(&L) != 1) {
		/* read, or out of memory */
		done = 1;
	} else if (!yaml_parser_initialize(&L.parser)) {
		ctx->oom = 1;
		return MCP_ENOMEM;
	} else {
		yaml_parser_set_input_string(
		    &L.parser, (const unsigned char *)ctx->text, ctx->len);
		yaml_parser_set_encoding(&L.parser, YAML_UTF8_ENCODING);
		direct = direct_input(&L, saved, sizeof(saved));
	}
	while (!done && !L.stop) {
		if (!yaml_parser_parse(&L.parser, &ev)) {
			report_parser_error(&L);
			break;
		}
		int rc = on_event(&L, &ev);
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		if (rc == MCP_ENOMEM)
			break;
	}
	if (done && !L.stop && memchr(ctx->text, '\t', ctx->len))
		warn_tabs(&L);
	for (i = 0; i < L.depth; i++)
		free_frame(&L.stack[i]);
	for (i = 0; i < L.cap; i++)
		mcp_buf_free(&L.keys[i]);
	free(L.keys);
	free(L.stack);
	free(L.ml);
	reset_document(&L);
	if (direct) {
		memcpy(&L.parser.buffer, saved, sizeof(saved));
		free(direct);
	}
	if (L.parser.buffer.start)
		yaml_parser_delete(&L.parser);
	if (ctx->oom)
		return MCP_ENOMEM;
	return ctx->fatal ? MCP_EPARSE : 0;
}
