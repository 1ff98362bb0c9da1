#!/usr/bin/python3
"""A spiking Iris classifier that learns: Izhikevich neurons, conductance
synapses, a readout fitted by CMA-ES (docs/learning.md).

Each flower's four lengths (Fisher 1936, examples/data/iris.csv) are
population-coded: per feature, 6 Gaussian receptive fields spread over the
training range, each field an Izhikevich input neuron driven by a current
proportional to its activation, from a random membrane potential, so that
a feature value lights up the neurons whose fields cover it.  Every input
neuron projects to three Izhikevich output neurons, one per species, by
decaying conductances: AMPA_exp (0 mV) for a positive weight and GABAa_exp
(-70 mV) for a negative one.  A flower is shown for 100 ms; the output that
fires most is the answer (a tie is no answer, counted wrong).

Training fits the 3 x 24 signed weights with axon's CMA-ES
(axon.fit.Optimizer).  A generation's 24 candidate readouts are scored
together in one network run: the network holds one copy of the three
outputs per candidate and flower, all fed by the same input neurons, so a
generation costs one network run of 100 ms, not one per candidate.  The
loss is the cross-entropy of the softmax of the output spike counts
(divided by 2 spikes) against the species, which, unlike the accuracy,
still improves while the winner is already right.  The
held-out flowers are never seen in training (stratified split, 30 % held
out); sklearn's logistic regression on the same split is the baseline.

    PYTHONPATH=build/python examples/python/iris_classifier.py iris.png [--quick] [--seeds 5]

writes iris.png (accuracy over the generations, the held-out confusion
matrix, the outputs' spikes for one flower of each species) and prints the
accuracies per seed and their mean and spread.
"""
import argparse
import os
import time

import numpy as np

import axon
from axon import fit

FEATURES = ("sepal_length", "sepal_width", "petal_length", "petal_width")
CLASSES = ("setosa", "versicolor", "virginica")
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "iris.csv")

SETTINGS = dict(
    fields=6,              # Gaussian receptive fields per feature
    field_width=1.0,       # their sigma, in units of the spacing of their centres
    drive_na=0.012,        # input current at a field's centre, nA (PyNN's default Izhikevich cell: ~75 Hz)
    v_start=(-75.0, -60.0),  # mV: each input neuron starts from a v drawn uniformly in this range
    noise_na=0.0,          # sd of the inputs' current noise, nA, redrawn every ms (0: none)
    present_ms=100.0,      # how long a flower is shown
    dt=0.1,                # ms
    w_max_us=5e-4,         # weights in [-w_max, w_max] uS (about 1 mV EPSP each at rest)
    tau_syn_ms=5.0,        # decay of both conductances
    delay_ms=1.0,
    temperature=2.0,       # spikes: the softmax's scale in the loss
    algorithm="cmaes",
    popsize=24,
    generations=60,
    test_fraction=0.3,
    threads=1,
)
QUICK = dict(generations=20, popsize=16)


def load(path=DATA):
    """The Iris data set: an axon.datasets.LabelledData (X in cm, y in 0..2).
    A file missing one of FEATURES or the species column, or with a
    species other than CLASSES, raises axon.ArgumentError (path:line)."""
    return axon.datasets.read_labelled_csv(path, label="species", features=FEATURES, classes=CLASSES)


