#!/usr/bin/python3
"""Writes a colorization-sized TorchScript network for the model-throughput benchmark
(scripts/bench/run-model-throughput.sh): the `lab` convention's signature, L [N,1,256,256] in,
ab [N,2,256,256] out, with a small U-Net's cost (about 4 GFLOPs per image) so the comparison
measures colorize's overhead against real inference, not against an empty model.
Weights are random (seed 0): throughput does not depend on them.

Usage: /usr/bin/python3 scripts/bench/make_bench_model.py OUT.pt   (Debian python3-torch)
"""
import sys

import torch
from torch import nn


def block(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(inplace=True),
                         nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU(inplace=True))


class SmallUNet(nn.Module):
    def __init__(self, w=32):
        super().__init__()
        self.e1, self.e2, self.e3 = block(1, w), block(w, 2 * w), block(2 * w, 4 * w)
        self.pool = nn.MaxPool2d(2)
        self.up2 = nn.ConvTranspose2d(4 * w, 2 * w, 2, stride=2)
        self.d2 = block(4 * w, 2 * w)
        self.up1 = nn.ConvTranspose2d(2 * w, w, 2, stride=2)
        self.d1 = block(2 * w, w)
        self.out = nn.Conv2d(w, 2, 1)

    def forward(self, x):
        e1 = self.e1(x)
        e2 = self.e2(self.pool(e1))
        e3 = self.e3(self.pool(e2))
        d2 = self.d2(torch.cat([self.up2(e3), e2], 1))
        d1 = self.d1(torch.cat([self.up1(d2), e1], 1))
        return torch.tanh(self.out(d1))


if __name__ == "__main__":
    torch.manual_seed(0)
    model = SmallUNet().eval()
    traced = torch.jit.trace(model, torch.zeros(1, 1, 256, 256))
    traced.save(sys.argv[1])
    print(sys.argv[1])
