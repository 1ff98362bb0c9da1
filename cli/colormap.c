/*
 * colormap.c - viridis: the anchors are matplotlib's viridis at 0, 1/8,
 * ..., 1; between them the colour is interpolated linearly and rounded to
 * 8 bits, so a PNG cell and a GIF cell of the same value have the same
 * colour, and a test can compute it.
 */
#include "colormap.h"

#include <math.h>

static const unsigned char anchors[9][3] = {
    {68, 1, 84},    {71, 45, 123},  {59, 82, 139},  {44, 114, 142}, {33, 145, 140},
    {40, 174, 128}, {94, 201, 98},  {173, 220, 48}, {253, 231, 37},
};

void colormap_rgb8(double u, unsigned char rgb[3])
{
    if (isnan(u)) {
        rgb[0] = rgb[1] = rgb[2] = COLORMAP_NONE_GREY;
        return;
    }
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    double x = u * 8;
    int k = x >= 8 ? 7 : (int)x;
    double f = x - k;
    for (int c = 0; c < 3; c++)
        rgb[c] = (unsigned char)lround(anchors[k][c] + f * (anchors[k + 1][c] - anchors[k][c]));
}

void colormap_rgb(double u, double rgb[3])
{
    unsigned char c[3];
    colormap_rgb8(u, c);
    for (int k = 0; k < 3; k++)
        rgb[k] = c[k] / 255.0;
}

double colormap_position(double v, double lo, double hi)
{
    if (isnan(v))
        return NAN;
    if (!(hi > lo))
        return 0.5;   /* every value the same: the middle of the scale */
    return (v - lo) / (hi - lo);
}
