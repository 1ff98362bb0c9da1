#!/usr/bin/python3
"""Network fit (SpikeNetOpt's task, issue 18 item 5): recover the E->E and
E->I connection probabilities and weights of a ground-truth E/I network from
its spike statistics, with CMA-ES (axon.fit.Optimizer), and show which of the
four parameters the statistics can see.

The network: 400 excitatory and 100 inhibitory IF_curr_delta neurons
(tau_m 20 ms, threshold 20 mV above rest, reset 10 mV above rest, 2 ms
refractory), delta synapses (a weight is a jump of v in mV), delay 1.5 ms,
each neuron driven by its own Poisson source (2.4 kHz, 0.5 mV; one source
neuron per target, so the drive is an input of the network that every
candidate can share).  The free parameters are p_EE, w_EE, p_EI, w_EI
(E->E and E->I probability and weight, mV); I->E and I->I are fixed (p 0.2,
-3 mV).  The truth (0.1, 0.4 mV, 0.15, 0.3 mV) is asynchronous and
irregular: E about 10 Hz, CV 0.6, correlations about 0.01.

How a generation is evaluated.  Every candidate of a generation is one copy
of the network (its own E and I populations) in ONE axon network, run once
on the cores (``threads``): the copies share the Poisson sources and
nothing else, so each copy's spikes are bit for bit those of the candidate
in a network of its own (tests/python/test_fit_network.py proves it).
The network is built once; a new generation only sets weights and resets
(no rebuild).  A connection probability p is set without a rebuild by
common random numbers: each pair (i, j) has a fixed uniform number u_ij,
the network holds the synapses with u_ij < P_MAX (the bound of p), and a
candidate's synapse has its weight w where u_ij < p and 0 elsewhere - a
FixedProbability(p) network (each pair independently with probability p),
and a synapse of weight 0 changes nothing (tested: bit for bit the network
of the kept synapses alone).

Noise.  Every candidate sees the same wiring numbers u, the same drive and
the same initial state (common random numbers), so two candidates differ
only by their parameters, and nearby candidates share most synapses.  The
ground truth is a different realisation (other seeds): the fit cannot match
it spike for spike, only statistically.  The objective is the composite of
two ax_objective_population_stats terms (axon.fit.Objective.add_population,
E and I: rate, mean CV, mean pairwise correlation of 5 ms counts), each
statistic normalised by its trial-to-trial standard deviation over
``truth_trials`` realisations of the ground truth, the targets being their
mean.  So an objective of ~6 (six statistics, each one standard deviation
off) is as good as another realisation of the truth itself.

Identifiability.  The mean input a neuron gets from a projection is N p w nu
tau, the variance N p w^2 nu tau: rates see mostly p w, fluctuations
(CV, correlations) weakly p w^2.  The 2-D scans around the truth (p_EE
against w_EE, p_EI against w_EI) show a valley along p w = constant; the
fit recovers p w well and p and w separately poorly.  The numbers are in
docs/fitting.md, "Network fit".

    PYTHONPATH=build/python examples/python/fit_network.py [--quick] [--threads 2] [--seed 1] \\
        [--out fit_network.png]

--quick: 1 s runs, popsize 8, 120 evaluations, 5 x 5 scans (about 15 s of
CPU: under a minute on 2 cores); the default (full) mode: 2 s runs, 2
trials per candidate, popsize 12, 600 evaluations, 9 x 9 scans (a few CPU
minutes).  Prints the truth, the fit, the error per parameter and of p w,
the objective along and across p w = constant, and writes a figure (the
two objective landscapes and the convergence).  --timing N only times N
candidates as one network against N networks of one.
"""
import argparse
import time

import numpy as np

import axon
import axon.fit
from axon import analysis as an

