"""Reads the files WriteSamples.java wrote with nibabel and checks affine (1e-5), datatype, shape and values.

Usage: /usr/bin/python3 check_with_nibabel.py DIR
"""
import json
import os
import sys

import nibabel as nib
import numpy as np

d = sys.argv[1]
want = json.load(open(os.path.join(d, "samples.json")))
bad = 0
for name, w in want.items():
    img = nib.load(os.path.join(d, name))
    a = np.array(w["affine"]).reshape(4, 4)
    data = img.get_fdata()
    ok_aff = np.allclose(img.affine, a, atol=1e-5)
    ok_code = int(img.header["datatype"]) == w["code"]
    ok_shape = data.shape == ((5, 4, 3, 2) if w["channels"] == 2 else (5, 4, 3))
    ok_sum = abs(data.sum() - w["sum"]) < 1e-6
    ok_val = data[1, 2, 1] if data.ndim == 3 else data[1, 2, 1, 0]
    ok_val = ok_val == w["v123"]
    flags = [ok_aff, ok_code, ok_shape, ok_sum, ok_val]
    sheared = not np.allclose(a[:3, :3].T @ a[:3, :3], np.diag(np.diag(a[:3, :3].T @ a[:3, :3])), atol=1e-6)
    qnote = "qform≈affine" if np.allclose(img.get_qform(), a, atol=1e-5) else "qform≠affine (shear)" if sheared else "QFORM MISMATCH"
    print(f"{name:16s} affine {'ok' if ok_aff else 'BAD'}  {qnote:22s} {nib.aff2axcodes(img.affine)} "
          f"dtype {img.get_data_dtype()} shape {data.shape} values {'ok' if all(flags[1:]) else 'BAD'}")
    bad += not all(flags) or qnote == "QFORM MISMATCH"
sys.exit(1 if bad else 0)
