/*
 * test_mpi_errors.c - under mpirun a rank that fails makes every rank stop
 * with the same message, and none waits for another (docs/mpi.md,
 * "Errors"): a model file missing on one node, a different version of it
 * or another --set on one rank (ax_modelfile_load agrees and compares a
 * hash of the text and the overrides), memory running out on one rank
 * only (the build agrees), a weights_from file missing on one node
 * (ax_modelfile_build agrees after the imports), and the commands of
 * `axon` that do not run under mpirun refusing at once on every rank.
 * The driver is tests/mpi/load_on_ranks.c; a hang would fail the test by
 * its timeout.  Without MPI built in, each test says "no MPI" and checks
 * nothing (mpi_usable).
 *
 * A deliberately wrong library - ax_modelfile_load without the agreement,
 * so that the rank whose file is missing returns while the other builds -
 * leaves rank 1 waiting in the build's first collective: the
 * missing-file test then fails by its timeout, and the mismatch tests
 * find "ok" lines instead of the message.
 */
#include <sys/stat.h>
#include <time.h>

#include "mpi_helpers.h"

static const char *driver(void)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s", bin());
    char *slash = strrchr(path, '/');
    snprintf(slash ? slash + 1 : path, sizeof path - (size_t)(slash ? slash + 1 - path : 0),
             "tests/mpi/load_on_ranks");
    return path;
}

static const char *model =
    "[simulation]\nduration = 50.0\nseed = 3\n"
    "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 40\nparams = { i_offset = { uniform = [0.6, 1.2] } }\n"
    "[populations.P]\nmodel = \"SpikeSourcePoisson\"\nsize = 20\nparams = { rate = 50.0 }\n"
    "[[projections]]\nfrom = \"P\"\nto = \"E\"\nconnector = { fixed_probability = 0.5 }\nweight = 0.5\n"
    "[[projections]]\nfrom = \"E\"\nto = \"E\"\nconnector = { fixed_probability = 0.2 }\nweight = 0.1\n"
    "delay = 1.5\n";

/* Every rank's line ("rank R: WHAT") in out contains `text`. */
static void every_rank_says(const result *r, int ranks, const char *what, const char *text)
{
    for (int k = 0; k < ranks; k++) {
        char head[64];
        snprintf(head, sizeof head, "rank %d: %s: ", k, what);
        const char *line = strstr(r->out, head);
        cr_assert_not_null(line, "no line '%s' in:\n%s\n%s", head, r->out, r->err);
        char copy[2048];
        snprintf(copy, sizeof copy, "%.*s", (int)strcspn(line, "\n"), line);
        cr_assert(strstr(copy, text), "rank %d does not say '%s':\n%s", k, text, r->out);
    }
}

/* Rank 0's message after "rank 0: WHAT: " equals every other rank's. */
static void same_message(const result *r, int ranks, const char *what)
{
    char head[64], first[2048] = "";
    for (int k = 0; k < ranks; k++) {
        snprintf(head, sizeof head, "rank %d: %s: ", k, what);
        const char *line = strstr(r->out, head);
        cr_assert_not_null(line, "no line '%s' in:\n%s", head, r->out);
        line += strlen(head);
        size_t n = strcspn(line, "\n");
        if (k == 0)
            snprintf(first, sizeof first, "%.*s", (int)n, line);
        else
            cr_assert(strlen(first) == n && !strncmp(first, line, n), "rank %d's message differs:\n%s", k, r->out);
    }
}