N_E, N_I = 400, 100
DT = 0.1                                            # ms
DELAY = 1.5                                         # ms
NEURON = dict(tau_m=20.0, cm=1.0, v_rest=-70.0, v_reset=-60.0, v_thresh=-50.0, tau_refrac=2.0)
DRIVE_HZ, DRIVE_MV = 2400.0, 0.5                    # one Poisson source per neuron
P_INH, W_INH = 0.2, -3.0                            # I->E and I->I, fixed
NAMES = ("p_EE", "w_EE", "p_EI", "w_EI")
TRUTH = np.array([0.1, 0.4, 0.15, 0.3])
BOUNDS = [(0.02, 0.3), (0.05, 1.0), (0.02, 0.3), (0.05, 1.0)]
P_MAX = max(BOUNDS[0][1], BOUNDS[2][1])             # the network holds the pairs with u < P_MAX
STATS = ("E rate", "E CV", "E corr", "I rate", "I CV", "I corr")
SKIP_MS = 200.0                                     # transient left out of the statistics
BIN_MS, N_PAIRS = 5.0, 500                          # correlations: 5 ms counts, 500 pairs (fixed seed)

QUICK = dict(run_ms=1000.0, trials=1, truth_trials=6, popsize=8, budget=120, scan=5)
FULL = dict(run_ms=2200.0, trials=2, truth_trials=10, popsize=12, budget=600, scan=9)


def wiring(seed):
    """The fixed random numbers of one realisation: u for E->E and E->I (a pair
    is a synapse of a candidate with probability p when u < p), the fixed
    inhibitory pairs and the initial potentials (uniform between rest and
    threshold)."""
    g = np.random.default_rng(seed)
    u_ee = g.random((N_E, N_E))
    np.fill_diagonal(u_ee, 1.0)                     # no autapses
    u_ei = g.random((N_E, N_I))
    ie = g.random((N_I, N_E)) < P_INH
    ii = g.random((N_I, N_I)) < P_INH
    np.fill_diagonal(ii, False)
    v0 = g.uniform(-70.0, -50.0, N_E + N_I)
    return dict(u_ee=u_ee, u_ei=u_ei, ie=ie, ii=ii, v0=v0)


class Generation:
    """``copies`` copies of the network as disjoint populations E<k>, I<k> of
    one axon network (seed ``seed``: the drive's and the wiring's), built
    once; ``evaluate(X)`` runs rows of X (p_EE, w_EE, p_EI, w_EI), one copy
    each, in one run and returns each row's spike trains (E then I) over
    [skip_ms, run_ms].  ``kept_only`` builds each projection with the
    synapses of candidate ``kept_only`` alone (for the test that zero weights
    change nothing)."""

    def __init__(self, seed, copies, run_ms, threads=2, kept_only=None, skip_ms=SKIP_MS):
        self.w, self.copies, self.run_ms, self.skip_ms = wiring(seed), copies, run_ms, skip_ms
        w = self.w
        self.net = axon.Network(dt=DT, seed=seed, threads=threads)
        drive = self.net.add_population("drive", "SpikeSourcePoisson", N_E + N_I, params={"rate": DRIVE_HZ})
        self.parts = []
        for k in range(copies):
            E = self.net.add_population("E%d" % k, "IF_curr_delta", N_E, params=NEURON, state={"v": w["v0"][:N_E]})
            I = self.net.add_population("I%d" % k, "IF_curr_delta", N_I, params=NEURON, state={"v": w["v0"][N_E:]})
            self.net.connect(drive, E, axon.FromList(np.arange(N_E), np.arange(N_E)), weight=DRIVE_MV, delay=DELAY)
            self.net.connect(drive, I, axon.FromList(N_E + np.arange(N_I), np.arange(N_I)), weight=DRIVE_MV,
                             delay=DELAY)
            p_ee = P_MAX if kept_only is None else kept_only[0]
            p_ei = P_MAX if kept_only is None else kept_only[2]
            ee = self.net.connect(E, E, axon.FromList(*np.nonzero(w["u_ee"] < p_ee)), weight=0.0, delay=DELAY)
            ei = self.net.connect(E, I, axon.FromList(*np.nonzero(w["u_ei"] < p_ei)), weight=0.0, delay=DELAY)
            self.net.connect(I, E, axon.FromList(*np.nonzero(w["ie"])), receptor="inhibitory", weight=W_INH,
                             delay=DELAY)
            self.net.connect(I, I, axon.FromList(*np.nonzero(w["ii"])), receptor="inhibitory", weight=W_INH,
                             delay=DELAY)
            self.parts.append((ee, ei, E.record("spikes"), I.record("spikes")))
        self.net.build()
        self.runs = 0

    def _set(self, part, x):
        """Candidate x on one copy: weight w where u < p, else 0."""
        ee, ei = part[0], part[1]
        ee.weights = np.where(self.w["u_ee"][ee.sources, ee.targets] < x[0], x[1], 0.0)
        ei.weights = np.where(self.w["u_ei"][ei.sources, ei.targets] < x[2], x[3], 0.0)

    def evaluate(self, X):
        """Spike trains (a list: N_E trains of E, then N_I of I) of each row of X.
        More rows than copies, p outside [0, P_MAX] or w < 0 raise ValueError;
        unused copies are silenced (recurrent weights 0, their output ignored)."""
        X = np.atleast_2d(np.asarray(X, dtype=float))
        if X.ndim != 2 or X.shape[1] != 4 or not 1 <= len(X) <= self.copies:
            raise ValueError("Generation.evaluate: X of shape %s: 1 to %d rows of (p_EE, w_EE, p_EI, w_EI) are "
                             "allowed" % (X.shape, self.copies))
        for r, x in enumerate(X):
            if not (np.all(np.isfinite(x)) and 0 <= x[0] <= P_MAX and 0 <= x[2] <= P_MAX and x[1] >= 0 and x[3] >= 0):
                raise ValueError("Generation.evaluate: row %d = %s: p must be in [0, %g] (the pairs the network "
                                 "holds) and w finite and >= 0 (mV)" % (r, list(x), P_MAX))
        if self.runs:
            self.net.reset()
        for k, part in enumerate(self.parts):
            self._set(part, X[k] if k < len(X) else (0.0, 0.0, 0.0, 0.0))
        self.net.run(self.run_ms)
        self.runs += 1
        out = []
        for k in range(len(X)):
            trains = []
            for rec, n in ((self.parts[k][2], N_E), (self.parts[k][3], N_I)):
                t, i = rec.spikes
                keep = t >= self.skip_ms
                trains += an.spike_trains_from_events(t[keep], i[keep], n_trains=n, t_start=self.skip_ms,
                                                      t_stop=self.run_ms).trains
            out.append(trains)
        return out


