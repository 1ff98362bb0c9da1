/*
 * load_sweep.c - the [sweep] table of a model file (docs/fitting.md,
 * "Sweeps"): which keys `axon sweep` varies, each a list of values or a
 * range, and how many trials (seeds) each combination gets.
 *
 * The table is checked and expanded here, once, into each key's values as
 * TOML text - the text of a --set override, so that a run of the sweep is
 * exactly `axon run --set KEY=TEXT ...`.  A key is also marked settable on
 * a built network when it is a parameter of a population
 * (populations.NAME.params.P, numbers only): those runs can reuse one
 * built network (io/sweep.c) instead of loading and building again.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "io/load.h"

/* More runs than this is surely a mistake in a range (a step too small). */
#define MAX_SWEEP_RUNS 10000000ull
/* Range values are rounded to this many significant digits, so that
 * 0.1 + 2 * 0.1 is written (and run) as 0.3. */
#define RANGE_DIGITS 12

void ax_sweep_data_free(ax_sweep_data *s)
{
    for (size_t k = 0; k < s->n; k++) {
        for (size_t j = 0; j < s->params[k].n; j++)
            free(s->params[k].texts[j]);
        free(s->params[k].texts);
        free(s->params[k].numbers);
        free(s->params[k].key);
    }
    free(s->params);
    *s = (ax_sweep_data){0};
}

/* Adds one value (its TOML text and, for numbers, the number) to p. */
static bool add_value(load_ctx *c, ax_sweep_key *p, const char *text, double number, toml_pos pos)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 8;
        char **t = realloc(p->texts, cap * sizeof *t);
        if (t)
            p->texts = t;
        double *v = t ? realloc(p->numbers, cap * sizeof *v) : NULL;
        if (v)
            p->numbers = v;
        if (!t || !v)
            return ax_load_fail_memory(c, pos, p->key);
        p->cap = cap;
    }
    if (!(p->texts[p->n] = strdup(text)))
        return ax_load_fail_memory(c, pos, p->key);
    p->numbers[p->n++] = number;
    return true;
}

/* The shortest decimal text that reads back as x (at most 17 digits),
 * without an exponent where a person would write none (10, not 1e+01). */
static void number_text(double x, char *buf, size_t len)
{
    bool plain = fabs(x) >= 1e-5 && fabs(x) < 1e16;
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, len, "%.*g", digits, x);
        if (strtod(buf, NULL) == x && (!plain || !strchr(buf, 'e') || digits == 17))
            return;
    }
}

static const char *article(const char *noun)
{
    return strchr("aeiou", noun[0]) ? "an" : "a";
}

/* One item of a list: a number, a string or a boolean. */
static bool list_item(load_ctx *c, ax_sweep_key *p, const toml_value *v, size_t index)
{
    char text[512], where[300];
    snprintf(where, sizeof where, "sweep.%s[%zu]", p->key, index);
    switch (v->type) {
    case TOML_INTEGER:
        snprintf(text, sizeof text, "%lld", (long long)v->u.integer);
        return add_value(c, p, text, (double)v->u.integer, v->pos);
    case TOML_FLOAT:
        if (!isfinite(v->u.number))
            return ax_load_fail(c, v->pos, where, "%g is not allowed: a swept value must be finite", v->u.number);
        number_text(v->u.number, text, sizeof text);
        if (!strpbrk(text, ".en"))
            strcat(text, ".0");   /* stays a TOML float: 10.0, not the integer 10 */
        return add_value(c, p, text, v->u.number, v->pos);
    case TOML_BOOL:
        return add_value(c, p, v->u.boolean ? "true" : "false", NAN, v->pos);
    case TOML_STRING: {
        size_t w = 0;
        text[w++] = '"';
        for (size_t k = 0; k < v->u.string.len; k++) {
            unsigned char ch = (unsigned char)v->u.string.ptr[k];
            if (ch < 0x20 || ch == 0x7f)
                return ax_load_fail(c, v->pos, where, "a swept string cannot hold control characters");
            if (w + 4 >= sizeof text)
                return ax_load_fail(c, v->pos, where, "the string is too long (at most 500 characters)");
            if (ch == '"' || ch == '\\')
                text[w++] = '\\';
            text[w++] = (char)ch;
        }
        text[w++] = '"';
        text[w] = '\0';
        return add_value(c, p, text, NAN, v->pos);
    }
    default:
        return ax_load_fail(c, v->pos, where, "%s %s is not allowed: swept values are numbers, strings or booleans",
                            article(ax_toml_type_name(v->type)), ax_toml_type_name(v->type));
    }
}

