/*
 * test_manifest.c: dependency manifests: every dependency with the place
 * of its version, and malformed lines as findings with their places.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static char dir[64];

static int make_dir(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/mcpc-manifest-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Write @p text to DIR/@p name and return the path (static buffer). */
static const char *put(const char *name, const char *text)
{
	static char path[256];
	char sub[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(sub, sizeof(sub), "%s", path);
	*strrchr(sub, '/') = '\0';
	mkdir(sub, 0755);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static mcp_manifest *load(const char *path, mcp_diag **d, int *rc)
{
	mcp_manifest *m = NULL;

	assert_int_equal(mcp_diag_new(d), 0);
	*rc = mcp_manifest_load(&m, path, NULL, *d);
	return m;
}

static const mcp_dep *dep(const mcp_manifest *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->ndeps; i++)
		if (strcmp(m->deps[i].name, name) == 0)
			return &m->deps[i];
	return NULL;
}

static void gomod_blocks_and_lines(void **state)
{
	mcp_diag *d;
	int rc;
	const mcp_dep *x;
	mcp_manifest *m =
	    load(put("a/go.mod",
	             "module example.com/a // the module\n\ngo 1.21\n"
	             "toolchain go1.22.1\n\nrequire (\n"
	             "\tgithub.com/gin-gonic/gin v1.9.1\n"
	             "\tgolang.org/x/net v0.17.0 // indirect\n)\n"
	             "require \"github.com/x/y\" v2.0.0+incompatible\n"
	             "exclude github.com/x/y v1.0.0\n"
	             "replace github.com/a/b v1.0.0 => github.com/c/b v1.2.0\n"
	             "replace github.com/local => ../local\n"
	             "retract [v1.0.0, v1.0.5]\n"),
	         &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_string_equal(m->ecosystem, "go");
	assert_string_equal(m->go_version, "1.21");
	assert_int_equal(m->go_loc.line, 3);
	assert_int_equal(m->go_loc.column, 4);
	x = dep(m, "github.com/gin-gonic/gin");
	assert_non_null(x);
	assert_string_equal(x->version, "v1.9.1");
	assert_int_equal(x->direct, 1);
	assert_int_equal(x->loc.line, 7);
	assert_int_equal(x->loc.column, 27);
	x = dep(m, "golang.org/x/net");
	assert_int_equal(x->direct, 0);
	x = dep(m, "github.com/x/y");
	assert_string_equal(x->version, "v2.0.0+incompatible");
	assert_int_equal(x->kind, MCP_DEP_REQUIRE);
	assert_int_equal(m->deps[3].kind, MCP_DEP_EXCLUDE);
	x = dep(m, "github.com/a/b");
	assert_int_equal(x->kind, MCP_DEP_REPLACE);
	assert_string_equal(x->version, "v1.2.0");
	assert_null(dep(m, "github.com/local"));
	assert_int_equal(mcp_diag_count(d), 0);
	mcp_manifest_free(m);
	mcp_diag_free(d);
}

static void gomod_malformed(void **state)
{
	mcp_diag *d;
	int rc;
	const mcp_finding *f;
	mcp_manifest *m = load(put("b/go.mod", "module b\nrequire (\n"
	                                       "\tgithub.com/x/y 1.2.3\n"
	                                       "\tgithub.com/z\n"
	                                       "frobnicate x\n"),
	                       &d, &rc);

	(void)state;
	assert_int_equal(rc, 0); /* a finding each, not a failure */
	assert_int_equal(m->ndeps, 0);
	mcp_diag_sort(d);
	assert_int_equal(mcp_diag_count(d), 4);
	f = mcp_diag_get(d, 0);
	assert_string_equal(f->rule, "MCP-DEPS-001");
	assert_int_equal(f->loc.line, 2); /* the unclosed block */
	f = mcp_diag_get(d, 1);
	assert_int_equal(f->loc.line, 3);
	assert_int_equal(f->loc.column, 17);
	assert_non_null(strstr(f->message, "'1.2.3' is not a module version"));
	f = mcp_diag_get(d, 2);
	assert_int_equal(f->loc.line, 4);
	assert_non_null(strstr(f->message, "malformed require line"));
	f = mcp_diag_get(d, 3);
	assert_int_equal(f->loc.line, 5);
	mcp_manifest_free(m);
	mcp_diag_free(d);
}

static void gomod_no_go_directive(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_manifest *m =
	    load(put("c/go.mod", "module c\nrequire a.b/c v1.0.0\n"), &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_null(m->go_version);
	assert_int_equal(m->ndeps, 1);
	mcp_manifest_free(m);
	mcp_diag_free(d);
}

static void requirements(void **state)
{
	mcp_diag *d;
	int rc;
	const mcp_dep *x;
	mcp_manifest *m;

	(void)state;
	put("r/base.txt", "Requests==2.31.0\n");
	m = load(
	    put("r/requirements.txt",
	        "# comment\n-r base.txt\n--index-url https://pypi.example\n"
	        "numpy==1.26.4  # pinned\n"
	        "tritonclient[grpc,http] >= 2.41, <3 ; python_version >= "
	        "\"3.9\"\n"
	        "protobuf==4.25.3 \\\n    --hash=sha256:00\n"
	        "Zope.Interface_x==5.0\n"
	        "git+https://example.com/x.git#egg=x\n"
	        "pkg @ https://example.com/pkg.whl\n"
	        "plain\n"),
	    &d, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(m->ecosystem, "pypi");
	x = dep(m, "requests"); /* from base.txt, name normalised */
	assert_non_null(x);
	assert_string_equal(x->version, "==2.31.0");
	assert_int_equal(x->loc.line, 1);
	assert_int_equal(x->loc.column, 9);
	x = dep(m, "numpy");
	assert_string_equal(x->version, "==1.26.4");
	assert_int_equal(x->loc.line, 4);
	x = dep(m, "tritonclient");
	assert_string_equal(x->version, ">= 2.41, <3");
	x = dep(m, "protobuf");
	assert_string_equal(x->version, "==4.25.3");
	assert_int_equal(x->loc.line, 6);
	assert_non_null(dep(m, "zope-interface-x"));
	assert_null(dep(m, "pkg"));
	x = dep(m, "plain");
	assert_string_equal(x->version, "");
	assert_int_equal(mcp_diag_count(d), 0);
	mcp_manifest_free(m);
	mcp_diag_free(d);
}

static void requirements_errors(void **state)
{
	mcp_diag *d;
	int rc;
	const mcp_finding *f;
	mcp_manifest *m =
	    load(put("e/requirements.txt", "ok==1.0\nbad=>1.0\n-r missing.txt\n"
	                                   "-r\nunclosed[extra ==1\n"),
	         &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(m->ndeps, 1);
	mcp_diag_sort(d);
	assert_int_equal(mcp_diag_count(d), 4);
	f = mcp_diag_get(d, 0);
	assert_int_equal(f->loc.line, 2);
	assert_int_equal(f->loc.column, 4);
	assert_non_null(
	    strstr(f->message, "not valid version specifiers for bad"));
	f = mcp_diag_get(d, 1);
	assert_int_equal(f->loc.line, 3);
	assert_non_null(strstr(f->message, "cannot read"));
	assert_int_equal(mcp_diag_get(d, 2)->loc.line, 4);
	assert_int_equal(mcp_diag_get(d, 3)->loc.line, 5);
	mcp_manifest_free(m);
	mcp_diag_free(d);
}

static void requirements_include_loop(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_manifest *m;

	(void)state;
	put("l/b.txt", "-r requirements.txt\nb==1\n");
	m = load(put("l/requirements.txt", "-r b.txt\na==1\n"), &d, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(tu_find(d, "MCP-DEPS-001"));
	assert_non_null(strstr(tu_find(d, "MCP-DEPS-001")->message, "deep"));
	mcp_manifest_free(m);
	mcp_diag_free(d);
}

static void package_json(void **state)
{
	mcp_diag *d;
	int rc;
	const mcp_dep *x;
	mcp_manifest *m = load(
	    put("n/package.json",
	        "{\n  \"name\": \"web\",\n  \"dependencies\": {\"express\": "
	        "\"^4.18.2\", \"@grpc/grpc-js\": \"~1.9.0\"},\n"
	        "  \"devDependencies\": {\"jest\": \"29.x\"}\n}\n"),
	    &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_string_equal(m->ecosystem, "npm");
	x = dep(m, "@grpc/grpc-js");
	assert_non_null(x);
	assert_string_equal(x->version, "~1.9.0");
	assert_int_equal(x->kind, MCP_DEP_RANGE);
	assert_int_equal(x->loc.line, 3);
	assert_int_equal(x->loc.column, 59);
	assert_non_null(dep(m, "jest"));
	mcp_manifest_free(m);
	mcp_diag_free(d);
}

static void package_lock_v3(void **state)
{
	mcp_diag *d;
	int rc;
	const mcp_dep *x;
	mcp_manifest *m = load(
	    put("p/package-lock.json",
	        "{\"lockfileVersion\": 3, \"packages\": {\n"
	        "\"\": {\"dependencies\": {\"express\": \"^4\"}},\n"
	        "\"node_modules/express\": {\"version\": \"4.18.2\"},\n"
	        "\"node_modules/@scope/x\": {\"version\": \"1.0.0\"},\n"
	        "\"node_modules/express/node_modules/debug\": {\"version\": "
	        "\"2.6.9\"}}}\n"),
	    &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	x = dep(m, "express");
	assert_string_equal(x->version, "4.18.2");
	assert_int_equal(x->kind, MCP_DEP_LOCKED);
	assert_int_equal(x->direct, 1);
	assert_int_equal(x->loc.line, 3);
	assert_int_equal(x->loc.column, 37);
	x = dep(m, "@scope/x");
	assert_int_equal(x->direct, 0); /* not in the root's dependencies */
	x = dep(m, "debug");
	assert_int_equal(x->direct, 0);
	mcp_manifest_free(m);
	mcp_diag_free(d);
}

static void package_lock_v1(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_manifest *m = load(
	    put("q/package-lock.json",
	        "{\"lockfileVersion\": 1, \"dependencies\": {\n"
	        "\"a\": {\"version\": \"1.0.0\", \"dependencies\": {\"b\": "
	        "{\"version\": \"2.0.0\"}}}}}\n"),
	    &d, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(m->ndeps, 2);
	assert_int_equal(dep(m, "a")->direct, 1);
	assert_int_equal(dep(m, "b")->direct, 0);
	assert_string_equal(dep(m, "b")->version, "2.0.0");
	mcp_manifest_free(m);
	mcp_diag_free(d);
}

/* A memo reads each manifest once; later loads repeat its findings, its
 * text and errno into each caller's list. */
static void memo_reads_once(void **state)
{
	mcp_manifest_memo *memo;
	const mcp_manifest *a = NULL, *b = NULL;
	mcp_diag *d1, *d2;
	const char *path = put("m/go.mod", "module m\nrequire github.com/z\n");
	char keep[256];
	size_t len;

	(void)state;
	snprintf(keep, sizeof(keep), "%s", path);
	assert_int_equal(mcp_manifest_memo_new(&memo), 0);
	assert_int_equal(mcp_diag_new(&d1), 0);
	assert_int_equal(mcp_diag_new(&d2), 0);
	assert_int_equal(mcp_manifest_load_memo(memo, &a, keep, NULL, d1), 0);
	assert_non_null(a);
	assert_int_equal(mcp_diag_count(d1), 1); /* the malformed line */
	/* changed on disk: the memo still answers with what it read */
	put("m/go.mod", "module m\n");
	assert_int_equal(mcp_manifest_load_memo(memo, &b, keep, NULL, d2), 0);
	assert_ptr_equal(a, b);
	assert_int_equal(mcp_diag_count(d2), 1);
	assert_string_equal(mcp_diag_get(d2, 0)->rule, "MCP-DEPS-001");
	assert_string_equal(mcp_diag_get(d2, 0)->loc.file, keep);
	assert_non_null(mcp_diag_source_line(d2, keep, 2, &len));
	mcp_diag_free(d1);
	mcp_diag_free(d2);
	/* a missing file: MCP_EIO each time, with errno */
	assert_int_equal(mcp_diag_new(&d1), 0);
	snprintf(keep, sizeof(keep), "%s/none/go.mod", dir);
	assert_int_equal(mcp_manifest_load_memo(memo, &a, keep, NULL, d1),
	                 MCP_EIO);
	assert_null(a);
	errno = 0;
	assert_int_equal(mcp_manifest_load_memo(memo, &a, keep, NULL, d1),
	                 MCP_EIO);
	assert_int_equal(errno, ENOENT);
	mcp_diag_free(d1);
	mcp_manifest_memo_free(memo);
}

static void unknown_and_missing(void **state)
{
	mcp_diag *d;
	int rc;
	mcp_manifest *m = load(put("u/Cargo.toml", "[package]\n"), &d, &rc);
	char path[128];

	(void)state;
	assert_null(m);
	assert_int_equal(rc, MCP_EPARSE);
	assert_non_null(tu_find(d, "MCP-DEPS-001"));
	mcp_diag_free(d);
	snprintf(path, sizeof(path), "%s/none/go.mod", dir);
	m = load(path, &d, &rc);
	assert_null(m);
	assert_int_equal(rc, MCP_EIO);
	mcp_diag_free(d);
	m = load(put("j/package.json", "{\"dependencies\": [1, 2"), &d, &rc);
	assert_null(m);
	assert_int_equal(rc, MCP_EPARSE);
	assert_non_null(tu_find(d, "MCP-YAML-001"));
	mcp_diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(gomod_blocks_and_lines),
	    cmocka_unit_test(gomod_malformed),
	    cmocka_unit_test(gomod_no_go_directive),
	    cmocka_unit_test(requirements),
	    cmocka_unit_test(requirements_errors),
	    cmocka_unit_test(requirements_include_loop),
	    cmocka_unit_test(package_json),
	    cmocka_unit_test(package_lock_v3),
	    cmocka_unit_test(package_lock_v1),
	    cmocka_unit_test(memo_reads_once),
	    cmocka_unit_test(unknown_and_missing),
	};

	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
