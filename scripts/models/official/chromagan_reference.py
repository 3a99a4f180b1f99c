#!/usr/bin/python3
"""Independent PyTorch reference of ChromaGAN's generator, for the Java tests.

Builds, from a seed, the colorization network of ChromaGAN (Vitoria, Raad and Ballester,
"ChromaGAN: Adversarial Picture Colorization with Semantic Class Distribution", WACV 2020) with
exactly the layer names, weight names and shapes of the published Keras file, gives it
deterministic "settled" weights, writes them as Keras 2.2.4 writes an HDF5 file (model.save() or
model.save_weights()), and optionally runs the network on a raw float32 tensor so that the Java
reimplementation can be compared with it. The original is Keras 2 on TensorFlow 1.x; everything
here is that Keras semantics redone in PyTorch (computed in NCHW, converted at the boundaries).

Where the structure comes from (pvitoria/ChromaGAN, SOURCE/ChromaGAN.py, MODEL.colorization_model;
the discriminator is built first in MODEL.__init__, so the generator's layer numbering continues
after its concatenate_1 and conv2d_1..5, and the generator is model_3, its VGG trunk model_2):
    input       [N, 224, 224, 3] NHWC, fed to the trunk as is (no VGG mean subtraction; the
                original feeds the L channel tiled three times)
    model_2     Model(VGG16(include_top=False).input, VGG_model.layers[-6].output): the VGG16 trunk
                up to and including block4_conv3. block1_conv1 3->64, block1_conv2 64->64, maxpool
                2x2/2 (valid); block2_conv1 64->128, block2_conv2 128->128, maxpool; block3_conv1..3
                128->256, 256->256, 256->256, maxpool; block4_conv1..3 256->512, 512->512, 512->512.
                All 3x3, 'same', stride 1, bias, ReLU. Output 28x28x512.
    global      from the trunk: conv2d_6 512 3x3 stride 2 relu, batch_normalization_1, conv2d_7 512
                stride 1 relu, _2, conv2d_8 512 stride 2 relu, _3, conv2d_9 512 stride 1 relu, _4
                (Conv2D(activation='relu') then BatchNormalization: BN after the ReLU) -> 7x7x512.
                flatten_1 (NHWC order: h, w, c) -> dense_1 1024, dense_2 512, dense_3 256 (all
                linear) -> repeat_vector_1 (784) -> reshape_1 (28, 28, 256): every position gets
                the same 256-vector.
    class       flatten_2 of the same 7x7x512 -> dense_4 4096, dense_5 4096 (linear), dense_6 1000
                softmax: output 2, `class` [N, 1000].
    mid-level   from the trunk: conv2d_10 512 3x3 relu, batch_normalization_5, conv2d_11 256 3x3
                relu, batch_normalization_6 -> 28x28x256.
    fusion      concatenate_2([mid-level, global]) along channels: mid-level channels 0..255 first.
    decoder     conv2d_12 256 1x1 relu, conv2d_13 128 3x3 relu, up_sampling2d_1 (2, nearest),
                conv2d_14 64 relu, conv2d_15 64 relu, up_sampling2d_2, conv2d_16 32 relu,
                conv2d_17 2 sigmoid, up_sampling2d_3: output 1, `ab` [N, 224, 224, 2] NHWC.
Keras semantics reproduced: 'same' padding as TensorFlow computes it (total = max((ceil(n/s) - 1)
* s + k - n, 0), top/left = total // 2, the rest bottom/right; so a 3x3 stride-2 conv on 28 or 14
pads 0 before and 1 after: F.pad(x, (0, 1, 0, 1)) then a conv with padding 0; 3x3 stride 1 pads 1
everywhere, 1x1 nothing); conv kernels HWIO [kh, kw, in, out] (used as OIHW = permute(3, 2, 0, 1),
a cross-correlation as in TF); Dense y = x @ kernel + bias with kernel [in, out]; inference
BatchNormalization (x - moving_mean) / sqrt(moving_variance + 1e-3) * gamma + beta (Keras'
epsilon 1e-3, written out, not F.batch_norm); UpSampling2D = repeat rows and columns; softmax
over the last axis. All float32.

The HDF5 file (as keras/engine/saving.py of Keras 2.2.4 writes it, h5py):
    --layout model (model.save()): root attrs keras_version b'2.2.4', backend b'tensorflow',
        model_config (a short JSON naming model_3, not a loadable config); group model_weights
        with attrs layer_names (numpy bytes array, every layer, weightless ones included),
        backend, keras_version; per layer a group model_weights/<layer> with attr weight_names
        (bytes array; an empty np.array([], dtype='S1') for weightless layers - Keras itself
        writes an empty float64 array there) and one float32 contiguous dataset per weight at
        model_weights/<layer>/<weight name>; a weight name holds a '/', so h5py creates the
        intermediate group (model_weights/conv2d_6/conv2d_6/kernel:0).
    --layout weights (model.save_weights()): the same layer groups and attrs at the file root,
        no model_weights group, no model_config.
    Weight names: conv / dense L: L/kernel:0, L/bias:0; BatchNormalization L: L/gamma:0,
    L/beta:0, L/moving_mean:0, L/moving_variance:0 (Keras' weight order). The nested VGG model
    model_2 lists its inner layers' weights: block1_conv1/kernel:0, block1_conv1/bias:0, ...
    block4_conv3/bias:0, stored at model_weights/model_2/block1_conv1/kernel:0 and so on.
    layer_names (code order, which is topological): input_3, model_2, conv2d_6,
    batch_normalization_1, conv2d_7, _2, conv2d_8, _3, conv2d_9, _4, flatten_1, dense_1, dense_2,
    dense_3, repeat_vector_1, reshape_1, flatten_2, dense_4, dense_5, dense_6, conv2d_10, _5,
    conv2d_11, _6, concatenate_2, conv2d_12, conv2d_13, up_sampling2d_1, conv2d_14, conv2d_15,
    up_sampling2d_2, conv2d_16, conv2d_17, up_sampling2d_3. The names (input_3 included) are the
    published file's. 171,171,722 values, about 685 MB, mostly dense_4 (25088 x 4096).

Weights (all from torch.Generator().manual_seed(seed), in layer and weight order): every conv and
dense kernel He-normal, N(0, 2 / fan_in) untruncated (fan_in = kh * kw * in, or in); every bias
U(-0.05, 0.05); every BN gamma U(0.75, 1.25), beta U(-0.2, 0.2). Settling, on a calibration
batch of 6 photo-like gray images (generator seed * 1000 + 1; like the Java tests' GrayPhotos: a
bilinear upsampling of a random 5..8 square field, three soft-edged blobs 1 / (1 + (d/r)^6) of
random gray levels, Gaussian noise of std U(0.02, 0.10) per image, the three channels offset by
U(-0.03, 0.03), clamped to [0, 1]), in one forward pass in layer order:
    each BN's moving_mean / moving_variance = the batch statistics (over N, H, W; biased variance)
    of its input, which already went through the settled BNs before it; every variance is then
    raised to at least 25% of the layer's mean variance (a channel that the ReLU leaves almost
    dead on the batch would otherwise be scaled by up to 1/sqrt(1e-3) and blow up on other
    inputs) and multiplied by U(0.8, 1.25), and every mean moved by 0.1 * sqrt(variance) *
    N(0, 1): the BNs normalise for real, and all four vectors differ from channel to channel;
    dense_3's kernel and bias are scaled so that the global 256-vector has std 1 (like the
    mid-level BN output it is concatenated with);
    dense_6's kernel and bias are scaled so that the class logits have std 2 across the classes
    (the softmax is neither one-hot nor uniform: top probability ~0.05..0.3);
    conv2d_17's kernel is scaled so that its pre-sigmoid output has std 1 per channel, and its
    bias set to centre each channel at U(-0.5, 0.5): ~99% of the ab values lie in (0.05, 0.95)
    on the batch, ~98% on photo-like gray images the network has not seen (i.i.d. uniform noise
    images are far outside that and do saturate).
Everything calibrated is printed, then the statistics of the settled outputs on the calibration
batch (the calibration pass recomputes each tuned layer after tuning it, so its outputs are the
eval outputs). The settled weights may differ in the last bits between machines or thread counts
(the statistics are float32 sums); the tests compare against the file, not against the seed.

Run (Debian's python3 with torch 1.13, numpy, h5py; no network):
    /usr/bin/python3 scripts/models/official/chromagan_reference.py --seed 7 \\
        --h5 OUT.h5 [--layout model|weights] [--h5 ... [--layout ...]] \\
        [--input IN.f32 --n N --output-ab AB.f32 --output-class CLASS.f32]
    /usr/bin/python3 scripts/models/official/chromagan_reference.py --load FILE.h5 \\
        --input IN.f32 --n N --output-ab AB.f32 --output-class CLASS.f32
    /usr/bin/python3 scripts/models/official/chromagan_reference.py --describe
--h5 may repeat; a --layout applies to the --h5 just before it (default model). --load reads an
h5 in either layout (model_weights group present, or layer_names at the root) instead of seeding
and checks it strictly: every expected layer group with weights, its weight_names attr exactly the
expected list in Keras' order, every expected dataset present with its shape and a float dtype,
and no other dataset anywhere outside an optimizer_weights group; then prints "loaded ... strictly"
(with --h5 too, the loaded weights are rewritten: a layout conversion). --input: raw little-endian
float32 NHWC [N, 224, 224, 3]; --output-ab: raw float32 NHWC [N, 224, 224, 2] (the sigmoid range,
not scaled to Lab); --output-class: raw float32 [N, 1000]. Eval mode (inference BN) under
torch.no_grad(), in chunks of 4 images; --threads T sets torch's threads (default 2). Prints the
parameter count and the min, max and mean of both outputs.
--describe prints "layer<TAB>weight name<TAB>shape" (shape comma-separated) for every weight in
file order and exits.
"""
import argparse
import collections
import json
import os
import sys
import time

