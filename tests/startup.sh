#!/bin/sh
# startup.sh: what mcpc leaves out when it starts, and that leaving it out
# changes nothing it reports. libgit2's network libraries are not loaded
# (mcpc links libgit2's archive, and compiler/cli/nonet.c stands in for
# them), or, with the shared libgit2, its CA certificates are never loaded
# (the program's own mbedtls_x509_crt_parse_file takes the call); lint
# reads the git index itself (the unit test test_repo compares it with
# libgit2 entry by entry): here, through `mcpc lint --staged`, an index
# of version 4, one GIT_INDEX_FILE names, and corrupt or split indexes,
# which stop the run with MCP-GIT-001 and exit status 2, as before.
# The last line is "N passed, N failed".
set -u
BUILD=${BUILD:-build}
. tests/lib.sh

git_() { git -c user.name=t -c user.email=t@example.com "$@"; }

# ---- libgit2's certificates ----
# Debian's libgit2 calls mbedTLS's certificate reader when it starts; the
# dynamic linker must bind that call to mcpc's definition.
lib=$(ldd "$MCPC" 2>/dev/null | awk '/libgit2/ { print $3 }')
if [ -n "$lib" ] && nm -D "$lib" 2>/dev/null | grep -q ' U mbedtls_x509_crt_parse_file$'; then
	repo=$tmp/certs
	mkdir -p "$repo" && (cd "$repo" && git init -q . && cp "$OLDPWD/fixtures/demo/fraud-scoring.mcp.yaml" a.mcp.yaml &&
		cp -r "$OLDPWD/fixtures/demo/services" . && git add -A)
	(cd "$repo" && LD_DEBUG=bindings "$MCPC" lint --staged --no-cache >"$out" 2>"$err")
	if grep -q "binding file [^ ]*libgit2[^ ]* .* to $MCPC .*mbedtls_x509_crt_parse_file" "$err"; then ok; else
		bad "libgit2's certificate reader is not bound to mcpc"
	fi
	if grep -q "binding file [^ ]*libgit2[^ ]* .* to [^ ]*libmbedx509.*mbedtls_x509_crt_parse_file" "$err"; then
		bad "libgit2 calls libmbedx509's certificate reader"
	else ok; fi
	(cd "$repo" && "$MCPC" lint --staged --no-cache >"$tmp/plain" 2>"$tmp/plain.err")
	same "$out" "$tmp/plain" "the report differs under LD_DEBUG"
	has "$tmp/plain" 'checked 1 spec'
elif [ -z "$lib" ]; then
	# libgit2's archive, linked into mcpc (Makefile, STATIC=1): none of
	# the network libraries it would load is loaded, compiler/cli/nonet.c
	# stands in for them (its set-up succeeds, its connections fail)
	libs=$(ldd "$MCPC" 2>/dev/null)
	for l in libgit2 libssh2 libmbedtls libmbedx509 libmbedcrypto libhttp_parser libgssapi libkrb5 libcrypto; do
		case "$libs" in
		*"$l"*) bad "mcpc loads $l" ;;
		*) ok ;;
		esac
	done
	for f in libssh2_session_init_ex mbedtls_ssl_setup mbedtls_x509_crt_parse_file http_parser_parse_url gss_init_sec_context; do
		if nm "$MCPC" 2>/dev/null | grep -q " T $f\$"; then ok; else bad "mcpc does not define $f"; fi
	done
else
	echo "startup: libgit2 ($lib) reads no certificates with mbedTLS: binding not checked"
fi

