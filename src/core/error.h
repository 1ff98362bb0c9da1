/*
 * error.h - status names, message formatting and "did you mean" hints.
 *
 * The library never prints: a failing call formats one message into its
 * network (ax_fail) and returns a negative status.  The helpers here build
 * the pieces of such messages.
 */
#ifndef AX_ERROR_H
#define AX_ERROR_H

#include <stddef.h>
#include <stdint.h>

#include "core/core.h"

/* Record a failure: formats the message into the network (also for calls
 * that take a const network, and nowhere when net is NULL), returns status. */
ax_status ax_fail(const ax_network *net, ax_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "<caller>: the argument '<arg>' is NULL": a pointer the call needs was
 * not given (axon.h, Conventions). */
ax_status ax_fail_null(const ax_network *net, const char *caller, const char *arg);

/* Calls that need no network (analysis, attractors, fitting) report into
 * the caller's ax_error instead: formats the message into *err (nothing
 * when err is NULL) and returns status. */
ax_status ax_error_fail(ax_error *err, ax_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "<caller>: the argument '<arg>' is NULL", into *err. */
ax_status ax_error_null(ax_error *err, const char *caller, const char *arg);
/* Marks *err as a success (status AX_OK, empty message). */
void ax_error_ok(ax_error *err);

/* How messages name a projection: "<kind> <index> (<from> -> <to>)", the
 * kind one of "projection", "gap junctions" (then "A - B": they couple both
 * ways), "averaged gap", "averaged chemical", "graded release".  Only the
 * text, from what the caller has read (ax_projection_get_info and the two
 * populations' names), so that every layer - io/ too, which sees only the
 * public API - names projections alike; sim/'s ax_projection_label reads
 * them for a handle. */
const char *ax_projection_label_format(char *buf, size_t len, uint32_t proj, ax_projection_kind kind,
                                      const char *from, const char *to);

/* Edit distance (optimal string alignment: insert, delete, substitute,
 * swap two neighbours), capped at 255. */
unsigned ax_edit_distance(const char *a, const char *b);

/* Collects the candidate closest to `word`; see ax_suggest_text. */
typedef struct ax_suggest {
    const char *word;
    const char *best;
    unsigned best_distance;
} ax_suggest;

void ax_suggest_init(ax_suggest *s, const char *word);
void ax_suggest_add(ax_suggest *s, const char *candidate);

/* " (did you mean 'tau_m'?)" when a candidate is close enough, else "". */
const char *ax_suggest_text(const ax_suggest *s, char *buf, size_t len);

/* Appends `text` to buf (always NUL-terminated, truncates). */
void ax_append(char *buf, size_t len, const char *text);

#endif
