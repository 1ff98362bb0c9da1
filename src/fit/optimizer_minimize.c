/*
 * optimizer_minimize.c - ask, evaluate, tell until the budget is spent.
 */
#include <stdlib.h>

#include "fit/fit.h"

ax_status ax_optimizer_minimize(ax_optimizer *opt, ax_optimizer_evaluate evaluate, void *user, ax_error *err)
{
    static const char *caller = "ax_optimizer_minimize";
    if (!opt)
        return ax_error_null(err, caller, "opt");
    if (!evaluate)
        return ax_error_null(err, caller, "evaluate");
    if (!opt->budget)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the optimizer has budget 0 (no limit): minimize needs a budget to stop", caller);
    double *x = malloc(opt->pop * opt->n * sizeof *x), *scores = malloc(opt->pop * sizeof *scores);
    ax_status st = x && scores ? AX_OK : ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory", caller);
    while (!st && opt->evaluations < opt->budget) {
        size_t rows;
        st = ax_optimizer_ask(opt, x, opt->pop, &rows, err);
        if (st)
            break;
        if (evaluate(x, rows, opt->n, scores, user) != 0) {
            st = ax_error_fail(err, AX_ERR_INTERRUPTED,
                                  "%s: the evaluate callback stopped the fit in generation %llu (not told)", caller,
                                  (unsigned long long)opt->generation);
            break;
        }
        st = ax_optimizer_tell(opt, scores, rows, err);
    }
    free(x);
    free(scores);
    if (!st)
        ax_error_ok(err);
    return st;
}
