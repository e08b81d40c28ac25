/*
 * schema_errors.c: validation errors a person can act on: messages that
 * say what was expected and what was found, "did you mean" hints ranked
 * by edit distance, the best branch of a failed anyOf/oneOf, and the
 * conversion of errors into placed findings.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/schema/schema_memo.h"
#include "check/schema/schema_valid.h"
#include "support/num.h"
#include "support/utf8.h"

#define MAX_FINDINGS 1000

/* A string as a message shows it: quoted, escaped, cut at 40 bytes
 * (never inside a character). */
static void put_quoted(char *out, size_t size, const char *s, size_t len)
{
	size_t i, o = 0, cut = len > 40 ? 40 : len;

	while (cut < len && cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	out[o++] = '"';
	for (i = 0; i < cut && o + 8 < size; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = c == '\n'   ? "\\n"
		                  : c == '\t' ? "\\t"
		                  : c == '\r' ? "\\r"
		                  : c == '"'  ? "\\\""
		                  : c == '\\' ? "\\\\"
		                              : NULL;
		if (esc) {
			o += (size_t)snprintf(out + o, size - o, "%s", esc);
		} else if (c < 0x20 || c == 0x7f) {
			o += (size_t)snprintf(out + o, size - o, "\\u%04x", c);
		} else {
			out[o++] = (char)c;
		}
	}
	snprintf(out + o, size - o, "%s\"", i < len ? "..." : "");
}

const char *plural(size_t n, const char *word, char *buf, size_t size)
{
	size_t len = strlen(word);

	if (n != 1 && len && word[len - 1] == 'y')
		snprintf(buf, size, "%zu %.*sies", n, (int)(len - 1), word);
	else
		snprintf(buf, size, "%zu %s%s", n, word, n == 1 ? "" : "s");
	return buf;
}

desc describe(const json_t *v)
{
	desc d;
	const char *s;
	size_t len;

	switch (json_typeof(v)) {
	case JSON_STRING:
		s = json_string_value(v);
		len = json_string_length(v);
		put_quoted(d.s, sizeof(d.s), s, len);
		break;
	case JSON_INTEGER:
	case JSON_REAL:
		return describe_number(v);
	case JSON_TRUE:
		snprintf(d.s, sizeof(d.s), "true");
		break;
	case JSON_FALSE:
		snprintf(d.s, sizeof(d.s), "false");
		break;
	case JSON_NULL:
		snprintf(d.s, sizeof(d.s), "null");
		break;
	case JSON_OBJECT:
		snprintf(d.s, sizeof(d.s), "an object");
		break;
	default:
		snprintf(d.s, sizeof(d.s), "an array");
		break;
	}
	return d;
}

desc describe_number(const json_t *v)
{
	desc d;
	double x;
	int prec;

	if (json_is_integer(v)) {
		snprintf(d.s, sizeof(d.s), "%" JSON_INTEGER_FORMAT,
		         json_integer_value(v));
		return d;
	}
	/* the shortest form that reads back as the same number: 0.3, not
	 * 0.29999999999999999; a whole number keeps its ".0" */
	x = json_real_value(v);
	for (prec = 1; prec < 17; prec++) {
		snprintf(d.s, sizeof(d.s), "%.*g", prec, x);
		if (strtod(d.s, NULL) == x)
			break;
	}
	if (prec == 17)
		snprintf(d.s, sizeof(d.s), "%.17g", x);
	if (!strpbrk(d.s, ".eni"))
		strncat(d.s, ".0", sizeof(d.s) - strlen(d.s) - 1);
	return d;
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
		return "integer";
	case JSON_REAL:
		return "number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "boolean";
	case JSON_NULL:
		return "null";
	case JSON_OBJECT:
		return "object";
	default:
		return "array";
	}
}

static void put_types(mcp_buf *b, unsigned types)
{
	static const char *const names[] = {"null",   "boolean", "object",
	                                    "array",  "number",  "string",
	                                    "integer"};
	size_t i, n = 0, total = 0;

	if ((types & T_INTEGER) && (types & T_NUMBER))
		types &= ~(unsigned)T_INTEGER;
	for (i = 0; i < 7; i++)
		total += (types >> i) & 1;
	for (i = 0; i < 7; i++) {
		if (!((types >> i) & 1))
			continue;
		if (n)
			mcp_buf_puts(b, n + 1 == total ? " or " : ", ");
		mcp_buf_puts(b, names[i]);
		n++;
	}
}