Test(mpi_errors, a_model_file_missing_on_one_rank_stops_every_rank, .timeout = 90)
{
    if (!mpi_usable())
        return;
    char *dir = tmpdir(), path[512], cmd[4096];
    snprintf(path, sizeof path, "%s/m.toml", dir);
    write_file(path, model);
    /* rank 1 is told a path that does not exist on its node */
    snprintf(cmd, sizeof cmd, "%s 20 1 %s %s/missing.toml", driver(), path, dir);
    result *r = mpirun(2, cmd);
    cr_assert_eq(r->status, 1, "%s %s", r->out, r->err);
    every_rank_says(r, 2, "load", "rank 1 of 2: ");
    every_rank_says(r, 2, "load", "missing.toml: cannot open the model file: No such file or directory");
    same_message(r, 2, "load");
    /* on rank 0 of 3: the lowest failing rank is the one reported */
    snprintf(cmd, sizeof cmd, "%s 20 1 %s/missing.toml %s", driver(), dir, path);
    r = mpirun(3, cmd);
    cr_assert_eq(r->status, 1, "%s %s", r->out, r->err);
    every_rank_says(r, 3, "load", "rank 0 of 3: ");
    same_message(r, 3, "load");
    remove_tree(dir);
}

Test(mpi_errors, a_syntax_error_everywhere_is_reported_as_it_is, .timeout = 90)
{
    if (!mpi_usable())
        return;
    char *dir = tmpdir(), path[512], cmd[4096];
    snprintf(path, sizeof path, "%s/bad.toml", dir);
    write_file(path, "[simulation]\ndt = \n");
    snprintf(cmd, sizeof cmd, "%s 20 1 %s", driver(), path);
    result *r = mpirun(2, cmd);
    cr_assert_eq(r->status, 1, "%s %s", r->out, r->err);
    every_rank_says(r, 2, "load", "bad.toml:2:");
    cr_assert_null(strstr(r->out, "rank 0 of 2"), "every rank failed: no rank is singled out:\n%s", r->out);
    same_message(r, 2, "load");
    remove_tree(dir);
}

Test(mpi_errors, model_files_that_differ_across_ranks_are_detected, .timeout = 90)
{
    if (!mpi_usable())
        return;
    char *dir = tmpdir(), a[512], b[512], cmd[4096];
    snprintf(a, sizeof a, "%s/a.toml", dir);
    snprintf(b, sizeof b, "%s/b.toml", dir);
    write_file(a, model);
    char *other = malloc(strlen(model) + 32);
    snprintf(other, strlen(model) + 32, "%s", model);
    strstr(other, "seed = 3")[7] = '4';   /* one byte: seed 4 on rank 1's node */
    write_file(b, other);
    free(other);
    snprintf(cmd, sizeof cmd, "%s 20 1 %s %s", driver(), a, b);
    result *r = mpirun(2, cmd);
    cr_assert_eq(r->status, 1, "%s %s", r->out, r->err);
    every_rank_says(r, 2, "load", "rank 1's model file ");
    every_rank_says(r, 2, "load", "differs from rank 0's (hash ");
    every_rank_says(r, 2, "load", "every rank must give the same");
    same_message(r, 2, "load");
    /* the same text under two names (two nodes' folders) is the same model */
    snprintf(cmd, sizeof cmd, "%s 20 1 %s %s", driver(), a, a);
    r = mpirun(2, cmd);
    cr_assert_eq(r->status, 0, "%s %s", r->out, r->err);
    cr_assert(strstr(r->out, "rank 0: ok spikes") && strstr(r->out, "rank 1: ok spikes"), "%s", r->out);
    remove_tree(dir);
}

Test(mpi_errors, an_override_on_one_rank_only_is_detected, .timeout = 90)
{
    if (!mpi_usable())
        return;
    char *dir = tmpdir(), path[512], cmd[4096];
    snprintf(path, sizeof path, "%s/m.toml", dir);
    write_file(path, model);
    snprintf(cmd, sizeof cmd, "%s 20 1 %s --set-on 2 simulation.seed=9", driver(), path);
    result *r = mpirun(3, cmd);
    cr_assert_eq(r->status, 1, "%s %s", r->out, r->err);
    every_rank_says(r, 3, "load", "rank 2's model file ");
    same_message(r, 3, "load");
    /* the same override on every rank is fine */
    snprintf(cmd, sizeof cmd, "%s 20 1 %s --set simulation.seed=9", driver(), path);
    r = mpirun(3, cmd);
    cr_assert_eq(r->status, 0, "%s %s", r->out, r->err);
    remove_tree(dir);
}

