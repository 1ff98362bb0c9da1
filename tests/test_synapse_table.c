/*
 * test_synapse_table.c - what the Python package's arrays rest on:
 * synapse tables read in place (ax_projection_get_table), arrays a caller
 * takes and keeps (ax_recorder_take, ax_projection_take_table), and
 * weights and delays changed after the build (ax_projection_set_weights,
 * ax_projection_set_delays).
 *
 * Tables are compared with ax_projection_get_synapses and across thread
 * counts; taken arrays with copies made before the take and with a
 * network that ran without takes; changed weights and delays with a
 * network built with them from the start (from_list connectors, whose
 * synapse order is known), spike train for spike train.
 */
#include <unistd.h>

#include "helpers.h"

/* ---- a network with every kind of recorder ---- */

typedef struct net_parts {
    ax_network *net;
    ax_population in, E;
    ax_projection ff, rec, plast;
    ax_recorder spikes, v_first, v_list, weights, hist;
} net_parts;

/* Poisson sources driving E through static synapses (drawn weights and
 * delays), E -> E recurrent (one weight), and a plastic projection in -> E
 * recorded by weight recorders. */
static net_parts make_net(int threads, uint32_t n_e)
{
    net_parts m;
    ax_network *net = m.net = new_net(0.1, 42, threads);
    OK(net, ax_population_add(net, "in", "SpikeSourcePoisson", 40, &m.in));
    OK(net, ax_population_set_param(net, m.in, "rate", ax_value_constant(40.0)));
    OK(net, ax_population_add(net, "E", "IF_curr_exp", n_e, &m.E));
    OK(net, ax_population_set_state(net, m.E, "v", ax_value_uniform(-65.0, -55.0)));
    ax_connector p = ax_connector_fixed_probability(0.5);
    OK(net, ax_projection_add(net, m.in, m.E, &p, "excitatory", ax_value_uniform(0.5, 1.5), ax_value_uniform(0.5, 3.0),
                              &m.ff));
    ax_connector r = ax_connector_fixed_indegree(5);
    OK(net, ax_projection_add(net, m.E, m.E, &r, "inhibitory", ax_value_constant(-0.3), ax_value_constant(1.0), &m.rec));
    ax_plasticity rule = ax_plasticity_defaults();
    rule.w_max = 2.0;
    rule.A_plus = 0.05;
    rule.A_minus = 0.04;
    ax_connector a = ax_connector_fixed_probability(0.3);
    OK(net, ax_projection_add_plastic(net, m.in, m.E, &a, "excitatory", ax_value_uniform(0.2, 1.0),
                                      ax_value_constant(1.5), &rule, &m.plast));
    OK(net, ax_recorder_add_spikes(net, m.E, AX_ALL_NEURONS, &m.spikes));
    OK(net, ax_recorder_add_state(net, m.E, "v", ax_neurons_first(5), 0.5, &m.v_first));
    uint32_t list[] = {1, 4, 7};
    OK(net, ax_recorder_add_state(net, m.E, "isyn_exc", ax_neurons_list(list, 3), 1.0, &m.v_list));
    ax_weight_spec ws = {.interval_ms = 5.0, .synapses = ax_synapses_first(20)};
    OK(net, ax_recorder_add_weights(net, m.plast, &ws, &m.weights));
    ax_weight_spec hs = {.interval_ms = 10.0, .bins = 8};
    OK(net, ax_recorder_add_weights(net, m.plast, &hs, &m.hist));
    return m;
}

/* What a get call of recorder rec returns: up to three arrays and their
 * sizes in bytes. */
typedef struct got {
    const void *a[3];
    size_t bytes[3];
    size_t n;
} got;

static got get_arrays(ax_network *net, ax_recorder rec)
{
    ax_recorder_info info;
    OK(net, ax_recorder_get_info(net, rec, &info));
    got g = {{NULL}, {0}, 3};
    size_t n = 0, m = 0;
    switch (info.kind) {
    case AX_RECORDER_SPIKES: {
        const double *t;
        const uint32_t *i;
        OK(net, ax_recorder_get_spikes(net, rec, &n, &t, &i));
        g = (got){{t, i}, {n * sizeof *t, n * sizeof *i}, 2};
        break;
    }
    case AX_RECORDER_SIGNAL:   /* a trace of one column */
    case AX_RECORDER_STATE: {
        const double *t, *v;
        const uint32_t *i;
        OK(net, ax_recorder_get_trace(net, rec, &n, &m, &t, &v, &i));
        g = (got){{t, v, i}, {n * sizeof *t, n * m * sizeof *v, m * sizeof *i}, 3};
        break;
    }
    case AX_RECORDER_WEIGHTS: {
        const double *t, *v;
        const uint64_t *s;
        OK(net, ax_recorder_get_weights(net, rec, &n, &m, &t, &v, &s));
        g = (got){{t, v, s}, {n * sizeof *t, n * m * sizeof *v, m * sizeof *s}, 3};
        break;
    }
    case AX_RECORDER_WEIGHT_HISTOGRAM: {
        const double *t, *e;
        const uint64_t *c;
        OK(net, ax_recorder_get_weight_histogram(net, rec, &n, &m, &t, &c, &e));
        g = (got){{t, c, e}, {n * sizeof *t, n * m * sizeof *c, (m + 1) * sizeof *e}, 3};
        break;
    }
    }
    return g;
}

/* A copy of what the arrays of g hold. */
static void *copy_of(const got *g, size_t k)
{
    void *c = malloc(g->bytes[k] ? g->bytes[k] : 1);
    cr_assert_not_null(c);
    if (g->bytes[k])
        memcpy(c, g->a[k], g->bytes[k]);
    return c;
}

/* The first `prefix` bytes of b hold a's `prefix` bytes. */
static bool starts_with(const void *b, size_t b_bytes, const void *a, size_t prefix)
{
    return b_bytes >= prefix && (prefix == 0 || memcmp(a, b, prefix) == 0);
}

/* A recorder's arrays, after the same runs, hold the same data as the
 * reference network's (which never took anything). */
