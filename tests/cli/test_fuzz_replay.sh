# Replay every fuzz seed and every crash AFL++ once found
# (tests/fuzz/<target>/{seeds,regress}/) through the harnesses built with
# the normal compiler: under `make check-asan` a memory error fails here.
. tests/cli/lib.sh

n=0
for h in tests/fuzz/*.c; do
	t=$(basename "$h" .c)
	bin="$BUILD/fuzz/$t"
	if [ ! -x "$bin" ]; then
		notok "fuzz replay $t" "$bin not built"
		continue
	fi
	set --
	for f in "tests/fuzz/$t/seeds/"* "tests/fuzz/$t/regress/"*; do
		[ -f "$f" ] && set -- "$@" "$f"
	done
	n=$((n + $#))
	TMPDIR="$T" expect_ok "fuzz replay $t ($# inputs)" "$bin" "$@"
done
[ "$n" -gt 0 ] && ok "fuzz replay: $n inputs" || notok "fuzz replay: no inputs"
