/*
 * ax_rng_normals (core/rng.c): many standard normals at once, vectorised
 * (core/vmath.h's log and cosine), for the noise current.  Against
 * ax_rng_normal on the same stream (the same uniforms and the same
 * arithmetic: the same bits); the same bits for any split of the ids
 * (threads); the distribution by Kolmogorov-Smirnov and its tails.
 */
#include "helpers.h"

#include "core/rng.h"

#define N 200000

/* The same stream as ax_rng_init(seed, purpose, id, block) + ax_rng_normal,
 * bit for bit (both Box-Muller with vmath.h's ax_log and the angle in
 * turns). */
Test(rng_normals, the_streams_of_ax_rng_normal)
{
    static double z[N];
    static uint32_t ids[N];
    for (uint32_t j = 0; j < N; j++)
        ids[j] = 3 * j + 17;
    const uint64_t seed = 0x123456789abcdefull, block = 42 << 4;
    const uint32_t purpose = ax_purpose(7, 3);
    ax_rng_normals(seed, purpose, ids, 0, N, block, z);
    double worst = 0;
    for (uint32_t j = 0; j < N; j++) {
        ax_rng r;
        ax_rng_init(&r, seed, purpose, ids[j], block);
        double want = ax_rng_normal(&r);
        worst = fmax(worst, fabs(z[j] - want));
        cr_assert(!memcmp(&z[j], &want, sizeof want), "id %u: %.17g, ax_rng_normal %.17g", ids[j], z[j], want);
    }
    /* ids NULL: id0 + j */
    static double w[1000];
    ax_rng_normals(seed, purpose, NULL, 17, 1000, block, w);
    for (uint32_t j = 0; j < 1000; j += 3)
        cr_assert(!memcmp(&w[j], &z[j / 3], sizeof w[j]), "id %u: ids NULL gives %.17g, a list %.17g", 17 + j, w[j],
                  z[j / 3]);
    cr_log_info("ax_rng_normals: %d values, max |z - ax_rng_normal| %.3g", N, worst);
}

/* The bits of each value do not depend on how the ids are split between
 * calls (a thread's range, a chunk of the loop): one call against pieces of
 * 1, 5, 255, 256, 257, 1000, ... */
Test(rng_normals, any_split_gives_the_same_bits)
{
    static double whole[20000], parts[20000];
    ax_rng_normals(9, ax_purpose(2, 1), NULL, 0, 20000, 16, whole);
    const uint32_t sizes[] = {1, 5, 255, 256, 257, 1000, 3, 7777};
    uint32_t at = 0;
    for (int k = 0; at < 20000; k = (k + 1) % 8) {
        uint32_t m = 20000 - at < sizes[k] ? 20000 - at : sizes[k];
        ax_rng_normals(9, ax_purpose(2, 1), NULL, at, m, 16, parts + at);
        at += m;
    }
    cr_assert(!memcmp(whole, parts, sizeof whole), "a split changed the values");
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Standard normal: the Kolmogorov-Smirnov distance to Phi below 1.63 /
 * sqrt(n) (p = 0.01), mean and variance within 5 standard errors, the
 * fraction beyond 3 sigma (0.0027) within 5 of its standard errors. */
Test(rng_normals, standard_normal)
{
    static double z[N];
    ax_rng_normals(2026, ax_purpose(5, 0), NULL, 0, N, 0, z);
    double s1 = 0, s2 = 0;
    size_t beyond = 0;
    for (int j = 0; j < N; j++) {
        cr_assert(isfinite(z[j]));
        s1 += z[j], s2 += z[j] * z[j];
        beyond += fabs(z[j]) > 3.0;
    }
    double mean = s1 / N, var = s2 / N - mean * mean;
    qsort(z, N, sizeof *z, by_value);
    double d = 0;
    for (int j = 0; j < N; j++) {
        double phi = 0.5 * erfc(-z[j] / sqrt(2.0));
        d = fmax(d, fmax(fabs(phi - (double)j / N), fabs(phi - (double)(j + 1) / N)));
    }
    const double p3 = 0.0026997960632601866;
    cr_assert(d < 1.63 / sqrt((double)N), "KS distance %g", d);
    cr_assert(fabs(mean) < 5.0 / sqrt((double)N), "mean %g", mean);
    cr_assert(fabs(var - 1.0) < 5.0 * sqrt(2.0 / N), "variance %g", var);
    cr_assert(fabs((double)beyond / N - p3) < 5.0 * sqrt(p3 / N), "beyond 3 sigma: %zu of %d", beyond, N);
    cr_log_info("ax_rng_normals: KS %.4g (limit %.4g), mean %.4g, variance %.5f, beyond 3 sigma %zu", d,
                1.63 / sqrt((double)N), mean, var, beyond);
}