static void same_recording(ax_network *a, ax_network *b, ax_recorder rec, const char *when)
{
    got x = get_arrays(a, rec), y = get_arrays(b, rec);
    for (size_t k = 0; k < x.n; k++) {
        cr_assert_eq(x.bytes[k], y.bytes[k], "recorder %u, array %zu %s: %zu bytes, %zu without takes", rec, k, when,
                     x.bytes[k], y.bytes[k]);
        cr_assert(x.bytes[k] == 0 || memcmp(x.a[k], y.a[k], x.bytes[k]) == 0,
                  "recorder %u, array %zu %s differs from the run without takes", rec, k, when);
    }
}

Test(take, taken_arrays_stay_and_recorders_record_on, .timeout = 60)
{
    net_parts m = make_net(2, 60), ref = make_net(2, 60);
    ax_recorder recs[] = {m.spikes, m.v_first, m.v_list, m.weights, m.hist};
    const size_t R = sizeof recs / sizeof *recs;
    OK(m.net, ax_network_run(m.net, 50.0));
    OK(ref.net, ax_network_run(ref.net, 50.0));
    ax_kept kept[5];
    void *before[5][3];
    got old[5];
    for (size_t r = 0; r < R; r++) {
        old[r] = get_arrays(m.net, recs[r]);
        for (size_t k = 0; k < old[r].n; k++)
            before[r][k] = copy_of(&old[r], k);
        OK(m.net, ax_recorder_take(m.net, recs[r], &kept[r]));
        /* the blocks are exactly the (distinct, non-NULL) arrays the get returned */
        cr_assert_eq(kept[r].n, old[r].n, "recorder %u: %u blocks for %zu arrays", recs[r], kept[r].n, old[r].n);
        for (size_t k = 0; k < old[r].n; k++) {
            cr_assert_eq(kept[r].blocks[k], old[r].a[k], "recorder %u: block %zu is not the array the get returned",
                         recs[r], k);
            for (size_t j = 0; j < k; j++)
                cr_assert_neq(kept[r].blocks[j], kept[r].blocks[k]);
        }
        /* a get right after: the same contents, at other addresses */
        got now = get_arrays(m.net, recs[r]);
        for (size_t k = 0; k < now.n; k++) {
            cr_assert_eq(now.bytes[k], old[r].bytes[k]);
            cr_assert_neq(now.a[k], old[r].a[k], "recorder %u, array %zu: the network kept the taken block",
                          recs[r], k);
            cr_assert(starts_with(now.a[k], now.bytes[k], before[r][k], old[r].bytes[k]));
        }
    }
    cr_assert_gt(old[0].bytes[0], 0, "the network did not spike: the test would prove nothing");
    /* running on: the recorders record on, the taken blocks stay as they were */
    OK(m.net, ax_network_run(m.net, 50.0));
    OK(ref.net, ax_network_run(ref.net, 50.0));
    for (size_t r = 0; r < R; r++) {
        got now = get_arrays(m.net, recs[r]);
        for (size_t k = 0; k < old[r].n; k++) {
            cr_assert(starts_with(kept[r].blocks[k], old[r].bytes[k], before[r][k], old[r].bytes[k]),
                      "recorder %u: taken block %zu changed in the run", recs[r], k);
            cr_assert(starts_with(now.a[k], now.bytes[k], before[r][k], old[r].bytes[k]),
                      "recorder %u, array %zu: the run lost what was recorded before the take", recs[r], k);
        }
        cr_assert_gt(now.bytes[0], old[r].bytes[0], "recorder %u recorded nothing after the take", recs[r]);
        same_recording(m.net, ref.net, recs[r], "after the take and the run");
    }
    /* a second take hands over the copies; the blocks outlive the network */
    ax_kept again;
    OK(m.net, ax_recorder_take(m.net, m.spikes, &again));
    cr_assert_eq(again.n, 2);
    ax_network_free(m.net);
    ax_network_free(ref.net);
    for (size_t r = 0; r < R; r++) {
        for (size_t k = 0; k < old[r].n; k++) {
            cr_assert(starts_with(kept[r].blocks[k], old[r].bytes[k], before[r][k], old[r].bytes[k]),
                      "recorder %u: taken block %zu changed when the network was freed", recs[r], k);
            free(before[r][k]);
        }
        for (uint32_t k = 0; k < kept[r].n; k++)
            ax_array_free(kept[r].blocks[k]);
    }
    for (uint32_t k = 0; k < again.n; k++)
        ax_array_free(again.blocks[k]);
    ax_array_free(NULL);
}

Test(take, nothing_to_take_before_a_recording_and_after_a_reset)
{
    net_parts m = make_net(1, 20);
    ax_kept kept;
    OK(m.net, ax_recorder_take(m.net, m.spikes, &kept));
    cr_assert_eq(kept.n, 0, "a recorder with nothing recorded handed out %u blocks", kept.n);
    OK(m.net, ax_network_run(m.net, 30.0));
    /* after a reset the recording is empty; what was taken before stays */
    size_t n;
    const double *t;
    OK(m.net, ax_recorder_get_spikes(m.net, m.spikes, &n, &t, NULL));
    cr_assert_gt(n, 0);
    double first = t[0];
    OK(m.net, ax_recorder_take(m.net, m.spikes, &kept));
    cr_assert_eq(kept.n, 2);
    OK(m.net, ax_network_reset(m.net));
    OK(m.net, ax_network_run(m.net, 30.0));
    size_t n2;
    const double *t2;
    OK(m.net, ax_recorder_get_spikes(m.net, m.spikes, &n2, &t2, NULL));
    cr_assert_eq(n2, n, "a run after the reset repeats the first: %zu spikes, then %zu", n, n2);
    cr_assert_eq(((double *)kept.blocks[0])[0], first);
    ax_network_free(m.net);
    for (uint32_t k = 0; k < kept.n; k++)
        ax_array_free(kept.blocks[k]);
}

/* ---- synapse tables ---- */

/* The table of proj equals ax_projection_get_synapses (delays of gap
 * junctions and graded release are 0 in the table). */
