/*
 * spike_files.c - spike files read into a view (ax_spike_trains_read; only
 * some neurons' spikes: ax_spike_trains_read_neurons), scanned for their
 * size (ax_spike_trains_scan_file) or, chunk by chunk, into the streaming
 * statistics (ax_spike_stats_read_file).
 *
 * Both read through io/table.h, the one reader of text tables, so a bad
 * row fails as every table does: "path:line:col: what (column 'name')".
 * axon's own recordings (header "time_ms,neuron") are read as possibly cut
 * at the end by a stopped run; a foreign CSV is not, since a last line
 * without its newline is an ordinary row there.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/error.h"
#include "io/table.h"

#define SPIKE_CHUNK 65536   /* events handed to ax_spike_stats_add at a time */

typedef struct spike_reader {
    ax_table t;
    size_t time_col, id_col;
    double unit_ms;         /* ms per unit of the time column */
    uint64_t limit;         /* ids are below it */
    bool is_open;
} spike_reader;

static const char *const time_ms_names[] = {"time_ms", "times_ms", "t_ms", "time", "times", "t", "spike_time",
                                            "spike_times", NULL};
static const char *const time_s_names[] = {"time_s", "times_s", "t_s", NULL};
static const char *const id_names[] = {"neuron", "neurons", "id", "ids", "neuron_id", "sender", "senders", "i",
                                       "unit", "index", "cell", NULL};

static bool named(const char *name, const char *const *names)
{
    for (size_t k = 0; names[k]; k++)
        if (strcasecmp(name, names[k]) == 0)
            return true;
    return false;
}

/* The reader's message into *err, prefixed with the call. */
static ax_status table_failed(spike_reader *r, const char *caller, ax_error *err)
{
    if (err) {
        snprintf(err->message, sizeof err->message, "%s: %.960s", caller, r->t.message);
        err->status = r->t.status ? r->t.status : AX_ERR_IO;
    }
    return r->t.status ? r->t.status : AX_ERR_IO;
}

static ax_status fail_line(spike_reader *r, const char *caller, ax_error *err, const char *what)
{
    ax_table_fail(&r->t, AX_ERR_ARGUMENT, SIZE_MAX, "%s", what);
    return table_failed(r, caller, err);
}

/* Whether the file starts with axon's spike-recording header (*yes).  Only
 * running out of memory fails here; any other failure is the real open's
 * to report. */
static ax_status axon_recording(const char *path, bool *yes, const char *caller, ax_error *err)
{
    ax_table probe;
    ax_status st = ax_table_open(&probe, path, AX_TABLE_ANY_SIZE, AX_TABLE_HEADER);
    *yes = st == AX_OK && probe.n_columns == 2 && strcmp(ax_table_column(&probe, 0), "time_ms") == 0 &&
           strcmp(ax_table_column(&probe, 1), "neuron") == 0;
    if (st == AX_ERR_MEMORY)
        ax_error_fail(err, st, "%s: %.960s", caller, probe.message);
    ax_table_close(&probe);
    return st == AX_ERR_MEMORY ? st : AX_OK;
}

