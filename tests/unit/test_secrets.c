/*
 * test_secrets.c: the fast secret tests held to plain ones. The name test
 * (mcp_secret_name) against a reference that splits a key into words and
 * compares the last two; the shape test (mcp_secret_find, mcp_secret_mask)
 * against a reference that runs every shape's expression on every text.
 * Both over every key, value and line of fixtures/, schema/, rules/ and
 * charts/, and over generated words: credential names in every case and
 * separator, near misses of them, random ASCII, UTF-8 and other bytes.
 * Then the walks: where MCP-SEC-001 and MCP-SEC-002 report, and what
 * mcp_secrets_remember remembers.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "testutil.h"
#include "check/policy/secrets_int.h"

/* Texts, kept in one growing list; each owns its bytes. */
typedef struct text {
	char *s;
	size_t len;
} text;

typedef struct texts {
	text *v;
	size_t n, cap;
} texts;

static void add_text(texts *t, const char *s, size_t len)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->v = realloc(t->v, t->cap * sizeof(*t->v));
		assert_non_null(t->v);
	}
	t->v[t->n].s = malloc(len + 1);
	assert_non_null(t->v[t->n].s);
	memcpy(t->v[t->n].s, s, len);
	t->v[t->n].s[len] = '\0';
	t->v[t->n++].len = len;
}

static void add_str(texts *t, const char *s)
{
	add_text(t, s, strlen(s));
}

static void free_texts(texts *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].s);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* A fixed sequence of pseudo-random numbers (xorshift64): the same words
 * on every run. */
static unsigned long long rnd_state = 0x9e3779b97f4a7c15ULL;

static unsigned rnd(unsigned n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (unsigned)(rnd_state % n);
}

/* The reference name test: the words of a key, split at non-letters and
 * camelCase humps and lower-cased, the last one compared with each
 * credential word, or "key" and the one before. As plain as it gets. */
typedef struct ref_words {
	char last[64], prev[64];
	size_t nwords;
} ref_words;

static void ref_put_word(ref_words *w, const char *s, size_t n)
{
	size_t i;

	if (n >= sizeof(w->last)) {
		s += n - (sizeof(w->last) - 1);
		n = sizeof(w->last) - 1;
	}
	memcpy(w->prev, w->last, sizeof(w->prev));
	for (i = 0; i < n; i++)
		w->last[i] = (char)tolower((unsigned char)s[i]);
	w->last[n] = '\0';
	w->nwords++;
}

static void ref_split(ref_words *w, const char *s, size_t len)
{
	size_t i = 0, start;

	memset(w, 0, sizeof(*w));
	while (i < len) {
		while (i < len && !isalpha((unsigned char)s[i]))
			i++;
		start = i;
		while (i < len && isalpha((unsigned char)s[i])) {
			int up = isupper((unsigned char)s[i]);
			if (i > start && up &&
			    (islower((unsigned char)s[i - 1]) ||
			     (i + 1 < len && islower((unsigned char)s[i + 1]))))
				break;
			i++;
		}
		if (i > start)
			ref_put_word(w, s + start, i - start);
	}
}

static int ref_ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static const char *const cred_words[] = {
    "password",   "passwd",     "pwd",         "passphrase", "secret",
    "token",      "credential", "credentials", "passwords",  "apikey",
    "privatekey", "accesskey",  "secretkey"};
