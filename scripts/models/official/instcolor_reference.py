#!/usr/bin/python3
"""Independent PyTorch reference of InstColorization's three published networks, for the Java tests.

Builds, from a seed, the three networks of InstColorization (Su, Chu and Huang, "Instance-aware
Image Colorization", CVPR 2020) with exactly the state-dict keys and shapes of the published
checkpoint folder (latest_net_GComp.pth, latest_net_G.pth, latest_net_GF.pth), gives them
deterministic "settled" weights, writes the three state dicts the way such files are stored, and
optionally runs the full automatic-colorization pipeline on raw float32 tensors so that the Java
reimplementation can be compared with it.

Networks (the FusionModel of models/fusion_model.py; input_nc 1 + output_nc 2 + mask 1 = 4,
output_nc 2, norm 'batch' = BatchNorm2d(affine=True), use_tanh=True):
    GComp  SIGGRAPHGenerator  full-image network (Zhang et al. 2017's interactive colorizer)
    G      InstanceGenerator  the same layers, run on the instance crops; its forward also returns
                              13 intermediate features by name
    GF     FusionGenerator    the same layers plus one WeightGenerator per fused feature

Where the structure comes from (ericsujw/InstColorization, commit 1ce3d25):
    models/networks.py      the three generators and WeightGenerator
    models/fusion_model.py  how they are called: netG(crops) -> feature dict, then
                            netGF(full, hint, mask, features, [box_info, _2x, _4x, _8x]);
                            netGComp(full, hint, mask) when an image has no boxes
    fusion_dataset.py       Fusion_Testing_Dataset: get_box_info at fineSize, //2, //4, //8, the
                            crops pil_img.crop((x1, y1, x2, y2)) resized to fineSize x fineSize
    image_util.py           get_box_info
    util/util.py            get_colorization_data: hint_B zeros, mask_B = 0 - mask_cent = -0.5
                            (sample_p = 1: no hints), L normalised (L - l_cent 50) / l_norm 100

Trunk (all convs bias=True, 3x3 padding 1 unless said; C = Conv2d, R = ReLU, B = BatchNorm2d):
    model1   C(4,64) R C(64,64) R B              -> conv1_2   (keys model1.0, .2, BN .4)
    model2   C(64,128) R C R B  on conv1_2[:, :, ::2, ::2]     -> conv2_2  (.0 .2, BN .4)
    model3   C(128,256) R C R C R B  on conv2_2[::2, ::2]      -> conv3_3  (.0 .2 .4, BN .6)
    model4   C(256,512) R C R C R B  on conv3_3[::2, ::2]      -> conv4_3
    model5, model6  as model4 at 512 with dilation 2, padding 2 -> conv5_3, conv6_3
    model7   as model4 at 512                                   -> conv7_3
    conv8_up  = model8up (ConvTranspose2d(512,256,4,2,1))(conv7_3) + model3short8 (C 256)(conv3_3)
    model8   R C(256,256) R C R B  (keys .1 .3, BN .5)          -> conv8_3
    conv9_up  = model9up (ConvTranspose2d(256,128,4,2,1))(conv8_3) + model2short9 (C 128)(conv2_2)
    model9   R C(128,128) R B  (.1, BN .3)                      -> conv9_3
    conv10_up = model10up (ConvTranspose2d(128,128,4,2,1))(conv9_3) + model1short10 (C 64->128)(conv1_2)
    model10  R C(128,128) LeakyReLU(0.2)  (.1)                  -> conv10_2
    model_out  1x1 C(128,2), Tanh  -> output [N, 2, S, S] (ab / 110)
    model_class 1x1 C(256,529): in every state dict, never used for the colours (the original
    computes it from conv8_3 and discards it; this script does not compute it at all).
Registration (= state-dict) order: model1..model7, model8up, model8, model9up, model9, model10up,
model10, model3short8, model2short9, model1short10, model_class, model_out; the original's
upsample4 and softmax modules hold no state. In GF the fourteen WeightGenerators are assigned in
__init__ before those Sequentials, so its state dict starts with weight_layer, weight_layer2 ..
weight_layer7, weight_layer8_1, weight_layer8_2, weight_layer9_1, weight_layer9_2,
weight_layer10_1, weight_layer10_2, weight_layerout (2 channels: stored, never used).

The in-place ReLU: model8, model9 and model10 start with nn.ReLU(True), which overwrites their
input. So the feature dict of G holds conv8_up, conv9_up and conv10_up *after* that ReLU (the
tensors were modified after being stored), while GF fuses its own conv8_up, conv9_up and
conv10_up *before* it (the fused tensor is what the ReLU then overwrites). This script uses
out-of-place ReLUs and applies that ReLU to G's three features explicitly (instance_features).

Fusion (GF): after each of the 13 features the full-image feature x is replaced by
weight_layer<i>(G's feature of the same name f [k, C, s, s], x [1, C, s, s], box info at the
feature's level): level 0 (S) for conv1_2, conv10_up, conv10_2; level 1 (S/2) for conv2_2,
conv9_up, conv9_3; level 2 (S/4) for conv3_3, conv8_up, conv8_3; level 3 (S/8) for conv4_3 ..
conv7_3. WeightGenerator(C): simple_instance_conv and simple_bg_conv, each C(C,16) R C(16,16) R
C(16,1) R (keys .0 .2 .4). Per instance i with box info [L, R, T, B, rh, rw]: the 1-channel map
simple_instance_conv(f[i]) and f[i] itself are resized by F.interpolate(mode='bilinear',
align_corners=False) to (rw, rh) - rw is the box *height* and rh its *width*, the original's
names - and zero padded by (L, R, T, B) to s x s; a 0/1 mask is 1 on rows T:T+rw, columns L:L+rh.
The background logit is simple_bg_conv(x) + (1 - clamp(sum of masks, 0, 1)) * 100000; a softmax
over the k + 1 logits gives the weights; the result is sum_i resized f[i] * w_i + x * w_bg. Outside
every box the background weight is 1 up to exp(-1e5), so there the fused feature equals the
full-image feature of that level (but later levels mix through the 3x3 convs and upsampling).
With no boxes (k = 0) the pipeline output is GComp's, InstColor's own fallback.

Box info (image_util.get_box_info(pred_bbox, (W, H), final_size), reimplemented identically, float
arithmetic as Python / numpy float64): startx = int(x1 / W * s), starty = int(y1 / H * s), endx,
endy likewise from x2, y2; rh = endx - startx, rw = endy - starty; if rh < 1: endx += 1 when
s - endx > 1 else startx -= 1, rh = 1 (same for rw with y); returns
[startx, s - endx, starty, s - endy, rh, rw] for s = S, S//2, S//4, S//8.

Weights (all from torch.manual_seed(seed)): PyTorch's default init for every conv and transposed
conv; then, so that every path matters: every BatchNorm weight ~U(0.5, 1.5), bias ~U(-0.2, 0.2),
every conv bias ~U(-0.1, 0.1), except the last conv (.4) of each WeightGenerator branch, whose
bias is ~U(0.1, 0.5) so that the final ReLU passes positive logits and the softmax weighting is
exercised (with zero logits every box would just average instance and background). Settling
(BN momentum=None, i.e. running stats = average of the batch stats): train-mode passes on random
smooth gray-like L inputs ((L - 50) / 100 in [-0.5, 0.5], a bilinear low-pass random field plus a
little noise) at 64 px, GComp and G on batches of 4, then GF through the fused forward (batch 1,
as the original's WeightGenerator requires) with 1..3 random boxes, G in eval mode giving the
instance features of crops of the same field; every running_var is then raised to at least 0.1
(a channel that ReLU leaves nearly constant would otherwise scale by 1/sqrt(1e-5) and float32
round-off would grow past the tests' tolerance); then eval(). If more than 5% of a network's
eval outputs have |y| > 0.97, its model_out.0 weight is scaled down (printed when it happens).

Run (Debian's python3 with torch 1.13; no network):
    /usr/bin/python3 scripts/models/official/instcolor_reference.py --seed 7 \\
        --dir OUT [--format zip|legacy] [--wrap bare|dataparallel] [--dir ...] \\
        [--size 64] [--full F.f32 --crops C.f32 --boxes "x1,y1,x2,y2;..." --image W,H \\
         --output O.f32] [--full ...]
    /usr/bin/python3 scripts/models/official/instcolor_reference.py --describe
    /usr/bin/python3 scripts/models/official/instcolor_reference.py --load DIR --size 64 \\
        --full ... --crops ... --boxes ... --image ... --output ...
    /usr/bin/python3 scripts/models/official/instcolor_reference.py --load DIR --size 256 \\
        --bench 5 --bench-instances 2 --threads 2
--dir, --format and --wrap may repeat: the i-th folder gets latest_net_G.pth, latest_net_GF.pth
and latest_net_GComp.pth in the i-th format and wrap (default zip, bare); the folder is created.
--format: zip = torch.save default, legacy = _use_new_zipfile_serialization=False. --wrap: bare
state dict (OrderedDict from state_dict()), dataparallel = every key prefixed 'module.'.
Cases: --full, --crops, --boxes, --image and --output repeat together, the i-th of each forming
case i. --full: raw little-endian float32 [1, 1, S, S], (L - 50) / 100. --crops: raw float32
[k, 1, S, S], same normalisation (an empty file when k = 0). --boxes: k boxes "x1,y1,x2,y2"
separated by ';', integer pixel corners in the original image, end exclusive, 0 <= x1 < x2 <= W,
0 <= y1 < y2 <= H ('' for none). --image W,H: the original image's size. --output: the pipeline's
ab output [1, 2, S, S], raw float32, tanh range (not multiplied by 110). --size S (default 256,
a multiple of 8) applies to every case. Everything runs in eval mode under torch.no_grad().
--load DIR reads DIR's three files with torch.load and load_state_dict(strict=True) instead of
seeding (a uniform 'module.' prefix is stripped first, and said so), then runs the cases: the
check that PyTorch code loads colorize's exports.
--bench N times N eval passes of the pipeline (after 2 warm-ups) and N training steps (train
mode: G on the crops and GF fused, backward of the output mean; GComp when k = 0) at --size with
random inputs and --bench-instances K (default 2) fixed boxes (bench_boxes), with --threads T
torch threads (default 2), printing "bench ... median X s" and "train ... median X s".
--describe prints "net<TAB>key<TAB>shape" for every key of GComp, G and GF (shape comma-separated,
empty for the 0-d num_batches_tracked) and exits.
"""
import argparse
import collections
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

