/*
 * test_emit.c: the YAML writer. Every value it writes reads back, with
 * mcpc's own loader, as the same JSON value and without a finding (no
 * YAML 1.1 trap), every line is free of trailing spaces, and the layout
 * is the one yamllint's defaults accept.
 */
#include <stdlib.h>

#include "testutil.h"

static const char *const strings[] = {
    "",
    " x",
    "x ",
    "true",
    "Yes",
    "no",
    "ON",
    "off",
    "y",
    "N",
    "null",
    "~",
    "0644",
    "1:30",
    "1e3",
    ".5",
    "-1",
    "-x",
    "- x",
    "a: b",
    "a #b",
    "a#b",
    "#x",
    "x:",
    "@x",
    "`x",
    "'q'",
    "\"q\"",
    "line\nbreak",
    "tab\tx",
    "8Gi",
    "500m",
    "nvidia.com/gpu",
    "\xc3\xbc" "n" "\xc3\xaf" "code",
    "=",
    "<<",
    "---",
    "...",
    "a:b",
    "http://x:80/y",
    "{x}",
    "[x]",
    "*a",
    "&a",
    "!tag",
    "%x",
    "|",
    ">",
    "?x",
    "-",
    "--x",
    ".inf",
    "0x1F",
    "+1",
    "2026-11-26",
    "back\\slash",
    "ctl\x01",
    "x\r\n",
    "?",
};

/* Write v, read it back, compare; return the text (caller frees). */
static char *round_trip(json_t *v)
{
	mcp_buf out;
	mcp_diag *d;
	mcp_source *src;
	json_t *back;
	char *text;
	const char *p;

	mcp_buf_init(&out);
	assert_int_equal(mcp_yaml_write(&out, v), 0);
	text = mcp_buf_detach(&out);
	assert_non_null(text);
	src = tu_load(text, &d, NULL);
	assert_non_null(src);
	if (mcp_diag_count(d) != 0)
		fail_msg("findings reading back:\n%s\nfirst: %s", text,
		         mcp_diag_get(d, 0)->message);
	assert_int_equal(mcp_source_doc_count(src), 1);
	back = mcp_source_doc(src, 0);
	if (!json_equal(back, v)) {
		char *a = json_dumps(v, JSON_ENCODE_ANY);
		char *b = json_dumps(back, JSON_ENCODE_ANY);
		fail_msg("wrote %s as\n%sread back %s", a, text, b);
	}
	for (p = text; *p; p++)
		if (*p == '\n' && p > text && p[-1] == ' ')
			fail_msg("trailing space in\n%s", text);
	mcp_source_free(src);
	mcp_diag_free(d);
	return text;
}

static void strings_round_trip(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		json_t *obj = json_pack("{s:s, s:[s]}", strings[i], strings[i],
		                        "list", strings[i]);
		json_t *one = json_string(strings[i]);
		free(round_trip(obj));
		free(round_trip(one));
		json_decref(obj);
		json_decref(one);
	}
}

static void layout(void **state)
{
	json_t *v;
	char *text;

	(void)state;
	v = json_loads("{\"apiVersion\": \"v1\", \"kind\": \"Service\", "
	               "\"metadata\": {\"name\": \"a\", \"labels\": {}}, "
	               "\"spec\": {\"ports\": [{\"port\": 80, \"name\": "
	               "\"http\"}, {\"port\": 81}], \"x\": [[1, 2], []], "
	               "\"r\": 0.1, \"f\": 1.0, \"b\": false, \"n\": null}}",
	               0, NULL);
	assert_non_null(v);
	text = round_trip(v);
	assert_string_equal(text, "---\n"
	                          "apiVersion: v1\n"
	                          "kind: Service\n"
	                          "metadata:\n"
	                          "  name: a\n"
	                          "  labels: {}\n"
	                          "spec:\n"
	                          "  ports:\n"
	                          "    - port: 80\n"
	                          "      name: http\n"
	                          "    - port: 81\n"
	                          "  x:\n"
	                          "    - - 1\n"
	                          "      - 2\n"
	                          "    - []\n"
	                          "  r: 0.1\n"
	                          "  f: 1.0\n"
	                          "  b: false\n"
	                          "  \"n\": null\n");
	free(text);
	json_decref(v);
}

static void numbers(void **state)
{
	static const double reals[] = {0.1,   1.0,           -2.5,
	                               1e300, 123456789.125, 3.0e-7};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(reals) / sizeof(reals[0]); i++) {
		json_t *v = json_pack("{s:f, s:I}", "r", reals[i], "i",
		                      (json_int_t)-9007199254740993LL);
		free(round_trip(v));
		json_decref(v);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(strings_round_trip),
	    cmocka_unit_test(layout),
	    cmocka_unit_test(numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
