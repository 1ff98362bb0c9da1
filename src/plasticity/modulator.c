/*
 * modulator.c - neuromodulators (dopamine) for reward-modulated STDP.
 *
 * A modulator's level d decays, dd/dt = -d / tau_d, and jumps at the
 * spikes of its source populations (after a delay), at calls of
 * ax_modulator_inject and at scheduled rewards.  The jumps are kept as a
 * sorted history (step, amount, d just after), one identical copy per
 * thread: every thread sees every source spike in the same order, so no
 * thread waits for another.  Synapses integrate dw/dt = c d over the
 * history lazily (stdp.c), so the history is pruned only up to the time
 * all of them have been brought up to date (ax_modulator_prune).
 *
 * Times are counted in emitting steps, as for spikes: step s stands for
 * the end of the step, (s + 1) dt, the spike's time.  A source spike
 * emitted at T adds at T + delay; ax_modulator_inject at the current time.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plasticity/plasticity.h"

/* Modulator m, or NULL with a message naming `caller` and the handle. */
static ax_modulator_data *mod_of(const ax_network *net, ax_modulator m, const char *caller)
{
    if (m < net->n_mods)
        return net->mods[m];
    ax_fail(net, AX_ERR_NOT_FOUND, "%s: modulator handle %u does not exist (the network has %u)", caller, m,
            net->n_mods);
    return NULL;
}

/* The modulator named `name`, or -1 (no message). */
static int64_t find_modulator(const ax_network *net, const char *name)
{
    for (uint32_t m = 0; m < net->n_mods; m++)
        if (strcmp(net->mods[m]->name, name) == 0)
            return m;
    return -1;
}

double ax_modulator_level_at(const ax_network *net, const ax_modulator_data *mod, const ax_modulator_history *h, int64_t t)
{
    for (uint32_t k = h->n; k-- > 0;)
        if (h->j[k].step <= t)
            return h->j[k].d * exp(-(double)(t - h->j[k].step) * net->dt / mod->tau_d);
    return 0.0;
}

/* Room for one more jump in history h.  Returns -1 when out of memory. */
static int reserve_jump(ax_modulator_history *h)
{
    if (h->n < h->cap)
        return 0;
    uint32_t cap = h->cap ? 2 * h->cap : 16;
    ax_modulator_jump *j = realloc(h->j, (size_t)cap * sizeof *j);
    if (!j)
        return -1;
    h->j = j;
    h->cap = cap;
    return 0;
}

/* Adds `amount` at `step` to history h (sorted insert; the levels after
 * it are recomputed).  Returns -1 when out of memory. */
static int add_jump(const ax_network *net, const ax_modulator_data *mod, ax_modulator_history *h, int64_t step, double amount)
{
    uint32_t at = h->n;
    while (at > 0 && h->j[at - 1].step > step)
        at--;
    if (at > 0 && h->j[at - 1].step == step) {
        h->j[at - 1].amount += amount;
        at--;
    } else {
        if (reserve_jump(h))
            return -1;
        memmove(h->j + at + 1, h->j + at, (size_t)(h->n - at) * sizeof *h->j);
        h->j[at] = (ax_modulator_jump){step, amount, 0.0};
        h->n++;
    }
    for (uint32_t k = at; k < h->n; k++) {
        double before = k ? h->j[k - 1].d * exp(-(double)(h->j[k].step - h->j[k - 1].step) * net->dt / mod->tau_d)
                          : 0.0;
        h->j[k].d = before + h->j[k].amount;
    }
    return 0;
}

void ax_modulator_prune(const ax_network *net, int k, int64_t upto)
{
    for (uint32_t m = 0; m < net->n_mods; m++) {
        ax_modulator_history *h = &net->mods[m]->hist[k];
        uint32_t drop = 0;   /* keep the latest jump at or before `upto`: it gives d there */
        while (drop + 1 < h->n && h->j[drop + 1].step <= upto)
            drop++;
        if (drop) {
            memmove(h->j, h->j + drop, (size_t)(h->n - drop) * sizeof *h->j);
            h->n -= drop;
            /* the first kept jump's level stands for everything before it */
            h->j[0].amount = h->j[0].d;
        }
    }
}

void ax_modulator_collect(ax_network *net, int k, int parity, int64_t w0, int64_t w1)
{
    const uint32_t np = net->n_pops;
    for (uint32_t m = 0; m < net->n_mods; m++) {
        ax_modulator_data *mod = net->mods[m];
        for (int64_t s = w0; s < w1 && mod->n_src; s++)
            for (uint32_t x = 0; x < mod->n_src; x++) {
                size_t at = (size_t)(s - w0) * np + mod->src[x];
                uint64_t n = 0;   /* counted over all lists first: one jump, whatever the split */
                for (uint32_t j = 0; j < net->n_lists; j++)
                    n += net->lists[parity][j]->start[at + 1] - net->lists[parity][j]->start[at];
                if (n && add_jump(net, mod, &mod->hist[k], s + mod->delay, (double)n * mod->amount[x]))
                    net->thr[k].failed = 1;
            }
    }
}

void ax_modulator_data_free(ax_network *net)
{
    for (uint32_t m = 0; m < net->n_mods; m++) {
        ax_modulator_data *mod = net->mods[m];
        for (int k = 0; mod->hist && k < net->threads; k++)
            free(mod->hist[k].j);
        free(mod->hist);
        free(mod->src);
        free(mod->amount);
        free(mod->name);
        free(mod);
    }
    free(net->mods);
    net->mods = NULL;
    net->n_mods = 0;
}

