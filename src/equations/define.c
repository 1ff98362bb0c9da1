/*
 * define.c - ax_model_define_equations: reads the fields of ax_equations
 * into symbols and trees (parse.c), checks names, units and values at the
 * initial state, chooses the integration (analyze.c), and registers the
 * model with its tables and a doc that says how it is integrated.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/expr.h"
#include "equations/declare.h"
#include "equations/equations.h"
#include "models/models.h"


/* ------------------------------------------------------------ equations */

/* Pass 1: names of the named expressions, and the functions; pass 2: the
 * right-hand sides. */
typedef struct eqn_ctx {
    int pass;
} eqn_ctx;

static int equation(eq_model *m, const eq_src *src, void *vctx, char *msg, size_t len)
{
    eqn_ctx *ctx = vctx;
    const char *s = src->text;
    while (isspace((unsigned char)*s))
        s++;
    const char *name = s;
    uint32_t line, col;
    eq_where(src, name, &line, &col);
    bool ode = false;
    char word[EQ_MAX_NAME + 1];
    if (s[0] == 'd' && eq_is_name_start(s[1])) {
        /* dX/dt ? */
        const char *p = s + 1;
        while (eq_is_name_char(*p))
            p++;
        const char *q = p;
        while (*q == ' ')
            q++;
        if (q[0] == '/' && q[1] == 'd' && q[2] == 't' && !eq_is_name_char(q[3])) {
            ode = true;
            snprintf(word, sizeof word, "%.*s", (int)(p - s - 1 > EQ_MAX_NAME ? EQ_MAX_NAME : p - s - 1), s + 1);
            s = q + 3;
        }
    }
    if (!ode) {
        while (eq_is_name_char(*s))
            s++;
        size_t n = (size_t)(s - name);
        if (!n || !eq_is_name_start(*name) || n > EQ_MAX_NAME)
            return eq_fail(m, msg, len, src->field, line, col, "expected dX/dt = EXPR, NAME = EXPR or f(x) = EXPR");
        snprintf(word, sizeof word, "%.*s", (int)n, name);
        const char *p = s;
        while (*p == ' ')
            p++;
        if (*p == '(') {   /* a function */
            if (ctx->pass == 1)
                return eq_parse_function(m, src, name, msg, len);
            return 0;
        }
    }
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s != '=' || s[1] == '=') {
        eq_where(src, s, &line, &col);
        return eq_fail(m, msg, len, src->field, line, col, "expected '='");
    }
    s++;
    if (ctx->pass == 1) {
        if (ode)
            return 0;
        if (eq_check_new_name(m, src, name, word, msg, len))
            return -1;
        int32_t sym = eq_add_symbol(m, word, strlen(word), S_ALG, eq_unit_wild);
        if (sym < 0)
            return eq_fail(m, msg, len, src->field, line, col, "more than %d names", EQ_MAX_SYMBOLS);
        m->syms[sym].field = src->field;
        m->syms[sym].line = line;
        m->syms[sym].col = col;
        return 0;
    }
    const char *colon = eq_unit_part(s);
    int32_t rhs = eq_expression_before(m, src, s, colon, msg, len);
    if (rhs < 0)
        return -1;
    eq_unit u;
    bool unless = false;
    if (eq_parse_unit_suffix(m, src, colon, &u, ode ? &unless : NULL, NULL, msg, len))
        return -1;
    if (ode) {
        int32_t sym = eq_find_symbol(m, word);
        if (sym < 0 || m->syms[sym].kind != S_STATE) {
            if (sym >= 0)
                return eq_fail(m, msg, len, src->field, line, col, "d%s/dt: '%s' is not a state variable (declare it "
                               "in the state, with its initial value)", word, word);
            char hint[128];
            ax_suggest sg;
            ax_suggest_init(&sg, word);
            for (uint32_t k = 0; k < m->n_states; k++)
                ax_suggest_add(&sg, m->syms[m->state_sym[k]].name);
            return eq_fail(m, msg, len, src->field, line, col, "d%s/dt: '%s' is not a state variable%s (declare it "
                           "in the state, with its initial value)", word, word, ax_suggest_text(&sg, hint, sizeof hint));
        }
        for (uint32_t k = 0; k < m->n_odes; k++)
            if (m->odes[k].sym == (uint32_t)sym)
                return eq_fail(m, msg, len, src->field, line, col, "d%s/dt is given twice (first on line %u)", word,
                               m->odes[k].line);
        eq_unit want = eq_unit_div(m->syms[sym].unit, eq_unit_ms);
        if (colon && !eq_unit_equal(u, m->syms[sym].unit) && !eq_unit_equal(u, want)) {
            char uu[64], us[64];
            eq_unit_format(u, uu, sizeof uu);
            eq_unit_format(m->syms[sym].unit, us, sizeof us);
            const char *unit_at = colon + 1;
            while (*unit_at == ' ' || *unit_at == '\t')
                unit_at++;
            eq_where(src, unit_at, &line, &col);
            return eq_fail(m, msg, len, src->field, line, col, "unit mismatch: '%s' is declared in %s, this "
                           "equation says %s", word, us, uu);
        }
        eq_ode *o = &m->odes[m->n_odes++];
        *o = (eq_ode){.sym = (uint32_t)sym, .rhs = rhs, .det = rhs, .unless_refractory = unless, .line = line};
        for (int k = 0; k < EQ_MAX_NOISE; k++)
            o->noise[k] = -1;
        char what[EQ_MAX_NAME + 32];
        snprintf(what, sizeof what, "the right side of d%s/dt", word);
        return eq_expect_unit(m, rhs, want, what, msg, len);
    }
    int32_t sym = eq_find_symbol(m, word);
    eq_symbol *es = &m->syms[sym];
    es->def = rhs;
    if (colon) {
        es->unit = u;
        es->unit_given = true;
    }
    return 0;
}

