/*
 * test_fit_optimizers.c - the optimisers (docs/fitting.md, Optimisers):
 * the bit GA's operators on hand cases and their rates statistically;
 * every algorithm on standard functions within a stated budget and
 * tolerance over several seeds; CMA-ES's evaluation counts on the 10-D
 * sphere and ellipsoid and its rotation invariance; determinism, budgets,
 * save/load resuming bit for bit, and bad input.  DE against SciPy, and
 * CMA-ES against an independent implementation of Hansen's tutorial, are in
 * tests/python/test_fit_optimizers.py.
 */
#include <unistd.h>

#include "fit/fit.h"
#include "helpers.h"

typedef double (*objective)(const double *x, size_t n);

static double sphere(const double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i] * x[i];
    return s;
}

static double rosenbrock(const double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i + 1 < n; i++)
        s += 100 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (1 - x[i]) * (1 - x[i]);
    return s;
}

static double rastrigin(const double *x, size_t n)
{
    double s = 10.0 * (double)n;
    for (size_t i = 0; i < n; i++)
        s += x[i] * x[i] - 10 * cos(2 * M_PI * x[i]);
    return s;
}

/* Minimum at 3e-4 in every coordinate, searched over [1e-6, 1e2]: eight decades. */
static double log_bowl(const double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += pow(log10(x[i] / 3e-4), 2);
    return s;
}

/* Evaluates every row; fails the test when a candidate leaves its bounds. */
typedef struct problem {
    objective f;
    const double *lo, *hi;
} problem;

static int evaluate(const double *x, size_t rows, size_t n, double *scores, void *user)
{
    const problem *p = user;
    for (size_t r = 0; r < rows; r++) {
        for (size_t i = 0; i < n; i++)
            cr_assert(x[r * n + i] >= p->lo[i] && x[r * n + i] <= p->hi[i], "row %zu parameter %zu = %.17g outside",
                      r, i, x[r * n + i]);
        scores[r] = p->f(x + r * n, n);
    }
    return 0;
}

static ax_optimizer *make(const ax_optimizer_options *o)
{
    ax_optimizer *opt;
    ax_error err;
    cr_assert_eq(ax_optimizer_create(o, &opt, &err), AX_OK, "%s", err.message);
    return opt;
}

static ax_optimizer_options options(ax_optimizer_kind kind, size_t n, const double *lo, const double *hi,
                                    uint64_t budget, uint64_t seed)
{
    ax_optimizer_options o;
    ax_error err;
    cr_assert_eq(ax_optimizer_defaults(kind, &o, &err), AX_OK, "%s", err.message);
    o.n_params = n, o.lower = lo, o.upper = hi, o.budget = budget, o.seed = seed;
    return o;
}

/* Minimises f under o; the best score, the best point into best. */
static double run(const ax_optimizer_options *o, objective f, double *best)
{
    ax_optimizer *opt = make(o);
    problem p = {f, o->lower, o->upper};
    ax_error err;
    cr_assert_eq(ax_optimizer_minimize(opt, evaluate, &p, &err), AX_OK, "%s", err.message);
    double score;
    cr_assert_eq(ax_optimizer_get_best(opt, best, &score, &err), AX_OK, "%s", err.message);
    ax_optimizer_info info;
    cr_assert_eq(ax_optimizer_get_info(opt, &info, &err), AX_OK);
    cr_expect_eq(info.evaluations, o->budget, "the budget is spent exactly");
    cr_expect(info.done);
    ax_optimizer_free(opt);
    return score;
}

/* ---- the bit GA's operators, exactly ---- */

