"""Sums a PyTorch profiler Chrome trace (fess: JniUtils.stopProfile through TrainStepBench -Dbench.profile; PyTorch:
torch.autograd.profiler.profile(record_shapes=True).export_chrome_trace) per kind of work.

Self time of an operator = its duration minus that of the operators it called (events nest on one thread).
Kinds: convolution forward / backward (with the FLOPs of each call from its input and weight shapes, as
NetworkFlops counts them: 2 * output voxels * Cout * Cin * k^3; a transposed convolution's work is counted on its
input voxels; a backward call costs twice its forward when it computes the input gradient too, else once),
normalisation forward / backward, activation, pooling, concatenation and copies, the rest (Adam, loss, reductions).
Per layer: every convolution call's inclusive time, forward and backward, grouped by its input and weight shapes
(`per_layer`: Cin -> Cout, kernel, size, calls, seconds, GFLOP/s; a transposed one is marked "up").
Prints `RESULT {json}` with seconds and shares per kind, the convolutions' GFLOP/s and the per-layer table.
Usage: python3 profile_ops.py TRACE.json IMPL LABEL IN_CHANNELS PATCH
"""
import collections
import json
import sys

KINDS = [
    ("conv_backward", ("convolution_backward", "conv3d_backward", "mkldnn_convolution_backward",
                       "slow_conv3d_backward", "convolution_transpose_backward")),
    ("conv_forward", ("mkldnn_convolution", "slow_conv3d", "conv_transpose3d", "_convolution", "convolution",
                      "conv3d", "_nnpack", "conv_depthwise3d", "slow_conv_transpose3d")),
    ("norm_backward", ("batch_norm_backward", "native_batch_norm_backward", "instance_norm_backward")),
    ("norm_forward", ("batch_norm", "instance_norm", "native_batch_norm", "_batch_norm_impl_index")),
    ("activation", ("leaky_relu", "relu", "threshold")),
    ("pooling", ("max_pool3d", "max_pool3d_with_indices")),
    ("concat_copy", ("cat", "copy_", "contiguous", "clone", "permute", "reshape", "view", "_unsafe_view",
                     "narrow", "slice", "as_strided", "expand", "flip", "to", "_to_copy")),
]


def kind_of(name):
    n = name.split("::")[-1]
    for kind, names in KINDS:
        for prefix in names:
            if n == prefix or n.startswith(prefix + "_") or (prefix.endswith("backward") and prefix in n):
                return kind
    return "other"


def conv_flops(shape, transposed):
    x, w = shape[0], shape[1]
    if len(x) != 5 or len(w) != 5:
        return 0
    k = w[2] * w[3] * w[4]
    if transposed:  # weight Cin x Cout x k^3, work per input voxel
        return 2 * x[0] * x[2] * x[3] * x[4] * w[0] * w[1] * k
    cout, cin = w[0], w[1]  # stride 1 and 'same' padding: as many output voxels as input voxels
    return 2 * x[0] * x[2] * x[3] * x[4] * cout * cin * k


def layer_key(x, w, transposed):
    cin, cout = (w[0], w[1]) if transposed else (w[1], w[0])
    return f"{'up ' if transposed else ''}{cin} -> {cout}, k{w[2]}, {x[2]}x{x[3]}x{x[4]}"


def main():
    trace, impl, label = sys.argv[1], sys.argv[2], sys.argv[3]
    in_channels, full_res = int(sys.argv[4]), int(sys.argv[5])
    events = json.load(open(trace))
    if isinstance(events, dict):
        events = events["traceEvents"]
    events = [e for e in events if e.get("ph") == "X" and "dur" in e]
    by_tid = collections.defaultdict(list)
    for e in events:
        by_tid[e.get("tid")].append(e)
    self_time = collections.Counter()
    kind_time = collections.Counter()
    conv_fwd_flops = conv_bwd_flops = 0
    layers = collections.defaultdict(lambda: {"calls": 0, "forward_s": 0.0, "backward_s": 0.0, "forward_gflop": 0.0,
                                              "backward_gflop": 0.0})
    total = 0.0
    for evs in by_tid.values():
        evs.sort(key=lambda e: (e["ts"], -e["dur"]))
        stack = []
        child = collections.defaultdict(float)
        ends = {}
        for i, e in enumerate(evs):
            end = e["ts"] + e["dur"]
            while stack and ends[stack[-1]] <= e["ts"]:
                stack.pop()
            if stack:
                child[stack[-1]] += e["dur"]
            else:
                total += e["dur"]
            if e["name"] == "aten::convolution":
                s = e.get("shape", [])
                if len(s) >= 2 and len(s[0]) == 5 and len(s[1]) == 5:
                    # kernel 2 is the transposed (up-sampling) convolution in this network
                    conv_fwd_flops += conv_flops(s, s[1][2] == 2)
                    lay = layers[layer_key(s[0], s[1], s[1][2] == 2)]
                    lay["calls"] += 1
                    lay["forward_s"] += e["dur"] / 1e6
                    lay["forward_gflop"] += conv_flops(s, s[1][2] == 2) / 1e9
            if e["name"] == "aten::convolution_backward":
                s = e.get("shape", [])  # grad_output, input, weight, ...
                if len(s) >= 3 and len(s[0]) == 5 and len(s[1]) == 5:
                    transposed = s[2][2] == 2 if len(s[2]) == 5 else False
                    f = conv_flops([s[1], s[2]], transposed)
                    # the image (first layer's input, IN_CHANNELS channels at full resolution) needs no gradient
                    first = s[1][1] == in_channels and not transposed and s[1][2] == full_res
                    conv_bwd_flops += f if first else 2 * f
                    lay = layers[layer_key(s[1], s[2], transposed)]
                    lay["backward_s"] += e["dur"] / 1e6
                    lay["backward_gflop"] += (f if first else 2 * f) / 1e9
            stack.append(i)
            ends[i] = end
        for i, e in enumerate(evs):
            st = max(0.0, e["dur"] - child[i])
            self_time[e["name"]] += st
            kind_time[kind_of(e["name"])] += st
    secs = {k: round(v / 1e6, 4) for k, v in kind_time.most_common()}
    top = [[n, round(v / 1e6, 4)] for n, v in self_time.most_common(12)]
    fwd_s = kind_time["conv_forward"] / 1e6
    bwd_s = kind_time["conv_backward"] / 1e6
    print("RESULT " + json.dumps({
        "bench": "profile", "impl": impl, "label": label, "total_s": round(total / 1e6, 4), "kinds_s": secs,
        "shares": {k: round(v / total, 4) for k, v in kind_time.items()} if total else {},
        "conv_forward_gflop": round(conv_fwd_flops / 1e9, 2), "conv_backward_gflop": round(conv_bwd_flops / 1e9, 2),
        "conv_forward_gflops": round(conv_fwd_flops / 1e9 / fwd_s, 1) if fwd_s else None,
        "conv_backward_gflops": round(conv_bwd_flops / 1e9 / bwd_s, 1) if bwd_s else None,
        "top_ops": top,
        "per_layer": [dict(layer=k, **{n: round(v, 4) for n, v in d.items()},
                           forward_gflops=round(d["forward_gflop"] / d["forward_s"], 1) if d["forward_s"] else None,
                           backward_gflops=round(d["backward_gflop"] / d["backward_s"], 1) if d["backward_s"] else None)
                      for k, d in sorted(layers.items(), key=lambda kv: -kv[1]["backward_s"])]}))


if __name__ == "__main__":
    main()