/* Named expressions in an order where each follows those it uses; refuses
 * cycles.  Their units, in that order. */
static int order_algebraic(eq_model *m, char *msg, size_t len)
{
    bool done[EQ_MAX_SYMBOLS] = {false};
    m->n_alg = 0;
    for (;;) {
        bool progress = false, left = false;
        for (uint32_t s = 0; s < m->n_syms; s++) {
            eq_symbol *es = &m->syms[s];
            if (es->kind != S_ALG || done[s])
                continue;
            left = true;
            bool ready = true;
            for (uint32_t o = 0; o < m->n_syms && ready; o++)
                if (o != s && m->syms[o].kind == S_ALG && !done[o] && eq_depends(m, es->def, o))
                    ready = false;
            if (!ready)
                continue;
            /* self-reference shows as depending on itself through def */
            const eq_node *n = &m->nodes[es->def];
            (void)n;
            eq_unit u;
            if (eq_unit_of(m, es->def, &u, msg, len))
                return -1;
            if (es->unit_given) {
                char what[EQ_MAX_NAME + 16];
                snprintf(what, sizeof what, "'%s'", es->name);
                if (eq_expect_unit(m, es->def, es->unit, what, msg, len))
                    return -1;
            } else {
                es->unit = u;
            }
            done[s] = true;
            m->alg_order[m->n_alg++] = s;
            progress = true;
        }
        if (!left)
            return 0;
        if (!progress) {
            for (uint32_t s = 0; s < m->n_syms; s++)
                if (m->syms[s].kind == S_ALG && !done[s])
                    return eq_fail(m, msg, len, m->syms[s].field, m->syms[s].line, m->syms[s].col,
                                   "'%s' is defined in terms of itself (a cycle of named expressions)",
                                   m->syms[s].name);
        }
    }
}

/* Checks a named expression does not use itself before order_algebraic
 * (eq_depends would recurse forever on a cycle): a depth-first search. */
