/*
 * jit_step.c - an equation model's integration for libgccjit (jit.h,
 * jit_gen.h).  The generated function is one loop over the neurons of a
 * block; its body is the interpreter's work for one neuron, operation by
 * operation: the exact set by its propagators, each stage's derivatives
 * (the block program's instructions, registers become locals), the
 * method's combinations and the store.  exp, exprel, tanh, vtrap are
 * core/vmath.h's polynomials written out (GCC's fma builtin, bitcasts);
 * log, sin, cos, pow are called through pointers to the interpreter's
 * functions; comparisons and selects become bit selects, so that the loop
 * stays one basic block and vectorises.  jit.c compiles it with
 * -ffp-contract=off and without any fast-math option, so that each
 * operation rounds as in the interpreter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "equations/jit.h"

#ifdef AX_JIT

#include "equations/functions.h"
#include "equations/jit_gen.h"

/* The C library's functions that have no inline form, out of line so
 * that the compiled code can call them (the interpreter calls them too). */
static double j_log(double x) { return f_log(x); }
static double j_sin(double x) { return sin(x); }
static double j_cos(double x) { return cos(x); }
static double j_pow(double a, double b) { return f_pow(a, b); }

typedef struct gen {
    gcc_jit_context *c;
    gcc_jit_function *fn;
    gcc_jit_block *b;             /* where code goes now */
    gcc_jit_type *dbl, *u32, *fn1, *fn2;
    gcc_jit_rvalue *j;            /* the neuron */
    gcc_jit_rvalue *ptr, *x, *prop, *prop_half;
    gcc_jit_rvalue *current, *refrac, *times[3];
    gcc_jit_rvalue **loads;       /* ptr[index][j] of this neuron, once read */
    const eq_jit_spec *sp;
    int32_t ode_of_state[EQ_MAX_STATES];
    unsigned locals;
    bool failed;
} gen;

static gcc_jit_rvalue *num(gen *g, double v) { return gcc_jit_context_new_rvalue_from_double(g->c, g->dbl, v); }

/* v computed once, here, into a local of its own. */
static gcc_jit_rvalue *keep(gen *g, gcc_jit_rvalue *v)
{
    char name[24];
    snprintf(name, sizeof name, "t%u", g->locals++);
    gcc_jit_lvalue *l = gcc_jit_function_new_local(g->fn, NULL, g->dbl, name);
    gcc_jit_block_add_assignment(g->b, NULL, l, v);
    return gcc_jit_lvalue_as_rvalue(l);
}

static gcc_jit_rvalue *bin(gen *g, enum gcc_jit_binary_op op, gcc_jit_rvalue *a, gcc_jit_rvalue *b)
{
    return keep(g, gcc_jit_context_new_binary_op(g->c, NULL, op, g->dbl, a, b));
}

static gcc_jit_rvalue *add(gen *g, gcc_jit_rvalue *a, gcc_jit_rvalue *b) { return bin(g, GCC_JIT_BINARY_OP_PLUS, a, b); }
static gcc_jit_rvalue *mul(gen *g, gcc_jit_rvalue *a, gcc_jit_rvalue *b) { return bin(g, GCC_JIT_BINARY_OP_MULT, a, b); }

static gcc_jit_rvalue *call(gen *g, void *f, int n, gcc_jit_rvalue *a, gcc_jit_rvalue *b)
{
    gcc_jit_rvalue *fp = gcc_jit_context_new_rvalue_from_ptr(g->c, n == 1 ? g->fn1 : g->fn2, f);
    gcc_jit_rvalue *args[2] = {a, b};
    return keep(g, gcc_jit_context_new_call_through_ptr(g->c, NULL, fp, n, args));
}

#define CALL1(g, f, a) call(g, fn_address(f), 1, a, NULL)
#define CALL2(g, f, a, b) call(g, fn_address2(f), 2, a, b)

static void *fn_address(double (*f)(double))
{
    void *p;
    memcpy(&p, &f, sizeof p);
    return p;
}

static void *fn_address2(double (*f)(double, double))
{
    void *p;
    memcpy(&p, &f, sizeof p);
    return p;
}

static gcc_jit_rvalue *cmp(gen *g, enum gcc_jit_comparison op, gcc_jit_rvalue *a, gcc_jit_rvalue *b)
{
    return gcc_jit_context_new_comparison(g->c, NULL, op, a, b);
}

/* one ? a : b (one a 64-bit 0 or 1), as the interpreter's ternary,
 * without a branch: the bits of a where the mask (0 - one) is all ones, of b where it is zero, so
 * that the loop stays one basic block (quick to compile, vectorised). */
