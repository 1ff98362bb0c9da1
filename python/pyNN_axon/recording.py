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
        self._devices = {}   # variable -> [(axon recorder, its sorted neuron indices)]
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
        """axon recorders for what is recorded now: neurons added to a
        recording get a recorder of their own (axon recorders cannot grow),
        and reading puts the recorders of a variable together."""
        pop = self.population._axon
        for variable in self.recorded:
            devices = self._devices.setdefault(variable, [])
            covered = np.concatenate([d[1] for d in devices]) if devices else np.zeros(0, int)
            indices = np.setdiff1d(self._indices(variable), covered)
            if not indices.size:
                continue
            neurons = None if indices.size == self.population.size else indices
            if variable == "spikes":
                rec = pop.record("spikes", neurons=neurons)
            else:
                rec = pop.record(variable, neurons=neurons, interval=self.sampling_interval)
            devices.append((rec, indices))

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
        """(neuron indices, spike times) of the current segment, in time order."""
        state = self._simulator.state
        neurons, steps = [np.zeros(0, int)], [np.zeros(0)]
        for rec, _ in self._devices.get("spikes", []):
            times, which = rec.spikes
            k = np.rint(np.asarray(times) / state.dt)
            keep = k > self._start_step
            neurons.append(np.asarray(which)[keep].astype(int))
            steps.append(k[keep])
        neurons, steps = np.concatenate(neurons), np.concatenate(steps)
        order = np.argsort(steps, kind="stable")
        neurons, steps = neurons[order], steps[order]
        times = state.time_of(steps)
        if state.spike_precision == "off_grid" and "spike_times" in getattr(self.population, "_parameters", {}):
            # spike sources given times: each emitted spike recorded at the time given for it
            times = np.array(times, dtype=float)
            for i in np.unique(neurons):
                at = np.nonzero(neurons == i)[0]
                grid, given = self.population._given_spike_times(int(i))
                k = np.searchsorted(grid, steps[at])
                found = (k < grid.size) & (grid[np.minimum(k, grid.size - 1)] == steps[at])
                times[at[found]] = given[k[found]]
        return neurons, times

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
        values = np.full((expected, indices.size), np.nan)
        found = np.zeros(indices.size, bool)
        for rec, recorded in self._devices.get(variable, []):
            here = np.isin(indices, recorded)
            if not here.any():
                continue
            steps = np.rint(np.asarray(rec.times) / state.dt)
            samples = np.asarray(rec.values)[steps > self._start_step][:, np.searchsorted(recorded, indices[here])]
            # a recorder made during the segment has the later samples only
            n = min(samples.shape[0], expected)
            values[expected - n:, here] = samples[samples.shape[0] - n:]
            found |= here
        if not found.all() and indices.size:
            raise ValueError("%s was not recorded from all the requested neurons of %s"
                             % (variable, self.population.label))
        return np.vstack(rows + [values]), None
