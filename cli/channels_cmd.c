/*
 * channels_cmd.c - `axon channels [NAME] [--model FILE]`: the ion-channel
 * library that cells are built from (`channels = [...]` in a model file),
 * straight from the library's tables, and with --model the channels a
 * model file defines ([channels.NAME] tables), from the network that
 * loading the file declares them on (so they are listed exactly as a run
 * would use them, after every check of ax_channel_define).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "axon.h"
#include "cli.h"

static void print_channel(const ax_channel_info *c)
{
    printf("%s\n  %s\n\n  parameters:\n", c->name, c->doc);
    print_params(c->params, c->n_params);
    if (c->n_gates) {
        printf("\n  gates (initial value: steady state at -65 mV):\n");
        for (uint32_t k = 0; k < c->n_gates; k++)
            printf("    %-12s %10.6g  %s\n", c->gates[k].name, c->gates[k].value, c->gates[k].doc);
    }
}

void channels_markdown(void)
{
    printf("\n# Ion channels\n\n"
           "Cells built from channels (`channels = [\"Na\", \"K\", \"leak\"]` in a population, or\n"
           "`ax_model_define_cell`) have the membrane parameters `cm` (1 nF), `i_offset`, `v_thresh` (0 mV),\n"
           "`tau_refrac` (0 ms), `e_rev_E`, `e_rev_I`, `tau_syn_E`, `tau_syn_I` (as HH_cond_exp), the\n"
           "state `v` (-65 mV), `gsyn_exc`, `gsyn_inh`, `refrac`, and the parameters and gates of their\n"
           "channels below; channels reading a parameter of the same name (e.g. `e_rev_K`) share it.\n"
           "Defaults are densities for a membrane of 1e-3 cm2 (1 uS = 1 mS/cm2, 1 nA = 1 uA/cm2).\n"
           "Channels of your own, with rate functions written as expressions of v, are defined in the\n"
           "model file (`[channels.NAME]`, see [model-file.md](model-file.md)) or with `ax_channel_define`.\n");
    for (size_t i = 0; i < ax_channel_count(NULL); i++) {
        ax_channel_info c;
        ax_channel_get_info(NULL, i, &c);
        printf("\n## %s\n\n%s\n\n",
               c.name, c.doc);
        markdown_params(c.params, c.n_params);
        if (c.n_gates) {
            printf("\n| gate | initial | meaning |\n| --- | --- | --- |\n");
            for (uint32_t k = 0; k < c.n_gates; k++)
                printf("| `%s` | %.6g | %s |\n", c.gates[k].name, c.gates[k].value, c.gates[k].doc);
        }
    }
}

void receptors_markdown(void)
{
    printf("\n# Receptors with transmitter kinetics\n\n"
           "Attached to any model with a state variable `v` (`receptors = [\"AMPA\", \"NMDA\"]` in a population,\n"
           "or `ax_model_define_with_receptors`), each is a receptor projections can name, with the parameters and\n"
           "state variables below.  Kinetic receptors (AMPA, NMDA, GABAa, GABAb): a spike of weight w releases\n"
           "a square pulse of w x T_max of transmitter lasting C_dur (or, with tau_T > 0, a jump of w x T_max\n"
           "cleared exponentially) and the receptor state is pooled per neuron.  Exponential forms\n"
           "(AMPA_exp, NMDA_exp, GABAa_exp, GABAb_exp): the weight is a conductance (uS), summed exactly per\n"
           "neuron.  The current is added to the model's injected current, from v at the start of each step.\n"
           "Dopamine modulators (D1, D2): kinetic like AMPA but without a current; with them the model gets a\n"
           "parameter k_<R>_<D> for every receptor R with a current and modulator D, and R's current is\n"
           "scaled by max(0, 1 + sum_D k_<R>_<D> r_D).  Defaults: k_NMDA_D1 = 0.5 (also NMDA_exp),\n"
           "k_AMPA_D2 = k_NMDA_D2 = -0.5 (also the _exp forms), 0 otherwise.\n");
    for (size_t i = 0; i < ax_receptor_kind_count(); i++) {
        ax_channel_info c;
        ax_receptor_kind_get_info(i, &c);
        printf("\n## %s\n\n%s\n\n",
               c.name, c.doc);
        markdown_params(c.params, c.n_params);
        printf("\n| state variable | initial | unit | meaning |\n| --- | --- | --- | --- |\n");
        for (uint32_t k = 0; k < c.n_gates; k++)
            printf("| `%s` | %g | %s | %s |\n", c.gates[k].name, c.gates[k].value, c.gates[k].unit, c.gates[k].doc);
    }
}

static int usage(FILE *f)
{
    fprintf(f, "usage: axon channels [NAME] [--model FILE]\n\n"
               "Lists the ion channels that cells can be built from (channels = [...] in a\n"
               "population of a model file), or one channel's equations, parameters and gates.\n"
               "Channels of your own are defined in the model file: [channels.NAME] (docs/model-file.md).\n\n"
               "  --model FILE  also the channels that model file defines (after the library's);\n"
               "                with NAME, NAME may be one of them\n\n"
               "exit status: 0 success, 1 no channel is called NAME or an error in FILE, 2 bad command line\n");
    return f == stderr ? EXIT_USAGE : 0;
}

/* The channel called name: the library's, then those defined on net. */
static bool find_channel(const ax_network *net, const char *name, ax_channel_info *out)
{
    for (size_t i = 0; i < ax_channel_count(net); i++)
        if (ax_channel_get_info(net, i, out) == AX_OK && strcmp(out->name, name) == 0)
            return true;
    return false;
}

