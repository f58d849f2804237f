"""PyTorch eager reference of fess's network, losses and sliding-window inference (for bench/).

Mirrors, layer by layer and in the same order, the fess-train classes:
  UNet3d (filters 16-32-64-128, instance norm, LeakyReLU(0.01), 2x2x2 max-pool, voxel-shuffle up-sampling),
  VoxelProjectionHead / GlobalProjectionHead, SegmentationModel (logits, voxel embeddings, global embeddings),
  DiceLoss (softmax, background included, per sample, eps 1e-5), SupervisedContrastiveLoss (K per class,
  tau 0.5), FessLoss (0.5*Dice + 0.5*SupCon), Adam + global-norm clipping 1.0, and
  SlidingWindowPredictor (Gaussian importance sigma = patch/8, window starts spread evenly).
It is written the way a PyTorch user would write it: fess's VoxelShuffleUpsample (1x1x1 conv to 8C channels +
voxel shuffle + bias) is the exact equivalent of nn.ConvTranspose3d(k=2, s=2), so the reference uses that, and
fess's InstanceNorm3d is nn.InstanceNorm3d(affine=True).

Equivalence is checked, not assumed: bench/train/check_equivalence.py loads the parameters that
bench/train/ExportForEquivalence.java wrote from a fess model into this network and compares outputs, losses,
gradients, the parameters after one clipped Adam step and a sliding-window prediction (run by `bench/run.sh`,
or alone with `bench/run.sh --check`).
"""
import json
import math
import re

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

FILTERS = (16, 32, 64, 128)


class DoubleConv(nn.Module):
    def __init__(self, cin, f):
        super().__init__()
        self.conv1 = nn.Conv3d(cin, f, 3, padding=1, bias=False)
        self.norm1 = nn.InstanceNorm3d(f, eps=1e-5, affine=True)
        self.conv2 = nn.Conv3d(f, f, 3, padding=1, bias=False)
        self.norm2 = nn.InstanceNorm3d(f, eps=1e-5, affine=True)

    def forward(self, x):
        x = F.leaky_relu(self.norm1(self.conv1(x)), 0.01)
        return F.leaky_relu(self.norm2(self.conv2(x)), 0.01)


class UNet3d(nn.Module):
    def __init__(self, cin, classes, filters=FILTERS):
        super().__init__()
        self.enc = nn.ModuleList()
        c = cin
        for f in filters:
            self.enc.append(DoubleConv(c, f))
            c = f
        self.up = nn.ModuleList()   # index l: from level l+1 to level l
        self.dec = nn.ModuleList()
        for l in range(len(filters) - 1):
            self.up.append(nn.ConvTranspose3d(filters[l + 1], filters[l], 2, stride=2))
            self.dec.append(DoubleConv(2 * filters[l], filters[l]))
        self.out = nn.Conv3d(filters[0], classes, 1)

    def forward(self, x):
        skips = []
        for l, enc in enumerate(self.enc):
            if l > 0:
                x = F.max_pool3d(x, 2, 2)
            x = enc(x)
            skips.append(x)
        bottleneck = x
        for l in range(len(self.enc) - 2, -1, -1):
            x = self.dec[l](torch.cat([self.up[l](x), skips[l]], 1))
        return self.out(x), bottleneck, x


