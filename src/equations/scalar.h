/*
 * scalar.h - a tree compiled for one value at a time (scalar.c): three-
 * address code over a small register file, for what is evaluated per
 * synapse and event (plasticity rules), where a block of 64 neurons does
 * not apply.  Registers 0 .. n_slots-1 are the inputs (slots), then the
 * constants (filled once), then the temporaries; every operand is a
 * register, so an instruction is one load-op-store with no test of where
 * its operands live.  Parameters are folded into constants before, so
 * `max(w_min, w - A (w_max - w_min) apost)` runs as three instructions.
 */
#ifndef AX_EQUATIONS_SCALAR_H
#define AX_EQUATIONS_SCALAR_H

#include "core/scalar_functions.h"
#include "equations/equations.h"

#define EQ_SCALAR_MAX_CODE 96
#define EQ_SCALAR_REGS 64

typedef struct eq_scalar_ins {
    uint8_t op;        /* enum eq_op (Q_NUM: a copy) */
    uint8_t dst, a, b, c;
    int16_t k;         /* Q_POWI */
} eq_scalar_ins;

typedef struct eq_scalar {
    eq_scalar_ins code[EQ_SCALAR_MAX_CODE];
    uint32_t n, n_slots, n_init, result;
    double init[EQ_SCALAR_REGS];   /* the constants, at [n_slots, n_init) */
} eq_scalar;

/* tree with every symbol s of slot[s] >= 0 read from input slot[s]
 * (< n_slots); 0, or -1 when the tree reads another symbol or is too
 * large. */
int eq_scalar_compile(const eq_model *m, int32_t tree, const int *slot, uint32_t n_slots, eq_scalar *out);

/* A register file for p: its constants in place (once; the caller keeps
 * one per program and thread). */
static inline void eq_scalar_prepare(const eq_scalar *p, double *regs)
{
    for (uint32_t k = p->n_slots; k < p->n_init; k++)
        regs[k] = p->init[k];
}

/* The tree's value, with the inputs written to r[0 .. n_slots) of a
 * register file that eq_scalar_prepare made. */
static inline double eq_scalar_eval(const eq_scalar *p, double *r)
{
    for (uint32_t i = 0; i < p->n; i++) {
        const eq_scalar_ins *x = &p->code[i];
        double a = r[x->a], b = r[x->b];
        double v;
        switch (x->op) {
        case Q_NUM: v = a; break;
        case Q_NEG: v = -a; break;
        case Q_ADD: v = a + b; break;
        case Q_SUB: v = a - b; break;
        case Q_MUL: v = a * b; break;
        case Q_DIV: v = a / b; break;
        case Q_MIN: v = f_min(a, b); break;
        case Q_MAX: v = f_max(a, b); break;
        case Q_POWI: v = f_powi(a, x->k); break;
        case Q_SELECT: v = a != 0.0 ? b : r[x->c]; break;
        default: v = eq_apply(x->op, x->k, a, b, 0.0); break;
        }
        r[x->dst] = v;
    }
    return r[p->result];
}

#endif
