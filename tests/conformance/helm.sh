#!/bin/sh
# helm.sh: mcpc version-match --scheme helm against the Masterminds semver
# library (version 3), the reference for Helm's constraints. Builds a small
# Go program against Debian's golang-github-masterminds-semver-dev (no
# network) in a temporary folder, which generates thousands of
# version/constraint pairs from a fixed seed and answers them; mcpc answers
# the same pairs and the lines are compared. An invalid version or
# constraint must be an error on both sides. Skips with a message when Go
# or the library is missing. The last line is "N passed, N failed".
set -u
. "$(dirname "$0")/compare.sh"
BUILD=${BUILD:-build}
MCPC=${MCPC:-$BUILD/mcpc}
PAIRS=${PAIRS:-8000}
SEED=${SEED:-20261126}
GOSRC=${GOSRC:-/usr/share/gocode}

if ! command -v go >/dev/null 2>&1; then
	echo "helm differential: skipped: go is not installed"
	exit 0
fi
if [ ! -f "$GOSRC/src/github.com/Masterminds/semver/constraints.go" ]; then
	echo "helm differential: skipped: the Masterminds semver source is not in $GOSRC"
	exit 0
fi
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT

cat >"$tmp/gen.go" <<'GO'
// Pairs from a fixed seed, and the library's answers for them.
package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/Masterminds/semver"
)

var seed uint32 = 20261126

// mulberry32, as the npm differential test uses
func rnd(n int) int {
	seed += 0x6D2B79F5
	t := seed
	t = (t ^ (t >> 15)) * (1 | t)
	t = (t + (t^(t>>7))*(61|t)) ^ t
	return int((t ^ (t >> 14)) % uint32(n))
}

func pick(a []string) string { return a[rnd(len(a))] }

var nums = []string{"0", "1", "2", "3", "5", "10", "0", "1", "2"}
var pres = []string{"alpha", "beta.1", "rc.0", "0", "alpha.beta", "beta.11", "beta.2", "x-y.2", "1"}
var builds = []string{"b1", "exp.sha.5", "001"}
var badVersions = []string{"01.2.3", "1.2.3.4", "x.y.z", "", " ", "1.2.3-01", "=1.2.3",
	"1.2.3-", "v", "1.2.3+", "18446744073709551616.0.0", "1.2.-3", "1.2 "}

func version() string {
	if rnd(25) == 0 {
		return pick(badVersions)
	}
	v := pick(nums)
	if rnd(6) != 0 {
		v += "." + pick(nums)
		if rnd(5) != 0 {
			v += "." + pick(nums)
		}
	}
	if rnd(3) == 0 {
		v += "-" + pick(pres)
	}
	if rnd(8) == 0 {
		v += "+" + pick(builds)
	}
	if rnd(10) == 0 {
		v = "v" + v
	}
	return v
}

func partial() string {
	n := func() string { return pick(nums) }
	x := func() string { return pick([]string{"x", "X", "*", n(), n()}) }
	switch rnd(14) {
	case 0:
		return pick([]string{"*", "x", "X"})
	case 1:
		return n()
	case 2:
		return n() + "." + x()
	case 3:
		return n() + "." + n() + "." + x()
	case 4:
		return n() + "." + n() + "." + n() + "-" + pick(pres)
	case 5:
		return pick([]string{"v", ""}) + n() + "." + n() + "." + n()
	case 6:
		return x() + "." + x() + "." + x()
	case 7:
		return n() + "." + n() + "." + n() + "+" + pick(builds)
	case 8:
		return n() + "." + x() + "-" + pick(pres)
	}
	return n() + "." + n() + "." + n()
}

func atom() string {
	op := pick([]string{"", "", "=", "!=", "<", "<=", "=<", ">", ">=", "=>", "~", "~>", "^", "^"})
	sp := ""
	if rnd(5) == 0 {
		sp = " "
	}
	return op + sp + partial()
}

var junk = []string{"", "  ", ">", "1.2.3.4", "blah", ">=1.2.3 <", "x.1", "1.*.3",
	"~1.2.3.4", "^", "<=*", ">*", "1.2.3 -2.0.0", "||", "1.0.0 ||| 2.0.0", ">=01.2.3",
	"1|2", ">= 1.2,, <2", ", 1.2", "1.2 ,", "1.2 - ", "1 - 2 - 3", "v1.x - v2.x"}

func rangeText() string {
	if rnd(40) == 0 {
		return pick(junk)
	}
	var alts []string
	na := 1 + rnd(3)
	for i := 0; i < na; i++ {
		if rnd(6) == 0 {
			alts = append(alts, partial()+" - "+partial())
			continue
		}
		var parts []string
		np := 1 + rnd(3)
		for j := 0; j < np; j++ {
			parts = append(parts, atom())
		}
		alts = append(alts, strings.Join(parts, pick([]string{" ", ", ", ",", "  "})))
	}
	return strings.Join(alts, pick([]string{" || ", "||", " ||  "}))
}

var digits = regexp.MustCompile(`\d+`)

// a version made of the range's own numbers: near its bounds
func near(r string) string {
	d := digits.FindAllString(r, -1)
	if len(d) < 3 {
		return version()
	}
	i := rnd(len(d) - 2)
	v := d[i] + "." + d[i+1] + "." + d[i+2]
	if rnd(3) == 0 {
		v += "-" + pick(pres)
	}
	return v
}

func main() {
	n, _ := strconv.Atoi(os.Args[1])
	if s, err := strconv.ParseUint(os.Args[4], 10, 32); err == nil {
		seed = uint32(s)
	}
	pairs, _ := os.Create(os.Args[2])
	answers, _ := os.Create(os.Args[3])
	pw := bufio.NewWriter(pairs)
	aw := bufio.NewWriter(answers)
	for i := 0; i < n; i++ {
		r := rangeText()
		v := version()
		if rnd(2) == 0 {
			v = near(r)
		}
		fmt.Fprintf(pw, "%s\t%s\n", v, r)
		a := "error"
		if ver, err := semver.NewVersion(v); err == nil {
			if c, err := semver.NewConstraint(r); err == nil {
				a = strconv.FormatBool(c.Check(ver))
			}
		}
		fmt.Fprintln(aw, a)
	}
	pw.Flush()
	aw.Flush()
	pairs.Close()
	answers.Close()
}
GO

if ! (cd "$tmp" && GO111MODULE=off GOPATH="$GOSRC" GOCACHE="$tmp/cache" \
	go build -o gen gen.go >build.log 2>&1); then
	echo "helm differential: skipped: the Go program does not build against $GOSRC:"
	sed 's/^/  /' "$tmp/build.log" | head -5
	exit 0
fi
(cd "$tmp" && ./gen "$PAIRS" pairs.tsv go.txt "$SEED") || {
	echo "helm differential: the generator failed"
	echo "0 passed, 1 failed"
	exit 1
}
compare_answers helm "Masterminds semver" "$tmp/pairs.tsv" "$tmp/go.txt"
