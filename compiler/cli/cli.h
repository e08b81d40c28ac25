/*
 * cli.h: what the subcommands share: the common flags, the exit statuses
 * and the way a report reaches standard output.
 */
#ifndef MCPC_CLI_H
#define MCPC_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "mcpc/mcpc.h"

/* Exit statuses: the contract in docs/cli.md. */
#define EXIT_CLEAN    0
#define EXIT_FINDINGS 1
#define EXIT_TROUBLE  2
/* cli_parse's status after it printed the version (--version): the
 * command returns it, main exits 0 */
#define CLI_SHOWN 64

/* Flags a subcommand takes beyond the common ones. */
enum {
	CLI_SCHEMA = 1, /* --schema, --draft, --ref-map, --strict-formats */
	CLI_MATRIX = 2, /* --matrix DIR (repeatable) */
	CLI_REPORT =
	    4,         /* --format names a report format (text|json|markdown) */
	CLI_RULES = 8, /* --rules DIR (repeatable) */
	CLI_WAIVERS = 16, /* --waivers FILE */
	CLI_CONFIG = 32,  /* --config FILE (the project file) */
	CLI_BUILD = 64, /* -e ENV, -o DIR, --stdout, --check, --values-schema */
	CLI_LINT = 128  /* --staged, --rev REV, --since BASE */
};

/* One report: a format, and a file (NULL: standard output). */
typedef struct cli_output {
	const mcp_renderer *renderer;
	const char *path;
} cli_output;

#define CLI_MAX_OUTPUTS 8

typedef struct cli_opts {
	const mcp_renderer *renderer; /* the report for standard output */
	/* every report: each --format, with the --output FILE after it */
	cli_output outputs[CLI_MAX_OUTPUTS];
	size_t noutputs;
	const char *format; /* the --format value as given ("text") */
	mcp_severity fail_on;
	int fail_on_set; /* --fail-on was given */
	mcp_render_opts render;
	mcp_load_opts load;
	char **args; /* the operands, in order */
	size_t nargs;
	int help;
	/* CLI_SCHEMA */
	const char *schema;
	mcp_schema_opts schema_opts;
	mcp_ref_map *ref_map; /* prefixes and folders, split from argv */
	size_t nref_map;
	/* CLI_MATRIX */
	const char **matrix_dirs;
	size_t nmatrix_dirs;
	/* CLI_RULES */
	const char **rules_dirs;
	size_t nrules_dirs;
	/* CLI_WAIVERS */
	const char *waivers; /* NULL: .mcpc-waivers.yaml when there is one */
	/* CLI_CONFIG */
	const char *config; /* NULL: .mcpc.yaml found from the current dir */
	/* the rules, for reports that describe them (set by the checker) */
	const mcp_rules *rules;
	/* CLI_BUILD */
	const char *env;           /* -e: the environment overlay, or NULL */
	const char *output;        /* -o: the output folder, or NULL */
	const char *values_schema; /* a chart's values.schema.json, or NULL */
	int to_stdout, check_only;
	int chart; /* build --chart: the chart, with the values, in DIR/chart */
	/* CLI_LINT */
	int staged, no_cache;
	const char *rev, *since;
	const char *cache_dir;   /* --cache-dir DIR, or NULL */
	unsigned shard, nshards; /* --shard I/N; nshards 0: all */
	unsigned jobs;           /* -j N; 0: the number of cores */
} cli_opts;

#define CLI_MAX_JOBS 256

/*
 * Parse the common flags and the operands of a subcommand. @p argv[0] is
 * the subcommand's name. Prints a one-line error and returns EXIT_TROUBLE
 * on a bad flag, else 0. Free with cli_opts_free.
 */
int cli_parse(cli_opts *o, int argc, char **argv, unsigned extra);
void cli_opts_free(cli_opts *o);

/* Sort and redact @p d and say the exit status its findings make: 2 for
 * a fatal one, 1 for one at --fail-on or above and not waived, else 0
 * (cli_finish and cli_finish_spilled start with it). */
int cli_settle(const cli_opts *o, mcp_diag *d);

/*
 * Render @p d (sorted first) to standard output and choose the exit
 * status: 2 when any finding is fatal, 1 when any reaches --fail-on, else 0.
 */
int cli_finish(const cli_opts *o, mcp_diag *d);

/* The same, printing to @p fp (NULL: print nothing, only the status). */
int cli_finish_to(const cli_opts *o, mcp_diag *d, FILE *fp);

