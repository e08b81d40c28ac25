/*
 * load.c: the front end's entry points. Reads the bytes, checks the
 * encoding and the size, chooses the YAML or JSON reader, and lists the
 * files of a directory.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "front/loader.h"
#include "support/file.h"
#include "support/utf8.h"

void mcp_load_opts_init(mcp_load_opts *opts)
{
	opts->max_depth = 256;
	opts->max_size = (size_t)64 << 20;
	opts->max_scalar = (size_t)16 << 20;
	opts->max_alias_nodes = 100000;
	opts->format = MCP_FORMAT_AUTO;
}

mcp_finding *load_report(load_ctx *ctx, const char *rule, mcp_severity sev,
                         int fatal, unsigned line, unsigned col,
                         const char *hint, const char *fmt, ...)
{
	mcp_loc loc = {ctx->src->name, line, col};
	mcp_buf msg;
	mcp_finding *f;
	va_list ap;

	mcp_buf_init(&msg);
	va_start(ap, fmt);
	mcp_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	f = msg.oom ? NULL
	            : mcp_diag_add(ctx->diag, rule, sev, &loc, NULL, hint, "%s",
	                           msg.ptr);
	mcp_buf_free(&msg);
	if (!f)
		ctx->oom = 1;
	else
		f->fatal = fatal;
	if (fatal)
		ctx->fatal = 1;
	return f;
}

void load_related(load_ctx *ctx, mcp_finding *f, unsigned line, unsigned col,
                  const char *msg)
{
	mcp_loc loc = {ctx->src->name, line, col};

	if (f && line && mcp_finding_set_related(f, &loc, msg) < 0)
		ctx->oom = 1;
}

void load_position(const load_ctx *ctx, size_t offset, unsigned *line,
                   unsigned *col)
{
	mcp_text_position(ctx->text, ctx->len, offset, line, col);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int new_source(mcp_source **out, const char *name, mcp_diag *diag)
{
	mcp_source *src = calloc(1, sizeof(*src));

	*out = src;
	if (!src)
		return MCP_ENOMEM;
	src->name = mcp_diag_intern(diag, name);
	src->docs = json_array();
	if (!src->name || !src->docs || sm_new(&src->map, src->name) < 0) {
		mcp_source_free(src);
		*out = NULL;
		return MCP_ENOMEM;
	}
	return 0;
}

/* Encoding checks; returns 0 or a fatal finding's code. */
static int check_encoding(load_ctx *ctx)
{
	const unsigned char *u = (const unsigned char *)ctx->text;
	size_t bad;
	unsigned line, col;

	if ((ctx->len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) ||
	                       (u[0] == 0xFF && u[1] == 0xFE))) ||
	    (ctx->len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE &&
	     u[3] == 0xFF)) {
		load_report(ctx, RULE_ENCODING, MCP_SEV_ERROR, 1, 1, 1,
		            "save the file as UTF-8",
		            "UTF-16 and UTF-32 input is not supported");
		return MCP_EPARSE;
	}
	bad = mcp_utf8_valid_prefix(ctx->text, ctx->len);
	if (bad < ctx->len) {
		load_position(ctx, bad, &line, &col);
		load_report(ctx, RULE_ENCODING, MCP_SEV_ERROR, 1, line, col,
		            "save the file as UTF-8",
		            "invalid UTF-8 (byte 0x%02X at offset %zu)", u[bad],
		            bad + ctx->bom);
		return MCP_EPARSE;
	}
	return 0;
}

