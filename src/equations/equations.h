/*
 * equations.h - neuron models written as equations (ax_model_define_equations,
 * docs/equations.md): the text is parsed into expression trees over named
 * symbols, checked (names, units, finiteness, reachability of the
 * threshold), analysed (which variables form a linear system with constant
 * coefficients, which are conditionally linear), and, when a population
 * prepares, compiled into block programs for the population's parameters:
 * no compiler runs, and a changed equation costs a parse.
 *
 * Files:
 *   units.c    units as powers of mV, ms, nA, mM; parsing and printing
 *   text.c     messages, the node array, symbols, logical lines and positions
 *   parse.c    expressions -> trees (and functions), with line and column
 *              of every node
 *   statements.c  resets and receptors: assignments and if-blocks executed
 *              symbolically into one tree per assigned variable
 *   tree.c     building trees (folding constants), derivatives,
 *              substitution, linearity classes, scalar evaluation
 *   check.c    units of every node; values at the initial state
 *   define.c   the public ax_model_define_equations: symbols, tables,
 *              method choice, the model's doc
 *   linear.c   exact propagators of a linear system (matrix exponential)
 *   program.c  trees -> block programs; running them over 64 neurons
 *   prepare.c  prepare / release: propagators, programs, fast-path plans
 *   integrate.c  the integration methods over a block
 *   step.c     the update (prepared.h: what a population prepared;
 *              integrate.h: the methods' and programs' calls)
 *   fused.c    one-pass kernels; jit.c the step compiled by libgccjit
 */
#ifndef AX_EQUATIONS_H
#define AX_EQUATIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "axon.h"
#include "core/model_util.h"

#define EQ_MAX_SYMBOLS 256
#define EQ_MAX_STATES 32
#define EQ_MAX_PARAMS 96
#define EQ_MAX_NOISE 8
#define EQ_MAX_RECEPTORS 8
#define EQ_MAX_NAME 64
#define EQ_BLOCK 64          /* neurons per block of a program */
#define EQ_MAX_REGS 128      /* registers of a program */
#define EQ_MAX_TEXT 65536    /* characters of one field */
#define EQ_MAX_EXPANDED 20000   /* operations one expression may stand for, expanded */

/* ---------------------------------------------------------------- units */

/* A unit: powers of mV, ms, nA and mM, each doubled (so that half powers,
 * as the 1/sqrt(ms) of white noise, are integers).  nF = nA ms / mV and
 * uS = nA / mV, so axon's units need no scale factors.  `wild` marks a bare
 * number, which takes whatever unit its place needs. */
enum { EQ_DIM_MV, EQ_DIM_MS, EQ_DIM_NA, EQ_DIM_MM, EQ_N_DIMS };
typedef struct eq_unit {
    int8_t twice[EQ_N_DIMS];
    bool wild;
} eq_unit;

/* Parses "mV", "mV/ms", "uS", "1/ms", "nA*ms/mV", "mV^2", "1" or "".
 * Returns 0, or -1 with a message (naming axon's unit for "Hz", "s", ...). */
int eq_unit_parse(const char *text, eq_unit *u, char *msg, size_t len);
void eq_unit_format(eq_unit u, char *out, size_t len);
bool eq_unit_equal(eq_unit a, eq_unit b);
eq_unit eq_unit_mul(eq_unit a, eq_unit b);
eq_unit eq_unit_div(eq_unit a, eq_unit b);
eq_unit eq_unit_pow(eq_unit a, int twice_k);   /* a^(k/2) */
bool eq_unit_is_one(eq_unit u);
extern const eq_unit eq_unit_one, eq_unit_wild, eq_unit_ms, eq_unit_na;

/* ---------------------------------------------------------------- trees */

