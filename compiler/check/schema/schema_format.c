/*
 * schema_format.c: the "format" checks that --strict-formats turns on:
 * date-time, date, time, duration, email, hostname, ipv4, ipv6, uri,
 * uri-reference, uuid, regex, json-pointer. Each is written from its RFC.
 * Also mcpc's own "quantity", which is always asserted: no other
 * validator defines it, and a quantity mcpc cannot compare must not pass.
 */
#include <string.h>

#include "check/schema/regex.h"
#include "mcpc/quantity.h"
#include "check/schema/schema_int.h"

static int digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int num(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* RFC 3339 full-date: YYYY-MM-DD with real month lengths. */
int mcp_date_valid(const char *s, size_t len)
{
	static const int days[] = {31, 29, 31, 30, 31, 30,
	                           31, 31, 30, 31, 30, 31};
	int y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) ||
	    !digits(s + 5, 2) || !digits(s + 8, 2))
		return 0;
	y = num(s, 4);
	m = num(s + 5, 2);
	d = num(s + 8, 2);
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	if (m == 2 && d == 29 &&
	    !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return 1;
}

/* RFC 3339 full-time: HH:MM:SS[.frac](Z|+HH:MM|-HH:MM); leap second 60
 * only at 23:59 UTC. */
static int is_time(const char *s, size_t len)
{
	int h, m, sec, oh = 0, om = 0, sign = 0;
	size_t i = 8;

	if (len < 9 || s[2] != ':' || s[5] != ':' || !digits(s, 2) ||
	    !digits(s + 3, 2) || !digits(s + 6, 2))
		return 0;
	h = num(s, 2);
	m = num(s + 3, 2);
	sec = num(s + 6, 2);
	if (i < len && s[i] == '.') {
		size_t f = ++i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == f)
			return 0;
	}
	if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
		i++;
	} else if (i < len && (s[i] == '+' || s[i] == '-')) {
		sign = s[i] == '+' ? 1 : -1;
		if (len - i != 6 || s[i + 3] != ':' || !digits(s + i + 1, 2) ||
		    !digits(s + i + 4, 2))
			return 0;
		oh = num(s + i + 1, 2);
		om = num(s + i + 4, 2);
		if (oh > 23 || om > 59)
			return 0;
		i += 6;
	} else {
		return 0;
	}
	if (i != len || h > 23 || m > 59 || sec > 60)
		return 0;
	if (sec == 60) {
		/* the leap second is at 23:59:60 UTC */
		int utc = (h * 60 + m - sign * (oh * 60 + om)) % 1440;
		if (utc < 0)
			utc += 1440;
		if (utc != 23 * 60 + 59)
			return 0;
	}
	return 1;
}

static int is_date_time(const char *s, size_t len)
{
	return len > 11 && (s[10] == 'T' || s[10] == 't') &&
	       mcp_date_valid(s, 10) && is_time(s + 11, len - 11);
}

/* ISO 8601 duration as RFC 3339 appendix A: P[nY][nM][nD][T[nH][nM][nS]]
 * or PnW. */
static int is_duration(const char *s, size_t len)
{
	static const char date_units[] = "YMD", time_units[] = "HMS";
	size_t i = 1;
	int any = 0, in_time = 0, last = -1;

	if (len < 2 || s[0] != 'P')
		return 0;
	if (s[len - 1] == 'W')
		return len > 2 && digits(s + 1, len - 2);
	while (i < len) {
		size_t start = i;
		const char *units = in_time ? time_units : date_units, *u;
		if (s[i] == 'T') {
			if (in_time)
				return 0;
			in_time = 1;
			last = -1;
			i++;
			if (i == len)
				return 0;
			continue;
		}
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start || i == len)
			return 0;
		u = strchr(units, s[i]);
		/* RFC 3339 appendix A: Y[M[D]], M[D], D; H[M[S]], M[S], S:
		 * units follow each other without a gap */
		if (!u || (last >= 0 && (int)(u - units) != last + 1))
			return 0;
		last = (int)(u - units);
		any = 1;
		i++;
	}
	return any;
}

