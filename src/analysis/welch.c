/*
 * welch.c - Welch's power spectrum estimate and the periodogram, computed
 * as scipy.signal.welch and scipy.signal.periodogram compute them: the
 * signal cut into overlapping segments, each detrended, windowed,
 * zero-padded and transformed by FFTW, the one-sided periodograms scaled
 * and averaged (docs/analysis.md "Spectra").
 */
#include <fftw3.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"

enum { DEFAULT_NPERSEG = 256 };   /* scipy.signal.welch's, for a window given by name */

ax_status ax_signal_welch_defaults(ax_welch_spec *spec, ax_error *err)
{
    if (!spec)
        return ax_error_null(err, "ax_signal_welch_defaults", "spec");
    *spec = (ax_welch_spec){.window = AX_WINDOW_HANN, .symmetric = false, .nperseg = 0, .segment_ms = 0,
                            .noverlap = AX_WELCH_HALF_OVERLAP, .nfft = 0, .detrend = AX_DETREND_CONSTANT,
                            .scaling = AX_PSD_DENSITY, .average = AX_WELCH_MEAN};
    ax_error_ok(err);
    return AX_OK;
}

/* The segmentation a spec asks for, checked against the signal. */
typedef struct segmentation {
    size_t nperseg, nstep, nfft, nseg, nbins;
} segmentation;

static ax_status segment_length(const ax_welch_spec *s, size_t n, double dt_ms, const char *caller, size_t *out,
                                ax_error *err)
{
    if (s->nperseg > 0 && s->segment_ms != 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: both nperseg (%zu) and segment_ms (%g) are given: give one of them", caller,
                                s->nperseg, s->segment_ms);
    *out = s->nperseg;
    if (s->nperseg == 0 && s->segment_ms == 0)
        *out = DEFAULT_NPERSEG;
    if (s->nperseg == 0 && s->segment_ms != 0) {
        double q = s->segment_ms / dt_ms, r = round(q);
        if (!isfinite(q) || r < 1 || fabs(q - r) > 1e-9 * r)
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: segment_ms = %g is %g samples of dt_ms = %g: it must be a whole number >= 1 "
                                    "of samples", caller, s->segment_ms, q, dt_ms);
        if (r > (double)SIZE_MAX / 2)
            r = (double)SIZE_MAX / 2;   /* longer than any signal: refused below */
        *out = (size_t)r;
    }
    if (*out > n)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the segment (nperseg = %zu samples%s) is longer than the signal (%zu samples): "
                                "it must be at most n", caller, *out,
                                s->nperseg == 0 && s->segment_ms == 0 ? ", the default" : "", n);
    return AX_OK;
}

static ax_status segmentation_of(const ax_welch_spec *s, size_t n, double dt_ms, const char *caller,
                                 segmentation *g, ax_error *err)
{
    if ((unsigned)s->window > AX_WINDOW_BOXCAR)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: window %d is unknown: AX_WINDOW_HANN (0), _HAMMING (1) "
                                "or _BOXCAR (2) are allowed", caller, (int)s->window);
    if ((unsigned)s->detrend > AX_DETREND_LINEAR)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: detrend %d is unknown: AX_DETREND_CONSTANT (0), _NONE (1) "
                                "or _LINEAR (2) are allowed", caller, (int)s->detrend);
    if ((unsigned)s->scaling > AX_PSD_SPECTRUM)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: scaling %d is unknown: AX_PSD_DENSITY (0) or "
                                "AX_PSD_SPECTRUM (1) are allowed", caller, (int)s->scaling);
    if ((unsigned)s->average > AX_WELCH_MEDIAN)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: average %d is unknown: AX_WELCH_MEAN (0) or "
                                "AX_WELCH_MEDIAN (1) are allowed", caller, (int)s->average);
    ax_status st = segment_length(s, n, dt_ms, caller, &g->nperseg, err);
    if (st != AX_OK)
        return st;
    size_t noverlap = g->nperseg / 2;
    if (s->noverlap != AX_WELCH_HALF_OVERLAP) {
        if (s->noverlap < 0 || (uint64_t)s->noverlap >= g->nperseg)
            return ax_error_fail(err, AX_ERR_ARGUMENT,
                                    "%s: noverlap = %lld with nperseg = %zu: 0 <= noverlap < nperseg (or "
                                    "AX_WELCH_HALF_OVERLAP) is allowed", caller, (long long)s->noverlap, g->nperseg);
        noverlap = (size_t)s->noverlap;
    }
    g->nfft = s->nfft ? s->nfft : g->nperseg;
    if (g->nfft < g->nperseg || g->nfft > INT_MAX)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: nfft = %zu with nperseg = %zu: nperseg <= nfft <= %d is "
                                "allowed", caller, g->nfft, g->nperseg, INT_MAX);
    g->nstep = g->nperseg - noverlap;
    g->nseg = (n - g->nperseg) / g->nstep + 1;
    g->nbins = g->nfft / 2 + 1;
    return AX_OK;
}

