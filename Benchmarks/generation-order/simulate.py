"""Replays the lane scheduler of `orrery generate` on measured per-trajectory evaluation counts (run.sh).

For each seed: the makespan, over the ideal (every lane busy to the end), of starting the solves in index
order, in the order of the shortest dynamical time scale (NBodyTimeScale, recomputed here from the file's
initial states), and in the order of the true cost (the best any order can do). Units: group steps of
12 evaluations (DOP853); a thread's 8 lanes advance together; once the queue is empty and at most 2 lanes
of a thread are busy, they finish one at a time at 1/3 of a group step per step (LaneIntegrator.finishesAlone).
"""
import sys
import h5py
import numpy as np


def time_scales(path):
    f = h5py.File(path, "r")
    y0, masses, G = f["initial_state"][:], f["parameters/masses"][:], f["parameters/G"][:]
    ids = f["trajectory_id"][:]
    scales = {}
    for b, i in enumerate(ids):
        q, v, m, g = y0[b, :9].reshape(3, 3), y0[b, 9:].reshape(3, 3), masses[b], G[b]
        vc = (m[:, None] * v).sum(0) / m.sum()
        pairs = [(i, j) for i in range(3) for j in range(i + 1, 3)]
        energy = 0.5 * sum(m[k] * (v[k] - vc) @ (v[k] - vc) for k in range(3))
        energy -= sum(g * m[a] * m[c] / np.linalg.norm(q[a] - q[c]) for a, c in pairs)
        s = np.inf
        for a, c in pairs:
            mu = g * (m[a] + m[c])
            s = min(s, (np.linalg.norm(q[a] - q[c]) ** 3 / mu) ** 0.5)
            if energy < 0:
                sma = g * m[a] * m[c] / (-2 * energy)
                s = min(s, 2 * np.pi * (sma ** 3 / mu) ** 0.5)
        scales[int(i)] = s
    return scales


def makespan(steps, order, threads=2, width=8, alone=1 / 3):
    queue, taken = list(order), 0
    clock, lanes, done = [0.0] * threads, [[] for _ in range(threads)], [False] * threads
    while not all(done):
        t = min((k for k in range(threads) if not done[k]), key=lambda k: clock[k])
        busy = lanes[t]
        while len(busy) < width and taken < len(queue):
            busy.append(steps[queue[taken]])
            taken += 1
        if not busy:
            done[t] = True
            continue
        if taken >= len(queue) and len(busy) <= max(1, width // 4):
            clock[t] += sum(busy) * alone
            busy.clear()
            done[t] = True
            continue
        advance = min(busy) if taken >= len(queue) else min(min(busy), 50)
        clock[t] += advance
        lanes[t] = [x - advance for x in busy if x - advance > 0]
    return max(clock)


out, seeds = sys.argv[1], sys.argv[2:]
print("| seed | longest / ideal | index order | shortest time scale first | true cost first |")
print("|---:|---:|---:|---:|---:|")
rows = []
for seed in seeds:
    evaluations = dict(tuple(map(int, line.split())) for line in open(f"{out}/evaluations-{seed}.txt"))
    scales = time_scales(f"{out}/seed-{seed}.h5")
    n = len(evaluations)
    steps = np.array([evaluations[i] / 12 for i in range(n)])
    ideal = steps.sum() / 16
    scale = np.array([scales.get(i, np.inf) for i in range(n)])
    row = [makespan(steps, range(n)) / ideal, makespan(steps, np.lexsort((np.arange(n), scale))) / ideal,
           makespan(steps, np.argsort(-steps, kind="stable")) / ideal]
    rows.append(row)
    print(f"| {seed} | {steps.max() / ideal:.2f} | {row[0]:.3f} | {row[1]:.3f} | {row[2]:.3f} |")
mean = np.mean(rows, axis=0)
print(f"| mean | | {mean[0]:.3f} | {mean[1]:.3f} | {mean[2]:.3f} |")
