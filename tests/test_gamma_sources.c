/*
 * The renewal spike sources, SpikeSourceGamma and
 * SpikeSourcePoissonRefractory (src/models/renewal.h):
 *   - the gamma sampler, and the trains' intervals, against the gamma and
 *     exponential distribution functions (Kolmogorov-Smirnov), their mean
 *     and CV, for integer and non-integer shapes;
 *   - the first spike after `start` against the forward recurrence time of
 *     the stationary process, the start/duration window, the dead time;
 *   - the same spikes for 1 and 2 threads and a run cut in two, after a
 *     reset, and after a checkpoint restored in another network;
 *   - parameter changes between runs, bad parameters, a model file.
 *
 * Statistics.  Every comparison has a bound derived from the sample size:
 * a KS statistic D of n values must stay below K / sqrt(n), K the
 * Kolmogorov quantile of level 0.001 (tests/reference/gamma_sources.csv,
 * from SciPy); means and CVs within 5 standard errors.  The seeds are
 * fixed, so each test is deterministic; the levels say how rare a seed
 * that fails a correct model is.  The grid: a spike is reported at the end
 * of the step it falls into, so an interval (or a first spike) on the grid
 * differs from the drawn one by less than dt, and the empirical CDF of
 * the grid values lies within omega = max_x (F(x + dt) - F(x)) of that of
 * the drawn ones; draws that fall into the step of a spike merge into it
 * (renewal.h), which drops intervals shorter than dt: a fraction `lost`
 * of them, which moves the empirical CDF by at most lost / (1 - lost).
 * Both go into the bounds; dt = 0.01 ms keeps them small against
 * intervals of 10 ms and more.
 *
 * The distribution functions are computed here in closed form, and those
 * closed forms are checked against SciPy first (closed_forms_match_scipy).
 */
#include <unistd.h>

#include "core/rng.h"
#include "helpers.h"

#define REFERENCE "tests/reference/gamma_sources.csv"

/* ---- distribution functions ---- */

/* The regularised lower incomplete gamma function P(a, x), the CDF of
 * Gamma(a, rate 1): its series below a + 1, else 1 - Q with Q's continued
 * fraction by the modified Lentz method (Numerical Recipes, 6.2). */
static double gamma_p(double a, double x)
{
    if (x <= 0.0)
        return 0.0;
    double front = exp(-x + a * log(x) - lgamma(a));
    if (x < a + 1.0) {
        double ap = a, del = 1.0 / a, sum = del;
        for (int n = 0; n < 100000 && fabs(del) > fabs(sum) * 1e-17; n++) {
            ap += 1.0;
            del *= x / ap;
            sum += del;
        }
        return sum * front;
    }
    const double tiny = 1e-300;
    double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
    for (int i = 1; i < 100000; i++) {
        double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        d = fabs(d) < tiny ? tiny : d;
        c = b + an / c;
        c = fabs(c) < tiny ? tiny : c;
        d = 1.0 / d;
        h *= d * c;
        if (fabs(d * c - 1.0) < 1e-16)
            break;
    }
    return 1.0 - front * h;
}

/* The Gamma(a, rate 1) density at its mode (a >= 1). */
static double gamma_peak(double a)
{
    if (a == 1.0)
        return 1.0;
    double m = a - 1.0;
    return exp((a - 1.0) * log(m) - m - lgamma(a));
}

/* CDF of the time from an arbitrary moment to the next spike of a
 * stationary process with Gamma(a, rate 1) intervals:
 * (1/a) int_0^x (1 - P(a, u)) du = (x/a) (1 - P(a, x)) + P(a + 1, x),
 * integrating by parts with x p_a(x) = a p_(a+1)(x). */
static double gamma_forward_cdf(double a, double x)
{
    return x / a * (1.0 - gamma_p(a, x)) + gamma_p(a + 1.0, x);
}

/* The same for intervals q + Exp(mean 1 - q): mean 1, dead time q. */
static double dead_time_forward_cdf(double q, double x)
{
    return x < q ? x : q + (1.0 - q) * (1.0 - exp(-(x - q) / (1.0 - q)));
}

typedef double (*cdf_fn)(double par, double x);

static double gamma_cdf(double a, double x) { return gamma_p(a, x); }
static double exp_cdf(double unused, double x) { (void)unused; return 1.0 - exp(-x); }

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The KS statistic of x[0 .. k) (sorted here) as a sample of n >= k values
 * of F(par, .), of which the n - k not in x are known to exceed `censor`
 * (INFINITY: none). */
