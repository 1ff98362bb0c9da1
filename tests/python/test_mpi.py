"""axon's Python package under mpirun (docs/mpi.md, "Python"): `mpirun -n N
/usr/bin/python3 script.py` runs the script on every rank; the library starts
MPI itself and finalises it at exit; a network built by the same calls on
every rank is split over the ranks and gives, on every rank, the same
results bit for bit as one process (the reference: the same script without
mpirun); model files that fail or differ on one rank raise the same error on
every rank.  Skipped, with the reason, only when the library has no MPI.

A deliberately wrong library - one whose ranks do not gather every neuron's
state after a run - gives other states on rank 1 than on rank 0 and fails
test_a_network_built_from_python_is_the_same_on_every_rank; one without the
agreement in ax_modelfile_load leaves rank 0 waiting in the build and fails
test_a_model_file_missing_on_one_rank_raises_on_every_rank by its timeout.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap

import pytest

import axon

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

needs_mpi = pytest.mark.skipif(not axon.mpi_info()["built"] or shutil.which("mpirun") is None,
                               reason="this build has no MPI (libopenmpi-dev) or mpirun is missing: "
                                      "nothing to check")

# A network built from Python: Poisson drive onto an excitatory-inhibitory
# pair of populations with random delays, plastic-free; prints one JSON line
# per rank with every neuron's final state hashed and the spike counts.
SCRIPT = textwrap.dedent("""
    import hashlib, json, sys
    import axon
    threads = int(sys.argv[1])
    info = axon.mpi_info()
    net = axon.Network(dt=0.1, seed=7, threads=threads)
    e = net.add_population("E", "IF_curr_exp", 60, params={"i_offset": axon.Uniform(0.2, 0.9)})
    i = net.add_population("I", "IF_curr_exp", 20)
    p = net.add_population("P", "SpikeSourcePoisson", 30, params={"rate": 40.0})
    net.connect(p, e, axon.FixedProbability(0.3), weight=0.8, delay=axon.Uniform(0.5, 3.0))
    net.connect(e, i, axon.FixedProbability(0.2), weight=0.5, delay=1.0)
    net.connect(i, e, axon.FixedProbability(0.3), weight=-1.0, delay=axon.Uniform(1.0, 2.0),
                receptor="inhibitory")
    net.run(100.0)
    h = hashlib.sha256()
    for pop in net.populations:
        for var in ("v",) if pop.name != "P" else ():
            h.update(pop.get(var).tobytes())
    print(json.dumps({"rank": info["rank"], "ranks": info["ranks"], "hash": h.hexdigest(),
                      "spikes": [pop.spike_count for pop in net.populations],
                      "synapses": net.stats["synapses"]}), flush=True)
