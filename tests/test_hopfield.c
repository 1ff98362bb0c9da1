/*
 * test_hopfield.c - discrete Hopfield networks (docs/attractors.md): the
 * weights against their formulas, stored patterns as fixed points, the
 * energy never rising under asynchronous updates (every single update),
 * a synchronous 2-cycle by hand, the random streams, each neuron's
 * crosstalk error rate against its exact binomial law, the capacity
 * against Amit, Gutfreund & Sompolinsky's 0.138 n, thread independence
 * and bad input.  The NumPy reference (same weights, same synchronous
 * states bit for bit) is tests/python/test_hopfield.py.
 */
#include <omp.h>

#include "helpers.h"
#include "attractor/attractor.h"

static void random_patterns(size_t P, size_t n, uint64_t seed, double *out)
{
    ax_error err;
    cr_assert_eq(ax_hopfield_random_patterns(P, n, 0.5, -1.0, seed, out, &err), AX_OK, "%s", err.message);
}

static void weights(const double *patterns, size_t P, size_t n, double scale, double *w)
{
    ax_error err;
    cr_assert_eq(ax_hopfield_weights(patterns, P, n, scale, w, &err), AX_OK, "%s", err.message);
}

static ax_hopfield_run_result run(const double *w, size_t n, double *state, ax_hopfield_update update,
                                  size_t max_steps, uint64_t seed, double *energy)
{
    ax_error err;
    ax_hopfield_run_result r;
    cr_assert_eq(ax_hopfield_run(w, n, state, update, max_steps, seed, energy, &r, &err), AX_OK, "%s", err.message);
    return r;
}

static const ax_hopfield_update updates[] = {AX_HOPFIELD_SYNCHRONOUS, AX_HOPFIELD_ASYNCHRONOUS,
                                             AX_HOPFIELD_SEQUENTIAL};

/* One pattern: w_ij = scale p_i p_j off the diagonal, 0 on it; two: the sum; symmetric. */
Test(hopfield, weights_are_the_sum_of_outer_products)
{
    enum { n = 9 };
    double p[2 * n], w[n * n];
    random_patterns(2, n, 3, p);
    weights(p, 1, n, 1.0 / n, w);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            cr_expect_eq(w[i * n + j], i == j ? 0.0 : p[i] * p[j] * (1.0 / n), "w[%zu][%zu]", i, j);
    weights(p, 2, n, 1.0, w);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            cr_expect_eq(w[i * n + j], i == j ? 0.0 : p[i] * p[j] + p[n + i] * p[n + j], "w[%zu][%zu]", i, j);
            cr_expect_eq(w[i * n + j], w[j * n + i]);
        }
}

/* The seed's binary rule w_ij = s sum (p_i - a)(p_j - b): a from the target
 * (row), b from the source (column); its example's a = b = 1, s = 0.5
 * couples only pairs of off cells. */
Test(hopfield, binary_weights_follow_the_seed_rule)
{
    const double p[4] = {1, 0, 0, 1};
    double w[16];
    ax_error err;
    cr_assert_eq(ax_hopfield_weights_binary(p, 1, 4, 1.0, 1.0, 0.5, w, &err), AX_OK, "%s", err.message);
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++)
            cr_expect_eq(w[i * 4 + j], i != j && p[i] == 0 && p[j] == 0 ? 0.5 : 0.0, "w[%zu][%zu]", i, j);
    cr_assert_eq(ax_hopfield_weights_binary(p, 1, 4, 0.25, 0.75, 2.0, w, &err), AX_OK, "%s", err.message);
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++)
            cr_expect_eq(w[i * 4 + j], i == j ? 0.0 : 2.0 * (p[i] - 0.25) * (p[j] - 0.75), "w[%zu][%zu]", i, j);
}

/* Below capacity (3 patterns in 100 neurons) every stored pattern and its
 * inverse is a fixed point under every update: one sweep, nothing flips. */
