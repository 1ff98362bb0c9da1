/*
 * expr.c - parsing, compiling and evaluating arithmetic expressions; the
 * language and the design are described in expr.h.
 *
 * The pipeline is text -> tree (parser, folding constants as it goes) ->
 * code for a register machine (Sethi-Ullman allocation) -> evaluation,
 * one instruction at a time over a block of neurons.  Every function is
 * defined once, as a scalar inline function (f_exp, f_vtrap, ...), and
 * used both by constant folding and inside the block loops, so a folded
 * constant has exactly the value the loop would have computed.
 */
#include "core/expr.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/block_ops.h"
#include "core/scalar_functions.h"


#define MAX_DEPTH 100   /* nesting of parentheses, calls and signs */
#define MAX_POWI 64     /* x ^ k with an integer |k| <= this is multiplied out */

/* ------------------------------------------------------------------ */
/* The functions                                                        */
/* ------------------------------------------------------------------ */

/* ------------------------------------------------------------------ */
/* Operations, the tree and the code                                    */
/* ------------------------------------------------------------------ */

enum op {
    /* one operand */
    OP_MOV, OP_NEG, OP_EXP, OP_LOG, OP_SQRT, OP_TANH, OP_COSH, OP_ABS, OP_EXPREL, OP_POWI,
    /* two operands */
    OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_POW, OP_MIN, OP_MAX, OP_VTRAP,
    /* leaves of the tree */
    N_CONST, N_VAR
};

#define IS_UNARY(op) ((op) <= OP_POWI)

static const struct {
    const char *name;
    uint8_t op, args;
} functions[] = {
    {"exp", OP_EXP, 1},   {"log", OP_LOG, 1},       {"sqrt", OP_SQRT, 1}, {"tanh", OP_TANH, 1},
    {"cosh", OP_COSH, 1}, {"abs", OP_ABS, 1},       {"exprel", OP_EXPREL, 1}, {"pow", OP_POW, 2},
    {"min", OP_MIN, 2},   {"max", OP_MAX, 2},       {"vtrap", OP_VTRAP, 2},
};
#define N_FUNCTIONS (sizeof functions / sizeof functions[0])

typedef struct node {
    uint8_t op;
    int32_t a, b;        /* children (node indices), -1 if none */
    int k;               /* OP_POWI: the exponent */
    double value;        /* N_CONST */
    uint32_t var;        /* N_VAR */
} node;

enum kind { K_REG, K_CONST, K_VAR };

typedef struct operand {
    uint8_t kind;
    uint16_t index;      /* register, constant-pool entry or variable */
} operand;

typedef struct instr {
    uint8_t op, dst;
    int16_t k;           /* OP_POWI */
    operand a, b;
} instr;

struct ax_expr {
    char *text;
    uint32_t n_vars, n_regs;
    instr *code;
    uint32_t n_code;
    double *pool;        /* constants */
    uint32_t n_pool;
};

static double fold1(uint8_t op, double x, int k)
{
    switch (op) {
    case OP_MOV: return f_mov(x);
    case OP_NEG: return f_neg(x);
    case OP_EXP: return f_exp(x);
    case OP_LOG: return f_log(x);
    case OP_SQRT: return f_sqrt(x);
    case OP_TANH: return f_tanh(x);
    case OP_COSH: return f_cosh(x);
    case OP_ABS: return f_abs(x);
    case OP_EXPREL: return f_exprel(x);
    default: return f_powi(x, k);
    }
}

static double fold2(uint8_t op, double a, double b)
{
    switch (op) {
    case OP_ADD: return f_add(a, b);
    case OP_SUB: return f_sub(a, b);
    case OP_MUL: return f_mul(a, b);
    case OP_DIV: return f_div(a, b);
    case OP_POW: return f_pow(a, b);
    case OP_MIN: return f_min(a, b);
    case OP_MAX: return f_max(a, b);
    default: return f_vtrap(a, b);
    }
}

/* ------------------------------------------------------------------ */
/* Parser                                                               */
/* ------------------------------------------------------------------ */