static const char *const key_words[] = {
    "api",  "private", "access",     "secret", "client",
    "auth", "signing", "encryption", "master", "account"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int ref_name(const char *key, size_t len)
{
	ref_words w;
	size_t i;

	if (len && key[0] == '/')
		return 0;
	ref_split(&w, key, len);
	if (!w.nwords)
		return 0;
	for (i = 0; i < COUNT(cred_words); i++)
		if (ref_ends_with(w.last, cred_words[i]))
			return 1;
	if (strcmp(w.last, "key") == 0)
		for (i = 0; i < COUNT(key_words); i++)
			if (ref_ends_with(w.prev, key_words[i]))
				return 1;
	return 0;
}

/* The reference shape test: every shape's expression, run over the whole
 * text in the order of the shapes, as secrets_int.h describes them. */
#define MAX_SHAPES 64

typedef struct ref_shapes {
	size_t n;
	const char *kind[MAX_SHAPES];
	pcre2_code *re[MAX_SHAPES], *value[MAX_SHAPES];
	int group[MAX_SHAPES];
	pcre2_match_data *md, *vmd;
} ref_shapes;

static pcre2_code *ref_compile(const char *pattern)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile(
	    (PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &code, &off, NULL);

	assert_non_null(re);
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

static void ref_shapes_init(ref_shapes *r)
{
	const char *pattern, *value;

	memset(r, 0, sizeof(*r));
	while (mcp_secret_shape_expr(r->n, &r->kind[r->n], &pattern,
	                             &r->group[r->n], &value) == 0) {
		assert_true(r->n < MAX_SHAPES - 1);
		r->re[r->n] = ref_compile(pattern);
		r->value[r->n] = value ? ref_compile(value) : NULL;
		r->n++;
	}
	assert_true(r->n >= 14);
	r->md = pcre2_match_data_create(8, NULL);
	r->vmd = pcre2_match_data_create(2, NULL);
	assert_true(r->md && r->vmd);
}

static void ref_shapes_free(ref_shapes *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		pcre2_code_free(r->re[i]);
		pcre2_code_free(r->value[i]);
	}
	pcre2_match_data_free(r->md);
	pcre2_match_data_free(r->vmd);
}

/* A name before its value: a credential's (by the reference name test),
 * not in a path, and before ':' only where a key stands. */
static int ref_name_takes(const char *s, const PCRE2_SIZE *ov)
{
	const char *sep = s + ov[3];
	char before = ov[2] ? s[ov[2] - 1] : '\n';

	while (*sep == '"' || *sep == '\'' || *sep == ' ' || *sep == '\t')
		sep++;
	if (before == '/' ||
	    (*sep == ':' && (!strchr(" \t\r\n{,[\"'", before) ||
	                     memchr(s + ov[2], '.', ov[3] - ov[2]))))
		return 0;
	return ref_name(s + ov[2], ov[3] - ov[2]);
}

typedef struct ref_span {
	size_t shape, from, to;
} ref_span;

/* Every span of s (spans[0..*n), at most max), masking each in place when
 * @p mask: 1 when any, 0 when none, -1 when an expression failed. */
static int ref_scan(ref_shapes *r, char *s, size_t len, int mask,
                    ref_span *spans, size_t max, size_t *n)
{
	size_t i;
	int found = 0;

	*n = 0;
	for (i = 0; len && i < r->n; i++) {
		size_t at = 0;
		int rc = PCRE2_ERROR_NOMATCH;
		while (at < len &&
		       (rc = pcre2_match(r->re[i], (PCRE2_SPTR)s, len, at, 0,
		                         r->md, NULL)) > 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
			size_t from = ov[2 * r->group[i]],
			       to = ov[2 * r->group[i] + 1];
			at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
			if (r->value[i]) {
				PCRE2_SIZE *vo;
				if (!ref_name_takes(s, ov) ||
				    pcre2_match(r->value[i], (PCRE2_SPTR)s, len,
				                ov[1], PCRE2_ANCHORED, r->vmd,
				                NULL) <= 0)
					continue;
				vo = pcre2_get_ovector_pointer(r->vmd);
				from = vo[0];
				to = vo[1];
				if (to - from >= 2 &&
				    (s[from] == '"' || s[from] == '\'')) {
					from++;
					to--;
				}
				if (mcp_secret_is_reference(s + from,
				                            to - from))
					continue;
				at = to;
			}
			if (to <= from || from == PCRE2_UNSET)
				continue;
			found = 1;
			if (*n < max) {
				spans[*n].shape = i;
				spans[*n].from = from;
				spans[*n].to = to;
				(*n)++;
			}
			if (mask)
				memset(s + from, '*', to - from);
		}
		if (at < len && rc != PCRE2_ERROR_NOMATCH)
			return -1;
	}
	return found;
}

static void print_text(const char *what, const char *s, size_t len)
{
	size_t i;

	fprintf(stderr, "%s (%zu bytes): \"", what, len);
	for (i = 0; i < len && i < 300; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fprintf(stderr, "%s\"\n", i < len ? "..." : "");
}

/* Compare the library's find and mask with the reference on one text;
 * 1 when they agree. */
static int same_shapes(ref_shapes *r, const char *s, size_t len)
{
	ref_span spans[64];
	mcp_secret_span sp;
	size_t n, masked;
	char *a = malloc(len + 1), *b = malloc(len + 1);
	int want, got, ok = 1;

	assert_true(a && b);
	memcpy(a, s, len);
	want = ref_scan(r, a, len, 0, spans, 64, &n);
	got = mcp_secret_find(s, len, &sp);
	if (want < 0)
		ok = got == 1 && sp.from == 0 && sp.to == len;
	else if (want == 0)
		ok = got == 0;
	else
		ok = got == 1 &&
		     strcmp(sp.kind, r->kind[spans[0].shape]) == 0 &&
		     sp.from == spans[0].from && sp.to == spans[0].to;
	if (!ok)
		print_text("mcp_secret_find differs", s, len);
	memcpy(a, s, len);
	memcpy(b, s, len);
	want = ref_scan(r, a, len, 1, spans, 64, &n);
	if (want < 0) {
		memset(a, '*', len);
		n = 1;
	}
	masked = mcp_secret_mask(b, len);
	if (masked != n || memcmp(a, b, len) != 0) {
		print_text("mcp_secret_mask differs", s, len);
		ok = 0;
	}
	free(a);
	free(b);
	return ok;
}

/* Every member name and string of a document. */
static void collect_json(texts *keys, texts *values, json_t *v)
{
	const char *k;
	json_t *c;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach(v, k, c)
		{
			add_str(keys, k);
			collect_json(keys, values, c);
		}
	} else if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++)
			collect_json(keys, values, json_array_get(v, i));
	} else if (json_is_string(v)) {
		add_text(values, json_string_value(v), json_string_length(v));
	}
}

