/*
 * test_graph.c - a built network worked with as a graph: one synapse
 * found and edited (ax_projection_find_synapse, _set_synapse_weight,
 * _set_synapse_delay), a neuron's incoming and outgoing synapses
 * (ax_population_get_incoming, _get_outgoing), and connectivity written
 * to and read from files (ax_projection_export, ax_projection_import).
 *
 * Everything is compared with ax_projection_get_synapses, the reference
 * for order and values; edits with a network built with the edited values
 * from the start (from_list connectors), run for run; exported files by
 * reading them back here (CSV, NPY bytes) and by importing them (NPZ; the
 * Python tests read them with numpy and scipy too).
 */
#include <unistd.h>

#include "helpers.h"

/* ---- a network with projections of every kind ---- */

typedef struct graph_net {
    ax_network *net;
    ax_population P, E, I;
    ax_projection ff, rec, plast, multi, gap;
} graph_net;

/* P (Poisson 40) -> E (30) static, drawn weights and delays; E -> I
 * fixed probability; P -> E plastic; P -> I fixed indegree with repeats;
 * gap junctions I - I. */
static graph_net make_graph(int threads)
{
    graph_net g;
    ax_network *net = g.net = new_net(0.1, 7, threads);
    OK(net, ax_population_add(net, "P", "SpikeSourcePoisson", 40, &g.P));
    OK(net, ax_population_set_param(net, g.P, "rate", ax_value_constant(20.0)));
    OK(net, ax_population_add(net, "E", "IF_cond_exp", 30, &g.E));
    OK(net, ax_population_add(net, "I", "IF_cond_exp", 12, &g.I));
    ax_connector p3 = ax_connector_fixed_probability(0.3);
    OK(net, ax_projection_add(net, g.P, g.E, &p3, "excitatory", ax_value_uniform(0.001, 0.01),
                              ax_value_uniform(0.5, 3.0), &g.ff));
    ax_connector p5 = ax_connector_fixed_probability(0.5);
    OK(net, ax_projection_add(net, g.E, g.I, &p5, "excitatory", ax_value_constant(0.004), ax_value_constant(1.0),
                              &g.rec));
    ax_plasticity rule = ax_plasticity_defaults();
    rule.w_max = 0.02;
    OK(net, ax_projection_add_plastic(net, g.P, g.E, &p3, "excitatory", ax_value_uniform(0.0, 0.01),
                                      ax_value_uniform(1.0, 3.0), &rule, &g.plast));
    ax_connector in = ax_connector_fixed_indegree(30);
    in.allow_multiple = true;
    OK(net, ax_projection_add(net, g.P, g.I, &in, "inhibitory", ax_value_uniform(0.001, 0.002),
                              ax_value_constant(2.0), &g.multi));
    ax_connector gp = ax_connector_fixed_probability(0.4);
    OK(net, ax_projection_add_gap(net, g.I, g.I, &gp, ax_value_uniform(0.0, 0.001), &g.gap));
    return g;
}

typedef struct syn_list {
    uint64_t n;
    uint32_t *src, *tgt;
    double *w, *d;
} syn_list;

static syn_list synapses_of(ax_network *net, ax_projection proj)
{
    syn_list s = {.n = ax_projection_get_size(net, proj)};
    size_t m = s.n ? s.n : 1;
    s.src = malloc(m * sizeof *s.src);
    s.tgt = malloc(m * sizeof *s.tgt);
    s.w = malloc(m * sizeof *s.w);
    s.d = malloc(m * sizeof *s.d);
    OK(net, ax_projection_get_synapses(net, proj, s.src, s.tgt, s.w, s.d));
    return s;
}

static void syn_free(syn_list *s)
{
    free(s->src);
    free(s->tgt);
    free(s->w);
    free(s->d);
}

/* A fresh folder for files, removed when the test's process exits (each
 * test runs in its own). */
static char made_dir[64];

static void remove_made_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", made_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", made_dir);
}

