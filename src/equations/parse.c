/*
 * parse.c - the text of equation models into trees: logical lines,
 * expressions (with comparisons, logic, if(), the library's functions and
 * the user's), and the statements of resets and receptors (assignments,
 * += -= *= /=, if/elif/else/end blocks), which become the new value of
 * each assigned variable as a tree of the values before (so that a block
 * runs as selects over 64 neurons at a time, with no branch per neuron).
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

const char *const eq_field_names[] = {"", "parameters", "state", "equations", "threshold", "reset", "refractory",
                                      "receptors", "functions", "method", "pre", "post", "on_pre", "on_post"};

int eq_fail(eq_model *m, char *msg, size_t len, uint16_t field, uint32_t line, uint32_t col, const char *fmt, ...)
{
    (void)m;
    char what[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (field && line)
        snprintf(msg, len, "%s:%u:%u: %s", eq_field_names[field], line, col ? col : 1, what);
    else if (field)
        snprintf(msg, len, "%s: %s", eq_field_names[field], what);
    else
        snprintf(msg, len, "%s", what);
    return -1;
}

int32_t eq_add_node(eq_model *m, eq_node n)
{
    if (m->n_nodes == m->cap_nodes) {
        uint32_t cap = m->cap_nodes ? 2 * m->cap_nodes : 256;
        if (cap > (1u << 22))
            return -2;
        eq_node *g = realloc(m->nodes, cap * sizeof *g);
        if (!g)
            return -2;
        m->nodes = g;
        uint32_t *v = realloc(m->visit, cap * sizeof *v);
        if (!v)
            return -2;
        memset(v + m->cap_nodes, 0, (cap - m->cap_nodes) * sizeof *v);
        m->visit = v;
        m->cap_nodes = cap;
    }
    m->nodes[m->n_nodes] = n;
    return (int32_t)m->n_nodes++;
}

int32_t eq_find_symbol(const eq_model *m, const char *name)
{
    for (uint32_t k = 0; k < m->n_syms; k++)
        if (m->syms[k].kind != S_ARG && !strcmp(m->syms[k].name, name))
            return (int32_t)k;
    return -1;
}

int32_t eq_find_function(const eq_model *m, const char *name)
{
    for (uint32_t k = 0; k < m->n_funcs; k++)
        if (!strcmp(m->funcs[k].name, name))
            return (int32_t)k;
    return -1;
}

/* ------------------------------------------------------------ positions */

