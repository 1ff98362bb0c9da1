/*
 * input_level.c - changing the level of a dc input or a Poisson drive
 * between runs (ax_input_set_level): what a controller does to present a
 * new stimulus without adding a new input for each (src/loop/ sets its
 * inputs this way at every segment).
 *
 * A drive's random stream is keyed by (seed, input, neuron, step), not by
 * its rate, so a change of rate changes only the counts drawn from then
 * on, the same for any number of threads.
 */
#include <math.h>

#include "core/error.h"
#include "sim/sim.h"

ax_status ax_input_set_level(ax_network *net, ax_input input, double level)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (input >= net->n_inputs)
        return ax_fail(net, AX_ERR_NOT_FOUND, "ax_input_set_level: input handle %u does not exist (the network has "
                       "%u inputs)", input, net->n_inputs);
    ax_input_data *in = net->inputs[input];
    const char *pop = net->pops[in->pop]->name;
    if (in->spec.kind == AX_INPUT_DC) {
        if (!isfinite(level))
            return ax_fail(net, AX_ERR_ARGUMENT, "ax_input_set_level: dc input %u on '%s': level = %g nA is not "
                           "allowed: must be a finite current", input, pop, level);
        in->spec.amplitude = level;
        return AX_OK;
    }
    if (in->spec.kind != AX_INPUT_POISSON)
        return ax_fail(net, AX_ERR_ARGUMENT, "ax_input_set_level: input %u on '%s' is not a dc input or a Poisson "
                       "drive: only those have one level (amplitude or rate)", input, pop);
    double lambda = in->spec.sources * level * net->dt * 1e-3;
    if (!isfinite(level) || level < 0 || lambda > 1e12)
        return ax_fail(net, AX_ERR_ARGUMENT, "ax_input_set_level: Poisson drive %u on '%s': level = %g Hz is not "
                       "allowed: the rate must be finite, >= 0 and give at most 1e12 events per neuron and step",
                       input, pop, level);
    if (lambda == in->lambda)
        return AX_OK;
    bool use_table = lambda <= AX_POISSON_TABLE_MAX;
    if (use_table) {   /* the new table first: a failure leaves the drive as it was */
        ax_poisson_table t = {0};
        if (ax_poisson_table_init(&t, lambda))
            return ax_fail(net, AX_ERR_MEMORY, "ax_input_set_level: Poisson drive %u on '%s': out of memory",
                           input, pop);
        ax_poisson_table_free(&in->table);
        in->table = t;
    } else {
        ax_poisson_table_free(&in->table);
    }
    in->use_table = use_table;
    in->lambda = lambda;
    in->spec.rate = level;
    return AX_OK;
}
