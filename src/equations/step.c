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
 * The programs are compiled in prepare() for the population's parameters.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/block_ops.h"
#include "core/propagators.h"
#include "core/rng.h"
#include "core/scalar_functions.h"
#include "equations/equations.h"
#include "equations/fused.h"
#include "equations/jit.h"
#include "equations/program.h"

#define SIMD _Pragma("GCC ivdep")

enum { P_DERIV, P_EE, P_NOISE, P_THRESH, P_RESET, P_RECEPT0, N_PROGRAMS = P_RECEPT0 + EQ_MAX_RECEPTORS };

/* RK45 tolerances (per variable, in its unit): absolute and relative. */
#define RK45_ATOL 1e-6
#define RK45_RTOL 1e-6
#define RK45_MAX_STEPS 100000

typedef struct eq_data {
    const eq_model *m;
    uint32_t n;                   /* neurons */
    uint32_t n_slots;             /* pointers a block needs */
    uint16_t param_slot, current_slot, input_slot, derived_slot;
    uint16_t time_slot;           /* rk45: the time of each neuron's stage */
    eq_program *pr[N_PROGRAMS];
    /* exact set: propagators over h (and h/2 for the stages), one set or
     * one per neuron */
    uint32_t ne;
    bool prop_per_neuron;
    double *prop, *prop_half;     /* per set: P (ne x ne), q (ne), r (ne) */
    size_t held_offset;           /* > 0: the sets of refractory neurons follow at
                                     prop + held_offset (the held variables'
                                     rows 0), where others depend on them */
    double *refrac_steps;         /* one, or one per neuron */
    bool refrac_per_neuron;
    /* the rest: ODE indices */
    uint32_t n_rest, rest[EQ_MAX_STATES];
    uint32_t noise_out[EQ_MAX_STATES][EQ_MAX_NOISE];   /* output index of P_NOISE, or UINT32_MAX */
    bool held[EQ_MAX_STATES];     /* per state variable: (unless refractory) */
    /* the one-pass kernels of fused.c, where the model's shape allows */
    bool fused_exact;             /* the ODEs are the exact set, one propagator set, no noise */
    bool exact_held[EQ_MAX_STATES];
    int32_t receptor_add[EQ_MAX_RECEPTORS];   /* state v where the receptor is `v += weight`, else -1 */
    int thresh_op;                /* Q_LT .. Q_GE where the threshold is one comparison, else -1 */
    eq_operand thresh_arg[2];
    double thresh_const[2][EQ_BLOCK];
    eq_jit_job *jit_job;          /* step 1 and the store being compiled (jit.c), or NULL */
    eq_jit_fn jit_fn;             /* the compiled function once ready (atomic), else NULL */
    bool fused_step;              /* the whole step by eq_fused_run */
    eq_fused_step plan;
    uint32_t plan_order[EQ_FUSED_MAX_EXACT]; /* the exact row of each row of the plan */
    int32_t row_input[EQ_FUSED_MAX_EXACT];   /* the receptor adding to each row of the plan, or -1 */
} eq_data;

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

static uint32_t state_of(const eq_model *m, uint32_t ode) { return m->syms[m->odes[ode].sym].index; }

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

/* Whether exact variable r is held while refractory. */
static bool held(const eq_model *m, uint32_t r) { return m->odes[m->exact_ode[r]].unless_refractory; }

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
    d->thresh_op = -1;
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
        eq_operand a = args[swap ? 1 - k : k];
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

/* ------------------------------------------------------------ the step */

