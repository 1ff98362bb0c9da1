"""Current sources of pyNN.axon on axon's inputs (DC, AC, Step).

An axon input cannot be changed or removed once added, and every neuron a
source is injected into gets the same current.  So a source is a list of
`windows` - axon input specifications - that add up to its current; each
window goes to every target.  A change of parameters at step T adds the
negative, from T on, of the windows of the parameters in force, and the
windows of the new parameters from T on: exact (the same numbers, negated),
and a few inputs per change.  After such a change
during a run, reset() makes a new network, where the windows are those of
the parameters of the time.

NoisyCurrentSource draws its values in Python (one stream per source, the
same current for every target, as pyNN.neuron does) and plays them as Step
windows, so its current can be recorded and changed like the others.
"""
import numpy as np

import axon
from pyNN import errors
from pyNN.parameters import ParameterSpace, Sequence
from pyNN.standardmodels import StandardCurrentSource, build_translations, electrodes

from . import simulator
from .members import by_owner

NOISE_CHUNK = 10000   # noise values added at a time, beyond what a run needs


def _identity(*names):
    return build_translations(*[(n, n) for n in names])


def _same(a, b):
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def _steps(time_ms):
    return int(round(time_ms / simulator.state.dt))


class Window(dict):
    """One axon input: kind ('dc', 'ac', 'step') and its arguments (ms, nA)."""

    def make(self):
        args = {k: v for k, v in self.items() if k != "kind"}
        return {"dc": axon.DC, "ac": axon.AC, "step": axon.Step}[self["kind"]](**args)

    def negated(self, from_ms):
        """The same current with the opposite sign, from `from_ms` on (None if
        nothing of it is left)."""
        start = max(self.get("start", 0.0), from_ms)
        stop = self.get("stop", 0.0)
        if stop and _steps(stop) <= _steps(start):
            return None
        w = Window(self, start=start)
        for name in ("amplitude", "offset"):
            if name in w:
                w[name] = -w[name]
        if "amplitudes" in w:
            w["amplitudes"] = [-a for a in w["amplitudes"]]
        return w

    def current(self, steps):
        """The current of this window at the given steps (as axon applies it)."""
        dt = simulator.state.dt
        start = _steps(self.get("start", 0.0))
        stop = _steps(self["stop"]) if self.get("stop", 0.0) else np.iinfo(np.int64).max
        on = (steps >= start) & (steps < stop)
        kind = self["kind"]
        if kind == "dc":
            value = np.full(steps.shape, self["amplitude"])
        elif kind == "ac":
            value = self["offset"] + self["amplitude"] * np.sin(
                2 * np.pi * self["frequency"] * 1e-3 * (steps + 0.5) * dt + np.deg2rad(self["phase"]))
        else:
            changes = np.rint(np.asarray(self["times"]) / dt)
            k = np.searchsorted(changes, steps, side="right")
            value = np.where(k > 0, np.asarray(list(self["amplitudes"]) + [0.0])[k - 1], 0.0)
        return np.where(on, value, 0.0)


