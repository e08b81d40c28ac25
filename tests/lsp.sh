#!/bin/sh
# lsp.sh: yaml-language-server, as an editor runs it, with the schema
# `mcpc schema` prints. tests/lsp/client.js starts
# `yaml-language-server --stdio`, sets yaml.schemas to map the YAML files
# of a folder to that schema (a file:// URI of a temporary file, as an
# editor's settings would), opens documents and asks for completion and
# hover; this script checks what the server answers:
#   - a misspelt key (replcas) is the one diagnostic of its document, with
#     the server's message, on the key's line and columns, the place
#     `mcpc check` gives for the same spec;
#   - a spec that mcpc passes gets no diagnostic at all (no false alarm
#     from the bundle's 2020-12 keywords);
#   - a wrong enum value, a quantity string that misses the pattern, a
#     negative quantity and a quantity of the wrong type each get the
#     message that names what is wrong, at their place;
#   - a document of another kind (Project) is held to its own schema;
#   - completion at the misspelt key offers replicas and not the keys the
#     mapping already has; completion at the cloud value offers the four
#     clouds; hover on replicas shows its title and description;
#   - a server that never answers, or dies, ends the client with an error
#     line and status 1 within its time limit: no hang.
# yaml-language-server is installed from the npm registry into
# $BUILD/npm/lsp (git-ignored) at the version below, once. The last line
# is "N passed, N failed", or "lsp: skipped: ..." when node or npm is
# missing or the registry cannot be reached.
set -u
BUILD=${BUILD:-build}
. tests/lib.sh

YLS_VERSION=1.25.0
TIMEOUT_MS=${LSP_TIMEOUT_MS:-30000}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "lsp: skipped: node or npm is not installed (scripts/deps.sh installs nodejs and npm)"
	exit 0
fi
mods=$BUILD/npm/lsp
if [ "$(node -p "require('./$mods/node_modules/yaml-language-server/package.json').version" 2>/dev/null)" != "$YLS_VERSION" ]; then
	mkdir -p "$mods"
	if ! npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$mods" \
		"yaml-language-server@$YLS_VERSION" >"$tmp/npm.log" 2>&1; then
		echo "lsp: skipped: npm could not install yaml-language-server@$YLS_VERSION ($(tail -1 "$tmp/npm.log"))"
		exit 0
	fi
fi
server=$(cd "$mods/node_modules/yaml-language-server/bin" && pwd)/yaml-language-server
client=$(pwd)/tests/lsp/client.js

# ---- the documents, in a folder of their own ----

ws=$tmp/ws
mkdir -p "$ws"
run 0 schema
cp "$out" "$tmp/mcp.schema.json"
base=fixtures/specs/valid/smallest.mcp.yaml
cp "$base" "$ws/clean.mcp.yaml"
sed 's/^    replicas: 2$/    replcas: 2/' "$base" >"$ws/typo.mcp.yaml"
sed 's/^    cloud: azure$/    cloud: azrue/' "$base" >"$ws/enum.mcp.yaml"
sed 's/{name: gpu, cpu: 8, memory: 32Gi,/{name: gpu, cpu: -1, memory: 32GB,/' "$base" >"$ws/quantity.mcp.yaml"
sed 's/^  requirements: .*//; s/^  target:$/  requirements: {cpu: true}\n  target:/' "$base" >"$ws/type.mcp.yaml"
printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: p}\nspec:\n  failOn: error\n  colour: never\n' >"$ws/project.yaml"
for f in typo enum quantity type; do
	if cmp -s "$ws/$f.mcp.yaml" "$base"; then bad "$f.mcp.yaml: the edit found nothing"; else ok; fi
done

# line WORD FILE: the number of the first line of FILE holding WORD
line() { grep -n -- "$1" "$ws/$2" | head -1 | cut -d: -f1; }
# col WORD FILE: the column (from 1) where WORD starts on that line
col() { grep -- "$1" "$ws/$2" | head -1 | awk -v w="$1" '{ print index($0, w) }'; }
typo=$(line replcas typo.mcp.yaml)
cloud=$(line 'cloud: azrue' enum.mcp.yaml)
pool=$(line 'cpu: -1' quantity.mcp.yaml)
req=$(line 'cpu: true' type.mcp.yaml)
colour=$(line colour project.yaml)
repl=$(line 'replicas: 2' clean.mcp.yaml)
mcol=$(col 32GB quantity.mcp.yaml)
ccol=$(col -1 quantity.mcp.yaml)

