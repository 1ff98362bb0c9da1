/*
 * rule.c - plasticity rules written as equations
 * (ax_plasticity_define_equations, docs/equations.md "Plasticity rules"):
 * at most two presynaptic traces (per source) and two postsynaptic traces
 * (per target), each decaying exponentially, dX/dt = -X / tau, and the
 * statements run when a presynaptic spike reaches the synapse (on_pre:
 * the pre traces and w) and when a postsynaptic spike does (on_post: the
 * post traces and w).  The plasticity engine (plasticity/equations.c)
 * runs them with the lazy delivery of the built-in rules.  Parsed with the
 * language of neuron models (parse.c); this file checks the shape.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/core.h"
#include "core/error.h"
#include "equations/declare.h"
#include "equations/equations.h"
#include "equations/rule.h"


/* A symbol with its index (eq_add_symbol leaves it 0). */
static int32_t add_sym(eq_model *m, const char *name, uint8_t kind, uint32_t index, eq_unit u)
{
    int32_t s = eq_add_symbol(m, name, strlen(name), kind, u);
    if (s >= 0)
        m->syms[s].index = index;
    return s;
}

typedef struct trace_ctx {
    eq_rule *r;
    bool post;
} trace_ctx;

/* "dX/dt = -X / tau [: unit]": declares trace X with its decay rate. */
static int trace_line(eq_model *m, const eq_src *src, void *vctx, char *msg, size_t len)
{
    trace_ctx *c = vctx;
    eq_rule *r = c->r;
    const char *s = src->text;
    while (isspace((unsigned char)*s))
        s++;
    uint32_t line, col;
    eq_where(src, s, &line, &col);
    const char *name = s + 1, *p = name;
    while (eq_is_name_char(*p))
        p++;
    const char *q = p;
    while (*q == ' ')
        q++;
    if (s[0] != 'd' || !eq_is_name_start(*name) || q[0] != '/' || q[1] != 'd' || q[2] != 't' || eq_is_name_char(q[3]))
        return eq_fail(m, msg, len, src->field, line, col, "expected a trace: dX/dt = -X / tau");
    char word[EQ_MAX_NAME + 1];
    snprintf(word, sizeof word, "%.*s", (int)(p - name > EQ_MAX_NAME ? EQ_MAX_NAME : p - name), name);
    uint32_t *n = c->post ? &r->n_post : &r->n_pre;
    if (*n == EQ_RULE_MAX_TRACES)
        return eq_fail(m, msg, len, src->field, line, col, "at most %d %s traces", EQ_RULE_MAX_TRACES,
                       c->post ? "postsynaptic" : "presynaptic");
    if (!strcmp(word, "w"))
        return eq_fail(m, msg, len, src->field, line, col, "'w' is the weight: give the trace another name");
    if (eq_find_symbol(m, word) >= 0)
        return eq_fail(m, msg, len, src->field, line, col, "'%s' is defined twice", word);
    q += 3;
    while (*q == ' ')
        q++;
    if (*q != '=')
        return eq_fail(m, msg, len, src->field, line, col, "expected '=' after d%s/dt", word);
    const char *colon = eq_unit_part(q);
    eq_unit u;
    if (eq_parse_unit_suffix(m, src, colon, &u, NULL, NULL, msg, len))
        return -1;
    int32_t sym = add_sym(m, word, S_STATE, (c->post ? EQ_RULE_MAX_TRACES : 0) + *n, u);
    if (sym < 0)
        return eq_fail(m, msg, len, src->field, line, col, "too many names");
    m->syms[sym].field = src->field;
    m->syms[sym].line = line;
    int32_t rhs = eq_expression_before(m, src, q + 1, colon, msg, len);
    if (rhs < 0)
        return -1;
    int32_t zero = eq_substitute(m, rhs, (uint32_t)sym, eq_num(m, 0.0));
    int32_t rate = eq_derivative(m, rhs, (uint32_t)sym);
    if (zero < 0 || rate < 0)
        return eq_fail(m, msg, len, src->field, line, col, "out of memory");
    if (m->nodes[zero].op != Q_NUM || m->nodes[zero].value != 0.0 || eq_varies(m, rate))
        return eq_fail(m, msg, len, src->field, line, col, "a trace decays exponentially between spikes: write "
                       "d%s/dt = -%s / tau with tau an expression of parameters (spikes change it in on_pre and "
                       "on_post)", word, word);
    char what[EQ_MAX_NAME + 32];
    snprintf(what, sizeof what, "the right side of d%s/dt", word);
    if (eq_expect_unit(m, rhs, eq_unit_div(u, eq_unit_ms), what, msg, len))
        return -1;
    r->trace_sym[(c->post ? EQ_RULE_MAX_TRACES : 0) + *n] = (uint32_t)sym;
    r->rate[(c->post ? EQ_RULE_MAX_TRACES : 0) + *n] = eq_make(m, Q_NEG, rate, -1, -1, -1);
    (*n)++;
    return 0;
}


