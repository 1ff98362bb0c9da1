/*
 * colormap.h - the colour scale of heat maps and animations: viridis
 * (perceptually uniform, readable in grey and by colour-blind readers),
 * its nine anchor colours interpolated linearly.
 */
#ifndef AXON_COLORMAP_H
#define AXON_COLORMAP_H

/* The colour of u in [0, 1] (clamped; NaN: grey, "no value") as 0..255 each. */
void colormap_rgb8(double u, unsigned char rgb[3]);

/* The same as doubles in [0, 1] (cairo's). */
void colormap_rgb(double u, double rgb[3]);

/* Where value v falls on the scale [lo, hi]: 0 .. 1, NaN for NaN. */
double colormap_position(double v, double lo, double hi);

/* The grey of neurons without a value (not recorded). */
#define COLORMAP_NONE_GREY 200

#endif
