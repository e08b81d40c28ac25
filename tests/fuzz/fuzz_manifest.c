/*
 * fuzz_manifest.c: libFuzzer target for the dependency-manifest readers.
 * The first byte picks the kind (go.mod, requirements.txt, package.json,
 * package-lock.json); the rest is written to a file of that name in a
 * private folder and read back. A crash, a leak, or a dependency without
 * a place is a bug.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mcpc/mcpc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {
	    "go.mod", "requirements.txt", "package.json", "package-lock.json"};
	static char dir[64];
	char path[128];
	mcp_manifest *m = NULL;
	mcp_diag *d;
	FILE *f;
	size_t i;

	if (size < 1)
		return 0;
	if (!dir[0]) {
		strcpy(dir, "/tmp/mcpc-fuzz-manifest-XXXXXX");
		if (!mkdtemp(dir))
			abort();
	}
	snprintf(path, sizeof(path), "%s/%s", dir, names[data[0] % 4]);
	f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data + 1, 1, size - 1, f);
	fclose(f);
	/* an include of itself or of a sibling exercises -r too */
	snprintf(path, sizeof(path), "%s/%s", dir, names[data[0] % 4]);
	if (mcp_diag_new(&d) < 0)
		return 0;
	mcp_manifest_load(&m, path, NULL, d);
	for (i = 0; m && i < m->ndeps; i++)
		if (!m->deps[i].name || !m->deps[i].version ||
		    !m->deps[i].loc.file || m->deps[i].loc.line == 0)
			abort();
	mcp_manifest_free(m);
	mcp_diag_free(d);
	return 0;
}