/* Whether the whole string @p s is a number as YAML and JSON write one. */
static int numeric(const char *s, size_t len, int integer)
{
	char *end;

	if (len == 0 || len > 40 || strlen(s) != len ||
	    (s[0] != '-' && (s[0] < '0' || s[0] > '9')))
		return 0;
	if (integer) {
		(void)strtoll(s, &end, 10);
	} else {
		(void)strtod(s, &end);
	}
	return *end == '\0';
}

/* What to write instead, when the value is of a type the schema does not
 * take but the fix is plain: quotes to add or take away. */
static void type_hint(mcp_buf *hint, const json_t *v, unsigned types)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);

	if ((types & T_STRING) && (json_is_number(v) || json_is_boolean(v))) {
		/* not the value: the number read may not be the text written
		 * (0644, 1.20) */
		mcp_buf_puts(hint, "put it in quotes to make it a string");
	} else if (s && (types & (T_INTEGER | T_NUMBER)) &&
	           numeric(s, len, !(types & T_NUMBER))) {
		mcp_buf_printf(hint, "write it without quotes: %s", s);
	} else if (s && (types & T_BOOLEAN) &&
	           (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)) {
		mcp_buf_printf(hint, "write it without quotes: %s", s);
	}
}

void type_error(vctx *c, const snode *n, const json_t *v, unsigned types)
{
	verr *e = vctx_add_err(c, n, "type", RULE_SCHEMA_TYPE);
	mcp_buf want, hint;

	if (!e)
		return;
	e->types = types;
	mcp_buf_init(&want);
	mcp_buf_init(&hint);
	put_types(&want, types);
	type_hint(&hint, v, types);
	if (json_is_object(v) || json_is_array(v))
		vctx_err_msg(c, e, hint.len ? hint.ptr : NULL,
		             "expected %s, got %s", want.ptr, type_name(v));
	else
		vctx_err_msg(c, e, hint.len ? hint.ptr : NULL,
		             "expected %s, got %s %s", want.ptr, type_name(v),
		             describe(v).s);
	mcp_buf_free(&hint);
	mcp_buf_free(&want);
}

size_t mcp_edit_distance(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t *rows, *prev2, *prev, *cur, i, j, d;

	if (alen > 64 || blen > 64)
		return (size_t)-1;
	rows = malloc(3 * (blen + 1) * sizeof(*rows));
	if (!rows)
		return (size_t)-1;
	prev2 = rows;
	prev = rows + blen + 1;
	cur = rows + 2 * (blen + 1);
	for (j = 0; j <= blen; j++)
		prev[j] = j;
	for (i = 1; i <= alen; i++) {
		cur[0] = i;
		for (j = 1; j <= blen; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (prev[j - 1] + cost < best)
				best = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
		}
		{
			size_t *t = prev2;
			prev2 = prev;
			prev = cur;
			cur = t;
		}
	}
	d = prev[blen];
	free(rows);
	return d;
}

/* The candidate closest to @p word, when close enough to be a typo. */
typedef struct suggestion {
	const char *best;
	size_t best_len, dist;
} suggestion;

static void consider(suggestion *sg, const char *word, size_t wlen,
                     const char *cand, size_t clen)
{
	size_t d = mcp_edit_distance(word, wlen, cand, clen), i;
	size_t limit = wlen <= 4 ? 1 : wlen <= 8 ? 2 : 3;

	/* "Deploymnt" for "ModelDeployment": a typo of a CamelCase tail */
	for (i = 1; d != 0 && i + 2 < clen; i++) {
		if (cand[i] >= 'A' && cand[i] <= 'Z') {
			size_t t =
			    mcp_edit_distance(word, wlen, cand + i, clen - i);
			if (t + 1 < d)
				d = t + 1;
		}
	}
	if (d == 0 || d > limit || d >= sg->dist)
		return;
	sg->best = cand;
	sg->best_len = clen;
	sg->dist = d;
}

