"""Recording in pyNN.axon: the Neo structure PyNN's backends produce (names,
units, annotations, shapes), clearing, sampling intervals, subsets, files."""
import numpy as np
import pytest
import quantities as pq
from neo.io import PickleIO

import pyNN.axon as sim
from pyNN import errors


def driven(n=4, celltype=None):
    cells = sim.Population(n, celltype or sim.IF_cond_exp(i_offset=np.linspace(0.5, 2.0, n)), label="cells")
    return cells


def test_neo_structure():
    sim.setup(timestep=0.1)
    cells = sim.Population(3, sim.EIF_cond_exp_isfa_ista(i_offset=[0.0, 1.0, 2.0]), label="adex")
    cells.record(["spikes", "v", "w", "gsyn_exc"])
    sim.run(50.0)
    block = cells.get_data()
    assert block.name == "adex"
    assert block.annotations["simulator"] == "axon" and block.annotations["size"] == 3
    assert block.annotations["dt"] == 0.1 and block.annotations["first_id"] == int(cells.first_id)
    segment = block.segments[0]
    trains = segment.spiketrains
    # PyNN 0.10 names a train by its neuron's id (channel_id), as for NEST and Brian2
    assert [t.annotations["channel_id"] for t in trains] == [int(i) for i in cells.all_cells]
    assert all(t.t_start == 0 * pq.ms and t.t_stop == 50.0 * pq.ms for t in trains)
    assert len(trains[0]) == 0 and len(trains[2]) > len(trains[1]) > 0
    units = {s.name: str(s.units.dimensionality) for s in segment.analogsignals}
    assert units == {"v": "mV", "w": "nA", "gsyn_exc": "uS"}
    v = segment.filter(name="v")[0]
    assert v.shape == (501, 3) and v.sampling_period == 0.1 * pq.ms and v.t_start == 0 * pq.ms
    assert list(v.array_annotations["channel_index"]) == [0, 1, 2]
    assert v.annotations["source_population"] == "adex"
    # a spike is reported at the end of the step in which v passed v_spike
    for k, t in enumerate(trains[2].magnitude[:3]):
        step = int(round(t / 0.1))
        assert v.magnitude[step - 1, 2] < -40.0


def test_get_data_with_clear_starts_a_new_segment_where_the_last_ended():
    sim.setup()
    cells = driven()
    cells.record(["spikes", "v"])
    sim.run(30.0)
    first = cells.get_data(clear=True).segments[0]
    sim.run(30.0)
    second = cells.get_data().segments[0]
    v1, v2 = first.filter(name="v")[0], second.filter(name="v")[0]
    assert v1.shape == v2.shape == (301, 4)
    assert v2.t_start == 30.0 * pq.ms
    assert np.array_equal(v1.magnitude[-1], v2.magnitude[0])
    for a, b in zip(first.spiketrains, second.spiketrains):
        assert np.all(a.magnitude <= 30.0) and np.all(b.magnitude > 30.0)
        assert b.t_start == 30.0 * pq.ms


def test_sampling_interval_takes_every_nth_sample():
    sim.setup(timestep=0.1)
    fine = driven()
    coarse = driven()
    other = driven()
    fine.record("v")
    coarse.record("v", sampling_interval=1.0)
    sim.run(20.0)
    f = fine.get_data().segments[0].analogsignals[0]
    c = coarse.get_data().segments[0].analogsignals[0]
    assert c.shape == (21, 4) and c.sampling_period == 1.0 * pq.ms
    assert np.array_equal(c.magnitude, f.magnitude[::10])
    with pytest.raises(ValueError, match="multiple"):
        other.record("v", sampling_interval=0.25)


def test_recording_a_subset_through_views_and_assemblies():
    sim.setup()
    a, b = driven(5), driven(3)
    both = a + b
    a[1:4].record("v")
    both[6:].record("spikes")
    sim.run(10.0)
    va = a.get_data().segments[0].filter(name="v")[0]
    assert list(va.array_annotations["channel_index"]) == [1, 2, 3]
    view = a[2:3].get_data().segments[0].filter(name="v")[0]
    assert np.array_equal(view.magnitude[:, 0], va.magnitude[:, 1])
    assert [t.annotations["channel_id"] for t in b.get_data().segments[0].spiketrains] == \
        [int(i) for i in b.all_cells[1:]]
    assert set(b.get_spike_counts()) == {int(i) for i in b.all_cells[1:]}


def test_spike_counts_match_the_spike_trains():
    sim.setup()
    cells = driven(6)
    cells.record("spikes")
    sim.run(100.0)
    counts = cells.get_spike_counts()
    trains = cells.get_data().segments[0].spiketrains
    assert [counts[int(i)] for i in cells.all_cells] == [len(t) for t in trains]
    assert cells.mean_spike_count() == pytest.approx(np.mean([len(t) for t in trains]))


