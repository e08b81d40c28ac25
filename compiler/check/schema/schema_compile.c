/*
 * schema_compile.c: JSON Schema documents -> snodes. First a walk records,
 * for every schema object, its base URI, dialect and resource, and
 * registers "$id" resources and anchors; then compilation turns objects
 * into snodes on demand, and resolves every "$ref" (loading referenced
 * documents through the URI-prefix table) until nothing is pending.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/schema/regex.h"
#include "check/schema/schema_int.h"
#include "check/schema/uri.h"
#include "support/num.h"

#define DRAFT2020        "https://json-schema.org/draft/2020-12/"
#define VOCAB_VALIDATION DRAFT2020 "vocab/validation"

typedef struct pending_ref {
	snode *from;
	char *uri; /* resolved, absolute */
	int dynamic;
	struct pending_ref *next;
} pending_ref;

typedef struct compiler {
	mcp_schema *s;
	pending_ref *pending;
	int depth; /* metaschema lookups, against loops */
} compiler;

void mcp_schema_opts_init(mcp_schema_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->default_draft = MCP_DRAFT_2020_12;
}

static void broken(mcp_schema *s, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A finding about the schema itself; compilation will fail. */
static void broken(mcp_schema *s, const char *where, const char *fmt, ...)
{
	mcp_buf msg;
	va_list ap;
	mcp_finding *f;
	mcp_loc loc = {NULL, 0, 0};

	s->broken = 1;
	if (!s->diag)
		return;
	mcp_buf_init(&msg);
	va_start(ap, fmt);
	mcp_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	loc.file = where && *where ? where : NULL;
	f = mcp_diag_add(s->diag, RULE_SCHEMA_BROKEN, MCP_SEV_ERROR,
	                 loc.file ? &loc : NULL, NULL, NULL, "%s",
	                 msg.oom ? "out of memory" : msg.ptr);
	if (f)
		f->fatal = 1;
	mcp_buf_free(&msg);
}

static char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void warn_unresolved(mcp_schema *s, const snode *n, const char *uri)
{
	if (s->diag)
		mcp_diag_add(
		    s->diag, RULE_SCHEMA_BROKEN, MCP_SEV_WARNING, NULL, NULL,
		    "map its prefix to a folder with --ref-map PREFIX=DIR",
		    "%s: cannot resolve the reference '%s'; values that "
		    "reach it will fail",
		    n->loc, uri);
}

/* ---- registry ---- */

static void free_resource(void *p)
{
	resource *r = p;

	if (!r)
		return;
	free(r->uri);
	mcp_hmap_free(&r->dyn_json, NULL);
	mcp_hmap_free(&r->dynamic, NULL);
	free(r);
}

static resource *add_resource(mcp_schema *s, const char *uri, json_t *root,
                              mcp_draft draft, int validation)
{
	resource *r = mcp_hmap_get(&s->resources, uri, strlen(uri));

	if (r)
		return r;
	r = calloc(1, sizeof(*r));
	if (!r || !(r->uri = strdup(uri))) {
		free(r);
		return NULL;
	}
	r->root = root;
	r->draft = draft;
	r->validation = validation;
	mcp_hmap_init(&r->dyn_json);
	mcp_hmap_init(&r->dynamic);
	if (mcp_hmap_put(&s->resources, uri, strlen(uri), r, NULL) < 0) {
		free_resource(r);
		return NULL;
	}
	return r;
}

/*
 * What the walk and the compiler know of each schema object, keyed by
 * its json_t: open addressing on the pointer itself. A schema of a few
 * thousand objects is compiled at every start of mcpc, and a hash map of
 * copied string keys cost a third of it.
 */
typedef struct node_slot {
	const json_t *key; /* NULL: empty */
	node_info *info;
	snode *node;
} node_slot;

struct node_table {
	node_slot *slots;
	size_t cap, count; /* cap a power of two */
};

static size_t ptr_hash(const json_t *j)
{
	uint64_t h = (uint64_t)(uintptr_t)j;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h;
}

/* The slot of @p j: its own, or the empty one it would take. */
static node_slot *slot_of(const struct node_table *t, const json_t *j)
{
	size_t i = ptr_hash(j) & (t->cap - 1);

	while (t->slots[i].key && t->slots[i].key != j)
		i = (i + 1) & (t->cap - 1);
	return &t->slots[i];
}

static node_slot *find_slot(const mcp_schema *s, const json_t *j)
{
	node_slot *sl;

	if (!s->walked || !s->walked->cap)
		return NULL;
	sl = slot_of(s->walked, j);
	return sl->key ? sl : NULL;
}

/* The slot of @p j, made when it has none. NULL when out of memory. */
static node_slot *take_slot(mcp_schema *s, const json_t *j)
{
	struct node_table *t = s->walked;
	node_slot *sl;
	size_t i;

	if (!t && !(t = s->walked = calloc(1, sizeof(*t))))
		return NULL;
	if ((t->count + 1) * 2 > t->cap) {
		struct node_table grown;
		grown.cap = t->cap ? t->cap * 2 : 1024;
		grown.count = t->count;
		if (!(grown.slots = calloc(grown.cap, sizeof(*grown.slots))))
			return NULL;
		for (i = 0; i < t->cap; i++)
			if (t->slots[i].key)
				*slot_of(&grown, t->slots[i].key) = t->slots[i];
		free(t->slots);
		*t = grown;
	}
	sl = slot_of(t, j);
	if (!sl->key) {
		sl->key = j;
		t->count++;
	}
	return sl;
}

static void free_table(struct node_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->cap; i++)
		if (t->slots[i].info) {
			free(t->slots[i].info->pointer);
			free(t->slots[i].info);
		}
	free(t->slots);
	free(t);
}

