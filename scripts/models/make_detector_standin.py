#!/usr/bin/python3
"""Writes a tiny stand-in instance detector in colorize's detector convention, a malformed one,
and a reference of the stand-in's boxes on a fixture, for the Java detector tests
(colorize-batch/src/test/resources/models/detector) and the example project.

Run with Debian's python3-torch (1.13): /usr/bin/python3 scripts/models/make_detector_standin.py
The outputs are committed; tests never need python.

Detector convention (docs/model-conventions.md, "Instance detector"): TorchScript,
    forward(image [1, 3, H, W] float32 RGB in 0..1) -> (boxes [K, 4], scores [K], ...)
boxes are x0, y0, x1, y1 in input pixels (torchvision detection style), further outputs (such as
torchvision's labels) are ignored.

The stand-in finds bright regions, a deterministic function of the image: the image is split into
a 2 x 3 grid of cells (cell edges at floor(i * H / 2), floor(j * W / 3)); in each cell, pixels whose
channel mean is above 0.5 are bright; the cell's box is the bounding box of its bright pixels
(exclusive end) and its score the fraction of the cell's pixels that are bright. A cell without
bright pixels reports the whole cell with score 0. Every box is then widened by 0.75 px on each
side, so corners are fractional and some lie outside the image, as real detectors' do. Cells come out in row-major order (not sorted),
so the Java side's threshold, ordering and top-k are all exercised. labels [K] (int64, the cell
index) mimic torchvision's third output.

detector-bad-shape.pt returns boxes [K, 3]: a model outside the convention.

The fixture is a 48 x 32 8-bit gray image, stored in full in detector.expected.json with the
stand-in's raw outputs on it (channels = gray / 255) and, for a few (scoreThreshold, topK)
settings, the boxes colorize must keep, computed here by the documented rule: clip each box to
the image and truncate its corners to whole pixels (int(), as InstColor does with detectron2's
boxes); keep boxes with score >= threshold that are not empty; sort by score descending (stable:
equal scores keep model order); keep the first topK.
"""
import hashlib
import json
import os
import shutil
import sys
from typing import List, Tuple

import torch
from torch import nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "colorize-batch", "src", "test", "resources", "models", "detector")
EXAMPLE = os.path.join(ROOT, "example-project", "models")
ROWS = 2
COLS = 3
WIDTH = 48
HEIGHT = 32


class BrightRegions(nn.Module):
    """Bounding boxes of bright pixels per grid cell, scored by the bright fraction."""

    def forward(self, image: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        gray = image[0].mean(dim=0)
        h = gray.shape[0]
        w = gray.shape[1]
        rows = 2  # ROWS and COLS, as literals: TorchScript does not read globals
        cols = 3
        boxes: List[torch.Tensor] = []
        scores: List[torch.Tensor] = []
        for r in range(rows):
            for c in range(cols):
                y0 = r * h // rows
                y1 = (r + 1) * h // rows
                x0 = c * w // cols
                x1 = (c + 1) * w // cols
                bright = gray[y0:y1, x0:x1] > 0.5
                count = int(bright.sum())
                if count == 0:
                    boxes.append(torch.tensor([x0, y0, x1, y1], dtype=torch.float32))
                    scores.append(torch.tensor(0.0))
                else:
                    ys = torch.nonzero(bright.any(dim=1)).flatten()
                    xs = torch.nonzero(bright.any(dim=0)).flatten()
                    boxes.append(torch.stack([xs.min() + x0, ys.min() + y0, xs.max() + x0 + 1,
                                              ys.max() + y0 + 1]).to(torch.float32))
                    scores.append(torch.tensor(count / float((y1 - y0) * (x1 - x0))))
        labels = torch.arange(rows * cols, dtype=torch.int64)
        # Padded by 0.75 px (fractional corners, some beyond the image) as real detectors' are.
        pad = torch.tensor([-0.75, -0.75, 0.75, 0.75])
        return torch.stack(boxes) + pad, torch.stack(scores).to(torch.float32), labels


class BadShape(nn.Module):
    """Outside the convention: boxes with 3 columns."""

    def __init__(self):
        super().__init__()
        self.inner = BrightRegions()

    def forward(self, image: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        boxes, scores, _ = self.inner(image)
        return boxes[:, :3], scores


def fixture():
    """48 x 32 gray: a dark ramp (< 90) with bright blocks (< 256) of different sizes in some cells."""
    g = [[(3 * x + 2 * y) % 90 for x in range(WIDTH)] for y in range(HEIGHT)]
    blocks = [  # x0, y0, x1, y1 (exclusive), value base
        (3, 2, 11, 10, 200),     # cell (0, 0)
        (20, 4, 32, 15, 180),    # cell (0, 1), 12 x 11
        (5, 20, 7, 22, 236),     # cell (1, 0), tiny
        (28, 19, 40, 25, 210),   # spans cells (1, 1) and (1, 2)
        (36, 26, 47, 31, 230),   # cell (1, 2)
    ]
    for x0, y0, x1, y1, v in blocks:
        for y in range(y0, y1):
            for x in range(x0, x1):
                g[y][x] = v + (x + y) % 20
    return g


def select(boxes, scores, threshold, top_k, width, height):
    """The documented selection, independently of the Java code."""
    kept = []
    for (x0, y0, x1, y1), s in zip(boxes, scores):
        x0 = int(min(max(x0, 0.0), width))
        y0 = int(min(max(y0, 0.0), height))
        x1 = int(min(max(x1, 0.0), width))
        y1 = int(min(max(y1, 0.0), height))
        if s >= threshold and x1 > x0 and y1 > y0:
            kept.append({"x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0, "score": s})
    kept.sort(key=lambda b: -b["score"])  # Python's sort is stable
    return kept[:top_k]


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    detector = torch.jit.script(BrightRegions().eval())
    detector.save(os.path.join(OUT, "detector.pt"))
    torch.jit.script(BadShape().eval()).save(os.path.join(OUT, "detector-bad-shape.pt"))
    gray = fixture()
    image = torch.tensor(gray, dtype=torch.float32).div(255.0).expand(1, 3, HEIGHT, WIDTH)
    with torch.no_grad():
        boxes, scores, labels = detector(image.contiguous())
    boxes = boxes.tolist()
    scores = [float(s) for s in scores.tolist()]
    settings = [(0.5, 8), (0.05, 8), (0.05, 2), (0.0, 8), (0.0, 3), (0.9, 8)]
    expected = {
        "note": "stand-in detector: 2 x 3 grid, per cell the bounding box of pixels > 0.5 and the"
                " bright fraction as score (scripts/models/make_detector_standin.py)",
        "width": WIDTH,
        "height": HEIGHT,
        "gray": [v for row in gray for v in row],
        "boxes": boxes,
        "scores": scores,
        "labels": labels.tolist(),
        "sha256": sha256(os.path.join(OUT, "detector.pt")),
        "selections": [{"scoreThreshold": t, "topK": k,
                        "boxes": select(boxes, scores, t, k, WIDTH, HEIGHT)}
                       for t, k in settings],
    }
    with open(os.path.join(OUT, "detector.expected.json"), "w") as f:
        json.dump(expected, f, separators=(",", ":"))
        f.write("\n")
    if os.path.isdir(EXAMPLE):
        shutil.copyfile(os.path.join(OUT, "detector.pt"), os.path.join(EXAMPLE, "detector.pt"))
    print("boxes", boxes)
    print("scores", scores)
    print("sha256", expected["sha256"])


if __name__ == "__main__":
    sys.exit(main())
