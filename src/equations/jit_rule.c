/*
 * jit_rule.c - a plasticity rule's new-w expressions for libgccjit (jit.h,
 * jit_gen.h): each of scalar.h's programs (three-address code over the
 * slots pre 0, pre 1, post 0, post 1, w, its constants and temporaries)
 * as a function of the five slots, instruction by instruction, registers
 * become locals.  Arithmetic, min, max and selects are written out as C
 * writes them in eq_scalar_eval; every other operation calls eq_apply,
 * the interpreter's own function, through a pointer.  With jit.c's
 * options (no contraction, no fast-math) the function returns the
 * interpreter's bits; the per-synapse dispatch of the interpreter (a
 * switch per instruction) is what goes.
 */
#include <stdio.h>
#include <string.h>

#include "equations/jit.h"

#ifdef AX_JIT

#include "equations/jit_gen.h"
#include "equations/scalar.h"

#define N_ARGS 5   /* pre 0, pre 1, post 0, post 1, w */

void eq_jit_rule_key(const eq_scalar *const code[2], eq_jit_key *k)
{
    for (int p = 0; p < 2; p++) {
        const eq_scalar *s = code[p];
        bool present = s != NULL;
        EQ_JIT_PUT(k, present);
        if (!s)
            continue;
        EQ_JIT_PUT(k, s->n);
        EQ_JIT_PUT(k, s->n_slots);
        EQ_JIT_PUT(k, s->n_init);
        EQ_JIT_PUT(k, s->result);
        eq_jit_put(k, s->code, s->n * sizeof *s->code);
        eq_jit_put(k, s->init + s->n_slots, (s->n_init - s->n_slots) * sizeof *s->init);
    }
}

typedef struct gen {
    gcc_jit_context *c;
    gcc_jit_function *fn;
    gcc_jit_block *b;
    gcc_jit_type *dbl;
    gcc_jit_rvalue *apply;   /* eq_apply */
    unsigned locals, blocks;
} gen;

static gcc_jit_lvalue *local(gen *g)
{
    char name[24];
    snprintf(name, sizeof name, "t%u", g->locals++);
    return gcc_jit_function_new_local(g->fn, NULL, g->dbl, name);
}

/* v, computed here into a local of its own. */
static gcc_jit_rvalue *keep(gen *g, gcc_jit_rvalue *v)
{
    gcc_jit_lvalue *l = local(g);
    gcc_jit_block_add_assignment(g->b, NULL, l, v);
    return gcc_jit_lvalue_as_rvalue(l);
}

/* cond ? x : y, as a branch that GCC makes a select where it can. */
static gcc_jit_rvalue *choose(gen *g, gcc_jit_rvalue *cond, gcc_jit_rvalue *x, gcc_jit_rvalue *y)
{
    char name[24];
    gcc_jit_lvalue *l = local(g);
    gcc_jit_block_add_assignment(g->b, NULL, l, y);
    snprintf(name, sizeof name, "then%u", g->blocks);
    gcc_jit_block *then = gcc_jit_function_new_block(g->fn, name);
    snprintf(name, sizeof name, "join%u", g->blocks++);
    gcc_jit_block *join = gcc_jit_function_new_block(g->fn, name);
    gcc_jit_block_end_with_conditional(g->b, NULL, cond, then, join);
    gcc_jit_block_add_assignment(then, NULL, l, x);
    gcc_jit_block_end_with_jump(then, NULL, join);
    g->b = join;
    return gcc_jit_lvalue_as_rvalue(l);
}

static gcc_jit_rvalue *bin(gen *g, enum gcc_jit_binary_op op, gcc_jit_rvalue *a, gcc_jit_rvalue *b)
{
    return keep(g, gcc_jit_context_new_binary_op(g->c, NULL, op, g->dbl, a, b));
}

static gcc_jit_rvalue *less(gen *g, gcc_jit_rvalue *a, gcc_jit_rvalue *b)
{
    return gcc_jit_context_new_comparison(g->c, NULL, GCC_JIT_COMPARISON_LT, a, b);
}

/* f_powi's multiplications */
static gcc_jit_rvalue *powi(gen *g, gcc_jit_rvalue *x, int k)
{
    gcc_jit_rvalue *r = gcc_jit_context_new_rvalue_from_double(g->c, g->dbl, 1.0), *base = x;
    for (unsigned m = (unsigned)(k < 0 ? -k : k); m; m >>= 1) {
        if (m & 1)
            r = bin(g, GCC_JIT_BINARY_OP_MULT, r, base);
        base = bin(g, GCC_JIT_BINARY_OP_MULT, base, base);
    }
    return k < 0 ? bin(g, GCC_JIT_BINARY_OP_DIVIDE, gcc_jit_context_new_rvalue_from_double(g->c, g->dbl, 1.0), r)
                 : keep(g, r);
}

