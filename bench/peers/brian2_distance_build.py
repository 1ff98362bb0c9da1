#!/usr/bin/python3
"""Building distance-dependent connectivity in Brian2 (runtime mode), the
peer of axon's distance connector build benchmark (bench/run --distance).

Network: a square lattice of side x side neurons, spacing 1 (neuron i at
x = i // side, y = i % side), no dynamics (the neurons have only x and y).
Connectivity: every ordered pair (i, j), i != j, with
sqrt((x_i - x_j)^2 + (y_i - y_j)^2) <= radius (default 3: a disk of 28
neighbours inside the lattice), each independently with probability p
(default 0.8).  Expected synapses per neuron: 28 p in the interior, fewer
at the edges (21.84 at side 100 for p = 0.8).

Two ways of asking Brian2 for it (--syntax):
  condition  S.connect(condition='sqrt((x_pre-x_post)**2+(y_pre-y_post)**2)
                       <= radius and i != j', p=p)
             Brian2 evaluates the condition for every pair: N^2 work.
  generator  S.connect(j='k for k in sample(clip(i - R*side - R, 0, N_post),
                       clip(i + R*side + R + 1, 0, N_post), p=p)
                       if sqrt(...) <= radius and k != i')   with R = ceil(radius)
             the generator syntax with the index range that holds the
             2R + 1 rows around i: 7 side candidates per neuron (radius 3),
             N^1.5 work; each candidate is kept with probability p by the
             sample(), then by the condition (same law as `condition`).
build_s is the connect() call alone (code generation and, for cython, its
compilation included; numpy has no compilation, so no cache effects).
The last stdout line is one JSON object: simulator, syntax, target, side,
N, radius, p, synapses, per_neuron (synapses / N), build_s, peak_rss_mb.

    /usr/bin/python3 bench/peers/brian2_distance_build.py --side 100 --syntax condition --target numpy
"""
import argparse
import json
import math
import os
import resource
import sys
import time

sys.path.insert(0, os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..',
                                                 'shared', 'bench', 'peers')))
import common  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--side', type=int, default=100, help='lattice side (N = side^2)')
    ap.add_argument('--radius', type=float, default=3.0)
    ap.add_argument('--p', type=float, default=0.8)
    ap.add_argument('--syntax', choices=['condition', 'generator'], default='condition')
    ap.add_argument('--target', choices=['numpy', 'cython'], default='numpy')
    ap.add_argument('--seed', type=int, default=1234)
    args = ap.parse_args()
    args.device, args.threads, args.cython_cache, args.build_dir = 'runtime', 1, None, None
    b2, info = common.setup_device(args)
    emit = info['_emit']
    side, N, r = args.side, args.side * args.side, args.radius
    R = int(math.ceil(r))
    G = b2.NeuronGroup(N, 'x : 1\ny : 1', name='lattice')
    G.x = 'i // side'
    G.y = 'i % side'
    S = b2.Synapses(G, G, name='near')
    ns = {'side': side, 'radius': r, 'p': args.p}
    cond = 'sqrt((x_pre-x_post)**2+(y_pre-y_post)**2) <= radius'
    t0 = time.time()
    if args.syntax == 'condition':
        S.connect(condition=cond + ' and i != j', p=args.p, namespace=ns)
    else:
        gen = ('k for k in sample(clip(i - %d*side - %d, 0, N_post), clip(i + %d*side + %d, 0, N_post), p=p) '
               'if %s and k != i' % (R, R, R, R + 1, cond))
        S.connect(j=gen, namespace=ns)
    build_s = time.time() - t0
    n = len(S)
    emit(json.dumps({'simulator': 'brian2 ' + b2.__version__, 'syntax': args.syntax, 'target': args.target,
                     'side': side, 'N': N, 'radius': r, 'p': args.p, 'synapses': int(n),
                     'per_neuron': n / N, 'build_s': round(build_s, 4),
                     'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}))


if __name__ == '__main__':
    main()