static double ks(double *x, size_t k, size_t n, cdf_fn F, double par, double censor)
{
    qsort(x, k, sizeof *x, by_value);
    double d = 0.0;
    for (size_t i = 0; i < k; i++) {
        double f = F(par, x[i]);
        d = fmax(d, fmax(f - (double)i / n, (double)(i + 1) / n - f));
    }
    if (isfinite(censor))
        d = fmax(d, F(par, censor) - (double)k / n);
    return d;
}

static double reference(int kind, double a, double x)
{
    csv_table t = read_csv(REFERENCE);
    double v = NAN;
    for (size_t r = 0; r < t.rows; r++) {
        const double *row = &t.data[r * t.cols];
        if (row[0] == kind && row[1] == a && row[2] == x)
            v = row[3];
    }
    csv_free(&t);
    cr_assert(!isnan(v), "%s has no row %d, %g, %g", REFERENCE, kind, a, x);
    return v;
}

/* The Kolmogorov quantile of level 0.001 (1.9495). */
static double kolmogorov(void) { return reference(4, 0.001, 0.0); }

Test(renewal, closed_forms_match_scipy)
{
    csv_table t = read_csv(REFERENCE);
    size_t seen[5] = {0};
    for (size_t r = 0; r < t.rows; r++) {
        const double *row = &t.data[r * t.cols];
        int kind = (int)row[0];
        double a = row[1], x = row[2], want = row[3], got = NAN, tol = 1e-9;
        if (kind == 1)
            got = gamma_p(a, x), tol = 1e-13;
        else if (kind == 2)
            got = gamma_forward_cdf(a, x);   /* SciPy's side is a quadrature */
        else if (kind == 3)
            got = dead_time_forward_cdf(a, x);
        else
            continue;
        seen[kind]++;
        cr_assert(fabs(got - want) < tol * fmax(1.0, fabs(want)), "kind %d a %g x %g: %.17g here, %.17g in SciPy",
                  kind, a, x, got, want);
    }
    cr_assert(seen[1] > 50 && seen[2] > 10 && seen[3] > 10, "the reference holds every kind");
    csv_free(&t);
    cr_assert_float_eq(kolmogorov(), 1.9495, 1e-4);
}

/* ---- the sampler ---- */

/* ax_rng_gamma against P(a, x): both branches (a < 1 boosts), and the
 * mean and variance a within 5 standard errors. */
Test(renewal, gamma_sampler_is_exact)
{
    const double shapes[] = {0.3, 0.5, 1.0, 2.5, 3.0, 7.5, 40.0};
    const size_t n = 20000;
    double *x = malloc(n * sizeof *x), K = kolmogorov();
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        double a = shapes[s], s1 = 0.0, s2 = 0.0;
        for (size_t k = 0; k < n; k++) {
            ax_rng r;
            ax_rng_init(&r, 99, ax_purpose(AX_RNG_SOURCE, AX_SOURCE_GAMMA), (uint32_t)k, s * AX_RNG_GAMMA_BLOCKS);
            x[k] = ax_rng_gamma(&r, a);
            cr_assert(x[k] >= 0.0 && isfinite(x[k]));
            s1 += x[k], s2 += x[k] * x[k];
        }
        double mean = s1 / n, var = s2 / n - mean * mean;
        /* Var(sample variance) = (mu4 - sigma^4) / n with mu4 = 3a^2 + 6a */
        double se_var = sqrt((2.0 * a * a + 6.0 * a) / n);
        double d = ks(x, n, n, gamma_cdf, a, INFINITY);
        cr_log_info("Gamma(%g): D %.4f (bound %.4f), mean %.4f, variance %.4f", a, d, K / sqrt(n), mean, var);
        cr_assert(d < K / sqrt((double)n), "Gamma(%g): KS D = %g", a, d);
        cr_assert(fabs(mean - a) < 5.0 * sqrt(a / n), "Gamma(%g): mean %g", a, mean);
        cr_assert(fabs(var - a) < 5.0 * se_var, "Gamma(%g): variance %g", a, var);
    }
    free(x);
}

/* ---- trains ---- */

static ax_population add_gamma(ax_network *net, const char *name, uint32_t n, double alpha, double beta)
{
    ax_population p;
    OK(net, ax_population_add(net, name, "SpikeSourceGamma", n, &p));
    OK(net, ax_population_set_param(net, p, "alpha", ax_value_constant(alpha)));
    OK(net, ax_population_set_param(net, p, "beta", ax_value_constant(beta)));
    return p;
}

