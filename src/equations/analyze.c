/*
 * analyze.c - how an equation model is integrated, chosen from its
 * equations: noise terms split off (Euler-Maruyama), the largest set of
 * variables whose equations are linear with constant coefficients (exact
 * propagators, Rotter & Diesmann 1999), and for the others exponential
 * Euler when each is linear in itself with coefficients of the others
 * (gating variables, conductance-based membranes), otherwise RK4.  Also
 * the check that every expression is finite at the initial state.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "equations/equations.h"

const char *const eq_method_names[] = {"auto", "exact", "exponential_euler", "euler", "rk2", "rk4", "rk45"};

static int32_t noise_symbol(const eq_model *m, uint32_t k)
{
    for (uint32_t s = 0; s < m->n_syms; s++)
        if (m->syms[s].kind == S_NOISE && m->syms[s].index == k)
            return (int32_t)s;
    return -1;
}

/* The first node of tree written at a noise (depth first), else -1. */
static int32_t noise_node(const eq_model *m, int32_t tree)
{
    if (tree < 0)
        return -1;
    const eq_node *n = &m->nodes[tree];
    if (n->op == Q_SYM && m->syms[n->sym].kind == S_NOISE && n->line)
        return tree;
    int32_t sub[3] = {n->a, n->b, n->c};
    for (int k = 0; k < 3; k++) {
        int32_t at = noise_node(m, sub[k]);
        if (at >= 0)
            return at;
    }
    return -1;
}

/* -1 with the message where tree (of a threshold, refractory period,
 * reset or receptor: `field` where its nodes carry none) reads a noise,
 * placed at the noise (or, through a named expression, at the tree). */
static int noise_outside(eq_model *m, int32_t tree, uint16_t field, char *msg, size_t len)
{
    bool any = false;
    for (uint32_t k = 0; tree >= 0 && k < m->n_noise && !any; k++)
        any = eq_depends(m, tree, (uint32_t)noise_symbol(m, k));
    if (!any)
        return 0;
    int32_t at = noise_node(m, tree);
    const eq_node *n = &m->nodes[at >= 0 ? at : tree];
    return eq_fail(m, msg, len, n->field ? n->field : field, n->line, n->col, "white noise (%s) belongs in "
                   "differential equations only", at >= 0 ? m->syms[n->sym].name : "through a named expression");
}

/* Splits each right side into its deterministic part and the coefficients
 * of the noises, which must enter linearly. */
static int split_noise(eq_model *m, char *msg, size_t len)
{
    for (uint32_t o = 0; o < m->n_odes; o++) {
        eq_ode *ode = &m->odes[o];
        /* affine in the noises: not through a comparison, if() or
         * floor(), whose derivative 0 would drop the noise unseen */
        bool noise[EQ_MAX_SYMBOLS] = {false};
        for (uint32_t k = 0; k < m->n_noise; k++)
            noise[noise_symbol(m, k)] = true;
        bool affine = eq_linear_class(m, ode->rhs, noise, true) <= 1;
        for (uint32_t k = 0; k < m->n_noise; k++) {
            int32_t s = noise_symbol(m, k);
            if (!eq_depends(m, ode->rhs, (uint32_t)s))
                continue;
            int32_t g = eq_derivative(m, ode->rhs, (uint32_t)s);
            if (g < 0)
                return eq_fail(m, msg, len, F_EQUATIONS, ode->line, 0, "out of memory");
            bool free_of_noise = affine;
            for (uint32_t j = 0; j < m->n_noise; j++)
                free_of_noise &= !eq_depends(m, g, (uint32_t)noise_symbol(m, j));
            if (!free_of_noise)
                return eq_fail(m, msg, len, F_EQUATIONS, ode->line, 0, "d%s/dt: the noise %s must enter as a "
                               "term g * %s, with g free of noise", m->syms[ode->sym].name, m->syms[s].name,
                               m->syms[s].name);
            ode->noise[k] = g;
            ode->det = eq_substitute(m, ode->det, (uint32_t)s, eq_num(m, 0.0));
        }
        /* a noise inside a named expression used elsewhere than in a sum
         * would have been caught above; noises in thresholds, resets: */
    }
    int32_t trees[3] = {m->threshold, m->refractory, -1};
    for (int t = 0; t < 2; t++)
        if (noise_outside(m, trees[t], F_NONE, msg, len))
            return -1;
    for (uint32_t k = 0; k < m->reset.n; k++)
        if (noise_outside(m, m->reset.value[k], F_RESET, msg, len))
            return -1;
    for (uint32_t r = 0; r < m->n_receptors; r++)
        for (uint32_t k = 0; k < m->receptor[r].n; k++)
            if (noise_outside(m, m->receptor[r].value[k], F_RECEPTORS, msg, len))
                return -1;
    return 0;
}

