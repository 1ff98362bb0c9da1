"""axon.fit.Evaluator's Python scores and input scale (docs/fitting.md,
"Whole generations as one run"): a callable score sees each candidate's
trains, voltage and parameters and its value is the candidate's score; it
can stop candidates early with a lower bound; its exceptions come back with
their traceback and a NaN is refused; an Objective scores as the library's
objective calls; the built-in "gamma" is 1 - Gamma of axon.fit.gamma_coincidence;
"input_scale" is bit for bit the protocol's current scaled."""
import traceback

import numpy as np
import pytest

import axon
import axon.fit as fit

CAND = np.array([[0.02, 8.0], [0.02, 2.0], [0.1, 2.0], [0.03, 6.0], [0.05, 0.5]])


def protocols():
    return [fit.Protocol(400.0, amplitude=0.01, onset=50.0, duration=300.0),
            fit.Protocol(300.0, amplitude=0.015, onset=20.0, duration=200.0)]


def evaluator(record=0.0, free=("a", "d"), prots=None):
    return fit.Evaluator("Izhikevich", {"b": 0.2, "c": -65.0}, free=list(free), protocols=prots or protocols(),
                         max_candidates=8, threads=2, record=record)


def target():
    return evaluator().evaluate([[0.02, 4.0]])["trains"][0]


def test_gamma_score_is_one_minus_gamma_coincidence():
    # Reference: axon.fit.gamma_coincidence (ax_objective_gamma, itself checked against Jolivet's eq. 1 with
    # scipy's bipartite matching in test_fit_objectives.py) per protocol over [0, run], mean of 1 - Gamma,
    # plus count_weight |n - N|; tolerance 1e-12 (the same kernel; the sums in another order).
    tg, ev = target(), evaluator()
    r = ev.evaluate(CAND, score="gamma", target=tg, delta=3.0, count_weight=0.1)
    for c in range(len(CAND)):
        terms = [1 - fit.gamma_coincidence(tg[p], r["trains"][c][p], 3.0, t_start=0.0, t_stop=pr.run)
                 + 0.1 * abs(len(tg[p]) - len(r["trains"][c][p])) * len(protocols())
                 for p, pr in enumerate(protocols())]
        assert r["scores"][c] == pytest.approx(np.mean(terms), abs=1e-12)
    assert r["scores"][0] > 0.05 and r["scores"].min() < r["scores"].max()   # not all the same


def test_a_callable_score_sees_each_candidate_and_gives_its_score():
    seen = []

    def score(c):
        assert c.final and c.t_ms == 400.0
        assert c.params == {"a": CAND[c.index][0], "d": CAND[c.index][1]}
        assert len(c.trains) == 2 and len(c.v) == 2 and len(c.v[0]) == 400 and len(c.v[1]) == 300
        seen.append(c.index)
        return float(len(c.trains[0])) + 1000.0 * c.v[1][-1]

    ev = evaluator(record=1.0)
    r = ev.evaluate(CAND, score=score)
    assert sorted(seen) == list(range(len(CAND)))
    expect = [len(r["trains"][c][0]) + 1000.0 * r["v"][c][1][-1] for c in range(len(CAND))]
    assert np.array_equal(r["scores"], expect)   # exact: the callable's own floats


def test_a_callable_gives_the_built_in_score():
    # SPIKE-distance by the analysis library, called from Python, equals the built-in computed in C.
    tg = target()

    def spike_distance(c):
        d = [axon.analysis.spike_distance(tg[p], c.trains[p], t_start=0.0, t_stop=pr.run)
             for p, pr in enumerate(protocols())]
        return float(np.mean(d))

    ev = evaluator()
    built_in = ev.evaluate(CAND, score="spike_distance", target=tg)["scores"]
    mine = ev.evaluate(CAND, score=spike_distance)["scores"]
    assert np.allclose(mine, built_in, rtol=0, atol=1e-12)