static int is_ipv4(const char *s, size_t len)
{
	size_t i = 0, parts = 0;

	while (parts < 4) {
		size_t start = i;
		while (i < len && s[i] >= '0' && s[i] <= '9' && i - start < 4)
			i++;
		if (i == start || i - start > 3 ||
		    (i - start > 1 && s[start] == '0') ||
		    num(s + start, i - start) > 255)
			return 0;
		parts++;
		if (parts < 4) {
			if (i >= len || s[i] != '.')
				return 0;
			i++;
		}
	}
	return i == len;
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static int is_ipv6(const char *s, size_t len)
{
	size_t i = 0, groups = 0;
	int gap = 0;

	if (len < 2)
		return 0;
	if (s[0] == ':') {
		if (s[1] != ':')
			return 0;
		i = 2;
		gap = 1;
		if (len == 2)
			return 1;
	}
	while (i < len) {
		size_t start = i;
		while (i < len && is_hex(s[i]) && i - start < 5)
			i++;
		if (i < len && s[i] == '.') {
			/* an IPv4 tail counts for two groups */
			if (!is_ipv4(s + start, len - start))
				return 0;
			groups += 2;
			break;
		}
		if (i == start || i - start > 4)
			return 0;
		groups++;
		if (i == len)
			break;
		if (s[i] != ':')
			return 0;
		i++;
		if (i < len && s[i] == ':') {
			if (gap)
				return 0;
			gap = 1;
			i++;
			if (i == len)
				break;
		} else if (i == len) {
			return 0;
		}
	}
	return gap ? groups < 8 : groups == 8;
}

/* RFC 1123 host names: labels of letters, digits and hyphens. */
static int is_hostname(const char *s, size_t len)
{
	size_t i = 0;

	if (len == 0 || len > 253)
		return 0;
	while (i < len) {
		size_t start = i;
		while (i < len && s[i] != '.')
			i++;
		if (i == start || i - start > 63 || s[start] == '-' ||
		    s[i - 1] == '-')
			return 0;
		for (; start < i; start++) {
			char c = s[start];
			if (!((c >= 'a' && c <= 'z') ||
			      (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9') || c == '-'))
				return 0;
		}
		if (i < len)
			i++;
		if (i == len && s[len - 1] == '.')
			return 0;
	}
	return 1;
}

/* RFC 5321 mailbox, the common subset: local@domain. */
static int is_email(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);
	size_t local, i;

	if (!at)
		return 0;
	if (len >= 2 && s[0] == '"') {
		/* a quoted local part: anything printable, \" escapes */
		for (i = 1; i < len && s[i] != '"'; i++)
			if (s[i] == '\\')
				i++;
		if (i + 1 >= len || s[i + 1] != '@')
			return 0;
		return is_hostname(s + i + 2, len - i - 2);
	}
	at = memchr(s, '@', len);
	local = (size_t)(at - s);
	if (local == 0 || local > 64 || s[0] == '.' || s[local - 1] == '.')
		return 0;
	for (i = 0; i < local; i++) {
		char c = s[i];
		if (c == '.' && s[i + 1] == '.')
			return 0;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') ||
		      strchr("!#$%&'*+-/=?^_`{|}~.", c)))
			return 0;
	}
	if (len - local - 1 >= 2 && at[1] == '[' && s[len - 1] == ']') {
		const char *ip = at + 2;
		size_t n = len - local - 3;
		if (n > 5 && strncmp(ip, "IPv6:", 5) == 0)
			return is_ipv6(ip + 5, n - 5);
		return is_ipv4(ip, n);
	}
	return is_hostname(at + 1, len - local - 1);
}

static int is_uuid(const char *s, size_t len)
{
	size_t i;

	if (len != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!is_hex(s[i])) {
			return 0;
		}
	}
	return 1;
}

