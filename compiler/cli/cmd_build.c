/*
 * cmd_build.c: `mcpc build SPEC... [-e ENV] [-o DIR | --stdout] [--check]`:
 * every check first (each spec, or the environment merged onto it); then,
 * only when nothing reaches --fail-on, for each spec the Helm values,
 * their schema, the manifests and the report, written to its folder all
 * or nothing, printed, or compared with what the folder holds.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/embedded.h"
#include "cli/cli.h"
#include "support/file.h"

static const char usage[] =
    "usage: mcpc build [options] SPEC...\n"
    "\n"
    "Check SPEC, then write its Helm values, their schema, the Kubernetes\n"
    "manifests and the report to DIR (default out/NAME/ENV/), all or\n"
    "nothing. Nothing is written when a finding reaches --fail-on. DIR is\n"
    "replaced only when it is new, empty, or a folder build wrote (its\n"
    ".mcpc-build lists every file in it); never the current folder, the\n"
    "spec's, the top of the work tree or a parent of them, and never\n"
    "through a symbolic link. Several specs build each into its own\n"
    "out/NAME/ENV/, every one checked before any is written.\n"
    "\n"
    "options:\n"
    "  -e, --env ENV             apply environment overlay ENV first\n"
    "  -o, --output DIR          the output folder\n"
    "  --stdout                  print the manifests instead (for an Argo CD\n"
    "                            config-management plugin); findings go to\n"
    "                            standard error\n"
    "  --check                   write nothing; exit 1 with a diff when DIR\n"
    "                            is not exactly what build would write\n"
    "                            (a file missing, changed, or extra)\n"
    "  --chart                   also write the MCP AI-102 Helm chart, with\n"
    "                            these values as its values.yaml, to\n"
    "                            DIR/chart/ (helm install NAME DIR/chart)\n"
    "  --values-schema FILE      hold the values to a chart's own\n"
    "                            values.schema.json as well\n"
    "  --format FORMAT           text (default), json, sarif, junit, github\n"
    "                            or markdown\n"
    "  --fail-on error|warning|info\n"
    "                            lowest severity that stops the build\n"
    "  --matrix DIR, --rules DIR, --waivers FILE, --config FILE\n"
    "                            as for mcpc check\n"
    "  -q, --quiet               errors only, no summary\n"
    "\n"
    "exit status: 0 built (or, with --check, up to date), 1 findings at or\n"
    "above --fail-on (or stale output), 2 bad input or usage, or an output\n"
    "that could not be written or that build refuses to replace\n";

#define NFILES 5

typedef struct build {
	cli_opts o;       /* the run's (a copy: freed with the first) */
	const char *spec; /* the spec's path, as named */
	mcp_diag *d;
	cli_checker *k;
	mcp_source *src, *merged; /* merged: the environment overlay */
	const mcp_source *target; /* what is built: src or merged */
	size_t doc;               /* in target */
	char *dir;
	mcp_buf files[NFILES];
} build;

static const char *const names[NFILES] = {"values.yaml", "values.schema.json",
                                          "manifests.yaml", "report.txt",
                                          "report.json"};

/* A fatal finding about the spec (at its document, or the file). */
static int refuse(build *b, const char *fmt, const char *a, const char *h)
{
	mcp_loc loc = {mcp_source_name(b->src), 1, 1};
	mcp_finding *f = mcp_diag_add(b->d, "MCP-BUILD-002", MCP_SEV_ERROR,
	                              &loc, NULL, h, fmt, a ? a : "");
	if (!f)
		return MCP_ENOMEM;
	f->fatal = 1;
	return MCP_EPARSE;
}

/* The one ModelDeployment document of the file. */
static int pick(build *b)
{
	size_t i, n = 0;

	for (i = 0; i < mcp_source_doc_count(b->src); i++) {
		const char *kind = json_string_value(
		    json_object_get(mcp_source_doc(b->src, i), "kind"));
		if (kind && strcmp(kind, "ModelDeployment") == 0) {
			b->doc = i;
			n++;
		}
	}
	if (n == 1)
		return 0;
	return refuse(b,
	              n ? "the file holds several ModelDeployment documents%s"
	                : "the file holds no ModelDeployment document%s",
	              NULL, "build takes one spec a file");
}

