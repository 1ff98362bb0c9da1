/*
 * load_plastic.c - plastic synapses in [[projections]]
 *     synapse = { stdp = { timing = "spike_pair", ... }, tsodyks_markram = { U = 0.5, ... },
 *                 release_probability = 0.5 }
 *     synapse = { rule = "NAME", params = { A_plus = 0.02 }, ... }   (a [plasticity.NAME] rule: load_rules.c)
 * the [modulators] they may read, and the [[schedule]] of changes during a
 * run (applied by io/modelfile.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "core/error.h"
#include "io/load.h"

static const char *const timings[] = {"none", "spike_pair", "vogels2011", "triplet", "anti_hebbian", "bcm", NULL};
static const char *const pairings[] = {"all_to_all", "nearest", NULL};
static const char *const dependences[] = {"additive", "multiplicative", "additive_potentiation_multiplicative_depression",
                                          "gutig", NULL};

/* The keys each timing rule reads (besides timing). */
static const char *const keys_spike_pair[] = {"timing", "pairing", "dependence", "tau_plus", "tau_minus", "A_plus",
                                              "A_minus", "w_min", "w_max", "mu_plus", "mu_minus", "reward", "tau_c",
                                              NULL};
static const char *const keys_vogels[] = {"timing", "tau", "eta", "rho", "w_max", NULL};
static const char *const keys_triplet[] = {"timing", "pairing", "tau_plus", "tau_minus", "tau_x", "tau_y", "A2_plus",
                                           "A3_plus", "A2_minus", "A3_minus", "w_min", "w_max", NULL};
static const char *const keys_anti[] = {"timing", "w0", "alpha", "window", NULL};
static const char *const keys_bcm[] = {"timing", "eta", "tau_plus", "tau_minus", "tau_theta", "y0", "w_min", "w_max",
                                       NULL};
static const char *const keys_tm[] = {"U", "tau_rec", "tau_facil", NULL};

/* Index of t[key] among `names` (a string), or def when absent. */
static bool load_choice(load_ctx *c, const toml_value *t, const char *key, const char *path,
                        const char *const *names, int def, int *out)
{
    const char *s;
    bool found;
    if (!ax_load_string(c, t, key, path, &s, &found))
        return false;
    *out = def;
    if (!found)
        return true;
    char allowed[256] = "", where[256];
    for (int k = 0; names[k]; k++) {
        if (strcmp(s, names[k]) == 0) {
            *out = k;
            return true;
        }
        ax_append(allowed, sizeof allowed, k ? ", " : "");
        ax_append(allowed, sizeof allowed, names[k]);
    }
    return ax_load_fail(c, ax_toml_get_entry(t, key)->value->pos, ax_load_path(where, sizeof where, path, key),
                     "unknown %s '%s'; allowed: %s", key, s, allowed);
}

static bool load_numbers(load_ctx *c, const toml_value *t, const char *path, ax_plasticity *r)
{
    const struct { const char *key; double *to; } nums[] = {
        {"tau_plus", &r->tau_plus}, {"tau_minus", &r->tau_minus}, {"A_plus", &r->A_plus}, {"A_minus", &r->A_minus},
        {"w_min", &r->w_min}, {"w_max", &r->w_max}, {"mu_plus", &r->mu_plus}, {"mu_minus", &r->mu_minus},
        {"tau", &r->tau}, {"eta", &r->eta}, {"rho", &r->rho}, {"tau_x", &r->tau_x}, {"tau_y", &r->tau_y},
        {"A2_plus", &r->A2_plus}, {"A3_plus", &r->A3_plus}, {"A2_minus", &r->A2_minus},
        {"A3_minus", &r->A3_minus}, {"U", &r->U}, {"tau_rec", &r->tau_rec}, {"tau_facil", &r->tau_facil},
        {"tau_c", &r->tau_c}, {"w0", &r->w0}, {"alpha", &r->alpha}, {"window", &r->window},
        {"y0", &r->y0}, {"tau_theta", &r->tau_theta},
    };
    bool found;
    for (size_t k = 0; k < sizeof nums / sizeof *nums; k++)
        if (!ax_load_number(c, t, nums[k].key, path, nums[k].to, &found))
            return false;
    return true;
}

