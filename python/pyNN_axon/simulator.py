"""The state of a pyNN.axon simulation: the clock, the Python model of the
network, and the axon.Network made from it.

PyNN needs connections to exist as soon as a Projection is made, but an
axon network cannot gain populations or projections once it is built.  So
the network lives in Python (populations with their parameters and initial
values, projections as arrays of synapses, current sources, recorders) and
the axon.Network is made from it at the first run.  After that, parameter,
weight and delay changes go to both.  A structural change after the first
run closes the axon.Network, and the next run makes a new one - allowed only
at t = 0 (the start, or after reset()), where a new network loses nothing.
"""
import logging
import re

import numpy as np

import axon
from pyNN import common, errors

name = "axon"
logger = logging.getLogger("PyNN")


class ID(int, common.IDMixin):
    """A neuron's global id (PyNN's), unique within the simulation."""

    def __init__(self, n):
        int.__init__(n)
        common.IDMixin.__init__(self)


def axon_name(label, serial):
    """A population name axon accepts (letters, digits, '_', '-', '.'),
    unique through its serial number, recognisable from the PyNN label."""
    clean = re.sub(r"[^A-Za-z0-9_.-]", "_", str(label or "population"))[:48]
    return "%s.%d" % (clean, serial)


def equation_models(populations):
    """The models written as equations (pyNN.axon.equation_cell_type) that
    the populations use: name -> the arguments of define_equations."""
    models = {}
    for pop in populations:
        equations = pop.celltype.axon_equations
        if equations is not None and models.setdefault(pop.celltype.axon_model, equations) != equations:
            raise errors.InvalidModelError(
                "two different models written as equations are named '%s': give each its own name"
                % pop.celltype.axon_model)
    return models


class StructureError(errors.ConnectionError):
    """A change of the network's structure that axon cannot make now."""


class State(common.control.BaseState):
    """What PyNN's common code calls `simulator.state`, and the network."""

    def __init__(self):
        common.control.BaseState.__init__(self)
        self.mpi_rank = 0
        self.num_processes = 1
        self.dt = 0.1
        self.net = None
        self.clear()

    # -- setup and teardown ---------------------------------------------
    def clear(self):
        """Forget the whole network (setup() and end() call this)."""
        self.close_network()
        self.populations = []
        self.projections = []
        self.current_sources = []
        self.recorders = set()
        self.write_on_end = []
        self.id_counter = 0
        self.segment_counter = -1
        self.seed = 1
        self.threads = 1
        self.spike_precision = "on_grid"
        self._min_delay = "auto"
        self.max_delay = "auto"
        self.warned = set()
        self.running = False
        self.t_start = 0
        self.segment_counter += 1

    def close_network(self):
        """Close the axon network; the next run makes a new one."""
        if self.net is not None:
            self.net.close()
            for thing in self.populations + self.projections + self.current_sources + list(self.recorders):
                thing._closed()
        self.net = None

    # -- the clock ---------------------------------------------------------
    @property
    def steps(self):
        """Steps simulated since t = 0."""
        return int(round(self.net.time / self.dt)) if self.net is not None else 0

    def time_of(self, steps):
        """steps * dt as the decimal number it stands for: dividing by the
        steps per ms when dt is 1/integer gives 12.7, not 12.700000000000001."""
        per_ms = 1.0 / self.dt
        if abs(per_ms - round(per_ms)) < 1e-9:
            return steps / round(per_ms)
        return steps * self.dt

    @property
    def t(self):
        return self.time_of(self.steps)

    @property
    def min_delay(self):
        """The set min_delay, or with 'auto' the smallest delay of any
        synapse (dt if there is none)."""
        if self._min_delay != "auto":
            return self._min_delay
        delays = [p._smallest_delay() for p in self.projections]
        delays = [d for d in delays if d is not None]
        return min(delays) if delays else self.dt

    @min_delay.setter
    def min_delay(self, value):
        self._min_delay = value

    # -- structure -------------------------------------------------------
    def check_can_change_structure(self, what):
        """New populations, projections or synapse dynamics need a new axon
        network, which only t = 0 allows."""
        if self.net is not None and self.steps > 0:
            raise StructureError(
                "pyNN.axon cannot %s once the simulation has started (t = %g ms): "
                "the axon network is fixed after its first run. Create it before the "
                "first run(), or call reset() first." % (what, self.t))
        self.close_network()

    def build(self):
        """Make the axon.Network from the Python model (again, at t = 0)."""
        self.close_network()
        net = axon.Network(dt=self.dt, seed=self.seed, threads=self.threads)
        try:
            for model, equations in equation_models(self.populations).items():
                net.define_equations(model, **equations)
            for serial, pop in enumerate(self.populations):
                pop._build(net, axon_name(pop.label, serial))
            for prj in self.projections:
                prj._build(net)
            net.build()
            for prj in self.projections:
                prj._built(net)
        except axon.ArgumentError as err:
            net.close()
            raise errors.ConnectionError("axon could not build the network: %s" % err) from err
        except BaseException:
            net.close()
            raise
        self.net = net
        for source in self.current_sources:
            source._build(net)
        for recorder in self.recorders:
            recorder._build(net)

    # -- running -------------------------------------------------------------
    def run(self, simtime):
        self.run_until(self.t + simtime)

    def run_until(self, tstop):
        if not np.isfinite(tstop):
            raise ValueError("run until %r ms: the time must be a finite number" % (tstop,))
        if self.net is None:
            self.build()
        steps = int(round(tstop / self.dt)) - self.steps
        for recorder in self.recorders:
            recorder._before_run()
        for source in self.current_sources:
            source._before_run(self.steps, self.steps + max(steps, 0))
        self.running = True
        if steps <= 0:
            return
        try:
            self.net.run(steps * self.dt)
        except axon.ArgumentError as err:
            # what the library checks before it starts: relations between parameters
            raise errors.InvalidParameterValueError("axon cannot run the network: %s" % err) from err
        finally:
            self._log_warnings()

    def _log_warnings(self):
        """axon collects suspicious settings (a weight of the wrong sign, a
        population firing on every step); PyNN users see them as log
        warnings, each once."""
        for w in self.net.warnings:
            msg = w.get("message", str(w))
            if msg not in self.warned:
                self.warned.add(msg)
                logger.warning("axon: %s", msg)

    def reset(self):
        """Back to t = 0 (PyNN's reset): same connectivity, initial state."""
        if self.net is not None:
            for prj in self.projections:
                prj._before_reset()
            if any(s._changed_while_running for s in self.current_sources):
                # an electrode changed during the run: its axon inputs hold
                # the history of the change, which must not replay
                self.close_network()
            else:
                self.net.reset()
                for pop in self.populations:
                    pop._after_reset()
        for recorder in self.recorders:
            recorder._after_reset()
        self.running = False
        self.t_start = 0
        self.segment_counter += 1


state = State()