ax_status ax_modulator_add(ax_network *net, const char *name, double tau_d, ax_modulator *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (!name)
        return ax_fail_null(net, "add modulator", "name");
    if (!*name)
        return ax_fail(net, AX_ERR_ARGUMENT, "add modulator: the name is empty");
    if (!(tau_d > 0) || !isfinite(tau_d))
        return ax_fail(net, AX_ERR_ARGUMENT, "add modulator '%s': tau_d = %g ms must be > 0", name, tau_d);
    if (net->core.built)
        return ax_fail(net, AX_ERR_STATE, "add modulator '%s': the network was already built by a run", name);
    if (find_modulator(net, name) >= 0)
        return ax_fail(net, AX_ERR_ARGUMENT, "add modulator '%s': the name is taken", name);
    ax_modulator_data **mods = realloc(net->mods, (net->n_mods + 1) * sizeof *mods);
    if (!mods)
        return ax_fail(net, AX_ERR_MEMORY, "add modulator '%s': out of memory", name);
    net->mods = mods;
    ax_modulator_data *mod = calloc(1, sizeof *mod);
    if (mod) {
        mod->name = strdup(name);
        mod->hist = calloc((size_t)net->threads, sizeof *mod->hist);
    }
    if (!mod || !mod->name || !mod->hist) {
        if (mod) {
            free(mod->name);
            free(mod->hist);
        }
        free(mod);
        return ax_fail(net, AX_ERR_MEMORY, "add modulator '%s': out of memory", name);
    }
    mod->tau_d = tau_d;
    mod->delay = 1;
    net->mods[net->n_mods] = mod;
    if (out)
        *out = net->n_mods;
    net->n_mods++;
    return AX_OK;
}

ax_status ax_modulator_find(const ax_network *net, const char *name, ax_modulator *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (!name || !out)
        return ax_fail_null(net, "find modulator", !name ? "name" : "out");
    int64_t m = find_modulator(net, name);
    if (m < 0)
        return ax_fail(net, AX_ERR_NOT_FOUND, "find modulator: no modulator is named '%s' (the network has %u)", name,
                       net->n_mods);
    *out = (ax_modulator)m;
    return AX_OK;
}

ax_status ax_modulator_add_source(ax_network *net, ax_modulator m, ax_population source, double amount, double delay_ms)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_modulator_data *mod = mod_of(net, m, "modulator source");
    if (!mod)
        return AX_ERR_NOT_FOUND;
    ax_population_data *p = ax_population_lookup(net, source, "modulator source");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (net->core.built)
        return ax_fail(net, AX_ERR_STATE, "modulator '%s' source: the network was already built by a run", mod->name);
    double steps = delay_ms / net->dt;
    if (!isfinite(amount) || !(steps >= 1.0 - 1e-9) || fabs(steps - llround(steps)) > 1e-6)
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "modulator '%s' source '%s': amount %g must be finite and the delay %g ms a multiple of dt "
                       "(%g ms), >= dt", mod->name, p->name, amount, delay_ms, net->dt);
    if (mod->n_src && mod->delay != (uint32_t)llround(steps))
        return ax_fail(net, AX_ERR_ARGUMENT, "modulator '%s' source '%s': all sources of a modulator share one delay "
                       "(%g ms so far)", mod->name, p->name, mod->delay * net->dt);
    uint32_t *src = realloc(mod->src, (mod->n_src + 1) * sizeof *src);
    if (src)
        mod->src = src;
    double *amt = realloc(mod->amount, (mod->n_src + 1) * sizeof *amt);
    if (amt)
        mod->amount = amt;
    if (!src || !amt)
        return ax_fail(net, AX_ERR_MEMORY, "modulator source: out of memory");
    mod->src[mod->n_src] = source;
    mod->amount[mod->n_src++] = amount;
    mod->delay = (uint32_t)llround(steps);
    return AX_OK;
}

ax_status ax_modulator_inject(ax_network *net, ax_modulator m, double amount)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_modulator_data *mod = mod_of(net, m, "modulator inject");
    if (!mod)
        return AX_ERR_NOT_FOUND;
    if (!isfinite(amount))
        return ax_fail(net, AX_ERR_ARGUMENT, "modulator '%s' add: amount %g must be finite", mod->name, amount);
    /* every thread's copy gets the jump, or none: room first */
    for (int k = 0; k < net->threads; k++)
        if (reserve_jump(&mod->hist[k]))
            return ax_fail(net, AX_ERR_MEMORY, "modulator '%s' add: out of memory", mod->name);
    for (int k = 0; k < net->threads; k++)
        add_jump(net, mod, &mod->hist[k], net->step - 1, amount);
    return AX_OK;
}

ax_status ax_modulator_get_level(const ax_network *net, ax_modulator m, double *level)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_modulator_data *mod = mod_of(net, m, "modulator level");
    if (!mod)
        return AX_ERR_NOT_FOUND;
    if (!level)
        return ax_fail_null(net, "modulator level", "level");
    *level = ax_modulator_level_at(net, mod, &mod->hist[0], net->step - 1);
    return AX_OK;
}
