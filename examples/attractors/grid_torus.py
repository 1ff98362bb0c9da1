#!/usr/bin/python3
"""A grid-cell torus attractor that integrates velocity: one bump of
activity on a 30 x 30 torus of integrate-and-fire cells (grid_torus.toml)
moves with a velocity input u(t), its displacement the integral of u times
a gain (Burak & Fiete 2009 on the main seed's torus kernel).

The driver sets u(t), a piecewise-constant trajectory, through the model
file's four step inputs (one per preferred direction: 1 nA (1 + 0.2 e.u)),
runs it, and reads the bump's position every 20 ms as the circular mean of
the spikes on each axis of the torus, unwrapped over time.  It prints the
bump's displacement against the integrated velocity (a least-squares gain
and R^2 per axis) and with --plot draws both over time and snapshots of the
torus's activity.  The default trajectory: 300 ms at rest (the bump forms),
then u = (0.5, 0) for 600 ms, (0, 0.5), (-0.35, -0.35), (0, 0) for 300 ms.

    PYTHONPATH=build/python examples/attractors/grid_torus.py [--seed 1] [--plot FILE] [--quick]
"""
import argparse
import os

import numpy as np

import axon
from axon.errors import ArgumentError

HERE = os.path.dirname(os.path.abspath(__file__))
SIDE = 30                       # the torus: SIDE x SIDE cells at integer points
DRIVE = 1.0                     # nA
ALPHA = 0.2                     # the drive's modulation per unit of u
# population: (preferred direction e, the corner of its 2 x 2 block), as in grid_torus.toml
DIRECTIONS = {"east": ((1, 0), (0, 0)), "west": ((-1, 0), (1, 1)),
              "north": ((0, 1), (0, 1)), "south": ((0, -1), (1, 0))}
SETTLE = 300.0                  # ms at u = 0 before the trajectory
BIN = 20.0                      # ms per position estimate
DEFAULT_TRAJECTORY = [(0.0, 0.0, SETTLE), (0.5, 0.0, 600.0), (0.0, 0.5, 600.0), (-0.35, -0.35, 600.0),
                      (0.0, 0.0, 300.0)]


def check_trajectory(trajectory):
    """The trajectory as an array of rows (ux, uy, duration ms); refused (ArgumentError, naming the segment)
    unless every u is finite with |ALPHA e.u| < 1 (a drive that stays positive) and every duration is a
    positive multiple of BIN."""
    t = np.asarray(trajectory, dtype=np.float64)
    if t.ndim != 2 or t.shape[1] != 3 or len(t) == 0:
        raise ArgumentError("grid_torus: trajectory has shape %s: rows of (ux, uy, duration ms) are needed"
                            % (t.shape,))
    for k, (ux, uy, ms) in enumerate(t):
        if not (np.isfinite(ux) and np.isfinite(uy) and ALPHA * max(abs(ux), abs(uy)) < 1.0):
            raise ArgumentError("grid_torus: trajectory segment %d: u = (%g, %g); each component must be "
                                "finite and below %g in size (the drive 1 + %g e.u must stay > 0)"
                                % (k, ux, uy, 1.0 / ALPHA, ALPHA))
        if not (np.isfinite(ms) and ms > 0 and abs(ms / BIN - round(ms / BIN)) < 1e-9):
            raise ArgumentError("grid_torus: trajectory segment %d: duration %g ms; a positive multiple of "
                                "%g ms is allowed" % (k, ms, BIN))
    return t