Test(hopfield, stored_patterns_are_fixed_points_below_capacity)
{
    enum { n = 100, P = 3 };
    double p[P * n], w[n * n], s[n];
    random_patterns(P, n, 11, p);
    weights(p, P, n, 1.0, w);
    for (size_t k = 0; k < P; k++)
        for (int sign = -1; sign <= 1; sign += 2)
            for (size_t u = 0; u < 3; u++) {
                for (size_t i = 0; i < n; i++)
                    s[i] = sign * p[k * n + i];
                ax_hopfield_run_result r = run(w, n, s, updates[u], 10, 1, NULL);
                cr_expect(r.converged && r.steps == 1 && r.flips == 0, "pattern %zu (sign %d), update %zu", k, sign,
                          u);
                for (size_t i = 0; i < n; i++)
                    cr_expect_eq(s[i], sign * p[k * n + i]);
            }
    /* and a 10 % distorted cue returns to its pattern */
    for (size_t u = 0; u < 3; u++) {
        ax_error err;
        cr_assert_eq(ax_hopfield_distort(p, n, -1.0, 0.1, 5, s, &err), AX_OK);
        ax_hopfield_run_result r = run(w, n, s, updates[u], 20, 1, NULL);
        double m;
        cr_assert_eq(ax_hopfield_overlap(s, p, n, &m, &err), AX_OK);
        cr_expect(r.converged && m == 1.0, "update %zu: overlap %g after %zu sweeps", u, m, r.steps);
    }
}

/* Hopfield's theorem: an asynchronous update of symmetric weights with a
 * zero diagonal changes E by -(s_new - s_old) h_i <= 0.  Checked at every
 * single update (the library's field and sign, in a random order) with
 * integer weights, where the identity is exact; and after every sweep of
 * ax_hopfield_run, asynchronous and sequential, with integer weights
 * (exact) and real ones (1e-9 relative: rounding of the sums). */
Test(hopfield, energy_never_increases_under_asynchronous_updates)
{
    enum { n = 60, P = 15 };   /* a load of 0.25: far above capacity, so many neurons flip */
    double p[P * n], w[n * n], s[n], e[51];
    random_patterns(P, n, 21, p);
    weights(p, P, n, 1.0, w);
    size_t flips = 0;
    for (uint32_t start = 0; start < 20; start++) {
        ax_rng r;
        ax_rng_init(&r, 99, 0, start, 0);
        for (size_t i = 0; i < n; i++)
            s[i] = ax_rng_uniform(&r) < 0.5 ? 1.0 : -1.0;
        double before = ax_hopfield_energy_of(w, n, s);
        for (int sweep = 0; sweep < 20; sweep++)
            for (size_t k = 0; k < n; k++) {
                size_t i = ax_rng_below(&r, n);
                double h = ax_hopfield_field(w, n, s, i), old = s[i];
                s[i] = ax_hopfield_sign(h, old);
                double after = ax_hopfield_energy_of(w, n, s);
                cr_assert_eq(after - before, -(s[i] - old) * h, "start %u: dE %g at neuron %zu, h %g", start,
                             after - before, i, h);
                cr_assert(after <= before);
                flips += s[i] != old;
                before = after;
            }
    }
    cr_expect_gt(flips, 100, "only %zu flips: the check saw too little", flips);
    /* sweeps of the library, integer and real weights */
    double wr[n * n];
    ax_rng r;
    ax_rng_init(&r, 7, 0, 0, 0);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j <= i; j++)
            wr[i * n + j] = wr[j * n + i] = i == j ? 0.0 : ax_rng_normal(&r);
    for (int real = 0; real <= 1; real++)
        for (size_t u = 1; u < 3; u++)
            for (uint32_t start = 0; start < 10; start++) {
                for (size_t i = 0; i < n; i++)
                    s[i] = ax_rng_uniform(&r) < 0.5 ? 1.0 : -1.0;
                ax_hopfield_run_result res = run(real ? wr : w, n, s, updates[u], 50, start, e);
                cr_expect(res.converged, "asynchronous runs end at fixed points");
                for (size_t k = 1; k <= res.steps; k++)
                    cr_expect(e[k] <= e[k - 1] + (real ? 1e-9 * fabs(e[k - 1]) : 0.0),
                              "real %d, update %zu, start %u: E rose from %.17g to %.17g at sweep %zu", real, u,
                              start, e[k - 1], e[k], k);
            }
}

