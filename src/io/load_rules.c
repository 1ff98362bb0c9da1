/*
 * load_rules.c - plasticity rules written as equations in a model file
 * (docs/equations.md "Plasticity rules", docs/model-file.md):
 *
 *   [plasticity.stdp]
 *   parameters = """
 *   tau_plus = 20 : ms (> 0)
 *   A_plus = 0.01
 *   """                        # or a table: tau_plus = { value = 20, unit = "ms", bounds = "> 0", doc = "..." }
 *   pre = "dapre/dt = -apre / tau_plus"
 *   post = "dapost/dt = -apost / tau_minus"
 *   on_pre = "apre += 1; w = max(w_min, w - A_minus * (w_max - w_min) * apost)"
 *   on_post = "apost += 1; w = min(w_max, w + A_plus * (w_max - w_min) * apre)"
 *
 * defined through ax_plasticity_define_equations before the projections,
 * which take one as synapse = { rule = "stdp", params = { A_plus = 0.02 } }
 * (load_plastic.c).  Every rule about the rule is the C API's; its
 * messages ("on_pre:2:14: ...") are placed at the file's line and column
 * of that character, and those of ax_projection_add_plastic about the
 * rule (an unknown rule, a parameter out of bounds) at the synapse's key.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/load.h"

static const char *const rule_keys[] = {"parameters", "pre", "post", "on_pre", "on_post", "doc", NULL};
static const char *const param_keys[] = {"value", "unit", "bounds", "doc", NULL};

enum { F_PARAMETERS, F_PRE, F_POST, F_ON_PRE, F_ON_POST, F_DOC, N_FIELDS };

static bool is_identifier(const char *s)
{
    if (!(isalpha((unsigned char)*s) || *s == '_'))
        return false;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_'))
            return false;
    return true;
}

static bool is_number(const toml_value *v) { return v->type == TOML_INTEGER || v->type == TOML_FLOAT; }

static double number_of(const toml_value *v) { return v->type == TOML_FLOAT ? v->u.number : (double)v->u.integer; }

/* ------------------------------------------------------------------ */
/* The fields                                                          */
/* ------------------------------------------------------------------ */

/* A field's text: a string of the file, or lines the loader wrote from
 * a table (parameters), line k from entry lines[k - 1]. */
typedef struct field_text {
    const toml_value *string;
    char *owned;
    const toml_entry **lines;
    size_t n_lines;
} field_text;

static void field_free(field_text *f)
{
    free(f->owned);
    free(f->lines);
}

static const char *text_of(const field_text *f) { return f->string ? f->string->u.string.ptr : f->owned; }

/* Appends to a growing buffer (false: out of memory). */
static bool append(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        size_t cap2 = *cap ? *cap : 256;
        while (cap2 < *len + n + 1)
            cap2 *= 2;
        char *bigger = realloc(*buf, cap2);
        if (!bigger)
            return false;
        *buf = bigger;
        *cap = cap2;
    }
    memcpy(*buf + *len, s, n + 1);
    *len += n;
    return true;
}

/* parameters = { A = 0.01, tau = { value = 20, unit = "ms", bounds = "> 0", doc = "..." } }:
 * one line "NAME = VALUE : UNIT (BOUNDS) # doc" per entry. */
