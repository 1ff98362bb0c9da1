#!/usr/bin/python3
"""The main seed's working-memory cue task: a spiking autoassociative 7 x 7
group with an inhibitory 3 x 3 group (working_memory.toml) holds a cued
pattern through a delay and through a distractor.

Each trial (one seed) draws 3 random binary patterns (coding level 0.3),
stores them in E's recurrent weights by the seed's binary rule, cues
pattern 0 with a distorted copy in phase 1 (200 - 400 ms, Poisson 200 Hz on
the copy's on cells), presents a distractor in phase 2 (900 - 1100 ms:
another stored pattern, a random pattern of the same coding level, or
nothing; at 200 Hz, or pattern 1 at 4000 Hz) and reads the recall accuracy
against every stored pattern in 100 ms windows (axon.analysis.recall_accuracy: on = >= 2 spikes in the
window, i.e. >= 20 Hz).  The signal-to-noise ratio of a phase compares the
cued pattern's accuracies with the others' over its windows (snr below).

It prints the delay accuracies and SNRs for each distractor, and a sweep of
the cued pattern's accuracy in both delays (the distractor: pattern 1 at
4000 Hz) over the recurrent conductance g_EE and the cue's distortion (mean
over seeds); --plot draws the accuracy over time, --sweep-plot the sweep's
heat maps.  The default run takes about 25 s (5 s of CPU).

    PYTHONPATH=build/python examples/attractors/working_memory.py [--seeds 3] [--plot FILE]
        [--sweep-plot FILE] [--quick]
"""
import argparse
import os

import numpy as np

import axon
from axon import analysis, attractors
from axon.errors import ArgumentError

HERE = os.path.dirname(os.path.abspath(__file__))
SHAPE = (7, 7)
N = 49
PATTERNS = 3
CODING = 0.3            # fraction of on cells in a random pattern; the weights' f
G_EE = 0.45             # nA per unit of the binary rule's weight
CUE_RATE = 200.0        # Hz: the cue's on cells
DISTRACTOR_RATE = 200.0  # Hz: the distractor's on cells (phase 2)
WINDOW = 100.0          # ms
THRESHOLD = 2           # spikes in a window: on
DURATION = 1600.0       # ms
CUE = (200.0, 400.0)    # phase 1 (the model file's cue start and duration)
DISTRACTOR = (900.0, 1100.0)
DELAY1 = (400.0, 900.0)
DELAY2 = (1100.0, 1600.0)
DISTRACTORS = ("none", "noise", "pattern")
STRONG_DISTRACTOR = 4000.0   # Hz: 20 times the cue's rate, enough to overwrite the memory at G_EE
CONDITIONS = (("no distractor", "none", DISTRACTOR_RATE), ("noise, 200 Hz", "noise", DISTRACTOR_RATE),
              ("pattern 1, 200 Hz", "pattern", DISTRACTOR_RATE), ("pattern 1, 4000 Hz", "pattern", STRONG_DISTRACTOR))
SWEEP_G = (0.2, 0.3, 0.45, 0.6)
SWEEP_DISTORTION = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
SWEEP_G_IE = (-0.5, -1.0, -1.5, -2.0)   # nA, I -> E (the model file's -1.0)


def _number(name, value, unit, low=0.0, high=np.inf):
    """value as a float, refused (ArgumentError naming it) unless it is a real number in [low, high]."""
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
    if not (ok and np.isfinite(value) and low <= value <= high):
        allowed = "[%g, %g]" % (low, high) if np.isfinite(high) and np.isfinite(low) else \
            (">= %g" % low if np.isfinite(low) else "<= %g" % high)
        raise ArgumentError("working_memory: %s = %r%s; a finite number %s is allowed"
                            % (name, value, unit, "in " + allowed if allowed.startswith("[") else allowed))
    return float(value)


