/*
 * schema_doc.c: a kind's schema as a field reference in Markdown (`mcpc
 * schema --doc KIND`, written to docs/spec.md by `make docs`): every field
 * with its type, whether it is required, its default, its constraints, its
 * description, where the MCP AI-102 standard asks for it and an example,
 * in the schema's own order. The standard's place is a property's
 * "$comment" that starts with "standard: "; a field without one takes its
 * parent's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define MAX_DEPTH 12

typedef struct doc {
	json_t *root; /* the schema, for "#/$defs/..." */
	mcp_buf *out;
	const char *chain[MAX_DEPTH]; /* the $defs being described */
	size_t nchain;
	const char
	    *standard[MAX_DEPTH + 1]; /* the standard's place, by depth */
} doc;

#define STANDARD "standard: "

/* Where the standard asks for the node's field: its own "$comment"
 * "standard: ...", else the one of the definitions it refers to, else
 * NULL. */
static const char *standard_of(const doc *d, json_t *node)
{
	int hops;

	for (hops = 0; node && hops < 8; hops++) {
		const char *c =
		    json_string_value(json_object_get(node, "$comment"));
		const char *ref;
		if (c && strncmp(c, STANDARD, strlen(STANDARD)) == 0)
			return c + strlen(STANDARD);
		ref = json_string_value(json_object_get(node, "$ref"));
		if (!ref || strncmp(ref, "#/$defs/", 8) != 0)
			break;
		node =
		    json_object_get(json_object_get(d->root, "$defs"), ref + 8);
	}
	return NULL;
}

/* A local reference's target (followed through further references), or
 * the node itself; *name is the first $defs entry named. */
static json_t *resolve(const doc *d, json_t *node, const char **name)
{
	int hops;

	*name = NULL;
	for (hops = 0; node && hops < 8; hops++) {
		const char *ref =
		    json_string_value(json_object_get(node, "$ref"));
		if (!ref || strncmp(ref, "#/$defs/", 8) != 0)
			break;
		if (!*name)
			*name = ref + 8;
		node =
		    json_object_get(json_object_get(d->root, "$defs"), ref + 8);
	}
	return node;
}

/* A keyword of the node, else of the definitions it refers to. */
static json_t *said(const doc *d, json_t *node, const char *key)
{
	int hops;

	for (hops = 0; node && hops < 8; hops++) {
		json_t *v = json_object_get(node, key);
		const char *ref;
		if (v)
			return v;
		ref = json_string_value(json_object_get(node, "$ref"));
		if (!ref || strncmp(ref, "#/$defs/", 8) != 0)
			break;
		node =
		    json_object_get(json_object_get(d->root, "$defs"), ref + 8);
	}
	return NULL;
}

/* Text for a table cell: one line, '|' escaped. */
static void cell(mcp_buf *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			mcp_buf_puts(out, "\\|");
		else if (*s == '\n' || *s == '\r' || *s == '\t')
			mcp_buf_putc(out, ' ');
		else
			mcp_buf_putc(out, *s);
	}
}

/* A JSON value, compact, in a code span. */
static void value(mcp_buf *out, json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	mcp_buf_putc(out, '`');
	cell(out, text ? text : "?");
	mcp_buf_putc(out, '`');
	free(text);
}

