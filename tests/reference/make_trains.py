#!/usr/bin/python3
"""make_trains.py - reference values for tests/test_analysis_trains.c (spike-train
statistics and rates), made with NumPy/SciPy from the published definitions, not
from axon's code.

Run from the repository root:  /usr/bin/python3 tests/reference/make_trains.py
(made with Debian's python3-numpy 1.24 and python3-scipy 1.10).  Writes

  trains_input.spikes.csv  header "sender,time_s": 24 trains over [0, 2000] ms, rows
                           in a shuffled order, times in seconds (a foreign file)
  trains_stats.csv         per train: neuron, rate_hz, cv, lv, lvr, fano (nan: undefined)
  trains_rate.csv          population rate, bins of 7 ms (2000/7 is no whole number):
                           bin, binned_hz, smoothed_hz (sigma 20 ms)
  trains_isi.csv           ISI histogram of all trains pooled, bins of 3 ms up to 100 ms:
                           bin, count

Definitions (docs/analysis.md):
  CV    scipy.stats.variation(isi) (ddof = 0)
  LV    Shinomoto et al. 2003:  3/(n-1) sum ((I_i - I_{i+1}) / (I_i + I_{i+1}))^2
  LvR   Shinomoto et al. 2009, R = 5 ms:
        3/(n-1) sum (1 - 4 I_i I_{i+1} / (I_i + I_{i+1})^2) (1 + 4 R / (I_i + I_{i+1}))
  Fano  numpy.var / numpy.mean of the counts in 100 ms windows (ddof = 0)
  rate  numpy.histogram with edges arange(n) * 7 and 2000, counts / (n_trains * width / 1000)
  smoothed  scipy.ndimage.gaussian_filter1d(mode='constant', truncate=4) of the rate divided by
        the same filter of ones: the kernel renormalised over the bins inside the interval
"""
import os

import numpy as np
import scipy.ndimage
import scipy.stats

HERE = os.path.dirname(os.path.abspath(__file__))
T0, T1 = 0.0, 2000.0
rng = np.random.default_rng(20261207)


def make_trains():
    trains = []
    for k in range(24):
        kind = k % 6
        if kind == 0:      # Poisson, 10-40 Hz
            n = rng.poisson(rng.uniform(10, 40) * 2)
            t = np.sort(rng.uniform(T0, T1, n))
        elif kind == 1:    # gamma order 4: more regular
            isi = rng.gamma(4, 25 / 4, 200)
            t = np.cumsum(isi)
            t = t[t <= T1]
        elif kind == 2:    # bursts of 3-6 spikes 2-4 ms apart
            starts = np.sort(rng.uniform(0, 1900, 8))
            t = np.sort(np.concatenate([s + np.cumsum(rng.uniform(2, 4, rng.integers(3, 7))) for s in starts]))
            t = t[t <= T1]
        elif kind == 3:    # regular, with a spike at t_start and one at t_stop
            t = np.linspace(T0, T1, 21)
        elif kind == 4:    # the edge cases by turn: empty, one, two spikes, repeated times
            t = [np.array([]), np.array([500.0]), np.array([100.0, 900.0]),
                 np.array([50.0, 50.0, 80.0, 80.0, 120.0, 300.0])][(k // 6) % 4]
        else:              # Poisson at 1 ms resolution (times on a grid, as a simulator's)
            n = rng.poisson(60)
            t = np.sort(np.round(rng.uniform(T0, T1, n), 0))
        trains.append(np.asarray(t, dtype=float))
    return trains


def lv(isi):
    if len(isi) < 2:
        return np.nan
    a, b = isi[:-1], isi[1:]
    if np.any(a + b == 0):
        return np.nan
    return 3.0 / (len(isi) - 1) * np.sum(((a - b) / (a + b)) ** 2)


def lvr(isi, r=5.0):
    if len(isi) < 2:
        return np.nan
    a, b = isi[:-1], isi[1:]
    if np.any(a + b == 0):
        return np.nan
    return 3.0 / (len(isi) - 1) * np.sum((1 - 4 * a * b / (a + b) ** 2) * (1 + 4 * r / (a + b)))


def cv(isi):
    if len(isi) < 2 or np.mean(isi) == 0:
        return np.nan
    return scipy.stats.variation(isi)


def fano(t, window=100.0):
    counts, _ = np.histogram(t, bins=np.arange(T0, T1 + window / 2, window))
    return np.nan if counts.mean() == 0 else counts.var() / counts.mean()


def main():
    trains = make_trains()
    times = np.concatenate(trains)
    ids = np.concatenate([np.full(len(t), k) for k, t in enumerate(trains)])
    order = rng.permutation(len(times))
    with open(os.path.join(HERE, "trains_input.spikes.csv"), "w") as f:
        f.write("sender,time_s\n")
        for i in order:
            f.write(f"{ids[i]},{times[i] / 1000:.17g}\n")
    # the file's times in ms, as the reader makes them: s x 1000 (rounding included)
    trains = [np.sort(np.array([float(f"{x / 1000:.17g}") * 1000 for x in t])) for t in trains]
    with open(os.path.join(HERE, "trains_stats.csv"), "w") as f:
        f.write("neuron,rate_hz,cv,lv,lvr,fano\n")
        for k, t in enumerate(trains):
            isi = np.diff(t)
            f.write(f"{k},{len(t) / ((T1 - T0) / 1000):.17g},{cv(isi):.17g},{lv(isi):.17g},{lvr(isi):.17g},"
                    f"{fano(t):.17g}\n")
    bin_ms, sigma = 7.0, 20.0
    n = int(np.ceil((T1 - T0) / bin_ms))
    edges = np.append(np.arange(n) * bin_ms, T1 - T0)
    counts, _ = np.histogram(np.concatenate(trains) - T0, bins=edges)
    rate = counts / (len(trains) * np.diff(edges) / 1000)
    kw = dict(sigma=sigma / bin_ms, mode="constant", cval=0.0, truncate=4.0)
    smooth = scipy.ndimage.gaussian_filter1d(rate, **kw) / scipy.ndimage.gaussian_filter1d(np.ones(n), **kw)
    with open(os.path.join(HERE, "trains_rate.csv"), "w") as f:
        f.write("bin,binned_hz,smoothed_hz\n")
        for j in range(n):
            f.write(f"{j},{rate[j]:.17g},{smooth[j]:.17g}\n")
    isi = np.concatenate([np.diff(t) for t in trains])
    hist, _ = np.histogram(isi, bins=np.append(np.arange(34) * 3.0, 100.0))
    with open(os.path.join(HERE, "trains_isi.csv"), "w") as f:
        f.write("bin,count\n")
        for j, c in enumerate(hist):
            f.write(f"{j},{c}\n")


if __name__ == "__main__":
    main()