static void table_matches_get_synapses(ax_network *net, ax_projection proj, bool delays_zero)
{
    ax_synapse_table t;
    OK(net, ax_projection_get_table(net, proj, &t));
    uint64_t n = ax_projection_get_size(net, proj);
    cr_assert_eq(t.n, n);
    size_t m = n ? (size_t)n : 1;
    uint32_t *s = malloc(m * sizeof *s), *g = malloc(m * sizeof *g);
    double *w = malloc(m * sizeof *w), *d = malloc(m * sizeof *d);
    OK(net, ax_projection_get_synapses(net, proj, s, g, w, d));
    for (uint64_t k = 0; k < n; k++) {
        cr_assert_eq(t.sources[k], s[k], "projection %u, synapse %llu: source", proj, (unsigned long long)k);
        cr_assert_eq(t.targets[k], g[k], "projection %u, synapse %llu: target", proj, (unsigned long long)k);
        cr_assert_eq(t.weights[k], w[k], "projection %u, synapse %llu: weight %g, get_synapses %g", proj,
                     (unsigned long long)k, t.weights[k], w[k]);
        cr_assert_eq(t.delays[k], delays_zero ? 0.0 : d[k], "projection %u, synapse %llu: delay", proj,
                     (unsigned long long)k);
    }
    free(s);
    free(g);
    free(w);
    free(d);
}

static bool same_table(const ax_synapse_table *a, const ax_synapse_table *b)
{
    return a->n == b->n && !memcmp(a->sources, b->sources, a->n * sizeof *a->sources) &&
           !memcmp(a->targets, b->targets, a->n * sizeof *a->targets) &&
           !memcmp(a->weights, b->weights, a->n * sizeof *a->weights) &&
           !memcmp(a->delays, b->delays, a->n * sizeof *a->delays);
}

Test(table, equals_get_synapses_for_any_thread_count, .timeout = 60)
{
    /* 200 targets: tens of thousands of synapses, gathered by both threads */
    net_parts one = make_net(1, 200), two = make_net(2, 200);
    ax_projection projs[] = {one.ff, one.rec, one.plast};
    OK(one.net, ax_network_run(one.net, 40.0));
    OK(two.net, ax_network_run(two.net, 40.0));
    cr_assert_gt(ax_projection_get_size(one.net, one.ff), 4000);
    for (size_t q = 0; q < 3; q++) {
        table_matches_get_synapses(one.net, projs[q], false);
        table_matches_get_synapses(two.net, projs[q], false);
        ax_synapse_table a, b;
        OK(one.net, ax_projection_get_table(one.net, projs[q], &a));
        OK(two.net, ax_projection_get_table(two.net, projs[q], &b));
        cr_assert(same_table(&a, &b), "projection %u: the tables of 1 and 2 threads differ", projs[q]);
    }
    ax_network_free(one.net);
    ax_network_free(two.net);
}

Test(table, is_gathered_once_and_again_after_what_changes_it, .timeout = 60)
{
    net_parts m = make_net(2, 50);
    ax_synapse_table t;
    FAILS(m.net, ax_projection_get_table(m.net, m.ff, &t), AX_ERR_STATE, "not built");
    OK(m.net, ax_network_build(m.net));
    ax_synapse_table s1, s2, p1, p2;
    OK(m.net, ax_projection_get_table(m.net, m.ff, &s1));
    OK(m.net, ax_projection_get_table(m.net, m.ff, &s2));
    cr_assert_eq(s1.weights, s2.weights, "a second call gathered again");
    OK(m.net, ax_projection_get_table(m.net, m.plast, &p1));
    double *w0 = malloc(p1.n * sizeof *w0);
    memcpy(w0, p1.weights, p1.n * sizeof *w0);
    OK(m.net, ax_network_run(m.net, 200.0));
    /* a static table stays; a plastic one is gathered again, with the weights learnt */
    OK(m.net, ax_projection_get_table(m.net, m.ff, &s2));
    cr_assert_eq(s1.weights, s2.weights);
    ax_kept kept;
    OK(m.net, ax_projection_take_table(m.net, m.plast, &kept));
    cr_assert_eq(kept.n, 0, "the plastic table was not dropped by the run");
    OK(m.net, ax_projection_get_table(m.net, m.plast, &p2));
    table_matches_get_synapses(m.net, m.plast, false);
    size_t changed = 0;
    for (uint64_t k = 0; k < p2.n; k++)
        changed += p2.weights[k] != w0[k];
    cr_assert_gt(changed, 0, "no weight learnt: the test would prove nothing");
    /* a reset: back to the built weights */
    OK(m.net, ax_network_reset(m.net));
    OK(m.net, ax_projection_get_table(m.net, m.plast, &p2));
    cr_assert(!memcmp(p2.weights, w0, p2.n * sizeof *w0), "the table after a reset lacks the initial weights");
    table_matches_get_synapses(m.net, m.plast, false);
    /* a restore: the saved weights */
    OK(m.net, ax_network_run(m.net, 100.0));
    char path[] = "/tmp/axon-table-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    OK(m.net, ax_network_save_state(m.net, path));
    OK(m.net, ax_projection_get_table(m.net, m.plast, &p1));
    double *saved = malloc(p1.n * sizeof *saved);
    memcpy(saved, p1.weights, p1.n * sizeof *saved);
    OK(m.net, ax_network_run(m.net, 100.0));
    OK(m.net, ax_projection_get_table(m.net, m.plast, &p2));
    OK(m.net, ax_network_restore_state(m.net, path));
    OK(m.net, ax_projection_get_table(m.net, m.plast, &p2));
    cr_assert(!memcmp(p2.weights, saved, p2.n * sizeof *saved), "the table after a restore lacks the saved weights");
    remove(path);
    free(saved);
    free(w0);
    ax_network_free(m.net);
}

Test(table, taken_tables_stay_after_the_network_goes)
{
    net_parts m = make_net(2, 30);
    OK(m.net, ax_network_run(m.net, 20.0));
    ax_synapse_table t, u;
    OK(m.net, ax_projection_get_table(m.net, m.plast, &t));
    ax_synapse_table copy = t;
    uint32_t *s = malloc(t.n * 4), *g = malloc(t.n * 4);
    double *w = malloc(t.n * 8), *d = malloc(t.n * 8);
    memcpy(s, t.sources, t.n * 4);
    memcpy(g, t.targets, t.n * 4);
    memcpy(w, t.weights, t.n * 8);
    memcpy(d, t.delays, t.n * 8);
    copy.sources = s, copy.targets = g, copy.weights = w, copy.delays = d;
    ax_kept kept;
    OK(m.net, ax_projection_take_table(m.net, m.plast, &kept));
    cr_assert_eq(kept.n, 4);
    const void *arrays[] = {t.sources, t.targets, t.weights, t.delays};
    for (int k = 0; k < 4; k++)
        cr_assert_eq(kept.blocks[k], arrays[k], "block %d is not the array the get returned", k);
    OK(m.net, ax_projection_get_table(m.net, m.plast, &u));
    cr_assert(same_table(&u, &copy), "the table gathered after the take differs");
    cr_assert_neq(u.weights, t.weights);
    OK(m.net, ax_network_run(m.net, 50.0));
    ax_network_free(m.net);
    cr_assert(same_table(&t, &copy), "a taken table changed");
    for (uint32_t k = 0; k < kept.n; k++)
        ax_array_free(kept.blocks[k]);
    free(s);
    free(g);
    free(w);
    free(d);
}

