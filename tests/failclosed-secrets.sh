#!/bin/sh
# failclosed-secrets.sh: inline secrets anywhere in a spec are findings
# (MCP-SEC-001 by a credential's name, MCP-SEC-002 by its shape), in every
# key and every value; references and look-alikes are not; no report of
# any format echoes what was found; build refuses such a spec.
# Prints "N passed, N failed".
set -u
. tests/lib.sh

# spec FILE: a valid spec (one that meets the standard) with the lines of standard input added under
# spec: (indented by two, as members of spec).
spec() {
	{
		cat <<'HEAD'
apiVersion: ai102.mcp/v1
kind: ModelDeployment
metadata:
  name: planted
spec:
  target:
    kubernetes: "1.29.4"
    cloud: azure
  inference:
    version: "24.05"
    models:
      - name: m
        format: onnx
        storage: {type: azure-blob, uri: "as://mcpmodels/models/m"}
  nodePools: [{name: gpu, cpu: 8, memory: 32Gi, gpu: {count: 1}}]
  registry: {server: registry.example.com, pullSecret: regcred}
  gateway:
    host: planted.example.com
    tls: {secretName: planted-tls}
    auth: {type: oidc, issuer: "https://login.example.com/", audience: planted}
  security:
    hostBaseline:
      disabledServices: [telnet]
      fileModes: {/etc/passwd: "0644", /etc/shadow: "0400"}
      fileOwners: {/etc/passwd: "root:root", /etc/shadow: "root:root"}
  rbac:
    roles:
      - {name: ops-admin, permissions: [deploy, logs], subjects: [{group: ops-team}]}
      - {name: sec-auditor, permissions: [audit-logs], subjects: [{group: sec-team}]}
HEAD
		sed 's/^/  /'
	} >"$1"
}

# finds RULE PATH VALUE: VALUE under config.values.PATH-key is reported by
# RULE at spec.config.values.PATH, and no format repeats VALUE.
finds() {
	rule=$1 key=$2 value=$3
	printf 'config:\n  center: configmap\n  values:\n    "%s": %s\n' "$key" "$value" | spec "$tmp/f.yaml"
	run 1 check "$tmp/f.yaml"
	has "$out" "error\\[$rule\\]: spec\\.config\\.values(\\.|\\[\")$(printf '%s' "$key" | sed 's/[.[\\*^$]/\\&/g')"
}

# clean YAML-VALUE KEY: config.values.KEY: VALUE has no finding.
clean() {
	printf 'config:\n  center: configmap\n  values:\n    "%s": %s\n' "$1" "$2" | spec "$tmp/c.yaml"
	run 0 check "$tmp/c.yaml"
	hasnt "$out" 'MCP-SEC'
}

# The cases of the issue: each passed with no finding.
finds MCP-SEC-001 db_password hunter2
finds MCP-SEC-002 cache '"redis://:s3cr3tpw@redis:6379/0"'
finds MCP-SEC-002 db '"postgres://admin:ab/cd@db"'
printf 'services:\n  - name: user\n    image: registry.example.com/user:1.4.2\n    port: 8080\n    env: {DB_PWD: hunter2, LOG_LEVEL: INFO}\n' | spec "$tmp/env.yaml"
run 1 check "$tmp/env.yaml"
has "$out" 'error\[MCP-SEC-001\]: spec\.services\[0\]\.env\.DB_PWD holds a credential inline'
hasnt "$out" 'hunter2'

# Credential names in every case and separator, with any literal value.
for key in password passwd pwd DB_PASSWORD dbPassword db-password db.password \
	DbPassword DB_PWD secret appSecret APP_SECRET token GITHUB_TOKEN authToken \
	auth-token apiKey api_key api-key API_KEY apikey APIKEY x-api-key \
	privateKey private_key private-key PRIVATE_KEY sshPrivateKey credentials \
	CREDENTIALS gcpCredentials accessKey AWS_SECRET_ACCESS_KEY access-key \
	clientSecret client_secret CLIENT-SECRET OAUTH_CLIENT_SECRET secretKey \
	passphrase Password PASSWORD passwords; do
	finds MCP-SEC-001 "$key" '"x9-literal"'
