/*
 * [neurons.NAME] in model files (src/io/load_neurons.c): (a) the LIF of
 * docs/equations.md in a CUBA-like network spikes exactly as the same
 * network of IF_curr_exp; (b) the table forms of parameters, state and
 * receptors define the same model as the lines; (c) bounds refuse a
 * population's params; (d) every kind of mistake is reported at the file's
 * line and column of the character the C API names, in multi-line ("""
 * and '''), single-line and escaped strings and in the table forms.
 */
#include "helpers.h"

/* The LIF of docs/equations.md, as written there. */
static const char *lif_lines =
    "[neurons.LIF]\n"
    "doc = \"IF_curr_exp written as equations\"\n"
    "parameters = \"\"\"\n"
    "v_rest = -65 : mV          # resting potential\n"
    "cm = 1 : nF (> 0)\n"
    "tau_m = 20 : ms (> 0)\n"
    "tau_refrac = 0.1 : ms (>= 0)\n"
    "tau_syn_E = 5 : ms (> 0)\n"
    "tau_syn_I = 5 : ms (> 0)\n"
    "i_offset = 0 : nA\n"
    "v_reset = -65 : mV\n"
    "v_thresh = -50 : mV\n"
    "\"\"\"\n"
    "state = \"\"\"\n"
    "v = -65 : mV\n"
    "isyn_exc = 0 : nA\n"
    "isyn_inh = 0 : nA\n"
    "\"\"\"\n"
    "equations = \"\"\"\n"
    "dv/dt = (v_rest - v) / tau_m + (isyn_exc + isyn_inh + i_offset + I_inj) / cm : mV (unless refractory)\n"
    "disyn_exc/dt = -isyn_exc / tau_syn_E : nA\n"
    "disyn_inh/dt = -isyn_inh / tau_syn_I : nA\n"
    "\"\"\"\n"
    "threshold = \"v >= v_thresh\"\n"
    "reset = \"v = v_reset\"\n"
    "refractory = \"tau_refrac\"\n"
    "receptors = { excitatory = \"isyn_exc\", inhibitory = \"isyn_inh\" }\n";

/* The same model with the table forms: parameters and state as tables
 * (numbers, and { value, unit, doc, bounds }), an initial value written as
 * an expression of parameters, receptors with their statements written
 * out, refractory as a number. */
static const char *lif_tables =
    "[neurons.LIF]\n"
    "doc = \"IF_curr_exp written as equations\"\n"
    "equations = \"\"\"\n"
    "dv/dt = (v_rest - v) / tau_m + (isyn_exc + isyn_inh + i_offset + I_inj) / cm : mV (unless refractory)\n"
    "disyn_exc/dt = -isyn_exc / tau_syn_E : nA\n"
    "disyn_inh/dt = -isyn_inh / tau_syn_I : nA\n"
    "\"\"\"\n"
    "threshold = \"v >= v_thresh\"\n"
    "reset = \"v = v_reset\"\n"
    "refractory = \"tau_refrac\"\n"
    "receptors = { excitatory = \"isyn_exc += weight\", inhibitory = \"isyn_inh += weight\" }\n"
    "[neurons.LIF.parameters]\n"
    "v_rest = { value = -65, unit = \"mV\", doc = \"resting potential\" }\n"
    "cm = { value = 1, unit = \"nF\", bounds = \"> 0\" }\n"
    "tau_m = { value = 20.0, unit = \"ms\", bounds = \"(> 0)\" }\n"
    "tau_refrac = { value = 0.1, unit = \"ms\", bounds = \">= 0\" }\n"
    "tau_syn_E = { value = 5, unit = \"ms\", bounds = \"> 0\" }\n"
    "tau_syn_I = { value = 5, unit = \"ms\", bounds = \"> 0\" }\n"
    "i_offset = { value = 0, unit = \"nA\" }\n"
    "v_reset = { value = -65, unit = \"mV\" }\n"
    "v_thresh = { value = -50, unit = \"mV\" }\n"
    "[neurons.LIF.state]\n"
    "v = { value = \"v_rest\", unit = \"mV\" }\n"
    "isyn_exc = { value = 0, unit = \"nA\" }\n"
    "isyn_inh = { value = 0, unit = \"nA\" }\n";

/* CUBA (examples/cuba.toml) at 800 neurons, with stronger synapses for its
 * smaller in-degree; %s: the [neurons] section, %s %s: the model of E and I. */