static void temp_dir(char *dir, size_t len)
{
    snprintf(dir, len, "/tmp/axon_graph_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    if (!made_dir[0])
        atexit(remove_made_dir);
    snprintf(made_dir, sizeof made_dir, "%s", dir);
}

/* ---- one synapse ---- */

/* Every synapse of the projection is found where get_synapses has it,
 * with its weight and delay; a pair's count is its run in that order. */
static void every_synapse_found(graph_net *g, ax_projection proj)
{
    syn_list s = synapses_of(g->net, proj);
    ax_projection_info info;
    OK(g->net, ax_projection_get_info(g->net, proj, &info));
    bool spiking = info.kind == AX_PROJECTION_STATIC || info.kind == AX_PROJECTION_PLASTIC;
    cr_assert_gt(s.n, 10);
    for (uint64_t q = 0; q < s.n; q++) {
        ax_synapse f;
        OK(g->net, ax_projection_find_synapse(g->net, proj, s.src[q], s.tgt[q], &f));
        uint64_t first = q, run = 1;
        while (first > 0 && s.src[first - 1] == s.src[q] && s.tgt[first - 1] == s.tgt[q])
            first--;
        while (first + run < s.n && s.src[first + run] == s.src[q] && s.tgt[first + run] == s.tgt[q])
            run++;
        cr_assert_eq(f.index, first, "projection %u synapse %llu (%u -> %u) found at %llu", proj,
                     (unsigned long long)q, s.src[q], s.tgt[q], (unsigned long long)f.index);
        cr_assert_eq(f.count, run);
        cr_assert_eq(f.projection, proj);
        cr_assert_eq(f.source, s.src[q]);
        cr_assert_eq(f.target, s.tgt[q]);
        cr_assert_eq(f.weight, s.w[first]);
        cr_assert_eq(f.delay, spiking ? s.d[first] : 0.0);
    }
    syn_free(&s);
}

Test(graph, find_synapse_agrees_with_get_synapses_for_every_kind)
{
    for (int threads = 1; threads <= 3; threads += 2) {
        graph_net g = make_graph(threads);
        OK(g.net, ax_network_run(g.net, 50.0));   /* plastic weights have moved */
        ax_projection all[] = {g.ff, g.rec, g.plast, g.multi, g.gap};
        for (int k = 0; k < 5; k++)
            every_synapse_found(&g, all[k]);
        ax_network_free(g.net);
    }
}

Test(graph, multiple_synapses_of_a_pair_are_counted)
{
    graph_net g = make_graph(2);
    OK(g.net, ax_network_build(g.net));
    syn_list s = synapses_of(g.net, g.multi);
    uint64_t q = 1;
    while (q < s.n && !(s.src[q] == s.src[q - 1] && s.tgt[q] == s.tgt[q - 1]))
        q++;
    cr_assert_lt(q, s.n, "30 of 40 sources with repeats: some pair has two synapses");
    ax_synapse f;
    OK(g.net, ax_projection_find_synapse(g.net, g.multi, s.src[q], s.tgt[q], &f));
    cr_assert_eq(f.index, q - 1);
    cr_assert_geq(f.count, 2);
    /* setting the pair's weight sets all of its synapses, nothing else */
    OK(g.net, ax_projection_set_synapse_weight(g.net, g.multi, s.src[q], s.tgt[q], 0.0123));
    syn_list t = synapses_of(g.net, g.multi);
    for (uint64_t k = 0; k < s.n; k++)
        cr_assert_eq(t.w[k], k >= f.index && k < f.index + f.count ? (double)(float)0.0123 : s.w[k], "synapse %llu",
                     (unsigned long long)k);
    syn_free(&s);
    syn_free(&t);
    ax_network_free(g.net);
}

Test(graph, find_synapse_errors)
{
    graph_net g = make_graph(1);
    ax_synapse f;
    FAILS(g.net, ax_projection_find_synapse(g.net, g.ff, 0, 0, &f), AX_ERR_STATE, "not built yet");
    OK(g.net, ax_network_build(g.net));
    FAILS(g.net, ax_projection_find_synapse(g.net, g.ff, 40, 0, &f), AX_ERR_ARGUMENT,
          "find synapse of projection 0 (P -> E): source 40 is outside population 'P' (0 .. 39)");
    FAILS(g.net, ax_projection_find_synapse(g.net, g.ff, 0, 30, &f), AX_ERR_ARGUMENT,
          "target 30 is outside population 'E' (0 .. 29)");
    FAILS(g.net, ax_projection_find_synapse(g.net, 9, 0, 0, &f), AX_ERR_NOT_FOUND, "projection handle 9 does not exist");
    /* a pair that is not connected */
    syn_list s = synapses_of(g.net, g.ff);
    uint32_t j = 0;
    for (uint64_t q = 0; q < s.n && s.src[q] == 0; q++)
        if (s.tgt[q] == j)
            j++;
    cr_assert_lt(j, 30u);
    char want[200];
    snprintf(want, sizeof want, "find synapse of projection 0 (P -> E): no synapse from source 0 to target %u", j);
    FAILS(g.net, ax_projection_find_synapse(g.net, g.ff, 0, j, &f), AX_ERR_NOT_FOUND, want);
    FAILS(g.net, ax_projection_set_synapse_weight(g.net, g.ff, 0, j, 0.1), AX_ERR_NOT_FOUND, "no synapse from source 0");
    syn_free(&s);
    ax_network_free(g.net);
}

/* ---- editing one synapse: a run as if built with the value ---- */

/* Sources 0..2 (SpikeSourceArray) -> 4 IF_curr_exp, the listed pairs,
 * weights w and delays d, plus gap junctions among the targets. */
typedef struct small_net {
    ax_network *net;
    ax_projection proj, gap;
    ax_recorder v, spikes;
} small_net;

static const uint32_t L_SRC[] = {0, 0, 1, 1, 2, 2, 2};
static const uint32_t L_TGT[] = {0, 3, 1, 2, 0, 1, 3};
static const uint32_t G_A[] = {0, 1, 2}, G_B[] = {1, 2, 3};

static small_net make_small(int threads, const double *w, const double *d, const double *g)
{
    small_net s;
    ax_network *net = s.net = new_net(0.1, 3, threads);
    ax_population src, tgt;
    OK(net, ax_population_add(net, "S", "SpikeSourceArray", 3, &src));
    for (uint32_t i = 0; i < 3; i++) {
        double t[] = {2.0 + i, 11.0 + 2 * i, 25.0};
        OK(net, ax_population_set_spike_times(net, src, i, t, 3));
    }
    OK(net, ax_population_add(net, "T", "IF_curr_exp", 4, &tgt));
    ax_connector c = ax_connector_from_list(L_SRC, L_TGT, 7);
    OK(net, ax_projection_add(net, src, tgt, &c, "excitatory", ax_value_array(w, 7), ax_value_array(d, 7), &s.proj));
    ax_connector gc = ax_connector_from_list(G_A, G_B, 3);
    OK(net, ax_projection_add_gap(net, tgt, tgt, &gc, ax_value_array(g, 3), &s.gap));
    OK(net, ax_recorder_add_state(net, tgt, "v", AX_ALL_NEURONS, 0, &s.v));
    OK(net, ax_recorder_add_spikes(net, tgt, AX_ALL_NEURONS, &s.spikes));
    return s;
}

static void same_traces(small_net *a, small_net *b)
{
    size_t na, nb, ca, cb;
    const double *ta, *tb, *va, *vb;
    const uint32_t *ia, *ib;
    OK(a->net, ax_recorder_get_trace(a->net, a->v, &na, &ca, &ta, &va, &ia));
    OK(b->net, ax_recorder_get_trace(b->net, b->v, &nb, &cb, &tb, &vb, &ib));
    cr_assert_eq(na, nb);
    cr_assert_eq(ca, cb);
    cr_assert_gt(na, 100);
    for (size_t k = 0; k < na * ca; k++)
        cr_assert_eq(va[k], vb[k], "v differs at value %zu: %.17g vs %.17g", k, va[k], vb[k]);
}

Test(graph, a_synapse_edited_runs_as_if_built_so)
{
    double w[7] = {0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1}, d[7] = {1, 1, 1.5, 2, 1, 3, 1}, g[3] = {0.01, 0.02, 0.03};
    double w2[7], d2[7], g2[3];
    memcpy(w2, w, sizeof w);
    memcpy(d2, d, sizeof d);
    memcpy(g2, g, sizeof g);
    w2[3] = 2.5;      /* 1 -> 2 */
    d2[6] = 4.0;      /* 2 -> 3 */
    g2[1] = 0.05;     /* 1 - 2 */
    small_net a = make_small(2, w, d, g), b = make_small(2, w2, d2, g2);
    OK(a.net, ax_network_build(a.net));
    OK(a.net, ax_projection_set_synapse_weight(a.net, a.proj, 1, 2, 2.5));
    OK(a.net, ax_projection_set_synapse_delay(a.net, a.proj, 2, 3, 4.0));
    OK(a.net, ax_projection_set_synapse_weight(a.net, a.gap, 1, 2, 0.05));
    ax_synapse f;
    OK(a.net, ax_projection_find_synapse(a.net, a.proj, 1, 2, &f));
    cr_assert_eq(f.weight, 2.5);
    cr_assert_eq(f.index, 3);
    OK(a.net, ax_projection_find_synapse(a.net, a.proj, 2, 3, &f));
    cr_assert_eq(f.delay, 4.0);
    cr_assert_eq(f.weight, (double)(float)w[6]);
    OK(a.net, ax_projection_find_synapse(a.net, a.gap, 1, 2, &f));
    cr_assert_eq(f.weight, (double)(float)0.05);
    OK(a.net, ax_network_run(a.net, 40.0));
    OK(b.net, ax_network_run(b.net, 40.0));
    same_traces(&a, &b);
    /* refused values change nothing */
    FAILS(a.net, ax_projection_set_synapse_delay(a.net, a.proj, 0, 0, 0.05), AX_ERR_ARGUMENT, "delay");
    FAILS(a.net, ax_projection_set_synapse_weight(a.net, a.gap, 0, 1, -1.0), AX_ERR_ARGUMENT, "negative");
    OK(a.net, ax_projection_find_synapse(a.net, a.gap, 0, 1, &f));
    cr_assert_eq(f.weight, (double)(float)0.01);
    ax_network_free(a.net);
    ax_network_free(b.net);
}

Test(graph, plastic_synapse_edit_is_what_the_rule_uses)
{
    graph_net g = make_graph(2);
    OK(g.net, ax_network_run(g.net, 100.0));
    syn_list s = synapses_of(g.net, g.plast);
    uint64_t q = s.n / 2;
    OK(g.net, ax_projection_set_synapse_weight(g.net, g.plast, s.src[q], s.tgt[q], 0.015));
    syn_list t = synapses_of(g.net, g.plast);
    for (uint64_t k = 0; k < s.n; k++)
        cr_assert_eq(t.w[k], k == q ? (double)(float)0.015 : s.w[k], "synapse %llu", (unsigned long long)k);
    /* outside the rule's bounds */
    FAILS(g.net, ax_projection_set_synapse_weight(g.net, g.plast, s.src[q], s.tgt[q], 0.5), AX_ERR_ARGUMENT,
          "outside its plasticity rule's bounds");
    /* the rule goes on from the weight set: a reset returns to it */
    OK(g.net, ax_network_run(g.net, 100.0));
    OK(g.net, ax_network_reset(g.net));
    syn_list u = synapses_of(g.net, g.plast);
    cr_assert_eq(u.w[q], (double)(float)0.015);
    syn_free(&s);
    syn_free(&t);
    syn_free(&u);
    ax_network_free(g.net);
}

/* ---- a neuron's synapses ---- */

/* The lists against a scan of every projection's get_synapses. */
static void lists_agree(graph_net *g, ax_population pop, uint32_t neuron, bool in)
{
    size_t n = 0;
    ax_status st = in ? ax_population_get_incoming(g->net, pop, neuron, NULL, 0, &n)
                      : ax_population_get_outgoing(g->net, pop, neuron, NULL, 0, &n);
    OK(g->net, st);
    ax_synapse *got = calloc(n + 1, sizeof *got);
    size_t n2 = 0;
    OK(g->net, in ? ax_population_get_incoming(g->net, pop, neuron, got, n + 1, &n2)
                  : ax_population_get_outgoing(g->net, pop, neuron, got, n + 1, &n2));
    cr_assert_eq(n2, n);
    size_t at = 0;
    for (ax_projection p = 0; p < ax_projection_count(g->net); p++) {
        ax_projection_info info;
        OK(g->net, ax_projection_get_info(g->net, p, &info));
        if ((in ? info.to : info.from) != pop)
            continue;
        bool spiking = info.kind == AX_PROJECTION_STATIC || info.kind == AX_PROJECTION_PLASTIC;
        syn_list s = synapses_of(g->net, p);
        for (uint64_t q = 0; q < s.n; q++) {
            if ((in ? s.tgt[q] : s.src[q]) != neuron)
                continue;
            cr_assert_lt(at, n, "more synapses than listed");
            cr_assert_eq(got[at].projection, p);
            cr_assert_eq(got[at].index, q);
            cr_assert_eq(got[at].source, s.src[q]);
            cr_assert_eq(got[at].target, s.tgt[q]);
            cr_assert_eq(got[at].weight, s.w[q]);
            cr_assert_eq(got[at].delay, spiking ? s.d[q] : 0.0);
            at++;
        }
        syn_free(&s);
    }
    cr_assert_eq(at, n, "%s of %u: %zu listed, %zu found", in ? "incoming" : "outgoing", neuron, n, at);
    /* a short buffer: the first ones, and the count of all */
    if (n > 2) {
        ax_synapse two[2];
        OK(g->net, in ? ax_population_get_incoming(g->net, pop, neuron, two, 2, &n2)
                      : ax_population_get_outgoing(g->net, pop, neuron, two, 2, &n2));
        cr_assert_eq(n2, n);
        cr_assert_eq(two[1].index, got[1].index);
    }
    free(got);
}

Test(graph, incoming_and_outgoing_agree_with_get_synapses)
{
    for (int threads = 1; threads <= 3; threads += 2) {
        graph_net g = make_graph(threads);
        OK(g.net, ax_network_run(g.net, 20.0));
        for (uint32_t i = 0; i < 12; i++) {
            lists_agree(&g, g.I, i, true);    /* E -> I, P -> I with repeats, gap I - I */
            lists_agree(&g, g.I, i, false);   /* gap I - I */
        }
        for (uint32_t i = 0; i < 30; i++) {
            lists_agree(&g, g.E, i, true);
            lists_agree(&g, g.E, i, false);
        }
        for (uint32_t i = 0; i < 40; i += 3)
            lists_agree(&g, g.P, i, false);
        size_t n;
        OK(g.net, ax_population_get_incoming(g.net, g.P, 0, NULL, 0, &n));
        cr_assert_eq(n, 0, "nothing projects onto P");
        ax_network_free(g.net);
    }
}

Test(graph, neuron_lists_errors)
{
    graph_net g = make_graph(1);
    size_t n;
    ax_synapse s[4];
    FAILS(g.net, ax_population_get_incoming(g.net, g.E, 0, s, 4, &n), AX_ERR_STATE, "not built yet");
    OK(g.net, ax_network_build(g.net));
    FAILS(g.net, ax_population_get_outgoing(g.net, g.E, 30, s, 4, &n), AX_ERR_ARGUMENT,
          "get outgoing synapses: neuron 30 is outside population 'E' (0 .. 29)");
    FAILS(g.net, ax_population_get_incoming(g.net, 7, 0, s, 4, &n), AX_ERR_NOT_FOUND, "population handle 7");
    FAILS(g.net, ax_population_get_incoming(g.net, g.E, 0, NULL, 4, &n), AX_ERR_ARGUMENT, "'out' is NULL");
    FAILS(g.net, ax_population_get_incoming(g.net, g.E, 0, s, 4, NULL), AX_ERR_ARGUMENT, "'n' is NULL");
    ax_network_free(g.net);
}

/* ---- files ---- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc(*len + 1);
    cr_assert_eq(fread(b, 1, *len, f), *len);
    b[*len] = 0;
    fclose(f);
    return b;
}

Test(graph, csv_export_is_the_synapses)
{
    graph_net g = make_graph(2);
    OK(g.net, ax_network_run(g.net, 30.0));
    char dir[64], path[128];
    temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/ff.csv", dir);
    OK(g.net, ax_projection_export(g.net, g.ff, path, AX_GRAPH_CSV));
    syn_list s = synapses_of(g.net, g.ff);
    FILE *f = fopen(path, "r");
    char line[256];
    cr_assert_not_null(fgets(line, sizeof line, f));
    cr_assert_str_eq(line, "pre,post,weight,delay\n");
    uint64_t q = 0;
    unsigned a, b;
    double w, d;
    while (fscanf(f, "%u,%u,%lf,%lf\n", &a, &b, &w, &d) == 4) {
        cr_assert_lt(q, s.n);
        cr_assert_eq(a, s.src[q]);
        cr_assert_eq(b, s.tgt[q]);
        cr_assert_eq(w, s.w[q], "row %llu: weight %.17g, %.17g stored", (unsigned long long)q, w, s.w[q]);
        cr_assert_eq(lround(d / 0.1), lround(s.d[q] / 0.1), "row %llu: delay %g, %g stored", (unsigned long long)q, d,
                     s.d[q]);   /* the decimals of dt: the same step */
        q++;
    }
    cr_assert_eq(q, s.n);
    fclose(f);
    /* gap junctions have no delays */
    snprintf(path, sizeof path, "%s/gap.csv", dir);
    OK(g.net, ax_projection_export(g.net, g.gap, path, AX_GRAPH_CSV));
    size_t len;
    char *text = slurp(path, &len);
    cr_assert(strncmp(text, "pre,post,weight\n", 16) == 0, "%.40s", text);
    free(text);
    cr_assert_eq(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/gap.csv.partial", dir);
    cr_assert_neq(access(path, F_OK), 0, "no partial file is left");
    syn_free(&s);
    ax_network_free(g.net);
}