/* The environment overlay, or a finding with the closest name. */
static int overlay(build *b)
{
	json_t *envs = json_object_get(
	    json_object_get(mcp_source_doc(b->src, b->doc), "spec"),
	    "environments");
	const char *key, *best = NULL;
	size_t bd = 3, dist;
	json_t *v;
	char hint[160];
	int rc = mcp_source_overlay(&b->merged, b->src, b->doc, b->o.env);

	if (rc != MCP_ENOTFOUND)
		return rc;
	json_object_foreach(envs, key, v)
	{
		dist = mcp_edit_distance(b->o.env, strlen(b->o.env), key,
		                         strlen(key));
		if (dist < bd) {
			bd = dist;
			best = key;
		}
	}
	if (best)
		snprintf(hint, sizeof(hint), "did you mean '%s'?", best);
	else
		snprintf(hint, sizeof(hint), "spec.environments names them");
	return refuse(b, "no environment '%s' in spec.environments", b->o.env,
	              hint);
}

/* The output folder: -o, or out/NAME/ENV (ENV "default" without -e). */
static int output_dir(build *b)
{
	const char *name = json_string_value(json_object_get(
	    json_object_get(mcp_source_doc(b->target, b->doc), "metadata"),
	    "name"));
	size_t n;

	if (b->o.output) {
		b->dir = strdup(b->o.output);
		return b->dir ? 0 : MCP_ENOMEM;
	}
	n = strlen(name ? name : "spec") + strlen(b->o.env ? b->o.env : "") +
	    16;
	if (!(b->dir = malloc(n)))
		return MCP_ENOMEM;
	snprintf(b->dir, n, "out/%s/%s", name ? name : "spec",
	         b->o.env ? b->o.env : "default");
	return 0;
}

/* The spec's path as the source annotations give it: as named, but never
 * absolute (an absolute path would tie the output to one machine). */
static const char *origin(const char *path)
{
	const char *slash = strrchr(path, '/');
	return path[0] == '/' && slash ? slash + 1 : path;
}

/*
 * report.txt and report.json: the conflict report (every component the
 * matrix checked, with its verdict) and every finding, waived ones
 * included. The rows come from a second pass whose findings are dropped
 * (the checks already reported them).
 */
static int render_report(build *b, const mcp_render_opts *plain)
{
	mcp_report rows = {0};
	mcp_diag *scratch = NULL;
	mcp_buf json;
	json_t *conflicts = NULL, *findings = NULL, *both = NULL;
	char *text = NULL;
	int rc = mcp_diag_new(&scratch);

	mcp_buf_init(&json);
	if (rc == 0)
		rc = mcp_compat_report(b->k->matrix, b->target, b->doc, scratch,
		                       &rows);
	mcp_diag_sort(b->d);
	if (rc == 0 && (mcp_report_render(&b->files[3], &rows, "text") < 0 ||
	                mcp_buf_putc(&b->files[3], '\n') < 0 ||
	                mcp_render_text.render(&b->files[3], b->d, plain) < 0))
		rc = MCP_ENOMEM;
	if (rc == 0 && !mcp_diag_count(b->d))
		mcp_buf_puts(&b->files[3], "no findings\n");
	/* {"conflicts": the report's JSON, "findings": the findings'} */
	if (rc == 0 && mcp_report_render(&json, &rows, "json") == 0)
		conflicts = json_loadb(json.ptr, json.len, 0, NULL);
	mcp_buf_clear(&json);
	if (rc == 0 && mcp_render_json.render(&json, b->d, plain) == 0)
		findings = json_loadb(json.ptr, json.len, 0, NULL);
	if (rc == 0 && conflicts && findings)
		both = json_pack("{s:o, s:o}", "conflicts", conflicts,
		                 "findings", findings);
	else {
		json_decref(conflicts);
		json_decref(findings);
	}
	text = both ? json_dumps(both, JSON_INDENT(2) | JSON_PRESERVE_ORDER)
	            : NULL;
	if (rc == 0 && (!text || mcp_buf_puts(&b->files[4], text) < 0 ||
	                mcp_buf_putc(&b->files[4], '\n') < 0))
		rc = MCP_ENOMEM;
	free(text);
	json_decref(both);
	mcp_buf_free(&json);
	mcp_report_free(&rows);
	mcp_diag_free(scratch); /* after the rows: it holds their file names */
	return rc;
}

/*
 * --values-schema FILE: the values against a chart's own schema. Each
 * failure becomes MCP-BUILD-003 at the spec node the value comes from,
 * the schema's message quoted.
 */
