/*
 * registry.c - the catalogue of models: the built-ins below, then those a
 * user registers on a network.  Adding a built-in model is one file in
 * this folder plus one line in AX_BUILTIN_MODELS.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"

/* The built-in models, in the catalogue's order (`axon models`,
 * docs/models.md): one line each, which both declares the descriptor
 * (defined in the model's own file) and lists it. */
#define AX_BUILTIN_MODELS(X)      \
    X(IF_curr_delta)              \
    X(IF_curr_exp)                \
    X(IF_curr_alpha)              \
    X(IF_cond_exp)                \
    X(IF_cond_exp_euler)          \
    X(IF_cond_exp_exp_euler)      \
    X(IF_cond_alpha)              \
    X(IF_cond_alpha_euler)        \
    X(IF_cond_alpha_exp_euler)    \
    X(EIF_cond_exp_isfa_ista)     \
    X(EIF_cond_exp_isfa_ista_euler) \
    X(EIF_cond_exp_isfa_ista_exp_euler) \
    X(EIF_cond_alpha_isfa_ista)   \
    X(EIF_cond_alpha_isfa_ista_euler) \
    X(EIF_cond_alpha_isfa_ista_exp_euler) \
    X(Izhikevich)                 \
    X(Izhikevich2003)             \
    X(IzhikevichLeaky)            \
    X(IzhikevichScaled)           \
    X(QIF)                        \
    X(IF_curr_exp_sfa)            \
    X(HodgkinHuxley)              \
    X(HH_cond_exp)                \
    X(MorrisLecar)                \
    X(FitzHughNagumo)             \
    X(SpikeSourcePoisson)         \
    X(SpikeSourcePoissonRefractory) \
    X(SpikeSourceGamma)           \
    X(SpikeSourceArray)

#define DECLARE(name) extern const ax_model ax_model_##name;
AX_BUILTIN_MODELS(DECLARE)
#undef DECLARE

#define ENTRY(name) &ax_model_##name,
static const ax_model *const builtin[] = {AX_BUILTIN_MODELS(ENTRY)};
#undef ENTRY

#define N_BUILTIN (sizeof builtin / sizeof builtin[0])

size_t ax_model_count(const ax_network *net)
{
    return N_BUILTIN + (net ? ax_core_of(net)->n_models : 0);
}

/* Model `index` of the catalogue, or NULL (no message: lookups below). */
static const ax_model *model_at(const ax_network *net, size_t index)
{
    if (index < N_BUILTIN)
        return builtin[index];
    index -= N_BUILTIN;
    return net && index < ax_core_of(net)->n_models ? ax_core_of(net)->models[index] : NULL;
}

static const ax_model *find_model(const ax_network *net, const char *name)
{
    for (size_t i = 0; name && i < ax_model_count(net); i++)
        if (strcmp(model_at(net, i)->name, name) == 0)
            return model_at(net, i);
    return NULL;
}

const ax_model *ax_model_get(const ax_network *net, size_t index)
{
    const ax_model *m = model_at(net, index);
    if (!m)
        ax_fail(net, AX_ERR_ARGUMENT, "model catalogue: index %zu is past the end (%zu models)", index,
                ax_model_count(net));
    return m;
}

const ax_model *ax_model_find(const ax_network *net, const char *name)
{
    const ax_model *m = find_model(net, name);
    if (!name)
        ax_fail_null(net, "find model", "name");
    else if (!m)
        ax_fail(net, AX_ERR_NOT_FOUND, "find model: no model is named '%s' (`axon models` lists them)", name);
    return m;
}

static int valid_identifier(const char *s)
{
    if (!s || !*s || strlen(s) > 64 || !(isalpha((unsigned char)*s) || *s == '_'))
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_')
            return 0;
    return 1;
}

static int default_in_range(const ax_param_info *pi)
{
    double x = pi->value;
    if (!isfinite(x) || isnan(pi->min) || isnan(pi->max))
        return 0;
    if (pi->flags & AX_PARAM_GT_MIN ? !(x > pi->min) : !(x >= pi->min))
        return 0;
    if (pi->flags & AX_PARAM_LT_MAX ? !(x < pi->max) : !(x <= pi->max))
        return 0;
    return 1;
}

