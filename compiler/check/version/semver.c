/*
 * semver.c: SemVer 2.0.0 versions and npm ranges, following node-semver's
 * satisfies() with its default options to the letter (the differential
 * test in tests/conformance/ compares the two on thousands of pairs). The
 * range pipeline is node-semver's: strip build metadata, expand hyphen
 * ranges, glue operators to versions, expand ~ ^ and x-ranges, then test
 * comparator sets, with the rule that a prerelease matches only a set
 * that names the same major.minor.patch with a prerelease.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/version/semver.h"
#include "mcpc/mcpc.h"

#define MAX_LENGTH 256
#define MAX_SAFE   9007199254740991ULL

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_ident(char c)
{
	return is_digit(c) || is_letter(c) || c == '-';
}

/* ---- matchers: each returns the end of its match, or -1 ---- */

/* 0|[1-9]\d* */
static long m_num(const char *s, long n, long i)
{
	if (i < n && s[i] == '0')
		return i + 1;
	if (i >= n || s[i] < '1' || s[i] > '9')
		return -1;
	while (i < n && is_digit(s[i]))
		i++;
	return i;
}

static long loose_num(const char *s, long n, long i);

/* \d*[a-zA-Z-][a-zA-Z0-9-]* | 0|[1-9]\d*; loose: numbers may have
 * leading zeros */
static long pre_id(const char *s, long n, long i, int loose)
{
	long j = i;

	while (j < n && is_digit(s[j]))
		j++;
	if (j < n && (is_letter(s[j]) || s[j] == '-')) {
		j++;
		while (j < n && is_ident(s[j]))
			j++;
		return j;
	}
	return loose ? loose_num(s, n, i) : m_num(s, n, i);
}

/* -id(.id)* (returns i when absent) */
static long m_pre(const char *s, long n, long i)
{
	long j, k;

	if (i >= n || s[i] != '-' || (j = pre_id(s, n, i + 1, 0)) < 0)
		return i;
	while (j < n && s[j] == '.' && (k = pre_id(s, n, j + 1, 0)) >= 0)
		j = k;
	return j;
}

/* +id(.id)* with ids of [a-zA-Z0-9-]+ (returns i when absent) */
static long m_build(const char *s, long n, long i)
{
	long j;

	if (i >= n || s[i] != '+' || i + 1 >= n || !is_ident(s[i + 1]))
		return i;
	j = i + 1;
	for (;;) {
		while (j < n && is_ident(s[j]))
			j++;
		if (j + 1 < n && s[j] == '.' && is_ident(s[j + 1]))
			j++;
		else
			return j;
	}
}

/* A number of a version; false past 2^53 - 1 (node's MAX_SAFE_INTEGER). */
static int to_num(const char *s, long len, uint64_t *out)
{
	uint64_t v = 0;
	long i;

	if (len > 16)
		return 0;
	for (i = 0; i < len; i++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	*out = v;
	return v <= MAX_SAFE;
}

/* FULLPLAIN, the whole of s[0, n): v?N.N.N(-pre)?(+build)? */
static int parse_plain(const char *s, long n, sv_version *v)
{
	long i = 0, a, b, c, e;

	if (i < n && s[i] == 'v')
		i++;
	a = i;
	if ((i = m_num(s, n, i)) < 0 || i >= n || s[i] != '.')
		return 0;
	b = ++i;
	if ((i = m_num(s, n, i)) < 0 || i >= n || s[i] != '.')
		return 0;
	c = ++i;
	if ((i = m_num(s, n, i)) < 0)
		return 0;
	e = i;
	i = m_pre(s, n, i);
	v->pre_len = i > e ? (size_t)(i - e - 1) : 0;
	if (v->pre_len >= sizeof(v->pre))
		return 0; /* longer than any valid version (256 bytes) */
	if (v->pre_len)
		memcpy(v->pre, s + e + 1, v->pre_len);
	v->pre[v->pre_len] = '\0';
	i = m_build(s, n, i);
	if (i != n)
		return 0;
	return to_num(s + a, b - 1 - a, &v->major) &&
	       to_num(s + b, c - 1 - b, &v->minor) &&
	       to_num(s + c, e - c, &v->patch);
}

int sv_parse(sv_version *v, const char *s, size_t len)
{
	const char *e = s + len;

	if (len > MAX_LENGTH)
		return 0;
	while (s < e && is_ws(*s))
		s++;
	while (e > s && is_ws(e[-1]))
		e--;
	return parse_plain(s, e - s, v);
}

/* ---- comparing ---- */

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static int all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return n > 0;
}

