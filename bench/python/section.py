"""The Python section of bench/run (`bench/run --python`): the costs of using
axon from Python, side by side with the command line and with PyNN's Brian2
backend.

1. Brunel from Python: `axon run bench/models/brunel.toml` against
   bench/python/brunel.py (the same network built with the package's calls)
   and `brunel.py --from-file` (axon.load of the same file), whole processes,
   alternating, --reps times each.  Target: Python <= 1.2x `axon run`.
2. Closed loops (bench/python/segments.py): microseconds per 1-ms
   net.run segment with a change between segments, beyond one long run.
   Target: <= 10 us.
3. PyNN's Vogels-Abbott benchmark (bench/python/pynn_va.py, COBA and CUBA,
   4000 cells) through pyNN.axon and pyNN.brian2, alternating.  Targets:
   sim.run >= 10x faster, the whole script >= 3x faster through pyNN.axon.
"""
import json
import os
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PY = '/usr/bin/python3'


class SectionError(Exception):
    pass


def _env():
    env = dict(os.environ)
    env['PYTHONPATH'] = os.path.join(ROOT, 'build', 'python')
    return env


def _last_json(text):
    for line in reversed(text.strip().splitlines()):
        if line.startswith('{'):
            return json.loads(line)
    raise SectionError('no JSON line in the output:\n' + text[-2000:])


def _timed(cmd, timeout):
    t = time.time()
    p = subprocess.run(cmd, cwd=ROOT, env=_env(), text=True, capture_output=True, timeout=timeout)
    wall = time.time() - t
    if p.returncode != 0:
        raise SectionError('%s failed (exit %d): %s' % (' '.join(cmd), p.returncode, p.stderr.strip()[-2000:]))
    return wall, p.stdout


def brunel(threads, reps, duration_ms, timeout):
    """Whole-process seconds of the three ways to run Brunel, alternating."""
    out = tempfile.mkdtemp(prefix='axon-bench-py-')
    cli = [os.path.join(ROOT, 'build', 'axon'), 'run', 'bench/models/brunel.toml', '--json', '--quiet',
           '--threads', str(threads), '--out', out, '--set', 'simulation.duration=%g' % duration_ms]
    api = [PY, os.path.join(HERE, 'brunel.py'), '--threads', str(threads), '--duration', '%g' % duration_ms]
    walls = {'axon run': [], 'Python calls': [], 'Python axon.load': []}
    lib = {k: [] for k in walls}
    for _ in range(reps):
        w, _ = _timed(cli, timeout)
        walls['axon run'].append(w)
        with open(os.path.join(out, 'summary.json')) as f:
            s = json.load(f)
        lib['axon run'].append(s.get('build_s', 0) + s.get('run_s', 0))
        for key, cmd in (('Python calls', api), ('Python axon.load', api + ['--from-file'])):
            w, text = _timed(cmd, timeout)
            r = _last_json(text)
            walls[key].append(w)
            lib[key].append(r['build_s'] + r['run_s'])
    subprocess.run(['rm', '-rf', out])
    base = statistics.median(walls['axon run'])
    rows = []
    for key in walls:
        m = statistics.median(walls[key])
        rows.append([key, '%.2f' % m, '%.2f' % statistics.median(lib[key]), '%.3f' % (m / base)])
    return rows


def va(benchmark, reps, duration_ms, timeout):
    """pynn_va.py through pyNN.axon and pyNN.brian2, alternating."""
    res = {'axon': [], 'brian2': []}
    for _ in range(reps):
        for simname in ('axon', 'brian2'):
            _, text = _timed([PY, os.path.join(HERE, 'pynn_va.py'), '--simulator', simname,
                              '--benchmark', benchmark, '--duration', '%g' % duration_ms], timeout)
            res[simname].append(_last_json(text))
    med = {s: {k: statistics.median(r[k] for r in res[s]) for k in
               ('import_s', 'build_s', 'run_s', 'total_s', 'rate_exc_hz', 'rate_inh_hz')} for s in res}
    row = [benchmark]
    for k in ('build_s', 'run_s', 'total_s'):
        row += ['%.2f / %.2f' % (med['axon'][k], med['brian2'][k]), '%.1fx' % (med['brian2'][k] / med['axon'][k])]
    row.append('%.1f / %.1f' % (med['axon']['rate_exc_hz'], med['brian2']['rate_exc_hz']))
    return row


def table(head, rows):
    lines = ['| ' + ' | '.join(head) + ' |', '|' + '---|' * len(head)]
    lines += ['| ' + ' | '.join(str(c) for c in r) + ' |' for r in rows]
    return '\n'.join(lines)


def run(threads, reps, duration_s, timeout, log):
    """The section's markdown, and a list of failures."""
    parts, failures = [], []
    subprocess.run(['make', '-s', '-j2', '-C', ROOT, 'build/axon', 'python'], check=True)
    ms = duration_s * 1000.0
    try:
        log('Python: Brunel, %d thread(s), %g ms, %d repetition(s)' % (threads, ms, reps))
        rows = brunel(threads, reps, ms, timeout)
        parts.append('Brunel from Python (%d thread(s), %g ms simulated, median of %d, alternating): '
                     'whole-process seconds, the library\'s build + run seconds, and the ratio of whole '
                     'processes to `axon run` (target <= 1.2).\n\n' % (threads, ms, reps)
                     + table(['how', 'whole process s', 'build + run s', 'ratio to axon run'], rows) + '\n')
    except (SectionError, subprocess.TimeoutExpired) as e:
        failures.append('Python Brunel: %s' % e)
    try:
        log('Python: closed-loop segments')
        _, text = _timed([PY, os.path.join(HERE, 'segments.py')], timeout)
        parts.append('Closed loops (bench/python/segments.py, target <= 10 us overhead per segment):\n\n```\n'
                     + text.strip() + '\n```\n')
    except (SectionError, subprocess.TimeoutExpired) as e:
        failures.append('Python segments: %s' % e)
    vrows = []
    for b in ('COBA', 'CUBA'):
        try:
            log('Python: PyNN Vogels-Abbott %s through pyNN.axon and pyNN.brian2, %g ms' % (b, ms))
            vrows.append(va(b, reps, ms, timeout))
        except (SectionError, subprocess.TimeoutExpired) as e:
            failures.append('PyNN VA %s: %s' % (b, e))
    if vrows:
        parts.append('PyNN\'s Vogels-Abbott benchmark (bench/python/pynn_va.py, 4000 cells, %g ms simulated, '
                     'median of %d) through pyNN.axon / pyNN.brian2 (its default runtime mode), seconds and '
                     'how many times faster pyNN.axon is (targets: run >= 10x, whole script >= 3x).  build: '
                     'populations and projections; run: sim.run (pyNN.axon builds the network in the library '
                     'there, pyNN.brian2 generates its code there).\n\n' % (ms, reps)
                     + table(['benchmark', 'build s', 'faster', 'run s', 'faster', 'whole script s', 'faster',
                              'E rate Hz'], vrows) + '\n')
    return '\n'.join(parts), failures
