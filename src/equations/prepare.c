/*
 * prepare.c - an equation model prepared for a population (the model's
 * prepare and release): the propagators of the exact set (one set, or one
 * per neuron), the trees compiled into block programs for the population's
 * parameters, the refractory period in steps, and the fast paths the
 * model's shape allows (fused.c's kernels, jit.c's compiled step).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/propagators.h"
#include "equations/prepared.h"

void eq_release(void *data)
{
    eq_data *d = data;
    if (!d)
        return;
    eq_jit_end(d->jit_job);
    for (int k = 0; k < N_PROGRAMS; k++)
        eq_program_free(d->pr[k]);
    free(d->prop);
    free(d->prop_half);
    free(d->refrac_steps);
    free(d);
}


/* The environment for programs reading the state at `state_slot + v` and
 * the receptor's input as `weight`. */
static void base_env(const eq_data *d, const ax_population_view *p, eq_compile_env *env, int program)
{
    const eq_model *m = d->m;
    memset(env, 0, sizeof *env);
    env->p = p;
    env->param_slot = d->param_slot;
    env->derived_slot = (uint16_t)(d->derived_slot + program * EQ_MAX_DERIVED);
    for (uint32_t s = 0; s < m->n_syms; s++) {
        const eq_symbol *es = &m->syms[s];
        if (es->kind == S_STATE)
            env->sym[s] = (eq_operand){EQ_K_PTR, (uint16_t)es->index};
        else if (es->kind == S_CURRENT)
            env->sym[s] = (eq_operand){EQ_K_PTR, d->current_slot};
        else if (es->kind == S_TIME)
            env->sym[s] = (eq_operand){EQ_K_SCALAR, 0};
    }
}

static int compile(eq_data *d, int program, eq_compile_env *env, const int32_t *trees,
                   uint32_t n, char *msg, size_t len)
{
    eq_program_free(d->pr[program]);
    d->pr[program] = NULL;
    if (n == 0)
        return 0;
    d->pr[program] = eq_program_compile(d->m, env, trees, n, msg, len);
    return d->pr[program] ? 0 : (strstr(msg, "out of memory") ? AX_ERR_MEMORY : -1);
}

/* Parameter-only tree evaluated for neuron i. */
static double param_value(const eq_model *m, const ax_population_view *p, int32_t tree, uint32_t i)
{
    double values[EQ_MAX_SYMBOLS] = {0};
    for (uint32_t s = 0; s < m->n_syms; s++) {
        const eq_symbol *es = &m->syms[s];
        if (es->kind == S_PARAM)
            values[s] = AX_PARAM(p, es->index, i);
        else if (es->kind == S_DT)
            values[s] = p->dt;
        else if (es->kind == S_CONST)
            values[s] = es->value;
    }
    return eq_eval(m, tree, values);
}

static bool tree_per_neuron(const eq_model *m, const ax_population_view *p, int32_t tree)
{
    if (tree < 0)
        return false;
    for (uint32_t k = 0; k < m->n_params; k++)
        if (p->per_neuron[k] && eq_depends(m, tree, m->param_sym[k]))
            return true;
    return false;
}