static node_info *get_info(const mcp_schema *s, const json_t *j)
{
	node_slot *sl = find_slot(s, j);
	return sl ? sl->info : NULL;
}

/* ---- dialects ---- */

static int known_draft(const char *uri, mcp_draft *draft)
{
	size_t n = strlen(uri);
	char u[128];

	if (n >= sizeof(u))
		return 0;
	memcpy(u, uri, n + 1);
	if (n && u[n - 1] == '#')
		u[--n] = '\0';
	if (strcmp(u, DRAFT2020 "schema") == 0 ||
	    strcmp(u, "https://json-schema.org/draft/2019-09/schema") == 0) {
		*draft = MCP_DRAFT_2020_12;
		return 1;
	}
	if (strcmp(u, "http://json-schema.org/draft-07/schema") == 0 ||
	    strcmp(u, "http://json-schema.org/draft-06/schema") == 0 ||
	    strcmp(u, "https://json-schema.org/draft-07/schema") == 0) {
		*draft = MCP_DRAFT_7;
		return 1;
	}
	if (strcmp(u, "http://json-schema.org/draft-04/schema") == 0 ||
	    strcmp(u, "https://json-schema.org/draft-04/schema") == 0) {
		*draft = MCP_DRAFT_4;
		return 1;
	}
	return 0;
}

static json_t *load_document(compiler *C, const char *uri);

/*
 * The dialect a "$schema" value names: a known draft, or a metaschema of
 * ours to read (its own "$schema", and its "$vocabulary" for whether the
 * validation vocabulary is on).
 */
static int dialect_of(compiler *C, const char *uri, mcp_draft *draft,
                      int *validation)
{
	json_t *meta, *vocab, *inner;

	*validation = 1;
	if (known_draft(uri, draft))
		return 0;
	if (C->depth > 8) {
		broken(C->s, uri, "metaschemas refer to each other in a loop");
		return -1;
	}
	meta = load_document(C, uri);
	if (!meta) {
		broken(C->s, NULL, "unknown metaschema '%s' in \"$schema\"",
		       uri);
		return -1;
	}
	inner = json_object_get(meta, "$schema");
	*draft = MCP_DRAFT_2020_12;
	if (json_is_string(inner) &&
	    strcmp(json_string_value(inner), uri) != 0) {
		int ignored;
		C->depth++;
		if (dialect_of(C, json_string_value(inner), draft, &ignored) <
		    0) {
			C->depth--;
			return -1;
		}
		C->depth--;
	}
	vocab = json_object_get(meta, "$vocabulary");
	if (json_is_object(vocab))
		*validation = json_object_get(vocab, VOCAB_VALIDATION) != NULL;
	return 0;
}

/* ---- the walk: resources, anchors, base URIs ---- */

static int walk(compiler *C, json_t *j, const char *base, mcp_draft draft,
                resource *res, int validation, mcp_buf *ptr);

static int walk_child(compiler *C, json_t *j, const char *base, mcp_draft draft,
                      resource *res, int validation, mcp_buf *ptr,
                      const char *k1, const char *k2)
{
	size_t len = ptr->len;
	int rc;
	const char *parts[2] = {k1, k2};
	int i;

	for (i = 0; i < 2 && parts[i]; i++)
		mcp_buf_put_token(ptr, parts[i], strlen(parts[i]));
	rc = walk(C, j, base, draft, res, validation, ptr);
	mcp_buf_truncate(ptr, len);
	return rc;
}

/* Keywords whose value is a schema, a map of schemas, or a list of them. */
static const char *const single_kw[] = {"additionalProperties",
                                        "unevaluatedProperties",
                                        "propertyNames",
                                        "items",
                                        "contains",
                                        "unevaluatedItems",
                                        "not",
                                        "if",
                                        "then",
                                        "else",
                                        "additionalItems",
                                        "contentSchema",
                                        NULL};
static const char *const map_kw[] = {"$defs",
                                     "definitions",
                                     "properties",
                                     "patternProperties",
                                     "dependentSchemas",
                                     "dependencies",
                                     NULL};
static const char *const list_kw[] = {"allOf",       "anyOf", "oneOf",
                                      "prefixItems", "items", NULL};

static int register_anchor(compiler *C, const char *base, const char *name,
                           json_t *j)
{
	mcp_buf key;
	int rc;

	mcp_buf_init(&key);
	mcp_buf_printf(&key, "%s#%s", base, name);
	rc = key.oom ? MCP_ENOMEM
	             : mcp_hmap_put(&C->s->anchors, key.ptr, key.len, j, NULL);
	mcp_buf_free(&key);
	return rc;
}

