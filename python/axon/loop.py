"""Closed reward loops: a network (the agent), an environment and a reward
stepped together in segments (docs/learning.md, "Closed reward loops";
the C API's ax_loop_*).

    loop = axon.Loop(net, env, segment=100.0,
                     inputs=[("cue_a", axon.PoissonInput(0.0, 8.0)), ("cue_b", axon.PoissonInput(0.0, 8.0))],
                     outputs=["out_a", "out_b"], modulator="dopamine")
    loop.run(200)
    loop.rewards                  # one reward per segment

Each segment k: ``env.observe(k)`` returns one level per input (nA for a
DC input, Hz per source for a PoissonInput; the spec's own amplitude or
rate is not used: levels are 0 until the first observe), the network runs
``segment`` ms, ``env.act(k, counts)`` gets the spike count of every output
neuron in the segment (a uint32 array: the first output's neurons, then the
next output's), and ``env.reward(k, counts)`` returns a number that is
recorded and, when a modulator is named, injected into it as dopamine.
A method the environment lacks is skipped.  An exception raised in one of
them stops ``run`` and propagates with its traceback; the network stays
usable (the failed segment is not in ``rewards``).  While the loop runs,
the callbacks must not call the network (it refuses: StateError).
"""
from . import _axon


class Loop(_axon.Loop):
    """Loop(network, env, segment, inputs=None, outputs=None, modulator=None)

    network   an axon.Network (a ModelFile's ``.network`` too)
    env       an object with any of observe(k) -> levels, act(k, counts),
              reward(k, counts) -> float
    segment   ms, > 0 and a multiple of dt
    inputs    (population, spec) or (population, spec, neurons) tuples: the
              loop adds each input (axon.DC or axon.PoissonInput) to the
              population (a Population or its name)
    outputs   populations (or names) whose spikes are counted per neuron
    modulator a Modulator or its name, or None (rewards only recorded)

    Errors (before anything is added): ArgumentError for a segment that is
    not a multiple of dt or an input kind other than DC and PoissonInput,
    NotFoundError for an unknown population or modulator.

    run(n)        runs n segments
    rewards       the reward of each completed segment (float64 array)
    segments      segments completed
    n_inputs      levels observe returns; n_counts: counts act/reward get
    """

    __slots__ = ()


__all__ = ["Loop"]
