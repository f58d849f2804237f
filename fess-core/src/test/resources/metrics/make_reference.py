#!/usr/bin/env python3
"""Reference values for dev.fess.metrics from scipy (run by hand; tests read reference.json only).

Surface convention as MONAI's get_mask_edges: border = mask XOR binary_erosion(mask) with scipy's default
structuring element (6-connected cross) and border_value=0. Directed distances from the EDT of the complement of
the other surface with sampling=spacing. HD95 = max of the two directed 95th percentiles (numpy linear),
ASSD = mean of both directed sets pooled. Arrays are indexed [i, j, k]; masks are stored as the flat Fortran-order
(i fastest) indices of their true voxels, as fess stores volumes.

Usage: python3 make_reference.py > reference.json
"""
import json
import sys

import numpy as np
from scipy import ndimage


def blob_mask(rng, shape):
    i, j, k = np.meshgrid(*[np.arange(n) for n in shape], indexing="ij")
    m = np.zeros(shape, bool)
    for _ in range(rng.integers(1, 4)):
        c = [rng.uniform(0, n) for n in shape]
        r = [rng.uniform(1.5, n / 2.5) for n in shape]
        m |= ((i - c[0]) / r[0]) ** 2 + ((j - c[1]) / r[1]) ** 2 + ((k - c[2]) / r[2]) ** 2 <= 1
    flip = rng.random(shape) < 0.03
    return m ^ flip


def surface(m):
    return m ^ ndimage.binary_erosion(m)


def directed(a_surf, b_surf, spacing):
    dt = ndimage.distance_transform_edt(~b_surf, sampling=spacing)
    return dt[a_surf]


def indices(m):
    return [int(x) for x in np.flatnonzero(m.ravel(order="F"))]


def main():
    rng = np.random.default_rng(20261127)
    shape = (20, 24, 16)
    cases = []
    for c in range(8):
        spacing = [float(round(rng.uniform(0.4, 3.0), 3)) for _ in range(3)]
        pred = blob_mask(rng, shape)
        label = blob_mask(rng, shape) if c % 2 else (pred ^ (rng.random(shape) < 0.05))
        sp, sg = surface(pred), surface(label)
        d_pg = directed(sp, sg, spacing)
        d_gp = directed(sg, sp, spacing)
        tp = int((pred & label).sum())
        fp = int((pred & ~label).sum())
        fn = int((~pred & label).sum())
        cases.append({
            "shape": list(shape),
            "spacing": spacing,
            "pred": indices(pred),
            "label": indices(label),
            "pred_surface_voxels": int(sp.sum()),
            "label_surface_voxels": int(sg.sum()),
            "dice": 2 * tp / (2 * tp + fp + fn),
            "hd95": float(max(np.percentile(d_pg, 95), np.percentile(d_gp, 95))),
            "hd": float(max(d_pg.max(), d_gp.max())),
            "assd": float(np.concatenate([d_pg, d_gp]).mean()),
            "edt_of_pred": {"sum": float(ndimage.distance_transform_edt(pred, sampling=spacing).sum()),
                            "max": float(ndimage.distance_transform_edt(pred, sampling=spacing).max())},
        })
    small_shape = (9, 8, 7)
    small_spacing = [0.7, 1.9, 2.6]
    small = rng.random(small_shape) < 0.8
    edt = ndimage.distance_transform_edt(small, sampling=small_spacing)
    out = {
        "generator": "make_reference.py (numpy %s, scipy %s)" % (np.__version__, __import__("scipy").__version__),
        "cases": cases,
        "edt": {"shape": list(small_shape), "spacing": small_spacing, "mask": indices(small),
                "distances": [float(x) for x in edt.ravel(order="F")]},
    }
    json.dump(out, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
