/*
 * isi.c - the inter-spike-interval statistics of a train: CV, LV (Shinomoto
 * et al. 2003), LvR (Shinomoto et al. 2009).
 *
 * One accumulator takes a train's spikes one by one, so that the calls on
 * a view and the streaming ax_spike_stats run the same arithmetic in the
 * same order and give the same bits.  The CV's variance is Welford's
 * one-pass update: no second pass over the intervals, which a stream does
 * not have, and no cancellation of sum(I^2) - n mean^2.
 */
#include <math.h>

#include "analysis/analysis.h"

void ax_isi_acc_add(ax_isi_acc *a, double t, double r_ms)
{
    if (a->n_spikes > 0) {
        double isi = t - a->last;
        a->n_isi++;
        double d = isi - a->mean;
        a->mean += d / (double)a->n_isi;
        a->m2 += d * (isi - a->mean);
        if (a->n_isi >= 2) {
            double s = a->prev_isi + isi;
            if (s == 0) {
                a->undefined_pair = true;
            } else {
                double q = (a->prev_isi - isi) / s;
                a->lv_sum += q * q;
                a->lvr_sum += (1 - 4 * a->prev_isi * isi / (s * s)) * (1 + 4 * r_ms / s);
            }
        }
        a->prev_isi = isi;
    }
    a->last = t;
    a->n_spikes++;
}

double ax_isi_acc_cv(const ax_isi_acc *a)
{
    if (a->n_isi < 2 || !(a->mean > 0))
        return NAN;
    return sqrt(a->m2 / (double)a->n_isi) / a->mean;
}

double ax_isi_acc_lv(const ax_isi_acc *a)
{
    if (a->n_isi < 2 || a->undefined_pair)
        return NAN;
    return 3 * a->lv_sum / (double)(a->n_isi - 1);
}

double ax_isi_acc_lvr(const ax_isi_acc *a)
{
    if (a->n_isi < 2 || a->undefined_pair)
        return NAN;
    return 3 * a->lvr_sum / (double)(a->n_isi - 1);
}

double ax_mean_defined(const double *v, size_t n, size_t *n_defined)
{
    double sum = 0;
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (!isnan(v[k]))
            sum += v[k], m++;
    if (n_defined)
        *n_defined = m;
    return m ? sum / (double)m : NAN;
}

/* ---- the calls on a view ---- */

enum isi_stat { STAT_CV, STAT_LV, STAT_LVR };

static ax_status isi_stat(const ax_spike_trains *trains, enum isi_stat which, double r_ms, double *out,
                          double *mean, size_t *n_defined, const char *caller, ax_error *err)
{
    ax_status st = ax_analysis_check_trains(trains, caller, err);
    if (st)
        return st;
    if (!out)
        return ax_error_null(err, caller, which == STAT_CV ? "cv" : which == STAT_LV ? "lv" : "lvr");
    if (which == STAT_LVR && !(isfinite(r_ms) && r_ms >= 0))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: r_ms = %g is not allowed: the refractoriness R is a "
                                "finite number of ms >= 0 (5 ms in Shinomoto et al. 2009)", caller, r_ms);
    for (size_t k = 0; k < trains->n_trains; k++) {
        ax_isi_acc a = {0};
        for (size_t i = trains->offsets[k]; i < trains->offsets[k + 1]; i++)
            ax_isi_acc_add(&a, trains->times_ms[i], r_ms);
        out[k] = which == STAT_CV ? ax_isi_acc_cv(&a) : which == STAT_LV ? ax_isi_acc_lv(&a) : ax_isi_acc_lvr(&a);
    }
    double m = ax_mean_defined(out, trains->n_trains, n_defined);
    if (mean)
        *mean = m;
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_spike_trains_cv(const ax_spike_trains *trains, double *cv, double *mean_cv, size_t *n_defined,
                             ax_error *err)
{
    return isi_stat(trains, STAT_CV, 0, cv, mean_cv, n_defined, "ax_spike_trains_cv", err);
}

ax_status ax_spike_trains_lv(const ax_spike_trains *trains, double *lv, double *mean_lv, size_t *n_defined,
                             ax_error *err)
{
    return isi_stat(trains, STAT_LV, 0, lv, mean_lv, n_defined, "ax_spike_trains_lv", err);
}

ax_status ax_spike_trains_lvr(const ax_spike_trains *trains, double r_ms, double *lvr, double *mean_lvr,
                              size_t *n_defined, ax_error *err)
{
    return isi_stat(trains, STAT_LVR, r_ms, lvr, mean_lvr, n_defined, "ax_spike_trains_lvr", err);
}
