#!/usr/bin/python3
"""A liquid state machine classifying spike patterns (Maass, Natschlaeger &
Markram 2002), with two readouts: a linear one fitted by ridge regression
and the main seed's reward-modulated STDP one.

The task: k classes, each a fixed template of 10 Poisson spike trains (20 Hz
for 200 ms); a trial is its class's template with every spike moved by a
Gaussian jitter (4 ms), a few spikes deleted and a few added (Poisson
noise).  The trials go, one every 300 ms, into the liquid of
examples/lsm.toml (100 excitatory and 25 inhibitory Izhikevich cells on a
10 x 10 square, connected within distance 4 with probability 0.4).  Half of
the trials of each class train, the other half are held out.  A second
task (--task synchrony) keeps every channel's rate the same in all classes
and makes a class the group of channels that fires together (fresh spike
trains each trial): no linear readout of the inputs can tell the classes
apart, the liquid's coincidence detection can.

* Ridge: the liquid state of a trial is every liquid cell's spikes, low-pass
  filtered (exp(-(t_end - t) / 30 ms) summed over the trial's spikes) at
  the trial's end (or at --snapshots times over it); a linear map from the states (standardised) to the
  one-hot class is fitted by ridge regression (NumPy), its penalty chosen by
  5-fold cross-validation on the training trials; a trial's class is the
  largest output.  The same readout on the inputs' filtered spikes (no
  liquid) is the baseline that shows what the liquid adds.
* R-STDP: k Izhikevich readout cells, one per class, inhibiting each other,
  each reached from every excitatory liquid cell through reward-modulated
  STDP synapses (Izhikevich 2007; initial weights U(0.1, 0.5) x GAIN mV, the
  seed's).  The answer of a trial is the readout that fired most (ties: the
  first to fire).  After each training trial the answer's synapses get
  dopamine: the reward (1 right, 0 wrong) minus its running mean (a critic,
  so that wrong answers are punished and chance earns nothing on
  average).  Each readout has its own dopamine, given only when it
  answered: one global dopamine, as in the seed, rewards the losers'
  coincidences too and hardly learns here (docs/learning.md).  After each
  trial every readout's weights are scaled back to a common total
  (synaptic scaling); without it one readout gains weight and answers
  most trials.  The network runs in segments, one trial at a time, from
  Python.  After each pass over the training trials the weights are frozen
  and the held-out trials are presented: the held-out accuracy over
  training.

    PYTHONPATH=build/python examples/python/lsm.py [--seeds 5] [--quick] [--plot lsm.png]
        [--task synchrony] [--tau-state 200] [--snapshots 4] [--distract 30]

docs/learning.md gives the numbers over seeds.
"""
import argparse
import os

import numpy as np

import axon

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "lsm.toml")

THREADS = 1            # the liquid's 135 cells: one thread is fastest (any count gives the same spikes)
CHANNELS = 10          # input spike trains (the seed's 10 Poisson inputs)
RATE = 20.0            # Hz, of the templates
TRIAL = 200.0          # ms, one pattern
GAP = 100.0            # ms of silence after each pattern: the liquid's activity fades
JITTER = 4.0           # ms, sd of each spike's displacement (Maass et al. 2002)
DELETE = 0.1           # probability that a template spike is left out of a trial
EXTRA = 2.0            # Hz, noise spikes added to each channel of a trial
SYNC_JITTER = 1.0      # ms, of the synchronous channels' copies (synchrony task)
DISTRACT = 0.0         # ms at the end of a trial of fresh noise (RATE): the class is in the past
SNAPSHOTS = 1          # liquid states per trial read out (1: at the trial's end only)
TAU_STATE = 30.0       # ms, the low-pass filter of the liquid state (Maass et al. 2002)
LAMBDAS = np.logspace(-2, 4, 13)   # ridge penalties tried (on standardised features)
FOLDS = 5

# the R-STDP readout
GAIN = 3.0             # mV per unit of the seed's initial weights U(0.1, 0.5)
W_MAX = 4.0            # mV
A_PLUS = 0.005         # of W_MAX, per pairing into the eligibility trace
A_MINUS = 0.0025       # half of A_PLUS: the trace counts coincidences more than their order
TAU_C = 200.0          # ms, eligibility trace
TAU_D = 50.0           # ms, dopamine
REWARD = 1.0           # dopamine per unit of reward prediction error
CRITIC = 0.1           # rate of the running mean of the reward (the expected reward)
LATERAL = -15.0        # mV, readout -> other readouts (stronger jumps push the quadratic
                       # Izhikevich cell below its lower fixed point, from where it fires)
