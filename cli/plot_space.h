/*
 * plot_space.h - pictures of populations in space, drawn with cairo: a
 * heat map of a value per neuron (grid cells, or dots at the positions)
 * with its colour bar, and positions with the synapses of a projection.
 * PNG or SVG by the file name, written under a temporary name and renamed.
 */
#ifndef AXON_PLOT_SPACE_H
#define AXON_PLOT_SPACE_H

#include <stddef.h>

#include "lattice.h"

/* Where the cells of a grid heat map are in the picture (pixels): cell
 * (col, row) covers [x + col * cell, x + (col + 1) * cell) across and
 * [y + (ny - 1 - row) * cell, ...) down (row 0, the smallest y, at the
 * bottom); cell = 0 when the neurons are drawn as dots. */
typedef struct plot_cells {
    int x, y, cell;
} plot_cells;

/* values[i] of neuron i coloured on the scale [lo, hi] (viridis; NaN:
 * grey, not recorded); `label` names the scale ("v (mV) at t = 50 ms").
 * Grids as cells, other positions as dots (3-D: seen from above). */
int plot_heatmap(const char *path, const char *title, const char *note, const lattice *l, const double *values,
                 double lo, double hi, const char *label, plot_cells *where, char *err, size_t len);

/* The positions of `pre` and `post` (the same lattice for a projection
 * within one population) as dots, and a line from source to target for
 * each synapse in e (a sample of at most all), coloured by the sign of its
 * weight, its opacity by its size.  Names label the legend. */
int plot_connections(const char *path, const char *title, const char *note, const lattice *pre, const char *pre_name,
                     const lattice *post, const char *post_name, const lattice_edges *e, char *err, size_t len);

#endif
