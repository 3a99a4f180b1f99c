#!/usr/bin/python3
"""Independent PyTorch reference of DeOldify's two published generators, for the Java tests.

Builds, from a seed, a network with exactly the state-dict keys and shapes of the published
DeOldify generator files, gives it deterministic "settled" weights, writes its state dict the way
those files are stored, and optionally runs it on a raw float32 tensor so the Java
reimplementation can be compared with it.

Variants (as deoldify/generators.py builds them: blur=True, norm_type=NormType.Spectral,
self_attention=True, y_range=(-3, 3), n_classes=3, last_cross=True, bottle=False):
    artistic  DynamicUnetDeep on resnet34,  nf_factor=1.5  (ColorizeArtistic_gen.pth)
    stable    DynamicUnetWide on resnet101, nf_factor=2    (ColorizeStable_gen.pth)

Where the structure comes from (jantic/DeOldify repository; fastai v1 is vendored in it):
    deoldify/generators.py    the learner arguments above; body = create_body(arch, pretrained)
    fastai/vision/learner.py  create_body: nn.Sequential(*list(resnet.children())[:-2]) (resnet
                              meta cut=-2): 0 conv1, 1 bn1, 2 relu, 3 maxpool, 4..7 layer1..layer4
    deoldify/unet.py          DynamicUnetDeep / DynamicUnetWide, UnetBlockDeep / UnetBlockWide,
                              CustomPixelShuffle_ICNR, _get_sfs_idxs (hooks on encoder children
                              where the spatial size changes: 6 layer3, 5 layer2, 4 layer1, 2 relu)
    deoldify/layers.py        custom_conv_layer (extra_bn: spectral conv without bias, ReLU, BN)
    fastai/layers.py          conv_layer, res_block, SequentialEx, MergeLayer, PixelShuffle_ICNR,
                              SelfAttention (spectral-norm conv1d without bias), batchnorm_2d,
                              SigmoidRange
    fastai/callbacks/hooks.py hook_outputs (forward hooks storing the module outputs)
    fastai/torch_core.py      init_default (kaiming_normal_ weight, zero bias), in_channels
    fastai/imports/torch.py   weight_norm / spectral_norm are torch.nn.utils' own

The top level is SequentialEx([encoder, BatchNorm2d, ReLU, middle_conv, 4 U-Net blocks,
PixelShuffle_ICNR (weight norm, bias), MergeLayer(dense=True) = cat[x, network input],
res_block (two spectral conv_layer 3x3 with bias + ReLU, x + block input), spectral 1x1 conv
with bias to 3 channels, SigmoidRange(-3, 3)]), so keys are "layers.<i>...". Both pixel-shuffle
modules always blur (their `if self.blur` tests the AvgPool2d module): ReplicationPad2d((1,0,1,0))
then AvgPool2d(2, stride=1). A U-Net block resizes its upsampled tensor with
F.interpolate(mode='nearest') to the hooked feature's size when they differ (input sizes that
are multiples of 16 but not of 32). Spectral-norm layers store weight_orig, weight_u, weight_v
(torch 1.13); in eval mode the weight used is weight_orig / dot(u, W v) with W = weight_orig
reshaped to [out, -1]. The weight-norm layer stores weight_g [out,1,1,1] and weight_v.

Weights (all from torch.manual_seed(seed)): torchvision resnet init for the encoder, kaiming
normal for the other convolutions (fastai init_default); then, unlike a fresh fastai model, so
that every path matters: every BatchNorm gets weight ~U(0.5, 1.5) and bias ~U(-0.2, 0.2), every
convolution bias ~U(-0.1, 0.1), SelfAttention gamma 0.3, and no ICNR (random pixel-shuffle
weights, so the shuffle ordering is tested; in DeOldify ICNR only writes the derived `weight`
tensor of a spectral/weight-norm conv and has no lasting effect anyway). Settling: 15 power
iterations on every spectral-norm u/v, then forward passes in train mode on random
grayscale-like, ImageNet-normalised 128x128 inputs, batch 4 (BN momentum=None during settling,
i.e. running stats are the average of the batch stats; each pass also does one spectral power
iteration), every running_var raised to at least 0.1 (a channel that ReLU leaves constant would
otherwise scale by 1/sqrt(1e-5), and float32 round-off would exceed the tests' 1e-4: with the
floor, PyTorch float32 against float64 differs by 3e-6 (artistic) and 2.5e-5 (stable) at most),
then eval(). If the eval outputs saturate, the weight-norm magnitude weight_g of the final
PixelShuffle_ICNR is rescaled (rescaling a spectral-norm weight_orig would change nothing, the
layer divides it by its own norm); nothing after that layer has running statistics.

Run (Debian's python3 with torch 1.13 / torchvision 0.14; no network):
    /usr/bin/python3 scripts/models/official/deoldify_reference.py \\
        --variant artistic|stable --seed 7 --weights OUT.pth \\
        [--format zip|legacy] [--wrap bare|fastai|dataparallel] [--weights ...] \\
        [--input IN.f32 --shape N,3,H,W --output OUT.f32] [--input ...]
    /usr/bin/python3 scripts/models/official/deoldify_reference.py --variant stable --describe
    /usr/bin/python3 scripts/models/official/deoldify_reference.py --variant artistic \\
        --load FILE.pth --input IN.f32 --shape N,3,H,W --output OUT.f32
--weights, --format and --wrap may repeat: the i-th file is written in the i-th format and wrap
(default zip, bare). --format: zip = torch.save default, legacy =
_use_new_zipfile_serialization=False. --wrap: bare state dict (OrderedDict from
model.state_dict()), fastai = {'model': sd, 'opt': Adam state_dict} (as fastai's Learner.save),
dataparallel = keys prefixed 'module.'.
--input/--shape/--output may repeat (one triple per tensor): raw little-endian float32 NCHW; the
output [N,3,H,W] is the eval-mode network output (SigmoidRange included) under torch.no_grad().
H and W must be multiples of 16.
--train-check DIR: one train-mode pass as PyTorch's model.train() does it (see its --help).
--load reads a file (e.g. one colorize wrote) with torch.load and load_state_dict(strict=True)
instead of seeding, then runs the inputs: the check that PyTorch code loads colorize's exports.
--bench N times N eval passes and N training steps (train mode, backward of the output mean)
per --shape (random gray-like inputs; no --input needed) with
--threads T torch threads (default 2), printing the median: the PyTorch side of
OfficialNetworkBenchmark.
--describe prints "key<TAB>shape" per state-dict key (shape comma-separated, empty for the 0-d
num_batches_tracked) and exits.
"""
import argparse
import collections
import copy
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils import spectral_norm, weight_norm
import torchvision