static gcc_jit_rvalue *pick_bits(gen *g, gcc_jit_rvalue *one, gcc_jit_rvalue *a, gcc_jit_rvalue *b)
{
    gcc_jit_context *c = g->c;
    gcc_jit_type *u64 = gcc_jit_context_get_int_type(c, 8, 0);
    gcc_jit_rvalue *mask = gcc_jit_context_new_unary_op(c, NULL, GCC_JIT_UNARY_OP_MINUS, u64, one);
    gcc_jit_rvalue *ua = gcc_jit_context_new_bitcast(c, NULL, a, u64), *ub = gcc_jit_context_new_bitcast(c, NULL, b, u64);
    gcc_jit_rvalue *bits = gcc_jit_context_new_binary_op(
        c, NULL, GCC_JIT_BINARY_OP_BITWISE_OR, u64, gcc_jit_context_new_binary_op(c, NULL, GCC_JIT_BINARY_OP_BITWISE_AND, u64, ua, mask),
        gcc_jit_context_new_binary_op(c, NULL, GCC_JIT_BINARY_OP_BITWISE_AND, u64, ub,
                                      gcc_jit_context_new_unary_op(c, NULL, GCC_JIT_UNARY_OP_BITWISE_NEGATE, u64, mask)));
    return keep(g, gcc_jit_context_new_bitcast(c, NULL, bits, g->dbl));
}

static gcc_jit_rvalue *choose(gen *g, gcc_jit_rvalue *cond, gcc_jit_rvalue *a, gcc_jit_rvalue *b)
{
    return pick_bits(g, gcc_jit_context_new_cast(g->c, NULL, cond, gcc_jit_context_get_int_type(g->c, 8, 0)), a, b);
}

/* A comparison as 1.0 or 0.0. */
static gcc_jit_rvalue *truth(gen *g, gcc_jit_rvalue *cond) { return choose(g, cond, num(g, 1.0), num(g, 0.0)); }

/* A builtin of GCC's (fma, fabs, sqrt, floor): inline code that rounds as
 * the C library's function (all are exact or correctly rounded). */
static gcc_jit_rvalue *builtin(gen *g, const char *name, int n, gcc_jit_rvalue *a, gcc_jit_rvalue *b,
                               gcc_jit_rvalue *c)
{
    gcc_jit_rvalue *args[3] = {a, b, c};
    return keep(g, gcc_jit_context_new_call(g->c, NULL, gcc_jit_context_get_builtin_function(g->c, name), n, args));
}

static gcc_jit_rvalue *fma3(gen *g, gcc_jit_rvalue *a, gcc_jit_rvalue *b, gcc_jit_rvalue *c)
{
    return builtin(g, "__builtin_fma", 3, a, b, c);
}

static gcc_jit_rvalue *neg(gen *g, gcc_jit_rvalue *a)
{
    return keep(g, gcc_jit_context_new_unary_op(g->c, NULL, GCC_JIT_UNARY_OP_MINUS, g->dbl, a));
}

static gcc_jit_rvalue *sub(gen *g, gcc_jit_rvalue *a, gcc_jit_rvalue *b) { return bin(g, GCC_JIT_BINARY_OP_MINUS, a, b); }
static gcc_jit_rvalue *divide(gen *g, gcc_jit_rvalue *a, gcc_jit_rvalue *b) { return bin(g, GCC_JIT_BINARY_OP_DIVIDE, a, b); }

/* core/vmath.h's ax_exp, operation by operation, so that the loop
 * vectorises as the interpreter's does. */
