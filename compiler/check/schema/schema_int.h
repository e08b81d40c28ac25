/*
 * schema_int.h: the compiled form of a JSON Schema. Every schema object
 * becomes an snode: its keywords parsed, its regexes compiled, its
 * references resolved to other snodes. Validation (schema_validate.c)
 * walks snodes; it never looks at the schema's JSON again.
 */
#ifndef MCPC_CHECK_SCHEMA_INT_H
#define MCPC_CHECK_SCHEMA_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "mcpc/mcpc.h"
#include "mcpc/schema.h"
#include "support/hmap.h"

/* Rule ids of schema findings (docs/rules.md). */
#define RULE_SCHEMA_BROKEN   "MCP-SCHEMA-000"
#define RULE_SCHEMA_UNKNOWN  "MCP-SCHEMA-001"
#define RULE_SCHEMA_TYPE     "MCP-SCHEMA-002"
#define RULE_SCHEMA_VALUE    "MCP-SCHEMA-003"
#define RULE_SCHEMA_REQUIRED "MCP-SCHEMA-004"
#define RULE_SCHEMA_PATTERN  "MCP-SCHEMA-005"
#define RULE_SCHEMA_RANGE    "MCP-SCHEMA-006"
#define RULE_SCHEMA_COMBINE  "MCP-SCHEMA-007"

/* JSON types as bits of snode.types. */
enum {
	T_NULL = 1,
	T_BOOLEAN = 2,
	T_OBJECT = 4,
	T_ARRAY = 8,
	T_NUMBER = 16,
	T_STRING = 32,
	T_INTEGER = 64
};

typedef struct snode snode;

/* A schema resource: a document, or a subschema with its own "$id". */
typedef struct resource {
	char *uri; /* absolute, without fragment; "" when unknown */
	json_t *root;
	mcp_draft draft;
	int validation;    /* the validation vocabulary applies (2020-12) */
	mcp_hmap dyn_json; /* $dynamicAnchor name -> json_t (from the walk) */
	mcp_hmap dynamic;  /* $dynamicAnchor name -> snode (compiled) */
} resource;

typedef struct named_schema {
	const char *name; /* owned by the schema JSON */
	size_t len;
	snode *s;
} named_schema;

typedef struct pattern_schema {
	pcre2_code *re;
	snode *s;
} pattern_schema;

typedef struct named_list {
	const char *name;
	size_t len;
	json_t *names; /* array of strings */
} named_list;

struct snode {
	json_t *json;  /* the schema object or boolean (borrowed) */
	int boolean;   /* -1: an object; 0: false; 1: true */
	resource *res; /* the innermost resource it belongs to */
	char *loc;     /* absolute keyword location: uri#pointer */
	mcp_draft draft;
	int validation; /* validation keywords apply */
	int ref_only;   /* draft 7/4: $ref present, siblings ignored */
	const char *title;

	/* applicators */
	char *unresolved; /* a reference that could not be resolved */
	snode *ref;
	snode *dynref;              /* the static target of $dynamicRef */
	const char *dynref_anchor;  /* its name, when it is dynamic */
	const char *dynamic_anchor; /* this node's own $dynamicAnchor */
	snode **all_of, **any_of, **one_of;
	size_t nall_of, nany_of, none_of;
	snode *not_, *if_, *then_, *else_;
	named_schema *dep_schemas;
	size_t ndep_schemas;

	/* objects */
	mcp_hmap props;          /* name -> snode */
	named_schema *prop_list; /* the same, in schema order */
	size_t nprops;
	pattern_schema *pattern_props;
	size_t npattern_props;
	snode *additional_props;
	snode *unevaluated_props;
	snode *property_names;
	json_t *required;
	named_list *dep_required;
	size_t ndep_required;
	long min_props, max_props; /* -1 when absent */

	/* arrays */
	snode **prefix_items;
	size_t nprefix_items;
	snode *items; /* applies after prefix_items */
	snode *contains;
	long min_contains, max_contains; /* -1 when absent */
	snode *unevaluated_items;
	long min_items, max_items;
	int unique_items;

	/* any type */
	unsigned types; /* 0: no "type" */
	json_t *enum_;
	json_t *const_;
	int has_const;

	/* numbers (json_t so integers stay exact) */
	json_t *minimum, *maximum, *ex_minimum, *ex_maximum, *multiple_of;

	/* strings */
	long min_length, max_length;
	pcre2_code *pattern;
	struct mcp_regex_simple *pattern_simple; /* the same without PCRE2,
	                                            or NULL (regex.h) */
	const char *pattern_text;
	const char *format;
	int (*format_check)(const char *s, size_t len);

	/* The validator's tables (schema_validate.c): NULL until
	 * mcp_schema_prepare, read-only after. */
	struct vtables *vt;
};

struct mcp_schema {
	mcp_schema_opts opts;
	mcp_ref_map *ref_map; /* copies of the caller's table */
	json_t *docs;         /* every document loaded (owned) */
	mcp_hmap resources;   /* uri -> resource */
	mcp_hmap anchors;     /* "uri#name" -> json_t (borrowed) */
	/* json_t pointer -> node_info (walk results) and snode: a table of
	 * pointers of schema_compile.c's */
	struct node_table *walked;
	mcp_hmap regexes; /* pattern text -> pcre2_code */
	snode **all;      /* every snode, for freeing */
	size_t nall, capall;
	snode *root;
	mcp_diag *diag; /* during compilation only */
	int broken;
	/* a node has "$dynamicRef" or "$dynamicAnchor": a verdict may depend
	 * on the dynamic scope, so the validity memo stays off */
	int dynamic;
};

/* What the walk learnt of a schema object: its base URI and dialect. */
typedef struct node_info {
	resource *res;
	const char *base; /* the resource's uri */
	mcp_draft draft;
	int validation; /* the validation vocabulary applies */
	char *pointer;  /* from the resource root */
} node_info;

/* Make every node's validator tables once the schema is compiled
 * (0 or MCP_ENOMEM), and free a node's (schema_validate.c). */
int mcp_schema_prepare(mcp_schema *s);
void mcp_schema_unprepare(snode *n);

/* Format checkers (schema_format.c): 1 valid, 0 invalid. */
typedef int (*format_fn)(const char *s, size_t len);
format_fn mcp_format_lookup(const char *name);
/* The formats asserted with or without --strict-formats (mcpc's own:
 * "quantity"), or NULL. */
format_fn mcp_format_always(const char *name);
/* What to tell the user about a value a format refused, or NULL. */
const char *mcp_format_hint(const char *name);

/* JSON equality as JSON Schema defines it (1 == 1.0), and a hash that
 * agrees with it (schema_validate.c). */
int mcp_json_equal(const json_t *a, const json_t *b);
uint64_t mcp_json_hash(const json_t *v);

/* "spec.services[0].name" for "/spec/services/0/name" (keys that are not
 * plain names in brackets), as messages show places; the document says
 * which tokens are array indexes. */
void mcp_pointer_dotted(mcp_buf *out, const char *ptr, const json_t *inst);

/* An RFC 3339 full-date, YYYY-MM-DD, that the calendar has
 * (schema_format.c). */
int mcp_date_valid(const char *s, size_t len);

/* The value at a JSON Pointer ("~0", "~1" escapes, array indexes), or
 * NULL (rules.c). */
json_t *mcp_pointer_get(json_t *root, const char *pointer);

#endif