# ---------------------------------------------------------------------------------------------
# Building blocks (reimplemented after fastai/layers.py and deoldify/layers.py)

SPECTRAL, WEIGHT, BATCH = "spectral", "weight", "batch"


def _init_conv(conv):
    nn.init.kaiming_normal_(conv.weight)
    if conv.bias is not None:
        conv.bias.data.zero_()
    return conv


def custom_conv_layer(ni, nf, ks=3, norm_type=BATCH, use_activ=True, self_attention=False,
                      extra_bn=False, conv_1d=False, bias=None):
    """deoldify/layers.py custom_conv_layer: [conv(+norm), ReLU?, BatchNorm?, SelfAttention?]."""
    bn = norm_type == BATCH or extra_bn
    if bias is None:
        bias = not bn
    cls = nn.Conv1d if conv_1d else nn.Conv2d
    conv = _init_conv(cls(ni, nf, kernel_size=ks, stride=1, padding=(ks - 1) // 2, bias=bias))
    if norm_type == WEIGHT:
        conv = weight_norm(conv)
    elif norm_type == SPECTRAL:
        conv = spectral_norm(conv)
    mods = [conv]
    if use_activ:
        mods.append(nn.ReLU(inplace=True))
    if bn:
        mods.append(nn.BatchNorm2d(nf))
    if self_attention:
        mods.append(SelfAttention(nf))
    return nn.Sequential(*mods)


def conv_layer(ni, nf, ks=3, norm_type=BATCH, use_activ=True):
    """fastai/layers.py conv_layer: like custom_conv_layer without extra_bn (BN only for Batch)."""
    return custom_conv_layer(ni, nf, ks=ks, norm_type=norm_type, use_activ=use_activ)


def batchnorm_2d(nf):
    bn = nn.BatchNorm2d(nf)
    with torch.no_grad():
        bn.bias.fill_(1e-3)
        bn.weight.fill_(1.0)
    return bn


def _blur_pad():
    return nn.ReplicationPad2d((1, 0, 1, 0)), nn.AvgPool2d(2, stride=1)


class SelfAttention(nn.Module):
    """fastai SelfAttention: spectral-norm 1x1 Conv1d query/key (C/8) and value (C), no bias."""

    def __init__(self, n_channels):
        super().__init__()

        def conv1d(ni, no):
            c = nn.Conv1d(ni, no, 1, bias=False)
            nn.init.kaiming_normal_(c.weight)
            return spectral_norm(c)

        self.query = conv1d(n_channels, n_channels // 8)
        self.key = conv1d(n_channels, n_channels // 8)
        self.value = conv1d(n_channels, n_channels)
        self.gamma = nn.Parameter(torch.tensor([0.0]))

    def forward(self, x):
        shape = x.shape
        flat = x.reshape(shape[0], shape[1], -1)
        f, g, h = self.query(flat), self.key(flat), self.value(flat)
        # softmax over dim 1 (the query position), as in fastai
        beta = torch.softmax(torch.bmm(f.transpose(1, 2), g), dim=1)
        out = self.gamma * torch.bmm(h, beta) + flat
        return out.reshape(shape)


class MergeLayer(nn.Module):
    """x + input of the enclosing SequentialEx, or cat([x, input]) when dense."""

    def __init__(self, dense=False):
        super().__init__()
        self.dense = dense

    def forward(self, x, orig):
        return torch.cat([x, orig], dim=1) if self.dense else x + orig


class SequentialEx(nn.Module):
    """fastai SequentialEx: ModuleList "layers"; MergeLayer sees the SequentialEx's input."""

    def __init__(self, *mods):
        super().__init__()
        self.layers = nn.ModuleList(mods)

    def forward(self, x):
        res = x
        for layer in self.layers:
            res = layer(res, x) if isinstance(layer, MergeLayer) else layer(res)
        return res


def res_block(nf, norm_type):
    """fastai res_block (dense=False, bottle=False): conv_layer x2 then x + block input."""
    return SequentialEx(conv_layer(nf, nf, norm_type=norm_type),
                        conv_layer(nf, nf, norm_type=norm_type),
                        MergeLayer(dense=False))


class SigmoidRange(nn.Module):
    def __init__(self, low, high):
        super().__init__()
        self.low, self.high = low, high

    def forward(self, x):
        return torch.sigmoid(x) * (self.high - self.low) + self.low


class CustomPixelShuffle_ICNR(nn.Module):
    """deoldify/unet.py: custom_conv_layer 1x1 (spectral, no bias, BN), ReLU, shuffle, blur."""

    def __init__(self, ni, nf, norm_type, extra_bn, scale=2):
        super().__init__()
        self.conv = custom_conv_layer(ni, nf * scale * scale, ks=1, use_activ=False,
                                      norm_type=norm_type, extra_bn=extra_bn)
        self.shuf = nn.PixelShuffle(scale)
        self.pad, self.blur = _blur_pad()
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        return self.blur(self.pad(self.shuf(self.relu(self.conv(x)))))


class PixelShuffle_ICNR(nn.Module):
    """fastai PixelShuffle_ICNR with its default NormType.Weight: weight-norm 1x1 conv + bias."""

    def __init__(self, ni, scale=2):
        super().__init__()
        self.conv = conv_layer(ni, ni * scale * scale, ks=1, norm_type=WEIGHT, use_activ=False)
        self.shuf = nn.PixelShuffle(scale)
        self.pad, self.blur = _blur_pad()
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        return self.blur(self.pad(self.shuf(self.relu(self.conv(x)))))


class Hook:
    """Stores the forward output of one encoder child (fastai hook_outputs, detach=False)."""

    def __init__(self, module):
        self.stored = None
        self.handle = module.register_forward_hook(self._store)

    def _store(self, module, inputs, output):
        self.stored = output


def _match(up_out, s):
    if s.shape[-2:] != up_out.shape[-2:]:
        up_out = F.interpolate(up_out, s.shape[-2:], mode="nearest")
    return up_out


class UnetBlockDeep(nn.Module):
    def __init__(self, up_in_c, x_in_c, hook, final_div, self_attention, nf_factor,
                 norm_type, extra_bn):
        super().__init__()
        self.hook = hook  # plain attribute: not a module, no state
        self.shuf = CustomPixelShuffle_ICNR(up_in_c, up_in_c // 2, norm_type, extra_bn)
        self.bn = batchnorm_2d(x_in_c)
        ni = up_in_c // 2 + x_in_c
        nf = int((ni if final_div else ni // 2) * nf_factor)
        self.conv1 = custom_conv_layer(ni, nf, norm_type=norm_type, extra_bn=extra_bn)
        self.conv2 = custom_conv_layer(nf, nf, norm_type=norm_type, extra_bn=extra_bn,
                                       self_attention=self_attention)
        self.relu = nn.ReLU()
        self.out_c = nf

    def forward(self, up_in):
        s = self.hook.stored
        up_out = _match(self.shuf(up_in), s)
        return self.conv2(self.conv1(self.relu(torch.cat([up_out, self.bn(s)], dim=1))))


class UnetBlockWide(nn.Module):
    def __init__(self, up_in_c, x_in_c, n_out, hook, self_attention, norm_type, extra_bn):
        super().__init__()
        self.hook = hook
        up_out = x_out = n_out // 2
        self.shuf = CustomPixelShuffle_ICNR(up_in_c, up_out, norm_type, extra_bn)
        self.bn = batchnorm_2d(x_in_c)
        self.conv = custom_conv_layer(up_out + x_in_c, x_out, norm_type=norm_type,
                                      extra_bn=extra_bn, self_attention=self_attention)
        self.relu = nn.ReLU()
        self.out_c = x_out

    def forward(self, up_in):
        s = self.hook.stored
        up_out = _match(self.shuf(up_in), s)
        return self.conv(self.relu(torch.cat([up_out, self.bn(s)], dim=1)))


def _sfs_idxs(widths):
    """deoldify/unet.py _get_sfs_idxs: indexes of children after which the size changes."""
    idxs = [i for i in range(len(widths) - 1) if widths[i] != widths[i + 1]]
    if widths[0] != widths[1]:
        idxs = [0] + idxs
    return idxs


class DynamicUnet(SequentialEx):
    """DynamicUnetDeep (wide=False) or DynamicUnetWide (wide=True), DeOldify's arguments."""

    def __init__(self, encoder, wide, nf_factor, n_classes=3, y_range=(-3.0, 3.0),
                 norm_type=SPECTRAL, self_attention=True):
        extra_bn = norm_type == SPECTRAL
        imsize = (256, 256)
        # model_sizes(encoder, size=imsize): output shape of every encoder child
        sizes = []
        with torch.no_grad():
            was_training = encoder.training
            x = torch.zeros(1, 3, *imsize)
            encoder.eval()
            for child in encoder:
                x = child(x)
                sizes.append(tuple(x.shape))
            encoder.train(was_training)
        idxs = list(reversed(_sfs_idxs([s[-1] for s in sizes])))
        hooks = [Hook(encoder[i]) for i in idxs]

        ni = sizes[-1][1]
        middle_conv = nn.Sequential(
            custom_conv_layer(ni, ni * 2, norm_type=norm_type, extra_bn=extra_bn),
            custom_conv_layer(ni * 2, ni, norm_type=norm_type, extra_bn=extra_bn))
        mods = [encoder, batchnorm_2d(ni), nn.ReLU(), middle_conv]
        up_c = ni
        nf = 512 * nf_factor
        for i, idx in enumerate(idxs):
            not_final = i != len(idxs) - 1
            x_in_c = sizes[idx][1]
            sa = self_attention and i == len(idxs) - 3
            if wide:
                block = UnetBlockWide(up_c, x_in_c, nf if not_final else nf // 2, hooks[i],
                                      sa, norm_type, extra_bn)
            else:
                block = UnetBlockDeep(up_c, x_in_c, hooks[i], not_final, sa, nf_factor,
                                      norm_type, extra_bn)
            mods.append(block)
            up_c = block.out_c
        ni = up_c
        if imsize != sizes[0][-2:]:
            mods.append(PixelShuffle_ICNR(ni))
        mods.append(MergeLayer(dense=True))
        ni += encoder[0].weight.shape[1]  # in_channels(encoder)
        mods.append(res_block(ni, norm_type=norm_type))
        mods.append(custom_conv_layer(ni, n_classes, ks=1, use_activ=False, norm_type=norm_type))
        mods.append(SigmoidRange(*y_range))
        super().__init__(*mods)
        self.hooks = hooks


# parameters whose gradients --train-check writes: the stem, an encoder batch norm, the middle
# spectral conv, the self-attention, the weight-norm shuffle and the head
GRAD_KEYS = ["layers.0.0.weight", "layers.0.4.0.bn1.weight", "layers.3.0.0.weight_orig",
             "layers.5.conv2.3.gamma", "layers.5.conv2.3.query.weight_orig",
             "layers.8.conv.0.weight_g", "layers.11.0.bias"]

VARIANTS = {
    # name: (torchvision arch, wide, nf_factor, published tensors, published values)
    "artistic": (torchvision.models.resnet34, False, 1.5, 378, 63.8e6),
    "stable": (torchvision.models.resnet101, True, 2, 754, 218.5e6),
}


def build(variant):
    arch, wide, nf_factor, _, _ = VARIANTS[variant]
    body = nn.Sequential(*list(arch(weights=None).children())[:-2])  # create_body(arch, cut=-2)
    return DynamicUnet(body, wide=wide, nf_factor=nf_factor)


# ---------------------------------------------------------------------------------------------
# Deterministic settled weights

IMAGENET_MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
IMAGENET_STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


def sample_inputs(n, h, w):
    """Grayscale-like images (smooth random field + noise) in [0,1], replicated to 3 channels
    and ImageNet-normalised, as DeOldify feeds its generator."""
    base = torch.rand(n, 1, max(h // 8, 1), max(w // 8, 1))
    gray = F.interpolate(base, size=(h, w), mode="bilinear", align_corners=False)
    gray = (0.8 * gray + 0.2 * torch.rand(n, 1, h, w)).clamp(0.0, 1.0)
    return (gray - IMAGENET_MEAN) / IMAGENET_STD


def spectral_modules(model):
    return [m for m in model.modules() if hasattr(m, "weight_orig") and hasattr(m, "weight_u")]


@torch.no_grad()
def power_iterate(model, iterations):
    """Own power iteration on every spectral-norm layer's u/v (same update torch does)."""
    for m in spectral_modules(model):
        w = m.weight_orig.reshape(m.weight_orig.shape[0], -1)
        u, v = m.weight_u, m.weight_v
        for _ in range(iterations):
            v.copy_(F.normalize(torch.mv(w.t(), u), dim=0, eps=1e-12))
            u.copy_(F.normalize(torch.mv(w, v), dim=0, eps=1e-12))


@torch.no_grad()
def randomize(model):
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.weight.uniform_(0.5, 1.5)
            m.bias.uniform_(-0.2, 0.2)
        elif isinstance(m, (nn.Conv1d, nn.Conv2d)) and m.bias is not None:
            m.bias.uniform_(-0.1, 0.1)
        elif isinstance(m, SelfAttention):
            m.gamma.fill_(0.3)


@torch.no_grad()
def output_stats(model, x):
    pre = {}
    handle = model.layers[-1].register_forward_hook(lambda m, i, o: pre.__setitem__("z", i[0]))
    y = model(x)
    handle.remove()
    inside = ((y > -2.7) & (y < 2.7)).float().mean().item()
    return y, pre["z"], inside


VAR_FLOOR = 0.1


@torch.no_grad()
def settle(model, passes=2, batch=4, size=128, log=print):
    power_iterate(model, 15)
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    for bn in bns:
        bn.momentum = None  # cumulative average of the batch statistics
    model.train()
    for _ in range(passes):
        model(sample_inputs(batch, size, size))
    for bn in bns:
        bn.momentum = 0.1
        # a channel that ReLU left (nearly) constant would divide by sqrt(1e-5): such gains make
        # float32 round-off grow past the 1e-4 the tests compare at, so they are bounded
        bn.running_var.clamp_(min=VAR_FLOOR)
    model.eval()
    # un-saturate if needed: scale the last weight-norm magnitude (everything after it is BN-free)
    shuffle = [m for m in model.layers if isinstance(m, PixelShuffle_ICNR)][-1]
    probe = sample_inputs(batch, size, size)
    for attempt in range(6):
        y, z, inside = output_stats(model, probe)
        std = y.std().item()
        log("settle: eval output inside (-2.7,2.7): %.4f  std %.4f  mean %.4f  min %.4f  max %.4f"
            "  (pre-sigmoid std %.4f)" % (inside, std, y.mean().item(), y.min().item(),
                                          y.max().item(), z.std().item()))
        if inside >= 0.95 and std > 0.1:
            return
        factor = float(min(max(1.0 / max(z.std().item(), 1e-6), 0.05), 20.0))
        if inside >= 0.95:  # collapsed rather than saturated
            factor = max(factor, 2.0)
        shuffle.conv[0].weight_g.mul_(factor)
        log("settle: scaled final PixelShuffle_ICNR weight_g by %.4f" % factor)
    y, z, inside = output_stats(model, probe)
    if not (inside >= 0.9 and y.std().item() > 0.05):
        raise SystemExit("could not settle the outputs (inside %.3f, std %.4f)"
                         % (inside, y.std().item()))


def make_model(variant, seed, log=print):
    torch.manual_seed(seed)
    model = build(variant)
    randomize(model)
    settle(model, log=log)
    return model


# ---------------------------------------------------------------------------------------------

def counts(sd):
    all_t = len(sd)
    all_v = sum(t.numel() for t in sd.values())
    nbt = [k for k in sd if k.endswith("num_batches_tracked")]
    return all_t, all_v, all_t - len(nbt), all_v - len(nbt)


def check_layout(sd):
    spectral_prefixes = {k[:-len("weight_orig")] for k in sd if k.endswith("weight_orig")}
    for p in spectral_prefixes:
        assert p + "weight_u" in sd and p + "weight_v" in sd, p
        assert p + "weight" not in sd, p + "weight is stored"
    return len(spectral_prefixes)


def main(argv=None):
    ap = argparse.ArgumentParser(description="DeOldify generator reference (see docstring)")
    ap.add_argument("--variant", required=True, choices=sorted(VARIANTS))
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--weights", action="append", default=[])
    ap.add_argument("--format", action="append", choices=["zip", "legacy"], default=[])
    ap.add_argument("--wrap", action="append", choices=["bare", "fastai", "dataparallel"],
                    default=[])
    ap.add_argument("--input", action="append", default=[])
    ap.add_argument("--shape", action="append", default=[])
    ap.add_argument("--output", action="append", default=[])
    ap.add_argument("--describe", action="store_true")
    ap.add_argument("--bench", type=int, default=0, metavar="N",
                    help="time N eval forward passes (after 2 warm-up passes) of each --shape"
                    " on random inputs, and print the median seconds; --threads sets torch's")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--train-check", metavar="DIR",
                    help="after the eval outputs: one train-mode pass on the first --input,"
                    " writing DIR/train-out.f32 (and train-out64.f32 from a float64 copy), the"
                    " gradients of the output mean for"
                    " GRAD_KEYS (DIR/grad-<key>.f32, grad64-<key>.f32) and the state dict after the pass"
                    " (DIR/after.pth, legacy format: running statistics and spectral u, v moved)")
    ap.add_argument("--load", help="instead of seeding: torch.load this file and"
                    " load_state_dict(strict=True) it into the reference network")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)

    if args.describe:
        torch.manual_seed(args.seed)
        sd = build(args.variant).state_dict()
        out = sys.stdout
        for k, t in sd.items():
            out.write("%s\t%s\n" % (k, ",".join(str(d) for d in t.shape)))
        out.flush()
        return 0

    if not args.weights and not args.load:
        ap.error("--weights is required (unless --describe or --load)")
    if len(args.format) > len(args.weights) or len(args.wrap) > len(args.weights):
        ap.error("more --format/--wrap than --weights")
    if not args.bench and not (len(args.input) == len(args.shape) == len(args.output)):
        ap.error("each --input needs a --shape and an --output")
    shapes = []
    for text in args.shape:
        shape = tuple(int(s) for s in text.split(","))
        if len(shape) != 4 or shape[1] != 3:
            ap.error("--shape must be N,3,H,W")
        if shape[2] % 16 or shape[3] % 16:
            ap.error("H and W must be multiples of 16")
        shapes.append(shape)

    t0 = time.time()
    if args.load:
        model = build(args.variant)
        # weights_only=False is torch 1.13's default; the reference trusts files the tests wrote
        model.load_state_dict(torch.load(args.load, map_location="cpu"), strict=True)
        print("loaded %s strictly" % args.load)
    else:
        model = make_model(args.variant, args.seed)
    t1 = time.time()
    sd = model.state_dict()
    n_spec = check_layout(sd)
    all_t, all_v, t_no, v_no = counts(sd)
    _, _, _, pub_t, pub_v = VARIANTS[args.variant]
    print("variant %s seed %d: %d tensors / %d values with num_batches_tracked, %d / %d without;"
          " published %d / %.1fM; %d spectral-norm layers"
          % (args.variant, args.seed, all_t, all_v, t_no, v_no, pub_t, pub_v / 1e6, n_spec))
    if all_t != pub_t and t_no != pub_t:
        print("WARNING: tensor count differs from the published file", file=sys.stderr)

    for i, path in enumerate(args.weights):
        fmt = args.format[i] if i < len(args.format) else "zip"
        wrap = args.wrap[i] if i < len(args.wrap) else "bare"
        if wrap == "dataparallel":
            obj = collections.OrderedDict(("module." + k, v) for k, v in sd.items())
        elif wrap == "fastai":
            # as fastai's Learner.save(with_opt=True): the optimiser state beside the weights
            # (fresh Adam: param_groups with floats, tuples, bools and index lists, no tensors)
            obj = {"model": sd, "opt": torch.optim.Adam(model.parameters()).state_dict()}
        else:
            obj = sd
        if fmt == "legacy":
            torch.save(obj, path, _use_new_zipfile_serialization=False)
        else:
            torch.save(obj, path)
        print("wrote %s (%s, %s)" % (path, fmt, wrap))
    t2 = time.time()

    model.eval()
    if args.bench:
        for shape in shapes:
            x = sample_inputs(shape[0], shape[2], shape[3])
            times = []
            with torch.no_grad():
                for i in range(args.bench + 2):
                    start = time.perf_counter()
                    model(x)
                    if i >= 2:
                        times.append(time.perf_counter() - start)
            times.sort()
            print("bench %s threads %d: median %.4f s over %d passes"
                  % (",".join(map(str, shape)), args.threads, times[len(times) // 2], len(times)))
            # one training step as the Java side times it: train-mode forward, backward of the mean
            model.train()
            times = []
            for i in range(args.bench + 2):
                start = time.perf_counter()
                model.zero_grad(set_to_none=True)
                model(x).mean().backward()
                if i >= 2:
                    times.append(time.perf_counter() - start)
            model.eval()
            times.sort()
            print("train %s threads %d: median %.4f s over %d passes"
                  % (",".join(map(str, shape)), args.threads, times[len(times) // 2], len(times)))
        return 0
    for path, shape, out_path in zip(args.input, shapes, args.output):
        data = np.fromfile(path, dtype="<f4")
        expected = int(np.prod(shape))
        if data.size != expected:
            raise SystemExit("input has %d floats, shape %s needs %d" % (data.size, shape, expected))
        x = torch.from_numpy(data.astype(np.float32).reshape(shape))
        with torch.no_grad():
            y = model(x)
        y.numpy().astype("<f4").tofile(out_path)
        print("output %s: inside (-2.7,2.7) %.4f std %.4f"
              % (list(y.shape), ((y > -2.7) & (y < 2.7)).float().mean().item(), y.std().item()))
    if args.train_check:
        import os
        data = np.fromfile(args.input[0], dtype="<f4").reshape(shapes[0])
        # the same pass in float64 first: train-mode gradients through batch statistics of a few
        # values are ill-conditioned, so the Java side is held to PyTorch's own float32 error
        wide = copy.deepcopy(model).double().train()
        y64 = wide(torch.from_numpy(data.astype(np.float64)))
        y64.detach().numpy().astype("<f4").tofile(
            os.path.join(args.train_check, "train-out64.f32"))
        y64.mean().backward()
        wide_params = dict(wide.named_parameters())
        for key in GRAD_KEYS:
            wide_params[key].grad.numpy().astype("<f4").tofile(
                os.path.join(args.train_check, "grad64-%s.f32" % key))
        del wide
        model.train()
        y = model(torch.from_numpy(data.astype(np.float32)))
        y.detach().numpy().astype("<f4").tofile(os.path.join(args.train_check, "train-out.f32"))
        y.mean().backward()
        params = dict(model.named_parameters())
        for key in GRAD_KEYS:
            params[key].grad.numpy().astype("<f4").tofile(
                os.path.join(args.train_check, "grad-%s.f32" % key))
        torch.save(model.state_dict(), os.path.join(args.train_check, "after.pth"),
                   _use_new_zipfile_serialization=False)
        model.eval()
        print("train check written to %s" % args.train_check)
    t3 = time.time()
    print("time: build+settle %.1fs, save %.1fs, run %.1fs, total %.1fs"
          % (t1 - t0, t2 - t1, t3 - t2, t3 - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
