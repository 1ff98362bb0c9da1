#!/usr/bin/python3
"""The scaling model of axon under MPI: time and memory per rank at R ranks
(issue 20 item 5; bench/NOTES.md, "MPI: measured, and a model of larger rank
counts", says where every term comes from).

    bench/tools/mpi_model.py MODEL.toml RUN_1x1.txt [RUN_RxT.txt ...]
        [--alpha-us 1.5] [--beta-gb-s 12] [--ranks 1,2,3,8,64,1024]
        [--ring-mb X] [--no-slack]

RUN_*.txt are the outputs of build/bench/mpi_run (one per configuration); the
one-rank, one-thread run gives the model's inputs:

  C1       run CPU seconds per simulated second (all compute: update + delivery)
  S        spikes per simulated second (the whole network)
  W        window in steps (min_delay_steps), so 1000 / (W dt) windows per second
  syn      synapse bytes (synapse_mb)
  M1       peak RSS

and, when a 2-rank 1-thread run is given, its mean peak RSS M2, which splits
M1 into what every rank holds whole (B0 = 2 M2 - M1: process, MPI, the
full-size state arrays and ring buffers, recordings) and what is divided
over the ranks (M1 - B0: synapses and the build's temporaries for them);

and the model, per simulated second, for R ranks:

  time(R)   = C1 / R * imbalance(R) + overhead                        compute (overhead: --overhead-s)
            + windows * alpha * ceil(log2 R)                          latency of the all-gather
            + windows * (R - 1) * block(R) / beta                     volume received per rank
  block(R)  = max(round8(40 + 4 (W P + 1) + 4096),                  exchange.c's block: header, start array
                  round8(1.25 (40 + 4 (W P + 1) + 4 S_w / R)))        and 4 KiB slack, grown to 1.25 x the
                                                                      longest message (here: the mean one)
  memory(R) = (M1 - B0) / R + B0 + 2 R block(R)                      the exchange's receive buffers

imbalance(R): the largest predicted cost of a rank over the mean, with the cut
points of src/sim/ranks.c (its cost estimate assumes every source fires at
5 Hz) and the real cost (the populations' rates of the 1x1 run).  Each other
RUN file is compared with the model at its R (threads > 1: compute / T).
"""
import argparse
import math
import re
import sys
import tomllib


def parse_run(path):
    """The summary line and rank lines of one mpi_run output."""
    ranks, summary = [], None
    for line in open(path):
        if line.startswith('rank '):
            m = re.search(r'neurons \[(\d+), (\d+)\)', line)
            w = line[m.end():].split()
            d = dict(zip(w[0::2], w[1::2]))
            d['first'], d['end'] = int(m.group(1)), int(m.group(2))
            d = {k: (float(v) if re.fullmatch(r'[-0-9.e+]+', str(v)) else v) for k, v in d.items()}
            ranks.append(d)
        elif line.startswith('summary:'):
            w = line.split()[1:]
            summary = dict(zip(w[0::2], w[1::2]))
    if summary is None:
        sys.exit('%s: no summary line (did the run finish?)' % path)
    summary['pop_spikes'] = [int(x) for x in summary['pop_spikes'].split(',')]
    for k in list(summary):
        if k != 'pop_spikes':
            try:
                summary[k] = float(summary[k])
            except ValueError:
                pass
    return summary, ranks


def populations(model):
    """Sizes, in-degree per source population (the synapses onto each), in declaration order."""
    pops = list(model['populations'])
    size = {g: int(model['populations'][g]['size']) for g in pops}
    inc = {g: {} for g in pops}
    for p in model.get('projections', []):
        c = p.get('connector', {})
        if 'fixed_total' in c:
            n = c['fixed_total']
        elif 'fixed_indegree' in c:
            n = c['fixed_indegree'] * size[p['to']]
        else:
            sys.exit('connector %s: the model handles fixed_total and fixed_indegree only' % c)
        inc[p['to']][p['from']] = inc[p['to']].get(p['from'], 0) + n
    return pops, size, inc


