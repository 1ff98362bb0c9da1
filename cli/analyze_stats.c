/*
 * analyze_stats.c - the statistics of one population for `axon analyze`,
 * written as a JSON object.  Everything is a call of the public analysis
 * API, and nothing holds the whole file: one streamed pass
 * (ax_spike_stats) gives the per-neuron and population statistics, the
 * Fano factor and the synchrony; a second pass keeps only the sampled
 * neurons' spikes (ax_spike_trains_read_neurons) for their correlations
 * and distances.  Memory is bounded by the population and the bins (and
 * the sample's spikes), not by the file.  Undefined values (a CV of a
 * neuron with < 3 spikes) are null, next to the count of defined values.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "axon.h"
#include "json.h"

void an_number(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, "%.17g", x);
    else
        fputs("null", f);
}

static void summary_json(FILE *f, const ax_correlation_summary *s)
{
    fprintf(f, "{\"n_defined\": %zu, \"mean\": ", s->n_defined);
    an_number(f, s->mean);
    const char *names[] = {"sd", "min", "q25", "median", "q75", "max"};
    double v[] = {s->sd, s->min, s->q25, s->median, s->q75, s->max};
    for (int k = 0; k < 6; k++) {
        fprintf(f, ", \"%s\": ", names[k]);
        an_number(f, s->n_defined ? v[k] : NAN);
    }
    fputc('}', f);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The summary of any values (rates: ax_spike_trains_correlation_summary
 * takes only correlation coefficients), in the same struct and with the
 * same definitions: NaN left out, sd with n - 1, quantiles interpolated
 * linearly as numpy's default. */
static int values_summary(const double *x, size_t n, ax_correlation_summary *s)
{
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return -1;
    size_t k = 0;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) {
            v[k++] = x[i];
            sum += x[i];
        }
    qsort(v, k, sizeof *v, cmp_double);
    memset(s, 0, sizeof *s);
    s->n_defined = k;
    s->n_undefined = n - k;
    s->mean = k ? sum / (double)k : NAN;
    double ss = 0;
    for (size_t i = 0; i < k; i++)
        ss += (v[i] - s->mean) * (v[i] - s->mean);
    s->sd = k > 1 ? sqrt(ss / (double)(k - 1)) : NAN;
    double q[5], at[5] = {0, 0.25, 0.5, 0.75, 1};
    for (int j = 0; j < 5; j++) {
        double pos = at[j] * (double)(k ? k - 1 : 0);
        size_t lo = (size_t)pos, hi = lo + 1 < k ? lo + 1 : lo;
        q[j] = k ? v[lo] + (pos - (double)lo) * (v[hi] - v[lo]) : NAN;
    }
    s->min = q[0];
    s->q25 = q[1];
    s->median = q[2];
    s->q75 = q[3];
    s->max = q[4];
    free(v);
    return 0;
}

/* Mean over the defined (non-NaN) values and how many there are. */
static void mean_defined(const double *x, size_t n, double *mean, size_t *n_def)
{
    double sum = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) {
            sum += x[i];
            k++;
        }
    *mean = k ? sum / (double)k : NAN;
    *n_def = k;
}

/* The classical EEG bands, Hz; a band above Nyquist is null. */
static const struct { const char *name; double lo, hi; } bands[] = {
    {"delta", 1, 4}, {"theta", 4, 8}, {"alpha", 8, 13}, {"beta", 13, 30}, {"gamma", 30, 100}};

int an_psd(const double *x, size_t n, double dt_ms, ax_spectrum *sp, size_t *nperseg, ax_error *e)
{
    ax_welch_spec spec;
    memset(sp, 0, sizeof *sp);
    if (ax_signal_welch_defaults(&spec, e) < 0)
        return -1;
    /* segments of 1 s (1 Hz apart; at least 256 samples), or the whole signal when shorter */
    size_t want = (size_t)fmax(256.0, round(1000.0 / dt_ms));
    spec.nperseg = *nperseg = n < want ? n : want;
    return n < 2 ? 0 : ax_signal_welch(x, n, dt_ms, &spec, sp, e) < 0 ? -1 : 0;
}

