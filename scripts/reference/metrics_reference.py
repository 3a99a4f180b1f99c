#!/usr/bin/python3
"""Reference values for dev.colorize.metric and dev.colorize.image.CieLab, from scikit-image/scipy/numpy.

Run from the repository root with Debian's Python (the pyenv `python3` on PATH lacks the packages):

    /usr/bin/python3 scripts/reference/metrics_reference.py

Last run with: Python 3.11.2, numpy 1.24.2, scipy 1.10.1, scikit-image 0.19.3, Pillow 9.4.0
(Debian 12 packages python3-numpy, python3-scipy, python3-skimage, python3-pil).

It is deterministic (fixed seed) and rewrites everything under
colorize-batch/src/test/resources/reference/metrics/:

  images/<pair>_truth.png, images/<pair>_pred.png   8-bit RGB test pairs
  metrics.csv        per pair: MSE, PSNR, SSIM, colorfulness (pred, truth, delta), sharpness,
                     contrast (of pred) and mean CIEDE2000, each from the library call named below
  lab_grid.csv       skimage.color.rgb2lab of a grid of 8-bit colours
  ciede2000_pairs.csv  the 34 Lab pairs of Sharma, Wu & Dalal (2005), Table 1: published value and
                       skimage.color.deltaE_ciede2000
  fid/*.csv          feature matrices (one row per sample) and fid.csv, the Frechet distance of
                     pytorch-fid's calculate_frechet_distance (scipy.linalg.sqrtm), plus an
                     independent numpy.linalg.eigh evaluation and the covariance traces

Reference calls (the Java classes must match these):
  PSNR      skimage.metrics.peak_signal_noise_ratio(truth, pred, data_range=255)
  MSE       skimage.metrics.mean_squared_error(truth, pred)
  SSIM      skimage.metrics.structural_similarity(truth, pred, channel_axis=2, gaussian_weights=True,
            sigma=1.5, use_sample_covariance=False, data_range=255)
  colorfulness  Hasler & Suesstrunk (2003) as DDColor computes it on uint8 RGB (numpy, population std)
  sharpness scipy.ndimage.laplace(rgb2lab(pred)[..., 0], mode='reflect').var()
  contrast  rgb2lab(pred)[..., 0].std()
  CIEDE2000 skimage.color.deltaE_ciede2000(rgb2lab(truth), rgb2lab(pred)).mean()   (kL=kC=kH=1)
"""

import csv
import os
import sys

import numpy as np
import scipy.linalg
import scipy.ndimage as ndi
from PIL import Image
from skimage.color import deltaE_ciede2000, rgb2lab
from skimage.metrics import mean_squared_error, peak_signal_noise_ratio, structural_similarity

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "colorize-batch", "src", "test", "resources", "reference", "metrics")
SEED = 20031125

rng = np.random.default_rng(SEED)


# ----------------------------------------------------------------------------------------------
# Test images
# ----------------------------------------------------------------------------------------------

def to_u8(a):
  return np.clip(np.rint(a), 0, 255).astype(np.uint8)


def gradient(h, w, c0, c1, c2):
  """A smooth image: three corner colours blended over rows and columns."""
  y = np.linspace(0.0, 1.0, h)[:, None, None]
  x = np.linspace(0.0, 1.0, w)[None, :, None]
  c0, c1, c2 = (np.asarray(c, float)[None, None, :] for c in (c0, c1, c2))
  return c0 * (1 - x) * (1 - y) + c1 * x * (1 - y) + c2 * y + 0 * x


def draw_disc(img, cy, cx, r, colour):
  h, w, _ = img.shape
  yy, xx = np.mgrid[0:h, 0:w]
  img[(yy - cy) ** 2 + (xx - cx) ** 2 <= r * r] = colour


def draw_rect(img, y0, x0, y1, x1, colour):
  img[y0:y1, x0:x1] = colour