static const char *const range_keys[] = {"from", "to", "step", "num", "log", NULL};

static bool is_whole(const toml_value *t, const char *key)
{
    const toml_value *v = ax_toml_get(t, key);
    return !v || v->type == TOML_INTEGER;
}

/* { from, to, step } or { from, to, num [, log] }: the values, from first. */
static bool range(load_ctx *c, ax_sweep_key *p, const toml_value *t)
{
    char where[300];
    snprintf(where, sizeof where, "sweep.%s", p->key);
    double from, to, step = NAN;
    long long num = 0;
    bool has_step, has_num, log_scale = false, has;
    if (!ax_load_check_keys(c, t, where, range_keys) || !ax_load_number(c, t, "from", where, &from, NULL) ||
        !ax_load_number(c, t, "to", where, &to, NULL) || !ax_load_number(c, t, "step", where, &step, &has_step) ||
        !ax_load_integer(c, t, "num", where, &num, &has_num) || !ax_load_bool(c, t, "log", where, &log_scale, &has))
        return false;
    if (has_step == has_num)
        return ax_load_fail(c, t->pos, where, "a range takes either step = (from, from + step, ... up to to) or num = "
                                              "(num values from from to to), %s",
                            has_step ? "not both" : "and has neither");
    if (!isfinite(from) || !isfinite(to) || from > to)
        return ax_load_fail(c, t->pos, where, "from = %g, to = %g is not allowed: both finite and from <= to", from,
                            to);
    if (has_step && log_scale)
        return ax_load_fail(c, t->pos, where, "log = true takes num, not step (num values evenly spaced in log)");
    if (has_step && !(step > 0 && isfinite(step)))
        return ax_load_fail(c, ax_toml_get(t, "step")->pos, where, "step = %g is not allowed: must be > 0", step);
    if (has_num && (num < 1 || (num > 1 && from == to)))
        return ax_load_fail(c, ax_toml_get(t, "num")->pos, where,
                            "num = %lld is not allowed: must be >= 1 (and 1 when from = to)", num);
    if (log_scale && !(from > 0))
        return ax_load_fail(c, t->pos, where, "from = %g is not allowed with log = true: must be > 0", from);
    double count = has_step ? floor((to - from) / step * (1 + 1e-12) + 1e-9) + 1 : (double)num;
    if (count > (double)MAX_SWEEP_RUNS)
        return ax_load_fail(c, t->pos, where, "%.0f values: more than %llu (is the step too small?)", count,
                            MAX_SWEEP_RUNS);
    bool whole = !log_scale && has_step && is_whole(t, "from") && is_whole(t, "to") && is_whole(t, "step");
    size_t n = (size_t)count;
    for (size_t i = 0; i < n; i++) {
        double x = has_step ? from + (double)i * step
                   : n == 1 ? from
                   : log_scale ? from * pow(to / from, (double)i / (double)(n - 1))
                               : from + (to - from) * (double)i / (double)(n - 1);
        if (i + 1 == n && !has_step)
            x = to;   /* exactly the end given, whatever the rounding */
        char text[64];
        if (whole) {
            snprintf(text, sizeof text, "%lld", (long long)llround(x));
        } else {
            snprintf(text, sizeof text, "%.*g", RANGE_DIGITS, x);
            x = strtod(text, NULL);
            number_text(x, text, sizeof text);
            if (!strpbrk(text, ".en"))
                strcat(text, ".0");
        }
        if (!add_value(c, p, text, x, t->pos))
            return false;
    }
    return true;
}

static const char *const top_level[] = {"name", "simulation", "populations", "projections", "inputs", "record",
                                        "channels", "schedule", "modulators", "analysis", NULL};

/* Checks what can be checked of a key path without loading with it: its
 * first part is a section of the file, and it is not one of the keys a
 * sweep sets itself.  (Whether the rest exists is known only by loading
 * with it: `axon sweep` does, with every value, before anything runs.) */
