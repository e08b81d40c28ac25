/*
 * cmd_lint.c: `mcpc lint [--staged | --rev REV | --since BASE] [-j N]
 * [PATH...]`: every spec of the repository, found by the project's spec
 * globs (default **\/\*.mcp.yaml, less its exclude globs) in the work tree
 * (files git ignores and nested repositories are left out), in the index
 * (the staged changes, every file read as the next commit holds it) or in
 * a commit's tree, and checked as `mcpc check` checks it, by a pool of
 * worker threads; `--files FILE...` lints the files a hook framework hands
 * over and the specs they affect. Paths are reported from the top of the
 * work tree.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "cli/cli.h"
#include "cli/spill.h"
#include "support/file.h"

static const char usage[] =
    "usage: mcpc lint [--staged | --rev REV | --since BASE] [options] "
    "[PATH...]\n"
    "       mcpc lint [--staged] --files FILE...\n"
    "\n"
    "Check every spec of the git repository around the current folder: the\n"
    "files the project's spec globs match (.mcpc.yaml spec.specs; default\n"
    "**/*.mcp.yaml) but its spec.exclude globs do not, that git does not\n"
    "ignore, outside nested repositories. With PATHs, only those below\n"
    "them.\n"
    "\n"
    "options:\n"
    "  --staged                  lint the staged changes, every file read\n"
    "                            from the index (what the next commit holds)\n"
    "  --files FILE...           lint these files, as a hook framework hands\n"
    "                            them over: the specs among them, and the\n"
    "                            specs a dependency manifest, project,\n"
    "                            waivers or rule-pack file among them "
    "affects;\n"
    "                            other files are passed over. From the work\n"
    "                            tree, or with --staged from the index (a\n"
    "                            staged deletion counts as named)\n"
    "  --include-nested          lint the specs of nested git repositories of\n"
    "                            the work tree too (skipped by default)\n"
    "  --rev REV                 lint the tree of commit REV, no checkout\n"
    "  -j N, --jobs N            N worker threads (default: the cores)\n"
    "  --shard I/N               only the I-th of N parts (by xxh3 of the\n"
    "                            path), for a CI matrix; see merge-reports\n"
    "  --no-cache                neither read nor write the cache\n"
    "  --cache-dir DIR           keep the cache in DIR (default: mcpc-cache\n"
    "                            in the git directory; MCPC_CACHE_DIR)\n"
    "  --since BASE              only specs changed since the merge base\n"
    "                            with BASE, and those a changed dependency\n"
    "                            manifest, rule pack, matrix, waivers or\n"
    "                            project file affects\n"
    "  --format FORMAT, --output FILE, --fail-on, --color, -q, -v,\n"
    "  --matrix DIR, --rules DIR, --waivers FILE, --config FILE\n"
    "                            as for mcpc check\n"
    "\n"
    "exit status: 0 clean, 1 findings at or above --fail-on, 2 not a\n"
    "repository, unreadable or malformed input, or bad usage\n";

#define DEFAULT_GLOB "**/*.mcp.yaml"

/* The flags of lint alone that the common parser does not know. */
typedef struct lint_flags {
	int files;  /* --files: the operands are files a framework hands over */
	int nested; /* --include-nested */
	char **argv;
	int argc;
} lint_flags;

/* The common flags that take a value in the next argument. */
static const char *const valued_flags[] = {
    "--format",    "--output",     "--fail-on",        "--color", "--matrix",
    "--rules",     "--waivers",    "--config",         "--rev",   "--since",
    "--cache-dir", "--shard",      "--jobs",           "-j",      "--max-depth",
    "--max-size",  "--max-scalar", "--max-alias-nodes"};

/* Take --files and --include-nested out of argv (before "--", and not as
 * another flag's value) into @p lf, which holds the rest. 0 or
 * MCP_ENOMEM. */
static int take_lint_flags(lint_flags *lf, int argc, char **argv)
{
	int i;
	size_t k;

	memset(lf, 0, sizeof(*lf));
	if (!(lf->argv = calloc((size_t)argc + 1, sizeof(*lf->argv))))
		return MCP_ENOMEM;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (i > 0 && strcmp(a, "--") == 0) {
			while (i < argc)
				lf->argv[lf->argc++] = argv[i++];
			break;
		}
		if (i > 0 && strcmp(a, "--files") == 0) {
			lf->files = 1;
			continue;
		}
		if (i > 0 && strcmp(a, "--include-nested") == 0) {
			lf->nested = 1;
			continue;
		}
		lf->argv[lf->argc++] = argv[i];
		for (k = 0; i > 0 &&
		            k < sizeof(valued_flags) / sizeof(valued_flags[0]);
		     k++)
			if (strcmp(a, valued_flags[k]) == 0 && i + 1 < argc) {
				lf->argv[lf->argc++] = argv[++i];
				break;
			}
	}
	return 0;
}

/* Absolute forms of the paths flags gave, before lint moves to the top of
 * the work tree; they live until lint ends. */
typedef struct abspaths {
	char **v;
	size_t n;
} abspaths;

static const char *absolute(abspaths *a, const char *cwd, const char *p)
{
	char buf[PATH_MAX * 2], **v;

	if (!p || p[0] == '/')
		return p;
	/* a file that exists yet (an output file) is joined to the cwd */
	if (!realpath(p, buf))
		snprintf(buf, sizeof(buf), "%s/%s", cwd, p);
	v = realloc(a->v, (a->n + 1) * sizeof(*v));
	if (!v)
		return p;
	a->v = v;
	if (!(a->v[a->n] = strdup(buf)))
		return p;
	return a->v[a->n++];
}

