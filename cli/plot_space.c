/*
 * plot_space.c - heat maps over positions and pictures of connections
 * (plot_space.h), with the canvas, text and axes of plot.c.
 *
 * Positions are drawn to scale (one unit is as long across as up), x to
 * the right and y upwards, as on a map; grid cells are whole pixels, so a
 * cell's colour is exactly the scale's colour of its value.
 */
#include "plot_space.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colormap.h"
#include "plot_canvas.h"

#define AREA 720          /* pixels: the largest side of the drawing of positions */
#define MAX_CELL 48       /* pixels: the largest cell of a small grid */
#define BAR_W 22          /* the colour bar's width */
#define BAR_MIN_H 240

/* The colour bar at (x, y), h pixels high: the scale from lo (bottom) to
 * hi (top) in one-pixel rows, round ticks on its right, the label beside. */
static void colour_bar(cairo_t *cr, double x, double y, double h, double lo, double hi, const char *label)
{
    for (int j = 0; j < (int)h; j++) {
        double rgb[3];
        colormap_rgb(1 - (j + 0.5) / h, rgb);
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        cairo_rectangle(cr, x, y + j, BAR_W, 1);
        cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, 1);
    cairo_rectangle(cr, x + 0.5, y + 0.5, BAR_W, (int)h);
    cairo_stroke(cr);
    panel bar = {x, y, BAR_W, (int)h, 0, 1, lo, hi};
    double step = nice_step(hi - lo, 6), k0 = ceil(lo / step), k1 = floor(hi / step + 1e-9);
    char buf[64];
    for (double k = k0; isfinite(k0) && isfinite(k1) && k1 - k0 <= 100 && k <= k1; k++) {
        double v = k * step, ty = floor(py(&bar, v)) + 0.5;
        cairo_move_to(cr, x + BAR_W, ty);
        cairo_line_to(cr, x + BAR_W + 5, ty);
        cairo_stroke(cr);
        format_tick(buf, sizeof buf, v, step);
        draw_text(cr, x + BAR_W + 8, ty, 13, buf, 0.0, 0.5);
    }
    vertical_text(cr, x + BAR_W + 84, y + h / 2, 15, label);
}

static void title_lines(cairo_t *cr, const char *title, const char *note)
{
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    draw_text(cr, LEFT, TOP / 2.0 - 6, 18, title ? title : "", 0.0, 0.5);
    note_line(cr, note);
}

/* A panel for positions over [x0, x1] x [y0, y1] (padded by pad units),
 * one unit the same length across and up, the longer side AREA pixels. */
static panel map_panel(double x0, double x1, double y0, double y1, double pad)
{
    double xr = x1 - x0 + 2 * pad, yr = y1 - y0 + 2 * pad;
    if (!(xr > 0))
        xr = yr > 0 ? yr : 1;
    if (!(yr > 0))
        yr = xr;
    double s = fmin(AREA / xr, AREA / yr), cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    panel p = {LEFT, TOP + 8, round(xr * s), round(yr * s), cx - xr / 2, cx + xr / 2, cy - yr / 2, cy + yr / 2};
    return p;
}

int plot_heatmap(const char *path, const char *title, const char *note, const lattice *l, const double *values,
                 double lo, double hi, const char *label, plot_cells *where, char *err, size_t len)
{
    panel p;
    int cell = 0;
    if (l->grid) {
        uint32_t most = l->nx > l->ny ? l->nx : l->ny;
        cell = most >= AREA ? 1 : AREA / (int)most;
        cell = cell > MAX_CELL ? MAX_CELL : cell;
        p = (panel){LEFT, TOP + 8, (double)l->nx * cell, (double)l->ny * cell, l->x0 - l->dx / 2, l->x1 + l->dx / 2,
                    l->y0 - l->dy / 2, l->y1 + l->dy / 2};
    } else {
        double pad = 0.04 * fmax(fmax(l->x1 - l->x0, l->y1 - l->y0), 1e-9);
        p = map_panel(l->x0, l->x1, l->y0, l->y1, pad);
    }
    double bar_h = fmax(p.h, BAR_MIN_H), bar_x = p.x + p.w + 36;
    int width = (int)fmax(bar_x + BAR_W + 110, 640), height = (int)(p.y + fmax(p.h, bar_h) + BOTTOM + 8);
    canvas c;
    if (canvas_open_size(&c, path, width, height, err, len))
        return -1;
    cairo_t *cr = c.cr;
    title_lines(cr, title, note);
    unsigned char rgb[3];
    if (l->grid) {
        /* whole-pixel cells without antialiasing: each holds its exact colour */
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
        for (uint32_t i = 0; i < l->n; i++) {
            colormap_rgb8(colormap_position(values[i], lo, hi), rgb);
            cairo_set_source_rgb(cr, rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0);
            cairo_rectangle(cr, p.x + (double)l->col[i] * cell, p.y + (double)(l->ny - 1 - l->row[i]) * cell, cell,
                            cell);
            cairo_fill(cr);
        }
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
    } else {
        double r = fmin(10, fmax(1.5, 360 / sqrt((double)l->n)));
        for (uint32_t i = 0; i < l->n; i++) {
            colormap_rgb8(colormap_position(values[i], lo, hi), rgb);
            cairo_set_source_rgb(cr, rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0);
            cairo_arc(cr, px(&p, l->xyz[3 * (size_t)i]), py(&p, l->xyz[3 * (size_t)i + 1]), r, 0, 2 * M_PI);
            cairo_fill(cr);
        }
    }
    bool strip = l->grid && l->ny == 1;   /* a 1-D grid: y says nothing */
    draw_axes(cr, &p, "x", strip ? NULL : "y", 1, !strip);
    colour_bar(cr, bar_x, p.y, bar_h, lo, hi, label);
    if (where)
        *where = (plot_cells){(int)p.x, (int)p.y, cell};
    return canvas_close(&c, err, len);
}

