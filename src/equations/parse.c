/*
 * parse.c - expressions of equation models into trees: comparisons,
 * logic, if(), rand(), clip(), the library's functions and the user's
 * (defined here, expanded where called), with the line and column of
 * every node.  Statements are statements.c's.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "equations/equations.h"

#define MAX_DEPTH 100

/* ------------------------------------------------------------ expressions */

static const struct {
    const char *name;
    uint8_t op, args;
} functions[] = {
    {"exp", Q_EXP, 1},     {"log", Q_LOG, 1},     {"sqrt", Q_SQRT, 1},   {"tanh", Q_TANH, 1},
    {"cosh", Q_COSH, 1},   {"sinh", Q_SINH, 1},   {"sin", Q_SIN, 1},     {"cos", Q_COS, 1},
    {"abs", Q_ABS, 1},     {"exprel", Q_EXPREL, 1}, {"floor", Q_FLOOR, 1}, {"pow", Q_POW, 2},
    {"min", Q_MIN, 2},     {"max", Q_MAX, 2},     {"vtrap", Q_VTRAP, 2}, {"if", Q_SELECT, 3},
};
#define N_FUNCTIONS (sizeof functions / sizeof functions[0])

typedef struct parser {
    eq_model *m;
    const eq_src *src;
    const char *at;
    int depth;
    char *msg;
    size_t len;
    int failed;
    const eq_function *scope;   /* the function whose body is parsed, or NULL */
} parser;