static int walk(compiler *C, json_t *j, const char *base, mcp_draft draft,
                resource *res, int validation, mcp_buf *ptr)
{
	mcp_schema *s = C->s;
	node_info *info;
	json_t *v, *sch;
	const char *k;
	const char *id_kw = draft == MCP_DRAFT_4 ? "id" : "$id";
	mcp_buf newbase;
	int i, rc = 0;

	if (get_info(s, j))
		return 0; /* seen (a document registered twice) */
	mcp_buf_init(&newbase);
	if (json_is_object(j)) {
		sch = json_object_get(j, "$schema");
		if (json_is_string(sch) && dialect_of(C, json_string_value(sch),
		                                      &draft, &validation) < 0)
			return MCP_EPARSE;
		id_kw = draft == MCP_DRAFT_4 ? "id" : "$id";
		v = json_object_get(j, id_kw);
		if (json_is_string(v) && !(draft != MCP_DRAFT_2020_12 &&
		                           json_object_get(j, "$ref"))) {
			const char *id = json_string_value(v);
			size_t ulen;
			const char *frag;
			mcp_buf_clear(&newbase);
			mcp_uri_resolve(&newbase, base, id);
			frag = mcp_uri_fragment(newbase.ptr, &ulen);
			if (*frag && draft != MCP_DRAFT_2020_12 &&
			    id[0] == '#') {
				/* draft 7/4: "$id": "#name" is an anchor */
				rc = register_anchor(C, base, id + 1, j);
				mcp_buf_clear(&newbase);
			} else if (ulen > 0 || id[0] != '#') {
				mcp_buf_truncate(&newbase, ulen);
				res = add_resource(s, newbase.ptr, j, draft,
				                   validation);
				if (!res) {
					mcp_buf_free(&newbase);
					return MCP_ENOMEM;
				}
				base = res->uri;
				mcp_buf_truncate(ptr, 0);
			} else {
				mcp_buf_clear(&newbase);
			}
		}
	}
	info = calloc(1, sizeof(*info));
	if (!info || !(info->pointer = strdup(ptr->ptr))) {
		free(info);
		mcp_buf_free(&newbase);
		return MCP_ENOMEM;
	}
	info->res = res;
	info->base = res->uri;
	info->draft = draft;
	info->validation = validation;
	{
		node_slot *sl = take_slot(s, j);
		if (!sl) {
			free(info->pointer);
			free(info);
			mcp_buf_free(&newbase);
			return MCP_ENOMEM;
		}
		sl->info = info;
	}
	mcp_buf_free(&newbase);
	if (!json_is_object(j) || rc < 0)
		return rc;
	if (draft == MCP_DRAFT_2020_12) {
		v = json_object_get(j, "$anchor");
		if (json_is_string(v))
			rc = register_anchor(C, base, json_string_value(v), j);
		v = json_object_get(j, "$dynamicAnchor");
		if (rc == 0 && json_is_string(v)) {
			const char *name = json_string_value(v);
			rc = register_anchor(C, base, name, j);
			if (rc == 0 && mcp_hmap_put(&res->dyn_json, name,
			                            strlen(name), j, NULL) < 0)
				rc = MCP_ENOMEM;
		}
	}
	for (i = 0; rc == 0 && single_kw[i]; i++) {
		v = json_object_get(j, single_kw[i]);
		if (v && !json_is_array(v))
			rc = walk_child(C, v, base, draft, res, validation, ptr,
			                single_kw[i], NULL);
	}
	for (i = 0; rc == 0 && map_kw[i]; i++) {
		json_t *m = json_object_get(j, map_kw[i]);
		if (!json_is_object(m))
			continue;
		json_object_foreach(m, k, v)
		{
			if (rc == 0 && !json_is_array(v))
				rc = walk_child(C, v, base, draft, res,
				                validation, ptr, map_kw[i], k);
		}
	}
	for (i = 0; rc == 0 && list_kw[i]; i++) {
		json_t *a = json_object_get(j, list_kw[i]);
		size_t n;
		if (!json_is_array(a))
			continue;
		for (n = 0; rc == 0 && n < json_array_size(a); n++) {
			char idx[24];
			snprintf(idx, sizeof(idx), "%zu", n);
			rc = walk_child(C, json_array_get(a, n), base, draft,
			                res, validation, ptr, list_kw[i], idx);
		}
	}
	return rc;
}

/* Register and walk a whole document found at @p uri. */
static int add_document(compiler *C, json_t *doc, const char *uri,
                        mcp_draft draft)
{
	resource *res;
	mcp_buf ptr;
	int rc;

	if (json_array_append(C->s->docs, doc) < 0)
		return MCP_ENOMEM;
	res = add_resource(C->s, uri, doc, draft, 1);
	if (!res)
		return MCP_ENOMEM;
	mcp_buf_init(&ptr);
	rc = walk(C, doc, res->uri, draft, res, 1, &ptr);
	mcp_buf_free(&ptr);
	return rc;
}

/* The local file for @p uri: file: URIs and the URI-prefix table. */
static int local_path(const mcp_schema *s, const char *uri, mcp_buf *path)
{
	size_t i, best = 0, found = 0;

	if (strncmp(uri, "file://", 7) == 0) {
		return mcp_uri_unescape(path, uri + 7, strlen(uri + 7));
	}
	for (i = 0; i < s->opts.nref_map; i++) {
		size_t n = strlen(s->ref_map[i].prefix);
		if (n > best && strncmp(uri, s->ref_map[i].prefix, n) == 0) {
			best = n;
			found = i + 1;
		}
	}
	if (!found)
		return -1;
	mcp_buf_puts(path, s->ref_map[found - 1].dir);
	if (path->len && path->ptr[path->len - 1] != '/' && uri[best] != '/')
		mcp_buf_putc(path, '/');
	mcp_buf_puts(path, uri + best);
	return 0;
}

