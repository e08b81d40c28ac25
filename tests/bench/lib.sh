# lib.sh: what the benchmark scripts (tests/bench/*.sh) share; sourced
# after they set BUILD. Nothing here measures: it sets things up.

# The pinned versions of the ajv side, those of tests/ajv.sh.
BENCH_AJV_VERSION=8.20.0
BENCH_JS_YAML_VERSION=4.1.1

bench_now() { date +%s.%N; }

# bench_cores: the processors online ("?" when getconf cannot say).
bench_cores() { getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?'; }

# bench_repo DIR: make DIR a git repository whose one commit (on main)
# holds every file in it, the index matching, as `git add -A && git
# commit` would. The commit is written by `git fast-import` from
# `bench_schema git-import`, one pack, rather than by `git add`, which
# writes each of 100,000 files as a loose object (minutes, not seconds).
# Each blob is stored whole (--big-file-threshold: no search for a delta
# against the one before) and lightly compressed: a third less time, a
# larger pack. GLIBC_TUNABLES keeps fast-import's heap from being trimmed
# and grown again after each blob: on this machine's virtual memory every
# brk costs about 0.1 ms, and fast-import makes tens of thousands. Only
# the set-up runs so, never what is measured.
bench_repo() {
	(cd "$1" && git init -q && git config user.email bench@example.com &&
		git config user.name bench && printf '.mcpc-cache/\n' >.gitignore) ||
		return 1
	"$BENCH_BIN" git-import "$1" |
		(cd "$1" && GLIBC_TUNABLES=glibc.malloc.top_pad=67108864:glibc.malloc.trim_threshold=134217728 \
			git -c core.compression=1 fast-import --quiet --big-file-threshold=1k) || return 1
	(cd "$1" && git symbolic-ref HEAD refs/heads/main && git reset -q &&
		git tag base) || return 1
	[ -z "$(cd "$1" && git status --porcelain)" ] || {
		echo "bench: $1: the repository does not hold every file" >&2
		return 1
	}
}

# bench_modules: print the node_modules folder that holds ajv and js-yaml:
# BENCH_NODE_MODULES (a node_modules folder, or a folder holding one), or
# $BUILD/npm/bench, where npm installs the pinned versions once (reused
# after, git-ignored). Prints why on standard error and returns 1 when
# there is none.
bench_modules() {
	if [ -n "${BENCH_NODE_MODULES:-}" ]; then
		for d in "$BENCH_NODE_MODULES/node_modules" "$BENCH_NODE_MODULES"; do
			if [ -d "$d/ajv" ] && [ -d "$d/js-yaml" ]; then
				(cd "$d" && pwd)
				return 0
			fi
		done
		echo "BENCH_NODE_MODULES=$BENCH_NODE_MODULES holds no ajv and js-yaml" >&2
		return 1
	fi
	if ! command -v node >/dev/null 2>&1; then
		echo "node is not installed (scripts/deps.sh installs nodejs and npm)" >&2
		return 1
	fi
	_mods=$BUILD/npm/bench
	_ver() { node -p "require(require('path').resolve('$_mods/node_modules/$1/package.json')).version" 2>/dev/null; }
	if [ "$(_ver ajv)" != "$BENCH_AJV_VERSION" ] ||
		[ "$(_ver js-yaml)" != "$BENCH_JS_YAML_VERSION" ]; then
		if ! command -v npm >/dev/null 2>&1; then
			echo "npm is not installed (scripts/deps.sh installs it)" >&2
			return 1
		fi
		mkdir -p "$_mods"
		if ! npm install --no-save --no-audit --no-fund --loglevel=error \
			--prefix "$_mods" "ajv@$BENCH_AJV_VERSION" \
			"js-yaml@$BENCH_JS_YAML_VERSION" >"$_mods/npm.log" 2>&1; then
			echo "npm could not install ajv@$BENCH_AJV_VERSION and" \
				"js-yaml@$BENCH_JS_YAML_VERSION ($(tail -n 1 "$_mods/npm.log"))" >&2
			return 1
		fi
	fi
	(cd "$_mods/node_modules" && pwd)
}

# bench_module_version MODULES NAME: the version of an installed package.
bench_module_version() {
	node -p "require('$1/$2/package.json').version" 2>/dev/null || echo '?'
}
