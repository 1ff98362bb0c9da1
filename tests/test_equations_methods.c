/*
 * The numerics of equation models (ax_model_define_equations) against
 * closed forms: exact propagators of a linear system with a degenerate
 * time constant; the orders of convergence of euler, rk2, rk4 and
 * exponential Euler, and rk45's tolerance; white noise (moments of an
 * Ornstein-Uhlenbeck process, independence, threads); thresholds, resets,
 * refractoriness, crossing detection and receptors; and the errors of
 * docs/equations.md with their field:line:col.
 */
#include "helpers.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

/* A population of n neurons of eq (defined as "m") in a new network. */
static ax_network *model_net(const ax_equations *eq, double dt, uint64_t seed, int threads, int64_t n,
                             ax_population *pop)
{
    ax_network *net = new_net(dt, seed, threads);
    OK(net, ax_model_define_equations(net, "m", eq));
    OK(net, ax_population_add(net, "P", "m", n, pop));
    return net;
}

/* The value of `var` of neuron 0 after `ms`. */
static double final_value(const ax_equations *eq, double dt, double ms, const char *var)
{
    ax_population pop;
    ax_network *net = model_net(eq, dt, 1, 1, 1, &pop);
    OK(net, ax_network_run(net, ms));
    double x;
    OK(net, ax_population_get_values(net, pop, var, &x, 1));
    ax_network_free(net);
    return x;
}

/* ------------------------------------------------------------------ */
/* Exact propagators                                                    */
/* ------------------------------------------------------------------ */

/* A membrane with two exponential currents, one with tau_m's time constant
 * (the degenerate case, where the textbook propagator divides 0 by 0),
 * under a dc current: linear with constant coefficients, so integrated
 * exactly (the doc says so).  Closed form, from v0, i1_0, i2_0, u = t:
 *   v = v_rest + (v0 - v_rest) e^(-u/tau) + I tau / C (1 - e^(-u/tau))
 *       + i1_0 / C u e^(-u/tau)
 *       + i2_0 / C tau tau2 / (tau - tau2) (e^(-u/tau) - e^(-u/tau2)).
 * At t = 1 .. 100 ms, at dt = 0.1 and at dt = 1 ms (exact for any step):
 * within 1e-12 of each variable's range (long double closed form). */
static const ax_equations LINEAR3 = {
    .parameters = "v_rest = -65 : mV\ncm = 0.5 : nF\ntau_m = 15 : ms\ntau_2 = 4 : ms\n",
    .state = "v = -60 : mV\ni1 = 0.5 : nA\ni2 = -0.3 : nA\n",
    .equations = "dv/dt = (v_rest - v) / tau_m + (i1 + i2 + I_inj) / cm : mV\n"
                 "di1/dt = -i1 / tau_m : nA\n"
                 "di2/dt = -i2 / tau_2 : nA\n",
};

static void check_linear3(double dt)
{
    const long double vr = -65, C = 0.5, tau = 15, tau2 = 4, v0 = -60, a0 = 0.5, b0 = -0.3, I = 0.8;
    ax_population pop;
    ax_network *net = model_net(&LINEAR3, dt, 1, 1, 1, &pop);
    ax_input_spec dc = {.kind = AX_INPUT_DC, .amplitude = (double)I};
    OK(net, ax_input_add(net, pop, AX_ALL_NEURONS, &dc, NULL));
    const char *vars[] = {"v", "i1", "i2"};
    ax_recorder rec[3];
    for (int k = 0; k < 3; k++)
        OK(net, ax_recorder_add_state(net, pop, vars[k], AX_ALL_NEURONS, 1.0, &rec[k]));
    OK(net, ax_network_run(net, 100.0));
    const char *doc = ax_model_find(net, "m")->doc;
    cr_assert(strstr(doc, "v, i1, i2 exactly") != NULL, "integrated exactly: %s", doc);
    double worst[3] = {0, 0, 0}, range[3] = {0, 0, 0};
    for (int k = 0; k < 3; k++) {
        size_t n, c;
        const double *t, *x;
        OK(net, ax_recorder_get_trace(net, rec[k], &n, &c, &t, &x, NULL));
        cr_assert_eq(n, 100);
        for (size_t s = 0; s < n; s++) {
            long double u = t[s], e = expl(-u / tau), e2 = expl(-u / tau2), exact;
            cr_assert(fabsl(u - (long double)(s + 1)) < 1e-9);
            if (k == 0)
                exact = vr + (v0 - vr) * e + I * tau / C * (1 - e) + a0 / C * u * e +
                        b0 / C * tau * tau2 / (tau - tau2) * (e - e2);
            else
                exact = k == 1 ? a0 * e : b0 * e2;
            double ref = (double)exact, scale = k == 0 ? (double)(exact - vr) : (double)exact;
            worst[k] = fmax(worst[k], fabs(x[s] - ref));
            range[k] = fmax(range[k], fabs(scale));
        }
    }
    for (int k = 0; k < 3; k++) {
        cr_log_info("dt %g: %s within %.3g of its range %.3g", dt, vars[k], worst[k] / range[k], range[k]);
        cr_assert(worst[k] <= 1e-12 * range[k], "dt %g: %s off by %g (range %g)", dt, vars[k], worst[k], range[k]);
    }
    ax_network_free(net);
}

Test(equations_methods, exact_linear_system_with_equal_time_constants) { check_linear3(0.1); }
Test(equations_methods, exact_for_a_large_step) { check_linear3(1.0); }

/* ------------------------------------------------------------------ */
/* Orders of convergence                                                */
/* ------------------------------------------------------------------ */

