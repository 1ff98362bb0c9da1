/*
 * test_check_cli.c - `axon check` is as strict as `axon run`, and every
 * command's exit status is the documented one (docs/model-file.md, "Exit
 * status"): 1 bad model or input file, 2 bad command line or an output
 * place that cannot be written, 3 failure while running.
 *
 * Each bad model file below is given to both commands: both must exit 1
 * with the same message, which names file:line:col (or the --set that
 * gave the value), and run must stop before it makes its output folder.
 * Runs the binary named by $AXON_BIN (default build/axon).  The tests run
 * as root, for whom every folder is writable: a place that cannot be
 * written is one under a regular file (somefile/sub).
 */
#include "cli_helpers.h"

static bool path_exists(const char *path) { return access(path, F_OK) == 0; }

/* A model that runs: 20 neurons driven by 10 Poisson sources. */
static const char *good_model =
    "[simulation]\nduration = 20.0\nseed = 3\n"
    "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 20\n"
    "[populations.P]\nmodel = \"SpikeSourcePoisson\"\nsize = 10\nparams = { rate = 50.0 }\n"
    "[[projections]]\nfrom = \"P\"\nto = \"E\"\nconnector = { fixed_probability = 0.5 }\nweight = 0.5\n"
    "[[record]]\npopulation = \"E\"\nvariables = [\"spikes\"]\n";

/* ------------------------------------------------------------------ */
/* check and run agree                                                 */
/* ------------------------------------------------------------------ */

typedef struct bad_file {
    const char *what;
    const char *text;
    const char *set;          /* a --set option, or NULL */
    const char *says[3];      /* fragments of the message ("bad.toml" is the file) */
} bad_file;

static const char *pop_E = "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 10\n";

static const bad_file bad_files[] = {
    {"a duration off the dt grid", "[simulation]\ndt = 0.1\nduration = 0.25\n", NULL,
     {"bad.toml:3:12: simulation.duration", "0.25 ms is not a multiple of dt = 0.1 ms",
      "the nearest allowed are 0.2 and 0.3 ms"}},
    {"a duration longer than the clock allows", "[simulation]\ndt = 0.1\nduration = 1e15\n", NULL,
     {"bad.toml:3:12: simulation.duration", "1e+15 ms is not allowed", "at most 9e+14 ms"}},
    {"a negative duration", "[simulation]\nduration = -5\n", NULL,
     {"bad.toml:2:12: simulation.duration", "-5 ms is not allowed", "must be > 0"}},
    {"an infinite duration", "[simulation]\nduration = inf\n", NULL,
     {"bad.toml:2:12: simulation.duration", "inf", "finite"}},
    {"a duration shorter than one step", "[simulation]\ndt = 0.5\nduration = 0.1\n", NULL,
     {"bad.toml:3:12: simulation.duration", "not a multiple of dt = 0.5 ms", "the shortest run is 0.5 ms"}},
    {"an off-grid duration from --set", "[simulation]\nduration = 10\n", "simulation.duration=0.33",
     {"bad.toml: --set simulation.duration", "0.33 ms is not a multiple of dt = 0.1 ms", "0.3 and 0.4 ms"}},
    {"no duration", "[simulation]\nseed = 2\n", NULL,
     {"bad.toml:1:1: simulation.duration is missing", "--set simulation.duration=MS", NULL}},
    {"parameters that contradict each other", "[simulation]\nduration = 10\n"
     "[populations.I]\nmodel = \"IF_curr_exp\"\nsize = 4\nparams = { v_reset = -40 }\n", NULL,
     {"bad.toml:3:14: populations.I", "population 'I' (IF_curr_exp)", "v_reset (-40 mV) must be below v_thresh"}},
    {"a parameter out of range", "[simulation]\nduration = 10\n"
     "[populations.I]\nmodel = \"IF_curr_exp\"\nsize = 4\nparams = { tau_m = -1 }\n", NULL,
     {"bad.toml:6:20: populations.I.params.tau_m", "must be > 0", NULL}},
    {"a misspelt key", "[simulation]\nduration = 10\nsead = 3\n", NULL,
     {"bad.toml:3:1: simulation.sead", "'seed'", NULL}},
    {"a TOML syntax error", "[simulation]\nduration = = 10\n", NULL, {"bad.toml:2:", NULL, NULL}},
    {"more synapses than the memory can hold", "[simulation]\nduration = 10\n"
     "[populations.A]\nmodel = \"IF_curr_exp\"\nsize = 2000000\n"
     "[[projections]]\nfrom = \"A\"\nto = \"A\"\nconnector = { all_to_all = true }\nweight = 0.1\n", NULL,
     {"bad.toml:9:13: projections[0].connector", "synapses would need about", "more than the memory limit"}},
    {"a schedule off the dt grid", "[simulation]\nduration = 10\n"
     "[[schedule]]\nat = 0.05\nmodulator = \"m\"\nadd = 1.0\n", NULL,
     {"bad.toml:4:6: schedule[0].at", "0.05 ms is not allowed", "dt grid"}},
    {"a connection list that does not exist", "[simulation]\nduration = 10\n"
     "[[projections]]\nfrom = \"E\"\nto = \"E\"\nconnector = { from_list = \"nothere.csv\" }\nweight = 0.1\n", NULL,
     {"bad.toml:6:27: projections[0].connector.from_list", "cannot open the connection list", "nothere.csv"}},
};