/* For commands whose output is something else (report, matrix): the
 * findings of @p d, sorted and redacted, as text without colour on
 * standard error. */
void cli_findings_to_stderr(const cli_opts *o, mcp_diag *d);

/* For commands that take no operands: after cli_parse, print the usage
 * for --help (EXIT_CLEAN) or refuse operands (EXIT_TROUBLE), freeing
 * @p o; -1 when the command goes on. */
int cli_no_operands(cli_opts *o, const char *cmd, const char *usage);

/* Called for every document of every input; returns 0, a count, or
 * MCP_ENOMEM. */
typedef int (*cli_doc_fn)(void *ctx, const mcp_source *src, size_t doc,
                          mcp_diag *d);

/*
 * Load every operand of @p o (files, folders, "-") and call @p fn (may be
 * NULL) on each document. Findings go to @p d; *@p nfiles (may be NULL)
 * grows by the files it tried to read. Returns 0, or MCP_ENOMEM when the
 * report may be incomplete.
 */
int cli_each_document(const cli_opts *o, mcp_diag *d, cli_doc_fn fn, void *ctx,
                      long *nfiles);

/* A subcommand that reads documents: its flags, how it gets ready (e.g.
 * compiles a schema into *ctx; trouble becomes fatal findings, or
 * MCP_ENOMEM), what it does with each document, and how it cleans up. */
typedef struct cli_command {
	const char *name;
	const char *usage;
	unsigned extra;
	/* what is wrong with the flags, or NULL (may be NULL) */
	const char *(*usage_error)(const cli_opts *o);
	int (*prepare)(cli_opts *o, mcp_diag *d, void **ctx);
	cli_doc_fn each;
	void (*release)(void *ctx);
	/* after every document, before the report (may be NULL) */
	int (*finish)(void *ctx, mcp_diag *d);
} cli_command;

/* Parse flags, handle --help and missing operands, run @p cmd over every
 * document, print the report and return the exit status. */
int cli_run(const cli_command *cmd, int argc, char **argv);

/*
 * The project file: --config FILE, else .mcpc.yaml in the current
 * directory or a parent; *project NULL when there is none. Trouble becomes
 * fatal findings in @p d.
 *
 * @return 0, MCP_EPARSE, MCP_EIO or MCP_ENOMEM
 */
int cli_load_project(cli_opts *o, const mcp_schema *schema,
                     mcp_project **project, mcp_diag *d);

/*
 * The compatibility matrix: the bundled files, the project's matrix
 * folders (@p project may be NULL), then --matrix folders.
 *
 * @return 0, MCP_EPARSE, MCP_EIO or MCP_ENOMEM
 */
int cli_load_matrix(cli_opts *o, const mcp_project *project,
                    const mcp_schema *schema, mcp_matrix **matrix, mcp_diag *d);

/*
 * The project file (as cli_load_project) and the rules:
 * the bundled packs, the project's packs, then --rules folders, with the
 * project's settings applied. The project's failOn applies unless
 * --fail-on was given. Trouble becomes fatal findings in @p d.
 *
 * @return 0, MCP_EPARSE, MCP_EIO or MCP_ENOMEM
 */
int cli_load_rules(cli_opts *o, const mcp_schema *schema, mcp_project **project,
                   mcp_rules **rules, mcp_diag *d);

/* What one thread keeps while it checks: how many findings each entry of
 * the waivers file waived (NULL, or mcp_waivers_count counters), the
 * dependency manifests it has read (NULL: read every time), and the schema
 * verdicts on the spec being checked, which its environments' merged
 * documents share (check/schema/schema_memo.h; NULL: none). */
typedef struct cli_local {
	size_t *hits;
	mcp_manifest_memo *memo;
	struct mcp_schema_memo *schema_memo;
} cli_local;

/* What check and build hold every document to (checker.c). */
typedef struct cli_checker {
	mcp_schema *schema;
	mcp_matrix *matrix;
	mcp_rules *rules;
	mcp_project *project;     /* .mcpc.yaml, or NULL */
	mcp_waiver_policy waiver; /* today, the horizon, the rule ids */
	mcp_waivers *waivers;     /* a waivers file, or NULL */
	const char *waivers_path; /* its path, or NULL */
	cli_local local;          /* for one thread (check, build) */
	int overlay_full; /* MCPC_OVERLAY_CHECK=full: every rule on every
	                     environment (the differential test's reference) */
} cli_checker;

