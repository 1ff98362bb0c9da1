/*
 * The state lifecycle: ax_network_reset and checkpoints
 * (ax_network_save_state, ax_network_restore_state).
 *
 * For every model family - integrate-and-fire (current and conductance)
 * with every kind of input, AdEx and Izhikevich, channel cells with gap
 * junctions, receptor kinetics with graded release, plasticity (pair,
 * triplet, Vogels, anti-Hebbian, BCM, Tsodyks-Markram, reward-modulated
 * with a modulator) and rules written as equations - and 1 or 2 threads:
 *   - a run after a reset repeats the first run bit for bit;
 *   - a run of T equals a run of T1, saved, restored into a new network and
 *     run for T - T1, bit for bit (spikes of every population, a trace,
 *     every state variable, every plastic weight), saving with 1 thread and
 *     restoring with 2 and the other way round.
 * Bad files - truncated, a flipped byte, another magic number or version,
 * another model - are refused with a message saying what is wrong, and
 * leave the network as it was: a run after the failed restore equals one
 * without it.
 */
#include <unistd.h>

#include "helpers.h"

/* ------------------------------------------------------------------ */
/* The families                                                        */
/* ------------------------------------------------------------------ */

typedef struct family {
    const char *name;
    ax_network *(*build)(int threads);
    void (*between)(ax_network *net);   /* at T1, before saving: changes a run may make */
    double T, T1;                       /* T1 is off the window grid on purpose */
} family;

static ax_population find(ax_network *net, const char *name)
{
    ax_population p;
    cr_assert_eq(ax_population_find(net, name, &p), AX_OK, "no population %s", name);
    return p;
}

/* What the tests of bad files change. */
static uint64_t lif_seed = 11;
static uint32_t lif_size = 80;
static const char *lif_name = "E";

static ax_network *lif_inputs(int threads)
{
    ax_network *net = new_net(0.1, lif_seed, threads);
    ax_population E, I, P, A;
    OK(net, ax_population_add(net, lif_name, "IF_curr_exp", lif_size, &E));
    OK(net, ax_population_add(net, "I", "IF_cond_exp", 20, &I));
    OK(net, ax_population_add(net, "P", "SpikeSourcePoisson", 30, &P));
    OK(net, ax_population_add(net, "A", "SpikeSourceArray", 2, &A));
    OK(net, ax_population_set_param(net, P, "rate", ax_value_constant(20.0)));
    OK(net, ax_population_set_state(net, E, "v", ax_value_uniform(-65.0, -55.0)));
    OK(net, ax_population_set_state(net, I, "v", ax_value_uniform(-65.0, -55.0)));
    OK(net, ax_population_set_param(net, E, "i_offset", ax_value_uniform(0.2, 0.6)));
    const double times[] = {5.0, 100.0, 180.0, 300.0, 350.0};
    OK(net, ax_population_set_spike_times(net, A, 0, times, 5));
    OK(net, ax_population_set_spike_times(net, A, 1, times + 1, 3));
    ax_connector c3 = ax_connector_fixed_probability(0.3), c2 = ax_connector_fixed_probability(0.2);
    ax_connector all = ax_connector_all_to_all();
    OK(net, ax_projection_add(net, P, E, &c3, "excitatory", ax_value_constant(0.4),
                              ax_value_normal_clipped(1.5, 0.5, 0.1, 3.0), NULL));
    OK(net, ax_projection_add(net, E, I, &c2, "excitatory", ax_value_uniform(0.01, 0.03), ax_value_constant(1.0), NULL));
    OK(net, ax_projection_add(net, I, E, &c3, "inhibitory", ax_value_constant(-0.8), ax_value_uniform(0.5, 2.0), NULL));
    OK(net, ax_projection_add(net, A, E, &all, "excitatory", ax_value_constant(1.0), ax_value_constant(2.0), NULL));
    ax_input_spec noise = {.kind = AX_INPUT_NOISE, .std = 0.1, .interval = 0.5};
    OK(net, ax_input_add(net, E, ax_neurons_first(40), &noise, NULL));
    ax_input_spec drive = {.kind = AX_INPUT_POISSON, .sources = 50, .rate = 10, .weight = 0.01, .receptor = "excitatory"};
    OK(net, ax_input_add(net, I, AX_ALL_NEURONS, &drive, NULL));
    const double st[] = {50.0, 250.0}, amp[] = {0.3, 0.0};
    ax_input_spec step = {.kind = AX_INPUT_STEP, .times = st, .amplitudes = amp, .n_times = 2};
    const uint32_t some[] = {3, 1};
    OK(net, ax_input_add(net, E, ax_neurons_list(some, 2), &step, NULL));
    ax_input_spec ac = {.kind = AX_INPUT_AC, .amplitude = 0.2, .offset = 0.3, .frequency = 10.0};
    OK(net, ax_input_add(net, I, AX_ALL_NEURONS, &ac, NULL));
    ax_input_spec dc = {.kind = AX_INPUT_DC, .amplitude = 0.1, .start = 20.0, .stop = 390.0};
    OK(net, ax_input_add(net, E, ax_neurons_first(10), &dc, NULL));
    return net;
}

/* Parameters changed between runs travel in the file. */
static void lif_between(ax_network *net)
{
    OK(net, ax_population_set_param(net, find(net, "P"), "rate", ax_value_constant(35.0)));
    OK(net, ax_population_set_param(net, 0, "tau_m", ax_value_uniform(15.0, 25.0)));
}