def gray_of(img):
  """Rec. 601 luma, replicated to three equal channels (what a failed colorizer returns)."""
  luma = to_u8(img[..., 0] * 0.299 + img[..., 1] * 0.587 + img[..., 2] * 0.114)
  return np.repeat(luma[..., None], 3, axis=2)


def make_pairs():
  pairs = {}

  # 1. smooth gradient vs the same with strong Gaussian noise.
  t = gradient(48, 64, (200, 30, 40), (20, 180, 60), (40, 60, 220))
  pairs["gradient_noise_64x48"] = (to_u8(t), to_u8(t + rng.normal(0, 12, t.shape)))

  # 2. odd size; shapes on a gradient; prediction recolours the shapes and is blurred.
  t = gradient(53, 37, (240, 230, 200), (90, 120, 160), (30, 40, 30))
  p = t.copy()
  draw_disc(t, 20, 15, 9, (220, 40, 30))
  draw_disc(p, 21, 15, 9, (60, 170, 60))
  draw_rect(t, 35, 5, 48, 30, (250, 210, 20))
  draw_rect(p, 35, 5, 48, 30, (200, 200, 120))
  p = ndi.gaussian_filter(p, sigma=(1.0, 1.0, 0))
  pairs["shapes_37x53"] = (to_u8(t), to_u8(p))

  # 3. 256x256, the scoring resolution: gradient, shapes, mild noise; prediction with colour casts.
  t = gradient(256, 256, (180, 140, 100), (60, 120, 200), (90, 160, 70))
  draw_disc(t, 80, 90, 40, (230, 60, 50))
  draw_disc(t, 170, 180, 55, (40, 90, 200))
  draw_rect(t, 150, 20, 230, 100, (240, 220, 60))
  draw_rect(t, 20, 160, 60, 240, (30, 30, 30))
  t = t + rng.normal(0, 1.5, t.shape)
  p = t * np.array([0.9, 1.05, 1.1]) + np.array([10, -5, 0])
  draw_disc(p, 80, 90, 40, (200, 120, 90))
  p[150:230, 20:100] = p[150:230, 20:100] @ np.array([[0.5, 0.3, 0.2]] * 3).T
  pairs["scene_256x256"] = (to_u8(t), to_u8(p))

  # 4. colour truth vs a gray prediction (pred colourfulness must be 0).
  t = gradient(48, 48, (250, 20, 20), (20, 250, 20), (20, 20, 250))
  draw_disc(t, 24, 24, 10, (250, 250, 0))
  t = to_u8(t)
  pairs["gray_vs_colour_48x48"] = (t, gray_of(t))

  # 5. identical but one pixel.
  t = to_u8(gradient(30, 40, (10, 100, 200), (200, 100, 10), (128, 128, 128))
            + rng.normal(0, 5, (30, 40, 3)))
  p = t.copy()
  p[13, 27] = (255 - int(t[13, 27, 0]), int(t[13, 27, 2]), 0)
  pairs["one_pixel_40x30"] = (t, p)

  # 6. saturated colours: primaries, secondaries, black and white in blocks, rearranged.
  palette = np.array([[255, 0, 0], [0, 255, 0], [0, 0, 255], [0, 255, 255],
                      [255, 0, 255], [255, 255, 0], [0, 0, 0], [255, 255, 255]], np.uint8)
  idx_t = rng.integers(0, 8, (4, 4))
  idx_p = (idx_t + rng.integers(0, 3, (4, 4))) % 8
  t = np.kron(palette[idx_t].transpose(2, 0, 1), np.ones((8, 8), np.uint8)).transpose(1, 2, 0)
  p = np.kron(palette[idx_p].transpose(2, 0, 1), np.ones((8, 8), np.uint8)).transpose(1, 2, 0)
  pairs["saturated_32x32"] = (t.astype(np.uint8), p.astype(np.uint8))

  # 7. the smallest SSIM accepts (11x11 window leaves one pixel), uniform noise.
  pairs["noise_11x13"] = (rng.integers(0, 256, (13, 11, 3), dtype=np.uint8),
                          rng.integers(0, 256, (13, 11, 3), dtype=np.uint8))

  # 8. identical images: PSNR is +inf, SSIM 1, CIEDE2000 0.
  t = to_u8(gradient(18, 24, (0, 0, 0), (255, 255, 255), (255, 0, 128)))
  pairs["identical_24x18"] = (t, t.copy())
  return pairs


