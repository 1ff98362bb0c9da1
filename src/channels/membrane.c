/*
 * membrane.c - the membrane that channels sit in: the parameters and state
 * variables a cell built from channels has of its own (models/cell.c
 * builds its descriptor from these), and so the names that a channel's
 * parameters and gates must not take (channels/user.c checks them).
 */
#include <math.h>
#include <string.h>

#include "channels/channel.h"

const ax_param_info ax_membrane_params[AX_MEMBRANE_N_PARAMS] = {
    {"cm", "nF", 1.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "membrane capacitance (1 uF/cm2 on 1e-3 cm2)"},
    {"i_offset", "nA", 0.0, -INFINITY, INFINITY, 0, "constant injected current"},
    {"v_thresh", "mV", 0.0, -INFINITY, INFINITY, 0, "a spike is an upward crossing of this"},
    {"tau_refrac", "ms", 0.0, 0.0, INFINITY, 0, "no new spike is detected for this long after one"},
    {"e_rev_E", "mV", 0.0, -INFINITY, INFINITY, 0, "excitatory reversal potential"},
    {"e_rev_I", "mV", -80.0, -INFINITY, INFINITY, 0, "inhibitory reversal potential"},
    {"tau_syn_E", "ms", 0.2, 0.0, INFINITY, AX_PARAM_GT_MIN, "decay time of the excitatory conductance"},
    {"tau_syn_I", "ms", 2.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "decay time of the inhibitory conductance"},
};

const ax_var_info ax_membrane_v = {"v", "mV", -65.0, "membrane potential"};
const ax_var_info ax_membrane_synaptic_vars[AX_MEMBRANE_N_SYNAPTIC] = {
    {"gsyn_exc", "uS", 0.0, "excitatory synaptic conductance"},
    {"gsyn_inh", "uS", 0.0, "inhibitory synaptic conductance"},
    {"refrac", "steps", 0.0, "steps left in which no spike is detected"},
};

bool ax_cell_reserved_name(const char *name)
{
    if (strcmp(name, ax_membrane_v.name) == 0)
        return true;
    for (uint32_t k = 0; k < AX_MEMBRANE_N_PARAMS; k++)
        if (strcmp(name, ax_membrane_params[k].name) == 0)
            return true;
    for (uint32_t k = 0; k < AX_MEMBRANE_N_SYNAPTIC; k++)
        if (strcmp(name, ax_membrane_synaptic_vars[k].name) == 0)
            return true;
    return false;
}