/* Whether a sorted list of changed paths holds path. */
static int changed(const mcp_repo_files *c, const char *path)
{
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int cmp = strcmp(c->v[mid].path, path);
		if (cmp == 0)
			return 1;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* path made relative to top when it lies below it (else as it is). */
static const char *below_top(const char *path, const char *top)
{
	size_t tl = strlen(top);
	if (strncmp(path, top, tl) == 0 && path[tl] == '/')
		return path + tl + 1;
	return path;
}

/* Whether changed path p is file f or lies in folder f (relative to the
 * top, or absolute below it). */
static int touches(const char *p, const char *f, const char *top)
{
	size_t fl;

	if (!f)
		return 0;
	f = below_top(f, top);
	fl = strlen(f);
	return strncmp(p, f, fl) == 0 && (p[fl] == '\0' || p[fl] == '/');
}

/* Whether a changed file makes every spec's result change: the project
 * file, the waivers file, or a file under a rule-pack or matrix folder,
 * those the flags name and those the project file names (changed paths
 * are relative to the top). Any file named .mcpc.yaml or
 * .mcpc-waivers.yaml, or under rules/, counts too: the run may read one
 * of them. */
static int changes_everything(const mcp_repo_files *c, const cli_opts *o,
                              const cli_checker *k, const char *top)
{
	const char *const *pd = NULL, *const *md = NULL;
	size_t i, j, np = 0, nm = 0;

	if (k->project) {
		np = mcp_project_dirs(k->project, "packs", &pd);
		nm = mcp_project_dirs(k->project, "matrix", &md);
	}
	for (i = 0; i < c->n; i++) {
		const char *p = c->v[i].path, *base = strrchr(p, '/');
		base = base ? base + 1 : p;
		if (strcmp(base, ".mcpc.yaml") == 0 ||
		    strcmp(base, ".mcpc-waivers.yaml") == 0 ||
		    strncmp(p, "rules/", 6) == 0 ||
		    touches(p, k->waivers_path, top) ||
		    (k->project &&
		     touches(p, mcp_project_path(k->project), top)))
			return 1;
		for (j = 0; j < o->nrules_dirs; j++)
			if (touches(p, o->rules_dirs[j], top))
				return 1;
		for (j = 0; j < o->nmatrix_dirs; j++)
			if (touches(p, o->matrix_dirs[j], top))
				return 1;
		for (j = 0; j < np; j++)
			if (touches(p, pd[j], top))
				return 1;
		for (j = 0; j < nm; j++)
			if (touches(p, md[j], top))
				return 1;
	}
	return 0;
}

/* @p path with its "." segments taken out and each ".." taking the
 * segment before it (none left: kept), in place: a dependency named
 * "../user/go.mod" from deploy/a is the changed path user/go.mod. */
static void lexical(char *path)
{
	char *out = path, *s = path;

	while (*s) {
		char *seg = s;
		size_t sl;
		while (*s && *s != '/')
			s++;
		sl = (size_t)(s - seg);
		if (*s)
			s++;
		if (sl == 0 || (sl == 1 && seg[0] == '.'))
			continue;
		if (sl == 2 && seg[0] == '.' && seg[1] == '.' && out > path &&
		    !(out - path == 2 && path[0] == '.' && path[1] == '.') &&
		    !(out - path > 2 && strncmp(out - 3, "/..", 3) == 0)) {
			while (out > path && out[-1] != '/')
				out--;
			if (out > path)
				out--;
			continue;
		}
		if (out > path)
			*out++ = '/';
		memmove(out, seg, sl);
		out += sl;
	}
	*out = '\0';
}

/* Whether a spec names a changed dependency manifest (paths relative to
 * the spec's folder). */
static int changed_dep(const char *dep, void *ctx)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s", dep) >= (int)sizeof(path))
		return 0;
	lexical(path);
	return changed(ctx, path);
}

static int dependency_changed(const mcp_source *src, const char *spec,
                              const mcp_repo_files *c)
{
	return cli_each_dependency(src, spec, changed_dep, (void *)c);
}

/* Whether a changed file (--since) is in the work tree: a regular file,
 * or a link (marked, with its target, to be reported). */
static int on_disk(mcp_repo_file *f)
{
	struct stat st;

	if (lstat(f->path, &st) != 0)
		return 0;
	if (S_ISLNK(st.st_mode) && !f->link) {
		f->link = 1;
		f->target = mcp_file_link_target(f->path);
	}
	return S_ISREG(st.st_mode) || S_ISLNK(st.st_mode);
}

/* ---- what the user named: operands and spec globs ---- */

/* One PATH operand: as given, as a path from the top ("" : the top
 * itself), and how many specs it selects, and how many more it would but
 * for the exclude globs. */
typedef struct operand {
	const char *arg;
	char *rel;
	size_t specs, excluded;
} operand;

/* Whether path is a symbolic link to something other than a folder. */
static int final_file_link(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
		return 0;
	return stat(path, &st) != 0 || !S_ISDIR(st.st_mode);
}

/* @p path (absolute) with "." and ".." taken out, repeated '/' folded,
 * and every link of the part that exists resolved (but a last one that
 * leads to a file: that is linted as a link), into @p out (PATH_MAX):
 * the same file whatever the spelling, even one that does not exist yet
 * (--staged, --rev name paths the work tree may lack). 0, or -1 when too
 * long or unreadable. */
static int canonical(const char *path, char *out)
{
	char cand[PATH_MAX];
	const char *s = path, *seg;
	size_t len = 0;
	int exists = 1;

	out[0] = '\0';
	while (*s) {
		size_t sl;
		while (*s == '/')
			s++;
		seg = s;
		while (*s && *s != '/')
			s++;
		sl = (size_t)(s - seg);
		if (sl == 0 || (sl == 1 && seg[0] == '.'))
			continue;
		if (sl == 2 && seg[0] == '.' && seg[1] == '.') {
			/* out is physical up to here: its parent is lexical */
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
			out[len] = '\0';
			continue;
		}
		if (len + 1 + sl >= PATH_MAX)
			return -1;
		memcpy(cand, out, len);
		cand[len] = '/';
		memcpy(cand + len + 1, seg, sl);
		cand[len + 1 + sl] = '\0';
		if (exists && !*s && final_file_link(cand)) {
			/* a link to a file is named itself: never followed */
			memcpy(out, cand, len + 1 + sl + 1);
			len += 1 + sl;
			continue;
		}
		if (exists && realpath(cand, out)) {
			len = strlen(out);
			if (len == 1) /* "/" */
				len = 0, out[0] = '\0';
			continue;
		}
		exists = 0; /* from here on, lexical */
		memcpy(out, cand, len + 1 + sl + 1);
		len += 1 + sl;
	}
	if (len == 0)
		strcpy(out, "/");
	return 0;
}

/* The operand @p arg as a path from @p top (both physical) into
 * op->rel. 0; 1 when it lies outside the work tree (or in .git);
 * MCP_ENOMEM. */
static int operand_from_top(operand *op, const char *top, const char *cwd,
                            const char *arg)
{
	char full[PATH_MAX * 2], canon[PATH_MAX];
	size_t tl = strlen(top);

	op->arg = arg;
	op->rel = NULL;
	op->specs = op->excluded = 0;
	if ((size_t)snprintf(full, sizeof(full), "%s%s%s",
	                     arg[0] == '/' ? "" : cwd, arg[0] == '/' ? "" : "/",
	                     arg) >= sizeof(full) ||
	    canonical(full, canon) != 0)
		return 1;
	if (strcmp(canon, top) == 0)
		op->rel = strdup("");
	else if (strncmp(canon, top, tl) == 0 && canon[tl] == '/' &&
	         strcmp(canon + tl + 1, ".git") != 0 &&
	         strncmp(canon + tl + 1, ".git/", 5) != 0)
		op->rel = strdup(canon + tl + 1);
	else
		return 1;
	return op->rel ? 0 : MCP_ENOMEM;
}

/* Whether operand op names path (both from the top): the file itself or
 * a folder above it. */
static int names(const operand *op, const char *path)
{
	size_t l;

	if (!op->rel) /* outside: said already */
		return 0;
	l = strlen(op->rel);
	return l == 0 || (strncmp(path, op->rel, l) == 0 &&
	                  (path[l] == '\0' || path[l] == '/'));
}

/* Whether path (from the top) lies under one of the operands; every path
 * when there are none. */
static int selected(const char *path, const operand *ops, size_t n)
{
	size_t i;

	if (!n)
		return 1;
	for (i = 0; i < n; i++)
		if (names(&ops[i], path))
			return 1;
	return 0;
}

/* The spec globs and the exclude globs of the run. */
typedef struct spec_globs {
	const char **v, **x;
	size_t n, nx;
} spec_globs;

