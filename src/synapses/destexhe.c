/*
 * AMPA, NMDA, GABAa, GABAb - receptor kinetics of Destexhe, Mainen &
 * Sejnowski (1994, Neural Comput 6:14-18; 1998, "Kinetic models of
 * synaptic transmission", in Koch & Segev, Methods in Neuronal Modeling,
 * 2nd ed.), with the transmitter as square pulses (receptor.h).
 *
 * AMPA, GABAa, NMDA: first-order binding  dr/dt = alpha T (1 - r) - beta r,
 *   I = gmax r B(v) (e_rev - v);  B = 1, except NMDA's magnesium block
 *   (Jahr & Stevens 1990)  B(v) = 1 / (1 + exp(-0.062 v) [Mg] / 3.57).
 *   Defaults (Destexhe et al. 1998): AMPA alpha 1.1 /mM/ms, beta 0.19 /ms,
 *   e_rev 0 mV; NMDA 0.072, 0.0066, 0 mV, [Mg] 1 mM; GABAa 5, 0.18,
 *   -80 mV; T_max 1 mM, C_dur 1 ms.  With T constant over a step the
 *   solution is exact: r -> r_inf + (r - r_inf) exp(-h (alpha T + beta)).
 *
 * GABAb: receptor binding and a G protein that opens K+ channels
 *   (Destexhe & Sejnowski 1995; NEURON's gabab.mod of Destexhe et al.):
 *   dr/dt = K1 T (1 - r) - K2 r,   ds/dt = K3 r - K4 s,
 *   I = gmax s^4 / (s^4 + Kd) (e_rev - v);  K1 0.52 /mM/ms, K2 0.0013,
 *   K3 0.098, K4 0.033 /ms, Kd 100, e_rev -95 mV, T_max 0.5 mM,
 *   C_dur 0.3 ms.  r exactly as above; s by the closed form of its linear
 *   ODE driven by that exponential r.
 *
 * D1, D2: dopamine receptors as metabotropic modulators (as in the seed
 *   simulator's DopamineReceptor): first-order binding of dopamine as
 *   above (r_D1, r_D2), no current of their own; a neuron's other receptor
 *   conductances are scaled by max(0, 1 + sum_D k_<R>_<D> r_D)
 *   (models/with_receptors.c), the linear form of Humphries et al. (2009,
 *   Neural Netw 22:1174).  Kinetic defaults are chosen, not from a
 *   reference: alpha 0.5 /mM/ms, beta 0.005 /ms (r decays in ~200 ms),
 *   T_max 1 mM, C_dur 1 ms.
 *
 * Release: square pulses of C_dur (default), or with tau_T > 0 the
 * approximate model in which a spike raises T by weight x T_max and T is
 * cleared exponentially; the binding then sees T's mean over each step
 * (second order in dt instead of exact).
 */
#include <math.h>
#include <string.h>

#include "core/vmath.h"
#include "core/model_util.h"
#include "core/propagators.h"
#include "synapses/receptor.h"

#define PULSE(name, tmax, cdur)                                                                          \
    {"T_max_" name, "mM", tmax, 0.0, INFINITY, 0, name ": transmitter concentration of a pulse of weight 1"}, \
    {"C_dur_" name, "ms", cdur, 0.0, INFINITY, AX_PARAM_GT_MIN, name ": duration of a square pulse (one value)"},    \
    {"tau_T_" name, "ms", 0.0, 0.0, INFINITY, 0,                                                             \
     name ": 0: square pulses of C_dur; > 0: T jumps by weight x T_max and is cleared with this time constant"}

enum { T_MAX, C_DUR, TAU_T, GMAX, E_REV, ALPHA, BETA, MG };

/* How the transmitter changes over a step: with tau_T > 0 it decays by
 * `decay` and the binding sees its mean `mean` x T; square pulses stay
 * constant (decay < 0 marks them). */
typedef struct clearance {
    double decay, mean;
} clearance;

static clearance clearance_of(double tau_T, double h)
{
    clearance c = {-1.0, 1.0};
    if (tau_T > 0.0)
        c = (clearance){exp(-h / tau_T), ax_mean_decay(h, tau_T)};
    return c;
}

/* The transmitter the binding sees over the step: T's mean plus graded
 * release (constant over the step). */
AX_INLINE double bound_T(const ax_receptor_ctx *c, uint32_t i, double T, double t_max, clearance cl)
{
    return T * cl.mean + (c->graded ? c->graded[i] * t_max : 0.0);
}

/* One step of the transmitter: the pulses delivered now start, and square
 * pulses that started pulse_steps ago end (or T decays).  Returns the new
 * T (never below 0). */
