/*
 * team.c - how many OS threads run a network's parts (docs/architecture.md,
 * "Threads").
 *
 * A network is built in `threads` parts (thread k's neurons, synapses and
 * spike lists: sim/build.c), and any number of OS threads can run them: a
 * team of P runs parts j, j + P, ... on its thread j, with the same one
 * barrier per window.  The results are the same bits for any P, since they
 * do not even depend on the number of parts.
 *
 * Given threads = N, a team of N runs them.  Given threads = 0 (one part
 * per core), axon chooses: a second thread pays for itself only where a
 * window holds enough work to hide the barrier and the cache lines that
 * cross between cores (CUBA's 4,000 neurons with one-step windows lose
 * with two: bench/NOTES.md), and no estimate of the work per window is
 * right for every model and machine - so the first windows are timed.
 * A window that takes AX_TEAM_LARGE_WINDOW_S or more at one thread (its
 * first timed one) holds enough work for every part to have its thread:
 * that is kept at once (timing such windows in pieces chose one thread for
 * Brunel and the microcircuit in 2 runs of 3, where two are 1.8x faster;
 * the second core's wake-ups between pieces are suspected).  Shorter
 * windows are timed: the candidates (1, the parts, and the parts halved
 * while they divide evenly) run in turn, piece after piece of equal length; a first round
 * warms the caches and is not counted; a piece doubles until it lasts
 * AX_TEAM_PIECE_S at one thread; the team that ran fastest per step is
 * kept for the network's life, a larger one only when it beats a smaller
 * one by AX_TEAM_MARGIN.  A run too short to decide goes on deciding in
 * the next.  Under MPI every rank runs all its parts (ranks wait for each
 * other at every window; their timings would measure each other).
 *
 * AXON_TEAM=auto times the choice for any network, AXON_TEAM=P runs teams
 * of P (the largest candidate <= P): tests compare them.
 */
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"

#define AX_TEAM_PIECE_S 0.5e-3   /* a timed piece lasts at least this at one thread */
#define AX_TEAM_TIMED_S 4e-3     /* every candidate timed this long: choose */
#define AX_TEAM_CLEAR_S 1e-3     /* ... or this long, when the others are this much slower: */
#define AX_TEAM_CLEAR 1.3
#define AX_TEAM_MARGIN 0.95      /* more threads must take at most this share of the time */
#define AX_TEAM_MAX_ROUNDS 64
#define AX_TEAM_LARGE_WINDOW_S 100e-6   /* a window this long at one thread: every part its thread, untimed */

/* 1, then `parts` halved while it divides evenly, ascending. */
static int candidates(int parts, int *cand)
{
    int down[AX_TEAM_MAX_CANDIDATES], n = 0;
    for (int p = parts; p > 1 && n < AX_TEAM_MAX_CANDIDATES - 1; p /= 2) {
        down[n++] = p;
        if (p % 2)
            break;
    }
    cand[0] = 1;
    for (int i = 0; i < n; i++)
        cand[1 + i] = down[n - 1 - i];
    return n + 1;
}

void ax_team_init(ax_network *net, int threads_asked)
{
    ax_team *t = &net->team;
    memset(t, 0, sizeof *t);
    t->n_cand = candidates(net->threads, t->cand);
    const char *env = getenv("AXON_TEAM");
    bool auto_env = env && strcmp(env, "auto") == 0;
    t->size = (threads_asked == 0 || auto_env) && net->threads > 1 ? 0 : net->threads;
    if (env && *env && !auto_env) {
        char *end;
        long p = strtol(env, &end, 10);
        if (*end == '\0' && p >= 1) {
            t->size = 1;
            for (int i = 0; i < t->n_cand; i++)
                if (t->cand[i] <= p)
                    t->size = t->cand[i];
        }
    }
}

int ax_team_next(ax_network *net, int64_t *piece)
{
    ax_team *t = &net->team;
    if (!t->size && net->ranks > 1)
        t->size = net->threads;
    if (t->size) {
        *piece = 0;
        return t->size;
    }
    if (t->piece < net->window)
        t->piece = net->window;
    *piece = t->piece;
    return t->cand[t->turn];
}

/* Seconds per step of candidate i. */
static double rate(const ax_team *t, int i)
{
    return t->wall[i] / (double)t->steps[i];
}

/* After a counted round: the fastest candidate, if the timings suffice. */
static void decide(ax_team *t)
{
    int best = 0;
    double least = t->wall[0];
    for (int i = 1; i < t->n_cand; i++) {
        if (rate(t, i) < AX_TEAM_MARGIN * rate(t, best))
            best = i;
        least = t->wall[i] < least ? t->wall[i] : least;
    }
    bool clear = least >= AX_TEAM_CLEAR_S;
    for (int i = 0; clear && i < t->n_cand; i++)
        clear = i == best || rate(t, i) >= AX_TEAM_CLEAR * rate(t, best);
    if (least >= AX_TEAM_TIMED_S || clear || t->rounds >= AX_TEAM_MAX_ROUNDS)
        t->size = t->cand[best];
}

void ax_team_timed(ax_network *net, int size, int64_t steps, double wall)
{
    ax_team *t = &net->team;
    if (t->size || size != t->cand[t->turn])
        return;
    if (t->rounds == 0 && t->turn == 0 && steps > 0 && wall / (double)steps * net->window >= AX_TEAM_LARGE_WINDOW_S) {
        t->size = t->cand[t->n_cand - 1];   /* a large window: threads pay for themselves */
        return;
    }
    if (t->rounds > 0 && steps > 0) {   /* round 0 warms the caches and starts the threads */
        t->wall[t->turn] += wall;
        t->steps[t->turn] += steps;
    }
    if (t->turn == 0)
        t->round_wall = wall;
    if (++t->turn < t->n_cand)
        return;
    t->turn = 0;
    if (t->round_wall < AX_TEAM_PIECE_S && t->piece < INT64_MAX / 4)
        t->piece *= 2;
    if (t->rounds++ > 0)
        decide(t);
}