# ---- the index, read by lint ----
repo=$tmp/repo
mkdir -p "$repo/deploy"
cp fixtures/demo/fraud-scoring.mcp.yaml "$repo/deploy/a.mcp.yaml"
cp -r fixtures/demo/services "$repo/deploy/"
(cd "$repo" && git init -q . && git add -A && git_ commit -qm base) || exit 1
# a staged spec that breaks a rule, in the work tree fixed again: lint
# --staged reads the index, whatever its version
sed 's/^    cloud: .*/    cloud: azrue/' "$repo/deploy/a.mcp.yaml" >"$repo/deploy/b.mcp.yaml"
(cd "$repo" && git add deploy/b.mcp.yaml && cp deploy/a.mcp.yaml deploy/b.mcp.yaml)
for v in 2 3 4; do
	(cd "$repo" && git update-index --index-version $v)
	(cd "$repo/deploy" && "$MCPC" lint --staged --no-cache --format json >"$out" 2>"$err")
	st=$?
	if [ $st -eq 1 ]; then ok; else bad "index version $v: lint --staged exited $st, expected 1"; fi
	has "$out" '"file": "deploy/b.mcp.yaml"'
	has "$out" '"specs": 1'
	hasnt "$out" '"file": "deploy/a.mcp.yaml"'
done
# the index GIT_INDEX_FILE names (a hook of `git commit PATH`): without
# b.mcp.yaml staged there, nothing is linted
(cd "$repo" && cp .git/index .git/with-b && git rm -qf --cached deploy/b.mcp.yaml && cp .git/index .git/without-b &&
	cp .git/with-b .git/index) || exit 1
(cd "$repo" && GIT_INDEX_FILE=.git/without-b "$MCPC" lint --staged --no-cache >"$out" 2>"$err")
st=$?
if [ $st -eq 0 ]; then ok; else bad "GIT_INDEX_FILE: lint --staged exited $st, expected 0"; fi
has "$out" 'checked 0 specs'
hasnt "$out" 'MCP-GIT'
(cd "$repo" && GIT_INDEX_FILE=.git/with-b "$MCPC" lint --staged --no-cache >"$out" 2>"$err")
has "$out" 'deploy/b.mcp.yaml:[0-9]+:[0-9]+: error\[MCP-SCHEMA-003\]'
# every spec of the index, through lint --rev's sibling: the index itself
(cd "$repo" && "$MCPC" lint --no-cache >"$out" 2>"$err")
has "$out" 'checked 2 specs'

# only the staged specs listed (the index read once, no copy of every
# path): the spec globs and exclude globs count as in a full listing, and
# the run's identity is the same from any folder
r2=$tmp/only
mkdir -p "$r2/deploy" "$r2/legacy" "$r2/docs"
for i in 1 2 3; do cp fixtures/demo/fraud-scoring.mcp.yaml "$r2/deploy/s$i.mcp.yaml"; done
cp -r fixtures/demo/services "$r2/deploy/"
cp fixtures/demo/fraud-scoring.mcp.yaml "$r2/legacy/old.mcp.yaml"
printf 'apiVersion: ai102.mcp/v1\nkind: Project\nmetadata: {name: team}\nspec:\n  specs: ["deploy/**/*.mcp.yaml", "legacy/**/*.mcp.yaml", "none/**/*.mcp.yaml"]\n  exclude: ["legacy/**"]\n' >"$r2/.mcpc.yaml"
(cd "$r2" && git init -q . && git add -A && git_ commit -qm base) || exit 1
sed 's/^    cloud: .*/    cloud: azrue/' "$r2/deploy/s2.mcp.yaml" >"$tmp/s2" && cp "$tmp/s2" "$r2/deploy/s2.mcp.yaml"
echo '# old' >>"$r2/legacy/old.mcp.yaml"
(cd "$r2" && git add deploy/s2.mcp.yaml legacy/old.mcp.yaml)
(cd "$r2" && NO_COLOR= "$MCPC" lint --staged --no-cache >"$out" 2>"$err")
st=$?
if [ $st -eq 1 ]; then ok; else bad "staged specs only: exit $st, expected 1"; fi
has "$out" '^deploy/s2\.mcp\.yaml:[0-9]+:[0-9]+: error\[MCP-SCHEMA-003\]'
hasnt "$out" 's1\.mcp\.yaml|s3\.mcp\.yaml|old\.mcp\.yaml:'
has "$out" "warning\\[MCP-GIT-003\\]: spec glob 'none/\\*\\*/\\*\\.mcp\\.yaml' matches no file"
has "$out" 'checked 1 spec; excluded 1 by spec\.exclude'
(cd "$r2" && "$MCPC" lint --staged --no-cache --format json >"$tmp/top.json" 2>/dev/null)
(cd "$r2/deploy/services" && "$MCPC" lint --staged --no-cache --format json >"$tmp/sub.json" 2>/dev/null)
id1=$(sed -n 's/^ *"id": "\([0-9a-f]\{32\}\)".*/\1/p' "$tmp/top.json" | head -n 1)
id2=$(sed -n 's/^ *"id": "\([0-9a-f]\{32\}\)".*/\1/p' "$tmp/sub.json" | head -n 1)
if [ -n "$id1" ] && [ "$id1" = "$id2" ]; then ok; else bad "run identity from the top '$id1', from a folder '$id2'"; fi
# a dependency manifest staged: every spec that may read it is linted
echo '// x' >>"$r2/deploy/services/user/go.mod"
(cd "$r2" && git add deploy/services/user/go.mod && NO_COLOR= "$MCPC" lint --staged --no-cache >"$out" 2>"$err")
has "$out" 'checked 3 specs; excluded 1 by spec\.exclude'
(cd "$r2" && "$MCPC" lint --staged --no-cache --format json >"$tmp/deps.json" 2>/dev/null)
id3=$(sed -n 's/^ *"id": "\([0-9a-f]\{32\}\)".*/\1/p' "$tmp/deps.json" | head -n 1)
if [ -n "$id3" ] && [ "$id3" != "$id1" ]; then ok; else bad "run identity unchanged by a staged manifest ('$id3')"; fi