/* The document at @p uri (without fragment), loading it when needed. */
static json_t *load_document(compiler *C, const char *uri)
{
	mcp_schema *s = C->s;
	resource *r = mcp_hmap_get(&s->resources, uri, strlen(uri));
	mcp_buf path;
	mcp_diag *scratch = NULL;
	mcp_source *src = NULL;
	json_t *doc = NULL;
	int rc;

	if (r)
		return r->root;
	mcp_buf_init(&path);
	if (local_path(s, uri, &path) < 0 || path.oom)
		goto done;
	if (mcp_diag_new(&scratch) < 0)
		goto done;
	rc = mcp_source_load_file(&src, path.ptr, s->opts.load, scratch);
	if (rc < 0 || !src || mcp_source_doc_count(src) != 1)
		goto done; /* the caller says what it could not resolve */
	doc = mcp_source_doc(src, 0);
	if (add_document(C, doc, uri, s->opts.default_draft) < 0)
		doc = NULL;
done:
	mcp_source_free(src);
	mcp_diag_free(scratch);
	mcp_buf_free(&path);
	/* The document lives on in s->docs. */
	return doc;
}

/* ---- compiling snodes ---- */

static snode *compile(compiler *C, json_t *j);

/* A non-negative integer keyword (2.0 counts as 2); -1 when absent. */
static long count_kw(compiler *C, json_t *j, const char *kw, const char *loc)
{
	json_t *v = json_object_get(j, kw);
	double d;

	if (!v)
		return -1;
	if (json_is_integer(v) && json_integer_value(v) >= 0)
		return (long)json_integer_value(v);
	if (json_is_real(v)) {
		d = json_real_value(v);
		if (d >= 0 && d == (double)(long)d)
			return (long)d;
	}
	broken(C->s, NULL, "%s/%s must be a non-negative integer", loc, kw);
	return -1;
}

static unsigned type_bit(const char *t)
{
	static const struct {
		const char *name;
		unsigned bit;
	} types[] = {{"null", T_NULL},      {"boolean", T_BOOLEAN},
	             {"object", T_OBJECT},  {"array", T_ARRAY},
	             {"number", T_NUMBER},  {"string", T_STRING},
	             {"integer", T_INTEGER}};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(t, types[i].name) == 0)
			return types[i].bit;
	return 0;
}

static pcre2_code *regex(compiler *C, const char *text, const char *loc)
{
	pcre2_code *re = mcp_hmap_get(&C->s->regexes, text, strlen(text));
	char msg[160];

	if (re)
		return re;
	re = mcp_regex_compile(text, msg, sizeof(msg));
	if (!re) {
		broken(C->s, NULL, "%s: invalid regular expression '%s': %s",
		       loc, text, msg);
		return NULL;
	}
	if (mcp_hmap_put(&C->s->regexes, text, strlen(text), re, NULL) < 0) {
		pcre2_code_free(re);
		return NULL;
	}
	return re;
}

static int add_pending(compiler *C, snode *from, const char *base,
                       const char *ref, int dynamic)
{
	pending_ref *p = calloc(1, sizeof(*p));
	mcp_buf uri;

	if (!p)
		return MCP_ENOMEM;
	mcp_buf_init(&uri);
	mcp_uri_resolve(&uri, base, ref);
	p->uri = mcp_buf_detach(&uri);
	if (!p->uri) {
		free(p);
		return MCP_ENOMEM;
	}
	p->from = from;
	p->dynamic = dynamic;
	p->next = C->pending;
	C->pending = p;
	return 0;
}

static snode **compile_list(compiler *C, json_t *a, size_t *n, int *bad)
{
	snode **list;
	size_t i;

	*n = json_array_size(a);
	if (!json_is_array(a) || *n == 0) {
		*bad = 1;
		*n = 0;
		return NULL;
	}
	list = calloc(*n, sizeof(*list));
	if (!list) {
		*bad = 1;
		return NULL;
	}
	for (i = 0; i < *n; i++)
		if (!(list[i] = compile(C, json_array_get(a, i))))
			*bad = 1;
	return list;
}

static named_schema *compile_map(compiler *C, json_t *m, size_t *n, int *bad,
                                 int skip_arrays)
{
	named_schema *list;
	const char *k;
	json_t *v;
	size_t i = 0;

	*n = json_object_size(m);
	if (*n == 0)
		return NULL;
	list = calloc(*n, sizeof(*list));
	if (!list) {
		*bad = 1;
		return NULL;
	}
	json_object_foreach(m, k, v)
	{
		if (skip_arrays && json_is_array(v))
			continue;
		list[i].name = k;
		list[i].len = strlen(k);
		if (!(list[i].s = compile(C, v)))
			*bad = 1;
		i++;
	}
	*n = i;
	return list;
}

/* A number keyword; a finding when it is not a number. */
static int number_kw(compiler *C, const snode *n, json_t *j, const char *kw,
                     json_t **out)
{
	json_t *v = json_object_get(j, kw);

	if (!v)
		return 0;
	if (!json_is_number(v)) {
		broken(C->s, NULL, "%s: %s must be a number", n->loc, kw);
		return -1;
	}
	*out = v;
	return 0;
}

