/*
 * test_mpi_synapses.c - synapses read, changed and recorded under MPI are
 * what one process has, byte for byte, for 1, 2 and 3 ranks x 1 and 2
 * threads (docs/mpi.md).  The reference is the same driver as one
 * process (tests/mpi/synapses.c): after half a run it hashes, per
 * projection, the table and ax_projection_get_synapses (sources, targets,
 * weights, delays), the checkpoints' fingerprint, synapses found by their
 * pair, a neuron's incoming and outgoing lists and the exported CSV and
 * NPZ files; then it sets the weights of projection 0 (reversed) and one
 * synapse, reverses the delays of the static projections, runs the second
 * half and hashes the tables, every neuron's state and the weight
 * recorders' samples and histograms.  Every rank's lines must equal one
 * process's: a rank that read only its own synapses, placed them by its
 * local order, or kept only its own recorded columns (the way the code
 * was before the global order) gives other hashes and counts from 2
 * ranks on.
 *
 * The models: spike-pair STDP from 100 Poisson inputs onto 20 LIF
 * neurons, with a selection of recorded synapses and a histogram
 * (examples/stdp_weights.toml); a liquid state machine of Izhikevich
 * neurons with spike-array inputs and six static projections, weights
 * and delays drawn per synapse, distance-dependent (examples/lsm.toml);
 * HH neurons coupled by gap junctions (projection 0, whose weights the
 * driver sets: every rank's junction table is made again from all ranks'
 * junctions) and chemical synapses (GAPS below).
 */
#include "mpi_helpers.h"

/* The driver next to the axon binary's build folder. */
static const char *driver(void)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s", bin());
    char *slash = strrchr(path, '/');
    snprintf(slash ? slash + 1 : path, sizeof path - (size_t)(slash ? slash + 1 - path : 0), "tests/mpi/synapses");
    return path;
}

static char reference[65536], other[65536];

/* Runs the driver with `ranks` x `threads` into a fresh folder; rank k's
 * lines into buf (k < ranks). */
static void run(int ranks, int threads, const char *model, const char *ms, const char *sets, char *dir)
{
    char cmd[2048];
    snprintf(dir, 64, "/tmp/axon-mpisyn-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "%s %s %s %d %s %s", driver(), model, ms, threads, dir, sets);
    result *r = mpirun(ranks, cmd);
    cr_assert_eq(r->status, 0, "%d ranks x %d threads: %s %s", ranks, threads, r->out, r->err);
}

static void rank_lines(const char *dir, int k, char *buf, size_t len)
{
    char path[128];
    snprintf(path, sizeof path, "%s/rank%d.txt", dir, k);
    slurp(path, buf, len);
}

static void same_for_any_split(const char *model, const char *ms, const char *sets, int recorders)
{
    if (!mpi_usable())
        return;
    char dir[64];
    run(1, 1, model, ms, sets, dir);
    rank_lines(dir, 0, reference, sizeof reference);
    remove_tree(dir);
    cr_log_info("%s, one process:\n%s", model, reference);
    /* the reference itself did every step: nothing failed, every read agreed */
    cr_assert(!strstr(reference, "FAILED") && !strstr(reference, "NO") && !strstr(reference, "FOUND"), "%s",
              reference);
    cr_assert(strstr(reference, "state 0:") && strstr(reference, "npz 0:"), "%s", reference);
    if (recorders) {
        cr_assert(strstr(reference, "weight samples"), "%s", reference);
        cr_assert(strstr(reference, "weight histogram"), "%s", reference);
    }
    const int ranks[] = {2, 2, 3, 3}, threads[] = {1, 2, 1, 2};
    for (int c = 0; c < 4; c++) {
        run(ranks[c], threads[c], model, ms, sets, dir);
        for (int k = 0; k < ranks[c]; k++) {
            rank_lines(dir, k, other, sizeof other);
            cr_expect_str_eq(other, reference, "%s, %d ranks x %d threads: rank %d differs from one process", model,
                             ranks[c], threads[c], k);
        }
        remove_tree(dir);
    }
}

/* 30 HH cells, a third driven, coupled by gap junctions of drawn
 * conductances and by excitatory synapses with drawn delays. */
static const char *GAPS =
    "name = \"gaps\"\n"
    "[simulation]\ndt = 0.1\nseed = 7\n"
    "[populations.FS]\nmodel = \"HH_cond_exp\"\nsize = 30\ninit = { v = { normal = [-65.0, 5.0] } }\n"
    "[[projections]]\nfrom = \"FS\"\nto = \"FS\"\n"
    "connector = { fixed_probability = 0.2, allow_self = false }\nsynapse = \"gap\"\n"
    "weight = { uniform = [0.001, 0.01] }\n"
    "[[projections]]\nfrom = \"FS\"\nto = \"FS\"\nconnector = { fixed_probability = 0.1 }\n"
    "receptor = \"excitatory\"\nweight = { uniform = [0.001, 0.006] }\ndelay = { uniform = [0.5, 2.0] }\n"
    "[[inputs]]\nkind = \"dc\"\ntarget = \"FS\"\nneurons = [0, 3, 6, 9, 12, 15, 18, 21, 24, 27]\n"
    "amplitude = 1.0\n";

Test(mpi_synapses, gap_junctions_set_and_run_are_the_same_for_any_split, .timeout = 240)
{
    char dir[64] = "/tmp/axon-mpisyn-model-XXXXXX", path[128];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/gaps.toml", dir);
    write_file(path, GAPS);
    same_for_any_split(path, "40", "", 0);
    remove_tree(dir);
}

Test(mpi_synapses, plastic_synapses_and_weight_recorders_are_the_same_for_any_split, .timeout = 240)
{
    same_for_any_split("examples/stdp_weights.toml", "400", "", 1);
}

Test(mpi_synapses, static_synapses_with_delays_are_the_same_for_any_split, .timeout = 240)
{
    same_for_any_split("examples/lsm.toml", "200", "", 0);
}