int cmd_channels(int argc, char **argv)
{
    const char *name = NULL, *model = NULL;
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        if (!strcmp(a, "--help") || !strcmp(a, "-h"))
            return usage(stdout);
        if (!strncmp(a, "--model", 7) && (a[7] == '\0' || a[7] == '=')) {
            const char *val = a[7] == '=' ? a + 8 : (k + 1 < argc ? argv[++k] : NULL);
            if (!val || !*val) {
                fprintf(stderr, "axon: --model needs a model file\n");
                return EXIT_USAGE;
            }
            if (model) {
                fprintf(stderr, "axon channels: one model file at a time (%s and %s given)\n", model, val);
                return EXIT_USAGE;
            }
            model = val;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "axon channels: unknown option %s\n", a);
            return usage(stderr);
        } else if (name) {
            fprintf(stderr, "axon channels: one channel at a time (%s and %s given)\n", name, a);
            return usage(stderr);
        } else {
            name = a;
        }
    }
    ax_modelfile *m = NULL;
    const ax_network *net = NULL;
    if (model) {
        ax_error err;
        if (!(m = ax_modelfile_load(model, NULL, 0, &err))) {
            fprintf(stderr, "%s\n", err.message);
            return EXIT_MODEL;
        }
        net = ax_modelfile_get_network(m);
    }
    int status = 0;
    ax_channel_info c;
    if (name) {
        if (find_channel(net, name, &c)) {
            print_channel(&c);
        } else {
            fprintf(stderr, "axon channels: unknown channel '%s'%s%s; `axon channels%s%s` lists them\n", name,
                    model ? " in the library or " : "", model ? model : "", model ? " --model " : "",
                    model ? model : "");
            status = EXIT_MODEL;
        }
    } else {
        size_t lib = ax_channel_count(NULL);
        for (size_t i = 0; i < lib; i++)
            if (ax_channel_get_info(NULL, i, &c) == AX_OK)
                printf("%-10s %s\n", c.name, c.doc);
        if (model) {
            size_t n = ax_channel_count(net) - lib;
            printf("\n%s: %zu channel%s defined ([channels.NAME])%s\n", model, n, n == 1 ? "" : "s", n ? ":" : "");
            for (size_t i = lib; i < lib + n; i++)
                if (ax_channel_get_info(net, i, &c) == AX_OK)
                    printf("%-10s %s\n", c.name, c.doc);
        }
    }
    ax_modelfile_free(m);
    return status;
}
