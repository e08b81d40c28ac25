/*
 * test_rules.c: the rules engine: '*' segments over arrays and objects,
 * every condition kind, preconditions, message templates, and places
 * (the value, or the nearest existing parent of a missing one).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static const char pack[] =
    "apiVersion: ai102.mcp/v1\n"
    "kind: RulePack\n"
    "metadata: {name: t}\n"
    "spec:\n"
    "  rules:\n"
    "    - {id: T-WILD-ARR, match: /spec/services/*/image, assert: "
    "{notPattern: ':latest$'}, message: '{value} at {pointer}'}\n"
    "    - {id: T-WILD-OBJ, match: /spec/labels/*, assert: {maxLength: 1}, "
    "message: 'label {pointer}'}\n"
    "    - {id: T-PRESENT, match: /spec/gateway, assert: {present: true}, "
    "message: 'gateway {value}'}\n"
    "    - {id: T-ABSENT, match: /spec/flag, assert: {present: false}, "
    "message: m}\n"
    "    - {id: T-EQ, match: /spec/flag, assert: {equals: false}, message: "
    "'flag is {value}'}\n"
    "    - {id: T-NE, match: /spec/services/0/name, assert: {notEquals: a}, "
    "message: m}\n"
    "    - {id: T-ENUM, match: /spec/services/*/name, assert: {enum: [b]}, "
    "message: '{value}'}\n"
    "    - {id: T-NOTENUM, match: /spec/services/*/name, assert: {notEnum: "
    "[b]}, message: '{value}'}\n"
    "    - {id: T-PAT, match: /spec/services/*/image, assert: {pattern: "
    "'^r/b'}, message: '{value}'}\n"
    "    - {id: T-MINLEN, match: /spec/services, assert: {minLength: 3}, "
    "message: m}\n"
    "    - {id: T-MIN, match: /spec/services/*/port, assert: {minimum: "
    "1024}, message: '{value}'}\n"
    "    - {id: T-MAX, match: /spec/services/*/replicas, assert: {maximum: "
    "2}, message: '{value}'}\n"
    "    - {id: T-WHEN-NO, match: /spec/services/*/port, when: [{pointer: "
    "/spec/flag, equals: false}], assert: {maximum: 0}, message: m}\n"
    "    - {id: T-WHEN-YES, match: /spec/services/*/port, when: [{pointer: "
    "/spec/flag, equals: true}, {pointer: /spec/labels/x, pattern: '^1$'}], "
    "assert: {maximum: 0}, message: m}\n"
    "    - {id: T-TILDE, match: /spec/odd~1key, assert: {equals: 1}, "
    "message: '{pointer}'}\n"
    "    - {id: T-LT-REL, match: /spec/t/connect, assert: {compare: "
    "duration, lessThan: 1/header}, message: m}\n"
    "    - {id: T-LE-ABS, match: /spec/t/header, assert: {compare: "
    "duration, lessThanOrEqual: /spec/t/request}, message: m}\n"
    "    - {id: T-GT-LIT, match: /spec/q/mem, assert: {compare: quantity, "
    "greaterThan: 1Gi}, message: m}\n"
    "    - {id: T-GE-NUM, match: /spec/q/cpu, assert: {compare: quantity, "
    "greaterThanOrEqual: 0.5}, message: m}\n"
    "    - {id: T-VER, match: /spec/v/*, assert: {version: {range: "
    "'>=1.2.0'}}, message: '{value}'}\n"
    "    - {id: T-MULTI, match: [/spec/flag, /spec/labels/x], assert: "
    "{present: false}, message: '{pointer}'}\n"
    "    - {id: T-KEY, match: /spec/labels/*, assert: {notKeyPattern: "
    "'^y$'}, message: '{path}'}\n"
    "    - {id: T-KEY2, match: /spec/labels/*, assert: {keyPattern: '^x$'}, "
    "message: '{path}'}\n"
    "    - {id: T-PTR, match: /spec/env/*/r, assert: {pointerPattern: "
    "'/dev/'}, message: '{pointer}'}\n"
    "    - {id: T-WHEN-SELF, match: /spec/env/*/r, when: "
    "[{notPointerPattern: '^/spec/env/dev/'}], assert: {minimum: 2}, "
    "message: '{pointer}'}\n"
    "    - {id: T-HAS, match: [/spec/res, /spec/nothing], assert: {has: "
    "[requests/cpu, limits/memory]}, message: '{path} sets no {missing}'}\n"
    "    - {id: T-CAP, match: /spec/services/*/image, assert: {notPattern: "
    "':(?<tag>latest)$'}, message: '{tag} of {value} {nogroup} {}'}\n"
    "    - {id: T-DEEP, match: /**, assert: {notPattern: SECRET}, message: "
    "'{pointer}'}\n"
    "    - {id: T-DEEP-R, match: /spec/**/r, assert: {minimum: 2}, message: "
    "'{pointer}'}\n"
    "    - {id: T-OFF, enabled: false, match: /spec/flag, assert: {equals: "
    "false}, message: m}\n";