static bool parameter_table(load_ctx *c, const toml_value *t, const char *path, field_text *f)
{
    size_t len = 0, cap = 0;
    f->lines = calloc(t->u.table.n + 1, sizeof *f->lines);
    if (!f->lines || !append(&f->owned, &len, &cap, ""))
        return ax_load_fail_memory(c, t->pos, path);
    for (size_t k = 0; k < t->u.table.n; k++) {
        const toml_entry *e = &t->u.table.entries[k];
        const toml_value *v = e->value;
        char where[300], line[512];
        ax_load_path(where, sizeof where, path, e->key);
        if (!is_identifier(e->key))
            return ax_load_fail(c, e->pos, where, "a parameter's name is an identifier (letters, digits, '_')");
        double value = 0.0;
        const char *unit = "", *bounds = "", *doc = "";
        if (v->type == TOML_TABLE) {
            bool found;
            if (!ax_load_check_keys(c, v, where, param_keys) || !ax_load_number(c, v, "value", where, &value, NULL) ||
                !ax_load_string(c, v, "unit", where, &unit, &found) ||
                !ax_load_string(c, v, "bounds", where, &bounds, &found) ||
                !ax_load_string(c, v, "doc", where, &doc, &found))
                return false;
        } else if (is_number(v)) {
            value = number_of(v);
        } else {
            return ax_load_fail(c, v->pos, where, "expected the default value (a number), or { value = ..., unit = "
                                "\"...\", bounds = \"...\", doc = \"...\" }; got a %s", ax_toml_type_name(v->type));
        }
        if (!isfinite(value))
            return ax_load_fail(c, v->pos, where, "%g is not a finite number", value);
        if (strpbrk(unit, "\n#(") || strpbrk(bounds, "\n#()"))
            return ax_load_fail(c, v->pos, where, "unit and bounds are one line each, as \"ms\" and \"> 0\"");
        /* the doc is the line's comment: one line */
        char one_line[256];
        snprintf(one_line, sizeof one_line, "%s", doc);
        for (char *s = one_line; *s; s++)
            *s = *s == '\n' || *s == '\r' ? ' ' : *s;
        snprintf(line, sizeof line, "%s = %.17g%s%s%s%s%s%s%s\n", e->key, value, *unit || *bounds ? " : " : "",
                 *unit ? unit : *bounds ? "1" : "", *bounds ? " (" : "", bounds, *bounds ? ")" : "",
                 *one_line ? " # " : "", one_line);
        if (!append(&f->owned, &len, &cap, line))
            return ax_load_fail_memory(c, e->pos, where);
        f->lines[f->n_lines++] = e;
    }
    return true;
}

static bool load_field(load_ctx *c, const toml_value *t, int field, const char *path, field_text *f)
{
    const toml_entry *e = ax_toml_get_entry(t, rule_keys[field]);
    if (!e)
        return true;
    char where[300];
    ax_load_path(where, sizeof where, path, rule_keys[field]);
    if (e->value->type == TOML_STRING) {
        if (strlen(e->value->u.string.ptr) != e->value->u.string.len)
            return ax_load_fail(c, e->value->pos, where, "the string contains a NUL");
        f->string = e->value;
        return true;
    }
    if (field == F_PARAMETERS && e->value->type == TOML_TABLE)
        return parameter_table(c, e->value, where, f);
    return ax_load_fail(c, e->value->pos, where, "expected %s, got a %s",
                        field == F_PARAMETERS ? "lines NAME = VALUE : UNIT (BOUNDS) (a string) or a table of NAME = "
                                                "VALUE"
                        : field == F_DOC      ? "a string"
                        : field == F_PRE || field == F_POST ? "traces, one a line: dX/dt = -X / tau (a string)"
                                                            : "statements (a string)",
                        ax_toml_type_name(e->value->type));
}

/* ------------------------------------------------------------------ */
/* Messages of ax_plasticity_define_equations, placed                   */
/* ------------------------------------------------------------------ */

/* "define plasticity equations 'NAME': FIELD:LINE:COL: what" (or
 * "FIELD: what", or "what") at the file's position of that character, as
 * "file:line:col: plasticity.NAME.FIELD: at line L, column C: what" (the
 * line and column within the text as written; only the column for a
 * one-line string; a table's line at its entry). */
