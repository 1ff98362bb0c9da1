/*
 * test_oom_graph.c - the graph calls under allocation failures: exporting
 * a projection (CSV, NPY, NPZ), importing a file, editing one synapse and
 * listing a neuron's synapses, with the N-th allocation failing for N = 1,
 * 2, ... until a pass reaches no N-th allocation.  For every N each call
 * returns AX_OK or AX_ERR_MEMORY with a message that says what ran out,
 * leaves no partial file, and changes a projection's weights wholly or not
 * at all; the blocks allocated and freed balance.  (libzip allocates in its
 * own shared library, which the wrapping does not reach.)
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "axon.h"
#include "fail_alloc.h"

typedef struct graph {
    ax_network *net;
    ax_projection stat, plast, gap;
} graph;

static graph make(void)
{
    graph g;
    ax_error err;
    g.net = ax_network_create(0.1, 3, 2, &err);
    cr_assert_not_null(g.net, "%s", err.message);
    ax_population p, e;
    cr_assert_eq(ax_population_add(g.net, "P", "SpikeSourcePoisson", 12, &p), AX_OK);
    cr_assert_eq(ax_population_add(g.net, "E", "IF_cond_exp", 8, &e), AX_OK);
    ax_connector c = ax_connector_fixed_probability(0.5);
    cr_assert_eq(ax_projection_add(g.net, p, e, &c, "excitatory", ax_value_uniform(0.001, 0.01),
                                   ax_value_uniform(1.0, 2.0), &g.stat), AX_OK);
    ax_plasticity rule = ax_plasticity_defaults();
    cr_assert_eq(ax_projection_add_plastic(g.net, p, e, &c, "excitatory", ax_value_uniform(0.0, 0.5),
                                           ax_value_constant(1.0), &rule, &g.plast), AX_OK);
    cr_assert_eq(ax_projection_add_gap(g.net, e, e, &c, ax_value_uniform(0.0, 0.001), &g.gap), AX_OK);
    cr_assert_eq(ax_network_run(g.net, 5.0), AX_OK, "%s", ax_network_get_error(g.net));
    return g;
}

#define MAX_SYN 256

/* The test's own arrays are static: the wrapping counts (and may fail)
 * the test's allocations too. */
static void weights(ax_network *net, ax_projection proj, double *w)
{
    cr_assert_leq(ax_projection_get_size(net, proj), MAX_SYN);
    cr_assert_eq(ax_projection_get_synapses(net, proj, NULL, NULL, w, NULL), AX_OK, "%s", ax_network_get_error(net));
}

/* Weights set back; a failure injected into this call is met once. */
static void set_back(ax_network *net, ax_projection proj, const double *w, uint64_t n)
{
    if (ax_projection_set_weights(net, proj, w, n) != AX_OK)
        cr_assert_eq(ax_projection_set_weights(net, proj, w, n), AX_OK, "%s", ax_network_get_error(net));
}

/* Fails when st is neither AX_OK nor a memory failure that says so. */
static bool check(ax_network *net, ax_status st, long n, const char *call)
{
    cr_assert(st == AX_OK || st == AX_ERR_MEMORY, "N = %ld: %s returned %s: %s", n, call, ax_status_name(st),
              ax_network_get_error(net));
    if (st)
        cr_assert(strstr(ax_network_get_error(net), "out of memory"), "N = %ld: %s: '%s'", n, call,
                  ax_network_get_error(net));
    return st == AX_OK;
}

