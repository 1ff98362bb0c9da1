/*
 * plot_canvas.h - what the figures of cli/plot.c and the pictures of
 * cli/plot_space.c share: a canvas written under a temporary name and
 * renamed when complete, text, axes with round ticks, the palette.
 * Internal to the axon command.
 */
#ifndef AXON_PLOT_CANVAS_H
#define AXON_PLOT_CANVAS_H

#include <cairo.h>
#include <stddef.h>

enum { WIDTH = 1200, LEFT = 86, RIGHT = 190, TOP = 56, BOTTOM = 62 };

/* Colour-blind-friendly qualitative palette (Okabe & Ito 2008), first
 * population blue, second vermillion: excitatory / inhibitory at a glance. */
static const double palette[][3] = {
    {0.000, 0.447, 0.698}, {0.835, 0.369, 0.000}, {0.000, 0.620, 0.451}, {0.800, 0.475, 0.655},
    {0.902, 0.624, 0.000}, {0.337, 0.706, 0.914}, {0.941, 0.894, 0.259}, {0.3, 0.3, 0.3},
};
#define N_COLOURS (sizeof palette / sizeof palette[0])

typedef struct canvas {
    cairo_surface_t *surface;
    cairo_t *cr;
    char tmp[4096];
    const char *path;
    int png;
    int width, height;
} canvas;

/* A white canvas of WIDTH x height (or width x height) pixels for path
 * (.png or .svg), drawn into path.partial; canvas_close writes it and
 * renames it to path.  0, or -1 with a message naming the file. */
int canvas_open(canvas *c, const char *path, int height, char *err, size_t len);
int canvas_open_size(canvas *c, const char *path, int width, int height, char *err, size_t len);
int canvas_close(canvas *c, char *err, size_t len);

typedef struct panel {
    double x, y, w, h;        /* pixels */
    double x0, x1, y0, y1;    /* data range */
} panel;

static inline double px(const panel *p, double x) { return p->x + (x - p->x0) / (p->x1 - p->x0) * p->w; }
static inline double py(const panel *p, double y) { return p->y + p->h - (y - p->y0) / (p->y1 - p->y0) * p->h; }

/* Text with its box aligned at (x, y): align 0 left/top, 0.5 centre, 1 right/bottom. */
void draw_text(cairo_t *cr, double x, double y, double size, const char *s, double align_x, double align_y);
void vertical_text(cairo_t *cr, double x, double y, double size, const char *s);
/* Frame, round ticks (optional) and labels of a panel. */
void draw_axes(cairo_t *cr, const panel *p, const char *xlabel, const char *ylabel, int x_ticks, int y_ticks);
/* A round tick spacing giving at most about max_ticks ticks. */
double nice_step(double range, int max_ticks);
/* Makes [*lo, *hi] finite and wide enough to draw. */
void drawable_range(double *lo, double *hi);
void format_tick(char *buf, size_t len, double v, double step);
void legend_entry(cairo_t *cr, double x, double y, const double *rgb, const char *label);
/* Grey text in the middle of a panel: why it is empty. */
void panel_message(cairo_t *cr, const panel *p, const char *s);
/* The note under the title. */
void note_line(cairo_t *cr, const char *note);

#endif