static const char spec[] = "apiVersion: ai102.mcp/v1\n"
                           "kind: ModelDeployment\n"
                           "metadata: {name: t}\n"
                           "spec:\n"
                           "  services:\n"
                           "    - {name: a, image: 'r/a:latest', port: 80, "
                           "replicas: 1}\n"
                           "    - {name: b, image: 'r/b:1.0', port: 8080, "
                           "replicas: 3}\n"
                           "  labels: {x: '1', y: '22'}\n"
                           "  flag: true\n"
                           "  odd/key: 2\n"
                           "  t: {connect: 3s, header: 2s, request: 1m}\n"
                           "  q: {mem: 512Mi, cpu: 500m}\n"
                           "  v: ['1.1.0', '1.3.0']\n"
                           "  env: {prod: {r: 1}, dev: {r: 1}}\n"
                           "  res: {requests: {cpu: 1}}\n"
                           "  deep: {a: [{b: xSECRETx}]}\n";

/* Fill in each rule's title, severity, ... so the pack meets its schema. */
static void write_pack(const char *dir)
{
	char path[256], *p;
	FILE *f;
	const char *s;

	snprintf(path, sizeof(path), "%s/t.yaml", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (s = pack; (p = strstr(s, "{id: ")) != NULL;) {
		const char *comma = strchr(p, ',');
		fwrite(s, 1, (size_t)(comma - s), f);
		fputs(", title: t, severity: warning, category: config, "
		      "description: d",
		      f);
		s = comma;
	}
	fputs(s, f);
	assert_int_equal(fclose(f), 0);
}

typedef struct found {
	size_t n;
	const mcp_finding *first;
} found;

static found find(const mcp_diag *d, const char *rule)
{
	found r = {0, NULL};
	size_t i;
	for (i = 0; i < mcp_diag_count(d); i++) {
		const mcp_finding *f = mcp_diag_get(d, i);
		if (strcmp(f->rule, rule) == 0 && r.n++ == 0)
			r.first = f;
	}
	return r;
}

static void conditions(void **state)
{
	char dir[] = "/tmp/mcpc-rules-XXXXXX";
	const char *dirs[1];
	mcp_schema *schema = NULL;
	mcp_rules *rules = NULL;
	mcp_diag *d;
	mcp_source *src;
	found f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_pack(dir);
	dirs[0] = dir;
	src = tu_load(spec, &d, NULL);
	assert_non_null(src);
	assert_int_equal(mcp_schema_builtin(&schema, NULL, d), 0);
	assert_int_equal(mcp_rules_load(&rules, dirs, 1, schema, NULL, d), 0);
	assert_int_equal(mcp_rules_check(rules, src, 0, 0, d), 0);

	f = find(d, "T-WILD-ARR");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.first->message,
	                    "r/a:latest at /spec/services/0/image");
	assert_int_equal(f.first->loc.line, 6);
	assert_int_equal(f.first->loc.column, 24);
	f = find(d, "T-WILD-OBJ");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.first->message, "label /spec/labels/y");
	/* missing: at the key that names the nearest parent, "spec:" */
	f = find(d, "T-PRESENT");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.first->message, "gateway (missing)");
	assert_int_equal(f.first->loc.line, 4);
	assert_int_equal(f.first->loc.column, 1);
	assert_int_equal(find(d, "T-ABSENT").n, 1);
	f = find(d, "T-EQ");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.first->message, "flag is true");
	assert_int_equal(find(d, "T-NE").n, 1);
	f = find(d, "T-ENUM");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.first->message, "a");
	f = find(d, "T-NOTENUM");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.first->message, "b");
	f = find(d, "T-PAT");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.first->message, "r/a:latest");
	assert_int_equal(find(d, "T-MINLEN").n, 1);
	f = find(d, "T-MIN");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.first->message, "80");
	f = find(d, "T-MAX");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.first->message, "3");
	assert_int_equal(find(d, "T-WHEN-NO").n, 0);
	assert_int_equal(find(d, "T-WHEN-YES").n, 2);
	f = find(d, "T-TILDE");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.first->message, "/spec/odd~1key");
	assert_int_equal(f.first->loc.line, 10);
	assert_int_equal(find(d, "T-LT-REL").n, 1); /* 3s < 2s fails */
	assert_int_equal(find(d, "T-LE-ABS").n, 0); /* 2s <= 1m */
	assert_int_equal(find(d, "T-GT-LIT").n, 1); /* 512Mi > 1Gi fails */
	assert_int_equal(find(d, "T-GE-NUM").n, 0); /* 500m >= 0.5 */
	f = find(d, "T-VER");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.first->message, "1.1.0");
	assert_int_equal(find(d, "T-MULTI").n, 2);
	f = find(d, "T-KEY");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.first->message, "spec.labels.y");
	f = find(d, "T-KEY2");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.first->message, "spec.labels.y");
	f = find(d, "T-PTR");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.first->message, "/spec/env/prod/r");
	f = find(d, "T-WHEN-SELF"); /* a precondition on the value's pointer */
	assert_int_equal(f.n, 1);
	assert_string_equal(f.first->message, "/spec/env/prod/r");
	f = find(d, "T-HAS"); /* a missing value meets 'has' */
	assert_int_equal(f.n, 1);
	assert_string_equal(f.first->message, "spec.res sets no limits.memory");
	assert_int_equal(find(d, "T-OFF").n, 0);
	f = find(d, "T-DEEP"); /* '**': any depth, the root included */
	assert_int_equal(f.n, 1);
	assert_string_equal(f.first->message, "/spec/deep/a/0/b");
	assert_int_equal(find(d, "T-DEEP-R").n, 2); /* env/prod/r, env/dev/r */
	f = find(d, "T-CAP"); /* a named group; other braces stay as written */
	assert_int_equal(f.n, 1);
	assert_string_equal(f.first->message,
	                    "latest of r/a:latest {nogroup} {}");

	mcp_rules_free(rules);
	mcp_schema_free(schema);
	mcp_source_free(src);
	mcp_diag_free(d);
	{
		char path[300];
		snprintf(path, sizeof(path), "%s/t.yaml", dir);
		unlink(path);
		rmdir(dir);
	}
}

