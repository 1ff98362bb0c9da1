"""Projection of pyNN.axon.

PyNN's connectors (pyNN.connectors, the generic implementations) call
_convergent_connect once per target; the synapses are kept as arrays
(presynaptic index, postsynaptic index and one array per native parameter,
in creation order), which is what get()/set() read and write before the
network exists.  At the build every group of synapses between one pair of
axon populations with one set of rule parameters becomes an axon projection
(connector FromList, one weight and delay per synapse); the synapses of a
part are handed to axon sorted by (source, target), the order axon reads
them back in, and `order` maps them to the arrays.
"""
import numpy as np

import axon
from pyNN import common, errors
from pyNN.random import RandomDistribution
from pyNN.space import Space

from . import simulator
from .members import members
from .synapses import StaticSynapse

MAX_PARTS = 1000   # distinct (population pair, rule parameters) groups of one projection


class Connection(common.Connection):
    """One synapse of a projection (PyNN's fine-grained interface)."""

    def __init__(self, projection, index):
        self.projection = projection
        self.index = index

    @property
    def presynaptic_index(self):
        return int(self.projection._syn["pre"][self.index])

    @property
    def postsynaptic_index(self):
        return int(self.projection._syn["post"][self.index])

    def _get(self, name):
        return float(self.projection._column(name)[self.index])

    def _set(self, name, value):
        self.projection._set_values(name, np.array([self.index]), np.array([value], dtype=float))

    weight = property(lambda self: self._get("weight"), lambda self, w: self._set("weight", w))
    delay = property(lambda self: self._get("delay"), lambda self, d: self._set("delay", d))

    def __getattr__(self, name):
        if name in ("projection", "index"):
            raise AttributeError(name)
        if name in self.projection._syn:
            return self._get(name)
        raise AttributeError(name)

    def as_tuple(self, *attribute_names):
        return tuple(getattr(self, name) for name in attribute_names)


class Part(object):
    """One axon projection holding some of a PyNN projection's synapses."""

    def __init__(self, handle, order, plastic):
        self.handle = handle
        self.order = order       # positions in the projection's arrays, in axon's order
        self.plastic = plastic


