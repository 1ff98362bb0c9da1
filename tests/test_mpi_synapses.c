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
 * process's: a rank that read only its own synapses or placed them by its
 * local order gives other hashes and counts from 2 ranks on; with the
 * merge of the recorded weights taken out of record/weights.c, rank 0's
 * "weight samples" line of 2 ranks x 1 thread differed (bee94f63...
 * against 542e1728...: the sampled synapses are on rank 1).
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

/* Runs the driver on the models with `ranks` x `threads` into a fresh
 * folder (dir). */
static void run(int ranks, int threads, const char *models, char *dir)
{
    char cmd[2048];
    snprintf(dir, 64, "/tmp/axon-mpisyn-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "%s %d %s %s", driver(), threads, dir, models);
    result *r = mpirun(ranks, cmd);
    cr_assert_eq(r->status, 0, "%d ranks x %d threads: %s %s", ranks, threads, r->out, r->err);
}

static void rank_lines(const char *dir, int k, char *buf, size_t len)
{
    char path[128];
    snprintf(path, sizeof path, "%s/rank%d.txt", dir, k);
    slurp(path, buf, len);
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

/* One job per split runs all three models: mpirun's start is most of the
 * time on a loaded machine (about 8 s for 2 ranks, 16 s for 3 ranks x 2
 * threads, against 0.5 s of simulation). */
Test(mpi_synapses, reading_changing_and_recording_synapses_is_the_same_for_any_split, .timeout = 300)
{
    if (!mpi_usable())
        return;
    char models_dir[64] = "/tmp/axon-mpisyn-model-XXXXXX", models[1024], dir[64];
    cr_assert_not_null(mkdtemp(models_dir));
    snprintf(models, sizeof models, "%s/gaps.toml", models_dir);
    write_file(models, GAPS);
    snprintf(models, sizeof models, "examples/stdp_weights.toml 200 examples/lsm.toml 100 %s/gaps.toml 20",
             models_dir);
    run(1, 1, models, dir);
    rank_lines(dir, 0, reference, sizeof reference);
    remove_tree(dir);
    cr_log_info("one process:\n%s", reference);
    /* the reference itself did every step: nothing failed, every read agreed */
    cr_assert(!strstr(reference, "FAILED") && !strstr(reference, "NO") && !strstr(reference, "FOUND"), "%s",
              reference);
    cr_assert(strstr(reference, "model 2") && strstr(reference, "state 0:") && strstr(reference, "npz 5:"), "%s",
              reference);
    cr_assert(strstr(reference, "weight samples") && strstr(reference, "weight histogram"), "%s", reference);
    const int ranks[] = {2, 2, 3, 3}, threads[] = {1, 2, 1, 2};
    for (int c = 0; c < 4; c++) {
        run(ranks[c], threads[c], models, dir);
        for (int k = 0; k < ranks[c]; k++) {
            rank_lines(dir, k, other, sizeof other);
            cr_expect_str_eq(other, reference, "%d ranks x %d threads: rank %d differs from one process", ranks[c],
                             threads[c], k);
        }
        remove_tree(dir);
    }
    remove_tree(models_dir);
}