import h5py
import numpy as np
import torch
import torch.nn.functional as F

# ---------------------------------------------------------------------------------------------
# Layers (code order of colorization_model(), which is also a topological order)

SIZE = 224
BN_EPSILON = 1e-3
CONV, DENSE, BN, NONE = "conv", "dense", "bn", "none"
KERAS_VERSION = b"2.2.4"
BACKEND = b"tensorflow"
MODEL_CONFIG = json.dumps({"class_name": "Model", "config": {
    "name": "model_3", "note": "written by chromagan_reference.py: weights only, not a loadable"
                               " Keras config"}})

# the trunk, model_2: (layer, in, out) per conv, "pool" for MaxPooling2D 2x2/2
VGG = [("block1_conv1", 3, 64), ("block1_conv2", 64, 64), "pool",
       ("block2_conv1", 64, 128), ("block2_conv2", 128, 128), "pool",
       ("block3_conv1", 128, 256), ("block3_conv2", 256, 256), ("block3_conv3", 256, 256), "pool",
       ("block4_conv1", 256, 512), ("block4_conv2", 512, 512), ("block4_conv3", 512, 512)]

# (layer, kind, parameters): conv (k, in, out, stride, activation), dense (in, out), bn (C)
LAYERS = [
    ("input_3", NONE, None),
    ("model_2", "vgg", None),
    ("conv2d_6", CONV, (3, 512, 512, 2, "relu")),
    ("batch_normalization_1", BN, 512),
    ("conv2d_7", CONV, (3, 512, 512, 1, "relu")),
    ("batch_normalization_2", BN, 512),
    ("conv2d_8", CONV, (3, 512, 512, 2, "relu")),
    ("batch_normalization_3", BN, 512),
    ("conv2d_9", CONV, (3, 512, 512, 1, "relu")),
    ("batch_normalization_4", BN, 512),
    ("flatten_1", NONE, None),
    ("dense_1", DENSE, (7 * 7 * 512, 1024)),
    ("dense_2", DENSE, (1024, 512)),
    ("dense_3", DENSE, (512, 256)),
    ("repeat_vector_1", NONE, None),
    ("reshape_1", NONE, None),
    ("flatten_2", NONE, None),
    ("dense_4", DENSE, (7 * 7 * 512, 4096)),
    ("dense_5", DENSE, (4096, 4096)),
    ("dense_6", DENSE, (4096, 1000)),
    ("conv2d_10", CONV, (3, 512, 512, 1, "relu")),
    ("batch_normalization_5", BN, 512),
    ("conv2d_11", CONV, (3, 512, 256, 1, "relu")),
    ("batch_normalization_6", BN, 256),
    ("concatenate_2", NONE, None),
    ("conv2d_12", CONV, (1, 512, 256, 1, "relu")),
    ("conv2d_13", CONV, (3, 256, 128, 1, "relu")),
    ("up_sampling2d_1", NONE, None),
    ("conv2d_14", CONV, (3, 128, 64, 1, "relu")),
    ("conv2d_15", CONV, (3, 64, 64, 1, "relu")),
    ("up_sampling2d_2", NONE, None),
    ("conv2d_16", CONV, (3, 64, 32, 1, "relu")),
    ("conv2d_17", CONV, (3, 32, 2, 1, "sigmoid")),
    ("up_sampling2d_3", NONE, None),
]
SPEC = {name: (kind, p) for name, kind, p in LAYERS}


