/*
 * test_oom.c - out-of-memory discipline (SQLite's malloc-failure tests).
 *
 * Two small models with everything that allocates - a model file with
 * overrides; populations of four kinds, cells made of library and
 * user-defined channels, receptors with kinetics; plastic (STDP),
 * reward-modulated, Tsodyks-Markram, static, gap-junction and graded
 * projections, fixed_total and from_list (a file) connectors; spike times,
 * Poisson, dc, step, noise and ac inputs; spike, state (CSV and NPY) and
 * weight recorders; a modulator with a source and a schedule - are loaded,
 * run, read back and written to files, then freed.  For N = 1, 2, ... the
 * N-th allocation of all that fails (fail_alloc.h), until a pass reaches its
 * end without coming to an N-th allocation; once with only that one
 * failing, once with all after it too.  For every N:
 *   - the call that met the failure returns AX_ERR_MEMORY (the loader too)
 *     with a message that says what ran out, and the library does not crash;
 *   - the failed call left nothing half-done: called again (the failure is
 *     injected once), it succeeds and the pass goes on to results exactly
 *     those of a pass without failures - unless the failure came inside a
 *     run, which the network then refuses to continue (AX_ERR_STATE);
 *   - no failure surfaces later than the call that met it (one more step
 *     after the pass must run);
 *   - the output folder holds no partial file: every file in it is
 *     byte-for-byte the one a pass without failures writes (and, when the
 *     pass got to its end, all of them are there);
 *   - the blocks allocated and freed balance (LeakSanitizer checks the same,
 *     and more, under `make check-asan`).
 * A third sweep goes through the state lifecycle on the way: half the run,
 * its state saved, a reset, the half again, the state restored, the rest.
 * Each sweep runs in one process, so a leak at any N shows at exit.
 * AXON_OOM_VERBOSE=1 prints every N's outcome, AXON_OOM_FROM=N starts there.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "axon.h"
#include "fail_alloc.h"

static const char *plastic_model =
    "name = \"oom\"\n"
    "[simulation]\ndt = 0.1\nduration = 10.0\nseed = 7\nthreads = 1\n"
    "[modulators.dopamine]\ntau = 50.0\nsources = [{ population = \"in\", amount = 0.01, delay = 1.0 }]\n"
    "[populations.in]\nmodel = \"SpikeSourcePoisson\"\nsize = 20\nparams = { rate = 200.0 }\n"
    "[populations.times]\nmodel = \"SpikeSourceArray\"\nsize = 2\n"
    "params = { spike_times = [[1.0, 5.0, 9.5], [2.0]] }\n"
    "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 12\nstructure = { grid = [3, 4], spacing = 0.5 }\n"
    "params = { tau_refrac = 2.0, tau_m = [10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0] }\n"
    "init = { v = { uniform = [-65.0, -55.0] } }\n"
    "[[projections]]\nname = \"ff\"\nfrom = \"in\"\nto = \"E\"\nconnector = { fixed_probability = 0.5 }\n"
    "weight = { uniform = [0.1, 0.4] }\ndelay = { uniform = [1.0, 2.0] }\n"
    "synapse = { stdp = { timing = \"spike_pair\", w_max = 0.5, A_plus = 0.01, A_minus = 0.012 } }\n"
    "[[projections]]\nname = \"rw\"\nfrom = \"in\"\nto = \"E\"\nconnector = { fixed_indegree = 3 }\n"
    "weight = 0.1\ndelay = 1.0\n"
    "synapse = { stdp = { timing = \"spike_pair\", reward = \"dopamine\", tau_c = 100.0, w_max = 0.3 } }\n"
    "[[projections]]\nfrom = \"times\"\nto = \"E\"\nconnector = { all_to_all = true }\nweight = 0.5\ndelay = 1.0\n"
    "[[projections]]\nfrom = \"E\"\nto = \"E\"\nconnector = { fixed_indegree = 2, allow_self = false }\n"
    "receptor = \"inhibitory\"\nweight = -0.1\ndelay = { uniform = [0.5, 1.5] }\n"
    "[[inputs]]\nkind = \"dc\"\ntarget = \"E\"\nneurons = { first = 6 }\namplitude = 0.3\nstart = 2.0\n"
    "[[inputs]]\nkind = \"step\"\ntarget = \"E\"\nneurons = [1, 3, 5]\ntimes = [0.0, 5.0]\namplitudes = [0.1, 0.2]\n"
    "[[inputs]]\nkind = \"poisson\"\ntarget = \"E\"\nsources = 20\nrate = 200\nweight = 0.3\n"
    "[[record]]\npopulation = \"E\"\nvariables = [\"spikes\", \"v\"]\ninterval = 0.5\n"
    "[[record]]\npopulation = \"E\"\nvariables = [\"isyn_exc\"]\nneurons = [0, 4, 8]\nformat = \"npy\"\n"
    "[[record]]\npopulation = \"in\"\nvariables = [\"spikes\"]\nneurons = { first = 10 }\n"
    "[[record]]\nprojection = \"ff\"\nweights = { first = 8 }\ninterval = 2.5\n"
    "[[record]]\nprojection = \"ff\"\nweights = \"all\"\nat = [0.0, 5.0]\nformat = \"npy\"\n"
    "[[record]]\nprojection = \"rw\"\nat = [0.0, 10.0]\nhistogram = { bins = 4 }\nfinal = true\n"
    "[[schedule]]\nat = 4.0\nmodulator = \"dopamine\"\nadd = 0.5\n"
    "[[schedule]]\nat = 7.0\nprojection = \"ff\"\nlearning_rate = 0.5\n";

/* The rest that allocates: user-defined channels and cells made of
 * channels, receptors with kinetics, gap junctions, graded release,
 * Tsodyks-Markram synapses, fixed_total and from_list connectors (a file,
 * read with getline), noise and ac currents. */