/* Property names a node accepts: its own and those of the subschemas
 * that apply in place (references, allOf, anyOf, oneOf, then, else). */
static void gather_names(const snode *n, const char *word, size_t wlen,
                         suggestion *sg, int depth)
{
	size_t i;

	if (!n || depth > 6)
		return;
	for (i = 0; i < n->nprops; i++)
		consider(sg, word, wlen, n->prop_list[i].name,
		         n->prop_list[i].len);
	gather_names(n->ref, word, wlen, sg, depth + 1);
	gather_names(n->dynref, word, wlen, sg, depth + 1);
	for (i = 0; i < n->nall_of; i++)
		gather_names(n->all_of[i], word, wlen, sg, depth + 1);
	for (i = 0; i < n->nany_of; i++)
		gather_names(n->any_of[i], word, wlen, sg, depth + 1);
	for (i = 0; i < n->none_of; i++)
		gather_names(n->one_of[i], word, wlen, sg, depth + 1);
	gather_names(n->then_, word, wlen, sg, depth + 1);
	gather_names(n->else_, word, wlen, sg, depth + 1);
	for (i = 0; i < n->ndep_schemas; i++)
		gather_names(n->dep_schemas[i].s, word, wlen, sg, depth + 1);
}

static char *did_you_mean(const suggestion *sg)
{
	mcp_buf b;

	if (!sg->best)
		return NULL;
	mcp_buf_init(&b);
	mcp_buf_printf(&b, "did you mean '%.*s'?", (int)sg->best_len, sg->best);
	return mcp_buf_detach(&b);
}

void unknown_property(vctx *c, const snode *n, const char *kw, const char *k,
                      size_t klen)
{
	size_t old = vctx_path_push_key(c, k, klen);
	verr *e = vctx_add_err(c, n, kw, RULE_SCHEMA_UNKNOWN);
	suggestion sg = {NULL, 0, (size_t)-1};
	char *hint;

	vctx_path_pop(c, old);
	if (!e)
		return;
	e->at_key = 1;
	gather_names(n, k, klen, &sg, 0);
	hint = did_you_mean(&sg);
	vctx_err_msg(c, e, hint, "unknown property '%.*s'",
	             (int)(klen > 200 ? 200 : klen), k);
	free(hint);
}

static void put_value_list(mcp_buf *b, const json_t *list)
{
	size_t i, n = json_array_size(list);

	for (i = 0; i < n && i < 12; i++) {
		const json_t *x = json_array_get(list, i);
		if (i)
			mcp_buf_puts(b, ", ");
		if (json_is_string(x))
			mcp_buf_put(b, json_string_value(x),
			            json_string_length(x));
		else
			mcp_buf_puts(b, describe(x).s);
	}
	if (n > 12)
		mcp_buf_printf(b, ", ... (%zu in all)", n);
}

void enum_error(vctx *c, const snode *n, const json_t *v)
{
	verr *e = vctx_add_err(c, n, "enum", RULE_SCHEMA_VALUE);
	suggestion sg = {NULL, 0, (size_t)-1};
	mcp_buf list;
	char *hint = NULL;
	size_t i;

	if (!e)
		return;
	if (json_is_string(v)) {
		for (i = 0; i < json_array_size(n->enum_); i++) {
			const json_t *x = json_array_get(n->enum_, i);
			if (json_is_string(x))
				consider(&sg, json_string_value(v),
				         json_string_length(v),
				         json_string_value(x),
				         json_string_length(x));
		}
		hint = did_you_mean(&sg);
	}
	mcp_buf_init(&list);
	put_value_list(&list, n->enum_);
	vctx_err_msg(c, e, hint, "%s is not one of: %s", describe(v).s,
	             list.ptr);
	mcp_buf_free(&list);
	free(hint);
}

void const_error(vctx *c, const snode *n, const json_t *v)
{
	verr *e = vctx_add_err(c, n, "const", RULE_SCHEMA_VALUE);

	if (json_is_object(n->const_) || json_is_array(n->const_))
		vctx_err_msg(c, e, NULL,
		             "%s is not the one value the schema allows",
		             describe(v).s);
	else
		vctx_err_msg(c, e, NULL, "expected %s, got %s",
		             describe(n->const_).s, describe(v).s);
}

