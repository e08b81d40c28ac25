/*
 * pep440.c: Python package versions and specifiers (PEP 440), following
 * the "packaging" library's Version and SpecifierSet (the version Debian
 * ships, which tests/conformance/pep440.sh compares with): epochs, pre,
 * post and dev releases, local versions, normalisation, and the operators
 * ~= == != <= >= < > === with "==1.2.*" prefixes and commas as AND.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/version/pep440.h"
#include "mcpc/mcpc.h"
#include "support/num.h"

static int is_sep(char c)
{
	return c == '-' || c == '_' || c == '.';
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Digits at s[*i] into *out (0 when there are none); 1 when some. */
static int digits(const char *s, size_t n, size_t *i, uint64_t *out)
{
	size_t used;

	if (*i >= n || !isdigit((unsigned char)s[*i])) {
		*out = 0;
		return 0;
	}
	if (mcp_num_prefix(s + *i, n - *i, UINT64_MAX / 10 - 10, out, &used) <
	    0)
		return -1; /* beyond what mcpc keeps */
	*i += used;
	return 1;
}

/* A case-insensitive keyword at s[*i]: the longest of @p words. */
static const char *keyword(const char *s, size_t n, size_t *i,
                           const char *const *words)
{
	const char *best = NULL;
	size_t blen = 0, k;

	for (k = 0; words[k]; k++) {
		size_t l = strlen(words[k]);
		if (l > blen && n - *i >= l &&
		    strncasecmp(s + *i, words[k], l) == 0) {
			best = words[k];
			blen = l;
		}
	}
	if (best)
		*i += blen;
	return best;
}

static const char *const pre_words[] = {"a",    "b",   "c",       "rc", "alpha",
                                        "beta", "pre", "preview", NULL};
static const char *const post_words[] = {"post", "rev", "r", NULL};
static const char *const dev_words[] = {"dev", NULL};

/* [-_.]?label[-_.]?N? ; returns 1 and moves *i when present */
static int labelled(const char *s, size_t n, size_t *i,
                    const char *const *words, const char **label, uint64_t *num)
{
	size_t j = *i;
	int r;

	if (j < n && is_sep(s[j]))
		j++;
	if (!(*label = keyword(s, n, &j, words)))
		return 0;
	{
		size_t k = j;
		if (k < n && is_sep(s[k]))
			k++;
		r = digits(s, n, &k, num);
		if (r < 0)
			return -1;
		if (r > 0 || k > j)
			j = k; /* a trailing separator alone is part of it too
			        */
	}
	*i = j;
	return 1;
}

