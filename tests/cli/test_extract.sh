# ser extract: CSV layout, order, -o/-j/-r, and every kind of bad input
# (named on stderr, skipped, the others still written, exit 1).
. tests/cli/lib.sh
D=tests/data
GOOD="$D/bell.wav $D/noise.wav $D/short.wav"

expect_ok "extract --help" "$SER" extract --help
expect_grep "help lists -j" "--jobs" "$OUT"
expect_fail "no PATH is a usage error" 2 "no PATH" "$SER" extract
expect_fail "-j 0 is a usage error" 2 "--jobs" "$SER" extract -j 0 $D/bell.wav

# shellcheck disable=SC2086
expect_ok "extract three files" "$SER" extract -q $GOOD
cp "$OUT" "$T/three.csv"
expect_eq "header + 3 rows" "$(wc -l <"$T/three.csv" | tr -d ' ')" 4
expect_eq "75 columns" "$(head -1 "$T/three.csv" | tr ',' '\n' | wc -l | tr -d ' ')" 75
expect_grep "header order" "^file,rms_mean,rms_std,zerocross_mean,.*,mfcc_mean_1,.*,mfcc_std_13,chromagram_mean_1,.*,loudness_mean,loudness_std,energy_mean,energy_std,perceptual_sharp_mean,perceptual_sharp_std,spectral_slope_mean,spectral_slope_std$" "$T/three.csv"
expect_eq "rows in input order" "$(cut -d, -f1 "$T/three.csv" | tail -n +2 | tr '\n' ' ')" "$GOOD "
if grep -Eiq 'nan|inf' "$T/three.csv"; then notok "no NaN/Inf in output"; else ok "no NaN/Inf in output"; fi

# shellcheck disable=SC2086
expect_ok "-o writes the file" "$SER" extract -q -o "$T/o.csv" $GOOD
if cmp -s "$T/o.csv" "$T/three.csv"; then ok "-o == stdout"; else notok "-o == stdout"; fi
if ls "$T"/o.csv.tmp.* >/dev/null 2>&1; then notok "no temp file left"; else ok "no temp file left"; fi
# shellcheck disable=SC2086
expect_ok "-j 3" "$SER" extract -q -j 3 $GOOD $GOOD
# shellcheck disable=SC2086
"$SER" extract -q -j 1 $GOOD $GOOD >"$T/j1.csv"
if cmp -s "$OUT" "$T/j1.csv"; then ok "-j 3 == -j 1, same order"; else notok "-j 3 == -j 1, same order"; fi

# directories: only audio, sorted; -r descends
mkdir -p "$T/dir/sub"
cp $D/short.wav "$T/dir/b.wav"
cp $D/click.wav "$T/dir/a.wav"
cp $D/bell.wav "$T/dir/sub/c.wav"
echo "not audio" >"$T/dir/notes.txt"
expect_ok "directory" "$SER" extract -q "$T/dir"
expect_eq "directory: audio files, sorted, no recursion" \
	"$(cut -d, -f1 "$OUT" | tail -n +2 | tr '\n' ' ')" "$T/dir/a.wav $T/dir/b.wav "
ln -s .. "$T/dir/sub/loop"
expect_ok "directory -r" "$SER" extract -q -r "$T/dir"
expect_eq "-r includes sub/" \
	"$(cut -d, -f1 "$OUT" | tail -n +2 | tr '\n' ' ')" "$T/dir/a.wav $T/dir/b.wav $T/dir/sub/c.wav "

# bad inputs, each between two good files
B=$D/bad
check_bad() { # NAME FILE REGEX
	expect_fail "bad input: $1" 1 "^ser: $2: $3" "$SER" extract -q -o "$T/bad.csv" $D/bell.wav "$2" $D/short.wav
	expect_eq "bad input: $1: others written" \
		"$(cut -d, -f1 "$T/bad.csv" | tail -n +2 | tr '\n' ' ')" "$D/bell.wav $D/short.wav "
	expect_eq "bad input: $1: one error line" "$(wc -l <"$ERR" | tr -d ' ')" 1
}
check_bad "missing file" "$T/nope.wav" "No such file"
check_bad "truncated WAV" "$B/truncated.wav" "truncated"
check_bad "zero-length WAV" "$B/zero.wav" "no audio frames"
check_bad "empty file" "$B/empty.wav" "empty file"
check_bad "text file" "$B/notaudio.wav" "not a readable audio file"
check_bad "NaN sample" "$B/nan.wav" "sample 1234 \(channel 1\) is NaN"
check_bad "Inf sample" "$B/inf.wav" "sample 3000 \(channel 1\) is infinite"
check_bad "5000 channels" "$B/channels.wav" "(absurd header|not a readable audio file \(Too many channels)"
check_bad "0 channels" "$B/channels0.wav" "(absurd header|not a readable audio file \(Channel count is zero)"
check_bad "0 Hz" "$B/rate0.wav" "(absurd header|not a readable audio file)"
check_bad "50 MHz" "$B/rate50M.wav" "absurd header: sample rate 50000000 Hz"
check_bad "non-audio .txt named explicitly" "$T/dir/notes.txt" "not a readable audio file"