static void append(eq_model *m, const char *text) { ax_append(m->method_text, sizeof m->method_text, text); }

/* The names of the ODEs in `which`, comma-separated, into m->method_text. */
static void list(eq_model *m, const bool *which)
{
    int first = 1;
    for (uint32_t o = 0; o < m->n_odes; o++)
        if (which[o]) {
            append(m, first ? "" : ", ");
            append(m, m->syms[m->odes[o].sym].name);
            first = 0;
        }
}

int eq_analyze(eq_model *m, char *msg, size_t len)
{
    if (split_noise(m, msg, len))
        return -1;
    bool in[EQ_MAX_SYMBOLS] = {false};
    /* the exact set: drop, until none changes, every equation not affine in
     * the set (and I_inj) with constant coefficients */
    bool exact[EQ_MAX_STATES];
    for (uint32_t o = 0; o < m->n_odes; o++) {
        exact[o] = true;
        in[m->odes[o].sym] = true;
    }
    int32_t current = -1;
    for (uint32_t s = 0; s < m->n_syms; s++)
        if (m->syms[s].kind == S_CURRENT)
            current = (int32_t)s;
    in[current] = true;
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t o = 0; o < m->n_odes; o++)
            if (exact[o] && eq_linear_class(m, m->odes[o].det, in, false) > 1) {
                exact[o] = false;
                in[m->odes[o].sym] = false;
                changed = true;
            }
    }
    bool none[EQ_MAX_STATES] = {false};
    uint8_t method = m->method;
    if (method == M_EXACT) {
        for (uint32_t o = 0; o < m->n_odes; o++)
            if (!exact[o])
                return eq_fail(m, msg, len, F_EQUATIONS, m->odes[o].line, 0, "method \"exact\": d%s/dt is not linear "
                               "with constant coefficients in the variables (it multiplies variables, applies a "
                               "function to one, depends on t, or depends on a variable that is not linear); use "
                               "\"auto\"", m->syms[m->odes[o].sym].name);
    }
    if (method != M_AUTO && method != M_EXACT)
        memcpy(exact, none, sizeof exact);
    bool rest[EQ_MAX_STATES];
    bool all_cond_linear = true;
    uint32_t n_rest = 0;
    for (uint32_t o = 0; o < m->n_odes; o++) {
        rest[o] = !exact[o];
        if (!rest[o])
            continue;
        n_rest++;
        bool self[EQ_MAX_SYMBOLS] = {false};
        self[m->odes[o].sym] = true;
        bool cond_linear = eq_linear_class(m, m->odes[o].det, self, true) <= 1;
        if (!cond_linear && method == M_EXP_EULER)
            return eq_fail(m, msg, len, F_EQUATIONS, m->odes[o].line, 0, "method \"exponential_euler\": d%s/dt is not "
                           "linear in %s (with the other variables held); use rk4 or auto",
                           m->syms[m->odes[o].sym].name, m->syms[m->odes[o].sym].name);
        all_cond_linear &= cond_linear;
    }
    m->rest_method = method == M_AUTO || method == M_EXACT ? (all_cond_linear ? M_EXP_EULER : M_RK4) : method;
    /* the trees each method needs */
    m->n_exact = 0;
    for (uint32_t o = 0; o < m->n_odes; o++) {
        m->exact[o] = exact[o];
        if (exact[o])
            m->exact_ode[m->n_exact++] = o;
    }
    for (uint32_t r = 0; r < m->n_exact; r++) {
        const eq_ode *ode = &m->odes[m->exact_ode[r]];
        int32_t b = ode->det;
        for (uint32_t c = 0; c < m->n_exact; c++) {
            uint32_t s = m->odes[m->exact_ode[c]].sym;
            m->lin_a[r][c] = eq_derivative(m, ode->det, s);
            b = eq_substitute(m, b, s, eq_num(m, 0.0));
        }
        m->lin_i[r] = eq_derivative(m, ode->det, (uint32_t)current);
        m->lin_b[r] = eq_substitute(m, b, (uint32_t)current, eq_num(m, 0.0));
        for (uint32_t c = 0; c < m->n_exact; c++)
            if (m->lin_a[r][c] < 0)
                return eq_fail(m, msg, len, 0, 0, 0, "out of memory");
        if (m->lin_i[r] < 0 || m->lin_b[r] < 0)
            return eq_fail(m, msg, len, 0, 0, 0, "out of memory");
    }
    if (m->rest_method == M_EXP_EULER)
        for (uint32_t o = 0; o < m->n_odes; o++)
            if (rest[o]) {
                uint32_t s = m->odes[o].sym;
                m->ee_a[o] = eq_derivative(m, m->odes[o].det, s);
                m->ee_b[o] = eq_substitute(m, m->odes[o].det, s, eq_num(m, 0.0));
                if (m->ee_a[o] < 0 || m->ee_b[o] < 0)
                    return eq_fail(m, msg, len, 0, 0, 0, "out of memory");
            }
    /* the doc */
    m->method_text[0] = '\0';
    append(m, "Integration (");
    append(m, eq_method_names[method]);
    append(m, "):");
    if (m->n_exact) {
        append(m, " ");
        list(m, exact);
        append(m, " exactly (linear, propagators at prepare)");
    }
    if (n_rest) {
        append(m, m->n_exact ? "; " : " ");
        list(m, rest);
        static const char *const how[] = {"", "", " by exponential Euler", " by forward Euler",
                                          " by RK2 (midpoint)", " by RK4", " by adaptive RK45 (Dormand-Prince)"};
        append(m, how[m->rest_method]);
        if (m->n_exact && (m->rest_method == M_RK4 || m->rest_method == M_RK2))
            append(m, ", the exact ones at the stage times");
    }
    if (!m->n_odes)
        append(m, " no differential equations");
    if (m->n_noise)
        append(m, "; noise by Euler-Maruyama");
    append(m, ".");
    return 0;
}