int pep_parse(pep_version *v, const char *text, size_t n)
{
	size_t i = 0, j;
	const char *label;
	uint64_t num;
	int r;

	memset(v, 0, sizeof(*v));
	while (i < n && is_space(text[i]))
		i++;
	while (n > i && is_space(text[n - 1]))
		n--;
	if (i < n && (text[i] == 'v' || text[i] == 'V'))
		i++;
	/* epoch: N! */
	j = i;
	if ((r = digits(text, n, &j, &num)) < 0)
		return 0;
	if (r && j < n && text[j] == '!') {
		v->epoch = num;
		i = j + 1;
	}
	/* release: N(.N)* */
	for (;;) {
		if (v->nrel == PEP_MAX_RELEASE)
			return 0;
		if (digits(text, n, &i, &v->release[v->nrel]) <= 0)
			return 0;
		v->nrel++;
		if (i + 1 < n && text[i] == '.' &&
		    isdigit((unsigned char)text[i + 1]))
			i++;
		else
			break;
	}
	/* pre: [-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?N? */
	j = i;
	r = labelled(text, n, &j, pre_words, &label, &num);
	if (r < 0)
		return 0;
	if (r) {
		v->has_pre = 1;
		v->pre_n = num;
		if (label[0] == 'a' || label[0] == 'A')
			strcpy(v->pre_l, "a");
		else if ((label[0] == 'b' || label[0] == 'B'))
			strcpy(v->pre_l, "b");
		else
			strcpy(v->pre_l, "rc"); /* c, rc, pre, preview */
		i = j;
	}
	/* post: -N | [-_.]?(post|rev|r)[-_.]?N? */
	j = i;
	if (j + 1 < n && text[j] == '-' &&
	    isdigit((unsigned char)text[j + 1])) {
		j++;
		if (digits(text, n, &j, &num) < 0)
			return 0;
		v->has_post = 1;
		v->post_n = num;
		i = j;
	} else if ((r = labelled(text, n, &j, post_words, &label, &num)) != 0) {
		if (r < 0)
			return 0;
		v->has_post = 1;
		v->post_n = num;
		i = j;
	}
	/* dev: [-_.]?dev[-_.]?N? */
	j = i;
	if ((r = labelled(text, n, &j, dev_words, &label, &num)) != 0) {
		if (r < 0)
			return 0;
		v->has_dev = 1;
		v->dev_n = num;
		i = j;
	}
	/* local: +[a-z0-9]+([-_.][a-z0-9]+)*, kept lowercase with dots */
	if (i < n && text[i] == '+') {
		size_t o = 0;
		i++;
		for (;;) {
			size_t start = i;
			while (i < n && isalnum((unsigned char)text[i])) {
				if (o + 2 >= sizeof(v->local))
					return 0;
				v->local[o++] =
				    (char)tolower((unsigned char)text[i]);
				i++;
			}
			if (i == start)
				return 0;
			if (i + 1 < n && is_sep(text[i]) &&
			    isalnum((unsigned char)text[i + 1])) {
				v->local[o++] = '.';
				i++;
			} else {
				break;
			}
		}
		v->local[o] = '\0';
		v->has_local = 1;
	}
	return i == n;
}

/* ---- ordering: packaging's _cmpkey ---- */