static void type_of(const doc *d, mcp_buf *out, json_t *node)
{
	json_t *t = json_object_get(node, "type"), *items;
	const char *name;
	size_t i;

	if (json_is_string(t)) {
		mcp_buf_puts(out, json_string_value(t));
		if (strcmp(json_string_value(t), "array") == 0 &&
		    (items = json_object_get(node, "items")) != NULL) {
			json_t *it = resolve(d, items, &name);
			mcp_buf_puts(out, " of ");
			if (json_is_string(json_object_get(it, "type")))
				mcp_buf_puts(out,
				             json_string_value(
				                 json_object_get(it, "type")));
			else
				mcp_buf_puts(out, "values");
		}
	} else if (json_is_array(t)) {
		for (i = 0; i < json_array_size(t); i++)
			mcp_buf_printf(out, "%s%s", i ? " or " : "",
			               json_string_value(json_array_get(t, i)));
	} else if (json_object_get(node, "enum") ||
	           json_object_get(node, "const")) {
		mcp_buf_puts(out, "string");
	} else if (json_object_get(node, "oneOf") ||
	           json_object_get(node, "anyOf")) {
		json_t *alts = json_object_get(node, "oneOf");
		if (!alts)
			alts = json_object_get(node, "anyOf");
		for (i = 0; i < json_array_size(alts); i++) {
			mcp_buf_puts(out, i ? " or " : "");
			type_of(d, out,
			        resolve(d, json_array_get(alts, i), &name));
		}
	} else {
		mcp_buf_puts(out, "any");
	}
}

/* The node's constraint keywords, "; " between them; then those of the
 * subschemas it applies in place (anyOf, oneOf, allOf, then, else), in
 * order, so that a number-or-string whose keywords apply each to its own
 * type ("minimum" under "if": number, "pattern" under "if": string) lists
 * them as one node with a union type did. *n counts what is written. */
static void constraint_list(const doc *d, mcp_buf *out, json_t *node, size_t *n,
                            int depth)
{
	static const char *const limits[] = {
	    "minimum",   "maximum",   "exclusiveMinimum", "exclusiveMaximum",
	    "minLength", "maxLength", "minItems",         "maxItems",
	    "format",    "pattern"};
	static const char *const lists[] = {"anyOf", "oneOf", "allOf"};
	static const char *const branches[] = {"then", "else"};
	json_t *v, *alts;
	const char *name;
	size_t i, k;

	if ((v = json_object_get(node, "enum")) != NULL) {
		mcp_buf_puts(out, (*n)++ ? "; one of " : "one of ");
		for (i = 0; i < json_array_size(v); i++) {
			mcp_buf_puts(out, i ? ", " : "");
			value(out, json_array_get(v, i));
		}
	}
	if ((v = json_object_get(node, "const")) != NULL) {
		mcp_buf_puts(out, (*n)++ ? "; " : "");
		mcp_buf_puts(out, "exactly ");
		value(out, v);
	}
	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		if (!(v = json_object_get(node, limits[i])))
			continue;
		mcp_buf_printf(out, "%s%s ", (*n)++ ? "; " : "", limits[i]);
		value(out, v);
	}
	if (json_is_false(json_object_get(node, "additionalProperties"))) {
		mcp_buf_puts(out, (*n)++ ? "; " : "");
		mcp_buf_puts(out, "no other keys");
	}
	if (depth >= 4)
		return;
	for (k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
		alts = json_object_get(node, lists[k]);
		for (i = 0; i < json_array_size(alts); i++)
			constraint_list(
			    d, out, resolve(d, json_array_get(alts, i), &name),
			    n, depth + 1);
	}
	for (k = 0; k < sizeof(branches) / sizeof(branches[0]); k++)
		if ((v = json_object_get(node, branches[k])) != NULL)
			constraint_list(d, out, resolve(d, v, &name), n,
			                depth + 1);
}

static void constraints(const doc *d, mcp_buf *out, json_t *node)
{
	size_t n = 0;

	constraint_list(d, out, node, &n, 0);
	if (!n)
		mcp_buf_putc(out, ' ');
}

static void fields(doc *d, json_t *node, const char *path);

