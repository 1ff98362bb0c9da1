/*
 * connect.c - declaring projections (ax_projection_add) and the connector
 * constructors.
 *
 * ax_projection_add only checks and records what was asked: the synapses are
 * generated when the network is built (net/generate.c, net/projection.c),
 * in parallel and from per-neuron random streams.  Everything that can be
 * wrong with a projection is caught here, before any work: sizes, the
 * receptor, weights of the wrong sign for the receptor, delays that could
 * fall below dt, and a memory estimate.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/expr.h"
#include "core/values.h"
#include "models/models.h"
#include "net/net.h"

static ax_connector make(ax_connector_kind kind)
{
    ax_connector c;
    memset(&c, 0, sizeof c);
    c.kind = kind;
    c.allow_self = true;
    c.allow_multiple = false;
    return c;
}

ax_connector ax_connector_all_to_all(void) { return make(AX_CONNECTOR_ALL_TO_ALL); }
ax_connector ax_connector_one_to_one(void) { return make(AX_CONNECTOR_ONE_TO_ONE); }

ax_connector ax_connector_fixed_probability(double p)
{
    ax_connector c = make(AX_CONNECTOR_FIXED_PROBABILITY);
    c.p = p;
    return c;
}

ax_connector ax_connector_fixed_indegree(uint64_t n)
{
    ax_connector c = make(AX_CONNECTOR_FIXED_INDEGREE);
    c.n = n;
    return c;
}

ax_connector ax_connector_fixed_outdegree(uint64_t n)
{
    ax_connector c = make(AX_CONNECTOR_FIXED_OUTDEGREE);
    c.n = n;
    return c;
}

ax_connector ax_connector_fixed_total(uint64_t n)
{
    ax_connector c = make(AX_CONNECTOR_FIXED_TOTAL);
    c.n = n;
    return c;
}

ax_connector ax_connector_distance(double radius, double p)
{
    ax_connector c = make(AX_CONNECTOR_DISTANCE);
    c.radius = radius;
    c.p = p;
    return c;
}

ax_connector ax_connector_distance_indegree(double radius, uint64_t n)
{
    ax_connector c = make(AX_CONNECTOR_DISTANCE);
    c.radius = radius;
    c.p = 1.0;
    c.n = n;
    c.fixed_indegree = true;
    return c;
}

ax_connector ax_connector_from_list(const uint32_t *sources, const uint32_t *targets, size_t n_pairs)
{
    ax_connector c = make(AX_CONNECTOR_FROM_LIST);
    c.sources = sources;
    c.targets = targets;
    c.n_pairs = n_pairs;
    return c;
}

static const char *connector_name(ax_connector_kind k)
{
    switch (k) {
    case AX_CONNECTOR_ALL_TO_ALL: return "all_to_all";
    case AX_CONNECTOR_ONE_TO_ONE: return "one_to_one";
    case AX_CONNECTOR_FIXED_PROBABILITY: return "fixed_probability";
    case AX_CONNECTOR_FIXED_INDEGREE: return "fixed_indegree";
    case AX_CONNECTOR_FIXED_OUTDEGREE: return "fixed_outdegree";
    case AX_CONNECTOR_FIXED_TOTAL: return "fixed_total";
    case AX_CONNECTOR_FROM_LIST: return "from_list";
    case AX_CONNECTOR_DISTANCE: return "distance";
    }
    return "unknown";
}

typedef struct pair_key {
    uint32_t t, s;
    size_t k;
} pair_key;

static int cmp_pair(const void *a, const void *b)
{
    const pair_key *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    return (x->k > y->k) - (x->k < y->k);
}

/* Checks an explicit list; `what` prefixes the messages. */
static ax_status check_list(ax_network *net, const ax_connector *c, const ax_population_data *from,
                            const ax_population_data *to, const char *what)
{
    if (c->n_pairs && (!c->sources || !c->targets))
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: from_list has %zu pairs but no source or target array", what,
                       c->n_pairs);
    for (size_t k = 0; k < c->n_pairs; k++) {
        if (c->sources[k] >= from->size || c->targets[k] >= to->size)
            return ax_fail(net, AX_ERR_ARGUMENT,
                           "%s: pair %zu (%u -> %u) is out of range: sources are 0 .. %u, targets 0 .. %u", what,
                           k, c->sources[k], c->targets[k], from->size - 1, to->size - 1);
        if (!c->allow_self && from == to && c->sources[k] == c->targets[k])
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: pair %zu connects neuron %u to itself and allow_self is false",
                           what, k, c->sources[k]);
    }
    if (c->allow_multiple || c->n_pairs < 2)
        return AX_OK;
    pair_key *keys = ax_alloc(net, c->n_pairs, sizeof *keys, what);
    if (!keys)
        return AX_ERR_MEMORY;
    for (size_t k = 0; k < c->n_pairs; k++)
        keys[k] = (pair_key){c->targets[k], c->sources[k], k};
    qsort(keys, c->n_pairs, sizeof *keys, cmp_pair);
    for (size_t k = 1; k < c->n_pairs; k++) {
        if (keys[k].t == keys[k - 1].t && keys[k].s == keys[k - 1].s) {
            ax_status st = ax_fail(net, AX_ERR_ARGUMENT,
                                   "%s: the pair %u -> %u appears twice (entries %zu and %zu) and allow_multiple "
                                   "is false",
                                   what, keys[k].s, keys[k].t, keys[k - 1].k, keys[k].k);
            free(keys);
            return st;
        }
    }
    free(keys);
    return AX_OK;
}