def test_write_data_and_read_it_back(tmp_path):
    sim.setup()
    cells = driven()
    cells.record(["spikes", "v"])
    path = str(tmp_path / "cells.pkl")
    sim.run(25.0)
    cells.write_data(path)
    written = PickleIO(path).read_block()
    here = cells.get_data().segments[0]
    assert np.array_equal(written.segments[0].analogsignals[0].magnitude, here.analogsignals[0].magnitude)
    assert [len(t) for t in written.segments[0].spiketrains] == [len(t) for t in here.spiketrains]


def test_procedural_record_writes_at_end(tmp_path):
    sim.setup()
    cells = driven(2)
    path = str(tmp_path / "v.pkl")
    sim.record("v", cells, path)
    sim.run(10.0)
    sim.end()
    assert PickleIO(path).read_block().segments[0].analogsignals[0].shape == (101, 2)


def test_recording_started_during_a_run_is_padded_to_the_segment():
    sim.setup()
    cells = driven(2)
    cells.record("spikes")
    sim.run(10.0)
    cells.record("v")
    sim.run(10.0)
    v = cells.get_data().segments[0].filter(name="v")[0].magnitude
    assert v.shape == (201, 2)
    # unknown (NaN) until the first sample axon took, at 10.1 ms
    assert np.isnan(v[:101]).all() and not np.isnan(v[101:]).any()


def test_recording_what_the_model_does_not_have_is_refused():
    sim.setup()
    cells = sim.Population(2, sim.IF_curr_exp())
    with pytest.raises(errors.RecordingError):
        cells.record("gsyn_exc")


def test_recording_more_neurons_during_a_run_keeps_what_was_recorded():
    sim.setup()
    cells = driven(4)
    cells[0:2].record(["spikes", "v"])
    sim.run(40.0)
    cells.record(["spikes", "v"])        # now all four
    sim.run(40.0)
    segment = cells.get_data().segments[0]
    v = segment.filter(name="v")[0].magnitude
    assert v.shape == (801, 4)
    assert not np.isnan(v[:, :2]).any()
    assert np.isnan(v[1:401, 2:]).all() and not np.isnan(v[401:, 2:]).any()
    assert np.array_equal(v[0], np.full(4, -65.0))   # the segment's start was known for all
    trains = segment.spiketrains
    assert trains[1].magnitude.min() < 40.0 and trains[3].magnitude.min() > 40.0


def test_off_grid_spike_sources_are_recorded_at_their_times():
    """spike_precision="off_grid": a SpikeSourceArray's spikes come back at
    exactly the times given, each in the segment (clear=True) that contains
    it; neuron spikes stay on the grid; a time on the grid stays there."""
    dt = 0.05
    given = [0.075, 5.0, 10.025, 12.34, 1000.025]
    sim.setup(timestep=dt, spike_precision="off_grid")
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=given))
    cells = sim.Population(1, sim.IF_curr_exp(i_offset=3.0))
    source.record("spikes")
    cells.record("spikes")
    got, cell_times = [], []
    for _ in range(3):
        sim.run(10.0)
        seg = source.get_data("spikes", clear=True).segments[0]
        got.append(seg.spiketrains[0].rescale(pq.ms).magnitude)
        cell_times.append(cells.get_data("spikes", clear=True).segments[0].spiketrains[0].magnitude)
        train = seg.spiketrains[0]
        assert np.all((got[-1] > train.t_start.magnitude) & (got[-1] <= train.t_stop.magnitude))
    assert got[0].tolist() == [0.075, 5.0]
    assert got[1].tolist() == [10.025, 12.34]
    assert got[2].size == 0
    neuron = np.concatenate(cell_times)
    assert neuron.size > 3
    steps = neuron / dt
    assert np.abs(steps - np.rint(steps)).max() < 1e-9   # on the grid
    sim.end()


def test_off_grid_delivery_is_from_the_end_of_the_step():
    """A spike given at t arrives as one of the end of the step that contains
    t (ceil(t / dt) dt), after its delay: the postsynaptic trace equals the
    on-grid one for that grid time, bit for bit."""
    def trace(precision, t_spike):
        sim.setup(timestep=0.1, spike_precision=precision)
        source = sim.Population(1, sim.SpikeSourceArray(spike_times=[t_spike]))
        cell = sim.Population(1, sim.IF_curr_exp())
        sim.Projection(source, cell, sim.OneToOneConnector(), sim.StaticSynapse(weight=1.0, delay=1.0))
        cell.record("v")
        source.record("spikes")
        sim.run(20.0)
        block = cell.get_data()
        v = block.segments[0].filter(name="v")[0].magnitude[:, 0]
        recorded = source.get_data().segments[0].spiketrains[0].magnitude.tolist()
        sim.end()
        return v, recorded
    v_off, rec_off = trace("off_grid", 5.03)
    v_on, rec_on = trace("on_grid", 5.1)
    assert rec_off == [5.03] and rec_on == [5.1]
    assert np.array_equal(v_off, v_on)
    assert v_off[61] == v_off[0] and v_off[63] > v_off[0]   # the PSP starts at 6.1 ms


def test_spike_precision_other_values_are_refused():
    with pytest.raises(ValueError, match="spike_precision"):
        sim.setup(timestep=0.1, spike_precision="exact")
    sim.setup(timestep=0.1)
