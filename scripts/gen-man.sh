#!/bin/sh
# gen-man.sh SER OUTDIR - write the man pages ser.1 and ser-CMD.1 (one per
# command `SER --help` lists) from the commands' own --help, so the manual
# says exactly what --help says. `make man` runs this into man/;
# tests/cli/test_man.sh regenerates into a scratch directory and diffs, so
# a --help change without `make man` fails the tests.
#
# Layout: NAME from the command list of `ser --help`, SYNOPSIS the Usage
# lines, DESCRIPTION the rest of --help verbatim (no-fill, so the option
# tables keep their columns). No date: the same help gives the same bytes.
#
# `ser predict --help` names the model directory compiled in (MODELDIR,
# from PREFIX): with $MODELDIR set to it, the pages say the default
# /usr/local/share/ser/models instead, so they do not depend on the build's
# PREFIX; `make install` writes the installed MODELDIR back into them.
set -eu
SER=$1
OUT=$2
mkdir -p "$OUT"
version=$("$SER" --version | sed 's/^ser //')
DEFAULT_MODELDIR=/usr/local/share/ser/models

# roff-escape stdin: backslashes, ASCII hyphens (so options stay
# searchable and copyable), and lines that would start a request
esc() {
	sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
}

# page NAME DESC: a man page from the help text on stdin
page() {
	name=$1
	desc=$2
	upper=$(printf '%s' "$name" | tr 'a-z' 'A-Z')
	help=$(if [ -n "${MODELDIR:-}" ]; then sed "s|$MODELDIR|$DEFAULT_MODELDIR|g"
		else cat; fi)
	{
		printf '.TH %s 1 "" "ser %s" "ser manual"\n' "$upper" "$version"
		printf '.SH NAME\n%s \\- %s\n' "$(printf '%s' "$name" | esc)" \
			"$(printf '%s' "$desc" | esc)"
		printf '.SH SYNOPSIS\n.nf\n'
		# the Usage line and its indented continuations
		printf '%s\n' "$help" | awk '
			NR == 1 { sub(/^Usage: /, ""); print; next }
			/^[ \t]/ && !done { sub(/^ +/, ""); print; next }
			{ done = 1 }' | esc
		printf '.fi\n.SH DESCRIPTION\n.nf\n'
		printf '%s\n' "$help" | awk '
			NR == 1 { next }
			/^[ \t]/ && !done { next }
			{ done = 1; print }' | esc
		printf '.fi\n.SH SEE ALSO\n'
		if [ "$name" = ser ]; then
			printf '%s\n' "$cmds" | sed 's/^\(.*\)$/\\fBser\\-\1\\fR(1)/' |
				sed '$!s/$/,/'
		else
			printf '\\fBser\\fR(1)\n'
		fi
	} >"$OUT/$name.1"
}

# "  extract        extract the 74 features ..." under "Commands:"
list=$("$SER" --help | awk '/^Commands:/ { on = 1; next }
	on && /^  [a-z]/ { print; next } on { exit }')
cmds=$(printf '%s\n' "$list" | awk '{ print $1 }')
"$SER" --help | page ser "sound emotion recognition"
printf '%s\n' "$list" | while read -r cmd desc; do
	"$SER" "$cmd" --help | page "ser-$cmd" "$desc"
done
