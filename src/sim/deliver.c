/*
 * deliver.c - spike delivery (DESIGN.md, "Delivery").
 *
 * After the window's barrier, each thread walks all spikes of the window
 * in (step, global id) order - the lists of threads 0, 1, ... for each
 * step, each list sorted by id - and adds each synapse's weight into the
 * ring-buffer slot (step + delay) mod D of its target, for the synapses
 * whose targets it owns.  No locks or atomics: nobody else writes these
 * slots.  The additions into any one slot happen in the same order for
 * any number of threads, so the sums are bit-identical.
 */
#include "sim/sim.h"

static void deliver_row(const ax_network *net, const ax_proj *p, const ax_syn_part *part, uint32_t i, int64_t s)
{
    uint64_t b = part->row[i], e = part->row[i + 1];
    if (b == e)
        return;
    const ax_population *to = net->pops[p->to];
    const uint32_t R = to->model->n_receptors, D = to->ring_slots, n = to->size;
    const uint32_t *restrict tgt = part->target;
    const float *restrict w = part->weight;
    double *restrict ring = to->ring;
    if (p->fixed_delay) {
        double *restrict slot = ring + ((size_t)((s + p->delay_steps) % D) * R + p->receptor) * n;
        for (uint64_t q = b; q < e; q++)
            slot[tgt[q]] += w[q];
        return;
    }
    const size_t stride = (size_t)R * n, offset = (size_t)p->receptor * n;
    uint32_t base = (uint32_t)(s % D);
    if (part->delay8) {
        const uint8_t *restrict d = part->delay8;
        for (uint64_t q = b; q < e; q++) {
            uint32_t sl = base + d[q];
            sl = sl >= D ? sl - D : sl;
            ring[sl * stride + offset + tgt[q]] += w[q];
        }
    } else {
        const uint16_t *restrict d = part->delay16;
        for (uint64_t q = b; q < e; q++) {
            uint32_t sl = base + d[q];
            sl = sl >= D ? sl - D : sl;
            ring[sl * stride + offset + tgt[q]] += w[q];
        }
    }
}

void ax_deliver_window(ax_network *net, int k, int parity, int64_t w0, int64_t w1)
{
    ax_thread *me = &net->thr[k];
    uint64_t events = 0;
    uint32_t pop = 0;
    for (int64_t s = w0; s < w1; s++) {
        for (int j = 0; j < net->threads; j++) {
            const ax_spike_list *list = &net->thr[j].spikes[parity];
            for (uint32_t q = list->step_start[s - w0]; q < list->step_start[s - w0 + 1]; q++) {
                uint32_t gid = list->gid[q];
                if (gid < net->pop_first[pop] || gid >= net->pop_first[pop + 1])
                    pop = ax_pop_of(net, gid);
                const ax_population *p = net->pops[pop];
                uint32_t i = gid - p->first_id;
                for (uint32_t o = 0; o < p->n_out; o++) {
                    const ax_proj *proj = net->projs[p->out[o]];
                    const ax_syn_part *part = &proj->parts[k];
                    events += part->row[i + 1] - part->row[i];
                    deliver_row(net, proj, part, i, s);
                }
            }
        }
    }
    me->events += events;
}
