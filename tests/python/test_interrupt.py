"""Stopping runs: Ctrl-C (SIGINT) during a run raises KeyboardInterrupt at a
clean point and the network runs on; progress callbacks (a truthy return
stops, an exception propagates); interrupt() from another thread.  The
signal or the call is sent once the run is under way (a progress callback
says so), so nothing depends on timing."""
import os
import signal
import threading

import pytest

import axon

LONG = 1e7   # ms: hours of wall time, never reached


def busy():
    net = axon.Network(dt=0.1, seed=1, threads=1)
    pop = net.add_population("E", "IF_curr_exp", 500)
    pop.add_input(axon.PoissonInput(rate=500.0, weight=0.2))
    net.connect(pop, pop, axon.FixedProbability(0.05), weight=0.01, delay=1.0)
    rec = pop.record()
    return net, pop, rec


def under_way():
    """A progress callback that sets an event when the run has begun."""
    started = threading.Event()
    return started, (lambda t, t_end: started.set())


def test_ctrl_c_from_another_thread_stops_the_run():
    net, pop, rec = busy()
    started, progress = under_way()

    def send():
        started.wait()
        os.kill(os.getpid(), signal.SIGINT)

    sender = threading.Thread(target=send)
    sender.start()
    handler = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        net.run(LONG, progress=progress, every=1.0)
    sender.join()
    t = net.time
    assert 0 < t < LONG
    assert signal.getsignal(signal.SIGINT) is handler   # Python's handler is back
    assert net.failure["status"] == "interrupted"
    assert all(rec.spikes[0] <= t)   # recordings complete up to the stop, nothing after
    net.run(5.0)   # it can be continued
    assert net.time == pytest.approx(t + 5.0)


def test_ctrl_c_inside_the_progress_callback():
    net, pop, rec = busy()
    calls = []

    def progress(t, t_end):
        calls.append(t)
        if len(calls) == 3:
            os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(KeyboardInterrupt):
        net.run(LONG, progress=progress, every=1.0)
    assert len(calls) == 3 and net.time < LONG


def test_python_sigint_handling_is_restored():
    net, pop, rec = busy()
    net.run(1.0)
    with pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(10 ** 6):   # Python runs its handler between bytecodes
            pass


def test_progress_callback_sees_the_clock():
    net, pop, rec = busy()
    seen = []
    net.run(50.0, progress=lambda t, t_end: seen.append((t, t_end)), every=10.0)
    assert len(seen) >= 4 and all(t_end == 50.0 for _, t_end in seen)
    times = [t for t, _ in seen]
    assert times == sorted(times) and 0 < times[0] and times[-1] <= 50.0
    net.run(10.0)   # without a callback the old one is not called
    assert len(seen) == len(times)


def test_a_truthy_progress_stops_the_run():
    net, pop, rec = busy()
    with pytest.raises(axon.InterruptedRun, match="can be continued"):
        net.run(LONG, progress=lambda t, t_end: t >= 20.0, every=5.0)
    assert 20.0 <= net.time < 30.0
    t = net.time
    net.run(10.0)
    assert net.time == pytest.approx(t + 10.0)


def test_an_exception_in_the_callback_propagates():
    net, pop, rec = busy()

    class Stop(Exception):
        pass

    def progress(t, t_end):
        raise Stop(f"at {t}")

    with pytest.raises(Stop, match="at") as e:
        net.run(100.0, progress=progress)
    assert e.value.__traceback__ is not None
    assert net.time < 100.0
    net.run(10.0)


def test_the_network_refuses_calls_while_it_runs():
    net, pop, rec = busy()
    errors = []

    def progress(t, t_end):
        for call in (lambda: pop.get("v"), lambda: net.time, lambda: rec.spikes, lambda: net.close()):
            try:
                call()
            except axon.StateError as e:
                errors.append(str(e))
        return True

    with pytest.raises(axon.InterruptedRun):
        net.run(100.0, progress=progress)
    assert len(errors) == 4 and all("running" in e for e in errors)
    assert len(pop.get("v")) == 500   # usable again afterwards


def test_interrupt_from_another_thread():
    net, pop, rec = busy()
    started, progress = under_way()
    stopper = threading.Thread(target=lambda: (started.wait(), net.interrupt()))
    stopper.start()
    with pytest.raises(axon.InterruptedRun, match="interrupt"):
        net.run(LONG, progress=progress, every=1.0)
    stopper.join()
    assert 0 < net.time < LONG
    net.run(1.0)


def test_run_in_a_thread_releases_the_gil():
    net, pop, rec = busy()
    started, progress = under_way()
    errors = []

    def run():
        try:
            net.run(LONG, progress=progress, every=1.0)
        except axon.InterruptedRun:
            pass
        except BaseException as e:   # pragma: no cover - reported below
            errors.append(e)

    runner = threading.Thread(target=run)
    runner.start()
    started.wait()
    # the main thread runs Python while the network runs without the GIL
    total = sum(range(10 ** 5))
    with pytest.raises(axon.StateError, match="running"):
        net.run(1.0)
    net.interrupt()
    runner.join()
    assert total > 0 and not errors and net.time < LONG


def test_interrupt_before_a_run_stops_the_next_one():
    net, pop, rec = busy()
    net.interrupt()
    with pytest.raises(axon.InterruptedRun):
        net.run(100.0)
    assert net.time <= 1.0
    net.run(10.0)   # the request was used up


def test_ctrl_c_in_a_run_inside_another_runs_callback():
    outer, _, _ = busy()
    inner, _, _ = busy()
    calls = []

    def progress(t, t_end):
        calls.append(t)
        if len(calls) == 1:
            inner.run(5.0)   # a whole run of another network from the callback
        elif len(calls) == 3:
            os.kill(os.getpid(), signal.SIGINT)   # still reaches the outer run

    with pytest.raises(KeyboardInterrupt):
        outer.run(LONG, progress=progress, every=1.0)
    assert inner.time == 5.0 and outer.time < LONG and len(calls) == 3


def test_an_ignored_sigint_stays_ignored():
    net, pop, rec = busy()
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        def progress(t, t_end):
            os.kill(os.getpid(), signal.SIGINT)   # ignored: the run goes to its end

        net.run(5.0, progress=progress, every=1.0)
        assert net.time == 5.0 and signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, old)