enum eq_op {
    /* leaves */
    Q_NUM, Q_SYM, Q_RAND,
    /* one operand */
    Q_NEG, Q_NOT, Q_EXP, Q_LOG, Q_SQRT, Q_TANH, Q_COSH, Q_SINH, Q_SIN, Q_COS, Q_ABS, Q_EXPREL, Q_FLOOR,
    Q_POWI,
    /* two operands */
    Q_ADD, Q_SUB, Q_MUL, Q_DIV, Q_POW, Q_MIN, Q_MAX, Q_VTRAP,
    Q_LT, Q_LE, Q_GT, Q_GE, Q_EQ, Q_NE, Q_AND, Q_OR,
    /* three */
    Q_SELECT,
    EQ_N_OPS
};
#define EQ_IS_LEAF(op) ((op) <= Q_RAND)
#define EQ_IS_UNARY(op) ((op) >= Q_NEG && (op) <= Q_POWI)
#define EQ_IS_BINARY(op) ((op) >= Q_ADD && (op) <= Q_OR)

typedef struct eq_node {
    uint8_t op;
    int16_t k;           /* Q_POWI: the exponent; Q_RAND: which call of rand() (its stream) */
    int32_t a, b, c;     /* operands (node indices), -1 when none */
    double value;        /* Q_NUM */
    uint32_t sym;        /* Q_SYM */
    uint16_t field;      /* where it was written (enum eq_field), for messages */
    uint32_t line, col;  /* 1-based; 0 for nodes made by the analysis */
} eq_node;

/* The fields of ax_equations, for messages: "equations:3:14". */
enum eq_field {
    F_NONE, F_PARAMETERS, F_STATE, F_EQUATIONS, F_THRESHOLD, F_RESET, F_REFRACTORY, F_RECEPTORS,
    F_FUNCTIONS, F_METHOD, F_RULE_PRE, F_RULE_POST, F_RULE_ON_PRE, F_RULE_ON_POST
};
extern const char *const eq_field_names[];

/* ---------------------------------------------------------------- symbols */

enum eq_kind {
    S_PARAM,      /* index: the model's parameter */
    S_STATE,      /* index: the model's state variable */
    S_ALG,        /* a named expression of the equations: def */
    S_CURRENT,    /* I_inj, nA: the injected current of the step */
    S_TIME,       /* t, ms */
    S_DT,         /* dt, ms */
    S_NOISE,      /* xi, xi_*: white noise, index: which */
    S_WEIGHT,     /* w in receptor statements: the summed weights */
    S_ARG,        /* an argument of a function being defined: index */
    S_CONST       /* pi: value */
};

typedef struct eq_symbol {
    char name[EQ_MAX_NAME + 1];
    uint8_t kind;
    bool unit_given;       /* S_ALG: the equation gave a unit */
    eq_unit unit;
    int32_t def;           /* S_ALG: its tree */
    uint32_t index;
    double value;          /* S_CONST; S_PARAM, S_STATE: the default */
    uint16_t field;        /* where it was defined */
    uint32_t line, col;
} eq_symbol;

/* A user function f(x, y) = body: its body refers to S_ARG symbols. */
typedef struct eq_function {
    char name[EQ_MAX_NAME + 1];
    uint32_t n_args;
    uint32_t arg_sym[8];
    int32_t body;
    uint32_t line;
} eq_function;

/* One state variable's equation dx/dt = f. */
typedef struct eq_ode {
    uint32_t sym;          /* the S_STATE symbol */
    int32_t rhs;           /* the whole right-hand side */
    int32_t det;           /* with every noise symbol 0 */
    int32_t noise[EQ_MAX_NOISE];   /* coefficient of noise k, -1 when none */
    bool unless_refractory;
    uint32_t line;
} eq_ode;

/* Assignments run together (reset, a receptor's input): the new value of
 * each assigned symbol as a tree of the values before. */
typedef struct eq_assign {
    uint32_t n;
    uint32_t sym[EQ_MAX_STATES];
    int32_t value[EQ_MAX_STATES];
} eq_assign;

enum eq_method {
    M_AUTO, M_EXACT, M_EXP_EULER, M_EULER, M_RK2, M_RK4, M_RK45, EQ_N_METHODS
};
extern const char *const eq_method_names[];

