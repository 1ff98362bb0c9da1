/*
 * objective_spike_loss.c - SpikeNetOpt's single-cell loss: the
 * SPIKE-distance of model and data (the analysis library's, PySpike 0.7's
 * definition) plus the difference of their spike counts.
 */
#include <math.h>
#include <stdlib.h>

#include "fit/fit.h"

/* The SPIKE-distance of the analysis library (its kernel takes each train as
 * points with auxiliary spikes): on the stack for trains of a usual size, so
 * that scoring a candidate allocates nothing; NAN when memory runs out. */
static double spike_distance(ax_dist_train x, ax_dist_train y, double t0, double t1)
{
    double stack[1024], *q = stack;
    size_t nx = ax_dist_points_size(x), ny = ax_dist_points_size(y);
    if (nx + ny > sizeof stack / sizeof stack[0] && !(q = malloc((nx + ny) * sizeof *q)))
        return NAN;
    ax_dist_points px = ax_dist_points_make(x, t0, t1, q), py = ax_dist_points_make(y, t0, t1, q + nx);
    double d;
    ax_dist_spike_lanes(&px, &py, 1, t0, t1, &d);
    if (q != stack)
        free(q);
    return d;
}

double ax_obj_spike_loss(ax_dist_train data, ax_dist_train model, double t0, double t1)
{
    /* SpikeNetOpt scores a model of 0 or 1 spike with the largest distance,
     * 1: the SPIKE-distance of so few spikes says little about their timing. */
    double d = model.n <= 1 ? 1.0 : spike_distance(data, model, t0, t1);
    double count = data.n > model.n ? (double)(data.n - model.n) : (double)(model.n - data.n);
    return d + count;
}

ax_status ax_objective_spike_distance_loss(const ax_spike_trains *data, const ax_spike_trains *model, double *loss,
                                           double *total, ax_error *err)
{
    ax_status st = ax_obj_check_pair(data, model, "ax_objective_spike_distance_loss", err);
    if (st != AX_OK)
        return st;
    double sum = 0;
    for (size_t k = 0; k < data->n_trains; k++) {
        double l = ax_obj_spike_loss(ax_dist_train_of(data, k), ax_dist_train_of(model, k), data->t_start,
                                     data->t_stop);
        if (isnan(l))
            return ax_error_fail(err, AX_ERR_MEMORY, "ax_objective_spike_distance_loss: out of memory for the "
                                    "spike times of train %zu", k);
        if (loss)
            loss[k] = l;
        sum += l;
    }
    if (total)
        *total = sum;
    ax_error_ok(err);
    return AX_OK;
}