Test(table, gap_junctions_and_graded_release_have_no_delays)
{
    ax_network *net = new_net(0.1, 5, 2);
    ax_population a, b;
    OK(net, ax_population_add(net, "a", "IF_curr_exp", 6, &a));
    const char *receptors[] = {"AMPA"};
    OK(net, ax_model_define_with_receptors(net, "R", "IF_cond_exp", receptors, 1));
    OK(net, ax_population_add(net, "b", "R", 5, &b));
    ax_connector p = ax_connector_fixed_probability(0.5);
    ax_projection gap, graded;
    OK(net, ax_projection_add_gap(net, a, a, &p, ax_value_uniform(0.001, 0.01), &gap));
    ax_connector all = ax_connector_all_to_all();
    OK(net, ax_projection_add_graded(net, a, b, &all, "AMPA", ax_value_uniform(0.1, 0.5), 2.0, 5.0, &graded));
    OK(net, ax_network_run(net, 5.0));
    table_matches_get_synapses(net, gap, true);
    table_matches_get_synapses(net, graded, true);
    ax_network_free(net);
}

/* ---- weights and delays changed after the build ---- */

/* Distinct pairs in -> E in a shuffled order (a from_list connector), with
 * a weight and a delay for each, in list order. */
typedef struct pair_list {
    uint32_t *src, *tgt;
    double *w, *d;
    size_t n;
} pair_list;

enum { N_IN = 60, N_E = 40 };

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

/* Pairs with probability 1/3; weights in [w_lo, w_hi]; delays whole
 * multiples of 0.1 ms in [1, 6] ms, 1 ms among them (the window). */
static pair_list make_pairs(uint64_t seed, double w_lo, double w_hi)
{
    pair_list l = {0};
    l.src = malloc(N_IN * N_E * sizeof *l.src);
    l.tgt = malloc(N_IN * N_E * sizeof *l.tgt);
    l.w = malloc(N_IN * N_E * sizeof *l.w);
    l.d = malloc(N_IN * N_E * sizeof *l.d);
    for (uint32_t i = 0; i < N_IN; i++)
        for (uint32_t j = 0; j < N_E; j++)
            if (lcg(&seed) % 3 == 0) {
                l.src[l.n] = i;
                l.tgt[l.n] = j;
                l.w[l.n] = w_lo + (w_hi - w_lo) * (double)(lcg(&seed) % 1000) / 999.0;
                l.d[l.n] = l.n == 0 ? 1.0 : (double)(10 + lcg(&seed) % 51) / 10.0;
                l.n++;
            }
    for (size_t k = l.n - 1; k > 0; k--) {   /* shuffled: the list order is not the synapse order */
        size_t j = lcg(&seed) % (k + 1);
        uint32_t s = l.src[k], t = l.tgt[k];
        double w = l.w[k], d = l.d[k];
        l.src[k] = l.src[j], l.tgt[k] = l.tgt[j], l.w[k] = l.w[j], l.d[k] = l.d[j];
        l.src[j] = s, l.tgt[j] = t, l.w[j] = w, l.d[j] = d;
    }
    return l;
}

static void pairs_free(pair_list *l)
{
    free(l->src);
    free(l->tgt);
    free(l->w);
    free(l->d);
}

typedef struct listed_net {
    ax_network *net;
    ax_projection proj;
    ax_recorder spikes;
} listed_net;

/* Poisson sources -> E through the list (static or plastic), weights and
 * delays as given; E's spikes recorded. */
static listed_net make_listed(int threads, const pair_list *l, bool plastic, ax_value w, ax_value d)
{
    listed_net m;
    ax_network *net = m.net = new_net(0.1, 9, threads);
    ax_population in, E;
    OK(net, ax_population_add(net, "in", "SpikeSourcePoisson", N_IN, &in));
    OK(net, ax_population_set_param(net, in, "rate", ax_value_constant(30.0)));
    OK(net, ax_population_add(net, "E", "IF_curr_exp", N_E, &E));
    ax_connector c = ax_connector_from_list(l->src, l->tgt, l->n);
    if (plastic) {
        ax_plasticity rule = ax_plasticity_defaults();
        rule.w_max = 3.0;
        rule.A_plus = 0.05;
        rule.A_minus = 0.06;
        OK(net, ax_projection_add_plastic(net, in, E, &c, "excitatory", w, d, &rule, &m.proj));
    } else {
        OK(net, ax_projection_add(net, in, E, &c, "excitatory", w, d, &m.proj));
    }
    OK(net, ax_recorder_add_spikes(net, E, AX_ALL_NEURONS, &m.spikes));
    return m;
}

/* values[k] of the list, in the order of ax_projection_get_synapses. */
static double *in_synapse_order(ax_network *net, ax_projection proj, const pair_list *l, const double *values)
{
    int64_t *index = malloc(N_IN * N_E * sizeof *index);
    for (size_t k = 0; k < N_IN * N_E; k++)
        index[k] = -1;
    for (size_t k = 0; k < l->n; k++)
        index[l->src[k] * N_E + l->tgt[k]] = (int64_t)k;
    ax_synapse_table t;
    OK(net, ax_projection_get_table(net, proj, &t));
    cr_assert_eq(t.n, l->n);
    double *out = malloc(t.n * sizeof *out);
    for (uint64_t q = 0; q < t.n; q++) {
        int64_t k = index[t.sources[q] * N_E + t.targets[q]];
        cr_assert_geq(k, 0);
        out[q] = values[k];
    }
    free(index);
    return out;
}

