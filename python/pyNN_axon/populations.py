"""Population, PopulationView and Assembly of pyNN.axon.

A Population keeps its native parameters and initial values in Python
(numpy arrays, one value per neuron) so that it exists before the axon
network does; once the network is built, every change goes to the axon
population too.
"""
import logging

import numpy as np

from pyNN import common, errors
from pyNN.parameters import LazyArray, ParameterSpace, simplify
from pyNN.standardmodels import StandardCellType

from . import simulator
from .cells import spike_times_of
from .recording import Recorder

logger = logging.getLogger("PyNN")


def _homogeneous(values):
    """A scalar when every neuron has the same value (axon stores one)."""
    values = np.asarray(values)
    if values.dtype != object and values.size and np.all(values == values.flat[0]):
        return float(values.flat[0])
    return values


def grid_spike_steps(times, dt, label, neuron, warn=True):
    """The steps axon emits given spike times at (a spike of step k is
    reported at k dt), at least one step, at most one per step, and the
    given time of each (the earliest one that falls on it).  On the grid
    (spike_precision "on_grid") a time goes to the nearest multiple of dt;
    off the grid to the end of the step that contains it (k = ceil(t / dt)),
    so that the spike is delivered no earlier than the time given.  NEST
    emits two spikes in one step as one of multiplicity 2; axon cannot, so
    the second is dropped, with a warning."""
    times = np.sort(np.asarray(times, dtype=float))
    x = times / dt
    if simulator.state.spike_precision == "off_grid":
        steps = np.ceil(x - 1e-9).astype(np.int64)   # a time on the grid (up to rounding) stays there
    else:
        steps = np.rint(x).astype(np.int64)
    keep = steps >= 1
    if warn and not keep.all():
        logger.warning("pyNN.axon: SpikeSourceArray '%s' neuron %d: %d spike time(s) %s cannot be emitted and "
                       "are dropped", label, neuron, int((~keep).sum()),
                       "at or before 0 ms" if simulator.state.spike_precision == "off_grid"
                       else "before dt = %g ms" % dt)
    steps, times = steps[keep], times[keep]
    unique, first = np.unique(steps, return_index=True)
    if warn and unique.size < steps.size:
        logger.warning("pyNN.axon: SpikeSourceArray '%s' neuron %d: %d spike time(s) fall on a step that "
                       "already has a spike and are dropped (axon emits one spike per step)",
                       label, neuron, steps.size - unique.size)
    return unique, times[first]


def grid_spike_times(times, dt, label, neuron):
    """Spike times as axon takes them (grid_spike_steps)."""
    steps, _ = grid_spike_steps(times, dt, label, neuron)
    return simulator.state.time_of(steps.astype(float))


class PopulationMixin(object):
    """What Population and PopulationView share: values are read from and
    written to the Population that owns the neurons."""

    def _owner_and_indices(self):
        if isinstance(self, PopulationView):
            return self.grandparent, self.index_in_grandparent(np.arange(self.size))
        return self, np.arange(self.size)

    def _get_parameters(self, *names):
        owner, index = self._owner_and_indices()
        values = {}
        for name in names:
            if name not in owner._parameters:
                raise errors.NonExistentParameterError(name, owner.celltype.__class__.__name__,
                                                       owner.celltype.get_parameter_names())
            values[name] = simplify(owner._parameters[name][index])
        return ParameterSpace(values, shape=(self.size,))

    def _set_parameters(self, parameter_space):
        owner, index = self._owner_and_indices()
        parameter_space.evaluate(simplify=False)
        new = {}
        for name, value in parameter_space.items():
            full = owner._parameters[name].copy()
            full[index] = value
            new[name] = full
        old = owner._parameters
        owner.celltype.check_parameters(dict(old, **new))
        owner._parameters = dict(old, **new)
        try:
            owner._push_parameters(new, index)
        except errors.InvalidParameterValueError:
            owner._parameters = old     # what axon refused is not kept
            raise

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)

    def _set_initial_value_array(self, variable, value):
        owner, index = self._owner_and_indices()
        owner._set_initial(variable, index, value)


class Assembly(common.Assembly):
    __doc__ = common.Assembly.__doc__
    _simulator = simulator


class PopulationView(PopulationMixin, common.PopulationView):
    __doc__ = common.PopulationView.__doc__
    _simulator = simulator
    _assembly_class = Assembly

    @property
    def initial_values(self):
        """The initial values of the view's neurons (PyNN's common code
        leaves this to the backends)."""
        owner, index = self._owner_and_indices()
        return {name: LazyArray(_homogeneous(values[index]), shape=(self.size,), dtype=float)
                for name, values in owner._initial.items()}

    def initialize(self, **initial_values):
        for variable, value in initial_values.items():
            values = LazyArray(value, shape=(self.size,), dtype=float).evaluate(simplify=False)
            self._set_initial_value_array(variable, values)


