/*
 * models_cmd.c - `axon models [NAME]`: the model catalogue, straight from
 * the registry (so it cannot drift from the code).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "axon.h"
#include "cli.h"

static void print_range(const ax_param_info *p)
{
    char lo[48] = "", hi[48] = "";
    if (isfinite(p->min))
        snprintf(lo, sizeof lo, "%s %g", p->flags & AX_GT_MIN ? ">" : ">=", p->min);
    if (isfinite(p->max))
        snprintf(hi, sizeof hi, "%s %g", p->flags & AX_LT_MAX ? "<" : "<=", p->max);
    printf("%s%s%s", lo, *lo && *hi ? ", " : "", hi);
}

static void print_model(const ax_model *m)
{
    printf("%s\n  %s\n", m->name, m->doc);
    if (m->n_params) {
        printf("\n  parameters:\n");
        for (uint32_t k = 0; k < m->n_params; k++) {
            const ax_param_info *p = &m->params[k];
            printf("    %-12s %10g %-6s  %s", p->name, p->value, p->unit, p->doc);
            if (isfinite(p->min) || isfinite(p->max)) {
                printf(" (");
                print_range(p);
                printf(")");
            }
            printf("\n");
        }
    }
    if (m->n_vars) {
        printf("\n  state variables (initial value):\n");
        for (uint32_t v = 0; v < m->n_vars; v++)
            printf("    %-12s %10g %-6s  %s\n", m->vars[v].name, m->vars[v].value, m->vars[v].unit,
                   m->vars[v].doc);
    }
    if (m->n_receptors) {
        printf("\n  receptors (weight unit):\n");
        for (uint32_t r = 0; r < m->n_receptors; r++)
            printf("    %-12s %-6s  %s%s\n", m->receptors[r].name, m->receptors[r].weight_unit,
                   m->receptors[r].doc, m->receptors[r].flags & AX_WEIGHT_NONNEGATIVE ? " (weights >= 0)" : "");
    } else {
        printf("\n  receptors: none (a spike source)\n");
    }
}

int cmd_models(int argc, char **argv)
{
    if (argc > 2 || (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))) {
        printf("usage: axon models [NAME]\n\n"
               "Lists the models, or one model's parameters with units, defaults and allowed\n"
               "ranges, its state variables and its receptors.\n");
        return argc > 2 ? EXIT_USAGE : 0;
    }
    if (argc == 2) {
        const ax_model *m = ax_model_find(NULL, argv[1]);
        if (!m) {
            fprintf(stderr, "axon models: unknown model '%s'; `axon models` lists them\n", argv[1]);
            return EXIT_MODEL;
        }
        print_model(m);
        return 0;
    }
    for (size_t k = 0; k < ax_model_count(NULL); k++) {
        const ax_model *m = ax_model_at(NULL, k);
        printf("%-26s %s\n", m->name, m->doc);
    }
    return 0;
}
