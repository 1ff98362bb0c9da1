/*
 * test_mpi_checkpoint.c - checkpoints and reset of a network split over
 * MPI ranks (docs/checkpoints.md, "Under MPI"), through the driver
 * tests/mpi/checkpoint.c under mpirun (oversubscribed).
 *
 * The reference is one process (mpirun -n 1: one rank) running 2T.  For
 * 1, 2 and 3 ranks x 1 and 2 threads, on every rank: that run, a run of T
 * saved, reset and run 2T again, and a fresh network restoring the save
 * and running T more, give the same hash of every state variable of every
 * neuron and every population's spike count, and the same spike and event
 * totals, bit for bit; so does the restored network before it runs, with
 * the saving one at the save.  The hash covers the state after the continued run,
 * which depends on everything the checkpoint carries (a delay buffer, a
 * weight, a trace or a modulator level restored wrongly changes the
 * membrane potentials that follow: dropping the restored counts'
 * sum over the ranks, say, shows in "spikes").  The models: static
 * synapses with per-synapse delays (COBAHH), plastic synapses (STDP with
 * Tsodyks-Markram, triplet STDP, reward-modulated STDP with a modulator;
 * tests/mpi/checkpoint_plastic.toml) and the seed's averaged lattices.
 * A checkpoint restores only with the rank count that saved it: the
 * others are refused on every rank with a message naming both counts; a
 * save that fails on every rank, or on one rank alone, fails on every
 * rank with the same message and leaves no part under the checkpoint's
 * name; a part of another save is refused.
 */
#include <sys/stat.h>
#include <unistd.h>

#include "mpi_helpers.h"

static const char *driver(void)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s", bin());
    char *slash = strrchr(path, '/');
    snprintf(slash ? slash + 1 : path, sizeof path - (size_t)(slash ? slash + 1 - path : 0), "tests/mpi/checkpoint");
    return path;
}

/* The text after "rank R: WHAT " up to the end of the line, in line. */
static int find_line(const char *out, int rank, const char *what, char *line, size_t len)
{
    char key[512];
    snprintf(key, sizeof key, "rank %d: %s ", rank, what);
    const char *h = strstr(out, key);
    if (!h)
        return 0;
    h += strlen(key);
    snprintf(line, len, "%.*s", (int)strcspn(h, "\n"), h);
    return 1;
}