Test(fit_optimizers, bit_ga_decode_is_the_seeds_formula)
{
    const double b101[] = {1, 0, 1}, zeros[8] = {0}, ones[] = {1, 1, 1, 1, 1, 1, 1, 1};
    const double b80[] = {1, 0, 0, 0, 0, 0, 0, 0};   /* most significant bit first: 128 */
    cr_expect_eq(ax_bitga_decode(b101, 3, 0, 7), 5.0);
    cr_expect_eq(ax_bitga_decode(b101, 3, 1, 15), 1 + 5 * 14 / 7.0);
    cr_expect_eq(ax_bitga_decode(zeros, 8, -1, 1), -1.0);
    cr_expect_eq(ax_bitga_decode(ones, 8, -1, 1), 1.0);
    cr_expect_eq(ax_bitga_decode(b80, 8, -1, 1), -1 + 128 * 2.0 / 255);
    /* 52 bits: every value exact; the largest is hi */
    double all[52];
    for (int i = 0; i < 52; i++)
        all[i] = 1;
    cr_expect_eq(ax_bitga_decode(all, 52, 0, 1), 1.0);
    /* A wrong bit order (least significant first) decodes b80 as 1: -1 + 2/255, and fails above. */
}

Test(fit_optimizers, bit_ga_one_point_crossover_swaps_the_tails)
{
    const double a[] = {1, 1, 1, 1, 1}, b[] = {0, 0, 0, 0, 0};
    double c1[5], c2[5];
    for (size_t point = 1; point < 5; point++) {
        ax_bitga_crossover(a, b, 5, point, c1, c2);
        for (size_t j = 0; j < 5; j++) {
            cr_expect_eq(c1[j], j < point ? 1.0 : 0.0, "point %zu bit %zu", point, j);
            cr_expect_eq(c2[j], j < point ? 0.0 : 1.0, "point %zu bit %zu", point, j);
        }
    }
}

/* The tournament draws k rows with replacement; the first drawn with the
 * lowest score wins, and a NaN loses to everything.  Replaying the stream
 * gives the draws; a tournament taking the highest score, or the last of
 * equal ones, fails. */
Test(fit_optimizers, tournament_takes_the_lowest_of_k_draws)
{
    const double scores[] = {5, 1, NAN, 3, 1, INFINITY};
    for (unsigned k = 1; k <= 6; k++)
        for (size_t row = 0; row < 200; row++) {
            ax_rng r1, r2;
            ax_opt_rng(&r1, 9, AX_OPT_SELECT, 4, row);
            ax_opt_rng(&r2, 9, AX_OPT_SELECT, 4, row);
            size_t won = ax_opt_tournament(scores, 6, k, &r1), want = 0;
            double want_key = INFINITY;
            int first = 1;
            for (unsigned j = 0; j < k; j++) {
                size_t c = ax_rng_below(&r2, 6);
                double key = isfinite(scores[c]) ? scores[c] : INFINITY;
                if (first || key < want_key)
                    want = c, want_key = key;
                first = 0;
            }
            cr_assert_eq(won, want, "k %u row %zu: won %zu, expected %zu", k, row, won, want);
        }
}

/* 10^5 bits flipped with r = 0.1: Binomial(1e5, 0.1), mean 1e4, sd 94.9;
 * within 5 sd (a wrong rate of 0.11 gives 1.1e4, 10 sd away). */
Test(fit_optimizers, mutation_flips_bits_at_rate_r_mut)
{
    enum { LEN = 100000 };
    static double bits[LEN];
    ax_rng rng;
    ax_opt_rng(&rng, 3, AX_OPT_MUTATE, 0, 0);
    size_t flipped = ax_bitga_mutate(bits, LEN, 0.1, &rng), ones = 0;
    for (size_t j = 0; j < LEN; j++)
        ones += bits[j] != 0;
    cr_expect_eq(ones, flipped);
    double sd = sqrt(LEN * 0.1 * 0.9);
    cr_expect(fabs((double)flipped - LEN * 0.1) < 5 * sd, "flipped %zu of %d, expected %g +- %g", flipped, LEN,
              LEN * 0.1, 5 * sd);
}

/* Crossover rate through a whole generation: half the population all
 * zeros, half all ones, equal scores, k = 1 (parents uniform), no
 * mutation.  A pair of children is mixed exactly when its parents differ
 * (probability 1/2) and they crossed (r_cross = 0.9), since the cut lies
 * inside the string: P = 0.45 over 10^4 pairs, sd 49.7; within 5 sd (a
 * rate of 1 gives 5000, 10 sd away; no crossover gives 0). */