static bool check_key(load_ctx *c, const char *key, toml_pos pos)
{
    char where[300], first[64], hint[96];
    snprintf(where, sizeof where, "sweep.%s", key);
    size_t n = strcspn(key, ".");
    snprintf(first, sizeof first, "%.*s", (int)(n < 63 ? n : 63), key);
    ax_suggest s;
    ax_suggest_init(&s, first);
    bool known = false;
    for (const char *const *t = top_level; *t; t++) {
        ax_suggest_add(&s, *t);
        known = known || strcmp(*t, first) == 0;
    }
    if (!known)
        return ax_load_fail(c, pos, where, "'%s' is not a section of a model file%s; a swept key is a key path as "
                                           "--set takes it, e.g. populations.E.params.tau_m",
                            first, ax_suggest_text(&s, hint, sizeof hint));
    static const char *const own[] = {"simulation.seed", "simulation.threads", "simulation.output", NULL};
    for (const char *const *o = own; *o; o++)
        if (strcmp(key, *o) == 0)
            return ax_load_fail(c, pos, where, "cannot be swept: %s",
                                o == own ? "seeds come from sweep.trials (trial k of every combination runs with "
                                           "the k-th seed derived from simulation.seed)"
                                : o == own + 1 ? "the threads of each run are axon sweep's --threads"
                                               : "axon sweep writes one table (--out), not the runs' recordings");
    return true;
}

/* A settable key: populations.NAME.params.P with P a parameter of NAME's
 * model (not its spike times) and only numbers as values. */
static void mark_settable(load_ctx *c, ax_sweep_key *p)
{
    p->settable = false;
    for (size_t j = 0; j < p->n; j++)
        if (isnan(p->numbers[j]))
            return;
    const char *prefix = "populations.";
    if (strncmp(p->key, prefix, strlen(prefix)) != 0)
        return;
    const char *name = p->key + strlen(prefix), *dot = strstr(name, ".params.");
    if (!dot || dot == name)
        return;
    char pop_name[256];
    snprintf(pop_name, sizeof pop_name, "%.*s", (int)(dot - name < 255 ? dot - name : 255), name);
    const char *param = dot + strlen(".params.");
    ax_population pop;
    ax_population_info info;
    if (strchr(param, '.') || ax_population_find(c->net, pop_name, &pop) != AX_OK ||
        ax_population_get_info(c->net, pop, &info) != AX_OK || strcmp(param, "spike_times") == 0)
        return;
    for (uint32_t k = 0; k < info.model->n_params; k++)
        if (strcmp(info.model->params[k].name, param) == 0) {
            p->settable = true;
            p->pop = pop;
            p->param = info.model->params[k].name;
        }
}

/* Walks the table: a key whose value is a list or a range table ({ from,
 * ... }) is swept; another table is a level of a dotted path
 * ([sweep.populations.E.params] tau_m = [...]). */
static bool walk(load_ctx *c, const toml_value *t, const char *prefix)
{
    for (size_t k = 0; k < t->u.table.n; k++) {
        const toml_entry *e = &t->u.table.entries[k];
        if (!*prefix && strcmp(e->key, "trials") == 0)
            continue;
        char key[256];
        if (snprintf(key, sizeof key, "%s%s%s", prefix, *prefix ? "." : "", e->key) >= (int)sizeof key)
            return ax_load_fail(c, e->pos, "sweep", "the key path %s... is too long (at most 255 characters)", key);
        const toml_value *v = e->value;
        if (v->type == TOML_TABLE && !ax_toml_get(v, "from")) {
            if (v->u.table.n == 0)
                return ax_load_fail(c, e->pos, key, "an empty table: a swept key takes a list or a range");
            if (!walk(c, v, key))
                return false;
            continue;
        }
        char where[300];
        snprintf(where, sizeof where, "sweep.%s", key);
        if (v->type != TOML_TABLE && v->type != TOML_ARRAY)
            return ax_load_fail(c, v->pos, where,
                                "%s %s is not allowed: a swept key takes a list of values ([10, 20, 30]) or a range "
                                "({ from = 10, to = 30, step = 10 } or { from = 1, to = 100, num = 5, log = true })",
                                article(ax_toml_type_name(v->type)), ax_toml_type_name(v->type));
        if (!check_key(c, key, e->pos))
            return false;
        ax_sweep_data *s = &c->mf->sweep;
        if (s->n == AX_SWEEP_MAX_KEYS)
            return ax_load_fail(c, e->pos, where, "more than %d swept keys", AX_SWEEP_MAX_KEYS);
        for (size_t j = 0; j < s->n; j++)
            if (strcmp(s->params[j].key, key) == 0)
                return ax_load_fail(c, e->pos, where, "is swept twice");
        ax_sweep_key *grown = realloc(s->params, (s->n + 1) * sizeof *grown);
        if (!grown)
            return ax_load_fail_memory(c, e->pos, where);
        s->params = grown;
        ax_sweep_key *p = &s->params[s->n];
        *p = (ax_sweep_key){.key = strdup(key), .pos = e->pos};
        if (!p->key)
            return ax_load_fail_memory(c, e->pos, where);
        s->n++;
        if (v->type == TOML_ARRAY) {
            if (v->u.array.n == 0)
                return ax_load_fail(c, v->pos, where, "an empty list: give at least one value");
            for (size_t j = 0; j < v->u.array.n; j++)
                if (!list_item(c, p, v->u.array.items[j], j))
                    return false;
        } else if (!range(c, p, v)) {
            return false;
        }
        mark_settable(c, p);
    }
    return true;
}

