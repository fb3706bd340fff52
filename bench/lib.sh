# bench/lib.sh - sourced by the bench scripts that time ser against a
# Python peer: install the peers on first use, make the full-size
# synthetic data set, and time a whole process.

# need_peers NAME MODULES PACKAGES: install PACKAGES when python3 cannot
# import MODULES (comma-separated)
need_peers() {
	if ! /usr/bin/python3 -c "import $2" 2>/dev/null; then
		echo "$1: installing $3"
		# shellcheck disable=SC2086
		apt-get install -y -qq $3 >/dev/null
	fi
}

# synth_data DIR: the 1213-row synthetic data set (seed 1), once
synth_data() {
	[ -d "$1/Emo-Soundscapes-Features" ] ||
		"$SER" synth-dataset --rows 1213 --seed 1 -o "$1" >/dev/null
}

# timed LOG CMD...: "seconds maxrss_kb" of CMD from GNU time; its stdout
# and stderr go to LOG.out and LOG.err
timed() {
	log=$1; shift
	/usr/bin/time -f '%e %M' -o "$log.time" "$@" >"$log.out" 2>"$log.err"
	cat "$log.time"
}
