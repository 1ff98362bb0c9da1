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
Each side reports its wall time and its process CPU time: on a shared,
loaded machine the wall times of single-threaded runs stretch with the load
while their CPU times do not, so the CPU-time ratio is the one to trust
there; the 2-thread wall time only shows the threads' gain on an idle
machine.  Every measurement is the best of --repeat runs.
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
    t0, c0 = time.perf_counter(), time.process_time()
    m = an.distance_matrix(trains, "spike", 0.0, T_STOP)
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    if out:
        np.save(out, m)
    print(json.dumps({"seconds": dt, "cpu": dc}))


def run_axon(n, threads, out=None):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OMP_WAIT_POLICY="passive")
    cmd = [sys.executable, __file__, "--child", str(n)] + (["--save", out] if out else [])
    res = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
    r = json.loads(res.stdout.strip().splitlines()[-1])
    return r["seconds"], r["cpu"]


def run_pyspike(n):
    import pyspike as spk
    from pyspike.cython import cython_distances  # noqa: F401  (the compiled backend, or ImportError)
    trains = [spk.SpikeTrain(t, [0.0, T_STOP]) for t in make_trains(n)]
    t0, c0 = time.perf_counter(), time.process_time()
    m = spk.spike_distance_matrix(trains)
    return (time.perf_counter() - t0, time.process_time() - c0), m


def best(runs):
    """The best wall and the best CPU time of several runs."""
    return min(r[0] for r in runs), min(r[1] for r in runs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--trains", type=int, default=1000)
    ap.add_argument("--child", type=int)
    ap.add_argument("--save")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if args.child:
        axon_child(args.child, args.save)
        return
    rows = []
    tmp = "/tmp/axon_bench_spike_matrix_%d.npy" % os.getpid()
    for n in (100, 200):
        py = []
        for _ in range(args.repeat):
            t, m_py = run_pyspike(n)
            py.append(t)
        rows.append(("pyspike 0.7 (cython)", n, 1) + best(py))
        ax = [run_axon(n, 1, tmp if n == 100 else None) for _ in range(args.repeat)]
        rows.append(("axon", n, 1) + best(ax))
        if n == 100:
            diff = np.abs(np.load(tmp) - m_py).max()
            os.remove(tmp)
    # PySpike per pair, by wall and by CPU time: the better of the two sizes
    py_rows = [r for r in rows if r[0].startswith("pyspike")]
    per_pair = [min(r[3 + k] / (r[1] * (r[1] - 1) // 2) for r in py_rows) for k in (0, 1)]
    n = args.trains
    pairs = n * (n - 1) // 2
    rows.append(("pyspike 0.7 (cython), extrapolated", n, 1, per_pair[0] * pairs, per_pair[1] * pairs))
    for threads in (1, 2):
        rows.append(("axon", n, threads) + best([run_axon(n, threads) for _ in range(args.repeat)]))
    print("SPIKE-distance matrix, %d spikes per train over %g s; best of %d" % (SPIKES, T_STOP / 1000, args.repeat))
    print("| implementation | trains | threads | wall s | CPU s | us per pair (wall) | PySpike / this, wall | "
          "PySpike / this, CPU |")
    print("|---|---|---|---|---|---|---|---|")
    for name, n_, th, t, c in rows:
        p = n_ * (n_ - 1) // 2
        print("| %s | %d | %d | %.2f | %.2f | %.1f | %.1fx | %.1fx |"
              % (name, n_, th, t, c, t / p * 1e6, per_pair[0] * p / t, per_pair[1] * p / c))
    print("max |axon - PySpike| over the 100 x 100 matrix: %.3g" % diff)


if __name__ == "__main__":
    main()
