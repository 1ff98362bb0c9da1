/*
 * population_state.c - a population's state over the life of a network:
 * the copy of its initial state that ax_network_reset returns to, and its
 * part of a checkpoint (sim/checkpoint.c; the layout is in
 * docs/checkpoints.md).
 *
 * A checkpoint holds a population in two sections, since a model's
 * prepare() computes from the parameters and may write state (a Poisson
 * generator draws its next spike): first the parameters (they may change
 * between runs) and spike times, after which the restore prepares the
 * models, then the state variables, what the model keeps in its prepared
 * data (ax_model.data_state), whether it still had to prepare, and the
 * input waiting in the delay ring buffer.  Reading comes in two passes
 * with the same code: one that only checks (apply = false) and one that
 * stores, so that a bad file leaves the network as it was.
 */
#include <stdlib.h>
#include <string.h>

#include "net/net.h"

ax_status ax_population_keep_initial(ax_network *net, ax_population_data *p)
{
    const uint32_t nv = p->model->n_vars;
    if (p->initial)
        return AX_OK;
    double **copy = ax_alloc_zero(net, nv ? nv : 1, sizeof *copy, "initial state (for reset)");
    if (!copy)
        return AX_ERR_MEMORY;
    for (uint32_t v = 0; v < nv; v++) {
        if (!(copy[v] = ax_alloc(net, p->size, sizeof(double), "initial state (for reset)"))) {
            for (uint32_t u = 0; u < v; u++)
                free(copy[u]);
            free(copy);
            return AX_ERR_MEMORY;
        }
        memcpy(copy[v], p->state[v], p->size * sizeof(double));
    }
    p->initial = copy;
    return AX_OK;
}

/* The prepared data goes: prepare() makes it afresh, as before the first
 * run, at the next run. */
static void drop_model_data(ax_network *net, ax_population_data *p)
{
    if (p->model_data && p->model->release)
        p->model->release(p->model_data);
    p->model_data = NULL;
    p->dirty = true;
    ax_population_refresh_view(net, p);
}

void ax_population_reset(ax_network *net, ax_population_data *p)
{
    for (uint32_t v = 0; p->initial && v < p->model->n_vars; v++)
        memcpy(p->state[v], p->initial[v], p->size * sizeof(double));
    drop_model_data(net, p);
    if (p->ring)
        memset(p->ring, 0, (size_t)p->ring_slots * p->model->n_receptors * p->size * sizeof *p->ring);
}

/* ---- checkpoints: parameters and spike times ---- */

static void save_params(const ax_population_data *p, ax_writer *w)
{
    for (uint32_t k = 0; k < p->model->n_params; k++) {
        ax_put_u8(w, p->per_neuron[k]);
        ax_put_f64s(w, p->param[k], p->per_neuron[k] ? p->size : 1);
    }
    for (uint32_t i = 0; p->times && i < p->size; i++) {
        ax_put_u32(w, p->n_times[i]);
        ax_put_f64s(w, p->times[i], p->n_times[i]);
    }
}

static ax_status load_params(ax_network *net, ax_population_data *p, ax_reader *r, bool apply)
{
    const ax_model *m = p->model;
    for (uint32_t k = 0; k < m->n_params && !r->short_read; k++) {
        uint8_t per = ax_get_u8(r);
        size_t n = per ? p->size : 1;
        if (per > 1 || !ax_reader_has(r, n, 8)) {
            r->short_read |= per <= 1;
            return per > 1 ? ax_fail(net, AX_ERR_ARGUMENT, "population '%s': parameter %s: bad layout flag %u",
                                     p->name, m->params[k].name, per)
                           : AX_OK;
        }
        if (!apply) {
            for (size_t i = 0; i < n; i++) {
                double x = ax_get_f64(r);
                if (!ax_param_in_range(&m->params[k], x))
                    return ax_fail(net, AX_ERR_ARGUMENT,
                                   "population '%s' (%s): parameter %s = %g (neuron %zu) is outside its allowed range",
                                   p->name, m->name, m->params[k].name, x, per ? i : 0);
            }
            continue;
        }
        if (per != p->per_neuron[k]) {
            double *x = realloc(p->param[k], n * sizeof *x);
            if (!x)
                return ax_fail(net, AX_ERR_MEMORY, "population '%s': out of memory for parameter %s", p->name,
                               m->params[k].name);
            p->param[k] = x;
            p->per_neuron[k] = per;
        }
        ax_get_f64s(r, p->param[k], n);
    }
    for (uint32_t i = 0; p->times && i < p->size && !r->short_read; i++) {
        uint32_t n = ax_get_u32(r);
        if (!ax_reader_has(r, n, 8)) {
            r->short_read = true;
            break;
        }
        bool same = n == p->n_times[i] && (n == 0 || memcmp(r->at, p->times[i], (size_t)n * 8) == 0);
        if (!apply || same) {
            ax_get_f64s(r, NULL, n);
            continue;
        }
        double *t = n ? malloc((size_t)n * sizeof *t) : NULL;
        if (n && !t)
            return ax_fail(net, AX_ERR_MEMORY, "population '%s': out of memory for spike times", p->name);
        ax_get_f64s(r, t, n);
        free(p->times[i]);
        p->times[i] = t;
        p->n_times[i] = n;
    }
    if (apply)
        p->dirty = true;   /* prepare() sees the parameters before the state is stored */
    return AX_OK;
}

