#!/usr/bin/python3
"""A network that learns by reward which of two cues it sees (a closed loop).

examples/cue_learning.toml: two cue groups reach two competing output
groups through reward-modulated STDP synapses.  An axon.Loop steps the
network in 100-ms trials: the environment shows cue a or cue b (a 30-Hz
Poisson drive on that group; the cue of trial k is a bit of splitmix64, as
in the C driver), counts the outputs' spikes, and rewards the trial when
the output of the cue's side fired more.  The dopamine given is the
outcome (+1, -1, 0 for a tie) minus its running mean for that cue (a
prediction error, so a learned mapping is not pushed further), injected
at the trial's end.  The selectivity - the mean spike-count difference
out_a - out_b on cue-a trials minus that on cue-b trials - grows from
about 0 to well over 100 spikes; with the rewards shuffled or absent it
does not.

    PYTHONPATH=build/python examples/python/cue_learning.py cue_learning.png [--quick] [--seed N]
        [--control shuffled|none]

It prints the selectivity of the first and last 30 trials, the mean
weights before and after, and draws the reward, the response difference
per trial and the weights into the PNG.  build/examples/cue_learning (the
C driver) prints the same numbers for the same seed.
"""
import argparse
import os

import numpy as np

import axon

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "cue_learning.toml")
TRIAL_MS = 100.0
CUE_RATE = 30.0          # Hz: the shown cue's drive
DRIVE_WEIGHT = 8.0       # nA: about one spike of the cue neuron per drive event
GROUP = 20               # neurons per output group
BASELINE_TRIALS = 10.0   # the running mean of the outcome per cue: 1/10 per trial
WINDOW = 30              # trials at each end that the selectivity is measured on

M64 = (1 << 64) - 1


def splitmix64(x):
    """Sebastiano Vigna's splitmix64 (the C driver's, bit for bit)."""
    z = (x + 0x9E3779B97F4A7C15) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


class CueTask:
    """The environment: shows a cue, reads which output won, rewards."""

    def __init__(self, seed, control="reward"):
        self.seed, self.control = seed, control
        self.base = [0.0, 0.0]
        self.cues, self.diffs, self.outcomes = [], [], []

    def cue(self, k):
        return int(splitmix64((self.seed << 32) + k) >> 63)

    def observe(self, k):
        c = self.cue(k)
        return [CUE_RATE if c == 0 else 0.0, CUE_RATE if c == 1 else 0.0]

    def act(self, k, counts):
        c = self.cue(k)
        d = int(counts[:GROUP].sum()) - int(counts[GROUP:].sum())
        outcome = 0.0 if d == 0 else 1.0 if (d > 0) == (c == 0) else -1.0
        self.cues.append(c)
        self.diffs.append(d)
        self.outcomes.append(outcome)

    def reward(self, k, counts):
        c = self.cue(k)
        outcome = self.outcomes[-1]
        if self.control == "shuffled":      # a random +-1, whatever the response
            outcome = 1.0 if splitmix64((self.seed << 32) + k + (1 << 31)) >> 63 else -1.0
        r = outcome - self.base[c]
        self.base[c] += (outcome - self.base[c]) / BASELINE_TRIALS
        return r if self.control != "none" else 0.0


def selectivity(cues, diffs):
    """mean(out_a - out_b | cue a) - mean(out_a - out_b | cue b), spikes per trial."""
    cues, diffs = np.asarray(cues), np.asarray(diffs, dtype=float)
    return diffs[cues == 0].mean() - diffs[cues == 1].mean()


def mean_weights(net):
    """Mean weight (nA) of cue_a->out_a, cue_a->out_b, cue_b->out_a, cue_b->out_b."""
    return np.array([np.mean(net.projections[i].weights) for i in range(4)])


def experiment(seed=1, trials=300, control="reward", threads=1):
    """Runs the task; returns a dict of the numbers the C driver prints too."""
    mf = axon.load(MODEL, set={"simulation.seed": seed, "simulation.threads": threads})
    net = mf.network
    net.build()
    w_before = mean_weights(net)
    task = CueTask(seed, control)
    drive = axon.PoissonInput(0.0, DRIVE_WEIGHT)
    loop = axon.Loop(net, task, TRIAL_MS, inputs=[("cue_a", drive), ("cue_b", drive)],
                     outputs=["out_a", "out_b"], modulator="dopamine")
    loop.run(trials)
    return {"cues": np.array(task.cues), "diffs": np.array(task.diffs), "outcomes": np.array(task.outcomes),
            "rewards": loop.rewards, "w_before": w_before, "w_after": mean_weights(net),
            "first": selectivity(task.cues[:WINDOW], task.diffs[:WINDOW]),
            "last": selectivity(task.cues[-WINDOW:], task.diffs[-WINDOW:])}


def plot(res, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(1, 3, figsize=(13, 3.8))
    k = np.arange(len(res["diffs"]))
    correct = (res["outcomes"] > 0).astype(float)
    trailing = np.array([correct[max(0, i - 9):i + 1].mean() for i in k])
    ax[0].plot(k, trailing, label="correct (mean of the last 10 trials)")
    ax[0].plot(k, res["rewards"], ".", ms=3, alpha=0.5, label="dopamine (reward - expected)")
    ax[0].set_xlabel("trial")
    ax[0].legend(fontsize=8)
    ax[0].set_title("reward")
    for c, name in ((0, "cue a"), (1, "cue b")):
        m = res["cues"] == c
        ax[1].plot(k[m], res["diffs"][m], ".", ms=4, label=name)
    ax[1].axhline(0, color="gray", lw=0.5)
    ax[1].set_xlabel("trial")
    ax[1].set_ylabel("spikes out_a - out_b")
    ax[1].legend(fontsize=8)
    ax[1].set_title("response difference")
    x = np.arange(4)
    ax[2].bar(x - 0.2, res["w_before"], 0.4, label="before")
    ax[2].bar(x + 0.2, res["w_after"], 0.4, label="after")
    ax[2].set_xticks(x, ["a->a", "a->b", "b->a", "b->b"])
    ax[2].set_ylabel("mean weight (nA)")
    ax[2].legend(fontsize=8)
    ax[2].set_title("cue -> output weights")
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("png", help="where to draw the plot")
    ap.add_argument("--quick", action="store_true", help="150 trials instead of 300")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--control", choices=("reward", "shuffled", "none"), default="reward")
    args = ap.parse_args()
    res = experiment(args.seed, 150 if args.quick else 300, args.control)
    print("selectivity first %d trials %.2f, last %d trials %.2f spikes" % (WINDOW, res["first"], WINDOW,
                                                                           res["last"]))
    print("weights before " + " ".join("%.6f" % w for w in res["w_before"]))
    print("weights after  " + " ".join("%.6f" % w for w in res["w_after"]))
    print("reward sum %.6f" % res["rewards"].sum())
    plot(res, args.png)


if __name__ == "__main__":
    main()