Test(mpi_errors, memory_running_out_on_one_rank_stops_every_rank, .timeout = 90)
{
    if (!mpi_usable())
        return;
    char *dir = tmpdir(), path[512], cmd[4096];
    snprintf(path, sizeof path, "%s/m.toml", dir);
    write_file(path, model);
    /* 3000 neurons, 900,000 synapses E -> E: rank 1's half does not fit in 2 MiB, its declarations do */
    snprintf(cmd, sizeof cmd, "%s 20 2 %s --set populations.E.size=3000 --memory-on 1 2097152", driver(), path);
    result *r = mpirun(2, cmd);
    cr_assert_eq(r->status, 1, "%s %s", r->out, r->err);
    every_rank_says(r, 2, "run", "memory");
    same_message(r, 2, "run");
    remove_tree(dir);
}

Test(mpi_errors, a_weights_file_missing_on_one_node_stops_every_rank, .timeout = 90)
{
    if (!mpi_usable())
        return;
    char *dir = tmpdir(), one[512], two[512], path[600], cmd[4096];
    /* the same model file in two folders (two nodes); only the second has w.csv */
    snprintf(one, sizeof one, "%s/node0", dir);
    snprintf(two, sizeof two, "%s/node1", dir);
    cr_assert_eq(mkdir(one, 0755), 0);
    cr_assert_eq(mkdir(two, 0755), 0);
    char text[4096];
    snprintf(text, sizeof text, "%sweights_from = \"w.csv\"\n", model);
    snprintf(path, sizeof path, "%s/m.toml", one);
    write_file(path, text);
    snprintf(path, sizeof path, "%s/m.toml", two);
    write_file(path, text);
    snprintf(path, sizeof path, "%s/base.toml", two);   /* the synapses, from the model without the import */
    write_file(path, model);
    snprintf(cmd, sizeof cmd, "connections %s --projection 1 --out %s/w.csv", path, two);
    result *r = axon(cmd);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(cmd, sizeof cmd, "%s 20 1 %s/m.toml %s/m.toml", driver(), one, two);
    r = mpirun(2, cmd);
    cr_assert_eq(r->status, 1, "%s %s", r->out, r->err);
    every_rank_says(r, 2, "run", "node0/m.toml:");
    every_rank_says(r, 2, "run", "projections[1].weights_from");
    every_rank_says(r, 2, "run", "w.csv");
    same_message(r, 2, "run");
    remove_tree(dir);
}

Test(mpi_errors, axon_version_says_whether_mpi_is_built_in_and_the_ranks, .timeout = 60)
{
    result *r = axon("--version");
    cr_assert_eq(r->status, 0);
    ax_mpi_info info;
    cr_assert_eq(ax_mpi_get_info(&info, NULL), AX_OK);
    cr_assert(strstr(r->out, info.built ? "MPI: built in" : "MPI: not built in"), "%s", r->out);
    if (!mpi_usable())
        return;
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s version", bin());
    r = mpirun(3, cmd);
    cr_assert_eq(r->status, 0, "%s", r->err);
    const char *at = strstr(r->out, "this job has 3 ranks");
    cr_assert(at && !strstr(at + 1, "axon " AX_VERSION), "once per job, with the ranks:\n%s", r->out);
}

Test(mpi_errors, commands_that_do_not_split_refuse_at_once_on_every_rank, .timeout = 90)
{
    if (!mpi_usable())
        return;
    char *dir = tmpdir(), path[512], cmd[2048];
    snprintf(path, sizeof path, "%s/m.toml", dir);
    write_file(path, model);
    const char *cmds[] = {"sweep", "fit", "plot", "analyze", "models", "channels", "demo"};
    for (size_t k = 0; k < sizeof cmds / sizeof *cmds; k++) {
        snprintf(cmd, sizeof cmd, "%s %s %s", bin(), cmds[k], path);
        result *r = mpirun(2, cmd);
        cr_assert_eq(r->status, 2, "%s: %s %s", cmds[k], r->out, r->err);
        for (int rank = 0; rank < 2; rank++) {
            char want[128];
            snprintf(want, sizeof want, "axon %s does not run under mpirun (rank %d of 2)", cmds[k], rank);
            cr_assert(strstr(r->err, want), "%s: no '%s' in:\n%s", cmds[k], want, r->err);
        }
    }
    remove_tree(dir);
}

