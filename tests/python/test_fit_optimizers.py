"""Optimisers (axon.fit.Optimizer, docs/fitting.md, Optimisers): differential
evolution against scipy.optimize.differential_evolution (statistically: the
same problems, budgets and settings, success rates and medians, not bits);
CMA-ES against an independent NumPy transcription of Hansen's tutorial
(evaluations to 1e-8 on the 10-D sphere and ellipsoid); and the Python
interface: shapes, budgets, determinism, save/load, errors.

That the comparisons can fail: a DE whose selection keeps the worse of trial
and target fails all three DE cases (checked); a CMA-ES without the rank-mu update (c_mu = 0) needs 40 % more
evaluations on the ellipsoid (measured 8.3e3 against 5.9e3), beyond the 10 %
allowed."""
import numpy as np
import pytest
import scipy.optimize as so

import axon
from axon import fit


def rastrigin(X):
    return 10 * X.shape[-1] + np.sum(X * X - 10 * np.cos(2 * np.pi * X), axis=-1)


def rosenbrock(X):
    return np.sum(100 * (X[..., 1:] - X[..., :-1] ** 2) ** 2 + (1 - X[..., :-1]) ** 2, axis=-1)


def ackley(X):
    n = X.shape[-1]
    return (-20 * np.exp(-0.2 * np.sqrt(np.sum(X * X, axis=-1) / n))
            - np.exp(np.sum(np.cos(2 * np.pi * X), axis=-1) / n) + 20 + np.e)


# ---- DE against SciPy ----

@pytest.mark.parametrize("f, n, bounds, budget", [
    (rastrigin, 2, (-5.12, 5.12), 2000),
    (rosenbrock, 2, (-5, 10), 3000),
    (ackley, 5, (-32, 32), 10000),
])
def test_de_succeeds_as_often_as_scipy(f, n, bounds, budget):
    """DE/rand/1/bin with F 0.5, CR 0.9, 10 n members, the same budget, 10 seeds each: the fraction of runs
    reaching f < 1e-6 differs from SciPy's (strategy 'rand1bin', updating 'deferred': generations as axon's,
    polish off, random init) by at most 0.3; both succeed in at least 70 % of runs.  Measured over 20 seeds:
    1.0/1.0, 0.9/0.95, 1.0/1.0.  SciPy's bounds handling (a random value) differs from axon's bounce-back, so
    only the statistics can agree."""
    seeds = range(10)
    ours, theirs = [], []
    for seed in seeds:
        opt = fit.Optimizer('de', [bounds] * n, seed=seed, budget=budget, F=0.5, CR=0.9)
        ours.append(opt.minimize(f, vectorized=True)[1])
        r = so.differential_evolution(lambda x: f(x.T), [bounds] * n, strategy='rand1bin', mutation=0.5,
                                      recombination=0.9, popsize=10, maxiter=budget // (10 * n) - 1, tol=0, atol=0,
                                      polish=False, init='random', seed=seed, vectorized=True, updating='deferred')
        theirs.append(r.fun)
    ours, theirs = np.array(ours), np.array(theirs)
    rate_ours, rate_theirs = np.mean(ours < 1e-6), np.mean(theirs < 1e-6)
    assert abs(rate_ours - rate_theirs) <= 0.3, (rate_ours, rate_theirs, ours, theirs)
    assert rate_ours >= 0.7 and rate_theirs >= 0.7, (ours, theirs)


# ---- CMA-ES against an independent implementation ----