static ax_network *adex_izhikevich(int threads)
{
    ax_network *net = new_net(0.1, 12, threads);
    ax_population X, Z, P;
    OK(net, ax_population_add(net, "X", "EIF_cond_exp_isfa_ista", 20, &X));
    OK(net, ax_population_add(net, "Z", "Izhikevich", 20, &Z));
    OK(net, ax_population_add(net, "P", "SpikeSourcePoisson", 20, &P));
    OK(net, ax_population_set_param(net, P, "rate", ax_value_constant(30.0)));
    OK(net, ax_population_set_param(net, X, "i_offset", ax_value_uniform(0.4, 0.9)));
    OK(net, ax_population_set_param(net, Z, "i_offset", ax_value_uniform(0.0, 0.01)));
    OK(net, ax_population_set_state(net, Z, "v", ax_value_uniform(-75.0, -60.0)));
    ax_connector c = ax_connector_fixed_probability(0.4);
    OK(net, ax_projection_add(net, P, X, &c, "excitatory", ax_value_constant(0.01), ax_value_constant(1.0), NULL));
    OK(net, ax_projection_add(net, P, Z, &c, "excitatory", ax_value_constant(3.0), ax_value_uniform(0.5, 2.5), NULL));
    OK(net, ax_projection_add(net, X, Z, &c, "excitatory", ax_value_constant(2.0), ax_value_constant(1.2), NULL));
    OK(net, ax_projection_add(net, Z, X, &c, "inhibitory", ax_value_constant(0.01), ax_value_constant(0.7), NULL));
    return net;
}

static ax_network *channels_gaps(int threads)
{
    ax_network *net = new_net(0.05, 13, threads);
    const char *chans[] = {"Na", "K", "leak", "CaT"};   /* CaT reads v at the step's middle: the previous v */
    OK(net, ax_model_define_cell(net, "cell", chans, 4));
    ax_population H, C, P;
    OK(net, ax_population_add(net, "H", "HH_cond_exp", 12, &H));
    OK(net, ax_population_add(net, "C", "cell", 8, &C));
    OK(net, ax_population_add(net, "P", "SpikeSourcePoisson", 10, &P));
    OK(net, ax_population_set_param(net, P, "rate", ax_value_constant(40.0)));
    OK(net, ax_population_set_param(net, H, "i_offset", ax_value_uniform(0.3, 0.9)));
    OK(net, ax_population_set_state(net, H, "v", ax_value_uniform(-70.0, -60.0)));
    ax_connector c = ax_connector_fixed_probability(0.4), g = ax_connector_fixed_probability(0.3);
    OK(net, ax_projection_add_gap(net, H, H, &g, ax_value_uniform(0.001, 0.01), NULL));
    OK(net, ax_projection_add(net, P, H, &c, "excitatory", ax_value_constant(0.02), ax_value_constant(1.0), NULL));
    OK(net, ax_projection_add(net, H, C, &c, "excitatory", ax_value_constant(0.05), ax_value_constant(1.5), NULL));
    OK(net, ax_projection_add(net, P, C, &c, "excitatory", ax_value_constant(0.05), ax_value_constant(0.5), NULL));
    return net;
}

static ax_network *receptors_graded(int threads)
{
    ax_network *net = new_net(0.1, 14, threads);
    const char *r3[] = {"AMPA", "NMDA", "GABAa"}, *r1[] = {"AMPA"};
    OK(net, ax_model_define_with_receptors(net, "IFR", "IF_cond_exp", r3, 3));
    const char *chans[] = {"Na", "K", "leak", "CaT"};   /* inside: a channel cell that keeps the previous v */
    OK(net, ax_model_define_cell(net, "cell", chans, 4));
    OK(net, ax_model_define_with_receptors(net, "HHR", "cell", r1, 1));
    ax_population F, H, P;
    OK(net, ax_population_add(net, "F", "IFR", 20, &F));
    OK(net, ax_population_add(net, "H", "HHR", 6, &H));
    OK(net, ax_population_add(net, "P", "SpikeSourcePoisson", 40, &P));
    OK(net, ax_population_set_param(net, P, "rate", ax_value_constant(100.0)));   /* transmitter in flight at T1 */
    OK(net, ax_population_set_param(net, H, "i_offset", ax_value_uniform(0.3, 0.9)));
    OK(net, ax_population_set_param(net, F, "i_offset", ax_value_uniform(0.0, 0.5)));
    ax_connector c = ax_connector_fixed_probability(0.4);
    OK(net, ax_projection_add(net, P, F, &c, "AMPA", ax_value_constant(0.5), ax_value_constant(1.0), NULL));
    OK(net, ax_projection_add(net, P, F, &c, "NMDA", ax_value_constant(0.5), ax_value_uniform(1.0, 3.0), NULL));
    OK(net, ax_projection_add(net, P, H, &c, "AMPA", ax_value_constant(1.0), ax_value_constant(1.0), NULL));
    OK(net, ax_projection_add_graded(net, H, F, &c, "GABAa", ax_value_constant(0.3), 2.0, 5.0, NULL));
    return net;
}

