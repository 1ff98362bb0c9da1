/*
 * AMPA_exp, NMDA_exp, GABAa_exp, GABAb_exp - receptors as exponential or difference-
 * of-exponentials conductances, the linear approximations of the kinetic
 * models (receptor.h): a spike of weight w (uS) makes the conductance
 *     g(t) = w (exp(-t / tau_decay) - exp(-t / tau_rise)) / peak
 * (peak: the maximum of the bracket, so that g peaks at w; with
 * tau_rise = 0 simply w exp(-t / tau_decay)), summed over synapses per
 * neuron, which is exact because the filter is linear.  I = g B(v)
 * (e_rev - v) with NMDA_exp's magnesium block B as NMDA's.  Defaults:
 * Brunel & Wang (2001): AMPA decay 2 ms (instantaneous rise), NMDA rise
 * 2 ms, decay 100 ms, GABAa decay 5 ms; GABAb (the slow K+ current, whose
 * G-protein cascade delays and prolongs it): Hill & Tononi (2005) rise
 * 60 ms, decay 200 ms, e_rev -90 mV.  Two states per receptor decay
 * exactly over each step (NEURON's Exp2Syn scheme).  Input delivered for
 * step t enters at the end of step t.
 */
#include <math.h>

#include "core/vmath.h"
#include "core/model_util.h"
#include "synapses/receptor.h"

enum { TAU_RISE, TAU_DECAY, E_REV, MG };

/* The peak normalisation and the per-step decays of one neuron. */
typedef struct dual {
    double norm, decay_r, decay_d, rise;   /* rise: 1 with a rise time, 0 without */
} dual;

static dual dual_of(double tau_r, double tau_d, double h)
{
    dual d = {1.0, 0.0, exp(-h / tau_d), 0.0};
    if (tau_r > 0.0) {
        double t_peak = tau_r * tau_d / (tau_d - tau_r) * log(tau_d / tau_r);
        d.norm = 1.0 / (exp(-t_peak / tau_d) - exp(-t_peak / tau_r));
        d.decay_r = exp(-h / tau_r);
        d.rise = 1.0;
    }
    return d;
}

AX_INLINE void body(const ax_receptor_ctx *c, int het, int nmda)
{
    const double *const *P = c->param;
    double *restrict a = c->state[0], *restrict b = c->state[1], *restrict cur = c->current;
    const double *restrict v = c->v;
    dual d0 = dual_of(P[TAU_RISE][0], P[TAU_DECAY][0], c->h);
    for (uint32_t i = c->begin; i < c->end; i++) {
        uint32_t k = het ? i : 0;
        dual d = het ? dual_of(P[TAU_RISE][k], P[TAU_DECAY][k], c->h) : d0;
        double vi = v[i], g = b[i] - a[i];
        double block = nmda ? 1.0 / (1.0 + ax_exp(-0.062 * vi) * P[MG][k] * (1.0 / 3.57)) : 1.0;
        cur[i] += g * block * (P[E_REV][k] - vi);
        double in = c->input[i] * d.norm;
        a[i] = a[i] * d.decay_r + in * d.rise;   /* with tau_rise = 0, a stays 0 */
        b[i] = b[i] * d.decay_d + in;
    }
}

static void plain_step(const ax_receptor_ctx *c, int het)
{
    if (het)
        body(c, 1, 0);
    else
        body(c, 0, 0);
}

static void nmda_step(const ax_receptor_ctx *c, int het)
{
    if (het)
        body(c, 1, 1);
    else
        body(c, 0, 1);
}

#define TAUS(name, rise, decay)                                                                           \
    {"tau_rise_" name, "ms", rise, 0.0, INFINITY, 0, name ": rise time constant (0: instantaneous)"},     \
    {"tau_decay_" name, "ms", decay, 0.0, INFINITY, AX_PARAM_GT_MIN, name ": decay time constant (> tau_rise)"}
#define STATES(name)                                                                                      \
    {"a_" name, "uS", 0.0, name ": rising part (subtracted)"}, {"g_" name, "uS", 0.0, name ": decaying part"}

static const ax_param_info ampa_params[] = {
    TAUS("AMPA_exp", 0.0, 2.0),
    {"e_rev_AMPA_exp", "mV", 0.0, -INFINITY, INFINITY, 0, "AMPA_exp: reversal potential"},
};
static const ax_var_info ampa_vars[] = {STATES("AMPA_exp")};

static const ax_param_info nmda_params[] = {
    TAUS("NMDA_exp", 2.0, 100.0),
    {"e_rev_NMDA_exp", "mV", 0.0, -INFINITY, INFINITY, 0, "NMDA_exp: reversal potential"},
    {"mg_NMDA_exp", "mM", 1.0, 0.0, INFINITY, 0, "NMDA_exp: extracellular magnesium (Jahr & Stevens block)"},
};
static const ax_var_info nmda_vars[] = {STATES("NMDA_exp")};

static const ax_param_info gabaa_params[] = {
    TAUS("GABAa_exp", 0.0, 5.0),
    {"e_rev_GABAa_exp", "mV", -70.0, -INFINITY, INFINITY, 0, "GABAa_exp: reversal potential"},
};
static const ax_var_info gabaa_vars[] = {STATES("GABAa_exp")};

static const ax_param_info gabab_params[] = {
    TAUS("GABAb_exp", 60.0, 200.0),
    {"e_rev_GABAb_exp", "mV", -90.0, -INFINITY, INFINITY, 0, "GABAb_exp: reversal potential (K+)"},
};
static const ax_var_info gabab_vars[] = {STATES("GABAb_exp")};

const ax_receptor_kind ax_exponential_receptors[AX_EXPONENTIAL_RECEPTORS] = {
    {"AMPA_exp", "AMPA as a conductance of weight w (uS) decaying with tau_decay after a rise tau_rise "
                 "(difference of exponentials peaking at w; Brunel & Wang 2001's time constants).",
     ampa_params, AX_COUNT(ampa_params), ampa_vars, AX_COUNT(ampa_vars), plain_step, false, false},
    {"NMDA_exp", "NMDA as a difference-of-exponentials conductance peaking at the weight (uS), with the "
                 "magnesium block of Jahr & Stevens (1990).",
     nmda_params, AX_COUNT(nmda_params), nmda_vars, AX_COUNT(nmda_vars), nmda_step, false, false},
    {"GABAa_exp", "GABAa as a conductance of weight w (uS) decaying with tau_decay after a rise tau_rise.",
     gabaa_params, AX_COUNT(gabaa_params), gabaa_vars, AX_COUNT(gabaa_vars), plain_step, false, false},
    {"GABAb_exp", "GABAb as a slow difference-of-exponentials K+ conductance peaking at the weight (uS) "
                  "(Hill & Tononi 2005's time constants), the linear stand-in for GABAb's G-protein scheme.",
     gabab_params, AX_COUNT(gabab_params), gabab_vars, AX_COUNT(gabab_vars), plain_step, false, false},
};
