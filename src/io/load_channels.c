/*
 * ax_load_channels.c - the [channels.NAME] tables of a model file: ion
 * channels defined by the user (docs/model-file.md), declared through
 * ax_channel_define before the populations that list them.
 *
 *   [channels.KA]
 *   conductance = "gbar_A"            # the parameter that is gbar (uS)
 *   reversal = "e_rev_A"              # the parameter that is E (mV)
 *   params = { gbar_A = 47.7, e_rev_A = -75.0 }
 *   [channels.KA.gates.a]
 *   power = 3
 *   inf = "..."                       # and tau, or alpha and beta
 *
 * The loader checks types and shapes; every rule about the channel is
 * ax_channel_define's, whose messages name the part as a key path of the
 * channel's table ("gates.a.inf: ..."), which is resolved here to the
 * line and column of that key.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/load.h"

static const char *const channel_keys[] = {"doc", "conductance", "reversal", "params", "gates", NULL};
static const char *const gate_keys[] = {"power", "alpha", "beta", "inf", "tau", "doc", NULL};
static const char *const param_keys[] = {"value", "unit", "doc", NULL};

/* One gate's expressions given as numbers are formatted here. */
typedef char number_text[4][32];

/* An expression: a string, or a number (a constant, e.g. tau = 5.0). */
static bool load_expression(load_ctx *c, const toml_value *t, const char *key, const char *path, char *buf,
                            const char **out)
{
    const toml_entry *e = ax_toml_get_entry(t, key);
    *out = NULL;
    if (!e)
        return true;
    if (e->value->type == TOML_INTEGER || e->value->type == TOML_FLOAT) {
        double x;
        if (!ax_load_number(c, t, key, path, &x, NULL))
            return false;
        snprintf(buf, 32, "%.17g", x);
        *out = buf;
        return true;
    }
    char where[300];
    if (e->value->type != TOML_STRING)
        return ax_load_fail(c, e->value->pos, ax_load_path(where, sizeof where, path, key),
                         "expected an expression of v (a string) or a number, got a %s", ax_toml_type_name(e->value->type));
    return ax_load_string(c, t, key, path, out, NULL);
}

/* params = { name = 1.0, other = { value = 2.0, unit = "mV", doc = "..." } } */
static bool load_param(load_ctx *c, const toml_entry *p, const char *path, const char *conductance,
                       const char *reversal, ax_param_info *out)
{
    char where[300];
    ax_load_path(where, sizeof where, path, p->key);
    bool is_g = conductance && strcmp(p->key, conductance) == 0, is_e = reversal && strcmp(p->key, reversal) == 0;
    *out = (ax_param_info){p->key, is_g ? "uS" : is_e ? "mV" : "", 0.0, is_g ? 0.0 : -INFINITY, INFINITY, 0,
                           is_g ? "maximal conductance" : is_e ? "reversal potential" : ""};
    const toml_value *v = p->value;
    if (v->type == TOML_TABLE) {
        bool found;
        return ax_load_check_keys(c, v, where, param_keys) && ax_load_number(c, v, "value", where, &out->value, NULL) &&
               ax_load_string(c, v, "unit", where, &out->unit, &found) &&
               ax_load_string(c, v, "doc", where, &out->doc, &found);
    }
    if (v->type != TOML_INTEGER && v->type != TOML_FLOAT)
        return ax_load_fail(c, v->pos, where, "expected the default value (a number), or { value = ..., unit = \"...\", "
                         "doc = \"...\" }; got a %s", ax_toml_type_name(v->type));
    out->value = v->type == TOML_FLOAT ? v->u.number : (double)v->u.integer;
    if (!isfinite(out->value))
        return ax_load_fail(c, v->pos, where, "%g is not a finite number", out->value);
    return true;
}

static bool load_gate(load_ctx *c, const toml_entry *g, const char *path, ax_gate_def *out, number_text numbers)
{
    char where[300];
    ax_load_path(where, sizeof where, path, g->key);
    if (g->value->type != TOML_TABLE)
        return ax_load_fail(c, g->value->pos, where, "a gate is a table (power, alpha and beta or inf and tau); got a %s",
                         ax_toml_type_name(g->value->type));
    const toml_value *t = g->value;
    long long power = 1;
    bool found;
    *out = (ax_gate_def){.name = g->key};
    if (!ax_load_check_keys(c, t, where, gate_keys) || !ax_load_integer(c, t, "power", where, &power, &found) ||
        !ax_load_string(c, t, "doc", where, &out->doc, &found) ||
        !load_expression(c, t, "alpha", where, numbers[0], &out->alpha) ||
        !load_expression(c, t, "beta", where, numbers[1], &out->beta) ||
        !load_expression(c, t, "inf", where, numbers[2], &out->inf) ||
        !load_expression(c, t, "tau", where, numbers[3], &out->tau))
        return false;
    out->power = power < -1000 ? -1000 : power > 1000 ? 1000 : (int)power;   /* the API says what is allowed */
    return true;
}