static ax_network *plasticity(int threads)
{
    ax_network *net = new_net(0.1, 15, threads);
    ax_population E, I, P, R;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 50, &E));
    OK(net, ax_population_add(net, "I", "IF_curr_exp", 10, &I));
    OK(net, ax_population_add(net, "P", "SpikeSourcePoisson", 40, &P));
    OK(net, ax_population_add(net, "R", "SpikeSourcePoisson", 5, &R));
    OK(net, ax_population_set_param(net, P, "rate", ax_value_constant(20.0)));
    OK(net, ax_population_set_param(net, R, "rate", ax_value_constant(3.0)));
    OK(net, ax_population_set_param(net, E, "i_offset", ax_value_uniform(0.3, 0.8)));
    OK(net, ax_population_set_param(net, I, "i_offset", ax_value_constant(0.7)));
    ax_modulator da;
    OK(net, ax_modulator_add(net, "DA", 200.0, &da));
    OK(net, ax_modulator_add_source(net, da, R, 0.1, 1.0));
    ax_connector c = ax_connector_fixed_probability(0.3);
    ax_plasticity pair = ax_plasticity_defaults();   /* one delay: the stepped post trace */
    OK(net, ax_projection_add_plastic(net, P, E, &c, "excitatory", ax_value_uniform(0.1, 0.5), ax_value_constant(1.0),
                                      &pair, NULL));
    ax_plasticity triplet = ax_plasticity_defaults();
    triplet.timing = AX_STDP_TRIPLET;
    triplet.A2_plus = 0.005;
    ax_projection q_triplet;
    OK(net, ax_projection_add_plastic(net, P, E, &c, "excitatory", ax_value_constant(0.2), ax_value_uniform(0.5, 3.0),
                                      &triplet, &q_triplet));
    ax_plasticity reward = ax_plasticity_defaults();
    reward.reward = true, reward.modulator = da, reward.tau_c = 1000.0, reward.A_plus = 0.5, reward.A_minus = 0.6;
    OK(net, ax_projection_add_plastic(net, P, E, &c, "excitatory", ax_value_constant(0.2), ax_value_constant(1.0),
                                      &reward, NULL));
    ax_plasticity tm = ax_plasticity_defaults();
    tm.timing = AX_STDP_NONE, tm.tsodyks_markram = true, tm.tau_facil = 50.0;
    OK(net, ax_projection_add_plastic(net, E, E, &c, "excitatory", ax_value_constant(0.3), ax_value_constant(1.5), &tm,
                                      NULL));
    ax_plasticity vogels = ax_plasticity_defaults();
    vogels.timing = AX_STDP_VOGELS2011, vogels.eta = 0.01;
    OK(net, ax_projection_add_plastic(net, I, E, &c, "inhibitory", ax_value_constant(-0.3), ax_value_constant(1.0),
                                      &vogels, NULL));
    ax_plasticity anti = ax_plasticity_defaults();
    anti.timing = AX_STDP_ANTI_HEBBIAN, anti.w0 = 0.1, anti.alpha = 0.05;
    ax_projection q_anti;
    OK(net, ax_projection_add_plastic(net, E, I, &c, "excitatory", ax_value_constant(0.1), ax_value_uniform(0.5, 2.0),
                                      &anti, &q_anti));
    ax_plasticity bcm = ax_plasticity_defaults();
    bcm.timing = AX_STDP_BCM, bcm.eta = 1e-5, bcm.tau_theta = 500.0;
    OK(net, ax_projection_add_plastic(net, P, I, &c, "excitatory", ax_value_constant(0.3), ax_value_constant(2.0), &bcm,
                                      NULL));
    ax_input_spec drive = {.kind = AX_INPUT_POISSON, .sources = 20, .rate = 10, .weight = 0.1, .receptor = "excitatory"};
    OK(net, ax_input_add(net, E, AX_ALL_NEURONS, &drive, NULL));
    /* weights at an interval, at given times (one at T1, taken by the run that ends there), as a histogram */
    ax_weight_spec every = {.synapses = ax_synapses_first(30), .interval_ms = 10.0};
    OK(net, ax_recorder_add_weights(net, 0, &every, NULL));
    const double at[] = {0.0, 500.0, 1037.3, 1500.0, 2100.0};
    ax_weight_spec given = {.times_ms = at, .n_times = 5};
    OK(net, ax_recorder_add_weights(net, 2, &given, NULL));
    ax_weight_spec hist = {.interval_ms = 100.0, .bins = 10};
    OK(net, ax_recorder_add_weights(net, 1, &hist, NULL));
    return net;
}

/* A reward, a learning rate and a switch changed between runs travel in the file. */
static void plasticity_between(ax_network *net)
{
    ax_modulator da;
    OK(net, ax_modulator_find(net, "DA", &da));
    OK(net, ax_modulator_inject(net, da, 0.3));
    OK(net, ax_projection_set_learning_rate(net, 1, 0.5));
    OK(net, ax_projection_set_learning(net, 5, false));
}

/* Rules written as equations (tests/test_equations_plasticity.c): spike-pair
 * STDP with one delay (the stepped post trace), a rule with two traces a
 * side under random delays with Tsodyks-Markram and stochastic release,
 * weights recorded at an interval and as a histogram. */
static ax_network *plasticity_equations(int threads)
{
    ax_network *net = new_net(0.1, 16, threads);
    const ax_plasticity_equations pair = {
        .parameters = "tau_plus = 20 : ms\ntau_minus = 20 : ms\nA_plus = 0.01\nA_minus = 0.0105\nw_min = 0\nw_max = 1",
        .pre = "dapre/dt = -apre / tau_plus",
        .post = "dapost/dt = -apost / tau_minus",
        .on_pre = "apre += 1; w = max(w_min, w - A_minus * (w_max - w_min) * apost)",
        .on_post = "apost += 1; w = min(w_max, w + A_plus * (w_max - w_min) * apre)",
    };
    const ax_plasticity_equations two = {
        .parameters = "A = 0.02\nB = 0.015",
        .pre = "da/dt = -a / 15\ndb/dt = -b / 60",
        .post = "dc/dt = -c / 25\ndd/dt = -d / 90",
        .on_pre = "w = clip(w - B * c * (1 + 0.3 * b), 0, 0.6); a = 0.5 * a + 1; b += 1",
        .on_post = "w = clip(w + A * a * (1 + 0.1 * d), 0, 0.6); c = 0.7 * c + 1; d += 1",
    };
    OK(net, ax_plasticity_define_equations(net, "pair", &pair));
    OK(net, ax_plasticity_define_equations(net, "two", &two));
    ax_population E, P;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 50, &E));
    OK(net, ax_population_add(net, "P", "SpikeSourcePoisson", 40, &P));
    OK(net, ax_population_set_param(net, P, "rate", ax_value_constant(20.0)));
    OK(net, ax_population_set_param(net, E, "i_offset", ax_value_uniform(0.3, 0.8)));
    ax_connector c = ax_connector_fixed_probability(0.3);
    ax_plasticity r = ax_plasticity_defaults();
    r.timing = AX_STDP_EQUATIONS, r.rule = "pair", r.rule_params = "w_max = 0.5";
    OK(net, ax_projection_add_plastic(net, P, E, &c, "excitatory", ax_value_uniform(0.1, 0.5), ax_value_constant(1.0),
                                      &r, NULL));
    r.rule = "two", r.rule_params = NULL;
    r.tsodyks_markram = true, r.tau_facil = 50.0, r.release_probability = 0.7;
    OK(net, ax_projection_add_plastic(net, E, E, &c, "excitatory", ax_value_uniform(0.1, 0.5),
                                      ax_value_uniform(0.5, 3.0), &r, NULL));
    ax_input_spec drive = {.kind = AX_INPUT_POISSON, .sources = 20, .rate = 10, .weight = 0.1, .receptor = "excitatory"};
    OK(net, ax_input_add(net, E, AX_ALL_NEURONS, &drive, NULL));
    ax_weight_spec every = {.synapses = ax_synapses_first(30), .interval_ms = 10.0};
    OK(net, ax_recorder_add_weights(net, 1, &every, NULL));
    ax_weight_spec hist = {.interval_ms = 100.0, .bins = 10, .low = 0.0, .high = 0.6};
    OK(net, ax_recorder_add_weights(net, 0, &hist, NULL));
    return net;
}

