#!/usr/bin/python3
"""Writes tiny stand-in models with each convention's exact tensor signature, and their expected
outputs, for the DJL engine tests (colorize-batch/src/test/resources/models).

Run with Debian's python3-torch (1.13): /usr/bin/python3 scripts/models/make_standins.py
The outputs are committed; tests never need python.

Each stand-in is deterministic and small but not trivial: fixed, hand-written weights (no random
init, so any torch version writes the same numbers) in a 1x1 or 3x3 convolution that makes chroma
from lightness, plus whatever extra head the convention needs. For each model the script writes
<name>.pt (TorchScript), <name>.onnx (ONNX opset 13, dynamic batch and spatial axes) and
<name>.expected.json: the input(s), given by a formula both PyTorch and Java evaluate exactly,
and the outputs PyTorch computes for them (every value when small, else a fixed sample of
positions plus the sum and the sum of absolute values).

Input formula, per input tensor, over the row-major flat index i:
    x[i] = scale * (((i * 37 + salt) % 101) / 100) + offset      (computed in float32)
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


class DeOldifyStandIn(nn.Module):
    """deoldify: ImageNet-normalised RGB [N,3,S,S] -> RGB in normalised space [N,3,S,S];
    3x3 conv mixing channels (so gray in gives colour out)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 3, 3, padding=1)
        set_conv(self.conv, 5)

    def forward(self, x):
        return x + 0.5 * torch.tanh(self.conv(x))


def formula_input(shape, salt, scale, offset):
    n = 1
    for d in shape:
        n *= d
    i = torch.arange(n, dtype=torch.int64)
    x = ((i * 37 + salt) % 101).to(torch.float32) / torch.tensor(100.0, dtype=torch.float32)
    x = x * torch.tensor(scale, dtype=torch.float32) + torch.tensor(offset, dtype=torch.float32)
    return x.reshape(shape)


def describe_output(name, t):
    flat = t.detach().reshape(-1).to(torch.float64)
    n = flat.numel()
    if n <= MAX_FULL:
        index = list(range(n))
    else:
        index = sorted(set([k * n // SAMPLES for k in range(SAMPLES)] + [n - 1]))
    return {
        "name": name,
        "shape": list(t.shape),
        "sum": float(flat.sum()),
        "sumAbs": float(flat.abs().sum()),
        "index": index,
        "value": [float(flat[k]) for k in index],
    }


def write(name, module, inputs, input_names, output_names, dynamic_axes, note):
    """inputs: list of (shape, salt, scale, offset)."""
    module.eval()
    tensors = [formula_input(*spec) for spec in inputs]
    with torch.no_grad():
        out = module(*tensors)
    outs = list(out) if isinstance(out, tuple) else [out]
    scripted = torch.jit.script(module)
    scripted.save(os.path.join(OUT, name + ".pt"))
    torch.onnx.export(module, tuple(tensors), os.path.join(OUT, name + ".onnx"),
                      input_names=input_names, output_names=output_names,
                      dynamic_axes=dynamic_axes, opset_version=13)
    expected = {
        "note": note,
        "inputs": [{"name": n, "shape": list(s), "salt": salt, "scale": scale, "offset": offset}
                   for n, (s, salt, scale, offset) in zip(input_names, inputs)],
        "outputs": [describe_output(n, t) for n, t in zip(output_names, outs)],
    }
    with open(os.path.join(OUT, name + ".expected.json"), "w") as f:
        json.dump(expected, f, separators=(",", ":"))
        f.write("\n")
    print(name, [tuple(t.shape) for t in outs])


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    image = {0: "n", 2: "h", 3: "w"}
    write("lab", LabStandIn(), [((2, 1, 16, 12), 0, 1.0, -0.5)],
          ["input"], ["ab"], {"input": image, "ab": image},
          "lab: [N,1,H,W] -> [N,2,H,W], 3x3 conv + tanh")
    write("chromagan", ChromaGanStandIn(), [((2, 224, 224, 3), 7, 1.0, 0.0)],
          ["input"], ["ab", "classes"],
          {"input": {0: "n"}, "ab": {0: "n"}, "classes": {0: "n"}},
          "chromagan (NHWC): [N,224,224,3] -> ab [N,224,224,2] sigmoid, classes [N,1000] softmax")
    square = {0: "n", 2: "s", 3: "s"}
    write("deoldify", DeOldifyStandIn(), [((1, 3, 32, 32), 3, 4.0, -2.0)],
          ["input"], ["output"], {"input": square, "output": square},
          "deoldify: [N,3,S,S] -> [N,3,S,S], x + 0.5 tanh(3x3 conv x)")


if __name__ == "__main__":
    sys.exit(main())
