/*
 * Inputs: dc, step, ac and noise currents, and Poisson drives.
 *
 * A probe model, registered through the public API like any user model,
 * copies each step's injected current and receptor input into state
 * variables, so the tests see exactly what a neuron receives.  The ac
 * current is also checked through a real membrane against the analytic
 * steady state.
 */
#include "helpers.h"

enum { CUR, IN };

static const ax_var_info probe_vars[] = {
    {"cur", "nA", 0.0, "injected current of the last step"},
    {"in", "", 0.0, "receptor input of the last step"},
};
static const ax_receptor_info probe_receptors[] = {{"input", "", 0, "recorded as is"}};

static void probe_update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    (void)step;
    for (uint32_t i = begin; i < end; i++) {
        p->state[CUR][i] = p->current[i];
        p->state[IN][i] = p->input[0][i];
    }
}

static const ax_model probe_model = {
    .name = "Probe", .doc = "test probe", .vars = probe_vars, .n_vars = 2,
    .receptors = probe_receptors, .n_receptors = 1, .update = probe_update,
};

static ax_network *probe_net(uint32_t n, ax_population *pop, int threads)
{
    ax_network *net = new_net(0.1, 77, threads);
    OK(net, ax_model_register(net, &probe_model));
    OK(net, ax_population_add(net, "p", "Probe", n, pop));
    return net;
}

static const double *trace(ax_network *net, ax_recorder rec, size_t *n, size_t *cols, const double **t)
{
    const double *v;
    OK(net, ax_recorder_get_trace(net, rec, n, cols, t, &v, NULL));
    return v;
}

Test(inputs, dc_and_step_currents_with_selection_and_window)
{
    ax_population pop;
    ax_network *net = probe_net(4, &pop, 2);
    uint32_t some[2] = {1, 3};
    ax_input_spec dc = {.kind = AX_INPUT_DC, .amplitude = 0.5, .start = 1.0, .stop = 2.0};
    OK(net, ax_input_add(net, pop, ax_neurons_list(some, 2), &dc, NULL));
    double times[3] = {0.5, 1.5, 2.5}, amps[3] = {0.25, -1.0, 0.0};
    ax_input_spec st = {.kind = AX_INPUT_STEP, .times = times, .amplitudes = amps, .n_times = 3};
    OK(net, ax_input_add(net, pop, ax_neurons_first(2), &st, NULL));
    ax_recorder rec;
    OK(net, ax_recorder_add_state(net, pop, "cur", AX_ALL_NEURONS, 0, &rec));
    OK(net, ax_network_run(net, 4.0));
    size_t n, cols;
    const double *t, *v = trace(net, rec, &n, &cols, &t);
    for (size_t s = 0; s < n; s++) {
        double start = t[s] - 0.1;   /* the sample at t holds the step [t - dt, t) */
        for (uint32_t i = 0; i < 4; i++) {
            double want = 0;
            if ((i == 1 || i == 3) && start >= 1.0 - 1e-9 && start < 2.0 - 1e-9)
                want += 0.5;
            if (i < 2)
                want += start < 0.5 - 1e-9 ? 0 : start < 1.5 - 1e-9 ? 0.25 : start < 2.5 - 1e-9 ? -1.0 : 0.0;
            cr_assert_float_eq(v[s * cols + i], want, 1e-12, "neuron %u, step starting at %g ms", i, start);
        }
    }
    ax_network_free(net);
}

