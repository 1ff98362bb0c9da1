/*
 * test_analysis_spectra.c - spectra of signals (docs/analysis.md "Spectra")
 * against closed forms: a sine's power (Parseval) where it belongs, white
 * noise's flat density 2 s^2 dt, band powers of linear densities (which the
 * trapezoid rule integrates exactly), the seed's spectrum distance on
 * distributions whose CDFs are known by hand; and the calls' edge cases.
 * SciPy's own spectra of one signal (tests/reference/make_spectra.py, 1e-10)
 * pin the C suite to it; the live comparisons on many signals are in
 * tests/python/test_analysis_spectra.py.
 */
#include <stdint.h>

#include "helpers.h"

/* A normal variate from a fixed stream (splitmix64, Box-Muller): the test
 * needs noise that is the same on every machine, not a good generator. */
static uint64_t mix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double normal(uint64_t *s)
{
    double u = ((double)(mix(s) >> 11) + 0.5) / 9007199254740992.0, v = (double)(mix(s) >> 11) / 9007199254740992.0;
    return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

/* A sine of amplitude a at frequency f_hz plus a constant, n samples every dt_ms. */
static double *sine(size_t n, double dt_ms, double a, double f_hz, double offset)
{
    double *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++)
        x[i] = offset + a * sin(2 * M_PI * f_hz * (double)i * dt_ms / 1000.0 + 0.3);
    return x;
}


static void spectrum_free(ax_spectrum *s)
{
    ax_array_free(s->freqs_hz);
    ax_array_free(s->power);
}

/* The index of frequency f in s (it is a bin frequency). */
static size_t bin_of(const ax_spectrum *s, double f)
{
    for (size_t k = 0; k < s->n; k++)
        if (fabs(s->freqs_hz[k] - f) < 1e-9 * (1 + f))
            return k;
    cr_assert_fail("%g Hz is not a bin of the spectrum", f);
    return 0;
}

Test(spectra, a_sine_at_a_bin_puts_its_power_there_parseval)
{
    /* 1000 samples at 1 ms: bins every 1 Hz; 50 Hz is bin 50.  A^2/2 = 4.5 */
    const size_t n = 1000;
    const double A = 3, f0 = 50, dt = 1.0;
    double *x = sine(n, dt, A, f0, 7.0);
    ax_error err;
    ax_spectrum s;
    /* the periodogram's density integrates (sum times df) to the variance A^2/2: a missing
     * one-sided doubling gives 2.25, a density in 1/ms instead of 1/s 4500 */
    cr_assert_eq(ax_signal_periodogram(x, n, dt, AX_WINDOW_BOXCAR, AX_DETREND_CONSTANT, AX_PSD_DENSITY, &s, &err),
                 AX_OK, "%s", err.message);
    cr_assert_eq(s.n, n / 2 + 1);
    double df = s.freqs_hz[1] - s.freqs_hz[0], total = 0;
    cr_assert_float_eq(df, 1.0, 1e-12);
    for (size_t k = 0; k < s.n; k++)
        total += s.power[k] * df;
    cr_expect_float_eq(total, A * A / 2, 1e-9 * A * A, "Parseval: %.15g", total);
    size_t k0 = bin_of(&s, f0);
    cr_expect_float_eq(s.power[k0] * df, A * A / 2, 1e-9 * A * A, "all of it at %g Hz", f0);
    spectrum_free(&s);
    /* the spectrum scaling gives A^2/2 at the sine's bin, also through a periodic Hann
     * window (whose leakage lands in the neighbouring bins only) */
    ax_welch_spec w;
    ax_signal_welch_defaults(&w, NULL);
    w.nperseg = 200;   /* 5 Hz bins: 50 Hz is bin 10 of every segment */
    w.scaling = AX_PSD_SPECTRUM;
    cr_assert_eq(ax_signal_welch(x, n, dt, &w, &s, &err), AX_OK, "%s", err.message);
    k0 = bin_of(&s, f0);
    cr_expect_float_eq(s.power[k0], A * A / 2, 1e-9 * A * A, "Hann, spectrum: %.15g", s.power[k0]);
    for (size_t k = 0; k < s.n; k++)
        if (k + 1 < k0 || k > k0 + 1)
            cr_expect_lt(s.power[k], 1e-20, "bin %zu (%g Hz) holds %g", k, s.freqs_hz[k], s.power[k]);
    spectrum_free(&s);
    free(x);
}

