/*
 * secrets.c: secret material by its shape (one table, for the rule and for
 * masking reports) and by its name, and the rules MCP-SEC-001 and
 * MCP-SEC-002 that look for it in every key and value of a spec.
 */
#include <assert.h>
#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "check/policy/rules_int.h"
#include "check/policy/secrets_int.h"
#include "check/schema/schema_int.h"
#include "support/num.h"
#include "mcpc/mcpc.h"
#include "mcpc/secrets.h"

/* Bytes, as the C locale classes them: a classification that does not
 * change with the locale a program using the library has set. */
#define IS_UPPER(c) ((unsigned char)((c) - 'A') < 26)
#define IS_LOWER(c) ((unsigned char)((c) - 'a') < 26)
#define IS_ALPHA(c) (IS_UPPER(c) || IS_LOWER(c))
#define IS_DIGIT(c) ((unsigned char)((c) - '0') < 10)

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* A shape: the regular expression, the strings one of which a text must
 * hold for the expression to be worth running (most texts hold none), the
 * group that is the secret, and a test of the match where a pattern alone
 * would be too eager. A shape with a @p value pattern matches in two
 * steps: the pattern (short: a name and its separator), then, where accept
 * takes the name, the value from its end; so a long text that holds many
 * names of no credential is still read once. @p also, when set, are
 * strings (lower case) one of which a text must hold as well, in any
 * case, for a match to be possible at all: what accept or the pattern
 * needs that the needles cannot say (a ':' is in most host names and
 * images, a credential's name in few of them); and, with @p also_at, one
 * where also_at holds at the string's end. */
typedef struct shape {
	const char *kind;
	const char *needles[6];
	const char *pattern;
	int group;
	int (*accept)(const char *s, const PCRE2_SIZE *ov);
	const char *example;
	const char *value;
	const char *also[6];
	int (*also_at)(const char *s, size_t len, size_t end);
} shape;

static int credential_assignment(const char *s, const PCRE2_SIZE *ov);
static int then_separator(const char *s, size_t len, size_t end);
static int literal_value(size_t i, const char *s, size_t len, size_t at,
                         pcre2_match_data *md, size_t *from, size_t *to);

/* Byte patterns (no UTF mode: any bytes scan). Repeats that could run on
 * over a long text are bounded, so a scan stays linear. */
static const shape shapes[] = {
    {"a private key block",
     {"-----BEGIN"},
     "-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:[\\s\\S]*?"
     "-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----)?",
     0,
     NULL,
     "-----BEGIN OPENSSH PRIVATE KEY-----",
     NULL,
     {NULL},
     NULL},
    {"an AWS access key id",
     {"AKIA", "ASIA"},
     "\\bA(?:KIA|SIA)[0-9A-Z]{16}\\b",
     0,
     NULL,
     "AKIAIOSFODNN7EXAMPLE",
     NULL,
     {NULL},
     NULL},
    {"an Azure storage key",
     {"AccountKey=", "SharedAccessKey="},
     "(?:AccountKey|SharedAccessKey)=[A-Za-z0-9+/]{40,}={0,2}",
     0,
     NULL,
     "AccountName=a;AccountKey=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH==",
     NULL,
     {NULL},
     NULL},
    {"a GitHub token",
     {"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"},
     "\\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\\b",
     0,
     NULL,
     "github_pat_11ABCDEFG0123456789abcdefghijklmnop",
     NULL,
     {NULL},
     NULL},
    {"a Slack token",
     {"xox"},
     "\\bxox[a-z]-[A-Za-z0-9-]{10,}",
     0,
     NULL,
     "xoxb-0123456789-abcdef",
     NULL,
     {NULL},
     NULL},
    {"a Slack webhook URL",
     {"hooks.slack.com/"},
     "hooks\\.slack\\.com/(?:services|workflows)/[A-Za-z0-9/_-]{8,}",
     0,
     NULL,
     "https://hooks.slack.com/services/T0000/B0000/XXXXXXXX",
     NULL,
     {NULL},
     NULL},
    {"a Google API key",
     {"AIza"},
     "\\bAIza[0-9A-Za-z_-]{35}",
     0,
     NULL,
     "AIza012345678901234567890123456789abcde",
     NULL,
     {NULL},
     NULL},
    {"an OpenAI or Anthropic API key",
     {"sk-"},
     "\\bsk-[A-Za-z0-9_-]{32,}",
     0,
     NULL,
     "sk-proj-0123456789abcdefghijklmnopqrstuv",
     NULL,
     {NULL},
     NULL},
    {"a Hugging Face token",
     {"hf_"},
     "\\bhf_[A-Za-z0-9]{30,}\\b",
     0,
     NULL,
     "hf_0123456789abcdefghijklmnopqrstuvwx",
     NULL,
     {NULL},
     NULL},
    {"a Stripe key",
     {"_live_", "_test_"},
     "\\b[rs]k_(?:live|test)_[A-Za-z0-9]{20,}",
     0,
     NULL,
     "sk_live_0123456789abcdefghijklmn",
     NULL,
     {NULL},
     NULL},
    {"a JSON Web Token",
     {"eyJ"},
     "\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*",
     0,
     NULL,
     "eyJhbGciOiJI.eyJzdWIiOiIx.sig",
     NULL,
     {NULL},
     NULL},
    {"a bearer token",
     {"Bearer", "bearer", "BEARER"},
     "\\b(?i:bearer)[ \\t]+[A-Za-z0-9._~+/-]{20,}=*",
     0,
     NULL,
     "Authorization: Bearer 0123456789abcdefghijklmnop",
     NULL,
     {NULL},
     NULL},
    /* user:password@ in any scheme, the user may be empty and the password
     * may hold '/' or '@' (up to the last '@' of the run); host:port/ is
     * not a password */
    {"a URL with a password",
     {"://"},
     "\\b[A-Za-z][A-Za-z0-9+.-]{0,31}://[^\\s/?#@:]{0,256}:"
     "(?![0-9]{0,5}(?:[/?#\\s]|$))[^\\s@][^\\s]{0,255}@",
     0,
     NULL,
     "redis://:pw@redis:6379/0",
     NULL,
     {"@"},
     NULL},
    /* NAME=value or NAME: value, where NAME names a credential and value
     * is not a reference: a connection string, a query, a command line, a
     * configuration file held in a value, a line a report quotes */
    {"a credential after its name",
     {"=", ":"},
     "([A-Za-z][A-Za-z0-9_.-]{0,63})[\"']?[ \\t]*[:=][ \\t]*",
     0,
     credential_assignment,
     "host=db user=app password=hunter2",
     "\\$\\{[^}\\s]{0,256}\\}|\\$\\([^)\\s]{0,256}\\)|\"[^\"\\n]{1,4096}\"|'[^"
     "'\\n]{1,4096}'|[^\\s;&,\"'<>{}\\[\\]]+",
     /* every name mcp_secret_name takes holds one of these, and the
      * pattern's separator follows the name */
     {"pass", "pwd", "secret", "token", "credential", "key"},
     then_separator},
};

#define NSHAPES (sizeof(shapes) / sizeof(shapes[0]))

/* Compiled once for the process; never freed (like the embedded data):
 * the expressions, and the needles of every shape by their first byte,
 * so that one pass over a text tells which shapes may be in it. Most
 * bytes start no needle, and most that do (an 'e', an 's') are not
 * followed by a needle's second byte: a table of bytes that start one and
 * a bitmap of the first two bytes of each turn most bytes away with one
 * load, and the rest with two. */
typedef struct needle {
	const char *text;
	size_t len;
	unsigned shape;
} needle;

#define MAX_NEEDLES 64

typedef struct compiled {
	pcre2_code *re[NSHAPES];
	pcre2_code *value[NSHAPES];  /* a shape's value pattern, or NULL */
	needle needles[MAX_NEEDLES]; /* of two bytes or more, by first byte */
	unsigned char first[256];    /* where a first byte's needles start */
	unsigned char count[256];    /* and how many */
	unsigned char lead[256];     /* 1: the byte starts a needle */
	unsigned long long one[256]; /* the shapes a one-byte needle marks */
	unsigned long long pair[65536 / 64]; /* bit a << 8 | b: a needle of
	                                      * two bytes or more starts ab */
	unsigned char also[NSHAPES][256];    /* 1: a string a shape also
	                                      * needs starts with the byte */
	unsigned long long also_mask;        /* the shapes that need more */
	int ok;
} compiled;

static compiled the_shapes;
static pthread_once_t shapes_once = PTHREAD_ONCE_INIT;
static atomic_int shapes_ready; /* compile_shapes has run: no call to
                                 * pthread_once for each of many texts */

static void index_needles(compiled *c)
{
	size_t i, j, n = 0;
	unsigned b;

	for (b = 0; b < 256; b++) {
		c->first[b] = (unsigned char)n;
		for (i = 0; i < NSHAPES; i++)
			for (j = 0; j < 6 && shapes[i].needles[j]; j++) {
				const char *t = shapes[i].needles[j];
				unsigned ab;
				if ((unsigned char)t[0] != b)
					continue;
				c->lead[b] = 1;
				if (!t[1]) {
					c->one[b] |= 1ULL << i;
					continue;
				}
				if (n == MAX_NEEDLES) {
					c->ok = 0;
					return;
				}
				ab = b << 8 | (unsigned char)t[1];
				c->pair[ab / 64] |= 1ULL << (ab % 64);
				c->needles[n].text = t;
				c->needles[n].len = strlen(t);
				c->needles[n++].shape = (unsigned)i;
			}
		c->count[b] = (unsigned char)(n - c->first[b]);
	}
	for (i = 0; i < NSHAPES; i++)
		for (j = 0; j < 6 && shapes[i].also[j]; j++) {
			unsigned char f = (unsigned char)shapes[i].also[j][0];
			c->also_mask |= 1ULL << i;
			c->also[i][f] = 1;
			if (IS_LOWER(f))
				c->also[i][f & ~0x20] = 1;
		}
}

/* One pattern, compiled and JIT-compiled; NULL (and ok cleared) when it
 * does not compile. */
static pcre2_code *compile_one(const char *pattern, int *ok)
{
	pcre2_code *re;
	int code;
	PCRE2_SIZE off;

	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &code,
	                   &off, NULL);
	if (!re)
		*ok = 0;
	else
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

static void compile_shapes(void)
{
	size_t i;

	_Static_assert(NSHAPES <= 64, "a shape is a bit of a 64-bit mask");
	the_shapes.ok = 1;
	for (i = 0; i < NSHAPES; i++) {
		the_shapes.re[i] =
		    compile_one(shapes[i].pattern, &the_shapes.ok);
		if (shapes[i].value)
			the_shapes.value[i] =
			    compile_one(shapes[i].value, &the_shapes.ok);
	}
	index_needles(&the_shapes);
	atomic_store_explicit(&shapes_ready, 1, memory_order_release);
}

/* The shapes, compiled on first use. */
static const compiled *compiled_shapes(void)
{
	if (!atomic_load_explicit(&shapes_ready, memory_order_acquire))
		pthread_once(&shapes_once, compile_shapes);
	return &the_shapes;
}

#define FOLD(c) (IS_UPPER(c) ? (c) | 0x20 : (c))

/* Whether a name (the name-and-value shape's group 1) that holds the
 * text before @p end can end with it: name characters (at most the
 * pattern's 64), an optional quote, blanks, then ':' or '='. A text that
 * mentions a credential's word in prose ("/etc/passwd has mode 0644")
 * goes no further. */
static int then_separator(const char *s, size_t len, size_t end)
{
	size_t n = 0;

	while (end < len && (IS_ALPHA(s[end]) || IS_DIGIT(s[end]) ||
	                     s[end] == '_' || s[end] == '.' || s[end] == '-')) {
		if (++n > 64)
			return 0;
		end++;
	}
	if (end < len && (s[end] == '"' || s[end] == '\''))
		end++;
	while (end < len && (s[end] == ' ' || s[end] == '\t'))
		end++;
	return end < len && (s[end] == ':' || s[end] == '=');
}

/* Whether s holds one of the strings shape @p i also needs (lower case),
 * in any case. */
static int holds_any(const compiled *c, const char *s, size_t len, size_t i)
{
	const unsigned char *lead = c->also[i];
	const char *const *also = shapes[i].also;
	size_t at, j, k;

	for (at = 0; at < len; at++) {
		char x;
		if (!lead[(unsigned char)s[at]])
			continue;
		x = FOLD(s[at]);
		for (j = 0; j < 6 && also[j]; j++) {
			const char *t = also[j];
			if (t[0] != x)
				continue;
			for (k = 1; k < len - at && t[k]; k++)
				if (FOLD(s[at + k]) != t[k])
					break;
			if (!t[k] && (!shapes[i].also_at ||
			              shapes[i].also_at(s, len, at + k)))
				return 1;
		}
	}
	return 0;
}

/* The shapes (a bit each) whose needles text s holds, in one pass, less
 * those that lack what they also need. */
static unsigned long long may_hold(const compiled *c, const char *s, size_t len)
{
	unsigned long long mask = 0;
	size_t i, k;

	for (i = 0; i + 1 < len; i++) {
		unsigned a = (unsigned char)s[i], ab;
		if (!c->lead[a])
			continue;
		mask |= c->one[a];
		ab = a << 8 | (unsigned char)s[i + 1];
		if (!(c->pair[ab / 64] & (1ULL << (ab % 64))))
			continue;
		for (k = c->first[a]; k < (size_t)c->first[a] + c->count[a];
		     k++) {
			const needle *nd = &c->needles[k];
			if (nd->len <= len - i &&
			    memcmp(s + i, nd->text, nd->len) == 0)
				mask |= 1ULL << nd->shape;
		}
	}
	if (len)
		mask |= c->one[(unsigned char)s[len - 1]];
	if (mask & c->also_mask)
		for (k = 0; k < NSHAPES; k++)
			if ((mask & c->also_mask & (1ULL << k)) &&
			    !holds_any(c, s, len, k))
				mask &= ~(1ULL << k);
	return mask;
}

/* Each secret span of s, to fn; 1 when any, 0 when none, -1 when the text
 * could not be scanned. */
typedef void (*span_fn)(void *ctx, const shape *sh, size_t from, size_t to);

static int scan(const char *s, size_t len, int first_only, span_fn fn,
                void *ctx)
{
	pcre2_match_data *md = NULL, *vmd = NULL;
	const compiled *c;
	unsigned long long mask;
	size_t i;
	int found = 0;

	if (!s || !len)
		return 0;
	c = compiled_shapes();
	if (!c->ok)
		return -1;
	if (!(mask = may_hold(c, s, len)))
		return 0; /* most texts */
	for (i = 0; mask && i < NSHAPES; i++) {
		const shape *sh = &shapes[i];
		size_t at = 0;
		int rc = PCRE2_ERROR_NOMATCH;
		if (!(mask & (1ULL << i)))
			continue;
		if ((!md && !(md = pcre2_match_data_create(8, NULL))) ||
		    (sh->value && !vmd &&
		     !(vmd = pcre2_match_data_create(2, NULL)))) {
			found = -1;
			goto done;
		}
		while (at < len &&
		       (rc = pcre2_match(c->re[i], (PCRE2_SPTR)s, len, at, 0,
		                         md, NULL)) > 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			size_t from = ov[2 * sh->group],
			       to = ov[2 * sh->group + 1];
			at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
			if (sh->value) {
				/* a name that took, then its value: the
				 * value may hold another name (note:
				 * "password=x"), so a refused one is read
				 * again from its start */
				if (!sh->accept(s, ov) ||
				    !literal_value(i, s, len, ov[1], vmd, &from,
				                   &to))
					continue;
				at = to;
			} else if (sh->accept && !sh->accept(s, ov)) {
				/* the secret's part may hold another match
				 * (note: "password=x"): look again from it */
				if (from != PCRE2_UNSET && from > ov[0])
					at = from;
				continue;
			}
			if (to <= from || from == PCRE2_UNSET)
				continue;
			found = 1;
			fn(ctx, sh, from, to);
			if (first_only)
				goto done;
		}
		if (at < len && rc != PCRE2_ERROR_NOMATCH) {
			found = -1; /* a match limit: the text is not scanned */
			goto done;
		}
	}
done:
	pcre2_match_data_free(md);
	pcre2_match_data_free(vmd);
	return found;
}

static void take_first(void *ctx, const shape *sh, size_t from, size_t to)
{
	mcp_secret_span *out = ctx;
	out->kind = sh->kind;
	out->from = from;
	out->to = to;
}

int mcp_secret_find(const char *s, size_t len, mcp_secret_span *out)
{
	int rc = scan(s, len, 1, take_first, out);

	if (rc < 0) {
		out->kind = "text that could not be scanned for secrets";
		out->from = 0;
		out->to = len;
		return 1;
	}
	return rc;
}

typedef struct masking {
	char *s;
	size_t n;
} masking;

static void mask_span(void *ctx, const shape *sh, size_t from, size_t to)
{
	masking *m = ctx;
	(void)sh;
	memset(m->s + from, '*', to - from);
	m->n++;
}

size_t mcp_secret_mask(char *s, size_t len)
{
	masking m = {s, 0};

	/* '*' matches no shape, so masking one span never hides another */
	if (scan(s, len, 0, mask_span, &m) < 0) {
		memset(s, '*', len);
		return 1;
	}
	return m.n;
}

int mcp_secret_shape(size_t i, const char **kind, const char **example)
{
	if (i >= NSHAPES)
		return MCP_ENOTFOUND;
	*kind = shapes[i].kind;
	*example = shapes[i].example;
	return 0;
}

int mcp_secret_shape_expr(size_t i, const char **kind, const char **pattern,
                          int *group, const char **value)
{
	if (i >= NSHAPES)
		return MCP_ENOTFOUND;
	/* a test of the match is the name's of a name-and-value shape */
	assert(!shapes[i].accept == !shapes[i].value);
	*kind = shapes[i].kind;
	*pattern = shapes[i].pattern;
	*group = shapes[i].group;
	*value = shapes[i].value;
	return 0;
}

/* A credential's name, by its last word (or two), read from the key's
 * end: no copy, no allocation. Most keys are refused by the last two
 * letters of their last word, before the word's start is looked for. */

/* Whether a word starts at s[p], a letter after a letter: a hump, aB, or
 * ABc (the last capital of a run starts a word). Only the bytes around p
 * decide, so the words of a key can be found from its end. */
static int hump_at(const char *s, size_t len, size_t p)
{
	return IS_UPPER(s[p]) &&
	       (IS_LOWER(s[p - 1]) || (p + 1 < len && IS_LOWER(s[p + 1])));
}

/* The start of the word that ends at e (s[e - 1] is a letter). */
static size_t word_start(const char *s, size_t len, size_t e)
{
	size_t p = e - 1;

	while (p > 0 && IS_ALPHA(s[p - 1]) && !hump_at(s, len, p))
		p--;
	return p;
}

/* The end of the last word before e, or 0 when there is none. */
static size_t word_end(const char *s, size_t e)
{
	while (e && !IS_ALPHA(s[e - 1]))
		e--;
	return e;
}

/* Whether the word that ends at e (s[e - 1] a letter) ends in @p suffix
 * (n lower-case letters), in any case. Letters differ from their other
 * case in bit 0x20 alone, and no other byte becomes a letter with it. */
static int ends_in(const char *s, size_t len, size_t e, const char *suffix,
                   size_t n)
{
	size_t i;

	if (e < n)
		return 0;
	for (i = n; i-- > 0;)
		if ((s[e - n + i] | 0x20) != suffix[i])
			return 0;
	/* all letters: one word, unless a hump starts another inside */
	for (i = e - n + 1; i < e; i++)
		if (hump_at(s, len, i))
			return 0;
	return 1;
}

#define ENDS(s, len, e, lit) ends_in(s, len, e, lit, sizeof(lit) - 1)

/* Whether the word that ends at e ends as a credential's name does:
 * password, passwd, pwd, passphrase, secret, token, credential(s),
 * passwords, apikey, privatekey, accesskey, secretkey. */
static int credential_word(const char *s, size_t len, size_t e)
{
	switch (s[e - 1] | 0x20) {
	case 'd':
		return ENDS(s, len, e, "password") ||
		       ENDS(s, len, e, "passwd") || ENDS(s, len, e, "pwd");
	case 'e':
		return ENDS(s, len, e, "passphrase");
	case 't':
		return ENDS(s, len, e, "secret");
	case 'n':
		return ENDS(s, len, e, "token");
	case 'l':
		return ENDS(s, len, e, "credential");
	case 's':
		return ENDS(s, len, e, "credentials") ||
		       ENDS(s, len, e, "passwords");
	case 'y':
		return ENDS(s, len, e, "apikey") ||
		       ENDS(s, len, e, "privatekey") ||
		       ENDS(s, len, e, "accesskey") ||
		       ENDS(s, len, e, "secretkey");
	default:
		return 0;
	}
}

/* Whether the word that ends at e, before a "key", makes it a
 * credential's: it ends in api, private, access, secret, client, auth,
 * signing, encryption, master or account. */
static int key_kind_word(const char *s, size_t len, size_t e)
{
	switch (s[e - 1] | 0x20) {
	case 'i':
		return ENDS(s, len, e, "api");
	case 'e':
		return ENDS(s, len, e, "private");
	case 's':
		return ENDS(s, len, e, "access");
	case 't':
		return ENDS(s, len, e, "secret") || ENDS(s, len, e, "client") ||
		       ENDS(s, len, e, "account");
	case 'h':
		return ENDS(s, len, e, "auth");
	case 'g':
		return ENDS(s, len, e, "signing");
	case 'n':
		return ENDS(s, len, e, "encryption");
	case 'r':
		return ENDS(s, len, e, "master");
	default:
		return 0;
	}
}

int mcp_secret_name(const char *key, size_t len)
{
	size_t b, e;

	if (len && key[0] == '/')
		return 0; /* a file's path (fileModes: /etc/passwd) */
	if (!(e = word_end(key, len)))
		return 0;
	if (credential_word(key, len, e))
		return 1;
	/* "key" alone, after a word that says what key */
	if ((key[e - 1] | 0x20) != 'y' || !ENDS(key, len, e, "key") ||
	    (b = word_start(key, len, e)) != e - 3)
		return 0;
	if (!(e = word_end(key, b)))
		return 0;
	return key_kind_word(key, len, e);
}

int mcp_secret_is_reference(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return 1;
	if (len > 3 && s[0] == '$' && s[1] == '{' && s[len - 1] == '}') {
		/* ${VAR}, ${env:VAR}; a default (${VAR:-x}) is inline */
		for (i = 2; i < len - 1; i++)
			if (!isalnum((unsigned char)s[i]) &&
			    !strchr("_.:/", s[i]))
				return 0;
		return 1;
	}
	if (len > 3 && s[0] == '$' && s[1] == '(' && s[len - 1] == ')') {
		for (i = 2; i < len - 1; i++)
			if (!isalnum((unsigned char)s[i]) && s[i] != '_')
				return 0;
		return 1;
	}
	if (len > 4 && strncmp(s, "{{", 2) == 0 &&
	    strncmp(s + len - 2, "}}", 2) == 0) {
		/* a template's expression, not a quoted literal in one */
		for (i = 2; i < len - 2; i++)
			if (s[i] == '"' || s[i] == '\'' || s[i] == '}')
				return 0;
		return 1;
	}
	if (len > 2 && s[0] == '<' && s[len - 1] == '>') {
		for (i = 1; i < len - 1; i++)
			if (s[i] == '<' || s[i] == '>')
				return 0;
		return 1;
	}
	for (i = 0; i < len; i++)
		if (s[i] != '*')
			return 0;
	return 1;
}

/* NAME=value or NAME: value: a credential's name, and a value that is not
 * a reference. A name inside a path (/etc/passwd: 0644) is a file's; a
 * name before ':' must be a key (at the start of a line, in a flow
 * mapping, in JSON), not a dotted place a message names
 * (spec.env.DB_PASSWORD: expected string). */
static int credential_assignment(const char *s, const PCRE2_SIZE *ov)
{
	const char *sep = s + ov[3];
	char before = ov[2] ? s[ov[2] - 1] : '\n';

	while (*sep == '"' || *sep == '\'' || *sep == ' ' || *sep == '\t')
		sep++;
	if (before == '/' ||
	    (*sep == ':' && (!strchr(" \t\r\n{,[\"'", before) ||
	                     memchr(s + ov[2], '.', ov[3] - ov[2]))))
		return 0;
	return mcp_secret_name(s + ov[2], ov[3] - ov[2]);
}

/* The value after a name that took (shape @p i, matched at its end @p at),
 * when it is a literal, not a reference: 1 and its span (quotes left
 * out), else 0. */
static int literal_value(size_t i, const char *s, size_t len, size_t at,
                         pcre2_match_data *md, size_t *from, size_t *to)
{
	PCRE2_SIZE *ov;

	if (pcre2_match(the_shapes.value[i], (PCRE2_SPTR)s, len, at,
	                PCRE2_ANCHORED, md, NULL) <= 0)
		return 0;
	ov = pcre2_get_ovector_pointer(md);
	*from = ov[0];
	*to = ov[1];
	if (*to - *from >= 2 && (s[*from] == '"' || s[*from] == '\'')) {
		(*from)++;
		(*to)--;
	}
	return !mcp_secret_is_reference(s + *from, *to - *from);
}

int mcp_finding_is_secret(const mcp_finding *f)
{
	return f->rule && strncmp(f->rule, "MCP-SEC-", 8) == 0;
}

size_t mcp_diag_mask(const mcp_diag *d, char *s, size_t len)
{
	return mcp_secret_mask(s, len) + mcp_diag_mask_remembered(d, s, len);
}

static size_t mask(const mcp_diag *d, char *s)
{
	return s ? mcp_diag_mask(d, s, strlen(s)) : 0;
}

size_t mcp_diag_redact(mcp_diag *d)
{
	size_t i, n = 0;

	for (i = 0; i < mcp_diag_count(d); i++) {
		/* the list's own findings: their text may change in place */
		mcp_finding *f = (mcp_finding *)mcp_diag_get(d, i);
		n += mask(d, f->message) + mask(d, f->hint) +
		     mask(d, f->related_message) + mask(d, f->waiver);
		/* a pointer is made of keys, never of a value: shapes only */
		if (f->pointer)
			n += mcp_secret_mask(f->pointer, strlen(f->pointer));
	}
	return n;
}

/* The rules. */

/* Where the walk stands: a chain of the keys and indexes from the root,
 * kept on the walk's own stack. The pointer is written out only for what
 * needs it (a finding, a credential's field), never for every node. */
typedef struct step {
	const struct step *up; /* NULL: a member of the root */
	const char *key;       /* NULL: an array's item */
	size_t n;              /* the key's length, or the item's index */
} step;

/* Append the JSON Pointer of @p at to @p b. */
static void put_pointer(mcp_buf *b, const step *at)
{
	if (!at)
		return;
	put_pointer(b, at->up);
	if (at->key)
		mcp_buf_put_token(b, at->key, at->n);
	else
		mcp_buf_printf(b, "/%zu", at->n);
}

/* The spec's own fields that hold the name of a Secret, not a secret
 * (the schema's secretName format): a key named like a credential there
 * is a reference. Also under spec.environments.ENV. */
static int names_a_secret(const char *ptr)
{
	static const char *const fields[] = {
	    "/spec/registry/pullSecret", "/spec/gateway/auth/clientCASecret"};
	char rest[256];
	size_t i;

	if (strncmp(ptr, "/spec/environments/", 19) == 0) {
		const char *p = strchr(ptr + 19, '/');
		if (!p)
			return 0;
		snprintf(rest, sizeof(rest), "/spec%s", p);
		ptr = rest;
	}
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(ptr, fields[i]) == 0)
			return 1;
	return 0;
}