# ---------------------------------------------------------------------------------------------
# The three networks (reimplemented after models/networks.py)

MASK_VALUE = -0.5        # mask_B = 0 - mask_cent: no hints anywhere
OUTSIDE_BOXES = 100000.0  # background logit boost where no box lies
INNER = 16                # WeightGenerator inner channels

# (feature name, weight generator, channels, box-info level), in the original's forward order;
# the generators are registered in this order too, then weight_layerout
FUSION_SITES = [
    ("conv1_2", "weight_layer", 64, 0),
    ("conv2_2", "weight_layer2", 128, 1),
    ("conv3_3", "weight_layer3", 256, 2),
    ("conv4_3", "weight_layer4", 512, 3),
    ("conv5_3", "weight_layer5", 512, 3),
    ("conv6_3", "weight_layer6", 512, 3),
    ("conv7_3", "weight_layer7", 512, 3),
    ("conv8_up", "weight_layer8_1", 256, 2),
    ("conv8_3", "weight_layer8_2", 256, 2),
    ("conv9_up", "weight_layer9_1", 128, 1),
    ("conv9_3", "weight_layer9_2", 128, 1),
    ("conv10_up", "weight_layer10_1", 128, 0),
    ("conv10_2", "weight_layer10_2", 128, 0),
]
SITE = {name: (layer, level) for name, layer, _, level in FUSION_SITES}
# features the original's feature dict holds after the in-place ReLU starting model8/9/10
RELU_AFTER_STORE = ("conv8_up", "conv9_up", "conv10_up")