class Projection(common.Projection):
    __doc__ = common.Projection.__doc__
    _simulator = simulator
    _static_synapse_class = StaticSynapse

    def __init__(self, presynaptic_population, postsynaptic_population, connector, synapse_type=None,
                 source=None, receptor_type=None, space=Space(), label=None):
        simulator.state.check_can_change_structure("add a Projection")
        if getattr(synapse_type, "gap", False) and receptor_type in (None, "default"):
            receptor_type = "source_section.gap"
        common.Projection.__init__(self, presynaptic_population, postsynaptic_population, connector,
                                   synapse_type, source, receptor_type, space, label)
        if not hasattr(self.synapse_type, "axon_plasticity"):
            raise errors.InvalidModelError("pyNN.axon runs only its own synapse types (StaticSynapse, "
                                           "TsodyksMarkramSynapse, SimpleStochasticSynapse, STDPMechanism), not %r" % self.synapse_type)
        self._gap = getattr(self.synapse_type, "gap", False)
        if self._gap != self.receptor_type.endswith("gap"):
            raise errors.ConnectionError(
                "projection %s: gap junctions take ElectricalSynapse and receptor_type 'source_section.gap', "
                "other synapses another receptor type (got %s onto '%s')"
                % (self.label, type(self.synapse_type).__name__, self.receptor_type))
        self._chunks = []
        # one array per synapse attribute, empty until the connector adds synapses
        self._syn = {name: np.zeros(0) for name in self.synapse_type.get_parameter_names()
                     if name != "dendritic_delay_fraction"}
        self._syn.update(pre=np.zeros(0, np.int32), post=np.zeros(0, np.int32))
        self._parts = []
        self._built_weights = None
        self._read_step = -1
        connector.connect(self)
        self._gather()
        simulator.state.projections.append(self)

    def __len__(self):
        self._gather()
        return int(self._syn["pre"].size)

    @property
    def connections(self):
        return (Connection(self, i) for i in range(len(self)))

    def __getitem__(self, i):
        if not -len(self) <= i < len(self):
            raise IndexError("projection %s has %d connections" % (self.label, len(self)))
        return Connection(self, i % len(self))

    # -- making the synapses -------------------------------------------------------
    def _convergent_connect(self, presynaptic_indices, postsynaptic_index, **connection_parameters):
        pre = np.asarray(presynaptic_indices, dtype=int).ravel()
        connection_parameters.pop("dendritic_delay_fraction", None)
        values = {name: np.broadcast_to(np.asarray(v, dtype=float), pre.shape)
                  for name, v in connection_parameters.items()}
        self._chunks.append((pre, int(postsynaptic_index), values))

    def _gather(self):
        """The synapses made so far as one set of arrays."""
        if not self._chunks:
            return
        chunks, self._chunks = self._chunks, []
        pre = np.concatenate([c[0] for c in chunks]).astype(np.int32)
        post = np.concatenate([np.full(c[0].size, c[1], dtype=np.int32) for c in chunks])
        new = {"pre": pre, "post": post}
        for name in chunks[0][2]:
            new[name] = np.concatenate([c[2][name] for c in chunks])
        if "delay" in new:      # gap junctions have none
            new["delay"] = self._grid_delays(new["delay"])
        old = self._syn
        self._syn = {k: np.concatenate([old[k], new[k]]) if k in old else new[k] for k in new}

    def _grid_delays(self, delays):
        """Delays on the dt grid (axon rounds them so); a value that is on the
        grid already is kept as given (3.5, not 35 * 0.1)."""
        dt = simulator.state.dt
        delays = np.asarray(delays, dtype=float)
        steps = np.rint(delays / dt)
        grid = np.where(np.abs(delays - steps * dt) <= 1e-9 * np.maximum(1.0, np.abs(delays)),
                        delays, simulator.state.time_of(steps))
        if grid.size and (not np.all(np.isfinite(grid)) or grid.min() < dt * (1 - 1e-9)):
            bad = delays[~np.isfinite(grid) | (grid < dt * (1 - 1e-9))][0]
            raise errors.ConnectionError("projection %s: delay %g ms is below the time step %g ms"
                                         % (self.label, bad, dt))
        return grid

    def _smallest_delay(self):
        self._gather()
        d = self._syn.get("delay")
        return float(d.min()) if d is not None and d.size else None

    # -- reading and writing values -------------------------------------------------
    def _column(self, name):
        """One value per synapse: plastic weights as they are now."""
        self._gather()
        if name == "weight":
            self._read_plastic_weights()
        if name == "dendritic_delay_fraction":
            return np.full(len(self), float(getattr(self.synapse_type, "dendritic_delay_fraction", 1.0)))
        if name not in self._syn:
            raise errors.NonExistentParameterError(name, type(self.synapse_type).__name__,
                                                   self.synapse_type.get_parameter_names())
        return self._syn[name]

    def _read_plastic_weights(self):
        state = simulator.state
        if not self._parts or state.net is None or self._read_step == state.steps:
            return
        if state.steps > 0:
            w = self._syn["weight"]
            for part in self._parts:
                if part.plastic:
                    w[part.order] = np.asarray(part.handle.weights)
        self._read_step = state.steps

    def _set_values(self, name, which, values):
        """Set `name` for the synapses `which` (positions), here and in axon."""
        self._gather()
        self._column(name)
        if name == "delay":
            values = self._grid_delays(values)
        if name in ("weight", "delay"):
            column = self._syn[name].copy()
            column[which] = values
            for part in list(self._parts):
                try:
                    setattr(part.handle, name + "s", column[part.order])
                except ValueError as err:
                    raise errors.InvalidParameterValueError(
                        "projection %s: %s: %s" % (self.label, name, err)) from err
            self._syn[name] = column
            if name == "weight" and self._parts:
                # axon's reset returns plastic weights to the ones last set
                self._built_weights = column.copy()
        else:
            column = self._syn[name]
            if np.array_equal(column[which], values):
                return
            simulator.state.check_can_change_structure("change the synapse parameter '%s'" % name)
            column = column.copy()
            column[which] = values
            self._syn[name] = column

    def _set_attributes(self, parameter_space):
        self._gather()
        pre, post = self._syn["pre"], self._syn["post"]
        everything = np.arange(pre.size)
        for name, larr in parameter_space.items():
            if larr.is_homogeneous:
                values = np.full(pre.size, float(larr.evaluate(simplify=True)))
            elif callable(larr.base_value) and not isinstance(larr.base_value, RandomDistribution):
                # a function of (i, j) or of distance: one column (target) at a time
                values = np.empty(pre.size)
                for j in np.unique(post):
                    here = post == j
                    values[here] = np.asarray(larr[:, int(j)], dtype=float).ravel()[pre[here]]
            else:
                # arrays, and random values drawn for the whole matrix as PyNN does
                values = np.asarray(larr.evaluate(), dtype=float)[pre, post]
            self._set_values(name, everything, values)

    def _get_attributes_as_list(self, names):
        self._gather()
        columns = []
        for name in names:
            if name == "presynaptic_index":
                columns.append(self._syn["pre"].tolist())
            elif name == "postsynaptic_index":
                columns.append(self._syn["post"].tolist())
            else:
                columns.append(self._column(name).tolist())
        return list(zip(*columns))

    def _get_attributes_as_arrays(self, names, multiple_synapses="sum"):
        self._gather()
        pre, post = self._syn["pre"], self._syn["post"]
        shape = (self.pre.size, self.post.size)
        exists = np.zeros(shape, bool)
        exists[pre, post] = True
        result = []
        for name in names:
            values = self._column(name)
            if multiple_synapses == "sum":
                array = np.zeros(shape)
                np.add.at(array, (pre, post), values)
            elif multiple_synapses in ("min", "max"):
                array = np.full(shape, np.inf if multiple_synapses == "min" else -np.inf)
                ufunc = np.minimum if multiple_synapses == "min" else np.maximum
                ufunc.at(array, (pre, post), values)
            elif multiple_synapses == "last":
                array = np.zeros(shape)
                array[pre, post] = values
            else:   # first: the last assignment wins, so assign in reverse
                array = np.zeros(shape)
                array[pre[::-1], post[::-1]] = values[::-1]
            array[~exists] = np.nan
            result.append(array)
        return result

    def _set_initial_value_array(self, variable, value):
        """Synapse state (Tsodyks-Markram's u) starts where axon starts it."""
        default = getattr(self.synapse_type, "default_initial_values", {}).get(variable)
        values = np.asarray(value.evaluate(simplify=True) if hasattr(value, "evaluate") else value, dtype=float)
        if default is None or np.any(values != default):
            raise ValueError("pyNN.axon cannot set the initial value of the synapse variable '%s' (%s starts "
                             "it at %s)" % (variable, type(self.synapse_type).__name__, default))

    # -- the axon projections ----------------------------------------------------------
    def _build(self, net):
        self._gather()
        pre_pops, pre_of, pre_index = members(self.pre)
        post_pops, post_of, post_index = members(self.post)
        syn = self._syn
        gp, gq = pre_of[syn["pre"]], post_of[syn["post"]]
        li, lj = pre_index[syn["pre"]], post_index[syn["post"]]
        dynamics = list(self.synapse_type.dynamics)
        columns = [gp, gq] + [syn[name] for name in dynamics]
        if li.size and all(c.min() == c.max() for c in columns):
            # the usual case, without sorting rows: one group
            groups, inverse = np.array([[c[0] for c in columns]]), np.zeros(li.size, int)
        else:
            keys = np.column_stack(columns) if li.size else np.zeros((0, 2))
            groups, inverse = np.unique(keys, axis=0, return_inverse=True)
        if len(groups) > MAX_PARTS:
            raise errors.ConnectionError(
                "projection %s: its synapses have %d different values of %s; pyNN.axon makes one axon "
                "projection per value and allows %d" % (self.label, len(groups), ", ".join(dynamics), MAX_PARTS))
        self._parts = []
        for g, key in enumerate(groups):
            sel = np.nonzero(inverse.ravel() == g)[0]
            order = sel[np.lexsort((lj[sel], li[sel]))]
            pre_pop, post_pop = pre_pops[int(key[0])], post_pops[int(key[1])]
            rule = self.synapse_type.axon_plasticity(dict(zip(dynamics, key[2:])))
            connector = axon.FromList(li[order], lj[order], allow_multiple=True)
            try:
                if self._gap:
                    handle = net.connect_gap(pre_pop._axon, post_pop._axon, connector, syn["weight"][order])
                else:
                    handle = net.connect(pre_pop._axon, post_pop._axon, connector, receptor=self.receptor_type,
                                         weight=syn["weight"][order], delay=syn["delay"][order], plasticity=rule)
            except axon.Error as err:
                raise errors.ConnectionError("projection %s: %s" % (self.label, err)) from err
            self._parts.append(Part(handle, order, rule is not None))
        self._built_weights = syn["weight"].copy()
        self._read_step = 0

    def _built(self, net):
        """axon reads the synapses back in the order they were given."""
        pre_pops, pre_of, pre_index = members(self.pre)
        post_pops, post_of, post_index = members(self.post)
        for part in self._parts:
            sources = pre_index[self._syn["pre"][part.order]]
            targets = post_index[self._syn["post"][part.order]]
            if not (np.array_equal(np.asarray(part.handle.sources), sources)
                    and np.array_equal(np.asarray(part.handle.targets), targets)):
                raise errors.ConnectionError("projection %s: axon holds its synapses in another order than "
                                             "pyNN.axon expects" % self.label)

    def _before_reset(self):
        """axon's reset returns plastic weights to their values at the build
        (or as last set)."""
        if self._built_weights is not None and any(p.plastic for p in self._parts):
            self._syn["weight"] = self._built_weights.copy()
        self._read_step = 0

    def _closed(self):
        self._parts = []
        self._built_weights = None
        self._read_step = -1
