/*
 * pointer.c: whether a change reaches what a check reads (pointer.h).
 */
#include <stddef.h>
#include <string.h>

#include "support/pointer.h"

int mcp_pointer_reaches(const char *p, const char *c)
{
	while (*p == '/' && *c == '/') {
		size_t pl = strcspn(p + 1, "/"), cl = strcspn(c + 1, "/");
		if (!(pl == 1 && p[1] == '*') &&
		    (pl != cl || memcmp(p + 1, c + 1, pl) != 0))
			return 0;
		p += pl + 1;
		c += cl + 1;
	}
	return 1;
}

int mcp_pointers_reach(const char *const *patterns, const char *const *changed,
                       size_t n)
{
	size_t i, k;

	if (!changed)
		return 1;
	for (i = 0; i < n; i++)
		for (k = 0; patterns[k]; k++)
			if (mcp_pointer_reaches(patterns[k], changed[i]))
				return 1;
	return 0;
}