def conv3x3(cin, cout, dilation=1):
    return nn.Conv2d(cin, cout, kernel_size=3, padding=dilation, dilation=dilation, bias=True)


def stage(cin, cout, convs, dilation=1, lead_relu=False, leaky_end=False):
    """[ReLU]? then `convs` x (conv, ReLU), closed by BatchNorm2d; with leaky_end the last ReLU
    is a LeakyReLU(0.2) and there is no BatchNorm (model10)."""
    mods = [nn.ReLU()] if lead_relu else []
    for i in range(convs):
        mods.append(conv3x3(cin if i == 0 else cout, cout, dilation))
        mods.append(nn.ReLU())
    if leaky_end:
        mods[-1] = nn.LeakyReLU(0.2)
    else:
        mods.append(nn.BatchNorm2d(cout))
    return nn.Sequential(*mods)


def place(t, geom):
    """Resize t [1, C, h, w] into a box and zero-pad it to the level's size."""
    left, right, top, bottom, box_w, box_h = geom
    t = F.interpolate(t, size=(box_h, box_w), mode="bilinear", align_corners=False)
    return F.pad(t, (left, right, top, bottom), mode="constant", value=0.0)


class BoxWeighting(nn.Module):
    """WeightGenerator(C): softmax-weighted mix of the boxed instance features and the
    full-image feature."""

    def __init__(self, channels):
        super().__init__()

        def branch():
            return nn.Sequential(conv3x3(channels, INNER), nn.ReLU(), conv3x3(INNER, INNER),
                                 nn.ReLU(), conv3x3(INNER, 1), nn.ReLU())

        self.simple_instance_conv = branch()
        self.simple_bg_conv = branch()

    def forward(self, inst, full, geoms):
        # full [1, C, s, s]; inst [k, C, h, w]; geoms: k box infos at this level
        logits, parts = [], []
        covered = torch.zeros_like(full[:1, :1])
        for i, geom in enumerate(geoms):
            one = inst[i:i + 1]
            logits.append(place(self.simple_instance_conv(one), geom))
            parts.append(place(one, geom))
            left, _, top, _, box_w, box_h = geom
            box = torch.zeros_like(covered)
            box[:, :, top:top + box_h, left:left + box_w] = 1.0
            covered = torch.clamp(covered + box, 0.0, 1.0)
        logits.append(self.simple_bg_conv(full) + (1.0 - covered) * OUTSIDE_BOXES)
        parts.append(full)
        weights = torch.softmax(torch.cat(logits, 1), dim=1)  # [1, k+1, s, s]
        stacked = torch.cat(parts, 0)                          # [k+1, C, s, s]
        return torch.sum(stacked * weights.permute(1, 0, 2, 3), 0, keepdim=True)


