#!/usr/bin/python3
"""Writes tiny stand-in models with each convention's exact tensor signature, and their expected
outputs, for the DJL engine tests (colorize-batch/src/test/resources/models).

Run with Debian's python3-torch (1.13): /usr/bin/python3 scripts/models/make_standins.py
The outputs are committed; tests never need python.

Each stand-in is deterministic and small but not trivial: fixed, hand-written weights (no random
init, so any torch version writes the same numbers) in a 1x1 or 3x3 convolution that makes chroma
from lightness, plus whatever extra head the convention needs. For each model the script writes
<name>.pt (TorchScript), <name>.onnx (ONNX opset 13, dynamic batch and spatial axes) and
<name>.expected.json: cases, each with input(s) given by a formula both PyTorch and Java evaluate
(or explicit values), and the outputs PyTorch computes for them (every value for small cases,
else a fixed sample of positions plus the sum and the sum of absolute values). The "signature"
case has the convention's default sizes; a "small" case, with the convention options that make
it, is stored in full so tests can run it through the convention end to end.

Input formula (see pattern()), over the row-major flat index i of the base shape:
    v[i] = ((i * 37 + salt) % modulus) / divisor, then x = v * scale[c] + offset[c]   (float32)
"""
import json
import math
import os
import sys

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "colorize-batch",
                   "src", "test", "resources", "models")
MAX_FULL = 1024   # outputs up to this many values are stored in full
SAMPLES = 256     # else this many evenly spread positions (plus the last one)


def fixed(shape, seed):
    """Deterministic weights in [-1, 1] from a formula (no RNG: identical in every torch)."""
    n = 1
    for d in shape:
        n *= d
    values = [math.sin(1.7 * k + 0.3 * seed) * math.cos(0.37 * k + seed) for k in range(n)]
    return torch.tensor(values, dtype=torch.float32).reshape(shape)


def set_conv(conv, seed):
    with torch.no_grad():
        conv.weight.copy_(fixed(tuple(conv.weight.shape), seed))
        conv.bias.copy_(fixed(tuple(conv.bias.shape), seed + 100) * 0.5)


class LabStandIn(nn.Module):
    """lab: input [N,1,H,W] -> ab [N,2,H,W]; 3x3 conv on L, tanh."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3, padding=1)
        set_conv(self.conv, 1)

    def forward(self, x):
        return torch.tanh(self.conv(x))


class ChromaGanStandIn(nn.Module):
    """chromagan (Keras layout NHWC): input [N,224,224,3] -> ab [N,224,224,2] in (0,1) and a
    1000-way class distribution [N,1000]; 1x1 conv + sigmoid, global mean -> linear -> softmax."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 2, 1)
        set_conv(self.conv, 2)
        self.classes = nn.Linear(3, 1000)
        with torch.no_grad():
            self.classes.weight.copy_(fixed((1000, 3), 3) * 4)
            self.classes.bias.copy_(fixed((1000,), 4))

    def forward(self, x):
        nchw = x.permute(0, 3, 1, 2)
        ab = torch.sigmoid(self.conv(nchw)).permute(0, 2, 3, 1)
        classes = torch.softmax(self.classes(nchw.mean(dim=(2, 3))), dim=1)
        return ab, classes


class InstColorStandIn(nn.Module):
    """instcolor: full [1,1,S,S], instances [k,1,S,S], boxes [k,4] (normalised corners) ->
    ab [1,2,S,S]: tanh(3x3 conv of the full image + sum over instances of a 1x1 conv of the crop
    weighted by its box area), so every input moves the output."""

    def __init__(self):
        super().__init__()
        self.full = nn.Conv2d(1, 2, 3, padding=1)
        set_conv(self.full, 6)
        self.instance = nn.Conv2d(1, 2, 1)
        set_conv(self.instance, 7)

    def forward(self, full, instances, boxes):
        area = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
        weighted = self.instance(instances) * area.reshape(-1, 1, 1, 1)
        return torch.tanh(self.full(full) + weighted.sum(dim=0, keepdim=True))


