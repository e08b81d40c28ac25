#!/bin/sh
# manpage.sh MCPC: the man page mcpc.1 on standard output, made from the
# command table ('mcpc --help') and each command's own help ('mcpc help
# COMMAND'), so that it says what the binary does. make builds it as
# build/mcpc.1; make install puts it in share/man/man1.
set -eu
mcpc=$1
version=$("$mcpc" --version | sed 's/^mcpc //')

# roff: a backslash doubled as \e, a line that starts with . or ' guarded,
# a hyphen as \- (so options copy and paste as typed)
esc() { sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }

cat <<EOF
.TH MCPC 1 "" "mcpc $version" "User Commands"
.SH NAME
mcpc \\- the MCP AI\\-102 deployment compiler and policy gate
.SH SYNOPSIS
.B mcpc
.I COMMAND
.RI [ options ]
.RI [ args ]
.SH DESCRIPTION
mcpc reads an AI inference deployment described in one YAML spec (NVIDIA
Triton on Kubernetes GPU node pools, an API gateway, microservices, a
config centre, observability), validates it against its JSON Schema,
checks every version against a compatibility matrix, checks RBAC and
security rules, and emits Helm values, Kubernetes manifests and a conflict
report. Every finding carries file:line:column. It works offline.
.PP
Options may come before or after the files;
.B \\-\\-
ends the options and
.B \\-
is standard input. A misspelt command or option is refused with the
nearest one mcpc knows.
.SH COMMANDS
EOF
"$mcpc" --help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p; s/^  \([a-z][a-z-]*\)$/\1/p' |
	while read -r cmd; do
		printf '.SS %s\n.nf\n' "$cmd"
		"$mcpc" help "$cmd" | esc
		printf '.fi\n'
	done
cat <<'EOF'
.SH EXIT STATUS
.TP
.B 0
clean: no finding at or above \-\-fail\-on
.TP
.B 1
findings at or above \-\-fail\-on (default error)
.TP
.B 2
bad usage, an unreadable file, or input that could not be used (a fatal
finding: malformed YAML or JSON, a limit exceeded, a broken rule pack)
.SH ENVIRONMENT
.TP
.B NO_COLOR
when set (and not empty), reports have no colour
.TP
.B TERM
.I dumb
turns colour off too
.TP
.B MCPC_TODAY
a date, YYYY\-MM\-DD, used instead of today's for waiver expiry and the
waiver horizon (tests, reproducible runs)
.SH FILES
.TP
.B .mcpc.yaml
the project file: spec globs, rule packs, matrix folders, the waivers file,
failOn, rule settings, groups and services; found from the current folder
upward to the top of the work tree
.TP
.B .mcpc\-waivers.yaml
waivers that expire, beside the project file
.TP
.B .mcpc\-cache/
lint's content cache at the top of the work tree (mcpc cache clear)
.TP
.B .pre\-commit\-hooks.yaml
the hooks mcpc offers the pre\-commit framework
.SH SEE ALSO
.BR git (1),
.BR helm (1),
.BR kubectl (1);
docs/cli.md and the other pages of docs/ in the source tree
EOF
