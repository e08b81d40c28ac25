/*
 * jsts.c: the JSON Schema Test Suite runner. For each draft folder it
 * compiles every test group's schema and checks every instance's verdict,
 * with http://localhost:1234/ mapped to the suite's remotes/ and the
 * meta-schema URIs mapped to the metaschemas folder, as the suite asks.
 * Required tests count in the last line ("N passed, N failed"); optional/
 * folders are reported on their own lines before it.
 *
 *   usage: jsts CONFORMANCE-DIR [-v] [FILTER]
 *   (CONFORMANCE-DIR holds json-schema-test-suite/ and metaschemas/)
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcpc/mcpc.h"

typedef struct tally {
	size_t passed, failed;
} tally;

static int verbose;
static const char *filter;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.json files of a folder, sorted; NULL when it cannot be read. */
static char **list_json(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t cap = 0;

	*n = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				break;
		}
		names[(*n)++] = strdup(de->d_name);
	}
	closedir(d);
	if (names)
		qsort(names, *n, sizeof(*names), cmp_str);
	return names;
}

static void run_file(const char *path, const char *label, mcp_draft draft,
                     const mcp_schema_opts *base_opts, int formats, tally *t)
{
	json_error_t jerr;
	json_t *groups = json_load_file(path, JSON_ALLOW_NUL, &jerr);
	mcp_schema_opts opts = *base_opts;
	tally local = {0, 0};
	size_t g, i;

	opts.default_draft = draft;
	opts.strict_formats = formats;
	if (!json_is_array(groups)) {
		printf("  %s: cannot read: %s\n", label, jerr.text);
		t->failed++;
		json_decref(groups);
		return;
	}
	for (g = 0; g < json_array_size(groups); g++) {
		json_t *group = json_array_get(groups, g);
		json_t *tests = json_object_get(group, "tests");
		const char *gdesc =
		    json_string_value(json_object_get(group, "description"));
		mcp_schema *s = NULL;
		mcp_diag *d = NULL;
		int rc;
		mcp_diag_new(&d);
		rc = mcp_schema_compile(&s, json_object_get(group, "schema"),
		                        NULL, &opts, d);
		for (i = 0; i < json_array_size(tests); i++) {
			json_t *test = json_array_get(tests, i);
			int want = json_is_true(json_object_get(test, "valid"));
			int got = rc == 0
			              ? mcp_schema_valid(
			                    s, json_object_get(test, "data"))
			              : -1;
			if (got == want) {
				local.passed++;
				continue;
			}
			local.failed++;
			if (verbose) {
				printf("    FAIL %s: %s / %s: expected %s, got "
				       "%s\n",
				       label, gdesc,
				       json_string_value(json_object_get(
				           test, "description")),
				       want ? "valid" : "invalid",
				       got < 0 ? "schema error"
				       : got   ? "valid"
				               : "invalid");
				if (got < 0 && mcp_diag_count(d))
					printf("         %s\n",
					       mcp_diag_get(d, 0)->message);
			}
		}
		mcp_schema_free(s);
		mcp_diag_free(d);
	}
	json_decref(groups);
	if (verbose || local.failed)
		printf("  %-48s %4zu passed, %zu failed\n", label, local.passed,
		       local.failed);
	t->passed += local.passed;
	t->failed += local.failed;
}

static void run_dir(const char *dir, const char *label, mcp_draft draft,
                    const mcp_schema_opts *opts, int formats, tally *t)
{
	size_t n, i;
	char **names = list_json(dir, &n);

	for (i = 0; i < n; i++) {
		char path[4096], name[512];
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		snprintf(name, sizeof(name), "%s/%s", label, names[i]);
		if (!filter || strstr(name, filter))
			run_file(path, name, draft, opts, formats, t);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *dir;
		mcp_draft draft;
	} drafts[] = {{"draft2020-12", MCP_DRAFT_2020_12},
	              {"draft7", MCP_DRAFT_7},
	              {"draft4", MCP_DRAFT_4}};
	char remotes[4096], m2020[4096], m7[4096], m4[4096], dir[4096];
	mcp_ref_map map[4];
	mcp_schema_opts opts;
	tally required = {0, 0}, optional = {0, 0};
	size_t i;
	int a;

	if (argc < 2) {
		fprintf(stderr, "usage: jsts CONFORMANCE-DIR [-v] [FILTER]\n");
		return 2;
	}
	for (a = 2; a < argc; a++) {
		if (strcmp(argv[a], "-v") == 0)
			verbose = 1;
		else
			filter = argv[a];
	}
	snprintf(remotes, sizeof(remotes), "%s/json-schema-test-suite/remotes/",
	         argv[1]);
	snprintf(m2020, sizeof(m2020), "%s/metaschemas/draft2020-12/", argv[1]);
	snprintf(m7, sizeof(m7), "%s/metaschemas/draft-07/", argv[1]);
	snprintf(m4, sizeof(m4), "%s/metaschemas/draft-04/", argv[1]);
	map[0].prefix = "http://localhost:1234/";
	map[0].dir = remotes;
	map[1].prefix = "https://json-schema.org/draft/2020-12/";
	map[1].dir = m2020;
	map[2].prefix = "http://json-schema.org/draft-07/";
	map[2].dir = m7;
	map[3].prefix = "http://json-schema.org/draft-04/";
	map[3].dir = m4;
	mcp_schema_opts_init(&opts);
	opts.ref_map = map;
	opts.nref_map = 4;

	for (i = 0; i < sizeof(drafts) / sizeof(drafts[0]); i++) {
		tally t = {0, 0}, o = {0, 0}, f = {0, 0};
		char label[128];
		snprintf(dir, sizeof(dir), "%s/json-schema-test-suite/tests/%s",
		         argv[1], drafts[i].dir);
		run_dir(dir, drafts[i].dir, drafts[i].draft, &opts, 0, &t);
		snprintf(label, sizeof(label), "%s/optional", drafts[i].dir);
		snprintf(dir, sizeof(dir),
		         "%s/json-schema-test-suite/tests/%s/optional", argv[1],
		         drafts[i].dir);
		run_dir(dir, label, drafts[i].draft, &opts, 0, &o);
		snprintf(label, sizeof(label), "%s/optional/format",
		         drafts[i].dir);
		snprintf(dir, sizeof(dir),
		         "%s/json-schema-test-suite/tests/%s/optional/format",
		         argv[1], drafts[i].dir);
		run_dir(dir, label, drafts[i].draft, &opts, 1, &f);
		printf("%-16s required: %4zu passed, %zu failed; optional: %zu "
		       "passed, %zu failed; formats: %zu passed, %zu failed\n",
		       drafts[i].dir, t.passed, t.failed, o.passed, o.failed,
		       f.passed, f.failed);
		required.passed += t.passed;
		required.failed += t.failed;
		optional.passed += o.passed + f.passed;
		optional.failed += o.failed + f.failed;
	}
	printf("optional (not counted below): %zu passed, %zu failed\n",
	       optional.passed, optional.failed);
	printf("%zu passed, %zu failed\n", required.passed, required.failed);
	return required.failed ? 1 : 0;
}