static int chart_schema(build *b)
{
	mcp_source *schema_src = NULL, *values = NULL;
	mcp_schema *s = NULL;
	mcp_diag *scratch = NULL;
	size_t i;
	int rc;

	rc = mcp_source_load_file(&schema_src, b->o.values_schema, &b->o.load,
	                          b->d);
	if (rc == 0 && mcp_source_doc_count(schema_src) != 1)
		rc = refuse(b, "%s holds no single schema document",
		            b->o.values_schema, NULL);
	if (rc == 0)
		rc = mcp_schema_compile(&s, mcp_source_doc(schema_src, 0),
		                        b->o.values_schema, &b->o.schema_opts,
		                        b->d);
	if (rc == 0)
		rc = mcp_diag_new(&scratch);
	if (rc == 0)
		rc = mcp_source_load_buffer(&values, "values.yaml",
		                            b->files[0].ptr, b->files[0].len,
		                            NULL, scratch);
	if (rc == 0 && mcp_schema_check(s, values, 0, scratch) < 0)
		rc = MCP_ENOMEM;
	for (i = 0; rc == 0 && i < mcp_diag_count(scratch); i++) {
		const mcp_finding *f = mcp_diag_get(scratch, i);
		mcp_loc loc = {mcp_source_name(b->target), 1, 1};
		char *to = cli_values_origin(f->pointer ? f->pointer : "");
		if (!to) {
			rc = MCP_ENOMEM;
			break;
		}
		mcp_srcmap_nearest(mcp_source_srcmap(b->target), b->doc, to,
		                   &loc);
		if (!mcp_diag_add(
		        b->d, "MCP-BUILD-003", MCP_SEV_ERROR, &loc, to,
		        "change the spec, or the chart",
		        "the chart's values schema rejects values.yaml "
		        "at %s: %s",
		        f->pointer && *f->pointer ? f->pointer : "/",
		        f->message))
			rc = MCP_ENOMEM;
		free(to);
	}
	mcp_source_free(values);
	mcp_diag_free(scratch);
	mcp_schema_free(s);
	mcp_source_free(schema_src);
	return rc;
}

/* Render every file into b->files. */
static int render(build *b)
{
	json_t *values = NULL, *objects = NULL;
	mcp_render_opts plain;
	const char *schema;
	size_t i, len;
	int rc;

	/* the report files: plain, every finding, the one spec counted */
	memset(&plain, 0, sizeof(plain));
	plain.has_specs = 1;
	plain.specs = 1;
	rc = mcp_values_build(&values, mcp_source_doc(b->target, b->doc),
	                      origin(b->spec), b->o.env, b->k->rules);
	if (rc == 0)
		rc = mcp_yaml_write(&b->files[0], values);
	json_decref(values);
	if (rc == 0 && b->o.values_schema) {
		size_t before = mcp_diag_count(b->d);
		rc = chart_schema(b);
		if (rc == 0 && mcp_diag_count(b->d) > before)
			return MCP_EPARSE; /* the chart refuses the values */
	}
	schema = mcp_values_schema_text(&len);
	if (rc == 0 && (!schema || mcp_buf_put(&b->files[1], schema, len) < 0))
		rc = MCP_ENOMEM;
	if (rc == 0)
		rc = mcp_manifests_build(&objects, b->target, b->doc,
		                         origin(b->spec), b->o.env,
		                         b->k->matrix, b->k->rules, b->d);
	for (i = 0; rc == 0 && i < json_array_size(objects); i++)
		rc = mcp_yaml_write(&b->files[2], json_array_get(objects, i));
	json_decref(objects);
	if (rc != 0)
		return rc;
	return render_report(b, &plain);
}

/* The folders the output may neither be nor hold: the current one, the
 * spec's, and the tops of the work trees around them. */
typedef struct keeps {
	mcp_outdir_keep k[5];
	char *specdir, *realdir, *top[2];
} keeps;

