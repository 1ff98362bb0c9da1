#!/usr/bin/python3
"""Whole generations as one run (docs/fitting.md): candidate-seconds of a
0.1 ms AdEx and Izhikevich neuron per wall-clock second, objective
included, for

  axon.fit.Evaluator  one population per generation, built once, reset between generations
                      (with and without early stopping);
  one network each    the library with one axon.Network per candidate (build, run, score);
  Brian2              a NeuronGroup of the same size with per-neuron parameters, the same
                      protocol, Cython runtime target; the first run (code generation and
                      compilation included) and a second network (compiled code cached).

The objective everywhere: SPIKE-distance to a target train plus 0.1 times
the spike-count difference (axon.analysis.spike_distance for the
per-candidate loops, computed in C by the evaluator).

    AXON_BUILD=build PYTHONPATH=build/python /usr/bin/python3 bench/fit_generations.py [N] [T_ms]
"""
import os
import sys
import time

import numpy as np

import axon
import axon.analysis
import axon.fit

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
T = float(sys.argv[2]) if len(sys.argv) > 2 else 1000.0
THREADS = 2
rng = np.random.default_rng(1)

MODELS = {
    "AdEx": dict(model="EIF_cond_exp_isfa_ista", free=["a", "b", "tau_w"], base={},
                 cand=np.column_stack([rng.uniform(0, 8, N), rng.uniform(0, 0.2, N), rng.uniform(50, 300, N)]),
                 amp=0.8),
    "Izhikevich": dict(model="Izhikevich", free=["a", "b", "c", "d"], base={},
                       cand=np.column_stack([rng.uniform(0.01, 0.1, N), rng.uniform(0.15, 0.25, N),
                                             rng.uniform(-70, -50, N), rng.uniform(0.5, 8, N)]),
                       amp=0.01),
}
ONSET, DUR = 0.1 * T, 0.8 * T


def protocol(amp):
    return axon.fit.Protocol(T, amplitude=amp, onset=ONSET, duration=DUR)


def score_py(train, target):
    d = axon.analysis.spike_distance(train, target, 0.0, T)
    return d + 0.1 * abs(len(train) - len(target))


def bench_evaluator(m, target):
    ev = axon.fit.Evaluator(m["model"], m["base"], free=m["free"], protocols=[protocol(m["amp"])],
                            max_candidates=N, dt=0.1, threads=THREADS)
    t0 = time.perf_counter()
    ev.evaluate(m["cand"], score="spike_distance", target=[target], count_weight=0.1)
    first = time.perf_counter() - t0
    times, r = [], None
    for _ in range(3):
        t0 = time.perf_counter()
        r = ev.evaluate(m["cand"], score="spike_distance", target=[target], count_weight=0.1)
        times.append(time.perf_counter() - t0)
    # early stopping: stop whatever cannot get below the median score
    limit = float(np.median(r["scores"]))
    stimes, s = [], None
    for _ in range(3):
        t0 = time.perf_counter()
        s = ev.evaluate(m["cand"], score="spike_distance", target=[target], count_weight=0.1, chunk=T / 10,
                        stop_above=limit)
        stimes.append(time.perf_counter() - t0)
    kept = np.isnan(s["retired_ms"])
    assert np.array_equal(s["scores"][kept], r["scores"][kept]), "early stopping changed a kept score"
    return first, min(times), min(stimes), int((~kept).sum()), float(np.nanmean(s["retired_ms"]))


def bench_one_network_each(m, target, n):
    t0 = time.perf_counter()
    for c in range(n):
        net = axon.Network(dt=0.1, seed=1, threads=1)
        pop = net.add_population("n", m["model"], 1, params=dict(zip(m["free"], m["cand"][c])))
        pop.add_input(axon.DC(m["amp"], start=ONSET, stop=ONSET + DUR))
        rec = pop.record("spikes")
        net.run(T)
        score_py(np.array(rec.spikes[0]), target)
    return (time.perf_counter() - t0) / n


def brian2_group(name, m):
    import brian2 as b2
    b2.defaultclock.dt = 0.1 * b2.ms
    amp = b2.TimedArray(np.r_[np.zeros(int(ONSET)), np.full(int(DUR), m["amp"]), np.zeros(int(T - ONSET - DUR))] *
                        b2.nA, dt=1 * b2.ms)
    if name == "AdEx":
        eqs = """dv/dt = (-(v - v_rest) + delta_T * exp((v - v_thresh) / delta_T)) / tau_m + (I - w) / C_m : volt (unless refractory)
                 dw/dt = (a * (v - v_rest) - w) / tau_w : amp
                 I = I_step(t) : amp
                 a : siemens
                 b : amp
                 tau_w : second"""
        ns = dict(v_rest=-70.6 * b2.mV, delta_T=2 * b2.mV, v_thresh=-50.4 * b2.mV, tau_m=9.3667 * b2.ms,
                  C_m=0.281 * b2.nF, I_step=amp)
        g = b2.NeuronGroup(N, eqs, threshold="v > -40*mV", reset="v = -70.6*mV; w += b", refractory=0.1 * b2.ms,
                           method="rk4", namespace=ns)
        g.v = -70.6 * b2.mV
        g.a = m["cand"][:, 0] * b2.nS
        g.b = m["cand"][:, 1] * b2.nA
        g.tau_w = m["cand"][:, 2] * b2.ms
    else:
        eqs = """dv/dt = (0.04 * v**2 / mV + 5 * v + 140 * mV - u + I * 1000 * mV / nA) / ms : volt
                 du/dt = a * (b * v - u) / ms : volt
                 I = I_step(t) : amp
                 a : 1
                 b : 1
                 c : volt
                 d : volt"""
        g = b2.NeuronGroup(N, eqs, threshold="v >= 30*mV", reset="v = c; u += d", method="rk4",
                           namespace=dict(I_step=amp))
        g.v = -70 * b2.mV
        g.u = -14 * b2.mV
        g.a, g.b = m["cand"][:, 0], m["cand"][:, 1]
        g.c = m["cand"][:, 2] * b2.mV
        g.d = m["cand"][:, 3] * b2.mV
    return b2, g


