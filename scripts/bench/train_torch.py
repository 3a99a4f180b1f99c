#!/usr/bin/python3
"""PyTorch side of the training throughput benchmark (issue 5).

The ChromaGAN-style generator of colorize's ChromaGanNetwork, layer for layer (same convolutions,
batch norms, pools, dense layers, repeat_interleave upsampling, broadcast-and-concatenate fusion,
tanh), trained the way dev.colorize.train.TrainingLoop trains it: L / 50 - 1 in, ab / 110 as
target, mean squared error on ab plus 0.003 x the class cross entropy (ChromaGAN's KL against a
one-hot label), torch.optim.Adam with lr 1e-3, betas (0.9, 0.999), eps 1e-8, gradients zeroed
after each step, a fresh per-epoch permutation, the last incomplete batch dropped.

One configuration per process, so VmHWM (peak resident memory) belongs to that batch size.
Run with Debian's /usr/bin/python3 (python3-torch); see scripts/bench/run-train-throughput.sh.

Usage: train_torch.py SIZE(tiny|small) INPUT BATCH THREADS WARMUP STEPS [CLASSES=150]
Prints PARAMS, STEPS and RESULT lines in the format of TrainThroughputBenchmark.java.
"""
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

CLASS_WEIGHT = 0.003
# (stage widths, convs per stage, global vector size), as ChromaGanNetwork.widths
WIDTHS = {
    "tiny": ([8, 16, 32, 32], [1, 1, 1, 1], 32),
    "small": ([16, 32, 64, 128], [1, 2, 2, 2], 128),
    "full": ([64, 128, 256, 512], [2, 2, 3, 3], 512),
}


def conv(cin, cout, kernel, stride, pad, batch_norm, act):
    layers = [nn.Conv2d(cin, cout, kernel, stride, pad, bias=True)]
    if batch_norm:
        layers.append(nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1))  # DJL momentum 0.9
    if act == "relu":
        layers.append(nn.ReLU())
    elif act == "tanh":
        layers.append(nn.Tanh())
    return nn.Sequential(*layers)


class Upsample2(nn.Module):
    """DJL's x.repeat(2, 2).repeat(3, 2), which the PyTorch engine runs as repeat_interleave."""

    def forward(self, x):
        return x.repeat_interleave(2, 2).repeat_interleave(2, 3)


