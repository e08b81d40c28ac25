/*
 * cache.c: lint's content cache, .mcpc-cache/ at the top of the work tree.
 * An entry holds one spec file's findings under a key: xxh3-128 of the
 * spec's path and bytes and of everything else a result depends on (mcpc's
 * version and shipped data, the project file, rule packs, matrix files,
 * the load limits, today's date for waiver expiry). The entry also names
 * the dependency manifests the spec read, with their hashes: a changed
 * manifest makes it a miss. Entries are written to a temporary file and
 * renamed, so concurrent runs never see half of one; an entry that does
 * not parse is a miss, and is rewritten.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "check/embedded.h"
#include "cli/cli.h"
#include "support/file.h"

#define CACHE_DIR ".mcpc-cache"
#define MAX_FILE  ((size_t)64 << 20)

/* Add a file's bytes (or a marker for a missing one) to the state. */
static void hash_file(XXH3_state_t *st, const char *path)
{
	mcp_buf b;

	mcp_buf_init(&b);
	XXH3_64bits_update(st, path, strlen(path) + 1);
	if (mcp_file_read(&b, path, MAX_FILE) == 0)
		XXH3_64bits_update(st, b.ptr ? b.ptr : "", b.len);
	else
		XXH3_64bits_update(st, "\\0missing", 9);
	mcp_buf_free(&b);
}

static void hash_dirs(XXH3_state_t *st, const char *const *dirs, size_t n,
                      mcp_diag *scratch)
{
	size_t i, j, np;
	char **paths;

	for (i = 0; i < n; i++) {
		if (mcp_paths_expand(&paths, &np, dirs[i], scratch) != 0)
			continue;
		for (j = 0; j < np; j++)
			hash_file(st, paths[j]);
		mcp_paths_free(paths, np);
	}
}

unsigned long long cli_cache_fingerprint(const cli_opts *o,
                                         const cli_checker *k)
{
	XXH3_state_t *st = XXH3_createState();
	const mcp_embedded *e;
	mcp_diag *scratch = NULL;
	unsigned long long h;

	if (!st || mcp_diag_new(&scratch) < 0) {
		XXH3_freeState(st);
		return 0;
	}
	XXH3_64bits_reset(st);
	XXH3_64bits_update(st, mcp_version(), strlen(mcp_version()));
	for (e = mcp_embedded_files; e->name; e++)
		XXH3_64bits_update(st, e->data, e->len);
	if (k->project)
		hash_file(st, mcp_project_path(k->project));
	hash_dirs(st, o->rules_dirs, o->nrules_dirs, scratch);
	hash_dirs(st, o->matrix_dirs, o->nmatrix_dirs, scratch);
	if (k->project) {
		const char *const *d;
		size_t n = mcp_project_dirs(k->project, "packs", &d);
		hash_dirs(st, d, n, scratch);
		n = mcp_project_dirs(k->project, "matrix", &d);
		hash_dirs(st, d, n, scratch);
	}
	XXH3_64bits_update(st, &o->load, sizeof(o->load));
	XXH3_64bits_update(st, k->today, sizeof(k->today));
	h = XXH3_64bits_digest(st);
	XXH3_freeState(st);
	mcp_diag_free(scratch);
	return h;
}

/* The entry's file name for a spec. */
static void entry_path(char *out, size_t n, unsigned long long fp,
                       const char *path, const char *data, size_t len)
{
	XXH3_state_t *st = XXH3_createState();
	XXH128_hash_t h = {0, 0};

	if (st) {
		XXH3_128bits_reset(st);
		XXH3_128bits_update(st, &fp, sizeof(fp));
		XXH3_128bits_update(st, path, strlen(path) + 1);
		XXH3_128bits_update(st, data, len);
		h = XXH3_128bits_digest(st);
		XXH3_freeState(st);
	}
	snprintf(out, n, CACHE_DIR "/%016llx%016llx.json",
	         (unsigned long long)h.high64, (unsigned long long)h.low64);
}

static unsigned long long file_hash(const char *path)
{
	mcp_buf b;
	unsigned long long h = 0;

	mcp_buf_init(&b);
	if (mcp_file_read(&b, path, MAX_FILE) == 0)
		h = XXH3_64bits(b.ptr ? b.ptr : "", b.len) | 1;
	mcp_buf_free(&b);
	return h; /* 0: missing */
}

/* Quote-ready text of a file the findings name, when it is not known. */
static void remember_text(mcp_diag *d, const char *file)
{
	mcp_buf b;
	size_t len;

	if (!file || mcp_diag_source_line(d, file, 1, &len))
		return;
	mcp_buf_init(&b);
	if (mcp_file_read(&b, file, MAX_FILE) == 0)
		mcp_diag_add_source(d, file, b.ptr ? b.ptr : "", b.len);
	mcp_buf_free(&b);
}

