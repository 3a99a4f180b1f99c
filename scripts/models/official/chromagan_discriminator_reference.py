#!/usr/bin/python3
"""Independent PyTorch reference of ChromaGAN's discriminator, for the Java tests.

Builds, from a seed, the critic of ChromaGAN (Vitoria, Raad and Ballester, "ChromaGAN:
Adversarial Picture Colorization with Semantic Class Distribution", WACV 2020) with exactly the
layer names, weight names and shapes of the Keras file its training writes
(self.discriminator.save('my_model_discriminatorEpoch%d.h5')), gives it deterministic calibrated
weights, writes them as Keras 2.2.4 writes an HDF5 file (model.save() or model.save_weights()),
and optionally runs the network, and the gradients a gradient-penalty check needs, on raw float32
tensors so that the Java reimplementation can be compared with it. The original is Keras 2 on
TensorFlow 1.x; everything here is that Keras semantics redone in PyTorch (computed in NCHW,
converted at the boundaries). It shares conventions with the generator's chromagan_reference.py
beside it, and its Keras HDF5 reading and writing (keras_h5.py), but no other code.

Where the structure comes from (pvitoria/ChromaGAN, SOURCE/ChromaGAN.py, MODEL.discriminator();
it is the first model MODEL.__init__ builds, so it is model_1 and its layers are numbered from 1):
    inputs      ab_input [N, 224, 224, 2] and l_input [N, 224, 224, 1], NHWC; the model is
                Model([input_ab, input_l], net): ab first
    concatenate_1   concatenate([input_l, input_ab]) on the channels: channel 0 is L, 1-2 ab
    conv2d_1    64 4x4 stride 2 'same', bias -> leaky_re_lu_1     [N, 112, 112, 64]
    conv2d_2   128 4x4 stride 2 'same', bias -> leaky_re_lu_2     [N, 56, 56, 128]
    conv2d_3   256 4x4 stride 2 'same', bias -> leaky_re_lu_3     [N, 28, 28, 256]
    conv2d_4   512 4x4 stride 1 'same', bias -> leaky_re_lu_4     [N, 28, 28, 512]
    conv2d_5     1 4x4 stride 1 'same', bias, no activation      [N, 28, 28, 1]: the scores
Keras semantics reproduced: LeakyReLU() with Keras' default alpha 0.3 (not 0.2), written as
Keras 2.2.4's tensorflow backend computes it, relu(x) - 0.3 * relu(-x) (so its gradient at exactly
0 is 0, as TensorFlow's ReluGrad gives it; F.leaky_relu would give 0.3 there); 'same' padding as
TensorFlow computes it (total = max((ceil(n/s) - 1) * s + k - n, 0), top/left = total // 2, the
rest bottom/right): a 4x4 stride-2 conv on 224, 112 or 56 pads 1 before and 1 after, a 4x4
stride-1 conv on 28 pads 1 before and 2 after (F.pad, then a conv with padding 0); conv kernels
HWIO [kh, kw, in, out] (used as OIHW = permute(3, 2, 0, 1), a cross-correlation as in TF).
Input scales as ChromaGAN trains it (dataClass.generate_batch: OpenCV 8-bit Lab / 255): l is
the L channel / 100, ab is (OpenCV a, b) / 255 = (a + 128) / 255, both in [0, 1].

The HDF5 file (as keras/engine/saving.py of Keras 2.2.4 writes it, h5py; keras_h5.py beside
this script writes and reads it):
    --layout model (model.save()): root attrs keras_version b'2.2.4', backend b'tensorflow',
        model_config (a short JSON naming model_1 and its inputs and output, not a loadable
        config); group model_weights with attrs layer_names (numpy bytes array, every layer,
        weightless ones included), backend, keras_version; per layer a group
        model_weights/<layer> with attr weight_names (bytes array; an empty
        np.array([], dtype='S1') for weightless layers - Keras itself writes an empty float64
        array there) and one float32 contiguous dataset per weight at
        model_weights/<layer>/<weight name>; a weight name holds a '/', so h5py creates the
        intermediate group (model_weights/conv2d_1/conv2d_1/kernel:0).
    --layout weights (model.save_weights()): the same layer groups and attrs at the file root,
        no model_weights group, no model_config.
    layer_names (topological order): ab_input, l_input, concatenate_1, conv2d_1, leaky_re_lu_1,
    conv2d_2, leaky_re_lu_2, conv2d_3, leaky_re_lu_3, conv2d_4, leaky_re_lu_4, conv2d_5; weight
    names L/kernel:0 [4, 4, in, out] and L/bias:0 [out] for the five convs. 2,764,737 values,
    about 11 MB.

Weights (all from torch.Generator().manual_seed(seed), in layer and weight order): every kernel
He-normal, N(0, 2 / fan_in) untruncated (fan_in = 4 * 4 * in); every bias U(-0.05, 0.05). Then
calibrated on a batch of 6 photo-like (l, ab) pairs (generator seed * 1000 + 1; l like the Java
tests' GrayPhotos and the generator script's calibration images: a bilinear upsampling of a
random 5..8 square field, three soft-edged blobs 1 / (1 + (d/r)^6) of random gray levels, Gaussian
noise of std U(0.02, 0.10) per image, clamped to [0, 1]; ab: 0.5 plus a smooth chroma field of
+-0.06, the same three blobs each of a chroma of 0.5 + U(-0.15, 0.15) per channel, noise of std
0.01, clamped to [0, 1] - a photo's OpenCV a, b mostly lie within 128 +- 40), in one forward pass
in layer order: each conv's kernel and bias are multiplied by one factor so that its output (the
pre-activation) has std PRE_STD = 1 over the batch (N, H, W and channels), conv2d_5's so that the
scores have std SCORE_STD = 1. A LeakyReLU is positively homogeneous, so this only rescales:
the weights stay He-normal in shape, the activations stay order 1 at every depth, and the scores
are order 1 and vary across the 28 x 28 positions (printed: per-image mean and spatial std).
Every factor is printed, then the statistics of the calibrated scores on the calibration batch
(each conv is recomputed after its scaling, so these are the calibrated network's outputs). The
weights may differ in the last bits between machines or thread counts (the factors come from
float32 sums); the tests compare against the file, not against the seed.

Run (Debian's python3 with torch 1.13, numpy, h5py; no network):
    /usr/bin/python3 scripts/models/official/chromagan_discriminator_reference.py --seed 7 \\
        --h5 OUT.h5 [--layout model|weights] [--h5 ... [--layout ...]] \\
        [--l L.f32 --ab AB.f32 --n N --output SCORES.f32 --grad-check DIR]
    /usr/bin/python3 scripts/models/official/chromagan_discriminator_reference.py \\
        --load FILE.h5 --l L.f32 --ab AB.f32 --n N [--output SCORES.f32] [--grad-check DIR]
    /usr/bin/python3 scripts/models/official/chromagan_discriminator_reference.py \\
        (--seed 7 | --load FILE.h5) --self-check [--l L.f32 --ab AB.f32 --n N]
    /usr/bin/python3 scripts/models/official/chromagan_discriminator_reference.py --describe
--h5 may repeat; a --layout applies to the --h5 just before it (default model). --load reads an
h5 in either layout (model_weights group present, or layer_names at the root) instead of seeding
and checks it strictly: every conv's group, its weight_names attr exactly [L/kernel:0, L/bias:0],
both datasets present with their shapes and a float dtype, and no other dataset anywhere outside
an optimizer_weights group (a model.save() file of a compiled model holds one); then prints
"loaded ... strictly" (with --h5 too, the loaded weights are rewritten: a layout conversion).
--l: raw little-endian float32 NHWC [N, 224, 224, 1]; --ab: [N, 224, 224, 2]; --output: raw
float32 NHWC [N, 28, 28, 1], computed under torch.no_grad() in chunks of 4 images; --threads T
sets torch's threads (default 2). Prints the parameter count and the min, max and mean of the
scores.
--describe prints "layer<TAB>weight name<TAB>shape" (shape comma-separated) for every weight in
file order and exits.

--grad-check DIR (needs --l, --ab, --n): the whole batch at once, twice, with the model and the
inputs in float32 and cast to float64; loss = the mean of the scores over N, 28, 28 (the
wasserstein_loss of ChromaGAN, tf.reduce_mean(y_pred), with y_true ignored). Note that
gradient_penalty_loss takes K.gradients(y_pred, averaged_samples), the gradient of the *sum* of
the scores: N * 784 times the one written here. Writes into DIR (created if needed), raw
little-endian float32:
    score-mean.f32          two floats: the float32 pass's mean, the float64 pass's (rounded)
    grad-input-ab.f32       d mean / d ab, [N, 224, 224, 2] NHWC; grad64-input-ab.f32
    grad-conv2d_1-kernel.f32  d mean / d conv2d_1/kernel, HWIO [4, 4, 3, 64]; grad64-...
    grad-conv2d_5-bias.f32  d mean / d conv2d_5/bias, [1] (exactly 1 in exact arithmetic: a
                            check of the averaging; grad64 gives 1, the float32 pass about
                            1 + 2e-5 for N = 2, torch's float32 sum of 1568 copies of
                            1 / 1568); grad64-...
and prints the float32 / float64 spreads.

--self-check: the hand checks, on the --l / --ab batch if given, else on 2 photo-like pairs from
generator seed * 1000 + 2: (1) the 'same' padding amounts of every conv against a table worked
out by hand; (2) the whole network in float64 numpy (NHWC, np.pad with the hand table, the taps
summed one by one as kernel[i, j] matmuls of strided slices: no torch, no F.pad, no permute)
against the torch network in float64 and float32, and the four corners and the centre of
conv2d_1's and conv2d_5's outputs against a pixel-by-pixel sum with the padding done by index
arithmetic; (3) central finite differences in float64 of the mean score against autograd
(relative tolerance 1e-5), for both ab channels of one pixel (step 1e-5), one conv2d_1 kernel
entry and conv2d_5's bias (step 1e-6: a weight moves every position, so a larger step crosses
LeakyReLU kinks). Exits 1 if any check fails. About 20 s for N = 2 with 2 threads, mostly the
float64 passes of the finite differences.
"""
import argparse
import collections
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

