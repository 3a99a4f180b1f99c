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

The HDF5 file (as keras/engine/saving.py of Keras 2.2.4 writes it, h5py; keras_h5.py beside
this script writes and reads it):
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
    /usr/bin/python3 scripts/models/official/chromagan_reference.py --load FILE.h5 \\
        --input IN.f32 --n N --train-check DIR     (or --seed 7 --h5 OUT.h5 instead of --load)
    /usr/bin/python3 scripts/models/official/chromagan_reference.py --seed 7 --vgg16 VGG.h5 \\
        [--input IN.f32 --n N --output-teacher TEACHER.f32]   (the teacher alone)
    (--vgg16 VGG.h5 may be added to any of the above: with --train-check, see below)
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

--train-check DIR (needs --input and --n; after the eval outputs, if any were asked for): one
training-mode pass of the whole batch at once, in which every BatchNormalization normalises with
the batch's statistics, (x - mean) / sqrt(var + 1e-3) * gamma + beta with the mean and the
biased variance over N, H, W (the gradient flows through both). It runs twice, with the model
and the input in float32 and cast to float64, and writes into DIR (created if needed), raw
little-endian float32:
    train-ab.f32 [N, 224, 224, 2] NHWC, train-class.f32 [N, 1000]; train-ab64.f32 and
        train-class64.f32 from the float64 pass (rounded to float32 on write)
    grad-<layer>-<param>.f32 and grad64-<layer>-<param>.f32: the gradients of
        loss = mean(ab) + mean over the batch of sum_k class_k * k / 999
        (the fixed class weights k / 999 keep the softmax head's gradient from vanishing), in
        Keras layout (conv kernels HWIO, dense kernels [in, out]), for GRAD_WEIGHTS:
        block1_conv1/kernel, block4_conv3/bias (VGG trunk), conv2d_6, conv2d_11, conv2d_17
        kernels, batch_normalization_1/gamma, batch_normalization_6/beta, dense_1/bias,
        dense_3/kernel, dense_4/bias, dense_6/kernel; e.g. grad-block1_conv1-kernel.f32. The
        names are the published file's (the strict load admits no other).
    after.h5: the weights as loaded (with --seed: as written to the first --h5) with every BN's
        moving statistics moved by this step, from the float32 pass's batch statistics:
            moving_mean     = 0.99 moving_mean     + 0.01 mean
            moving_variance = 0.99 moving_variance + 0.01 var * n / (n - (1 + 1e-3))
        (n = N * H * W of the BN's input; momentum 0.99 and the n / (n - 1.001) correction are
        keras/layers/normalization.py's), written by write_h5 in that file's layout; every
        other dataset is unchanged. Note: this is the plain moving average. Keras 2.2.4 on
        TensorFlow 1.x also passes zero_debias=True to assign_moving_average (from a fresh
        graph, its first step sets the moving statistics to the batch's own, the loaded ones
        drop out) and its fused batch norm already returns n / (n - 1) times the variance;
        neither is reproduced here.
    loss.f32: two floats, the float32 pass's loss and the float64 pass's (rounded to float32).
It prints a line "train-check max |float32 - float64|: ..." with the spread of ab, class and
every gradient (and each gradient's largest float64 magnitude, for scale), then the two losses.

--vgg16 H5: the teacher of the class head, Keras applications' VGG16(weights='imagenet',
include_top=True) as ChromaGAN's training uses it: VGG_modelF.predict(l_3), l_3 the generator's
own [N, 224, 224, 3] NHWC input, no mean subtraction. block1_conv1, block1_conv2 (64), pool;
block2_conv1..2 (128), pool; block3_conv1..3 (256), pool; block4_conv1..3 (512), pool;
block5_conv1..3 (512), pool: 3x3 'same' stride 1 relu convs, 2x2/2 max pools -> 7x7x512;
flatten (NHWC order, 25088); fc1 4096 relu, fc2 4096 relu, predictions 1000 softmax.
138,357,544 values, about 553 MB. Its file is laid out as Keras applications'
vgg16_weights_tf_dim_ordering_tf_kernels.h5 (a save_weights() file): root attrs layer_names
(input_1, block1_conv1, ..., block5_pool, flatten, fc1, fc2, predictions), backend
b'tensorflow', keras_version b'2.0.8'; a group per layer with attr weight_names, the published
file's Keras-1 style names [b'L_W_1:0', b'L_b_1:0'] (empty for input_1, the pools and flatten),
and float32 contiguous datasets L/L_W_1:0 (kernel, HWIO or [in, out]) and L/L_b_1:0. If H5
exists it is loaded strictly, as Keras' load_weights matches by position: the layers with
weights in layer_names are exactly these 16 in order, each with exactly two weights, kernel
first and bias second by position in weight_names whatever their names, with the shapes above
and a float dtype, and no other dataset; a model.save() file (model_weights group) is read too.
Otherwise a seeded teacher is written there: He-normal kernels and U(-0.05, 0.05) biases from
torch.Generator().manual_seed(seed + 1000), settled on 16 photo-like gray images (make_vgg16:
each layer's kernel scaled to keep its pre-activations at std 1, the dense kernels' component
along the batch's mean input removed, the logits at std 1.75 across the classes); the
calibration is printed. A line "vgg16 teacher: loaded ... strictly" or "vgg16 teacher: seeded
... and wrote ..." says which. Only the teacher is computed when no generator option is given.
--output-teacher F32 (with --input, --n): the teacher's softmax, raw float32 [N, 1000], float32,
in chunks of 4 (VGG has no BN: training and eval are one); prints its min, max, mean and top
probability, entropy and top class per image.
--train-check DIR with --vgg16: the loss gains ChromaGAN's class term (its loss weight 0.003):
    loss = mean(ab) + mean over the batch of sum_k class_k * k / 999 + 0.003 * kld(teacher, class)
    kld(t, p) = mean over the batch of sum_k t_k log(t_k / p_k), t and p clipped to [1e-7, 1]
    (Keras' kullback_leibler_divergence); teacher = the teacher's softmax of the same input, a
    constant (no gradient), run in float32 for the float32 pass and in float64 for the float64
    pass; class = the generator's training-mode softmax. The gradients (same files) and loss.f32
    include the term; a line "train-check class term ..." prints the kld of both passes and the
    teacher's float32 / float64 spread. Without --vgg16, --train-check is as described above.
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

import keras_h5  # beside this script (running a script puts its folder on sys.path)

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
    (before applying it) and after dense_3, dense_6 and conv2d_17 (it may rescale them). With
    `training` set, every BN normalises with its batch's statistics (Keras' training phase) and,
    if `batch_stats` is a dict, records them there (--train-check). A parameter may also be a
    torch tensor (of any float dtype, possibly requiring grad) instead of a numpy array."""

    def __init__(self, params):
        self.params = params
        self.tuner = None
        self.training = False
        self.batch_stats = None

    def w(self, layer, weight):
        t = self.params[(layer, weight)]
        return t if torch.is_tensor(t) else torch.from_numpy(t)

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
        if self.training:
            # Keras' training phase: the batch's mean and biased variance over N, H, W (the
            # gradient flows through both, as through TensorFlow's FusedBatchNormGrad)
            mean = x.mean(dim=(0, 2, 3), keepdim=True)
            var = ((x - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True)
            if self.batch_stats is not None:
                self.batch_stats[layer] = (mean.detach().flatten(), var.detach().flatten(),
                                           x.shape[0] * x.shape[2] * x.shape[3])
            return ((x - mean) / torch.sqrt(var + BN_EPSILON) * g.view(shape) + b.view(shape))
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
# (keras_h5.py beside this script; read_attr_list also reads the --vgg16 file)

H5 = keras_h5.KerasH5(EXPECTED, MODEL_CONFIG, KERAS_VERSION, BACKEND)
write_h5, load_h5 = H5.write, H5.load
read_attr_list, h5_layout = keras_h5.read_attr_list, keras_h5.h5_layout


# ---------------------------------------------------------------------------------------------
# --vgg16: the teacher of the class head, Keras applications' VGG16(weights='imagenet',
# include_top=True) as ChromaGAN's training runs it (VGG_modelF.predict(l_3), the generator's own
# input, no mean subtraction), and its weights file vgg16_weights_tf_dim_ordering_tf_kernels.h5

POOL = "pool"
# (layer, kind, parameters): conv (in, out), 3x3 'same' stride 1 relu; dense (in, out, activation)
VGG16_LAYERS = [("input_1", NONE, None)]
for _block, (_cin, _cout, _convs) in enumerate([(3, 64, 2), (64, 128, 2), (128, 256, 3),
                                                (256, 512, 3), (512, 512, 3)], 1):
    for _i in range(1, _convs + 1):
        VGG16_LAYERS.append(("block%d_conv%d" % (_block, _i), CONV,
                             (_cin if _i == 1 else _cout, _cout)))
    VGG16_LAYERS.append(("block%d_pool" % _block, POOL, None))
VGG16_LAYERS += [("flatten", NONE, None), ("fc1", DENSE, (7 * 7 * 512, 4096, "relu")),
                 ("fc2", DENSE, (4096, 4096, "relu")), ("predictions", DENSE, (4096, 1000,
                                                                               "softmax"))]
del _block, _cin, _cout, _convs, _i
# {weight layer: (kernel shape, bias shape)}: conv kernels HWIO, dense kernels [in, out]
VGG16_EXPECTED = collections.OrderedDict(
    (name, ((3, 3) + tuple(p) if kind == CONV else tuple(p[:2]), (p[1],)))
    for name, kind, p in VGG16_LAYERS if kind in (CONV, DENSE))
VGG16_PARAM_COUNT = sum(int(np.prod(k)) + int(np.prod(b)) for k, b in VGG16_EXPECTED.values())
VGG16_KERAS_VERSION = b"2.0.8"
VGG16_SEED_OFFSET = 1000       # the teacher's weights: torch.Generator().manual_seed(seed + 1000)
TEACHER_PRE_STD = 1.0          # each ReLU layer's kernel part, before the ReLU
TEACHER_LOGIT_STD = 1.75       # predictions' logits across the classes
TEACHER_CALIBRATION_N = 16     # calibration images (photo-like gray, like the generator's)
KL_WEIGHT = 0.003              # ChromaGAN's loss weight of kld(teacher, class)
KERAS_EPSILON = 1e-7           # K.epsilon(), kld's clip


def vgg16_weight_names(layer):
    """The published file's Keras-1 style weight names (it was converted from Keras 1)."""
    return [layer + "_W_1:0", layer + "_b_1:0"]


class Vgg16:
    """VGG16(include_top=True) at inference (it has no BN: training and eval are one), on
    {weight layer: [kernel, bias]} (numpy float32 arrays in Keras layout, or torch tensors of any
    float dtype). With `tuner` set, the forward pass calls it after each weight layer's affine
    part (it may rescale the layer; the layer is then recomputed)."""

    def __init__(self, params):
        self.params = params
        self.tuner = None

    def w(self, layer, i):
        t = self.params[layer][i]
        return t if torch.is_tensor(t) else torch.from_numpy(t)

    def affine(self, x, layer, kind):
        kernel, bias = self.w(layer, 0), self.w(layer, 1)
        if kind == DENSE:
            return x @ kernel + bias
        return F.conv2d(keras_same_pad(x, 3, 1), kernel.permute(3, 2, 0, 1).contiguous(), bias,
                        stride=1, padding=0)

    def __call__(self, x_nhwc):
        """x [N, 224, 224, 3] NHWC -> predictions [N, 1000] (softmax)."""
        x = x_nhwc.permute(0, 3, 1, 2).contiguous()
        for layer, kind, p in VGG16_LAYERS:
            if kind == POOL:
                x = F.max_pool2d(x, 2, 2)                       # 2x2/2 'valid'
            elif layer == "flatten":
                x = Generator.flatten(x)                        # NHWC order: 25088
            elif kind in (CONV, DENSE):
                y = self.affine(x, layer, kind)
                if self.tuner is not None:
                    self.tuner(self, layer, x, y)
                    y = self.affine(x, layer, kind)
                x = torch.softmax(y, dim=-1) if layer == "predictions" else torch.relu(y)
        return x


def seeded_vgg16(seed):
    """He-normal kernels N(0, 2 / fan_in), biases U(-0.05, 0.05), in layer order, from
    torch.Generator().manual_seed(seed + 1000)."""
    gen = torch.Generator().manual_seed(seed + VGG16_SEED_OFFSET)
    params = collections.OrderedDict()
    for layer, (kshape, bshape) in VGG16_EXPECTED.items():
        fan_in = int(np.prod(kshape[:-1]))
        kernel = torch.randn(kshape, generator=gen) * float(np.sqrt(2.0 / fan_in))
        bias = torch.rand(bshape, generator=gen) * 0.1 - 0.05
        params[layer] = [np.ascontiguousarray(kernel.numpy(), dtype=np.float32),
                         np.ascontiguousarray(bias.numpy(), dtype=np.float32)]
    return params


@torch.no_grad()
def make_vgg16(seed, log=print):
    """The seeded teacher, settled on a calibration batch of 16 photo-like gray images
    (calibration_images, generator (seed + 1000) * 1000 + 1) in one forward pass in layer order:
    each conv layer's kernel is scaled so that its kernel part (the pre-activation without the
    bias) has std 1 over the batch, so the activations stay order 1 through the 13 convs; each
    dense layer's kernel first loses its component along the batch's mean input (a rank-1
    projection: without it fc1's units are on or off alike for every photo-like image, ~40% of
    them zero on the whole batch, and every image gets the same top class), then fc1 and fc2
    are scaled like the convs, and predictions' kernel and bias so that the logits have std 1.75
    across the classes (the softmax is neither one-hot nor uniform: top probability ~0.02..0.3
    on photo-like gray images). Each tuned layer is recomputed, so the pass's outputs are the
    teacher's."""
    params = seeded_vgg16(seed)
    net = Vgg16(params)
    gen = torch.Generator().manual_seed((seed + VGG16_SEED_OFFSET) * 1000 + 1)
    x = calibration_images(TEACHER_CALIBRATION_N, gen)

    def tune(net, layer, inp, y):
        kernel, bias = net.params[layer]
        dense = y.dim() == 2
        if dense:
            # remove from each unit's kernel its component along the batch's mean input (all
            # positive after a ReLU, and most of every image's input): the units then respond to
            # what differs between images instead of being on or off for all of them alike
            m = inp.double().mean(0)
            k64 = torch.from_numpy(kernel).double()
            along = (m @ k64) / (m @ m)
            share = (m @ k64).abs().mean().item() / max((inp.double() @ k64).abs().mean().item(),
                                                        1e-30)
            kernel[...] = (k64 - torch.outer(m, along)).numpy().astype(np.float32)
            y = net.affine(inp, layer, DENSE)
            log("calibrate teacher %-12s kernel minus its component along the batch's mean input"
                " (which made %.1f%% of |x @ kernel|)" % (layer, 100.0 * share))
        if layer == "predictions":
            std = y.double().std(dim=1).mean().item()
            factor = TEACHER_LOGIT_STD / max(std, 1e-12)
            kernel[...] *= np.float32(factor)
            bias[...] *= np.float32(factor)
            log("calibrate teacher %-12s kernel and bias x %.5f (logit std across classes %.4f"
                " -> %.1f)" % (layer, factor, std, TEACHER_LOGIT_STD))
            return
        shape = (1, -1) if dense else (1, -1, 1, 1)
        z = (y - torch.from_numpy(bias).view(shape)).double()
        std = z.std().item()
        factor = TEACHER_PRE_STD / max(std, 1e-12)
        kernel[...] *= np.float32(factor)
        a = torch.relu(net.affine(inp, layer, DENSE if dense else CONV)).double()
        dims = (0,) if dense else (0, 2, 3)
        dead = int((a.amax(dim=dims) <= 0).sum())
        log("calibrate teacher %-12s kernel x %.5f (pre-activation std %.4f -> %.1f); after the"
            " ReLU: %.1f%% positive, mean %.4f, std %.4f, %d of %d channels dead on the batch"
            % (layer, factor, std, TEACHER_PRE_STD, 100.0 * (a > 0).double().mean().item(),
               a.mean().item(), a.std().item(), dead, a.shape[1]))

    net.tuner = tune
    probs = net(x)
    net.tuner = None
    log("teacher settled on the calibration batch (%d images): %s" % (x.shape[0],
                                                                       teacher_summary(probs)))
    return params


def teacher_summary(probs):
    """Top probability, entropy and top class per image of a [N, 1000] softmax."""
    p = probs.double()
    entropy = -(p * torch.log(p.clamp_min(1e-30))).sum(1)
    return ("top probability %s, entropy %s (uniform %.3f), top classes %s"
            % (fmt_vec(p.max(dim=1).values), fmt_vec(entropy), np.log(1000.0),
               p.argmax(1).tolist()))


def write_vgg16(params, path):
    """As Keras 2 save_weights() writes the published vgg16_weights_tf_dim_ordering_tf_kernels.h5:
    layer groups at the root, Keras-1 style weight names, float32 contiguous datasets."""
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = np.array([n.encode("utf8") for n, _, _ in VGG16_LAYERS])
        f.attrs["backend"] = BACKEND
        f.attrs["keras_version"] = VGG16_KERAS_VERSION
        for layer, _, _ in VGG16_LAYERS:
            g = f.create_group(layer)
            if layer not in VGG16_EXPECTED:
                g.attrs["weight_names"] = np.array([], dtype="S1")
                continue
            names = vgg16_weight_names(layer)
            g.attrs["weight_names"] = np.array([w.encode("utf8") for w in names])
            for wname, arr, shape in zip(names, params[layer], VGG16_EXPECTED[layer]):
                arr = np.ascontiguousarray(arr, dtype="<f4")
                assert arr.shape == shape, (layer, wname, arr.shape, shape)
                g.create_dataset(wname, data=arr)   # contiguous: no chunks, no filters


def load_vgg16(path):
    """Reads a VGG16(include_top=True) weights file strictly, as Keras' load_weights matches it
    (by position): the layers with weights in layer_names must be exactly the 16 of VGG16, in
    order, each a group whose weight_names lists exactly two datasets, the kernel first and the
    bias second (whatever their names), with the shapes of VGG16_EXPECTED and a float dtype; no
    other dataset anywhere. A model.save() file (model_weights group) is read as Keras does."""
    problems, notes = [], []
    params = collections.OrderedDict()
    styles = set()
    with h5py.File(path, "r") as f:
        root = f
        if read_attr_list(f.attrs, "layer_names") is None and isinstance(
                f.get("model_weights"), h5py.Group):
            root = f["model_weights"]
        names = read_attr_list(root.attrs, "layer_names")
        version = read_attr_list(root.attrs, "keras_version")
        backend = read_attr_list(root.attrs, "backend")
        if names is None:
            raise SystemExit("%s: no layer_names attr: not a Keras weights file" % path)
        referenced = set()
        weighted = []
        for layer in names:
            if layer not in root or not isinstance(root[layer], h5py.Group):
                problems.append("layer %s of layer_names has no group" % layer)
                continue
            g = root[layer]
            listed = read_attr_list(g.attrs, "weight_names")
            if listed is None:
                problems.append("%s: no weight_names attr" % layer)
                continue
            if not listed:
                continue
            weighted.append(layer)
            referenced.update(g[w].name.lstrip("/") for w in listed if w in g)
            if layer not in VGG16_EXPECTED:
                problems.append("unexpected layer with weights %s (%d weights)"
                                % (layer, len(listed)))
                continue
            if len(listed) != 2:
                problems.append("%s: %d weights %s, expected 2 (kernel, bias)"
                                % (layer, len(listed), listed))
                continue
            if listed == vgg16_weight_names(layer):
                styles.add("Keras-1 style (%s)" % "L_W_1:0, L_b_1:0")
            elif listed == [layer + "/kernel:0", layer + "/bias:0"]:
                styles.add("Keras-2 style (L/kernel:0, L/bias:0)")
            else:
                styles.add("other (%s: %s)" % (layer, ", ".join(listed)))
            arrays = []
            for wname, shape, role in zip(listed, VGG16_EXPECTED[layer], ("kernel", "bias")):
                if wname not in g or not isinstance(g[wname], h5py.Dataset):
                    problems.append("%s: %s dataset %s missing" % (layer, role, wname))
                    continue
                ds = g[wname]
                if ds.shape != shape:
                    problems.append("%s: %s %s has shape %s, expected %s"
                                    % (layer, role, wname, ds.shape, shape))
                    continue
                if ds.dtype.kind != "f":
                    problems.append("%s: %s %s has dtype %s" % (layer, role, wname, ds.dtype))
                    continue
                if ds.dtype != np.dtype("<f4"):
                    notes.append("%s/%s is %s, read as float32" % (layer, wname, ds.dtype))
                arrays.append(np.ascontiguousarray(ds[()], dtype=np.float32))
            if len(arrays) == 2:
                params[layer] = arrays
        missing = [layer for layer in VGG16_EXPECTED if layer not in weighted]
        if missing:
            problems.append("layers with weights missing: %s" % ", ".join(missing))
        elif weighted != list(VGG16_EXPECTED):
            problems.append("layers with weights in the order %s, expected %s (Keras loads them"
                            " by position)" % (weighted, list(VGG16_EXPECTED)))
        found = []
        f.visititems(lambda name, obj: found.append(obj.name.lstrip("/"))
                     if isinstance(obj, h5py.Dataset) else None)
        for name in found:
            if name.split("/", 1)[0] == "optimizer_weights":
                continue
            if name not in referenced:
                problems.append("unexpected dataset %s" % name)
    for note in notes:
        print("note: %s" % note)
    if problems:
        for p in problems:
            print("error: %s: %s" % (path, p), file=sys.stderr)
        raise SystemExit("%s failed the strict VGG-16 check (%d problems)" % (path, len(problems)))
    return params, "weight names %s, keras_version %s, backend %s" % (
        "; ".join(sorted(styles)), version[0] if version else "(none)",
        backend[0] if backend else "(none)")


def vgg16_teacher(path, seed):
    """--vgg16 PATH: load it strictly if it exists, else write a seeded teacher there."""
    start = time.time()
    if os.path.exists(path):
        params, what = load_vgg16(path)
        print("vgg16 teacher: loaded %s strictly: %d weight layers, %d values (%s), %.1fs"
              % (path, len(params), sum(a.size for ws in params.values() for a in ws), what,
                 time.time() - start))
    else:
        params = make_vgg16(seed)
        settled = time.time()
        write_vgg16(params, path)
        print("vgg16 teacher: seeded (seed %d + %d) and wrote %s: %d weight layers, %d values,"
              " %.1f MB; settle %.1fs, save %.1fs"
              % (seed, VGG16_SEED_OFFSET, path, len(params), VGG16_PARAM_COUNT,
                 os.path.getsize(path) / 1e6, settled - start, time.time() - settled))
    return params


def teacher_predict(params, x, dtype=torch.float32):
    """The teacher's softmax [N, 1000] of x NHWC, with its weights and x cast to dtype, in chunks
    of 4 images under torch.no_grad()."""
    net = Vgg16(collections.OrderedDict(
        (layer, [torch.from_numpy(a).to(dtype) for a in ws]) for layer, ws in params.items()))
    out = []
    with torch.no_grad():
        for i in range(0, x.shape[0], 4):
            out.append(net(x[i:i + 4].to(dtype)))
    return torch.cat(out, 0)


def keras_kld(teacher, student):
    """Keras' kld (kullback_leibler_divergence) averaged over the batch: both clipped to
    [1e-7, 1], mean over the batch of sum_k t * log(t / p)."""
    t = torch.clamp(teacher, KERAS_EPSILON, 1.0)
    p = torch.clamp(student, KERAS_EPSILON, 1.0)
    return (t * torch.log(t / p)).sum(dim=-1).mean()


# ---------------------------------------------------------------------------------------------
# --train-check: one training-mode pass, its loss gradients and the moving-statistics update

# (layer group, weight name) whose loss gradients are written, by role in EXPECTED's order: the
# VGG trunk's first kernel and last bias, the first global conv, the last mid-level conv, the
# last conv, a global and a mid-level BN, and the dense layers of both heads. The names are the
# published file's: load_h5 accepts only a file whose layer groups and weight names are exactly
# EXPECTED's, so a loaded file's names for these roles are these.
GRAD_WEIGHTS = [("model_2", "block1_conv1/kernel:0"), ("model_2", "block4_conv3/bias:0"),
                ("conv2d_6", "conv2d_6/kernel:0"), ("conv2d_11", "conv2d_11/kernel:0"),
                ("conv2d_17", "conv2d_17/kernel:0"),
                ("batch_normalization_1", "batch_normalization_1/gamma:0"),
                ("batch_normalization_6", "batch_normalization_6/beta:0"),
                ("dense_1", "dense_1/bias:0"), ("dense_3", "dense_3/kernel:0"),
                ("dense_4", "dense_4/bias:0"), ("dense_6", "dense_6/kernel:0")]
BN_MOMENTUM = 0.99    # Keras' BatchNormalization default, which ChromaGAN keeps
CLASS_WEIGHTS = 1000  # loss weight of class k: k / 999


def grad_file_stem(wname):
    """'block1_conv1/kernel:0' -> 'block1_conv1-kernel' (the file is grad-<stem>.f32)."""
    return wname[:-len(":0")].replace("/", "-")


def train_loss(ab, cls, teacher=None):
    """--train-check's loss: the mean of ab plus the mean over the batch of the class
    probabilities weighted by k / 999 (unweighted, the softmax sums to 1 and the class head
    would get no gradient); with a teacher (its softmax [N, 1000], a constant), plus ChromaGAN's
    class term 0.003 * kld(teacher, class)."""
    c = torch.arange(CLASS_WEIGHTS, dtype=cls.dtype) / float(CLASS_WEIGHTS - 1)
    loss = ab.mean() + (cls * c).sum(dim=1).mean()
    if teacher is not None:
        loss = loss + KL_WEIGHT * keras_kld(teacher.detach().to(cls.dtype), cls)
    return loss


def train_pass(params, x_nhwc, dtype, grad_keys=GRAD_WEIGHTS, teacher=None):
    """One training-mode forward pass of the whole batch with the model and the input cast to
    `dtype`, then backward of train_loss (with the teacher's softmax, if given, as a constant);
    only the weights in grad_keys require grad (the others' gradients would not change theirs).
    Returns ab, class, the loss, {key: gradient in Keras layout} and {BN layer: (batch mean,
    biased batch variance, n = N * H * W)}."""
    tensors = collections.OrderedDict()
    for key, arr in params.items():
        t = torch.from_numpy(arr).to(dtype)       # float32: shares the array (never written)
        if key in grad_keys:
            t.requires_grad_(True)
        tensors[key] = t
    net = Generator(tensors)
    net.training = True
    net.batch_stats = collections.OrderedDict()
    ab, cls = net(x_nhwc.to(dtype))
    loss = train_loss(ab, cls, teacher)
    loss.backward()
    grads = collections.OrderedDict((key, tensors[key].grad) for key in grad_keys)
    return ab.detach(), cls.detach(), loss.item(), grads, net.batch_stats


def moving_update(params, batch_stats):
    """The params with every BN's moving statistics moved as one training step of Keras 2.2.4's
    BatchNormalization is taken to do here: moving_mean = 0.99 moving_mean + 0.01 batch mean,
    moving_variance = 0.99 moving_variance + 0.01 biased batch variance * n / (n - 1.001)
    (the layer's own correction, with n = N * H * W of its input). Computed in float64 from the
    float32 statistics, rounded once to float32. Every other weight is the params' own array."""
    after = collections.OrderedDict(params)
    if set(batch_stats) != {n for n, kind, _ in LAYERS if kind == BN}:
        raise AssertionError("batch statistics of %s" % sorted(batch_stats))
    for layer, (mean, var, n) in batch_stats.items():
        mm, mv = (layer, layer + "/moving_mean:0"), (layer, layer + "/moving_variance:0")
        mean, var = mean.double().numpy(), var.double().numpy()
        unbiased = var * (n / (n - (1.0 + BN_EPSILON)))
        after[mm] = (BN_MOMENTUM * params[mm].astype(np.float64)
                     + (1.0 - BN_MOMENTUM) * mean).astype(np.float32)
        after[mv] = (BN_MOMENTUM * params[mv].astype(np.float64)
                     + (1.0 - BN_MOMENTUM) * unbiased).astype(np.float32)
    return after


def train_check(params, x, out_dir, layout, teacher_params=None, teacher32=None):
    """Writes train-ab, train-class, grad-*, their float64 twins *64, loss.f32 and after.h5 (see
    the docstring) into out_dir and prints the float32 / float64 spreads. With teacher_params
    (the --vgg16 teacher) the loss has the class term 0.003 * kld(teacher, class), the teacher
    run in float32 for the float32 pass (teacher32, if already computed) and in float64 for the
    float64 pass."""
    os.makedirs(out_dir, exist_ok=True)

    def write(name, t):
        t.detach().numpy().astype("<f4").tofile(os.path.join(out_dir, name))

    start = time.time()
    teacher64 = None
    if teacher_params is not None:
        # float64 teacher first, ~1.1 GB of float64 weights freed before the generator's
        teacher64 = teacher_predict(teacher_params, x, torch.float64)
        if teacher32 is None:
            teacher32 = teacher_predict(teacher_params, x, torch.float32)
    t_teacher = time.time()
    # float64 first, freed before the float32 pass: ~1.4 GB of float64 weights
    params64 = collections.OrderedDict((k, v.astype(np.float64)) for k, v in params.items())
    ab64, cls64, loss64, grads64, _ = train_pass(params64, x, torch.float64, teacher=teacher64)
    del params64
    write("train-ab64.f32", ab64)
    write("train-class64.f32", cls64)
    for (_, wname), g in grads64.items():
        write("grad64-%s.f32" % grad_file_stem(wname), g)
    t64 = time.time()
    ab, cls, loss, grads, batch_stats = train_pass(params, x, torch.float32, teacher=teacher32)
    write("train-ab.f32", ab)
    write("train-class.f32", cls)
    for (_, wname), g in grads.items():
        write("grad-%s.f32" % grad_file_stem(wname), g)
    # the float32 pass's loss (a float32 value) and the float64 pass's, rounded to float32
    np.array([loss, loss64], dtype="<f4").tofile(os.path.join(out_dir, "loss.f32"))
    t32 = time.time()
    after_path = os.path.join(out_dir, "after.h5")
    write_h5(moving_update(params, batch_stats), after_path, layout)
    t_after = time.time()

    zero = [grad_file_stem(w) for (_, w), g in grads.items() if not bool((g != 0).any())]
    if zero:
        print("WARNING: train-check: zero gradients for %s" % ", ".join(zero), file=sys.stderr)

    def spread(a32, a64):
        return (a32.double() - a64.double()).abs().max().item()

    parts = ["ab %.3g" % spread(ab, ab64), "class %.3g" % spread(cls, cls64)]
    for key, g in grads.items():
        g64 = grads64[key]
        parts.append("%s %.3g (max |grad64| %.3g)" % (key[1][:-len(":0")], spread(g, g64),
                                                       g64.abs().max().item()))
    print("train-check max |float32 - float64|: " + ", ".join(parts))
    if teacher_params is not None:
        kl32 = keras_kld(teacher32, cls).item()
        kl64 = keras_kld(teacher64, cls64).item()
        print("train-check class term %g * kld(teacher, class): kld float32 %.9g float64 %.15g"
              " (teacher max |float32 - float64| %.3g; teacher top probability %s; class of the"
              " training pass top probability %s); teacher %.1fs"
              % (KL_WEIGHT, kl32, kl64, spread(teacher32, teacher64),
                 fmt_vec(teacher64.max(dim=1).values), fmt_vec(cls64.max(dim=1).values),
                 t_teacher - start))
    print("train-check loss float32 %.9g float64 %.15g; ab %s, class %s; BN batch statistics"
          " of %d layers moved into %s (%s layout)"
          % (loss, loss64, list(ab.shape), list(cls.shape), len(batch_stats), after_path, layout))
    print("train-check written to %s: float64 pass %.1fs, float32 pass %.1fs, after.h5 %.1fs"
          % (out_dir, t64 - t_teacher, t32 - t64, t_after - t32))


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


def bench(params, passes, batch):
    """--bench: the PyTorch side of ChromaGanNetworkBenchmark. Median seconds of `passes` eval
    passes (no_grad) and of `passes` training steps (training-phase BNs, backward of ab.mean()
    through every weight), after 2 warm-up passes each, on a batch of gray-like 224 x 224
    inputs; printed as 'bench ... median S s' and 'train ... median S s'."""
    gen = torch.Generator().manual_seed(12345)
    light = torch.rand(batch, SIZE, SIZE, 1, generator=gen)
    x = light.repeat(1, 1, 1, 3)
    label = "224 px, batch %d, threads %d" % (batch, torch.get_num_threads())
    net = Generator(params)
    times = []
    for i in range(passes + 2):
        start = time.perf_counter()
        with torch.no_grad():
            net(x)
        if i >= 2:
            times.append(time.perf_counter() - start)
    times.sort()
    print("bench %s: median %.4f s over %d passes" % (label, times[len(times) // 2], len(times)))
    weights = {k: torch.from_numpy(np.ascontiguousarray(v)).requires_grad_(True)
               for k, v in params.items()}
    net = Generator(weights)
    net.training = True
    times = []
    for i in range(passes + 2):
        start = time.perf_counter()
        for t in weights.values():
            t.grad = None
        ab, _ = net(x)
        ab.mean().backward()
        if i >= 2:
            times.append(time.perf_counter() - start)
    times.sort()
    print("train %s: median %.4f s over %d passes" % (label, times[len(times) // 2], len(times)))


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
    ap.add_argument("--train-check", metavar="DIR",
                    help="after the eval outputs: one training-mode pass (BN on batch"
                    " statistics) of the whole --input batch, in float32 and in float64,"
                    " writing DIR/train-ab.f32, train-class.f32 (and *64.f32), the gradients of"
                    " mean(ab) + mean(sum_k class_k k/999) for GRAD_WEIGHTS in Keras layout"
                    " (DIR/grad-<layer>-<param>.f32, grad64-...) and DIR/after.h5: the weights"
                    " with the BN moving statistics moved by that step, in the loaded (or first"
                    " --h5) file's layout; also DIR/loss.f32 (the float32 and the float64 loss)."
                    " With --vgg16 the loss has ChromaGAN's class term 0.003 * kld(teacher,"
                    " class)")
    ap.add_argument("--vgg16", metavar="H5", help="the VGG-16 ImageNet classifier that teaches"
                    " the class head (vgg16_weights_tf_dim_ordering_tf_kernels.h5 layout):"
                    " loaded strictly if it exists, else seeded (from --seed) and written there")
    ap.add_argument("--output-teacher", metavar="F32", help="raw float32 [N, 1000]: the --vgg16"
                    " teacher's softmax of --input")
    ap.add_argument("--bench", type=int, metavar="N", help="with --load: time N eval passes"
                    " and N training steps (see bench())")
    ap.add_argument("--bench-batch", type=int, default=1, metavar="B")
    args = ap.parse_args(argv)
    if args.bench:
        if not args.load:
            ap.error("--bench needs --load FILE")
        torch.set_num_threads(args.threads)
        bench(load_h5(args.load), args.bench, args.bench_batch)
        return
    torch.set_num_threads(args.threads)

    if args.describe:
        for layer, weights in EXPECTED.items():
            for wname, shape in weights:
                sys.stdout.write("%s\t%s\t%s\n" % (layer, wname, ",".join(map(str, shape))))
        sys.stdout.flush()
        return 0
    if args.input and (args.n is None or args.n <= 0):
        ap.error("--input needs --n N > 0")
    if args.input and not (args.output_ab or args.output_class or args.train_check
                           or args.output_teacher):
        ap.error("--input needs --output-ab and/or --output-class (or --train-check,"
                 " --output-teacher)")
    if args.train_check and not args.input:
        ap.error("--train-check needs --input IN.f32 --n N")
    if not args.input and (args.output_ab or args.output_class):
        ap.error("--output-ab / --output-class need --input")
    if args.output_teacher and not (args.input and args.vgg16):
        ap.error("--output-teacher needs --vgg16 H5 and --input")
    if not (args.h5 or args.load or args.input or args.vgg16):
        ap.error("nothing to do: give --h5, --load, --input or --vgg16")

    # the generator, unless only the teacher is asked for
    generator = bool(args.h5 or args.load or args.output_ab or args.output_class
                     or args.train_check)
    t0 = time.time()
    if not generator:
        pass
    elif args.load:
        params = load_h5(args.load)
    else:
        params = make_params(args.seed)
    t1 = time.time()
    if generator:
        n_values = sum(a.size for a in params.values())
        print("parameters: %d values in %d weights of %d layers (%d with weights); expected %d"
              % (n_values, len(params), len(EXPECTED), sum(1 for w in EXPECTED.values() if w),
                 PARAM_COUNT) + ("" if args.load else " (seed %d)" % args.seed))

    for path, layout, _ in args.h5:
        write_h5(params, path, layout)
        print("wrote %s (%s layout, %.1f MB)" % (path, layout, os.path.getsize(path) / 1e6))
    t2 = time.time()
    teacher_params = vgg16_teacher(args.vgg16, args.seed) if args.vgg16 else None
    t_vgg = time.time()

    if args.input:
        n = args.n
        data = np.fromfile(args.input, dtype="<f4")
        if data.size != n * SIZE * SIZE * 3:
            raise SystemExit("--input has %d floats, [%d, 224, 224, 3] needs %d"
                             % (data.size, n, n * SIZE * SIZE * 3))
        x = torch.from_numpy(data.astype(np.float32).reshape(n, SIZE, SIZE, 3))
    if args.input and (args.output_ab or args.output_class):
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
    teacher32 = None
    if args.input and teacher_params is not None and (args.output_teacher or args.train_check):
        t_start = time.time()
        teacher32 = teacher_predict(teacher_params, x)
        if args.output_teacher:
            teacher32.numpy().astype("<f4").tofile(args.output_teacher)
        stats("teacher", teacher32)
        print("teacher on --input (%.1fs): %s" % (time.time() - t_start,
                                                  teacher_summary(teacher32)))
    if args.train_check:
        # after.h5 takes the layout of the file the weights came from: --load's, or the first
        # --h5's (--seed), model without either
        layout = h5_layout(args.load) if args.load else (args.h5[0][1] if args.h5 else "model")
        train_check(params, x, args.train_check, layout, teacher_params, teacher32)
    t3 = time.time()
    if args.vgg16 and not generator:
        print("time: teacher %.1fs, run %.1fs, total %.1fs" % (t_vgg - t2, t3 - t_vgg, t3 - t0))
    elif args.vgg16:
        print("time: %s %.1fs, save %.1fs, teacher %.1fs, run %.1fs, total %.1fs"
              % ("load" if args.load else "build+settle", t1 - t0, t2 - t1, t_vgg - t2,
                 t3 - t_vgg, t3 - t0))
    else:
        print("time: %s %.1fs, save %.1fs, run %.1fs, total %.1fs"
              % ("load" if args.load else "build+settle", t1 - t0, t2 - t1, t3 - t2, t3 - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