static int propagators(eq_data *d, const ax_population_view *p, char *msg, size_t len)
{
    const eq_model *m = d->m;
    uint32_t ne = m->n_exact;
    d->ne = ne;
    free(d->prop);
    free(d->prop_half);
    d->prop = d->prop_half = NULL;
    if (!ne)
        return 0;
    bool per = false, coupled = false;
    for (uint32_t r = 0; r < ne; r++) {
        per |= tree_per_neuron(m, p, m->lin_b[r]) || tree_per_neuron(m, p, m->lin_i[r]);
        for (uint32_t c = 0; c < ne; c++) {
            per |= tree_per_neuron(m, p, m->lin_a[r][c]);
            const eq_node *x = &m->nodes[m->lin_a[r][c]];
            coupled |= m->refrac_state >= 0 && !held(m, r) && held(m, c) && !(x->op == Q_NUM && x->value == 0.0);
        }
    }
    d->prop_per_neuron = per;
    size_t sets = per ? p->size : 1, each = (size_t)ne * ne + 2 * ne;
    d->held_offset = coupled ? sets * each : 0;
    if (coupled)
        sets *= 2;
    d->prop = malloc(sets * each * sizeof *d->prop);
    d->prop_half = malloc(sets * each * sizeof *d->prop_half);
    if (!d->prop || !d->prop_half) {
        snprintf(msg, len, "out of memory for the propagators of model %s", m->name);
        return AX_ERR_MEMORY;
    }
    double a[EQ_MAX_STATES * EQ_MAX_STATES], b[EQ_MAX_STATES], c[EQ_MAX_STATES];
    for (size_t i = 0; i < sets; i++) {
        /* the second half of the sets: refractory, the held variables constant */
        uint32_t neuron = (uint32_t)(coupled && i >= sets / 2 ? i - sets / 2 : i);
        bool refractory = coupled && i >= sets / 2;
        for (uint32_t r = 0; r < ne; r++) {
            bool zero = refractory && held(m, r);
            for (uint32_t k = 0; k < ne; k++)
                a[r * ne + k] = zero ? 0.0 : param_value(m, p, m->lin_a[r][k], neuron);
            b[r] = zero ? 0.0 : param_value(m, p, m->lin_b[r], neuron);
            c[r] = zero ? 0.0 : param_value(m, p, m->lin_i[r], neuron);
        }
        for (uint32_t k = 0; k < ne * ne; k++)
            if (!isfinite(a[k])) {
                snprintf(msg, len, "model %s: the linear system's coefficients are not finite with these parameters "
                         "(neuron %u)", m->name, neuron);
                return -1;
            }
        double *P = d->prop + i * each, *H = d->prop_half + i * each;
        eq_propagators(ne, a, b, c, p->dt, P, P + ne * ne, P + ne * ne + ne);
        eq_propagators(ne, a, b, c, 0.5 * p->dt, H, H + ne * ne, H + ne * ne + ne);
    }
    return 0;
}

/* Which steps the kernels of fused.c can take, from the shape of the model
 * and of its compiled programs. */