Test(inputs, noise_current_statistics)
{
    ax_population pop;
    ax_network *net = probe_net(2000, &pop, 2);
    ax_input_spec noise = {.kind = AX_INPUT_NOISE, .mean = 0.2, .std = 0.5, .interval = 0.3};
    OK(net, ax_input_add(net, pop, AX_ALL_NEURONS, &noise, NULL));
    ax_recorder rec;
    OK(net, ax_recorder_add_state(net, pop, "cur", AX_ALL_NEURONS, 0.3, &rec));   /* one sample per draw */
    OK(net, ax_network_run(net, 60.0));
    size_t n, cols;
    const double *t, *v = trace(net, rec, &n, &cols, &t);
    double s1 = 0, s2 = 0, lag = 0;
    size_t m = 0;
    for (size_t s = 0; s < n; s++)
        for (size_t i = 0; i < cols; i++) {
            double x = v[s * cols + i] - 0.2;
            s1 += x, s2 += x * x, m++;
            if (s)
                lag += x * (v[(s - 1) * cols + i] - 0.2);
        }
    double mean = s1 / m + 0.2, sd = sqrt(s2 / m), corr = lag / (m - cols) / (sd * sd);
    cr_log_info("noise: mean %.4f (0.2), sd %.4f (0.5), lag-1 correlation %.4f (0), %zu draws", mean, sd, corr, m);
    cr_assert(fabs(mean - 0.2) < 5 * 0.5 / sqrt((double)m));
    cr_assert(fabs(sd - 0.5) < 5 * 0.5 / sqrt(2.0 * m));
    cr_assert(fabs(corr) < 5 / sqrt((double)m), "successive draws are independent");
    /* within an interval the value is held: record every step and compare */
    ax_network_free(net);
    net = probe_net(3, &pop, 1);
    OK(net, ax_input_add(net, pop, AX_ALL_NEURONS, &noise, NULL));
    OK(net, ax_recorder_add_state(net, pop, "cur", AX_ALL_NEURONS, 0, &rec));
    OK(net, ax_network_run(net, 3.0));
    v = trace(net, rec, &n, &cols, &t);
    for (size_t s = 0; s < n; s++)
        if (s % 3)
            for (size_t i = 0; i < cols; i++)
                cr_assert(v[s * cols + i] == v[(s - 1) * cols + i], "held within the 0.3 ms interval");
    ax_network_free(net);
}

/* Events per neuron and step ~ Poisson(sources * rate * dt). */
static void check_drive(double sources, double rate, int threads)
{
    const double w = 0.25, lambda = sources * rate * 1e-4;
    ax_population pop;
    ax_network *net = probe_net(500, &pop, threads);
    ax_input_spec d = {.kind = AX_INPUT_POISSON, .sources = sources, .rate = rate, .weight = w,
                       .receptor = "input"};
    OK(net, ax_input_add(net, pop, AX_ALL_NEURONS, &d, NULL));
    ax_recorder rec;
    OK(net, ax_recorder_add_state(net, pop, "in", AX_ALL_NEURONS, 0, &rec));
    OK(net, ax_network_run(net, 40.0));
    size_t n, cols;
    const double *t, *v = trace(net, rec, &n, &cols, &t);
    double s1 = 0, s2 = 0;
    size_t m = 0, multi = 0;
    for (size_t k = 0; k < n * cols; k++) {
        double events = v[k] / w;
        cr_assert(events == floor(events) && events >= 0, "a whole number of events");
        s1 += events, s2 += events * events, m++;
        multi += events > 1;
    }
    double mean = s1 / m, var = s2 / m - mean * mean;
    cr_log_info("drive lambda %g: mean %.4f, variance %.4f, %zu steps with several events", lambda, mean, var,
                multi);
    cr_assert(fabs(mean - lambda) < 5 * sqrt(lambda / m), "mean %g, lambda %g", mean, lambda);
    cr_assert(fabs(var - lambda) < 5 * lambda * sqrt(2.0 / m) + 5 * sqrt(lambda / m), "variance %g", var);
    if (lambda > 0.5)
        cr_assert(multi > 0, "several events per step happen");
    ax_network_free(net);
}

Test(inputs, poisson_drive_small_mean) { check_drive(100, 10, 1); }
Test(inputs, poisson_drive_brunel_mean) { check_drive(1000, 20, 2); }      /* 2 per step */
Test(inputs, poisson_drive_large_mean) { check_drive(1e5, 500, 2); }        /* 5000: rejection sampler */

