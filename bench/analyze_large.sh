#!/bin/sh
# analyze_large.sh - `axon analyze` of an output folder of 10 million spikes
# (10 000 neurons, Poisson 10 Hz, 100 s) and of 1 million (10 s), timed with
# /usr/bin/time -v (wall, max RSS), for this tree's build/axon and, when
# given, another axon (main's before a change, built in its own worktree),
# whose analysis.json is then compared with this one's (bench/RESULTS.md).
#
#   bench/analyze_large.sh [OTHER_AXON]          (after make)
#
# The folders go to a temporary folder and are deleted at the end.
set -eu
cd "$(dirname "$0")/.."
OTHER=${1:-}
DIR=$(mktemp -d /tmp/axon-analyze-bench-XXXXXX)
trap 'rm -rf "$DIR"' EXIT
cc -std=c11 -D_DEFAULT_SOURCE -O2 -Iinclude -o "$DIR/tool" bench/tools/spike_stats_file.c build/libaxon.a \
   -fopenmp -lm -lzip -lfftw3_threads -lfftw3
uptime
for N in 1000000 10000000; do
    OUT="$DIR/out$N"
    mkdir "$OUT"
    "$DIR/tool" gen "$OUT/E.spikes.csv" "$N" 10000
    # the run's time: the last spike's, rounded up to 10 ms
    T=$(tail -n 1 "$OUT/E.spikes.csv" | awk -F, '{print (int($1 / 10) + 1) * 10}')
    printf '{"time_ms": %s, "populations": {"E": {"size": 10000, "spikes": %s}}}\n' "$T" "$N" > "$OUT/summary.json"
    ls -l "$OUT/E.spikes.csv" | awk '{printf "file: %.0f MB\n", $5 / 1e6}'
    for which in after before; do
        AXON=build/axon
        if [ "$which" = before ]; then
            [ -n "$OTHER" ] || continue
            AXON=$OTHER
        fi
        /usr/bin/time -v "$AXON" analyze "$OUT" --out "$OUT/$which.json" 2> "$DIR/time.txt" > /dev/null ||
            { cat "$DIR/time.txt"; exit 1; }
        awk -v what="$N spikes, $which" '/Elapsed \(wall clock\)/ {w = $NF} /Maximum resident set size/ {m = $NF}
            /User time/ {u = $NF} /System time/ {y = $NF}
            END {printf "%s: %s wall (m:ss), %.2f s CPU (user + sys), max RSS %.1f MB\n", what, w, u + y, m / 1024}' \
            "$DIR/time.txt"
    done
    if [ -n "$OTHER" ]; then
        # the same analysis.json but for the folder's name; say where not
        if cmp -s "$OUT/after.json" "$OUT/before.json"; then
            echo "analysis.json: identical"
        else
            diff "$OUT/before.json" "$OUT/after.json" | grep '^[<>]' | cut -c1-200 || true
        fi
    fi
done
uptime
