#!/usr/bin/python3
"""Makes the tiny PNGs of the integration tests (a few KB in all). Deterministic.

Run from this folder with Debian's python (numpy, cv2): /usr/bin/python3 make_images.py
- score-pairs/truth, score-pairs/pred: (ground truth, prediction) pairs; the predictions stand in
  for three typical colorizer outputs: washed-out gray, a hue shift, a blur. One name is Hangul,
  one is nested.
- evaluate-folder/images/<class>/: a `folder` dataset of colour images in two classes.
"""
import os

import cv2
import numpy as np

SIZE = 32
NAMES = ["김치_0001.png", "bibimbap_0002.png", os.path.join("tteok", "tteok_0003.png")]
FOLDER_DATASET = [os.path.join("김치", "kimchi_%d.png" % i) for i in range(1, 4)] + [
    os.path.join("tteok", "tteok_%d.png" % i) for i in range(1, 4)]


def truth_image(rng, index):
    y, x = np.mgrid[0:SIZE, 0:SIZE].astype(np.float64) / (SIZE - 1)
    bgr = np.stack([
        255 * (0.2 + 0.6 * x),
        255 * (0.3 + 0.5 * y * (index + 1) / 3),
        255 * (0.9 - 0.7 * x * y),
    ], axis=-1)
    bgr += rng.normal(0, 6, bgr.shape)
    return np.clip(bgr, 0, 255).astype(np.uint8)


def prediction(image, index):
    if index == 0:
        gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    if index == 1:
        hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
        hsv[..., 0] = (hsv[..., 0].astype(np.int32) + 25) % 180
        return cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR)
    return cv2.GaussianBlur(image, (5, 5), 1.5)


def write_png(path, image):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ok, data = cv2.imencode(".png", image)
    assert ok
    with open(path, "wb") as f:
        f.write(data.tobytes())


def main():
    rng = np.random.RandomState(20240601)
    for index, name in enumerate(NAMES):
        truth = truth_image(rng, index)
        write_png(os.path.join("score-pairs", "truth", name), truth)
        write_png(os.path.join("score-pairs", "pred", name), prediction(truth, index))
    for index, name in enumerate(FOLDER_DATASET):
        write_png(os.path.join("evaluate-folder", "images", name), truth_image(rng, index % 3))


if __name__ == "__main__":
    main()
