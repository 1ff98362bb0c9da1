/*
 * channel_cell.h - the update shared by conductance-based neurons built
 * from ion channels (src/channels): HodgkinHuxley, HH_cond_exp, ...
 *
 *   cm dv/dt = sum over channels g_c (E_c - v) + gsyn_exc (e_rev_E - v)
 *              + gsyn_inh (e_rev_I - v) + i_offset + I_inj
 *   d gsyn_exc/dt = -gsyn_exc / tau_syn_E     (likewise gsyn_inh)
 *
 * The method is the staggered exponential scheme of channels/channel.h:
 * gates advanced by exponential Euler at v(t), then v advanced exactly
 * with the conductances held at their mean over the step (the channels'
 * midpoint values; for the synaptic ones the exact mean of the decaying
 * exponential).  Second order in dt.  Synaptic input arriving at step t
 * is added to the conductance at the end of step t (as IF_cond_exp).
 *
 * A spike is an upward crossing of v_thresh; v is not reset.  For
 * tau_refrac after a spike no new spike is detected (v goes on being
 * integrated), as Brian2's `refractory` without a reset.
 *
 * A model using it lists the channels and has, besides the channels'
 * parameters and gates, the parameters cm, i_offset, v_thresh,
 * tau_refrac, e_rev_E, e_rev_I, tau_syn_E, tau_syn_I and the state
 * variables v, gsyn_exc, gsyn_inh, refrac, and the receptors
 * "excitatory" and "inhibitory" (in that order).
 */
#ifndef AX_CHANNEL_CELL_H
#define AX_CHANNEL_CELL_H

#include "axon.h"
#include "channels/channel.h"

/* Their receptors: exponentially decaying conductances, weights in uS. */
extern const ax_receptor_info ax_channel_cell_receptors[2];

/* prepare() of such a model: channels[0..n) and the model's own tables
 * (to find parameters and gates by name). */
int ax_channel_cell_prepare(const ax_population_view *p, const ax_model *m, const ax_channel *const *channels,
                            uint32_t n_channels, void **data, char *msg, size_t len);
void ax_channel_cell_update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step);
void ax_channel_cell_release(void *data);
double *ax_channel_cell_data_state(void *data, uint32_t part, size_t *n);

#endif