static int cmp_u(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static int pre_rank(const char *l)
{
	return l[0] == 'a' ? 0 : l[0] == 'b' ? 1 : 2;
}

static int all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

/* local segments: numbers above words, numbers by value, words by text,
 * and a shorter list first when one is a prefix of the other */
static int cmp_local(const char *a, const char *b)
{
	for (;;) {
		size_t an = strcspn(a, "."), bn = strcspn(b, ".");
		int ad = all_digits(a, an), bd = all_digits(b, bn), c;
		if (ad != bd)
			return ad ? 1 : -1;
		if (ad) {
			while (an > 1 && *a == '0')
				a++, an--;
			while (bn > 1 && *b == '0')
				b++, bn--;
			if (an != bn)
				return an < bn ? -1 : 1;
		}
		c = memcmp(a, b, an < bn ? an : bn);
		if (c)
			return c < 0 ? -1 : 1;
		if (an != bn)
			return an < bn ? -1 : 1;
		a += an;
		b += bn;
		if (!*a || !*b)
			return *a ? 1 : *b ? -1 : 0;
		a++;
		b++;
	}
}

int pep_compare(const pep_version *a, const pep_version *b)
{
	size_t i, na = a->nrel, nb = b->nrel;
	int c;

	if ((c = cmp_u(a->epoch, b->epoch)))
		return c;
	/* trailing zeros of the release do not count: 1.0 == 1 */
	while (na > 0 && a->release[na - 1] == 0)
		na--;
	while (nb > 0 && b->release[nb - 1] == 0)
		nb--;
	for (i = 0; i < na && i < nb; i++)
		if ((c = cmp_u(a->release[i], b->release[i])))
			return c;
	if (na != nb)
		return na < nb ? -1 : 1;
	/* pre: a dev release with neither pre nor post sorts below any pre;
	 * no pre sorts above any pre */
	{
		int ka = a->has_pre ? 1 : (!a->has_post && a->has_dev) ? 0 : 2;
		int kb = b->has_pre ? 1 : (!b->has_post && b->has_dev) ? 0 : 2;
		if (ka != kb)
			return ka < kb ? -1 : 1;
		if (ka == 1) {
			if ((c = pre_rank(a->pre_l) - pre_rank(b->pre_l)))
				return c < 0 ? -1 : 1;
			if ((c = cmp_u(a->pre_n, b->pre_n)))
				return c;
		}
	}
	if (a->has_post != b->has_post)
		return a->has_post ? 1 : -1;
	if (a->has_post && (c = cmp_u(a->post_n, b->post_n)))
		return c;
	if (a->has_dev != b->has_dev)
		return a->has_dev ? -1 : 1;
	if (a->has_dev && (c = cmp_u(a->dev_n, b->dev_n)))
		return c;
	if (a->has_local != b->has_local)
		return a->has_local ? 1 : -1;
	return a->has_local ? cmp_local(a->local, b->local) : 0;
}

/* str(Version): the normalised form. */
void pep_format(const pep_version *v, mcp_buf *out, int with_local)
{
	size_t i;

	if (v->epoch)
		mcp_buf_printf(out, "%llu!", (unsigned long long)v->epoch);
	for (i = 0; i < v->nrel; i++)
		mcp_buf_printf(out, "%s%llu", i ? "." : "",
		               (unsigned long long)v->release[i]);
	if (v->has_pre)
		mcp_buf_printf(out, "%s%llu", v->pre_l,
		               (unsigned long long)v->pre_n);
	if (v->has_post)
		mcp_buf_printf(out, ".post%llu", (unsigned long long)v->post_n);
	if (v->has_dev)
		mcp_buf_printf(out, ".dev%llu", (unsigned long long)v->dev_n);
	if (with_local && v->has_local)
		mcp_buf_printf(out, "+%s", v->local);
}

static int is_prerelease(const pep_version *v)
{
	return v->has_pre || v->has_dev;
}

static pep_version public_of(const pep_version *v)
{
	pep_version p = *v;

	p.has_local = 0;
	p.local[0] = '\0';
	return p;
}

static pep_version base_of(const pep_version *v)
{
	pep_version b;

	memset(&b, 0, sizeof(b));
	b.epoch = v->epoch;
	b.nrel = v->nrel;
	memcpy(b.release, v->release, sizeof(b.release));
	return b;
}

/* ---- specifiers ---- */

/* _version_split: split at dots, and "1rc2" into "1", "rc2" */
static size_t version_split(const char *v, char parts[][64], size_t max)
{
	size_t n = 0;

	while (*v && n < max) {
		size_t len = strcspn(v, "."), d = 0;
		while (d < len && isdigit((unsigned char)v[d]))
			d++;
		/* ^([0-9]+)((?:a|b|c|rc)[0-9]+)$ */
		if (d > 0 && d < len && len < 64) {
			size_t k = d, l = 0;
			if (v[k] == 'r' && k + 1 < len && v[k + 1] == 'c')
				l = 2;
			else if (v[k] == 'a' || v[k] == 'b' || v[k] == 'c')
				l = 1;
			k += l;
			if (l && k < len) {
				size_t m = k;
				while (m < len && isdigit((unsigned char)v[m]))
					m++;
				if (m == len && n + 1 < max) {
					memcpy(parts[n], v, d);
					parts[n++][d] = '\0';
					memcpy(parts[n], v + d, len - d);
					parts[n++][len - d] = '\0';
					v += len + (v[len] == '.');
					continue;
				}
			}
		}
		if (len >= 64)
			len = 63;
		memcpy(parts[n], v, len);
		parts[n++][len] = '\0';
		v += strcspn(v, ".");
		if (*v == '.')
			v++;
	}
	return n;
}

static int is_not_suffix(const char *seg)
{
	static const char *const pre[] = {"dev", "a", "b", "rc", "post"};
	size_t i;

	for (i = 0; i < 5; i++)
		if (strncmp(seg, pre[i], strlen(pre[i])) == 0)
			return 0;
	return 1;
}

static int str_all_digits(const char *s)
{
	return *s && all_digits(s, strlen(s));
}

/* ==1.2.* : packaging's prefix match (canonical forms, padded release) */
static int prefix_equal(const pep_version *v, const char *spec_prefix)
{
	char sp[32][64], pp[32][64];
	size_t ns, np, i, rs, rp;
	pep_version s, pub = public_of(v);
	mcp_buf canon_v, canon_s;
	int eq;

	if (!pep_parse(&s, spec_prefix, strlen(spec_prefix)))
		return 0;
	mcp_buf_init(&canon_v);
	mcp_buf_init(&canon_s);
	pep_format(&s, &canon_s, 0);
	{
		/* canonicalize_version(prospective.public): release without
		 * trailing ".0"s */
		pep_version t = pub;
		while (t.nrel > 1 && t.release[t.nrel - 1] == 0)
			t.nrel--;
		pep_format(&t, &canon_v, 0);
	}
	ns = version_split(canon_s.ptr, sp, 32);
	np = version_split(canon_v.ptr, pp, 32);
	mcp_buf_free(&canon_v);
	mcp_buf_free(&canon_s);
	/* _pad_version: zeros after the numeric release of the shorter */
	for (rs = 0; rs < ns && str_all_digits(sp[rs]); rs++)
		;
	for (rp = 0; rp < np && str_all_digits(pp[rp]); rp++)
		;
	if (rp < rs) {
		size_t add = rs - rp;
		if (np + add > 32)
			return 0;
		memmove(pp + rp + add, pp + rp, (np - rp) * sizeof(pp[0]));
		for (i = 0; i < add; i++)
			strcpy(pp[rp + i], "0");
		np += add;
	}
	if (np < ns)
		return 0;
	eq = 1;
	for (i = 0; i < ns && eq; i++)
		eq = strcmp(sp[i], pp[i]) == 0;
	return eq;
}

static int op_equal(const pep_version *v, const char *spec)
{
	size_t n = strlen(spec);
	pep_version s, p;

	if (n >= 2 && strcmp(spec + n - 2, ".*") == 0) {
		char buf[300];
		if (n - 2 >= sizeof(buf))
			return 0;
		memcpy(buf, spec, n - 2);
		buf[n - 2] = '\0';
		return prefix_equal(v, buf);
	}
	if (!pep_parse(&s, spec, n))
		return 0;
	p = s.has_local ? *v : public_of(v);
	return pep_compare(&p, &s) == 0;
}

/* One specifier: the operator and the version text after it. */
typedef struct spec {
	char op[4];
	char ver[300];
} spec;

static int is_pre_word_at(const char *s)
{
	static const char *const w[] = {"alpha", "beta", "preview", "pre", "a",
	                                "b",     "c",    "rc",      NULL};
	size_t i;

	for (i = 0; w[i]; i++)
		if (strncasecmp(s, w[i], strlen(w[i])) == 0)
			return 1;
	return 0;
}

/*
 * The version part of a specifier, by operator, as packaging's regex
 * allows it: wildcards and local versions only after == and !=, at least
 * two release numbers after ~=, anything without spaces after ===.
 */
static int spec_version_ok(const char *op, const char *v)
{
	size_t n = strlen(v), i = 0, rel = 0;
	int eqne = strcmp(op, "==") == 0 || strcmp(op, "!=") == 0;
	pep_version pv;

	if (strcmp(op, "===") == 0) {
		for (i = 0; i < n; i++)
			if (is_space(v[i]) || v[i] == ';' || v[i] == ')')
				return 0;
		return 1;
	}
	if (i < n && (v[i] == 'v' || v[i] == 'V'))
		i++;
	/* release numbers, counted (an epoch "N!" first) */
	{
		size_t j = i;
		while (j < n && isdigit((unsigned char)v[j]))
			j++;
		if (j < n && v[j] == '!' && j > i)
			i = j + 1;
	}
	while (i < n && isdigit((unsigned char)v[i])) {
		while (i < n && isdigit((unsigned char)v[i]))
			i++;
		rel++;
		if (i + 1 < n && v[i] == '.' &&
		    isdigit((unsigned char)v[i + 1]))
			i++;
		else
			break;
	}
	if (rel == 0)
		return 0;
	if (eqne && n - i == 2 && v[i] == '.' && v[i + 1] == '*')
		return 1;
	if (strcmp(op, "~=") == 0 && rel < 2)
		return 0;
	/* the rest must read as a version; a local part only after == != */
	if (!pep_parse(&pv, v, n))
		return 0;
	if (pv.has_local && !eqne)
		return 0;
	/* packaging's specifier regex is stricter than Version's in one
	 * place: a pre-release label needs its digits or nothing after */
	(void)is_pre_word_at;
	return 1;
}

static int parse_spec(spec *sp, const char *s, size_t n)
{
	static const char *const ops[] = {
	    "===", "~=", "==", "!=", "<=", ">=", "<", ">", NULL};
	size_t i = 0, k, len;

	while (i < n && is_space(s[i]))
		i++;
	while (n > i && is_space(s[n - 1]))
		n--;
	for (k = 0; ops[k]; k++) {
		len = strlen(ops[k]);
		if (n - i >= len && strncmp(s + i, ops[k], len) == 0)
			break;
	}
	if (!ops[k])
		return 0;
	strcpy(sp->op, ops[k]);
	i += len;
	while (i < n && is_space(s[i]))
		i++;
	if (n - i >= sizeof(sp->ver))
		return 0;
	memcpy(sp->ver, s + i, n - i);
	sp->ver[n - i] = '\0';
	return spec_version_ok(sp->op, sp->ver);
}

/* Specifier.prereleases: does this specifier name a prerelease? */
static int spec_prereleases(const spec *sp, int *bad)
{
	pep_version v;
	char buf[300];
	size_t n = strlen(sp->ver);

	if (strcmp(sp->op, "==") && strcmp(sp->op, ">=") &&
	    strcmp(sp->op, "<=") && strcmp(sp->op, "~=") &&
	    strcmp(sp->op, "==="))
		return 0;
	memcpy(buf, sp->ver, n + 1);
	if (strcmp(sp->op, "==") == 0 && n >= 2 &&
	    strcmp(buf + n - 2, ".*") == 0)
		buf[n - 2] = '\0';
	if (!pep_parse(&v, buf, strlen(buf))) {
		*bad = 1; /* packaging raises InvalidVersion here */
		return 0;
	}
	return is_prerelease(&v);
}

static int spec_contains(const spec *sp, const pep_version *v)
{
	pep_version s, pub = public_of(v);
	const char *op = sp->op;

	if (strcmp(op, "===") == 0) {
		mcp_buf b;
		int eq;
		mcp_buf_init(&b);
		pep_format(v, &b, 1);
		eq = strcasecmp(b.ptr, sp->ver) == 0;
		mcp_buf_free(&b);
		return eq;
	}
	if (strcmp(op, "==") == 0)
		return op_equal(v, sp->ver);
	if (strcmp(op, "!=") == 0)
		return !op_equal(v, sp->ver);
	if (strcmp(op, "~=") == 0) {
		char parts[32][64], prefix[400];
		size_t np = version_split(sp->ver, parts, 32), keep = 0, i;
		while (keep < np && is_not_suffix(parts[keep]))
			keep++;
		prefix[0] = '\0';
		for (i = 0; i + 1 < keep; i++) {
			if (i)
				strcat(prefix, ".");
			strcat(prefix, parts[i]);
		}
		strcat(prefix, ".*");
		if (!pep_parse(&s, sp->ver, strlen(sp->ver)))
			return 0;
		return pep_compare(&pub, &s) >= 0 && op_equal(v, prefix);
	}
	if (!pep_parse(&s, sp->ver, strlen(sp->ver)))
		return 0;
	if (strcmp(op, "<=") == 0)
		return pep_compare(&pub, &s) <= 0;
	if (strcmp(op, ">=") == 0)
		return pep_compare(&pub, &s) >= 0;
	if (strcmp(op, "<") == 0) {
		pep_version bv = base_of(v), bs = base_of(&s);
		if (pep_compare(v, &s) >= 0)
			return 0;
		if (!is_prerelease(&s) && is_prerelease(v) &&
		    pep_compare(&bv, &bs) == 0)
			return 0;
		return 1;
	}
	/* > */
	{
		pep_version bv = base_of(v), bs = base_of(&s);
		if (pep_compare(v, &s) <= 0)
			return 0;
		if (!s.has_post && v->has_post && pep_compare(&bv, &bs) == 0)
			return 0;
		if (v->has_local && pep_compare(&bv, &bs) == 0)
			return 0;
		return 1;
	}
}

int pep_match(int *match, const pep_version *v, const char *specs)
{
	spec list[64];
	size_t n = 0, i;
	const char *p = specs;
	int pre = 0, bad = 0;

	for (;;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p), k = 0;
		while (k < len && is_space(p[k]))
			k++;
		if (k < len) {
			if (n == 64 || !parse_spec(&list[n], p, len))
				return 0;
			n++;
		}
		if (!e)
			break;
		p = e + 1;
	}
	for (i = 0; i < n; i++)
		pre |= spec_prereleases(&list[i], &bad);
	if (bad)
		return 0;
	*match = 1;
	if (is_prerelease(v) && !pre) {
		*match = 0;
		return 1;
	}
	for (i = 0; i < n && *match; i++)
		*match = spec_contains(&list[i], v);
	return 1;
}

