/*
 * fuzz_config.c: libFuzzer target for the files that configure a run: the
 * input is written as one file and read as a rule pack (or permission
 * map), a compatibility-matrix file, a waivers file and a project file,
 * each validated against its schema first. A crash, a leak or a sanitizer
 * report is a bug; a refusal must leave a finding that says why.
 *
 *   make build-fuzz/fuzz_config && build-fuzz/fuzz_config -max_len=16384 \
 *       rules/packs rules/compat rules/rbac
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mcpc/mcpc.h"

static mcp_schema *builtin;
static char dir[64], file[96];

static void clean_up(void)
{
	unlink(file);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	mcp_diag *d = NULL;

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "/tmp/mcpc-fuzz-config-XXXXXX");
	if (!mkdtemp(dir) || mcp_diag_new(&d) < 0 ||
	    mcp_schema_builtin(&builtin, NULL, d) != 0)
		abort();
	snprintf(file, sizeof(file), "%s/input.yaml", dir);
	atexit(clean_up);
	mcp_diag_free(d);
	return 0;
}

/* A failure must say why: a finding. */
static void explained(int rc, const mcp_diag *d)
{
	if (rc != 0 && rc != MCP_ENOMEM && mcp_diag_count(d) == 0)
		abort();
}

/* The input read as configuration file @p kind (0 rule packs, 1 matrix,
 * 2 waivers, 3 project), into a list of its own; everything freed. */
static void load_as(int kind)
{
	const char *dirs[1] = {dir};
	mcp_waiver_policy wp;
	mcp_rules *rules = NULL;
	mcp_matrix *matrix = NULL;
	mcp_waivers *waivers = NULL;
	mcp_project *project = NULL;
	mcp_diag *d = NULL;
	int rc = 0;

	/* no rules: the matrix's check ids are the only ones a waiver may
	 * name, so entries reach both the judge's refusals and its yes */
	if (mcp_diag_new(&d) < 0 ||
	    mcp_waiver_policy_init(&wp, "2026-11-26", 0, NULL) < 0) {
		mcp_diag_free(d);
		return;
	}
	switch (kind) {
	case 0:
		rc = mcp_rules_load(&rules, dirs, 1, builtin, NULL, d);
		break;
	case 1:
		rc = mcp_matrix_load(&matrix, dirs, 1, builtin, NULL, d);
		break;
	case 2:
		rc = mcp_waivers_load(&waivers, file, builtin, NULL, &wp, d);
		if (rc == 0)
			mcp_waivers_finish(waivers, NULL, d);
		break;
	default:
		rc = mcp_project_load(&project, file, builtin, NULL, d);
		break;
	}
	explained(rc, d);
	mcp_rules_free(rules);
	mcp_matrix_free(matrix);
	mcp_waivers_free(waivers);
	mcp_project_free(project);
	mcp_diag_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen(file, "wb");
	int kind;

	if (!f)
		return 0;
	if (size && fwrite(data, 1, size, f) != size) {
		fclose(f);
		return 0;
	}
	fclose(f);
	for (kind = 0; kind < 4; kind++)
		load_as(kind);
	return 0;
}
