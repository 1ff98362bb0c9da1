#!/usr/bin/python3
"""Independent references for axon's correlations and synchrony of spike
trains (tests/test_analysis_correlations.c, docs/analysis.md).

Run with Debian's Python (python3-numpy, python3-scipy):

    /usr/bin/python3 tests/reference/make_correlations.py

Nothing here shares code with axon: counts come from numpy.histogram,
coefficients from numpy.corrcoef and scipy.stats.pearsonr, correlograms
from every pair of spikes (numpy, all pairs), chi^2 from its
definition (Golomb 2007) with numpy.var and numpy.convolve.  The trains are
drawn by numpy's PCG64 (seed 20261206), so the files are reproducible.
Writes, next to this script (values '%.17g', NaN as 'nan'):

    correlations_setup.csv         n_trains,t_start,t_stop
    correlations_trains.csv        train,time_ms (one row per spike)
    correlations_matrix.csv        bin_ms,a,b,r            numpy.corrcoef of the binned counts
    correlations_correlograms.csv  kind,a,b,bin_ms,max_lag_ms,lag_ms,count   kind 0: cross, 1: auto
    correlations_synchrony.csv     bin_ms,sigma_ms,chi2
    correlations_pearsonr.csv      x,y,r                   r = scipy.stats.pearsonr(x, y) on every row

Binning (docs/analysis.md): the whole bins of bin_ms from t_start, edges
t_start + k * bin_ms for k = 0 .. floor((t_stop - t_start) / bin_ms + 1e-9);
t_stop - t_start = 1000.5 ms, so a partial bin is dropped (a spike sits in it).
"""
import os

import numpy as np
import scipy.stats

HERE = os.path.dirname(os.path.abspath(__file__))
T0, T1 = 10.0, 1010.5
rng = np.random.default_rng(20261206)


def poisson(rate_hz):
    n = rng.poisson(rate_hz * (T1 - T0) / 1000.0)
    return np.sort(rng.uniform(T0, T1, n))


def make_trains():
    common = poisson(8.0)
    trains = [poisson(r) for r in (5.0, 20.0, 40.0)]
    trains.append(np.array([]))                              # 3: silent
    trains.append(np.array([500.0]))                         # 4: one spike
    trains.append(np.array([T0, 300.0, 300.0, 700.0, T1]))   # 5: spikes on both ends, a repeated time
    trains.append(trains[1].copy())                          # 6: a copy of 1 (r = 1)
    trains.append(np.sort(np.concatenate([poisson(12.0), common])))   # 7, 8: shared input
    trains.append(np.sort(np.concatenate([poisson(12.0), common])))
    trains.append(T0 + 2.5 + 5.0 * np.arange(200))           # 9: one spike in every 5 ms bin: constant counts
    trains.append(np.full(4, 123.4))                         # 10: all spikes in one bin
    trains.append(poisson(80.0))                             # 11
    return trains


def counts(trains, bin_ms):
    nb = int(np.floor((T1 - T0) / bin_ms + 1e-9))
    edges = T0 + bin_ms * np.arange(nb + 1)
    return np.array([np.histogram(t, edges)[0] for t in trains], dtype=float)


def correlogram(ta, tb, bin_ms, max_lag, auto):
    """Every pair's lag d = t_b - t_a in bin sign(d) floor(|d| / bin + 1/2) (docs/analysis.md: a lag on a bin
    edge goes to the bin further from 0; numpy.histogram would put -1.5 bins in bin -1 and +1.5 in bin 2)."""
    d = (tb[None, :] - ta[:, None])
    if auto:
        d = d[~np.eye(len(ta), dtype=bool)]
    k = int(np.floor(max_lag / bin_ms + 1e-9))
    idx = np.sign(d) * np.floor(np.abs(d) / bin_ms + 0.5)
    idx = idx[np.abs(idx) <= k].astype(int) + k
    return (np.arange(-k, k + 1) * bin_ms, np.bincount(idx, minlength=2 * k + 1))


def chi2(c, bin_ms, sigma):
    if sigma > 0:
        m = min(int(np.floor(5 * sigma / bin_ms)), c.shape[1])
        g = np.exp(-0.5 * ((np.arange(2 * m + 1) - m) * bin_ms / sigma) ** 2)
        g /= g.sum()
        c = np.array([np.convolve(row, g)[m:m + c.shape[1]] for row in c])
    return np.var(c.mean(axis=0)) / np.mean(np.var(c, axis=1))


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(header + "\n")
        for row in rows:
            f.write(",".join("%.17g" % v for v in row) + "\n")


def main():
    trains = make_trains()
    write("correlations_setup.csv", "n_trains,t_start,t_stop", [(len(trains), T0, T1)])
    write("correlations_trains.csv", "train,time_ms", [(k, t) for k, tr in enumerate(trains) for t in tr])
    rows = []
    for bin_ms in (5.0, 50.0, 0.7):
        with np.errstate(invalid="ignore", divide="ignore"):
            r = np.corrcoef(counts(trains, bin_ms))
        rows += [(bin_ms, a, b, r[a, b]) for a in range(len(trains)) for b in range(len(trains))]
    write("correlations_matrix.csv", "bin_ms,a,b,r", rows)
    rows = []
    for a, b, bin_ms, lag in ((0, 1, 2.0, 20.0), (7, 8, 1.0, 30.0), (2, 11, 5.0, 4.0), (1, 1, 3.0, 15.0)):
        for lag_ms, n in zip(*correlogram(trains[a], trains[b], bin_ms, lag, False)):
            rows.append((0, a, b, bin_ms, lag, lag_ms, n))
    for a, bin_ms, lag in ((2, 1.0, 25.0), (11, 2.0, 10.0), (5, 1.0, 500.0)):
        for lag_ms, n in zip(*correlogram(trains[a], trains[a], bin_ms, lag, True)):
            rows.append((1, a, a, bin_ms, lag, lag_ms, n))
    write("correlations_correlograms.csv", "kind,a,b,bin_ms,max_lag_ms,lag_ms,count", rows)
    rows = []
    for bin_ms in (1.0, 5.0, 50.0):
        for sigma in (0.0, 2.0, 20.0):
            rows.append((bin_ms, sigma, chi2(counts(trains, bin_ms), bin_ms, sigma)))
    write("correlations_synchrony.csv", "bin_ms,sigma_ms,chi2", rows)
    x = rng.normal(size=300)
    y = 0.3 * x + rng.normal(size=300) + 1e3
    r = scipy.stats.pearsonr(x, y)[0]
    write("correlations_pearsonr.csv", "x,y,r", [(a, b, r) for a, b in zip(x, y)])


if __name__ == "__main__":
    main()