# ----------------------------------------------------------------------------------------------
# Metrics, each through the library call the Java class must match
# ----------------------------------------------------------------------------------------------

def colorfulness(img):
  # DDColor / pyimagesearch image_colorfulness, on the uint8 values as float64.
  r, g, b = (img[..., c].astype(np.float64) for c in range(3))
  rg = np.absolute(r - g)
  yb = np.absolute(0.5 * (r + g) - b)
  std_root = np.sqrt(np.std(rg) ** 2 + np.std(yb) ** 2)
  mean_root = np.sqrt(np.mean(rg) ** 2 + np.mean(yb) ** 2)
  return std_root + 0.3 * mean_root


def all_metrics(truth, pred):
  lab_t = rgb2lab(truth)
  lab_p = rgb2lab(pred)
  l_p = lab_p[..., 0]
  with np.errstate(divide="ignore"):
    psnr = peak_signal_noise_ratio(truth, pred, data_range=255)
  return {
      "mse": mean_squared_error(truth, pred),
      "psnr": psnr,
      "ssim": structural_similarity(truth, pred, channel_axis=2, gaussian_weights=True,
                                    sigma=1.5, use_sample_covariance=False, data_range=255),
      "colorfulness": colorfulness(pred),
      "colorfulness_truth": colorfulness(truth),
      "colorfulness_delta": colorfulness(pred) - colorfulness(truth),
      "sharpness": ndi.laplace(l_p, mode="reflect").var(),
      "contrast": l_p.std(),
      "delta_e2000": deltaE_ciede2000(lab_t, lab_p).mean(),
  }


def fmt(x):
  x = float(x)
  if np.isposinf(x):
    return "Infinity"  # what Java's Double.parseDouble reads
  return repr(x)


# ----------------------------------------------------------------------------------------------
# CIEDE2000 test data: Sharma, Wu & Dalal (2005), Color Res. Appl. 30(1):21-30, Table 1
# ----------------------------------------------------------------------------------------------

SHARMA_2005 = [
    (50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425),
    (50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615),
    (50.0000, 2.8361, -74.0200, 50.0000, 0.0000, -82.7485, 3.4412),
    (50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000),
    (50.0000, -1.1848, -84.8006, 50.0000, 0.0000, -82.7485, 1.0000),
    (50.0000, -0.9009, -85.5211, 50.0000, 0.0000, -82.7485, 1.0000),
    (50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669),
    (50.0000, -1.0000, 2.0000, 50.0000, 0.0000, 0.0000, 2.3669),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0010, 7.1792),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0011, 7.2195),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0012, 7.2195),
    (50.0000, -0.0010, 2.4900, 50.0000, 0.0009, -2.4900, 4.8045),
    (50.0000, -0.0010, 2.4900, 50.0000, 0.0010, -2.4900, 4.8045),
    (50.0000, -0.0010, 2.4900, 50.0000, 0.0011, -2.4900, 4.7461),
    (50.0000, 2.5000, 0.0000, 50.0000, 0.0000, -2.5000, 4.3065),
    (50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492),
    (50.0000, 2.5000, 0.0000, 61.0000, -5.0000, 29.0000, 22.8977),
    (50.0000, 2.5000, 0.0000, 56.0000, -27.0000, -3.0000, 31.9030),
    (50.0000, 2.5000, 0.0000, 58.0000, 24.0000, 15.0000, 19.4535),
    (50.0000, 2.5000, 0.0000, 50.0000, 3.1736, 0.5854, 1.0000),
    (50.0000, 2.5000, 0.0000, 50.0000, 3.2972, 0.0000, 1.0000),
    (50.0000, 2.5000, 0.0000, 50.0000, 1.8634, 0.5757, 1.0000),
    (50.0000, 2.5000, 0.0000, 50.0000, 3.2592, 0.3350, 1.0000),
    (60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644),
    (63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630),
    (61.2901, 3.7196, -5.3901, 61.4292, 2.2480, -4.9620, 1.8731),
    (35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645),
    (22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373),
    (36.4612, 47.8580, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146),
    (90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 1.0482, 0.7094),
    (90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381),
    (6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377),
    (2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082),
]