/* A file's text: its lines to @p lines, its words (split at space,
 * quotes and YAML's flow punctuation) to @p words. */
static void collect_raw(texts *lines, texts *words, const char *s, size_t len)
{
	size_t i = 0, start;

	while (i < len) {
		start = i;
		while (i < len && s[i] != '\n')
			i++;
		add_text(lines, s + start, i - start);
		i++;
	}
	for (i = 0; i < len;) {
		while (i < len && strchr(" \t\r\n\"'{}[],#", s[i]) && s[i])
			i++;
		start = i;
		while (i < len && !(strchr(" \t\r\n\"'{}[],#", s[i]) && s[i]))
			i++;
		if (i > start) {
			add_text(words, s + start, i - start);
			/* a key as YAML writes it: "name:" */
			if (s[i - 1] == ':' && i - 1 > start)
				add_text(words, s + start, i - 1 - start);
		}
	}
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void collect_dir(const char *dir, texts *keys, texts *values,
                        texts *lines)
{
	DIR *dp = opendir(dir);
	struct dirent *e;

	if (!dp)
		return;
	while ((e = readdir(dp))) {
		char path[4096];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			collect_dir(path, keys, values, lines);
		} else if (S_ISREG(st.st_mode) && st.st_size < (1 << 22)) {
			FILE *f = fopen(path, "rb");
			char *buf = malloc((size_t)st.st_size + 1);
			size_t got;
			assert_true(f && buf);
			got = fread(buf, 1, (size_t)st.st_size, f);
			fclose(f);
			collect_raw(lines, keys, buf, got);
			free(buf);
			if (has_suffix(path, ".yaml") ||
			    has_suffix(path, ".yml") ||
			    has_suffix(path, ".json")) {
				mcp_source *src = NULL;
				mcp_diag *d = NULL;
				size_t i;
				assert_int_equal(mcp_diag_new(&d), 0);
				if (mcp_source_load_file(&src, path, NULL, d) >=
				    0)
					for (i = 0;
					     i < mcp_source_doc_count(src); i++)
						collect_json(
						    keys, values,
						    mcp_source_doc(src, i));
				mcp_source_free(src);
				mcp_diag_free(d);
			}
		}
	}
	closedir(dp);
}

/* The repository's own texts (the tests run from its top), read once
 * for every test: member names and the words of every file, strings, and
 * lines. */
typedef struct repo {
	texts keys, values, lines;
} repo;

static int read_repo(void **state)
{
	static const char *const dirs[] = {"fixtures", "schema", "rules",
	                                   "charts"};
	repo *r = calloc(1, sizeof(*r));
	size_t i;

	if (!r)
		return -1;
	for (i = 0; i < COUNT(dirs); i++)
		collect_dir(dirs[i], &r->keys, &r->values, &r->lines);
	*state = r;
	return 0;
}

