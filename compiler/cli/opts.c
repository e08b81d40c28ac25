/*
 * opts.c: the flags every subcommand understands (DESIGN.md, "Common
 * flags"), the colour decision and the exit status.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/spill.h"
#include "support/num.h"

int cli_version(void)
{
	printf("mcpc %s\n", mcp_version());
	return EXIT_CLEAN;
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("mcpc: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* A size: digits with an optional K, M or G suffix (powers of 1024),
 * then an optional "i" and "B"; never 0 and never past SIZE_MAX / 2. */
static int parse_size(const char *s, size_t *out)
{
	size_t len = strlen(s), used;
	unsigned shift = 0;
	uint64_t v;

	if (mcp_num_prefix(s, len, UINT64_MAX, &v, &used) < 0)
		return -1;
	s += used;
	if (*s == 'K' || *s == 'k')
		shift = 10, s++;
	else if (*s == 'M')
		shift = 20, s++;
	else if (*s == 'G')
		shift = 30, s++;
	if (shift && *s == 'i')
		s++;
	if (*s == 'B')
		s++;
	/* compared before the shift, which would otherwise wrap */
	if (*s || v == 0 || v > ((uint64_t)SIZE_MAX / 2) >> shift)
		return -1;
	*out = (size_t)(v << shift);
	return 0;
}

/* --shard I/N: two strict numbers with 1 <= I <= N. */
static int parse_shard(const char *s, unsigned *i, unsigned *n)
{
	size_t len = strlen(s), used;
	uint64_t a, b;

	if (mcp_num_prefix(s, len, UINT32_MAX, &a, &used) < 0 ||
	    s[used] != '/' || mcp_num_parse(s + used + 1, UINT32_MAX, &b) < 0 ||
	    a == 0 || b == 0 || a > b)
		return -1;
	*i = (unsigned)a;
	*n = (unsigned)b;
	return 0;
}

static int want_color(const char *mode)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	if (strcmp(mode, "always") == 0)
		return 1;
	if (strcmp(mode, "never") == 0)
		return 0;
	if (no && *no)
		return 0;
	if (term && strcmp(term, "dumb") == 0)
		return 0;
	return isatty(STDOUT_FILENO);
}

/* "--name=value" or "--name value": the value, or NULL when this arg is
 * not --name. *i moves past a separate value. */
static const char *flag_value(int argc, char **argv, int *i, const char *name,
                              int *missing)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}

/* Every long option, and the subcommands that take it (0: all). */
static const struct {
	const char *name;
	unsigned extra;
} long_options[] = {
    {"--help", 0},
    {"--quiet", 0},
    {"--verbose", 0},
    {"--format", 0},
    {"--output", 0},
    {"--fail-on", 0},
    {"--color", 0},
    {"--max-depth", 0},
    {"--max-size", 0},
    {"--max-scalar", 0},
    {"--max-alias-nodes", 0},
    {"--schema", CLI_SCHEMA},
    {"--ref-map", CLI_SCHEMA},
    {"--draft", CLI_SCHEMA},
    {"--strict-formats", CLI_SCHEMA},
    {"--matrix", CLI_MATRIX},
    {"--rules", CLI_RULES},
    {"--waivers", CLI_WAIVERS},
    {"--config", CLI_CONFIG},
    {"--env", CLI_BUILD},
    {"--stdout", CLI_BUILD},
    {"--check", CLI_BUILD},
    {"--values-schema", CLI_BUILD},
    {"--staged", CLI_LINT},
    {"--rev", CLI_LINT},
    {"--since", CLI_LINT},
    {"--shard", CLI_LINT},
    {"--jobs", CLI_LINT},
    {"--no-cache", CLI_LINT},
    {"--cache-dir", CLI_LINT},
};

/* An option the subcommand does not take, with the nearest one it does
 * when one is near ("did you mean"). */
static void unknown_option(const char *cmd, const char *a, unsigned extra)
{
	size_t n = strcspn(a, "="), i, best = 3, dist;
	const char *near = NULL;

	for (i = 0; i < sizeof(long_options) / sizeof(long_options[0]); i++) {
		const char *name = long_options[i].name;
		if (long_options[i].extra && !(long_options[i].extra & extra))
			continue;
		dist = mcp_edit_distance(a, n, name, strlen(name));
		if (dist < best && dist < strlen(name) / 2) {
			best = dist;
			near = name;
		}
	}
	if (near)
		cli_error("%s: unknown option '%.*s' (did you mean '%s'?)", cmd,
		          (int)n, a, near);
	else
		cli_error("%s: unknown option '%s' (see 'mcpc %s --help')", cmd,
		          a, cmd);
}

