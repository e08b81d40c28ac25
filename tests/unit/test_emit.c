/*
 * test_emit.c: the YAML writer. Every value it writes reads back, with
 * mcpc's own loader, as the same JSON value and without a finding (no
 * YAML 1.1 trap), every line is free of trailing spaces, and the layout
 * is the one yamllint's defaults accept. And the JSON and SARIF reports,
 * written without a jansson tree, have the bytes the tree gave.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "emit/emit_int.h"
#include "support/sha256.h"
#include "testutil.h"

static const char *const strings[] = {
    "",
    " x",
    "x ",
    "true",
    "Yes",
    "no",
    "ON",
    "off",
    "y",
    "N",
    "null",
    "~",
    "0644",
    "1:30",
    "1e3",
    ".5",
    "-1",
    "-x",
    "- x",
    "a: b",
    "a #b",
    "a#b",
    "#x",
    "x:",
    "@x",
    "`x",
    "'q'",
    "\"q\"",
    "line\nbreak",
    "tab\tx",
    "8Gi",
    "500m",
    "nvidia.com/gpu",
    "\xc3\xbc"
    "n"
    "\xc3\xaf"
    "code",
    "=",
    "<<",
    "---",
    "...",
    "a:b",
    "http://x:80/y",
    "{x}",
    "[x]",
    "*a",
    "&a",
    "!tag",
    "%x",
    "|",
    ">",
    "?x",
    "-",
    "--x",
    ".inf",
    "0x1F",
    "+1",
    "2026-11-26",
    "back\\slash",
    "ctl\x01",
    "x\r\n",
    "?",
};

/* Write v, read it back, compare; return the text (caller frees). */
static char *round_trip(json_t *v)
{
	mcp_buf out;
	mcp_diag *d;
	mcp_source *src;
	json_t *back;
	char *text;
	const char *p;

	mcp_buf_init(&out);
	assert_int_equal(mcp_yaml_write(&out, v), 0);
	text = mcp_buf_detach(&out);
	assert_non_null(text);
	src = tu_load(text, &d, NULL);
	assert_non_null(src);
	if (mcp_diag_count(d) != 0)
		fail_msg("findings reading back:\n%s\nfirst: %s", text,
		         mcp_diag_get(d, 0)->message);
	assert_int_equal(mcp_source_doc_count(src), 1);
	back = mcp_source_doc(src, 0);
	if (!json_equal(back, v)) {
		char *a = json_dumps(v, JSON_ENCODE_ANY);
		char *b = json_dumps(back, JSON_ENCODE_ANY);
		fail_msg("wrote %s as\n%sread back %s", a, text, b);
	}
	for (p = text; *p; p++)
		if (*p == '\n' && p > text && p[-1] == ' ')
			fail_msg("trailing space in\n%s", text);
	mcp_source_free(src);
	mcp_diag_free(d);
	return text;
}

static void strings_round_trip(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		json_t *obj = json_pack("{s:s, s:[s]}", strings[i], strings[i],
		                        "list", strings[i]);
		json_t *one = json_string(strings[i]);
		free(round_trip(obj));
		free(round_trip(one));
		json_decref(obj);
		json_decref(one);
	}
}

static void layout(void **state)
{
	json_t *v;
	char *text;

	(void)state;
	v = json_loads("{\"apiVersion\": \"v1\", \"kind\": \"Service\", "
	               "\"metadata\": {\"name\": \"a\", \"labels\": {}}, "
	               "\"spec\": {\"ports\": [{\"port\": 80, \"name\": "
	               "\"http\"}, {\"port\": 81}], \"x\": [[1, 2], []], "
	               "\"r\": 0.1, \"f\": 1.0, \"b\": false, \"n\": null}}",
	               0, NULL);
	assert_non_null(v);
	text = round_trip(v);
	assert_string_equal(text, "---\n"
	                          "apiVersion: v1\n"
	                          "kind: Service\n"
	                          "metadata:\n"
	                          "  name: a\n"
	                          "  labels: {}\n"
	                          "spec:\n"
	                          "  ports:\n"
	                          "    - port: 80\n"
	                          "      name: http\n"
	                          "    - port: 81\n"
	                          "  x:\n"
	                          "    - - 1\n"
	                          "      - 2\n"
	                          "    - []\n"
	                          "  r: 0.1\n"
	                          "  f: 1.0\n"
	                          "  b: false\n"
	                          "  \"n\": null\n");
	free(text);
	json_decref(v);
}

/* A long value without spaces goes on its own line (yamllint allows a
 * long word alone); with spaces it stays, as no line break can help. */
static void long_lines(void **state)
{
	const char *word = "registry.example.com/a/very/long/path/to/an/image/"
	                   "that/goes/on/and/on:1.2.3";
	json_t *v = json_pack("{s:{s:s, s:s}}", "spec", "image", word, "note",
	                      "a sentence with spaces that is longer than "
	                      "eighty characters all the same");
	char *text = round_trip(v);
	char want[300];

	(void)state;
	snprintf(want, sizeof(want), "  image:\n    %s\n", word);
	assert_non_null(strstr(text, want));
	assert_non_null(strstr(text, "  note: a sentence with spaces"));
	free(text);
	json_decref(v);
}

static void numbers(void **state)
{
	static const double reals[] = {0.1,   1.0,           -2.5,
	                               1e300, 123456789.125, 3.0e-7};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(reals) / sizeof(reals[0]); i++) {
		json_t *v = json_pack("{s:f, s:I}", "r", reals[i], "i",
		                      (json_int_t)-9007199254740993LL);
		free(round_trip(v));
		json_decref(v);
	}
}

static void diff_hunks(void **state)
{
	const char *a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n";
	const char *b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n12\n13\n14\n"
	                "15\n";
	mcp_buf out;

	(void)state;
	mcp_buf_init(&out);
	assert_int_equal(
	    mcp_diff_unified(&out, "a", a, strlen(a), "b", a, strlen(a)), 0);
	assert_int_equal(out.len, 0);
	assert_int_equal(
	    mcp_diff_unified(&out, "a", a, strlen(a), "b", b, strlen(b)), 1);
	assert_string_equal(out.ptr, "--- a\n+++ b\n"
	                             "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n"
	                             " 6\n 7\n 8\n"
	                             "@@ -12,3 +12,4 @@\n 12\n 13\n 14\n+15\n");
	mcp_buf_clear(&out);
	/* from nothing: one hunk of additions */
	assert_int_equal(
	    mcp_diff_unified(&out, "/dev/null", "", 0, "b", "x\n", 2), 1);
	assert_string_equal(out.ptr,
	                    "--- /dev/null\n+++ b\n@@ -0,0 +1,1 @@\n+x\n");
	mcp_buf_free(&out);
}