/* Whether an exclude glob matches @p path. */
static int excluded(const spec_globs *g, const char *path)
{
	return g->nx && mcp_glob_match_any(g->x, g->nx, path);
}

/* A spec the run could lint, whatever changed: count it for each operand
 * that names it (as excluded when an exclude glob matches it) and each
 * spec glob that matches it (@p matched: one flag a glob). */
static void account(const char *path, operand *ops, size_t nops,
                    const spec_globs *g, unsigned char *matched)
{
	const char *const *globs = g->v;
	size_t j, nglobs = g->n;
	int x = excluded(g, path);

	for (j = 0; j < nops; j++) {
		if (x)
			ops[j].excluded += names(&ops[j], path);
		else
			ops[j].specs += names(&ops[j], path);
	}
	for (j = 0; j < nglobs; j++)
		if (!matched[j] && mcp_glob_match(globs[j], path))
			matched[j] = 1;
}

/*
 * --staged without operands, when only the staged specs need linting
 * (no project, waivers, rule-pack or other file a spec may read changed):
 * every spec the index holds is accounted for (which globs match) and
 * hashed into the run's identity as the index is read, as the full
 * listing would be, but only the changed ones are listed.
 */
typedef struct staged_visit {
	const mcp_repo_files *diffs;
	const spec_globs *g;
	unsigned char *matched;
	cli_run_hash *id; /* NULL: the run has no identity to hash */
} staged_visit;

static int staged_keep(void *ctx, const char *path)
{
	const staged_visit *v = ctx;
	return changed(v->diffs, path);
}

static void staged_each(void *ctx, const char *path)
{
	staged_visit *v = ctx;

	account(path, NULL, 0, v->g, v->matched);
	if (v->id)
		cli_run_hash_path(v->id, path);
}

/* A fatal MCP-IO-004 about what the user named; 0 or MCP_ENOMEM. */
static int named_nothing(mcp_diag *d, const char *arg, const char *hint,
                         const char *why)
{
	mcp_loc loc = {arg, 0, 0};
	mcp_finding *f = mcp_diag_add(d, "MCP-IO-004", MCP_SEV_ERROR, &loc,
	                              NULL, hint, "%s", why);
	if (!f)
		return MCP_ENOMEM;
	f->fatal = 1;
	return 0;
}

/* A spec glob of the project file that matches no file (a warning at its
 * line): a typo there silently shrinks what every run checks. */
static int glob_matched_nothing(mcp_diag *d, const cli_checker *k, size_t i,
                                const char *glob)
{
	char ptr[64], hint[PATH_MAX];
	struct stat st;
	mcp_loc loc = {NULL, 0, 0};

	if (!k->project) {
		loc.file = ".";
		return mcp_diag_add(d, "MCP-GIT-003", MCP_SEV_WARNING, &loc,
		                    NULL,
		                    "name the specs' files *.mcp.yaml, or list "
		                    "their globs in .mcpc.yaml spec.specs",
		                    "no spec found: the default glob %s "
		                    "matches no file of the repository",
		                    glob)
		           ? 0
		           : MCP_ENOMEM;
	}
	snprintf(ptr, sizeof(ptr), "/spec/specs/%zu", i);
	mcp_project_place(k->project, ptr, &loc);
	if (!strpbrk(glob, "*?") && lstat(glob, &st) == 0 &&
	    S_ISDIR(st.st_mode))
		snprintf(hint, sizeof(hint),
		         "'%s' is a folder: write '%s/**/*.mcp.yaml'", glob,
		         glob);
	else
		snprintf(hint, sizeof(hint),
		         "globs are paths from the repository's top; check the "
		         "spelling, or remove the entry");
	return mcp_diag_add(
	           d, "MCP-GIT-003", MCP_SEV_WARNING, &loc, "/spec/specs", hint,
	           "spec glob '%s' matches no file of the repository", glob)
	           ? 0
	           : MCP_ENOMEM;
}

/* The cache for this run into *store (NULL: none). A folder the user
 * named that mcpc may not trust ends the run before it lints (MCP_EIO,
 * said on standard error); the default one is passed over with a note.
 * 0, MCP_EIO or MCP_ENOMEM. */
static int open_cache(const cli_opts *o, const cli_checker *k,
                      const mcp_repo *repo, cli_cache_store **store)
{
	char dir[PATH_MAX];
	const char *why = "a path too long";
	unsigned long long fp;
	int named = 0, fd = -1;

	*store = NULL;
	if (!(fp = cli_cache_fingerprint(o, k)))
		return 0; /* nothing to key it with: no cache */
	if (cli_cache_locate(o, repo, dir, sizeof(dir), &named) == 0)
		fd = cli_cache_dir_open(dir, repo, 1, &why);
	if (fd < 0) {
		if (named) {
			cli_error(
			    "lint: the cache folder %s is %s: name "
			    "another with --cache-dir, or give --no-cache",
			    dir, why);
			return MCP_EIO;
		}
		if (!o->render.quiet)
			fprintf(stderr,
			        "mcpc: lint: not using the cache (%s is %s)\n",
			        dir, why);
		return 0;
	}
	return cli_cache_store_open(store, fp, fd);
}

/* Whether a report of the run names it: JSON and SARIF, which
 * merge-reports reads (the id costs a pass over the repository). */
static int names_run(const cli_opts *o)
{
	size_t i;

	if (!o->noutputs)
		return o->renderer == &mcp_render_json ||
		       o->renderer == &mcp_render_sarif;
	for (i = 0; i < o->noutputs; i++)
		if (o->outputs[i].renderer == &mcp_render_json ||
		    o->outputs[i].renderer == &mcp_render_sarif)
			return 1;
	return 0;
}

/* The run's identity (for merge-reports) into @p out: 1, or 0 when it
 * cannot be had. The operands count as the paths from the top they
 * name, whatever their spelling. */
static int run_identity(const cli_opts *o, const cli_checker *k, mcp_repo *repo,
                        cli_run_hash *early, const char *const *globs,
                        size_t nglobs, const mcp_repo_files *from,
                        const operand *ops, char out[CLI_RUN_ID_SIZE])
{
	char **rels = calloc(o->nargs + 1, sizeof(*rels));
	cli_run_hash *h = early;
	size_t i;
	int ok;

	if (!rels)
		return 0;
	for (i = 0; i < o->nargs; i++)
		rels[i] = ops[i].rel ? ops[i].rel : "";
	if (!h)
		h = cli_run_identity_begin(o, repo, globs, nglobs);
	ok = h && cli_run_identity_end(h, o, k, from, rels, o->nargs, out) == 0;
	if (h != early)
		cli_run_hash_free(h);
	free(rels);
	return ok;
}

/* ---- where the time goes ---- */

/*
 * MCPC_TIMES set (not empty): each step of the run, its milliseconds and
 * the memory resident after it, on standard error, for measuring what a
 * run pays before and after it lints (docs/architecture.md, "Start-up").
 * The report does not change.
 */
typedef struct lint_clock {
	int on;
	struct timespec start, last;
} lint_clock;

static double ms_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

static void clock_start(lint_clock *c)
{
	const char *env = getenv("MCPC_TIMES");

	c->on = env && *env;
	clock_gettime(CLOCK_MONOTONIC, &c->start);
	c->last = c->start;
}