static gcc_jit_rvalue *emit_exp(gen *g, gcc_jit_rvalue *x)
{
    const double log2e = 1.4426950408889634, ln2_hi = 6.93147180369123816490e-01,
                 ln2_lo = 1.90821492927058770002e-10, shifter = 6755399441055744.0;
    static const double poly[] = {2.763263963904103e-07, 2.755724091857897e-06, 2.4801485482328494e-05,
                                  0.00019841269890047113, 0.0013888888952314775, 0.008333333333319601,
                                  0.0416666666664881, 0.1666666666666668, 0.5000000000000019, 1.0};
    gcc_jit_rvalue *xc = choose(g, cmp(g, GCC_JIT_COMPARISON_GT, x, num(g, 709.0)), num(g, 709.0),
                                choose(g, cmp(g, GCC_JIT_COMPARISON_LT, x, num(g, -708.0)), num(g, -708.0), x));
    gcc_jit_rvalue *k = fma3(g, xc, num(g, log2e), num(g, shifter));
    gcc_jit_rvalue *n = sub(g, k, num(g, shifter));
    gcc_jit_rvalue *r = fma3(g, neg(g, n), num(g, ln2_lo), fma3(g, neg(g, n), num(g, ln2_hi), xc));
    gcc_jit_rvalue *p = num(g, 2.5110037605963777e-08);
    for (size_t i = 0; i < sizeof poly / sizeof *poly; i++)
        p = fma3(g, p, r, num(g, poly[i]));
    gcc_jit_type *u64 = gcc_jit_context_get_int_type(g->c, 8, 0);
    gcc_jit_rvalue *kb = gcc_jit_context_new_bitcast(g->c, NULL, k, u64);
    gcc_jit_rvalue *sb = gcc_jit_context_new_binary_op(
        g->c, NULL, GCC_JIT_BINARY_OP_LSHIFT, u64,
        gcc_jit_context_new_binary_op(g->c, NULL, GCC_JIT_BINARY_OP_PLUS, u64, kb,
                                      gcc_jit_context_new_rvalue_from_int(g->c, u64, 1023)),
        gcc_jit_context_new_rvalue_from_int(g->c, u64, 52));
    gcc_jit_rvalue *scale = keep(g, gcc_jit_context_new_bitcast(g->c, NULL, sb, g->dbl));
    gcc_jit_rvalue *y = mul(g, fma3(g, p, r, num(g, 1.0)), scale);
    y = choose(g, cmp(g, GCC_JIT_COMPARISON_GT, x, num(g, 709.0)), num(g, __builtin_inf()), y);
    return choose(g, cmp(g, GCC_JIT_COMPARISON_LT, x, num(g, -708.0)), num(g, 0.0), y);
}

/* Both, or either, of two comparisons as a 64-bit 0 or 1 (choose takes
 * it): bitwise, since && and || would branch. */
static gcc_jit_rvalue *both(gen *g, enum gcc_jit_binary_op op, gcc_jit_rvalue *a, gcc_jit_rvalue *b)
{
    gcc_jit_type *u64 = gcc_jit_context_get_int_type(g->c, 8, 0);
    return gcc_jit_context_new_binary_op(g->c, NULL, op, u64, gcc_jit_context_new_cast(g->c, NULL, a, u64),
                                         gcc_jit_context_new_cast(g->c, NULL, b, u64));
}

/* lo < x < hi */
static gcc_jit_rvalue *inside(gen *g, gcc_jit_rvalue *x, double lo, double hi)
{
    return both(g, GCC_JIT_BINARY_OP_BITWISE_AND, cmp(g, GCC_JIT_COMPARISON_GT, x, num(g, lo)),
                cmp(g, GCC_JIT_COMPARISON_LT, x, num(g, hi)));
}

/* scalar_functions.h's f_exprel */
static gcc_jit_rvalue *emit_exprel(gen *g, gcc_jit_rvalue *x)
{
    gcc_jit_rvalue *t = add(g, num(g, 1.0 / 120.0), mul(g, x, num(g, 1.0 / 720.0)));
    t = add(g, num(g, 1.0 / 24.0), mul(g, x, t));
    t = add(g, num(g, 1.0 / 6.0), mul(g, x, t));
    t = add(g, num(g, 0.5), mul(g, x, t));
    gcc_jit_rvalue *series = add(g, num(g, 1.0), mul(g, x, t));
    gcc_jit_rvalue *q = divide(g, sub(g, emit_exp(g, x), num(g, 1.0)), x);
    return pick_bits(g, inside(g, x, -1e-2, 1e-2), series, q);
}

/* f_tanh */
static gcc_jit_rvalue *emit_tanh(gen *g, gcc_jit_rvalue *x)
{
    gcc_jit_rvalue *ax = builtin(g, "__builtin_fabs", 1, x, NULL, NULL);
    gcc_jit_rvalue *e = emit_exp(g, mul(g, num(g, -2.0), ax)), *x2 = mul(g, x, x);
    gcc_jit_rvalue *t = divide(g, sub(g, num(g, 1.0), e), add(g, num(g, 1.0), e));
    gcc_jit_rvalue *s = add(g, num(g, -17.0 / 315.0), mul(g, x2, num(g, 62.0 / 2835.0)));
    s = add(g, num(g, 2.0 / 15.0), mul(g, x2, s));
    s = add(g, num(g, -1.0 / 3.0), mul(g, x2, s));
    s = mul(g, ax, add(g, num(g, 1.0), mul(g, x2, s)));
    gcc_jit_rvalue *r = choose(g, cmp(g, GCC_JIT_COMPARISON_LT, ax, num(g, 0.05)), s, t);
    return choose(g, cmp(g, GCC_JIT_COMPARISON_LT, x, num(g, 0.0)), neg(g, r), r);
}

