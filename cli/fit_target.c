/*
 * fit_target.c - what `axon fit` compares candidates with: the target's
 * trains and voltage (the data files of [fit.target], or the reference
 * model run under the protocols), and the objective built from the terms
 * of [[fit.objective]] against them, one condition per protocol.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit.h"

#include <stdarg.h>

int fit_fail(ax_error *err, ax_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return -1;
}

ax_spike_trains fit_one_train(const ax_spike_trains *all, size_t k, double run_ms, size_t offsets[2])
{
    size_t first = all->offsets[k];
    offsets[0] = 0;
    offsets[1] = all->offsets[k + 1] - first;
    return (ax_spike_trains){1, offsets, all->times_ms ? all->times_ms + first : NULL, 0, run_ms};
}

int fit_run_one(const ax_fit_table *t, const char *model, const char *const *names, const double *values,
                size_t n_names, const char *const *free_names, const double *params, size_t n_free, fit_run *out,
                ax_error *err)
{
    memset(out, 0, sizeof *out);
    /* an evaluator needs a free parameter: a reference model gets its first one, at the value it has */
    const char *one[1];
    double one_value[1];
    if (!free_names) {
        const ax_model *m = ax_model_find(NULL, model);
        one[0] = m->params[0].name;
        one_value[0] = m->params[0].value;
        for (size_t k = 0; k < n_names; k++)
            if (strcmp(names[k], one[0]) == 0)
                one_value[0] = values[k];
        free_names = one, params = one_value, n_free = 1;
    }
    const char **base = malloc((n_names ? n_names : 1) * sizeof *base);
    double *bv = malloc((n_names ? n_names : 1) * sizeof *bv);
    size_t nb = 0;
    if (!base || !bv) {
        free(base), free(bv);
        return fit_fail(err, AX_ERR_MEMORY, "axon fit: out of memory");
    }
    for (size_t k = 0; k < n_names; k++)
        if (free_names != one || strcmp(names[k], one[0]) != 0)
            base[nb] = names[k], bv[nb++] = values[k];
    ax_fit_evaluator_spec spec = {.model = model, .base_names = base, .base_values = bv, .n_base = nb,
                                  .free = free_names, .n_free = n_free, .max_candidates = 1, .protocols = t->protocols,
                                  .n_protocols = t->n_protocols, .dt_ms = t->dt_ms, .threads = 1,
                                  .record_ms = t->record_ms};
    ax_fit_evaluator *ev = NULL;
    ax_status st = ax_fit_evaluator_create(&spec, &ev, err);
    if (!st)
        st = ax_fit_evaluate(ev, params, 1, NULL, &out->r, err);
    ax_fit_evaluator_free(ev);
    free(base), free(bv);
    if (st)
        return -1;
    for (size_t p = 0; p < t->n_protocols; p++) {
        out->v[p] = out->r.v + out->r.v_offsets[p];
        out->n_v[p] = out->r.v_offsets[p + 1] - out->r.v_offsets[p];
    }
    return 0;
}

void fit_run_free(fit_run *r)
{
    ax_fit_results_free(&r->r);
}

int fit_target_make(const ax_fit_table *t, fit_target *out, ax_error *err)
{
    memset(out, 0, sizeof *out);
    if (t->target == AX_FIT_TARGET_SPIKES) {
        out->trains = t->target_spikes;
        out->v = t->target_v;
        out->n_v = t->n_target_v;
        return 0;
    }
    if (fit_run_one(t, t->target_model, t->target_names, t->target_values, t->n_target, NULL, NULL, 0, &out->sim,
                    err))
        return -1;
    out->simulated = true;
    out->trains = out->sim.r.trains;
    out->v = out->sim.v;
    out->n_v = out->sim.n_v;
    return 0;
}

void fit_target_free(fit_target *tg)
{
    if (tg->simulated)
        fit_run_free(&tg->sim);
}

static const char *feature_name(ax_feature f)
{
    static const char *const n[] = {"rate", "latency", "adaptation", "cv"};
    return (unsigned)f < 4 ? n[f] : "?";
}

ax_objective *fit_objective_make(const ax_fit_table *t, const fit_target *tg, ax_error *err)
{
    size_t P = t->n_protocols;
    ax_objective *obj = ax_objective_create(P, err);
    for (size_t i = 0; obj && i < t->n_terms; i++) {
        const ax_fit_term *ft = &t->terms[i];
        for (size_t p = 0; p < P; p++) {
            size_t off[2];
            ax_spike_trains view = fit_one_train(&tg->trains, p, t->protocols[p].run_ms, off);
            ax_objective_term term = {.kind = ft->kind, .condition = p, .weight = ft->weight,
                                      .target_spikes = &view, .delta_ms = ft->delta_ms, .dt_ms = t->dt_ms,
                                      .feature = ft->feature};
            if (ft->kind == AX_TERM_TRACE) {
                term.target = tg->v[p], term.n_target = tg->n_v[p], term.dt_ms = t->record_ms;
                term.skip_before_ms = ft->skip_before_ms, term.skip_after_ms = ft->skip_after_ms;
            }
            if (ft->kind == AX_TERM_FEATURE) {
                ax_feature_values fv;
                if (ax_objective_features(&view, 0, &fv, err)) {
                    ax_objective_free(obj);
                    return NULL;
                }
                const double v[] = {fv.rate_hz, fv.latency_ms, fv.adaptation, fv.cv};
                term.feature.target = v[ft->feature.feature];
                if (isnan(term.feature.target)) {
                    fit_fail(err, AX_ERR_ARGUMENT, "fit.objective.%zu: the target's %s is undefined under "
                                  "protocol %zu (%zu spikes): choose another feature or protocol", i,
                                  feature_name(ft->feature.feature), p, off[1]);
                    ax_objective_free(obj);
                    return NULL;
                }
            }
            if (ax_objective_add(obj, &term, err)) {
                ax_objective_free(obj);
                return NULL;
            }
        }
    }
    return obj;
}
