/*
 * The `axon` command: exit codes, --set, --json, output files read back,
 * nothing half-written after an error, plots, the model catalogue, every
 * example model file running and the benchmark model files loading.  Runs
 * the binary named by $AXON_BIN (the Makefile sets it; default build/axon).
 */
#include "cli_helpers.h"

static const char *small_model =
    "[simulation]\nduration = 50.0\nseed = 3\n"
    "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 20\nparams = { i_offset = { uniform = [0.6, 1.2] } }\n"
    "[populations.P]\nmodel = \"SpikeSourcePoisson\"\nsize = 10\nparams = { rate = 50.0 }\n"
    "[[projections]]\nfrom = \"P\"\nto = \"E\"\nconnector = { fixed_probability = 0.5 }\nweight = 0.5\n"
    "[[record]]\npopulation = \"E\"\nvariables = [\"spikes\"]\n"
    "[[record]]\npopulation = \"E\"\nvariables = [\"v\"]\nneurons = [3, 1]\ninterval = 1.0\nformat = \"npy\"\n";

Test(cli, version_help_and_bad_command_lines)
{
    result *r = axon("--version");
    cr_assert_eq(r->status, 0);
    cr_assert(strstr(r->out, "axon " AX_VERSION));
    r = axon("--help");
    cr_assert(r->status == 0 && strstr(r->out, "run") && strstr(r->out, "plot"));
    const char *cmds[] = {"run", "check", "plot", "models", "demo"};
    for (int k = 0; k < 5; k++) {
        char args[64];
        snprintf(args, sizeof args, "%s --help", cmds[k]);
        r = axon(args);
        cr_assert(r->status == 0 && strstr(r->out, "usage: axon"), "%s --help", cmds[k]);
    }
    cr_assert_eq(axon("")->status, 2);
    cr_assert_eq(axon("bogus")->status, 2);
    cr_assert_eq(axon("run")->status, 2);
    r = axon("run x.toml --threads many");
    cr_assert(r->status == 2 && strstr(r->err, "--threads"), "%s", r->err);
    cr_assert_eq(axon("run x.toml --set nokey")->status, 2);
    cr_assert_eq(axon("run a.toml b.toml")->status, 2);
    cr_assert_eq(axon("run x.toml --frobnicate")->status, 2);
}

Test(cli, run_writes_outputs_and_json)
{
    char *dir = tmpdir(), model[256], args[1024], path[512], buf[65536];
    snprintf(model, sizeof model, "%s/m.toml", dir);
    write_file(model, small_model);
    snprintf(args, sizeof args, "run %s --out %s/out --json --threads 2 --set simulation.duration=40", model, dir);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    /* --json prints summary.json */
    cr_assert(strstr(r->out, "\"axon_version\": \"" AX_VERSION "\"") && strstr(r->out, "\"name\": \"m\"") &&
                  strstr(r->out, "\"duration_ms\": 40") && strstr(r->out, "\"threads\": 2") &&
                  strstr(r->out, "\"neurons\": 30") && strstr(r->out, "\"synapse_bytes\": ") &&
                  strstr(r->out, "\"plastic_bytes\": 0,") && strstr(r->out, "\"E\": {\"model\": \"IF_curr_exp\", \"size\": 20"),
              "%s", r->out);
    snprintf(path, sizeof path, "%s/out", dir);
    cr_assert(exists(path, "summary.json") && exists(path, "E.spikes.csv") && exists(path, "E.v.npy") &&
              exists(path, "E.v.times.npy"));
    snprintf(path, sizeof path, "%s/out/summary.json", dir);
    slurp(path, buf, sizeof buf);
    cr_assert(strcmp(buf, r->out) == 0, "stdout is summary.json");
    snprintf(path, sizeof path, "%s/out/E.spikes.csv", dir);
    csv_table t = read_csv(path);
    cr_assert(t.rows > 20 && t.cols == 2);
    for (size_t k = 0; k < t.rows; k++)
        cr_assert(t.data[2 * k] > 0 && t.data[2 * k] <= 40 && t.data[2 * k + 1] < 20);
    csv_free(&t);
    /* same seed, one thread: the same spikes */
    snprintf(args, sizeof args, "run %s --out %s/one --quiet --threads 1 --set simulation.duration=40", model, dir);
    r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert_eq(r->out[0], '\0', "--quiet prints nothing");
    char a[65536], b[65536];
    snprintf(path, sizeof path, "%s/out/E.spikes.csv", dir);
    slurp(path, a, sizeof a);
    snprintf(path, sizeof path, "%s/one/E.spikes.csv", dir);
    slurp(path, b, sizeof b);
    cr_assert_str_eq(a, b);
    /* another seed: other spikes */
    snprintf(args, sizeof args, "run %s --out %s/two --quiet --seed 4 --set simulation.duration=40", model, dir);
    cr_assert_eq(axon(args)->status, 0);
    snprintf(path, sizeof path, "%s/two/E.spikes.csv", dir);
    slurp(path, b, sizeof b);
    cr_assert_str_neq(a, b);
    /* plot */
    snprintf(args, sizeof args, "plot %s/out", dir);
    r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(path, sizeof path, "%s/out", dir);
    cr_assert(exists(path, "raster.png") && exists(path, "traces.png"));
    snprintf(args, sizeof args, "plot %s/out --format svg", dir);
    cr_assert_eq(axon(args)->status, 0);
    cr_assert(exists(path, "raster.svg"));
    snprintf(args, sizeof args, "rm -rf %s", dir);
    cr_assert_eq(system(args), 0);
}

