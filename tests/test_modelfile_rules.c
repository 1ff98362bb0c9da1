/*
 * Plasticity rules written as equations in model files: [plasticity.NAME]
 * tables (src/io/load_rules.c) and synapse = { rule = "NAME", params =
 * {...} } (load_plastic.c).  The benchmark's Brunel network with STDP
 * written as equations gives the built-in spike_pair file's weights and
 * spikes; the table form of the parameters is the string form; a rule
 * combines with Tsodyks-Markram and stochastic release; every mistake is
 * reported at the file's line and column.
 */
#include <unistd.h>

#include "helpers.h"

static ax_modelfile *load(const char *text, ax_error *err)
{
    return ax_modelfile_load_string(text, "model.toml", "/tmp", NULL, 0, err);
}

/* Loads text and expects an error beginning with `where` (file:line:col:
 * path) and containing `what`. */
static void expect_error(const char *text, const char *where, const char *what)
{
    ax_error err;
    ax_modelfile *m = load(text, &err);
    if (m)
        ax_modelfile_free(m);
    cr_assert_null(m, "accepted:\n%s", text);
    cr_assert_neq(err.status, AX_OK);
    cr_assert(!strncmp(err.message, where, strlen(where)), "message\n  %s\ndoes not begin with '%s' (for:\n%s)",
              err.message, where, text);
    cr_assert(strstr(err.message, what), "message\n  %s\nlacks '%s' (for:\n%s)", err.message, what, text);
}

/* The final weights of projection 0 and every spike of population 0. */
typedef struct result {
    size_t n, n_spikes;
    double *w, *t;
    uint32_t *who;
} result;

static result run_file(const char *path, const char *const *sets, size_t n_sets, double T)
{
    ax_error err;
    ax_modelfile *m = ax_modelfile_load(path, sets, n_sets, &err);
    cr_assert_not_null(m, "%s", err.message);
    ax_network *net = ax_modelfile_get_network(m);
    ax_recorder rec;
    OK(net, ax_recorder_add_spikes(net, 0, AX_ALL_NEURONS, &rec));
    OK(net, ax_network_run(net, T));
    result r;
    r.n = ax_projection_get_size(net, 0);
    r.w = malloc(r.n * sizeof *r.w);
    OK(net, ax_projection_get_synapses(net, 0, NULL, NULL, r.w, NULL));
    const double *t;
    const uint32_t *who;
    OK(net, ax_recorder_get_spikes(net, rec, &r.n_spikes, &t, &who));
    r.t = malloc((r.n_spikes + 1) * sizeof *r.t);
    r.who = malloc((r.n_spikes + 1) * sizeof *r.who);
    memcpy(r.t, t, r.n_spikes * sizeof *t);
    memcpy(r.who, who, r.n_spikes * sizeof *who);
    ax_modelfile_free(m);
    return r;
}

static void result_free(result *r)
{
    free(r->w);
    free(r->t);
    free(r->who);
}

static void same_result(const result *a, const result *b, const char *what)
{
    cr_assert_eq(a->n, b->n, "%s: %zu synapses, %zu", what, a->n, b->n);
    size_t differ = 0;
    for (size_t q = 0; q < a->n; q++)
        differ += a->w[q] != b->w[q];
    cr_assert_eq(differ, 0, "%s: %zu of %zu weights differ", what, differ, a->n);
    cr_assert_eq(a->n_spikes, b->n_spikes, "%s: %zu spikes, %zu", what, a->n_spikes, b->n_spikes);
    cr_assert(!memcmp(a->t, b->t, a->n_spikes * sizeof *a->t) && !memcmp(a->who, b->who, a->n_spikes * sizeof *a->who),
              "%s: the spikes differ", what);
}

/* bench/models/brunel_stdp.toml and brunel_stdp_equations.toml, a tenth
 * of the size (in-degrees too) with a weaker drive (E fires at tens of Hz),
 * 1 and 2 threads: identical weights of the 10^5 plastic synapses and
 * identical spikes (the rule's arithmetic differs from the built-in's in
 * form only below a float's rounding: tests/test_equations_plasticity.c). */