static const char *cell_model =
    "name = \"cells\"\n"
    "[simulation]\ndt = 0.1\nduration = 5.0\nseed = 3\n"
    "[channels.KX]\nconductance = \"gbar_KX\"\nreversal = \"e_rev_KX\"\n"
    "params = { gbar_KX = 1.0, e_rev_KX = -80.0 }\n"
    "gates.q = { power = 2, alpha = \"0.01 * vtrap(-(v + 55), 10)\", beta = \"0.125 * exp(-(v + 65) / 80)\" }\n"
    "[populations.C]\nchannels = [\"Na\", \"K\", \"leak\", \"KX\"]\nsize = 6\n"
    "params = { i_offset = [5.0, 10.0, 15.0, 20.0, 25.0, 30.0] }\n"
    "[populations.R]\nmodel = \"IF_cond_exp\"\nreceptors = [\"AMPA\", \"GABAa_exp\"]\nsize = 4\n"
    "[populations.S]\nmodel = \"SpikeSourcePoisson\"\nsize = 8\nparams = { rate = 100.0 }\n"
    "structure = { positions = \"positions.csv\" }\n"
    "[[projections]]\nfrom = \"C\"\nto = \"C\"\nconnector = { fixed_probability = 0.5, allow_self = false }\n"
    "synapse = \"gap\"\nweight = 0.001\n"
    "[[projections]]\nfrom = \"C\"\nto = \"R\"\nconnector = { all_to_all = true }\nreceptor = \"AMPA\"\n"
    "synapse = { graded = { v_p = -20.0, k_p = 5.0 } }\nweight = 0.5\n"
    "[[projections]]\nfrom = \"S\"\nto = \"R\"\nconnector = { fixed_total = 10 }\nreceptor = \"GABAa_exp\"\n"
    "weight = 0.01\ndelay = { uniform = [0.5, 2.0] }\nsynapse = { tsodyks_markram = { U = 0.4 } }\n"
    "[[projections]]\nfrom = \"S\"\nto = \"C\"\nconnector = { from_list = \"pairs.csv\" }\n"
    "receptor = \"excitatory\"\ndelay = 1.0\n"
    "[[inputs]]\nkind = \"noise\"\ntarget = \"C\"\nmean = 0.1\nstd = 0.5\ninterval = 0.5\n"
    "[[inputs]]\nkind = \"ac\"\ntarget = \"R\"\namplitude = 0.2\nfrequency = 50.0\n"
    "[[record]]\npopulation = \"C\"\nvariables = [\"spikes\", \"v\", \"q\"]\n"
    "[[record]]\npopulation = \"R\"\nvariables = [\"spikes\", \"v\", \"r_AMPA\"]\nformat = \"npy\"\n";

