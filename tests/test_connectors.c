/*
 * Connectors: exact degrees where they are fixed, the statistics of the
 * random graph where they are not, no autapses or multapses when not
 * allowed, explicit lists with per-synapse values, and the independence of
 * the generated graph from the number of threads.
 */
#include "helpers.h"

typedef struct graph {
    size_t n;
    uint32_t *src, *tgt;
    double *w, *d;
} graph;

static graph get_graph(ax_network *net, ax_projection proj)
{
    graph g = {ax_projection_get_size(net, proj), NULL, NULL, NULL, NULL};
    size_t m = g.n ? g.n : 1;
    g.src = malloc(m * sizeof *g.src);
    g.tgt = malloc(m * sizeof *g.tgt);
    g.w = malloc(m * sizeof *g.w);
    g.d = malloc(m * sizeof *g.d);
    OK(net, ax_projection_get_synapses(net, proj, g.src, g.tgt, g.w, g.d));
    return g;
}

static void graph_free(graph *g)
{
    free(g->src);
    free(g->tgt);
    free(g->w);
    free(g->d);
}

/* Builds pre -> post (or pre -> pre when same) and returns the graph. */
static graph connect_and_build(ax_network *net, uint32_t n_pre, uint32_t n_post, int same, ax_connector c,
                               ax_value w, ax_value d)
{
    ax_population a, b;
    OK(net, ax_population_add(net, "a", "IF_curr_exp", n_pre, &a));
    if (!same)
        OK(net, ax_population_add(net, "b", "IF_curr_exp", n_post, &b));
    ax_projection proj;
    OK(net, ax_projection_add(net, a, same ? a : b, &c, "excitatory", w, d, &proj));
    OK(net, ax_network_build(net));
    return get_graph(net, proj);
}

static void degrees(const graph *g, uint32_t n_pre, uint32_t n_post, uint32_t *in, uint32_t *out)
{
    memset(in, 0, n_post * sizeof *in);
    memset(out, 0, n_pre * sizeof *out);
    for (size_t k = 0; k < g->n; k++) {
        in[g->tgt[k]]++;
        out[g->src[k]]++;
    }
}

static size_t count_self(const graph *g)
{
    size_t c = 0;
    for (size_t k = 0; k < g->n; k++)
        c += g->src[k] == g->tgt[k];
    return c;
}

/* Synapses come sorted by source then target, so repeats are adjacent. */
static size_t count_repeats(const graph *g)
{
    size_t c = 0;
    for (size_t k = 1; k < g->n; k++) {
        cr_assert(g->src[k] > g->src[k - 1] || (g->src[k] == g->src[k - 1] && g->tgt[k] >= g->tgt[k - 1]),
                  "synapses in (source, target) order");
        c += g->src[k] == g->src[k - 1] && g->tgt[k] == g->tgt[k - 1];
    }
    return c;
}

Test(connectors, fixed_indegree_exact_no_self_no_repeat)
{
    ax_network *net = new_net(0.1, 11, 2);
    ax_connector c = ax_connector_fixed_indegree(50);
    c.allow_self = false;
    graph g = connect_and_build(net, 400, 400, 1, c, ax_value_constant(1), ax_value_constant(1));
    uint32_t in[400], out[400];
    degrees(&g, 400, 400, in, out);
    for (int j = 0; j < 400; j++)
        cr_assert_eq(in[j], 50, "target %d has %u sources", j, in[j]);
    cr_assert_eq(count_self(&g), 0);
    cr_assert_eq(count_repeats(&g), 0);
    /* one weight and one delay: 2-byte targets only, plus one row offset
     * per source and thread */
    ax_stats st;
    OK(net, ax_network_get_stats(net, &st));
    cr_assert_eq(st.synapse_bytes, 2 * 401 * 8 + 2 * 400 * 50, "%llu bytes", (unsigned long long)st.synapse_bytes);
    graph_free(&g);
    ax_network_free(net);
}