# ---- the session ----

cd "$ws" || exit 1
NO_COLOR= "$MCPC" check typo.mcp.yaml >"$out" 2>"$err"
node "$client" "$server" "$tmp/mcp.schema.json" '*.yaml' "$TIMEOUT_MS" \
	open:typo.mcp.yaml open:clean.mcp.yaml open:enum.mcp.yaml open:quantity.mcp.yaml \
	open:type.mcp.yaml open:project.yaml \
	"complete:typo.mcp.yaml:$typo:6" "complete:enum.mcp.yaml:$cloud:12" \
	"hover:clean.mcp.yaml:$repl:6" >"$tmp/lsp.out" 2>"$tmp/lsp.err"
rc=$?
cd - >/dev/null || exit 1
cp "$out" "$tmp/check.out"
cp "$tmp/lsp.out" "$out"
cp "$tmp/lsp.err" "$err"
if [ "$rc" -eq 0 ]; then ok; else bad "the client exited $rc"; fi
hasnt "$out" '^error '

# the misspelt key: one diagnostic, at the key, where mcpc check puts it
has "$out" "^diagnostic typo.mcp.yaml $typo:5-$typo:12 error Property replcas is not allowed\.\$"
has "$out" '^diagnostics typo.mcp.yaml 1$'
if grep -q "^typo.mcp.yaml:$typo:5: error\[MCP-SCHEMA-001\]: spec.inference: unknown property 'replcas'" "$tmp/check.out"; then ok
else bad "mcpc check does not put replcas at $typo:5"; fi
# no false alarm
has "$out" '^diagnostics clean.mcp.yaml 0$'
# the other mistakes, each with its own message
has "$out" "^diagnostic enum.mcp.yaml $cloud:12-$cloud:17 error Value is not accepted\. Valid values: \"azure\", \"aws\", \"gcp\", \"on-prem\"\.\$"
has "$out" '^diagnostics enum.mcp.yaml 1$'
has "$out" "^diagnostic quantity.mcp.yaml $pool:$mcol-$pool:$((mcol + 4)) error String does not match the pattern of "
has "$out" "^diagnostic quantity.mcp.yaml $pool:$ccol-$pool:$((ccol + 2)) error Value is below the minimum of 0\.\$"
has "$out" '^diagnostics quantity.mcp.yaml 2$'
has "$out" "^diagnostic type.mcp.yaml $req:23-$req:27 error Incorrect type\. Expected \"number \| string\"\.\$"
has "$out" '^diagnostics type.mcp.yaml 1$'
has "$out" "^diagnostic project.yaml $colour:3-$colour:9 error Property colour is not allowed\.\$"
has "$out" '^diagnostics project.yaml 1$'
# completion: the key meant, not the keys already there
has "$out" "^completion typo.mcp.yaml:$typo:6 replicas\$"
has "$out" "^completion typo.mcp.yaml:$typo:6 nodePool\$"
hasnt "$out" "^completion typo.mcp.yaml:$typo:6 (version|models|replcas)\$"
for c in azure aws gcp on-prem; do
	has "$out" "^completion enum.mcp.yaml:$cloud:12 $c\$"
done
# hover: the field's title and description
has "$out" "^hover clean.mcp.yaml:$repl:6 .*Replicas.*Number of server pods"

# ---- a server that does not answer, or dies: an error, never a hang ----

printf 'process.stdin.resume()\n' >"$tmp/silent.js"
printf 'process.exit(3)\n' >"$tmp/dies.js"
start=$(date +%s)
node "$client" "$tmp/silent.js" "$tmp/mcp.schema.json" '*.yaml' 1500 "open:$ws/clean.mcp.yaml" >"$out" 2>"$err"
rc=$?
took=$(($(date +%s) - start))
if [ "$rc" -eq 1 ]; then ok; else bad "a silent server: the client exited $rc, expected 1"; fi
has "$out" '^error no answer within 1500 ms \(the server to start\)$'
if [ "$took" -le 10 ]; then ok; else bad "a silent server held the client for ${took}s"; fi
node "$client" "$tmp/dies.js" "$tmp/mcp.schema.json" '*.yaml' 10000 "open:$ws/clean.mcp.yaml" >"$out" 2>"$err"
rc=$?
if [ "$rc" -eq 1 ]; then ok; else bad "a server that dies: the client exited $rc, expected 1"; fi
has "$out" '^error the server exited \(3\) while waiting for the server to start$'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