static const char *cuba =
    "[simulation]\ndt = 0.1\nduration = 300.0\nseed = 12345\n"
    "%s"
    "[populations.E]\nmodel = \"%s\"\nsize = 640\n"
    "params = { cm = 1.0, tau_m = 20.0, v_rest = -49.0, v_thresh = -50.0, v_reset = -60.0, tau_refrac = 5.0, "
    "tau_syn_E = 5.0, tau_syn_I = 10.0 }\n"
    "init = { v = { uniform = [-60.0, -50.0] } }\n"
    "[populations.I]\nmodel = \"%s\"\nsize = 160\n"
    "params = { cm = 1.0, tau_m = 20.0, v_rest = -49.0, v_thresh = -50.0, v_reset = -60.0, tau_refrac = 5.0, "
    "tau_syn_E = 5.0, tau_syn_I = 10.0 }\n"
    "init = { v = { uniform = [-60.0, -50.0] } }\n"
    "[[projections]]\nfrom = \"E\"\nto = \"E\"\nconnector = { fixed_probability = 0.1 }\nweight = 0.081\ndelay = 0.1\n"
    "[[projections]]\nfrom = \"E\"\nto = \"I\"\nconnector = { fixed_probability = 0.1 }\nweight = 0.081\ndelay = 0.1\n"
    "[[projections]]\nfrom = \"I\"\nto = \"E\"\nconnector = { fixed_probability = 0.1 }\nreceptor = \"inhibitory\"\n"
    "weight = -0.45\ndelay = 0.1\n"
    "[[projections]]\nfrom = \"I\"\nto = \"I\"\nconnector = { fixed_probability = 0.1 }\nreceptor = \"inhibitory\"\n"
    "weight = -0.45\ndelay = 0.1\n"
    "[[inputs]]\ntarget = \"E\"\nkind = \"noise\"\nmean = 0.0\nstd = 0.2\n"
    "[[record]]\npopulation = \"E\"\nvariables = [\"spikes\"]\n"
    "[[record]]\npopulation = \"I\"\nvariables = [\"spikes\"]\n";

typedef struct spikes {
    size_t n[2];
    double *t[2];
    uint32_t *id[2];
} spikes;

static ax_modelfile *load(const char *text)
{
    ax_error err;
    ax_modelfile *m = ax_modelfile_load_string(text, "x.toml", "/tmp", NULL, 0, &err);
    cr_assert_not_null(m, "%s\nin:\n%s", err.message, text);
    return m;
}

/* Loads the CUBA network with `neurons` and `model`, runs it and copies
 * the spikes of E and I. */
static spikes run_cuba(const char *neurons, const char *model)
{
    static char text[16384];
    snprintf(text, sizeof text, cuba, neurons, model, model);
    ax_modelfile *m = load(text);
    ax_network *net = ax_modelfile_get_network(m);
    OK(net, ax_modelfile_run(m, 300.0));
    spikes s;
    for (ax_recorder r = 0; r < 2; r++) {
        const double *t;
        const uint32_t *id;
        OK(net, ax_recorder_get_spikes(net, r, &s.n[r], &t, &id));
        s.t[r] = malloc((s.n[r] + 1) * sizeof *s.t[r]);
        s.id[r] = malloc((s.n[r] + 1) * sizeof *s.id[r]);
        memcpy(s.t[r], t, s.n[r] * sizeof *t);
        memcpy(s.id[r], id, s.n[r] * sizeof *id);
    }
    ax_modelfile_free(m);
    return s;
}

static void spikes_free(spikes *s)
{
    for (int r = 0; r < 2; r++)
        free(s->t[r]), free(s->id[r]);
}

static void expect_same_spikes(const spikes *a, const spikes *b, const char *what)
{
    for (int r = 0; r < 2; r++) {
        cr_assert_eq(a->n[r], b->n[r], "%s: population %d: %zu spikes against %zu", what, r, a->n[r], b->n[r]);
        for (size_t k = 0; k < a->n[r]; k++)
            cr_assert(a->t[r][k] == b->t[r][k] && a->id[r][k] == b->id[r][k],
                      "%s: population %d, spike %zu: neuron %u at %.17g ms against neuron %u at %.17g ms", what, r,
                      k, a->id[r][k], a->t[r][k], b->id[r][k], b->t[r][k]);
    }
}