/* Storage per synapse: a float weight and an 8-bit delay when they vary. */
Test(connectors, synapse_bytes_with_weights_and_delays)
{
    ax_network *net = new_net(0.1, 11, 1);
    graph g = connect_and_build(net, 100, 70000, 0, ax_connector_fixed_outdegree(10), ax_value_uniform(0.1, 0.2),
                                ax_value_uniform(0.1, 2.0));
    ax_stats st;
    OK(net, ax_network_get_stats(net, &st));
    /* 70,000 targets need 32-bit indices */
    cr_assert_eq(st.synapse_bytes, 101 * 8 + 1000 * (4 + 4 + 1), "%llu bytes", (unsigned long long)st.synapse_bytes);
    graph_free(&g);
    ax_network_free(net);
}

Test(connectors, fixed_indegree_all_sources)
{
    /* n equal to the number of allowed sources: every other neuron */
    ax_network *net = new_net(0.1, 11, 1);
    ax_connector c = ax_connector_fixed_indegree(99);
    c.allow_self = false;
    graph g = connect_and_build(net, 100, 100, 1, c, ax_value_constant(1), ax_value_constant(1));
    cr_assert_eq(g.n, 9900);
    cr_assert_eq(count_self(&g), 0);
    cr_assert_eq(count_repeats(&g), 0);
    graph_free(&g);
    ax_network_free(net);
}

Test(connectors, fixed_indegree_with_multapses)
{
    ax_network *net = new_net(0.1, 11, 1);
    ax_connector c = ax_connector_fixed_indegree(200);
    c.allow_multiple = true;
    graph g = connect_and_build(net, 100, 300, 0, c, ax_value_constant(1), ax_value_constant(1));
    uint32_t in[300], out[100];
    degrees(&g, 100, 300, in, out);
    for (int j = 0; j < 300; j++)
        cr_assert_eq(in[j], 200);
    cr_assert(count_repeats(&g) > 0, "200 draws from 100 sources must repeat");
    graph_free(&g);
    ax_network_free(net);
}

Test(connectors, fixed_outdegree_exact)
{
    ax_network *net = new_net(0.1, 12, 2);
    ax_connector c = ax_connector_fixed_outdegree(30);
    c.allow_self = false;
    graph g = connect_and_build(net, 500, 500, 1, c, ax_value_constant(1), ax_value_constant(1));
    uint32_t in[500], out[500];
    degrees(&g, 500, 500, in, out);
    for (int i = 0; i < 500; i++)
        cr_assert_eq(out[i], 30, "source %d has %u targets", i, out[i]);
    cr_assert_eq(count_self(&g), 0);
    cr_assert_eq(count_repeats(&g), 0);
    graph_free(&g);
    ax_network_free(net);
}

/* In- and out-degrees of a Bernoulli graph: Binomial(n, p). */
static void check_probability(double p, int same, int allow_self)
{
    const uint32_t N = 1000;
    ax_network *net = new_net(0.1, 13, 2);
    ax_connector c = ax_connector_fixed_probability(p);
    c.allow_self = allow_self;
    graph g = connect_and_build(net, N, N, same, c, ax_value_constant(1), ax_value_constant(1));
    uint32_t *in = malloc(N * sizeof *in), *out = malloc(N * sizeof *out);
    degrees(&g, N, N, in, out);
    double trials = same && !allow_self ? N - 1 : N;
    double mean_exp = trials * p, var_exp = trials * p * (1 - p);
    for (int side = 0; side < 2; side++) {
        const uint32_t *d = side ? out : in;
        double m = 0, v = 0;
        for (uint32_t k = 0; k < N; k++)
            m += d[k];
        m /= N;
        for (uint32_t k = 0; k < N; k++)
            v += (d[k] - m) * (d[k] - m);
        v /= N - 1;
        cr_log_info("p = %g %s-degree: mean %.3f (expected %.3f), variance %.2f (expected %.2f)", p,
                    side ? "out" : "in", m, mean_exp, v, var_exp);
        /* mean: 5 sd of the mean; variance: the sample variance has sd
         * ~ var sqrt(2/(N-1)), 5 sd is 22 % */
        cr_assert(fabs(m - mean_exp) < 5 * sqrt(var_exp / N), "mean degree %g, expected %g", m, mean_exp);
        cr_assert(fabs(v - var_exp) < 5 * var_exp * sqrt(2.0 / (N - 1)), "variance %g, expected %g", v, var_exp);
    }
    if (same && !allow_self)
        cr_assert_eq(count_self(&g), 0);
    cr_assert_eq(count_repeats(&g), 0);
    free(in);
    free(out);
    graph_free(&g);
    ax_network_free(net);
}