/* A value stored under a credential's name that is the credential itself:
 * a string that is no reference, or a number. The shell's PWD and OLDPWD
 * with a path are working directories. */
static int inline_credential(const char *key, json_t *v)
{
	if (json_is_number(v))
		return 1;
	if (!json_is_string(v))
		return 0; /* objects are judged member by member */
	if ((strcmp(key, "PWD") == 0 || strcmp(key, "OLDPWD") == 0) &&
	    json_string_value(v)[0] == '/')
		return 0;
	return !mcp_secret_is_reference(json_string_value(v),
	                                json_string_length(v));
}

typedef struct secret_walk {
	walk *w; /* the rule's walk, or NULL: only remember */
	mcp_diag *d;
	int shapes; /* MCP-SEC-002; else MCP-SEC-001 */
	json_t *root;
	mcp_buf ptr; /* scratch: the pointer of the node reported */
	int oom;
} secret_walk;

/* The pointer of @p at, in s->ptr; 0, or -1 when out of memory. */
static int pointer_of(secret_walk *s, const step *at)
{
	mcp_buf_clear(&s->ptr);
	put_pointer(&s->ptr, at);
	if (s->ptr.oom) {
		s->oom = 1;
		return -1;
	}
	return 0;
}

/* what: "a credential" or "secret material"; kind, unless NULL, the
 * shape it has. The pointer is in s->ptr. */
