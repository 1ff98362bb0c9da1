/*
 * sim.h - the pieces of one simulation step, shared by the files of sim/
 * and record/ (see DESIGN.md, "The step").
 */
#ifndef AX_SIM_H
#define AX_SIM_H

#include "net/generate.h"
#include "net/network.h"

/* Windows never exceed this much simulated time (ms), even with long
 * delays or none: states are checked, progress reported and interrupts
 * honoured at least this often. */
#define AX_MAX_WINDOW_MS 1.0

/* projection.c: builds thread k's part of projection p; observed delay
 * range in steps.  Returns -1 when out of memory. */
int ax_projection_build_part(const ax_network *net, ax_projection_data *p, int k, ax_gen_scratch *scratch, uint32_t *dmin,
                       uint32_t *dmax);

/* inputs.c */
void ax_inputs_currents(const ax_network *net, ax_population_data *p, uint32_t begin, uint32_t end, int64_t step);
/* Adds the Poisson drives of window [w0, w1) of this thread's neurons to
 * their ring slots. */
void ax_inputs_drives(const ax_network *net, const ax_thread *th, int64_t w0, int64_t w1);

/* deliver.c: thread k delivers the spikes of window [w0, w1) (spike lists
 * of buffer `parity`) to the targets it owns. */
void ax_deliver_window(ax_network *net, int k, int parity, int64_t w0, int64_t w1);

/* record.c */
ax_status ax_record_prepare_run(ax_network *net, int64_t t0, int64_t t_end);
void ax_record_finish_run(ax_network *net, int64_t t0, int64_t t_stop);
int ax_record_spike(ax_recorder_data *rec, int thread, int64_t step, uint32_t neuron);
void ax_record_sample(const ax_network *net, ax_recorder_data *rec, const ax_population_data *p, uint32_t begin, uint32_t end,
                      int64_t step);

/* weights.c: weight recorders.  After the build: resolves the
 * selections (which synapses each thread samples).  Before a run: the same
 * if not done, and allocates the samples of steps up to t_end; the
 * next sample step after `after` (INT64_MAX: none); thread k takes the
 * samples due at step boundary T for its own synapses; after the run. */
ax_status ax_weights_resolve(ax_network *net);
ax_status ax_weights_prepare_run(ax_network *net, int64_t t0, int64_t t_end);
int64_t ax_weights_next_step(const ax_network *net, int64_t after);
void ax_weights_sample(const ax_network *net, int k, int64_t T);
void ax_weights_finish_run(ax_network *net, int64_t t_stop);

/* Rebuilds the per-population lists of inputs and recorders (they may be
 * added between runs). */
ax_status ax_link_population_lists(ax_network *net);

#endif