static int find_cycle(const eq_model *m, uint32_t s, uint8_t *state)
{
    if (state[s] == 1)
        return (int)s;
    if (state[s] == 2)
        return -1;
    state[s] = 1;
    /* symbols used directly by the definition */
    int32_t stack[512];
    int top = 0;
    stack[top++] = m->syms[s].def;
    while (top) {
        const eq_node *n = &m->nodes[stack[--top]];
        if (n->op == Q_SYM) {
            if (m->syms[n->sym].kind == S_ALG && m->syms[n->sym].def >= 0) {
                int c = find_cycle(m, n->sym, state);
                if (c >= 0)
                    return c;
            }
            continue;
        }
        if (top > 508)
            continue;
        if (n->a >= 0) stack[top++] = n->a;
        if (n->b >= 0) stack[top++] = n->b;
        if (n->c >= 0) stack[top++] = n->c;
    }
    state[s] = 2;
    return -1;
}

/* ------------------------------------------------------------ receptors */

/* The unit of a receptor's factor of the weight with its numbers pure
 * (weight * exp(1) / tau: 1/ms), where eq_unit_of lets a bare number take
 * any unit and so calls e / tau any unit. */
static eq_unit factor_unit(eq_model *m, int32_t tree, char *msg, size_t len)
{
    const eq_node *n = &m->nodes[tree];
    eq_unit u;
    switch (n->op) {
    case Q_NUM: return eq_unit_one;
    case Q_NEG: return factor_unit(m, n->a, msg, len);
    case Q_POWI: return eq_unit_pow(factor_unit(m, n->a, msg, len), 2 * n->k);
    case Q_MUL: return eq_unit_mul(factor_unit(m, n->a, msg, len), factor_unit(m, n->b, msg, len));
    case Q_DIV: return eq_unit_div(factor_unit(m, n->a, msg, len), factor_unit(m, n->b, msg, len));
    default: return eq_unit_of(m, tree, &u, msg, len) || u.wild ? eq_unit_one : u;
    }
}

static int receptor_line(eq_model *m, const eq_src *src, void *vctx, char *msg, size_t len)
{
    (void)vctx;
    const char *name;
    size_t n;
    uint32_t line, col;
    const char *s = eq_leading_name(src, &name, &n, &line, &col);
    while (*s == ' ')
        s++;
    if (!n || n > EQ_MAX_NAME || *s != ':')
        return eq_fail(m, msg, len, src->field, line, col, "expected NAME: STATEMENTS, as 'excitatory: g_e += "
                       "weight' (or 'excitatory: g_e')");
    if (m->n_receptors == EQ_MAX_RECEPTORS)
        return eq_fail(m, msg, len, src->field, line, col, "more than %d receptors", EQ_MAX_RECEPTORS);
    char word[EQ_MAX_NAME + 1];
    snprintf(word, sizeof word, "%.*s", (int)n, name);
    for (uint32_t r = 0; r < m->n_receptors; r++)
        if (!strcmp(m->strings + (uintptr_t)m->receptors[r].name, word))
            return eq_fail(m, msg, len, src->field, line, col, "receptor '%s' is given twice", word);
    s++;
    /* "NAME: X" alone means X += weight */
    const char *p = s;
    while (*p == ' ')
        p++;
    const char *x = p;
    while (eq_is_name_char(*p))
        p++;
    const char *after = p;
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    char *text;
    if (p > x && *p == '\0' && eq_is_name_start(*x)) {
        size_t xn = (size_t)(after - x);
        text = malloc(xn + 16);
        if (text)
            snprintf(text, xn + 16, "%.*s += weight", (int)xn, x);
    } else {
        text = strdup(s);
    }
    if (!text)
        return eq_fail(m, msg, len, src->field, line, col, "out of memory");
    uint32_t sl, sc;
    eq_where(src, s, &sl, &sc);
    eq_src sub = {.field = F_RECEPTORS, .text = text, .line = sl, .first_line_col = sc};
    eq_assign *a = &m->receptor[m->n_receptors];
    int rc = eq_parse_statement_line(m, &sub, a, true, msg, len);
    if (!rc && a->n == 0)
        rc = eq_fail(m, msg, len, src->field, line, col, "receptor '%s' changes nothing", word);
    if (rc) {
        free(text);
        return -1;
    }
    /* the weight's unit: that of the variable over the factor of the weight */
    int32_t w = eq_find_symbol(m, "weight");
    char unit[64] = "";
    for (uint32_t k = 0; k < a->n && !unit[0]; k++) {
        int32_t slope = eq_derivative(m, a->value[k], (uint32_t)w);
        if (slope >= 0)
            eq_unit_format(eq_unit_div(m->syms[a->sym[k]].unit, factor_unit(m, slope, msg, len)), unit, sizeof unit);
    }
    msg[0] = '\0';
    for (uint32_t k = 0; k < a->n; k++) {
        char what[EQ_MAX_NAME + 32];
        snprintf(what, sizeof what, "the new value of '%s'", m->syms[a->sym[k]].name);
        if (eq_expect_unit(m, a->value[k], m->syms[a->sym[k]].unit, what, msg, len)) {
            free(text);
            return -1;
        }
    }
    size_t name_off = eq_keep_string(m, word), unit_off = eq_keep_string(m, unit), doc_off = eq_keep_string(m, text);
    free(text);
    if (name_off == (size_t)-1 || unit_off == (size_t)-1 || doc_off == (size_t)-1)
        return eq_fail(m, msg, len, src->field, line, col, "out of memory");
    /* offsets now, pointers once the strings stop moving */
    m->receptors[m->n_receptors++] = (ax_receptor_info){.name = (const char *)(uintptr_t)name_off,
                                                        .weight_unit = (const char *)(uintptr_t)unit_off,
                                                        .doc = (const char *)(uintptr_t)doc_off};
    return 0;
}