/* With one rank the collectives only return: the status and message as given. */
Test(mpi_errors, agree_and_check_same_with_one_rank)
{
    ax_error err = {AX_ERR_IO, "x.csv: cannot open"};
    cr_assert_eq(ax_mpi_agree(AX_ERR_IO, &err), AX_ERR_IO);
    cr_assert_str_eq(err.message, "x.csv: cannot open");
    cr_assert_eq(ax_mpi_agree(AX_ERR_MEMORY, NULL), AX_ERR_MEMORY);
    err = (ax_error){AX_ERR_NUMERIC, ""};
    cr_assert_eq(ax_mpi_agree(AX_ERR_NUMERIC, &err), AX_ERR_NUMERIC);
    cr_assert_str_eq(err.message, "status -5");
    cr_assert_eq(ax_mpi_agree(AX_OK, &err), AX_OK);
    cr_assert_eq(err.status, AX_OK);
    cr_assert_str_eq(err.message, "");
    cr_assert_eq(ax_mpi_check_same("abc", 3, "x", &err), AX_OK);
    cr_assert_eq(ax_mpi_check_same(NULL, 0, NULL, NULL), AX_OK);
}

/* A rank that leaves with a failure while another waits for it in a
 * collective (here: a memory limit below the minimum, refused on rank 1
 * only, and the driver exits there without agreeing - as a user's program
 * may): the library's exit waits 10 s for the others, then ends the job
 * (core/comm.c) instead of leaving rank 0 waiting in the build forever. */
Test(mpi_errors, a_rank_that_exits_alone_ends_the_job, .timeout = 90)
{
    if (!mpi_usable())
        return;
    char *dir = tmpdir(), path[512], cmd[4096];
    snprintf(path, sizeof path, "%s/m.toml", dir);
    write_file(path, model);
    snprintf(cmd, sizeof cmd, "%s 20 1 %s --memory-on 1 100", driver(), path);
    time_t t0 = time(NULL);
    result *r = mpirun(2, cmd);
    double took = difftime(time(NULL), t0);
    cr_assert(r->status != 0 && r->status != 124, "status %d: %s %s", r->status, r->out, r->err);
    cr_assert(strstr(r->out, "rank 1: limit: network: memory limit 100 bytes is too small"), "%s", r->out);
    cr_assert(took < 60, "the job ended after %.0f s", took);
    remove_tree(dir);
}

/* `axon run` with the model file missing on one node (rank 1 is given
 * another path by its environment): exit status 1 and the same message. */
Test(mpi_errors, axon_run_with_a_file_missing_on_one_node_stops, .timeout = 90)
{
    if (!mpi_usable())
        return;
    char *dir = tmpdir(), path[512], cmd[4096];
    snprintf(path, sizeof path, "%s/m.toml", dir);
    write_file(path, model);
    snprintf(cmd, sizeof cmd,
             "sh -c '%s run $([ \"$OMPI_COMM_WORLD_RANK\" = 1 ] && echo %s/missing.toml || echo %s) "
             "--set simulation.output=%s/out'", bin(), dir, path, dir);
    result *r = mpirun(2, cmd);
    cr_assert_eq(r->status, 1, "%s %s", r->out, r->err);
    char want[700];
    snprintf(want, sizeof want, "rank 1 of 2: %s/missing.toml: cannot open the model file", dir);
    cr_assert(strstr(r->err, want), "no '%s' in:\n%s", want, r->err);
    remove_tree(dir);
}
