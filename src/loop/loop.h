/*
 * loop.h - what the closed-loop files share: the loop object.
 *
 * A loop (docs/learning.md, "Closed reward loops") steps a network and the
 * caller's environment callbacks together in segments.  This folder uses
 * only core/ and axon.h: it runs the network through the public API, as a
 * user's own controller would.
 */
#ifndef AX_LOOP_H
#define AX_LOOP_H

#include <stddef.h>
#include <stdint.h>

#include "axon.h"
#include "core/error.h"

struct ax_loop {
    ax_network *net;
    double segment_ms;
    ax_loop_observe_fn observe;
    ax_loop_act_fn act;
    ax_loop_reward_fn reward;
    void *user;
    bool has_modulator;
    ax_modulator modulator;

    size_t n_inputs;
    ax_input *inputs;           /* the inputs the loop added, in spec order */
    bool *is_drive;             /* input i is a Poisson drive (its level must be >= 0) */
    double *levels;             /* what observe wrote for the coming segment */

    size_t n_outputs;
    ax_recorder *recorders;     /* one spike recorder per output population */
    size_t *first;              /* counts[first[o] + i] is neuron i of output o */
    size_t n_counts;
    uint32_t *counts;

    double *rewards;            /* one per completed segment */
    uint64_t segments;
    size_t cap_rewards;
};

#endif
