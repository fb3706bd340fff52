#!/bin/sh
# scripts/slurm-index.sh - index one shard of a sound library as one task of
# a Slurm job array (docs/scale-out.md):
#
#   sbatch --array=1-N scripts/slurm-index.sh LIBRARY MODEL.ser OUT_PREFIX N
#   # afterwards:
#   ser index --db OUT_PREFIX.db --merge OUT_PREFIX-*.db
#
# Task K writes OUT_PREFIX-K.db with --shard K/N. N is an argument, not
# taken from the array, so that one task can be resubmitted alone
# (sbatch --array=7 ... N) after a failure or pre-emption: the rerun
# finishes its shard incrementally.
#SBATCH --job-name=ser-index
#SBATCH --cpus-per-task=4
#SBATCH --time=02:00:00
#SBATCH --output=ser-index-%A_%a.out
set -eu
if [ $# -ne 4 ]; then
	echo "usage: sbatch --array=1-N $0 LIBRARY MODEL.ser OUT_PREFIX N" >&2
	exit 2
fi
LIB=$1
MODEL=$2
OUT=$3
N=$4
: "${SLURM_ARRAY_TASK_ID:?not in a Slurm job array (sbatch --array=1-N)}"
K=$SLURM_ARRAY_TASK_ID
SER=${SER:-ser}
exec "$SER" index -q --db "$OUT-$K.db" -m "$MODEL" -r \
	-j "${SLURM_CPUS_PER_TASK:-1}" --shard "$K/$N" "$LIB"