import keras_h5  # beside this script (running a script puts its folder on sys.path)

# ---------------------------------------------------------------------------------------------
# Layers (MODEL.discriminator(); layer_names in Keras' topological order)

SIZE = 224
OUT_SIZE = 28
ALPHA = 0.3            # keras.layers.LeakyReLU() default
KERNEL = 4
INPUT, CONCAT, CONV, LEAKY = "input", "concat", "conv", "leaky"
KERAS_VERSION = b"2.2.4"
BACKEND = b"tensorflow"
MODEL_CONFIG = json.dumps({"class_name": "Model", "config": {
    "name": "model_1",
    "input_layers": [["ab_input", 0, 0], ["l_input", 0, 0]],
    "output_layers": [["conv2d_5", 0, 0]],
    "note": "written by chromagan_discriminator_reference.py: weights only, not a loadable Keras"
            " config"}})

# (layer, kind, parameters): conv (in, out, stride)
LAYERS = [
    ("ab_input", INPUT, None),
    ("l_input", INPUT, None),
    ("concatenate_1", CONCAT, None),
    ("conv2d_1", CONV, (3, 64, 2)),
    ("leaky_re_lu_1", LEAKY, None),
    ("conv2d_2", CONV, (64, 128, 2)),
    ("leaky_re_lu_2", LEAKY, None),
    ("conv2d_3", CONV, (128, 256, 2)),
    ("leaky_re_lu_3", LEAKY, None),
    ("conv2d_4", CONV, (256, 512, 1)),
    ("leaky_re_lu_4", LEAKY, None),
    ("conv2d_5", CONV, (512, 1, 1)),
]
CONVS = [(name, p) for name, kind, p in LAYERS if kind == CONV]