static void temp_dir(char *dir, size_t len)
{
    snprintf(dir, len, "/tmp/axon-ckpt-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

/* The models and their T (ms). */
static const char *const models[][2] = {
    {"examples/cobahh.toml", "50"},
    {"tests/mpi/checkpoint_plastic.toml", "100"},
    {"examples/seed_ei_lattices.toml", "50"},
    {"tests/mpi/checkpoint_lattice.toml", "50"},
};
enum { N_MODELS = sizeof models / sizeof *models };

/* T ms, saved, reset and restored, for every split, equals one process's
 * 2T; the restored state equals the saved one.  All models in one job per
 * split: each mpirun costs seconds to start on a loaded machine. */
Test(mpi_checkpoint, every_model_continues_for_any_split, .timeout = 200)
{
    if (!mpi_usable())
        return;
    char dir[64], cmd[2048], one[N_MODELS][256], half[N_MODELS][256], zero[N_MODELS][256], line[256], key[300];
    temp_dir(dir, sizeof dir);
    const int ranks[] = {1, 2, 2, 3, 3}, threads[] = {1, 1, 2, 1, 2};
    for (int c = 0; c < 5; c++) {
        int at = snprintf(cmd, sizeof cmd, "%s %d %s/c%d all", driver(), threads[c], dir, c);
        for (int m = 0; m < N_MODELS; m++)
            at += snprintf(cmd + at, sizeof cmd - (size_t)at, " %s %s", models[m][0], models[m][1]);
        result *r = mpirun(ranks[c], cmd);
        cr_assert_eq(r->status, 0, "%d ranks x %d threads: %s %s", ranks[c], threads[c], r->out, r->err);
        for (int m = 0; m < N_MODELS; m++) {
            const char *model = models[m][0];
            if (c == 0) {
                snprintf(key, sizeof key, "%s hash whole", model);
                cr_assert(find_line(r->out, 0, key, one[m], sizeof one[m]), "%s: no whole run in:\n%s", model,
                          r->out);
                snprintf(key, sizeof key, "%s hash half", model);
                cr_assert(find_line(r->out, 0, key, half[m], sizeof half[m]), "%s: no half run in:\n%s", model,
                          r->out);
                snprintf(key, sizeof key, "%s hash zero", model);
                cr_assert(find_line(r->out, 0, key, zero[m], sizeof zero[m]), "%s: no reset in:\n%s", model, r->out);
                cr_assert(strstr(zero[m], " spikes 0 events 0"), "%s: counts after a reset: %s", model, zero[m]);
                cr_log_info("%s, one process, 2 x %s ms: %s", model, models[m][1], one[m]);
            }
            const char *what[] = {"whole", "reset", "restored", "loaded", "zero"};
            const char *want[] = {one[m], one[m], one[m], half[m], zero[m]};
            for (int k = 0; k < ranks[c]; k++)
                for (int w = 0; w < 5; w++) {
                    snprintf(key, sizeof key, "%s hash %s", model, what[w]);
                    cr_assert(find_line(r->out, k, key, line, sizeof line), "%d ranks x %d threads, rank %d: no "
                              "%s in:\n%s", ranks[c], threads[c], k, key, r->out);
                    /* loaded: the restored state itself, counts included, before it runs; zero: the
                     * state right after the reset */
                    cr_expect_str_eq(line, want[w], "%s, %d ranks x %d threads, rank %d: the %s "
                                     "run differs from one process's", model, ranks[c], threads[c], k, what[w]);
                }
        }
    }
    remove_tree(dir);
}

/* Every rank of an n-rank job printed `call` failed with the same message,
 * which contains `fragment`. */
static void failed_alike(const result *r, int n, const char *call, const char *fragment)
{
    char first[2048], line[2048], what[96];
    snprintf(what, sizeof what, "examples/cobahh.toml %s failed", call);
    cr_assert(find_line(r->out, 0, what, first, sizeof first), "rank 0 did not fail in %s:\n%s\n%s", call, r->out,
              r->err);
    cr_expect(strstr(first, fragment), "rank 0's message lacks '%s': %s", fragment, first);
    for (int k = 1; k < n; k++) {
        cr_assert(find_line(r->out, k, what, line, sizeof line), "rank %d did not fail in %s:\n%s", k, call, r->out);
        cr_expect_str_eq(line, first, "rank %d's message differs from rank 0's", k);
    }
}

static result *run_driver(int n, const char *ms, const char *file, const char *mode)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s 1 %s %s examples/cobahh.toml %s", driver(), file, mode, ms);
    result *r = mpirun(n, cmd);
    cr_assert_eq(r->status, 0, "%d ranks, %s: %s %s", n, mode, r->out, r->err);
    return r;
}

/* A checkpoint restores with the rank count that saved it; any other is
 * refused before anything changes, on every rank, naming both counts. */
Test(mpi_checkpoint, another_rank_count_is_refused_naming_both, .timeout = 120)
{
    if (!mpi_usable())
        return;
    char dir[64], two[128], one[128];
    temp_dir(dir, sizeof dir);
    snprintf(two, sizeof two, "%s/two", dir);
    snprintf(one, sizeof one, "%s/one", dir);
    result *r = run_driver(2, "10", two, "save");
    cr_assert(strstr(r->out, "rank 1: examples/cobahh.toml save ok"), "%s", r->out);
    r = run_driver(3, "10", two, "restore");
    failed_alike(r, 3, "restore", "saved by 2 MPI ranks, while this network runs on 3 MPI ranks");
    r = run_driver(1, "10", two, "restore");
    failed_alike(r, 1, "restore", "saved by 2 MPI ranks, while this network runs on one process");
    r = run_driver(1, "10", one, "save");
    cr_assert(strstr(r->out, "rank 0: examples/cobahh.toml save ok"), "%s", r->out);
    r = run_driver(2, "10", one, "restore");
    failed_alike(r, 2, "restore", "saved by one process, while this network runs on 2 MPI ranks");
    remove_tree(dir);
}

/* A save that fails on every rank, or on one alone, fails on every rank
 * with the same message; no rank waits alone (the driver would hang: the
 * timeout), and no part keeps the checkpoint's name. */
Test(mpi_checkpoint, a_failed_save_fails_on_every_rank, .timeout = 120)
{
    if (!mpi_usable())
        return;
    result *r = run_driver(3, "5", "/nonexistent-dir/x.state", "save");
    failed_alike(r, 3, "save", "cannot create /nonexistent-dir/x.state");
    char dir[64], file[128], blocker[160], path[200];
    temp_dir(dir, sizeof dir);
    snprintf(file, sizeof file, "%s/c", dir);
    snprintf(blocker, sizeof blocker, "%s.rank1of3", file);
    cr_assert_eq(mkdir(blocker, 0700), 0);   /* rank 1 cannot rename its part over a folder */
    r = run_driver(3, "5", file, "save");
    failed_alike(r, 3, "save", "could not write");
    cr_expect(strstr(r->out, "c.rank1of3"), "the message names rank 1's part: %s", r->out);
    cr_expect_neq(access(file, F_OK), 0, "rank 0's part stays although rank 1's is missing");
    snprintf(path, sizeof path, "%s.rank2of3", file);
    cr_expect_neq(access(path, F_OK), 0, "rank 2's part stays although rank 1's is missing");
    snprintf(path, sizeof path, "%s.partial", file);
    cr_expect_neq(access(path, F_OK), 0, "a temporary file stays");
    remove_tree(dir);
}

/* The parts of one checkpoint are written together: a part of another
 * save (of the same network at the same time) is refused on every rank. */
Test(mpi_checkpoint, a_part_of_another_save_is_refused, .timeout = 120)
{
    if (!mpi_usable())
        return;
    char dir[64], a[128], b[128], cmd[512];
    temp_dir(dir, sizeof dir);
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    run_driver(2, "5", a, "save");
    run_driver(2, "5", b, "save");
    snprintf(cmd, sizeof cmd, "cp %s.rank1of2 %s.rank1of2", b, a);
    cr_assert_eq(system(cmd), 0);
    result *r = run_driver(2, "5", a, "restore");
    failed_alike(r, 2, "restore", "belongs to another save than rank 0's part");
    remove_tree(dir);
}