static int keeps_make(keeps *ks, const char *spec)
{
	const char *slash = strrchr(spec, '/');
	size_t n = 0;

	memset(ks, 0, sizeof(*ks));
	ks->k[n].path = ".";
	ks->k[n++].what = "the current folder";
	if (strcmp(spec, "-") != 0) {
		/* "a/b.yaml": "a"; "/b.yaml": "/"; "b.yaml": "." */
		ks->specdir =
		    slash ? strndup(spec,
		                    slash == spec ? 1 : (size_t)(slash - spec))
		          : strdup(".");
		if (!ks->specdir)
			return MCP_ENOMEM;
		ks->k[n].path = ks->specdir;
		ks->k[n++].what = "the spec's folder";
		/* a spec reached through a link: where it really is, too */
		if ((ks->realdir = realpath(spec, NULL)) != NULL) {
			*strrchr(ks->realdir, '/') = '\0';
			ks->k[n].path = *ks->realdir ? ks->realdir : "/";
			ks->k[n++].what = "the spec's folder";
		}
	}
	/* not in a work tree: nothing to keep there (no finding) */
	if (mcp_repo_top(&ks->top[0], ".", NULL) == MCP_ENOMEM ||
	    (ks->specdir &&
	     mcp_repo_top(&ks->top[1], ks->specdir, NULL) == MCP_ENOMEM))
		return MCP_ENOMEM;
	if (ks->top[0]) {
		ks->k[n].path = ks->top[0];
		ks->k[n++].what = "the top of the git work tree";
	}
	if (ks->top[1]) {
		ks->k[n].path = ks->top[1];
		ks->k[n++].what = "the top of the spec's git work tree";
	}
	return (int)n;
}

static void keeps_free(keeps *ks)
{
	free(ks->specdir);
	free(ks->realdir);
	free(ks->top[0]);
	free(ks->top[1]);
}

/* The output folder's files, as the emitter takes them: build's, then,
 * with --chart, the chart built into mcpc under chart/, its values.yaml
 * and values.schema.json the ones build wrote. *n is how many; NULL when
 * out of memory. */
static mcp_outfile *outfiles(build *b, size_t *n)
{
	mcp_outfile *out = b->o.chart
	                       ? cli_chart_files("chart/", 1, NFILES + 2, n)
	                       : calloc(NFILES, sizeof(*out));
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i < NFILES; i++) {
		out[i].name = names[i];
		out[i].data = b->files[i].ptr ? b->files[i].ptr : "";
		out[i].len = b->files[i].len;
	}
	if (!b->o.chart) {
		*n = NFILES;
		return out;
	}
	out[NFILES] =
	    (mcp_outfile){"chart/values.yaml", out[0].data, out[0].len};
	out[NFILES + 1] =
	    (mcp_outfile){"chart/values.schema.json", out[1].data, out[1].len};
	return out;
}

/* --check: the files against DIR; a diff for each that differs, a line for
 * anything else that makes it stale. */
static int compare(build *b, const mcp_outdir_opts *oo)
{
	mcp_buf diff, notes;
	size_t n;
	mcp_outfile *out = outfiles(b, &n);
	int rc;

	if (!out)
		return MCP_ENOMEM;
	mcp_buf_init(&diff);
	mcp_buf_init(&notes);
	rc = mcp_outdir_compare(b->dir, out, n, oo, &diff, &notes, b->d);
	free(out);
	if (rc == 1) {
		const char *p = notes.ptr, *nl;
		fwrite(diff.ptr, 1, diff.len, stdout);
		for (; p && *p; p = nl + 1) {
			nl = strchr(p, '\n');
			fprintf(stderr, "mcpc: build: %.*s\n", (int)(nl - p),
			        p);
		}
		fprintf(stderr,
		        "mcpc: build: %s is stale: run 'mcpc build' without "
		        "--check to update it\n",
		        b->dir);
	}
	mcp_buf_free(&diff);
	mcp_buf_free(&notes);
	return rc;
}

/* Load the spec, its document and environment, and check it: the
 * findings in b->d. */
static int check_spec(build *b)
{
	size_t first;
	int rc = mcp_source_load_file(&b->src, b->spec, &b->o.load, b->d);

	if (rc == 0)
		rc = pick(b);
	if (rc == 0 && b->o.env)
		rc = overlay(b);
	if (rc != 0)
		return rc;
	b->target = b->merged ? b->merged : b->src;
	if (b->merged)
		b->doc = 0;
	first = mcp_diag_count(b->d);
	rc = cli_check_one(b->k, &b->k->local, b->target, b->doc, first, b->d);
	if (rc == 0)
		rc = mcp_waivers_apply(b->target, b->doc, b->d, first,
		                       &b->k->waiver, b->k->waivers,
		                       b->k->local.hits);
	return rc;
}

/* Print the manifests, compare the folder or write it: 0, 1 (--check:
 * stale), MCP_EIO (the findings say why) or MCP_ENOMEM. */
