/*
 * The benchmark pairs of bench/models: M.toml (a built-in model) and
 * M_equations.toml (the same network with the neurons written as
 * equations), which bench/run times side by side (bench/equations_section.py).
 * Their headers say what the two give; this checks it, shorter:
 *   - cuba (LIF, exact), adex (AdEx, RK4 with the built-in's arithmetic),
 *     izhikevich (RK4 likewise): every spike of both populations the
 *     same, bit for bit, against the built-in as the reference;
 *   - cobahh: the method differs (exponential Euler against the built-in's
 *     second-order scheme), so only the rates agree: within 5 % per
 *     population (bench/run's statistics tolerance; the equations' rates
 *     are lower: -1.9 % (E) and -2.2 % (I) over 3 seeds x 5 s, -2.6 % for
 *     both in the 1 s here).
 */
#include "helpers.h"

typedef struct spikes {
    size_t n[2];
    double *t[2];
    uint32_t *who[2];
} spikes;

/* Runs a model file for T ms; the spikes of its populations 0 and 1. */
static spikes run_model(const char *name, double T, int threads)
{
    char path[256], set[64];
    snprintf(path, sizeof path, "bench/models/%s.toml", name);
    snprintf(set, sizeof set, "simulation.threads=%d", threads);
    const char *sets[] = {set};
    ax_error err;
    ax_modelfile *m = ax_modelfile_load(path, sets, 1, &err);
    cr_assert_not_null(m, "%s", err.message);
    ax_network *net = ax_modelfile_get_network(m);
    ax_recorder rec[2];
    for (ax_population p = 0; p < 2; p++)
        OK(net, ax_recorder_add_spikes(net, p, AX_ALL_NEURONS, &rec[p]));
    OK(net, ax_modelfile_run(m, T));
    spikes s;
    for (int p = 0; p < 2; p++) {
        const double *t;
        const uint32_t *who;
        OK(net, ax_recorder_get_spikes(net, rec[p], &s.n[p], &t, &who));
        s.t[p] = malloc((s.n[p] + 1) * sizeof *t);
        s.who[p] = malloc((s.n[p] + 1) * sizeof *who);
        cr_assert(s.t[p] && s.who[p]);
        if (s.n[p]) {
            memcpy(s.t[p], t, s.n[p] * sizeof *t);
            memcpy(s.who[p], who, s.n[p] * sizeof *who);
        }
    }
    ax_modelfile_free(m);
    return s;
}

static void spikes_free(spikes *s)
{
    for (int p = 0; p < 2; p++)
        free(s->t[p]), free(s->who[p]);
}

/* Both files for T ms: the same spikes, at least min_spikes in each
 * population (so that the comparison says something). */
static void expect_same_spikes(const char *base, double T, int threads, size_t min_spikes)
{
    char eq[64];
    snprintf(eq, sizeof eq, "%s_equations", base);
    spikes a = run_model(base, T, threads), b = run_model(eq, T, threads);
    for (int p = 0; p < 2; p++) {
        cr_assert_geq(a.n[p], min_spikes, "%s population %d: %zu spikes", base, p, a.n[p]);
        cr_assert_eq(a.n[p], b.n[p], "%s population %d: %zu spikes built-in, %zu equations", base, p, a.n[p], b.n[p]);
        size_t k = 0;
        while (k < a.n[p] && a.t[p][k] == b.t[p][k] && a.who[p][k] == b.who[p][k])
            k++;
        cr_assert_eq(k, a.n[p], "%s population %d: spike %zu differs (neuron %u at %g ms built-in, %u at %g ms "
                     "equations)", base, p, k, a.who[p][k], a.t[p][k], b.who[p][k], b.t[p][k]);
    }
    cr_log_info("%s, %g ms, %d thread(s): %zu + %zu identical spikes", base, T, threads, a.n[0], a.n[1]);
    spikes_free(&a);
    spikes_free(&b);
}

Test(bench_equation_models, cuba_same_spikes, .timeout = 120)
{
    expect_same_spikes("cuba", 1000.0, 1, 3000);
    expect_same_spikes("cuba", 1000.0, 2, 3000);
}

Test(bench_equation_models, adex_same_spikes, .timeout = 120) { expect_same_spikes("adex", 300.0, 2, 2000); }

Test(bench_equation_models, izhikevich_same_spikes, .timeout = 120)
{
    expect_same_spikes("izhikevich", 1000.0, 2, 5000);
}

Test(bench_equation_models, cobahh_same_rates, .timeout = 120)
{
    spikes a = run_model("cobahh", 1000.0, 2), b = run_model("cobahh_equations", 1000.0, 2);
    for (int p = 0; p < 2; p++) {
        double rel = ((double)b.n[p] - (double)a.n[p]) / (double)a.n[p];
        cr_log_info("cobahh population %d: %zu spikes built-in, %zu equations (%+.2f %%)", p, a.n[p], b.n[p],
                    100.0 * rel);
        cr_assert_geq(a.n[p], 10000, "population %d: %zu spikes", p, a.n[p]);
        cr_assert(fabs(rel) <= 0.05, "population %d: %zu spikes built-in, %zu equations (%+.2f %%)", p, a.n[p],
                  b.n[p], 100.0 * rel);
    }
    spikes_free(&a);
    spikes_free(&b);
}