/* Two neurons storing (1, -1): w_12 = w_21 = -1.  From (1, 1) synchronous
 * updates flip both, and back: a 2-cycle (E = 1 both times); asynchronous
 * ones flip one neuron and stop at a stored state (E = -1). */
Test(hopfield, synchronous_updates_can_two_cycle)
{
    const double p[2] = {1, -1};
    double w[4], s[2] = {1, 1}, e[11], E;
    weights(p, 1, 2, 1.0, w);
    cr_assert(w[1] == -1 && w[2] == -1 && w[0] == 0 && w[3] == 0);
    ax_error err;
    cr_assert_eq(ax_hopfield_energy(w, 2, s, &E, &err), AX_OK);
    cr_expect_eq(E, 1.0);
    ax_hopfield_run_result r = run(w, 2, s, AX_HOPFIELD_SYNCHRONOUS, 10, 1, e);
    cr_expect(r.cycle && !r.converged && r.steps == 2 && r.flips == 4, "cycle %d converged %d steps %zu flips %zu",
              r.cycle, r.converged, r.steps, r.flips);
    cr_expect(s[0] == 1 && s[1] == 1 && e[0] == 1 && e[1] == 1 && e[2] == 1);
    for (size_t u = 1; u < 3; u++) {
        s[0] = s[1] = 1;
        r = run(w, 2, s, updates[u], 10, 3, e);
        cr_expect(r.converged && r.steps == 2 && r.flips == 1 && s[0] == -s[1] && e[2] == -1.0);
    }
    /* a tie (h = 0) keeps the state: one neuron, no weight */
    double w0 = 0, s0 = -1;
    r = run(&w0, 1, &s0, AX_HOPFIELD_SYNCHRONOUS, 5, 1, NULL);
    cr_expect(r.converged && s0 == -1);
}

/* The streams: p_on is the fraction of ones (within 5 binomial sigma), the
 * first patterns do not depend on how many are drawn, seeds differ, off = 0
 * gives binary patterns; distortion flips the fraction asked (5 sigma),
 * 0 copies, 1 inverts, and works in place. */
Test(hopfield, random_patterns_and_distortion)
{
    enum { n = 2000 };
    static double a[4 * n], b[2 * n], c[n];
    ax_error err;
    cr_assert_eq(ax_hopfield_random_patterns(4, n, 0.3, 0.0, 5, a, &err), AX_OK, "%s", err.message);
    cr_assert_eq(ax_hopfield_random_patterns(2, n, 0.3, 0.0, 5, b, &err), AX_OK, "%s", err.message);
    cr_expect_eq(memcmp(a, b, sizeof b), 0, "the first patterns depend on how many are drawn");
    size_t ones = 0;
    for (size_t i = 0; i < 4 * n; i++) {
        cr_assert(a[i] == 0.0 || a[i] == 1.0);
        ones += a[i] == 1.0;
    }
    double sd = sqrt(4 * n * 0.3 * 0.7);
    cr_expect(fabs((double)ones - 4 * n * 0.3) < 5 * sd, "%zu ones of %d", ones, 4 * n);
    cr_assert_eq(ax_hopfield_random_patterns(1, n, 0.3, 0.0, 6, c, &err), AX_OK);
    cr_expect_neq(memcmp(a, c, sizeof c), 0, "another seed, the same pattern");
    random_patterns(1, n, 5, c);
    for (double q = 0; q <= 1; q += 0.25) {
        cr_assert_eq(ax_hopfield_distort(c, n, -1.0, q, 8, b, &err), AX_OK, "%s", err.message);
        size_t flipped = 0;
        for (size_t i = 0; i < n; i++)
            flipped += b[i] == -c[i];
        cr_expect(fabs((double)flipped - n * q) <= 5 * sqrt(n * q * (1 - q)), "q %g: %zu flipped", q, flipped);
        if (q == 0 || q == 1)
            cr_expect_eq(flipped, (size_t)(n * q));
    }
    memcpy(b, a, n * sizeof *a);
    cr_assert_eq(ax_hopfield_distort(b, n, 0.0, 1.0, 8, b, &err), AX_OK, "%s", err.message);
    for (size_t i = 0; i < n; i++)
        cr_expect_eq(b[i], 1.0 - a[i], "binary inversion in place");
}

