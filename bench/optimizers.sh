#!/bin/sh
# optimizers.sh - the optimisers' own cost (ask + tell, without the
# evaluations) per candidate, for each algorithm, dimension and population
# (bench/RESULTS.md), and axon's DE beside scipy.optimize.differential_evolution
# on the same problem from Python.
#
#   bench/optimizers.sh        (after make; about a minute)
set -eu
cd "$(dirname "$0")/.."
DIR=$(mktemp -d /tmp/axon-opt-bench-XXXXXX)
trap 'rm -rf "$DIR"' EXIT
cc -std=c11 -D_DEFAULT_SOURCE -O2 -Iinclude -o "$DIR/tool" bench/tools/optimizer_overhead.c build/libaxon.a \
   -fopenmp -lm -llapack
echo "kind n pop evaluations generations optimiser_s ns_per_candidate best"
for args in "0 10 100 200000" "0 100 1000 200000" "1 10 100 200000" "1 100 1000 200000" \
            "2 10 100 200000" "2 100 1000 200000" "3 10 0 200000" "3 100 0 100000" "3 100 1000 200000"; do
    # shellcheck disable=SC2086
    "$DIR/tool" $args
done
AXON_BUILD=build PYTHONPATH=build/python /usr/bin/python3 - <<'PY'
import time
import numpy as np
import scipy.optimize as so
from axon import fit

def sphere(X):
    return np.sum(X * X, axis=-1)

n, budget = 10, 20000
t = time.perf_counter()
best = fit.Optimizer('de', [(-5, 5)] * n, budget=budget, seed=1).minimize(sphere, vectorized=True)[1]
ta = time.perf_counter() - t
t = time.perf_counter()
r = so.differential_evolution(lambda x: sphere(x.T), [(-5, 5)] * n, strategy='rand1bin', mutation=0.5,
                              recombination=0.9, popsize=10, maxiter=budget // (10 * n) - 1, tol=0, atol=0,
                              polish=False, init='random', seed=1, vectorized=True, updating='deferred')
ts = time.perf_counter() - t
print(f"python DE 10-D sphere, {budget} evaluations, vectorized: axon {ta:.3f} s (best {best:.3g}), "
      f"scipy {ts:.3f} s (best {r.fun:.3g}), scipy / axon {ts / ta:.1f}")
PY