Test(connectors, fixed_probability_sparse) { check_probability(0.02, 0, 1); }
Test(connectors, fixed_probability_medium_no_self) { check_probability(0.1, 1, 0); }
Test(connectors, fixed_probability_dense) { check_probability(0.5, 1, 0); }

Test(connectors, fixed_probability_extremes)
{
    ax_network *net = new_net(0.1, 13, 1);
    ax_connector c = ax_connector_fixed_probability(1.0);
    c.allow_self = false;
    graph g = connect_and_build(net, 50, 50, 1, c, ax_value_constant(1), ax_value_constant(1));
    cr_assert_eq(g.n, 50 * 49);
    graph_free(&g);
    ax_network_free(net);
    net = new_net(0.1, 13, 1);
    g = connect_and_build(net, 50, 50, 1, ax_connector_fixed_probability(0.0), ax_value_constant(1), ax_value_constant(1));
    cr_assert_eq(g.n, 0);
    graph_free(&g);
    ax_network_free(net);
}

Test(connectors, fixed_total_exact)
{
    uint64_t totals[3] = {1000, 6000, 9800};   /* sparse, and more than half of the 9900 pairs */
    for (int k = 0; k < 3; k++) {
        ax_network *net = new_net(0.1, 14, 2);
        ax_connector c = ax_connector_fixed_total(totals[k]);
        c.allow_self = false;
        graph g = connect_and_build(net, 100, 100, 1, c, ax_value_constant(1), ax_value_constant(1));
        cr_assert_eq(g.n, totals[k]);
        cr_assert_eq(count_self(&g), 0);
        cr_assert_eq(count_repeats(&g), 0);
        graph_free(&g);
        ax_network_free(net);
    }
    ax_network *net = new_net(0.1, 14, 2);
    ax_connector c = ax_connector_fixed_total(500);
    c.allow_multiple = true;
    graph g = connect_and_build(net, 10, 10, 0, c, ax_value_constant(1), ax_value_constant(1));
    cr_assert_eq(g.n, 500);
    cr_assert(count_repeats(&g) > 0, "500 draws from 100 pairs must repeat");
    graph_free(&g);
    ax_network_free(net);
}

/* With multapses (NEST's fixed_total_number) the degrees are multinomial:
 * each of the n synapses picks its target and its source uniformly.  Over
 * 300 targets / 200 sources the sample variance of the degrees has a
 * relative standard error of about 8 %: bounds of 30 % are ~4 sigma. */