/* A project's settings: off, on, re-levelled; an unknown id is fatal. */
static void project_settings(void **state)
{
	char dir[] = "/tmp/mcpc-project-XXXXXX", path[300], ppath[300];
	const char *dirs[1];
	mcp_schema *schema = NULL;
	mcp_rules *rules = NULL;
	mcp_project *project = NULL;
	mcp_diag *d;
	mcp_source *src;
	mcp_rule_info ri;
	FILE *f;
	found fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_pack(dir);
	dirs[0] = dir;
	snprintf(ppath, sizeof(ppath), "%s/.mcpc.yaml", dir);
	f = fopen(ppath, "w");
	assert_non_null(f);
	fputs("apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: p}\n"
	      "spec:\n  rules:\n    disable: [T-EQ]\n    enable: [T-OFF]\n"
	      "    severity: {T-PAT: error}\n",
	      f);
	assert_int_equal(fclose(f), 0);
	src = tu_load(spec, &d, NULL);
	assert_non_null(src);
	assert_int_equal(mcp_schema_builtin(&schema, NULL, d), 0);
	assert_int_equal(mcp_rules_load(&rules, dirs, 1, schema, NULL, d), 0);
	/* found from a folder below, not above a .git */
	{
		char *found_path = NULL;
		snprintf(path, sizeof(path), "%s/sub", dir);
		assert_int_equal(mkdir(path, 0700), 0);
		assert_int_equal(mcp_project_find(&found_path, path), 0);
		assert_string_equal(found_path, ppath);
		free(found_path);
		snprintf(path, sizeof(path), "%s/sub/.git", dir);
		assert_int_equal(mkdir(path, 0700), 0);
		snprintf(path, sizeof(path), "%s/sub", dir);
		assert_int_equal(mcp_project_find(&found_path, path), 1);
		assert_null(found_path);
		snprintf(path, sizeof(path), "%s/sub/.git", dir);
		rmdir(path);
		snprintf(path, sizeof(path), "%s/sub", dir);
		rmdir(path);
	}
	assert_int_equal(mcp_project_load(&project, ppath, schema, NULL, d), 0);
	assert_int_equal(mcp_rules_configure(rules, project, d), 0);
	mcp_rules_info(rules, mcp_rules_find(rules, "T-OFF"), &ri);
	assert_true(ri.enabled);
	mcp_rules_info(rules, mcp_rules_find(rules, "T-EQ"), &ri);
	assert_false(ri.enabled);
	assert_int_equal(mcp_rules_check(rules, src, 0, 0, d), 0);
	assert_int_equal(find(d, "T-EQ").n, 0);
	assert_int_equal(find(d, "T-OFF").n, 1);
	fd = find(d, "T-PAT");
	assert_int_equal(fd.n, 1);
	assert_int_equal(fd.first->severity, MCP_SEV_ERROR);
	mcp_project_free(project);
	project = NULL;

	/* an id the rules do not have */
	f = fopen(ppath, "w");
	assert_non_null(f);
	fputs("apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: p}\n"
	      "spec:\n  rules:\n    disable: [T-EQQ]\n",
	      f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(mcp_project_load(&project, ppath, schema, NULL, d), 0);
	assert_int_equal(mcp_rules_configure(rules, project, d), MCP_EPARSE);
	fd = find(d, "MCP-PROJECT-001");
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.first->message,
	                    "no rule is called T-EQQ; did you mean T-EQ?");
	assert_int_equal(fd.first->loc.line, 6);
	assert_int_equal(fd.first->loc.column, 15);
	assert_true(fd.first->fatal);

	mcp_project_free(project);
	mcp_rules_free(rules);
	mcp_schema_free(schema);
	mcp_source_free(src);
	mcp_diag_free(d);
	unlink(ppath);
	snprintf(path, sizeof(path), "%s/t.yaml", dir);
	unlink(path);
	rmdir(dir);
}