Test(fit_optimizers, crossover_happens_at_rate_r_cross)
{
    enum { POP = 20000, BITS = 8 };
    double lo = 0, hi = 1;
    ax_optimizer_options o = options(AX_OPTIMIZER_BIT_GA, 1, &lo, &hi, 0, 5);
    o.pop_size = POP, o.tournament = 1, o.r_mut = 0, o.n_bits = BITS;
    ax_optimizer *opt = make(&o);
    for (size_t r = 0; r < POP; r++)
        for (size_t j = 0; j < BITS; j++)
            opt->bits[r * BITS + j] = r < POP / 2;
    static double x[POP], scores[POP];
    size_t rows;
    ax_error err;
    cr_assert_eq(ax_optimizer_ask(opt, x, POP, &rows, &err), AX_OK, "%s", err.message);
    cr_assert_eq(ax_optimizer_tell(opt, scores, rows, &err), AX_OK, "%s", err.message);
    size_t mixed = 0;
    for (size_t r = 0; r < POP; r += 2) {   /* the first child of each pair */
        size_t ones = 0;
        for (size_t j = 0; j < BITS; j++)
            ones += opt->bits[r * BITS + j] != 0;
        mixed += ones != 0 && ones != BITS;
    }
    double n = POP / 2, sd = sqrt(n * 0.45 * 0.55);
    cr_expect(fabs((double)mixed - 0.45 * n) < 5 * sd, "%zu mixed pairs of %g, expected %g +- %g", mixed, n, 0.45 * n,
              5 * sd);
    ax_optimizer_free(opt);
}

/* ---- every algorithm on standard functions ---- */

/* 2-D problems on [-5, 5.2]^2 (the optimum off the box's centre), five
 * seeds each; the tolerance is on the best score.  Budgets and tolerances:
 * the bit GA (the seed's defaults but 16 bits: a grid of 1.6e-4, r_mut 0.1
 * per bit, no elitism, so a noisy search) 10^4 evaluations, f < 0.05 on
 * the sphere and Rosenbrock (within about 0.2 of the optimum), < 0.25 on
 * Rastrigin (its global basin: the next minima are at f ~ 1); the real GA
 * 4000, f < 1e-5 (sphere), 0.05 (Rosenbrock), 1e-2 (Rastrigin); DE 3000,
 * f < 1e-12 on all three; CMA-ES 1500 on the sphere and Rosenbrock, f <
 * 1e-12, and on Rastrigin with lambda = 100 (a large population is what
 * multimodal functions need, Hansen & Kern 2004) 5000, f < 1e-6.  Measured
 * worst scores over the seeds are about 10x below these. */
Test(fit_optimizers, every_algorithm_reaches_the_optimum_of_standard_functions, .timeout = 60)
{
    const double lo[] = {-5, -5}, hi[] = {5.2, 5.2};
    objective fs[] = {sphere, rosenbrock, rastrigin};
    const char *names[] = {"sphere", "rosenbrock", "rastrigin"};
    const double optimum[] = {0, 1, 0};
    struct {
        ax_optimizer_kind kind;
        uint64_t budget;
        double tol[3];
    } cases[] = {{AX_OPTIMIZER_BIT_GA, 10000, {0.05, 0.05, 0.25}},
                 {AX_OPTIMIZER_REAL_GA, 4000, {1e-5, 0.05, 1e-2}},
                 {AX_OPTIMIZER_DE, 3000, {1e-12, 1e-12, 1e-12}},
                 {AX_OPTIMIZER_CMA_ES, 1500, {1e-12, 1e-12, 1e-6}}};
    for (size_t c = 0; c < 4; c++)
        for (size_t f = 0; f < 3; f++)
            for (uint64_t seed = 0; seed < 5; seed++) {
                ax_optimizer_options o = options(cases[c].kind, 2, lo, hi, cases[c].budget, seed);
                if (cases[c].kind == AX_OPTIMIZER_BIT_GA)
                    o.n_bits = 16;
                if (cases[c].kind == AX_OPTIMIZER_CMA_ES && fs[f] == rastrigin)
                    o.pop_size = 100, o.budget = 5000;
                double best[2], score = run(&o, fs[f], best);
                cr_expect(score < cases[c].tol[f], "kind %d on %s, seed %llu: best %g at (%g, %g), tolerance %g",
                          (int)cases[c].kind, names[f], (unsigned long long)seed, score, best[0], best[1],
                          cases[c].tol[f]);
                if (cases[c].kind == AX_OPTIMIZER_DE || cases[c].kind == AX_OPTIMIZER_CMA_ES)
                    cr_expect(fabs(best[0] - optimum[f]) < 1e-5 && fabs(best[1] - optimum[f]) < 1e-5);
            }
}