static void same_spikes(ax_network *a, ax_recorder ra, ax_network *b, ax_recorder rb, const char *what)
{
    size_t n, m;
    const double *t, *u;
    const uint32_t *i, *j;
    OK(a, ax_recorder_get_spikes(a, ra, &n, &t, &i));
    OK(b, ax_recorder_get_spikes(b, rb, &m, &u, &j));
    cr_assert_gt(n, 20, "%s: %zu spikes: the comparison would prove little", what, n);
    cr_assert_eq(n, m, "%s: %zu spikes, %zu in the network built with the values", what, n, m);
    cr_assert(!memcmp(t, u, n * sizeof *t) && !memcmp(i, j, n * sizeof *i),
              "%s: the spike trains differ from the network built with the values", what);
}

static void same_synapses(ax_network *a, ax_projection pa, ax_network *b, ax_projection pb, const char *what)
{
    ax_synapse_table x, y;
    OK(a, ax_projection_get_table(a, pa, &x));
    OK(b, ax_projection_get_table(b, pb, &y));
    cr_assert(same_table(&x, &y), "%s: the synapses differ from the network built with the values", what);
}

/* A network built with one set of weights and delays, changed after the
 * build to another, runs as one built with the other. */
static void changed_equals_built(bool plastic, bool one_value, int threads)
{
    char what[96];
    snprintf(what, sizeof what, "%s, %s, %d thread%s", plastic ? "plastic" : "static",
             one_value ? "one value" : "per synapse", threads, threads > 1 ? "s" : "");
    pair_list l = make_pairs(17, 0.5, 2.5);
    /* one value: built per synapse, set to one; per synapse: the other way round */
    ax_value w_built = one_value ? ax_value_array(l.w, l.n) : ax_value_constant(0.8);
    ax_value d_built = one_value ? ax_value_array(l.d, l.n) : ax_value_constant(1.0);
    ax_value w_new = one_value ? ax_value_constant(1.7) : ax_value_array(l.w, l.n);
    ax_value d_new = one_value ? ax_value_constant(2.5) : ax_value_array(l.d, l.n);
    listed_net a = make_listed(threads, &l, plastic, w_built, d_built);
    listed_net b = make_listed(threads, &l, plastic, w_new, d_new);
    OK(a.net, ax_network_build(a.net));
    if (one_value) {
        OK(a.net, ax_projection_set_weights(a.net, a.proj, &w_new.a, 1));
        OK(a.net, ax_projection_set_delays(a.net, a.proj, &d_new.a, 1));
    } else {
        double *w = in_synapse_order(a.net, a.proj, &l, l.w), *d = in_synapse_order(a.net, a.proj, &l, l.d);
        OK(a.net, ax_projection_set_weights(a.net, a.proj, w, l.n));
        OK(a.net, ax_projection_set_delays(a.net, a.proj, d, l.n));
        free(w);
        free(d);
    }
    OK(b.net, ax_network_build(b.net));
    same_synapses(a.net, a.proj, b.net, b.proj, what);
    ax_stats sa, sb;
    OK(a.net, ax_network_get_stats(a.net, &sa));
    OK(b.net, ax_network_get_stats(b.net, &sb));
    cr_assert_eq(sa.min_delay_steps, sb.min_delay_steps, "%s: the windows differ", what);
    OK(a.net, ax_network_run(a.net, 300.0));
    OK(b.net, ax_network_run(b.net, 300.0));
    same_spikes(a.net, a.spikes, b.net, b.spikes, what);
    same_synapses(a.net, a.proj, b.net, b.proj, what);   /* plastic: the weights learnt alike */
    /* stored alike: the same forms of weights and delays, the same plastic state (stepped post traces) */
    OK(a.net, ax_network_get_stats(a.net, &sa));
    OK(b.net, ax_network_get_stats(b.net, &sb));
    cr_assert_eq(sa.synapse_bytes, sb.synapse_bytes, "%s: synapses stored in %llu bytes, %llu when built so", what,
                 (unsigned long long)sa.synapse_bytes, (unsigned long long)sb.synapse_bytes);
    cr_assert_eq(sa.plastic_bytes, sb.plastic_bytes, "%s: plastic state of %llu bytes, %llu when built so", what,
                 (unsigned long long)sa.plastic_bytes, (unsigned long long)sb.plastic_bytes);
    /* a reset keeps what was set: the run repeats */
    OK(a.net, ax_network_reset(a.net));
    OK(b.net, ax_network_reset(b.net));
    same_synapses(a.net, a.proj, b.net, b.proj, what);
    OK(a.net, ax_network_run(a.net, 100.0));
    OK(b.net, ax_network_run(b.net, 100.0));
    same_spikes(a.net, a.spikes, b.net, b.spikes, what);
    ax_network_free(a.net);
    ax_network_free(b.net);
    pairs_free(&l);
}

Test(set_synapses, static_per_synapse_equals_built, .timeout = 60) { changed_equals_built(false, false, 1); }
Test(set_synapses, static_one_value_equals_built, .timeout = 60) { changed_equals_built(false, true, 2); }
Test(set_synapses, plastic_per_synapse_equals_built, .timeout = 60) { changed_equals_built(true, false, 2); }
Test(set_synapses, plastic_one_value_equals_built, .timeout = 60) { changed_equals_built(true, true, 1); }

/* Time at which v of neuron col first leaves -65 mV, or -1. */
static double first_jump(const double *t, const double *v, size_t n, size_t cols, size_t col)
{
    for (size_t s = 0; s < n; s++)
        if (v[s * cols + col] != -65.0)
            return t[s];
    return -1;
}

/* Spikes on their way keep their delays; later ones take the new ones,
 * also past the longest delay of the build (the ring buffer grows). */
