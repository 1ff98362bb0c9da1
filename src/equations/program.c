/*
 * program.c - trees of an equation model compiled, when a population
 * prepares, into a program for a register machine whose registers are
 * blocks of EQ_BLOCK doubles (as core/expr.c: one tight, vectorisable loop
 * per instruction, the dispatch paid once per block).  Compiling for one
 * population lets the parameters fold: a subtree of parameters alone is
 * one constant when the population is uniform, and an array computed once
 * per neuron when it is not (exp(-dt / tau) costs nothing per step).
 * Named expressions are computed once per run of a program and kept in a
 * register.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/block_ops.h"
#include "core/rng.h"
#include "core/scalar_functions.h"
#include "equations/equations.h"
#include "equations/functions.h"
#include "equations/program.h"


typedef struct compiler {
    eq_program *pr;
    const eq_model *m;
    const eq_compile_env *env;
    bool busy[EQ_MAX_REGS];
    bool kept[EQ_MAX_REGS];        /* registers of named expressions */
    eq_operand alg[EQ_MAX_SYMBOLS];
    bool alg_done[EQ_MAX_SYMBOLS];
    int failed;                    /* 1 registers, 2 memory */
} compiler;

static eq_operand op_const(compiler *c, double x)
{
    eq_program *pr = c->pr;
    for (uint32_t k = 0; k < pr->n_pool; k++)
        if (!memcmp(&pr->pool[k], &x, sizeof x))
            return (eq_operand){EQ_K_CONST, (uint16_t)k};
    if (pr->n_pool == pr->cap_pool) {
        uint32_t cap = pr->cap_pool ? 2 * pr->cap_pool : 32;
        double *g = realloc(pr->pool, cap * sizeof *g);
        if (!g || cap > 60000) {
            c->failed = 2;
            return (eq_operand){EQ_K_CONST, 0};
        }
        pr->pool = g;
        pr->cap_pool = cap;
    }
    pr->pool[pr->n_pool] = x;
    return (eq_operand){EQ_K_CONST, (uint16_t)pr->n_pool++};
}

static uint16_t new_reg(compiler *c)
{
    for (uint16_t r = 0; r < EQ_MAX_REGS; r++)
        if (!c->busy[r]) {
            c->busy[r] = true;
            if (r + 1u > c->pr->n_regs)
                c->pr->n_regs = r + 1u;
            return r;
        }
    c->failed = c->failed ? c->failed : 1;
    return 0;
}

static void release(compiler *c, eq_operand o)
{
    if (o.kind == EQ_K_REG && !c->kept[o.index])
        c->busy[o.index] = false;
}

static void emit(compiler *c, uint8_t op, uint16_t dst, eq_operand a, eq_operand b, eq_operand d, int k)
{
    eq_program *pr = c->pr;
    if (pr->n_code == pr->cap_code) {
        uint32_t cap = pr->cap_code ? 2 * pr->cap_code : 64;
        eq_instr *g = realloc(pr->code, cap * sizeof *g);
        if (!g) {
            c->failed = 2;
            return;
        }
        pr->code = g;
        pr->cap_code = cap;
    }
    pr->code[pr->n_code++] = (eq_instr){.op = op, .dst = dst, .k = (int16_t)k, .a = a, .b = b, .c = d};
}

/* Whether a parameter-only tree has a parameter that differs between
 * neurons. */
static bool per_neuron(const compiler *c, int32_t tree)
{
    const eq_node *n = &c->m->nodes[tree];
    if (n->op == Q_NUM)
        return false;
    if (n->op == Q_SYM) {
        const eq_symbol *s = &c->m->syms[n->sym];
        if (s->kind == S_ALG)
            return per_neuron(c, s->def);
        return s->kind == S_PARAM && c->env->p->per_neuron[s->index];
    }
    return per_neuron(c, n->a) || (n->b >= 0 && per_neuron(c, n->b)) || (n->c >= 0 && per_neuron(c, n->c));
}

