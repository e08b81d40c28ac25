/*
 * builtin.c: the schemas mcpc ships (schema/, embedded at build time):
 * the dispatch schema that reads apiVersion and kind, and one schema per
 * kind. `mcpc check` validates every document against the dispatcher.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check/embedded.h"
#include "mcpc/buf.h"
#include "mcpc/mcpc.h"
#include "support/utf8.h"

#define DISPATCH "schema/mcp.schema.json"

static const struct {
	const char *kind;
	const char *file;
} kinds[] = {
    {"ModelDeployment", "schema/mcp-spec.schema.json"},
    {"CompatibilityMatrix", "schema/compat.schema.json"},
    {"RulePack", "schema/rulepack.schema.json"},
    {"Waivers", "schema/waivers.schema.json"},
    {"Project", "schema/project.schema.json"},
    {"Permissions", "schema/permissions.schema.json"},
};

const mcp_embedded *mcp_embedded_find(const char *name)
{
	const mcp_embedded *e;

	for (e = mcp_embedded_files; e->name; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

int mcp_data_load(const char *prefix, const char *const *dirs, size_t ndirs,
                  const mcp_load_opts *opts, mcp_diag *diag,
                  int (*take)(void *ctx, const mcp_source *src, mcp_diag *d),
                  void *ctx)
{
	const mcp_embedded *e;
	size_t i, j, plen = strlen(prefix);
	int rc = 0;

	for (e = mcp_embedded_files; e->name && rc == 0; e++) {
		mcp_source *src = NULL;
		if (strncmp(e->name, prefix, plen) != 0)
			continue;
		/* the bundled data under the default limits: the user's
		 * (--max-size, --max-depth) are for what they give */
		rc = mcp_source_load_buffer(
		    &src, e->name, (const char *)e->data, e->len, NULL, diag);
		if (rc == 0)
			rc = take(ctx, src, diag);
		mcp_source_free(src);
	}
	for (i = 0; i < ndirs && rc == 0; i++) {
		char **paths;
		size_t n;
		if ((rc = mcp_paths_expand(&paths, &n, dirs[i], diag)) < 0)
			break;
		for (j = 0; j < n && rc == 0; j++) {
			mcp_source *src = NULL;
			rc = mcp_source_load_file(&src, paths[j], opts, diag);
			if (rc == 0)
				rc = take(ctx, src, diag);
			mcp_source_free(src);
		}
		mcp_paths_free(paths, n);
	}
	return rc;
}

const char *mcp_schema_text(const char *kind, size_t *len)
{
	const char *file = NULL;
	const mcp_embedded *e;
	size_t i;

	if (!kind)
		file = DISPATCH;
	for (i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			file = kinds[i].file;
	e = file ? mcp_embedded_find(file) : NULL;
	if (!e)
		return NULL;
	*len = e->len;
	return (const char *)e->data;
}

const char *mcp_schema_kind(size_t i)
{
	return i < sizeof(kinds) / sizeof(kinds[0]) ? kinds[i].kind : NULL;
}

/* Whether embedded file @p name is the schema of a kind the dispatcher
 * applies (the others, the Helm values' and the reports', describe what
 * mcpc writes: nothing it checks refers to them). */
static int kind_schema(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].file, name) == 0)
			return 1;
	return 0;
}

/* ---- mcp_json_trusted ---- */

typedef struct jreader {
	const char *p, *end;
	unsigned depth;
	mcp_buf scratch; /* a string with escapes, unescaped */
} jreader;

static void jspace(jreader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' ||
	                         *r->p == '\t' || *r->p == '\r'))
		r->p++;
}

/* A string at r->p (its opening quote): its bytes, in the text when it
 * has no escape, else in r->scratch. -1: left to jansson. */