/* The first operand of a comparison (or the whole tree) that is not
 * finite: a comparison of NaN is just false, so the threshold's value
 * alone would hide it.  -1 if none. */
static int32_t nonfinite_operand(const eq_model *m, int32_t tree, const double *values)
{
    const eq_node *n = &m->nodes[tree];
    if (n->op >= Q_LT && n->op <= Q_OR) {
        int32_t a = nonfinite_operand(m, n->a, values);
        return a >= 0 ? a : nonfinite_operand(m, n->b, values);
    }
    if (n->op == Q_NOT)
        return nonfinite_operand(m, n->a, values);
    return isfinite(eq_eval(m, tree, values)) ? -1 : tree;
}

/* Every right side, named expression and the threshold finite at the
 * default parameters and initial state (I_inj = 0, t = 0). */
int eq_check_initial(eq_model *m, char *msg, size_t len)
{
    double values[EQ_MAX_SYMBOLS] = {0};
    for (uint32_t s = 0; s < m->n_syms; s++) {
        const eq_symbol *es = &m->syms[s];
        values[s] = es->kind == S_PARAM || es->kind == S_STATE || es->kind == S_CONST ? es->value : 0.0;
        if (es->kind == S_DT)
            values[s] = 0.1;
    }
    for (uint32_t k = 0; k < m->n_alg; k++) {
        const eq_symbol *es = &m->syms[m->alg_order[k]];
        double x = eq_eval(m, es->def, values);
        if (!isfinite(x))
            return eq_fail(m, msg, len, es->field, es->line, es->col, "'%s' is %g at the initial state (default "
                           "parameters, initial values, I_inj = 0, t = 0)", es->name, isnan(x) ? NAN : x);
    }
    for (uint32_t o = 0; o < m->n_odes; o++) {
        double x = eq_eval(m, m->odes[o].rhs, values);
        if (!isfinite(x))
            return eq_fail(m, msg, len, F_EQUATIONS, m->odes[o].line, 0, "d%s/dt is %g at the initial state (default "
                           "parameters, initial values, I_inj = 0, t = 0)", m->syms[m->odes[o].sym].name,
                           isnan(x) ? NAN : x);   /* printf shows a NaN's sign ("-nan"), which means nothing */
    }
    int32_t bad = m->threshold >= 0 ? nonfinite_operand(m, m->threshold, values) : -1;
    if (bad >= 0)
        return eq_fail(m, msg, len, F_THRESHOLD, m->nodes[bad].line, m->nodes[bad].col, "the threshold compares a "
                       "value that is %g at the initial state (default parameters, initial values)",
                       eq_eval(m, bad, values));
    if (m->refractory >= 0) {
        double r = eq_eval(m, m->refractory, values);
        if (!isfinite(r) || r < 0)
            return eq_fail(m, msg, len, F_REFRACTORY, 1, 1, "the refractory period is %g ms with the default "
                           "parameters: must be finite and >= 0", r);
    }
    return 0;
}
