# yamlstyle.awk: yamllint's default rules that concern how a file is laid
# out, for the YAML mcpc writes: a document start marker first, no tabs, no
# trailing spaces, lines of at most 80 characters (a line whose text after
# the indentation, a "- " or a "#" is one word may be longer, as
# allow-non-breakable-words allows), indentation in steps of two, a newline
# at the end and no empty lines there. Prints "FILE:LINE: rule" for each
# problem; the exit status is 1 when there is one.
function problem(what) { printf "%s:%d: %s\n", FILENAME, FNR, what; bad = 1 }
FNR == 1 && $0 != "---" { problem("document-start: the file does not begin with ---") }
/\t/ { problem("tabs") }
/ $/ { problem("trailing-spaces") }
length($0) > 80 {
	rest = $0
	sub(/^ */, "", rest)
	if (substr(rest, 1, 1) == "#") sub(/^#+ ?/, "", rest)
	else if (substr(rest, 1, 2) == "- ") rest = substr(rest, 3)
	if (index(rest, " ") > 0) problem("line-length: " length($0) " characters")
}
{
	match($0, /^ */)
	if (RLENGTH % 2 != 0) problem("indentation: " RLENGTH " spaces")
	empty = ($0 == "") ? empty + 1 : 0
}
END { if (empty > 0) { FNR = NR; problem("empty-lines at the end") } exit bad }