/* A log-scaled parameter spanning eight decades, [1e-6, 1e2], optimum
 * 3e-4: every algorithm finds it within 2 % (bit GA, 16 bits: a grid of
 * 1.2e-4 decades, 0.03 %), 0.5 % (real GA), 1e-9 (DE, CMA-ES), relative,
 * over five seeds; every candidate stays inside the bounds (evaluate
 * checks).  Searched linearly, 3e-4 is 3e-6 of the range: 16 bits could
 * not even represent it to 30 %. */
Test(fit_optimizers, log_scaled_parameters_are_searched_in_decades)
{
    const double lo[] = {1e-6, 1e-6}, hi[] = {1e2, 1e2};
    const int logs[] = {1, 1};
    const double tol[] = {0.02, 5e-3, 1e-9, 1e-9};
    const uint64_t budget[] = {10000, 4000, 3000, 1500};
    for (int k = 0; k < 4; k++)
        for (uint64_t seed = 0; seed < 5; seed++) {
            ax_optimizer_options o = options((ax_optimizer_kind)k, 2, lo, hi, budget[k], seed);
            o.log_scale = logs;
            if (k == 0)
                o.n_bits = 16;
            double best[2];
            run(&o, log_bowl, best);
            for (int i = 0; i < 2; i++)
                cr_expect(fabs(best[i] / 3e-4 - 1) < tol[k], "kind %d seed %llu: x%d = %g, want 3e-4 within %g", k,
                          (unsigned long long)seed, i, best[i], tol[k]);
        }
}

/* ---- CMA-ES: published behaviour ---- */

static double R[100];   /* a random rotation of R^10 */
static int rotate;

static double ellipsoid(const double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        double y = 0;
        for (size_t j = 0; j < n; j++)
            y += (rotate ? R[i * n + j] : i == j) * x[j];
        s += pow(1e6, (double)i / (double)(n - 1)) * y * y;
    }
    return s;
}

/* Evaluations until f < 1e-8, from x0 = 3 in every coordinate, sigma0 = 2
 * (0.1 of [-10, 10]), mean over 10 seeds. */
static double evaluations_to_target(objective f)
{
    double lo[10], hi[10], x0[10], total = 0;
    for (int i = 0; i < 10; i++)
        lo[i] = -10, hi[i] = 10, x0[i] = 3;
    for (uint64_t seed = 0; seed < 10; seed++) {
        ax_optimizer_options o = options(AX_OPTIMIZER_CMA_ES, 10, lo, hi, 100000, seed);
        o.x0 = x0, o.sigma0 = 0.1;
        ax_optimizer *opt = make(&o);
        double x[100], scores[10];
        size_t rows, evals = 0;
        ax_error err;
        int hit = 0;
        while (!hit && ax_optimizer_ask(opt, x, 10, &rows, &err) == AX_OK) {
            for (size_t r = 0; r < rows; r++) {
                scores[r] = f(x + r * 10, 10);
                evals++;
                hit |= scores[r] < 1e-8;
            }
            cr_assert_eq(ax_optimizer_tell(opt, scores, rows, &err), AX_OK);
        }
        cr_assert(hit, "seed %llu never reached 1e-8", (unsigned long long)seed);
        total += (double)evals;
        ax_optimizer_free(opt);
    }
    return total / 10;
}