# ----------------------------------------------------------------------------------------------
# Frechet distance (pytorch-fid's calculate_frechet_distance, verbatim in substance)
# ----------------------------------------------------------------------------------------------

def frechet_pytorch_fid(mu1, sigma1, mu2, sigma2, eps=1e-6):
  diff = mu1 - mu2
  covmean, _ = scipy.linalg.sqrtm(sigma1.dot(sigma2), disp=False)
  if not np.isfinite(covmean).all():
    offset = np.eye(sigma1.shape[0]) * eps
    covmean = scipy.linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
  if np.iscomplexobj(covmean):
    if not np.allclose(np.diagonal(covmean).imag, 0, atol=1e-3):
      raise ValueError("Imaginary component %s" % np.max(np.abs(covmean.imag)))
    covmean = covmean.real
  return diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(covmean)


def frechet_eigh(mu1, sigma1, mu2, sigma2):
  """Independent check: Tr sqrtm(S1 S2) = sum sqrt(eig(A S2 A)), A = S1^(1/2) (symmetric)."""
  w, v = np.linalg.eigh(sigma1)
  a = (v * np.sqrt(np.maximum(w, 0))) @ v.T
  m = a @ sigma2 @ a
  ev = np.linalg.eigvalsh(0.5 * (m + m.T))
  diff = mu1 - mu2
  return diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.sqrt(np.maximum(ev, 0)).sum()


def features(n, d, shift, scale):
  """Correlated, non-negative-ish features rounded to 4 decimals so CSV text is exact input."""
  mix = rng.normal(0, 1, (d, d)) / np.sqrt(d)
  x = rng.normal(0, 1, (n, d)) @ mix * scale + shift
  return np.round(x, 4)


def write_matrix(path, x):
  with open(path, "w", newline="") as f:
    for row in x:
      f.write(",".join("%.4f" % v for v in row) + "\n")


# ----------------------------------------------------------------------------------------------