static ax_status reader_open(spike_reader *r, const char *path, const ax_spike_file_format *format, uint64_t limit,
                             const char *caller, ax_error *err)
{
    static const ax_spike_file_format detect = {AX_SPIKE_HEADER_DETECT, -1, -1, 0, 0};
    const ax_spike_file_format *f = format ? format : &detect;
    memset(r, 0, sizeof *r);
    if (f->header != AX_SPIKE_HEADER_DETECT && f->header != AX_SPIKE_HEADER_YES && f->header != AX_SPIKE_HEADER_NO)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: format->header = %d is not allowed: "
                                "AX_SPIKE_HEADER_DETECT, _YES or _NO", caller, (int)f->header);
    if (f->time_column < -1 || f->neuron_column < -1 ||
        (f->time_column >= 0 && f->time_column == f->neuron_column))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: format columns time %d, neuron %d are not allowed: "
                                "two different 0-based columns, or -1 to find them by the header's names", caller,
                                f->time_column, f->neuron_column);
    if (!(isfinite(f->time_unit_ms) && f->time_unit_ms >= 0))
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: format->time_unit_ms = %g is not allowed: ms per unit "
                                "of the time column, > 0 (1 for ms, 1000 for s), or 0 to take it from the column's "
                                "name", caller, f->time_unit_ms);
    if (!path)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the argument 'path' is NULL", caller);
    bool cut;
    ax_status st = axon_recording(path, &cut, caller, err);
    if (st)
        return st;
    unsigned flags = (f->header == AX_SPIKE_HEADER_YES ? AX_TABLE_HEADER
                      : f->header == AX_SPIKE_HEADER_DETECT ? AX_TABLE_MAYBE_HEADER : 0) |
                     (cut ? AX_TABLE_MAY_BE_CUT : 0);
    r->is_open = true;
    if (ax_table_open(&r->t, path, AX_TABLE_ANY_SIZE, flags))
        return table_failed(r, caller, err);
    r->limit = limit;
    r->unit_ms = f->time_unit_ms;
    bool header = r->t.n_columns > 0;
    if (!header && r->t.size == 0)
        return fail_line(r, caller, err, "the file is empty: a spike file has a row (time, neuron) per spike");
    if (header) {
        long tc = f->time_column, ic = f->neuron_column;
        for (size_t k = 0; k < r->t.n_columns; k++) {
            const char *name = ax_table_column(&r->t, k);
            if (tc < 0 && (named(name, time_ms_names) || named(name, time_s_names)))
                tc = (long)k;
            if (ic < 0 && named(name, id_names))
                ic = (long)k;
        }
        if (tc < 0 || ic < 0 || (size_t)tc >= r->t.n_columns || (size_t)ic >= r->t.n_columns)
            return fail_line(r, caller, err, "the header names no time and neuron columns that this reader knows: "
                             "times in time_ms, times_ms, t_ms, time, times, t, spike_time(s) (ms) or time_s, "
                             "times_s, t_s (s); ids in neuron(s), id(s), neuron_id, sender(s), i, unit, index, "
                             "cell - or give the columns in the format");
        r->time_col = (size_t)tc;
        r->id_col = (size_t)ic;
        if (r->unit_ms == 0)
            r->unit_ms = named(ax_table_column(&r->t, r->time_col), time_s_names) ? 1000 : 1;
    } else {
        if (f->time_column < 0 || f->neuron_column < 0)
            return fail_line(r, caller, err, "the file has no header naming its columns: give the time and neuron "
                             "columns (0-based) in the format");
        r->time_col = (size_t)f->time_column;
        r->id_col = (size_t)f->neuron_column;
        if (r->unit_ms == 0)
            r->unit_ms = 1;
    }
    return AX_OK;
}

/* The next spike: 1, 0 at the end, -1 on a failure (in *err). */
static int reader_next(spike_reader *r, double *t_ms, uint32_t *id, const char *caller, ax_error *err)
{
    int got = ax_table_next(&r->t);
    if (got < 0) {
        table_failed(r, caller, err);
        return -1;
    }
    if (got == 0)
        return 0;
    double t;
    if (r->time_col >= r->t.n_fields || r->id_col >= r->t.n_fields) {
        ax_table_fail(&r->t, AX_ERR_ARGUMENT, SIZE_MAX, "the row has %zu fields; the time and neuron columns are "
                      "%zu and %zu (0-based)", r->t.n_fields, r->time_col, r->id_col);
        table_failed(r, caller, err);
        return -1;
    }
    if (ax_table_time(&r->t, r->time_col, &t) || ax_table_index(&r->t, r->id_col, r->limit, "neuron ids", id)) {
        table_failed(r, caller, err);
        return -1;
    }
    *t_ms = t * r->unit_ms;
    if (!isfinite(*t_ms)) {
        ax_table_fail(&r->t, AX_ERR_ARGUMENT, r->time_col, "%g x %g ms is not a finite time", t, r->unit_ms);
        table_failed(r, caller, err);
        return -1;
    }
    return 1;
}

static void reader_close(spike_reader *r)
{
    if (r->is_open)
        ax_table_close(&r->t);
    r->is_open = false;
}

static int grow(double **t, uint32_t **id, size_t *cap)
{
    size_t c = *cap ? 2 * *cap : 4096;
    double *nt = realloc(*t, c * sizeof *nt);
    if (nt)
        *t = nt;
    uint32_t *ni = realloc(*id, c * sizeof *ni);
    if (ni)
        *id = ni;
    if (!nt || !ni)
        return -1;
    *cap = c;
    return 0;
}

/* A neuron to keep and its train in the view (ax_spike_trains_read_neurons). */
typedef struct kept_id {
    uint64_t id;
    uint32_t train;
} kept_id;

static int cmp_kept(const void *a, const void *b)
{
    uint64_t x = ((const kept_id *)a)->id, y = ((const kept_id *)b)->id;
    return (x > y) - (x < y);
}