class ColorNet(nn.Module):
    """SIGGRAPHGenerator / InstanceGenerator layout; with fusion=True the FusionGenerator's."""

    def __init__(self, fusion=False):
        super().__init__()
        self.fusion = fusion
        if fusion:  # assigned first in the original's __init__, so first in the state dict
            for _, layer, channels, _ in FUSION_SITES:
                self.add_module(layer, BoxWeighting(channels))
            self.weight_layerout = BoxWeighting(2)
        self.model1 = stage(4, 64, 2)
        self.model2 = stage(64, 128, 2)
        self.model3 = stage(128, 256, 3)
        self.model4 = stage(256, 512, 3)
        self.model5 = stage(512, 512, 3, dilation=2)
        self.model6 = stage(512, 512, 3, dilation=2)
        self.model7 = stage(512, 512, 3)
        self.model8up = nn.Sequential(nn.ConvTranspose2d(512, 256, 4, stride=2, padding=1))
        self.model8 = stage(256, 256, 2, lead_relu=True)
        self.model9up = nn.Sequential(nn.ConvTranspose2d(256, 128, 4, stride=2, padding=1))
        self.model9 = stage(128, 128, 1, lead_relu=True)
        self.model10up = nn.Sequential(nn.ConvTranspose2d(128, 128, 4, stride=2, padding=1))
        self.model10 = stage(128, 128, 1, lead_relu=True, leaky_end=True)
        self.model3short8 = nn.Sequential(conv3x3(256, 256))
        self.model2short9 = nn.Sequential(conv3x3(128, 128))
        self.model1short10 = nn.Sequential(conv3x3(64, 128))
        self.model_class = nn.Sequential(nn.Conv2d(256, 529, kernel_size=1))
        self.model_out = nn.Sequential(nn.Conv2d(128, 2, kernel_size=1), nn.Tanh())

    def forward(self, light, inst=None, levels=None):
        """light [N, 1, S, S] -> (ab [N, 2, S, S], {feature name: tensor}). For the fusion
        network, inst is G's instance_features and levels the four per-level box-info lists."""
        n, _, h, w = light.shape
        x = torch.cat([light, light.new_zeros(n, 2, h, w),
                       light.new_full((n, 1, h, w), MASK_VALUE)], 1)
        feats = {}

        def site(name, t):
            if inst is not None:
                layer, level = SITE[name]
                t = getattr(self, layer)(inst[name], t, levels[level])
            feats[name] = t
            return t

        c1 = site("conv1_2", self.model1(x))
        c2 = site("conv2_2", self.model2(c1[:, :, ::2, ::2]))
        c3 = site("conv3_3", self.model3(c2[:, :, ::2, ::2]))
        c4 = site("conv4_3", self.model4(c3[:, :, ::2, ::2]))
        c5 = site("conv5_3", self.model5(c4))
        c6 = site("conv6_3", self.model6(c5))
        c7 = site("conv7_3", self.model7(c6))
        u8 = site("conv8_up", self.model8up(c7) + self.model3short8(c3))
        c8 = site("conv8_3", self.model8(u8))
        u9 = site("conv9_up", self.model9up(c8) + self.model2short9(c2))
        c9 = site("conv9_3", self.model9(u9))
        u10 = site("conv10_up", self.model10up(c9) + self.model1short10(c1))
        c10 = site("conv10_2", self.model10(u10))
        return self.model_out(c10), feats

    def instance_features(self, crops):
        """G's feature dict as the original holds it (see the in-place ReLU in the docstring)."""
        _, feats = self(crops)
        for name in RELU_AFTER_STORE:
            feats[name] = F.relu(feats[name])
        return feats