def layer_weights(name, kind, p):
    """[(weight name, shape)] of one layer, in Keras' order."""
    if kind == "vgg":
        out = []
        for conv in VGG:
            if conv != "pool":
                inner, cin, cout = conv
                out += [(inner + "/kernel:0", (3, 3, cin, cout)), (inner + "/bias:0", (cout,))]
        return out
    if kind == CONV:
        k, cin, cout = p[0], p[1], p[2]
        return [(name + "/kernel:0", (k, k, cin, cout)), (name + "/bias:0", (cout,))]
    if kind == DENSE:
        return [(name + "/kernel:0", tuple(p)), (name + "/bias:0", (p[1],))]
    if kind == BN:
        return [(name + "/" + w + ":0", (p,))
                for w in ("gamma", "beta", "moving_mean", "moving_variance")]
    return []


EXPECTED = collections.OrderedDict((name, layer_weights(name, kind, p)) for name, kind, p in LAYERS)
PARAM_COUNT = sum(int(np.prod(s)) for ws in EXPECTED.values() for _, s in ws)


# ---------------------------------------------------------------------------------------------
# The network, functional, on a parameter dict {(layer, weight name): float32 numpy array in
# Keras layout}; torch.from_numpy shares the memory, so calibration edits the arrays in place.

def keras_same_pad(x, k, stride):
    """TensorFlow 'SAME' padding of an NCHW tensor (extra row / column at the bottom / right)."""
    pads = []
    for n in (x.shape[3], x.shape[2]):  # F.pad order: width first, then height
        out = -(-n // stride)
        total = max((out - 1) * stride + k - n, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads) if any(pads) else x


class Generator:
    """colorization_model() at inference. With `tuner` set, the forward pass calls it at each BN
    (before applying it) and after dense_3, dense_6 and conv2d_17 (it may rescale them)."""

    def __init__(self, params):
        self.params = params
        self.tuner = None

    def w(self, layer, weight):
        return torch.from_numpy(self.params[(layer, weight)])

    def conv_raw(self, x, layer, inner=None, stride=1):
        """Conv2D without activation; inner = the weight-name prefix inside a nested model."""
        pre = inner or layer
        kernel = self.w(layer, pre + "/kernel:0")        # HWIO
        k = kernel.shape[0]
        weight = kernel.permute(3, 2, 0, 1).contiguous()  # OIHW
        return F.conv2d(keras_same_pad(x, k, stride), weight, self.w(layer, pre + "/bias:0"),
                        stride=stride, padding=0)

    def conv(self, x, layer):
        _, _, _, stride, act = SPEC[layer][1]
        y = self.conv_raw(x, layer, stride=stride)
        if self.tuner is not None and layer in self.tuner.after:
            self.tuner.after[layer](self, layer, x, y)
            y = self.conv_raw(x, layer, stride=stride)
        return torch.relu(y) if act == "relu" else torch.sigmoid(y)

    def bn(self, x, layer):
        if self.tuner is not None:
            self.tuner.bn(self, layer, x)
        shape = (1, -1, 1, 1)
        g, b = self.w(layer, layer + "/gamma:0"), self.w(layer, layer + "/beta:0")
        m, v = self.w(layer, layer + "/moving_mean:0"), self.w(layer, layer + "/moving_variance:0")
        return ((x - m.view(shape)) / torch.sqrt(v.view(shape) + BN_EPSILON) * g.view(shape)
                + b.view(shape))

    def dense_raw(self, x, layer):
        return x @ self.w(layer, layer + "/kernel:0") + self.w(layer, layer + "/bias:0")

    def dense(self, x, layer):
        y = self.dense_raw(x, layer)
        if self.tuner is not None and layer in self.tuner.after:
            self.tuner.after[layer](self, layer, x, y)
            y = self.dense_raw(x, layer)
        return y

    def trunk(self, x):
        for conv in VGG:
            if conv == "pool":
                x = F.max_pool2d(x, 2, 2)
            else:
                x = torch.relu(self.conv_raw(x, "model_2", inner=conv[0]))
        return x

    @staticmethod
    def flatten(x):
        """Keras Flatten of the NHWC tensor: NCHW -> NHWC -> [N, h * w * c]."""
        return x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)

    @staticmethod
    def up2(x):
        return x.repeat_interleave(2, dim=2).repeat_interleave(2, dim=3)

    def __call__(self, x_nhwc):
        """x [N, 224, 224, 3] NHWC -> (ab [N, 224, 224, 2] NHWC, class [N, 1000])."""
        n = x_nhwc.shape[0]
        trunk = self.trunk(x_nhwc.permute(0, 3, 1, 2).contiguous())   # [N, 512, 28, 28]

        g = trunk
        for conv_name, bn_name in (("conv2d_6", "batch_normalization_1"),
                                   ("conv2d_7", "batch_normalization_2"),
                                   ("conv2d_8", "batch_normalization_3"),
                                   ("conv2d_9", "batch_normalization_4")):
            g = self.bn(self.conv(g, conv_name), bn_name)          # [N, 512, 7, 7] at the end

        glob = self.flatten(g)
        for name in ("dense_1", "dense_2", "dense_3"):
            glob = self.dense(glob, name)                           # [N, 256]
        glob = glob.unsqueeze(1).repeat(1, 28 * 28, 1)              # RepeatVector(784)
        glob = glob.reshape(n, 28, 28, 256).permute(0, 3, 1, 2)     # Reshape((28, 28, 256))

        cls = self.flatten(g)
        for name in ("dense_4", "dense_5", "dense_6"):
            cls = self.dense(cls, name)
        cls = torch.softmax(cls, dim=-1)                            # [N, 1000]

        mid = self.bn(self.conv(trunk, "conv2d_10"), "batch_normalization_5")
        mid = self.bn(self.conv(mid, "conv2d_11"), "batch_normalization_6")

        y = torch.cat([mid, glob], dim=1)                           # mid-level first
        y = self.conv(y, "conv2d_12")
        y = self.up2(self.conv(y, "conv2d_13"))
        y = self.conv(self.conv(y, "conv2d_14"), "conv2d_15")
        y = self.up2(y)
        y = self.conv(self.conv(y, "conv2d_16"), "conv2d_17")
        y = self.up2(y)                                             # [N, 2, 224, 224]
        return y.permute(0, 2, 3, 1).contiguous(), cls