/* f_vtrap: y * z / (exp(z) - 1), z = x / y (vmath.h's ax_z_over_em1) */
static gcc_jit_rvalue *emit_vtrap(gen *g, gcc_jit_rvalue *x, gcc_jit_rvalue *y)
{
    gcc_jit_rvalue *z = divide(g, x, y), *ez = emit_exp(g, z), *z2 = mul(g, z, z);
    gcc_jit_rvalue *inner = sub(g, num(g, 1.0 / 720.0), divide(g, z2, num(g, 30240.0)));
    inner = sub(g, num(g, 1.0 / 12.0), mul(g, z2, inner));
    gcc_jit_rvalue *series = add(g, sub(g, num(g, 1.0), mul(g, num(g, 0.5), z)), mul(g, z2, inner));
    gcc_jit_rvalue *q = divide(g, z, sub(g, ez, num(g, 1.0)));
    return mul(g, y, pick_bits(g, inside(g, z, -1e-2, 1e-2), series, q));
}

/* base[index][j], once per neuron. */
static gcc_jit_rvalue *load(gen *g, uint32_t index)
{
    if (index >= g->sp->n_slots) {
        g->failed = true;
        return num(g, 0.0);
    }
    if (!g->loads[index]) {
        gcc_jit_rvalue *row = gcc_jit_lvalue_as_rvalue(gcc_jit_context_new_array_access(
            g->c, NULL, g->ptr, gcc_jit_context_new_rvalue_from_int(g->c, g->u32, (int)index)));
        g->loads[index] = keep(g, gcc_jit_lvalue_as_rvalue(gcc_jit_context_new_array_access(g->c, NULL, row, g->j)));
    }
    return g->loads[index];
}

/* A program's operand at a stage whose ODE values are sv, at time tau. */
static gcc_jit_rvalue *operand(gen *g, eq_operand o, gcc_jit_rvalue **regs, gcc_jit_rvalue **sv,
                               gcc_jit_rvalue *tau)
{
    const eq_program *pr = g->sp->pr;
    switch (o.kind) {
    case EQ_K_REG: return regs[o.index] ? regs[o.index] : (g->failed = true, num(g, 0.0));
    case EQ_K_CONST: return num(g, pr->pool[o.index]);
    case EQ_K_SCALAR: return o.index == 0 ? tau : (g->failed = true, num(g, 0.0));
    default:
        if (o.index < g->sp->m->n_states && g->ode_of_state[o.index] >= 0)
            return sv[g->ode_of_state[o.index]];
        return load(g, o.index);
    }
}

/* The program's instructions at stage values sv and time tau; its outputs
 * into out. */