/* Hansen & Ostermeier (2001) and Hansen's tutorial (2016, Fig. 4 and its
 * sphere/ellipsoid runs): with the default lambda = 10 in 10-D, f = 1e-8 on
 * the sphere takes about 1.5e3 evaluations and on the ellipsoid of
 * condition 1e6 about 6e3 (the covariance must be learnt: ~n^2 scale).
 * Accepted: [1000, 2200] and [4000, 9000] (measured 1470 and 5900).  The
 * rotated ellipsoid takes the same within 15 % (measured +4 %): a CMA-ES
 * without a full covariance (or with a wrong rank-mu term) is much slower
 * on the rotated one. */
Test(fit_optimizers, cma_es_matches_published_evaluation_counts_and_is_rotation_invariant, .timeout = 60)
{
    /* Gram-Schmidt on fixed normal draws */
    ax_rng rng;
    ax_rng_init(&rng, 42, 0, 0, 0);
    for (int i = 0; i < 100; i++)
        R[i] = ax_rng_normal(&rng);
    for (int i = 0; i < 10; i++) {
        for (int j = 0; j < i; j++) {
            double d = 0;
            for (int k = 0; k < 10; k++)
                d += R[i * 10 + k] * R[j * 10 + k];
            for (int k = 0; k < 10; k++)
                R[i * 10 + k] -= d * R[j * 10 + k];
        }
        double norm = 0;
        for (int k = 0; k < 10; k++)
            norm += R[i * 10 + k] * R[i * 10 + k];
        for (int k = 0; k < 10; k++)
            R[i * 10 + k] /= sqrt(norm);
    }
    double s = evaluations_to_target(sphere);
    rotate = 0;
    double e = evaluations_to_target(ellipsoid);
    rotate = 1;
    double er = evaluations_to_target(ellipsoid);
    cr_expect(s >= 1000 && s <= 2200, "sphere: %g evaluations", s);
    cr_expect(e >= 4000 && e <= 9000, "ellipsoid: %g evaluations", e);
    cr_expect(fabs(er / e - 1) < 0.15, "rotated ellipsoid %g vs %g evaluations", er, e);
}

/* ---- determinism, budgets, save and load ---- */

/* Scores of rows asked, evaluated from the last row to the first, or on
 * two threads: the fit is the same bit for bit, as each row's score goes
 * to its row whoever computes it. */
static void fit_trace(ax_optimizer_kind kind, int order, double *best, double *score, double *last_x)
{
    const double lo[] = {-5, -5, 0.01}, hi[] = {5.2, 5.2, 100};
    const int logs[] = {0, 0, 1};
    ax_optimizer_options o = options(kind, 3, lo, hi, 600, 77);
    o.log_scale = logs;
    if (kind == AX_OPTIMIZER_CMA_ES)
        o.pop_size = 20;
    ax_optimizer *opt = make(&o);
    double x[3 * 100], s[100];
    size_t rows = 0;
    ax_error err;
    while (ax_optimizer_ask(opt, x, 100, &rows, &err) == AX_OK) {
        if (order == 2) {
#pragma omp parallel for num_threads(2) schedule(dynamic, 1)
            for (size_t r = 0; r < rows; r++)
                s[r] = rastrigin(x + r * 3, 2) + log_bowl(x + r * 3 + 2, 1);
        } else
            for (size_t k = 0; k < rows; k++) {
                size_t r = order ? rows - 1 - k : k;
                s[r] = rastrigin(x + r * 3, 2) + log_bowl(x + r * 3 + 2, 1);
            }
        memcpy(last_x, x, rows * 3 * sizeof *x);
        cr_assert_eq(ax_optimizer_tell(opt, s, rows, &err), AX_OK, "%s", err.message);
    }
    cr_assert_eq(ax_optimizer_get_best(opt, best, score, &err), AX_OK);
    ax_optimizer_free(opt);
}