/* ------------------------------------------------------------ the model */

void eq_model_free(ax_model *am)
{
    eq_model *m = (eq_model *)am;
    if (!m)
        return;
    free(m->name);
    free(m->doc);
    free(m->params);
    free(m->vars);
    free(m->receptors);
    free(m->strings);
    free(m->nodes);
    free(m->visit);
    free(m->syms);
    free(m->funcs);
    free(m);
}

/* Noise names used in the equations: xi and xi_NAME. */
static int add_noises(eq_model *m, const char *text, char *msg, size_t len)
{
    for (const char *p = text; p && *p; p++) {
        if (!eq_is_name_start(*p) || (p > text && eq_is_name_char(p[-1])))
            continue;
        const char *q = p;
        while (eq_is_name_char(*q))
            q++;
        size_t n = (size_t)(q - p);
        if (((n == 2 && !strncmp(p, "xi", 2)) || (n > 3 && !strncmp(p, "xi_", 3))) && n <= EQ_MAX_NAME) {
            char word[EQ_MAX_NAME + 1];
            snprintf(word, sizeof word, "%.*s", (int)n, p);
            if (eq_find_symbol(m, word) < 0) {
                if (m->n_noise == EQ_MAX_NOISE)
                    return eq_fail(m, msg, len, F_EQUATIONS, 0, 0, "more than %d noise terms", EQ_MAX_NOISE);
                eq_unit u = eq_unit_pow(eq_unit_ms, -1);
                int32_t s = eq_add_symbol(m, word, n, S_NOISE, u);
                if (s < 0)
                    return eq_fail(m, msg, len, F_EQUATIONS, 0, 0, "too many names");
                m->syms[s].index = m->n_noise++;
            }
        }
        p = q - 1;
    }
    return 0;
}


static int too_large(eq_model *m, int32_t tree, uint16_t field, uint32_t line, char *msg, size_t len)
{
    int big = eq_too_large(m, tree, true);
    if (!big)
        return 0;
    return eq_fail(m, msg, len, field, line, 0, big < 0 ? "out of memory" : "an expression stands for more than %d "
                   "operations once its named expressions are expanded (a chain of definitions that doubles it at "
                   "each step?)", EQ_MAX_EXPANDED);
}