/* Its peak frequency (above 0 Hz, the mean's bin) and band powers. */
void an_psd_json(FILE *f, const ax_spectrum *sp, size_t nperseg, double dt_ms)
{
    if (sp->n < 2) {
        fputs("null", f);
        return;
    }
    double nyq = 500.0 / dt_ms, fpk = NAN, pk = NAN;
    if (ax_spectrum_peak_frequency(sp->freqs_hz, sp->power, sp->n, sp->freqs_hz[1], nyq, &fpk, &pk, NULL) < 0)
        fpk = pk = NAN;
    fprintf(f, "{\"method\": \"welch\", \"nperseg\": %zu, \"peak_hz\": ", nperseg);
    an_number(f, fpk);
    fputs(", \"peak_power\": ", f);
    an_number(f, pk);
    fputs(", \"band_power\": {", f);
    for (size_t b = 0; b < sizeof bands / sizeof bands[0]; b++) {
        double v = NAN;
        if (bands[b].hi <= nyq &&
            ax_spectrum_band_power(sp->freqs_hz, sp->power, sp->n, bands[b].lo, bands[b].hi, &v, NULL) < 0)
            v = NAN;
        fprintf(f, "%s\"%s\": ", b ? ", " : "", bands[b].name);
        an_number(f, v);
    }
    fputs("}}", f);
}

/* A histogram of the defined values in `bins` bins over [0, max]: x at the
 * bins' centres, y the counts (drawn as a line). */
static void histogram(const double *v, size_t n, size_t bins, double *x, double *y)
{
    double hi = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            hi = fmax(hi, v[i]);
    hi = hi > 0 ? hi : 1;
    for (size_t b = 0; b < bins; b++) {
        x[b] = ((double)b + 0.5) * hi / (double)bins;
        y[b] = 0;
    }
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            y[(size_t)fmin((double)bins - 1, v[i] / hi * (double)bins)] += 1;
}

