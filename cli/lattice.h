/*
 * lattice.h - what the pictures of a population in space read from an
 * output folder: its positions (<pop>.positions.csv) and whether they form
 * a grid, a value per neuron (spike counts, a state variable at a time),
 * every sample of a state variable in turn (animations), and connection
 * lists (<proj>.connections.csv).  Every file goes through the one table
 * reader (io/table.h): a bad field is "file:line:col: message".
 */
#ifndef AXON_LATTICE_H
#define AXON_LATTICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A population's positions.  On a grid (1-D or 2-D: every neuron on its
 * own cell of evenly spaced x and y values, all cells filled) neuron i
 * sits in column col[i] (x, 0 .. nx - 1) and row row[i] (y, 0 .. ny - 1). */
typedef struct lattice {
    uint32_t n;
    double *xyz;             /* 3 per neuron */
    double x0, x1, y0, y1;   /* the smallest and largest x and y */
    bool flat;               /* every z the same */
    bool grid;
    uint32_t nx, ny;         /* cells along x and y (grid) */
    double dx, dy;           /* spacing (grid; 1 along an axis of one cell) */
    uint32_t *col, *row;     /* per neuron (grid) */
} lattice;

/* Reads `path` (header x,y,z) of population `pop`, which has n neurons
 * (0: as many as the file has rows). */
int lattice_read(const char *path, const char *pop, uint32_t n, lattice *out, char *err, size_t len);
void lattice_free(lattice *l);

/* Spikes of <pop>.spikes.csv in (t0, t1] counted per neuron into
 * counts[0 .. n) (zeroed first); *total: the spikes counted. */
int lattice_spike_counts(const char *path, const char *pop, uint32_t n, double t0, double t1, double *counts,
                         uint64_t *total, char *err, size_t len);

/* Called for every spike of a spike file, in time order; nonzero stops. */
typedef int (*lattice_spike_fn)(void *ctx, double t, uint32_t neuron);
int lattice_scan_spikes(const char *path, const char *pop, uint32_t n, lattice_spike_fn fn, void *ctx, char *err,
                        size_t len);

/* Called for every sample of a state recording (<pop>.<var>.csv, header
 * time_ms,<neuron>,...; or <pop>.<var>.npy with its .times.npy, of every
 * neuron) with the values of all n neurons (NaN for those not recorded);
 * nonzero stops the scan (returned; a negative one from fn leaves its own
 * message in err). */
typedef int (*lattice_sample_fn)(void *ctx, double t, const double *values);
int lattice_scan_samples(const char *path, const char *pop, uint32_t n, lattice_sample_fn fn, void *ctx,
                         uint32_t *recorded, char *err, size_t len);

/* The sample of a state recording nearest time t: values of all n
 * neurons (NaN: not recorded) and its time; *first, *last: the times the
 * recording spans (NaN when it has no samples: then -1 with a message). */
int lattice_sample_at(const char *path, const char *pop, uint32_t n, double t, double *values, double *at,
                      double *first, double *last, uint32_t *recorded, char *err, size_t len);

/* A connection list: rows source,target,weight[,delay] (or pre,post,...;
 * a header is optional), sources < n_pre, targets < n_post.  At most
 * `budget` synapses are kept, an even sample of them; `total` counts all. */
typedef struct lattice_edges {
    size_t n;
    uint32_t *pre, *post;
    double *weight;
    uint64_t total;
    double w_min, w_max;     /* over all synapses */
} lattice_edges;

int lattice_read_edges(const char *path, uint32_t n_pre, uint32_t n_post, size_t budget, lattice_edges *out, char *err,
                       size_t len);
void lattice_edges_free(lattice_edges *e);

#endif