AX_INLINE double pulse_step(const ax_receptor_ctx *c, uint32_t i, double T, double t_max, clearance cl)
{
    double *slot = c->pulses + (size_t)c->slot * c->n + i;
    double started = c->input[i] * t_max, ended = *slot;
    *slot = started;
    T = cl.decay >= 0.0 ? T * cl.decay + started : T + started - ended;
    return T > 0.0 ? T : 0.0;
}

AX_INLINE void first_order(const ax_receptor_ctx *c, int het, int nmda)
{
    const double *const *P = c->param;
    double *restrict T = c->state[0], *restrict r = c->state[1], *restrict cur = c->current;
    const double *restrict v = c->v;
    const clearance cl0 = clearance_of(P[TAU_T][0], c->h);
    for (uint32_t i = c->begin; i < c->end; i++) {
        uint32_t k = het ? i : 0;
        clearance cl = het ? clearance_of(P[TAU_T][k], c->h) : cl0;
        double vi = v[i], ri = r[i], Ti = T[i];
        double block = nmda ? 1.0 / (1.0 + ax_exp(-0.062 * vi) * P[MG][k] * (1.0 / 3.57)) : 1.0;
        cur[i] += P[GMAX][k] * ri * block * (P[E_REV][k] - vi);
        double a = P[ALPHA][k] * bound_T(c, i, Ti, P[T_MAX][k], cl), rate = a + P[BETA][k], r_inf = a / rate;
        r[i] = r_inf + (ri - r_inf) * ax_exp(-c->h * rate);
        T[i] = pulse_step(c, i, Ti, P[T_MAX][k], cl);
    }
}

/* ---- dopamine (modulators: binding only) ---- */

enum { ALPHA_D = 3, BETA_D };

AX_INLINE void modulator(const ax_receptor_ctx *c, int het)
{
    const double *const *P = c->param;
    double *restrict T = c->state[0], *restrict r = c->state[1];
    const clearance cl0 = clearance_of(P[TAU_T][0], c->h);
    for (uint32_t i = c->begin; i < c->end; i++) {
        uint32_t k = het ? i : 0;
        clearance cl = het ? clearance_of(P[TAU_T][k], c->h) : cl0;
        double a = P[ALPHA_D][k] * bound_T(c, i, T[i], P[T_MAX][k], cl), rate = a + P[BETA_D][k], r_inf = a / rate;
        r[i] = r_inf + (r[i] - r_inf) * ax_exp(-c->h * rate);
        T[i] = pulse_step(c, i, T[i], P[T_MAX][k], cl);
    }
}

static void modulator_step(const ax_receptor_ctx *c, int het)
{
    if (het)
        modulator(c, 1);
    else
        modulator(c, 0);
}

#define DOPAMINE(name)                                                                                   \
    PULSE(name, 1.0, 1.0),                                                                               \
    {"alpha_" name, "1/(mM ms)", 0.5, 0.0, INFINITY, 0, name ": dopamine binding rate"},                 \
    {"beta_" name, "1/ms", 0.005, 0.0, INFINITY, AX_PARAM_GT_MIN, name ": unbinding rate"}

static const ax_param_info d1_params[] = {DOPAMINE("D1")};
static const ax_param_info d2_params[] = {DOPAMINE("D2")};
static const ax_var_info d1_vars[] = {
    {"T_D1", "mM", 0.0, "D1: dopamine concentration"},
    {"r_D1", "", 0.0, "D1: fraction of bound receptors (the modulation signal)"},
};
static const ax_var_info d2_vars[] = {
    {"T_D2", "mM", 0.0, "D2: dopamine concentration"},
    {"r_D2", "", 0.0, "D2: fraction of bound receptors (the modulation signal)"},
};

static void ampa_step(const ax_receptor_ctx *c, int het)
{
    if (het)
        first_order(c, 1, 0);
    else
        first_order(c, 0, 0);
}

static void nmda_step(const ax_receptor_ctx *c, int het)
{
    if (het)
        first_order(c, 1, 1);
    else
        first_order(c, 0, 1);
}

static const ax_param_info ampa_params[] = {
    PULSE("AMPA", 1.0, 1.0),
    {"gmax_AMPA", "uS", 0.01, 0.0, INFINITY, 0, "AMPA: maximal conductance"},
    {"e_rev_AMPA", "mV", 0.0, -INFINITY, INFINITY, 0, "AMPA: reversal potential"},
    {"alpha_AMPA", "1/(mM ms)", 1.1, 0.0, INFINITY, 0, "AMPA: binding rate"},
    {"beta_AMPA", "1/ms", 0.19, 0.0, INFINITY, AX_PARAM_GT_MIN, "AMPA: unbinding rate"},
};
static const ax_var_info ampa_vars[] = {
    {"T_AMPA", "mM", 0.0, "AMPA: transmitter concentration"},
    {"r_AMPA", "", 0.0, "AMPA: fraction of open receptors"},
};