/* P(Bin(m, 1/2) <= k) = I_{1/2}(m - k, k + 1). */
static double binomial_half_cdf(double k, double m)
{
    if (k < 0)
        return 0.0;
    double out;
    ax_error err;
    cr_assert_eq(ax_stats_beta_inc(m - k, k + 1, 0.5, &out, &err), AX_OK, "%s", err.message);
    return out;
}

/* The chance that neuron i of stored pattern 1 is unstable: with scale 1,
 * h_i p_i = (n - 1) + X where X sums M = (P - 1)(n - 1) terms
 * p_i p_ki p_kj p_j, which for a fixed i are independent and +-1 with
 * probability 1/2 each: X = 2B - M, B ~ Bin(M, 1/2), and the neuron
 * flips when X < -(n - 1) (a tie keeps it).  Exact, no approximation. */
static double crosstalk_error(size_t n, size_t P)
{
    double M = (double)(P - 1) * (double)(n - 1), limit = (M - (double)(n - 1)) / 2;
    return binomial_half_cdf(ceil(limit) - 1, M);
}

/* The fraction of unstable neurons in the stored patterns (one synchronous
 * sweep from each pattern flips exactly those) against the exact rate
 * above, over 40 networks of 200 neurons at loads 0.1 to 0.25.  The
 * neurons of one network are weakly correlated, so the tolerance is six
 * standard errors of the mean over networks (measured, not binomial). */
Test(hopfield, crosstalk_error_rate_is_the_binomial_law, .timeout = 60)
{
    enum { n = 200, networks = 40 };
    const size_t loads[] = {20, 30, 40, 50};
    static double p[50 * n], w[n * n], s[n];
    for (size_t l = 0; l < 4; l++) {
        size_t P = loads[l];
        double sum = 0, sum2 = 0;
        for (size_t t = 0; t < networks; t++) {
            random_patterns(P, n, 1000 + t, p);
            weights(p, P, n, 1.0, w);
            size_t flips = 0;
            for (size_t k = 0; k < P; k++) {
                memcpy(s, p + k * n, sizeof s);
                flips += run(w, n, s, AX_HOPFIELD_SYNCHRONOUS, 1, 0, NULL).flips;
            }
            double rate = (double)flips / (double)(P * n);
            sum += rate;
            sum2 += rate * rate;
        }
        double mean = sum / networks, se = sqrt((sum2 / networks - mean * mean) / (networks - 1));
        double eps = crosstalk_error(n, P);
        cr_expect(fabs(mean - eps) <= 6 * se + 1e-4, "P = %zu: %.5f unstable, theory %.5f (se %.5f)", P, mean, eps,
                  se);
    }
}

/* The capacity of random patterns: 400 neurons, 4 networks per load.  The
 * retrieval states exist up to alpha = P/n = 0.138 (Amit, Gutfreund &
 * Sompolinsky 1985, m = 0.967 there): below, a 10 %-distorted cue ends
 * with mean overlap >= 0.95 (measured 1.000, 0.996, 0.980 at 0.05, 0.10,
 * 0.12); above, the overlap collapses (0.54, 0.42 at 0.20, 0.25; the
 * limit for large n is ~0.3, the spin-glass states): <= 0.7 with room for
 * the finite n.  Perfect recall (every neuron right, from the pattern
 * itself) against the independent-neuron estimate (1 - eps)^n: within 0.08
 * at loads <= 0.12 (the estimate ignores the neurons' correlation, which
 * raises perfect recall a little; measured within 0.06). */