/* node-semver's compareIdentifiers: numbers below words, numbers by
 * value, words in ASCII order. */
static int cmp_ident(const char *a, size_t an, const char *b, size_t bn)
{
	int ad = all_digits(a, an), bd = all_digits(b, bn), c;

	if (ad && bd) {
		while (an > 1 && *a == '0')
			a++, an--;
		while (bn > 1 && *b == '0')
			b++, bn--;
		if (an != bn)
			return an < bn ? -1 : 1;
		c = memcmp(a, b, an);
		return c < 0 ? -1 : c > 0;
	}
	if (ad != bd)
		return ad ? -1 : 1;
	c = memcmp(a, b, an < bn ? an : bn);
	if (c)
		return c < 0 ? -1 : 1;
	return an < bn ? -1 : an > bn;
}

int sv_compare(const sv_version *a, const sv_version *b)
{
	const char *p = a->pre, *q = b->pre;
	int c;

	if ((c = cmp_u64(a->major, b->major)) ||
	    (c = cmp_u64(a->minor, b->minor)) ||
	    (c = cmp_u64(a->patch, b->patch)))
		return c;
	if (!a->pre_len || !b->pre_len)
		return a->pre_len ? -1 : b->pre_len ? 1 : 0;
	for (;;) {
		size_t pn = strcspn(p, "."), qn = strcspn(q, ".");
		if ((c = cmp_ident(p, pn, q, qn)) != 0)
			return c;
		p += pn;
		q += qn;
		if (!*p || !*q)
			return *p ? 1 : *q ? -1 : 0;
		p++;
		q++;
	}
}

/* ---- the range pipeline, on strings, as node-semver does it ---- */

/* XRANGEPLAIN at s[i]: [v=\s]*(id)(.(id)(.(id)(pre)?(build)?)?)? */
typedef struct xr {
	long start, end;
	const char *M, *m, *p, *pr;
	long Ml, ml, pl, prl;
} xr;

static long m_xid(const char *s, long n, long i)
{
	if (i < n && (s[i] == 'x' || s[i] == 'X' || s[i] == '*'))
		return i + 1;
	return m_num(s, n, i);
}

static long m_xr(const char *s, long n, long i, xr *x)
{
	long j, k;

	memset(x, 0, sizeof(*x));
	x->start = i;
	while (i < n && (s[i] == 'v' || s[i] == '=' || is_ws(s[i])))
		i++;
	if ((j = m_xid(s, n, i)) < 0)
		return -1;
	x->M = s + i;
	x->Ml = j - i;
	if (j < n && s[j] == '.' && (k = m_xid(s, n, j + 1)) >= 0) {
		x->m = s + j + 1;
		x->ml = k - j - 1;
		j = k;
		if (j < n && s[j] == '.' && (k = m_xid(s, n, j + 1)) >= 0) {
			long e;
			x->p = s + j + 1;
			x->pl = k - j - 1;
			j = k;
			e = m_pre(s, n, j);
			if (e > j) {
				x->pr = s + j + 1;
				x->prl = e - j - 1;
			}
			j = m_build(s, n, e);
		}
	}
	x->end = j;
	return j;
}

static int is_x(const char *id, long len)
{
	return !id || len == 0 ||
	       (len == 1 && (*id == 'x' || *id == 'X' || *id == '*'));
}