static bool place_error(load_ctx *c, ax_status st, const toml_entry *re, const char *path, const field_text *fields)
{
    const char *msg = ax_network_get_error(c->net);
    char prefix[160];
    snprintf(prefix, sizeof prefix, "define plasticity equations '%s': ", re->key);
    size_t np = strlen(prefix);
    if (strncmp(msg, prefix, np) != 0)
        return ax_load_fail_as(c, st, re->pos, path, "%s", msg);
    const char *rest = msg + np;
    int field = -1;
    for (int k = 0; k < F_DOC && field < 0; k++) {
        size_t n = strlen(rule_keys[k]);
        if (!strncmp(rest, rule_keys[k], n) && rest[n] == ':') {
            field = k;
            rest += n + 1;
        }
    }
    if (field < 0)
        return ax_load_fail_as(c, st, re->pos, path, "%s", rest);
    char where[300];
    ax_load_path(where, sizeof where, path, rule_keys[field]);
    const toml_entry *e = ax_toml_get_entry(re->value, rule_keys[field]);
    const field_text *f = &fields[field];
    unsigned line = 0, col = 0;
    int used = 0;
    if (!e || sscanf(rest, "%u:%u: %n", &line, &col, &used) != 2 || used == 0)
        return ax_load_fail_as(c, st, e ? e->value->pos : re->pos, where, "%s", rest + (rest[0] == ' '));
    rest += used;
    if (!f->string) {
        /* a line of the parameter table: its entry */
        if (line < 1 || line > f->n_lines)
            return ax_load_fail_as(c, st, e->value->pos, where, "%s", rest);
        const toml_entry *p = f->lines[line - 1];
        char key_path[400];
        return ax_load_fail_as(c, st, p->pos, ax_load_path(key_path, sizeof key_path, where, p->key), "%s", rest);
    }
    toml_pos at = ax_load_string_pos(c->text, f->string, line, col);
    if (strchr(text_of(f), '\n'))
        return ax_load_fail_as(c, st, at, where, "at line %u, column %u: %s", line, col, rest);
    return ax_load_fail_as(c, st, at, where, "at column %u: %s", col, rest);
}

static bool load_rule(load_ctx *c, const toml_entry *re)
{
    char path[256];
    ax_load_path(path, sizeof path, "plasticity", re->key);
    if (re->value->type != TOML_TABLE)
        return ax_load_fail(c, re->value->pos, path, "a plasticity rule is a table (parameters, pre, post, on_pre, "
                            "on_post, doc; docs/equations.md); got a %s", ax_toml_type_name(re->value->type));
    if (!is_identifier(re->key) || strlen(re->key) > 64)
        return ax_load_fail(c, re->pos, path, "a rule's name is an identifier (letters, digits, '_', not starting "
                            "with a digit, at most 64 characters)");
    if (!ax_load_check_keys(c, re->value, path, rule_keys))
        return false;
    field_text fields[N_FIELDS] = {{0}};
    bool ok = true;
    for (int k = 0; k < N_FIELDS && ok; k++)
        ok = load_field(c, re->value, k, path, &fields[k]);
    if (ok) {
        const ax_plasticity_equations eq = {
            .parameters = text_of(&fields[F_PARAMETERS]), .pre = text_of(&fields[F_PRE]),
            .post = text_of(&fields[F_POST]), .on_pre = text_of(&fields[F_ON_PRE]),
            .on_post = text_of(&fields[F_ON_POST]), .doc = text_of(&fields[F_DOC]),
        };
        ax_status st = ax_plasticity_define_equations(c->net, re->key, &eq);
        if (st)
            ok = place_error(c, st, re, path, fields);
    }
    for (int k = 0; k < N_FIELDS; k++)
        field_free(&fields[k]);
    return ok;
}

bool ax_load_rules(load_ctx *c, const toml_value *doc)
{
    const toml_value *rules;
    bool found;
    if (!ax_load_table(c, doc, "plasticity", "", &rules, &found))
        return false;
    for (size_t k = 0; found && k < rules->u.table.n; k++)
        if (!load_rule(c, &rules->u.table.entries[k]))
            return false;
    return true;
}

/* ------------------------------------------------------------------ */
/* A projection's rule                                                 */
/* ------------------------------------------------------------------ */