static void delays_change_between_runs(int threads)
{
    ax_network *net = new_net(0.1, 1, threads);
    ax_population src, target;
    OK(net, ax_population_add(net, "src", "SpikeSourceArray", 3, &src));
    OK(net, ax_population_add(net, "target", "IF_curr_delta", 3, &target));
    double t0[] = {5.0}, t1[] = {10.0}, t2[] = {12.0};
    OK(net, ax_population_set_spike_times(net, src, 0, t0, 1));
    OK(net, ax_population_set_spike_times(net, src, 1, t1, 1));
    OK(net, ax_population_set_spike_times(net, src, 2, t2, 1));
    ax_connector c = ax_connector_one_to_one();
    ax_projection proj;
    OK(net, ax_projection_add(net, src, target, &c, "excitatory", ax_value_constant(1.0), ax_value_constant(4.0), &proj));
    ax_recorder rec;
    OK(net, ax_recorder_add_state(net, target, "v", AX_ALL_NEURONS, 0, &rec));
    OK(net, ax_network_run(net, 7.0));   /* neuron 0's spike is on its way: due at 9 ms */
    double d[] = {30.0, 30.0, 2.0};      /* the build's longest was 4 ms */
    OK(net, ax_projection_set_delays(net, proj, d, 3));
    OK(net, ax_network_run(net, 50.0));
    size_t n, cols;
    const double *t, *v;
    OK(net, ax_recorder_get_trace(net, rec, &n, &cols, &t, &v, NULL));
    double expect[] = {9.0, 40.0, 14.0};
    for (size_t col = 0; col < 3; col++)
        cr_assert_float_eq(first_jump(t, v, n, cols, col), expect[col], 1e-9,
                           "%d threads, neuron %zu: input arrived at %g ms, expected %g", threads, col,
                           first_jump(t, v, n, cols, col), expect[col]);
    ax_synapse_table tab;
    OK(net, ax_projection_get_table(net, proj, &tab));
    for (int k = 0; k < 3; k++)
        cr_assert_float_eq(tab.delays[k], d[k], 1e-12);
    ax_network_free(net);
}

Test(set_synapses, spikes_in_flight_keep_their_delays) { delays_change_between_runs(1); }
Test(set_synapses, spikes_in_flight_keep_their_delays_two_threads) { delays_change_between_runs(2); }

/* The table of p, copied: to see that a failed call changed nothing. */
static ax_synapse_table copy_table(ax_network *net, ax_projection p)
{
    ax_synapse_table t, c;
    OK(net, ax_projection_get_table(net, p, &t));
    c = t;
    uint32_t *s = malloc(t.n * 4 + 4), *g = malloc(t.n * 4 + 4);
    double *w = malloc(t.n * 8 + 8), *d = malloc(t.n * 8 + 8);
    memcpy(s, t.sources, t.n * 4);
    memcpy(g, t.targets, t.n * 4);
    memcpy(w, t.weights, t.n * 8);
    memcpy(d, t.delays, t.n * 8);
    c.sources = s, c.targets = g, c.weights = w, c.delays = d;
    return c;
}

static void table_free_copy(ax_synapse_table *t)
{
    free((void *)t->sources);
    free((void *)t->targets);
    free((void *)t->weights);
    free((void *)t->delays);
}

Test(set_synapses, bad_values_are_refused_and_change_nothing, .timeout = 60)
{
    ax_network *net = new_net(0.1, 3, 2);
    ax_population in, E, C;
    OK(net, ax_population_add(net, "in", "SpikeSourcePoisson", 10, &in));
    OK(net, ax_population_set_param(net, in, "rate", ax_value_constant(50.0)));
    OK(net, ax_population_add(net, "E", "IF_cond_exp", 8, &E));
    OK(net, ax_population_add(net, "C", "IF_curr_exp", 6, &C));
    ax_connector all = ax_connector_all_to_all();
    ax_projection stat, plast, gap;
    OK(net, ax_projection_add(net, in, E, &all, "excitatory", ax_value_uniform(0.001, 0.01),
                              ax_value_uniform(1.0, 3.0), &stat));
    ax_plasticity rule = ax_plasticity_defaults();
    rule.w_min = 0.001;
    rule.w_max = 0.02;
    OK(net, ax_projection_add_plastic(net, in, E, &all, "inhibitory", ax_value_constant(0.01), ax_value_constant(1.5),
                                      &rule, &plast));
    ax_connector p = ax_connector_fixed_probability(0.5);
    OK(net, ax_projection_add_gap(net, C, C, &p, ax_value_constant(0.001), &gap));
    double w = 0.005, d = 2.0;
    FAILS(net, ax_projection_set_weights(net, stat, &w, 1), AX_ERR_STATE, "not built yet");
    OK(net, ax_network_run(net, 20.0));
    ax_synapse_table before = copy_table(net, stat), before_p = copy_table(net, plast);
    uint64_t n = before.n;
    double *many = malloc(n * sizeof *many);
    for (uint64_t k = 0; k < n; k++)
        many[k] = 0.004;
    many[n / 2] = -0.001;
    FAILS(net, ax_projection_set_weights(net, stat, many, n), AX_ERR_ARGUMENT, "is negative, but receptor 'excitatory'");
    cr_assert(strstr(ax_network_get_error(net), "takes conductances (uS)"), "%s", ax_network_get_error(net));
    many[n / 2] = NAN;
    FAILS(net, ax_projection_set_weights(net, stat, many, n), AX_ERR_ARGUMENT, "is nan, not a finite number");
    FAILS(net, ax_projection_set_weights(net, stat, many, n - 1), AX_ERR_ARGUMENT, "give 1 (one for all) or");
    FAILS(net, ax_projection_set_weights(net, stat, NULL, 1), AX_ERR_ARGUMENT, "'weights' is NULL");
    FAILS(net, ax_projection_set_weights(net, 99, &w, 1), AX_ERR_NOT_FOUND, "projection handle 99");
    w = 0.5;
    FAILS(net, ax_projection_set_weights(net, plast, &w, 1), AX_ERR_ARGUMENT, "bounds [w_min, w_max] = [0.001, 0.02]");
    w = -0.001;
    FAILS(net, ax_projection_set_weights(net, gap, &w, 1), AX_ERR_ARGUMENT, "conductance -0.001 (value 0) is negative");
    /* delays: below dt, too long, on gap junctions, of a plastic projection after t = 0 (gap junctions
     * make the window one step: any delay >= dt is allowed here) */
    d = 0.05;
    FAILS(net, ax_projection_set_delays(net, stat, &d, 1), AX_ERR_ARGUMENT, "below dt = 0.1 ms");
    d = 7000.0;
    FAILS(net, ax_projection_set_delays(net, stat, &d, 1), AX_ERR_ARGUMENT, "more than 65535 steps");
    d = 2.0;
    FAILS(net, ax_projection_set_delays(net, gap, &d, 1), AX_ERR_ARGUMENT, "gap junctions have no delays");
    FAILS(net, ax_projection_set_delays(net, plast, &d, 1), AX_ERR_STATE, "change only at t = 0");
    ax_synapse_table after = copy_table(net, stat), after_p = copy_table(net, plast);
    cr_assert(same_table(&before, &after), "a refused call changed the static synapses");
    d = 0.1;
    OK(net, ax_projection_set_delays(net, stat, &d, 1));
    cr_assert(same_table(&before_p, &after_p), "a refused call changed the plastic synapses");
    /* after a reset the plastic delays may change */
    OK(net, ax_network_reset(net));
    OK(net, ax_projection_set_delays(net, plast, &d, 1));
    OK(net, ax_network_run(net, 20.0));
    table_free_copy(&before);
    table_free_copy(&after);
    table_free_copy(&before_p);
    table_free_copy(&after_p);
    free(many);
    ax_network_free(net);
}