ax_status ax_model_validate(const ax_model *m, char *msg, size_t len)
{
    if (!msg)
        len = 0;   /* the status alone */
#define BAD(...) do { snprintf(msg, len, __VA_ARGS__); return AX_ERR_ARGUMENT; } while (0)
    if (!m)
        BAD("model descriptor is NULL");
    if (!valid_identifier(m->name))
        BAD("model name '%s' is not an identifier (letters, digits, '_', at most 64)", m->name ? m->name : "(null)");
    if (!m->update)
        BAD("model '%s' has no update function", m->name);
    if ((m->n_params && !m->params) || (m->n_vars && !m->vars) || (m->n_receptors && !m->receptors))
        BAD("model '%s': a table pointer is NULL while its count is not 0", m->name);
    if (m->n_params > 256 || m->n_vars > 256 || m->n_receptors > 64)
        BAD("model '%s': too many parameters, variables or receptors", m->name);
    for (uint32_t k = 0; k < m->n_params; k++) {
        const ax_param_info *pi = &m->params[k];
        if (!valid_identifier(pi->name))
            BAD("model '%s': parameter %u has no valid name", m->name, k);
        if (!pi->unit)
            BAD("model '%s': parameter '%s' has no unit string (use \"\" if dimensionless)", m->name, pi->name);
        if (!default_in_range(pi))
            BAD("model '%s': the default %g of parameter '%s' is outside its allowed range", m->name, pi->value,
                pi->name);
        for (uint32_t j = 0; j < k; j++)
            if (strcmp(m->params[j].name, pi->name) == 0)
                BAD("model '%s': parameter '%s' appears twice", m->name, pi->name);
    }
    for (uint32_t v = 0; v < m->n_vars; v++) {
        const ax_var_info *vi = &m->vars[v];
        if (!valid_identifier(vi->name) || !vi->unit)
            BAD("model '%s': state variable %u has no valid name or unit", m->name, v);
        if (strcmp(vi->name, "spikes") == 0)
            BAD("model '%s': 'spikes' is reserved and cannot name a state variable", m->name);
        if (!isfinite(vi->value))
            BAD("model '%s': the initial value of '%s' is not finite", m->name, vi->name);
        for (uint32_t j = 0; j < v; j++)
            if (strcmp(m->vars[j].name, vi->name) == 0)
                BAD("model '%s': state variable '%s' appears twice", m->name, vi->name);
        for (uint32_t k = 0; k < m->n_params; k++)
            if (strcmp(m->params[k].name, vi->name) == 0)
                BAD("model '%s': '%s' is both a parameter and a state variable", m->name, vi->name);
    }
    for (uint32_t r = 0; r < m->n_receptors; r++) {
        const ax_receptor_info *ri = &m->receptors[r];
        if (!valid_identifier(ri->name) || !ri->weight_unit)
            BAD("model '%s': receptor %u has no valid name or weight unit", m->name, r);
        for (uint32_t j = 0; j < r; j++)
            if (strcmp(m->receptors[j].name, ri->name) == 0)
                BAD("model '%s': receptor '%s' appears twice", m->name, ri->name);
        if ((ri->flags & AX_RECEPTOR_EXPECTS_NEGATIVE) &&
            (ri->flags & (AX_RECEPTOR_EXPECTS_POSITIVE | AX_RECEPTOR_NONNEGATIVE)))
            BAD("model '%s': receptor '%s' expects negative weights and also positive (or only nonnegative) ones",
                m->name, ri->name);
    }
    if (!(m->drive_limit >= 0) || isinf(m->drive_limit))
        BAD("model '%s': drive_limit %g is not allowed: must be 0 (no hint) or a finite current > 0 (nA)", m->name,
            m->drive_limit);
    if ((m->flags & AX_MODEL_SPIKE_SOURCE) && m->n_receptors)
        BAD("model '%s': a spike source cannot have receptors", m->name);
    if ((m->flags & AX_MODEL_SPIKE_TIMES) && !(m->flags & AX_MODEL_SPIKE_SOURCE))
        BAD("model '%s': AX_MODEL_SPIKE_TIMES needs AX_MODEL_SPIKE_SOURCE", m->name);
    return AX_OK;
#undef BAD
}

ax_status ax_model_register(ax_network *net, const ax_model *m)
{
    char msg[256];
    if (!net)
        return AX_ERR_ARGUMENT;
    if (ax_core_of(net)->built)
        return ax_fail(net, AX_ERR_STATE, "register model: the network was already built; register models before");
    if (ax_model_validate(m, msg, sizeof msg))
        return ax_fail(net, AX_ERR_ARGUMENT, "register model: %s", msg);
    if (find_model(net, m->name))
        return ax_fail(net, AX_ERR_ARGUMENT, "register model: a model named '%s' already exists", m->name);
    size_t cap = ax_core_of(net)->cap_models;
    if (ax_grow((void **)&ax_core_of(net)->models, &cap, ax_core_of(net)->n_models + 1, sizeof *ax_core_of(net)->models))
        return ax_fail(net, AX_ERR_MEMORY, "register model '%s': out of memory", m->name);
    ax_core_of(net)->cap_models = (uint32_t)cap;
    ax_core_of(net)->models[ax_core_of(net)->n_models++] = m;
    return AX_OK;
}

ax_status ax_own_model(ax_network *net, ax_model *m, void (*free_model)(ax_model *))
{
    size_t cap = ax_core_of(net)->cap_owned;
    if (ax_grow((void **)&ax_core_of(net)->owned, &cap, ax_core_of(net)->n_owned + 1, sizeof *ax_core_of(net)->owned)) {
        free_model(m);
        return ax_fail(net, AX_ERR_MEMORY, "define model: out of memory");
    }
    ax_core_of(net)->cap_owned = (uint32_t)cap;
    ax_status st = ax_model_register(net, m);
    if (st) {
        free_model(m);
        return st;
    }
    ax_core_of(net)->owned[ax_core_of(net)->n_owned].model = m;
    ax_core_of(net)->owned[ax_core_of(net)->n_owned++].free = free_model;
    return AX_OK;
}

int ax_find_receptor(const ax_model *m, const char *name, char *msg, size_t len)
{
    for (uint32_t r = 0; name && r < m->n_receptors; r++)
        if (strcmp(m->receptors[r].name, name) == 0)
            return (int)r;
    if (m->n_receptors == 0) {
        snprintf(msg, len, "%s has no receptors: it is a spike source and takes no input", m->name);
        return -1;
    }
    ax_suggest s;
    char hint[96], list[256] = "";
    ax_suggest_init(&s, name);
    for (uint32_t r = 0; r < m->n_receptors; r++) {
        ax_suggest_add(&s, m->receptors[r].name);
        ax_append(list, sizeof list, r ? ", " : "");
        ax_append(list, sizeof list, m->receptors[r].name);
    }
    snprintf(msg, len, "unknown receptor '%s' for %s%s; allowed: %s", name ? name : "(null)", m->name,
             ax_suggest_text(&s, hint, sizeof hint), list);
    return -1;
}