static void report_here(secret_walk *s, const char *what, const char *kind)
{
	mcp_buf path;

	mcp_buf_init(&path);
	mcp_pointer_dotted(&path, s->ptr.ptr, s->root);
	if (path.oom)
		s->oom = 1;
	else
		mcp_rule_report_anyway(s->w, s->ptr.ptr,
		                       "%s holds %s inline%s%s", path.ptr, what,
		                       kind ? ": " : "", kind ? kind : "");
	mcp_buf_free(&path);
}

/* A credential found by its name (at @p at, whose pointer is in s->ptr
 * when @p have_ptr): reported, and remembered so that no report repeats
 * it (a schema message echoes the value it rejects). */
static void report_credential(secret_walk *s, json_t *v, const step *at,
                              int have_ptr)
{
	char *num = NULL;
	int rc;

	if (json_is_string(v))
		rc = mcp_diag_add_secret(s->d, json_string_value(v),
		                         json_string_length(v));
	else if ((num = json_dumps(v, JSON_ENCODE_ANY)))
		rc = mcp_diag_add_secret(s->d, num, strlen(num));
	else
		rc = MCP_ENOMEM;
	free(num);
	if (rc < 0)
		s->oom = 1;
	if (s->w && (have_ptr || pointer_of(s, at) == 0))
		report_here(s, "a credential", NULL);
}

