"""Dice between the masks two predictors wrote for the same cases (fess predict vs its PyTorch twin), foreground =
label > 0, Dice 1 when both are empty. Prints `RESULT {json}` with the per-case Dice and the smallest.
Usage: python3 mask_agreement.py FESS_DIR TWIN_DIR
"""
import json
import os
import sys

import nibabel as nib
import numpy as np

a_dir, b_dir = sys.argv[1:3]
dice = {}
for name in sorted(f for f in os.listdir(a_dir) if f.endswith(".nii.gz")):
    a, b = nib.load(os.path.join(a_dir, name)), nib.load(os.path.join(b_dir, name))
    assert a.shape == b.shape and np.allclose(a.affine, b.affine, atol=1e-4), name
    pa, pb = np.asarray(a.dataobj) > 0, np.asarray(b.dataobj) > 0
    denom = pa.sum() + pb.sum()
    dice[name[:-7]] = 1.0 if denom == 0 else round(float(2 * (pa & pb).sum() / denom), 5)
print("RESULT " + json.dumps({"bench": "predict_agreement", "cases": len(dice), "dice": dice,
                              "min_dice": min(dice.values()) if dice else None}))