/* The logistic equation, x(t) = 1 / (1 + (1/x0 - 1) e^(-r t)). */
static ax_equations logistic(const char *method)
{
    return (ax_equations){.parameters = "r = 0.5 : 1/ms", .state = "x = 0.1", .equations = "dx/dt = r * x * (1 - x)",
                          .method = method};
}

static double logistic_exact(double t) { return 1.0 / (1.0 + (1.0 / 0.1 - 1.0) * exp(-0.5 * t)); }

/* Linear in x with a coefficient that varies in time (exponential Euler
 * holds it at the step's start: first order):
 *   dx/dt = -k (1 + 0.5 sin(w t)) x,  x = x0 exp(-k (t + 0.5 (1 - cos(w t)) / w)). */
static const ax_equations TIME_VARYING = {
    .parameters = "k = 0.3 : 1/ms\nw = 0.7 : 1/ms",
    .state = "x = 2",
    .equations = "dx/dt = -k * (1 + 0.5 * sin(w * t)) * x",
    .method = "exponential_euler",
};

static double time_varying_exact(double t) { return 2.0 * exp(-0.3 * (t + 0.5 * (1 - cos(0.7 * t)) / 0.7)); }

/* Errors at T = 10 ms with dt, dt/2, dt/4: measured orders log2 of the
 * ratios, each within 0.15 of the method's. */
static void check_order(const ax_equations *eq, double (*exact)(double), double dt, double order)
{
    double err[3];
    for (int k = 0; k < 3; k++) {
        double h = dt / (1 << k);
        err[k] = fabs(final_value(eq, h, 10.0, "x") - exact(10.0));
    }
    double p1 = log2(err[0] / err[1]), p2 = log2(err[1] / err[2]);
    cr_log_info("%s: errors %.3g %.3g %.3g, orders %.3f %.3f", eq->method, err[0], err[1], err[2], p1, p2);
    cr_assert(fabs(p1 - order) <= 0.15 && fabs(p2 - order) <= 0.15, "%s: orders %g and %g, not %g", eq->method, p1,
              p2, order);
    cr_assert(err[2] > 1e-13, "%s: errors above rounding", eq->method);
}

Test(equations_methods, euler_is_first_order)
{
    ax_equations eq = logistic("euler");
    check_order(&eq, logistic_exact, 0.2, 1.0);
}

Test(equations_methods, rk2_is_second_order)
{
    ax_equations eq = logistic("rk2");
    check_order(&eq, logistic_exact, 0.2, 2.0);
}

Test(equations_methods, rk4_is_fourth_order)
{
    ax_equations eq = logistic("rk4");
    check_order(&eq, logistic_exact, 0.4, 4.0);
}

Test(equations_methods, exponential_euler_is_first_order) { check_order(&TIME_VARYING, time_varying_exact, 0.2, 1.0); }

/* rk45 adapts its sub-steps to 1e-6 (absolute and relative) per step: at
 * a step of 2 ms, far larger than the logistic's time scale allows fixed
 * RK4 to be accurate to that, the error at 10 ms stays within 1e-6. */
Test(equations_methods, rk45_meets_its_tolerance_at_a_large_step)
{
    ax_equations eq = logistic("rk45"), rk4 = logistic("rk4");
    double e45 = fabs(final_value(&eq, 2.0, 10.0, "x") - logistic_exact(10.0));
    double e4 = fabs(final_value(&rk4, 2.0, 10.0, "x") - logistic_exact(10.0));
    cr_log_info("logistic at dt = 2 ms: rk45 error %.3g, rk4 %.3g", e45, e4);
    cr_assert(e45 <= 1e-6, "rk45 error %g", e45);
    cr_assert(e4 > 1e-5, "the step is large enough to need sub-steps (rk4 error %g)", e4);
}

/* rk45 with an equation that reads t: dx/dt = a cos(w t), x = a/w sin(w t).
 * At a step of 2 ms its sub-steps must see the time of each stage (within
 * 1e-6 at 10 ms); and each neuron takes its own sub-steps, so a neuron
 * that needs more (w = 3) in the same block must not change the result of
 * the first, bit for bit. */
static const ax_equations DRIVEN = {
    .parameters = "a = 1 : mV/ms\nw = 1 : 1/ms",
    .state = "x = 0 : mV",
    .equations = "dx/dt = a * cos(w * t) : mV",
    .method = "rk45",
};

Test(equations_methods, rk45_stages_see_their_time)
{
    double x[2][2];
    for (int shared = 0; shared < 2; shared++) {
        ax_population pop;
        ax_network *net = model_net(&DRIVEN, 2.0, 1, 1, shared ? 2 : 1, &pop);
        const double w[] = {1.0, 3.0};
        OK(net, ax_population_set_param(net, pop, "w", ax_value_array(w, shared ? 2 : 1)));
        OK(net, ax_network_run(net, 10.0));
        OK(net, ax_population_get_values(net, pop, "x", x[shared], shared ? 2 : 1));
        ax_network_free(net);
    }
    double e0 = fabs(x[0][0] - sin(10.0)), e1 = fabs(x[1][1] - sin(30.0) / 3);
    cr_log_info("rk45, x' = cos(w t) at dt = 2 ms: error %.3g (w = 1), %.3g (w = 3)", e0, e1);
    cr_assert(e0 <= 1e-6 && e1 <= 1e-6, "errors %g and %g", e0, e1);
    cr_assert(x[0][0] == x[1][0], "w = 1 alone %.17g, beside w = 3 %.17g", x[0][0], x[1][0]);
}

/* ------------------------------------------------------------------ */
/* Noise                                                                */
/* ------------------------------------------------------------------ */

