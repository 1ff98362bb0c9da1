"""axon.fit, optimisers (docs/fitting.md, Optimisers); re-exported by axon.fit.

An ask/tell optimiser: ``ask()`` gives a generation of candidates (one row
each, real units), whoever evaluates them - one population run, a sweep, a
Python function - hands back one score per row with ``tell(scores)``; lower
wins, and a score that is not finite loses to every finite one.  The
random numbers are axon's counter-based ones, so the same seed gives the
same fit bit for bit, whatever evaluates the candidates and in what order.
"""
import numbers
import os

import numpy as np

from . import _axon
from .errors import ArgumentError

__all__ = ['Optimizer', 'ALGORITHMS']

#: algorithm names and the library's kinds (ax_optimizer_kind)
ALGORITHMS = {'bit_ga': 0, 'ga': 1, 'de': 2, 'cmaes': 3}
_NAMES = {v: k for k, v in ALGORITHMS.items()}
_SETTINGS = {
    'bit_ga': ('tournament', 'r_cross', 'r_mut', 'elites', 'n_bits'),
    'ga': ('tournament', 'r_cross', 'r_mut', 'elites', 'eta_cross', 'eta_mut'),
    'de': ('F', 'CR'),
    'cmaes': ('sigma0', 'x0'),
}


def _count(value, what, allow_none=True):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise ArgumentError(f"Optimizer: {what} = {value!r}: a whole number >= 0 is needed")
    return int(value)


class Optimizer:
    """An ask/tell optimiser over bounded, optionally log-scaled parameters.

    Optimizer(algorithm, bounds, log=None, popsize=None, seed=0, budget=None, **settings)

    algorithm: 'bit_ga' (the main seed's bit-string GA), 'ga' (real-coded
        GA: tournament, SBX, polynomial mutation, elitism), 'de'
        (DE/rand/1/bin) or 'cmaes' (CMA-ES).
    bounds: a sequence of (lower, upper) pairs, one per parameter.
    log: None, or one flag per parameter: searched in log10 space (lower > 0).
    popsize: candidates per generation (None: the algorithm's default).
    seed: the random seed (an int >= 0).
    budget: evaluations in all (None: no limit; ``minimize`` needs one).
    settings: bit_ga: tournament (3), r_cross (0.9), r_mut (0.1 per bit),
        elites (0), n_bits (8); ga: tournament (2), r_cross (0.9), r_mut
        (per gene, 0 = 1/n), elites (1), eta_cross (15), eta_mut (20); de: F
        (0.5), CR (0.9); cmaes: sigma0 (0.3 of each range), x0 (None: the
        centre of the box).  Bad values raise axon.ArgumentError.
    """

    def __init__(self, algorithm, bounds, log=None, popsize=None, seed=0, budget=None, **settings):
        if algorithm not in ALGORITHMS:
            raise ArgumentError(f"Optimizer: algorithm {algorithm!r} is not one of {', '.join(map(repr, ALGORITHMS))}")
        allowed = _SETTINGS[algorithm]
        for name in settings:
            if name not in allowed:
                raise ArgumentError(f"Optimizer: {name!r} is not a setting of {algorithm!r}; its settings are "
                                    f"{', '.join(allowed)}")
        b = np.asarray(bounds, dtype=np.float64)
        if b.ndim != 2 or b.shape[1] != 2 or b.shape[0] == 0:
            raise ArgumentError(f"Optimizer: bounds of shape {b.shape}: one (lower, upper) pair a parameter is needed")
        flags = None if log is None else np.asarray(log, dtype=bool).astype(np.float64).reshape(-1)
        if 'x0' in settings and settings['x0'] is not None:
            settings['x0'] = np.asarray(settings['x0'], dtype=np.float64).reshape(-1)
        self._cap = _axon.optimizer_create(
            ALGORITHMS[algorithm], np.ascontiguousarray(b[:, 0]), np.ascontiguousarray(b[:, 1]), flags,
            _count(popsize, 'popsize') or 0, _count(seed, 'seed', False), _count(budget, 'budget') or 0,
            **{k: (_count(v, k) if k in ('tournament', 'elites', 'n_bits') else v) for k, v in settings.items()})

    @classmethod
    def load(cls, path):
        """An optimiser from a file that save() wrote; it continues exactly where the saved one was."""
        self = cls.__new__(cls)
        self._cap = _axon.optimizer_load(os.fspath(path))
        return self

    def save(self, path):
        """The whole state into path (written to path + '.tmp', then renamed: never half a file)."""
        _axon.optimizer_save(self._cap, os.fspath(path))

    def ask(self):
        """The current generation's candidates, shape (rows, n_params), real units; asking again before
        tell gives the same.  The last generation may have fewer rows (the budget); StateError when spent."""
        return _axon.optimizer_ask(self._cap)

    def tell(self, scores):
        """One score per row of the last ask(), in the same order (lower wins; nan/inf lose)."""
        _axon.optimizer_tell(self._cap, np.ascontiguousarray(np.asarray(scores, dtype=np.float64).reshape(-1)))

    @property
    def best(self):
        """(params, score) of the best candidate told so far; StateError before the first tell."""
        return _axon.optimizer_best(self._cap)

    @property
    def info(self):
        """A dict: algorithm, n_params, popsize, seed, budget (0: none), generations, evaluations, asked,
        done, best_score."""
        d = _axon.optimizer_info(self._cap)
        d['algorithm'] = _NAMES[d.pop('kind')]
        return d

    @property
    def done(self):
        """True once the budget is spent."""
        return self.info['done']

    def minimize(self, fn, vectorized=False):
        """Asks, evaluates and tells until the budget is spent; returns best.

        fn(x) scores one candidate (a 1-D array); with vectorized=True, fn(X)
        scores a whole generation (rows x n_params) and returns one score a row.
        """
        if self.info['budget'] == 0:
            raise ArgumentError("Optimizer.minimize: the optimizer has no budget (budget=None): give one to stop")
        while not self.done:
            x = self.ask()
            scores = fn(x) if vectorized else [fn(row) for row in x]
            scores = np.asarray(scores, dtype=np.float64).reshape(-1)
            if scores.shape[0] != x.shape[0]:
                raise ArgumentError(f"Optimizer.minimize: fn gave {scores.shape[0]} scores for {x.shape[0]} candidates")
            self.tell(scores)
        return self.best

    def __repr__(self):
        i = self.info
        return (f"Optimizer({i['algorithm']!r}, n_params={i['n_params']}, popsize={i['popsize']}, "
                f"evaluations={i['evaluations']}/{i['budget'] or 'unlimited'}, best={i['best_score']:g})")
