/*
 * Population signals (ax_recorder_add_signal): the mean of v and the EEG
 * estimate equal the same formulas evaluated here from the per-neuron v
 * traces recorded at the same times; the values are bit-identical for
 * 1, 2 and 3 threads (exact sums); model files declare them and name
 * their outputs; the exact sum itself is exact and order-independent.
 */
#include "helpers.h"

#include "core/xsum.h"

#define N 50
static const double EL[3] = {1.0, 0.5, 0.1}, SIGMA = 0.3, VREF = -65.0, MIND = 0.2;

typedef struct run_out {
    size_t ns;
    double *v, *mean, *eeg, *xyz;
} run_out;

static run_out simulate(int threads)
{
    ax_network *net = new_net(0.1, 7, threads);
    ax_population E;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", N, &E));
    uint64_t shape[] = {5, 10};
    ax_structure s = ax_structure_grid(2, shape, 0.25, NULL);
    OK(net, ax_population_set_structure(net, E, &s));
    ax_input_spec in = {.kind = AX_INPUT_POISSON, .sources = 1, .rate = 2000, .weight = 0.6, .receptor = "excitatory"};
    OK(net, ax_input_add(net, E, AX_ALL_NEURONS, &in, NULL));
    ax_connector c = ax_connector_fixed_probability(0.2);
    OK(net, ax_projection_add(net, E, E, &c, "excitatory", ax_value_constant(0.4), ax_value_constant(1.0), NULL));
    ax_recorder rv, rm, re;
    OK(net, ax_recorder_add_state(net, E, "v", AX_ALL_NEURONS, 0.5, &rv));
    ax_signal_spec m = {.kind = AX_SIGNAL_MEAN, .interval_ms = 0.5};
    ax_signal_spec e = {.kind = AX_SIGNAL_EEG, .interval_ms = 0.5, .electrode = {EL[0], EL[1], EL[2]},
                        .sigma = SIGMA, .v_ref = VREF, .distance = 1, .min_distance = MIND};
    OK(net, ax_recorder_add_signal(net, E, &m, &rm));
    OK(net, ax_recorder_add_signal(net, E, &e, &re));
    OK(net, ax_network_run(net, 60.0));
    OK(net, ax_network_run(net, 40.0));   /* a continued run goes on where it stopped */
    run_out o;
    size_t nn, ns2;
    const double *t, *v, *tm, *x;
    const uint32_t *ids;
    OK(net, ax_recorder_get_trace(net, rv, &o.ns, &nn, &t, &v, NULL));
    cr_assert_eq(nn, N);
    o.v = malloc(o.ns * N * sizeof *o.v);
    memcpy(o.v, v, o.ns * N * sizeof *o.v);
    OK(net, ax_recorder_get_trace(net, rm, &ns2, &nn, &tm, &x, &ids));
    cr_assert(ns2 == o.ns && nn == 1 && ids[0] == 0 && tm[0] == 0.5 && tm[ns2 - 1] == 100.0);
    o.mean = malloc(o.ns * sizeof *o.mean);
    memcpy(o.mean, x, o.ns * sizeof *x);
    OK(net, ax_recorder_get_trace(net, re, &ns2, &nn, NULL, &x, NULL));
    o.eeg = malloc(o.ns * sizeof *o.eeg);
    memcpy(o.eeg, x, o.ns * sizeof *x);
    o.xyz = malloc(3 * N * sizeof *o.xyz);
    OK(net, ax_population_get_positions(net, E, o.xyz, 3 * N));
    ax_recorder_info info;
    OK(net, ax_recorder_get_info(net, re, &info));
    cr_assert(info.kind == AX_RECORDER_SIGNAL && !strcmp(info.variable, "eeg") && info.interval_ms == 0.5);
    FAILS(net, ax_recorder_get_spikes(net, rm, &nn, NULL, NULL), AX_ERR_NOT_FOUND, "records mean_v, not spikes");
    ax_network_free(net);
    return o;
}

static void run_free(run_out *o)
{
    free(o->v), free(o->mean), free(o->eeg), free(o->xyz);
}

Test(signals, mean_and_eeg_equal_their_formulas_on_the_traces)
{
    run_out o = simulate(2);
    double worst_m = 0, worst_e = 0, spread = 0;
    for (size_t s = 0; s < o.ns; s++) {
        double sum = 0, eeg = 0, mag = 0, lo = 1e9, hi = -1e9;
        for (int i = 0; i < N; i++) {
            double v = o.v[s * N + i], *p = o.xyz + 3 * i;
            double r = sqrt((p[0] - EL[0]) * (p[0] - EL[0]) + (p[1] - EL[1]) * (p[1] - EL[1]) +
                            (p[2] - EL[2]) * (p[2] - EL[2]));
            double term = (v - VREF) / (4 * M_PI * SIGMA * (r < MIND ? MIND : r));
            sum += v, eeg += term, mag += fabs(term);
            lo = fmin(lo, v), hi = fmax(hi, v);
        }
        spread = fmax(spread, hi - lo);
        /* the library's sum is exact, rounded once; ours has N roundings */
        worst_m = fmax(worst_m, fabs(o.mean[s] - sum / N) / (fabs(sum) / N));
        worst_e = fmax(worst_e, fabs(o.eeg[s] - eeg) / mag);
    }
    cr_assert_gt(spread, 1.0, "the neurons move apart (spread %g mV)", spread);
    cr_assert_lt(worst_m, 1e-13, "mean: relative error %g", worst_m);
    cr_assert_lt(worst_e, 1e-13, "eeg: error %g of the sum of |terms|", worst_e);
    run_free(&o);
}

