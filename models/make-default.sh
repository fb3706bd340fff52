#!/bin/sh
# models/make-default.sh - rebuild models/default.ser, the model `ser
# predict` uses when -m is omitted: the thesis's two published TF.js MLPs
# (valence, arousal) given frozen input ranges measured on a reference
# corpus of real sounds from Debian packages, in the robust feature space
# (ser-robust-v1); and models/default-meyda.ser, the same networks with
# ranges in the Meyda space (ser-meyda-v1). See models/README.md.
#
#   sh models/make-default.sh [SHARED_DIR]            (default ../shared)
#   sh models/make-default.sh --no-corpus [SHARED_DIR]
#
# With the corpus (the default): installs the sound packages (apt-get,
# idempotent; root or sudo), splits OpenSFX's sample catalogue into WAV
# files, runs `ser extract` over every clip in each space, writes
# models/reference-corpus.tsv (package, file, description) and
# models/reference-ranges.csv / reference-ranges-meyda.csv (per-feature
# 5th/95th percentiles, computed by ser import --ranges), and imports the
# networks with those ranges. --no-corpus skips all that and imports with
# the committed ranges files: the same models without installing anything.
#
# Deterministic: the corpus is listed in a fixed order and extracted in
# one ser run per space (rows in input order whatever -j is); the models
# differ only by their creation date, which SOURCE_DATE_EPOCH pins.
# Rerun it whenever the features of a space change (a new resampler
# changes them for the corpus's 16 and 22.05 kHz clips).
set -eu
cd "$(dirname "$0")/.."
CORPUS=1
if [ "${1:-}" = --no-corpus ]; then
	CORPUS=0
	shift
fi
SHARED=${1:-${SHARED:-../shared}}
WORK=${CORPUS_DIR:-build/corpus}
PKGS="sound-theme-freedesktop sound-icons yaru-theme-sound deepin-sound-theme
openttd-opensfx lbreakout2-data"
OPENSFX=/usr/share/games/openttd/baseset/opensfx/opensfx.cat

die() { echo "make-default: $*" >&2; exit 1; }

install_corpus() {
	missing=""
	for p in $PKGS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q "install ok installed" || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	echo "make-default: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing
}

u32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '; }

# OpenSFX ships its 73 sounds in one OpenTTD sample catalogue: a table of
# (offset | 0x80000000, size) pairs, and at each offset a length-prefixed
# description followed by a complete RIFF WAVE file of `size` bytes.
split_opensfx() {
	out=$1
	mkdir -p "$out"
	first=$(($(u32 "$OPENSFX" 0) & 0x7fffffff))
	i=0
	while [ $i -lt $((first / 8)) ]; do
		off=$(($(u32 "$OPENSFX" $((8 * i))) & 0x7fffffff))
		size=$(u32 "$OPENSFX" $((8 * i + 4)))
		nl=$(od -An -tu1 -j "$off" -N1 "$OPENSFX" | tr -d ' ')
		f=$(printf '%s/osfx_%02d.wav' "$out" $i)
		i=$((i + 1))
		# two entries are placeholders with no samples (a bare header)
		[ "$size" -gt 44 ] || continue
		dd if="$OPENSFX" of="$f" bs=65536 iflag=skip_bytes,count_bytes \
			skip=$((off + 1 + nl)) count="$size" 2>/dev/null
		[ "$(head -c 4 "$f")" = RIFF ] || die "$OPENSFX: entry $((i - 1)) is not a WAV file"
		# description: "Title". By Author. License: ...
		desc=$(dd if="$OPENSFX" bs=256 iflag=skip_bytes,count_bytes \
			skip=$((off + 1)) count="$nl" 2>/dev/null | tr -d '\0\t\n')
		printf 'openttd-opensfx\t%s\t%s\n' "$f" "$desc" >>"$WORK/list.tsv"
	done
}

# Regular files only (sound-icons has symlinked aliases of the same clips).
add_dir() {
	pkg=$1 dir=$2
	for f in "$dir"/*; do
		[ -f "$f" ] && [ ! -L "$f" ] || continue
		case $f in *.wav|*.oga|*.ogg) ;; *) continue ;; esac
		printf '%s\t%s\t\n' "$pkg" "$f" >>"$WORK/list.tsv"
	done
}

make -s build/ser

RANGES=models/reference-ranges.csv
RANGES_MEYDA=models/reference-ranges-meyda.csv
RANGES_OUT=
if [ $CORPUS -eq 1 ]; then
	install_corpus
	rm -rf "$WORK"
	mkdir -p "$WORK"
	: >"$WORK/list.tsv"
	add_dir sound-theme-freedesktop /usr/share/sounds/freedesktop/stereo
	add_dir sound-icons /usr/share/sounds/sound-icons
	add_dir yaru-theme-sound /usr/share/sounds/Yaru/stereo
	add_dir deepin-sound-theme /usr/share/sounds/deepin/stereo
	add_dir lbreakout2-data /usr/share/games/lbreakout2/sounds
	split_opensfx "$WORK/opensfx"
	echo "make-default: extracting $(wc -l <"$WORK/list.tsv") clips"
	for space in robust meyda; do
		cut -f2 "$WORK/list.tsv" | tr '\n' '\0' |
			xargs -0 build/ser extract -q -j 2 --space $space \
				-o "$WORK/features-$space.csv"
		# one ser run must have seen every clip (xargs could split the list)
		[ "$(($(wc -l <"$WORK/features-$space.csv") - 1))" -eq "$(wc -l <"$WORK/list.tsv")" ] ||
			die "$WORK/features-$space.csv does not hold one row per clip"
	done
	{
		printf 'package\tfile\tdescription\n'
		sed "s|^\([^\t]*\)\t$WORK/|\1\t|" "$WORK/list.tsv"
	} >models/reference-corpus.tsv
	RANGES="$WORK/features-robust.csv"
	RANGES_MEYDA="$WORK/features-meyda.csv"
	RANGES_OUT=1
fi

# import SPACE RANGES RANGES_OUT MODEL
import() {
	[ -f "$2" ] || die "$2 missing"
	build/ser import \
		--tfjs-valence "$SHARED/thesis-models/valence" \
		--tfjs-arousal "$SHARED/thesis-models/arousal" \
		--data "Emo-Soundscapes, all 1213 clips, 74 MIRtoolbox/YAAFE features of Normalized_Features.csv (thesis final MLPs: 100 epochs, batch 32)" \
		--ranges "$2" --space "$1" \
		--ranges-name "models/reference-corpus.tsv: sound effects and UI sounds from six Debian packages" \
		${RANGES_OUT:+--ranges-out "$3"} \
		-o "$4"
}
import robust "$RANGES" models/reference-ranges.csv models/default.ser
import meyda "$RANGES_MEYDA" models/reference-ranges-meyda.csv models/default-meyda.ser
build/ser info models/default.ser | sed '/^normalizer/q'
