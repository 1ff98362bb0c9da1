/*
 * bursts.c - bursts by an ISI threshold: runs of at least min_spikes spikes
 * whose every interval is at most max_isi_ms.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/analysis.h"

ax_status ax_spike_trains_bursts(const ax_spike_trains *trains, double max_isi_ms, size_t min_spikes,
                                 ax_spike_burst **bursts, size_t *n_bursts, size_t *per_train, ax_error *err)
{
    const char *caller = "ax_spike_trains_bursts";
    if (bursts)
        *bursts = NULL;
    if (n_bursts)
        *n_bursts = 0;
    ax_status st = ax_analysis_check_trains(trains, caller, err);
    if (st)
        return st;
    if (!bursts || !n_bursts)
        return ax_error_null(err, caller, !bursts ? "bursts" : "n_bursts");
    if (!(isfinite(max_isi_ms) && max_isi_ms >= 0))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: max_isi_ms = %g is not allowed: a finite interval >= 0",
                                caller, max_isi_ms);
    if (min_spikes < 2)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: min_spikes = %zu is not allowed: a burst has at least 2 "
                                "spikes", caller, min_spikes);
    ax_spike_burst *out = NULL;
    size_t n = 0, cap = 0;
    for (size_t k = 0; k < trains->n_trains; k++) {
        size_t begin = trains->offsets[k], end = trains->offsets[k + 1], found = 0;
        const double *t = trains->times_ms;
        for (size_t i = begin; i < end;) {
            size_t j = i + 1;   /* the run [i, j) */
            while (j < end && t[j] - t[j - 1] <= max_isi_ms)
                j++;
            if (j - i >= min_spikes) {
                if (n == cap) {
                    size_t c = cap ? 2 * cap : 16;
                    ax_spike_burst *p = realloc(out, c * sizeof *p);
                    if (!p) {
                        free(out);
                        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu bursts", caller, c);
                    }
                    out = p, cap = c;
                }
                out[n++] = (ax_spike_burst){.train = k, .first = i - begin, .n_spikes = j - i, .start_ms = t[i],
                                            .end_ms = t[j - 1]};
                found++;
            }
            i = j;
        }
        if (per_train)
            per_train[k] = found;
    }
    *bursts = out;
    *n_bursts = n;
    ax_error_ok(err);
    return AX_OK;
}
