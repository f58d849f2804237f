#!/usr/bin/env python3
"""Benchmark side B (scipy) of bench/metrics/run.sh: the MONAI computation of HD95 and ASSD.

python3 reference.py DIR SX SY SZ REPS -> one JSON line {"side":"scipy","seconds":median wall,"cpu_seconds":...}

As MONAI get_mask_edges(crop=True) + get_surface_distance + compute_hausdorff_distance(percentile=95) /
compute_average_surface_distance(symmetric=True): crop both masks to the bounding box of their union, border =
mask ^ binary_erosion(mask) (default cross), distances from distance_transform_edt(~border, sampling=spacing),
HD95 = max of the two directed numpy percentiles, ASSD = mean of both directed sets pooled.
"""
import json
import sys
import time

import numpy as np
from scipy import ndimage

NX, NY, NZ = 240, 240, 155


def load(path):
    return np.fromfile(path, dtype=np.uint8).reshape((NX, NY, NZ), order="F").astype(bool)


def once(pred, label, spacing):
    union = pred | label
    box = tuple(slice(int(np.flatnonzero(union.any(axis=tuple(a for a in range(3) if a != ax))).min()),
                      int(np.flatnonzero(union.any(axis=tuple(a for a in range(3) if a != ax))).max()) + 1)
                for ax in range(3))
    p, g = pred[box], label[box]
    ep = p ^ ndimage.binary_erosion(p)
    eg = g ^ ndimage.binary_erosion(g)
    d_pg = ndimage.distance_transform_edt(~eg, sampling=spacing)[ep]
    d_gp = ndimage.distance_transform_edt(~ep, sampling=spacing)[eg]
    hd95 = max(np.percentile(d_pg, 95), np.percentile(d_gp, 95))
    assd = np.concatenate([d_pg, d_gp]).mean()
    return float(hd95), float(assd)


def main():
    d = sys.argv[1]
    spacing = [float(x) for x in sys.argv[2:5]]
    reps = int(sys.argv[5])
    pred, label = load(d + "/pred.u8"), load(d + "/label.u8")
    result = once(pred, label, spacing)  # warm-up
    times, cpu = [], []
    for _ in range(reps):
        c0 = time.process_time()
        t0 = time.perf_counter()
        result = once(pred, label, spacing)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print(json.dumps({"side": "scipy", "seconds": float(np.median(times)), "cpu_seconds": float(np.median(cpu)),
                      "hd95": result[0], "assd": result[1]}))


if __name__ == "__main__":
    main()