static ax_population add_refractory(ax_network *net, const char *name, uint32_t n, double rate, double tau)
{
    ax_population p;
    OK(net, ax_population_add(net, name, "SpikeSourcePoissonRefractory", n, &p));
    OK(net, ax_population_set_param(net, p, "rate", ax_value_constant(rate)));
    OK(net, ax_population_set_param(net, p, "tau_refrac", ax_value_constant(tau)));
    return p;
}

typedef struct train {
    size_t n;
    const double *t;
    const uint32_t *id;
} train;

static train spikes_of(ax_network *net, ax_recorder rec)
{
    train s;
    OK(net, ax_recorder_get_spikes(net, rec, &s.n, &s.t, &s.id));
    return s;
}

/*
 * The first k inter-spike intervals (ms) of each of the n neurons of the
 * population `rec` records, n k in all: the run goes on, a second at a
 * time, until every neuron has them.  A fixed number per neuron, because
 * the intervals that fit into a fixed window are a biased sample: long
 * ones fit less often (with 20 mean intervals per window and CV 1.4, their
 * mean is 10 % short).  Also: every spike on the grid, at most one per
 * step.
 */
static double *intervals(ax_network *net, ax_recorder rec, uint32_t n, uint32_t k)
{
    double dt = ax_network_get_dt(net), *isi = malloc((size_t)n * k * sizeof *isi), *last = malloc(n * sizeof *last);
    uint32_t *got = malloc(n * sizeof *got);
    for (int second = 0;; second++) {
        cr_assert(second < 60, "a minute without k = %u intervals in every neuron", k);
        OK(net, ax_network_run(net, 1000.0));
        train s = spikes_of(net, rec);
        uint32_t done = 0;
        for (uint32_t i = 0; i < n; i++)
            last[i] = -1.0, got[i] = 0;
        for (size_t j = 0; j < s.n; j++) {
            uint32_t i = s.id[j];
            cr_assert(fabs(s.t[j] / dt - round(s.t[j] / dt)) < 1e-6, "spike on the grid");
            cr_assert(s.t[j] > last[i], "at most one spike per step");
            if (last[i] >= 0.0 && got[i] < k) {
                isi[(size_t)i * k + got[i]++] = s.t[j] - last[i];
                done += got[i] == k;
            }
            last[i] = s.t[j];
        }
        if (done == n)
            break;
    }
    free(last);
    free(got);
    return isi;
}

/* Mean and CV of x[0 .. m). */
static void moments(const double *x, size_t m, double *mean, double *cv)
{
    double s1 = 0.0, s2 = 0.0;
    for (size_t k = 0; k < m; k++)
        s1 += x[k], s2 += x[k] * x[k];
    *mean = s1 / m;
    *cv = sqrt(s2 / m - *mean * *mean) / *mean;
}

/*
 * N neurons of SpikeSourceGamma at `rate` Hz (beta = alpha rate), k
 * intervals each, at dt = 0.01 ms.  In units of 1/beta the intervals are Gamma(alpha, 1):
 * mean alpha, CV 1/sqrt(alpha), CV standard error
 * sqrt((alpha + 1) / (2 alpha^2 m)) (delta method with the gamma moments).
 * A step is h = beta dt long; omega = h times the peak density (alpha >= 1)
 * or P(alpha, h) (the density falls, alpha < 1); an interval x < h is
 * dropped when both its ends fall into one step, probability 1 - x/h, so
 * lost = E (1 - X/h)+ = P(alpha, h) - (alpha/h) P(alpha + 1, h).  Dropping
 * a fraction `lost` of near-zero intervals raises the mean by 1/(1 - lost)
 * and leaves CV^2 + 1 times (1 - lost).
 */