int cli_cache_get(unsigned long long fp, const char *path, const char *data,
                  size_t len, mcp_diag *d)
{
	char entry[128];
	json_t *root, *deps, *list, *x;
	size_t i;

	entry_path(entry, sizeof(entry), fp, path, data, len);
	if (!(root = json_load_file(entry, 0, NULL)))
		return 0;
	deps = json_object_get(root, "deps");
	list = json_object_get(root, "findings");
	if (!json_is_array(deps) || !json_is_array(list)) {
		json_decref(root);
		return 0;
	}
	for (i = 0; i < json_array_size(deps); i++) {
		x = json_array_get(deps, i);
		if (!json_is_string(json_object_get(x, "path")) ||
		    (json_int_t)(file_hash(json_string_value(
		                     json_object_get(x, "path"))) >>
		                 1) !=
		        json_integer_value(json_object_get(x, "hash"))) {
			json_decref(root);
			return 0; /* a dependency changed */
		}
	}
	mcp_diag_add_source(d, path, data, len);
	for (i = 0; i < json_array_size(list); i++) {
		mcp_loc loc, rel;
		mcp_finding *f;
		mcp_severity sev = MCP_SEV_ERROR;
		x = json_array_get(list, i);
		loc.file = json_string_value(json_object_get(x, "file"));
		loc.line =
		    (unsigned)json_integer_value(json_object_get(x, "line"));
		loc.column =
		    (unsigned)json_integer_value(json_object_get(x, "column"));
		mcp_severity_parse(
		    &sev, json_string_value(json_object_get(x, "severity")));
		remember_text(d, loc.file);
		f = mcp_diag_add(
		    d, json_string_value(json_object_get(x, "rule")), sev,
		    loc.file ? &loc : NULL,
		    json_string_value(json_object_get(x, "pointer")),
		    json_string_value(json_object_get(x, "hint")), "%s",
		    json_string_value(json_object_get(x, "message")));
		if (!f) {
			json_decref(root);
			return MCP_ENOMEM;
		}
		f->fatal = json_is_true(json_object_get(x, "fatal"));
		if ((x = json_object_get(json_array_get(list, i), "related"))) {
			/* the related place keeps its file name: intern it */
			rel.file =
			    json_string_value(json_object_get(x, "file"));
			rel.file =
			    rel.file ? mcp_diag_intern(d, rel.file) : NULL;
			rel.line = (unsigned)json_integer_value(
			    json_object_get(x, "line"));
			rel.column = (unsigned)json_integer_value(
			    json_object_get(x, "column"));
			remember_text(d, rel.file);
			mcp_finding_set_related(
			    f, &rel,
			    json_string_value(json_object_get(x, "message")));
		}
	}
	json_decref(root);
	return 1;
}

int cli_each_dependency(const mcp_source *src, const char *spec,
                        int (*fn)(const char *dep, void *ctx), void *ctx)
{
	const char *slash = strrchr(spec, '/');
	size_t dl = slash ? (size_t)(slash - spec) + 1 : 0, i, k, n;
	char path[4096];

	for (n = 0; src && n < mcp_source_doc_count(src); n++) {
		json_t *svcs = json_object_get(
		    json_object_get(mcp_source_doc(src, n), "spec"),
		    "services");
		for (i = 0; i < json_array_size(svcs); i++) {
			json_t *deps = json_object_get(json_array_get(svcs, i),
			                               "dependencies");
			for (k = 0; k < json_array_size(deps); k++) {
				const char *dep =
				    json_string_value(json_array_get(deps, k));
				if (!dep)
					continue;
				snprintf(path, sizeof(path), "%.*s%s", (int)dl,
				         spec, dep);
				if (fn(path, ctx))
					return 1;
			}
		}
	}
	return 0;
}

/* An entry's record of one manifest: its path and hash. */
static int add_dep(const char *dep, void *ctx)
{
	json_array_append_new(ctx,
	                      json_pack("{s:s, s:I}", "path", dep, "hash",
	                                (json_int_t)(file_hash(dep) >> 1)));
	return 0;
}

void cli_cache_put(unsigned long long fp, const char *path, const char *data,
                   size_t len, const mcp_source *src, const mcp_diag *d,
                   size_t first)
{
	char entry[128], tmp[160];
	json_t *root = json_pack("{s:[], s:[]}", "deps", "findings");
	json_t *deps = json_object_get(root, "deps");
	json_t *list = json_object_get(root, "findings");
	size_t i;
	int fd;

	if (!root)
		return;
	cli_each_dependency(src, path, add_dep, deps);
	for (i = first; i < mcp_diag_count(d); i++) {
		const mcp_finding *f = mcp_diag_get(d, i);
		json_t *x = json_pack(
		    "{s:s, s:s, s:s, s:s?, s:I, s:I, s:s?, s:s?, s:b}", "rule",
		    f->rule, "severity", mcp_severity_name(f->severity),
		    "message", f->message, "file", f->loc.file, "line",
		    (json_int_t)f->loc.line, "column",
		    (json_int_t)f->loc.column, "pointer", f->pointer, "hint",
		    f->hint, "fatal", f->fatal);
		if (x && f->related.line)
			json_object_set_new(
			    x, "related",
			    json_pack("{s:s?, s:I, s:I, s:s?}", "file",
			              f->related.file, "line",
			              (json_int_t)f->related.line, "column",
			              (json_int_t)f->related.column, "message",
			              f->related_message));
		if (!x || f->waiver) {
			/* waived findings depend on the waivers: not cached */
			json_decref(x);
			json_decref(root);
			return;
		}
		json_array_append_new(list, x);
	}
	entry_path(entry, sizeof(entry), fp, path, data, len);
	snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", entry);
	if (mkdir(CACHE_DIR, 0777) < 0 && errno != EEXIST) {
		json_decref(root);
		return;
	}
	if ((fd = mkstemp(tmp)) >= 0) {
		char *text = json_dumps(root, JSON_COMPACT);
		size_t tl = text ? strlen(text) : 0;
		int ok = text && write(fd, text, tl) == (ssize_t)tl;
		close(fd);
		if (!ok || rename(tmp, entry) != 0)
			unlink(tmp);
		free(text);
	}
	json_decref(root);
}
