/*
 * objective_pair.c - the check every objective that compares a model's
 * spike trains with data makes first: two valid views of the same trains
 * over the same interval.
 */
#include "fit/fit.h"

ax_status ax_obj_check_pair(const ax_spike_trains *data, const ax_spike_trains *model, const char *caller,
                            ax_error *err)
{
    if (!data)
        return ax_error_null(err, caller, "data");
    if (!model)
        return ax_error_null(err, caller, "model");
    ax_status st = ax_spike_trains_check(data, caller, err);
    if (st == AX_OK)
        st = ax_spike_trains_check(model, caller, err);
    if (st != AX_OK)
        return st;
    if (data->n_trains == 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the data have no trains: at least one is needed", caller);
    if (data->n_trains != model->n_trains)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the model has %zu trains and the data %zu: train k of the model is compared "
                                "with train k of the data, so the numbers must be equal",
                                caller, model->n_trains, data->n_trains);
    if (data->t_start != model->t_start || data->t_stop != model->t_stop)
        return ax_error_fail(err, AX_ERR_ARGUMENT,
                                "%s: the model's interval [%g, %g] ms differs from the data's [%g, %g] ms: both "
                                "must be observed over the same interval",
                                caller, model->t_start, model->t_stop, data->t_start, data->t_stop);
    return AX_OK;
}