static void gamma_intervals(double alpha, double rate, uint32_t N, uint32_t k, uint64_t seed)
{
    const double dt = 0.01, beta = alpha * rate, h = beta * dt * 1e-3;
    ax_network *net = new_net(dt, seed, 1);
    ax_population pop = add_gamma(net, "g", N, alpha, beta);
    ax_recorder rec;
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rec));
    size_t m = (size_t)N * k;
    double *isi = intervals(net, rec, N, k);
    for (size_t j = 0; j < m; j++)
        isi[j] *= beta * 1e-3;   /* in units of 1/beta */
    double lost = gamma_p(alpha, h) - alpha / h * gamma_p(alpha + 1.0, h);
    double omega = alpha >= 1.0 ? h * gamma_peak(alpha) : gamma_p(alpha, h);
    double mean, cv;
    moments(isi, m, &mean, &cv);
    double want_mean = alpha / (1.0 - lost), want_cv = sqrt((1.0 / alpha + 1.0) * (1.0 - lost) - 1.0);
    double se_mean = sqrt(alpha / m), se_cv = sqrt((alpha + 1.0) / (2.0 * alpha * alpha * m));
    double d = ks(isi, m, m, gamma_cdf, alpha, INFINITY), bound = kolmogorov() / sqrt((double)m) + omega + lost / (1.0 - lost);
    cr_log_info("SpikeSourceGamma alpha %g, %g Hz: %zu intervals, D %.4f (bound %.4f), mean %.4f (%.4f +- %.4f) /beta, "
                "CV %.4f (%.4f +- %.4f), lost %.2g",
                alpha, rate, m, d, bound, mean, want_mean, se_mean, cv, want_cv, se_cv, lost);
    cr_assert(d < bound, "alpha %g: KS D = %g, bound %g", alpha, d, bound);
    cr_assert(fabs(mean - want_mean) < 5.0 * se_mean, "alpha %g: mean interval %g / beta, expected %g", alpha, mean,
              want_mean);
    cr_assert(fabs(cv - want_cv) < 5.0 * se_cv, "alpha %g: CV %g, expected %g", alpha, cv, want_cv);
    free(isi);
    ax_network_free(net);
}

Test(gamma, intervals_integer_alpha, .timeout = 120) { gamma_intervals(3.0, 100.0, 100, 150, 1); }
Test(gamma, intervals_non_integer_alpha, .timeout = 120) { gamma_intervals(2.5, 100.0, 100, 150, 2); }
/* the boosted branch of the sampler; a lower rate keeps `lost` small */
Test(gamma, intervals_alpha_below_one, .timeout = 120) { gamma_intervals(0.5, 10.0, 200, 60, 3); }

/*
 * N neurons of SpikeSourcePoissonRefractory, `rate` Hz and dead time tau
 * (a multiple of dt), k intervals each, at dt = 0.01 ms: no interval below tau, and
 * some within 0.1 ms of it; (ISI - tau) / (1/rate - tau) ~ Exp(1) (omega: h
 * = dt / (1/rate - tau) times the peak density 1; with tau >= dt nothing
 * merges, with tau = 0 at most P(Exp < h) = 1 - e^-h); the mean interval
 * 1/rate; the CV 1 - rate tau, standard error sqrt((c^4 + 2c^2 - 2c^3) / m)
 * (delta method with the moments of a shifted exponential).  The spike
 * count of the first second, N rate 1 s for a stationary process, within
 * 5 standard deviations, N (rate 1 s CV^2 + 1) its variance (a renewal
 * count's, and a boundary term).
 */
static void refractory_intervals(double rate, double tau, uint32_t N, uint32_t k, uint64_t seed)
{
    const double dt = 0.01, mu = 1e3 / rate, s = mu - tau, h = dt / s, c = s / mu;
    ax_network *net = new_net(dt, seed, 1);
    ax_population pop = add_refractory(net, "r", N, rate, tau);
    ax_recorder rec;
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rec));
    size_t m = (size_t)N * k;
    double *isi = intervals(net, rec, N, k), lowest = INFINITY;
    train sp = spikes_of(net, rec);
    size_t first_second = 0;
    while (first_second < sp.n && sp.t[first_second] <= 1000.0)
        first_second++;
    double count_sd = sqrt(N * (rate * c * c + 1.0)), want_count = N * rate;
    cr_assert(fabs(first_second - want_count) < 5.0 * count_sd, "%zu spikes in the first second, expected %g +- %g",
              first_second, want_count, count_sd);
    double mean, cv;
    moments(isi, m, &mean, &cv);
    for (size_t j = 0; j < m; j++) {
        lowest = fmin(lowest, isi[j]);
        isi[j] = (isi[j] - tau) / s;
    }
    double lost = tau >= dt ? 0.0 : 1.0 - exp(-h);
    double d = ks(isi, m, m, exp_cdf, 0.0, INFINITY), bound = kolmogorov() / sqrt((double)m) + h + lost / (1.0 - lost);
    double se_mean = s / sqrt((double)m), se_cv = sqrt((c * c * c * c + 2 * c * c - 2 * c * c * c) / m);
    cr_log_info("SpikeSourcePoissonRefractory %g Hz, tau_refrac %g ms: %zu spikes in 1 s (%g +- %g), %zu intervals, "
                "the shortest %g ms, D %.4f (bound %.4f), mean %.4f ms (%.4f +- %.4f), CV %.4f (%.4f +- %.4f)",
                rate, tau, first_second, want_count, count_sd, m, lowest, d, bound, mean, mu, se_mean, cv, c, se_cv);
    cr_assert(lowest > tau - 1e-9, "an interval of %g ms, below tau_refrac %g ms", lowest, tau);
    cr_assert(lowest < tau + 0.1, "the shortest interval is %g ms, tau_refrac is %g ms", lowest, tau);
    cr_assert(d < bound, "KS D = %g, bound %g", d, bound);
    cr_assert(fabs(mean - mu) < 5.0 * se_mean, "mean interval %g ms, expected %g", mean, mu);
    cr_assert(fabs(cv - c) < 5.0 * se_cv, "CV %g, expected %g", cv, c);
    free(isi);
    ax_network_free(net);
}