Test(spectra, white_noise_has_the_flat_density_2_s2_dt)
{
    /* variance s^2 = 4 sampled at dt = 0.5 ms: one-sided density 2 s^2 dt = 2 * 4 * 0.0005 = 0.004 /Hz;
     * averaged over 1023 segments and the inner bins the estimate is within ~0.5 % */
    const size_t n = 1 << 17;
    const double s2 = 4, dt = 0.5, level = 2 * s2 * dt / 1000;
    double *x = malloc(n * sizeof *x);
    uint64_t seed = 42;
    for (size_t i = 0; i < n; i++)
        x[i] = sqrt(s2) * normal(&seed);
    for (int average = AX_WELCH_MEAN; average <= AX_WELCH_MEDIAN; average++) {
        ax_welch_spec w;
        ax_signal_welch_defaults(&w, NULL);
        w.average = (ax_welch_average)average;
        ax_error err;
        ax_spectrum s;
        cr_assert_eq(ax_signal_welch(x, n, dt, &w, &s, &err), AX_OK, "%s", err.message);
        cr_assert_eq(s.n, 129);
        cr_expect_float_eq(s.freqs_hz[128], 1000.0, 1e-9, "Nyquist 1/(2 dt) = 1000 Hz");
        double mean = 0;
        for (size_t k = 1; k < 128; k++)
            mean += s.power[k] / 127;
        /* the median without its bias correction would be 1/ln 2 = 1.44 times too low */
        cr_expect(fabs(mean / level - 1) < 0.03, "%s: mean density %g, expected %g",
                  average ? "median" : "mean", mean, level);
        spectrum_free(&s);
    }
    free(x);
}

Test(spectra, the_seeds_power_density_follows_its_formula)
{
    /* a sine at bin 40 of 1000 samples at 0.1 ms (10 Hz bins): S = 2 dt / N |X|^2 with |X_40| = A N / 2,
     * so S_40 = A^2 N dt / 2 and S_40 df = A^2 / 2 */
    const size_t n = 1000;
    const double A = 2, dt = 0.1;
    double *x = sine(n, dt, A, 400, -3.0);
    ax_error err;
    ax_spectrum s;
    cr_assert_eq(ax_signal_power_density(x, n, dt, &s, &err), AX_OK, "%s", err.message);
    cr_assert_eq(s.n, n / 2, "the first N/2 bins");
    cr_expect_float_eq(s.freqs_hz[1], 10.0, 1e-9, "df = 1/(N dt)");
    cr_expect_float_eq(s.freqs_hz[s.n - 1], 4990.0, 1e-6, "the last kept bin is below Nyquist");
    cr_expect_float_eq(s.power[40], A * A * n * (dt / 1000) / 2, 1e-12, "%.15g", s.power[40]);
    cr_expect_lt(s.power[0], 1e-25, "the mean is subtracted");
    spectrum_free(&s);
    free(x);
    /* odd n: floor(n/2) bins */
    double y[5] = {1, 2, 0, 4, 3};
    cr_assert_eq(ax_signal_power_density(y, 5, 1.0, &s, &err), AX_OK, "%s", err.message);
    cr_expect_eq(s.n, 2);
    spectrum_free(&s);
}

