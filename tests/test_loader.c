/*
 * The model-file loader: a correct file gives the network it describes;
 * every kind of mistake gives "file:line:col: key.path: message" with what
 * is allowed and, for names, the closest correct one.
 */
#include <unistd.h>

#include "helpers.h"

static const char *base =
    "[simulation]\n"                                     /* 1 */
    "duration = 100.0\n"                                 /* 2 */
    "[populations.E]\n"                                  /* 3 */
    "model = \"IF_curr_exp\"\n"                          /* 4 */
    "size = 10\n"                                        /* 5 */
    "[populations.src]\n"                                /* 6 */
    "model = \"SpikeSourcePoisson\"\n"                   /* 7 */
    "size = 5\n";                                        /* 8 */

static ax_modelfile *load(const char *text, const char *const *sets, size_t n, ax_error *err)
{
    return ax_modelfile_load_string(text, "model.toml", "/tmp", sets, n, err);
}

/* Loads base + extra and expects an error containing every fragment. */
static void expect_error(const char *extra, const char *const *sets, size_t n_sets, const char *f1, const char *f2,
                         const char *f3)
{
    char text[4096];
    snprintf(text, sizeof text, "%s%s", base, extra);
    ax_error err;
    ax_modelfile *m = load(text, sets, n_sets, &err);
    if (m)
        ax_modelfile_free(m);
    cr_assert_null(m, "accepted:\n%s", extra);
    cr_assert_neq(err.status, AX_OK);
    const char *frag[3] = {f1, f2, f3};
    for (int k = 0; k < 3; k++)
        cr_assert(!frag[k] || strstr(err.message, frag[k]), "message\n  %s\nlacks '%s' (for:\n%s)", err.message, frag[k],
                  extra);
}

Test(loader, a_complete_file_declares_the_network)
{
    const char *text =
        "name = \"demo\"\n"
        "[simulation]\ndt = 0.05\nduration = 20\nseed = 7\nthreads = 1\noutput = \"/tmp/x\"\n"
        "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 4\n"
        "params = { tau_m = 10, v_thresh = [-50.0, -51.0, -52.0, -53.0], i_offset = { uniform = [0.1, 0.2] } }\n"
        "init = { v = { normal_clipped = [-60.0, 2.0, -70.0, -55.0] } }\n"
        "[populations.A]\nmodel = \"SpikeSourceArray\"\nsize = 2\nparams = { spike_times = [[1.0, 2.0], [3.0]] }\n"
        "[[projections]]\nfrom = \"A\"\nto = \"E\"\nconnector = { all_to_all = true }\nweight = 0.5\ndelay = 1.0\n"
        "[[projections]]\nfrom = \"E\"\nto = \"E\"\nconnector = { fixed_indegree = 2, allow_self = false }\n"
        "receptor = \"inhibitory\"\nweight = -0.1\ndelay = { uniform = [0.5, 1.5] }\n"
        "[[inputs]]\nkind = \"dc\"\ntarget = \"E\"\nneurons = { first = 2 }\namplitude = 0.5\nstart = 5.0\n"
        "[[inputs]]\nkind = \"poisson\"\ntarget = \"E\"\nsources = 10\nrate = 5\nweight = 0.1\n"
        "[[record]]\npopulation = \"E\"\nvariables = [\"spikes\", \"v\"]\nformat = \"npy\"\ninterval = 0.5\n";
    ax_error err;
    ax_modelfile *m = load(text, NULL, 0, &err);
    cr_assert_not_null(m, "%s", err.message);
    ax_network *net = ax_modelfile_get_network(m);
    cr_assert_str_eq(ax_modelfile_get_name(m), "demo");
    cr_assert_float_eq(ax_modelfile_get_duration(m), 20.0, 0);
    cr_assert_str_eq(ax_modelfile_get_output_dir(m), "/tmp/x");
    cr_assert_float_eq(ax_network_get_dt(net), 0.05, 0);
    cr_assert_eq(ax_network_get_seed(net), 7);
    cr_assert_eq(ax_network_get_threads(net), 1);
    cr_assert_eq(ax_population_count(net), 2);
    ax_population E;
    OK(net, ax_population_find(net, "E", &E));
    double v[4];
    OK(net, ax_population_get_values(net, E, "v_thresh", v, 4));
    cr_assert(v[0] == -50 && v[3] == -53);
    OK(net, ax_population_get_values(net, E, "i_offset", v, 4));
    for (int i = 0; i < 4; i++)
        cr_assert(v[i] >= 0.1 && v[i] <= 0.2);
    OK(net, ax_population_get_values(net, E, "tau_m", v, 4));
    cr_assert(v[0] == 10);
    OK(net, ax_network_run(net, 20));
    cr_assert_eq(ax_projection_get_size(net, 0), 8);
    cr_assert_eq(ax_projection_get_size(net, 1), 8);
    cr_assert_str_eq(ax_modelfile_get_recording_file(m, 0), "E.spikes.csv");
    cr_assert_str_eq(ax_modelfile_get_recording_file(m, 1), "E.v.npy");
    cr_assert_str_eq(ax_modelfile_get_recording_file(m, 2), "E.v.times.npy");
    cr_assert_null(ax_modelfile_get_recording_file(m, 3));
    ax_recorder_info info;
    OK(net, ax_recorder_get_info(net, 1, &info));
    cr_assert_eq(info.n_neurons, 4, "state variables: the first 10 neurons by default");
    cr_assert_float_eq(info.interval_ms, 0.5, 1e-12);
    ax_modelfile_free(m);
}

