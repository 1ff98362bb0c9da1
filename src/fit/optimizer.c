/*
 * optimizer.c - the ask/tell object: create, ask, tell, the best so far,
 * counters.  The algorithms breed in optimizer_<kind>.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit/fit.h"

void ax_optimizer_free(ax_optimizer *opt)
{
    if (!opt)
        return;
    free(opt->mem);
    free(opt->work);
    free(opt->ranked);
    free(opt);
}

ax_status ax_optimizer_create(const ax_optimizer_options *options, ax_optimizer **out, ax_error *err)
{
    static const char *caller = "ax_optimizer_create";
    if (!out)
        return ax_error_null(err, caller, "out");
    *out = NULL;
    if (!options)
        return ax_error_null(err, caller, "options");
    const ax_optimizer_options *op = options;
    size_t pop = op->pop_size ? op->pop_size : ax_opt_default_pop(op->kind, op->n_params);
    ax_status st = ax_opt_check(op, pop, caller, err);
    if (st)
        return st;
    ax_optimizer *o = calloc(1, sizeof *o);
    if (!o)
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory", caller);
    o->kind = op->kind;
    o->n = op->n_params;
    o->pop = pop;
    o->n_bits = op->kind == AX_OPTIMIZER_BIT_GA ? op->n_bits : 0;
    o->tournament = op->tournament;
    o->elites = op->elites;
    o->seed = op->seed;
    o->budget = op->budget;
    o->r_cross = op->r_cross;
    o->r_mut = op->kind == AX_OPTIMIZER_REAL_GA && op->r_mut == 0 ? 1.0 / (double)op->n_params : op->r_mut;
    o->eta_cross = op->eta_cross;
    o->eta_mut = op->eta_mut;
    o->de_f = op->de_f;
    o->de_cr = op->de_cr;
    o->sigma0 = op->sigma0;
    o->best_score = NAN;
    if (ax_opt_alloc(o)) {
        ax_optimizer_free(o);
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu candidates of %zu parameters",
                                caller, pop, op->n_params);
    }
    for (size_t i = 0; i < o->n; i++) {
        int lg = op->log_scale && op->log_scale[i];
        o->rlo[i] = op->lower[i];
        o->rhi[i] = op->upper[i];
        o->logs[i] = lg;
        o->lo[i] = lg ? log10(op->lower[i]) : op->lower[i];
        o->hi[i] = lg ? log10(op->upper[i]) : op->upper[i];
    }
    switch (o->kind) {
    case AX_OPTIMIZER_BIT_GA: ax_bitga_init(o); break;
    case AX_OPTIMIZER_REAL_GA: ax_realga_init(o); break;
    case AX_OPTIMIZER_DE: ax_de_init(o); break;
    case AX_OPTIMIZER_CMA_ES: {
        double *u = o->work;   /* x0 in unit coordinates */
        for (size_t i = 0; i < o->n; i++) {
            double s = !op->x0 ? 0.5 * (o->lo[i] + o->hi[i]) : o->logs[i] ? log10(op->x0[i]) : op->x0[i];
            double v = (s - o->lo[i]) / (o->hi[i] - o->lo[i]);
            u[i] = v < 0 ? 0 : v > 1 ? 1 : v;
        }
        ax_cmaes_init(o, u);
        break;
    }
    }
    *out = o;
    ax_error_ok(err);
    return AX_OK;
}

static int spent(const ax_optimizer *o) { return o->budget && o->evaluations >= o->budget; }

/* Rows of the current generation the budget still allows. */
static size_t rows_allowed(const ax_optimizer *o)
{
    if (!o->budget)
        return o->pop;
    uint64_t left = o->budget - o->evaluations;
    return left < o->pop ? (size_t)left : o->pop;
}

