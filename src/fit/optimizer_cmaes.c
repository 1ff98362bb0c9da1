/*
 * optimizer_cmaes.c - the (mu/mu_w, lambda)-CMA-ES of Hansen, "The CMA
 * Evolution Strategy: A Tutorial" (arXiv:1604.00772, 2016), in unit
 * coordinates, with the defaults of its Table 1 and positive recombination
 * weights only (no active, negative update).  Bounds by resampling: a
 * candidate outside [0, 1]^n is drawn again, up to 100 times, then clipped
 * to the box; the update uses the step y = (x - m) / sigma of the candidate
 * actually evaluated.  C = B D^2 B^T by LAPACK's dsyev every generation
 * (n <= a few hundred parameters is what fits need).
 */
#include <string.h>

#include "fit/fit.h"

/* LAPACK: eigenvalues (ascending) and eigenvectors of a symmetric matrix. */
extern void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
                   double *work, const int *lwork, int *info);

#define RESAMPLE_TRIES 100

ax_cmaes_consts ax_cmaes_constants(size_t n, size_t lambda, double *weights)
{
    ax_cmaes_consts k;
    double dn = (double)n;
    k.mu = lambda / 2;
    double sum = 0, sum2 = 0;
    for (size_t i = 0; i < k.mu; i++) {
        weights[i] = log((lambda + 1) / 2.0) - log((double)(i + 1));
        sum += weights[i];
    }
    for (size_t i = 0; i < k.mu; i++) {
        weights[i] /= sum;
        sum2 += weights[i] * weights[i];
    }
    k.mu_eff = 1.0 / sum2;
    k.c_sigma = (k.mu_eff + 2) / (dn + k.mu_eff + 5);
    k.d_sigma = 1 + 2 * fmax(0.0, sqrt((k.mu_eff - 1) / (dn + 1)) - 1) + k.c_sigma;
    k.c_c = (4 + k.mu_eff / dn) / (dn + 4 + 2 * k.mu_eff / dn);
    k.c_1 = 2 / ((dn + 1.3) * (dn + 1.3) + k.mu_eff);
    k.c_mu = fmin(1 - k.c_1, 2 * (k.mu_eff - 2 + 1 / k.mu_eff) / ((dn + 2) * (dn + 2) + k.mu_eff));
    k.chi_n = sqrt(dn) * (1 - 1 / (4 * dn) + 1 / (21 * dn * dn));
    return k;
}

void ax_cmaes_sample(ax_optimizer *o)
{
    size_t n = o->n;
    double *z = o->work;
    for (size_t r = 0; r < o->pop; r++) {
        ax_rng rng;
        ax_opt_rng(&rng, o->seed, AX_OPT_SAMPLE, o->generation, r);
        double *x = o->cand + r * n;
        for (int t = 0;; t++) {
            for (size_t i = 0; i < n; i++)
                z[i] = o->D[i] * ax_rng_normal(&rng);
            int inside = 1;
            for (size_t i = 0; i < n; i++) {
                double s = 0;
                for (size_t j = 0; j < n; j++)
                    s += o->B[i * n + j] * z[j];
                x[i] = o->mean[i] + o->sigma * s;
                inside &= x[i] >= 0 && x[i] <= 1;
            }
            if (inside)
                break;
            if (t + 1 == RESAMPLE_TRIES) {
                for (size_t i = 0; i < n; i++)
                    x[i] = x[i] < 0 ? 0 : x[i] > 1 ? 1 : x[i];
                break;
            }
        }
    }
}

void ax_cmaes_init(ax_optimizer *o, const double *x0_unit)
{
    size_t n = o->n;
    memcpy(o->mean, x0_unit, n * sizeof *o->mean);
    memset(o->C, 0, n * n * sizeof *o->C);
    memset(o->B, 0, n * n * sizeof *o->B);
    for (size_t i = 0; i < n; i++) {
        o->C[i * n + i] = o->B[i * n + i] = o->D[i] = 1;
        o->pc[i] = o->ps[i] = 0;
    }
    o->sigma = o->sigma0;
    ax_cmaes_sample(o);
}