/* scipy.signal.windows.general_cosine with two terms, computed as SciPy
 * does (so that the two agree to the last bits): a periodic window of m
 * points is the symmetric one of m + 1 points without its last point. */
static void make_window(ax_spectrum_window kind, bool symmetric, size_t m, double *w)
{
    if (kind == AX_WINDOW_BOXCAR || m == 1) {
        for (size_t k = 0; k < m; k++)
            w[k] = 1.0;
        return;
    }
    double a0 = kind == AX_WINDOW_HANN ? 0.5 : 0.54, a1 = 1.0 - a0;
    size_t points = symmetric ? m : m + 1;
    double step = (M_PI - -M_PI) / (double)(points - 1);   /* numpy.linspace(-pi, pi, points) */
    for (size_t k = 0; k < m; k++) {
        double fac = k == points - 1 ? M_PI : (double)k * step + -M_PI;
        w[k] = a0 + a1 * cos(fac);
    }
}

/* scipy.signal.detrend of one segment, in place. */
static void detrend(double *x, size_t m, ax_spectrum_detrend how)
{
    if (how == AX_DETREND_NONE)
        return;
    double mean = 0;
    for (size_t i = 0; i < m; i++)
        mean += x[i];
    mean /= (double)m;
    if (how == AX_DETREND_CONSTANT) {
        for (size_t i = 0; i < m; i++)
            x[i] -= mean;
        return;
    }
    /* the least-squares line, with times centred so that slope and mean are independent */
    double centre = (double)(m - 1) / 2, stt = 0, sty = 0;
    for (size_t i = 0; i < m; i++) {
        double t = (double)i - centre;
        stt += t * t;
        sty += t * (x[i] - mean);
    }
    double slope = stt > 0 ? sty / stt : 0;
    for (size_t i = 0; i < m; i++)
        x[i] -= mean + slope * ((double)i - centre);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* SciPy's _median_bias: the median of K chi^2_2 periodograms over their mean. */
static double median_bias(size_t k)
{
    double b = 1;
    for (size_t i = 1; i <= (k - 1) / 2; i++)
        b += 1.0 / (double)(2 * i + 1) - 1.0 / (double)(2 * i);
    return b;
}

/* The median over segments of each bin (rows of `each`: one bin's K values), bias-corrected. */
static void median_of_segments(double *each, size_t nseg, size_t nbins, double *power)
{
    double bias = nseg > 1 ? median_bias(nseg) : 1.0;
    /* each bin on its own: the result does not depend on the threads */
    #pragma omp parallel for schedule(static) if (nseg * nbins > 65536)
    for (size_t k = 0; k < nbins; k++) {
        double *v = each + k * nseg;
        qsort(v, nseg, sizeof *v, by_value);
        double med = nseg % 2 ? v[nseg / 2] : (v[nseg / 2 - 1] + v[nseg / 2]) / 2;
        power[k] = med / bias;
    }
}

typedef struct fft_work {
    double *window, *in;
    fftw_complex *X;
    double *each;        /* median: K values per bin */
    fftw_plan plan;
} fft_work;

static void work_free(fft_work *w)
{
    if (w->plan) {
        ax_analysis_fftw_ready();
        fftw_destroy_plan(w->plan);
    }
    free(w->window);
    free(w->each);
    fftw_free(w->in);
    fftw_free(w->X);
}

static ax_status work_make(const ax_welch_spec *s, const segmentation *g, const char *caller, fft_work *w,
                           ax_error *err)
{
    memset(w, 0, sizeof *w);
    w->window = malloc(g->nperseg * sizeof(double));
    w->in = fftw_alloc_real(g->nfft);
    w->X = fftw_alloc_complex(g->nbins);
    bool need_each = s->average == AX_WELCH_MEDIAN;
    if (need_each && g->nbins <= SIZE_MAX / sizeof(double) / g->nseg)
        w->each = malloc(g->nseg * g->nbins * sizeof(double));
    if (w->window && w->in && w->X && (!need_each || w->each)) {
        ax_analysis_fftw_ready();
        w->plan = fftw_plan_dft_r2c_1d((int)g->nfft, w->in, w->X, FFTW_ESTIMATE);
    }
    if (!w->plan) {
        work_free(w);
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu segments of %zu samples (nfft %zu)",
                                caller, g->nseg, g->nperseg, g->nfft);
    }
    return AX_OK;
}

