/*
 * scalar.c: YAML 1.2 core schema resolution, explicit core tags, and the
 * YAML 1.1 readings that differ (reported as traps, never silently used).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "front/scalar.h"

#define TAG_PREFIX "tag:yaml.org,2002:"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

typedef struct word {
	const char *text;
	size_t len;
} word;

#define W(s)                                                                   \
	{                                                                      \
		s, sizeof(s) - 1                                               \
	}

static int one_of(const char *s, size_t len, const word *words)
{
	for (; words->text; words++)
		if (words->len == len && memcmp(s, words->text, len) == 0)
			return 1;
	return 0;
}

static const word null_words[] = {W(""),     W("~"),    W("null"),
                                  W("Null"), W("NULL"), {NULL, 0}};
static const word true_words[] = {W("true"), W("True"), W("TRUE"), {NULL, 0}};
static const word false_words[] = {
    W("false"), W("False"), W("FALSE"), {NULL, 0}};
static const word bool11_words[] = {
    W("y"),  W("Y"),   W("yes"), W("Yes"), W("YES"), W("n"),
    W("N"),  W("no"),  W("No"),  W("NO"),  W("on"),  W("On"),
    W("ON"), W("off"), W("Off"), W("OFF"), {NULL, 0}};

/*
 * Whether a plain scalar could be anything but a string without a trap.
 * The core schema's null, booleans and numbers, and YAML 1.1's booleans,
 * octals and base-60 numbers, all start with one of a few bytes, and the
 * words among them are five bytes at most: the first byte settles most
 * scalars (names, images, quantities such as "8Gi" aside).
 */
static int may_resolve(const char *s, size_t len)
{
	if (len == 0)
		return 1; /* null */
	switch (s[0]) {
	case 'n':
	case 'N': /* null, n, no */
	case 't':
	case 'T': /* true */
	case 'f':
	case 'F': /* false */
	case 'y':
	case 'Y': /* y, yes */
	case 'o':
	case 'O': /* on, off */
		return len <= 5;
	case '~':
		return len == 1;
	case '0':
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
	case '7':
	case '8':
	case '9':
	case '+':
	case '-':
	case '.':
		return 1;
	default:
		return 0;
	}
}

/* [-+]?[0-9]+ */
static int is_dec_int(const char *s, size_t len)
{
	size_t i = 0;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	if (i == len)
		return 0;
	for (; i < len; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

/* 0o[0-7]+ or 0x[0-9a-fA-F]+; returns the base or 0. */
static int prefixed_int_base(const char *s, size_t len)
{
	size_t i;
	int base;

	if (len < 3 || s[0] != '0')
		return 0;
	if (s[1] == 'o')
		base = 8;
	else if (s[1] == 'x')
		base = 16;
	else
		return 0;
	for (i = 2; i < len; i++) {
		char c = s[i];
		if (base == 8 && !(c >= '0' && c <= '7'))
			return 0;
		if (base == 16 && !is_digit(c) && !(c >= 'a' && c <= 'f') &&
		    !(c >= 'A' && c <= 'F'))
			return 0;
	}
	return base;
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static int is_float(const char *s, size_t len)
{
	size_t i = 0, digits = 0;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < len && is_digit(s[i]))
		i++, digits++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && is_digit(s[i]))
			i++, digits++;
	}
	if (!digits)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t exp = 0;
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		while (i < len && is_digit(s[i]))
			i++, exp++;
		if (!exp)
			return 0;
	}
	return i == len;
}

static int is_special_float(const char *s, size_t len)
{
	static const word words[] = {
	    W(".inf"),  W(".Inf"),  W(".INF"),  W("+.inf"), W("+.Inf"),
	    W("+.INF"), W("-.inf"), W("-.Inf"), W("-.INF"), W(".nan"),
	    W(".NaN"),  W(".NAN"),  {NULL, 0}};
	return one_of(s, len, words);
}

/*
 * YAML 1.1 base 60: integers [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+ and floats
 * [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]* (a float may start with 0).
 */
static int is_sexagesimal(const char *s, size_t len)
{
	size_t i = 0, groups = 0;
	int zero_first;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	if (i == len || !is_digit(s[i]))
		return 0;
	zero_first = s[i] == '0';
	while (i < len && (is_digit(s[i]) || s[i] == '_'))
		i++;
	while (i < len && s[i] == ':') {
		size_t d = 0;
		i++;
		while (i < len && is_digit(s[i]) && d < 2)
			i++, d++;
		if (d == 0 || (d == 2 && s[i - 2] > '5'))
			return 0;
		groups++;
	}
	if (!groups)
		return 0;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && (is_digit(s[i]) || s[i] == '_'))
			i++;
		return i == len;
	}
	return i == len && !zero_first;
}

/* Text is NUL-terminated by libyaml and by the JSON scanner's copies. */
static scalar_status make_int(json_t **out, const char *s, size_t len)
{
	long long v;
	char *end;
	int base = prefixed_int_base(s, len);

	errno = 0;
	if (base) {
		unsigned long long u = strtoull(s + 2, &end, base);
		if (errno == ERANGE || u > (unsigned long long)INT64_MAX)
			return SCALAR_INT_RANGE;
		v = (long long)u;
	} else {
		v = strtoll(s, &end, 10);
		if (errno == ERANGE)
			return SCALAR_INT_RANGE;
	}
	*out = json_integer((json_int_t)v);
	return *out ? SCALAR_OK : SCALAR_ENOMEM;
}

