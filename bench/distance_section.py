"""The distance-connector section of bench/run (`bench/run --distance`):
building distance-dependent connectivity in axon and in Brian2, side by side.

The network: a square lattice of side x side neurons, spacing 1; every
ordered pair within radius 3 (a disk), no self connections, each with
probability p = 0.8.  The same in both simulators:

  axon    `build/axon run M.toml --json --quiet --threads T` of a model file
          written here (structure = { grid = [side, side] }, connector =
          { distance = { radius = 3.0, p = 0.8 }, allow_self = false },
          0.1 ms simulated); its build_s (the whole network's build: the
          distance connector's bins and generation, the synapse storage).
  Brian2  bench/peers/brian2_distance_build.py in runtime mode (numpy target
          by default: no compilation, so no compiler cache to warm; with
          --distance-target cython, one untimed run at side 30 per syntax
          first compiles the code objects into Brian2's cache), with its
          connect(condition=..., p=0.8) (N^2 work) and its generator syntax
          (j='k for k in sample(<the 7 rows around i>, p=0.8) if ...',
          N^1.5 work); build_s: the connect() call.

The runs alternate (axon at each thread count, Brian2 condition, Brian2
generator), --reps times; the table shows the median build time (min-max),
ns per synapse, and the ratio to axon's 1-thread median.  Synapse counts
are checked against the exact expectation (the lattice's pairs within the
radius times p): each simulator's mean synapses per neuron within 1 % of it.
Sides in --distance-sides run in both simulators; --distance-axon-sides
(10^6 neurons by default) in axon only, as Brian2's condition (N^2) would
take hours there.
"""
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = '/usr/bin/python3'
PEER = os.path.join(HERE, 'peers', 'brian2_distance_build.py')
AXON = os.path.join(ROOT, 'build', 'axon')
RADIUS, P = 3.0, 0.8
AGREE = 0.01   # relative, mean synapses per neuron against the expectation

MODEL = """[simulation]
duration = 0.1
[populations.L]
model = "IF_curr_exp"
size = {n}
structure = {{ grid = [{side}, {side}] }}
[[projections]]
from = "L"
to = "L"
receptor = "excitatory"
connector = {{ distance = {{ radius = {radius}, p = {p} }}, allow_self = false }}
weight = 0.1
delay = 1.0
"""


class SectionError(Exception):
    pass


def expected_per_neuron(side):
    """The exact expected synapses per neuron: ordered pairs of the lattice
    within the radius (no self) times p, over N."""
    pairs, R = 0, int(RADIUS)
    for dx in range(-R, R + 1):
        for dy in range(-R, R + 1):
            if 0 < dx * dx + dy * dy <= RADIUS * RADIUS * (1 + 1e-9):
                pairs += max(side - abs(dx), 0) * max(side - abs(dy), 0)
    return pairs * P / (side * side)


def _last_json(text):
    for line in reversed(text.strip().splitlines()):
        if line.startswith('{'):
            return json.loads(line)
    raise SectionError('no JSON line in the output:\n' + text[-2000:])


def run_axon(side, threads, timeout, tmp):
    model = os.path.join(tmp, 'lattice_%d.toml' % side)
    if not os.path.exists(model):
        with open(model, 'w') as f:
            f.write(MODEL.format(n=side * side, side=side, radius=RADIUS, p=P))
    out = tempfile.mkdtemp(prefix='axon-dist-', dir=tmp)
    cmd = [AXON, 'run', model, '--json', '--quiet', '--threads', str(threads), '--out', out]
    p = subprocess.run(cmd, cwd=ROOT, text=True, capture_output=True, timeout=timeout)
    if p.returncode != 0:
        raise SectionError('%s failed (exit %d): %s' % (' '.join(cmd), p.returncode, p.stderr.strip()[-2000:]))
    with open(os.path.join(out, 'summary.json')) as f:
        res = json.load(f)
    shutil.rmtree(out, ignore_errors=True)
    return {'synapses': res['synapses'], 'build_s': res['build_s'], 'N': res['neurons']}


def run_brian(side, syntax, target, timeout):
    cmd = [PY, PEER, '--side', str(side), '--syntax', syntax, '--target', target,
           '--radius', str(RADIUS), '--p', str(P)]
    p = subprocess.run(cmd, cwd=ROOT, text=True, capture_output=True, timeout=timeout)
    if p.returncode != 0:
        raise SectionError('%s failed (exit %d): %s' % (' '.join(cmd), p.returncode, p.stderr.strip()[-2000:]))
    return _last_json(p.stdout)


