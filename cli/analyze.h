/*
 * analyze.h - `axon analyze OUTDIR`: the statistics of a run's output
 * folder (docs/analysis.md, "axon analyze"), shared by the command and by
 * `axon run` (the [analysis] table of a model file, not yet wired).
 */
#ifndef AXON_ANALYZE_H
#define AXON_ANALYZE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "axon.h"

typedef struct an_options {
    double bin_ms;       /* population-rate and count bins (> 0) */
    size_t sample;       /* neurons sampled for correlations and distances (> 0) */
    uint64_t seed;       /* of the sample */
    bool pictures;       /* draw the PNGs next to the JSON */
} an_options;

/* Analyses the run folder dir into out (NULL: dir/analysis.json); prints
 * the JSON on stdout when print.  Messages start with `who` ("axon
 * analyze", "axon run").  Returns an exit status (cli.h): 0, EXIT_MODEL for
 * a folder or file that cannot be read, EXIT_USAGE for an output that
 * cannot be written. */
int analyze_folder(const char *dir, const an_options *o, const char *out, bool print, const char *who);

/* What the folder says of one population. */
typedef struct an_population {
    const char *name;
    const char *spikes_path;
    uint32_t size;       /* 0: not known (1 + the largest id in the file) */
    double t_start, t_stop;  /* NAN: [0, the last spike] */
} an_population;

/* Writes the population's JSON object (its statistics) to f, and its
 * pictures into dir when o->pictures (<pop>.psd.png, .rate.png, .isi.png,
 * .cv.png, .rates.png, .correlation.png, .spike_distance.png); 0, or -1 with
 * "file:line:col: message" or the library's message in err. */
int an_population_json(FILE *f, const an_population *p, const an_options *o, const char *dir, char *err,
                       size_t len);

/* A JSON number, or null for NaN and infinities (JSON has no NaN). */
void an_number(FILE *f, double x);

/* Welch PSD of a regularly sampled signal (Hann, segments of 1 s and at least
 * 256 samples, or the whole signal when shorter, half overlap, density; sp->n = 0 when n < 2), and its JSON:
 * peak frequency above 0 Hz, peak power, EEG band powers (null above
 * Nyquist). */
int an_psd(const double *x, size_t n, double dt_ms, ax_spectrum *sp, size_t *nperseg, ax_error *e);
void an_psd_json(FILE *f, const ax_spectrum *sp, size_t nperseg, double dt_ms);

/* The population signals summary.json lists (eeg, lfp, mean_<var>; CSV or
 * NPY) as the JSON members `"POP.VAR": {...}` written after `sep` (their
 * PSD; a picture POP.VAR.psd.png when o->pictures).  Returns how many were
 * written, or -1 with a message. */
long an_signals_json(FILE *f, const char *dir, const void *summary, const an_options *o, const char *pictures_dir,
                     char *err, size_t len);

/* A line figure (x against y; log10 of y when log_y, values <= 0 left
 * out) and a k x k colour matrix over [lo, hi] with its scale: PNGs of
 * cli/analyze_pictures.c.  0, or -1 with a message naming the file. */
int an_draw_lines(const char *path, const char *title, const char *xlabel, const char *ylabel, const double *x,
                  const double *y, size_t n, bool log_y, char *err, size_t len);
int an_draw_matrix(const char *path, const char *title, const double *m, size_t k, double lo, double hi,
                   const char *scale_label, char *err, size_t len);

#endif
