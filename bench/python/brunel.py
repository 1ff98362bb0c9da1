#!/usr/bin/python3
"""Brunel (2000) from Python: the network of bench/models/brunel.toml built
with the `axon` package's calls (or, with --from-file, loaded from that file),
run, and timed.  bench/run compares it with `axon run` of the same file.

    PYTHONPATH=build/python bench/python/brunel.py [--from-file] [--duration MS]
        [--threads T] [--seed S]

Prints one JSON line: build_s, run_s (the library's), total_s (the whole
process, from before `import axon`), spikes, synapses.
"""
import argparse
import json
import os
import sys
import time

T0 = time.time()
import axon  # noqa: E402  (timed: part of the cost of using axon from Python)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def build(threads, seed):
    """The network of bench/models/brunel.toml, call by call."""
    net = axon.Network(dt=0.1, seed=seed, threads=threads)
    params = dict(v_rest=0.0, v_thresh=20.0, v_reset=10.0, tau_m=20.0, tau_refrac=2.0)
    E = net.add_population("E", "IF_curr_delta", 10000, params=params, state={"v": 0.0})
    I = net.add_population("I", "IF_curr_delta", 2500, params=params, state={"v": 0.0})
    for pre, post, k, w, same in ((E, E, 1000, 0.1, True), (I, E, 250, -0.5, False),
                                  (E, I, 1000, 0.1, False), (I, I, 250, -0.5, True)):
        rec = "excitatory" if w > 0 else "inhibitory"
        net.connect(pre, post, axon.FixedIndegree(k, allow_self=True, allow_multiple=False),
                    receptor=rec, weight=w, delay=1.5)
    for pop in (E, I):
        pop.add_input(axon.PoissonInput(rate=20.0, weight=0.1, receptor="excitatory", sources=1000))
    recs = [E.record("spikes"), I.record("spikes")]
    return net, recs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from-file", action="store_true", help="load bench/models/brunel.toml instead")
    ap.add_argument("--duration", type=float, default=1000.0, help="ms (default 1000)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.from_file:
        m = axon.load(os.path.join(ROOT, "bench", "models", "brunel.toml"),
                      set={"simulation.threads": args.threads, "simulation.seed": args.seed})
        net = m.network
        net.build()
        m.run(args.duration)
    else:
        net, _ = build(args.threads, args.seed)
        net.build()
        net.run(args.duration)
    st = net.stats
    print(json.dumps(dict(build_s=st["build_s"], run_s=st["run_s"], total_s=time.time() - T0,
                          spikes=st["spikes"], synapses=st["synapses"], threads=st["threads"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
