#!/bin/sh
# models/make-default.sh - rebuild models/default.ser, the model `ser
# predict` uses when -m is omitted: the thesis's two published TF.js MLPs
# (valence, arousal) imported unchanged. See models/README.md.
#
#   sh models/make-default.sh [SHARED_DIR]     (default ../shared)
set -eu
cd "$(dirname "$0")/.."
SHARED=${1:-${SHARED:-../shared}}
make -s build/ser
build/ser import \
	--tfjs-valence "$SHARED/thesis-models/valence" \
	--tfjs-arousal "$SHARED/thesis-models/arousal" \
	--data "Emo-Soundscapes, all 1213 clips, 74 MIRtoolbox/YAAFE features of Normalized_Features.csv (thesis final MLPs: 100 epochs, batch 32)" \
	-o models/default.ser
build/ser info models/default.ser | sed -n '1,12p'