# ---- the staged changes, with a cache-tree that lies ----
# lint reads a folder of HEAD's tree only when the index's entries there
# do not make HEAD's tree for it (hashed from the entries, as git would
# write it); the index's own cache-tree extension (TREE) is not trusted.
# Here the TREE of the index as committed is put into an index with a
# change staged (git itself then skips the folder: `git diff --cached`
# and `git write-tree` take the forged ids), and then one whose ids are
# all wrong: lint finds the staged change either way, as `git diff
# --cached --name-only` lists it on the honest index.
cat >"$tmp/tree.py" <<'EOF'
import hashlib, struct, sys
def split(data):
    ver, n = struct.unpack('>II', data[4:12]); p = 12
    for _ in range(n):
        flags = struct.unpack('>H', data[p + 60:p + 62])[0]
        fixed = 62 + (2 if flags & 0x4000 else 0)
        if ver < 4:
            ln = data.index(b'\0', p + fixed) - (p + fixed)
            p += (fixed + ln + 8) & ~7
        else:
            q = p + fixed
            while data[q] & 0x80:
                q += 1
            p = data.index(b'\0', q + 1) + 1
    exts, q = [], p
    while q < len(data) - 20:
        ln = struct.unpack('>I', data[q + 4:q + 8])[0]
        exts.append((data[q:q + 4], data[q + 8:q + 8 + ln])); q += 8 + ln
    return data[:p], exts
def flip(tree):  # every id of a TREE extension, each byte inverted
    out, p = bytearray(tree), 0
    while p < len(out):
        p = out.index(b'\0', p) + 1
        count = int(bytes(out[p:out.index(b' ', p)]))
        p = out.index(b'\n', p) + 1
        if count >= 0:
            out[p:p + 20] = bytes(255 - b for b in out[p:p + 20]); p += 20
    return bytes(out)
mode, src, dst = sys.argv[1:4]
tree = [e for e in split(open(src, 'rb').read())[1] if e[0] == b'TREE']
assert tree, 'no TREE extension in ' + src
body, exts = split(open(dst, 'rb').read())
if mode == 'flip':
    tree = [(b'TREE', flip(tree[0][1]))]