static scalar_status make_float(json_t **out, const char *s)
{
	double d = strtod(s, NULL);

	if (!isfinite(d))
		return SCALAR_NOT_FINITE;
	*out = json_real(d);
	return *out ? SCALAR_OK : SCALAR_ENOMEM;
}

static scalar_status make_string(json_t **out, const char *s, size_t len)
{
	/* The text was checked as UTF-8 before parsing. */
	*out = json_stringn_nocheck(s, len);
	return *out ? SCALAR_OK : SCALAR_ENOMEM;
}

static scalar_status make_const(json_t **out, json_t *v)
{
	*out = v;
	return v ? SCALAR_OK : SCALAR_ENOMEM;
}

/* Resolve by the core schema's regular expressions. */
/* Whether @p c is an ASCII letter: the core schema's words start with
 * one, its numbers never do. */
static int is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static scalar_status resolve_plain(json_t **out, const char *s, size_t len)
{
	if (len && is_letter(s[0])) {
		if (one_of(s, len, null_words))
			return make_const(out, json_null());
		if (one_of(s, len, true_words))
			return make_const(out, json_true());
		if (one_of(s, len, false_words))
			return make_const(out, json_false());
		return make_string(out, s, len);
	}
	if (len <= 1 && one_of(s, len, null_words)) /* "" and "~" */
		return make_const(out, json_null());
	if (is_dec_int(s, len) || prefixed_int_base(s, len))
		return make_int(out, s, len);
	if (is_float(s, len))
		return make_float(out, s);
	if (is_special_float(s, len))
		return SCALAR_NOT_FINITE;
	return make_string(out, s, len);
}

static scalar_trap find_trap(const char *s, size_t len)
{
	size_t i = 0;

	if (len <= 3 && len && is_letter(s[0]))
		return one_of(s, len, bool11_words) ? TRAP_BOOL11 : TRAP_NONE;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	if (len - i >= 2 && s[i] == '0' && is_dec_int(s + i, len - i))
		return TRAP_LEADING_ZERO;
	if (is_sexagesimal(s, len))
		return TRAP_SEXAGESIMAL;
	return TRAP_NONE;
}

static scalar_status resolve_tagged(json_t **out, const char *type,
                                    const char *s, size_t len)
{
	if (strcmp(type, "str") == 0)
		return make_string(out, s, len);
	if (strcmp(type, "null") == 0)
		return one_of(s, len, null_words) ? make_const(out, json_null())
		                                  : SCALAR_BAD_VALUE;
	if (strcmp(type, "bool") == 0) {
		if (one_of(s, len, true_words))
			return make_const(out, json_true());
		if (one_of(s, len, false_words))
			return make_const(out, json_false());
		return SCALAR_BAD_VALUE;
	}
	if (strcmp(type, "int") == 0)
		return is_dec_int(s, len) || prefixed_int_base(s, len)
		           ? make_int(out, s, len)
		           : SCALAR_BAD_VALUE;
	if (strcmp(type, "float") == 0) {
		if (is_special_float(s, len))
			return SCALAR_NOT_FINITE;
		if (is_dec_int(s, len) || is_float(s, len))
			return make_float(out, s);
		return SCALAR_BAD_VALUE;
	}
	return SCALAR_BAD_TAG;
}

/* The core type an explicit tag names ("str" for tag:yaml.org,2002:str),
 * or NULL for a tag outside the core schema. */
static const char *core_type(const char *tag)
{
	static const char *const types[] = {"str", "null",  "bool",
	                                    "int", "float", NULL};
	size_t i;

	if (strncmp(tag, TAG_PREFIX, sizeof(TAG_PREFIX) - 1) != 0)
		return NULL;
	tag += sizeof(TAG_PREFIX) - 1;
	for (i = 0; types[i]; i++)
		if (strcmp(tag, types[i]) == 0)
			return tag;
	return NULL;
}

scalar_status mcp_scalar_resolve(json_t **out, scalar_trap *trap,
                                 const char *tag, const char *text, size_t len,
                                 int plain)
{
	*out = NULL;
	*trap = TRAP_NONE;
	if (tag && strcmp(tag, "!") == 0)
		return make_string(out, text, len);
	if (tag) {
		if (strncmp(tag, TAG_PREFIX, sizeof(TAG_PREFIX) - 1) != 0)
			return SCALAR_BAD_TAG;
		return resolve_tagged(out, tag + sizeof(TAG_PREFIX) - 1, text,
		                      len);
	}
	if (!plain || !may_resolve(text, len))
		return make_string(out, text, len);
	*trap = find_trap(text, len);
	return resolve_plain(out, text, len);
}

scalar_status mcp_scalar_key(scalar_trap *trap, const char *tag,
                             const char *text, size_t len, int plain)
{
	*trap = TRAP_NONE;
	if (tag)
		return strcmp(tag, "!") == 0 || core_type(tag) ? SCALAR_OK
		                                               : SCALAR_BAD_TAG;
	if (plain && may_resolve(text, len))
		*trap = find_trap(text, len);
	return SCALAR_OK;
}

int mcp_tag_fits_collection(const char *tag, int is_map)
{
	if (!tag || strcmp(tag, "!") == 0)
		return 1;
	return strcmp(tag, is_map ? TAG_PREFIX "map" : TAG_PREFIX "seq") == 0;
}