Test(modelfile_rules, brunel_stdp_as_equations_gives_the_builtin_weights, .timeout = 120)
{
    const char *sets[] = {
        "populations.E.size=1000",         "populations.I.size=250",
        "projections.0.connector.fixed_indegree=100", "projections.1.connector.fixed_indegree=25",
        "projections.2.connector.fixed_indegree=100", "projections.3.connector.fixed_indegree=25",
        "inputs.0.rate=12.0",              "inputs.1.rate=12.0",
        "simulation.threads=1",
    };
    const size_t n_sets = sizeof sets / sizeof *sets;
    const double T = 500.0;
    for (int threads = 1; threads <= 2; threads++) {
        sets[n_sets - 1] = threads == 1 ? "simulation.threads=1" : "simulation.threads=2";
        result a = run_file("bench/models/brunel_stdp.toml", sets, n_sets, T);
        result b = run_file("bench/models/brunel_stdp_equations.toml", sets, n_sets, T);
        cr_assert(a.n == 100000 && a.n_spikes > 1000 * 10 * T / 1000, "%zu synapses, %zu spikes", a.n, a.n_spikes);
        size_t moved = 0;
        for (size_t q = 0; q < a.n; q++)
            moved += a.w[q] != (double)(float)0.1;
        cr_assert(moved > a.n / 2, "the weights moved (%zu of %zu)", moved, a.n);
        same_result(&a, &b, threads == 1 ? "1 thread" : "2 threads");
        cr_log_info("brunel_stdp scaled down, %d thread(s): %zu weights (%zu moved) and %zu spikes of E identical",
                    threads, a.n, moved, a.n_spikes);
        result_free(&a);
        result_free(&b);
    }
}

/* A small network for the rest: a rule, Poisson sources onto 20 neurons. */
static const char *network =
    "[simulation]\nduration = 300.0\nseed = 3\n"
    "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 20\nparams = { i_offset = 0.9 }\n"
    "[populations.P]\nmodel = \"SpikeSourcePoisson\"\nsize = 30\nparams = { rate = 20.0 }\n"
    "[[projections]]\nfrom = \"P\"\nto = \"E\"\nconnector = { all_to_all = true }\nweight = 0.2\n"
    "delay = { uniform = [0.5, 2.0] }\n";

static result run_text(const char *text, double T)
{
    char path[] = "/tmp/axon-rules-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    result r = run_file(path, NULL, 0, T);
    unlink(path);
    return r;
}

/* The parameters as a table (numbers, { value, unit, bounds, doc }) give
 * the rule the same parameters as the lines; params override them; the
 * built-in spike_pair with the same values, Tsodyks-Markram and
 * stochastic release gives the same weights and spikes. */