/* The train of neuron id among the n kept (sorted by id), or -1. */
static int64_t kept_train(const kept_id *keep, size_t n, uint32_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (keep[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && keep[lo].id == id ? (int64_t)keep[lo].train : -1;
}

/* The reading both readers share: every row is read and checked; a spike
 * in the interval is kept when keep is NULL (train = its id), or when its
 * neuron is one of the n_keep kept (train = its place in the caller's ids). */
static ax_status read_view(const char *path, const ax_spike_file_format *format, const kept_id *keep, size_t n_keep,
                           double t_start, double t_stop, ax_spike_trains *out, const char *caller, ax_error *err)
{
    bool whole = isnan(t_start) && isnan(t_stop);
    if (!whole) {
        ax_spike_trains none = {.t_start = t_start, .t_stop = t_stop};
        ax_status st = ax_spike_trains_check(&none, caller, err);
        if (st)
            return st;
    }
    size_t n_trains = format ? format->n_trains : 0;
    spike_reader r;
    ax_status st = reader_open(&r, path, format, n_trains ? n_trains : (uint64_t)UINT32_MAX + 1, caller, err);
    if (st) {
        reader_close(&r);
        return st;
    }
    double *times = NULL, last = 0;
    uint32_t *ids = NULL, max_id = 0;
    size_t n = 0, cap = 0, rows = 0;
    int got;
    double t;
    uint32_t id;
    while ((got = reader_next(&r, &t, &id, caller, err)) > 0) {
        rows++;
        if (t > last)
            last = t;
        if (id > max_id)
            max_id = id;
        if (!whole && (t < t_start || t > t_stop))
            continue;
        int64_t train = keep ? kept_train(keep, n_keep, id) : (int64_t)id;
        if (train < 0)
            continue;
        if (n == cap && grow(&times, &ids, &cap)) {
            st = ax_error_fail(err, AX_ERR_MEMORY, "%s: %s: out of memory after %zu spikes", caller, path, n);
            goto done;
        }
        times[n] = t;
        ids[n++] = (uint32_t)train;
    }
    if (got < 0) {
        st = r.t.status ? r.t.status : AX_ERR_ARGUMENT;
        goto done;
    }
    if (rows == 0 && (whole || !n_trains)) {
        st = ax_error_fail(err, AX_ERR_ARGUMENT, "%s: %s has no spikes: with no rows, give n_trains in the format "
                              "and the interval to read it as silent trains", caller, path);
        goto done;
    }
    if (whole) {
        t_start = 0;
        t_stop = last;
        if (!(last > 0)) {
            st = ax_error_fail(err, AX_ERR_ARGUMENT, "%s: %s: every spike is at 0 ms, so the interval [0, last "
                                  "spike] is empty: give t_start and t_stop", caller, path);
            goto done;
        }
    }
    size_t trains = keep ? n_keep : n_trains ? n_trains : (size_t)max_id + 1;
    st = ax_spike_trains_from_events(times, ids, n, trains, t_start, t_stop, out, err);
done:
    reader_close(&r);
    free(times);
    free(ids);
    return st;
}

ax_status ax_spike_trains_read(const char *path, const ax_spike_file_format *format, double t_start, double t_stop,
                               ax_spike_trains *out, ax_error *err)
{
    const char *caller = "ax_spike_trains_read";
    if (!out)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the argument 'out' is NULL", caller);
    memset(out, 0, sizeof *out);
    if (format && format->n_trains > (size_t)UINT32_MAX + 1)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: format->n_trains = %zu is more than 2^32", caller, format->n_trains);
    return read_view(path, format, NULL, 0, t_start, t_stop, out, caller, err);
}

ax_status ax_spike_trains_read_neurons(const char *path, const ax_spike_file_format *format, const size_t *ids,
                                       size_t n_ids, double t_start, double t_stop, ax_spike_trains *out,
                                       ax_error *err)
{
    const char *caller = "ax_spike_trains_read_neurons";
    if (!out)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the argument 'out' is NULL", caller);
    memset(out, 0, sizeof *out);
    if (!ids)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the argument 'ids' is NULL", caller);
    size_t n_trains = format ? format->n_trains : 0;
    if (n_trains > (size_t)UINT32_MAX + 1)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: format->n_trains = %zu is more than 2^32", caller, n_trains);
    uint64_t limit = n_trains ? n_trains : (uint64_t)UINT32_MAX + 1;
    if (n_ids == 0 || n_ids > limit)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: n_ids = %zu is not allowed: 1 .. %llu neurons to keep", caller,
                    n_ids, (unsigned long long)limit);
    kept_id *keep = malloc(n_ids * sizeof *keep);
    if (!keep)
        return ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for %zu ids", caller, n_ids);
    for (size_t a = 0; a < n_ids; a++) {
        if (ids[a] >= limit) {
            free(keep);
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: ids[%zu] = %zu is not allowed: a neuron id below %llu%s", caller,
                        a, ids[a], (unsigned long long)limit, n_trains ? " (format->n_trains)" : " (2^32)");
        }
        keep[a] = (kept_id){ids[a], (uint32_t)a};
    }
    qsort(keep, n_ids, sizeof *keep, cmp_kept);
    for (size_t a = 1; a < n_ids; a++)
        if (keep[a].id == keep[a - 1].id) {
            size_t first = keep[a].train < keep[a - 1].train ? keep[a].train : keep[a - 1].train;
            size_t second = keep[a].train < keep[a - 1].train ? keep[a - 1].train : keep[a].train;
            size_t id = ids[first];
            free(keep);
            return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: ids[%zu] = %zu is not allowed: it is ids[%zu] too (each neuron "
                        "once)", caller, second, id, first);
        }
    ax_status st = read_view(path, format, keep, n_ids, t_start, t_stop, out, caller, err);
    free(keep);
    return st;
}

