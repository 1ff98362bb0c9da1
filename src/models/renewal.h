/*
 * renewal.h - what the renewal-process generators share
 * (SpikeSourceGamma, SpikeSourcePoissonRefractory): trains whose
 * inter-spike intervals are independent draws of one law, kept in
 * continuous time and put on the dt grid.  Each model file gives its law
 * (an ax_renewal_law, reached through ax_model.impl), its parameters and
 * its check; prepare() and update() are these.
 *
 * The process.  A neuron's clock runs in steps of dt, with fractions.  Its
 * process starts at step first = round(start / dt) in its stationary state:
 * the first spike comes a forward recurrence time after it (the time from
 * an arbitrary moment to the next spike of a process that has run for
 * ever), so the train has its mean rate from the start on and is, inside
 * the window, a piece of one stationary renewal process (NEST's
 * poisson_generator_ps starts its dead-time process so; a process started
 * with a spike at `start` would give its first spike a whole interval
 * later, and regular gamma trains of many neurons would start in phase).
 * Each following spike comes one interval after the one before.
 *
 * The grid.  A spike at time T (in steps) falls in step floor(T), which
 * reports it at (floor(T) + 1) dt, as every generator does: spikes lie in
 * (start, start + duration] with start and start + duration rounded to the
 * grid, like SpikeSourcePoisson's.  A neuron fires at most once per step:
 * further draws that fall into the step of a spike add no spike (they are
 * merged into it), but the clock keeps their exact times, so later spikes
 * are not shifted.  The rate falls short by the fraction of intervals
 * shorter than a step, P(ISI < dt), negligible when dt is small against
 * the intervals; the models refuse a mean rate above 1/dt.
 *
 * Random numbers.  Draw n of neuron i (its first spike is draw 0, every
 * interval one more) reads the stream (seed, AX_RNG_SOURCE and the
 * model's AX_SOURCE_*, global id, block n * AX_RNG_GAMMA_BLOCKS): a train
 * depends neither on the threads nor on how the run is cut, and the count
 * of draws is all the generator's random state.
 *
 * State (checkpoints and resets keep it like any state variable): next,
 * the time of the next spike in steps (DBL_MAX: none), and draws.
 *
 * Parameter changes.  prepare() runs before the first run and after any
 * parameter change between runs; it starts every neuron's process afresh,
 * stationary, at the step the next run begins (or at `start`, when that is
 * later): the pending spike is drawn anew from the new parameters, which
 * thus hold from the first step of the next run on, as SpikeSourcePoisson's
 * rate does.  The time since the last spike is forgotten; for a Poisson
 * process (alpha = 1, tau_refrac = 0) that is no change at all.
 */
#ifndef AX_RENEWAL_H
#define AX_RENEWAL_H

#include <stddef.h>
#include <stdint.h>

#include "axon.h"
#include "core/rng.h"

/* A neuron's law, in steps (one struct when the parameters are uniform). */
typedef struct ax_renewal_coef {
    double first, last;   /* steps that may carry spikes: [first, last) */
    double a, b, c;       /* the model's law, in steps (its file says how) */
    int silent;           /* no spikes at all (rate 0) */
} ax_renewal_coef;

/* What a renewal model gives; its descriptor's impl points to it. */
typedef struct ax_renewal_law {
    uint32_t stream;                /* AX_SOURCE_*: its family of random streams */
    uint32_t start, duration;       /* indices of its parameters start and duration */
    /* a, b, c and silent of neuron k (0 when uniform) from its parameters */
    void (*coef)(const ax_population_view *p, uint32_t k, ax_renewal_coef *c);
    /* an inter-spike interval, in steps */
    double (*interval)(const ax_renewal_coef *c, ax_rng *r);
    /* the forward recurrence time of the stationary process, in steps */
    double (*forward)(const ax_renewal_coef *c, ax_rng *r);
} ax_renewal_law;

/* The state variables: the same two rows in every renewal model. */
enum { AX_RENEWAL_NEXT, AX_RENEWAL_DRAWS };
extern const ax_var_info ax_renewal_vars[2];

int ax_renewal_prepare(const ax_population_view *p, void **data, char *msg, size_t len);
void ax_renewal_update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step);

/* The checks both share: a mean rate (Hz) of neuron i of at most one spike
 * per step.  `what` names it in the message ("rate", "beta/alpha"). */
int ax_renewal_check_rate(const ax_population_view *p, uint32_t i, const char *what, double rate, char *msg,
                          size_t len);

#endif
