# The man pages in man/ are what scripts/gen-man.sh makes from the current
# --help of every command: a --help changed without `make man` fails here.
# They render without groff warnings, and the bash completion offers the
# commands and a command's options.
. tests/cli/lib.sh

MODELDIR="${MODELDIR:-/usr/local/share/ser/models}" \
	sh scripts/gen-man.sh "$SER" "$T/man" 2>"$ERR"
expect_eq "gen-man.sh runs" "$?" 0
expect_eq "man/ matches --help (run 'make man' and commit)" \
	"$(diff -r man "$T/man" 2>&1 | head -20)" ""
for f in man/*.1; do
	expect_eq "$f renders without warnings" \
		"$(groff -man -Tutf8 -ww -z "$f" 2>&1 | head -3)" ""
done
expect_grep "ser-extract.1 lists --jobs" '\\-\\-jobs' man/ser-extract.1

# completion: `ser pre<TAB>`, `ser cv --fo<TAB>`, `ser predict --format <TAB>`
comp() {
	bash -c '. completions/ser.bash; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_ser "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		echo "${COMPREPLY[*]}"' comp "$@"
}
expect_eq "completes commands" "$(comp "$SER" pre)" "predict"
expect_eq "completes a command's options" "$(comp "$SER" cv --fol)" "--folds"
expect_eq "completes --format values" "$(comp "$SER" predict --format j)" "json"
