#!/usr/bin/python3
"""Reference spectra from SciPy for the C tests (tests/test_analysis_spectra.c).

Run with Debian's Python (needs python3-scipy, 1.10 was used):

    /usr/bin/python3 tests/reference/make_spectra.py

Writes spectra.csv next to this script, so that the C suite alone (without
the Python package) pins axon's spectra to SciPy's.  The signal itself is in
the file (the C test cannot draw numpy's random numbers): 600 samples of an
offset, a trend, a sine and normal noise (numpy default_rng(2024)), at
dt = 0.5 ms (fs = 2000 Hz).  Rows, each with a config number:

config, k, x, f, p
  0   the signal: x = sample k (f, p unused)
  1   scipy.signal.welch(x, fs, nperseg=128)  (hann, half overlap, constant, density, mean)
  2   welch(x, fs, window="hamming", nperseg=101, noverlap=30, nfft=128, detrend="linear",
      scaling="spectrum", average="median")
  3   welch(x, fs, window="boxcar", nperseg=64, noverlap=0, detrend=False)
  4   scipy.signal.periodogram(x, fs)  (boxcar, constant, density)
  5   periodogram(x, fs, window="hann", detrend="linear", scaling="spectrum")
  6   x = power1[k], f = power2[k], p = the seed's distance
      wasserstein_distance(idx, idx, power1/max1, power2/max2) * (max1 - max2)**2 (same on each row)
Every number is written with 17 significant digits (repr).
"""
import csv
import os

import numpy as np
import scipy.signal
import scipy.stats

DT_MS = 0.5
FS = 1000.0 / DT_MS


def main():
    rng = np.random.default_rng(2024)
    n = 600
    t = np.arange(n)
    x = 2.0 + 0.004 * t + 1.5 * np.sin(2 * np.pi * t / 23.0) + rng.normal(0, 1, n)
    rows = [(0, k, v, 0.0, 0.0) for k, v in enumerate(x)]
    spectra = [
        scipy.signal.welch(x, FS, nperseg=128),
        scipy.signal.welch(x, FS, window="hamming", nperseg=101, noverlap=30, nfft=128, detrend="linear",
                           scaling="spectrum", average="median"),
        scipy.signal.welch(x, FS, window="boxcar", nperseg=64, noverlap=0, detrend=False),
        scipy.signal.periodogram(x, FS),
        scipy.signal.periodogram(x, FS, window="hann", detrend="linear", scaling="spectrum"),
    ]
    for c, (f, p) in enumerate(spectra, start=1):
        rows += [(c, k, 0.0, fk, pk) for k, (fk, pk) in enumerate(zip(f, p))]
    p1, p2 = rng.random(40) * 3.0, rng.random(40)
    p1[[3, 17]] = 0.0
    idx = np.arange(40, dtype=float)
    d = scipy.stats.wasserstein_distance(idx, idx, p1 / p1.max(), p2 / p2.max()) * (p1.max() - p2.max()) ** 2
    rows += [(6, k, a, b, d) for k, (a, b) in enumerate(zip(p1, p2))]
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "spectra.csv")
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["config", "k", "x", "f", "p"])
        for r in rows:
            w.writerow([r[0], r[1]] + [repr(float(v)) for v in r[2:]])


if __name__ == "__main__":
    main()
