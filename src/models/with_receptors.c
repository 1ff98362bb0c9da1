/*
 * with_receptors.c - a neuron model with receptor kinetics attached
 * (ax_model_define_with_receptors; `receptors = [...]` in a model file).
 *
 * The new model's tables are the base model's followed by each
 * receptor's (parameters, state, receptors), so a view of the new model
 * is, as a prefix, a view of the base model.  Each step, the receptors
 * (src/synapses) advance their kinetics on their own input planes and add
 * their currents g (E - v), computed from v at the step's start, to the
 * injected current the base model then integrates - so they work with
 * any model that takes current input and has a state variable v.
 *
 * Modulators (dopamine D1, D2) carry no current: for each receptor R with
 * a current and each modulator D the model gets a parameter k_<R>_<D>, and
 * R's current is scaled by max(0, 1 + sum_D k_<R>_<D> r_D), with r_D at
 * the step's start (the conductances scale; the kinetics are unchanged).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/model_util.h"
#include "models/models.h"
#include "synapses/receptor.h"

#define MAX_RECEPTORS 8

typedef struct composite {
    ax_model model;                        /* first: freed through it */
    const ax_model *base;
    const ax_receptor_kind *kind[MAX_RECEPTORS];
    uint32_t n_kinds;
    uint32_t v_index;                      /* the base model's "v" */
    uint32_t param_at[MAX_RECEPTORS];      /* index of kind k's first parameter / state variable */
    uint32_t var_at[MAX_RECEPTORS];
    uint32_t mods[MAX_RECEPTORS], n_mods;  /* the modulator kinds */
    uint32_t gain_at[MAX_RECEPTORS];       /* kind k's gains k_<R>_<D>, one per modulator */
    char *gain_text;                       /* their names and docs */
    ax_param_info *params;
    ax_var_info *vars;
    ax_receptor_info *receptors;
    char *name, *doc;
} composite;

/* What prepare() makes: the base model's data and the receptors' buffers. */
typedef struct comp_data {
    const ax_model *base;
    void *inner;
    double *current;                       /* injected + receptor currents */
    double *pulses[MAX_RECEPTORS];         /* transmitter pulses in flight, slots x n */
    uint32_t pulse_steps[MAX_RECEPTORS];
    double *expanded[MAX_RECEPTORS];       /* per-neuron copies of a receptor's params, if any differs */
    double *scale, *scaled;                /* with modulators: a receptor's scale and its current */
    uint32_t n, n_kinds;
    bool base_uniform;
} comp_data;

static void composite_free(ax_model *m)
{
    composite *c = (composite *)m;
    free(c->params);
    free(c->vars);
    free(c->receptors);
    free(c->gain_text);
    free(c->name);
    free(c->doc);
    free(c);
}

static void release(void *data)
{
    comp_data *d = data;
    if (!d)
        return;
    if (d->inner && d->base->release)
        d->base->release(d->inner);
    free(d->current);
    free(d->scale);
    free(d->scaled);
    for (int k = 0; k < MAX_RECEPTORS; k++) {
        free(d->pulses[k]);
        free(d->expanded[k]);
    }
    free(d);
}

/* The transmitter in flight of each receptor kind, then the base model's
 * data state: what checkpoints keep besides the state variables. */
static double *data_state(void *data, uint32_t part, size_t *n)
{
    comp_data *d = data;
    if (!d)
        return NULL;
    if (part < d->n_kinds) {
        *n = (size_t)d->pulse_steps[part] * d->n;
        return d->pulses[part];
    }
    return d->base->data_state ? d->base->data_state(d->inner, part - d->n_kinds, n) : NULL;
}

/* True when every parameter of the base model has one value. */
static bool base_uniform(const ax_population_view *p, const composite *c)
{
    for (uint32_t k = 0; k < c->base->n_params; k++)
        if (p->per_neuron[k])
            return false;
    return true;
}

/* The base model's view of the population. */
static ax_population_view base_view(const ax_population_view *p, const composite *c, void *inner, bool uniform)
{
    ax_population_view b = *p;
    b.model = c->base;
    b.data = inner;
    b.uniform = uniform;
    return b;
}

