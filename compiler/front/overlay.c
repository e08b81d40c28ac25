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
	int oom;
} overlay;

/*
 * Record node v of the merged document (under slot) and everything below
 * it. base and patch are the entries of the base spec and of the overlay
 * the node may come from (SM_NONE: not there). A node the overlay replaced
 * (anything but an object) comes from the overlay alone; an object the
 * overlay patched mixes both.
 */
static void record(overlay *o, json_t *v, sm_slot *slot, uint32_t base,
                   uint32_t patch, json_t *pv)
{
	uint32_t at = patch != SM_NONE ? patch : base, self;
	unsigned line = o->line, col = o->col;
	int64_t e;

	if (patch != SM_NONE && !json_is_object(pv))
		base = SM_NONE; /* replaced whole */
	if (base != SM_NONE && json_is_object(v))
		at = base; /* the object itself stays where it was */
	if (at != SM_NONE) {
		sm_pos(o->from, at, &line, &col);
		if (slot->key)
			sm_key_pos(o->from, at, &slot->kline, &slot->kcol);
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
			       sm_child_at(o->from, base, key, cs.keylen), pc,
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

int mcp_source_overlay(mcp_source **out, const mcp_source *src, size_t doc,
                       const char *env)
{
	json_t *root = mcp_source_doc(src, doc), *spec, *patch, *merged, *child;
	sm_slot top = {SM_NONE, NULL, 0, 0, 0, 0};
	uint32_t r = sm_root(src->map, doc), pe;
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
	if (!(ns = calloc(1, sizeof(*ns))))
		return MCP_ENOMEM;
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
	/* The root's members as they were, but spec: the base spec patched
	 * by the overlay. What has no place of its own (the environment's
	 * annotation) stands at the overlay's key. */
	pe = sm_child_at(src->map,
	                 sm_child_at(src->map,
	                             sm_child_at(src->map, r, "spec", 4),
	                             "environments", 12),
	                 env, strlen(env));
	o.from = src->map;
	o.to = ns->map;
	o.oom = 0;
	o.line = o.col = 1;
	if (pe != SM_NONE)
		sm_key_pos(src->map, pe, &o.line, &o.col);
	if (r != SM_NONE)
		sm_pos(src->map, r, &line, &col);
	if ((e = sm_add(ns->map, &top, line, col)) < 0)
		goto oom;
	json_object_foreach(merged, key, child)
	{
		sm_slot cs = {(uint32_t)e, key, strlen(key), 0, 0, 0};
		int is_spec = strcmp(key, "spec") == 0;
		record(&o, child, &cs, sm_child_at(src->map, r, key, cs.keylen),
		       is_spec ? pe : SM_NONE, is_spec ? patch : NULL);
		if (o.oom)
			goto oom;
	}
	sm_close(ns->map, (uint32_t)e);
	*out = ns;
	return 0;
oom:
	mcp_source_free(ns);
	return MCP_ENOMEM;
}
