/*
 * ranks.c - recordings of a network split over MPI ranks
 * (docs/architecture.md, "Ranks"; sim/ranks.c splits the network).
 *
 * Each rank updates, and so records, only the neurons it owns: a
 * contiguous range of global ids, hence of each population's indices.
 * After each chunk of a run every rank gets every rank's part, so that
 * every rank holds the whole recording, the one a single process makes:
 *
 *   spikes: each rank's new spikes (in (step, index) order, its threads
 *       merged) are gathered and merged by step, ranks in rank order - in
 *       one step, the lower ranks' neurons have the lower indices, so this
 *       is the (step, index) order of one process;
 *   state samples: each rank wrote the columns of its own neurons (a
 *       contiguous block of columns, since a selection is sorted); the
 *       blocks are gathered into every row.
 *
 * Files are written by rank 0 alone, from what all ranks hold; its status
 * (and message) is then every rank's (ax_record_agree_root), so that no
 * rank goes on alone to a collective the others left.  Every function
 * here is collective when net->ranks > 1 and does nothing with one rank.
 */
#include <stdlib.h>
#include <string.h>

#include "core/comm.h"
#include "core/error.h"
#include "record/record.h"

/* A status and its message, as one rank sends it to the others. */
typedef struct said {
    int32_t status;
    char msg[sizeof(((ax_core *)0)->error)];
} said;

static ax_status take_message(const ax_network *net, int from, ax_status st)
{
    said m = {(int32_t)st, ""};
    memcpy(m.msg, net->core.error, sizeof m.msg);
    ax_comm_bcast(&m, sizeof m, from);
    if (from != net->rank && m.status != AX_OK) {
        char *error = (char *)net->core.error;   /* the message slot, as ax_fail writes it */
        memcpy(error, m.msg, sizeof m.msg);
        error[sizeof m.msg - 1] = 0;
    }
    return (ax_status)m.status;
}

ax_status ax_record_agree_root(const ax_network *net, ax_status st)
{
    return net->ranks > 1 ? take_message(net, 0, st) : st;
}

ax_status ax_record_agree(const ax_network *net, ax_status st)
{
    if (net->ranks == 1)
        return st;
    int64_t first = st ? net->rank : net->ranks;   /* the lowest failing rank's status wins */
    ax_comm_allreduce_i64(&first, 1, AX_COMM_MIN);
    return first == net->ranks ? AX_OK : take_message(net, (int)first, st);
}

/* Indices [b, e) of population `pop` that rank r owns. */
static void owned(const ax_network *net, int r, uint32_t pop, uint32_t *b, uint32_t *e)
{
    const ax_population_data *p = net->pops[pop];
    uint32_t lo = net->rank_first[r], hi = net->rank_first[r + 1];
    uint32_t first = p->first_id, last = p->first_id + p->size;
    uint32_t x = lo > first ? lo : first, y = hi < last ? hi : last;
    *b = x < y ? x - first : 0;
    *e = x < y ? y - first : 0;
}

/* True on every rank when the allocation failed on some rank. */
static bool any_failed(bool failed)
{
    uint64_t x = failed;
    ax_comm_allreduce_u64(&x, 1, AX_COMM_MAX);
    return x != 0;
}