Test(loader, syntax_errors_name_line_and_column)
{
    expect_error("[[projections]]\nfrom = \"E\"\nto = E\n", NULL, 0, "model.toml:11:6:", "expected a value: 'E' is not one (strings are quoted", NULL);
}

Test(loader, unknown_keys_suggest_the_right_one)
{
    expect_error("[populatons.X]\n", NULL, 0, "model.toml:9:2: populatons:", "did you mean 'populations'",
                 "allowed here: name, simulation, populations");
    expect_error("[populations.I]\nmodle = \"IF_curr_exp\"\n", NULL, 0, "model.toml:10:1: populations.I.modle",
                 "did you mean 'model'", NULL);
    expect_error("[simulation.extra]\n", NULL, 0, "model.toml:9:13: simulation.extra", "unknown key", NULL);
}

Test(loader, unknown_names_suggest_the_right_one)
{
    expect_error("[populations.I]\nmodel = \"IF_cur_exp\"\nsize = 3\n", NULL, 0, "model.toml:10:9: populations.I.model",
                 "did you mean 'IF_curr_exp'", NULL);
    expect_error("[populations.I]\nmodel = \"IF_curr_exp\"\nsize = 3\nparams = { tau_mm = 3 }\n", NULL, 0,
                 "model.toml:12:12: populations.I.params.tau_mm", "did you mean 'tau_m'", NULL);
    expect_error("[[projections]]\nfrom = \"src\"\nto = \"EE\"\nconnector = { all_to_all = true }\nweight = 1\n", NULL, 0,
                 "model.toml:11:6: projections[0].to", "did you mean 'E'", "the populations are: E, src");
    expect_error("[[projections]]\nfrom = \"src\"\nto = \"E\"\nconnector = { all_to_all = true }\nweight = 1\n"
                 "receptor = \"exitatory\"\n", NULL, 0, "projections[0].receptor", "did you mean 'excitatory'", NULL);
    expect_error("[[inputs]]\nkind = \"cd\"\ntarget = \"E\"\n", NULL, 0, "model.toml:10:8: inputs[0].kind",
                 "did you mean 'dc'", NULL);
    expect_error("[populations.I]\nmodel = \"IF_curr_exp\"\nsize = 3\ninit = { v = { uniforn = [0, 1] } }\n", NULL, 0,
                 "populations.I.init.v.uniforn", "did you mean 'uniform'", NULL);
}

Test(loader, wrong_types_and_missing_keys)
{
    expect_error("[populations.I]\nmodel = \"IF_curr_exp\"\nsize = \"3\"\n", NULL, 0, "model.toml:11:8: populations.I.size",
                 "expected a whole number, got a string", NULL);
    expect_error("[populations.I]\nmodel = \"IF_curr_exp\"\n", NULL, 0, "model.toml:9:1: populations.I.size",
                 "this key is required", NULL);
    expect_error("[populations.I]\nmodel = \"IF_curr_exp\"\nsize = 3\nparams = { tau_m = \"fast\" }\n", NULL, 0,
                 "populations.I.params.tau_m", "expected a number", NULL);
    expect_error("[[projections]]\nfrom = \"src\"\nto = \"E\"\nconnector = { all_to_all = true }\n", NULL, 0,
                 "projections[0].weight", "this key is required", NULL);
    expect_error("[[record]]\npopulation = \"E\"\n", NULL, 0, "record[0].variables", "required", NULL);
    ax_error err;
    cr_assert_null(load("projections = 3\n[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 1\n", NULL, 0, &err));
    cr_assert(strstr(err.message, "model.toml:1:15: projections: expected [[projections]] tables"), "%s", err.message);
}

