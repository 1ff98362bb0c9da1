/*
 * optimizer_options.c - the optimisers' defaults and the checks of their
 * options (create and load share them, so a loaded file is held to the
 * same rules as a new optimiser).
 */
#include <math.h>
#include <stdio.h>

#include "fit/fit.h"

#define MAX_PARAMS 10000
#define MAX_POP 1000000

static const char *kind_name(ax_optimizer_kind k)
{
    switch (k) {
    case AX_OPTIMIZER_BIT_GA: return "bit GA";
    case AX_OPTIMIZER_REAL_GA: return "real GA";
    case AX_OPTIMIZER_DE: return "DE";
    case AX_OPTIMIZER_CMA_ES: return "CMA-ES";
    }
    return "?";
}

static int known_kind(ax_optimizer_kind k)
{
    return k == AX_OPTIMIZER_BIT_GA || k == AX_OPTIMIZER_REAL_GA || k == AX_OPTIMIZER_DE || k == AX_OPTIMIZER_CMA_ES;
}

ax_status ax_optimizer_defaults(ax_optimizer_kind kind, ax_optimizer_options *out, ax_error *err)
{
    if (!out)
        return ax_error_null(err, "ax_optimizer_defaults", "out");
    if (!known_kind(kind))
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "ax_optimizer_defaults: kind %d is not one of AX_OPTIMIZER_BIT_GA (0), "
                                "AX_OPTIMIZER_REAL_GA (1), AX_OPTIMIZER_DE (2), AX_OPTIMIZER_CMA_ES (3)",
                                (int)kind);
    *out = (ax_optimizer_options){.kind = kind, .r_cross = 0.9, .n_bits = 8, .eta_cross = 15, .eta_mut = 20,
                                  .de_f = 0.5, .de_cr = 0.9, .sigma0 = 0.3};
    /* the seed's GA (SEEDS A.12): n_pop 100, k 3, r_mut 0.1 per bit, no elitism */
    out->tournament = kind == AX_OPTIMIZER_BIT_GA ? 3 : 2;
    out->r_mut = kind == AX_OPTIMIZER_BIT_GA ? 0.1 : 0.0;
    out->elites = kind == AX_OPTIMIZER_REAL_GA ? 1 : 0;
    out->pop_size = kind == AX_OPTIMIZER_BIT_GA ? 100 : 0;
    ax_error_ok(err);
    return AX_OK;
}

size_t ax_opt_default_pop(ax_optimizer_kind kind, size_t n)
{
    switch (kind) {
    case AX_OPTIMIZER_BIT_GA: return 100;
    case AX_OPTIMIZER_REAL_GA: {
        size_t p = n >= 2 ? 10 * n : 20;
        return p + (p & 1);
    }
    case AX_OPTIMIZER_DE: return n >= 2 ? 10 * n : 20;
    case AX_OPTIMIZER_CMA_ES: return 4 + (size_t)floor(3 * log((double)n));
    }
    return 0;
}

static ax_status bad(ax_error *err, const char *caller, const char *what)
{
    return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: %s", caller, what);
}

static int probability(double p) { return p >= 0 && p <= 1; }   /* false for NaN */