/* Places the message of ax_channel_define ("define channel 'KA':
 * gates.a.inf: ...") at the key it names. */
static bool place_error(load_ctx *c, ax_status st, const toml_entry *ch, const char *path)
{
    const char *msg = ax_network_get_error(c->net);
    char prefix[120];
    snprintf(prefix, sizeof prefix, "define channel '%s': ", ch->key);
    size_t np = strlen(prefix);
    if (strncmp(msg, prefix, np) != 0)
        return ax_load_fail_as(c, st, ch->pos, path, "%s", msg);
    const char *rest = msg + np, *colon = strstr(rest, ": ");
    size_t n = colon ? (size_t)(colon - rest) : 0;
    char key[200];
    if (n == 0 || n >= sizeof key || strspn(rest, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.") != n)
        return ax_load_fail_as(c, st, ch->pos, path, "%s", rest);
    memcpy(key, rest, n);
    key[n] = '\0';
    /* walk the key path; a value is placed at its value, a table at its key */
    const toml_value *t = ch->value;
    toml_pos pos = ch->pos;
    char parts[200], *save = NULL;
    snprintf(parts, sizeof parts, "%s", key);
    for (char *part = strtok_r(parts, ".", &save); part; part = strtok_r(NULL, ".", &save)) {
        const toml_entry *e = t && t->type == TOML_TABLE ? ax_toml_get_entry(t, part) : NULL;
        if (!e)
            break;
        pos = e->value->type == TOML_TABLE ? e->pos : e->value->pos;
        t = e->value;
    }
    char where[300];
    return ax_load_fail_as(c, st, pos, ax_load_path(where, sizeof where, path, key), "%s", colon + 2);
}

static bool load_channel(load_ctx *c, const toml_entry *ch)
{
    char path[256];
    ax_load_path(path, sizeof path, "channels", ch->key);
    if (ch->value->type != TOML_TABLE)
        return ax_load_fail(c, ch->value->pos, path, "a channel is a table (conductance, reversal, params, gates); got a %s",
                         ax_toml_type_name(ch->value->type));
    const toml_value *t = ch->value, *params = NULL, *gates = NULL;
    ax_channel_def def = {.name = ch->key};
    bool found;
    if (!ax_load_check_keys(c, t, path, channel_keys) || !ax_load_string(c, t, "doc", path, &def.doc, &found) ||
        !ax_load_string(c, t, "conductance", path, &def.conductance, NULL) ||
        !ax_load_string(c, t, "reversal", path, &def.reversal, NULL) || !ax_load_table(c, t, "params", path, &params, NULL) ||
        !ax_load_table(c, t, "gates", path, &gates, &found))
        return false;
    size_t np = params->u.table.n, ng = gates ? gates->u.table.n : 0;
    ax_param_info *pi = calloc(np ? np : 1, sizeof *pi);
    ax_gate_def *gd = calloc(ng ? ng : 1, sizeof *gd);
    number_text *numbers = calloc(ng ? ng : 1, sizeof *numbers);
    bool ok = pi && gd && numbers;
    if (!ok)
        ax_load_fail_memory(c, t->pos, path);
    char where[300];
    ax_load_path(where, sizeof where, path, "params");
    for (size_t k = 0; ok && k < np; k++)
        ok = load_param(c, &params->u.table.entries[k], where, def.conductance, def.reversal, &pi[k]);
    ax_load_path(where, sizeof where, path, "gates");
    for (size_t k = 0; ok && k < ng; k++)
        ok = load_gate(c, &gates->u.table.entries[k], where, &gd[k], numbers[k]);
    if (ok) {
        def.params = pi;
        def.n_params = (uint32_t)np;
        def.gates = gd;
        def.n_gates = (uint32_t)ng;
        ax_status st = ax_channel_define(c->net, &def);
        if (st)
            ok = place_error(c, st, ch, path);
    }
    free(pi);
    free(gd);
    free(numbers);
    return ok;
}

bool ax_load_channels(load_ctx *c, const toml_value *doc)
{
    const toml_value *channels;
    bool found;
    if (!ax_load_table(c, doc, "channels", "", &channels, &found))
        return false;
    for (size_t k = 0; found && k < channels->u.table.n; k++)
        if (!load_channel(c, &channels->u.table.entries[k]))
            return false;
    return true;
}