Test(refractory, intervals_with_dead_time, .timeout = 120) { refractory_intervals(50.0, 5.0, 100, 100, 4); }
Test(refractory, intervals_without_dead_time_are_poisson, .timeout = 120) { refractory_intervals(100.0, 0.0, 100, 100, 5); }

/*
 * The first spike after `start`, over N neurons, against the forward
 * recurrence time of the stationary process (gamma_forward_cdf,
 * dead_time_forward_cdf), in units of 1/beta and of the mean interval.
 * Neurons still silent at the end of the run are censored.  omega: h times
 * the peak density of the forward recurrence time, 1/mean.
 */
static void first_spikes(train s, uint32_t N, double start, double end, double unit, cdf_fn F, double par,
                         double peak, double dt)
{
    double *x = malloc(N * sizeof *x);
    char *seen = calloc(N, 1);
    size_t k = 0;
    for (size_t j = 0; j < s.n; j++) {
        cr_assert(s.t[j] > start + 1e-9, "a spike at %g ms, start is %g ms", s.t[j], start);
        if (!seen[s.id[j]]) {
            seen[s.id[j]] = 1;
            x[k++] = (s.t[j] - start) / unit;
        }
    }
    double d = ks(x, k, N, F, par, (end - start) / unit), bound = kolmogorov() / sqrt((double)N) + peak * dt / unit;
    cr_log_info("first spikes (parameter %g): %zu of %u neurons, D %.4f (bound %.4f)", par, k, N, d, bound);
    cr_assert(d < bound, "first spikes: KS D = %g, bound %g", d, bound);
    free(x);
    free(seen);
}

Test(gamma, first_spike_is_stationary, .timeout = 120)
{
    const uint32_t N = 4000;
    const double dt = 0.01, start = 20.0, end = 100.0, rate = 100.0, alphas[] = {3.0, 0.5};
    ax_network *net = new_net(dt, 6, 1);
    ax_recorder rec[2];
    for (int k = 0; k < 2; k++) {
        ax_population p = add_gamma(net, k ? "g1" : "g0", N, alphas[k], alphas[k] * rate);
        OK(net, ax_population_set_param(net, p, "start", ax_value_constant(start)));
        OK(net, ax_recorder_add_spikes(net, p, AX_ALL_NEURONS, &rec[k]));
    }
    OK(net, ax_network_run(net, end));
    for (int k = 0; k < 2; k++) {
        double unit = 1e3 / (alphas[k] * rate);   /* 1/beta, ms */
        first_spikes(spikes_of(net, rec[k]), N, start, end, unit, gamma_forward_cdf, alphas[k], 1.0 / alphas[k], dt);
    }
    ax_network_free(net);
}

Test(refractory, first_spike_is_stationary, .timeout = 120)
{
    const uint32_t N = 4000;
    const double dt = 0.01, start = 20.0, end = 80.0, rate = 100.0, taus[] = {4.0, 0.0};
    ax_network *net = new_net(dt, 7, 1);
    ax_recorder rec[2];
    for (int k = 0; k < 2; k++) {
        ax_population p = add_refractory(net, k ? "r1" : "r0", N, rate, taus[k]);
        OK(net, ax_population_set_param(net, p, "start", ax_value_constant(start)));
        OK(net, ax_recorder_add_spikes(net, p, AX_ALL_NEURONS, &rec[k]));
    }
    OK(net, ax_network_run(net, end));
    for (int k = 0; k < 2; k++)
        first_spikes(spikes_of(net, rec[k]), N, start, end, 1e3 / rate, dead_time_forward_cdf, taus[k] * rate * 1e-3,
                     1.0, dt);
    ax_network_free(net);
}

/* Spikes in (start, start + duration] only, as many as a stationary
 * process gives there: N rate duration, within 5 standard deviations. */