bool ax_load_rule_params(load_ctx *c, const toml_value *params, const char *path, char *buf, size_t len)
{
    size_t at = 0;
    buf[0] = '\0';
    if (params->type != TOML_TABLE)
        return ax_load_fail(c, params->pos, path, "expected a table of the rule's parameters, such as { A_plus = "
                            "0.02 }; got a %s", ax_toml_type_name(params->type));
    for (size_t k = 0; k < params->u.table.n; k++) {
        const toml_entry *e = &params->u.table.entries[k];
        char where[300];
        ax_load_path(where, sizeof where, path, e->key);
        if (!is_identifier(e->key))
            return ax_load_fail(c, e->pos, where, "not a parameter's name (letters, digits, '_')");
        if (!is_number(e->value))
            return ax_load_fail(c, e->value->pos, where, "expected a number, got a %s",
                                ax_toml_type_name(e->value->type));
        int n = snprintf(buf + at, len - at, "%s%s = %.17g", k ? ", " : "", e->key, number_of(e->value));
        if (n < 0 || (size_t)n >= len - at)
            return ax_load_fail(c, e->pos, where, "too many parameters (at most %zu characters in all)", len);
        at += (size_t)n;
    }
    return true;
}

/* The identifier at s into out. */
static void identifier_at(const char *s, char *out, size_t len)
{
    size_t n = 0;
    while ((isalnum((unsigned char)s[n]) || s[n] == '_') && n + 1 < len)
        n++;
    snprintf(out, len, "%.*s", (int)n, s);
}

bool ax_load_rule_failure(load_ctx *c, ax_status st, const toml_value *synapse, const char *path)
{
    const char *msg = ax_network_get_error(c->net);
    const toml_entry *rule = ax_toml_get_entry(synapse, "rule"), *params = ax_toml_get_entry(synapse, "params");
    char where[300], key[80];
    const char *at;
    if (!rule || strncmp(msg, "connect plastic: ", 17))
        return false;
    msg += 17;
    if (!strncmp(msg, "rule '", 6) && (at = strstr(msg, "is not defined on this network"))) {
        const char *list = strstr(msg, "(rules: ");
        char rules[400] = "";
        if (list)
            snprintf(rules, sizeof rules, "; rules here: %.*s", (int)strcspn(list + 8, ")"), list + 8);
        ax_load_fail_as(c, st, rule->value->pos, ax_load_path(where, sizeof where, path, "rule"),
                        "no rule is named '%s' (define it under [plasticity.%s]%s)", rule->value->u.string.ptr,
                        rule->value->u.string.ptr, rules);
        return true;
    }
    if (!strncmp(msg, "rule_params of rule ", 20) && (at = strchr(msg + 20, ':'))) {
        at += 2;
        const char *unknown = strstr(at, "unknown parameter at '"), *list = strstr(at, "the rule's parameters: ");
        identifier_at(unknown ? unknown + 22 : at, key, sizeof key);
        const toml_entry *e = params && params->value->type == TOML_TABLE ? ax_toml_get_entry(params->value, key) : NULL;
        char in_params[300];
        ax_load_path(in_params, sizeof in_params, path, "params");
        if (e)
            ax_load_path(where, sizeof where, in_params, key);
        else
            snprintf(where, sizeof where, "%s", in_params);
        toml_pos pos = e ? (unknown ? e->pos : e->value->pos) : params ? params->value->pos : synapse->pos;
        if (unknown && list)
            ax_load_fail_as(c, st, pos, where, "rule %s has no parameter '%s'; its parameters: %s",
                            rule->value->u.string.ptr, key, list + 23);
        else
            ax_load_fail_as(c, st, pos, where, "rule %s: %s", rule->value->u.string.ptr, at);
        return true;
    }
    if (!strncmp(msg, "trace '", 7) && strstr(msg, "with these parameters")) {
        ax_load_fail_as(c, st, params ? params->value->pos : rule->value->pos,
                        ax_load_path(where, sizeof where, path, params ? "params" : "rule"), "%s", msg);
        return true;
    }
    if (!strncmp(msg, "rule ", 5)) {
        ax_load_fail_as(c, st, rule->value->pos, ax_load_path(where, sizeof where, path, "rule"), "%s", msg);
        return true;
    }
    return false;
}