/* One "type" name; a finding (with a suggestion) when it is unknown. */
static unsigned type_kw(compiler *C, const snode *n, const json_t *t)
{
	static const char *const names[] = {"null",   "boolean", "object",
	                                    "array",  "number",  "string",
	                                    "integer"};
	const char *name = json_string_value(t);
	unsigned bit = name ? type_bit(name) : 0;
	size_t i, best = (size_t)-1, k = 0;

	if (bit)
		return bit;
	for (i = 0; name && i < sizeof(names) / sizeof(names[0]); i++) {
		size_t d = mcp_edit_distance(name, strlen(name), names[i],
		                             strlen(names[i]));
		if (d < best) {
			best = d;
			k = i;
		}
	}
	if (name && best <= 2)
		broken(C->s, NULL, "%s: unknown type '%s' (did you mean '%s'?)",
		       n->loc, name, names[k]);
	else
		broken(C->s, NULL,
		       "%s: \"type\" takes null, boolean, object, "
		       "array, number, string or integer",
		       n->loc);
	return 0;
}

/* Everything about objects: properties and their relatives. */
static void compile_object_kw(compiler *C, snode *n, json_t *j, int *bad)
{
	json_t *v, *deps;
	const char *k;
	size_t i;

	v = json_object_get(j, "properties");
	if (json_is_object(v)) {
		n->prop_list = compile_map(C, v, &n->nprops, bad, 0);
		for (i = 0; i < n->nprops; i++)
			if (mcp_hmap_put(&n->props, n->prop_list[i].name,
			                 n->prop_list[i].len, n->prop_list[i].s,
			                 NULL) < 0)
				*bad = 1;
	}
	v = json_object_get(j, "patternProperties");
	if (json_is_object(v) && json_object_size(v)) {
		n->pattern_props =
		    calloc(json_object_size(v), sizeof(*n->pattern_props));
		json_object_foreach(v, k, deps)
		{
			pattern_schema *ps;
			if (!n->pattern_props)
				break;
			ps = &n->pattern_props[n->npattern_props++];
			ps->re = regex(C, k, n->loc);
			ps->s = compile(C, deps);
			if (!ps->re || !ps->s)
				*bad = 1;
		}
	}
	if ((v = json_object_get(j, "additionalProperties")))
		n->additional_props = compile(C, v);
	if (n->draft != MCP_DRAFT_4 &&
	    (v = json_object_get(j, "propertyNames")))
		n->property_names = compile(C, v);
	if (n->draft == MCP_DRAFT_2020_12 &&
	    (v = json_object_get(j, "unevaluatedProperties")))
		n->unevaluated_props = compile(C, v);
	v = json_object_get(j, "required");
	if (json_is_array(v))
		n->required = v;
	/* draft 7/4 "dependencies" (also read in 2020-12, as the
	 * specification suggests for compatibility) */
	deps = json_object_get(j, "dependencies");
	if (n->draft == MCP_DRAFT_2020_12 &&
	    !json_object_get(j, "dependencies"))
		deps = json_object_get(j, "dependentSchemas");
	if (json_is_object(deps))
		n->dep_schemas = compile_map(C, deps, &n->ndep_schemas, bad, 1);
	if (n->draft == MCP_DRAFT_2020_12 &&
	    !json_object_get(j, "dependencies"))
		deps = json_object_get(j, "dependentRequired");
	if (json_is_object(deps) && json_object_size(deps)) {
		n->dep_required =
		    calloc(json_object_size(deps), sizeof(*n->dep_required));
		json_object_foreach(deps, k, v)
		{
			if (!n->dep_required || !json_is_array(v))
				continue;
			n->dep_required[n->ndep_required].name = k;
			n->dep_required[n->ndep_required].len = strlen(k);
			n->dep_required[n->ndep_required++].names = v;
		}
	}
	n->min_props = count_kw(C, j, "minProperties", n->loc);
	n->max_props = count_kw(C, j, "maxProperties", n->loc);
}

static void compile_array_kw(compiler *C, snode *n, json_t *j, int *bad)
{
	json_t *v = json_object_get(j, "items");

	if (n->draft == MCP_DRAFT_2020_12) {
		json_t *p = json_object_get(j, "prefixItems");
		if (p)
			n->prefix_items =
			    compile_list(C, p, &n->nprefix_items, bad);
		if (v)
			n->items = compile(C, v);
	} else if (json_is_array(v)) {
		if (json_array_size(v))
			n->prefix_items =
			    compile_list(C, v, &n->nprefix_items, bad);
		if ((v = json_object_get(j, "additionalItems")))
			n->items = compile(C, v);
	} else if (v) {
		n->items = compile(C, v);
	}
	if (n->draft != MCP_DRAFT_4 && (v = json_object_get(j, "contains")))
		n->contains = compile(C, v);
	if (n->draft == MCP_DRAFT_2020_12) {
		n->min_contains = count_kw(C, j, "minContains", n->loc);
		n->max_contains = count_kw(C, j, "maxContains", n->loc);
		if ((v = json_object_get(j, "unevaluatedItems")))
			n->unevaluated_items = compile(C, v);
	}
	n->min_items = count_kw(C, j, "minItems", n->loc);
	n->max_items = count_kw(C, j, "maxItems", n->loc);
	n->unique_items = json_is_true(json_object_get(j, "uniqueItems"));
}