/* Decimal digits plus one. */
static void put_inc(mcp_buf *b, const char *d, long len)
{
	size_t at = b->len;
	long i;

	mcp_buf_put(b, d, (size_t)len);
	for (i = len - 1; i >= 0; i--) {
		if (b->ptr[at + i] != '9') {
			b->ptr[at + i]++;
			return;
		}
		b->ptr[at + i] = '0';
	}
	mcp_buf_putc(b, '0');
	b->ptr[at] = '1';
}

#define PUT(b, p, l) mcp_buf_put(b, p, (size_t)(l))

/* the hyphen range "A - B" of a whole (trimmed) range, or 0 */
static int hyphen(mcp_buf *out, const char *s, long n)
{
	xr f, t;
	long i = 0, j;

	if (i < n && is_ws(s[i]))
		i++;
	if (m_xr(s, n, i, &f) < 0)
		return 0;
	j = f.end;
	if (!(j + 2 < n && is_ws(s[j]) && s[j + 1] == '-' && is_ws(s[j + 2])))
		return 0;
	if (m_xr(s, n, j + 3, &t) < 0)
		return 0;
	j = t.end;
	if (j < n && is_ws(s[j]))
		j++;
	if (j != n)
		return 0;
	if (is_x(f.M, f.Ml)) {
	} else if (is_x(f.m, f.ml)) {
		mcp_buf_puts(out, ">=");
		PUT(out, f.M, f.Ml);
		mcp_buf_puts(out, ".0.0");
	} else if (is_x(f.p, f.pl)) {
		mcp_buf_puts(out, ">=");
		PUT(out, f.M, f.Ml);
		mcp_buf_putc(out, '.');
		PUT(out, f.m, f.ml);
		mcp_buf_puts(out, ".0");
	} else {
		mcp_buf_puts(out, ">=");
		PUT(out, s + f.start, f.end - f.start);
	}
	mcp_buf_putc(out, ' ');
	if (is_x(t.M, t.Ml)) {
	} else if (is_x(t.m, t.ml)) {
		mcp_buf_putc(out, '<');
		put_inc(out, t.M, t.Ml);
		mcp_buf_puts(out, ".0.0-0");
	} else if (is_x(t.p, t.pl)) {
		mcp_buf_putc(out, '<');
		PUT(out, t.M, t.Ml);
		mcp_buf_putc(out, '.');
		put_inc(out, t.m, t.ml);
		mcp_buf_puts(out, ".0-0");
	} else if (t.pr) {
		mcp_buf_puts(out, "<=");
		PUT(out, t.M, t.Ml);
		mcp_buf_putc(out, '.');
		PUT(out, t.m, t.ml);
		mcp_buf_putc(out, '.');
		PUT(out, t.p, t.pl);
		mcp_buf_putc(out, '-');
		PUT(out, t.pr, t.prl);
	} else {
		mcp_buf_puts(out, "<=");
		PUT(out, s + t.start, t.end - t.start);
	}
	/* `${from} ${to}`.trim() */
	while (out->len && is_ws(out->ptr[out->len - 1]))
		out->len--;
	out->ptr[out->len] = '\0';
	if (out->len && is_ws(out->ptr[0])) {
		memmove(out->ptr, out->ptr + 1, out->len);
		out->len--;
	}
	return 1;
}

/* ---- trimComparatorWhitespace, as node-semver 7.8 writes it ---- */

static int is_vprefix(char c)
{
	return c == 'v' || c == '=' || is_ws(c);
}

static int is_vstart(char c)
{
	return is_digit(c) || c == 'x' || c == 'X' || c == '*';
}

/* the end of a loose number (\d+, up to 256 digits) */
static long loose_num(const char *s, long n, long i)
{
	long j = i;

	while (j < n && is_digit(s[j]) && j - i < MAX_LENGTH)
		j++;
	return j;
}

