/*
 * `axon connections` writes a model file's connectivity without running
 * it, exactly as the API exports it; a projection's `weights_from` sets
 * the weights a run (and `axon connections`) starts with, and a file that
 * does not fit is refused at its key, naming the line in the file.
 */
#include "cli_helpers.h"

static const char *model =
    "[simulation]\nduration = 5.0\nseed = 4\n"
    "[populations.P]\nmodel = \"SpikeSourcePoisson\"\nsize = 20\nparams = { rate = 30.0 }\n"
    "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 10\n"
    "[[projections]]\nname = \"ff\"\nfrom = \"P\"\nto = \"E\"\nreceptor = \"excitatory\"\n"
    "connector = { fixed_probability = 0.3 }\nweight = { uniform = [0.1, 0.5] }\ndelay = { uniform = [1.0, 2.0] }\n"
    "[[projections]]\nfrom = \"E\"\nto = \"E\"\nreceptor = \"inhibitory\"\n"
    "connector = { fixed_indegree = 3 }\nweight = -0.2\n%s"
    "[[record]]\npopulation = \"E\"\nvariables = [\"spikes\"]\n";

/* The model with `extra` lines in its second projection, at dir/name. */
static void write_model(const char *dir, const char *name, const char *extra)
{
    char path[300], text[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(text, sizeof text, model, extra);
    write_file(path, text);
}

/* The synapses of projection proj of dir/name, built as axon builds it. */
static void api_synapses(const char *dir, const char *name, ax_projection proj, uint64_t *n, uint32_t *src,
                         uint32_t *tgt, double *w)
{
    char path[300];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ax_error err;
    ax_modelfile *m = ax_modelfile_load(path, NULL, 0, &err);
    cr_assert_not_null(m, "%s", err.message);
    ax_network *net = ax_modelfile_get_network(m);
    OK(net, ax_modelfile_build(m));
    *n = ax_projection_get_size(net, proj);
    cr_assert_lt(*n, 200);
    OK(net, ax_projection_get_synapses(net, proj, src, tgt, w, NULL));
    ax_modelfile_free(m);
}

Test(graph_cli, connections_writes_what_the_api_exports)
{
    char *dir = tmpdir(), args[900], path[300];
    write_model(dir, "m.toml", "");
    snprintf(args, sizeof args, "connections %s/m.toml --projection ff --out %s/ff.csv", dir, dir);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    uint64_t n;
    uint32_t src[200], tgt[200];
    double w[200];
    api_synapses(dir, "m.toml", 0, &n, src, tgt, w);
    snprintf(path, sizeof path, "%s/ff.csv", dir);
    csv_table t = read_csv(path);
    cr_assert_eq(t.cols, 4);
    cr_assert_eq(t.rows, n);
    cr_assert_gt(n, 20);
    for (uint64_t q = 0; q < n; q++) {
        cr_assert_eq(t.data[q * 4], src[q]);
        cr_assert_eq(t.data[q * 4 + 1], tgt[q]);
        cr_assert_eq(t.data[q * 4 + 2], w[q], "row %llu", (unsigned long long)q);
    }
    csv_free(&t);
    /* every projection into a folder, by name or index; the format from --format */
    snprintf(args, sizeof args, "connections %s/m.toml --out %s/all --format npz", dir, dir);
    r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(path, sizeof path, "%s/all", dir);
    cr_assert(exists(path, "ff_connections.npz") && exists(path, "1_connections.npz"));
    /* the format from the extension */
    snprintf(args, sizeof args, "connections %s/m.toml --projection 1 --out %s/rec.npy", dir, dir);
    r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    char buf[64];
    snprintf(path, sizeof path, "%s/rec.npy", dir);
    slurp(path, buf, sizeof buf);
    cr_assert(strncmp(buf, "\x93NUMPY", 6) == 0);
    remove_tree(dir);
}

Test(graph_cli, connections_command_line_errors)
{
    char *dir = tmpdir(), args[900];
    write_model(dir, "m.toml", "");
    snprintf(args, sizeof args, "connections %s/m.toml --projection nope --out %s/x.csv", dir, dir);
    result *r = axon(args);
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "has no projection 'nope': give a name or an index 0 .. 1 (names: ff, (no name))"), "%s",
              r->err);
    snprintf(args, sizeof args, "connections %s/m.toml --projection ff", dir);
    r = axon(args);
    cr_assert_eq(r->status, 2);
    cr_assert(strstr(r->err, "--out is required"), "%s", r->err);
    snprintf(args, sizeof args, "connections %s/m.toml --out %s/x --format mat", dir, dir);
    r = axon(args);
    cr_assert_eq(r->status, 2);
    cr_assert(strstr(r->err, "--format takes csv, npy or npz, got 'mat'"), "%s", r->err);
    snprintf(args, sizeof args, "connections %s/m.toml --projection ff --out %s/no/such/x.csv", dir, dir);
    r = axon(args);
    cr_assert_eq(r->status, 2);
    cr_assert(strstr(r->err, "cannot create"), "%s", r->err);
    r = axon("connections --help");
    cr_assert_eq(r->status, 0);
    cr_assert(strstr(r->out, "scipy.sparse.load_npz"), "%s", r->out);
    remove_tree(dir);
}

