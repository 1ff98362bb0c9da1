"""What the attractor examples share: loading a model file, spike counts,
several trials summarised, and the picture of stored, cue and recalled
patterns (matplotlib, imported only when a picture is asked for)."""
import os

import numpy as np

import axon

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name, seed):
    """The example's model file with its seed set: the network's random draws
    (the inhibitory pool's initial voltages) follow the trial."""
    return axon.load(os.path.join(HERE, name), set={"simulation.seed": int(seed)})


def all_pairs(n):
    """Sources and targets of every ordered pair i != j of n neurons."""
    post, pre = np.nonzero(~np.eye(n, dtype=bool))
    return pre, post


def spike_counts(recorder, n):
    _, neurons = recorder.spikes
    return np.bincount(np.asarray(neurons, dtype=np.int64), minlength=n).astype(np.float64)


def summary(trials, required):
    acc = np.array([t["accuracy"] for t in trials])
    return ("recall over %d seeds: mean %.3f, sd %.3f, min %.3f, max %.3f; %d of %d at least %.2f"
            % (len(acc), acc.mean(), acc.std(), acc.min(), acc.max(), np.sum(acc >= required), len(acc), required))


def plot(trials, shape, path, title):
    """One row per trial: the stored pattern, the cue, the spike counts and the recalled (on) cells."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    rows = len(trials)
    fig, axes = plt.subplots(rows, 4, figsize=(6.4, 1.7 * rows + 0.4), squeeze=False)
    for r, t in enumerate(trials):
        panels = [(t["pattern"] > 0, "stored", "Greys"), (t["cue"] > 0, "cue", "Greys"),
                  (t["counts"], "spikes", "viridis"), (t["counts"] >= t["threshold"],
                                                       "recalled %.0f %%" % (100 * t["accuracy"]), "Greys")]
        for c, (img, label, cmap) in enumerate(panels):
            ax = axes[r][c]
            ax.imshow(np.asarray(img, dtype=float).reshape(shape), cmap=cmap, interpolation="nearest")
            ax.set_xticks([]), ax.set_yticks([])
            ax.set_title("seed %d: %s" % (t["seed"], label) if c == 0 else label, fontsize=8)
    fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