/* Checks the connector's numbers; writes the expected number of synapses. */
static ax_status check_connector(ax_network *net, const ax_connector *c, const ax_population_data *from,
                                 const ax_population_data *to, const char *what, double *expected,
                                 ax_expr **prob)
{
    double nf = from->size, nt = to->size;
    int no_self = !c->allow_self && from == to;
    double per_target = nf - no_self, per_source = nt - no_self;
    switch (c->kind) {
    case AX_CONNECTOR_ALL_TO_ALL:
        *expected = nt * per_target;
        return AX_OK;
    case AX_CONNECTOR_ONE_TO_ONE:
        if (from->size != to->size)
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: one_to_one needs populations of equal size (%u and %u)", what,
                           from->size, to->size);
        *expected = no_self ? 0 : nt;
        return AX_OK;
    case AX_CONNECTOR_FIXED_PROBABILITY:
        if (!(c->p >= 0.0 && c->p <= 1.0))
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: fixed_probability p = %g is not allowed: must be in [0, 1]",
                           what, c->p);
        *expected = c->p * nt * per_target;
        return AX_OK;
    case AX_CONNECTOR_FIXED_INDEGREE:
        if (!c->allow_multiple && (double)c->n > per_target)
            return ax_fail(net, AX_ERR_ARGUMENT,
                           "%s: fixed_indegree n = %llu is more than the %.0f distinct sources each target can have "
                           "(set allow_multiple to draw with repetition)",
                           what, (unsigned long long)c->n, per_target);
        if (c->n > 0 && per_target < 1)
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: no source is allowed for a target (allow_self is false)", what);
        *expected = (double)c->n * nt;
        return AX_OK;
    case AX_CONNECTOR_FIXED_OUTDEGREE:
        if (!c->allow_multiple && (double)c->n > per_source)
            return ax_fail(net, AX_ERR_ARGUMENT,
                           "%s: fixed_outdegree n = %llu is more than the %.0f distinct targets each source can have "
                           "(set allow_multiple to draw with repetition)",
                           what, (unsigned long long)c->n, per_source);
        if (c->n > 0 && per_source < 1)
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: no target is allowed for a source (allow_self is false)", what);
        *expected = (double)c->n * nf;
        return AX_OK;
    case AX_CONNECTOR_FIXED_TOTAL:
        if (!c->allow_multiple && (double)c->n > nt * per_target)
            return ax_fail(net, AX_ERR_ARGUMENT,
                           "%s: fixed_total n = %llu is more than the %.0f distinct pairs (set allow_multiple)",
                           what, (unsigned long long)c->n, nt * per_target);
        if (c->n > 0 && nt * per_target < 1)
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: no pair is allowed (allow_self is false)", what);
        *expected = (double)c->n;
        return AX_OK;
    case AX_CONNECTOR_FROM_LIST:
        *expected = (double)c->n_pairs;
        return check_list(net, c, from, to, what);
    case AX_CONNECTOR_DISTANCE:
        return ax_distance_check(net, c, from, to, what, expected, prob);
    }
    return ax_fail(net, AX_ERR_ARGUMENT, "%s: unknown connector kind %d", what, (int)c->kind);
}

