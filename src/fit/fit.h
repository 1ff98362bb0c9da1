/*
 * fit.h - what the files of src/fit share (docs/fitting.md).  Each area
 * of the fitting calls keeps its own block.  src/fit runs networks only
 * through axon.h; it reports failures into the caller's ax_error with the
 * analysis helpers (analysis/analysis.h).
 */
#ifndef AX_FIT_H
#define AX_FIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/analysis.h"
#include "axon.h"

/* ---- Whole generations as one run (generations_*.c) ---- */

/* The evaluator: its copied spec and its network (built at the first
 * evaluation), one population and one spike recorder (and one v recorder
 * with record_ms) per protocol. */
struct ax_fit_evaluator {
    ax_network *net;
    char *model;
    const ax_model *m;
    size_t n_base;
    uint32_t *base_index;        /* the model's index of each base parameter */
    double *base_values;
    size_t n_free;
    uint32_t *free_index;        /* the model's index of each free parameter */
    size_t max_n;
    size_t n_protocols;
    ax_fit_protocol *protocols;  /* trace_na copied into traces */
    double **traces;
    double dt, record_ms;
    int threads;
    int64_t *run_steps;          /* each protocol's run in steps */
    int64_t max_steps;
    ax_population *pops;
    ax_recorder *spike_recs, *v_recs;
    bool declared;               /* the network's populations, inputs and recorders exist */
    bool has_scale;              /* free[scale_slot] is AX_FIT_INPUT_SCALE: each candidate slot has */
    size_t scale_slot;           /* its own inputs, declared with scales[slot] (re-declared when they change) */
    double *scales;
};

/* The reserved free-parameter name of the input scale, and what values it takes. */
#define AX_FIT_INPUT_SCALE "input_scale"
extern const ax_param_info ax_fit_input_scale_info;

/* Free parameter k's description: the model's parameter, or the input scale's. */
const ax_param_info *ax_fit_free_info(const ax_fit_evaluator *ev, size_t k);

/* A value within parameter pi's allowed range, or a message starting with `what`. */
ax_status ax_fit_check_param(const ax_param_info *pi, double x, const char *what, ax_error *err);

/* The network of an evaluator, declared on first use. */
ax_status ax_fit_generations_declare(ax_fit_evaluator *ev, ax_error *err);

/* ---- Objectives (objective_*.c): the kernels the single calls and the
 * composite objective share, on trains and arguments already checked ---- */

/* Checks both views (ax_spike_trains_check) and that they have the same
 * number of trains (>= 1) and the same interval; messages start with caller. */
ax_status ax_obj_check_pair(const ax_spike_trains *data, const ax_spike_trains *model, const char *caller,
                            ax_error *err);

/* Gamma of one pair over a span of span_ms (ax_objective_gamma). */
double ax_obj_gamma(ax_dist_train data, ax_dist_train model, double span_ms, double delta_ms);

/* SpikeNetOpt's loss of one pair over [t0, t1] (ax_objective_spike_distance_loss); NAN when out of
 * memory (trains of more than about 500 spikes between them need a buffer). */
double ax_obj_spike_loss(ax_dist_train data, ax_dist_train model, double t0, double t1);

/* The seed's summary of one train; amplitudes NULL: amplitude_default. */
ax_objective_summary ax_obj_summary(ax_dist_train train, double dt_ms, const double *amplitudes,
                                    double amplitude_default);
/* The seed's scales of one condition (time, count, amplitude) from its reference summaries. */
void ax_obj_summary_scales(const ax_objective_summary *reference, size_t n_trains,
                           const ax_objective_summary_options *o, double scale[3]);
/* The squared differences of two summaries, each field divided by scale[] (NULL: 1). */
double ax_obj_summary_compare(const ax_objective_summary *a, const ax_objective_summary *b, const double *scale,
                              bool use_amplitude);
/* Checks options (may be NULL: nothing to check). */
ax_status ax_obj_check_summary_options(const ax_objective_summary_options *o, const char *caller, ax_error *err);

/* The features of one train over [t_start, t_stop]; the value of one. */
void ax_obj_features(ax_dist_train train, double t_start, double t_stop, ax_feature_values *out);
double ax_obj_feature_value(const ax_feature_values *v, ax_feature feature);
ax_status ax_obj_check_feature_spec(const ax_feature_spec *spec, const char *caller, ax_error *err);
/* The mean feature error over the trains of a checked view. */
double ax_obj_feature_error(const ax_spike_trains *model, const ax_feature_spec *spec);

/* The RMS difference over the samples outside the windows (ax_objective_trace_error,
 * arguments checked); 0 samples used: NAN. */
double ax_obj_trace_rms(const double *model, const double *target, size_t n, double dt_ms, const double *skip_ms,
                        size_t n_skip, double before_ms, double after_ms, size_t *n_used);
/* Checks the arguments of a trace comparison that do not depend on the model. */
ax_status ax_obj_check_trace(const double *target, size_t n, double dt_ms, const double *skip_ms, size_t n_skip,
                             double before_ms, double after_ms, const char *caller, ax_error *err);

/* Checks a target spectrum: n >= 1 powers, finite, >= 0, not all 0. */
ax_status ax_obj_check_spectrum_target(const double *power, size_t n, const char *caller, ax_error *err);

/* The error of a population's values against targets (ax_population_target). */
double ax_obj_population_error(const ax_population_values *v, const ax_population_target *t);
ax_status ax_obj_check_population_target(const ax_population_target *t, const char *caller, ax_error *err);

/* The composite objective (objective.c builds it, objective_evaluate.c
 * reads it): each term keeps copies of its target data, and what the
 * evaluation needs from them is computed once when the term is added. */
typedef struct ax_obj_term {
    ax_objective_term t;            /* the caller's term, its pointers cleared: the copies below serve */
    unsigned needs;                 /* AX_OBJECTIVE_NEEDS_* */
    ax_spike_trains spikes;         /* copy of target_spikes (offsets and times owned) */
    double *target;                 /* copy of target */
    ax_objective_summary_options summary;
    ax_objective_summary *reference;  /* SUMMARY: the target's summaries, one per train */
    double scale[3];                /* SUMMARY: the condition's scales */
    double *skip;                   /* TRACE: the target's spikes of all trains, merged and sorted */
    size_t n_skip;
    ax_welch_spec welch;
    bool has_welch;                 /* SPECTRUM: Welch (welch), else the seed's power density */
} ax_obj_term;

struct ax_objective {
    size_t n_conditions, n_terms, capacity;
    ax_obj_term *terms;
};

/* "gamma", "trace", ...: a kind's name in messages. */
const char *ax_obj_kind_name(ax_objective_kind kind);

/* ---- Optimisers: ask/tell, bit GA, real GA, DE, CMA-ES (optimizer*.c) ---- */
#include "fit/optimizer.h"

#endif
