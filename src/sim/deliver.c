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
 *
 * With delays that differ per synapse, each event lands in a random slot
 * of the ring: when the ring is larger than the last-level cache (the
 * microcircuit's: 61 slots x 77,169 neurons x 2 receptors x 8 B = 74 MB),
 * each is a miss to memory.  For such populations (by_delay, chosen at the
 * build: no plastic projection writes into them) a thread first appends
 * the step's events to buckets by delay (sequential, in cache), then adds
 * each bucket into its one slot (random within one slot: 1.2 MB, in L2).
 * A bucket receives the events of one slot in the order of the direct
 * loop and is emptied in that order (when full, and at the end of the
 * step), so every entry sums the same terms in the same order: the same
 * bits either way.
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

/* Adds bucket d's events into their slot and empties it. */
static void flush_bucket(ax_delay_buckets *bk, const row_ctx *c, uint32_t d)
{
    uint32_t sl = c->base + d;
    sl = sl >= c->D ? sl - c->D : sl;
    double *restrict slot = c->ring + (size_t)sl * c->stride;
    const uint32_t *restrict index = bk->index + (size_t)d * AX_BUCKET_CAP;
    const double *restrict weight = bk->weight + (size_t)d * AX_BUCKET_CAP;
    for (uint32_t j = 0, n = bk->count[d]; j < n; j++)
        slot[index[j]] += weight[j];
    bk->count[d] = 0;
}

/* t16: 16-bit targets; per_w: a weight per synapse; dk: 0 fixed delay
 * (`delay` steps), 1 8-bit delays, 2 16-bit delays; bucketed: into the
 * buckets bk by delay rather than straight into the ring. */
AX_INLINE void row_kernel(const ax_syn_part *part, uint64_t b, uint64_t e, const row_ctx *c, ax_delay_buckets *bk,
                          uint32_t delay, int t16, int per_w, int dk, int bucketed)
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
        uint32_t d = dk == 0 ? delay : dk == 1 ? d8[q] : d16[q];
        if (bucketed) {
            uint32_t j = bk->count[d]++;
            size_t at = (size_t)d * AX_BUCKET_CAP + j;
            bk->index[at] = (uint32_t)c->offset + t;
            bk->weight[at] = wq;
            if (j + 1 == AX_BUCKET_CAP)
                flush_bucket(bk, c, d);
        } else if (dk == 0) {
            slot[t] += wq;
        } else {
            uint32_t sl = c->base + d;
            sl = sl >= c->D ? sl - c->D : sl;
            ring[sl * c->stride + c->offset + t] += wq;
        }
    }
}

#define KERNEL(T16, W, DK)                                                   \
    (bk ? row_kernel(part, b, e, &c, bk, p->delay_steps, T16, W, DK, 1)     \
        : row_kernel(part, b, e, &c, NULL, p->delay_steps, T16, W, DK, 0))

/* bk: the target population's buckets (by_delay), or NULL: straight into the ring. */
static void deliver_row(const ax_network *net, const ax_projection_data *p, const ax_syn_part *part, uint32_t i, int64_t s,
                        ax_delay_buckets *bk)
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

/* Thread k's buckets for target population g, made (or remade for a
 * ring resized by ax_projection_set_delays) on first use; NULL where g is
 * not by_delay or memory is short (then the direct loop, for the rest of
 * the run: the same bits). */
static ax_delay_buckets *buckets_of(const ax_network *net, int k, uint32_t g)
{
    const ax_population_data *to = net->pops[g];
    ax_thread *th = &net->thr[k];
    if (!to->by_delay || !th->buckets)
        return NULL;
    ax_delay_buckets *bk = &th->buckets[g];
    if (bk->failed == to->ring_slots)
        return NULL;   /* no memory for them: not retried within the run, so a step is never split */
    if (bk->slots != to->ring_slots) {
        free(bk->count);
        free(bk->index);
        free(bk->weight);
        size_t n = (size_t)to->ring_slots * AX_BUCKET_CAP;
        bk->count = calloc(to->ring_slots, sizeof *bk->count);
        bk->index = malloc(n * sizeof *bk->index);
        bk->weight = malloc(n * sizeof *bk->weight);
        bool ok = bk->count && bk->index && bk->weight;
        bk->slots = ok ? to->ring_slots : 0;
        bk->failed = ok ? 0 : to->ring_slots;
        bk->used = false;
    }
    return bk->slots ? bk : NULL;
}

void ax_deliver_free_buckets(ax_thread *th, uint32_t n_pops)
{
    for (uint32_t g = 0; th->buckets && g < n_pops; g++) {
        free(th->buckets[g].count);
        free(th->buckets[g].index);
        free(th->buckets[g].weight);
    }
    free(th->buckets);
    th->buckets = NULL;
}

/* The step's events left in the buckets of every population, into the ring. */
static void flush_step(const ax_network *net, int k, int64_t s)
{
    ax_thread *th = &net->thr[k];
    for (uint32_t g = 0; th->buckets && g < net->n_pops; g++) {
        ax_delay_buckets *bk = &th->buckets[g];
        if (!bk->used)
            continue;
        const ax_population_data *to = net->pops[g];
        row_ctx c = {.ring = to->ring, .stride = (size_t)to->model->n_receptors * to->size, .D = to->ring_slots,
                     .base = (uint32_t)(s % to->ring_slots)};
        for (uint32_t d = 0; d < bk->slots; d++)
            if (bk->count[d])
                flush_bucket(bk, &c, d);
        bk->used = false;
    }
}

uint64_t ax_deliver_step(const ax_network *net, int k, int parity, int64_t w0, int64_t s)
{
    const uint32_t np = net->n_pops;
    uint64_t events = 0;
    bool bucketed = false;
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
                    if (proj->plastic) {
                        ax_plastic_deliver_row(net, proj, k, i, s);
                    } else {
                        ax_delay_buckets *bk = buckets_of(net, k, proj->to);
                        if (bk)
                            bk->used = bucketed = true;
                        deliver_row(net, proj, part, i, s, bk);
                    }
                }
            }
        }
    }
    if (bucketed)
        flush_step(net, k, s);
    return events;
}
