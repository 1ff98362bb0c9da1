#!/usr/bin/python3
"""Write the Potjans & Diesmann (2014) cortical microcircuit as an axon model file.

    bench/models/tools/make_microcircuit.py                 # -> bench/models/microcircuit.toml
    bench/models/tools/make_microcircuit.py --scale 0.1 -o /tmp/mc01.toml

Every number of the model file is computed here from the parameters of NEST's
PyNEST microcircuit example (pynest/examples/Potjans_2014 in
nest/nest-simulator; the files and commits are in SOURCES below), so that the
file can be regenerated and checked against the source.

--scale S multiplies the population sizes by S (rounded as NEST rounds them)
and the total number of synapses of every projection by S, so the mean
in-degree stays that of the full model; the external Poisson in-degrees K_ext
and all weights are unchanged.  This is NEST's example with N_scaling = S and
K_scaling = 1 (no weight rescaling and no DC compensation are needed then).
It is NOT the example's default downscaled network (N_scaling = K_scaling =
0.1), which in addition shrinks the in-degrees and compensates with larger
weights and a DC current.

Run with Debian's /usr/bin/python3 (numpy).
"""
import argparse
import math
import os
import sys

import numpy as np

NEST = "nest/nest-simulator, pynest/examples/Potjans_2014"
SOURCES = {
    "network_params.py": "48b29ba4be0fba8254218ca1522ad16e5d39e0fd",
    "network.py": "48e673b198223ad6d7d985726eeae9077b8b4116",
    "helpers.py": "48e673b198223ad6d7d985726eeae9077b8b4116",
    "sim_params.py": "005fd398de7bfbec0616df26fe8c8210a0c8a382",
}