/* The model being defined, and afterwards its descriptor's impl. */
typedef struct eq_model {
    ax_model model;        /* first: the network frees through it */
    char *name, *doc;
    ax_param_info *params;
    ax_var_info *vars;
    ax_receptor_info *receptors;
    char *strings;         /* names, units and docs of the tables */
    size_t strings_len, strings_cap;

    eq_node *nodes;
    uint32_t n_nodes, cap_nodes;
    /* Walks of the shared trees mark nodes with a stamp (tree.c): changed
     * by walks through a const model, which is never shared between
     * threads while it is walked (definition, prepare). */
    uint32_t *visit;
    uint32_t stamp;
    eq_symbol *syms;
    uint32_t n_syms;
    eq_function *funcs;
    uint32_t n_funcs;
    uint32_t alg_order[EQ_MAX_SYMBOLS];   /* algebraic symbols in an order of definition */
    uint32_t n_alg;

    uint32_t n_params, n_states;          /* model's parameters and variables (refrac last) */
    uint32_t param_sym[EQ_MAX_PARAMS];
    uint32_t state_sym[EQ_MAX_STATES];
    eq_ode odes[EQ_MAX_STATES];
    uint32_t n_odes;
    uint32_t n_noise;

    int32_t threshold;     /* -1: never fires */
    bool crossing;         /* fire only when the threshold becomes true */
    eq_assign reset;
    int32_t refractory;    /* ms, an expression of parameters; -1: none */
    int32_t refrac_state;  /* the state index of refrac, -1 */

    uint32_t n_receptors;
    eq_assign receptor[EQ_MAX_RECEPTORS];

    uint32_t n_rand;       /* calls of rand() so far: each its own stream */
    bool no_rand;          /* rand() refused (plasticity rules) */
    uint8_t method;        /* as asked */
    /* The analysis: per ODE, whether it is in the exact linear set, and
     * the method of the others. */
    bool exact[EQ_MAX_STATES];
    uint8_t rest_method;
    /* Exact set: the trees of A (row, column over the exact set) and the
     * constant and I_inj columns; -1 where zero. */
    uint32_t n_exact;
    uint32_t exact_ode[EQ_MAX_STATES];
    int32_t lin_a[EQ_MAX_STATES][EQ_MAX_STATES];
    int32_t lin_b[EQ_MAX_STATES], lin_i[EQ_MAX_STATES];
    /* Exponential Euler: f = A x + B per ODE of the rest */
    int32_t ee_a[EQ_MAX_STATES], ee_b[EQ_MAX_STATES];
    char method_text[512];   /* how each variable is integrated, for the doc */
} eq_model;

/* Messages: "field:line:col: what". */
int eq_fail(eq_model *m, char *msg, size_t len, uint16_t field, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* ---------------------------------------------------------------- text.c, parse.c, statements.c */

static inline int eq_is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static inline int eq_is_digit(char c) { return c >= '0' && c <= '9'; }
static inline int eq_is_name_char(char c) { return eq_is_name_start(c) || eq_is_digit(c); }

/* ", did you mean" and the list of the known names, for a message. */
void eq_names_list(const eq_model *m, const char *word, char *out, size_t len);

int32_t eq_add_node(eq_model *m, eq_node n);
/* Symbol lookup; -1 when unknown. */
int32_t eq_find_symbol(const eq_model *m, const char *name);
int32_t eq_find_function(const eq_model *m, const char *name);

/* Parses one expression of `text` (a field's whole text or a part of a
 * line) starting at line/col; -1 with msg on an error.  In receptor
 * statements `w` is known; in function bodies the arguments. */
typedef struct eq_src {
    uint16_t field;
    const char *text;      /* the logical line */
    uint32_t line;         /* of its first character */
    const uint32_t *breaks;/* offsets where a continued line starts */
    uint32_t n_breaks;
    uint32_t first_line_col; /* column of text[0] on its line (1-based) */
} eq_src;

int32_t eq_parse_expression(eq_model *m, const eq_src *src, const char *text_at, const char **end, char *msg,
                            size_t len);

/* Splits a field into logical lines (continued while parentheses are open
 * or a line ends with an operator), calling fn(line) for each non-empty
 * one, comments stripped.  Returns fn's first non-zero result. */
typedef int (*eq_line_fn)(eq_model *m, const eq_src *line, void *ctx, char *msg, size_t len);
int eq_each_line(eq_model *m, uint16_t field, const char *text, eq_line_fn fn, void *ctx, char *msg, size_t len);

/* Column of a pointer into a logical line, and its physical line. */
void eq_where(const eq_src *src, const char *at, uint32_t *line, uint32_t *col);
/* The name that starts a logical line (after white space): *name at it,
 * *n its length (0 where the line does not start with a name), its
 * position; returns the text after it. */
const char *eq_leading_name(const eq_src *src, const char **name, size_t *n, uint32_t *line, uint32_t *col);

/* Statements of reset, receptors and if-blocks into assignments. */
int eq_parse_statements(eq_model *m, uint16_t field, const char *text, eq_assign *out, bool receptor, char *msg,
                        size_t len);
/* The same for the statements of one logical line (src->text). */
int eq_parse_statement_line(eq_model *m, const eq_src *src, eq_assign *out, bool receptor, char *msg, size_t len);
/* f(x, y) = body at `at` of a line. */
int eq_parse_function(eq_model *m, const eq_src *src, const char *at, char *msg, size_t len);
/* Only blanks may follow `at` (or a character of `allowed`). */
int eq_expect_end(eq_model *m, const eq_src *src, const char *at, const char *allowed, char *msg, size_t len);

/* ------------------------------------------- analyze.c, prepare.c, step.c */

/* The integration chosen from the equations (method_text says it). */
int eq_analyze(eq_model *m, char *msg, size_t len);
/* Every right side, named expression and the threshold finite at the
 * defaults and initial state. */
int eq_check_initial(eq_model *m, char *msg, size_t len);
/* The model's prepare, release and update (ax_model's functions). */
int eq_prepare(const ax_population_view *p, void **data, char *msg, size_t len);
void eq_release(void *data);
void eq_update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step);

