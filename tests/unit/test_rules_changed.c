/*
 * test_rules_changed.c: mcp_rules_check_changed, the rules of a document
 * that differs from one already checked at a few pointers. First the
 * decisions (which pointer patterns a changed pointer touches, what a
 * rule of a pack reads), then the property the environment overlays rely
 * on, differentially: the rules run on the changed pointers give exactly
 * the new findings that running every rule gives, for a change at every
 * node of every fixture spec (a value of the same type, one of another
 * type, the node deleted), on every environment overlay of the fixtures,
 * and on overlays generated for every node of every fixture's spec.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "check/policy/rules_int.h"
#include "check/schema/schema_int.h"
#include "front/loader.h"

/* The fixture files read: specs in YAML and in JSON. */
static const char *const yaml_json[] = {".yaml", ".json", NULL};

/* ---- which patterns a changed pointer touches ---- */

static void touches(void **state)
{
	static const struct {
		const char *pattern, *changed;
		int want;
	} cases[] = {
	    /* at, below and above a node the pattern matches */
	    {"/spec/services/*/image", "/spec/services/0/image", 1},
	    {"/spec/services/*/image", "/spec/services/12/image/x", 1},
	    {"/spec/services/*/image", "/spec/services/0", 1},
	    {"/spec/services/*/image", "/spec/services", 1},
	    {"/spec/services/*/image", "/spec", 1},
	    {"/spec/services/*/image", "", 1},
	    /* beside it */
	    {"/spec/services/*/image", "/spec/services/0/name", 0},
	    {"/spec/services/*/image", "/spec/nodePools/0/image", 0},
	    {"/spec/services/*/image", "/metadata", 0},
	    {"/spec/services/*/image", "/spec/servicesx", 0},
	    {"/spec/service", "/spec/services", 0},
	    {"/spec/services", "/spec/service", 0},
	    {"/spec/services", "/spec/services/3/calls/0", 1},
	    /* '*' over object members, '*' as the last segment */
	    {"/spec/labels/*", "/spec/labels/team", 1},
	    {"/spec/labels/*", "/spec/labels/team/x", 1},
	    {"/spec/labels/*", "/spec/label/team", 0},
	    {"/*/x", "/anything/x", 1},
	    {"/*/x", "/anything/y", 0},
	    /* '**': anything below the part before it */
	    {"/**", "/metadata/name", 1},
	    {"/spec/**/r", "/spec/x/y/z", 1},
	    {"/spec/**/r", "/spec", 1},
	    {"/spec/**/r", "/metadata/r", 0},
	    {"/spec/a/**/b", "/spec/c", 0},
	    {"/spec/a/**/b", "/spec/a", 1},
	    {"/spec/*/**", "/spec/q/w", 1},
	    {"/spec/*/**", "/metadata/q", 0},
	    /* the root pattern reads everything; no pointer touches all */
	    {"", "/spec/x", 1},
	    {"/spec/x", "spec", 1},
	    /* escaped segments compare unescaped */
	    {"/spec/fileModes/~1etc~1shadow", "/spec/fileModes/~1etc~1shadow",
	     1},
	    {"/spec/fileModes/~1etc~1shadow", "/spec/fileModes/~1etc~1passwd",
	     0},
	    {"/spec/fileModes/~1etc~1shadow", "/spec/fileModes", 1},
	    {"/a/~0b", "/a/~0b", 1},
	    {"/a/~0b", "/a/~1b", 0},
	    {"/a/~01", "/a/~01", 1}, /* "~1", not "/" */
	    {"/a/~01", "/a/~1", 0},
	    {"/a/~1", "/a/~01", 0},
	    {"/a/~2", "/a/~2", 1}, /* not an escape: as written */
	    {"/a/b~", "/a/b~", 1},
	    /* an empty key is a segment too */
	    {"/spec/", "/spec/", 1},
	    {"/spec/", "/spec/x", 0},
	    {"/spec/x", "/spec/", 0},
	    {"/spec//x", "/spec//x/y", 1},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (mcp_rule_pattern_touches(cases[i].pattern,
		                             cases[i].changed) != cases[i].want)
			fail_msg("pattern '%s', changed '%s': want %d",
			         cases[i].pattern, cases[i].changed,
			         cases[i].want);
}

/* ---- what the rules of a pack read ---- */

/* A pack with a rule for each way a rule reads outside its match: a
 * relative operand through '*' and through '**', an absolute one, a
 * precondition's pointer and its operands, a precondition on the value
 * with an operand. */
static const char pack[] =
    "apiVersion: ai102.mcp/v1\n"
    "kind: RulePack\n"
    "metadata: {name: differential}\n"
    "spec:\n"
    "  rules:\n"
    "    - {id: T-REL-STAR, match: /spec/services/*/resources/limits/memory, "
    "assert: {compare: quantity, greaterThan: 2/requests/memory}}\n"
    "    - {id: T-REL-DEEP, match: /spec/inference/**/cpu, assert: {compare: "
    "quantity, lessThanOrEqual: 1/memory}}\n"
    "    - {id: T-REL-UP-DEEP, match: /spec/inference/**/keepalive/time, "
    "assert: {compare: duration, greaterThan: 3/timeouts/connect}}\n"
    "    - {id: T-REL-SIB, match: /spec/inference/gpu/count, assert: "
    "{compare: quantity, lessThanOrEqual: 3/requirements/gpu}}\n"
    "    - {id: T-ABS, match: /spec/rollout/autoscaling/maxReplicas, assert: "
    "{compare: quantity, lessThanOrEqual: /spec/inference/replicas}}\n"
    "    - {id: T-WHEN-PTR, match: /spec/gateway/host, when: [{pointer: "
    "/spec/observability/logLevel, equals: INFO}], assert: {maxLength: "
    "3}}\n"
    "    - {id: T-WHEN-REL, match: /spec/inference/replicas, when: "
    "[{pointer: /spec/inference/timeouts/connect, compare: duration, "
    "lessThan: 1/request}], assert: {maximum: 1}}\n"
    "    - {id: T-WHEN-SELF, match: /spec/services/*/port, when: [{compare: "
    "quantity, greaterThan: 1/replicas}], assert: {maximum: 1000}}\n"
    "    - {id: T-KEY, match: /spec/services/*/env/*, assert: {keyPattern: "
    "'^[A-Z]+$'}}\n"
    "    - {id: T-PTRPAT, match: /spec/environments/*/inference/replicas, "
    "assert: {notPointerPattern: '/prod/'}}\n"
    "    - {id: T-HAS, match: /spec/inference/resources, assert: {has: "
    "[limits/cpu]}}\n"
    "    - {id: T-DEEP, match: [/spec/observability/**/enabled, "
    "/spec/security/**/enabled], assert: {equals: true}}\n"
    "    - {id: T-META, match: /metadata/labels/*, assert: {maxLength: 4}}\n"
    "    - {id: T-POOLS, match: /spec/nodePools/*, assert: {has: [gpu]}}\n"
    "    - {id: T-CALLS, match: /spec/services/*/calls, assert: {maxLength: "
    "1}}\n"
    "    - {id: T-TILDE, match: "
    "/spec/security/hostBaseline/fileModes/~1etc~1passwd, assert: {equals: "
    "'0644'}}\n"
    "    - {id: T-VER, match: /spec/target/kubernetes, assert: {version: "
    "{range: '>=1.28.0'}}}\n"
    "    - {id: T-MISSING, match: /spec/observability/tracing/sampleRatio, "
    "assert: {present: true}}\n";

static const char project[] = "apiVersion: ai102.mcp/v1\n"
                              "kind: Project\n"
                              "metadata: {name: differential}\n"
                              "spec:\n"
                              "  groups: [ops-team, sec-team]\n"
                              "  services: [billing]\n"
                              "  rules:\n"
                              "    enable: [MCP-IMG-005, MCP-GRPC-004]\n";

typedef struct fixture {
	char dir[64];
	mcp_schema *schema;
	mcp_rules *rules;
	mcp_diag *d;
} fixture;

static fixture fx;

/* Write @p text to @p name under the fixture's folder, each rule of a
 * pack given what its schema asks for beside. */
static void write_file(const char *name, const char *text, int rules)
{
	char path[128], *p;
	const char *s = text;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", fx.dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	while (rules && (p = strstr(s, "{id: ")) != NULL) {
		const char *comma = strchr(p, ',');
		fwrite(s, 1, (size_t)(comma - s), f);
		fputs(", title: t, severity: warning, category: config, "
		      "description: d, message: '{value} {path} {pointer}'",
		      f);
		s = comma;
	}
	fputs(s, f);
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	char path[128];
	const char *dirs[1];
	mcp_project *p = NULL;

	(void)state;
	snprintf(fx.dir, sizeof(fx.dir), "/tmp/mcpc-changed-XXXXXX");
	assert_non_null(mkdtemp(fx.dir));
	write_file("pack.yaml", pack, 1);
	write_file("project.txt", project, 0);
	dirs[0] = fx.dir;
	assert_int_equal(mcp_diag_new(&fx.d), 0);
	assert_int_equal(mcp_schema_builtin(&fx.schema, NULL, fx.d), 0);
	assert_int_equal(
	    mcp_rules_load(&fx.rules, dirs, 1, fx.schema, NULL, fx.d), 0);
	snprintf(path, sizeof(path), "%s/project.txt", fx.dir);
	assert_int_equal(mcp_project_load(&p, path, fx.schema, NULL, fx.d), 0);
	assert_int_equal(mcp_rules_configure(fx.rules, p, fx.d), 0);
	mcp_project_free(p);
	return 0;
}

static int cleanup(void **state)
{
	char path[128];

	(void)state;
	mcp_rules_free(fx.rules);
	mcp_schema_free(fx.schema);
	mcp_diag_free(fx.d);
	snprintf(path, sizeof(path), "%s/pack.yaml", fx.dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/project.txt", fx.dir);
	unlink(path);
	rmdir(fx.dir);
	return 0;
}

/* The ids of the rules that report on @p src (as a spec), checked as
 * changed at @p changed, each once, space-separated. */
static char *fired(const mcp_source *src, const char *const *changed, size_t n)
{
	mcp_diag *d;
	mcp_buf out;
	size_t i;

	assert_int_equal(mcp_diag_new(&d), 0);
	assert_int_equal(
	    mcp_rules_check_changed(fx.rules, src, 0, 0, changed, n, d), 0);
	mcp_buf_init(&out);
	for (i = 0; i < mcp_diag_count(d); i++) {
		const char *id = mcp_diag_get(d, i)->rule;
		char word[64];
		snprintf(word, sizeof(word), " %s ", id);
		if (!strstr(out.ptr, word))
			mcp_buf_puts(&out, word + (out.len ? 1 : 0));
	}
	mcp_diag_free(d);
	return mcp_buf_detach(&out);
}

/* Whether rule @p id is among the ids @p list names. */
static int among(const char *list, const char *id)
{
	size_t n = strlen(id);
	const char *p;

	for (p = list; (p = strstr(p, id)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

static const char decide_spec[] =
    "apiVersion: ai102.mcp/v1\n"
    "kind: ModelDeployment\n"
    "metadata: {name: t, labels: {team: risky}}\n"
    "spec:\n"
    "  nodePools: [{name: gpu, cpu: 32, memory: 256Gi}]\n"
    "  inference:\n"
    "    nodePool: gpu-a100\n"
    "    replicas: 3\n"
    "    gpu: {count: 4}\n"
    "    timeouts: {connect: 1s, request: 5s}\n"
    "    keepalive: {time: 5s}\n"
    "  requirements: {gpu: 2}\n"
    "  timeouts: {connect: 10s}\n"
    "  rollout: {autoscaling: {maxReplicas: 8}}\n"
    "  gateway: {host: ai.example.com}\n"
    "  registry: {server: registry.example.com}\n"
    "  observability: {logLevel: INFO}\n"
    "  services:\n"
    "    - {name: user, port: 50051, replicas: 2, env: {Log: x},\n"
    "       resources: {requests: {memory: 2Gi}, limits: {memory: 1Gi}}}\n"
    "    - {name: order, port: 50052, replicas: 2, image: "
    "'docker.io/order:1.0'}\n";

/* Which rules run for which changed pointers. */
static void decisions(void **state)
{
	static const struct {
		const char *changed[3];
		const char *run, *not_run;
	} cases[] = {
	    /* a relative operand through '*': the sibling of any item */
	    {{"/spec/services/0/resources/requests/memory"},
	     "T-REL-STAR",
	     "T-ABS T-WHEN-PTR MCP-PRE-001 T-META"},
	    {{"/spec/services/0/resources/requests"}, "T-REL-STAR", "T-ABS"},
	    {{"/spec/services/1/image"}, "MCP-IMG-003", "T-REL-STAR T-KEY"},
	    /* an absolute operand, a precondition's pointer and operand */
	    {{"/spec/inference/replicas"}, "T-ABS T-WHEN-REL", "T-REL-SIB"},
	    {{"/spec/observability/logLevel"},
	     "T-WHEN-PTR",
	     "T-ABS T-REL-STAR"},
	    {{"/spec/inference/timeouts/request"},
	     "T-WHEN-REL",
	     "T-WHEN-PTR T-ABS"},
	    /* an operand three levels up, then down */
	    {{"/spec/requirements/gpu"}, "T-REL-SIB MCP-PRE-003", "T-ABS"},
	    /* up across a '**' that stood for no segment at all */
	    {{"/spec/timeouts/connect"}, "T-REL-UP-DEEP", "T-ABS T-WHEN-REL"},
	    {{"/spec/inference/timeouts/connect"},
	     "T-REL-UP-DEEP T-WHEN-REL",
	     "T-ABS"},
	    /* a precondition on the value, with an operand beside it */
	    {{"/spec/services/1/replicas"}, "T-WHEN-SELF", "T-ABS"},
	    /* the built-in checks' lists */
	    {{"/spec/nodePools/0/name"}, "MCP-PRE-001", "T-ABS MCP-IMG-003"},
	    {{"/spec/inference/nodePool"}, "MCP-PRE-001", "MCP-NAME-001"},
	    {{"/spec/services/0/env/Log"}, "T-KEY", "MCP-PRE-001"},
	    {{"/metadata/labels/team"}, "T-META", "MCP-PRE-001 T-ABS"},
	    /* several at once; an ancestor touches everything below */
	    {{"/metadata/labels", "/spec/nodePools"},
	     "T-META MCP-PRE-001 MCP-PRE-003",
	     "T-ABS"},
	    {{"/spec"}, "MCP-PRE-001 T-ABS T-WHEN-PTR T-REL-STAR", "T-META"},
	    /* the kind says whether any rule of specs applies */
	    {{"/kind"}, "T-META MCP-PRE-001 T-ABS T-WHEN-PTR T-REL-STAR", ""},
	};
	mcp_diag *d;
	mcp_source *src = tu_load(decide_spec, &d, NULL);
	char *all, *none, *ids, word[64];
	const char *p;
	size_t i, n;

	(void)state;
	assert_non_null(src);
	all = fired(src, NULL, 0);
	/* every rule the cases name fires on the spec */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (p = cases[i].run; sscanf(p, "%63s", word) == 1;
		     p = strstr(p, word) + strlen(word))
			if (!among(all, word))
				fail_msg("%s does not fire: %s", word, all);
	/* an empty set runs nothing */
	{
		const char *empty[1] = {NULL};
		none = fired(src, empty, 0);
		assert_string_equal(none, "");
		free(none);
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (n = 0; n < 3 && cases[i].changed[n]; n++)
			;
		ids = fired(src, cases[i].changed, n);
		for (p = cases[i].run; sscanf(p, "%63s", word) == 1;
		     p = strstr(p, word) + strlen(word))
			if (!among(ids, word))
				fail_msg("%s at %s: %s did not run (%s)",
				         cases[i].changed[0],
				         cases[i].changed[1] ? "..." : "", word,
				         ids);
		for (p = cases[i].not_run; sscanf(p, "%63s", word) == 1;
		     p = strstr(p, word) + strlen(word))
			if (among(ids, word))
				fail_msg("%s: %s ran", cases[i].changed[0],
				         word);
		free(ids);
	}
	free(all);
	mcp_source_free(src);
	mcp_diag_free(d);
}

/* ---- the differential property ---- */

/* Findings as text: the key mcp_diag_merge_pass compares them by (rule,
 * severity, place), then, after a tab, everything else a report shows. */
static void take_findings(const mcp_diag *d, size_t from, tu_strs *out)
{
	size_t i;

	for (i = from; i < mcp_diag_count(d); i++) {
		const mcp_finding *f = mcp_diag_get(d, i);
		char line[2048];
		snprintf(line, sizeof(line), "%s %d %s:%u:%u\t%s %s | %u:%u %s",
		         f->rule, (int)f->severity, f->loc.file, f->loc.line,
		         f->loc.column, f->pointer ? f->pointer : "-",
		         f->message, f->related.line, f->related.column,
		         f->related_message ? f->related_message : "");
		tu_strs_add(out, line);
	}
}

static int same_key(const char *a, const char *b)
{
	size_t n = strcspn(a, "\t");
	return n == strcspn(b, "\t") && strncmp(a, b, n) == 0;
}

/* What mcp_diag_merge_pass keeps of @p x after @p base: every finding
 * whose key neither base nor an earlier kept one has; one string. */
static char *kept(const tu_strs *x, const tu_strs *base)
{
	mcp_buf out;
	tu_strs k = {0};
	size_t i, j;

	mcp_buf_init(&out);
	for (i = 0; i < x->n; i++) {
		int dup = 0;
		for (j = 0; j < base->n && !dup; j++)
			dup = same_key(x->v[i], base->v[j]);
		for (j = 0; j < k.n && !dup; j++)
			dup = same_key(x->v[i], k.v[j]);
		if (dup)
			continue;
		tu_strs_add(&k, x->v[i]);
		mcp_buf_puts(&out, x->v[i]);
		mcp_buf_putc(&out, '\n');
	}
	tu_strs_free(&k);
	return mcp_buf_detach(&out);
}

/*
 * The rules on document @p doc of @p src, after the schema's findings:
 * every rule into @p all (unless NULL), and the rules of @p changed plus
 * @p extra plus the pointers of the document's own schema findings into
 * @p some (unless NULL). The schema findings' pointers go to @p schema
 * (unless NULL).
 */
static void run(const mcp_source *src, size_t doc, const tu_strs *changed,
                const tu_strs *extra, tu_strs *all, tu_strs *some,
                tu_strs *schema)
{
	mcp_diag *d;
	size_t i, mark;
	tu_strs c = {0};

	assert_int_equal(mcp_diag_new(&d), 0);
	if (schema)
		assert_true(mcp_schema_check(fx.schema, src, doc, d) >= 0);
	for (i = 0; schema && i < mcp_diag_count(d); i++) {
		const mcp_finding *f = mcp_diag_get(d, i);
		if (strncmp(f->rule, "MCP-SCHEMA-", 11) != 0 || !f->pointer)
			continue;
		tu_strs_add(&c, f->pointer);
		tu_strs_add(schema, f->pointer);
	}
	if (all) {
		mark = mcp_diag_count(d);
		assert_int_equal(mcp_rules_check(fx.rules, src, doc, 0, d), 0);
		take_findings(d, mark, all);
	}
	if (some) {
		for (i = 0; i < changed->n; i++)
			tu_strs_add(&c, changed->v[i]);
		for (i = 0; extra && i < extra->n; i++)
			tu_strs_add(&c, extra->v[i]);
		mark = mcp_diag_count(d);
		assert_int_equal(
		    mcp_rules_check_changed(fx.rules, src, doc, 0,
		                            (const char *const *)c.v, c.n, d),
		    0);
		take_findings(d, mark, some);
	}
	tu_strs_free(&c);
	mcp_diag_free(d);
}

typedef struct stats {
	size_t docs, changes, with_schema, overlays, generated, differ;
} stats;

/*
 * The property, both ways: @p a and @p b (document @p da of @p sa, @p db
 * of @p sb) differ at most at and below @p changed. Findings of b that
 * a does not have must be exactly those the rules run on the changed
 * pointers give (and the same from b to a). @p what names the case.
 */
static void compare(const mcp_source *sa, size_t da, const tu_strs *fa,
                    const tu_strs *schema_a, const mcp_source *sb, size_t db,
                    const tu_strs *changed, const char *what, stats *st)
{
	tu_strs fb = {0}, gb = {0}, ga = {0}, schema_b = {0}, ignored = {0};
	char *want, *got;

	run(sb, db, changed, schema_a, &fb, &gb, schema_a ? &schema_b : NULL);
	run(sa, da, changed, &schema_b, NULL, &ga, schema_a ? &ignored : NULL);
	tu_strs_free(&ignored);
	want = kept(&fb, fa);
	got = kept(&gb, fa);
	if (strcmp(want, got) != 0)
		fail_msg(
		    "%s: the changed rules give\n%s\nbut every rule gives\n%s",
		    what, got, want);
	st->differ += *want != '\0';
	free(want);
	free(got);
	want = kept(fa, &fb);
	got = kept(&ga, &fb);
	if (strcmp(want, got) != 0)
		fail_msg("%s, backwards: the changed rules give\n%s\nbut every "
		         "rule gives\n%s",
		         what, got, want);
	st->differ += *want != '\0';
	free(want);
	free(got);
	tu_strs_free(&fb);
	tu_strs_free(&gb);
	tu_strs_free(&ga);
	tu_strs_free(&schema_b);
}

/* Every node of @p v below @p at (a pointer), in document order. */
static void nodes(json_t *v, mcp_buf *at, tu_strs *out)
{
	size_t mark = at->len, i;
	const char *key;
	json_t *child;

	if (json_is_object(v)) {
		json_object_foreach(v, key, child)
		{
			mcp_buf_put_token(at, key, strlen(key));
			tu_strs_add(out, at->ptr);
			nodes(child, at, out);
			mcp_buf_truncate(at, mark);
		}
	} else if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			mcp_buf_printf(at, "/%zu", i);
			tu_strs_add(out, at->ptr);
			nodes(json_array_get(v, i), at, out);
			mcp_buf_truncate(at, mark);
		}
	}
}

enum { SAME_TYPE, OTHER_TYPE, DELETE, NMODS };

/*
 * How much of it runs, to keep the test within seconds: a change at
 * every node_every-th node, in one of every node_mods ways (the file's
 * index shifts which, so that over the fixtures every node and every way
 * comes up), every schema_every-th of them also after the schema, and
 * a generated overlay at every gen_every-th node.
 * MCPC_DIFFERENTIAL=full in the environment runs all of it (a few
 * minutes).
 */
static size_t node_every = 2, node_mods = 3, gen_every = 16, schema_every = 4;
static const char *const mod_names[] = {"a value of the same type",
                                        "a value of another type", "deleted"};

/* Another value of @p v's type (NULL for null), or of another type. */
static json_t *another(json_t *v, int same)
{
	if (!same) {
		if (json_is_string(v))
			return json_integer(1);
		if (json_is_null(v))
			return json_integer(0);
		return json_string("x");
	}
	if (json_is_string(v)) {
		char *s = malloc(json_string_length(v) + 2);
		json_t *r;
		assert_non_null(s);
		memcpy(s, json_string_value(v), json_string_length(v));
		memcpy(s + json_string_length(v), "x", 2);
		r = json_string(s);
		free(s);
		return r;
	}
	if (json_is_integer(v))
		return json_integer(json_integer_value(v) + 1);
	if (json_is_real(v))
		return json_real(json_real_value(v) * 2 + 1);
	if (json_is_boolean(v))
		return json_boolean(!json_is_true(v));
	if (json_is_object(v))
		return json_object_size(v) ? json_object()
		                           : json_pack("{s:s}", "x", "y");
	if (json_is_array(v))
		return json_array_size(v) ? json_array()
		                          : json_pack("[s]", "x");
	return NULL;
}

/*
 * A copy of @p doc changed at @p ptr by @p mod, or NULL when the change
 * does not apply; @p changed gets the pointers where it differs (after
 * an item deleted from a list, every later item moved).
 */
static json_t *change(json_t *doc, const char *ptr, int mod, tu_strs *changed)
{
	const char *slash = strrchr(ptr, '/');
	char *parent_ptr = strndup(ptr, (size_t)(slash - ptr));
	json_t *copy = json_deep_copy(doc), *parent, *old, *nv = NULL;
	uint64_t idx = 0;
	char key[512];
	size_t n = 0;
	const char *k;

	assert_non_null(parent_ptr);
	assert_non_null(copy);
	parent = mcp_pointer_get(copy, parent_ptr);
	for (k = slash + 1; *k && n + 1 < sizeof(key);) {
		if (k[0] == '~' && (k[1] == '0' || k[1] == '1')) {
			key[n++] = k[1] == '0' ? '~' : '/';
			k += 2;
		} else {
			key[n++] = *k++;
		}
	}
	key[n] = '\0';
	if (json_is_array(parent))
		idx = strtoull(key, NULL, 10);
	old = json_is_array(parent) ? json_array_get(parent, (size_t)idx)
	                            : json_object_get(parent, key);
	assert_non_null(old);
	tu_strs_add(changed, ptr);
	if (mod == DELETE) {
		if (json_is_array(parent)) {
			size_t i;
			for (i = (size_t)idx + 1; i < json_array_size(parent);
			     i++) {
				char p[1024];
				snprintf(p, sizeof(p), "%s/%zu", parent_ptr, i);
				tu_strs_add(changed, p);
			}
			json_array_remove(parent, (size_t)idx);
		} else {
			json_object_del(parent, key);
		}
	} else if ((nv = another(old, mod == SAME_TYPE)) != NULL) {
		if (json_is_array(parent))
			json_array_set_new(parent, (size_t)idx, nv);
		else
			json_object_set_new(parent, key, nv);
	} else {
		json_decref(copy);
		copy = NULL;
	}
	free(parent_ptr);
	return copy;
}

/* Add to @p out every pointer where @p a and @p b differ in value
 * (a list of another length differs whole). */
static void value_diff(json_t *a, json_t *b, mcp_buf *at, tu_strs *out)
{
	size_t mark = at->len, i;
	const char *key;
	json_t *x;

	if (json_is_object(a) && json_is_object(b)) {
		json_object_foreach(a, key, x)
		{
			mcp_buf_put_token(at, key, strlen(key));
			if (!json_object_get(b, key))
				tu_strs_add(out, at->ptr);
			else
				value_diff(x, json_object_get(b, key), at, out);
			mcp_buf_truncate(at, mark);
		}
		json_object_foreach(b, key, x)
		{
			if (json_object_get(a, key))
				continue;
			mcp_buf_put_token(at, key, strlen(key));
			tu_strs_add(out, at->ptr);
			mcp_buf_truncate(at, mark);
		}
	} else if (json_is_array(a) && json_is_array(b) &&
	           json_array_size(a) == json_array_size(b)) {
		for (i = 0; i < json_array_size(a); i++) {
			mcp_buf_printf(at, "/%zu", i);
			value_diff(json_array_get(a, i), json_array_get(b, i),
			           at, out);
			mcp_buf_truncate(at, mark);
		}
	} else if (!json_equal(a, b) || json_typeof(a) != json_typeof(b)) {
		tu_strs_add(out, at->len ? at->ptr : "");
	}
}

/* Add to @p out every node of document @p da of @p a that stands
 * elsewhere (or has its key elsewhere) in document @p db of @p b. */
static void place_diff(const mcp_source *a, size_t da, const mcp_source *b,
                       size_t db, tu_strs *out)
{
	tu_strs all = {0};
	mcp_buf at;
	size_t i;

	mcp_buf_init(&at);
	nodes(mcp_source_doc(a, da), &at, &all);
	mcp_buf_free(&at);
	for (i = 0; i < all.n; i++) {
		mcp_loc va = {0}, ka = {0}, vb = {0}, kb = {0};
		int fa = mcp_srcmap_lookup(mcp_source_srcmap(a), da, all.v[i],
		                           &va, &ka);
		int fb = mcp_srcmap_lookup(mcp_source_srcmap(b), db, all.v[i],
		                           &vb, &kb);
		if (fa != fb || va.line != vb.line || va.column != vb.column ||
		    ka.line != kb.line || ka.column != kb.column)
			tu_strs_add(out, all.v[i]);
	}
	tu_strs_free(&all);
}

/* Where two documents differ, in value or in place. */
static void differences(const mcp_source *a, size_t da, const mcp_source *b,
                        size_t db, tu_strs *out)
{
	mcp_buf at;

	mcp_buf_init(&at);
	value_diff(mcp_source_doc(a, da), mcp_source_doc(b, db), &at, out);
	mcp_buf_free(&at);
	place_diff(a, da, b, db, out);
	place_diff(b, db, a, da, out);
}

/* A change at every node of document @p di, each way, with the source
 * map of the original: a node outside the change keeps its place. */
static void every_node(const mcp_source *src, size_t di, const tu_strs *bare,
                       const tu_strs *base, const tu_strs *schema,
                       const char *name, size_t seed, stats *st)
{
	json_t *orig = mcp_source_doc(src, di);
	/* the changed document, in a source of its own that shares the
	 * original's name and source map */
	struct mcp_source ms = {src->name, json_copy(src->docs), src->map};
	tu_strs all = {0};
	mcp_buf at;
	size_t i;
	int mod;

	assert_non_null(ms.docs);
	mcp_buf_init(&at);
	nodes(orig, &at, &all);
	mcp_buf_free(&at);
	for (i = 0; i < all.n; i++)
		for (mod = 0; mod < NMODS; mod++) {
			if ((i + seed) % node_every != 0 ||
			    (i / node_every + seed + (size_t)mod) % node_mods)
				continue;
			tu_strs changed = {0};
			json_t *m = change(orig, all.v[i], mod, &changed);
			char what[1024];
			if (!m) {
				tu_strs_free(&changed);
				continue;
			}
			snprintf(what, sizeof(what), "%s, document %zu, %s %s",
			         name, di, all.v[i], mod_names[mod]);
			assert_int_equal(json_array_set_new(ms.docs, di, m), 0);
			compare(src, di, bare, NULL, &ms, di, &changed, what,
			        st);
			/* and after the schema, whose findings (of either
			 * document) the rules do not judge again */
			if (st->changes % schema_every == 0) {
				strncat(what, ", after the schema",
				        sizeof(what) - strlen(what) - 1);
				compare(src, di, base, schema, &ms, di,
				        &changed, what, st);
				st->with_schema++;
			}
			tu_strs_free(&changed);
			st->changes++;
		}
	json_decref(ms.docs);
	tu_strs_free(&all);
}

/* Each environment overlay of document @p di, merged, against it. */
static void every_overlay(const mcp_source *src, size_t di, const tu_strs *base,
                          const tu_strs *schema, const char *name, stats *st)
{
	json_t *envs = json_object_get(
	    json_object_get(mcp_source_doc(src, di), "spec"), "environments");
	const char *env;
	json_t *x;

	json_object_foreach(envs, env, x)
	{
		mcp_source *o = NULL;
		tu_strs changed = {0};
		char what[1024];
		int rc = mcp_source_overlay(&o, src, di, env);
		if (rc == MCP_ENOTFOUND)
			continue;
		assert_int_equal(rc, 0);
		differences(src, di, o, 0, &changed);
		snprintf(what, sizeof(what), "%s, document %zu, environment %s",
		         name, di, env);
		compare(src, di, base, schema, o, 0, &changed, what, st);
		tu_strs_free(&changed);
		mcp_source_free(o);
		st->overlays++;
	}
}

/* The RFC 7386 merge patch that turns @p a into @p b (a new reference). */
static json_t *patch_of(json_t *a, json_t *b)
{
	json_t *p, *x;
	const char *key;

	if (!json_is_object(a) || !json_is_object(b))
		return json_deep_copy(b);
	p = json_object();
	assert_non_null(p);
	json_object_foreach(a, key, x)
	{
		if (!json_object_get(b, key))
			json_object_set_new(p, key, json_null());
	}
	json_object_foreach(b, key, x)
	{
		json_t *ax = json_object_get(a, key);
		if (!ax || !json_equal(ax, x) ||
		    json_typeof(ax) != json_typeof(x))
			json_object_set_new(p, key, patch_of(ax, x));
	}
	return p;
}

/*
 * An overlay generated for every node of the spec of document @p di (but
 * its environments), changed in turn in each way: the document with that
 * overlay as its only environment is written as JSON and loaded (so every
 * node has a place of its own), then checked against its overlay merged.
 */
static void generated(const mcp_source *src, size_t di, const char *name,
                      size_t seed, stats *st)
{
	json_t *orig = mcp_source_doc(src, di);
	json_t *spec = json_object_get(orig, "spec");
	tu_strs all = {0};
	mcp_buf at;
	size_t i;

	if (!json_is_object(spec))
		return;
	mcp_buf_init(&at);
	mcp_buf_puts(&at, "/spec");
	nodes(spec, &at, &all);
	mcp_buf_free(&at);
	for (i = 0; i < all.n; i++) {
		int mod = (int)(((i + seed) / gen_every) % NMODS);
		tu_strs ignored = {0}, changed = {0}, base = {0}, schema = {0};
		json_t *m, *doc, *envs, *patch;
		mcp_source *s2 = NULL, *o = NULL;
		mcp_diag *d2;
		char what[1024], *text;
		if ((i + seed) % gen_every != 0 ||
		    strncmp(all.v[i], "/spec/environments", 18) == 0 ||
		    !(m = change(orig, all.v[i], mod, &ignored))) {
			tu_strs_free(&ignored);
			continue;
		}
		patch = patch_of(spec, json_object_get(m, "spec"));
		doc = json_deep_copy(orig);
		envs = json_object();
		assert_non_null(doc);
		assert_non_null(envs);
		json_object_set_new(envs, "gen", patch);
		json_object_set_new(json_object_get(doc, "spec"),
		                    "environments", envs);
		text = json_dumps(doc, JSON_INDENT(1));
		assert_non_null(text);
		assert_int_equal(mcp_diag_new(&d2), 0);
		assert_int_equal(mcp_source_load_buffer(&s2, "gen.json", text,
		                                        strlen(text), NULL, d2),
		                 0);
		if (mcp_source_overlay(&o, s2, 0, "gen") == 0) {
			differences(s2, 0, o, 0, &changed);
			snprintf(what, sizeof(what),
			         "%s, document %zu, an overlay: %s %s", name,
			         di, all.v[i], mod_names[mod]);
			run(s2, 0, &changed, NULL, &base, NULL, &schema);
			compare(s2, 0, &base, &schema, o, 0, &changed, what,
			        st);
			st->generated++;
		}
		mcp_source_free(o);
		mcp_source_free(s2);
		mcp_diag_free(d2);
		free(text);
		json_decref(doc);
		json_decref(m);
		tu_strs_free(&ignored);
		tu_strs_free(&changed);
		tu_strs_free(&base);
		tu_strs_free(&schema);
	}
	tu_strs_free(&all);
}

/* Every *.yaml and *.json under @p dir, recursively, sorted. */

/* ---- relative operands, resolved on the walk's path ---- */

/* The rules' findings on document @p di of @p src: as they are, and with
 * a schema finding planted at a pointer no document has, which makes a
 * relative operand ("2/limits/cpu") resolve through the pointer's text
 * (as it must when a schema finding may reject the operand) rather than
 * from the values on the walk's path. Both must be the same. */
static void relative_both_ways(const mcp_source *src, size_t di,
                               const char *what)
{
	mcp_diag *a, *b;
	mcp_loc loc = {mcp_source_name(src), 1, 1};
	tu_strs fa = {0}, fb = {0};
	size_t i, mark;

	assert_int_equal(mcp_diag_new(&a), 0);
	assert_int_equal(mcp_diag_new(&b), 0);
	assert_non_null(mcp_diag_add(b, "MCP-SCHEMA-001", MCP_SEV_ERROR, &loc,
	                             "/~0planted/x", NULL, "planted"));
	assert_int_equal(mcp_rules_check(fx.rules, src, di, 0, a), 0);
	mark = mcp_diag_count(b);
	assert_int_equal(mcp_rules_check(fx.rules, src, di, 0, b), 0);
	take_findings(a, 0, &fa);
	take_findings(b, mark, &fb);
	if (fa.n != fb.n)
		fail_msg("%s: %zu findings on the path, %zu by the text", what,
		         fa.n, fb.n);
	for (i = 0; i < fa.n; i++)
		if (strcmp(fa.v[i], fb.v[i]) != 0)
			fail_msg("%s: on the path\n%s\nby the text\n%s", what,
			         fa.v[i], fb.v[i]);
	tu_strs_free(&fa);
	tu_strs_free(&fb);
	mcp_diag_free(a);
	mcp_diag_free(b);
}

static void relative_operands(void **state)
{
	tu_strs files = {0};
	size_t i, di, docs = 0, changes = 0;

	(void)state;
	tu_files("fixtures/specs", yaml_json, &files);
	for (i = 0; i < files.n; i++) {
		mcp_source *src = NULL;
		mcp_diag *d;
		assert_int_equal(mcp_diag_new(&d), 0);
		mcp_source_load_file(&src, files.v[i], NULL, d);
		for (di = 0; src && di < mcp_source_doc_count(src); di++) {
			json_t *orig = mcp_source_doc(src, di);
			struct mcp_source ms = {src->name, json_copy(src->docs),
			                        src->map};
			tu_strs all = {0};
			mcp_buf at;
			size_t k;
			int mod;
			relative_both_ways(src, di, files.v[i]);
			docs++;
			/* and changed at nodes (every tenth, each way), so
			 * that operands go missing and change type */
			mcp_buf_init(&at);
			nodes(orig, &at, &all);
			mcp_buf_free(&at);
			for (k = i % 10; k < all.n; k += 10)
				for (mod = 0; mod < NMODS; mod++) {
					tu_strs changed = {0};
					json_t *m = change(orig, all.v[k], mod,
					                   &changed);
					char what[1024];
					tu_strs_free(&changed);
					if (!m)
						continue;
					assert_int_equal(
					    json_array_set_new(ms.docs, di, m),
					    0);
					snprintf(what, sizeof(what),
					         "%s, %s %s", files.v[i],
					         all.v[k], mod_names[mod]);
					relative_both_ways(&ms, di, what);
					changes++;
				}
			json_decref(ms.docs);
			tu_strs_free(&all);
		}
		mcp_source_free(src);
		mcp_diag_free(d);
	}
	print_message("%zu documents and %zu changes of them: the same "
	              "findings both ways\n",
	              docs, changes);
	assert_true(docs >= 100 && changes >= 1000);
	tu_strs_free(&files);
}

/* ---- the secret walks, where only the changed nodes are walked ---- */

/* Credentials in every position the walks judge by more than the node:
 * a list under a credential's name (its items are judged by that name),
 * keys that need escaping in a pointer, a field that names a Secret. */
static const char secret_spec[] =
    "apiVersion: mcp.ai/v1\n"
    "kind: ModelDeployment\n"
    "metadata: {name: s}\n"
    "spec:\n"
    "  registry: {pullSecret: regcred}\n"
    "  extra:\n"
    "    password: [hunter2x, '${P}', 42, {k: v}]\n"
    "    \"a/b~c\": {token: tok-1234567890, note: plain}\n"
    "    list:\n"
    "      - {apiKey: AKIAIOSFODNN7EXAMPLE}\n"
    "      - ghp_0123456789abcdefghijABCDEFGHIJ012345\n"
    "    \"ghp_0123456789abcdefghijABCDEFGHIJ012345\": key\n"
    "    nested: {deeper: {secret: s3cr3t-value}}\n";

/* The masks of every string of @p v that d makes, one string. */
static void masks(const mcp_diag *d, json_t *v, mcp_buf *out)
{
	const char *key;
	json_t *x;
	size_t i;

	if (json_is_string(v) || json_is_integer(v)) {
		char text[256];
		if (json_is_string(v))
			snprintf(text, sizeof(text), "%s",
			         json_string_value(v));
		else
			snprintf(text, sizeof(text), "%lld",
			         (long long)json_integer_value(v));
		mcp_diag_mask(d, text, strlen(text));
		mcp_buf_puts(out, text);
		mcp_buf_putc(out, '\n');
	}
	json_object_foreach(v, key, x)
	{
		masks(d, x, out);
	}
	json_array_foreach(v, i, x)
	{
		masks(d, x, out);
	}
}

static void secret_walks(void **state)
{
	static const char *const lists[][8] = {
	    /* one pointer, then the same with pointers at and below it,
	     * twice, leading nowhere, and the root */
	    {"/spec/extra", NULL},
	    {"/spec/extra/password/0", "/spec/extra", "/spec/extra",
	     "/spec/extra/a~1b~0c/token", "/spec/none/x", NULL},
	    {"/spec/extra/list/9", "/spec/extra/list/x", "/spec/extra/password",
	     "/spec/extra/a~1b~0c", "/spec/extra/list", "/spec/extra/nested",
	     "/spec/extra/ghp_0123456789abcdefghijABCDEFGHIJ012345", NULL},
	    {"", NULL},
	};
	mcp_source *src = NULL;
	mcp_diag *d;
	tu_strs bare = {0}, base = {0}, schema = {0};
	stats st = {0};
	size_t saved[3] = {node_every, node_mods, schema_every}, i, n;
	char *whole = NULL;

	(void)state;
	assert_int_equal(mcp_diag_new(&d), 0);
	assert_int_equal(
	    mcp_source_load_buffer(&src, "secrets.mcp.yaml", secret_spec,
	                           sizeof(secret_spec) - 1, NULL, d),
	    0);
	/* a change at every node, every way, with and after the schema */
	node_every = node_mods = schema_every = 1;
	run(src, 0, NULL, NULL, &bare, NULL, NULL);
	run(src, 0, NULL, NULL, &base, NULL, &schema);
	every_node(src, 0, &bare, &base, &schema, "secrets", 0, &st);
	node_every = saved[0];
	node_mods = saved[1];
	schema_every = saved[2];
	assert_true(st.changes >= 60);
	assert_true(st.differ >= 10);
	/* pointers nested, repeated, leading nowhere: the findings and
	 * what is remembered are those of the pointers that matter */
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		mcp_diag *x;
		mcp_buf m;
		tu_strs f = {0};
		char *got;
		for (n = 0; lists[i][n]; n++)
			;
		assert_int_equal(mcp_diag_new(&x), 0);
		assert_int_equal(mcp_rules_check_changed(fx.rules, src, 0, 0,
		                                         lists[i], n, x),
		                 0);
		assert_int_equal(mcp_secrets_remember_at(
		                     x, mcp_source_doc(src, 0), lists[i], n),
		                 0);
		take_findings(x, 0, &f);
		mcp_buf_init(&m);
		for (n = 0; n < f.n; n++)
			if (strncmp(f.v[n], "MCP-SEC-", 8) == 0) {
				mcp_buf_puts(&m, f.v[n]);
				mcp_buf_putc(&m, '\n');
			}
		masks(x, mcp_source_doc(src, 0), &m);
		got = mcp_buf_detach(&m);
		if (!whole) {
			/* the first list holds everything the walks find */
			assert_non_null(strstr(got, "MCP-SEC-001"));
			assert_non_null(strstr(got, "MCP-SEC-002"));
			assert_non_null(strstr(got, "/spec/extra/password/0"));
			assert_non_null(
			    strstr(got, "/spec/extra/a~1b~0c/token"));
			assert_null(strstr(got, "hunter2x"));
			assert_null(strstr(got, "s3cr3t-value"));
			whole = got;
		} else {
			if (strcmp(got, whole) != 0)
				fail_msg("list %zu finds\n%s\nnot\n%s", i, got,
				         whole);
			free(got);
		}
		tu_strs_free(&f);
		mcp_diag_free(x);
	}
	free(whole);
	tu_strs_free(&bare);
	tu_strs_free(&base);
	tu_strs_free(&schema);
	mcp_source_free(src);
	mcp_diag_free(d);
}

static void differential(void **state)
{
	tu_strs files = {0};
	stats st = {0};
	size_t i, di;

	(void)state;
	if (getenv("MCPC_DIFFERENTIAL") &&
	    strcmp(getenv("MCPC_DIFFERENTIAL"), "full") == 0)
		node_every = node_mods = gen_every = schema_every = 1;
	tu_files("fixtures/specs", yaml_json, &files);
	assert_true(files.n >= 100);
	for (i = 0; i < files.n; i++) {
		mcp_source *src = NULL;
		mcp_diag *d;
		assert_int_equal(mcp_diag_new(&d), 0);
		mcp_source_load_file(&src, files.v[i], NULL, d);
		for (di = 0; src && di < mcp_source_doc_count(src); di++) {
			tu_strs base = {0}, schema = {0}, bare = {0};
			/* changes at each node without the schema (so no
			 * more than the change itself goes to the rules),
			 * overlays after it, as the checker runs them */
			run(src, di, NULL, NULL, &bare, NULL, NULL);
			run(src, di, NULL, NULL, &base, NULL, &schema);
			every_node(src, di, &bare, &base, &schema, files.v[i],
			           i, &st);
			every_overlay(src, di, &base, &schema, files.v[i], &st);
			generated(src, di, files.v[i], i, &st);
			tu_strs_free(&bare);
			tu_strs_free(&base);
			tu_strs_free(&schema);
			st.docs++;
		}
		mcp_source_free(src);
		mcp_diag_free(d);
	}
	print_message("%zu documents of %zu files: %zu changes (%zu also "
	              "after the schema), %zu overlays, %zu generated "
	              "overlays; %zu comparisons found new findings\n",
	              st.docs, files.n, st.changes, st.with_schema, st.overlays,
	              st.generated, st.differ);
	/* the comparisons are not vacuous */
	assert_true(st.overlays >= 100);
	assert_true(st.differ >= st.changes / 4);
	tu_strs_free(&files);
}

/* An argument runs the tests whose names match it (cmocka's filter). */
int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(touches),           cmocka_unit_test(decisions),
	    cmocka_unit_test(relative_operands), cmocka_unit_test(secret_walks),
	    cmocka_unit_test(differential),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, setup, cleanup);
}
