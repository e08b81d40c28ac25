/*
 * secrets.c: finding secret material by its shape, and masking it.
 */
#define _GNU_SOURCE /* memmem */
#include <pthread.h>
#include <string.h>

#include "check/regex.h"
#include "mcpc/secrets.h"

static pcre2_code *shapes;
static pthread_once_t shapes_once = PTHREAD_ONCE_INIT;

static void compile_shapes(void)
{
	char err[160];

	shapes = mcp_regex_compile(MCP_SECRET_PATTERN, err, sizeof(err));
}

/* Whether the text holds what every shape needs: most messages hold none
 * of these, and skip the regular expression. */
static int may_hold(const char *s, size_t len)
{
	static const char *const needles[] = {"-----BEGIN",  "AKIA", "ASIA",
	                                      "AccountKey=", "_",    "xox",
	                                      "eyJ",         "@"};
	size_t i;

	for (i = 0; i < sizeof(needles) / sizeof(needles[0]); i++)
		if (memmem(s, len, needles[i], strlen(needles[i])))
			return 1;
	return 0;
}

size_t mcp_secret_mask(char *s, size_t len)
{
	pcre2_match_data *md;
	size_t at = 0, n = 0;

	if (!s || !len || !may_hold(s, len))
		return 0;
	pthread_once(&shapes_once, compile_shapes);
	if (!shapes ||
	    !(md = pcre2_match_data_create_from_pattern(shapes, NULL)))
		return 0;
	while (at < len &&
	       pcre2_match(shapes, (PCRE2_SPTR)s, len, at, 0, md, NULL) > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		size_t from = ov[0], to = ov[1];
		if (to <= from) { /* cannot happen: no shape is empty */
			at = from + 1;
			continue;
		}
		memset(s + from, '*', to - from);
		n++;
		at = to;
	}
	pcre2_match_data_free(md);
	return n;
}

int mcp_finding_is_secret(const mcp_finding *f)
{
	return f->rule && strncmp(f->rule, "MCP-SEC-", 8) == 0;
}

static size_t mask(char *s)
{
	return s ? mcp_secret_mask(s, strlen(s)) : 0;
}

size_t mcp_diag_redact(mcp_diag *d)
{
	size_t i, n = 0;

	for (i = 0; i < mcp_diag_count(d); i++) {
		/* the list's own findings: their text may change in place */
		mcp_finding *f = (mcp_finding *)mcp_diag_get(d, i);
		n += mask(f->message) + mask(f->hint) +
		     mask(f->related_message) + mask(f->waiver);
	}
	return n;
}