NORMALISE = True       # synaptic scaling: after each training trial every readout's weights
                       # are scaled back to the first readout's initial total


# ---------------------------------------------------------------- the task

def templates(rng, classes):
    """One template per class: CHANNELS sorted arrays of spike times in [0, TRIAL)."""
    span = TRIAL - DISTRACT
    return [[np.sort(rng.uniform(0.0, span, rng.poisson(RATE * span / 1000.0))) for _ in range(CHANNELS)]
            for _ in range(classes)]


def jittered(template, rng):
    """A trial of a template: each spike moved by N(0, JITTER), some deleted, Poisson noise added."""
    trial = []
    for spikes in template:
        kept = spikes[rng.random(spikes.size) >= DELETE]
        moved = kept + rng.normal(0.0, JITTER, kept.size)
        span = TRIAL - DISTRACT
        noise = rng.uniform(0.0, span, rng.poisson(EXTRA * span / 1000.0))
        distractor = rng.uniform(span, TRIAL, rng.poisson(RATE * DISTRACT / 1000.0))
        both = np.concatenate([moved[(moved >= 0.0) & (moved < span)], noise, distractor])
        trial.append(np.sort(both))
    return trial


def synchronous(rng, c, classes):
    """A trial of the synchrony task's class c: every channel fires Poisson
    spikes at RATE, fresh each trial; channel group c (CHANNELS // classes
    channels) fires the same spikes, each moved by N(0, SYNC_JITTER)."""
    group = CHANNELS // classes
    shared = rng.uniform(0.0, TRIAL, rng.poisson(RATE * TRIAL / 1000.0))
    trial = []
    for ch in range(CHANNELS):
        if c * group <= ch < (c + 1) * group:
            t = shared + rng.normal(0.0, SYNC_JITTER, shared.size)
            trial.append(np.sort(t[(t >= 0.0) & (t < TRIAL)]))
        else:
            trial.append(np.sort(rng.uniform(0.0, TRIAL, rng.poisson(RATE * TRIAL / 1000.0))))
    return trial


