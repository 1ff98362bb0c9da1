/*
 * generations_network.c - the evaluator's network (ax_fit_generations_declare):
 * population "p<k>" of max_candidates neurons for protocol k, its step
 * current (a dc input with start and stop) and current trace (a step
 * input on the dt grid), a spike recorder and, with record_ms, a v
 * recorder.  Declared once; every evaluation after the first only sets
 * parameters and resets.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit/fit.h"

#define CALL "ax_fit_evaluate"

/* The network's message as the caller's error. */
static ax_status net_fail(const ax_fit_evaluator *ev, ax_status st, const char *what, ax_error *err)
{
    return ax_error_fail(err, st, CALL ": %s: %s", what, ev->net ? ax_network_get_error(ev->net) : "");
}

/* The trace, times `scale`, as a step input on `neurons`: a change wherever the sample changes, 0 after
 * the last. */
static ax_status add_trace(ax_fit_evaluator *ev, size_t p, ax_neurons neurons, double scale, ax_error *err)
{
    const ax_fit_protocol *pr = &ev->protocols[p];
    size_t n = pr->n_trace;
    double *times = malloc((n + 1) * sizeof *times), *amps = malloc((n + 1) * sizeof *amps);
    if (!times || !amps) {
        free(times);
        free(amps);
        return ax_error_fail(err, AX_ERR_MEMORY, CALL ": out of memory for the trace of protocol %zu", p);
    }
    size_t m = 0;
    for (size_t s = 0; s <= n; s++) {
        double a = s < n ? scale * pr->trace_na[s] : 0.0;
        if (m == 0 || a != amps[m - 1]) {
            times[m] = (double)s * ev->dt;
            amps[m++] = a;
        }
    }
    ax_input_spec in = {.kind = AX_INPUT_STEP, .times = times, .amplitudes = amps, .n_times = m};
    ax_status st = ax_input_add(ev->net, ev->pops[p], neurons, &in, NULL);
    free(times);
    free(amps);
    return st ? net_fail(ev, st, "the trace input", err) : AX_OK;
}

/* Protocol p's step and trace: on every neuron, or with an input scale on slot c only, times its scale
 * (the very products a neuron run alone with the scaled current gets, so the spikes are the same bits). */
static ax_status add_inputs(ax_fit_evaluator *ev, size_t p, size_t c, ax_error *err)
{
    const ax_fit_protocol *pr = &ev->protocols[p];
    uint32_t slot = (uint32_t)c;
    ax_neurons neurons = ev->has_scale ? ax_neurons_list(&slot, 1) : AX_ALL_NEURONS;
    double scale = ev->has_scale ? ev->scales[c] : 1.0;
    if (pr->amplitude_na != 0) {
        double stop = pr->onset_ms + pr->duration_ms;
        ax_input_spec dc = {.kind = AX_INPUT_DC, .amplitude = ev->has_scale ? scale * pr->amplitude_na :
                            pr->amplitude_na, .start = pr->onset_ms, .stop = stop < pr->run_ms ? stop : 0};
        ax_status st = ax_input_add(ev->net, ev->pops[p], neurons, &dc, NULL);
        if (st)
            return net_fail(ev, st, "the step input", err);
    }
    return pr->n_trace ? add_trace(ev, p, neurons, scale, err) : AX_OK;
}

ax_status ax_fit_generations_declare(ax_fit_evaluator *ev, ax_error *err)
{
    if (ev->declared)
        return AX_OK;
    ax_network_free(ev->net);
    ev->net = ax_network_create(ev->dt, 1, ev->threads, err);
    if (!ev->net)
        return err ? err->status : AX_ERR_MEMORY;
    for (size_t p = 0; p < ev->n_protocols; p++) {
        char name[32];
        snprintf(name, sizeof name, "p%zu", p);
        ax_status st = ax_population_add(ev->net, name, ev->model, (int64_t)ev->max_n, &ev->pops[p]);
        for (size_t k = 0; !st && k < ev->n_base; k++)
            st = ax_population_set_param(ev->net, ev->pops[p], ev->m->params[ev->base_index[k]].name,
                                         ax_value_constant(ev->base_values[k]));
        if (st)
            return net_fail(ev, st, "declaring the population", err);
        /* one set of inputs for all, or with an input scale one per candidate slot */
        for (size_t c = 0; c < (ev->has_scale ? ev->max_n : 1); c++)
            if ((st = add_inputs(ev, p, c, err)))
                return st;
        if ((st = ax_recorder_add_spikes(ev->net, ev->pops[p], AX_ALL_NEURONS, &ev->spike_recs[p])))
            return net_fail(ev, st, "the spike recorder", err);
        if (ev->record_ms > 0 &&
            (st = ax_recorder_add_state(ev->net, ev->pops[p], "v", AX_ALL_NEURONS, ev->record_ms, &ev->v_recs[p])))
            return net_fail(ev, st, "the v recorder", err);
    }
    ev->declared = true;
    return AX_OK;
}