Test(inputs, poisson_drive_window)
{
    ax_population pop;
    ax_network *net = probe_net(10, &pop, 1);
    ax_input_spec d = {.kind = AX_INPUT_POISSON, .sources = 1e4, .rate = 100, .weight = 1,
                       .receptor = "input", .start = 2.0, .stop = 3.0};
    OK(net, ax_input_add(net, pop, AX_ALL_NEURONS, &d, NULL));
    ax_recorder rec;
    OK(net, ax_recorder_add_state(net, pop, "in", AX_ALL_NEURONS, 0, &rec));
    OK(net, ax_network_run(net, 5.0));
    size_t n, cols;
    const double *t, *v = trace(net, rec, &n, &cols, &t);
    for (size_t s = 0; s < n; s++) {
        double start = t[s] - 0.1;
        int active = start >= 2.0 - 1e-9 && start < 3.0 - 1e-9;
        for (size_t i = 0; i < cols; i++)
            cr_assert(active ? v[s * cols + i] > 0 : v[s * cols + i] == 0, "step at %g ms", start);
    }
    ax_network_free(net);
}

/* An ac current through IF_curr_exp: the steady state is a sinusoid of
 * amplitude A R / sqrt(1 + (w tau)^2), lagging by atan(w tau). */
Test(inputs, ac_current_steady_state)
{
    double A = 0.5, f = 10.0, tau = 20.0, C = 1.0, R = tau / C, w = 2 * M_PI * f * 1e-3;
    ax_network *net = new_net(0.1, 1, 1);
    ax_population pop;
    OK(net, ax_population_add(net, "n", "IF_curr_exp", 1, &pop));
    OK(net, ax_population_set_param(net, pop, "v_thresh", ax_value_constant(1000)));
    ax_input_spec ac = {.kind = AX_INPUT_AC, .amplitude = A, .frequency = f, .offset = 0.1};
    OK(net, ax_input_add(net, pop, AX_ALL_NEURONS, &ac, NULL));
    ax_recorder rec;
    OK(net, ax_recorder_add_state(net, pop, "v", AX_ALL_NEURONS, 0, &rec));
    OK(net, ax_network_run(net, 1000.0));
    size_t n, cols;
    const double *t;
    const double *v = trace(net, rec, &n, &cols, &t);
    double gain = A * R / sqrt(1 + w * w * tau * tau), lag = atan(w * tau), worst = 0;
    for (size_t s = n / 2; s < n; s++) {
        double want = -65.0 + 0.1 * R + gain * sin(w * t[s] - lag);
        worst = fmax(worst, fabs(v[s] - want));
    }
    cr_log_info("ac: max deviation from the analytic steady state %.3g mV (gain %.3f mV)", worst, gain);
    /* piecewise-constant current sampled at step midpoints: O(dt^2) */
    cr_assert(worst < 1e-3 * gain, "deviation %g mV", worst);
    ax_network_free(net);
}

Test(inputs, bad_inputs_are_refused)
{
    ax_population pop, src;
    ax_network *net = probe_net(3, &pop, 1);
    OK(net, ax_population_add(net, "s", "SpikeSourcePoisson", 3, &src));
    ax_input_spec dc = {.kind = AX_INPUT_DC, .amplitude = 1};
    FAILS(net, ax_input_add(net, src, AX_ALL_NEURONS, &dc, NULL), AX_ERR_ARGUMENT, "takes no input");
    ax_input_spec late = {.kind = AX_INPUT_DC, .amplitude = 1, .start = 5, .stop = 2};
    FAILS(net, ax_input_add(net, pop, AX_ALL_NEURONS, &late, NULL), AX_ERR_ARGUMENT, "must be after start");
    ax_input_spec nan = {.kind = AX_INPUT_DC, .amplitude = NAN};
    FAILS(net, ax_input_add(net, pop, AX_ALL_NEURONS, &nan, NULL), AX_ERR_ARGUMENT, "finite");
    ax_input_spec rec = {.kind = AX_INPUT_POISSON, .sources = 10, .rate = 5, .weight = 1, .receptor = "inptu"};
    FAILS(net, ax_input_add(net, pop, AX_ALL_NEURONS, &rec, NULL), AX_ERR_NOT_FOUND, "did you mean 'input'");
    ax_input_spec neg = {.kind = AX_INPUT_POISSON, .sources = 0, .rate = 5, .weight = 1, .receptor = "input"};
    FAILS(net, ax_input_add(net, pop, AX_ALL_NEURONS, &neg, NULL), AX_ERR_ARGUMENT, "sources must be > 0");
    ax_input_spec iv = {.kind = AX_INPUT_NOISE, .std = 1, .interval = 0.25};
    FAILS(net, ax_input_add(net, pop, AX_ALL_NEURONS, &iv, NULL), AX_ERR_ARGUMENT, "multiple of dt");
    ax_input_spec empty = {.kind = AX_INPUT_STEP};
    FAILS(net, ax_input_add(net, pop, AX_ALL_NEURONS, &empty, NULL), AX_ERR_ARGUMENT, "at least one");
    uint32_t out_of_range[1] = {5};
    FAILS(net, ax_input_add(net, pop, ax_neurons_list(out_of_range, 1), &dc, NULL), AX_ERR_ARGUMENT, "out of range");
    ax_input_spec kind = {.kind = (ax_input_kind)42};
    FAILS(net, ax_input_add(net, pop, AX_ALL_NEURONS, &kind, NULL), AX_ERR_ARGUMENT, "unknown input kind");
    ax_network_free(net);
}