/* A tree of parameters: a constant, or an array of one value per neuron. */
static eq_operand fold_params(compiler *c, int32_t tree)
{
    const eq_model *m = c->m;
    const ax_population_view *p = c->env->p;
    double values[EQ_MAX_SYMBOLS] = {0};
    for (uint32_t s = 0; s < m->n_syms; s++) {
        const eq_symbol *es = &m->syms[s];
        if (es->kind == S_PARAM)
            values[s] = p->param[es->index][0];
        else if (es->kind == S_DT)
            values[s] = p->dt;
        else if (es->kind == S_CONST)
            values[s] = es->value;
    }
    if (!per_neuron(c, tree))
        return op_const(c, eq_eval(m, tree, values));
    eq_program *pr = c->pr;
    for (uint32_t d = 0; d < pr->n_derived; d++)
        if (pr->derived_tree[d] == tree)
            return (eq_operand){EQ_K_PTR, (uint16_t)(c->env->derived_slot + d)};
    if (pr->n_derived == EQ_MAX_DERIVED) {
        c->failed = 1;
        return op_const(c, 0.0);
    }
    double *a = malloc((size_t)p->size * sizeof *a);
    if (!a) {
        c->failed = 2;
        return op_const(c, 0.0);
    }
    for (uint32_t i = 0; i < p->size; i++) {
        for (uint32_t k = 0; k < m->n_params; k++)
            if (p->per_neuron[k])
                values[m->param_sym[k]] = p->param[k][i];
        a[i] = eq_eval(m, tree, values);
    }
    pr->derived[pr->n_derived] = a;
    pr->derived_tree[pr->n_derived] = tree;
    return (eq_operand){EQ_K_PTR, (uint16_t)(c->env->derived_slot + pr->n_derived++)};
}

static eq_operand gen(compiler *c, int32_t tree);

static eq_operand symbol(compiler *c, uint32_t s)
{
    const eq_symbol *es = &c->m->syms[s];
    if (es->kind == S_ALG) {
        if (!eq_varies(c->m, es->def))
            return fold_params(c, es->def);
        if (c->alg_done[s])
            return c->alg[s];
        eq_operand o = gen(c, es->def);
        if (o.kind == EQ_K_REG)
            c->kept[o.index] = true;
        c->alg[s] = o;
        c->alg_done[s] = true;
        return o;
    }
    if (c->env->sym[s].kind != EQ_K_NONE)
        return c->env->sym[s];
    if (es->kind == S_PARAM)
        return c->env->p->per_neuron[es->index] ? (eq_operand){EQ_K_PTR, (uint16_t)(c->env->param_slot + es->index)}
                                                 : op_const(c, c->env->p->param[es->index][0]);
    if (es->kind == S_DT)
        return op_const(c, c->env->p->dt);
    if (es->kind == S_CONST)
        return op_const(c, es->value);
    if (es->kind == S_NOISE)
        return op_const(c, 0.0);
    c->failed = c->failed ? c->failed : 3;   /* a symbol this program cannot read */
    return op_const(c, 0.0);
}

static eq_operand gen(compiler *c, int32_t tree)
{
    const eq_node *n = &c->m->nodes[tree];
    if (n->op == Q_NUM)
        return op_const(c, n->value);
    if (n->op == Q_RAND) {
        uint16_t r = new_reg(c);
        const eq_operand none = {EQ_K_CONST, 0};
        emit(c, Q_RAND, r, none, none, none, n->k);
        return (eq_operand){EQ_K_REG, r};
    }
    if (n->op == Q_SYM)
        return symbol(c, n->sym);
    if (!eq_varies(c->m, tree))
        return fold_params(c, tree);
    eq_operand a = gen(c, n->a);
    eq_operand b = n->b >= 0 ? gen(c, n->b) : (eq_operand){EQ_K_CONST, 0};
    eq_operand d = n->c >= 0 ? gen(c, n->c) : (eq_operand){EQ_K_CONST, 0};
    release(c, a);
    if (n->b >= 0)
        release(c, b);
    if (n->c >= 0)
        release(c, d);
    uint16_t r = new_reg(c);
    emit(c, n->op, r, a, b, d, n->k);
    return (eq_operand){EQ_K_REG, r};
}