def stratified_split(y, test_fraction, seed):
    """(train, test) indices: each class shuffled by the seed and split
    with round(test_fraction n_class) of it held out."""
    rng = np.random.default_rng(seed)
    train, test = [], []
    for k in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == k))
        n_test = int(round(test_fraction * len(idx)))
        test.append(idx[:n_test])
        train.append(idx[n_test:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(test))


class Encoder:
    """Gaussian receptive fields (population coding), placed on the
    training data: per feature `fields` centres evenly from its minimum to
    its maximum, sigma = field_width x their spacing.  encode(X) gives each
    field's activation exp(-(x - c)^2 / (2 sigma^2)), in [0, 1], shape
    (samples, features x fields), feature-major."""

    def __init__(self, X_train, fields, field_width):
        lo, hi = X_train.min(axis=0), X_train.max(axis=0)
        if np.any(hi <= lo):
            raise axon.ArgumentError(f"Encoder: feature {int(np.argmax(hi <= lo))} takes one value only in the "
                                     "training data: receptive fields need a range")
        self.fields = fields
        self.centres = lo[:, None] + (hi - lo)[:, None] * np.linspace(0.0, 1.0, fields)[None, :]
        self.sigma = field_width * (hi - lo) / (fields - 1)

    def encode(self, X):
        z = (X[:, :, None] - self.centres[None]) / self.sigma[None, :, None]
        return np.exp(-0.5 * z * z).reshape(len(X), -1)


class Readouts:
    """The network for `flowers` (field activations, one row each) with
    `readouts` candidate readouts side by side: input neuron (flower f,
    field i) drives output (readout r, flower f, species k) by the weight
    W[r, k, i].  evaluate(W) sets the weights, runs one presentation from
    t = 0 (a reset) and returns the spike counts, (readouts, flowers, 3)."""

    def __init__(self, activations, readouts, s, seed):
        self.flowers, self.n_in = activations.shape
        self.readouts, self.s = readouts, s
        net = self.net = axon.Network(dt=s["dt"], seed=seed, threads=s["threads"])
        net.define_with_receptors("IzhikevichCond", "Izhikevich", ["AMPA_exp", "GABAa_exp"])
        self.inputs = net.add_population("inputs", "Izhikevich", self.flowers * self.n_in,
                                         params={"i_offset": s["drive_na"] * activations.ravel()},
                                         state={"v": axon.Uniform(*s["v_start"])})
        if s["noise_na"] > 0:
            self.inputs.add_input(axon.Noise(mean=0.0, std=s["noise_na"], interval=1.0))
        self.outputs = net.add_population(
            "outputs", "IzhikevichCond", readouts * self.flowers * 3,
            params={"tau_decay_AMPA_exp": s["tau_syn_ms"], "tau_decay_GABAa_exp": s["tau_syn_ms"]})
        r, f, k, i = np.meshgrid(np.arange(readouts), np.arange(self.flowers), np.arange(3), np.arange(self.n_in),
                                 indexing="ij")
        pairs = axon.FromList((f * self.n_in + i).ravel(), ((r * self.flowers + f) * 3 + k).ravel())
        self.exc = net.connect(self.inputs, self.outputs, pairs, receptor="AMPA_exp", weight=0.0,
                               delay=s["delay_ms"])
        self.inh = net.connect(self.inputs, self.outputs, pairs, receptor="GABAa_exp", weight=0.0,
                               delay=s["delay_ms"])
        self.spikes = self.outputs.record("spikes")
        net.build()
        # the library keeps synapses in its own order: which weight of W each one takes
        pre, post = self.exc.sources, self.exc.targets
        self._which = ((post // (3 * self.flowers)) * 3 + post % 3) * self.n_in + pre % self.n_in

    def evaluate(self, W):
        W = np.asarray(W, dtype=np.float64).reshape(self.readouts, 3 * self.n_in)
        w = W.ravel()[self._which]
        self.exc.weights = np.maximum(w, 0.0)
        self.inh.weights = np.maximum(-w, 0.0)
        self.net.reset()
        self.net.run(self.s["present_ms"])
        _, neurons = self.spikes.spikes
        return np.bincount(neurons, minlength=self.readouts * self.flowers * 3).reshape(
            self.readouts, self.flowers, 3)


def predict(counts):
    """The species that fired most for each flower, -1 where the most
    spikes are shared (no answer)."""
    top = counts.max(axis=-1, keepdims=True)
    return np.where((counts == top).sum(axis=-1) == 1, counts.argmax(axis=-1), -1)


def accuracy(counts, y):
    """The fraction of flowers answered right, per readout (a tie is wrong)."""
    return (predict(counts) == y).mean(axis=-1)


def loss(counts, y, temperature):
    """Mean cross-entropy of softmax(counts / temperature) against y, per
    readout (natural log: ln 3 = 1.10 for equal counts)."""
    z = counts / temperature
    z = z - z.max(axis=-1, keepdims=True)
    ce = np.log(np.exp(z).sum(axis=-1)) - np.take_along_axis(z, y[None, :, None], axis=-1)[..., 0]
    return ce.mean(axis=-1)


def logistic_baseline(X_train, y_train, X_test, y_test):
    """sklearn's LogisticRegression (standardised features) on the same split: (train, test) accuracy."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(X_train, y_train)
    return model.score(X_train, y_train), model.score(X_test, y_test)


def train(data, seed, **settings):
    """Splits, encodes, fits the readout with the optimiser and tests it on
    the held-out flowers.  Returns a dict: train_accuracy, test_accuracy,
    baseline (train, test), confusion (3 x 3 on the held-out flowers, rows
    the true species, a fourth column for no answer), weights (3 x inputs,
    uS), history (per generation: best loss, best training accuracy and
    the held-out accuracy of the best readout so far), cpu_s, and what
    plot() draws."""
    s = dict(SETTINGS, **settings)
    unknown = set(settings) - set(SETTINGS)
    if unknown:
        raise axon.ArgumentError(f"train: unknown settings {sorted(unknown)}; allowed: {sorted(SETTINGS)}")
    t0 = time.process_time()
    tr, te = stratified_split(data.y, s["test_fraction"], seed)
    enc = Encoder(data.X[tr], s["fields"], s["field_width"])
    a_tr, a_te = enc.encode(data.X[tr]), enc.encode(data.X[te])
    y_tr, y_te = data.y[tr], data.y[te]
    pop = s["popsize"]
    generation_net = Readouts(a_tr, pop, s, seed)
    test_net = Readouts(a_te, 1, s, seed + 1)
    n = 3 * a_tr.shape[1]
    opt = fit.Optimizer(s["algorithm"], [(-s["w_max_us"], s["w_max_us"])] * n, popsize=pop, seed=seed,
                        budget=pop * s["generations"])
    history = []
    while not opt.done:
        X = opt.ask()
        rows = len(X)
        if rows < pop:   # a last, short generation (the budget): the spare readouts get zeros
            X = np.vstack([X, np.zeros((pop - rows, n))])
        counts = generation_net.evaluate(X)[:rows]
        scores = loss(counts, y_tr, s["temperature"])
        opt.tell(scores)
        best, _ = opt.best
        history.append((scores.min(), accuracy(counts, y_tr).max(), accuracy(test_net.evaluate(best), y_te)[0]))
    best, _ = opt.best
    W = best.reshape(3, -1)
    c_tr = Readouts(a_tr, 1, s, seed + 2).evaluate(W)[0]
    c_te = test_net.evaluate(W)[0]
    p_te = predict(c_te)
    confusion = np.zeros((3, 4), dtype=np.int64)
    np.add.at(confusion, (y_te, np.where(p_te < 0, 3, p_te)), 1)
    # one held-out flower of each species, for the raster
    shown = [int(np.flatnonzero(y_te == k)[0]) for k in range(3)]
    raster = test_net.spikes.spikes
    return dict(seed=seed, train_accuracy=float((predict(c_tr) == y_tr).mean()),
                test_accuracy=float((p_te == y_te).mean()),
                baseline=logistic_baseline(data.X[tr], y_tr, data.X[te], y_te),
                confusion=confusion, weights=W, history=np.array(history), cpu_s=time.process_time() - t0,
                raster=(np.asarray(raster[0]), np.asarray(raster[1])), shown=shown, test_counts=c_te,
                test_labels=y_te, present_ms=s["present_ms"], algorithm=s["algorithm"])


def plot(results, path):
    """Accuracy over the generations (every seed), the held-out confusion
    matrix (summed over seeds) and the outputs' spikes for one held-out
    flower of each species (the first seed)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(1, 3, figsize=(15, 4.4))
    for i, r in enumerate(results):
        g = np.arange(1, len(r["history"]) + 1)
        ax[0].plot(g, r["history"][:, 1], color="C0", alpha=0.6, label="training (best candidate)" if i == 0 else None)
        ax[0].plot(g, r["history"][:, 2], color="C3", alpha=0.6, label="held out (best so far)" if i == 0 else None)
    base = np.mean([r["baseline"][1] for r in results])
    ax[0].axhline(base, color="k", ls=":", label=f"logistic regression, held out ({base:.2f})")
    ax[0].set(xlabel="generation", ylabel="accuracy", ylim=(0.0, 1.02),
              title=f"{results[0]['algorithm']} on the readout, {len(results)} seed(s)")
    ax[0].legend(loc="lower right", fontsize=8)
    conf = sum(r["confusion"] for r in results)
    ax[1].imshow(conf[:, :3], cmap="Blues")
    for i in range(3):
        for j in range(3):
            ax[1].text(j, i, str(conf[i, j]), ha="center", va="center",
                       color="white" if conf[i, j] > conf.max() / 2 else "black")
    ax[1].set(xticks=range(3), yticks=range(3), xticklabels=CLASSES, yticklabels=CLASSES, xlabel="answer",
              ylabel="species", title=f"held out: {conf.trace()} of {conf.sum()} right ({conf[:, 3].sum()} ties)")
    r = results[0]
    times, neurons = r["raster"]
    flower, species = neurons // 3, neurons % 3
    for slot, f in enumerate(r["shown"]):
        sel = flower == f
        for k in range(3):
            t = times[sel & (species == k)]
            ax[2].plot(t, np.full(len(t), slot * 4 + k), "|", color=f"C{k}", ms=8)
    ax[2].set(yticks=[slot * 4 + k for slot in range(3) for k in range(3)],
              yticklabels=[f"{CLASSES[r['test_labels'][f]][:4]}: {CLASSES[k][:4]} out" for f in r["shown"]
                           for k in range(3)],
              xlabel="ms", xlim=(0, r["present_ms"]), title="output spikes, one held-out flower per species")
    ax[2].tick_params(axis="y", labelsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("plot", help="the picture to write (.png, .pdf, .svg)")
    ap.add_argument("--quick", action="store_true",
                    help=f"{QUICK['generations']} generations of {QUICK['popsize']} candidates")
    ap.add_argument("--seeds", type=int, default=5, help="seeds (splits and fits) 1..N (default 5)")
    ap.add_argument("--generations", type=int, help=f"default {SETTINGS['generations']}")
    ap.add_argument("--algorithm", choices=("cmaes", "de", "ga"), default="cmaes")
    ap.add_argument("--data", default=DATA, help="the data file (default examples/data/iris.csv)")
    args = ap.parse_args()
    try:
        data = load(args.data)   # a bad file fails here, before any network is built
    except (axon.ArgumentError, axon.FileError) as e:
        raise SystemExit(f"iris_classifier: {e}")
    settings = dict(QUICK) if args.quick else {}
    if args.generations is not None:
        settings["generations"] = args.generations
    settings["algorithm"] = args.algorithm
    results = []
    print("seed  train  held-out  logistic (held-out)  cpu s")
    for seed in range(1, args.seeds + 1):
        r = train(data, seed, **settings)
        results.append(r)
        print(f"{seed:4d}  {r['train_accuracy']:.3f}  {r['test_accuracy']:.3f}     {r['baseline'][1]:.3f}"
              f"                {r['cpu_s']:.1f}", flush=True)
    for what, key in (("training", "train_accuracy"), ("held-out", "test_accuracy")):
        v = np.array([r[key] for r in results])
        print(f"{what} accuracy: mean {v.mean():.3f}, sd {v.std(ddof=1) if len(v) > 1 else 0.0:.3f}, "
              f"min {v.min():.3f}, max {v.max():.3f}")
    b = np.array([r["baseline"][1] for r in results])
    print(f"logistic regression held-out: mean {b.mean():.3f}, min {b.min():.3f}, max {b.max():.3f}")
    plot(results, args.plot)
    print("wrote", args.plot)


if __name__ == "__main__":
    main()
