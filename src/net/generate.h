/*
 * generate.h - which synapses a projection has, before they are stored.
 *
 * ax_generate() walks the synapses of a projection whose targets fall in a
 * range and calls a visitor for each.  The builder (projection.c) walks
 * twice, once to count and once to fill, so the walk must be a pure
 * function of the seed: every random choice comes from the stream of the
 * neuron that owns it (the target for probability, in-degree, total and
 * list rules; the source for out-degree), never from shared state.
 *
 * The distance connector passes the pair's displacement geo = (d, dx, dy,
 * dz) (for weights and delays that are expressions of it); others NULL.
 *
 * Each synapse is also named by (gen_id, gen_index): the neuron whose
 * stream generated it and its position in that neuron's list.  Weights and
 * delays drawn from distributions use the stream (seed, projection,
 * gen_id, gen_index), so they too are independent of threads.
 */
#ifndef AX_GENERATE_H
#define AX_GENERATE_H

#include "net/network.h"

typedef void (*ax_visit_fn)(void *ctx, uint32_t source, uint32_t target, uint32_t gen_id, uint64_t gen_index,
                            uint64_t array_index, const double *geo);

/* Per-thread scratch space, grown on demand. */
typedef struct ax_gen_scratch {
    uint64_t *bits;
    size_t n_words;
    uint32_t *buf, *tmp;
    size_t cap;
    double *val;           /* the distance connector with fixed_indegree: weights, keys */
    uint32_t *pos;         /* ... and the chosen candidates (2 x pos_cap: values, sort scratch) */
    size_t val_cap, pos_cap;
} ax_gen_scratch;

void ax_gen_scratch_free(ax_gen_scratch *s);

/* Work that cannot be split by target, done once before the parallel
 * build: the pairs of fixed_total, the sorted order of from_list. */
ax_status ax_generate_prepare(ax_network *net, ax_projection_data *p);
void ax_generate_release(ax_projection_data *p);

/* LSD radix sort of n 32-bit keys (tmp: n scratch keys). */
void ax_radix_sort(uint32_t *a, uint32_t *tmp, size_t n);

/* The distance connector (net/distance.c).  check: at declaration, the
 * numbers and positions, the kernel expression compiled into *prob (the
 * caller owns it) and evaluated over the neighbourhood, and a rough
 * expected count.  prepare/release: the sources' bins, for the build.
 * generate: as ax_generate (-2: a kernel value not finite, or, with
 * fixed_indegree, a target with too few candidates).  report: after
 * generate returned -2, the message naming the first such pair or target. */
struct ax_expr;
ax_status ax_distance_check(ax_network *net, const ax_connector *c, const ax_population_data *from,
                            const ax_population_data *to, const char *what, double *expected,
                            struct ax_expr **prob);
ax_status ax_distance_prepare(ax_network *net, ax_projection_data *p);

/* An expression of d, dx, dy, dz (a kernel, a weight, a delay) of the
 * distance connector c, compiled into *out and evaluated over a grid of
 * displacements within the neighbourhood (d = 0 left out when skip_zero):
 * refused, naming the displacement, where it is not finite; else its
 * smallest and largest values there, where, and its mean.  `name` is the
 * part in messages ("probability", "weight", "delay"). */
typedef struct ax_expr_range {
    double lo, hi, mean;
    double at_lo[4], at_hi[4];   /* d, dx, dy, dz */
} ax_expr_range;
ax_status ax_distance_expression(ax_network *net, const ax_connector *c, int skip_zero, const char *what,
                                 const char *name, const char *text, struct ax_expr **out, ax_expr_range *range);
void ax_distance_release(ax_projection_data *p);
int ax_distance_generate(const ax_network *net, const ax_projection_data *p, uint32_t tb, uint32_t te,
                         ax_gen_scratch *s, ax_visit_fn visit, void *ctx);
ax_status ax_distance_report(ax_network *net);
/* Why the weight or delay expression of p is not allowed at displacement
 * g (a message in thread-local storage), or NULL when both are fine. */
const char *ax_distance_bad_value(const ax_network *net, const ax_projection_data *p, const double *g);

/* Visits the synapses with target index in [tb, te), in increasing target
 * order, and for each target in increasing source order (fixed_outdegree:
 * in increasing source, then target order).  Returns -1 when out of memory,
 * -2 when a distance kernel was not finite or a target of a distance
 * connector with fixed_indegree has too few candidates (ax_distance_report). */
int ax_generate(const ax_network *net, const ax_projection_data *p, uint32_t tb, uint32_t te, ax_gen_scratch *s,
                ax_visit_fn visit, void *ctx);

#endif