Test(modelfile_rules, table_and_string_forms_agree_and_combine_with_short_term_plasticity, .timeout = 60)
{
    const char *rule_lines =
        "[plasticity.stdp]\n"
        "parameters = \"\"\"\ntau_plus = 20 : ms (> 0)   # the pre trace\ntau_minus = 20 : ms (> 0)\n"
        "A_plus = 0.01\nA_minus = 0.0105\nw_min = 0\nw_max = 0.3\n\"\"\"\n";
    const char *rule_table =
        "[plasticity.stdp.parameters]\n"
        "tau_plus = { value = 20, unit = \"ms\", bounds = \"> 0\", doc = \"the pre trace\" }\n"
        "tau_minus = { value = 20.0, unit = \"ms\" }\nA_plus = 0.01\nA_minus = 0.0105\nw_min = 0\nw_max = 0.3\n";
    const char *rest =
        "[plasticity.stdp]\n"
        "pre = 'dapre/dt = -apre / tau_plus'\npost = \"dapost/dt = -apost / tau_minus\"\n"
        "on_pre = \"apre += 1; w = max(w_min, w - A_minus * (w_max - w_min) * apost)\"\n"
        "on_post = \"\"\"\napost += 1\nw = min(w_max, w + A_plus * (w_max - w_min) * apre)\n\"\"\"\n";
    const char *synapse_eq = "synapse = { rule = \"stdp\", params = { A_plus = 0.012 }, tsodyks_markram = { U = 0.4, "
                             "tau_rec = 150.0 }, release_probability = 0.8 }\n";
    const char *synapse_builtin = "synapse = { stdp = { timing = \"spike_pair\", A_plus = 0.012, A_minus = 0.0105, "
                                  "w_min = 0.0, w_max = 0.3 }, tsodyks_markram = { U = 0.4, tau_rec = 150.0 }, "
                                  "release_probability = 0.8 }\n";
    char text[3][4096];
    /* the rule's keys in one table, its parameters as lines */
    snprintf(text[0], sizeof text[0], "%s%s%s%s", network, synapse_eq, rule_lines,
             strstr(rest, "pre = "));
    /* the parameters as a table of their own, the rest in [plasticity.stdp] */
    snprintf(text[1], sizeof text[1], "%s%s%s%s", network, synapse_eq, rest, rule_table);
    snprintf(text[2], sizeof text[2], "%s%s", network, synapse_builtin);
    result r[3];
    for (int k = 0; k < 3; k++)
        r[k] = run_text(text[k], 300.0);
    cr_assert(r[0].n == 600 && r[0].n_spikes > 20 * 10 * 0.3, "%zu synapses, %zu spikes", r[0].n, r[0].n_spikes);
    same_result(&r[0], &r[1], "the parameters as lines and as a table");
    same_result(&r[0], &r[2], "the rule and the built-in spike_pair, both with Tsodyks-Markram and release");
    for (int k = 0; k < 3; k++)
        result_free(&r[k]);
    /* what the projection says it has */
    char one[4096];
    snprintf(one, sizeof one, "%s%s%s%s", network, synapse_eq, rule_lines, strstr(rest, "pre = "));
    ax_error err;
    ax_modelfile *m = load(one, &err);
    cr_assert_not_null(m, "%s", err.message);
    ax_projection_info info;
    OK(ax_modelfile_get_network(m), ax_projection_get_info(ax_modelfile_get_network(m), 0, &info));
    cr_assert(info.rule.timing == AX_STDP_EQUATIONS && !strcmp(info.rule.rule, "stdp") && info.rule.tsodyks_markram &&
              info.rule.U == 0.4 && info.rule.release_probability == 0.8);
    ax_modelfile_free(m);
}

/* ------------------------------------------------------------------ */
/* Mistakes, at the file's line and column                             */
/* ------------------------------------------------------------------ */

static const char *const lines[] = {
    "[simulation]",                           /* 1 */
    "duration = 100.0",                       /* 2 */
    "[populations.E]",                        /* 3 */
    "model = \"IF_curr_exp\"",                /* 4 */
    "size = 4",                               /* 5 */
    "[populations.P]",                        /* 6 */
    "model = \"SpikeSourcePoisson\"",         /* 7 */
    "size = 4",                               /* 8 */
    "[plasticity.r]",                         /* 9 */
    "parameters = \"A = 0.01\\ntau = 20 : ms\"",  /* 10 */
    "pre = \"dx/dt = -x / tau\"",             /* 11 */
    "post = \"dy/dt = -y / tau\"",            /* 12 */
    "on_pre = \"x += 1; w -= A * y\"",        /* 13 */
    "on_post = \"\"\"",                       /* 14 */
    "y += 1",                                 /* 15 */
    "w += A * x",                             /* 16 */
    "\"\"\"",                                 /* 17 */
    "[[projections]]",                        /* 18 */
    "from = \"P\"",                           /* 19 */
    "to = \"E\"",                             /* 20 */
    "connector = { all_to_all = true }",      /* 21 */
    "weight = 0.1",                           /* 22 */
    "synapse = { rule = \"r\" }",             /* 23 */
};
#define N_LINES (sizeof lines / sizeof *lines)