static long loose_full_end(const char *s, long n, long start)
{
	long end = start, k, next;
	int hyphen_seen;

	for (k = 0; k < 3; k++) {
		next = loose_num(s, n, end);
		if (next == end)
			return start;
		end = next;
		if (k < 2) {
			if (end >= n || s[end] != '.')
				return start;
			end++;
		}
	}
	/* prerelease, loose: the hyphen is optional */
	hyphen_seen = end < n && s[end] == '-';
	{
		long id = end + (hyphen_seen ? 1 : 0);
		long e = pre_id(s, n, id, 1);
		if (e == id && hyphen_seen)
			e = pre_id(s, n, end, 1), id = end;
		if (e != id) {
			end = e;
			while (end < n && s[end] == '.') {
				long x = pre_id(s, n, end + 1, 1);
				if (x == end + 1)
					break;
				end = x;
			}
		}
	}
	return m_build(s, n, end);
}

static long partial_component_end(const char *s, long n, long i)
{
	if (i < n && is_digit(s[i])) {
		if (s[i] == '0')
			return i + 1;
		return loose_num(s, n, i);
	}
	return i < n && is_vstart(s[i]) ? i + 1 : i;
}

static long partial_end(const char *s, long n, long start)
{
	long end = partial_component_end(s, n, start), k, next;

	for (k = 0; k < 2; k++) {
		if (end >= n || s[end] != '.')
			return end;
		next = partial_component_end(s, n, end + 1);
		if (next == end + 1)
			return end;
		end = next;
	}
	return m_build(s, n, m_pre(s, n, end));
}

static long version_end(const char *s, long n, long start)
{
	long full = loose_full_end(s, n, start);
	return full != start ? full : partial_end(s, n, start);
}

static void trim_comparator_ws(mcp_buf *out, const char *s, long n)
{
	long copy_from = 0, cursor = 0;

	while (cursor < n) {
		long match_start = cursor, pos;
		if (s[cursor] == '<' || s[cursor] == '>') {
			cursor++;
		} else if (!is_vprefix(s[cursor]) && !is_vstart(s[cursor])) {
			cursor++;
			continue;
		}
		while (cursor < n && is_vprefix(s[cursor]))
			cursor++;
		if (cursor >= n || !is_vstart(s[cursor]))
			continue;
		pos = match_start;
		if (pos < n && is_ws(s[pos]))
			pos++;
		if (pos < n && (s[pos] == '<' || s[pos] == '>'))
			pos++;
		if (pos < n && s[pos] == '=')
			pos++;
		if (pos < n && is_ws(s[pos])) {
			PUT(out, s + copy_from, pos - copy_from);
			copy_from = pos + 1;
		}
		cursor = version_end(s, n, cursor);
	}
	PUT(out, s + copy_from, n - copy_from);
}

/* (\s?)~>?\s -> $1~ and (\s?)\^\s -> $1^, everywhere */
static void trim_tilde_caret(mcp_buf *out, const char *s, long n)
{
	long i = 0;

	while (i < n) {
		if (s[i] == '~') {
			long j = i + 1;
			if (j < n && s[j] == '>')
				j++;
			if (j < n && is_ws(s[j])) {
				mcp_buf_putc(out, '~');
				i = j + 1;
				continue;
			}
		} else if (s[i] == '^' && i + 1 < n && is_ws(s[i + 1])) {
			mcp_buf_putc(out, '^');
			i += 2;
			continue;
		}
		mcp_buf_putc(out, s[i++]);
	}
}

