# Hostile tables (issue 9): a CSV cell holding a NUL byte, another control
# byte or invalid UTF-8 is an error naming file:line:column, in every
# command that reads a table; so is a number followed by junk.
. tests/cli/lib.sh

# the NUL cell once read as its numeric prefix 0.00206
printf 'file,valence,arousal\na.wav,0.00206\000junk,0.1\n' >"$T/nul.csv"
expect_fail "plot: NUL cell is an error" 1 \
	"nul.csv:2:2: NUL byte at byte 8 of the cell \(column valence\)" \
	"$SER" plot "$T/nul.csv" --terminal dumb
printf 'file,valence,arousal\na.wav,0.1,0.2\nb.wav,0.00206junk,0.1\n' >"$T/junk.csv"
expect_fail "plot: number followed by junk" 1 \
	"junk.csv:3:2: '0.00206junk' is not a finite number" \
	"$SER" plot "$T/junk.csv" --terminal dumb
printf 'file,valence,arousal\n"b\n\001.wav",0.1,0.2\n' >"$T/ctl.csv"
expect_fail "plot: control byte in a name, on its own line" 1 \
	"ctl.csv:3:1: control byte 0x01" "$SER" plot "$T/ctl.csv" --terminal dumb
printf 'file,valence,arousal\ncaf\351.wav,0.1,0.2\n' >"$T/latin1.csv"
expect_fail "plot: Latin-1 name is not UTF-8" 1 \
	"latin1.csv:2:1: invalid UTF-8 \(byte 0xE9\)" "$SER" plot "$T/latin1.csv" --terminal dumb

# training tables: labels and features
printf 'file,x\na.wav,1\nb.wav,2\nc.wav,3\n' >"$T/f.csv"
printf 'file,valence\na.wav,0.1\nb.wav,0.2\000\nc.wav,0.3\n' >"$T/l.csv"
expect_fail "train: NUL in a label" 1 "l.csv:3:2: NUL byte" \
	"$SER" train --features-csv "$T/f.csv" --labels "$T/l.csv" \
	--features all --model svr -o "$T/m.ser"
printf 'file,valence\na.wav,0.1\nb.wav,0.2\nc.wav,0.3\n' >"$T/l.csv"
printf 'file,x\na.wav,1\nb.wav,2\000\nc.wav,3\n' >"$T/f.csv"
expect_fail "train: NUL in a feature" 1 "f.csv:3:2: NUL byte" \
	"$SER" train --features-csv "$T/f.csv" --labels "$T/l.csv" \
	--features all --model svr -o "$T/m.ser"
if [ -e "$T/m.ser" ]; then notok "no model written on a bad table"
else ok "no model written on a bad table"; fi
