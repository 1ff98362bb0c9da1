/*
 * channel_cell.c - the update of neurons built from ion channels; the
 * equations and the method are in channel_cell.h and channels/channel.h.
 */
#include "models/channel_cell.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vmath.h"
#include "core/propagators.h"

#define MAX_CHANNELS 16

const ax_receptor_info ax_channel_cell_receptors[2] = {
    {"excitatory", "uS", AX_RECEPTOR_NONNEGATIVE, "adds the weight to gsyn_exc"},
    {"inhibitory", "uS", AX_RECEPTOR_NONNEGATIVE, "adds the weight to gsyn_inh"},
};

/* Per neuron (or one for all): what the membrane step needs. */
typedef struct coef {
    double inv_c, i_offset, v_thresh, refrac_steps, ee, ei;
    double pe, pi;   /* exp(-h / tau_syn): decay of gsyn over a step */
    double fe, fi;   /* mean of exp(-s / tau_syn) over the step, s in [0, h] */
} coef;

typedef struct cell {
    uint32_t n_channels;
    const ax_channel *ch[MAX_CHANNELS];
    uint32_t param[MAX_CHANNELS][AX_CHANNEL_MAX_PARAMS];   /* indices in the model's params */
    uint32_t gate[MAX_CHANNELS][AX_CHANNEL_MAX_GATES];     /* indices in the model's state */
    uint32_t v, gsyn_exc, gsyn_inh, refrac;
    uint32_t n, n_params;
    double *expanded;   /* every parameter, one value per neuron, when not uniform */
    double *g, *g_e;    /* channel conductance sums of a step */
    double *v_prev;     /* v at the start of the previous step (v itself at first) */
    double *v_mid;      /* v extrapolated to the middle of this step */
    coef *coef;         /* one, or one per neuron when not uniform */
} cell;

static int find_param(const ax_model *m, const char *name, uint32_t *at, char *msg, size_t len)
{
    for (uint32_t k = 0; k < m->n_params; k++)
        if (!strcmp(m->params[k].name, name)) {
            *at = k;
            return 0;
        }
    snprintf(msg, len, "model %s has no parameter '%s'", m->name, name);
    return -1;
}

static int find_var(const ax_model *m, const char *name, uint32_t *at, char *msg, size_t len)
{
    for (uint32_t k = 0; k < m->n_vars; k++)
        if (!strcmp(m->vars[k].name, name)) {
            *at = k;
            return 0;
        }
    snprintf(msg, len, "model %s has no state variable '%s'", m->name, name);
    return -1;
}

/* v at the previous step's start is state the method carries (it
 * extrapolates v to the step's middle from it): checkpoints keep it. */
double *ax_channel_cell_data_state(void *data, uint32_t part, size_t *n)
{
    cell *d = data;
    if (!d || part > 0)
        return NULL;
    *n = d->n;
    return d->v_prev;
}

void ax_channel_cell_release(void *data)
{
    cell *d = data;
    if (!d)
        return;
    free(d->expanded);
    free(d->g);
    free(d->g_e);
    free(d->v_prev);
    free(d->v_mid);
    free(d->coef);
    free(d);
}


static int resolve(cell *d, const ax_model *m, const ax_channel *const *channels, uint32_t n_channels, char *msg,
                   size_t len)
{
    if (n_channels > MAX_CHANNELS) {
        snprintf(msg, len, "%u channels: at most %d allowed", n_channels, MAX_CHANNELS);
        return -1;
    }
    /* Na directly followed by K runs as one loop: the same results to the
     * bit, faster (channels/traub_miles.c) */
    const ax_channel *run[MAX_CHANNELS];
    uint32_t n_run = 0;
    for (uint32_t c = 0; c < n_channels; c++) {
        int pair = channels[c] == &ax_channel_Na && c + 1 < n_channels && channels[c + 1] == &ax_channel_K;
        run[n_run++] = pair ? &ax_channel_Na_K : channels[c];
        c += pair;
    }
    d->n_channels = n_run;
    for (uint32_t c = 0; c < n_run; c++) {
        const ax_channel *ch = run[c];
        d->ch[c] = ch;
        for (uint32_t k = 0; k < ch->n_params; k++)
            if (find_param(m, ch->params[k].name, &d->param[c][k], msg, len))
                return -1;
        for (uint32_t k = 0; k < ch->n_gates; k++)
            if (find_var(m, ch->gates[k].name, &d->gate[c][k], msg, len))
                return -1;
    }
    return find_var(m, "v", &d->v, msg, len) || find_var(m, "gsyn_exc", &d->gsyn_exc, msg, len) ||
                   find_var(m, "gsyn_inh", &d->gsyn_inh, msg, len) || find_var(m, "refrac", &d->refrac, msg, len)
               ? -1
               : 0;
}