# ---------------------------------------------------------------------------------------------
# Seeded, settled weights

VAR_FLOOR = 0.25      # of the layer's mean variance
GLOBAL_STD = 1.0      # dense_3 output
LOGIT_STD = 2.0       # dense_6 logits across the classes
PRE_SIGMOID_STD = 1.0  # conv2d_17, per channel
CALIBRATION_N = 6


def seeded_params(seed):
    gen = torch.Generator().manual_seed(seed)
    params = collections.OrderedDict()
    for layer, weights in EXPECTED.items():
        for wname, shape in weights:
            kind = wname.rsplit("/", 1)[1]
            if kind == "kernel:0":
                fan_in = int(np.prod(shape[:-1]))
                t = torch.randn(shape, generator=gen) * float(np.sqrt(2.0 / fan_in))
            elif kind == "bias:0":
                t = torch.rand(shape, generator=gen) * 0.1 - 0.05
            elif kind == "gamma:0":
                t = torch.rand(shape, generator=gen) * 0.5 + 0.75
            elif kind == "beta:0":
                t = torch.rand(shape, generator=gen) * 0.4 - 0.2
            elif kind == "moving_mean:0":
                t = torch.zeros(shape)
            else:
                t = torch.ones(shape)
            params[(layer, wname)] = np.ascontiguousarray(t.numpy(), dtype=np.float32)
    return params


