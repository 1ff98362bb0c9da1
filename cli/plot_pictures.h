/*
 * plot_pictures.h - the pictures `axon plot` draws on request: heat maps
 * of a population over its positions (--heatmap), positions with the
 * synapses of a projection (--connections), population signals
 * (--signals) and animated GIFs of a lattice over time (--gif).
 */
#ifndef AXON_PLOT_PICTURES_H
#define AXON_PLOT_PICTURES_H

#include <stdbool.h>
#include <stddef.h>

#include <stdint.h>

#include "json.h"
#include "lattice.h"

typedef struct picture_opts {
    const char *heatmap;       /* population, or NULL */
    const char *gif;           /* population, or NULL */
    const char *connections;   /* projection name or a connection list's path, or NULL */
    bool signals;
    bool spikes;               /* --spikes: spike counts (the default without --time / --variable) */
    const char *variable;      /* --variable (NULL: v) */
    double time;               /* --time (NAN: not given) */
    double from, to;           /* --from, --to (NAN: not given) */
    double end;                /* where the recordings end (ms) */
    const char *out;           /* --out FILE: the one picture asked for (NULL: a name in the folder) */
    const char *format;        /* png or svg (not for GIFs) */
    const char *pre, *post;    /* --pre, --post: populations of a connection list given by path */
    double scale_lo, scale_hi; /* --scale LO:HI (NAN: from the data) */
    double bin_ms;             /* --bin (NAN: chosen): spike animations */
    long long every, fps, cell, max_frames, max_synapses, max_samples;
} picture_opts;

/* What the run left: summary.json (or NULL) and the files of the folder. */
typedef struct picture_run {
    const char *dir, *title;
    const json_value *sum;
    char *const *files;
    size_t n_files;
} picture_run;

/* Draws what o asks for; an exit status (cli.h). */
int plot_pictures(const picture_run *run, const picture_opts *o);

/* Signals among the files: <pop>.<signal>.csv or .npy, signal "eeg",
 * "lfp" or "mean_<var>" (recorded with `signal = ...`). */
bool picture_is_signal(const char *file);

/* signals.<format> of every signal recording; 0 when there is none
 * (*drawn stays false), or an exit status. */
int plot_signal_files(const picture_run *run, const char *path, size_t budget, char *note, size_t note_len,
                      bool *drawn);

/* ---- shared by plot_pictures.c and plot_anim.c ---- */

/* The animated GIF of --gif (plot_anim.c); an exit status. */
int plot_animation(const picture_run *run, const picture_opts *o);

/* Population pop's size and model from summary.json (0 and NULL without
 * one); an unknown name is a usage error (listing the names), printed. */
int pic_population(const picture_run *r, const char *opt, const char *pop, uint32_t *size, const char **model);
/* <pop>.positions.csv read into l; its absence says how to give positions. */
int pic_lattice(const picture_run *r, const char *opt, const char *pop, uint32_t n, lattice *l);
/* The unit of a recorded variable (summary.json, or the built-in model's). */
const char *pic_unit(const picture_run *r, const char *pop, const char *var, const char *model);
/* The CSV recording of var (or spikes) of pop into path; its absence says what to record. */
int pic_state_file(const picture_run *r, const char *opt, const char *pop, const char *var, char *path, size_t len);
int pic_spike_file(const picture_run *r, const char *opt, const char *pop, char *path, size_t len);
/* --out, or <dir>/<name>.<ext>. */
void pic_output(const picture_run *r, const picture_opts *o, const char *name, const char *ext, char *path,
                size_t len);
/* The colour scale: --scale, or [lo, hi] made drawable. */
void pic_scale(const picture_opts *o, double lo, double hi, double *out_lo, double *out_hi);

#endif
