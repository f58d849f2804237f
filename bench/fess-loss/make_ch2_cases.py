#!/usr/bin/env python3
"""Quick real-data cases for the FESS-loss investigation (issue 10): Colin27 brain extraction.

Reads ch2.nii.gz (T1) and ch2bet.nii.gz (brain, label = ch2bet > 0) from Debian's mricron-data and writes an MSD
folder of N whole-head cases. Each case is the same head under its own seeded random perturbation, so held-out
cases differ from the training ones: rotation up to 12 degrees about a random axis, per-axis scale 0.9-1.1,
translation up to 6 mm, a left-right mirror with probability 1/2, a smooth multiplicative bias field (+-20 %),
gamma 0.75-1.33 and Gaussian noise (2 % of the intensity range). Image: trilinear; label: nearest neighbour.
Output grid: `spacing` mm (default 2), RAS axes, the source's field of view.

usage: make_ch2_cases.py OUT [N=10] [SEED=1] [SPACING=2]   (needs numpy only)
"""
import gzip, json, os, struct, sys
import numpy as np

SRC = "/usr/share/mricron/templates"


def read_nifti(path):
    raw = gzip.open(path).read()
    dims = struct.unpack("<8h", raw[40:56])
    dtype = {2: np.uint8, 4: np.int16, 16: np.float32, 512: np.uint16}[struct.unpack("<h", raw[70:72])[0]]
    offset = int(struct.unpack("<f", raw[108:112])[0])
    slope, inter = struct.unpack("<ff", raw[112:120])
    srow = np.array(struct.unpack("<12f", raw[280:328]), dtype=np.float64).reshape(3, 4)
    n = dims[1] * dims[2] * dims[3]
    data = np.frombuffer(raw, dtype=dtype, count=n, offset=offset).astype(np.float32)
    if slope not in (0.0, 1.0) or inter != 0.0:
        data = data * (slope if slope != 0 else 1.0) + inter
    # NIfTI order: i fastest -> numpy array indexed [k, j, i]; transpose to [i, j, k]
    vol = data.reshape(dims[3], dims[2], dims[1]).transpose(2, 1, 0)
    affine = np.vstack([srow, [0, 0, 0, 1]])
    return vol, affine


def write_nifti(path, vol, affine, datatype):
    """NIfTI-1 with sform = qform (code 1) of a diagonal RAS affine; vol indexed [i, j, k]."""
    code, np_type, bitpix = {"uint8": (2, np.uint8, 8), "float32": (16, np.float32, 32)}[datatype]
    h = bytearray(352)
    struct.pack_into("<i", h, 0, 348)
    struct.pack_into("<8h", h, 40, 3, *vol.shape, 1, 1, 1, 1)
    struct.pack_into("<hh", h, 70, code, bitpix)
    sp = np.abs(np.diag(affine)[:3])
    struct.pack_into("<8f", h, 76, 1.0, *sp, 1, 1, 1, 1)
    struct.pack_into("<f", h, 108, 352.0)
    struct.pack_into("<ff", h, 112, 1.0, 0.0)
    struct.pack_into("<B", h, 123, 10 | 8)  # mm, s
    struct.pack_into("<hh", h, 252, 1, 1)
    struct.pack_into("<6f", h, 256, 0, 0, 0, *affine[:3, 3])  # quaternion b c d = 0 (identity), offsets
    struct.pack_into("<12f", h, 280, *affine[:3, :].reshape(-1))
    h[344:348] = b"n+1\0"
    body = np.ascontiguousarray(vol.transpose(2, 1, 0)).astype(np_type).tobytes()
    tmp = path + ".tmp"
    with gzip.open(tmp, "wb", compresslevel=6) as f:
        f.write(bytes(h) + body)
    os.replace(tmp, path)


def sample(vol, coords, order):
    """vol[i, j, k] at fractional voxel coords (3 × n); outside = 0. order 0 = nearest, 1 = trilinear."""
    shape = np.array(vol.shape)[:, None]
    if order == 0:
        idx = np.rint(coords).astype(np.int64)
        ok = np.all((idx >= 0) & (idx < shape), axis=0)
        out = np.zeros(coords.shape[1], np.float32)
        out[ok] = vol[idx[0, ok], idx[1, ok], idx[2, ok]]
        return out
    base = np.floor(coords).astype(np.int64)
    frac = (coords - base).astype(np.float32)
    out = np.zeros(coords.shape[1], np.float32)
    for dx in (0, 1):
        for dy in (0, 1):
            for dz in (0, 1):
                idx = base + np.array([[dx], [dy], [dz]])
                ok = np.all((idx >= 0) & (idx < shape), axis=0)
                w = (frac[0] if dx else 1 - frac[0]) * (frac[1] if dy else 1 - frac[1]) * (frac[2] if dz else 1 - frac[2])
                v = np.zeros_like(out)
                v[ok] = vol[idx[0, ok], idx[1, ok], idx[2, ok]]
                out += w * v
    return out