/* Bit for bit: the propagators of the equation model are those of
 * IF_curr_exp (docs/equations.md), and every random draw (init, noise,
 * connectivity) is the same for both files. */
Test(modelfile_equations, lif_spikes_as_if_curr_exp)
{
    spikes built_in = run_cuba("", "IF_curr_exp"), lines = run_cuba(lif_lines, "LIF");
    /* the network is active: otherwise the comparison would prove little */
    cr_assert(built_in.n[0] > 1000 && built_in.n[1] > 200, "%zu and %zu spikes", built_in.n[0], built_in.n[1]);
    expect_same_spikes(&built_in, &lines, "LIF against IF_curr_exp");
    spikes_free(&built_in);
    spikes_free(&lines);
}

Test(modelfile_equations, table_forms_define_the_same_model)
{
    static char a_text[8192], b_text[8192];
    snprintf(a_text, sizeof a_text, "[simulation]\nduration = 1\n%s[populations.X]\nmodel = \"LIF\"\nsize = 1\n",
             lif_lines);
    snprintf(b_text, sizeof b_text, "[simulation]\nduration = 1\n%s[populations.X]\nmodel = \"LIF\"\nsize = 1\n",
             lif_tables);
    ax_modelfile *ma = load(a_text), *mb = load(b_text);
    const ax_model *a = ax_model_find(ax_modelfile_get_network(ma), "LIF"),
                   *b = ax_model_find(ax_modelfile_get_network(mb), "LIF");
    cr_assert(a && b);
    cr_assert_str_eq(a->doc, b->doc);
    cr_assert_eq(a->n_params, 9);
    cr_assert_eq(a->n_params, b->n_params);
    for (uint32_t k = 0; k < a->n_params; k++) {
        const ax_param_info *p = &a->params[k], *q = &b->params[k];
        cr_assert(!strcmp(p->name, q->name) && !strcmp(p->unit, q->unit) && p->value == q->value &&
                      p->min == q->min && p->max == q->max && p->flags == q->flags && !strcmp(p->doc, q->doc),
                  "parameter %s: %s %g [%g %g] %u '%s' against %s %s %g [%g %g] %u '%s'", p->name, p->unit, p->value,
                  p->min, p->max, p->flags, p->doc, q->name, q->unit, q->value, q->min, q->max, q->flags, q->doc);
    }
    cr_assert_str_eq(b->params[0].doc, "resting potential");
    cr_assert(b->params[1].min == 0 && (b->params[1].flags & AX_PARAM_GT_MIN));
    cr_assert_eq(a->n_vars, b->n_vars);
    for (uint32_t k = 0; k < a->n_vars; k++)
        cr_assert(!strcmp(a->vars[k].name, b->vars[k].name) && !strcmp(a->vars[k].unit, b->vars[k].unit) &&
                      a->vars[k].value == b->vars[k].value,
                  "state %s", a->vars[k].name);
    cr_assert_eq(a->n_receptors, b->n_receptors);
    for (uint32_t k = 0; k < a->n_receptors; k++)
        cr_assert(!strcmp(a->receptors[k].name, b->receptors[k].name) &&
                  !strcmp(a->receptors[k].weight_unit, b->receptors[k].weight_unit));
    ax_modelfile_free(ma);
    ax_modelfile_free(mb);
    /* and they run alike */
    spikes s = run_cuba(lif_lines, "LIF"), t = run_cuba(lif_tables, "LIF");
    expect_same_spikes(&s, &t, "tables against lines");
    spikes_free(&s);
    spikes_free(&t);
}

/* ------------------------------------------------------------------ */
/* Mistakes, at the file's line and column                             */
/* ------------------------------------------------------------------ */

static const char *model_head = "[simulation]\nduration = 1\n[neurons.M]\n";    /* lines 1-3 */
static const char *model_tail = "[populations.P]\nmodel = \"M\"\nsize = 1\n";

/* Loads model_head + body + model_tail + extra and expects the message to
 * start with `prefix` (the file, line and column, the key path) and to
 * contain `text`. */
