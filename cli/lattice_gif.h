/*
 * lattice_gif.h - an animated GIF of a population's values over time:
 * each frame the lattice (grid cells, or squares at the positions seen
 * from above) coloured on one fixed scale, under it the colour bar with
 * its ends and the frame's time.  Colours are the viridis of colormap.h
 * in 200 steps (palette entries 0 .. 199), greys for text, and
 * COLORMAP_NONE_GREY for neurons without a value.
 */
#ifndef AXON_LATTICE_GIF_H
#define AXON_LATTICE_GIF_H

#include <stddef.h>

#include "lattice.h"
#include "plot_space.h"

#define ANIM_STEPS 200    /* colours of the scale: palette entries 0 .. ANIM_STEPS - 1 */
#define ANIM_NONE 232     /* the palette entry of "no value" */

typedef struct anim anim;

/* Starts the animation at path: values on [lo, hi] (label: what and unit,
 * e.g. "L v (mV)"), cells of `cell` pixels, delay_cs per frame.  *where
 * tells where the cells are; *w, *h the size in pixels. */
anim *anim_create(const char *path, const lattice *l, double lo, double hi, const char *label, int cell, int delay_cs,
                  plot_cells *where, int *w, int *h, char *err, size_t len);
/* A frame at time t (ms) of values[0 .. n). */
int anim_frame(anim *a, double t, const double *values, char *err, size_t len);
/* Completes and renames the file; frees a.  anim_abort leaves nothing. */
int anim_finish(anim *a, char *err, size_t len);
void anim_abort(anim *a);

/* The palette index of value v on [lo, hi]. */
unsigned char anim_index(double v, double lo, double hi);

#endif
