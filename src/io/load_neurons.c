/*
 * load_neurons.c - the [neurons.NAME] tables of a model file: neuron models
 * written as equations (docs/equations.md), defined through
 * ax_model_define_equations before the populations that use them.
 *
 *   [neurons.LIF]
 *   parameters = """
 *   tau_m = 20 : ms (> 0)
 *   """                                 # or a table: tau_m = { value = 20, unit = "ms", bounds = "> 0" }
 *   state = "v = -65 : mV"
 *   equations = "dv/dt = (v_rest - v) / tau_m : mV"
 *   threshold = "v >= v_thresh"
 *   receptors = { excitatory = "v" }    # the lines "excitatory: v"
 *
 * Each field of ax_equations is assembled here as text, remembering where
 * each piece of it came from in the file: a string value (whose characters
 * are found again in the file's text, so that positions inside multi-line,
 * literal and escaped strings are exact), a key or a number.  Every rule
 * about the model is the C API's; its messages ("equations:3:14: ...") are
 * placed at the file's line and column of that character.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/load.h"

static const char *const neuron_keys[] = {"parameters", "state",  "equations", "threshold", "reset", "refractory",
                                          "receptors",  "method", "detect",    "doc",       NULL};
static const char *const param_keys[] = {"value", "unit", "doc", "bounds", NULL};
static const char *const state_keys[] = {"value", "unit", "doc", NULL};

/* The fields, in the order of neuron_keys (the C API's messages name the
 * first eight; detect's message names no field). */
enum { F_PARAMETERS, F_STATE, F_EQUATIONS, F_THRESHOLD, F_RESET, F_REFRACTORY, F_RECEPTORS, F_METHOD, F_DETECT, F_DOC,
       N_FIELDS };

/* ------------------------------------------------------------------ */
/* A field's text and where its pieces came from                        */
/* ------------------------------------------------------------------ */

/* From (line, col) of the field's text on, up to the next piece: the
 * characters of `string` (a string value of the file), or text placed
 * for `pos` (a key, a number, separators the loader adds). */
typedef struct piece {
    uint32_t line, col;
    const toml_value *string;
    toml_pos pos;
    const char *key;          /* the entry of a table form, for the message's path (NULL: none) */
} piece;

typedef struct field_text {
    char *text;               /* NULL: the key is absent */
    size_t len, cap;
    uint32_t line, col;       /* where the next character goes */
    piece *pieces;
    size_t n, cap_pieces;
    bool out_of_memory;
} field_text;

static void put(field_text *f, const char *s, size_t n)
{
    if (f->out_of_memory)
        return;
    if (f->len + n + 1 > f->cap) {
        size_t cap = f->cap ? f->cap : 256;
        while (cap < f->len + n + 1)
            cap *= 2;
        char *bigger = realloc(f->text, cap);
        if (!bigger) {
            f->out_of_memory = true;
            return;
        }
        f->text = bigger;
        f->cap = cap;
    }
    if (f->len == 0)
        f->line = f->col = 1;
    memcpy(f->text + f->len, s, n);
    f->len += n;
    f->text[f->len] = '\0';
    for (size_t k = 0; k < n; k++) {
        if (s[k] == '\n') {
            f->line++;
            f->col = 1;
        } else if (((unsigned char)s[k] & 0xc0) != 0x80) {   /* columns count characters, as the C API's */
            f->col++;
        }
    }
}

static void put_str(field_text *f, const char *s) { put(f, s, strlen(s)); }

/* What follows comes from `string` (NULL: from pos). */
static void mark(field_text *f, const toml_value *string, toml_pos pos, const char *key)
{
    put(f, "", 0);   /* the text exists from the first piece on, even if empty */
    if (f->out_of_memory)
        return;
    if (f->n == f->cap_pieces) {
        size_t cap = f->cap_pieces ? 2 * f->cap_pieces : 8;
        piece *bigger = realloc(f->pieces, cap * sizeof *bigger);
        if (!bigger) {
            f->out_of_memory = true;
            return;
        }
        f->pieces = bigger;
        f->cap_pieces = cap;
    }
    f->pieces[f->n++] = (piece){f->line, f->col, string, pos, key};
}

