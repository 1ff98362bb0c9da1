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
