/*
 * plot.h - figures drawn with cairo: the raster plot with the population
 * rate underneath, and state traces.  PNG or SVG, chosen by the file name.
 */
#ifndef AXON_PLOT_H
#define AXON_PLOT_H

#include <stddef.h>
#include <stdint.h>

typedef struct plot_spikes {
    const char *name;       /* population */
    uint32_t size;          /* neurons in the population */
    size_t n;               /* spikes drawn */
    const double *times;    /* ms, in time order */
    const uint32_t *ids;    /* neuron index within the population */
    const double *counts;   /* NULL, or every spike (not only those drawn) per rate bin
                               (plot_rate_bin_ms) from which the rates are computed */
} plot_spikes;

/* The rate bins of a raster over [t0, t1]: their width (ms) and number. */
double plot_rate_bin_ms(double t0, double t1);
size_t plot_rate_bins(double t0, double t1, double bin_ms);

/* Raster of at most `max_rows` neurons in all (spread over the
 * populations in proportion to their size, the first neurons of each) over
 * [t0, t1] ms, and below it each population's rate in Hz (all its neurons,
 * bins of plot_rate_bin_ms).  `note` (or NULL) is written under the title,
 * e.g. that the spikes are a sample.  Returns 0, or -1 with a message. */
int plot_raster(const char *path, const char *title, const char *note, const plot_spikes *pops, size_t n_pops,
                double t0, double t1, uint32_t max_rows, char *err, size_t err_len);

typedef struct plot_trace {
    const char *label;      /* e.g. "E[3]" */
    size_t n;
    const double *times;    /* ms */
    const double *values;
    size_t stride;          /* distance between successive values */
} plot_trace;

/* One panel per variable (traces sharing `unit` and `variable` names are
 * drawn together); traces of the same panel in different colours.  The
 * y label is "variable (unit)", or the variable alone when unit is NULL. */
typedef struct plot_panel {
    const char *variable, *unit;
    const plot_trace *traces;
    size_t n_traces;
} plot_panel;

/* A panel without samples says so; non-finite values break the line. */
int plot_traces(const char *path, const char *title, const char *note, const plot_panel *panels, size_t n_panels,
                char *err, size_t err_len);

/* "variable (unit)", or the variable alone when unit is NULL ("" is "1":
 * a dimensionless quantity). */
void plot_axis_label(char *buf, size_t len, const char *variable, const char *unit);


/* Histograms of synaptic weights: one panel per projection (or file), in
 * it one outline per histogram (e.g. per time), counts against weight. */
typedef struct plot_hist {
    const char *label;      /* legend, e.g. "t = 1000 ms" */
    size_t bins;
    const double *edges;    /* bins + 1, increasing */
    const double *counts;   /* bins */
} plot_hist;

typedef struct plot_hist_panel {
    const char *name;       /* x axis: "weight of <name> (unit)" */
    const char *unit;       /* of the weights, or NULL */
    const plot_hist *hists;
    size_t n_hists;
} plot_hist_panel;

int plot_histograms(const char *path, const char *title, const char *note, const plot_hist_panel *panels,
                    size_t n_panels, char *err, size_t err_len);

#endif
