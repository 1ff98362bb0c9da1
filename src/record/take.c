/*
 * take.c - handing a recorder's arrays to a caller who keeps them
 * (ax_recorder_take): the Python package's numpy arrays view them without
 * a copy, and must not see them change or go when the network runs on.
 *
 * The caller gets the very blocks the getters return (its views point
 * into them), and the recorder goes on with copies of what they hold, so
 * the copy is paid only when a take happens.  The copies hold exactly the
 * rows recorded (their capacity is their length): the next run grows them
 * as it grows any recording.  A "first n" selection's list of neuron
 * indices is made on demand by ax_recorder_get_trace and is simply made
 * again.  Every copy is made before anything changes, so running out of
 * memory leaves the recorder as it was.
 */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "record/record.h"

/* One array of the recorder: where it hangs and how many bytes it holds. */
typedef struct held {
    void **at;
    size_t bytes;
    bool remade;             /* made again on demand: no copy */
} held;

/* The arrays a get call returns for r: up to 3. */
static size_t arrays_of(ax_recorder_data *r, held *h)
{
    size_t n = 0;
    if (r->var == AX_VAR_SPIKES) {
        h[n++] = (held){(void **)&r->spike_times, r->n_spikes * sizeof *r->spike_times, false};
        h[n++] = (held){(void **)&r->spike_idx, r->n_spikes * sizeof *r->spike_idx, false};
        return n;
    }
    h[n++] = (held){(void **)&r->times, r->n_samples * sizeof *r->times, false};
    if (r->var >= 0) {
        h[n++] = (held){(void **)&r->values, r->n_samples * r->sel.n * sizeof *r->values, false};
        if (r->sel.list)
            h[n++] = (held){(void **)&r->sel.list, r->sel.n * sizeof *r->sel.list, false};
        else
            h[n++] = (held){(void **)&r->columns, 0, true};
        return n;
    }
    ax_weight_recorder *w = r->w;
    if (w->bins) {
        h[n++] = (held){(void **)&w->counts, r->n_samples * w->bins * sizeof *w->counts, false};
        h[n++] = (held){(void **)&w->edges, (w->bins + 1) * sizeof *w->edges, false};
    } else {
        h[n++] = (held){(void **)&r->values, r->n_samples * w->n_syn * sizeof *r->values, false};
        h[n++] = (held){(void **)&w->ids, w->n_syn * sizeof *w->ids, false};
    }
    return n;
}

ax_status ax_recorder_take(ax_network *net, ax_recorder rec, ax_kept *kept)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_recorder_data *r = ax_recorder_lookup(net, rec, "take recording");
    if (!r)
        return AX_ERR_NOT_FOUND;
    if (!kept)
        return ax_fail_null(net, "take recording", "kept");
    *kept = (ax_kept){{NULL}, 0};
    held h[3];
    void *copy[3] = {NULL, NULL, NULL};
    size_t n = arrays_of(r, h);
    for (size_t k = 0; k < n; k++) {
        if (!*h[k].at || h[k].remade)
            continue;
        /* at least one byte: a held array stays non-NULL, as before */
        if (!(copy[k] = malloc(h[k].bytes ? h[k].bytes : 1))) {
            for (size_t j = 0; j < k; j++)
                free(copy[j]);
            return ax_fail(net, AX_ERR_MEMORY, "take recording of recorder %u: out of memory copying %zu bytes", rec,
                           h[k].bytes);
        }
        memcpy(copy[k], *h[k].at, h[k].bytes);
    }
    for (size_t k = 0; k < n; k++) {
        if (!*h[k].at)
            continue;
        kept->blocks[kept->n++] = *h[k].at;
        *h[k].at = copy[k];
    }
    /* the copies hold the rows recorded, no more */
    if (r->var == AX_VAR_SPIKES)
        r->cap_spikes = r->n_spikes;
    else
        r->cap_samples = r->n_samples;
    return AX_OK;
}
