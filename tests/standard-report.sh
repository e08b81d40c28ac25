#!/bin/sh
# standard-report.sh: the conflict report as the deployment standard shows
# it ("Dependency version compatibility": component, version, compatible
# range, status). mcpc report --format markdown begins with that table per
# service and manifest: every direct dependency the manifests declare (and
# the indirect ones a matrix row covers), with the readable name the
# matrix row gives; "not in the matrix" for the rest. A module pinned at
# two versions by two services is MCP-COMPAT-012 at the second manifest's
# line, naming the first. The text and JSON forms keep what they had and
# only add. Goldens: fixtures/standard-report/ (UPDATE=1 rewrites the
# report goldens; review the diff). Prints "N passed, N failed".
set -u
. tests/lib.sh
LC_ALL=C
export LC_ALL
drift=fixtures/specs/compat/grpc-version-drift.mcp.yaml
repo=fixtures/repo/deploy.mcp.yaml
gold=fixtures/standard-report
have_python=0
command -v python3 >/dev/null 2>&1 && have_python=1

# The report of the drift fixture, in every format, against its goldens.
for pair in text:txt json:json markdown:md; do
	format=${pair%%:*}
	expected=$gold/grpc-version-drift.report.${pair#*:}
	NO_COLOR= "$MCPC" report --format "$format" "$drift" >"$out" 2>"$err"
	echo "exit $?" >>"$out"
	[ "${UPDATE:-0}" = 1 ] && cp "$out" "$expected"
	same "$expected" "$out" "report --format $format $drift differs from $expected"
done

# The Markdown form: the standard's four columns, one table per manifest.
run 0 report --format markdown "$drift"
md=$tmp/drift.md
cp "$out" "$md"
has "$md" '^## Dependency version compatibility$'
has "$md" '^### user: `fixtures/specs/compat/services/user/go\.mod`$'
has "$md" '^### order: `fixtures/specs/compat/services/order/go\.mod`$'
n=$(grep -c '^| component | version | compatible range | status |$' "$md")
if [ "$n" -eq 2 ]; then ok; else bad "expected 2 tables with the standard's four columns, found $n"; fi
# every row of the standard's tables has four cells (before "## Every check")
bad_rows=$(sed '/^## Every check$/q' "$md" | grep '^| ' | sed 's/\\|//g' |
	awk -F'|' 'NF != 6' | wc -l)
if [ "$bad_rows" -eq 0 ]; then ok; else bad "$bad_rows rows of the standard's tables do not have four cells"; fi
# readable names from the matrix, beside the module path
has "$md" '^\| Gin \(`github\.com/gin-gonic/gin`\) \| v1\.9\.1 \| >=1\.8\.0 <1\.10\.0 \| compliant \|$'
has "$md" '^\| MySQL Driver \(`github\.com/go-sql-driver/mysql`\) \| v1\.7\.0 \| >=1\.6\.0 \| compliant \|$'
# grpc: no row covers it, so it is listed as not in the matrix
has "$md" '^\| `google\.golang\.org/grpc` \| v1\.62\.1 \| - \| not in the matrix \|$'
# the cross-service drift, on the second service's row, naming the first
has "$md" "^\| \`google\.golang\.org/grpc\` \| v1\.60\.0 \| - \| not in the matrix; another version: v1\.62\.1 in service 'user' \(MCP-COMPAT-012\) \|$"
# indirect ones are counted, not listed (no row covers golang.org/x/net)
hasnt "$md" 'golang\.org/x/net'
has "$md" '^1 indirect dependency \(`// indirect`\): counted'
has "$md" '^dependencies: 5 direct, 1 indirect; 5 listed: 3 compliant, 0 conflicts, 2 not in the matrix, 0 not checked$'
# the detailed table follows, unchanged
has "$md" '^## Every check$'
has "$md" '^\| Component \| Version \| Where \| Allowed \| Status \| Rule \| Source \|$'

# The drift is a warning finding at the second manifest's line, naming
# the first place.
run 0 check "$drift"
has "$out" "^fixtures/specs/compat/services/order/go\.mod:7:25: warning\[MCP-COMPAT-012\]: services 'user' and 'order' use different versions of google\.golang\.org/grpc: v1\.62\.1 and v1\.60\.0$"
has "$out" '^fixtures/specs/compat/services/user/go\.mod:8:25: note: the other version$'
run 0 check --format json "$drift"
has "$out" '"rule": "MCP-COMPAT-012"'
has "$out" '"line": 8'
# one finding, not two: no second rule repeats MCP-COMPAT-012
n=$(grep -c '"rule": "MCP-COMPAT-' "$out")
if [ "$n" -eq 1 ]; then ok; else bad "expected one MCP-COMPAT finding for the drift, found $n"; fi

# Several specs: each heading names its spec (one spec: none does), and
# the drift is within one spec (the demo's grpc v1.62.1 is no drift).
hasnt "$md" '\(spec `'
run 0 report --format markdown "$drift" fixtures/demo/fraud-scoring.mcp.yaml
has "$out" '^### user: `fixtures/demo/services/user/go\.mod` \(spec `fixtures/demo/fraud-scoring\.mcp\.yaml`\)$'
has "$out" '^### order: `fixtures/specs/compat/services/order/go\.mod` \(spec `fixtures/specs/compat/grpc-version-drift\.mcp\.yaml`\)$'
n=$(grep -c 'another version' "$out")
if [ "$n" -eq 1 ]; then ok; else bad "expected the one drift of the drift fixture, found $n"; fi

# The demo spec: grpc v1.62.1 of its only service is not in the matrix.
run 0 report --format markdown fixtures/demo/fraud-scoring.mcp.yaml
has "$out" '^\| `google\.golang\.org/grpc` \| v1\.62\.1 \| - \| not in the matrix \|$'
has "$out" '^\| Gin \(`github\.com/gin-gonic/gin`\) \| v1\.9\.1 \|'

# The repository fixture: conflicts say why; npm and pypi manifests are
# listed; a manifest that cannot be read is named and makes the exit 1.
run 1 report --format markdown "$repo"
has "$out" '^\| Gin \(`github\.com/gin-gonic/gin`\) \| v1\.7\.0 \| >=1\.8\.0 <1\.10\.0 \| conflict: outside the range \|$'
has "$out" "^\\| Gin \\(\`github\\.com/gin-gonic/gin\`\\) \\| v1\\.9\\.1 \\| >=1\\.8\\.0 <1\\.10\\.0 \\| conflict: needs Go >= 1\\.16, go\\.mod says go 1\\.13; another version: v1\\.7\\.0 in service 'user' \\(MCP-COMPAT-012\\) \\|\$"
has "$out" '^\| `express` \| \^4\.18\.2 \| - \| not in the matrix \|$'
has "$out" '^\| `express` \| 4\.18\.2 \| - \| not in the matrix \|$'
has "$out" '^\| `numpy` \| ==1\.26\.4 \| - \| not in the matrix \|$'
has "$out" '^\| `requests` \| ==2\.31\.0 \| - \| not in the matrix \|$'
has "$out" '^### ml: `fixtures/repo/services/missing/go\.mod`$'
has "$out" '^Not read: it cannot be read \(named at fixtures/repo/deploy\.mcp\.yaml:77:52\); none of its dependencies is listed or checked\.$'
has "$out" '1 manifest not read$'
# a manifest not read alone makes the exit 1 (no evidence is no pass)
mkdir -p "$tmp/spec/services"
cp -r fixtures/specs/compat/services/user fixtures/specs/compat/services/order "$tmp/spec/services/"
sed 's|dependencies: \[services/order/go.mod\]|dependencies: [services/order/go.mod, services/gone/go.mod]|' "$drift" >"$tmp/spec/d.mcp.yaml"
run 1 report "$tmp/spec/d.mcp.yaml"
has "$out" '^0 conflicts, 1 warning, 12 ok$'
has "$out" '; 1 manifest not read$'
has "$err" 'error\[MCP-DEPS-002\]'
run 1 report --format json "$tmp/spec/d.mcp.yaml"
has "$out" '"manifestsNotRead": \['
# a spec without manifests says so
run 0 report --format markdown fixtures/specs/valid/smallest.mcp.yaml
has "$out" '^No dependency was read: no service names a manifest'

# A manifest is any text: a credential in it is masked in every form.
mkdir -p "$tmp/spec/services/web"
printf '{\n  "name": "web",\n  "dependencies": {\n    "private-lib": "git+https://deploy:hunter2pass@github.com/org/lib.git"\n  }\n}\n' >"$tmp/spec/services/web/package.json"
sed 's|dependencies: \[services/order/go.mod\]|dependencies: [services/order/go.mod, services/web/package.json]|' "$drift" >"$tmp/spec/w.mcp.yaml"
for format in text json markdown; do
	run 0 report --format "$format" "$tmp/spec/w.mcp.yaml"
	hasnt "$out" 'hunter2pass'
	hasnt "$err" 'hunter2pass'
done
has "$out" '^\| `private-lib` \| \*+github\.com/org/lib\.git \| - \| not in the matrix \|$'
run 0 build -o "$tmp/built" "$tmp/spec/w.mcp.yaml"
if grep -rq 'hunter2pass' "$tmp/built"; then bad "mcpc build's report repeats a credential of a manifest"; else ok; fi
has "$tmp/built/report.json" '"name": "private-lib"'

# A folder name that is not UTF-8 (a file name can hold any byte): the
# Markdown stays UTF-8, the JSON stays JSON and keeps every place.
odd=$tmp/$(printf 'odd\377dir')
mkdir -p "$odd/services"
cp -r fixtures/specs/compat/services/user fixtures/specs/compat/services/order "$odd/services/"
cp "$drift" "$odd/d.mcp.yaml"
run 0 report --format markdown "$odd/d.mcp.yaml"
has "$out" 'odd\?dir/services/order/go\.mod`$'
if [ $have_python -eq 1 ]; then
	if python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$out" 2>/dev/null; then ok
	else bad "the Markdown report is not UTF-8 for a folder name that is not"; fi
fi
run 0 report --format json "$odd/d.mcp.yaml"
cp "$out" "$tmp/odd.json"
run 0 validate --schema schema/conflict-report.schema.json "$tmp/odd.json"

# Readable names are the matrix's (a row's title), never mcpc's own: a
# row of one's own renames Gin, and a row without a title shows the path.
mkdir -p "$tmp/mx"
cat >"$tmp/mx/site.yaml" <<'MATRIX'
apiVersion: ai102.mcp/v1
kind: CompatibilityMatrix
metadata: {name: site}
spec:
  libraries:
    - {ecosystem: go, name: github.com/gin-gonic/gin, title: Gin Web Framework, allowed: ">=1.9.0 <1.10.0", source: our own tests}
    - {ecosystem: go, name: google.golang.org/grpc, allowed: ">=1.62.0", source: our own tests}
MATRIX
run 1 report --format markdown --matrix "$tmp/mx" "$drift"
has "$out" '^\| Gin Web Framework \(`github\.com/gin-gonic/gin`\) \| v1\.9\.1 \| >=1\.9\.0 <1\.10\.0 \| compliant \|$'
has "$out" '^\| `google\.golang\.org/grpc` \| v1\.62\.1 \| >=1\.62\.0 \| compliant \|$'
has "$out" "^\| \`google\.golang\.org/grpc\` \| v1\.60\.0 \| >=1\.62\.0 \| conflict: outside the range; another version: v1\.62\.1 in service 'user' \(MCP-COMPAT-012\) \|$"
# an npm row: a declared range wider than the row's is a conflict
mkdir -p "$tmp/npm"
cat >"$tmp/npm/npm.yaml" <<'MATRIX'
apiVersion: ai102.mcp/v1
kind: CompatibilityMatrix
metadata: {name: npm}
spec:
  libraries:
    - {ecosystem: npm, name: express, title: Express, allowed: ">=4.19.2 <5.0.0", source: our own tests}
    - {ecosystem: npm, name: "@grpc/grpc-js", allowed: ">=1.10.0", source: our own tests}
MATRIX
run 1 report --format markdown --matrix "$tmp/npm" "$repo"
has "$out" '^\| Express \(`express`\) \| \^4\.18\.2 \| >=4\.19\.2 <5\.0\.0 \| conflict: the range admits versions outside it \|$'
has "$out" '^\| Express \(`express`\) \| 4\.18\.2 \| >=4\.19\.2 <5\.0\.0 \| conflict: outside the range \|$'
has "$out" '^\| `@grpc/grpc-js` \| ~1\.9\.0 \| >=1\.10\.0 \| conflict: the range admits no version in it \|$'
has "$out" '^\| `requests` \| ==2\.31\.0 \| - \| not in the matrix \|$'
# a row covers it, but no version is declared: any is admitted, which is
# wider than the row (MCP-COMPAT-013); a version that does not compare (a
# git URL) cannot be held against the row: not checked, and a warning
mkdir -p "$tmp/spec/services/ml" "$tmp/py"
printf 'flask\nnumpy==1.26.4\n' >"$tmp/spec/services/ml/requirements.txt"
sed 's|dependencies: \[services/order/go.mod\]|dependencies: [services/order/go.mod, services/ml/requirements.txt]|' "$drift" >"$tmp/spec/p.mcp.yaml"
cat >"$tmp/py/py.yaml" <<'MATRIX'
apiVersion: ai102.mcp/v1
kind: CompatibilityMatrix
metadata: {name: py}
spec:
  libraries:
    - {ecosystem: pypi, name: flask, title: Flask, allowed: ">=3.0", source: our own tests}
    - {ecosystem: pypi, name: numpy, title: NumPy, allowed: ">=1.26,<2", source: our own tests}
MATRIX
run 0 report --format markdown --matrix "$tmp/py" "$tmp/spec/p.mcp.yaml"
has "$out" '^\| Flask \(`flask`\) \| \(any\) \| >=3\.0 \| conflict: no version declared, so any is admitted \|$'
has "$out" '^\| NumPy \(`numpy`\) \| ==1\.26\.4 \| >=1\.26,<2 \| compliant \|$'
has "$out" '4 compliant, 1 conflict, 2 not in the matrix, 0 not checked$'
run 0 check --matrix "$tmp/py" "$tmp/spec/p.mcp.yaml"
has "$out" "services/ml/requirements\.txt:1:1: warning\[MCP-COMPAT-013\]: flask declares no version: any is admitted, also outside the allowed range >=3\.0 \(service 'order'; source: our own tests\)$"
printf '{"name": "w", "dependencies": {"express": "github:expressjs/express#v4"}}\n' >"$tmp/spec/services/web/package.json"
cat >"$tmp/py/npm.yaml" <<'MATRIX'
apiVersion: ai102.mcp/v1
kind: CompatibilityMatrix
metadata: {name: npmrows}
spec:
  libraries:
    - {ecosystem: npm, name: express, allowed: ">=4.19.2", source: our own tests}
MATRIX
run 0 check --matrix "$tmp/py" "$tmp/spec/w.mcp.yaml"
has "$out" "services/web/package\.json:1:43: warning\[MCP-COMPAT-013\]: express github:expressjs/express#v4 cannot be held against the allowed range >=4\.19\.2: "
run 0 report --format markdown --matrix "$tmp/py" "$tmp/spec/w.mcp.yaml"
has "$out" '^\| `express` \| github:expressjs/express#v4 \| >=4\.19\.2 \| not checked: the version does not compare \|$'
has "$out" ' 1 not checked$'
# the matrix schema holds the title: an empty one is refused
printf 'apiVersion: ai102.mcp/v1\nkind: CompatibilityMatrix\nmetadata: {name: bad}\nspec:\n  libraries:\n    - {ecosystem: go, name: x.org/y, title: "", allowed: ">=1", source: t}\n' >"$tmp/mx/site.yaml"
run 2 report --matrix "$tmp/mx" "$drift"
has "$err" 'error\[MCP-COMPAT-000\]'
# the bundled rows carry the standard's names
run 0 matrix
has "$out" '^\| go \| github\.com/gin-gonic/gin \| Gin \|'
has "$out" '^\| go \| github\.com/go-sql-driver/mysql \| MySQL Driver \|'

# JSON: every dependency, direct and indirect, with its place; it meets
# schema/conflict-report.schema.json, which is not vacuous.
run 0 report --format json "$drift"
cp "$out" "$tmp/drift.json"
has "$tmp/drift.json" '"name": "golang.org/x/net"'
has "$tmp/drift.json" '"direct": false'
has "$tmp/drift.json" '"component": "MySQL Driver"'
has "$tmp/drift.json" '"status": "not in the matrix"'
has "$tmp/drift.json" "\"drift\": \"v1.62.1 in service 'user' \\(MCP-COMPAT-012\\)\""
run 0 validate --schema schema/conflict-report.schema.json "$tmp/drift.json"
run 1 report --format json "$repo"
cp "$out" "$tmp/repo.json"
run 0 validate --schema schema/conflict-report.schema.json "$tmp/repo.json"
sed 's/"status": "not in the matrix"/"status": "unknown"/' "$tmp/drift.json" >"$tmp/bad.json"
run 1 validate --schema schema/conflict-report.schema.json "$tmp/bad.json"
has "$out" 'dependencies\[2\]'
# mcpc build's report.json carries it under "conflicts"
has fixtures/build/aws-recsys/default/report.json '"dependencies": \['
has fixtures/build/aws-recsys/default/report.txt '^dependencies: 10 direct, 1 indirect;'

# Nothing else changed: the text report is the one before this form with
# one line added; the JSON report is the one before with keys added.
run 1 report "$repo"
grep -v '^dependencies: ' "$out" >"$tmp/text"
echo "exit 1" >>"$tmp/text"
same "$gold/deploy.legacy.txt" "$tmp/text" "the text report changed beyond its dependencies line"
n=$(grep -c '^dependencies: ' "$out")
if [ "$n" -eq 1 ]; then ok; else bad "expected one dependencies line in the text report, found $n"; fi
if [ $have_python -eq 1 ]; then
	if python3 - "$tmp/repo.json" "$gold/deploy.legacy.json" <<'PY'; then ok; else bad "the JSON report changed beyond its added keys"; fi
import json, sys
new = json.load(open(sys.argv[1]))
old = json.loads(open(sys.argv[2]).read().rsplit("exit", 1)[0])
for k in ("dependencies", "manifestsNotRead"):
    new.pop(k, None)
new["summary"].pop("dependencies", None)
sys.exit(0 if new == old else 1)
PY
else
	ok
fi
# the Markdown report keeps the table it had, after the standard's form
run 1 report --format markdown "$repo"
sed -n '/^## Every check$/,$p' "$out" | sed '1,2d' | grep -v '^dependencies: ' >"$tmp/md"
echo "exit 1" >>"$tmp/md"
same "$gold/deploy.legacy.md" "$tmp/md" "the Markdown report's detailed table changed"

echo "$pass passed, $fail failed"