static void plasticity_equations_between(ax_network *net)
{
    OK(net, ax_projection_set_learning_rate(net, 1, 0.5));
    OK(net, ax_projection_set_learning(net, 0, false));
}

static const family families[] = {
    {"IF current/conductance, every input", lif_inputs, lif_between, 400.0, 173.7},
    {"AdEx, Izhikevich", adex_izhikevich, NULL, 300.0, 121.3},
    {"channel cells, gap junctions", channels_gaps, NULL, 150.0, 61.35},
    {"receptor kinetics, graded release", receptors_graded, NULL, 300.0, 137.9},
    {"plasticity, modulator", plasticity, plasticity_between, 2100.0, 1037.3},
    {"plasticity rules written as equations", plasticity_equations, plasticity_equations_between, 1500.0, 637.3},
};

/* ------------------------------------------------------------------ */
/* What is compared                                                    */
/* ------------------------------------------------------------------ */

#define MAX_PARTS 16

typedef struct series {
    size_t n;
    double *t;
    double *x;     /* spikes: neuron ids; traces: values, `width` per time */
    size_t width;
} series;

typedef struct outcome {
    size_t n_spikes, n_traces, n_states, n_weights;
    series spikes[MAX_PARTS], traces[MAX_PARTS];
    double *state[MAX_PARTS * 4];   /* every population's every variable */
    size_t state_n[MAX_PARTS * 4];
    double *weights[MAX_PARTS];     /* every projection's synapse weights */
    size_t weights_n[MAX_PARTS];
    double time;
} outcome;

/* A spike recorder on every population, v (or the first variable) of
 * the first five neurons of every population that has one, every step. */
static void record_all(ax_network *net)
{
    for (size_t g = 0; g < ax_population_count(net); g++) {
        ax_population_info info;
        OK(net, ax_population_get_info(net, (ax_population)g, &info));
        OK(net, ax_recorder_add_spikes(net, (ax_population)g, AX_ALL_NEURONS, NULL));
        if (!(info.model->flags & AX_MODEL_SPIKE_SOURCE))
            OK(net, ax_recorder_add_state(net, (ax_population)g, info.model->vars[0].name,
                                          ax_neurons_first(info.size < 5 ? info.size : 5), 0, NULL));
    }
}

static double *copy(const void *x, size_t n, size_t size)
{
    double *c = malloc(n * size + 8);
    if (n)
        memcpy(c, x, n * size);
    return c;
}

static outcome collect(ax_network *net)
{
    outcome o;
    memset(&o, 0, sizeof o);
    o.time = ax_network_get_time(net);
    for (size_t k = 0; k < ax_recorder_count(net); k++) {
        ax_recorder_info ri;
        OK(net, ax_recorder_get_info(net, (ax_recorder)k, &ri));
        const double *t, *v;
        const uint32_t *ids;
        if (ri.kind == AX_RECORDER_SPIKES) {
            series *s = &o.spikes[o.n_spikes++];
            OK(net, ax_recorder_get_spikes(net, (ax_recorder)k, &s->n, &t, &ids));
            s->t = copy(t, s->n, sizeof *t);
            s->x = malloc(s->n * sizeof *s->x + 8);
            for (size_t j = 0; j < s->n; j++)
                s->x[j] = ids[j];
            s->width = 1;
        } else if (ri.kind == AX_RECORDER_STATE) {
            series *s = &o.traces[o.n_traces++];
            OK(net, ax_recorder_get_trace(net, (ax_recorder)k, &s->n, &s->width, &t, &v, NULL));
            s->t = copy(t, s->n, sizeof *t);
            s->x = copy(v, s->n * s->width, sizeof *v);
        } else if (ri.kind == AX_RECORDER_WEIGHTS) {
            series *s = &o.traces[o.n_traces++];
            OK(net, ax_recorder_get_weights(net, (ax_recorder)k, &s->n, &s->width, &t, &v, NULL));
            s->t = copy(t, s->n, sizeof *t);
            s->x = copy(v, s->n * s->width, sizeof *v);
        } else {
            series *s = &o.traces[o.n_traces++];
            const uint64_t *counts;
            OK(net, ax_recorder_get_weight_histogram(net, (ax_recorder)k, &s->n, &s->width, &t, &counts, NULL));
            s->t = copy(t, s->n, sizeof *t);
            s->x = malloc(s->n * s->width * sizeof *s->x + 8);
            for (size_t j = 0; j < s->n * s->width; j++)
                s->x[j] = (double)counts[j];
        }
    }
    for (size_t g = 0; g < ax_population_count(net); g++) {
        ax_population_info info;
        OK(net, ax_population_get_info(net, (ax_population)g, &info));
        for (uint32_t v = 0; v < info.model->n_vars && o.n_states < MAX_PARTS * 4; v++) {
            o.state_n[o.n_states] = info.size;
            o.state[o.n_states] = malloc(info.size * sizeof(double));
            OK(net, ax_population_get_values(net, (ax_population)g, info.model->vars[v].name, o.state[o.n_states],
                                             info.size));
            o.n_states++;
        }
    }
    for (ax_projection q = 0; q < MAX_PARTS; q++) {
        size_t n = ax_projection_get_size(net, q);
        double *w = malloc(n * sizeof *w + 8);
        if (ax_projection_get_synapses(net, q, NULL, NULL, w, NULL) != AX_OK) {
            free(w);
            break;
        }
        o.weights[o.n_weights] = w;
        o.weights_n[o.n_weights++] = n;
    }
    return o;
}

