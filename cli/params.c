/*
 * params.c - parameter tables as `axon models` and `axon channels` print
 * them, in the terminal and as Markdown (docs/models.md).
 */
#include <math.h>
#include <stdio.h>

#include "cli.h"

void print_range(const ax_param_info *p)
{
    char lo[48] = "", hi[48] = "";
    if (isfinite(p->min))
        snprintf(lo, sizeof lo, "%s %g", p->flags & AX_PARAM_GT_MIN ? ">" : ">=", p->min);
    if (isfinite(p->max))
        snprintf(hi, sizeof hi, "%s %g", p->flags & AX_PARAM_LT_MAX ? "<" : "<=", p->max);
    printf("%s%s%s", lo, *lo && *hi ? ", " : "", hi);
}

void print_params(const ax_param_info *params, uint32_t n)
{
    for (uint32_t k = 0; k < n; k++) {
        const ax_param_info *p = &params[k];
        printf("    %-12s %10g %-6s  %s", p->name, p->value, p->unit, p->doc);
        if (isfinite(p->min) || isfinite(p->max)) {
            printf(" (");
            print_range(p);
            printf(")");
        }
        printf("\n");
    }
}

void markdown_params(const ax_param_info *params, uint32_t n)
{
    printf("| parameter | default | unit | allowed | meaning |\n| --- | --- | --- | --- | --- |\n");
    for (uint32_t k = 0; k < n; k++) {
        const ax_param_info *pi = &params[k];
        printf("| `%s` | %g | %s | ", pi->name, pi->value, pi->unit);
        print_range(pi);
        printf(" | %s |\n", pi->doc);
    }
}