/* Ornstein-Uhlenbeck processes: x and z driven by xi_a (the same noise,
 * so the same values), y by xi_b (independent).  Stationary: mean 0,
 * variance sigma^2 (Euler-Maruyama on the exact decay adds a bias of
 * dt / tau = 1 %, inside the tolerance below).  After 4 tau from 0 the
 * variance is within 4e-4 of its stationary value. */
static const ax_equations OU = {
    .parameters = "tau = 10 : ms\nsigma = 2 : mV",
    .state = "x = 0 : mV\ny = 0 : mV\nz = 0 : mV",
    .equations = "dx/dt = -x / tau + sigma * sqrt(2 / tau) * xi_a : mV\n"
                 "dy/dt = -y / tau + sigma * sqrt(2 / tau) * xi_b : mV\n"
                 "dz/dt = -z / tau + sigma * sqrt(2 / tau) * xi_a : mV\n",
};

enum { N_OU = 10000 };

/* x, y, z of n neurons after ms. */
static void ou_run(int threads, uint64_t seed, int n, double ms, double *x, double *y, double *z)
{
    ax_population pop;
    ax_network *net = model_net(&OU, 0.1, seed, threads, n, &pop);
    cr_assert_eq(ax_network_get_threads(net), threads);
    OK(net, ax_network_run(net, ms));
    OK(net, ax_population_get_values(net, pop, "x", x, (size_t)n));
    OK(net, ax_population_get_values(net, pop, "y", y, (size_t)n));
    OK(net, ax_population_get_values(net, pop, "z", z, (size_t)n));
    ax_network_free(net);
}

/* Mean and variance of x over the neurons against 0 and sigma^2 = 4:
 * within 4 standard errors (sigma / sqrt(N) = 0.02 for the mean,
 * sigma^2 sqrt(2 / N) = 0.057 for the variance); x and y uncorrelated
 * (|r| < 4 / sqrt(N) = 0.04); z equal to x; the same numbers with 2
 * threads, other numbers with another seed. */
Test(equations_methods, ornstein_uhlenbeck_moments_and_independence)
{
    static double x[N_OU], y[N_OU], z[N_OU], x2[N_OU], y2[N_OU], z2[N_OU];
    ou_run(1, 5, N_OU, 40.0, x, y, z);
    double mx = 0, my = 0;
    for (int i = 0; i < N_OU; i++)
        mx += x[i], my += y[i];
    mx /= N_OU, my /= N_OU;
    double vx = 0, vy = 0, cxy = 0;
    for (int i = 0; i < N_OU; i++) {
        vx += (x[i] - mx) * (x[i] - mx);
        vy += (y[i] - my) * (y[i] - my);
        cxy += (x[i] - mx) * (y[i] - my);
    }
    double r = cxy / sqrt(vx * vy);
    vx /= N_OU - 1, vy /= N_OU - 1;
    cr_log_info("OU: mean %.4f %.4f, variance %.4f %.4f (theory 4), r(x, y) = %.4f", mx, my, vx, vy, r);
    cr_assert(fabs(mx) < 4 * 2 / sqrt(N_OU) && fabs(my) < 4 * 2 / sqrt(N_OU), "means %g %g", mx, my);
    cr_assert(fabs(vx - 4) < 4 * 4 * sqrt(2.0 / N_OU) && fabs(vy - 4) < 4 * 4 * sqrt(2.0 / N_OU), "variances %g %g",
              vx, vy);
    cr_assert(fabs(r) < 4 / sqrt(N_OU), "xi_a and xi_b correlated: r = %g", r);
    cr_assert(memcmp(x, z, sizeof x) == 0, "the same noise xi_a drives x and z identically");
    /* threads and seeds: 1000 neurons (16 blocks) for 10 ms */
    ou_run(1, 5, 1000, 10.0, x, y, z);
    ou_run(2, 5, 1000, 10.0, x2, y2, z2);
    cr_assert(memcmp(x, x2, 1000 * sizeof *x) == 0 && memcmp(y, y2, 1000 * sizeof *y) == 0, "2 threads: other numbers");
    ou_run(1, 6, 1000, 10.0, x2, y2, z2);
    cr_assert(memcmp(x, x2, 1000 * sizeof *x) != 0, "another seed: the same numbers");
}

/* ------------------------------------------------------------------ */
/* Threshold, reset, refractoriness, receptors                          */
/* ------------------------------------------------------------------ */

/* A perfect integrator dv/dt = I / C: v gains I h / C = 0.015 mV a step
 * (exactly integrated), reaches theta = 1 in K = ceil(1 / 0.015) = 67
 * steps, fires at the end of that step, is reset to 0 and held there for
 * R steps (tau_refrac per neuron: 0, 1 and 2.3 ms, 0, 10 and 23 steps):
 * spikes at steps K + n (K + R).  q integrates the same current but is not
 * held, so q(t) = I t / C; w = integral of v / tau_w sees v held, so it
 * grows only while v moves.  Both with the exact propagators (auto: the
 * system is linear) and rk4 (exact here: v is linear in t, w quadratic). */
static const ax_equations INTEGRATOR = {
    .parameters = "I = 0.3 : nA\nC = 2 : nF\ntheta = 1 : mV\ntau_refrac = 0 : ms (>= 0)\ntau_w = 10 : ms",
    .state = "v = 0 : mV\nq = 0 : mV\nw = 0 : mV",
    .equations = "dv/dt = I / C : mV (unless refractory)\n"
                 "dq/dt = I / C : mV\n"
                 "dw/dt = v / tau_w : mV\n",
    .threshold = "v >= theta",
    .reset = "v = 0",
    .refractory = "tau_refrac",
};

