/*
 * renewal.c - prepare() and update() of the renewal-process generators
 * (renewal.h says what they do and why).
 */
#include "models/renewal.h"

#include <float.h>
#include <math.h>

#include "core/model_util.h"

/* "No further spike": finite, so that the engine's check for NaN and
 * infinite states stays meaningful (as SpikeSourcePoisson's). */
#define NEVER DBL_MAX

const ax_var_info ax_renewal_vars[2] = {
    {"next", "step", -1.0, "time of the next spike in steps of dt, with its fraction (internal)"},
    {"draws", "", 0.0, "random draws made so far (internal)"},
};

/* Draw number draws[i] of neuron i, by f; each draw has its own
 * AX_RNG_GAMMA_BLOCKS blocks, so draws never share a word (2^44 draws per
 * neuron fit the 64-bit block counter). */
static double draw(const ax_population_view *p, const ax_renewal_law *law, const ax_renewal_coef *c, uint32_t i,
                   double *draws, double (*f)(const ax_renewal_coef *, ax_rng *))
{
    ax_rng r;
    ax_rng_init(&r, p->seed, ax_purpose(AX_RNG_SOURCE, law->stream), p->first_id + i,
                (uint64_t)draws[i] * AX_RNG_GAMMA_BLOCKS);
    draws[i] += 1.0;
    return f(c, &r);
}

/* t if it may still carry a spike, else NEVER (also for an infinite or
 * NaN t, from an interval too long for a double). */
static double keep(double t, const ax_renewal_coef *c)
{
    return t < c->last ? t : NEVER;
}

int ax_renewal_prepare(const ax_population_view *p, void **data, char *msg, size_t len)
{
    const ax_renewal_law *law = p->model->impl;
    size_t n = ax_coef_alloc(p, data, sizeof(ax_renewal_coef), msg, len);
    if (!n)
        return AX_ERR_MEMORY;
    ax_renewal_coef *c = *data;
    for (size_t k = 0; k < n; k++) {
        double start = AX_PARAM(p, law->start, k);
        /* round(), not llround(): a start of 1e300 ms stays a (huge) double */
        c[k].first = round(start / p->dt);
        c[k].last = round((start + AX_PARAM(p, law->duration, k)) / p->dt);
        c[k].silent = 0;
        law->coef(p, (uint32_t)k, &c[k]);
    }
    double *next = p->state[AX_RENEWAL_NEXT], *draws = p->state[AX_RENEWAL_DRAWS];
    for (uint32_t i = 0; i < p->size; i++) {
        const ax_renewal_coef *ci = &c[p->uniform ? 0 : i];
        double from = fmax((double)p->step, ci->first);
        next[i] = ci->silent || from >= ci->last ? NEVER : keep(from + draw(p, law, ci, i, draws, law->forward), ci);
    }
    return 0;
}

void ax_renewal_update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    const ax_renewal_law *law = p->model->impl;
    const ax_renewal_coef *C = p->data;
    double *next = p->state[AX_RENEWAL_NEXT], *draws = p->state[AX_RENEWAL_DRAWS];
    double s = (double)step, s1 = s + 1.0;
    for (uint32_t i = begin; i < end; i++) {
        if (next[i] >= s1)
            continue;
        const ax_renewal_coef *c = &C[p->uniform ? 0 : i];
        p->spiked[i] = s < c->last;
        /* the next spike in a later step: draws in this one merge into its spike */
        double t = next[i];
        do
            t += draw(p, law, c, i, draws, law->interval);
        while (t < s1);
        next[i] = keep(t, c);
    }
}

int ax_renewal_check_rate(const ax_population_view *p, uint32_t i, const char *what, double rate, char *msg,
                          size_t len)
{
    if (rate * p->dt * 1e-3 > 1.0 + 1e-12) {
        snprintf(msg, len, "%s = %g Hz gives more than one spike per step (at most 1/dt = %g Hz; neuron %u)", what,
                 rate, 1e3 / p->dt, i);
        return -1;
    }
    return 0;
}