Test(graph, npy_export_is_the_dense_matrix)
{
    graph_net g = make_graph(2);
    OK(g.net, ax_network_build(g.net));
    char dir[64], path[128];
    temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/multi.npy", dir);
    OK(g.net, ax_projection_export(g.net, g.multi, path, AX_GRAPH_NPY));
    size_t len;
    char *b = slurp(path, &len);
    cr_assert(memcmp(b, "\x93NUMPY\x01\x00", 8) == 0);
    size_t h = 10 + (size_t)(unsigned char)b[8] + ((size_t)(unsigned char)b[9] << 8);
    cr_assert_eq(h % 64, 0, "the header is padded to 64 bytes");
    cr_assert(strstr(b + 10, "'descr': '<f8', 'fortran_order': False, 'shape': (40, 12), }") != NULL, "%.100s", b + 10);
    cr_assert_eq(len, h + 40 * 12 * 8);
    double m[40][12] = {{0}};
    syn_list s = synapses_of(g.net, g.multi);
    for (uint64_t q = 0; q < s.n; q++)
        m[s.src[q]][s.tgt[q]] += s.w[q];   /* repeats summed */
    cr_assert(memcmp(b + h, m, sizeof m) == 0, "the matrix is the summed weights");
    free(b);
    syn_free(&s);
    ax_network_free(g.net);
}