static ax_status welch(const double *x, size_t n, double dt_ms, const ax_welch_spec *s, const char *caller,
                       ax_spectrum *out, ax_error *err)
{
    segmentation g = {0};
    ax_status st = segmentation_of(s, n, dt_ms, caller, &g, err);
    fft_work w = {0};
    if (st == AX_OK)
        st = work_make(s, &g, caller, &w, err);
    if (st != AX_OK)
        return st;
    if ((st = ax_analysis_spectrum_alloc(out, g.nbins, caller, err)) != AX_OK) {
        work_free(&w);
        return st;
    }
    make_window(s->window, s->symmetric, g.nperseg, w.window);
    double fs = 1000.0 / dt_ms, sum_w = 0, sum_w2 = 0;
    for (size_t i = 0; i < g.nperseg; i++) {
        sum_w += w.window[i];
        sum_w2 += w.window[i] * w.window[i];
    }
    double scale = s->scaling == AX_PSD_DENSITY ? 1.0 / (fs * sum_w2) : 1.0 / (sum_w * sum_w);
    bool even = g.nfft % 2 == 0;
    memset(out->power, 0, g.nbins * sizeof(double));
    for (size_t seg = 0; seg < g.nseg; seg++) {
        memcpy(w.in, x + seg * g.nstep, g.nperseg * sizeof(double));
        detrend(w.in, g.nperseg, s->detrend);
        for (size_t i = 0; i < g.nperseg; i++)
            w.in[i] *= w.window[i];
        for (size_t i = g.nperseg; i < g.nfft; i++)
            w.in[i] = 0;
        fftw_execute(w.plan);
        for (size_t k = 0; k < g.nbins; k++) {
            double v = (w.X[k][0] * w.X[k][0] + w.X[k][1] * w.X[k][1]) * scale;
            if (k > 0 && !(even && k == g.nbins - 1))
                v *= 2;   /* the negative frequencies' half: all but 0 Hz and Nyquist */
            if (w.each)
                w.each[k * g.nseg + seg] = v;
            else
                out->power[k] += v;
        }
    }
    if (w.each)
        median_of_segments(w.each, g.nseg, g.nbins, out->power);
    else
        for (size_t k = 0; k < g.nbins; k++)
            out->power[k] /= (double)g.nseg;
    double df = 1.0 / ((double)g.nfft * (1.0 / fs));   /* numpy.fft.rfftfreq(nfft, 1 / fs) */
    for (size_t k = 0; k < g.nbins; k++)
        out->freqs_hz[k] = (double)k * df;
    work_free(&w);
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_signal_welch(const double *signal, size_t n, double dt_ms, const ax_welch_spec *spec,
                          ax_spectrum *out, ax_error *err)
{
    const char *caller = "ax_signal_welch";
    if (!out)
        return ax_error_null(err, caller, "out");
    *out = (ax_spectrum){0, NULL, NULL};
    ax_status st = ax_analysis_check_signal(signal, n, dt_ms, 1, caller, err);
    if (st != AX_OK)
        return st;
    ax_welch_spec defaults;
    ax_signal_welch_defaults(&defaults, NULL);
    return welch(signal, n, dt_ms, spec ? spec : &defaults, caller, out, err);
}

ax_status ax_signal_periodogram(const double *signal, size_t n, double dt_ms, ax_spectrum_window window,
                                ax_spectrum_detrend detrend_how, ax_spectrum_scaling scaling, ax_spectrum *out,
                                ax_error *err)
{
    const char *caller = "ax_signal_periodogram";
    if (!out)
        return ax_error_null(err, caller, "out");
    *out = (ax_spectrum){0, NULL, NULL};
    ax_status st = ax_analysis_check_signal(signal, n, dt_ms, 1, caller, err);
    if (st != AX_OK)
        return st;
    /* scipy.signal.periodogram is welch with one segment of the whole signal */
    ax_welch_spec s = {.window = window, .nperseg = n, .noverlap = 0, .detrend = detrend_how, .scaling = scaling,
                       .average = AX_WELCH_MEAN};
    return welch(signal, n, dt_ms, &s, caller, out, err);
}