def main():
  img_dir = os.path.join(OUT, "images")
  fid_dir = os.path.join(OUT, "fid")
  os.makedirs(img_dir, exist_ok=True)
  os.makedirs(fid_dir, exist_ok=True)

  pairs = make_pairs()
  columns = ["mse", "psnr", "ssim", "colorfulness", "colorfulness_truth", "colorfulness_delta",
             "sharpness", "contrast", "delta_e2000"]
  with open(os.path.join(OUT, "metrics.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["pair", "width", "height"] + columns)
    for name, (truth, pred) in pairs.items():
      assert truth.dtype == np.uint8 and pred.dtype == np.uint8 and truth.shape == pred.shape
      Image.fromarray(truth, "RGB").save(os.path.join(img_dir, name + "_truth.png"), optimize=True)
      Image.fromarray(pred, "RGB").save(os.path.join(img_dir, name + "_pred.png"), optimize=True)
      # Re-read what was written so the values are of the committed files.
      truth = np.asarray(Image.open(os.path.join(img_dir, name + "_truth.png")).convert("RGB"))
      pred = np.asarray(Image.open(os.path.join(img_dir, name + "_pred.png")).convert("RGB"))
      m = all_metrics(truth, pred)
      w.writerow([name, truth.shape[1], truth.shape[0]] + [fmt(m[c]) for c in columns])
      print("%-22s " % name + " ".join("%s=%.6g" % (c, m[c]) for c in columns))

  # rgb2lab on a grid that covers the linear sRGB segment (codes <= 10), the Lab threshold
  # region (dark colours) and the extremes.
  levels = [0, 1, 3, 7, 10, 11, 24, 50, 90, 128, 170, 200, 230, 254, 255]
  grid = np.array([(r, g, b) for r in levels for g in levels for b in levels], np.uint8)
  lab = rgb2lab(grid[None, :, :])[0]
  with open(os.path.join(OUT, "lab_grid.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["r", "g", "b", "lab_l", "lab_a", "lab_b"])
    for (r, g, b), (ll, aa, bb) in zip(grid, lab):
      w.writerow([r, g, b, "%.9f" % ll, "%.9f" % aa, "%.9f" % bb])

  sharma = np.array(SHARMA_2005)
  de = deltaE_ciede2000(sharma[:, 0:3], sharma[:, 3:6])
  # Pair 10 has a hue difference of exactly 180 degrees, where CIEDE2000's mean hue jumps: the
  # table assumes exact arithmetic (7.1792), floating point lands on either side (skimage 7.2195).
  off = np.abs(np.round(de, 4) - sharma[:, 6]) > 1e-4 + 1e-12
  print("CIEDE2000: skimage vs Sharma 2005 table, pairs differing beyond rounding: %s"
        % [i + 1 for i in np.flatnonzero(off)])
  assert set(np.flatnonzero(off)) <= {9}, "skimage deltaE_ciede2000 disagrees with the published table"
  with open(os.path.join(OUT, "ciede2000_pairs.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["l1", "a1", "b1", "l2", "a2", "b2", "sharma_2005", "skimage"])
    for row, d in zip(SHARMA_2005, de):
      w.writerow(["%.4f" % v for v in row] + [fmt(d)])

  cases = []
  a16 = features(200, 16, 0.5, 1.0)
  b16 = features(200, 16, 0.8, 1.3)
  a64 = features(50, 64, 0.2, 1.0)
  b64 = features(50, 64, 0.1, 0.7)
  for fname, x in (("a_n200_d16", a16), ("b_n200_d16", b16), ("a_n50_d64", a64),
                   ("b_n50_d64", b64)):
    write_matrix(os.path.join(fid_dir, fname + ".csv"), x)
  cases = [("n200_d16", "a_n200_d16", "b_n200_d16", a16, b16),
           ("n50_d64_singular", "a_n50_d64", "b_n50_d64", a64, b64),
           ("equal_n200_d16", "a_n200_d16", "a_n200_d16", a16, a16)]
  with open(os.path.join(fid_dir, "fid.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["case", "features_a", "features_b", "fid_sqrtm", "fid_eigh", "trace_a", "trace_b"])
    for name, fa, fb, xa, xb in cases:
      mu1, mu2 = xa.mean(axis=0), xb.mean(axis=0)
      s1, s2 = np.cov(xa, rowvar=False), np.cov(xb, rowvar=False)
      fid = frechet_pytorch_fid(mu1, s1, mu2, s2)
      fid2 = frechet_eigh(mu1, s1, mu2, s2)
      print("FID %-18s sqrtm=%.12g eigh=%.12g rank(S1)=%d" % (
          name, fid, fid2, np.linalg.matrix_rank(s1)))
      w.writerow([name, fa + ".csv", fb + ".csv", fmt(fid), fmt(fid2),
                  fmt(np.trace(s1)), fmt(np.trace(s2))])

  total = 0
  for dirpath, _, files in os.walk(OUT):
    total += sum(os.path.getsize(os.path.join(dirpath, n)) for n in files)
  print("wrote %s (%d bytes)" % (os.path.relpath(OUT, ROOT), total))


if __name__ == "__main__":
  sys.exit(main())
