/*
 * deliver.c - the spike delivery kernels (docs/architecture.md, "Delivery").
 *
 * After the window's barrier, each thread walks the spikes of each step of
 * the window in global id order - for each population, the slices of
 * the ranks and threads in order (net->lists, sim/exchange.c), each
 * sorted by id - and adds each synapse's weight into the
 * ring-buffer slot (step + delay) mod D of its target, for the synapses
 * whose targets it owns (plastic rows go to plasticity/, which updates
 * the weights on the way).  No locks or atomics: nobody else writes these
 * slots.  The additions into any one slot happen in the same order for
 * any number of threads, so the sums are bit-identical.
 *
 * This loop streams the synapse rows from memory, so its speed is the
 * bytes per synapse: the inner loop is specialised for each storage form
 * (16- or 32-bit targets, a weight per synapse or one for the projection,
 * one delay or one per synapse), and the rows of the next spike are
 * prefetched while the current one is delivered.
 */
#include "plasticity/plasticity.h"
#include "sim/sim.h"

#define AX_INLINE static inline __attribute__((always_inline))

typedef struct row_ctx {
    double *ring;
    size_t stride;       /* receptors * neurons: one slot */
    size_t offset;       /* receptor * neurons */
    uint32_t D, base;    /* slots; step mod D */
    double *slot;        /* fixed delay: the slot the whole row goes to */
    double weight;       /* fixed weight */
} row_ctx;

/* t16: 16-bit targets; per_w: a weight per synapse; dk: 0 fixed delay,
 * 1 8-bit delays, 2 16-bit delays. */
AX_INLINE void row_kernel(const ax_syn_part *part, uint64_t b, uint64_t e, const row_ctx *c, int t16, int per_w,
                          int dk)
{
    const uint16_t *restrict t16a = part->target16;
    const uint32_t *restrict t32a = part->target32;
    const float *restrict w = part->weight;
    const uint8_t *restrict d8 = part->delay8;
    const uint16_t *restrict d16 = part->delay16;
    double *restrict slot = c->slot, *restrict ring = c->ring;
    for (uint64_t q = b; q < e; q++) {
        uint32_t t = t16 ? t16a[q] : t32a[q];
        double wq = per_w ? (double)w[q] : c->weight;
        if (dk == 0) {
            slot[t] += wq;
        } else {
            uint32_t sl = c->base + (dk == 1 ? d8[q] : d16[q]);
            sl = sl >= c->D ? sl - c->D : sl;
            ring[sl * c->stride + c->offset + t] += wq;
        }
    }
}

#define KERNEL(T16, W, DK) row_kernel(part, b, e, &c, T16, W, DK)

static void deliver_row(const ax_network *net, const ax_projection_data *p, const ax_syn_part *part, uint32_t i, int64_t s)
{
    uint64_t b = part->row[i], e = part->row[i + 1];
    if (b == e)
        return;
    const ax_population_data *to = net->pops[p->to];
    const uint32_t R = to->model->n_receptors, n = to->size;
    row_ctx c;
    c.ring = to->ring;
    c.D = to->ring_slots;
    c.stride = (size_t)R * n;
    c.offset = (size_t)p->receptor * n;
    c.base = (uint32_t)(s % c.D);
    c.slot = p->fixed_delay ? to->ring + (size_t)((s + p->delay_steps) % c.D) * c.stride + c.offset : NULL;
    c.weight = p->weight_value;
    int t16 = part->target16 != NULL, per_w = part->weight != NULL;
    int dk = p->fixed_delay ? 0 : part->delay8 ? 1 : 2;
    switch (t16 * 6 + per_w * 3 + dk) {
    case 0: KERNEL(0, 0, 0); break;
    case 1: KERNEL(0, 0, 1); break;
    case 2: KERNEL(0, 0, 2); break;
    case 3: KERNEL(0, 1, 0); break;
    case 4: KERNEL(0, 1, 1); break;
    case 5: KERNEL(0, 1, 2); break;
    case 6: KERNEL(1, 0, 0); break;
    case 7: KERNEL(1, 0, 1); break;
    case 8: KERNEL(1, 0, 2); break;
    case 9: KERNEL(1, 1, 0); break;
    case 10: KERNEL(1, 1, 1); break;
    default: KERNEL(1, 1, 2); break;
    }
}

/* Starts loading the first lines of a spike's rows (a row start is a
 * miss to memory; the hardware prefetcher takes over after a few lines). */
#define PREFETCH_LINES 4

static void prefetch_rows(const ax_network *net, const ax_population_data *p, uint32_t i, int k)
{
    for (uint32_t o = 0; o < p->n_out; o++) {
        const ax_syn_part *part = &net->projs[p->out[o]]->parts[k];
        uint64_t b = part->row[i], e = part->row[i + 1];
        if (e == b)
            continue;   /* nothing to load; an empty part has no target arrays at all */
        const char *t = part->target16 ? (const char *)(part->target16 + b) : (const char *)(part->target32 + b);
        size_t bytes = (e - b) * (part->target16 ? 2 : 4);
        for (size_t off = 0; off < bytes && off < PREFETCH_LINES * 64; off += 64)
            __builtin_prefetch(t + off);
        if (part->weight)
            for (size_t off = 0; off < (e - b) * 4 && off < PREFETCH_LINES * 64; off += 64)
                __builtin_prefetch((const char *)(part->weight + b) + off);
    }
}

uint64_t ax_deliver_step(const ax_network *net, int k, int parity, int64_t w0, int64_t s)
{
    const uint32_t np = net->n_pops;
    uint64_t events = 0;
    for (uint32_t g = 0; g < np; g++) {
        const ax_population_data *p = net->pops[g];
        if (!p->n_out)
            continue;
        size_t at = (size_t)(s - w0) * np + g;
        for (uint32_t j = 0; j < net->n_lists; j++) {   /* other ranks' and this rank's threads', in id order */
            const ax_spike_list *list = net->lists[parity][j];
            uint32_t q0 = list->start[at], q1 = list->start[at + 1];
            for (uint32_t q = q0; q < q1; q++) {
                uint32_t i = list->gid[q] - p->first_id;
                if (q + 1 < q1)
                    prefetch_rows(net, p, list->gid[q + 1] - p->first_id, k);
                for (uint32_t o = 0; o < p->n_out; o++) {
                    const ax_projection_data *proj = net->projs[p->out[o]];
                    const ax_syn_part *part = &proj->parts[k];
                    events += part->row[i + 1] - part->row[i];
                    if (proj->plastic)
                        ax_plastic_deliver_row(net, proj, k, i, s);
                    else
                        deliver_row(net, proj, part, i, s);
                }
            }
        }
    }
    return events;
}