/*
 * The lexical canonical form of absolute path @p s into @p out: "//"
 * collapsed, "." segments dropped, ".." taking the segment before it, no
 * trailing "/". 0 when @p s is not an absolute path or is canonical already.
 */
static int canonical_path(mcp_buf *out, const char *s, size_t len)
{
	size_t i = 0, seg, keep;

	if (len == 0 || s[0] != '/')
		return 0;
	while (i < len) {
		while (i < len && s[i] == '/')
			i++;
		seg = i;
		while (i < len && s[i] != '/')
			i++;
		if (i - seg == 0 || (i - seg == 1 && s[seg] == '.'))
			continue;
		if (i - seg == 2 && s[seg] == '.' && s[seg + 1] == '.') {
			keep = out->len;
			while (keep > 0 && out->ptr[keep - 1] != '/')
				keep--;
			mcp_buf_truncate(out, keep ? keep - 1 : 0);
			continue;
		}
		mcp_buf_putc(out, '/');
		mcp_buf_put(out, s + seg, i - seg);
	}
	if (!out->len)
		mcp_buf_putc(out, '/');
	return !out->oom && (out->len != len || memcmp(out->ptr, s, len) != 0);
}

/* For a path written another way ("/etc/./shadow"), a hint naming the
 * one spelling the pattern allows, so that the fix is not a guess; 0 (and
 * hint left empty) when v is no such path. */
static int path_hint(vctx *c, const snode *n, const json_t *v, mcp_buf *hint)
{
	mcp_buf canon;
	int ok;

	mcp_buf_init(&canon);
	ok = json_is_string(v) &&
	     canonical_path(&canon, json_string_value(v),
	                    json_string_length(v)) &&
	     pcre2_match(n->pattern, (PCRE2_SPTR)canon.ptr, canon.len, 0, 0,
	                 c->md, NULL) >= 0;
	if (ok)
		mcp_buf_printf(hint, "write it as %s (the same path)",
		               canon.ptr);
	mcp_buf_free(&canon);
	return ok;
}

void pattern_error(vctx *c, const snode *n, const json_t *v)
{
	verr *e = vctx_add_err(c, n, "pattern", RULE_SCHEMA_PATTERN);
	json_t *ex = json_object_get(n->json, "examples");
	mcp_buf hint;

	if (!e)
		return;
	mcp_buf_init(&hint);
	if (path_hint(c, n, v, &hint)) {
		/* hint names the one spelling allowed */
	} else if (json_is_array(ex) && json_array_size(ex)) {
		mcp_buf_puts(&hint, "for example: ");
		put_value_list(&hint, ex);
	} else {
		mcp_buf_printf(&hint, "the pattern is %s", n->pattern_text);
	}
	if (n->title)
		vctx_err_msg(c, e, hint.ptr, "%s is not a valid %s",
		             describe(v).s, n->title);
	else
		vctx_err_msg(c, e, hint.ptr, "%s does not match the pattern %s",
		             describe(v).s, n->pattern_text);
	mcp_buf_free(&hint);
}

void mark_key_errors(vctx *c, size_t from)
{
	size_t i;

	for (i = from; i < c->nerr; i++)
		c->errs[i].at_key = 1;
}

/* The schema of property @p name of @p n, wherever it is declared (the
 * node itself, what it refers to, its allOf). */
static const snode *property_schema(const snode *n, const char *name,
                                    size_t len, int depth)
{
	const snode *p;
	size_t i;

	if (!n || depth > 6)
		return NULL;
	if (n->nprops && (p = mcp_hmap_get(&n->props, name, len)))
		return p;
	if ((p = property_schema(n->ref, name, len, depth + 1)))
		return p;
	for (i = 0; i < n->nall_of; i++)
		if ((p = property_schema(n->all_of[i], name, len, depth + 1)))
			return p;
	return NULL;
}

/* A missing property: a line to add, when the schema gives the value (its
 * const, default or first example, a scalar); else what its description
 * says; else nothing. */