Test(fit_optimizers, same_seed_same_fit_whatever_evaluates)
{
    for (int k = 0; k < 4; k++) {
        double b[3][3], s[3], x[3][300];
        for (int order = 0; order < 3; order++)
            fit_trace((ax_optimizer_kind)k, order, b[order], &s[order], x[order]);
        for (int order = 1; order < 3; order++) {
            cr_expect(memcmp(b[0], b[order], sizeof b[0]) == 0 && s[0] == s[order], "kind %d order %d", k, order);
            cr_expect(memcmp(x[0], x[order], sizeof x[0]) == 0, "kind %d order %d: last generation differs", k, order);
        }
    }
}

/* Budget 250, 100 a generation: 100, 100, then 50 (the first 50 rows), then
 * done; asking again is a state error. */
Test(fit_optimizers, the_last_generation_is_cut_to_the_budget)
{
    const double lo = 0, hi = 1;
    ax_optimizer_options o = options(AX_OPTIMIZER_BIT_GA, 1, &lo, &hi, 250, 1);
    ax_optimizer *opt = make(&o);
    double x[100], s[100] = {0};
    size_t rows, expect[] = {100, 100, 50};
    ax_error err;
    for (int g = 0; g < 3; g++) {
        cr_assert_eq(ax_optimizer_ask(opt, x, 100, &rows, &err), AX_OK, "%s", err.message);
        cr_expect_eq(rows, expect[g]);
        cr_assert_eq(ax_optimizer_tell(opt, s, rows, &err), AX_OK, "%s", err.message);
    }
    ax_optimizer_info info;
    cr_assert_eq(ax_optimizer_get_info(opt, &info, &err), AX_OK);
    cr_expect(info.done && info.evaluations == 250 && info.generations == 3);
    cr_expect_eq(ax_optimizer_ask(opt, x, 100, &rows, &err), AX_ERR_STATE);
    cr_expect(strstr(err.message, "budget of 250 evaluations is spent"), "%s", err.message);
    ax_optimizer_free(opt);
}

/* A fit saved after 4 generations (once between tell and ask, once between
 * ask and tell), loaded and continued, asks exactly what the uninterrupted
 * fit asks, to the last bit, and ends with the same best. */
Test(fit_optimizers, save_and_load_resume_bit_for_bit)
{
    const double lo[] = {-5, -5, 0.01}, hi[] = {5.2, 5.2, 100};
    const int logs[] = {0, 0, 1};
    char path[] = "/tmp/axon_opt_XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    for (int k = 0; k < 4; k++)
        for (int between = 0; between < 2; between++) {
            ax_optimizer_options o = options((ax_optimizer_kind)k, 3, lo, hi, 1000, 11);
            o.log_scale = logs;
            ax_optimizer *a = make(&o), *b = make(&o);
            double xa[300], xb[300], s[100];
            size_t ra, rb;
            ax_error err;
            for (int g = 0; ax_optimizer_ask(a, xa, 100, &ra, &err) == AX_OK; g++) {
                if (g == 4) {
                    if (between)   /* b has asked: the file keeps the asked generation */
                        cr_assert_eq(ax_optimizer_ask(b, xb, 100, &rb, &err), AX_OK);
                    cr_assert_eq(ax_optimizer_save(b, path, &err), AX_OK, "%s", err.message);
                    ax_optimizer_free(b);
                    cr_assert_eq(ax_optimizer_load(path, &b, &err), AX_OK, "%s", err.message);
                    cr_expect(access(strcat(strcpy((char[64]){0}, path), ".tmp"), F_OK) != 0, "no temporary left");
                }
                cr_assert_eq(ax_optimizer_ask(b, xb, 100, &rb, &err), AX_OK, "%s", err.message);
                cr_assert_eq(ra, rb);
                cr_assert(memcmp(xa, xb, ra * 3 * sizeof *xa) == 0, "kind %d generation %d differs", k, g);
                for (size_t r = 0; r < ra; r++)
                    s[r] = rastrigin(xa + r * 3, 2) + log_bowl(xa + r * 3 + 2, 1);
                cr_assert_eq(ax_optimizer_tell(a, s, ra, &err), AX_OK);
                cr_assert_eq(ax_optimizer_tell(b, s, rb, &err), AX_OK);
            }
            double ba[3], bb[3], sa, sb;
            cr_assert_eq(ax_optimizer_get_best(a, ba, &sa, &err), AX_OK);
            cr_assert_eq(ax_optimizer_get_best(b, bb, &sb, &err), AX_OK);
            cr_expect(memcmp(ba, bb, sizeof ba) == 0 && sa == sb, "kind %d", k);
            ax_optimizer_free(a);
            ax_optimizer_free(b);
        }
    unlink(path);
}