static void compile_value_kw(compiler *C, snode *n, json_t *j, int *bad)
{
	json_t *v = json_object_get(j, "type");
	size_t i;

	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			unsigned b = type_kw(C, n, json_array_get(v, i));
			if (!b)
				*bad = 1;
			n->types |= b;
		}
	} else if (v && !(n->types = type_kw(C, n, v))) {
		*bad = 1;
	}
	if ((v = json_object_get(j, "enum")))
		n->enum_ = v;
	if (n->draft != MCP_DRAFT_4 && (v = json_object_get(j, "const"))) {
		n->const_ = v;
		n->has_const = 1;
	}
	if (number_kw(C, n, j, "minimum", &n->minimum) < 0 ||
	    number_kw(C, n, j, "maximum", &n->maximum) < 0 ||
	    number_kw(C, n, j, "multipleOf", &n->multiple_of) < 0)
		*bad = 1;
	if (n->draft == MCP_DRAFT_4) {
		if (json_is_true(json_object_get(j, "exclusiveMinimum"))) {
			n->ex_minimum = n->minimum;
			n->minimum = NULL;
		}
		if (json_is_true(json_object_get(j, "exclusiveMaximum"))) {
			n->ex_maximum = n->maximum;
			n->maximum = NULL;
		}
	} else if (number_kw(C, n, j, "exclusiveMinimum", &n->ex_minimum) < 0 ||
	           number_kw(C, n, j, "exclusiveMaximum", &n->ex_maximum) < 0) {
		*bad = 1;
	}
	n->min_length = count_kw(C, j, "minLength", n->loc);
	n->max_length = count_kw(C, j, "maxLength", n->loc);
	v = json_object_get(j, "pattern");
	if (json_is_string(v)) {
		n->pattern_text = json_string_value(v);
		if (!(n->pattern = regex(C, n->pattern_text, n->loc)))
			*bad = 1;
		else if ((n->pattern_simple =
		              malloc(sizeof(mcp_regex_simple))) &&
		         !mcp_regex_simple_compile(n->pattern_text,
		                                   n->pattern_simple)) {
			free(n->pattern_simple);
			n->pattern_simple = NULL;
		}
	}
	v = json_object_get(j, "format");
	if (json_is_string(v)) {
		n->format = json_string_value(v);
		n->format_check = mcp_format_always(n->format);
		if (!n->format_check && C->s->opts.strict_formats)
			n->format_check = mcp_format_lookup(n->format);
	}
}

static void compile_applicators(compiler *C, snode *n, json_t *j, int *bad,
                                const char *base)
{
	json_t *v;

	if ((v = json_object_get(j, "allOf")))
		n->all_of = compile_list(C, v, &n->nall_of, bad);
	if ((v = json_object_get(j, "anyOf")))
		n->any_of = compile_list(C, v, &n->nany_of, bad);
	if ((v = json_object_get(j, "oneOf")))
		n->one_of = compile_list(C, v, &n->none_of, bad);
	if ((v = json_object_get(j, "not")))
		n->not_ = compile(C, v);
	if (n->draft != MCP_DRAFT_4 && (v = json_object_get(j, "if"))) {
		n->if_ = compile(C, v);
		if ((v = json_object_get(j, "then")))
			n->then_ = compile(C, v);
		if ((v = json_object_get(j, "else")))
			n->else_ = compile(C, v);
	}
	if (n->draft == MCP_DRAFT_2020_12 &&
	    json_is_string(v = json_object_get(j, "$dynamicRef")) &&
	    add_pending(C, n, base, json_string_value(v), 1) < 0)
		*bad = 1;
	v = json_object_get(j, "$dynamicAnchor");
	if (n->draft == MCP_DRAFT_2020_12 && json_is_string(v))
		n->dynamic_anchor = json_string_value(v);
}

static snode *new_node(mcp_schema *s, json_t *j)
{
	snode *n;

	if (s->nall == s->capall) {
		size_t cap = s->capall ? s->capall * 2 : 64;
		snode **all = realloc(s->all, cap * sizeof(*all));
		if (!all)
			return NULL;
		s->all = all;
		s->capall = cap;
	}
	n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	s->all[s->nall++] = n;
	n->json = j;
	n->boolean = -1;
	n->min_props = n->max_props = -1;
	n->min_items = n->max_items = -1;
	n->min_contains = n->max_contains = -1;
	n->min_length = n->max_length = -1;
	mcp_hmap_init(&n->props);
	return n;
}

