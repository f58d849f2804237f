"""Checks that bench/torch_net.py computes what fess computes, on data exported by ExportForEquivalence.java.

Loads the fess model's parameters into the PyTorch SegmentationModel, runs the same 1 x 4 x 32^3 input and label
map, and compares: logits, voxel and global embeddings, the Dice loss, SupCon on the same 200 voxels, every
parameter gradient of the Dice loss (relative to the tensor's largest; float32 sums in another order and
another PyTorch version differ by ~1e-3), the global gradient norm, the parameters after one clipped Adam step
(lr 1e-3), and a sliding-window prediction of a 4 x 40 x 56 x 48 volume (patch 32^3, overlap 0.5, Gaussian).
Prints `RESULT {json}` with the largest differences and "ok"; exits 1 on a mismatch.
Usage: /usr/bin/python3 check_equivalence.py EXPORT_DIR
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import torch_net  # noqa: E402

torch.set_num_threads(2)
d = sys.argv[1]
man = torch_net.read_manifest(d)


def f32(name, shape=None):
    a = np.fromfile(f"{d}/{name}.bin", dtype="<f4")
    return torch.from_numpy(a.reshape(shape) if shape else a)


model = torch_net.SegmentationModel(4, 4)
torch_net.load_fess_parameters(model, man, d)
s = 32
x = f32("input", (1, 4, s, s, s))
labels = torch.from_numpy(np.fromfile(f"{d}/labels.bin", dtype="<i4").reshape(1, s, s, s)).long()
logits, v, g = model(x)
dice = torch_net.dice_loss(logits, labels)
dice.backward()
res = {}
vol = f32("sw_input", (4, *man["sw_shape"]))
sw = torch_net.sliding_window(model.unet, vol, man["sw_patch"], 0.5)
res["sliding_window"] = float((sw - f32("sw_logits", sw.shape)).abs().max())
res["logits"] = float((logits - f32("logits", logits.shape)).abs().max())
res["voxel_embeddings"] = float((v - f32("voxel_embeddings", v.shape)).abs().max())
res["global_embeddings"] = float((g - f32("global_embeddings", g.shape)).abs().max())
res["dice"] = abs(float(dice) - man["dice"])
points = np.fromfile(f"{d}/points.bin", dtype="<i4")
z = v.detach().reshape(64, -1).t()[torch.from_numpy(points).long()]
sc = torch_net.supcon(z, labels.reshape(-1)[torch.from_numpy(points).long()], 0.5)
res["supcon"] = abs(float(sc) - man["supcon"])
params = dict(model.named_parameters())
grad_rel = 0.0
for i, e in enumerate(man["params"]):
    name = torch_net.torch_name_of(e["name"])
    gj = torch_net.djl_to_torch(e["name"], f32(f"grad_{i}", e["shape"]))[0][1]
    gt = params[name].grad
    if gt is None:  # heads unused by Dice: fess holds a zero gradient, PyTorch none
        gt = torch.zeros_like(params[name])
    scale = max(float(gt.abs().max()), 1e-12)
    grad_rel = max(grad_rel, float((gt - gj).abs().max()) / scale)
res["grad_max_rel"] = grad_rel
norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
res["grad_norm"] = abs(float(norm) - man["grad_norm"]) / man["grad_norm"]
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
opt.step()
step_diff = 0.0
for i, e in enumerate(man["params"]):
    name = torch_net.torch_name_of(e["name"])
    pj = torch_net.djl_to_torch(e["name"], f32(f"stepped_{i}", e["shape"]))[0][1]
    gt = params[name].grad
    if gt is None:
        continue
    # The first Adam step moves each weight by about lr*sign(g): where g is at float32 noise level its sign is
    # arbitrary, so compare where |g| >= 1% of the tensor's largest gradient.
    mask = gt.abs() >= 1e-2 * gt.abs().max()
    if mask.any():
        step_diff = max(step_diff, float((params[name].detach() - pj).abs()[mask].max()))
res["adam_step_params"] = step_diff
limits = {"logits": 1e-4, "voxel_embeddings": 1e-4, "global_embeddings": 1e-4, "dice": 1e-5, "supcon": 1e-4,
          "grad_max_rel": 1e-2, "grad_norm": 1e-4, "adam_step_params": 1e-4, "sliding_window": 1e-4}
bad = [k for k in limits if not res[k] <= limits[k]]
res["ok"] = not bad
print("RESULT " + json.dumps({"bench": "equivalence", **res, "limits": limits, "failed": bad}))
sys.exit(1 if bad else 0)