Test(hopfield, capacity_collapses_above_0138_n, .timeout = 120)
{
    enum { n = 400 };
    const double alphas[] = {0.05, 0.10, 0.12, 0.20, 0.25};
    double last_stable = 2;
    for (size_t a = 0; a < 5; a++) {
        ax_hopfield_capacity_spec spec = {.n = n, .n_patterns = (size_t)(alphas[a] * n + 0.5), .networks = 4,
                                          .p_on = 0.5, .flip_probability = 0.1,
                                          .update = AX_HOPFIELD_ASYNCHRONOUS, .max_steps = 100, .seed = 3};
        ax_hopfield_capacity_result r;
        ax_error err;
        cr_assert_eq(ax_hopfield_capacity(&spec, &r, &err), AX_OK, "%s", err.message);
        cr_expect_eq(r.cues, 4 * spec.n_patterns);
        cr_expect_eq(r.converged, 1.0, "asynchronous runs end at fixed points");
        if (alphas[a] < 0.138)
            cr_expect_geq(r.overlap, 0.95, "alpha %g: overlap %g", alphas[a], r.overlap);
        else
            cr_expect_leq(r.overlap, 0.7, "alpha %g: overlap %g", alphas[a], r.overlap);
        cr_expect_leq(r.stable, last_stable, "the stable fraction falls with the load");
        last_stable = r.stable;
        if (alphas[a] <= 0.12) {
            spec.flip_probability = 0;
            cr_assert_eq(ax_hopfield_capacity(&spec, &r, &err), AX_OK, "%s", err.message);
            double theory = pow(1 - crosstalk_error(n, spec.n_patterns), n);
            cr_expect(fabs(r.perfect - theory) <= 0.08, "alpha %g: perfect %g, (1 - eps)^n %g", alphas[a], r.perfect,
                      theory);
            cr_expect_eq(r.perfect, r.stable, "from the pattern itself, recalled = stable");
        }
    }
}

/* The same result at 1 and 2 threads, and network 0 with one pattern is
 * what the single calls give with the same seed. */
Test(hopfield, capacity_does_not_depend_on_threads)
{
    ax_hopfield_capacity_spec spec = {.n = 120, .n_patterns = 20, .networks = 3, .p_on = 0.5,
                                      .flip_probability = 0.15, .update = AX_HOPFIELD_ASYNCHRONOUS,
                                      .max_steps = 30, .seed = 12};
    ax_hopfield_capacity_result r1, r2;
    ax_error err;
    for (size_t u = 0; u < 3; u++) {
        spec.update = updates[u];
        omp_set_num_threads(1);
        cr_assert_eq(ax_hopfield_capacity(&spec, &r1, &err), AX_OK, "%s", err.message);
        omp_set_num_threads(2);
        cr_assert_eq(ax_hopfield_capacity(&spec, &r2, &err), AX_OK, "%s", err.message);
        cr_expect_eq(memcmp(&r1, &r2, sizeof r1), 0, "update %zu: the result changed with the threads", u);
    }
    enum { n = 50 };
    double p[n], w[n * n], s[n], m;
    spec = (ax_hopfield_capacity_spec){.n = n, .n_patterns = 1, .networks = 1, .p_on = 0.5,
                                       .flip_probability = 0.45, .update = AX_HOPFIELD_ASYNCHRONOUS,
                                       .max_steps = 30, .seed = 4};
    cr_assert_eq(ax_hopfield_capacity(&spec, &r1, &err), AX_OK, "%s", err.message);
    random_patterns(1, n, 4, p);
    weights(p, 1, n, 1.0, w);
    cr_assert_eq(ax_hopfield_distort(p, n, -1.0, 0.45, 4, s, &err), AX_OK);
    run(w, n, s, AX_HOPFIELD_ASYNCHRONOUS, 30, 4, NULL);
    cr_assert_eq(ax_hopfield_overlap(s, p, n, &m, &err), AX_OK);
    cr_expect_eq(r1.overlap, m);
    cr_expect(m == 1.0 || m == -1.0, "one stored pattern: the cue ends at it or its inverse (m = %g)", m);
}