static const char *pairs_csv = "source,target,weight\n0,0,0.01\n1,2,0.02\n# a comment\n7,5,0.03\n";
static const char *positions_csv = "x,y\n0,0\n1,0\n2,0\n3,0\n0,1\n1,1\n2,1\n3,1\n";

/* The model of the sweep, and an override that names the thread count:
 * the run's per-thread growth (spike lists, recordings, spike histories)
 * fails inside the parallel region with 2. */
static const char *model;
static const char *overrides[1];
static bool persistent;   /* every allocation from the N-th on fails: nothing is called again */
static bool lifecycle;    /* the pass saves, resets and restores on the way */

static char ref_dir[64], out_dir[64], model_dir[64];

/* The first failure of a pass: status and message of the call that met it. */
typedef struct outcome {
    ax_status status;
    char message[1100];
    const char *call;
    bool complete;     /* the pass got to its end (after calling the failed step again) */
    bool run_failed;   /* the failure came inside a run: the network refuses to go on */
} outcome;

static void note(outcome *o, ax_status st, const char *message, const char *call)
{
    o->status = st;
    snprintf(o->message, sizeof o->message, "%s", message);
    o->call = call;
}

/* Reads every recording through the getters; their arrays are the network's. */
static ax_status read_recordings(ax_network *net)
{
    for (ax_recorder r = 0; r < ax_recorder_count(net); r++) {
        ax_recorder_info info;
        ax_status st = ax_recorder_get_info(net, r, &info);
        size_t n, m;
        const double *t, *v, *e;
        const uint32_t *ids;
        const uint64_t *syn, *counts;
        if (!st && info.kind == AX_RECORDER_SPIKES)
            st = ax_recorder_get_spikes(net, r, &n, &t, &ids);
        else if (!st && info.kind == AX_RECORDER_STATE)
            st = ax_recorder_get_trace(net, r, &n, &m, &t, &v, &ids);
        else if (!st && info.kind == AX_RECORDER_WEIGHTS)
            st = ax_recorder_get_weights(net, r, &n, &m, &t, &v, &syn);
        else if (!st)
            st = ax_recorder_get_weight_histogram(net, r, &n, &m, &t, &counts, &e);
        if (st)
            return st;
    }
    return AX_OK;
}

/* Takes every recorder's arrays and every projection's table (freeing
 * the blocks), and sets every projection's weights - and the delays of
 * those that take new ones now (static spiking projections) - to what they
 * are: the calls the Python package makes, which allocate. */
static ax_status take_and_set(ax_network *net)
{
    ax_kept kept;
    ax_status st = AX_OK;
    for (ax_recorder r = 0; r < ax_recorder_count(net) && !st; r++) {
        if ((st = ax_recorder_take(net, r, &kept)))
            break;
        for (uint32_t b = 0; b < kept.n; b++)
            ax_array_free(kept.blocks[b]);
    }
    for (ax_projection q = 0; !st; q++) {
        ax_synapse_table t;
        if ((st = ax_projection_get_table(net, q, &t)) == AX_ERR_NOT_FOUND)
            return AX_OK;   /* past the last projection */
        if (st || (st = ax_projection_set_weights(net, q, t.weights, t.n)) || (st = ax_projection_get_table(net, q, &t)))
            break;
        st = ax_projection_set_delays(net, q, t.delays, t.n);
        if (st != AX_ERR_MEMORY)   /* gap junctions, graded release, plastic synapses after t = 0: refused */
            st = AX_OK;
        if (!st && !(st = ax_projection_get_table(net, q, &t)) && !(st = ax_projection_take_table(net, q, &kept)))
            for (uint32_t b = 0; b < kept.n; b++)
                ax_array_free(kept.blocks[b]);
    }
    return st;
}