def calibration_images(n, gen):
    """Photo-like gray images NHWC in [0, 1]: a smooth random field, three soft-edged blobs and
    Gaussian noise of a per-image strength, the three channels a little apart."""
    def r(*shape):
        return torch.rand(shape, generator=gen)
    size = 2 + int(torch.randint(3, 7, (1,), generator=gen))
    field = F.interpolate(r(n, 1, size, size), size=(SIZE, SIZE), mode="bilinear",
                          align_corners=False)
    coords = (torch.arange(SIZE, dtype=torch.float32) + 0.5) / SIZE
    weight, blobs = torch.full((n, 1, SIZE, SIZE), 1.0), field.clone()
    for _ in range(3):
        cx, cy, rad, level = r(n, 1, 1, 1), r(n, 1, 1, 1), 0.1 + 0.25 * r(n, 1, 1, 1), r(n, 1, 1, 1)
        d = torch.sqrt((coords.view(1, 1, 1, -1) - cx) ** 2 + (coords.view(1, 1, -1, 1) - cy) ** 2)
        w = 1.0 / (1.0 + (d / rad) ** 6)
        weight, blobs = weight + w, blobs + w * level
    gray = 0.1 + 0.8 * blobs / weight
    noise = torch.randn(n, 1, SIZE, SIZE, generator=gen) * (0.02 + 0.08 * r(n, 1, 1, 1))
    offsets = (r(n, 3, 1, 1) - 0.5) * 0.06
    x = gray + noise + offsets
    return x.clamp(0.0, 1.0).permute(0, 2, 3, 1).contiguous()


