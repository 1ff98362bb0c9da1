/*
 * check.c - the units of an equation model's expressions.  Every symbol
 * has a unit (parameters and state as declared, I_inj nA, t and dt ms,
 * noise 1/sqrt(ms), a named expression that of its definition); a bare
 * number takes whatever unit its place needs ("wild"), so that
 * 0.04 * v^2 + 5 * v + 140 needs no unit constants, while a sum of a
 * voltage and a current, or exp of a voltage, is refused at the column of
 * the operator.
 */
#include <stdio.h>
#include <string.h>

#include "equations/equations.h"

static int mismatch(eq_model *m, int32_t at, char *msg, size_t len, const char *what, eq_unit a, eq_unit b)
{
    char ua[64], ub[64];
    eq_unit_format(a, ua, sizeof ua);
    eq_unit_format(b, ub, sizeof ub);
    const eq_node *n = &m->nodes[at];
    return eq_fail(m, msg, len, n->field, n->line, n->col, "unit mismatch: %s %s and %s", what, ua, ub);
}

static const char *op_text(uint8_t op)
{
    switch (op) {
    case Q_ADD: return "'+' adds";
    case Q_SUB: return "'-' subtracts";
    case Q_MIN: return "min() compares";
    case Q_MAX: return "max() compares";
    case Q_VTRAP: return "vtrap() takes";
    case Q_SELECT: return "if() chooses between";
    default: return "the comparison compares";
    }
}

/* Both the same unit, or one wild: the result is the known one. */
static int same(eq_model *m, int32_t at, eq_unit a, eq_unit b, eq_unit *out, char *msg, size_t len)
{
    if (a.wild) {
        *out = b;
        return 0;
    }
    if (b.wild || eq_unit_equal(a, b)) {
        *out = a;
        return 0;
    }
    return mismatch(m, at, msg, len, op_text(m->nodes[at].op), a, b);
}

static int dimensionless(eq_model *m, int32_t at, eq_unit a, const char *fn, char *msg, size_t len)
{
    if (a.wild || eq_unit_is_one(a))
        return 0;
    char ua[64];
    eq_unit_format(a, ua, sizeof ua);
    const eq_node *n = &m->nodes[at];
    return eq_fail(m, msg, len, n->field, n->line, n->col, "unit mismatch: %s of a value in %s (its argument "
                   "must be a pure number: divide by a quantity of the same unit)", fn, ua);
}

int eq_unit_of(eq_model *m, int32_t tree, eq_unit *out, char *msg, size_t len)
{
    const eq_node *n = &m->nodes[tree];
    if (n->op == Q_NUM) {
        *out = eq_unit_wild;
        return 0;
    }
    if (n->op == Q_RAND) {
        *out = eq_unit_one;
        return 0;
    }
    if (n->op == Q_SYM) {
        *out = m->syms[n->sym].unit;
        return 0;
    }
    eq_unit a, b = eq_unit_wild, c = eq_unit_wild;
    if (eq_unit_of(m, n->a, &a, msg, len) || (n->b >= 0 && eq_unit_of(m, n->b, &b, msg, len)) ||
        (n->c >= 0 && eq_unit_of(m, n->c, &c, msg, len)))
        return -1;
    static const char *const names[EQ_N_OPS] = {
        [Q_EXP] = "exp", [Q_LOG] = "log", [Q_TANH] = "tanh", [Q_COSH] = "cosh", [Q_SINH] = "sinh",
        [Q_SIN] = "sin", [Q_COS] = "cos", [Q_EXPREL] = "exprel", [Q_FLOOR] = "floor", [Q_NOT] = "not",
        [Q_AND] = "and", [Q_OR] = "or"};
    switch (n->op) {
    case Q_NEG: case Q_ABS:
        *out = a;
        return 0;
    case Q_SQRT:
        *out = eq_unit_pow(a, 1);
        for (int d = 0; d < EQ_N_DIMS && !a.wild; d++)
            if (a.twice[d] % 2)
                return dimensionless(m, tree, a, "sqrt", msg, len);
        return 0;
    case Q_POWI:
        *out = eq_unit_pow(a, 2 * n->k);
        return 0;
    case Q_POW:
        /* a non-constant or fractional exponent needs a pure number */
        if (dimensionless(m, n->b, b, "the exponent", msg, len))
            return -1;
        if (m->nodes[n->b].op == Q_NUM && m->nodes[n->b].value * 2 == (int)(m->nodes[n->b].value * 2)) {
            *out = eq_unit_pow(a, (int)(m->nodes[n->b].value * 2));
            return 0;
        }
        *out = a.wild ? eq_unit_wild : eq_unit_one;
        return dimensionless(m, tree, a, "a power with a variable exponent", msg, len);
    case Q_MUL:
        *out = eq_unit_mul(a, b);
        return 0;
    case Q_DIV:
        *out = eq_unit_div(a, b);
        return 0;
    case Q_ADD: case Q_SUB: case Q_MIN: case Q_MAX:
        return same(m, tree, a, b, out, msg, len);
    case Q_VTRAP:
        return same(m, tree, a, b, out, msg, len);
    case Q_LT: case Q_LE: case Q_GT: case Q_GE: case Q_EQ: case Q_NE:
        if (same(m, tree, a, b, out, msg, len))
            return -1;
        *out = eq_unit_one;
        return 0;
    case Q_SELECT:
        return same(m, tree, b, c, out, msg, len);
    default:
        /* functions of a pure number, and logic */
        if (dimensionless(m, tree, a, names[n->op] ? names[n->op] : "a function", msg, len) ||
            (n->b >= 0 && dimensionless(m, tree, b, names[n->op] ? names[n->op] : "a function", msg, len)))
            return -1;
        *out = eq_unit_one;
        return 0;
    }
}

/* The tree has unit `want` (or is wild); `what` names it in the message. */
int eq_expect_unit(eq_model *m, int32_t tree, eq_unit want, const char *what, char *msg, size_t len)
{
    eq_unit u;
    if (eq_unit_of(m, tree, &u, msg, len))
        return -1;
    if (u.wild || eq_unit_equal(u, want))
        return 0;
    char uu[64], uw[64];
    eq_unit_format(u, uu, sizeof uu);
    eq_unit_format(want, uw, sizeof uw);
    const eq_node *n = &m->nodes[tree];
    return eq_fail(m, msg, len, n->field, n->line, n->col, "unit mismatch: %s is in %s, but must be in %s", what, uu,
                   uw);
}