""")


def _env():
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1", OMP_WAIT_POLICY="passive")
    env["PYTHONPATH"] = os.pathsep.join(p for p in [os.path.dirname(os.path.dirname(axon.__file__)),
                                                    env.get("PYTHONPATH")] if p)
    return env


def _run(cmd, timeout=120):
    return subprocess.run(cmd, env=_env(), capture_output=True, text=True, timeout=timeout)


def _mpirun(n, args, timeout=120):
    """Runs args under mpirun; stdout is every rank's output in rank order
    (each rank's into its own file: the ranks' lines on one pipe may run
    together)."""
    with tempfile.TemporaryDirectory() as d:
        r = _run(["mpirun", "--oversubscribe", "--output-filename", d, "-n", str(n), sys.executable] + args,
                 timeout)
        outs = sorted(glob.glob(os.path.join(d, "*", "rank.*", "stdout")),
                      key=lambda f: int(f.split("rank.")[-1].split(os.sep)[0]))
        text = "".join(open(f).read() for f in outs)
    return subprocess.CompletedProcess(r.args, r.returncode, text if outs else r.stdout, r.stderr)


def _lines(out):
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def test_mpi_info_without_mpirun():
    info = axon.mpi_info()
    assert set(info) == {"built", "ranks", "rank"}
    assert isinstance(info["built"], bool)
    assert info["ranks"] == 1 and info["rank"] == 0   # pytest is not started by mpirun


@needs_mpi
def test_a_network_built_from_python_is_the_same_on_every_rank(tmp_path):
    script = tmp_path / "net.py"
    script.write_text(SCRIPT)
    one = _run([sys.executable, str(script), "1"])
    assert one.returncode == 0, one.stderr
    (ref,) = _lines(one.stdout)
    assert ref["ranks"] == 1 and sum(ref["spikes"]) > 100   # a network that does something
    for ranks, threads in ((2, 1), (3, 2)):
        r = _mpirun(ranks, [str(script), str(threads)])
        # a clean exit: MPI finalised once, after Python's own finalisation
        assert r.returncode == 0, r.stderr
        assert "MPI_Finalize" not in r.stderr and "exiting improperly" not in r.stderr, r.stderr
        got = _lines(r.stdout)
        assert sorted(g["rank"] for g in got) == list(range(ranks))
        for g in got:
            assert g["ranks"] == ranks
            # bit for bit: the same hash of every state and the same counts as one process
            assert (g["hash"], g["spikes"], g["synapses"]) == (ref["hash"], ref["spikes"], ref["synapses"]), \
                (ranks, threads, g, ref)


@needs_mpi
def test_a_model_file_missing_on_one_rank_raises_on_every_rank(tmp_path):
    model = tmp_path / "m.toml"
    shutil.copy(os.path.join(ROOT, "examples", "cobahh.toml"), model)
    script = tmp_path / "load.py"
    script.write_text(textwrap.dedent("""
        import sys
        import axon
        rank = axon.mpi_info()["rank"]
        path = sys.argv[1] if rank == 0 else sys.argv[1] + ".not-on-this-node"
        try:
            axon.load(path).run(10.0)
            print("rank %d: ran" % rank)
        except axon.Error as e:
            print("rank %d: %s: %s" % (rank, type(e).__name__, e))
    """))
    r = _mpirun(2, [str(script), str(model)], timeout=90)
    assert r.returncode == 0, r.stderr
    lines = sorted(line for line in r.stdout.splitlines() if line.startswith("rank "))
    assert len(lines) == 2, r.stdout
    message = "FileError: rank 1 of 2: %s.not-on-this-node: cannot open the model file" % model
    assert all(line.split(": ", 1)[1].startswith(message) for line in lines), lines
    assert lines[0].split(": ", 1)[1] == lines[1].split(": ", 1)[1]   # the same message on every rank


@needs_mpi
def test_model_files_that_differ_across_ranks_raise_on_every_rank(tmp_path):
    script = tmp_path / "loads.py"
    script.write_text(textwrap.dedent("""
        import axon
        rank = axon.mpi_info()["rank"]
        text = '[simulation]\\nduration = 5.0\\nseed = %d\\n[populations.E]\\nmodel = "IF_curr_exp"\\nsize = 4\\n'
        try:
            axon.loads(text % (1 if rank < 2 else 2), name="m.toml").run()
            print("rank %d: ran" % rank)
        except axon.ArgumentError as e:
            print("rank %d: %s" % (rank, e))
    """))
    r = _mpirun(3, [str(script)], timeout=90)
    assert r.returncode == 0, r.stderr
    lines = [line for line in r.stdout.splitlines() if line.startswith("rank ")]
    assert len(lines) == 3 and all("rank 2's model file m.toml" in line and "differs from rank 0's (hash" in line
                                   for line in lines), lines


@needs_mpi
def test_an_exception_on_one_rank_ends_the_job(tmp_path):
    """Rank 1 raises before the build that rank 0 waits in: Python exits with
    status 1 there, the library's exit waits 10 s for the other ranks, then
    ends the job (no rank waits forever)."""
    script = tmp_path / "raise.py"
    script.write_text(textwrap.dedent("""
        import axon
        rank = axon.mpi_info()["rank"]
        net = axon.Network(dt=0.1, seed=1, threads=1)
        net.add_population("E", "IF_curr_exp", 10)
        if rank == 1:
            raise RuntimeError("rank 1 gives up")
        net.run(10.0)
    """))
    r = _mpirun(2, [str(script)], timeout=90)
    assert r.returncode != 0
    assert "RuntimeError: rank 1 gives up" in r.stderr