class Population(PopulationMixin, common.Population):
    __doc__ = common.Population.__doc__
    _simulator = simulator
    _recorder_class = Recorder
    _assembly_class = Assembly

    def __init__(self, size, cellclass, cellparams=None, structure=None, initial_values={}, label=None):
        # checked first: PyNN registers the population's recorder before _create_cells
        simulator.state.check_can_change_structure("add a Population")
        if int(np.prod(size)) < 1:
            raise errors.InvalidDimensionsError("a Population needs at least one neuron, got size %r" % (size,))
        common.Population.__init__(self, size, cellclass, cellparams, structure, initial_values, label)

    def _create_cells(self):
        if not isinstance(self.celltype, StandardCellType) or not hasattr(self.celltype, "axon_model"):
            simulator.state.recorders.discard(self.recorder)
            raise errors.InvalidModelError(
                "pyNN.axon runs only its own cell types (pyNN.axon.%s and the others of "
                "list_standard_models()), not %r" % (type(self.celltype).__name__, self.celltype))
        first = simulator.state.id_counter
        self.all_cells = np.array([simulator.ID(i) for i in range(first, first + self.size)],
                                  dtype=simulator.ID)
        self._mask_local = np.ones((self.size,), bool)
        for id in self.all_cells:
            id.parent = self
        parameters = self.celltype.native_parameters
        parameters.shape = (self.size,)
        parameters.evaluate(simplify=False)
        self._parameters = {name: np.array(value) if not isinstance(value, np.ndarray) else value
                            for name, value in parameters.items()}
        try:
            self.celltype.check_parameters(self._parameters)
        except errors.InvalidParameterValueError:
            simulator.state.recorders.discard(self.recorder)
            raise
        self._initial = {}
        self._axon = None
        simulator.state.id_counter += self.size
        simulator.state.populations.append(self)

    def initialize(self, **initial_values):
        """PyNN's initialize, with each value drawn once: the numbers given to
        axon are the ones initial_values shows."""
        for variable, value in initial_values.items():
            values = LazyArray(value, shape=(self.size,), dtype=float).evaluate(simplify=False)
            self._set_initial_value_array(variable, values)

    def _set_initial(self, variable, index, values):
        if variable not in self.celltype.default_initial_values:
            raise errors.NonExistentParameterError(
                variable, self.celltype.__class__.__name__, list(self.celltype.default_initial_values))
        full = self._initial.get(variable)
        full = np.zeros(self.size) if full is None else full.copy()
        full[index] = np.asarray(values, dtype=float)
        if not np.all(np.isfinite(full)):
            raise errors.InvalidParameterValueError("%s: initial %s must be finite" % (self.label, variable))
        if self._axon is not None and self.celltype.axon_state({variable: full}):
            # only the neurons given: the others keep their state of the moment
            now = np.asarray(self._axon.get(variable), dtype=float).copy()
            now[index] = full[index]
            state = self.celltype.axon_state({variable: now})
            if state:
                try:
                    self._axon.set_state(**state)
                except ValueError as err:
                    raise errors.InvalidParameterValueError(str(err)) from err
        self._initial[variable] = full
        self.initial_values[variable] = LazyArray(_homogeneous(full), shape=(self.size,), dtype=float)

    def _set_cell_initial_value(self, id, variable, value):
        self._set_initial(variable, [self.id_to_index(id)], [value])

    def _push_parameters(self, new, index):
        """Parameter changes to the axon population, once it exists."""
        if self._axon is None:
            return
        if "spike_times" in new:
            for i in np.atleast_1d(index):
                self._axon.set_spike_times(int(i), self._grid_times(i))
        params = self.celltype.axon_parameters({k: v for k, v in new.items() if k != "spike_times"})
        if params:
            try:
                self._axon.set_params(**{k: _homogeneous(v) for k, v in params.items()})
            except ValueError as err:
                raise errors.InvalidParameterValueError(str(err)) from err

    def _grid_times(self, i):
        return grid_spike_times(spike_times_of(self._parameters["spike_times"][i]),
                                simulator.state.dt, self.label, int(i))

    def _given_spike_times(self, i):
        """(steps, given times) of neuron i's emitted spikes (off_grid recording)."""
        return grid_spike_steps(spike_times_of(self._parameters["spike_times"][i]),
                                simulator.state.dt, self.label, int(i), warn=False)

    # -- the axon population ------------------------------------------------
    def _build(self, net, name):
        params = {k: _homogeneous(v) for k, v in self.celltype.axon_parameters(self._parameters).items()}
        state = {k: _homogeneous(v) for k, v in self.celltype.axon_state(self._initial).items()}
        try:
            self._axon = net.add_population(name, self.celltype.axon_model, self.size,
                                            params=params, state=state)
        except ValueError as err:
            raise errors.InvalidParameterValueError(
                "Population '%s': %s" % (self.label, err)) from err
        if "spike_times" in self._parameters:
            self._axon.spike_times = [self._grid_times(i) for i in range(self.size)]

    def _after_reset(self):
        """PyNN's initial values are the state after reset(), also those
        given to initialize() during a run (axon returns to the state at
        the first run's start)."""
        state = self.celltype.axon_state(self._initial)
        if state:
            self._axon.set_state(**{k: _homogeneous(v) for k, v in state.items()})

    def _current_values(self, variable):
        """A state variable's values now (its initial values before the
        network exists)."""
        if self._axon is not None:
            return np.asarray(self._axon.get(variable), dtype=float)
        if variable in self._initial:
            return self._initial[variable]
        return np.full(self.size, np.nan)

    def _closed(self):
        self._axon = None