class InputsReordered(nn.Module):
    """The InstColor stand-in with its inputs declared as (boxes, full, instances): the ONNX engine
    must feed the convention's tensors by name, not position."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, boxes, full, instances):
        return self.inner(full, instances, boxes)


class DeOldifyStandIn(nn.Module):
    """deoldify: ImageNet-normalised RGB [N,3,S,S] -> RGB in normalised space [N,3,S,S];
    3x3 conv mixing channels (so gray in gives colour out)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 3, 3, padding=1)
        set_conv(self.conv, 5)

    def forward(self, x):
        return x + 0.5 * torch.tanh(self.conv(x))


IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


def pattern(name, shape, salt, modulus=101, divisor=100.0, axis=1, scale=(1.0,), offset=(0.0,)):
    """An input from the formula: v = ((i * 37 + salt) % modulus) / divisor over the flat index i
    of the base shape (shape with 1 along axis), then x = v * scale[c] + offset[c] for each channel
    c along axis (a base channel repeated, e.g. L tiled to 3 channels or ImageNet-normalised)."""
    base = list(shape)
    base[axis] = 1
    n = 1
    for d in base:
        n *= d
    i = torch.arange(n, dtype=torch.int64)
    v = ((i * 37 + salt) % modulus).to(torch.float32) / torch.tensor(divisor, dtype=torch.float32)
    v = v.reshape(base)
    view = [1] * len(shape)
    view[axis] = shape[axis]
    sc = torch.tensor(scale, dtype=torch.float32).reshape(view)
    of = torch.tensor(offset, dtype=torch.float32).reshape(view)
    x = (v * sc + of).contiguous()
    spec = {"name": name, "shape": list(shape), "salt": salt, "modulus": modulus,
            "divisor": divisor, "axis": axis, "scale": list(scale), "offset": list(offset)}
    return x, spec


def given(name, rows):
    """An input with explicit values (small tensors such as boxes)."""
    x = torch.tensor(rows, dtype=torch.float32).reshape(len(rows), -1) if rows else \
        torch.zeros((0, 4), dtype=torch.float32)
    return x, {"name": name, "shape": list(x.shape), "values": x.reshape(-1).tolist()}


