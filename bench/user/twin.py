"""Shared parts of the PyTorch twins of `fess train` and `fess predict` (bench/user): fess's preprocessing
(dev.fess.preprocess.Preprocessor) written with nibabel and numpy, for one channel-first image on a (z, y, x) grid.
"""
import math

import nibabel as nib
import numpy as np
import torch
import torch.nn.functional as F


def read_ras(path):
    """(array on the RAS grid in (z, y, x) order, its spacing (x, y, z), the image, the orientation to RAS)."""
    img = nib.load(path)
    ornt = nib.orientations.io_orientation(img.affine)
    data = nib.orientations.apply_orientation(np.asarray(img.dataobj, dtype=np.float32), ornt)
    zooms = np.asarray(img.header.get_zooms()[:3], dtype=np.float64)
    spacing = np.empty(3)
    for i in range(3):
        spacing[int(ornt[i, 0])] = zooms[i]
    return np.ascontiguousarray(data.T), spacing, img, ornt


def from_ras(zyx, img, ornt):
    """An array on the RAS grid in (z, y, x) order back onto the image's own grid (x, y, z order)."""
    back = nib.orientations.ornt_transform(nib.orientations.axcodes2ornt("RAS"), ornt)
    return nib.orientations.apply_orientation(zyx.T, back)


def resampled_shape(shape_zyx, spacing_xyz, target_xyz):
    """Preprocessor.resampledShape on (z, y, x) shapes with (x, y, z) spacings."""
    out = []
    for a in range(3):
        s, t, n = spacing_xyz[2 - a], target_xyz[2 - a], shape_zyx[a]
        out.append(n if abs(s - t) <= 1e-6 * t else max(1, int(round(n * s / t))))
    return tuple(out)


def resample_linear(x, shape):
    """C x D x H x W to C x shape, trilinear with the half-voxel convention (fess's Resampler.linear)."""
    if tuple(x.shape[1:]) == tuple(shape):
        return x
    t = torch.from_numpy(np.ascontiguousarray(x))[None]
    return F.interpolate(t, size=tuple(shape), mode="trilinear", align_corners=False)[0].numpy()


def crop_and_normalise(x):
    """Crop C x D x H x W to the box where any channel is non-zero, z-score each channel over those voxels (0
    elsewhere). Returns the cropped image and the box (lo, hi) in (z, y, x)."""
    nz = np.argwhere((x != 0).any(0))
    lo, hi = (nz.min(0), nz.max(0) + 1) if nz.size else (np.zeros(3, int), np.array(x.shape[1:]))
    box = tuple(slice(a, b) for a, b in zip(lo, hi))
    x = x[(slice(None),) + box].copy()
    mask = (x != 0).any(0)
    for c in range(x.shape[0]):
        v = x[c][mask].astype(np.float64)
        if v.size:
            mean = v.mean()
            std = max(math.sqrt(((v - mean) ** 2).mean()), 1e-8)
            x[c] = np.where(mask, (x[c] - mean) / std, 0).astype(np.float32)
    return x, box


def padded_to(x, patch):
    """Zero-pads C x D x H x W at the end of each axis to at least the patch (SlidingWindowPredictor)."""
    shape = x.shape[1:]
    out = np.zeros((x.shape[0],) + tuple(max(s, p) for s, p in zip(shape, patch)), np.float32)
    out[:, :shape[0], :shape[1], :shape[2]] = x
    return out