/* The process's resident memory in KiB (Linux), or 0. */
static long resident_kib(void)
{
	long pages = 0, resident = 0;
	FILE *fp = fopen("/proc/self/statm", "r");

	if (fp) {
		if (fscanf(fp, "%ld %ld", &pages, &resident) != 2)
			resident = 0;
		fclose(fp);
	}
	return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* The step that just ended, and the memory resident after it. */
static void clock_step(lint_clock *c, const char *what)
{
	struct timespec now;

	if (!c->on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	fprintf(stderr,
	        "mcpc: lint: time: %-16s %8.3f ms (at %8.3f ms, %ld KiB "
	        "resident)\n",
	        what, ms_between(&c->last, &now), ms_between(&c->start, &now),
	        resident_kib());
	c->last = now;
}

/* ---- the workers ---- */

/* One spec to lint, and what came of it. */
typedef struct lint_job {
	const mcp_repo_file *f;
	mcp_diag *d;    /* its findings; NULL until done, and once spilled */
	int unaffected; /* unchanged, and nothing it reads changed: not
	                   checked, nor counted as checked */
	int done;       /* lint_one returned (atomic) */
} lint_job;

/* What every worker shares: read-only but for the next job's index and
 * the first trouble. */
typedef struct lint_run {
	const cli_opts *o;
	const cli_checker *k;
	const mcp_repo_files *diffs; /* --since: what changed */
	int all;                     /* lint unchanged specs too */
	cli_cache_store *store;      /* the cache; NULL: off */
	int quote;                   /* keep source text for the report */
	lint_job *jobs;
	size_t njobs;
	size_t next;                     /* the next job to take (atomic) */
	size_t done;                     /* jobs done (atomic) */
	int rc;                          /* the first MCP_ENOMEM (atomic) */
	cli_progress progress;           /* on a terminal */
	const struct lint_worker *first; /* the worker that shows it */
	/* the jobs' findings leave memory in the jobs' order, as soon as
	 * every job before is done: the next to go, under spill_lock */
	cli_spill *spill;
	mcp_diag *d; /* the run's list: the credentials they remember */
	const char *top;
	size_t spilled;
	pthread_mutex_t spill_lock;
} lint_run;

/* One worker: its own counters of what the waivers file waived, its cache
 * handle and buffers. */
typedef struct lint_worker {
	lint_run *run;
	cli_local local;
	size_t *before, nhits;
	cli_cache *cache;
	mcp_buf bytes;
	pthread_t thread;
} lint_worker;

/* --since, --staged: an unchanged spec is linted all the same when a
 * dependency manifest of its changed. Returns 1 and the spec loaded into
 * *src (its name and the loader's findings in j->d) when so; 0, with j->d
 * empty, when not (or on trouble, in *rc). */
static int affected(const lint_run *r, lint_job *j, const mcp_buf *data,
                    mcp_source **src, int *rc)
{
	*src = NULL;
	if (mcp_source_load_buffer(src, j->f->path, data->ptr ? data->ptr : "",
	                           data->len, &r->o->load, j->d) == 0 &&
	    dependency_changed(*src, j->f->path, r->diffs))
		return 1;
	mcp_source_free(*src);
	*src = NULL;
	mcp_diag_free(j->d); /* what the loader said is not reported */
	j->d = NULL;
	*rc = mcp_diag_new(&j->d);
	return 0;
}

/* A cache hit for a spec loaded already (by affected): its findings
 * replace the loader's. Returns 1 on a hit, 0 on a miss, or an error. */
static int cache_get_loaded(lint_worker *w, lint_job *j, const mcp_buf *data,
                            mcp_source **src)
{
	mcp_diag *hit = NULL;
	int rc;

	if ((rc = mcp_diag_new(&hit)) != 0)
		return rc;
	rc = cli_cache_get(w->cache, j->f->path, data->ptr ? data->ptr : "",
	                   data->len, w->local.hits, w->nhits, hit);
	if (rc <= 0) {
		mcp_diag_free(hit);
		return rc;
	}
	mcp_source_free(*src); /* its name lives in j->d */
	*src = NULL;
	mcp_diag_free(j->d);
	j->d = hit;
	return 1;
}

/* Lint one spec into its own list of findings. */
static int lint_one(lint_worker *w, lint_job *j)
{
	const lint_run *r = w->run;
	const cli_opts *o = r->o;
	const mcp_repo_file *f = j->f;
	const mcp_buf *data;
	mcp_source *src = NULL;
	size_t i;
	int rc;

	if ((rc = mcp_diag_new(&j->d)) != 0)
		return rc;
	if (f->link) {
		/* never followed (it may lead out of the repository), and
		 * never passed: the spec it stands for is not checked */
		mcp_loc loc = {f->path, 1, 1};
		return mcp_diag_add(
		           j->d, "MCP-GIT-002", MCP_SEV_ERROR, &loc, NULL,
		           "replace the link with the file, or lint the file "
		           "where it lives (a path the spec globs match)",
		           "a symbolic link to '%s' where a spec is expected: "
		           "mcpc never follows links, so nothing here was "
		           "checked",
		           f->target ? f->target : "?")
		           ? 0
		           : MCP_ENOMEM;
	}
	/* the bytes: the file, or (--staged, --rev) the blob, through
	 * mcp_repo_read */
	mcp_buf_clear(&w->bytes);
	if (mcp_file_read(&w->bytes, f->path, o->load.max_size) != 0) {
		/* unreadable or too large: the loader says why */
		rc = mcp_source_load_file(&src, f->path, &o->load, j->d);
		mcp_source_free(src);
		return rc == MCP_ENOMEM ? rc : 0;
	}
	data = &w->bytes;
	if (!r->all && !changed(r->diffs, f->path) &&
	    !affected(r, j, data, &src, &rc)) {
		j->unaffected = 1;
		return rc; /* unchanged, and nothing it reads changed */
	}
	if (w->cache) {
		rc = src ? cache_get_loaded(w, j, data, &src)
		         : cli_cache_get(w->cache, f->path,
		                         data->ptr ? data->ptr : "", data->len,
		                         w->local.hits, w->nhits, j->d);
		if (rc != 0) {
			mcp_source_free(src);
			return rc > 0 ? 0 : rc; /* a hit: the findings are in */
		}
	}
	if (w->nhits)
		memcpy(w->before, w->local.hits,
		       w->nhits * sizeof(*w->local.hits));
	if (!src) /* else loaded already, to see what it depends on */
		rc = mcp_source_load_buffer(&src, f->path,
		                            data->ptr ? data->ptr : "",
		                            data->len, &o->load, j->d);
	if (rc == MCP_EPARSE || rc == MCP_EIO || rc == MCP_ELIMIT)
		rc = 0; /* the findings say it; on to the next */
	for (i = 0; rc == 0 && src && i < mcp_source_doc_count(src); i++)
		rc = cli_check_spec(r->k, &w->local, src, i, j->d);
	mcp_diag_redact(j->d); /* not even the cache keeps a credential */
	if (rc == 0 && w->cache) {
		for (i = 0; i < w->nhits; i++)
			w->before[i] = w->local.hits[i] - w->before[i];
		cli_cache_put(w->cache, f->path, data->ptr ? data->ptr : "",
		              data->len, src, j->d, 0, w->before, w->nhits);
	}
	mcp_source_free(src);
	return rc;
}

/* Spill the findings of the jobs done, in the jobs' order, up to the
 * first one not done yet; paths from the top of the work tree, as the
 * report names them. Called with spill_lock held. */
static int spill_done(lint_run *r)
{
	int rc = 0;

	while (rc == 0 && r->spilled < r->njobs &&
	       __atomic_load_n(&r->jobs[r->spilled].done, __ATOMIC_ACQUIRE)) {
		lint_job *j = &r->jobs[r->spilled];
		if (j->d && (rc = mcp_diag_relative(j->d, r->top)) == 0)
			rc = cli_spill_add(r->spill, j->d, j->f->path, r->d);
		mcp_diag_free(j->d);
		j->d = NULL;
		r->spilled++;
	}
	return rc;
}

/* Take jobs until none is left (or something ran out of memory). */
static void *work(void *arg)
{
	lint_worker *w = arg;
	lint_run *r = w->run;

	for (;;) {
		size_t i = __atomic_fetch_add(&r->next, 1, __ATOMIC_RELAXED);
		int rc;
		if (i >= r->njobs || __atomic_load_n(&r->rc, __ATOMIC_RELAXED))
			break;
		rc = lint_one(w, &r->jobs[i]);
		__atomic_store_n(&r->jobs[i].done, 1, __ATOMIC_RELEASE);
		/* a worker that finds another spilling goes on linting */
		if (rc == 0 && pthread_mutex_trylock(&r->spill_lock) == 0) {
			rc = spill_done(r);
			pthread_mutex_unlock(&r->spill_lock);
		}
		if (rc != 0)
			__atomic_store_n(&r->rc, rc, __ATOMIC_RELAXED);
		__atomic_fetch_add(&r->done, 1, __ATOMIC_RELAXED);
		if (w == r->first) /* the calling thread speaks */
			cli_progress_show(
			    &r->progress,
			    __atomic_load_n(&r->done, __ATOMIC_RELAXED));
	}
	return NULL;
}

static int worker_init(lint_worker *w, lint_run *r)
{
	memset(w, 0, sizeof(*w));
	w->run = r;
	mcp_buf_init(&w->bytes);
	w->nhits = mcp_waivers_count(r->k->waivers);
	if (cli_local_init(&w->local, r->k) < 0 ||
	    (w->nhits && !(w->before = calloc(w->nhits, sizeof(*w->before)))))
		return MCP_ENOMEM;
	/* no dependency manifest outside the repository is read */
	mcp_manifest_memo_confine(w->local.memo);
	if (r->store)
		return cli_cache_open(&w->cache, r->store, r->quote);
	return 0;
}

static void worker_free(lint_worker *w)
{
	cli_local_free(&w->local);
	free(w->before);
	cli_cache_close(w->cache);
	mcp_buf_free(&w->bytes);
}

/* The built-in schemas, compiled on a thread of their own while the
 * repository is opened. */
typedef struct early_schema {
	pthread_t thread;
	int started;
	mcp_schema *schema;
	mcp_diag *d;
	double ms; /* how long compiling took, on its thread */
} early_schema;

static void *compile_schema(void *arg)
{
	early_schema *e = arg;
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	if (mcp_diag_new(&e->d) == 0)
		mcp_schema_builtin(&e->schema, NULL, e->d);
	clock_gettime(CLOCK_MONOTONIC, &b);
	e->ms = ms_between(&a, &b);
	return NULL;
}

/* Wait for the schemas; their findings (only trouble) go to d. */
static mcp_schema *schema_ready(early_schema *e, mcp_diag *d)
{
	if (e->started)
		pthread_join(e->thread, NULL);
	e->started = 0;
	if (e->d && mcp_diag_count(e->d) && mcp_diag_append(d, e->d, 1) < 0) {
		mcp_schema_free(e->schema);
		e->schema = NULL;
	}
	mcp_diag_free(e->d);
	e->d = NULL;
	return e->schema; /* NULL: compile them again, and say why */
}

/* The number of cores, at most CLI_MAX_JOBS. */
static unsigned cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > CLI_MAX_JOBS ? CLI_MAX_JOBS : (unsigned)n;
}

/* Lint every job with n workers (the calling thread is one of them),
 * spilling the findings in the jobs' order, whatever order they finished
 * in, and add up what the waivers file waived. */
static int run_jobs(lint_run *r, unsigned n, size_t *hits)
{
	lint_worker *w;
	unsigned i, started = 1;
	size_t j, k;
	int rc = 0;

	if (n > r->njobs)
		n = r->njobs ? (unsigned)r->njobs : 1;
	if (!(w = calloc(n, sizeof(*w))))
		return MCP_ENOMEM;
	for (i = 0; i < n && rc == 0; i++)
		rc = worker_init(&w[i], r);
	if (rc == 0) {
		for (; started < n; started++)
			if (pthread_create(&w[started].thread, NULL, work,
			                   &w[started]) != 0)
				break; /* fewer workers: still correct */
		r->first = &w[0];
		work(&w[0]);
		for (i = 1; i < started; i++)
			pthread_join(w[i].thread, NULL);
		cli_progress_end(&r->progress);
		rc = r->rc;
	}
	if (rc == 0) /* what is left: every job is done */
		rc = spill_done(r);
	for (j = 0; j < r->njobs; j++) {
		mcp_diag_free(r->jobs[j].d);
		r->jobs[j].d = NULL;
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < w[i].nhits && hits; k++)
			hits[k] += w[i].local.hits[k];
		worker_free(&w[i]);
	}
	free(w);
	return rc;
}