/* ---- specifier sets as sets of final releases ---- */

/*
 * What a specifier set admits among final releases (no pre, post, dev or
 * local part): a union of intervals. Release versions are dense (between
 * 1.7 and 1.7.1 lies 1.7.0.1) and start at 0, so an interval is empty
 * exactly when its ends cross. A bound that is not a final release
 * stands for one: nothing final lies between 1.7rc1 and 1.7, nor between
 * 1.7 and 1.7.post1, so "<1.7rc1" is "<1.7" and ">=1.7.post1" is ">1.7".
 */
typedef struct pbound {
	pep_version v; /* a final release */
	int inc;       /* the end belongs to the interval */
	int inf;       /* an upper end: none */
} pbound;

typedef struct pint {
	pbound lo, hi;
} pint;

typedef struct pset {
	pint *iv;
	size_t n, cap;
	int oom;
} pset;

/* -1 below its release (a pre or dev release), 0 final, 1 above (post) */
static int side_of(const pep_version *v)
{
	if (v->has_post)
		return 1;
	return is_prerelease(v) ? -1 : 0;
}

/* lower bound: max; at equal values the open end is the tighter */
static const pbound *tighter_lo(const pbound *a, const pbound *b)
{
	int c = pep_compare(&a->v, &b->v);
	if (c)
		return c > 0 ? a : b;
	return a->inc ? b : a;
}