/* Number of synapses in a fixed order (for per-synapse arrays), or 0. */
static size_t fixed_order_count(const ax_connector *c, const ax_population_data *from, const ax_population_data *to)
{
    switch (c->kind) {
    case AX_CONNECTOR_ALL_TO_ALL: return (size_t)from->size * to->size;
    case AX_CONNECTOR_ONE_TO_ONE: return to->size;
    case AX_CONNECTOR_FROM_LIST: return c->n_pairs;
    default: return 0;
    }
}

static double *copy_array(ax_network *net, const double *a, size_t n, const char *what)
{
    double *c = ax_alloc(net, n, sizeof *c, what);
    if (c && n)
        memcpy(c, a, n * sizeof *c);
    return c;
}

static ax_status check_weight(ax_network *net, const ax_value *w, size_t count, const ax_receptor_info *ri,
                              const char *what)
{
    char msg[256], d[128];
    if (w->kind == AX_VALUE_ARRAY && count == 0)
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "%s: weight: one value per synapse needs a connector with a fixed synapse order "
                       "(all_to_all, one_to_one, from_list); use a distribution instead",
                       what);
    if (ax_value_check(w, count, msg, sizeof msg))
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: weight: %s", what, msg);
    double lo, hi;
    ax_value_support(w, &lo, &hi);
    if ((ri->flags & AX_RECEPTOR_NONNEGATIVE) && lo < 0)
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "%s: weight %s can be negative, but receptor '%s' takes conductances (%s), which must be >= 0%s",
                       what, ax_value_describe(w, d, sizeof d), ri->name, ri->weight_unit,
                       w->kind == AX_VALUE_NORMAL ? "; use normal_clipped with low >= 0" : "");
    if ((isfinite(lo) && fabs(lo) > 1e30) || (isfinite(hi) && fabs(hi) > 1e30))
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: weight %s is too large to store (|w| <= 1e30)", what,
                       ax_value_describe(w, d, sizeof d));
    return AX_OK;
}

static ax_status check_delay(ax_network *net, const ax_value *dl, size_t count, const char *what, double *lo,
                             double *hi)
{
    char msg[256], d[128];
    double dt = net->dt;
    if (dl->kind == AX_VALUE_ARRAY && count == 0)
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "%s: delay: one value per synapse needs a connector with a fixed synapse order "
                       "(all_to_all, one_to_one, from_list); use a distribution instead",
                       what);
    if (ax_value_check(dl, count, msg, sizeof msg))
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: delay: %s", what, msg);
    ax_value_support(dl, lo, hi);
    if (!(*lo >= dt * (1 - 1e-9)))
        return ax_fail(net, AX_ERR_ARGUMENT,
                       "%s: delay %s can be %g ms, below dt = %g ms; delays must be >= dt%s", what,
                       ax_value_describe(dl, d, sizeof d), *lo, dt,
                       dl->kind == AX_VALUE_CONSTANT || dl->kind == AX_VALUE_ARRAY
                           ? ""
                           : " (use normal_clipped or uniform with low >= dt)");
    if (!(*hi / dt <= AX_MAX_DELAY_STEPS))
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: delay %s can reach %g ms, more than %u steps of dt = %g ms", what,
                       ax_value_describe(dl, d, sizeof d), *hi, AX_MAX_DELAY_STEPS, dt);
    return AX_OK;
}