/* Scratch of one update call: registers and blocks of the stages. */
typedef struct scratch {
    double rand_key[4];                      /* rand(): step, first global id, seed low, high */
    double regs[EQ_MAX_REGS][EQ_BLOCK];
    double x0[EQ_MAX_STATES][EQ_BLOCK];      /* the ODEs' values at the start */
    double xn[EQ_MAX_STATES][EQ_BLOCK];      /* their new values */
    double xs[EQ_MAX_STATES][EQ_BLOCK];      /* a stage's values */
    double k[7][EQ_MAX_STATES][EQ_BLOCK];    /* stage derivatives */
    double aux[4][EQ_BLOCK];                 /* rk45: 0 .. 2; noise: 3; the end of a step: 1 */
    double before[EQ_BLOCK];                 /* crossing: the threshold at the step's start */
    double stage_time[EQ_BLOCK];             /* rk45 */
    double zeros[EQ_FUSED_ZEROS];            /* eq_fused_run's stand-in arrays: zeros, kept zero */
    double before_chunk[EQ_FUSED_ZEROS];     /* crossing, in fused_chunk */
    const double *ptr[EQ_MAX_STATES + EQ_MAX_PARAMS + 1 + EQ_MAX_RECEPTORS + N_PROGRAMS * EQ_MAX_DERIVED + 1];
} scratch;

/* One per thread (about 250 KB), made when the thread first updates an
 * equation model and freed with the thread. */
static _Thread_local scratch tls_scratch;

static void bind_derived(const eq_data *d, scratch *s, int program, size_t i0)
{
    const eq_program *pr = d->pr[program];
    for (uint32_t k = 0; pr && k < pr->n_derived; k++)
        s->ptr[d->derived_slot + program * EQ_MAX_DERIVED + k] = pr->derived[k] + i0;
}

/* Runs a program over the block; scalars: t, then what rand() draws from
 * (the step, the block's first global id, the seed's two halves). */
static void run(const eq_data *d, scratch *s, int program, size_t i0, const double *t, uint32_t n)
{
    bind_derived(d, s, program, i0);
    const double scalars[EQ_SCALARS] = {*t, s->rand_key[0], s->rand_key[1], s->rand_key[2], s->rand_key[3]};
    eq_program_run(d->pr[program], s->ptr, scalars, n, s->regs);
}

/* The exact set at time h (or h/2) from x0, into out[ODE index].  A
 * refractory neuron whose held variables drive others takes the
 * propagators in which the held ones are constant. */
static void exact_step(const eq_data *d, scratch *s, const double *props, size_t i0, uint32_t n,
                       double (*out)[EQ_BLOCK], const double *current)
{
    const eq_model *m = d->m;
    uint32_t ne = d->ne;
    size_t each = (size_t)ne * ne + 2 * ne;
    for (uint32_t r = 0; r < ne; r++) {
        double *o = out[m->exact_ode[r]];
        if (!d->prop_per_neuron) {
            const double *P = props, *q = P + ne * ne, *rr = q + ne;
            double qr = q[r], ir = rr[r];
            SIMD for (uint32_t j = 0; j < n; j++) o[j] = qr + ir * current[j];
            for (uint32_t c = 0; c < ne; c++) {
                double pc = P[r * ne + c];
                if (pc == 0.0)
                    continue;
                const double *x = s->x0[m->exact_ode[c]];
                SIMD for (uint32_t j = 0; j < n; j++) o[j] += pc * x[j];
            }
        } else {
            for (uint32_t j = 0; j < n; j++) {
                const double *P = props + (i0 + j) * each, *q = P + ne * ne, *rr = q + ne;
                double acc = q[r] + rr[r] * current[j];
                for (uint32_t c = 0; c < ne; c++)
                    acc += P[r * ne + c] * s->x0[m->exact_ode[c]][j];
                o[j] = acc;
            }
        }
    }
    if (!d->held_offset)
        return;
    const double *refrac = s->ptr[m->refrac_state];
    for (uint32_t j = 0; j < n; j++) {
        if (!(refrac[j] > 0.0))
            continue;
        const double *P = props + d->held_offset + (d->prop_per_neuron ? (i0 + j) * each : 0);
        const double *q = P + ne * ne, *rr = q + ne;
        for (uint32_t r = 0; r < ne; r++) {
            double acc = q[r] + rr[r] * current[j];
            for (uint32_t c = 0; c < ne; c++)
                acc += P[r * ne + c] * s->x0[m->exact_ode[c]][j];
            out[m->exact_ode[r]][j] = acc;
        }
    }
}

