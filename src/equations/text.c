/*
 * text.c - what the parts of equation models share about their text: the
 * messages ("field:line:col: what"), the node array, finding symbols and
 * functions, logical lines (continued while a parenthesis is open or a
 * line ends with an operator, comments blanked so columns stay) and the
 * line and column of a place in them.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "equations/equations.h"

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

const char *eq_leading_name(const eq_src *src, const char **name, size_t *n, uint32_t *line, uint32_t *col)
{
    const char *s = src->text;
    while (isspace((unsigned char)*s))
        s++;
    *name = s;
    while (eq_is_name_char(*s))
        s++;
    *n = eq_is_name_start(**name) ? (size_t)(s - *name) : 0;
    eq_where(src, *name, line, col);
    return s;
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

