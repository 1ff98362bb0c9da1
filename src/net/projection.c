/*
 * projection.c - generating and storing a projection's synapses.
 *
 * Each thread builds the part of every projection whose targets it owns
 * (docs/architecture.md, "Threads"), as compressed rows by source: a first walk
 * over the generator counts the synapses of each source, a second one
 * fills targets, weights and (when they differ) delays.  Walking twice
 * costs some random draws but no temporary copy of the synapses, which
 * for large networks would be larger than the result.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/expr.h"
#include "core/values.h"
#include "net/net.h"

typedef struct fill_ctx {
    const ax_network *net;
    const ax_projection_data *p;
    uint64_t *cursor;       /* count: row lengths at [i+1]; fill: next position of row i */
    ax_syn_part *part;
    uint32_t purpose_w, purpose_d;
    uint32_t dmin, dmax;
    bool nonneg;             /* weights must be >= 0 (expressions are checked per synapse) */
    bool bad;                /* an expression gave a value that is not allowed (ax_distance_report) */
} fill_ctx;

static void count_visit(void *c, uint32_t i, uint32_t j, uint32_t gen_id, uint64_t gen_index, uint64_t array_index,
                        const double *geo)
{
    (void)j, (void)gen_id, (void)gen_index, (void)array_index, (void)geo;
    ((fill_ctx *)c)->cursor[i + 1]++;
}

static double draw(const ax_network *net, const ax_value *v, uint32_t purpose, uint32_t gen_id,
                   uint64_t gen_index, uint64_t array_index)
{
    if (v->kind == AX_VALUE_CONSTANT)
        return v->a;
    if (v->kind == AX_VALUE_ARRAY)
        return v->array[array_index];
    ax_rng r;
    /* 2^20 blocks per synapse: room for any number of rejected draws */
    ax_rng_init(&r, net->seed, purpose, gen_id, gen_index << 20);
    return ax_value_draw(v, &r, 0);
}

static void fill_visit(void *c, uint32_t i, uint32_t j, uint32_t gen_id, uint64_t gen_index, uint64_t array_index,
                       const double *geo)
{
    fill_ctx *ctx = c;
    const ax_projection_data *p = ctx->p;
    ax_syn_part *part = ctx->part;
    uint64_t pos = ctx->cursor[i]++;
    if (part->target16)
        part->target16[pos] = (uint16_t)j;
    else
        part->target32[pos] = j;
    if (part->weight) {
        double w;
        if (p->weight_expr) {
            w = ax_expr_value(p->weight_expr, geo);
            if (!(fabs(w) <= 1e30) || (ctx->nonneg && w < 0)) {
                ctx->bad = true;
                w = 0;
            }
        } else {
            w = draw(ctx->net, &p->weight, ctx->purpose_w, gen_id, gen_index, array_index);
        }
        part->weight[pos] = (float)w;
    }
    if (!p->fixed_delay) {
        double d;
        if (p->delay_expr) {
            d = ax_expr_value(p->delay_expr, geo);
            if (!(d >= ctx->net->dt * (1 - 1e-9)) || !(d / ctx->net->dt <= p->delay_cap + 0.49)) {
                ctx->bad = true;
                d = ctx->net->dt;
            }
        } else {
            d = draw(ctx->net, &p->delay, ctx->purpose_d, gen_id, gen_index, array_index);
        }
        uint32_t steps = (uint32_t)llround(d / ctx->net->dt);
        if (steps < 1)
            steps = 1;
        if (part->delay8)
            part->delay8[pos] = (uint8_t)steps;
        else
            part->delay16[pos] = (uint16_t)steps;
        if (steps < ctx->dmin)
            ctx->dmin = steps;
        if (steps > ctx->dmax)
            ctx->dmax = steps;
    }
}

int ax_projection_build_part(const ax_network *net, ax_projection_data *p, int k, ax_gen_scratch *scratch, uint32_t *dmin,
                       uint32_t *dmax)
{
    const ax_population_data *from = net->pops[p->from], *to = net->pops[p->to];
    ax_syn_part *part = &p->parts[k];
    const ax_segment *seg = &net->thr[k].seg[p->to];   /* the targets thread k owns */
    uint32_t tb = seg->begin, te = seg->end;
    part->row = calloc((size_t)from->size + 1, sizeof *part->row);
    if (!part->row)
        return -1;
    fill_ctx ctx = {.net = net, .p = p, .cursor = part->row, .part = part,
                    .purpose_w = ax_purpose(AX_RNG_WEIGHT, p->index),
                    .purpose_d = ax_purpose(AX_RNG_DELAY, p->index), .dmin = UINT32_MAX, .dmax = 0};
    int gen = tb < te ? ax_generate(net, p, tb, te, scratch, count_visit, &ctx) : 0;
    if (gen)
        return gen;
    for (uint32_t i = 0; i < from->size; i++)
        part->row[i + 1] += part->row[i];
    uint64_t n = part->row[from->size];
    part->n = n;
    if (n == 0)
        return 0;
    bool narrow = to->size <= 65536;
    if (narrow)
        part->target16 = ax_alloc_large(n * sizeof *part->target16);
    else
        part->target32 = ax_alloc_large(n * sizeof *part->target32);
    bool own_weights = !p->fixed_weight || p->plastic;   /* plastic weights change one by one */
    if (own_weights)
        part->weight = ax_alloc_large(n * sizeof *part->weight);
    if (!p->fixed_delay) {
        if (p->delay_expr ? p->delay_cap <= UINT8_MAX : p->max_delay <= UINT8_MAX)
            part->delay8 = ax_alloc_large(n);
        else
            part->delay16 = ax_alloc_large(n * sizeof *part->delay16);
    }
    ctx.cursor = malloc(((size_t)from->size + 1) * sizeof *ctx.cursor);
    if ((narrow ? !part->target16 : !part->target32) || (own_weights && !part->weight) ||
        (!p->fixed_delay && !part->delay8 && !part->delay16) || !ctx.cursor) {
        free(ctx.cursor);
        return -1;
    }
    memcpy(ctx.cursor, part->row, ((size_t)from->size + 1) * sizeof *ctx.cursor);
    ctx.nonneg = (p->gap && !p->averaged) || (to->model->receptors[p->receptor].flags & AX_RECEPTOR_NONNEGATIVE);
    int failed = ax_generate(net, p, tb, te, scratch, fill_visit, &ctx);
    free(ctx.cursor);
    if (!failed && ctx.bad)
        failed = -2;
    *dmin = ctx.dmin;
    *dmax = ctx.dmax;
    return failed;
}