static void outcome_free(outcome *o)
{
    for (size_t k = 0; k < o->n_spikes; k++)
        free(o->spikes[k].t), free(o->spikes[k].x);
    for (size_t k = 0; k < o->n_traces; k++)
        free(o->traces[k].t), free(o->traces[k].x);
    for (size_t k = 0; k < o->n_states; k++)
        free(o->state[k]);
    for (size_t k = 0; k < o->n_weights; k++)
        free(o->weights[k]);
}

/* The entries of s with times in (from, to]. */
static void same_series(const series *a, double from, double to, const series *b, const char *what, size_t k)
{
    size_t i0 = 0, i1;
    while (i0 < a->n && a->t[i0] <= from + 1e-9)
        i0++;
    for (i1 = i0; i1 < a->n && a->t[i1] <= to + 1e-9;)
        i1++;
    cr_assert_eq(i1 - i0, b->n, "%s %zu: %zu entries in (%g, %g] of the whole run, %zu here", what, k, i1 - i0, from,
                 to, b->n);
    cr_assert(memcmp(a->t + i0, b->t, b->n * sizeof *b->t) == 0, "%s %zu: times differ", what, k);
    cr_assert(memcmp(a->x + i0 * a->width, b->x, b->n * b->width * sizeof *b->x) == 0, "%s %zu: values differ", what,
              k);
}

/* b is a's recordings in (from, to]; with `final`, also a's final state. */
static void same_outcome(const outcome *a, double from, const outcome *b, bool final, const char *what)
{
    cr_assert_eq(a->n_spikes, b->n_spikes);
    for (size_t k = 0; k < a->n_spikes; k++)
        same_series(&a->spikes[k], from, b->time, &b->spikes[k], what, k);
    for (size_t k = 0; k < a->n_traces; k++)
        same_series(&a->traces[k], from, b->time, &b->traces[k], what, k);
    if (!final)
        return;
    cr_assert_eq(a->time, b->time, "%s: the time", what);
    cr_assert_eq(a->n_states, b->n_states);
    for (size_t k = 0; k < a->n_states; k++)
        cr_assert(memcmp(a->state[k], b->state[k], a->state_n[k] * sizeof(double)) == 0,
                  "%s: state variable %zu (in population order) differs", what, k);
    cr_assert_eq(a->n_weights, b->n_weights);
    for (size_t k = 0; k < a->n_weights; k++)
        cr_assert(a->weights_n[k] == b->weights_n[k] &&
                      memcmp(a->weights[k], b->weights[k], a->weights_n[k] * sizeof(double)) == 0,
                  "%s: the weights of projection %zu differ", what, k);
}

static size_t total_spikes(const outcome *o, double from, double to)
{
    size_t n = 0;
    for (size_t k = 0; k < o->n_spikes; k++)
        for (size_t j = 0; j < o->spikes[k].n; j++)
            n += o->spikes[k].t[j] > from && o->spikes[k].t[j] <= to;
    return n;
}

/* ------------------------------------------------------------------ */
/* The checks                                                          */
/* ------------------------------------------------------------------ */

static char *temp_file(void)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/axon-state-XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    return path;
}

/* The whole run of family f with `threads`, stopping at T1 for `between`. */
static outcome whole_run(const family *f, int threads)
{
    ax_network *net = f->build(threads);
    record_all(net);
    OK(net, ax_network_run(net, f->T1));
    if (f->between)
        f->between(net);
    OK(net, ax_network_run(net, f->T - f->T1));
    outcome o = collect(net);
    ax_network_free(net);
    return o;
}

/* T1 with `t_save` threads, saved; restored into a new network of
 * `t_restore` threads and run to T: equal to the whole run. */
static void check_split(const family *f, const outcome *whole, int t_save, int t_restore)
{
    char what[160], *path = temp_file();
    snprintf(what, sizeof what, "%s, saved with %d thread(s), restored with %d", f->name, t_save, t_restore);
    ax_network *a = f->build(t_save);
    record_all(a);
    OK(a, ax_network_run(a, f->T1));
    if (f->between)
        f->between(a);
    OK(a, ax_network_save_state(a, path));
    outcome first = collect(a);
    ax_network_free(a);
    same_outcome(whole, -1.0, &first, false, what);

    ax_network *b = f->build(t_restore);
    record_all(b);
    OK(b, ax_network_restore_state(b, path));
    cr_assert(fabs(ax_network_get_time(b) - f->T1) < 1e-9, "%s: restored at %g ms", what, ax_network_get_time(b));
    OK(b, ax_network_run(b, f->T - f->T1));
    outcome second = collect(b);
    same_outcome(whole, f->T1, &second, true, what);
    /* the counts go on from the file's */
    ax_stats sb;
    OK(b, ax_network_get_stats(b, &sb));
    cr_assert_eq(sb.spikes, total_spikes(whole, 0, f->T), "%s: spike count %llu", what, (unsigned long long)sb.spikes);
    outcome_free(&first);
    outcome_free(&second);
    ax_network_free(b);
    unlink(path);
}

static void check_family(const family *f)
{
    outcome whole = whole_run(f, 1), whole2 = whole_run(f, 2);
    same_outcome(&whole, -1.0, &whole2, true, "1 vs 2 threads");
    size_t early = total_spikes(&whole, 0, f->T1), late = total_spikes(&whole, f->T1, f->T);
    cr_log_info("%s: %zu spikes before %g ms, %zu after", f->name, early, f->T1, late);
    cr_assert(early > 20 && late > 20, "%s is active in both halves (%zu, %zu spikes)", f->name, early, late);
    const int pairs[4][2] = {{1, 1}, {2, 2}, {1, 2}, {2, 1}};
    for (int k = 0; k < 4; k++)
        check_split(f, &whole, pairs[k][0], pairs[k][1]);
    outcome_free(&whole);
    outcome_free(&whole2);
}

