/*
 * tree.c - building and transforming the expression trees of equation
 * models: nodes with folding of constants and of the identities that
 * derivatives produce (x + 0, x * 1, x * 0), symbolic derivatives (for the
 * linear systems' coefficients and exponential Euler), substitution, and
 * the questions the analysis asks (what a tree depends on, whether it is
 * linear).  Nodes live in one array of the model; trees share subtrees.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/scalar_functions.h"
#include "equations/equations.h"

#define MAX_POWI 64

/* The scalar value of an operation: folding, eq_eval and (the same
 * functions) the block programs. */
double eq_apply(uint8_t op, int k, double a, double b, double c)
{
    switch (op) {
    case Q_NEG: return -a;
    case Q_NOT: return a == 0.0 ? 1.0 : 0.0;
    case Q_EXP: return f_exp(a);
    case Q_LOG: return f_log(a);
    case Q_SQRT: return f_sqrt(a);
    case Q_TANH: return f_tanh(a);
    case Q_COSH: return f_cosh(a);
    case Q_SINH: return 0.5 * (f_exp(a) - f_exp(-a));
    case Q_SIN: return sin(a);
    case Q_COS: return cos(a);
    case Q_ABS: return f_abs(a);
    case Q_EXPREL: return f_exprel(a);
    case Q_FLOOR: return floor(a);
    case Q_POWI: return f_powi(a, k);
    case Q_ADD: return a + b;
    case Q_SUB: return a - b;
    case Q_MUL: return a * b;
    case Q_DIV: return a / b;
    case Q_POW: return f_pow(a, b);
    case Q_MIN: return f_min(a, b);
    case Q_MAX: return f_max(a, b);
    case Q_VTRAP: return f_vtrap(a, b);
    case Q_LT: return a < b;
    case Q_LE: return a <= b;
    case Q_GT: return a > b;
    case Q_GE: return a >= b;
    case Q_EQ: return a == b;
    case Q_NE: return a != b;
    case Q_AND: return (a != 0.0) && (b != 0.0);
    case Q_OR: return (a != 0.0) || (b != 0.0);
    case Q_SELECT: return a != 0.0 ? b : c;
    default: return NAN;
    }
}

int32_t eq_num(eq_model *m, double x)
{
    return eq_add_node(m, (eq_node){.op = Q_NUM, .a = -1, .b = -1, .c = -1, .value = x});
}

int32_t eq_sym(eq_model *m, uint32_t sym)
{
    return eq_add_node(m, (eq_node){.op = Q_SYM, .a = -1, .b = -1, .c = -1, .sym = sym});
}

static bool is_num(const eq_model *m, int32_t i, double x)
{
    return m->nodes[i].op == Q_NUM && m->nodes[i].value == x;
}

static int32_t with_place(eq_model *m, eq_node n, int32_t where)
{
    if (where >= 0) {
        n.field = m->nodes[where].field;
        n.line = m->nodes[where].line;
        n.col = m->nodes[where].col;
    }
    return eq_add_node(m, n);
}

int32_t eq_make(eq_model *m, uint8_t op, int32_t a, int32_t b, int32_t c, int32_t where)
{
    if (a < 0)
        return a;
    if (!EQ_IS_UNARY(op) && b < 0)
        return b;
    if (op == Q_SELECT && c < 0)
        return c;
    const eq_node *na = &m->nodes[a];
    if (op == Q_POW && m->nodes[b].op == Q_NUM) {
        double e = m->nodes[b].value;
        if (e == floor(e) && fabs(e) <= MAX_POWI) {
            if (na->op == Q_NUM)
                return with_place(m, (eq_node){.op = Q_NUM, .a = -1, .b = -1, .c = -1,
                                               .value = f_powi(na->value, (int)e)}, where);
            if (e == 1.0)
                return a;
            return with_place(m, (eq_node){.op = Q_POWI, .k = (int16_t)e, .a = a, .b = -1, .c = -1}, where);
        }
    }
    bool all_const = na->op == Q_NUM && (EQ_IS_UNARY(op) || m->nodes[b].op == Q_NUM) &&
                     (op != Q_SELECT || m->nodes[c].op == Q_NUM);
    if (all_const)
        return with_place(m, (eq_node){.op = Q_NUM, .a = -1, .b = -1, .c = -1,
                                       .value = eq_apply(op, 0, na->value, EQ_IS_UNARY(op) ? 0 : m->nodes[b].value,
                                                         op == Q_SELECT ? m->nodes[c].value : 0)}, where);
    /* identities that keep derivatives small; none changes a value (x + 0
     * is x for every x but -0, whose sign no later operation of a model
     * can tell apart in a way that matters) */
    switch (op) {
    case Q_ADD:
        if (is_num(m, a, 0.0)) return b;
        if (is_num(m, b, 0.0)) return a;
        break;
    case Q_SUB:
        if (is_num(m, b, 0.0)) return a;
        if (is_num(m, a, 0.0)) return eq_make(m, Q_NEG, b, -1, -1, where);
        break;
    case Q_MUL:
        if (is_num(m, a, 0.0) || is_num(m, b, 0.0)) return eq_num(m, 0.0);
        if (is_num(m, a, 1.0)) return b;
        if (is_num(m, b, 1.0)) return a;
        break;
    case Q_DIV:
        if (is_num(m, a, 0.0)) return eq_num(m, 0.0);
        if (is_num(m, b, 1.0)) return a;
        break;
    case Q_NEG:
        if (na->op == Q_NEG) return na->a;
        break;
    case Q_SELECT:
        if (na->op == Q_NUM) return na->value != 0.0 ? b : c;
        if (b == c) return b;
        break;
    default:
        break;
    }
    return with_place(m, (eq_node){.op = op, .a = a, .b = EQ_IS_UNARY(op) ? -1 : b, .c = op == Q_SELECT ? c : -1},
                      where);
}