static void program(gen *g, gcc_jit_rvalue **sv, gcc_jit_rvalue *tau, gcc_jit_rvalue **out)
{
    const eq_program *pr = g->sp->pr;
    gcc_jit_rvalue *regs[EQ_MAX_REGS] = {NULL};
    if (!pr)
        return;
    for (uint32_t i = 0; i < pr->n_code && !g->failed; i++) {
        const eq_instr *in = &pr->code[i];
        gcc_jit_rvalue *a = operand(g, in->a, regs, sv, tau), *b = NULL, *v = NULL;
        if (EQ_IS_BINARY(in->op) || in->op == Q_SELECT)
            b = operand(g, in->b, regs, sv, tau);
        switch (in->op) {
        case Q_NUM: v = a; break;
        case Q_NEG: v = keep(g, gcc_jit_context_new_unary_op(g->c, NULL, GCC_JIT_UNARY_OP_MINUS, g->dbl, a)); break;
        case Q_NOT: v = truth(g, cmp(g, GCC_JIT_COMPARISON_EQ, a, num(g, 0.0))); break;
        case Q_EXP: v = emit_exp(g, a); break;
        case Q_LOG: v = CALL1(g, j_log, a); break;
        case Q_SQRT: v = builtin(g, "__builtin_sqrt", 1, a, NULL, NULL); break;
        case Q_TANH: v = emit_tanh(g, a); break;
        case Q_COSH: v = mul(g, num(g, 0.5), add(g, emit_exp(g, a), emit_exp(g, neg(g, a)))); break;
        case Q_SINH: v = mul(g, num(g, 0.5), sub(g, emit_exp(g, a), emit_exp(g, neg(g, a)))); break;
        case Q_SIN: v = CALL1(g, j_sin, a); break;
        case Q_COS: v = CALL1(g, j_cos, a); break;
        case Q_ABS: v = builtin(g, "__builtin_fabs", 1, a, NULL, NULL); break;
        case Q_EXPREL: v = emit_exprel(g, a); break;
        case Q_FLOOR: v = builtin(g, "__builtin_floor", 1, a, NULL, NULL); break;
        case Q_POWI: {
            /* f_powi's multiplications */
            gcc_jit_rvalue *r = num(g, 1.0), *base = a;
            int k = in->k;
            for (unsigned m = (unsigned)(k < 0 ? -k : k); m; m >>= 1) {
                if (m & 1)
                    r = mul(g, r, base);
                base = mul(g, base, base);
            }
            v = k < 0 ? bin(g, GCC_JIT_BINARY_OP_DIVIDE, num(g, 1.0), r) : keep(g, r);
            break;
        }
        case Q_ADD: v = add(g, a, b); break;
        case Q_SUB: v = bin(g, GCC_JIT_BINARY_OP_MINUS, a, b); break;
        case Q_MUL: v = mul(g, a, b); break;
        case Q_DIV: v = bin(g, GCC_JIT_BINARY_OP_DIVIDE, a, b); break;
        case Q_POW: v = CALL2(g, j_pow, a, b); break;
        case Q_VTRAP: v = emit_vtrap(g, a, b); break;
        case Q_MIN: v = choose(g, cmp(g, GCC_JIT_COMPARISON_LT, a, b), a, b); break;
        case Q_MAX: v = choose(g, cmp(g, GCC_JIT_COMPARISON_GT, a, b), a, b); break;
        case Q_LT: v = truth(g, cmp(g, GCC_JIT_COMPARISON_LT, a, b)); break;
        case Q_LE: v = truth(g, cmp(g, GCC_JIT_COMPARISON_LE, a, b)); break;
        case Q_GT: v = truth(g, cmp(g, GCC_JIT_COMPARISON_GT, a, b)); break;
        case Q_GE: v = truth(g, cmp(g, GCC_JIT_COMPARISON_GE, a, b)); break;
        case Q_EQ: v = truth(g, cmp(g, GCC_JIT_COMPARISON_EQ, a, b)); break;
        case Q_NE: v = truth(g, cmp(g, GCC_JIT_COMPARISON_NE, a, b)); break;
        case Q_AND:
        case Q_OR: {
            gcc_jit_rvalue *ca = cmp(g, GCC_JIT_COMPARISON_NE, a, num(g, 0.0));
            gcc_jit_rvalue *cb = cmp(g, GCC_JIT_COMPARISON_NE, b, num(g, 0.0));
            v = pick_bits(g, both(g, in->op == Q_AND ? GCC_JIT_BINARY_OP_BITWISE_AND : GCC_JIT_BINARY_OP_BITWISE_OR, ca, cb),
                          num(g, 1.0), num(g, 0.0));
            break;
        }
        case Q_SELECT: {
            gcc_jit_rvalue *c = operand(g, in->c, regs, sv, tau);
            v = choose(g, cmp(g, GCC_JIT_COMPARISON_NE, a, num(g, 0.0)), b, c);
            break;
        }
        default: g->failed = true; return;   /* Q_RAND: the interpreter's */
        }
        regs[in->dst] = v;
    }
    for (uint32_t k = 0; k < pr->n_out && !g->failed; k++)
        out[k] = regs[pr->out[k]] ? regs[pr->out[k]] : (g->failed = true, num(g, 0.0));
}

/* The exact set from x0 by one set of propagators: out[exact row].  As
 * integrate.c's exact_step: q + r * current, then + P x0 (zeros skipped where
 * the set is the population's, none where it is the neuron's). */
static void exact(gen *g, const double *set, gcc_jit_rvalue *per_neuron, gcc_jit_rvalue **x0, gcc_jit_rvalue **out)
{
    const eq_jit_spec *sp = g->sp;
    uint32_t ne = sp->ne, each = ne * ne + 2 * ne;
    for (uint32_t r = 0; r < ne; r++) {
        if (sp->prop_per_neuron) {
            /* per_neuron[j * each + k] */
            gcc_jit_rvalue *base = gcc_jit_context_new_binary_op(
                g->c, NULL, GCC_JIT_BINARY_OP_MULT, g->u32, g->j, gcc_jit_context_new_rvalue_from_int(g->c, g->u32, (int)each));
#define AT(k) keep(g, gcc_jit_lvalue_as_rvalue(gcc_jit_context_new_array_access(g->c, NULL, per_neuron, \
                  gcc_jit_context_new_binary_op(g->c, NULL, GCC_JIT_BINARY_OP_PLUS, g->u32, base,          \
                                                gcc_jit_context_new_rvalue_from_int(g->c, g->u32, (int)(k))))))
            gcc_jit_rvalue *acc = add(g, AT(ne * ne + r), mul(g, AT(ne * ne + ne + r), g->current));
            for (uint32_t c = 0; c < ne; c++)
                acc = add(g, acc, mul(g, AT(r * ne + c), x0[g->sp->m->exact_ode[c]]));