/* ------------------------------------------------------------------ */
/* Positions inside a string of the file                                */
/* ------------------------------------------------------------------ */

static size_t utf8_length(unsigned char c) { return c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4; }

/* The file's line and column of character (line, col) of the string value
 * v, found by reading v's source in the file's text: after """ or ''' a
 * newline right there is not part of the string (so line L of a multi-line
 * string is L lines below the quotes), in a basic string an escape is
 * several characters of the file for one of the string (\n one line of the
 * string on the same line of the file), and a backslash at the end of a
 * line of a """ string joins the lines.  Past the end of the string: the
 * closing quote.  A value from --set ({0, 0}) stays there.  (load_rules.c
 * places [plasticity.NAME]'s messages with it too.) */
toml_pos ax_load_string_pos(const char *text, const toml_value *v, uint32_t line, uint32_t col)
{
    toml_pos at = v->pos;
    if (!text || at.line == 0)
        return at;
    const char *p = text + (strncmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0);   /* the parser skips a byte-order mark */
    for (uint32_t l = 1; l < at.line && *p; p++)
        l += *p == '\n';
    for (uint32_t c = 1; c < at.col && *p && *p != '\n'; c++)
        p += utf8_length((unsigned char)*p);
    char q = *p;
    if (q != '"' && q != '\'')
        return at;   /* not where the parser said: keep its position */
    bool triple = p[1] == q && p[2] == q, basic = q == '"';
    p += triple ? 3 : 1;
    at.col += triple ? 3 : 1;
    if (triple && (*p == '\n' || (*p == '\r' && p[1] == '\n'))) {
        p += *p == '\r' ? 2 : 1;
        at.line++;
        at.col = 1;
    }
    uint32_t sl = 1, sc = 1;   /* where p is in the string */
    while (*p && (sl < line || (sl == line && sc < col))) {
        if (*p == q && (!triple || (p[1] == q && p[2] == q && p[3] != q)))
            break;   /* the closing quote(s); in """, quotes before the last three are the string's */
        if (*p == '\n' || (*p == '\r' && p[1] == '\n')) {
            p += *p == '\r' ? 2 : 1;
            sl++, sc = 1;
            at.line++, at.col = 1;
            continue;
        }
        if (basic && *p == '\\') {
            const char *w = p + 1;
            while (*w == ' ' || *w == '\t')
                w++;
            if (triple && (*w == '\n' || *w == '\r')) {   /* a line-ending backslash: nothing of the string */
                for (p = w; *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'; p++) {
                    if (*p == '\n')
                        at.line++, at.col = 1;
                    else
                        at.col++;
                }
                continue;
            }
            uint32_t n = p[1] == 'u' ? 6 : p[1] == 'U' ? 10 : 2;
            for (uint32_t k = 0; k < n && *p; k++)
                p++;
            at.col += n;
            if (p[-1] == 'n' && n == 2)
                sl++, sc = 1;   /* \n: a new line of the string, the same line of the file */
            else
                sc++;
            continue;
        }
        p += utf8_length((unsigned char)*p);
        at.col++;
        sc++;
    }
    return at;
}

/* ------------------------------------------------------------------ */
/* The fields                                                          */
/* ------------------------------------------------------------------ */

static bool has_nul(const toml_value *v) { return strlen(v->u.string.ptr) != v->u.string.len; }

static bool is_number(const toml_value *v) { return v->type == TOML_INTEGER || v->type == TOML_FLOAT; }

/* A number as text that reads back to the same double. */
static bool put_number(load_ctx *c, field_text *f, const toml_value *v, const char *path, const char *key)
{
    double x = v->type == TOML_FLOAT ? v->u.number : (double)v->u.integer;
    if (!isfinite(x))
        return ax_load_fail(c, v->pos, path, "%g is not a finite number", x);
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", x);
    mark(f, NULL, v->pos, key);
    put_str(f, buf);
    return true;
}

/* A string value, all of it one piece. */
static bool put_string(load_ctx *c, field_text *f, const toml_value *v, const char *path, const char *key)
{
    if (has_nul(v))
        return ax_load_fail(c, v->pos, path, "the string contains a NUL");
    mark(f, v, v->pos, key);
    put(f, v->u.string.ptr, v->u.string.len);
    return true;
}