class SegmentationModel(nn.Module):
    def __init__(self, cin, classes, emb=64, hidden=64, filters=FILTERS):
        super().__init__()
        self.unet = UNet3d(cin, classes, filters)
        self.vh1 = nn.Conv3d(filters[0], hidden, 1)
        self.vh2 = nn.Conv3d(hidden, emb, 1)
        self.gh1 = nn.Linear(filters[-1], hidden)
        self.gh2 = nn.Linear(hidden, emb)

    def forward(self, x):
        logits, bottleneck, features = self.unet(x)
        v = F.normalize(self.vh2(F.relu(self.vh1(features))), dim=1, eps=1e-12)
        return logits, v, self.global_embeddings(bottleneck)

    def global_embeddings(self, bottleneck):
        g = self.gh2(F.relu(self.gh1(bottleneck.mean(dim=(2, 3, 4)))))
        return F.normalize(g, dim=1, eps=1e-12)

    def project_rows(self, rows):
        """The point-wise voxel head on gathered feature rows M x F -> unit rows M x E."""
        h = F.relu(F.linear(rows, self.vh1.weight.flatten(1), self.vh1.bias))
        return F.normalize(F.linear(h, self.vh2.weight.flatten(1), self.vh2.bias), dim=1, eps=1e-12)


def dice_loss(logits, labels):
    """1 - (2 sum pg + 1e-5) / (sum p + sum g + 1e-5) per sample and class (softmax, background included), mean."""
    p = logits.softmax(1)
    classes = torch.arange(logits.shape[1], dtype=labels.dtype).reshape(1, -1, 1, 1, 1)
    g = (labels.unsqueeze(1) == classes).to(p.dtype)
    axes = (2, 3, 4)
    inter = (p * g).sum(axes)
    f = 1 - (2 * inter + 1e-5) / (p.sum(axes) + g.sum(axes) + 1e-5)
    return f.mean()


def supcon(z, labels, tau=0.5):
    """SupCon over rows z (N x E) with integer labels (N), as SupervisedContrastiveLoss.supCon."""
    n = z.shape[0]
    zn = F.normalize(z, dim=1, eps=1e-12)
    eye = torch.eye(n, dtype=z.dtype)
    sim = zn @ zn.t() / tau
    log_prob = (sim - eye * 1e9).log_softmax(1)
    positives = (labels.reshape(n, 1) == labels.reshape(1, n)).to(z.dtype) - eye
    count = positives.sum(1)
    anchors = int((count > 0).sum())
    per_anchor = (log_prob * positives).sum(1) / count.clamp(min=1)
    return -per_anchor.sum() / anchors


def sample_points(labels_np, k, rng):
    """Class-balanced sample of at most k flat grid points per class (labels already on the embedding grid)."""
    flat = labels_np.reshape(-1)
    chosen = []
    for c in np.unique(flat):
        idx = np.flatnonzero(flat == c)
        chosen.append(rng.choice(idx, size=min(k, idx.size), replace=False))
    return np.concatenate(chosen)


def fess_supcon(embeddings, labels, k, rng, tau=0.5, project=None):
    """Sample K voxels per class of the batch, gather their embeddings (or, with `project`, their features, then
    project them) with one `take`, SupCon on them."""
    b, e = embeddings.shape[:2]
    n = embeddings[0, 0].numel()
    lab = labels.numpy()
    points = sample_points(lab, k, rng)
    bi, vi = points // n, points % n
    index = (bi * e * n + vi)[:, None] + np.arange(e)[None, :] * n
    z = embeddings.reshape(-1).take(torch.from_numpy(index))
    if project is not None:
        z = project(z)
    return supcon(z, torch.from_numpy(lab.reshape(-1)[points]), tau)


def window_starts(size, patch, overlap):
    target = patch * (1 - overlap)
    n = math.ceil((size - patch) / target) + 1
    if n == 1:
        return [0]
    step = (size - patch) / (n - 1)
    return [int(math.floor(step * i + 0.5)) for i in range(n)]


def gaussian_importance(patch, sigma_scale=1.0 / 8):
    axes = []
    for n in patch:
        sigma = n * sigma_scale
        centre = n // 2
        radius = int(4 * sigma + 0.5)
        d = np.arange(n) - centre
        g = np.where(np.abs(d) > radius, 0.0, np.exp(-(d.astype(np.float64) ** 2) / (2 * sigma * sigma)))
        axes.append(g)
    w = axes[0][:, None, None] * axes[1][None, :, None] * axes[2][None, None, :]
    w = (w / w.max()).astype(np.float32)
    w[w == 0] = w[w > 0].min()
    return torch.from_numpy(w)


