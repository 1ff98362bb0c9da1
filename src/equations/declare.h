/*
 * declare.h - declarations of equation models (declare.c): the lines of
 * parameters and state, and what define.c and rule.c share with them
 * (symbols, the strings of the tables, "EXPR : UNIT" with bounds or
 * "(unless refractory)", new names).
 */
#ifndef AX_EQUATIONS_DECLARE_H
#define AX_EQUATIONS_DECLARE_H

#include "equations/equations.h"

/* The bounds "(> 0)", "(>= 0, <= 1)" of a parameter. */
typedef struct bounds {
    double min, max;
    unsigned flags;      /* AX_PARAM_GT_MIN, AX_PARAM_LT_MAX */
} bounds;

/* One line of parameters or state: NAME = VALUE [: UNIT] [# doc]. */
typedef struct decl_ctx {
    uint8_t kind;
    size_t doc_off[EQ_MAX_SYMBOLS], unit_off[EQ_MAX_SYMBOLS];
    const char *field_text;   /* the original text, for the comments */
    double bounds[EQ_MAX_PARAMS][2];
    unsigned bound_flags[EQ_MAX_PARAMS];
} decl_ctx;

int32_t eq_add_symbol(eq_model *m, const char *name, size_t n, uint8_t kind, eq_unit unit);
/* Keeps text in the model's string buffer: its offset ((size_t)-1: out
 * of memory); pointers are taken once the buffer stops growing. */
size_t eq_keep_string(eq_model *m, const char *text);
/* The top-level ':' that starts a unit, or NULL. */
const char *eq_unit_part(const char *at);
/* The expression from `at` up to `colon` (NULL: the line's end); -1 with msg. */
int32_t eq_expression_before(eq_model *m, const eq_src *src, const char *at, const char *colon, char *msg,
                             size_t len);
/* ": UNIT" at colon (NULL: dimensionless), then "(BOUNDS)" when b or
 * "(unless refractory)" when unless. */
int eq_parse_unit_suffix(eq_model *m, const eq_src *src, const char *colon, eq_unit *u, bool *unless, bounds *b,
                         char *msg, size_t len);
/* A new name: not reserved, not a function, not defined yet. */
int eq_check_new_name(eq_model *m, const eq_src *src, const char *at, const char *name, char *msg, size_t len);
/* eq_each_line's callback for parameters and state (ctx: a decl_ctx). */
int eq_declaration(eq_model *m, const eq_src *src, void *vctx, char *msg, size_t len);
/* The parameters of a plasticity rule (rule.c): m->params (EQ_MAX_PARAMS
 * entries) filled as a model's. */
int eq_declare_parameters(eq_model *m, const char *text, char *msg, size_t len);

#endif