static int check(const ax_population_view *p, char *msg, size_t len)
{
    const composite *c = p->model->impl;
    ax_population_view b = base_view(p, c, NULL, base_uniform(p, c));
    uint32_t at = c->base->n_params;
    for (uint32_t k = 0; k < c->n_kinds; k++) {
        const ax_receptor_kind *kd = c->kind[k];
        /* the exponential forms: parameters 0 and 1 are tau_rise < tau_decay */
        for (uint32_t i = 0; !kd->pulsed && i < (p->uniform ? 1 : p->size); i++)
            if (!(AX_PARAM(p, at, i) < AX_PARAM(p, at + 1, i))) {
                snprintf(msg, len, "%s (%g ms) must be below %s (%g ms) (neuron %u)", kd->params[0].name,
                         AX_PARAM(p, at, i), kd->params[1].name, AX_PARAM(p, at + 1, i), i);
                return -1;
            }
        at += kd->n_params;
    }
    return c->base->check ? c->base->check(&b, msg, len) : 0;
}

static int prepare(const ax_population_view *p, void **data, char *msg, size_t len)
{
    const composite *c = p->model->impl;
    comp_data *old = *data, *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(msg, len, "out of memory");
        return AX_ERR_MEMORY;
    }
    uint32_t n = p->size;
    d->n = n;
    d->n_kinds = c->n_kinds;
    d->base = c->base;
    d->inner = old ? old->inner : NULL;
    if (old)
        old->inner = NULL;
    *data = d;
    d->base_uniform = base_uniform(p, c);
    ax_population_view b = base_view(p, c, d->inner, d->base_uniform);
    int st = c->base->prepare ? c->base->prepare(&b, &d->inner, msg, len) : 0;
    d->current = malloc((size_t)n * sizeof *d->current);
    if (c->n_mods) {
        d->scale = malloc((size_t)n * sizeof *d->scale);
        d->scaled = malloc((size_t)n * sizeof *d->scaled);
    }
    if (!d->current || (c->n_mods && (!d->scale || !d->scaled))) {
        release(old);
        snprintf(msg, len, "out of memory for %u neurons", n);
        return AX_ERR_MEMORY;
    }
    uint32_t at = c->base->n_params;
    for (uint32_t k = 0; !st && k < c->n_kinds; k++) {
        const ax_receptor_kind *kd = c->kind[k];
        /* parameter 1 of a pulsed receptor is its pulse length C_dur */
        if (kd->pulsed && p->per_neuron[at + 1]) {
            snprintf(msg, len, "%s must have one value for the whole population", kd->params[1].name);
            st = -1;
            break;
        }
        uint32_t steps = kd->pulsed ? (uint32_t)fmax(1.0, llround(p->param[at + 1][0] / p->dt)) : 1;
        d->pulse_steps[k] = steps;
        d->pulses[k] = calloc((size_t)steps * n, sizeof(double));
        int het = 0;
        for (uint32_t j = 0; j < kd->n_params; j++)
            het |= p->per_neuron[at + j];
        if (het)
            d->expanded[k] = malloc((size_t)kd->n_params * n * sizeof(double));
        if (!d->pulses[k] || (het && !d->expanded[k])) {
            snprintf(msg, len, "out of memory for %u neurons", n);
            st = AX_ERR_MEMORY;
            break;
        }
        /* transmitter already in flight goes on when a run follows a parameter change */
        if (old && old->pulses[k] && old->pulse_steps[k] == steps && old->n == n)
            memcpy(d->pulses[k], old->pulses[k], (size_t)steps * n * sizeof(double));
        for (uint32_t j = 0; het && j < kd->n_params; j++)
            for (uint32_t i = 0; i < n; i++)
                d->expanded[k][(size_t)j * n + i] = AX_PARAM(p, at + j, i);
        at += kd->n_params;
    }
    release(old);
    return st;
}

/* Scale of receptor kind k's current for neurons [b, e): max(0, 1 +
 * sum_D k_<R>_<D> r_D), r_D at the step's start. */
static void modulation(const ax_population_view *p, const composite *c, uint32_t k, uint32_t b, uint32_t e, double *scale)
{
    for (uint32_t i = b; i < e; i++)
        scale[i] = 1.0;
    for (uint32_t m = 0; m < c->n_mods; m++) {
        uint32_t g = c->gain_at[k] + m;
        const double *r = p->state[c->var_at[c->mods[m]] + 1], *gain = p->param[g];
        bool per = p->per_neuron[g];
        for (uint32_t i = b; i < e; i++)
            scale[i] += gain[per ? i : 0] * r[i];
    }
    for (uint32_t i = b; i < e; i++)
        scale[i] = scale[i] > 0.0 ? scale[i] : 0.0;
}

