/*
 * synchrony.c - Golomb's synchrony measure chi^2 (Golomb 2007, Scholarpedia
 * "Neuronal synchrony measures"): the variance over time of the population
 * average divided by the average of the single trains' variances.
 *
 * Binned, every sum is an integer and is formed exactly:
 *     chi^2 = (T sum_t P_t^2 - (sum_t P_t)^2) / (N sum_i (T S2_i - S_i^2))
 * with P_t the population count of bin t, T bins, S_i and S2_i the sums of
 * train i's counts and squared counts.  Smoothed, each train is convolved
 * with the kernel on its own (in parallel, each in a fixed order) and the
 * population signal is the smoothed P (smoothing is linear), so the result
 * does not depend on the thread count either.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/analysis.h"

static const char *CALL = "ax_spike_trains_synchrony";

/* A Gaussian of sigma_ms sampled at whole bins out to 5 sigma, summing to 1: g[0 .. 2 m]. */
static double *gaussian(double sigma_ms, double bin_ms, size_t n_bins, size_t *m)
{
    double reach = floor(5 * sigma_ms / bin_ms);
    *m = reach > (double)n_bins ? n_bins : (size_t)reach;
    double *g = malloc((2 * *m + 1) * sizeof *g), sum = 0;
    if (!g)
        return NULL;
    for (size_t q = 0; q <= 2 * *m; q++) {
        double x = ((double)q - (double)*m) * bin_ms / sigma_ms;
        sum += g[q] = exp(-0.5 * x * x);
    }
    for (size_t q = 0; q <= 2 * *m; q++)
        g[q] /= sum;
    return g;
}

/* s = the sparse counts (bins[], counts[]) convolved with g, then its variance over the bins. */
static double smoothed_variance(const size_t *bins, const double *counts, size_t nnz, const double *g, size_t m,
                                double *s, size_t n_bins)
{
    for (size_t t = 0; t < n_bins; t++)
        s[t] = 0;
    for (size_t e = 0; e < nnz; e++) {
        size_t from = bins[e] > m ? bins[e] - m : 0, to = bins[e] + m < n_bins ? bins[e] + m : n_bins - 1;
        for (size_t t = from; t <= to; t++)
            s[t] += counts[e] * g[t + m - bins[e]];
    }
    double mean = 0, var = 0;
    for (size_t t = 0; t < n_bins; t++)
        mean += s[t];
    mean /= (double)n_bins;
    for (size_t t = 0; t < n_bins; t++)
        var += (s[t] - mean) * (s[t] - mean);
    return var / (double)n_bins;
}

static ax_status smoothed(const ax_binned_counts *bc, double sigma_ms, double bin_ms, double *chi2, ax_error *err)
{
    size_t n = bc->n_trains, nb = bc->n_bins, m;
    double *g = gaussian(sigma_ms, bin_ms, nb, &m), *var = malloc(n * sizeof *var);
    size_t *pop_bins = malloc(nb * sizeof *pop_bins);
    double *pop = calloc(nb, sizeof *pop), *s = malloc(nb * sizeof *s);
    int failed = !g || !var || !pop_bins || !pop || !s;
    if (!failed) {
        for (size_t e = 0; e < bc->row[n]; e++)
            pop[bc->bin[e]] += bc->count[e];
        for (size_t t = 0; t < nb; t++)
            pop_bins[t] = t;
        double var_pop = smoothed_variance(pop_bins, pop, nb, g, m, s, nb) / ((double)n * (double)n);
#pragma omp parallel
        {
            double *mine = malloc(nb * sizeof *mine);
#pragma omp for schedule(dynamic, 4)
            for (size_t a = 0; a < n; a++)
                var[a] = mine ? smoothed_variance(bc->bin + bc->row[a], bc->count + bc->row[a],
                                                  bc->row[a + 1] - bc->row[a], g, m, mine, nb) : NAN;
            free(mine);
        }
        double mean_var = 0;
        for (size_t a = 0; a < n; a++)
            mean_var += var[a];
        failed = isnan(mean_var);
        mean_var /= (double)n;
        /* at most 1 exactly (variance of a mean <= mean of variances); the clamp takes off rounding */
        *chi2 = mean_var > 0 ? fmin(var_pop / mean_var, 1.0) : NAN;
    }
    free(g), free(var), free(pop_bins), free(pop), free(s);
    if (failed)
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory smoothing %zu trains of %zu bins", CALL, n,
                                nb);
    ax_error_ok(err);
    return AX_OK;
}

double ax_synchrony_chi2(size_t n, double nb, double pop_sum, double pop_sum_sq, double trains_var)
{
    return trains_var > 0 ? (nb * pop_sum_sq - pop_sum * pop_sum) / ((double)n * trains_var) : NAN;
}

ax_status ax_spike_trains_synchrony(const ax_spike_trains *trains, double bin_ms, double sigma_ms, double *chi2,
                                    ax_error *err)
{
    if (!chi2)
        return ax_error_null(err, CALL, "chi2");
    if (!isfinite(sigma_ms) || !(sigma_ms >= 0))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: sigma_ms = %g is not allowed: finite and >= 0 (0: no "
                                "smoothing)", CALL, sigma_ms);
    ax_binned_counts bc;
    ax_status st = ax_binned_counts_make(trains, NULL, 0, bin_ms, CALL, &bc, err);
    if (st != AX_OK)
        return st;
    if (sigma_ms > 0) {
        st = smoothed(&bc, sigma_ms, bin_ms, chi2, err);
        ax_binned_counts_free(&bc);
        return st;
    }
    size_t n = bc.n_trains;
    double nb = (double)bc.n_bins, *pop = calloc(bc.n_bins, sizeof *pop);
    if (!pop) {
        ax_binned_counts_free(&bc);
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu bins", CALL, bc.n_bins);
    }
    for (size_t e = 0; e < bc.row[n]; e++)
        pop[bc.bin[e]] += bc.count[e];
    double sum = 0, sum_sq = 0, trains_var = 0;
    for (size_t t = 0; t < bc.n_bins; t++)
        sum += pop[t], sum_sq += pop[t] * pop[t];
    for (size_t a = 0; a < n; a++)
        trains_var += nb * bc.sum_sq[a] - bc.sum[a] * bc.sum[a];
    *chi2 = ax_synchrony_chi2(n, nb, sum, sum_sq, trains_var);
    free(pop);
    ax_binned_counts_free(&bc);
    ax_error_ok(err);
    return AX_OK;
}