static void check_integrator(const char *method)
{
    enum { K = 67, STEPS = 10000 };
    const double h = 0.1, dv = 0.3 * h / 2, refrac_ms[] = {0.0, 1.0, 2.3};
    const int R[] = {0, 10, 23};
    ax_population pop;
    ax_equations eq = INTEGRATOR;
    eq.method = method;
    ax_network *net = model_net(&eq, h, 1, 1, 3, &pop);
    OK(net, ax_population_set_param(net, pop, "tau_refrac", ax_value_array(refrac_ms, 3)));
    ax_recorder rec;
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rec));
    OK(net, ax_network_run(net, STEPS * h));
    size_t n;
    const double *t;
    const uint32_t *ids;
    OK(net, ax_recorder_get_spikes(net, rec, &n, &t, &ids));
    double v[3], q[3], w[3], r[3];
    OK(net, ax_population_get_values(net, pop, "v", v, 3));
    OK(net, ax_population_get_values(net, pop, "q", q, 3));
    OK(net, ax_population_get_values(net, pop, "w", w, 3));
    OK(net, ax_population_get_values(net, pop, "refrac", r, 3));
    for (uint32_t i = 0; i < 3; i++) {
        /* the schedule, step by step: v before the step, held or not */
        size_t count = 0, k = 0;
        double vi = 0, wi = 0;
        int held = 0;
        for (int s = 1; s <= STEPS; s++) {
            if (held > 0) {
                held--;
                continue;
            }
            wi += h * (vi + 0.5 * dv) / 10.0;
            vi += dv;
            if (vi >= 1.0 - 1e-9) {
                while (k < n && ids[k] != i)
                    k++;
                cr_assert(k < n, "neuron %u: spike %zu missing (step %d)", i, count, s);
                cr_assert_float_eq(t[k], s * h, 1e-9, "neuron %u: spike %zu at %g, expected %g", i, count, t[k],
                                   s * h);
                k++;
                count++;
                vi = 0;
                held = R[i];
                cr_assert(count > 1 || s == K, "the first spike after K steps");
            }
        }
        size_t spikes = 0;
        for (size_t j = 0; j < n; j++)
            spikes += ids[j] == i;
        cr_assert_eq(spikes, count, "neuron %u: %zu spikes, expected %zu", i, spikes, count);
        cr_assert_eq(count, (size_t)((STEPS - K) / (K + R[i]) + 1));
        cr_assert_float_eq(v[i], vi, 1e-9, "neuron %u: v %g, expected %g", i, v[i], vi);
        cr_assert_float_eq(r[i], held, 0, "neuron %u: refrac %g, expected %d", i, r[i], held);
        cr_assert_float_eq(q[i], 0.15 * STEPS * h, 1e-9, "neuron %u: q = %g, not held", i, q[i]);
        cr_assert_float_eq(w[i], wi, 1e-9 * wi, "neuron %u: w = %.12g, expected %.12g (v held)", i, w[i], wi);
        cr_log_info("integrator (%s), refractory %d steps: %zu spikes", method ? method : "auto", R[i], count);
    }
    ax_network_free(net);
}

Test(equations_methods, integrator_fires_at_the_analytic_period) { check_integrator(NULL); }
Test(equations_methods, integrator_fires_at_the_analytic_period_rk4) { check_integrator("rk4"); }

/* The reset's if/elif/else, per neuron by a parameter: kind 0, 1, 2 take
 * the three branches; a nested block inside a branch; statements after the
 * block see what the branch wrote. */
static const ax_equations BRANCHES = {
    .parameters = "kind = 0\nI = 0.3 : nA\nC = 2 : nF",
    .state = "v = 0 : mV\nx = 0\nn = 0",
    .equations = "dv/dt = I / C : mV",
    .threshold = "v >= 1",
    .reset = "v = 0\n"
             "if kind == 0\n"
             "    x = -1\n"
             "elif kind == 1 then\n"
             "    x = -2\n"
             "    if v == 0; n = 10; else; n = 20; end\n"
             "else\n"
             "    x = -3\n"
             "end\n"
             "n += x",
};

Test(equations_methods, reset_branches_per_neuron)
{
    const double kinds[] = {0, 1, 2, 1};
    ax_population pop;
    ax_network *net = model_net(&BRANCHES, 0.1, 1, 1, 4, &pop);
    OK(net, ax_population_set_param(net, pop, "kind", ax_value_array(kinds, 4)));
    OK(net, ax_network_run(net, 6.7));   /* one spike: v reaches 1 in 67 steps */
    double x[4], n[4], v[4];
    OK(net, ax_population_get_values(net, pop, "x", x, 4));
    OK(net, ax_population_get_values(net, pop, "n", n, 4));
    OK(net, ax_population_get_values(net, pop, "v", v, 4));
    const double want_x[] = {-1, -2, -3, -2}, want_n[] = {-1, 8, -3, 8};
    for (int i = 0; i < 4; i++) {
        cr_assert(v[i] == 0.0, "neuron %d fired once and was reset (v = %g)", i, v[i]);
        cr_assert(x[i] == want_x[i] && n[i] == want_n[i], "kind %g: x = %g, n = %g; expected %g, %g", kinds[i], x[i],
                  n[i], want_x[i], want_n[i]);
    }
    ax_network_free(net);
}

/* An elif's condition reads the values before the block, not what an
 * earlier branch (not taken) would have written: y = -3 fails 'y > 0' and
 * takes 'elif y > -10', although the first branch would have set y to
 * -20. */