# all bad: header only, exit 1; unreadable output directory: exit 1
expect_fail "all inputs bad" 1 "nope" "$SER" extract -q "$T/nope.wav"
expect_eq "all bad: header only" "$(wc -l <"$OUT" | tr -d ' ')" 1
expect_fail "output in a missing directory" 1 "cannot write" "$SER" extract -q -o "$T/no/dir/x.csv" $D/short.wav

# an interrupted extract -o removes its temp file: the output is open for
# the whole extraction, which is long on a long recording. 1920 s at 1 kHz:
# 85 M samples after resampling, tens of seconds of work, so the signal
# always comes first.
LONG_BYTES=3840000
{
	printf 'RIFF'; le32 $((36 + LONG_BYTES)); printf 'WAVEfmt '
	le32 16; printf '\001\000\001\000'; le32 1000; le32 2000
	printf '\002\000\020\000data'; le32 $LONG_BYTES
	head -c $LONG_BYTES /dev/zero
} >"$T/long.wav"
"$SER" extract -q -o "$T/int.csv" "$T/long.wav" 2>"$ERR" &
pid=$!
i=0
while [ $i -lt 200 ] && ! ls "$T"/int.csv.tmp.* >/dev/null 2>&1; do
	sleep 0.05
	i=$((i + 1))
done
kill -TERM $pid
wait $pid
expect_eq "SIGTERM ends extract -o with the signal's status" $? 143
if ls "$T"/int.csv* >/dev/null 2>&1; then
	notok "interrupted extract -o leaves no temp file" "$(ls "$T")"
else ok "interrupted extract -o leaves no temp file"; fi

# -o into something that is not a regular file (a named pipe here; the
# same goes for /dev/stdout or /dev/null) is written into, not replaced:
# renaming a temp file over it would swap the node for a plain file
mkfifo "$T/fifo"
timeout 20 cat "$T/fifo" >"$T/fifo.out" &
reader=$!
timeout 20 "$SER" extract -q -o "$T/fifo" tests/data/bell.wav 2>"$ERR"
rc=$?
if [ -p "$T/fifo" ]; then ok "-o FIFO: still a FIFO"
else notok "-o FIFO: still a FIFO" "replaced by: $(ls -l "$T/fifo")"; kill $reader 2>/dev/null; fi
wait $reader
expect_eq "-o FIFO: exit 0" $rc 0
"$SER" extract -q tests/data/bell.wav >"$T/fifo.want"
if cmp -s "$T/fifo.out" "$T/fifo.want"; then ok "-o FIFO: the CSV came through"
else notok "-o FIFO: the CSV came through" "$(head -c 300 "$ERR")"; fi
if ls "$T"/fifo.tmp.* >/dev/null 2>&1; then notok "-o FIFO: no temp file"
else ok "-o FIFO: no temp file"; fi

# -j: each bad file is reported with its own reason. libsndfile keeps
# sf_open's error in one process-wide variable, which a concurrent open
# overwrote ("not a readable audio file (No Error.)", about 1 in 20 at -j 8)
mkdir -p "$T/race"
i=0
while [ $i -lt 150 ]; do
	echo "not audio $i" >"$T/race/t$i.wav"
	cp "$D/bad/channels0.wav" "$T/race/c$i.wav"
	i=$((i + 1))
done
"$SER" extract -q -j 8 "$T/race" >/dev/null 2>"$ERR"
expect_eq "-j 8: 300 bad files, 300 errors" "$(wc -l <"$ERR" | tr -d ' ')" 300
expect_eq "-j 8: no 'No Error.' reasons" "$(grep -c 'No Error' "$ERR")" 0
expect_eq "-j 8: every text file: format not recognised" \
	"$(grep -c '/t[0-9]*\.wav: not a readable audio file (Format not recognised' "$ERR")" 150

# -o creates its file as any file is created, under the umask, and keeps
# an existing file's permissions (it used to force 0644)
(umask 077 && "$SER" extract -q -o "$T/private.csv" tests/data/bell.wav)
expect_eq "-o under umask 077: mode 600" "$(stat -c %a "$T/private.csv")" 600
(umask 022 && "$SER" extract -q -o "$T/shared.csv" tests/data/bell.wav)
expect_eq "-o under umask 022: mode 644" "$(stat -c %a "$T/shared.csv")" 644
chmod 640 "$T/shared.csv"
(umask 022 && "$SER" extract -q -o "$T/shared.csv" tests/data/bell.wav)
expect_eq "-o over a 640 file keeps 640" "$(stat -c %a "$T/shared.csv")" 640
