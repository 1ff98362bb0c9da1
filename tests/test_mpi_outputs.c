/*
 * test_mpi_outputs.c - `axon run` under mpirun writes the files one
 * process writes, byte for byte (docs/mpi.md, "Recordings"), for 1, 2 and
 * 3 ranks (oversubscribed on a smaller machine) x 1 and 2 threads: spike
 * CSVs, traces (CSV and NPY), population signals (mean v, LFP, EEG) and
 * final weights, for a static network with random delays and Poisson
 * drives, a plastic one (spike-pair STDP, Tsodyks-Markram), gap junctions
 * with noise, receptor kinetics with graded release, a neuron model with
 * white noise and a plasticity rule written as equations, and the seed's
 * averaged lattices (the .toml files of tests/mpi/,
 * examples/seed_ei_lattices.toml).
 * summary.json carries wall times: its counts are compared instead.  The
 * reference is the one-process run, which the single-process tests check
 * against analytic and independent results; a rank that wrote its own
 * part, or dropped another's, or merged spikes out of order, changes the
 * bytes (a deliberately wrong merge - ranks concatenated instead of merged
 * by step - fails every spike file here).  A C-API driver
 * (tests/mpi/recordings.c) checks that every rank's recorders hand out
 * the arrays of one process.
 */
#include <dirent.h>

#include "mpi_helpers.h"

/* 'a' and 'b' hold the same bytes (both exist). */
static bool same_file(const char *a, const char *b)
{
    FILE *f = fopen(a, "rb"), *g = fopen(b, "rb");
    bool same = f && g;
    while (same) {
        int x = fgetc(f), y = fgetc(g);
        same = x == y;
        if (x == EOF)
            break;
    }
    if (f)
        fclose(f);
    if (g)
        fclose(g);
    return same;
}

/* The value after "key": in a summary.json (up to the next , or }). */
static void json_value(const char *text, const char *key, char *out, size_t len)
{
    char k[64];
    snprintf(k, sizeof k, "\"%s\":", key);
    const char *p = strstr(text, k);
    cr_assert_not_null(p, "no %s in %s", key, text);
    p += strlen(k);
    snprintf(out, len, "%.*s", (int)strcspn(p, ",}"), p);
}

/* Every file of `want` (but summary.json) is in `got` with the same
 * bytes, and `got` has no other; the summaries' counts agree. */
static void same_folder(const char *want, const char *got, const char *what)
{
    DIR *d = opendir(want);
    cr_assert_not_null(d);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || !strcmp(e->d_name, "summary.json"))
            continue;
        char a[1200], b[1200];
        snprintf(a, sizeof a, "%s/%s", want, e->d_name);
        snprintf(b, sizeof b, "%s/%s", got, e->d_name);
        cr_expect(exists(got, e->d_name), "%s: %s is missing", what, e->d_name);
        cr_expect(same_file(a, b), "%s: %s differs from one process's", what, e->d_name);
        files++;
    }
    closedir(d);
    cr_assert_gt(files, 1, "%s: nothing was written", what);
    d = opendir(got);
    cr_assert_not_null(d);
    while ((e = readdir(d)))
        cr_expect(e->d_name[0] == '.' || exists(want, e->d_name), "%s: %s was not written by one process", what,
                  e->d_name);
    closedir(d);
    static char sa[65536], sb[65536];
    char pa[1200], pb[1200];
    snprintf(pa, sizeof pa, "%s/summary.json", want);
    snprintf(pb, sizeof pb, "%s/summary.json", got);
    slurp(pa, sa, sizeof sa);
    slurp(pb, sb, sizeof sb);
    const char *keys[] = {"status", "time_ms", "neurons", "synapses", "events", "spikes", "files"};
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        char x[256], y[256];
        json_value(sa, keys[k], x, sizeof x);
        json_value(sb, keys[k], y, sizeof y);
        cr_expect_str_eq(y, x, "%s: summary.json's %s", what, keys[k]);
    }
    const char *pops = strstr(sa, "\"populations\""), *pops2 = strstr(sb, "\"populations\"");
    cr_assert(pops && pops2);
    cr_expect_eq(strncmp(pops, pops2, strcspn(pops, "]")), 0, "%s: the populations' counts:\n%s\n%s", what, pops,
                 pops2);
}

/* `axon run MODEL` once without mpirun, then under mpirun for each
 * (ranks, threads): the same files. */
static void same_outputs(const char *model, const char *sets, int combos, const int *ranks, const int *threads)
{
    if (!mpi_usable())
        return;
    char *base = tmpdir(), want[256], cmd[4096];
    snprintf(want, sizeof want, "%s/one", base);
    snprintf(cmd, sizeof cmd, "run %s %s --threads 1 --quiet --out %s", model, sets, want);
    result *r = axon(cmd);
    cr_assert_eq(r->status, 0, "%s", r->err);
    for (int c = 0; c < combos; c++) {
        char got[256], what[300];
        snprintf(got, sizeof got, "%s/n%dt%d", base, ranks[c], threads[c]);
        snprintf(what, sizeof what, "%s, %d ranks x %d threads", model, ranks[c], threads[c]);
        snprintf(cmd, sizeof cmd, "%s run %s %s --threads %d --quiet --out %s", bin(), model, sets, threads[c], got);
        r = mpirun(ranks[c], cmd);
        cr_assert_eq(r->status, 0, "%s: %s %s", what, r->out, r->err);
        same_folder(want, got, what);
    }
    remove_tree(base);
}