typedef struct parser {
    const char *text;
    size_t at;                   /* byte offset of the cursor */
    const char *const *names;
    uint32_t n_names;
    node *nodes;
    uint32_t n, cap;
    int depth;
    char *msg;
    size_t len;
    int failed;
} parser;

/* Columns count characters, not bytes (UTF-8 continuation bytes are
 * skipped), 1-based. */
static size_t column(const char *text, size_t at)
{
    size_t col = 1;
    for (size_t i = 0; i < at && text[i]; i++)
        col += ((unsigned char)text[i] & 0xC0) != 0x80;
    return col;
}

/* "<what> at column N of '<text>'<tail>"; returns -1. */
static int32_t fail(parser *p, size_t at, const char *tail, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int32_t fail(parser *p, size_t at, const char *tail, const char *fmt, ...)
{
    if (p->failed)
        return -1;
    p->failed = 1;
    char what[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(p->msg, p->len, "%s at column %zu%s of '%s'%s", what, column(p->text, at),
             p->text[at] ? "" : " (the end)", p->text, tail ? tail : "");
    return -1;
}

static int32_t add_node(parser *p, node n)
{
    if (p->n == p->cap) {
        uint32_t cap = p->cap ? 2 * p->cap : 32;
        node *grown = realloc(p->nodes, cap * sizeof *grown);
        if (!grown) {
            snprintf(p->msg, p->len, AX_EXPR_NO_MEMORY " '%s'", p->text);
            p->failed = 1;
            return -1;
        }
        p->nodes = grown;
        p->cap = cap;
    }
    p->nodes[p->n] = n;
    return (int32_t)p->n++;
}

static int32_t constant(parser *p, double x)
{
    return add_node(p, (node){.op = N_CONST, .a = -1, .b = -1, .value = x});
}

/* A new operation node; constant operands are folded into a constant, and
 * a power with a small integer constant exponent becomes OP_POWI. */
static int32_t make(parser *p, uint8_t op, int32_t a, int32_t b)
{
    if (a < 0 || (!IS_UNARY(op) && b < 0))
        return -1;
    const node *na = &p->nodes[a], *nb = IS_UNARY(op) ? NULL : &p->nodes[b];
    if (op == OP_POW && nb->op == N_CONST && nb->value == floor(nb->value) && fabs(nb->value) <= MAX_POWI) {
        int k = (int)nb->value;
        if (na->op == N_CONST)
            return constant(p, f_powi(na->value, k));
        return add_node(p, (node){.op = OP_POWI, .a = a, .b = -1, .k = k});
    }
    if (na->op == N_CONST && IS_UNARY(op))
        return constant(p, fold1(op, na->value, 0));
    if (na->op == N_CONST && nb && nb->op == N_CONST)
        return constant(p, fold2(op, na->value, nb->value));
    return add_node(p, (node){.op = op, .a = a, .b = IS_UNARY(op) ? -1 : b});
}

static char peek(parser *p)
{
    while (p->text[p->at] == ' ' || p->text[p->at] == '\t' || p->text[p->at] == '\n' || p->text[p->at] == '\r')
        p->at++;
    return p->text[p->at];
}

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int32_t expression(parser *p);

static int32_t number(parser *p)
{
    size_t start = p->at, i = p->at;
    while (is_digit(p->text[i]))
        i++;
    if (p->text[i] == '.')
        for (i++; is_digit(p->text[i]); i++)
            ;
    if (p->text[i] == 'e' || p->text[i] == 'E') {
        size_t e = i + 1 + (p->text[i + 1] == '+' || p->text[i + 1] == '-');
        if (!is_digit(p->text[e]))
            return fail(p, start, NULL, "malformed number (an exponent needs digits, as in 1e-3)");
        for (i = e; is_digit(p->text[i]); i++)
            ;
    }
    char buf[80];
    if (i - start >= sizeof buf)
        return fail(p, start, NULL, "number too long");
    memcpy(buf, p->text + start, i - start);
    buf[i - start] = '\0';
    p->at = i;
    return constant(p, strtod(buf, NULL));
}

/* The candidates of a "did you mean", and the list of them. */
static void suggest(const char *word, const char *const *names, uint32_t n, const char *what, char *out, size_t len)
{
    ax_suggest s;
    char hint[96], list[400] = "";
    ax_suggest_init(&s, word);
    for (uint32_t k = 0; k < n; k++) {
        ax_suggest_add(&s, names[k]);
        ax_append(list, sizeof list, k ? ", " : "");
        ax_append(list, sizeof list, names[k]);
    }
    snprintf(out, len, "%s; %s: %s", ax_suggest_text(&s, hint, sizeof hint), what, list);
}

static int32_t call(parser *p, const char *name, size_t start)
{
    uint32_t f = 0;
    while (f < N_FUNCTIONS && strcmp(functions[f].name, name) != 0)
        f++;
    if (f == N_FUNCTIONS) {
        for (uint32_t k = 0; k < p->n_names; k++)
            if (strcmp(p->names[k], name) == 0)
                return fail(p, start, NULL, "'%s' is not a function", name);
        const char *names[N_FUNCTIONS];
        for (uint32_t k = 0; k < N_FUNCTIONS; k++)
            names[k] = functions[k].name;
        char tail[500];
        suggest(name, names, N_FUNCTIONS, "functions", tail, sizeof tail);
        return fail(p, start, tail, "unknown function '%s'", name);
    }
    p->at++;   /* '(' */
    int32_t args[2] = {-1, -1};
    unsigned n = 0;
    if (peek(p) != ')') {
        for (;;) {
            int32_t a = expression(p);
            if (a < 0)
                return -1;
            if (n < 2)
                args[n] = a;
            n++;
            if (peek(p) != ',')
                break;
            p->at++;
        }
    }
    if (peek(p) != ')')
        return fail(p, p->at, NULL, n < functions[f].args ? "expected ','" : "expected ')'");
    p->at++;
    if (n != functions[f].args)
        return fail(p, start, NULL, "%s takes %u argument%s, not %u", name, functions[f].args,
                    functions[f].args == 1 ? "" : "s", n);
    return make(p, functions[f].op, args[0], args[1]);
}

static int32_t name(parser *p)
{
    size_t start = p->at, i = p->at;
    while (is_alpha(p->text[i]) || is_digit(p->text[i]))
        i++;
    char word[72];
    if (i - start >= 65)
        return fail(p, start, NULL, "name longer than 64 characters");
    memcpy(word, p->text + start, i - start);
    word[i - start] = '\0';
    p->at = i;
    if (peek(p) == '(')
        return call(p, word, start);
    for (uint32_t k = 0; k < p->n_names; k++)
        if (strcmp(p->names[k], word) == 0)
            return add_node(p, (node){.op = N_VAR, .a = -1, .b = -1, .var = k});
    for (uint32_t f = 0; f < N_FUNCTIONS; f++)
        if (strcmp(functions[f].name, word) == 0)
            return fail(p, start, NULL, "'%s' is a function: write %s(...)", word, word);
    char tail[500];
    suggest(word, p->names, p->n_names, "names", tail, sizeof tail);
    return fail(p, start, tail, "unknown name '%s'", word);
}

static int32_t primary(parser *p)
{
    char c = peek(p);
    if (is_digit(c) || (c == '.' && is_digit(p->text[p->at + 1])))
        return number(p);
    if (is_alpha(c))
        return name(p);
    if (c == '(') {
        p->at++;
        int32_t e = expression(p);
        if (e < 0)
            return -1;
        if (peek(p) != ')')
            return fail(p, p->at, NULL, "expected ')'");
        p->at++;
        return e;
    }
    if (c == '\0')
        return fail(p, p->at, NULL, "expected a number, a name or '('");
    if ((unsigned char)c >= 0x80 || c < ' ')
        return fail(p, p->at, NULL, "unexpected character");
    return fail(p, p->at, NULL, "unexpected '%c' where a number, a name or '(' belongs", c);
}

static int is_power(parser *p)
{
    char c = peek(p);
    return c == '^' || (c == '*' && p->text[p->at + 1] == '*');
}

/* unary := ('-' | '+') unary | power;  power := primary ('^' unary)?
 * so that -2^2 = -(2^2) and 2^-1 and a^b^c = a^(b^c) work as in
 * mathematics (and Python's **). */
static int32_t unary(parser *p)
{
    if (++p->depth > MAX_DEPTH)
        return fail(p, p->at, NULL, "too deeply nested (more than %d levels)", MAX_DEPTH);
    int32_t r;
    char c = peek(p);
    if (c == '-' || c == '+') {
        p->at++;
        r = unary(p);
        if (c == '-')
            r = make(p, OP_NEG, r, -1);
    } else {
        r = primary(p);
        if (r >= 0 && is_power(p)) {
            p->at += p->text[p->at] == '^' ? 1 : 2;
            r = make(p, OP_POW, r, unary(p));
        }
    }
    p->depth--;
    return r;
}

static int32_t term(parser *p)
{
    int32_t r = unary(p);
    for (char c; r >= 0 && ((c = peek(p)) == '/' || (c == '*' && p->text[p->at + 1] != '*'));) {
        p->at++;
        r = make(p, c == '*' ? OP_MUL : OP_DIV, r, unary(p));
    }
    return r;
}

static int32_t expression(parser *p)
{
    if (++p->depth > MAX_DEPTH)
        return fail(p, p->at, NULL, "too deeply nested (more than %d levels)", MAX_DEPTH);
    int32_t r = term(p);
    for (char c; r >= 0 && ((c = peek(p)) == '+' || c == '-');) {
        p->at++;
        r = make(p, c == '+' ? OP_ADD : OP_SUB, r, term(p));
    }
    p->depth--;
    return r;
}

/* ------------------------------------------------------------------ */
/* Code generation                                                      */
/* ------------------------------------------------------------------ */

typedef struct compiler {
    const node *nodes;
    ax_expr *e;
    uint32_t cap_code, cap_pool;
    int failed;
} compiler;

static int is_leaf(const node *n) { return n->op == N_CONST || n->op == N_VAR; }

/* Registers the subtree needs when its leaves are direct operands. */
static uint32_t need(const node *nodes, int32_t i)
{
    const node *n = &nodes[i];
    if (is_leaf(n))
        return 0;
    uint32_t na = need(nodes, n->a);
    if (IS_UNARY(n->op))
        return na > 1 ? na : 1;
    uint32_t nb = need(nodes, n->b);
    if (na == nb)
        return na + 1;
    return na > nb ? na : nb;
}

static void *grow(void *array, uint32_t *cap, uint32_t n, size_t size)
{
    if (n < *cap)
        return array;
    uint32_t c = *cap ? 2 * *cap : 16;
    void *g = realloc(array, (size_t)c * size);
    if (g)
        *cap = c;
    return g;
}

static operand leaf_operand(compiler *c, const node *n)
{
    if (n->op == N_VAR)
        return (operand){K_VAR, (uint16_t)n->var};
    ax_expr *e = c->e;
    for (uint32_t k = 0; k < e->n_pool; k++)
        if (memcmp(&e->pool[k], &n->value, sizeof n->value) == 0)
            return (operand){K_CONST, (uint16_t)k};
    double *pool = grow(e->pool, &c->cap_pool, e->n_pool, sizeof *pool);
    if (!pool) {
        c->failed = 1;
        return (operand){K_CONST, 0};
    }
    e->pool = pool;
    pool[e->n_pool] = n->value;
    return (operand){K_CONST, (uint16_t)e->n_pool++};
}

static void emit(compiler *c, uint8_t op, uint32_t dst, operand a, operand b, int k)
{
    ax_expr *e = c->e;
    instr *code = grow(e->code, &c->cap_code, e->n_code, sizeof *code);
    if (!code) {
        c->failed = 1;
        return;
    }
    e->code = code;
    code[e->n_code++] = (instr){op, (uint8_t)dst, (int16_t)k, a, b};
}

static operand reg(uint32_t r) { return (operand){K_REG, (uint16_t)r}; }

/* Code that leaves node i's value in register r, using registers >= r. */
static void gen(compiler *c, int32_t i, uint32_t r)
{
    const node *n = &c->nodes[i];
    if (is_leaf(n)) {
        emit(c, OP_MOV, r, leaf_operand(c, n), reg(0), 0);
        return;
    }
    const node *a = &c->nodes[n->a];
    if (IS_UNARY(n->op)) {
        if (!is_leaf(a))
            gen(c, n->a, r);
        emit(c, n->op, r, is_leaf(a) ? leaf_operand(c, a) : reg(r), reg(0), n->k);
        return;
    }
    const node *b = &c->nodes[n->b];
    if (is_leaf(a) && is_leaf(b)) {
        emit(c, n->op, r, leaf_operand(c, a), leaf_operand(c, b), 0);
    } else if (is_leaf(a)) {
        gen(c, n->b, r);
        emit(c, n->op, r, leaf_operand(c, a), reg(r), 0);
    } else if (is_leaf(b)) {
        gen(c, n->a, r);
        emit(c, n->op, r, reg(r), leaf_operand(c, b), 0);
    } else if (need(c->nodes, n->b) > need(c->nodes, n->a)) {
        gen(c, n->b, r);
        gen(c, n->a, r + 1);
        emit(c, n->op, r, reg(r + 1), reg(r), 0);
    } else {
        gen(c, n->a, r);
        gen(c, n->b, r + 1);
        emit(c, n->op, r, reg(r), reg(r + 1), 0);
    }
}

void ax_expr_free(ax_expr *e)
{
    if (!e)
        return;
    free(e->text);
    free(e->code);
    free(e->pool);
    free(e);
}

const char *ax_expr_text(const ax_expr *e) { return e->text; }

int ax_expr_is_function(const char *name)
{
    for (uint32_t f = 0; name && f < N_FUNCTIONS; f++)
        if (strcmp(functions[f].name, name) == 0)
            return 1;
    return 0;
}

ax_expr *ax_expr_compile(const char *text, const char *const *names, uint32_t n_names, char *msg, size_t len)
{
    if (!text) {
        snprintf(msg, len, "no expression (NULL)");
        return NULL;
    }
    if (strlen(text) > AX_EXPR_MAX_LEN) {
        snprintf(msg, len, "expression of %zu characters: at most %d", strlen(text), AX_EXPR_MAX_LEN);
        return NULL;
    }
    if (n_names > AX_EXPR_MAX_VARS) {
        snprintf(msg, len, "%u variables: at most %d", n_names, AX_EXPR_MAX_VARS);
        return NULL;
    }
    parser p = {.text = text, .names = names, .n_names = n_names, .msg = msg, .len = len};
    int32_t root = expression(&p);
    if (root >= 0 && peek(&p) != '\0') {
        char c = p.text[p.at];
        root = c == ')' ? fail(&p, p.at, NULL, "unmatched ')'")
                        : fail(&p, p.at, NULL, (unsigned char)c >= 0x80 || c < ' ' ? "unexpected character"
                                                                                     : "unexpected '%c'", c);
    }
    ax_expr *e = NULL;
    if (root >= 0) {
        uint32_t regs = need(p.nodes, root);
        if (regs > AX_EXPR_MAX_REGS) {
            snprintf(msg, len, "'%s' is too complex: it needs %u registers, at most %d", text, regs,
                     AX_EXPR_MAX_REGS);
        } else if ((e = calloc(1, sizeof *e)) && (e->text = strdup(text))) {
            e->n_vars = n_names;
            e->n_regs = regs ? regs : 1;
            compiler c = {.nodes = p.nodes, .e = e};
            gen(&c, root, 0);
            if (c.failed) {
                ax_expr_free(e);
                e = NULL;
            }
        } else {
            ax_expr_free(e);
            e = NULL;
        }
        if (!e && regs <= AX_EXPR_MAX_REGS)
            snprintf(msg, len, AX_EXPR_NO_MEMORY " '%s'", text);
    }
    free(p.nodes);
    return e;
}

/* ------------------------------------------------------------------ */
/* Evaluation                                                           */
/* ------------------------------------------------------------------ */

/* Where an operand's values are: *p (one per element) or *x (one for
 * all, return value 1). */
INLINE int resolve(const ax_expr *e, operand o, double *const *regs, const double *const *var, uint32_t per_neuron,
                   size_t i0, const double **p, double *x)
{
    switch (o.kind) {
    case K_REG:
        *p = regs[o.index];
        return 0;
    case K_CONST:
        *x = e->pool[o.index];
        return 1;
    default:
        if (per_neuron >> o.index & 1) {
            *p = var[o.index] + i0;
            return 0;
        }
        *x = var[o.index][0];
        return 1;
    }
}

void ax_expr_eval_block(const ax_expr *e, const double *const *var, uint32_t per_neuron, size_t i0, uint32_t n,
                        double *out, ax_expr_scratch scratch)
{
    double *regs[AX_EXPR_MAX_REGS];
    regs[0] = out;
    for (uint32_t r = 1; r < e->n_regs; r++)
        regs[r] = scratch[r - 1];
    for (uint32_t c = 0; c < e->n_code; c++) {
        const instr *in = &e->code[c];
        const double *pa = NULL, *pb = NULL;
        double xa = 0.0, xb = 0.0;
        int sa = resolve(e, in->a, regs, var, per_neuron, i0, &pa, &xa);
        int sb = IS_UNARY(in->op) ? 1 : resolve(e, in->b, regs, var, per_neuron, i0, &pb, &xb);
        double *d = regs[in->dst];
        switch (in->op) {
        case OP_MOV: AX_BLOCK_UNARY(f_mov); break;
        case OP_NEG: AX_BLOCK_UNARY(f_neg); break;
        case OP_EXP: AX_BLOCK_UNARY(f_exp); break;
        case OP_LOG: AX_BLOCK_UNARY(f_log); break;
        case OP_SQRT: AX_BLOCK_UNARY(f_sqrt); break;
        case OP_TANH: AX_BLOCK_UNARY(f_tanh); break;
        case OP_COSH: AX_BLOCK_UNARY(f_cosh); break;
        case OP_ABS: AX_BLOCK_UNARY(f_abs); break;
        case OP_EXPREL: AX_BLOCK_UNARY(f_exprel); break;
        case OP_POWI: ax_block_powi(d, pa, xa, sa, in->k, n); break;
        case OP_ADD: AX_BLOCK_BINARY(f_add); break;
        case OP_SUB: AX_BLOCK_BINARY(f_sub); break;
        case OP_MUL: AX_BLOCK_BINARY(f_mul); break;
        case OP_DIV: AX_BLOCK_BINARY(f_div); break;
        case OP_POW: AX_BLOCK_BINARY(f_pow); break;
        case OP_MIN: AX_BLOCK_BINARY(f_min); break;
        case OP_MAX: AX_BLOCK_BINARY(f_max); break;
        default: AX_BLOCK_BINARY(f_vtrap); break;
        }
    }
}

void ax_expr_eval(const ax_expr *e, const double *const *var, uint32_t per_neuron, size_t begin, size_t end,
                  double *out)
{
    ax_expr_scratch scratch;
    for (size_t i = begin; i < end; i += AX_EXPR_BLOCK) {
        uint32_t n = (uint32_t)(end - i < AX_EXPR_BLOCK ? end - i : AX_EXPR_BLOCK);
        ax_expr_eval_block(e, var, per_neuron, i, n, out + (i - begin), scratch);
    }
}

double ax_expr_value(const ax_expr *e, const double *values)
{
    const double *var[AX_EXPR_MAX_VARS];
    for (uint32_t k = 0; k < e->n_vars; k++)
        var[k] = &values[k];
    ax_expr_scratch scratch;
    double out;
    ax_expr_eval_block(e, var, 0, 0, 1, &out, scratch);
    return out;
}

_Static_assert(AX_EXPR_BLOCK <= AX_BLOCK_OPS_MAX, "block_ops.h's loops take blocks of at most AX_BLOCK_OPS_MAX");