class Tuner:
    def __init__(self, gen, log):
        self.gen, self.log = gen, log
        self.after = {"dense_3": self.scale_global, "dense_6": self.scale_logits,
                      "conv2d_17": self.scale_ab}

    def rand(self, *shape):
        return torch.rand(shape, generator=self.gen).numpy().astype(np.float32)

    def randn(self, *shape):
        return torch.randn(shape, generator=self.gen).numpy().astype(np.float32)

    def bn(self, net, layer, x):
        xs = x.permute(1, 0, 2, 3).reshape(x.shape[1], -1).double()
        mean, var = xs.mean(1).numpy(), xs.var(1, unbiased=False).numpy()
        c = mean.size
        dead = int((var < 1e-12).sum())
        floor = VAR_FLOOR * float(var.mean())
        floored = int((var < floor).sum())
        var = np.maximum(var, floor) * (0.8 + 0.45 * self.rand(c))
        mean = mean + 0.1 * np.sqrt(var) * self.randn(c)
        net.params[(layer, layer + "/moving_mean:0")][...] = mean
        net.params[(layer, layer + "/moving_variance:0")][...] = var
        gamma = net.params[(layer, layer + "/gamma:0")]
        beta = net.params[(layer, layer + "/beta:0")]
        self.log("calibrate %-22s mean [%.4f, %.4f] variance [%.4g, %.4g] (%d of %d raised to the"
                 " floor %.4g, %d dead) gamma [%.3f, %.3f] beta [%+.3f, %+.3f]"
                 % (layer, mean.min(), mean.max(), var.min(), var.max(), floored, c, floor, dead,
                    gamma.min(), gamma.max(), beta.min(), beta.max()))

    def _scale(self, net, layer, factor):
        net.params[(layer, layer + "/kernel:0")][...] *= np.float32(factor)
        net.params[(layer, layer + "/bias:0")][...] *= np.float32(factor)

    def scale_global(self, net, layer, x, y):
        factor = GLOBAL_STD / max(y.std().item(), 1e-12)
        self._scale(net, layer, factor)
        self.log("calibrate %-22s kernel and bias x %.5f (output std %.4f -> %.1f)"
                 % (layer, factor, y.std().item(), GLOBAL_STD))

    def scale_logits(self, net, layer, x, y):
        std = y.std(dim=1).mean().item()
        factor = LOGIT_STD / max(std, 1e-12)
        self._scale(net, layer, factor)
        self.log("calibrate %-22s kernel and bias x %.5f (logit std across classes %.4f -> %.1f)"
                 % (layer, factor, std, LOGIT_STD))

    def scale_ab(self, net, layer, x, y):
        kernel = net.params[(layer, layer + "/kernel:0")]
        bias = net.params[(layer, layer + "/bias:0")]
        z = y - torch.from_numpy(bias).view(1, -1, 1, 1)           # the kernel's part
        zs = z.permute(1, 0, 2, 3).reshape(z.shape[1], -1)
        mean, std = zs.mean(1).numpy(), zs.std(1).numpy()
        factor = (PRE_SIGMOID_STD / np.maximum(std, 1e-12)).astype(np.float32)
        centre = (self.rand(bias.size) - 0.5).astype(np.float32)
        kernel[...] *= factor.reshape(1, 1, 1, -1)
        bias[...] = centre - factor * mean
        self.log("calibrate %-22s kernel x %s per channel, bias := %s (pre-sigmoid std %s -> %.1f,"
                 " centred at %s)" % (layer, fmt_vec(factor), fmt_vec(bias), fmt_vec(std),
                                      PRE_SIGMOID_STD, fmt_vec(centre)))


def fmt_vec(v):
    return "[" + ", ".join("%.4f" % float(a) for a in np.ravel(v)) + "]"


@torch.no_grad()
def make_params(seed, log=print):
    params = seeded_params(seed)
    net = Generator(params)
    gen = torch.Generator().manual_seed(seed * 1000 + 1)
    x = calibration_images(CALIBRATION_N, gen)
    net.tuner = Tuner(gen, log)
    # every tuned layer is recomputed after its tuning and everything downstream sees the final
    # weights, so this pass's outputs are already the settled network's eval outputs
    ab, cls = net(x)
    net.tuner = None
    inside = ((ab > 0.05) & (ab < 0.95)).float().mean().item()
    top = cls.max(dim=1).values
    entropy = -(cls * torch.log(cls.clamp_min(1e-30))).sum(1)
    log("settled on the calibration batch (%d images): ab in (0.05, 0.95) %.4f, ab std %.4f,"
        " mean per channel %s; class top probability %s, entropy %s (uniform %.3f), top classes %s"
        % (x.shape[0], inside, ab.std().item(), fmt_vec(ab.mean(dim=(0, 1, 2))), fmt_vec(top),
           fmt_vec(entropy), np.log(1000.0), cls.argmax(1).tolist()))
    return params


# ---------------------------------------------------------------------------------------------
# HDF5 I/O, as keras/engine/saving.py (Keras 2.2.4) writes and reads it