Test(oom_graph, every_allocation_of_the_graph_calls_may_fail, .timeout = 120)
{
    graph g = make();
    ax_projection projs[] = {g.stat, g.plast, g.gap};
    char dir[64] = "/tmp/axon-oom-graph-XXXXXX", path[3][3][128];
    cr_assert_not_null(mkdtemp(dir));
    static const char *ext[] = {"csv", "npy", "npz"};
    /* files with other weights: the originals halved (within every bound) */
    static double orig[3][MAX_SYN], half[3][MAX_SYN], w[MAX_SYN];
    for (int k = 0; k < 3; k++) {
        weights(g.net, projs[k], orig[k]);
        uint64_t n = ax_projection_get_size(g.net, projs[k]);
        for (uint64_t q = 0; q < n; q++)
            half[k][q] = (double)(float)(orig[k][q] / 2);
        cr_assert_eq(ax_projection_set_weights(g.net, projs[k], half[k], n), AX_OK);
        for (int f = 0; f < 3; f++) {
            snprintf(path[k][f], sizeof path[k][f], "%s/p%d.%s", dir, k, ext[f]);
            cr_assert_eq(ax_projection_export(g.net, projs[k], path[k][f], (ax_graph_format)f), AX_OK);
        }
        cr_assert_eq(ax_projection_set_weights(g.net, projs[k], orig[k], n), AX_OK);
    }
    static uint32_t gs[MAX_SYN], gt[MAX_SYN];
    cr_assert_eq(ax_projection_get_synapses(g.net, g.gap, gs, gt, NULL, NULL), AX_OK);
    long live0 = fail_alloc_live(), n;
    for (n = 1;; n++) {
        fail_alloc_arm(n, false);
        ax_synapse s;
        size_t count;
        ax_status st = ax_projection_find_synapse(g.net, g.stat, 0, 0, &s);
        cr_assert(st == AX_OK || st == AX_ERR_NOT_FOUND);
        check(g.net, ax_population_get_incoming(g.net, 1, 3, NULL, 0, &count), n, "get incoming");
        for (int k = 0; k < 3; k++) {
            char out[160];
            snprintf(out, sizeof out, "%s/out.%s", dir, ext[k]);
            if (check(g.net, ax_projection_export(g.net, projs[k], out, (ax_graph_format)k), n, "export"))
                remove(out);
            snprintf(out, sizeof out, "%s/out.%s.partial", dir, ext[k]);
            cr_assert_neq(access(out, F_OK), 0, "N = %ld: %s is left", n, out);
        }
        for (int k = 0; k < 3; k++) {
            uint64_t m = ax_projection_get_size(g.net, projs[k]);
            for (int f = 0; f < 3; f++) {
                bool ok = check(g.net, ax_projection_import(g.net, projs[k], path[k][f], (ax_graph_format)f), n,
                                "import");
                weights(g.net, projs[k], w);
                bool all_half = true, all_orig = true;
                for (uint64_t q = 0; q < m; q++) {
                    all_half &= w[q] == half[k][q];
                    all_orig &= w[q] == (double)(float)orig[k][q];
                }
                cr_assert(ok ? all_half : all_orig, "N = %ld: projection %d, %s: the weights %s (%s)", n, k, ext[f],
                          ok ? "are not the file's" : "changed although the import failed", ax_network_get_error(g.net));
                set_back(g.net, projs[k], orig[k], m);
            }
        }
        if (!check(g.net, ax_projection_set_synapse_weight(g.net, g.gap, gs[0], gt[0], 0.0005), n, "set synapse weight"))
            cr_assert_eq(ax_projection_set_synapse_weight(g.net, g.gap, gs[0], gt[0], 0.0005), AX_OK);
        weights(g.net, g.gap, w);
        cr_assert_eq(w[0], (double)0.0005f);
        set_back(g.net, g.gap, orig[2], ax_projection_get_size(g.net, g.gap));
        if (!fail_alloc_disarm())
            break;
        cr_assert_eq(fail_alloc_live(), live0, "N = %ld: %ld blocks leaked", n, fail_alloc_live() - live0);
    }
    cr_assert_gt(n, 20, "only %ld allocations: is the wrapping in place?", n);
    for (int k = 0; k < 3; k++) {
        for (int f = 0; f < 3; f++)
            remove(path[k][f]);
    }
    rmdir(dir);
    ax_network_free(g.net);
}