static snode *compile(compiler *C, json_t *j)
{
	mcp_schema *s = C->s;
	node_slot *sl = find_slot(s, j);
	snode *n = sl ? sl->node : NULL;
	node_info *info;
	json_t *v;
	int bad = 0;
	mcp_buf loc;

	if (n)
		return n;
	info = get_info(s, j);
	if (!info) {
		/* Not a schema position the walk knew: reached by a pointer
		 * into unknown keywords. The caller walked it first. */
		broken(s, NULL, "internal: schema node without a walk");
		return NULL;
	}
	if (!json_is_object(j) && !json_is_boolean(j)) {
		broken(s, NULL,
		       "%s#%s: a schema must be an object or a boolean",
		       info->base, info->pointer);
		return NULL;
	}
	if (!(n = new_node(s, j)) || !(sl = take_slot(s, j))) {
		s->broken = 1;
		return NULL;
	}
	sl->node = n;
	n->res = info->res;
	n->draft = info->draft;
	n->validation = info->validation;
	mcp_buf_init(&loc);
	mcp_buf_printf(&loc, "%s#%s", info->base, info->pointer);
	n->loc = mcp_buf_detach(&loc);
	if (json_is_boolean(j)) {
		n->boolean = json_is_true(j);
		return n;
	}
	v = json_object_get(j, "title");
	if (json_is_string(v))
		n->title = json_string_value(v);
	v = json_object_get(j, "$ref");
	if (json_is_string(v)) {
		if (add_pending(C, n, info->base, json_string_value(v), 0) < 0)
			bad = 1;
		if (n->draft != MCP_DRAFT_2020_12) {
			n->ref_only = 1;
			return n;
		}
	}
	compile_value_kw(C, n, j, &bad);
	compile_object_kw(C, n, j, &bad);
	compile_array_kw(C, n, j, &bad);
	compile_applicators(C, n, j, &bad, info->base);
	if (bad && !s->broken)
		broken(s, NULL, "%s: a keyword has a value of the wrong kind",
		       n->loc);
	return n;
}

/*
 * Follow JSON Pointer @p frag (already %-decoded) from @p root. Walks the
 * target if the walk did not reach it (a pointer into an unknown keyword),
 * with the base and dialect of its nearest known ancestor.
 */
static json_t *follow_pointer(compiler *C, json_t *root, const char *frag)
{
	json_t *cur = root;
	node_info *known = get_info(C->s, root);
	const char *p = frag;
	mcp_buf tok, ptr;
	int rc = 0;

	mcp_buf_init(&tok);
	mcp_buf_init(&ptr);
	if (known)
		mcp_buf_puts(&ptr, known->pointer);
	while (cur && *p == '/') {
		const char *e = strchr(p + 1, '/');
		size_t len = e ? (size_t)(e - p - 1) : strlen(p + 1), i;
		mcp_buf_clear(&tok);
		for (i = 0; i < len; i++) {
			char c = p[1 + i];
			if (c == '~' && i + 1 < len && p[2 + i] == '0')
				mcp_buf_putc(&tok, '~'), i++;
			else if (c == '~' && i + 1 < len && p[2 + i] == '1')
				mcp_buf_putc(&tok, '/'), i++;
			else
				mcp_buf_putc(&tok, c);
		}
		if (json_is_object(cur)) {
			cur = json_object_getn(cur, tok.ptr, tok.len);
		} else if (json_is_array(cur)) {
			uint64_t idx;
			cur =
			    mcp_num_index(tok.ptr, tok.len, SIZE_MAX, &idx) < 0
			        ? NULL
			        : json_array_get(cur, (size_t)idx);
		} else {
			cur = NULL;
		}
		mcp_buf_put(&ptr, p, len + 1);
		if (cur && get_info(C->s, cur)) {
			known = get_info(C->s, cur);
			mcp_buf_clear(&ptr);
			mcp_buf_puts(&ptr, known->pointer);
		}
		p += len + 1;
	}
	if (cur && known && !get_info(C->s, cur))
		rc = walk(C, cur, known->base, known->draft, known->res,
		          known->validation, &ptr);
	mcp_buf_free(&tok);
	mcp_buf_free(&ptr);
	return rc < 0 ? NULL : cur;
}

/* The schema object a resolved URI names, or NULL (a finding says why). */
static json_t *resolve(compiler *C, const char *uri)
{
	size_t ulen;
	const char *frag = mcp_uri_fragment(uri, &ulen);
	char *doc_uri = strndup(uri, ulen);
	json_t *root, *target = NULL;
	mcp_buf key, dec;

	if (!doc_uri)
		return NULL;
	mcp_buf_init(&key);
	mcp_buf_init(&dec);
	if (*frag && *frag != '/') {
		mcp_buf_printf(&key, "%s#%s", doc_uri, frag);
		target = mcp_hmap_get(&C->s->anchors, key.ptr, key.len);
		if (!target && load_document(C, doc_uri))
			target = mcp_hmap_get(&C->s->anchors, key.ptr, key.len);
	} else {
		root = load_document(C, doc_uri);
		if (root && mcp_uri_unescape(&dec, frag, strlen(frag)) == 0)
			target = follow_pointer(C, root, dec.ptr);
	}
	free(doc_uri);
	mcp_buf_free(&key);
	mcp_buf_free(&dec);
	return target;
}

static int resolve_pending(compiler *C)
{
	while (C->pending) {
		pending_ref *p = C->pending;
		json_t *target;
		snode *t;
		C->pending = p->next;
		target = resolve(C, p->uri);
		t = target ? compile(C, target) : NULL;
		if (!target && !C->s->broken) {
			/* Only an error where validation reaches it, as a
			 * schema may keep dangling references in corners. */
			warn_unresolved(C->s, p->from, p->uri);
			p->from->unresolved = p->uri;
			p->uri = NULL;
		}
		if (t && p->dynamic) {
			size_t ulen;
			const char *frag = mcp_uri_fragment(p->uri, &ulen);
			p->from->dynref = t;
			if (t->dynamic_anchor &&
			    strcmp(t->dynamic_anchor, frag) == 0)
				p->from->dynref_anchor = t->dynamic_anchor;
		} else if (t) {
			p->from->ref = t;
		}
		free(p->uri);
		free(p);
		if (C->s->broken)
			return MCP_EPARSE;
	}
	return 0;
}

