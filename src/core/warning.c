/*
 * warning.c - the list of warnings a network keeps (core/warning.h) and the
 * calls of axon.h that read and silence it.
 */
#include "warning.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "core/error.h"

/* Stable: users silence warnings by these names, in model files too. */
static const char *const kind_names[AX_WARNING_KINDS] = {
    [AX_WARNING_WEIGHT_SIGN] = "weight_sign",
    [AX_WARNING_FIRES_EVERY_STEP] = "fires_every_step",
    [AX_WARNING_STATE_RANGE] = "state_range",
    [AX_WARNING_RECORDER_NEVER_SAMPLES] = "recorder_never_samples",
    [AX_WARNING_DRIVE_UNITS] = "drive_units",
    [AX_WARNING_THREADS_OVER_CORES] = "threads_over_cores",
};

const char *ax_warning_kind_name(ax_warning_kind kind)
{
    return (unsigned)kind < AX_WARNING_KINDS ? kind_names[kind] : NULL;
}

ax_warning ax_warning_of(ax_warning_kind kind)
{
    return (ax_warning){.kind = kind, .step = -1, .value = NAN, .population = AX_NO_HANDLE,
                        .projection = AX_NO_HANDLE, .input = AX_NO_HANDLE, .recorder = AX_NO_HANDLE, .neuron = -1};
}

static bool same(const ax_warning_entry *e, const ax_warning *w, uint32_t detail)
{
    const ax_warning *a = &e->about;
    return a->kind == w->kind && a->population == w->population && a->projection == w->projection &&
           a->input == w->input && a->recorder == w->recorder && e->detail == detail;
}

void ax_warn(const ax_network *net, const ax_warning *w, uint32_t detail, const char *fmt, ...)
{
    ax_warning_list *l = &ax_core_of(net)->warnings;
    if ((unsigned)w->kind >= AX_WARNING_KINDS || (l->silenced & (1u << w->kind)))
        return;
    for (uint32_t k = 0; k < l->n; k++)
        if (same(&l->kept[k], w, detail))
            return;
    if (l->n == AX_WARNINGS_KEPT)
        return;   /* a network with this many mistakes has been told enough */
    ax_warning_entry *e = &l->kept[l->n++];
    e->about = *w;
    e->detail = detail;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(e->text, sizeof e->text, fmt, ap);
    va_end(ap);
    size_t at = n < 0 ? 0 : (size_t)n < sizeof e->text ? (size_t)n : sizeof e->text - 1;
    snprintf(e->text + at, sizeof e->text - at,
             " (to silence: simulation.silence_warnings = [\"%s\"] in a model file, ax_warning_silence in C)",
             kind_names[w->kind]);
}

size_t ax_warning_count(const ax_network *net)
{
    return net ? ax_core_of(net)->warnings.n : 0;
}

ax_status ax_warning_get(const ax_network *net, size_t index, ax_warning *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (!out)
        return ax_fail_null(net, "get warning", "out");
    ax_warning_entry *e = &ax_core_of(net)->warnings.kept[0];
    size_t n = ax_core_of(net)->warnings.n;
    if (index >= n)
        return ax_fail(net, AX_ERR_ARGUMENT, "get warning: index %zu is past the end: the network has %zu warning%s",
                       index, n, n == 1 ? "" : "s");
    e += index;
    *out = e->about;
    out->name = kind_names[e->about.kind];
    out->message = e->text;
    return AX_OK;
}

/* Keeps the warnings for which drop() is false, in their order. */
static void drop_where(ax_warning_list *l, bool (*drop)(const ax_warning *w, uint32_t arg), uint32_t arg)
{
    uint32_t kept = 0;
    for (uint32_t k = 0; k < l->n; k++)
        if (!drop(&l->kept[k].about, arg)) {
            if (kept != k)
                l->kept[kept] = l->kept[k];
            kept++;
        }
    l->n = kept;
}

static bool of_kind(const ax_warning *w, uint32_t kind) { return w->kind == (ax_warning_kind)kind; }
static bool about_population(const ax_warning *w, uint32_t pop) { return w->population == pop; }

void ax_warning_forget_population(const ax_network *net, uint32_t pop)
{
    drop_where(&ax_core_of(net)->warnings, about_population, pop);
}

ax_status ax_warning_silence(ax_network *net, ax_warning_kind kind)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if ((unsigned)kind >= AX_WARNING_KINDS) {
        char list[256] = "";
        for (int k = 0; k < AX_WARNING_KINDS; k++) {
            ax_append(list, sizeof list, k ? ", " : "");
            ax_append(list, sizeof list, kind_names[k]);
        }
        return ax_fail(net, AX_ERR_ARGUMENT, "silence warning: kind %d is not one; allowed: 0 .. %d (%s)", (int)kind,
                       AX_WARNING_KINDS - 1, list);
    }
    ax_warning_list *l = &ax_core_of(net)->warnings;
    l->silenced |= 1u << kind;
    drop_where(l, of_kind, (uint32_t)kind);
    return AX_OK;
}