static int jstring(jreader *r, const char **s, size_t *len)
{
	const char *from = ++r->p;
	int escaped = 0;

	mcp_buf_clear(&r->scratch);
	for (;;) {
		unsigned char c;
		if (r->p >= r->end)
			return -1;
		c = (unsigned char)*r->p;
		if (c == '"')
			break;
		if (c < 0x20)
			return -1;
		if (c != '\\') {
			r->p++;
			continue;
		}
		mcp_buf_put(&r->scratch, from, (size_t)(r->p - from));
		if (++r->p >= r->end)
			return -1;
		switch (*r->p) {
		case '"':
		case '\\':
		case '/':
			c = (unsigned char)*r->p;
			break;
		case 'b':
			c = '\b';
			break;
		case 'f':
			c = '\f';
			break;
		case 'n':
			c = '\n';
			break;
		case 'r':
			c = '\r';
			break;
		case 't':
			c = '\t';
			break;
		default:
			return -1; /* \u, or no escape at all */
		}
		mcp_buf_putc(&r->scratch, (char)c);
		from = ++r->p;
		escaped = 1;
	}
	if (escaped) {
		mcp_buf_put(&r->scratch, from, (size_t)(r->p - from));
		if (r->scratch.oom)
			return -1;
		*s = r->scratch.ptr;
		*len = r->scratch.len;
	} else {
		*s = from;
		*len = (size_t)(r->p - from);
	}
	r->p++;
	return 0;
}

static int jdigit(const jreader *r)
{
	return r->p < r->end && *r->p >= '0' && *r->p <= '9';
}

/* A number as JSON writes it: an integer jansson keeps as one, or a real;
 * NULL when left to jansson. */
static json_t *jnumber(jreader *r)
{
	const char *from = r->p;
	char text[64], *end;
	int real = 0;

	if (r->p < r->end && *r->p == '-')
		r->p++;
	if (!jdigit(r))
		return NULL;
	if (*r->p == '0') {
		r->p++;
		if (jdigit(r))
			return NULL; /* a leading zero */
	} else {
		while (jdigit(r))
			r->p++;
	}
	if (r->p < r->end && *r->p == '.') {
		real = 1;
		r->p++;
		if (!jdigit(r))
			return NULL;
		while (jdigit(r))
			r->p++;
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
		real = 1;
		r->p++;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (!jdigit(r))
			return NULL;
		while (jdigit(r))
			r->p++;
	}
	if ((size_t)(r->p - from) >= sizeof(text))
		return NULL;
	memcpy(text, from, (size_t)(r->p - from));
	text[r->p - from] = '\0';
	errno = 0;
	if (real) {
		double d = strtod(text, &end);
		return errno || *end ? NULL : json_real(d);
	} else {
		long long i = strtoll(text, &end, 10);
		return errno || *end ? NULL : json_integer((json_int_t)i);
	}
}

static json_t *jvalue(jreader *r);

static json_t *jobject(jreader *r)
{
	json_t *o = json_object();

	r->p++;
	jspace(r);
	if (r->p < r->end && *r->p == '}') {
		r->p++;
		return o;
	}
	while (o) {
		const char *k;
		size_t klen, size = json_object_size(o);
		char *copy = NULL;
		json_t *v;
		int ok;
		if (r->p >= r->end || *r->p != '"' || jstring(r, &k, &klen) < 0)
			break;
		/* a key unescaped into r->scratch outlives it: the value may
		 * reuse it */
		if (k == r->scratch.ptr) {
			if (!(copy = malloc(klen + 1)))
				break;
			memcpy(copy, k, klen);
			k = copy;
		}
		jspace(r);
		v = r->p < r->end && *r->p == ':' ? (r->p++, jvalue(r)) : NULL;
		ok = v && json_object_setn_new_nocheck(o, k, klen, v) == 0 &&
		     json_object_size(o) == size + 1; /* else a duplicate key:
		                                         jansson's to refuse */
		free(copy);
		if (!ok)
			break;
		jspace(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			jspace(r);
			continue;
		}
		if (r->p < r->end && *r->p == '}') {
			r->p++;
			return o;
		}
		break;
	}
	json_decref(o);
	return NULL;
}

static json_t *jarray(jreader *r)
{
	json_t *a = json_array();

	r->p++;
	jspace(r);
	if (r->p < r->end && *r->p == ']') {
		r->p++;
		return a;
	}
	while (a) {
		json_t *v = jvalue(r);
		if (!v || json_array_append_new(a, v) < 0)
			break;
		jspace(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == ']') {
			r->p++;
			return a;
		}
		break;
	}
	json_decref(a);
	return NULL;
}

