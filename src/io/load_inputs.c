/*
 * load_inputs.c - [[inputs]] of a model file: currents (dc, step, ac,
 * noise) and Poisson drives, through the public API.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "io/load.h"

/* ------------------------------------------------------------------ */
/* [[inputs]]                                                           */
/* ------------------------------------------------------------------ */

static const char *const input_kinds[] = {"dc", "step", "ac", "noise", "poisson", NULL};
static const char *const keys_dc[] = {"kind", "target", "neurons", "start", "stop", "amplitude", NULL};
static const char *const keys_step[] = {"kind", "target", "neurons", "start", "stop", "times", "amplitudes", NULL};
static const char *const keys_ac[] = {"kind", "target", "neurons", "start", "stop", "amplitude", "frequency",
                                      "phase", "offset", NULL};
static const char *const keys_noise[] = {"kind", "target", "neurons", "start", "stop", "mean", "std", "interval",
                                         NULL};
static const char *const keys_poisson[] = {"kind", "target", "neurons", "start", "stop", "sources", "rate",
                                           "weight", "receptor", NULL};

static bool number_array(load_ctx *c, const toml_value *t, const char *key, const char *path, double **out,
                         size_t *n)
{
    const toml_entry *e = ax_toml_get_entry(t, key);
    char where[256];
    ax_load_path(where, sizeof where, path, key);
    if (!e)
        return ax_load_fail(c, t->pos, where, "this key is required");
    ax_value v;
    if (e->value->type != TOML_ARRAY)
        return ax_load_fail(c, e->value->pos, where, "expected an array of numbers; got a %s",
                         ax_toml_type_name(e->value->type));
    if (!ax_load_value(c, e->value, where, &v, out))
        return false;
    *n = v.n;
    return true;
}

static bool load_input(load_ctx *c, const toml_value *t, size_t index)
{
    char path[64], where[256];
    snprintf(path, sizeof path, "inputs[%zu]", index);
    const char *kind;
    if (!ax_load_string(c, t, "kind", path, &kind, NULL))
        return false;
    int k = -1;
    for (int i = 0; input_kinds[i]; i++)
        if (!strcmp(kind, input_kinds[i]))
            k = i;
    if (k < 0) {
        ax_suggest s;
        char hint[96];
        ax_suggest_init(&s, kind);
        for (int i = 0; input_kinds[i]; i++)
            ax_suggest_add(&s, input_kinds[i]);
        return ax_load_fail(c, ax_toml_get_entry(t, "kind")->value->pos, ax_load_path(where, sizeof where, path, "kind"),
                         "unknown kind '%s'%s; allowed: dc, step, ac, noise, poisson", kind,
                         ax_suggest_text(&s, hint, sizeof hint));
    }
    const char *const *keys[] = {keys_dc, keys_step, keys_ac, keys_noise, keys_poisson};
    if (!ax_load_check_keys(c, t, path, keys[k]))
        return false;
    ax_population target;
    if (!ax_load_population_ref(c, t, "target", path, &target))
        return false;
    ax_input_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.kind = (ax_input_kind[]){AX_INPUT_DC, AX_INPUT_STEP, AX_INPUT_AC, AX_INPUT_NOISE, AX_INPUT_POISSON}[k];
    bool found;
    if (!ax_load_number(c, t, "start", path, &spec.start, &found) || !ax_load_number(c, t, "stop", path, &spec.stop, &found))
        return false;
    double *times = NULL, *amps = NULL;
    size_t nt = 0, na = 0;
    bool ok = true;
    switch (spec.kind) {
    case AX_INPUT_DC:
        ok = ax_load_number(c, t, "amplitude", path, &spec.amplitude, NULL);
        break;
    case AX_INPUT_STEP:
        ok = number_array(c, t, "times", path, &times, &nt) && number_array(c, t, "amplitudes", path, &amps, &na);
        if (ok && nt != na)
            ok = ax_load_fail(c, ax_toml_get_entry(t, "amplitudes")->value->pos,
                           ax_load_path(where, sizeof where, path, "amplitudes"),
                           "%zu amplitudes for %zu times; give one amplitude per time", na, nt);
        spec.times = times;
        spec.amplitudes = amps;
        spec.n_times = nt;
        break;
    case AX_INPUT_AC:
        ok = ax_load_number(c, t, "amplitude", path, &spec.amplitude, NULL) &&
             ax_load_number(c, t, "frequency", path, &spec.frequency, NULL) &&
             ax_load_number(c, t, "phase", path, &spec.phase, &found) &&
             ax_load_number(c, t, "offset", path, &spec.offset, &found);
        break;
    case AX_INPUT_NOISE:
        ok = ax_load_number(c, t, "mean", path, &spec.mean, &found) && ax_load_number(c, t, "std", path, &spec.std, NULL) &&
             ax_load_number(c, t, "interval", path, &spec.interval, &found);
        break;
    case AX_INPUT_POISSON:
        ok = ax_load_number(c, t, "sources", path, &spec.sources, NULL) &&
             ax_load_number(c, t, "rate", path, &spec.rate, NULL) && ax_load_number(c, t, "weight", path, &spec.weight, NULL) &&
             ax_load_receptor(c, t, path, target, &spec.receptor);
        break;
    }
    ax_neurons sel = AX_ALL_NEURONS;
    uint32_t *owned = NULL;
    const toml_entry *ne = ax_toml_get_entry(t, "neurons");
    if (ok && ne)
        ok = ax_load_neurons(c, ne->value, ax_load_path(where, sizeof where, path, "neurons"), &sel, &owned);
    ax_status st = ok ? ax_input_add(c->net, target, sel, &spec, NULL) : AX_OK;
    if (st)
        ok = ax_load_fail_api(c, st, t->pos, path);
    free(owned);
    free(times);
    free(amps);
    return ok;
}

bool ax_load_inputs(load_ctx *c, const toml_value *doc)
{
    const toml_value **items;
    size_t n;
    if (!ax_load_table_list(c, doc, "inputs", &items, &n))
        return false;
    for (size_t k = 0; k < n; k++)
        if (!load_input(c, items[k], k))
            return false;
    return true;
}
