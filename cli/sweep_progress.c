/*
 * sweep_progress.c - progress of `axon sweep`, drawn as `axon run` draws
 * its own (cli/progress.c): a bar redrawn on a terminal, a line every few
 * seconds when stderr is a log, nothing with --quiet; counted in runs.
 */
#include <stdio.h>
#include <time.h>

#include "run_report.h"
#include "sweep.h"

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

void sweep_progress_start(sweep_progress *p, int mode, uint64_t done, uint64_t total)
{
    double now = wall();
    *p = (sweep_progress){.mode = mode, .start = now, .last_print = now, .first = done, .total = total};
}

void sweep_progress_update(sweep_progress *p, uint64_t done, bool force)
{
    double now = wall(), spent = now - p->start;
    uint64_t new_runs = done - p->first, left = p->total - done;
    double eta = new_runs ? spent / (double)new_runs * (double)left : 0;
    double frac = p->total ? (double)done / (double)p->total : 1;
    if (p->mode == PROGRESS_BAR && (force || now - p->last_print > 0.1)) {
        char bar[31];
        int filled = (int)(frac * 30 + 0.5);
        for (int k = 0; k < 30; k++)
            bar[k] = k < filled ? '#' : '.';
        bar[30] = '\0';
        fprintf(stderr, "\r  [%s] %5.1f%%  %llu / %llu runs  %.1f s  ETA %.1f s   ", bar, 100 * frac,
                (unsigned long long)done, (unsigned long long)p->total, spent, eta);
        p->bar_open = true;
        p->last_print = now;
    } else if (p->mode == PROGRESS_LINES &&
               (now - p->last_print >= PROGRESS_LINE_EVERY_S || (force && done == p->total))) {
        fprintf(stderr, "axon sweep: %llu / %llu runs (%.1f%%), %.1f s elapsed, about %.1f s left\n",
                (unsigned long long)done, (unsigned long long)p->total, 100 * frac, spent, eta);
        p->last_print = now;
    }
    fflush(stderr);
}

void sweep_progress_end(sweep_progress *p)
{
    if (p->bar_open)
        fputc('\n', stderr);
    p->bar_open = false;
}