out = body + b''.join(s + struct.pack('>I', len(b)) + b
                      for s, b in [e for e in exts if e[0] != b'TREE'] + tree)
open(dst, 'wb').write(out + hashlib.sha1(out).digest())
EOF
r3=$tmp/forged
mkdir -p "$r3/a" "$r3/b/c"
for d in a b/c; do
	cp fixtures/demo/fraud-scoring.mcp.yaml "$r3/$d/x.mcp.yaml"
	cp -r fixtures/demo/services "$r3/$d/"
done
(cd "$r3" && git init -q . && git add -A && git_ commit -qm base && git reset -q) || exit 1
cp "$r3/.git/index" "$tmp/index.head"
sed 's/^    cloud: .*/    cloud: azrue/' "$r3/b/c/x.mcp.yaml" >"$tmp/x" && cp "$tmp/x" "$r3/b/c/x.mcp.yaml"
(cd "$r3" && git add b/c/x.mcp.yaml)
(cd "$r3" && git diff --cached --name-only) >"$tmp/want"
has "$tmp/want" '^b/c/x\.mcp\.yaml$'
cp "$r3/.git/index" "$tmp/index.staged"
for forge in same flip; do
	cp "$tmp/index.staged" "$r3/.git/index"
	python3 "$tmp/tree.py" "$forge" "$tmp/index.head" "$r3/.git/index" || bad "$forge: cannot forge the TREE extension"
	(cd "$r3" && NO_COLOR= "$MCPC" lint --staged --no-cache >"$out" 2>"$err")
	st=$?
	if [ $st -eq 1 ]; then ok; else bad "a forged cache-tree ($forge): lint --staged exited $st, expected 1"; fi
	has "$out" '^b/c/x\.mcp\.yaml:[0-9]+:[0-9]+: error\[MCP-SCHEMA-003\]'
	has "$out" 'checked 1 spec'
done
# and with the honest one, and none at all
cp "$tmp/index.staged" "$r3/.git/index"
(cd "$r3" && NO_COLOR= "$MCPC" lint --staged --no-cache >"$out" 2>"$err")
has "$out" '^b/c/x\.mcp\.yaml:[0-9]+:[0-9]+: error\[MCP-SCHEMA-003\]'
(cd "$r3" && rm .git/index && git read-tree HEAD && git update-index --add b/c/x.mcp.yaml &&
	NO_COLOR= "$MCPC" lint --staged --no-cache >"$out" 2>"$err")
has "$out" 'checked 1 spec'
has "$out" '^b/c/x\.mcp\.yaml:[0-9]+:[0-9]+: error\[MCP-SCHEMA-003\]'

# a corrupt index stops the run: exit 2, MCP-GIT-001, nothing linted
corrupt() { # LABEL: lint --staged on the index as it is now
	(cd "$repo" && "$MCPC" lint --staged --no-cache >"$out" 2>"$err")
	st=$?
	if [ $st -eq 2 ]; then ok; else bad "$1: lint --staged exited $st, expected 2"; fi
	has "$out" 'error\[MCP-GIT-001\]: cannot read the index'
	hasnt "$out" 'MCP-SCHEMA'
}
cp "$repo/.git/index" "$tmp/index"
head -c 100 "$tmp/index" >"$repo/.git/index"
corrupt "a truncated index"
cp "$tmp/index" "$repo/.git/index"
printf 'DIRX' | dd of="$repo/.git/index" conv=notrunc 2>/dev/null
corrupt "a bad signature"
cp "$tmp/index" "$repo/.git/index"
(cd "$repo" && git update-index --split-index)
corrupt "a split index"
(cd "$repo" && git update-index --no-split-index && rm -f .git/sharedindex.*)
(cd "$repo" && "$MCPC" lint --staged --no-cache >"$out" 2>"$err")
st=$?
if [ $st -eq 1 ]; then ok; else bad "the index restored: lint --staged exited $st, expected 1"; fi

echo "$pass passed, $fail failed"
