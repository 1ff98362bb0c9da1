/*
 * Izhikevich2003: the paper's net.m scheme, against a literal Python
 * transcription of net.m's loop (tests/reference/make_izhikevich2003.py;
 * rerun it with /usr/bin/python3 after changing a scenario here, and keep
 * both in step).
 *
 * The model evaluates the same expressions in the same order as the
 * reference (0.04*(v*v) + 5*v + 140 - u + I, dt/2 and dt*a as factors,
 * input w/dt), and the build forbids fused multiply-adds, so the traces
 * are expected to agree to the last bit; the bound is 1e-9 relative (of
 * max(|ref|, 1)) only so that a platform whose libm or compiler rounds
 * one operation differently gets a clear message rather than a spike off
 * by a step.  Spike times must match exactly.
 */
#include "helpers.h"

/* Relative bound on v and u (observed: 0). */
#define TOL 1e-9

typedef struct arrival {
    double time, weight, delay;   /* source spike (ms), weight (mV), delay (ms) */
} arrival;

typedef struct scenario {
    const char *name;
    double dt, duration, a, b, c, d, i_offset, v0, u0;
    const double *step_times, *step_amps;   /* step current (ms, nA) */
    size_t n_steps;
    const arrival *syn;
    size_t n_syn;
} scenario;

/* The scenarios of make_izhikevich2003.py. */
static const double step_times[] = {50.0, 200.0}, step_amps[] = {0.015, 0.004};
static const arrival syn[] = {{10.0, 4.0, 1.0},    {30.0, 8.0, 1.0},    {31.0, 8.0, 1.0}, {32.0, 8.0, 1.0},
                              {33.0, 8.0, 1.0},    {80.0, -12.5, 1.0},  {81.0, -12.5, 1.0},
                              {120.0, 20.0, 1.0}};
static const arrival syn_dt05[] = {{10.0, 4.0, 1.0},   {30.0, 8.0, 1.0},   {30.5, 8.0, 1.0}, {32.0, 8.0, 1.0},
                                   {33.0, 8.0, 1.0},   {80.0, -12.5, 1.0}, {81.0, -12.5, 1.0},
                                   {120.0, 20.0, 1.0}};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const scenario dc = {"dc", 1.0, 300.0, 0.02, 0.2, -65.0, 8.0, 0.01, -65.0, -13.0, NULL, NULL, 0, NULL, 0};
static const scenario step = {"step", 1.0, 300.0, 0.02, 0.2, -50.0, 2.0, 0.0, -70.0, -14.0,
                              step_times, step_amps, N(step_times), NULL, 0};
static const scenario synaptic = {"syn", 1.0, 150.0, 0.02, 0.2, -65.0, 8.0, 0.0, -65.0, -13.0,
                                  NULL, NULL, 0, syn, N(syn)};
static const scenario synaptic_dt05 = {"syn_dt05", 0.5, 150.0, 0.02, 0.2, -65.0, 8.0, 0.004, -65.0, -13.0,
                                       NULL, NULL, 0, syn_dt05, N(syn_dt05)};

/* One source neuron per arrival of the given sign, wired with per-synapse
 * weights and delays (from_list) to neuron 0 of `to`. */
static void add_arrivals(ax_network *net, ax_population to, const scenario *sc, int sign, const char *receptor)
{
    uint32_t s[16], t[16];
    double w[16], dl[16], times[16];
    uint32_t n = 0;
    for (size_t k = 0; k < sc->n_syn; k++) {
        if ((sc->syn[k].weight > 0) != (sign > 0))
            continue;
        cr_assert(n < 16);
        s[n] = n, t[n] = 0, w[n] = sc->syn[k].weight, dl[n] = sc->syn[k].delay, times[n] = sc->syn[k].time;
        n++;
    }
    if (!n)
        return;
    ax_population src;
    OK(net, ax_population_add(net, sign > 0 ? "exc" : "inh", "SpikeSourceArray", n, &src));
    for (uint32_t k = 0; k < n; k++)
        OK(net, ax_population_set_spike_times(net, src, k, &times[k], 1));
    ax_connector c = ax_connector_from_list(s, t, n);
    OK(net, ax_projection_add(net, src, to, &c, receptor, ax_value_array(w, n), ax_value_array(dl, n), NULL));
}

typedef struct run_result {
    ax_network *net;
    size_t n, ns;
    const double *t, *v, *u, *ts;
} run_result;