/* Trees share subtrees (resets and functions substitute a subtree into
 * several places), so a walk marks the nodes it has seen with a stamp:
 * linear in the shared graph, not in the tree it stands for. */
static bool depends(eq_model *m, int32_t tree, uint32_t sym, uint32_t stamp)
{
    if (m->visit[tree] == stamp)
        return false;   /* seen, and sym was not below */
    m->visit[tree] = stamp;
    const eq_node *n = &m->nodes[tree];
    switch (n->op) {
    case Q_NUM: case Q_RAND: return false;
    case Q_SYM:
        if (n->sym == sym)
            return true;
        return m->syms[n->sym].kind == S_ALG && m->syms[n->sym].def >= 0 &&
               depends(m, m->syms[n->sym].def, sym, stamp);
    default:
        return depends(m, n->a, sym, stamp) || (n->b >= 0 && depends(m, n->b, sym, stamp)) ||
               (n->c >= 0 && depends(m, n->c, sym, stamp));
    }
}

static uint32_t new_stamp(eq_model *m)
{
    if (++m->stamp == 0) {
        memset(m->visit, 0, m->cap_nodes * sizeof *m->visit);
        m->stamp = 1;
    }
    return m->stamp;
}

bool eq_depends(const eq_model *cm, int32_t tree, uint32_t sym)
{
    eq_model *m = (eq_model *)cm;   /* the stamps only: see equations.h */
    return depends(m, tree, sym, new_stamp(m));
}

/* The number of operations a tree stands for, expanded (named expressions
 * followed when follow_alg), counted once per shared node through a memo;
 * saturates above limit. */
static uint64_t expanded(eq_model *m, int32_t tree, bool follow_alg, uint64_t limit, uint32_t stamp, uint64_t *memo)
{
    if (m->visit[tree] == stamp)
        return memo[tree];
    const eq_node *n = &m->nodes[tree];
    uint64_t size = 1;
    if (n->op == Q_SYM) {
        const eq_symbol *s = &m->syms[n->sym];
        if (follow_alg && s->kind == S_ALG && s->def >= 0)
            size += expanded(m, s->def, follow_alg, limit, stamp, memo);
    } else if (n->op != Q_NUM && n->op != Q_RAND) {
        size += expanded(m, n->a, follow_alg, limit, stamp, memo);
        if (n->b >= 0)
            size += expanded(m, n->b, follow_alg, limit, stamp, memo);
        if (n->c >= 0)
            size += expanded(m, n->c, follow_alg, limit, stamp, memo);
    }
    size = size > limit ? limit + 1 : size;
    m->visit[tree] = stamp;
    memo[tree] = size;
    return size;
}

int eq_too_large(const eq_model *cm, int32_t tree, bool follow_alg)
{
    eq_model *m = (eq_model *)cm;
    uint64_t *memo = malloc(m->n_nodes * sizeof *memo);
    if (!memo)
        return -1;
    uint64_t size = expanded(m, tree, follow_alg, EQ_MAX_EXPANDED, new_stamp(m), memo);
    free(memo);
    return size > EQ_MAX_EXPANDED;
}

