/*
 * fuzz_version.c: libFuzzer target for the version engine: the input is
 * VERSION, a tab, RANGE; every scheme parses and matches it, and compares
 * the two halves as versions. A crash or sanitizer report is a bug; so is
 * a match that is neither true, false nor a clean error.
 *
 *   make build-fuzz/fuzz_version && build-fuzz/fuzz_version -max_len=512
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mcpc/mcpc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const mcp_scheme schemes[] = {
	    MCP_SCHEME_SEMVER, MCP_SCHEME_DOTTED, MCP_SCHEME_CALVER,
	    MCP_SCHEME_PEP440, MCP_SCHEME_GO,     MCP_SCHEME_HELM};
	char *text = malloc(size + 1), *tab;
	size_t i;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	tab = strchr(text, '\t');
	if (tab)
		*tab = '\0';
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		mcp_buf err;
		int match = -1, cmp = 0, rc;
		mcp_buf_init(&err);
		rc = mcp_version_match(&match, schemes[i], text,
		                       tab ? tab + 1 : "*", &err);
		if (rc == 0 && match != 0 && match != 1)
			abort();
		if (rc == MCP_EPARSE && err.len == 0)
			abort(); /* an error must say why */
		mcp_buf_clear(&err);
		rc = mcp_version_compare(&cmp, schemes[i], text,
		                         tab ? tab + 1 : text, &err);
		if (rc == 0 && !tab && cmp != 0)
			abort(); /* a version equals itself */
		mcp_buf_clear(&err);
		if (schemes[i] == MCP_SCHEME_SEMVER ||
		    schemes[i] == MCP_SCHEME_PEP440) {
			mcp_range_rel rel = MCP_RANGE_EMPTY;
			rc = mcp_range_relation(&rel, schemes[i], text,
			                        tab ? tab + 1 : text, &err);
			if (rc == 0 && (unsigned)rel > MCP_RANGE_SUBSET)
				abort();
			if (rc == 0 && !tab && rel != MCP_RANGE_EMPTY &&
			    rel != MCP_RANGE_SUBSET)
				abort(); /* a range holds itself */
		}
		mcp_buf_free(&err);
	}
	free(text);
	return 0;
}