static void legend_line(cairo_t *cr, double x, double y, const double *rgb, const char *label)
{
    cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
    cairo_set_line_width(cr, 2);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x + 16, y);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    draw_text(cr, x + 22, y, 14, label, 0.0, 0.5);
}

static void dots(cairo_t *cr, const panel *p, const lattice *l, const double *rgb, double r)
{
    cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
    for (uint32_t i = 0; i < l->n; i++) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, px(p, l->xyz[3 * (size_t)i]), py(p, l->xyz[3 * (size_t)i + 1]), r, 0, 2 * M_PI);
    }
    cairo_fill(cr);
}

int plot_connections(const char *path, const char *title, const char *note, const lattice *pre, const char *pre_name,
                     const lattice *post, const char *post_name, const lattice_edges *e, char *err, size_t len)
{
    double x0 = fmin(pre->x0, post->x0), x1 = fmax(pre->x1, post->x1);
    double y0 = fmin(pre->y0, post->y0), y1 = fmax(pre->y1, post->y1);
    panel p = map_panel(x0, x1, y0, y1, 0.04 * fmax(fmax(x1 - x0, y1 - y0), 1e-9));
    canvas c;
    if (canvas_open_size(&c, path, (int)(p.x + p.w + 300), (int)(p.y + p.h + BOTTOM + 8), err, len))
        return -1;
    cairo_t *cr = c.cr;
    title_lines(cr, title, note);
    static const double positive[3] = {0.835, 0.369, 0.000}, negative[3] = {0.000, 0.447, 0.698};
    static const double pre_rgb[3] = {0.15, 0.15, 0.15}, post_rgb[3] = {0.000, 0.620, 0.451};
    /* many lines on top of each other add up: the fainter the more there are */
    double biggest = fmax(fabs(e->w_min), fabs(e->w_max)), base = fmin(0.8, fmax(0.04, 25 / sqrt((double)e->n + 1)));
    cairo_set_line_width(cr, 1.0);
    for (size_t k = 0; k < e->n; k++) {
        const double *a = pre->xyz + 3 * (size_t)e->pre[k], *b = post->xyz + 3 * (size_t)e->post[k];
        if (a[0] == b[0] && a[1] == b[1])
            continue;   /* to itself, or straight above: no line to see */
        double w = e->weight[k], strength = biggest > 0 ? fabs(w) / biggest : 1;
        const double *rgb = w < 0 ? negative : positive;
        cairo_set_source_rgba(cr, rgb[0], rgb[1], rgb[2], base * (0.3 + 0.7 * strength));
        cairo_move_to(cr, px(&p, a[0]), py(&p, a[1]));
        cairo_line_to(cr, px(&p, b[0]), py(&p, b[1]));
        cairo_stroke(cr);
    }
    uint32_t most = pre->n > post->n ? pre->n : post->n;
    double r = fmin(5, fmax(1.2, 200 / sqrt((double)most)));
    dots(cr, &p, pre, pre_rgb, r);
    if (post != pre)
        dots(cr, &p, post, post_rgb, r * 0.7);
    draw_axes(cr, &p, "x", "y", 1, 1);
    /* legend */
    double lx = p.x + p.w + 30, ly = p.y + 10;
    char label[200];
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    draw_text(cr, lx, ly, 15, "neurons", 0.0, 0.5);
    snprintf(label, sizeof label, "%.60s%s (%u)", pre_name, post == pre ? "" : ", sources", pre->n);
    legend_entry(cr, lx, ly + 26, pre_rgb, label);
    if (post != pre) {
        snprintf(label, sizeof label, "%.60s, targets (%u)", post_name, post->n);
        legend_entry(cr, lx, ly + 52, post_rgb, label);
    }
    ly += post != pre ? 104 : 78;
    draw_text(cr, lx, ly, 15, "synapses", 0.0, 0.5);
    int rows = 1;
    if (e->total && e->w_max >= 0)
        legend_line(cr, lx, ly + 26 * rows++, positive, "weight >= 0");
    if (e->total && e->w_min < 0)
        legend_line(cr, lx, ly + 26 * rows++, negative, "weight < 0");
    if (e->total) {
        snprintf(label, sizeof label, "weights %.4g .. %.4g", e->w_min, e->w_max);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        draw_text(cr, lx, ly + 26 * rows++, 13, label, 0.0, 0.5);
        snprintf(label, sizeof label, "%zu of %llu drawn", e->n, (unsigned long long)e->total);
        draw_text(cr, lx, ly + 26 * rows++, 13, label, 0.0, 0.5);
        draw_text(cr, lx, ly + 26 * rows++, 13, "fainter: smaller |weight|", 0.0, 0.5);
    } else {
        panel_message(cr, &p, "no synapses");
    }
    return canvas_close(&c, err, len);
}