def describe_output(name, t, full):
    flat = t.detach().reshape(-1).to(torch.float64)
    n = flat.numel()
    if full or n <= MAX_FULL:
        index = list(range(n))
    else:
        index = sorted(set([k * n // SAMPLES for k in range(SAMPLES)] + [n - 1]))
    return {
        "name": name,
        "shape": list(t.shape),
        "sum": float(flat.sum()),
        "sumAbs": float(flat.abs().sum()),
        "index": index,
        "value": [float("%.9g" % float(flat[k])) for k in index],  # float32 needs 9 digits
    }


def run_case(module, case_name, inputs, output_names, full, options=None):
    tensors = [x for x, _ in inputs]
    with torch.no_grad():
        out = module(*tensors)
    outs = list(out) if isinstance(out, tuple) else [out]
    case = {"name": case_name, "inputs": [spec for _, spec in inputs],
            "outputs": [describe_output(n, t, full) for n, t in zip(output_names, outs)]}
    if options:
        case["options"] = options
    return case, tensors, outs


def write(name, module, cases, input_names, output_names, dynamic_axes, note):
    """cases: (case name, inputs, store every output value, convention options); the first case is
    also the ONNX export's example input."""
    module.eval()
    results = [run_case(module, c, ins, output_names, full, opts) for c, ins, full, opts in cases]
    scripted = torch.jit.script(module)
    scripted.save(os.path.join(OUT, name + ".pt"))
    torch.onnx.export(module, tuple(results[0][1]), os.path.join(OUT, name + ".onnx"),
                      input_names=input_names, output_names=output_names,
                      dynamic_axes=dynamic_axes, opset_version=13)
    expected = {"note": note, "cases": [r[0] for r in results]}
    with open(os.path.join(OUT, name + ".expected.json"), "w") as f:
        json.dump(expected, f, separators=(",", ":"))
        f.write("\n")
    print(name, [(r[0]["name"], [tuple(t.shape) for t in r[2]]) for r in results])


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    image = {0: "n", 2: "h", 3: "w"}
    # lab: L in 0..100 (integers) with lScale 0.01, lOffset -0.5 gives exactly this input.
    write("lab", LabStandIn(),
          [("signature", [pattern("input", (2, 1, 16, 12), 0, offset=(-0.5,))], True, None)],
          ["input"], ["ab"], {"input": image, "ab": image},
          "lab: [N,1,H,W] -> [N,2,H,W], 3x3 conv + tanh")
    # chromagan: L / 100 tiled to 3 channels, NHWC; small case with inputSize 16.
    tiled = dict(axis=3, scale=(1.0, 1.0, 1.0), offset=(0.0, 0.0, 0.0))
    nhwc = {0: "n", 1: "s", 2: "s"}
    write("chromagan", ChromaGanStandIn(),
          [("signature", [pattern("input", (2, 224, 224, 3), 7, **tiled)], False, None),
           ("small", [pattern("input", (2, 16, 16, 3), 11, **tiled)], True, {"inputSize": "16"})],
          ["input"], ["ab", "class"],
          {"input": nhwc, "ab": nhwc, "class": {0: "n"}},
          "chromagan (NHWC): [N,S,S,3] -> ab [N,S,S,2] sigmoid, class [N,1000] softmax")
    # deoldify: 8-bit gray g / 255, ImageNet-normalised per channel; S = renderFactor * 16.
    imagenet = dict(modulus=256, divisor=255.0, axis=1,
                    scale=tuple(1.0 / s for s in IMAGENET_STD),
                    offset=tuple(-m / s for m, s in zip(IMAGENET_MEAN, IMAGENET_STD)))
    square = {0: "n", 2: "s", 3: "s"}
    write("deoldify", DeOldifyStandIn(),
          [("signature", [pattern("input", (1, 3, 560, 560), 3, **imagenet)], False, None),
           ("small", [pattern("input", (2, 3, 32, 32), 5, **imagenet)], True,
            {"renderFactor": "2"})],
          ["input"], ["output"], {"input": square, "output": square},
          "deoldify: [N,3,S,S] -> [N,3,S,S], x + 0.5 tanh(3x3 conv x)")
    # instcolor: (L - 50) / 100 for the full image and each instance crop; boxes as normalised
    # corners. The small case's one box is the whole image, so its crop is the full image.
    norm = dict(offset=(-0.5,))
    inst_axes = {"full": {2: "s", 3: "s"}, "instances": {0: "k", 2: "s", 3: "s"},
                 "boxes": {0: "k"}, "ab": {2: "s", 3: "s"}}
    write("instcolor", InstColorStandIn(),
          [("signature", [pattern("full", (1, 1, 256, 256), 13, **norm),
                          pattern("instances", (3, 1, 256, 256), 17, **norm),
                          given("boxes", [[0.1, 0.2, 0.5, 0.6], [0.0, 0.0, 0.25, 1.0],
                                          [0.5, 0.5, 1.0, 0.75]])], False, None),
           ("small", [pattern("full", (1, 1, 16, 16), 19, **norm),
                      pattern("instances", (1, 1, 16, 16), 19, **norm),
                      given("boxes", [[0.0, 0.0, 1.0, 1.0]])], True, {"size": "16"}),
           ("noInstances", [pattern("full", (1, 1, 16, 16), 23, **norm),
                            pattern("instances", (0, 1, 16, 16), 0, **norm),
                            given("boxes", [])], True, {"size": "16"})],
          ["full", "instances", "boxes"], ["ab"], inst_axes,
          "instcolor: full [1,1,S,S], instances [k,1,S,S], boxes [k,4] -> ab [1,2,S,S],"
          " tanh(3x3 conv full + sum_k area_k * 1x1 conv instance_k)")
    reordered = InputsReordered(InstColorStandIn()).eval()
    example = (given("boxes", [[0.0, 0.0, 1.0, 1.0]])[0],
               pattern("full", (1, 1, 16, 16), 19, **norm)[0],
               pattern("instances", (1, 1, 16, 16), 19, **norm)[0])
    torch.onnx.export(reordered, example, os.path.join(OUT, "instcolor-reordered.onnx"),
                      input_names=["boxes", "full", "instances"], output_names=["ab"],
                      dynamic_axes=inst_axes, opset_version=13)
    print("instcolor-reordered.onnx (boxes, full, instances)")


if __name__ == "__main__":
    sys.exit(main())
