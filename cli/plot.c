/*
 * plot.c - raster plots, population rates, traces and histograms with cairo.
 *
 * Figures are meant to be read by a person without explanation: every axis
 * is labelled with its unit, every colour appears in a legend, and ticks
 * fall on round numbers.  PNG (raster) or SVG (vector) by file extension;
 * the file is written under a temporary name and renamed when complete.
 */
#include "plot.h"
#include "plot_canvas.h"

#include <cairo.h>
#include <cairo-svg.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

int canvas_open(canvas *c, const char *path, int height, char *err, size_t len)
{
    return canvas_open_size(c, path, WIDTH, height, err, len);
}

int canvas_open_size(canvas *c, const char *path, int width, int height, char *err, size_t len)
{
    memset(c, 0, sizeof *c);
    c->path = path;
    c->width = width;
    c->height = height;
    c->png = ends_with(path, ".png");
    if (!c->png && !ends_with(path, ".svg")) {
        snprintf(err, len, "%s: plots are written as .png or .svg", path);
        return -1;
    }
    snprintf(c->tmp, sizeof c->tmp, "%s.partial", path);
    c->surface = c->png ? cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height)
                        : cairo_svg_surface_create(c->tmp, width, height);
    if (cairo_surface_status(c->surface) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, len, "%s: %s", path, cairo_status_to_string(cairo_surface_status(c->surface)));
        cairo_surface_destroy(c->surface);
        return -1;
    }
    c->cr = cairo_create(c->surface);
    cairo_set_source_rgb(c->cr, 1, 1, 1);
    cairo_paint(c->cr);
    cairo_select_font_face(c->cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    return 0;
}

