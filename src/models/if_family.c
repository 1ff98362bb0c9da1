/*
 * if_family.c - the checks of the models with PyNN's parameter lists, and
 * the coefficients that IF_cond_exp and IF_cond_alpha share (see
 * if_family.h): the alpha kernel's jump is kept for both, so that one
 * prepare() serves them.
 */
#include "models/if_family.h"

int ax_if_curr_check(const ax_population_view *p, char *msg, size_t len)
{
    return ax_check_reset_below_threshold(p, IF_CURR_V_RESET, IF_CURR_V_THRESH, msg, len);
}

int ax_if_cond_check(const ax_population_view *p, char *msg, size_t len)
{
    return ax_check_reset_below_threshold(p, IF_COND_V_RESET, IF_COND_V_THRESH, msg, len);
}

int ax_if_cond_prepare(const ax_population_view *p, void **data, char *msg, size_t len)
{
    size_t n = ax_coef_alloc(p, data, sizeof(ax_if_cond_coef), msg, len);
    if (!n)
        return AX_ERR_MEMORY;
    ax_if_cond_coef *c = *data;
    for (size_t i = 0; i < n; i++) {
        c[i].m = ax_membrane_coef(AX_PARAM(p, IF_COND_CM, i), AX_PARAM(p, IF_COND_TAU_M, i),
                                  AX_PARAM(p, IF_COND_V_REST, i), AX_PARAM(p, IF_COND_E_REV_E, i),
                                  AX_PARAM(p, IF_COND_E_REV_I, i));
        c[i].exc = ax_kernel_coef(p->dt, AX_PARAM(p, IF_COND_TAU_SYN_E, i));
        c[i].inh = ax_kernel_coef(p->dt, AX_PARAM(p, IF_COND_TAU_SYN_I, i));
        c[i].i_offset = AX_PARAM(p, IF_COND_I_OFFSET, i);
        c[i].reset = ax_if_reset_coef(p, i, IF_COND_V_RESET, IF_COND_V_THRESH, IF_COND_TAU_REFRAC);
    }
    return 0;
}