static const pbound *tighter_hi(const pbound *a, const pbound *b)
{
	int c;
	if (a->inf || b->inf)
		return a->inf ? b : a;
	c = pep_compare(&a->v, &b->v);
	if (c)
		return c < 0 ? a : b;
	return a->inc ? b : a;
}

static int pint_nonempty(const pint *x)
{
	int c;
	if (x->hi.inf)
		return 1;
	c = pep_compare(&x->lo.v, &x->hi.v);
	return c < 0 || (c == 0 && x->lo.inc && x->hi.inc);
}

static void pset_add(pset *s, const pint *x)
{
	if (!pint_nonempty(x))
		return;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4;
		pint *iv = realloc(s->iv, cap * sizeof(*iv));
		if (!iv) {
			s->oom = 1;
			return;
		}
		s->iv = iv;
		s->cap = cap;
	}
	s->iv[s->n++] = *x;
}

static pbound lowest(void)
{
	pbound b;
	memset(&b, 0, sizeof(b));
	b.v.nrel = 1; /* 0 */
	b.inc = 1;
	return b;
}

static pbound unbounded(void)
{
	pbound b = lowest();
	b.inc = 0;
	b.inf = 1;
	return b;
}

static pbound at(const pep_version *v, int inc)
{
	pbound b;
	memset(&b, 0, sizeof(b));
	b.v = base_of(v);
	b.inc = inc;
	return b;
}