/* ---- --files, exclusions, nested repositories ---- */

/* Add @p path to a list of changed paths. 0 or MCP_ENOMEM. */
static int files_add(mcp_repo_files *f, const char *path)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		mcp_repo_file *v = realloc(f->v, cap * sizeof(*v));
		if (!v)
			return MCP_ENOMEM;
		f->v = v;
		f->cap = cap;
	}
	memset(&f->v[f->n], 0, sizeof(f->v[f->n]));
	if (!(f->v[f->n].path = strdup(path)))
		return MCP_ENOMEM;
	f->n++;
	return 0;
}

/*
 * --files: the named files, as paths from the top, into *out (sorted),
 * the run's changed paths. Each must be a file that is there: on disk,
 * or with --staged in the index; else a fatal MCP-IO-004 at the operand.
 * An operand found wanting is said once: its rel is cleared.
 * With --staged, the paths the staged changes delete count as named too:
 * no framework can hand over a file that is gone, yet a spec may name it.
 * 0, MCP_EIO (a finding says why) or MCP_ENOMEM.
 */
static int named_files(mcp_repo *repo, const cli_opts *o, operand *ops,
                       mcp_repo_files *out, mcp_diag *d)
{
	mcp_repo_files staged;
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < o->nargs; i++) {
		const char *rel = ops[i].rel;
		struct stat st;
		int disk, held;
		if (!rel)
			continue; /* outside the work tree: said already */
		disk = *rel && lstat(rel, &st) == 0;
		held = *rel && mcp_repo_tracks(repo, rel);
		if (!*rel || (disk && S_ISDIR(st.st_mode)))
			rc = named_nothing(
			    d, ops[i].arg,
			    "--files takes the files a hook framework hands "
			    "over; 'mcpc lint PATH' lints a folder's specs",
			    "a folder, not a file");
		else if (o->staged && !held)
			rc = named_nothing(
			    d, ops[i].arg,
			    "stage it (git add), or name a file the index "
			    "holds",
			    "not in the index: the next commit does not hold "
			    "it");
		else if (!o->staged && !disk)
			rc = named_nothing(d, ops[i].arg,
			                   "name a file of the work tree",
			                   "no such file in the work tree");
		else {
			rc = files_add(out, rel);
			continue;
		}
		free(ops[i].rel);
		ops[i].rel = NULL; /* said: nothing more about it */
	}
	if (rc == 0 && o->staged &&
	    (rc = mcp_repo_changed(repo, &staged, NULL, d)) == 0) {
		for (i = 0; rc == 0 && i < staged.n; i++)
			if (!mcp_repo_tracks(repo, staged.v[i].path))
				rc = files_add(out, staged.v[i].path);
		mcp_repo_files_free(&staged);
	}
	mcp_repo_files_sort_unique(out); /* changed() searches it */
	return rc;
}

