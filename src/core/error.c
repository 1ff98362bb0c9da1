/*
 * error.c - failures (the message a network keeps), status names and the
 * "did you mean" helper.
 */
#include "error.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "axon.h"

ax_status ax_fail(const ax_network *net, ax_status status, const char *fmt, ...)
{
    if (!net)
        return status;
    /* The message is the one field a call on a const network may write
     * (C++ would call it mutable): networks are only ever made by malloc
     * in ax_network_create, never defined const, so the cast is defined. */
    ax_core *core = ax_core_of(net);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(core->error, sizeof core->error, fmt, ap);
    va_end(ap);
    return status;
}

ax_status ax_fail_null(const ax_network *net, const char *caller, const char *arg)
{
    return ax_fail(net, AX_ERR_ARGUMENT, "%s: the argument '%s' is NULL", caller, arg);
}

const char *ax_status_name(ax_status status)
{
    switch (status) {
    case AX_OK: return "ok";
    case AX_ERR_ARGUMENT: return "invalid argument";
    case AX_ERR_NOT_FOUND: return "not found";
    case AX_ERR_MEMORY: return "out of memory";
    case AX_ERR_STATE: return "not allowed now";
    case AX_ERR_NUMERIC: return "numerical failure";
    case AX_ERR_IO: return "input/output error";
    case AX_ERR_INTERRUPTED: return "interrupted";
    }
    return "unknown status";
}

unsigned ax_edit_distance(const char *a, const char *b)
{
    enum { MAX = 64 };
    size_t n = strlen(a), m = strlen(b);
    if (n >= MAX || m >= MAX)
        return 255;
    unsigned d[MAX + 1][MAX + 1];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (unsigned)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (unsigned)j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            unsigned cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            unsigned best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[n][m] > 255 ? 255 : d[n][m];
}

void ax_suggest_init(ax_suggest *s, const char *word)
{
    s->word = word ? word : "";
    s->best = NULL;
    s->best_distance = 255;
}

void ax_suggest_add(ax_suggest *s, const char *candidate)
{
    if (!candidate)
        return;
    unsigned d = ax_edit_distance(s->word, candidate);
    if (d < s->best_distance) {
        s->best_distance = d;
        s->best = candidate;
    }
}

const char *ax_suggest_text(const ax_suggest *s, char *buf, size_t len)
{
    size_t n = strlen(s->word);
    /* Close enough: a third of the word's letters wrong at most (one for
     * short words), so that 'tau_mm' finds 'tau_m' but 'x' finds nothing. */
    unsigned limit = n < 4 ? 1 : (unsigned)(n / 3);
    if (limit > 3)
        limit = 3;
    if (!s->best || s->best_distance > limit || len == 0) {
        if (len)
            buf[0] = '\0';
        return buf;
    }
    snprintf(buf, len, " (did you mean '%s'?)", s->best);
    return buf;
}

const char *ax_projection_label_format(char *buf, size_t len, uint32_t proj, ax_projection_kind kind,
                                      const char *from, const char *to)
{
    const char *word = kind == AX_PROJECTION_AVERAGED_CHEMICAL ? "averaged chemical"
                       : kind == AX_PROJECTION_AVERAGED_GAP    ? "averaged gap"
                       : kind == AX_PROJECTION_GAP             ? "gap junctions"
                       : kind == AX_PROJECTION_GRADED          ? "graded release"
                                                               : "projection";
    snprintf(buf, len, "%s %u (%.100s %s %.100s)", word, proj, from, kind == AX_PROJECTION_GAP ? "-" : "->", to);
    return buf;
}

void ax_append(char *buf, size_t len, const char *text)
{
    size_t used = strnlen(buf, len);
    if (used + 1 >= len)
        return;
    snprintf(buf + used, len - used, "%s", text);
}

ax_status ax_error_fail(ax_error *err, ax_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return status;
}

ax_status ax_error_null(ax_error *err, const char *caller, const char *arg)
{
    return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the argument '%s' is NULL", caller, arg);
}

void ax_error_ok(ax_error *err)
{
    if (err) {
        err->status = AX_OK;
        err->message[0] = '\0';
    }
}