/* "^1.2.3" etc.: the anchored CARET/TILDE regexes; 1 when replaced. */
static int caret_or_tilde(mcp_buf *out, const char *c, long n, int caret)
{
	long i = 1;
	xr x;
	int M0;

	if (n < 1 || c[0] != (caret ? '^' : '~'))
		return 0;
	if (!caret && i < n && c[i] == '>')
		i++;
	if (m_xr(c, n, i, &x) < 0 || x.end != n)
		return 0;
	M0 = x.Ml == 1 && x.M[0] == '0';
	if (is_x(x.M, x.Ml))
		return 1;
	if (is_x(x.m, x.ml)) {
		mcp_buf_puts(out, ">=");
		PUT(out, x.M, x.Ml);
		mcp_buf_puts(out, ".0.0 <");
		put_inc(out, x.M, x.Ml);
		mcp_buf_puts(out, ".0.0-0");
		return 1;
	}
	mcp_buf_puts(out, ">=");
	PUT(out, x.M, x.Ml);
	mcp_buf_putc(out, '.');
	PUT(out, x.m, x.ml);
	mcp_buf_putc(out, '.');
	if (is_x(x.p, x.pl)) {
		mcp_buf_putc(out, '0');
	} else {
		PUT(out, x.p, x.pl);
		if (x.pr) {
			mcp_buf_putc(out, '-');
			PUT(out, x.pr, x.prl);
		}
	}
	mcp_buf_puts(out, " <");
	if (caret && !M0) {
		put_inc(out, x.M, x.Ml);
		mcp_buf_puts(out, ".0.0-0");
	} else if (caret && !is_x(x.p, x.pl) && x.ml == 1 && x.m[0] == '0') {
		/* ^0.0.3 := <0.0.4-0 */
		PUT(out, x.M, x.Ml);
		mcp_buf_puts(out, ".0.");
		put_inc(out, x.p, x.pl);
		mcp_buf_puts(out, "-0");
	} else {
		PUT(out, x.M, x.Ml);
		mcp_buf_putc(out, '.');
		put_inc(out, x.m, x.ml);
		mcp_buf_puts(out, ".0-0");
	}
	return 1;
}

/* GTLT: ((?:<|>)?=?) */
static long m_gtlt(const char *s, long n)
{
	long i = 0;

	if (i < n && (s[i] == '<' || s[i] == '>'))
		i++;
	if (i < n && s[i] == '=')
		i++;
	return i;
}

/* The anchored XRANGE regex, ^GTLT\s?XRANGEPLAIN$; 1 when replaced. */
static int xrange(mcp_buf *out, const char *c, long n)
{
	long g = m_gtlt(c, n), i;
	char op[3];
	xr x;
	int xM, xm, xp;

	for (;; g--) {
		i = g;
		if (i < n && is_ws(c[i]))
			i++;
		if (m_xr(c, n, i, &x) >= 0 && x.end == n)
			break;
		if (g == 0)
			return 0;
	}
	memcpy(op, c, (size_t)g);
	op[g] = '\0';
	/* x.1 or 1.x.2: not an x-range; left as it is */
	if ((is_x(x.M, x.Ml) && !is_x(x.m, x.ml)) ||
	    (is_x(x.m, x.ml) && x.p && !is_x(x.p, x.pl)))
		return 0;
	xM = is_x(x.M, x.Ml);
	xm = xM || is_x(x.m, x.ml);
	xp = xm || is_x(x.p, x.pl);
	if (strcmp(op, "=") == 0 && xp)
		op[0] = '\0';
	if (xM) {
		mcp_buf_puts(out, strcmp(op, ">") == 0 || strcmp(op, "<") == 0
		                      ? "<0.0.0-0"
		                      : "*");
		return 1;
	}
	if (op[0] && xp) {
		const char *pre = "";
		if (strcmp(op, ">") == 0) {
			mcp_buf_puts(out, ">=");
			if (xm) {
				put_inc(out, x.M, x.Ml);
				mcp_buf_puts(out, ".0.0");
			} else {
				PUT(out, x.M, x.Ml);
				mcp_buf_putc(out, '.');
				put_inc(out, x.m, x.ml);
				mcp_buf_puts(out, ".0");
			}
			return 1;
		}
		if (strcmp(op, "<=") == 0) {
			mcp_buf_putc(out, '<');
			if (xm) {
				put_inc(out, x.M, x.Ml);
				mcp_buf_puts(out, ".0.0-0");
			} else {
				PUT(out, x.M, x.Ml);
				mcp_buf_putc(out, '.');
				put_inc(out, x.m, x.ml);
				mcp_buf_puts(out, ".0-0");
			}
			return 1;
		}
		if (strcmp(op, "<") == 0)
			pre = "-0";
		mcp_buf_puts(out, op);
		PUT(out, x.M, x.Ml);
		mcp_buf_putc(out, '.');
		if (xm)
			mcp_buf_putc(out, '0');
		else
			PUT(out, x.m, x.ml);
		mcp_buf_puts(out, ".0");
		mcp_buf_puts(out, pre);
		return 1;
	}
	if (xm) {
		mcp_buf_puts(out, ">=");
		PUT(out, x.M, x.Ml);
		mcp_buf_puts(out, ".0.0 <");
		put_inc(out, x.M, x.Ml);
		mcp_buf_puts(out, ".0.0-0");
		return 1;
	}
	if (xp) {
		mcp_buf_puts(out, ">=");
		PUT(out, x.M, x.Ml);
		mcp_buf_putc(out, '.');
		PUT(out, x.m, x.ml);
		mcp_buf_puts(out, ".0 <");
		PUT(out, x.M, x.Ml);
		mcp_buf_putc(out, '.');
		put_inc(out, x.m, x.ml);
		mcp_buf_puts(out, ".0-0");
		return 1;
	}
	return 0;
}