/* A thread's cli_local for checks against @p k. @return 0 or MCP_ENOMEM */
int cli_local_init(cli_local *l, const cli_checker *k);
void cli_local_free(cli_local *l);

/* Get a cli_checker ready into *ctx (a cli_command's prepare). */
int cli_checker_prepare(cli_opts *o, mcp_diag *d, void **ctx);
/* The same with the built-in schemas compiled already (taken over; NULL:
 * compile them). */
int cli_checker_prepare_with(cli_opts *o, mcp_schema *schema, mcp_diag *d,
                             void **ctx);
/* The waivers file's unused entries (a cli_command's finish). */
int cli_checker_finish(void *ctx, mcp_diag *d);
void cli_checker_release(void *ctx);

/* The schema, the matrix and the rules on one document; @p first is the
 * document's first finding. @return 0 or MCP_ENOMEM */
int cli_check_one(const cli_checker *k, cli_local *l, const mcp_source *src,
                  size_t doc, size_t first, mcp_diag *d);

/* Everything on one document: cli_check_one, each environment merged,
 * waivers. Only reads @p k: threads may share it, each with its own
 * cli_local and findings. */
int cli_check_spec(const cli_checker *k, cli_local *l, const mcp_source *src,
                   size_t doc, mcp_diag *d);
/* The same with k's own cli_local (a cli_doc_fn). */
int cli_check_doc(void *ctx, const mcp_source *src, size_t doc, mcp_diag *d);

/* lint's content cache (cache.c). The fingerprint of everything but the
 * spec that a result depends on; 0 when it cannot be computed. */
unsigned long long cli_cache_fingerprint(const cli_opts *o,
                                         const cli_checker *k);
/* The cache folder the user named: --cache-dir, else MCPC_CACHE_DIR, else
 * NULL (the default). */
const char *cli_cache_named(const cli_opts *o);
/* Where lint's cache lives for @p repo into @p out: --cache-dir, else
 * MCPC_CACHE_DIR (*named 1), else mcpc-cache/ in the git directory
 * (*named 0). 0, or -1 when the path is too long. */
int cli_cache_locate(const cli_opts *o, const mcp_repo *repo, char *out,
                     size_t n, int *named);
/* The cache folder @p path opened (made first when @p create), when mcpc
 * may trust it: a folder, not a link, this user's, not writable by
 * everyone, not tracked by @p repo's git. A descriptor, or -1 with the
 * reason in *why. */
int cli_cache_dir_open(const char *path, const mcp_repo *repo, int create,
                       const char **why);
/* The cache's entries for a run with fingerprint @p fp: the packs in the
 * folder @p dirfd (taken over; a damaged pack is left out), shared by the
 * workers. */
typedef struct cli_cache_store cli_cache_store;
int cli_cache_store_open(cli_cache_store **out, unsigned long long fp,
                         int dirfd);
/* Write what the run added as a new pack, or, when packs pile up (or one
 * was damaged), everything as one: after a @p full run (every spec linted)
 * only the entries it used, so that stale ones go. */
void cli_cache_store_close(cli_cache_store *st, int full);
/* One worker's handle on the cache: @p quote keeps the text of the files
 * findings name, for reports that quote lines. Not shared by threads. */
typedef struct cli_cache cli_cache;
int cli_cache_open(cli_cache **out, cli_cache_store *store, int quote);
void cli_cache_close(cli_cache *c);
/* The spec's cached findings into @p d, adding what each waivers-file
 * entry waived to @p hits (@p nhits counters): 1 hit, 0 miss, MCP_ENOMEM. */
int cli_cache_get(cli_cache *c, const char *path, const char *data, size_t len,
                  size_t *hits, size_t nhits, mcp_diag *d);
/* Call fn with the path (from the top) of each dependency manifest the
 * spec at @p spec names; stops, returning 1, when fn returns nonzero. */
int cli_each_dependency(const mcp_source *src, const char *spec,
                        int (*fn)(const char *dep, void *ctx), void *ctx);
/* Store the findings from index @p first on as the spec's entry, with
 * what each waivers-file entry waived in them (@p waived, @p nhits). */
void cli_cache_put(cli_cache *c, const char *path, const char *data, size_t len,
                   const mcp_source *src, const mcp_diag *d, size_t first,
                   const size_t *waived, size_t nhits);

/* lint's run identity (runid.c): 32 hex digits, what every shard of one
 * run (and the unsharded run) shares: mcpc and its data, the commit (or
 * index) read, the work tree's changes (new files where @p globs match),
 * the project, waivers, pack and matrix files' bytes, the load limits,
 * today's date, -q, the operands (@p under, from the top) and the paths
 * @p listed before sharding. @return 0 or MCP_ENOMEM */
