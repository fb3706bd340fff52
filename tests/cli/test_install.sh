# make install, staged (DESTDIR, PREFIX=/usr), as a packager runs it: the
# files land where they should, the shared library has its soname, and
# examples/predict.c builds from the installed headers and ser.pc alone
# (pkg-config --cflags --libs ser) and predicts what `ser predict` does.
# Then make uninstall leaves nothing behind.
. tests/cli/lib.sh
S="$T/stage"
# a make of its own: nothing of the outer make's state (jobserver,
# command-line variables, the MODELDIR the tests get) leaks in; BUILD is
# up to date, so this only copies
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MODELDIR make -s BUILD="$BUILD" "$@"; }

expect_ok "make install DESTDIR PREFIX=/usr" mk install DESTDIR="$S" PREFIX=/usr
U="$S/usr"
v=$(sed -n 's/^#define SER_VERSION "\(.*\)"/\1/p' include/ser/version.h)
for f in bin/ser lib/libser.a lib/libser.so.$v lib/pkgconfig/ser.pc \
	include/ser.h include/ser/version.h share/ser/models/default.ser \
	share/man/man1/ser.1 share/man/man1/ser-predict.1 \
	share/bash-completion/completions/ser; do
	[ -f "$U/$f" ] && ok "installed $f" || notok "installed $f" "$(ls -R "$U" | head -40)"
done
expect_eq "libser.so.0 -> libser.so.$v" "$(readlink "$U/lib/libser.so.0")" "libser.so.$v"
expect_eq "libser.so -> libser.so.$v" "$(readlink "$U/lib/libser.so")" "libser.so.$v"
expect_eq "soname libser.so.0" \
	"$(readelf -d "$U/lib/libser.so.$v" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')" libser.so.0
expect_eq "the public headers, no private one" \
	"$(ls "$U/include/ser")" "$(ls include/ser)"
for c in $("$SER" --help | awk '/^Commands:/ { on = 1; next }
	on && /^  [a-z]/ { print $1; next } on { exit }'); do
	[ -f "$U/share/man/man1/ser-$c.1" ] && ok "man page ser-$c.1" ||
		notok "man page ser-$c.1"
done
expect_grep "man pages name the installed model directory" \
	"/usr/share/ser/models/default.ser" "$U/share/man/man1/ser-predict.1"
expect_ok "installed ser runs" "$U/bin/ser" --version

# pkg-config on the staged tree: ser.pc relocated to it, the way a
# packager's sysroot would; the other packages' .pc files stay the system's
mkdir -p "$T/pc"
sed "s|^prefix=.*|prefix=$U|" "$U/lib/pkgconfig/ser.pc" >"$T/pc/ser.pc"
export PKG_CONFIG_PATH="$T/pc"
expect_ok "pkg-config --modversion ser" pkg-config --modversion ser
expect_eq "ser.pc version" "$(cat "$OUT")" "$v"
pkg-config --static --libs ser >"$OUT" 2>&1
expect_grep "static link line has libcsv" " -lcsv" "$OUT"
expect_grep "static link line has libsndfile" " -lsndfile" "$OUT"
expect_ok "examples/predict.c builds with pkg-config alone" \
	${CC:-cc} -std=c11 -Wall -Wextra -Werror $SAN -o "$T/predict" \
	examples/predict.c $(pkg-config --cflags --libs ser)
expect_eq "examples/predict.c has at most 45 lines" \
	"$([ "$(wc -l <examples/predict.c)" -le 45 ] && echo yes)" yes

M="$U/share/ser/models/default.ser"
LD_LIBRARY_PATH="$U/lib" "$T/predict" "$M" tests/data/*.wav >"$T/ex.csv" 2>"$ERR"
expect_eq "example exit status" "$?" 0
expect_eq "example runs the installed libser" \
	"$(LD_LIBRARY_PATH="$U/lib" ldd "$T/predict" | sed -n 's/.*libser.so.0 => \([^ ]*\).*/\1/p')" \
	"$U/lib/libser.so.0"
# the same files and numbers: ser predict's 9 digits rounded to the
# example's 4 may differ from the example's own rounding in the last digit
"$SER" predict -q -m "$M" tests/data/*.wav | cut -d, -f1-3 >"$T/cli.csv"
expect_eq "example prints what ser predict does" "$(paste -d, "$T/ex.csv" "$T/cli.csv" |
	awk -F, 'NR == 1 { if ($0 != "file,valence,arousal,file,valence,arousal") print "header: " $0; next }
		$1 != $4 || ($2 - $5) ^ 2 > 0.6e-4 ^ 2 || ($3 - $6) ^ 2 > 0.6e-4 ^ 2 { print "differs: " $0 }')" ""
expect_eq "example: one row per wav" "$(wc -l <"$T/ex.csv")" \
	$(( $(ls tests/data/*.wav | wc -l) + 1 ))
expect_fail "example: an unreadable file is reported, exit 1" 1 \
	"predict: tests/data/bad/notaudio.wav: not a readable audio file" \
	env LD_LIBRARY_PATH="$U/lib" "$T/predict" "$M" tests/data/bell.wav \
	tests/data/bad/notaudio.wav
expect_grep "example: the good file still predicted" "^tests/data/bell.wav," "$OUT"
expect_fail "example: a missing model" 1 "predict: .*nope.ser" \
	env LD_LIBRARY_PATH="$U/lib" "$T/predict" "$T/nope.ser" tests/data/bell.wav

expect_ok "make uninstall" mk uninstall DESTDIR="$S" PREFIX=/usr
expect_eq "uninstall leaves no file" "$(find "$S" ! -type d)" ""
