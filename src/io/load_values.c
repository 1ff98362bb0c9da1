/*
 * load_values.c - what every part of the loader needs: messages with
 * positions, unknown-key checks, typed getters, value specifications
 * (number, per-neuron array, distribution) and neuron selections.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "io/load.h"

static bool fail_v(load_ctx *c, ax_status status, toml_pos pos, const char *path, const char *fmt, va_list ap)
{
    if (c->failed)
        return false;
    c->failed = true;
    char msg[900];
    vsnprintf(msg, sizeof msg, fmt, ap);
    c->err->status = status;
    if (pos.line == 0)
        snprintf(c->err->message, sizeof c->err->message, "%s: --set %s: %s", c->file, path, msg);
    else
        snprintf(c->err->message, sizeof c->err->message, "%s:%u:%u: %s%s%s", c->file, pos.line, pos.col,
                 path ? path : "", path && *path ? ": " : "", msg);
    return false;
}

bool ax_load_fail(load_ctx *c, toml_pos pos, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_v(c, AX_ERR_ARGUMENT, pos, path, fmt, ap);
    va_end(ap);
    return false;
}

bool ax_load_fail_as(load_ctx *c, ax_status status, toml_pos pos, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_v(c, status, pos, path, fmt, ap);
    va_end(ap);
    return false;
}

bool ax_load_fail_api(load_ctx *c, ax_status status, toml_pos pos, const char *path)
{
    return ax_load_fail_as(c, status, pos, path, "%s", ax_network_get_error(c->net));
}

bool ax_load_fail_memory(load_ctx *c, toml_pos pos, const char *path)
{
    return ax_load_fail_as(c, AX_ERR_MEMORY, pos, path, "out of memory");
}

const char *ax_load_path(char *buf, size_t len, const char *base, const char *key)
{
    snprintf(buf, len, "%s%s%s", base && *base ? base : "", base && *base ? "." : "", key);
    return buf;
}

bool ax_load_check_keys(load_ctx *c, const toml_value *t, const char *path, const char *const *allowed)
{
    for (size_t k = 0; k < t->u.table.n; k++) {
        const toml_entry *e = &t->u.table.entries[k];
        bool ok = false;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strcmp(*a, e->key) == 0;
        if (ok)
            continue;
        ax_suggest s;
        char hint[96], list[400] = "";
        ax_suggest_init(&s, e->key);
        for (const char *const *a = allowed; *a; a++) {
            ax_suggest_add(&s, *a);
            ax_append(list, sizeof list, a == allowed ? "" : ", ");
            ax_append(list, sizeof list, *a);
        }
        char where[256];
        return ax_load_fail(c, e->pos, ax_load_path(where, sizeof where, path, e->key), "unknown key%s; allowed here: %s",
                         ax_suggest_text(&s, hint, sizeof hint), list);
    }
    return true;
}

/* t[key] or NULL; `found` NULL means required. */
static const toml_entry *entry(load_ctx *c, const toml_value *t, const char *key, const char *path, bool *found)
{
    const toml_entry *e = ax_toml_get_entry(t, key);
    if (found)
        *found = e != NULL;
    if (!e && !found) {
        char where[256];
        ax_load_fail(c, t->pos, ax_load_path(where, sizeof where, path, key), "this key is required");
    }
    return e;
}

static bool wrong_type(load_ctx *c, const toml_entry *e, const char *path, const char *key, const char *want)
{
    char where[256];
    return ax_load_fail(c, e->value->pos, ax_load_path(where, sizeof where, path, key), "expected %s, got a %s", want,
                     ax_toml_type_name(e->value->type));
}

bool ax_load_number(load_ctx *c, const toml_value *t, const char *key, const char *path, double *out, bool *found)
{
    const toml_entry *e = entry(c, t, key, path, found);
    if (!e)
        return found != NULL;
    if (e->value->type == TOML_FLOAT)
        *out = e->value->u.number;
    else if (e->value->type == TOML_INTEGER)
        *out = (double)e->value->u.integer;
    else
        return wrong_type(c, e, path, key, "a number");
    if (!isfinite(*out)) {
        char where[256];
        return ax_load_fail(c, e->value->pos, ax_load_path(where, sizeof where, path, key), "%g is not a finite number",
                         *out);
    }
    return true;
}