def rotation(axis, angle):
    axis = axis / np.linalg.norm(axis)
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * k @ k


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    spacing = float(sys.argv[4]) if len(sys.argv) > 4 else 2.0
    image, aff = read_nifti(f"{SRC}/ch2.nii.gz")
    brain, aff2 = read_nifti(f"{SRC}/ch2bet.nii.gz")
    assert np.allclose(aff, aff2) and image.shape == brain.shape
    label = (brain > 0).astype(np.float32)
    lo = aff[:3, 3]
    hi = aff[:3, :3] @ (np.array(image.shape) - 1) + lo
    grid_shape = tuple(int(v) for v in np.floor((hi - lo) / spacing) + 1)
    out_aff = np.diag([spacing, spacing, spacing, 1.0])
    out_aff[:3, 3] = lo
    ii, jj, kk = np.meshgrid(*[np.arange(s) for s in grid_shape], indexing="ij")
    world = out_aff[:3, :3] @ np.stack([ii.ravel(), jj.ravel(), kk.ravel()]) + lo[:, None]
    centre = (lo + hi) / 2
    inv_src = np.linalg.inv(aff)
    os.makedirs(f"{out}/imagesTr", exist_ok=True)
    os.makedirs(f"{out}/labelsTr", exist_ok=True)
    rng = np.random.default_rng(seed)
    training = []
    for c in range(n):
        rot = rotation(rng.normal(size=3), np.deg2rad(rng.uniform(-12, 12)))
        scale = np.diag(rng.uniform(0.9, 1.1, size=3))
        if rng.uniform() < 0.5:
            scale[0, 0] *= -1  # left-right mirror
        shift = rng.uniform(-6, 6, size=3)
        m = rot @ scale  # output world -> source world: x_src = M (x - centre) + centre + shift
        src_world = m @ (world - centre[:, None]) + (centre + shift)[:, None]
        src_vox = inv_src[:3, :3] @ src_world + inv_src[:3, 3:4]
        img = sample(image, src_vox, 1).reshape(grid_shape)
        lab = sample(label, src_vox, 0).reshape(grid_shape)
        u = [(a / (s - 1)) * 2 - 1 for a, s in zip((ii, jj, kk), grid_shape)]
        coef = rng.uniform(-0.2, 0.2, size=6)
        bias = 1 + coef[0] * u[0] + coef[1] * u[1] + coef[2] * u[2] + coef[3] * u[0] * u[1] \
            + coef[4] * (u[2] ** 2 - 1 / 3) + coef[5] * u[1] * u[2]
        img = np.clip(img * bias, 0, None)
        top = float(img.max())
        img = top * (img / top) ** rng.uniform(0.75, 1.33)
        img = img + rng.normal(0, 0.02 * top, size=img.shape)
        cid = f"ch2_{c:03d}"
        write_nifti(f"{out}/imagesTr/{cid}_0000.nii.gz", img.astype(np.float32), out_aff, "float32")
        write_nifti(f"{out}/labelsTr/{cid}.nii.gz", lab.astype(np.uint8), out_aff, "uint8")
        training.append({"image": f"./imagesTr/{cid}.nii.gz", "label": f"./labelsTr/{cid}.nii.gz"})
        print(cid, grid_shape, f"brain fraction {lab.mean():.3f}", flush=True)
    meta = {"name": "ch2-brain", "description": "Colin27 (mricron-data ch2) brain extraction, label ch2bet > 0, "
            f"{n} seeded perturbed copies (make_ch2_cases.py seed {seed})", "channel_names": {"0": "T1"},
            "labels": {"background": 0, "brain": 1}, "numTraining": n, "file_ending": ".nii.gz",
            "training": training}
    with open(f"{out}/dataset.json", "w") as f:
        json.dump(meta, f, indent=1)


if __name__ == "__main__":
    main()