Test(checkpoint, split_run_equals_whole_run_if_inputs, .timeout = 120) { check_family(&families[0]); }
Test(checkpoint, split_run_equals_whole_run_adex_izhikevich, .timeout = 120) { check_family(&families[1]); }
Test(checkpoint, split_run_equals_whole_run_channel_cells_gaps, .timeout = 120) { check_family(&families[2]); }
Test(checkpoint, split_run_equals_whole_run_receptors_graded, .timeout = 120) { check_family(&families[3]); }
Test(checkpoint, split_run_equals_whole_run_plasticity, .timeout = 240) { check_family(&families[4]); }
Test(checkpoint, split_run_equals_whole_run_plasticity_equations, .timeout = 240) { check_family(&families[5]); }

/* ------------------------------------------------------------------ */
/* Reset                                                               */
/* ------------------------------------------------------------------ */

Test(checkpoint, reset_repeats_the_first_run, .timeout = 240)
{
    for (size_t f = 0; f < sizeof families / sizeof *families; f++)
        for (int threads = 1; threads <= 2; threads++) {
            const family *fam = &families[f];
            char what[160];
            snprintf(what, sizeof what, "%s, %d thread(s), after a reset", fam->name, threads);
            double T = fam->T1 * 2;   /* two uneven pieces the second time */
            ax_network *net = fam->build(threads);
            record_all(net);
            OK(net, ax_network_run(net, T));
            outcome first = collect(net);
            OK(net, ax_network_reset(net));
            cr_assert_eq(ax_network_get_time(net), 0.0);
            ax_stats st;
            OK(net, ax_network_get_stats(net, &st));
            cr_assert(st.spikes == 0 && st.events == 0, "%s: counts cleared", what);
            outcome empty = collect(net);
            cr_assert(empty.spikes[0].n == 0 && empty.traces[0].n == 0, "%s: recordings cleared", what);
            outcome_free(&empty);
            OK(net, ax_network_run(net, fam->T1));
            OK(net, ax_network_run(net, T - fam->T1));
            outcome again = collect(net);
            same_outcome(&first, -1.0, &again, true, what);
            outcome_free(&first);
            outcome_free(&again);
            ax_network_free(net);
        }
}

/* One IF_curr_exp population under a dc input, v from a distribution. */
static ax_network *small(double i_offset)
{
    ax_network *net = new_net(0.1, 5, 1);
    ax_population E;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 20, &E));
    OK(net, ax_population_set_state(net, E, "v", ax_value_uniform(-70.0, -50.0)));
    OK(net, ax_population_set_param(net, E, "i_offset", ax_value_constant(i_offset)));
    ax_connector c = ax_connector_fixed_probability(0.2);
    OK(net, ax_projection_add(net, E, E, &c, "excitatory", ax_value_constant(0.5), ax_value_constant(1.0), NULL));
    record_all(net);
    return net;
}

static outcome run_collect(ax_network *net, double T)
{
    OK(net, ax_network_run(net, T));
    return collect(net);
}

Test(checkpoint, reset_keeps_parameters_and_forgets_state_set_between_runs)
{
    /* a parameter changed between runs stays, as in PyNN */
    ax_network *a = small(0.5), *b = small(0.9);
    outcome oa = run_collect(a, 50.0);
    OK(a, ax_population_set_param(a, 0, "i_offset", ax_value_constant(0.9)));
    OK(a, ax_network_reset(a));
    outcome oa2 = run_collect(a, 50.0), ob = run_collect(b, 50.0);
    same_outcome(&ob, -1.0, &oa2, true, "changed parameter kept by the reset");
    cr_assert(total_spikes(&oa, 0, 50) != total_spikes(&ob, 0, 50), "the parameter matters");
    ax_network_free(a);
    ax_network_free(b);
    outcome_free(&oa), outcome_free(&oa2), outcome_free(&ob);

    /* state set between runs is forgotten; the distribution's draws come back */
    ax_network *c = small(0.9);
    outcome oc = run_collect(c, 30.0);
    OK(c, ax_population_set_state(c, 0, "v", ax_value_constant(-50.0)));
    OK(c, ax_network_reset(c));
    outcome oc2 = run_collect(c, 30.0);
    same_outcome(&oc, -1.0, &oc2, true, "state set between runs forgotten");
    outcome_free(&oc2);

    /* state set at t = 0 after a reset is the new initial value */
    OK(c, ax_network_reset(c));
    OK(c, ax_population_set_state(c, 0, "v", ax_value_constant(-52.0)));
    outcome oc3 = run_collect(c, 30.0);
    ax_network *d = small(0.9);
    OK(d, ax_population_set_state(d, 0, "v", ax_value_constant(-52.0)));
    outcome od = run_collect(d, 30.0);
    same_outcome(&od, -1.0, &oc3, true, "state set after a reset");
    OK(c, ax_network_reset(c));
    outcome oc4 = run_collect(c, 30.0);
    same_outcome(&od, -1.0, &oc4, true, "a second reset returns to the state set after the first");
    ax_network_free(c);
    ax_network_free(d);
    outcome_free(&oc), outcome_free(&oc3), outcome_free(&od), outcome_free(&oc4);
}

Test(checkpoint, reset_after_restore_goes_back_to_the_start)
{
    char *path = temp_file();
    ax_network *a = plasticity(1);
    OK(a, ax_network_run(a, 120.0));
    OK(a, ax_network_save_state(a, path));
    ax_network_free(a);
    ax_network *b = plasticity(2), *fresh = plasticity(1);
    record_all(b);
    record_all(fresh);
    OK(b, ax_network_restore_state(b, path));
    OK(b, ax_network_run(b, 30.0));
    OK(b, ax_network_reset(b));
    outcome ob = run_collect(b, 100.0), of = run_collect(fresh, 100.0);
    same_outcome(&of, -1.0, &ob, true, "reset of a restored network");
    outcome_free(&ob), outcome_free(&of);
    ax_network_free(b);
    ax_network_free(fresh);
    unlink(path);
}

/* ------------------------------------------------------------------ */
/* Bad files                                                           */
/* ------------------------------------------------------------------ */

static unsigned char *slurp_bytes(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc(*n);
    cr_assert_eq(fread(b, 1, *n, f), *n);
    fclose(f);
    return b;
}