/* The weight rule of electrical synapses: conductances, >= 0. */
static const ax_receptor_info gap_info = {"gap", "uS", AX_RECEPTOR_NONNEGATIVE, "gap-junction conductance"};
/* Averaged gaps: signed (the seed's inhibitory lattice weights are negative). */
static const ax_receptor_info averaged_info = {"averaged_gap", "uS", 0, "averaged coupling conductance, signed"};
static const ax_receptor_info chemical_info = {"averaged_chemical", "", 0, "scale of the transmitter, signed"};

ax_status ax_projection_declare(ax_network *net, ax_population from, ax_population to, const ax_connector *c,
                                const char *receptor, ax_value weight, ax_value delay, ax_projection_kind kind,
                                ax_projection *out)
{
    bool chemical = kind == AX_PROJECTION_AVERAGED_CHEMICAL;
    bool averaged = kind == AX_PROJECTION_AVERAGED_GAP || chemical;
    bool gap = kind == AX_PROJECTION_GAP || averaged;
    char what[200], msg[512];
    if (net->core.built)
        return ax_fail(net, AX_ERR_STATE,
                       "connect: the network was already built by a run; projections must be declared before");
    ax_population_data *pf = ax_population_lookup(net, from, "connect");
    ax_population_data *pt = pf ? ax_population_lookup(net, to, "connect") : NULL;
    if (!pt)
        return AX_ERR_NOT_FOUND;
    if (!c)
        return ax_fail(net, AX_ERR_ARGUMENT, "connect %s -> %s: no connector given", pf->name, pt->name);
    snprintf(what, sizeof what, "projection %s -> %s (%s)", pf->name, pt->name, connector_name(c->kind));
    if (net->n_projs >= AX_RNG_MAX_OBJECTS)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: too many projections", what);
    int r = 0;
    if (averaged) {
        snprintf(what, sizeof what, "%s %s -> %s (%s)", chemical ? "averaged chemical" : "averaged gap", pf->name,
                 pt->name, connector_name(c->kind));
        if (pt->v_var < 0 || (pt->model->flags & AX_MODEL_SPIKE_SOURCE))
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: %s (%s) has no membrane potential v to couple", what, pt->name,
                           pt->model->name);
        if (pf->v_var < 0 && !(pf->model->flags & AX_MODEL_SPIKE_SOURCE))
            return ax_fail(net, AX_ERR_ARGUMENT,
                           "%s: %s (%s) has neither a membrane potential v nor spikes of a spike source", what,
                           pf->name, pf->model->name);
    } else if (gap) {
        snprintf(what, sizeof what, "gap junctions %s - %s (%s)", pf->name, pt->name, connector_name(c->kind));
        for (int side = 0; side < 2; side++) {
            const ax_population_data *q = side ? pt : pf;
            if (q->v_var < 0 || (q->model->flags & AX_MODEL_SPIKE_SOURCE))
                return ax_fail(net, AX_ERR_ARGUMENT, "%s: %s (%s) has no membrane potential v to couple", what,
                               q->name, q->model->name);
        }
    } else if (!receptor) {
        return ax_fail_null(net, what, "receptor");
    } else if ((r = ax_find_receptor(pt->model, receptor, msg, sizeof msg)) < 0) {
        return ax_fail(net, AX_ERR_NOT_FOUND, "%s: %s", what, msg);
    }
    if (kind == AX_PROJECTION_GRADED) {
        snprintf(what, sizeof what, "graded release %s -> %s (%s)", pf->name, pt->name, connector_name(c->kind));
        if (pf->v_var < 0 || (pf->model->flags & AX_MODEL_SPIKE_SOURCE))
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: %s (%s) has no membrane potential v to release by", what,
                           pf->name, pf->model->name);
        if (!(pt->model->receptors[r].flags & AX_RECEPTOR_TRANSMITTER))
            return ax_fail(net, AX_ERR_ARGUMENT,
                           "%s: receptor '%s' of %s does not bind transmitter; graded release drives the kinetic "
                           "receptors (AMPA, NMDA, GABAa, GABAb, D1, D2: `receptors = [...]`)",
                           what, receptor, pt->model->name);
    }
    double expected = 0;
    ax_expr *prob = NULL;
    ax_status st = check_connector(net, c, pf, pt, what, &expected, &prob);
    if (st)
        return st;
    size_t order = fixed_order_count(c, pf, pt);
    double dlo, dhi;
    ax_expr *wexpr = NULL, *dexpr = NULL;
    ax_expr_range wr = {0}, dr = {0};
    const ax_receptor_info *ri = chemical ? &chemical_info : averaged ? &averaged_info : gap ? &gap_info
                                                                                   : &pt->model->receptors[r];
    int skip_zero = pf == pt && !c->allow_self;
    if (weight.kind == AX_VALUE_EXPRESSION) {
        if (!weight.expr)
            st = ax_fail_null(net, what, "weight.expr");
        else if (!(st = ax_distance_expression(net, c, skip_zero, what, "weight", weight.expr, &wexpr, &wr))) {
            /* signs (conductances >= 0) are checked at each synapse made, at the build */
            if (fabs(wr.lo) > 1e30 || fabs(wr.hi) > 1e30)
                st = ax_fail(net, AX_ERR_ARGUMENT, "%s: weight '%s' is too large to store (|w| <= 1e30)", what,
                             weight.expr);
        }
    } else {
        st = check_weight(net, &weight, order, ri, what);
    }
    if (!st && delay.kind == AX_VALUE_EXPRESSION) {
        if (!delay.expr)
            st = ax_fail_null(net, what, "delay.expr");
        else if (!(st = ax_distance_expression(net, c, skip_zero, what, "delay", delay.expr, &dexpr, &dr))) {
            /* delays >= dt are checked at each synapse made, at the build (the
             * distances of a lattice are discrete; samples are not) */
            dlo = dr.lo > net->dt ? dr.lo : net->dt;
            dhi = dr.hi > dlo ? dr.hi : dlo;
            if (!(dhi / net->dt <= AX_MAX_DELAY_STEPS / 2))
                st = ax_fail(net, AX_ERR_ARGUMENT,
                             "%s: delay '%s' reaches %g ms at d = %g, more than %u steps of dt = %g ms", what,
                             delay.expr, dhi, dr.at_hi[0], AX_MAX_DELAY_STEPS / 2, net->dt);
        }
    } else if (!st) {
        st = check_delay(net, &delay, order, what, &dlo, &dhi);
    }
    if (st) {
        ax_expr_free(prob);
        ax_expr_free(wexpr);
        ax_expr_free(dexpr);
        return st;
    }
    double fixed_delay;
    bool fixed = ax_value_is_fixed(&delay, &fixed_delay);
    bool one_weight = ax_value_is_fixed(&weight, NULL);
    bool own_weights = !one_weight || kind == AX_PROJECTION_PLASTIC;   /* plastic: one each */
    double bytes_per = (pt->size <= 65536 ? 2.0 : 4.0) + (own_weights ? 4.0 : 0.0) +
                       (kind == AX_PROJECTION_PLASTIC && !one_weight ? 4.0 : 0.0) +   /* initial weights, for a reset */
                       (fixed ? 0.0 : dhi / net->dt < 255.5 ? 1.0 : 2.0);
    char planned[256];
    snprintf(planned, sizeof planned, "%s with about %.4g synapses", what, expected);
    uint64_t planned_before = net->core.memory_planned;
    /* each rank stores the synapses onto its own neurons (sim/ranks.c) */
    if ((st = ax_plan_memory(net, expected / net->ranks * bytes_per + 8.0 * pf->size * net->threads, planned))) {
        ax_expr_free(prob);
        ax_expr_free(wexpr);
        ax_expr_free(dexpr);
        return st;
    }

    size_t cap = net->cap_projs;
    ax_projection_data *p = NULL;
    if (ax_grow((void **)&net->projs, &cap, net->n_projs + 1, sizeof *net->projs) || !(p = calloc(1, sizeof *p))) {
        net->core.memory_planned = planned_before;   /* a failed call changes nothing */
        ax_expr_free(prob);
        ax_expr_free(wexpr);
        ax_expr_free(dexpr);
        return ax_fail(net, AX_ERR_MEMORY, "%s: out of memory", what);
    }
    net->cap_projs = (uint32_t)cap;
    p->index = net->n_projs;
    p->expected = expected;
    p->from = from;
    p->to = to;
    p->receptor = (uint32_t)r;
    p->gap = gap;
    p->averaged = averaged;
    p->from_train = averaged && (pf->model->flags & AX_MODEL_SPIKE_SOURCE);
    p->chemical = chemical;
    p->graded = kind == AX_PROJECTION_GRADED;
    p->conn = *c;
    p->weight = weight;
    p->delay = delay;
    int ok = 1;
    if (c->kind == AX_CONNECTOR_FROM_LIST && c->n_pairs) {
        p->list_src = ax_alloc(net, c->n_pairs, sizeof *p->list_src, what);
        p->list_tgt = ax_alloc(net, c->n_pairs, sizeof *p->list_tgt, what);
        ok = p->list_src && p->list_tgt;
        if (ok) {
            memcpy(p->list_src, c->sources, c->n_pairs * sizeof *p->list_src);
            memcpy(p->list_tgt, c->targets, c->n_pairs * sizeof *p->list_tgt);
        }
    }
    p->conn.sources = p->list_src;
    p->conn.targets = p->list_tgt;
    p->prob_expr = prob;
    p->weight_expr = wexpr;
    p->delay_expr = dexpr;
    if (wexpr) {
        p->weight.expr = ax_expr_text(wexpr);
        p->weight_mean = wr.mean;
        p->weight_lo = wr.lo;
        p->weight_hi = wr.hi;
    }
    if (dexpr) {
        p->delay.expr = ax_expr_text(dexpr);
        /* storage: 8 bits when the sampled delays stay well below 255 steps */
        p->delay_cap = dhi / net->dt <= 127 ? UINT8_MAX : AX_MAX_DELAY_STEPS;
    }
    p->conn.probability = NULL;
    if (ok && prob) {
        size_t len = strlen(c->probability) + 1;
        ok = (p->prob_text = ax_alloc(net, len, 1, what)) != NULL;
        if (ok)
            memcpy(p->prob_text, c->probability, len);
        p->conn.probability = p->prob_text;
    }
    if (ok && weight.kind == AX_VALUE_ARRAY)
        ok = (p->weight_array = copy_array(net, weight.array, weight.n, what)) != NULL;
    p->weight.array = p->weight_array;
    if (ok && delay.kind == AX_VALUE_ARRAY)
        ok = (p->delay_array = copy_array(net, delay.array, delay.n, what)) != NULL;
    p->delay.array = p->delay_array;
    if (!ok) {
        ax_projection_data_free(p, 0);
        net->core.memory_planned = planned_before;
        return AX_ERR_MEMORY;
    }
    double w_fixed = 0;
    p->fixed_weight = ax_value_is_fixed(&weight, &w_fixed);
    p->weight_value = (float)w_fixed;   /* single precision, like stored weights */
    p->fixed_delay = fixed;
    p->delay_steps = fixed ? (uint32_t)llround(fixed_delay / net->dt) : 0;
    p->min_delay = (uint32_t)llround(dlo / net->dt);
    p->max_delay = (uint32_t)llround(dhi / net->dt);
    if (p->min_delay < 1)
        p->min_delay = 1;
    net->projs[net->n_projs++] = p;
    if (out)
        *out = p->index;
    return AX_OK;
}