/* Runs the model file to its duration (again after a failure: from where
 * the failed call left the network). */
static ax_status run_to_end(ax_modelfile *m)
{
    ax_network *net = ax_modelfile_get_network(m);
    double left = ax_modelfile_get_duration(m) - ax_network_get_time(net);
    return ax_modelfile_run(m, left);
}

static char state_path[128];

/* Runs to half the duration (again after a failure: from where it stopped). */
static ax_status run_half(ax_modelfile *m)
{
    return ax_modelfile_run(m, ax_modelfile_get_duration(m) / 2 - ax_network_get_time(ax_modelfile_get_network(m)));
}

static ax_status save_state(ax_modelfile *m) { return ax_network_save_state(ax_modelfile_get_network(m), state_path); }
static ax_status reset(ax_modelfile *m) { return ax_network_reset(ax_modelfile_get_network(m)); }
static ax_status restore_state(ax_modelfile *m)
{
    return ax_network_restore_state(ax_modelfile_get_network(m), state_path);
}

/* A step of the lifecycle: after a failure (the pass's first is noted in
 * *o) it is called once more and must succeed then, unless it was a run
 * that failed under way, which the network refuses to continue.  False:
 * the pass ends here. */
static bool step(outcome *o, ax_modelfile *m, const char *call, ax_status (*fn)(ax_modelfile *))
{
    ax_network *net = ax_modelfile_get_network(m);
    ax_status st = fn(m);
    if (!st)
        return true;
    if (!o->status)
        note(o, st, ax_network_get_error(net), call);
    if (persistent)
        return false;
    st = fn(m);
    if (st == AX_ERR_STATE && fn == run_half) {
        o->run_failed = true;
        cr_expect(strstr(ax_network_get_error(net), "earlier run"), "%s", ax_network_get_error(net));
        return false;
    }
    cr_assert_eq(st, AX_OK, "%s again after '%s': %s", call, o->message, ax_network_get_error(net));
    return true;
}

/* One pass: load, run, read, write into dir, free.  After the first
 * failure (in *o) the failed step is called once more, which must then
 * succeed, and the pass goes on (when allocations fail persistently, the
 * pass ends there). */
