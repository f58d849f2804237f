"""PyTorch eager reference of one fess training step (see TrainStepBench.java): same network (bench/torch_net.py,
equivalence checked by check_equivalence.py), 4 input channels, 4 classes, patch 64^3, batch 2, FESS loss
(0.5*Dice + 0.5*SupCon, K = 256 voxels per class, tau 0.5) or Dice only, Adam lr 1e-3, clip_grad_norm_ 1.0,
2 intra-op threads. A step does what fess's Trainer does: batch tensors from host arrays, forward, loss (the
loss parts read to the host for logging), backward, gradient norm + clipping (norm checked for finiteness),
Adam, zeroing the gradients. The SupCon sample has the same size as fess's (exact sample equality is not
needed for timing: the same amount of work is).
Prints `RESULT {json}` with the median of STEPS steps after WARMUP and VmHWM after the last step.
As in fess (SegmentationModel with voxelHeadOnSamples), the point-wise voxel head runs on the sampled voxels only
(`samples`, default) or on every voxel (`full`).
With the environment variable BENCH_PROFILE=FILE, torch.autograd.profiler records the timed steps (with input
shapes) and writes a Chrome trace to FILE (summed per operator by bench/profile_ops.py).
Usage: /usr/bin/python3 torch_step.py fess|dice WARMUP STEPS [samples|full] [PATCH]
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import torch_net  # noqa: E402

torch.set_num_threads(2)
loss_name, warmup, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
head = sys.argv[4] if len(sys.argv) > 4 else "samples"
P = int(sys.argv[5]) if len(sys.argv) > 5 else 64
B, C, CLASSES = 2, 4, 4
profile_to = os.environ.get("BENCH_PROFILE")
torch.manual_seed(42)


def make_batch(r):
    img = np.empty((B, C, P, P, P), np.float32)
    cls = np.empty((B, P, P, P), np.int8)
    z, y, x = np.meshgrid(np.arange(P), np.arange(P), np.arange(P), indexing="ij")
    for b in range(B):
        cz, cy, cx = r.uniform(20 * P / 64, 44 * P / 64, 3)
        rad = r.uniform(12 * P / 64, 18 * P / 64)
        d = np.sqrt((z - cz) ** 2 + (y - cy) ** 2 + (x - cx) ** 2) / rad
        c = np.where(d < 0.33, 3, np.where(d < 0.66, 2, np.where(d < 1, 1, 0)))
        cls[b] = c
        for ch in range(C):
            img[b, ch] = 0.5 * c * (ch + 1) / C + 0.3 * r.standard_normal((P, P, P))
    return img, cls


r = np.random.default_rng(5)
batches = [make_batch(r) for _ in range(4)]
model = torch_net.SegmentationModel(C, CLASSES)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
rng = np.random.default_rng(42)


def vmhwm_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return -1.0


times = []
losses = []
hwm = 0.0
prof = None
for it in range(warmup + steps):
    if it == warmup and profile_to:
        prof = torch.autograd.profiler.profile(record_shapes=True)
        prof.__enter__()
    t0 = time.perf_counter()
    img, cls = batches[it % len(batches)]
    x = torch.from_numpy(img.copy())
    labels = torch.from_numpy(cls.astype(np.int32))
    if loss_name == "fess" and head == "samples":
        logits, bottleneck, features = model.unet(x)
        model.global_embeddings(bottleneck)
    else:
        logits, v, g = model(x)
    dice = torch_net.dice_loss(logits, labels)
    if loss_name == "fess":
        if head == "samples":
            sc = torch_net.fess_supcon(features, labels, 256, rng, 0.5, project=model.project_rows)
        else:
            sc = torch_net.fess_supcon(v, labels, 256, rng, 0.5)
        loss = 0.5 * dice + 0.5 * sc
        parts = (float(dice), float(sc), float(loss))
    else:
        loss = dice
        parts = (float(dice), 0.0, float(dice))
    if not math.isfinite(parts[2]):
        raise SystemExit("non-finite loss")
    loss.backward()
    norm = float(torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0))
    if not math.isfinite(norm):
        raise SystemExit("non-finite gradient norm")
    opt.step()
    opt.zero_grad(set_to_none=True)
    times.append(time.perf_counter() - t0)
    losses.append(round(parts[2], 6))
hwm = vmhwm_mb()
if prof is not None:
    prof.__exit__(None, None, None)
    # the events with their input shapes, in the Chrome-trace form DJL's profiler writes (1.13's own export drops
    # the shapes)
    with open(profile_to, "w") as f:
        json.dump([{"name": e.name, "ph": "X", "ts": e.time_range.start, "dur": e.time_range.end - e.time_range.start,
                    "tid": e.thread, "shape": e.input_shapes or []} for e in prof.function_events], f)
s = times[warmup:]
print("RESULT " + json.dumps({"bench": "train_step", "impl": "pytorch", "loss": loss_name, "voxel_head": head,
                              "patch": P,
                              "median_s": round(float(np.median(s)), 4), "steps_s": [round(t, 4) for t in s],
                              "vmhwm_mb": round(hwm, 1), "losses": losses, "torch": torch.__version__}))