ax_status ax_projection_add(ax_network *net, ax_population from, ax_population to, const ax_connector *c, const char *receptor,
                     ax_value weight, ax_value delay, ax_projection *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    return ax_projection_declare(net, from, to, c, receptor, weight, delay, AX_PROJECTION_STATIC, out);
}

ax_status ax_projection_add_gap(ax_network *net, ax_population a, ax_population b, const ax_connector *c, ax_value conductance,
                         ax_projection *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    return ax_projection_declare(net, a, b, c, NULL, conductance, ax_value_constant(net->dt), AX_PROJECTION_GAP, out);
}

ax_spike_kernel ax_spike_kernel_defaults(void)
{
    return (ax_spike_kernel){AX_SPIKE_KERNEL_DELTA_DIRAC, 30.0, 0.0, 10000.0};
}

ax_status ax_projection_add_averaged_gap(ax_network *net, ax_population from, ax_population to, const ax_connector *c,
                                         ax_value weight, const ax_spike_kernel *kernel, ax_projection *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_spike_kernel k = kernel ? *kernel : ax_spike_kernel_defaults();
    if (kernel && (unsigned)k.shape > AX_SPIKE_KERNEL_EXPONENTIAL)
        return ax_fail(net, AX_ERR_ARGUMENT, "averaged gap: kernel shape %d is not one of AX_SPIKE_KERNEL_DELTA_DIRAC (0), "
                       "AX_SPIKE_KERNEL_EXPONENTIAL (1)", (int)k.shape);
    if (!isfinite(k.v_max) || !isfinite(k.v_rest) || !(k.decay > 0.0) || !isfinite(k.decay))
        return ax_fail(net, AX_ERR_ARGUMENT, "averaged gap: the kernel's v_max (%g mV) and v_rest (%g mV) must be "
                       "finite and its decay (%g) > 0", k.v_max, k.v_rest, k.decay);
    if (kernel) {
        const ax_population_data *pf = ax_population_lookup(net, from, "averaged gap");
        if (!pf)
            return AX_ERR_NOT_FOUND;
        if (!(pf->model->flags & AX_MODEL_SPIKE_SOURCE))
            return ax_fail(net, AX_ERR_ARGUMENT, "averaged gap from %s: a kernel is for spike sources; %s (%s) "
                           "couples by its v (pass no kernel)", pf->name, pf->name, pf->model->name);
    }
    ax_projection q;
    ax_status st = ax_projection_declare(net, from, to, c, NULL, weight, ax_value_constant(net->dt),
                                         AX_PROJECTION_AVERAGED_GAP, &q);
    if (st)
        return st;
    ax_projection_data *p = net->projs[q];
    if (p->from_train)
        p->kernel = k;
    if (out)
        *out = q;
    return AX_OK;
}

