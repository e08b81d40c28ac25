#!/bin/sh
# deps.sh: install the Debian packages mcpc builds with, or say which.
#   scripts/deps.sh            libraries and tools for build and test
#   scripts/deps.sh --fuzz     also clang and its libFuzzer runtime
#   scripts/deps.sh --check    only report; exit 1 when something is missing
#   scripts/deps.sh --build    only what building mcpc needs (the compiler,
#                              pkg-config, the five libraries), not the tests
# As root it runs apt-get; otherwise it prints the apt-get line to run.
set -u

check_only=0
fuzz=0
build_only=0
for a in "$@"; do
	case "$a" in
	--check) check_only=1 ;;
	--fuzz) fuzz=1 ;;
	--build) build_only=1 ;;
	*) echo "deps.sh: unknown option '$a'" >&2; exit 2 ;;
	esac
done

missing=""
add() { case " $missing " in *" $1 "*) ;; *) missing="$missing $1" ;; esac; }

command -v cc >/dev/null 2>&1 || add gcc
command -v pkg-config >/dev/null 2>&1 || add pkg-config
# pkg-config module -> Debian package
libs="yaml-0.1:libyaml-dev jansson:libjansson-dev libpcre2-8:libpcre2-dev
	libgit2:libgit2-dev libxxhash:libxxhash-dev"
[ "$build_only" = 1 ] || libs="$libs cmocka:libcmocka-dev"
for pair in $libs; do
	mod=${pair%%:*}
	pkg=${pair#*:}
	if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$mod"; then
		add "$pkg"
	fi
done
if [ "$build_only" = 0 ]; then
# Tests only: the PEP 440 differential test compares with Python's packaging.
if ! /usr/bin/python3 -c 'import packaging.specifiers' >/dev/null 2>&1; then
	add python3-packaging
fi
# Tests only: the chart's suite compares its objects with mcpc build's,
# and make docs writes the chart's README, with PyYAML.
if ! /usr/bin/python3 -c 'import yaml' >/dev/null 2>&1; then
	add python3-yaml
fi
# Tests only: the Helm constraint differential test builds a Go program
# against the Masterminds semver library, from Debian's Go source package.
command -v go >/dev/null 2>&1 || add golang-go
[ -f /usr/share/gocode/src/github.com/Masterminds/semver/constraints.go ] ||
	add golang-github-masterminds-semver-dev
# Tests only: the Helm template renderer (tests/helm-render/) is Go's
# text/template with Helm's libraries: sprig, sigs.k8s.io/yaml, gojsonschema
# for values.schema.json, toml for toToml, glob for .Files.Glob.
for pair in github.com/Masterminds/sprig/functions.go:golang-github-masterminds-sprig-dev \
	sigs.k8s.io/yaml/yaml.go:golang-k8s-sigs-yaml-dev \
	github.com/xeipuuv/gojsonschema/schema.go:golang-github-xeipuuv-gojsonschema-dev \
	github.com/BurntSushi/toml/encode.go:golang-github-burntsushi-toml-dev \
	github.com/gobwas/glob/glob.go:golang-github-gobwas-glob-dev; do
	[ -f "/usr/share/gocode/src/${pair%%:*}" ] || add "${pair#*:}"
done
# Tests only: ajv, js-yaml and yaml-language-server (tests/ajv.sh,
# tests/lsp.sh) and node-semver run on node; npm installs them.
command -v node >/dev/null 2>&1 || add nodejs
command -v npm >/dev/null 2>&1 || add npm
# Tests only: the pre-commit hooks are exercised through the framework, and
# the lint tests build git repositories.
command -v pre-commit >/dev/null 2>&1 || add pre-commit
# Tests only: the SARIF suite installs Microsoft's SARIF Multitool, and the
# semver differential test node-semver, from the npm registry.
command -v npm >/dev/null 2>&1 || add npm
command -v git >/dev/null 2>&1 || add git
fi
if [ "$fuzz" = 1 ]; then
	command -v clang >/dev/null 2>&1 || add clang
	ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
		>/dev/null 2>&1 || add libclang-rt-14-dev
fi

[ -z "$missing" ] && exit 0
if [ "$check_only" = 1 ]; then
	echo "missing packages:$missing (run 'make deps')" >&2
	exit 1
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing
	exit $?
fi
echo "mcpc needs:$missing" >&2
echo "run: sudo apt-get install -y$missing" >&2
exit 1