static int jword(jreader *r, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(r->end - r->p) < n || memcmp(r->p, w, n) != 0)
		return 0;
	r->p += n;
	return 1;
}

static json_t *jvalue(jreader *r)
{
	json_t *v = NULL;
	const char *s;
	size_t len;

	jspace(r);
	if (r->p >= r->end || r->depth >= 512)
		return NULL;
	r->depth++;
	switch (*r->p) {
	case '{':
		v = jobject(r);
		break;
	case '[':
		v = jarray(r);
		break;
	case '"':
		if (jstring(r, &s, &len) == 0)
			v = json_stringn_nocheck(s, len);
		break;
	case 't':
		v = jword(r, "true") ? json_true() : NULL;
		break;
	case 'f':
		v = jword(r, "false") ? json_false() : NULL;
		break;
	case 'n':
		v = jword(r, "null") ? json_null() : NULL;
		break;
	default:
		v = jnumber(r);
	}
	r->depth--;
	return v;
}

json_t *mcp_json_trusted(const char *s, size_t len)
{
	jreader r;
	json_t *v;

	if (mcp_utf8_valid_prefix(s, len) != len)
		return NULL;
	memset(&r, 0, sizeof(r));
	r.p = s;
	r.end = s + len;
	mcp_buf_init(&r.scratch);
	jspace(&r);
	if (r.p >= r.end || (*r.p != '{' && *r.p != '['))
		return NULL; /* jansson wants an object or an array */
	v = jvalue(&r);
	jspace(&r);
	if (v && r.p != r.end) {
		json_decref(v);
		v = NULL; /* more after the value */
	}
	mcp_buf_free(&r.scratch);
	return v;
}

/*
 * The dispatcher compiled, with the schema of every kind preloaded. The
 * embedded schemas are parsed by jansson: no source map, no copy of the
 * text kept for quoting, both of which a schema mcpc ships never needs
 * (a broken one is a broken build, said at the dispatcher). A run pays
 * this at every start, so only what the dispatcher can reach is read.
 */
int mcp_schema_builtin(mcp_schema **out, const mcp_schema_opts *base,
                       mcp_diag *diag)
{
	json_t *docs[sizeof(kinds) / sizeof(kinds[0])], *dispatch = NULL;
	mcp_schema_opts opts;
	const mcp_embedded *e;
	size_t n = 0, i;
	int rc = 0;

	*out = NULL;
	for (e = mcp_embedded_files; e->name && rc == 0; e++) {
		int is_dispatch = strcmp(e->name, DISPATCH) == 0;
		json_error_t err;
		json_t *doc;
		if (!is_dispatch && !kind_schema(e->name))
			continue;
		doc = mcp_json_trusted((const char *)e->data, e->len);
		if (!doc) /* what it leaves to jansson, and any error */
			doc = json_loadb((const char *)e->data, e->len,
			                 JSON_REJECT_DUPLICATES, &err);
		if (!doc && json_error_code(&err) == json_error_out_of_memory)
			rc = MCP_ENOMEM;
		else if (!doc ||
		         (!is_dispatch && n == sizeof(docs) / sizeof(docs[0])))
			rc = MCP_ERROR;
		else if (is_dispatch)
			dispatch = doc;
		else
			docs[n++] = doc;
		if (rc != 0)
			json_decref(doc);
	}
	if (rc == 0 && dispatch && n == sizeof(docs) / sizeof(docs[0])) {
		if (base)
			opts = *base;
		else
			mcp_schema_opts_init(&opts);
		opts.preload = docs;
		opts.npreload = n;
		rc = mcp_schema_compile(out, dispatch, NULL, &opts, diag);
	} else if (rc != MCP_ENOMEM) {
		mcp_loc loc = {DISPATCH, 0, 0};
		mcp_finding *f = mcp_diag_add(
		    diag, "MCP-SCHEMA-000", MCP_SEV_ERROR, &loc, NULL, NULL,
		    "the built-in schemas do not load (a broken build)");
		if (f)
			f->fatal = 1;
		rc = MCP_EPARSE;
	}
	json_decref(dispatch);
	for (i = 0; i < n; i++)
		json_decref(docs[i]);
	return rc;
}
