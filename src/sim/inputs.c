/*
 * inputs.c - what drives neurons from outside the network: injected
 * currents (dc, step, ac, noise) and Poisson input drives.
 *
 * Currents are summed into the population's `current` array before each
 * step's update and are constant over the step.  Poisson drives add
 * Poisson(sources * rate * dt) events of `weight` per neuron and step to a
 * receptor without storing synapses (NEST's poisson_generator, Brian2's
 * PoissonInput).  A thread draws the drive of its neurons for a whole
 * window at its start, four steps per Philox call, straight into the ring
 * slots of the window.
 *
 * Random streams: noise of neuron i in its q-th interval is stream
 * (seed, input, i, q); a drive's count for neuron i at step s is word
 * s mod 4 of block s / 4 of stream (seed, input, i).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "models/models.h"
#include "sim/sim.h"

static const char *kind_name(ax_input_kind k)
{
    switch (k) {
    case AX_INPUT_DC: return "dc";
    case AX_INPUT_STEP: return "step";
    case AX_INPUT_AC: return "ac";
    case AX_INPUT_NOISE: return "noise";
    case AX_INPUT_POISSON: return "poisson";
    }
    return "unknown";
}

static int finite_all(const double *x, int n)
{
    for (int i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return 0;
    return 1;
}

static ax_status check_spec(ax_network *net, const ax_population_data *p, const ax_input_spec *s, const char *what,
                            ax_input_data *in)
{
    double dt = net->dt;
    if (!isfinite(s->start) || s->start < 0)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: start = %g ms is not allowed: must be >= 0", what, s->start);
    if (s->stop != 0 && (!isfinite(s->stop) || s->stop <= s->start))
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: stop = %g ms is not allowed: must be after start (%g ms), or 0 for "
                       "no end", what, s->stop, s->start);
    in->start_step = llround(s->start / dt);
    in->stop_step = s->stop == 0 ? INT64_MAX : llround(s->stop / dt);
    switch (s->kind) {
    case AX_INPUT_DC:
        if (!isfinite(s->amplitude))
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: amplitude %g is not a finite number", what, s->amplitude);
        return AX_OK;
    case AX_INPUT_STEP: {
        if (s->n_times == 0 || !s->times || !s->amplitudes)
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: needs at least one (time, amplitude) pair", what);
        int64_t prev = -1;
        for (size_t k = 0; k < s->n_times; k++) {
            if (!isfinite(s->times[k]) || s->times[k] < 0 || !isfinite(s->amplitudes[k]))
                return ax_fail(net, AX_ERR_ARGUMENT, "%s: pair %zu (%g ms, %g nA) is not allowed: times must be "
                               ">= 0 and amplitudes finite", what, k, s->times[k], s->amplitudes[k]);
            int64_t step = llround(s->times[k] / dt);
            if (step <= prev)
                return ax_fail(net, AX_ERR_ARGUMENT, "%s: time %g ms (entry %zu) does not come at least dt = %g ms "
                               "after the previous one", what, s->times[k], k, dt);
            prev = step;
        }
        return AX_OK;
    }
    case AX_INPUT_AC: {
        double v[4] = {s->amplitude, s->offset, s->frequency, s->phase};
        if (!finite_all(v, 4) || s->frequency < 0)
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: amplitude %g, offset %g, frequency %g Hz, phase %g deg: all "
                           "must be finite, frequency >= 0", what, s->amplitude, s->offset, s->frequency, s->phase);
        return AX_OK;
    }
    case AX_INPUT_NOISE: {
        double v[3] = {s->mean, s->std, s->interval};
        if (!finite_all(v, 3) || s->std < 0 || s->interval < 0)
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: mean %g, std %g nA, interval %g ms: all must be finite, std and "
                           "interval >= 0", what, s->mean, s->std, s->interval);
        double steps = s->interval == 0 ? 1 : s->interval / dt;
        if (fabs(steps - llround(steps)) > 1e-6 || llround(steps) < 1)
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: interval %g ms must be a multiple of dt = %g ms", what,
                           s->interval, dt);
        in->noise_steps = (uint32_t)llround(steps);
        return AX_OK;
    }
    case AX_INPUT_POISSON: {
        double v[3] = {s->sources, s->rate, s->weight};
        if (!finite_all(v, 3) || !(s->sources > 0) || s->rate < 0)
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: sources %g, rate %g Hz, weight %g: sources must be > 0, rate "
                           ">= 0, all finite", what, s->sources, s->rate, s->weight);
        char msg[256];
        int r = ax_find_receptor(p->model, s->receptor, msg, sizeof msg);
        if (r < 0)
            return ax_fail(net, AX_ERR_NOT_FOUND, "%s: %s", what, msg);
        const ax_receptor_info *ri = &p->model->receptors[r];
        if ((ri->flags & AX_RECEPTOR_NONNEGATIVE) && s->weight < 0)
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: weight %g is negative, but receptor '%s' takes conductances "
                           "(%s), which must be >= 0", what, s->weight, ri->name, ri->weight_unit);
        in->receptor = (uint32_t)r;
        in->lambda = s->sources * s->rate * dt * 1e-3;
        if (in->lambda > 1e12)
            return ax_fail(net, AX_ERR_ARGUMENT, "%s: %g events per neuron and step is too many", what, in->lambda);
        return AX_OK;
    }
    }
    return ax_fail(net, AX_ERR_ARGUMENT, "%s: unknown input kind %d", what, (int)s->kind);
}

ax_status ax_input_add(ax_network *net, ax_population pop, ax_neurons neurons, const ax_input_spec *spec, ax_input *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_population_data *p = ax_population_lookup(net, pop, "add input");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!spec)
        return ax_fail(net, AX_ERR_ARGUMENT, "add input to '%s': the argument 'spec' is NULL", p->name);
    char what[160];
    snprintf(what, sizeof what, "%s input to population '%s'", kind_name(spec->kind), p->name);
    if (p->model->flags & AX_MODEL_SPIKE_SOURCE)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: a %s is a spike source and takes no input", what, p->model->name);
    if (net->n_inputs >= AX_RNG_MAX_OBJECTS)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: too many inputs", what);
    ax_input_data *in = calloc(1, sizeof *in);
    if (!in)
        return ax_fail(net, AX_ERR_MEMORY, "%s: out of memory", what);
    in->spec = *spec;
    in->spec.times = in->spec.amplitudes = NULL;
    in->spec.receptor = NULL;
    in->pop = pop;
    in->noise_steps = 1;
    ax_status st = check_spec(net, p, spec, what, in);
    if (!st)
        st = ax_selection_make(net, neurons, p->size, what, &in->sel);
    if (!st && spec->kind == AX_INPUT_STEP) {
        in->times = ax_alloc(net, spec->n_times, sizeof *in->times, what);
        in->amplitudes = ax_alloc(net, spec->n_times, sizeof *in->amplitudes, what);
        in->change_steps = ax_alloc(net, spec->n_times, sizeof *in->change_steps, what);
        if (!in->times || !in->amplitudes || !in->change_steps) {
            st = AX_ERR_MEMORY;
        } else {
            memcpy(in->times, spec->times, spec->n_times * sizeof *in->times);
            memcpy(in->amplitudes, spec->amplitudes, spec->n_times * sizeof *in->amplitudes);
            for (size_t k = 0; k < spec->n_times; k++)
                in->change_steps[k] = llround(spec->times[k] / net->dt);
            in->spec.times = in->times;
            in->spec.amplitudes = in->amplitudes;
        }
    }
    if (!st && spec->kind == AX_INPUT_POISSON) {
        in->spec.receptor = p->model->receptors[in->receptor].name;
        in->use_table = in->lambda <= AX_POISSON_TABLE_MAX;
        if (in->use_table && ax_poisson_table_init(&in->table, in->lambda))
            st = ax_fail(net, AX_ERR_MEMORY, "%s: out of memory", what);
    }
    size_t cap = net->cap_inputs;
    if (!st && ax_grow((void **)&net->inputs, &cap, net->n_inputs + 1, sizeof *net->inputs))
        st = ax_fail(net, AX_ERR_MEMORY, "%s: out of memory", what);
    if (st) {
        ax_input_data_free(in);
        return st;
    }
    net->cap_inputs = (uint32_t)cap;
    in->index = net->n_inputs;
    net->inputs[net->n_inputs++] = in;
    if (out)
        *out = in->index;
    return AX_OK;
}

void ax_input_data_free(ax_input_data *in)
{
    if (!in)
        return;
    ax_selection_free(&in->sel);
    free(in->times);
    free(in->amplitudes);
    free(in->change_steps);
    ax_poisson_table_free(&in->table);
    free(in->words);
    free(in->words_blk);
    free(in);
}

/* The neurons of selection `sel` within [b, e): positions [*k0, *k1). */
static void selection_range(const ax_selection *sel, uint32_t b, uint32_t e, uint32_t *k0, uint32_t *k1)
{
    if (!sel->list) {
        *k0 = b < sel->n ? b : sel->n;
        *k1 = e < sel->n ? e : sel->n;
        return;
    }
    uint32_t lo = 0, hi = sel->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (sel->list[mid] < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    *k0 = lo;
    hi = sel->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (sel->list[mid] < e)
            lo = mid + 1;
        else
            hi = mid;
    }
    *k1 = lo;
}

