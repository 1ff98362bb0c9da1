#!/bin/sh
# analysis_stream.sh - a 10-million-spike CSV analysed streamed
# (ax_spike_stats_read_file) and whole in memory (ax_spike_trains_read), with
# the wall time and the peak memory (max RSS) of each (bench/RESULTS.md).
#
#   bench/analysis_stream.sh [N_SPIKES [N_NEURONS]]     (after make; defaults 10000000 10000)
#
# The file goes to a temporary folder and is deleted at the end.
set -eu
cd "$(dirname "$0")/.."
N=${1:-10000000}
NEURONS=${2:-10000}
DIR=$(mktemp -d /tmp/axon-stream-bench-XXXXXX)
trap 'rm -rf "$DIR"' EXIT
cc -std=c11 -D_DEFAULT_SOURCE -O2 -Iinclude -o "$DIR/tool" bench/tools/spike_stats_file.c build/libaxon.a \
   -fopenmp -lm -lzip -lfftw3
"$DIR/tool" gen "$DIR/spikes.csv" "$N" "$NEURONS"
ls -l "$DIR/spikes.csv" | awk '{printf "file: %.0f MB\n", $5 / 1e6}'
# the interval: the last spike's time, rounded up to 10 ms
T=$(tail -n 1 "$DIR/spikes.csv" | awk -F, '{print (int($1 / 10) + 1) * 10}')
for how in stream memory; do
    /usr/bin/time -f "$how: %e s wall, max RSS %M kB" "$DIR/tool" "$how" "$DIR/spikes.csv" "$NEURONS" "$T"
done