Test(loader, bad_sizes_and_values)
{
    expect_error("[populations.I]\nmodel = \"IF_curr_exp\"\nsize = -4\n", NULL, 0, "model.toml:11:8: populations.I.size",
                 "size -4 is not allowed", NULL);
    expect_error("[populations.I]\nmodel = \"IF_curr_exp\"\nsize = 1000000000000\n", NULL, 0, "populations.I.size",
                 "at most", NULL);
    expect_error("[populations.I]\nmodel = \"IF_curr_exp\"\nsize = 3\nparams = { tau_m = -1.0 }\n", NULL, 0,
                 "model.toml:12:20: populations.I.params.tau_m", "must be > 0 ms", NULL);
    expect_error("[populations.I]\nmodel = \"IF_curr_exp\"\nsize = 3\nparams = { cm = [1.0, 2.0] }\n", NULL, 0,
                 "populations.I.params.cm", "2 values was given, 3 are needed", NULL);
    expect_error("[[projections]]\nfrom = \"src\"\nto = \"E\"\nconnector = { all_to_all = true }\nweight = 1\n"
                 "delay = 0.01\n", NULL, 0, "model.toml:14:9: projections[0].delay", "below dt", NULL);
    expect_error("[[projections]]\nfrom = \"src\"\nto = \"E\"\nconnector = { fixed_probability = 2.0 }\nweight = 1\n",
                 NULL, 0, "projections[0].connector", "p = 2", NULL);
    expect_error("[simulation.x]\n", NULL, 0, "model.toml:9:1", NULL, NULL);
}

/* PyNN's renewal generators from a file: declared with their parameters,
 * run, and their mistakes placed in the file. */
Test(loader, gamma_and_refractory_sources)
{
    const char *text =
        "[simulation]\ndt = 0.1\nduration = 1000\nseed = 3\nthreads = 1\n"
        "[populations.G]\nmodel = \"SpikeSourceGamma\"\nsize = 50\n"
        "params = { alpha = 2.5, beta = [50.0, 100.0, 150.0, 200.0, 250.0, 50.0, 100.0, 150.0, 200.0, 250.0,\n"
        "  50.0, 100.0, 150.0, 200.0, 250.0, 50.0, 100.0, 150.0, 200.0, 250.0, 50.0, 100.0, 150.0, 200.0, 250.0,\n"
        "  50.0, 100.0, 150.0, 200.0, 250.0, 50.0, 100.0, 150.0, 200.0, 250.0, 50.0, 100.0, 150.0, 200.0, 250.0,\n"
        "  50.0, 100.0, 150.0, 200.0, 250.0, 50.0, 100.0, 150.0, 200.0, 250.0], start = 100.0 }\n"
        "[populations.R]\nmodel = \"SpikeSourcePoissonRefractory\"\nsize = 50\n"
        "params = { rate = 40.0, tau_refrac = 5.0, duration = 500.0 }\n"
        "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 10\n"
        "[[projections]]\nfrom = \"G\"\nto = \"E\"\nconnector = { all_to_all = true }\nweight = 0.1\ndelay = 1.0\n"
        "[[projections]]\nfrom = \"R\"\nto = \"E\"\nconnector = { all_to_all = true }\nweight = 0.1\ndelay = 1.0\n"
        "[[record]]\npopulation = \"G\"\nvariables = [\"spikes\"]\n";
    ax_error err;
    ax_modelfile *m = load(text, NULL, 0, &err);
    cr_assert_not_null(m, "%s", err.message);
    ax_network *net = ax_modelfile_get_network(m);
    ax_population G, R;
    OK(net, ax_population_find(net, "G", &G));
    OK(net, ax_population_find(net, "R", &R));
    double beta[50], tau[50];
    OK(net, ax_population_get_values(net, G, "beta", beta, 50));
    OK(net, ax_population_get_values(net, R, "tau_refrac", tau, 50));
    cr_assert(beta[0] == 50.0 && beta[4] == 250.0 && tau[49] == 5.0);
    OK(net, ax_modelfile_run(m, ax_modelfile_get_duration(m)));
    /* G: 50 neurons at beta/alpha = 60 Hz on average for 900 ms; R: 40 Hz for 500 ms (5 sd, Poisson-sized) */
    uint64_t g, r;
    OK(net, ax_population_get_spike_count(net, G, &g));
    OK(net, ax_population_get_spike_count(net, R, &r));
    cr_assert(fabs((double)g - 2700.0) < 5.0 * sqrt(2700.0), "G: %llu spikes", (unsigned long long)g);
    cr_assert(fabs((double)r - 1000.0) < 5.0 * sqrt(1000.0), "R: %llu spikes", (unsigned long long)r);
    ax_modelfile_free(m);
    expect_error("[populations.G]\nmodel = \"SpikeSourceGamma\"\nsize = 3\nparams = { alpha = 0.0 }\n", NULL, 0,
                 "model.toml:12:20: populations.G.params.alpha", "must be > 0", NULL);
    expect_error("[populations.G]\nmodel = \"SpikeSourceGamma\"\nsize = 3\nparams = { alpah = 2.0 }\n", NULL, 0,
                 "populations.G.params.alpah", "did you mean 'alpha'", NULL);
    /* rate * tau_refrac >= 1 is the model's check: found when the file is validated */
    char bad[1024];
    snprintf(bad, sizeof bad, "%s[populations.R]\nmodel = \"SpikeSourcePoissonRefractory\"\nsize = 3\n"
             "params = { rate = 100.0, tau_refrac = 20.0 }\n", base);
    m = load(bad, NULL, 0, &err);
    cr_assert_not_null(m, "%s", err.message);
    cr_assert_eq(ax_modelfile_validate(m), AX_ERR_ARGUMENT);
    const char *msg = ax_network_get_error(ax_modelfile_get_network(m));
    cr_assert(strstr(msg, "model.toml:9:14: populations.R:") && strstr(msg, "rate 100 Hz and tau_refrac 20 ms"), "%s", msg);
    ax_modelfile_free(m);
}