static const ax_equations ELIF = {
    .parameters = "I = 0.3 : nA\nC = 2 : nF",
    .state = "v = 0 : mV\ny = 0",
    .equations = "dv/dt = I / C : mV",
    .threshold = "v >= 1",
    .reset = "v = 0\nif y > 0\n    y = -20\nelif y > -10\n    y = 100\nelse\n    y = 200\nend",
};

Test(equations_methods, elif_conditions_read_the_values_before_the_block)
{
    const double y0[] = {5, -3, -30}, want[] = {-20, 100, 200};
    ax_population pop;
    ax_network *net = model_net(&ELIF, 0.1, 1, 1, 3, &pop);
    OK(net, ax_population_set_state(net, pop, "y", ax_value_array(y0, 3)));
    OK(net, ax_network_run(net, 6.7));
    double y[3];
    OK(net, ax_population_get_values(net, pop, "y", y, 3));
    for (int i = 0; i < 3; i++)
        cr_assert(y[i] == want[i], "y = %g before the reset: %g after, expected %g", y0[i], y[i], want[i]);
    ax_network_free(net);
}

/* detect = "crossing": an oscillator x = sin(w t) (exact, linear) with
 * threshold x >= 0.5 and no reset fires once per upward crossing, at the
 * end of the step that contains t_k = (asin(0.5) + 2 pi k) / w; with the
 * default (level) detection it fires in every step that ends above 0.5.
 * rk45 (adaptive, per-neuron sub-steps) detects the same crossings. */
static ax_equations oscillator(const char *detect, const char *method)
{
    return (ax_equations){.parameters = "w = 0.2 : 1/ms",
                          .state = "x = 0 : mV\ny = 0.2 : mV/ms",
                          .equations = "dx/dt = y : mV\ndy/dt = -w^2 * x : mV/ms",
                          .threshold = "x >= 0.5",
                          .detect = detect,
                          .method = method};
}

static void check_crossings(const char *detect, const char *method)
{
    const double h = 0.1, w = 0.2;
    ax_equations eq = oscillator(detect, method);
    ax_population pop;
    ax_network *net = model_net(&eq, h, 1, 1, 1, &pop);
    ax_recorder rec;
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rec));
    OK(net, ax_network_run(net, 1000.0));
    size_t n;
    const double *t;
    const uint32_t *ids;
    OK(net, ax_recorder_get_spikes(net, rec, &n, &t, &ids));
    if (detect) {
        size_t k = 0;
        for (;; k++) {
            double tk = (asin(0.5) + 2 * M_PI * k) / w;
            if (tk > 1000.0)
                break;
            cr_assert(fabs(tk / h - round(tk / h)) > 1e-6, "crossing %zu on the grid", k);
            cr_assert(k < n, "%s: crossing %zu at %g ms not detected", method ? method : "auto", k, tk);
            cr_assert_float_eq(t[k], ceil(tk / h) * h, 1e-9, "%s: spike %zu at %g, crossing at %g", method ? method : "auto", k, t[k], tk);
        }
        cr_assert_eq(n, k, "%s: %zu spikes for %zu crossings", method ? method : "auto", n, k);
        cr_log_info("crossing (%s): %zu spikes, one per crossing", method ? method : "auto", n);
    } else {
        size_t above = 0;
        for (int s = 1; s <= 10000; s++)
            above += sin(w * s * h) >= 0.5;
        cr_assert_eq(n, above, "level: %zu spikes, %zu steps end above the threshold", n, above);
        cr_log_info("level: %zu spikes", n);
    }
    ax_network_free(net);
}

Test(equations_methods, crossing_fires_once_per_crossing) { check_crossings("crossing", NULL); }
Test(equations_methods, level_fires_in_every_step_above) { check_crossings(NULL, NULL); }
Test(equations_methods, crossing_with_rk45) { check_crossings("crossing", "rk45"); }

/* An alpha synapse as two linear states, the receptor adding weight e /
 * tau to the second: the first is w (u / tau) e^(1 - u / tau), u the time
 * since arrival, which peaks at the weight tau after it (weights are
 * stored in single precision: the peak is (float)w). */
static const ax_equations ALPHA = {
    .parameters = "tau = 2 : ms",
    .state = "y = 0 : nA\nz = 0 : nA/ms",
    .equations = "dy/dt = z - y / tau : nA\ndz/dt = -z / tau : nA/ms",
    .receptors = "excitatory: z += weight * exp(1) / tau",
};

Test(equations_methods, alpha_receptor_peaks_at_the_weight)
{
    ax_population pop;
    ax_network *net = model_net(&ALPHA, 0.1, 1, 1, 1, &pop);
    const ax_model *m = ax_model_find(net, "m");
    cr_assert_eq(m->n_receptors, 1);
    cr_assert_str_eq(m->receptors[0].weight_unit, "nA", "the weight's unit: z's over the factor's, not %s", m->receptors[0].weight_unit);
    double times[] = {5.0};
    const double w = (double)(float)0.3;
    spike_input(net, pop, "src", "excitatory", times, 1, 0.3, 1.0);
    probe pr = probe_neuron(net, pop, "y");
    OK(net, ax_network_run(net, 30.0));
    size_t n, c;
    const double *t, *y;
    OK(net, ax_recorder_get_trace(net, pr.v, &n, &c, &t, &y, NULL));
    size_t best = 0;
    double worst = 0;
    for (size_t s = 0; s < n; s++) {
        double u = t[s] - 6.0, exact = u <= 0 ? 0 : w * u / 2.0 * exp(1 - u / 2.0);
        worst = fmax(worst, fabs(y[s] - exact));
        if (y[s] > y[best])
            best = s;
    }
    cr_assert_float_eq(t[best], 8.0, 1e-9, "peak at %g ms", t[best]);
    cr_assert_float_eq(y[best], w, 1e-12, "peak %.17g, weight %.17g", y[best], w);
    cr_assert(worst < 1e-12, "y differs from the alpha function by %g", worst);
    ax_network_free(net);
}

