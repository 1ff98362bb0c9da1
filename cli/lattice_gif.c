/*
 * lattice_gif.c - frames of a lattice for gif.c (lattice_gif.h).  The
 * frame is palette indices: cells are filled directly (exact colours, no
 * quantising), text is drawn by cairo into an alpha mask that becomes the
 * palette's greys.  What does not change - background, colour bar, its
 * labels - is drawn once; each frame copies it and adds cells and time.
 */
#include "lattice_gif.h"

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colormap.h"
#include "gif.h"

enum { MARGIN = 8, BAR_H = 10, LABEL_H = 15, TIME_H = 17, GREYS = 32, GREY0 = ANIM_STEPS, MIN_W = 260,
       DOTS_AREA = 400 };

struct anim {
    gif_out *gif;
    const lattice *l;
    double lo, hi;
    int w, h, cell, x0, y0, lw, lh;
    int *px, *py;                 /* dots: each neuron's square, top left */
    unsigned char *base, *frame;  /* w * h indices */
};

unsigned char anim_index(double v, double lo, double hi)
{
    double u = colormap_position(v, lo, hi);
    if (isnan(u))
        return ANIM_NONE;
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    return (unsigned char)lround(u * (ANIM_STEPS - 1));
}

/* Text into rows [y, y + h) of frame f: cairo draws it into an alpha mask,
 * each pixel's coverage picks one of the GREYS greys (white to black). */
static int text_into(unsigned char *f, int w, int y, int h, const char *s, double x, double align_x, double size)
{
    cairo_surface_t *m = cairo_image_surface_create(CAIRO_FORMAT_A8, w, h);
    if (cairo_surface_status(m) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(m);
        return -1;
    }
    cairo_t *cr = cairo_create(m);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    cairo_move_to(cr, x - align_x * e.x_advance, h - 4);
    cairo_show_text(cr, s);
    cairo_destroy(cr);
    cairo_surface_flush(m);
    const unsigned char *a = cairo_image_surface_get_data(m);
    int stride = cairo_image_surface_get_stride(m);
    for (int r = 0; r < h; r++)
        for (int c = 0; c < w; c++) {
            int cover = a[r * stride + c];
            if (cover)
                f[(size_t)(y + r) * w + c] = (unsigned char)(GREY0 + (cover * (GREYS - 1) + 127) / 255);
        }
    cairo_surface_destroy(m);
    return 0;
}

static void palette_of(unsigned char (*p)[3])
{
    memset(p, 0, 256 * sizeof *p);
    for (int k = 0; k < ANIM_STEPS; k++)
        colormap_rgb8((double)k / (ANIM_STEPS - 1), p[k]);
    for (int k = 0; k < GREYS; k++)
        p[GREY0 + k][0] = p[GREY0 + k][1] = p[GREY0 + k][2] = (unsigned char)(255 - k * 255 / (GREYS - 1));
    p[ANIM_NONE][0] = p[ANIM_NONE][1] = p[ANIM_NONE][2] = COLORMAP_NONE_GREY;
}