/* Export, set other weights, import: the weights as exported, bit for bit. */
static void round_trip(ax_graph_format format, const char *ext, bool use_multi)
{
    graph_net g = make_graph(2);
    OK(g.net, ax_network_run(g.net, 30.0));
    ax_projection projs[] = {g.ff, g.plast, g.gap, g.multi};
    char dir[64], path[128];
    temp_dir(dir, sizeof dir);
    for (int k = 0; k < (use_multi ? 4 : 3); k++) {
        snprintf(path, sizeof path, "%s/p%d.%s", dir, k, ext);
        OK(g.net, ax_projection_export(g.net, projs[k], path, format));
        syn_list before = synapses_of(g.net, projs[k]);
        double other = 0.0005;
        OK(g.net, ax_projection_set_weights(g.net, projs[k], &other, 1));
        syn_list mid = synapses_of(g.net, projs[k]);
        cr_assert_eq(mid.w[0], (double)(float)other);
        OK(g.net, ax_projection_import(g.net, projs[k], path, format));
        syn_list after = synapses_of(g.net, projs[k]);
        for (uint64_t q = 0; q < before.n; q++) {
            cr_assert_eq(after.w[q], (double)(float)before.w[q], "%s, projection %u, synapse %llu", ext, projs[k],
                         (unsigned long long)q);
            cr_assert_eq(after.d[q], before.d[q]);
        }
        syn_free(&before);
        syn_free(&mid);
        syn_free(&after);
    }
    OK(g.net, ax_network_run(g.net, 10.0));
    ax_network_free(g.net);
}