static int free_repo(void **state)
{
	repo *r = *state;

	free_texts(&r->keys);
	free_texts(&r->values);
	free_texts(&r->lines);
	free(r);
	return 0;
}

/* Random bytes: letters, digits, separators, UTF-8 sequences, stray
 * high bytes and NUL. */
static void random_word(char *out, size_t *len, size_t max)
{
	static const char *const pieces[] = {
	    "a",    "e",        "k",        "s",        "t",
	    "y",    "d",        "P",        "K",        "Y",
	    "_",    "-",        ".",        "/",        " ",
	    "0",    "9",        "~",        ":",        "=",
	    "@",    "\xc3\xa9", "\xc3\x9f", "\xd0\x9f", "\xf0\x9f\x94\x91",
	    "\xff", "\x80",     "\0"};
	size_t n = 1 + rnd(16), i;

	*len = 0;
	for (i = 0; i < n; i++) {
		const char *p;
		size_t plen;
		if (rnd(3) == 0) {
			char c =
			    (char)(rnd(3) == 0 ? 'A' + rnd(26) : 'a' + rnd(26));
			if (*len < max)
				out[(*len)++] = c;
			continue;
		}
		p = pieces[rnd(COUNT(pieces))];
		plen = p[0] ? strlen(p) : 1;
		if (*len + plen <= max) {
			memcpy(out + *len, p, plen);
			*len += plen;
		}
	}
}

/* A word with one letter's case flipped, one byte dropped, doubled or
 * replaced, or a byte put in: near misses of a credential's name. */
static void near_misses(texts *t, const char *w)
{
	static const char ins[] = "_-.A a1Z/";
	size_t len = strlen(w), i, j;
	char buf[128];

	for (i = 0; i < len; i++) {
		memcpy(buf, w, len);
		buf[i] = (char)(isupper((unsigned char)buf[i])
		                    ? tolower((unsigned char)buf[i])
		                    : toupper((unsigned char)buf[i]));
		add_text(t, buf, len);
		memcpy(buf, w, i);
		memcpy(buf + i, w + i + 1, len - i - 1);
		add_text(t, buf, len - 1);
		memcpy(buf, w, i + 1);
		memcpy(buf + i + 1, w + i, len - i);
		add_text(t, buf, len + 1);
		memcpy(buf, w, len);
		buf[i] = (char)(buf[i] + 1);
		add_text(t, buf, len);
		for (j = 0; j < sizeof(ins) - 1; j++) {
			memcpy(buf, w, i);
			buf[i] = ins[j];
			memcpy(buf + i + 1, w + i, len - i);
			add_text(t, buf, len + 1);
		}
	}
}

/* Credential words, and the words before "key", in every case and
 * separator, with prefixes and suffixes, alone and in pairs. */
static void generated_names(texts *t)
{
	static const char *const pre[] = {
	    "",  "db_", "DB_", "my",      "My",  "x-",   "a.b.", "/",
	    " ", "1",   "é",   "oauth2_", "API", "KEY_", "Key"};
	static const char *const post[] = {
	    "",  "s",   "_",   "1",    "-x",   "Policy", "_name", "Name", "é",
	    "/", "KEY", "Key", "_key", "-key", ".key",   "key",   "X"};
	static const char *const seps[] = {"",  "_", "-",  ".",       "/",
	                                   " ", "0", "Ab", "\xc3\xa9"};
	const char *all[COUNT(cred_words) + COUNT(key_words) + 4];
	size_t n = 0, i, j, k, c;
	char buf[256], word[64];

	for (i = 0; i < COUNT(cred_words); i++)
		all[n++] = cred_words[i];
	for (i = 0; i < COUNT(key_words); i++)
		all[n++] = key_words[i];
	all[n++] = "key";
	all[n++] = "tokenizer";
	all[n++] = "name";
	all[n++] = "pass";
	for (i = 0; i < n; i++) {
		size_t len = strlen(all[i]);
		for (c = 0; c < 4; c++) {
			/* lower, UPPER, Capitalised, random case */
			for (k = 0; k < len; k++) {
				char x = all[i][k];
				if (c == 1 || (c == 2 && k == 0) ||
				    (c == 3 && rnd(2)))
					x = (char)toupper((unsigned char)x);
				word[k] = x;
			}
			word[len] = '\0';
			near_misses(t, word);
			for (j = 0; j < COUNT(pre); j++)
				for (k = 0; k < COUNT(post); k++) {
					snprintf(buf, sizeof(buf), "%s%s%s",
					         pre[j], word, post[k]);
					add_str(t, buf);
				}
		}
		for (j = 0; j < n; j++)
			for (k = 0; k < COUNT(seps); k++) {
				snprintf(buf, sizeof(buf), "%s%s%s", all[j],
				         seps[k], all[i]);
				add_str(t, buf);
				snprintf(buf, sizeof(buf), "%s%s%c%s", all[j],
				         seps[k],
				         toupper((unsigned char)all[i][0]),
				         all[i] + 1);
				add_str(t, buf);
			}
	}
	/* a word longer than the reference keeps (63 bytes) */
	memset(buf, 'a', 100);
	memcpy(buf + 100, "Password", 9);
	add_str(t, buf);
	memset(buf, 'z', 100);
	memcpy(buf + 100, "apiKey", 7);
	add_str(t, buf);
	memcpy(buf + 94, "ApiKey", 7);
	add_str(t, buf);
}