class AxonCurrentSource(StandardCurrentSource):
    """What the four sources share: targets, windows, changes, recording."""

    def __init__(self, **parameters):
        object.__setattr__(self, "_params", {})
        object.__setattr__(self, "_targets", [])
        object.__setattr__(self, "_windows", [])
        object.__setattr__(self, "_live", [])
        object.__setattr__(self, "_changed_while_running", False)
        object.__setattr__(self, "_serial", len(simulator.state.current_sources))
        object.__setattr__(self, "_rng", None)
        object.__setattr__(self, "_normal", np.zeros(0))
        object.__setattr__(self, "_covered", 0)
        super(StandardCurrentSource, self).__init__(**parameters)
        space = ParameterSpace(self.default_parameters, self.get_schema(), shape=(1,))
        space.update(**parameters)
        self.set_native_parameters(self.translate(space))
        simulator.state.current_sources.append(self)
        if simulator.state.net is not None:
            self._build(simulator.state.net)

    # -- parameters ----------------------------------------------------------------
    def set_native_parameters(self, parameters):
        parameters.evaluate(simplify=True)
        new = dict(self._params)
        for name, value in parameters.items():
            new[name] = value.value if isinstance(value, Sequence) else value
        new = self._checked(new)
        changed = bool(self._params) and not _same(self._params, new)
        object.__setattr__(self, "_params", new)
        for name, value in new.items():   # source.amplitude reads these
            object.__setattr__(self, name, value)
        if changed and simulator.state.net is not None:
            self._change()

    def get_native_parameters(self):
        return ParameterSpace({k: (Sequence(v) if isinstance(v, (list, np.ndarray)) else v)
                               for k, v in self._params.items()}, shape=(1,))

    def _checked(self, params):
        for name, value in params.items():
            if not np.all(np.isfinite(np.asarray(value, dtype=float))):
                raise ValueError("%s: %s = %s is not a finite number" % (type(self).__name__, name, value))
        if "start" in params and params["start"] < 0:
            raise ValueError("%s: start = %g ms is negative" % (type(self).__name__, params["start"]))
        return params

    # -- targets -----------------------------------------------------------------------
    def inject_into(self, cells):
        __doc__ = StandardCurrentSource.inject_into.__doc__
        for pop, indices in by_owner(cells):
            if not pop.celltype.injectable:
                raise TypeError("Can't inject current into a spike source (%s)." % pop.label)
            target = (pop, indices)
            self._targets.append(target)
            if pop._axon is not None:
                for window in self._windows:
                    self._add(target, window)

    def _add(self, target, window):
        pop, indices = target
        neurons = None if indices.size == pop.size else indices
        try:
            pop._axon.add_input(window.make(), neurons=neurons)
        except axon.Error as err:
            raise errors.InvalidParameterValueError("%s: %s" % (type(self).__name__, err)) from err

    def _apply(self, window, live=True):
        """Add a window to every target; `live` ones are the current of the
        present parameters (what a later change cancels)."""
        if window is None:
            return
        self._windows.append(window)
        if live:
            self._live.append(window)
        for target in self._targets:
            if target[0]._axon is not None:
                self._add(target, window)

    # -- the simulation's hooks ------------------------------------------------------
    def _build(self, net):
        object.__setattr__(self, "_windows", [])
        object.__setattr__(self, "_live", [])
        object.__setattr__(self, "_changed_while_running", False)
        self._restart()
        for window in self._windows_from(0.0):
            self._apply(window)

    def _change(self):
        state = simulator.state
        now = state.t
        if state.steps > 0:
            object.__setattr__(self, "_changed_while_running", True)
        live, self._live[:] = list(self._live), []
        for window in live:
            self._apply(window.negated(now), live=False)
        self._restart(now)
        for window in self._windows_from(now):
            self._apply(window)

    def _before_run(self, step0, step1):
        pass

    def _restart(self, now=0.0):
        pass

    def _closed(self):
        object.__setattr__(self, "_windows", [])
        object.__setattr__(self, "_live", [])

    # -- recording the current ---------------------------------------------------
    def record(self):
        """The current is known in Python: nothing to set up."""

    def _get_data(self):
        state = simulator.state
        steps = np.arange(state.steps + 1)
        current = np.zeros(steps.shape)
        for window in self._windows:
            current += window.current(steps)
        return state.time_of(steps.astype(float)), current


class DCSource(AxonCurrentSource, electrodes.DCSource):
    __doc__ = electrodes.DCSource.__doc__
    translations = _identity("amplitude", "start", "stop")

    def _windows_from(self, now):
        p = self._params
        start = max(p["start"], now)
        if _steps(p["stop"]) <= _steps(start):
            return []
        return [Window(kind="dc", amplitude=p["amplitude"], start=start, stop=p["stop"])]


class ACSource(AxonCurrentSource, electrodes.ACSource):
    __doc__ = electrodes.ACSource.__doc__
    translations = _identity("amplitude", "start", "stop", "frequency", "offset", "phase")

    def _windows_from(self, now):
        p = self._params
        start = max(p["start"], now)
        if _steps(p["stop"]) <= _steps(start):
            return []
        # PyNN's phase holds at `start` and a step's current is its value at
        # the step's start; axon's sine runs from t = 0 at the step's middle
        dt = simulator.state.dt
        phase = (p["phase"] - 360.0 * p["frequency"] * 1e-3 * (p["start"] + 0.5 * dt)) % 360.0
        return [Window(kind="ac", amplitude=p["amplitude"], frequency=p["frequency"], offset=p["offset"],
                       phase=phase, start=start, stop=p["stop"])]