/* B and D from C; keeps the old ones when LAPACK fails or C lost its
 * positive definiteness to rounding. */
static void eigen(ax_optimizer *o, double *a, double *w, double *lw, int lwork)
{
    int n = (int)o->n, info = 0;
    for (int i = 0; i < n; i++)   /* symmetric by construction; average away rounding */
        for (int j = 0; j < n; j++)
            a[i * n + j] = 0.5 * (o->C[i * n + j] + o->C[j * n + i]);
    dsyev_("V", "U", &n, a, &n, w, lw, &lwork, &info);
    if (info != 0 || !(w[0] > 0))
        return;
    /* a holds the eigenvectors as its rows (column-major seen row-major):
     * B[i][k] = a[k][i] */
    for (int i = 0; i < n; i++) {
        o->D[i] = sqrt(w[i]);
        for (int k = 0; k < n; k++)
            o->B[i * n + k] = a[k * n + i];
    }
}

void ax_cmaes_breed(ax_optimizer *o, const double *scores)
{
    size_t n = o->n, lambda = o->pop;
    double *w = o->work, *yw = w + lambda, *t = yw + n, *a = t + n, *ev = a + n * n, *lw = ev + n;
    ax_cmaes_consts k = ax_cmaes_constants(n, lambda, w);
    ax_opt_rank(scores, lambda, o->ranked);
    /* weighted mean step of the mu best */
    double *old = t;   /* the old mean: the rank-mu update measures steps from it */
    memcpy(old, o->mean, n * sizeof *old);
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t r = 0; r < k.mu; r++)
            s += w[r] * (o->cand[o->ranked[r].index * n + i] - old[i]);
        yw[i] = s / o->sigma;
        o->mean[i] = old[i] + s;
    }
    double *C = o->C, hsig_base;
    /* C^(-1/2) yw = B D^-1 B^T yw */
    double *tmp = ev;   /* n values, before LAPACK needs ev */
    for (size_t j = 0; j < n; j++) {
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += o->B[i * n + j] * yw[i];
        tmp[j] = s / o->D[j];
    }
    double norm = 0;
    double cs = sqrt(k.c_sigma * (2 - k.c_sigma) * k.mu_eff);
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < n; j++)
            s += o->B[i * n + j] * tmp[j];
        o->ps[i] = (1 - k.c_sigma) * o->ps[i] + cs * s;
        norm += o->ps[i] * o->ps[i];
    }
    norm = sqrt(norm);
    hsig_base = norm / sqrt(1 - pow(1 - k.c_sigma, 2.0 * (double)o->generation));
    int hsig = hsig_base < (1.4 + 2 / ((double)n + 1)) * k.chi_n;
    double cc = sqrt(k.c_c * (2 - k.c_c) * k.mu_eff);
    for (size_t i = 0; i < n; i++)
        o->pc[i] = (1 - k.c_c) * o->pc[i] + (hsig ? cc * yw[i] : 0);
    double decay = 1 - k.c_1 - k.c_mu + (hsig ? 0 : k.c_1 * k.c_c * (2 - k.c_c));
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j <= i; j++) {
            double rank_mu = 0;
            for (size_t r = 0; r < k.mu; r++) {
                const double *x = o->cand + o->ranked[r].index * n;
                rank_mu += w[r] * (x[i] - old[i]) * (x[j] - old[j]);
            }
            double v = decay * C[i * n + j] + k.c_1 * o->pc[i] * o->pc[j] + k.c_mu * rank_mu / (o->sigma * o->sigma);
            C[i * n + j] = C[j * n + i] = v;
        }
    o->sigma *= exp(k.c_sigma / k.d_sigma * (norm / k.chi_n - 1));
    eigen(o, a, ev, lw, (int)(34 * n + 8));
    ax_cmaes_sample(o);
}
