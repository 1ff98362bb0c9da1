/*
 * core.h - what every part may touch of a network: its last message, its
 * memory account, the catalogue of what was defined on it (models
 * registered or built from channels, channels defined) and the warnings
 * collected on it.  struct
 * ax_network (net/network.h) begins with an ax_core, so core/, models/ and
 * channels/ reach these fields without knowing the rest of the network
 * (a pointer to a struct is a pointer to its first member, C11 6.7.2.1).
 */
#ifndef AX_CORE_H
#define AX_CORE_H

#include <stdbool.h>
#include <stdint.h>

#include "axon.h"
#include "core/warning.h"

struct ax_channel;

typedef struct ax_core {
    char error[1024];
    uint64_t memory_limit;       /* bytes the network may plan for */
    uint64_t memory_planned;     /* estimate of what the declared objects need */
    bool built;                  /* synapses and buffers exist: nothing structural may be added */

    const ax_model **models;     /* registered on this network (ax_model_register), in order */
    uint32_t n_models, cap_models;
    struct ax_owned_model {      /* made at run time (ax_model_define_cell, ...): also in models */
        ax_model *model;
        void (*free)(ax_model *);
    } *owned;
    uint32_t n_owned, cap_owned;
    struct ax_channel **channels;   /* defined by ax_channel_define: owned */
    uint32_t n_channels, cap_channels;
    struct eq_rule **rules;      /* plasticity rules defined by ax_plasticity_define_equations: owned */
    uint32_t n_rules, cap_rules;
    ax_warning_list warnings;    /* likely mistakes found so far (core/warning.c) */
} ax_core;

/* The core of a network.  The message and the catalogue may be changed
 * through a const network as well (the message is what C++ would call
 * mutable); networks are only made by ax_network_create, never defined
 * const, so the cast is defined. */
static inline ax_core *ax_core_of(const ax_network *net) { return (ax_core *)net; }

#endif
