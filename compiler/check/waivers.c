/*
 * waivers.c: waivers from a spec's annotations (waivers.h). A waiver needs
 * a reason and an expiry date; an expired waiver is an error and waives
 * nothing; a waiver that matches nothing is a warning, so stale waivers
 * get cleaned up.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mcpc/mcpc.h"
#include "mcpc/waivers.h"

#define PREFIX "mcpc.io/waive."

/* YYYY-MM-DD, a real calendar date. */
static int valid_date(const char *s, size_t n)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
	                           31, 31, 30, 31, 30, 31};
	int y, m, d, max;
	size_t i;

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = atoi(s);
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1)
		return 0;
	max = days[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	return d <= max;
}

void mcp_waivers_today(char out[11])
{
	const char *env = getenv("MCPC_TODAY");
	time_t now;
	struct tm tm;

	if (env && valid_date(env, strlen(env))) {
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

int mcp_waivers_apply(const mcp_source *src, size_t doc, mcp_diag *d,
                      size_t first, const char *today)
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
		size_t rlen, dlen, i, hits = 0;
		if (strncmp(key, PREFIX, strlen(PREFIX)) != 0 || rc)
			continue;
		mcp_buf_clear(&ptr);
		mcp_buf_puts(&ptr, "/metadata/annotations/");
		for (v = key; *v; v++)
			if (*v == '/')
				mcp_buf_puts(&ptr, "~1");
			else if (*v == '~')
				mcp_buf_puts(&ptr, "~0");
			else
				mcp_buf_putc(&ptr, *v);
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
		    !valid_date(date + 8, dlen - 8)) {
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
			hits++;
		}
		if (!rc && !hits) {
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
	return rc;
}
