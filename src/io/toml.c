/*
 * toml.c - TOML 1.0 documents: lines, comments, keys, tables, arrays of
 * tables, arrays and inline tables, and the rules about what may be
 * defined where.  Strings, numbers and dates are in toml_scalar.c.
 *
 * Each table remembers how it came to be, because TOML's rules depend on
 * it:
 *   IMPLICIT  made as a parent by a [header] (a.b for [a.b.c]); a later
 *             [a.b] may still define it, once
 *   DEFINED   made by its own [header] or [[header]]; never again
 *   DOTTED    made by a dotted key (a.b = 1 makes table a); more dotted
 *             keys may add to it, a [header] may not define it but may
 *             add sub-tables below it
 *   INLINE    an inline table { ... }: complete when it closes
 * Arrays made by [[header]] are ARRAY_OF_TABLES and may grow; arrays
 * written as values are complete.
 */
#include "io/toml.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/toml_parser.h"

enum {
    T_IMPLICIT = 1u << 0,
    T_DEFINED = 1u << 1,
    T_DOTTED = 1u << 2,
    T_INLINE = 1u << 3,
    A_OF_TABLES = 1u << 4
};

/* ------------------------------------------------------------------ */
/* Positions, errors, values                                           */
/* ------------------------------------------------------------------ */

toml_pos ax_toml_pos_at(const toml_parser *ps, const char *at)
{
    toml_pos pos = {ps->line, 1};
    for (const char *c = ps->line_start; c < at && c < ps->end; c++)
        if (((unsigned char)*c & 0xc0) != 0x80)   /* count characters, not bytes */
            pos.col++;
    return pos;
}

bool ax_toml_fail(toml_parser *ps, const char *at, const char *fmt, ...)
{
    if (ps->failed)
        return false;
    ps->failed = true;
    ps->err->pos = ax_toml_pos_at(ps, at);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->err->message, sizeof ps->err->message, fmt, ap);
    va_end(ap);
    return false;
}

bool ax_toml_out_of_memory(toml_parser *ps, const char *at)
{
    if (!ps->failed)
        ps->err->out_of_memory = true;
    return ax_toml_fail(ps, at, "out of memory while parsing");
}

const char *ax_toml_type_name(toml_type type)
{
    switch (type) {
    case TOML_TABLE: return "table";
    case TOML_ARRAY: return "array";
    case TOML_STRING: return "string";
    case TOML_INTEGER: return "integer";
    case TOML_FLOAT: return "float";
    case TOML_BOOL: return "boolean";
    case TOML_DATETIME: return "offset date-time";
    case TOML_DATETIME_LOCAL: return "local date-time";
    case TOML_DATE_LOCAL: return "local date";
    case TOML_TIME_LOCAL: return "local time";
    }
    return "value";
}

void ax_toml_free(toml_value *v)
{
    if (!v)
        return;
    if (v->type == TOML_TABLE) {
        for (size_t k = 0; k < v->u.table.n; k++) {
            free(v->u.table.entries[k].key);
            ax_toml_free(v->u.table.entries[k].value);
        }
        free(v->u.table.entries);
    } else if (v->type == TOML_ARRAY) {
        for (size_t k = 0; k < v->u.array.n; k++)
            ax_toml_free(v->u.array.items[k]);
        free(v->u.array.items);
    } else if (v->type == TOML_STRING) {
        free(v->u.string.ptr);
    }
    free(v);
}

static toml_value *new_value(toml_parser *ps, toml_type type, const char *at)
{
    toml_value *v = calloc(1, sizeof *v);
    if (!v) {
        ax_toml_out_of_memory(ps, at);
        return NULL;
    }
    v->type = type;
    v->pos = ax_toml_pos_at(ps, at);
    return v;
}

static const toml_entry *find(const toml_value *t, const char *key, size_t len)
{
    for (size_t k = 0; k < t->u.table.n; k++) {
        const toml_entry *e = &t->u.table.entries[k];
        if (e->key_len == len && memcmp(e->key, key, len) == 0)
            return e;
    }
    return NULL;
}

const toml_entry *ax_toml_get_entry(const toml_value *table, const char *key)
{
    if (!table || table->type != TOML_TABLE || !key)
        return NULL;
    return find(table, key, strlen(key));
}

const toml_value *ax_toml_get(const toml_value *table, const char *key)
{
    const toml_entry *e = ax_toml_get_entry(table, key);
    return e ? e->value : NULL;
}