bool ax_load_integer(load_ctx *c, const toml_value *t, const char *key, const char *path, long long *out, bool *found)
{
    const toml_entry *e = entry(c, t, key, path, found);
    if (!e)
        return found != NULL;
    if (e->value->type == TOML_INTEGER) {
        *out = e->value->u.integer;
        return true;
    }
    if (e->value->type == TOML_FLOAT && e->value->u.number == floor(e->value->u.number) &&
        fabs(e->value->u.number) < 9e15) {
        *out = (long long)e->value->u.number;   /* 3200.0 is fine */
        return true;
    }
    return wrong_type(c, e, path, key, "a whole number");
}

bool ax_load_string(load_ctx *c, const toml_value *t, const char *key, const char *path, const char **out,
                 bool *found)
{
    const toml_entry *e = entry(c, t, key, path, found);
    if (!e)
        return found != NULL;
    if (e->value->type != TOML_STRING)
        return wrong_type(c, e, path, key, "a string");
    if (strlen(e->value->u.string.ptr) != e->value->u.string.len) {
        char where[256];
        return ax_load_fail(c, e->value->pos, ax_load_path(where, sizeof where, path, key), "the string contains a NUL");
    }
    *out = e->value->u.string.ptr;
    return true;
}

bool ax_load_bool(load_ctx *c, const toml_value *t, const char *key, const char *path, bool *out, bool *found)
{
    const toml_entry *e = entry(c, t, key, path, found);
    if (!e)
        return found != NULL;
    if (e->value->type != TOML_BOOL)
        return wrong_type(c, e, path, key, "true or false");
    *out = e->value->u.boolean;
    return true;
}

bool ax_load_table(load_ctx *c, const toml_value *t, const char *key, const char *path, const toml_value **out,
                bool *found)
{
    const toml_entry *e = entry(c, t, key, path, found);
    if (!e)
        return found != NULL;
    if (e->value->type != TOML_TABLE)
        return wrong_type(c, e, path, key, "a table");
    *out = e->value;
    return true;
}

static bool as_number(const toml_value *v, double *out)
{
    if (v->type == TOML_FLOAT)
        *out = v->u.number;
    else if (v->type == TOML_INTEGER)
        *out = (double)v->u.integer;
    else
        return false;
    return true;
}

static const char *const distributions[] = {"uniform", "normal", "normal_clipped", "lognormal", "exponential",
                                            "expression", NULL};