/* the end of a prefix: 1.7 -> 1.8 (the prefix's last number plus one) */
static pbound prefix_end(const pep_version *p)
{
	pbound b = at(p, 0);
	b.v.release[b.v.nrel - 1]++;
	return b;
}

/* Keep, of s, what lies in the union of the pieces. */
static void pset_meet(pset *s, const pint *pieces, size_t np)
{
	pset out = {NULL, 0, 0, s->oom};
	size_t i, k;

	for (i = 0; i < s->n; i++)
		for (k = 0; k < np; k++) {
			pint x;
			x.lo = *tighter_lo(&s->iv[i].lo, &pieces[k].lo);
			x.hi = *tighter_hi(&s->iv[i].hi, &pieces[k].hi);
			pset_add(&out, &x);
		}
	free(s->iv);
	*s = out;
}

/* One specifier, applied to s. 0, or 1 for "===" (not comparable). */
static int pset_apply(pset *s, const spec *sp)
{
	const char *op = sp->op;
	char buf[300];
	size_t n = strlen(sp->ver);
	int wild = 0, side;
	pep_version v;
	pint piece[2];

	if (strcmp(op, "===") == 0)
		return 1;
	memcpy(buf, sp->ver, n + 1);
	if (n >= 2 && strcmp(buf + n - 2, ".*") == 0) {
		buf[n - 2] = '\0';
		wild = 1;
	}
	if (!pep_parse(&v, buf, strlen(buf)))
		return 1; /* validated before: not reached */
	side = side_of(&v);
	piece[0].lo = lowest();
	piece[0].hi = unbounded();
	piece[1] = piece[0];
	if (wild) { /* ==P.* or !=P.* : [P, P+1) */
		piece[0].lo = at(&v, 1);
		piece[0].hi = prefix_end(&v);
		if (strcmp(op, "!=") == 0) {
			piece[1].lo = piece[0].hi;
			piece[1].lo.inc = 1;
			piece[0].hi = piece[0].lo;
			piece[0].hi.inc = 0;
			piece[0].lo = lowest();
			pset_meet(s, piece, 2);
			return 0;
		}
	} else if (strcmp(op, "==") == 0 || strcmp(op, "!=") == 0) {
		int final = side == 0 && !v.has_local;
		if (strcmp(op, "!=") == 0) {
			if (!final)
				return 0; /* it removes no final release */
			piece[0].hi = at(&v, 0);
			piece[1].lo = at(&v, 0);
			pset_meet(s, piece, 2);
			return 0;
		}
		if (!final) {
			pset_meet(s, piece, 0); /* no final release equals it */
			return 0;
		}
		piece[0].lo = at(&v, 1);
		piece[0].hi = at(&v, 1);
	} else if (strcmp(op, "~=") == 0) {
		pep_version p = base_of(&v);
		piece[0].lo = at(&v, side <= 0);
		p.nrel--;
		piece[0].hi = prefix_end(&p);
	} else if (op[0] == '>') {
		/* ">=" final is closed; ">" final and anything post is open */
		piece[0].lo = at(&v, side < 0 || (side == 0 && op[1] == '='));
	} else {
		/* "<=" final and anything post is closed */
		piece[0].hi = at(&v, side > 0 || (side == 0 && op[1] == '='));
	}
	pset_meet(s, piece, 1);
	return 0;
}