int canvas_close(canvas *c, char *err, size_t len)
{
    cairo_status_t st = cairo_status(c->cr);
    cairo_destroy(c->cr);
    if (c->png && st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_write_to_png(c->surface, c->tmp);
    cairo_surface_finish(c->surface);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(c->surface);
    cairo_surface_destroy(c->surface);
    if (st != CAIRO_STATUS_SUCCESS) {
        remove(c->tmp);
        snprintf(err, len, "%s: %s", c->path, cairo_status_to_string(st));
        return -1;
    }
    if (rename(c->tmp, c->path) != 0) {
        snprintf(err, len, "%s: %s", c->path, strerror(errno));
        remove(c->tmp);
        return -1;
    }
    return 0;
}

void draw_text(cairo_t *cr, double x, double y, double size, const char *s, double align_x, double align_y)
{
    cairo_text_extents_t e;
    cairo_set_font_size(cr, size);
    cairo_text_extents(cr, s, &e);
    cairo_move_to(cr, x - align_x * e.width - e.x_bearing, y - align_y * e.height - e.y_bearing);
    cairo_show_text(cr, s);
}

void vertical_text(cairo_t *cr, double x, double y, double size, const char *s)
{
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_rotate(cr, -M_PI / 2);
    draw_text(cr, 0, 0, size, s, 0.5, 0.5);
    cairo_restore(cr);
}

/* A round tick spacing giving at most about `max_ticks` ticks. */
double nice_step(double range, int max_ticks)
{
    if (!(range > 0) || !isfinite(range))
        return 1;
    double raw = range / max_ticks, mag = pow(10, floor(log10(raw)));
    double norm = raw / mag;
    return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
}

/* Makes [*lo, *hi] a range that can be drawn: finite, and wide enough that
 * its ticks are distinct numbers (an empty, zero-width, NaN or infinite
 * range of data becomes one around it, or [0, 1]). */
void drawable_range(double *lo, double *hi)
{
    if (!isfinite(*lo) || !isfinite(*hi) || *lo > *hi) {
        double v = isfinite(*lo) ? *lo : isfinite(*hi) ? *hi : 0;
        *lo = v, *hi = v;
    }
    double width = fmax(1e-9 * fmax(fabs(*lo), fabs(*hi)), 1e-300);
    if (!(*hi - *lo > width)) {
        double half = *lo == 0 ? 0.5 : 0.5 * fabs(*lo) * 1e-3 + 1e-12;
        *lo -= half, *hi += half;
    }
    if (!isfinite(*hi - *lo))
        *lo = 0, *hi = 1;
}

void format_tick(char *buf, size_t len, double v, double step)
{
    int dec = step >= 1 ? 0 : (int)fmin(20, ceil(-log10(step) - 1e-9));
    snprintf(buf, len, "%.*f", dec, fabs(v) < step * 1e-6 ? 0.0 : v);
}

/* Frame, ticks and labels; y ticks optional (raster rows have none). */
void draw_axes(cairo_t *cr, const panel *p, const char *xlabel, const char *ylabel, int x_ticks, int y_ticks)
{
    char buf[64];
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, 1.0);
    cairo_rectangle(cr, p->x + 0.5, p->y + 0.5, p->w, p->h);
    cairo_stroke(cr);
    if (x_ticks) {
        /* ticks by their number, k * step: no loop that a range can make endless */
        double step = nice_step(p->x1 - p->x0, 10);
        double k0 = ceil(p->x0 / step), k1 = floor(p->x1 / step + 1e-9);
        for (double k = k0; isfinite(k0) && isfinite(k1) && k1 - k0 <= 100 && k <= k1; k++) {
            double v = k * step;
            double x = floor(px(p, v)) + 0.5;
            cairo_move_to(cr, x, p->y + p->h);
            cairo_line_to(cr, x, p->y + p->h + 5);
            cairo_stroke(cr);
            format_tick(buf, sizeof buf, v, step);
            draw_text(cr, x, p->y + p->h + 9, 13, buf, 0.5, 0.0);
        }
    }
    if (xlabel)
        draw_text(cr, p->x + p->w / 2, p->y + p->h + 34, 15, xlabel, 0.5, 0.0);
    if (y_ticks) {
        double step = nice_step(p->y1 - p->y0, 5);
        double k0 = ceil(p->y0 / step), k1 = floor(p->y1 / step + 1e-9);
        for (double k = k0; isfinite(k0) && isfinite(k1) && k1 - k0 <= 100 && k <= k1; k++) {
            double v = k * step;
            double y = floor(py(p, v)) + 0.5;
            cairo_move_to(cr, p->x - 5, y);
            cairo_line_to(cr, p->x, y);
            cairo_stroke(cr);
            format_tick(buf, sizeof buf, v, step);
            draw_text(cr, p->x - 8, y, 13, buf, 1.0, 0.5);
        }
    }
    if (ylabel)
        vertical_text(cr, p->x - 62, p->y + p->h / 2, 15, ylabel);
}

void legend_entry(cairo_t *cr, double x, double y, const double *rgb, const char *label)
{
    cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
    cairo_rectangle(cr, x, y - 6, 14, 12);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    draw_text(cr, x + 22, y, 14, label, 0.0, 0.5);
}

double plot_rate_bin_ms(double t0, double t1) { return nice_step((t1 - t0) / 200.0, 1); }

size_t plot_rate_bins(double t0, double t1, double bin_ms)
{
    double n = ceil((t1 - t0) / bin_ms);
    return n >= 1 && n < 1e6 ? (size_t)n : 1;
}

/* A line of grey text in the middle of a panel: why it is empty. */
void panel_message(cairo_t *cr, const panel *p, const char *s)
{
    cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
    draw_text(cr, p->x + p->w / 2, p->y + p->h / 2, 16, s, 0.5, 0.5);
}

/* The note under the title (a sample, an interrupted run). */
void note_line(cairo_t *cr, const char *note)
{
    if (!note || !*note)
        return;
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    draw_text(cr, LEFT, TOP / 2.0 + 17, 12, note, 0.0, 0.5);
}