static void pass(const char *dir, outcome *o)
{
    ax_error err;
    ax_modelfile *m = ax_modelfile_load_string(model, "oom.toml", model_dir, overrides, 1, &err);
    if (!m) {
        note(o, err.status, err.message, "ax_modelfile_load_string");
        return;
    }
    ax_network *net = ax_modelfile_get_network(m);
    if (lifecycle && !(step(o, m, "ax_modelfile_run (the first half)", run_half) &&
                       step(o, m, "ax_network_save_state", save_state) && step(o, m, "ax_network_reset", reset) &&
                       step(o, m, "ax_modelfile_run (the first half again)", run_half) &&
                       step(o, m, "ax_network_restore_state", restore_state))) {
        ax_modelfile_free(m);
        return;
    }
    ax_status st = run_to_end(m);
    if (st) {
        note(o, st, ax_network_get_error(net), "ax_modelfile_run");
        if (persistent) {
            ax_modelfile_free(m);
            return;
        }
        st = run_to_end(m);
        if (st == AX_ERR_STATE) {   /* the run was under way: refused now, as it says */
            o->run_failed = true;
            cr_expect(strstr(ax_network_get_error(net), "earlier run"), "%s", ax_network_get_error(net));
            ax_modelfile_free(m);
            return;
        }
        cr_assert_eq(st, AX_OK, "ax_modelfile_run again after '%s': %s", o->message, ax_network_get_error(net));
    }
    if ((st = read_recordings(net))) {
        if (!o->status)
            note(o, st, ax_network_get_error(net), "reading the recordings");
        if (persistent) {
            ax_modelfile_free(m);
            return;
        }
        cr_assert_eq(read_recordings(net), AX_OK, "reading again after '%s': %s", o->message,
                     ax_network_get_error(net));
    }
    if ((st = ax_modelfile_write_recordings(m, dir))) {
        if (!o->status)
            note(o, st, ax_network_get_error(net), "ax_modelfile_write_recordings");
        if (persistent) {
            ax_modelfile_free(m);
            return;
        }
        cr_assert_eq(ax_modelfile_write_recordings(m, dir), AX_OK, "writing again after '%s': %s", o->message,
                     ax_network_get_error(net));
    }
    if ((st = take_and_set(net))) {
        if (!o->status)
            note(o, st, ax_network_get_error(net), "taking arrays and setting synapses");
        if (persistent) {
            ax_modelfile_free(m);
            return;
        }
        cr_assert_eq(take_and_set(net), AX_OK, "taking and setting again after '%s': %s", o->message,
                     ax_network_get_error(net));
    }
    /* A failure injected before now was reported by the call that met it
     * (and recovered from): the network has nothing left to report.  One
     * more step, after the files, checks that no failure of the last
     * window surfaces only in the next run. */
    bool earlier = fail_alloc_hit();
    st = ax_network_run(net, ax_network_get_dt(net));
    if (st && !earlier && !o->status)
        note(o, st, ax_network_get_error(net), "ax_network_run after the pass");
    else
        cr_assert_eq(st, AX_OK, "a failure injected earlier surfaced only in a later run: %s", ax_network_get_error(net));
    o->complete = true;
    ax_modelfile_free(m);
}

static void empty_dir(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "%s", dir);
    struct dirent *e;
    char path[512];
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            remove(path);
        }
    closedir(d);
}

static bool same_file(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    bool same = fa && fb;
    char x[4096], y[4096];
    while (same) {
        size_t n = fread(x, 1, sizeof x, fa), m = fread(y, 1, sizeof y, fb);
        same = n == m && memcmp(x, y, n) == 0;
        if (n == 0)
            break;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}

static size_t count_files(const char *dir);

/* Every file in out_dir is complete: the reference's, byte for byte; and
 * all are there when the pass got to its end. */
static void check_files(long n, bool complete)
{
    if (complete)
        cr_expect_eq(count_files(out_dir), count_files(ref_dir), "N = %ld: %zu files written, %zu expected", n,
                     count_files(out_dir), count_files(ref_dir));
    DIR *d = opendir(out_dir);
    cr_assert_not_null(d);
    struct dirent *e;
    char a[512], b[512];
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(a, sizeof a, "%s/%s", out_dir, e->d_name);
        snprintf(b, sizeof b, "%s/%s", ref_dir, e->d_name);
        cr_expect(same_file(a, b), "N = %ld: %s is not the file a run without failures writes (partial?)", n,
                  e->d_name);
    }
    closedir(d);
}