static run_result run(const scenario *sc)
{
    run_result r;
    ax_network *net = r.net = new_net(sc->dt, 1, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "n", "Izhikevich2003", 1, &pop));
    const char *names[] = {"a", "b", "c", "d", "i_offset"};
    const double values[] = {sc->a, sc->b, sc->c, sc->d, sc->i_offset};
    for (size_t k = 0; k < N(names); k++)
        OK(net, ax_population_set_param(net, pop, names[k], ax_value_constant(values[k])));
    OK(net, ax_population_set_state(net, pop, "v", ax_value_constant(sc->v0)));
    OK(net, ax_population_set_state(net, pop, "u", ax_value_constant(sc->u0)));
    if (sc->n_steps) {
        ax_input_spec st = {.kind = AX_INPUT_STEP, .times = sc->step_times, .amplitudes = sc->step_amps,
                            .n_times = sc->n_steps};
        OK(net, ax_input_add(net, pop, AX_ALL_NEURONS, &st, NULL));
    }
    add_arrivals(net, pop, sc, +1, "excitatory");
    add_arrivals(net, pop, sc, -1, "inhibitory");
    ax_recorder rv, ru, rs;
    OK(net, ax_recorder_add_state(net, pop, "v", ax_neurons_first(1), 0, &rv));
    OK(net, ax_recorder_add_state(net, pop, "u", ax_neurons_first(1), 0, &ru));
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rs));
    OK(net, ax_network_run(net, sc->duration));
    size_t n, c;
    const uint32_t *ids;
    OK(net, ax_recorder_get_trace(net, rv, &r.n, &c, &r.t, &r.v, NULL));
    OK(net, ax_recorder_get_trace(net, ru, &n, &c, &r.t, &r.u, NULL));
    cr_assert_eq(n, r.n);
    OK(net, ax_recorder_get_spikes(net, rs, &r.ns, &r.ts, &ids));
    return r;
}

static double rel_err(double x, double ref) { return fabs(x - ref) / fmax(fabs(ref), 1.0); }

/* Every sample of v and u and every spike time against the reference. */
static void compare(const scenario *sc, size_t min_spikes)
{
    run_result r = run(sc);
    char path[256];
    snprintf(path, sizeof path, "tests/reference/Izhikevich2003_%s.csv", sc->name);
    csv_table trace = read_csv(path);
    snprintf(path, sizeof path, "tests/reference/Izhikevich2003_%s.spikes.csv", sc->name);
    csv_table spikes = read_csv(path);
    cr_assert_eq(r.n, trace.rows, "%s: %zu samples, reference %zu", sc->name, r.n, trace.rows);
    cr_assert_eq(r.ns, spikes.rows, "%s: %zu spikes, reference %zu", sc->name, r.ns, spikes.rows);
    cr_assert(r.ns >= min_spikes, "%s: the scenario makes the cell fire", sc->name);
    for (size_t k = 0; k < r.ns; k++)
        cr_assert_eq(r.ts[k], spikes.data[k], "%s: spike %zu at %g ms, reference %g ms", sc->name, k, r.ts[k],
                     spikes.data[k]);
    double worst = 0;
    for (size_t s = 0; s < r.n; s++) {
        const double *ref = trace.data + s * trace.cols;
        cr_assert_float_eq(r.t[s], ref[0], 1e-9);
        double ev = rel_err(r.v[s], ref[1]), eu = rel_err(r.u[s], ref[2]);
        cr_assert(ev <= TOL && eu <= TOL, "%s at %g ms: v %.17g (reference %.17g), u %.17g (reference %.17g)",
                  sc->name, r.t[s], r.v[s], ref[1], r.u[s], ref[2]);
        worst = fmax(worst, fmax(ev, eu));
    }
    cr_log_info("Izhikevich2003 %s: %zu samples, %zu spikes, max relative difference %.3g", sc->name, r.n, r.ns,
                worst);
    csv_free(&trace);
    csv_free(&spikes);
    ax_network_free(r.net);
}

Test(izhikevich2003, constant_current_matches_net_m) { compare(&dc, 5); }

Test(izhikevich2003, current_step_matches_net_m) { compare(&step, 5); }

Test(izhikevich2003, synaptic_input_matches_net_m) { compare(&synaptic, 1); }

Test(izhikevich2003, other_dt_matches_the_generalised_scheme) { compare(&synaptic_dt05, 1); }

/* net.m's step from (v, u) with input I (dt = 1 ms). */
static void net_m_step(double *v, double *u, double a, double b, double I)
{
    *v = *v + 0.5 * (0.04 * (*v * *v) + 5 * *v + 140 - *u + I);
    *v = *v + 0.5 * (0.04 * (*v * *v) + 5 * *v + 140 - *u + I);
    *u = *u + a * (b * *v - *u);
}

