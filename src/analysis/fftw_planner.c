/*
 * fftw_planner.c - FFTW's planner made safe for calls from several threads.
 *
 * fftw_execute is thread-safe, but planning and destroying plans touch
 * FFTW's global state.  fftw_make_planner_thread_safe (libfftw3_threads)
 * wraps every planner call of the process in FFTW's own lock, so analysis
 * calls made concurrently (and FFTW users outside axon) never race.  It is
 * installed once, before the first plan.
 */
#include <fftw3.h>
#include <pthread.h>

#include "analysis/analysis.h"

static pthread_once_t planner_once = PTHREAD_ONCE_INIT;

static void make_safe(void)
{
    fftw_make_planner_thread_safe();
}

void ax_analysis_fftw_ready(void)
{
    pthread_once(&planner_once, make_safe);
}