/* --ref-map PREFIX=DIR, repeatable. */
static int add_ref_map(cli_opts *o, const char *cmd, const char *v)
{
	const char *eq = strchr(v, '=');
	mcp_ref_map *m;

	if (!eq || eq == v || !eq[1]) {
		cli_error("%s: --ref-map takes PREFIX=DIR, not '%s'", cmd, v);
		return EXIT_TROUBLE;
	}
	m = realloc(o->ref_map, (o->nref_map + 1) * sizeof(*m));
	if (!m) {
		cli_error("out of memory");
		return EXIT_TROUBLE;
	}
	o->ref_map = m;
	m[o->nref_map].prefix = strndup(v, (size_t)(eq - v));
	m[o->nref_map].dir = eq + 1;
	if (!m[o->nref_map].prefix) {
		cli_error("out of memory");
		return EXIT_TROUBLE;
	}
	o->nref_map++;
	return 0;
}

/* The flags of CLI_SCHEMA; 1 when @p argv[*i] was one, 0 when not, or
 * EXIT_TROUBLE (negated) after an error. */
static int schema_flag(cli_opts *o, const char *cmd, int argc, char **argv,
                       int *i, int *missing)
{
	const char *v;

	if (strcmp(argv[*i], "--strict-formats") == 0) {
		o->schema_opts.strict_formats = 1;
		return 1;
	}
	if ((v = flag_value(argc, argv, i, "--schema", missing))) {
		o->schema = v;
		return 1;
	}
	if ((v = flag_value(argc, argv, i, "--ref-map", missing)))
		return add_ref_map(o, cmd, v) ? -EXIT_TROUBLE : 1;
	if ((v = flag_value(argc, argv, i, "--draft", missing))) {
		if (strcmp(v, "2020-12") == 0)
			o->schema_opts.default_draft = MCP_DRAFT_2020_12;
		else if (strcmp(v, "7") == 0 || strcmp(v, "draft-07") == 0)
			o->schema_opts.default_draft = MCP_DRAFT_7;
		else if (strcmp(v, "4") == 0 || strcmp(v, "draft-04") == 0)
			o->schema_opts.default_draft = MCP_DRAFT_4;
		else {
			cli_error("%s: --draft takes 2020-12, 7 or 4, not '%s'",
			          cmd, v);
			return -EXIT_TROUBLE;
		}
		return 1;
	}
	return 0;
}