anim *anim_create(const char *path, const lattice *l, double lo, double hi, const char *label, int cell, int delay_cs,
                  plot_cells *where, int *w, int *h, char *err, size_t len)
{
    anim *a = calloc(1, sizeof *a);
    if (!a) {
        snprintf(err, len, "out of memory");
        return NULL;
    }
    a->l = l, a->lo = lo, a->hi = hi, a->cell = cell;
    if (l->grid) {
        a->lw = (int)l->nx * cell, a->lh = (int)l->ny * cell;
    } else {
        /* squares at the positions, seen from above, one unit as long across as up */
        double xr = l->x1 - l->x0, yr = l->y1 - l->y0, s;
        if (!(xr > 0) && !(yr > 0))
            xr = yr = 1;
        s = (DOTS_AREA - cell) / fmax(xr, yr);
        a->lw = (int)(xr * s) + cell, a->lh = (int)(yr * s) + cell;
        a->px = malloc(l->n * sizeof *a->px);
        a->py = malloc(l->n * sizeof *a->py);
        if (!a->px || !a->py) {
            free(a->px), free(a->py), free(a);
            snprintf(err, len, "out of memory");
            return NULL;
        }
        for (uint32_t i = 0; i < l->n; i++) {
            a->px[i] = (int)((l->xyz[3 * (size_t)i] - l->x0) * s);
            a->py[i] = a->lh - cell - (int)((l->xyz[3 * (size_t)i + 1] - l->y0) * s);
        }
    }
    a->w = (a->lw > MIN_W ? a->lw : MIN_W) + 2 * MARGIN;
    a->h = MARGIN + a->lh + 8 + BAR_H + LABEL_H + TIME_H + MARGIN;
    a->x0 = (a->w - a->lw) / 2, a->y0 = MARGIN;
    if ((double)a->w * a->h > 1e8) {
        snprintf(err, len, "%s: frames of %d x %d pixels are too large: choose smaller cells (--cell)", path, a->w, a->h);
        anim_abort(a);
        return NULL;
    }
    a->base = malloc((size_t)a->w * a->h);
    a->frame = malloc((size_t)a->w * a->h);
    if (!a->base || !a->frame) {
        snprintf(err, len, "out of memory");
        anim_abort(a);
        return NULL;
    }
    memset(a->base, GREY0, (size_t)a->w * a->h);   /* white */
    /* the colour bar under the lattice, as wide as the frame's inside */
    int bx = MARGIN, bw = a->w - 2 * MARGIN, by = MARGIN + a->lh + 8;
    for (int c = 0; c < bw; c++) {
        unsigned char k = (unsigned char)lround((double)c / (bw - 1) * (ANIM_STEPS - 1));
        for (int r = 0; r < BAR_H; r++)
            a->base[(size_t)(by + r) * a->w + bx + c] = k;
    }
    char lo_s[64], hi_s[160];
    snprintf(lo_s, sizeof lo_s, "%.4g", lo);
    snprintf(hi_s, sizeof hi_s, "%.4g", hi);
    if (text_into(a->base, a->w, by + BAR_H, LABEL_H, lo_s, bx, 0, 11) ||
        text_into(a->base, a->w, by + BAR_H, LABEL_H, hi_s, bx + bw, 1, 11) ||
        text_into(a->base, a->w, by + BAR_H, LABEL_H, label, a->w / 2.0, 0.5, 11)) {
        snprintf(err, len, "out of memory");
        anim_abort(a);
        return NULL;
    }
    unsigned char palette[256][3];
    palette_of(palette);
    a->gif = gif_create(path, a->w, a->h, (const unsigned char(*)[3])palette, delay_cs, err, len);
    if (!a->gif) {
        anim_abort(a);
        return NULL;
    }
    *where = (plot_cells){a->x0, a->y0, cell};
    *w = a->w, *h = a->h;
    return a;
}

int anim_frame(anim *a, double t, const double *values, char *err, size_t len)
{
    const lattice *l = a->l;
    memcpy(a->frame, a->base, (size_t)a->w * a->h);
    for (uint32_t i = 0; i < l->n; i++) {
        unsigned char k = anim_index(values[i], a->lo, a->hi);
        int x = a->x0 + (l->grid ? (int)l->col[i] * a->cell : a->px[i]);
        int y = a->y0 + (l->grid ? (int)(l->ny - 1 - l->row[i]) * a->cell : a->py[i]);
        for (int r = 0; r < a->cell; r++)
            memset(a->frame + (size_t)(y + r) * a->w + x, k, (size_t)a->cell);
    }
    char s[64];
    snprintf(s, sizeof s, "t = %g ms", t);
    if (text_into(a->frame, a->w, a->h - MARGIN - TIME_H, TIME_H, s, MARGIN, 0, 12)) {
        snprintf(err, len, "out of memory");
        return -1;
    }
    return gif_frame(a->gif, a->frame, err, len);
}

int anim_finish(anim *a, char *err, size_t len)
{
    int st = gif_finish(a->gif, err, len);
    a->gif = NULL;
    anim_abort(a);
    return st;
}

void anim_abort(anim *a)
{
    if (!a)
        return;
    gif_abort(a->gif);
    free(a->px);
    free(a->py);
    free(a->base);
    free(a->frame);
    free(a);
}
