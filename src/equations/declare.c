/*
 * declare.c - the declarations of equation models: parameters and state
 * as lines "NAME = VALUE [: UNIT [(BOUNDS)]] [# doc]" (the comment is the
 * doc), and the pieces of a line that define.c and rule.c share.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/expr.h"
#include "equations/declare.h"

static const char *const reserved[] = {"I_inj", "t", "dt", "pi", "weight", "refrac", "spikes", "xi",
                                       "true", "false", "and", "or", "not", "if", "elif", "else", "end", "then"};

int32_t eq_add_symbol(eq_model *m, const char *name, size_t n, uint8_t kind, eq_unit unit)
{
    if (m->n_syms == EQ_MAX_SYMBOLS)
        return -1;
    eq_symbol *s = &m->syms[m->n_syms];
    *s = (eq_symbol){.kind = kind, .unit = unit, .def = -1};
    snprintf(s->name, sizeof s->name, "%.*s", (int)n, name);
    return (int32_t)m->n_syms++;
}

/* Strings of the tables live in one growing buffer; offsets until the end. */
size_t eq_keep_string(eq_model *m, const char *text)
{
    size_t n = strlen(text) + 1;
    if (m->strings_len + n > m->strings_cap) {
        size_t cap = m->strings_cap ? m->strings_cap : 1024;
        while (cap < m->strings_len + n)
            cap *= 2;
        char *g = realloc(m->strings, cap);
        if (!g)
            return (size_t)-1;
        m->strings = g;
        m->strings_cap = cap;
    }
    memcpy(m->strings + m->strings_len, text, n);
    m->strings_len += n;
    return m->strings_len - n;
}

/* ------------------------------------------------------------ declarations */


/* The comment of physical line `line` (1-based) of text, trimmed. */
static void comment_of(const char *text, uint32_t line, char *out, size_t len)
{
    out[0] = '\0';
    for (uint32_t l = 1; l < line && text; l++) {
        text = strchr(text, '\n');
        if (text)
            text++;
    }
    if (!text)
        return;
    const char *eol = strchr(text, '\n');
    size_t n = eol ? (size_t)(eol - text) : strlen(text);
    const char *hash = memchr(text, '#', n);
    if (!hash)
        return;
    hash++;
    n -= (size_t)(hash - text);
    while (n && isspace((unsigned char)*hash))
        hash++, n--;
    while (n && isspace((unsigned char)hash[n - 1]))
        n--;
    snprintf(out, len, "%.*s", (int)n, hash);
}

/* Splits "EXPR : UNIT [(unless refractory)]" at the top-level ':'. */
const char *eq_unit_part(const char *at)
{
    int depth = 0;
    for (const char *p = at; *p; p++) {
        depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
        if (*p == ':' && depth == 0)
            return p;
    }
    return NULL;
}

/* The expression from `at` of the line up to `colon` (NULL: the end),
 * which nothing else may follow; -1 with msg. */
int32_t eq_expression_before(eq_model *m, const eq_src *src, const char *at, const char *colon, char *msg,
                                 size_t len)
{
    char *expr = strndup(src->text, colon ? (size_t)(colon - src->text) : strlen(src->text));
    if (!expr)
        return eq_fail(m, msg, len, src->field, src->line, 0, "out of memory");
    eq_src sub = *src;
    sub.text = expr;
    const char *end;
    int32_t tree = eq_parse_expression(m, &sub, expr + (at - src->text), &end, msg, len);
    if (tree >= 0 && eq_expect_end(m, &sub, end, NULL, msg, len))
        tree = -1;
    free(expr);
    return tree;
}

/* Parses ": UNIT" at `colon` (NULL: dimensionless) and an optional
 * "(unless refractory)". */

static int parse_bounds(eq_model *m, const eq_src *src, const char *open, bounds *b, char *msg, size_t len)
{
    const char *p = open + 1;
    for (;;) {
        while (*p == ' ')
            p++;
        uint32_t line, col;
        eq_where(src, p, &line, &col);
        int gt = *p == '>', lt = *p == '<';
        if (!gt && !lt)
            return eq_fail(m, msg, len, src->field, line, col, "expected bounds such as (> 0) or (>= 0, <= 1)");
        int strict = p[1] != '=';
        p += strict ? 1 : 2;
        char *end;
        double x = strtod(p, &end);
        if (end == p || !isfinite(x))
            return eq_fail(m, msg, len, src->field, line, col, "expected a finite number after '%s'",
                           gt ? (strict ? ">" : ">=") : (strict ? "<" : "<="));
        if (gt) {
            b->min = x;
            b->flags = (b->flags & ~(unsigned)AX_PARAM_GT_MIN) | (strict ? AX_PARAM_GT_MIN : 0);
        } else {
            b->max = x;
            b->flags = (b->flags & ~(unsigned)AX_PARAM_LT_MAX) | (strict ? AX_PARAM_LT_MAX : 0);
        }
        p = end;
        while (*p == ' ')
            p++;
        if (*p == ',') {
            p++;
            continue;
        }
        eq_where(src, p, &line, &col);
        if (*p != ')')
            return eq_fail(m, msg, len, src->field, line, col, "expected ')' or ',' in the bounds");
        return eq_expect_end(m, src, p + 1, NULL, msg, len);
    }
}

