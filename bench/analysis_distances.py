"""SPIKE-distance matrix: axon against PySpike's compiled implementation, side by side.

    AXON_BUILD=build PYTHONPATH=build/python /usr/bin/python3 bench/analysis_distances.py [--trains 1000]

Trains: `--trains` Poisson trains of 1000 spikes each over 100 s (uniform
times given the count, seed 1).  PySpike (Debian python3-pyspike 0.7.0, its
cython backend; the script stops if that backend is missing) runs the
spike_distance_matrix of the first 100 and 200 trains; its cost is
quadratic in the trains (one bivariate sweep per pair), so the full matrix
is extrapolated from its time per pair.  axon runs the same 100 and 200
and the full matrix, each in a fresh process with OMP_NUM_THREADS=1 and 2.
The matrices of the first 100 trains are compared (max |difference|).
Prints a table (bench/RESULTS.md has the dated runs).
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

T_STOP = 100000.0   # ms
SPIKES = 1000


def make_trains(n):
    rng = np.random.default_rng(1)
    return [np.sort(rng.uniform(0.0, T_STOP, SPIKES)) for _ in range(n)]


def axon_child(n, out):
    """Runs in a child process (OMP_NUM_THREADS set by the parent): times axon's matrix."""
    from axon import analysis as an
    trains = make_trains(n)
    t0 = time.perf_counter()
    m = an.distance_matrix(trains, "spike", 0.0, T_STOP)
    dt = time.perf_counter() - t0
    if out:
        np.save(out, m)
    print(json.dumps({"seconds": dt}))


def run_axon(n, threads, out=None):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OMP_WAIT_POLICY="passive")
    cmd = [sys.executable, __file__, "--child", str(n)] + (["--save", out] if out else [])
    res = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
    return json.loads(res.stdout.strip().splitlines()[-1])["seconds"]


def run_pyspike(n):
    import pyspike as spk
    from pyspike.cython import cython_distances  # noqa: F401  (the compiled backend, or ImportError)
    trains = [spk.SpikeTrain(t, [0.0, T_STOP]) for t in make_trains(n)]
    t0 = time.perf_counter()
    m = spk.spike_distance_matrix(trains)
    return time.perf_counter() - t0, m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--trains", type=int, default=1000)
    ap.add_argument("--child", type=int)
    ap.add_argument("--save")
    args = ap.parse_args()
    if args.child:
        axon_child(args.child, args.save)
        return
    rows = []
    tmp = "/tmp/axon_bench_spike_matrix_%d.npy" % os.getpid()
    for n in (100, 200):
        pairs = n * (n - 1) // 2
        t_py, m_py = run_pyspike(n)
        rows.append(("pyspike 0.7 (cython)", n, 1, t_py, t_py / pairs))
        t_ax = run_axon(n, 1, tmp if n == 100 else None)
        rows.append(("axon", n, 1, t_ax, t_ax / pairs))
        if n == 100:
            diff = np.abs(np.load(tmp) - m_py).max()
            os.remove(tmp)
    per_pair_py = min(r[4] for r in rows if r[0].startswith("pyspike"))
    n = args.trains
    pairs = n * (n - 1) // 2
    rows.append(("pyspike 0.7 (cython), extrapolated", n, 1, per_pair_py * pairs, per_pair_py))
    for threads in (1, 2):
        t = run_axon(n, threads)
        rows.append(("axon", n, threads, t, t / pairs))
    print("SPIKE-distance matrix, %d spikes per train over %g s" % (SPIKES, T_STOP / 1000))
    print("| implementation | trains | threads | seconds | us per pair | PySpike time / this |")
    print("|---|---|---|---|---|---|")
    for name, n_, th, t, pp in rows:
        ref = per_pair_py * (n_ * (n_ - 1) // 2)
        print("| %s | %d | %d | %.2f | %.1f | %.1fx |" % (name, n_, th, t, pp * 1e6, ref / t))
    print("max |axon - PySpike| over the 100 x 100 matrix: %.3g" % diff)


if __name__ == "__main__":
    main()