static int write_spec(build *b)
{
	keeps ks;
	mcp_outdir_opts oo = {NULL, 0, 0, (size_t)-1};
	mcp_outfile *out;
	size_t n;
	int nk, rc;

	if (b->o.to_stdout) {
		if (fwrite(b->files[2].ptr, 1, b->files[2].len, stdout) ==
		        b->files[2].len &&
		    fflush(stdout) == 0)
			return 0;
		cli_error("build: cannot write the manifests: %s",
		          strerror(errno));
		return MCP_EIO;
	}
	nk = keeps_make(&ks, b->spec);
	oo.keep = ks.k;
	oo.nkeep = nk > 0 ? (size_t)nk : 0;
	oo.own_path = !b->o.output; /* out/NAME/ENV is build's own */
	if (nk < 0)
		rc = nk;
	else if (b->o.check_only)
		rc = compare(b, &oo);
	else {
		out = outfiles(b, &n);
		rc = out ? mcp_outdir_write(b->dir, out, n, &oo, b->d)
		         : MCP_ENOMEM;
		free(out);
		if (rc == 0 && !b->o.render.quiet)
			fprintf(stderr, "mcpc: build: wrote %s/\n", b->dir);
	}
	keeps_free(&ks);
	return rc;
}

/* The worse of two exit statuses. */
static int worse(int a, int b)
{
	return a == EXIT_TROUBLE || b == EXIT_TROUBLE     ? EXIT_TROUBLE
	       : a == EXIT_FINDINGS || b == EXIT_FINDINGS ? EXIT_FINDINGS
	                                                  : EXIT_CLEAN;
}

/* Two specs that build into one folder: the second is refused. */
static int same_dirs(build *bs, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++)
		for (j = 0; j < i; j++)
			if (strcmp(bs[i].dir, bs[j].dir) == 0) {
				mcp_buf what;
				int rc;
				mcp_buf_init(&what);
				mcp_buf_printf(&what, "%s/, as %s does",
				               bs[i].dir, bs[j].spec);
				rc =
				    what.oom
				        ? MCP_ENOMEM
				        : refuse(
				              &bs[i], "the spec builds into %s",
				              what.ptr,
				              "give the specs different "
				              "metadata.name values, or build "
				              "them apart with -o");
				mcp_buf_free(&what);
				return rc;
			}
	return 0;
}

/*
 * Check every spec, then, when no finding reaches --fail-on, render them
 * all, then write (or compare, or print) each: the exit status. @p run
 * holds the findings of the run itself (the project, rule packs, unused
 * waivers); with one spec it is that spec's, as its report files say.
 */
static int build_all(build *bs, size_t n, mcp_diag *run)
{
	const cli_opts *o = &bs[0].o;
	/* the report: standard error with the manifests on standard output,
	 * and after --check's diff */
	FILE *report = o->to_stdout ? stderr : stdout;
	cli_progress pr;
	size_t i;
	/* each stage's first trouble; stale: --check found a difference */
	int crc = 0, rrc = 0, wrc = 0, status, stale = 0, r;

	cli_progress_start(&pr, "build", "specs", n, o->render.quiet);
	for (i = 0; i < n && crc != MCP_ENOMEM; i++) {
		r = check_spec(&bs[i]);
		cli_progress_show(&pr, i + 1);
		if (r != 0 && crc == 0)
			crc = r; /* trouble: exit 2 even without a finding */
	}
	cli_progress_end(&pr);
	if (crc != MCP_ENOMEM && cli_checker_finish(bs[0].k, run) != 0)
		crc = MCP_ENOMEM;
	status = cli_finish_to(o, run, NULL);
	for (i = 0; i < n; i++)
		status = worse(status, cli_finish_to(o, bs[i].d, NULL));
	/* every spec passed: render them all, then (all rendered, each into
	 * a folder of its own) write */
	for (i = 0; !crc && status == EXIT_CLEAN && !rrc && i < n; i++) {
		rrc = output_dir(&bs[i]);
		if (rrc == 0)
			rrc = render(&bs[i]);
	}
	if (!crc && status == EXIT_CLEAN && !rrc && n > 1)
		rrc = same_dirs(bs, n);
	if (!crc && status == EXIT_CLEAN && !rrc) {
		cli_progress_start(&pr, "build", "folders", n,
		                   o->render.quiet || o->to_stdout);
		if (o->check_only)
			report = stderr;
		for (i = 0; !wrc && i < n; i++) {
			r = write_spec(&bs[i]);
			cli_progress_show(&pr, i + 1);
			if (r == 1)
				stale = 1;
			else
				wrc = r;
		}
		cli_progress_end(&pr);
	}
	for (i = 0; n > 1 && i < n; i++)
		if (mcp_diag_copy(run, bs[i].d) < 0)
			crc = MCP_ENOMEM;
	if (crc == MCP_ENOMEM || rrc == MCP_ENOMEM || wrc == MCP_ENOMEM) {
		cli_error("build: out of memory");
		return EXIT_TROUBLE;
	}
	status = cli_finish_to(o, run, report);
	if (crc) /* a spec that could not be read or checked */
		return status == EXIT_CLEAN ? EXIT_TROUBLE : status;
	if (rrc) /* a kind the target lacks, a chart that refuses the values */
		return status == EXIT_CLEAN ? EXIT_FINDINGS : status;
	if (wrc) /* the findings say why */
		return status == EXIT_CLEAN ? EXIT_TROUBLE : status;
	return stale ? worse(status, EXIT_FINDINGS) : status;
}

