"""Recording for pyNN.axon: PyNN's Recorder over axon's recorders.

axon records a state variable at the end of the steps that end on a
multiple of the sampling interval; PyNN's signals also hold the value at
the start of the segment, which is read from the population when the
segment starts (at t = 0 that is the initial value).  axon recorders cannot
be emptied or removed, so clearing (get_data(clear=True)) remembers the
step it happened at and later reads skip what came before.
"""
import numpy as np

from pyNN import recording

from . import simulator


class Recorder(recording.Recorder):
    _simulator = simulator

    def __init__(self, population, file=None):
        recording.Recorder.__init__(self, population, file)
        self._devices = {}   # variable -> (axon recorder, sorted neuron indices)
        self._first = {}     # variable -> its values at the segment's start (all neurons)
        self._start_step = 0  # the segment starts here (0, or where data was cleared)

    # -- what PyNN's Recorder asks of a backend ---------------------------------
    def record(self, variables, ids, sampling_interval=None):
        """PyNN's record(), with the interval checked before anything is kept."""
        dt = self._simulator.state.dt
        if sampling_interval is not None:
            steps = sampling_interval / dt
            if not np.isfinite(steps) or abs(steps - round(steps)) > 1e-9 or round(steps) < 1:
                raise ValueError("sampling_interval %g ms: it must be a multiple of the time step %g ms"
                                 % (sampling_interval, dt))
        recording.Recorder.record(self, variables, ids, sampling_interval)

    def _record(self, variable, new_ids, sampling_interval=None):
        if variable != "spikes":
            self.sampling_interval = sampling_interval or self._simulator.state.dt
        if self.population._axon is not None:
            self._ensure_devices()

    def _reset(self):
        self._devices = {}

    def _clear_simulator(self):
        self._start_step = self._simulator.state.steps
        self._first = {}

    def _indices(self, variable):
        ids = np.array(sorted(self.recorded[variable]), dtype=int)
        return ids - int(self.population.first_id)

    def _ensure_devices(self):
        """axon recorders for what is recorded now (new ones when the set of
        neurons changed; axon keeps the old ones, which are no longer read)."""
        pop = self.population._axon
        for variable in self.recorded:
            indices = self._indices(variable)
            if not indices.size:
                continue
            device = self._devices.get(variable)
            if device is not None and np.array_equal(device[1], indices):
                continue
            neurons = None if indices.size == self.population.size else indices
            if variable == "spikes":
                rec = pop.record("spikes", neurons=neurons)
            else:
                rec = pop.record(variable, neurons=neurons, interval=self.sampling_interval)
            self._devices[variable] = (rec, indices)

    def _snapshot(self):
        """The recorded state variables at the segment's start: its first row
        (unknown, NaN, for a variable whose recording began later)."""
        if self._simulator.state.steps != self._start_step:
            return
        for variable in self.recorded:
            if variable != "spikes" and variable not in self._first:
                self._first[variable] = self.population._current_values(variable)

    # -- the simulation's hooks ----------------------------------------------------
    def _build(self, net):
        self._devices = {}
        self._ensure_devices()

    def _before_run(self):
        self._ensure_devices()
        self._snapshot()

    def _after_reset(self):
        self._start_step = 0
        self._first = {}

    def _closed(self):
        self._devices = {}

    # -- reading ---------------------------------------------------------------------
    def _spikes(self):
        """(neuron indices, spike times) of the current segment."""
        device = self._devices.get("spikes")
        if device is None:
            return np.zeros(0, int), np.zeros(0)
        times, neurons = device[0].spikes
        state = self._simulator.state
        steps = np.rint(np.asarray(times) / state.dt)
        keep = steps > self._start_step
        return np.asarray(neurons)[keep].astype(int), state.time_of(steps[keep])

    def _get_spiketimes(self, ids, clear=False):
        neurons, times = self._spikes()
        id_array = neurons + int(self.population.first_id)
        mask = np.isin(id_array, np.asarray(ids, dtype=int))
        return id_array[mask], times[mask]

    def _local_count(self, variable, filter_ids=None):
        neurons, _ = self._spikes()
        counts = np.bincount(neurons, minlength=self.population.size)
        first = int(self.population.first_id)
        return {int(id): int(counts[int(id) - first]) for id in self.filter_recorded(variable, filter_ids)}

    def _get_all_signals(self, variable, ids, clear=False):
        state = self._simulator.state
        indices = np.asarray(ids, dtype=int) - int(self.population.first_id)
        first = self._first.get(variable)
        if first is None:
            first = (self.population._current_values(variable) if state.steps == self._start_step
                     else np.full(self.population.size, np.nan))
        rows = [np.asarray(first, dtype=float)[indices][None, :]]
        every = int(round(self.sampling_interval / state.dt))
        expected = (state.steps - self._start_step) // every
        device = self._devices.get(variable)
        if device is not None:
            rec, recorded = device
            steps = np.rint(np.asarray(rec.times) / state.dt)
            keep = steps > self._start_step
            columns = np.searchsorted(recorded, indices)
            if np.any(columns >= recorded.size) or np.any(recorded[np.minimum(columns, recorded.size - 1)] != indices):
                raise ValueError(
                    "%s was not recorded from all the requested neurons of %s" % (variable, self.population.label))
            values = np.asarray(rec.values)[keep][:, columns]
        else:
            values = np.zeros((0, indices.size))
        if values.shape[0] < expected:
            # recording began after the segment did (record() during a run)
            gap = np.full((expected - values.shape[0], indices.size), np.nan)
            values = np.vstack([gap, values])
        rows.append(values[:expected])
        return np.vstack(rows), None