/* Points the state slots of the ODEs at `x` (stage values); the others at
 * their arrays. */
static void bind_stage(const eq_data *d, scratch *s, double (*x)[EQ_BLOCK])
{
    const eq_model *m = d->m;
    for (uint32_t o = 0; o < m->n_odes; o++)
        s->ptr[state_of(m, o)] = x[o];
}

static void bind_arrays(const eq_data *d, scratch *s, const ax_population_view *p, size_t i0)
{
    const eq_model *m = d->m;
    for (uint32_t v = 0; v < m->n_states; v++)
        s->ptr[v] = p->state[v] + i0;
    for (uint32_t k = 0; k < m->n_params; k++)
        s->ptr[d->param_slot + k] = p->per_neuron[k] ? p->param[k] + i0 : NULL;
    s->ptr[d->current_slot] = p->current + i0;
    for (uint32_t r = 0; r < m->n_receptors; r++)
        s->ptr[d->input_slot + r] = p->input[r] + i0;
}

/* Derivatives of the rest at stage values x (exact ones in x as well) at
 * time t, into k[rest index].  A variable held while refractory has
 * derivative 0 in a refractory neuron, so that the stages of the others
 * see it held, as it is (AdEx's w sees v at v_reset, as in the built-in). */
static void derivs(const eq_data *d, scratch *s, double (*x)[EQ_BLOCK], double t, size_t i0, uint32_t n,
                   double (*k)[EQ_BLOCK])
{
    const eq_model *m = d->m;
    bind_stage(d, s, x);
    run(d, s, P_DERIV, i0, &t, n);
    const double *refrac = m->refrac_state >= 0 ? s->ptr[m->refrac_state] : NULL;
    for (uint32_t r = 0; r < d->n_rest; r++) {
        double *kr = k[r];
        memcpy(kr, s->regs[d->pr[P_DERIV]->out[r]], n * sizeof(double));
        if (refrac && m->odes[d->rest[r]].unless_refractory)
            SIMD for (uint32_t j = 0; j < n; j++) kr[j] = refrac[j] > 0.0 ? 0.0 : kr[j];
    }
}

/* x_out[rest] = x0 + h * sum c_k k_k, exact ones from `exact` (or kept). */
static void combine(const eq_data *d, scratch *s, uint32_t n, double (*out)[EQ_BLOCK], const double *c,
                    int stages, double h)
{
    for (uint32_t r = 0; r < d->n_rest; r++) {
        uint32_t o = d->rest[r];
        double *y = out[o];
        const double *x = s->x0[o];
        SIMD for (uint32_t j = 0; j < n; j++) y[j] = 0.0;
        for (int q = 0; q < stages; q++) {
            if (c[q] == 0.0)
                continue;
            double cq = c[q];
            const double *kq = s->k[q][r];
            SIMD for (uint32_t j = 0; j < n; j++) y[j] += cq * kq[j];
        }
        SIMD for (uint32_t j = 0; j < n; j++) y[j] = x[j] + h * y[j];
    }
}