done
# any literal: a number, a plain word, a string with spaces, a list of them
finds MCP-SEC-001 password 123456
finds MCP-SEC-001 token 'abc def'
finds MCP-SEC-001 passwords '[one, two]'
finds MCP-SEC-001 apiKey '"${DB_PASSWORD:-fallback}"'   # the default is inline
# nested anywhere, and in metadata
printf 'config:\n  center: configmap\n  values:\n    db: {primary: {password: hunter2}}\n' | spec "$tmp/n.yaml"
run 1 check "$tmp/n.yaml"; has "$out" 'MCP-SEC-001\]: spec\.config\.values\.db\.primary\.password'
printf 'config: {center: configmap}\n' | spec "$tmp/base.yaml"
sed 's|^  name: planted$|  name: planted\n  annotations: {vault.example.com/token: s.abc123}|' "$tmp/base.yaml" >"$tmp/a.yaml"
run 1 check "$tmp/a.yaml"; has "$out" 'MCP-SEC-001\]: metadata\.annotations'
sed 's|^  name: planted$|  name: planted\n  labels: {apitoken: abc123}|' "$tmp/base.yaml" >"$tmp/l.yaml"
run 1 check "$tmp/l.yaml"; has "$out" 'MCP-SEC-001\]: metadata\.labels\.apitoken'
# in an environment overlay, once
printf 'config:\n  center: configmap\n  values: {a: b}\nenvironments:\n  prod: {config: {values: {db_password: hunter2}}}\n' | spec "$tmp/e.yaml"
run 1 check "$tmp/e.yaml"; has "$out" 'MCP-SEC-001\]: spec\.environments\.prod\.config\.values\.db_password'
n=$(grep -c 'MCP-SEC-001' "$out"); if [ "$n" -eq 1 ]; then ok; else bad "the overlay's secret is reported $n times"; fi
# where the schema rejects the value too (env values are strings), the
# secret is still reported, and its line not quoted
printf 'services:\n  - name: user\n    image: registry.example.com/user:1.4.2\n    port: 8080\n    env: {DB_PASSWORD: 987654}\n' | spec "$tmp/num.yaml"
run 1 check "$tmp/num.yaml"; has "$out" 'MCP-SEC-001\]: spec\.services\[0\]\.env\.DB_PASSWORD'; hasnt "$out" '987654'

# Shapes, whatever the name: in values and in keys.
for v in '"redis://:s3cr3tpw@redis:6379/0"' '"postgres://admin:ab/cd@db"' \
	'"amqp://guest:p@ss@rabbit:5672/"' '"HTTPS://u:pw@example.com/"' \
	'"mongodb+srv://app:s3cr3t@cluster0.example.net/db"' \
	'"see ftp://:x@files.example.com for the dump"' \
	'AKIAIOSFODNN7EXAMPLE' 'ASIAIOSFODNN7EXAMPLE' \
	"ghp_$(printf '%036d' 7)" "github_pat_11ABCDEFG0$(printf '%060d' 3)" \
	'xoxb-1234567890-abcdefghij' 'xoxp-1234567890-abcdefghij' \
	"AIza$(printf '%035d' 5)" \
	"\"DefaultEndpointsProtocol=https;AccountName=a;AccountKey=$(printf '%044d' 0)\"" \
	'"Bearer 4f9a8c7d6e5b4a3c2d1e0f9a8b7c6d5e"' \
	'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl' \
	'"-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----"' \
	'"-----BEGIN OPENSSH PRIVATE KEY-----"' '"-----BEGIN PRIVATE KEY-----"' \
	'"host=db user=app password=hunter2 sslmode=require"' \
	'"Server=tcp:db,1433;User ID=app;Password=hunter2;"' \
	'"-Dspring.datasource.password=hunter2"' \
	'"https://api.example.com/v1?access_token=abc123"' \
	'"spring:\n  datasource:\n    password: hunter2\n"' '"{\"apiKey\": \"k-123456\"}"'; do
	finds MCP-SEC-002 note "$v"
	body=$(printf '%s' "$v" | sed 's/^"//; s/"$//; s/\\n.*//')
	for f in text json sarif junit github markdown; do
		NO_COLOR= "$MCPC" check --format "$f" "$tmp/f.yaml" >"$out" 2>"$err"
		if grep -qF -- "$body" "$out" "$err"; then bad "$f report repeats $body"; else ok; fi
	done
