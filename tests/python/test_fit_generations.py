"""axon.fit.Evaluator: whole generations as one run (docs/fitting.md).

Bit-identity with each candidate run alone through axon.Network, thread
independence, early stopping that leaves the others' scores alone, the
current search, and bad input raising axon's errors with the library's
message."""
import math

import numpy as np
import pytest

import axon
import axon.fit

BASE = {"b": 0.2, "c": -65.0}
CAND = np.array([[0.02, 8.0], [0.02, 2.0], [0.1, 2.0], [0.03, 6.0], [0.05, 0.5]])
RAMP = np.linspace(0.0, 0.02, 3000, endpoint=False)


def protocols():
    return [axon.fit.Protocol(400.0, amplitude=0.01, onset=50.0, duration=300.0),
            axon.fit.Protocol(350.0, trace=RAMP)]


def evaluator(threads=1, record=0.0):
    return axon.fit.Evaluator("Izhikevich", BASE, free=["a", "d"], protocols=protocols(), max_candidates=8,
                              dt=0.1, threads=threads, record=record)


def alone(params, protocol):
    """The candidate as one neuron of its own network, the same inputs."""
    net = axon.Network(dt=0.1, seed=1, threads=1)
    pop = net.add_population("alone", "Izhikevich", 1, params=dict(BASE, a=params[0], d=params[1]))
    if protocol.amplitude:
        stop = protocol.onset + protocol.duration
        pop.add_input(axon.DC(protocol.amplitude, start=protocol.onset, stop=stop if stop < protocol.run else 0.0))
    if protocol.trace is not None:
        times = np.arange(protocol.trace.size + 1) * 0.1
        pop.add_input(axon.Step(times, np.append(protocol.trace, 0.0)))
    spikes = pop.record("spikes")
    v = pop.record("v", interval=1.0)
    net.run(protocol.run)
    return np.array(spikes.spikes[0]), np.array(v.values)[:, 0]


def test_each_candidate_equals_the_neuron_alone_bit_for_bit():
    # tolerance: none - the same arithmetic on the same numbers
    r = evaluator(threads=2, record=1.0).evaluate(CAND)
    assert sum(len(t) for c in r["trains"] for t in c) > 20, "the candidates fire"
    for c, params in enumerate(CAND):
        for p, protocol in enumerate(protocols()):
            spikes, v = alone(params, protocol)
            np.testing.assert_array_equal(r["trains"][c][p], spikes)
            np.testing.assert_array_equal(r["v"][c][p], v)


def test_thread_count_and_early_stopping_change_no_kept_score():
    target = evaluator().evaluate(CAND[:1])["trains"][0]
    full = [evaluator(threads=t).evaluate(CAND, score="spike_distance", target=target, count_weight=1.0, chunk=25.0)
            for t in (1, 2)]
    # tolerance: none (runs are bit-identical for any thread count)
    np.testing.assert_array_equal(full[0]["scores"], full[1]["scores"])
    assert full[0]["scores"][0] == 0.0
    stopped = evaluator(threads=2).evaluate(CAND, score="spike_distance", target=target, count_weight=1.0,
                                            chunk=25.0, stop_above=3.0)
    kept = np.isnan(stopped["retired_ms"])
    assert 0 < kept.sum() < len(CAND)
    np.testing.assert_array_equal(stopped["scores"][kept], full[0]["scores"][kept])
    # a retired candidate's score is a lower bound of its score without stopping, above the limit
    assert np.all(stopped["scores"][~kept] > 3.0)
    assert np.all(stopped["scores"][~kept] <= full[0]["scores"][~kept])


def test_spike_count_score_by_hand():
    ev = evaluator()
    target = [np.array([100.0, 200.0, 300.0]), np.array([])]
    r = ev.evaluate(CAND, score="spike_count", target=target)
    by_hand = [abs(len(r["trains"][c][0]) - 3) + len(r["trains"][c][1]) for c in range(len(CAND))]
    np.testing.assert_array_equal(r["scores"], by_hand)


def test_current_search_gives_exactly_the_target_counts():
    # SpikeNetOpt's test with a current from t = 0 (docs/fitting.md: counts 11 - 20 are reachable)
    ev = axon.fit.Evaluator("Izhikevich", {"a": 0.02, "b": 0.2, "c": -65.0, "d": 8.0}, free=["i_offset"],
                            protocols=[axon.fit.Protocol(2000.0)], max_candidates=48, threads=2)
    counts = [12, 16, 19]
    values, found, achieved = ev.current_search(counts, "i_offset", 0.0, 0.003, rounds=30)
    assert found == [True, True, True]
    np.testing.assert_array_equal(achieved, counts)
    r = ev.evaluate(values.reshape(-1, 1))
    assert [len(c[0]) for c in r["trains"]] == counts


def test_bad_input_names_what_is_wrong():
    with pytest.raises(axon.NotFoundError, match="free\\[1\\] = 'tau_m' is not a parameter of model Izhikevich"):
        axon.fit.Evaluator("Izhikevich", free=["a", "tau_m"], protocols=[axon.fit.Protocol(100.0)])
    with pytest.raises(axon.ArgumentError, match="the longest run allowed is max_run_ms = 50"):
        axon.fit.Evaluator("Izhikevich", free=["a"], protocols=[axon.fit.Protocol(100.0)], max_run=50.0)
    ev = evaluator()
    with pytest.raises(axon.ArgumentError, match="n = 0 candidates"):
        ev.evaluate(np.zeros((0, 2)))
    with pytest.raises(axon.ArgumentError, match="candidate 1: d = nan"):
        ev.evaluate([[0.02, 8.0], [0.02, math.nan]])
    with pytest.raises(axon.ArgumentError, match="2 columns|columns"):
        ev.evaluate([[0.02, 8.0, 1.0]])
    with pytest.raises(axon.ArgumentError, match="a score needs a target"):
        ev.evaluate(CAND, score="spike_count")
    # the evaluator still works afterwards
    assert len(ev.evaluate(CAND[:2])["trains"]) == 2