def statistics(trains, run_ms):
    """(E rate, E CV, E corr, I rate, I CV, I corr) of one copy's trains over
    [SKIP_MS, run_ms], by axon.fit.population_stats (the objective's terms'
    calls)."""
    r = []
    for first, n in ((0, N_E), (N_E, N_I)):
        s = axon.fit.population_stats(trains[first:first + n], bin_ms=BIN_MS, n_pairs=N_PAIRS, seed=1,
                                      t_start=SKIP_MS, t_stop=run_ms)
        r += [s["rate_hz"], s["cv"], s["correlation"]]
    return np.array(r)


class Fit:
    """The whole fit: the truth's statistics (mean and trial-to-trial SD over
    ``truth_trials`` realisations, seeds 1000 + k), the objective, and the
    candidates' generations (``trials`` realisations, seeds seed + t, one
    network each, every candidate of a generation a copy in it; one set of
    networks per generation size, built when first needed)."""

    def __init__(self, run_ms, trials, truth_trials, seed=1, threads=2, truth=TRUTH):
        self.run_ms, self.seed, self.threads, self.trials = run_ms, seed, threads, trials
        stats = []
        for k in range(truth_trials):                 # a new realisation each: its own network
            g = Generation(1000 + k, 1, run_ms, threads)
            stats.append(statistics(g.evaluate([truth])[0], run_ms))
        self.truth_stats = np.array(stats)
        self.target, self.spread = self.truth_stats.mean(axis=0), self.truth_stats.std(axis=0, ddof=1)
        self.objective = axon.fit.Objective()
        for pop, (first, n) in enumerate(((0, N_E), (N_E, N_I))):
            m, s = self.target[3 * pop:3 * pop + 3], self.spread[3 * pop:3 * pop + 3]
            self.objective.add_population(rate_hz=m[0], cv=m[1], correlation=m[2], rate_scale=s[0], cv_scale=s[1],
                                          correlation_scale=s[2], bin_ms=BIN_MS, n_pairs=N_PAIRS, seed=1,
                                          first_train=first, n_trains=n)
        self.gens = {}
        self.evaluations = 0

    def scores(self, X):
        """The objective of each row of X (all rows one run per trial): the
        mean over the trials of the composite."""
        X = np.atleast_2d(X)
        if len(X) not in self.gens:
            self.gens[len(X)] = [Generation(self.seed + t, len(X), self.run_ms, self.threads)
                                 for t in range(self.trials)]
        total = np.zeros(len(X))
        for g in self.gens[len(X)]:
            for k, trains in enumerate(g.evaluate(X)):
                total[k] += self.objective.evaluate({"spikes": trains, "t_start": SKIP_MS, "t_stop": self.run_ms})[0]
        self.evaluations += len(X)
        return total / self.trials

    def optimise(self, popsize, budget, seed=None):
        """CMA-ES over BOUNDS; returns (best row, best score, history of the best
        score per generation, every asked row and its score)."""
        opt = axon.fit.Optimizer("cmaes", BOUNDS, popsize=popsize, budget=budget,
                                 seed=self.seed if seed is None else seed)
        history, asked, told = [], [], []
        while not opt.done:
            X = opt.ask()
            s = self.scores(X)
            opt.tell(s)
            asked.append(X)
            told.append(s)
            history.append(opt.best[1])
        best, score = opt.best
        return np.asarray(best), score, np.array(history), np.vstack(asked), np.concatenate(told)

    def scan(self, i, j, n, factor=2.0, around=TRUTH):
        """The objective on an n x n grid of parameters i and j from 1 / factor
        to factor times ``around`` (geometric steps, within BOUNDS), the others
        at ``around``; returns (values of i, values of j, objective[n_i, n_j])."""
        a = np.clip(np.geomspace(1 / factor, factor, n) * around[i], *BOUNDS[i])
        b = np.clip(np.geomspace(1 / factor, factor, n) * around[j], *BOUNDS[j])
        X = np.tile(around, (n * n, 1))
        X[:, i] = np.repeat(a, n)
        X[:, j] = np.tile(b, n)
        return a, b, self.scores(X).reshape(n, n)