/* The file with up to three lines replaced: line[k] (1-based; 0: none) by by[k]. */
typedef struct edits {
    int line[3];
    const char *by[3];
} edits;

static void file_with(edits e, char *out, size_t len)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t k = 0; k < N_LINES; k++) {
        const char *text = lines[k];
        for (int j = 0; j < 3; j++)
            text = e.line[j] == (int)k + 1 ? e.by[j] : text;
        n += (size_t)snprintf(out + n, len - n, "%s\n", text);
    }
}

Test(modelfile_rules, the_base_file_loads)
{
    char text[4096];
    file_with((edits){{0}, {NULL}}, text, sizeof text);
    ax_error err;
    ax_modelfile *m = load(text, &err);
    cr_assert_not_null(m, "%s", err.message);
    OK(ax_modelfile_get_network(m), ax_network_run(ax_modelfile_get_network(m), 10.0));
    ax_modelfile_free(m);
}

Test(modelfile_rules, each_mistake_is_placed_in_the_file)
{
    const struct { edits e; const char *where, *what; } cases[] = {
        /* inside the rule's text: the C API's field:line:column mapped to the file */
        {{{16}, {"w += A * xx"}}, "model.toml:16:10: plasticity.r.on_post: at line 2, column 10: ",
         "unknown name 'xx' (did you mean 'x'?)"},
        {{{16}, {"w += A * x + tau"}}, "model.toml:16:12: plasticity.r.on_post: at line 2, column 12: ",
         "unit mismatch: '+' adds 1 and ms"},
        {{{11}, {"pre = \"dx/dt = 1 - x\""}}, "model.toml:11:8: plasticity.r.pre: at column 1: ",
         "a trace decays exponentially between spikes"},
        {{{11}, {"pre = 'dx/dt = -x * tau'"}}, "model.toml:11:19: plasticity.r.pre: at column 12: ",
         "unit mismatch: the right side of dx/dt is in ms, but must be in 1/ms"},
        {{{13}, {"on_pre = \"x += 1; y += 1; w -= A * y\""}}, "model.toml:13:24: plasticity.r.on_pre: at column 14: ",
         "on_pre sets 'y', a postsynaptic trace"},
        {{{13}, {"on_pre = \"x = w;\\tw -= A * y\""}}, "model.toml:13:15: plasticity.r.on_pre: at column 5: ",
         "the new 'x' depends on w"},
        {{{13}, {"on_pre = \"x += 1;\\tw -= A * yy\""}}, "model.toml:13:29: plasticity.r.on_pre: at column 18: ",
         "unknown name 'yy'"},   /* after \t the file has one column more than the string */
        {{{10}, {"parameters = \"A = 0.01\\ntau = 20 : Hz\""}}, "model.toml:10:36: plasticity.r.parameters: at line 2, "
                                                       "column 12: ", "'Hz' is not one of axon's units"},
        {{{10}, {"parameters = { A = 0.01, tau = { value = 20, unit = \"ms\", bounds = \"< 0\" } }"}}, "model.toml:10:26: plasticity.r.parameters.tau: ", "the default 20 of 'tau' is outside its bounds"},
        {{{10}, {"parameters = { A = 0.01, tau = { value = 20, unit = \"Hz\" } }"}}, "model.toml:10:26: plasticity.r.parameters.tau: ", "'Hz' is not one of axon's units"},
        {{{10}, {"parameters = { A = 0.01, tau = { value = 20, units = \"ms\" } }"}}, "model.toml:10:46: plasticity.r.parameters.tau.units: ", "unknown key (did you mean 'unit'?)"},
        {{{10}, {"parameters = { A = 0.01, tau = \"20\" }"}}, "model.toml:10:32: plasticity.r.parameters.tau: ",
         "expected the default value (a number)"},
        {{{10}, {"parameters = [\"A = 0.01\"]"}}, "model.toml:10:14: plasticity.r.parameters: ", "got a array"},
        {{{10}, {"parameters = \"A = 0.01\\ntau = 20 : ms\\nw = 3\""}}, "model.toml:10:40: plasticity.r.parameters: at "
                                                             "line 3, column 1: ", "'w' is the weight"},
        {{{14}, {"on_post = \"\"\"y += zz"}}, "model.toml:14:19: plasticity.r.on_post: at line 1, column 6: ",
         "unknown name 'zz'"},   /* text on the line of the quotes */
        {{{14, 16, 17}, {"on_post = \'\'\'", "w += A * x * \\t", "\'\'\'"}}, "model.toml:16:14: plasticity.r.on_post: "
         "at line 2, column 14: ", "unexpected"},   /* a literal string: \\ is two characters of the string */
        /* the rule as a whole */
        {{{13, 16}, {"on_pre = \"x += 1\"", "y += 2"}}, "model.toml:9:13: plasticity.r: ",
         "the rule never changes w: set it in on_pre or on_post"},
        {{{13}, {"on_prx = \"x += 1\""}}, "model.toml:13:1: plasticity.r.on_prx: ", "unknown key (did you mean 'on_pre'?)"},
        {{{11}, {"pre = 3"}}, "model.toml:11:7: plasticity.r.pre: ", "expected traces, one a line"},
        {{{9}, {"[plasticity.1r]"}}, "model.toml:9:13: plasticity.1r: ", "a rule's name is an identifier"},
        /* the projection's side */
        {{{23}, {"synapse = { rule = \"q\" }"}}, "model.toml:23:20: projections[0].synapse.rule: ",
         "no rule is named 'q' (define it under [plasticity.q]; rules here: r)"},
        {{{23}, {"synapse = { rule = \"r\", params = { B = 1 } }"}}, "model.toml:23:36: projections[0].synapse.params.B: ",
         "rule r has no parameter 'B'; its parameters: A, tau"},
        {{{23}, {"synapse = { rule = \"r\", params = { tau = -5 } }"}}, "model.toml:23:34: projections[0].synapse.params: ",
         "trace 'x' of rule r decays at -0.2 per ms with these parameters"},
        {{{23}, {"synapse = { rule = \"r\", params = { A = \"big\" } }"}}, "model.toml:23:40: projections[0].synapse.params.A: ", "expected a number, got a string"},
        {{{23}, {"synapse = { rule = \"r\", params = 3 }"}}, "model.toml:23:34: projections[0].synapse.params: ",
         "expected a table of the rule's parameters"},
        {{{23}, {"synapse = { rule = \"r\", stdp = { timing = \"spike_pair\" } }"}}, "model.toml:23:25: projections[0].synapse.stdp: ", "a synapse learns by a built-in rule"},
        {{{23}, {"synapse = { stdp = { timing = \"spike_pair\" }, params = { A = 1 } }"}}, "model.toml:23:47: projections[0].synapse.params: ", "params are those of a rule written as equations"},
        {{{23}, {"synapse = { rule = 3 }"}}, "model.toml:23:20: projections[0].synapse.rule: ", "expected a string"},
        {{{23}, {"synapse = { rule = \"r\", rules = 1 }"}}, "model.toml:23:25: projections[0].synapse.rules: ",
         "unknown key (did you mean 'rule'?)"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char text[4096];
        file_with(cases[k].e, text, sizeof text);
        expect_error(text, cases[k].where, cases[k].what);
    }
    char text[4096];
    /* a bound of the rule refuses a value of params, at the value */
    file_with((edits){{10}, {"parameters = \"A = 0.01 : 1 (>= 0)\\ntau = 20 : ms (> 0)\""}}, text, sizeof text);
    char *at = strstr(text, "synapse = { rule = \"r\" }");
    snprintf(at, sizeof text - (size_t)(at - text), "synapse = { rule = \"r\", params = { A = -1, tau = 5 } }\n");
    expect_error(text, "model.toml:23:40: projections[0].synapse.params.A: ",
                 "rule r: A = '-1' is not allowed: must be a finite number >= 0");
}