static int define(eq_model *m, const char *name, const ax_equations *eq, char *msg, size_t len)
{
    m->syms = calloc(EQ_MAX_SYMBOLS, sizeof *m->syms);
    m->funcs = calloc(32, sizeof *m->funcs);
    m->name = strdup(name);
    if (!m->syms || !m->funcs || !m->name)
        return eq_fail(m, msg, len, 0, 0, 0, "out of memory");
    m->threshold = m->refractory = m->refrac_state = -1;
    eq_add_symbol(m, "I_inj", 5, S_CURRENT, eq_unit_na);
    eq_add_symbol(m, "t", 1, S_TIME, eq_unit_ms);
    eq_add_symbol(m, "dt", 2, S_DT, eq_unit_ms);
    int32_t pi = eq_add_symbol(m, "pi", 2, S_CONST, eq_unit_one);
    m->syms[pi].value = M_PI;
    eq_add_symbol(m, "weight", 6, S_WEIGHT, eq_unit_wild);
    if (add_noises(m, eq->equations, msg, len))
        return -1;

    decl_ctx *dc = calloc(1, sizeof *dc);
    if (!dc)
        return eq_fail(m, msg, len, 0, 0, 0, "out of memory");
    dc->kind = S_PARAM;
    dc->field_text = eq->parameters;
    int rc = eq_each_line(m, F_PARAMETERS, eq->parameters, eq_declaration, dc, msg, len);
    dc->kind = S_STATE;
    dc->field_text = eq->state;
    if (!rc)
        rc = eq_each_line(m, F_STATE, eq->state, eq_declaration, dc, msg, len);
    if (!rc && m->n_states == 0)
        rc = eq_fail(m, msg, len, F_STATE, 0, 0, "no state variable: a model needs at least one (such as v = -65 : "
                     "mV)");
    if (!rc && eq->refractory && eq->refractory[0]) {
        /* refrac: the steps of refractoriness left, the last state variable */
        int32_t s = eq_add_symbol(m, "refrac", 6, S_STATE, eq_unit_one);
        m->refrac_state = (int32_t)m->n_states;
        m->syms[s].index = m->n_states;
        m->syms[s].field = F_REFRACTORY;
        m->state_sym[m->n_states++] = (uint32_t)s;
        dc->doc_off[s] = eq_keep_string(m, "refractory steps left");
        dc->unit_off[s] = eq_keep_string(m, "steps");
    }
    if (rc) {
        free(dc);
        return -1;
    }
    eqn_ctx ec = {.pass = 1};
    rc = eq_each_line(m, F_EQUATIONS, eq->equations, equation, &ec, msg, len);
    if (!rc) {
        ec.pass = 2;
        rc = eq_each_line(m, F_EQUATIONS, eq->equations, equation, &ec, msg, len);
    }
    if (!rc) {
        uint8_t state[EQ_MAX_SYMBOLS] = {0};
        for (uint32_t s = 0; s < m->n_syms && !rc; s++)
            if (m->syms[s].kind == S_ALG && find_cycle(m, s, state) >= 0)
                rc = eq_fail(m, msg, len, m->syms[s].field, m->syms[s].line, m->syms[s].col,
                             "'%s' is defined in terms of itself (a cycle of named expressions)", m->syms[s].name);
    }
    if (!rc)
        rc = order_algebraic(m, msg, len);
    /* units of the equations, now that the named expressions have theirs */
    for (uint32_t k = 0; k < m->n_odes && !rc; k++) {
        char what[EQ_MAX_NAME + 32];
        snprintf(what, sizeof what, "the right side of d%s/dt", m->syms[m->odes[k].sym].name);
        rc = eq_expect_unit(m, m->odes[k].rhs, eq_unit_div(m->syms[m->odes[k].sym].unit, eq_unit_ms), what, msg,
                            len);
    }
    /* threshold, refractoriness, reset, receptors */
    if (!rc && eq->threshold && eq->threshold[0]) {
        eq_src src = {.field = F_THRESHOLD, .text = eq->threshold, .line = 1, .first_line_col = 1};
        const char *end;
        m->threshold = eq_parse_expression(m, &src, eq->threshold, &end, msg, len);
        rc = m->threshold < 0 || eq_expect_end(m, &src, end, NULL, msg, len);
        eq_unit u;
        if (!rc)
            rc = eq_unit_of(m, m->threshold, &u, msg, len);
        if (!rc) {
            /* the state, or what changes by itself: the input, t, rand() */
            if (!eq_varies(m, m->threshold))
                rc = eq_fail(m, msg, len, F_THRESHOLD, 1, 1, "'%s' uses no state variable, so it is always or never "
                             "true whatever the neuron does: a threshold compares the state, as v >= v_thresh",
                             eq->threshold);
        }
    }
    if (!rc && eq->detect && eq->detect[0]) {
        if (!strcmp(eq->detect, "crossing"))
            m->crossing = true;
        else if (strcmp(eq->detect, "level"))
            rc = eq_fail(m, msg, len, 0, 0, 0, "detect '%s': allowed: \"level\" (the threshold holds at the end of "
                         "the step) or \"crossing\" (it holds and did not at the start)", eq->detect);
        else if (m->threshold < 0)
            rc = 0;
    }
    if (!rc && m->crossing && m->threshold < 0)
        rc = eq_fail(m, msg, len, 0, 0, 0, "detect \"crossing\" needs a threshold");
    if (!rc && m->refrac_state >= 0) {
        eq_src src = {.field = F_REFRACTORY, .text = eq->refractory, .line = 1, .first_line_col = 1};
        const char *end;
        m->refractory = eq_parse_expression(m, &src, eq->refractory, &end, msg, len);
        rc = m->refractory < 0 || eq_expect_end(m, &src, end, NULL, msg, len);
        if (!rc && eq_varies(m, m->refractory))
            rc = eq_fail(m, msg, len, F_REFRACTORY, 1, 1, "'%s': the refractory period is an expression of "
                         "parameters (ms)", eq->refractory);
        if (!rc)
            rc = eq_expect_unit(m, m->refractory, eq_unit_ms, "the refractory period", msg, len);
        if (!rc && m->threshold < 0)
            rc = eq_fail(m, msg, len, F_REFRACTORY, 1, 1, "a refractory period needs a threshold");
    }
    if (!rc && eq->reset && eq->reset[0]) {
        if (m->threshold < 0)
            rc = eq_fail(m, msg, len, F_RESET, 1, 1, "a reset needs a threshold");
        else
            rc = eq_parse_statements(m, F_RESET, eq->reset, &m->reset, false, msg, len);
        for (uint32_t k = 0; k < m->reset.n && !rc; k++) {
            char what[EQ_MAX_NAME + 32];
            snprintf(what, sizeof what, "the new value of '%s'", m->syms[m->reset.sym[k]].name);
            rc = eq_expect_unit(m, m->reset.value[k], m->syms[m->reset.sym[k]].unit, what, msg, len);
        }
    }
    if (!rc) {
        m->receptors = calloc(EQ_MAX_RECEPTORS, sizeof *m->receptors);
        if (!m->receptors)
            rc = eq_fail(m, msg, len, 0, 0, 0, "out of memory");
    }
    if (!rc)
        rc = eq_each_line(m, F_RECEPTORS, eq->receptors, receptor_line, NULL, msg, len);
    if (!rc && eq->method && eq->method[0]) {
        m->method = EQ_N_METHODS;
        for (uint8_t k = 0; k < EQ_N_METHODS; k++)
            if (!strcmp(eq_method_names[k], eq->method))
                m->method = k;
        if (m->method == EQ_N_METHODS)
            rc = eq_fail(m, msg, len, F_METHOD, 0, 0, "unknown method '%s'; allowed: auto, exact, exponential_euler, "
                         "euler, rk2, rk4, rk45", eq->method);
    }
    /* each tree evaluated as a whole (named expressions inlined) stays bounded */
    for (uint32_t k = 0; k < m->n_odes && !rc; k++)
        rc = too_large(m, m->odes[k].rhs, F_EQUATIONS, m->odes[k].line, msg, len);
    if (!rc && m->threshold >= 0)
        rc = too_large(m, m->threshold, F_THRESHOLD, 1, msg, len);
    for (uint32_t k = 0; k < m->reset.n && !rc; k++)
        rc = too_large(m, m->reset.value[k], F_RESET, 0, msg, len);
    for (uint32_t r = 0; r < m->n_receptors && !rc; r++)
        for (uint32_t k = 0; k < m->receptor[r].n && !rc; k++)
            rc = too_large(m, m->receptor[r].value[k], F_RECEPTORS, 0, msg, len);
    if (!rc)
        rc = eq_analyze(m, msg, len);
    if (!rc)
        rc = eq_check_initial(m, msg, len);
    if (rc) {
        free(dc);
        return -1;
    }
    /* the tables */
    m->params = calloc(m->n_params ? m->n_params : 1, sizeof *m->params);
    m->vars = calloc(m->n_states, sizeof *m->vars);
    size_t doc_len = (eq->doc ? strlen(eq->doc) : 0) + strlen(m->method_text) + 64;
    m->doc = malloc(doc_len);
    if (!m->params || !m->vars || !m->doc) {
        free(dc);
        return eq_fail(m, msg, len, 0, 0, 0, "out of memory");
    }
    snprintf(m->doc, doc_len, "%s%s%s", eq->doc && eq->doc[0] ? eq->doc : "Defined by equations.",
             eq->doc && eq->doc[0] ? " " : " ", m->method_text);
    for (uint32_t k = 0; k < m->n_params; k++) {
        uint32_t s = m->param_sym[k];
        m->params[k] = (ax_param_info){.name = m->syms[s].name, .unit = m->strings + dc->unit_off[s],
                                       .value = m->syms[s].value, .min = dc->bounds[k][0], .max = dc->bounds[k][1],
                                       .flags = dc->bound_flags[k], .doc = m->strings + dc->doc_off[s]};
    }
    for (uint32_t k = 0; k < m->n_states; k++) {
        uint32_t s = m->state_sym[k];
        m->vars[k] = (ax_var_info){.name = m->syms[s].name, .unit = m->strings + dc->unit_off[s],
                                   .value = m->syms[s].value, .doc = m->strings + dc->doc_off[s]};
    }
    for (uint32_t r = 0; r < m->n_receptors; r++) {
        ax_receptor_info *ri = &m->receptors[r];
        ri->name = m->strings + (uintptr_t)ri->name;
        ri->weight_unit = m->strings + (uintptr_t)ri->weight_unit;
        ri->doc = m->strings + (uintptr_t)ri->doc;
    }
    free(dc);
    return 0;
}


