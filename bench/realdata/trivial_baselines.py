#!/usr/bin/env python3
"""Trivial baselines of a real-data validation piece (docs/real-data.md), in float64 numpy, independent of fess.

For a case of a `fess realdata install` dataset: its mean foreground Dice (the `val_dice` of metrics.csv: mean over
the foreground classes present in label or prediction, as fess's DiceScores) for
  - every voxel one foreground class (the best such class),
  - the best single intensity threshold (voxels above, or below, t are foreground; for several classes the
    foreground gets the class most frequent in it), t over 256 quantiles of the piece itself (an oracle),
  - the best intensity band [lo, hi] on the same quantile grid (an oracle),
  - for several (k) classes, the best over the same thresholds of: the foreground F with each voxel's class drawn
    uniformly at random among the k foreground classes, scored by its expected counts (class C gets
    2(|F∩C|/k) / (|F|/k + |C|)). That is the tissue found by intensity with no idea which class it is; a model
    above it tells the classes apart.
Usage: trivial_baselines.py DATASET CASE_ID
"""
import gzip
import sys

import numpy as np

DTYPES = {2: np.uint8, 4: np.int16, 8: np.int32, 16: np.float32, 64: np.float64, 512: np.uint16}


def read_nifti(path):
    raw = gzip.open(path).read()
    dims = np.frombuffer(raw, np.int16, 8, 40)
    code = int(np.frombuffer(raw, np.int16, 1, 70)[0])
    offset = int(np.frombuffer(raw, np.float32, 1, 108)[0])
    slope, inter = np.frombuffer(raw, np.float32, 2, 112)
    shape = tuple(int(d) for d in dims[1:1 + dims[0]])
    data = np.frombuffer(raw, DTYPES[code], int(np.prod(shape)), offset).astype(np.float64)
    if slope not in (0, 1) or inter != 0:
        data = data * (slope if slope != 0 else 1) + inter
    return data


def mean_dice(pred, label, classes):
    scores = []
    for c in classes:
        p, t = pred == c, label == c
        if p.any() or t.any():
            scores.append(2 * np.sum(p & t) / (np.sum(p) + np.sum(t)))
    return float(np.mean(scores)) if scores else 1.0


def main(dataset, case):
    image = read_nifti(f"{dataset}/imagesTr/{case}_0000.nii.gz")
    label = read_nifti(f"{dataset}/labelsTr/{case}.nii.gz").astype(int)
    classes = [c for c in range(1, int(label.max()) + 1)]
    fg_class = np.bincount(label[label > 0]).argmax() if (label > 0).any() else 1
    constant = max(mean_dice(np.full(label.shape, c), label, classes) for c in classes)
    grid = np.unique(np.quantile(image, np.linspace(0, 1, 257)))
    best_threshold = 0.0
    for t in grid:
        for fg in (image > t, image <= t):
            best_threshold = max(best_threshold, mean_dice(np.where(fg, fg_class, 0), label, classes))
    best_band = 0.0
    for i, lo in enumerate(grid[::4]):
        for hi in grid[::4][i + 1:]:
            fg = (image > lo) & (image <= hi)
            best_band = max(best_band, mean_dice(np.where(fg, fg_class, 0), label, classes))
    random_classes = None
    if len(classes) > 1:
        k = len(classes)
        random_classes = 0.0
        for t in grid:
            for fg in (image > t, image <= t):
                # class c is predicted on |F|/k voxels in expectation, |F∩C|/k of them right
                n_f = np.sum(fg)
                scores = [2 * (np.sum(fg & (label == c)) / k) / (n_f / k + np.sum(label == c)) for c in classes]
                random_classes = max(random_classes, float(np.mean(scores)))
    share = np.mean(label > 0)
    print(f"{case}: foreground {share:.3f} of {label.size} voxels; one class everywhere {constant:.3f}; "
          f"best threshold {best_threshold:.3f}; best band {best_band:.3f}"
          + (f"; best threshold, random class {random_classes:.3f}" if random_classes is not None else ""))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