static size_t count_files(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static void sweep(const char *text, const char *threads, bool from_then_on)
{
    model = text;
    overrides[0] = threads;
    persistent = from_then_on;
    snprintf(ref_dir, sizeof ref_dir, "/tmp/axon-oom-ref-XXXXXX");
    snprintf(out_dir, sizeof out_dir, "/tmp/axon-oom-out-XXXXXX");
    snprintf(model_dir, sizeof model_dir, "/tmp/axon-oom-model-XXXXXX");
    cr_assert_not_null(mkdtemp(ref_dir));
    cr_assert_not_null(mkdtemp(out_dir));
    cr_assert_not_null(mkdtemp(model_dir));
    char path[128];
    snprintf(path, sizeof path, "%s/pairs.csv", model_dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(pairs_csv, f);
    fclose(f);
    snprintf(path, sizeof path, "%s/positions.csv", model_dir);
    cr_assert_not_null(f = fopen(path, "w"));
    fputs(positions_csv, f);
    fclose(f);
    outcome o = {0};
    long live0 = fail_alloc_live();
    pass(ref_dir, &o);
    cr_assert(o.status == AX_OK && o.complete, "the pass without failures fails: %s: %s", o.call, o.message);
    cr_assert_eq(fail_alloc_live(), live0, "a pass without failures leaks %ld blocks", fail_alloc_live() - live0);
    cr_assert_geq(count_files(ref_dir), 5, "the model writes too few files");
    long n = getenv("AXON_OOM_FROM") ? atol(getenv("AXON_OOM_FROM")) : 1, total = 0;   /* for debugging */
    for (;; n++) {
        empty_dir(out_dir);
        memset(&o, 0, sizeof o);
        fail_alloc_arm(n, persistent);
        pass(out_dir, &o);
        long made = fail_alloc_count();
        bool hit = fail_alloc_disarm();
        ax_status st = o.status;
        if (!hit) {
            cr_assert_eq(st, AX_OK, "N = %ld (not reached): %s: %s", n, o.call, o.message);
            total = made;
            break;
        }
        if (getenv("AXON_OOM_VERBOSE"))   /* every N's outcome, for reading the messages */
            fprintf(stderr, "N = %ld: %s: %s%s\n", n, st ? o.call : "all calls succeeded", o.message,
                    o.run_failed ? " (the network refuses to go on)" : "");
        cr_assert(st == AX_OK || st == AX_ERR_MEMORY, "N = %ld: %s returned %s, not AX_ERR_MEMORY: %s", n, o.call,
                  ax_status_name(st), o.message);
        if (st) {
            const char *oom = strstr(o.message, "out of memory");
            cr_assert(oom && oom > o.message, "N = %ld: %s: the message does not say what ran out: '%s'", n, o.call,
                      o.message);
        }
        check_files(n, o.complete);
        cr_assert_eq(fail_alloc_live(), live0, "N = %ld (%s: %s): %ld blocks leaked", n, o.call ? o.call : "no failure",
                     o.message, fail_alloc_live() - live0);
    }
    cr_log_info("%s%s, %s: %ld allocations, each failed %s", strstr(text, "cells") ? "cells" : "plastic",
                lifecycle ? " (save, reset, restore)" : "", threads, total, persistent ? "with all after it" : "once");
    cr_assert_geq(n, 100, "only %ld allocations: is the wrapping in place?", n);
    const char *dirs[] = {out_dir, ref_dir, model_dir};
    for (int k = 0; k < 3; k++) {
        empty_dir(dirs[k]);
        rmdir(dirs[k]);
    }
}

Test(oom, every_allocation_of_a_plastic_model_with_one_thread_may_fail, .timeout = 120)
{
    sweep(plastic_model, "simulation.threads=1", false);
}

Test(oom, every_allocation_of_a_plastic_model_with_two_threads_may_fail, .timeout = 120)
{
    sweep(plastic_model, "simulation.threads=2", false);
}

Test(oom, every_allocation_of_a_model_of_cells_and_graded_synapses_may_fail, .timeout = 120)
{
    sweep(cell_model, "simulation.threads=1", false);
}

/* Saving, resetting and restoring on the way (ax_network_save_state,
 * ax_network_reset, ax_network_restore_state): the files of the rest of
 * the run are the same as without failures. */
Test(oom, every_allocation_of_a_saved_reset_and_restored_run_may_fail, .timeout = 240)
{
    snprintf(state_path, sizeof state_path, "/tmp/axon-oom-%d.state", (int)getpid());
    lifecycle = true;
    sweep(plastic_model, "simulation.threads=2", false);
    sweep(plastic_model, "simulation.threads=1", true);
    lifecycle = false;
    remove(state_path);
}

/* Error paths that allocate (to clean up, to say why) meet a failure too. */
Test(oom, every_allocation_and_all_after_it_may_fail, .timeout = 120)
{
    sweep(plastic_model, "simulation.threads=2", true);
    sweep(cell_model, "simulation.threads=1", true);
}

/* The allocations of a window's delivery (a target's first post-synaptic
 * spike grows its history) are checked at the next window; in the last
 * window of a run there is none, and the run must still say so, not the
 * next one.  Runs of every length up to 15 ms put the first spikes of E
 * into the last window of one of them. */
Test(oom, a_failure_in_the_last_window_is_reported_by_its_run)
{
    for (int ms = 1; ms <= 15; ms++) {
        for (long n = 1;; n++) {
            ax_network *net = ax_network_create(0.1, 1, 2, NULL);
            ax_population E, A;
            ax_connector all = ax_connector_all_to_all();
            ax_plasticity rule = ax_plasticity_defaults();
            double t[] = {1.0};
            cr_assert(!ax_population_add(net, "E", "IF_curr_exp", 2, &E) &&
                      !ax_population_add(net, "A", "SpikeSourceArray", 1, &A) &&
                      !ax_population_set_spike_times(net, A, 0, t, 1) &&
                      !ax_population_set_param(net, E, "i_offset", ax_value_constant(2.0)) &&
                      !ax_projection_add_plastic(net, A, E, &all, "excitatory", ax_value_constant(0.5),
                                                 ax_value_constant(1.0), &rule, NULL) &&
                      !ax_network_build(net), "%s", ax_network_get_error(net));
            fail_alloc_arm(n, false);
            ax_status st = ax_network_run(net, ms);
            bool hit = fail_alloc_disarm();
            ax_status next = ax_network_run(net, 0.1);
            cr_assert(!hit || st == AX_ERR_MEMORY || next == AX_OK,
                      "a run of %d ms met the %ld-th allocation failing and returned %s; the next one: %s", ms, n,
                      ax_status_name(st), ax_network_get_error(net));
            ax_network_free(net);
            if (!hit)
                break;
        }
    }
}

/* The wrapping sees every allocation only if the library calls no
 * allocating function of libc that fail_alloc.c does not wrap. */
Test(oom, the_library_allocates_only_through_wrapped_functions)
{
    static const char *wrapped[] = {"malloc", "calloc", "realloc", "aligned_alloc", "posix_memalign",
                                    "strdup", "strndup", "getline", "fopen", "free"};
    static const char *allocating[] = {"reallocarray", "memalign", "valloc", "pvalloc", "asprintf", "vasprintf",
                                       "getdelim", "open_memstream", "fdopen", "freopen", "tmpfile", "realpath",
                                       "scandir", "glob", "strndupa", "wcsdup", "mmap", "sbrk", "brk",
                                       "__libc_malloc", "__strdup"};
    const char *lib = getenv("AXON_LIB") ? getenv("AXON_LIB") : "build/libaxon.a";
    char cmd[600];
    snprintf(cmd, sizeof cmd, "nm -u %s", lib);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p, "%s", cmd);
    char line[512];
    size_t seen = 0;
    while (fgets(line, sizeof line, p)) {
        char type[8], name[400];
        if (sscanf(line, "%7s %399s", type, name) != 2)
            continue;
        for (size_t k = 0; k < sizeof wrapped / sizeof *wrapped; k++)
            seen += strcmp(name, wrapped[k]) == 0;
        for (size_t k = 0; k < sizeof allocating / sizeof *allocating; k++)
            cr_expect(strcmp(name, allocating[k]) != 0,
                      "libaxon calls %s, which allocates: wrap it in tests/oom/fail_alloc.c and the Makefile", name);
    }
    cr_assert_eq(pclose(p), 0, "%s failed", cmd);
    cr_assert_gt(seen, 0, "nm found none of malloc, calloc, ... in %s", lib);
}