static int read_file(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");
	size_t got;
	if (!f)
		return -1;
	got = fread(buf, 1, n - 1, f);
	buf[got] = '\0';
	fclose(f);
	return 0;
}

/* All or nothing: a failure midway leaves the old folder as it was, and
 * no temporary folder behind. */
static void outdir_atomic(void **state)
{
	char root[] = "/tmp/mcpc-outdir-XXXXXX", dir[300], path[400], buf[64];
	mcp_outfile v1[2] = {{"a.yaml", "one\n", 4}, {"b.yaml", "two\n", 4}};
	mcp_outfile v2[2] = {{"a.yaml", "ONE\n", 4}, {"b.yaml", "TWO\n", 4}};
	mcp_outdir_opts o = {NULL, 0, 0, (size_t)-1}, fail = {NULL, 0, 0, 1};
	mcp_diag *d;
	char cmd[400];

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_int_equal(mcp_diag_new(&d), 0);
	snprintf(dir, sizeof(dir), "%s/out/x/prod", root);
	assert_int_equal(mcp_outdir_write(dir, v1, 2, &o, d), 0);
	snprintf(path, sizeof(path), "%s/b.yaml", dir);
	assert_int_equal(read_file(path, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "two\n");
	/* the second file fails: the first version stays */
	assert_int_equal(mcp_outdir_write(dir, v2, 2, &fail, d), MCP_EIO);
	assert_int_equal(mcp_diag_count(d), 1);
	assert_string_equal(mcp_diag_get(d, 0)->rule, "MCP-IO-002");
	assert_true(mcp_diag_get(d, 0)->fatal);
	snprintf(path, sizeof(path), "%s/a.yaml", dir);
	assert_int_equal(read_file(path, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "one\n");
	/* and the parent holds nothing else */
	snprintf(cmd, sizeof(cmd), "test $(ls -a %s/out/x | wc -l) -eq 3",
	         root);
	assert_int_equal(system(cmd), 0);
	/* a full rewrite replaces every file */
	assert_int_equal(mcp_outdir_write(dir, v2, 1, &o, d), 0);
	assert_int_equal(read_file(path, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "ONE\n");
	snprintf(path, sizeof(path), "%s/b.yaml", dir);
	assert_int_equal(read_file(path, buf, sizeof(buf)), -1);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	assert_int_equal(system(cmd), 0);
	mcp_diag_free(d);
}

/* A file name may hold folders: they are made, replaced and compared
 * like files; a folder or file planted among them, a link at one of them,
 * and a name that leaves the folder are refused, and nothing is read or
 * written through a link. */
static void outdir_nested(void **state)
{
	char root[] = "/tmp/mcpc-outdir-XXXXXX", dir[64], path[128], buf[64];
	char cmd[1024];
	mcp_outfile v1[3] = {{"values.yaml", "v\n", 2},
	                     {"chart/Chart.yaml", "c\n", 2},
	                     {"chart/templates/a.yaml", "a\n", 2}};
	mcp_outfile v2[3] = {{"values.yaml", "v\n", 2},
	                     {"chart/Chart.yaml", "c\n", 2},
	                     {"chart/templates/b.yaml", "b\n", 2}};
	static const char *const bad[] = {
	    "../x",   "/abs",        "a//b",
	    "a/./b",  "a/../b",      "",
	    "chart/", ".mcpc-build", "a/b/c/d/e/f/g/h/i/j"};
	mcp_outdir_opts o = {NULL, 0, 0, (size_t)-1};
	mcp_buf diff, notes;
	mcp_diag *d;
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_int_equal(mcp_diag_new(&d), 0);
	snprintf(dir, sizeof(dir), "%s/out", root);
	assert_int_equal(mcp_outdir_write(dir, v1, 3, &o, d), 0);
	snprintf(path, sizeof(path), "%s/chart/templates/a.yaml", dir);
	assert_int_equal(read_file(path, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "a\n");
	snprintf(path, sizeof(path), "%s/.mcpc-build", dir);
	snprintf(cmd, sizeof(cmd), "grep -qx 'chart/templates/a.yaml' %s",
	         path);
	assert_int_equal(system(cmd), 0);
	/* compared: the same, then a file planted in a folder build made */
	mcp_buf_init(&diff);
	mcp_buf_init(&notes);
	assert_int_equal(mcp_outdir_compare(dir, v1, 3, &o, &diff, &notes, d),
	                 0);
	snprintf(cmd, sizeof(cmd), "echo x > %s/chart/templates/extra.yaml",
	         dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(mcp_outdir_compare(dir, v1, 3, &o, &diff, &notes, d),
	                 1);
	assert_non_null(strstr(notes.ptr, "chart/templates/extra.yaml is not "
	                                  "a file build writes"));
	/* ... and the rewrite refuses it, leaving everything */
	assert_int_equal(mcp_outdir_write(dir, v2, 3, &o, d), MCP_EIO);
	assert_true(mcp_diag_get(d, mcp_diag_count(d) - 1)->fatal);
	snprintf(path, sizeof(path), "%s/chart/templates/a.yaml", dir);
	assert_int_equal(read_file(path, buf, sizeof(buf)), 0);
	snprintf(cmd, sizeof(cmd), "rm %s/chart/templates/extra.yaml", dir);
	assert_int_equal(system(cmd), 0);
	/* a rewrite replaces the tree: a.yaml gone, b.yaml there */
	assert_int_equal(mcp_outdir_write(dir, v2, 3, &o, d), 0);
	assert_int_equal(read_file(path, buf, sizeof(buf)), -1);
	snprintf(path, sizeof(path), "%s/chart/templates/b.yaml", dir);
	assert_int_equal(read_file(path, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "b\n");
	snprintf(cmd, sizeof(cmd), "test $(ls -a %s | wc -l) -eq 3", root);
	assert_int_equal(system(cmd), 0); /* no temporary folder left */
	/* a link where build made a folder: refused, its target untouched,
	 * and compare reads nothing through it */
	snprintf(cmd, sizeof(cmd),
	         "mkdir %s/victim && echo keep > %s/victim/b.yaml && "
	         "mv %s/chart/templates %s/saved && "
	         "ln -s %s/victim %s/chart/templates",
	         root, root, dir, root, root, dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(mcp_outdir_write(dir, v2, 3, &o, d), MCP_EIO);
	snprintf(path, sizeof(path), "%s/victim/b.yaml", root);
	assert_int_equal(read_file(path, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "keep\n");
	mcp_buf_clear(&diff);
	mcp_buf_clear(&notes);
	assert_int_equal(mcp_outdir_compare(dir, v2, 3, &o, &diff, &notes, d),
	                 1);
	assert_non_null(strstr(notes.ptr, "is a symbolic link, where build "
	                                  "makes a folder"));
	assert_null(strstr(diff.ptr ? diff.ptr : "", "keep"));
	snprintf(cmd, sizeof(cmd),
	         "rm %s/chart/templates && mv %s/saved "
	         "%s/chart/templates",
	         dir, root, dir);
	assert_int_equal(system(cmd), 0);
	/* a folder build did not make */
	snprintf(cmd, sizeof(cmd), "mkdir %s/chart/other", dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(mcp_outdir_write(dir, v2, 3, &o, d), MCP_EIO);
	snprintf(cmd, sizeof(cmd), "rmdir %s/chart/other", dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(mcp_outdir_write(dir, v2, 3, &o, d), 0);
	/* names that leave the folder, or are not names */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mcp_outfile f[1] = {{bad[i], "x\n", 2}};
		snprintf(path, sizeof(path), "%s/other", root);
		assert_int_equal(mcp_outdir_write(path, f, 1, &o, d), MCP_EIO);
		assert_int_equal(read_file(path, buf, sizeof(buf)), -1);
	}
	snprintf(cmd, sizeof(cmd), "test ! -e %s/x && test ! -e %s/other", root,
	         root);
	assert_int_equal(system(cmd), 0);
	mcp_buf_free(&diff);
	mcp_buf_free(&notes);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	assert_int_equal(system(cmd), 0);
	mcp_diag_free(d);
}

/* Only a folder it marked is replaced, and only when it holds nothing
 * else; a keep folder and a link are refused; compare names what is
 * extra. Every refusal is a fatal MCP-IO-002 and leaves the folder. */
static void outdir_refuses(void **state)
{
	char root[] = "/tmp/mcpc-outdir-XXXXXX", dir[300], path[400], buf[512];
	char cmd[400];
	mcp_outfile v[1] = {{"a.yaml", "one\n", 4}};
	mcp_outdir_keep keep[1] = {{NULL, "the spec's folder"}};
	mcp_outdir_opts o = {NULL, 0, 0, (size_t)-1};
	mcp_buf diff, notes;
	mcp_diag *d;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_int_equal(mcp_diag_new(&d), 0);
	mcp_buf_init(&diff);
	mcp_buf_init(&notes);
	/* the user's folder: refused, the file kept */
	snprintf(dir, sizeof(dir), "%s/mine", root);
	assert_int_equal(mkdir(dir, 0777), 0);
	snprintf(path, sizeof(path), "%s/keep.txt", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("keep\n", f);
	fclose(f);
	assert_int_equal(mcp_outdir_write(dir, v, 1, &o, d), MCP_EIO);
	assert_true(mcp_diag_get(d, 0)->fatal);
	assert_string_equal(mcp_diag_get(d, 0)->rule, "MCP-IO-002");
	assert_int_equal(read_file(path, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "keep\n");
	/* a keep folder's parent, marked or not */
	keep[0].path = path; /* mine/keep.txt: mine holds it */
	o.keep = keep;
	o.nkeep = 1;
	snprintf(cmd, sizeof(cmd), "printf 'keep.txt\\n' >%s/.mcpc-build", dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(mcp_outdir_write(dir, v, 1, &o, d), MCP_EIO);
	assert_non_null(strstr(mcp_diag_get(d, 1)->message, "spec's folder"));
	assert_int_equal(read_file(path, buf, sizeof(buf)), 0);
	o.nkeep = 0;
	/* marked and listed: replaced, the marker rewritten */
	assert_int_equal(mcp_outdir_write(dir, v, 1, &o, d), 0);
	assert_int_equal(read_file(path, buf, sizeof(buf)), -1);
	snprintf(path, sizeof(path), "%s/.mcpc-build", dir);
	assert_int_equal(read_file(path, buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, "\na.yaml\n"));
	assert_int_equal(mcp_outdir_compare(dir, v, 1, &o, &diff, &notes, d),
	                 0);
	/* an extra file: stale for compare, refused for write */
	snprintf(path, sizeof(path), "%s/zz.yaml", dir);
	assert_non_null(f = fopen(path, "w"));
	fclose(f);
	assert_int_equal(mcp_outdir_compare(dir, v, 1, &o, &diff, &notes, d),
	                 1);
	assert_non_null(strstr(notes.ptr, "zz.yaml"));
	assert_int_equal(mcp_outdir_write(dir, v, 1, &o, d), MCP_EIO);
	assert_int_equal(access(path, F_OK), 0);
	/* a link as the folder: refused by both */
	snprintf(path, sizeof(path), "%s/link", root);
	assert_int_equal(symlink(dir, path), 0);
	assert_int_equal(mcp_outdir_write(path, v, 1, &o, d), MCP_EIO);
	assert_int_equal(mcp_outdir_compare(path, v, 1, &o, &diff, &notes, d),
	                 MCP_EIO);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	assert_int_equal(system(cmd), 0);
	mcp_buf_free(&diff);
	mcp_buf_free(&notes);
	mcp_diag_free(d);
}

/* API versions from the matrix, and a release too old for one. */
static void api_versions(void **state)
{
	mcp_diag *d;
	mcp_schema *schema = NULL;
	mcp_matrix *m = NULL;
	const char *api, *since;

	(void)state;
	assert_int_equal(mcp_diag_new(&d), 0);
	assert_int_equal(mcp_schema_builtin(&schema, NULL, d), 0);
	assert_int_equal(mcp_matrix_load(&m, NULL, 0, schema, NULL, d), 0);
	assert_int_equal(mcp_matrix_api_version(m, "PodDisruptionBudget",
	                                        "1.29.4", "x", &api, &since),
	                 1);
	assert_string_equal(api, "policy/v1");
	assert_string_equal(since, "1.21");
	assert_int_equal(mcp_matrix_api_version(m, "PodDisruptionBudget",
	                                        "1.20.9", "x", &api, &since),
	                 0);
	assert_int_equal(mcp_matrix_api_version(m, "HorizontalPodAutoscaler",
	                                        "1.22.0", "x", &api, &since),
	                 0);
	assert_string_equal(api, "autoscaling/v2");
	assert_int_equal(mcp_matrix_api_version(m, "HorizontalPodAutoscaler",
	                                        "1.23.0", "x", &api, &since),
	                 1);
	assert_int_equal(
	    mcp_matrix_api_version(m, "Ingress", "1.18.0", "x", &api, &since),
	    0);
	assert_string_equal(api, "networking.k8s.io/v1");
	assert_int_equal(
	    mcp_matrix_api_version(m, "Service", "1.10.0", "v1", &api, &since),
	    1);
	assert_string_equal(api, "v1");
	assert_null(since);
	mcp_matrix_free(m);
	mcp_schema_free(schema);
	mcp_diag_free(d);
}

/* The member of v at a '/'-separated path of object keys, or NULL. */
static json_t *at(json_t *v, const char *path)
{
	char key[128];
	while (v && *path) {
		size_t n = strcspn(path, "/");
		memcpy(key, path, n);
		key[n] = '\0';
		v = json_object_get(v, key);
		path += n + (path[n] == '/');
	}
	return v;
}

/* Every label of want is in have. */
static int subset(json_t *want, json_t *have)
{
	const char *k;
	json_t *v;
	json_object_foreach(want, k, v)
	{
		if (!json_equal(v, json_object_get(have, k)))
			return 0;
	}
	return json_object_size(want) > 0;
}

/* The container port called name, or NULL. */
static json_t *port_named(json_t *container, const char *name)
{
	json_t *ports = json_object_get(container, "ports");
	size_t i;
	for (i = 0; i < json_array_size(ports); i++)
		if (strcmp(json_string_value(json_object_get(
		               json_array_get(ports, i), "name")),
		           name) == 0)
			return json_array_get(ports, i);
	return NULL;
}

static void probe_ok(json_t *c, const char *which)
{
	json_t *p = json_object_get(c, which), *port;
	if (!p)
		return;
	port = at(p, "httpGet/port");
	if (port)
		assert_non_null(port_named(c, json_string_value(port)));
	else
		assert_true(json_is_integer(at(p, "grpc/port")));
}

/* A value as Go's json.Marshal writes it (the text the config hash is of,
 * and what the chart's toJson prints): keys sorted, compact, and Go's
 * escapes. The expected text is what Go 1.19's encoding/json printed for
 * the same value. */
static void go_json(void **state)
{
	json_t *v = json_loads(
	    "{\"b\":\"x<y>&z\",\"a\":{\"\u00e9\":\"\\u2028\\u2029\\n\\t\\r\\u0001"
	    "\\u001f\\\"\\\\/\",\"B\":[1,true,false,null,\"s\"]},\"\":\"\\u007f\u20ac\"}",
	    0, NULL);
	mcp_buf out;

	(void)state;
	assert_non_null(v);
	mcp_buf_init(&out);
	assert_int_equal(em_go_json(&out, v), 0);
	assert_int_equal(mcp_buf_putc(&out, '\0'), 0);
	assert_string_equal(out.ptr,
	                    "{\"\":\"\x7f\xe2\x82\xac\",\"a\":{\"B\":[1,true,false,null,"
	                    "\"s\"],\"\xc3\xa9\":\"\\u2028\\u2029\\n\\t\\r\\u0001\\u001f"
	                    "\\\"\\\\/\"},\"b\":\"x\\u003cy\\u003e\\u0026z\"}");
	mcp_buf_free(&out);
	json_decref(v);
}

/* No two members of list have the same string at key. */
static void unique(json_t *list, const char *key)
{
	size_t i, j;

	for (i = 0; i < json_array_size(list); i++)
		for (j = 0; j < i; j++)
			assert_string_not_equal(
			    json_string_value(
			        json_object_get(json_array_get(list, i), key)),
			    json_string_value(
			        json_object_get(json_array_get(list, j), key)));
}

/* What the peer linters check by default, on every golden build: selectors
 * match their pods, probes and Service target ports name real container
 * ports, resources and the restricted security context are set, several
 * replicas are spread, and every reference names an emitted object. */
static void manifest_invariants(void **state)
{
	static const char *const dirs[] = {
	    "aws-recsys/default",     "environments/dev",
	    "fraud-scoring/prod",     "gcp-vision/default",
	    "internal-batch/default", "smallest/default",
	    "onprem-asr/default"};
	size_t f, i, j;

	(void)state;
	for (f = 0; f < sizeof(dirs) / sizeof(dirs[0]); f++) {
		char path[200];
		mcp_diag *d;
		mcp_source *src = NULL;
		size_t n;
		assert_int_equal(mcp_diag_new(&d), 0);
		snprintf(path, sizeof(path), "fixtures/build/%s/manifests.yaml",
		         dirs[f]);
		assert_int_equal(mcp_source_load_file(&src, path, NULL, d), 0);
		assert_int_equal(mcp_diag_count(d), 0);
		n = mcp_source_doc_count(src);
		assert_true(n >= 8);
		for (i = 0; i < n; i++) {
			json_t *o = mcp_source_doc(src, i);
			const char *kind =
			    json_string_value(json_object_get(o, "kind"));
			json_t *pod = at(o, "spec/template/spec"), *c;
			/* every object: the source annotation, the labels */
			assert_non_null(at(o, "metadata/annotations"));
			assert_non_null(
			    json_object_get(at(o, "metadata/labels"),
			                    "app.kubernetes.io/managed-by"));
			if (strcmp(kind, "Deployment") == 0) {
				assert_true(subset(
				    at(o, "spec/selector/matchLabels"),
				    at(o, "spec/template/metadata/labels")));
				assert_true(json_is_true(
				    at(pod, "securityContext/runAsNonRoot")));
				assert_string_equal(
				    json_string_value(at(
				        pod,
				        "securityContext/seccompProfile/type")),
				    "RuntimeDefault");
				assert_true(json_is_false(json_object_get(
				    pod, "automountServiceAccountToken")));
				if (json_integer_value(at(o, "spec/replicas")) >
				    1)
					assert_non_null(at(
					    pod, "affinity/podAntiAffinity"));
				c = json_array_get(
				    json_object_get(pod, "containers"), 0);
				assert_true(json_is_false(
				    at(c, "securityContext/"
				          "allowPrivilegeEscalation")));
				assert_true(json_is_true(at(
				    c,
				    "securityContext/readOnlyRootFilesystem")));
				assert_string_equal(
				    json_string_value(json_array_get(
				        at(c,
				           "securityContext/capabilities/drop"),
				        0)),
				    "ALL");
				assert_non_null(
				    at(c, "resources/requests/cpu"));
				assert_non_null(
				    at(c, "resources/requests/memory"));
				assert_non_null(
				    at(c, "resources/limits/memory"));
				assert_null(
				    strstr(json_string_value(
				               json_object_get(c, "image")),
				           ":latest"));
				probe_ok(c, "readinessProbe");
				probe_ok(c, "livenessProbe");
				probe_ok(c, "startupProbe");
				assert_non_null(
				    json_object_get(c, "readinessProbe"));
				/* the API server refuses a pod whose volumes,
				 * or a container's mount paths, repeat */
				unique(json_object_get(pod, "volumes"), "name");
				unique(json_object_get(c, "volumeMounts"),
				       "mountPath");
			}
			if (strcmp(kind, "Service") == 0 ||
			    strcmp(kind, "PodDisruptionBudget") == 0 ||
			    strcmp(kind, "NetworkPolicy") == 0 ||
			    strcmp(kind, "ServiceMonitor") == 0) {
				/* the selector picks the pods of a Deployment
				 */
				json_t *sel =
				    strcmp(kind, "Service") == 0
				        ? at(o, "spec/selector")
				    : strcmp(kind, "NetworkPolicy") == 0
				        ? at(o, "spec/podSelector/matchLabels")
				        : at(o, "spec/selector/matchLabels");
				int found = 0;
				for (j = 0; j < n && !found; j++) {
					json_t *dep = mcp_source_doc(src, j);
					json_t *tl =
					    at(dep,
					       "spec/template/metadata/labels");
					if (!tl || !subset(sel, tl))
						continue;
					found = 1;
					if (strcmp(kind, "Service") == 0) {
						json_t *ports =
						    at(o, "spec/ports");
						json_t *cn = json_array_get(
						    at(dep, "spec/template/"
						            "spec/containers"),
						    0);
						size_t k;
						for (k = 0;
						     k < json_array_size(ports);
						     k++)
							assert_non_null(port_named(
							    cn,
							    json_string_value(
							        json_object_get(
							            json_array_get(
							                ports,
							                k),
							            "targetPor"
							            "t"))));
					}
				}
				if (!found)
					fail_msg("%s: %s %s selects no pods",
					         path, kind,
					         json_string_value(
					             at(o, "metadata/name")));
			}
			if (strcmp(kind, "HorizontalPodAutoscaler") == 0) {
				const char *target = json_string_value(
				    at(o, "spec/scaleTargetRef/name"));
				int found = 0;
				for (j = 0; j < n; j++)
					found |=
					    strcmp(json_string_value(at(
					               mcp_source_doc(src, j),
					               "metadata/name")),
					           target) == 0;
				assert_true(found);
			}
		}
		/* the pods' config hash is the SHA-256 of the ConfigMap as
		 * Go's json.Marshal writes it (what the chart's toJson |
		 * sha256sum gives), without its source annotation; with hot
		 * reload, with only the keys mcpc writes itself (LOG_LEVEL,
		 * NACOS_*) */
		for (i = 0; i < n; i++) {
			json_t *o = json_deep_copy(mcp_source_doc(src, i));
			json_t *hot = json_object(), *v;
			const char *key;
			mcp_buf text;
			char hash[17], hash_hot[17], hex[65];
			if (strcmp(
			        json_string_value(json_object_get(o, "kind")),
			        "ConfigMap") != 0) {
				json_decref(o);
				json_decref(hot);
				continue;
			}
			json_object_del(at(o, "metadata/annotations"),
			                "mcpc.io/source");
			json_object_foreach(json_object_get(o, "data"), key, v)
			{
				if (strcmp(key, "LOG_LEVEL") == 0 ||
				    strncmp(key, "NACOS_", 6) == 0)
					json_object_set(hot, key, v);
			}
			mcp_buf_init(&text);
			assert_int_equal(em_go_json(&text, o), 0);
			mcp_sha256_hex(text.ptr, text.len, hex);
			snprintf(hash, sizeof(hash), "%.16s", hex);
			json_object_set_new(o, "data", hot);
			mcp_buf_clear(&text);
			assert_int_equal(em_go_json(&text, o), 0);
			mcp_sha256_hex(text.ptr, text.len, hex);
			snprintf(hash_hot, sizeof(hash_hot), "%.16s", hex);
			mcp_buf_free(&text);
			json_decref(o);
			for (j = 0; j < n; j++) {
				json_t *h = json_object_get(
				    at(mcp_source_doc(src, j),
				       "spec/template/metadata/annotations"),
				    "mcpc.io/config-hash");
				if (h &&
				    strcmp(json_string_value(h), hash) != 0)
					assert_string_equal(
					    json_string_value(h), hash_hot);
			}
		}
		mcp_source_free(src);
		mcp_diag_free(d);
	}
}

/*
 * The report writers against jansson. Text that reaches a report: quotes,
 * backslashes, every control character, DEL, UTF-8 of two to four bytes,
 * and text that is not UTF-8 (overlong, surrogate, past U+10FFFF, cut
 * short, stray bytes), alone and mixed.
 */
static const char *const tricky[] = {
    "",
    "plain",
    "quote \" backslash \\ slash / end",
    "\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12"
    "\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f",
    "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 \xef\xbf\xbf",
    "\xff\xfe",
    "bad \xff then \x01\t\"\\/ and caf\xc3\xa9",
    "\xc0\xaf overlong",
    "\xed\xa0\x80 surrogate",
    "\xf4\x90\x80\x80 past U+10FFFF",
    "\xf5\x80\x80\x80",
    "cut \xe6\x97",
    "line\r\nbreak\x7f",
};
#define NTRICKY (sizeof(tricky) / sizeof(tricky[0]))

static void decref(void *v)
{
	json_decref(v);
}

static void free_diag(void *d)
{
	mcp_diag_free(d);
}

static void free_buf(void *b)
{
	mcp_buf_free(b);
	free(b);
}

/* An empty buffer, released at teardown. */
static mcp_buf *new_buf(void)
{
	mcp_buf *b = malloc(sizeof(*b));

	assert_non_null(b);
	mcp_buf_init(b);
	return defer(free_buf, b);
}

/* The writer's string is json_dumps's for em_string(s). */
static void same_string(mcp_buf *out, const char *s)
{
	json_t *v = em_string(s);
	char *want = json_dumps(v, JSON_ENCODE_ANY);
	int same;

	mcp_buf_clear(out);
	em_put_json_string(out, s);
	same = want && strcmp(out->ptr, want) == 0;
	if (!same) {
		mcp_buf_puts(out, " where jansson writes ");
		mcp_buf_puts(out, want ? want : "nothing");
	}
	free(want);
	json_decref(v);
	if (!same)
		fail_msg("wrote %s", out->ptr);
}

static void json_strings(void **state)
{
	mcp_buf *out = new_buf();
	char one[2] = {0, 0}, two[3] = {0, 0, 0};
	unsigned c;
	size_t i;

	(void)state;
	for (i = 0; i < NTRICKY; i++)
		same_string(out, tricky[i]);
	for (c = 1; c < 256; c++) {
		one[0] = two[0] = (char)c;
		two[1] = '\x80';
		same_string(out, one);
		same_string(out, two);
	}
	same_string(out, NULL);
	/* control characters in upper-case hex, as jansson writes them */
	mcp_buf_clear(out);
	em_put_json_string(out, "\x1f\x7f/");
	assert_string_equal(out->ptr, "\"\\u001F\x7f/\"");
}

/* Nesting, empty containers, integers at their ends, booleans. */
static void json_layout(void **state)
{
	json_t *want =
	    defer(decref,
	          json_pack("{s:[], s:{}, s:[{s:I, s:I, s:[b, b, n]}, [], {}],"
	                    " s:s, s:{s:{s:[i]}}}",
	                    "a", "b", "c", "min", (json_int_t)LLONG_MIN, "max",
	                    (json_int_t)LLONG_MAX, "l", 1, 0, "d", "e", "f",
	                    "g", "h", 0));
	char *text = defer(free, json_dumps(want, JSON_INDENT(2)));
	mcp_buf *out = new_buf();
	em_json w;

	(void)state;
	assert_non_null(text);
	em_json_init(&w, out);
	em_json_open(&w, NULL, '{');
	em_json_open(&w, "a", '[');
	em_json_close(&w);
	em_json_open(&w, "b", '{');
	em_json_close(&w);
	em_json_open(&w, "c", '[');
	em_json_open(&w, NULL, '{');
	em_json_int(&w, "min", LLONG_MIN);
	em_json_int(&w, "max", LLONG_MAX);
	em_json_open(&w, "l", '[');
	em_json_bool(&w, NULL, 1);
	em_json_bool(&w, NULL, 0);
	em_json_string(&w, NULL, NULL);
	em_json_close(&w);
	em_json_close(&w);
	em_json_open(&w, NULL, '[');
	em_json_close(&w);
	em_json_open(&w, NULL, '{');
	em_json_close(&w);
	em_json_close(&w);
	em_json_string(&w, "d", "e");
	em_json_open(&w, "f", '{');
	em_json_open(&w, "g", '{');
	em_json_open(&w, "h", '[');
	em_json_int(&w, NULL, 0);
	em_json_close(&w);
	em_json_close(&w);
	em_json_close(&w);
	em_json_close(&w);
	assert_int_equal(w.depth, 0);
	assert_false(out->oom);
	assert_string_equal(out->ptr, text);
}

/*
 * Findings with the tricky texts in every field, a missing pointer, hint,
 * file and related message here and there, related places, waived
 * findings, and rule ids: when @p odd_rules, one that is not UTF-8 and one
 * whose SARIF name is cut inside a character.
 */
static mcp_diag *tricky_diag(int odd_rules)
{
	static const char *const rules[] = {"MCP-TMO-002", "MCP-TEST-001",
	                                    "MCP-RBAC-001"};
	char long_rule[140];
	mcp_diag *d;
	mcp_finding *f;
	size_t i, n = NTRICKY;

	assert_int_equal(mcp_diag_new(&d), 0);
	defer(free_diag, d);
	for (i = 0; i < 3 * n; i++) {
		mcp_loc loc = {tricky[(i + 1) % n], (unsigned)(i * 7 % 5),
		               (unsigned)(i % 4)};
		f = mcp_diag_add(d, rules[i % 3], (mcp_severity)(i % 3),
		                 i % 5 == 4 ? NULL : &loc,
		                 i % 4 == 3 ? NULL : tricky[(i + 2) % n],
		                 i % 2 ? tricky[(i + 3) % n] : NULL, "%s",
		                 tricky[i % n]);
		assert_non_null(f);
		if (i % 3 == 1) {
			mcp_loc rel = {i % 6 == 1 ? NULL : tricky[(i + 4) % n],
			               (unsigned)i + 1, (unsigned)i};
			assert_int_equal(
			    mcp_finding_set_related(
			        f, &rel, i % 2 ? tricky[(i + 5) % n] : NULL),
			    0);
		}
		if (i % 4 == 2)
			assert_int_equal(mcp_diag_waive(d,
			                                mcp_diag_count(d) - 1,
			                                tricky[(i + 6) % n]),
			                 0);
	}
	if (odd_rules) {
		mcp_loc loc = {"odd.yaml", 3, 4};
		memset(long_rule, 'R', 126);
		strcpy(long_rule + 126, "\xc3\xa9-X");
		assert_non_null(mcp_diag_add(d, "MCP-\xff-001", MCP_SEV_ERROR,
		                             &loc, NULL, NULL, "not UTF-8"));
		assert_non_null(mcp_diag_add(d, long_rule, MCP_SEV_WARNING,
		                             &loc, NULL, NULL, "cut name"));
		assert_non_null(mcp_diag_add(d, "MCP-LAST-001", MCP_SEV_INFO,
		                             &loc, NULL, NULL, "after"));
		assert_non_null(mcp_diag_add(d, long_rule, MCP_SEV_ERROR, &loc,
		                             NULL, NULL, "cut again"));
	}
	return d;
}

/* Render @p d as @p format into a string (deferred). */
static const char *rendered(const char *format, const mcp_diag *d,
                            const mcp_render_opts *opts)
{
	mcp_buf *out = new_buf();

	assert_int_equal(mcp_renderer_find(format)->render(out, d, opts), 0);
	return out->ptr;
}

/* The JSON report's tree, as render_json.c built it before. */
static json_t *ref_place(const mcp_loc *loc, const char *message)
{
	json_t *o = json_object();

	json_object_set_new(o, "file", em_string(loc->file));
	json_object_set_new(o, "line", json_integer(loc->line));
	json_object_set_new(o, "column", json_integer(loc->column));
	if (message)
		json_object_set_new(o, "message", em_string(message));
	return o;
}

static json_t *ref_finding(const mcp_finding *f)
{
	json_t *o = json_object();

	json_object_set_new(o, "rule", em_string(f->rule));
	json_object_set_new(o, "severity",
	                    em_string(mcp_severity_name(f->severity)));
	json_object_set_new(o, "message", em_string(f->message));
	json_object_set_new(o, "file", em_string(f->loc.file));
	json_object_set_new(o, "line", json_integer(f->loc.line));
	json_object_set_new(o, "column", json_integer(f->loc.column));
	json_object_set_new(o, "pointer", em_string(f->pointer));
	json_object_set_new(o, "hint", em_string(f->hint));
	if (f->related.line)
		json_object_set_new(o, "related",
		                    ref_place(&f->related, f->related_message));
	if (f->waiver)
		json_object_set_new(o, "waived", em_string(f->waiver));
	return o;
}

static json_t *ref_json(const mcp_diag *d, int quiet)
{
	json_t *root = json_object(), *list = json_array(),
	       *sum = json_object();
	size_t i;

	for (i = 0; i < mcp_diag_count(d); i++) {
		const mcp_finding *f = mcp_diag_get(d, i);
		if (quiet && (f->severity != MCP_SEV_ERROR || f->waiver))
			continue;
		json_array_append_new(list, ref_finding(f));
	}
	json_object_set_new(root, "findings", list);
	json_object_set_new(sum, "errors",
	                    json_integer((json_int_t)mcp_diag_count_severity(
	                        d, MCP_SEV_ERROR)));
	json_object_set_new(sum, "warnings",
	                    json_integer((json_int_t)mcp_diag_count_severity(
	                        d, MCP_SEV_WARNING)));
	json_object_set_new(
	    sum, "infos",
	    json_integer((json_int_t)mcp_diag_count_severity(d, MCP_SEV_INFO)));
	if (mcp_diag_count_waived(d))
		json_object_set_new(
		    sum, "waived",
		    json_integer((json_int_t)mcp_diag_count_waived(d)));
	json_object_set_new(root, "summary", sum);
	return root;
}

/* json_dumps(JSON_INDENT(2)) and a newline, as the reports end (deferred). */
static const char *ref_text(json_t *root)
{
	char *text = json_dumps(defer(decref, root), JSON_INDENT(2));
	char *line;

	assert_non_null(text);
	line = defer(free, malloc(strlen(text) + 2));
	assert_non_null(line);
	strcpy(line, text);
	strcat(line, "\n");
	free(text);
	return line;
}

static void json_report(void **state)
{
	mcp_render_opts opts;
	mcp_diag *d;
	int quiet;

	(void)state;
	memset(&opts, 0, sizeof(opts));
	for (quiet = 0; quiet < 2; quiet++) {
		opts.quiet = quiet;
		d = tricky_diag(1);
		assert_string_equal(rendered("json", d, &opts),
		                    ref_text(ref_json(d, quiet)));
		assert_int_equal(mcp_diag_new(&d), 0);
		defer(free_diag, d);
		assert_string_equal(rendered("json", d, &opts),
		                    ref_text(ref_json(d, quiet)));
	}
}

/* The SARIF report's tree, built with jansson from the findings and what
 * mcpc knows of their rules. */
static const char *ref_level(mcp_severity s)
{
	return s == MCP_SEV_ERROR     ? "error"
	       : s == MCP_SEV_WARNING ? "warning"
	                              : "note";
}

static json_t *ref_sarif_text(const char *s)
{
	json_t *v = em_string(s ? s : "");
	return v ? json_pack("{s:o}", "text", v) : NULL;
}

static json_t *ref_rule_name(const char *id)
{
	char buf[128];
	size_t n = 0;
	int up = 1;

	for (; *id && n + 1 < sizeof(buf); id++) {
		if (*id == '-') {
			up = 1;
			continue;
		}
		buf[n++] =
		    up ? *id
		       : (char)(*id >= 'A' && *id <= 'Z' ? *id + 32 : *id);
		up = 0;
	}
	buf[n] = '\0';
	return em_string(buf);
}

/* The help of mcp_rule_help as a string (deferred). */
static const char *ref_help(const mcp_rule_info *ri, int markdown)
{
	mcp_buf *b = new_buf();

	assert_int_equal(mcp_rule_help(b, ri, markdown), 0);
	mcp_secret_mask(b->ptr, b->len);
	return b->ptr;
}

static json_t *ref_descriptor(const char *id, mcp_severity sev,
                              const mcp_rules *rules)
{
	mcp_rule_info ri;
	int known = mcp_rule_describe(rules, id, &ri) == 0;
	json_t *d;
	char full[256];

	if (known)
		sev = ri.severity;
	d = json_pack("{s:o, s:o}", "id", em_string(id), "name",
	              ref_rule_name(id));
	assert_non_null(d);
	json_object_set_new(d, "shortDescription",
	                    ref_sarif_text(known ? ri.title : id));
	if (known) {
		/* no rule of these tests needs cutting */
		assert_true(strlen(ri.description) <= 1024);
		json_object_set_new(d, "fullDescription",
		                    ref_sarif_text(ri.description));
		json_object_set_new(
		    d, "help",
		    json_pack("{s:s, s:s}", "text", ref_help(&ri, 0),
		              "markdown", ref_help(&ri, 1)));
	} else {
		snprintf(full, sizeof(full), "%s: %s", id,
		         "a rule mcpc does not know");
		json_object_set_new(d, "fullDescription", ref_sarif_text(full));
		snprintf(full, sizeof(full),
		         "mcpc explain %s says more, where the rule's pack is "
		         "loaded.",
		         id);
		json_object_set_new(d, "help", ref_sarif_text(full));
	}
	if (known && ri.bundled) {
		snprintf(full, sizeof(full), "%s/rules/%s.md", mcp_docs_url(),
		         id);
		json_object_set_new(d, "helpUri", json_string(full));
	} else if (known && ri.docs) {
		json_object_set_new(d, "helpUri", json_string(ri.docs));
	}
	json_object_set_new(d, "defaultConfiguration",
	                    json_pack("{s:s}", "level", ref_level(sev)));
	if (known)
		json_object_set_new(
		    d, "properties",
		    json_pack("{s:[s]}", "tags", ri.category));
	return d;
}

/* A file name as a URI: percent-encoded but for unreserved characters
 * and '/'; file:// for an absolute path, file:///dev/stdin for standard
 * input. */
static json_t *ref_artifact(const char *file)
{
	char *uri = malloc(strlen(file) * 3 + 16), *o = uri;
	const unsigned char *p = (const unsigned char *)file;
	int relative = *file != '/';
	json_t *a;

	assert_non_null(uri);
	if (strcmp(file, "<stdin>") == 0) {
		free(uri);
		return json_pack("{s:s}", "uri", "file:///dev/stdin");
	}
	if (!relative)
		o += sprintf(o, "file://");
	for (; *p; p++)
		if (isalnum(*p) || strchr("-._~/", *p))
			*o++ = (char)*p;
		else
			o += sprintf(o, "%%%02X", *p);
	*o = '\0';
	a = relative ? json_pack("{s:s, s:s}", "uri", uri, "uriBaseId",
	                         "%SRCROOT%")
	             : json_pack("{s:s}", "uri", uri);
	/* and merge-reports reads the file back from it */
	assert_string_equal(defer(free, mcp_sarif_file(uri)), file);
	free(uri);
	return a;
}

static json_t *ref_result(const mcp_finding *f, size_t rule_index)
{
	json_t *r =
	    json_pack("{s:o, s:I, s:s, s:o}", "ruleId", em_string(f->rule),
	              "ruleIndex", (json_int_t)rule_index, "level",
	              ref_level(f->severity), "message",
	              ref_sarif_text(f->message));
	char fp[40], *key;
	size_t n;

	assert_non_null(r);
	json_object_set_new(
	    r, "locations",
	    json_pack("[{s:{s:o, s:{s:I, s:I}}}]", "physicalLocation",
	              "artifactLocation", ref_artifact(f->loc.file), "region",
	              "startLine", (json_int_t)(f->loc.line ? f->loc.line : 1),
	              "startColumn",
	              (json_int_t)(f->loc.column ? f->loc.column : 1)));
	n = strlen(f->rule) + strlen(f->loc.file) +
	    strlen(f->pointer ? f->pointer : "") + strlen(f->message) + 4;
	key = malloc(n);
	assert_non_null(key);
	snprintf(key, n, "%s\n%s\n%s\n%s", f->rule, f->loc.file,
	         f->pointer ? f->pointer : "", f->message);
	snprintf(fp, sizeof(fp), "%016llx",
	         (unsigned long long)XXH3_64bits(key, strlen(key)));
	free(key);
	json_object_set_new(r, "partialFingerprints",
	                    json_pack("{s:s}", "mcpc/v1", fp));
	if (f->waiver)
		json_object_set_new(r, "suppressions",
		                    json_pack("[{s:s, s:o}]", "kind",
		                              "external", "justification",
		                              em_string(f->waiver)));
	return r;
}

static json_t *ref_sarif(const mcp_diag *d, const mcp_render_opts *opts)
{
	json_t *rules = json_array(), *results = json_array();
	json_t *notes = json_array(), *inv, *run;
	size_t i, k;
	int failed = 0;

	for (i = 0; i < mcp_diag_count(d); i++) {
		const mcp_finding *f = mcp_diag_get(d, i);
		json_t *id = em_string(f->rule);
		if (opts->quiet && (f->severity != MCP_SEV_ERROR || f->waiver)) {
			json_decref(id);
			continue;
		}
		for (k = 0; k < json_array_size(rules); k++)
			if (json_equal(json_object_get(json_array_get(rules, k),
			                               "id"),
			               id))
				break;
		json_decref(id);
		if (k == json_array_size(rules))
			json_array_append_new(
			    rules,
			    ref_descriptor(f->rule, f->severity, opts->rules));
		if (f->loc.file && *f->loc.file) {
			json_array_append_new(results, ref_result(f, k));
			continue;
		}
		failed |= f->severity == MCP_SEV_ERROR && !f->waiver;
		json_array_append_new(
		    notes,
		    json_pack("{s:s, s:o, s:{s:o, s:I}}", "level",
		              ref_level(f->severity), "message",
		              ref_sarif_text(f->message), "associatedRule", "id",
		              em_string(f->rule), "index", (json_int_t)k));
	}
	inv = json_pack("{s:b, s:i}", "executionSuccessful",
	                opts->exit_code < 2 && !failed, "exitCode",
	                opts->exit_code);
	if (json_array_size(notes))
		json_object_set(inv, "toolExecutionNotifications", notes);
	json_decref(notes);
	run = json_pack(
	    "{s:{s:{s:s, s:s, s:s, s:s, s:o}}, s:{s:{s:o}}, s:o, s:[o]}",
	    "tool", "driver", "name", "mcpc", "version", mcp_version(),
	    "semanticVersion", mcp_version(), "informationUri", mcp_home_url(),
	    "rules", rules, "originalUriBaseIds", "%SRCROOT%", "description",
	    ref_sarif_text(opts->run_id
	                       ? "The top of the git work tree mcpc lint read."
	                       : "The folder mcpc ran in: relative paths are "
	                         "as given on its command line."),
	    "results", results, "invocations", inv);
	return json_pack("{s:s, s:s, s:[o]}", "$schema",
	                 "https://json.schemastore.org/sarif-2.1.0.json",
	                 "version", "2.1.0", "runs", run);
}

static void free_rules(void *r)
{
	mcp_rules_free(r);
}

static void free_schema(void *s)
{
	mcp_schema_free(s);
}

static void sarif_report(void **state)
{
	mcp_schema *schema = NULL;
	mcp_rules *rules = NULL;
	mcp_render_opts opts;
	mcp_diag *d, *empty;
	int pass;

	(void)state;
	assert_int_equal(mcp_diag_new(&d), 0);
	defer(free_diag, d);
	assert_int_equal(mcp_schema_builtin(&schema, NULL, d), 0);
	defer(free_schema, schema);
	assert_int_equal(mcp_rules_load(&rules, NULL, 0, schema, NULL, d), 0);
	defer(free_rules, rules);
	assert_int_equal(mcp_diag_count(d), 0);
	memset(&opts, 0, sizeof(opts));
	for (pass = 0; pass < 4; pass++) {
		opts.quiet = pass & 1;
		opts.rules = pass & 2 ? rules : NULL;
		opts.exit_code = pass;
		d = tricky_diag(1);
		assert_string_equal(rendered("sarif", d, &opts),
		                    ref_text(ref_sarif(d, &opts)));
		assert_int_equal(mcp_diag_new(&empty), 0);
		defer(free_diag, empty);
		assert_string_equal(rendered("sarif", empty, &opts),
		                    ref_text(ref_sarif(empty, &opts)));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(strings_round_trip),
	    cmocka_unit_test(go_json),
	    cmocka_unit_test(layout),
	    cmocka_unit_test(numbers),
	    cmocka_unit_test(long_lines),
	    cmocka_unit_test(diff_hunks),
	    cmocka_unit_test(outdir_atomic),
	    cmocka_unit_test(outdir_refuses),
	    cmocka_unit_test(outdir_nested),
	    cmocka_unit_test(api_versions),
	    cmocka_unit_test(manifest_invariants),
	    cmocka_unit_test_teardown(json_strings, teardown),
	    cmocka_unit_test_teardown(json_layout, teardown),
	    cmocka_unit_test_teardown(json_report, teardown),
	    cmocka_unit_test_teardown(sarif_report, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