/* One entry of the table form of parameters or state, as the line
 * "NAME = VALUE : UNIT (BOUNDS) # doc". */
static bool declaration(load_ctx *c, field_text *f, const toml_entry *e, const char *path, bool is_param)
{
    char where[300];
    ax_load_path(where, sizeof where, path, e->key);
    mark(f, NULL, e->pos, e->key);
    put_str(f, e->key);
    put_str(f, " = ");
    const toml_value *v = e->value;
    if (is_number(v)) {
        if (!put_number(c, f, v, where, e->key))
            return false;
        put_str(f, "\n");
        return true;
    }
    const char *want = is_param ? "expected the default value (a number), or { value = ..., unit = \"...\", "
                                  "bounds = \"...\", doc = \"...\" }"
                                : "expected the initial value (a number or an expression of parameters), or "
                                  "{ value = ..., unit = \"...\", doc = \"...\" }";
    if (v->type != TOML_TABLE)
        return ax_load_fail(c, v->pos, where, "%s; got a %s", want, ax_toml_type_name(v->type));
    if (!ax_load_check_keys(c, v, where, is_param ? param_keys : state_keys))
        return false;
    const toml_entry *value = ax_toml_get_entry(v, "value"), *unit = ax_toml_get_entry(v, "unit"),
                     *bounds = ax_toml_get_entry(v, "bounds"), *doc = ax_toml_get_entry(v, "doc");
    char part[320];
    if (!value)
        return ax_load_fail(c, v->pos, ax_load_path(part, sizeof part, where, "value"), "this key is required");
    ax_load_path(part, sizeof part, where, "value");
    if (is_number(value->value)) {
        if (!put_number(c, f, value->value, part, e->key))
            return false;
    } else if (!is_param && value->value->type == TOML_STRING) {
        if (!put_string(c, f, value->value, part, e->key))
            return false;
    } else {
        return ax_load_fail(c, value->value->pos, part, "expected %s, got a %s",
                            is_param ? "a number" : "a number or an expression of parameters (a string)",
                            ax_toml_type_name(value->value->type));
    }
    const toml_entry *strings[] = {unit, bounds, doc};
    const char *names[] = {"unit", "bounds", "doc"};
    for (int k = 0; k < 3; k++) {
        const toml_value *s = strings[k] ? strings[k]->value : NULL;
        ax_load_path(part, sizeof part, where, names[k]);
        if (s && s->type != TOML_STRING)
            return ax_load_fail(c, s->pos, part, "expected a string, got a %s", ax_toml_type_name(s->type));
        if (s && has_nul(s))
            return ax_load_fail(c, s->pos, part, "the string contains a NUL");
    }
    if (unit || bounds) {
        mark(f, NULL, (unit ? unit : bounds)->value->pos, e->key);
        put_str(f, " : ");
    }
    if (unit) {
        mark(f, unit->value, unit->value->pos, e->key);
        put_str(f, unit->value->u.string.ptr);
    }
    if (bounds) {
        /* "> 0" or "(> 0)" */
        bool parenthesised = bounds->value->u.string.ptr[strspn(bounds->value->u.string.ptr, " ")] == '(';
        mark(f, NULL, bounds->value->pos, e->key);
        put_str(f, parenthesised ? " " : " (");
        mark(f, bounds->value, bounds->value->pos, e->key);
        put_str(f, bounds->value->u.string.ptr);
        mark(f, NULL, bounds->value->pos, e->key);
        put_str(f, parenthesised ? "" : ")");
    }
    if (doc) {
        /* the line's comment: one line */
        mark(f, NULL, doc->value->pos, e->key);
        put_str(f, " # ");
        for (const char *s = doc->value->u.string.ptr; *s; s++)
            put(f, *s == '\n' || *s == '\r' ? " " : s, 1);
    }
    put_str(f, "\n");
    return true;
}

