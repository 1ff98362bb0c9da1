/*
 * analyze_pictures.c - the PNGs of `axon analyze`, next to analysis.json:
 * line figures (population rate, its PSD on a log power axis, ISI, CV and
 * rate histograms as steps) and colour matrices with their scale
 * (correlations, SPIKE-distances of the sampled neurons).  Drawn with the
 * canvas, axes and colour map of `axon plot` (plot_canvas.h, colormap.h).
 */
#include <math.h>
#include <stdio.h>

#include "analyze.h"
#include "colormap.h"
#include "plot_canvas.h"

enum { AN_HEIGHT = 520 };

int an_draw_lines(const char *path, const char *title, const char *xlabel, const char *ylabel, const double *x,
                  const double *y, size_t n, bool log_y, char *err, size_t len)
{
    canvas c;
    if (canvas_open(&c, path, AN_HEIGHT, err, len) < 0)
        return -1;
    cairo_t *cr = c.cr;
    cairo_set_source_rgb(cr, 0, 0, 0);
    draw_text(cr, LEFT, TOP / 2.0, 18, title, 0.0, 0.5);
    panel p = {LEFT, TOP, WIDTH - LEFT - RIGHT, AN_HEIGHT - TOP - BOTTOM, INFINITY, -INFINITY, INFINITY, -INFINITY};
    size_t drawn = 0;
    /* a log axis leaves out values <= 0 (no power there to show) */
    for (size_t k = 0; k < n; k++) {
        double v = log_y ? (y[k] > 0 ? log10(y[k]) : NAN) : y[k];
        if (!isfinite(v) || !isfinite(x[k]))
            continue;
        p.x0 = fmin(p.x0, x[k]);
        p.x1 = fmax(p.x1, x[k]);
        p.y0 = fmin(p.y0, v);
        p.y1 = fmax(p.y1, v);
        drawn++;
    }
    if (!drawn) {
        p.x0 = p.y0 = 0;
        p.x1 = p.y1 = 1;
    }
    drawable_range(&p.x0, &p.x1);
    drawable_range(&p.y0, &p.y1);
    char yl[256];
    snprintf(yl, sizeof yl, log_y ? "log10 %s" : "%s", ylabel);
    draw_axes(cr, &p, xlabel, yl, 8, 6);
    if (!drawn)
        panel_message(cr, &p, "no values to draw");
    cairo_set_source_rgb(cr, palette[0][0], palette[0][1], palette[0][2]);
    cairo_set_line_width(cr, 1.5);
    bool pen = false;
    for (size_t k = 0; k < n; k++) {
        double v = log_y ? (y[k] > 0 ? log10(y[k]) : NAN) : y[k];
        if (!isfinite(v) || !isfinite(x[k])) {
            pen = false;
            continue;
        }
        if (pen)
            cairo_line_to(cr, px(&p, x[k]), py(&p, v));
        else
            cairo_move_to(cr, px(&p, x[k]), py(&p, v));
        pen = true;
    }
    cairo_stroke(cr);
    return canvas_close(&c, err, len);
}

int an_draw_matrix(const char *path, const char *title, const double *m, size_t k, double lo, double hi,
                   const char *scale_label, char *err, size_t len)
{
    canvas c;
    int side = 600;
    if (canvas_open_size(&c, path, side + LEFT + RIGHT, side + TOP + BOTTOM, err, len) < 0)
        return -1;
    cairo_t *cr = c.cr;
    cairo_set_source_rgb(cr, 0, 0, 0);
    draw_text(cr, LEFT, TOP / 2.0, 18, title, 0.0, 0.5);
    double cell = k ? (double)side / (double)k : side;
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) {
            double rgb[3];
            colormap_rgb(colormap_position(m[i * k + j], lo, hi), rgb);
            cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
            cairo_rectangle(cr, LEFT + j * cell, TOP + i * cell, cell + 0.5, cell + 0.5);
            cairo_fill(cr);
        }
    /* the scale: a bar from lo (bottom) to hi (top) with its ends written */
    double bx = LEFT + side + 30, bw = 24;
    for (int s = 0; s < side; s++) {
        double rgb[3];
        colormap_rgb(1.0 - (double)s / (side - 1), rgb);
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        cairo_rectangle(cr, bx, TOP + s, bw, 1.5);
        cairo_fill(cr);
    }
    char buf[64];
    cairo_set_source_rgb(cr, 0, 0, 0);
    snprintf(buf, sizeof buf, "%.3g", hi);
    draw_text(cr, bx + bw + 6, TOP, 13, buf, 0.0, 0.0);
    snprintf(buf, sizeof buf, "%.3g", lo);
    draw_text(cr, bx + bw + 6, TOP + side, 13, buf, 0.0, 1.0);
    vertical_text(cr, bx + bw + 50, TOP + side / 2.0, 14, scale_label);
    draw_text(cr, LEFT + side / 2.0, TOP + side + 20, 14, "sampled neuron", 0.5, 0.0);
    return canvas_close(&c, err, len);
}