static const int all_ranks[] = {1, 1, 2, 2, 3, 3}, all_threads[] = {1, 2, 1, 2, 1, 2};

Test(mpi_outputs, static_network_files_are_one_process_files, .timeout = 240)
{
    same_outputs("tests/mpi/static.toml", "", 6, all_ranks, all_threads);
}

Test(mpi_outputs, plastic_network_files_are_one_process_files, .timeout = 240)
{
    same_outputs("tests/mpi/plastic.toml", "", 6, all_ranks, all_threads);
}

Test(mpi_outputs, gap_junction_files_are_one_process_files, .timeout = 240)
{
    same_outputs("tests/mpi/gap.toml", "", 6, all_ranks, all_threads);
}

Test(mpi_outputs, receptor_kinetics_files_are_one_process_files, .timeout = 240)
{
    same_outputs("tests/mpi/receptors.toml", "", 6, all_ranks, all_threads);
}

Test(mpi_outputs, equation_model_files_are_one_process_files, .timeout = 240)
{
    same_outputs("tests/mpi/equations.toml", "", 6, all_ranks, all_threads);
}

Test(mpi_outputs, averaged_lattice_files_are_one_process_files, .timeout = 240)
{
    /* its states are checked for every split by test_mpi.c: three here */
    const int ranks[] = {1, 2, 3}, threads[] = {2, 1, 2};
    same_outputs("examples/seed_ei_lattices.toml", "--set simulation.duration=100", 3, ranks, threads);
}

/* The driver next to the axon binary's build folder. */
static const char *driver(void)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s", bin());
    char *slash = strrchr(path, '/');
    snprintf(slash ? slash + 1 : path, sizeof path - (size_t)(slash ? slash + 1 - path : 0), "tests/mpi/recordings");
    return path;
}

/* Rank 0's lines of the driver's output, without "rank 0: ", and
 * whether every other rank printed the same. */
static void recorder_lines(const char *out, int ranks, char *lines, size_t len)
{
    lines[0] = 0;
    for (const char *p = strstr(out, "rank 0: "); p; p = strstr(p + 1, "rank 0: ")) {
        size_t n = strcspn(p + 8, "\n");
        snprintf(lines + strlen(lines), len - strlen(lines), "%.*s\n", (int)n, p + 8);
        for (int k = 1; k < ranks; k++) {
            char want[400];
            snprintf(want, sizeof want, "rank %d: %.*s\n", k, (int)n, p + 8);
            cr_expect(strstr(out, want), "rank %d of %d differs: %s", k, ranks, out);
        }
    }
    cr_assert(lines[0], "no recorder lines in %s", out);
}

Test(mpi_outputs, every_rank_gets_the_recordings_of_one_process, .timeout = 240)
{
    if (!mpi_usable())
        return;
    char cmd[2048], one[8192], other[8192];
    snprintf(cmd, sizeof cmd, "%s tests/mpi/static.toml 40 1", driver());
    result *r = mpirun(1, cmd);
    cr_assert_eq(r->status, 0, "%s %s", r->out, r->err);
    recorder_lines(r->out, 1, one, sizeof one);
    cr_log_info("one process:\n%s", one);
    const int ranks[] = {2, 3}, threads[] = {2, 1};
    for (int c = 0; c < 2; c++) {
        snprintf(cmd, sizeof cmd, "%s tests/mpi/static.toml 40 %d", driver(), threads[c]);
        r = mpirun(ranks[c], cmd);
        cr_assert_eq(r->status, 0, "%s %s", r->out, r->err);
        recorder_lines(r->out, ranks[c], other, sizeof other);
        cr_expect_str_eq(other, one, "%d ranks x %d threads", ranks[c], threads[c]);
    }
}

/* Only rank 0 prints: the summary line once, not once per rank. */
Test(mpi_outputs, only_rank_0_prints, .timeout = 120)
{
    if (!mpi_usable())
        return;
    char *dir = tmpdir(), cmd[2048];
    snprintf(cmd, sizeof cmd, "%s run tests/mpi/gap.toml --set simulation.duration=5 --out %s/o", bin(), dir);
    result *r = mpirun(3, cmd);
    cr_assert_eq(r->status, 0, "%s %s", r->out, r->err);
    const char *first = strstr(r->out, "axon run mpi_gap");
    cr_assert_not_null(first, "%s", r->out);
    cr_expect_null(strstr(first + 1, "axon run mpi_gap"), "printed more than once:\n%s", r->out);
    remove_tree(dir);
}