ax_status ax_optimizer_ask(ax_optimizer *opt, double *x, size_t capacity, size_t *n_rows, ax_error *err)
{
    static const char *caller = "ax_optimizer_ask";
    if (!opt)
        return ax_error_null(err, caller, "opt");
    if (!x)
        return ax_error_null(err, caller, "x");
    if (!n_rows)
        return ax_error_null(err, caller, "n_rows");
    if (spent(opt))
        return ax_error_fail(err, AX_ERR_STATE,
                                "%s: the budget of %llu evaluations is spent: nothing more to ask", caller,
                                (unsigned long long)opt->budget);
    size_t rows = rows_allowed(opt);
    if (capacity < rows)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: capacity = %zu rows: this generation has %zu (of %zu parameters each)", caller,
                                capacity, rows, (size_t)opt->n);
    for (size_t r = 0; r < rows; r++)
        ax_opt_row(opt, r, x + r * opt->n);
    opt->asked = 1;
    opt->n_asked = rows;
    *n_rows = rows;
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_optimizer_tell(ax_optimizer *opt, const double *scores, size_t n, ax_error *err)
{
    static const char *caller = "ax_optimizer_tell";
    if (!opt)
        return ax_error_null(err, caller, "opt");
    if (!scores)
        return ax_error_null(err, caller, "scores");
    if (!opt->asked)
        return ax_error_fail(err, AX_ERR_STATE,
                                "%s: no candidates were asked: call ax_optimizer_ask before telling scores", caller);
    if (n != opt->n_asked)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: n = %zu scores: ax_optimizer_ask gave %llu candidates",
                                caller, n, (unsigned long long)opt->n_asked);
    double *x = opt->work;   /* breeding below overwrites work only after this */
    for (size_t r = 0; r < n; r++)
        if (!opt->has_best || ax_opt_key(scores[r]) < ax_opt_key(opt->best_score)) {
            ax_opt_row(opt, r, x);
            memcpy(opt->best, x, opt->n * sizeof *x);
            opt->best_score = scores[r];
            opt->has_best = 1;
        }
    opt->asked = 0;
    opt->evaluations += n;
    opt->generation++;
    /* a cut generation is always the last: nothing to breed */
    switch (spent(opt) ? -1 : (int)opt->kind) {
    case AX_OPTIMIZER_BIT_GA: ax_bitga_breed(opt, scores); break;
    case AX_OPTIMIZER_REAL_GA: ax_realga_breed(opt, scores); break;
    case AX_OPTIMIZER_DE: ax_de_breed(opt, scores); break;
    case AX_OPTIMIZER_CMA_ES: ax_cmaes_breed(opt, scores); break;
    }
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_optimizer_get_info(const ax_optimizer *opt, ax_optimizer_info *info, ax_error *err)
{
    if (!opt)
        return ax_error_null(err, "ax_optimizer_get_info", "opt");
    if (!info)
        return ax_error_null(err, "ax_optimizer_get_info", "info");
    *info = (ax_optimizer_info){.kind = (ax_optimizer_kind)opt->kind, .n_params = opt->n, .pop_size = opt->pop,
                                .seed = opt->seed, .budget = opt->budget, .generations = opt->generation,
                                .evaluations = opt->evaluations, .asked = (int)opt->asked, .done = spent(opt),
                                .best_score = opt->best_score};
    ax_error_ok(err);
    return AX_OK;
}

ax_status ax_optimizer_get_best(const ax_optimizer *opt, double *params, double *score, ax_error *err)
{
    if (!opt)
        return ax_error_null(err, "ax_optimizer_get_best", "opt");
    if (!params)
        return ax_error_null(err, "ax_optimizer_get_best", "params");
    if (!opt->has_best)
        return ax_error_fail(err, AX_ERR_STATE, "ax_optimizer_get_best: no scores were told yet: nothing is best");
    memcpy(params, opt->best, opt->n * sizeof *params);
    if (score)
        *score = opt->best_score;
    ax_error_ok(err);
    return AX_OK;
}