def layer_weights(name, kind, p):
    """[(weight name, shape)] of one layer, in Keras' order."""
    if kind == CONV:
        cin, cout, _ = p
        return [(name + "/kernel:0", (KERNEL, KERNEL, cin, cout)), (name + "/bias:0", (cout,))]
    return []


EXPECTED = collections.OrderedDict((name, layer_weights(name, kind, p)) for name, kind, p in LAYERS)
PARAM_COUNT = sum(int(np.prod(s)) for ws in EXPECTED.values() for _, s in ws)


# ---------------------------------------------------------------------------------------------
# The network, functional, on a parameter dict {(layer, weight name): float32 numpy array in
# Keras layout} (or torch tensors of any float dtype, possibly requiring grad); torch.from_numpy
# shares the memory, so calibration edits the arrays in place.

def same_pad_amounts(n, k, stride):
    """TensorFlow 'SAME' padding of one axis of length n: (before, after)."""
    out = -(-n // stride)
    total = max((out - 1) * stride + k - n, 0)
    return total // 2, total - total // 2


def keras_same_pad(x, k, stride):
    """TensorFlow 'SAME' padding of an NCHW tensor (extra row / column at the bottom / right)."""
    pads = []
    for n in (x.shape[3], x.shape[2]):  # F.pad order: width first, then height
        pads += list(same_pad_amounts(n, k, stride))
    return F.pad(x, pads) if any(pads) else x


def keras_leaky_relu(x):
    """Keras 2.2.4's K.relu(x, alpha=0.3) on TensorFlow: relu(x) - alpha * relu(-x)."""
    return torch.relu(x) - ALPHA * torch.relu(-x)


class Discriminator:
    """MODEL.discriminator(). With `tuner` set, the forward pass calls it after each conv's
    affine part (it may rescale the conv, which is then recomputed)."""

    def __init__(self, params):
        self.params = params
        self.tuner = None

    def w(self, layer, weight):
        t = self.params[(layer, weight)]
        return t if torch.is_tensor(t) else torch.from_numpy(t)

    def conv_raw(self, x, layer, stride):
        kernel = self.w(layer, layer + "/kernel:0")        # HWIO
        weight = kernel.permute(3, 2, 0, 1).contiguous()  # OIHW
        return F.conv2d(keras_same_pad(x, KERNEL, stride), weight,
                        self.w(layer, layer + "/bias:0"), stride=stride, padding=0)

    def __call__(self, l_nhwc, ab_nhwc):
        """l [N, 224, 224, 1], ab [N, 224, 224, 2] NHWC -> scores [N, 28, 28, 1] NHWC."""
        x = torch.cat([l_nhwc, ab_nhwc], dim=3)           # concatenate([input_l, input_ab])
        x = x.permute(0, 3, 1, 2).contiguous()
        for i, (layer, (_, _, stride)) in enumerate(CONVS):
            y = self.conv_raw(x, layer, stride)
            if self.tuner is not None:
                self.tuner(self, layer, x, y)
                y = self.conv_raw(x, layer, stride)
            x = keras_leaky_relu(y) if i < len(CONVS) - 1 else y
        return x.permute(0, 2, 3, 1).contiguous()


# ---------------------------------------------------------------------------------------------
# Seeded, calibrated weights

PRE_STD = 1.0     # conv2d_1..4 output (pre-activation), over N, H, W and channels
SCORE_STD = 1.0   # conv2d_5 output
CALIBRATION_N = 6


def seeded_params(seed):
    gen = torch.Generator().manual_seed(seed)
    params = collections.OrderedDict()
    for layer, weights in EXPECTED.items():
        for wname, shape in weights:
            if wname.endswith("/kernel:0"):
                fan_in = int(np.prod(shape[:-1]))
                t = torch.randn(shape, generator=gen) * float(np.sqrt(2.0 / fan_in))
            else:
                t = torch.rand(shape, generator=gen) * 0.1 - 0.05
            params[(layer, wname)] = np.ascontiguousarray(t.numpy(), dtype=np.float32)
    return params


def photo_pairs(n, gen):
    """Photo-like (l [n, 224, 224, 1], ab [n, 224, 224, 2]) NHWC in [0, 1], at ChromaGAN's
    scales: a smooth random gray field with three soft-edged blobs and Gaussian noise of a
    per-image strength; ab a smooth chroma field around 0.5 with the same blobs coloured."""
    def r(*shape):
        return torch.rand(shape, generator=gen)
    size = 2 + int(torch.randint(3, 7, (1,), generator=gen))
    field = F.interpolate(r(n, 1, size, size), size=(SIZE, SIZE), mode="bilinear",
                          align_corners=False)
    chroma = F.interpolate(r(n, 2, size, size), size=(SIZE, SIZE), mode="bilinear",
                           align_corners=False)
    coords = (torch.arange(SIZE, dtype=torch.float32) + 0.5) / SIZE
    weight = torch.full((n, 1, SIZE, SIZE), 1.0)
    gray, colour = field.clone(), 0.5 + 0.12 * (chroma - 0.5)
    for _ in range(3):
        cx, cy, rad, level = r(n, 1, 1, 1), r(n, 1, 1, 1), 0.1 + 0.25 * r(n, 1, 1, 1), r(n, 1, 1, 1)
        ab_level = 0.5 + 0.3 * (r(n, 2, 1, 1) - 0.5)
        d = torch.sqrt((coords.view(1, 1, 1, -1) - cx) ** 2 + (coords.view(1, 1, -1, 1) - cy) ** 2)
        w = 1.0 / (1.0 + (d / rad) ** 6)
        weight, gray, colour = weight + w, gray + w * level, colour + w * ab_level
    gray = 0.1 + 0.8 * gray / weight
    gray = gray + torch.randn(n, 1, SIZE, SIZE, generator=gen) * (0.02 + 0.08 * r(n, 1, 1, 1))
    colour = colour / weight + torch.randn(n, 2, SIZE, SIZE, generator=gen) * 0.01
    return (gray.clamp(0.0, 1.0).permute(0, 2, 3, 1).contiguous(),
            colour.clamp(0.0, 1.0).permute(0, 2, 3, 1).contiguous())


class Tuner:
    def __init__(self, log):
        self.log = log

    def __call__(self, net, layer, x, y):
        target = SCORE_STD if layer == CONVS[-1][0] else PRE_STD
        std = y.std().item()
        factor = target / max(std, 1e-12)
        net.params[(layer, layer + "/kernel:0")][...] *= np.float32(factor)
        net.params[(layer, layer + "/bias:0")][...] *= np.float32(factor)
        self.log("calibrate %-9s kernel and bias x %.5f (output std %.4f -> %.1f, mean %+.4f ->"
                 " %+.4f, negative %.3f)" % (layer, factor, std, target, y.mean().item(),
                                              y.mean().item() * factor,
                                              (y < 0).float().mean().item()))


def fmt_vec(v):
    return "[" + ", ".join("%.4f" % float(a) for a in np.ravel(v)) + "]"


def score_summary(s):
    """Per-image mean and spatial std of scores [N, 28, 28, 1]."""
    flat = s.reshape(s.shape[0], -1)
    return "per-image mean %s, spatial std %s" % (fmt_vec(flat.mean(1)), fmt_vec(flat.std(1)))


@torch.no_grad()
def make_params(seed, log=print):
    params = seeded_params(seed)
    net = Discriminator(params)
    l, ab = photo_pairs(CALIBRATION_N, torch.Generator().manual_seed(seed * 1000 + 1))
    net.tuner = Tuner(log)
    scores = net(l, ab)
    net.tuner = None
    log("calibrated on %d photo-like pairs (l in [%.3f, %.3f], ab in [%.3f, %.3f]): scores min"
        " %.4f max %.4f mean %.4f std %.4f; %s"
        % (l.shape[0], l.min().item(), l.max().item(), ab.min().item(), ab.max().item(),
           scores.min().item(), scores.max().item(), scores.mean().item(), scores.std().item(),
           score_summary(scores)))
    return params


# ---------------------------------------------------------------------------------------------
# HDF5 I/O, as keras/engine/saving.py (Keras 2.2.4) writes and reads it
# (keras_h5.py beside this script)

H5 = keras_h5.KerasH5(EXPECTED, MODEL_CONFIG, KERAS_VERSION, BACKEND,
                      note_optimizer_weights=True)
write_h5, load_h5 = H5.write, H5.load


# ---------------------------------------------------------------------------------------------
# --grad-check

GRAD_WEIGHTS = [("conv2d_1", "conv2d_1/kernel:0"), ("conv2d_5", "conv2d_5/bias:0")]


def grad_file_stem(wname):
    """'conv2d_1/kernel:0' -> 'conv2d_1-kernel' (the file is grad-<stem>.f32)."""
    return wname[:-len(":0")].replace("/", "-")


def grad_pass(params, l, ab, dtype, grad_keys=GRAD_WEIGHTS):
    """The whole batch with the model and the inputs cast to `dtype`, then backward of the mean
    score. Returns the scores, the mean (a Python float of that dtype's value), d mean / d ab
    (NHWC) and {key: d mean / d weight in Keras layout}."""
    tensors = collections.OrderedDict()
    for key, arr in params.items():
        t = torch.from_numpy(arr).to(dtype)       # float32: shares the array (never written)
        if key in grad_keys:
            t.requires_grad_(True)
        tensors[key] = t
    ab_t = ab.to(dtype).requires_grad_(True)
    scores = Discriminator(tensors)(l.to(dtype), ab_t)
    mean = scores.mean()
    mean.backward()
    grads = collections.OrderedDict((key, tensors[key].grad) for key in grad_keys)
    return scores.detach(), mean.item(), ab_t.grad, grads


def grad_check(params, l, ab, out_dir):
    os.makedirs(out_dir, exist_ok=True)

    def write(name, t):
        t.detach().numpy().astype("<f4").tofile(os.path.join(out_dir, name))

    start = time.time()
    s64, mean64, gab64, grads64 = grad_pass(params, l, ab, torch.float64)
    write("grad64-input-ab.f32", gab64)
    for (_, wname), g in grads64.items():
        write("grad64-%s.f32" % grad_file_stem(wname), g)
    t64 = time.time()
    s32, mean32, gab32, grads32 = grad_pass(params, l, ab, torch.float32)
    write("grad-input-ab.f32", gab32)
    for (_, wname), g in grads32.items():
        write("grad-%s.f32" % grad_file_stem(wname), g)
    np.array([mean32, mean64], dtype="<f4").tofile(os.path.join(out_dir, "score-mean.f32"))
    t32 = time.time()

    def spread(a32, a64):
        return (a32.double() - a64.double()).abs().max().item()

    parts = ["scores %.3g (max |score64| %.3g)" % (spread(s32, s64), s64.abs().max().item()),
             "input-ab %.3g (max |grad64| %.3g)" % (spread(gab32, gab64),
                                                    gab64.abs().max().item())]
    for key, g in grads32.items():
        g64 = grads64[key]
        parts.append("%s %.3g (max |grad64| %.3g)" % (grad_file_stem(key[1]), spread(g, g64),
                                                       g64.abs().max().item()))
    print("grad-check max |float32 - float64|: " + ", ".join(parts))
    print("grad-check score mean float32 %.9g float64 %.15g (difference %.3g); input-ab"
          " gradient float64 L2 norm per image %s (the penalty's norm is N * 784 times it)"
          % (mean32, mean64, abs(mean32 - mean64),
             fmt_vec(gab64.reshape(gab64.shape[0], -1).norm(dim=1))))
    print("grad-check written to %s: float64 pass %.2fs, float32 pass %.2fs"
          % (out_dir, t64 - start, t32 - t64))


# ---------------------------------------------------------------------------------------------
# --self-check

HAND_PADS = {  # (input size, stride) -> (before, after), worked out by hand for k = 4:
    (224, 2): (1, 1),   # out 112: (112 - 1) * 2 + 4 - 224 = 2
    (112, 2): (1, 1),   # out 56:  (56 - 1) * 2 + 4 - 112 = 2
    (56, 2): (1, 1),    # out 28:  (28 - 1) * 2 + 4 - 56 = 2
    (28, 1): (1, 2),    # out 28:  (28 - 1) * 1 + 4 - 28 = 3
}


def numpy_forward(params, l, ab):
    """The network in float64 numpy, NHWC throughout, from the hand padding table. Returns
    [(layer, its input, its output before the activation)] for the five convs."""
    x = np.concatenate([l, ab], axis=3).astype(np.float64)
    layers = []
    for i, (layer, (cin, cout, stride)) in enumerate(CONVS):
        kernel = params[(layer, layer + "/kernel:0")].astype(np.float64)   # HWIO
        bias = params[(layer, layer + "/bias:0")].astype(np.float64)
        n, h, w, c = x.shape
        before, after = HAND_PADS[(h, stride)]
        xp = np.pad(x, ((0, 0), (before, after), (before, after), (0, 0)))
        ho = h // stride
        y = np.zeros((n, ho, ho, cout)) + bias
        for di in range(KERNEL):
            for dj in range(KERNEL):
                taps = xp[:, di:di + stride * (ho - 1) + 1:stride,
                          dj:dj + stride * (ho - 1) + 1:stride, :]
                # copied to a plain matrix: numpy's matmul of a strided 4-D view is slow
                y += (np.ascontiguousarray(taps).reshape(-1, c)
                      @ kernel[di, dj]).reshape(n, ho, ho, cout)
        layers.append((layer, x, y))
        x = np.where(y > 0, y, ALPHA * y) if i < len(CONVS) - 1 else y
    return layers


def hand_pixel(params, layer, x, n, oy, ox):
    """One output pixel of a conv, all channels, by index arithmetic: input row = stride * oy
    + tap - before, taps outside the image skipped (zero padding); no padded copy."""
    cin, cout, stride = dict(CONVS)[layer]
    kernel = params[(layer, layer + "/kernel:0")].astype(np.float64)
    out = params[(layer, layer + "/bias:0")].astype(np.float64).copy()
    before = HAND_PADS[(x.shape[1], stride)][0]
    for di in range(KERNEL):
        for dj in range(KERNEL):
            iy, ix = stride * oy + di - before, stride * ox + dj - before
            if 0 <= iy < x.shape[1] and 0 <= ix < x.shape[2]:
                out += x[n, iy, ix, :] @ kernel[di, dj]
    return out


STEP_INPUT, STEP_WEIGHT = 1e-5, 1e-6
FD_TOLERANCE = 1e-5   # relative


def self_check(params, l, ab):
    ok = True

    def report(name, passed, detail):
        nonlocal ok
        ok = ok and passed
        print("self-check %-34s %s  %s" % (name, "ok  " if passed else "FAIL", detail))

    # (1) padding
    sizes, bad = [], []
    h = SIZE
    for layer, (_, _, stride) in CONVS:
        got = same_pad_amounts(h, KERNEL, stride)
        if got != HAND_PADS[(h, stride)]:
            bad.append(layer)
        sizes.append("%s %d/s%d pads %d+%d" % (layer, h, stride, got[0], got[1]))
        padded = keras_same_pad(torch.zeros(1, 1, h, h), KERNEL, stride)
        if padded.shape[2] != h + sum(got) or padded.shape[3] != h + sum(got):
            bad.append(layer + " (F.pad)")
        h //= stride
    report("'same' padding vs the hand table", not bad, "; ".join(sizes)
           + (" - wrong: %s" % bad if bad else ""))

    # (2) numpy float64 forward; the corners and the centre of conv2d_1 (stride 2) and conv2d_5
    # (stride 1, padded 1 before and 2 after) pixel by pixel
    layers = numpy_forward(params, l.numpy(), ab.numpy())
    ref = layers[-1][2]
    worst = 0.0
    for layer, x, y in (layers[0], layers[-1]):
        last = y.shape[1] - 1
        for n in range(y.shape[0]):
            for oy, ox in ((0, 0), (0, last), (last, 0), (last, last), (last // 2, last // 2)):
                worst = max(worst, np.abs(hand_pixel(params, layer, x, n, oy, ox)
                                          - y[n, oy, ox]).max())
    report("conv2d_1, conv2d_5 pixels by hand", worst <= 1e-12,
           "corners and centre, max |diff| %.3g" % worst)
    params64 = collections.OrderedDict((k, v.astype(np.float64)) for k, v in params.items())
    with torch.no_grad():
        t64 = Discriminator(params64)(l.double(), ab.double()).numpy()
        t32 = Discriminator(params)(l, ab).double().numpy()
    scale = np.abs(ref).max()
    d64, d32 = np.abs(t64 - ref).max(), np.abs(t32 - ref).max()
    report("torch float64 vs numpy float64", d64 <= 1e-9 * max(scale, 1.0),
           "max |diff| %.3g (max |score| %.3g)" % (d64, scale))
    report("torch float32 vs numpy float64", d32 <= 1e-4 * max(scale, 1.0),
           "max |diff| %.3g" % d32)

    # (3) finite differences of the mean score, float64
    l64, ab64 = l.double(), ab.double()

    def mean_score(p, ab_in):
        with torch.no_grad():
            return Discriminator(p)(l64, ab_in).mean().item()

    keys = [("conv2d_1", "conv2d_1/kernel:0"), ("conv2d_5", "conv2d_5/bias:0")]
    tensors = collections.OrderedDict()
    for key, arr in params64.items():
        tensors[key] = torch.from_numpy(arr.copy())
        if key in keys:
            tensors[key].requires_grad_(True)
    ab_t = ab64.clone().requires_grad_(True)
    Discriminator(tensors)(l64, ab_t).mean().backward()
    # the network is piecewise linear, so a difference is exact unless it crosses a LeakyReLU
    # kink: a weight moves every position's pre-activations, so it takes the smaller step
    step = STEP_INPUT
    n0, y0, x0 = l.shape[0] - 1, 101, 57
    for c in (0, 1):
        plus, minus = ab64.clone(), ab64.clone()
        plus[n0, y0, x0, c] += step
        minus[n0, y0, x0, c] -= step
        fd = (mean_score(params64, plus) - mean_score(params64, minus)) / (2 * step)
        g = ab_t.grad[n0, y0, x0, c].item()
        rel = abs(fd - g) / max(abs(g), 1e-30)
        report("d mean / d ab[%d, %d, %d, %d]" % (n0, y0, x0, c), rel < FD_TOLERANCE,
               "autograd %.10e finite difference %.10e (relative %.2g)" % (g, fd, rel))
    for key, index in ((keys[0], (2, 1, 0, 5)), (keys[1], (0,))):
        plus, minus = collections.OrderedDict(params64), collections.OrderedDict(params64)
        plus[key], minus[key] = params64[key].copy(), params64[key].copy()
        plus[key][index] += STEP_WEIGHT
        minus[key][index] -= STEP_WEIGHT
        fd = (mean_score(plus, ab64) - mean_score(minus, ab64)) / (2 * STEP_WEIGHT)
        g = tensors[key].grad[index].item()
        rel = abs(fd - g) / max(abs(g), 1e-30)
        report("d mean / d %s%s" % (key[1][:-2], list(index)), rel < FD_TOLERANCE,
               "autograd %.10e finite difference %.10e (relative %.2g)" % (g, fd, rel))
    print("self-check %s" % ("passed" if ok else "FAILED"))
    return ok


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


def read_f32(path, n, channels, what):
    data = np.fromfile(path, dtype="<f4")
    if data.size != n * SIZE * SIZE * channels:
        raise SystemExit("%s has %d floats, [%d, 224, 224, %d] needs %d"
                         % (what, data.size, n, channels, n * SIZE * SIZE * channels))
    return torch.from_numpy(data.astype(np.float32).reshape(n, SIZE, SIZE, channels))


def main(argv=None):
    ap = argparse.ArgumentParser(description="ChromaGAN discriminator reference (see docstring)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--h5", action=AppendH5, default=[], help="write the weights here")
    ap.add_argument("--layout", action=SetLayout, choices=["model", "weights"],
                    help="of the --h5 just before: model (model.save()) or weights"
                         " (model.save_weights()); default model")
    ap.add_argument("--load", metavar="H5", help="instead of seeding: read this h5 (either"
                    " layout) and check it strictly")
    ap.add_argument("--l", metavar="F32", help="raw float32 NHWC [N, 224, 224, 1], L / 100")
    ap.add_argument("--ab", metavar="F32", help="raw float32 NHWC [N, 224, 224, 2],"
                    " (a + 128) / 255 and (b + 128) / 255")
    ap.add_argument("--n", type=int, help="N of --l and --ab")
    ap.add_argument("--output", metavar="F32", help="raw float32 NHWC [N, 28, 28, 1]: the scores")
    ap.add_argument("--grad-check", metavar="DIR",
                    help="write DIR/score-mean.f32 and the gradients of the mean score with"
                    " respect to ab, conv2d_1/kernel and conv2d_5/bias (grad-*.f32, grad64-*.f32)")
    ap.add_argument("--self-check", action="store_true",
                    help="padding, numpy forward and finite-difference checks")
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
    inputs = bool(args.l or args.ab)
    if inputs and not (args.l and args.ab and args.n is not None and args.n > 0):
        ap.error("--l and --ab go together, with --n N > 0")
    if inputs and not (args.output or args.grad_check or args.self_check):
        ap.error("--l / --ab need --output, --grad-check or --self-check")
    if (args.output or args.grad_check) and not inputs:
        ap.error("--output / --grad-check need --l L.f32 --ab AB.f32 --n N")
    if not (args.h5 or args.load or inputs or args.self_check):
        ap.error("nothing to do: give --h5, --load, --l/--ab or --self-check")

    t0 = time.time()
    params = load_h5(args.load) if args.load else make_params(args.seed)
    t1 = time.time()
    n_values = sum(a.size for a in params.values())
    print("parameters: %d values in %d weights of %d layers (%d with weights); expected %d"
          % (n_values, len(params), len(EXPECTED), sum(1 for w in EXPECTED.values() if w),
             PARAM_COUNT) + ("" if args.load else " (seed %d)" % args.seed))
    for path, layout, _ in args.h5:
        write_h5(params, path, layout)
        print("wrote %s (%s layout, %.1f MB)" % (path, layout, os.path.getsize(path) / 1e6))
    t2 = time.time()

    if inputs:
        n = args.n
        l = read_f32(args.l, n, 1, "--l")
        ab = read_f32(args.ab, n, 2, "--ab")
    if args.output:
        net = Discriminator(params)
        with torch.no_grad():
            scores = torch.cat([net(l[i:i + 4], ab[i:i + 4]) for i in range(0, n, 4)], 0)
        scores.numpy().astype("<f4").tofile(args.output)
        stats("scores", scores)
        print("scores: " + score_summary(scores))
    if args.grad_check:
        grad_check(params, l, ab, args.grad_check)
    t3 = time.time()
    ok = True
    if args.self_check:
        if not inputs:
            l, ab = photo_pairs(2, torch.Generator().manual_seed(args.seed * 1000 + 2))
        ok = self_check(params, l, ab)
    print("time: %s %.2fs, save %.2fs, run %.2fs, total %.2fs"
          % ("load" if args.load else "build+calibrate", t1 - t0, t2 - t1, t3 - t2,
             time.time() - t0))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