#undef AT
            out[r] = acc;
        } else {
            gcc_jit_rvalue *acc = add(g, num(g, set[ne * ne + r]), mul(g, num(g, set[ne * ne + ne + r]), g->current));
            for (uint32_t c = 0; c < ne; c++) {
                double pc = set[r * ne + c];
                if (pc == 0.0)
                    continue;
                acc = add(g, acc, mul(g, num(g, pc), x0[g->sp->m->exact_ode[c]]));
            }
            out[r] = acc;
        }
    }
}

/* A stage's derivatives of the rest at sv, time tau: k[rest index]; zero
 * where a held variable's neuron is refractory (integrate.c's derivs). */
static void derivs(gen *g, gcc_jit_rvalue **sv, gcc_jit_rvalue *tau, gcc_jit_rvalue **k)
{
    const eq_jit_spec *sp = g->sp;
    gcc_jit_rvalue *out[EQ_MAX_OUTPUTS];
    program(g, sv, tau, out);
    for (uint32_t r = 0; r < sp->n_rest && !g->failed; r++) {
        k[r] = out[r];
        if (g->refrac && sp->m->odes[sp->rest[r]].unless_refractory)
            k[r] = choose(g, cmp(g, GCC_JIT_COMPARISON_GT, g->refrac, num(g, 0.0)), num(g, 0.0), k[r]);
    }
}

/* out[rest ODE] = x0 + h * (0 + sum c_q k_q), integrate.c's combine. */
static void combine(gen *g, gcc_jit_rvalue **x0, gcc_jit_rvalue *k[][EQ_MAX_STATES], const double *c, int stages,
                    gcc_jit_rvalue **out)
{
    const eq_jit_spec *sp = g->sp;
    for (uint32_t r = 0; r < sp->n_rest; r++) {
        gcc_jit_rvalue *y = num(g, 0.0);
        for (int q = 0; q < stages; q++)
            if (c[q] != 0.0)
                y = add(g, y, mul(g, num(g, c[q]), k[q][r]));
        uint32_t o = sp->rest[r];
        out[o] = add(g, x0[o], mul(g, num(g, sp->h), y));
    }
}

/* The body for one neuron: integrate.c's eq_integrate_rk / _exp_euler and
 * the store. */
static void body(gen *g)
{
    const eq_jit_spec *sp = g->sp;
    const eq_model *m = sp->m;
    gcc_jit_rvalue *x0[EQ_MAX_STATES], *xn[EQ_MAX_STATES], *stage[EQ_MAX_STATES], *e[EQ_MAX_STATES];
    gcc_jit_rvalue *k[4][EQ_MAX_STATES];
    for (uint32_t o = 0; o < m->n_odes; o++) {
        gcc_jit_rvalue *row = gcc_jit_lvalue_as_rvalue(gcc_jit_context_new_array_access(
            g->c, NULL, g->x, gcc_jit_context_new_rvalue_from_int(g->c, g->u32, (int)o)));
        x0[o] = keep(g, gcc_jit_lvalue_as_rvalue(gcc_jit_context_new_array_access(g->c, NULL, row, g->j)));
    }
    g->current = load(g, sp->current_slot);
    g->refrac = m->refrac_state >= 0 ? load(g, (uint32_t)m->refrac_state) : NULL;
    if (sp->ne) {
        exact(g, sp->prop, g->prop, x0, e);
        for (uint32_t r = 0; r < sp->ne; r++)
            xn[m->exact_ode[r]] = e[r];
    }
    if (sp->method == M_EXP_EULER) {
        gcc_jit_rvalue *out[EQ_MAX_OUTPUTS];
        program(g, x0, g->times[0], out);
        for (uint32_t r = 0; r < sp->n_rest && !g->failed; r++) {
            uint32_t o = sp->rest[r];
            gcc_jit_rvalue *A = out[2 * r], *B = out[2 * r + 1];
            gcc_jit_rvalue *rate = mul(g, num(g, sp->h), add(g, mul(g, A, x0[o]), B));
            xn[o] = add(g, x0[o], mul(g, rate, emit_exprel(g, mul(g, A, num(g, sp->h)))));
        }
    } else if (sp->method == M_EULER) {
        derivs(g, x0, g->times[0], k[0]);
        static const double c1[1] = {1.0};
        combine(g, x0, k, c1, 1, xn);
    } else {
        /* the stages see the exact set at the middle, then at the end */
        memcpy(stage, x0, sizeof stage);
        if (sp->ne) {
            gcc_jit_rvalue *half[EQ_MAX_STATES];
            exact(g, sp->prop_half, g->prop_half, x0, half);
            for (uint32_t r = 0; r < sp->ne; r++)
                stage[m->exact_ode[r]] = half[r];
        }
        derivs(g, x0, g->times[0], k[0]);
        static const double half1[1] = {0.5};
        combine(g, x0, k, half1, 1, stage);
        if (sp->method == M_RK2) {
            derivs(g, stage, g->times[1], k[1]);
            static const double c2[2] = {0.0, 1.0};
            combine(g, x0, k, c2, 2, xn);
        } else {
            derivs(g, stage, g->times[1], k[1]);
            static const double c_2[2] = {0.0, 0.5};
            combine(g, x0, k, c_2, 2, stage);
            derivs(g, stage, g->times[1], k[2]);
            for (uint32_t r = 0; r < sp->ne; r++)
                stage[m->exact_ode[r]] = xn[m->exact_ode[r]];
            static const double c_3[3] = {0.0, 0.0, 1.0};
            combine(g, x0, k, c_3, 3, stage);
            derivs(g, stage, g->times[2], k[3]);
            gcc_jit_rvalue *h6 = num(g, sp->h / 6.0), *two = num(g, 2.0);
            for (uint32_t r = 0; r < sp->n_rest && !g->failed; r++) {
                uint32_t o = sp->rest[r];
                gcc_jit_rvalue *sum = add(g, add(g, add(g, k[0][r], mul(g, two, k[1][r])), mul(g, two, k[2][r])),
                                          k[3][r]);
                xn[o] = add(g, x0[o], mul(g, h6, sum));
            }
        }
    }
    if (g->failed)
        return;
    /* the store: a held variable keeps its value while refractory */
    for (uint32_t o = 0; o < m->n_odes; o++) {
        gcc_jit_rvalue *v = xn[o];
        if (g->refrac && m->odes[o].unless_refractory)
            v = choose(g, cmp(g, GCC_JIT_COMPARISON_GT, g->refrac, num(g, 0.0)), x0[o], v);
        gcc_jit_rvalue *row = gcc_jit_lvalue_as_rvalue(gcc_jit_context_new_array_access(
            g->c, NULL, g->x, gcc_jit_context_new_rvalue_from_int(g->c, g->u32, (int)o)));
        gcc_jit_block_add_assignment(g->b, NULL, gcc_jit_context_new_array_access(g->c, NULL, row, g->j), v);
    }
}