@torch.inference_mode()
def sliding_window(unet, image, patch, overlap=0.5):
    """image C x D x H x W tensor (sizes >= patch); returns Gaussian-weighted averaged logits K x D x H x W."""
    c, d, h, w = image.shape
    weight = gaussian_importance(patch)
    acc = None
    wsum = torch.zeros(d, h, w)
    for z in window_starts(d, patch[0], overlap):
        for y in window_starts(h, patch[1], overlap):
            for x in window_starts(w, patch[2], overlap):
                win = image[:, z:z + patch[0], y:y + patch[1], x:x + patch[2]].unsqueeze(0)
                out = unet(win)[0][0]
                if acc is None:
                    acc = torch.zeros(out.shape[0], d, h, w)
                acc[:, z:z + patch[0], y:y + patch[1], x:x + patch[2]] += out * weight
                wsum[z:z + patch[0], y:y + patch[1], x:x + patch[2]] += weight
    return acc / wsum


def load_fess_parameters(model, manifest, directory):
    """Copies the parameters exported by ExportForEquivalence.java (by DJL name) into `model`."""
    p = dict(model.named_parameters())
    used = set()

    def put(name, value):
        assert p[name].shape == value.shape, (name, p[name].shape, value.shape)
        with torch.no_grad():
            p[name].copy_(value)
        used.add(name)

    for i, entry in enumerate(manifest["params"]):
        v = torch.from_numpy(np.fromfile(f"{directory}/param_{i}.bin", dtype="<f4").reshape(entry["shape"]))
        for target, value in djl_to_torch(entry["name"], v):
            put(target, value)
    missing = set(p) - used
    assert not missing, f"parameters not loaded: {sorted(missing)}"


def djl_to_torch(name, v):
    """Maps one DJL parameter of fess's SegmentationModel to (torch name, tensor) pairs."""
    m = re.fullmatch(r"01unet_\d+(enc|dec)(\d)_(\d+)\w+?_(weight|gamma|beta)", name)
    if m:
        kind, level, pos, what = m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)
        layer = {1: "conv1", 2: "norm1", 4: "conv2", 5: "norm2"}[pos]
        attr = "weight" if what in ("weight", "gamma") else "bias"
        return [(f"unet.{kind}.{level}.{layer}.{attr}", v)]
    m = re.fullmatch(r"01unet_\d+up(\d)_(bias|01conv_weight)", name)
    if m:
        level = int(m.group(1))
        if m.group(2) == "bias":
            return [(f"unet.up.{level}.bias", v)]
        # W[8o + 4kd + 2kh + kw, i]  ->  W'[i, o, kd, kh, kw]
        eight_c, cin = v.shape[:2]
        return [(f"unet.up.{level}.weight", v.reshape(eight_c // 8, 2, 2, 2, cin).permute(4, 0, 1, 2, 3).contiguous())]
    m = re.fullmatch(r"01unet_\d+out_(weight|bias)", name)
    if m:
        return [(f"unet.out.{m.group(1)}", v)]
    table = {
        "02voxelHead_01conv1_weight": "vh1.weight", "02voxelHead_01conv1_bias": "vh1.bias",
        "02voxelHead_02conv2_weight": "vh2.weight", "02voxelHead_02conv2_bias": "vh2.bias",
        "03globalHead_01fc1_weight": "gh1.weight", "03globalHead_01fc1_bias": "gh1.bias",
        "03globalHead_02fc2_weight": "gh2.weight", "03globalHead_02fc2_bias": "gh2.bias",
    }
    return [(table[name], v)]


def torch_name_of(name):
    return djl_to_torch(name, torch.zeros(8, 1, 1, 1, 1))[0][0]


def read_manifest(directory):
    with open(f"{directory}/manifest.json") as f:
        return json.load(f)
