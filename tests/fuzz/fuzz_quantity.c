/*
 * fuzz_quantity.c: libFuzzer target for Kubernetes quantities and Go
 * durations: the input is one string, parsed as both. A crash or sanitizer
 * report is a bug; so is a refusal that does not say why, or a quantity
 * that parses differently the second time.
 *
 *   make build-fuzz/fuzz_quantity && build-fuzz/fuzz_quantity -max_len=128
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mcpc/mcpc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	__int128 q = 0, again = 0;
	int64_t ns = 0;
	mcp_buf err;
	int rc;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	mcp_buf_init(&err);
	rc = mcp_quantity_parse(&q, text, &err);
	if (rc != 0 && err.len == 0)
		abort(); /* a refusal says why */
	if (rc == 0) {
		mcp_buf_clear(&err);
		if (mcp_quantity_parse(&again, text, &err) != 0 || again != q)
			abort(); /* the same text, the same value */
	}
	mcp_buf_clear(&err);
	rc = mcp_duration_parse(&ns, text, &err);
	if (rc != 0 && err.len == 0)
		abort();
	mcp_buf_free(&err);
	free(text);
	return 0;
}