ax_status ax_opt_check(const ax_optimizer_options *op, size_t pop, const char *caller, ax_error *err)
{
    char m[400];
    if (!known_kind(op->kind)) {
        snprintf(m, sizeof m, "kind %d is not one of 0 (bit GA), 1 (real GA), 2 (DE), 3 (CMA-ES)", (int)op->kind);
        return bad(err, caller, m);
    }
    const char *k = kind_name(op->kind);
    if (op->n_params == 0 || op->n_params > MAX_PARAMS) {
        snprintf(m, sizeof m, "n_params = %zu: 1 to %d parameters are allowed", op->n_params, MAX_PARAMS);
        return bad(err, caller, m);
    }
    if (!op->lower)
        return ax_error_null(err, caller, "lower");
    if (!op->upper)
        return ax_error_null(err, caller, "upper");
    for (size_t i = 0; i < op->n_params; i++) {
        double lo = op->lower[i], hi = op->upper[i];
        int lg = op->log_scale && op->log_scale[i];
        if (!isfinite(lo) || !isfinite(hi) || !(lo < hi))
            snprintf(m, sizeof m, "parameter %zu: bounds [%g, %g]: both must be finite and lower < upper", i, lo,
                     hi);
        else if (lg && !(lo > 0))
            snprintf(m, sizeof m, "parameter %zu: log_scale with lower = %g: a log-scaled parameter needs lower > 0",
                     i, lo);
        else if (op->kind == AX_OPTIMIZER_CMA_ES && op->x0 && !(op->x0[i] >= lo && op->x0[i] <= hi))
            snprintf(m, sizeof m, "parameter %zu: x0 = %g is outside the bounds [%g, %g]", i, op->x0[i], lo, hi);
        else
            continue;
        return bad(err, caller, m);
    }
    size_t min_pop = op->kind == AX_OPTIMIZER_DE ? 4 : 2;
    if (pop < min_pop || pop > MAX_POP) {
        snprintf(m, sizeof m, "pop_size = %zu: the %s needs %zu to %d candidates a generation", pop, k, min_pop,
                 MAX_POP);
        return bad(err, caller, m);
    }
    if (op->kind == AX_OPTIMIZER_BIT_GA || op->kind == AX_OPTIMIZER_REAL_GA) {
        if (op->kind == AX_OPTIMIZER_BIT_GA && pop % 2) {
            snprintf(m, sizeof m, "pop_size = %zu: the bit GA breeds in pairs, so the population must be even", pop);
            return bad(err, caller, m);
        }
        if (op->kind == AX_OPTIMIZER_BIT_GA && (op->n_bits < 1 || op->n_bits > 52)) {
            snprintf(m, sizeof m, "n_bits = %u: 1 to 52 bits a parameter are allowed (a double's mantissa)",
                     op->n_bits);
            return bad(err, caller, m);
        }
        if (op->tournament < 1 || op->tournament > pop) {
            snprintf(m, sizeof m, "tournament = %u: 1 to pop_size (%zu) are allowed", op->tournament, pop);
            return bad(err, caller, m);
        }
        if (!probability(op->r_cross) || !probability(op->r_mut)) {
            snprintf(m, sizeof m, "%s = %g: a probability in [0, 1] is needed", probability(op->r_cross) ? "r_mut"
                     : "r_cross", probability(op->r_cross) ? op->r_mut : op->r_cross);
            return bad(err, caller, m);
        }
        if (op->elites >= pop) {
            snprintf(m, sizeof m, "elites = %zu: fewer than pop_size (%zu) are allowed", op->elites, pop);
            return bad(err, caller, m);
        }
        if (op->kind == AX_OPTIMIZER_REAL_GA && (!(op->eta_cross >= 0) || !(op->eta_mut >= 0) ||
                                                 !isfinite(op->eta_cross) || !isfinite(op->eta_mut))) {
            snprintf(m, sizeof m, "eta_cross = %g, eta_mut = %g: distribution indices must be finite and >= 0",
                     op->eta_cross, op->eta_mut);
            return bad(err, caller, m);
        }
    }
    if (op->kind == AX_OPTIMIZER_DE && (!(op->de_f > 0 && op->de_f <= 2) || !probability(op->de_cr))) {
        snprintf(m, sizeof m, "de_f = %g, de_cr = %g: F in (0, 2] and CR in [0, 1] are allowed", op->de_f,
                 op->de_cr);
        return bad(err, caller, m);
    }
    if (op->kind == AX_OPTIMIZER_CMA_ES && !(op->sigma0 > 0 && op->sigma0 <= 1)) {
        snprintf(m, sizeof m, "sigma0 = %g: a fraction of the search range in (0, 1] is needed", op->sigma0);
        return bad(err, caller, m);
    }
    return AX_OK;
}