def reference_cmaes(f, x0, sigma, target, rng, max_evals=100000):
    """Hansen, "The CMA Evolution Strategy: A Tutorial" (2016), Appendix A, positive weights only,
    no bounds: evaluations until f < target."""
    n = len(x0)
    lam = 4 + int(3 * np.log(n))
    mu = lam // 2
    w = np.log((lam + 1) / 2) - np.log(np.arange(1, mu + 1))
    w /= w.sum()
    mueff = 1 / np.sum(w ** 2)
    cs = (mueff + 2) / (n + mueff + 5)
    ds = 1 + 2 * max(0, np.sqrt((mueff - 1) / (n + 1)) - 1) + cs
    cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n)
    c1 = 2 / ((n + 1.3) ** 2 + mueff)
    cmu = min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((n + 2) ** 2 + mueff))
    chin = np.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n))
    m, C = np.array(x0, float), np.eye(n)
    pc, ps = np.zeros(n), np.zeros(n)
    evals, g = 0, 0
    while evals < max_evals:
        d2, B = np.linalg.eigh(C)
        D = np.sqrt(d2)
        z = rng.standard_normal((lam, n))
        y = (z * D) @ B.T
        x = m + sigma * y
        fx = np.array([f(xi) for xi in x])
        evals += lam
        if fx.min() < target:
            return evals
        idx = np.argsort(fx, kind='stable')[:mu]
        yw = w @ y[idx]
        m = m + sigma * yw
        ps = (1 - cs) * ps + np.sqrt(cs * (2 - cs) * mueff) * (B @ ((B.T @ yw) / D))
        g += 1
        hs = np.linalg.norm(ps) / np.sqrt(1 - (1 - cs) ** (2 * g)) < (1.4 + 2 / (n + 1)) * chin
        pc = (1 - cc) * pc + hs * np.sqrt(cc * (2 - cc) * mueff) * yw
        C = ((1 - c1 - cmu + (1 - hs) * c1 * cc * (2 - cc)) * C + c1 * np.outer(pc, pc)
             + cmu * (y[idx].T * w) @ y[idx])
        sigma *= np.exp(cs / ds * (np.linalg.norm(ps) / chin - 1))
    return evals


def axon_cmaes(f, x0, sigma, target, seed):
    opt = fit.Optimizer('cmaes', [(-10, 10)] * len(x0), seed=seed, x0=x0, sigma0=sigma / 20)
    evals = 0
    while True:
        x = opt.ask()
        s = np.array([f(r) for r in x])
        evals += len(s)
        if s.min() < target:
            return evals
        opt.tell(s)


def sphere1(x):
    return float(np.sum(x * x))


def ellipsoid1(x):
    return float(np.sum(1e6 ** (np.arange(len(x)) / (len(x) - 1)) * x * x))


@pytest.mark.parametrize("f", [sphere1, ellipsoid1])
def test_cmaes_needs_the_evaluations_of_an_independent_implementation(f):
    """Mean evaluations to f < 1e-8 from x0 = 3 (10-D), sigma0 = 2, lambda = 10, over 10 seeds each: axon's
    within 10 % of the NumPy transcription of the tutorial's pseudocode (measured 1470 against 1463 and
    5902 against 5874; the seed-to-seed spread is about 5 %, so the difference of two means of 10 runs has a
    standard error of about 2.3 %: 10 % is over 4 of them).  axon's bounds, [-10, 10], are far from the
    path to the optimum."""
    x0 = np.full(10, 3.0)
    ours = np.mean([axon_cmaes(f, x0, 2.0, 1e-8, seed) for seed in range(10)])
    rng = np.random.default_rng(2016)
    ref = np.mean([reference_cmaes(f, x0, 2.0, 1e-8, rng) for _ in range(10)])
    assert abs(ours / ref - 1) < 0.1, (ours, ref)


# ---- the interface ----

def test_ask_tell_best_and_the_budget():
    opt = fit.Optimizer('ga', [(0, 1), (1e-3, 1e3)], log=[False, True], popsize=20, budget=50, seed=3)
    shapes = []
    while not opt.done:
        x = opt.ask()
        assert np.array_equal(x, opt.ask()), "asking again gives the same rows"
        assert np.all((x[:, 0] >= 0) & (x[:, 0] <= 1) & (x[:, 1] >= 1e-3) & (x[:, 1] <= 1e3))
        shapes.append(x.shape)
        opt.tell((x[:, 0] - 0.5) ** 2 + np.log10(x[:, 1]) ** 2)
    assert shapes == [(20, 2), (20, 2), (10, 2)]
    params, score = opt.best
    assert score == pytest.approx((params[0] - 0.5) ** 2 + np.log10(params[1]) ** 2, abs=1e-15)
    info = opt.info
    assert info['algorithm'] == 'ga' and info['evaluations'] == 50 and info['generations'] == 3 and info['done']
    with pytest.raises(axon.StateError, match="budget of 50 evaluations is spent"):
        opt.ask()