static const ax_param_info gabaa_params[] = {
    PULSE("GABAa", 1.0, 1.0),
    {"gmax_GABAa", "uS", 0.01, 0.0, INFINITY, 0, "GABAa: maximal conductance"},
    {"e_rev_GABAa", "mV", -80.0, -INFINITY, INFINITY, 0, "GABAa: reversal potential"},
    {"alpha_GABAa", "1/(mM ms)", 5.0, 0.0, INFINITY, 0, "GABAa: binding rate"},
    {"beta_GABAa", "1/ms", 0.18, 0.0, INFINITY, AX_PARAM_GT_MIN, "GABAa: unbinding rate"},
};
static const ax_var_info gabaa_vars[] = {
    {"T_GABAa", "mM", 0.0, "GABAa: transmitter concentration"},
    {"r_GABAa", "", 0.0, "GABAa: fraction of open receptors"},
};

static const ax_param_info nmda_params[] = {
    PULSE("NMDA", 1.0, 1.0),
    {"gmax_NMDA", "uS", 0.01, 0.0, INFINITY, 0, "NMDA: maximal conductance"},
    {"e_rev_NMDA", "mV", 0.0, -INFINITY, INFINITY, 0, "NMDA: reversal potential"},
    {"alpha_NMDA", "1/(mM ms)", 0.072, 0.0, INFINITY, 0, "NMDA: binding rate"},
    {"beta_NMDA", "1/ms", 0.0066, 0.0, INFINITY, AX_PARAM_GT_MIN, "NMDA: unbinding rate"},
    {"mg_NMDA", "mM", 1.0, 0.0, INFINITY, 0, "NMDA: extracellular magnesium (Jahr & Stevens block)"},
};
static const ax_var_info nmda_vars[] = {
    {"T_NMDA", "mM", 0.0, "NMDA: transmitter concentration"},
    {"r_NMDA", "", 0.0, "NMDA: fraction of bound receptors"},
};

/* ---- GABAb ---- */

enum { K1 = 3, K2, K3, K4, KD, GMAX_B, E_REV_B };

static const ax_param_info gabab_params[] = {
    PULSE("GABAb", 0.5, 0.3),
    {"K1_GABAb", "1/(mM ms)", 0.52, 0.0, INFINITY, 0, "GABAb: receptor binding rate"},
    {"K2_GABAb", "1/ms", 0.0013, 0.0, INFINITY, AX_PARAM_GT_MIN, "GABAb: receptor unbinding rate"},
    {"K3_GABAb", "1/ms", 0.098, 0.0, INFINITY, 0, "GABAb: G-protein production rate"},
    {"K4_GABAb", "1/ms", 0.033, 0.0, INFINITY, AX_PARAM_GT_MIN, "GABAb: G-protein decay rate"},
    {"Kd_GABAb", "", 100.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "GABAb: dissociation constant of the K+ channel (s^4)"},
    {"gmax_GABAb", "uS", 0.01, 0.0, INFINITY, 0, "GABAb: maximal conductance"},
    {"e_rev_GABAb", "mV", -95.0, -INFINITY, INFINITY, 0, "GABAb: reversal potential (K+)"},
};
static const ax_var_info gabab_vars[] = {
    {"T_GABAb", "mM", 0.0, "GABAb: transmitter concentration"},
    {"r_GABAb", "", 0.0, "GABAb: fraction of activated receptors"},
    {"s_GABAb", "", 0.0, "GABAb: G-protein concentration (relative)"},
};

AX_INLINE void gabab(const ax_receptor_ctx *c, int het)
{
    const double *const *P = c->param;
    double *restrict T = c->state[0], *restrict r = c->state[1], *restrict s = c->state[2];
    double *restrict cur = c->current;
    const double *restrict v = c->v;
    const double h = c->h;
    const clearance cl0 = clearance_of(P[TAU_T][0], h);
    for (uint32_t i = c->begin; i < c->end; i++) {
        uint32_t k = het ? i : 0;
        clearance cl = het ? clearance_of(P[TAU_T][k], h) : cl0;
        double vi = v[i], ri = r[i], si = s[i], Ti = T[i];
        double s4 = si * si * si * si;
        cur[i] += P[GMAX_B][k] * s4 / (s4 + P[KD][k]) * (P[E_REV_B][k] - vi);
        /* r(t) = r_inf + (r0 - r_inf) exp(-lambda t) over the step */
        double a = P[K1][k] * bound_T(c, i, Ti, P[T_MAX][k], cl), lambda = a + P[K2][k], r_inf = a / lambda;
        double e_l = ax_exp(-h * lambda), k4 = P[K4][k], e_4 = ax_exp(-h * k4);
        /* s(h) = s0 e^{-K4 h} + K3 [r_inf (1 - e^{-K4 h}) / K4
         *        + (r0 - r_inf) (e^{-lambda h} - e^{-K4 h}) / (K4 - lambda)] */
        double mixed = h * e_4 * ax_one_minus_exp_neg_over((lambda - k4) * h);
        s[i] = si * e_4 + P[K3][k] * (r_inf * (1.0 - e_4) / k4 + (ri - r_inf) * mixed);
        r[i] = r_inf + (ri - r_inf) * e_l;
        T[i] = pulse_step(c, i, Ti, P[T_MAX][k], cl);
    }
}

