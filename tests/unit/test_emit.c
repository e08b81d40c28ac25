/*
 * test_emit.c: the YAML writer. Every value it writes reads back, with
 * mcpc's own loader, as the same JSON value and without a finding (no
 * YAML 1.1 trap), every line is free of trailing spaces, and the layout
 * is the one yamllint's defaults accept.
 */
#include <stdio.h>
#include <stdlib.h>

#include <xxhash.h>

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
	mcp_diag *d;
	char cmd[400];

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_int_equal(mcp_diag_new(&d), 0);
	snprintf(dir, sizeof(dir), "%s/out/x/prod", root);
	assert_int_equal(mcp_outdir_write(dir, v1, 2, (size_t)-1, d), 0);
	snprintf(path, sizeof(path), "%s/b.yaml", dir);
	assert_int_equal(read_file(path, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "two\n");
	/* the second file fails: the first version stays */
	assert_int_equal(mcp_outdir_write(dir, v2, 2, 1, d), MCP_EIO);
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
	assert_int_equal(mcp_outdir_write(dir, v2, 1, (size_t)-1, d), 0);
	assert_int_equal(read_file(path, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "ONE\n");
	snprintf(path, sizeof(path), "%s/b.yaml", dir);
	assert_int_equal(read_file(path, buf, sizeof(buf)), -1);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	assert_int_equal(system(cmd), 0);
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

/* What the peer linters check by default, on every golden build: selectors
 * match their pods, probes and Service target ports name real container
 * ports, resources and the restricted security context are set, several
 * replicas are spread, and every reference names an emitted object. */
static void manifest_invariants(void **state)
{
	static const char *const dirs[] = {
	    "aws-recsys/default",     "environments/dev",
	    "fraud-scoring/prod",     "gcp-vision/default",
	    "internal-batch/default", "minimal/default",
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
		/* the pods' config hash is the xxh3 of the ConfigMap written */
		for (i = 0; i < n; i++) {
			json_t *o = mcp_source_doc(src, i);
			mcp_buf text;
			char hash[17];
			if (strcmp(
			        json_string_value(json_object_get(o, "kind")),
			        "ConfigMap") != 0)
				continue;
			mcp_buf_init(&text);
			assert_int_equal(mcp_yaml_write(&text, o), 0);
			snprintf(hash, sizeof(hash), "%016llx",
			         (unsigned long long)XXH3_64bits(text.ptr,
			                                         text.len));
			mcp_buf_free(&text);
			for (j = 0; j < n; j++) {
				json_t *h = json_object_get(
				    at(mcp_source_doc(src, j),
				       "spec/template/metadata/annotations"),
				    "mcpc.io/config-hash");
				if (h)
					assert_string_equal(
					    json_string_value(h), hash);
			}
		}
		mcp_source_free(src);
		mcp_diag_free(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(strings_round_trip),
	    cmocka_unit_test(layout),
	    cmocka_unit_test(numbers),
	    cmocka_unit_test(long_lines),
	    cmocka_unit_test(diff_hunks),
	    cmocka_unit_test(outdir_atomic),
	    cmocka_unit_test(api_versions),
	    cmocka_unit_test(manifest_invariants),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