int ax_channel_cell_prepare(const ax_population_view *p, const ax_model *m, const ax_channel *const *channels,
                            uint32_t n_channels, void **data, char *msg, size_t len)
{
    enum { CM, I_OFFSET, V_THRESH, TAU_REFRAC, E_REV_E, E_REV_I, TAU_SYN_E, TAU_SYN_I, N_MEMBRANE };
    static const char *const membrane[N_MEMBRANE] = {"cm",      "i_offset", "v_thresh",  "tau_refrac",
                                                     "e_rev_E", "e_rev_I",  "tau_syn_E", "tau_syn_I"};
    cell *old = *data;
    *data = NULL;
    cell *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(msg, len, "out of memory");
        return AX_ERR_MEMORY;
    }
    *data = d;
    uint32_t mk[N_MEMBRANE];
    if (resolve(d, m, channels, n_channels, msg, len))
        return -1;
    for (int k = 0; k < N_MEMBRANE; k++)
        if (find_param(m, membrane[k], &mk[k], msg, len))
            return -1;
    uint32_t n = p->size, nc = p->uniform ? 1 : n;
    d->n = n;
    d->n_params = m->n_params;
    d->g = malloc((size_t)n * sizeof *d->g);
    d->v_prev = malloc((size_t)n * sizeof *d->v_prev);
    d->v_mid = malloc((size_t)n * sizeof *d->v_mid);
    if (d->v_prev) {
        /* a run after a parameter change goes on from the previous step */
        if (old && old->n == n && old->v_prev)   /* old may be from a prepare that ran out of memory */
            memcpy(d->v_prev, old->v_prev, (size_t)n * sizeof *d->v_prev);
        else
            memcpy(d->v_prev, p->state[d->v], (size_t)n * sizeof *d->v_prev);
    }
    ax_channel_cell_release(old);
    d->g_e = malloc((size_t)n * sizeof *d->g_e);
    d->coef = malloc((size_t)nc * sizeof *d->coef);
    if (!p->uniform)
        d->expanded = malloc((size_t)n * m->n_params * sizeof *d->expanded);
    if (!d->g || !d->g_e || !d->v_prev || !d->v_mid || !d->coef || (!p->uniform && !d->expanded)) {
        snprintf(msg, len, "out of memory for %u neurons", n);
        return AX_ERR_MEMORY;
    }
    if (!p->uniform)
        for (uint32_t k = 0; k < m->n_params; k++)
            for (uint32_t i = 0; i < n; i++)
                d->expanded[(size_t)k * n + i] = AX_PARAM(p, k, i);
    double h = p->dt;
    for (uint32_t i = 0; i < nc; i++) {
        coef *c = &d->coef[i];
        double te = AX_PARAM(p, mk[TAU_SYN_E], i), ti = AX_PARAM(p, mk[TAU_SYN_I], i);
        c->inv_c = 1.0 / AX_PARAM(p, mk[CM], i);
        c->i_offset = AX_PARAM(p, mk[I_OFFSET], i);
        c->v_thresh = AX_PARAM(p, mk[V_THRESH], i);
        c->refrac_steps = ax_steps(AX_PARAM(p, mk[TAU_REFRAC], i), h);
        c->ee = AX_PARAM(p, mk[E_REV_E], i);
        c->ei = AX_PARAM(p, mk[E_REV_I], i);
        c->pe = exp(-h / te);
        c->pi = exp(-h / ti);
        c->fe = ax_mean_decay(h, te);
        c->fi = ax_mean_decay(h, ti);
    }
    return 0;
}

AX_INLINE void membrane(const ax_population_view *p, const cell *d, uint32_t begin, uint32_t end, int het)
{
    const coef *C = d->coef;
    const coef c0 = C[0];
    const double h = p->dt;
    double *restrict v = p->state[d->v], *restrict ge = p->state[d->gsyn_exc];
    double *restrict gi = p->state[d->gsyn_inh], *restrict r = p->state[d->refrac];
    double *restrict in_e = p->input[0], *restrict in_i = p->input[1], *restrict v_prev = d->v_prev;
    const double *restrict g = d->g, *restrict g_e = d->g_e, *restrict cur = p->current;
    uint32_t *restrict spiked = p->spiked;
    AX_SIMD
    for (size_t i = begin; i < end; i++) {
        const coef ci = het ? C[i] : c0, *c = &ci;
        double vi = v[i], se = ge[i] * c->fe, si = gi[i] * c->fi;
        double G = g[i] + se + si;
        double A = g_e[i] + se * c->ee + si * c->ei + c->i_offset + cur[i];
        /* exact for constant conductances: v relaxes to A / G at rate G / cm */
        double vn = vi + (A - G * vi) * h * c->inv_c * ax_one_minus_exp_neg_over(h * G * c->inv_c);
        ge[i] = ge[i] * c->pe + in_e[i];
        gi[i] = gi[i] * c->pi + in_i[i];
        in_e[i] = in_i[i] = 0.0;
        double ri = r[i];
        int fire = ri <= 0.0 && vi < c->v_thresh && vn >= c->v_thresh;
        r[i] = fire ? c->refrac_steps : (ri > 0.0 ? ri - 1.0 : ri);
        v_prev[i] = vi;
        v[i] = vn;
        spiked[i] = (uint32_t)fire;
    }
}

void ax_channel_cell_update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    (void)step;
    const cell *d = p->data;
    int het = !p->uniform;
    memset(d->g + begin, 0, (size_t)(end - begin) * sizeof *d->g);
    memset(d->g_e + begin, 0, (size_t)(end - begin) * sizeof *d->g_e);
    const double *restrict v = p->state[d->v], *restrict v_prev = d->v_prev;
    double *restrict v_mid = d->v_mid;
    AX_SIMD
    for (size_t i = begin; i < end; i++)
        v_mid[i] = 1.5 * v[i] - 0.5 * v_prev[i];
    for (uint32_t c = 0; c < d->n_channels; c++) {
        const ax_channel *ch = d->ch[c];
        double *gate[AX_CHANNEL_MAX_GATES];
        const double *param[AX_CHANNEL_MAX_PARAMS];
        for (uint32_t k = 0; k < ch->n_gates; k++)
            gate[k] = p->state[d->gate[c][k]];
        for (uint32_t k = 0; k < ch->n_params; k++)
            param[k] = het ? d->expanded + (size_t)d->param[c][k] * d->n : p->param[d->param[c][k]];
        ax_channel_ctx ctx = {begin, end, p->dt, v, v_mid, gate, param, d->g, d->g_e, ch->impl};
        ch->step(&ctx, het);
    }
    if (het)
        membrane(p, d, begin, end, 1);
    else
        membrane(p, d, begin, end, 0);
}