def write_h5(params, path, layout):
    with h5py.File(path, "w") as f:
        if layout == "model":
            f.attrs["keras_version"] = KERAS_VERSION
            f.attrs["backend"] = BACKEND
            f.attrs["model_config"] = MODEL_CONFIG.encode("utf8")
            root = f.create_group("model_weights")
        else:
            root = f
        root.attrs["layer_names"] = np.array([n.encode("utf8") for n in EXPECTED])
        root.attrs["backend"] = BACKEND
        root.attrs["keras_version"] = KERAS_VERSION
        for layer, weights in EXPECTED.items():
            g = root.create_group(layer)
            if weights:
                g.attrs["weight_names"] = np.array([w.encode("utf8") for w, _ in weights])
            else:
                g.attrs["weight_names"] = np.array([], dtype="S1")
            for wname, shape in weights:
                arr = np.ascontiguousarray(params[(layer, wname)], dtype="<f4")
                assert arr.shape == shape, (layer, wname, arr.shape, shape)
                g.create_dataset(wname, data=arr)   # contiguous: no chunks, no filters


def read_attr_list(attrs, name):
    """load_attributes_from_hdf5_group: the attr, or its chunks name0, name1, ..."""
    if name in attrs:
        values = list(np.ravel(attrs[name]))
    else:
        values, i = [], 0
        while "%s%d" % (name, i) in attrs:
            values += list(np.ravel(attrs["%s%d" % (name, i)]))
            i += 1
        if not i:
            return None
    return [v.decode("utf8") if isinstance(v, bytes) else str(v) for v in values]


def load_h5(path):
    problems, notes = [], []
    params = collections.OrderedDict()
    with h5py.File(path, "r") as f:
        if "model_weights" in f and isinstance(f["model_weights"], h5py.Group):
            root, layout = f["model_weights"], "model"
        elif read_attr_list(f.attrs, "layer_names") is not None:
            root, layout = f, "weights"
        else:
            raise SystemExit("%s: neither a model_weights group nor root layer_names" % path)
        names = read_attr_list(root.attrs, "layer_names")
        if names is None:
            problems.append("no layer_names attr")
            names = []
        for layer, weights in EXPECTED.items():
            if weights and layer not in names:
                problems.append("layer %s missing from layer_names" % layer)
            elif not weights and layer not in names:
                notes.append("weightless layer %s not in layer_names" % layer)
        for extra in (n for n in names if n not in EXPECTED):
            notes.append("unexpected layer %s in layer_names" % extra)

        for layer, weights in EXPECTED.items():
            if layer not in root:
                if weights:
                    problems.append("group %s missing" % layer)
                else:
                    notes.append("weightless layer %s has no group" % layer)
                continue
            g = root[layer]
            listed = read_attr_list(g.attrs, "weight_names")
            expected_names = [w for w, _ in weights]
            if listed is None:
                problems.append("%s: no weight_names attr" % layer)
            elif listed != expected_names:
                problems.append("%s: weight_names %s, expected %s"
                                % (layer, listed, expected_names))
            for wname, shape in weights:
                if wname not in g or not isinstance(g[wname], h5py.Dataset):
                    problems.append("%s: dataset %s missing" % (layer, wname))
                    continue
                ds = g[wname]
                if ds.shape != shape:
                    problems.append("%s/%s: shape %s, expected %s"
                                    % (layer, wname, ds.shape, shape))
                    continue
                if ds.dtype.kind != "f":
                    problems.append("%s/%s: dtype %s" % (layer, wname, ds.dtype))
                    continue
                if ds.dtype != np.dtype("<f4"):
                    notes.append("%s/%s is %s, read as float32" % (layer, wname, ds.dtype))
                params[(layer, wname)] = np.ascontiguousarray(ds[()], dtype=np.float32)

        # no weight anywhere that is not expected (an optimizer_weights group is ignored)
        wanted = {"%s/%s" % (layer, w) for layer, ws in EXPECTED.items() for w, _ in ws}
        found = []
        root.visititems(lambda name, obj: found.append(name)
                        if isinstance(obj, h5py.Dataset) else None)
        for name in found:
            if name.split("/", 1)[0] == "optimizer_weights":
                continue
            if name not in wanted:
                problems.append("unexpected dataset %s" % name)
        for name in root:
            if name not in EXPECTED and name != "optimizer_weights":
                notes.append("unexpected group %s (no weights)" % name)
    for note in notes:
        print("note: %s" % note)
    if problems:
        for p in problems:
            print("error: %s: %s" % (path, p), file=sys.stderr)
        raise SystemExit("%s failed the strict check (%d problems)" % (path, len(problems)))
    print("loaded %s (%s layout) strictly: %d layers, %d weights, %d values"
          % (path, layout, len(EXPECTED), len(params), sum(a.size for a in params.values())))
    return params


