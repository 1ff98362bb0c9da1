/*
 * channels_cmd.c - `axon channels [NAME]`: the ion-channel library that
 * cells are built from (`channels = [...]` in a model file), straight
 * from the library's tables.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "axon.h"
#include "cli.h"

static void print_channel(const ax_channel_info *c)
{
    printf("%s\n  %s\n\n  parameters:\n", c->name, c->doc);
    for (uint32_t k = 0; k < c->n_params; k++) {
        const ax_param_info *p = &c->params[k];
        printf("    %-12s %10g %-6s  %s", p->name, p->value, p->unit, p->doc);
        if (isfinite(p->min) || isfinite(p->max)) {
            printf(" (");
            print_range(p);
            printf(")");
        }
        printf("\n");
    }
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
           "`ax_define_cell`) have the membrane parameters `cm` (1 nF), `i_offset`, `v_thresh` (0 mV),\n"
           "`tau_refrac` (0 ms), `e_rev_E`, `e_rev_I`, `tau_syn_E`, `tau_syn_I` (as HH_cond_exp), the\n"
           "state `v` (-65 mV), `gsyn_exc`, `gsyn_inh`, `refrac`, and the parameters and gates of their\n"
           "channels below; channels reading a parameter of the same name (e.g. `e_rev_K`) share it.\n"
           "Defaults are densities for a membrane of 1e-3 cm2 (1 uS = 1 mS/cm2, 1 nA = 1 uA/cm2).\n"
           "Channels of your own, with rate functions written as expressions of v, are defined in the\n"
           "model file (`[channels.NAME]`, see [model-file.md](model-file.md)) or with `ax_define_channel`.\n");
    for (size_t i = 0; i < ax_channel_count(); i++) {
        ax_channel_info c;
        ax_channel_describe(i, &c);
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
           "or `ax_define_with_receptors`), each is a receptor projections can name, with the parameters and\n"
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
        ax_receptor_kind_describe(i, &c);
        printf("\n## %s\n\n%s\n\n",
               c.name, c.doc);
        markdown_params(c.params, c.n_params);
        printf("\n| state variable | initial | unit | meaning |\n| --- | --- | --- | --- |\n");
        for (uint32_t k = 0; k < c.n_gates; k++)
            printf("| `%s` | %g | %s | %s |\n", c.gates[k].name, c.gates[k].value, c.gates[k].unit, c.gates[k].doc);
    }
}

int cmd_channels(int argc, char **argv)
{
    if (argc > 2 || (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))) {
        printf("usage: axon channels [NAME]\n\n"
               "Lists the ion channels that cells can be built from (channels = [...] in a\n"
               "population of a model file), or one channel's equations, parameters and gates.\n"
               "Channels of your own are defined in the model file: [channels.NAME] (docs/model-file.md).\n");
        return argc > 2 ? EXIT_USAGE : 0;
    }
    for (size_t i = 0; i < ax_channel_count(); i++) {
        ax_channel_info c;
        ax_channel_describe(i, &c);
        if (argc == 2 && strcmp(argv[1], c.name) == 0) {
            print_channel(&c);
            return 0;
        }
        if (argc == 1)
            printf("%-10s %s\n", c.name, c.doc);
    }
    if (argc == 2) {
        fprintf(stderr, "axon channels: unknown channel '%s'; `axon channels` lists them\n", argv[1]);
        return EXIT_MODEL;
    }
    return 0;
}