/* The flags that cannot go with several specs, or with each other. */
static const char *usage_error(const cli_opts *o)
{
	if (o->nargs == 0)
		return "give a SPEC";
	if (o->to_stdout && (o->check_only || o->output))
		return "--stdout goes with neither --check nor -o; drop one of "
		       "them";
	if (o->to_stdout && o->chart)
		return "--chart writes a folder, --stdout only the manifests; "
		       "drop one of them";
	if (o->nargs > 1 && o->output)
		return "-o names one folder: build several specs without it "
		       "(each into out/NAME/ENV/)";
	if (o->nargs > 1 && o->to_stdout)
		return "--stdout prints one spec's manifests: give one SPEC";
	if (o->chart && !mcp_embedded_find(CHART_PREFIX "Chart.yaml"))
		return "--chart: this mcpc was built without the chart";
	return NULL;
}

int cmd_build(int argc, char **argv)
{
	cli_opts o;
	build *bs = NULL;
	mcp_diag *run = NULL;
	const char *why;
	void *k = NULL;
	int status;
	size_t i, j;

	status = cli_parse(&o, argc, argv,
	                   CLI_MATRIX | CLI_RULES | CLI_WAIVERS | CLI_CONFIG |
	                       CLI_BUILD);
	if (status == 0 && o.help) {
		fputs(usage, stdout);
	} else if (status == 0 && (why = usage_error(&o)) != NULL) {
		cli_error("build: %s (see 'mcpc build --help')", why);
		status = EXIT_TROUBLE;
	} else if (status == 0 && (!(bs = calloc(o.nargs, sizeof(*bs))) ||
	                           mcp_diag_new(&run) < 0)) {
		cli_error("out of memory");
		status = EXIT_TROUBLE;
	} else if (status == 0) {
		/* the findings --stdout and --check print on standard error
		 * are no report, and stay quiet when clean */
		o.render.has_specs = !o.to_stdout && !o.check_only;
		o.render.specs = (long)o.nargs;
		if (cli_checker_prepare(&o, run, &k) == MCP_ENOMEM) {
			cli_error("build: out of memory");
			status = EXIT_TROUBLE;
		}
		for (i = 0; status == 0 && i < o.nargs; i++) {
			bs[i].o = o;
			bs[i].spec = o.args[i];
			bs[i].k = k;
			for (j = 0; j < NFILES; j++)
				mcp_buf_init(&bs[i].files[j]);
			if (o.nargs == 1)
				bs[i].d = run;
			else if (mcp_diag_new(&bs[i].d) < 0) {
				cli_error("out of memory");
				status = EXIT_TROUBLE;
			}
		}
		if (status == 0)
			status = build_all(bs, o.nargs, run);
	}
	for (i = 0; bs && i < o.nargs; i++) {
		for (j = 0; j < NFILES; j++)
			mcp_buf_free(&bs[i].files[j]);
		mcp_source_free(bs[i].merged);
		mcp_source_free(bs[i].src);
		if (bs[i].d != run)
			mcp_diag_free(bs[i].d);
		free(bs[i].dir);
	}
	free(bs);
	cli_checker_release(k);
	mcp_diag_free(run);
	cli_opts_free(&o);
	return status;
}
