#!/bin/sh
# scripts/install-deps.sh - install every Debian package that building,
# testing and `make demo` need. Idempotent and non-interactive; run as root
# (or with sudo available). Peers for oracles and benchmarks (sklearn,
# PyTorch, Meyda, TF.js) are NOT installed here: bench/ and tests/oracle/
# scripts install what they need themselves.
set -eu
PKGS="build-essential clang pkg-config
libopenblas-dev libsndfile1-dev libkissfft-dev libcsv-dev libsoxr-dev
libcjson-dev libcmocka-dev libgsl-dev zlib1g-dev libsqlite3-dev libxgboost-dev
gnuplot-nox sound-theme-freedesktop sox parallel"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
	exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