def valley(fit, i, j, factor=1.3, around=TRUTH):
    """How much better the statistics see p w than p and w apart: the objective
    at ``around`` moved by ``factor`` along p w = constant (p * f, w / f and p /
    f, w * f) and across it (p * f, w * f and p / f, w / f); returns (mean along,
    mean across)."""
    X = np.tile(around, (4, 1))
    for row, (a, b) in enumerate(((factor, 1 / factor), (1 / factor, factor), (factor, factor),
                                  (1 / factor, 1 / factor))):
        X[row, i] *= a
        X[row, j] *= b
    s = fit.scores(X)
    return float(s[:2].mean()), float(s[2:].mean())


def timing(copies, run_ms, threads=2, seed=1):
    """CPU seconds of ``copies`` candidates as one network against ``copies``
    networks of one candidate each (built and run one after the other):
    {"one_network": (build, evaluate), "separate": (build, evaluate), "equal":
    whether every spike is the same}.  Evaluating = setting the weights,
    running and reading the trains, what each generation costs."""
    X = TRUTH * np.linspace(0.8, 1.2, copies)[:, None]
    clock = time.process_time
    c0 = clock()
    g = Generation(seed, copies, run_ms, threads)
    c1 = clock()
    together = g.evaluate(X)
    c2 = clock()
    gs = [Generation(seed, 1, run_ms, threads) for _ in X]
    c3 = clock()
    alone = [h.evaluate(x[None])[0] for h, x in zip(gs, X)]
    c4 = clock()
    same = all(np.array_equal(a, b) for t, u in zip(together, alone) for a, b in zip(t, u))
    return dict(one_network=(c1 - c0, c2 - c1), separate=(c3 - c2, c4 - c3), equal=same)


def errors(best, truth=TRUTH):
    """Relative errors of the four parameters and of p w (E->E, E->I)."""
    rel = best / truth - 1.0
    pw = np.array([best[0] * best[1] / (truth[0] * truth[1]) - 1.0, best[2] * best[3] / (truth[2] * truth[3]) - 1.0])
    return rel, pw