static void expect_error(const char *body, const char *extra, const char *prefix, const char *text)
{
    char file[8192];
    snprintf(file, sizeof file, "%s%s%s%s", model_head, body, model_tail, extra ? extra : "");
    ax_error err;
    ax_modelfile *m = ax_modelfile_load_string(file, "file.toml", "/tmp", NULL, 0, &err);
    if (m)
        ax_modelfile_free(m);
    cr_assert_null(m, "accepted:\n%s", file);
    cr_assert_eq(err.status, AX_ERR_ARGUMENT, "%s", err.message);
    cr_assert(!strncmp(err.message, prefix, strlen(prefix)), "message\n  %s\ndoes not start with\n  %s\n(file:\n%s)",
              err.message, prefix, file);
    cr_assert(strstr(err.message, text), "message\n  %s\nlacks '%s'", err.message, text);
}

Test(modelfile_equations, bounds_refuse_a_population_value)
{
    const char *body = "parameters = { tau = { value = 10, unit = \"ms\", bounds = \"> 0\" } }\n"
                       "state = \"v = 0\"\nequations = \"dv/dt = -v / tau\"\n";
    expect_error(body, "params = { tau = -2.0 }\n", "file.toml:10:18: populations.P.params.tau: ",
                 "tau = -2 is not allowed: must be > 0 ms");
    expect_error(body, "params = { tau = [0.0] }\n", "file.toml:10:18: populations.P.params.tau: ",
                 "must be > 0 ms");
    /* a default outside the bounds: at the value */
    expect_error("parameters = \"tau = 0 : ms (> 0)\"\nstate = \"v = 0\"\n", NULL,
                 "file.toml:4:21: neurons.M.parameters: at column 7: ", "the default 0 of 'tau' is outside its bounds");
    expect_error("parameters = { tau = { value = 0, unit = \"ms\", bounds = \">= 1, < 5\" } }\nstate = \"v = 0\"\n",
                 NULL, "file.toml:4:32: neurons.M.parameters.tau: ", "the default 0 of 'tau' is outside its bounds");
    expect_error("parameters = { tau = { value = 2, bounds = \">= 1; < 5\" } }\nstate = \"v = 0\"\n", NULL,
                 "file.toml:4:49: neurons.M.parameters.tau: at column 5: ", "expected ')' or ',' in the bounds");
}

Test(modelfile_equations, errors_in_multiline_strings)
{
    /* an unknown name on the 3rd line of equations: line 4 + 1 + 3 */
    expect_error("parameters = \"\"\"\ntau_m = 20 : ms\n\"\"\"\nstate = \"v = 0 : mV\\nw = 0 : mV\"\n"
                 "equations = \"\"\"\ndv/dt = -v / tau_m : mV\n\ndw/dt = (v - w) / tua_m : mV\n\"\"\"\n",
                 NULL, "file.toml:11:19: neurons.M.equations: at line 3, column 19: ",
                 "unknown name 'tua_m' (did you mean 'tau_m'?)");
    /* the same in ''' and with the text starting on the line of the quotes */
    expect_error("state = '''v = 0 : mV\nw = 0 : mV'''\nequations = '''dv/dt = -v / 10 : mV\n"
                 "dw/dt = (v - w) / tua_m : mV'''\n",
                 NULL, "file.toml:7:19: neurons.M.equations: at line 2, column 19: ", "unknown name 'tua_m'");
    /* continued lines: the column is on the line of the file it is on */
    expect_error("state = \"v = 0 : mV\"\nequations = \"\"\"\ndv/dt = (-v +\n"
                 "    qq) / 10 : mV\n\"\"\"\n",
                 NULL, "file.toml:7:5: neurons.M.equations: at line 2, column 5: ", "unknown name 'qq'");
    /* a line-ending backslash joins lines of a """ string */
    expect_error("state = \"v = 0 : mV\"\nequations = \"\"\"\ndv/dt = \\\n   -v / qq : mV\n\"\"\"\n",
                 NULL, "file.toml:7:9: neurons.M.equations: at line 1, column 14: ", "unknown name 'qq'");
    /* a non-finite initial value, on the 2nd line of state */
    expect_error("state = \"\"\"\nv = -65 : mV\nw = exp(1000) : mV\n\"\"\"\n", NULL,
                 "file.toml:6:5: neurons.M.state: at line 2, column 5: ", "'w' = inf: must be finite");
}