/* ------------------------------------------------------------------ */
/* Errors                                                               */
/* ------------------------------------------------------------------ */

/* Defining eq fails with AX_ERR_ARGUMENT and a message containing `text`
 * (with its field:line:col); the network stays usable: a correct model
 * defined after it runs. */
static void refused(const ax_equations *eq, const char *text)
{
    ax_network *net = new_net(0.1, 1, 1);
    FAILS(net, ax_model_define_equations(net, "bad", eq), AX_ERR_ARGUMENT, text);
    cr_assert(strstr(ax_network_get_error(net), "define equations 'bad': ") != NULL, "%s", ax_network_get_error(net));
    cr_assert_null(ax_model_find(net, "bad"), "a refused model is not defined");
    ax_population pop;
    OK(net, ax_model_define_equations(net, "bad", &INTEGRATOR));
    OK(net, ax_population_add(net, "P", "bad", 2, &pop));
    ax_recorder rec;
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rec));
    OK(net, ax_network_run(net, 10.0));
    size_t n;
    const double *t;
    const uint32_t *ids;
    OK(net, ax_recorder_get_spikes(net, rec, &n, &t, &ids));
    cr_assert_eq(n, 2, "the model defined after the failure runs (%zu spikes)", n);
    ax_network_free(net);
}

/* The examples of docs/equations.md's "Errors", in the same places. */
Test(equations_methods, documented_errors)
{
    /* line 2, column 14: tua_m */
    refused(&(ax_equations){.parameters = "tau_m = 10 : ms", .state = "v = 0 : mV\nw = 0 : mV",
                            .equations = "dv/dt = -v / tau_m\ndw/dt = -w / tua_m\n"},
            "equations:2:14: unknown name 'tua_m' (did you mean 'tau_m'?); names: I_inj, t, dt, pi, ");
    /* column 31: the '+' of mV + nA */
    refused(&(ax_equations){.parameters = "v_rest_potential = -65 : mV\ntau_m = 10 : ms", .state = "v = 0 : mV",
                            .equations = "dv/dt = (v_rest_potential - v + I_inj) / tau_m\n"},
            "equations:1:31: unit mismatch: '+' adds mV and nA");
    /* line 3 (after a blank line): sqrt(-1) */
    refused(&(ax_equations){.parameters = "tau_s = 5 : ms\nx0 = 0", .state = "v = 0 : mV\nisyn = 0 : nA",
                            .equations = "dv/dt = -v / tau_s\n\ndisyn/dt = -isyn / tau_s * sqrt(x0 - 1)\n"},
            "equations:3:1: disyn/dt is nan at the initial state (default parameters, initial values, I_inj = 0, "
            "t = 0)");
    refused(&(ax_equations){.parameters = "v_thresh = -50 : mV\ntau = 1 : ms", .state = "v = 0 : mV",
                            .equations = "dv/dt = -v / tau", .threshold = "v_thresh > -50"},
            "threshold:1:1: 'v_thresh > -50' uses no state variable, so it is always or never true");
    /* line 4, column 10: Hz */
    refused(&(ax_equations){.parameters = "a = 1\nb = 2\nc = 3\nf = 10 : Hz", .state = "v = 0"},
            "parameters:4:10: unit 'Hz': 'Hz' is not one of axon's units; write 1/ms (1 Hz = 0.001/ms)");
}

/* The column of a unit and of a value whatever the blanks before them. */
Test(equations_methods, columns_of_units_and_values)
{
    refused(&(ax_equations){.parameters = "f = 10 :   Hz", .state = "v = 0"}, "parameters:1:12: unit 'Hz'");
    refused(&(ax_equations){.parameters = "f = 10 :Hz", .state = "v = 0"}, "parameters:1:9: unit 'Hz'");
    refused(&(ax_equations){.parameters = "f =   -1 : ms (> 0)", .state = "v = 0"},
            "parameters:1:7: the default -1 of 'f' is outside its bounds");
    refused(&(ax_equations){.state = "v = 0 : mV", .equations = "dv/dt = 1 :  nA"},
            "equations:1:14: unit mismatch: 'v' is declared in mV, this equation says nA");
}