class ChromaGan(nn.Module):
    def __init__(self, size, classes):
        super().__init__()
        c, depths, g = WIDTHS[size]
        self.global_dim = g
        enc, cin = [], 1
        for stage in range(4):
            for _ in range(depths[stage]):
                enc.append(conv(cin, c[stage], 3, 1, 1, True, "relu"))
                cin = c[stage]
            if stage < 3:
                enc.append(nn.MaxPool2d(2, 2))
        self.encoder = nn.Sequential(*enc)
        self.mid_level = nn.Sequential(conv(c[3], c[3], 3, 1, 1, True, "relu"),
                                       conv(c[3], c[2], 3, 1, 1, True, "relu"))
        self.global_branch = nn.Sequential(
            conv(c[3], c[3], 3, 2, 1, False, "relu"), conv(c[3], c[3], 3, 1, 1, False, "relu"),
            conv(c[3], c[3], 3, 2, 1, False, "relu"), conv(c[3], c[3], 3, 1, 1, False, "relu"),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(),
            nn.Linear(c[3], 2 * g), nn.ReLU(), nn.Linear(2 * g, g), nn.ReLU())
        self.class_head = nn.Linear(g, classes)
        self.fusion = conv(c[2] + g, c[2], 1, 1, 0, True, "relu")
        half = max(4, c[0] // 2)
        self.decoder = nn.Sequential(
            conv(c[2], c[1], 3, 1, 1, False, "relu"), Upsample2(),
            conv(c[1], c[0], 3, 1, 1, False, "relu"), Upsample2(),
            conv(c[0], half, 3, 1, 1, False, "relu"), Upsample2(),
            conv(half, half, 3, 1, 1, False, "relu"),
            conv(half, 2, 3, 1, 1, False, "tanh"))

    def forward(self, x):
        features = self.encoder(x)
        mid = self.mid_level(features)
        vector = self.global_branch(features)
        logits = self.class_head(vector)
        n, _, h, w = mid.shape
        spread = vector.reshape(n, self.global_dim, 1, 1).expand(n, self.global_dim, h, w)
        ab = self.decoder(self.fusion(torch.cat([mid, spread], 1)))
        return ab, logits


def parameter_floats(model):
    """Parameters plus batch-norm running mean and variance, as DJL counts them."""
    count = sum(p.numel() for p in model.parameters())
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            count += m.running_mean.numel() + m.running_var.numel()
    return count


def synthetic_samples(count, size, classes):
    """The formula of SyntheticSamples.java: L ramps, ab following L and the class."""
    y, x = np.mgrid[0:size, 0:size].astype(np.float64)
    samples = []
    for i in range(count):
        label = i % classes
        hue = 2 * math.pi * label / classes
        t = np.sin(0.15 * x + 0.09 * y + i) * 0.5 + 0.5
        l = (10 + 80 * t).astype(np.float32)
        ab = np.stack([60 * t * math.cos(hue), 60 * t * math.sin(hue)]).astype(np.float32)
        samples.append((l, ab, label))
    return samples


def peak_rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def main(argv):
    if len(argv) < 6:
        sys.exit("usage: train_torch.py SIZE INPUT BATCH THREADS WARMUP STEPS [CLASSES]")
    size, inp, batch, threads, warmup, steps = argv[0], *map(int, argv[1:6])
    classes = int(argv[6]) if len(argv) > 6 else 150
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(threads)
    torch.manual_seed(42)
    model = ChromaGan(size, classes)
    model.train()
    params = parameter_floats(model)
    print(f"PARAMS torch {params}", flush=True)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    data = synthetic_samples(4 * batch, inp, classes)
    rng = np.random.default_rng(42)
    order, position = rng.permutation(len(data)), 0
    batches_per_epoch = len(data) // batch
    total = warmup + steps + 1
    starts, cpu_starts, losses = [], [], []
    for _ in range(total):
        starts.append(time.perf_counter_ns())
        cpu_starts.append(time.process_time_ns())
        chosen = [data[j] for j in order[position * batch:(position + 1) * batch]]
        position += 1
        if position == batches_per_epoch:
            order, position = rng.permutation(len(data)), 0
        l = torch.from_numpy(np.stack([s[0] for s in chosen])[:, None] / np.float32(50) - 1)
        ab = torch.from_numpy(np.stack([s[1] for s in chosen]) / np.float32(110))
        labels = torch.tensor([s[2] for s in chosen], dtype=torch.int64)
        out_ab, logits = model(l)
        l2 = ((out_ab - ab) ** 2).mean()
        kl = F.cross_entropy(logits, labels, ignore_index=-1) * CLASS_WEIGHT
        total_loss = l2 + kl
        value = total_loss.item()  # TrainingLoop reads the loss every step too (finite check, CSV)
        if not math.isfinite(value):
            sys.exit(f"loss is not finite at step {len(starts)}")
        total_loss.backward()
        optimiser.step()
        optimiser.zero_grad(set_to_none=False)
        losses.append((value, l2.item(), kl.item()))
    ms = [(starts[warmup + i + 1] - starts[warmup + i]) / 1e6 for i in range(steps)]
    median = float(np.median(ms))
    cpu_ms = (cpu_starts[warmup + steps] - cpu_starts[warmup]) / 1e6 / steps  # mean, as Java
    print("STEPS torch " + " ".join(f"{v:.2f}" for v in ms))
    print(f"RESULT side=torch size={size} input={inp} batch={batch} threads={threads} "
          f"params={params} median_ms={median:.3f} img_s={batch * 1000.0 / median:.3f} "
          f"cpu_ms={cpu_ms:.3f} peak_rss_kb={peak_rss_kb()} torch={torch.__version__}")


if __name__ == "__main__":
    main(sys.argv[1:])
