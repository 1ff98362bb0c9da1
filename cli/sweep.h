/*
 * sweep.h - `axon sweep FILE` (docs/fitting.md, "Sweeps"): what its files
 * share.
 *
 *   sweep_cmd.c    the command: options, checks before anything runs,
 *                  workers, signals, progress
 *   sweep_run.c    one run: the network loaded (or reused and reset), run,
 *                  its statistics as one row of the table; a block of runs
 *                  laid out as one population
 *   sweep_table.c  sweep.csv (appended row by row) and sweep.json; reading
 *                  back a table to resume it
 *   sweep_progress.c  the progress bar, in runs
 */
#ifndef AXON_SWEEP_H
#define AXON_SWEEP_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "axon.h"

/* What every run of one sweep shares (read-only while workers run). */
typedef struct sweep_plan {
    const char *model;            /* the model file's path */
    const char *const *sets;      /* the command's --set overrides */
    size_t n_sets;
    ax_modelfile *base;           /* the file loaded with them: the [sweep] table and the seeds */
    ax_sweep_info info;
    double duration_ms;           /* the file's (a swept simulation.duration is each run's own) */
    int threads;                  /* of each run */
    size_t n_pops;
    const char **pops;            /* population names (owned by base's network) */
    bool rebuild;                 /* --rebuild: every run loads and builds its network */
    uint64_t block;               /* runs laid out as one population (1: one run a network) */
    size_t block_size;            /* the neurons of one run there: the population's size */
    bool analysis;                /* the file's [analysis] table: also the Fano factor and synchrony */
    double bin_ms;                /* its window */
} sweep_plan;

/* A worker's network, kept between runs on the rebuild-free path. */
typedef struct sweep_worker {
    ax_modelfile *m;
    uint64_t trial;               /* the trial m was loaded for */
    ax_recorder *recs;            /* m's spike recorders, one per population of the plan */
    uint64_t built, reused;       /* networks built, runs on a reused one */
} sweep_worker;

/* Set by a signal: runs in flight stop at their next window and are
 * abandoned (their rows are not written). */
extern volatile sig_atomic_t sweep_stop;

/* The table's header line (no newline), malloc'd. */
char *sweep_header(const sweep_plan *p);

/* Runs run `run` and returns its row (no newline, malloc'd); NULL when it
 * was stopped by sweep_stop or nothing could be allocated (*stopped says
 * which).  A run that fails (a value the model refuses, a numerical
 * blow-up) is a row with status "failed" and the message. */
char *sweep_run_row(const sweep_plan *p, sweep_worker *w, uint64_t run, bool *stopped);

/* Runs first .. first + n - 1 (one trial) as one population of n blocks
 * of p->block_size neurons (ax_sweep_apply_block) and fills rows[0 .. n)
 * (malloc'd; NULL before).  0 done, 1 stopped by sweep_stop, -1 the block
 * could not be run (a value the model refuses, a blow-up, no memory): the
 * caller runs its runs one by one, so that each row says its own. */
int sweep_block_rows(const sweep_plan *p, uint64_t first, uint64_t n, char **rows);

/* Frees the worker's network (end), and all it holds (free). */
void sweep_worker_end(sweep_worker *w);
void sweep_worker_free(sweep_worker *w);

/* The sweep's fingerprint: the model file's bytes and the --set options
 * (FNV-1a, 64 bits, as 16 hex digits into hex[17]); -1 when the file
 * cannot be read. */
int sweep_fingerprint(const char *model, const char *const *sets, size_t n_sets, char hex[17]);

/* An output folder's table, read to resume: rows (complete lines, their
 * newlines cut) of runs 0 .. n - 1 in order.  A last line without its
 * newline (a write cut by a kill) is cut off the file. */
typedef struct sweep_table {
    char **rows;
    uint64_t n;
} sweep_table;

/* Opens dir/sweep.csv for appending, resuming the table there when it is
 * this sweep's (the same header and fingerprint), else refusing (message
 * printed, returns NULL) - or discarding it when restart.  *done gets the
 * rows already there, in t. */
FILE *sweep_table_open(const char *dir, const char *header, const char *fingerprint, bool restart, sweep_table *t);

/* Appends a row and its newline with one write and flushes it: a row is
 * in the file whole or not at all (a kill between them leaves a last line
 * without newline, which sweep_table_open cuts).  0, or -1 with errno. */
int sweep_table_append(FILE *f, const char *row);

/* Writes dir/sweep.json (under a temporary name, then renamed) from the
 * header and rows.  0, or -1 with errno. */
int sweep_json_write(const char *dir, const sweep_plan *p, const char *fingerprint, const char *header,
                     char *const *rows, uint64_t n_rows, uint64_t built, uint64_t reused);

void sweep_table_free(sweep_table *t);

/* Progress in runs (sweep_progress.c); mode is run_report.h's
 * progress_mode. */
typedef struct sweep_progress {
    int mode;
    double start, last_print;
    uint64_t first, total;        /* runs done when it started; all runs */
    bool bar_open;
} sweep_progress;
void sweep_progress_start(sweep_progress *p, int mode, uint64_t done, uint64_t total);
void sweep_progress_update(sweep_progress *p, uint64_t done, bool force);
void sweep_progress_end(sweep_progress *p);

#endif