bool ax_load_plasticity(load_ctx *c, const toml_value *syn, const char *path, ax_plasticity *out, char *rule_params,
                        size_t len)
{
    static const char *const parts[] = {"stdp", "rule", "params", "tsodyks_markram", "release_probability", NULL};
    char where[256];
    *out = ax_plasticity_defaults();
    out->timing = AX_STDP_NONE;
    if (!ax_load_check_keys(c, syn, path, parts))
        return false;
    const toml_value *stdp, *tm;
    bool has_stdp, has_tm, has_rule;
    const char *rule;
    if (!ax_load_table(c, syn, "stdp", path, &stdp, &has_stdp) ||
        !ax_load_table(c, syn, "tsodyks_markram", path, &tm, &has_tm) ||
        !ax_load_string(c, syn, "rule", path, &rule, &has_rule))
        return false;
    const toml_entry *params = ax_toml_get_entry(syn, "params");
    if (has_rule && has_stdp)
        return ax_load_fail(c, ax_toml_get_entry(syn, "stdp")->pos, ax_load_path(where, sizeof where, path, "stdp"),
                            "a synapse learns by a built-in rule (stdp = {...}) or by a rule written as equations "
                            "(rule = \"%s\"), not both", rule);
    if (params && !has_rule)
        return ax_load_fail(c, params->pos, ax_load_path(where, sizeof where, path, "params"),
                            "params are those of a rule written as equations: name it with rule = \"NAME\" "
                            "([plasticity.NAME])");
    if (has_rule) {
        out->timing = AX_STDP_EQUATIONS;
        out->rule = rule;
        if (params && !ax_load_rule_params(c, params->value, ax_load_path(where, sizeof where, path, "params"),
                                           rule_params, len))
            return false;
        out->rule_params = params ? rule_params : NULL;
    }
    if (has_stdp) {
        ax_load_path(where, sizeof where, path, "stdp");
        int timing, pairing, dep;
        if (!load_choice(c, stdp, "timing", where, timings, AX_STDP_SPIKE_PAIR, &timing))
            return false;
        const char *const *keys = timing == AX_STDP_VOGELS2011 ? keys_vogels
                                  : timing == AX_STDP_TRIPLET  ? keys_triplet
                                  : timing == AX_STDP_ANTI_HEBBIAN ? keys_anti
                                  : timing == AX_STDP_BCM      ? keys_bcm
                                                               : keys_spike_pair;
        if (!ax_load_check_keys(c, stdp, where, keys) ||
            !load_choice(c, stdp, "pairing", where, pairings, AX_STDP_ALL_TO_ALL, &pairing) ||
            !load_choice(c, stdp, "dependence", where, dependences, AX_STDP_ADDITIVE, &dep) ||
            !load_numbers(c, stdp, where, out))
            return false;
        const char *mod;
        bool rewarded;
        if (!ax_load_string(c, stdp, "reward", where, &mod, &rewarded))
            return false;
        if (rewarded && ax_modulator_find(c->net, mod, &out->modulator) != AX_OK) {
            char sub[256];
            return ax_load_fail(c, ax_toml_get_entry(stdp, "reward")->value->pos, ax_load_path(sub, sizeof sub, where, "reward"),
                             "no modulator is named '%s' (declare it under [modulators.%s])", mod, mod);
        }
        out->reward = rewarded;
        out->timing = (ax_stdp_timing)timing;
        out->pairing = (ax_stdp_pairing)pairing;
        out->weight = (ax_stdp_weight)dep;
    }
    if (has_tm) {
        ax_load_path(where, sizeof where, path, "tsodyks_markram");
        if (!ax_load_check_keys(c, tm, where, keys_tm) || !load_numbers(c, tm, where, out))
            return false;
        out->tsodyks_markram = true;
    }
    bool has_release;
    if (!ax_load_number(c, syn, "release_probability", path, &out->release_probability, &has_release))
        return false;
    char msg[256];
    if (ax_plasticity_validate(out, msg, sizeof msg))
        return ax_load_fail(c, syn->pos, path, "%s", msg);
    return true;
}

