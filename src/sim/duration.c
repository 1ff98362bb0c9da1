/*
 * duration.c - how long a run may be: the one rule that ax_network_run
 * applies before it starts and that the model-file loader applies to
 * simulation.duration (through ax_network_validate_duration), so that
 * `axon check` and `axon run` refuse the same durations with the same
 * words.
 */
#include <math.h>
#include <stdint.h>

#include "sim/sim.h"

/* The clock counts steps in an int64; runs end by this many steps, far
 * below its end, so that step arithmetic (windows, samples) never wraps. */
#define AX_MAX_STEPS 9e15

ax_status ax_duration_check(ax_network *net, double duration_ms, const char *caller)
{
    const char *sep = *caller ? ": " : "";
    if (!(duration_ms > 0) || !isfinite(duration_ms))
        return ax_fail(net, AX_ERR_ARGUMENT, "%s%sduration %g ms is not allowed: must be > 0 and finite", caller, sep,
                       duration_ms);
    double steps = duration_ms / net->dt, left = AX_MAX_STEPS - (double)net->step;
    if (steps > left)
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "%s%sduration %g ms is not allowed: with dt = %g ms a run may last at most %g ms "
                       "(%g steps) from t = %g ms",
                       caller, sep, duration_ms, net->dt, left * net->dt, left, (double)net->step * net->dt);
    double below = floor(steps + 1e-6);
    if (fabs(steps - llround(steps)) > 1e-6 || steps < 0.5) {
        if (below < 1)
            return ax_fail(net, AX_ERR_ARGUMENT,
                           "%s%sduration %g ms is not a multiple of dt = %g ms: the shortest run is %g ms", caller,
                           sep, duration_ms, net->dt, net->dt);
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "%s%sduration %g ms is not a multiple of dt = %g ms: the nearest allowed are %.10g and %.10g ms",
                       caller, sep, duration_ms, net->dt, below * net->dt, (below + 1) * net->dt);
    }
    return AX_OK;
}

ax_status ax_network_validate_duration(ax_network *net, double duration_ms)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    return ax_duration_check(net, duration_ms, "");
}