int cli_parse(cli_opts *o, int argc, char **argv, unsigned extra)
{
	const char *cmd = argv[0], *color = "auto", *v;
	int i, missing = 0, operands_only = 0;
	static const struct {
		const char *flag;
		size_t offset;
	} sizes[] = {
	    {"--max-depth", offsetof(mcp_load_opts, max_depth)},
	    {"--max-size", offsetof(mcp_load_opts, max_size)},
	    {"--max-scalar", offsetof(mcp_load_opts, max_scalar)},
	    {"--max-alias-nodes", offsetof(mcp_load_opts, max_alias_nodes)},
	};

	memset(o, 0, sizeof(*o));
	mcp_schema_opts_init(&o->schema_opts);
	o->renderer = &mcp_render_text;
	o->format = "text";
	o->fail_on = MCP_SEV_ERROR;
	mcp_load_opts_init(&o->load);
	o->args = calloc((size_t)argc + 1, sizeof(*o->args));
	if (!o->args) {
		cli_error("out of memory");
		return EXIT_TROUBLE;
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		size_t k;
		int matched = 0;

		if (operands_only || a[0] != '-' || strcmp(a, "-") == 0) {
			o->args[o->nargs++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			operands_only = 1;
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			o->help = 1;
			continue;
		}
		if (strcmp(a, "--version") == 0) {
			cli_version();
			return CLI_SHOWN;
		}
		if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			o->render.quiet = 1;
			continue;
		}
		if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
			o->render.verbose = 1;
			continue;
		}
		if (extra & CLI_SCHEMA) {
			int r = schema_flag(o, cmd, argc, argv, &i, &missing);
			if (r < 0)
				return -r;
			if (r > 0)
				continue;
		}
		if ((extra & CLI_MATRIX) &&
		    (v = flag_value(argc, argv, &i, "--matrix", &missing))) {
			const char **dirs =
			    realloc(o->matrix_dirs,
			            (o->nmatrix_dirs + 1) * sizeof(*dirs));
			if (!dirs) {
				cli_error("out of memory");
				return EXIT_TROUBLE;
			}
			o->matrix_dirs = dirs;
			o->matrix_dirs[o->nmatrix_dirs++] = v;
			continue;
		}
		if ((extra & CLI_WAIVERS) &&
		    (v = flag_value(argc, argv, &i, "--waivers", &missing))) {
			o->waivers = v;
			continue;
		}
		if (extra & CLI_LINT) {
			if (strcmp(a, "--staged") == 0) {
				o->staged = 1;
				continue;
			}
			if (strcmp(a, "--no-cache") == 0) {
				o->no_cache = 1;
				continue;
			}
			if ((v = flag_value(argc, argv, &i, "--rev",
			                    &missing))) {
				o->rev = v;
				continue;
			}
			if ((v = flag_value(argc, argv, &i, "--since",
			                    &missing))) {
				o->since = v;
				continue;
			}
			if ((v = flag_value(argc, argv, &i, "--cache-dir",
			                    &missing))) {
				if (!*v) {
					cli_error("%s: --cache-dir takes a "
					          "folder, not ''",
					          cmd);
					return EXIT_TROUBLE;
				}
				o->cache_dir = v;
				continue;
			}
			if ((v = flag_value(argc, argv, &i, "--shard",
			                    &missing))) {
				unsigned si = 0, sn = 0;
				if (parse_shard(v, &si, &sn) < 0) {
					cli_error(
					    "%s: --shard takes I/N with 1 <= "
					    "I <= N, not '%s'",
					    cmd, v);
					return EXIT_TROUBLE;
				}
				o->shard = si;
				o->nshards = sn;
				continue;
			}
			if ((v = flag_value(argc, argv, &i, "-j", &missing)) ||
			    (v = flag_value(argc, argv, &i, "--jobs",
			                    &missing)) ||
			    (strncmp(a, "-j", 2) == 0 && a[2] && (v = a + 2))) {
				uint64_t n = 0;
				if (mcp_num_parse(v, CLI_MAX_JOBS, &n) < 0 ||
				    n == 0) {
					cli_error(
					    "%s: -j/--jobs takes a number of "
					    "workers from 1 to %d, not "
					    "'%s'",
					    cmd, CLI_MAX_JOBS, v);
					return EXIT_TROUBLE;
				}
				o->jobs = (unsigned)n;
				continue;
			}
		}
		if (extra & CLI_BUILD) {
			if ((v = flag_value(argc, argv, &i, "-e", &missing)) ||
			    (v = flag_value(argc, argv, &i, "--env",
			                    &missing))) {
				o->env = v;
				continue;
			}
			if ((v = flag_value(argc, argv, &i, "-o", &missing)) ||
			    (v = flag_value(argc, argv, &i, "--output",
			                    &missing))) {
				o->output = v;
				continue;
			}
			if ((v = flag_value(argc, argv, &i, "--values-schema",
			                    &missing))) {
				o->values_schema = v;
				continue;
			}
			if (strcmp(a, "--stdout") == 0) {
				o->to_stdout = 1;
				continue;
			}
			if (strcmp(a, "--check") == 0) {
				o->check_only = 1;
				continue;
			}
			if (strcmp(a, "--chart") == 0) {
				o->chart = 1;
				continue;
			}
		}
		if ((extra & CLI_CONFIG) &&
		    (v = flag_value(argc, argv, &i, "--config", &missing))) {
			o->config = v;
			continue;
		}
		if ((extra & CLI_RULES) &&
		    (v = flag_value(argc, argv, &i, "--rules", &missing))) {
			const char **dirs =
			    realloc(o->rules_dirs,
			            (o->nrules_dirs + 1) * sizeof(*dirs));
			if (!dirs) {
				cli_error("out of memory");
				return EXIT_TROUBLE;
			}
			o->rules_dirs = dirs;
			o->rules_dirs[o->nrules_dirs++] = v;
			continue;
		}
		if ((v = flag_value(argc, argv, &i, "--format", &missing))) {
			o->format = v;
			if (extra & CLI_REPORT) {
				if (strcmp(v, "text") && strcmp(v, "json") &&
				    strcmp(v, "markdown")) {
					cli_error(
					    "%s: unknown format '%s' (expected "
					    "text|json|markdown)",
					    cmd, v);
					return EXIT_TROUBLE;
				}
				continue;
			}
			if (!(o->renderer = mcp_renderer_find(v))) {
				cli_error(
				    "%s: unknown format '%s' (expected %s)",
				    cmd, v, mcp_renderer_names());
				return EXIT_TROUBLE;
			}
			if (o->noutputs == CLI_MAX_OUTPUTS) {
				cli_error("%s: at most %d reports (--format) "
				          "in one run",
				          cmd, CLI_MAX_OUTPUTS);
				return EXIT_TROUBLE;
			}
			o->outputs[o->noutputs].renderer = o->renderer;
			o->outputs[o->noutputs++].path = NULL;
			continue;
		}
		if (!(extra & CLI_REPORT) &&
		    (v = flag_value(argc, argv, &i, "--output", &missing))) {
			/* the report of the --format before it (text when
			 * there is none) goes to file v */
			if (!o->noutputs) {
				o->outputs[0].renderer = &mcp_render_text;
				o->noutputs = 1;
			}
			if (o->outputs[o->noutputs - 1].path) {
				cli_error(
				    "%s: --output '%s' follows no --format "
				    "(each report takes one)",
				    cmd, v);
				return EXIT_TROUBLE;
			}
			o->outputs[o->noutputs - 1].path = v;
			continue;
		}
		if ((v = flag_value(argc, argv, &i, "--fail-on", &missing))) {
			o->fail_on_set = 1;
			if (mcp_severity_parse(&o->fail_on, v) < 0) {
				cli_error("%s: --fail-on takes error, warning "
				          "or info, "
				          "not '%s'",
				          cmd, v);
				return EXIT_TROUBLE;
			}
			continue;
		}
		if ((v = flag_value(argc, argv, &i, "--color", &missing))) {
			if (strcmp(v, "auto") && strcmp(v, "always") &&
			    strcmp(v, "never")) {
				cli_error(
				    "%s: --color takes auto, always or never, "
				    "not '%s'",
				    cmd, v);
				return EXIT_TROUBLE;
			}
			color = v;
			continue;
		}
		for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]) && !missing;
		     k++) {
			if (!(v = flag_value(argc, argv, &i, sizes[k].flag,
			                     &missing)))
				continue;
			if (parse_size(v, (size_t *)((char *)&o->load +
			                             sizes[k].offset)) < 0) {
				cli_error(
				    "%s: %s takes a positive number (K, M, G "
				    "suffixes allowed), not '%s'",
				    cmd, sizes[k].flag, v);
				return EXIT_TROUBLE;
			}
			if (o->load.max_depth > MCP_MAX_DEPTH) {
				cli_error("%s: --max-depth is at most %d", cmd,
				          MCP_MAX_DEPTH);
				return EXIT_TROUBLE;
			}
			matched = 1;
			break;
		}
		if (matched)
			continue;
		if (missing) {
			cli_error("%s: option '%s' needs a value", cmd, a);
			return EXIT_TROUBLE;
		}
		unknown_option(cmd, a, extra);
		return EXIT_TROUBLE;
	}
	if (!o->noutputs) {
		o->outputs[0].renderer = o->renderer;
		o->noutputs = 1;
	}
	{
		size_t k, to_stdout = 0;
		for (k = 0; k < o->noutputs; k++)
			if (!o->outputs[k].path) {
				to_stdout++;
				o->renderer = o->outputs[k].renderer;
			}
		if (to_stdout > 1) {
			cli_error("%s: only one report can go to standard "
			          "output; give the others --output FILE",
			          cmd);
			return EXIT_TROUBLE;
		}
	}
	o->render.color = want_color(color);
	o->schema_opts.ref_map = o->ref_map;
	o->schema_opts.nref_map = o->nref_map;
	o->schema_opts.load = &o->load;
	return 0;
}