Test(graph_cli, weights_from_sets_the_weights_a_run_starts_with)
{
    char *dir = tmpdir(), args[900], path[300];
    write_model(dir, "m.toml", "");
    uint64_t n;
    uint32_t src[200], tgt[200];
    double w[200];
    api_synapses(dir, "m.toml", 1, &n, src, tgt, w);
    cr_assert_eq(n, 30);
    /* new weights for three synapses of the second projection */
    char text[600];
    snprintf(text, sizeof text, "pre,post,weight\n%u,%u,-0.5\n%u,%u,-0.75\n%u,%u,-1.25\n", src[0], tgt[0], src[7],
             tgt[7], src[29], tgt[29]);
    snprintf(path, sizeof path, "%s/w.csv", dir);
    write_file(path, text);
    write_model(dir, "w.toml", "weights_from = \"w.csv\"\n");
    uint64_t n2;
    uint32_t src2[200], tgt2[200];
    double w2[200];
    api_synapses(dir, "w.toml", 1, &n2, src2, tgt2, w2);
    cr_assert_eq(n2, n);
    for (uint64_t q = 0; q < n; q++) {
        cr_assert_eq(src2[q], src[q]);
        cr_assert_eq(tgt2[q], tgt[q]);
        double want = q == 0 ? -0.5 : q == 7 ? -0.75 : q == 29 ? -1.25 : w[q];
        cr_assert_eq(w2[q], want, "synapse %llu: %g", (unsigned long long)q, w2[q]);
    }
    /* axon connections and axon run apply it */
    snprintf(args, sizeof args, "connections %s/w.toml --projection 1 --out %s/out.csv", dir, dir);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(path, sizeof path, "%s/out.csv", dir);
    csv_table t = read_csv(path);
    cr_assert_eq(t.data[7 * 4 + 2], -0.75);
    csv_free(&t);
    snprintf(args, sizeof args, "run %s/w.toml --out %s/run --quiet", dir, dir);
    r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    remove_tree(dir);
}

Test(graph_cli, weights_from_errors_name_the_key_and_the_line)
{
    char *dir = tmpdir(), args[900], path[300];
    snprintf(path, sizeof path, "%s/w.csv", dir);
    write_file(path, "pre,post,weight\n\n99,0,-0.5\n");
    write_model(dir, "w.toml", "weights_from = \"w.csv\"\n");
    snprintf(args, sizeof args, "run %s/w.toml --out %s/run --quiet", dir, dir);
    result *r = axon(args);
    cr_assert_eq(r->status, 1, "%s", r->err);
    char want[400];
    snprintf(want, sizeof want, "w.toml:25:16: projections[1].weights_from: import into projection 1 (E -> E) from %s/w.csv",
             dir);
    cr_assert(strstr(r->err, want), "%s\nlacks %s", r->err, want);
    cr_assert(strstr(r->err, "w.csv:3:1: '99' is out of range: sources (neurons of 'E') are 0 .. 9 (column 'pre')"), "%s", r->err);
    /* a file that is not there */
    write_model(dir, "x.toml", "weights_from = \"none.csv\"\n");
    snprintf(args, sizeof args, "connections %s/x.toml --out %s/c", dir, dir);
    r = axon(args);
    cr_assert_eq(r->status, 1, "%s", r->err);
    cr_assert(strstr(r->err, "projections[1].weights_from: import into"), "%s", r->err);
    /* an extension of no format, at load */
    write_model(dir, "y.toml", "weights_from = \"w.txt\"\n");
    snprintf(args, sizeof args, "check %s/y.toml", dir);
    r = axon(args);
    cr_assert_eq(r->status, 1, "%s", r->err);
    cr_assert(strstr(r->err, "y.toml:25:16: projections[1].weights_from: graph format: 'w.txt' does not end in .csv, "
                             ".npy or .npz"), "%s", r->err);
    remove_tree(dir);
}