/* Whether the text opens like a JSON document ('{' or '[' first). */
static int looks_like_json(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len &&
	       (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	return i < len && (s[i] == '{' || s[i] == '[');
}

/*
 * Text that looks like JSON is read as JSON first: libyaml (YAML 1.1)
 * rejects some valid JSON, such as surrogate-pair escapes. Returns 0 when
 * that worked without a finding, 1 to go on with the YAML reader (nothing
 * kept), or MCP_ENOMEM.
 */
static int try_json(load_ctx *ctx)
{
	mcp_diag *real = ctx->diag, *scratch;
	mcp_source *src = ctx->src;
	int rc;

	if (mcp_diag_new(&scratch) < 0)
		return MCP_ENOMEM;
	ctx->diag = scratch;
	rc = mcp_json_load(ctx);
	ctx->diag = real;
	if (rc == 0 && mcp_diag_count(scratch) == 0) {
		mcp_diag_free(scratch);
		return 0;
	}
	mcp_diag_free(scratch);
	if (ctx->oom)
		return MCP_ENOMEM;
	ctx->fatal = 0;
	json_array_clear(src->docs);
	sm_free(src->map);
	src->map = NULL;
	return sm_new(&src->map, src->name) < 0 ? MCP_ENOMEM : 1;
}

/*
 * Load @p data. When @p block is not NULL it is the malloc'd buffer that
 * holds the data: the diagnostics list takes it (no copy); otherwise the
 * list keeps a copy of the text for quoting.
 */
static int load_text(mcp_source **out, const char *name, char *block,
                     const char *data, size_t len, const mcp_load_opts *opts,
                     mcp_diag *diag, unsigned flags)
{
	mcp_load_opts defaults;
	load_ctx ctx;
	mcp_format fmt;
	int rc;

	if (!opts) {
		mcp_load_opts_init(&defaults);
		opts = &defaults;
	}
	if (opts->max_depth > MCP_MAX_DEPTH) {
		defaults = *opts;
		defaults.max_depth = MCP_MAX_DEPTH;
		opts = &defaults;
	}
	if ((rc = new_source(out, name, diag)) < 0) {
		free(block);
		return rc;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.src = *out;
	ctx.diag = diag;
	ctx.opts = opts;
	ctx.flags = flags;
	if (len > opts->max_size) {
		load_report(
		    &ctx, RULE_LIMIT, MCP_SEV_ERROR, 1, 0, 0,
		    "raise the limit with --max-size if this is intended",
		    "input of %zu bytes exceeds the limit of %zu bytes", len,
		    opts->max_size);
		free(block);
		return MCP_ELIMIT;
	}
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
		ctx.bom = 3;
	}
	ctx.text = data;
	ctx.len = len;
	rc = block
	         ? mcp_diag_adopt_source(diag, ctx.src->name, block, data, len)
	         : mcp_diag_add_source(diag, ctx.src->name, data, len);
	if (rc < 0)
		return MCP_ENOMEM;
	if ((rc = check_encoding(&ctx)) < 0)
		return rc;
	/* A node every twenty bytes or so, as specs go: a guess, capped (the
	 * map grows as it must), that spares growing it step by step. */
	sm_reserve(ctx.src->map,
	           (uint32_t)(len < ((size_t)1 << 20) ? len / 16 + 16 : 65536));
	fmt = opts->format;
	if (fmt == MCP_FORMAT_AUTO && ends_with(name, ".json"))
		fmt = MCP_FORMAT_JSON;
	if (fmt == MCP_FORMAT_AUTO && looks_like_json(data, len) &&
	    (rc = try_json(&ctx)) != 1)
		return rc;
	return fmt == MCP_FORMAT_JSON ? mcp_json_load(&ctx)
	                              : mcp_yaml_load(&ctx);
}

int mcp_source_load_buffer(mcp_source **out, const char *name, const char *data,
                           size_t len, const mcp_load_opts *opts,
                           mcp_diag *diag)
{
	return load_text(out, name, NULL, data, len, opts, diag, 0);
}

int load_buffer_with(mcp_source **out, const char *name, const char *data,
                     size_t len, const mcp_load_opts *opts, mcp_diag *diag,
                     unsigned flags)
{
	return load_text(out, name, NULL, data, len, opts, diag, flags);
}

int mcp_source_load_file(mcp_source **out, const char *path,
                         const mcp_load_opts *opts, mcp_diag *diag)
{
	mcp_load_opts defaults;
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	mcp_loc loc = {name, 0, 0};
	mcp_finding *f = NULL;
	mcp_buf data;
	int rc;

	*out = NULL;
	if (!opts) {
		mcp_load_opts_init(&defaults);
		opts = &defaults;
	}
	mcp_buf_init(&data);
	rc = mcp_file_read(&data, path, opts->max_size);
	if (rc == MCP_EIO)
		f = mcp_diag_add(diag, RULE_IO, MCP_SEV_ERROR, &loc, NULL, NULL,
		                 "cannot read: %s", strerror(errno));
	else if (rc == MCP_ELIMIT)
		f = mcp_diag_add(
		    diag, RULE_LIMIT, MCP_SEV_ERROR, &loc, NULL,
		    "raise the limit with --max-size if this is intended",
		    "input exceeds the limit of %zu bytes", opts->max_size);
	if (f)
		f->fatal = 1;
	if (rc == 0) {
		size_t len = data.len;
		char *block = mcp_buf_detach(&data);
		if (!block)
			return MCP_ENOMEM;
		return load_text(out, name, block, block, len, opts, diag, 0);
	}
	mcp_buf_free(&data);
	return rc;
}

void mcp_source_free(mcp_source *src)
{
	if (!src)
		return;
	sm_free(src->map);
	json_decref(src->docs);
	free(src);
}

const char *mcp_source_name(const mcp_source *src)
{
	return src->name;
}

size_t mcp_source_doc_count(const mcp_source *src)
{
	return json_array_size(src->docs);
}

json_t *mcp_source_doc(const mcp_source *src, size_t i)
{
	return json_array_get(src->docs, i);
}

const mcp_srcmap *mcp_source_srcmap(const mcp_source *src)
{
	return src->map;
}

typedef struct path_list {
	char **items;
	size_t count, cap;
} path_list;

static int push_path(path_list *l, char *p)
{
	if (!p)
		return MCP_ENOMEM;
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		char **items = realloc(l->items, cap * sizeof(*items));
		if (!items) {
			free(p);
			return MCP_ENOMEM;
		}
		l->items = items;
		l->cap = cap;
	}
	l->items[l->count++] = p;
	return 0;
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	mcp_buf b;

	mcp_buf_init(&b);
	mcp_buf_puts(&b, dir);
	if (n && dir[n - 1] != '/')
		mcp_buf_putc(&b, '/');
	mcp_buf_puts(&b, name);
	return mcp_buf_detach(&b);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files and folders a directory walk passes over: dependency manifests and
 * their vendored trees are never specs (docs/cli.md). */
static int not_a_spec(const char *name)
{
	static const char *const names[] = {"package.json",
	                                    "package-lock.json",
	                                    "npm-shrinkwrap.json",
	                                    "composer.json",
	                                    "tsconfig.json",
	                                    "node_modules",
	                                    "vendor",
	                                    NULL};
	size_t i;

	for (i = 0; names[i]; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/* Whether folder dir holds a .yaml or .yml file, at most @p depth
 * folders down (links are not followed). */
static int holds_yaml(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int found = 0;

	if (!d)
		return 0;
	while (!found && (de = readdir(d)) != NULL) {
		struct stat st;
		char *p;
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (!(p = join(dir, de->d_name)))
			break;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			found = depth > 0 && holds_yaml(p, depth - 1);
		else
			found = ends_with(p, ".yaml") || ends_with(p, ".yml");
		free(p);
	}
	closedir(d);
	return found;
}

/* An MCP-IO-003 note: folder p, which holds YAML, was passed over. */
static int say_skipped(mcp_diag *diag, const char *p, const char *why)
{
	mcp_loc loc = {p, 0, 0};

	if (!holds_yaml(p, 8))
		return 0;
	return mcp_diag_add(diag, RULE_SKIPPED, MCP_SEV_INFO, &loc, NULL,
	                    "name the folder to check it",
	                    "not checked: %s, and it holds YAML files", why)
	           ? 0
	           : MCP_ENOMEM;
}

static int walk_dir(path_list *l, const char *dir, unsigned flags,
                    mcp_diag *diag)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int rc = 0;

	if (!d) {
		mcp_loc loc = {dir, 0, 0};
		mcp_finding *f =
		    mcp_diag_add(diag, RULE_IO, MCP_SEV_ERROR, &loc, NULL, NULL,
		                 "cannot read: %s", strerror(errno));
		if (f)
			f->fatal = 1;
		return MCP_EIO;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		struct stat st;
		char *p;
		int isdir;
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (!(p = join(dir, de->d_name))) {
			rc = MCP_ENOMEM;
			break;
		}
		isdir = lstat(p, &st) == 0 && S_ISDIR(st.st_mode);
		if (de->d_name[0] == '.' || not_a_spec(de->d_name)) {
			/* a hidden or vendored folder: passed over, said so */
			if (isdir && (flags & MCP_PATHS_SAY_SKIPPED))
				rc = say_skipped(diag, p,
				                 de->d_name[0] == '.'
				                     ? "a hidden folder"
				                     : "a vendored folder");
			free(p);
			continue;
		}
		/* Linked folders are not followed: no cycles, no surprises. */
		if (isdir) {
			rc = walk_dir(l, p, flags, diag);
			free(p);
		} else if (ends_with(p, ".yaml") || ends_with(p, ".yml") ||
		           ends_with(p, ".json")) {
			rc = push_path(l, p);
		} else {
			if ((flags & MCP_PATHS_SAY_SKIPPED) &&
			    S_ISLNK(st.st_mode) && stat(p, &st) == 0 &&
			    S_ISDIR(st.st_mode))
				rc = say_skipped(diag, p,
				                 "a symbolic link to a folder "
				                 "(never followed)");
			free(p);
		}
	}
	closedir(d);
	return rc;
}

int mcp_paths_expand_with(char ***out, size_t *count, const char *path,
                          unsigned flags, mcp_diag *diag)
{
	path_list l = {NULL, 0, 0};
	struct stat st;
	int rc;

	*out = NULL;
	*count = 0;
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 &&
	    S_ISDIR(st.st_mode)) {
		rc = walk_dir(&l, path, flags, diag);
		if (rc == 0 && l.count > 1)
			qsort(l.items, l.count, sizeof(*l.items), cmp_str);
		if (rc == 0 && l.count == 0 && (flags & MCP_PATHS_NONEMPTY)) {
			mcp_loc loc = {path, 0, 0};
			mcp_finding *f = mcp_diag_add(
			    diag, RULE_NOTHING, MCP_SEV_ERROR, &loc, NULL,
			    "name a file, or a folder that holds .yaml, .yml "
			    "or .json files (hidden and vendored folders are "
			    "passed over)",
			    "no spec here: the folder holds no file to check");
			if (!f)
				rc = MCP_ENOMEM;
			else
				f->fatal = 1;
		}
	} else {
		rc = push_path(&l, strdup(path));
	}
	if (rc < 0) {
		mcp_paths_free(l.items, l.count);
		return rc;
	}
	*out = l.items;
	*count = l.count;
	return 0;
}

int mcp_paths_expand(char ***out, size_t *count, const char *path,
                     mcp_diag *diag)
{
	return mcp_paths_expand_with(out, count, path, 0, diag);
}

void mcp_paths_free(char **paths, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(paths[i]);
	free(paths);
}