void eq_where(const eq_src *src, const char *at, uint32_t *line, uint32_t *col)
{
    uint32_t l = src->line, c = src->first_line_col;
    for (const char *p = src->text; p < at && *p; p++) {
        if (*p == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* ------------------------------------------------------------ lines */

static int ends_open(const char *s, size_t n, int depth)
{
    if (depth > 0)
        return 1;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    if (!n)
        return 0;
    return strchr("+-*/^,(=<>&|", s[n - 1]) != NULL;
}

int eq_each_line(eq_model *m, uint16_t field, const char *text, eq_line_fn fn, void *ctx, char *msg, size_t len)
{
    if (!text)
        return 0;
    size_t total = strlen(text);
    if (total > EQ_MAX_TEXT)
        return eq_fail(m, msg, len, field, 0, 0, "%zu characters: at most %d", total, EQ_MAX_TEXT);
    char *buf = malloc(total + 1);
    if (!buf)
        return eq_fail(m, msg, len, field, 0, 0, "out of memory");
    uint32_t line = 1;
    const char *p = text;
    int rc = 0;
    while (*p && !rc) {
        /* one logical line: physical lines joined (with their '\n') while open */
        size_t n = 0;
        uint32_t start_line = line;
        int depth = 0;
        for (;;) {
            const char *eol = strchr(p, '\n');
            size_t l = eol ? (size_t)(eol - p) : strlen(p);
            size_t code = l;
            for (size_t i = 0; i < l; i++)
                if (p[i] == '#') {
                    code = i;
                    break;
                }
            memcpy(buf + n, p, code);
            for (size_t i = code; i < l; i++)
                buf[n + i] = ' ';   /* the comment, blanked: columns stay */
            for (size_t i = 0; i < code; i++)
                depth += p[i] == '(' ? 1 : p[i] == ')' ? -1 : 0;
            int open = ends_open(p, code, depth);
            n += l;
            p += l;
            if (*p == '\n') {
                p++;
                line++;
            }
            if (!open || !*p)
                break;
            buf[n++] = '\n';
        }
        buf[n] = '\0';
        int blank = 1;
        for (size_t i = 0; i < n; i++)
            if (!isspace((unsigned char)buf[i]))
                blank = 0;
        if (!blank) {
            eq_src src = {.field = field, .text = buf, .line = start_line, .first_line_col = 1};
            rc = fn(m, &src, ctx, msg, len);
        }
    }
    free(buf);
    return rc;
}

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

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int32_t disjunction(parser *p);

static int32_t number(parser *p)
{
    const char *start = p->at;
    char *end;
    double x = strtod(p->at, &end);
    const char *e = start;
    while (is_digit(*e) || *e == '.')
        e++;
    if ((*e == 'e' || *e == 'E') && end <= e)
        return pfail(p, start, "malformed number (an exponent needs digits, as in 1e-3)");
    p->at = end;
    if (is_alpha(*p->at))
        return pfail(p, p->at, "a number followed by a name: write a product with '*' (units are declared "
                               "with ': unit' after an equation, not written in expressions)");
    return node_at(p, (eq_node){.op = Q_NUM, .a = -1, .b = -1, .c = -1, .value = x}, start);
}

static void names_list(const eq_model *m, const char *word, char *out, size_t len)
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
                     "abs, exprel, floor, pow, min, max, clip, vtrap, if, and those defined", name,
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
    while (is_alpha(*p->at) || is_digit(*p->at))
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
        names_list(p->m, word, tail, sizeof tail);
        return pfail(p, start, "unknown name '%s'%s", word, tail);
    }
    return node_at(p, (eq_node){.op = Q_SYM, .a = -1, .b = -1, .c = -1, .sym = (uint32_t)s}, start);
}

static int32_t primary(parser *p)
{
    char c = peek(p);
    if (is_digit(c) || (c == '.' && is_digit(p->at[1])))
        return number(p);
    if (is_alpha(c))
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
    return !strncmp(p->at, w, n) && !is_alpha(p->at[n]) && !is_digit(p->at[n]);
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
    while (is_alpha(*s) || is_digit(*s))
        s++;
    size_t n = (size_t)(s - name_start);
    uint32_t line, col;
    eq_where(src, name_start, &line, &col);
    if (!n || !is_alpha(*name_start) || n > EQ_MAX_NAME || *s != '(')
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
        while (is_alpha(*s) || is_digit(*s))
            s++;
        eq_where(src, a, &line, &col);
        if (s == a || !is_alpha(*a))
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

/* ------------------------------------------------------------ statements */

/* Symbolic execution of statements: env[s] is the current value of symbol
 * s (a tree of the values before the block), -1 while unassigned. */
typedef struct block_state {
    int32_t env[EQ_MAX_SYMBOLS];
} block_state;

typedef struct stmt_ctx {
    eq_model *m;
    bool receptor;
    /* the stack of open if-blocks */
    int depth;
    struct open_if {
        int32_t cond_taken;   /* the condition under which an earlier branch ran */
        int32_t cond;         /* the condition of the current branch */
        block_state before;   /* env before the block */
        block_state merged;   /* env merged over the branches so far */
        bool has_else;
    } open[8];
    block_state cur;
} stmt_ctx;

/* The value of symbol s now. */
static int32_t current(eq_model *m, const block_state *b, uint32_t s)
{
    return b->env[s] >= 0 ? b->env[s] : eq_sym(m, s);
}

/* tree with every assigned symbol replaced by its current value. */
static int32_t resolve(eq_model *m, const block_state *b, int32_t tree)
{
    for (uint32_t s = 0; s < m->n_syms && tree >= 0; s++)
        if (b->env[s] >= 0 && eq_depends(m, tree, s))
            tree = eq_substitute(m, tree, s, b->env[s]);
    return tree;
}

static int word_is(const char *s, const char *w, const char **after)
{
    size_t n = strlen(w);
    if (strncmp(s, w, n) || is_alpha(s[n]) || is_digit(s[n]))
        return 0;
    *after = s + n;
    return 1;
}

/* Merges branch env `b` taken under `cond` into `into` (the values so far
 * when cond is false). */
static int merge(eq_model *m, block_state *into, const block_state *b, int32_t cond)
{
    for (uint32_t s = 0; s < m->n_syms; s++) {
        if (b->env[s] == into->env[s])
            continue;
        int32_t yes = current(m, b, s), no = current(m, into, s);
        int32_t r = eq_make(m, Q_SELECT, cond, yes, no, -1);
        if (r < 0)
            return -1;
        into->env[s] = r;
    }
    return 0;
}

static int statement(eq_model *m, const eq_src *src, const char *s, stmt_ctx *c, char *msg, size_t len);

static int one_line(eq_model *m, const eq_src *src, void *ctx, char *msg, size_t len)
{
    /* statements separated by ';' */
    const char *s = src->text;
    while (*s) {
        const char *end = s;
        int depth = 0;
        while (*end && !(*end == ';' && depth == 0)) {
            depth += *end == '(' ? 1 : *end == ')' ? -1 : 0;
            end++;
        }
        size_t n = (size_t)(end - s);
        char *part = malloc(n + 1);
        if (!part)
            return eq_fail(m, msg, len, src->field, src->line, 0, "out of memory");
        memcpy(part, s, n);
        part[n] = '\0';
        /* positions: a source whose text is the part, starting where it does */
        uint32_t line, col;
        eq_where(src, s, &line, &col);
        eq_src sub = {.field = src->field, .text = part, .line = line, .first_line_col = col};
        int blank = 1;
        for (size_t i = 0; i < n; i++)
            if (!isspace((unsigned char)part[i]))
                blank = 0;
        int rc = blank ? 0 : statement(m, &sub, part, ctx, msg, len);
        free(part);
        if (rc)
            return rc;
        s = *end ? end + 1 : end;
    }
    return 0;
}

static int statement(eq_model *m, const eq_src *src, const char *s, stmt_ctx *c, char *msg, size_t len)
{
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    uint32_t line, col;
    eq_where(src, s, &line, &col);
    const char *after;
    if (word_is(s, "if", &after) || word_is(s, "elif", &after) || (word_is(s, "else", &after) &&
                                                                   word_is(after + strspn(after, " "), "if", &after))) {
        int is_if = s[0] == 'i';
        if (is_if && c->depth == 8)
            return eq_fail(m, msg, len, src->field, line, col, "if-blocks nested more than 8 deep");
        if (!is_if && (c->depth == 0 || c->open[c->depth - 1].has_else))
            return eq_fail(m, msg, len, src->field, line, col, "'elif' without an open 'if'");
        const char *end;
        int32_t cond = eq_parse_expression(m, src, after, &end, msg, len);
        if (cond < 0)
            return -1;
        const char *then;
        if (word_is(end, "then", &then) || *end == ':')
            end = *end == ':' ? end + 1 : then;
        if (eq_expect_end(m, src, end, NULL, msg, len))
            return -1;
        if (is_if) {
            c->depth++;
            c->open[c->depth - 1].before = c->cur;
            c->open[c->depth - 1].merged = c->cur;
            c->open[c->depth - 1].cond_taken = eq_num(m, 0.0);
            c->open[c->depth - 1].has_else = false;
        } else {
            /* close the previous branch */
            struct open_if *o = &c->open[c->depth - 1];
            if (merge(m, &o->merged, &c->cur, o->cond) < 0)
                return eq_fail(m, msg, len, src->field, line, col, "out of memory");
            o->cond_taken = eq_make(m, Q_OR, o->cond_taken, o->cond, -1, -1);
            c->cur = o->before;
        }
        /* the condition sees the values before the block (an elif's not
         * what the branches before it wrote) */
        cond = resolve(m, &c->cur, cond);
        if (cond < 0)
            return eq_fail(m, msg, len, src->field, line, col, "out of memory");
        struct open_if *o = &c->open[c->depth - 1];
        /* this branch runs when its condition holds and no earlier one did */
        o->cond = eq_make(m, Q_AND, eq_make(m, Q_NOT, o->cond_taken, -1, -1, -1), cond, -1, -1);
        if (o->cond < 0)
            return eq_fail(m, msg, len, src->field, line, col, "out of memory");
        return 0;
    }
    if (word_is(s, "else", &after)) {
        if (c->depth == 0 || c->open[c->depth - 1].has_else)
            return eq_fail(m, msg, len, src->field, line, col, "'else' without an open 'if'");
        if (*after == ':')
            after++;
        if (eq_expect_end(m, src, after, NULL, msg, len))
            return -1;
        struct open_if *o = &c->open[c->depth - 1];
        if (merge(m, &o->merged, &c->cur, o->cond) < 0)
            return eq_fail(m, msg, len, src->field, line, col, "out of memory");
        o->cond_taken = eq_make(m, Q_OR, o->cond_taken, o->cond, -1, -1);
        o->cond = eq_make(m, Q_NOT, o->cond_taken, -1, -1, -1);
        o->has_else = true;
        c->cur = o->before;
        return 0;
    }
    if (word_is(s, "end", &after)) {
        if (c->depth == 0)
            return eq_fail(m, msg, len, src->field, line, col, "'end' without an open 'if'");
        if (eq_expect_end(m, src, after, NULL, msg, len))
            return -1;
        struct open_if *o = &c->open[c->depth - 1];
        if (merge(m, &o->merged, &c->cur, o->cond) < 0)
            return eq_fail(m, msg, len, src->field, line, col, "out of memory");
        c->cur = o->merged;
        c->depth--;
        return 0;
    }
    /* NAME op= expression */
    const char *name_start = s;
    while (is_alpha(*s) || is_digit(*s))
        s++;
    size_t n = (size_t)(s - name_start);
    if (!n || !is_alpha(*name_start) || n > EQ_MAX_NAME)
        return eq_fail(m, msg, len, src->field, line, col, "expected a statement: NAME = value, NAME += value "
                       "(-=, *=, /=), or if/elif/else/end");
    char word[EQ_MAX_NAME + 1];
    memcpy(word, name_start, n);
    word[n] = '\0';
    while (*s == ' ' || *s == '\t')
        s++;
    uint8_t op = 0;
    if (*s == '=' && s[1] != '=') {
        s++;
    } else if (strchr("+-*/", *s) && *s && s[1] == '=') {
        op = *s == '+' ? Q_ADD : *s == '-' ? Q_SUB : *s == '*' ? Q_MUL : Q_DIV;
        s += 2;
    } else {
        eq_where(src, s, &line, &col);
        return eq_fail(m, msg, len, src->field, line, col, "expected '=', '+=', '-=', '*=' or '/=' after '%s'",
                       word);
    }
    int32_t target = eq_find_symbol(m, word);
    if (target < 0 || m->syms[target].kind != S_STATE) {
        const char *why = target < 0 ? "is not a state variable" :
                          m->syms[target].kind == S_PARAM ? "is a parameter (parameters are constant)" :
                          m->syms[target].kind == S_ALG ? "is defined by an equation" : "cannot be assigned";
        char tail[800] = "";
        if (target < 0)
            names_list(m, word, tail, sizeof tail);
        return eq_fail(m, msg, len, src->field, line, col, "'%s' %s%s", word, why, tail);
    }
    if (m->refrac_state >= 0 && m->state_sym[m->refrac_state] == (uint32_t)target)
        return eq_fail(m, msg, len, src->field, line, col, "'refrac' counts the refractory steps and is set by "
                       "axon");
    const char *end;
    int32_t value = eq_parse_expression(m, src, s, &end, msg, len);
    if (value < 0 || eq_expect_end(m, src, end, NULL, msg, len))
        return -1;
    if (c->receptor) {
        int32_t wsym = eq_find_symbol(m, "weight");
        bool additive = op == Q_ADD || op == Q_SUB;
        int32_t zero = additive ? eq_substitute(m, value, (uint32_t)wsym, eq_num(m, 0.0)) : -1;
        int32_t slope = additive ? eq_derivative(m, value, (uint32_t)wsym) : -1;
        if (!additive || zero < 0 || m->nodes[zero].op != Q_NUM || m->nodes[zero].value != 0.0 || slope < 0 ||
            eq_depends(m, slope, (uint32_t)wsym))
            return eq_fail(m, msg, len, src->field, line, col, "a receptor's statement adds to a state variable an "
                           "amount proportional to the weight, as '%s += weight' or '%s += weight * exp(1) / tau' "
                           "(the weights arriving in one step are summed first)", word, word);
    }
    int32_t rhs = resolve(m, &c->cur, value);
    if (op && rhs >= 0)
        rhs = eq_make(m, op, current(m, &c->cur, (uint32_t)target), rhs, -1, value);
    if (rhs < 0)
        return eq_fail(m, msg, len, src->field, line, col, "out of memory");
    c->cur.env[target] = rhs;
    return 0;
}

/* Runs the statements of a field's text, or (src != NULL) of one line. */
static int run_statements(eq_model *m, uint16_t field, const char *text, const eq_src *src, eq_assign *out,
                          bool receptor, char *msg, size_t len)
{
    stmt_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return eq_fail(m, msg, len, field, 0, 0, "out of memory");
    c->m = m;
    c->receptor = receptor;
    for (uint32_t s = 0; s < EQ_MAX_SYMBOLS; s++)
        c->cur.env[s] = -1;
    int rc = src ? one_line(m, src, c, msg, len) : eq_each_line(m, field, text, one_line, c, msg, len);
    if (!rc && c->depth > 0)
        rc = eq_fail(m, msg, len, field, 0, 0, "an 'if' is not closed by 'end'");
    if (!rc) {
        out->n = 0;
        for (uint32_t s = 0; s < m->n_syms && !rc; s++)
            if (c->cur.env[s] >= 0) {
                out->sym[out->n] = s;
                out->value[out->n++] = c->cur.env[s];
                int big = eq_too_large(m, c->cur.env[s], false);
                if (big)
                    rc = eq_fail(m, msg, len, field, src ? src->line : 0, 0, big < 0 ? "out of memory" : "the new "
                                 "value of '%s' stands for more than %d operations once the statements are "
                                 "expanded", m->syms[s].name, EQ_MAX_EXPANDED);
            }
    }
    free(c);
    return rc;
}

int eq_parse_statements(eq_model *m, uint16_t field, const char *text, eq_assign *out, bool receptor, char *msg,
                        size_t len)
{
    return run_statements(m, field, text, NULL, out, receptor, msg, len);
}

int eq_parse_statement_line(eq_model *m, const eq_src *src, eq_assign *out, bool receptor, char *msg, size_t len)
{
    return run_statements(m, src->field, NULL, src, out, receptor, msg, len);
}
