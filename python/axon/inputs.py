"""Inputs: currents and Poisson drives given to a population with
``pop.add_input(spec, neurons=None)``.

Currents are in nA, constant over each step (AC is sampled at the step's
middle); times in ms, rounded to the dt grid; an input is active from
``start`` until ``stop`` (0: until the end).  The library checks the values
when the input is added, with messages naming the field.
"""
import numpy as np

from . import _axon
from ._check import number


class InputSpec:
    """Base class: ``_axon_input`` is the dict of ax_input_spec fields the C
    extension reads."""

    __slots__ = ("_axon_input",)

    def _set(self, kind, **fields):
        name = type(self).__name__
        spec = {"kind": kind}
        for key, value in fields.items():
            spec[key] = value if key in ("receptor", "times", "amplitudes") else number(name, key, value)
        object.__setattr__(self, "_axon_input", spec)

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __getattr__(self, name):
        spec = object.__getattribute__(self, "_axon_input")
        if name in spec and name != "kind":
            return spec[name]
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self._axon_input.items() if k != "kind")
        return f"axon.{type(self).__name__}({args})"


class DC(InputSpec):
    """A constant current (nA)."""

    __slots__ = ()

    def __init__(self, amplitude, start=0.0, stop=0.0):
        self._set(_axon.INPUT_DC, amplitude=amplitude, start=start, stop=stop)


class Step(InputSpec):
    """A current that changes to amplitudes[k] (nA) at times[k] (ms, increasing)
    and holds until the next change."""

    __slots__ = ()

    def __init__(self, times, amplitudes, start=0.0, stop=0.0):
        t = _floats("Step", "times", times)
        a = _floats("Step", "amplitudes", amplitudes)
        if len(t) != len(a):
            from .errors import ArgumentError

            raise ArgumentError(f"Step: times has {len(t)} entries and amplitudes {len(a)}: "
                                "they must have the same length (one amplitude per time)")
        self._set(_axon.INPUT_STEP, times=t, amplitudes=a, start=start, stop=stop)


class AC(InputSpec):
    """offset + amplitude sin(2 pi frequency t + phase): nA, Hz, degrees."""

    __slots__ = ()

    def __init__(self, amplitude, frequency, offset=0.0, phase=0.0, start=0.0, stop=0.0):
        self._set(_axon.INPUT_AC, amplitude=amplitude, frequency=frequency, offset=offset, phase=phase,
                  start=start, stop=stop)


class Noise(InputSpec):
    """mean + std N(0, 1) nA, a new draw per neuron every `interval` ms (0: dt)."""

    __slots__ = ()

    def __init__(self, mean, std, interval=0.0, start=0.0, stop=0.0):
        self._set(_axon.INPUT_NOISE, mean=mean, std=std, interval=interval, start=start, stop=stop)


class PoissonInput(InputSpec):
    """Poisson(sources x rate x dt) events per neuron and step, each of `weight`
    onto `receptor`, without stored synapses."""

    __slots__ = ()

    def __init__(self, rate, weight, receptor="excitatory", sources=1, start=0.0, stop=0.0):
        if not isinstance(receptor, str):
            raise TypeError(f"PoissonInput: receptor must be a str, not {type(receptor).__name__}")
        self._set(_axon.INPUT_POISSON, rate=rate, weight=weight, receptor=receptor, sources=sources,
                  start=start, stop=stop)


def _floats(owner, name, values):
    """A read-only C-ordered float64 copy of a 1-D sequence of numbers."""
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{owner}: {name} must be a sequence of numbers, not {type(values).__name__}")
    try:
        a = np.array(values, dtype=np.float64, order="C", ndmin=1)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{owner}: {name} must be a sequence of numbers ({e})") from None
    if a.ndim != 1:
        from .errors import ArgumentError

        raise ArgumentError(f"{owner}: {name} has shape {a.shape}: a 1-D sequence is allowed")
    a.flags.writeable = False
    return a


__all__ = ["InputSpec", "DC", "Step", "AC", "Noise", "PoissonInput"]
