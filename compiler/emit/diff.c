/*
 * diff.c: a unified diff of two texts, line by line, for `mcpc build
 * --check`. The common head and tail are cut off first; what is left is
 * aligned by a longest common subsequence (or, when it is too large for
 * that, replaced whole), then printed in hunks with three lines of
 * context, as diff -u does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mcpc/mcpc.h"

#define CONTEXT   3
#define LCS_CELLS 16000000 /* the largest table the middle may need */

typedef struct lines {
	const char **at; /* the start of each line */
	size_t *len;     /* its length, without the newline */
	size_t n;
} lines;

static int split(lines *l, const char *s, size_t n)
{
	size_t i, k = 0, count = 0;

	for (i = 0; i < n; i++)
		if (s[i] == '\n')
			count++;
	if (n && s[n - 1] != '\n')
		count++;
	l->n = count;
	l->at = malloc((count + 1) * sizeof(*l->at));
	l->len = malloc((count + 1) * sizeof(*l->len));
	if (!l->at || !l->len)
		return MCP_ENOMEM;
	for (i = 0; i < n; k++) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;
		l->at[k] = s + i;
		l->len[k] = e - i;
		i = e + 1;
	}
	return 0;
}

static int same(const lines *a, size_t i, const lines *b, size_t j)
{
	return a->len[i] == b->len[j] &&
	       memcmp(a->at[i], b->at[j], a->len[i]) == 0;
}

/* The edit script: '=' (both), '-' (a only), '+' (b only), in order. */
static char *script(const lines *a, const lines *b, size_t *nops)
{
	size_t head = 0, tail = 0, n, m, i, j, k = 0;
	char *ops = malloc(a->n + b->n + 1);
	uint32_t *t = NULL;

	if (!ops)
		return NULL;
	while (head < a->n && head < b->n && same(a, head, b, head))
		head++;
	while (tail < a->n - head && tail < b->n - head &&
	       same(a, a->n - 1 - tail, b, b->n - 1 - tail))
		tail++;
	n = a->n - head - tail;
	m = b->n - head - tail;
	memset(ops, '=', head);
	k = head;
	if (n && m && (n + 1) * (m + 1) <= LCS_CELLS)
		t = calloc((n + 1) * (m + 1), sizeof(*t));
	if (t) {
		/* t[i][j]: LCS of a[head+i..] and b[head+j..] */
		for (i = n; i-- > 0;)
			for (j = m; j-- > 0;)
				t[i * (m + 1) + j] =
				    same(a, head + i, b, head + j)
				        ? t[(i + 1) * (m + 1) + j + 1] + 1
				    : t[(i + 1) * (m + 1) + j] >
				            t[i * (m + 1) + j + 1]
				        ? t[(i + 1) * (m + 1) + j]
				        : t[i * (m + 1) + j + 1];
		for (i = j = 0; i < n || j < m;) {
			if (i < n && j < m && same(a, head + i, b, head + j)) {
				ops[k++] = '=';
				i++;
				j++;
			} else if (j < m &&
			           (i == n || t[i * (m + 1) + j + 1] >
			                          t[(i + 1) * (m + 1) + j])) {
				ops[k++] = '+';
				j++;
			} else {
				ops[k++] = '-';
				i++;
			}
		}
		free(t);
	} else {
		memset(ops + k, '-', n);
		k += n;
		memset(ops + k, '+', m);
		k += m;
	}
	memset(ops + k, '=', tail);
	k += tail;
	*nops = k;
	return ops;
}

static void put_line(mcp_buf *out, char mark, const lines *l, size_t i)
{
	mcp_buf_putc(out, mark);
	mcp_buf_put(out, l->at[i], l->len[i]);
	mcp_buf_putc(out, '\n');
}

int mcp_diff_unified(mcp_buf *out, const char *a_name, const char *a,
                     size_t alen, const char *b_name, const char *b,
                     size_t blen)
{
	lines la = {NULL, NULL, 0}, lb = {NULL, NULL, 0};
	size_t nops = 0, k, ai, bi;
	char *ops = NULL;
	int rc, changed = 0;

	rc = split(&la, a, alen);
	if (rc == 0)
		rc = split(&lb, b, blen);
	if (rc == 0 && !(ops = script(&la, &lb, &nops)))
		rc = MCP_ENOMEM;
	for (k = 0; rc == 0 && k < nops && !changed; k++)
		changed = ops[k] != '=';
	if (rc == 0 && changed) {
		mcp_buf_printf(out, "--- %s\n+++ %s\n", a_name, b_name);
		/* walk the script; a hunk spans changes less than 2*CONTEXT
		 * '=' lines apart, with CONTEXT lines around */
		k = ai = bi = 0;
		while (k < nops) {
			size_t start, end, s_ai, s_bi, x, na = 0, nb = 0, eq;
			if (ops[k] == '=') {
				k++;
				ai++;
				bi++;
				continue;
			}
			start = k;
			s_ai = ai;
			s_bi = bi;
			/* back up to CONTEXT lines of context */
			for (x = 0; x < CONTEXT && start > 0; x++) {
				start--;
				s_ai--;
				s_bi--;
			}
			/* on to the next run of more than 2*CONTEXT equal
			 * lines; keep CONTEXT of the trailing ones */
			end = k;
			eq = 0;
			while (end < nops) {
				if (ops[end] == '=') {
					if (eq == 2 * CONTEXT)
						break;
					eq++;
				} else {
					eq = 0;
				}
				end++;
			}
			while (eq > CONTEXT) {
				end--;
				eq--;
			}
			for (x = start; x < end; x++) {
				if (ops[x] != '+')
					na++;
				if (ops[x] != '-')
					nb++;
			}
			mcp_buf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n",
			               na ? s_ai + 1 : s_ai, na,
			               nb ? s_bi + 1 : s_bi, nb);
			ai = s_ai;
			bi = s_bi;
			for (x = start; x < end; x++) {
				if (ops[x] == '=') {
					put_line(out, ' ', &la, ai++);
					bi++;
				} else if (ops[x] == '-') {
					put_line(out, '-', &la, ai++);
				} else {
					put_line(out, '+', &lb, bi++);
				}
			}
			k = end;
		}
	}
	free(ops);
	free(la.at);
	free(la.len);
	free(lb.at);
	free(lb.len);
	if (rc == 0 && out->oom)
		rc = MCP_ENOMEM;
	return rc < 0 ? rc : changed;
}