def run(trajectory=DEFAULT_TRAJECTORY, seed=1, threads=1):
    """Run the torus along the trajectory: a dict with the spikes (time ms, x, y), the position estimates
    (`times`: the bins' centres, `position`: (bins, 2) unwrapped, `length`: the population vector's length
    per axis) and `integrated` (bins, 2): the integral of u up to each bin's centre (unit x s)."""
    traj = check_trajectory(trajectory)
    starts = np.concatenate(([0.0], np.cumsum(traj[:, 2])[:-1]))
    duration = float(np.sum(traj[:, 2]))
    settings = {"simulation.seed": int(seed), "simulation.duration": duration, "simulation.threads": int(threads)}
    for k, (name, (e, _)) in enumerate(DIRECTIONS.items()):
        settings["inputs.%d.times" % k] = starts.tolist()
        drive = DRIVE * (1.0 + ALPHA * (e[0] * traj[:, 0] + e[1] * traj[:, 1]))
        settings["inputs.%d.amplitudes" % k] = drive.tolist()
    with axon.load(os.path.join(HERE, "grid_torus.toml"), set=settings) as m:
        net = m.network
        recorders = {name: net.population(name).record("spikes") for name in DIRECTIONS}
        net.run(duration)
        times, xs, ys = [], [], []
        for name, (_, corner) in DIRECTIONS.items():
            t, i = recorders[name].spikes
            i = np.asarray(i, dtype=np.int64)
            times.append(np.asarray(t, dtype=np.float64))
            xs.append(corner[0] + 2 * (i // (SIDE // 2)))      # row-major 15 x 15 grid of spacing 2
            ys.append(corner[1] + 2 * (i % (SIDE // 2)))
    t, x, y = np.concatenate(times), np.concatenate(xs), np.concatenate(ys)
    edges = np.arange(0.0, duration + BIN / 2, BIN)
    centres = (edges[:-1] + edges[1:]) / 2
    position, length = bump_positions(t, x, y, edges)
    # integral of u up to each centre: u is constant over each segment
    seg = np.searchsorted(starts, centres, side="right") - 1
    before = np.concatenate(([[0.0, 0.0]], np.cumsum(traj[:-1, :2] * traj[:-1, 2:3] / 1000.0, axis=0)))
    integrated = before[seg] + traj[seg, :2] * (centres - starts[seg])[:, None] / 1000.0
    return dict(times=t, x=x, y=y, centres=centres, position=position, length=length, integrated=integrated,
                trajectory=traj, duration=duration)


def bump_positions(t, x, y, edges):
    """The bump's centre in each bin [edges[k], edges[k+1]): on each axis the circular mean of the spikes'
    coordinates (angle 2 pi x / SIDE), unwrapped over the bins so that it counts whole turns of the torus;
    and the mean resultant length per axis (1: every spike at one coordinate; near 0: no bump).  A bin
    without spikes gives NaN (no position) and length 0."""
    k = np.searchsorted(edges, t, side="right") - 1
    keep = (k >= 0) & (k < len(edges) - 1)
    bins = len(edges) - 1
    pos = np.full((bins, 2), np.nan)
    length = np.zeros((bins, 2))
    for axis, c in enumerate((x, y)):
        z = np.zeros(bins, dtype=complex)
        np.add.at(z, k[keep], np.exp(2j * np.pi * c[keep] / SIDE))
        n = np.bincount(k[keep], minlength=bins)
        ok = n > 0
        length[ok, axis] = np.abs(z[ok]) / n[ok]
        angle = np.unwrap(np.angle(z[ok]))
        pos[ok, axis] = angle * SIDE / (2 * np.pi)
    return pos, length


def activity(run_result, t0, t1):
    """Spike counts per cell in [t0, t1) as a SIDE x SIDE array (row x, column y)."""
    r = run_result
    sel = (r["times"] >= t0) & (r["times"] < t1)
    counts = np.zeros((SIDE, SIDE))
    np.add.at(counts, (r["x"][sel], r["y"][sel]), 1.0)
    return counts


def bumps(counts, level=0.5):
    """The number of bumps: connected groups (4-neighbours, wrapping round the torus) of the cells whose count
    is at least `level` times the largest."""
    on = counts >= level * counts.max() if counts.max() > 0 else np.zeros(counts.shape, dtype=bool)
    label = np.zeros(counts.shape, dtype=np.int64)
    found = 0
    for start in zip(*np.nonzero(on)):
        if label[start]:
            continue
        found += 1
        stack = [start]
        label[start] = found
        while stack:
            i, j = stack.pop()
            for a, b in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
                a, b = a % counts.shape[0], b % counts.shape[1]
                if on[a, b] and not label[a, b]:
                    label[a, b] = found
                    stack.append((a, b))
    return found


def fit_gain(integrated, displacement):
    """Least-squares line displacement = gain * integrated + offset on one axis: (gain, offset, R^2)."""
    ok = np.isfinite(displacement)
    a, b = integrated[ok], displacement[ok]
    gain, offset = np.polyfit(a, b, 1)
    residual = b - (gain * a + offset)
    r2 = 1.0 - np.sum(residual ** 2) / np.sum((b - b.mean()) ** 2)
    return gain, offset, r2


def plot(r, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    moving = r["centres"] >= SETTLE
    start = r["position"][np.argmax(moving)]
    fig = plt.figure(figsize=(9, 5.2))
    grid = fig.add_gridspec(2, 5)
    ax = fig.add_subplot(grid[0, :3])
    for axis, (name, colour) in enumerate((("x", "C0"), ("y", "C1"))):
        gain = fit_gain(r["integrated"][moving, axis], r["position"][moving, axis])[0]
        ax.plot(r["centres"], r["position"][:, axis] - start[axis], colour, label="bump %s" % name)
        ax.plot(r["centres"], gain * r["integrated"][:, axis], colour, ls="--", lw=1,
                label="%.1f x integrated u%s" % (gain, name))
    ax.set_xlabel("time (ms)"), ax.set_ylabel("displacement (cells)")
    ax.legend(fontsize=7, loc="best")
    ax = fig.add_subplot(grid[0, 3:])
    ax.plot(r["position"][moving, 0] - start[0], r["position"][moving, 1] - start[1], "k.-", ms=2, lw=0.5)
    ax.set_xlabel("bump x (cells)"), ax.set_ylabel("bump y (cells)"), ax.set_aspect("equal", "datalim")
    ax.set_title("path of the bump", fontsize=8)
    bounds = np.concatenate(([0.0], np.cumsum(r["trajectory"][:, 2])))
    for k in range(min(5, len(bounds) - 1)):
        t1 = bounds[k + 1]
        ax = fig.add_subplot(grid[1, k])
        ax.imshow(activity(r, t1 - 100.0, t1).T, origin="lower", cmap="viridis", interpolation="nearest")
        ux, uy = r["trajectory"][k, :2]
        ax.set_title("%g-%g ms\nu = (%g, %g)" % (t1 - 100, t1, ux, uy), fontsize=7)
        ax.set_xticks([]), ax.set_yticks([])
    fig.suptitle("grid-cell torus 30 x 30: the bump integrates the velocity input", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--plot", metavar="FILE", help="bump position over time and snapshots (PNG)")
    ap.add_argument("--quick", action="store_true", help="a shorter trajectory (300 ms per segment)")
    args = ap.parse_args()
    traj = DEFAULT_TRAJECTORY
    if args.quick:
        traj = [(ux, uy, min(ms, 300.0)) for ux, uy, ms in traj]
    r = run(traj, seed=args.seed)
    settled = activity(r, SETTLE - 100.0, SETTLE)
    print("after %g ms: %d bump(s), %d cells at >= half the peak count" % (SETTLE, bumps(settled),
                                                                           np.sum(settled >= 0.5 * settled.max())))
    moving = r["centres"] >= SETTLE
    for axis, name in enumerate("xy"):
        gain, _, r2 = fit_gain(r["integrated"][moving, axis], r["position"][moving, axis])
        print("axis %s: displacement = %.2f cells per unit of integrated u (unit x s), R^2 %.4f" % (name, gain, r2))
    if args.plot:
        plot(r, args.plot)
        print("wrote", args.plot)


if __name__ == "__main__":
    main()
