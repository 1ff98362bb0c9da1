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

Each model with its integration method: AdEx by RK4 (EIF_cond_exp_isfa_ista),
forward Euler (_euler; Brian2 method='euler') and exponential Euler
(_exp_euler; Brian2 has no exponential Euler for AdEx, whose v equation is
not linear in v), Izhikevich by RK4 on both sides.  Times are wall and CPU
seconds (user + system of this process and its children: the evaluator's
threads included), with the load average, since the machine may be shared.

    AXON_BUILD=build PYTHONPATH=build/python /usr/bin/python3 bench/fit_generations.py [N] [T_ms]
        [--only=NAME,...] [--no-cython] [--no-standalone]
    NAME: AdEx-rk4, AdEx-euler, AdEx-exp_euler, Izhikevich-rk4
"""
import os
import resource
import sys
import time

import numpy as np

import axon
import axon.analysis
import axon.fit

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
N = int(ARGS[0]) if len(ARGS) > 0 else 1000
T = float(ARGS[1]) if len(ARGS) > 1 else 1000.0
THREADS = 2
rng = np.random.default_rng(1)

ADEX_CAND = np.column_stack([rng.uniform(0, 8, N), rng.uniform(0, 0.2, N), rng.uniform(50, 300, N)])
MODELS = {
    "AdEx-rk4": dict(model="EIF_cond_exp_isfa_ista", free=["a", "b", "tau_w"], base={}, cand=ADEX_CAND, amp=0.8,
                     b2method="rk4"),
    "AdEx-euler": dict(model="EIF_cond_exp_isfa_ista_euler", free=["a", "b", "tau_w"], base={}, cand=ADEX_CAND,
                       amp=0.8, b2method="euler"),
    "AdEx-exp_euler": dict(model="EIF_cond_exp_isfa_ista_exp_euler", free=["a", "b", "tau_w"], base={},
                           cand=ADEX_CAND, amp=0.8, b2method=None),
    "Izhikevich-rk4": dict(model="Izhikevich", free=["a", "b", "c", "d"], base={},
                           cand=np.column_stack([rng.uniform(0.01, 0.1, N), rng.uniform(0.15, 0.25, N),
                                                 rng.uniform(-70, -50, N), rng.uniform(0.5, 8, N)]),
                           amp=0.01, b2method="rk4"),
}


def cpu_s():
    """User + system seconds of this process (all its threads) and its finished children."""
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + ch.ru_utime + ch.ru_stime


def timed(f, *a, **k):
    """f's result, wall seconds, CPU seconds."""
    w0, c0 = time.perf_counter(), cpu_s()
    r = f(*a, **k)
    return r, time.perf_counter() - w0, cpu_s() - c0
ONSET, DUR = 0.1 * T, 0.8 * T


def protocol(amp):
    return axon.fit.Protocol(T, amplitude=amp, onset=ONSET, duration=DUR)


def score_py(train, target):
    d = axon.analysis.spike_distance(train, target, 0.0, T)
    return d + 0.1 * abs(len(train) - len(target))


def bench_evaluator(m, target):
    """(wall, CPU) of the first generation, the best of 3 later ones and the
    best of 3 with early stopping; the number stopped and when."""
    ev = axon.fit.Evaluator(m["model"], m["base"], free=m["free"], protocols=[protocol(m["amp"])],
                            max_candidates=N, dt=0.1, threads=THREADS)
    _, w, c = timed(ev.evaluate, m["cand"], score="spike_distance", target=[target], count_weight=0.1)
    first = (w, c)
    runs = [timed(ev.evaluate, m["cand"], score="spike_distance", target=[target], count_weight=0.1)
            for _ in range(3)]
    r = runs[0][0]
    # early stopping: stop whatever cannot get below the median score
    limit = float(np.median(r["scores"]))
    sruns = [timed(ev.evaluate, m["cand"], score="spike_distance", target=[target], count_weight=0.1,
                   chunk=T / 10, stop_above=limit) for _ in range(3)]
    s = sruns[0][0]
    kept = np.isnan(s["retired_ms"])
    assert np.array_equal(s["scores"][kept], r["scores"][kept]), "early stopping changed a kept score"
    best = min(runs, key=lambda x: x[2])[1:]
    sbest = min(sruns, key=lambda x: x[2])[1:]
    spikes = sum(len(t[0]) for t in r["trains"])
    return first, best, sbest, int((~kept).sum()), float(np.nanmean(s["retired_ms"])), spikes


def bench_one_network_each(m, target, n):
    for c in range(n):
        net = axon.Network(dt=0.1, seed=1, threads=1)
        pop = net.add_population("n", m["model"], 1, params=dict(zip(m["free"], m["cand"][c])))
        pop.add_input(axon.DC(m["amp"], start=ONSET, stop=ONSET + DUR))
        rec = pop.record("spikes")
        net.run(T)
        score_py(np.array(rec.spikes[0]), target)