/* A key (at @p at) that is itself secret material: the finding names its
 * object. */
static void report_key(secret_walk *s, const step *at, const char *kind)
{
	mcp_buf path;

	mcp_buf_init(&path);
	if (!at->up)
		mcp_buf_puts(&path, "the document");
	else if (pointer_of(s, at->up) == 0)
		mcp_pointer_dotted(&path, s->ptr.ptr, s->root);
	if (path.oom)
		s->oom = 1;
	else if (!s->oom && pointer_of(s, at) == 0)
		mcp_rule_report_anyway(s->w, s->ptr.ptr,
		                       "a key of %s is secret material: %s",
		                       path.ptr, kind);
	mcp_buf_free(&path);
}

/* A key (@p key) or a string value with a secret's shape, at @p at. */
static void shape_of(secret_walk *s, const char *text, size_t len, int key,
                     const step *at)
{
	mcp_secret_span sp;

	if (!mcp_secret_find(text, len, &sp))
		return;
	if (key)
		report_key(s, at, sp.kind);
	else if (pointer_of(s, at) == 0)
		report_here(s, "secret material", sp.kind);
}

static void visit_secrets(secret_walk *s, json_t *v, const step *at,
                          const char *name);

/* Member @p key (of @p klen bytes) of an object standing at @p at, whose
 * value is @p child: the key, the value, everything below. */
