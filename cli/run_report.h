/*
 * run_report.h - what `axon run` tells while and after it runs: the
 * progress (a bar on a terminal, a line every few seconds in a log), a
 * warning when the run slows down, and summary.json.
 */
#ifndef AXON_RUN_REPORT_H
#define AXON_RUN_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "axon.h"

/* ---- progress.c ---- */

typedef enum { PROGRESS_NONE, PROGRESS_BAR, PROGRESS_LINES } progress_mode;

typedef struct progress {
    progress_mode mode;
    ax_network *net;
    double start, last_print;   /* wall seconds */
    double t0;                  /* simulated ms when the run started */
    double watch_wall, watch_t; /* the interval whose speed is being measured */
    double best_speed;          /* simulated ms per wall second, best interval so far */
    bool slow_warned;
    bool bar_open;              /* the bar's line is not ended */
    /* called about every SUMMARY_EVERY_S wall seconds during the run */
    void (*tick)(void *ctx);
    void *tick_ctx;
    double last_tick;
} progress;

/* Seconds between progress lines in a log, and between updates of
 * summary.json while the run goes on. */
#define PROGRESS_LINE_EVERY_S 5.0
#define SUMMARY_EVERY_S 5.0
/* A measuring interval of the speed; a speed this many times below the
 * best interval's is reported once. */
#define SPEED_INTERVAL_S 1.0
#define SLOWDOWN_FACTOR 10.0

void progress_start(progress *p, ax_network *net, progress_mode mode);
/* The ax_progress_fn of the run (user: a progress). */
int progress_report(double t, double t_end, void *user);
/* After the run: ends the bar's line if it is open. */
void progress_end(progress *p);

/* ---- summary.c ---- */

/* How a run ended, for summary.json and the messages. */
typedef struct run_end {
    const char *status;         /* "running", "completed", "interrupted" or "failed" */
    const char *reason;         /* why it stopped early (NULL: it did not) */
    const char *message;        /* the library's message, if any */
    const ax_run_failure *failure;   /* a numerical failure: the neuron and its state */
} run_end;

/* summary.json at `path` (written under a temporary name and renamed);
 * while running, only what is known without reading the running network;
 * also copied to `also` when not NULL.  0, or -1 with errno. */
int write_summary(const char *path, ax_modelfile *m, const char *model_path, double start, double duration,
                  const run_end *end, FILE *also);
/* The summary on stdout, as people read it. */
void print_summary(ax_modelfile *m, const char *model_path, const char *dir, double start);
/* The offending neuron of a numerical failure and its last state, on stderr. */
void print_failure(ax_modelfile *m, const ax_run_failure *f);

#endif