/* The nested repository or submodule that @p rel (from the top) lies in
 * or is, of those the listing @p f passed over; NULL when none. */
static const char *inside_nested(const mcp_repo_files *f, const char *rel)
{
	size_t i, l;

	for (i = 0; rel && i < f->nnested; i++) {
		l = strlen(f->nested[i]);
		if (strncmp(rel, f->nested[i], l) == 0 &&
		    (rel[l] == '\0' || rel[l] == '/'))
			return f->nested[i];
	}
	return NULL;
}

/* An operand in a nested repository the run passed over: a fatal
 * MCP-IO-004 (what it names was not checked). 0 or MCP_ENOMEM. */
static int named_nested(mcp_diag *d, const operand *op, const char *nested)
{
	char why[PATH_MAX + 96], hint[PATH_MAX + 160];

	snprintf(why, sizeof(why),
	         "in the nested git repository %s, which lint passes over",
	         nested);
	snprintf(hint, sizeof(hint),
	         "its files are another repository's: lint it there (cd %s "
	         "&& mcpc lint), or give --include-nested to lint it from "
	         "the work tree",
	         nested);
	return named_nothing(d, op->arg, hint, why);
}

/*
 * --files, once the specs are listed: a named file the spec globs match
 * (and no exclude glob) that the listing lacks is one git ignores (an
 * untracked file under .gitignore): it would not be checked, so it is a
 * fatal MCP-IO-004. 0 or MCP_ENOMEM.
 */
static int named_unlisted(mcp_diag *d, const operand *ops, size_t nops,
                          const spec_globs *g, const mcp_repo_files *files)
{
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < nops; i++) {
		const char *rel = ops[i].rel;
		if (!rel || !*rel || inside_nested(files, rel) ||
		    !mcp_glob_match_any(g->v, g->n, rel) || excluded(g, rel) ||
		    changed(files, rel))
			continue;
		rc = named_nothing(d, ops[i].arg,
		                   "git ignores it (.gitignore): add it with "
		                   "git add, or 'mcpc check FILE' checks it",
		                   "a spec lint does not read: git ignores it");
	}
	return rc;
}

/* What the run passed over, for the report: "excluded N by
 * spec.exclude", "skipped K nested repositories (a, b, ...)", into @p
 * note (empty: nothing). */
static void passed_over(mcp_buf *note, size_t nexcluded,
                        const mcp_repo_files *files)
{
	size_t i;

	if (nexcluded)
		mcp_buf_printf(note, "excluded %zu by spec.exclude", nexcluded);
	if (!files->nnested)
		return;
	mcp_buf_printf(note, "%sskipped %zu nested repositor%s (",
	               nexcluded ? "; " : "", files->nnested,
	               files->nnested == 1 ? "y" : "ies");
	for (i = 0; i < files->nnested && i < 3; i++)
		mcp_buf_printf(note, "%s%s", i ? ", " : "", files->nested[i]);
	mcp_buf_printf(note, "%s; --include-nested lints %s)",
	               files->nnested > 3 ? ", ..." : "",
	               files->nnested == 1 ? "it" : "them");
}

