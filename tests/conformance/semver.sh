#!/bin/sh
# semver.sh: mcpc version-match against node-semver, the reference for npm
# ranges. Installs semver from the npm registry into a temporary folder
# (never into the repository), generates thousands of version/range pairs
# from a fixed seed, and compares the answers line by line. An invalid
# version or range must be an error on both sides (node: valid() or
# validRange() is null). Skips with a message when node or npm is missing.
# The last line is "N passed, N failed".
set -u
. "$(dirname "$0")/compare.sh"
BUILD=${BUILD:-build}
MCPC=${MCPC:-$BUILD/mcpc}
PAIRS=${PAIRS:-8000}
SEMVER_VERSION=${SEMVER_VERSION:-7.8.6}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "semver differential: skipped: node or npm is not installed"
	exit 0
fi
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && npm install --silent --no-audit --no-fund \
	"semver@$SEMVER_VERSION" >/dev/null 2>&1); then
	echo "semver differential: skipped: npm could not install semver@$SEMVER_VERSION"
	exit 0
fi

cat >"$tmp/gen.js" <<'JS'
// Pairs from a fixed seed, then node-semver's answers for them.
const semver = require('semver')
let seed = 20261126
// mulberry32: every bit is usable (a plain LCG's low bits repeat)
const rnd = n => {
  seed = (seed + 0x6D2B79F5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return (((t ^ (t >>> 14)) >>> 0) % n)
}
const pick = a => a[rnd(a.length)]
const nums = ['0', '1', '2', '3', '5', '10', '0', '1', '2']
const pres = ['alpha', 'beta.1', 'rc.0', '0', 'alpha.beta', 'beta.11', 'beta.2', 'x-y.2', '1']
const builds = ['b1', 'exp.sha.5', '001']
const badVersions = ['1.2', '01.2.3', '1.2.3.4', 'x.y.z', '', ' ', '1.2.3-01', '=1.2.3',
  '1.2.3-', 'v', '1.2.3+', '9007199254740992.0.0', '1.2.-3']
function version () {
  if (rnd(25) === 0) return pick(badVersions)
  let v = `${pick(nums)}.${pick(nums)}.${pick(nums)}`
  if (rnd(3) === 0) v += '-' + pick(pres)
  if (rnd(8) === 0) v += '+' + pick(builds)
  if (rnd(10) === 0) v = 'v' + v
  if (rnd(15) === 0) v = ' ' + v + ' '
  return v
}
function partial () {
  const k = rnd(14)
  const n = () => pick(nums)
  const x = () => pick(['x', 'X', '*', n(), n()])
  if (k === 0) return pick(['*', 'x', ''])
  if (k === 1) return n()
  if (k === 2) return `${n()}.${x()}`
  if (k === 3) return `${n()}.${n()}.${x()}`
  if (k === 4) return `${n()}.${n()}.${n()}-${pick(pres)}`
  if (k === 5) return pick(['v', '=', '']) + `${n()}.${n()}.${n()}`
  if (k === 6 && rnd(3) === 0) return `${x()}.${x()}.${x()}`
  if (k === 7) return `${n()}.${n()}.${n()}+${pick(builds)}`
  return `${n()}.${n()}.${n()}`
}
function atom () {
  const op = pick(['', '', '=', '<', '<=', '>', '>=', '~', '~>', '^', '^'])
  const sp = rnd(6) === 0 ? ' ' : ''
  return op + sp + partial()
}
const junk = ['', '  ', '>', '1.2.3.4', 'blah', '>=1.2.3 <', 'x.1', '1.*.3', '~1.2.3.4',
  '^', '<=*', '>*', '1.2.3 -2.0.0', '||', '1.0.0 ||| 2.0.0', '>=01.2.3', '^0.0.0-0']
function range () {
  if (rnd(40) === 0) return pick(junk)
  const alts = []
  const na = 1 + rnd(3)
  for (let i = 0; i < na; i++) {
    // a hyphen range is a whole alternative; elsewhere it is an error
    if (rnd(6) === 0) { alts.push(`${partial()} - ${partial()}`); continue }
    const parts = []
    const np = 1 + rnd(3)
    for (let j = 0; j < np; j++) parts.push(atom())
    alts.push(parts.join(pick([' ', ' ', '  '])))
  }
  return alts.join(pick([' || ', '||', ' ||  ']))
}
// a version made of the range's own numbers: near its bounds
function near (r) {
  const d = r.match(/\d+/g)
  if (!d || d.length < 3) return version()
  const i = rnd(d.length - 2)
  let v = `${d[i]}.${d[i + 1]}.${d[i + 2]}`
  if (rnd(3) === 0) v += '-' + pick(pres)
  return v
}
const n = +process.argv[2]
const pairs = []
const answers = []
for (let i = 0; i < n; i++) {
  const r = range(); const v = rnd(2) ? version() : near(r)
  if (v.includes('\t') || r.includes('\t')) continue
  pairs.push(`${v}\t${r}`)
  let a
  if (semver.valid(v) === null || semver.validRange(r) === null) a = 'error'
  else a = semver.satisfies(v, r) ? 'true' : 'false'
  answers.push(a)
}
require('fs').writeFileSync(process.argv[3], pairs.join('\n') + '\n')
require('fs').writeFileSync(process.argv[4], answers.join('\n') + '\n')
JS

(cd "$tmp" && node gen.js "$PAIRS" pairs.tsv node.txt) || {
	echo "semver differential: the generator failed"
	echo "0 passed, 1 failed"
	exit 1
}
compare_answers semver "semver $SEMVER_VERSION" "$tmp/pairs.tsv" "$tmp/node.txt"