bool ax_load_value(load_ctx *c, const toml_value *v, const char *path, ax_value *out, double **owned)
{
    *owned = NULL;
    double x;
    if (as_number(v, &x)) {
        *out = ax_value_constant(x);
        return true;
    }
    if (v->type == TOML_ARRAY) {
        size_t n = v->u.array.n;
        double *a = malloc((n ? n : 1) * sizeof *a);
        if (!a)
            return ax_load_fail_memory(c, v->pos, path);
        for (size_t k = 0; k < n; k++) {
            if (!as_number(v->u.array.items[k], &a[k])) {
                free(a);
                return ax_load_fail(c, v->u.array.items[k]->pos, path, "element %zu of the array is a %s, not a number",
                                 k, ax_toml_type_name(v->u.array.items[k]->type));
            }
        }
        *owned = a;
        *out = ax_value_array(a, n);
        return true;
    }
    if (v->type != TOML_TABLE)
        return ax_load_fail(c, v->pos, path,
                         "expected a number, an array with one number per element, or a distribution such as "
                         "{ uniform = [low, high] }; got a %s", ax_toml_type_name(v->type));
    if (v->u.table.n != 1) {
        return ax_load_fail(c, v->pos, path, "a distribution is a table with exactly one key (%s)",
                         "uniform, normal, normal_clipped, lognormal, exponential or expression");
    }
    if (!ax_load_check_keys(c, v, path, distributions))
        return false;
    const toml_entry *e = &v->u.table.entries[0];
    char where[256];
    ax_load_path(where, sizeof where, path, e->key);
    if (!strcmp(e->key, "expression")) {   /* of the synapse's distance (distance connectors) */
        if (e->value->type != TOML_STRING)
            return ax_load_fail(c, e->value->pos, where, "expected a string: an expression of d, dx, dy, dz");
        *out = ax_value_expression(e->value->u.string.ptr);
        return true;
    }
    int want = !strcmp(e->key, "normal_clipped") ? 4 : !strcmp(e->key, "exponential") ? 1 : 2;
    double args[4] = {0, 0, 0, 0};
    if (want == 1 && as_number(e->value, &args[0])) {
        /* exponential = mean */
    } else {
        const char *shape = want == 4 ? "[mean, sd, low, high]" : want == 1 ? "a mean" : !strcmp(e->key, "uniform")
                                                                                         ? "[low, high]"
                                                                                     : !strcmp(e->key, "lognormal")
                                                                                         ? "[mu, sigma]"
                                                                                         : "[mean, sd]";
        if (e->value->type != TOML_ARRAY || e->value->u.array.n != (size_t)want)
            return ax_load_fail(c, e->value->pos, where, "%s takes %s", e->key, shape);
        for (int k = 0; k < want; k++)
            if (!as_number(e->value->u.array.items[k], &args[k]))
                return ax_load_fail(c, e->value->pos, where, "%s takes %s, all numbers", e->key, shape);
    }
    if (!strcmp(e->key, "uniform"))
        *out = ax_value_uniform(args[0], args[1]);
    else if (!strcmp(e->key, "normal"))
        *out = ax_value_normal(args[0], args[1]);
    else if (!strcmp(e->key, "normal_clipped"))
        *out = ax_value_normal_clipped(args[0], args[1], args[2], args[3]);
    else if (!strcmp(e->key, "lognormal"))
        *out = ax_value_lognormal(args[0], args[1]);
    else
        *out = ax_value_exponential(args[0]);
    return true;
}

bool ax_load_neurons(load_ctx *c, const toml_value *v, const char *path, ax_neurons *out, uint32_t **owned)
{
    *owned = NULL;
    if (v->type == TOML_STRING && strcmp(v->u.string.ptr, "all") == 0) {
        *out = AX_ALL_NEURONS;
        return true;
    }
    if (v->type == TOML_TABLE) {
        const toml_entry *e = v->u.table.n == 1 ? &v->u.table.entries[0] : NULL;
        if (!e || strcmp(e->key, "first") != 0 || e->value->type != TOML_INTEGER || e->value->u.integer < 1 ||
            e->value->u.integer > UINT32_MAX)
            return ax_load_fail(c, v->pos, path, "neurons as a table must be { first = N } with N >= 1");
        *out = ax_neurons_first((size_t)e->value->u.integer);
        return true;
    }
    if (v->type == TOML_ARRAY) {
        size_t n = v->u.array.n;
        if (n == 0)
            return ax_load_fail(c, v->pos, path, "the list of neurons is empty");
        uint32_t *list = malloc(n * sizeof *list);
        if (!list)
            return ax_load_fail_memory(c, v->pos, path);
        for (size_t k = 0; k < n; k++) {
            const toml_value *x = v->u.array.items[k];
            if (x->type != TOML_INTEGER || x->u.integer < 0 || x->u.integer > UINT32_MAX - 1) {
                free(list);
                return ax_load_fail(c, x->pos, path, "neuron indices are whole numbers >= 0 (element %zu)", k);
            }
            list[k] = (uint32_t)x->u.integer;
        }
        *owned = list;
        *out = ax_neurons_list(list, n);
        return true;
    }
    return ax_load_fail(c, v->pos, path, "neurons are \"all\", a list of indices, or { first = N }; got a %s",
                     ax_toml_type_name(v->type));
}

