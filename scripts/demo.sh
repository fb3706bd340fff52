#!/bin/sh
# scripts/demo.sh - `make demo`: predict valence and arousal of a few real
# sounds and draw them on the valence-arousal plane.
#
# Sounds: the freedesktop sound theme (Debian package
# sound-theme-freedesktop, installed by scripts/install-deps.sh) plus the
# repository's test audio (tests/data/*.wav). Writes predictions.csv and
# va-plane.png into $DEMO_OUT (default build/demo) and prints where they are.
#
#   BUILD=build  DEMO_OUT=build/demo  SER_MODEL=models/X.ser  (all optional)
set -eu
BUILD=${BUILD:-build}
SER="$BUILD/ser"
OUT=${DEMO_OUT:-$BUILD/demo}
THEME=/usr/share/sounds/freedesktop/stereo

die() { echo "demo: $*" >&2; exit 1; }

[ -x "$SER" ] || die "$SER not built: run 'make' first"

# Predict only exists once the model/predict work has landed; say so
# plainly instead of failing halfway.
if "$SER" predict --help 2>&1 | grep -q "not implemented"; then
	die "'ser predict' is not implemented in this build yet (it comes with
      the model/predict work; 'git merge main' once it has landed)"
fi

# A spread of everyday sounds: alarms and errors (tense), chimes and
# completions (pleasant), clicks and shutters (neutral-ish).
set --
# (bell, trash-empty and suspend-error are in tests/data as .wav already)
for s in alarm-clock-elapsed camera-shutter complete dialog-error \
	dialog-information message-new-instant message phone-incoming-call \
	phone-outgoing-busy phone-outgoing-calling service-login audio-test-signal \
	device-added device-removed audio-volume-change; do
	[ -f "$THEME/$s.oga" ] && set -- "$@" "$THEME/$s.oga"
done
n_theme=$#
for f in tests/data/*.wav; do
	[ -f "$f" ] && set -- "$@" "$f"
done
[ "$n_theme" -gt 0 ] || die "no sounds in $THEME: install sound-theme-freedesktop (scripts/install-deps.sh)"

# The default model: SER_MODEL, else the one shipped in models/ (ser's
# compiled-in default points at the installed copy, which `make demo` must
# not need), else whatever ser predict finds itself.
MODEL=${SER_MODEL:-}
# models/default.ser, not the first *.ser (default-meyda.ser sorts first)
[ -z "$MODEL" ] && [ -f models/default.ser ] && MODEL=models/default.ser
if [ -z "$MODEL" ]; then
	for m in models/*.ser; do
		[ -f "$m" ] && { MODEL=$m; break; }
	done
fi

# The default model is the thesis's network with input ranges frozen on a
# reference corpus (models/README.md): each sound's answer depends on that
# sound alone, but it is not calibrated on audio. DEMO_NORMALIZE=batch shows
# the thesis app's behaviour instead (min-max over this run's sounds).
NORMALIZE=${DEMO_NORMALIZE:-model}

mkdir -p "$OUT"
echo "demo: predicting $# sounds ($n_theme from $THEME, $(($# - n_theme)) from tests/data)"
"$SER" predict ${MODEL:+-m "$MODEL"} --normalize "$NORMALIZE" -q \
	-o "$OUT/predictions.csv" \
	--plot "$OUT/va-plane.png" "$@" ||
	die "ser predict failed (see above)"
"$SER" plot "$OUT/predictions.csv" --terminal dumb \
	--title "make demo: $# sounds"
echo "demo: predictions: $OUT/predictions.csv"
echo "demo: plot:        $OUT/va-plane.png"
[ "$NORMALIZE" = batch ] &&
	echo "demo: (normalized over these $# sounds, like the thesis app: see models/README.md)"
exit 0
