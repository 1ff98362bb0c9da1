/*
 * fit.h - what the files of `axon fit` share (docs/fitting.md, "Fits"):
 * fit_target.c makes the target (data, or the reference model simulated)
 * and the objective; fit_cmd.c runs the optimiser generation by
 * generation with checkpoints; fit_outputs.c writes best.toml, best.json
 * and progress.csv; fit_pictures.c draws the convergence, rasters and traces.
 */
#ifndef AXON_FIT_H
#define AXON_FIT_H

#include <stdbool.h>
#include <stddef.h>

#include "axon.h"

/* A message into *err (may be NULL) with status; returns -1. */
int fit_fail(ax_error *err, ax_status status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* One neuron's outputs under every protocol: trains (one per protocol) and
 * voltage v[p][0 .. n_v[p]) sampled every record_ms (from record_ms on). */
typedef struct fit_run {
    ax_fit_results r;         /* a run of one candidate (owns the arrays) */
    const double *v[256];
    size_t n_v[256];
} fit_run;

/* Runs one candidate (params of the table's free parameters, or of the
 * reference model: free NULL) under the protocols with voltage recorded. */
int fit_run_one(const ax_fit_table *t, const char *model, const char *const *names, const double *values,
                size_t n_names, const char *const *free_names, const double *params, size_t n_free, fit_run *out,
                ax_error *err);
void fit_run_free(fit_run *r);

/* The target of the fit: trains (one per protocol) and voltage (or NULL). */
typedef struct fit_target {
    ax_spike_trains trains;
    const double *const *v;
    const size_t *n_v;
    fit_run sim;              /* the reference model's run, when simulated */
    bool simulated;
} fit_target;

int fit_target_make(const ax_fit_table *t, fit_target *out, ax_error *err);
void fit_target_free(fit_target *tg);

/* The objective of the table's terms against the target: term i of
 * protocol p is objective term i * P + p. */
ax_objective *fit_objective_make(const ax_fit_table *t, const fit_target *tg, ax_error *err);

/* One protocol's train k of a view as a view of one train over [0, run_ms]. */
ax_spike_trains fit_one_train(const ax_spike_trains *all, size_t k, double run_ms, size_t offsets[2]);

/* Outputs, all written as NAME.partial and renamed. */
typedef struct fit_progress {
    size_t generations;
    size_t *evaluations;
    double *best, *median, *elapsed;
    size_t cap;
} fit_progress;

int fit_progress_add(fit_progress *p, size_t evaluations, double best, double median, double elapsed);
int fit_progress_write(const char *dir, const fit_progress *p, char *msg, size_t len);
/* Reads back the first `generations` rows of DIR/progress.csv (a resumed fit). */
int fit_progress_read(const char *dir, size_t generations, fit_progress *p, char *msg, size_t len);
void fit_progress_free(fit_progress *p);

int fit_write_best_toml(const char *dir, const char *source, const ax_fit_table *t, const double *best, char *msg,
                        size_t len);
int fit_write_best_json(const char *dir, const ax_fit_table *t, const double *best, double score,
                        const double *terms, const ax_optimizer_info *info, char *msg, size_t len);

/* Trains as axon's spike file DIR/name ("time_ms,neuron", neuron = train = protocol). */
int fit_write_spikes(const char *dir, const char *name, const ax_spike_trains *trains, double dt_ms, char *msg,
                     size_t len);

int fit_draw_convergence(const char *path, const fit_progress *p, char *msg, size_t len);
int fit_draw_rasters(const char *path, const ax_fit_table *t, const ax_spike_trains *target,
                     const ax_spike_trains *fit, char *msg, size_t len);
int fit_draw_traces(const char *path, const ax_fit_table *t, const fit_target *tg, const fit_run *best, char *msg,
                    size_t len);

#endif
