#!/usr/bin/python3
"""Writes tiny trainable TorchScript colorizers for the fine-tuning tests
(colorize-batch/src/test/resources/models/trainable), one per convention whose output is ab:

  lab-trainable.pt        lab: input [N,1,H,W] -> ab [N,2,H,W]; conv 3x3 (1->8), ReLU,
                          conv 3x3 (8->8), ReLU, conv 3x3 (8->2), tanh. Declared with
                          lScale=0.01, lOffset=-0.5, abScale=110 (InstColor-style scaling).
  chromagan-trainable.pt  chromagan, Keras layout: input [N,S,S,3] -> ab [N,S,S,2] (sigmoid) and
                          a 10-way class distribution [N,10]; same trunk on the NCHW permutation.
  instcolor-trainable.pt  instcolor: full [1,1,S,S], instances [k,1,S,S], boxes [k,4] ->
                          ab [1,2,S,S] (tanh); the full-image trunk plus, when k > 0, the mean of
                          an instance trunk over the crops weighted by each box's area.

Weights are PyTorch's default initialisation from torch.manual_seed(11): the files are committed
(15 to 20 KiB each) and the tests never need python. They are only starting points to train
from, so nothing depends on their exact values.

Run with Debian's python3-torch: /usr/bin/python3 scripts/models/make_trainable_standins.py
"""
import os

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "colorize-batch",
                   "src", "test", "resources", "models", "trainable")


def trunk(channels_in):
    return nn.Sequential(
        nn.Conv2d(channels_in, 8, 3, padding=1), nn.ReLU(),
        nn.Conv2d(8, 8, 3, padding=1), nn.ReLU())


class LabTrainable(nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk = trunk(1)
        self.head = nn.Conv2d(8, 2, 3, padding=1)

    def forward(self, x):
        return torch.tanh(self.head(self.trunk(x)))


class ChromaGanTrainable(nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk = trunk(3)
        self.head = nn.Conv2d(8, 2, 3, padding=1)
        self.classes = nn.Linear(8, 10)

    def forward(self, x):
        features = self.trunk(x.permute(0, 3, 1, 2))
        ab = torch.sigmoid(self.head(features)).permute(0, 2, 3, 1)
        classes = torch.softmax(self.classes(features.mean(dim=(2, 3))), dim=1)
        return ab, classes


class InstColorTrainable(nn.Module):
    def __init__(self):
        super().__init__()
        self.full = trunk(1)
        self.instance = trunk(1)
        self.head = nn.Conv2d(8, 2, 3, padding=1)

    def forward(self, full, instances, boxes):
        features = self.full(full)
        if instances.size(0) > 0:
            area = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
            crops = self.instance(instances) * area.reshape(-1, 1, 1, 1)
            features = features + crops.mean(dim=0, keepdim=True)
        return torch.tanh(self.head(features))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(11)
    for name, module in (("lab", LabTrainable()), ("chromagan", ChromaGanTrainable()),
                         ("instcolor", InstColorTrainable())):
        path = os.path.join(OUT, name + "-trainable.pt")
        torch.jit.script(module.eval()).save(path)
        print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
