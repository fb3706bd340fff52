# The public API: libser.so exports exactly the functions and data the
# headers in include/ser/ declare (all ser_*), the umbrella ser.h includes
# every one of them, and they compile as C++ (extern "C" guards). A header
# that forgets SER_API (export.h) after a merge fails here.
. tests/cli/lib.sh
LIB="$BUILD/libser.so"

# (ASan adds an __odr_asan.NAME twin of each exported variable)
nm -D --defined-only "$LIB" | awk '{print $3}' | grep -v '^__odr_asan' |
	sort >"$T/exported"
others=$(grep -v '^ser_' "$T/exported" | tr '\n' ' ')
expect_eq "libser.so exports only ser_* symbols" "$others" ""

# Every function the headers declare, as gcc sees them (-aux-info lists
# each prototype with the file that declares it; static inline ones are
# not exported and say "static").
printf '#include <ser.h>\n' >"$T/all.c"
if gcc -Iinclude $(pkg-config --cflags sndfile 2>/dev/null) -aux-info "$T/aux" \
	-c "$T/all.c" -o "$T/all.o" 2>"$ERR"; then
	grep '^/\* include/' "$T/aux" | grep -v '\*/ static ' |
		sed -n 's/^[^(]*[ *]\([A-Za-z_][A-Za-z0-9_]*\) (.*/\1/p' | sort -u >"$T/declared"
	n=$(wc -l <"$T/declared")
	[ "$n" -gt 100 ] && ok "headers declare $n functions" ||
		notok "headers declare $n functions" "$(head -c 600 "$T/aux")"
	missing=$(comm -23 "$T/declared" "$T/exported" | tr '\n' ' ')
	expect_eq "every declared function is exported (SER_API)" "$missing" ""
else
	notok "gcc -aux-info on ser.h" "$(head -c 600 "$ERR")"
fi
# extern data (feature and target names)
sed -n 's/^SER_API extern .*[ *]\([a-z_][a-z0-9_]*\)\[.*/\1/p' include/ser/*.h |
	sort -u >"$T/data"
expect_eq "extern data declared with SER_API" \
	"$(grep -h '^extern [^"]' include/ser/*.h | head -3)" ""
missing=$(comm -23 "$T/data" "$T/exported" | tr '\n' ' ')
expect_eq "every extern array is exported" "$missing" ""

# the umbrella includes every public header, each of which has the guards
missing=""
for h in include/ser/*.h; do
	grep -q "^#include \"ser/${h##*/}\"" include/ser.h || missing="$missing ${h##*/}"
done
expect_eq "ser.h includes every include/ser/*.h" "$missing" ""
missing=""
for h in include/ser/*.h; do
	[ "${h##*/}" = export.h ] && continue
	grep -q '^extern "C" {' "$h" || missing="$missing ${h##*/}"
done
expect_eq "every public header has extern \"C\" guards" "$missing" ""
expect_ok "ser.h compiles as C++" g++ -fsyntax-only -x c++ -Iinclude "$T/all.c"
expect_ok "ser.h compiles as strict C11" gcc -std=c11 -pedantic -Werror \
	-fsyntax-only -Iinclude "$T/all.c"

# no public header reaches into the private ones
expect_eq "public headers include no private header" "$(grep -En \
	'#include "(svr_smo|svr_kcache|features_filterbank|features_meyda|stats_welford|minmax|features_cache|dataset_impl|cv_run|plot_gnuplot)\.h"' \
	include/ser.h include/ser/*.h)" ""
