/*
 * HH_cond_exp - single-compartment Hodgkin-Huxley neuron with the
 * Traub & Miles (1991) sodium and potassium channels and exponentially
 * decaying synaptic conductances (PyNN HH_cond_exp, NEST
 * hh_cond_exp_traub, Brian2's COBAHH example).
 *
 *   cm dv/dt = gbar_Na m^3 h (e_rev_Na - v) + gbar_K n^4 (e_rev_K - v)
 *              + g_leak (e_rev_leak - v) + gsyn_exc (e_rev_E - v)
 *              + gsyn_inh (e_rev_I - v) + i_offset + I_inj
 *
 * Channels Na_TM, K_TM (rates of v - v_offset) and leak.  PyNN's names,
 * units, defaults and initial values (m = n = 0, h = 1); v_thresh and
 * tau_refrac are axon's: a spike is an upward crossing of v_thresh, and
 * none is detected for tau_refrac after one.  Method: staggered
 * exponential integration, second order (channel_cell.h).
 *
 * Validated against Brian2 (tests/reference/make_hh_cond_exp_brian2.py).
 */
#include <math.h>

#include "models/channel_cell.h"

static const ax_param_info params[] = {
    {"gbar_Na", "uS", 20.0, 0.0, INFINITY, 0, "maximal sodium conductance"},
    {"gbar_K", "uS", 6.0, 0.0, INFINITY, 0, "maximal potassium conductance"},
    {"g_leak", "uS", 0.01, 0.0, INFINITY, 0, "leak conductance"},
    {"cm", "nF", 0.2, 0.0, INFINITY, AX_PARAM_GT_MIN, "membrane capacitance"},
    {"v_offset", "mV", -63.0, -INFINITY, INFINITY, 0, "shifts the gate kinetics (V_T of Traub & Miles)"},
    {"e_rev_Na", "mV", 50.0, -INFINITY, INFINITY, 0, "sodium reversal potential"},
    {"e_rev_K", "mV", -90.0, -INFINITY, INFINITY, 0, "potassium reversal potential"},
    {"e_rev_leak", "mV", -65.0, -INFINITY, INFINITY, 0, "leak reversal potential"},
    {"e_rev_E", "mV", 0.0, -INFINITY, INFINITY, 0, "excitatory reversal potential"},
    {"e_rev_I", "mV", -80.0, -INFINITY, INFINITY, 0, "inhibitory reversal potential"},
    {"tau_syn_E", "ms", 0.2, 0.0, INFINITY, AX_PARAM_GT_MIN, "decay time of the excitatory conductance"},
    {"tau_syn_I", "ms", 2.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "decay time of the inhibitory conductance"},
    {"i_offset", "nA", 0.0, -INFINITY, INFINITY, 0, "constant injected current"},
    {"v_thresh", "mV", 0.0, -INFINITY, INFINITY, 0, "a spike is an upward crossing of this"},
    {"tau_refrac", "ms", 0.0, 0.0, INFINITY, 0, "no new spike is detected for this long after one"},
};

static const ax_var_info vars[] = {
    {"v", "mV", -65.0, "membrane potential"},
    {"m", "", 0.0, "Na activation"},
    {"h", "", 1.0, "Na inactivation"},
    {"n", "", 0.0, "K activation"},
    {"gsyn_exc", "uS", 0.0, "excitatory synaptic conductance"},
    {"gsyn_inh", "uS", 0.0, "inhibitory synaptic conductance"},
    {"refrac", "steps", 0.0, "steps left in which no spike is detected"},
};

static const ax_channel *const channels[] = {&ax_channel_Na, &ax_channel_K, &ax_channel_leak};

extern const ax_model ax_model_HH_cond_exp;

static int prepare(const ax_population_view *p, void **data, char *msg, size_t len)
{
    return ax_channel_cell_prepare(p, &ax_model_HH_cond_exp, channels, AX_COUNT(channels), data, msg, len);
}

const ax_model ax_model_HH_cond_exp = {
    .name = "HH_cond_exp",
    .doc = "Hodgkin-Huxley neuron with Traub & Miles (1991) Na and K channels and exponential synaptic "
           "conductances (PyNN HH_cond_exp, NEST hh_cond_exp_traub). Spike: upward crossing of v_thresh. "
           "Staggered exponential integration (second order).",
    .params = params, .n_params = AX_COUNT(params),
    .vars = vars, .n_vars = AX_COUNT(vars),
    .receptors = ax_channel_cell_receptors, .n_receptors = 2,
    .flags = AX_MODEL_CLEARS_INPUT,
    .prepare = prepare, .release = ax_channel_cell_release, .update = ax_channel_cell_update,
    .data_state = ax_channel_cell_data_state,
};