void eq_rule_free(eq_rule *r)
{
    if (!r)
        return;
    free(r->m.nodes);
    free(r->m.visit);
    free(r->m.syms);
    free(r->m.funcs);
    free(r->m.strings);
    free(r->m.params);
    free(r->doc);
    free(r);
}

static bool in_list(const uint32_t *list, uint32_t n, uint32_t s)
{
    for (uint32_t k = 0; k < n; k++)
        if (list[k] == s)
            return true;
    return false;
}

/* The statements of on_pre (post = false) or on_post: which they may set
 * and read. */
static int statements(eq_rule *r, bool post, const char *text, char *msg, size_t len)
{
    eq_model *m = &r->m;
    eq_assign a = {0};
    uint16_t field = post ? F_RULE_ON_POST : F_RULE_ON_PRE;
    if (eq_parse_statements(m, field, text, &a, false, msg, len))
        return -1;
    const uint32_t *own = r->trace_sym + (post ? EQ_RULE_MAX_TRACES : 0);
    const uint32_t *other = r->trace_sym + (post ? 0 : EQ_RULE_MAX_TRACES);
    uint32_t n_own = post ? r->n_post : r->n_pre, n_other = post ? r->n_pre : r->n_post;
    for (uint32_t k = 0; k < a.n; k++) {
        uint32_t s = a.sym[k];
        const eq_node *where = &m->nodes[a.value[k]];
        /* w takes the unit of its receptor's weights: only its expression's own operations are checked */
        char what[EQ_MAX_NAME + 32];
        snprintf(what, sizeof what, "the new value of '%s'", m->syms[s].name);
        eq_unit u;
        if (s == r->w_sym ? eq_unit_of(m, a.value[k], &u, msg, len)
                          : eq_expect_unit(m, a.value[k], m->syms[s].unit, what, msg, len))
            return -1;
        if (s == r->w_sym) {
            r->w_new[post] = a.value[k];
            continue;
        }
        if (!in_list(own, n_own, s))
            return eq_fail(m, msg, len, field, where->line, where->col, "%s sets '%s', a %s trace: it may set the "
                           "%s traces and w", post ? "on_post" : "on_pre", m->syms[s].name,
                           post ? "presynaptic" : "postsynaptic", post ? "postsynaptic" : "presynaptic");
        if (eq_depends(m, a.value[k], r->w_sym))
            return eq_fail(m, msg, len, field, where->line, where->col, "the new '%s' depends on w: a trace belongs "
                           "to a neuron, not to one synapse", m->syms[s].name);
        for (uint32_t j = 0; j < n_other; j++)
            if (eq_depends(m, a.value[k], other[j]))
                return eq_fail(m, msg, len, field, where->line, where->col, "the new '%s' depends on '%s', a trace of "
                               "the other neuron", m->syms[s].name, m->syms[other[j]].name);
        for (uint32_t j = 0; j < n_own; j++)
            if (own[j] == s)
                r->trace_new[(post ? EQ_RULE_MAX_TRACES : 0) + j] = a.value[k];
    }
    return 0;
}