def check_task(patterns, distortion, g_ee=G_EE, distractor="pattern", distractor_rate=DISTRACTOR_RATE, g_ie=None):
    """Refuse, before any simulation, what the task cannot run (ArgumentError naming what and what is allowed):
    patterns not (k, 49) or (k, 7, 7) numbers with k >= 2, values other than 0 and 1, a distortion that is
    not a number in [0, 1] (the probability that the cue flips a cell), a g_EE or a distractor rate that is
    not a finite number >= 0, a g_ie that is not a finite number <= 0, an unknown distractor.  Returns the
    patterns as (k, 49) floats."""
    try:
        p = np.asarray(patterns, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise ArgumentError("working_memory: patterns must be an array of numbers, (k, %d) or (k, %d, %d) (%s)"
                            % (N, SHAPE[0], SHAPE[1], e)) from None
    if p.ndim == 3 and p.shape[1:] == SHAPE:
        p = p.reshape(len(p), N)
    if p.ndim != 2 or p.shape[1] != N or p.shape[0] < 2:
        raise ArgumentError("working_memory: patterns have shape %s: (k, %d) or (k, %d, %d) with k >= 2 are "
                            "allowed (one row of 0/1 per stored pattern, a value per cell of E)"
                            % (p.shape, N, SHAPE[0], SHAPE[1]))
    bad = np.argwhere((p != 0) & (p != 1))
    if len(bad):
        k, i = bad[0]
        raise ArgumentError("working_memory: pattern %d has %r at cell %d: binary patterns of 0 (off) and 1 (on) "
                            "are allowed" % (k, p[k, i], i))
    _number("distortion", distortion, "", 0.0, 1.0)
    _number("g_ee", g_ee, " nA")
    _number("distractor_rate", distractor_rate, " Hz")
    if g_ie is not None:
        _number("g_ie", g_ie, " nA", -np.inf, 0.0)
    if distractor not in DISTRACTORS:
        raise ArgumentError("working_memory: distractor %r; allowed: %s" % (distractor, ", ".join(DISTRACTORS)))
    return p


def trial(seed, distortion=0.1, distractor="pattern", g_ee=G_EE, g_ie=None, patterns=None,
          distractor_rate=DISTRACTOR_RATE):
    """One trial: a dict with the patterns, the cue, the distractor's rates, `accuracy` (windows x patterns:
    the recall accuracy of each 100 ms window against each stored pattern; pattern 0 is the cued one),
    `rates` (Hz per window, mean over E) and the spikes.  g_ie (nA, <= 0) replaces the model file's I -> E
    weight when given."""
    if patterns is None:
        patterns = attractors.random_patterns(N, PATTERNS, seed=seed, binary=True, p_on=CODING)
    p = check_task(patterns, distortion, g_ee, distractor, distractor_rate, g_ie)
    weights = attractors.binary_weights(p, a=CODING, b=CODING, scale=1.0 / (CODING * (1.0 - CODING)))
    cue = attractors.distort(p[0], float(distortion), seed=seed)
    if distractor == "pattern":
        other = p[1]
    elif distractor == "noise":
        other = attractors.random_patterns(N, 1, seed=seed + 1000003, binary=True, p_on=CODING)[0]
    else:
        other = np.zeros(N)
    settings = {"simulation.seed": int(seed), "simulation.duration": DURATION}
    if g_ie is not None:
        settings["projections.3.weight"] = float(g_ie)
    with axon.load(os.path.join(HERE, "working_memory.toml"), set=settings) as m:
        net = m.network
        exc = net.population("exc")
        net.population("cue").set(rate=CUE_RATE * cue)
        net.population("distractor").set(rate=distractor_rate * other)
        post, pre = np.nonzero(~np.eye(N, dtype=bool))
        net.connect(exc, exc, axon.FromList(pre, post), weight=g_ee * weights[post, pre], delay=1.0)
        rec = exc.record("spikes")
        net.run(DURATION)
        t, i = rec.spikes
    t, i = np.asarray(t, dtype=np.float64), np.asarray(i, dtype=np.int64)
    edges = np.arange(0.0, DURATION + WINDOW / 2, WINDOW)
    acc = np.zeros((len(edges) - 1, len(p)))
    rates = np.zeros(len(edges) - 1)
    for w in range(len(edges) - 1):
        counts = np.bincount(i[(t >= edges[w]) & (t < edges[w + 1])], minlength=N).astype(np.float64)
        acc[w] = [analysis.recall_accuracy(counts, p[k], THRESHOLD) for k in range(len(p))]
        rates[w] = counts.sum() / N / (WINDOW / 1000.0)
    return dict(seed=seed, patterns=p, cue=cue, distractor=other, accuracy=acc, rates=rates, edges=edges,
                times=t, neurons=i, distortion=distortion, kind=distractor)


def windows(result, phase):
    """The rows of result["accuracy"] whose windows lie inside phase = (t0, t1) ms."""
    e = result["edges"]
    return (e[:-1] >= phase[0]) & (e[1:] <= phase[1])


def snr(result, phase, cued=0):
    """The signal-to-noise ratio of the recall in a phase: (mean accuracy for the cued pattern - mean accuracy
    for the others) / sd, over the phase's windows, sd the pooled standard deviation of the two groups'
    accuracies (a d'), floored at 1/49 (one cell's worth of accuracy) so that a recall without fluctuation
    gives a finite ratio, 49 times the difference of the means."""
    a = result["accuracy"][windows(result, phase)]
    signal = a[:, cued]
    others = np.delete(a, cued, axis=1).ravel()
    sd = np.sqrt((signal.var() + others.var()) / 2.0)
    return (signal.mean() - others.mean()) / max(sd, 1.0 / N)


def delay_accuracy(result, phase=DELAY1, cued=0):
    """The cued pattern's mean accuracy over a phase's windows."""
    return float(result["accuracy"][windows(result, phase), cued].mean())


def sweep(g_values, distortions, seeds, distractor="pattern", distractor_rate=STRONG_DISTRACTOR, g_ie=None):
    """The cued pattern's mean accuracy over seeds in the first delay and in the second (after the distractor,
    by default pattern 1 at STRONG_DISTRACTOR Hz) on a grid of g_EE x distortion: two arrays of shape
    (len(g_values), len(distortions)).  g_ie (nA, <= 0): the I -> E weight, the model file's when None."""
    first = np.zeros((len(g_values), len(distortions)))
    second = np.zeros_like(first)
    for a, g in enumerate(g_values):
        for b, q in enumerate(distortions):
            rs = [trial(s, q, distractor, g_ee=g, g_ie=g_ie, distractor_rate=distractor_rate) for s in seeds]
            first[a, b] = np.mean([delay_accuracy(r, DELAY1) for r in rs])
            second[a, b] = np.mean([delay_accuracy(r, DELAY2) for r in rs])
    return first, second


def plot(results, path):
    """Accuracy over time for each distractor kind (mean over seeds): the cued pattern, the distractor
    pattern (1) and the third."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, len(results), figsize=(3.2 * len(results), 3.0), sharey=True, squeeze=False)
    for ax, (kind, rs) in zip(axes[0], results.items()):
        e = rs[0]["edges"]
        mid = (e[:-1] + e[1:]) / 2
        acc = np.mean([r["accuracy"] for r in rs], axis=0)
        for k, label in enumerate(("cued pattern 0", "pattern 1", "pattern 2")):
            ax.plot(mid, acc[:, k], marker=".", label=label)
        for (t0, t1), colour in ((CUE, "C0"), (DISTRACTOR, "C1")):
            ax.axvspan(t0, t1, color=colour, alpha=0.12)
        ax.set_title("distractor: %s" % kind, fontsize=9)
        ax.set_xlabel("time (ms)")
        ax.set_ylim(0, 1.02)
    axes[0][0].set_ylabel("recall accuracy (100 ms windows)")
    axes[0][0].legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def plot_sweep(g_values, distortions, first, second, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.4))
    panels = ((axes[0], first, "delay 1 (400-900 ms)"),
              (axes[1], second, "delay 2, after pattern 1 at %g Hz" % STRONG_DISTRACTOR))
    for ax, grid, title in panels:
        im = ax.imshow(grid, origin="lower", aspect="auto", vmin=0.5, vmax=1.0, cmap="viridis")
        ax.set_xticks(range(len(distortions)), ["%g" % q for q in distortions])
        ax.set_yticks(range(len(g_values)), ["%g" % g for g in g_values])
        ax.set_xlabel("cue distortion")
        ax.set_title(title, fontsize=9)
        for a in range(grid.shape[0]):
            for b in range(grid.shape[1]):
                ax.text(b, a, "%.2f" % grid[a, b], ha="center", va="center", fontsize=7,
                        color="k" if grid[a, b] > 0.85 else "w")
    axes[0].set_ylabel("g_EE (nA)")
    fig.colorbar(im, ax=axes, label="cued pattern's accuracy")
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, default=3, help="trials per condition, seeds 1 .. N (default 3)")
    ap.add_argument("--distortion", type=float, default=0.1, help="flip probability of the cue (default 0.1)")
    ap.add_argument("--plot", metavar="FILE", help="accuracy over time per distractor (PNG)")
    ap.add_argument("--sweep-plot", metavar="FILE", help="the g_EE x distortion sweep's heat map (PNG)")
    ap.add_argument("--quick", action="store_true", help="a smaller sweep (for tests)")
    args = ap.parse_args()
    seeds = range(1, args.seeds + 1)
    results = {label: [trial(s, args.distortion, kind, distractor_rate=rate) for s in seeds]
               for label, kind, rate in CONDITIONS}
    for label, rs in results.items():
        print("%-22s: cued pattern's accuracy delay 1 %.3f, delay 2 %.3f; SNR %.1f, %.1f; the distractor "
              "pattern's accuracy in delay 2 %.3f"
              % (label, np.mean([delay_accuracy(r, DELAY1) for r in rs]),
                 np.mean([delay_accuracy(r, DELAY2) for r in rs]),
                 np.mean([snr(r, DELAY1) for r in rs]), np.mean([snr(r, DELAY2) for r in rs]),
                 np.mean([delay_accuracy(r, DELAY2, cued=1) for r in rs])))
    g_values = (0.2, 0.45) if args.quick else SWEEP_G
    distortions = (0.0, 0.5) if args.quick else SWEEP_DISTORTION
    first, second = sweep(g_values, distortions, seeds)
    print("sweep (distractor: pattern 1 at %g Hz): the cued pattern's mean accuracy in delay 1 / delay 2"
          % STRONG_DISTRACTOR)
    print("g_EE nA \\ distortion " + " ".join("%11g" % q for q in distortions))
    for a, g in enumerate(g_values):
        print("%-21g " % g + " ".join("%5.2f/%5.2f" % (first[a, b], second[a, b]) for b in range(len(distortions))))
    g_ie_values = SWEEP_G_IE[1::2] if args.quick else SWEEP_G_IE
    print("inhibition (g_EE %g nA, distortion %g, the same distractor): g_IE nA -> delay 1 / delay 2"
          % (G_EE, args.distortion))
    for g_ie in g_ie_values:
        a, b = sweep((G_EE,), (args.distortion,), seeds, g_ie=g_ie)
        print("%-6g %5.2f/%5.2f" % (g_ie, a[0, 0], b[0, 0]))
    if args.plot:
        plot(results, args.plot)
        print("wrote", args.plot)
    if args.sweep_plot:
        plot_sweep(g_values, distortions, first, second, args.sweep_plot)
        print("wrote", args.sweep_plot)


if __name__ == "__main__":
    main()
