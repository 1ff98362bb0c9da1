/*
 * HodgkinHuxley - the squid giant axon (Hodgkin & Huxley 1952), as
 * NEURON's built-in `hh` mechanism in a single compartment.
 *
 *   cm dv/dt = gbar_Na m^3 h (e_rev_Na - v) + gbar_K n^4 (e_rev_K - v)
 *              + g_leak (e_rev_leak - v) + gsyn_exc (e_rev_E - v)
 *              + gsyn_inh (e_rev_I - v) + i_offset + I_inj
 *
 * Channels Na_HH, K_HH and leak (src/channels); gate kinetics at
 * `celsius` with Q10 = 3 from 6.3 degC.  The defaults are NEURON's
 * densities for a membrane of 1e-3 cm^2 (1 uF/cm2 -> cm = 1 nF,
 * 120 mS/cm2 -> gbar_Na = 120 uS), so currents in nA read as uA/cm2.
 * The gates start at their steady state at the initial v of -65 mV; set
 * m, h, n too when changing the initial v.  Exponential synaptic
 * conductances as HH_cond_exp.  A spike is an upward crossing of
 * v_thresh.  Method: staggered exponential integration, second order
 * (channel_cell.h).
 *
 * Validated against NEURON (tests/reference/make_hh_neuron.py).
 */
#include <math.h>

#include "models/channel_cell.h"

static const ax_param_info params[] = {
    {"cm", "nF", 1.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "membrane capacitance"},
    {"gbar_Na", "uS", 120.0, 0.0, INFINITY, 0, "maximal sodium conductance"},
    {"gbar_K", "uS", 36.0, 0.0, INFINITY, 0, "maximal potassium conductance"},
    {"g_leak", "uS", 0.3, 0.0, INFINITY, 0, "leak conductance"},
    {"e_rev_Na", "mV", 50.0, -INFINITY, INFINITY, 0, "sodium reversal potential"},
    {"e_rev_K", "mV", -77.0, -INFINITY, INFINITY, 0, "potassium reversal potential"},
    {"e_rev_leak", "mV", -54.3, -INFINITY, INFINITY, 0, "leak reversal potential"},
    {"celsius", "degC", 6.3, -273.15, INFINITY, AX_PARAM_GT_MIN, "temperature (rates x 3^((celsius - 6.3)/10))"},
    {"i_offset", "nA", 0.0, -INFINITY, INFINITY, 0, "constant injected current"},
    {"v_thresh", "mV", 0.0, -INFINITY, INFINITY, 0, "a spike is an upward crossing of this"},
    {"tau_refrac", "ms", 0.0, 0.0, INFINITY, 0, "no new spike is detected for this long after one"},
    {"e_rev_E", "mV", 0.0, -INFINITY, INFINITY, 0, "excitatory reversal potential"},
    {"e_rev_I", "mV", -80.0, -INFINITY, INFINITY, 0, "inhibitory reversal potential"},
    {"tau_syn_E", "ms", 0.2, 0.0, INFINITY, AX_PARAM_GT_MIN, "decay time of the excitatory conductance"},
    {"tau_syn_I", "ms", 2.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "decay time of the inhibitory conductance"},
};

static const ax_var_info vars[] = {
    {"v", "mV", -65.0, "membrane potential"},
    {"m", "", 0.05293248526, "Na activation (steady state at -65 mV)"},
    {"h", "", 0.5961207535, "Na inactivation (steady state at -65 mV)"},
    {"n", "", 0.3176769141, "K activation (steady state at -65 mV)"},
    {"gsyn_exc", "uS", 0.0, "excitatory synaptic conductance"},
    {"gsyn_inh", "uS", 0.0, "inhibitory synaptic conductance"},
    {"refrac", "steps", 0.0, "steps left in which no spike is detected"},
};

static const ax_channel *const channels[] = {&ax_channel_Na_HH, &ax_channel_K_HH, &ax_channel_leak};

extern const ax_model ax_model_HodgkinHuxley;

static int prepare(const ax_population_view *p, void **data, char *msg, size_t len)
{
    return ax_channel_cell_prepare(p, &ax_model_HodgkinHuxley, channels, AX_COUNT(channels), data, msg, len);
}

const ax_model ax_model_HodgkinHuxley = {
    .name = "HodgkinHuxley",
    .doc = "Squid giant axon (Hodgkin & Huxley 1952) as NEURON's hh mechanism in one compartment of "
           "1e-3 cm2 (nA read as uA/cm2), rates scaled by Q10 = 3 from 6.3 degC. Spike: upward crossing "
           "of v_thresh. Staggered exponential integration (second order).",
    .params = params, .n_params = AX_COUNT(params),
    .vars = vars, .n_vars = AX_COUNT(vars),
    .receptors = ax_channel_cell_receptors, .n_receptors = 2,
    .flags = AX_MODEL_CLEARS_INPUT,
    .prepare = prepare, .release = ax_channel_cell_release, .update = ax_channel_cell_update,
    .data_state = ax_channel_cell_data_state,
};