Test(fit_optimizers, damaged_or_foreign_files_are_refused)
{
    const double lo[] = {0}, hi[] = {1};
    char path[] = "/tmp/axon_opt_XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    ax_optimizer_options o = options(AX_OPTIMIZER_CMA_ES, 1, lo, hi, 100, 1);
    ax_optimizer *opt = make(&o), *back = NULL;
    ax_error err;
    cr_assert_eq(ax_optimizer_save(opt, path, &err), AX_OK, "%s", err.message);
    FILE *f = fopen(path, "r+b");
    fseek(f, 100, SEEK_SET);
    fputc(0x5a, f);
    fclose(f);
    cr_expect_eq(ax_optimizer_load(path, &back, &err), AX_ERR_IO);
    cr_expect(strstr(err.message, "checksum") && strstr(err.message, path), "%s", err.message);
    cr_expect_null(back);
    cr_assert_eq(truncate(path, 50), 0);
    cr_expect_eq(ax_optimizer_load(path, &back, &err), AX_ERR_IO);
    cr_expect(strstr(err.message, "checksum") || strstr(err.message, "not an optimizer"), "%s", err.message);
    f = fopen(path, "w");
    fputs("time_ms,neuron\n1.0,0\n", f);
    fclose(f);
    cr_expect_eq(ax_optimizer_load(path, &back, &err), AX_ERR_IO);
    cr_expect(strstr(err.message, "is not an optimizer state"), "%s", err.message);
    unlink(path);
    cr_expect_eq(ax_optimizer_load(path, &back, &err), AX_ERR_IO);
    cr_expect(strstr(err.message, "cannot open"), "%s", err.message);
    cr_expect_eq(ax_optimizer_save(opt, "/nonexistent-dir/opt.bin", &err), AX_ERR_IO);
    cr_expect(strstr(err.message, "/nonexistent-dir/opt.bin.tmp"), "%s", err.message);
    ax_optimizer_free(opt);
}

static int stop_at_once(const double *x, size_t rows, size_t n, double *scores, void *user)
{
    (void)x, (void)rows, (void)n, (void)scores, (void)user;
    return 1;
}