int plot_raster(const char *path, const char *title, const char *note, const plot_spikes *pops, size_t n_pops,
                double t0, double t1, uint32_t max_rows, char *err, size_t err_len)
{
    if (n_pops == 0) {
        snprintf(err, err_len, "%s: nothing to plot (no populations)", path);
        return -1;
    }
    drawable_range(&t0, &t1);
    /* rows per population, in proportion to size, at least one each */
    uint64_t total = 0;
    for (size_t k = 0; k < n_pops; k++)
        total += pops[k].size ? pops[k].size : 1;
    uint32_t *rows = calloc(n_pops, sizeof *rows);
    if (!rows) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    uint32_t all_rows = 0;
    for (size_t k = 0; k < n_pops; k++) {
        uint32_t size = pops[k].size ? pops[k].size : 1;
        double share = total > max_rows ? (double)max_rows * size / (double)total : size;
        rows[k] = (uint32_t)fmax(1.0, round(share));
        if (rows[k] > size)
            rows[k] = size;
        all_rows += rows[k];
    }

    canvas c;
    if (canvas_open(&c, path, 820, err, err_len)) {
        free(rows);
        return -1;
    }
    cairo_t *cr = c.cr;
    double plot_w = WIDTH - LEFT - RIGHT;
    panel raster = {LEFT, TOP, plot_w, 480, t0, t1, 0, all_rows};
    panel rate = {LEFT, TOP + 480 + 30, plot_w, 820 - BOTTOM - (TOP + 480 + 30), t0, t1, 0, 1};

    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    draw_text(cr, LEFT, TOP / 2.0 - 6, 18, title ? title : "", 0.0, 0.5);
    note_line(cr, note);

    /* raster: population 0 at the bottom */
    double row_h = raster.h / all_rows, mark_w = fmax(1.2, plot_w / 1500.0);
    uint32_t base = 0;
    size_t drawn = 0;
    for (size_t k = 0; k < n_pops; k++) {
        const double *rgb = palette[k % N_COLOURS];
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        for (size_t q = 0; q < pops[k].n; q++) {
            double t = pops[k].times[q];
            if (pops[k].ids[q] >= rows[k] || !(t >= t0 && t <= t1))
                continue;
            double y = py(&raster, base + pops[k].ids[q] + 1);
            cairo_rectangle(cr, px(&raster, t) - mark_w / 2, y, mark_w, fmax(1.0, row_h * 0.8));
            drawn++;
        }
        cairo_fill(cr);
        base += rows[k];
        if (k + 1 < n_pops) {
            cairo_set_source_rgb(cr, 0.7, 0.7, 0.7);
            cairo_set_line_width(cr, 1);
            double y = floor(py(&raster, base)) + 0.5;
            cairo_move_to(cr, raster.x, y);
            cairo_line_to(cr, raster.x + raster.w, y);
            cairo_stroke(cr);
        }
    }
    if (!drawn)
        panel_message(cr, &raster, "no spikes in this time range");
    char ylabel[96];
    snprintf(ylabel, sizeof ylabel, "neuron (%u of %llu shown)", all_rows, (unsigned long long)total);
    draw_axes(cr, &raster, NULL, ylabel, 1, 0);

    /* population rates: from every spike (counts) or those given */
    double bin_ms = plot_rate_bin_ms(t0, t1);
    size_t nb = plot_rate_bins(t0, t1, bin_ms);
    double *rate_hz = calloc(n_pops * nb, sizeof *rate_hz), *spikes_in = calloc(n_pops, sizeof *spikes_in);
    if (!rate_hz || !spikes_in) {
        free(rate_hz);
        free(spikes_in);
        free(rows);
        canvas_close(&c, err, err_len);
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    double peak = 0;
    for (size_t k = 0; k < n_pops; k++) {
        double *hz = rate_hz + k * nb;
        if (pops[k].counts) {
            memcpy(hz, pops[k].counts, nb * sizeof *hz);
        } else {
            for (size_t q = 0; q < pops[k].n; q++) {
                double t = pops[k].times[q];
                if (t > t0 && t <= t1) {   /* spike times are step ends: (t0, t1] */
                    size_t b = (size_t)((t - t0 - 1e-9) / bin_ms);
                    hz[b < nb ? b : nb - 1] += 1;
                }
            }
        }
        for (size_t b = 0; b < nb; b++) {
            double width = fmin(bin_ms, t1 - t0 - b * bin_ms);
            spikes_in[k] += hz[b];
            hz[b] *= 1000.0 / (width * (pops[k].size ? pops[k].size : 1));
            peak = fmax(peak, hz[b]);
        }
    }
    rate.y1 = peak > 0 && isfinite(peak) ? peak * 1.1 : 1;
    cairo_set_line_width(cr, 1.6);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (size_t k = 0; k < n_pops; k++) {
        const double *rgb = palette[k % N_COLOURS];
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        for (size_t b = 0; b < nb; b++) {
            double x = px(&rate, t0 + (b + 0.5) * bin_ms), y = py(&rate, rate_hz[k * nb + b]);
            if (b == 0)
                cairo_move_to(cr, x, y);
            else
                cairo_line_to(cr, x, y);
        }
        cairo_stroke(cr);
    }
    char rlabel[64];
    snprintf(rlabel, sizeof rlabel, "rate (Hz), %g ms bins", bin_ms);
    draw_axes(cr, &rate, "time (ms)", rlabel, 1, 1);

    /* legend with mean rates */
    double lx = LEFT + plot_w + 24, ly = TOP + 10;
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    draw_text(cr, lx, ly, 15, "population", 0.0, 0.5);
    for (size_t k = 0; k < n_pops; k++) {
        char label[128];
        snprintf(label, sizeof label, "%s  %.1f Hz", pops[k].name,
                 spikes_in[k] * 1000.0 / ((t1 - t0) * (pops[k].size ? pops[k].size : 1)));
        legend_entry(cr, lx, ly + 26 * (k + 1), palette[k % N_COLOURS], label);
    }
    free(rate_hz);
    free(spikes_in);
    free(rows);
    return canvas_close(&c, err, err_len);
}

void plot_axis_label(char *buf, size_t len, const char *variable, const char *unit)
{
    if (unit)
        snprintf(buf, len, "%s (%s)", variable, *unit ? unit : "1");
    else
        snprintf(buf, len, "%s", variable);
}

/* A canvas for n_panels panels stacked below the title; -1 with a message
 * when there is nothing (`what`) to plot or the file cannot be made. */
static int open_panels(canvas *c, const char *path, const char *title, const char *note, size_t n_panels,
                       int panel_h, int gap, const char *what, char *err, size_t err_len)
{
    if (n_panels == 0) {
        snprintf(err, err_len, "%s: no %s to plot", path, what);
        return -1;
    }
    if (canvas_open(c, path, TOP + (int)n_panels * (panel_h + gap) - gap + BOTTOM, err, err_len))
        return -1;
    cairo_set_source_rgb(c->cr, 0.1, 0.1, 0.1);
    draw_text(c->cr, LEFT, TOP / 2.0 - 6, 18, title ? title : "", 0.0, 0.5);
    note_line(c->cr, note);
    return 0;
}

int plot_traces(const char *path, const char *title, const char *note, const plot_panel *panels, size_t n_panels,
                char *err, size_t err_len)
{
    const int panel_h = 220, gap = 46;
    canvas c;
    if (open_panels(&c, path, title, note, n_panels, panel_h, gap, "traces", err, err_len))
        return -1;
    cairo_t *cr = c.cr;
    double t0 = INFINITY, t1 = -INFINITY;
    for (size_t k = 0; k < n_panels; k++)
        for (size_t j = 0; j < panels[k].n_traces; j++)
            if (panels[k].traces[j].n) {
                t0 = fmin(t0, panels[k].traces[j].times[0]);
                t1 = fmax(t1, panels[k].traces[j].times[panels[k].traces[j].n - 1]);
            }
    drawable_range(&t0, &t1);
    for (size_t k = 0; k < n_panels; k++) {
        const plot_panel *pn = &panels[k];
        double lo = INFINITY, hi = -INFINITY;
        size_t samples = 0;
        for (size_t j = 0; j < pn->n_traces; j++)
            for (size_t s = 0; s < pn->traces[j].n; s++) {
                double v = pn->traces[j].values[s * pn->traces[j].stride];
                if (isfinite(v))
                    lo = fmin(lo, v), hi = fmax(hi, v), samples++;
            }
        drawable_range(&lo, &hi);
        double pad = 0.05 * (hi - lo);
        panel p = {LEFT, TOP + k * (panel_h + gap), WIDTH - LEFT - RIGHT, panel_h, t0, t1, lo - pad, hi + pad};
        cairo_set_line_width(cr, 1.3);
        for (size_t j = 0; j < pn->n_traces; j++) {
            const plot_trace *tr = &pn->traces[j];
            const double *rgb = palette[j % N_COLOURS];
            cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
            bool down = false;   /* a NaN or infinite value (a run that blew up) breaks the line */
            for (size_t s = 0; s < tr->n; s++) {
                double v = tr->values[s * tr->stride];
                if (!isfinite(v) || !isfinite(tr->times[s])) {
                    down = false;
                    continue;
                }
                double x = px(&p, tr->times[s]), y = py(&p, v);
                if (!down)
                    cairo_move_to(cr, x, y);
                else
                    cairo_line_to(cr, x, y);
                if (tr->n == 1)   /* one sample: a dot */
                    cairo_rectangle(cr, x - 2, y - 2, 4, 4);
                down = true;
            }
            cairo_stroke(cr);
            if (j < 12)
                legend_entry(cr, LEFT + p.w + 24, p.y + 12 + 22 * j, rgb, tr->label);
        }
        if (!samples)
            panel_message(cr, &p, "no samples");
        char ylabel[96];
        plot_axis_label(ylabel, sizeof ylabel, pn->variable, pn->unit);
        draw_axes(cr, &p, k + 1 == n_panels ? "time (ms)" : NULL, ylabel, 1, 1);
    }
    return canvas_close(&c, err, err_len);
}

int plot_histograms(const char *path, const char *title, const char *note, const plot_hist_panel *panels,
                    size_t n_panels, char *err, size_t err_len)
{
    const int panel_h = 240, gap = 62;
    canvas c;
    if (open_panels(&c, path, title, note, n_panels, panel_h, gap, "histograms", err, err_len))
        return -1;
    cairo_t *cr = c.cr;
    for (size_t k = 0; k < n_panels; k++) {
        const plot_hist_panel *pn = &panels[k];
        double x0 = INFINITY, x1 = -INFINITY, top = 0;
        for (size_t j = 0; j < pn->n_hists; j++) {
            const plot_hist *h = &pn->hists[j];
            if (!h->bins)
                continue;
            x0 = fmin(x0, h->edges[0]);
            x1 = fmax(x1, h->edges[h->bins]);
            for (size_t b = 0; b < h->bins; b++)
                top = fmax(top, h->counts[b]);
        }
        bool empty = !isfinite(x0);
        drawable_range(&x0, &x1);
        if (!(top > 0) || !isfinite(top))
            top = 1;
        panel p = {LEFT, TOP + k * (panel_h + gap), WIDTH - LEFT - RIGHT, panel_h, x0, x1, 0, top * 1.08};
        cairo_set_line_width(cr, 1.6);
        for (size_t j = 0; j < pn->n_hists; j++) {
            const plot_hist *h = &pn->hists[j];
            const double *rgb = palette[j % N_COLOURS];
            if (!h->bins)
                continue;
            cairo_move_to(cr, px(&p, h->edges[0]), py(&p, 0));
            for (size_t b = 0; b < h->bins; b++) {
                cairo_line_to(cr, px(&p, h->edges[b]), py(&p, h->counts[b]));
                cairo_line_to(cr, px(&p, h->edges[b + 1]), py(&p, h->counts[b]));
            }
            cairo_line_to(cr, px(&p, h->edges[h->bins]), py(&p, 0));
            cairo_set_source_rgba(cr, rgb[0], rgb[1], rgb[2], 0.12);
            cairo_fill_preserve(cr);
            cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
            cairo_stroke(cr);
            if (j < 12)
                legend_entry(cr, LEFT + p.w + 24, p.y + 12 + 22 * j, rgb, h->label);
        }
        if (empty)
            panel_message(cr, &p, "no weights recorded");
        char xlabel[160], name[140];
        snprintf(name, sizeof name, "weight of %s", pn->name ? pn->name : "");
        plot_axis_label(xlabel, sizeof xlabel, name, pn->unit);
        draw_axes(cr, &p, xlabel, "synapses", 1, 1);
    }
    return canvas_close(&c, err, err_len);
}
