/*
 * values_map.c: where each parameter of the chart's values comes from in
 * the spec, one table read both ways: `build --values-schema` places a
 * values finding at the spec node behind it, `mcpc values` places a spec
 * rule's finding at the parameter it reads and names that parameter in
 * the finding's text.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

enum {
	DEEP = 1,   /* the rest of the path carries over: same shapes */
	ONE_WAY = 2 /* values to spec only: the spec node feeds others too */
};

static const struct {
	const char *values, *spec;
	int flags;
} map[] = {
    {"/nameOverride", "/metadata/name", 0},
    {"/namespace", "/metadata/namespace", 0},
    {"/tritonRelease", "/spec/inference/version", 0},
    {"/commonLabels", "/metadata/labels", DEEP},
    {"/commonAnnotations", "/metadata/annotations", DEEP},
    {"/replicaCount", "/spec/inference/replicas", 0},
    {"/image", "/spec/inference/image", 0},
    {"/imagePullSecrets", "/spec/registry/pullSecret", 0},
    {"/logLevel", "/spec/observability/logLevel", 0},
    {"/gpu", "/spec/inference/gpu", DEEP},
    {"/gpu/nodeSelector", "/spec/inference/nodePool", ONE_WAY},
    {"/gpu/tolerations", "/spec/inference/nodePool", ONE_WAY},
    {"/model", "/spec/inference/models/0/storage", ONE_WAY},
    {"/models", "/spec/inference/models", DEEP},
    {"/resources", "/spec/inference/resources", DEEP},
    {"/nodeSelector", "/spec/inference/nodePool", ONE_WAY},
    {"/tolerations", "/spec/inference/nodePool", ONE_WAY},
    {"/service/ports", "/spec/inference/ports", DEEP},
    {"/grpc", "/spec/inference/grpc", DEEP},
    {"/timeouts", "/spec/inference/timeouts", DEEP},
    {"/gateway", "/spec/gateway", DEEP},
    {"/config", "/spec/config", DEEP},
    {"/metrics", "/spec/observability/metrics", DEEP},
    {"/tracing", "/spec/observability/tracing", DEEP},
    {"/logging", "/spec/observability/logging", 0},
    {"/networkPolicy", "/spec/security/networkPolicy", DEEP},
    {"/rollout", "/spec/rollout", DEEP},
    {"/rollout/syncWaves", "/spec/rollout/maxParallel", 0},
    {"/rbac/permissions", "/spec/rbac/roles", ONE_WAY},
    {"/rbac", "/spec/rbac", DEEP},
    {"/services", "/spec/services", DEEP},
};

#define NMAP (sizeof(map) / sizeof(map[0]))

/* Does @p p start with the whole path @p prefix? */
static size_t under(const char *p, const char *prefix)
{
	size_t l = strlen(prefix);

	return strncmp(p, prefix, l) == 0 && (p[l] == '\0' || p[l] == '/') ? l
	                                                                   : 0;
}

/* A service's replicaCount is its replicas: @p rest with the one name
 * swapped for the other, into @p b. */
static void service_tail(mcp_buf *b, const char *rest, const char *from,
                         const char *to)
{
	const char *at = strstr(rest, from);
	size_t l = strlen(from);

	if (at && (at[l] == '\0' || at[l] == '/'))
		mcp_buf_printf(b, "%.*s%s%s", (int)(at - rest), rest, to,
		               at + l);
	else
		mcp_buf_puts(b, rest);
}

char *cli_values_origin(const char *vp)
{
	size_t i, l, best = NMAP, bl = 0;
	mcp_buf b;

	for (i = 0; i < NMAP; i++)
		if ((l = under(vp, map[i].values)) > bl)
			best = i, bl = l;
	mcp_buf_init(&b);
	if (best == NMAP)
		mcp_buf_puts(&b, "/spec");
	else if (!(map[best].flags & DEEP))
		mcp_buf_puts(&b, map[best].spec);
	else {
		mcp_buf_puts(&b, map[best].spec);
		if (strcmp(map[best].values, "/services") == 0)
			service_tail(&b, vp + bl, "/replicaCount", "/replicas");
		else
			mcp_buf_puts(&b, vp + bl);
	}
	return mcp_buf_detach(&b);
}

/* The entry that names spec pointer @p sp in the values, the longest
 * spec path first (NMAP: none); its length in *len. */
static size_t values_entry(const char *sp, size_t *len)
{
	size_t i, l, best = NMAP;

	*len = 0;
	for (i = 0; i < NMAP; i++)
		if (!(map[i].flags & ONE_WAY) &&
		    (l = under(sp, map[i].spec)) > *len)
			best = i, *len = l;
	return best;
}

char *cli_values_pointer(const char *sp)
{
	size_t l, i = values_entry(sp, &l);
	mcp_buf b;

	if (i == NMAP)
		return NULL;
	mcp_buf_init(&b);
	mcp_buf_puts(&b, map[i].values);
	if (strcmp(map[i].values, "/services") == 0)
		service_tail(&b, sp + l, "/replicas", "/replicaCount");
	else if (map[i].flags & DEEP)
		mcp_buf_puts(&b, sp + l);
	return mcp_buf_detach(&b);
}

/* The length of the field name at @p t that is the dotted form of a spec
 * pointer the map names ("spec." optional), the map's entry in *entry;
 * 0 when none stands there. */
static size_t dotted_at(const char *t, size_t *entry)
{
	size_t i, n, best = 0;

	for (i = 0; i < NMAP; i++) {
		const char *sp = map[i].spec;
		if ((map[i].flags & ONE_WAY) || strncmp(sp, "/spec/", 6) != 0)
			continue;
		n = strncmp(t, "spec.", 5) == 0 ? 5 : 0;
		for (sp += 6; *sp && t[n] == (*sp == '/' ? '.' : *sp); sp++)
			n++;
		/* all of it, and a whole name: not the start of a longer one */
		if (*sp || isalnum((unsigned char)t[n]) || t[n] == '_')
			continue;
		if (n > best)
			best = n, *entry = i;
	}
	return best;
}

char *cli_values_text(const char *t)
{
	mcp_buf b;
	size_t i = 0, n;
	const char *v;

	mcp_buf_init(&b);
	while (t && *t) {
		char prev = b.len ? b.ptr[b.len - 1] : ' ';
		n = isalnum((unsigned char)prev) || prev == '.' || prev == '_'
		        ? 0
		        : dotted_at(t, &i);
		if (!n) {
			mcp_buf_putc(&b, *t++);
			continue;
		}
		for (v = map[i].values + 1; *v; v++)
			mcp_buf_putc(&b, *v == '/' ? '.' : *v);
		t += n;
	}
	return mcp_buf_detach(&b);
}