Test(cli, model_errors_exit_1_and_leave_no_summary)
{
    char *dir = tmpdir(), model[256], args[1024], out[300];
    snprintf(model, sizeof model, "%s/bad.toml", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    /* a run that worked, then the same folder with a broken model */
    snprintf(args, sizeof args, "%s/good.toml", dir);
    write_file(args, small_model);
    snprintf(args, sizeof args, "run %s/good.toml --out %s --quiet", dir, out);
    cr_assert_eq(axon(args)->status, 0);
    cr_assert(exists(out, "summary.json"));
    write_file(model, "[simulation]\nduration = 10\n[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 10\n"
                      "params = { tau_m = -1 }\n");
    snprintf(args, sizeof args, "run %s --out %s", model, out);
    result *r = axon(args);
    cr_assert_eq(r->status, 1);
    cr_assert(strstr(r->err, "bad.toml:6:20: populations.E.params.tau_m") && strstr(r->err, "must be > 0"), "%s",
              r->err);
    /* parameter relations fail before the run, also with exit 1 */
    write_file(model, "[simulation]\nduration = 10\n[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 10\n"
                      "params = { v_reset = -40 }\n");
    r = axon(args);
    cr_assert(r->status == 1 && strstr(r->err, "v_reset (-40 mV) must be below v_thresh"), "%s", r->err);
    /* no duration */
    write_file(model, "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 10\n");
    r = axon(args);
    cr_assert(r->status == 1 && strstr(r->err, "simulation.duration is missing"), "%s", r->err);
    snprintf(args, sizeof args, "run %s --out %s --set simulation.duration=5 --quiet", model, out);
    cr_assert_eq(axon(args)->status, 0, "the duration can come from --set");
    cr_assert(exists(out, "summary.json"));
    r = axon("run /nonexistent/x.toml");
    cr_assert(r->status == 1 && strstr(r->err, "cannot open"), "%s", r->err);
    snprintf(args, sizeof args, "rm -rf %s", dir);
    cr_assert_eq(system(args), 0);
}

/* A numerical blow-up stops the run with status 3; the recordings up to it
 * are written, and summary.json says it failed, where, and why. */
Test(cli, numerical_failure_writes_recordings_and_the_failure)
{
    char *dir = tmpdir(), model[256], args[1024], out[300], buf[65536];
    snprintf(model, sizeof model, "%s/blow.toml", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    write_file(model, "[simulation]\nduration = 10\n[populations.X]\nmodel = \"Izhikevich\"\nsize = 4\n"
                      "params = { i_offset = 1e200 }\n[[record]]\npopulation = \"X\"\nvariables = [\"v\"]\n");
    snprintf(args, sizeof args, "run %s --out %s", model, out);
    result *r = axon(args);
    cr_assert_eq(r->status, 3, "%s", r->err);
    cr_assert(strstr(r->err, "population 'X' (Izhikevich) neuron 0") && strstr(r->err, "between t = 0 and 1 ms") &&
                  strstr(r->err, "likely cause: too strong an input") && strstr(r->err, "the state of 'X' neuron 0 at t = 1 ms: v = "),
              "%s", r->err);
    snprintf(args, sizeof args, "%s/summary.json", out);
    slurp(args, buf, sizeof buf);
    cr_assert(strstr(buf, "\"completed\": false, \"status\": \"failed\", \"reason\": \"numerical blow-up\"") &&
                  strstr(buf, "\"failure\": {\"population\": \"X\", \"model\": \"Izhikevich\", \"neuron\": 0, \"variable\": \"v\"") &&
                  strstr(buf, "\"state\": {\"v\": ") && strstr(buf, "\"likely_cause\": \"too strong an input"),
              "%s", buf);
    /* the trace up to the check that found it: header and 10 rows (0.1 .. 1.0 ms) */
    snprintf(args, sizeof args, "%s/X.v.csv", out);
    slurp(args, buf, sizeof buf);
    size_t lines = 0;
    for (const char *c = buf; *c; c++)
        lines += *c == '\n';
    cr_assert_eq(lines, 11u, "%s", buf);
    snprintf(args, sizeof args, "rm -rf %s", dir);
    cr_assert_eq(system(args), 0);
}

Test(cli, check_and_models)
{
    char *dir = tmpdir(), model[256], args[1024];
    snprintf(model, sizeof model, "%s/m.toml", dir);
    write_file(model, small_model);
    snprintf(args, sizeof args, "check %s", model);
    result *r = axon(args);
    cr_assert(r->status == 0 && strstr(r->out, "ok"), "%s", r->err);
    write_file(model, "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 10\nparms = {}\n");
    r = axon(args);
    cr_assert(r->status == 1 && strstr(r->err, "m.toml:4:1: populations.E.parms") && strstr(r->err, "'params'"), "%s",
              r->err);
    r = axon("models");
    cr_assert_eq(r->status, 0);
    for (size_t k = 0; k < ax_model_count(NULL); k++)
        cr_assert(strstr(r->out, ax_model_get(NULL, k)->name), "lists %s", ax_model_get(NULL, k)->name);
    r = axon("models EIF_cond_exp_isfa_ista");
    cr_assert(r->status == 0 && strstr(r->out, "tau_w") && strstr(r->out, "144") && strstr(r->out, "excitatory"));
    r = axon("models SpikeSourceGamma");
    cr_assert(r->status == 0 && strstr(r->out, "alpha") && strstr(r->out, "beta") && strstr(r->out, "a spike source"),
              "%s", r->out);
    r = axon("models SpikeSourcePoissonRefractory");
    cr_assert(r->status == 0 && strstr(r->out, "tau_refrac") && strstr(r->out, "rate * tau_refrac < 1"), "%s", r->out);
    cr_assert_eq(axon("models nope")->status, 1);
    r = axon("models --markdown");
    cr_assert(r->status == 0 && strstr(r->out, "## IF_curr_exp") && strstr(r->out, "| `tau_m` | 20 | ms |"));
    cr_assert(strstr(r->out, "# Ion channels") && strstr(r->out, "| `gbar_CaT` | 0.4 | uS |") &&
              strstr(r->out, "# Receptors with transmitter kinetics") && strstr(r->out, "| `mg_NMDA` | 1 | mM |"));
    r = axon("channels");
    cr_assert_eq(r->status, 0);
    for (size_t k = 0; k < ax_channel_count(NULL); k++) {
        ax_channel_info ci;
        ax_channel_get_info(NULL, k, &ci);
        cr_assert(strstr(r->out, ci.name), "axon channels lists %s", ci.name);
    }
    r = axon("channels CaT");
    cr_assert(r->status == 0 && strstr(r->out, "v_shift_CaT") && strstr(r->out, "gates") && strstr(r->out, "u "),
              "%s", r->out);
    r = axon("channels Kdr");
    cr_assert(r->status == 1 && strstr(r->err, "unknown channel 'Kdr'"), "%s", r->err);
    snprintf(args, sizeof args, "rm -rf %s", dir);
    cr_assert_eq(system(args), 0);
}

/* `axon channels --model FILE [NAME]`: the channels a model file defines,
 * after the library's; one of them with its parameters and gates (the
 * gate's initial value is its steady state at -65 mV: 1 / (1 + e^3)). */
Test(cli, channels_of_a_model_file)
{
    char *dir = tmpdir(), model[300], bad[300], args[1024];
    snprintf(model, sizeof model, "%s/m.toml", dir);
    write_file(model, "[channels.Kslow]\ndoc = \"slow potassium\"\nconductance = \"gbar_Ks\"\n"
                      "reversal = \"e_rev_K\"\nparams = { gbar_Ks = 2.0, e_rev_K = -90.0 }\n"
                      "gates.q = { power = 2, inf = \"1 / (1 + exp(-(v + 35) / 10))\", tau = 80.0 }\n"
                      "[channels.Leak2]\nconductance = \"g_l2\"\nreversal = \"e_l2\"\n"
                      "params = { g_l2 = 0.1, e_l2 = -70.0 }\n"
                      "[populations.c]\nchannels = [\"Na\", \"K\", \"Kslow\", \"Leak2\"]\nsize = 1\n");
    snprintf(args, sizeof args, "channels --model %s", model);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    char want[400];
    snprintf(want, sizeof want, "%s: 2 channels defined", model);
    const char *mine = strstr(r->out, want);
    cr_assert(mine && strstr(mine, "Kslow      slow potassium") && strstr(mine, "Leak2      User-defined channel"),
              "%s", r->out);
    for (size_t k = 0; k < ax_channel_count(NULL); k++) {   /* the library's first */
        ax_channel_info ci;
        ax_channel_get_info(NULL, k, &ci);
        const char *at = strstr(r->out, ci.name);
        cr_assert(at && at < mine, "lists %s before the file's", ci.name);
    }
    snprintf(args, sizeof args, "channels --model=%s Kslow", model);
    r = axon(args);
    cr_assert(r->status == 0 && strstr(r->out, "slow potassium") && strstr(r->out, "gbar_Ks") &&
              strstr(r->out, "-90 mV") && strstr(r->out, "q             0.0474259"), "%s", r->out);
    snprintf(args, sizeof args, "channels Leak2 --model %s", model);   /* either order */
    r = axon(args);
    cr_assert(r->status == 0 && strstr(r->out, "I = g_l2 (e_l2 - v)") && !strstr(r->out, "gates"), "%s", r->out);
    snprintf(args, sizeof args, "channels --model %s CaT", model);     /* library channels too */
    cr_assert_eq(axon(args)->status, 0);
    r = axon("channels Kslow");                                        /* not without the file */
    cr_assert(r->status == 1 && strstr(r->err, "unknown channel 'Kslow'"), "%s", r->err);
    snprintf(args, sizeof args, "channels --model %s Kfast", model);
    r = axon(args);
    cr_assert(r->status == 1 && strstr(r->err, "unknown channel 'Kfast' in the library or"), "%s", r->err);
    /* a file without channels, a broken channel, no file */
    snprintf(args, sizeof args, "channels --model examples/cuba.toml");
    r = axon(args);
    cr_assert(r->status == 0 && strstr(r->out, "examples/cuba.toml: 0 channels defined"), "%s", r->out);
    snprintf(bad, sizeof bad, "%s/bad.toml", dir);
    write_file(bad, "[channels.K2]\nconductance = \"g\"\nreversal = \"e\"\nparams = { g = 1.0, e = -80.0 }\n"
                    "gates.z = { inf = \"1 / (1 + exp(v)\", tau = 1.0 }\n[populations.c]\nchannels = [\"K2\"]\nsize = 1\n");
    snprintf(args, sizeof args, "channels --model %s", bad);
    r = axon(args);
    cr_assert(r->status == 1 && strstr(r->err, "bad.toml:5:") && strstr(r->err, "channels.K2.gates.z.inf"), "%s", r->err);
    r = axon("channels --model /nonexistent/m.toml");
    cr_assert(r->status == 1 && strstr(r->err, "/nonexistent/m.toml"), "%s", r->err);
    /* bad command lines */
    cr_assert_eq(axon("channels --model")->status, 2);
    cr_assert_eq(axon("channels --model a.toml --model b.toml")->status, 2);
    cr_assert_eq(axon("channels CaT Na")->status, 2);
    cr_assert_eq(axon("channels --frobnicate")->status, 2);
    r = axon("channels --help");
    cr_assert(r->status == 0 && strstr(r->out, "usage: axon channels [NAME] [--model FILE]"), "%s", r->out);
    snprintf(args, sizeof args, "rm -rf %s", dir);
    cr_assert_eq(system(args), 0);
}

/* `axon models --model FILE [NAME]`: the models a file defines, after the
 * built-in ones, as a run would use them. */
Test(cli, models_of_a_model_file)
{
    char *dir = tmpdir(), model[256], args[1024], bad[256];
    snprintf(model, sizeof model, "%s/m.toml", dir);
    write_file(model, "[neurons.Leaky]\ndoc = \"a leaky membrane\"\n"
                      "parameters = \"tau = 10 : ms (> 0)  # time constant\"\nstate = \"v = 0 : mV\"\n"
                      "equations = \"dv/dt = -v / tau : mV\"\n"
                      "[populations.P]\nmodel = \"Leaky\"\nsize = 1\n"
                      "[populations.c]\nchannels = [\"Na\", \"K\", \"leak\"]\nsize = 1\n");
    snprintf(args, sizeof args, "models --model %s", model);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    char want[400];
    snprintf(want, sizeof want, "%s: 2 models defined:", model);
    const char *mine = strstr(r->out, want);
    cr_assert(mine && strstr(mine, "Leaky                        a leaky membrane") && strstr(mine, "cell_c"), "%s",
              r->out);
    const char *lif = strstr(r->out, "IF_curr_exp");
    cr_assert(lif && lif < mine, "the built-in models first:\n%s", r->out);
    snprintf(args, sizeof args, "models Leaky --model=%s", model);
    r = axon(args);
    cr_assert(r->status == 0 && strstr(r->out, "a leaky membrane") && strstr(r->out, "time constant") &&
              strstr(r->out, "(> 0)") && strstr(r->out, "receptors: none"), "%s", r->out);
    snprintf(args, sizeof args, "models --model %s IF_curr_exp", model);
    cr_assert_eq(axon(args)->status, 0);
    r = axon("models Leaky");   /* not without the file */
    cr_assert(r->status == 1 && strstr(r->err, "unknown model 'Leaky'"), "%s", r->err);
    snprintf(args, sizeof args, "models --model %s Leaky2", model);
    r = axon(args);
    cr_assert(r->status == 1 && strstr(r->err, "unknown model 'Leaky2' among the built-in ones and those of"), "%s",
              r->err);
    /* a mistake in the file is reported as by `axon check` */
    snprintf(bad, sizeof bad, "%s/bad.toml", dir);
    write_file(bad, "[neurons.M]\nstate = \"v = 0\"\nequations = \"\"\"\ndv/dt = -v / tau\n\"\"\"\n");
    snprintf(args, sizeof args, "models --model %s", bad);
    r = axon(args);
    cr_assert(r->status == 1 && strstr(r->err, "bad.toml:4:14: neurons.M.equations: at line 1, column 14: unknown "
                                               "name 'tau'"), "%s", r->err);
    snprintf(args, sizeof args, "check %s", bad);
    r = axon(args);
    cr_assert(r->status == 1 && strstr(r->err, "bad.toml:4:14: "), "%s", r->err);
    cr_assert_eq(axon("models --model")->status, 2);
    cr_assert_eq(axon("models --model a.toml --model b.toml")->status, 2);
    cr_assert_eq(axon("models IF_curr_exp Izhikevich")->status, 2);
    cr_assert_eq(axon("models --markdown IF_curr_exp")->status, 2);
    cr_assert_eq(axon("models --frobnicate")->status, 2);
    r = axon("models --help");
    cr_assert(r->status == 0 && strstr(r->out, "usage: axon models [NAME | --markdown] [--model FILE]"), "%s", r->out);
    remove_tree(dir);
}

/* docs/models.md is `axon models --markdown`: it cannot drift. */
Test(cli, model_catalogue_document_is_current)
{
    result *r = axon("models --markdown");
    static char doc[sizeof r->out];
    slurp("docs/models.md", doc, sizeof doc);
    cr_assert_str_eq(doc, r->out, "docs/models.md is stale: run `make docs`");
}

Test(cli, every_example_runs, .timeout = 120)
{
    const char *examples[] = {"quickstart", "cuba", "coba", "brunel", "izhikevich2003", "striatum", "single_neuron_fi",
                              "morris_lecar", "ion_channels", "cobahh", "hh_neurotransmission",
                              "connor_stevens", "izhikevich_leaky", "stdp_song2000", "stdp_weights",
                              "striatum_antihebbian", "rstdp_distal_reward", "seed_lattice", "seed_ring_attractor", "seed_ei_lattices",
                              "seed_spike_train_lattice", "ring_attractor", "travelling_wave", "equations/lif",
                              "equations/izhikevich", "equations/adex", "equations/hh"};
    char *dir = tmpdir(), args[1024], out[300];
    for (size_t k = 0; k < sizeof examples / sizeof *examples; k++) {
        snprintf(out, sizeof out, "%s/%s", dir, examples[k]);
        snprintf(args, sizeof args, "run examples/%s.toml --out %s --quiet --set simulation.duration=100",
                 examples[k], out);
        result *r = axon(args);
        cr_assert_eq(r->status, 0, "%s: %s", examples[k], r->err);
        cr_assert(exists(out, "summary.json"), "%s", examples[k]);
        snprintf(args, sizeof args, "plot %s", out);
        cr_assert_eq(axon(args)->status, 0, "plot %s", examples[k]);
        cr_assert(exists(out, "raster.png"));
    }
    snprintf(out, sizeof out, "%s/demo", dir);
    snprintf(args, sizeof args, "demo --duration 50 --out %s --quiet", out);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(exists(out, "raster.png") && exists(out, "E.spikes.csv"));
    snprintf(args, sizeof args, "rm -rf %s", dir);
    cr_assert_eq(system(args), 0);
}

/* The benchmark model files load (bench/ runs them; nothing else would
 * notice one going stale). */
Test(cli, bench_models_check)
{
    const char *models[] = {"cuba", "coba", "cobahh", "brunel", "brunel_stdp", "izhikevich2003", "microcircuit",
                            "adex", "izhikevich", "cuba_equations", "cobahh_equations", "adex_equations",
                            "izhikevich_equations", "brunel_stdp_equations"};
    char args[512];
    for (size_t k = 0; k < sizeof models / sizeof *models; k++) {
        snprintf(args, sizeof args, "check bench/models/%s.toml", models[k]);
        result *r = axon(args);
        cr_assert_eq(r->status, 0, "%s: %s", models[k], r->err);
        cr_assert(strstr(r->out, ": ok ("), "%s: %s", models[k], r->out);
    }
}

/* On a terminal (script(1) provides one) a progress bar goes to stderr. */
Test(cli, progress_bar_on_a_terminal)
{
    char *dir = tmpdir(), args[1024], log[300];
    snprintf(log, sizeof log, "%s/tty.log", dir);
    snprintf(args, sizeof args, "script -qec '%s run examples/quickstart.toml --out %s/out --set simulation.duration=2000' %s "
             ">/dev/null 2>&1", bin(), dir, log);
    cr_assert_eq(system(args), 0);
    static char text[1 << 16];
    slurp(log, text, sizeof text);
    cr_assert(strstr(text, "[##") && strstr(text, "100.0%") && strstr(text, "2000.0 / 2000.0 ms") && strstr(text, "ETA"),
              "%s", text);
    snprintf(args, sizeof args, "rm -rf %s", dir);
    cr_assert_eq(system(args), 0);
}

/* Weights of a plastic projection: a trace, NPY snapshots, a histogram and
 * the final synapses, the same with 1 and 2 threads, and their figures. */
Test(cli, weight_recordings_and_their_plots, .timeout = 60)
{
    static const char *model =
        "[simulation]\ndt = 0.1\nduration = 200.0\nseed = 5\n"
        "[populations.in]\nmodel = \"SpikeSourcePoisson\"\nsize = 40\nparams = { rate = 20.0 }\n"
        "[populations.out]\nmodel = \"IF_curr_exp\"\nsize = 8\n"
        "[[projections]]\nname = \"ff\"\nfrom = \"in\"\nto = \"out\"\nconnector = { all_to_all = true }\n"
        "weight = { uniform = [0.2, 0.6] }\ndelay = { uniform = [0.5, 2.0] }\n"
        "synapse = { stdp = { timing = \"spike_pair\", w_max = 1.0, A_plus = 0.05, A_minus = 0.05 } }\n"
        "[[record]]\npopulation = \"out\"\nvariables = [\"spikes\"]\n"
        "[[record]]\nprojection = \"ff\"\nweights = [3, 0, 7]\ninterval = 5.0\n"
        "[[record]]\nprojection = \"ff\"\nweights = \"all\"\nat = [0.0, 100.0, 200.0]\nformat = \"npy\"\n"
        "[[record]]\nprojection = \"ff\"\nat = [0.0, 200.0]\nhistogram = { bins = 10, range = [0, 1.0] }\n"
        "final = true\n";
    char *dir = tmpdir(), path[512], args[1024], a[200000], b[200000];
    snprintf(path, sizeof path, "%s/w.toml", dir);
    write_file(path, model);
    for (int threads = 1; threads <= 2; threads++) {
        snprintf(args, sizeof args, "run %s/w.toml --out %s/t%d --quiet --threads %d", dir, dir, threads, threads);
        result *r = axon(args);
        cr_assert_eq(r->status, 0, "%s", r->err);
    }
    snprintf(path, sizeof path, "%s/t2", dir);
    const char *files[] = {"ff.weight_trace.csv", "ff.weight_snapshots.npy", "ff.weight_snapshots.times.npy",
                           "ff.weight_hist.csv", "ff.weights.csv"};
    for (int k = 0; k < 5; k++) {
        cr_assert(exists(path, files[k]), "%s missing", files[k]);
        if (strstr(files[k], ".csv")) {
            char p1[512], p2[512];
            snprintf(p1, sizeof p1, "%s/t1/%s", dir, files[k]);
            snprintf(p2, sizeof p2, "%s/t2/%s", dir, files[k]);
            slurp(p1, a, sizeof a);
            slurp(p2, b, sizeof b);
            cr_assert_str_eq(a, b, "%s differs between 1 and 2 threads", files[k]);
        }
    }
    snprintf(path, sizeof path, "%s/t2/ff.weight_trace.csv", dir);
    slurp(path, a, sizeof a);
    cr_assert(strncmp(a, "time_ms,0,3,7\n0.0,", 18) == 0, "%.60s", a);
    csv_table t = read_csv(path);
    cr_assert_eq(t.rows, 41);
    csv_free(&t);
    snprintf(path, sizeof path, "%s/t2/ff.weight_hist.csv", dir);
    t = read_csv(path);
    cr_assert_eq(t.rows, 20);
    cr_assert(t.data[1] == 0.0 && fabs(t.data[2] - 0.1) < 1e-12 && t.data[19 * 4 + 2] == 1.0);   /* range = [0, 1] */
    double sum = 0;
    for (size_t r = 10; r < 20; r++)
        sum += t.data[r * 4 + 3];
    cr_assert_eq(sum, 320.0);
    csv_free(&t);
    snprintf(path, sizeof path, "%s/t2/ff.weights.csv", dir);
    slurp(path, a, sizeof a);
    cr_assert(strncmp(a, "source,target,weight,delay\n", 27) == 0);
    t = read_csv(path);
    cr_assert_eq(t.rows, 320);
    csv_free(&t);
    snprintf(path, sizeof path, "%s/t2/summary.json", dir);
    slurp(path, a, sizeof a);
    cr_assert(strstr(a, "{\"projection\": \"ff\", \"variable\": \"weights\", \"synapses\": 3, \"interval_ms\": 5, \"unit\": \"nA\"}") &&
                  strstr(a, "{\"projection\": \"ff\", \"variable\": \"weight_histogram\", \"synapses\": 320, \"bins\": 10, \"unit\": \"nA\"}") &&
                  strstr(a, "\"ff.weights.csv\""),
              "%s", a);

    snprintf(args, sizeof args, "plot %s/t2", dir);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(path, sizeof path, "%s/t2", dir);
    cr_assert(exists(path, "raster.png") && exists(path, "weights.png") && exists(path, "weight_hist.png") &&
              !exists(path, "traces.png"));
    cr_assert(strstr(r->out, "weights.png") && strstr(r->out, "weight_hist.png"), "%s", r->out);

    /* mistakes in weight records */
    static const struct { const char *rec, *msg; } bad[] = {
        {"projection = \"fb\"\ninterval = 1.0\n", "record[0].projection: no projection is named 'fb' (give the projection a `name`); named: ff"},
        {"projection = \"ff\"\ninterval = 0.25\n", "record[0].interval: record weights of projection in -> out: interval 0.25 ms is not allowed"},
        {"projection = \"ff\"\nweights = [1]\n", "record[0]: say when: `interval = MS`"},
        {"projection = \"ff\"\ninterval = 1.0\nat = [2.0]\n", "record[0].at: give either `interval` or `at`, not both"},
        {"projection = \"ff\"\ninterval = 1.0\nweights = [-1]\n", "record[0].weights: synapse indices are whole numbers >= 0"},
        {"projection = \"ff\"\nat = [1.0]\nhistogram = { bins = 0 }\n", "record[0].histogram: bins = 0: 1 to 100000"},
        {"projection = \"ff\"\nat = [1.0]\nhistogram = { bins = 5, range = [1.0, 0.5] }\n",
         "record[0].histogram: range [1, 0.5]: need low < high"},
        {"projection = \"ff\"\nat = [1.0]\nhistogram = { bins = 5, width = 1 }\n", "record[0].histogram.width: unknown key"},
        {"projection = \"st\"\nfinal = true\n", "record[0].projection: projection 'st' is not plastic"},
        {"projection = \"ff\"\nfinal = true\nneurons = \"all\"\n", "record[0].neurons: unknown key"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        char text[4096];
        snprintf(text, sizeof text,
                 "[simulation]\nduration = 10.0\n[populations.in]\nmodel = \"SpikeSourcePoisson\"\nsize = 4\n"
                 "[populations.out]\nmodel = \"IF_curr_exp\"\nsize = 2\n"
                 "[[projections]]\nname = \"ff\"\nfrom = \"in\"\nto = \"out\"\nconnector = { all_to_all = true }\n"
                 "weight = 0.3\nsynapse = \"stdp\"\n"
                 "[[projections]]\nname = \"st\"\nfrom = \"in\"\nto = \"out\"\nconnector = { all_to_all = true }\n"
                 "weight = 0.3\n[[record]]\n%s", bad[k].rec);
        snprintf(path, sizeof path, "%s/bad.toml", dir);
        write_file(path, text);
        snprintf(args, sizeof args, "check %s", path);
        r = axon(args);
        cr_assert_eq(r->status, 1, "case %zu: status %d", k, r->status);
        cr_assert(strstr(r->err, bad[k].msg), "case %zu: '%s' lacks '%s'", k, r->err, bad[k].msg);
    }
    /* an index past the end: when the run starts */
    snprintf(path, sizeof path, "%s/w.toml", dir);
    snprintf(args, sizeof args, "run %s --out %s/big --quiet --set 'record.1.weights=[320]'", path, dir);
    r = axon(args);
    cr_assert_eq(r->status, 1, "status %d: %s", r->status, r->err);
    cr_assert(strstr(r->err, "synapse index 320 is out of range: it has 320 synapses (0 .. 319)"), "%s", r->err);
    snprintf(args, sizeof args, "rm -rf %s", dir);
    cr_assert_eq(system(args), 0);
}

/* --save-state and --restore-state: 1000 ms in one run equal 500 ms, the
 * state saved, and 500 ms more in a new process that restores it - every
 * output file the concatenation of the two halves, with the [[schedule]]
 * (an event exactly at the split) on the continued clock, saving with 2
 * threads and restoring with 1. */
Test(cli, save_and_restore_state_continue_the_run, .timeout = 60)
{
    static const char *model =
        "[simulation]\nduration = 1000.0\nseed = 4\n"
        "[modulators.da]\ntau = 200.0\n"
        "[populations.P]\nmodel = \"SpikeSourcePoisson\"\nsize = 30\nparams = { rate = 20.0 }\n"
        "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 20\nparams = { i_offset = { uniform = [0.5, 1.0] } }\n"
        "[[projections]]\nname = \"ff\"\nfrom = \"P\"\nto = \"E\"\nconnector = { fixed_probability = 0.5 }\n"
        "weight = 0.3\ndelay = 1.0\nsynapse = { stdp = { timing = \"spike_pair\", A_plus = 0.02 } }\n"
        "[[projections]]\nname = \"rw\"\nfrom = \"P\"\nto = \"E\"\nconnector = { fixed_probability = 0.5 }\n"
        "weight = 0.2\ndelay = { uniform = [0.5, 2.0] }\n"
        "synapse = { stdp = { timing = \"spike_pair\", reward = \"da\", A_plus = 0.5, A_minus = 0.6 } }\n"
        "[[schedule]]\nat = 300.0\nmodulator = \"da\"\nadd = 0.5\n"
        "[[schedule]]\nat = 500.0\nprojection = \"ff\"\nplasticity = false\n"
        "[[schedule]]\nat = 700.0\nprojection = \"ff\"\nplasticity = true\nlearning_rate = 0.5\n"
        "[[schedule]]\nat = 800.0\nmodulator = \"da\"\nadd = 0.4\n"
        "[[record]]\npopulation = \"E\"\nvariables = [\"spikes\", \"v\"]\nneurons = { first = 3 }\ninterval = 1.0\n"
        "[[record]]\npopulation = \"P\"\nvariables = [\"spikes\"]\n"
        "[[record]]\nprojection = \"rw\"\nweights = { first = 5 }\ninterval = 100.0\n"
        "[[record]]\nprojection = \"ff\"\nweights = { first = 5 }\nat = [0.0, 500.0, 1000.0]\n";
    char *dir = tmpdir(), path[512], args[2048], state[512];
    snprintf(path, sizeof path, "%s/m.toml", dir);
    write_file(path, model);
    snprintf(state, sizeof state, "%s/half.state", dir);
    snprintf(args, sizeof args, "run %s --out %s/whole --threads 1 --quiet", path, dir);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(args, sizeof args, "run %s --out %s/first --threads 2 --set simulation.duration=500 --save-state %s", path,
             dir, state);
    r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "saved the state at t = 500 ms"), "%s", r->out);
    snprintf(args, sizeof args, "run %s --out %s/second --threads 1 --set simulation.duration=500 --restore-state %s --json",
             path, dir, state);
    r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    cr_assert(strstr(r->out, "\"start_ms\": 500,") && strstr(r->out, "\"time_ms\": 1000,"), "%s", r->out);
    const char *files[] = {"E.spikes.csv", "E.v.csv", "P.spikes.csv", "rw.weight_trace.csv", "ff.weight_snapshots.csv"};
    for (int k = 0; k < 5; k++) {
        static char whole[400000], first[400000], second[400000];
        char f[600];
        snprintf(f, sizeof f, "%s/whole/%s", dir, files[k]);
        slurp(f, whole, sizeof whole);
        snprintf(f, sizeof f, "%s/first/%s", dir, files[k]);
        slurp(f, first, sizeof first);
        snprintf(f, sizeof f, "%s/second/%s", dir, files[k]);
        slurp(f, second, sizeof second);
        const char *rows = strchr(second, '\n');   /* the second half without its header */
        cr_assert(rows && strlen(first) > 20 && strlen(rows) > 20, "%s: both halves hold rows", files[k]);
        cr_assert(strlen(first) + strlen(rows + 1) < sizeof whole);
        strcat(first, rows + 1);
        cr_assert_str_eq(first, whole, "%s: the halves put together differ from the whole run", files[k]);
    }
    /* the wrong model, a damaged file: exit 1, saying why */
    snprintf(args, sizeof args, "run %s --out %s/bad --quiet --seed 5 --restore-state %s", path, dir, state);
    r = axon(args);
    cr_assert(r->status == 1 && strstr(r->err, "the seed is 4 in the file, 5 in this network"), "%s", r->err);
    snprintf(args, sizeof args, "run %s --out %s/bad --quiet --restore-state %s/nothing.state", path, dir, dir);
    r = axon(args);
    cr_assert(r->status == 1 && strstr(r->err, "cannot open"), "%s", r->err);
    cr_assert(!exists(dir, "bad/summary.json"));
    cr_assert_eq(axon("run x.toml --save-state")->status, 2);
    r = axon("run --help");
    cr_assert(strstr(r->out, "--save-state FILE") && strstr(r->out, "--restore-state FILE"), "%s", r->out);
    snprintf(args, sizeof args, "rm -rf %s", dir);
    cr_assert_eq(system(args), 0);
}