int eq_parse_unit_suffix(eq_model *m, const eq_src *src, const char *colon, eq_unit *u, bool *unless, bounds *b,
                      char *msg, size_t len)
{
    *u = eq_unit_one;
    if (unless)
        *unless = false;
    if (!colon)
        return 0;
    char text[128];
    const char *p = colon + 1;
    while (*p == ' ' || *p == '\t')
        p++;
    const char *flag = strchr(p, '(');
    size_t n = flag ? (size_t)(flag - p) : strlen(p);
    uint32_t line, col;
    eq_where(src, p, &line, &col);
    if (n >= sizeof text)
        return eq_fail(m, msg, len, src->field, line, col, "unit too long");
    memcpy(text, p, n);
    text[n] = '\0';
    while (n && isspace((unsigned char)text[n - 1]))
        text[--n] = '\0';
    char why[400];
    if (eq_unit_parse(text, u, why, sizeof why))
        return eq_fail(m, msg, len, src->field, line, col, "%s", why);
    if (flag && b)
        return parse_bounds(m, src, flag, b, msg, len);
    if (flag) {
        eq_where(src, flag, &line, &col);
        char words[64];
        if (sscanf(flag, "( unless refractory %1[)]", words) != 1 || !unless)
            return eq_fail(m, msg, len, src->field, line, col, "expected '(unless refractory)'%s",
                           unless ? "" : " only after a differential equation");
        *unless = true;
        const char *close = strchr(flag, ')') + 1;
        if (eq_expect_end(m, src, close, NULL, msg, len))
            return -1;
    }
    return 0;
}

int eq_check_new_name(eq_model *m, const eq_src *src, const char *at, const char *name, char *msg, size_t len)
{
    uint32_t line, col;
    eq_where(src, at, &line, &col);
    for (size_t k = 0; k < AX_COUNT(reserved); k++)
        if (!strcmp(reserved[k], name))
            return eq_fail(m, msg, len, src->field, line, col, "'%s' is reserved (names known everywhere: I_inj, t, "
                           "dt, pi, weight, xi; refrac counts refractory steps; spikes names recorded spikes)", name);
    if (!strncmp(name, "xi_", 3))
        return eq_fail(m, msg, len, src->field, line, col, "'%s': names xi and xi_* are white noises", name);
    if (ax_expr_is_function(name) || eq_find_function(m, name) >= 0 || !strcmp(name, "floor") ||
        !strcmp(name, "sin") || !strcmp(name, "cos") || !strcmp(name, "sinh"))
        return eq_fail(m, msg, len, src->field, line, col, "'%s' is a function", name);
    int32_t s = eq_find_symbol(m, name);
    if (s >= 0) {
        const eq_symbol *o = &m->syms[s];
        return eq_fail(m, msg, len, src->field, line, col, "'%s' is defined twice (first at %s:%u)", name,
                       eq_field_names[o->field], o->line);
    }
    return 0;
}