void eq_program_free(eq_program *pr)
{
    if (!pr)
        return;
    for (uint32_t d = 0; d < pr->n_derived; d++)
        free(pr->derived[d]);
    free(pr->code);
    free(pr->pool);
    free(pr);
}

eq_program *eq_program_compile(const eq_model *m, const eq_compile_env *env, const int32_t *trees, uint32_t n,
                               char *msg, size_t len)
{
    eq_program *pr = calloc(1, sizeof *pr);
    compiler *c = calloc(1, sizeof *c);
    if (!pr || !c || n > EQ_MAX_OUTPUTS) {
        snprintf(msg, len, n > EQ_MAX_OUTPUTS ? "model %s: too many outputs" : "out of memory compiling model %s",
                 m->name);
        free(pr);
        free(c);
        return NULL;
    }
    c->pr = pr;
    c->m = m;
    c->env = env;
    op_const(c, 0.0);
    pr->n_out = n;
    for (uint32_t k = 0; k < n && !c->failed; k++) {
        eq_operand o = gen(c, trees[k]);
        /* every output ends in a register kept to the end: the one that
         * computed it (a named expression's is kept already), else a copy
         * (Q_NUM as an instruction) of the array or constant it is */
        uint16_t r;
        if (o.kind == EQ_K_REG) {
            r = o.index;
        } else {
            r = new_reg(c);
            emit(c, Q_NUM, r, o, o, o, 0);
        }
        c->kept[r] = true;
        pr->out[k] = r;
    }
    int failed = c->failed;
    free(c);
    if (failed) {
        if (failed == 1)
            snprintf(msg, len, "model %s: its expressions are too large for %d registers or %d arrays (split them "
                     "with named expressions of fewer terms)", m->name, EQ_MAX_REGS, EQ_MAX_DERIVED);
        else if (failed == 3)
            snprintf(msg, len, "model %s: an expression reads a name it cannot read there", m->name);
        else
            snprintf(msg, len, "out of memory compiling model %s", m->name);
        eq_program_free(pr);
        return NULL;
    }
    return pr;
}

/* ------------------------------------------------------------ running */


INLINE int resolve(const eq_program *pr, eq_operand o, double (*regs)[EQ_BLOCK], const double *const *ptr,
                   const double *scalars, const double **p, double *x)
{
    switch (o.kind) {
    case EQ_K_REG: *p = regs[o.index]; return 0;
    case EQ_K_CONST: *x = pr->pool[o.index]; return 1;
    case EQ_K_SCALAR: *x = scalars[o.index]; return 1;
    default: *p = ptr[o.index]; return 0;
    }
}

/* rand() call k: uniform in (0, 1) with 53 bits from the stream (seed,
 * equation noise object 1024 + k, global id, step): the same for any
 * thread count and block, and at every stage of a step. */
static void rand_block(double *d, int k, const double *scalars, uint32_t n)
{
    const uint64_t step = (uint64_t)scalars[1], id0 = (uint64_t)scalars[2];
    const uint64_t seed = (uint64_t)scalars[3] | (uint64_t)scalars[4] << 32;
    const uint32_t purpose = ax_purpose(AX_RNG_EQUATION_NOISE, 1024u + (uint32_t)k);
    for (uint32_t j = 0; j < n; j++) {
        philox4x32_ctr_t w = ax_rng_block(seed, purpose, (uint32_t)(id0 + j), step);
        uint64_t x = ((uint64_t)w.v[0] << 21) ^ (w.v[1] >> 11);   /* 53 bits */
        d[j] = ((double)x + 0.5) * 0x1p-53;
    }
}