ax_status ax_spike_trains_scan_file(const char *path, const ax_spike_file_format *format, uint64_t *n_spikes,
                                    size_t *n_trains, double *last_ms, ax_error *err)
{
    const char *caller = "ax_spike_trains_scan_file";
    if (n_spikes)
        *n_spikes = 0;
    if (n_trains)
        *n_trains = 0;
    if (last_ms)
        *last_ms = 0;
    size_t given = format ? format->n_trains : 0;
    if (given > (size_t)UINT32_MAX + 1)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: format->n_trains = %zu is more than 2^32", caller, given);
    spike_reader r;
    ax_status st = reader_open(&r, path, format, given ? given : (uint64_t)UINT32_MAX + 1, caller, err);
    uint64_t rows = 0;
    double last = 0, t;
    uint32_t max_id = 0, id;
    int got = 0;
    while (!st && (got = reader_next(&r, &t, &id, caller, err)) > 0) {
        rows++;
        last = t > last ? t : last;
        max_id = id > max_id ? id : max_id;
    }
    if (!st && got < 0)
        st = r.t.status ? r.t.status : AX_ERR_ARGUMENT;
    reader_close(&r);
    if (st)
        return st;
    if (n_spikes)
        *n_spikes = rows;
    if (n_trains)
        *n_trains = given ? given : rows ? (size_t)max_id + 1 : 0;
    if (last_ms)
        *last_ms = last;
    if (err) {
        err->status = AX_OK;
        err->message[0] = '\0';
    }
    return AX_OK;
}

ax_status ax_spike_stats_read_file(ax_spike_stats *stats, const char *path, const ax_spike_file_format *format,
                                   ax_error *err)
{
    const char *caller = "ax_spike_stats_read_file";
    if (!stats)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the argument 'stats' is NULL", caller);
    ax_spike_stats_spec spec;
    ax_status st = ax_spike_stats_get_spec(stats, &spec, err);
    if (st)
        return st;
    if (format && format->n_trains && format->n_trains != spec.n_neurons)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: format->n_trains = %zu is not the accumulator's "
                                "n_neurons = %zu: give 0 or the same", caller, format->n_trains, spec.n_neurons);
    spike_reader r;
    if ((st = reader_open(&r, path, format, spec.n_neurons, caller, err))) {
        reader_close(&r);
        return st;
    }
    double *times = malloc(SPIKE_CHUNK * sizeof *times);
    uint32_t *ids = malloc(SPIKE_CHUNK * sizeof *ids);
    if (!times || !ids) {
        st = ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory for a chunk of %d spikes", caller, SPIKE_CHUNK);
        goto done;
    }
    size_t n = 0;
    double prev = 0, t;
    uint32_t id;
    int got;
    while ((got = reader_next(&r, &t, &id, caller, err)) > 0) {
        if (t < prev) {
            ax_table_fail(&r.t, AX_ERR_ARGUMENT, r.time_col, "%s is before the previous row's time (%g ms): spike "
                          "files are streamed in time order, as axon writes them: sort the rows by time (or read "
                          "the file whole with ax_spike_trains_read)",
                          ax_table_field(&r.t, r.time_col), prev);
            st = table_failed(&r, caller, err);
            goto done;
        }
        prev = t;
        if (t < spec.t_start || t > spec.t_stop)
            continue;
        times[n] = t;
        ids[n++] = id;
        if (n == SPIKE_CHUNK) {
            if ((st = ax_spike_stats_add(stats, times, ids, n, err)))
                goto done;
            n = 0;
        }
    }
    if (got < 0) {
        st = r.t.status ? r.t.status : AX_ERR_ARGUMENT;
        goto done;
    }
    if (r.t.rows == 0 && r.t.n_columns == 0) {
        st = fail_line(&r, caller, err, "the file has no rows: a spike file has a row (time, neuron) per spike");
        goto done;
    }
    st = ax_spike_stats_add(stats, times, ids, n, err);
done:
    reader_close(&r);
    free(times);
    free(ids);
    return st;
}