static void visit_member(secret_walk *s, const step *at, const char *key,
                         size_t klen, json_t *child)
{
	step here = {at, key, klen};
	int cred = 0;

	if (s->shapes)
		shape_of(s, key, klen, 1, &here);
	else if ((cred = mcp_secret_name(key, klen)) &&
	         inline_credential(key, child) && pointer_of(s, &here) == 0 &&
	         !names_a_secret(s->ptr.ptr))
		report_credential(s, child, &here, 1);
	visit_secrets(s, child, &here, cred ? key : NULL);
}

/* Item @p i (@p e) of an array standing at @p at; name is the key the
 * array stands under when that key names a credential, else NULL. */
static void visit_item(secret_walk *s, const step *at, size_t i, json_t *e,
                       const char *name)
{
	step here = {at, NULL, i};

	/* a list under a credential's name: each item is one */
	if (name && inline_credential(name, e))
		report_credential(s, e, &here, 0);
	visit_secrets(s, e, &here, NULL);
}

/* Every key and value below v (which stands at @p at); name is the key v
 * stands under when that key names a credential, else NULL. */
static void visit_secrets(secret_walk *s, json_t *v, const step *at,
                          const char *name)
{
	if (s->oom)
		return;
	if (json_is_object(v)) {
		const char *key;
		json_t *child;
		/* a key with a NUL byte counts up to it, as the pointers of
		 * findings always have */
		json_object_foreach(v, key, child)
		{
			visit_member(s, at, key, strlen(key), child);
		}
	} else if (json_is_array(v)) {
		size_t i, n = json_array_size(v);
		for (i = 0; i < n; i++)
			visit_item(s, at, i, json_array_get(v, i), name);
	} else if (s->shapes && json_is_string(v)) {
		shape_of(s, json_string_value(v), json_string_length(v), 0, at);
	}
}