static void spit_bytes(const char *path, const unsigned char *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(b, 1, n, f), n);
    fclose(f);
}

/* The restore of `path` into a network of `build` fails with `text`; the
 * network is left as it was: fresh, or having run 40 ms, it then runs on
 * exactly as one that never saw the file. */
static void refused(ax_network *(*build)(int), const char *path, ax_status status, const char *text)
{
    for (int ran = 0; ran < 2; ran++) {
        ax_network *net = build(1), *ref = build(1);
        record_all(net);
        record_all(ref);
        if (ran)
            OK(net, ax_network_run(net, 40.0));
        FAILS(net, ax_network_restore_state(net, path), status, text);
        cr_assert(strstr(ax_network_get_error(net), path) != NULL, "the message names the file: %s",
                  ax_network_get_error(net));
        OK(net, ax_network_run(net, ran ? 60.0 : 100.0));
        outcome a = collect(net), b = run_collect(ref, 100.0);
        same_outcome(&b, -1.0, &a, true, "after a refused restore");
        outcome_free(&a), outcome_free(&b);
        ax_network_free(net);
        ax_network_free(ref);
    }
}

static ax_network *lif_other_size(int threads)
{
    lif_size = 81;
    ax_network *net = lif_inputs(threads);
    lif_size = 80;
    return net;
}

static ax_network *lif_other_name(int threads)
{
    lif_name = "Ex";
    ax_network *net = lif_inputs(threads);
    lif_name = "E";
    return net;
}

static ax_network *lif_other_seed(int threads)
{
    lif_seed = 99;
    ax_network *net = lif_inputs(threads);
    lif_seed = 11;
    return net;
}

/* The plasticity family with another connection probability: the same
 * populations, projections and sizes of everything but the synapses. */
static ax_network *plasticity_other_wiring(int threads)
{
    ax_network *net = new_net(0.1, 15, threads);
    ax_population E;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 50, &E));
    ax_population I, P, R;
    OK(net, ax_population_add(net, "I", "IF_curr_exp", 10, &I));
    OK(net, ax_population_add(net, "P", "SpikeSourcePoisson", 40, &P));
    OK(net, ax_population_add(net, "R", "SpikeSourcePoisson", 5, &R));
    OK(net, ax_population_set_param(net, E, "i_offset", ax_value_constant(0.8)));
    ax_connector c = ax_connector_fixed_probability(0.31);
    OK(net, ax_projection_add(net, P, E, &c, "excitatory", ax_value_constant(0.2), ax_value_constant(1.0), NULL));
    return net;
}

Test(checkpoint, bad_files_are_refused_and_leave_the_network_unchanged, .timeout = 120)
{
    char good[64], bad[64];
    snprintf(good, sizeof good, "%s", temp_file());
    snprintf(bad, sizeof bad, "%s", temp_file());
    ax_network *net = lif_inputs(2);
    FAILS(net, ax_network_save_state(net, good), AX_ERR_STATE, "not built");
    OK(net, ax_network_run(net, 77.7));
    OK(net, ax_network_save_state(net, good));
    cr_assert(access(good, F_OK) == 0);
    char partial[80];
    snprintf(partial, sizeof partial, "%s.partial", good);
    cr_assert(access(partial, F_OK) != 0, "no temporary file stays");
    FAILS(net, ax_network_save_state(net, "/nonexistent-dir/x.state"), AX_ERR_IO, "cannot create");
    ax_network_free(net);
    size_t n;
    unsigned char *b = slurp_bytes(good, &n);
    cr_log_info("checkpoint of %zu bytes", n);

    /* each variant, then the good file to make sure the test could pass */
    spit_bytes(bad, b, n - 10);
    refused(lif_inputs, bad, AX_ERR_ARGUMENT, "truncated");
    spit_bytes(bad, b, 20);
    refused(lif_inputs, bad, AX_ERR_ARGUMENT, "truncated");
    size_t at[] = {40, n / 2, n - 1};
    for (int k = 0; k < 3; k++) {
        b[at[k]] ^= 0x10;
        spit_bytes(bad, b, n);
        refused(lif_inputs, bad, AX_ERR_ARGUMENT, "corrupted: the checksum");
        b[at[k]] ^= 0x10;
    }
    b[0] = 'X';
    spit_bytes(bad, b, n);
    refused(lif_inputs, bad, AX_ERR_ARGUMENT, "not an axon checkpoint");
    b[0] = 'A';
    b[8] = 2;
    spit_bytes(bad, b, n);
    refused(lif_inputs, bad, AX_ERR_ARGUMENT, "format version 2");
    b[8] = 1;
    spit_bytes(bad, b, n);
    refused(lif_other_size, bad, AX_ERR_ARGUMENT,
            "population 0 is 'E' (IF_curr_exp, 80 neurons) in the file, 'E' (IF_curr_exp, 81 neurons) in this network");
    refused(lif_other_name, bad, AX_ERR_ARGUMENT, "population 0 is 'E' (IF_curr_exp, 80 neurons) in the file, 'Ex'");
    refused(lif_other_seed, bad, AX_ERR_ARGUMENT, "the seed is 11 in the file, 99 in this network");
    refused(plasticity, bad, AX_ERR_ARGUMENT, "the seed is 11 in the file, 15 in this network");
    refused(lif_inputs, "/nonexistent-dir/x.state", AX_ERR_IO, "cannot open");
    free(b);

    /* the same populations, other synapses */
    ax_network *p = plasticity(1);
    OK(p, ax_network_run(p, 20.0));
    OK(p, ax_network_save_state(p, good));
    ax_network_free(p);
    refused(plasticity_other_wiring, good, AX_ERR_ARGUMENT, "the file has 7 projections, this network 1");

    /* the good file restores */
    ax_network *ok = plasticity(2);
    OK(ok, ax_network_restore_state(ok, good));
    cr_assert(fabs(ax_network_get_time(ok) - 20.0) < 1e-9);
    ax_network_free(ok);
    unlink(good);
    unlink(bad);
}

