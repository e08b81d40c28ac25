/*
 * waivers.c: waivers from a spec's annotations (waivers.h). A waiver needs
 * a reason and an expiry date; an expired waiver is an error and waives
 * nothing; a waiver that matches nothing is a warning, so stale waivers
 * get cleaned up.
 */
#include <fnmatch.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check/schema_int.h"
#include "mcpc/mcpc.h"
#include "mcpc/waivers.h"

#define PREFIX "mcpc.io/waive."

/* One entry of a waivers file. */
typedef struct entry {
	char *rule, *file, *pointer, *why; /* why: "REASON (until DATE)" */
	mcp_loc loc;                       /* the entry, for MCP-WAIVER-002 */
	char *ptr;                         /* its pointer in the file */
	int usable;                        /* not expired, a real date */
} entry;

struct mcp_waivers {
	entry *v;
	size_t n;
};

void mcp_waivers_free(mcp_waivers *w)
{
	size_t i;
	if (!w)
		return;
	for (i = 0; i < w->n; i++) {
		free(w->v[i].rule);
		free(w->v[i].file);
		free(w->v[i].pointer);
		free(w->v[i].why);
		free(w->v[i].ptr);
	}
	free(w->v);
	free(w);
}

void mcp_waivers_today(char out[11])
{
	const char *env = getenv("MCPC_TODAY");
	time_t now;
	struct tm tm;

	if (env && mcp_date_valid(env, strlen(env))) {
		memcpy(out, env, 10);
		out[10] = '\0';
		return;
	}
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

static int add(mcp_diag *d, const mcp_source *src, size_t doc, const char *rule,
               mcp_severity sev, const char *pointer, const char *hint,
               const char *msg)
{
	mcp_loc loc = {mcp_source_name(src), 1, 1};

	if (mcp_srcmap_lookup(mcp_source_srcmap(src), doc, pointer, &loc,
	                      NULL) < 0)
		mcp_srcmap_nearest(mcp_source_srcmap(src), doc, pointer, &loc);
	return mcp_diag_add(d, rule, sev, &loc, pointer, hint, "%s", msg)
	           ? 0
	           : MCP_ENOMEM;
}

/* Whether finding f falls under entry e. */
static int covers(const entry *e, const mcp_finding *f)
{
	size_t lp;

	if (!e->usable || f->fatal || strcmp(f->rule, e->rule) != 0 ||
	    !f->loc.file || fnmatch(e->file, f->loc.file, FNM_PATHNAME) != 0)
		return 0;
	if (!e->pointer)
		return 1;
	lp = strlen(e->pointer);
	return f->pointer && strncmp(f->pointer, e->pointer, lp) == 0 &&
	       (f->pointer[lp] == '\0' || f->pointer[lp] == '/');
}

static int apply_file(const mcp_waivers *w, size_t *hits, mcp_diag *d,
                      size_t first, size_t last)
{
	size_t i, k;

	for (k = 0; w && k < w->n; k++)
		for (i = first; i < last; i++) {
			const mcp_finding *f = mcp_diag_get(d, i);
			if (f->waiver || !covers(&w->v[k], f))
				continue;
			if (mcp_diag_waive(d, i, w->v[k].why) < 0)
				return MCP_ENOMEM;
			if (hits)
				hits[k]++;
		}
	return 0;
}

int mcp_waivers_apply(const mcp_source *src, size_t doc, mcp_diag *d,
                      size_t first, const char *today, const mcp_waivers *file,
                      size_t *hits)
{
	json_t *ann = json_object_get(
	    json_object_get(mcp_source_doc(src, doc), "metadata"),
	    "annotations");
	const char *key;
	json_t *value;
	mcp_buf msg, ptr;
	size_t last = mcp_diag_count(d);
	int rc = 0;

	mcp_buf_init(&msg);
	mcp_buf_init(&ptr);
	json_object_foreach(ann, key, value)
	{
		const char *rule = key + strlen(PREFIX), *v, *semi, *reason,
		           *date;
		size_t rlen, dlen, i, matched = 0;
		if (strncmp(key, PREFIX, strlen(PREFIX)) != 0 || rc)
			continue;
		mcp_buf_clear(&ptr);
		mcp_buf_puts(&ptr, "/metadata/annotations");
		mcp_buf_put_token(&ptr, key, strlen(key));
		if (ptr.oom) {
			rc = MCP_ENOMEM;
			break;
		}
		v = json_string_value(value);
		semi = v ? strrchr(v, ';') : NULL;
		reason = v;
		rlen = semi ? (size_t)(semi - v) : 0;
		date = semi ? semi + 1 : "";
		dlen = strlen(date);
		if (semi)
			trim(&reason, &rlen);
		trim(&date, &dlen);
		if (!*rule || !semi || !rlen || dlen < 8 ||
		    strncmp(date, "expires=", 8) != 0 ||
		    !mcp_date_valid(date + 8, dlen - 8)) {
			mcp_buf_clear(&msg);
			if (semi && rlen)
				mcp_buf_printf(
				    &msg,
				    "the waiver of %s has no valid expiry "
				    "date ('%.*s'): it must end with "
				    "'; expires=YYYY-MM-DD'",
				    rule, (int)dlen, date);
			else
				mcp_buf_printf(
				    &msg,
				    "the waiver of %s needs a reason and "
				    "an expiry date: \"REASON; "
				    "expires=YYYY-MM-DD\"",
				    *rule ? rule : "(no rule)");
			rc = msg.oom ? MCP_ENOMEM
			             : add(d, src, doc, "MCP-WAIVER-001",
			                   MCP_SEV_ERROR, ptr.ptr,
			                   "write the reason, then '; "
			                   "expires=2027-01-31'",
			                   msg.ptr);
			continue;
		}
		date += 8;
		if (strncmp(date, today, 10) < 0) {
			mcp_buf_clear(&msg);
			mcp_buf_printf(
			    &msg,
			    "the waiver of %s expired on %.10s (%.*s); "
			    "its findings count again",
			    rule, date, (int)rlen, reason);
			rc = msg.oom
			         ? MCP_ENOMEM
			         : add(d, src, doc, "MCP-WAIVER-EXPIRED",
			               MCP_SEV_ERROR, ptr.ptr,
			               "fix what it waived, or renew it with a "
			               "new date and a reason",
			               msg.ptr);
			continue;
		}
		mcp_buf_clear(&msg);
		mcp_buf_printf(&msg, "%.*s (until %.10s)", (int)rlen, reason,
		               date);
		if (msg.oom) {
			rc = MCP_ENOMEM;
			break;
		}
		for (i = first; i < last && !rc; i++) {
			const mcp_finding *f = mcp_diag_get(d, i);
			if (f->fatal || strcmp(f->rule, rule) != 0)
				continue;
			rc = mcp_diag_waive(d, i, msg.ptr);
			matched++;
		}
		if (!rc && !matched) {
			mcp_buf_clear(&msg);
			mcp_buf_printf(&msg,
			               "the waiver of %s matches no finding in "
			               "this document",
			               rule);
			rc = msg.oom
			         ? MCP_ENOMEM
			         : add(d, src, doc, "MCP-WAIVER-002",
			               MCP_SEV_WARNING, ptr.ptr,
			               "remove the waiver: what it waived is "
			               "fixed",
			               msg.ptr);
		}
	}
	mcp_buf_free(&msg);
	mcp_buf_free(&ptr);
	if (rc == 0)
		rc = apply_file(file, hits, d, first, last);
	return rc;
}

static char *dup_str(json_t *v, int *oom)
{
	char *s;
	if (!json_is_string(v))
		return NULL;
	s = strdup(json_string_value(v));
	if (!s)
		*oom = 1;
	return s;
}

int mcp_waivers_load(mcp_waivers **out, const char *path,
                     const mcp_schema *schema, const mcp_load_opts *opts,
                     const char *today, mcp_diag *d)
{
	mcp_source *src = NULL;
	mcp_waivers *w;
	json_t *doc, *list;
	size_t i;
	int rc, oom = 0;

	*out = NULL;
	rc = mcp_source_load_file(&src, path, opts, d);
	if (rc < 0) {
		mcp_source_free(src);
		return rc;
	}
	doc = mcp_source_doc(src, 0);
	rc = mcp_source_doc_count(src) == 1 &&
	             json_is_string(json_object_get(doc, "kind")) &&
	             strcmp(json_string_value(json_object_get(doc, "kind")),
	                    "Waivers") == 0
	         ? mcp_schema_check(schema, src, 0, d)
	         : 1;
	if (rc != 0) {
		mcp_finding *f;
		mcp_loc loc = {mcp_source_name(src), 1, 1};
		mcp_source_free(src);
		if (rc < 0)
			return rc;
		f = mcp_diag_add(d, "MCP-WAIVER-001", MCP_SEV_ERROR, &loc, NULL,
		                 "a waivers file holds one document of kind "
		                 "Waivers (schema/waivers.schema.json)",
		                 "the waivers file is invalid; no finding was "
		                 "waived by it");
		if (!f)
			return MCP_ENOMEM;
		f->fatal = 1;
		return MCP_EPARSE;
	}
	w = calloc(1, sizeof(*w));
	list = json_object_get(json_object_get(doc, "spec"), "waivers");
	if (w && json_array_size(list))
		w->v = calloc(json_array_size(list), sizeof(*w->v));
	if (!w || (json_array_size(list) && !w->v)) {
		free(w);
		mcp_source_free(src);
		return MCP_ENOMEM;
	}
	for (i = 0; i < json_array_size(list) && !oom; i++) {
		json_t *e = json_array_get(list, i);
		entry *x = &w->v[w->n++];
		const char *exp =
		    json_string_value(json_object_get(e, "expires"));
		char ptr[64], msg[256];
		snprintf(ptr, sizeof(ptr), "/spec/waivers/%zu", i);
		x->rule = dup_str(json_object_get(e, "rule"), &oom);
		x->file = dup_str(json_object_get(e, "file"), &oom);
		x->pointer = dup_str(json_object_get(e, "pointer"), &oom);
		x->ptr = strdup(ptr);
		oom |= !x->ptr;
		x->loc.file = mcp_source_name(src);
		mcp_srcmap_nearest(mcp_source_srcmap(src), 0, ptr, &x->loc);
		if (!(x->loc.file = mcp_diag_intern(d, x->loc.file)))
			oom = 1;
		snprintf(ptr, sizeof(ptr), "/spec/waivers/%zu/expires", i);
		if (!exp || !mcp_date_valid(exp, strlen(exp))) {
			snprintf(msg, sizeof(msg),
			         "the waiver of %s has no valid expiry date",
			         x->rule ? x->rule : "?");
			oom |=
			    add(d, src, 0, "MCP-WAIVER-001", MCP_SEV_ERROR, ptr,
			        "give a real date: YYYY-MM-DD", msg) < 0;
			continue;
		}
		if (strncmp(exp, today, 10) < 0) {
			snprintf(msg, sizeof(msg),
			         "the waiver of %s for %s expired on %s; its "
			         "findings count again",
			         x->rule ? x->rule : "?",
			         x->file ? x->file : "?", exp);
			oom |= add(d, src, 0, "MCP-WAIVER-EXPIRED",
			           MCP_SEV_ERROR, ptr,
			           "fix what it waived, or renew it with a new "
			           "date and a reason",
			           msg) < 0;
			continue;
		}
		{
			mcp_buf why;
			mcp_buf_init(&why);
			mcp_buf_printf(
			    &why, "%s (until %s)",
			    json_string_value(json_object_get(e, "reason")),
			    exp);
			x->why = mcp_buf_detach(&why);
			oom |= !x->why;
		}
		x->usable = 1;
	}
	mcp_source_free(src);
	if (oom) {
		mcp_waivers_free(w);
		return MCP_ENOMEM;
	}
	*out = w;
	return 0;
}

size_t mcp_waivers_count(const mcp_waivers *w)
{
	return w ? w->n : 0;
}

int mcp_waivers_finish(const mcp_waivers *w, const size_t *hits, mcp_diag *d)
{
	size_t k;

	for (k = 0; w && k < w->n; k++) {
		const entry *x = &w->v[k];
		if (!x->usable || (hits && hits[k]))
			continue;
		if (!mcp_diag_add(d, "MCP-WAIVER-002", MCP_SEV_WARNING, &x->loc,
		                  x->ptr,
		                  "remove the waiver: what it waived is fixed",
		                  "the waiver of %s for %s matched no finding",
		                  x->rule, x->file))
			return MCP_ENOMEM;
	}
	return 0;
}