bool eq_varies(const eq_model *m, int32_t tree)
{
    const eq_node *n = &m->nodes[tree];
    if (n->op == Q_NUM)
        return false;
    if (n->op == Q_RAND)
        return true;
    if (n->op == Q_SYM) {
        const eq_symbol *s = &m->syms[n->sym];
        if (s->kind == S_ALG)
            return s->def >= 0 && eq_varies(m, s->def);
        return s->kind != S_PARAM && s->kind != S_DT && s->kind != S_CONST;
    }
    return eq_varies(m, n->a) || (n->b >= 0 && eq_varies(m, n->b)) || (n->c >= 0 && eq_varies(m, n->c));
}

int32_t eq_substitute(eq_model *m, int32_t tree, uint32_t sym, int32_t by)
{
    if (tree < 0)
        return tree;
    if (!eq_depends(m, tree, sym))
        return tree;
    eq_node n = m->nodes[tree];
    if (n.op == Q_SYM) {
        if (n.sym == sym)
            return by;
        /* an algebraic symbol that depends on sym: its definition, inlined */
        return eq_substitute(m, m->syms[n.sym].def, sym, by);
    }
    int32_t a = eq_substitute(m, n.a, sym, by);
    int32_t b = n.b >= 0 ? eq_substitute(m, n.b, sym, by) : -1;
    int32_t c = n.c >= 0 ? eq_substitute(m, n.c, sym, by) : -1;
    if (a < 0 || (n.b >= 0 && b < 0) || (n.c >= 0 && c < 0))
        return -2;
    if (n.op == Q_POWI) {
        int32_t r = eq_make(m, Q_POW, a, eq_num(m, n.k), -1, tree);
        return r;
    }
    return eq_make(m, n.op, a, b, c, tree);
}

/* Shorthands for the derivative rules. */
#define MK(op, x, y) eq_make(m, op, x, y, -1, -1)
#define NUM(x) eq_num(m, x)

int32_t eq_derivative(eq_model *m, int32_t tree, uint32_t sym)
{
    if (tree < 0)
        return tree;
    if (!eq_depends(m, tree, sym))
        return NUM(0.0);
    const eq_node n = m->nodes[tree];
    if (n.op == Q_SYM)
        return n.sym == sym ? NUM(1.0) : eq_derivative(m, m->syms[n.sym].def, sym);
    int32_t a = n.a, b = n.b;
    int32_t da = eq_derivative(m, a, sym);
    int32_t db = b >= 0 ? eq_derivative(m, b, sym) : -1;
    if (da < 0 || (b >= 0 && db < 0))
        return -2;
    switch (n.op) {
    case Q_NEG: return MK(Q_NEG, da, -1);
    case Q_ADD: return MK(Q_ADD, da, db);
    case Q_SUB: return MK(Q_SUB, da, db);
    case Q_MUL: return MK(Q_ADD, MK(Q_MUL, da, b), MK(Q_MUL, a, db));
    case Q_DIV:
        /* (da b - a db) / b^2, written so that a constant divisor stays a division */
        if (!eq_depends(m, b, sym))
            return MK(Q_DIV, da, b);
        return MK(Q_DIV, MK(Q_SUB, MK(Q_MUL, da, b), MK(Q_MUL, a, db)), MK(Q_MUL, b, b));
    case Q_EXP: return MK(Q_MUL, da, tree);
    case Q_LOG: return MK(Q_DIV, da, a);
    case Q_SQRT: return MK(Q_DIV, da, MK(Q_MUL, NUM(2.0), tree));
    case Q_TANH: return MK(Q_MUL, da, MK(Q_SUB, NUM(1.0), MK(Q_MUL, tree, tree)));
    case Q_COSH: return MK(Q_MUL, da, eq_make(m, Q_SINH, a, -1, -1, -1));
    case Q_SINH: return MK(Q_MUL, da, eq_make(m, Q_COSH, a, -1, -1, -1));
    case Q_SIN: return MK(Q_MUL, da, eq_make(m, Q_COS, a, -1, -1, -1));
    case Q_COS: return MK(Q_NEG, MK(Q_MUL, da, eq_make(m, Q_SIN, a, -1, -1, -1)), -1);
    case Q_ABS:
        return MK(Q_MUL, da, eq_make(m, Q_SELECT, MK(Q_LT, a, NUM(0.0)), NUM(-1.0), NUM(1.0), -1));
    case Q_POWI:
        return MK(Q_MUL, da, MK(Q_MUL, NUM(n.k), MK(Q_POW, a, NUM(n.k - 1))));
    case Q_POW:
        if (!eq_depends(m, b, sym))
            return MK(Q_MUL, da, MK(Q_MUL, b, MK(Q_POW, a, MK(Q_SUB, b, NUM(1.0)))));
        return MK(Q_MUL, tree, MK(Q_ADD, MK(Q_MUL, db, eq_make(m, Q_LOG, a, -1, -1, -1)),
                                  MK(Q_DIV, MK(Q_MUL, b, da), a)));
    case Q_MIN: case Q_MAX:
        return eq_make(m, Q_SELECT, MK(n.op == Q_MIN ? Q_LT : Q_GT, a, b), da, db, -1);
    case Q_SELECT: {
        int32_t dc = eq_derivative(m, n.c, sym);
        return eq_make(m, Q_SELECT, a, db, dc, -1);
    }
    case Q_EXPREL: {
        /* d/dx (e^x - 1)/x = (x e^x - e^x + 1) / x^2 = (e^x - exprel(x)) / x; at 0: 1/2 */
        int32_t e = eq_make(m, Q_EXP, a, -1, -1, -1);
        int32_t q = MK(Q_DIV, MK(Q_SUB, e, tree), a);
        return MK(Q_MUL, da, eq_make(m, Q_SELECT, MK(Q_EQ, a, NUM(0.0)), NUM(0.5), q, -1));
    }
    case Q_VTRAP: {
        /* vtrap(x, y) = y z / (e^z - 1), z = x / y: derivative by z of g(z) = z/(e^z-1) is
         * (e^z - 1 - z e^z) / (e^z - 1)^2 = g(z) (1/z - e^z/(e^z - 1)); written through g
         * and continued by -1/2 at z = 0 */
        int32_t z = MK(Q_DIV, a, b);
        int32_t g = MK(Q_DIV, tree, b);
        int32_t ez = eq_make(m, Q_EXP, z, -1, -1, -1);
        int32_t dg = MK(Q_MUL, g, MK(Q_SUB, MK(Q_DIV, NUM(1.0), z), MK(Q_DIV, ez, MK(Q_SUB, ez, NUM(1.0)))));
        dg = eq_make(m, Q_SELECT, MK(Q_EQ, z, NUM(0.0)), NUM(-0.5), dg, -1);
        int32_t dz = MK(Q_DIV, MK(Q_SUB, MK(Q_MUL, da, b), MK(Q_MUL, a, db)), MK(Q_MUL, b, b));
        return MK(Q_ADD, MK(Q_MUL, db, g), MK(Q_MUL, b, MK(Q_MUL, dg, dz)));
    }
    default:
        /* comparisons, logic, floor: piecewise constant */
        return NUM(0.0);
    }
}