/* Every bad file: check and run both exit 1 with the same message, which
 * places the mistake; run makes no output folder. */
Test(check_cli, check_and_run_refuse_the_same_files_with_the_same_message, .timeout = 60)
{
    char *dir = tmpdir(), model[256], out[256], args[1024], check_err[8192];
    snprintf(model, sizeof model, "%s/bad.toml", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    for (size_t k = 0; k < sizeof bad_files / sizeof *bad_files; k++) {
        const bad_file *b = &bad_files[k];
        char text[2048];
        snprintf(text, sizeof text, "%s%s", b->text, pop_E);   /* every file has E */
        write_file(model, text);
        char set[128] = "";
        if (b->set)
            snprintf(set, sizeof set, " --set %s", b->set);
        snprintf(args, sizeof args, "check %s%s", model, set);
        result *r = axon(args);
        cr_expect_eq(r->status, 1, "check, %s: exit %d: %s", b->what, r->status, r->err);
        for (int j = 0; j < 3; j++)
            cr_expect(!b->says[j] || strstr(r->err, b->says[j]), "check, %s: the message lacks '%s': %s", b->what,
                      b->says[j], r->err);
        cr_expect_eq(r->out[0], '\0', "check, %s: nothing on stdout: %s", b->what, r->out);
        snprintf(check_err, sizeof check_err, "%s", r->err);
        remove_tree(out);
        snprintf(args, sizeof args, "run %s%s --out %s", model, set, out);
        r = axon(args);
        cr_expect_eq(r->status, 1, "run, %s: exit %d: %s", b->what, r->status, r->err);
        cr_expect_str_eq(r->err, check_err, "run and check differ on %s", b->what);
        cr_expect(!path_exists(out), "run, %s: it made the output folder before refusing the file", b->what);
    }
    remove_tree(dir);
}

/* The two cases in full: the message says what is allowed, where
 * the value is, and exits 1 (run said "not allowed: must be > 0", with
 * no place, after building, and exited 3). */
Test(check_cli, a_duration_off_the_dt_grid_is_refused_by_both)
{
    char *dir = tmpdir(), model[256], args[1024];
    snprintf(model, sizeof model, "%s/m.toml", dir);
    write_file(model, "[simulation]\ndt = 0.25\nduration = 100.1\n[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 5\n");
    const char *cmds[] = {"check", "run"};
    for (int c = 0; c < 2; c++) {
        snprintf(args, sizeof args, "%s %s --set simulation.output=%s/out", cmds[c], model, dir);
        result *r = axon(args);
        cr_assert_eq(r->status, 1, "%s: %s", cmds[c], r->err);
        cr_assert(strstr(r->err, "m.toml:3:12: simulation.duration: duration 100.1 ms is not a multiple of dt = "
                                 "0.25 ms: the nearest allowed are 100 and 100.25 ms"),
                  "%s: %s", cmds[c], r->err);
    }
    /* the nearest one is accepted by both, and runs */
    snprintf(args, sizeof args, "check %s --set simulation.duration=100.25", model);
    result *r = axon(args);
    cr_assert(r->status == 0 && strstr(r->out, "m.toml: ok (1 populations, 5 neurons, 0 recordings, 100.25 ms)"),
              "%s%s", r->out, r->err);
    snprintf(args, sizeof args, "run %s --set simulation.duration=100.25 --out %s/out --json", model, dir);
    r = axon(args);
    cr_assert(r->status == 0 && strstr(r->out, "\"time_ms\": 100.25"), "%s%s", r->out, r->err);
    remove_tree(dir);
}

Test(check_cli, a_duration_of_1e15_names_the_longest_allowed)
{
    char *dir = tmpdir(), model[256], args[1024];
    snprintf(model, sizeof model, "%s/m.toml", dir);
    write_file(model, "[simulation]\nduration = 1e15\n[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 5\n");
    const char *cmds[] = {"check", "run"};
    for (int c = 0; c < 2; c++) {
        snprintf(args, sizeof args, "%s %s --set simulation.output=%s/out", cmds[c], model, dir);
        result *r = axon(args);
        cr_assert_eq(r->status, 1, "%s: %s", cmds[c], r->err);
        cr_assert(strstr(r->err, "m.toml:2:12: simulation.duration: duration 1e+15 ms is not allowed: with dt = 0.1 ms "
                                 "a run may last at most 9e+14 ms"),
                  "%s: %s", cmds[c], r->err);
    }
    snprintf(args, sizeof args, "%s/out", dir);
    cr_assert(!path_exists(args), "nothing was made");
    /* with a longer step the limit is longer too: 1e15 ms fits dt = 1 ms */
    snprintf(args, sizeof args, "check %s --set simulation.dt=1", model);
    result *r = axon(args);
    cr_assert(r->status == 0 && strstr(r->out, "ok"), "%s", r->err);
    remove_tree(dir);
}

/* ------------------------------------------------------------------ */
/* Exit codes, command by command                                      */
/* ------------------------------------------------------------------ */

Test(check_cli, run_exit_codes, .timeout = 60)
{
    char *dir = tmpdir(), good[256], bad[256], blow[256], file[256], args[2048];
    snprintf(good, sizeof good, "%s/good.toml", dir);
    snprintf(bad, sizeof bad, "%s/bad.toml", dir);
    snprintf(blow, sizeof blow, "%s/blow.toml", dir);
    snprintf(file, sizeof file, "%s/somefile", dir);
    write_file(good, good_model);
    write_file(bad, "[simulation]\nduration = 10\n[populations.E]\nmodel = \"IF_curr_expp\"\nsize = 10\n");
    write_file(blow, "[simulation]\nduration = 10\n[populations.X]\nmodel = \"Izhikevich\"\nsize = 4\n"
                     "params = { i_offset = 1e200 }\n");
    write_file(file, "a regular file, so that no folder can be made under it\n");
    /* 0 */
    snprintf(args, sizeof args, "run %s --out %s/ok --quiet", good, dir);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    /* 1: the model file, an input file */
    snprintf(args, sizeof args, "run %s --out %s/x", bad, dir);
    r = axon(args);
    cr_assert(r->status == 1 && strstr(r->err, "bad.toml:4:9: populations.E.model: ") &&
                  strstr(r->err, "unknown model 'IF_curr_expp'"),
              "%s", r->err);
    snprintf(args, sizeof args, "run %s/none.toml", dir);
    r = axon(args);
    cr_assert(r->status == 1 && strstr(r->err, "none.toml: cannot open the model file"), "%s", r->err);
    snprintf(args, sizeof args, "run %s --out %s/x --restore-state %s/none.state", good, dir, dir);
    r = axon(args);
    cr_assert(r->status == 1 && strstr(r->err, "none.state") && strstr(r->err, "No such file"), "%s", r->err);
    /* 2: the command line */
    r = axon("run");
    cr_assert(r->status == 2 && strstr(r->err, "no model file given"), "%s", r->err);
    snprintf(args, sizeof args, "run %s --threads 5000", good);
    r = axon(args);
    cr_assert(r->status == 2 && strstr(r->err, "--threads takes 0 (all cores) .. 1024"), "%s", r->err);
    snprintf(args, sizeof args, "run %s --frobnicate", good);
    cr_assert_eq(axon(args)->status, 2);
    /* 2: an output folder that cannot be made, found before the build */
    snprintf(args, sizeof args, "run %s --out %s/sub", good, file);
    r = axon(args);
    cr_assert_eq(r->status, 2, "%s", r->err);
    cr_assert(strstr(r->err, "cannot write to the output folder") && strstr(r->err, "somefile/sub") &&
                  strstr(r->err, "Not a directory"),
              "%s", r->err);
    /* ... also when the model file names it */
    snprintf(args, sizeof args, "run %s --set simulation.output=%s/sub", good, file);
    cr_assert_eq(axon(args)->status, 2);
    /* 2: --save-state into a folder that does not exist, found before the run */
    snprintf(args, sizeof args, "run %s --out %s/s --save-state %s/nofolder/x.state", good, dir, dir);
    r = axon(args);
    cr_assert_eq(r->status, 2, "%s", r->err);
    cr_assert(strstr(r->err, "--save-state") && strstr(r->err, "nofolder/x.state") &&
                  strstr(r->err, "No such file or directory"),
              "%s", r->err);
    snprintf(args, sizeof args, "%s/s/summary.json", dir);
    cr_assert(!path_exists(args), "it did not run");
    snprintf(args, sizeof args, "run %s --out %s/s --save-state %s", good, dir, dir);
    r = axon(args);
    cr_assert(r->status == 2 && strstr(r->err, "Is a directory"), "--save-state a folder: %s", r->err);
    /* the output folder is made first: the state may go into it */
    snprintf(args, sizeof args, "run %s --out %s/s --save-state %s/s/x.state --quiet", good, dir, dir);
    r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(args, sizeof args, "%s/s/x.state", dir);
    cr_assert(path_exists(args));
    /* 3: a failure while running */
    snprintf(args, sizeof args, "run %s --out %s/b", blow, dir);
    r = axon(args);
    cr_assert(r->status == 3 && strstr(r->err, "state variable") && strstr(r->err, "unstable"), "%s", r->err);
    /* the usage text says the same */
    r = axon("run --help");
    cr_assert(r->status == 0 && strstr(r->out, "1 error in the model file or an input file") &&
                  strstr(r->out, "2 bad command line, or an output place that cannot be written") &&
                  strstr(r->out, "3 failure while running"),
              "%s", r->out);
    remove_tree(dir);
}

Test(check_cli, check_exit_codes)
{
    char *dir = tmpdir(), good[256], args[1024];
    snprintf(good, sizeof good, "%s/good.toml", dir);
    write_file(good, good_model);
    snprintf(args, sizeof args, "check %s", good);
    result *r = axon(args);
    cr_assert(r->status == 0 && strstr(r->out, "good.toml: ok (2 populations, 30 neurons, 1 recordings, 20 ms)"), "%s",
              r->out);
    snprintf(args, sizeof args, "%s/axon-out", dir);
    cr_assert(!path_exists(args) && !path_exists("axon-out/good"), "check writes nothing");
    snprintf(args, sizeof args, "check %s --set populations.E.size=0", good);
    r = axon(args);
    cr_assert(r->status == 1 && strstr(r->err, "good.toml: --set populations.E.size"), "%s", r->err);
    snprintf(args, sizeof args, "check %s/none.toml", dir);
    cr_assert_eq(axon(args)->status, 1);
    cr_assert_eq(axon("check")->status, 2);
    snprintf(args, sizeof args, "check %s %s", good, good);
    r = axon(args);
    cr_assert(r->status == 2 && strstr(r->err, "one model file at a time"), "%s", r->err);
    snprintf(args, sizeof args, "check %s --out x", good);   /* check has no --out */
    r = axon(args);
    cr_assert(r->status == 2 && strstr(r->err, "unknown option --out"), "%s", r->err);
    r = axon("check --help");
    cr_assert(r->status == 0 && strstr(r->out, "exit status: 0 fine, 1 error in the model file"), "%s", r->out);
    remove_tree(dir);
}

Test(check_cli, models_and_channels_exit_codes)
{
    result *r = axon("models IF_curr_exp");
    cr_assert(r->status == 0 && strstr(r->out, "tau_m"), "%s", r->err);
    r = axon("models IF_curr_expp");
    cr_assert(r->status == 1 && strstr(r->err, "unknown model 'IF_curr_expp'"), "%s", r->err);
    cr_assert_eq(axon("models a b")->status, 2);
    r = axon("models --help");
    cr_assert(r->status == 0 && strstr(r->out, "1 no model is called NAME or an error in FILE, 2 bad command line"),
              "%s", r->out);
    r = axon("models --model /nonexistent/m.toml");
    cr_assert(r->status == 1 && strstr(r->err, "cannot open the model file"), "%s", r->err);
    r = axon("channels Na");
    cr_assert(r->status == 0 && strstr(r->out, "gbar_Na"), "%s", r->err);
    r = axon("channels Nope");
    cr_assert(r->status == 1 && strstr(r->err, "unknown channel 'Nope'"), "%s", r->err);
    r = axon("channels --model /nonexistent/m.toml");
    cr_assert(r->status == 1 && strstr(r->err, "cannot open the model file"), "%s", r->err);
    cr_assert_eq(axon("channels Na K")->status, 2);
    cr_assert_eq(axon("channels --bogus")->status, 2);
}

/* The demo's command line is checked before its 12,500 neurons are built:
 * a duration by the rule of every run, the output folder by making it. */
Test(check_cli, demo_exit_codes)
{
    char *dir = tmpdir(), args[1024];
    result *r = axon("demo --duration 0.05");
    cr_assert(r->status == 2 && strstr(r->err, "--duration: duration 0.05 ms is not a multiple of dt = 0.1 ms"), "%s",
              r->err);
    r = axon("demo --duration 2e15");
    cr_assert(r->status == 2 && strstr(r->err, "at most 9e+14 ms"), "%s", r->err);
    cr_assert_eq(axon("demo --threads -1")->status, 2);
    snprintf(args, sizeof args, "%s/somefile", dir);
    write_file(args, "x\n");
    snprintf(args, sizeof args, "demo --duration 1 --out %s/somefile/sub", dir);
    r = axon(args);
    cr_assert(r->status == 2 && strstr(r->err, "cannot write to the output folder") && !strstr(r->out, "neurons"),
              "%s%s", r->out, r->err);
    remove_tree(dir);
}