Test(loader, from_list_files)
{
    const char *path = "/tmp/axon-test-pairs.csv";
    FILE *f = fopen(path, "w");
    fprintf(f, "source,target,weight\n0,1,0.5\n4,9,0.25\n# a comment\n\n2,3,1.0\n");
    fclose(f);
    char text[4096];
    snprintf(text, sizeof text, "%s[[projections]]\nfrom = \"src\"\nto = \"E\"\nconnector = { from_list = \"%s\" }\n",
             base, "axon-test-pairs.csv");
    ax_error err;
    ax_modelfile *m = load(text, NULL, 0, &err);
    cr_assert_not_null(m, "%s", err.message);
    ax_network *net = ax_modelfile_get_network(m);
    OK(net, ax_network_build(net));
    uint32_t s[3], t[3];
    double w[3];
    cr_assert_eq(ax_projection_get_size(net, 0), 3);
    OK(net, ax_projection_get_synapses(net, 0, s, t, w, NULL));
    cr_assert(s[0] == 0 && t[0] == 1 && w[0] == 0.5 && s[1] == 2 && t[1] == 3 && s[2] == 4 && w[2] == 0.25);
    ax_modelfile_free(m);

    expect_error("[[projections]]\nfrom = \"src\"\nto = \"E\"\nconnector = { from_list = \"nope.csv\" }\nweight = 1\n",
                 NULL, 0, "model.toml:12:27: projections[0].connector.from_list", "cannot open", "/tmp/nope.csv");
    f = fopen(path, "w");
    fprintf(f, "0,1\n7,1\n");
    fclose(f);
    expect_error("[[projections]]\nfrom = \"src\"\nto = \"E\"\nconnector = { from_list = \"axon-test-pairs.csv\" }\n"
                 "weight = 1\n", NULL, 0, "/tmp/axon-test-pairs.csv:2:1: ", "sources (neurons of 'src') are 0 .. 4", NULL);
    f = fopen(path, "w");
    fprintf(f, "0,1,0.5\n1,2\n");
    fclose(f);
    expect_error("[[projections]]\nfrom = \"src\"\nto = \"E\"\nconnector = { from_list = \"axon-test-pairs.csv\" }\n",
                 NULL, 0, "axon-test-pairs.csv:2:1: 2 fields; the rows before have 3", NULL, NULL);
    f = fopen(path, "w");
    fprintf(f, "0,1,0.5\n");
    fclose(f);
    expect_error("[[projections]]\nfrom = \"src\"\nto = \"E\"\nconnector = { from_list = \"axon-test-pairs.csv\" }\n"
                 "weight = 2\n", NULL, 0, "projections[0].weight", "both here and in", NULL);
    unlink(path);
}

