/*
 * space.h - the functions of space/: positions of a population's neurons
 * (grids, random positions in a box, disk or ball, given positions).
 * A population's positions live in ax_population_data.positions (3
 * doubles per neuron, or NULL); space/ fills them, net/ frees them.
 */
#ifndef AX_SPACE_H
#define AX_SPACE_H

#include "net/net.h"

/* Checks s against a population of `size` neurons named `name`; on
 * failure writes why into msg and returns -1. */
int ax_structure_check(const ax_structure *s, uint32_t size, const char *name, char *msg, size_t len);

/* Fills xyz[3 size] from a checked structure; random kinds draw from the
 * stream (seed, AX_RNG_SPACE of population `pop_index`, neuron). */
void ax_structure_fill(const ax_structure *s, uint32_t size, uint64_t seed, uint32_t pop_index, double *xyz);

#endif