# ---------------------------------------------------------------------------------------------

class AppendH5(argparse.Action):
    def __call__(self, parser, namespace, value, option_string=None):
        # [path, layout, layout given]; a new list, so that the default stays empty
        namespace.h5 = list(namespace.h5 or []) + [[value, "model", False]]


class SetLayout(argparse.Action):
    def __call__(self, parser, namespace, value, option_string=None):
        if not namespace.h5:
            parser.error("--layout must follow an --h5")
        if namespace.h5[-1][2]:
            parser.error("one --layout per --h5")
        namespace.h5[-1][1:] = [value, True]


def stats(name, t):
    print("%s %s: min %.6g max %.6g mean %.6g"
          % (name, list(t.shape), t.min().item(), t.max().item(), t.mean().item()))


def main(argv=None):
    ap = argparse.ArgumentParser(description="ChromaGAN generator reference (see docstring)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--h5", action=AppendH5, default=[], help="write the weights here")
    ap.add_argument("--layout", action=SetLayout, choices=["model", "weights"],
                    help="of the --h5 just before: model (model.save()) or weights"
                         " (model.save_weights()); default model")
    ap.add_argument("--load", metavar="H5", help="instead of seeding: read this h5 (either"
                    " layout) and check it strictly")
    ap.add_argument("--input", help="raw float32 NHWC [N, 224, 224, 3]")
    ap.add_argument("--n", type=int, help="N of --input")
    ap.add_argument("--output-ab", help="raw float32 NHWC [N, 224, 224, 2]")
    ap.add_argument("--output-class", help="raw float32 [N, 1000]")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--describe", action="store_true")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)

    if args.describe:
        for layer, weights in EXPECTED.items():
            for wname, shape in weights:
                sys.stdout.write("%s\t%s\t%s\n" % (layer, wname, ",".join(map(str, shape))))
        sys.stdout.flush()
        return 0
    if args.input and (args.n is None or args.n <= 0):
        ap.error("--input needs --n N > 0")
    if args.input and not (args.output_ab or args.output_class):
        ap.error("--input needs --output-ab and/or --output-class")
    if not args.input and (args.output_ab or args.output_class):
        ap.error("--output-ab / --output-class need --input")
    if not (args.h5 or args.load or args.input):
        ap.error("nothing to do: give --h5, --load or --input")

    t0 = time.time()
    if args.load:
        params = load_h5(args.load)
    else:
        params = make_params(args.seed)
    t1 = time.time()
    n_values = sum(a.size for a in params.values())
    print("parameters: %d values in %d weights of %d layers (%d with weights); expected %d"
          % (n_values, len(params), len(EXPECTED), sum(1 for w in EXPECTED.values() if w),
             PARAM_COUNT) + ("" if args.load else " (seed %d)" % args.seed))

    for path, layout, _ in args.h5:
        write_h5(params, path, layout)
        print("wrote %s (%s layout, %.1f MB)" % (path, layout, os.path.getsize(path) / 1e6))
    t2 = time.time()

    if args.input:
        n = args.n
        data = np.fromfile(args.input, dtype="<f4")
        if data.size != n * SIZE * SIZE * 3:
            raise SystemExit("--input has %d floats, [%d, 224, 224, 3] needs %d"
                             % (data.size, n, n * SIZE * SIZE * 3))
        x = torch.from_numpy(data.astype(np.float32).reshape(n, SIZE, SIZE, 3))
        net = Generator(params)
        abs_, clss = [], []
        with torch.no_grad():
            for i in range(0, n, 4):
                ab, cls = net(x[i:i + 4])
                abs_.append(ab)
                clss.append(cls)
        ab, cls = torch.cat(abs_, 0), torch.cat(clss, 0)
        if args.output_ab:
            ab.numpy().astype("<f4").tofile(args.output_ab)
        if args.output_class:
            cls.numpy().astype("<f4").tofile(args.output_class)
        stats("ab", ab)
        stats("class", cls)
        print("ab in (0.05, 0.95) %.4f; class top probability per image %s"
              % (((ab > 0.05) & (ab < 0.95)).float().mean().item(),
                 fmt_vec(cls.max(dim=1).values)))
    t3 = time.time()
    print("time: %s %.1fs, save %.1fs, run %.1fs, total %.1fs"
          % ("load" if args.load else "build+settle", t1 - t0, t2 - t1, t3 - t2, t3 - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