void cli_opts_free(cli_opts *o)
{
	size_t i;

	for (i = 0; i < o->nref_map; i++)
		free((char *)o->ref_map[i].prefix);
	free(o->ref_map);
	free(o->matrix_dirs);
	o->matrix_dirs = NULL;
	o->nmatrix_dirs = 0;
	free(o->rules_dirs);
	o->rules_dirs = NULL;
	o->nrules_dirs = 0;
	free(o->args);
	o->ref_map = NULL;
	o->nref_map = 0;
	o->args = NULL;
}

/* One report of a list in memory to an open stream (a cli_report_fn):
 * rendered whole, then written. */
static int list_report(void *ctx, const mcp_renderer *r,
                       const mcp_render_opts *ro, FILE *fp)
{
	const mcp_diag *d = ctx;
	mcp_buf out;
	int rc = 0;

	mcp_buf_init(&out);
	if (r->render(&out, d, ro) < 0)
		rc = MCP_ENOMEM;
	else if (fwrite(out.ptr, 1, out.len, fp) != out.len || fflush(fp))
		rc = MCP_EIO;
	mcp_buf_free(&out);
	return rc;
}

/* One report to an open stream, said when it fails. */
static int print_report(cli_report_fn fn, void *ctx, const mcp_renderer *r,
                        const mcp_render_opts *ro, FILE *fp)
{
	int rc = fn(ctx, r, ro, fp);

	if (rc == MCP_ENOMEM)
		cli_error("out of memory while writing the report");
	else if (rc != 0)
		cli_error("cannot write the report: %s", strerror(errno));
	return rc ? -1 : 0;
}

