#!/usr/bin/python3
"""Independent PyTorch reference of DeOldify's VGG-16 feature loss, for the Java tests.

Builds, from a seed, torchvision's vgg16_bn with deterministic weights whose batch norms
normalise for real, writes its state dict the way torchvision's vgg16_bn-6c64b313.pth is stored,
and optionally evaluates the feature part of DeOldify's FeatureLoss (and its input gradient) on
raw float32 tensors, so that colorize's Java reimplementation can be compared with it.

The loss (jantic/DeOldify, deoldify/loss.py, class FeatureLoss, layer_wgts=[20, 70, 10]):
    m_feat      = models.vgg16_bn(True).features, .eval(), requires_grad(m_feat, False): batch
                  norm uses its running statistics; no parameter gets a gradient
    blocks      = [i - 1 for i, o in enumerate(children(m_feat)) if isinstance(o, nn.MaxPool2d)]
    layer_ids   = blocks[2:5]
    hooks       = hook_outputs([m_feat[i] for i in layer_ids], detach=False): forward hooks that
                  store each module's output (fastai/callbacks/hooks.py; fastai/torch_core.py
                  children(m) = list(m.children()))
    forward(input, target):
                  out_feat = features of target (cloned), in_feat = features of input
                  loss = F.l1_loss(input, target)
                         + sum_i w_i * F.l1_loss(in_feat[i], out_feat[i]),   w = [20, 70, 10]
                  F.l1_loss: mean of |a - b| over all N*C*H*W elements.
Here the pixel term F.l1_loss(input, target) is kept apart (pixel_term): the Java side computes
it on another space. This script's outputs are the three weighted feature terms and their sum.

torchvision's vgg16_bn.features (torchvision/models/vgg.py, cfgs["D"], make_layers with
batch_norm=True: [Conv2d(3x3, padding=1, bias), BatchNorm2d, ReLU(inplace=True)] per conv,
MaxPool2d(kernel_size=2, stride=2) per "M"), 44 children:
    convs 0 3 | 7 10 | 14 17 20 | 24 27 30 | 34 37 40, each BN at +1 and ReLU at +2;
    MaxPool2d at 6 13 23 33 43, so blocks = [5, 12, 22, 32, 42] and layer_ids = [22, 32, 42]:
    22  ReLU after conv3_3, 256 channels, H/4 x W/4    (16x16 at 64x64 input)
    32  ReLU after conv4_3, 512 channels, H/8 x W/8    (8x8)
    42  ReLU after conv5_3, 512 channels, H/16 x W/16  (4x4)
The hooked ReLUs are inplace=True: the forward hook receives the ReLU's result, which is the same
tensor as its input (the BN output, overwritten), so it sees post-ReLU values; the next module is
a MaxPool2d (not in place), so nothing overwrites the stored tensor later. --check verifies all
of this against a recomputation with non-inplace F.relu (the difference is exactly 0).
The loss reaches only as far as index 42; the final MaxPool2d 43 runs but is unused.
Gradient conventions (torch 1.13 CPU): l1_loss backward is sign(a - b) / numel with sign(0) = 0;
ReLU backward passes the gradient where the output is > 0; MaxPool2d backward sends it to the
first maximum of the window (row-major). Ties in a window only occur among zeros after ReLU, where
the ReLU below stops the gradient anyway. Eval-mode BN is affine, so the loss is piecewise linear
in the input: a central finite difference inside one linear piece equals the gradient.

The weights file. torchvision's vgg16_bn-6c64b313.pth is a torch.save'd state dict of the whole
model: features.* (13 conv weight/bias; 13 BN weight, bias, running_mean, running_var) and
classifier.{0,3,6}.{weight,bias} (25088->4096->4096->1000), 138,365,992 parameters in all, nearly
all in the classifier. The Java side reads the features.* keys only. Files written here are
model.state_dict() of torchvision.models.vgg16_bn() (torch 1.13), so they also hold the 13
features.<i>.num_batches_tracked (0-d int64, left at 0): a reader should accept them.
--format zip  = torch.save(sd, PATH, _use_new_zipfile_serialization=True) (the file's format,
                ~528 MiB); legacy = _use_new_zipfile_serialization=False.

Seeded weights (all drawn after torch.manual_seed(seed), in this order): vgg16_bn() is built
without pretrained weights (its own init: conv kaiming fan_out, Linear N(0, 0.01), zero biases,
so the unused classifier is deterministic too); then every features conv gets He-normal weights
(kaiming_normal_, fan_in, relu gain) and bias ~U(-0.05, 0.05), every BN weight (gamma)
~U(0.75, 1.25) and bias (beta) ~U(-0.1, 0.1). Calibration: a batch of 8 photo-like 128x128 images
(multi-octave smooth luminance, smoother chroma, flat-coloured rectangles with sharp edges, fine
noise; RGB in [0, 1], then ImageNet-normalised with mean (0.485, 0.456, 0.406), std (0.229,
0.224, 0.225)) goes once through features in eval mode, layer by layer; at each BN, in order, its
running_mean and running_var are set to the per-channel mean and biased (population) variance of
its input batch (over N, H, W, computed in float64), and then that BN is applied with them. So on
the calibration batch every BN output is exactly normalised before its affine gamma/beta.

Run (Debian's python3 with torch 1.13 / torchvision 0.14; no network):
    /usr/bin/python3 scripts/models/official/deoldify_feature_loss_reference.py \\
        --seed 7 --weights OUT.pth [--format zip|legacy] \\
        [--input IN.f32 --target TARGET.f32 --shape N,3,H,W --output OUT.f32 [--grad GRAD.f32]]
    /usr/bin/python3 scripts/models/official/deoldify_feature_loss_reference.py \\
        --load FILE.pth --input IN.f32 --target TARGET.f32 --shape N,3,H,W --output OUT.f32 ...
    /usr/bin/python3 scripts/models/official/deoldify_feature_loss_reference.py --seed 7 --check
--load reads a file (torchvision's own, one written here, or one colorize wrote) with torch.load
and load_state_dict(strict=True) into vgg16_bn() instead of seeding. Without --weights or
--load the seeded model is only kept in memory.
--input/--target: raw little-endian float32 NCHW images in ImageNet-normalised RGB, of --shape.
--output: 8 little-endian float32: w_i * l1(feat_i(input), feat_i(target)) for i = 0, 1, 2
(layers 22, 32, 42) and their sum, computed in float32; then the same 4 computed in float64 (a
float64 copy of features, the float32 inputs widened), cast to float32.
--grad: d(sum of the three feature terms)/d(input), float32 NCHW, computed in float32; beside it
(GRAD.f32 -> GRAD.f64.f32, or PATH + ".f64.f32") the float64-computed gradient cast to float32.
--check: the structure checks above (hook indices, inplace ReLU, full DeOldify loss = pixel +
features), then central finite differences of the float64 feature loss at a few input pixels and
along a random direction, against autograd. Uses --input/--target if given, else a seeded
photo-like pair of --shape (default 2,3,64,64).
--threads T: torch threads (default 2).
"""
import argparse
import copy
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
import torchvision

