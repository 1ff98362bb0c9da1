/*
 * reset.c - ax_network_reset: back to t = 0 with the same connectivity,
 * as PyNN's reset().
 *
 * What a run changes goes back to what it was when the first run started:
 * the neurons' state variables (kept at the first prepare, before any
 * model drew from it: distributions, ax_population_set_state before the
 * first run), the plastic and learning averaged weights (kept at the
 * first run), and the rest
 * to empty - delay ring buffers, the models' prepared data (made afresh
 * by the next run), plastic traces, histories and eligibilities,
 * modulator levels, spike counts, recordings, the clock.  What the user
 * set stays, as in PyNN: parameters, spike times, learning switches and
 * rates, inputs and recorders added between runs.  State set between runs
 * is forgotten; state set at t = 0 (after a reset) becomes the initial
 * value that later resets return to.  Because the random streams are keyed
 * by the seed and the step, a run after a reset repeats the first one bit
 * for bit.  Under MPI every rank resets what it holds (every neuron's
 * state, its own synapses and buffers) and the status is agreed.
 */
#include <string.h>

#include "plasticity/plasticity.h"
#include "record/record.h"
#include "sim/sim.h"

ax_status ax_state_keep_initial(ax_network *net)
{
    if (net->initial_kept)
        return AX_OK;
    ax_status st = AX_OK;
    for (uint32_t g = 0; g < net->n_pops && !st; g++)
        st = ax_population_keep_initial(net, net->pops[g]);
    for (uint32_t q = 0; q < net->n_projs && !st; q++)
        if (net->projs[q]->plastic && net->projs[q]->parts)
            st = ax_plastic_keep_initial(net, net->projs[q]);
        else if (net->projs[q]->avg_stdp && net->projs[q]->parts)
            st = ax_averaged_keep_initial(net, net->projs[q]);
    if (!st)
        net->initial_kept = net->core.built;
    return st;
}

ax_status ax_network_reset(ax_network *net)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    for (uint32_t g = 0; g < net->n_pops; g++)
        ax_population_reset(net, net->pops[g]);
    if (net->core.built) {
        for (uint32_t q = 0; q < net->n_projs; q++)
            if (net->projs[q]->plastic)
                ax_plastic_reset(net, net->projs[q]);
        ax_modulators_reset(net);
        ax_averaged_reset(net);
        ax_averaged_stdp_reset(net);
        ax_chemical_reset(net);
        for (int k = 0; k < net->threads; k++) {
            ax_thread *th = &net->thr[k];
            memset(th->pop_spikes, 0, net->n_pops * sizeof *th->pop_spikes);
            th->events = 0;
            th->spikes[0].n = th->spikes[1].n = 0;
            th->failed = 0;
        }
        if (net->pop_spikes_all)   /* under MPI: the counts summed over the ranks */
            memset(net->pop_spikes_all, 0, ((size_t)net->n_pops + 1) * sizeof *net->pop_spikes_all);
    }
    ax_tables_drop(net, false);
    net->step = 0;
    net->windows_done = 0;
    net->spikes = net->events = 0;
    net->run_s = 0;
    net->failed = false;
    /* streamed files start again (which can fail, on one rank alone) */
    return ax_ranks_agree(net, ax_record_restart(net, 0));
}