Test(renewal, start_and_duration_window)
{
    const uint32_t N = 500;
    const double start = 100.0, duration = 200.0, rate = 50.0;
    ax_network *net = new_net(0.1, 8, 1);
    ax_population g = add_gamma(net, "g", N, 4.0, 4.0 * rate), r = add_refractory(net, "r", N, rate, 3.0);
    ax_recorder rec[2];
    double cv2[2] = {1.0 / 4.0, (1.0 - rate * 3e-3) * (1.0 - rate * 3e-3)};
    ax_population pops[2] = {g, r};
    for (int k = 0; k < 2; k++) {
        OK(net, ax_population_set_param(net, pops[k], "start", ax_value_constant(start)));
        OK(net, ax_population_set_param(net, pops[k], "duration", ax_value_constant(duration)));
        OK(net, ax_recorder_add_spikes(net, pops[k], AX_ALL_NEURONS, &rec[k]));
    }
    OK(net, ax_network_run(net, 500));
    for (int k = 0; k < 2; k++) {
        train s = spikes_of(net, rec[k]);
        double want = N * rate * duration * 1e-3, sd = sqrt(N * (rate * duration * 1e-3 * cv2[k] + 1.0));
        cr_log_info("window %d: %zu spikes, expected %g +- %g", k, s.n, want, sd);
        cr_assert(fabs(s.n - want) < 5.0 * sd, "%zu spikes, expected %g +- %g", s.n, want, sd);
        cr_assert(s.t[0] > start + 1e-9, "first at %g ms", s.t[0]);
        cr_assert(s.t[s.n - 1] <= start + duration + 1e-9, "last at %g ms", s.t[s.n - 1]);
    }
    ax_network_free(net);
}

/* ---- reproducibility ---- */

/* Both models with parameters that differ per neuron, driving a LIF
 * population (so that checkpoints carry spikes in flight as well). */
static ax_network *mixed(int threads, ax_recorder rec[3])
{
    ax_network *net = new_net(0.1, 21, threads);
    ax_population g, r, e;
    OK(net, ax_population_add(net, "g", "SpikeSourceGamma", 40, &g));
    OK(net, ax_population_add(net, "r", "SpikeSourcePoissonRefractory", 30, &r));
    OK(net, ax_population_add(net, "e", "IF_curr_exp", 20, &e));
    double alpha[40], rate[30];
    for (int i = 0; i < 40; i++)
        alpha[i] = 0.4 + 0.25 * i;
    for (int i = 0; i < 30; i++)
        rate[i] = 5.0 + 3.0 * i;
    OK(net, ax_population_set_param(net, g, "alpha", ax_value_array(alpha, 40)));
    OK(net, ax_population_set_param(net, g, "beta", ax_value_uniform(20.0, 200.0)));
    OK(net, ax_population_set_param(net, r, "rate", ax_value_array(rate, 30)));
    OK(net, ax_population_set_param(net, r, "tau_refrac", ax_value_constant(2.0)));
    OK(net, ax_population_set_param(net, r, "start", ax_value_constant(30.0)));
    ax_connector c = ax_connector_fixed_probability(0.3);
    OK(net, ax_projection_add(net, g, e, &c, "excitatory", ax_value_constant(0.3), ax_value_uniform(0.5, 3.0), NULL));
    OK(net, ax_projection_add(net, r, e, &c, "excitatory", ax_value_constant(0.3), ax_value_constant(1.0), NULL));
    ax_population pops[3] = {g, r, e};
    for (int k = 0; k < 3; k++)
        OK(net, ax_recorder_add_spikes(net, pops[k], AX_ALL_NEURONS, &rec[k]));
    return net;
}

/* Spikes of b after `from` ms equal those of a after `from` ms. */
static void same_spikes(ax_network *a, ax_recorder ra, ax_network *b, ax_recorder rb, double from, const char *what)
{
    train x = spikes_of(a, ra), y = spikes_of(b, rb);
    size_t i = 0, j = 0;
    while (i < x.n && x.t[i] <= from)
        i++;
    while (j < y.n && y.t[j] <= from)
        j++;
    cr_assert_eq(x.n - i, y.n - j, "%s: %zu and %zu spikes", what, x.n - i, y.n - j);
    cr_assert(x.n - i > 50, "%s: enough spikes to compare (%zu)", what, x.n - i);
    for (; i < x.n; i++, j++)
        cr_assert(x.t[i] == y.t[j] && x.id[i] == y.id[j], "%s: spike %zu: %g ms (%u) and %g ms (%u)", what, i, x.t[i],
                  x.id[i], y.t[j], y.id[j]);
}