static void integrate_rk(const eq_data *d, scratch *s, int method, double t, double h, size_t i0, uint32_t n,
                         const double *current)
{
    const eq_model *m = d->m;
    /* the exact set at the end of the step */
    if (d->ne)
        exact_step(d, s, d->prop, i0, n, s->xn, current);
    if (method == M_EULER) {
        derivs(d, s, s->x0, t, i0, n, s->k[0]);
        static const double c1[1] = {1.0};
        combine(d, s, n, s->xn, c1, 1, h);
        return;
    }
    /* the exact set at the middle, for the stages */
    double (*mid)[EQ_BLOCK] = s->xs;
    if (d->ne) {
        double (*half)[EQ_BLOCK] = (double (*)[EQ_BLOCK])s->k[6];
        exact_step(d, s, d->prop_half, i0, n, half, current);
        for (uint32_t r = 0; r < d->ne; r++)
            memcpy(mid[m->exact_ode[r]], half[m->exact_ode[r]], n * sizeof(double));
    }
    derivs(d, s, s->x0, t, i0, n, s->k[0]);
    static const double half1[1] = {0.5};
    combine(d, s, n, mid, half1, 1, h);
    if (method == M_RK2) {
        derivs(d, s, mid, t + 0.5 * h, i0, n, s->k[1]);
        static const double c2[2] = {0.0, 1.0};
        combine(d, s, n, s->xn, c2, 2, h);
        return;
    }
    derivs(d, s, mid, t + 0.5 * h, i0, n, s->k[1]);
    static const double c_2[2] = {0.0, 0.5};
    combine(d, s, n, mid, c_2, 2, h);
    derivs(d, s, mid, t + 0.5 * h, i0, n, s->k[2]);
    /* the fourth stage at the end: the exact set's end values are in xn */
    static const double c_3[3] = {0.0, 0.0, 1.0};
    double (*end)[EQ_BLOCK] = mid;
    for (uint32_t r = 0; r < d->ne; r++)
        memcpy(end[m->exact_ode[r]], s->xn[m->exact_ode[r]], n * sizeof(double));
    combine(d, s, n, end, c_3, 3, h);
    derivs(d, s, end, t + h, i0, n, s->k[3]);
    /* x0 + h / 6 (k1 + 2 k2 + 2 k3 + k4), in this order: the arithmetic of
     * the built-in RK4 models, so that a model copied as equations gives
     * their bits */
    double h6 = h / 6.0;
    for (uint32_t r = 0; r < d->n_rest; r++) {
        uint32_t o = d->rest[r];
        const double *k1 = s->k[0][r], *k2 = s->k[1][r], *k3 = s->k[2][r], *k4 = s->k[3][r], *x = s->x0[o];
        double *y = s->xn[o];
        SIMD for (uint32_t j = 0; j < n; j++) y[j] = x[j] + h6 * (k1[j] + 2.0 * k2[j] + 2.0 * k3[j] + k4[j]);
    }
}

static void integrate_exp_euler(const eq_data *d, scratch *s, double t, double h, size_t i0, uint32_t n,
                                const double *current)
{
    if (d->ne)
        exact_step(d, s, d->prop, i0, n, s->xn, current);
    if (!d->n_rest)
        return;
    run(d, s, P_EE, i0, &t, n);
    const eq_program *pr = d->pr[P_EE];
    for (uint32_t r = 0; r < d->n_rest; r++) {
        uint32_t o = d->rest[r];
        const double *A = s->regs[pr->out[2 * r]], *B = s->regs[pr->out[2 * r + 1]];
        const double *x = s->x0[o];
        double *y = s->xn[o];
        SIMD for (uint32_t j = 0; j < n; j++) y[j] = x[j] + h * (A[j] * x[j] + B[j]) * f_exprel(A[j] * h);
    }
}