Test(graph, csv_round_trip) { round_trip(AX_GRAPH_CSV, "csv", true); }
Test(graph, npy_round_trip) { round_trip(AX_GRAPH_NPY, "npy", false); }
Test(graph, npz_round_trip) { round_trip(AX_GRAPH_NPZ, "npz", true); }

Test(graph, csv_import_sets_delays_too)
{
    double w[7] = {0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1}, d[7] = {1, 1, 1.5, 2, 1, 3, 1}, g[3] = {0.01, 0.02, 0.03};
    small_net a = make_small(1, w, d, g);
    OK(a.net, ax_network_build(a.net));
    char dir[64], path[128];
    temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/part.csv", dir);
    FILE *f = fopen(path, "w");
    fputs("# two synapses only\npre,post,weight,delay\n2,1,1.75,2.5\n0,3,0.25,1.0\n", f);
    fclose(f);
    OK(a.net, ax_projection_import(a.net, a.proj, path, AX_GRAPH_CSV));
    syn_list s = synapses_of(a.net, a.proj);
    double we[7] = {0.5, 0.25, 0.7, 0.8, 0.9, 1.75, 1.1}, de[7] = {1, 1, 1.5, 2, 1, 2.5, 1};
    for (int k = 0; k < 7; k++) {
        cr_assert_eq(s.w[k], (double)(float)we[k], "synapse %d: %g", k, s.w[k]);
        cr_assert_eq(s.d[k], de[k], "synapse %d: delay %g", k, s.d[k]);
    }
    syn_free(&s);
    ax_network_free(a.net);
}