Test(spectra, band_power_integrates_linear_densities_exactly)
{
    /* p(f) = f on 0 .. 10 Hz: the integral over [a, b] is (b^2 - a^2) / 2, which the trapezoid rule
     * on the interpolated line gets exactly - a rectangle sum (sum p df) over the bins inside the
     * band would give 2.5 + 3 + 3.5 = 9 for [2.5, 3.5] instead of 3 */
    double f[11], p[11], flat[11];
    for (int k = 0; k <= 10; k++)
        f[k] = k, p[k] = k, flat[k] = 2;
    ax_error err;
    double out;
    const double bands[][2] = {{2.5, 3.5}, {0, 10}, {3, 7}, {0.25, 0.75}, {9.9, 10}};
    for (size_t b = 0; b < 5; b++) {
        double lo = bands[b][0], hi = bands[b][1];
        cr_assert_eq(ax_spectrum_band_power(f, p, 11, lo, hi, &out, &err), AX_OK, "%s", err.message);
        cr_expect_float_eq(out, (hi * hi - lo * lo) / 2, 1e-12, "[%g, %g]: %.15g", lo, hi, out);
        cr_assert_eq(ax_spectrum_relative_band_power(f, p, 11, lo, hi, &out, &err), AX_OK, "%s", err.message);
        cr_expect_float_eq(out, (hi * hi - lo * lo) / 100, 1e-12, "relative [%g, %g]", lo, hi);
        cr_assert_eq(ax_spectrum_band_power(f, flat, 11, lo, hi, &out, &err), AX_OK, "%s", err.message);
        cr_expect_float_eq(out, 2 * (hi - lo), 1e-12, "flat [%g, %g]", lo, hi);
    }
    /* a silent spectrum has no shares: NAN, documented */
    double zero[11] = {0};
    cr_assert_eq(ax_spectrum_relative_band_power(f, zero, 11, 1, 2, &out, &err), AX_OK, "%s", err.message);
    cr_expect(isnan(out));
    cr_assert_eq(ax_spectrum_band_power(f, zero, 11, 1, 2, &out, &err), AX_OK, "%s", err.message);
    cr_expect_eq(out, 0.0);
    /* bad bands */
    cr_expect_eq(ax_spectrum_band_power(f, p, 11, 3, 2, &out, &err), AX_ERR_ARGUMENT);
    cr_expect_eq(ax_spectrum_band_power(f, p, 11, -1, 2, &out, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "reaches outside"), "%s", err.message);
    cr_expect_eq(ax_spectrum_band_power(f, p, 11, 1, INFINITY, &out, &err), AX_ERR_ARGUMENT);
    cr_expect_eq(ax_spectrum_band_power(f, p, 1, 0, 0.5, &out, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "at least 2"), "%s", err.message);
}

Test(spectra, peak_frequency_finds_the_sine_in_noise)
{
    const size_t n = 4000;
    const double dt = 1.0;
    double *x = sine(n, dt, 1.0, 40.0, 0.0);
    uint64_t seed = 7;
    for (size_t i = 0; i < n; i++)
        x[i] += normal(&seed);
    ax_welch_spec w;
    ax_signal_welch_defaults(&w, NULL);
    w.segment_ms = 500;   /* 500 samples: 2 Hz bins */
    ax_error err;
    ax_spectrum s;
    cr_assert_eq(ax_signal_welch(x, n, dt, &w, &s, &err), AX_OK, "%s", err.message);
    cr_assert_eq(s.n, 251);
    double fq, pk;
    cr_assert_eq(ax_spectrum_peak_frequency(s.freqs_hz, s.power, s.n, -INFINITY, INFINITY, &fq, &pk, &err), AX_OK);
    cr_expect_eq(fq, 40.0);
    cr_expect_eq(pk, s.power[20]);
    /* within a band that leaves it out, the noise's largest bin there */
    cr_assert_eq(ax_spectrum_peak_frequency(s.freqs_hz, s.power, s.n, 60, 100, &fq, NULL, &err), AX_OK);
    cr_expect(fq >= 60 && fq <= 100);
    spectrum_free(&s);
    free(x);
    /* ties: the lowest frequency, as numpy.argmax; band ends included */
    double f[] = {0, 1, 2, 3}, p[] = {1, 5, 5, 2};
    cr_assert_eq(ax_spectrum_peak_frequency(f, p, 4, -INFINITY, INFINITY, &fq, NULL, &err), AX_OK);
    cr_expect_eq(fq, 1.0);
    cr_assert_eq(ax_spectrum_peak_frequency(f, p, 4, 2, 3, &fq, NULL, &err), AX_OK);
    cr_expect_eq(fq, 2.0);
    cr_assert_eq(ax_spectrum_peak_frequency(f, p, 4, 3, 3, &fq, NULL, &err), AX_OK);
    cr_expect_eq(fq, 3.0);
}