Test(fit_optimizers, bad_input_is_refused_with_what_and_where)
{
    const double lo[] = {0, 1}, hi[] = {1, 2}, nan_hi[] = {1, NAN}, same[] = {0, 2};
    const int logs[] = {1, 0};
    ax_error err;
    ax_optimizer *opt = NULL;
    struct {
        ax_optimizer_kind kind;
        const char *field;
        const char *fragment;
    } cases[] = {
        {AX_OPTIMIZER_BIT_GA, "odd", "pop_size = 7: the bit GA breeds in pairs"},
        {AX_OPTIMIZER_BIT_GA, "bits", "n_bits = 53: 1 to 52"},
        {AX_OPTIMIZER_BIT_GA, "r_mut", "r_mut = 1.5: a probability in [0, 1]"},
        {AX_OPTIMIZER_BIT_GA, "k", "tournament = 0"},
        {AX_OPTIMIZER_REAL_GA, "elites", "elites = 20: fewer than pop_size (20)"},
        {AX_OPTIMIZER_DE, "pop", "pop_size = 3: the DE needs 4"},
        {AX_OPTIMIZER_DE, "F", "de_f = 0"},
        {AX_OPTIMIZER_CMA_ES, "sigma", "sigma0 = 2"},
        {AX_OPTIMIZER_CMA_ES, "x0", "parameter 1: x0 = 5 is outside the bounds [1, 2]"},
        {AX_OPTIMIZER_CMA_ES, "log", "parameter 0: log_scale with lower = 0"},
        {AX_OPTIMIZER_CMA_ES, "nan", "parameter 1: bounds [1, nan]"},
        {AX_OPTIMIZER_CMA_ES, "order", "parameter 0: bounds [0, 0]"},
        {AX_OPTIMIZER_CMA_ES, "n", "n_params = 0"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        ax_optimizer_options o = options(cases[c].kind, 2, lo, hi, 100, 1);
        const double x0[] = {0.5, 5};
        const char *w = cases[c].field;
        if (!strcmp(w, "odd"))
            o.pop_size = 7;
        else if (!strcmp(w, "bits"))
            o.n_bits = 53;
        else if (!strcmp(w, "r_mut"))
            o.r_mut = 1.5;
        else if (!strcmp(w, "k"))
            o.tournament = 0;
        else if (!strcmp(w, "elites"))
            o.pop_size = 20, o.elites = 20;
        else if (!strcmp(w, "pop"))
            o.pop_size = 3;
        else if (!strcmp(w, "F"))
            o.de_f = 0;
        else if (!strcmp(w, "sigma"))
            o.sigma0 = 2;
        else if (!strcmp(w, "x0"))
            o.x0 = x0;
        else if (!strcmp(w, "log"))
            o.log_scale = logs;
        else if (!strcmp(w, "nan"))
            o.upper = nan_hi;
        else if (!strcmp(w, "order"))
            o.upper = same;
        else if (!strcmp(w, "n"))
            o.n_params = 0;
        if (!strcmp(w, "order"))
            o.lower = same, o.upper = same;
        cr_expect_eq(ax_optimizer_create(&o, &opt, &err), AX_ERR_ARGUMENT, "case %s", w);
        cr_expect(strstr(err.message, "ax_optimizer_create: ") && strstr(err.message, cases[c].fragment),
                  "case %s: '%s' lacks '%s'", w, err.message, cases[c].fragment);
        cr_expect_null(opt);
    }
    /* the calls in the wrong order, or with the wrong count */
    ax_optimizer_options o = options(AX_OPTIMIZER_DE, 2, lo, hi, 0, 1);
    opt = make(&o);
    double x[40], s[20] = {0};
    size_t rows;
    cr_expect_eq(ax_optimizer_tell(opt, s, 20, &err), AX_ERR_STATE);
    cr_expect(strstr(err.message, "no candidates were asked"), "%s", err.message);
    cr_expect_eq(ax_optimizer_get_best(opt, x, NULL, &err), AX_ERR_STATE);
    cr_expect_eq(ax_optimizer_ask(opt, x, 19, &rows, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "capacity = 19 rows: this generation has 20"), "%s", err.message);
    cr_assert_eq(ax_optimizer_ask(opt, x, 20, &rows, &err), AX_OK);
    cr_expect_eq(ax_optimizer_tell(opt, s, 19, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "n = 19 scores: ax_optimizer_ask gave 20"), "%s", err.message);
    cr_expect_eq(ax_optimizer_minimize(opt, stop_at_once, NULL, &err), AX_ERR_ARGUMENT);
    cr_expect(strstr(err.message, "budget 0"), "%s", err.message);
    ax_optimizer_free(opt);
    o.budget = 100;
    opt = make(&o);
    cr_expect_eq(ax_optimizer_minimize(opt, stop_at_once, NULL, &err), AX_ERR_INTERRUPTED);
    ax_optimizer_info info;
    cr_assert_eq(ax_optimizer_get_info(opt, &info, NULL), AX_OK);
    cr_expect(info.evaluations == 0 && isnan(info.best_score), "a stopped generation is not told");
    ax_optimizer_free(opt);
    cr_expect_eq(ax_optimizer_defaults((ax_optimizer_kind)9, &o, &err), AX_ERR_ARGUMENT);
}