/* Apply f to each whitespace-separated word of s into out. */
static void each_word(mcp_buf *out, const char *s, long n,
                      int (*f)(mcp_buf *, const char *, long, int), int arg)
{
	long i = 0;
	int first = 1;

	while (i < n) {
		long j;
		while (i < n && is_ws(s[i]))
			i++;
		if (i >= n)
			break;
		j = i;
		while (j < n && !is_ws(s[j]))
			j++;
		if (!first)
			mcp_buf_putc(out, ' ');
		first = 0;
		if (!f(out, s + i, j - i, arg))
			PUT(out, s + i, j - i);
		i = j;
	}
}

static int caret_word(mcp_buf *out, const char *c, long n, int arg)
{
	(void)arg;
	return caret_or_tilde(out, c, n, 1);
}

static int tilde_word(mcp_buf *out, const char *c, long n, int arg)
{
	(void)arg;
	return caret_or_tilde(out, c, n, 0);
}

static int xrange_word(mcp_buf *out, const char *c, long n, int arg)
{
	(void)arg;
	return xrange(out, c, n);
}

/* replaceStars: the first (<|>)?=?\s?\* goes, wherever it stands */
static void stars(mcp_buf *out, const char *s, long n)
{
	const char *star;
	long k, j;

	while (n && is_ws(*s))
		s++, n--;
	while (n && is_ws(s[n - 1]))
		n--;
	star = memchr(s, '*', (size_t)n);
	if (!star) {
		PUT(out, s, n);
		return;
	}
	k = star - s;
	for (j = k - 3 < 0 ? 0 : k - 3; j <= k; j++) {
		long i = j;
		if (i < k && (s[i] == '<' || s[i] == '>'))
			i++;
		if (i < k && s[i] == '=')
			i++;
		if (i < k && is_ws(s[i]))
			i++;
		if (i == k)
			break;
	}
	PUT(out, s, j);
	PUT(out, s + k + 1, n - k - 1);
}

/* node-semver's parseComparator for one word. */
static void parse_comparator(mcp_buf *out, const char *c, long n)
{
	mcp_buf a, b;

	mcp_buf_init(&a);
	mcp_buf_init(&b);
	each_word(&a, c, n, caret_word, 0);
	each_word(&b, a.ptr, (long)a.len, tilde_word, 0);
	mcp_buf_clear(&a);
	each_word(&a, b.ptr, (long)b.len, xrange_word, 0);
	stars(out, a.ptr, (long)a.len);
	mcp_buf_free(&a);
	mcp_buf_free(&b);
}