/* receptors = { excitatory = "g_e += weight" }: the line "excitatory: g_e += weight". */
static bool receptor(load_ctx *c, field_text *f, const toml_entry *e, const char *path)
{
    char where[300];
    ax_load_path(where, sizeof where, path, e->key);
    if (e->value->type != TOML_STRING)
        return ax_load_fail(c, e->value->pos, where, "expected the receptor's statements (a string such as "
                            "\"g_e += weight\"), got a %s", ax_toml_type_name(e->value->type));
    mark(f, NULL, e->pos, e->key);
    put_str(f, e->key);
    put_str(f, ": ");
    if (!put_string(c, f, e->value, where, e->key))
        return false;
    put_str(f, "\n");
    return true;
}

static bool load_field(load_ctx *c, const toml_value *t, int field, const char *path, field_text *f)
{
    const toml_entry *e = ax_toml_get_entry(t, neuron_keys[field]);
    if (!e)
        return true;
    char where[300];
    ax_load_path(where, sizeof where, path, neuron_keys[field]);
    const toml_value *v = e->value;
    bool lines = field == F_PARAMETERS || field == F_STATE || field == F_RECEPTORS;
    if (v->type == TOML_STRING)
        return put_string(c, f, v, where, NULL);
    if (field == F_REFRACTORY && is_number(v))
        return put_number(c, f, v, where, NULL);
    if (!lines || v->type != TOML_TABLE)
        return ax_load_fail(c, v->pos, where, "expected %s, got a %s",
                            field == F_REFRACTORY ? "an expression of parameters (a string) or a number (ms)"
                            : field == F_RECEPTORS ? "a table of NAME = \"STATEMENTS\" (or lines NAME: STATEMENTS)"
                            : lines ? "lines (a string) or a table of NAME = VALUE"
                                    : "a string",
                            ax_toml_type_name(v->type));
    mark(f, NULL, v->pos, NULL);   /* an empty table: an empty field */
    for (size_t k = 0; k < v->u.table.n; k++) {
        const toml_entry *entry = &v->u.table.entries[k];
        if (!(field == F_RECEPTORS ? receptor(c, f, entry, where)
                                   : declaration(c, f, entry, where, field == F_PARAMETERS)))
            return false;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* Messages of ax_model_define_equations, placed                        */
/* ------------------------------------------------------------------ */

/* The message "define equations 'NAME': FIELD:LINE:COL: what" (or
 * "FIELD: what", or "what") at the file's position of that character,
 * as "file:line:col: neurons.NAME.FIELD[.KEY]: at line L, column C: what"
 * (the line and column within the text the user wrote; line only for
 * multi-line text). */
static bool place_error(load_ctx *c, ax_status st, const toml_entry *ne, const char *path, const field_text *fields)
{
    const char *msg = ax_network_get_error(c->net);
    char prefix[160];
    snprintf(prefix, sizeof prefix, "define equations '%s': ", ne->key);
    size_t np = strlen(prefix);
    if (strncmp(msg, prefix, np) != 0)
        return ax_load_fail_as(c, st, ne->pos, path, "%s", msg);
    const char *rest = msg + np;
    int field = -1;
    for (int k = 0; k < F_DOC && field < 0; k++) {
        size_t n = strlen(neuron_keys[k]);
        if (!strncmp(rest, neuron_keys[k], n) && rest[n] == ':' && k != F_DETECT) {
            field = k;
            rest += n + 1;
        }
    }
    if (field < 0 && !strncmp(rest, "detect ", 7))
        field = F_DETECT;   /* "detect 'x': allowed: ..." */
    if (field < 0)
        return ax_load_fail_as(c, st, ne->pos, path, "%s", rest);
    char where[300], key_path[400];
    ax_load_path(where, sizeof where, path, neuron_keys[field]);
    const field_text *f = &fields[field];
    unsigned line = 0, col = 0;
    int used = 0;
    if (field == F_DETECT || !isdigit((unsigned char)rest[0]) || sscanf(rest, "%u:%u: %n", &line, &col, &used) != 2 ||
        used == 0) {
        /* no line: the whole field */
        rest += rest[0] == ' ' ? 1 : 0;
        const toml_entry *e = ax_toml_get_entry(ne->value, neuron_keys[field]);
        return ax_load_fail_as(c, st, e ? e->value->pos : ne->pos, where, "%s", rest);
    }
    rest += used;
    const piece *p = NULL;
    for (size_t k = 0; k < f->n; k++)
        if (f->pieces[k].line < line || (f->pieces[k].line == line && f->pieces[k].col <= col))
            p = &f->pieces[k];
    if (!p)
        return ax_load_fail_as(c, st, ne->pos, where, "at line %u, column %u: %s", line, col, rest);
    if (p->key)
        ax_load_path(key_path, sizeof key_path, where, p->key);
    else
        snprintf(key_path, sizeof key_path, "%s", where);
    if (!p->string)
        return ax_load_fail_as(c, st, p->pos, key_path, "%s", rest);
    /* within the string: its own line and column */
    uint32_t sl = line == p->line ? 1 : line - p->line + 1, sc = line == p->line ? col - p->col + 1 : col;
    toml_pos at = ax_load_string_pos(c->text, p->string, sl, sc);
    if (memchr(p->string->u.string.ptr, '\n', p->string->u.string.len))
        return ax_load_fail_as(c, st, at, key_path, "at line %u, column %u: %s", sl, sc, rest);
    return ax_load_fail_as(c, st, at, key_path, "at column %u: %s", sc, rest);
}

/* ------------------------------------------------------------------ */

static bool is_identifier(const char *s)
{
    if (!(isalpha((unsigned char)*s) || *s == '_'))
        return false;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_'))
            return false;
    return true;
}

static bool load_neuron(load_ctx *c, const toml_entry *ne)
{
    char path[256];
    ax_load_path(path, sizeof path, "neurons", ne->key);
    if (ne->value->type != TOML_TABLE)
        return ax_load_fail(c, ne->value->pos, path, "a neuron model is a table (parameters, state, equations, "
                            "threshold, reset, ...; docs/equations.md); got a %s", ax_toml_type_name(ne->value->type));
    if (!is_identifier(ne->key) || strlen(ne->key) > 64)
        return ax_load_fail(c, ne->pos, path, "a model's name is an identifier (letters, digits, '_', not starting "
                            "with a digit, at most 64 characters)");
    if (ax_model_find(NULL, ne->key))
        return ax_load_fail(c, ne->pos, path, "'%s' is a built-in model (`axon models %s`); give yours another name",
                            ne->key, ne->key);
    if (!strncmp(ne->key, "cell_", 5))
        return ax_load_fail(c, ne->pos, path, "names cell_* are those of the cells of populations built from "
                            "channels (`channels = [...]`); give the model another name");
    if (!ax_load_check_keys(c, ne->value, path, neuron_keys))
        return false;
    field_text fields[N_FIELDS] = {{0}};
    bool ok = true, memory = false;
    for (int k = 0; k < N_FIELDS && ok; k++) {
        ok = load_field(c, ne->value, k, path, &fields[k]);
        memory |= fields[k].out_of_memory;
    }
    if (ok && memory)
        ok = ax_load_fail_memory(c, ne->pos, path);
    if (ok) {
        const ax_equations eq = {
            .parameters = fields[F_PARAMETERS].text, .state = fields[F_STATE].text,
            .equations = fields[F_EQUATIONS].text, .threshold = fields[F_THRESHOLD].text,
            .reset = fields[F_RESET].text, .refractory = fields[F_REFRACTORY].text,
            .receptors = fields[F_RECEPTORS].text, .method = fields[F_METHOD].text,
            .detect = fields[F_DETECT].text, .doc = fields[F_DOC].text,
        };
        ax_status st = ax_model_define_equations(c->net, ne->key, &eq);
        if (st)
            ok = place_error(c, st, ne, path, fields);
    }
    for (int k = 0; k < N_FIELDS; k++) {
        free(fields[k].text);
        free(fields[k].pieces);
    }
    return ok;
}

bool ax_load_neuron_models(load_ctx *c, const toml_value *doc)
{
    const toml_value *neurons;
    bool found;
    if (!ax_load_table(c, doc, "neurons", "", &neurons, &found))
        return false;
    for (size_t k = 0; found && k < neurons->u.table.n; k++)
        if (!load_neuron(c, &neurons->u.table.entries[k]))
            return false;
    return true;
}
