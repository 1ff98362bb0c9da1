/*
 * test_sweep_cli.c - `axon sweep FILE` (docs/fitting.md, "Sweeps"): the
 * runs are the documented product of the values times the trials, with the
 * documented seeds; each row is what `axon run --set ...` of its values
 * gives (spike counts equal, statistics those of the analysis library on
 * that run's spike file); the table is the same byte for byte for any
 * --jobs and --threads, on the rebuild-free path and with --rebuild, and
 * after an interruption (--max-runs, a cut row, SIGINT) and a rerun; bad
 * tables and values are refused before anything runs, and an output folder
 * with another sweep's table is refused.
 */
#include <signal.h>

#include "cli_helpers.h"

/* Poisson sources driving a recurrent population; both swept keys are
 * population parameters, so the sweep is rebuild-free. */
static const char *net_model =
    "[simulation]\nduration = 300\nseed = 5\n"
    "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 60\n"
    "[populations.P]\nmodel = \"SpikeSourcePoisson\"\nsize = 40\nparams = { rate = 20 }\n"
    "[[projections]]\nfrom = \"P\"\nto = \"E\"\nconnector = { fixed_indegree = 10 }\nweight = 0.6\ndelay = 1.0\n"
    "[[projections]]\nfrom = \"E\"\nto = \"E\"\nconnector = { fixed_probability = 0.1 }\nweight = 0.2\ndelay = 1.0\n"
    "[[record]]\npopulation = \"E\"\nvariables = [\"spikes\"]\n";

static const char *net_sweep =
    "[sweep]\ntrials = 2\n"
    "\"populations.E.params.tau_m\" = [10, 15, 20]\n"
    "populations.P.params.rate = { from = 15, to = 25, step = 10 }\n";

/* dir/NAME.toml with the model and its sweep; returns the path (static). */
static const char *model_file(const char *dir, const char *name, const char *model, const char *sweep)
{
    static char path[300];
    char text[8192];
    snprintf(path, sizeof path, "%s/%s.toml", dir, name);
    snprintf(text, sizeof text, "%s%s", model, sweep);
    write_file(path, text);
    return path;
}