static int is_json_pointer(const char *s, size_t len)
{
	size_t i;

	if (len && s[0] != '/')
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] == '~' &&
		    (i + 1 >= len || (s[i + 1] != '0' && s[i + 1] != '1')))
			return 0;
	return 1;
}

/* RFC 3986 characters, with %XX escapes checked. */
static int uri_chars(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			if (i + 2 >= len || !is_hex(s[i + 1]) ||
			    !is_hex(s[i + 2]))
				return 0;
			i += 2;
		} else if (c <= 0x20 || c >= 0x7f || strchr("\"<>\\^`{|}", c)) {
			return 0;
		}
	}
	return 1;
}

static int is_uri_reference(const char *s, size_t len)
{
	return uri_chars(s, len);
}

static int is_uri(const char *s, size_t len)
{
	size_t i = 0;

	if (!uri_chars(s, len) || len == 0 ||
	    !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	while (i < len && s[i] != ':') {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '+' || c == '-' ||
		      c == '.'))
			return 0;
		i++;
	}
	if (i == len)
		return 0;
	/* an authority's user info and host must not hold '[' ']' loosely */
	if (len - i > 2 && s[i + 1] == '/' && s[i + 2] == '/') {
		const char *auth = s + i + 3;
		size_t alen = strcspn(auth, "/?#");
		const char *at = memchr(auth, '@', alen);
		const char *host = at ? at + 1 : auth;
		size_t hlen = alen - (size_t)(host - auth);
		if (memchr(auth, '[', (size_t)(host - auth)) ||
		    (memchr(host, '[', hlen) && host[0] != '['))
			return 0;
	}
	return 1;
}

static int is_regex(const char *s, size_t len)
{
	char err[128];
	mcp_buf copy;
	pcre2_code *re;

	mcp_buf_init(&copy);
	mcp_buf_put(&copy, s, len);
	re = copy.oom ? NULL : mcp_regex_compile(copy.ptr, err, sizeof(err));
	mcp_buf_free(&copy);
	if (!re)
		return 0;
	pcre2_code_free(re);
	return 1;
}

/* mcpc's own format: a Kubernetes quantity mcpc can compare (within
 * 2^63-1 units, as Kubernetes itself requires). */
static int is_quantity(const char *s, size_t len)
{
	mcp_buf copy;
	__int128 q;
	int ok;

	mcp_buf_init(&copy);
	mcp_buf_put(&copy, s, len);
	ok = !copy.oom && strlen(copy.ptr) == len &&
	     mcp_quantity_parse(&q, copy.ptr, NULL) == 0;
	mcp_buf_free(&copy);
	return ok;
}

const char *mcp_format_hint(const char *name)
{
	return strcmp(name, "quantity") == 0
	           ? "a Kubernetes quantity is at most 2^63-1 (about 9.2e18) "
	             "units (just under 8Ei); a larger one cannot be compared "
	             "or deployed"
	           : NULL;
}

format_fn mcp_format_always(const char *name)
{
	return strcmp(name, "quantity") == 0 ? is_quantity : NULL;
}

format_fn mcp_format_lookup(const char *name)
{
	static const struct {
		const char *name;
		format_fn fn;
	} table[] = {
	    {"date-time", is_date_time},
	    {"date", mcp_date_valid},
	    {"time", is_time},
	    {"duration", is_duration},
	    {"email", is_email},
	    {"hostname", is_hostname},
	    {"ipv4", is_ipv4},
	    {"ipv6", is_ipv6},
	    {"uri", is_uri},
	    {"uri-reference", is_uri_reference},
	    {"uuid", is_uuid},
	    {"regex", is_regex},
	    {"json-pointer", is_json_pointer},
	};
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(table[i].name, name) == 0)
			return table[i].fn;
	return NULL;
}
