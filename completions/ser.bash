# bash completion for ser. Commands and options are read from ser's own
# --help (`ser --help`, `ser CMD --help`), so completion knows every option
# the installed binary has and never needs updating by hand.
# the commands `ser --help` lists
_ser_commands()
{
	"$1" --help 2>/dev/null | awk '/^Commands:/ { on = 1; next }
		on && /^  [a-z]/ { print $1; next } on { exit }'
}

_ser()
{
	local cur prev cmd words
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$(_ser_commands "$1") --help --version" -- "$cur"))
		return
	fi
	cmd=${COMP_WORDS[1]}
	if [ "$cmd" = help ] && [ "$COMP_CWORD" -eq 2 ]; then  # ser help CMD
		COMPREPLY=($(compgen -W "$(_ser_commands "$1")" -- "$cur"))
		return
	fi
	case $prev in
	-o|--output|-m|--model|--features-csv|--labels|--cache|--plot|--dataset|\
	--tfjs-valence|--tfjs-arousal)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--format|--normalize)
		COMPREPLY=($(compgen -W "$("$1" "$cmd" --help 2>/dev/null |
			sed -n "s/.*$prev[ =]\([a-z|]*\).*/\1/p" | head -1 |
			tr '|' ' ')" -- "$cur"))
		return ;;
	esac
	if [[ $cur == -* ]]; then
		words=$("$1" "$cmd" --help 2>/dev/null |
			grep -oE -- '(^|[ ,[])--?[a-zA-Z][a-zA-Z0-9-]*' |
			sed 's/^[ ,[]//' | sort -u)
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _ser ser