static void read_file(const char *dir, const char *name, char *buf, size_t len)
{
    char path[2200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    slurp(path, buf, len);
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Field `col` (0-based) of line `line` (0 = the header) of a CSV without
 * quoted fields, into out. */
static void field(const char *csv, size_t line, size_t col, char *out, size_t len)
{
    const char *p = csv;
    for (size_t k = 0; k < line; k++) {
        p = strchr(p, '\n');
        cr_assert_not_null(p, "no line %zu", line);
        p++;
    }
    for (size_t k = 0; k < col; k++) {
        p = strpbrk(p, ",\n");
        cr_assert(p && *p == ',', "no column %zu on line %zu", col, line);
        p++;
    }
    size_t n = strcspn(p, ",\n");
    cr_assert_lt(n, len);
    memcpy(out, p, n);
    out[n] = '\0';
}

static void sweep_ok(const char *args)
{
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "axon %s: %s", args, r->err);
}

Test(sweep_cli, runs_are_the_product_times_trials_with_the_documented_seeds, .timeout = 120)
{
    char *dir = tmpdir(), args[1024], csv[1 << 16], v[64];
    const char *path = model_file(dir, "m", net_model, net_sweep);
    snprintf(args, sizeof args, "sweep %s --out %s/out --quiet", path, dir);
    sweep_ok(args);
    snprintf(args, sizeof args, "%s/out", dir);
    read_file(args, "sweep.csv", csv, sizeof csv);
    cr_assert_eq(count_lines(csv), 1 + 3 * 2 * 2, "3 x 2 values, 2 trials: 12 rows\n%s", csv);
    cr_assert(strncmp(csv, "run,trial,seed,populations.E.params.tau_m,populations.P.params.rate,status,E.spikes,"
                           "E.mean_rate_hz,E.cv_isi,P.spikes,",
                      100) == 0, "%s", csv);
    /* run r: trial r / 6, then tau_m (the first key) slowest, rate fastest */
    static const char *tau[] = {"10", "15", "20"}, *rate[] = {"15", "25"};
    for (size_t r = 0; r < 12; r++) {
        size_t trial = r / 6, c = r % 6;
        field(csv, r + 1, 0, v, sizeof v);
        cr_assert_eq(strtoull(v, NULL, 10), r);
        field(csv, r + 1, 1, v, sizeof v);
        cr_assert_eq(strtoull(v, NULL, 10), trial);
        field(csv, r + 1, 2, v, sizeof v);
        /* trial 0 runs with the file's seed; trial 1 with splitmix64(5 + 1 * golden) >> 1, computed here */
        uint64_t x = 5 + 0x9E3779B97F4A7C15ull + 0x9E3779B97F4A7C15ull;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
        x ^= x >> 31;
        cr_assert_eq(strtoull(v, NULL, 10), trial == 0 ? 5 : x >> 1, "row %zu seed %s", r, v);
        cr_assert_eq(ax_sweep_trial_seed(5, trial), strtoull(v, NULL, 10));
        field(csv, r + 1, 3, v, sizeof v);
        cr_assert_str_eq(v, tau[c / 2], "row %zu", r);
        field(csv, r + 1, 4, v, sizeof v);
        cr_assert_str_eq(v, rate[c % 2], "row %zu", r);
        field(csv, r + 1, 5, v, sizeof v);
        cr_assert_str_eq(v, "completed");
    }
    /* the library's view of the same table */
    ax_error err;
    ax_modelfile *m = ax_modelfile_load(path, NULL, 0, &err);
    cr_assert_not_null(m, "%s", err.message);
    ax_sweep_info info;
    cr_assert_eq(ax_sweep_get_info(m, &info, &err), AX_OK, "%s", err.message);
    cr_assert_eq(info.params, 2);
    cr_assert_eq(info.combinations, 6);
    cr_assert_eq(info.trials, 2);
    cr_assert_eq(info.runs, 12);
    cr_assert_eq(info.seed, 5);
    cr_assert(info.rebuild_free);
    size_t idx[2];
    uint64_t trial, seed;
    cr_assert_eq(ax_sweep_get_run(m, 9, idx, 2, &trial, &seed, &err), AX_OK);
    cr_assert(idx[0] == 1 && idx[1] == 1 && trial == 1 && seed == ax_sweep_trial_seed(5, 1));
    ax_modelfile_free(m);
    remove_tree(dir);
}

/* The forms of the values: ranges by step (whole numbers stay whole), by
 * num (linear and log), lists of numbers, strings and booleans. */
Test(sweep_cli, value_forms_expand_as_documented, .timeout = 60)
{
    static const struct {
        const char *form, *values;
    } cases[] = {
        {"{ from = 1, to = 10, step = 3 }", "1 4 7 10"},
        /* rounded to 12 digits: 0.3, not 0.30000000000000004 */
        {"{ from = 0.1, to = 0.5, step = 0.1 }", "0.1 0.2 0.3 0.4 0.5"},
        {"{ from = 0, to = 1, num = 5 }", "0.0 0.25 0.5 0.75 1.0"},
        {"{ from = 1, to = 100, num = 3, log = true }", "1.0 10.0 100.0"},
        {"[2, 0.5, 3.0]", "2 0.5 3.0"},
        {"[\"a\", true]", "\"a\" true"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char text[512], buf[512] = "";
        snprintf(text, sizeof text, "[simulation]\nduration = 1\n[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 1\n"
                                    "[sweep]\n\"populations.E.params.tau_m\" = %s\n", cases[k].form);
        ax_error err;
        ax_modelfile *m = ax_modelfile_load_string(text, "v.toml", NULL, NULL, 0, &err);
        cr_assert_not_null(m, "%s: %s", cases[k].form, err.message);
        ax_sweep_param p;
        cr_assert_eq(ax_sweep_get_param(m, 0, &p, &err), AX_OK);
        for (size_t j = 0; j < p.n_values; j++) {
            const char *t;
            double x;
            cr_assert_eq(ax_sweep_get_value(m, 0, j, &t, &x, &err), AX_OK);
            snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", j ? " " : "", t);
            if (t[0] != '"' && t[0] != 't')
                cr_assert_eq(x, strtod(t, NULL), "the number is the text's");
        }
        cr_assert_str_eq(buf, cases[k].values, "%s", cases[k].form);
        cr_assert_eq(p.rebuild_free, k < 5, "numbers only are set on a built network");
        ax_modelfile_free(m);
    }
}

/* Row r's spike count of E equals that of `axon run --set` with r's values
 * and seed, exactly (the same file, values and seed: the same run); its
 * mean rate and CV are the analysis library's on that run's spike file
 * (to 1e-12 relative: the same numbers summed in the same order, so in
 * practice equal). */
static void rows_are_runs(const char *model, const char *sweep, const char *key1, const char *key2, bool rebuild_free)
{
    char *dir = tmpdir(), args[2048], csv[1 << 16], v[64], a[64], b[64], json[1 << 16];
    const char *path = model_file(dir, "m", model, sweep);
    snprintf(args, sizeof args, "sweep %s --out %s/out --quiet", path, dir);
    sweep_ok(args);
    snprintf(args, sizeof args, "%s/out", dir);
    read_file(args, "sweep.csv", csv, sizeof csv);
    read_file(args, "sweep.json", json, sizeof json);
    cr_assert_not_null(strstr(json, rebuild_free ? "\"rebuild_free\": true" : "\"rebuild_free\": false"), "%s", json);
    size_t rows = count_lines(csv) - 1, fired = 0;
    cr_assert_geq(rows, 4);
    for (size_t r = 0; r < rows; r++) {
        char seed[64];
        field(csv, r + 1, 2, seed, sizeof seed);
        field(csv, r + 1, 3, a, sizeof a);
        field(csv, r + 1, 4, b, sizeof b);
        snprintf(args, sizeof args, "run %s --set %s=%s --set %s=%s --seed %s --out %s/run%zu --quiet", path, key1, a,
                 key2, b, seed, dir, r);
        result *res = axon(args);
        cr_assert_eq(res->status, 0, "%s", res->err);
        char spikes[200];
        snprintf(spikes, sizeof spikes, "%s/run%zu/E.spikes.csv", dir, r);
        ax_spike_trains tr;
        ax_error e;
        ax_spike_file_format fmt = {.time_column = -1, .neuron_column = -1, .n_trains = 60};
        cr_assert_eq(ax_spike_trains_read(spikes, &fmt, 0, 300, &tr, &e), AX_OK, "%s", e.message);
        double per[60], rate, cv;
        cr_assert_eq(ax_spike_trains_rates(&tr, per, &rate, &e), AX_OK);
        cr_assert_eq(ax_spike_trains_cv(&tr, per, &cv, NULL, &e), AX_OK);
        field(csv, r + 1, 6, v, sizeof v);
        cr_assert_eq(strtoull(v, NULL, 10), tr.offsets[60], "row %zu (%s, %s, seed %s): %s spikes, axon run: %zu", r,
                     a, b, seed, v, tr.offsets[60]);
        fired += tr.offsets[60] > 0;
        field(csv, r + 1, 7, v, sizeof v);
        cr_assert_float_eq(strtod(v, NULL), rate, 1e-12 * rate);
        field(csv, r + 1, 8, v, sizeof v);
        if (isnan(cv))
            cr_assert_str_empty(v, "an undefined CV is an empty field, not a number");
        else
            cr_assert_float_eq(strtod(v, NULL), cv, 1e-12 * cv);
        ax_spike_trains_free(&tr);
    }
    cr_assert_geq(fired, rows / 2, "most runs fire: the comparison means something (%zu of %zu)", fired, rows);
    remove_tree(dir);
}

Test(sweep_cli, each_row_is_axon_run_of_its_values_rebuild_free, .timeout = 240)
{
    rows_are_runs(net_model, net_sweep, "populations.E.params.tau_m", "populations.P.params.rate", true);
}

Test(sweep_cli, each_row_is_axon_run_of_its_values_rebuilt, .timeout = 240)
{
    /* a projection's weight cannot be set on a built network: every run rebuilds */
    rows_are_runs(net_model,
                  "[sweep]\ntrials = 2\n\"projections.0.weight\" = [0.5, 0.8]\n"
                  "\"populations.E.params.tau_m\" = [10, 20]\n",
                  "projections.0.weight", "populations.E.params.tau_m", false);
}

/* The same table, byte for byte, for --jobs 1 and 2, --threads 2, and with
 * --rebuild (every run loads and builds) against the rebuild-free path. */
Test(sweep_cli, table_does_not_depend_on_jobs_threads_or_rebuilding, .timeout = 240)
{
    char *dir = tmpdir(), args[1024], ref[1 << 16], other[1 << 16], json[1 << 16];
    const char *path = model_file(dir, "m", net_model, net_sweep);
    snprintf(args, sizeof args, "sweep %s --out %s/j1 --jobs 1 --quiet", path, dir);
    sweep_ok(args);
    snprintf(args, sizeof args, "%s/j1", dir);
    read_file(args, "sweep.csv", ref, sizeof ref);
    read_file(args, "sweep.json", json, sizeof json);
    /* one worker, two trials: 2 networks built, the other 10 runs reset and reuse them */
    cr_assert_not_null(strstr(json, "\"networks_built\": 2,"), "%s", json);
    cr_assert_not_null(strstr(json, "\"runs_on_reused_networks\": 10,"), "%s", json);
    const char *variants[] = {"--jobs 2", "--jobs 1 --threads 2", "--jobs 2 --rebuild"};
    for (size_t k = 0; k < 3; k++) {
        snprintf(args, sizeof args, "sweep %s --out %s/v%zu %s --quiet", path, dir, k, variants[k]);
        sweep_ok(args);
        snprintf(args, sizeof args, "%s/v%zu", dir, k);
        read_file(args, "sweep.csv", other, sizeof other);
        cr_assert_str_eq(other, ref, "%s gives another table", variants[k]);
    }
    read_file(args, "sweep.json", json, sizeof json);
    cr_assert_not_null(strstr(json, "\"networks_built\": 12,"), "--rebuild builds every run: %s", json);
    remove_tree(dir);
}

/* A sweep stopped by --max-runs, or killed in the middle of a row (the
 * row cut), resumes on a rerun into the table of an uninterrupted sweep. */
Test(sweep_cli, resumes_after_max_runs_and_a_cut_row, .timeout = 240)
{
    char *dir = tmpdir(), args[1024], ref[1 << 16], csv[1 << 16], out[128];
    const char *path = model_file(dir, "m", net_model, net_sweep);
    snprintf(args, sizeof args, "sweep %s --out %s/ref --quiet", path, dir);
    sweep_ok(args);
    snprintf(args, sizeof args, "%s/ref", dir);
    read_file(args, "sweep.csv", ref, sizeof ref);
    snprintf(out, sizeof out, "%s/part", dir);
    snprintf(args, sizeof args, "sweep %s --out %s --max-runs 5 --quiet", path, out);
    sweep_ok(args);
    read_file(out, "sweep.csv", csv, sizeof csv);
    cr_assert_eq(count_lines(csv), 6, "5 rows: %s", csv);
    /* a row cut by a kill: the rerun cuts it off and runs it again */
    char cut[200];
    snprintf(cut, sizeof cut, "%s/sweep.csv", out);
    FILE *f = fopen(cut, "a");
    fputs("5,0,5,20,15,compl", f);
    fclose(f);
    snprintf(args, sizeof args, "sweep %s --out %s --max-runs 3 --jobs 2 --quiet", path, out);
    sweep_ok(args);
    read_file(out, "sweep.csv", csv, sizeof csv);
    cr_assert_eq(count_lines(csv), 9, "the cut row is run again, then 2 more: %s", csv);
    snprintf(args, sizeof args, "sweep %s --out %s", path, out);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert_not_null(strstr(r->out, "8 already in"), "%s", r->out);
    read_file(out, "sweep.csv", csv, sizeof csv);
    cr_assert_str_eq(csv, ref);
    /* complete: a rerun runs nothing and changes nothing */
    sweep_ok(args);
    read_file(out, "sweep.csv", csv, sizeof csv);
    cr_assert_str_eq(csv, ref);
    remove_tree(dir);
}

/* SIGINT stops the runs in flight (exit 3, whole rows only); the rerun
 * gives the table of an uninterrupted sweep. */
Test(sweep_cli, resumes_after_sigint, .timeout = 300)
{
    char *dir = tmpdir(), args[1024], ref[1 << 16], csv[1 << 16], out[128], err[1 << 12];
    /* long enough runs that the signal comes while some are in flight */
    const char *path = model_file(dir, "m", net_model,
                                  "[sweep]\ntrials = 3\n\"populations.E.params.tau_m\" = [10, 15, 20]\n");
    snprintf(args, sizeof args, "sweep %s --out %s/ref --quiet --set simulation.duration=100000", path, dir);
    sweep_ok(args);
    snprintf(args, sizeof args, "%s/ref", dir);
    read_file(args, "sweep.csv", ref, sizeof ref);
    snprintf(out, sizeof out, "%s/int", dir);
    snprintf(args, sizeof args, "sweep %s --out %s --jobs 2 --set simulation.duration=100000", path, out);
    pid_t pid = start(dir, "int", args);
    char rows[200];
    snprintf(rows, sizeof rows, "%s/sweep.csv", out);
    cr_assert(wait_for(rows, "\n1,0,"), "a row is written");
    kill(pid, SIGINT);
    int st = finish(pid);
    snprintf(args, sizeof args, "%s/int.err", dir);
    slurp(args, err, sizeof err);
    read_file(out, "sweep.csv", csv, sizeof csv);
    /* runs of 100 s simulated (a few tenths of a second each here): the signal comes after the
     * first row, long before the ninth */
    cr_assert_lt(count_lines(csv), 10, "stopped before the end: %s", csv);
    cr_assert_eq(st, 3, "%s", err);
    cr_assert_not_null(strstr(err, "stopped by SIGINT"), "%s", err);
    cr_assert_eq(strncmp(csv, ref, strlen(csv)), 0, "the rows written are whole rows of the table");
    snprintf(args, sizeof args, "sweep %s --out %s --quiet --set simulation.duration=100000", path, out);
    sweep_ok(args);
    read_file(out, "sweep.csv", csv, sizeof csv);
    cr_assert_str_eq(csv, ref);
    remove_tree(dir);
}

Test(sweep_cli, another_sweeps_table_is_refused_or_restarted, .timeout = 120)
{
    char *dir = tmpdir(), args[1024], csv[1 << 16];
    const char *path = model_file(dir, "m", net_model, net_sweep);
    snprintf(args, sizeof args, "sweep %s --out %s/out --quiet --max-runs 2", path, dir);
    sweep_ok(args);
    /* the file changes: its table is not this sweep's */
    model_file(dir, "m", net_model, "[sweep]\n\"populations.E.params.tau_m\" = [10, 30]\n");
    snprintf(args, sizeof args, "sweep %s --out %s/out --quiet", path, dir);
    result *r = axon(args);
    cr_assert_eq(r->status, 2, "%s", r->err);
    cr_assert_not_null(strstr(r->err, "holds the table of another sweep"), "%s", r->err);
    cr_assert_not_null(strstr(r->err, "--restart"), "%s", r->err);
    /* so does a --set */
    model_file(dir, "m", net_model, net_sweep);
    snprintf(args, sizeof args, "sweep %s --out %s/out --quiet --set simulation.duration=200", path, dir);
    r = axon(args);
    cr_assert_eq(r->status, 2, "%s", r->err);
    snprintf(args, sizeof args, "sweep %s --out %s/out --quiet --set simulation.duration=200 --restart", path, dir);
    sweep_ok(args);
    snprintf(args, sizeof args, "%s/out", dir);
    read_file(args, "sweep.csv", csv, sizeof csv);
    cr_assert_eq(count_lines(csv), 13, "restarted and complete: %s", csv);
    remove_tree(dir);
}

/* Bad tables and values: refused before anything runs (exit 1, no table
 * written), with where, what and what is allowed. */
Test(sweep_cli, bad_input_is_refused_before_anything_runs, .timeout = 120)
{
    static const struct {
        const char *sweep, *says1, *says2;
        int status;
    } cases[] = {
        {"\"populations.E.params.tau_mm\" = [1, 2]", "[sweep] populations.E.params.tau_mm = 1",
         "did you mean 'tau_m'?", 1},
        {"\"populatons.E.params.tau_m\" = [1, 2]", ":1: sweep.populatons.E.params.tau_m",
         "did you mean 'populations'?", 1},
        {"\"populations.E.params.tau_m\" = []", "sweep.populations.E.params.tau_m", "an empty list", 1},
        {"\"populations.E.params.tau_m\" = { from = 1, to = 5, step = 0 }", "step = 0 is not allowed",
         "must be > 0", 1},
        {"\"populations.E.params.tau_m\" = { from = 5, to = 1, step = 1 }", "from = 5, to = 1 is not allowed",
         "from <= to", 1},
        {"\"populations.E.params.tau_m\" = { from = 0, to = 1, num = 3, log = true }", "log = true",
         "must be > 0", 1},
        {"\"populations.E.params.tau_m\" = { from = 1, to = 5 }", "either step", "has neither", 1},
        {"trials = 0\n\"populations.E.params.tau_m\" = [1]", "sweep.trials: 0 is not allowed", "must be >= 1", 1},
        {"trials = 2", "sweeps no key", "give at least one", 1},
        {"\"populations.E.params.tau_m\" = [10, -1]", "[sweep] populations.E.params.tau_m = -1",
         "tau_m = -1 is not allowed: must be > 0", 1},
        {"\"populations.E.params.tau_m\" = 5", "an integer is not allowed", "a list of values", 1},
        {"\"simulation.seed\" = [1, 2]", "cannot be swept", "sweep.trials", 1},
    };
    char *dir = tmpdir(), args[1024];
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char sweep[512];
        snprintf(sweep, sizeof sweep, "[sweep]\n%s\n", cases[k].sweep);
        const char *path = model_file(dir, "bad", net_model, sweep);
        snprintf(args, sizeof args, "sweep %s --out %s/out%zu", path, dir, k);
        result *r = axon(args);
        cr_expect_eq(r->status, cases[k].status, "%s: %d %s", cases[k].sweep, r->status, r->err);
        cr_expect_not_null(strstr(r->err, cases[k].says1), "%s: %s", cases[k].sweep, r->err);
        cr_expect_not_null(strstr(r->err, cases[k].says2), "%s: %s", cases[k].sweep, r->err);
        cr_expect_not(exists(dir, "out") || access(args, F_OK) == 0, "nothing written");
        char table[400];
        snprintf(table, sizeof table, "%s/out%zu/sweep.csv", dir, k);
        cr_expect_neq(access(table, F_OK), 0, "%s: no table written", cases[k].sweep);
    }
    const char *path = model_file(dir, "none", net_model, "");
    snprintf(args, sizeof args, "sweep %s", path);
    result *r = axon(args);
    cr_assert_eq(r->status, 1);
    cr_assert_not_null(strstr(r->err, "no [sweep] table"), "%s", r->err);
    r = axon("sweep --jobs 0 x.toml");
    cr_assert_eq(r->status, 2);
    cr_assert_not_null(strstr(r->err, "--jobs takes a whole number from 1 to 1024, got '0'"), "%s", r->err);
    remove_tree(dir);
}

/* A run that fails (here a value pair the model refuses, which each value
 * alone is not: v_reset -52 above v_thresh -55; the defaults are -65 and
 * -50) is a row with status "failed" and the message, not the end of the
 * sweep. */
Test(sweep_cli, a_failed_run_is_a_row, .timeout = 120)
{
    char *dir = tmpdir(), args[1024], csv[1 << 16], v[256];
    const char *path = model_file(dir, "m", net_model,
                                  "[sweep]\n\"populations.E.params.v_reset\" = [-70, -52]\n"
                                  "\"populations.E.params.v_thresh\" = [-50, -55]\n");
    snprintf(args, sizeof args, "sweep %s --out %s/out --quiet", path, dir);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert_not_null(strstr(r->err, "1 runs failed"), "%s", r->err);
    snprintf(args, sizeof args, "%s/out", dir);
    read_file(args, "sweep.csv", csv, sizeof csv);
    field(csv, 4, 5, v, sizeof v);
    cr_assert_str_eq(v, "failed", "%s", csv);
    cr_assert_not_null(strstr(csv, "v_reset"), "the message says why: %s", csv);
    field(csv, 1, 5, v, sizeof v);
    cr_assert_str_eq(v, "completed");
    remove_tree(dir);
}

/* A file of one population that nothing connects or drives: the runs of a
 * trial are laid out as one population (blocks of the combinations), and
 * the table is the one of a network per run (--rebuild), byte for byte, for
 * several models (exact integration, conductances, Hodgkin-Huxley, AdEx).
 * A block with a combination the model refuses falls back to runs one by
 * one, so that its row says why. */
Test(sweep_cli, one_population_layout_equals_a_network_per_run, .timeout = 240)
{
    static const struct {
        const char *model, *key1, *values1, *key2, *values2;
        size_t rows;
    } cases[] = {
        {"IF_curr_exp", "i_offset", "[0.3, 0.7, 1.5]", "tau_m", "[10, 20, 33.3]", 18},
        {"HH_cond_exp", "i_offset", "[0.3, 0.7, 1.5]", "g_leak", "[0.01, 0.02]", 12},
        {"EIF_cond_exp_isfa_ista", "i_offset", "[0.3, 0.7, 1.5]", "b", "[0.0, 0.0805]", 12},
        /* v_reset -52 above v_thresh -55 (the defaults -65, -50): that pair's runs fail */
        {"IF_curr_exp", "v_reset", "[-70, -52]", "v_thresh", "[-50, -55]", 8},
    };
    char *dir = tmpdir(), args[1024], a[1 << 16], b[1 << 16], json[1 << 14];
    for (size_t k = 0; k < 4; k++) {
        char text[1024];
        snprintf(text, sizeof text,
                 "[simulation]\nduration = 300\n[populations.c]\nmodel = \"%s\"\nsize = 3\n"
                 "params = { i_offset = 1.0 }\n[sweep]\ntrials = 2\n\"populations.c.params.%s\" = %s\n"
                 "\"populations.c.params.%s\" = %s\n",
                 cases[k].model, cases[k].key1, cases[k].values1, cases[k].key2, cases[k].values2);
        const char *path = model_file(dir, "one", text, "");
        snprintf(args, sizeof args, "sweep %s --out %s/lay%zu --quiet --jobs 2", path, dir, k);
        result *r = axon(args);
        cr_assert_eq(r->status, 0, "%s", r->err);
        snprintf(args, sizeof args, "sweep %s --out %s/one%zu --quiet --jobs 1 --rebuild", path, dir, k);
        r = axon(args);
        cr_assert_eq(r->status, 0, "%s", r->err);
        snprintf(args, sizeof args, "%s/lay%zu", dir, k);
        read_file(args, "sweep.csv", a, sizeof a);
        read_file(args, "sweep.json", json, sizeof json);
        cr_assert_not_null(strstr(json, "\"one_population_block\": "), "%s", json);
        cr_assert_gt(strtol(strstr(json, "\"one_population_block\": ") + 24, NULL, 10), 1, "laid out: %s", json);
        snprintf(args, sizeof args, "%s/one%zu", dir, k);
        read_file(args, "sweep.csv", b, sizeof b);
        cr_assert_str_eq(a, b, "%s: the layout gives another table", cases[k].model);
        cr_assert_eq(count_lines(a), 1 + cases[k].rows, "the values' product x 2 trials: %s", a);
        cr_assert_eq(strstr(a, ",failed,") != NULL, k == 3, "%s", a);
        size_t firing = 0;
        for (const char *c = strstr(a, ",completed,"); c; c = strstr(c + 1, ",completed,"))
            firing += c[11] != '0';
        cr_assert_geq(firing, 4, "runs fire: the comparison means something: %s", a);
    }
    /* a Poisson input makes the draws depend on the neuron's index: no layout */
    const char *path = model_file(dir, "driven",
                                  "[simulation]\nduration = 100\n[populations.c]\nmodel = \"IF_curr_exp\"\nsize = 3\n"
                                  "[[inputs]]\nkind = \"poisson\"\ntarget = \"c\"\nsources = 10\nrate = 100.0\n"
                                  "weight = 1.0\n",
                                  "[sweep]\n\"populations.c.params.tau_m\" = [10, 20]\n");
    ax_error err;
    ax_modelfile *m = ax_modelfile_load(path, NULL, 0, &err);
    cr_assert_not_null(m, "%s", err.message);
    ax_sweep_info info;
    cr_assert_eq(ax_sweep_get_info(m, &info, NULL), AX_OK);
    cr_assert(info.rebuild_free && !info.one_population);
    ax_modelfile_free(m);
    remove_tree(dir);
}

/* The example runs (shortened), and its f-I curve rises with the current. */
Test(sweep_cli, example_adex_fi, .timeout = 240)
{
    char *dir = tmpdir(), args[1024], csv[1 << 16], v[64];
    snprintf(args, sizeof args, "sweep examples/sweep_adex_fi.toml --out %s --quiet --set simulation.duration=300",
             dir);
    sweep_ok(args);
    read_file(dir, "sweep.csv", csv, sizeof csv);
    size_t rows = count_lines(csv) - 1;
    cr_assert_eq(rows, 21 * 3, "%s", csv);
    /* b = 0 (the first of the second key): spikes never fall as the current grows */
    long last = -1;
    for (size_t r = 0; r < rows; r += 3) {
        field(csv, r + 1, 6, v, sizeof v);
        long n = strtol(v, NULL, 10);
        cr_assert_geq(n, last, "row %zu", r);
        last = n;
    }
    cr_assert_gt(last, 5, "the strongest current makes it fire");
    remove_tree(dir);
}