/* The set a specifier set admits; 0, 1 malformed, 2 "===", -1 no memory */
static int pset_of(pset *s, const char *specs)
{
	pep_version zero;
	spec sp;
	const char *p = specs;
	pint all;
	int match;

	memset(s, 0, sizeof(*s));
	memset(&zero, 0, sizeof(zero));
	zero.nrel = 1;
	if (!pep_match(&match, &zero, specs))
		return 1;
	all.lo = lowest();
	all.hi = unbounded();
	pset_add(s, &all);
	for (;;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p), k = 0;
		while (k < len && is_space(p[k]))
			k++;
		if (k < len && parse_spec(&sp, p, len) && pset_apply(s, &sp))
			return 2;
		if (!e)
			break;
		p = e + 1;
	}
	return s->oom ? -1 : 0;
}

static int by_lo(const void *a, const void *b)
{
	const pbound *x = &((const pint *)a)->lo, *y = &((const pint *)b)->lo;
	int c = pep_compare(&x->v, &y->v);
	return c ? c : y->inc - x->inc;
}

/* does the lower end a start at or before b, the upper end a stop at or
 * after b? */
static int lo_covers(const pbound *a, const pbound *b)
{
	int c = pep_compare(&a->v, &b->v);
	return c < 0 || (c == 0 && (a->inc || !b->inc));
}