bool ax_load_population_ref(load_ctx *c, const toml_value *t, const char *key, const char *path, ax_population *out)
{
    const char *name;
    if (!ax_load_string(c, t, key, path, &name, NULL))
        return false;
    if (ax_population_find(c->net, name, out) == AX_OK)
        return true;
    ax_suggest s;
    char hint[96], list[400] = "", where[256];
    ax_suggest_init(&s, name);
    for (size_t k = 0; k < ax_population_count(c->net); k++) {
        ax_population_info info;
        ax_population_get_info(c->net, (ax_population)k, &info);
        ax_suggest_add(&s, info.name);
        ax_append(list, sizeof list, k ? ", " : "");
        ax_append(list, sizeof list, info.name);
    }
    return ax_load_fail(c, ax_toml_get_entry(t, key)->value->pos, ax_load_path(where, sizeof where, path, key),
                     "no population is named '%s'%s; the populations are: %s", name,
                     ax_suggest_text(&s, hint, sizeof hint), *list ? list : "(none)");
}

/* The entries of an array of tables, e.g. [[projections]]. */
bool ax_load_table_list(load_ctx *c, const toml_value *doc, const char *key, const toml_value ***items, size_t *n)
{
    const toml_entry *e = ax_toml_get_entry(doc, key);
    *items = NULL;
    *n = 0;
    if (!e)
        return true;
    if (e->value->type != TOML_ARRAY)
        return ax_load_fail(c, e->value->pos, key, "expected [[%s]] tables (an array of tables); got a %s", key,
                         ax_toml_type_name(e->value->type));
    for (size_t k = 0; k < e->value->u.array.n; k++)
        if (e->value->u.array.items[k]->type != TOML_TABLE)
            return ax_load_fail(c, e->value->u.array.items[k]->pos, key, "element %zu is a %s, not a table", k,
                             ax_toml_type_name(e->value->u.array.items[k]->type));
    *items = (const toml_value **)e->value->u.array.items;
    *n = e->value->u.array.n;
    return true;
}

/* receptor: given, or "excitatory" when the target model has it. */
bool ax_load_receptor(load_ctx *c, const toml_value *t, const char *path, ax_population target, const char **out)
{
    bool found;
    if (!ax_load_string(c, t, "receptor", path, out, &found))
        return false;
    if (found)
        return true;
    ax_population_info info;
    ax_population_get_info(c->net, target, &info);
    for (uint32_t r = 0; r < info.model->n_receptors; r++)
        if (strcmp(info.model->receptors[r].name, "excitatory") == 0) {
            *out = "excitatory";
            return true;
        }
    char list[300] = "", where[256];
    for (uint32_t r = 0; r < info.model->n_receptors; r++) {
        ax_append(list, sizeof list, r ? ", " : "");
        ax_append(list, sizeof list, info.model->receptors[r].name);
    }
    return ax_load_fail(c, t->pos, ax_load_path(where, sizeof where, path, "receptor"),
                     "this key is required: population '%s' (%s) has the receptors %s", info.name, info.model->name,
                     *list ? list : "(none: it is a spike source)");
}

bool ax_load_coords(load_ctx *c, const toml_value *t, const char *key, const char *path, int min, int max,
                    double out[3], int *n, bool *found)
{
    char where[300];
    ax_load_path(where, sizeof where, path, key);
    const toml_entry *e = ax_toml_get_entry(t, key);
    if (found)
        *found = e != NULL;
    if (!e) {
        if (found)
            return true;
        return ax_load_fail(c, t->pos, path, "'%s' is missing", key);
    }
    const toml_value *a = e->value;
    if (a->type != TOML_ARRAY || a->u.array.n < (size_t)min || a->u.array.n > (size_t)max) {
        if (min == 3 && max == 3)
            return ax_load_fail(c, a->pos, where, "expected [x, y, z]");
        return ax_load_fail(c, a->pos, where, "expected an array of %d to %d numbers (x, y, z)", min, max);
    }
    for (int k = 0; k < 3; k++)
        out[k] = 0.0;
    for (size_t k = 0; k < a->u.array.n; k++) {
        const toml_value *v = a->u.array.items[k];
        if (v->type == TOML_INTEGER)
            out[k] = (double)v->u.integer;
        else if (v->type == TOML_FLOAT)
            out[k] = v->u.number;
        else
            return ax_load_fail(c, v->pos, where, "element %zu is a %s; expected a number", k,
                                ax_toml_type_name(v->type));
    }
    if (n)
        *n = (int)a->u.array.n;
    return true;
}