/* One table: every shape MCP-SEC-002 finds is masked, whole, and a text
 * holding none is left alone. */
static void secret_shapes(void **state)
{
	char text[] = "db: postgres://app:pw@db/app, key AKIAIOSFODNN7EXAMPLE "
	              "and ghp_0123456789abcdefghijklmnopqrstuvwxyz ok";
	const char *kind, *example;
	mcp_secret_span sp;
	size_t i;

	(void)state;
	assert_int_equal(mcp_secret_mask(text, strlen(text)), 3);
	assert_null(strstr(text, "app:pw"));
	assert_null(strstr(text, "AKIA"));
	assert_null(strstr(text, "ghp_"));
	assert_non_null(strstr(text, "db/app, key "));
	assert_non_null(strstr(text, " ok"));
	for (i = 0; mcp_secret_shape(i, &kind, &example) == 0; i++) {
		char line[256];
		snprintf(line, sizeof(line), "x %s y", example);
		if (mcp_secret_find(line, strlen(line), &sp) != 1 ||
		    strcmp(sp.kind, kind) != 0)
			fail_msg("not found as %s: %s", kind, example);
		if (mcp_secret_mask(line, strlen(line)) < 1 ||
		    memcmp(line + sp.from, "*****", 3) != 0 ||
		    line[sp.to - 1] != '*')
			fail_msg("not masked: %s", example);
		/* masking leaves nothing a second scan finds */
		if (mcp_secret_find(line, strlen(line), &sp))
			fail_msg("masked but still found: %s", line);
	}
	assert_true(i >= 14);
	{
		static const char *const clean[] = {
		    "a plain message: nothing here",
		    "postgres://db.example.com:5432/app",
		    "https://example.com:443/users/@alice",
		    "ssh://git@github.com:22/org/repo.git",
		    "mail ops@example.com",
		    "host=db user=app password=${DB_PASSWORD}",
		    "password=<secret> token='$(TOKEN)'",
		    "tokenizer=bert max_tokens=4096 secretName=db",
		    "Bearer tokens are checked against the JWKS",
		    "redis://user:@host",
		    "spec.env.DB_PASSWORD: expected string, got integer",
		    "fileModes: {/etc/passwd: 0644}",
		    "password: \"${DB_PASSWORD}\" token: <vault>"};
		for (i = 0; i < sizeof(clean) / sizeof(clean[0]); i++) {
			char line[128];
			snprintf(line, sizeof(line), "%s", clean[i]);
			if (mcp_secret_find(line, strlen(line), &sp))
				fail_msg("found %s in: %s", sp.kind, clean[i]);
			if (mcp_secret_mask(line, strlen(line)) != 0)
				fail_msg("masked: %s", clean[i]);
		}
	}
	{
		/* a line a report quotes: YAML, JSON, a flow mapping */
		static const char *const lines[] = {
		    "    password: hunter2 # old", "{\"apiKey\": \"k-123456\"}",
		    "  env: {LOG: INFO, DB_PWD: hunter2}",
		    "note: \"password=hunter2\""};
		for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
			char line[128];
			snprintf(line, sizeof(line), "%s", lines[i]);
			if (mcp_secret_mask(line, strlen(line)) != 1 ||
			    strstr(line, "hunter2") || strstr(line, "k-1"))
				fail_msg("not masked: %s", lines[i]);
		}
	}
	{
		/* a password with '/' and '@', an empty user: masked to the
		 * last '@' */
		char url[] = "amqp://:p/a@ss@rabbit:5672/";
		assert_int_equal(mcp_secret_mask(url, strlen(url)), 1);
		assert_string_equal(url, "***************rabbit:5672/");
	}
}