/* ------------------------------------------------------------------ */
/* [[schedule]]                                                         */
/* ------------------------------------------------------------------ */

static const char *const schedule_keys[] = {"at", "projection", "plasticity", "learning_rate", "modulator", "add",
                                            NULL};

static int by_time(const void *a, const void *b)
{
    const ax_event *x = a, *y = b;
    if (x->step != y->step)
        return x->step < y->step ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

bool ax_load_schedule(load_ctx *c, const toml_value *doc)
{
    const toml_entry *e = ax_toml_get_entry(doc, "schedule");
    if (!e)
        return true;
    if (e->value->type != TOML_ARRAY)
        return ax_load_fail(c, e->value->pos, "schedule", "expected an array of tables ([[schedule]]), got %s",
                         ax_toml_type_name(e->value->type));
    size_t n = e->value->u.array.n;
    ax_modelfile *mf = c->mf;
    mf->events = calloc(n ? n : 1, sizeof *mf->events);
    if (!mf->events)
        return ax_load_fail_memory(c, e->value->pos, "schedule");
    double dt = ax_network_get_dt(c->net);
    for (size_t k = 0; k < n; k++) {
        const toml_value *t = e->value->u.array.items[k];
        char path[64], where[256];
        snprintf(path, sizeof path, "schedule[%zu]", k);
        if (t->type != TOML_TABLE)
            return ax_load_fail(c, t->pos, path, "expected a table, got %s", ax_toml_type_name(t->type));
        double at;
        const char *proj, *mod;
        bool has_on, has_rate, has_proj, has_mod, has_add, on = true;
        double rate = 1.0, amount = 0.0;
        if (!ax_load_check_keys(c, t, path, schedule_keys) || !ax_load_number(c, t, "at", path, &at, NULL) ||
            !ax_load_string(c, t, "projection", path, &proj, &has_proj) || !ax_load_bool(c, t, "plasticity", path, &on, &has_on) ||
            !ax_load_number(c, t, "learning_rate", path, &rate, &has_rate) ||
            !ax_load_string(c, t, "modulator", path, &mod, &has_mod) || !ax_load_number(c, t, "add", path, &amount, &has_add))
            return false;
        double steps = at / dt;
        if (!(at >= 0) || !isfinite(at) || fabs(steps - llround(steps)) > 1e-6)
            return ax_load_fail(c, ax_toml_get_entry(t, "at")->value->pos, ax_load_path(where, sizeof where, path, "at"),
                             "%g ms is not allowed: a time >= 0 on the dt grid (dt = %g ms)", at, dt);
        if (has_mod != has_add || has_proj == has_mod || (has_proj && !has_on && !has_rate))
            return ax_load_fail(c, t->pos, path,
                             "say what changes: { projection = NAME, plasticity = true/false and/or learning_rate = "
                             "R } or { modulator = NAME, add = AMOUNT }");
        ax_event ev = {llround(steps), k, 0, has_on, on, has_rate, rate, has_mod, 0, amount};
        if (has_mod) {
            if (ax_modulator_find(c->net, mod, &ev.mod) != AX_OK)
                return ax_load_fail(c, ax_toml_get_entry(t, "modulator")->value->pos,
                                 ax_load_path(where, sizeof where, path, "modulator"), "no modulator is named '%s'", mod);
            if (!isfinite(amount))
                return ax_load_fail(c, ax_toml_get_entry(t, "add")->value->pos, ax_load_path(where, sizeof where, path, "add"),
                                 "%g is not allowed", amount);
            mf->events[mf->n_events++] = ev;
            continue;
        }
        if (has_rate && !(rate >= 0 && isfinite(rate)))
            return ax_load_fail(c, ax_toml_get_entry(t, "learning_rate")->value->pos,
                             ax_load_path(where, sizeof where, path, "learning_rate"), "%g is not allowed (>= 0)", rate);
        size_t j = 0;
        while (j < mf->n_projs && !(mf->proj_names[j] && strcmp(mf->proj_names[j], proj) == 0))
            j++;
        bool known = j < mf->n_projs;
        if (!known)
            return ax_load_fail(c, ax_toml_get_entry(t, "projection")->value->pos,
                             ax_load_path(where, sizeof where, path, "projection"),
                             "no projection is named '%s' (give the projection a `name`)", proj);
        if (!mf->proj_plastic[j])
            return ax_load_fail(c, ax_toml_get_entry(t, "projection")->value->pos,
                             ax_load_path(where, sizeof where, path, "projection"), "projection '%s' is not plastic", proj);
        ev.proj = mf->proj_handles[j];
        mf->events[mf->n_events++] = ev;
    }
    qsort(mf->events, mf->n_events, sizeof *mf->events, by_time);
    return true;
}

/* ------------------------------------------------------------------ */
/* [modulators.NAME]                                                    */
/* ------------------------------------------------------------------ */

static const char *const modulator_keys[] = {"tau", "sources", NULL};
static const char *const source_keys[] = {"population", "amount", "delay", NULL};

bool ax_load_modulators(load_ctx *c, const toml_value *doc)
{
    const toml_value *mods;
    bool found;
    if (!ax_load_table(c, doc, "modulators", "", &mods, &found) || !found)
        return found ? false : true;
    for (size_t k = 0; k < mods->u.table.n; k++) {
        const toml_entry *e = &mods->u.table.entries[k];
        char path[256], where[300];
        snprintf(path, sizeof path, "modulators.%s", e->key);
        if (e->value->type != TOML_TABLE)
            return ax_load_fail(c, e->value->pos, path, "expected a table { tau = ms, sources = [...] }, got %s",
                             ax_toml_type_name(e->value->type));
        double tau = 200.0;
        if (!ax_load_check_keys(c, e->value, path, modulator_keys) || !ax_load_number(c, e->value, "tau", path, &tau, &found))
            return false;
        ax_modulator m;
        ax_status st = ax_modulator_add(c->net, e->key, tau, &m);
        if (st)
            return ax_load_fail_api(c, st, e->value->pos, path);
        const toml_entry *se = ax_toml_get_entry(e->value, "sources");
        if (!se)
            continue;
        ax_load_path(where, sizeof where, path, "sources");
        if (se->value->type != TOML_ARRAY)
            return ax_load_fail(c, se->value->pos, where, "expected an array of tables, got %s",
                             ax_toml_type_name(se->value->type));
        for (size_t j = 0; j < se->value->u.array.n; j++) {
            const toml_value *src = se->value->u.array.items[j];
            char sp[340];
            snprintf(sp, sizeof sp, "%s[%zu]", where, j);
            if (src->type != TOML_TABLE)
                return ax_load_fail(c, src->pos, sp, "expected { population = NAME, amount = A, delay = ms }, got %s",
                                 ax_toml_type_name(src->type));
            ax_population pop;
            double amount, delay = ax_network_get_dt(c->net);
            if (!ax_load_check_keys(c, src, sp, source_keys) || !ax_load_population_ref(c, src, "population", sp, &pop) ||
                !ax_load_number(c, src, "amount", sp, &amount, NULL) || !ax_load_number(c, src, "delay", sp, &delay, &found))
                return false;
            if ((st = ax_modulator_add_source(c->net, m, pop, amount, delay)))
                return ax_load_fail_api(c, st, src->pos, sp);
        }
    }
    return true;
}
