"""Timing of axon.analysis.correlation_matrix (docs/analysis.md, "Correlations
and synchrony"): 1000 Poisson trains of 10 s in 1 ms bins (10^4 bins,
499500 pairs), at 10 Hz (the sparse product) and at 50 Hz, with numpy's
histogram + corrcoef on the same trains for scale (its results are checked
equal to 1e-12).  The thread count is OMP_NUM_THREADS.

    make python
    OMP_NUM_THREADS=2 PYTHONPATH=build/python /usr/bin/python3 bench/python/correlations.py
"""
import time

import numpy as np

from axon import analysis as aa

N, T, BIN = 1000, 10000.0, 1.0


def trains(rate_hz, seed):
    rng = np.random.default_rng(seed)
    return [np.sort(rng.uniform(0, T, rng.poisson(rate_hz * T / 1000))) for _ in range(N)]


def best_of(f, reps):
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def main():
    edges = BIN * np.arange(int(T / BIN) + 1)
    for rate in (10.0, 50.0):
        tr = trains(rate, 1)
        t_axon, r = best_of(lambda: aa.correlation_matrix(tr, 0.0, T, BIN), 3)

        def numpy_way():
            c = np.array([np.histogram(t, edges)[0] for t in tr], dtype=float)
            return np.corrcoef(c)
        t_np, ref = best_of(numpy_way, 1)
        np.testing.assert_allclose(r, ref, rtol=1e-12, atol=1e-12)
        print("%4.0f Hz: axon %.3f s, numpy histogram + corrcoef %.3f s" % (rate, t_axon, t_np))
    p_time, _ = best_of(lambda: aa.correlation_pairs(tr, 0.0, T, BIN, 10000, seed=1), 3)
    s_time, _ = best_of(lambda: aa.synchrony(tr, 0.0, T, BIN), 3)
    print("50 Hz: 10^4 sampled pairs %.3f s, synchrony %.3f s" % (p_time, s_time))


if __name__ == "__main__":
    main()