#define CLI_RUN_ID_SIZE 33
int cli_run_identity(const cli_opts *o, const cli_checker *k, mcp_repo *repo,
                     const char *const *globs, size_t nglobs,
                     const mcp_repo_files *listed, char *const *under,
                     size_t nunder, char out[CLI_RUN_ID_SIZE]);
/* The same in two steps: what needs neither the project nor the checker
 * (mcpc and its data, the repository as the run reads it), which lint
 * hashes while the schemas compile; then the rest. begin returns NULL
 * when out of memory; end returns 0 or MCP_ENOMEM and leaves @p h to
 * cli_run_hash_free. */
typedef struct cli_run_hash cli_run_hash;
cli_run_hash *cli_run_identity_begin(const cli_opts *o, mcp_repo *repo,
                                     const char *const *globs, size_t nglobs);
int cli_run_identity_end(cli_run_hash *h, const cli_opts *o,
                         const cli_checker *k, const mcp_repo_files *listed,
                         char *const *under, size_t nunder,
                         char out[CLI_RUN_ID_SIZE]);
void cli_run_hash_free(cli_run_hash *h);
/* end's own steps, for a run that hashes the listed paths as it lists
 * them: what the specs are held to and the operands, then each path, then
 * the digest. held and digest return 0 or MCP_ENOMEM. */
int cli_run_identity_held(cli_run_hash *h, const cli_opts *o,
                          const cli_checker *k, char *const *under,
                          size_t nunder);
void cli_run_hash_path(cli_run_hash *h, const char *path);
int cli_run_identity_digest(cli_run_hash *h, char out[CLI_RUN_ID_SIZE]);

/* Print a one-line error, prefixed "mcpc: ". */
/*
 * Progress of a long run on standard error (progress.c): shown only on a
 * terminal, for @p total items or more than a few, not when @p quiet;
 * cli_progress_end clears the line.
 */
typedef struct cli_progress {
	const char *what, *unit;
	size_t total;
	double start, shown; /* start 0: not shown */
} cli_progress;
void cli_progress_start(cli_progress *p, const char *what, const char *unit,
                        size_t total, int quiet);
void cli_progress_show(cli_progress *p, size_t done);
void cli_progress_end(cli_progress *p);

/* Print "mcpc VERSION" (every command's --version). @return EXIT_CLEAN */
int cli_version(void);
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int cmd_check(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_schema(int argc, char **argv);
int cmd_version_match(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_hook(int argc, char **argv);
int cmd_merge_reports(int argc, char **argv);
int cmd_cache(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_completion(int argc, char **argv);
int cmd_matrix(int argc, char **argv);
int cmd_chart(int argc, char **argv);

/* The chart mcpc is built with: its files in the binary, under this. */
#define CHART_PREFIX "charts/mcp-ai102/"

/* The chart's files, named @p under + their path in the chart, after
 * @p extra empty slots for the caller; with @p own_values, without its
 * values.yaml and values.schema.json (the caller gives its own). One
 * block to free; *n counts the slots and the files. NULL: out of memory. */
mcp_outfile *cli_chart_files(const char *under, int own_values, size_t extra,
                             size_t *n);
int cmd_values(int argc, char **argv);

/* The command table (main.c): every subcommand's name and entry point. */
typedef struct cli_command_entry {
	const char *name;
	int (*run)(int argc, char **argv);
} cli_command_entry;
size_t cli_commands(const cli_command_entry **out);

/*
 * The chart's values and the spec, one table read both ways
 * (values_map.c); each result malloc'd, NULL when out of memory.
 * cli_values_origin: the spec pointer a values pointer comes from ("/spec"
 * when none in particular). cli_values_pointer: the values pointer a spec
 * pointer stands at, NULL also when the values hold no such field.
 * cli_values_text: a message with the spec's field names (inference.replicas,
 * spec.security.networkPolicy) as the values name them (replicaCount,
 * networkPolicy).
 */
char *cli_values_origin(const char *values_pointer);
char *cli_values_pointer(const char *spec_pointer);
char *cli_values_text(const char *text);

/* A kind's schema as a Markdown field reference (schema_doc.c).
 * @return 0, MCP_ENOTFOUND (no such kind) or MCP_ENOMEM */
int cli_schema_doc(const char *kind, mcp_buf *out);

#endif