/* ---- checkpoints: state, prepared data, ring buffer ---- */

static void save_state(const ax_population_data *p, ax_writer *w)
{
    const ax_model *m = p->model;
    for (uint32_t v = 0; v < m->n_vars; v++)
        ax_put_f64s(w, p->state[v], p->size);
    uint32_t parts = 0;
    size_t n;
    while (p->model_data && m->data_state && m->data_state(p->model_data, parts, &n))
        parts++;
    ax_put_u8(w, p->model_data != NULL);
    ax_put_u32(w, parts);
    for (uint32_t j = 0; j < parts; j++) {
        const double *x = m->data_state(p->model_data, j, &n);
        ax_put_u64(w, n);
        ax_put_f64s(w, x, n);
    }
    ax_put_u8(w, p->dirty);
    size_t ring = p->ring ? (size_t)p->ring_slots * m->n_receptors * p->size : 0;
    ax_put_u64(w, ring);
    ax_put_f64s(w, p->ring, ring);
}

static ax_status load_state(ax_network *net, ax_population_data *p, ax_reader *r, bool apply)
{
    const ax_model *m = p->model;
    for (uint32_t v = 0; v < m->n_vars; v++)
        ax_get_f64s(r, apply ? p->state[v] : NULL, p->size);
    uint8_t has_data = ax_get_u8(r);
    uint32_t parts = ax_get_u32(r);
    if (!m->data_state && parts)
        return ax_fail(net, AX_ERR_ARGUMENT, "population '%s': %u parts of prepared state, its model %s keeps none",
                       p->name, parts, m->name);
    for (uint32_t j = 0; j < parts && !r->short_read; j++) {
        uint64_t n = ax_get_u64(r), have = 0;
        double *x = apply ? m->data_state(p->model_data, j, &have) : NULL;
        if (apply && (!x || have != n))
            return ax_fail(net, AX_ERR_ARGUMENT,
                           "population '%s': part %u of the prepared state of %s has %llu values in the file, %llu here",
                           p->name, j, m->name, (unsigned long long)n, (unsigned long long)(x ? have : 0));
        ax_get_f64s(r, x, (size_t)n);
    }
    uint8_t dirty = ax_get_u8(r);
    uint64_t ring = ax_get_u64(r), want = p->ring ? (uint64_t)p->ring_slots * m->n_receptors * p->size : 0;
    if (!r->short_read && ring != want)
        return ax_fail(net, AX_ERR_ARGUMENT, "population '%s': a delay buffer of %llu values in the file, %llu here",
                       p->name, (unsigned long long)ring, (unsigned long long)want);
    ax_get_f64s(r, apply ? p->ring : NULL, (size_t)ring);
    if (apply) {
        size_t n;
        if (has_data && p->model_data && m->data_state && m->data_state(p->model_data, parts, &n))
            return ax_fail(net, AX_ERR_ARGUMENT, "population '%s': %s keeps more prepared state than the file holds",
                           p->name, m->name);
        if (!has_data)
            drop_model_data(net, p);   /* it had not prepared yet: neither has it here */
        p->dirty = dirty || !has_data;
        ax_population_refresh_view(net, p);
    }
    return AX_OK;
}

void ax_populations_save_params(const ax_network *net, ax_writer *w)
{
    for (uint32_t g = 0; g < net->n_pops; g++)
        save_params(net->pops[g], w);
}

ax_status ax_populations_load_params(ax_network *net, ax_reader *r, bool apply)
{
    ax_status st = AX_OK;
    for (uint32_t g = 0; g < net->n_pops && !st && !r->short_read; g++)
        st = load_params(net, net->pops[g], r, apply);
    return st;
}

void ax_populations_save_state(const ax_network *net, ax_writer *w)
{
    for (uint32_t g = 0; g < net->n_pops; g++)
        save_state(net->pops[g], w);
}

ax_status ax_populations_load_state(ax_network *net, ax_reader *r, bool apply)
{
    ax_status st = AX_OK;
    for (uint32_t g = 0; g < net->n_pops && !st && !r->short_read; g++)
        st = load_state(net, net->pops[g], r, apply);
    return st;
}