static void required_hint(mcp_buf *hint, const snode *n, const char *name,
                          size_t len)
{
	const snode *p = property_schema(n, name, len, 0);
	static const char *const keys[] = {"const", "default", "examples"};
	const char *about = NULL; /* else its description */
	size_t i, hops;

	for (hops = 0; p && p->boolean < 0 && hops < 6; hops++) {
		for (i = 0; i < 3; i++) {
			const json_t *x = json_object_get(p->json, keys[i]);
			if (i == 2)
				x = json_array_get(x, 0);
			if (x && !json_is_object(x) && !json_is_array(x) &&
			    !json_is_null(x)) {
				mcp_buf_printf(
				    hint, "add it, for example: %.*s: ",
				    (int)(len > 200 ? 200 : len), name);
				if (json_is_string(x))
					mcp_buf_put(hint, json_string_value(x),
					            json_string_length(x));
				else
					mcp_buf_puts(hint, describe(x).s);
				return;
			}
		}
		if (!about)
			about = json_string_value(
			    json_object_get(p->json, "description"));
		p = p->ref;
	}
	if (about)
		mcp_buf_printf(hint, "add it: %s", about);
}

/* Every name of @p names that @p v lacks is an error; @p owner is the
 * property that requires them (dependentRequired), or NULL (required). */
static int check_names(vctx *c, const snode *n, const json_t *v,
                       const json_t *names, const char *owner)
{
	mcp_buf hint;
	size_t i;
	int ok = 1;

	mcp_buf_init(&hint);

	for (i = 0; i < json_array_size(names); i++) {
		const json_t *name = json_array_get(names, i);
		verr *e;
		if (!json_is_string(name) ||
		    json_object_getn(v, json_string_value(name),
		                     json_string_length(name)))
			continue;
		ok = 0;
		if (!c->verbose)
			break;
		e = vctx_add_err(c, n, owner ? "dependentRequired" : "required",
		                 RULE_SCHEMA_REQUIRED);
		if (e)
			e->at_key = 1; /* at the key that names the object */
		required_hint(&hint, n, json_string_value(name),
		              json_string_length(name));
		if (owner)
			vctx_err_msg(c, e, hint.len ? hint.ptr : NULL,
			             "property '%s' requires property '%s'",
			             owner, json_string_value(name));
		else
			vctx_err_msg(c, e, hint.len ? hint.ptr : NULL,
			             "missing required property '%s'",
			             json_string_value(name));
		mcp_buf_clear(&hint);
	}
	mcp_buf_free(&hint);
	return ok;
}

int v_required(vctx *c, const snode *n, const json_t *v, int met)
{
	size_t i;
	int ok = met || check_names(c, n, v, n->required, NULL);

	for (i = 0; i < n->ndep_required && (ok || c->verbose); i++)
		if (json_object_getn(v, n->dep_required[i].name,
		                     n->dep_required[i].len))
			ok &= check_names(c, n, v, n->dep_required[i].names,
			                  n->dep_required[i].name);
	return ok;
}

int v_object_counts(vctx *c, const snode *n, const json_t *v)
{
	char w[64];
	size_t size = json_object_size(v);
	int ok = 1;

	if (n->min_props >= 0 && size < (size_t)n->min_props) {
		ok = 0;
		if (c->verbose)
			vctx_err_msg(c,
			             vctx_add_err(c, n, "minProperties",
			                          RULE_SCHEMA_RANGE),
			             NULL, "%s, at least %ld required",
			             plural(size, "property", w, sizeof(w)),
			             n->min_props);
	}
	if (n->max_props >= 0 && size > (size_t)n->max_props) {
		ok = 0;
		if (c->verbose)
			vctx_err_msg(c,
			             vctx_add_err(c, n, "maxProperties",
			                          RULE_SCHEMA_RANGE),
			             NULL, "%s, at most %ld allowed",
			             plural(size, "property", w, sizeof(w)),
			             n->max_props);
	}
	return ok;
}

/* How deep in the instance a branch's errors reach: a branch that got
 * further matched more of the value, so its errors explain more. */
static size_t branch_depth(const vctx *c, const branch *b)
{
	size_t i, best = 0;

	for (i = b->from; i < b->to; i++) {
		size_t len = strlen(c->errs[i].ipath);
		if (len > best)
			best = len;
	}
	return best;
}

