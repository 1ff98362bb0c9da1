#!/usr/bin/python3
"""Closed-loop overhead of axon from Python: many short net.run() calls with
a change between them, against one long run of the same simulated time.

    make python && PYTHONPATH=build/python /usr/bin/python3 bench/python/segments.py [segments] [neurons]

Prints microseconds per segment: the cost of a Python-driven 1 ms step of
the loop beyond the simulation itself (the call, releasing the GIL, the
Ctrl-C handler, the library's run set-up, the change), the median of
several alternating repetitions (the machine's load varies).  Nothing is
asserted: this is a measurement, not a test.
"""
import statistics
import sys
import time

import axon


def network(neurons):
    net = axon.Network(dt=0.1, seed=1, threads=1)
    pop = net.add_population("E", "IF_curr_exp", neurons)
    pop.add_input(axon.PoissonInput(rate=800.0, weight=0.2))
    net.connect(pop, pop, axon.FixedProbability(0.1), weight=0.05, delay=1.0)
    mod = net.add_modulator("da", 200.0)
    net.build()
    return net, pop, mod


def segments(n, neurons, change):
    net, pop, mod = network(neurons)
    t0 = time.perf_counter()
    for k in range(n):
        change(pop, mod, k)
        net.run(1.0)
    return time.perf_counter() - t0


def one_run(n, neurons):
    net, pop, mod = network(neurons)
    t0 = time.perf_counter()
    net.run(float(n))
    return time.perf_counter() - t0


def nothing(pop, mod, k):
    pass


def inject(pop, mod, k):
    mod.inject(0.01)


def set_current(pop, mod, k):
    pop.set(i_offset=0.01 * (k % 10))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    neurons = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    changes = {"no change": nothing, "mod.inject": inject, "pop.set(i_offset)": set_current}
    reps = 5
    base, seg = [], {name: [] for name in changes}
    for _ in range(reps):
        base.append(one_run(n, neurons))
        for name, change in changes.items():
            seg[name].append(segments(n, neurons, change))
    b = statistics.median(base)
    print(f"{neurons} neurons, {n} segments of 1 ms (dt 0.1 ms), median of {reps}; device: this CPU, 1 thread")
    print(f"  one run of {n} ms: {1e6 * b / n:8.2f} us per simulated ms")
    for name, times in seg.items():
        s = statistics.median(times)
        print(f"  run(1.0) x {n}, {name:18s}: {1e6 * s / n:8.2f} us per segment, "
              f"{1e6 * (s - b) / n:8.2f} us overhead per segment")


if __name__ == "__main__":
    main()
