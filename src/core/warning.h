/*
 * warning.h - the warnings a network collects (axon.h, "Warnings"): kept in
 * its core, so that any part may add one; the checks that find them live
 * with the data they look at (net/warnings.c before a run, sim/warnings.c
 * after it).  The list has a fixed size and allocates nothing, so a
 * warning never fails a call, not even when memory is short.
 */
#ifndef AX_WARNING_H
#define AX_WARNING_H

#include <stdarg.h>
#include <stdint.h>

#include "axon.h"

#define AX_WARNINGS_KEPT 64
#define AX_WARNING_TEXT 640

typedef struct ax_warning_entry {
    ax_warning about;         /* name and message are filled in by ax_warning_get */
    uint32_t detail;          /* with kind and the handles, what makes a warning the same one
                                 (e.g. the state variable) */
    char text[AX_WARNING_TEXT];
} ax_warning_entry;

typedef struct ax_warning_list {
    ax_warning_entry kept[AX_WARNINGS_KEPT];
    uint32_t n;
    uint32_t silenced;        /* bit k: kind k is not collected */
    int64_t planned_start;    /* the planned runs (ax_network_check_run): steps [start, end] */
    int64_t planned_end;
} ax_warning_list;

/* A warning of `kind` about nothing yet: handles AX_NO_HANDLE, neuron and
 * step -1, value NaN; the caller fills in what it is about. */
ax_warning ax_warning_of(ax_warning_kind kind);

/* Adds a warning unless its kind is silenced or the same one (kind,
 * handles, detail) was collected before.  The message is formatted from
 * fmt and ends with how to silence it. */
void ax_warn(const ax_network *net, const ax_warning *w, uint32_t detail, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Drops the warnings about population pop (ax_population_remove): a
 * population added later with the same handle is judged afresh. */
void ax_warning_forget_population(const ax_network *net, uint32_t pop);

#endif