static void random_words(texts *t, size_t count)
{
	char buf[128];
	size_t len, i;

	for (i = 0; i < count; i++) {
		random_word(buf, &len, sizeof(buf));
		add_text(t, buf, len);
	}
}

/* mcp_secret_name agrees with the reference on every word. */
static void name_matches_reference(void **state)
{
	repo *r = *state;
	texts gen = {0};
	texts *all[] = {&r->keys, &r->values, &gen};
	size_t i, a, n = 0, bad = 0, yes = 0;

	assert_true(r->keys.n > 10000); /* the repository was read */
	generated_names(&gen);
	random_words(&gen, 100000);
	for (a = 0; a < COUNT(all); a++)
		for (i = 0; i < all[a]->n; i++, n++) {
			const text *t = &all[a]->v[i];
			int want = ref_name(t->s, t->len);
			yes += want;
			if (mcp_secret_name(t->s, t->len) != want && bad++ < 20)
				print_text(
				    want ? "not a credential's name"
				         : "taken for a credential's name",
				    t->s, t->len);
		}
	/* the words hold both answers, plenty of each */
	assert_true(yes > 1000 && n - yes > 100000);
	if (bad)
		fail_msg("%zu of %zu words differ", bad, n);
	free_texts(&gen);
}

/* Fragments that make texts near every shape: parts of each, separators,
 * references, and letters. */
static void generated_texts(texts *t, size_t count)
{
	static const char *const frags[] = {"password",
	                                    "PWD",
	                                    "api_key",
	                                    "apiKey",
	                                    "token",
	                                    "secretName",
	                                    "x.password",
	                                    "/etc/passwd",
	                                    "=",
	                                    ":",
	                                    ": ",
	                                    " = ",
	                                    "\"",
	                                    "'",
	                                    " ",
	                                    "\t",
	                                    "\n",
	                                    ";",
	                                    ",",
	                                    "{",
	                                    "}",
	                                    "[",
	                                    "${X}",
	                                    "$(Y)",
	                                    "${X:-d}",
	                                    "<v>",
	                                    "***",
	                                    "{{ .v }}",
	                                    "hunter2",
	                                    "s3cr3t",
	                                    "://",
	                                    "@",
	                                    "u:pw@",
	                                    ":@",
	                                    "redis://",
	                                    "https://",
	                                    "host:6379/",
	                                    "AKIA",
	                                    "AKIAIOSFODNN7EXAMPLE",
	                                    "ASIA",
	                                    "eyJ",
	                                    "eyJhbGciOiJI.eyJzdWIiOiIx.sig",
	                                    "Bearer ",
	                                    "bearer ",
	                                    "0123456789abcdefghijklmnop",
	                                    "sk-",
	                                    "sk-proj-",
	                                    "-----BEGIN",
	                                    " PRIVATE KEY-----",
	                                    "-----END",
	                                    "ghp_",
	                                    "github_pat_",
	                                    "xoxb-",
	                                    "hooks.slack.com/services/",
	                                    "AIza",
	                                    "hf_",
	                                    "sk_live_",
	                                    "_test_",
	                                    "AccountKey=",
	                                    "SharedAccessKey=",
	                                    "/",
	                                    ".",
	                                    "-",
	                                    "_",
	                                    "\xc3\xa9",
	                                    "\xff",
	                                    "0",
	                                    "1234567890",
	                                    "abcdefghijklmnopqrstuvwxyz",
	                                    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
	                                    "KEY",
	                                    "key",
	                                    "Secret"};
	char buf[512];
	size_t i, j, n, len;

	for (i = 0; i < count; i++) {
		n = 1 + rnd(8);
		len = 0;
		for (j = 0; j < n; j++) {
			const char *f = frags[rnd(COUNT(frags))];
			size_t flen = strlen(f);
			if (rnd(6) == 0) {
				char w[64];
				size_t wl;
				random_word(w, &wl, sizeof(w));
				if (len + wl < sizeof(buf)) {
					memcpy(buf + len, w, wl);
					len += wl;
				}
				continue;
			}
			if (len + flen < sizeof(buf)) {
				memcpy(buf + len, f, flen);
				len += flen;
			}
		}
		add_text(t, buf, len);
	}
}

