/*
 * program.h - block programs of equation models (program.c): trees
 * compiled for one population into code for a register machine over
 * blocks of EQ_BLOCK neurons.
 */
#ifndef AX_EQUATIONS_PROGRAM_H
#define AX_EQUATIONS_PROGRAM_H

#include "equations/equations.h"

#define EQ_MAX_OUTPUTS 64
/* The scalars a program reads: [0] t; rand()'s key: [1] the step, [2] the
 * block's first global id, [3], [4] the seed's low and high 32 bits. */
#define EQ_SCALARS 5
#define EQ_MAX_DERIVED 32

/* Operands: a register, a constant, ptr[index] (one value per neuron of
 * the block, set by the caller before each run), scalars[index]. */
enum { EQ_K_NONE, EQ_K_REG, EQ_K_CONST, EQ_K_PTR, EQ_K_SCALAR };

typedef struct eq_operand {
    uint8_t kind;
    uint16_t index;
} eq_operand;

typedef struct eq_instr {
    uint8_t op;          /* enum eq_op; Q_NUM: a copy */
    uint16_t dst;
    int16_t k;           /* Q_POWI */
    eq_operand a, b, c;
} eq_instr;

typedef struct eq_program {
    eq_instr *code;
    uint32_t n_code, cap_code;
    double *pool;
    uint32_t n_pool, cap_pool;
    uint32_t n_regs;
    uint32_t n_out;
    uint16_t out[EQ_MAX_OUTPUTS];         /* the register of each output */
    uint32_t n_derived;                   /* arrays of parameter expressions, per neuron */
    double *derived[EQ_MAX_DERIVED];
    int32_t derived_tree[EQ_MAX_DERIVED];
} eq_program;

/* How a program reads symbols: sym[s] when set (kind != EQ_K_NONE), else
 * parameters as constants (uniform) or ptr[param_slot + index], dt and pi
 * as constants; arrays of parameter expressions at ptr[derived_slot + d]. */
typedef struct eq_compile_env {
    const ax_population_view *p;
    eq_operand sym[EQ_MAX_SYMBOLS];
    uint16_t param_slot, derived_slot;
} eq_compile_env;

/* Compiles trees[0 .. n) as the program's outputs; NULL with msg. */
eq_program *eq_program_compile(const eq_model *m, const eq_compile_env *env, const int32_t *trees, uint32_t n,
                               char *msg, size_t len);
void eq_program_free(eq_program *pr);

/* Runs over n <= EQ_BLOCK neurons; output k is then regs[pr->out[k]]. */
void eq_program_run(const eq_program *pr, const double *const *ptr, const double *scalars, uint32_t n,
                    double (*regs)[EQ_BLOCK]);

/* Exact propagators of dx/dt = A x + b + c I over h (linear.c): P (n x n),
 * q, r, all row-major. */
void eq_propagators(uint32_t n, const double *a, const double *b, const double *c, double h, double *p, double *q,
                    double *r);

#endif
