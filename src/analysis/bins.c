/*
 * bins.c - equal bins over an interval, shared by the population rate, the
 * ISI histogram, the Fano factor's windows and the streaming statistics.
 *
 * A bin's edges are j * width computed as doubles (as numpy.arange and
 * numpy.histogram have them), and a value's bin is decided by comparing it
 * with those edges, not by floor(x / width) alone, whose rounding can put
 * a value that lies exactly on an edge into the bin below.
 */
#include <math.h>

#include "analysis/analysis.h"

size_t ax_bin_count(double span, double width, size_t max_bins)
{
    double q = span / width, r = nearbyint(q);
    double n = fabs(q - r) <= 1e-9 ? r : ceil(q);
    if (n < 1)
        n = 1;
    if (!(n <= (double)max_bins))
        return 0;
    return (size_t)n;
}

size_t ax_bin_of(double x, double w, size_t n_bins, double end)
{
    if (x > end)
        return SIZE_MAX;
    double f = floor(x / w);
    size_t j = f < 0 ? 0 : f >= (double)n_bins ? n_bins - 1 : (size_t)f;
    while (j > 0 && x < (double)j * w)
        j--;
    while (j + 1 < n_bins && x >= (double)(j + 1) * w)
        j++;
    return j;
}

ax_status ax_check_rate_bins(double span, double bin_ms, double sigma_ms, const char *caller, ax_error *err)
{
    if (!(isfinite(bin_ms) && bin_ms > 0 && bin_ms <= span))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: bin_ms = %g is not allowed: a finite width > 0 and no "
                                "longer than the interval (%g ms)", caller, bin_ms, span);
    if (!(isfinite(sigma_ms) && sigma_ms >= 0))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: sigma_ms = %g is not allowed: a finite width >= 0 "
                                "(0: no smoothing)", caller, sigma_ms);
    if (!ax_bin_count(span, bin_ms, (size_t)1 << 32))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: bin_ms = %g cuts the interval of %g ms into more than "
                                "2^32 bins", caller, bin_ms, span);
    return AX_OK;
}

ax_status ax_check_isi_bins(double bin_ms, double max_isi_ms, const char *caller, ax_error *err)
{
    if (!(isfinite(max_isi_ms) && max_isi_ms > 0))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: max_isi_ms = %g is not allowed: a finite interval > 0",
                                caller, max_isi_ms);
    if (!(isfinite(bin_ms) && bin_ms > 0 && bin_ms <= max_isi_ms))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: bin_ms = %g is not allowed: a finite width > 0 and no "
                                "larger than max_isi_ms (%g)", caller, bin_ms, max_isi_ms);
    if (!ax_bin_count(max_isi_ms, bin_ms, (size_t)1 << 32))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: bin_ms = %g cuts max_isi_ms = %g into more than 2^32 "
                                "bins", caller, bin_ms, max_isi_ms);
    return AX_OK;
}