def make_task(seed, classes, per_class, task="templates"):
    """Trials (lists of CHANNELS arrays), labels, and a train/held-out split
    (half of each class's trials, rounded down, are held out).  task
    "templates": jittered copies of a fixed template per class (Maass et
    al. 2002); "synchrony": which group of channels fires together, every
    spike train fresh (the templates are then None)."""
    if task not in ("templates", "synchrony"):
        raise ValueError("make_task: task %r: allowed are 'templates' and 'synchrony'" % (task,))
    if not 2 <= classes <= CHANNELS // 2:
        raise ValueError("make_task: classes %r: allowed is 2 to %d" % (classes, CHANNELS // 2))
    if per_class < 2:
        raise ValueError("make_task: per_class %r: allowed is at least 2 (half are held out)" % (per_class,))
    rng = np.random.default_rng(seed)
    tpl = templates(rng, classes) if task == "templates" else None
    labels = np.repeat(np.arange(classes), per_class)
    rng.shuffle(labels)
    trials = [jittered(tpl[c], rng) if tpl else synchronous(rng, c, classes) for c in labels]
    held = np.zeros(labels.size, dtype=bool)
    for c in range(classes):
        idx = np.flatnonzero(labels == c)
        held[idx[:idx.size // 2]] = True
    return tpl, trials, labels, np.flatnonzero(~held), np.flatnonzero(held)


# ------------------------------------------------------------ ridge readout

def ridge_fit(X, Y, lam):
    """Ridge regression with an unpenalised intercept: W minimises
    |Y - X W - b|^2 + lam |W|^2, i.e. W = (Xc^T Xc + lam I)^-1 Xc^T Yc on the
    centred data, b = mean(Y) - mean(X) W.  Returns (W, b)."""
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    xm, ym = X.mean(axis=0), Y.mean(axis=0)
    Xc, Yc = X - xm, Y - ym
    W = np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T @ Yc)
    return W, ym - xm @ W


def standardise(train, other):
    """Features scaled by the training trials' mean and sd (sd 0: left at 1)."""
    m, s = train.mean(axis=0), train.std(axis=0)
    s[s == 0.0] = 1.0
    return (train - m) / s, (other - m) / s


def classify(W, b, X):
    return np.argmax(X @ W + b, axis=1)


def choose_lambda(X, labels, classes, rng):
    """The penalty of LAMBDAS with the best FOLDS-fold cross-validated accuracy
    on the training trials (ties: the larger penalty)."""
    order = rng.permutation(labels.size)
    folds = np.array_split(order, FOLDS)
    best, best_acc = LAMBDAS[0], -1.0
    for lam in LAMBDAS:
        right = 0
        for f in folds:
            fit = np.setdiff1d(order, f)
            Xf, Xv = standardise(X[fit], X[f])
            W, b = ridge_fit(Xf, np.eye(classes)[labels[fit]], lam)
            right += np.sum(classify(W, b, Xv) == labels[f])
        if right / labels.size >= best_acc:
            best, best_acc = lam, right / labels.size
    return best


def ridge_accuracy(states, labels, train, test, classes, seed):
    """Held-out accuracy of the ridge readout, and the penalty chosen."""
    lam = choose_lambda(states[train], labels[train], classes, np.random.default_rng(seed))
    Xtr, Xte = standardise(states[train], states[test])
    W, b = ridge_fit(Xtr, np.eye(classes)[labels[train]], lam)
    return float(np.mean(classify(W, b, Xte) == labels[test])), lam


def filtered_state(times, neurons, n, starts, ends):
    """states[k, i] = sum over neuron i's spikes t in [starts_k, ends_k] of exp(-(ends_k - t) / TAU_STATE)."""
    states = np.zeros((len(ends), n))
    times = np.asarray(times)
    neurons = np.asarray(neurons, dtype=np.int64)
    for k, (start, end) in enumerate(zip(starts, ends)):
        sel = (times >= start) & (times <= end)
        np.add.at(states[k], neurons[sel], np.exp(-(end - times[sel]) / TAU_STATE))
    return states


def trial_states(times, neurons, n, starts):
    """The states of trials starting at `starts`: the filtered spikes at
    SNAPSHOTS times evenly spaced over each trial, the last at its end
    (one row per trial: SNAPSHOTS x n numbers)."""
    starts = np.asarray(starts, dtype=np.float64)
    return np.hstack([filtered_state(times, neurons, n, starts, starts + TRIAL * (j + 1) / SNAPSHOTS)
                      for j in range(SNAPSHOTS)])


# ---------------------------------------------------------------- network

def build(seed, classes):
    """The liquid of examples/lsm.toml with the R-STDP readout added: one
    readout cell per class, each reached from every excitatory liquid cell
    by its own plastic projection whose dopamine is its own.  Returns the
    network, the modulators, the readout population and the projections."""
    m = axon.load(MODEL, set={"simulation.seed": int(seed), "simulation.threads": THREADS})
    net = m.network
    exc = net.population("exc")
    readout = net.add_population("readout", "Izhikevich", classes)
    mods, plastic = [], []
    for j in range(classes):
        mod = net.add_modulator("dopamine%d" % j, tau_d=TAU_D)
        rule = axon.Plasticity(timing="spike_pair", reward=True, modulator=mod, tau_c=TAU_C,
                               A_plus=A_PLUS, A_minus=A_MINUS, w_min=0.0, w_max=W_MAX)
        plastic.append(net.connect(exc, readout, axon.FromList(np.arange(exc.size), np.full(exc.size, j)),
                                   weight=axon.Uniform(0.1 * GAIN, 0.5 * GAIN), delay=1.0, plasticity=rule))
        mods.append(mod)
    net.connect(readout, readout, axon.AllToAll(allow_self=False), receptor="inhibitory", weight=LATERAL,
                delay=net.dt)
    return net, mods, readout, plastic


def decide(times, who, classes, rng):
    """The readout's answer: the cell that fired most, ties going to the one
    that fired first; when none fired, a class drawn at random (chance)."""
    if who.size == 0:
        return int(rng.integers(classes))
    counts = np.bincount(who, minlength=classes)
    first = np.full(classes, np.inf)
    np.minimum.at(first, who, times)
    best = np.flatnonzero(counts == counts.max())
    return int(best[np.argmin(first[best])])


def presentations(trials, train, test, epochs, rng):
    """The order of presentation: the held-out trials (before training), then
    for each epoch the training trials shuffled (learning) and the held-out
    ones (frozen).  Rows (trial, learning)."""
    rows = [(k, False) for k in test]
    for _ in range(epochs):
        rows += [(k, True) for k in rng.permutation(train)]
        rows += [(k, False) for k in test]
    return rows


def set_inputs(net, trials, rows):
    """Every presentation's spikes into the input channels, trial r in
    [r (TRIAL + GAP) + 1, ...), rounded to the dt grid (spikes of a channel
    that fall on one step are one spike)."""
    inputs = net.population("inputs")
    dt = net.dt
    for ch in range(CHANNELS):
        t = np.concatenate([r * (TRIAL + GAP) + 1.0 + trials[k][ch] for r, (k, _) in enumerate(rows)])
        inputs.set_spike_times(ch, np.unique(np.round(t / dt) * dt))


def experiment(seed, classes=3, per_class=40, epochs=6, task="templates"):
    """One seed: the task, the liquid, both readouts.  Returns a dict."""
    tpl, trials, labels, train, test = make_task(seed, classes, per_class, task)
    net, dopamine, readout, plastic = build(seed, classes)
    rng = np.random.default_rng(seed + 1000)
    rows = presentations(trials, train, test, epochs, rng)
    set_inputs(net, trials, rows)
    liquid = [net.population("exc").record("spikes"), net.population("inh").record("spikes")]
    out = readout.record("spikes")
    net.run(1.0)                                   # presentations start at 1 ms
    totals = [float(np.sum(p.weights)) for p in plastic]
    curve, rewards, seen, right, expected = [], 0, 0, 0, 0.0
    for r, (k, learning) in enumerate(rows):
        if r == 0 or learning != rows[r - 1][1]:
            for p in plastic:
                p.learning = learning
        start = net.time
        net.run(TRIAL)
        times, who = out.spikes
        now = np.asarray(times) > start
        action = decide(np.asarray(times)[now], np.asarray(who)[now].astype(np.int64), classes, rng)
        won = float(action == labels[k])
        if learning:
            dopamine[action].inject(REWARD * (won - expected))
            expected += CRITIC * (won - expected)
            rewards += won
        else:
            right += won
            seen += 1
            if seen == test.size:
                curve.append(right / test.size)
                right = seen = 0
        net.run(GAP)
        if learning and NORMALISE:
            for p in plastic:                      # each readout keeps its total input weight
                w = np.asarray(p.weights)
                p.weights = np.minimum(w * (totals[0] / w.sum()), W_MAX) if w.sum() > 0 else w
    # the ridge readouts on the first presentation of every trial
    first = {}
    for r, (k, _) in enumerate(rows):
        first.setdefault(k, r)
    starts = np.array([first[k] * (TRIAL + GAP) + 1.0 for k in range(len(trials))])
    (te, ne), (ti, ni) = (rec.spikes for rec in liquid)
    states = np.hstack([trial_states(te, ne, 100, starts), trial_states(ti, ni, 25, starts)])
    # the inputs' own spikes, each trial on its own time axis from 0
    inputs = np.vstack([trial_states(np.concatenate(trial), np.repeat(np.arange(CHANNELS), [c.size for c in trial]),
                                     CHANNELS, [0.0]) for trial in trials])
    acc_liquid, lam_liquid = ridge_accuracy(states, labels, train, test, classes, seed)
    acc_inputs, lam_inputs = ridge_accuracy(inputs, labels, train, test, classes, seed)
    rates = {p: len(rec.spikes[0]) / size / (net.time / 1000.0) for p, rec, size in
             (("exc", liquid[0], 100), ("inh", liquid[1], 25))}
    return dict(seed=seed, classes=classes, labels=labels, train=train, test=test, ridge_liquid=acc_liquid,
                ridge_inputs=acc_inputs, lambda_liquid=lam_liquid, lambda_inputs=lam_inputs,
                rstdp_curve=np.array(curve), rstdp=curve[-1], rewards=rewards / (epochs * train.size),
                rates=rates, weights=np.array([p.weights for p in plastic]), liquid_spikes=[rec.spikes for rec in liquid],
                rows=rows, trials=trials)


# ---------------------------------------------------------------- output

def summary(results):
    lines = []
    for key, name in (("ridge_liquid", "ridge on the liquid"), ("ridge_inputs", "ridge on the inputs"),
                      ("rstdp", "R-STDP readout")):
        a = np.array([r[key] for r in results])
        lines.append("%-20s held-out accuracy over %d seeds: mean %.3f, sd %.3f, min %.3f, max %.3f"
                     % (name, len(a), a.mean(), a.std(), a.min(), a.max()))
    lines.append("chance %.3f" % (1.0 / results[0]["classes"]))
    return "\n".join(lines)


def plot(results, path):
    """Liquid rasters of one trial of two classes, held-out accuracy over
    training (R-STDP, per seed and mean) against the ridge readouts."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    r0 = results[0]
    fig, axes = plt.subplots(1, 3, figsize=(12.0, 3.6))
    (te, ne), (ti, ni) = r0["liquid_spikes"]
    for c, ax in zip((0, 1), axes[:2]):
        row = next(r for r, (k, _) in enumerate(r0["rows"]) if r0["labels"][k] == c)
        k = r0["rows"][row][0]
        start = row * (TRIAL + GAP) + 1.0
        for ch, spikes in enumerate(r0["trials"][k]):
            ax.plot(spikes, np.full(spikes.size, -2.0 - ch), "|", color="tab:red", ms=3)
        for times, who, off, col in ((te, ne, 0, "k"), (ti, ni, 100, "tab:blue")):
            sel = (np.asarray(times) >= start) & (np.asarray(times) < start + TRIAL + GAP)
            ax.plot(np.asarray(times)[sel] - start, np.asarray(who)[sel] + off, "|", color=col, ms=2)
        ax.set_title("class %d (seed %d): inputs (red), exc, inh (blue)" % (c, r0["seed"]), fontsize=8)
        ax.set_xlabel("ms"), ax.set_ylabel("neuron")
    ax = axes[2]
    for r in results:
        ax.plot(r["rstdp_curve"], color="tab:green", alpha=0.3, lw=0.8)
    mean = np.mean([r["rstdp_curve"] for r in results], axis=0)
    ax.plot(mean, color="tab:green", lw=2, label="R-STDP (held out, frozen)")
    ax.axhline(np.mean([r["ridge_liquid"] for r in results]), color="k", label="ridge on the liquid")
    ax.axhline(np.mean([r["ridge_inputs"] for r in results]), color="tab:red", ls="--", label="ridge on the inputs")
    ax.axhline(1.0 / r0["classes"], color="grey", ls=":", label="chance")
    ax.set_xlabel("passes over the training trials"), ax.set_ylabel("held-out accuracy")
    ax.set_ylim(0, 1.02)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=5, help="seeds 1..N (default 5)")
    ap.add_argument("--classes", type=int, default=3)
    ap.add_argument("--trials", type=int, default=40, help="trials per class (half held out)")
    ap.add_argument("--epochs", type=int, default=6, help="R-STDP passes over the training trials")
    ap.add_argument("--task", choices=("templates", "synchrony"), default="templates",
                    help="templates (Maass et al. 2002, default) or synchrony (which channels fire together)")
    ap.add_argument("--tau-state", type=float, default=TAU_STATE, help="ms, the state's filter (default 30)")
    ap.add_argument("--distract", type=float, default=DISTRACT,
                    help="ms of fresh noise ending each trial (default 0): the class lies that far in the past")
    ap.add_argument("--snapshots", type=int, default=SNAPSHOTS,
                    help="states read out per trial, evenly spaced, the last at its end (default 1)")
    ap.add_argument("--quick", action="store_true", help="2 seeds, 30 trials per class, 4 passes")
    ap.add_argument("--plot", help="PNG of rasters and accuracy curves")
    args = ap.parse_args()
    if not 0.0 <= args.distract < TRIAL:
        ap.error("--distract %g ms: allowed is 0 <= ms < %g (the trial)" % (args.distract, TRIAL))
    if not 1 <= args.snapshots <= 20:
        ap.error("--snapshots %d: allowed is 1 to 20" % args.snapshots)
    if not 0.0 < args.tau_state < 1e6:
        ap.error("--tau-state %g ms: allowed is 0 < ms < 1e6" % args.tau_state)
    if not 2 <= args.classes <= CHANNELS // 2:
        ap.error("--classes %d: allowed is 2 to %d" % (args.classes, CHANNELS // 2))
    if args.seeds < 1 or args.trials < 2 or args.epochs < 1:
        ap.error("--seeds, --epochs: at least 1; --trials: at least 2")
    globals().update(DISTRACT=args.distract, SNAPSHOTS=args.snapshots, TAU_STATE=args.tau_state)
    if args.quick:
        args.seeds, args.trials, args.epochs = 2, 30, 4
    results = [experiment(s, args.classes, args.trials, args.epochs, args.task) for s in range(1, args.seeds + 1)]
    for r in results:
        print("seed %d: ridge liquid %.3f (lambda %g), ridge inputs %.3f (lambda %g), R-STDP %s; "
              "liquid %.1f / %.1f Hz (exc / inh)"
              % (r["seed"], r["ridge_liquid"], r["lambda_liquid"], r["ridge_inputs"], r["lambda_inputs"],
                 " ".join("%.2f" % a for a in r["rstdp_curve"]), r["rates"]["exc"], r["rates"]["inh"]))
    print(summary(results))
    if args.plot:
        plot(results, args.plot)


if __name__ == "__main__":
    main()