static void step_kind(const ax_population_view *p, const composite *c, const comp_data *d, uint32_t k, uint32_t begin,
                      uint32_t end, int64_t step)
{
    const ax_receptor_kind *kd = c->kind[k];
    const double *param[AX_RECEPTOR_MAX_PARAMS];
    for (uint32_t j = 0; j < kd->n_params; j++)
        param[j] = d->expanded[k] ? d->expanded[k] + (size_t)j * d->n : p->param[c->param_at[k] + j];
    bool scaled = c->n_mods && !kd->modulator;
    if (scaled) {
        modulation(p, c, k, begin, end, d->scale);
        memset(d->scaled + begin, 0, (size_t)(end - begin) * sizeof(double));
    }
    uint32_t rk = c->base->n_receptors + k;
    ax_receptor_ctx ctx = {begin, end, p->dt, p->state[c->v_index], p->state + c->var_at[k], param, p->input[rk],
                           d->pulses[k], d->n, d->pulse_steps[k], (uint32_t)(step % d->pulse_steps[k]),
                           scaled ? d->scaled : d->current, p->graded ? p->graded[rk] : NULL};
    kd->step(&ctx, d->expanded[k] != NULL);
    for (uint32_t i = begin; scaled && i < end; i++)
        d->current[i] += d->scale[i] * d->scaled[i];
    if (c->base->flags & AX_MODEL_CLEARS_INPUT)
        memset(p->input[rk] + begin, 0, (size_t)(end - begin) * sizeof(double));
}

static void update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    const composite *c = p->model->impl;
    const comp_data *d = p->data;
    memcpy(d->current + begin, p->current + begin, (size_t)(end - begin) * sizeof(double));
    /* receptors with currents first, so that they see the modulators' r of the step's start */
    for (uint32_t k = 0; k < c->n_kinds; k++)
        if (!c->kind[k]->modulator)
            step_kind(p, c, d, k, begin, end, step);
    for (uint32_t m = 0; m < c->n_mods; m++)
        step_kind(p, c, d, c->mods[m], begin, end, step);
    ax_population_view b = base_view(p, c, d->inner, d->base_uniform);
    b.current = d->current;
    c->base->update(&b, begin, end, step);
}

/* The gain parameters k_<R>_<D>, after the receptors' parameters. */
static int add_gains(composite *c, uint32_t *np)
{
    uint32_t n_gains = (c->n_kinds - c->n_mods) * c->n_mods;
    if (!n_gains)
        return 0;
    c->gain_text = malloc((size_t)n_gains * 160);
    ax_param_info *more = realloc(c->params, (*np + n_gains) * sizeof *c->params);
    if (!c->gain_text || !more)
        return -1;
    c->params = more;
    char *text = c->gain_text;
    for (uint32_t k = 0; k < c->n_kinds; k++) {
        if (c->kind[k]->modulator)
            continue;
        c->gain_at[k] = *np;
        for (uint32_t m = 0; m < c->n_mods; m++) {
            const char *r = c->kind[k]->name, *mod = c->kind[c->mods[m]]->name;
            char *name = text, *doc = text + 48;
            snprintf(name, 48, "k_%s_%s", r, mod);
            snprintf(doc, 112, "%s's conductance x max(0, 1 + k r_%s): gain of %s on %s", r, mod, mod, r);
            text += 160;
            c->params[(*np)++] = (ax_param_info){name, "", ax_modulation_default(mod, r), -INFINITY, INFINITY, 0, doc};
        }
    }
    return 0;
}