/* Same populations and projection count, other wiring: the hash tells. */
static ax_network *adex_other_delays(int threads)
{
    ax_network *net = new_net(0.1, 12, threads);
    ax_population X, Z, P;
    OK(net, ax_population_add(net, "X", "EIF_cond_exp_isfa_ista", 20, &X));
    OK(net, ax_population_add(net, "Z", "Izhikevich", 20, &Z));
    OK(net, ax_population_add(net, "P", "SpikeSourcePoisson", 20, &P));
    OK(net, ax_population_set_param(net, P, "rate", ax_value_constant(30.0)));
    ax_connector c = ax_connector_fixed_probability(0.4);
    OK(net, ax_projection_add(net, P, X, &c, "excitatory", ax_value_constant(0.01), ax_value_constant(1.0), NULL));
    OK(net, ax_projection_add(net, P, Z, &c, "excitatory", ax_value_constant(3.0), ax_value_uniform(0.5, 2.5), NULL));
    OK(net, ax_projection_add(net, X, Z, &c, "excitatory", ax_value_constant(2.5), ax_value_constant(1.2), NULL));
    OK(net, ax_projection_add(net, Z, X, &c, "inhibitory", ax_value_constant(0.01), ax_value_constant(0.7), NULL));
    return net;
}

Test(checkpoint, other_connectivity_is_named)
{
    char *path = temp_file();
    ax_network *a = adex_izhikevich(1);
    OK(a, ax_network_run(a, 30.0));
    OK(a, ax_network_save_state(a, path));
    ax_network_free(a);
    refused(adex_other_delays, path, AX_ERR_ARGUMENT, "projection 2 ('X' -> 'Z'): the synapses differ");
    unlink(path);
}

/* The checksum of a file's contents, as the header holds it (bytes 24 to
 * 31, little-endian): FNV-1a 64. */
static void seal(unsigned char *b, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t k = 32; k < n; k++)
        h = (h ^ b[k]) * 0x100000001b3ull;
    for (int k = 0; k < 8; k++)
        b[24 + k] = (unsigned char)(h >> (8 * k));
}

/* Contents changed behind the checksum's back (a file written by a
 * future version, a bug, a deliberate edit) are read without a crash:
 * refused with a message, or taken. */
Test(checkpoint, altered_contents_with_a_valid_checksum_do_not_crash, .timeout = 120)
{
    char good[64], bad[64];
    snprintf(good, sizeof good, "%s", temp_file());
    snprintf(bad, sizeof bad, "%s", temp_file());
    ax_network *net = plasticity(2);
    OK(net, ax_network_run(net, 30.0));
    OK(net, ax_network_save_state(net, good));
    ax_network_free(net);
    size_t n;
    unsigned char *b = slurp_bytes(good, &n);
    int refusals = 0, tries = 0;
    for (size_t at = 32; at < n; at += 1 + n / 150) {
        for (int flip = 0; flip < 2; flip++) {
            unsigned char keep = b[at];
            b[at] = flip ? 0xff : (unsigned char)(keep ^ 0x80);
            seal(b, n);
            spit_bytes(bad, b, n);
            b[at] = keep;
            ax_network *x = plasticity(1 + flip);
            ax_status st = ax_network_restore_state(x, bad);
            tries++;
            if (st != AX_OK) {
                refusals++;
                cr_assert(strstr(ax_network_get_error(x), bad) != NULL, "%s", ax_network_get_error(x));
            }
            ax_network_free(x);
        }
    }
    cr_log_info("%d of %d altered files refused", refusals, tries);
    cr_assert(refusals > 0);
    free(b);
    unlink(good);
    unlink(bad);
}

/* A model file's [[schedule]] after a reset starts again from the file's
 * learning settings: its run repeats the first. */
Test(checkpoint, model_file_schedule_after_a_reset)
{
    static const char *text =
        "[simulation]\nduration = 400.0\nseed = 4\n"
        "[modulators.da]\ntau = 200.0\n"
        "[populations.P]\nmodel = \"SpikeSourcePoisson\"\nsize = 30\nparams = { rate = 20.0 }\n"
        "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 20\nparams = { i_offset = { uniform = [0.5, 1.0] } }\n"
        "[[projections]]\nname = \"ff\"\nfrom = \"P\"\nto = \"E\"\nconnector = { fixed_probability = 0.5 }\n"
        "weight = 0.3\ndelay = 1.0\nsynapse = { stdp = { timing = \"spike_pair\", A_plus = 0.02 } }\n"
        "[[projections]]\nname = \"rw\"\nfrom = \"P\"\nto = \"E\"\nconnector = { fixed_probability = 0.5 }\n"
        "weight = 0.2\ndelay = 1.5\n"
        "synapse = { stdp = { timing = \"spike_pair\", reward = \"da\", A_plus = 0.5, A_minus = 0.6 } }\n"
        "[[schedule]]\nat = 0.0\nmodulator = \"da\"\nadd = 0.2\n"
        "[[schedule]]\nat = 100.0\nprojection = \"ff\"\nplasticity = false\n"
        "[[schedule]]\nat = 250.0\nprojection = \"ff\"\nplasticity = true\nlearning_rate = 0.5\n"
        "[[schedule]]\nat = 300.0\nmodulator = \"da\"\nadd = 0.4\n"
        "[[schedule]]\nat = 350.0\nprojection = \"rw\"\nplasticity = false\n";
    ax_error err;
    ax_modelfile *m = ax_modelfile_load_string(text, "m.toml", ".", NULL, 0, &err);
    cr_assert_not_null(m, "%s", err.message);
    ax_network *net = ax_modelfile_get_network(m);
    record_all(net);
    OK(net, ax_modelfile_run(m, 400.0));
    outcome first = collect(net);
    OK(net, ax_network_reset(net));
    OK(net, ax_modelfile_run(m, 170.0));
    OK(net, ax_modelfile_run(m, 230.0));
    outcome again = collect(net);
    same_outcome(&first, -1.0, &again, true, "the model file's run after a reset");
    outcome_free(&first);
    outcome_free(&again);
    ax_modelfile_free(m);
}