Test(spectra, the_seeds_distance_by_hand)
{
    ax_error err;
    double d;
    /* u = [1, 1, 0] / 1: CDF [1/2, 1]; v = [0, 3, 3] / 3: CDF [0, 1/2]; EMD = 1/2 + 1/2 = 1;
     * times (1 - 3)^2 = 4 */
    double a[] = {1, 1, 0}, b[] = {0, 3, 3};
    cr_assert_eq(ax_spectrum_distance(a, b, 3, &d, &err), AX_OK, "%s", err.message);
    cr_expect_float_eq(d, 4.0, 1e-15, "%.17g", d);
    cr_assert_eq(ax_spectrum_distance(b, a, 3, &d, &err), AX_OK);
    cr_expect_float_eq(d, 4.0, 1e-15, "symmetric");
    /* a spike moved by 3 bins is 3 bins away: EMD 3, maxima 2 and 1: D = 3 */
    double c[] = {2, 0, 0, 0, 0}, e[] = {0, 0, 0, 1, 0};
    cr_assert_eq(ax_spectrum_distance(c, e, 5, &d, &err), AX_OK);
    cr_expect_float_eq(d, 3.0, 1e-15, "%.17g", d);
    /* the seed's factor: equal maxima give 0 whatever the shapes (documented) */
    double g[] = {2, 0, 0, 0, 0}, h[] = {0, 0, 0, 0, 2};
    cr_assert_eq(ax_spectrum_distance(g, h, 5, &d, &err), AX_OK);
    cr_expect_eq(d, 0.0);
    /* one bin: no gaps, 0 */
    cr_assert_eq(ax_spectrum_distance(a, b + 1, 1, &d, &err), AX_OK);
    cr_expect_eq(d, 0.0);
    double nan[] = {1, NAN, 0};
    cr_expect_eq(ax_spectrum_distance(a, nan, 3, &d, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "power2[1]"), "%s", err.message);
}

Test(spectra, edge_cases_of_signals)
{
    ax_error err;
    ax_spectrum s;
    /* a constant has no power once its mean is gone; a ramp none once its line is gone */
    double c[64], r[64];
    for (int i = 0; i < 64; i++)
        c[i] = 0.1, r[i] = 3 + 0.25 * i;
    ax_welch_spec w;
    ax_signal_welch_defaults(&w, NULL);
    w.nperseg = 16;
    cr_assert_eq(ax_signal_welch(c, 64, 1.0, &w, &s, &err), AX_OK, "%s", err.message);
    for (size_t k = 0; k < s.n; k++)
        cr_expect_lt(s.power[k], 1e-30, "constant: bin %zu holds %g", k, s.power[k]);
    spectrum_free(&s);
    w.detrend = AX_DETREND_LINEAR;
    cr_assert_eq(ax_signal_welch(r, 64, 1.0, &w, &s, &err), AX_OK, "%s", err.message);
    for (size_t k = 0; k < s.n; k++)
        cr_expect_lt(s.power[k], 1e-26, "ramp: bin %zu holds %g", k, s.power[k]);
    spectrum_free(&s);
    /* nperseg = n: one segment, the periodogram with that window */
    ax_spectrum p;
    ax_signal_welch_defaults(&w, NULL);
    w.nperseg = 64;
    w.window = AX_WINDOW_HAMMING;
    cr_assert_eq(ax_signal_welch(r, 64, 2.0, &w, &s, &err), AX_OK, "%s", err.message);
    cr_assert_eq(ax_signal_periodogram(r, 64, 2.0, AX_WINDOW_HAMMING, AX_DETREND_CONSTANT, AX_PSD_DENSITY, &p, &err),
                 AX_OK);
    cr_assert_eq(s.n, p.n);
    for (size_t k = 0; k < s.n; k++)
        cr_expect_eq(s.power[k], p.power[k], "bin %zu", k);
    spectrum_free(&s);
    spectrum_free(&p);
    /* one sample, one segment of one sample: one bin at 0 Hz */
    double one[1] = {5};
    cr_assert_eq(ax_signal_periodogram(one, 1, 1.0, AX_WINDOW_HANN, AX_DETREND_NONE, AX_PSD_SPECTRUM, &s, &err),
                 AX_OK, "%s", err.message);
    cr_expect_eq(s.n, 1);
    cr_expect_eq(s.freqs_hz[0], 0.0);
    cr_expect_float_eq(s.power[0], 25.0, 1e-12, "a window of one sample is 1");
    spectrum_free(&s);
    /* bad input leaves an empty spectrum behind */
    double inf[4] = {0, 1, INFINITY, 2};
    cr_expect_eq(ax_signal_welch(inf, 4, 1.0, NULL, &s, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "sample 2"), "%s", err.message);
    cr_expect(s.n == 0 && !s.power && !s.freqs_hz);
    ax_signal_welch_defaults(&w, NULL);
    w.nperseg = 4;
    cr_expect_eq(ax_signal_welch(r, 64, -1.0, &w, &s, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "dt_ms = -1"), "%s", err.message);
    cr_expect_eq(ax_signal_welch(r, 0, 1.0, &w, &s, &err), AX_ERR_ARGUMENT);
    w.nperseg = 65;
    cr_expect_eq(ax_signal_welch(r, 64, 1.0, &w, &s, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "longer than the signal (64 samples)"), "%s", err.message);
    w.nperseg = 8;
    w.nfft = 7;
    cr_expect_eq(ax_signal_welch(r, 64, 1.0, &w, &s, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "nfft = 7"), "%s", err.message);
    w.nfft = 0;
    w.noverlap = -2;
    cr_expect_eq(ax_signal_welch(r, 64, 1.0, &w, &s, &err), AX_ERR_ARGUMENT);
    w.noverlap = AX_WELCH_HALF_OVERLAP;
    w.segment_ms = 8;
    cr_expect_eq(ax_signal_welch(r, 64, 1.0, &w, &s, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "give one"), "%s", err.message);
    w.nperseg = 0;
    cr_expect_eq(ax_signal_welch(r, 64, 1.0, &w, &s, &err), AX_OK, "8 ms at 1 ms: 8 samples");
    cr_expect_eq(s.n, 5);
    spectrum_free(&s);
}

