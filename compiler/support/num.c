/*
 * num.c: strict unsigned decimal numbers (see num.h): digits only, checked
 * against a maximum before each step so that nothing ever wraps.
 */
#include <string.h>

#include "support/num.h"

int mcp_num_prefix(const char *s, size_t len, uint64_t max, uint64_t *out,
                   size_t *used)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		unsigned d = (unsigned)(s[i] - '0');
		/* v * 10 + d > max, asked without overflowing */
		if (v > max / 10 || (v == max / 10 && d > max % 10))
			return -1;
		v = v * 10 + d;
	}
	if (i == 0)
		return -1;
	*out = v;
	if (used)
		*used = i;
	return 0;
}

int mcp_num_parse_n(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v;
	size_t used;

	if (mcp_num_prefix(s, len, max, &v, &used) < 0 || used != len)
		return -1;
	*out = v;
	return 0;
}

int mcp_num_parse(const char *s, uint64_t max, uint64_t *out)
{
	return s ? mcp_num_parse_n(s, strlen(s), max, out) : -1;
}

int mcp_num_index(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	if (len > 1 && s[0] == '0')
		return -1;
	return mcp_num_parse_n(s, len, max, out);
}