LAYER_WGTS = (20, 70, 10)
EXPECTED_LAYER_IDS = [22, 32, 42]
IMAGENET_MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
IMAGENET_STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
CALIB_BATCH, CALIB_SIZE = 8, 128


# ---------------------------------------------------------------------------------------------
# The loss (after deoldify/loss.py FeatureLoss and fastai's hook_outputs(detach=False))

def hooked_layer_ids(m_feat):
    blocks = [i - 1 for i, o in enumerate(list(m_feat.children())) if isinstance(o, nn.MaxPool2d)]
    return blocks[2:5]


class FeatureLoss:
    """DeOldify's FeatureLoss on a given vgg16_bn.features (float32 or float64 copy)."""

    def __init__(self, m_feat, layer_wgts=LAYER_WGTS):
        self.m_feat = m_feat.eval()
        for p in m_feat.parameters():
            p.requires_grad_(False)
        self.layer_ids = hooked_layer_ids(m_feat)
        self.wgts = list(layer_wgts)
        self.stored = [None] * len(self.layer_ids)
        self.handles = [m_feat[i].register_forward_hook(self._hook(k))
                        for k, i in enumerate(self.layer_ids)]

    def _hook(self, k):
        def store(module, inputs, output):
            self.stored[k] = output  # detach=False, as DeOldify's hooks
        return store

    def make_features(self, x, clone=False):
        self.m_feat(x)
        return [(o.clone() if clone else o) for o in self.stored]

    def feature_terms(self, input, target, out_feat=None):
        """[w_i * l1(feat_i(input), feat_i(target))], i over layer_ids, as DeOldify's forward
        (out_feat: the target's features, if already computed)."""
        if out_feat is None:
            out_feat = self.make_features(target, clone=True)
        in_feat = self.make_features(input)
        return [F.l1_loss(f_in, f_out) * w for f_in, f_out, w in zip(in_feat, out_feat, self.wgts)]

    @staticmethod
    def pixel_term(input, target):
        return F.l1_loss(input, target)

    def full_loss(self, input, target):
        """DeOldify's FeatureLoss.forward: sum([pixel] + feature terms)."""
        out_feat = self.make_features(target, clone=True)
        in_feat = self.make_features(input)
        losses = [F.l1_loss(input, target)]
        losses += [F.l1_loss(f_in, f_out) * w
                   for f_in, f_out, w in zip(in_feat, out_feat, self.wgts)]
        return sum(losses)

    def remove(self):
        for h in self.handles:
            h.remove()