Test(spectra, concurrent_calls_give_the_serial_results)
{
    /* FFTW's planner is shared: calls from many threads at once (plans made and destroyed
     * concurrently) must give exactly what one thread gets */
    enum { CALLS = 32, N = 3000 };
    double *x = sine(N, 0.5, 1.0, 33.0, 0.0);
    uint64_t seed = 3;
    for (size_t i = 0; i < N; i++)
        x[i] += normal(&seed);
    ax_spectrum ref[CALLS], got[CALLS];
    for (int c = 0; c < CALLS; c++) {
        ax_welch_spec w;
        ax_signal_welch_defaults(&w, NULL);
        w.nperseg = 64 + 37 * (size_t)c;   /* every call its own plan size */
        cr_assert_eq(ax_signal_welch(x, N, 0.5, &w, &ref[c], NULL), AX_OK);
    }
    int failed = 0;
    #pragma omp parallel for num_threads(4) schedule(dynamic) reduction(+ : failed)
    for (int c = 0; c < CALLS; c++) {
        ax_welch_spec w;
        ax_signal_welch_defaults(&w, NULL);
        w.nperseg = 64 + 37 * (size_t)c;
        failed += ax_signal_welch(x, N, 0.5, &w, &got[c], NULL) != AX_OK;
    }
    cr_assert_eq(failed, 0);
    for (int c = 0; c < CALLS; c++) {
        cr_assert_eq(got[c].n, ref[c].n);
        cr_expect_eq(memcmp(got[c].power, ref[c].power, ref[c].n * sizeof(double)), 0, "call %d", c);
        spectrum_free(&got[c]);
        spectrum_free(&ref[c]);
    }
    free(x);
}

/* ---- SciPy's spectra of one signal (tests/reference/make_spectra.py) ---- */

/* The rows of config c: their k-th x, f and p. */
typedef struct ref_rows {
    size_t n;
    double x[700], f[700], p[700];
} ref_rows;

static ref_rows *ref_config(const csv_table *t, int c)
{
    ref_rows *r = calloc(1, sizeof *r);
    for (size_t i = 0; i < t->rows; i++) {
        const double *row = t->data + i * t->cols;
        if ((int)row[0] != c)
            continue;
        cr_assert_lt(r->n, 700);
        cr_assert_eq((size_t)row[1], r->n, "rows of config %d in order", c);
        r->x[r->n] = row[2], r->f[r->n] = row[3], r->p[r->n] = row[4];
        r->n++;
    }
    cr_assert_gt(r->n, 0, "config %d has rows", c);
    return r;
}

