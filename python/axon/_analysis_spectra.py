"""axon.analysis, spectra of signals (docs/analysis.md "Spectra"); re-exported by axon.analysis.

A signal is a 1-D array of evenly spaced samples with its sampling interval
``dt_ms`` in milliseconds; frequencies are in Hz, densities in
(signal unit)**2 / Hz.  The computations are libaxon's (FFTW for the
transforms); welch and periodogram match scipy.signal's functions of the
same names.
"""
import math

import numpy as np

from . import _axon
from .errors import ArgumentError

__all__ = ["BANDS", "welch", "periodogram", "power_density", "band_power", "peak_frequency", "spectrum_distance"]

#: The classical EEG bands, in Hz (lower, upper): names band_power and peak_frequency accept.
BANDS = {
    "delta": (0.5, 4.0),
    "theta": (4.0, 8.0),
    "alpha": (8.0, 13.0),
    "beta": (13.0, 30.0),
    "gamma": (30.0, 100.0),
}

_WINDOWS = {"hann": 0, "hamming": 1, "boxcar": 2}
_DETRENDS = {"constant": 0, "none": 1, "linear": 2}
_SCALINGS = {"density": 0, "spectrum": 1}
_AVERAGES = {"mean": 0, "median": 1}


def _real(call, signal):
    """The library's spectra are one-sided, for real signals: a complex one is refused, not cut to its real part."""
    if np.iscomplexobj(signal):
        raise ArgumentError("%s: the signal is complex: a real signal is allowed (take .real or abs() first)" % call)
    return signal


def _code(call, what, value, table):
    if value is False or value is None:
        value = "none" if what == "detrend" else value
    if value not in table:
        raise ArgumentError("%s: %s = %r is unknown: %s are allowed"
                            % (call, what, value, ", ".join(repr(k) for k in table)))
    return table[value]


def _count(call, what, value, least=1):
    """A count given by the caller (None: not given, 0 to the library)."""
    if value is None:
        return 0
    try:
        whole = not isinstance(value, bool) and int(value) == value and value >= least
    except (TypeError, ValueError):
        whole = False
    if not whole:
        raise ArgumentError("%s: %s = %r: a whole number >= %d is allowed" % (call, what, value, least))
    return int(value)


def welch(signal, dt_ms, *, window="hann", nperseg=None, segment_ms=None, noverlap=None, nfft=None,
          detrend="constant", scaling="density", average="mean", symmetric=False):
    """Welch's power spectral density estimate, as ``scipy.signal.welch(signal, fs=1000/dt_ms, ...)``.

    The signal is cut into segments of ``nperseg`` samples (or ``segment_ms``
    ms; default 256 samples, SciPy's) overlapping by ``noverlap`` samples
    (default half a segment); each is detrended (``"constant"``, ``"linear"``
    or ``"none"``/False), windowed (``"hann"``, ``"hamming"``, ``"boxcar"``;
    periodic as SciPy's welch uses them, or ``symmetric=True``), zero-padded
    to ``nfft`` and transformed; the one-sided periodograms are averaged
    (``"mean"``, or ``"median"`` with SciPy's bias correction).
    ``scaling="density"`` gives (unit)**2/Hz, ``"spectrum"`` (unit)**2.

    Returns ``(freqs_hz, power)``, two arrays of ``nfft // 2 + 1`` values.
    Raises ArgumentError for a segment longer than the signal, ``noverlap >=
    nperseg``, ``dt_ms <= 0``, a NaN or infinite sample, an unknown name.
    """
    call = "welch"
    if segment_ms is not None and not (isinstance(segment_ms, (int, float)) and segment_ms > 0):
        raise ArgumentError("welch: segment_ms = %r: a number > 0 is allowed" % (segment_ms,))
    noverlap = -1 if noverlap is None else _count(call, "noverlap", noverlap, 0)   # -1: half a segment
    return _axon.signal_welch(_real(call, signal), float(dt_ms), _code(call, "window", window, _WINDOWS), bool(symmetric),
                              _count(call, "nperseg", nperseg), float(segment_ms or 0.0), noverlap,
                              _count(call, "nfft", nfft), _code(call, "detrend", detrend, _DETRENDS),
                              _code(call, "scaling", scaling, _SCALINGS), _code(call, "average", average, _AVERAGES))


