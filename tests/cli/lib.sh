# tests/cli/lib.sh - sourced by CLI test scripts. Each check prints
# "ok - NAME" or "not ok - NAME" (TAP-like); tests/run.sh tallies them.
# $SER is the binary, $SHARED the shared/ folder, $SER_TEST_TMP scratch.
: "${SER:=build/ser}" "${SHARED:=../shared}"
: "${SER_TEST_TMP:=$(mktemp -d)}"
T=$(mktemp -d "$SER_TEST_TMP/cli.XXXXXX")
OUT="$T/.out"
ERR="$T/.err"

ok() { echo "ok - $1"; }
# skip NAME REASON: a check that cannot run on this machine (no
# pseudo-terminal, gnuplot or peer). Never a failure; tests/run.sh counts
# and lists skips apart, with their reasons, before its last line.
skip() { echo "ok - $1 # skip: $2"; }

# have_pty: script(1) exists and can create a pseudo-terminal (a container
# without /dev/pts cannot: "failed to create pseudo-terminal")
have_pty() {
	command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1
}
# have_gnuplot: the gnuplot ser would run ($SER_GNUPLOT, else on PATH)
have_gnuplot() {
	g=${SER_GNUPLOT:-gnuplot}
	case $g in
	*/*) [ -x "$g" ] ;;
	*) command -v "$g" >/dev/null 2>&1 ;;
	esac
}
# A JSON result without its meta.command (which records -j, -o, ...):
# files given, or stdin. For comparing runs whose command lines differ.
nocmd() { sed 's/"command":"[^"]*",//' "$@"; }
notok() { echo "not ok - $1"; shift; for l in "$@"; do echo "#   $l"; done; }

# le32 N: N as 4 little-endian bytes (for hand-made WAV headers)
le32() {
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) \
		$(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)))"
}

# expect_ok NAME CMD...: exits 0
expect_ok() {
	name=$1; shift
	if "$@" >"$OUT" 2>"$ERR"; then ok "$name"
	else notok "$name" "exit $? from: $*" "stderr: $(head -c 600 "$ERR")"; fi
}

# expect_fail NAME STATUS REGEX CMD...: exits STATUS, stderr matches REGEX
expect_fail() {
	name=$1; want=$2; re=$3; shift 3
	"$@" >"$OUT" 2>"$ERR"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		notok "$name" "exit $rc, wanted $want, from: $*" "stderr: $(head -c 600 "$ERR")"
	elif ! grep -Eq -- "$re" "$ERR"; then
		notok "$name" "stderr does not match /$re/" "stderr: $(head -c 600 "$ERR")"
	else ok "$name"; fi
}

# expect_grep NAME REGEX FILE: FILE has a line matching REGEX
expect_grep() {
	if grep -Eq -- "$2" "$3"; then ok "$1"
	else notok "$1" "no line matching /$2/ in $3" "$(head -c 600 "$3")"; fi
}

# expect_eq NAME GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "got '$2', wanted '$3'"; fi
}
