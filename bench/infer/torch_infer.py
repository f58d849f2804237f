"""PyTorch eager reference of SlidingWindowBench.java: the same U-Net (bench/torch_net.py; equivalence of the
network and of the sliding-window prediction with fess's SlidingWindowPredictor is checked by
bench/train/check_equivalence.py on a 4 x 40 x 56 x 48 volume), a 4 x 155 x 240 x 240 volume, patch P^3
(default 128), overlap 0.5, the same window starts and Gaussian importance map (sigma = P/8), one window per
forward pass under torch.inference_mode, accumulation in torch tensors (as MONAI's sliding_window_inference),
2 intra-op threads. One untimed single-window warm-up. Prints `RESULT {json}`.
Usage: /usr/bin/python3 torch_infer.py [P [D H W]]
"""
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import torch_net  # noqa: E402

torch.set_num_threads(2)
p = int(sys.argv[1]) if len(sys.argv) > 1 else 128
torch.manual_seed(3)
shape = tuple(int(v) for v in sys.argv[2:5]) if len(sys.argv) > 4 else (155, 240, 240)
image = torch.randn(4, *shape)
torch.manual_seed(42)
model = torch_net.SegmentationModel(4, 4)
model.eval()
torch_net.sliding_window(model.unet, torch.zeros(4, p, p, p), (p, p, p), 0.5)
t0 = time.perf_counter()
logits = torch_net.sliding_window(model.unet, image, (p, p, p), 0.5)
s = time.perf_counter() - t0
windows = 1
for size in image.shape[1:]:
    windows *= len(torch_net.window_starts(size, p, 0.5))
print("RESULT " + json.dumps({"bench": "sliding_window", "impl": "pytorch", "seconds": round(s, 3),
                              "windows": windows, "patch": p, "shape": list(logits.shape)}))