Test(signals, bit_identical_for_any_number_of_threads)
{
    run_out a = simulate(1), b = simulate(2), c = simulate(3);
    cr_assert(!memcmp(a.v, b.v, a.ns * N * sizeof(double)) && !memcmp(a.v, c.v, a.ns * N * sizeof(double)));
    cr_assert(!memcmp(a.mean, b.mean, a.ns * sizeof(double)) && !memcmp(a.mean, c.mean, a.ns * sizeof(double)));
    cr_assert(!memcmp(a.eeg, b.eeg, a.ns * sizeof(double)) && !memcmp(a.eeg, c.eeg, a.ns * sizeof(double)));
    run_free(&a), run_free(&b), run_free(&c);
}

Test(signals, exact_sums_do_not_depend_on_order)
{
    ax_xsum a = {0}, b = {0};
    double x[] = {1e16, 1.0, -1e16, 3e-300, -2.5, 1e300, -1e300, 0.1};
    for (int i = 0; i < 8; i++)
        ax_xsum_add(&a, x[i]);
    for (int i = 7; i >= 0; i--)
        ax_xsum_add(&b, x[i]);
    double va = ax_xsum_value(&a), vb = ax_xsum_value(&b);
    cr_assert(va == vb && va == -1.5 + 0.1, "%.17g %.17g", va, vb);
    ax_xsum n = {0};
    ax_xsum_add(&n, -3.0);
    ax_xsum_add(&n, 0.25);
    cr_assert_eq(ax_xsum_value(&n), -2.75);
}

static const char *model =
    "[simulation]\nduration = 10.0\n"
    "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 4\nstructure = { grid = [2, 2] }\n"
    "[[record]]\npopulation = \"E\"\nsignal = \"mean_v\"\ninterval = 1.0\n"
    "[[record]]\npopulation = \"E\"\nsignal = \"lfp\"\n"
    "[[record]]\npopulation = \"E\"\nsignal = \"eeg\"\nelectrode = [0, 0, 1]\nsigma = 0.5\n%s";

static ax_modelfile *load(const char *extra, ax_error *err)
{
    char text[2048];
    snprintf(text, sizeof text, model, extra);
    return ax_modelfile_load_string(text, "model.toml", "/tmp", NULL, 0, err);
}

Test(signals, model_files_record_signals)
{
    ax_error err;
    ax_modelfile *m = load("format = \"npy\"\n", &err);
    cr_assert_not_null(m, "%s", err.message);
    cr_assert_str_eq(ax_modelfile_get_recording_file(m, 1), "E.mean_v.csv");
    cr_assert_str_eq(ax_modelfile_get_recording_file(m, 2), "E.lfp.csv");
    cr_assert_str_eq(ax_modelfile_get_recording_file(m, 3), "E.eeg.npy");
    ax_network *net = ax_modelfile_get_network(m);
    OK(net, ax_modelfile_run(m, 10.0));
    size_t ns, nn;
    const double *v;
    OK(net, ax_recorder_get_trace(net, 0, &ns, &nn, NULL, &v, NULL));
    cr_assert(ns == 10 && nn == 1 && fabs(v[9] - (-65.0)) < 1e-9, "a resting IF_curr_exp: mean v %g", v[9]);
    ax_modelfile_free(m);

    const char *bad[][2] = {
        {"v_ref = 1\n[[record]]\npopulation = \"E\"\nsignal = \"lfp2\"\n", "unknown signal 'lfp2'"},
        {"min_distance = 0\n", "record[2].min_distance: "},
        {"[[record]]\npopulation = \"E\"\nsignal = \"mean_v\"\nsigma = 1\n", "only signal = \"eeg\" takes this key"},
        {"[[record]]\npopulation = \"E\"\nsignal = \"eeg\"\nelectrode = [1, 2]\n", "record[3].electrode: expected [x, y, z]"},
        {"format = \"tsv\"\n", "unknown format 'tsv'"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        ax_modelfile *b = load(bad[k][0], &err);
        if (b)
            ax_modelfile_free(b);
        cr_assert_null(b, "accepted: %s", bad[k][0]);
        cr_assert(strstr(err.message, bad[k][1]), "message\n  %s\nlacks '%s'", err.message, bad[k][1]);
    }
}

Test(signals, lfp_needs_synaptic_currents_and_6_ms_on_the_grid)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population a, b;
    OK(net, ax_population_add(net, "I", "Izhikevich", 3, &a));
    OK(net, ax_population_add(net, "C", "IF_cond_alpha", 3, &b));
    ax_signal_spec s = {.kind = AX_SIGNAL_LFP};
    FAILS(net, ax_recorder_add_signal(net, a, &s, NULL), AX_ERR_ARGUMENT, "Izhikevich has neither");
    ax_recorder r;
    OK(net, ax_recorder_add_signal(net, b, &s, &r));
    ax_recorder_info info;
    OK(net, ax_recorder_get_info(net, r, &info));
    cr_assert(!strcmp(info.variable, "lfp") && !strcmp(info.unit, "nA"));
    ax_network_free(net);
    net = new_net(0.4, 1, 1);   /* 6 / 0.4 = 15 steps: fine; 0.25 as well; 0.7 is not */
    OK(net, ax_population_add(net, "C", "IF_cond_exp", 3, &b));
    OK(net, ax_recorder_add_signal(net, b, &s, NULL));
    ax_network_free(net);
    net = new_net(0.7, 1, 1);
    OK(net, ax_population_add(net, "C", "IF_cond_exp", 3, &b));
    FAILS(net, ax_recorder_add_signal(net, b, &s, NULL), AX_ERR_ARGUMENT, "delay of 6 ms is not a multiple of dt");
    ax_network_free(net);
}