Test(modelfile_equations, errors_in_single_line_strings)
{
    /* unit mismatch: column 20 of the text, after 'equations = "' (13 characters) */
    expect_error("parameters = \"tau_m = 20 : ms\"\nstate = \"v = 0 : mV\"\n"
                 "equations = \"dv/dt = -v / tau_m + I_inj / tau_m : mV\"\n",
                 NULL, "file.toml:6:33: neurons.M.equations: at column 20: ", "unit mismatch: '+' adds mV/ms and nA/ms");
    /* escapes: \n starts line 2 of the text on the same line of the file, \u0074 is one character of six */
    expect_error("state = \"v = 0 : mV\\nw = 0 : mV\"\n"
                 "equations = \"dv/dt = -v / 10 : mV\\ndw/dt = -w / \\u0074au_w : mV\"\n",
                 NULL, "file.toml:5:49: neurons.M.equations: at line 2, column 14: ", "unknown name 'tau_w'");
    expect_error("state = \"v = 0 : mV\"\nequations = \"dv/dt = -v / \\u0074 + zz : mV\"\n",
                 NULL, "file.toml:5:36: neurons.M.equations: at column 18: ", "unknown name 'zz'");
    /* a threshold that reads no state variable */
    expect_error("parameters = \"v_th = 1\"\nstate = \"v = 0\"\nthreshold = \"v_th > 0\"\n", NULL,
                 "file.toml:6:14: neurons.M.threshold: at column 1: ", "'v_th > 0' uses no state variable");
    /* Hz */
    expect_error("parameters = \"rate = 5 : Hz\"\nstate = \"v = 0\"\n", NULL,
                 "file.toml:4:26: neurons.M.parameters: at column 12: ", "'Hz' is not one of axon's units; write 1/ms");
    /* a bad receptor statement, in lines */
    expect_error("state = \"v = 0\"\nreceptors = \"excitatory: v = weight\"\n", NULL,
                 "file.toml:5:26: neurons.M.receptors: at column 13: ", "proportional to the weight");
    /* a refractory period without a threshold: at the number */
    expect_error("state = \"v = 0\"\nrefractory = 2\n", NULL, "file.toml:5:14: neurons.M.refractory: ",
                 "a refractory period needs a threshold");
    /* fields without a line: at the value */
    expect_error("state = \"v = 0\"\nmethod = \"rk5\"\n", NULL, "file.toml:5:10: neurons.M.method: ",
                 "unknown method 'rk5'");
    expect_error("state = \"v = 0\"\ndetect = \"edge\"\n", NULL, "file.toml:5:10: neurons.M.detect: ",
                 "detect 'edge': allowed");
    expect_error("parameters = \"a = 1\"\n", NULL, "file.toml:3:10: neurons.M.state: ", "no state variable");
}

Test(modelfile_equations, errors_in_table_forms)
{
    /* Hz: at the unit's string */
    expect_error("parameters = { tau = 20, rate = { value = 5, unit = \"Hz\" } }\nstate = \"v = 0\"\n", NULL,
                 "file.toml:4:54: neurons.M.parameters.rate: at column 1: ", "'Hz' is not one of axon's units");
    expect_error("[neurons.M.parameters]\nrate = { value = 5, unit = \"1/s\" }\n[neurons.M.state]\nv = 0\n", NULL,
                 "file.toml:5:29: neurons.M.parameters.rate: at column 1: ", "'s' is not one of axon's units");
    /* an initial value written as an expression: the column inside it */
    expect_error("parameters = { v0 = 1 }\nstate = { v = { value = \"v0 * qq\" } }\n", NULL,
                 "file.toml:5:31: neurons.M.state.v: at column 6: ", "unknown name 'qq'");
    expect_error("state = { v = { value = \"exp(1000)\", unit = \"mV\" } }\n", NULL,
                 "file.toml:4:26: neurons.M.state.v: at column 1: ", "'v' = inf: must be finite");
    /* a bad receptor statement: in its string */
    expect_error("state = \"v = 0\"\nreceptors = { excitatory = \"v = weight\", inhibitory = \"v\" }\n", NULL,
                 "file.toml:5:29: neurons.M.receptors.excitatory: at column 1: ", "proportional to the weight");
    expect_error("state = \"v = 0\"\n[neurons.M.receptors]\nexcitatory = \"v += weight\"\n\"bad name\" = \"v\"\n",
                 NULL, "file.toml:7:1: neurons.M.receptors.bad name: ", "expected NAME: STATEMENTS");
    /* the loader's own checks */
    expect_error("state = { v = { value = 0, bounds = \"> 0\" } }\n", NULL, "file.toml:4:28: neurons.M.state.v.bounds: ",
                 "unknown key; allowed here: value, unit, doc");
    expect_error("state = { v = { unit = \"mV\" } }\n", NULL, "file.toml:4:15: neurons.M.state.v.value: ",
                 "this key is required");
    expect_error("parameters = { a = \"1\" }\nstate = \"v = 0\"\n", NULL, "file.toml:4:20: neurons.M.parameters.a: ",
                 "expected the default value (a number)");
    expect_error("state = { v = nan }\n", NULL, "file.toml:4:15: neurons.M.state.v: ", "nan is not a finite number");
    expect_error("state = \"v = 0\"\nreceptors = { excitatory = 1 }\n", NULL,
                 "file.toml:5:28: neurons.M.receptors.excitatory: ", "expected the receptor's statements");
}