Test(renewal, same_spikes_for_any_threads_and_split_runs)
{
    ax_recorder ra[3], rb[3];
    ax_network *a = mixed(1, ra), *b = mixed(2, rb);
    OK(a, ax_network_run(a, 1000));
    OK(b, ax_network_run(b, 400));
    OK(b, ax_network_run(b, 600));
    for (int k = 0; k < 3; k++)
        same_spikes(a, ra[k], b, rb[k], 0.0, k == 0 ? "gamma" : k == 1 ? "refractory" : "LIF");
    double na[40], nb[40];
    OK(a, ax_population_get_values(a, 0, "draws", na, 40));
    OK(b, ax_population_get_values(b, 0, "draws", nb, 40));
    cr_assert(memcmp(na, nb, sizeof na) == 0, "the same draws");
    ax_network_free(a);
    ax_network_free(b);
}

Test(renewal, reset_repeats_the_run)
{
    ax_recorder rec[3];
    ax_network *net = mixed(2, rec);
    OK(net, ax_network_run(net, 500));
    train first[2];
    double *t[2];
    uint32_t *id[2];
    for (int k = 0; k < 2; k++) {
        first[k] = spikes_of(net, rec[k]);
        t[k] = malloc(first[k].n * sizeof(double) + 1);
        id[k] = malloc(first[k].n * sizeof(uint32_t) + 1);
        memcpy(t[k], first[k].t, first[k].n * sizeof(double));
        memcpy(id[k], first[k].id, first[k].n * sizeof(uint32_t));
    }
    OK(net, ax_network_reset(net));
    OK(net, ax_network_run(net, 500));
    for (int k = 0; k < 2; k++) {
        train again = spikes_of(net, rec[k]);
        cr_assert_eq(again.n, first[k].n, "population %d: %zu spikes, then %zu", k, first[k].n, again.n);
        cr_assert(first[k].n > 100);
        for (size_t j = 0; j < again.n; j++)
            cr_assert(again.t[j] == t[k][j] && again.id[j] == id[k][j], "population %d, spike %zu", k, j);
        free(t[k]);
        free(id[k]);
    }
    ax_network_free(net);
}

Test(renewal, checkpoint_continues_bit_identically)
{
    char path[] = "/tmp/axon-gamma-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    for (int threads = 1; threads <= 2; threads++) {
        ax_recorder ra[3], rb[3];
        ax_network *a = mixed(threads, ra), *b = mixed(3 - threads, rb);
        OK(a, ax_network_run(a, 300));
        OK(a, ax_network_save_state(a, path));
        OK(a, ax_network_run(a, 400));
        OK(b, ax_network_restore_state(b, path));
        OK(b, ax_network_run(b, 400));
        for (int k = 0; k < 3; k++)
            same_spikes(a, ra[k], b, rb[k], 300.0, k == 0 ? "gamma" : k == 1 ? "refractory" : "LIF");
        train early = spikes_of(b, rb[0]);
        cr_assert(early.n && early.t[0] > 300.0, "the restored network records from 300 ms on");
        ax_network_free(a);
        ax_network_free(b);
    }
    unlink(path);
}

/* ---- parameter changes between runs ---- */

/*
 * A change restarts the process, stationary, with the new parameters: the
 * new rate holds from the first step of the next run.  From 10 Hz to
 * 100 Hz, the first 10 ms after the change have N rate 10 ms spikes
 * (5 sd, sd^2 <= the count for these CVs <= 1, plus a boundary term), not
 * the ~N 10 Hz 10 ms a kept pending spike would give; the next 490 ms
 * N rate 490 ms.
 */
static void rate_change(ax_network *net, ax_population p, const char *param, double value, double cv2, uint32_t N)
{
    ax_recorder rec;
    OK(net, ax_recorder_add_spikes(net, p, AX_ALL_NEURONS, &rec));
    OK(net, ax_network_run(net, 500));
    uint64_t before;
    OK(net, ax_population_get_spike_count(net, p, &before));
    double want = N * 10.0 * 0.5;
    cr_assert(fabs(before - want) < 5.0 * sqrt(N * (5.0 * cv2 + 1.0)), "%s: %llu spikes at 10 Hz", param,
              (unsigned long long)before);
    OK(net, ax_population_set_param(net, p, param, ax_value_constant(value)));
    OK(net, ax_network_run(net, 10));
    uint64_t soon;
    OK(net, ax_population_get_spike_count(net, p, &soon));
    want = N * 100.0 * 0.01;
    cr_log_info("%s changed: %llu spikes in the first 10 ms, expected %g", param, (unsigned long long)(soon - before),
                want);
    cr_assert(fabs((double)(soon - before) - want) < 5.0 * sqrt(want + N), "%s: %llu spikes in 10 ms, expected %g",
              param, (unsigned long long)(soon - before), want);
    OK(net, ax_network_run(net, 490));
    uint64_t after;
    OK(net, ax_population_get_spike_count(net, p, &after));
    want = N * 100.0 * 0.49;
    cr_assert(fabs((double)(after - soon) - want) < 5.0 * sqrt(N * (49.0 * cv2 + 1.0)), "%s: %llu spikes in 490 ms",
              param, (unsigned long long)(after - soon));
}

