/*
 * step.c - the update of an equation model, over blocks of EQ_BLOCK
 * neurons.  Within a step, as the built-in models:
 *   1. integrate from the state at the step's start: the exact set by its
 *      propagators, the rest by the chosen method (the exact set at the
 *      stage times for RK2/RK4), then the noise (Euler-Maruyama, its
 *      coefficients at the start); variables marked (unless refractory)
 *      keep their value while the neuron is refractory;
 *   2. add this step's receptor input (statements with `weight` = the
 *      summed weights), then clear it;
 *   3. count a refractory step down; test the threshold (not while
 *      refractory; with detect = crossing, only where it did not hold at
 *      the start); reset the neurons that fire and start their
 *      refractory period.
 * The programs are compiled in prepare.c for the population's parameters;
 * the methods of step 1 are in integrate.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/block_ops.h"
#include "equations/integrate.h"

/* One per thread (about 250 KB), made when the thread first updates an
 * equation model and freed with the thread. */
static _Thread_local scratch tls_scratch;

/* The reset statements and the refractory period of the neurons that fire. */
static void reset(const eq_data *d, scratch *s, const ax_population_view *p, double *r, const uint32_t *spiked,
                  size_t i0, uint32_t n, double tend)
{
    const eq_model *m = d->m;
    if (m->reset.n) {
        eq_run(d, s, P_RESET, i0, &tend, n);
        for (uint32_t k = 0; k < m->reset.n; k++) {
            double *x = p->state[m->syms[m->reset.sym[k]].index] + i0;
            const double *y = s->regs[d->pr[P_RESET]->out[k]];
            for (uint32_t j = 0; j < n; j++)
                if (spiked[j])
                    x[j] = y[j];
        }
    }
    if (r)
        for (uint32_t j = 0; j < n; j++)
            if (spiked[j])
                r[j] = d->refrac_steps[d->refrac_per_neuron ? i0 + j : 0];
}

/* What the programs of a block of EQ_BLOCK neurons from i0 read. */
static void set_block(const eq_data *d, scratch *s, const ax_population_view *p, size_t i0, int64_t step)
{
    s->rand_key[0] = (double)step;
    s->rand_key[1] = (double)p->first_id + (double)i0;
    s->rand_key[2] = (double)(uint32_t)p->seed;
    s->rand_key[3] = (double)(uint32_t)(p->seed >> 32);
    eq_bind_arrays(d, s, p, i0);
}

/* The step of up to EQ_FUSED_ZEROS neurons by eq_fused_run (see
 * choose_fused); the programs (crossing, reset) run per block. */
static void fused_chunk(const eq_data *d, scratch *s, const ax_population_view *p, size_t i0, uint32_t n,
                        int64_t step)
{
    const eq_model *m = d->m;
    double t = (double)step * p->dt, tend = t + p->dt;
    const double *before = s->before_chunk;
    if (m->crossing) {
        for (uint32_t b = 0; b < n; b += EQ_BLOCK) {
            uint32_t nb = n - b < EQ_BLOCK ? n - b : EQ_BLOCK;
            set_block(d, s, p, i0 + b, step);
            eq_run(d, s, P_THRESH, i0 + b, &t, nb);
            memcpy(s->before_chunk + b, s->regs[d->pr[P_THRESH]->out[0]], nb * sizeof(double));
        }
    }
    double *x[EQ_FUSED_MAX_EXACT], *input[EQ_FUSED_MAX_EXACT];
    for (uint32_t r = 0; r < d->ne; r++) {
        x[r] = p->state[state_of(m, m->exact_ode[d->plan_order[r]])] + i0;
        input[r] = d->row_input[r] >= 0 ? p->input[d->row_input[r]] + i0 : s->zeros;
    }
    double *r = m->refrac_state >= 0 ? p->state[m->refrac_state] + i0 : NULL;
    /* the threshold's array operands, from i0 on (the pointers of a block
     * serve the chunk) */
    eq_bind_arrays(d, s, p, i0);
    eq_bind_derived(d, s, P_THRESH, i0);
    const double *arg[2];
    for (int k = 0; k < 2; k++) {
        eq_operand a = d->plan_arg[k];
        arg[k] = (k ? d->plan.rhs_row : d->plan.lhs_row) || a.kind == EQ_K_CONST ? s->zeros : s->ptr[a.index];
    }
    uint32_t *spiked = p->spiked + i0;
    uint32_t fired = eq_fused_run(&d->plan, x, input, r ? r : s->zeros, p->current + i0, arg, spiked, n);
    if (m->crossing && fired) {
        /* only where the threshold did not hold at the step's start */
        fired = 0;
        for (uint32_t j = 0; j < n; j++) {
            spiked[j] &= (uint32_t)(before[j] == 0.0);
            fired += spiked[j];
        }
    }
    if (!fired)
        return;
    for (uint32_t b = 0; b < n; b += EQ_BLOCK) {
        uint32_t nb = n - b < EQ_BLOCK ? n - b : EQ_BLOCK, any = 0;
        for (uint32_t j = 0; j < nb; j++)
            any |= spiked[b + j];
        if (!any)
            continue;
        set_block(d, s, p, i0 + b, step);
        reset(d, s, p, r ? r + b : NULL, spiked + b, i0 + b, nb, tend);
    }
}

