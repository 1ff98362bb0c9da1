/*
 * ks_two_sample_exact.c - the exact null distribution of the two-sample
 * Kolmogorov-Smirnov statistic, by counting lattice paths (Hodges 1958).
 *
 * Merging the two sorted samples walks from (0, 0) to (m, n), one step
 * right per value of the first sample and one up per value of the second;
 * every path is equally likely under H0.  D >= h/lcm(m, n) when the path
 * visits a point with x/m - y/n >= h/lcm (one-sided) or |x/m - y/n| >=
 * h/lcm (two-sided).  Counting in probabilities, Q(x, y) = P(a path to
 * (x, y) has visited such a point) = (x Q(x-1, y) + y Q(x, y-1)) / (x + y),
 * and 1 at those points, never overflows (SciPy's one-sided count of paths
 * does beyond ~1000 values) and, unlike 1 - P(inside), keeps tiny p-values.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "analysis/analysis.h"

/* P(D >= h / lcm) for sizes m, n with g = gcd(m, n); two_sided: |.|.
 * NAN when out of memory. */
double ax_stats_ks_2samp_exact(size_t m, size_t n, size_t g, int64_t h, int two_sided)
{
    if (h <= 0)
        return 1.0;
    if (m == n) {
        double dn = (double)n;
        if (!two_sided) {   /* binom(2n, n-h) / binom(2n, n) as a product */
            double p = 1.0;
            for (int64_t j = 0; j < h; j++)
                p *= (dn - (double)j) / (dn + (double)j + 1.0);
            return p;
        }
        /* 2 (A0 - A0 A1 + A0 A1 A2 - ...) in the Horner form of SciPy's _compute_prob_outside_square */
        double P = 0.0;
        for (int64_t k = (int64_t)n / h; k >= 0; k--) {
            double p1 = 1.0;
            for (int64_t j = 0; j < h; j++)
                p1 = (dn - (double)(k * h + j)) * p1 / (dn + (double)(k * h + j) + 1.0);
            P = p1 * (1.0 - P);
        }
        return 2.0 * P;
    }
    int64_t mg = (int64_t)(m / g), ng = (int64_t)(n / g);
    double *Q = malloc((n + 1) * sizeof *Q);
    if (!Q)
        return NAN;
    for (size_t x = 0; x <= m; x++) {
        for (size_t y = 0; y <= n; y++) {
            int64_t diff = (int64_t)x * ng - (int64_t)y * mg;   /* lcm (x/m - y/n) */
            if (diff >= h || (two_sided && -diff >= h))
                Q[y] = 1.0;
            else if (x == 0 && y == 0)
                Q[y] = 0.0;
            else
                Q[y] = ((double)x * (x ? Q[y] : 0.0) + (double)y * (y ? Q[y - 1] : 0.0)) / (double)(x + y);
        }
    }
    double p = Q[n];
    free(Q);
    return p;
}
