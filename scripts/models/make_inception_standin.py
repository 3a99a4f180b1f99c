#!/usr/bin/python3
"""Tiny stand-ins for the FID Inception network (inception-2015-12-05.pt), for tests only.

Run from the repository root with Debian's Python and python3-torch (the pyenv `python3` on PATH
lacks torch):

    /usr/bin/python3 scripts/models/make_inception_standin.py

Last run with: Python 3.11.2, torch 1.13 (Debian python3-torch 1.13.1), numpy 1.24.2.

The real network is the TorchScript file that StyleGAN2-ADA's metrics and clean-fid load
(https://nvlabs-fi-cdn.nvidia.com/stylegan2-ada-pytorch/pretrained/metrics/inception-2015-12-05.pt).
Its calling convention, which these stand-ins copy exactly:

    forward(img, return_features: bool = False, use_fp16: bool = False,
            no_output_bias: bool = False) -> Tensor
    img: [N, 3, H, W], uint8-valued RGB (any dtype; converted to float32 inside), any H x W:
         resized inside to 299 x 299 (bilinear, affine_grid/grid_sample with border padding),
         then scaled as (x - 128) / 128
    returns [N, 2048] float32 pool3 features when return_features is True, else [N, 1008]
    logits.

The stand-in keeps the wrapper (dtype conversion, the same resize, the same scaling, the channel
check, the two outputs) and replaces the Inception layers by two small random convolutions, a
global average pool and a linear projection to D features followed by a ReLU (pool3 features are
non-negative). It is deterministic (fixed seed). Its features mean nothing: FID computed with it
checks the plumbing, never image quality.

Writes colorize-batch/src/test/resources/models/fid/:
  inception-standin-2048.pt   D = 2048, the production convention (about 150 KB)
  inception-standin-64.pt     D = 64, for job tests (a 2048-d Frechet distance takes a minute)
  features-2048.csv, features-64.csv
      features of the fixed input below for each stand-in, computed here in PyTorch: one row per
      image, D values (repr of the float32 values)
  standin.sha256              "<sha256>  <file>" of each .pt file

Fixed input (the Java test builds the same images): N = 2 RGB images of 256 x 256, channel c of
pixel (x, y) of image n = (x * 7 + y * 13 + c * 85 + n * 51 + (x * y) // 17) % 256.
"""

import hashlib
import os

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "colorize-batch", "src", "test", "resources", "models", "fid")
SEED = 20151205


class InceptionStandIn(torch.nn.Module):
  """The calling convention of inception-2015-12-05.pt around a tiny random network."""

  def __init__(self, dim: int):
    super().__init__()
    self.dim = dim
    self.conv1 = torch.nn.Conv2d(3, 8, kernel_size=5, stride=4)
    self.conv2 = torch.nn.Conv2d(8, 16, kernel_size=3, stride=2)
    self.project = torch.nn.Linear(16, dim)

  def layers(self, x: torch.Tensor) -> torch.Tensor:
    x = F.relu(self.conv1(x))
    x = F.relu(self.conv2(x))
    x = torch.mean(x, dim=[2, 3])
    return F.relu(self.project(x))

  def forward(self, img: torch.Tensor, return_features: bool = False, use_fp16: bool = False,
              no_output_bias: bool = False) -> torch.Tensor:
    batch, channels, height, width = img.shape
    assert channels == 3, "expected 3 RGB channels"
    x = img.to(torch.float32)
    # The original's resize: an identity affine grid shifted so that pixel centres line up, then
    # bilinear sampling with border padding (align_corners=False).
    theta = torch.eye(2, 3)
    theta[0, 2] = theta[0, 2] + theta[0, 0] / width - theta[0, 0] / 299
    theta[1, 2] = theta[1, 2] + theta[1, 1] / height - theta[1, 1] / 299
    theta = theta.unsqueeze(0).repeat(batch, 1, 1)
    grid = F.affine_grid(theta, [batch, channels, 299, 299], align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)
    x = (x - 128) / 128
    features = torch.reshape(self.layers(x), [-1, self.dim])
    if return_features:
      return features
    # Parameter-free stand-in for the 1008-way classifier.
    return F.adaptive_avg_pool1d(features.unsqueeze(1), 1008).squeeze(1)


def fixed_input() -> np.ndarray:
  n, c, y, x = np.meshgrid(np.arange(2), np.arange(3), np.arange(256), np.arange(256),
                           indexing="ij")
  return ((x * 7 + y * 13 + c * 85 + n * 51 + (x * y) // 17) % 256).astype(np.uint8)


def main():
  os.makedirs(OUT, exist_ok=True)
  image = torch.from_numpy(fixed_input())
  sums = []
  for dim in (2048, 64):
    torch.manual_seed(SEED + dim)
    module = InceptionStandIn(dim).eval()
    scripted = torch.jit.script(module)
    name = "inception-standin-%d.pt" % dim
    path = os.path.join(OUT, name)
    scripted.save(path)
    with torch.no_grad():
      features = torch.jit.load(path).eval()(image, return_features=True).numpy()
    assert features.shape == (2, dim), features.shape
    assert np.count_nonzero(features) > dim // 4, "too many dead features"
    with open(os.path.join(OUT, "features-%d.csv" % dim), "w", encoding="utf-8") as out:
      for row in features:
        out.write(",".join(repr(float(v)) for v in row) + "\n")
    with open(path, "rb") as f:
      sums.append("%s  %s\n" % (hashlib.sha256(f.read()).hexdigest(), name))
    print("%s: %d bytes" % (name, os.path.getsize(path)))
  with open(os.path.join(OUT, "standin.sha256"), "w", encoding="utf-8") as out:
    out.writelines(sums)


if __name__ == "__main__":
  main()
