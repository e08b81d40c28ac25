/*
 * overlay.c: an environment overlay, spec.environments.ENV applied to
 * spec as an RFC 7386 JSON merge patch, with places. The merged document
 * gets a source map of its own in which every node stands where the value
 * came from: a value the overlay set stands on the overlay's line, every
 * other value on its line in the base spec. Findings about the merged
 * document so point at the line to edit.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "front/loader.h"
#include "front/srcmap_int.h"
#include "mcpc/mcpc.h"

/* RFC 7386 section 2: the patch applied to target (both borrowed); a new
 * reference, or NULL when out of memory. With share, the result shares
 * with target every node the patch leaves alone, and with patch the nodes
 * it sets: only the objects on the way to a change are copied; else it
 * shares nothing. */
static json_t *merge(json_t *target, json_t *patch, int share)
{
	json_t *out, *v;
	const char *key;

	if (!json_is_object(patch))
		return share ? json_incref(patch) : json_deep_copy(patch);
	out = !json_is_object(target) ? json_object()
	      : share                 ? json_copy(target)
	                              : json_deep_copy(target);
	if (!out)
		return NULL;
	json_object_foreach(patch, key, v)
	{
		json_t *m;
		if (json_is_null(v)) {
			json_object_del(out, key);
			continue;
		}
		m = merge(json_object_get(out, key), v, share);
		if (!m || json_object_set_new(out, key, m) < 0) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

json_t *mcp_merge_patch(json_t *target, json_t *patch)
{
	return merge(target, patch, 0);
}

/* metadata.annotations["mcpc.io/environment"] = env on a copy of the
 * metadata (the base document's stays as it was), so that rules can tell
 * environments apart; 0 when out of memory. */
static int mark_environment(json_t *doc, const char *env)
{
	json_t *meta = json_object_get(doc, "metadata"), *ann;

	if (!json_is_object(meta))
		return 1; /* the schema's to report */
	ann = json_object_get(meta, "annotations");
	if (ann && !json_is_object(ann))
		return 1;
	if (!(meta = json_copy(meta)) ||
	    json_object_set_new(doc, "metadata", meta) < 0)
		return 0;
	ann = ann ? json_copy(ann) : json_object();
	if (!ann || json_object_set_new(meta, "annotations", ann) < 0)
		return 0;
	return json_object_set_new(ann, MCP_ENV_ANNOTATION, json_string(env)) ==
	       0;
}

typedef struct overlay {
	const mcp_srcmap *from; /* the base source's map */
	mcp_srcmap *to;         /* the merged document's */
	unsigned line, col;     /* where nodes without an origin stand */
	int links;              /* shared subtrees become links to from */
	int oom;
} overlay;

/* Whether a node has anything below it. */
static int has_children(json_t *v)
{
	return json_is_object(v)  ? json_object_size(v) > 0
	       : json_is_array(v) ? json_array_size(v) > 0
	                          : 0;
}

/*
 * Record node v of the merged document (under slot) and everything below
 * it. base and patch are the entries of the base spec and of the overlay
 * the node may come from (SM_NONE: not there), bv and pv the nodes they
 * stand for. A node the overlay replaced (anything but an object) comes
 * from the overlay alone; an object the overlay patched mixes both.
 *
 * A node that comes from one side alone and is that side's very node
 * (shared, not merged) has below it exactly what its entry has below it
 * in the base map: it becomes a link to that entry, and nothing below it
 * is recorded. The merged map so holds only the nodes on the way to a
 * change (a few dozen), not the whole document; lookups give the same
 * places either way (tests/unit/test_overlay.c compares the two).
 */
static void record(overlay *o, json_t *v, sm_slot *slot, uint32_t base,
                   json_t *bv, uint32_t patch, json_t *pv)
{
	uint32_t at = patch != SM_NONE ? patch : base, self, whole = SM_NONE;
	unsigned line = o->line, col = o->col;
	json_t *wv = NULL;
	int64_t e;

	if (patch != SM_NONE && !json_is_object(pv)) {
		base = SM_NONE; /* replaced whole */
		bv = NULL;
		whole = patch;
		wv = pv;
	} else if (patch == SM_NONE) {
		whole = base;
		wv = bv;
	}
	if (base != SM_NONE && json_is_object(v))
		at = base; /* the object itself stays where it was */
	if (at != SM_NONE) {
		sm_pos(o->from, at, &line, &col);
		if (slot->key)
			sm_key_pos(o->from, at, &slot->kline, &slot->kcol);
	}
	if (o->links && whole != SM_NONE && v == wv && has_children(v)) {
		if (sm_link_add(o->to, slot, line, col, whole) < 0)
			o->oom = 1;
		return;
	}
	e = sm_add(o->to, slot, line, col);
	if (e < 0) {
		o->oom = 1;
		return;
	}
	self = (uint32_t)e;
	if (json_is_object(v)) {
		const char *key;
		json_t *child;
		json_object_foreach(v, key, child)
		{
			sm_slot cs = {self, key, strlen(key), 0, 0, 0};
			uint32_t pc =
			    json_is_object(pv)
			        ? sm_child_at(o->from, patch, key, cs.keylen)
			        : SM_NONE;
			record(o, child, &cs,
			       sm_child_at(o->from, base, key, cs.keylen),
			       json_object_get(bv, key), pc,
			       pc != SM_NONE ? json_object_get(pv, key) : NULL);
			if (o->oom)
				return;
		}
	} else if (json_is_array(v)) {
		size_t i;
		for (i = 0; i < json_array_size(v); i++) {
			sm_slot cs = {self, NULL, 0, (uint32_t)i, 0, 0};
			/* an array comes whole from one side */
			record(o, json_array_get(v, i), &cs,
			       sm_item_at(o->from,
			                  patch != SM_NONE ? patch : base,
			                  (uint32_t)i),
			       json_array_get(patch != SM_NONE ? pv : bv, i),
			       SM_NONE, NULL);
			if (o->oom)
				return;
		}
	}
	sm_close(o->to, self);
}

/* The merged document: spec patched, the environment's annotation set,
 * sharing every node it does not change with root; NULL when out of
 * memory. */
static json_t *merged_doc(json_t *root, json_t *spec, json_t *patch,
                          const char *env)
{
	json_t *mspec = merge(spec, patch, 1);
	json_t *merged = mspec ? json_copy(root) : NULL;

	if (!merged || json_object_set_new(merged, "spec", mspec) < 0 ||
	    !mark_environment(merged, env)) {
		if (!merged)
			json_decref(mspec);
		json_decref(merged);
		return NULL;
	}
	return merged;
}

int overlay_build(mcp_source **out, const mcp_source *src, size_t doc,
                  const char *env, int links)
{
	json_t *root = mcp_source_doc(src, doc), *spec, *patch, *merged, *child;
	sm_slot top = {SM_NONE, NULL, 0, 0, 0, 0};
	mcp_srcmap *flat = NULL;
	const mcp_srcmap *from = src->map;
	uint32_t r, pe;
	mcp_source *ns;
	const char *key;
	unsigned line = 1, col = 1;
	overlay o;
	int64_t e;

	*out = NULL;
	spec = json_object_get(root, "spec");
	patch = json_object_get(json_object_get(spec, "environments"), env);
	if (!json_is_object(patch))
		return MCP_ENOTFOUND;
	/* An overlay of an overlay: links are followed one level only, so
	 * the map it lies over is made whole first. */
	if (sm_layered(from)) {
		if (sm_flatten(&flat, from) < 0)
			return MCP_ENOMEM;
		from = flat;
	}
	if (!(ns = calloc(1, sizeof(*ns))))
		goto oom;
	ns->name = src->name;
	merged = merged_doc(root, spec, patch, env);
	if (!merged)
		goto oom;
	if (!(ns->docs = json_array())) {
		json_decref(merged);
		goto oom;
	}
	/* json_array_append_new takes merged, even when it fails */
	if (json_array_append_new(ns->docs, merged) < 0 ||
	    sm_new(&ns->map, src->name) < 0)
		goto oom;
	/* Keys with a NUL byte: record() knows keys as C strings, and so
	 * a subtree holding one is not what its base entry holds. */
	o.links = links && !sm_nul_keys(from);
	if (o.links)
		sm_set_base(ns->map, from);
	/* The root's members as they were, but spec: the base spec patched
	 * by the overlay. What has no place of its own (the environment's
	 * annotation) stands at the overlay's key. */
	r = sm_root(from, doc);
	pe = sm_child_at(from,
	                 sm_child_at(from, sm_child_at(from, r, "spec", 4),
	                             "environments", 12),
	                 env, strlen(env));
	o.from = from;
	o.to = ns->map;
	o.oom = 0;
	o.line = o.col = 1;
	if (pe != SM_NONE)
		sm_key_pos(from, pe, &o.line, &o.col);
	if (r != SM_NONE)
		sm_pos(from, r, &line, &col);
	if ((e = sm_add(ns->map, &top, line, col)) < 0)
		goto oom;
	json_object_foreach(merged, key, child)
	{
		sm_slot cs = {(uint32_t)e, key, strlen(key), 0, 0, 0};
		int is_spec = strcmp(key, "spec") == 0;
		record(&o, child, &cs, sm_child_at(from, r, key, cs.keylen),
		       json_object_get(root, key), is_spec ? pe : SM_NONE,
		       is_spec ? patch : NULL);
		if (o.oom)
			goto oom;
	}
	sm_close(ns->map, (uint32_t)e);
	sm_free(flat); /* the merged map holds it when it links to it */
	*out = ns;
	return 0;
oom:
	sm_free(flat);
	mcp_source_free(ns);
	return MCP_ENOMEM;
}

int mcp_source_overlay(mcp_source **out, const mcp_source *src, size_t doc,
                       const char *env)
{
	return overlay_build(out, src, doc, env, 1);
}