/* What else docs/equations.md says is refused. */
Test(equations_methods, refused_definitions)
{
    const char *P = "tau = 1 : ms\ns = 1 : mV/ms^1/2";
    refused(&(ax_equations){.state = "v = 0", .equations = "dx/dt = 1"}, "equations:1:1: dx/dt: 'x' is not a state "
                                                                          "variable");
    refused(&(ax_equations){.parameters = P, .state = "v = 0", .equations = "dtau/dt = 1"},
            "equations:1:1: dtau/dt: 'tau' is not a state variable");
    refused(&(ax_equations){.parameters = P, .state = "v = 0", .equations = "dv/dt = -v / tau\ndv/dt = 1 / tau"},
            "equations:2:1: dv/dt is given twice (first on line 1)");
    refused(&(ax_equations){.parameters = P, .state = "v = 0", .equations = "a = b + 1\nb = a * 2\ndv/dt = -a / tau"},
            "equations:1:1: 'a' is defined in terms of itself");
    refused(&(ax_equations){.parameters = P, .state = "v = 0", .equations = "dv/dt = 1 / tau", .threshold = "v > 1",
                            .reset = "v = 0\ntau = 2"},
            "reset:2:1: 'tau' is a parameter (parameters are constant)");
    refused(&(ax_equations){.parameters = P, .state = "v = 0", .threshold = "v > 1", .refractory = "tau",
                            .reset = "refrac = 0"},
            "reset:1:1: 'refrac' counts the refractory steps and is set by axon");
    const char *not_proportional[] = {"excitatory: v += weight * weight", "excitatory: v = weight",
                                      "excitatory: v += weight + 1", "excitatory: v *= weight"};
    for (int k = 0; k < 4; k++)
        refused(&(ax_equations){.parameters = P, .state = "v = 0 : mV", .equations = "dv/dt = -v / tau",
                                .receptors = not_proportional[k]},
                "receptors:1:13: a receptor's statement adds to a state variable an amount proportional to the "
                "weight, as 'v += weight' or 'v += weight * exp(1) / tau'");
    /* noise: outside differential equations, or not as g * xi */
    refused(&(ax_equations){.parameters = P, .state = "v = 0 : mV", .equations = "dv/dt = -v / tau + s * xi",
                            .threshold = "v + s * xi * tau > 1"},
            "threshold:1:9: white noise (xi) belongs in differential equations only");
    refused(&(ax_equations){.parameters = P, .state = "v = 0 : mV", .equations = "dv/dt = -v / tau + s * xi",
                            .threshold = "v > 1", .reset = "v = s * xi * tau"},
            "reset:1:9: white noise (xi) belongs in differential equations only");
    refused(&(ax_equations){.parameters = P, .state = "v = 0 : mV", .equations = "dv/dt = -v / tau + s * xi",
                            .receptors = "excitatory: v += weight * xi * tau"},
            "receptors:1:27: white noise (xi) belongs in differential equations only");
    refused(&(ax_equations){.parameters = P, .state = "v = 0 : mV",
                            .equations = "dv/dt = -v / tau + s * xi\nkick = s * xi * tau",
                            .threshold = "v > 1", .reset = "v = 0\nv += kick"},
            "reset:2:6: white noise (through a named expression) belongs in differential equations only");
    const char *nonlinear[] = {"dv/dt = -v / tau + g * xi^2", "dv/dt = -v / tau + g / tau * (xi > 0)",
                               "dv/dt = -v / tau + g / tau * if(xi > 0, 1, -1)", "dv/dt = -v / tau + g * xi_a * xi",
                               "dv/dt = -v / tau + g / tau * floor(xi * sqrt(tau))"};
    for (int k = 0; k < 5; k++) {
        ax_equations eq = {.parameters = "tau = 1 : ms\ng = 1 : mV", .state = "v = 0 : mV", .equations = nonlinear[k]};
        refused(&eq, "equations:1:1: dv/dt: the noise xi");
    }
    /* reserved names, as parameters and as state variables */
    const char *reserved[] = {"I_inj", "t", "dt", "pi", "weight", "xi", "refrac", "spikes"};
    for (int k = 0; k < 8; k++) {
        char line[64], want[96];
        snprintf(line, sizeof line, "%s = 1", reserved[k]);
        snprintf(want, sizeof want, ":1:1: '%s' is reserved", reserved[k]);
        refused(&(ax_equations){.parameters = line, .state = "v = 0"}, want);
        refused(&(ax_equations){.state = line}, want);
    }
    refused(&(ax_equations){.parameters = "xi_a = 1", .state = "v = 0"},
            "parameters:1:1: 'xi_a': names xi and xi_* are white noises");
    /* not finite at the initial state: a named expression, column 3 */
    refused(&(ax_equations){.parameters = "tau = 1 : ms\nv_ref = 1 : mV", .state = "v = 0 : mV",
                            .equations = "  q = log(v / v_ref)\ndv/dt = -v / tau"},
            "equations:1:3: 'q' is -inf at the initial state");
}

/* Text that stands for an expression exponentially larger than itself -
 * statements, functions or named expressions that each double the last -
 * is refused at once rather than evaluated for ever (a 40-fold doubling
 * is 2^40 operations). */
Test(equations_methods, exponential_expansions_are_refused_quickly, .timeout = 10)
{
    char reset[2000] = "", funcs[2000] = "", algs[4000] = "";
    for (int k = 0; k < 40; k++)
        strcat(reset, "v = v + v\n");
    ax_equations a = {.parameters = "tau = 1 : ms", .state = "v = 0", .equations = "dv/dt = 1 / tau",
                      .threshold = "v > 1", .reset = reset};
    refused(&a, "the new value of 'v' stands for more than 20000 operations");

    strcat(funcs, "f0(x) = x + x\n");
    for (int k = 1; k < 40; k++) {
        char line[64];
        snprintf(line, sizeof line, "f%d(x) = f%d(x) + f%d(x)\n", k, k - 1, k - 1);
        strcat(funcs, line);
    }
    strcat(funcs, "dv/dt = f39(v) / tau\n");
    ax_equations b = {.parameters = "tau = 1 : ms", .state = "v = 0", .equations = funcs};
    refused(&b, "stands for more than 20000 operations once its functions are expanded");

    strcat(algs, "a0 = v + v\n");
    for (int k = 1; k < 40; k++) {
        char line[64];
        snprintf(line, sizeof line, "a%d = a%d + a%d\n", k, k - 1, k - 1);
        strcat(algs, line);
    }
    strcat(algs, "dv/dt = a39 / tau\n");
    ax_equations c = {.parameters = "tau = 1 : ms", .state = "v = 0", .equations = algs};
    refused(&c, "once its named expressions are expanded");
}