int eq_declaration(eq_model *m, const eq_src *src, void *vctx, char *msg, size_t len)
{
    decl_ctx *ctx = vctx;
    const char *name;
    size_t n;
    uint32_t line, col;
    const char *s = eq_leading_name(src, &name, &n, &line, &col);
    if (!n || n > EQ_MAX_NAME)
        return eq_fail(m, msg, len, src->field, line, col, "expected NAME = VALUE [: UNIT] [# doc]");
    char word[EQ_MAX_NAME + 1];
    snprintf(word, sizeof word, "%.*s", (int)n, name);
    if (eq_check_new_name(m, src, name, word, msg, len))
        return -1;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s != '=') {
        eq_where(src, s, &line, &col);
        return eq_fail(m, msg, len, src->field, line, col, "expected '=' and the %s after '%s'",
                       ctx->kind == S_PARAM ? "default value" : "initial value", word);
    }
    s++;
    const char *colon = eq_unit_part(s);
    int32_t value = eq_expression_before(m, src, s, colon, msg, len);
    if (value < 0)
        return -1;
    eq_unit u;
    bounds b = {-INFINITY, INFINITY, 0};
    if (eq_parse_unit_suffix(m, src, colon, &u, NULL, ctx->kind == S_PARAM ? &b : NULL, msg, len))
        return -1;
    const eq_node *v = &m->nodes[value];
    while (*s == ' ' || *s == '\t')
        s++;
    eq_where(src, s, &line, &col);   /* the value's column */
    if (ctx->kind == S_PARAM && v->op != Q_NUM)
        return eq_fail(m, msg, len, src->field, line, col, "a parameter's default is a number");
    double x = v->op == Q_NUM ? v->value : NAN;
    if (v->op != Q_NUM) {
        /* an initial value may be an expression of parameters (their defaults) */
        if (eq_varies(m, value))
            return eq_fail(m, msg, len, src->field, line, col, "an initial value is a number or an expression of "
                           "parameters");
        double *values = calloc(m->n_syms, sizeof *values);
        if (!values)
            return eq_fail(m, msg, len, src->field, line, col, "out of memory");
        for (uint32_t k = 0; k < m->n_syms; k++)
            values[k] = m->syms[k].value;
        x = eq_eval(m, value, values);
        free(values);
        if (eq_expect_unit(m, value, u, "the initial value", msg, len))
            return -1;
    }
    if (!isfinite(x))
        return eq_fail(m, msg, len, src->field, line, col, "'%s' = %g: must be finite", word, x);
    if (x < b.min || x > b.max || ((b.flags & AX_PARAM_GT_MIN) && x == b.min) ||
        ((b.flags & AX_PARAM_LT_MAX) && x == b.max))
        return eq_fail(m, msg, len, src->field, line, col, "the default %g of '%s' is outside its bounds", x,
                       word);
    if ((ctx->kind == S_PARAM ? m->n_params >= EQ_MAX_PARAMS : m->n_states >= EQ_MAX_STATES - 1))
        return eq_fail(m, msg, len, src->field, line, col, "more than %d %s", ctx->kind == S_PARAM ? EQ_MAX_PARAMS :
                       EQ_MAX_STATES - 1, ctx->kind == S_PARAM ? "parameters" : "state variables");
    int32_t sym = eq_add_symbol(m, word, n, ctx->kind, u);
    if (sym < 0)
        return eq_fail(m, msg, len, src->field, line, col, "more than %d names", EQ_MAX_SYMBOLS);
    eq_symbol *es = &m->syms[sym];
    es->value = x;
    es->field = src->field;
    es->line = src->line;
    es->col = col;
    char doc[256], unit[64];
    comment_of(ctx->field_text, src->line, doc, sizeof doc);
    eq_unit_format(u, unit, sizeof unit);
    if (!strcmp(unit, "1"))
        unit[0] = '\0';
    ctx->doc_off[sym] = eq_keep_string(m, doc);
    ctx->unit_off[sym] = eq_keep_string(m, unit);
    if (ctx->doc_off[sym] == (size_t)-1 || ctx->unit_off[sym] == (size_t)-1)
        return eq_fail(m, msg, len, src->field, line, col, "out of memory");
    if (ctx->kind == S_PARAM) {
        ctx->bounds[m->n_params][0] = b.min;
        ctx->bounds[m->n_params][1] = b.max;
        ctx->bound_flags[m->n_params] = b.flags;
        es->index = m->n_params;
        m->param_sym[m->n_params++] = (uint32_t)sym;
    } else {
        es->index = m->n_states;
        m->state_sym[m->n_states++] = (uint32_t)sym;
    }
    return 0;
}

/* The parameters of a plasticity rule (rule.c): m->params (EQ_MAX_PARAMS
 * entries) filled as a model's. */
int eq_declare_parameters(eq_model *m, const char *text, char *msg, size_t len)
{
    decl_ctx *dc = calloc(1, sizeof *dc);
    if (!dc)
        return eq_fail(m, msg, len, 0, 0, 0, "out of memory");
    dc->kind = S_PARAM;
    dc->field_text = text;
    int rc = eq_each_line(m, F_PARAMETERS, text, eq_declaration, dc, msg, len);
    for (uint32_t k = 0; !rc && k < m->n_params; k++) {
        uint32_t s = m->param_sym[k];
        m->params[k] = (ax_param_info){.name = m->syms[s].name, .unit = m->strings + dc->unit_off[s],
                                       .value = m->syms[s].value, .min = dc->bounds[k][0], .max = dc->bounds[k][1],
                                       .flags = dc->bound_flags[k], .doc = m->strings + dc->doc_off[s]};
    }
    free(dc);
    return rc;
}