static void choose_fused(eq_data *d)
{
    const eq_model *m = d->m;
    /* AXON_FUSED=0: the general path only (tests compare the two) */
    const char *env = getenv("AXON_FUSED");
    bool off = env && !strcmp(env, "0");
    d->thresh_op = -1;
    d->fused_step = false;
    for (uint32_t r = 0; r < m->n_receptors; r++)
        d->receptor_add[r] = -1;
    d->fused_exact = !off && d->ne >= 1 && d->ne <= EQ_FUSED_MAX_EXACT && d->n_rest == 0 && m->n_noise == 0 &&
                     !d->prop_per_neuron && !d->held_offset;
    for (uint32_t r = 0; r < d->ne; r++)
        d->exact_held[r] = held(m, r);
    if (off)
        return;
    for (uint32_t r = 0; r < m->n_receptors; r++) {
        const eq_program *pr = d->pr[P_RECEPT0 + r];
        if (!pr || pr->n_code != 1 || m->receptor[r].n != 1 || pr->code[0].op != Q_ADD ||
            pr->out[0] != pr->code[0].dst)
            continue;
        uint32_t v = m->syms[m->receptor[r].sym[0]].index;
        eq_operand a = pr->code[0].a, b = pr->code[0].b, in = {EQ_K_PTR, (uint16_t)(d->input_slot + r)};
        eq_operand x = {EQ_K_PTR, (uint16_t)v};
        bool ab = a.kind == x.kind && a.index == x.index && b.kind == in.kind && b.index == in.index;
        bool ba = b.kind == x.kind && b.index == x.index && a.kind == in.kind && a.index == in.index;
        if (ab || ba)
            d->receptor_add[r] = (int32_t)v;
    }
    const eq_program *th = d->pr[P_THRESH];
    if (!th || th->n_code != 1 || th->out[0] != th->code[0].dst || th->code[0].op < Q_LT || th->code[0].op > Q_GE)
        return;
    const eq_operand args[2] = {th->code[0].a, th->code[0].b};
    for (int k = 0; k < 2; k++) {
        if (args[k].kind == EQ_K_CONST) {
            for (uint32_t j = 0; j < EQ_BLOCK; j++)
                d->thresh_const[k][j] = th->pool[args[k].index];
        } else if (args[k].kind != EQ_K_PTR || (m->refrac_state >= 0 && args[k].index == m->refrac_state)) {
            return;
        }
    }
    d->thresh_arg[0] = args[0];
    d->thresh_arg[1] = args[1];
    d->thresh_op = th->code[0].op;
    /* the whole step in one pass: every receptor adds to its own exact row */
    if (!d->fused_exact)
        return;
    d->fused_step = true;
    int32_t input_of[EQ_FUSED_MAX_EXACT];
    for (uint32_t r = 0; r < d->ne; r++)
        input_of[r] = -1;
    for (uint32_t k = 0; k < m->n_receptors && d->fused_step; k++) {
        int32_t row = -1;
        for (uint32_t r = 0; r < d->ne; r++)
            if (d->receptor_add[k] >= 0 && (uint32_t)d->receptor_add[k] == state_of(m, m->exact_ode[r]))
                row = (int32_t)r;
        if (row < 0 || input_of[row] >= 0)
            d->fused_step = false;
        else
            input_of[row] = (int32_t)k;
    }
    /* a > b as b < a: the kernel knows < and <= */
    bool swap = d->thresh_op == Q_GT || d->thresh_op == Q_GE;
    int32_t arg_row[2];
    for (int k = 0; k < 2; k++) {
        eq_operand a = args[swap ? 1 - k : k];
        arg_row[k] = -1;
        for (uint32_t r = 0; r < d->ne; r++)
            if (a.kind == EQ_K_PTR && a.index == state_of(m, m->exact_ode[r]))
                arg_row[k] = (int32_t)r;
    }
    if (!d->fused_step || (arg_row[0] >= 0 && arg_row[1] >= 0))
        return (void)(d->fused_step = false);
    /* the plan's order: the coupled rows first, the threshold's row (if
     * any) at 0 */
    uint32_t ne = d->ne, nc = 0, order[EQ_FUSED_MAX_EXACT], n_order = 0;
    int32_t row = arg_row[0] >= 0 ? arg_row[0] : arg_row[1];
    bool coupled[EQ_FUSED_MAX_EXACT];
    for (uint32_t r = 0; r < ne; r++) {
        const double *P = d->prop;
        coupled[r] = P[ne * ne + r] != 0.0 || P[ne * ne + ne + r] != 0.0;
        for (uint32_t c = 0; c < ne; c++)
            coupled[r] |= c != r && P[r * ne + c] != 0.0;
        nc += coupled[r];
    }
    if (row >= 0 && !coupled[row] && nc > 0)
        return (void)(d->fused_step = false);
    if (row >= 0)
        order[n_order++] = (uint32_t)row;
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t r = 0; r < ne; r++)
            if ((int32_t)r != row && coupled[r] == (pass == 0))
                order[n_order++] = r;
    eq_fused_step *f = &d->plan;
    memset(f, 0, sizeof *f);
    f->ne = ne;
    f->coupled = nc;
    for (uint32_t r = 0; r < ne; r++) {
        uint32_t o = order[r];
        d->plan_order[r] = o;
        d->row_input[r] = input_of[o];
        f->hold[r] = d->exact_held[o];
        for (uint32_t c = 0; c < ne; c++)
            f->props[r * ne + c] = d->prop[o * ne + order[c]];
        f->props[ne * ne + r] = d->prop[ne * ne + o];
        f->props[ne * ne + ne + r] = d->prop[ne * ne + ne + o];
    }
    f->strict = d->thresh_op == Q_LT || d->thresh_op == Q_GT;
    f->lhs_row = arg_row[0] >= 0;
    f->rhs_row = arg_row[1] >= 0;
    for (int k = 0; k < 2; k++) {
        eq_operand a = d->plan_arg[k] = args[swap ? 1 - k : k];
        if (a.kind != EQ_K_CONST)
            continue;
        *(k ? &f->rhs_const : &f->lhs_const) = true;
        *(k ? &f->rhs_value : &f->lhs_value) = th->pool[a.index];
    }
}