/* mcp_secret_find and mcp_secret_mask agree with every expression run on
 * every text. */
static void shapes_match_reference(void **state)
{
	repo *rp = *state;
	texts gen = {0};
	ref_shapes r;
	size_t i, bad = 0, found = 0;
	const char *kind, *example;

	ref_shapes_init(&r);
	generated_texts(&gen, 60000);
	for (i = 0; mcp_secret_shape(i, &kind, &example) == 0; i++)
		add_str(&gen, example);
	random_words(&gen, 20000);
	{
		/* each name the name test is held to, before a value */
		static const char *const seps[] = {"=", ": ", ":",
		                                   "\"=", " = "};
		texts names = {0};
		char buf[512];
		generated_names(&names);
		for (i = 0; i < names.n; i++) {
			int n = snprintf(buf, sizeof(buf), "%.*s%s%s",
			                 (int)names.v[i].len, names.v[i].s,
			                 seps[i % COUNT(seps)],
			                 i % 7 ? "hunter2" : "${X}");
			add_text(&gen, buf, (size_t)n);
		}
		free_texts(&names);
	}
	{
		texts *all[] = {&rp->keys, &rp->values, &rp->lines, &gen};
		size_t a;
		for (a = 0; a < COUNT(all); a++)
			for (i = 0; i < all[a]->n; i++) {
				mcp_secret_span sp;
				found += mcp_secret_find(all[a]->v[i].s,
				                         all[a]->v[i].len, &sp);
				if (!same_shapes(&r, all[a]->v[i].s,
				                 all[a]->v[i].len) &&
				    ++bad >= 20)
					break;
			}
	}
	/* enough texts of each answer for the comparison to mean something */
	assert_true(found > 5000 && gen.n - found > 50000);
	if (bad)
		fail_msg("%zu texts differ", bad);
	free_texts(&gen);
	ref_shapes_free(&r);
}

/* Where the rules report, with a pointer made only when one is: escaped
 * keys, items of a list under a credential's name, keys of the document
 * itself, numeric keys, the fields that name a Secret (also in an
 * environment), and what the remember walk keeps for masking. */
static const char walk_doc[] =
    "apiVersion: ai102.mcp/v1\n"
    "kind: ModelDeployment\n"
    "metadata: {name: t}\n"
    "api_key: topsecret1\n"
    "ghp_0123456789abcdefghijklmnopqrstuvwxyz: 1\n"
    "spec:\n"
    "  \"a/b~c\":\n"
    "    password: hunter2a\n"
    "    PWD: /home/app\n"
    "  passwords: [abc12345, 42424242, \"${PW}\", {nested: x}]\n"
    "  registry: {pullSecret: regcred}\n"
    "  environments:\n"
    "    dev:\n"
    "      registry: {pullSecret: devcred}\n"
    "      gateway: {auth: {clientCASecret: ca-bundle}}\n"
    "      db_password: devpass99\n"
    "  list:\n"
    "    - {x: \"postgres://u:pw123@db/app\"}\n"
    "    - {AKIAIOSFODNN7EXAMPLE: 1}\n"
    "    - [\"note: token=abcdef123\"]\n"
    "  \"8080\": {clientSecret: 12345}\n";