/* Whether pointer @p a is @p b or an ancestor of it. */
static int at_or_above(const char *a, const char *b)
{
	size_t n = strlen(a);

	return strncmp(a, b, n) == 0 && (b[n] == '\0' || b[n] == '/');
}

/* Down the document from @p v (standing at @p at, under key @p name as
 * visit_secrets takes it) along the rest @p p of a pointer, to visit the
 * node there as the whole walk would: in its container, with what is
 * below. Nothing when the pointer leads nowhere. The keys of the steps
 * are in @p keys, one NUL-terminated segment after another. */
static void visit_at(secret_walk *s, json_t *v, const step *at,
                     const char *name, const char *p, char *keys)
{
	const char *end = p + 1 + strcspn(p + 1, "/");
	size_t len = 0;
	char *key = keys;

	/* the segment, unescaped (~1 is '/', ~0 is '~') */
	for (p++; p < end; p++) {
		if (p[0] == '~' && (p[1] == '0' || p[1] == '1')) {
			key[len++] = p[1] == '0' ? '~' : '/';
			p++;
		} else {
			key[len++] = *p;
		}
	}
	key[len] = '\0';
	if (json_is_object(v)) {
		json_t *child = json_object_getn(v, key, len);
		size_t klen = strlen(key); /* up to a NUL, as findings count */
		step here = {at, key, klen};
		if (!child)
			return;
		if (!*end) {
			visit_member(s, at, key, klen, child);
			return;
		}
		visit_at(s, child, &here,
		         !s->shapes && mcp_secret_name(key, klen) ? key : NULL,
		         end, keys + len + 1);
	} else if (json_is_array(v)) {
		uint64_t i;
		json_t *e;
		step here;
		if (mcp_num_index(key, len, SIZE_MAX, &i) < 0 ||
		    !(e = json_array_get(v, (size_t)i)))
			return;
		if (!*end) {
			visit_item(s, at, (size_t)i, e, name);
			return;
		}
		here.up = at;
		here.key = NULL;
		here.n = (size_t)i;
		visit_at(s, e, &here, NULL, end, keys + len + 1);
	}
}