/* Bad input: each call refuses it, names what and where, and writes nothing. */
Test(hopfield, bad_input_is_refused_with_a_clear_message)
{
    double p[4] = {1, -1, 1, -1}, w[16], s[4] = {1, 1, -1, 1}, out[4] = {7, 7, 7, 7}, x;
    ax_error err;
    struct {
        ax_status st;
        const char *fragment;
    } cases[24];
    size_t k = 0;
#define CASE(call, frag)                                                                               \
    do {                                                                                               \
        cases[k].st = (call);                                                                          \
        cases[k].fragment = (frag);                                                                    \
        cr_expect(strstr(err.message, frag), "case %zu: '%s' lacks '%s'", k, err.message, frag);       \
        k++;                                                                                           \
    } while (0)
    CASE(ax_hopfield_random_patterns(1, 4, 1.5, -1, 1, out, &err), "p_on = 1.5");
    CASE(ax_hopfield_random_patterns(1, 4, 0.5, 2, 1, out, &err), "off = 2");
    CASE(ax_hopfield_random_patterns(0, 4, 0.5, -1, 1, out, &err), "n_patterns = 0");
    CASE(ax_hopfield_distort(p, 4, -1, -0.1, 1, out, &err), "flip_probability = -0.1");
    CASE(ax_hopfield_distort(p, 4, -1, NAN, 1, out, &err), "flip_probability = nan");
    CASE(ax_hopfield_distort(p, 4, 0, 0.1, 1, out, &err), "pattern[1] is -1");
    p[2] = 0.5;
    CASE(ax_hopfield_weights(p, 1, 4, 1, w, &err), "patterns[2] is 0.5");
    p[2] = 1;
    CASE(ax_hopfield_weights(p, 1, 4, 0, w, &err), "scale = 0");
    CASE(ax_hopfield_weights(p, 1, 4, 1, NULL, &err), "'weights' is NULL");
    CASE(ax_hopfield_weights_binary(p, 1, 4, 1, 1, 1, w, &err), "patterns[1] is -1");
    const double binary[4] = {1, 0, 0, 1};
    CASE(ax_hopfield_weights_binary(binary, 1, 4, NAN, 1, 1, w, &err), "a = nan");
    weights(p, 1, 4, 1.0, w);
    s[3] = 0;
    CASE(ax_hopfield_run(w, 4, s, AX_HOPFIELD_SYNCHRONOUS, 5, 1, NULL, NULL, &err), "state[3] is 0");
    s[3] = 1;
    CASE(ax_hopfield_run(w, 4, s, (ax_hopfield_update)7, 5, 1, NULL, NULL, &err), "update = 7");
    w[5] = NAN;
    CASE(ax_hopfield_energy(w, 4, s, &x, &err), "weights[1][1] is nan");
    CASE(ax_hopfield_overlap(s, p, 0, &x, &err), "n = 0");
    ax_hopfield_capacity_spec spec = {.n = 10, .n_patterns = 2, .networks = 1, .p_on = 0.5, .max_steps = 0};
    ax_hopfield_capacity_result r;
    CASE(ax_hopfield_capacity(&spec, &r, &err), "spec->max_steps = 0");
#undef CASE
    for (size_t i = 0; i < k; i++)
        cr_expect_eq(cases[i].st, AX_ERR_ARGUMENT, "case %zu", i);
    for (size_t i = 0; i < 4; i++)
        cr_expect_eq(out[i], 7.0, "a refused call wrote its output");
    cr_expect_eq(s[0], 1.0);
}
