/*
 * fail_alloc.h - allocation-failure injection for the out-of-memory tests
 * (SQLite's "malloc failure" testing, test/malloc*.test).
 *
 * The test binary is linked with -Wl,--wrap=<f> for every allocating
 * function libaxon calls (see fail_alloc.c), so the linker sends each of
 * libaxon's calls of malloc, calloc, ... to __wrap_<f> here.  When armed
 * with n, the n-th allocation from then on returns NULL (errno ENOMEM),
 * once, or with `persistent` that one and all after it; every other one
 * goes through.  Counting is atomic, so allocations
 * made by the simulation's threads count too.
 */
#ifndef AX_FAIL_ALLOC_H
#define AX_FAIL_ALLOC_H

#include <stdbool.h>

/* Fail the n-th allocation from now on (n >= 1), counting from 0 again;
 * with `persistent` also every later one. */
void fail_alloc_arm(long n, bool persistent);

/* Stop failing; returns whether the armed allocation was reached (and
 * failed) since fail_alloc_arm. */
bool fail_alloc_disarm(void);

/* Whether the armed allocation was reached (and failed) yet. */
bool fail_alloc_hit(void);

/* Allocations made since fail_alloc_arm (whether armed or not). */
long fail_alloc_count(void);

/* Blocks allocated through the wrapped functions and not yet freed: the
 * same before and after a scenario that frees what it made, whatever
 * failed on the way (a leak check that needs no LeakSanitizer). */
long fail_alloc_live(void);

#endif