/* Dormand-Prince 5(4), each neuron with its own step size within [t, t+h]. */
static void integrate_rk45(const eq_data *d, scratch *s, double t, double h, size_t i0, uint32_t n)
{
    static const double c[7] = {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1};
    static const double a[7][6] = {
        {0},
        {1.0 / 5},
        {3.0 / 40, 9.0 / 40},
        {44.0 / 45, -56.0 / 15, 32.0 / 9},
        {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
        {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
        {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}};
    static const double e[7] = {71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525,
                                -1.0 / 40};
    const eq_model *m = d->m;
    double *tt = s->aux[0], *hh = s->aux[1], *err = s->aux[2];
    for (uint32_t j = 0; j < n; j++) {
        tt[j] = 0.0;
        hh[j] = h;
    }
    for (uint32_t o = 0; o < m->n_odes; o++)
        memcpy(s->xn[o], s->x0[o], n * sizeof(double));
    for (int iter = 0; iter < RK45_MAX_STEPS; iter++) {
        bool active = false;
        for (uint32_t j = 0; j < n; j++) {
            if (tt[j] >= h) {
                hh[j] = 0.0;
                continue;
            }
            active = true;
            if (tt[j] + hh[j] > h)
                hh[j] = h - tt[j];
        }
        if (!active)
            return;
        /* stages from xn (the accepted values) with per-neuron steps and
         * times */
        s->ptr[d->time_slot] = s->stage_time;
        for (int q = 0; q < 7; q++) {
            for (uint32_t j = 0; j < n; j++)
                s->stage_time[j] = t + tt[j] + c[q] * hh[j];
            for (uint32_t r = 0; r < d->n_rest; r++) {
                uint32_t o = d->rest[r];
                for (uint32_t j = 0; j < n; j++) {
                    double acc = 0.0;
                    for (int p = 0; p < q; p++)
                        acc += a[q][p] * s->k[p][r][j];
                    s->xs[o][j] = s->xn[o][j] + hh[j] * acc;
                }
            }
            derivs(d, s, s->xs, t, i0, n, s->k[q]);
        }
        for (uint32_t j = 0; j < n; j++)
            err[j] = 0.0;
        for (uint32_t r = 0; r < d->n_rest; r++) {
            uint32_t o = d->rest[r];
            for (uint32_t j = 0; j < n; j++) {
                double ej = 0.0;
                for (int q = 0; q < 7; q++)
                    ej += e[q] * s->k[q][r][j];
                ej *= hh[j];
                double scale = RK45_ATOL + RK45_RTOL * fmax(fabs(s->xn[o][j]), fabs(s->xs[o][j]));
                double ratio = fabs(ej) / scale;
                err[j] = ratio > err[j] || ratio != ratio ? ratio : err[j];
            }
        }
        for (uint32_t j = 0; j < n; j++) {
            if (hh[j] == 0.0)
                continue;
            bool accept = err[j] <= 1.0;
            if (accept) {
                for (uint32_t r = 0; r < d->n_rest; r++)
                    s->xn[d->rest[r]][j] = s->xs[d->rest[r]][j];   /* the 7th stage is the 5th-order result */
                tt[j] += hh[j];
            }
            double factor = err[j] > 0.0 ? 0.9 * pow(err[j], -0.2) : 5.0;
            factor = factor < 0.2 ? 0.2 : factor > 5.0 ? 5.0 : factor;
            if (err[j] != err[j])
                factor = 0.2;
            hh[j] *= factor;
            if (hh[j] < 1e-12 * h) {
                /* cannot meet the tolerance: the state is going to infinity or NaN */
                tt[j] = h;
                for (uint32_t r = 0; r < d->n_rest; r++)
                    s->xn[d->rest[r]][j] = NAN;
            }
        }
    }
}

static void noise(const eq_data *d, scratch *s, const ax_population_view *p, double t, size_t i0, uint32_t n,
                  int64_t step)
{
    const eq_model *m = d->m;
    run(d, s, P_NOISE, i0, &t, n);
    const eq_program *pr = d->pr[P_NOISE];
    double sq = sqrt(p->dt);
    for (uint32_t k = 0; k < m->n_noise; k++) {
        double *z = s->aux[3];
        uint32_t purpose = ax_purpose(AX_RNG_EQUATION_NOISE, k);
        for (uint32_t j = 0; j < n; j++) {
            philox4x32_ctr_t w = ax_rng_block(p->seed, purpose, p->first_id + (uint32_t)(i0 + j), (uint64_t)step);
            double u1 = ax_u01_from32(w.v[0]) + 0x1p-33 * ax_u01_from32(w.v[1]);
            double u2 = ax_u01_from32(w.v[2]);
            z[j] = sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2) * sq;
        }
        for (uint32_t o = 0; o < m->n_odes; o++) {
            uint32_t out = d->noise_out[o][k];
            if (out == UINT32_MAX)
                continue;
            const double *g = s->regs[pr->out[out]];
            double *y = s->xn[o];
            SIMD for (uint32_t j = 0; j < n; j++) y[j] += g[j] * z[j];
        }
    }
}

/* The reset statements and the refractory period of the neurons that fire. */
static void reset(const eq_data *d, scratch *s, const ax_population_view *p, double *r, const uint32_t *spiked,
                  size_t i0, uint32_t n, double tend)
{
    const eq_model *m = d->m;
    if (m->reset.n) {
        run(d, s, P_RESET, i0, &tend, n);
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

/* The array a program's operand ptr[index] reads, from neuron i0 on. */
static const double *operand_array(const eq_data *d, const ax_population_view *p, int program, uint16_t index,
                                   size_t i0)
{
    const eq_model *m = d->m;
    if (index < m->n_states)
        return p->state[index] + i0;
    if (index < d->current_slot)
        return p->param[index - d->param_slot] + i0;
    if (index == d->current_slot)
        return p->current + i0;
    if (index < d->derived_slot)
        return p->input[index - d->input_slot] + i0;
    return d->pr[program]->derived[index - d->derived_slot - program * EQ_MAX_DERIVED] + i0;
}

/* What the programs of a block of EQ_BLOCK neurons from i0 read. */
static void set_block(const eq_data *d, scratch *s, const ax_population_view *p, size_t i0, int64_t step)
{
    s->rand_key[0] = (double)step;
    s->rand_key[1] = (double)p->first_id + (double)i0;
    s->rand_key[2] = (double)(uint32_t)p->seed;
    s->rand_key[3] = (double)(uint32_t)(p->seed >> 32);
    bind_arrays(d, s, p, i0);
}

/* The step of up to EQ_FUSED_ZEROS neurons by eq_fused_run (see
 * choose_fused); the programs (crossing, reset) run per block. */
static void fused_chunk(const eq_data *d, scratch *s, const ax_population_view *p, size_t i0, uint32_t n,
                        int64_t step)
{
    const eq_model *m = d->m;
    double t = (double)step * p->dt, tend = t + p->dt;
    const double *before = s->zeros;
    if (m->crossing) {
        for (uint32_t b = 0; b < n; b += EQ_BLOCK) {
            uint32_t nb = n - b < EQ_BLOCK ? n - b : EQ_BLOCK;
            set_block(d, s, p, i0 + b, step);
            run(d, s, P_THRESH, i0 + b, &t, nb);
            memcpy(s->before_chunk + b, s->regs[d->pr[P_THRESH]->out[0]], nb * sizeof(double));
        }
        before = s->before_chunk;
    }
    double *x[EQ_FUSED_MAX_EXACT], *input[EQ_FUSED_MAX_EXACT];
    for (uint32_t r = 0; r < d->ne; r++) {
        x[r] = p->state[state_of(m, m->exact_ode[d->plan_order[r]])] + i0;
        input[r] = d->row_input[r] >= 0 ? p->input[d->row_input[r]] + i0 : s->zeros;
    }
    double *r = m->refrac_state >= 0 ? p->state[m->refrac_state] + i0 : NULL;
    bool swap = d->thresh_op == Q_GT || d->thresh_op == Q_GE;
    const double *arg[2];
    for (int k = 0; k < 2; k++) {
        eq_operand a = d->thresh_arg[swap ? 1 - k : k];
        arg[k] = (k ? d->plan.rhs_row : d->plan.lhs_row) || a.kind == EQ_K_CONST
                 ? s->zeros : operand_array(d, p, P_THRESH, a.index, i0);
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
        run(d, s, P_THRESH, i0, &t, n);
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
        bind_derived(d, s, m->rest_method == M_EXP_EULER ? P_EE : P_DERIV, i0);
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
        case M_EXP_EULER: integrate_exp_euler(d, s, t, h, i0, n, current); break;
        case M_RK45: integrate_rk45(d, s, t, h, i0, n); break;
        default: integrate_rk(d, s, m->rest_method, t, h, i0, n, current); break;
        }
        if (m->n_noise) {
            bind_arrays(d, s, p, i0);
            noise(d, s, p, t, i0, n, step);
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
        bind_arrays(d, s, p, i0);
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
        run(d, s, P_RECEPT0 + (int)r, i0, &t, n);
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
        bind_derived(d, s, P_THRESH, i0);
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
    run(d, s, P_THRESH, i0, &tend, n);
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