# ---------------------------------------------------------------------------------------------
# Seeded weights

def _octaves(n, c, h, w, cells, amp0, decay, gen):
    out = torch.zeros(n, c, h, w)
    amp = amp0
    for k in cells:
        field = torch.rand(n, c, k, k, generator=gen) - 0.5
        out += amp * F.interpolate(field, size=(h, w), mode="bicubic", align_corners=False)
        amp *= decay
    return out


def photo_like(n, h, w, gen):
    """RGB in [0, 1]: multi-octave luminance, smoother chroma, flat rectangles, fine noise."""
    lum = 0.5 + _octaves(n, 1, h, w, (2, 4, 8, 16, 32), 0.8, 0.55, gen)
    chroma = _octaves(n, 2, h, w, (2, 3, 6), 0.35, 0.5, gen)
    for i in range(n):
        for _ in range(int(torch.randint(2, 6, (1,), generator=gen))):
            y0, x0 = (int(v) for v in torch.randint(0, h - 4, (2,), generator=gen))
            hh, ww = (int(v) for v in torch.randint(4, max(h // 2, 5), (2,), generator=gen))
            lum[i, :, y0:y0 + hh, x0:x0 + ww] = float(torch.rand(1, generator=gen))
            chroma[i, :, y0:y0 + hh, x0:x0 + ww] = (torch.rand(2, 1, 1, generator=gen) - 0.5) * 0.4
    lum = lum + 0.02 * torch.randn(n, 1, h, w, generator=gen)
    u, v = chroma[:, :1], chroma[:, 1:]
    rgb = torch.cat([lum + 1.140 * v, lum - 0.395 * u - 0.581 * v, lum + 2.032 * u], dim=1)
    return rgb.clamp(0.0, 1.0)


def imagenet_normalise(rgb):
    return (rgb - IMAGENET_MEAN) / IMAGENET_STD


def sample_pair(n, h, w, seed):
    """A target photo and an 'input' that differs in colour and detail (for --check)."""
    gen = torch.Generator().manual_seed(seed + 1000)
    target = photo_like(n, h, w, gen)
    other = photo_like(n, h, w, gen)
    gray = target.mean(1, keepdim=True)
    inp = (0.6 * target + 0.25 * other + 0.15 * gray).clamp(0.0, 1.0)
    return imagenet_normalise(inp), imagenet_normalise(target)


@torch.no_grad()
def randomize_features(features):
    for m in features:
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
            m.bias.uniform_(-0.05, 0.05)
        elif isinstance(m, nn.BatchNorm2d):
            m.weight.uniform_(0.75, 1.25)
            m.bias.uniform_(-0.1, 0.1)


@torch.no_grad()
def calibrate(features, x, log=print):
    """One eval-mode pass; each BN's running stats := its input's batch statistics, in order."""
    features.eval()
    h = x
    for i, m in enumerate(features):
        if isinstance(m, nn.BatchNorm2d):
            wide = h.double()
            mean = wide.mean(dim=(0, 2, 3))
            var = wide.var(dim=(0, 2, 3), unbiased=False)
            m.running_mean.copy_(mean)
            m.running_var.copy_(var)
            h = m(h)
            normed = (h - m.bias.view(1, -1, 1, 1)) / m.weight.view(1, -1, 1, 1)
            rv = m.running_var
            log("calibrate features.%-2d BN %3d ch %3dx%-3d (%5d samples/ch): running_mean |.|"
                " mean %.4f max %.4f; running_var min %.4g median %.4g max %.4g; normalised"
                " output mean %+.1e std %.6f"
                % (i, m.num_features, h.shape[2], h.shape[3], h.shape[0] * h.shape[2] * h.shape[3],
                   m.running_mean.abs().mean().item(), m.running_mean.abs().max().item(),
                   rv.min().item(), rv.median().item(), rv.max().item(),
                   normed.mean().item(), normed.std().item()))
        else:
            h = m(h)
            if i in EXPECTED_LAYER_IDS:
                log("calibrate features.%-2d ReLU output: positive fraction %.3f mean %.4f"
                    % (i, (h > 0).float().mean().item(), h.mean().item()))
    return h


def make_model(seed, log=print):
    torch.manual_seed(seed)
    model = torchvision.models.vgg16_bn()  # weights=None: torchvision's own init, seeded
    randomize_features(model.features)
    calib = imagenet_normalise(photo_like(CALIB_BATCH, CALIB_SIZE, CALIB_SIZE, None))
    log("calibration batch: %d x 3 x %d x %d photo-like, ImageNet-normalised: mean %+.4f std %.4f"
        " min %.3f max %.3f" % (CALIB_BATCH, CALIB_SIZE, CALIB_SIZE, calib.mean().item(),
                                calib.std().item(), calib.min().item(), calib.max().item()))
    calibrate(model.features, calib, log=log)
    return model.eval()


# ---------------------------------------------------------------------------------------------
# Checks

@torch.no_grad()
def check_structure(features, loss, x, t):
    ids = loss.layer_ids
    blocks = [i - 1 for i, o in enumerate(list(features.children())) if isinstance(o, nn.MaxPool2d)]
    print("check: %d children; MaxPool2d at %s; blocks %s; layer_ids %s"
          % (len(features), [b + 1 for b in blocks], blocks, ids))
    assert ids == EXPECTED_LAYER_IDS, ids
    for i in ids:
        m, nxt = features[i], features[i + 1]
        assert isinstance(m, nn.ReLU) and m.inplace, (i, m)
        assert isinstance(nxt, nn.MaxPool2d), (i + 1, nxt)
        print("check: features.%d = %r, features.%d = %r" % (i, m, i + 1, nxt))
    # the hook sees the ReLU's result: same storage as the (overwritten) BN output, all >= 0
    seen = {}

    def probe(k):
        def fn(module, inputs, output):
            seen[k] = (inputs[0].data_ptr() == output.data_ptr(), output.min().item())
        return fn
    handles = [features[i].register_forward_hook(probe(i)) for i in ids]
    feats = loss.make_features(x, clone=False)
    for h in handles:
        h.remove()
    # independent recomputation with non-inplace ReLUs, on the same module weights
    h, ref = x, {}
    for i, m in enumerate(features):
        h = F.relu(h) if isinstance(m, nn.ReLU) else m(h)
        if i in ids:
            ref[i] = h
    for k, i in enumerate(ids):
        same, mn = seen[i]
        diff = (feats[k] - ref[i]).abs().max().item()
        print("check: hook features.%d: shape %s, input is output (in place) %s, min %.3g,"
              " positive %.3f, max |hook - relu(recomputed)| %.3g"
              % (i, list(feats[k].shape), same, mn, (feats[k] > 0).float().mean().item(), diff))
        assert same and mn >= 0.0 and diff == 0.0
    full = loss.full_loss(x, t).item()
    parts = loss.pixel_term(x, t).item() + sum(v.item() for v in loss.feature_terms(x, t))
    print("check: DeOldify full loss %.9g = pixel + features %.9g (rel diff %.2g, float32)"
          % (full, parts, abs(full - parts) / abs(parts)))


def check_finite_differences(loss64, x, t):
    """Central differences of the float64 feature loss against autograd."""
    x64 = x.double().clone().requires_grad_(True)
    t64 = t.double()
    total = sum(loss64.feature_terms(x64, t64))
    (grad,) = torch.autograd.grad(total, x64)
    n, c, h, w = x.shape

    with torch.no_grad():
        out_feat = loss64.make_features(t64, clone=True)

    def f(z):
        with torch.no_grad():
            return float(sum(loss64.feature_terms(z, t64, out_feat)))
    # a few pixels: with the largest |grad|, a corner, an interior and an edge one
    flat = int(grad.abs().argmax())
    pixels = [tuple(int(v) for v in np.unravel_index(flat, grad.shape)),
              (0, 0, 0, 0), (n - 1, 1, h // 2, w // 3), (0, 2, h - 1, w // 2 + 1)]
    worst = 0.0
    for p in pixels:
        g = grad[p].item()
        for eps in (1e-3, 1e-5):
            zp, zm = x64.detach().clone(), x64.detach().clone()
            zp[p] += eps
            zm[p] -= eps
            fd = (f(zp) - f(zm)) / (2 * eps)
            rel = abs(fd - g) / max(abs(g), 1e-12)
            worst = max(worst, rel) if eps == 1e-5 else worst
            print("fd: pixel %s eps %.0e: autograd %+.9e fd %+.9e rel diff %.2e"
                  % (p, eps, g, fd, rel))
    gen = torch.Generator().manual_seed(12345)
    d = torch.randn(x.shape, generator=gen, dtype=torch.float64)
    dd = float((grad * d).sum())
    for eps in (1e-6, 1e-8):
        z0 = x64.detach()
        fd = (f(z0 + eps * d) - f(z0 - eps * d)) / (2 * eps)
        print("fd: random direction eps %.0e: grad.d %+.9e fd %+.9e rel diff %.2e"
              % (eps, dd, fd, abs(fd - dd) / abs(dd)))
    print("fd: worst pixel rel diff at eps 1e-5: %.2e" % worst)


# ---------------------------------------------------------------------------------------------

def read_f32(path, shape):
    data = np.fromfile(path, dtype="<f4")
    expected = int(np.prod(shape))
    if data.size != expected:
        raise SystemExit("%s has %d floats, shape %s needs %d" % (path, data.size, shape, expected))
    return torch.from_numpy(data.astype(np.float32).reshape(shape))


def f64_sibling(path):
    return (path[:-4] if path.endswith(".f32") else path) + ".f64.f32"


def evaluate(loss, x, t, want_grad):
    xi = x.clone().requires_grad_(want_grad)
    terms = loss.feature_terms(xi, t)
    total = sum(terms)
    grad = None
    if want_grad:
        (grad,) = torch.autograd.grad(total, xi)
    values = [v.item() for v in terms] + [total.item()]
    return values, grad


def main(argv=None):
    ap = argparse.ArgumentParser(description="DeOldify feature loss reference (see docstring)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--weights", help="write the seeded vgg16_bn state dict here")
    ap.add_argument("--format", choices=["zip", "legacy"], default="zip")
    ap.add_argument("--load", help="instead of seeding: torch.load this file and"
                    " load_state_dict(strict=True) it into vgg16_bn()")
    ap.add_argument("--input", help="raw float32 NCHW, ImageNet-normalised RGB (the prediction)")
    ap.add_argument("--target", help="raw float32 NCHW, ImageNet-normalised RGB")
    ap.add_argument("--shape", help="N,3,H,W")
    ap.add_argument("--output", help="write 8 float32: 3 terms + sum in float32, then in float64")
    ap.add_argument("--grad", help="write d(feature loss)/d(input) float32 (and .f64.f32)")
    ap.add_argument("--check", action="store_true",
                    help="structure checks and finite differences (see docstring)")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)

    if args.load and args.weights:
        ap.error("--load and --weights exclude each other")
    if (args.output or args.grad) and not (args.input and args.target and args.shape):
        ap.error("--output/--grad need --input, --target and --shape")
    if bool(args.input) != bool(args.target):
        ap.error("--input and --target go together")
    shape = None
    if args.shape:
        shape = tuple(int(s) for s in args.shape.split(","))
        if len(shape) != 4 or shape[1] != 3:
            ap.error("--shape must be N,3,H,W")
        if shape[2] < 16 or shape[3] < 16:
            ap.error("H and W must be at least 16 (layer 42 is at 1/16 resolution)")

    t0 = time.time()
    if args.load:
        model = torchvision.models.vgg16_bn(init_weights=False)
        # weights_only=False is torch 1.13's default; the reference trusts files the tests wrote
        model.load_state_dict(torch.load(args.load, map_location="cpu"), strict=True)
        model.eval()
        print("loaded %s strictly" % args.load)
    else:
        model = make_model(args.seed)
    t1 = time.time()
    sd = model.state_dict()
    n_params = sum(p.numel() for p in model.parameters())
    n_feat = sum(p.numel() for p in model.features.parameters())
    print("vgg16_bn seed %s: %d state-dict tensors (%d features.*), %d parameters (%d in features)"
          % ("-" if args.load else args.seed, len(sd), sum(k.startswith("features.") for k in sd),
             n_params, n_feat))
    if args.weights:
        torch.save(sd, args.weights, _use_new_zipfile_serialization=(args.format == "zip"))
        print("wrote %s (%s, %d bytes)"
              % (args.weights, args.format, os.path.getsize(args.weights)))
    t2 = time.time()

    features = model.features.eval()
    features64 = copy.deepcopy(features).double()  # copied before any hook is registered
    loss32, loss64 = FeatureLoss(features), FeatureLoss(features64)

    if args.input:
        x, t = read_f32(args.input, shape), read_f32(args.target, shape)
    elif args.check:
        shape = shape or (2, 3, 64, 64)
        x, t = sample_pair(shape[0], shape[2], shape[3], args.seed)

    if args.check:
        check_structure(features, loss32, x, t)
        check_finite_differences(loss64, x, t)

    if args.input:
        want_grad = bool(args.grad)
        v32, g32 = evaluate(loss32, x, t, want_grad)
        v64, g64 = evaluate(loss64, x.double(), t.double(), want_grad)
        if args.output:
            np.asarray(v32 + v64, dtype="<f4").tofile(args.output)
            print("wrote %s (8 floats)" % args.output)
        names = ["feat_0 (22)", "feat_1 (32)", "feat_2 (42)", "sum"]
        for name, a, b in zip(names, v32, v64):
            print("%-12s float32 %.9g  float64 %.12g  |diff| %.3g  rel %.3g"
                  % (name, a, b, abs(a - b), abs(a - b) / max(abs(b), 1e-30)))
        with torch.no_grad():
            p32 = loss32.pixel_term(x, t).item()
            p64 = loss64.pixel_term(x.double(), t.double()).item()
        print("(not written) pixel l1 float32 %.9g float64 %.12g; DeOldify total float64 %.12g"
              % (p32, p64, p64 + v64[3]))
        if want_grad:
            g32.numpy().astype("<f4").tofile(args.grad)
            g64.numpy().astype("<f4").tofile(f64_sibling(args.grad))
            diff = (g32.double() - g64).abs()
            print("wrote %s and %s (%d floats each)"
                  % (args.grad, f64_sibling(args.grad), g32.numel()))
            print("grad: max |g64| %.6g mean |g64| %.6g; float32 vs float64 max |diff| %.3g"
                  " (%.3g of max |g64|), zero entries %d"
                  % (g64.abs().max().item(), g64.abs().mean().item(), diff.max().item(),
                     diff.max().item() / g64.abs().max().item(), int((g64 == 0).sum())))
    t3 = time.time()
    print("time: build %.1fs, save %.1fs, run %.1fs, total %.1fs"
          % (t1 - t0, t2 - t1, t3 - t2, t3 - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
