/*
 * progress.c - progress of `axon run`: a bar redrawn on a terminal, a
 * line every few seconds when stderr is a log (a batch job's log must not
 * stay empty for hours, and must not fill with a bar's redraws), and one
 * warning when the run becomes much slower than it was, so that a run
 * that has become stiff, or a machine that is overloaded, does not look
 * like a hang.
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "run_report.h"

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

void progress_start(progress *p, ax_network *net, progress_mode mode)
{
    double now = wall();
    *p = (progress){.mode = mode, .net = net, .start = now, .last_print = now, .t0 = ax_network_get_time(net),
                    .watch_wall = now, .watch_t = ax_network_get_time(net), .last_tick = now};
}

/* "12.3 s", "4 min 05 s", "2 h 03 min". */
static const char *duration_text(double s, char *buf, size_t len)
{
    if (s < 60)
        snprintf(buf, len, "%.1f s", s);
    else if (s < 3600)
        snprintf(buf, len, "%d min %02d s", (int)(s / 60), (int)s % 60);
    else
        snprintf(buf, len, "%d h %02d min", (int)(s / 3600), (int)(s / 60) % 60);
    return buf;
}

static void draw_bar(progress *p, double t, double t_end, double now)
{
    double frac = (t - p->t0) / (t_end - p->t0), spent = now - p->start;
    double eta = frac > 0 ? spent * (1 - frac) / frac : 0;
    char bar[31];
    int filled = (int)(frac * 30 + 0.5);
    for (int k = 0; k < 30; k++)
        bar[k] = k < filled ? '#' : '.';
    bar[30] = '\0';
    fprintf(stderr, "\r  [%s] %5.1f%%  %.1f / %.1f ms  %.1f s  %.2f s per simulated s  ETA %.1f s   ", bar, 100 * frac,
            t, t_end, spent, (t - p->t0) > 0 ? spent / ((t - p->t0) * 1e-3) : 0.0, eta);
    p->bar_open = t < t_end;
    if (!p->bar_open)
        fputc('\n', stderr);
    fflush(stderr);
}

static void print_line(const progress *p, double t, double t_end, double now)
{
    double frac = (t - p->t0) / (t_end - p->t0), spent = now - p->start;
    char a[32], b[32];
    fprintf(stderr, "axon run: t = %.1f / %.1f ms (%.1f%%), %s elapsed, %.3g s per simulated s, about %s left\n", t,
            t_end, 100 * frac, duration_text(spent, a, sizeof a),
            (t - p->t0) > 0 ? spent / ((t - p->t0) * 1e-3) : 0.0,
            duration_text(frac > 0 ? spent * (1 - frac) / frac : 0, b, sizeof b));
    fflush(stderr);
}

/* Measures the speed over intervals of SPEED_INTERVAL_S; says once when
 * an interval is SLOWDOWN_FACTOR times slower than the best before it. */
static void watch_speed(progress *p, double t, double now)
{
    if (now - p->watch_wall < SPEED_INTERVAL_S)
        return;
    double speed = (t - p->watch_t) / (now - p->watch_wall);
    if (!p->slow_warned && p->best_speed > 0 && speed * SLOWDOWN_FACTOR < p->best_speed) {
        p->slow_warned = true;
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        fprintf(stderr, "%saxon run: warning [slowdown]: the run has slowed down %.0fx, from %.3g to %.3g simulated ms "
                        "per second, at t = %.1f ms: a state may be running away (a stiff model with very large inputs "
                        "takes ever smaller steps), or the machine is overloaded (%d threads, %ld cores online)\n",
                p->bar_open ? "\n" : "", p->best_speed / (speed > 0 ? speed : 1e-300), p->best_speed,
                speed, t, ax_network_get_threads(p->net), cores);
        p->bar_open = false;
    }
    if (speed > p->best_speed)
        p->best_speed = speed;
    p->watch_wall = now;
    p->watch_t = t;
}

int progress_report(double t, double t_end, void *user)
{
    progress *p = user;
    double now = wall();
    if (p->mode == PROGRESS_BAR && (now - p->last_print > 0.1 || t >= t_end)) {
        p->last_print = now;
        draw_bar(p, t, t_end, now);
    } else if (p->mode == PROGRESS_LINES && now - p->last_print >= PROGRESS_LINE_EVERY_S) {
        p->last_print = now;
        print_line(p, t, t_end, now);
    }
    if (p->mode != PROGRESS_NONE)
        watch_speed(p, t, now);
    if (p->tick && now - p->last_tick >= SUMMARY_EVERY_S) {
        p->last_tick = now;
        p->tick(p->tick_ctx);
    }
    return 0;   /* stopping is ax_network_interrupt's (the signal handlers) */
}

void progress_end(progress *p)
{
    if (p->bar_open)
        fputc('\n', stderr);
    p->bar_open = false;
}