def test_nan_scores_lose():
    opt = fit.Optimizer('cmaes', [(-1, 1)] * 2, seed=1, budget=60)
    x = opt.ask()
    scores = np.full(len(x), np.nan)
    scores[3] = 7.0
    opt.tell(scores)
    assert opt.best[1] == 7.0 and np.array_equal(opt.best[0], x[3])


@pytest.mark.parametrize("algorithm", ['bit_ga', 'ga', 'de', 'cmaes'])
def test_same_seed_same_fit_and_save_load_resumes_bit_for_bit(algorithm, tmp_path):
    bounds = [(-5, 5), (0.01, 100)]

    def f(X):
        return rastrigin(X[:, :1]) + np.log10(X[:, 1]) ** 2

    a = fit.Optimizer(algorithm, bounds, log=[0, 1], seed=12, budget=600)
    b = fit.Optimizer(algorithm, bounds, log=[0, 1], seed=12, budget=600)
    generation = 0
    while not a.done:
        if generation == 3:
            b.save(tmp_path / "opt.bin")
            assert not (tmp_path / "opt.bin.tmp").exists()
            b = fit.Optimizer.load(tmp_path / "opt.bin")
        xa, xb = a.ask(), b.ask()
        assert np.array_equal(xa, xb), generation
        a.tell(f(xa))
        b.tell(f(xb[::-1])[::-1])   # evaluated in reverse order: each score still goes to its row
        generation += 1
    assert b.done
    assert np.array_equal(a.best[0], b.best[0]) and a.best[1] == b.best[1]
    c = fit.Optimizer(algorithm, bounds, log=[0, 1], seed=13, budget=600)
    c.minimize(f, vectorized=True)
    assert not np.array_equal(a.best[0], c.best[0]), "another seed, another fit"


def test_bad_input_names_what_and_where(tmp_path):
    with pytest.raises(axon.ArgumentError, match="algorithm 'pso' is not one of"):
        fit.Optimizer('pso', [(0, 1)])
    with pytest.raises(axon.ArgumentError, match="'F' is not a setting of 'cmaes'"):
        fit.Optimizer('cmaes', [(0, 1)], F=0.5)
    with pytest.raises(axon.ArgumentError, match=r"parameter 1: bounds \[2, 1\]"):
        fit.Optimizer('de', [(0, 1), (2, 1)])
    with pytest.raises(axon.ArgumentError, match="parameter 0: log_scale with lower = 0"):
        fit.Optimizer('de', [(0, 1)], log=[True])
    with pytest.raises(axon.ArgumentError, match="pop_size = 5: the bit GA breeds in pairs"):
        fit.Optimizer('bit_ga', [(0, 1)], popsize=5)
    with pytest.raises(axon.ArgumentError, match="n_bits = 60"):
        fit.Optimizer('bit_ga', [(0, 1)], n_bits=60)
    with pytest.raises(axon.ArgumentError, match="seed = -1"):
        fit.Optimizer('de', [(0, 1)], seed=-1)
    opt = fit.Optimizer('de', [(0, 1)], seed=1)
    with pytest.raises(axon.StateError, match="no candidates were asked"):
        opt.tell([1.0] * 20)
    with pytest.raises(axon.StateError, match="no scores were told"):
        opt.best
    opt.ask()
    with pytest.raises(axon.ArgumentError, match="n = 3 scores: ax_optimizer_ask gave 20"):
        opt.tell([1.0, 2.0, 3.0])
    with pytest.raises(axon.ArgumentError, match="no budget"):
        opt.minimize(lambda x: 0.0)
    (tmp_path / "junk.bin").write_bytes(b"not an optimizer")
    with pytest.raises(axon.FileError, match="is not an optimizer state"):
        fit.Optimizer.load(tmp_path / "junk.bin")