def brian2_group(name, m):
    import brian2 as b2
    b2.defaultclock.dt = 0.1 * b2.ms
    amp = b2.TimedArray(np.r_[np.zeros(int(ONSET)), np.full(int(DUR), m["amp"]), np.zeros(int(T - ONSET - DUR))] *
                        b2.nA, dt=1 * b2.ms)
    if name.startswith("AdEx"):
        eqs = """dv/dt = (-(v - v_rest) + delta_T * exp((v - v_thresh) / delta_T)) / tau_m + (I - w) / C_m : volt (unless refractory)
                 dw/dt = (a * (v - v_rest) - w) / tau_w : amp
                 I = I_step(t) : amp
                 a : siemens
                 b : amp
                 tau_w : second"""
        ns = dict(v_rest=-70.6 * b2.mV, delta_T=2 * b2.mV, v_thresh=-50.4 * b2.mV, tau_m=9.3667 * b2.ms,
                  C_m=0.281 * b2.nF, I_step=amp)
        g = b2.NeuronGroup(N, eqs, threshold="v > -40*mV", reset="v = -70.6*mV; w += b", refractory=0.1 * b2.ms,
                           method=m["b2method"], namespace=ns)
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
        g = b2.NeuronGroup(N, eqs, threshold="v >= 30*mV", reset="v = c; u += d", method=m["b2method"],
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
    def one():
        _, g = brian2_group(name, m)
        mon = b2.SpikeMonitor(g)
        net = b2.Network(g, mon)
        net.run(T * b2.ms)
        trains = mon.spike_trains()
        for c in range(N):
            score_py(np.asarray(trains[c] / b2.ms), target)
        return int(mon.num_spikes)
    # the first compiles, the second finds the compiled code in the cache
    return [timed(one) for _ in range(2)]


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
    print(json.dumps({"total_s": total, "run_s": float(b2.device._last_run_time), "spikes": int(mon.num_spikes)}))


def bench_brian2_standalone(name, target):
    import json
    import subprocess
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        np.savetxt(f, target)
    out = subprocess.run([sys.executable, __file__, str(N), str(T), "--standalone=" + name, "--target=" + f.name],
                         check=True, capture_output=True, text=True).stdout
    os.unlink(f.name)
    return json.loads(out.strip().splitlines()[-1])


def row(name, way, wall, cpu, note=""):
    cs = N * T / 1000.0
    print("| %s | %s | %s | %.3f | %.0f | %s | %s |" % (name, way, MODELS[name]["model"], wall, cs / wall,
                                                         "%.3f" % cpu if cpu is not None else "-",
                                                         ("%.0f" % (cs / cpu)) if cpu else "-") + note)
    sys.stdout.flush()


def main():
    flags = dict(a[2:].split("=", 1) if "=" in a else (a[2:], "") for a in sys.argv[1:] if a.startswith("--"))
    names = flags["only"].split(",") if "only" in flags else list(MODELS)
    load = os.getloadavg()
    print("# N = %d candidates, %g ms each, dt 0.1 ms, %d threads; load average %.2f %.2f %.2f on %d cores" %
          ((N, T, THREADS) + load + (os.cpu_count(),)))
    print("| model-method | way | axon model | wall s per generation | candidate-s per wall s | CPU s | "
          "candidate-s per CPU s |")
    print("|---|---|---|---|---|---|---|")
    for name in names:
        m = MODELS[name]
        ev1 = axon.fit.Evaluator(m["model"], m["base"], free=m["free"], protocols=[protocol(m["amp"])],
                                 max_candidates=1, threads=1)
        target = ev1.evaluate(m["cand"][:1])["trains"][0][0]
        first, best, stopped, n_stopped, mean_stop, spikes = bench_evaluator(m, target)
        row(name, "axon evaluator, first generation (build included)", *first)
        row(name, "axon evaluator, later generations (best of 3)", *best, note=" %d spikes" % spikes)
        row(name, "axon evaluator, early stopping above the median score (%d stopped, at %.0f ms on average)" %
            (n_stopped, mean_stop), *stopped)
        n = max(20, N // 20)
        _, w, c = timed(bench_one_network_each, m, target, n)
        row(name, "one axon network per candidate (%d candidates, 1 thread, scaled to %d)" % (n, N),
            w * N / n, c * N / n)
        if m["b2method"] is None:
            continue
        if "no-cython" not in flags:
            b = bench_brian2(name, m, target)
            row(name, "Brian2 %s cython, method %s, first run (code generation and compilation included)" %
                (__import__("brian2").__version__, m["b2method"]), b[0][1], b[0][2], " %d spikes" % b[0][0])
            row(name, "Brian2 cython, second network (compiled code cached)", b[1][1], b[1][2])
        if "no-standalone" not in flags:
            sa, w, c = timed(bench_brian2_standalone, name, target)
            row(name, "Brian2 cpp_standalone, method %s, one generation: code generation, compilation, run, "
                "objective" % m["b2method"], sa["total_s"], c, " %d spikes" % sa["spikes"])
            row(name, "Brian2 cpp_standalone, its simulation loop alone (no compilation, no objective)",
                sa["run_s"], None)
    print("# load average at the end: %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    FLAGS = [a for a in sys.argv[1:] if a.startswith("--standalone=")]
    if FLAGS:
        standalone(FLAGS[0].split("=", 1)[1], [a for a in sys.argv[1:] if a.startswith("--target=")][0][9:])
    else:
        main()