/* The weights and delays of a projection, unchanged since `s`. */
static void unchanged(ax_network *net, ax_projection proj, const syn_list *s)
{
    syn_list t = synapses_of(net, proj);
    cr_assert_eq(t.n, s->n);
    for (uint64_t q = 0; q < s->n; q++) {
        cr_assert_eq(t.w[q], s->w[q], "synapse %llu changed", (unsigned long long)q);
        cr_assert_eq(t.d[q], s->d[q]);
    }
    syn_free(&t);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

Test(graph, import_errors_change_nothing)
{
    double w[7] = {0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1}, d[7] = {1, 1, 1.5, 2, 1, 3, 1}, g[3] = {0.01, 0.02, 0.03};
    small_net a = make_small(2, w, d, g);
    char dir[64], path[128], want[300];
    temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/bad.csv", dir);
    write_file(path, "pre,post,weight\n0,0,0.1\n");
    FAILS(a.net, ax_projection_import(a.net, a.proj, path, AX_GRAPH_CSV), AX_ERR_STATE, "not built yet");
    OK(a.net, ax_network_build(a.net));
    syn_list s = synapses_of(a.net, a.proj), sg = synapses_of(a.net, a.gap);
    /* a pair without a synapse, at its line */
    write_file(path, "pre,post,weight\n0,0,0.1\n\n1,0,0.2\n");
    snprintf(want, sizeof want, "%s:4:1: no synapse from source 1 to target 0 in projection 0 (S -> T)", path);
    FAILS(a.net, ax_projection_import(a.net, a.proj, path, AX_GRAPH_CSV), AX_ERR_ARGUMENT, want);
    unchanged(a.net, a.proj, &s);
    /* a pair twice */
    write_file(path, "0,0,0.1\n0,0,0.2\n");
    FAILS(a.net, ax_projection_import(a.net, a.proj, path, AX_GRAPH_CSV), AX_ERR_ARGUMENT,
          ":2:1: source 0 and target 0 have 1 synapse, all set by earlier entries");
    /* an index outside its population */
    write_file(path, "0,7,0.1\n");
    FAILS(a.net, ax_projection_import(a.net, a.proj, path, AX_GRAPH_CSV), AX_ERR_ARGUMENT, "neurons of 'T'");
    /* no weight column */
    write_file(path, "0,0\n");
    FAILS(a.net, ax_projection_import(a.net, a.proj, path, AX_GRAPH_CSV), AX_ERR_ARGUMENT,
          "2 fields; expected pre,post,weight[,delay]");
    /* not a number */
    write_file(path, "0,0,abc\n");
    FAILS(a.net, ax_projection_import(a.net, a.proj, path, AX_GRAPH_CSV), AX_ERR_ARGUMENT, "'abc' is not a number");
    /* delays for gap junctions */
    write_file(path, "0,1,0.1,1.0\n");
    FAILS(a.net, ax_projection_import(a.net, a.gap, path, AX_GRAPH_CSV), AX_ERR_ARGUMENT, "has no delays");
    /* a value the projection refuses, at the line that gave it; the delays set before it are put back */
    write_file(path, "pre,post,weight,delay\n0,0,0.1,2.0\n1,1,0.2,3.0\n");
    OK(a.net, ax_projection_import(a.net, a.proj, path, AX_GRAPH_CSV));
    syn_list s2 = synapses_of(a.net, a.proj);
    write_file(path, "pre,post,weight,delay\n0,0,0.1,4.0\n1,1,0.2,5.0\n");
    FAILS(a.net, ax_projection_import(a.net, a.gap, path, AX_GRAPH_CSV), AX_ERR_ARGUMENT, "has no delays");
    write_file(path, "pre,post,weight\n0,1,0.1\n1,2,-0.2\n");
    snprintf(want, sizeof want, "%s:3: set weights of gap junctions 1 (T - T): conductance -0.2 (value 1) is negative",
             path);
    FAILS(a.net, ax_projection_import(a.net, a.gap, path, AX_GRAPH_CSV), AX_ERR_ARGUMENT, want);
    unchanged(a.net, a.gap, &sg);
    write_file(path, "pre,post,weight,delay\n0,0,0.1,4.0\n1,1,nan,5.0\n");
    FAILS(a.net, ax_projection_import(a.net, a.proj, path, AX_GRAPH_CSV), AX_ERR_ARGUMENT,
          ":3:5: 'nan' is not allowed: expected a finite number (column 'weight')");
    unchanged(a.net, a.proj, &s2);
    /* a file that is not there, or not of its format */
    snprintf(path, sizeof path, "%s/none.csv", dir);
    FAILS(a.net, ax_projection_import(a.net, a.proj, path, AX_GRAPH_CSV), AX_ERR_IO, "none.csv");
    snprintf(path, sizeof path, "%s/bad.npz", dir);
    write_file(path, "not a zip\n");
    FAILS(a.net, ax_projection_import(a.net, a.proj, path, AX_GRAPH_NPZ), AX_ERR_ARGUMENT, "Not a zip archive");
    snprintf(path, sizeof path, "%s/bad.npy", dir);
    write_file(path, "not numpy\n");
    FAILS(a.net, ax_projection_import(a.net, a.proj, path, AX_GRAPH_NPY), AX_ERR_ARGUMENT, "not a NumPy .npy file");
    FAILS(a.net, ax_projection_import(a.net, a.proj, path, (ax_graph_format)7), AX_ERR_ARGUMENT, "format 7 is not");
    unchanged(a.net, a.proj, &s2);
    syn_free(&s);
    syn_free(&s2);
    syn_free(&sg);
    ax_network_free(a.net);
}

Test(graph, npy_import_errors)
{
    double w[7] = {0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1}, d[7] = {1, 1, 1.5, 2, 1, 3, 1}, g[3] = {0.01, 0.02, 0.03};
    small_net a = make_small(1, w, d, g);
    OK(a.net, ax_network_build(a.net));
    char dir[64], path[128];
    temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/m.npy", dir);
    OK(a.net, ax_projection_export(a.net, a.proj, path, AX_GRAPH_NPY));
    size_t len;
    char *b = slurp(path, &len);
    size_t h = len - 3 * 4 * 8;
    double *m = (double *)(b + h);
    syn_list s = synapses_of(a.net, a.proj);
    /* an element where there is no synapse (1 -> 0) */
    m[1 * 4 + 0] = 0.3;
    FILE *f = fopen(path, "wb");
    fwrite(b, 1, len, f);
    fclose(f);
    FAILS(a.net, ax_projection_import(a.net, a.proj, path, AX_GRAPH_NPY), AX_ERR_ARGUMENT,
          "element [1, 0] is 0.29999999999999999, but there is no synapse from source 1 to target 0");
    unchanged(a.net, a.proj, &s);
    /* the wrong shape: into the gap junctions (4 x 4) */
    FAILS(a.net, ax_projection_import(a.net, a.gap, path, AX_GRAPH_NPY), AX_ERR_ARGUMENT,
          "a matrix of shape (3, 4); expected (4, 4)");
    /* cut short */
    m[1 * 4 + 0] = 0;
    f = fopen(path, "wb");
    fwrite(b, 1, len - 8, f);
    fclose(f);
    FAILS(a.net, ax_projection_import(a.net, a.proj, path, AX_GRAPH_NPY), AX_ERR_ARGUMENT, "the data end at row 2");
    unchanged(a.net, a.proj, &s);
    free(b);
    syn_free(&s);
    ax_network_free(a.net);
}

Test(graph, export_errors)
{
    graph_net g = make_graph(1);
    FAILS(g.net, ax_projection_export(g.net, g.ff, "/tmp/x.csv", AX_GRAPH_CSV), AX_ERR_STATE, "not built yet");
    OK(g.net, ax_network_build(g.net));
    FAILS(g.net, ax_projection_export(g.net, g.ff, "/nonexistent/dir/x.csv", AX_GRAPH_CSV), AX_ERR_IO,
          "cannot create /nonexistent/dir/x.csv.partial");
    FAILS(g.net, ax_projection_export(g.net, g.ff, "/nonexistent/dir/x.npz", AX_GRAPH_NPZ), AX_ERR_IO,
          "/nonexistent/dir/x.npz.partial");
    FAILS(g.net, ax_projection_export(g.net, 12, "/tmp/x.csv", AX_GRAPH_CSV), AX_ERR_NOT_FOUND, "projection handle 12");
    ax_graph_format fmt;
    OK(g.net, ax_graph_format_from_path(g.net, "a/b.NPZ", &fmt));
    cr_assert_eq(fmt, AX_GRAPH_NPZ);
    OK(g.net, ax_graph_format_from_path(g.net, "b.csv", &fmt));
    cr_assert_eq(fmt, AX_GRAPH_CSV);
    FAILS(g.net, ax_graph_format_from_path(g.net, "a.npy/b", &fmt), AX_ERR_ARGUMENT, "does not end in .csv, .npy or .npz");
    ax_network_free(g.net);
}

/* A dense matrix past 2^31 elements (here 50000 x 50000 = 2.5e9, 18.6 GiB
 * for 50000 synapses) is refused before anything is written; NPZ takes it. */
Test(graph, a_huge_dense_export_is_refused)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population a, b;
    OK(net, ax_population_add(net, "A", "SpikeSourcePoisson", 50000, &a));
    OK(net, ax_population_add(net, "B", "IF_curr_exp", 50000, &b));
    ax_connector c = ax_connector_one_to_one();
    ax_projection q;
    OK(net, ax_projection_add(net, a, b, &c, "excitatory", ax_value_constant(0.1), ax_value_constant(1.0), &q));
    OK(net, ax_network_build(net));
    char dir[256], path[512];
    temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/big.npy", dir);
    FAILS(net, ax_projection_export(net, q, path, AX_GRAPH_NPY), AX_ERR_ARGUMENT,
          "50000 x 50000 = 2500000000 weights would take 19 GiB");
    cr_assert(access(path, F_OK) != 0);
    snprintf(path, sizeof path, "%s/big.npy.partial", dir);
    cr_assert(access(path, F_OK) != 0, "nothing half-written");
    snprintf(path, sizeof path, "%s/big.npz", dir);
    OK(net, ax_projection_export(net, q, path, AX_GRAPH_NPZ));
    ax_network_free(net);
}