/* One report to a file: a temporary file beside it, then renamed, so a
 * reader never sees half a report. No colour in files. */
static int write_report(const cli_output *o, cli_report_fn fn, void *ctx,
                        const mcp_render_opts *ro)
{
	mcp_render_opts plain = *ro;
	size_t n = strlen(o->path) + 16;
	char *tmp = malloc(n);
	FILE *fp = NULL;
	int fd, rc = -1;

	plain.color = 0;
	if (!tmp) {
		cli_error("out of memory");
		return -1;
	}
	snprintf(tmp, n, "%s.tmp-XXXXXX", o->path);
	fd = mkstemp(tmp);
	if (fd >= 0) {
		/* mkstemp makes it 0600: give it the mode a new file gets */
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	if (fd >= 0 && (fp = fdopen(fd, "w")) != NULL) {
		rc = print_report(fn, ctx, o->renderer, &plain, fp);
		if (fclose(fp) != 0 && rc == 0) {
			cli_error("cannot write '%s': %s", o->path,
			          strerror(errno));
			rc = -1;
		}
		if (rc == 0 && rename(tmp, o->path) != 0) {
			cli_error("cannot write '%s': %s", o->path,
			          strerror(errno));
			rc = -1;
		}
	} else {
		cli_error("cannot write '%s': %s", o->path, strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

int cli_reports_write(const cli_opts *o, int status, cli_report_fn fn,
                      void *ctx, FILE *fp)
{
	mcp_render_opts ro = o->render;
	size_t i;

	ro.rules = o->rules;
	ro.exit_code = status;
	ro.shard = o->nshards ? o->shard : 1;
	ro.nshards = o->nshards ? o->nshards : 1;
	for (i = 0; i < o->noutputs; i++) {
		const cli_output *out = &o->outputs[i];
		int rc = out->path
		             ? write_report(out, fn, ctx, &ro)
		             : print_report(fn, ctx, out->renderer, &ro, fp);
		if (rc != 0)
			return EXIT_TROUBLE;
	}
	return status;
}

int cli_finish(const cli_opts *o, mcp_diag *d)
{
	return cli_finish_to(o, d, stdout);
}

void cli_findings_to_stderr(const cli_opts *o, mcp_diag *d)
{
	mcp_render_opts ro = o->render;
	mcp_buf out;

	mcp_diag_sort(d);
	mcp_diag_redact(d); /* no report echoes a credential */
	mcp_buf_init(&out);
	ro.color = 0;
	if (mcp_render_text.render(&out, d, &ro) == 0)
		fwrite(out.ptr, 1, out.len, stderr);
	else
		cli_error("out of memory");
	mcp_buf_free(&out);
}

int cli_no_operands(cli_opts *o, const char *cmd, const char *usage)
{
	int help = o->help;

	if (!help && !o->nargs)
		return -1;
	if (help)
		fputs(usage, stdout);
	else
		cli_error("%s: takes no operands (see 'mcpc %s --help')", cmd,
		          cmd);
	cli_opts_free(o);
	return help ? EXIT_CLEAN : EXIT_TROUBLE;
}

int cli_settle(const cli_opts *o, mcp_diag *d)
{
	size_t i, n;
	int status = EXIT_CLEAN;

	mcp_diag_sort(d);
	mcp_diag_redact(d); /* no report echoes a credential */
	n = mcp_diag_count(d);
	for (i = 0; i < n; i++) {
		const mcp_finding *f = mcp_diag_get(d, i);
		if (f->fatal)
			return EXIT_TROUBLE;
		if (f->severity >= o->fail_on && !f->waiver)
			status = EXIT_FINDINGS;
	}
	return status;
}

int cli_finish_to(const cli_opts *o, mcp_diag *d, FILE *fp)
{
	int status = cli_settle(o, d);

	if (!fp)
		return status;
	return cli_reports_write(o, status, list_report, d, fp);
}