static bool insert(toml_parser *ps, toml_value *t, const char *key, size_t len, toml_pos pos, toml_value *v,
                   const char *at)
{
    if (t->u.table.n == t->u.table.cap) {
        size_t cap = t->u.table.cap ? 2 * t->u.table.cap : 8;
        toml_entry *e = realloc(t->u.table.entries, cap * sizeof *e);
        if (!e)
            return ax_toml_out_of_memory(ps, at);
        t->u.table.entries = e;
        t->u.table.cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return ax_toml_out_of_memory(ps, at);
    memcpy(copy, key, len);
    copy[len] = '\0';
    t->u.table.entries[t->u.table.n++] = (toml_entry){copy, len, pos, v};
    return true;
}

static bool push(toml_parser *ps, toml_value *a, toml_value *v, const char *at)
{
    if (a->u.array.n == a->u.array.cap) {
        size_t cap = a->u.array.cap ? 2 * a->u.array.cap : 8;
        toml_value **items = realloc(a->u.array.items, cap * sizeof *items);
        if (!items)
            return ax_toml_out_of_memory(ps, at);
        a->u.array.items = items;
        a->u.array.cap = cap;
    }
    a->u.array.items[a->u.array.n++] = v;
    return true;
}

toml_value *ax_toml_new_table(toml_pos pos)
{
    toml_value *t = calloc(1, sizeof *t);
    if (t) {
        t->type = TOML_TABLE;
        t->pos = pos;
        t->flags = T_DEFINED;
    }
    return t;
}

bool ax_toml_set(toml_value *table, const char *key, toml_value *value, toml_pos pos)
{
    size_t len = strlen(key);
    for (size_t k = 0; k < table->u.table.n; k++) {
        toml_entry *e = &table->u.table.entries[k];
        if (e->key_len == len && memcmp(e->key, key, len) == 0) {
            ax_toml_free(e->value);
            e->value = value;
            e->pos = pos;
            return true;
        }
    }
    toml_error err;
    toml_parser ps = {key, key + len, key, 1, key, &err, false};
    if (!insert(&ps, table, key, len, pos, value, key)) {
        ax_toml_free(value);
        return false;
    }
    return true;
}

toml_value *ax_toml_take(toml_value *table, const char *key)
{
    size_t len = strlen(key);
    for (size_t k = 0; k < table->u.table.n; k++) {
        toml_entry *e = &table->u.table.entries[k];
        if (e->key_len == len && memcmp(e->key, key, len) == 0) {
            toml_value *v = e->value;
            free(e->key);
            memmove(e, e + 1, (table->u.table.n - k - 1) * sizeof *e);
            table->u.table.n--;
            return v;
        }
    }
    return NULL;
}

void ax_toml_set_pos(toml_value *v, toml_pos pos)
{
    v->pos = pos;
    if (v->type == TOML_TABLE)
        for (size_t k = 0; k < v->u.table.n; k++) {
            v->u.table.entries[k].pos = pos;
            ax_toml_set_pos(v->u.table.entries[k].value, pos);
        }
    else if (v->type == TOML_ARRAY)
        for (size_t k = 0; k < v->u.array.n; k++)
            ax_toml_set_pos(v->u.array.items[k], pos);
}

/* ------------------------------------------------------------------ */
/* Whitespace, comments, newlines                                      */
/* ------------------------------------------------------------------ */

void ax_toml_newline(toml_parser *ps)
{
    ps->p += *ps->p == '\r' ? 2 : 1;
    ps->line++;
    ps->line_start = ps->p;
}

static void skip_ws(toml_parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t'))
        ps->p++;
}

static bool at_newline(const toml_parser *ps)
{
    return toml_peek(ps, 0) == '\n' || (toml_peek(ps, 0) == '\r' && toml_peek(ps, 1) == '\n');
}

/* A comment runs to the end of the line; control characters are not
 * allowed in it. */
static bool skip_comment(toml_parser *ps)
{
    if (toml_peek(ps, 0) != '#')
        return true;
    while (ps->p < ps->end && !at_newline(ps)) {
        int c = (unsigned char)*ps->p;
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return ax_toml_fail(ps, ps->p, "control character U+%04X is not allowed in a comment", c);
        ps->p++;
    }
    return true;
}

/* After a key/value pair or a header: only a comment, then the line ends. */
static bool end_of_line(toml_parser *ps, const char *what)
{
    skip_ws(ps);
    if (!skip_comment(ps))
        return false;
    if (ps->p >= ps->end)
        return true;
    if (at_newline(ps)) {
        ax_toml_newline(ps);
        return true;
    }
    if (*ps->p == '\r')
        return ax_toml_fail(ps, ps->p, "a carriage return must be followed by a line feed");
    return ax_toml_fail(ps, ps->p, "unexpected '%c' after %s (one per line; a comment starts with #)",
                     (unsigned char)*ps->p >= 0x20 ? *ps->p : '?', what);
}

/* Whitespace, newlines and comments inside arrays. */
static bool skip_ws_lines(toml_parser *ps)
{
    for (;;) {
        skip_ws(ps);
        if (!skip_comment(ps))
            return false;
        if (at_newline(ps))
            ax_toml_newline(ps);
        else if (toml_peek(ps, 0) == '\r')
            return ax_toml_fail(ps, ps->p, "a carriage return must be followed by a line feed");
        else
            return true;
    }
}

/* ------------------------------------------------------------------ */
/* Keys                                                                */
/* ------------------------------------------------------------------ */

#define MAX_KEY_PARTS 64

typedef struct key_part {
    char *s;
    size_t len;
    const char *at;
} key_part;

typedef struct key {
    key_part part[MAX_KEY_PARTS];
    int n;
} key;

static void key_free(key *k)
{
    for (int i = 0; i < k->n; i++)
        free(k->part[i].s);
    k->n = 0;
}

static bool bare_char(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* A dotted key: parts separated by '.', whitespace allowed around dots. */
static bool parse_key(toml_parser *ps, key *k)
{
    k->n = 0;
    for (;;) {
        skip_ws(ps);
        if (k->n == MAX_KEY_PARTS)
            return ax_toml_fail(ps, ps->p, "a key has more than %d parts", MAX_KEY_PARTS);
        key_part *part = &k->part[k->n];
        part->at = ps->p;
        int c = toml_peek(ps, 0);
        if (c == '"' || c == '\'') {
            toml_buf b = {NULL, 0, 0};
            if (!ax_toml_parse_string(ps, &b, false)) {
                free(b.ptr);
                return false;
            }
            part->s = b.ptr;
            part->len = b.len;
        } else if (c >= 0 && bare_char(c)) {
            const char *s = ps->p;
            while (ps->p < ps->end && bare_char((unsigned char)*ps->p))
                ps->p++;
            part->len = (size_t)(ps->p - s);
            part->s = malloc(part->len + 1);
            if (!part->s)
                return ax_toml_out_of_memory(ps, s);
            memcpy(part->s, s, part->len);
            part->s[part->len] = '\0';
        } else if (c < 0 || at_newline(ps)) {
            return ax_toml_fail(ps, ps->p, "a key is missing");
        } else {
            return ax_toml_fail(ps, ps->p, "'%c' cannot start a key (bare keys are letters, digits, '_' and '-'; "
                             "quote others)", c >= 0x20 && c < 0x7f ? c : '?');
        }
        k->n++;
        skip_ws(ps);
        if (toml_peek(ps, 0) != '.')
            return true;
        ps->p++;
    }
}

/* "a.b.c" for messages. */
static void key_text(const key *k, int upto, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < upto && used + 1 < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%.*s", i ? "." : "", (int)k->part[i].len, k->part[i].s);
}

/* ------------------------------------------------------------------ */
/* Values                                                              */
/* ------------------------------------------------------------------ */

static toml_value *parse_value(toml_parser *ps, int depth);

static bool assign(toml_parser *ps, toml_value *table, key *k, toml_value *v);

#define MAX_DEPTH 128

static toml_value *parse_array(toml_parser *ps, int depth)
{
    toml_value *a = new_value(ps, TOML_ARRAY, ps->p);
    if (!a)
        return NULL;
    ps->p++;
    for (;;) {
        if (!skip_ws_lines(ps))
            goto fail;
        if (toml_peek(ps, 0) == ']') {
            ps->p++;
            return a;
        }
        const char *at = ps->p;
        toml_value *item = parse_value(ps, depth + 1);
        if (!item)
            goto fail;
        if (!push(ps, a, item, at)) {
            ax_toml_free(item);
            goto fail;
        }
        if (!skip_ws_lines(ps))
            goto fail;
        int c = toml_peek(ps, 0);
        if (c == ',') {
            ps->p++;
            continue;
        }
        if (c == ']') {
            ps->p++;
            return a;
        }
        ax_toml_fail(ps, ps->p, c < 0 ? "the array is not closed with ']'" : "expected ',' or ']' in an array");
        goto fail;
    }
fail:
    ax_toml_free(a);
    return NULL;
}

static toml_value *parse_inline_table(toml_parser *ps, int depth)
{
    toml_value *t = new_value(ps, TOML_TABLE, ps->p);
    if (!t)
        return NULL;
    t->flags = T_INLINE | T_DEFINED;
    ps->p++;
    skip_ws(ps);
    if (toml_peek(ps, 0) == '}') {
        ps->p++;
        return t;
    }
    for (;;) {
        key k;
        if (!parse_key(ps, &k)) {
            key_free(&k);
            goto fail;
        }
        if (toml_peek(ps, 0) != '=') {
            ax_toml_fail(ps, ps->p, "expected '=' after the key");
            key_free(&k);
            goto fail;
        }
        ps->p++;
        skip_ws(ps);
        toml_value *v = parse_value(ps, depth + 1);
        if (!v || !assign(ps, t, &k, v)) {
            key_free(&k);
            goto fail;
        }
        key_free(&k);
        skip_ws(ps);
        int c = toml_peek(ps, 0);
        if (c == ',') {
            ps->p++;
            skip_ws(ps);
            if (toml_peek(ps, 0) == '}') {
                ax_toml_fail(ps, ps->p, "an inline table cannot end with a comma");
                goto fail;
            }
            continue;
        }
        if (c == '}') {
            ps->p++;
            return t;
        }
        ax_toml_fail(ps, ps->p, c < 0 || at_newline(ps) ? "an inline table must be closed with '}' on the same line"
                                                     : "expected ',' or '}' in an inline table");
        goto fail;
    }
fail:
    ax_toml_free(t);
    return NULL;
}

static toml_value *parse_value(toml_parser *ps, int depth)
{
    if (depth > MAX_DEPTH) {
        ax_toml_fail(ps, ps->p, "arrays and inline tables are nested more than %d deep", MAX_DEPTH);
        return NULL;
    }
    int c = toml_peek(ps, 0);
    if (c == '[')
        return parse_array(ps, depth);
    if (c == '{')
        return parse_inline_table(ps, depth);
    toml_value *v = new_value(ps, TOML_STRING, ps->p);
    if (!v)
        return NULL;
    if (c == '"' || c == '\'') {
        toml_buf b = {NULL, 0, 0};
        if (!ax_toml_parse_string(ps, &b, true)) {
            free(b.ptr);
            free(v);
            return NULL;
        }
        v->u.string.ptr = b.ptr;
        v->u.string.len = b.len;
        return v;
    }
    if (c < 0 || at_newline(ps) || c == '#') {
        ax_toml_fail(ps, ps->p, "a value is missing");
        free(v);
        return NULL;
    }
    if (!ax_toml_parse_scalar(ps, v)) {
        free(v);
        return NULL;
    }
    /* a scalar ends at whitespace, a separator or the end of the line */
    c = toml_peek(ps, 0);
    if (!(c < 0 || c == ' ' || c == '\t' || c == ',' || c == ']' || c == '}' || c == '#' || at_newline(ps))) {
        ax_toml_fail(ps, ps->p, "unexpected '%c' after a %s", c >= 0x20 && c < 0x7f ? c : '?', ax_toml_type_name(v->type));
        ax_toml_free(v);
        return NULL;
    }
    return v;
}

/* ------------------------------------------------------------------ */
/* Definitions                                                         */
/* ------------------------------------------------------------------ */

/* key = value into `table`: dotted parts make (or enter) DOTTED tables. */
static bool assign(toml_parser *ps, toml_value *table, key *k, toml_value *v)
{
    char name[256];
    toml_value *t = table;
    for (int i = 0; i < k->n - 1; i++) {
        const toml_entry *e = find(t, k->part[i].s, k->part[i].len);
        if (!e) {
            toml_value *sub = new_value(ps, TOML_TABLE, k->part[i].at);
            if (!sub || !insert(ps, t, k->part[i].s, k->part[i].len, sub->pos, sub, k->part[i].at)) {
                ax_toml_free(sub);
                ax_toml_free(v);
                return false;
            }
            sub->flags = T_DOTTED;
            t = sub;
            continue;
        }
        if (e->value->type == TOML_TABLE && (e->value->flags & T_DOTTED)) {
            t = e->value;
            continue;
        }
        key_text(k, i + 1, name, sizeof name);
        ax_toml_free(v);
        if (e->value->type == TOML_TABLE)
            return ax_toml_fail(ps, k->part[i].at, "'%s' is a table defined elsewhere; dotted keys cannot add to it",
                             name);
        return ax_toml_fail(ps, k->part[i].at, "'%s' is already a %s, not a table", name,
                         ax_toml_type_name(e->value->type));
    }
    key_part *last = &k->part[k->n - 1];
    const toml_entry *e = find(t, last->s, last->len);
    if (e) {
        key_text(k, k->n, name, sizeof name);
        toml_pos was = e->pos;
        ax_toml_free(v);
        return ax_toml_fail(ps, last->at, "'%s' is defined twice (first at line %u)", name, was.line);
    }
    if (!insert(ps, t, last->s, last->len, ax_toml_pos_at(ps, last->at), v, last->at)) {
        ax_toml_free(v);
        return false;
    }
    return true;
}

/* Walks the parts of a [header] but the last, making IMPLICIT tables. */
static toml_value *walk_header(toml_parser *ps, toml_value *root, key *k)
{
    char name[256];
    toml_value *t = root;
    for (int i = 0; i < k->n - 1; i++) {
        const toml_entry *e = find(t, k->part[i].s, k->part[i].len);
        if (!e) {
            toml_value *sub = new_value(ps, TOML_TABLE, k->part[i].at);
            if (!sub || !insert(ps, t, k->part[i].s, k->part[i].len, sub->pos, sub, k->part[i].at)) {
                ax_toml_free(sub);
                return NULL;
            }
            sub->flags = T_IMPLICIT;
            t = sub;
            continue;
        }
        toml_value *v = e->value;
        key_text(k, i + 1, name, sizeof name);
        if (v->type == TOML_TABLE && (v->flags & T_INLINE)) {
            ax_toml_fail(ps, k->part[i].at, "'%s' is an inline table, complete where it is written", name);
            return NULL;
        }
        if (v->type == TOML_TABLE) {
            t = v;
        } else if (v->type == TOML_ARRAY && (v->flags & A_OF_TABLES)) {
            t = v->u.array.items[v->u.array.n - 1];   /* the latest [[...]] element */
        } else {
            ax_toml_fail(ps, k->part[i].at, "'%s' is a %s, not a table", name, ax_toml_type_name(v->type));
            return NULL;
        }
    }
    return t;
}

/* [a.b.c] or [[a.b.c]]; ps->p at the first '['.  Sets *current. */
static bool parse_header(toml_parser *ps, toml_value *root, toml_value **current)
{
    const char *open = ps->p;
    bool array = toml_peek(ps, 1) == '[';
    ps->p += array ? 2 : 1;
    key k;
    bool ok = parse_key(ps, &k);
    if (ok && (toml_peek(ps, 0) != ']' || (array && toml_peek(ps, 1) != ']')))
        ok = ax_toml_fail(ps, ps->p, array ? "expected ']]' to close the array-of-tables header"
                                        : "expected ']' to close the table header");
    if (!ok) {
        key_free(&k);
        return false;
    }
    ps->p += array ? 2 : 1;
    char name[256];
    key_text(&k, k.n, name, sizeof name);
    toml_value *parent = walk_header(ps, root, &k);
    if (!parent) {
        key_free(&k);
        return false;
    }
    key_part *last = &k.part[k.n - 1];
    const toml_entry *e = find(parent, last->s, last->len);
    toml_value *table = NULL;
    if (array) {
        toml_value *list = e ? e->value : NULL;
        if (!list) {
            list = new_value(ps, TOML_ARRAY, last->at);
            if (!list || !insert(ps, parent, last->s, last->len, list->pos, list, last->at)) {
                ax_toml_free(list);
                key_free(&k);
                return false;
            }
            list->flags = A_OF_TABLES;
        } else if (list->type != TOML_ARRAY || !(list->flags & A_OF_TABLES)) {
            key_free(&k);
            return ax_toml_fail(ps, open, "[[%s]]: '%s' is already a %s%s", name, name,
                             list->type == TOML_ARRAY ? "static array" : ax_toml_type_name(list->type),
                             list->type == TOML_ARRAY ? " (written as a value), which cannot grow" : "");
        }
        table = new_value(ps, TOML_TABLE, open);
        if (!table || !push(ps, list, table, open)) {
            ax_toml_free(table);
            key_free(&k);
            return false;
        }
        table->flags = T_DEFINED;
    } else if (!e) {
        table = new_value(ps, TOML_TABLE, open);
        if (!table || !insert(ps, parent, last->s, last->len, ax_toml_pos_at(ps, last->at), table, last->at)) {
            ax_toml_free(table);
            key_free(&k);
            return false;
        }
        table->flags = T_DEFINED;
    } else {
        table = e->value;
        const char *why = NULL;
        if (table->type != TOML_TABLE)
            why = table->type == TOML_ARRAY && (table->flags & A_OF_TABLES) ? "an array of tables"
                                                                             : ax_toml_type_name(table->type);
        else if (table->flags & T_INLINE)
            why = "an inline table";
        else if (table->flags & T_DOTTED)
            why = "a table made by dotted keys";
        else if (table->flags & T_DEFINED)
            why = "a table defined before";
        if (why) {
            toml_pos was = e->pos;
            key_free(&k);
            return ax_toml_fail(ps, open, "[%s]: '%s' is already %s (line %u)", name, name, why, was.line);
        }
        table->flags = (table->flags & ~T_IMPLICIT) | T_DEFINED;
        table->pos = ax_toml_pos_at(ps, open);
    }
    key_free(&k);
    *current = table;
    return end_of_line(ps, "a table header");
}

/* ------------------------------------------------------------------ */
/* The document                                                        */
/* ------------------------------------------------------------------ */

/* Rejects malformed UTF-8 (overlong forms, surrogates, > U+10FFFF). */
static bool check_utf8(toml_parser *ps)
{
    const unsigned char *s = (const unsigned char *)ps->start, *e = (const unsigned char *)ps->end;
    const char *line_start = ps->start;
    uint32_t line = 1;
    while (s < e) {
        if (*s < 0x80) {
            if (*s == '\n') {
                line++;
                line_start = (const char *)s + 1;
            }
            s++;
            continue;
        }
        int n = (*s & 0xe0) == 0xc0 ? 2 : (*s & 0xf0) == 0xe0 ? 3 : (*s & 0xf8) == 0xf0 ? 4 : 0;
        uint32_t c = n == 2 ? *s & 0x1fu : n == 3 ? *s & 0x0fu : *s & 0x07u;
        bool ok = n && e - s >= n;
        for (int k = 1; ok && k < n; k++) {
            ok = (s[k] & 0xc0) == 0x80;
            c = c << 6 | (s[k] & 0x3fu);
        }
        if (ok)
            ok = !(n == 2 && c < 0x80) && !(n == 3 && c < 0x800) && !(n == 4 && (c < 0x10000 || c > 0x10ffff)) &&
                 !(c >= 0xd800 && c <= 0xdfff);
        if (!ok) {
            ps->line = line;
            ps->line_start = line_start;
            return ax_toml_fail(ps, (const char *)s, "the file is not valid UTF-8 here");
        }
        s += n;
    }
    return true;
}

toml_value *ax_toml_parse(const char *text, size_t len, toml_error *err)
{
    toml_error dummy;
    toml_parser ps = {text, text + len, text, 1, text, err ? err : &dummy, false};
    ps.err->pos = (toml_pos){0, 0};
    ps.err->message[0] = '\0';
    ps.err->out_of_memory = false;
    if (!check_utf8(&ps))
        return NULL;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)   /* byte-order mark */
        ps.p += 3, ps.line_start = ps.p;
    toml_value *root = new_value(&ps, TOML_TABLE, ps.p);
    if (!root)
        return NULL;
    root->pos = (toml_pos){1, 1};
    root->flags = T_DEFINED;
    toml_value *current = root;
    while (ps.p < ps.end) {
        skip_ws(&ps);
        if (!skip_comment(&ps))
            break;
        if (ps.p >= ps.end)
            break;
        if (at_newline(&ps)) {
            ax_toml_newline(&ps);
            continue;
        }
        if (*ps.p == '\r') {
            ax_toml_fail(&ps, ps.p, "a carriage return must be followed by a line feed");
            break;
        }
        if (*ps.p == '[') {
            if (!parse_header(&ps, root, &current))
                break;
            continue;
        }
        key k;
        if (!parse_key(&ps, &k)) {
            key_free(&k);
            break;
        }
        if (toml_peek(&ps, 0) != '=') {
            ax_toml_fail(&ps, ps.p, "expected '=' after the key");
            key_free(&k);
            break;
        }
        ps.p++;
        skip_ws(&ps);
        toml_value *v = parse_value(&ps, 0);
        bool ok = v && assign(&ps, current, &k, v);
        key_free(&k);
        if (!ok || !end_of_line(&ps, "a value"))
            break;
    }
    if (ps.failed) {
        ax_toml_free(root);
        return NULL;
    }
    return root;
}
