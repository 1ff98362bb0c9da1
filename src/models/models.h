/*
 * models.h - the functions of models/ that other folders call: receptor
 * lookup by name and the models a network owns (models/registry.c).  The
 * catalogue itself is public (ax_model_count, ax_model_get, ax_model_find).
 */
#ifndef AX_MODELS_H
#define AX_MODELS_H

#include <stddef.h>

#include "axon.h"

/* Index of a receptor of a model by name, or -1 with a message (listing
 * those allowed and the closest match) written into msg. */
int ax_find_receptor(const ax_model *m, const char *name, char *msg, size_t len);

/* Registers m, made at run time (ax_model_define_cell, ...), on net; the
 * network frees it with free_model when it is freed.  On failure m is
 * freed at once. */
ax_status ax_own_model(ax_network *net, ax_model *m, void (*free_model)(ax_model *));

#endif