def test_a_lower_bound_during_the_run_stops_candidates_and_leaves_the_others():
    calls = {"partial": 0}

    def count(c):   # spikes under protocol 0: during the run, the spikes so far are a lower bound
        if not c.final:
            calls["partial"] += 1
        return float(len(c.trains[0]))

    ev = evaluator()
    full = ev.evaluate(CAND, score=count)
    stopped = ev.evaluate(CAND, score=count, chunk=50.0, stop_above=np.median(full["scores"]))
    assert calls["partial"] > 0
    kept = np.isnan(stopped["retired_ms"])
    assert 0 < kept.sum() < len(CAND)
    assert np.array_equal(stopped["scores"][kept], full["scores"][kept])
    assert np.all(stopped["scores"][~kept] <= full["scores"][~kept])


def test_an_exception_in_the_score_propagates_with_its_traceback():
    def broken_score(c):
        if c.index == 2:
            raise KeyError("no such feature")
        return 0.0

    with pytest.raises(KeyError, match="no such feature") as e:
        evaluator().evaluate(CAND, score=broken_score)
    assert "broken_score" in "".join(traceback.format_tb(e.value.__traceback__))


def test_nan_and_non_numbers_are_refused():
    with pytest.raises(axon.NumericError, match="the score of candidate 0 is NaN"):
        evaluator().evaluate(CAND, score=lambda c: float("nan"))
    with pytest.raises(TypeError):
        evaluator().evaluate(CAND, score=lambda c: "low")
    with pytest.raises(axon.ArgumentError, match="score = 'gama' is not allowed"):
        evaluator().evaluate(CAND, score="gama", target=target())


def test_an_objective_scores_as_the_library_objective():
    # Objective (ax_objective) terms, one condition per protocol, weights 1/P: the built-in gamma score.
    tg = target()
    obj = fit.Objective(n_conditions=2)
    for p, pr in enumerate(protocols()):
        obj.add_gamma([tg[p]], delta_ms=4.0, condition=p, weight=0.5, t_start=0.0, t_stop=pr.run)
    ev = evaluator()
    a = ev.evaluate(CAND, score=obj)["scores"]
    b = ev.evaluate(CAND, score="gamma", target=tg, delta=4.0)["scores"]
    assert np.allclose(a, b, rtol=0, atol=1e-14)
    trace = fit.Objective(n_conditions=2)
    trace.add_trace(np.zeros(400), dt_ms=1.0)
    with pytest.raises(axon.ArgumentError, match="needs a voltage trace"):   # before anything runs
        ev.evaluate(CAND, score=trace)
    with pytest.raises(axon.ArgumentError, match="one condition per protocol"):
        ev.evaluate(CAND, score=fit.Objective(n_conditions=3))


def test_input_scale_is_the_protocols_current_scaled_bit_for_bit():
    # Reference: an evaluator without the scale whose protocols carry s times the amplitude and the trace.
    ramp = np.linspace(0.0, 1.0, 2500, endpoint=False)
    base = [fit.Protocol(400.0, amplitude=1.0, onset=50.0, duration=300.0), fit.Protocol(300.0, trace=ramp)]
    ev = evaluator(record=0.5, free=("a", "input_scale", "d"), prots=base)
    rows = [[0.02, 0.01, 8.0], [0.1, 0.017, 2.0], [0.02, 0.0, 8.0], [0.03, 0.025, 6.0]]
    r = ev.evaluate(rows)
    total = 0
    for c, (a, s, d) in enumerate(rows):
        scaled = [fit.Protocol(400.0, amplitude=s * 1.0, onset=50.0, duration=300.0),
                  fit.Protocol(300.0, trace=s * ramp)]
        ref = evaluator(record=0.5, prots=scaled).evaluate([[a, d]])
        for p in range(2):
            assert np.array_equal(r["trains"][c][p], ref["trains"][0][p])
            assert np.array_equal(r["v"][c][p], ref["v"][0][p])
            total += len(ref["trains"][0][p])
    assert total > 30
    with pytest.raises(axon.ArgumentError, match="input_scale = -1 is not allowed"):
        ev.evaluate([[0.02, -1.0, 8.0]])
