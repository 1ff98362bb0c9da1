"""Reference values for tests/test_analysis_distances.c (spike-train distances).

Made with Debian's /usr/bin/python3, numpy and python3-pyspike 0.7.0 (its
cython backend) by
    /usr/bin/python3 tests/reference/make_distances.py
from the repository root; writes tests/reference/distances_trains.csv (one
row per spike: pair, train 0 or 1, time in ms) and
tests/reference/distances_values.csv (one row per pair: the interval
[0, t_stop], PySpike's isi_distance, spike_distance, spike_sync (also with
max_tau = 5 ms), their averages over [a, b] (interval=(a, b)), the
Victor-Purpura distance at q = 0.1/ms from a plain O(n m) dynamic programme
and the van Rossum distance at tau = 10 ms from the double sum over spike
pairs (D^2 = (K_xx + K_yy - 2 K_xy) / 2)).  Random Poisson-like trains with
edge cases mixed in: empty trains, one spike, spikes at 0 and t_stop,
times shared by both trains, equal trains.
"""
import numpy as np
import pyspike as spk

pyspike_cython = __import__("pyspike.cython.cython_distances", fromlist=["x"])   # fails without the cython backend


def victor_purpura(a, b, q):
    g = np.zeros((len(a) + 1, len(b) + 1))
    g[:, 0] = np.arange(len(a) + 1)
    g[0, :] = np.arange(len(b) + 1)
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            g[i, j] = min(g[i - 1, j] + 1, g[i, j - 1] + 1, g[i - 1, j - 1] + q * abs(a[i - 1] - b[j - 1]))
    return g[-1, -1]


def van_rossum(a, b, tau):
    def k(x, y):
        return np.exp(-np.abs(np.subtract.outer(x, y)) / tau).sum()
    return np.sqrt(max(0.5 * (k(a, a) + k(b, b) - 2 * k(a, b)), 0.0))


def pairs(rng):
    for p in range(40):
        t_stop = float(rng.choice([100.0, 250.0, 1000.0]))
        a = np.sort(rng.uniform(0, t_stop, rng.poisson(12)))
        b = np.sort(rng.uniform(0, t_stop, rng.poisson(12)))
        kind = p % 8
        if kind == 1:
            a = a[:0]
        elif kind == 2:
            a, b = a[:1], b[:0]
        elif kind == 3 and a.size and b.size:
            a[0], b[-1] = 0.0, t_stop
        elif kind == 4:
            b = a.copy()
        elif kind == 5 and a.size > 3 and b.size > 3:
            b[::2] = a[: b[::2].size] if a.size >= b[::2].size else b[::2]
            b = np.sort(b)
        elif kind == 6:
            a, b = a[:1], b[:1]
        yield t_stop, np.round(a, 3), np.round(b, 3)


def main():
    rng = np.random.default_rng(20261206)
    with open("tests/reference/distances_trains.csv", "w") as ft, \
            open("tests/reference/distances_values.csv", "w") as fv:
        ft.write("pair,train,time\n")
        fv.write("pair,t_stop,isi,spike,sync,sync_tau5,a,b,isi_ab,spike_ab,sync_ab,vp_q0.1,vr_tau10\n")
        for p, (t_stop, a, b) in enumerate(pairs(rng)):
            for k, t in enumerate((a, b)):
                for x in t:
                    ft.write("%d,%d,%.3f\n" % (p, k, x))
            A, B = spk.SpikeTrain(a, [0.0, t_stop]), spk.SpikeTrain(b, [0.0, t_stop])
            ab = (round(0.2 * t_stop, 3), round(0.7 * t_stop, 3))
            row = [spk.isi_distance(A, B), spk.spike_distance(A, B), spk.spike_sync(A, B),
                   spk.spike_sync(A, B, max_tau=5.0), ab[0], ab[1], spk.isi_distance(A, B, interval=ab),
                   spk.spike_distance(A, B, interval=ab), spk.spike_sync(A, B, interval=ab),
                   victor_purpura(a, b, 0.1), van_rossum(a, b, 10.0)]
            fv.write("%d,%g," % (p, t_stop) + ",".join("%.17g" % v for v in row) + "\n")


if __name__ == "__main__":
    main()