/* Everything the generator reads, as bytes: two specs with the same key
 * compile to the same function. */
void eq_jit_step_key(const eq_jit_spec *sp, eq_jit_key *k)
{
    const eq_model *m = sp->m;
    EQ_JIT_PUT(k, sp->method);
    EQ_JIT_PUT(k, sp->ne);
    EQ_JIT_PUT(k, sp->prop_per_neuron);
    EQ_JIT_PUT(k, sp->n_rest);
    EQ_JIT_PUT(k, sp->current_slot);
    EQ_JIT_PUT(k, sp->n_slots);
    EQ_JIT_PUT(k, sp->h);
    eq_jit_put(k, sp->rest, sp->n_rest * sizeof *sp->rest);
    uint32_t each = sp->ne * sp->ne + 2 * sp->ne;
    if (sp->ne && !sp->prop_per_neuron) {
        eq_jit_put(k, sp->prop, each * sizeof *sp->prop);
        eq_jit_put(k, sp->prop_half, each * sizeof *sp->prop_half);
    }
    EQ_JIT_PUT(k, m->n_odes);
    EQ_JIT_PUT(k, m->n_states);
    EQ_JIT_PUT(k, m->refrac_state);
    eq_jit_put(k, m->exact_ode, sp->ne * sizeof *m->exact_ode);
    for (uint32_t o = 0; o < m->n_odes; o++) {
        EQ_JIT_PUT(k, m->syms[m->odes[o].sym].index);
        EQ_JIT_PUT(k, m->odes[o].unless_refractory);
    }
    uint32_t none = UINT32_MAX;
    if (!sp->pr) {
        EQ_JIT_PUT(k, none);
        return;
    }
    EQ_JIT_PUT(k, sp->pr->n_code);
    for (uint32_t i = 0; i < sp->pr->n_code; i++) {
        const eq_instr *in = &sp->pr->code[i];
        EQ_JIT_PUT(k, in->op);
        EQ_JIT_PUT(k, in->dst);
        EQ_JIT_PUT(k, in->k);
        const eq_operand ops[3] = {in->a, in->b, in->c};
        for (int q = 0; q < 3; q++) {
            EQ_JIT_PUT(k, ops[q].kind);
            EQ_JIT_PUT(k, ops[q].index);
        }
    }
    eq_jit_put(k, sp->pr->pool, sp->pr->n_pool * sizeof *sp->pr->pool);
    EQ_JIT_PUT(k, sp->pr->n_out);
    eq_jit_put(k, sp->pr->out, sp->pr->n_out * sizeof *sp->pr->out);
}

