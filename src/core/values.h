/*
 * values.h - checking and drawing ax_value (a constant, one value per
 * element, or a distribution).
 */
#ifndef AX_VALUES_H
#define AX_VALUES_H

#include "axon.h"
#include "rng.h"

/* Checks that v is well formed: finite numbers, low <= high, sd >= 0, a
 * clipped normal whose interval is not lost in the tail, and (for
 * AX_VALUE_ARRAY) exactly `count` finite values; count == 0 means an array is not
 * allowed here.  On failure writes why into msg and returns -1. */
int ax_value_check(const ax_value *v, size_t count, char *msg, size_t len);

/* The smallest and largest values v can produce (may be infinite). */
void ax_value_support(const ax_value *v, double *lo, double *hi);

/* One value: the constant, array[index], or a draw from r. */
double ax_value_draw(const ax_value *v, ax_rng *r, size_t index);

/* A typical value of v, whose sign is that of most draws: the mean (of a
 * clipped normal, its mean moved into [low, high]). */
double ax_value_center(const ax_value *v);

/* True when every draw gives the same number (constant, or an array whose
 * values are all equal, or a zero-width distribution). */
int ax_value_is_fixed(const ax_value *v, double *value);

/* "uniform(-60, -50)", for messages. */
const char *ax_value_describe(const ax_value *v, char *buf, size_t len);

#endif
