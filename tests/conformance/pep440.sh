#!/bin/sh
# pep440.sh: mcpc version-match --scheme pep440 against Python's
# "packaging" (Debian's python3-packaging), the reference for PEP 440:
# thousands of version/specifier pairs from a fixed seed, compared line by
# line (true, false, or error on both sides). Skips with a message when
# python3 with packaging is missing. The last line is "N passed, N failed".
set -u
. "$(dirname "$0")/compare.sh"
BUILD=${BUILD:-build}
MCPC=${MCPC:-$BUILD/mcpc}
PAIRS=${PAIRS:-8000}

py=""
for p in /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import packaging.specifiers' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "pep440 differential: skipped: python3 with packaging (Debian: python3-packaging) is not installed"
	exit 0
fi
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT

cat >"$tmp/gen.py" <<'PY'
import random, sys
import packaging
from packaging.version import Version
from packaging.specifiers import SpecifierSet
rnd = random.Random(20261126)
nums = ['0', '1', '2', '3', '5', '10', '01', '0', '1', '2']
def release(k=None):
    k = k or rnd.choice([1, 2, 2, 3, 3, 4])
    return '.'.join(rnd.choice(nums) for _ in range(k))
def suffix():
    s = ''
    if rnd.random() < 0.3:
        s += rnd.choice(['', '.', '-', '_']) + rnd.choice(['a', 'b', 'c', 'rc', 'alpha', 'beta', 'pre', 'preview', 'RC']) + rnd.choice(['', '1', '0', '2', '.3', '-1'])
    if rnd.random() < 0.25:
        s += rnd.choice(['.post1', '-1', 'post', '.post', '-post2', 'rev3', '.r1', '_post0'])
    if rnd.random() < 0.2:
        s += rnd.choice(['.dev0', 'dev', '.dev3', '-dev1', '_dev'])
    return s
def version():
    if rnd.random() < 0.04:
        return rnd.choice(['1.0-', 'foo', '', '1..0', '1.0+', '1.0+a..b', 'v', '1!', '1.0.*', '1.0 1', '1.0a1a'])
    v = release() + suffix()
    if rnd.random() < 0.1:
        v = rnd.choice(['1!', '2!', '0!']) + v
    if rnd.random() < 0.1:
        v += '+' + rnd.choice(['local', 'ubuntu.1', 'abc-1', '7', 'A.B'])
    if rnd.random() < 0.05:
        v = 'v' + v
    if rnd.random() < 0.05:
        v = ' ' + v + ' '
    return v
def spec():
    op = rnd.choice(['==', '==', '!=', '>=', '>=', '<=', '<', '>', '~=', '~=', '==='])
    if op in ('==', '!=') and rnd.random() < 0.3:
        return op + release() + '.*'
    if op == '===':
        return op + rnd.choice([release(), release() + suffix()])
    v = release(2 if op == '~=' and rnd.random() < 0.7 else None) + suffix()
    if op in ('==', '!=') and rnd.random() < 0.1:
        v += '+local'
    return op + rnd.choice(['', ' ']) + v
def specset():
    if rnd.random() < 0.03:
        return rnd.choice(['', ' ', '>=1.0 <2', '=>1', '==1.0.*.*', '~=1', '>1.0.*', '<=1.0+local', ',', '>=1,,<2'])
    n = rnd.choice([1, 1, 2, 2, 3])
    return rnd.choice([',', ', ', ' ,']).join(spec() for _ in range(n))
def near(s):
    import re
    d = re.findall(r'[0-9]+', s)
    if len(d) < 2:
        return version()
    return '.'.join(d[:rnd.choice([1, 2, 3])]) + suffix()
n = int(sys.argv[1])
pairs, answers = [], []
while len(pairs) < n:
    s = specset()
    v = near(s) if rnd.random() < 0.5 else version()
    if '\t' in v or '\t' in s:
        continue
    try:
        ver = Version(v)
        ss = SpecifierSet(s)
        a = 'true' if ss.contains(ver) else 'false'
    except Exception:
        a = 'error'
    pairs.append(v + '\t' + s)
    answers.append(a)
open(sys.argv[2], 'w').write('\n'.join(pairs) + '\n')
open(sys.argv[3], 'w').write('\n'.join(answers) + '\n')
print(packaging.__version__)
PY

ver=$("$py" "$tmp/gen.py" "$PAIRS" "$tmp/pairs.tsv" "$tmp/py.txt") || {
	echo "pep440 differential: the generator failed"
	echo "0 passed, 1 failed"
	exit 1
}
compare_answers pep440 "packaging $ver" "$tmp/pairs.tsv" "$tmp/py.txt"
