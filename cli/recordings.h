/*
 * recordings.h - reading back what `axon run` writes (spike CSVs, traces
 * and weights as CSV or NPY), checked, for `axon plot`.
 *
 * Every CSV goes through the one table reader (io/table.h): a file that is
 * not text, a field that is not a number, a neuron that is not in its
 * population, a NaN or negative time, times out of order, a wrong number of
 * columns - each is refused with "file:line:col: message", never drawn.
 * What a stopped run leaves is accepted: an empty file, a header alone, a
 * last line cut in the middle (left out), NPY values with fewer times.
 *
 * Huge files are read through (every row is checked) but only a bounded,
 * evenly spread sample is kept: at most `budget` rows; `total` says how
 * many there were.
 */
#ifndef AXON_RECORDINGS_H
#define AXON_RECORDINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Spikes of one population: the sample kept of those in [t0, t1]. */
typedef struct rec_spikes {
    double *t;               /* ms, in time order */
    uint32_t *id;
    size_t n;                /* kept */
    uint64_t total;          /* spikes in the file */
    uint64_t in_range;       /* of them in [t0, t1] */
    double *counts;          /* every spike in (t0, t1] per rate bin (n_bins) */
    uint32_t n_ids;          /* largest neuron index + 1 (0: no spikes) */
    double last_t;           /* the last spike's time (0: none) */
    bool cut;                /* the file ended mid-line (a stopped run): that line is left out */
} rec_spikes;

typedef struct rec_window {
    double t0, t1;           /* ms: what is kept */
    double bin_ms;           /* rate bins from t0; n_bins of them (0: none counted) */
    size_t n_bins;
    size_t budget;           /* spikes or rows kept at most (>= 2) */
} rec_window;

/* "time_ms,neuron" rows; neurons 0 .. n_neurons - 1 (0: not known). */
int rec_read_spikes(const char *path, const char *pop, uint32_t n_neurons, const rec_window *w, rec_spikes *out,
                    char *err, size_t len);
void rec_spikes_free(rec_spikes *s);

/* What a table holds; its header and columns are checked accordingly. */
typedef enum {
    REC_SAMPLES,     /* time_ms, then one column per neuron or synapse (their ids in the header) */
    REC_HISTOGRAM,   /* time_ms,low,high,count */
    REC_SYNAPSES     /* source,target,weight,delay */
} rec_kind;

/* A table of numbers: at most `budget` rows kept, the first `max_cols`
 * columns of each. */
typedef struct rec_table {
    size_t rows, cols;       /* kept */
    double *data;            /* [row * cols + col] */
    double *ids;             /* per kept column: the header's number (NAN: a name) */
    size_t file_cols;        /* columns in the file */
    uint64_t total;          /* rows in the file */
    bool cut;
} rec_table;

int rec_read_csv(const char *path, rec_kind kind, size_t max_cols, size_t budget, rec_table *out, char *err,
                 size_t len);

/* NPY values (rows x columns, '<f8') and their times (rows): as a table
 * with the time in column 0 (a REC_SAMPLES table). */
int rec_read_npy(const char *values_path, const char *times_path, size_t max_cols, size_t budget, rec_table *out,
                 char *err, size_t len);

/* Every row of an NPY recording in turn, its time checked as rec_read_npy
 * checks them: fn(ctx, time, values, cols).  A nonzero return of fn stops
 * the scan and is returned (err untouched); -1 with a message when a file
 * is bad. */
typedef int (*rec_row_fn)(void *ctx, double time, const double *values, size_t cols);
int rec_scan_npy(const char *values_path, const char *times_path, rec_row_fn fn, void *ctx, char *err, size_t len);

void rec_table_free(rec_table *t);

#endif