/* A threshold whose comparison reads a value that is not finite at the
 * initial state is refused where that value is (the comparison itself is
 * just false). */
Test(equations_methods, threshold_operands_must_be_finite)
{
    refused(&(ax_equations){.parameters = "tau = 1 : ms\nv_ref = 1 : mV", .state = "v = 0 : mV",
                            .equations = "dv/dt = -v / tau", .threshold = "v > -1 and log(v / v_ref) > 0"},
            "threshold:1:12: the threshold compares a value that is -inf at the initial state");
}

/* rand(): uniform in (0, 1), its own stream per call, per neuron and per
 * step.  A Poisson generator written with it fires at its rate (within 4
 * standard deviations of the binomial count), with ISIs of CV about 1
 * (geometric at p = rate dt: CV = sqrt(1 - p) = 0.999, within 0.05); the same for 1 and
 * 2 threads; two calls are independent (correlation of their draws within
 * 4 / sqrt(n)); a rule may not call it. */
static size_t poisson_spikes(int threads, double **times, uint32_t **ids)
{
    ax_network *net = new_net(0.1, 11, threads);
    ax_equations eq = {.parameters = "rate = 0.02 : 1/ms  # 20 Hz", .state = "n = 0",
                       .threshold = "rand() < rate * dt", .reset = "n += 1"};
    OK(net, ax_model_define_equations(net, "Poisson", &eq));
    ax_population p;
    OK(net, ax_population_add(net, "p", "Poisson", 2000, &p));
    ax_recorder r;
    OK(net, ax_recorder_add_spikes(net, p, AX_ALL_NEURONS, &r));
    OK(net, ax_network_run(net, 1000.0));
    size_t n;
    const double *t;
    const uint32_t *w;
    OK(net, ax_recorder_get_spikes(net, r, &n, &t, &w));
    *times = malloc(n * sizeof **times);
    *ids = malloc(n * sizeof **ids);
    memcpy(*times, t, n * sizeof *t);
    memcpy(*ids, w, n * sizeof *w);
    ax_network_free(net);
    return n;
}

Test(equations_methods, rand_makes_a_poisson_generator)
{
    double *t1, *t2;
    uint32_t *i1, *i2;
    size_t n1 = poisson_spikes(1, &t1, &i1), n2 = poisson_spikes(2, &t2, &i2);
    double steps = 2000.0 * 10000.0, p = 0.002, mean = steps * p, sd = sqrt(steps * p * (1 - p));
    cr_assert_lt(fabs((double)n1 - mean), 4 * sd, "%zu spikes, %g +- %g expected", n1, mean, sd);
    cr_assert_eq(n2, n1);
    for (size_t k = 0; k < n1; k++)
        cr_assert(t1[k] == t2[k] && i1[k] == i2[k], "spike %zu differs between 1 and 2 threads", k);
    /* the ISIs of each neuron: CV close to 1 */
    double *last = malloc(2000 * sizeof *last);
    for (int k = 0; k < 2000; k++)
        last[k] = -1.0;
    double s = 0.0, s2 = 0.0;
    size_t m = 0;
    for (size_t k = 0; k < n1; k++) {
        if (last[i1[k]] >= 0) {
            double isi = t1[k] - last[i1[k]];
            s += isi;
            s2 += isi * isi;
            m++;
        }
        last[i1[k]] = t1[k];
    }
    /* (ISIs seen within 1 s are biased short - a long one is often cut
     * off by the end - so only the CV, which the cut changes little) */
    double mu = s / m, cv = sqrt(s2 / m - mu * mu) / mu;
    cr_assert_lt(fabs(cv - 0.999), 0.05, "ISI CV %g (mean %g ms)", cv, mu);
    free(last);
    free(t1);
    free(t2);
    free(i1);
    free(i2);
}

Test(equations_methods, rand_calls_are_independent_streams)
{
    ax_network *net = new_net(0.1, 5, 1);
    ax_equations eq = {.state = "a = 0\nb = 0\nz = 0", .equations = "dz/dt = 0 : 1/ms",
                       .threshold = "z >= 0", .reset = "a = rand(); b = rand()"};
    OK(net, ax_model_define_equations(net, "R", &eq));
    ax_population p;
    OK(net, ax_population_add(net, "p", "R", 4000, &p));
    OK(net, ax_network_run(net, 0.1));
    double a[4000], b[4000];
    OK(net, ax_population_get_values(net, p, "a", a, 4000));
    OK(net, ax_population_get_values(net, p, "b", b, 4000));
    double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;
    for (int k = 0; k < 4000; k++) {
        cr_assert(a[k] > 0 && a[k] < 1 && b[k] > 0 && b[k] < 1, "draws in (0, 1)");
        ma += a[k] / 4000;
        mb += b[k] / 4000;
    }
    for (int k = 0; k < 4000; k++) {
        sab += (a[k] - ma) * (b[k] - mb);
        saa += (a[k] - ma) * (a[k] - ma);
        sbb += (b[k] - mb) * (b[k] - mb);
    }
    double r = sab / sqrt(saa * sbb);
    cr_assert_lt(fabs(ma - 0.5), 4 * sqrt(1.0 / 12 / 4000), "mean %g", ma);
    cr_assert_lt(fabs(r), 4 / sqrt(4000.0), "correlation of two calls %g", r);
    ax_plasticity_equations rule = {.pre = "dx/dt = -x / 10", .on_pre = "x += 1; w += 0.1 * rand()"};
    FAILS(net, ax_plasticity_define_equations(net, "r", &rule), AX_ERR_ARGUMENT,
          "on_pre:1:20: rand() belongs in neuron models");
    ax_network_free(net);
}