/* An exported CSV is a from_list file: a model built from it has the same synapses. */
Test(graph, exported_csv_rebuilds_with_from_list)
{
    const char *model =
        "[simulation]\ndt = 0.1\nseed = 11\nthreads = 2\nduration = 10.0\n"
        "[populations.P]\nmodel = \"SpikeSourcePoisson\"\nsize = 40\n"
        "[populations.E]\nmodel = \"IF_cond_exp\"\nsize = 30\n"
        "[[projections]]\nfrom = \"P\"\nto = \"E\"\nreceptor = \"excitatory\"\n"
        "connector = { fixed_probability = 0.3 }\nweight = { uniform = [0.001, 0.01] }\n"
        "delay = { uniform = [0.5, 3.0] }\n";
    char dir[64], path[128], rebuilt[512];
    temp_dir(dir, sizeof dir);
    ax_error err;
    ax_modelfile *m = ax_modelfile_load_string(model, "a.toml", dir, NULL, 0, &err);
    cr_assert_not_null(m, "%s", err.message);
    ax_network *net = ax_modelfile_get_network(m);
    OK(net, ax_network_build(net));
    snprintf(path, sizeof path, "%s/edges.csv", dir);
    OK(net, ax_projection_export(net, 0, path, AX_GRAPH_CSV));
    snprintf(rebuilt, sizeof rebuilt,
             "[simulation]\ndt = 0.1\nseed = 99\nthreads = 3\nduration = 10.0\n"
             "[populations.P]\nmodel = \"SpikeSourcePoisson\"\nsize = 40\n"
             "[populations.E]\nmodel = \"IF_cond_exp\"\nsize = 30\n"
             "[[projections]]\nfrom = \"P\"\nto = \"E\"\nreceptor = \"excitatory\"\n"
             "connector = { from_list = \"edges.csv\" }\n");
    ax_modelfile *m2 = ax_modelfile_load_string(rebuilt, "b.toml", dir, NULL, 0, &err);
    cr_assert_not_null(m2, "%s", err.message);
    ax_network *net2 = ax_modelfile_get_network(m2);
    OK(net2, ax_network_build(net2));
    syn_list a = synapses_of(net, 0), b = synapses_of(net2, 0);
    cr_assert_eq(a.n, b.n);
    cr_assert_gt(a.n, 100);
    for (uint64_t q = 0; q < a.n; q++) {
        cr_assert_eq(a.src[q], b.src[q]);
        cr_assert_eq(a.tgt[q], b.tgt[q]);
        cr_assert_eq(a.w[q], b.w[q], "synapse %llu: %.17g vs %.17g", (unsigned long long)q, a.w[q], b.w[q]);
        cr_assert_eq(a.d[q], b.d[q]);
    }
    syn_free(&a);
    syn_free(&b);
    ax_modelfile_free(m);
    ax_modelfile_free(m2);
}