static double step_amplitude(const ax_input_data *in, int64_t s)
{
    size_t lo = 0, hi = in->spec.n_times;   /* last change at or before s */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (in->change_steps[mid] <= s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? in->amplitudes[lo - 1] : 0.0;
}

void ax_inputs_currents(const ax_network *net, ax_population_data *p, uint32_t b, uint32_t e, int64_t s)
{
    double *cur = p->current;
    memset(cur + b, 0, (size_t)(e - b) * sizeof *cur);
    for (uint32_t c = 0; c < p->n_currents; c++) {
        const ax_input_data *in = net->inputs[p->currents[c]];
        if (s < in->start_step || s >= in->stop_step)
            continue;
        uint32_t k0, k1;
        selection_range(&in->sel, b, e, &k0, &k1);
        const ax_input_spec *sp = &in->spec;
        if (sp->kind == AX_INPUT_NOISE) {
            /* one normal per neuron and draw, from the stream (neuron, draw q) */
            uint64_t q = (uint64_t)(s - in->start_step) / in->noise_steps;
            double z[256];
            for (uint32_t k = k0; k < k1; k += 256) {
                uint32_t m = k1 - k < 256 ? k1 - k : 256;
                const uint32_t *ids = in->sel.list ? in->sel.list + k : NULL;
                ax_rng_normals(net->seed, ax_purpose(AX_RNG_NOISE, in->index), ids, k, m, q << 4, z);
                for (uint32_t j = 0; j < m; j++)
                    cur[ids ? ids[j] : k + j] += sp->mean + sp->std * z[j];
            }
            continue;
        }
        double amp;
        if (sp->kind == AX_INPUT_DC)
            amp = sp->amplitude;
        else if (sp->kind == AX_INPUT_STEP)
            amp = step_amplitude(in, s);
        else   /* ac, at the middle of the step */
            amp = sp->offset + sp->amplitude * sin(2.0 * M_PI * sp->frequency * 1e-3 * (s + 0.5) * net->dt +
                                                   sp->phase * M_PI / 180.0);
        for (uint32_t k = k0; k < k1; k++)
            cur[ax_selection_at(&in->sel, k)] += amp;
    }
}

/* Chunk of neurons whose random words are drawn together. */
#define DRIVE_CHUNK 256

/* Poisson counts of one drive for neurons [k0, k1) of its selection (thread
 * k's) and the steps [s0, s1), added to the ring slots of those steps.  The
 * word of a neuron and step comes from the Philox block of its 4 steps,
 * drawn for a chunk of neurons in one loop the compiler vectorises (Philox
 * is pure arithmetic); a count is the number of CDF thresholds its word
 * reaches, again a vector loop.  A block that the window ends inside is
 * kept (in->words) for the next window's steps, so that a window shorter
 * than 4 steps (the microcircuit's is one) does not draw each block again. */
static void drive_table(const ax_network *net, const ax_input_data *in, ax_population_data *p, int k, uint32_t k0,
                        uint32_t k1, int64_t s0, int64_t s1)
{
    const uint32_t R = p->model->n_receptors, n = p->size, D = p->ring_slots, N = in->sel.n;
    const uint32_t purpose = ax_purpose(AX_RNG_DRIVE, in->index);
    const uint32_t m = in->table.n - 1;   /* thresholds below 2^32; the last catches all */
    const double w = in->spec.weight;
    const int64_t have = in->words_blk[k], last = (s1 - 1) >> 2;
    const bool keep = (s1 & 3) != 0;      /* the last block goes on into the next window */
    philox4x32_key_t key = {{(uint32_t)net->seed, (uint32_t)(net->seed >> 32)}};
    uint32_t drawn[4][DRIVE_CHUNK], count[DRIVE_CHUNK], ids[DRIVE_CHUNK];
    for (uint32_t c0 = k0; c0 < k1; c0 += DRIVE_CHUNK) {
        uint32_t nc = k1 - c0 < DRIVE_CHUNK ? k1 - c0 : DRIVE_CHUNK;
        for (uint32_t c = 0; c < nc; c++)
            ids[c] = ax_selection_at(&in->sel, c0 + c);
        for (int64_t blk = s0 >> 2; blk <= last; blk++) {
            const uint32_t *words[4];
            if (blk == have) {
                for (int lane = 0; lane < 4; lane++)
                    words[lane] = in->words + (size_t)lane * N + c0;
            } else {
                for (uint32_t c = 0; c < nc; c++) {
                    philox4x32_ctr_t ctr = {{ids[c], (uint32_t)blk, (uint32_t)((uint64_t)blk >> 32), purpose}};
                    philox4x32_ctr_t r = philox4x32(ctr, key);
                    drawn[0][c] = r.v[0];
                    drawn[1][c] = r.v[1];
                    drawn[2][c] = r.v[2];
                    drawn[3][c] = r.v[3];
                }
                for (int lane = 0; lane < 4; lane++) {
                    words[lane] = drawn[lane];
                    if (blk == last && keep)
                        memcpy(in->words + (size_t)lane * N + c0, drawn[lane], nc * sizeof **drawn);
                }
            }
            for (int lane = 0; lane < 4; lane++) {
                int64_t s = blk * 4 + lane;
                if (s < s0 || s >= s1)
                    continue;
                const uint32_t *u = words[lane];
                for (uint32_t c = 0; c < nc; c++)
                    count[c] = 0;
                for (uint32_t j = 0; j < m; j++) {
                    uint32_t t = (uint32_t)in->table.threshold[j];
                    for (uint32_t c = 0; c < nc; c++)
                        count[c] += u[c] >= t;
                }
                double *slot = p->ring + ((size_t)(s % D) * R + in->receptor) * n;
                if (!in->sel.list) {
                    double *dst = slot + c0;
                    for (uint32_t c = 0; c < nc; c++)
                        dst[c] += count[c] * w;
                } else {
                    for (uint32_t c = 0; c < nc; c++)
                        slot[ids[c]] += count[c] * w;
                }
            }
        }
    }
    if (keep)
        in->words_blk[k] = last;
}

/* Large means: a rejection sampler per neuron and step. */
static void drive_large(const ax_network *net, const ax_input_data *in, ax_population_data *p, uint32_t k0, uint32_t k1,
                        int64_t s0, int64_t s1)
{
    const uint32_t R = p->model->n_receptors, n = p->size, D = p->ring_slots;
    for (uint32_t k = k0; k < k1; k++) {
        uint32_t i = ax_selection_at(&in->sel, k);
        for (int64_t s = s0; s < s1; s++) {
            ax_rng r;
            ax_rng_init(&r, net->seed, ax_purpose(AX_RNG_DRIVE_LARGE, in->index), i, (uint64_t)s << 16);
            p->ring[((size_t)(s % D) * R + in->receptor) * n + i] += (double)ax_rng_poisson(&r, in->lambda) *
                                                                     in->spec.weight;
        }
    }
}

/* At the start of window [w0, w1) every ring slot of the window holds all
 * its recurrent input already (a spike of this window arrives after it), so
 * the drive goes straight into the slots: the sum is recurrent input then
 * drives, in input order, however the run is split. */
void ax_inputs_drives(const ax_network *net, const ax_thread *th, int64_t w0, int64_t w1)
{
    const int k = (int)(th - net->thr);
    for (uint32_t g = 0; g < th->n_seg; g++) {
        const ax_segment *seg = &th->seg[g];
        ax_population_data *p = net->pops[seg->pop];
        for (uint32_t d = 0; d < p->n_drives; d++) {
            const ax_input_data *in = net->inputs[p->drives[d]];
            int64_t s0 = w0 > in->start_step ? w0 : in->start_step;
            int64_t s1 = w1 < in->stop_step ? w1 : in->stop_step;
            if (s0 >= s1 || in->lambda <= 0)
                continue;
            uint32_t k0, k1;
            selection_range(&in->sel, seg->begin, seg->end, &k0, &k1);
            if (in->use_table)
                drive_table(net, in, p, k, k0, k1, s0, s1);
            else
                drive_large(net, in, p, k0, k1, s0, s1);
        }
    }
}

ax_status ax_link_population_lists(ax_network *net)
{
    for (uint32_t i = 0; i < net->n_pops; i++) {
        ax_population_data *p = net->pops[i];
        p->n_currents = p->n_drives = p->n_spike_recs = p->n_state_recs = 0;
        free(p->currents);
        free(p->drives);
        free(p->spike_recs);
        free(p->state_recs);
        p->currents = p->drives = p->spike_recs = p->state_recs = NULL;
    }
    for (uint32_t c = 0; c < net->n_inputs; c++) {
        ax_input_data *in = net->inputs[c];
        ax_population_data *p = net->pops[in->pop];
        int drive = in->spec.kind == AX_INPUT_POISSON;
        if (drive && !in->words) {   /* the kept Philox blocks (drive_table) */
            in->words = malloc(4 * (size_t)(in->sel.n ? in->sel.n : 1) * sizeof *in->words);
            in->words_blk = malloc((size_t)net->threads * sizeof *in->words_blk);
            if (!in->words || !in->words_blk) {
                free(in->words);
                free(in->words_blk);
                in->words = NULL;
                in->words_blk = NULL;
                return ax_fail(net, AX_ERR_MEMORY, "run: out of memory for the Poisson drives");
            }
        }
        for (int k = 0; drive && k < net->threads; k++)
            in->words_blk[k] = INT64_MIN;   /* none kept: drawn again at the first step */
        uint32_t **list = drive ? &p->drives : &p->currents;
        uint32_t *n = drive ? &p->n_drives : &p->n_currents;
        uint32_t *grown = realloc(*list, (*n + 1) * sizeof **list);
        if (!grown)
            return ax_fail(net, AX_ERR_MEMORY, "run: out of memory linking inputs");
        *list = grown;
        grown[(*n)++] = c;
    }
    for (uint32_t r = 0; r < net->n_recs; r++) {
        if (net->recs[r]->var == AX_VAR_WEIGHTS)
            continue;
        ax_population_data *p = net->pops[net->recs[r]->pop];
        int spikes = net->recs[r]->var < 0;
        uint32_t **list = spikes ? &p->spike_recs : &p->state_recs;
        uint32_t *n = spikes ? &p->n_spike_recs : &p->n_state_recs;
        uint32_t *grown = realloc(*list, (*n + 1) * sizeof **list);
        if (!grown)
            return ax_fail(net, AX_ERR_MEMORY, "run: out of memory linking recorders");
        *list = grown;
        grown[(*n)++] = r;
    }
    return AX_OK;
}