/* The drive of a neuron and step is one word of the Philox block of its 4
 * steps; a block that a window ends inside is kept for the next window
 * (sim/inputs.c).  The counts are the same whatever the window (1 step with
 * a 0.1 ms projection, 100 steps without) and however the run is cut (runs
 * of 0.1, 0.3, 0.5 ... ms, each starting anew), with 1 and 2 threads and a
 * neuron list: every step's input of every neuron, bit for bit. */
static void drive_trace(int threads, bool short_window, bool cut, const uint32_t *list, uint32_t n_list, double *out,
                        size_t *n_out)
{
    ax_population pop;
    ax_network *net = probe_net(300, &pop, threads);
    if (short_window) {
        ax_population a, b;
        OK(net, ax_population_add(net, "a", "IF_curr_delta", 2, &a));
        OK(net, ax_population_add(net, "b", "IF_curr_delta", 2, &b));
        ax_connector c = ax_connector_all_to_all();
        OK(net, ax_projection_add(net, a, b, &c, "excitatory", ax_value_constant(0.1), ax_value_constant(0.1), NULL));
    }
    ax_input_spec d = {.kind = AX_INPUT_POISSON, .sources = 40, .rate = 30, .weight = 0.5, .receptor = "input"};
    OK(net, ax_input_add(net, pop, list ? ax_neurons_list(list, n_list) : AX_ALL_NEURONS, &d, NULL));
    ax_recorder rec;
    OK(net, ax_recorder_add_state(net, pop, "in", AX_ALL_NEURONS, 0, &rec));
    if (cut) {
        const double parts[] = {0.1, 0.3, 0.5, 0.2, 0.7, 1.1, 0.1, 4.0, 0.4, 2.6};
        for (int k = 0; k < 10; k++)
            OK(net, ax_network_run(net, parts[k]));
    } else {
        OK(net, ax_network_run(net, 10.0));
    }
    size_t n, cols;
    const double *t, *v = trace(net, rec, &n, &cols, &t);
    *n_out = n * cols;
    memcpy(out, v, n * cols * sizeof *v);
    ax_network_free(net);
}

Test(inputs, poisson_drive_is_the_same_for_any_window_and_cut)
{
    static double ref[100 * 300], got[100 * 300];
    const uint32_t list[] = {3, 4, 5, 100, 101, 250, 299};
    for (int with_list = 0; with_list < 2; with_list++) {
        const uint32_t *l = with_list ? list : NULL;
        size_t n_ref, n;
        drive_trace(1, false, false, l, 7, ref, &n_ref);
        cr_assert_eq(n_ref, 100 * 300);
        double events = 0;
        for (size_t k = 0; k < n_ref; k++)
            events += ref[k] / 0.5;
        cr_assert(events > 0.5 * 40 * 30 * 1e-4 * n_ref * (with_list ? 7.0 / 300 : 1.0), "the drive runs (%g events)",
                  events);
        for (int threads = 1; threads <= 2; threads++)
            for (int variant = 0; variant < 3; variant++) {
                drive_trace(threads, variant != 1, variant != 0, l, 7, got, &n);
                cr_assert_eq(n, n_ref);
                cr_assert(!memcmp(got, ref, n * sizeof *got), "%d threads, %s window, %s run, %s: the drive differs",
                          threads, variant != 1 ? "1-step" : "long", variant != 0 ? "cut" : "one",
                          with_list ? "a list" : "all neurons");
            }
    }
}