Test(set_synapses, delays_below_the_window_are_refused)
{
    pair_list l = make_pairs(5, 0.5, 1.0);
    listed_net m = make_listed(1, &l, false, ax_value_constant(1.0), ax_value_array(l.d, l.n));
    OK(m.net, ax_network_run(m.net, 10.0));
    ax_stats s;
    OK(m.net, ax_network_get_stats(m.net, &s));
    cr_assert_eq(s.min_delay_steps, 10, "the window is the smallest delay, 1 ms: %u steps", s.min_delay_steps);
    ax_synapse_table before = copy_table(m.net, m.proj);
    double *d = malloc(l.n * sizeof *d);
    for (size_t k = 0; k < l.n; k++)
        d[k] = 2.0;
    d[l.n - 1] = 0.9;
    FAILS(m.net, ax_projection_set_delays(m.net, m.proj, d, l.n), AX_ERR_ARGUMENT,
          "the smallest delay allowed now is 1 ms");
    cr_assert(strstr(ax_network_get_error(m.net), "delay 0.9 ms (value"), "%s", ax_network_get_error(m.net));
    ax_synapse_table after = copy_table(m.net, m.proj);
    cr_assert(same_table(&before, &after), "a refused call changed the synapses");
    d[l.n - 1] = 1.0;
    OK(m.net, ax_projection_set_delays(m.net, m.proj, d, l.n));
    table_free_copy(&before);
    table_free_copy(&after);
    free(d);
    pairs_free(&l);
    ax_network_free(m.net);
}

/* Gap junctions and graded release keep tables of their own: changed
 * conductances and weights reach them. */
static ax_network *coupled_net(ax_value g, ax_value w, ax_projection *gap, ax_projection *graded, ax_recorder *v)
{
    ax_network *net = new_net(0.1, 4, 2);
    ax_population a, b;
    OK(net, ax_population_add(net, "a", "IF_curr_exp", 6, &a));
    const char *receptors[] = {"AMPA"};
    OK(net, ax_model_define_with_receptors(net, "R", "IF_cond_exp", receptors, 1));
    OK(net, ax_population_add(net, "b", "R", 4, &b));
    double amps[] = {0.6, 0.8, 1.0, 1.2, 1.4, 1.6};
    for (uint32_t i = 0; i < 6; i++) {
        uint32_t one[] = {i};
        ax_input_spec dc = {.kind = AX_INPUT_DC, .amplitude = amps[i]};
        OK(net, ax_input_add(net, a, ax_neurons_list(one, 1), &dc, NULL));
    }
    ax_connector all = ax_connector_all_to_all();
    OK(net, ax_projection_add_gap(net, a, a, &all, g, gap));
    OK(net, ax_projection_add_graded(net, a, b, &all, "AMPA", w, -20.0, 5.0, graded));
    OK(net, ax_recorder_add_state(net, b, "v", AX_ALL_NEURONS, 0, v));
    OK(net, ax_recorder_add_state(net, a, "v", AX_ALL_NEURONS, 0, v + 1));
    return net;
}

Test(set_synapses, gap_and_graded_weights_equal_built)
{
    double g[36], w[24];
    for (int k = 0; k < 36; k++)
        g[k] = 0.001 * (1 + k % 7);
    for (int k = 0; k < 24; k++)
        w[k] = 0.1 + 0.05 * (k % 5);
    ax_projection ga, gr, gb, grb;
    ax_recorder va[2], vb[2];
    ax_network *a = coupled_net(ax_value_constant(0.002), ax_value_constant(0.3), &ga, &gr, va);
    ax_network *b = coupled_net(ax_value_array(g, 36), ax_value_array(w, 24), &gb, &grb, vb);
    OK(a, ax_network_build(a));
    OK(a, ax_projection_set_weights(a, ga, g, 36));
    OK(a, ax_projection_set_weights(a, gr, w, 24));
    OK(b, ax_network_build(b));
    same_synapses(a, ga, b, gb, "gap junctions");
    same_synapses(a, gr, b, grb, "graded release");
    OK(a, ax_network_run(a, 100.0));
    OK(b, ax_network_run(b, 100.0));
    for (int r = 0; r < 2; r++) {
        size_t n, m, n2, m2;
        const double *x, *y;
        OK(a, ax_recorder_get_trace(a, va[r], &n, &m, NULL, &x, NULL));
        OK(b, ax_recorder_get_trace(b, vb[r], &n2, &m2, NULL, &y, NULL));
        cr_assert_eq(n * m, n2 * m2);
        cr_assert(!memcmp(x, y, n * m * sizeof *x), "population %s: v differs from the network built with the values",
                  r ? "a" : "b");
    }
    /* and back to one value for all, between runs */
    double one = 0.0;
    OK(a, ax_projection_set_weights(a, ga, &one, 1));
    OK(b, ax_projection_set_weights(b, gb, &one, 1));
    OK(a, ax_network_run(a, 20.0));
    OK(b, ax_network_run(b, 20.0));
    same_synapses(a, ga, b, gb, "gap junctions set to 0");
    size_t n, m;
    const double *x, *y;
    OK(a, ax_recorder_get_trace(a, va[1], &n, &m, NULL, &x, NULL));
    OK(b, ax_recorder_get_trace(b, vb[1], &n, &m, NULL, &y, NULL));
    cr_assert(!memcmp(x, y, n * m * sizeof *x));
    ax_network_free(a);
    ax_network_free(b);
}

