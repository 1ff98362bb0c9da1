/*
 * band_power.c - what a spectrum holds in a frequency band: the power
 * (trapezoid rule over the band, its ends interpolated), its share of the
 * total, and the frequency of the largest bin.
 */
#include <math.h>

#include "analysis/analysis.h"

/* freqs finite and strictly increasing, powers finite and >= 0. */
static ax_status check_spectrum(const double *freqs_hz, const double *power, size_t n, size_t n_min,
                                const char *caller, ax_error *err)
{
    if (!freqs_hz)
        return ax_error_null(err, caller, "freqs_hz");
    if (!power)
        return ax_error_null(err, caller, "power");
    if (n < n_min)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the spectrum has %zu bins: at least %zu are needed",
                                caller, n, n_min);
    for (size_t k = 0; k < n; k++) {
        if (!isfinite(freqs_hz[k]) || (k > 0 && !(freqs_hz[k] > freqs_hz[k - 1])))
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: freqs_hz[%zu] = %g: frequencies must be finite and strictly increasing",
                                    caller, k, freqs_hz[k]);
        if (!isfinite(power[k]) || power[k] < 0)
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: power[%zu] = %g: powers must be finite and >= 0",
                                    caller, k, power[k]);
    }
    return AX_OK;
}

/* What both band powers check: out, the spectrum (two bins at least: a
 * trapezoid), and the band: finite, f_lo < f_hi, inside the frequencies. */
static ax_status check_band(const double *freqs_hz, const double *power, size_t n, double f_lo, double f_hi,
                            const double *out, const char *caller, ax_error *err)
{
    if (!out)
        return ax_error_null(err, caller, "out");
    ax_status st = check_spectrum(freqs_hz, power, n, 2, caller, err);
    if (st != AX_OK)
        return st;
    if (!isfinite(f_lo) || !isfinite(f_hi) || !(f_lo < f_hi))
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the band [f_lo, f_hi] = [%g, %g] Hz: both finite and f_lo < f_hi are allowed",
                                caller, f_lo, f_hi);
    if (f_lo < freqs_hz[0] || f_hi > freqs_hz[n - 1])
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the band [%g, %g] Hz reaches outside the spectrum's frequencies [%g, %g] Hz",
                                caller, f_lo, f_hi, freqs_hz[0], freqs_hz[n - 1]);
    return AX_OK;
}

/* The density at f inside [f0, f1], on the line between the two bins. */
static double between(double f, double f0, double p0, double f1, double p1)
{
    if (f == f0)
        return p0;
    if (f == f1)
        return p1;
    return p0 + (p1 - p0) * (f - f0) / (f1 - f0);
}

/* The integral of the piecewise-linear density over [lo, hi], inside the
 * frequency range: the trapezoids of each stretch between bins, clipped. */
static double integral(const double *f, const double *p, size_t n, double lo, double hi)
{
    double sum = 0;
    for (size_t k = 0; k + 1 < n; k++) {
        if (f[k + 1] <= lo || f[k] >= hi)
            continue;
        double a = f[k] > lo ? f[k] : lo, b = f[k + 1] < hi ? f[k + 1] : hi;
        double pa = between(a, f[k], p[k], f[k + 1], p[k + 1]), pb = between(b, f[k], p[k], f[k + 1], p[k + 1]);
        sum += (b - a) * (pa + pb) / 2.0;
    }
    return sum;
}

ax_status ax_spectrum_band_power(const double *freqs_hz, const double *power, size_t n, double f_lo, double f_hi,
                                 double *out, ax_error *err)
{
    ax_status st = check_band(freqs_hz, power, n, f_lo, f_hi, out, "ax_spectrum_band_power", err);
    if (st != AX_OK)
        return st;
    *out = integral(freqs_hz, power, n, f_lo, f_hi);
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_spectrum_relative_band_power(const double *freqs_hz, const double *power, size_t n, double f_lo,
                                          double f_hi, double *out, ax_error *err)
{
    ax_status st = check_band(freqs_hz, power, n, f_lo, f_hi, out, "ax_spectrum_relative_band_power", err);
    if (st != AX_OK)
        return st;
    double total = integral(freqs_hz, power, n, freqs_hz[0], freqs_hz[n - 1]);
    *out = total > 0 ? integral(freqs_hz, power, n, f_lo, f_hi) / total : NAN;   /* a silent spectrum has no shares */
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_spectrum_peak_frequency(const double *freqs_hz, const double *power, size_t n, double f_lo,
                                     double f_hi, double *freq_hz, double *peak, ax_error *err)
{
    const char *caller = "ax_spectrum_peak_frequency";
    if (!freq_hz)
        return ax_error_null(err, caller, "freq_hz");
    ax_status st = check_spectrum(freqs_hz, power, n, 1, caller, err);
    if (st != AX_OK)
        return st;
    if (isnan(f_lo) || isnan(f_hi) || f_lo > f_hi)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the band [f_lo, f_hi] = [%g, %g] Hz: not NaN and f_lo <= f_hi are allowed",
                                caller, f_lo, f_hi);
    size_t best = n;
    for (size_t k = 0; k < n; k++)
        if (freqs_hz[k] >= f_lo && freqs_hz[k] <= f_hi && (best == n || power[k] > power[best]))
            best = k;
    if (best == n)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: no bin of the spectrum ([%g, %g] Hz) lies in the band "
                                "[%g, %g] Hz", caller, freqs_hz[0], freqs_hz[n - 1], f_lo, f_hi);
    *freq_hz = freqs_hz[best];
    if (peak)
        *peak = power[best];
    ax_error_ok(err);
    return AX_OK;
}