/* The first dynamic anchor not compiled yet, or NULL. */
static json_t *next_dynamic(mcp_schema *s, resource **res,
                            const mcp_hmap_slot **slot)
{
	size_t i, j;

	for (i = 0; i < s->resources.cap; i++) {
		resource *r = s->resources.slots[i].value;
		if (!s->resources.slots[i].key)
			continue;
		for (j = 0; j < r->dyn_json.cap; j++) {
			const mcp_hmap_slot *sl = &r->dyn_json.slots[j];
			if (sl->key &&
			    !mcp_hmap_get(&r->dynamic, sl->key, sl->keylen)) {
				*res = r;
				*slot = sl;
				return sl->value;
			}
		}
	}
	return NULL;
}

/* Compile every resource's dynamic anchors: the dynamic scope may reach
 * them without any reference naming them. Compiling one may load more
 * resources, so the search starts over each time. */
static int compile_dynamic(compiler *C)
{
	resource *r;
	const mcp_hmap_slot *sl;
	json_t *j;

	while ((j = next_dynamic(C->s, &r, &sl)) != NULL) {
		char *name = strndup(sl->key, sl->keylen);
		snode *n = compile(C, j);
		int rc = !name || !n ? MCP_EPARSE
		                     : mcp_hmap_put(&r->dynamic, name,
		                                    strlen(name), n, NULL);
		free(name);
		if (rc < 0 || resolve_pending(C) < 0)
			return MCP_EPARSE;
	}
	return 0;
}

static void free_regex(void *p)
{
	pcre2_code_free(p);
}

void mcp_schema_free(mcp_schema *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nall; i++) {
		snode *n = s->all[i];
		mcp_schema_unprepare(n);
		free(n->loc);
		free(n->unresolved);
		free(n->all_of);
		free(n->any_of);
		free(n->one_of);
		free(n->dep_schemas);
		mcp_hmap_free(&n->props, NULL);
		free(n->prop_list);
		free(n->pattern_props);
		free(n->pattern_simple);
		free(n->dep_required);
		free(n->prefix_items);
		free(n);
	}
	free(s->all);
	mcp_hmap_free(&s->resources, free_resource);
	mcp_hmap_free(&s->anchors, NULL);
	free_table(s->walked);
	mcp_hmap_free(&s->regexes, free_regex);
	for (i = 0; i < s->opts.nref_map; i++) {
		free((char *)s->ref_map[i].prefix);
		free((char *)s->ref_map[i].dir);
	}
	free(s->ref_map);
	json_decref(s->docs);
	free(s);
}

int mcp_schema_compile(mcp_schema **out, json_t *schema, const char *uri,
                       const mcp_schema_opts *opts, mcp_diag *diag)
{
	mcp_schema *s = calloc(1, sizeof(*s));
	compiler C;
	size_t i;
	int rc;

	*out = NULL;
	if (!s)
		return MCP_ENOMEM;
	if (opts)
		s->opts = *opts;
	else
		mcp_schema_opts_init(&s->opts);
	s->diag = diag;
	s->docs = json_array();
	mcp_hmap_init(&s->resources);
	mcp_hmap_init(&s->anchors);

	mcp_hmap_init(&s->regexes);
	if (s->opts.nref_map) {
		s->ref_map = calloc(s->opts.nref_map, sizeof(*s->ref_map));
		for (i = 0; s->ref_map && i < s->opts.nref_map; i++) {
			s->ref_map[i].prefix = xstrdup(opts->ref_map[i].prefix);
			s->ref_map[i].dir = xstrdup(opts->ref_map[i].dir);
		}
	}
	if (!s->docs || (s->opts.nref_map && !s->ref_map)) {
		mcp_schema_free(s);
		return MCP_ENOMEM;
	}
	memset(&C, 0, sizeof(C));
	C.s = s;
	for (i = 0, rc = 0; i < s->opts.npreload && rc == 0; i++) {
		json_t *id = json_object_get(s->opts.preload[i], "$id");
		if (!json_is_string(id))
			broken(s, NULL, "a preloaded schema has no \"$id\"");
		else
			rc = add_document(&C, s->opts.preload[i],
			                  json_string_value(id),
			                  s->opts.default_draft);
	}
	if (rc == 0 && !s->broken)
		rc = add_document(&C, schema, uri ? uri : "",
		                  s->opts.default_draft);
	if (rc == 0 && !s->broken)
		s->root = compile(&C, schema);
	s->opts.preload = NULL; /* the caller's array: not kept */
	s->opts.npreload = 0;
	if (rc == 0 && s->root)
		rc = resolve_pending(&C);
	if (rc == 0 && !s->broken)
		rc = compile_dynamic(&C);
	if (rc == 0 && !s->broken)
		rc = mcp_schema_prepare(s);
	while (C.pending) {
		pending_ref *p = C.pending;
		C.pending = p->next;
		free(p->uri);
		free(p);
	}
	s->diag = NULL;
	if (rc == MCP_ENOMEM || (rc == 0 && !s->root && !s->broken)) {
		mcp_schema_free(s);
		return MCP_ENOMEM;
	}
	if (rc < 0 || s->broken) {
		mcp_schema_free(s);
		return MCP_EPARSE;
	}
	*out = s;
	return 0;
}