/* The walk of @p doc, or only of the nodes at and below the pointers of
 * @p changed (nchanged of them; NULL: the whole document). A pointer at or
 * below another is visited with it; one that is no pointer (the root)
 * means the whole document. */
static void walk_changed(secret_walk *s, json_t *doc,
                         const char *const *changed, size_t nchanged)
{
	size_t i, k, most = 0;
	char *keys;

	for (i = 0; changed && i < nchanged; i++) {
		size_t n = strlen(changed[i]);
		if (changed[i][0] != '/')
			changed = NULL;
		else if (n > most)
			most = n;
	}
	if (!changed) {
		visit_secrets(s, doc, NULL, NULL);
		return;
	}
	if (!(keys = malloc(most + 1))) {
		s->oom = 1;
		return;
	}
	for (i = 0; i < nchanged && !s->oom; i++) {
		for (k = 0; k < nchanged; k++)
			if (k != i && at_or_above(changed[k], changed[i]) &&
			    (strcmp(changed[k], changed[i]) != 0 || k < i))
				break; /* visited with changed[k] */
		if (k == nchanged)
			visit_at(s, doc, NULL, NULL, changed[i], keys);
	}
	free(keys);
}

static int walk_secrets(walk *w, mcp_diag *d, json_t *doc, int by_shape,
                        const char *const *changed, size_t nchanged)
{
	secret_walk s;

	s.w = w;
	s.d = d;
	s.shapes = by_shape;
	s.root = doc;
	s.oom = 0;
	mcp_buf_init(&s.ptr);
	walk_changed(&s, doc, changed, nchanged);
	mcp_buf_free(&s.ptr);
	return s.oom ? MCP_ENOMEM : 0;
}

int mcp_secrets_remember(mcp_diag *d, json_t *doc)
{
	return walk_secrets(NULL, d, doc, 0, NULL, 0);
}

int mcp_secrets_remember_at(mcp_diag *d, json_t *doc,
                            const char *const *changed, size_t nchanged)
{
	return walk_secrets(NULL, d, doc, 0, changed, nchanged);
}

void mcp_check_secret_names(walk *w)
{
	if (walk_secrets(w, w->d, w->root, 0, w->changed, w->nchanged) < 0)
		w->oom = 1;
}

void mcp_check_secret_shapes(walk *w)
{
	if (walk_secrets(w, w->d, w->root, 1, w->changed, w->nchanged) < 0)
		w->oom = 1;
}