/* got == want to 1e-10 relative; bins below 1e-12 of the largest (rounding noise, like 0 Hz after
 * detrending) absolutely.  SciPy's arithmetic in another order agrees to ~1e-13. */
static void expect_spectrum(const ax_spectrum *s, const ref_rows *want, const char *what)
{
    cr_assert_eq(s->n, want->n, "%s: %zu bins, SciPy %zu", what, s->n, want->n);
    double top = 0;
    for (size_t k = 0; k < s->n; k++)
        top = fmax(top, want->p[k]);
    for (size_t k = 0; k < s->n; k++) {
        cr_expect(fabs(s->freqs_hz[k] - want->f[k]) <= 1e-12 * want->f[s->n - 1], "%s: f[%zu] %.17g, SciPy %.17g",
                  what, k, s->freqs_hz[k], want->f[k]);
        cr_expect(fabs(s->power[k] - want->p[k]) <= 1e-10 * fabs(want->p[k]) + 1e-12 * top,
                  "%s: bin %zu: %.17g, SciPy %.17g", what, k, s->power[k], want->p[k]);
    }
}

Test(spectra, welch_and_periodogram_equal_scipys_reference)
{
    csv_table t = read_csv("tests/reference/spectra.csv");
    ref_rows *x = ref_config(&t, 0);
    const double dt = 0.5;
    ax_welch_spec w[3];
    for (int c = 0; c < 3; c++)
        ax_signal_welch_defaults(&w[c], NULL);
    w[0].nperseg = 128;
    w[1] = (ax_welch_spec){.window = AX_WINDOW_HAMMING, .nperseg = 101, .noverlap = 30, .nfft = 128,
                           .detrend = AX_DETREND_LINEAR, .scaling = AX_PSD_SPECTRUM, .average = AX_WELCH_MEDIAN};
    w[2].window = AX_WINDOW_BOXCAR, w[2].nperseg = 64, w[2].noverlap = 0, w[2].detrend = AX_DETREND_NONE;
    ax_error err;
    ax_spectrum s;
    for (int c = 0; c < 3; c++) {
        ref_rows *want = ref_config(&t, c + 1);
        cr_assert_eq(ax_signal_welch(x->x, x->n, dt, &w[c], &s, &err), AX_OK, "%s", err.message);
        char what[32];
        snprintf(what, sizeof what, "welch config %d", c + 1);
        expect_spectrum(&s, want, what);
        spectrum_free(&s);
        free(want);
    }
    ref_rows *want = ref_config(&t, 4);
    cr_assert_eq(ax_signal_periodogram(x->x, x->n, dt, AX_WINDOW_BOXCAR, AX_DETREND_CONSTANT, AX_PSD_DENSITY, &s,
                                       &err), AX_OK, "%s", err.message);
    expect_spectrum(&s, want, "periodogram");
    spectrum_free(&s);
    /* the seed's power density is SciPy's periodogram at 0 < k < n/2 */
    cr_assert_eq(ax_signal_power_density(x->x, x->n, dt, &s, &err), AX_OK, "%s", err.message);
    cr_assert_eq(s.n, want->n - 1);
    for (size_t k = 1; k < s.n; k++)
        cr_expect(fabs(s.power[k] - want->p[k]) <= 1e-10 * want->p[k], "seed bin %zu: %.17g, SciPy %.17g", k,
                  s.power[k], want->p[k]);
    spectrum_free(&s);
    free(want);
    want = ref_config(&t, 5);
    cr_assert_eq(ax_signal_periodogram(x->x, x->n, dt, AX_WINDOW_HANN, AX_DETREND_LINEAR, AX_PSD_SPECTRUM, &s, &err),
                 AX_OK, "%s", err.message);
    expect_spectrum(&s, want, "periodogram hann linear spectrum");
    spectrum_free(&s);
    free(want);
    /* the seed's distance: scipy.stats.wasserstein_distance times (max1 - max2)^2, to 1e-12 */
    want = ref_config(&t, 6);
    double d;
    cr_assert_eq(ax_spectrum_distance(want->x, want->f, want->n, &d, &err), AX_OK, "%s", err.message);
    cr_expect(fabs(d - want->p[0]) <= 1e-12 * want->p[0], "distance %.17g, SciPy %.17g", d, want->p[0]);
    free(want);
    free(x);
    csv_free(&t);
}