Test(connectors, fixed_total_with_multapses_is_multinomial)
{
    uint32_t n_pre = 200, n_post = 300;
    uint64_t n = 150000;   /* more than two chunks of target draws */
    ax_network *net = new_net(0.1, 5, 2);
    ax_connector c = ax_connector_fixed_total(n);
    c.allow_multiple = true;
    graph g = connect_and_build(net, n_pre, n_post, 0, c, ax_value_constant(1), ax_value_constant(1));
    cr_assert_eq(g.n, n);
    uint32_t in[300], out[200];
    degrees(&g, n_pre, n_post, in, out);
    double mean_in = (double)n / n_post, var_in = n * (1.0 / n_post) * (1 - 1.0 / n_post);
    double mean_out = (double)n / n_pre, var_out = n * (1.0 / n_pre) * (1 - 1.0 / n_pre);
    double s1 = 0, s2 = 0;
    for (uint32_t j = 0; j < n_post; j++)
        s1 += in[j], s2 += (double)in[j] * in[j];
    double v = s2 / n_post - (s1 / n_post) * (s1 / n_post);
    cr_assert_float_eq(s1 / n_post, mean_in, 1e-9);
    cr_assert(fabs(v / var_in - 1) < 0.3, "in-degree variance %g, multinomial %g", v, var_in);
    s1 = s2 = 0;
    for (uint32_t i = 0; i < n_pre; i++)
        s1 += out[i], s2 += (double)out[i] * out[i];
    v = s2 / n_pre - (s1 / n_pre) * (s1 / n_pre);
    cr_assert_float_eq(s1 / n_pre, mean_out, 1e-9);
    cr_assert(fabs(v / var_out - 1) < 0.3, "out-degree variance %g, multinomial %g", v, var_out);
    /* expected repeats: pairs drawn more than once, n - E[distinct pairs] */
    double pairs = (double)n_pre * n_post, distinct = pairs * (1 - pow(1 - 1 / pairs, (double)n));
    double repeats = (double)count_repeats(&g), expect = n - distinct;
    cr_assert(fabs(repeats / expect - 1) < 0.05, "%g repeats, expected %g", repeats, expect);
    graph_free(&g);
    ax_network_free(net);
}

Test(connectors, all_to_all_and_one_to_one)
{
    ax_network *net = new_net(0.1, 1, 2);
    ax_connector c = ax_connector_all_to_all();
    c.allow_self = false;
    graph g = connect_and_build(net, 30, 30, 1, c, ax_value_constant(1), ax_value_constant(1));
    cr_assert_eq(g.n, 30 * 29);
    cr_assert_eq(count_self(&g), 0);
    graph_free(&g);
    ax_network_free(net);

    net = new_net(0.1, 1, 2);
    g = connect_and_build(net, 25, 25, 0, ax_connector_one_to_one(), ax_value_constant(1), ax_value_constant(1));
    cr_assert_eq(g.n, 25);
    for (size_t k = 0; k < g.n; k++)
        cr_assert(g.src[k] == k && g.tgt[k] == k);
    graph_free(&g);
    ax_network_free(net);
}

Test(connectors, all_to_all_weight_matrix)
{
    double w[6] = {1, 2, 3, 4, 5, 6};   /* w[i * 3 + j]: 2 sources x 3 targets */
    ax_network *net = new_net(0.1, 1, 2);
    graph g = connect_and_build(net, 2, 3, 0, ax_connector_all_to_all(), ax_value_array(w, 6), ax_value_constant(1));
    cr_assert_eq(g.n, 6);
    for (size_t k = 0; k < 6; k++)
        cr_assert_float_eq(g.w[k], w[g.src[k] * 3 + g.tgt[k]], 1e-6);
    graph_free(&g);
    ax_network_free(net);
}

Test(connectors, from_list_with_weights_and_delays)
{
    uint32_t s[4] = {3, 0, 3, 1}, t[4] = {1, 2, 0, 2};
    double w[4] = {0.5, 0.25, 0.125, 2.0}, d[4] = {1.0, 0.1, 2.5, 0.3};
    ax_network *net = new_net(0.1, 1, 2);
    ax_connector c = ax_connector_from_list(s, t, 4);
    graph g = connect_and_build(net, 4, 3, 0, c, ax_value_array(w, 4), ax_value_array(d, 4));
    cr_assert_eq(g.n, 4);
    /* (source, target) order: (0,2) (1,2) (3,0) (3,1) = entries 1, 3, 2, 0 */
    int order[4] = {1, 3, 2, 0};
    for (int k = 0; k < 4; k++) {
        cr_assert_eq(g.src[k], s[order[k]]);
        cr_assert_eq(g.tgt[k], t[order[k]]);
        cr_assert_float_eq(g.w[k], w[order[k]], 1e-9);
        cr_assert_float_eq(g.d[k], d[order[k]], 1e-9);
    }
    graph_free(&g);
    ax_network_free(net);
}