Test(loader, overrides)
{
    const char *sets[] = {"simulation.duration=250", "populations.E.params.tau_m=7.5", "simulation.output=some/dir",
                          "populations.E.size=12"};
    ax_error err;
    ax_modelfile *m = load(base, sets, 4, &err);
    cr_assert_not_null(m, "%s", err.message);
    cr_assert_float_eq(ax_modelfile_get_duration(m), 250.0, 0);
    cr_assert_str_eq(ax_modelfile_get_output_dir(m), "some/dir", "a value that is not TOML is a string");
    ax_population_info info;
    OK(ax_modelfile_get_network(m), ax_population_get_info(ax_modelfile_get_network(m), 0, &info));
    cr_assert_eq(info.size, 12);
    double tau[12];
    OK(ax_modelfile_get_network(m), ax_population_get_values(ax_modelfile_get_network(m), 0, "tau_m", tau, 12));
    cr_assert_float_eq(tau[0], 7.5, 0);
    ax_modelfile_free(m);

    const char *with_proj[] = {"projections.0.weight=0.25"};
    char text[2048];
    snprintf(text, sizeof text, "%s[[projections]]\nfrom = \"src\"\nto = \"E\"\nconnector = { one_to_one = true }\n"
             "weight = 1\n", "[simulation]\nduration = 10\n[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 5\n"
             "[populations.src]\nmodel = \"SpikeSourcePoisson\"\nsize = 5\n");
    m = load(text, with_proj, 1, &err);
    cr_assert_not_null(m, "%s", err.message);
    OK(ax_modelfile_get_network(m), ax_network_build(ax_modelfile_get_network(m)));
    double w[5];
    OK(ax_modelfile_get_network(m), ax_projection_get_synapses(ax_modelfile_get_network(m), 0, NULL, NULL, w, NULL));
    cr_assert_float_eq(w[0], 0.25, 0);
    ax_modelfile_free(m);

    const char *bad1[] = {"populations.E.params.tau_m=-3"};
    expect_error("", bad1, 1, "model.toml: --set populations.E.params.tau_m", "must be > 0", NULL);
    const char *bad2[] = {"projections.3.weight=1"};
    expect_error("[[projections]]\nfrom = \"src\"\nto = \"E\"\nconnector = { one_to_one = true }\nweight = 1\n", bad2, 1,
                 "--set projections.3.weight", "not an index", NULL);
    const char *bad3[] = {"simulation.duration=[1, "};
    expect_error("", bad3, 1, "--set simulation.duration", "not a TOML value", NULL);
}

Test(loader, recording_errors)
{
    expect_error("[[record]]\npopulation = \"E\"\nvariables = [\"vm\"]\n", NULL, 0, "model.toml:11:14: record[0].variables",
                 "did you mean 'v'", NULL);
    expect_error("[[record]]\npopulation = \"E\"\nvariables = [\"spikes\"]\n[[record]]\npopulation = \"E\"\n"
                 "variables = [\"spikes\"]\nneurons = [1]\n", NULL, 0, "record[1].variables", "recorded twice", NULL);
    expect_error("[[record]]\npopulation = \"E\"\nvariables = [\"v\"]\nformat = \"hdf5\"\n", NULL, 0, "record[0].format",
                 "allowed: csv, npy", NULL);
    expect_error("[[record]]\npopulation = \"E\"\nvariables = [\"v\"]\nneurons = [0, 99]\n", NULL, 0,
                 "record[0].neurons", "out of range", NULL);
}

Test(loader, cannot_read_files)
{
    ax_error err;
    cr_assert_null(ax_modelfile_load("/nonexistent/model.toml", NULL, 0, &err));
    cr_assert_eq(err.status, AX_ERR_IO);
    cr_assert(strstr(err.message, "/nonexistent/model.toml: cannot open"), "%s", err.message);
    cr_assert_null(load("x = \"\xc3\x28\"\n", NULL, 0, &err));
    cr_assert(strstr(err.message, "model.toml:1:6: the file is not valid UTF-8"), "%s", err.message);
}