int eq_prepare(const ax_population_view *p, void **data, char *msg, size_t len)
{
    const eq_model *m = p->model->impl;
    eq_data *d = *data;
    if (!d) {
        d = calloc(1, sizeof *d);
        if (!d) {
            snprintf(msg, len, "out of memory preparing model %s", m->name);
            return AX_ERR_MEMORY;
        }
        *data = d;
    }
    /* a compile of the last prepare reads the programs rebuilt below */
    eq_jit_end(d->jit_job);
    d->jit_job = NULL;
    d->m = m;
    d->n = p->size;
    d->param_slot = (uint16_t)m->n_states;
    d->current_slot = (uint16_t)(m->n_states + m->n_params);
    d->input_slot = (uint16_t)(d->current_slot + 1);
    d->derived_slot = (uint16_t)(d->input_slot + m->n_receptors);
    d->time_slot = (uint16_t)(d->derived_slot + N_PROGRAMS * EQ_MAX_DERIVED);
    d->n_slots = d->time_slot + 1u;
    eq_compile_env *env = malloc(sizeof *env);
    if (!env) {
        snprintf(msg, len, "out of memory preparing model %s", m->name);
        return AX_ERR_MEMORY;
    }
    for (uint32_t o = 0; o < m->n_odes; o++)
        d->held[state_of(m, o)] = m->odes[o].unless_refractory;
    int rc = propagators(d, p, msg, len);
    /* the rest's derivatives (Euler, RK) or exponential Euler's A and B */
    int32_t trees[EQ_MAX_OUTPUTS];
    d->n_rest = 0;
    for (uint32_t o = 0; o < m->n_odes; o++)
        if (!m->exact[o])
            d->rest[d->n_rest++] = o;
    if (!rc) {
        base_env(d, p, env, P_DERIV);
        uint32_t n = 0;
        if (m->rest_method == M_EXP_EULER) {
            for (uint32_t k = 0; k < d->n_rest; k++) {
                trees[n++] = m->ee_a[d->rest[k]];
                trees[n++] = m->ee_b[d->rest[k]];
            }
            rc = compile(d, P_EE, env, trees, n, msg, len);
            eq_program_free(d->pr[P_DERIV]);
            d->pr[P_DERIV] = NULL;
        } else {
            /* rk45: each neuron's sub-steps have their own times */
            if (m->rest_method == M_RK45)
                for (uint32_t sym = 0; sym < m->n_syms; sym++)
                    if (m->syms[sym].kind == S_TIME)
                        env->sym[sym] = (eq_operand){EQ_K_PTR, d->time_slot};
            for (uint32_t k = 0; k < d->n_rest; k++)
                trees[n++] = m->odes[d->rest[k]].det;
            rc = compile(d, P_DERIV, env, trees, n, msg, len);
        }
    }
    if (!rc) {
        base_env(d, p, env, P_NOISE);
        uint32_t n = 0;
        for (uint32_t o = 0; o < m->n_odes; o++)
            for (uint32_t k = 0; k < EQ_MAX_NOISE; k++) {
                d->noise_out[o][k] = UINT32_MAX;
                if (k < m->n_noise && m->odes[o].noise[k] >= 0 && n < EQ_MAX_OUTPUTS) {
                    d->noise_out[o][k] = n;
                    trees[n++] = m->odes[o].noise[k];
                }
            }
        rc = compile(d, P_NOISE, env, trees, n, msg, len);
    }
    if (!rc) {
        base_env(d, p, env, P_THRESH);
        rc = compile(d, P_THRESH, env, &m->threshold, m->threshold >= 0, msg, len);
    }
    if (!rc) {
        base_env(d, p, env, P_RESET);
        rc = compile(d, P_RESET, env, m->reset.value, m->reset.n, msg, len);
    }
    int32_t weight = eq_find_symbol(m, "weight");
    for (uint32_t r = 0; r < m->n_receptors && !rc; r++) {
        base_env(d, p, env, P_RECEPT0 + (int)r);
        env->sym[weight] = (eq_operand){EQ_K_PTR, (uint16_t)(d->input_slot + r)};
        rc = compile(d, P_RECEPT0 + (int)r, env, m->receptor[r].value, m->receptor[r].n, msg, len);
    }
    free(env);
    if (!rc && m->refractory >= 0) {
        d->refrac_per_neuron = tree_per_neuron(m, p, m->refractory);
        size_t sets = d->refrac_per_neuron ? p->size : 1;
        free(d->refrac_steps);
        d->refrac_steps = malloc(sets * sizeof *d->refrac_steps);
        if (!d->refrac_steps) {
            snprintf(msg, len, "out of memory preparing model %s", m->name);
            rc = AX_ERR_MEMORY;
        }
        for (size_t i = 0; !rc && i < sets; i++) {
            double t = param_value(m, p, m->refractory, (uint32_t)i);
            if (!(t >= 0) || !isfinite(t)) {
                snprintf(msg, len, "model %s: the refractory period is %g ms (neuron %zu): must be finite and >= 0",
                         m->name, t, i);
                rc = -1;
            } else {
                d->refrac_steps[i] = ax_steps(t, p->dt);
            }
        }
    }
    if (!rc)
        choose_fused(d);
    if (!rc && !d->fused_exact && m->n_odes && !d->held_offset) {
        eq_jit_spec spec = {.m = m, .method = m->rest_method,
                            .pr = d->pr[m->rest_method == M_EXP_EULER ? P_EE : P_DERIV], .ne = d->ne,
                            .prop_per_neuron = d->prop_per_neuron, .prop = d->prop, .prop_half = d->prop_half,
                            .n_rest = d->n_rest, .rest = d->rest, .current_slot = d->current_slot,
                            .n_slots = d->n_slots, .h = p->dt};
        d->jit_job = eq_jit_begin(&spec, &d->jit_fn);
    }
    return rc;
}