/* Whether a branch failed only because the value has another type. */
static int type_only(const vctx *c, const branch *b)
{
	size_t i;

	for (i = b->from; i < b->to; i++)
		if (strcmp(c->errs[i].rule, RULE_SCHEMA_TYPE) != 0 ||
		    strcmp(c->errs[i].ipath, c->path.ptr) != 0)
			return 0;
	return b->to > b->from;
}

void combine_errors(vctx *c, const snode *n, const json_t *v, const char *kw,
                    branch *b, size_t count, size_t base, size_t valid,
                    size_t first)
{
	size_t i, pick = 0, depth = 0, nerrs = (size_t)-1;
	unsigned types = 0;
	int all_types = 1, pick_real = 0;
	verr *keep;
	size_t nkeep;

	if (valid == 1 || (valid > 1 && strcmp(kw, "anyOf") == 0)) {
		vctx_truncate(c, base);
		return;
	}
	if (valid > 1) {
		vctx_truncate(c, base);
		vctx_err_msg(c, vctx_add_err(c, n, kw, RULE_SCHEMA_COMBINE),
		             NULL,
		             "the value matches %zu alternatives (the first is "
		             "number %zu); exactly one is allowed",
		             valid, first + 1);
		return;
	}
	/* None matched. When every branch only wanted another type here,
	 * one error says it all. */
	for (i = 0; i < count; i++) {
		const verr *e = &c->errs[b[i].from];
		if (b[i].to - b[i].from != 1 ||
		    strcmp(e->rule, RULE_SCHEMA_TYPE) != 0 ||
		    strcmp(e->ipath, c->path.ptr) != 0)
			all_types = 0;
		else
			types |= e->types;
	}
	if (all_types && count) {
		vctx_truncate(c, base);
		type_error(c, n, v, types);
		return;
	}
	/* The best branch: one that did not just want another type here,
	 * then the one whose errors reach deepest, then the fewest errors. */
	for (i = 0; i < count; i++) {
		size_t d = branch_depth(c, &b[i]), e = b[i].to - b[i].from;
		int real = !type_only(c, &b[i]);
		if (e == 0)
			continue;
		if (nerrs == (size_t)-1 || real > pick_real ||
		    (real == pick_real &&
		     (d > depth || (d == depth && e < nerrs)))) {
			pick = i;
			pick_real = real;
			depth = d;
			nerrs = e;
		}
	}
	nkeep = b[pick].to - b[pick].from;
	keep = malloc((nkeep ? nkeep : 1) * sizeof(*keep));
	if (!keep) {
		c->oom = 1;
		return;
	}
	memcpy(keep, &c->errs[b[pick].from], nkeep * sizeof(*keep));
	/* Free every other branch's errors, then put the kept ones back. */
	for (i = base; i < c->nerr; i++)
		if (i < b[pick].from || i >= b[pick].to)
			verr_free(&c->errs[i]);
	memcpy(&c->errs[base], keep, nkeep * sizeof(*keep));
	c->nerr = base + nkeep;
	free(keep);
}

