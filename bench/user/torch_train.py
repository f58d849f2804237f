"""PyTorch twin of `fess train` on a BraTS-layout folder, with fess's recipe (the time-to-Dice benchmark).

Same recipe as `fess train --channels flair --labels brats-whole-tumour --loss fess --augment false` (bench/run.sh):
  data       the split file's fold 0 (the same file fess gets through --split-file)
  preprocess nibabel read, reorientation to RAS, crop to the image's non-zero box, z-score over the non-zero voxels
             (0 elsewhere); the synthetic cases are 1 mm isotropic = the target spacing, so nothing is resampled
  sampling   per step B cases drawn uniformly, the last ceil(B/3) patches centred on a foreground voxel, the others
             at a uniform start; a patch start is clamped as in PatchSampler; zero padding when the case is smaller
  network    bench/torch_net.py's twin of fess's SegmentationModel (U-Net with the given filters, instance norm,
             LeakyReLU, 1 sigmoid output for whole tumour, voxel head on the sampled voxels), started from the very
             parameters fess starts from for this seed (ExportParameters.java init)
  loss       0.5 * soft Dice (sigmoid, per sample, eps 1e-5) + 0.5 * SupCon (K = 256 voxels per class, tau 0.5)
  optimiser  Adam (0.9, 0.999, 1e-8), global-norm clipping 1.0, poly schedule lr * (1 - t/T)^0.9, T = epochs * its
  validation every epoch: each validation case whole, Gaussian sliding window of the training patch, overlap 0.5,
             sigmoid > 0.5, hard Dice (1 when both are empty), mean over cases; the last parameters saved each epoch
Prints `RESULT {json}`: the Dice curve [epoch, Dice, seconds since START], the first time and step count where the
validation Dice reached TARGET (null when never), and the process's own wall time.
Usage: python3 torch_train.py DATA SPLITS INIT_DIR OUT SEED EPOCHS ITERATIONS PATCH BATCH FILTERS LR TARGET START
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_net  # noqa: E402

import twin  # noqa: E402

(data, splits, init_dir, out, seed, epochs, iterations, patch, batch, filters, lr, target, start) = sys.argv[1:14]
seed, epochs, iterations, patch, batch = int(seed), int(epochs), int(iterations), int(patch), int(batch)
lr, target, start = float(lr), float(target), float(start)
torch.set_num_threads(2)
torch.manual_seed(seed)
rng = np.random.default_rng(seed)
P = (patch, patch, patch)


def load_case(case_id):
    """(image 1 x D x H x W float32, classes D x H x W uint8, box) on the preprocessed grid (z, y, x order)."""
    x, _, _, _ = twin.read_ras(f"{data}/{case_id}/{case_id}_flair.nii.gz")
    y, _, _, _ = twin.read_ras(f"{data}/{case_id}/{case_id}_seg.nii.gz")
    x, box = twin.crop_and_normalise(x[None])
    return x, (y[box] > 0).astype(np.uint8), box


def crop_padded(arr, start, size):
    """arr[..., start:start+size] per spatial axis, zero outside the array."""
    out = np.zeros(arr.shape[:-3] + tuple(size), arr.dtype)
    src, dst = [], []
    for a in range(3):
        n = arr.shape[-3 + a]
        s0, s1 = max(start[a], 0), min(start[a] + size[a], n)
        src.append(slice(s0, s1))
        dst.append(slice(s0 - start[a], s1 - start[a]))
    out[(Ellipsis,) + tuple(dst)] = arr[(Ellipsis,) + tuple(src)]
    return out


def patch_start(shape, fg, foreground):
    if foreground and fg is not None and len(fg):
        v = fg[rng.integers(len(fg))]
        return [max(min(0, shape[a] - P[a]), min(max(0, shape[a] - P[a]), v[a] - P[a] // 2)) for a in range(3)]
    return [int(rng.integers(min(0, shape[a] - P[a]), max(0, shape[a] - P[a]) + 1)) for a in range(3)]


def sigmoid_dice_loss(logits, labels):
    p = logits.sigmoid()
    g = labels.unsqueeze(1).to(p.dtype)
    axes = (2, 3, 4)
    return (1 - (2 * (p * g).sum(axes) + 1e-5) / (p.sum(axes) + g.sum(axes) + 1e-5)).mean()


def validate(model, cases):
    total = 0.0
    for x, y, _ in cases:
        shape = x.shape[1:]
        logits = torch_net.sliding_window(model.unet, torch.from_numpy(twin.padded_to(x, P)), P, 0.5)
        pred = (logits[0, :shape[0], :shape[1], :shape[2]] > 0).numpy()
        truth = y.astype(bool)
        denom = pred.sum() + truth.sum()
        total += 1.0 if denom == 0 else 2.0 * (pred & truth).sum() / denom
    return total / len(cases)


split = json.load(open(splits))["folds"][0]
train = [load_case(c) for c in split["train"]]
train_fg = [np.argwhere(y > 0) for _, y, _ in train]
val = [load_case(c) for c in split["val"]]
model = torch_net.SegmentationModel(1, 1, filters=tuple(int(f) for f in filters.split(",")))
torch_net.load_fess_parameters(model, torch_net.read_manifest(init_dir), init_dir)
opt = torch.optim.Adam(model.parameters(), lr=lr)
total_steps = epochs * iterations
first_fg = batch - (batch + 2) // 3
curve, reached, reached_step, step = [], None, None, 0
os.makedirs(out, exist_ok=True)
for epoch in range(1, epochs + 1):
    model.train()
    for _ in range(iterations):
        xs, ys = [], []
        for b in range(batch):
            k = int(rng.integers(len(train)))
            x, y, _ = train[k]
            s = patch_start(x.shape[1:], train_fg[k], b >= first_fg)
            xs.append(crop_padded(x, s, P))
            ys.append(crop_padded(y, s, P))
        xb, yb = torch.from_numpy(np.stack(xs)), torch.from_numpy(np.stack(ys).astype(np.int64))
        for group in opt.param_groups:
            group["lr"] = lr * (1 - step / total_steps) ** 0.9
        logits, bottleneck, features = model.unet(xb)
        loss = 0.5 * sigmoid_dice_loss(logits, yb) + 0.5 * torch_net.fess_supcon(
            features, yb, 256, rng, 0.5, project=model.project_rows)
        if not math.isfinite(loss.item()):
            raise SystemExit(f"non-finite loss at step {step}")
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        step += 1
    model.eval()
    dice = validate(model, val)
    torch.save(model.state_dict(), f"{out}/last.pt")
    seconds = round(time.time() - start, 2)
    curve.append([epoch, dice, seconds])
    if reached is None and dice >= target:
        reached, reached_step = seconds, step
print("RESULT " + json.dumps({"bench": "time_to_dice", "impl": "pytorch", "seed": seed, "target": target,
                              "seconds": reached, "steps": reached_step, "best_dice": max(d for _, d, _ in curve),
                              "curve": curve, "wall_s": round(time.time() - start, 2)}))