/* Names of credentials, in any case and separator, and look-alikes. */
static void secret_names(void **state)
{
	static const char *const yes[] = {"password",
	                                  "DB_PASSWORD",
	                                  "dbPassword",
	                                  "db-password",
	                                  "db.password",
	                                  "DB_PWD",
	                                  "passwd",
	                                  "PASSWORD2",
	                                  "apiKey",
	                                  "API_KEY",
	                                  "x-api-key",
	                                  "apikey",
	                                  "APIKey",
	                                  "privateKey",
	                                  "private.key",
	                                  "AWS_SECRET_ACCESS_KEY",
	                                  "accessKey",
	                                  "clientSecret",
	                                  "CLIENT_SECRET",
	                                  "OAuthToken",
	                                  "GITHUB_TOKEN",
	                                  "apitoken",
	                                  "credentials",
	                                  "gcpCredential",
	                                  "secret",
	                                  "passphrase",
	                                  "storageAccountKey",
	                                  "signing_key",
	                                  "vault.example.com/token"};
	static const char *const no[] = {"tokenizer",
	                                 "max_tokens",
	                                 "maxTokens",
	                                 "passwordPolicy",
	                                 "passwordMinLength",
	                                 "secretName",
	                                 "secretRef",
	                                 "SECRET_NAME",
	                                 "DB_PASSWORD_FILE",
	                                 "TOKEN_URL",
	                                 "tokenTtl",
	                                 "key",
	                                 "sshKey",
	                                 "keyPassword_length",
	                                 "/etc/passwd",
	                                 "monkey",
	                                 "imagePullSecrets",
	                                 "",
	                                 "123",
	                                 "AWS_ACCESS_KEY_ID"};
	static const char *const refs[] = {"",
	                                   "${DB_PASSWORD}",
	                                   "${env:DB_PASSWORD}",
	                                   "$(DB_PASSWORD)",
	                                   "{{ .Values.db.password }}",
	                                   "<redacted>",
	                                   "***"};
	static const char *const literals[] = {"hunter2",
	                                       "${DB:-hunter2}",
	                                       "{{ \"hunter2\" }}",
	                                       "<a>b>",
	                                       "*a*",
	                                       "$",
	                                       "${}x"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!mcp_secret_name(yes[i], strlen(yes[i])))
			fail_msg("not a credential's name: %s", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (mcp_secret_name(no[i], strlen(no[i])))
			fail_msg("a credential's name: %s", no[i]);
	for (i = 0; i < sizeof(refs) / sizeof(refs[0]); i++)
		if (!mcp_secret_is_reference(refs[i], strlen(refs[i])))
			fail_msg("not a reference: %s", refs[i]);
	for (i = 0; i < sizeof(literals) / sizeof(literals[0]); i++)
		if (mcp_secret_is_reference(literals[i], strlen(literals[i])))
			fail_msg("a reference: %s", literals[i]);
}

/* A credential found by name is masked wherever a finding repeats it, as
 * a whole word only. */
static void secret_remembered(void **state)
{
	mcp_diag *d = NULL, *e = NULL;
	mcp_finding *f;
	char line[] = "pw: hunter2, hunter22, xhunter2";

	(void)state;
	assert_int_equal(mcp_diag_new(&d), 0);
	assert_int_equal(mcp_diag_new(&e), 0);
	f = mcp_diag_add(d, "MCP-SCHEMA-002", MCP_SEV_ERROR, NULL, "/a", NULL,
	                 "expected string, got hunter2");
	assert_non_null(f);
	assert_int_equal(mcp_diag_add_secret(d, "hunter2", 7), 0);
	assert_int_equal(mcp_diag_add_secret(d, "hunter2", 7), 0);
	assert_int_equal(mcp_diag_mask(d, line, strlen(line)), 1);
	assert_string_equal(line, "pw: *******, hunter22, xhunter2");
	/* the longest of two that start alike; a word that starts like one
	 * but goes on is another word; values under 4 bytes are not
	 * remembered (masking every "x9" would garble reports) */
	{
		char t[] = "k: ab cd, ab c, ab cde, x9 x99 x";
		assert_int_equal(mcp_diag_add_secret(d, "ab cd", 5), 0);
		assert_int_equal(mcp_diag_add_secret(d, "ab c", 4), 0);
		assert_int_equal(mcp_diag_add_secret(d, "x9", 2), 0);
		assert_int_equal(mcp_diag_add_secret(d, "x", 1), 0);
		assert_int_equal(mcp_diag_mask(d, t, strlen(t)), 2);
		assert_string_equal(t, "k: *****, ****, ab cde, x9 x99 x");
	}
	/* many remembered credentials: masking stays a few lookups a byte */
	{
		char t[] =
		    "nothing remembered here, nothing at all, twice over";
		char one[32];
		size_t k;
		for (k = 0; k < 100000; k++) {
			int n = snprintf(one, sizeof(one), "pw-%zu-x", k);
			assert_int_equal(mcp_diag_add_secret(d, one, (size_t)n),
			                 0);
		}
		for (k = 0; k < 2000; k++)
			assert_int_equal(mcp_diag_mask(d, t, strlen(t)), 0);
	}
	/* carried to the list a run's findings end in */
	assert_int_equal(mcp_diag_append(e, d, 0), 0);
	assert_int_equal(mcp_diag_redact(e), 1);
	assert_string_equal(mcp_diag_get(e, 0)->message,
	                    "expected string, got *******");
	mcp_diag_free(d);
	mcp_diag_free(e);
}

/*
 * mcpc's own rules: sorted by id (they are looked up by halves), each
 * complete (title, description, fix, category, who reports it), none a
 * pack's; waivable exactly when waivers.c lets a waiver name it; the
 * matrix's waivable checks all among them; and a pack may not take an id
 * of theirs.
 */
static void fixed_rules(void **state)
{
	const char *const *compat;
	size_t i, n = mcp_fixed_rules_count(), nc = mcp_compat_rule_ids(&compat);
	mcp_schema *schema = NULL;
	mcp_rules *rules = NULL;
	mcp_rule_info ri, prev;
	mcp_diag *d;
	char dir[] = "/tmp/mcpc-fixed-XXXXXX", path[64];
	FILE *f;

	(void)state;
	assert_true(n >= 50);
	assert_int_equal(mcp_diag_new(&d), 0);
	assert_int_equal(mcp_schema_builtin(&schema, NULL, d), 0);
	assert_int_equal(mcp_rules_load(&rules, NULL, 0, schema, NULL, d), 0);
	for (i = 0; i < n; i++) {
		mcp_fixed_rules_info(i, &ri);
		if (i)
			assert_true(strcmp(prev.id, ri.id) < 0);
		prev = ri;
		assert_int_equal(mcp_fixed_rules_find(ri.id), i);
		assert_true(ri.fixed && ri.bundled && ri.enabled);
		assert_true(ri.title && *ri.title && ri.description &&
		            strlen(ri.description) > 40 && ri.fix && *ri.fix &&
		            ri.category && ri.pack);
		assert_int_equal(ri.waivable, mcp_waiver_rule_waivable(ri.id));
		assert_int_equal(mcp_rules_find(rules, ri.id), (size_t)-1);
		assert_int_equal(mcp_rule_describe(rules, ri.id, &prev), 0);
		assert_true(prev.fixed);
		prev = ri;
	}
	for (i = 0; i < nc; i++) {
		mcp_fixed_rules_info(mcp_fixed_rules_find(compat[i]), &ri);
		assert_string_equal(ri.id, compat[i]);
		assert_true(ri.waivable);
	}
	assert_int_equal(mcp_fixed_rules_find("MCP-YAML-000"), (size_t)-1);
	assert_int_equal(mcp_fixed_rules_find(""), (size_t)-1);
	assert_int_equal(mcp_rule_describe(rules, "MCP-NOPE-001", &ri), -1);
	assert_int_equal(mcp_rule_describe(rules, "MCP-IMG-001", &ri), 0);
	assert_true(!ri.fixed && ri.bundled && ri.waivable);
	assert_int_equal(mcp_rule_describe(NULL, "MCP-YAML-002", &ri), 0);
	assert_true(ri.fixed && !ri.waivable);
	mcp_rules_free(rules);
	rules = NULL;
	/* a site's rule may not take the id of one of mcpc's own */
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/p.yaml", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("apiVersion: ai102.mcp/v1\nkind: RulePack\nmetadata: {name: s}\n"
	      "spec:\n  rules:\n    - {id: MCP-YAML-003, title: t, severity: "
	      "info, category: config, description: d, match: /spec, "
	      "assert: {present: true}, message: m}\n",
	      f);
	assert_int_equal(fclose(f), 0);
	{
		const char *dirs[] = {dir};
		assert_int_equal(
		    mcp_rules_load(&rules, dirs, 1, schema, NULL, d),
		    MCP_EPARSE);
	}
	assert_null(rules);
	assert_string_equal(mcp_diag_get(d, mcp_diag_count(d) - 1)->rule,
	                    "MCP-RULES-000");
	unlink(path);
	rmdir(dir);
	mcp_schema_free(schema);
	mcp_diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(conditions),
	    cmocka_unit_test(project_settings),
	    cmocka_unit_test(secret_shapes),
	    cmocka_unit_test(secret_names),
	    cmocka_unit_test(secret_remembered),
	    cmocka_unit_test(fixed_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