static int32_t pfail(parser *p, const char *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int32_t pfail(parser *p, const char *at, const char *fmt, ...)
{
    if (p->failed)
        return -1;
    p->failed = 1;
    char what[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    uint32_t line, col;
    eq_where(p->src, at, &line, &col);
    eq_fail(p->m, p->msg, p->len, p->src->field, line, col, "%s", what);
    return -1;
}

static int32_t node_at(parser *p, eq_node n, const char *at)
{
    eq_where(p->src, at, &n.line, &n.col);
    n.field = p->src->field;
    int32_t r = eq_add_node(p->m, n);
    if (r == -2)
        return pfail(p, at, "out of memory");
    return r;
}

static int32_t op_at(parser *p, uint8_t op, int32_t a, int32_t b, int32_t c, const char *at)
{
    if (a < 0 || (b < 0 && !EQ_IS_UNARY(op)) || (c < 0 && op == Q_SELECT))
        return -1;
    int32_t where = node_at(p, (eq_node){.op = Q_NUM, .a = -1, .b = -1, .c = -1}, at);
    if (where < 0)
        return -1;
    int32_t r = eq_make(p->m, op, a, b, c, where);
    if (r == -2)
        return pfail(p, at, "out of memory");
    return r;
}

static char peek(parser *p)
{
    while (*p->at == ' ' || *p->at == '\t' || *p->at == '\n' || *p->at == '\r')
        p->at++;
    return *p->at;
}


static int32_t disjunction(parser *p);

static int32_t number(parser *p)
{
    const char *start = p->at;
    char *end;
    double x = strtod(p->at, &end);
    const char *e = start;
    while (eq_is_digit(*e) || *e == '.')
        e++;
    if ((*e == 'e' || *e == 'E') && end <= e)
        return pfail(p, start, "malformed number (an exponent needs digits, as in 1e-3)");
    p->at = end;
    if (eq_is_name_start(*p->at))
        return pfail(p, p->at, "a number followed by a name: write a product with '*' (units are declared "
                               "with ': unit' after an equation, not written in expressions)");
    return node_at(p, (eq_node){.op = Q_NUM, .a = -1, .b = -1, .c = -1, .value = x}, start);
}

void eq_names_list(const eq_model *m, const char *word, char *out, size_t len)
{
    ax_suggest s;
    char hint[128], list[600] = "";
    ax_suggest_init(&s, word);
    for (uint32_t k = 0; k < m->n_syms; k++) {
        if (m->syms[k].kind == S_ARG || m->syms[k].kind == S_WEIGHT)
            continue;
        ax_suggest_add(&s, m->syms[k].name);
        ax_append(list, sizeof list, list[0] ? ", " : "");
        ax_append(list, sizeof list, m->syms[k].name);
    }
    snprintf(out, len, "%s; names: %s", ax_suggest_text(&s, hint, sizeof hint), list);
}

static int32_t call(parser *p, const char *name, const char *start)
{
    if (!strcmp(name, "rand") && eq_find_function(p->m, name) < 0) {
        /* rand(): uniform in (0, 1), per neuron and step, each call its own stream */
        p->at++;
        if (peek(p) != ')')
            return pfail(p, p->at, "rand() takes no arguments");
        p->at++;
        if (p->m->no_rand)
            return pfail(p, start, "rand() belongs in neuron models (a plasticity rule's steps are not random)");
        if (p->m->n_rand >= 1024)
            return pfail(p, start, "more than 1024 calls of rand()");
        return node_at(p, (eq_node){.op = Q_RAND, .a = -1, .b = -1, .c = -1, .k = (int16_t)p->m->n_rand++}, start);
    }
    if (!strcmp(name, "clip") && eq_find_function(p->m, name) < 0) {
        /* clip(x, lo, hi) = min(max(x, lo), hi) */
        p->at++;
        int32_t a[3];
        for (int k = 0; k < 3; k++) {
            a[k] = disjunction(p);
            if (a[k] < 0)
                return -1;
            if (peek(p) != (k < 2 ? ',' : ')'))
                return pfail(p, p->at, k < 2 ? "expected ',' (clip takes 3 arguments: x, lo, hi)" : "expected ')'");
            p->at++;
        }
        return op_at(p, Q_MIN, op_at(p, Q_MAX, a[0], a[1], -1, start), a[2], -1, start);
    }
    int32_t user = eq_find_function(p->m, name);
    uint32_t f = 0;
    while (f < N_FUNCTIONS && strcmp(functions[f].name, name))
        f++;
    if (user < 0 && f == N_FUNCTIONS) {
        ax_suggest s;
        char hint[128];
        ax_suggest_init(&s, name);
        for (uint32_t k = 0; k < N_FUNCTIONS; k++)
            ax_suggest_add(&s, functions[k].name);
        for (uint32_t k = 0; k < p->m->n_funcs; k++)
            ax_suggest_add(&s, p->m->funcs[k].name);
        return pfail(p, start, "unknown function '%s'%s; functions: exp, log, sqrt, tanh, cosh, sinh, sin, cos, "
                     "abs, exprel, floor, pow, min, max, clip, vtrap, if, rand, and those defined", name,
                     ax_suggest_text(&s, hint, sizeof hint));
    }
    unsigned want = user >= 0 ? p->m->funcs[user].n_args : functions[f].args;
    p->at++;
    int32_t args[8];
    unsigned n = 0;
    if (peek(p) != ')') {
        for (;;) {
            int32_t a = disjunction(p);
            if (a < 0)
                return -1;
            if (n < 8)
                args[n] = a;
            n++;
            if (peek(p) != ',')
                break;
            p->at++;
        }
    }
    if (peek(p) != ')')
        return pfail(p, p->at, n < want ? "expected ','" : "expected ')'");
    p->at++;
    if (n != want)
        return pfail(p, start, "%s takes %u argument%s, not %u", name, want, want == 1 ? "" : "s", n);
    if (user >= 0) {
        const eq_function *fn = &p->m->funcs[user];
        int32_t r = fn->body;
        for (unsigned k = 0; k < n && r >= 0; k++)
            r = eq_substitute(p->m, r, fn->arg_sym[k], args[k]);
        if (r == -2)
            return pfail(p, start, "out of memory");
        return r;
    }
    return op_at(p, functions[f].op, args[0], n > 1 ? args[1] : -1, n > 2 ? args[2] : -1, start);
}

static int32_t name(parser *p)
{
    const char *start = p->at;
    while (eq_is_name_start(*p->at) || eq_is_digit(*p->at))
        p->at++;
    size_t n = (size_t)(p->at - start);
    if (n > EQ_MAX_NAME)
        return pfail(p, start, "name longer than %d characters", EQ_MAX_NAME);
    char word[EQ_MAX_NAME + 1];
    memcpy(word, start, n);
    word[n] = '\0';
    if (!strcmp(word, "and") || !strcmp(word, "or") || !strcmp(word, "not"))
        return pfail(p, start, "'%s' where a value belongs", word);
    if (peek(p) == '(')
        return call(p, word, start);
    if (!strcmp(word, "true") || !strcmp(word, "false"))
        return node_at(p, (eq_node){.op = Q_NUM, .a = -1, .b = -1, .c = -1, .value = word[0] == 't'}, start);
    if (p->scope)
        for (uint32_t k = 0; k < p->scope->n_args; k++)
            if (!strcmp(strchr(p->m->syms[p->scope->arg_sym[k]].name, '.') + 1, word))
                return node_at(p, (eq_node){.op = Q_SYM, .a = -1, .b = -1, .c = -1, .sym = p->scope->arg_sym[k]},
                               start);
    int32_t s = eq_find_symbol(p->m, word);
    if (s >= 0 && p->m->syms[s].kind == S_WEIGHT && p->src->field != F_RECEPTORS)
        s = -1;
    if (s < 0) {
        if (eq_find_function(p->m, word) >= 0)
            return pfail(p, start, "'%s' is a function: write %s(...)", word, word);
        for (uint32_t f = 0; f < N_FUNCTIONS; f++)
            if (!strcmp(functions[f].name, word))
                return pfail(p, start, "'%s' is a function: write %s(...)", word, word);
        char tail[800];
        eq_names_list(p->m, word, tail, sizeof tail);
        return pfail(p, start, "unknown name '%s'%s", word, tail);
    }
    return node_at(p, (eq_node){.op = Q_SYM, .a = -1, .b = -1, .c = -1, .sym = (uint32_t)s}, start);
}

static int32_t primary(parser *p)
{
    char c = peek(p);
    if (eq_is_digit(c) || (c == '.' && eq_is_digit(p->at[1])))
        return number(p);
    if (eq_is_name_start(c))
        return name(p);
    if (c == '(') {
        p->at++;
        int32_t e = disjunction(p);
        if (e < 0)
            return -1;
        if (peek(p) != ')')
            return pfail(p, p->at, "expected ')'");
        p->at++;
        return e;
    }
    if (c == '\0' || c == ';')
        return pfail(p, p->at, "expected a number, a name or '('");
    if ((unsigned char)c >= 0x80 || c < ' ')
        return pfail(p, p->at, "unexpected character");
    return pfail(p, p->at, "unexpected '%c' where a number, a name or '(' belongs", c);
}

static int is_power(parser *p)
{
    char c = peek(p);
    return c == '^' || (c == '*' && p->at[1] == '*');
}

static int32_t unary(parser *p)
{
    if (++p->depth > MAX_DEPTH)
        return pfail(p, p->at, "too deeply nested (more than %d levels)", MAX_DEPTH);
    int32_t r;
    const char *at = p->at;
    char c = peek(p);
    if (c == '-' || c == '+') {
        at = p->at++;
        r = unary(p);
        if (c == '-')
            r = op_at(p, Q_NEG, r, -1, -1, at);
    } else {
        r = primary(p);
        if (r >= 0 && is_power(p)) {
            at = p->at;
            p->at += *p->at == '^' ? 1 : 2;
            r = op_at(p, Q_POW, r, unary(p), -1, at);
        }
    }
    p->depth--;
    return r;
}

static int32_t term(parser *p)
{
    int32_t r = unary(p);
    for (char c; r >= 0 && ((c = peek(p)) == '/' || (c == '*' && p->at[1] != '*'));) {
        const char *at = p->at++;
        r = op_at(p, c == '*' ? Q_MUL : Q_DIV, r, unary(p), -1, at);
    }
    return r;
}

static int32_t sum(parser *p)
{
    int32_t r = term(p);
    for (char c; r >= 0 && ((c = peek(p)) == '+' || c == '-');) {
        const char *at = p->at++;
        r = op_at(p, c == '+' ? Q_ADD : Q_SUB, r, term(p), -1, at);
    }
    return r;
}

/* A comparison operator at p->at: its op and length, 0 if none. */
static int comparison_op(parser *p, uint8_t *op)
{
    const char *s = p->at;
    if (s[0] == '<' && s[1] == '=') { *op = Q_LE; return 2; }
    if (s[0] == '>' && s[1] == '=') { *op = Q_GE; return 2; }
    if (s[0] == '=' && s[1] == '=') { *op = Q_EQ; return 2; }
    if (s[0] == '!' && s[1] == '=') { *op = Q_NE; return 2; }
    if (s[0] == '<') { *op = Q_LT; return 1; }
    if (s[0] == '>') { *op = Q_GT; return 1; }
    return 0;
}

static int32_t comparison(parser *p)
{
    int32_t r = sum(p);
    uint8_t op;
    int n;
    if (r >= 0 && (peek(p), (n = comparison_op(p, &op)) > 0)) {
        const char *at = p->at;
        p->at += n;
        r = op_at(p, op, r, sum(p), -1, at);
        if (r >= 0 && (peek(p), comparison_op(p, &op) > 0))
            return pfail(p, p->at, "comparisons do not chain: write a < b and b < c");
    }
    return r;
}

static int word_at(parser *p, const char *w)
{
    size_t n = strlen(w);
    return !strncmp(p->at, w, n) && !eq_is_name_start(p->at[n]) && !eq_is_digit(p->at[n]);
}

static int32_t negation(parser *p)
{
    char c = peek(p);
    if ((c == '!' && p->at[1] != '=') || word_at(p, "not")) {
        const char *at = p->at;
        p->at += c == '!' ? 1 : 3;
        if (++p->depth > MAX_DEPTH)
            return pfail(p, at, "too deeply nested (more than %d levels)", MAX_DEPTH);
        int32_t r = op_at(p, Q_NOT, negation(p), -1, -1, at);
        p->depth--;
        return r;
    }
    return comparison(p);
}

static int32_t conjunction(parser *p)
{
    int32_t r = negation(p);
    while (r >= 0 && (peek(p), (p->at[0] == '&' && p->at[1] == '&') || word_at(p, "and"))) {
        const char *at = p->at;
        p->at += p->at[0] == '&' ? 2 : 3;
        r = op_at(p, Q_AND, r, negation(p), -1, at);
    }
    return r;
}

static int32_t disjunction(parser *p)
{
    if (++p->depth > MAX_DEPTH)
        return pfail(p, p->at, "too deeply nested (more than %d levels)", MAX_DEPTH);
    int32_t r = conjunction(p);
    while (r >= 0 && (peek(p), (p->at[0] == '|' && p->at[1] == '|') || word_at(p, "or"))) {
        const char *at = p->at;
        p->at += p->at[0] == '|' ? 2 : 2;
        r = op_at(p, Q_OR, r, conjunction(p), -1, at);
    }
    p->depth--;
    return r;
}

static int32_t parse_in_scope(eq_model *m, const eq_src *src, const char *text_at, const char **end,
                              const eq_function *scope, char *msg, size_t len)
{
    parser p = {.m = m, .src = src, .at = text_at, .msg = msg, .len = len, .scope = scope};
    int32_t r = disjunction(&p);
    if (r < 0 && !p.failed)
        pfail(&p, p.at, "out of memory");
    int big = r >= 0 ? eq_too_large(m, r, false) : 0;
    if (big)
        return pfail(&p, text_at, big < 0 ? "out of memory" : "the expression stands for more than %d operations "
                     "once its functions are expanded", EQ_MAX_EXPANDED);
    if (r >= 0)
        peek(&p);
    *end = p.at;
    return p.failed ? -1 : r;
}

int32_t eq_parse_expression(eq_model *m, const eq_src *src, const char *text_at, const char **end, char *msg,
                            size_t len)
{
    return parse_in_scope(m, src, text_at, end, NULL, msg, len);
}

/* The rest of an expression's line must be empty (or `allowed`). */
int eq_expect_end(eq_model *m, const eq_src *src, const char *at, const char *allowed, char *msg, size_t len)
{
    while (*at == ' ' || *at == '\t' || *at == '\n' || *at == '\r')
        at++;
    if (!*at || (allowed && strchr(allowed, *at)))
        return 0;
    uint32_t line, col;
    eq_where(src, at, &line, &col);
    if (*at == ')')
        return eq_fail(m, msg, len, src->field, line, col, "unmatched ')'");
    if (*at == '=')
        return eq_fail(m, msg, len, src->field, line, col, "unexpected '=' (a comparison is '==')");
    return eq_fail(m, msg, len, src->field, line, col, "unexpected '%c' after the expression", *at);
}

/* ------------------------------------------------------------ functions */

int eq_parse_function(eq_model *m, const eq_src *src, const char *at, char *msg, size_t len)
{
    const char *s = at;
    while (*s == ' ' || *s == '\t')
        s++;
    const char *name_start = s;
    while (eq_is_name_start(*s) || eq_is_digit(*s))
        s++;
    size_t n = (size_t)(s - name_start);
    uint32_t line, col;
    eq_where(src, name_start, &line, &col);
    if (!n || !eq_is_name_start(*name_start) || n > EQ_MAX_NAME || *s != '(')
        return eq_fail(m, msg, len, src->field, line, col, "expected a function definition such as "
                       "f(x, y) = x * y");
    char fname[EQ_MAX_NAME + 1];
    memcpy(fname, name_start, n);
    fname[n] = '\0';
    for (uint32_t f = 0; f < N_FUNCTIONS; f++)
        if (!strcmp(functions[f].name, fname))
            return eq_fail(m, msg, len, src->field, line, col, "'%s' is a function of the library", fname);
    if (eq_find_function(m, fname) >= 0 || eq_find_symbol(m, fname) >= 0)
        return eq_fail(m, msg, len, src->field, line, col, "'%s' is defined twice", fname);
    if (m->n_funcs == 32)
        return eq_fail(m, msg, len, src->field, line, col, "more than 32 functions");
    eq_function *fn = &m->funcs[m->n_funcs];
    *fn = (eq_function){.line = line};
    snprintf(fn->name, sizeof fn->name, "%s", fname);
    s++;
    for (;;) {
        while (*s == ' ')
            s++;
        if (*s == ')' && fn->n_args == 0)
            break;
        const char *a = s;
        while (eq_is_name_start(*s) || eq_is_digit(*s))
            s++;
        eq_where(src, a, &line, &col);
        if (s == a || !eq_is_name_start(*a))
            return eq_fail(m, msg, len, src->field, line, col, "expected an argument name");
        if (fn->n_args == 8)
            return eq_fail(m, msg, len, src->field, line, col, "more than 8 arguments");
        if (m->n_syms == EQ_MAX_SYMBOLS)
            return eq_fail(m, msg, len, src->field, line, col, "more than %d names", EQ_MAX_SYMBOLS);
        eq_symbol *sym = &m->syms[m->n_syms];
        *sym = (eq_symbol){.kind = S_ARG, .unit = eq_unit_wild, .index = fn->n_args, .def = -1};
        int an = (int)(s - a) < EQ_MAX_NAME / 2 ? (int)(s - a) : EQ_MAX_NAME / 2;
        if ((size_t)snprintf(sym->name, sizeof sym->name, "%.31s.%.*s", fname, an, a) >= sizeof sym->name ||
            an < (int)(s - a) || n > 31)
            return eq_fail(m, msg, len, src->field, line, col, "function and argument names of at most 31 "
                           "characters");
        for (uint32_t k = 0; k < fn->n_args; k++)
            if (!strcmp(m->syms[fn->arg_sym[k]].name, sym->name))
                return eq_fail(m, msg, len, src->field, line, col, "argument '%.*s' twice", (int)(s - a), a);
        fn->arg_sym[fn->n_args++] = m->n_syms++;
        while (*s == ' ')
            s++;
        if (*s == ',') {
            s++;
            continue;
        }
        break;
    }
    eq_where(src, s, &line, &col);
    if (*s != ')')
        return eq_fail(m, msg, len, src->field, line, col, "expected ')' or ','");
    s++;
    while (*s == ' ')
        s++;
    eq_where(src, s, &line, &col);
    if (*s != '=')
        return eq_fail(m, msg, len, src->field, line, col, "expected '=' and the function's body");
    const char *end;
    int32_t body = parse_in_scope(m, src, s + 1, &end, fn, msg, len);
    if (body < 0 || eq_expect_end(m, src, end, NULL, msg, len))
        return -1;
    fn->body = body;
    m->n_funcs++;
    return 0;
}