static int by_text(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void walks_report_where(void **state)
{
	/* as mcpc 0.1 reported them, before the walks were made faster */
	static const char *const want[] = {
	    "MCP-SEC-001 /api_key 4:10 api_key holds a credential inline",
	    "MCP-SEC-002 /ghp_0123456789abcdefghijklmnopqrstuvwxyz 5:43 a key "
	    "of the document is secret material: a GitHub token",
	    "MCP-SEC-001 /spec/a~1b~0c/password 8:15 spec[\"a/b~c\"].password "
	    "holds a credential inline",
	    "MCP-SEC-001 /spec/passwords/0 10:15 spec.passwords[0] holds a "
	    "credential inline",
	    "MCP-SEC-001 /spec/passwords/1 10:25 spec.passwords[1] holds a "
	    "credential inline",
	    "MCP-SEC-001 /spec/environments/dev/db_password 16:20 "
	    "spec.environments.dev.db_password holds a credential inline",
	    "MCP-SEC-002 /spec/list/0/x 18:11 spec.list[0].x holds secret "
	    "material inline: a URL with a password",
	    "MCP-SEC-002 /spec/list/1/AKIAIOSFODNN7EXAMPLE 19:30 a key of "
	    "spec.list[1] is secret material: an AWS access key id",
	    "MCP-SEC-002 /spec/list/2/0 20:8 spec.list[2][0] holds secret "
	    "material inline: a credential after its name",
	    "MCP-SEC-001 /spec/8080/clientSecret 21:26 "
	    "spec[\"8080\"].clientSecret holds a credential inline"};
	mcp_schema *schema = NULL;
	mcp_rules *rules = NULL;
	mcp_source *src;
	mcp_diag *d, *rd;
	char got[64][256];
	size_t i, n = 0;
	char masked[] = "topsecret1 hunter2a abc12345 42424242 devpass99 12345 "
	                "/home/app regcred devcred ca-bundle";

	(void)state;
	src = tu_load(walk_doc, &d, NULL);
	assert_non_null(src);
	assert_int_equal(mcp_schema_builtin(&schema, NULL, d), 0);
	assert_int_equal(mcp_rules_load(&rules, NULL, 0, schema, NULL, d), 0);
	assert_int_equal(mcp_rules_check(rules, src, 0, 0, d), 0);
	for (i = 0; i < mcp_diag_count(d); i++) {
		const mcp_finding *f = mcp_diag_get(d, i);
		if (strcmp(f->rule, "MCP-SEC-001") != 0 &&
		    strcmp(f->rule, "MCP-SEC-002") != 0)
			continue;
		assert_true(n < 64);
		/* in the order of the document: line, then column */
		snprintf(got[n++], sizeof(got[0]), "%05u%05u%s %s %u:%u %s",
		         f->loc.line, f->loc.column, f->rule, f->pointer,
		         f->loc.line, f->loc.column, f->message);
	}
	qsort(got, n, sizeof(got[0]), by_text);
	for (i = 0; i < n; i++)
		memmove(got[i], got[i] + 10, strlen(got[i] + 10) + 1);
	for (i = 0; i < n || i < COUNT(want); i++) {
		if (i >= n || i >= COUNT(want) || strcmp(got[i], want[i]))
			fail_msg("finding %zu: got '%s', want '%s'", i,
			         i < n ? got[i] : "(none)",
			         i < COUNT(want) ? want[i] : "(none)");
	}
	/* the walk for masking alone keeps the same credentials */
	assert_int_equal(mcp_diag_new(&rd), 0);
	assert_int_equal(mcp_secrets_remember(rd, mcp_source_doc(src, 0)), 0);
	assert_int_equal(mcp_diag_mask(rd, masked, strlen(masked)), 6);
	assert_string_equal(masked, "********** ******** ******** ******** "
	                            "********* ***** /home/app regcred "
	                            "devcred ca-bundle");
	mcp_diag_free(rd);
	mcp_rules_free(rules);
	mcp_schema_free(schema);
	mcp_source_free(src);
	mcp_diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(name_matches_reference),
	    cmocka_unit_test(shapes_match_reference),
	    cmocka_unit_test(walks_report_where),
	};
	return cmocka_run_group_tests(tests, read_repo, free_repo);
}