Test(modelfile_equations, keys_and_names)
{
    expect_error("state = \"v = 0\"\ntreshold = \"v > 1\"\n", NULL, "file.toml:5:1: neurons.M.treshold: ",
                 "unknown key (did you mean 'threshold'?); allowed here: parameters, state, equations, threshold, "
                 "reset, refractory, receptors, method, detect, doc");
    expect_error("state = 1\n", NULL, "file.toml:4:9: neurons.M.state: ",
                 "expected lines (a string) or a table of NAME = VALUE, got a integer");
    expect_error("state = \"v = 0\"\nthreshold = { v = 1 }\n", NULL, "file.toml:5:13: neurons.M.threshold: ",
                 "expected a string, got a table");
    expect_error("state = \"v = 0\"\nrefractory = true\n", NULL, "file.toml:5:14: neurons.M.refractory: ",
                 "expected an expression of parameters (a string) or a number (ms)");
    /* names */
    ax_error err;
    const char *bad[][2] = {
        {"[neurons.IF_curr_exp]\nstate = \"v = 0\"\n", "x.toml:1:10: neurons.IF_curr_exp: 'IF_curr_exp' is a "
                                                      "built-in model"},
        {"[neurons.cell_E]\nstate = \"v = 0\"\n", "x.toml:1:10: neurons.cell_E: names cell_* are those of the cells"},
        {"[neurons.\"a-b\"]\nstate = \"v = 0\"\n", "x.toml:1:10: neurons.a-b: a model's name is an identifier"},
        {"[neurons.2x]\nstate = \"v = 0\"\n", "x.toml:1:10: neurons.2x: a model's name is an identifier"},
        {"neurons = { M = 1 }\n", "x.toml:1:17: neurons.M: a neuron model is a table"},
        /* a byte-order mark is not a column */
        {"\xEF\xBB\xBFneurons = { M = { state = \"v = 0\", equations = \"dv/dt = -v / qq\" } }\n",
         "x.toml:1:62: neurons.M.equations: at column 14: unknown name 'qq'"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        ax_modelfile *m = ax_modelfile_load_string(bad[k][0], "x.toml", "/tmp", NULL, 0, &err);
        cr_assert_null(m, "accepted %s", bad[k][0]);
        cr_assert(!strncmp(err.message, bad[k][1], strlen(bad[k][1])), "%s\nlacks\n%s", err.message, bad[k][1]);
    }
}

/* A value given with --set has no place in the file: the message says so,
 * with the line and column in the text. */
Test(modelfile_equations, overrides)
{
    char file[4096];
    snprintf(file, sizeof file, "%s%s%s", model_head, "state = \"v = 0\"\nthreshold = \"v > 1\"\n", model_tail);
    const char *set[] = {"neurons.M.threshold=v > qq"};
    ax_error err;
    ax_modelfile *m = ax_modelfile_load_string(file, "x.toml", "/tmp", set, 1, &err);
    cr_assert_null(m);
    cr_assert(!strncmp(err.message, "x.toml: --set neurons.M.threshold: at column 5: unknown name 'qq'", 63), "%s",
              err.message);
    const char *ok[] = {"neurons.M.threshold=v > 0.5", "neurons.M.parameters.tau=5"};
    snprintf(file, sizeof file, "%s%s%s", model_head,
             "state = \"v = 0\"\nthreshold = \"v > 1\"\nparameters = { tau = 1 }\n", model_tail);
    m = ax_modelfile_load_string(file, "x.toml", "/tmp", ok, 2, &err);
    cr_assert_not_null(m, "%s", err.message);
    const ax_model *mo = ax_model_find(ax_modelfile_get_network(m), "M");
    cr_assert(mo && mo->n_params == 1 && mo->params[0].value == 5);
    ax_modelfile_free(m);
}