/* One row, then the fields below it. */
static void field(doc *d, const char *path, json_t *node, int required)
{
	const char *name, *title, *desc, *std;
	json_t *target = resolve(d, node, &name), *ex, *items;
	char sub[600];
	size_t i;

	if (!target)
		return;
	/* what the node says, else what the definitions it refers to say */
	title = json_string_value(said(d, node, "title"));
	desc = json_string_value(said(d, node, "description"));
	mcp_buf_puts(d->out, "| `");
	cell(d->out, path);
	mcp_buf_puts(d->out, "` | ");
	type_of(d, d->out, target);
	mcp_buf_puts(d->out, required ? ", required | " : " | ");
	if (said(d, node, "default"))
		value(d->out, said(d, node, "default"));
	mcp_buf_puts(d->out, " | ");
	constraints(d, d->out, target);
	mcp_buf_puts(d->out, " | ");
	if (title && desc && strcmp(title, desc) != 0) {
		cell(d->out, title);
		mcp_buf_puts(d->out, ": ");
	}
	cell(d->out, desc ? desc : title);
	mcp_buf_puts(d->out, " | ");
	std = standard_of(d, node);
	if (!std)
		std = d->standard[d->nchain];
	cell(d->out, std ? std : "");
	mcp_buf_puts(d->out, " | ");
	ex = said(d, node, "examples");
	if (json_array_size(ex))
		value(d->out, json_array_get(ex, 0));
	mcp_buf_puts(d->out, " |\n");
	/* below it: an object's fields, an array's items' fields */
	for (i = 0; name && i < d->nchain; i++)
		if (strcmp(d->chain[i], name) == 0)
			return; /* described above: no loop */
	if (d->nchain == MAX_DEPTH)
		return;
	d->chain[d->nchain++] = name ? name : "";
	d->standard[d->nchain] = std;
	if (json_object_get(target, "properties")) {
		fields(d, target, path);
	} else if ((items = json_object_get(target, "items")) != NULL) {
		json_t *it = resolve(d, items, &name);
		snprintf(sub, sizeof(sub), "%s[]", path);
		if (it && json_object_get(it, "properties"))
			fields(d, it, sub);
	}
	d->nchain--;
}

static void fields(doc *d, json_t *node, const char *path)
{
	json_t *props = json_object_get(node, "properties"), *sub,
	       *req = json_object_get(node, "required");
	const char *key;
	char full[512];
	size_t i;

	json_object_foreach(props, key, sub)
	{
		int required = 0;
		for (i = 0; i < json_array_size(req); i++)
			required |=
			    json_is_string(json_array_get(req, i)) &&
			    strcmp(json_string_value(json_array_get(req, i)),
			           key) == 0;
		snprintf(full, sizeof(full), "%s%s%s", path, *path ? "." : "",
		         key);
		field(d, full, sub, required);
	}
}

int cli_schema_doc(const char *kind, mcp_buf *out)
{
	json_error_t err;
	size_t len;
	const char *text = mcp_schema_text(kind, &len);
	json_t *root = text ? json_loadb(text, len, 0, &err) : NULL;
	doc d;

	if (!root)
		return MCP_ENOTFOUND;
	memset(&d, 0, sizeof(d));
	d.root = root;
	d.out = out;
	mcp_buf_printf(out,
	               "# The fields of kind %s\n\n"
	               "Generated by `make docs` (`mcpc schema --doc %s`) from "
	               "the schema\nmcpc ships; the tests fail when this page "
	               "is stale. Paths are\ndotted, `[]` marks the items of a "
	               "list. Constraints are the\nschema's keywords; "
	               "`mcpc schema %s` prints the schema itself. The "
	               "column\n*standard* names the part of the MCP AI-102 "
	               "standard that asks for\nthe field (its sections, as "
	               "[standard.md](standard.md) lists them);\nempty, the "
	               "field is mcpc's own, for what the standard leaves "
	               "open.\n\n"
	               "| field | type | default | constraints | description "
	               "| standard | example |\n"
	               "| --- | --- | --- | --- | --- | --- | --- |\n",
	               kind, kind, kind);
	fields(&d, root, "");
	json_decref(root);
	return out->oom ? MCP_ENOMEM : 0;
}