bool eq_jit_step_emit(gcc_jit_context *c, const eq_jit_spec *sp)
{
    const eq_model *m = sp->m;
    if ((!sp->pr && sp->n_rest) || m->n_noise ||
        (sp->method != M_EULER && sp->method != M_RK2 && sp->method != M_RK4 && sp->method != M_EXP_EULER))
        return false;
    for (uint32_t i = 0; sp->pr && i < sp->pr->n_code; i++)
        if (sp->pr->code[i].op == Q_RAND)
            return false;
    gen *g = calloc(1, sizeof *g);
    gcc_jit_rvalue **loads = calloc(sp->n_slots, sizeof *loads);
    if (!g || !loads) {
        free(g);
        free(loads);
        return false;
    }
    g->loads = loads;
    g->sp = sp;
    for (uint32_t v = 0; v < EQ_MAX_STATES; v++)
        g->ode_of_state[v] = -1;
    for (uint32_t o = 0; o < m->n_odes; o++)
        g->ode_of_state[m->syms[m->odes[o].sym].index] = (int32_t)o;
    g->c = c;
    g->dbl = gcc_jit_context_get_type(c, GCC_JIT_TYPE_DOUBLE);
    g->u32 = gcc_jit_context_get_type(c, GCC_JIT_TYPE_UNSIGNED_INT);
    gcc_jit_type *args1[1] = {g->dbl}, *args2[2] = {g->dbl, g->dbl};
    g->fn1 = gcc_jit_context_new_function_ptr_type(c, NULL, g->dbl, 1, args1, 0);
    g->fn2 = gcc_jit_context_new_function_ptr_type(c, NULL, g->dbl, 2, args2, 0);
    gcc_jit_type *cd = gcc_jit_type_get_pointer(gcc_jit_type_get_const(g->dbl));
    gcc_jit_type *d = gcc_jit_type_get_pointer(g->dbl);
    gcc_jit_param *params[6] = {
        gcc_jit_context_new_param(c, NULL, gcc_jit_type_get_pointer(gcc_jit_type_get_const(cd)), "ptr"),
        gcc_jit_context_new_param(c, NULL, gcc_jit_type_get_pointer(gcc_jit_type_get_const(d)), "x"),
        gcc_jit_context_new_param(c, NULL, cd, "prop"),
        gcc_jit_context_new_param(c, NULL, cd, "prop_half"),
        gcc_jit_context_new_param(c, NULL, cd, "times"),
        gcc_jit_context_new_param(c, NULL, g->u32, "n")};
    g->fn = gcc_jit_context_new_function(c, NULL, GCC_JIT_FUNCTION_EXPORTED, gcc_jit_context_get_type(c, GCC_JIT_TYPE_VOID),
                                         EQ_JIT_STEP_NAME, 6, params, 0);
    g->ptr = gcc_jit_param_as_rvalue(params[0]);
    g->x = gcc_jit_param_as_rvalue(params[1]);
    g->prop = gcc_jit_param_as_rvalue(params[2]);
    g->prop_half = gcc_jit_param_as_rvalue(params[3]);
    gcc_jit_block *entry = gcc_jit_function_new_block(g->fn, "entry");
    gcc_jit_block *test = gcc_jit_function_new_block(g->fn, "test");
    gcc_jit_block *loop = gcc_jit_function_new_block(g->fn, "loop");
    gcc_jit_block *done = gcc_jit_function_new_block(g->fn, "done");
    gcc_jit_lvalue *j = gcc_jit_function_new_local(g->fn, NULL, g->u32, "j");
    g->j = gcc_jit_lvalue_as_rvalue(j);
    g->b = entry;
    for (int k = 0; k < 3; k++)
        g->times[k] = keep(g, gcc_jit_lvalue_as_rvalue(gcc_jit_context_new_array_access(
                                  c, NULL, gcc_jit_param_as_rvalue(params[4]), gcc_jit_context_new_rvalue_from_int(c, g->u32, k))));
    gcc_jit_block_add_assignment(entry, NULL, j, gcc_jit_context_zero(c, g->u32));
    gcc_jit_block_end_with_jump(entry, NULL, test);
    gcc_jit_block_end_with_conditional(
        test, NULL, gcc_jit_context_new_comparison(c, NULL, GCC_JIT_COMPARISON_LT, g->j, gcc_jit_param_as_rvalue(params[5])),
        loop, done);
    g->b = loop;
    body(g);
    gcc_jit_block_add_assignment_op(g->b, NULL, j, GCC_JIT_BINARY_OP_PLUS, gcc_jit_context_one(c, g->u32));
    gcc_jit_block_end_with_jump(g->b, NULL, test);
    gcc_jit_block_end_with_void_return(done, NULL);
    bool ok = !g->failed;
    free(g);
    free(loads);
    return ok;
}

#endif