static void block(const eq_data *d, scratch *s, const ax_population_view *p, size_t i0, uint32_t n, int64_t step)
{
    const eq_model *m = d->m;
    double t = (double)step * p->dt, h = p->dt;
    set_block(d, s, p, i0, step);
    const double *current = p->current + i0;
    double *before = m->crossing ? s->before : NULL;
    if (m->crossing) {
        eq_run(d, s, P_THRESH, i0, &t, n);
        memcpy(before, s->regs[d->pr[P_THRESH]->out[0]], n * sizeof(double));
    }
    const double *refrac = m->refrac_state >= 0 ? p->state[m->refrac_state] + i0 : NULL;
    eq_jit_fn jit;
    /* 1. integrate */
    if (d->fused_exact) {
        double *x[EQ_FUSED_MAX_EXACT];
        for (uint32_t r = 0; r < d->ne; r++)
            x[r] = p->state[state_of(m, m->exact_ode[r])] + i0;
        eq_fused_exact(d->ne, d->prop, x, d->exact_held, refrac, current, n);
    } else if ((jit = __atomic_load_n(&d->jit_fn, __ATOMIC_ACQUIRE))) {
        /* step 1 and the store, compiled */
        eq_bind_derived(d, s, m->rest_method == M_EXP_EULER ? P_EE : P_DERIV, i0);
        const double times[3] = {t, t + 0.5 * h, t + h};
        double *x[EQ_MAX_STATES];
        for (uint32_t o = 0; o < m->n_odes; o++)
            x[o] = p->state[state_of(m, o)] + i0;
        size_t each = (size_t)d->ne * d->ne + 2 * d->ne, at = d->prop_per_neuron ? i0 * each : 0;
        jit(s->ptr, x, d->prop ? d->prop + at : NULL, d->prop_half ? d->prop_half + at : NULL, times, n);
    } else if (m->n_odes) {
        for (uint32_t o = 0; o < m->n_odes; o++)
            memcpy(s->x0[o], p->state[state_of(m, o)] + i0, n * sizeof(double));
        switch (m->rest_method) {
        case M_EXP_EULER: eq_integrate_exp_euler(d, s, t, h, i0, n, current); break;
        case M_RK45: eq_integrate_rk45(d, s, t, h, i0, n); break;
        default: eq_integrate_rk(d, s, m->rest_method, t, h, i0, n, current); break;
        }
        if (m->n_noise) {
            eq_bind_arrays(d, s, p, i0);
            eq_noise(d, s, p, t, i0, n, step);
        }
        for (uint32_t o = 0; o < m->n_odes; o++) {
            double *x = p->state[state_of(m, o)] + i0;
            const double *y = s->xn[o], *x0 = s->x0[o];
            if (refrac && m->odes[o].unless_refractory) {
                SIMD for (uint32_t j = 0; j < n; j++) x[j] = refrac[j] > 0.0 ? x0[j] : y[j];
            } else {
                memcpy(x, y, n * sizeof(double));
            }
        }
        eq_bind_arrays(d, s, p, i0);
    }
    /* 2. receptor input */
    for (uint32_t r = 0; r < m->n_receptors; r++) {
        double *in = p->input[r] + i0;
        /* any input in the block?  An or of the bits without the sign (-0 is
         * none), which vectorises, where a search would branch per neuron */
        uint64_t bits = 0;
        AX_BLOCK_SIMD for (uint32_t j = 0; j < n; j++) {
            uint64_t b;
            memcpy(&b, &in[j], sizeof b);
            bits |= b << 1;
        }
        if (!bits)
            continue;
        if (d->receptor_add[r] >= 0) {
            /* v += weight in one pass, as the program below would */
            double *x = p->state[d->receptor_add[r]] + i0;
            if (refrac && d->held[d->receptor_add[r]]) {
                SIMD for (uint32_t j = 0; j < n; j++) {
                    x[j] = refrac[j] > 0.0 ? x[j] : x[j] + in[j];
                    in[j] = 0.0;
                }
            } else {
                SIMD for (uint32_t j = 0; j < n; j++) {
                    x[j] = x[j] + in[j];
                    in[j] = 0.0;
                }
            }
            continue;
        }
        const eq_assign *a = &m->receptor[r];
        eq_run(d, s, P_RECEPT0 + (int)r, i0, &t, n);
        for (uint32_t k = 0; k < a->n; k++) {
            uint32_t v = m->syms[a->sym[k]].index;
            double *x = p->state[v] + i0;
            const double *y = s->regs[d->pr[P_RECEPT0 + r]->out[k]];
            if (refrac && d->held[v]) {
                /* a held variable keeps its value: input while refractory is lost */
                SIMD for (uint32_t j = 0; j < n; j++) x[j] = refrac[j] > 0.0 ? x[j] : y[j];
            } else {
                memcpy(x, y, n * sizeof(double));
            }
        }
        memset(in, 0, n * sizeof *in);
    }
    /* 3. threshold and reset */
    uint32_t *spiked = p->spiked + i0;
    double *r = m->refrac_state >= 0 ? p->state[m->refrac_state] + i0 : NULL;
    if (d->thresh_op >= 0) {
        const double *arg[2];
        eq_bind_derived(d, s, P_THRESH, i0);
        for (int k = 0; k < 2; k++)
            arg[k] = d->thresh_arg[k].kind == EQ_K_CONST ? d->thresh_const[k] : s->ptr[d->thresh_arg[k].index];
        if (eq_fused_threshold(d->thresh_op, arg[0], arg[1], r, before, spiked, n))
            reset(d, s, p, r, spiked, i0, n, t + h);
        return;
    }
    double *was = s->aux[1];
    if (r) {
        memcpy(was, r, n * sizeof *was);
        SIMD for (uint32_t j = 0; j < n; j++) r[j] = r[j] > 0.0 ? r[j] - 1.0 : r[j];
    } else {
        memset(was, 0, n * sizeof *was);
    }
    if (m->threshold < 0) {
        memset(spiked, 0, n * sizeof *spiked);
        return;
    }
    double tend = t + h;
    eq_run(d, s, P_THRESH, i0, &tend, n);
    const double *cond = s->regs[d->pr[P_THRESH]->out[0]];
    /* branch-free, so that it vectorises: fires where the threshold holds,
     * the neuron was not refractory and (crossing) it did not hold before */
    uint32_t fired = 0;
    if (m->crossing) {
        SIMD for (uint32_t j = 0; j < n; j++) {
            uint32_t f = (uint32_t)(cond[j] != 0.0) & (uint32_t)(was[j] <= 0.0) & (uint32_t)(before[j] == 0.0);
            spiked[j] = f;
            fired += f;
        }
    } else {
        SIMD for (uint32_t j = 0; j < n; j++) {
            uint32_t f = (uint32_t)(cond[j] != 0.0) & (uint32_t)(was[j] <= 0.0);
            spiked[j] = f;
            fired += f;
        }
    }
    if (fired)
        reset(d, s, p, r, spiked, i0, n, tend);
}

void eq_update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    const eq_data *d = p->data;
    scratch *s = &tls_scratch;
    if (d->fused_step) {
        for (size_t i0 = begin; i0 < end; i0 += EQ_FUSED_ZEROS)
            fused_chunk(d, s, p, i0, (uint32_t)(end - i0 < EQ_FUSED_ZEROS ? end - i0 : EQ_FUSED_ZEROS), step);
        return;
    }
    for (size_t i0 = begin; i0 < end; i0 += EQ_BLOCK) {
        uint32_t n = (uint32_t)(end - i0 < EQ_BLOCK ? end - i0 : EQ_BLOCK);
        block(d, s, p, i0, n, step);
    }
}