int cmd_lint(int argc, char **argv)
{
	cli_opts o;
	lint_flags lf;
	mcp_diag *d = NULL;
	cli_checker *k = NULL;
	mcp_repo_files files, diffs;
	abspaths abs = {NULL, 0};
	lint_run run;
	lint_job *jobs = NULL;
	mcp_repo *repo = NULL;
	const mcp_repo_files *from;
	early_schema early;
	mcp_schema *schema;
	mcp_diag *changed_d = NULL; /* what finding out what changed said */
	int changed_rc = 0;
	lint_clock clock;
	int deps = 0, cache_refused = 0;
	char cwd[PATH_MAX], rtop[PATH_MAX], *top = NULL;
	operand *ops = NULL;
	unsigned char *matched = NULL;
	char run_id[CLI_RUN_ID_SIZE];
	cli_run_hash *run_hash = NULL; /* its first part, when hashed early */
	/* whether the listing hashed the identity's paths, or it has none */
	enum { ID_LATER, ID_LISTED, ID_NONE } id_state = ID_LATER;
	int staged_only = 0; /* only the staged specs are listed */
	spec_globs g = {NULL, NULL, 0, 0};
	json_t *specs, *excludes;
	mcp_buf note;
	size_t i, nexcluded = 0;
	int status, rc;

	clock_start(&clock);
	memset(&files, 0, sizeof(files));
	memset(&diffs, 0, sizeof(diffs));
	memset(&run, 0, sizeof(run));
	memset(&early, 0, sizeof(early));
	mcp_buf_init(&note);
	run.all = 1;
	if (take_lint_flags(&lf, argc, argv) != 0) {
		cli_error("lint: out of memory");
		return EXIT_TROUBLE;
	}
	if ((status = cli_parse(&o, lf.argc, lf.argv,
	                        CLI_MATRIX | CLI_RULES | CLI_WAIVERS |
	                            CLI_CONFIG | CLI_LINT)) != 0) {
		cli_opts_free(&o);
		free(lf.argv);
		return status;
	}
	if (o.help) {
		fputs(usage, stdout);
		cli_opts_free(&o);
		free(lf.argv);
		return EXIT_CLEAN;
	}
	if (!!o.staged + !!o.rev + !!o.since > 1 ||
	    (lf.files && (o.rev || o.since)) ||
	    (lf.nested && (o.staged || o.rev || o.since))) {
		cli_error(lf.nested && (o.staged || o.rev || o.since)
		              ? "lint: --include-nested reads the work tree: "
		                "not with --staged, --rev or --since (a "
		                "submodule's files are in its own repository)"
		          : lf.files && (o.rev || o.since)
		              ? "lint: --files reads the work tree or, with "
		                "--staged, the index: not with --rev or --since"
		              : "lint: --staged, --rev and --since go alone; "
		                "give one of them");
		cli_opts_free(&o);
		free(lf.argv);
		return EXIT_TROUBLE;
	}
	if (mcp_diag_new(&d) < 0 || !getcwd(cwd, sizeof(cwd))) {
		cli_error("lint: out of memory");
		mcp_diag_free(d);
		cli_opts_free(&o);
		free(lf.argv);
		return EXIT_TROUBLE;
	}
	/* flags' paths, absolute, before moving to the top */
	o.config = absolute(&abs, cwd, o.config);
	o.waivers = absolute(&abs, cwd, o.waivers);
	for (i = 0; i < o.nrules_dirs; i++)
		o.rules_dirs[i] = absolute(&abs, cwd, o.rules_dirs[i]);
	for (i = 0; i < o.nmatrix_dirs; i++)
		o.matrix_dirs[i] = absolute(&abs, cwd, o.matrix_dirs[i]);
	for (i = 0; i < o.noutputs; i++)
		o.outputs[i].path = absolute(&abs, cwd, o.outputs[i].path);
	o.cache_dir = absolute(&abs, cwd, cli_cache_named(&o));
	/* the repository's top; everything runs from there (the schemas
	 * compile meanwhile) */
	clock_step(&clock, "options");
	early.started =
	    pthread_create(&early.thread, NULL, compile_schema, &early) == 0;
	rc = mcp_repo_open(&repo, cwd, d);
	if (rc == 0 && !(top = strdup(mcp_repo_workdir(repo))))
		rc = MCP_ENOMEM;
	if (rc == 0 && chdir(top) != 0)
		rc = MCP_EIO;
	if (rc == 0)
		mcp_repo_set_nested(repo, lf.nested);
	/* --staged, --rev: every file of the work tree as the index or the
	 * commit holds it (dependency manifests, the project and waivers
	 * files, rule packs) */
	if (rc == 0 && o.rev)
		rc = mcp_repo_use_commit(repo, o.rev, d);
	if (rc == 0 && (o.staged || o.rev))
		mcp_file_set_source(mcp_repo_read, repo);
	clock_step(&clock, "repository");
	/* --since BASE and --staged: what changed, while the schemas still
	 * compile (it needs nothing of the checker); its findings join the
	 * run's where they always stood, below */
	if (rc == 0 && !lf.files && (o.since || o.staged)) {
		if ((changed_rc = mcp_diag_new(&changed_d)) == 0)
			changed_rc =
			    mcp_repo_changed(repo, &diffs, o.since, changed_d);
	}
	clock_step(&clock, "changes");
	/* --staged, --rev: the first part of the run's identity (mcpc, the
	 * index or the commit read) needs neither the project nor the
	 * checker: hashed while the schemas compile */
	if (rc == 0 && (o.staged || o.rev) && names_run(&o)) {
		run_hash = cli_run_identity_begin(&o, repo, NULL, 0);
		clock_step(&clock, "run identity 1");
	}
	schema = schema_ready(&early, d);
	clock_step(&clock, "schemas (wait)");
	if (clock.on)
		fprintf(stderr,
		        "mcpc: lint: time: %-16s %8.3f ms (their thread)\n",
		        "schemas", early.ms);
	if (rc == 0)
		rc = cli_checker_prepare_with(&o, schema, d, (void **)&k);
	else
		mcp_schema_free(schema);
	clock_step(&clock, "checker");
	if (rc == 0) {
		specs =
		    k->project
		        ? json_object_get(mcp_project_spec(k->project), "specs")
		        : NULL;
		excludes = k->project
		               ? json_object_get(mcp_project_spec(k->project),
		                                 "exclude")
		               : NULL;
		g.n = json_array_size(specs) ? json_array_size(specs) : 1;
		g.nx = json_array_size(excludes);
		g.v = calloc(g.n, sizeof(*g.v));
		g.x = calloc(g.nx + 1, sizeof(*g.x));
		if (!g.v || !g.x)
			rc = MCP_ENOMEM;
		for (i = 0; rc == 0 && i < g.n; i++)
			g.v[i] =
			    json_array_size(specs)
			        ? json_string_value(json_array_get(specs, i))
			        : DEFAULT_GLOB;
		for (i = 0; rc == 0 && i < g.nx; i++)
			g.x[i] = json_string_value(json_array_get(excludes, i));
		/* operands, from the top (both sides physical paths) */
		if (rc == 0 && !realpath(top, rtop))
			rc = MCP_EIO;
		if (rc == 0 && !(ops = calloc(o.nargs + 1, sizeof(*ops))))
			rc = MCP_ENOMEM;
		for (i = 0; rc == 0 && i < o.nargs; i++) {
			int r = operand_from_top(&ops[i], rtop, cwd, o.args[i]);
			if (r == 1)
				rc = named_nothing(
				    d, o.args[i],
				    "lint checks the repository around the "
				    "current folder; 'mcpc check PATH' checks "
				    "files anywhere",
				    "outside the repository's work tree");
			else
				rc = r;
		}
		if (rc == 0 && !(matched = calloc(g.n, 1)))
			rc = MCP_ENOMEM;
	}
	if (rc == 0 && !o.no_cache)
		cache_refused =
		    (rc = open_cache(&o, k, repo, &run.store)) == MCP_EIO;
	clock_step(&clock, "operands, cache");
	/* --since BASE and --staged: what changed (since the merge base with
	 * BASE; in the index since HEAD); --files: what the operands name.
	 * Then whether any of it may be a dependency manifest (a path no
	 * spec glob matches) */
	if (rc == 0 && (o.since || o.staged || lf.files)) {
		if (lf.files)
			rc = named_files(repo, &o, ops, &diffs, d);
		else if ((rc = changed_rc) == 0 || rc == MCP_EIO)
			rc = mcp_diag_append(d, changed_d, 0) < 0 ? MCP_ENOMEM
			                                          : rc;
		if (rc == 0)
			run.all = changes_everything(&diffs, &o, k, top);
		for (i = 0; rc == 0 && i < diffs.n && !deps; i++)
			deps = !mcp_glob_match_any(g.v, g.n, diffs.v[i].path);
	}
	/* the specs: every spec there is in the work tree, the index or the
	 * commit. --since lists the work tree only when more than the
	 * changed specs can need linting; else the index (cheap) stands for
	 * it, with the changed files, so that what the operands and the
	 * globs name is counted the same in every mode. */
	staged_only =
	    rc == 0 && o.staged && !lf.files && !o.nargs && !run.all && !deps;
	if (staged_only) {
		staged_visit sv = {&diffs, &g, matched, NULL};
		mcp_repo_visit visit = {staged_keep, staged_each, &sv};
		if (names_run(&o)) {
			/* the identity's listed paths come as they are read */
			if (!run_hash)
				run_hash =
				    cli_run_identity_begin(&o, repo, NULL, 0);
			if (run_hash && cli_run_identity_held(run_hash, &o, k,
			                                      NULL, 0) == 0)
				sv.id = run_hash;
			id_state = sv.id ? ID_LISTED : ID_NONE;
		}
		rc = mcp_repo_list_index(repo, &files, g.v, g.n, &visit);
	} else if (rc == 0)
		rc = mcp_repo_list(repo, &files,
		                   o.staged ? MCP_REPO_INDEX
		                   : o.rev  ? MCP_REPO_COMMIT
		                   : !o.since || run.all || deps
		                       ? MCP_REPO_WORKTREE
		                       : MCP_REPO_INDEX,
		                   o.rev, g.v, g.n, d);
	/* what the operands name in a nested repository the listing passed
	 * over was not checked */
	for (i = 0; rc == 0 && i < o.nargs; i++)
		if (inside_nested(&files, ops[i].rel)) {
			rc = named_nested(d, &ops[i],
			                  inside_nested(&files, ops[i].rel));
			free(ops[i].rel);
			ops[i].rel = NULL; /* said */
		}
	if (rc == 0 && lf.files)
		rc = named_unlisted(d, ops, o.nargs, &g, &files);
	if (rc == 0) {
		for (i = 0; !staged_only && i < files.n; i++)
			account(files.v[i].path, ops, lf.files ? 0 : o.nargs,
			        &g, matched);
		/* --since: new specs the index does not hold yet count too */
		for (i = 0; o.since && !run.all && !deps && i < diffs.n; i++)
			if (on_disk(&diffs.v[i]))
				account(diffs.v[i].path, ops, o.nargs, &g,
				        matched);
		for (i = 0; rc == 0 && !lf.files && i < o.nargs; i++)
			if (ops[i].rel && ops[i].specs == 0 &&
			    ops[i].excluded > 0)
				rc = named_nothing(
				    d, o.args[i],
				    "remove the entry of spec.exclude that "
				    "matches them, or 'mcpc check FILE' checks "
				    "a file anyway",
				    "every spec here is excluded: the project "
				    "file's spec.exclude globs match them");
			else if (ops[i].rel && ops[i].specs == 0)
				rc = named_nothing(
				    d, o.args[i],
				    "name a spec or a folder that holds specs "
				    "(files the spec globs match); 'mcpc check "
				    "FILE' checks any file",
				    "no spec here: nothing at this path "
				    "matches "
				    "the spec globs");
		for (i = 0; rc == 0 && i < g.n; i++)
			if (!matched[i])
				rc = glob_matched_nothing(d, k, i, g.v[i]);
	}
	clock_step(&clock, "list");
	from = !o.since || run.all || deps ? &files : &diffs;
	if (rc == 0 && from->n && !(jobs = calloc(from->n, sizeof(*jobs))))
		rc = MCP_ENOMEM;
	for (i = 0; rc == 0 && i < from->n; i++) {
		mcp_repo_file *f = &from->v[i];
		if (!lf.files && !selected(f->path, ops, o.nargs))
			continue;
		if (from == &diffs &&
		    (!mcp_glob_match_any(g.v, g.n, f->path) || !on_disk(f)))
			continue; /* not a spec, or deleted */
		/* --shard I/N: the files whose path hashes to I-1 mod N */
		if (o.nshards &&
		    XXH3_64bits(f->path, strlen(f->path)) % o.nshards !=
		        o.shard - 1)
			continue;
		/* unchanged, when nothing changed that it might read */
		if (!run.all && !deps && !changed(&diffs, f->path))
			continue;
		/* excluded: counted when the run would have linted it (an
		 * unchanged one that a changed manifest might affect is not
		 * read to find out) */
		if (excluded(&g, f->path)) {
			nexcluded += run.all || changed(&diffs, f->path);
			continue;
		}
		jobs[run.njobs++].f = f;
	}
	/* what the report says of the run: its specs, its identity, what
	 * it passed over */
	o.render.has_specs = 1;
	o.render.specs = (long)run.njobs;
	passed_over(&note, nexcluded, &files);
	if (note.len && !note.oom)
		o.render.specs_note = note.ptr;
	if (rc == 0 && k && top && names_run(&o) && id_state != ID_NONE &&
	    (id_state == ID_LISTED
	         ? cli_run_identity_digest(run_hash, run_id) == 0
	         : run_identity(&o, k, repo, run_hash, g.v, g.n, from, ops,
	                        run_id))) {
		o.render.run_id = run_id;
		clock_step(&clock, "run identity");
	}
	cli_run_hash_free(run_hash);
	run_hash = NULL;
	if (rc == 0) {
		run.o = &o;
		run.k = k;
		run.diffs = &diffs;
		run.jobs = jobs;
		/* progress, for people: a terminal, many specs, not -q */
		cli_progress_start(&run.progress, "lint", "specs", run.njobs,
		                   o.render.quiet || run.njobs < 200);
		run.quote = !o.noutputs && o.renderer == &mcp_render_text;
		for (i = 0; i < o.noutputs; i++)
			run.quote |= o.outputs[i].renderer == &mcp_render_text;
		/* the findings leave memory as the specs are done */
		run.d = d;
		run.top = top;
		pthread_mutex_init(&run.spill_lock, NULL);
		rc = cli_spill_new(&run.spill, mcp_diag_count(d), run.quote,
		                   o.render.verbose);
		if (rc == 0)
			rc = run_jobs(&run, o.jobs ? o.jobs : cores(),
			              k->local.hits);
		pthread_mutex_destroy(&run.spill_lock);
		/* the specs checked: not those a changed file might have
		 * affected but did not */
		for (i = 0; i < run.njobs; i++)
			o.render.specs -= jobs[i].unaffected;
		clock_step(&clock, "lint");
	}
	/* what the run added; a run that read every spec may tidy up */
	cli_cache_store_close(run.store, rc == 0 && run.all && !o.nargs &&
	                                     !o.nshards && !o.since &&
	                                     !o.staged);
	free(jobs);
	if (rc == 0 && k)
		rc = cli_checker_finish(k, d);
	if (top && mcp_diag_relative(d, top) < 0) /* every path from the top */
		rc = MCP_ENOMEM;
	if (rc == MCP_ENOMEM) {
		cli_error("lint: out of memory");
		status = EXIT_TROUBLE;
	} else if (cache_refused) {
		status = EXIT_TROUBLE; /* said; nothing was linted */
	} else {
		/* no text report to say it in: standard error does */
		if (o.render.specs_note && !run.quote && !o.render.quiet)
			fprintf(stderr, "mcpc: lint: %s\n",
			        o.render.specs_note);
		status = run.spill ? cli_finish_spilled(&o, d, run.spill)
		                   : cli_finish(&o, d);
		clock_step(&clock, "report");
	}
	for (i = 0; ops && i < o.nargs; i++)
		free(ops[i].rel);
	free(ops);
	free(matched);
	free(g.v);
	free(g.x);
	mcp_buf_free(&note);
	mcp_repo_files_free(&files);
	mcp_repo_files_free(&diffs);
	mcp_diag_free(changed_d);
	cli_spill_free(run.spill);
	free(top);
	cli_checker_release(k);
	mcp_file_set_source(NULL, NULL);
	mcp_repo_close(repo);
	mcp_diag_free(d);
	for (i = 0; i < abs.n; i++)
		free(abs.v[i]);
	free(abs.v);
	cli_opts_free(&o);
	free(lf.argv);
	if (chdir(cwd) != 0)
		status = status ? status : EXIT_TROUBLE;
	clock_step(&clock, "close");
	return status;
}