/* A spike of the source at 10 ms (emitted by the step [9, 10) ms) with
 * delay dt = 1 ms arrives in the step [10, 11) ms: its v and u (the
 * sample at 11 ms) are net.m's recursion from the sample at 10 ms with
 * I = w, and differ from the recursion without it (by about w: 0.5 w per
 * half step, less the leak). */
Test(izhikevich2003, weight_is_net_m_current_for_one_step)
{
    run_result r = run(&synaptic);
    const double w = synaptic.syn[0].weight;
    cr_assert_eq(synaptic.syn[0].time, 10.0);
    cr_assert_eq(r.t[9], 10.0);
    cr_assert_eq(r.t[10], 11.0);
    double v = r.v[9], u = r.u[9], v0 = v, u0 = u;
    net_m_step(&v, &u, synaptic.a, synaptic.b, w);
    net_m_step(&v0, &u0, synaptic.a, synaptic.b, 0.0);
    cr_assert_eq(r.v[10], v, "v at 11 ms: %.17g, net.m with I = w: %.17g", r.v[10], v);
    cr_assert_eq(r.u[10], u, "u at 11 ms: %.17g, net.m with I = w: %.17g", r.u[10], u);
    cr_assert(r.v[10] - v0 > 0.5 * w, "the input raised v by %g mV (weight %g)", r.v[10] - v0, w);
    /* and the steps before it saw no input: the recursion with I = 0 */
    v = r.v[8], u = r.u[8];
    net_m_step(&v, &u, synaptic.a, synaptic.b, 0.0);
    cr_assert_eq(r.v[9], v);
    cr_assert_eq(r.u[9], u);
    ax_network_free(r.net);
}

/* The reset must lie below the 30 mV peak, as for Izhikevich. */
Test(izhikevich2003, reset_at_or_above_the_peak_is_rejected)
{
    ax_network *net = new_net(1.0, 1, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "n", "Izhikevich2003", 4, &pop));
    FAILS(net, ax_population_set_param(net, pop, "c", ax_value_constant(30.0)), AX_ERR_ARGUMENT,
          "c = 30 is not allowed: must be < 30 mV");
    FAILS(net, ax_population_set_param(net, pop, "c", ax_value_uniform(30.0, 40.0)), AX_ERR_ARGUMENT, "must be < 30 mV");
    OK(net, ax_population_set_param(net, pop, "c", ax_value_constant(29.0)));
    ax_network_free(net);
}

/* Per-neuron parameters give the same result as one neuron each: the
 * heterogeneous code path is the uniform one. */
Test(izhikevich2003, per_neuron_parameters_match_uniform_runs)
{
    const double cs[3] = {-65.0, -55.0, -50.0}, ds[3] = {8.0, 4.0, 2.0};
    ax_network *net = new_net(1.0, 1, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "n", "Izhikevich2003", 3, &pop));
    OK(net, ax_population_set_param(net, pop, "c", ax_value_array(cs, 3)));
    OK(net, ax_population_set_param(net, pop, "d", ax_value_array(ds, 3)));
    OK(net, ax_population_set_param(net, pop, "i_offset", ax_value_constant(0.01)));
    OK(net, ax_network_run(net, 200));
    double v[3], u[3];
    OK(net, ax_population_get_values(net, pop, "v", v, 3));
    OK(net, ax_population_get_values(net, pop, "u", u, 3));
    ax_network_free(net);
    for (int k = 0; k < 3; k++) {
        net = new_net(1.0, 1, 1);
        OK(net, ax_population_add(net, "n", "Izhikevich2003", 1, &pop));
        OK(net, ax_population_set_param(net, pop, "c", ax_value_constant(cs[k])));
        OK(net, ax_population_set_param(net, pop, "d", ax_value_constant(ds[k])));
        OK(net, ax_population_set_param(net, pop, "i_offset", ax_value_constant(0.01)));
        OK(net, ax_network_run(net, 200));
        double v1, u1;
        OK(net, ax_population_get_values(net, pop, "v", &v1, 1));
        OK(net, ax_population_get_values(net, pop, "u", &u1, 1));
        cr_assert(v1 == v[k] && u1 == u[k], "neuron %d: (%g, %g) alone, (%g, %g) in a population", k, v1, u1, v[k],
                  u[k]);
        ax_network_free(net);
    }
}
