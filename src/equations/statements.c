/*
 * statements.c - the statements of resets and receptors (assignments,
 * += -= *= /=, if/elif/else/end blocks) executed symbolically: each
 * assigned variable ends as one tree of the values before the block, and
 * a branch as a select, so that a block runs over 64 neurons at a time
 * with no branch per neuron.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "equations/equations.h"


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
    if (strncmp(s, w, n) || eq_is_name_start(s[n]) || eq_is_digit(s[n]))
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
    while (eq_is_name_start(*s) || eq_is_digit(*s))
        s++;
    size_t n = (size_t)(s - name_start);
    if (!n || !eq_is_name_start(*name_start) || n > EQ_MAX_NAME)
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
            eq_names_list(m, word, tail, sizeof tail);
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
