"""pyNN.axon: the PyNN 0.10 API on the axon simulator.

    import pyNN.axon as sim
    sim.setup(timestep=0.1, rng_seed=42, threads=1)

setup()'s own arguments: `rng_seed` (axon's seed: Poisson and gamma
sources, noise currents, NativeRNG) and `threads` (axon's threads, 1 by
default; 0 means one per core).  Results do not depend on the thread count.
`spike_precision="off_grid"`: SpikeSourceArray spikes are recorded at the
times given (delivered from the end of the step containing them); neuron
spikes stay on the grid (docs/pynn.md).
"""
import logging

from pyNN import common
from pyNN.common.control import DEFAULT_MAX_DELAY, DEFAULT_MIN_DELAY, DEFAULT_TIMESTEP
from pyNN.connectors import *   # noqa: F401,F403 - PyNN's generic connectors
from pyNN.recording import get_io
from pyNN.standardmodels import StandardCellType
from pyNN import space   # noqa: F401

from . import simulator
from .cells import (IF_curr_alpha, IF_curr_exp, IF_curr_delta, IF_cond_alpha, IF_cond_exp,  # noqa: F401
                    EIF_cond_alpha_isfa_ista, EIF_cond_exp_isfa_ista, HH_cond_exp, Izhikevich,
                    SpikeSourcePoisson, SpikeSourceGamma, SpikeSourcePoissonRefractory, SpikeSourceArray,
                    native_cell_type, equation_cell_type)
from .synapses import (StaticSynapse, ElectricalSynapse, TsodyksMarkramSynapse, SimpleStochasticSynapse,  # noqa: F401
                       STDPMechanism,
                       AdditiveWeightDependence, MultiplicativeWeightDependence,
                       AdditivePotentiationMultiplicativeDepression, GutigWeightDependence,
                       SpikePairRule, Vogels2011Rule)
from .electrodes import DCSource, ACSource, StepCurrentSource, NoisyCurrentSource  # noqa: F401
from .populations import Population, PopulationView, Assembly
from .projections import Projection
from .random import NativeRNG  # noqa: F401
from pyNN.random import NumpyRNG, GSLRNG, RandomDistribution  # noqa: F401

logger = logging.getLogger("PyNN")


def list_standard_models():
    """The StandardCellType classes pyNN.axon provides."""
    return [obj.__name__ for obj in globals().values()
            if isinstance(obj, type) and issubclass(obj, StandardCellType)]


def setup(timestep=DEFAULT_TIMESTEP, min_delay=DEFAULT_MIN_DELAY, **extra_params):
    """Start a new simulation (forgetting any earlier network)."""
    max_delay = extra_params.get("max_delay", DEFAULT_MAX_DELAY)
    common.setup(timestep, min_delay, **extra_params)
    if not timestep > 0:
        raise ValueError("timestep must be > 0 ms, got %r" % (timestep,))
    precision = extra_params.get("spike_precision", "on_grid")
    if precision not in ("on_grid", "off_grid"):
        raise ValueError("spike_precision must be 'on_grid' or 'off_grid', got %r" % (precision,))
    state = simulator.state
    state.clear()
    state.dt = float(timestep)
    state.min_delay = min_delay
    state.max_delay = max_delay
    state.seed = int(extra_params.get("rng_seed", 1))
    state.threads = int(extra_params.get("threads", 1))
    state.spike_precision = precision
    return rank()


def end(compatible_output=True):
    """Write the data that record(..., filename) asked for; the network's
    recordings stay readable (PyNN scripts call get_data() after end())."""
    for population, variables, filename in simulator.state.write_on_end:
        population.write_data(get_io(filename), variables)
    simulator.state.write_on_end = []


run, run_until = common.build_run(simulator)
run_for = run

reset = common.build_reset(simulator)

initialize = common.initialize

get_current_time, get_time_step, get_min_delay, get_max_delay, \
    num_processes, rank = common.build_state_queries(simulator)

create = common.build_create(Population)

connect = common.build_connect(Projection, FixedProbabilityConnector, StaticSynapse)  # noqa: F405

record = common.build_record(simulator)


def record_v(source, filename):
    return record(["v"], source, filename)


def record_gsyn(source, filename):
    return record(["gsyn_exc", "gsyn_inh"], source, filename)