static void gabab_step(const ax_receptor_ctx *c, int het)
{
    if (het)
        gabab(c, 1);
    else
        gabab(c, 0);
}

static const ax_receptor_kind destexhe_kinds[] = {
    {"AMPA",
     "AMPA receptor, first-order binding dr/dt = alpha T (1 - r) - beta r, I = gmax r (e_rev - v) "
     "(Destexhe, Mainen & Sejnowski 1994, 1998); transmitter: square pulses of weight x T_max, C_dur long.",
     ampa_params, AX_COUNT(ampa_params), ampa_vars, AX_COUNT(ampa_vars), ampa_step, true, false},
    {"NMDA",
     "NMDA receptor, first-order binding as AMPA with slow rates and the magnesium block of Jahr & Stevens "
     "(1990): I = gmax r (e_rev - v) / (1 + exp(-0.062 v) [Mg] / 3.57).",
     nmda_params, AX_COUNT(nmda_params), nmda_vars, AX_COUNT(nmda_vars), nmda_step, true, false},
    {"GABAa",
     "GABAa receptor, first-order binding dr/dt = alpha T (1 - r) - beta r, I = gmax r (e_rev - v) "
     "(Destexhe, Mainen & Sejnowski 1994, 1998).",
     gabaa_params, AX_COUNT(gabaa_params), gabaa_vars, AX_COUNT(gabaa_vars), ampa_step, true, false},
    {"GABAb",
     "GABAb receptor with G-protein activation of K+ channels (Destexhe & Sejnowski 1995): "
     "dr/dt = K1 T (1 - r) - K2 r, ds/dt = K3 r - K4 s, I = gmax s^4 / (s^4 + Kd) (e_rev - v).",
     gabab_params, AX_COUNT(gabab_params), gabab_vars, AX_COUNT(gabab_vars), gabab_step, true, false},
    {"D1",
     "Dopamine D1 receptor, a modulator: first-order binding dr/dt = alpha T (1 - r) - beta r, no current; "
     "scales the neuron's receptor conductances g_R by max(0, 1 + k_R_D1 r) (by default NMDA's up).",
     d1_params, AX_COUNT(d1_params), d1_vars, AX_COUNT(d1_vars), modulator_step, true, true},
    {"D2",
     "Dopamine D2 receptor, a modulator like D1; by default it scales AMPA's and NMDA's conductances down.",
     d2_params, AX_COUNT(d2_params), d2_vars, AX_COUNT(d2_vars), modulator_step, true, true},
};


size_t ax_receptor_kind_count(void) { return AX_COUNT(destexhe_kinds) + AX_EXPONENTIAL_RECEPTORS; }

const ax_receptor_kind *ax_receptor_kind_at(size_t index)
{
    if (index < AX_COUNT(destexhe_kinds))
        return &destexhe_kinds[index];
    index -= AX_COUNT(destexhe_kinds);
    return index < AX_EXPONENTIAL_RECEPTORS ? &ax_exponential_receptors[index] : NULL;
}

ax_status ax_receptor_kind_get_info(size_t index, ax_channel_info *out)
{
    const ax_receptor_kind *k = ax_receptor_kind_at(index);
    if (!k || !out)
        return AX_ERR_ARGUMENT;
    *out = (ax_channel_info){k->name, k->doc, k->params, k->n_params, k->vars, k->n_vars};
    return AX_OK;
}

const ax_receptor_kind *ax_receptor_kind_find(const char *name)
{
    for (size_t i = 0; name && i < ax_receptor_kind_count(); i++)
        if (strcmp(ax_receptor_kind_at(i)->name, name) == 0)
            return ax_receptor_kind_at(i);
    return NULL;
}

double ax_modulation_default(const char *mod, const char *target)
{
    bool nmda = strncmp(target, "NMDA", 4) == 0, ampa = strncmp(target, "AMPA", 4) == 0;
    if (strcmp(mod, "D1") == 0)
        return nmda ? 0.5 : 0.0;
    if (strcmp(mod, "D2") == 0)
        return nmda || ampa ? -0.5 : 0.0;
    return 0.0;
}
