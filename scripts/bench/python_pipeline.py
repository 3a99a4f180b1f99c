#!/usr/bin/python3
"""Python reference pipelines for colorize's prepare-and-score benchmark.

Run by the Java harness (dev.colorize.bench.PipelineBenchmark) in the same invocation, on the same
generated JPEGs, so images/s can be compared side by side. Needs Debian's python3-opencv,
python3-skimage and python3-numpy (`apt-get install python3-opencv python3-skimage`); call it with
/usr/bin/python3.

Per image, both pipelines do the work colorize's prepare-and-score loop does:
decode -> centre crop box (90% of each side) -> resize to SIZE (area interpolation) -> sRGB to Lab
-> the gray baseline prediction (L with zero chroma) back to RGB -> truth Lab round trip -> PSNR,
Gaussian SSIM (11x11, sigma 1.5) and colorfulness of prediction and truth.

  opencv : cv2.imdecode (full resolution), cv2.resize INTER_AREA, cv2.cvtColor float Lab,
           numpy PSNR, SSIM with cv2.GaussianBlur, numpy colorfulness.
  skimage: skimage.io.imread, skimage.transform.resize (anti-aliased), skimage.color Lab,
           skimage.metrics PSNR and SSIM (gaussian_weights=True, sigma=1.5).

  opencv-full: opencv plus sharpness, contrast and mean CIEDE2000: colorize's whole metric set.

Usage: python_pipeline.py {opencv|opencv-full|skimage} SIZE WORKERS IMAGE...
One untimed warm-up image (and, with WORKERS > 1, a pool started and warmed up before the clock
starts), then one timed pass over all images. Prints one JSON line: {"pipeline", "workers",
"images", "seconds", "images_per_s", "mean_psnr", "mean_ssim"}.
"""
import json
import sys
import time
from multiprocessing import Pool

import numpy as np

SIZE = 256


def crop_box(h, w):
    ch, cw = int(h * 0.9), int(w * 0.9)
    return (h - ch) // 2, (w - cw) // 2, ch, cw


def colorfulness(rgb):
    r, g, b = (rgb[..., i].astype(np.float64) for i in range(3))
    rg = np.abs(r - g)
    yb = np.abs(0.5 * (r + g) - b)
    return np.sqrt(rg.std() ** 2 + yb.std() ** 2) + 0.3 * np.sqrt(rg.mean() ** 2 + yb.mean() ** 2)


def opencv_pair(path):
    """Decode, crop, resize, Lab: the (truth, gray prediction) pair, uint8 RGB."""
    import cv2
    data = np.fromfile(path, dtype=np.uint8)
    bgr = cv2.imdecode(data, cv2.IMREAD_COLOR)
    y, x, h, w = crop_box(*bgr.shape[:2])
    bgr = cv2.resize(bgr[y:y + h, x:x + w], (SIZE, SIZE), interpolation=cv2.INTER_AREA)
    lab = cv2.cvtColor(bgr.astype(np.float32) / 255.0, cv2.COLOR_BGR2Lab)
    truth = np.clip(cv2.cvtColor(lab, cv2.COLOR_Lab2RGB) * 255.0 + 0.5, 0, 255).astype(np.uint8)
    gray = lab.copy()
    gray[..., 1:] = 0
    pred = np.clip(cv2.cvtColor(gray, cv2.COLOR_Lab2RGB) * 255.0 + 0.5, 0, 255).astype(np.uint8)
    return truth, pred


def psnr_of(truth, pred):
    mse = np.mean((truth.astype(np.float64) - pred.astype(np.float64)) ** 2)
    return 20 * np.log10(255.0 / np.sqrt(mse)) if mse > 0 else float("inf")


def opencv_one(path):
    truth, pred = opencv_pair(path)
    return psnr_of(truth, pred), opencv_ssim(truth, pred), colorfulness(pred), colorfulness(truth)


def opencv_full_one(path):
    """opencv_one plus the rest of colorize's metric set, so both sides do the same work:
    sharpness (variance of the Laplacian of L*), contrast (std of L*) and mean CIEDE2000
    (scikit-image: OpenCV has none)."""
    import cv2
    from skimage.color import deltaE_ciede2000
    truth, pred = opencv_pair(path)
    pred_lab = cv2.cvtColor(pred.astype(np.float32) / 255.0, cv2.COLOR_RGB2Lab)
    truth_lab = cv2.cvtColor(truth.astype(np.float32) / 255.0, cv2.COLOR_RGB2Lab)
    sharpness = cv2.Laplacian(pred_lab[..., 0], cv2.CV_32F, borderType=cv2.BORDER_REFLECT).var()
    contrast = pred_lab[..., 0].std()
    de = deltaE_ciede2000(truth_lab, pred_lab).mean()
    return (psnr_of(truth, pred), opencv_ssim(truth, pred), colorfulness(pred), colorfulness(truth),
            sharpness, contrast, de)


def opencv_ssim(a, b):
    import cv2
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    total = 0.0
    for c in range(3):
        x = a[..., c].astype(np.float64)
        y = b[..., c].astype(np.float64)
        blur = lambda img: cv2.GaussianBlur(img, (11, 11), 1.5, borderType=cv2.BORDER_REFLECT)
        mx, my = blur(x), blur(y)
        sxx = blur(x * x) - mx * mx
        syy = blur(y * y) - my * my
        sxy = blur(x * y) - mx * my
        s = ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx * mx + my * my + c1) * (sxx + syy + c2))
        total += s[5:-5, 5:-5].mean()
    return total / 3


def skimage_one(path):
    from skimage import io, transform, color, metrics
    rgb = io.imread(path)
    y, x, h, w = crop_box(*rgb.shape[:2])
    rgb = transform.resize(rgb[y:y + h, x:x + w], (SIZE, SIZE), anti_aliasing=True)
    lab = color.rgb2lab(rgb)
    truth = (color.lab2rgb(lab) * 255 + 0.5).astype(np.uint8)
    gray = lab.copy()
    gray[..., 1:] = 0
    pred = (color.lab2rgb(gray) * 255 + 0.5).astype(np.uint8)
    psnr = metrics.peak_signal_noise_ratio(truth, pred, data_range=255)
    ssim = metrics.structural_similarity(truth, pred, channel_axis=2, gaussian_weights=True,
                                         sigma=1.5, use_sample_covariance=False, data_range=255)
    return psnr, ssim, colorfulness(pred), colorfulness(truth)


def init_worker():
    try:
        import cv2
        cv2.setNumThreads(1)  # one core per worker, as the Java side runs one image per thread
    except ImportError:
        pass


def main():
    global SIZE
    pipeline, SIZE, workers, paths = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    one = {"opencv": opencv_one, "opencv-full": opencv_full_one, "skimage": skimage_one}[pipeline]
    init_worker()
    one(paths[0])  # warm-up before forking: imports and first-call costs are not throughput
    pool = Pool(workers, initializer=init_worker) if workers > 1 else None
    if pool is not None:
        pool.map(one, paths[:workers], chunksize=1)  # workers start and warm up untimed
    start = time.perf_counter()
    if pool is None:
        results = [one(p) for p in paths]
    else:
        results = pool.map(one, paths, chunksize=1)
    seconds = time.perf_counter() - start
    if pool is not None:
        pool.close()
        pool.join()
    print(json.dumps({"pipeline": pipeline, "workers": workers, "images": len(results),
                      "seconds": seconds, "images_per_s": len(results) / seconds,
                      "mean_psnr": float(np.mean([r[0] for r in results])),
                      "mean_ssim": float(np.mean([r[1] for r in results]))}))


if __name__ == "__main__":
    main()
