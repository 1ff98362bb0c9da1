/*
 * test_mpi.c - a network split over MPI ranks gives what one process
 * gives, bit for bit, for 1, 2 and 3 ranks (oversubscribed on a smaller
 * machine) x 1 and 2 threads (docs/mpi.md): spike counts, the stats and a
 * hash of every state variable of every neuron after the run
 * (tests/mpi/state_hash.c).  The models cover static synapses with
 * per-synapse delays (COBAHH: conductance-based HH, exponential
 * receptors), noise (Izhikevich 2003), spike sources and Poisson drives,
 * plastic-free distance-dependent lattices and the seed's averaged
 * couplings (gap-like, every-step exchange of v and of spike sources'
 * last spikes).
 */
#include "mpi_helpers.h"

/* The driver next to the axon binary's build folder. */
static const char *driver(void)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s", bin());
    char *slash = strrchr(path, '/');
    snprintf(slash ? slash + 1 : path, sizeof path - (size_t)(slash ? slash + 1 - path : 0), "tests/mpi/state_hash");
    return path;
}

/* The "hash" line of rank 0's output (all ranks print the same one). */
static void hash_line(const char *out, char *line, size_t len)
{
    const char *h = strstr(out, "rank 0: hash");
    cr_assert_not_null(h, "no hash line in:\n%s", out);
    size_t n = strcspn(h + 8, "\n");
    snprintf(line, len, "%.*s", (int)n, h + 8);
}

static void same_for_any_split(const char *model, const char *ms)
{
    if (!mpi_usable())
        return;
    char cmd[2048], one[256], other[256];
    snprintf(cmd, sizeof cmd, "%s %s %s 1", driver(), model, ms);
    result *r = mpirun(1, cmd);
    cr_assert_eq(r->status, 0, "%s %s", r->out, r->err);
    hash_line(r->out, one, sizeof one);
    cr_log_info("%s, 1 rank x 1 thread: %s", model, one);
    const int ranks[] = {2, 2, 3, 3}, threads[] = {1, 2, 1, 2};
    for (int c = 0; c < 4; c++) {
        snprintf(cmd, sizeof cmd, "%s %s %s %d", driver(), model, ms, threads[c]);
        r = mpirun(ranks[c], cmd);
        cr_assert_eq(r->status, 0, "%d ranks x %d threads: %s %s", ranks[c], threads[c], r->out, r->err);
        hash_line(r->out, other, sizeof other);
        cr_expect_str_eq(other, one, "%s, %d ranks x %d threads differs from one process", model, ranks[c],
                         threads[c]);
        /* every rank holds the same states after the run */
        for (int k = 1; k < ranks[c]; k++) {
            char want[300];
            snprintf(want, sizeof want, "rank %d: %s", k, one);
            cr_expect(strstr(r->out, want), "rank %d of %d differs: %s", k, ranks[c], r->out);
        }
    }
}

Test(mpi, cobahh_is_the_same_for_any_split, .timeout = 240) { same_for_any_split("examples/cobahh.toml", "100"); }
Test(mpi, izhikevich_with_noise_is_the_same_for_any_split, .timeout = 240)
{
    same_for_any_split("examples/izhikevich2003.toml", "100");
}
Test(mpi, ring_attractor_is_the_same_for_any_split, .timeout = 240)
{
    same_for_any_split("examples/ring_attractor.toml", "200");
}
Test(mpi, averaged_lattices_are_the_same_for_any_split, .timeout = 240)
{
    same_for_any_split("examples/seed_ei_lattices.toml", "200");
}
Test(mpi, spike_train_lattice_is_the_same_for_any_split, .timeout = 240)
{
    same_for_any_split("examples/seed_spike_train_lattice.toml", "300");
}

/* A state that turns NaN on one rank (neuron 25 of 30 is on the last of
 * 2 or 3 ranks) stops every rank after the same window with the message
 * one process gives: no rank waits for the others in a collective. */
Test(mpi, a_failure_on_one_rank_stops_every_rank_with_the_same_message, .timeout = 120)
{
    if (!mpi_usable())
        return;
    char cmd[2048], one[1024];
    snprintf(cmd, sizeof cmd, "%s tests/mpi/unstable.toml 100 1", driver());
    result *r = mpirun(1, cmd);
    cr_assert_neq(r->status, 0);
    cr_assert(strstr(r->out, "neuron 25") && strstr(r->out, "became"), "%s", r->out);
    snprintf(one, sizeof one, "%.*s", (int)strcspn(r->out, "\n"), r->out);
    for (int n = 2; n <= 3; n++) {
        snprintf(cmd, sizeof cmd, "%s tests/mpi/unstable.toml 100 2", driver());
        r = mpirun(n, cmd);
        cr_assert_neq(r->status, 0);
        int lines = 0;
        for (const char *at = strstr(r->out, one); at; at = strstr(at + 1, one))
            lines++;
        cr_expect_eq(lines, n, "%d ranks: every rank says \"%s\"; got:\n%s", n, one, r->out);
    }
}

/* 2,000 spike sources before 200 HH cells: the cut between 2 ranks falls
 * by estimated cost (an HH cell's update and its incoming synapses cost
 * more than a source's draw), so rank 0 takes more than half of the
 * neurons - and the results are still those of one process. */
Test(mpi, ranks_are_cut_by_cost_not_by_count, .timeout = 120)
{
    if (!mpi_usable())
        return;
    same_for_any_split("tests/mpi/mixed_costs.toml", "100");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s tests/mpi/mixed_costs.toml 100 1", driver());
    result *r = mpirun(2, cmd);
    cr_assert_eq(r->status, 0, "%s %s", r->out, r->err);
    unsigned b0, e0, b1, e1;
    const char *o0 = strstr(r->out, "rank 0: owns"), *o1 = strstr(r->out, "rank 1: owns");
    cr_assert(o0 && o1, "%s", r->out);
    cr_assert_eq(sscanf(o0, "rank 0: owns [%u, %u)", &b0, &e0), 2);
    cr_assert_eq(sscanf(o1, "rank 1: owns [%u, %u)", &b1, &e1), 2);
    cr_expect(b0 == 0 && e0 == b1 && e1 == 2200, "ranges [%u, %u) [%u, %u) must tile the 2,200 neurons", b0, e0, b1,
              e1);
    cr_expect(e0 > 1100 && e0 < 2000, "rank 0 owns %u neurons: more than half (the cheap sources), fewer than all "
              "the sources (the cells cost more)", e0);
}