/* splitmix64: the sample depends on the seed alone. */
static uint64_t next_random(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* k of n indices without repetition (partial Fisher-Yates), sorted. */
static size_t *sample_indices(size_t n, size_t k, uint64_t seed)
{
    size_t *all = malloc(n * sizeof *all);
    if (!all)
        return NULL;
    for (size_t i = 0; i < n; i++)
        all[i] = i;
    for (size_t i = 0; i < k; i++) {
        size_t j = i + (size_t)(next_random(&seed) % (n - i));
        size_t t = all[i];
        all[i] = all[j];
        all[j] = t;
    }
    qsort(all, k, sizeof *all, cmp_size);
    return all;
}

/* The upper triangle (i < j) of an n x n matrix. */
static double *upper(const double *m, size_t n, size_t *count)
{
    *count = n * (n - 1) / 2;
    double *u = malloc((*count ? *count : 1) * sizeof *u);
    size_t c = 0;
    for (size_t i = 0; u && i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            u[c++] = m[i * n + j];
    return u;
}

static int fail(char *err, size_t len, const ax_error *e)
{
    snprintf(err, len, "%s", e->message);
    return -1;
}

/* What the pictures of a population are drawn from. */
typedef struct drawing {
    const ax_spike_stats *st;
    const double *prate;
    size_t n_bins;
    const ax_spectrum *sp;
    const double *rates, *cv;
    size_t n;
    const double *corr, *dist;   /* k x k of the sampled neurons */
    size_t k;
} drawing;

static int draw(const an_population *p, const an_options *o, const char *dir, const drawing *d, char *err, size_t len)
{
    char path[4096], title[512];
    int rc = 0;
    double *x = malloc((d->n_bins + 64) * sizeof *x), *y = malloc(64 * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        snprintf(err, len, "out of memory");
        return -1;
    }
    ax_spike_stats_spec spec;
    ax_spike_stats_get_spec(d->st, &spec, NULL);
    for (size_t b = 0; b < d->n_bins; b++)
        x[b] = spec.t_start + ((double)b + 0.5) * o->bin_ms;
    snprintf(path, sizeof path, "%s/%s.rate.png", dir, p->name);
    snprintf(title, sizeof title, "%s: population rate (bins of %g ms)", p->name, o->bin_ms);
    rc = rc ? rc : an_draw_lines(path, title, "time (ms)", "rate (Hz)", x, d->prate, d->n_bins, false, err, len);
    snprintf(path, sizeof path, "%s/%s.psd.png", dir, p->name);
    snprintf(title, sizeof title, "%s: power spectral density of the population rate (Welch)", p->name);
    rc = rc ? rc : an_draw_lines(path, title, "frequency (Hz)", "power (Hz^2/Hz)", d->sp->freqs_hz, d->sp->power,
                                 d->sp->n, true, err, len);
    histogram(d->rates, d->n, 40, x, y);
    snprintf(path, sizeof path, "%s/%s.rates.png", dir, p->name);
    snprintf(title, sizeof title, "%s: firing rates of the neurons", p->name);
    rc = rc ? rc : an_draw_lines(path, title, "rate (Hz)", "neurons", x, y, 40, false, err, len);
    histogram(d->cv, d->n, 40, x, y);
    snprintf(path, sizeof path, "%s/%s.cv.png", dir, p->name);
    snprintf(title, sizeof title, "%s: CV of ISIs (neurons with >= 3 spikes)", p->name);
    rc = rc ? rc : an_draw_lines(path, title, "CV", "neurons", x, y, 40, false, err, len);
    uint64_t *ic = NULL;
    size_t ib = 0;
    if (!rc && ax_spike_stats_get_isi_histogram(d->st, &ic, &ib, NULL, NULL) == AX_OK) {
        double *ix = malloc((ib + 1) * sizeof *ix), *iy = malloc((ib + 1) * sizeof *iy);
        for (size_t b = 0; ix && iy && b < ib; b++) {
            ix[b] = ((double)b + 0.5) * spec.isi_bin_ms;
            iy[b] = (double)ic[b];
        }
        snprintf(path, sizeof path, "%s/%s.isi.png", dir, p->name);
        snprintf(title, sizeof title, "%s: ISI histogram (bins of %g ms)", p->name, spec.isi_bin_ms);
        rc = ix && iy ? an_draw_lines(path, title, "ISI (ms)", "intervals", ix, iy, ib, false, err, len) : -1;
        free(ix);
        free(iy);
        ax_array_free(ic);
    }
    snprintf(path, sizeof path, "%s/%s.correlation.png", dir, p->name);
    snprintf(title, sizeof title, "%s: correlations of %g ms counts, %zu sampled neurons", p->name, o->bin_ms, d->k);
    rc = rc ? rc : an_draw_matrix(path, title, d->corr, d->k, -1, 1, "Pearson r", err, len);
    snprintf(path, sizeof path, "%s/%s.spike_distance.png", dir, p->name);
    snprintf(title, sizeof title, "%s: SPIKE-distance, %zu sampled neurons", p->name, d->k);
    rc = rc ? rc : an_draw_matrix(path, title, d->dist, d->k, 0, 1, "SPIKE-distance", err, len);
    free(x);
    free(y);
    return rc;
}

/* The population's size and interval when the folder does not say them
 * (*n = 0, *t1 NAN): 1 + the largest id of the file and [0, its last
 * spike], from a scan of the file (constant memory). */
static int size_and_interval(const an_population *p, size_t *n, double *t0, double *t1, char *err, size_t len)
{
    if (*n && !isnan(*t1))
        return 0;
    ax_error e = {0};
    ax_spike_file_format fmt = {.header = AX_SPIKE_HEADER_DETECT, .time_column = -1, .neuron_column = -1,
                                .n_trains = *n};
    uint64_t rows;
    size_t trains;
    double last;
    if (ax_spike_trains_scan_file(p->spikes_path, &fmt, &rows, &trains, &last, &e) < 0)
        return fail(err, len, &e);
    if (rows == 0) {
        snprintf(err, len, "%s has no spikes, and without the population's size and the run's time from "
                 "summary.json it cannot be read as silent trains", p->spikes_path);
        return -1;
    }
    *n = *n ? *n : trains;
    if (isnan(*t1)) {
        *t0 = 0;
        *t1 = last;
        if (!(last > 0)) {
            snprintf(err, len, "%s: every spike is at 0 ms, so the interval [0, last spike] is empty, and "
                     "summary.json gives no run time", p->spikes_path);
            return -1;
        }
    }
    return 0;
}

int an_population_json(FILE *f, const an_population *p, const an_options *o, const char *dir, char *err,
                       size_t len)
{
    ax_error e = {0};
    size_t n = p->size;
    double t0 = p->t_start, t1 = p->t_stop;
    if (size_and_interval(p, &n, &t0, &t1, err, len) < 0)
        return -1;
    ax_spike_file_format fmt = {.header = AX_SPIKE_HEADER_DETECT, .time_column = -1, .neuron_column = -1,
                                .n_trains = n};
    ax_spike_stats_spec spec = {.n_neurons = n, .t_start = t0, .t_stop = t1, .bin_ms = o->bin_ms,
                                .isi_bin_ms = 1, .isi_max_ms = 200, .lvr_r_ms = 5};
    ax_spike_stats *st = ax_spike_stats_create(&spec, &e);
    ax_spike_trains sub = {0};   /* the sampled neurons' trains */
    uint64_t *counts = calloc(n, sizeof *counts);
    double *rates = calloc(n, sizeof *rates), *cv = calloc(n, sizeof *cv), *lv = calloc(n, sizeof *lv);
    double *prate = NULL, *corr = NULL, *dist = NULL, *cu = NULL, *du = NULL;
    size_t *which = NULL, n_bins = 0;
    ax_spectrum sp = {0};
    int rc = -1;
    if (!st || !counts || !rates || !cv || !lv) {
        snprintf(err, len, "%s", st ? "out of memory" : e.message);
        goto done;
    }
    /* the first pass: every spike, streamed */
    if (ax_spike_stats_read_file(st, p->spikes_path, &fmt, &e) < 0 ||
        ax_spike_stats_get_neurons(st, counts, rates, cv, lv, NULL, &e) < 0 ||
        ax_spike_stats_get_population_rate(st, 0, &prate, &n_bins, &e) < 0) {
        fail(err, len, &e);
        goto done;
    }
    uint64_t n_spikes = 0;
    for (size_t i = 0; i < n; i++)
        n_spikes += counts[i];
    ax_correlation_summary rs;
    if (values_summary(rates, n, &rs) < 0) {
        snprintf(err, len, "out of memory");
        goto done;
    }
    double mean_cv, mean_lv;
    size_t n_cv, n_lv;
    mean_defined(cv, n, &mean_cv, &n_cv);
    mean_defined(lv, n, &mean_lv, &n_lv);
    double pm = 0, pv = 0;
    for (size_t b = 0; b < n_bins; b++)
        pm += prate[b];
    pm = n_bins ? pm / (double)n_bins : NAN;
    for (size_t b = 0; b < n_bins; b++)
        pv += (prate[b] - pm) * (prate[b] - pm);
    double psd_sd = n_bins > 1 ? sqrt(pv / (double)(n_bins - 1)) : NAN;
    /* undefined (null) when the interval holds fewer than 2 bins */
    double fano = NAN, chi2 = NAN;
    if (ax_spike_stats_get_fano_factor(st, NULL, &fano, NULL) < 0)
        fano = NAN;
    if (ax_spike_stats_get_synchrony(st, &chi2, NULL) < 0)
        chi2 = NAN;

    /* the second pass: the sampled neurons' spikes alone */
    size_t k = o->sample < n ? o->sample : n, n_pairs = 0;
    which = sample_indices(n, k, o->seed);
    corr = malloc(k * k * sizeof *corr);
    dist = malloc(k * k * sizeof *dist);
    if (!which || !corr || !dist) {
        snprintf(err, len, "out of memory");
        goto done;
    }
    if (ax_spike_trains_read_neurons(p->spikes_path, &fmt, which, k, t0, t1, &sub, &e) < 0) {
        fail(err, len, &e);
        goto done;
    }
    ax_correlation_summary cs = {0};
    bool corr_ok = k >= 2 && ax_spike_trains_correlation_matrix(&sub, NULL, k, o->bin_ms, corr, &e) >= 0;
    cu = upper(corr, k, &n_pairs);
    if (corr_ok && cu && ax_spike_trains_correlation_summary(cu, n_pairs, &cs, &e) < 0)
        corr_ok = false;
    double mean_dist = NAN;
    size_t n_dist = 0;
    if (k >= 1 && ax_spike_distance_matrix(&sub, AX_SPIKE_DISTANCE_SPIKE, NULL, dist, &e) >= 0) {
        du = upper(dist, k, &n_pairs);
        if (du)
            mean_defined(du, n_pairs, &mean_dist, &n_dist);
    }

    fprintf(f, "{\"neurons\": %zu, \"spikes\": %llu, \"t_start_ms\": ", n, (unsigned long long)n_spikes);
    an_number(f, t0);
    fputs(", \"t_stop_ms\": ", f);
    an_number(f, t1);
    fputs(",\n   \"mean_rate_hz\": ", f);
    an_number(f, rs.n_defined ? rs.mean : NAN);
    fputs(", \"rate_hz\": ", f);
    summary_json(f, &rs);
    fputs(",\n   \"cv_isi\": ", f);
    an_number(f, mean_cv);
    fprintf(f, ", \"cv_isi_defined\": %zu, \"lv\": ", n_cv);
    an_number(f, mean_lv);
    fprintf(f, ", \"lv_defined\": %zu, \"fano_factor\": ", n_lv);
    an_number(f, fano);
    fprintf(f, ",\n   \"population_rate\": {\"bin_ms\": %.17g, \"bins\": %zu, \"mean_hz\": ", o->bin_ms, n_bins);
    an_number(f, pm);
    fputs(", \"sd_hz\": ", f);
    an_number(f, psd_sd);
    fputs("},\n   \"synchrony_chi2\": ", f);
    an_number(f, chi2);
    fprintf(f, ",\n   \"sample\": {\"neurons\": %zu, \"seed\": %llu, \"ids\": [", k, (unsigned long long)o->seed);
    for (size_t a = 0; a < k; a++)
        fprintf(f, "%s%zu", a ? ", " : "", which[a]);
    fprintf(f, "]},\n   \"correlation\": ");
    if (corr_ok) {
        fprintf(f, "{\"bin_ms\": %.17g, \"pairs\": %zu, \"undefined\": %zu, \"r\": ", o->bin_ms, n_pairs,
                cs.n_undefined);
        summary_json(f, &cs);
        fputc('}', f);
    } else {
        fputs("null", f);
    }
    fputs(",\n   \"spike_distance\": ", f);
    an_number(f, mean_dist);
    fprintf(f, ", \"spike_distance_pairs\": %zu,\n   \"population_rate_psd\": ", n_dist);
    size_t nperseg = 0;
    if (an_psd(prate, n_bins, o->bin_ms, &sp, &nperseg, &e) < 0) {
        fail(err, len, &e);
        goto done;
    }
    an_psd_json(f, &sp, nperseg, o->bin_ms);
    fputc('}', f);
    rc = o->pictures ? draw(p, o, dir, &(drawing){st, prate, n_bins, &sp, rates, cv, n, corr, dist, k}, err, len) : 0;
done:
    ax_spike_stats_free(st);
    ax_spike_trains_free(&sub);
    ax_array_free(prate);
    ax_array_free(sp.freqs_hz);
    ax_array_free(sp.power);
    free(counts);
    free(rates);
    free(cv);
    free(lv);
    free(which);
    free(corr);
    free(dist);
    free(cu);
    free(du);
    return rc;
}