/* A table whose values are all single numbers, strings or booleans. */
static bool scalars_only(const toml_value *t)
{
    if (!t)
        return true;
    if (t->type != TOML_TABLE)
        return false;
    for (size_t k = 0; k < t->u.table.n; k++) {
        toml_type type = t->u.table.entries[k].value->type;
        if (type != TOML_INTEGER && type != TOML_FLOAT && type != TOML_STRING && type != TOML_BOOL)
            return false;
    }
    return true;
}

/* Whether the runs of one trial can be laid out as one larger population
 * (docs/fitting.md, "One population"): the file is one population of
 * neurons (no generator: its draws are by neuron index) that nothing
 * connects, drives or places - no projections, inputs, modulators,
 * schedule or structure - whose parameters and initial values are single
 * values (no lists, no distributions drawn by neuron index), and every
 * swept key is one of its parameters.  Each neuron then runs alone, on
 * its own values only, so neuron i of block j runs as neuron i of a
 * network of its own with the values of combination j. */
static bool one_population(load_ctx *c, const toml_value *doc)
{
    const toml_value *pops = ax_toml_get(doc, "populations");
    if (!pops || pops->type != TOML_TABLE || pops->u.table.n != 1)
        return false;
    static const char *const absent[] = {"projections", "inputs", "modulators", "schedule", "channels", NULL};
    for (const char *const *a = absent; *a; a++)
        if (ax_toml_get(doc, *a))
            return false;
    const toml_value *pop = pops->u.table.entries[0].value;
    if (pop->type != TOML_TABLE || ax_toml_get(pop, "structure") || ax_toml_get(pop, "channels") ||
        ax_toml_get(pop, "receptors") || !scalars_only(ax_toml_get(pop, "params")) ||
        !scalars_only(ax_toml_get(pop, "init")))
        return false;
    ax_population_info info;
    if (ax_population_get_info(c->net, 0, &info) != AX_OK || (info.model->flags & AX_MODEL_SPIKE_SOURCE))
        return false;
    for (size_t k = 0; k < c->mf->sweep.n; k++)
        if (!c->mf->sweep.params[k].settable)
            return false;
    return true;
}

bool ax_load_sweep(load_ctx *c, const toml_value *doc)
{
    ax_sweep_data *s = &c->mf->sweep;
    *s = (ax_sweep_data){.trials = 1};
    const toml_value *t = NULL;
    bool found, has;
    if (!ax_load_table(c, doc, "sweep", "", &t, &found))
        return false;
    if (!found)
        return true;
    s->present = true;
    s->pos = t->pos;
    long long trials = 1;
    if (!ax_load_integer(c, t, "trials", "sweep", &trials, &has))
        return false;
    if (trials < 1 || (uint64_t)trials > MAX_SWEEP_RUNS)
        return ax_load_fail(c, ax_toml_get(t, "trials")->pos, "sweep.trials",
                            "%lld is not allowed: must be >= 1 (seeds per combination) and <= %llu", trials,
                            MAX_SWEEP_RUNS);
    s->trials = (uint64_t)trials;
    if (!walk(c, t, ""))
        return false;
    if (s->n == 0)
        return ax_load_fail(c, t->pos, "sweep", "sweeps no key: give at least one, e.g. "
                                                "\"populations.E.params.tau_m\" = [10, 20]");
    double runs = (double)s->trials;
    for (size_t k = 0; k < s->n; k++)
        runs *= (double)s->params[k].n;
    if (runs > (double)MAX_SWEEP_RUNS)
        return ax_load_fail(c, t->pos, "sweep", "%.0f runs (the product of the numbers of values, times trials): "
                                                "more than %llu",
                            runs, MAX_SWEEP_RUNS);
    s->runs = (uint64_t)runs;
    s->one_population = one_population(c, doc);
    return true;
}