static int define(eq_rule *r, const char *name, const ax_plasticity_equations *eq, char *msg, size_t len)
{
    eq_model *m = &r->m;
    m->syms = calloc(EQ_MAX_SYMBOLS, sizeof *m->syms);
    m->funcs = calloc(32, sizeof *m->funcs);
    m->params = calloc(EQ_MAX_PARAMS, sizeof *m->params);
    r->doc = strdup(eq->doc && eq->doc[0] ? eq->doc : "A plasticity rule defined by equations.");
    if (!m->syms || !m->funcs || !m->params || !r->doc)
        return eq_fail(m, msg, len, 0, 0, 0, "out of memory");
    snprintf(r->name, sizeof r->name, "%s", name);
    m->name = r->name;
    m->threshold = m->refractory = m->refrac_state = -1;
    m->no_rand = true;
    int32_t dt = add_sym(m, "dt", S_DT, 0, eq_unit_ms);
    int32_t pi = add_sym(m, "pi", S_CONST, 0, eq_unit_one);
    if (dt < 0 || pi < 0)
        return eq_fail(m, msg, len, 0, 0, 0, "out of memory");
    m->syms[pi].value = M_PI;
    if (eq_declare_parameters(m, eq->parameters, msg, len))
        return -1;
    for (uint32_t k = 0; k < 2 * EQ_RULE_MAX_TRACES; k++) {
        r->trace_new[k] = -1;
        r->rate[k] = -1;
    }
    r->w_new[0] = r->w_new[1] = -1;
    trace_ctx c = {.r = r, .post = false};
    if (eq_each_line(m, F_RULE_PRE, eq->pre, trace_line, &c, msg, len))
        return -1;
    c.post = true;
    if (eq_each_line(m, F_RULE_POST, eq->post, trace_line, &c, msg, len))
        return -1;
    int32_t named_w = eq_find_symbol(m, "w");   /* a parameter: traces were refused above */
    if (named_w >= 0)
        return eq_fail(m, msg, len, F_PARAMETERS, m->syms[named_w].line, 1, "'w' is the weight: give the parameter "
                       "another name");
    int32_t w = add_sym(m, "w", S_STATE, 2 * EQ_RULE_MAX_TRACES, eq_unit_wild);
    if (w < 0)
        return eq_fail(m, msg, len, 0, 0, 0, "too many names");
    r->w_sym = (uint32_t)w;
    if (statements(r, false, eq->on_pre, msg, len) || statements(r, true, eq->on_post, msg, len))
        return -1;
    if (r->w_new[0] < 0 && r->w_new[1] < 0)
        return eq_fail(m, msg, len, 0, 0, 0, "the rule never changes w: set it in on_pre or on_post");
    /* finite at the start: traces 0, w 0.5 */
    double values[EQ_MAX_SYMBOLS] = {0};
    for (uint32_t s = 0; s < m->n_syms; s++)
        values[s] = m->syms[s].kind == S_PARAM || m->syms[s].kind == S_CONST ? m->syms[s].value : 0.0;
    values[dt] = 0.1;
    values[w] = 0.5;
    for (int k = 0; k < 2; k++)
        if (r->w_new[k] >= 0 && !isfinite(eq_eval(m, r->w_new[k], values))) {
            const eq_node *n = &m->nodes[r->w_new[k]];
            return eq_fail(m, msg, len, k ? F_RULE_ON_POST : F_RULE_ON_PRE, n->line, n->col, "the new w is not finite "
                           "with the default parameters, traces 0 and w = 0.5");
        }
    for (uint32_t k = 0; k < 2 * EQ_RULE_MAX_TRACES; k++)
        if (r->rate[k] >= 0) {
            double rate = eq_eval(m, r->rate[k], values);
            if (!(rate >= 0) || !isfinite(rate))
                return eq_fail(m, msg, len, k < EQ_RULE_MAX_TRACES ? F_RULE_PRE : F_RULE_POST,
                               m->syms[r->trace_sym[k]].line, 1, "trace '%s' decays at %g per ms with the default "
                               "parameters: must be finite and >= 0", m->syms[r->trace_sym[k]].name, rate);
        }
    return 0;
}

const eq_rule *eq_rule_find(const ax_network *net, const char *name)
{
    const ax_core *core = ax_core_of(net);
    for (uint32_t k = 0; name && k < core->n_rules; k++)
        if (!strcmp(((const eq_rule *)core->rules[k])->name, name))
            return core->rules[k];
    return NULL;
}

ax_status ax_plasticity_define_equations(ax_network *net, const char *name, const ax_plasticity_equations *eq)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (!name)
        return ax_fail_null(net, "define plasticity equations", "name");
    if (!eq)
        return ax_fail_null(net, "define plasticity equations", "eq");
    size_t n = strlen(name);
    bool ident = n > 0 && n <= EQ_MAX_NAME && eq_is_name_start(name[0]);
    for (size_t k = 0; k < n; k++)
        ident = ident && eq_is_name_char(name[k]);
    if (!ident)
        return ax_fail(net, AX_ERR_ARGUMENT, "define plasticity equations: name '%s' is not an identifier (letters, "
                       "digits, '_', at most %d)", name, EQ_MAX_NAME);
    if (eq_rule_find(net, name))
        return ax_fail(net, AX_ERR_ARGUMENT, "define plasticity equations '%s': a rule of that name exists already",
                       name);
    ax_core *core = ax_core_of(net);
    size_t cap = core->cap_rules;
    if (ax_grow((void **)&core->rules, &cap, core->n_rules + 1, sizeof *core->rules))
        return ax_fail(net, AX_ERR_MEMORY, "define plasticity equations '%s': out of memory", name);
    core->cap_rules = (uint32_t)cap;
    eq_rule *r = calloc(1, sizeof *r);
    if (!r)
        return ax_fail(net, AX_ERR_MEMORY, "define plasticity equations '%s': out of memory", name);
    char msg[1536];
    if (define(r, name, eq, msg, sizeof msg)) {
        eq_rule_free(r);
        return ax_fail(net, strstr(msg, "out of memory") ? AX_ERR_MEMORY : AX_ERR_ARGUMENT,
                       "define plasticity equations '%s': %s", name, msg);
    }
    const char *texts[] = {eq->parameters, eq->pre, eq->post, eq->on_pre, eq->on_post};
    r->text_hash = 14695981039346656037ull;
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
        for (const char *c = texts[k] ? texts[k] : ""; *c; c++)
            r->text_hash = (r->text_hash ^ (uint8_t)*c) * 1099511628211ull;
        r->text_hash = (r->text_hash ^ 0xff) * 1099511628211ull;   /* a separator no text contains */
    }
    core->rules[core->n_rules++] = r;
    return AX_OK;
}

