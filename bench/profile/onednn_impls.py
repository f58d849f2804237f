"""Reads the output of ConvLayerBench.java run with ONEDNN_VERBOSE=1 on stdin and prints its RESULT line with, per
pass (forward_training, backward_data, backward_weights), the oneDNN implementation libtorch chose and the median
execution time in ms of that primitive (the reorders around it are left out).
Usage: ONEDNN_VERBOSE=1 java ... ConvLayerBench.java ... | python3 onednn_impls.py
"""
import collections
import json
import statistics
import sys

impls = {}
times = collections.defaultdict(list)
result = {}
for line in sys.stdin:
    if line.startswith("RESULT "):
        result = json.loads(line[len("RESULT "):])
    elif line.startswith("onednn_verbose,v1,primitive,exec,cpu,convolution,"):
        f = line.strip().split(",")
        impls[f[7]] = f[6]
        times[f[7]].append(float(f[-1]))
result["onednn"] = {k: {"impl": impls[k], "ms": round(statistics.median(times[k]), 1)} for k in impls}
print("RESULT " + json.dumps(result))