/* ---------------------------------------------------------------- check.c */

/* The unit of a tree (checking every operation on the way). */
int eq_unit_of(eq_model *m, int32_t tree, eq_unit *out, char *msg, size_t len);
/* The tree has unit `want` (or is wild); `what` names it in the message. */
int eq_expect_unit(eq_model *m, int32_t tree, eq_unit want, const char *what, char *msg, size_t len);

/* ---------------------------------------------------------------- tree.c */

/* The scalar value of an operation (folding, eq_eval, programs). */
double eq_apply(uint8_t op, int k, double a, double b, double c);

int32_t eq_num(eq_model *m, double x);
int32_t eq_sym(eq_model *m, uint32_t sym);
/* An operation node with folding (constants, x + 0, x * 1, x * 0, ...);
 * position copied from `where` (a node, or -1). */
int32_t eq_make(eq_model *m, uint8_t op, int32_t a, int32_t b, int32_t c, int32_t where);
/* d tree / d sym, following algebraic symbols that depend on sym. */
int32_t eq_derivative(eq_model *m, int32_t tree, uint32_t sym);
/* tree with symbol sym replaced by the tree `by`. */
int32_t eq_substitute(eq_model *m, int32_t tree, uint32_t sym, int32_t by);
/* Whether tree depends on sym (through algebraic symbols too). */
bool eq_depends(const eq_model *m, int32_t tree, uint32_t sym);
/* 1 when the tree stands for more than EQ_MAX_EXPANDED operations once
 * expanded (a chain of statements or functions that doubles it at each
 * step; named expressions followed when follow_alg), 0 if not, -1 when
 * out of memory. */
int eq_too_large(const eq_model *m, int32_t tree, bool follow_alg);
/* Whether tree depends on any state, the current, time or noise (through
 * algebraic symbols too): false for expressions of parameters and dt. */
bool eq_varies(const eq_model *m, int32_t tree);
/* Linearity class of a tree in the symbols marked in `in` (indexed by
 * symbol): 0 constant (no marked symbol, nothing varying unless `others_const`),
 * 1 affine in the marked symbols with constant coefficients, 2 otherwise. */
int eq_linear_class(const eq_model *m, int32_t tree, const bool *in, bool others_const);
/* Value with symbol s worth values[s] (algebraic symbols evaluated). */
double eq_eval(const eq_model *m, int32_t tree, const double *values);

#endif