/* A run with imported weights saves a state that a run of the same file
 * restores (the checkpoint's synapse hash covers the weights), and a model
 * file run through the API imports them before its first run. */
Test(graph_cli, weights_from_with_checkpoints_and_modelfile_run)
{
    char *dir = tmpdir(), args[1200], path[300];
    write_model(dir, "m.toml", "");
    uint64_t n;
    uint32_t src[200], tgt[200];
    double w[200];
    api_synapses(dir, "m.toml", 1, &n, src, tgt, w);
    char text[200];
    snprintf(text, sizeof text, "%u,%u,-0.9\n", src[4], tgt[4]);
    snprintf(path, sizeof path, "%s/w.csv", dir);
    write_file(path, text);
    write_model(dir, "w.toml", "weights_from = \"w.csv\"\n");
    snprintf(args, sizeof args, "run %s/w.toml --out %s/a --quiet --save-state %s/s.state", dir, dir, dir);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(args, sizeof args, "run %s/w.toml --out %s/b --quiet --restore-state %s/s.state", dir, dir, dir);
    r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    /* the same file without the weights: another connectivity, refused */
    snprintf(args, sizeof args, "run %s/m.toml --out %s/c --quiet --restore-state %s/s.state", dir, dir, dir);
    r = axon(args);
    cr_assert_eq(r->status, 1, "%s", r->err);
    /* ax_modelfile_run imports before its first run; a reset keeps the weights */
    snprintf(path, sizeof path, "%s/w.toml", dir);
    ax_error err;
    ax_modelfile *m = ax_modelfile_load(path, NULL, 0, &err);
    cr_assert_not_null(m, "%s", err.message);
    ax_network *net = ax_modelfile_get_network(m);
    OK(net, ax_modelfile_run(m, 2.0));
    ax_synapse s;
    OK(net, ax_projection_find_synapse(net, 1, src[4], tgt[4], &s));
    cr_assert_eq(s.weight, (double)-0.9f);
    cr_assert_eq(s.index, 4);
    OK(net, ax_network_reset(net));
    OK(net, ax_modelfile_run(m, 2.0));
    OK(net, ax_projection_find_synapse(net, 1, src[4], tgt[4], &s));
    cr_assert_eq(s.weight, (double)-0.9f);
    ax_modelfile_free(m);
    remove_tree(dir);
}

/* A weights_from file that failed stays failed: arrays read in place after
 * the failed build never change under their readers by a later import. */
Test(graph_cli, a_failed_import_is_final)
{
    char *dir = tmpdir(), path[300];
    snprintf(path, sizeof path, "%s/w.csv", dir);
    write_file(path, "pre,post,weight\n99,0,-0.5\n");
    write_model(dir, "w.toml", "weights_from = \"w.csv\"\n");
    snprintf(path, sizeof path, "%s/w.toml", dir);
    ax_error err;
    ax_modelfile *m = ax_modelfile_load(path, NULL, 0, &err);
    cr_assert_not_null(m, "%s", err.message);
    ax_network *net = ax_modelfile_get_network(m);
    FAILS(net, ax_modelfile_build(m), AX_ERR_ARGUMENT, "projections[1].weights_from: import into projection 1");
    char first[1100];
    snprintf(first, sizeof first, "%s", ax_network_get_error(net));
    snprintf(path, sizeof path, "%s/w.csv", dir);
    write_file(path, "pre,post,weight\n");   /* put right: too late for this load */
    FAILS(net, ax_modelfile_build(m), AX_ERR_ARGUMENT, first);
    FAILS(net, ax_modelfile_run(m, 1.0), AX_ERR_ARGUMENT, first);
    ax_modelfile_free(m);
    snprintf(path, sizeof path, "%s/w.toml", dir);
    m = ax_modelfile_load(path, NULL, 0, &err);
    cr_assert_not_null(m, "%s", err.message);
    OK(ax_modelfile_get_network(m), ax_modelfile_run(m, 1.0));   /* loaded again: the file is read again */
    ax_modelfile_free(m);
    remove_tree(dir);
}