void eq_program_run(const eq_program *pr, const double *const *ptr, const double *scalars, uint32_t n,
                    double (*regs)[EQ_BLOCK])
{
    for (uint32_t i = 0; i < pr->n_code; i++) {
        const eq_instr *in = &pr->code[i];
        const double *pa = NULL, *pb = NULL, *pc = NULL;
        double xa = 0.0, xb = 0.0, xc = 0.0;
        int sa = resolve(pr, in->a, regs, ptr, scalars, &pa, &xa);
        int sb = EQ_IS_BINARY(in->op) || in->op == Q_SELECT ? resolve(pr, in->b, regs, ptr, scalars, &pb, &xb) : 1;
        double *d = regs[in->dst];
        switch (in->op) {
        case Q_NUM: AX_BLOCK_UNARY(f_copy); break;
        case Q_NEG: AX_BLOCK_UNARY(f_neg); break;
        case Q_NOT: AX_BLOCK_UNARY(f_not); break;
        case Q_EXP: AX_BLOCK_UNARY(f_exp); break;
        case Q_LOG: AX_BLOCK_UNARY(f_log); break;
        case Q_SQRT: AX_BLOCK_UNARY(f_sqrt); break;
        case Q_TANH: AX_BLOCK_UNARY(f_tanh); break;
        case Q_COSH: AX_BLOCK_UNARY(f_cosh); break;
        case Q_SINH: AX_BLOCK_UNARY(f_sinh); break;
        case Q_SIN: AX_BLOCK_UNARY(sin); break;
        case Q_COS: AX_BLOCK_UNARY(cos); break;
        case Q_ABS: AX_BLOCK_UNARY(f_abs); break;
        case Q_EXPREL: AX_BLOCK_UNARY(f_exprel); break;
        case Q_FLOOR: AX_BLOCK_UNARY(floor); break;
        case Q_RAND: rand_block(d, in->k, scalars, n); break;
        case Q_POWI: ax_block_powi(d, pa, xa, sa, in->k, n); break;
        case Q_ADD: AX_BLOCK_BINARY(f_add); break;
        case Q_SUB: AX_BLOCK_BINARY(f_sub); break;
        case Q_MUL: AX_BLOCK_BINARY(f_mul); break;
        case Q_DIV: AX_BLOCK_BINARY(f_div); break;
        case Q_POW: AX_BLOCK_BINARY(f_pow); break;
        case Q_MIN: AX_BLOCK_BINARY(f_min); break;
        case Q_MAX: AX_BLOCK_BINARY(f_max); break;
        case Q_VTRAP: AX_BLOCK_BINARY(f_vtrap); break;
        case Q_LT: AX_BLOCK_BINARY(f_lt); break;
        case Q_LE: AX_BLOCK_BINARY(f_le); break;
        case Q_GT: AX_BLOCK_BINARY(f_gt); break;
        case Q_GE: AX_BLOCK_BINARY(f_ge); break;
        case Q_EQ: AX_BLOCK_BINARY(f_eq); break;
        case Q_NE: AX_BLOCK_BINARY(f_ne); break;
        case Q_AND: AX_BLOCK_BINARY(f_and); break;
        case Q_OR: AX_BLOCK_BINARY(f_or); break;
        default: {   /* Q_SELECT */
            int sc = resolve(pr, in->c, regs, ptr, scalars, &pc, &xc);
            for (uint32_t j = 0; j < n; j++) {
                double cond = sa ? xa : pa[j];
                d[j] = cond != 0.0 ? (sb ? xb : pb[j]) : (sc ? xc : pc[j]);
            }
            break;
        }
        }
    }
}

_Static_assert(EQ_BLOCK <= AX_BLOCK_OPS_MAX, "block_ops.h's loops take blocks of at most AX_BLOCK_OPS_MAX");
