/*
 * capacity.c - how many random patterns a Hopfield network recalls: many
 * networks, every stored pattern cued, the fractions recalled and stable
 * and the mean overlap, to set against Amit, Gutfreund & Sompolinsky's
 * 0.138 n (docs/attractors.md).
 *
 * Networks run one after another; the cues of a network run in parallel,
 * each from its own streams, into per-cue results that are then summed in
 * cue order: nothing depends on the thread count.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attractor/attractor.h"

/* What one cue gave. */
typedef struct cue_result {
    int perfect, stable, converged;
    double overlap;
} cue_result;

static ax_status check_spec(const ax_hopfield_capacity_spec *s, const char *call, ax_error *err)
{
    ax_status st;
    if ((st = ax_hopfield_check_size(s->n, call, err)))
        return st;
    if (s->n < 2)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: spec->n = %zu: at least 2 neurons", call, s->n);
    if (s->n_patterns == 0 || s->networks == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: spec->n_patterns = %zu, spec->networks = %zu: at least "
                                 "one of each", call, s->n_patterns, s->networks);
    if (s->n_patterns > UINT32_MAX / s->networks || s->n_patterns > SIZE_MAX / s->n / sizeof(double))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: spec->networks = %zu x spec->n_patterns = %zu cues: at "
                                 "most %u", call, s->networks, s->n_patterns, UINT32_MAX);
    if (!(s->p_on > 0 && s->p_on < 1))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: spec->p_on = %g: a probability in (0, 1) is needed",
                                 call, s->p_on);
    if (!(s->flip_probability >= 0 && s->flip_probability <= 1))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: spec->flip_probability = %g: a probability in [0, 1] "
                                 "is needed", call, s->flip_probability);
    if (s->update != AX_HOPFIELD_SYNCHRONOUS && s->update != AX_HOPFIELD_ASYNCHRONOUS &&
        s->update != AX_HOPFIELD_SEQUENTIAL)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: spec->update = %d: allowed AX_HOPFIELD_SYNCHRONOUS (0), "
                                 "_ASYNCHRONOUS (1), _SEQUENTIAL (2)", call, (int)s->update);
    if (s->max_steps == 0 || s->max_steps >= UINT32_MAX)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: spec->max_steps = %zu: allowed 1 to %u", call,
                                 s->max_steps, UINT32_MAX - 1);
    return AX_OK;
}

/* No neuron of the pattern would change: h_i p_i >= 0 for every i. */
static int is_fixed_point(const double *weights, size_t n, const double *p)
{
    for (size_t i = 0; i < n; i++)
        if (ax_hopfield_field(weights, n, p, i) * p[i] < 0)
            return 0;
    return 1;
}

/* Cue pattern k of network t (its cue stream t P + k) into state, relax. */
static cue_result recall(const ax_hopfield_capacity_spec *s, const double *weights, const double *p, size_t t,
                         size_t k, double *state, ax_hopfield_scratch *scratch)
{
    size_t n = s->n;
    uint32_t cue = (uint32_t)(t * s->n_patterns + k);
    ax_hopfield_draw_distortion(p, state, n, -1.0, s->flip_probability, s->seed, (uint32_t)k, (uint32_t)t);
    ax_hopfield_run_result run;
    ax_hopfield_relax(weights, n, state, s->update, s->max_steps, s->seed, cue, NULL, scratch, &run);
    long long agree = 0;
    for (size_t i = 0; i < n; i++)
        agree += state[i] == p[i] ? 1 : -1;
    cue_result r = {.perfect = agree == (long long)n, .stable = is_fixed_point(weights, n, p),
                    .converged = run.converged, .overlap = (double)agree / (double)n};
    return r;
}

ax_status ax_hopfield_capacity(const ax_hopfield_capacity_spec *spec, ax_hopfield_capacity_result *out,
                               ax_error *err)
{
    static const char *call = "ax_hopfield_capacity";
    ax_status st;
    if (!out)
        return ax_error_null(err, call, "out");
    if (!spec)
        return ax_error_null(err, call, "spec");
    if ((st = check_spec(spec, call, err)))
        return st;
    size_t n = spec->n, P = spec->n_patterns;
    double *patterns = malloc(P * n * sizeof *patterns), *weights = malloc(n * n * sizeof *weights);
    cue_result *res = malloc(P * sizeof *res);
    int failed = !patterns || !weights || !res;
    size_t perfect = 0, stable = 0, converged = 0;
    double mean = 0, m2 = 0;   /* Welford's running mean and sum of squares of the overlaps, in cue order */
    for (size_t t = 0; t < spec->networks && !failed; t++) {
        for (size_t k = 0; k < P; k++)
            ax_hopfield_draw_pattern(patterns + k * n, n, spec->p_on, -1.0, spec->seed, (uint32_t)k, (uint32_t)t);
        ax_hopfield_weights(patterns, P, n, 1.0, weights, NULL);   /* checked: cannot fail */
#pragma omp parallel
        {
            double *state = malloc(n * sizeof *state);
            ax_hopfield_scratch scratch;
            int ok = state && ax_hopfield_scratch_init(&scratch, n, spec->update) == 0;
            if (!ok) {
#pragma omp atomic write
                failed = 1;
            }
#pragma omp barrier
            if (ok && !failed) {
#pragma omp for schedule(dynamic, 1)
                for (size_t k = 0; k < P; k++)
                    res[k] = recall(spec, weights, patterns + k * n, t, k, state, &scratch);
            }
            if (ok)
                ax_hopfield_scratch_free(&scratch);
            free(state);
        }
        for (size_t k = 0; k < P && !failed; k++) {
            size_t c = t * P + k + 1;
            perfect += (size_t)res[k].perfect;
            stable += (size_t)res[k].stable;
            converged += (size_t)res[k].converged;
            double d = res[k].overlap - mean;
            mean += d / (double)c;
            m2 += d * (res[k].overlap - mean);
        }
    }
    free(patterns);
    free(weights);
    free(res);
    if (failed)
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu patterns of %zu neurons and their "
                                 "%zu x %zu weights", call, P, n, n, n);
    size_t cues = spec->networks * P;
    out->cues = cues;
    out->perfect = (double)perfect / (double)cues;
    out->stable = (double)stable / (double)cues;
    out->converged = (double)converged / (double)cues;
    out->overlap = mean;
    out->overlap_sd = sqrt(m2 / (double)cues);
    ax_error_ok(err);
    return AX_OK;
}