ax_status ax_model_define_with_receptors(ax_network *net, const char *name, const char *base_name,
                                   const char *const *receptors, size_t n)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (!name)
        return ax_fail_null(net, "define model with receptors", "name");
    const ax_model *base = base_name ? ax_model_find(net, base_name) : NULL;
    if (!base)
        return ax_fail(net, AX_ERR_NOT_FOUND, "define model '%s' with receptors: unknown base model '%s'", name,
                       base_name ? base_name : "(null)");
    if (n && !receptors)
        return ax_fail_null(net, "define model with receptors", "receptors");
    if (n == 0 || n > MAX_RECEPTORS)
        return ax_fail(net, AX_ERR_ARGUMENT, "define model '%s' with receptors: n_receptors = %zu; 1 to %d allowed",
                       name, n, MAX_RECEPTORS);
    if (base->flags & AX_MODEL_SPIKE_SOURCE)
        return ax_fail(net, AX_ERR_ARGUMENT, "receptors: %s is a spike source and takes no input", base->name);
    composite *c = calloc(1, sizeof *c);
    if (!c)
        return ax_fail(net, AX_ERR_MEMORY, "define model '%s': out of memory", name);
    c->base = base;
    int has_v = 0;
    for (uint32_t k = 0; k < base->n_vars; k++)
        if (strcmp(base->vars[k].name, "v") == 0)
            c->v_index = k, has_v = 1;
    if (!has_v) {
        composite_free(&c->model);
        return ax_fail(net, AX_ERR_ARGUMENT, "receptors: %s has no state variable 'v' for them to act on",
                       base->name);
    }
    size_t np = base->n_params, nv = base->n_vars;
    for (size_t k = 0; k < n; k++) {
        const ax_receptor_kind *kd = ax_receptor_kind_find(receptors[k]);
        if (!kd) {
            char list[256] = "";
            for (size_t i = 0; i < ax_receptor_kind_count(); i++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                         ax_receptor_kind_at(i)->name);
            composite_free(&c->model);
            return ax_fail(net, AX_ERR_ARGUMENT, "receptors of %s: unknown receptor '%s' (receptors: %s)",
                           base->name, receptors[k] ? receptors[k] : "(null)", list);
        }
        const char *why = NULL;
        for (uint32_t j = 0; j < base->n_receptors; j++)
            if (strcmp(base->receptors[j].name, kd->name) == 0)
                why = "the model has a receptor of that name already";
        for (size_t j = 0; j < k; j++)
            if (c->kind[j] == kd)
                why = "listed twice";
        if (why) {
            composite_free(&c->model);
            return ax_fail(net, AX_ERR_ARGUMENT, "receptors of %s: '%s': %s", base->name, kd->name, why);
        }
        if (kd->modulator)
            c->mods[c->n_mods++] = (uint32_t)k;
        c->param_at[k] = (uint32_t)np;
        c->var_at[k] = (uint32_t)nv;
        c->kind[c->n_kinds++] = kd;
        np += kd->n_params;
        nv += kd->n_vars;
    }
    c->params = malloc(np * sizeof *c->params);
    c->vars = malloc(nv * sizeof *c->vars);
    c->receptors = malloc((base->n_receptors + n) * sizeof *c->receptors);
    c->name = strdup(name);
    uint32_t n_all = (uint32_t)np;
    size_t doc_len = strlen(base->doc) + 64 + 16 * n;
    c->doc = malloc(doc_len);
    if (!c->params || !c->vars || !c->receptors || !c->name || !c->doc || add_gains(c, &n_all)) {
        composite_free(&c->model);
        return ax_fail(net, AX_ERR_MEMORY, "define model '%s': out of memory", name);
    }
    memcpy(c->params, base->params, base->n_params * sizeof *c->params);
    memcpy(c->vars, base->vars, base->n_vars * sizeof *c->vars);
    memcpy(c->receptors, base->receptors, base->n_receptors * sizeof *c->receptors);
    np = base->n_params, nv = base->n_vars;
    snprintf(c->doc, doc_len, "%s With receptor kinetics:", base->doc);
    for (uint32_t k = 0; k < c->n_kinds; k++) {
        const ax_receptor_kind *kd = c->kind[k];
        memcpy(c->params + np, kd->params, kd->n_params * sizeof *c->params);
        memcpy(c->vars + nv, kd->vars, kd->n_vars * sizeof *c->vars);
        np += kd->n_params, nv += kd->n_vars;
        c->receptors[base->n_receptors + k] =
            kd->modulator ? (ax_receptor_info){kd->name, "", AX_RECEPTOR_NONNEGATIVE | AX_RECEPTOR_TRANSMITTER,
                                               "releases weight x T_max of dopamine"}
            : kd->pulsed ? (ax_receptor_info){kd->name, "", AX_RECEPTOR_NONNEGATIVE | AX_RECEPTOR_TRANSMITTER,
                                              "releases weight x T_max of transmitter"}
                       : (ax_receptor_info){kd->name, "uS", AX_RECEPTOR_NONNEGATIVE, "adds the weight to the conductance"};
        snprintf(c->doc + strlen(c->doc), doc_len - strlen(c->doc), " %s", kd->name);
    }
    c->model = (ax_model){
        .name = c->name, .doc = c->doc,
        .params = c->params, .n_params = n_all,
        .vars = c->vars, .n_vars = (uint32_t)nv,
        .receptors = c->receptors, .n_receptors = base->n_receptors + (uint32_t)n,
        .flags = base->flags,
        .check = check, .prepare = prepare, .release = release, .update = update,
        .impl = c, .data_state = data_state,
        .drive_limit = base->drive_limit, .drive_hint = base->drive_hint,   /* the base takes the currents */
    };
    return ax_own_model(net, &c->model, composite_free);
}