ax_status ax_model_define_equations(ax_network *net, const char *name, const ax_equations *eq)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (!name)
        return ax_fail_null(net, "define equations", "name");
    if (!eq)
        return ax_fail_null(net, "define equations", "eq");
    if (ax_core_of(net)->built)
        return ax_fail(net, AX_ERR_STATE, "define equations '%s': the network was already built; define models "
                       "before", name);
    if (ax_model_find(net, name))
        return ax_fail(net, AX_ERR_ARGUMENT, "define equations '%s': a model of that name exists already", name);
    eq_model *m = calloc(1, sizeof *m);
    if (!m)
        return ax_fail(net, AX_ERR_MEMORY, "define equations '%s': out of memory", name);
    char msg[1536];
    if (define(m, name, eq, msg, sizeof msg)) {
        eq_model_free(&m->model);
        return ax_fail(net, strstr(msg, "out of memory") ? AX_ERR_MEMORY : AX_ERR_ARGUMENT,
                       "define equations '%s': %s", name, msg);
    }
    m->model = (ax_model){
        .name = m->name, .doc = m->doc, .params = m->params, .n_params = m->n_params, .vars = m->vars,
        .n_vars = m->n_states, .receptors = m->receptors, .n_receptors = m->n_receptors,
        .flags = AX_MODEL_CLEARS_INPUT, .prepare = eq_prepare, .release = eq_release, .update = eq_update,
        .impl = m,
    };
    return ax_own_model(net, &m->model, eq_model_free);
}