/* A comparator: ^GTLT\s?(FULLPLAIN)$ or empty (any). */
static int comparator(sv_comparator *cp, const char *s, long n)
{
	long g = m_gtlt(s, n), i = g;

	memset(cp, 0, sizeof(*cp));
	if (n == 0) {
		cp->any = 1;
		return 1;
	}
	if (i < n && is_ws(s[i]))
		i++;
	/* node-semver: a version longer than 256 characters is invalid */
	if (n - i > MAX_LENGTH || !parse_plain(s + i, n - i, &cp->v))
		return 0;
	if (g == 1 && s[0] == '=')
		g = 0;
	memcpy(cp->op, s, (size_t)g);
	cp->op[g] = '\0';
	return 1;
}

static int comparator_equal(const sv_comparator *a, const sv_comparator *b)
{
	if (a->any || b->any)
		return a->any == b->any;
	return strcmp(a->op, b->op) == 0 && sv_compare(&a->v, &b->v) == 0 &&
	       a->v.pre_len == b->v.pre_len && strcmp(a->v.pre, b->v.pre) == 0;
}

static int is_null_set(const sv_comparator *c)
{
	return !c->any && strcmp(c->op, "<") == 0 && c->v.major == 0 &&
	       c->v.minor == 0 && c->v.patch == 0 && strcmp(c->v.pre, "0") == 0;
}

static int add_comparator(sv_set *set, const sv_comparator *c)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (comparator_equal(&set->c[i], c)) {
			set->c[i] = *c; /* a Map keeps the first place */
			return 0;
		}
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 4;
		sv_comparator *cs = realloc(set->c, cap * sizeof(*cs));
		if (!cs)
			return MCP_ENOMEM;
		set->c = cs;
		set->cap = cap;
	}
	set->c[set->n++] = *c;
	return 0;
}

/* One "||" part: node-semver's parseRange. */
static int parse_set(sv_set *set, const char *s, long n)
{
	mcp_buf a, b;
	long i;
	int rc = 0;

	mcp_buf_init(&a);
	mcp_buf_init(&b);
	while (n && is_ws(*s))
		s++, n--;
	while (n && is_ws(s[n - 1]))
		n--;
	if (!hyphen(&a, s, n))
		PUT(&a, s, n);
	trim_comparator_ws(&b, a.ptr, (long)a.len);
	mcp_buf_clear(&a);
	trim_tilde_caret(&a, b.ptr, (long)b.len);
	/* split(' ') -> parseComparator -> join(' ') */
	mcp_buf_clear(&b);
	for (i = 0; i <= (long)a.len;) {
		long j = i;
		while (j < (long)a.len && a.ptr[j] != ' ')
			j++;
		if (i)
			mcp_buf_putc(&b, ' ');
		parse_comparator(&b, a.ptr + i, j - i);
		i = j + 1;
	}
	/* split(/\s+/) -> replaceGTE0 -> Comparator, every one parsed */
	i = 0;
	do {
		long j, e;
		sv_comparator c;
		const char *w;
		while (i < (long)b.len && is_ws(b.ptr[i]))
			i++;
		j = i;
		while (j < (long)b.len && !is_ws(b.ptr[j]))
			j++;
		w = b.ptr + i;
		e = j - i;
		if (e == 7 && memcmp(w, ">=0.0.0", 7) == 0)
			e = 0; /* >=0.0.0 is * */
		if (!comparator(&c, w, e)) {
			rc = MCP_EPARSE;
			break;
		}
		if ((rc = add_comparator(set, &c)) < 0)
			break;
		i = j;
	} while (i < (long)b.len);
	if (rc == 0) {
		/* a null set is the whole set; with more than one, "" goes */
		size_t r, w = 0;
		for (r = 0; r < set->n; r++)
			if (is_null_set(&set->c[r])) {
				set->c[0] = set->c[r];
				set->n = 1;
				break;
			}
		for (r = 0; set->n > 1 && r < set->n; r++)
			if (!set->c[r].any)
				set->c[w++] = set->c[r];
		if (set->n > 1)
			set->n = w;
	}
	mcp_buf_free(&a);
	mcp_buf_free(&b);
	return rc;
}

void sv_range_free(sv_range *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->sets[i].c);
	free(r->sets);
	memset(r, 0, sizeof(*r));
}