/* Linearity classes: 0 no marked symbol (and constant unless others_const),
 * 1 affine in the marked symbols with constant coefficients, 2 otherwise. */
int eq_linear_class(const eq_model *m, int32_t tree, const bool *in, bool others_const)
{
    const eq_node *n = &m->nodes[tree];
    if (n->op == Q_NUM)
        return 0;
    if (n->op == Q_RAND)
        return others_const ? 0 : 2;
    if (n->op == Q_SYM) {
        const eq_symbol *s = &m->syms[n->sym];
        if (in[n->sym])
            return 1;
        if (s->kind == S_ALG)
            return eq_linear_class(m, s->def, in, others_const);
        if (s->kind == S_PARAM || s->kind == S_DT || s->kind == S_CONST)
            return 0;
        return others_const ? 0 : 2;
    }
    int ca = eq_linear_class(m, n->a, in, others_const);
    int cb = n->b >= 0 ? eq_linear_class(m, n->b, in, others_const) : 0;
    int cc = n->c >= 0 ? eq_linear_class(m, n->c, in, others_const) : 0;
    int worst = ca > cb ? ca : cb;
    worst = worst > cc ? worst : cc;
    switch (n->op) {
    case Q_NEG: return ca;
    case Q_ADD: case Q_SUB: return worst;
    case Q_MUL: return ca && cb ? 2 : worst;
    case Q_DIV: return cb ? 2 : ca;
    case Q_POWI: return ca == 0 ? 0 : (n->k == 1 ? ca : 2);
    default: return worst ? 2 : 0;
    }
}

double eq_eval(const eq_model *m, int32_t tree, const double *values)
{
    const eq_node *n = &m->nodes[tree];
    switch (n->op) {
    case Q_NUM: return n->value;
    case Q_RAND: return 0.5;   /* the checks at the initial state: a value it takes */
    case Q_SYM:
        if (m->syms[n->sym].kind == S_ALG && m->syms[n->sym].def >= 0)
            return eq_eval(m, m->syms[n->sym].def, values);
        return values[n->sym];
    default: {
        double a = eq_eval(m, n->a, values);
        double b = n->b >= 0 ? eq_eval(m, n->b, values) : 0.0;
        double c = n->c >= 0 ? eq_eval(m, n->c, values) : 0.0;
        return eq_apply(n->op, n->k, a, b, c);
    }
    }
}