def run(threads_list, reps, sides, axon_sides, target, timeout, log):
    """Returns (markdown text, failures)."""
    tmp = tempfile.mkdtemp(prefix='axon-bench-dist-')
    failures, rows, version = [], [], 'Brian2'
    try:
        if target == 'cython':
            for syntax in ('condition', 'generator'):
                log('distance: Brian2 %s, cython: compiling at side 30 (untimed)' % syntax)
                run_brian(30, syntax, target, timeout)
        for side in list(sides) + list(axon_sides):
            both = side in sides
            runs = {}   # (simulator, syntax, threads) -> list of results
            for rep in range(reps):
                for t in threads_list:
                    log('distance: axon, side %d, %d thread(s), rep %d' % (side, t, rep + 1))
                    try:
                        runs.setdefault(('axon', 'distance connector (model file)', t), []).append(
                            run_axon(side, t, timeout, tmp))
                    except (SectionError, subprocess.TimeoutExpired) as e:
                        failures.append('distance axon side %d: %s' % (side, e))
                        log(failures[-1])
                if not both:
                    continue
                for syntax in ('condition', 'generator'):
                    log('distance: Brian2 %s, side %d, rep %d' % (syntax, side, rep + 1))
                    key = ('brian2', syntax, 1)
                    try:
                        r = run_brian(side, syntax, target, timeout)
                        version = r.get('simulator', version)
                        runs.setdefault(key, []).append(r)
                    except (SectionError, subprocess.TimeoutExpired) as e:
                        failures.append('distance Brian2 %s side %d: %s' % (syntax, side, str(e)[-500:]))
                        log(failures[-1])
            want = expected_per_neuron(side)
            base = None
            for key in sorted(runs, key=lambda k: (k[0] != 'axon', k[1], k[2])):
                rs = runs[key]
                b = [r['build_s'] for r in rs]
                med = statistics.median(b)
                syn = statistics.mean(r['synapses'] for r in rs)
                per = syn / (side * side)
                if key[0] == 'axon' and key[2] == threads_list[0]:
                    base = med
                ok = abs(per - want) <= AGREE * want
                if not ok:
                    failures.append('distance side %d %s %s: %.3f synapses per neuron, expected %.3f'
                                    % (side, key[0], key[1], per, want))
                rows.append({'N': side * side, 'side': side, 'sim': key[0], 'syntax': key[1], 'threads': key[2],
                             'med': med, 'lo': min(b), 'hi': max(b), 'n': len(b), 'synapses': syn,
                             'per': per, 'want': want, 'ok': ok, 'base': base})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lines = ['| N (side^2) | simulator | how | threads | synapses (mean) | per neuron (expected) | build s median '
             '(min-max, runs) | ns per synapse | / axon %d thread |' % threads_list[0],
             '|---|---|---|---|---|---|---|---|---|']
    for r in rows:
        ratio = ('%.1fx' % (r['med'] / r['base'])) if r['base'] else '-'
        lines.append('| %d (%d^2) | %s | %s | %d | %.0f | %.3f (%.3f)%s | %.3f (%.3f-%.3f, %d) | %.0f | %s |'
                     % (r['N'], r['side'], r['sim'] if r['sim'] == 'axon' else version, r['syntax'], r['threads'],
                        r['synapses'], r['per'], r['want'], '' if r['ok'] else ' **off**', r['med'], r['lo'],
                        r['hi'], r['n'], 1e9 * r['med'] / max(r['synapses'], 1), ratio))
    text = ('Distance connector build (bench/distance_section.py): a side x side lattice, spacing 1, every pair '
            'within radius %g (disk), no self connections, each with p = %g.  axon: `build/axon run` of the model '
            'file, its build_s (the whole network build); %s: runtime mode, %s target, build_s = the connect() '
            'call (bench/peers/brian2_distance_build.py): `condition` = connect(condition=\'sqrt((x_pre-x_post)**2'
            '+(y_pre-y_post)**2) <= 3 and i != j\', p=0.8), `generator` = connect(j=\'k for k in sample(<the 7 '
            'rows around i>, p=0.8) if ...\').  %d repetition(s), alternating.  Per neuron: mean synapses per '
            'neuron (expected: the lattice\'s pairs within the radius x p / N; agreement within %g %%: %s).\n\n'
            % (RADIUS, P, version, target, reps, AGREE * 100,
               'all rows' if all(r['ok'] for r in rows) else 'NOT all rows')
            + '\n'.join(lines) + '\n')
    return text, failures