int ax_record_gather_spikes(const ax_network *net, ax_recorder_data *r, size_t from, bool failed)
{
    const int R = net->ranks;
    if (R == 1)
        return failed ? -1 : 0;
    if (any_failed(failed)) {
        r->n_spikes = from;   /* no rank keeps a part of the chunk */
        return -1;
    }
    uint64_t mine = r->n_spikes - from, *n = malloc((size_t)R * sizeof *n);
    if (!n)
        ax_comm_abort(12);   /* the others are in the collective: none can go on */
    ax_comm_allgather(&mine, sizeof mine, n);
    uint64_t total = 0;
    for (int q = 0; q < R; q++)
        total += n[q];
    /* room for the merged chunk and the gathered parts, on every rank, or none goes on */
    double *times = malloc((total ? total : 1) * sizeof *times);
    uint32_t *idx = malloc((total ? total : 1) * sizeof *idx);
    size_t *at = calloc((size_t)R + 1, sizeof *at);
    uint64_t *bytes = malloc((size_t)R * sizeof *bytes);
    bool room = times && idx && at && bytes;
    size_t need = from + total;
    if (room && need > r->cap_spikes) {
        size_t c = r->cap_spikes ? r->cap_spikes : 1024;
        while (c < need)
            c *= 2;
        double *t = realloc(r->spike_times, c * sizeof *t);
        if (t)
            r->spike_times = t;
        uint32_t *i = realloc(r->spike_idx, c * sizeof *i);
        if (i)
            r->spike_idx = i;
        if (t && i)
            r->cap_spikes = c;
        room = t && i;
    }
    if (any_failed(!room)) {
        free(n), free(times), free(idx), free(at), free(bytes);
        r->n_spikes = from;
        return -1;
    }
    for (int q = 0; q < R; q++)
        bytes[q] = n[q] * sizeof *times;
    ax_comm_allgatherv(r->spike_times + from, bytes, times);
    for (int q = 0; q < R; q++)
        bytes[q] = n[q] * sizeof *idx;
    ax_comm_allgatherv(r->spike_idx + from, bytes, idx);
    /* rank q's part is [start[q], start[q] + n[q]) of the gathered arrays;
     * merged by time (the same time is the same step), ranks in order */
    size_t *start = malloc((size_t)R * sizeof *start);
    if (!start)
        ax_comm_abort(12);
    for (int q = 0; q < R; q++)
        start[q] = q ? start[q - 1] + n[q - 1] : 0;
    size_t out = from;
    for (;;) {
        double t = 0;
        bool some = false;
        for (int q = 0; q < R; q++)
            if (at[q] < n[q] && (!some || times[start[q] + at[q]] < t))
                t = times[start[q] + at[q]], some = true;
        if (!some)
            break;
        for (int q = 0; q < R; q++)
            for (; at[q] < n[q] && times[start[q] + at[q]] == t; at[q]++) {
                r->spike_times[out] = t;
                r->spike_idx[out++] = idx[start[q] + at[q]];
            }
    }
    r->n_spikes = out;
    free(n), free(times), free(idx), free(at), free(bytes), free(start);
    return 0;
}

/* Columns [*lo, *hi) of r's selection that hold neurons of indices [b, e). */
static void columns_of(const ax_recorder_data *r, uint32_t b, uint32_t e, uint32_t *lo, uint32_t *hi)
{
    uint32_t n = r->sel.n;
    if (!r->sel.list) {
        *lo = b < n ? b : n;
        *hi = e < n ? e : n;
        return;
    }
    uint32_t x[2] = {b, e};
    for (int k = 0; k < 2; k++) {   /* the first column at or past x[k] (the list is sorted) */
        uint32_t l = 0, h = n;
        while (l < h) {
            uint32_t mid = l + (h - l) / 2;
            if (r->sel.list[mid] < x[k])
                l = mid + 1;
            else
                h = mid;
        }
        *(k ? hi : lo) = l;
    }
}

int ax_record_gather_rows(const ax_network *net, ax_recorder_data *r, size_t row0, size_t rows)
{
    const int R = net->ranks;
    if (R == 1)
        return 0;
    const size_t cols = r->sel.n;
    uint32_t *lo = malloc((size_t)R * sizeof *lo), *hi = malloc((size_t)R * sizeof *hi);
    uint64_t *bytes = malloc((size_t)R * sizeof *bytes);
    double *all = malloc((rows * cols > 0 ? rows * cols : 1) * sizeof *all);
    bool room = lo && hi && bytes && all;
    if (any_failed(!room)) {
        free(lo), free(hi), free(bytes), free(all);
        return -1;
    }
    for (int q = 0; q < R; q++) {
        uint32_t b, e;
        owned(net, q, r->pop, &b, &e);
        columns_of(r, b, e, &lo[q], &hi[q]);
        bytes[q] = (uint64_t)rows * (hi[q] - lo[q]) * sizeof *all;
    }
    /* this rank's block, row after row, at its place in `all` */
    size_t at = 0;
    for (int q = 0; q < net->rank; q++)
        at += rows * (hi[q] - lo[q]);
    const uint32_t w = hi[net->rank] - lo[net->rank];
    for (size_t s = 0; s < rows; s++)
        memcpy(all + at + s * w, r->values + (row0 + s) * cols + lo[net->rank], w * sizeof *all);
    ax_comm_allgatherv(all + at, bytes, all);
    at = 0;
    for (int q = 0; q < R; q++) {
        const uint32_t m = hi[q] - lo[q];
        for (size_t s = 0; q != net->rank && s < rows; s++)
            memcpy(r->values + (row0 + s) * cols + lo[q], all + at + s * m, m * sizeof *all);
        at += rows * m;
    }
    free(lo), free(hi), free(bytes), free(all);
    return 0;
}