/* eq_apply(op, k, a, b, 0.0), the interpreter's call. */
static gcc_jit_rvalue *apply(gen *g, const eq_scalar_ins *x, gcc_jit_rvalue *a, gcc_jit_rvalue *b)
{
    gcc_jit_rvalue *args[5] = {
        gcc_jit_context_new_rvalue_from_int(g->c, gcc_jit_context_get_type(g->c, GCC_JIT_TYPE_UNSIGNED_CHAR), x->op),
        gcc_jit_context_new_rvalue_from_int(g->c, gcc_jit_context_get_type(g->c, GCC_JIT_TYPE_INT), x->k), a,
        b ? b : gcc_jit_context_zero(g->c, g->dbl), gcc_jit_context_zero(g->c, g->dbl)};
    return keep(g, gcc_jit_context_new_call_through_ptr(g->c, NULL, g->apply, 5, args));
}

/* Program s as the function `name`; false where it reads a register that
 * nothing wrote (not from scalar.c). */
static bool program(gen *g, const eq_scalar *s, const char *name)
{
    if (s->n_slots > N_ARGS || s->n_init > EQ_SCALAR_REGS || s->result >= EQ_SCALAR_REGS)
        return false;
    static const char *arg_names[N_ARGS] = {"pre0", "pre1", "post0", "post1", "w"};
    gcc_jit_param *params[N_ARGS];
    for (int a = 0; a < N_ARGS; a++)
        params[a] = gcc_jit_context_new_param(g->c, NULL, g->dbl, arg_names[a]);
    g->fn = gcc_jit_context_new_function(g->c, NULL, GCC_JIT_FUNCTION_EXPORTED, g->dbl, name, N_ARGS, params, 0);
    g->b = gcc_jit_function_new_block(g->fn, "entry");
    gcc_jit_rvalue *r[EQ_SCALAR_REGS] = {NULL};
    for (uint32_t k = 0; k < s->n_slots; k++)
        r[k] = gcc_jit_param_as_rvalue(params[k]);
    for (uint32_t k = s->n_slots; k < s->n_init; k++)
        r[k] = gcc_jit_context_new_rvalue_from_double(g->c, g->dbl, s->init[k]);
    for (uint32_t i = 0; i < s->n; i++) {
        const eq_scalar_ins *x = &s->code[i];
        if (x->dst >= EQ_SCALAR_REGS || x->a >= EQ_SCALAR_REGS || x->b >= EQ_SCALAR_REGS || x->c >= EQ_SCALAR_REGS)
            return false;
        gcc_jit_rvalue *a = r[x->a], *b = r[x->b], *v;
        bool binary = EQ_IS_BINARY(x->op) || x->op == Q_SELECT;
        if (!a || (binary && !b) || (x->op == Q_SELECT && !r[x->c]))
            return false;
        switch (x->op) {
        case Q_NUM: v = a; break;
        case Q_NEG: v = keep(g, gcc_jit_context_new_unary_op(g->c, NULL, GCC_JIT_UNARY_OP_MINUS, g->dbl, a)); break;
        case Q_ADD: v = bin(g, GCC_JIT_BINARY_OP_PLUS, a, b); break;
        case Q_SUB: v = bin(g, GCC_JIT_BINARY_OP_MINUS, a, b); break;
        case Q_MUL: v = bin(g, GCC_JIT_BINARY_OP_MULT, a, b); break;
        case Q_DIV: v = bin(g, GCC_JIT_BINARY_OP_DIVIDE, a, b); break;
        case Q_MIN: v = choose(g, less(g, a, b), a, b); break;   /* f_min: a < b ? a : b */
        case Q_MAX: v = choose(g, less(g, b, a), a, b); break;   /* f_max: a > b ? a : b */
        case Q_POWI: v = powi(g, a, x->k); break;
        case Q_SELECT:
            v = choose(g, gcc_jit_context_new_comparison(g->c, NULL, GCC_JIT_COMPARISON_NE, a,
                                                         gcc_jit_context_zero(g->c, g->dbl)),
                       b, r[x->c]);
            break;
        default: v = apply(g, x, a, b); break;
        }
        r[x->dst] = v;
    }
    if (!r[s->result])
        return false;
    gcc_jit_block_end_with_return(g->b, NULL, r[s->result]);
    return true;
}

static double (*const apply_address)(uint8_t, int, double, double, double) = eq_apply;

bool eq_jit_rule_emit(gcc_jit_context *c, const eq_scalar *const code[2])
{
    gen g = {.c = c, .dbl = gcc_jit_context_get_type(c, GCC_JIT_TYPE_DOUBLE)};
    gcc_jit_type *args[5] = {gcc_jit_context_get_type(c, GCC_JIT_TYPE_UNSIGNED_CHAR),
                             gcc_jit_context_get_type(c, GCC_JIT_TYPE_INT), g.dbl, g.dbl, g.dbl};
    gcc_jit_type *apply_type = gcc_jit_context_new_function_ptr_type(c, NULL, g.dbl, 5, args, 0);
    void *address;
    memcpy(&address, &apply_address, sizeof address);
    g.apply = gcc_jit_context_new_rvalue_from_ptr(c, apply_type, address);
    const char *names[2] = {EQ_JIT_RULE_NAME_0, EQ_JIT_RULE_NAME_1};
    bool any = false;
    for (int p = 0; p < 2; p++) {
        if (!code[p])
            continue;
        if (!program(&g, code[p], names[p]))
            return false;
        any = true;
    }
    return any;
}

#endif
