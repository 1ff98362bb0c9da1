/*
 * fit.h - what the files of src/fit share (docs/fitting.md).  Each area
 * of the fitting calls keeps its own block.  src/fit runs networks only
 * through axon.h; it reports failures into the caller's ax_error with the
 * analysis helpers (analysis/analysis.h).
 */
#ifndef AX_FIT_H
#define AX_FIT_H

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
};

/* A value within parameter pi's allowed range, or a message starting with `what`. */
ax_status ax_fit_check_param(const ax_param_info *pi, double x, const char *what, ax_error *err);

/* The network of an evaluator, declared on first use. */
ax_status ax_fit_generations_declare(ax_fit_evaluator *ev, ax_error *err);

#endif