# ---------------------------------------------------------------------------
# Parameters, as in network_params.py (net_dict) unless noted.
# ---------------------------------------------------------------------------
POPS = ["L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"]
# 'full_num_neurons'
N_FULL = np.array([20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948])
# 'conn_probs': first index target, second index source
CONN_PROBS = np.array([
    [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
    [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
    [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0],
    [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
    [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
    [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0],
    [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
    [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443],
])
PSP_EXC_MEAN = 0.15          # mV, 'PSP_exc_mean'
WEIGHT_REL_STD = 0.1         # 'weight_rel_std'
G = -4.0                     # 'g'
DELAY_EXC_MEAN = 1.5         # ms, 'delay_exc_mean'
DELAY_INH_MEAN = 0.75        # ms, 'delay_inh_mean'
DELAY_REL_STD = 0.5          # 'delay_rel_std'
K_EXT = np.array([1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100])   # 'K_ext'
BG_RATE = 8.0                # Hz, 'bg_rate'
DELAY_POISSON = 1.5          # ms, 'delay_poisson'
# 'neuron_params' (iaf_psc_exp)
V0_MEAN_OPT = [-68.28, -63.16, -63.33, -63.45, -63.11, -61.66, -66.72, -61.43]   # mV, 'V0_mean'['optimized']
V0_STD_OPT = [5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48]                  # mV, 'V0_std'['optimized']
E_L = -65.0                  # mV
V_TH = -50.0                 # mV
V_RESET = -65.0              # mV
C_M = 250.0                  # pF
TAU_M = 10.0                 # ms
TAU_SYN = 0.5                # ms (both receptors)
T_REF = 2.0                  # ms
# sim_params.py
DT = 0.1                     # ms, 'sim_resolution'
DURATION = 1000.0            # ms, 't_sim' (NEST first runs 't_presim' = 500 ms, not recorded)

# Bounds standing in for NEST's infinite ones (redraw max = inf, min = -inf):
# mean +- TAIL sd; the normal mass beyond 20 sd is ~3e-89, nothing at 3e8 draws.
TAIL = 20.0


def num_synapses_from_conn_probs(conn_probs, popsize1, popsize2):
    """helpers.num_synapses_from_conn_probs, the same floating-point expression
    (total number of synapses of a projection, not per neuron)."""
    prod = np.outer(popsize1, popsize2)
    return np.log(1. - conn_probs) / np.log((prod - 1.) / prod)


def postsynaptic_potential_to_current(C_m, tau_m, tau_syn):
    """helpers.postsynaptic_potential_to_current: PSC amplitude (pA) per mV of
    PSP peak, for an exponential current into a leaky membrane."""
    sub = 1. / (tau_syn - tau_m)
    pre = tau_m * tau_syn / C_m * sub
    frac = (tau_m / tau_syn) ** sub
    return 1. / (pre * (frac ** tau_m - frac ** tau_syn))


def phi(x):
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def step_distribution(mean, sd, low, dt, kmax=400):
    """P(delay = k steps), k = 1..kmax, for a normal(mean, sd) redrawn below
    `low` and rounded to the nearest step (NEST and axon both round half up)."""
    z = 1.0 - phi((low - mean) / sd)
    p = []
    for k in range(1, kmax + 1):
        a = max(low, (k - 0.5) * dt)
        b = (k + 0.5) * dt
        p.append(max(0.0, phi((b - mean) / sd) - phi((a - mean) / sd)) / z if b > low else 0.0)
    return np.array(p)


def fmt(x):
    """Shortest decimal that reads back as the same double."""
    x = float(x)
    if x == int(x) and abs(x) < 1e15:
        return "%.1f" % x
    return repr(x)


def derive(scale):
    n = np.round(N_FULL * scale).astype(np.int64)      # network.py: num_neurons
    if (n < 1).any():
        sys.exit("scale %g leaves a population empty" % scale)
    full_syn = num_synapses_from_conn_probs(CONN_PROBS, N_FULL, N_FULL)
    # network.py: num_synapses = round(full * N_scaling * K_scaling), here K_scaling = 1
    k = np.round(full_syn * scale * 1.0).astype(np.int64)
    psc_over_psp = postsynaptic_potential_to_current(C_m=C_M, tau_m=TAU_M, tau_syn=TAU_SYN)
    psp = np.zeros((8, 8))
    psp[:, 0::2] = PSP_EXC_MEAN
    psp[:, 1::2] = PSP_EXC_MEAN * G
    psp[0, 2] = 2.0 * PSP_EXC_MEAN                      # L4E -> L23E doubled
    w = psp * psc_over_psp * 1e-3                        # pA -> nA
    w_ext = PSP_EXC_MEAN * psc_over_psp * 1e-3           # nA, not doubled
    d = np.zeros((8, 8))
    d[:, 0::2] = DELAY_EXC_MEAN
    d[:, 1::2] = DELAY_INH_MEAN
    return n, full_syn, k, psc_over_psp, w, w_ext, d


def delay_note():
    """Lines quantifying the delay lower bound: axon needs delays >= dt."""
    lines = []
    for name, mean in (("exc", DELAY_EXC_MEAN), ("inh", DELAY_INH_MEAN)):
        sd = mean * DELAY_REL_STD
        ax = step_distribution(mean, sd, DT, DT)
        nest_new = step_distribution(mean, sd, 0.5 * DT, DT)
        ks = np.arange(1, len(ax) + 1) * DT
        lines.append("#   %s, normal(%g, %g): P(1 step) %.5f here vs %.5f with min 0.5 dt;"
                     % (name, mean, sd, ax[0], nest_new[0]))
        lines.append("#     mean delay %.4f vs %.4f ms; total variation distance %.5f"
                     % ((ax * ks).sum(), (nest_new * ks).sum(), 0.5 * np.abs(ax - nest_new).sum()))
    return lines


def write(path, scale):
    n, full_syn, k, psc_over_psp, w, w_ext, d = derive(scale)
    total = int(k.sum())
    src = "; ".join("%s @ %s" % (f, c) for f, c in SOURCES.items())
    name = "microcircuit" if scale == 1 else "microcircuit_%g" % scale
    out = []
    o = out.append
    o("# Potjans & Diesmann (2014) cortical microcircuit: {:,} leaky integrate-and-fire".format(int(n.sum())))
    o("# neurons with exponential currents in 8 populations (layers 2/3, 4, 5, 6; excitatory")
    o("# and inhibitory), {:,} synapses, Poisson background, spontaneous activity.".format(total))
    o("#")
    o("# GENERATED by bench/models/tools/make_microcircuit.py --scale %g; do not edit, rerun it." % scale)
    if scale != 1:
        o("# Scale %g: population sizes x %g, synapse totals x %g (same mean in-degrees as the full" % (scale, scale, scale))
        o("# model), K_ext and weights unchanged = NEST's example with N_scaling = %g, K_scaling = 1." % scale)
    o("#")
    o("# Paper: Potjans TC, Diesmann M (2014) The cell-type specific cortical microcircuit:")
    o("#   relating structure and activity in a full-scale spiking network model.")
    o("#   Cereb Cortex 24(3):785-806, doi:10.1093/cercor/bhs358.")
    o("# Parameters: NEST's PyNEST example, %s:" % NEST)
    for f, c in SOURCES.items():
        o("#   %-17s %s" % (f, c))
    o("# Published mean rates to compare with: bench/models/microcircuit_rates.json.")
    o("#")
    o("# Parameter                   NEST (source)                           here")
    o("# populations                 full_num_neurons (network_params)       sizes x scale, np.round")
    o("# neuron                      iaf_psc_exp: C_m 250 pF, tau_m 10 ms,   IF_curr_exp: cm 0.25 nF, tau_m 10,")
    o("#                             tau_syn 0.5 ms, E_L -65, V_th -50,      tau_syn_E/I 0.5, v_rest -65, v_thresh -50,")
    o("#                             V_reset -65 mV, t_ref 2 ms, I_e 0       v_reset -65, tau_refrac 2, i_offset 0")
    o("# initial V                   V0_type 'optimized': normal per         init v = normal(mean, sd), same values")
    o("#                             population (network_params, network)")
    o("# connection rule             fixed_total_number, autapses and        { fixed_total = K, allow_multiple = true }")
    o("#                             multapses allowed (network.py)          (allow_self defaults to true)")
    o("# K (synapses per projection, num_synapses_from_conn_probs:          same float expression, x scale,")
    o("#   total, not per neuron)    log(1-p)/log((Npre Npost - 1)/(Npre Npost)), np.round")
    o("#                             np.round(K * N_scaling * K_scaling)     (p = 0: no projection)")
    o("# weight mean                 PSP 0.15 mV x postsynaptic_potential_   %s nA (exc), x2 for L4E -> L23E," % fmt(w_ext))
    o("#                             to_current(250, 10, 0.5) = %.4f pA/mV; x g = -4 for inhibitory sources"
      % psc_over_psp)
    o("# weight distribution         normal, sd 0.1 |mean|, redrawn outside  normal_clipped [mean, sd, 0, mean + 20 sd]")
    o("#                             [0, inf) (exc) / (-inf, 0] (inh)        / [mean - 20 sd, 0, ...]; axon REDRAWS")
    o("#                                                                     (src/core/values.c), as NEST does")
    o("# delay                       normal, mean 1.5 (exc) / 0.75 ms (inh)  normal_clipped [mean, sd, 0.1, mean + 20 sd]")
    o("#                             sources, sd 0.5 mean, redrawn below     redrawn below dt = 0.1 (axon's minimum),")
    o("#                             the lower bound, rounded to the grid    rounded to the nearest step")
    o("# background                  poisson_generator, rate 8 Hz x K_ext,   [[inputs]] poisson, sources = K_ext, rate 8,")
    o("#                             all_to_all, weight = exc mean PSC (not  weight = %s nA, excitatory," % fmt(w_ext))
    o("#                             doubled), delay_poisson 1.5 ms          start = 1.5 ms (first arrivals)")
    o("# thalamus, DC                off (stimulus_params), poisson_input    none")
    o("#                             = True so no DC compensation")
    o("# dt, duration                sim_resolution 0.1 ms, t_sim 1000 ms    dt 0.1, duration 1000 (--set simulation.duration)")
    o("# recording                   spike recorder, all populations         spikes of all neurons")
    o("#")
    o("# Known differences from NEST:")
    o("# - Delay lower bound.  The network.py cited above redraws delays below dt (min =")
    o("#   sim_resolution) and NEST rounds them to the nearest step; this file does the same,")
    o("#   so it matches that version exactly.  Newer versions of network.py (not read here at")
    o("#   a citable commit) redraw below 0.5 dt instead (min = nest.resolution - 0.5 *")
    o("#   nest.resolution), so draws in [0.05, 0.15) ms become 1 step.  axon cannot follow:")
    o("#   every delay must be >= dt, and 0.1 ms is the lowest bound allowed, the closest")
    o("#   match (any higher bound takes still more mass from the 1-step delays).  The mass")
    o("#   in [0.05, 0.1) ms is redrawn, i.e. spread over all steps.  Per step:")
    out.extend(delay_note())
    o("# - Upper bounds: NEST's are infinite; here mean +- %g sd (normal mass beyond: %.1e)."
      % (TAIL, 0.5 * math.erfc(TAIL / math.sqrt(2.0))))
    o("# - Random numbers: other generators and streams, so other networks and spike trains")
    o("#   (same distributions).  axon's fixed_total with allow_multiple draws each synapse's")
    o("#   (source, target) pair independently and uniformly, as NEST's fixed_total_number")
    o("#   with multapses does (NEST first splits N among virtual processes, multinomially).")
    exact = np.round(np.log1p(-CONN_PROBS) / np.log1p(-1.0 / np.outer(N_FULL, N_FULL).astype(float)) * scale)
    o("# - NEST's K uses log((P-1)/P) in double precision, ~1e-8 relative error against the")
    o("#   exact log1p(-1/P) (changes %d of the 64 totals, by at most %d synapse(s)); kept as NEST has it."
      % (int((exact != k).sum()), int(np.abs(exact - k).max())))
    o("# - NEST simulates t_presim = 500 ms first and measures rates after it; this file starts")
    o("#   recording at 0, so its 1000 ms include the initial transient (kept small by the")
    o("#   'optimized' initial voltages).  Compare rates after the first few hundred ms.")
    o("# - Weights are stored in single precision by axon.")
    o("#")
    o("# Synapses: %d in %d projections." % (total, int((k > 0).sum())))
    o("")
    o('name = "%s"' % name)
    o("")
    o("[simulation]")
    o("dt = %s" % fmt(DT))
    o("duration = %s" % fmt(DURATION))
    o("seed = 1")
    for i, p in enumerate(POPS):
        o("")
        o("[populations.%s]" % p)
        o('model = "IF_curr_exp"')
        o("size = %d" % n[i])
        o("params = { cm = %s, tau_m = %s, tau_syn_E = %s, tau_syn_I = %s, v_rest = %s, v_thresh = %s, "
          "v_reset = %s, tau_refrac = %s, i_offset = 0.0 }"
          % (fmt(C_M * 1e-3), fmt(TAU_M), fmt(TAU_SYN), fmt(TAU_SYN), fmt(E_L), fmt(V_TH), fmt(V_RESET), fmt(T_REF)))
        o("init = { v = { normal = [%s, %s] } }" % (fmt(V0_MEAN_OPT[i]), fmt(V0_STD_OPT[i])))
    for i, tgt in enumerate(POPS):          # i: target (row)
        for j, srcp in enumerate(POPS):     # j: source (column)
            if k[i, j] <= 0:
                continue
            mean = w[i, j]
            sd = abs(mean) * WEIGHT_REL_STD
            if mean >= 0:
                wlo, whi, rec = 0.0, mean + TAIL * sd, "excitatory"
            else:
                wlo, whi, rec = mean - TAIL * sd, 0.0, "inhibitory"
            dm = d[i, j]
            dsd = dm * DELAY_REL_STD
            o("")
            o("[[projections]]   # %s -> %s: p = %s, K = %d, mean in-degree %.1f"
              % (srcp, tgt, fmt(CONN_PROBS[i, j]), k[i, j], k[i, j] / n[i]))
            o('from = "%s"' % srcp)
            o('to = "%s"' % tgt)
            o("connector = { fixed_total = %d, allow_multiple = true }" % k[i, j])
            o('receptor = "%s"' % rec)
            o("weight = { normal_clipped = [%s, %s, %s, %s] }" % (fmt(mean), fmt(sd), fmt(wlo), fmt(whi)))
            o("delay = { normal_clipped = [%s, %s, %s, %s] }" % (fmt(dm), fmt(dsd), fmt(DT), fmt(dm + TAIL * dsd)))
    for i, p in enumerate(POPS):
        o("")
        o("[[inputs]]        # %s: %d external sources at %g Hz" % (p, K_EXT[i], BG_RATE))
        o('kind = "poisson"')
        o('target = "%s"' % p)
        o("sources = %d" % K_EXT[i])
        o("rate = %s" % fmt(BG_RATE))
        o("weight = %s" % fmt(w_ext))
        o('receptor = "excitatory"')
        o("start = %s" % fmt(DELAY_POISSON))
    for p in POPS:
        o("")
        o("[[record]]")
        o('population = "%s"' % p)
        o('variables = ["spikes"]')
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    return n, k


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=float, default=1.0,
                    help="population sizes and synapse totals x S (in-degrees and K_ext unchanged)")
    ap.add_argument("-o", "--output", default=None,
                    help="output file (default bench/models/microcircuit.toml, or microcircuit_S.toml)")
    a = ap.parse_args()
    if not a.scale > 0:
        ap.error("--scale must be > 0")
    models = os.path.dirname(here)
    path = a.output or os.path.join(models, "microcircuit.toml" if a.scale == 1
                                    else "microcircuit_%g.toml" % a.scale)
    n, k = write(path, a.scale)
    print("%s: %d neurons, %d synapses" % (path, int(n.sum()), int(k.sum())))


if __name__ == "__main__":
    main()