ax_averaged_chemical ax_averaged_chemical_defaults(ax_transmitter transmitter)
{
    switch (transmitter) {
    case AX_TRANSMITTER_AMPA: return (ax_averaged_chemical){transmitter, 1.0, 0.01, 0.001, 0.0, 0.3};
    case AX_TRANSMITTER_NMDA: return (ax_averaged_chemical){transmitter, 1.0, 0.01, 0.0006, 0.0, 0.3};
    case AX_TRANSMITTER_GABA: return (ax_averaged_chemical){transmitter, 1.0, 0.01, 0.0012, -80.0, 0.3};
    }
    return (ax_averaged_chemical){transmitter, NAN, NAN, NAN, NAN, NAN};
}

ax_status ax_projection_add_averaged_chemical(ax_network *net, ax_population from, ax_population to,
                                              const ax_connector *c, ax_value weight, const ax_averaged_chemical *spec,
                                              ax_projection *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (!spec)
        return ax_fail_null(net, "averaged chemical", "spec");
    const ax_averaged_chemical *s = spec;
    if ((unsigned)s->transmitter > AX_TRANSMITTER_GABA)
        return ax_fail(net, AX_ERR_ARGUMENT, "averaged chemical: transmitter %d is not one of AX_TRANSMITTER_AMPA (0), "
                       "_NMDA (1), _GABA (2)", (int)s->transmitter);
    if (!(s->t_max > 0.0) || !isfinite(s->t_max) || !(s->clearance >= 0.0) || !isfinite(s->clearance) ||
        !(s->g >= 0.0) || !isfinite(s->g) || !isfinite(s->e_rev) || !(s->mg >= 0.0) || !isfinite(s->mg))
        return ax_fail(net, AX_ERR_ARGUMENT, "averaged chemical: t_max (%g mM) must be > 0, clearance (%g /ms), g (%g "
                       "uS) and mg (%g mM) >= 0, e_rev (%g mV) finite", s->t_max, s->clearance, s->g, s->mg, s->e_rev);
    if (!(s->clearance * net->dt <= 1.0))
        return ax_fail(net, AX_ERR_ARGUMENT, "averaged chemical: clearance %g /ms times dt = %g ms is above 1: T would "
                       "change sign in a step", s->clearance, net->dt);
    ax_projection q;
    ax_status st = ax_projection_declare(net, from, to, c, NULL, weight, ax_value_constant(net->dt),
                                         AX_PROJECTION_AVERAGED_CHEMICAL, &q);
    if (st)
        return st;
    net->projs[q]->spec = *s;
    if (out)
        *out = q;
    return AX_OK;
}