/* Whether a key can stand after a dot in a readable path. */
static int plain_name(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!(s[i] == '_' || s[i] == '-' ||
		      (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return len > 0;
}

/* "spec.services[0].name" for "/spec/services/0/name", and
 * fileModes["/etc/passwd"] for keys that are not plain names; the
 * instance says which tokens are array indexes ("8080" may be a key). */
void mcp_pointer_dotted(mcp_buf *out, const char *ptr, const json_t *inst)
{
	const char *p = ptr;
	mcp_buf key;

	mcp_buf_init(&key);
	while (*p == '/') {
		const char *s = ++p;
		size_t len = strcspn(s, "/"), i;
		int index = json_is_array(inst);
		mcp_buf_clear(&key);
		for (i = 0; i < len; i++) {
			if (s[i] == '~' && i + 1 < len) {
				mcp_buf_putc(&key, s[i + 1] == '1' ? '/' : '~');
				i++;
			} else {
				mcp_buf_putc(&key, s[i]);
			}
		}
		if (index)
			mcp_buf_printf(out, "[%s]", key.ptr);
		else if (plain_name(key.ptr, key.len) &&
		         !(key.ptr[0] >= '0' && key.ptr[0] <= '9'))
			mcp_buf_printf(out, "%s%s", out->len ? "." : "",
			               key.ptr);
		else
			mcp_buf_printf(out, "[\"%s\"]", key.ptr);
		if (index) {
			uint64_t k;
			inst = mcp_num_index(key.ptr, key.len, SIZE_MAX, &k) < 0
			           ? NULL
			           : json_array_get(inst, (size_t)k);
		} else {
			inst = json_object_getn(inst, key.ptr, key.len);
		}
		p = s + len;
	}
	mcp_buf_free(&key);
}

static void place(const mcp_source *src, size_t doc, const verr *e,
                  mcp_loc *loc)
{
	const mcp_srcmap *m = mcp_source_srcmap(src);
	mcp_loc key;

	loc->file = mcp_source_name(src);
	loc->line = loc->column = 0;
	if (mcp_srcmap_lookup(m, doc, e->ipath, loc, &key) == 0) {
		if (e->at_key && key.line)
			*loc = key;
		return;
	}
	if (mcp_srcmap_nearest(m, doc, e->ipath, loc) < 0) {
		loc->line = 1;
		loc->column = 1;
	}
}

int mcp_schema_check(const mcp_schema *s, const mcp_source *src, size_t doc,
                     mcp_diag *diag)
{
	return mcp_schema_check_memo(s, NULL, MCP_MEMO_OFF, src, doc, diag);
}

/* The fast walk (through the memo) decides; only an invalid document
 * gets the verbose walk, which never uses the memo. */
int mcp_schema_check_memo(const mcp_schema *s, mcp_schema_memo *m,
                          mcp_memo_mode mode, const mcp_source *src, size_t doc,
                          mcp_diag *diag)
{
	const json_t *inst = mcp_source_doc(src, doc);
	vctx c;
	size_t i, j, reported = 0;
	int rc;

	if (!inst) {
		if (mode == MCP_MEMO_RECORD)
			mcp_schema_memo_clear(m);
		return 0;
	}
	rc = mcp_schema_valid_memo(s, m, mode, inst);
	if (rc != 0)
		return rc == 1 ? 0 : rc;
	if (vctx_init(&c, s, 1) < 0) {
		vctx_free(&c);
		return MCP_ENOMEM;
	}
	vnode(&c, s->root, inst, NULL);
	for (i = 0; i < c.nerr && reported < MAX_FINDINGS && !c.oom; i++) {
		const verr *e = &c.errs[i];
		mcp_finding *f;
		mcp_loc loc;
		mcp_buf msg;
		int dup = 0;
		for (j = 0; j < i && !dup; j++)
			dup = strcmp(c.errs[j].ipath, e->ipath) == 0 &&
			      e->msg && c.errs[j].msg &&
			      strcmp(c.errs[j].msg, e->msg) == 0;
		if (dup || !e->msg)
			continue;
		place(src, doc, e, &loc);
		mcp_buf_init(&msg);
		if (strcmp(e->rule, RULE_SCHEMA_UNKNOWN) == 0 && e->at_key) {
			/* the key is the message's subject: name its parent */
			const char *slash = strrchr(e->ipath, '/');
			char *parent = strndup(
			    e->ipath, slash ? (size_t)(slash - e->ipath) : 0);
			if (parent)
				mcp_pointer_dotted(&msg, parent, inst);
			free(parent);
		} else {
			mcp_pointer_dotted(&msg, e->ipath, inst);
		}
		if (msg.len)
			mcp_buf_puts(&msg, ": ");
		mcp_buf_puts(&msg, e->msg);
		f = msg.oom ? NULL
		            : mcp_diag_add(diag, e->rule, MCP_SEV_ERROR, &loc,
		                           e->ipath, e->hint, "%s", msg.ptr);
		mcp_buf_free(&msg);
		if (!f) {
			c.oom = 1;
			break;
		}
		reported++;
	}
	rc = c.oom ? MCP_ENOMEM : (int)(reported ? reported : 1);
	vctx_free(&c);
	return rc;
}