/* Spikes after time t_ms: their index in the recording. */
static size_t spikes_after(ax_network *net, ax_recorder rec, double t_ms, size_t *n, const double **t,
                           const uint32_t **i)
{
    OK(net, ax_recorder_get_spikes(net, rec, n, t, i));
    size_t k = 0;
    while (k < *n && (*t)[k] <= t_ms + 1e-9)
        k++;
    return k;
}

Test(set_synapses, checkpoints_carry_on_after_changes, .timeout = 60)
{
    pair_list l = make_pairs(23, 0.8, 2.0);
    listed_net a = make_listed(2, &l, false, ax_value_constant(1.0), ax_value_constant(1.0));
    listed_net b = make_listed(1, &l, false, ax_value_constant(1.0), ax_value_constant(1.0));
    OK(a.net, ax_network_build(a.net));
    OK(b.net, ax_network_build(b.net));
    double *w = in_synapse_order(a.net, a.proj, &l, l.w), *d = in_synapse_order(a.net, a.proj, &l, l.d);
    OK(a.net, ax_network_run(a.net, 50.0));
    OK(a.net, ax_projection_set_weights(a.net, a.proj, w, l.n));   /* between runs: one weight becomes many */
    OK(a.net, ax_projection_set_delays(a.net, a.proj, d, l.n));    /* the ring buffer grows */
    OK(a.net, ax_network_run(a.net, 50.0));
    char path[] = "/tmp/axon-set-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    OK(a.net, ax_network_save_state(a.net, path));
    /* the restoring network is declared the same way, its synapses changed the same way */
    FAILS(b.net, ax_network_restore_state(b.net, path), AX_ERR_ARGUMENT, "the synapses differ");
    OK(b.net, ax_projection_set_weights(b.net, b.proj, w, l.n));
    OK(b.net, ax_projection_set_delays(b.net, b.proj, d, l.n));
    OK(b.net, ax_network_restore_state(b.net, path));
    OK(a.net, ax_network_run(a.net, 200.0));
    OK(b.net, ax_network_run(b.net, 200.0));
    size_t na, nb;
    const double *ta, *tb;
    const uint32_t *ia, *ib;
    size_t from = spikes_after(a.net, a.spikes, 100.0, &na, &ta, &ia);
    spikes_after(b.net, b.spikes, 100.0, &nb, &tb, &ib);
    cr_assert_gt(na - from, 20);
    cr_assert_eq(na - from, nb, "%zu spikes after the checkpoint, %zu in the restored network", na - from, nb);
    cr_assert(!memcmp(ta + from, tb, nb * sizeof *tb) && !memcmp(ia + from, ib, nb * sizeof *ib));
    remove(path);
    free(w);
    free(d);
    pairs_free(&l);
    ax_network_free(a.net);
    ax_network_free(b.net);
}

Test(set_synapses, plastic_weights_set_between_runs_are_what_a_reset_returns_to, .timeout = 60)
{
    pair_list l = make_pairs(29, 0.5, 2.5);
    listed_net m = make_listed(2, &l, true, ax_value_constant(1.0), ax_value_array(l.d, l.n));
    OK(m.net, ax_network_run(m.net, 100.0));
    double *w = in_synapse_order(m.net, m.proj, &l, l.w);
    OK(m.net, ax_projection_set_weights(m.net, m.proj, w, l.n));
    ax_synapse_table t;
    OK(m.net, ax_projection_get_table(m.net, m.proj, &t));
    for (uint64_t k = 0; k < t.n; k++)
        cr_assert_eq(t.weights[k], (double)(float)w[k], "synapse %llu: %g after setting %g", (unsigned long long)k,
                     t.weights[k], w[k]);
    OK(m.net, ax_network_run(m.net, 100.0));
    OK(m.net, ax_projection_get_table(m.net, m.proj, &t));
    size_t learnt = 0;
    for (uint64_t k = 0; k < t.n; k++)
        learnt += t.weights[k] != (double)(float)w[k];
    cr_assert_gt(learnt, 0, "nothing learnt after the change: the reset below would prove nothing");
    OK(m.net, ax_network_reset(m.net));
    OK(m.net, ax_projection_get_table(m.net, m.proj, &t));
    for (uint64_t k = 0; k < t.n; k++)
        cr_assert_eq(t.weights[k], (double)(float)w[k], "synapse %llu: reset to %g, the weight set was %g",
                     (unsigned long long)k, t.weights[k], w[k]);
    /* one value for all, after the next run: a reset returns to it */
    OK(m.net, ax_network_run(m.net, 50.0));
    double one = 1.25;
    OK(m.net, ax_projection_set_weights(m.net, m.proj, &one, 1));
    OK(m.net, ax_network_run(m.net, 50.0));
    OK(m.net, ax_network_reset(m.net));
    OK(m.net, ax_projection_get_table(m.net, m.proj, &t));
    for (uint64_t k = 0; k < t.n; k++)
        cr_assert_eq(t.weights[k], 1.25);
    free(w);
    pairs_free(&l);
    ax_network_free(m.net);
}

Test(set_synapses, weights_set_against_the_receptor_sign_draw_the_warning)
{
    pair_list l = make_pairs(31, 0.5, 1.0);
    listed_net m = make_listed(1, &l, false, ax_value_constant(1.0), ax_value_constant(1.0));
    OK(m.net, ax_network_run(m.net, 5.0));
    cr_assert_eq(ax_warning_count(m.net), 0);
    double *w = malloc(l.n * sizeof *w);
    for (size_t k = 0; k < l.n; k++)
        w[k] = -0.2 - 0.2 * (double)(k % 2);   /* mean -0.3 */
    OK(m.net, ax_projection_set_weights(m.net, m.proj, w, l.n));   /* allowed: currents take either sign */
    OK(m.net, ax_network_run(m.net, 5.0));
    ax_warning x;
    cr_assert_eq(ax_warning_count(m.net), 1);
    OK(m.net, ax_warning_get(m.net, 0, &x));
    cr_assert_eq(x.kind, AX_WARNING_WEIGHT_SIGN);
    cr_assert_eq(x.projection, m.proj);
    double mean = 0;
    for (size_t k = 0; k < l.n; k++)
        mean += w[k];
    mean /= (double)l.n;
    cr_assert_float_eq(x.value, mean, 1e-12, "the warning names %g, the weights' mean is %g", x.value, mean);
    cr_assert(strstr(x.message, "an array of"), "%s", x.message);
    free(w);
    pairs_free(&l);
    ax_network_free(m.net);
}
