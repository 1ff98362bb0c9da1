#!/usr/bin/python3
"""Recover known AdEx parameters from the spike trains AdEx itself made (issue 18, item 5).

Ground truth: axon's EIF_cond_exp_isfa_ista (AdEx, Brette & Gerstner 2005)
with its defaults (Naud et al.'s tonic cell: a = 4 nS, b = 0.0805 nA,
tau_w = 144 ms, v_thresh = -50.4 mV) under three current steps.  Those four
parameters are then searched by CMA-ES in a box around them (a factor 4 on
a, b and tau_w, +-8 mV on v_thresh), with the score 1 - Gamma (Jolivet et
al. 2008, window 2 ms) plus 0.05 per spike too many or too few, computed
in C as each generation runs as one population.  The fit is restarted
with several seeds; for each parameter the script prints the relative
error of the best restart and the median and interquartile range over the
restarts.

Identifiability.  Spike times pin down what shapes the interspike
intervals: the threshold (rheobase and first-spike latency) and the
adaptation's strength in the steady state, about b tau_w (the mean of w is
b times the rate times tau_w), and its time course (tau_w: the intervals
lengthen over tau_w).  a, the subthreshold coupling, acts mostly below
threshold and trades against b: from spikes alone it is the weakest, and
its error is the largest.

    PYTHONPATH=build/python examples/python/fit_adex_recovery.py [--quick] [--restarts 6] [--out adex.png]
"""
import argparse
import time

import numpy as np

import axon.fit as fit

MODEL = "EIF_cond_exp_isfa_ista"
FREE = ["a", "b", "tau_w", "v_thresh"]
TRUTH = np.array([4.0, 0.0805, 144.0, -50.4])
BOUNDS = [(1.0, 16.0), (0.02, 0.32), (36.0, 576.0), (-58.4, -42.4)]
LOG = [True, True, True, False]
RUN_MS, ONSET_MS, STEP_MS = 500.0, 50.0, 450.0
STEPS_NA = (0.6, 0.9, 1.3)
DELTA_MS, COUNT_WEIGHT = 2.0, 0.05


def protocols():
    return [fit.Protocol(RUN_MS, amplitude=a, onset=ONSET_MS, duration=STEP_MS) for a in STEPS_NA]


def run(quick=False, restarts=None, threads=2):
    """Every restart's best parameters and score, and the ground truth's trains."""
    restarts = restarts or (3 if quick else 6)
    popsize, budget = (16, 800) if quick else (24, 2400)
    ev = fit.Evaluator(MODEL, {}, free=FREE, protocols=protocols(), max_candidates=popsize, threads=threads)
    target = ev.evaluate([TRUTH])["trains"][0]
    t0, c0 = time.perf_counter(), time.process_time()
    best, scores, histories = [], [], []
    for seed in range(1, restarts + 1):
        opt = fit.Optimizer("cmaes", BOUNDS, log=LOG, popsize=popsize, seed=seed, budget=budget)
        hist = []
        while not opt.done:
            X = opt.ask()
            opt.tell(ev.evaluate(X, score="gamma", target=target, delta=DELTA_MS, count_weight=COUNT_WEIGHT,
                                 spike_ceiling=500)["scores"])
            hist.append(opt.best[1])
        x, s = opt.best
        best.append(np.asarray(x))
        scores.append(s)
        histories.append(hist)
    best = np.array(best)
    rel = np.abs(best - TRUTH) / np.abs(TRUTH)
    k = int(np.argmin(scores))
    fitted = ev.evaluate([best[k]])["trains"][0]
    g = [fit.gamma_coincidence(d, m, DELTA_MS, t_stop=RUN_MS) for d, m in zip(target, fitted)]
    q1, med, q3 = np.percentile(rel, [25, 50, 75], axis=0)
    return {"best": best, "scores": np.array(scores), "relative_error": rel, "best_index": k,
            "best_relative_error": rel[k], "median": med, "iqr": q3 - q1, "gamma_best": np.array(g),
            "target": target, "fitted": fitted, "histories": histories, "wall_s": time.perf_counter() - t0,
            "cpu_s": time.process_time() - c0, "evaluations": budget * restarts}


def plot(res, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (ax, er) = plt.subplots(1, 2, figsize=(11, 4))
    for p, amp in enumerate(STEPS_NA):
        ax.vlines(res["target"][p], 2 * p + 0.55, 2 * p + 1.25, color="k", lw=0.8,
                  label="ground truth" if p == 0 else None)
        ax.vlines(res["fitted"][p], 2 * p - 0.25, 2 * p + 0.45, color="C3", lw=0.8,
                  label="best restart" if p == 0 else None)
        ax.text(RUN_MS + 5, 2 * p + 0.5, "%.2g nA\nGamma %.3f" % (amp, res["gamma_best"][p]), fontsize=7)
    ax.set_xlim(0, RUN_MS + 120)
    ax.set_yticks([])
    ax.set_xlabel("time (ms)")
    ax.legend(fontsize=7, loc="upper left")
    for j, name in enumerate(FREE):
        er.semilogy(np.full(len(res["best"]), j), np.maximum(res["relative_error"][:, j], 1e-6), "o", color="C0")
        er.semilogy([j], [max(res["best_relative_error"][j], 1e-6)], "*", color="C3", ms=12)
    er.set_xticks(range(len(FREE)))
    er.set_xticklabels(FREE)
    er.set_ylabel("relative error (restarts; star: best)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="3 restarts of a smaller budget (the test's)")
    ap.add_argument("--restarts", type=int)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", help="write the rasters and the errors to this picture (.png)")
    a = ap.parse_args()
    res = run(a.quick, a.restarts, a.threads)
    print("%d restarts, %d evaluations in %.1f s wall, %.1f s CPU; scores %s" % (
        len(res["scores"]), res["evaluations"], res["wall_s"], res["cpu_s"], np.round(res["scores"], 4)))
    print("%-9s %10s %10s %12s %14s %10s" % ("param", "truth", "best", "best rel err", "median rel err", "IQR"))
    for j, name in enumerate(FREE):
        print("%-9s %10.4g %10.4g %12.2e %14.2e %10.2e" % (name, TRUTH[j], res["best"][res["best_index"], j],
                                                           res["best_relative_error"][j], res["median"][j],
                                                           res["iqr"][j]))
    print("Gamma of the best restart per step: %s" % np.round(res["gamma_best"], 4))
    if a.out:
        plot(res, a.out)
        print("wrote " + a.out)


if __name__ == "__main__":
    main()