def plot(path, best, scans, history):
    """The figure: each scan's objective (log10) with the truth, the fit and the
    curve p w = the truth's; the best objective per generation."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FormatStrFormatter
    fig, ax = plt.subplots(1, 3, figsize=(14, 4.2))
    for a, (i, j, (x, y, z)) in zip(ax[:2], scans):
        im = a.contourf(y, x, np.log10(np.maximum(z, 1e-3)), levels=20, cmap="viridis")
        fig.colorbar(im, ax=a, label="log10 objective")
        pw = TRUTH[i] * TRUTH[j]
        a.plot(y, pw / y, "w--", lw=1, label="p w = truth's")
        a.set_xscale("log")
        a.set_yscale("log")
        for axis in (a.xaxis, a.yaxis):
            axis.set_major_formatter(FormatStrFormatter("%g"))
            axis.set_minor_formatter(FormatStrFormatter("%g"))
        a.plot(TRUTH[j], TRUTH[i], "r*", ms=12, label="truth")
        a.plot(best[j], best[i], "wo", mfc="none", ms=10, label="fit (off this slice)")
        a.set_xlim(y[0], y[-1])
        a.set_ylim(x[0], x[-1])
        a.set_xlabel(NAMES[j] + " (mV)")
        a.set_ylabel(NAMES[i])
        a.legend(loc="upper right", fontsize=8)
    ax[2].semilogy(np.arange(1, len(history) + 1), history, "k.-")
    ax[2].set_xlabel("generation")
    ax[2].set_ylabel("best objective so far")
    ax[2].set_title("CMA-ES convergence")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def run(mode, seed=1, threads=2, scan=True, verbose=True):
    """The whole example; returns a dict of what it found."""
    say = print if verbose else (lambda *a, **k: None)
    c0, w0 = time.process_time(), time.time()
    fit = Fit(mode["run_ms"], mode["trials"], mode["truth_trials"], seed, threads)
    say("truth      " + "  ".join("%s %.4g +- %.2g" % (n, m, s) for n, m, s in zip(STATS, fit.target, fit.spread)))
    best, score, history, asked, told = fit.optimise(mode["popsize"], mode["budget"])
    rel, pw = errors(best)
    say("fit        " + "  ".join("%s %.4g (truth %.4g, %+.0f %%)" % (n, b, t, 100 * r)
                                  for n, b, t, r in zip(NAMES, best, TRUTH, rel)))
    say("p w        E->E %+.1f %%, E->I %+.1f %%; objective %.3g after %d evaluations"
        % (100 * pw[0], 100 * pw[1], score, fit.evaluations))
    truth_score = float(fit.scores(TRUTH[None])[0])
    say("objective of the truth itself (another realisation): %.3g" % truth_score)
    scans, valleys = [], []
    for i, j in ((0, 1), (2, 3)):
        valleys.append(valley(fit, i, j))
        say("%s, %s x and / 1.3 around the truth: objective %.3g along p w = truth's, %.3g across"
            % (NAMES[i], NAMES[j], *valleys[-1]))
        if scan:
            scans.append((i, j, fit.scan(i, j, mode["scan"])))
    cpu, wall = time.process_time() - c0, time.time() - w0
    say("%.1f s CPU, %.1f s wall" % (cpu, wall))
    return dict(best=best, score=score, history=history, rel=rel, pw=pw, truth_score=truth_score, scans=scans,
                valleys=valleys,
                fit=fit, cpu=cpu, wall=wall, asked=asked, told=told)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="the short mode (under a minute on 2 cores)")
    ap.add_argument("--seed", type=int, default=1, help="the candidates' realisation and CMA-ES's seed")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default="fit_network.png", help="the figure (PNG)")
    ap.add_argument("--timing", type=int, metavar="N", help="only time N candidates as one network against N "
                    "networks of one, and exit")
    a = ap.parse_args()
    if a.timing:
        t = timing(a.timing, (QUICK if a.quick else FULL)["run_ms"], a.threads, a.seed)
        print("%d candidates, %g ms, %d threads, CPU s: one network: build %.2f, evaluate %.2f; %d networks: build "
              "%.2f, evaluate %.2f; spikes equal: %s" % (a.timing, (QUICK if a.quick else FULL)["run_ms"], a.threads,
                                                         *t["one_network"], a.timing, *t["separate"], t["equal"]))
        return
    r = run(QUICK if a.quick else FULL, a.seed, a.threads)
    plot(a.out, r["best"], r["scans"], r["history"])
    print("wrote", a.out)


if __name__ == "__main__":
    main()