done
printf 'config:\n  center: configmap\n  values: {"AKIAIOSFODNN7EXAMPLE": x}\n' | spec "$tmp/k.yaml"
run 1 check "$tmp/k.yaml"; has "$out" 'MCP-SEC-002\]'; hasnt "$out" 'AKIAIOSFODNN7EXAMPLE'

# References, placeholders and look-alikes are not secrets; a spec meant to
# be clean stays clean.
clean tokenizer bert
clean max_tokens 4096
clean maxTokens 4096
clean passwordAuth true
clean passwordAuthentication false
clean db_password '""'
clean DB_PASSWORD '"${DB_PASSWORD}"'
clean DB_PASSWORD '"$(DB_PASSWORD)"'
clean DB_PASSWORD '"{{ .Values.db.password }}"'
clean DB_PASSWORD '"<redacted>"'
clean DB_PASSWORD '"********"'
clean DB_PASSWORD_FILE /run/secrets/db-password
clean TOKEN_URL https://login.example.com/oauth/token
clean secretName user-db
clean SECRET_REF user-db
clean passwordMinLength 12
clean tokenTtl 1h
clean description '"rotate the password and the api key every 90 days"'
clean db '"postgres://db.example.com:5432/app"'
clean page '"https://example.com:443/users/@alice"'
clean ssh '"ssh://git@github.com:22/org/repo.git"'
clean contact '"ops@example.com"'
clean dsn '"host=db user=app password=${DB_PASSWORD}"'
clean auth '"Bearer tokens are checked against the JWKS"'
clean app '"spring:\n  datasource:\n    password: ${DB_PASSWORD}\n    url: jdbc:postgresql://db:5432/app\n"'
clean when '"token: <from the vault>, at 10:30"'
printf 'services:\n  - name: user\n    image: registry.example.com/user:1.4.2\n    port: 8080\n    env: {LOG_LEVEL: INFO}\n    secretEnv: {DB_PASSWORD: {secretRef: {name: user-db, key: password}}, API_TOKEN: {secretRef: {name: api, key: token}}}\n' | spec "$tmp/ref.yaml"
run 0 check "$tmp/ref.yaml"; hasnt "$out" 'MCP-SEC'
# /etc/passwd in fileModes is a file
for f in fixtures/specs/valid/*.mcp.yaml fixtures/demo/fraud-scoring.mcp.yaml; do
	run 0 check "$f"
done

# Masking uses the shapes detection uses: with the secret rules off, a line
# quoted for another finding still shows none of them.
mkdir -p "$tmp/off"
printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: off}\nspec:\n  rules: {disable: [MCP-SEC-001, MCP-SEC-002]}\n' >"$tmp/off/.mcpc.yaml"
for v in 'redis://:s3cr3tpw@redis:6379/0' 'postgres://admin:ab/cd@db' 'AKIAIOSFODNN7EXAMPLE' \
	"AIza$(printf '%035d' 5)" "github_pat_11ABCDEFG0$(printf '%060d' 3)" \
	'Bearer 4f9a8c7d6e5b4a3c2d1e0f9a8b7c6d5e' 'password=hunter2'; do
	printf 'config:\n  center: configmap\n  values: {flag: yes, note: "%s"}\n' "$v" | spec "$tmp/off/q.yaml"
	(cd "$tmp/off" && NO_COLOR= "$MCPC" check q.yaml >"$out" 2>"$err")
	has "$out" 'warning\[MCP-YAML'
	if grep -qF -- "$v" "$out"; then bad "the quoted line shows $v"; else ok; fi
done

# Every format masks a credential found by its name, where the schema's
# message would echo it too, and a key that is secret material; so does
# JSON's pointer.
printf 'services:\n  - name: user\n    image: registry.example.com/user:1.4.2\n    port: 8080\n    env: {DB_PASSWORD: 987654, API_TOKEN: "tok-3f9a8c7d"}\n    secretEnv: {GH_TOKEN: "plain-gh-value"}\nconfig:\n  center: configmap\n  values: {"AKIAIOSFODNN7EXAMPLE": x, db_password: hunter2}\n' | spec "$tmp/all.yaml"
for f in text json sarif junit github markdown; do
	run 1 check --format "$f" "$tmp/all.yaml"
	has "$out" 'MCP-SEC-001'
	hasnt "$out" '987654|tok-3f9a8c7d|plain-gh-value|AKIAIOSFODNN7EXAMPLE|hunter2'
	hasnt "$err" '987654|tok-3f9a8c7d|plain-gh-value|AKIAIOSFODNN7EXAMPLE|hunter2'
done
run 0 report "$tmp/all.yaml"; hasnt "$out" '987654|tok-3f9a8c7d|plain-gh-value|hunter2'; hasnt "$err" '987654|tok-3f9a8c7d|plain-gh-value|hunter2'

# Documents of any kind: a mistyped kind, a second document.
printf 'apiVersion: ai102.mcp/v1\nkind: ModelDeploymnet\nmetadata: {name: x}\nspec: {db_password: hunter2}\n' >"$tmp/kind.yaml"
run 1 check "$tmp/kind.yaml"; has "$out" 'MCP-SEC-001\]: spec\.db_password'; hasnt "$out" 'hunter2'
{ cat "$tmp/base.yaml"; echo '---'; cat "$tmp/kind.yaml"; } >"$tmp/two.yaml"
run 1 check "$tmp/two.yaml"; has "$out" 'MCP-SEC-001'; hasnt "$out" 'hunter2'

# A line that does not parse is quoted; a credential on it is not.
printf 'apiVersion: ai102.mcp/v1\nkind: ModelDeployment\nmetadata: {name: x}\nspec:\n  env: {DB_PASSWORD: hunter2, x: [}\n' >"$tmp/pe.yaml"
run 2 check "$tmp/pe.yaml"; has "$out" 'MCP-YAML-001'; has "$out" ' 5 \|   env: \{DB_PASSWORD: \*+, x'; hasnt "$out" hunter2

# build refuses a spec with an inline secret, and writes nothing.
printf 'config:\n  center: configmap\n  values: {db_password: hunter2}\n' | spec "$tmp/b.yaml"
run 1 build --stdout "$tmp/b.yaml"
has "$err" 'MCP-SEC-001'; hasnt "$out" '.'; hasnt "$err" 'hunter2'
run 1 build -o "$tmp/outdir" "$tmp/b.yaml"
if [ -e "$tmp/outdir" ]; then bad "build wrote $tmp/outdir"; else ok; fi

# A long value of names that name no credential ("a=a=a=..."): read once,
# not once a name (it took hours at 1.6 MB); never a hang
python3 -c "import sys; sys.stdout.write(open('fixtures/specs/valid/smallest.mcp.yaml').read() + '  config:\n    values: {x: \"' + 'a=' * 800000 + '\"}\n')" >"$tmp/long.yaml"
timeout 60 "$MCPC" check "$tmp/long.yaml" >"$out" 2>"$err"
st=$?
if [ $st -le 1 ]; then ok; else bad "check of a 1.6 MB value of names exited $st (124: a hang)"; fi

# With the secret rules off, every command still masks what a spec holds
# under a credential's name (check, build, lint alike); a value under 4
# bytes is not masked elsewhere, so a pointer keeps its 0
mkdir -p "$tmp/off" && (cd "$tmp/off" && git init -q)
printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: p}\nspec:\n  rules: {disable: [MCP-SEC-001, MCP-SEC-002]}\n' >"$tmp/off/.mcpc.yaml"
sed 's/env: {LOG_LEVEL: INFO}/env: {LOG_LEVEL: INFO, DB_PASSWORD: 987654321, API_TOKEN: 0}/' \
	fixtures/specs/valid/fraud-scoring.mcp.yaml >"$tmp/off/app.mcp.yaml"
cp -R fixtures/specs/valid/services "$tmp/off/"
for c in "check app.mcp.yaml" "build -e prod --stdout app.mcp.yaml" "lint" "check --format json app.mcp.yaml"; do
	# shellcheck disable=SC2086
	(cd "$tmp/off" && NO_COLOR= "$MCPC" $c >"$out" 2>"$err")
	if cat "$out" "$err" | grep -q 987654321; then bad "mcpc $c repeats a credential with the secret rules off"; else ok; fi
	if cat "$out" "$err" | grep -q 'DB_PASSWORD'; then ok; else bad "mcpc $c: no finding about DB_PASSWORD"; fi
done
has "$out" '"pointer": "/spec/services/0/env/API_TOKEN"'

echo "$pass passed, $fail failed"