Test(connectors, from_list_refuses_repeats_self_and_range)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population a, b;
    OK(net, ax_population_add(net, "a", "IF_curr_exp", 4, &a));
    OK(net, ax_population_add(net, "b", "IF_curr_exp", 3, &b));
    uint32_t s[3] = {0, 1, 0}, t[3] = {1, 2, 1}, bad[1] = {7}, zero[1] = {0};
    ax_connector c = ax_connector_from_list(s, t, 3);
    FAILS(net, ax_projection_add(net, a, b, &c, "excitatory", ax_value_constant(1), ax_value_constant(1), NULL), AX_ERR_ARGUMENT,
          "appears twice");
    c.allow_multiple = true;
    OK(net, ax_projection_add(net, a, b, &c, "excitatory", ax_value_constant(1), ax_value_constant(1), NULL));
    ax_connector r = ax_connector_from_list(bad, zero, 1);
    FAILS(net, ax_projection_add(net, a, b, &r, "excitatory", ax_value_constant(1), ax_value_constant(1), NULL), AX_ERR_ARGUMENT,
          "out of range");
    ax_connector self = ax_connector_from_list(zero, zero, 1);
    self.allow_self = false;
    FAILS(net, ax_projection_add(net, a, a, &self, "excitatory", ax_value_constant(1), ax_value_constant(1), NULL), AX_ERR_ARGUMENT,
          "to itself");
    ax_network_free(net);
}

Test(connectors, weight_and_delay_distributions)
{
    ax_network *net = new_net(0.1, 21, 2);
    graph g = connect_and_build(net, 300, 300, 0, ax_connector_fixed_indegree(100), ax_value_uniform(0.5, 1.5),
                                ax_value_normal_clipped(1.5, 0.5, 0.1, 3.0));
    double mw = 0;
    for (size_t k = 0; k < g.n; k++) {
        cr_assert(g.w[k] >= 0.5 && g.w[k] <= 1.5);
        cr_assert(g.d[k] >= 0.1 - 1e-9 && g.d[k] <= 3.0 + 1e-9);
        cr_assert(fabs(g.d[k] / 0.1 - round(g.d[k] / 0.1)) < 1e-6, "delay on the grid");
        mw += g.w[k];
    }
    mw /= g.n;
    cr_assert(fabs(mw - 1.0) < 5 * sqrt(1.0 / 12 / g.n), "mean weight %g", mw);
    graph_free(&g);
    ax_network_free(net);
}

/* The same seed gives the same synapses whatever the number of threads. */
Test(connectors, independent_of_threads)
{
    ax_connector conns[6] = {ax_connector_fixed_probability(0.05), ax_connector_fixed_indegree(40), ax_connector_fixed_outdegree(40),
                             ax_connector_fixed_total(20000), ax_connector_all_to_all(), ax_connector_fixed_total(150000)};
    conns[5].allow_multiple = true;
    for (int k = 0; k < 6; k++) {
        graph g[3];
        int threads[3] = {1, 2, 3};
        for (int r = 0; r < 3; r++) {
            ax_network *net = new_net(0.1, 99, threads[r]);
            g[r] = connect_and_build(net, 700, 500, 0, conns[k], ax_value_normal_clipped(1, 0.3, 0.1, 2),
                                     ax_value_uniform(0.1, 2.0));
            ax_network_free(net);
        }
        for (int r = 1; r < 3; r++) {
            cr_assert_eq(g[r].n, g[0].n, "connector %d: %zu vs %zu synapses", k, g[r].n, g[0].n);
            for (size_t q = 0; q < g[0].n; q++) {
                cr_assert(g[r].src[q] == g[0].src[q] && g[r].tgt[q] == g[0].tgt[q], "connector %d synapse %zu", k, q);
                cr_assert(g[r].w[q] == g[0].w[q] && g[r].d[q] == g[0].d[q], "connector %d values %zu", k, q);
            }
        }
        for (int r = 0; r < 3; r++)
            graph_free(&g[r]);
    }
}