NETS = ("G", "GF", "GComp")  # file order: latest_net_<name>.pth


def build_all():
    return {"GComp": ColorNet(), "G": ColorNet(), "GF": ColorNet(fusion=True)}


# ---------------------------------------------------------------------------------------------
# Boxes (reimplemented after image_util.get_box_info)

def box_info(box, image_wh, final_size):
    """[L_pad, R_pad, T_pad, B_pad, rh, rw] of one pixel box at one level (rh = box width,
    rw = box height: the original's names)."""
    x1, y1, x2, y2 = box
    width, height = image_wh
    start_x = int(x1 / width * final_size)
    start_y = int(y1 / height * final_size)
    end_x = int(x2 / width * final_size)
    end_y = int(y2 / height * final_size)
    rh = end_x - start_x
    rw = end_y - start_y
    if rh < 1:
        if final_size - end_x > 1:
            end_x += 1
        else:
            start_x -= 1
        rh = 1
    if rw < 1:
        if final_size - end_y > 1:
            end_y += 1
        else:
            start_y -= 1
        rw = 1
    return [start_x, final_size - end_x, start_y, final_size - end_y, rh, rw]


def box_levels(boxes, image_wh, size):
    """The four per-level lists (S, S//2, S//4, S//8) of every box's info."""
    return [[box_info(b, image_wh, size // d) for b in boxes] for d in (1, 2, 4, 8)]


@torch.no_grad()
def run_pipeline(nets, full, crops, boxes, image_wh):
    """FusionModel.forward for one image (GComp when there are no boxes): ab [1, 2, S, S]."""
    if not boxes:
        return nets["GComp"](full)[0]
    levels = box_levels(boxes, image_wh, full.shape[-1])
    return nets["GF"](full, nets["G"].instance_features(crops), levels)[0]


# ---------------------------------------------------------------------------------------------
# Deterministic settled weights

SETTLE_SIZE = 64
VAR_FLOOR = 0.1
INSIDE = 0.97


def smooth_light(n, size, gen=None):
    """Gray-like (L - 50) / 100 in [-0.5, 0.5]: a low-pass random field plus a little noise."""
    base = torch.rand(n, 1, max(size // 8, 2), max(size // 8, 2), generator=gen)
    field = F.interpolate(base, size=(size, size), mode="bilinear", align_corners=False)
    field = (0.85 * field + 0.15 * torch.rand(n, 1, size, size, generator=gen)).clamp(0.0, 1.0)
    return field - 0.5


def crops_of(full, boxes, image_wh):
    """Instance crops as the test dataset makes them: the box region of the image, resized to
    S x S (here bilinearly from the full-size tensor, which stands for the image)."""
    size = full.shape[-1]
    width, height = image_wh
    out = []
    for x1, y1, x2, y2 in boxes:
        # the box in the S x S tensor's pixels (at least one pixel)
        c0, c1 = int(x1 * size / width), max(int(round(x2 * size / width)), int(x1 * size / width) + 1)
        r0, r1 = int(y1 * size / height), max(int(round(y2 * size / height)), int(y1 * size / height) + 1)
        out.append(F.interpolate(full[:, :, r0:r1, c0:c1], size=(size, size), mode="bilinear",
                                 align_corners=False))
    return torch.cat(out, 0) if out else full.new_zeros(0, 1, size, size)


def random_boxes(k, width, height, gen):
    boxes = []
    for _ in range(k):
        bw = int(torch.randint(max(width // 8, 2), max(width * 2 // 3, 3), (1,), generator=gen))
        bh = int(torch.randint(max(height // 8, 2), max(height * 2 // 3, 3), (1,), generator=gen))
        x1 = int(torch.randint(0, width - bw + 1, (1,), generator=gen))
        y1 = int(torch.randint(0, height - bh + 1, (1,), generator=gen))
        boxes.append((x1, y1, x1 + bw, y1 + bh))
    return boxes


def bench_boxes(k, size):
    """Fixed boxes for --bench, in an S x S image."""
    boxes = []
    for i in range(k):
        x1 = (i * size // 5) % (size // 2)
        y1 = (i * size // 7) % (size // 2)
        boxes.append((x1, y1, x1 + size // 2, y1 + size // 3))
    return boxes


@torch.no_grad()
def randomize(net):
    for m in net.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.kaiming_normal_(m.weight)
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.weight.uniform_(0.5, 1.5)
            m.bias.uniform_(-0.2, 0.2)
        elif isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)) and m.bias is not None:
            m.bias.uniform_(-0.1, 0.1)
    for m in net.modules():
        if isinstance(m, BoxWeighting):
            m.simple_instance_conv[4].bias.uniform_(0.1, 0.5)
            m.simple_bg_conv[4].bias.uniform_(0.1, 0.5)


def batch_norms(net):
    return [m for m in net.modules() if isinstance(m, nn.BatchNorm2d)]


def settle_begin(net):
    for bn in batch_norms(net):
        bn.momentum = None  # cumulative average of the batch statistics
    net.train()


def settle_end(net):
    for bn in batch_norms(net):
        bn.momentum = 0.1
        bn.running_var.clamp_(min=VAR_FLOOR)
    net.eval()


def inside(y):
    return ((y > -INSIDE) & (y < INSIDE)).float().mean().item()


def calibrate(net, outputs_fn, name, log):
    """Eval outputs of the probe; while more than 5% of them are beyond +-0.97, scale
    model_out.0's weight down (and up, should they have collapsed to std < 0.05)."""
    for _ in range(8):
        y = outputs_fn()
        std = y.std().item()
        if inside(y) >= 0.95 and std >= 0.05:
            return y
        pre = torch.atanh(y.clamp(-0.999999, 0.999999))
        factor = float(min(20.0, max(0.05, 0.5 / max(pre.std().item(), 1e-6))))
        net.model_out[0].weight.mul_(factor)
        log("settle: %s outputs %s (inside %.4f, std %.4f): model_out.0 weight scaled by %.4f"
            % (name, "saturate" if inside(y) < 0.95 else "collapse", inside(y), std, factor))
    raise SystemExit("could not settle the outputs of %s" % name)


@torch.no_grad()
def make_networks(seed, log=print):
    torch.manual_seed(seed)
    nets = build_all()
    for name in ("GComp", "G", "GF"):
        randomize(nets[name])
    gen = torch.Generator().manual_seed(seed * 1000 + 1)
    size, wh = SETTLE_SIZE, (SETTLE_SIZE, SETTLE_SIZE)
    for name in ("GComp", "G"):
        net = nets[name]
        settle_begin(net)
        for _ in range(2):
            net(smooth_light(2, size, gen))
        settle_end(net)
    gf = nets["GF"]
    settle_begin(gf)  # batch 1: the original's WeightGenerator fuses into one image
    for _ in range(4):
        full = smooth_light(1, size, gen)
        boxes = random_boxes(int(torch.randint(1, 3, (1,), generator=gen)), size, size, gen)
        gf(full, nets["G"].instance_features(crops_of(full, boxes, wh)), box_levels(boxes, wh, size))
    settle_end(gf)

    # probe: two fresh images, two random boxes each
    probe_full = smooth_light(2, size, gen)
    probe = []
    for i in range(probe_full.shape[0]):
        boxes = random_boxes(2, size, size, gen)
        probe.append((probe_full[i:i + 1], crops_of(probe_full[i:i + 1], boxes, wh), boxes))
    y_comp = calibrate(nets["GComp"], lambda: nets["GComp"](probe_full)[0], "GComp", log)
    y_inst = calibrate(nets["G"], lambda: nets["G"](probe_full)[0], "G", log)
    for name, y in (("GComp", y_comp), ("G", y_inst)):
        log("settle: %-5s eval output inside (-0.97,0.97) %.4f  std %.4f  mean %+.4f"
            % (name, inside(y), y.std().item(), y.mean().item()))
    if not torch.equal(y_comp, nets["GComp"](probe_full)[0]):  # GComp rescaled afterwards?
        y_comp = nets["GComp"](probe_full)[0]

    # how much the weight generators' logits are exercised (last probe run)
    positive = collections.defaultdict(list)
    hooks = []
    for _, layer, _, _ in FUSION_SITES:
        wg = getattr(gf, layer)
        for branch in (wg.simple_instance_conv, wg.simple_bg_conv):
            hooks.append(branch.register_forward_hook(
                lambda m, i, o, key=layer: positive[key].append((o > 0).float().mean().item())))

    def fused():
        positive.clear()
        return torch.cat([run_pipeline(nets, f, c, b, wh) for f, c, b in probe], 0)

    y = calibrate(gf, fused, "GF", log)
    for h in hooks:
        h.remove()
    frac = min(float(np.mean(v)) for v in positive.values())
    log("settle: GF    fused output inside (-0.97,0.97) %.4f  std %.4f  mean %+.4f;"
        " max |fused - GComp| %.4f; weight-generator logits > 0 at >= %.3f of the positions"
        " (worst layer)" % (inside(y), y.std().item(), y.mean().item(),
                            (y - y_comp).abs().max().item(), frac))
    return nets


# ---------------------------------------------------------------------------------------------

def counts(sd):
    all_t = len(sd)
    all_v = sum(t.numel() for t in sd.values())
    nbt = [k for k in sd if k.endswith("num_batches_tracked")]
    return all_t, all_v, all_t - len(nbt), all_v - len(nbt)


def shape_text(t):
    return ",".join(str(d) for d in t.shape)


def load_dir(nets, directory):
    for name in NETS:
        path = os.path.join(directory, "latest_net_%s.pth" % name)
        # weights_only=False is torch 1.13's default; the reference trusts files the tests wrote
        sd = torch.load(path, map_location="cpu")
        note = ""
        if sd and all(k.startswith("module.") for k in sd):
            sd = collections.OrderedDict((k[len("module."):], v) for k, v in sd.items())
            note = " ('module.' prefix stripped)"
        nets[name].load_state_dict(sd, strict=True)
        nets[name].eval()
        if note:
            print("%s%s" % (path, note))
    print("loaded %s strictly" % directory)


def parse_boxes(text, image_wh, ap):
    boxes = []
    for part in (p for p in text.split(";") if p.strip()):
        try:
            box = tuple(int(v) for v in part.split(","))
        except ValueError:
            ap.error("bad box %r" % part)
        if len(box) != 4:
            ap.error("a box is x1,y1,x2,y2: %r" % part)
        x1, y1, x2, y2 = box
        if not (0 <= x1 < x2 <= image_wh[0] and 0 <= y1 < y2 <= image_wh[1]):
            ap.error("box %r outside the %dx%d image or empty" % (part, *image_wh))
        boxes.append(box)
    return boxes


def read_f32(path, shape, what):
    data = np.fromfile(path, dtype="<f4")
    expected = int(np.prod(shape))
    if data.size != expected:
        raise SystemExit("%s %s has %d floats, shape %s needs %d"
                         % (what, path, data.size, list(shape), expected))
    return torch.from_numpy(data.astype(np.float32).reshape(shape))


def bench(nets, args):
    size, k = args.size, args.bench_instances
    gen = torch.Generator().manual_seed(12345)
    full = smooth_light(1, size, gen)
    boxes = bench_boxes(k, size)
    crops = crops_of(full, boxes, (size, size))
    label = "%d px, %d instances, threads %d" % (size, k, args.threads)
    for net in nets.values():
        net.eval()
    times = []
    for i in range(args.bench + 2):
        start = time.perf_counter()
        run_pipeline(nets, full, crops, boxes, (size, size))
        if i >= 2:
            times.append(time.perf_counter() - start)
    times.sort()
    print("bench %s: median %.4f s over %d passes" % (label, times[len(times) // 2], len(times)))
    # one training step: train-mode forward of G and GF (GComp when k = 0), backward of the mean
    levels = box_levels(boxes, (size, size), size)
    used = [nets["G"], nets["GF"]] if k else [nets["GComp"]]
    for net in used:
        net.train()
    times = []
    for i in range(args.bench + 2):
        start = time.perf_counter()
        for net in used:
            net.zero_grad(set_to_none=True)
        if k:
            y = nets["GF"](full, nets["G"].instance_features(crops), levels)[0]
        else:
            y = nets["GComp"](full)[0]
        y.mean().backward()
        if i >= 2:
            times.append(time.perf_counter() - start)
    for net in used:
        net.eval()
    times.sort()
    print("train %s: median %.4f s over %d passes" % (label, times[len(times) // 2], len(times)))


def main(argv=None):
    ap = argparse.ArgumentParser(description="InstColorization networks reference (see docstring)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dir", action="append", default=[],
                    help="write latest_net_G.pth, latest_net_GF.pth, latest_net_GComp.pth here")
    ap.add_argument("--format", action="append", choices=["zip", "legacy"], default=[])
    ap.add_argument("--wrap", action="append", choices=["bare", "dataparallel"], default=[])
    ap.add_argument("--size", type=int, default=256, help="S, a multiple of 8")
    ap.add_argument("--full", action="append", default=[], help="raw f32 [1,1,S,S]")
    ap.add_argument("--crops", action="append", default=[], help="raw f32 [k,1,S,S]")
    ap.add_argument("--boxes", action="append", default=[], help='"x1,y1,x2,y2;..." or ""')
    ap.add_argument("--image", action="append", default=[], help="W,H of the original image")
    ap.add_argument("--output", action="append", default=[], help="raw f32 [1,2,S,S]")
    ap.add_argument("--describe", action="store_true")
    ap.add_argument("--load", metavar="DIR", help="instead of seeding: torch.load DIR's three"
                    " files and load_state_dict(strict=True) them")
    ap.add_argument("--bench", type=int, default=0, metavar="N",
                    help="time N eval pipeline passes (after 2 warm-ups) and N training steps")
    ap.add_argument("--bench-instances", type=int, default=2, metavar="K")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)

    if args.describe:
        torch.manual_seed(args.seed)
        nets = build_all()
        out = sys.stdout
        for name in ("GComp", "G", "GF"):
            for key, t in nets[name].state_dict().items():
                out.write("%s\t%s\t%s\n" % (name, key, shape_text(t)))
        out.flush()
        return 0

    if args.size <= 0 or args.size % 8:
        ap.error("--size must be a positive multiple of 8")
    if not args.dir and not args.load:
        ap.error("--dir is required (unless --describe or --load)")
    if len(args.format) > len(args.dir) or len(args.wrap) > len(args.dir):
        ap.error("more --format/--wrap than --dir")
    n_cases = len(args.full)
    if not (len(args.crops) == len(args.boxes) == len(args.image) == len(args.output) == n_cases):
        ap.error("each case needs --full, --crops, --boxes, --image and --output")
    if args.bench_instances < 0:
        ap.error("--bench-instances must be >= 0")
    cases = []
    for i in range(n_cases):
        try:
            wh = tuple(int(v) for v in args.image[i].split(","))
        except ValueError:
            wh = ()
        if len(wh) != 2 or min(wh) <= 0:
            ap.error("--image must be W,H")
        cases.append((args.full[i], args.crops[i], parse_boxes(args.boxes[i], wh, ap), wh,
                      args.output[i]))

    t0 = time.time()
    if args.load:
        torch.manual_seed(args.seed)
        nets = build_all()
        load_dir(nets, args.load)
    else:
        nets = make_networks(args.seed)
    t1 = time.time()
    for name in ("GComp", "G", "GF"):
        all_t, all_v, t_no, v_no = counts(nets[name].state_dict())
        print("%-5s seed %d: %d tensors / %d values with num_batches_tracked, %d / %d without"
              % (name, args.seed, all_t, all_v, t_no, v_no))

    for i, directory in enumerate(args.dir):
        fmt = args.format[i] if i < len(args.format) else "zip"
        wrap = args.wrap[i] if i < len(args.wrap) else "bare"
        os.makedirs(directory, exist_ok=True)
        for name in NETS:
            sd = nets[name].state_dict()
            if wrap == "dataparallel":
                sd = collections.OrderedDict(("module." + k, v) for k, v in sd.items())
            path = os.path.join(directory, "latest_net_%s.pth" % name)
            if fmt == "legacy":
                torch.save(sd, path, _use_new_zipfile_serialization=False)
            else:
                torch.save(sd, path)
        print("wrote %s/latest_net_{G,GF,GComp}.pth (%s, %s)" % (directory, fmt, wrap))
    t2 = time.time()

    for net in nets.values():
        net.eval()
    if args.bench:
        bench(nets, args)
        return 0
    size = args.size
    for full_path, crops_path, boxes, wh, out_path in cases:
        full = read_f32(full_path, (1, 1, size, size), "--full")
        crops = read_f32(crops_path, (len(boxes), 1, size, size), "--crops")
        y = run_pipeline(nets, full, crops, boxes, wh)
        y.numpy().astype("<f4").tofile(out_path)
        print("output %s (%d boxes): inside (-0.97,0.97) %.4f std %.4f"
              % (out_path, len(boxes), inside(y), y.std().item()))
    t3 = time.time()
    print("time: build+settle %.1fs, save %.1fs, run %.1fs, total %.1fs"
          % (t1 - t0, t2 - t1, t3 - t2, t3 - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