int sv_range_parse(sv_range *r, const char *text)
{
	mcp_buf raw;
	const char *p, *e;
	size_t i;
	int rc = 0;

	memset(r, 0, sizeof(*r));
	/* trim, and every run of white space becomes one space */
	mcp_buf_init(&raw);
	for (p = text; *p && is_ws(*p); p++)
		;
	for (; *p; p++) {
		if (is_ws(*p)) {
			while (p[1] && is_ws(p[1]))
				p++;
			if (p[1])
				mcp_buf_putc(&raw, ' ');
		} else {
			mcp_buf_putc(&raw, *p);
		}
	}
	/* build metadata goes everywhere: +id(.id)* */
	{
		mcp_buf nb;
		long n = (long)raw.len, k = 0;
		mcp_buf_init(&nb);
		while (k < n) {
			long e2 = m_build(raw.ptr, n, k);
			if (e2 > k) {
				k = e2;
				continue;
			}
			mcp_buf_putc(&nb, raw.ptr[k++]);
		}
		mcp_buf_free(&raw);
		raw = nb;
	}
	if (raw.oom) {
		mcp_buf_free(&raw);
		return MCP_ENOMEM;
	}
	for (p = raw.ptr;; p = e + 2) {
		sv_set set = {NULL, 0, 0};
		e = strstr(p, "||");
		if (!e)
			e = p + strlen(p);
		rc = parse_set(&set, p, e - p);
		if (rc == 0 && set.n == 0)
			rc = MCP_EPARSE;
		if (rc == 0) {
			sv_set *sets =
			    realloc(r->sets, (r->n + 1) * sizeof(*sets));
			if (!sets)
				rc = MCP_ENOMEM;
			else {
				r->sets = sets;
				r->sets[r->n++] = set;
				set.c = NULL;
			}
		}
		free(set.c);
		if (rc < 0 || !*e)
			break;
	}
	mcp_buf_free(&raw);
	if (rc < 0) {
		sv_range_free(r);
		return rc;
	}
	if (r->n > 1) {
		/* null sets go unless all are (then the first stays); then a
		 * set that is just "*" is the whole range */
		size_t o = 0, k, live = 0;
		for (i = 0; i < r->n; i++)
			live += !is_null_set(&r->sets[i].c[0]);
		for (i = 0; i < r->n; i++) {
			if (live ? is_null_set(&r->sets[i].c[0]) : i > 0)
				free(r->sets[i].c);
			else
				r->sets[o++] = r->sets[i];
		}
		r->n = o;
		for (i = 0; r->n > 1 && i < r->n; i++) {
			if (r->sets[i].n == 1 && r->sets[i].c[0].any) {
				sv_set any = r->sets[i];
				for (k = 0; k < r->n; k++)
					if (k != i)
						free(r->sets[k].c);
				r->sets[0] = any;
				r->n = 1;
			}
		}
	}
	return 0;
}

static int test_comparator(const sv_comparator *c, const sv_version *v)
{
	int d;

	if (c->any)
		return 1;
	d = sv_compare(v, &c->v);
	if (!c->op[0])
		return d == 0;
	if (c->op[0] == '<')
		return c->op[1] == '=' ? d <= 0 : d < 0;
	return c->op[1] == '=' ? d >= 0 : d > 0;
}

static int test_set(const sv_set *s, const sv_version *v)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!test_comparator(&s->c[i], v))
			return 0;
	if (!v->pre_len)
		return 1;
	/* a prerelease only where a comparator of the same x.y.z has one */
	for (i = 0; i < s->n; i++) {
		const sv_comparator *c = &s->c[i];
		if (!c->any && c->v.pre_len && c->v.major == v->major &&
		    c->v.minor == v->minor && c->v.patch == v->patch)
			return 1;
	}
	return 0;
}

int sv_range_test(const sv_range *r, const sv_version *v)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (test_set(&r->sets[i], v))
			return 1;
	return 0;
}