def imbalance(pops, size, inc, rate, n_vars, dt, R):
    """max over ranks of the real cost / the mean, with ranks.c's cut points
    (cost estimate: (2 + vars + receptors) / dt per neuron + 2 * 5 Hz * in-degree)."""
    est, real = [], []
    for g in pops:
        k = sum(inc[g].values()) / size[g]
        ev = sum(n * rate[f] for f, n in inc[g].items()) / size[g]   # events per neuron per second
        upd = (2.0 + n_vars) / dt
        est.append(upd + 2.0 * 5e-3 * k)
        real.append(upd + 2.0 * 1e-3 * ev)
    total = sum(e * size[g] for e, g in zip(est, pops))
    # cut points in neurons (a population is a contiguous range), as ranks.c
    cuts, before, r = [0], 0.0, 1
    first = 0
    for e, g in zip(est, pops):
        while r < R and before + e * size[g] >= total * r / R:
            n = min(size[g], max(0, math.ceil((total * r / R - before) / e - 1e-9)))
            cuts.append(first + n)
            r += 1
        before += e * size[g]
        first += size[g]
    cuts += [first] * (R + 1 - len(cuts))
    starts = [0]
    for g in pops:
        starts.append(starts[-1] + size[g])

    def cost(lo, hi):
        c = 0.0
        for i, g in enumerate(pops):
            a, b = max(lo, starts[i]), min(hi, starts[i + 1])
            c += real[i] * max(0, b - a)
        return c
    costs = [cost(cuts[r], cuts[r + 1]) for r in range(R)]
    return max(costs) / (sum(costs) / R)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('model')
    ap.add_argument('runs', nargs='+')
    ap.add_argument('--alpha-us', type=float, default=1.5, help='latency per hop of a collective (us)')
    ap.add_argument('--beta-gb-s', type=float, default=12.0, help='bandwidth per rank (GB/s)')
    ap.add_argument('--ranks', default='1,2,3,8,64,1024')
    ap.add_argument('--vars', type=int, default=4, help="state variables + receptors of the neuron model")
    ap.add_argument('--overhead-s', type=float, default=0.0,
                    help='CPU s per simulated s that each rank spends beyond C1 / R outside the collectives '
                         '(measured: the rest of run_cpu0_s minus the collectives\' CPU, minus C1 / R)')
    ap.add_argument('--no-slack', action='store_true', help="the block without exchange.c's 4 KiB slack")
    a = ap.parse_args()
    model = tomllib.load(open(a.model, 'rb'))
    dt = float(model['simulation']['dt'])
    pops, size, inc = populations(model)
    s1, r1 = parse_run(a.runs[0])
    if s1['ranks'] != 1 or s1['threads'] != 1:
        sys.exit('%s: the first run must be 1 rank x 1 thread' % a.runs[0])
    sec = s1['duration_ms'] / 1000
    C1 = r1[0]['run_cpu_s'] / sec
    S = s1['spikes'] / sec
    W = int(s1['min_delay_steps'])
    windows = 1000.0 / (W * dt)
    rate = {g: n / size[g] / sec for g, n in zip(pops, s1['pop_spikes'])}
    syn = r1[0]['synapse_mb'] * 1e6
    # memory per rank = fixed + split / R: from the peak RSS at 1 rank and the mean at 2 ranks x 1 thread
    # when such a run is given (then the other runs check it), else split = the synapse bytes
    M1 = r1[0]['rss_peak_mb'] * 1e6
    split, fitted = syn, 'synapse bytes (no 2x1 run given)'
    for path in a.runs[1:]:
        s2, rs2 = parse_run(path)
        if s2['ranks'] == 2 and s2['threads'] == 1:
            M2 = sum(r['rss_peak_mb'] for r in rs2) / 2 * 1e6
            split, fitted = 2 * (M1 - M2), 'fitted to 1x1 and 2x1 (%s)' % path
            break
    B0 = M1 - split
    alpha, beta = a.alpha_us * 1e-6, a.beta_gb_s * 1e9
    P = len(pops)
    slack = 0 if a.no_slack else 4096

    def round8(x):
        return (int(math.ceil(x)) + 7) // 8 * 8

    def block(R):
        """exchange.c: the first block, or 1.25 x the longest message once one was longer (here the mean one)"""
        head = 40 + 4 * (W * P + 1)
        return max(round8(head + slack), round8(1.25 * (head + 4 * S / windows / R)))

    print('# %s: C1 %.2f CPU s per simulated s (+ %.2f per rank at R > 1), S %.0f spikes/s (%.1f per window), W %d steps (%.0f windows/s), '
          'synapses %.0f MB; memory per rank %.0f MB + %.0f MB / R (%s); alpha %.2f us, beta %.1f GB/s, slack %d B'
          % (a.model, C1, a.overhead_s, S, S / windows, W, windows, syn / 1e6, B0 / 1e6, split / 1e6, fitted, a.alpha_us,
             a.beta_gb_s, slack))
    print('%6s %10s %9s %10s %10s %10s %10s %8s %11s %s' % ('R', 'imbalance', 'block_B', 'compute_s', 'latency_s',
                                                          'volume_s', 'total_s', 'speedup', 'memory_MB',
                                                          'dominant'))
    for R in [int(x) for x in a.ranks.split(',')]:
        imb = imbalance(pops, size, inc, rate, a.vars, dt, R)
        comp = C1 / R * imb + (a.overhead_s if R > 1 else 0.0)
        lat = windows * alpha * math.ceil(math.log2(R)) if R > 1 else 0.0
        vol = windows * (R - 1) * block(R) / beta if R > 1 else 0.0
        tot = comp + lat + vol
        mem = split / R + B0 + (2 * R * block(R) if R > 1 else 0)
        dom = max((comp, 'compute'), (lat, 'latency'), (vol, 'volume'))[1]
        print('%6d %10.3f %9d %10.4f %10.4f %10.4f %10.4f %8.1f %11.0f %s'
              % (R, imb, block(R) if R > 1 else 0, comp, lat, vol, tot, C1 / tot, mem / 1e6, dom))
    # the measured points against the model (compute only: this machine's collectives are local memory)
    for path in a.runs[1:]:
        s, rs = parse_run(path)
        R, T = int(s['ranks']), int(s['threads'])
        same = 'equal' if s['pop_spikes'] == s1['pop_spikes'] else 'DIFFER'
        if s['duration_ms'] != s1['duration_ms']:
            same = 'not compared (%g ms)' % s['duration_ms']
        sec = s['duration_ms'] / 1000
        cpu = [r['run_cpu_s'] / sec for r in rs]
        names = ('allgather', 'allgatherv', 'allreduce', 'bcast')
        coll = [sum(r.get(k + '_s', 0.0) for k in names) / sec for r in rs]
        coll_cpu = [sum(r.get(k + '_cpu_s', 0.0) for k in names) / sec for r in rs]
        has_cpu = R == 1 or all('allgather_cpu_s' in r for r in rs)
        blocks = [r['allgather_recv_mb'] * 1e6 / r['allgather_calls'] / R if r.get('allgather_calls') else 0
                  for r in rs]
        pred_mem = split / R + B0 + 2 * R * block(R)
        print('measured %dx%d (%s): spikes %s; per rank and simulated s: run CPU %s, of which in collectives %s, '
              'the rest %s (model compute %.2f); wall in collectives %s; peak RSS per rank %s MB (model %.0f); '
              'message bytes per window %s; block %s B (model %d)'
              % (R, T, path, same, ' '.join('%.2f' % c for c in cpu),
                 ' '.join('%.2f' % c for c in coll_cpu) if has_cpu else 'n/a (not recorded)',
                 ' '.join('%.2f' % (c - k) for c, k in zip(cpu, coll_cpu)) if has_cpu else 'n/a',
                 C1 / R * imbalance(pops, size, inc, rate, a.vars, dt, R) + (a.overhead_s if R > 1 else 0),
                 ' '.join('%.2f' % c for c in coll),
                 ' '.join('%.0f' % r['rss_peak_mb'] for r in rs), pred_mem / 1e6,
                 ' '.join('%.0f' % r['bytes_per_window'] for r in rs), ' '.join('%.0f' % b for b in blocks),
                 block(R) if R > 1 else 0))


if __name__ == '__main__':
    main()