class StepCurrentSource(AxonCurrentSource, electrodes.StepCurrentSource):
    __doc__ = electrodes.StepCurrentSource.__doc__
    translations = _identity("amplitudes", "times")

    def _checked(self, params):
        """Times on the dt grid; where two fall on one step, the later amplitude."""
        AxonCurrentSource._checked(self, params)
        times = np.asarray(params.get("times", []), dtype=float).ravel()
        amplitudes = np.asarray(params.get("amplitudes", []), dtype=float).ravel()
        if times.size != amplitudes.size:
            raise ValueError("StepCurrentSource: %d times but %d amplitudes" % (times.size, amplitudes.size))
        if np.any(times < 0):
            raise ValueError("Step current cannot accept negative timestamps.")
        if np.any(np.diff(times) <= 0):
            raise ValueError("Step current timestamps should be monotonically increasing.")
        steps = np.rint(times / simulator.state.dt)
        last = np.append(steps[1:] != steps[:-1], True) if steps.size else np.zeros(0, bool)
        return dict(params, times=simulator.state.time_of(steps[last]), amplitudes=amplitudes[last])

    def _windows_from(self, now):
        p = self._params
        if not len(p["times"]):
            return []
        window = Window(kind="step", times=list(p["times"]), amplitudes=list(p["amplitudes"]))
        if now > 0:
            window["start"] = now
        return [window]


class NoisyCurrentSource(AxonCurrentSource, electrodes.NoisyCurrentSource):
    __doc__ = electrodes.NoisyCurrentSource.__doc__
    translations = _identity("mean", "start", "stop", "stdev", "dt")

    def _checked(self, params):
        AxonCurrentSource._checked(self, params)
        if params["dt"] < simulator.state.dt * (1 - 1e-9):
            raise ValueError("NoisyCurrentSource: dt = %g ms is shorter than the time step %g ms"
                             % (params["dt"], simulator.state.dt))
        if params["stdev"] < 0:
            raise ValueError("NoisyCurrentSource: stdev = %g nA is negative" % params["stdev"])
        return params

    def _restart(self, now=0.0):
        """The draws since `now` are played again by new windows."""
        if self._rng is None:
            object.__setattr__(self, "_rng", np.random.default_rng([simulator.state.seed, self._serial]))
        object.__setattr__(self, "_covered", _steps(now))

    def _windows_from(self, now):
        return []

    def _draws(self, n):
        """The first n standard normal values of this source (drawn once)."""
        if n > self._normal.size:
            more = self._rng.standard_normal(max(n - self._normal.size, NOISE_CHUNK))
            object.__setattr__(self, "_normal", np.concatenate([self._normal, more]))
        return self._normal[:n]

    def _before_run(self, step0, step1):
        """Windows of drawn values up to the end of the run (and a chunk
        beyond), whole noise intervals each."""
        p, dt = self._params, simulator.state.dt
        start, stop = _steps(p["start"]), _steps(p["stop"])
        if step1 <= self._covered or self._covered >= stop:
            return
        q0 = max(0, int(np.floor((self._covered * dt - p["start"]) / p["dt"] + 1e-9)))
        q_end = int(np.ceil((min(step1, stop) * dt - p["start"]) / p["dt"] - 1e-9)) + NOISE_CHUNK
        q_stop = int(np.ceil((p["stop"] - p["start"]) / p["dt"] - 1e-9))
        q1 = min(q_end, q_stop)
        if q1 <= q0:
            return
        values = p["mean"] + p["stdev"] * self._draws(q1)[q0:q1]
        times = p["start"] + np.arange(q0, q1) * p["dt"]
        window_start = max(times[0], self._covered * dt)
        window_stop = min(p["start"] + q1 * p["dt"], p["stop"])
        self._apply(Window(kind="step", times=list(simulator.state.time_of(np.rint(times / dt))),
                           amplitudes=list(values), start=window_start, stop=window_stop))
        object.__setattr__(self, "_covered", _steps(window_stop))
