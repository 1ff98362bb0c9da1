/*
 * channel.h - voltage-gated and leak ion channels of single-compartment
 * conductance-based neurons.
 *
 * A channel contributes  I = g (E - v)  to the membrane, with
 * g = gbar * (product of its gates raised to their powers).  Each gate x
 * follows first-order kinetics
 *     dx/dt = alpha(v) (1 - x) - beta(v) x = (x_inf(v) - x) / tau(v).
 *
 * Integration (the neuron's update, channel_cell.c) is the staggered
 * exponential scheme: gates live at half steps.  Over a step from t to
 * t + h, each gate is advanced from t - h/2 to t + h/2 with the rates
 * held at v(t) (exponential Euler: exact for constant v),
 *     x <- x_inf + (x - x_inf) exp(-h / tau),
 * and then v is advanced from t to t + h with the conductances frozen at
 * their midpoint values, exactly (v relaxes exponentially to the
 * conductance-weighted mean of the reversal potentials).  Both halves are
 * centred, so the scheme is second order in h, where plain exponential
 * Euler (Brian2's default for HH models) is first order; it is NEURON's
 * staggered scheme with an exact instead of an implicit v step, and it is
 * unconditionally stable for gates and v alike.  Recorded gate values
 * are therefore those of t + h/2.
 *
 * A channel reads its parameters by name from the neuron model's
 * parameter table (so two channels can share one, e.g. Traub-Miles'
 * v_offset, HH's celsius or every K+ channel's e_rev_K) and owns its
 * gates, also by name.  Parameters are absolute (uS, mV, ms); the
 * defaults are densities for a membrane of 1e-3 cm2, so that 1 uS reads
 * as 1 mS/cm2 and 1 nA as 1 uA/cm2.
 */
#ifndef AX_CHANNEL_H
#define AX_CHANNEL_H

#include <math.h>
#include <stdint.h>

#include "core/vmath.h"
#include "core/model_util.h"

#define AX_CHANNEL_MAX_PARAMS 16
#define AX_CHANNEL_MAX_GATES 4

/* What a channel's step sees: neurons [begin, end) of one population. */
typedef struct ax_channel_ctx {
    uint32_t begin, end;
    double h;                    /* step, ms */
    const double *v;             /* membrane potential at the step's start, mV */
    const double *v_mid;         /* v extrapolated to the step's middle, 1.5 v(t) - 0.5 v(t - h):
                                    for instantaneous gates, which then stay second order */
    double *const *gate;         /* gate[k][i], in the channel's gate order */
    const double *const *param;  /* param[k][i] when het, else param[k][0] */
    double *g, *g_e;             /* add g (uS) and g * E (uS mV) of each neuron */
    const void *impl;            /* the channel's impl */
} ax_channel_ctx;

typedef struct ax_channel {
    const char *name;            /* e.g. "Na_HH" */
    const char *doc;             /* one paragraph: equations, reference */
    const ax_param_info *params; /* the parameters it reads, with the defaults a
                                    cell built from channels gets */
    uint32_t n_params;
    const ax_var_info *gates;    /* its gating variables (state); the initial values
                                    are the steady state at -65 mV */
    uint32_t n_gates;
    /* Advances the gates by h at v (as described above) and adds the
     * channel's conductance at the midpoint to g and g_e.  het: 0 when
     * each parameter has one value for all neurons. */
    void (*step)(const ax_channel_ctx *c, int het);
    /* What step needs besides the context (NULL for the library's channels;
     * a user-defined channel's compiled rate functions, channels/user.c).
     * Read only: step runs concurrently on disjoint neuron ranges. */
    const void *impl;
} ax_channel;

/* The gate update of exponential Euler, from rates alpha and beta (1/ms).
 * Rate functions use ax_exp and ax_z_over_expm1 (core/vmath.h), which
 * vectorise, rather than libm's exp. */
AX_INLINE double ax_gate_step(double x, double alpha, double beta, double h)
{
    double s = alpha + beta, x_inf = alpha / s;
    return x_inf + (x - x_inf) * ax_exp(-h * s);
}

/* Calls body(c, 0) or body(c, 1), het a compile-time constant. */
#define AX_CHANNEL_DISPATCH(body, c, het) \
    do {                                  \
        if (het)                          \
            body((c), 1);                 \
        else                              \
            body((c), 0);                 \
    } while (0)

/* The channel library, in catalogue order, and lookup by name (NULL if
 * none). */
size_t ax_channel_library_size(void);
const ax_channel *ax_channel_at(size_t index);
const ax_channel *ax_channel_find(const char *name);

/* The membrane of a cell built from channels (channels/membrane.c): its
 * own parameters (cm, i_offset, v_thresh, tau_refrac, e_rev_E, e_rev_I,
 * tau_syn_E, tau_syn_I), v, and its synaptic state (gsyn_exc, gsyn_inh,
 * refrac).  A channel's parameters and gates may not take these names. */
#define AX_MEMBRANE_N_PARAMS 8
#define AX_MEMBRANE_N_SYNAPTIC 3
extern const ax_param_info ax_membrane_params[AX_MEMBRANE_N_PARAMS];
extern const ax_var_info ax_membrane_v;
extern const ax_var_info ax_membrane_synaptic_vars[AX_MEMBRANE_N_SYNAPTIC];
bool ax_cell_reserved_name(const char *name);

/* Frees a channel made by ax_channel_define (channels/user.c). */
void ax_user_channel_free(ax_channel *ch);

/* A channel of the library or one defined on net with ax_channel_define
 * (channels/user.c), by name; NULL if none. */
const ax_channel *ax_channel_lookup(const ax_network *net, const char *name);

extern const ax_channel ax_channel_leak, ax_channel_Na_HH, ax_channel_K_HH, ax_channel_Na, ax_channel_K,
    ax_channel_M, ax_channel_CaL, ax_channel_CaT, ax_channel_KA, ax_channel_Ih;

/* Na and K in one loop (channels/traub_miles.c), not in the catalogue: a
 * cell runs it in place of Na directly followed by K. */
extern const ax_channel ax_channel_Na_K;

#endif