ax_status ax_projection_add_graded(ax_network *net, ax_population from, ax_population to, const ax_connector *c, const char *receptor,
                            ax_value weight, double v_p, double k_p, ax_projection *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (!isfinite(v_p) || !(k_p > 0.0) || !isfinite(k_p))
        return ax_fail(net, AX_ERR_ARGUMENT, "graded release: v_p (%g mV) must be finite and k_p (%g mV) > 0", v_p,
                       k_p);
    ax_projection q;
    ax_status st = ax_projection_declare(net, from, to, c, receptor, weight, ax_value_constant(net->dt), AX_PROJECTION_GRADED, &q);
    if (st)
        return st;
    net->projs[q]->v_p = v_p;
    net->projs[q]->k_p = k_p;
    if (out)
        *out = q;
    return AX_OK;
}

void ax_projection_weights_now(const ax_projection_data *p, double *center, double *lo, double *hi, char *desc,
                               size_t len)
{
    if (!p->weights_set && p->weight_expr) {
        *center = p->weight_mean;
        *lo = p->weight_lo;
        *hi = p->weight_hi;
        ax_value_describe(&p->weight, desc, len);
        return;
    }
    if (!p->weights_set) {
        *center = ax_value_center(&p->weight);
        ax_value_support(&p->weight, lo, hi);
        ax_value_describe(&p->weight, desc, len);
        return;
    }
    *center = p->set_mean;
    *lo = p->set_lo;
    *hi = p->set_hi;
    snprintf(desc, len, "an array of %llu values", (unsigned long long)p->n_synapses);
}

