/*
 * fit_pictures.c - the pictures of `axon fit` (cairo, as axon plot's):
 * convergence.png (the best and the median score of each generation),
 * rasters.png (target and fit spikes per protocol) and traces.png (target
 * and fit voltage per protocol).
 */
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fit.h"
#include "plot.h"
#include "plot_canvas.h"

/* One line of (g, y[g]) over the finite values, broken at the others. */
static void polyline(cairo_t *cr, const panel *p, const double *y, size_t n, bool log_y)
{
    bool pen = false;
    for (size_t g = 0; g < n; g++) {
        double v = log_y ? log10(y[g]) : y[g];
        if (!isfinite(v)) {
            pen = false;
            continue;
        }
        if (pen)
            cairo_line_to(cr, px(p, (double)g), py(p, v));
        else
            cairo_move_to(cr, px(p, (double)g), py(p, v));
        pen = true;
    }
    cairo_stroke(cr);
}

int fit_draw_convergence(const char *path, const fit_progress *pr, char *msg, size_t len)
{
    canvas c;
    if (canvas_open(&c, path, 600, msg, len))
        return -1;
    cairo_t *cr = c.cr;
    /* a log axis when every score is > 0 and they span more than a decade */
    double lo = INFINITY, hi = -INFINITY;
    for (size_t g = 0; g < pr->generations; g++)
        for (int k = 0; k < 2; k++) {
            double v = k ? pr->median[g] : pr->best[g];
            if (isfinite(v))
                lo = fmin(lo, v), hi = fmax(hi, v);
        }
    bool log_y = lo > 0 && hi / lo > 10;
    if (log_y)
        lo = log10(lo), hi = log10(hi);
    drawable_range(&lo, &hi);
    double x1 = pr->generations > 1 ? (double)(pr->generations - 1) : 1;
    panel p = {LEFT, TOP, WIDTH - LEFT - RIGHT, 600 - TOP - BOTTOM, 0, x1, lo, hi};
    cairo_set_source_rgb(cr, 0, 0, 0);
    draw_text(cr, WIDTH / 2.0, 20, 16, "axon fit: convergence", 0.5, 0);
    draw_axes(cr, &p, "generation", log_y ? "log10 score" : "score", 1, 1);
    if (pr->generations == 0)
        panel_message(cr, &p, "no generation yet");
    const char *labels[2] = {"best so far", "median"};
    for (int k = 0; k < 2; k++) {
        cairo_set_source_rgb(cr, palette[k][0], palette[k][1], palette[k][2]);
        cairo_set_line_width(cr, k ? 1.2 : 2.0);
        polyline(cr, &p, k ? pr->median : pr->best, pr->generations, log_y);
        legend_entry(cr, WIDTH - RIGHT + 12, TOP + 10 + 20 * k, palette[k], labels[k]);
    }
    return canvas_close(&c, msg, len);
}

int fit_draw_rasters(const char *path, const ax_fit_table *t, const ax_spike_trains *target,
                     const ax_spike_trains *fit, char *msg, size_t len)
{
    size_t P = t->n_protocols;
    plot_spikes *pops = calloc(2 * P, sizeof *pops);
    char(*names)[48] = calloc(2 * P, sizeof *names);
    uint32_t *zeros = NULL;
    size_t most = 0;
    for (size_t p = 0; p < P; p++) {
        most = most > target->offsets[p + 1] - target->offsets[p] ? most : target->offsets[p + 1] - target->offsets[p];
        most = most > fit->offsets[p + 1] - fit->offsets[p] ? most : fit->offsets[p + 1] - fit->offsets[p];
    }
    zeros = calloc(most ? most : 1, sizeof *zeros);
    if (!pops || !names || !zeros) {
        free(pops), free(names), free(zeros);
        snprintf(msg, len, "%s: out of memory", path);
        return -1;
    }
    double longest = 0;
    for (size_t p = 0; p < P; p++) {
        longest = fmax(longest, t->protocols[p].run_ms);
        for (int k = 0; k < 2; k++) {
            const ax_spike_trains *s = k ? fit : target;
            snprintf(names[2 * p + k], sizeof names[0], "%s p%zu", k ? "fit" : "target", p);
            size_t first = s->offsets[p];
            pops[2 * p + k] = (plot_spikes){names[2 * p + k], 1, s->offsets[p + 1] - first,
                                            s->times_ms ? s->times_ms + first : NULL, zeros, NULL};
        }
    }
    int rc = plot_raster(path, "axon fit: target and best fit, per protocol", NULL, pops, 2 * P, 0, longest,
                         (uint32_t)(2 * P), msg, len);
    free(pops), free(names), free(zeros);
    return rc;
}

int fit_draw_traces(const char *path, const ax_fit_table *t, const fit_target *tg, const fit_run *best, char *msg,
                    size_t len)
{
    size_t P = t->n_protocols;
    plot_panel *panels = calloc(P, sizeof *panels);
    plot_trace *traces = calloc(2 * P, sizeof *traces);
    char(*names)[48] = calloc(P, sizeof *names);
    size_t most = 0;
    for (size_t p = 0; p < P; p++)
        most = most > best->n_v[p] ? most : best->n_v[p];
    double *times = malloc((most ? most : 1) * sizeof *times);
    if (!panels || !traces || !names || !times) {
        free(panels), free(traces), free(names), free(times);
        snprintf(msg, len, "%s: out of memory", path);
        return -1;
    }
    for (size_t k = 0; k < most; k++)
        times[k] = (double)(k + 1) * t->record_ms;
    size_t n_traces = 0;
    for (size_t p = 0; p < P; p++) {
        snprintf(names[p], sizeof names[0], "v, protocol %zu", p);
        plot_trace *first = traces + n_traces;
        if (tg->v)
            traces[n_traces++] = (plot_trace){"target", tg->n_v[p], times, tg->v[p], 1};
        traces[n_traces++] = (plot_trace){"fit", best->n_v[p], times, best->v[p], 1};
        panels[p] = (plot_panel){names[p], "mV", first, (size_t)(traces + n_traces - first)};
    }
    int rc = plot_traces(path, "axon fit: voltage of the target and the best fit", tg->v ? NULL :
                         "(the target is spike data without voltage: the fit only)", panels, P, msg, len);
    free(panels), free(traces), free(names), free(times);
    return rc;
}
