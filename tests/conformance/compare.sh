# compare.sh: sourced by the differential tests. compare_answers SCHEME
# REFERENCE PAIRS ANSWERS: mcpc answers the VERSION<TAB>RANGE lines of
# PAIRS; its answers (true, false, error) are compared line by line with
# the reference's in ANSWERS. Prints the first 20 mismatches, a summary,
# and "N passed, N failed" last.
compare_answers() {
	"$MCPC" version-match --scheme "$1" --batch <"$3" | cut -d: -f1 >"$3.mcpc"
	paste "$3" "$4" "$3.mcpc" | awk -F '\t' -v ref="$2" '
	{ seen[$3]++ }
	$3 == $4 { pass++; next }
	{ fail++; if (fail <= 20) printf "MISMATCH version=[%s] range=[%s] reference=%s mcpc=%s\n", $1, $2, $3, $4 }
	END { printf "%s: %d pairs compared (reference: %d true, %d false, %d error)\n", ref, pass + fail, seen["true"], seen["false"], seen["error"]
	      printf "%d passed, %d failed\n", pass, fail }'
}