def bench_brian2(name, m, target):
    import brian2 as b2
    b2.prefs.codegen.target = "cython"
    out = []
    for _ in range(2):   # the first compiles, the second finds the compiled code in the cache
        t0 = time.perf_counter()
        b2, g = brian2_group(name, m)
        mon = b2.SpikeMonitor(g)
        net = b2.Network(g, mon)
        net.run(T * b2.ms)
        trains = mon.spike_trains()
        for c in range(N):
            score_py(np.asarray(trains[c] / b2.ms), target)
        out.append(time.perf_counter() - t0)
    return out


def standalone(name, target_file):
    """One generation in Brian2's C++ standalone mode, in this process (fresh):
    code generation, compilation, run, then the objective; prints the times."""
    import json
    import tempfile
    import brian2 as b2
    directory = tempfile.mkdtemp(prefix="fitgen_brian2_")
    b2.set_device("cpp_standalone", directory=directory, build_on_run=True)
    m = MODELS[name]
    target = np.loadtxt(target_file, ndmin=1)
    t0 = time.perf_counter()
    b2, g = brian2_group(name, m)
    mon = b2.SpikeMonitor(g)
    b2.run(T * b2.ms)
    trains = mon.spike_trains()
    for c in range(N):
        score_py(np.asarray(trains[c] / b2.ms), target)
    total = time.perf_counter() - t0
    print(json.dumps({"total_s": total, "run_s": float(b2.device._last_run_time)}))


def bench_brian2_standalone(name, target):
    import json
    import subprocess
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        np.savetxt(f, target)
    out = subprocess.run([sys.executable, __file__, str(N), str(T), "--standalone", name, f.name], check=True,
                         capture_output=True, text=True).stdout
    os.unlink(f.name)
    return json.loads(out.strip().splitlines()[-1])


def main():
    load = os.getloadavg()
    print("# N = %d candidates, %g ms each, dt 0.1 ms, %d threads; load average %.2f %.2f %.2f" %
          ((N, T, THREADS) + load))
    print("| model | way | wall s per generation | candidate-seconds per wall second |")
    print("|---|---|---|---|")
    cs = N * T / 1000.0
    for name, m in MODELS.items():
        ev1 = axon.fit.Evaluator(m["model"], m["base"], free=m["free"], protocols=[protocol(m["amp"])],
                                 max_candidates=1, threads=1)
        target = ev1.evaluate(m["cand"][:1])["trains"][0][0]
        first, best, stopped, n_stopped, mean_stop = bench_evaluator(m, target)
        print("| %s | axon evaluator, first generation (build included) | %.3f | %.0f |" % (name, first, cs / first))
        print("| %s | axon evaluator, later generations (best of 3) | %.3f | **%.0f** |" % (name, best, cs / best))
        print("| %s | axon evaluator, early stopping above the median score (%d stopped, at %.0f ms on average) "
              "| %.3f | %.0f |" % (name, n_stopped, mean_stop, stopped, cs / stopped))
        n = max(20, N // 20)
        each = bench_one_network_each(m, target, n)
        print("| %s | one axon network per candidate (%d candidates, 1 thread) | %.3f | %.0f |" %
              (name, n, each * N, (T / 1000.0) / each))
        b = bench_brian2(name, m, target)
        print("| %s | Brian2 %s cython, first run (code generation and compilation included) | %.3f | %.0f |" %
              (name, __import__("brian2").__version__, b[0], cs / b[0]))
        print("| %s | Brian2 cython, second network (compiled code cached) | %.3f | %.0f |" % (name, b[1], cs / b[1]))
        sa = bench_brian2_standalone(name, target)
        print("| %s | Brian2 cpp_standalone, one generation: code generation, compilation, run, objective "
              "| %.3f | %.0f |" % (name, sa["total_s"], cs / sa["total_s"]))
        print("| %s | Brian2 cpp_standalone, its simulation loop alone (no compilation, no objective) | %.3f | %.0f |"
              % (name, sa["run_s"], cs / sa["run_s"]))
        sys.stdout.flush()
    print("# load average at the end: %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[3] == "--standalone":
        standalone(sys.argv[4], sys.argv[5])
    else:
        main()
