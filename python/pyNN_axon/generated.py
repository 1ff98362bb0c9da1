"""Spike sources axon has no model for, drawn in Python and played by
axon's SpikeSourceArray: SpikeSourceGamma (a gamma renewal process) and
SpikeSourcePoissonRefractory (Poisson with a dead time).

Each neuron has its own numpy stream (seeded from setup's rng_seed, the
population and the neuron), and its train is drawn ahead, as far as the runs
need, and kept: after reset() the same spikes come again.  A parameter
change restarts the trains of the changed neurons at the current time.
Spike times are rounded to the dt grid; a spike falling on the step of the
previous one is dropped (one spike per step, as axon emits them).
"""
import numpy as np

from pyNN import errors
from pyNN.standardmodels import cells as pynn_cells

from . import simulator
from .cells import AxonCellMixin, _identity

BATCH = 64   # intervals drawn at a time per neuron


class GeneratedSource(AxonCellMixin):
    axon_model = "SpikeSourceArray"
    positive = ()        # parameters that must be > 0
    non_negative = ()    # ... >= 0

    def axon_parameters(self, parameters):
        return {}

    def axon_state(self, initial):
        return {}

    def check_parameters(self, parameters):
        name = type(self).__name__
        for p in self.positive + self.non_negative:
            v = np.asarray(parameters[p], dtype=float)
            bad = ~np.isfinite(v) | ((v <= 0) if p in self.positive else (v < 0))
            if np.any(bad):
                raise errors.InvalidParameterValueError("%s: %s = %s is not allowed (must be %s)" % (
                    name, p, np.atleast_1d(v)[np.atleast_1d(bad)][0], "> 0" if p in self.positive else ">= 0"))
        self.check_relations(parameters)

    def check_relations(self, parameters):
        pass

    # -- the trains ------------------------------------------------------------------
    def trains(self, pop, t_end):
        """Every neuron's spike times up to at least t_end (ms), drawing what
        is missing; the list is kept on the population."""
        store = pop.__dict__.setdefault("_generated", {})
        if "rng" not in store:
            serial = simulator.state.populations.index(pop)
            store["rng"] = [np.random.default_rng([simulator.state.seed, serial, i]) for i in range(pop.size)]
            store["times"] = [np.zeros(0) for _ in range(pop.size)]
            store["next"] = [None] * pop.size      # time the next interval starts from
        for i in range(pop.size):
            p = {k: float(np.asarray(v, dtype=float).ravel()[i]) for k, v in pop._parameters.items()}
            end = p["start"] + p["duration"]
            origin = store["next"][i] if store["next"][i] is not None else p["start"]
            times = [store["times"][i]]
            while origin < min(t_end, end):
                spikes = origin + np.cumsum(self.intervals(store["rng"][i], p, BATCH))
                times.append(spikes[spikes < end])
                origin = spikes[-1]
            store["times"][i] = np.concatenate(times)
            store["next"][i] = origin
        return store["times"]

    def restart(self, pop, indices, now):
        """Changed parameters: the trains of `indices` go on from `now` with them."""
        store = pop.__dict__.get("_generated")
        if not store:
            return
        for i in np.atleast_1d(indices):
            times = store["times"][i]
            store["times"][i] = times[times < now]
            start = float(np.asarray(pop._parameters["start"], dtype=float).ravel()[i])
            store["next"][i] = max(now, start)


class SpikeSourceGamma(GeneratedSource, pynn_cells.SpikeSourceGamma):
    __doc__ = pynn_cells.SpikeSourceGamma.__doc__
    translations = _identity("alpha", "beta", "start", "duration")
    positive = ("alpha", "beta")
    non_negative = ("start", "duration")

    def intervals(self, rng, p, n):
        # shape alpha, rate beta (Hz): mean interval alpha / beta s
        return rng.gamma(p["alpha"], 1000.0 / p["beta"], n)


class SpikeSourcePoissonRefractory(GeneratedSource, pynn_cells.SpikeSourcePoissonRefractory):
    __doc__ = pynn_cells.SpikeSourcePoissonRefractory.__doc__
    translations = _identity("rate", "tau_refrac", "start", "duration")
    non_negative = ("rate", "tau_refrac", "start", "duration")

    def check_relations(self, parameters):
        rate = np.asarray(parameters["rate"], dtype=float)
        tau = np.asarray(parameters["tau_refrac"], dtype=float)
        if np.any(rate * tau >= 1000.0):
            raise errors.InvalidParameterValueError(
                "SpikeSourcePoissonRefractory: rate x tau_refrac must stay below 1 (1000 ms/s): a dead time of "
                "%s ms leaves no room for %s Hz" % (tau.max(), rate.max()))

    def intervals(self, rng, p, n):
        # the dead time, then an exponential interval: mean 1 / rate in all
        if p["rate"] <= 0:
            return np.full(n, np.inf)
        return p["tau_refrac"] + rng.exponential(1000.0 / p["rate"] - p["tau_refrac"], n)