Test(gamma, beta_changed_between_runs_takes_effect_at_once)
{
    ax_network *net = new_net(0.1, 9, 1);
    ax_population g = add_gamma(net, "g", 1000, 4.0, 40.0);
    rate_change(net, g, "beta", 400.0, 0.25, 1000);
    ax_network_free(net);
}

Test(refractory, rate_changed_between_runs_takes_effect_at_once)
{
    ax_network *net = new_net(0.1, 10, 1);
    ax_population r = add_refractory(net, "r", 1000, 10.0, 2.0);
    rate_change(net, r, "rate", 100.0, 1.0, 1000);
    ax_network_free(net);
}

/* ---- bad parameters ---- */

Test(renewal, bad_parameters_are_refused)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population g, r;
    OK(net, ax_population_add(net, "g", "SpikeSourceGamma", 3, &g));
    OK(net, ax_population_add(net, "r", "SpikeSourcePoissonRefractory", 3, &r));
    FAILS(net, ax_population_set_param(net, g, "alpha", ax_value_constant(0.0)), AX_ERR_ARGUMENT, "alpha");
    FAILS(net, ax_population_set_param(net, g, "alpha", ax_value_constant(-1.0)), AX_ERR_ARGUMENT, "> 0");
    FAILS(net, ax_population_set_param(net, g, "beta", ax_value_constant(0.0)), AX_ERR_ARGUMENT, "beta");
    FAILS(net, ax_population_set_param(net, r, "tau_refrac", ax_value_constant(-1.0)), AX_ERR_ARGUMENT, "tau_refrac");
    FAILS(net, ax_population_set_param(net, r, "rate", ax_value_constant(-5.0)), AX_ERR_ARGUMENT, "rate");
    /* the dead time cannot exceed the mean interval: named with both values */
    const double rates[3] = {10.0, 250.0, 20.0};
    OK(net, ax_population_set_param(net, r, "rate", ax_value_array(rates, 3)));
    OK(net, ax_population_set_param(net, r, "tau_refrac", ax_value_constant(4.0)));
    FAILS(net, ax_network_run(net, 10), AX_ERR_ARGUMENT,
          "population 'r' (SpikeSourcePoissonRefractory): rate 250 Hz and tau_refrac 4 ms: rate * tau_refrac = 1 "
          "must be below 1");
    FAILS(net, ax_network_validate(net), AX_ERR_ARGUMENT, "neuron 1");
    OK(net, ax_population_set_param(net, r, "tau_refrac", ax_value_constant(3.0)));
    OK(net, ax_network_run(net, 10));
    /* ... also when the change comes between runs; rate * tau_refrac = 1 exactly is refused too */
    OK(net, ax_population_set_param(net, r, "rate", ax_value_constant(20.0)));
    OK(net, ax_population_set_param(net, r, "tau_refrac", ax_value_constant(50.0)));
    FAILS(net, ax_network_run(net, 10), AX_ERR_ARGUMENT, "rate 20 Hz and tau_refrac 50 ms: rate * tau_refrac = 1 must");
    OK(net, ax_population_set_param(net, r, "tau_refrac", ax_value_constant(0.0)));
    /* more than one spike per step on average */
    OK(net, ax_population_set_param(net, g, "beta", ax_value_constant(30000.0)));
    FAILS(net, ax_network_run(net, 10), AX_ERR_ARGUMENT, "beta/alpha = 15000 Hz gives more than one spike per step");
    OK(net, ax_population_set_param(net, g, "beta", ax_value_constant(30.0)));
    OK(net, ax_population_set_param(net, r, "rate", ax_value_constant(20000.0)));
    FAILS(net, ax_network_run(net, 10), AX_ERR_ARGUMENT, "rate = 20000 Hz gives more than one spike per step");
    OK(net, ax_population_set_param(net, r, "rate", ax_value_constant(0.0)));
    OK(net, ax_network_run(net, 10));
    uint64_t count;
    OK(net, ax_population_get_spike_count(net, r, &count));
    OK(net, ax_network_run(net, 1000));
    uint64_t after;
    OK(net, ax_population_get_spike_count(net, r, &after));
    cr_assert_eq(after, count, "rate 0: silent");
    ax_network_free(net);
}