static int hi_covers(const pbound *a, const pbound *b)
{
	int c;
	if (a->inf)
		return 1;
	if (b->inf)
		return 0;
	c = pep_compare(&a->v, &b->v);
	return c > 0 || (c == 0 && (a->inc || !b->inc));
}

int pep_relation(int *rel, const char *a, const char *b)
{
	pset x, y;
	size_t i, j, m = 0;
	int rc, meets = 0, inside = 1;

	*rel = PEP_REL_EMPTY;
	rc = pset_of(&x, a);
	if (rc) {
		free(x.iv);
		return rc < 0 ? -1 : rc == 1 ? 1 : 3;
	}
	rc = pset_of(&y, b);
	if (rc) {
		free(x.iv);
		free(y.iv);
		return rc < 0 ? -1 : rc == 1 ? 2 : 3;
	}
	/* merge y's intervals where they touch */
	if (y.n > 1)
		qsort(y.iv, y.n, sizeof(*y.iv), by_lo);
	for (i = 0; i < y.n; i++) {
		if (m) {
			pint *last = &y.iv[m - 1];
			int c = last->hi.inf
			            ? 1
			            : pep_compare(&last->hi.v, &y.iv[i].lo.v);
			if (c > 0 ||
			    (c == 0 && (last->hi.inc || y.iv[i].lo.inc))) {
				if (hi_covers(&y.iv[i].hi, &last->hi))
					last->hi = y.iv[i].hi;
				continue;
			}
		}
		y.iv[m++] = y.iv[i];
	}
	y.n = m;
	for (i = 0; i < x.n; i++) {
		int held = 0;
		for (j = 0; j < y.n; j++) {
			pint both;
			both.lo = *tighter_lo(&x.iv[i].lo, &y.iv[j].lo);
			both.hi = *tighter_hi(&x.iv[i].hi, &y.iv[j].hi);
			if (pint_nonempty(&both))
				meets = 1;
			if (lo_covers(&y.iv[j].lo, &x.iv[i].lo) &&
			    hi_covers(&y.iv[j].hi, &x.iv[i].hi))
				held = 1;
		}
		if (!held)
			inside = 0;
	}
	if (x.n)
		*rel = !meets   ? PEP_REL_DISJOINT
		       : inside ? PEP_REL_SUBSET
		                : PEP_REL_OVERLAP;
	free(x.iv);
	free(y.iv);
	return 0;
}