void ax_projection_data_free(ax_projection_data *p, int threads)
{
    if (!p)
        return;
    if (p->parts) {
        for (int k = 0; k < threads; k++) {
            ax_syn_part *s = &p->parts[k];
            free(s->row);
            free(s->target16);
            free(s->target32);
            free(s->weight);
            free(s->delay8);
            free(s->delay16);
        }
        free(p->parts);
    }
    ax_distance_release(p);
    free(p->global_row);
    free(p->global_start);
    free(p->list_src);
    free(p->list_tgt);
    ax_expr_free(p->prob_expr);
    ax_expr_free(p->weight_expr);
    ax_expr_free(p->delay_expr);
    free(p->prob_text);
    free(p->weight_array);
    free(p->delay_array);
    free(p->avg_stdp);
    free(p->avg_initial);
    free(p->pairs);
    free(p->per_target);
    free(p->table.sources);
    free(p->table.targets);
    free(p->table.weights);
    free(p->table.delays);
    free(p);
}

ax_projection_data *ax_projection_lookup(const ax_network *net, ax_projection proj, const char *caller)
{
    if (proj >= net->n_projs) {
        ax_fail(net, AX_ERR_NOT_FOUND, "%s: projection handle %u does not exist (the network has %u)", caller,
                proj, net->n_projs);
        return NULL;
    }
    return net->projs[proj];
}

uint64_t ax_projection_get_size(const ax_network *net, ax_projection proj)
{
    const ax_projection_data *p = net ? ax_projection_lookup(net, proj, "projection size") : NULL;
    return p ? p->n_total : 0;
}
