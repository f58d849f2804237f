"""Times nibabel reading/writing one .nii.gz, or generates the benchmark file (not a test).

Usage: nibabel_bench.py gen FILE | nibabel_bench.py read|write FILE [reps]
Read = nib.load + np.asanyarray(img.dataobj) (float32, as stored); write = nib.save of a Nifti1Image to .nii.gz
with nibabel's default gzip compresslevel (nibabel.openers.Opener.default_compresslevel, 1).
Two untimed warm-up runs, then `reps` timed runs; prints "nibabel <op> <median_ms>".
"""
import os
import statistics
import sys
import tempfile
import time

import nibabel as nib
import numpy as np


def gen(path):
    rng = np.random.default_rng(0)
    shape = (240, 240, 155)
    i, j, k = np.meshgrid(*[np.linspace(-1, 1, s, dtype=np.float32) for s in shape], indexing="ij")
    r2 = i * i + j * j + (k * 1.3) ** 2
    head = np.where(r2 < 0.8, 600 + 300 * np.cos(6 * i) * np.sin(5 * j), 0).astype(np.float32)
    noise = rng.normal(0, 15, shape).astype(np.float32)
    data = np.where(r2 < 0.85, head + noise, np.abs(noise) * 0.2).astype(np.float32)
    affine = np.diag([1.0, 1.0, 1.0, 1.0])
    affine[:3, 3] = [-120, -120, -77]
    nib.save(nib.Nifti1Image(data, affine), path)


def main():
    op, path = sys.argv[1], sys.argv[2]
    if op == "gen":
        gen(path)
        return
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    img = nib.load(path)
    data = np.asanyarray(img.dataobj)
    out = tempfile.mktemp(suffix=".nii.gz")
    times = []
    for r in range(-2, reps):
        t0 = time.perf_counter()
        if op == "read":
            np.asanyarray(nib.load(path).dataobj)
        else:
            nib.save(nib.Nifti1Image(data, img.affine), out)
        dt = time.perf_counter() - t0
        if r >= 0:
            times.append(dt * 1000)
    if os.path.exists(out):
        os.remove(out)
    print(f"nibabel {op} {statistics.median(times):.1f}")


if __name__ == "__main__":
    main()
