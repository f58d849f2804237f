"""PyTorch twin of `fess predict --input FOLDER` (the predict-on-a-folder benchmark): the same pipeline written with
nibabel + torch, on the parameters of the fess run (ExportParameters.java run).
Per case: nibabel read of the run's channel, reorientation to RAS, trilinear resampling to the run's target spacing
(half-voxel convention = fess's Resampler), crop to the non-zero box, z-score (bench/user/twin.py), zero padding to
the patch, Gaussian sliding window of the training patch with overlap 0.5 (bench/torch_net.py), sigmoid, un-crop
(background 0), trilinear resampling back to the RAS grid, p > 0.5, reorientation back, uint8 .nii.gz with the
input's affine (nibabel). Cases in sorted order, one process, 2 threads.
Prints `RESULT {json}` with the case count and the seconds of the whole loop (imports and model load included).
Usage: python3 torch_predict.py PARAMS_DIR INPUT_DIR OUT_DIR FILTERS CHANNEL START
"""
import json
import os
import sys
import time

import nibabel as nib
import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_net  # noqa: E402

import twin  # noqa: E402

params, inputs, out, filters, channel, start = sys.argv[1:7]
start = float(start)
torch.set_num_threads(2)
manifest = torch_net.read_manifest(params)
patch = tuple(manifest["patch"])
target = np.asarray(manifest["target_spacing"], dtype=np.float64)
model = torch_net.SegmentationModel(1, 1, filters=tuple(int(f) for f in filters.split(",")))
torch_net.load_fess_parameters(model, manifest, params)
model.eval()
os.makedirs(out, exist_ok=True)
cases = sorted(d for d in os.listdir(inputs) if os.path.isdir(os.path.join(inputs, d)))
for case in cases:
    ras, spacing, img, ornt = twin.read_ras(f"{inputs}/{case}/{case}_{channel}.nii.gz")
    grid = twin.resampled_shape(ras.shape, spacing, target)
    x, box = twin.crop_and_normalise(twin.resample_linear(ras[None], grid))
    shape = x.shape[1:]
    logits = torch_net.sliding_window(model.unet, torch.from_numpy(twin.padded_to(x, patch)), patch, 0.5)
    prob = np.zeros((1,) + grid, np.float32)
    prob[(slice(None),) + box] = logits[:, :shape[0], :shape[1], :shape[2]].sigmoid().numpy()
    prob = twin.resample_linear(prob, ras.shape)[0]
    mask = twin.from_ras((prob > 0.5).astype(np.uint8), img, ornt)
    nib.save(nib.Nifti1Image(np.ascontiguousarray(mask), img.affine), f"{out}/{case}.nii.gz")
print("RESULT " + json.dumps({"bench": "predict_folder", "impl": "pytorch", "cases": len(cases),
                              "loop_s": round(time.time() - start, 2)}))