def periodogram(signal, dt_ms, *, window="boxcar", detrend="constant", scaling="density"):
    """The periodogram of the whole signal, as ``scipy.signal.periodogram(signal, fs=1000/dt_ms, ...)``.

    Returns ``(freqs_hz, power)`` with ``len(signal) // 2 + 1`` values at
    ``k * fs / n`` Hz.  Windows, detrending and scaling as in :func:`welch`.
    """
    call = "periodogram"
    return _axon.signal_periodogram(_real(call, signal), float(dt_ms), _code(call, "window", window, _WINDOWS),
                                    _code(call, "detrend", detrend, _DETRENDS),
                                    _code(call, "scaling", scaling, _SCALINGS))


def power_density(signal, dt_ms):
    """The main seed's power density (its ``get_power_density``), in Hz and (unit)**2/Hz.

    ``S_k = 2 dt / n |X_k|**2`` of the mean-removed signal for ``k < n // 2``,
    at ``k / (n dt)`` Hz (dt in seconds).  Equal to :func:`periodogram`'s
    defaults at ``0 < k < n // 2``; its 0 Hz bin is doubled (about 0 after the
    mean is removed) and it has no last bin (docs/analysis.md "Spectra").
    Returns ``(freqs_hz, power)``; ``n >= 2`` samples are needed.
    """
    return _axon.signal_power_density(_real("power_density", signal), float(dt_ms))


def _band(call, band):
    if isinstance(band, str):
        if band not in BANDS:
            raise ArgumentError("%s: band %r is unknown: %s or (f_lo, f_hi) in Hz are allowed"
                                % (call, band, ", ".join(repr(k) for k in BANDS)))
        return BANDS[band]
    try:
        lo, hi = band
        return float(lo), float(hi)
    except (TypeError, ValueError):
        raise ArgumentError("%s: band = %r: a name of BANDS or (f_lo, f_hi) in Hz is allowed" % (call, band)) from None


def band_power(freqs_hz, power, band, *, relative=False):
    """The power of a density in a band: the trapezoid rule over [f_lo, f_hi].

    ``band`` is a name of :data:`BANDS` (``"alpha"``) or ``(f_lo, f_hi)`` in
    Hz.  The integral of the straight lines between the bins over the band
    (its ends interpolated): ``numpy.trapz(power[m], freqs_hz[m])`` with
    ``m = (f_lo <= freqs_hz) & (freqs_hz <= f_hi)`` when the ends are bin
    frequencies.  ``relative=True``: divided by the integral over the whole
    spectrum (NaN when that is 0).  The band must lie within the
    spectrum's frequencies.
    """
    lo, hi = _band("band_power", band)
    return _axon.spectrum_band_power(freqs_hz, power, lo, hi, bool(relative))


def peak_frequency(freqs_hz, power, band=None):
    """The frequency (Hz) of the largest power, among the bins in ``band`` (all when None).

    ``band`` as in :func:`band_power`, ends included; ties go to the lowest
    frequency (``numpy.argmax``).  Raises ArgumentError when no bin lies in
    the band.
    """
    lo, hi = (-math.inf, math.inf) if band is None else _band("peak_frequency", band)
    return _axon.spectrum_peak_frequency(freqs_hz, power, lo, hi)[0]


def spectrum_distance(power1, power2):
    """The main seed's comparison of two spectra (its ``power_density_comparison``).

    ``EMD(power1 / max1, power2 / max2) * (max1 - max2)**2``, the earth
    mover's distance of ``scipy.stats.wasserstein_distance`` with the bin
    indices as values and the max-normalised spectra as weights.  Both
    spectra have the same bins; neither may be 0 everywhere.
    """
    return _axon.spectrum_distance(power1, power2)