void eq_rules_free(ax_network *net)
{
    ax_core *core = ax_core_of(net);
    for (uint32_t k = 0; k < core->n_rules; k++)
        eq_rule_free(core->rules[k]);
    free(core->rules);
    core->rules = NULL;
    core->n_rules = core->cap_rules = 0;
}

int eq_rule_values(const eq_rule *r, const char *overrides, double dt, double *values, char *msg, size_t len)
{
    const eq_model *m = &r->m;
    for (uint32_t s = 0; s < m->n_syms; s++)
        values[s] = m->syms[s].kind == S_PARAM || m->syms[s].kind == S_CONST ? m->syms[s].value : 0.0;
    for (uint32_t s = 0; s < m->n_syms; s++)
        if (m->syms[s].kind == S_DT)
            values[s] = dt;
    /* "NAME = VALUE, NAME = VALUE" */
    for (const char *p = overrides; p && *p;) {
        while (*p == ' ' || *p == ',' || *p == ';' || *p == '\n')
            p++;
        if (!*p)
            break;
        const char *name = p;
        while (eq_is_name_char(*p))
            p++;
        char word[EQ_MAX_NAME + 1];
        snprintf(word, sizeof word, "%.*s", (int)(p - name > EQ_MAX_NAME ? EQ_MAX_NAME : p - name), name);
        while (*p == ' ')
            p++;
        int32_t s = eq_find_symbol(m, word);
        if (p == name || *p != '=' || s < 0 || m->syms[s].kind != S_PARAM) {
            char list[600] = "";
            for (uint32_t k = 0; k < m->n_params; k++) {
                ax_append(list, sizeof list, k ? ", " : "");
                ax_append(list, sizeof list, m->syms[m->param_sym[k]].name);
            }
            snprintf(msg, len, "rule_params of rule %s: %s at '%.40s'; write NAME = VALUE, ... with the rule's "
                     "parameters: %s", r->name, p == name || *p != '=' ? "expected NAME = VALUE" : "unknown parameter",
                     name, list[0] ? list : "(none)");
            return -1;
        }
        p++;
        while (*p == ' ')
            p++;
        char *end;
        double x = strtod(p, &end);
        const ax_param_info *pi = &m->params[m->syms[s].index];
        if (end == p || !isfinite(x) || x < pi->min || x > pi->max || ((pi->flags & AX_PARAM_GT_MIN) && x == pi->min) ||
            ((pi->flags & AX_PARAM_LT_MAX) && x == pi->max)) {
            /* the value as written (up to the next separator), and the parameter's bounds as declared */
            int n = (int)strcspn(p, ",;\n");
            while (n > 0 && p[n - 1] == ' ')
                n--;
            char range[160] = "", unit[40] = "";
            if (pi->unit && *pi->unit)
                snprintf(unit, sizeof unit, " %s", pi->unit);
            if (isfinite(pi->min))
                snprintf(range, sizeof range, "%s %g%s", pi->flags & AX_PARAM_GT_MIN ? ">" : ">=", pi->min, unit);
            if (isfinite(pi->max))
                snprintf(range + strlen(range), sizeof range - strlen(range), "%s%s %g%s", range[0] ? " and " : "",
                         pi->flags & AX_PARAM_LT_MAX ? "<" : "<=", pi->max, unit);
            snprintf(msg, len, "rule_params of rule %s: %s = '%.*s' is not allowed: must be a finite number%s%s",
                     r->name, word, n > 40 ? 40 : n, p, range[0] ? " " : "", range);
            return -1;
        }
        values[s] = x;
        p = end;
    }
    return 0;
}
