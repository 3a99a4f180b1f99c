#!/usr/bin/python3
"""Generates the example project's bundled sample data (synthetic, small, deterministic).

Run from anywhere with Debian's python (it has numpy and cv2: `apt-get install python3-opencv`):

    /usr/bin/python3 scripts/sample-data/make_sample_data.py            # writes example-project/data
    /usr/bin/python3 scripts/sample-data/make_sample_data.py --out DIR  # writes DIR instead

It deletes and rewrites DIR/kfood, DIR/kobject and DIR/bad (nothing else). Same seed, same numpy
and OpenCV (libjpeg) versions -> byte-identical files; example-project/README.md describes them.

The pictures are made to be learnable by a colorizer: every class has its own luminance pattern
(stripes, checker, rings, dots, blobs, waves) drawn in its own hue family on a background whose
colour also belongs to the class, so the chroma of a pixel follows from the L structure around it
and from the class. Per image only position, scale, rotation, size and small hue/chroma/lightness
offsets vary. It is a demonstration, not a benchmark.
"""
import argparse
import json
import os
import shutil
import struct
import unicodedata
import zlib

import cv2
import numpy as np

SEED = 20261126
JPEG_QUALITY = 85
IMAGES_PER_CLASS = 14

# ---------------------------------------------------------------------------------------------
# Colour helpers: colours are given in CIE LCh (L 0-100, chroma, hue in degrees in the a*b* plane)
# and mixed in Lab, so the L of a pattern and its chroma are set independently.
# ---------------------------------------------------------------------------------------------


def lch(l_star, chroma, hue_deg):
    h = np.deg2rad(hue_deg)
    return np.array([l_star, chroma * np.cos(h), chroma * np.sin(h)], dtype=np.float32)


def lab_to_bgr8(lab):
    """float32 Lab (L 0-100, a/b about -127..127) -> uint8 BGR, out-of-gamut values clipped."""
    bgr = cv2.cvtColor(lab.astype(np.float32), cv2.COLOR_Lab2BGR)
    return np.clip(np.rint(bgr * 255.0), 0, 255).astype(np.uint8)


def mix(mask, fg, bg):
    """Per-pixel Lab mix of two colours by a mask in [0, 1]."""
    m = mask[..., None]
    return bg[None, None, :] * (1.0 - m) + fg[None, None, :] * m


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def jitter_colour(rng, colour, hue_deg=6.0, chroma_frac=0.08, light=3.0):
    l_star, a, b = colour
    c = float(np.hypot(a, b)) * (1.0 + rng.uniform(-chroma_frac, chroma_frac))
    h = float(np.degrees(np.arctan2(b, a))) + rng.uniform(-hue_deg, hue_deg)
    return lch(float(l_star) + rng.uniform(-light, light), c, h)


def encode(img_bgr, ext):
    if ext.lower() == "png":
        ok, buf = cv2.imencode(".png", img_bgr, [cv2.IMWRITE_PNG_COMPRESSION, 9])
    else:
        ok, buf = cv2.imencode(".jpg", img_bgr, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    assert ok, "encoding failed"
    return buf.tobytes()


def write_bytes(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def nfd(s):
    return unicodedata.normalize("NFD", s)


# ---------------------------------------------------------------------------------------------
# 1. Korean food (AI Hub "한국 이미지(음식)" layout)
# ---------------------------------------------------------------------------------------------

# (category, class, class index CCC, pattern, foreground LCh, background LCh).
# Foreground and background differ in L, and every class has its own L pattern, so a network can
# tell the class and the foreground from L alone; hue families differ between classes.
FOOD_CLASSES = [
    ("김치", "배추김치", 0, "stripes", (46, 68, 35), (84, 58, 100)),   # red on yellow-green
    ("김치", "깍두기", 1, "checker", (70, 62, 62), (30, 48, 28)),      # orange on deep red
    ("밥", "비빔밥", 2, "rings", (80, 72, 90), (46, 52, 140)),         # yellow on green
    ("밥", "김밥", 3, "dots", (74, 42, 205), (26, 36, 150)),           # cyan on dark green
    ("만두", "만두", 4, "blobs", (87, 42, 80), (42, 55, 285)),          # pale gold on blue
    ("탕", "곰탕_설렁탕", 5, "waves", (76, 46, 330), (36, 55, 300)),     # pink on purple
]

# The class folder written in Unicode NFD (as macOS would deliver it); all other names are NFC.
NFD_FOOD_CLASS = "김밥"

# Table (outside the dish): the same wood for every class, so only the dish carries the class.
TABLE = (50, 40, 68)

IMAGE_SIZES = [(192, 160), (200, 160), (224, 168), (240, 180), (256, 192), (208, 208)]

# Per class, image index n -> crop_area.properties quirk (index shifted by the class index, so
# the quirks land on different images and splits in different classes).
QUIRKS = ["normal", "two_numbers", "leading_comma", "word_dissimilar", "word_open",
          "trailing_junk", "too_few", "corners", "no_entry"]

# Extensions other than .jpg: (class index, image index) -> extension.
SPECIAL_EXTENSIONS = {(0, 10): "png", (3, 12): "png", (4, 9): "PNG", (2, 11): "JPG",
                      (5, 13): "jpeg"}
# One 400x300 image (the largest the brief allows) to exercise resizing from a bigger source.
LARGE_IMAGE = (1, 12)


def pattern_mask(kind, rng, w, h):
    """The class pattern over a w x h dish as a mask in [0, 1] plus an L shading term."""
    s = float(min(w, h))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx = w * rng.uniform(0.35, 0.65)
    cy = h * rng.uniform(0.35, 0.65)
    px = (xx - cx) / s
    py = (yy - cy) / s
    theta = rng.uniform(0, np.pi)
    ct, st = np.cos(theta), np.sin(theta)
    rx = px * ct + py * st
    ry = -px * st + py * ct
    scale = rng.uniform(0.85, 1.2)
    shade = np.zeros_like(px)
    if kind == "stripes":  # wavy diagonal stripes, period ~ 1/5.5 of the dish
        period = 0.18 * scale
        t = rx / period + 0.25 * np.sin(2 * np.pi * ry / (0.6 * scale))
        mask = sigmoid(6.0 * np.sin(2 * np.pi * t))
    elif kind == "checker":  # rotated cubes
        period = 0.32 * scale
        mask = sigmoid(8.0 * np.sin(2 * np.pi * rx / period) * np.sin(2 * np.pi * ry / period))
        shade = 6.0 * np.cos(2 * np.pi * rx / period)  # lit faces: an L cue inside the cubes
    elif kind == "rings":  # concentric rings around a jittered centre
        r = np.sqrt(px * px + py * py)
        period = 0.16 * scale
        mask = sigmoid(7.0 * np.sin(2 * np.pi * r / period))
        shade = -14.0 * np.clip(r, 0, 1)  # darker towards the rim
    elif kind == "dots":  # hexagonal lattice of discs with a dark rim
        period = 0.22 * scale
        a1 = np.array([1.0, 0.0]) * period
        a2 = np.array([0.5, np.sqrt(3) / 2]) * period
        basis = np.stack([a1, a2], axis=1)
        inv = np.linalg.inv(basis)
        uu = inv[0, 0] * rx + inv[0, 1] * ry
        vv = inv[1, 0] * rx + inv[1, 1] * ry
        d = np.full_like(rx, 1e9)
        for du in (0, 1):
            for dv in (0, 1):
                cu = np.floor(uu) + du
                cv = np.floor(vv) + dv
                lx = cu * a1[0] + cv * a2[0]
                ly = cu * a1[1] + cv * a2[1]
                d = np.minimum(d, np.hypot(rx - lx, ry - ly))
        radius = 0.36 * period
        mask = sigmoid((radius - d) / (0.012 * scale))
        rim = np.exp(-((d - radius) / (0.018 * scale)) ** 2)
        shade = -22.0 * rim
    elif kind == "blobs":  # a few soft dumplings with a highlight
        field = np.zeros_like(px)
        for _ in range(int(rng.integers(4, 7))):
            bx, by = rng.uniform(-0.6, 0.6), rng.uniform(-0.45, 0.45)
            sx, sy = rng.uniform(0.11, 0.17) * scale, rng.uniform(0.08, 0.13) * scale
            field = np.maximum(field, np.exp(-(((px - bx) / sx) ** 2 + ((py - by) / sy) ** 2)))
        mask = sigmoid(14.0 * (field - 0.45))
        shade = 8.0 * (field - 0.7) * mask
    elif kind == "waves":  # soft horizontal bands: a gradient with ripples
        period = 0.3 * scale
        t = ry / period + 0.18 * np.sin(2 * np.pi * rx / (0.7 * scale))
        mask = 0.5 + 0.5 * np.sin(2 * np.pi * t)
        shade = 5.0 * np.cos(2 * np.pi * rx / (0.9 * scale))
    else:
        raise ValueError(kind)
    return mask.astype(np.float32), shade.astype(np.float32)


def wood(w, h, rng):
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    phase = rng.uniform(0, 2 * np.pi)
    grain = np.sin(2 * np.pi * yy / 11.0 + 1.6 * np.sin(xx / 37.0 + phase))
    lab = np.empty((h, w, 3), np.float32)
    base = lch(*TABLE)
    lab[..., 0] = base[0] + 7.0 * grain
    lab[..., 1] = base[1]
    lab[..., 2] = base[2]
    return lab


def dish_rect(quirk, w, h, rng):
    """The dish (x, y, w, h): what the crop entry describes. Quirk-specific where it matters."""
    if quirk == "two_numbers":  # w,h only: the dish starts at the origin
        x0, y0 = 0, 0
        x1 = w - int(rng.integers(int(0.06 * w), int(0.14 * w)))
        y1 = h - int(rng.integers(int(0.06 * h), int(0.14 * h)))
    elif quirk == "corners":  # x1+x2 > width: the left margin is wider than the right one
        x0 = int(rng.integers(int(0.10 * w), int(0.16 * w)))
        x1 = w - int(rng.integers(2, int(0.06 * w)))
        y0 = int(rng.integers(int(0.04 * h), int(0.12 * h)))
        y1 = h - int(rng.integers(2, int(0.10 * h)))
    else:
        x0 = int(rng.integers(int(0.03 * w), int(0.12 * w)))
        y0 = int(rng.integers(int(0.03 * h), int(0.12 * h)))
        x1 = w - int(rng.integers(int(0.03 * w), int(0.12 * w)))
        y1 = h - int(rng.integers(int(0.03 * h), int(0.12 * h)))
    return x0, y0, x1 - x0, y1 - y0


def crop_line(key, quirk, rect, junk):
    x, y, w, h = rect
    if quirk in ("normal", "no_entry"):
        return f"{key}={x},{y},{w},{h}"
    if quirk == "two_numbers":
        return f"{key}={w},{h}"
    if quirk == "leading_comma":
        return f"{key}=,{x},{y},{w},{h}"
    if quirk == "word_dissimilar":
        return f"{key}=dissimilar,{x},{y},{w},{h}"
    if quirk == "word_open":
        return f"{key}=open {x},{y},{w},{h}"
    if quirk == "trailing_junk":
        return f"{key}={x},{y},{w},{h}\t{junk}"
    if quirk == "too_few":
        return f"{key}={x},{y},{w}"
    if quirk == "corners":
        return f"{key}={x},{y},{x + w},{y + h}"
    raise ValueError(quirk)


def make_food(out, rng):
    root = os.path.join(out, "kfood")
    summary = []
    for cat, cls, code, kind, fg_lch, bg_lch in FOOD_CLASSES:
        cls_dir_name = nfd(cls) if cls == NFD_FOOD_CLASS else cls
        cls_dir = os.path.join(root, cat, cls_dir_name)
        lines = []
        for n in range(IMAGES_PER_CLASS):
            quirk = QUIRKS[(n - code) % len(QUIRKS)] if n < len(QUIRKS) else "normal"
            if (code, n) == LARGE_IMAGE:
                w, h = 400, 300
            else:
                w, h = IMAGE_SIZES[int(rng.integers(len(IMAGE_SIZES)))]
            rect = dish_rect(quirk, w, h, rng)
            dx, dy, dw, dh = rect
            fg = jitter_colour(rng, lch(*fg_lch))
            bg = jitter_colour(rng, lch(*bg_lch))
            mask, shade = pattern_mask(kind, rng, dw, dh)
            lab = wood(w, h, rng)
            dish = mix(mask, fg, bg)
            dish[..., 0] += shade
            lab[dy:dy + dh, dx:dx + dw] = dish
            # A soft 1-pixel dish edge keeps JPEG ringing (and the file size) down.
            lab = cv2.GaussianBlur(lab, (3, 3), 0.6)
            lab[..., 0] = np.clip(lab[..., 0], 0, 100)
            img = lab_to_bgr8(lab)
            ext = SPECIAL_EXTENSIONS.get((code, n), "jpg")
            key = f"Img_{code:03d}_{n:04d}"
            write_bytes(os.path.join(cls_dir, f"{key}.{ext}"), encode(img, ext))
            if quirk != "no_entry":
                lines.append(crop_line(key, quirk, rect, "검수완료 (re-checked)"))
            summary.append((cat, cls, key, ext, w, h, quirk, rect))
        # One class file in cp949 with CRLF line ends (as a Windows tool writes it); others UTF-8, LF.
        if code == 1:
            data = ("\r\n".join(lines) + "\r\n").encode("cp949")
        else:
            data = ("\n".join(lines) + "\n").encode("utf-8")
        write_bytes(os.path.join(cls_dir, "crop_area.properties"), data)
    return summary


# ---------------------------------------------------------------------------------------------
# 2. Korean objects (AI Hub "한국형 사물 이미지" layout), heritage buildings
# ---------------------------------------------------------------------------------------------

OBJECTS = [
    {
        "n": 11, "id": "HF020011",
        "fields": ["유적건조물", "종교신앙", "불교유적", "석탑", "불국사_석가탑"],
        "kind": "pagoda",
        "tags": ["석탑", "불국사", "삼층석탑", "국보"],
        "sem_ext": [
            "불국사 삼층석탑(佛國寺 三層石塔)은 통일신라 시대의 석탑으로, 「석가탑」이라고도 부른다.",
            "경상북도 경주시 불국로 385 (진현동, 불국사)",
            "《삼국유사》, 다보탑(多寶塔)",
        ],
    },
    {
        "n": 12, "id": "HF030007",
        "fields": ["유적건조물", "정치국방", "궁궐", "전각", "근정전"],
        "kind": "palace",
        "tags": ["궁궐", "경복궁", "정전", "국보"],
        "sem_ext": [
            "근정전(勤政殿)은 경복궁의 정전으로, 「경국대전」 반포 이전부터 조회를 열던 곳이다.",
            "서울특별시 종로구 사직로 161 (세종로, 경복궁)",
            "《조선왕조실록》, 경복궁(景福宮)",
        ],
    },
]

SKY_TOP, SKY_BOTTOM = (58, 42, 270), (82, 22, 250)
GRASS = (52, 50, 135)
COURT = (74, 30, 85)
STONE, STONE_DARK = (68, 38, 75), (44, 30, 60)
COLUMN, ROOF, BAND = (42, 62, 38), (34, 30, 175), (60, 45, 160)
PLATFORM = (80, 18, 90)

SUPERSAMPLE = 4


def poly_mask(shape, polys):
    """Anti-aliased mask of filled polygons (pixel coordinates, float)."""
    h, w = shape
    big = np.zeros((h * SUPERSAMPLE, w * SUPERSAMPLE), np.uint8)
    for p in polys:
        pts = np.rint(np.asarray(p, np.float64) * SUPERSAMPLE).astype(np.int32)
        cv2.fillPoly(big, [pts], 255)
    small = cv2.resize(big, (w, h), interpolation=cv2.INTER_AREA)
    return small.astype(np.float32) / 255.0


def paint(lab, mask, colour):
    m = mask[..., None]
    lab[:] = lab * (1 - m) + colour[None, None, :] * m


def draw_pagoda(lab, rng):
    h, w = lab.shape[:2]
    cx = w * rng.uniform(0.38, 0.62)
    base_y = h * rng.uniform(0.84, 0.92)
    size = h * rng.uniform(0.62, 0.74)
    bw = size * 0.62
    parts_light, parts_dark = [], []
    y = base_y
    # Two-storey pedestal, then three bodies each under a wider roof slab; everything narrows.
    for i, (pw, ph) in enumerate([(1.0, 0.12), (0.82, 0.10)]):
        parts_light.append([(cx - bw * pw / 2, y), (cx + bw * pw / 2, y),
                            (cx + bw * pw / 2, y - size * ph), (cx - bw * pw / 2, y - size * ph)])
        y -= size * ph
        parts_dark.append([(cx - bw * pw / 2 - 2, y), (cx + bw * pw / 2 + 2, y),
                           (cx + bw * pw / 2 + 2, y - 3), (cx - bw * pw / 2 - 2, y - 3)])
        y -= 3
    for body_w, body_h in [(0.42, 0.16), (0.34, 0.08), (0.28, 0.07)]:
        parts_light.append([(cx - bw * body_w / 2, y), (cx + bw * body_w / 2, y),
                            (cx + bw * body_w / 2, y - size * body_h),
                            (cx - bw * body_w / 2, y - size * body_h)])
        y -= size * body_h
        roof_w = bw * (body_w + 0.32)
        parts_dark.append([(cx - roof_w / 2, y), (cx + roof_w / 2, y),
                           (cx + roof_w / 2 - size * 0.05, y - size * 0.05),
                           (cx - roof_w / 2 + size * 0.05, y - size * 0.05)])
        y -= size * 0.05
    finial_top = y - size * 0.10
    parts_dark.append([(cx - 2, y), (cx + 2, y), (cx + 2, finial_top), (cx - 2, finial_top)])
    paint(lab, poly_mask((h, w), parts_light), jitter_colour(rng, lch(*STONE)))
    paint(lab, poly_mask((h, w), parts_dark), jitter_colour(rng, lch(*STONE_DARK)))
    left = cx - bw / 2 - 2
    right = cx + bw / 2 + 2
    return [left, finial_top, right, base_y]


def draw_palace(lab, rng):
    h, w = lab.shape[:2]
    cx = w * rng.uniform(0.4, 0.6)
    ground = h * rng.uniform(0.80, 0.88)
    width = w * rng.uniform(0.58, 0.72)
    height = h * rng.uniform(0.50, 0.60)
    left, right = cx - width / 2, cx + width / 2
    top = ground - height
    plat_h = height * 0.16
    wall_top = ground - plat_h - height * 0.38
    platform = [[(left, ground), (right, ground), (right - 6, ground - plat_h),
                 (left + 6, ground - plat_h)]]
    columns = []
    n_col = 6
    for i in range(n_col):
        x = left + width * (0.14 + 0.72 * i / (n_col - 1))
        columns.append([(x - 3, ground - plat_h), (x + 3, ground - plat_h), (x + 3, wall_top),
                        (x - 3, wall_top)])
    band = [[(left + width * 0.1, wall_top), (right - width * 0.1, wall_top),
             (right - width * 0.1, wall_top - height * 0.08),
             (left + width * 0.1, wall_top - height * 0.08)]]
    eave_y = wall_top - height * 0.08
    # Roof: a trapezoid with upturned eave tips.
    roof = [[(left - 4, eave_y - height * 0.06), (left + width * 0.06, eave_y),
             (right - width * 0.06, eave_y), (right + 4, eave_y - height * 0.06),
             (right - width * 0.2, top), (left + width * 0.2, top)]]
    paint(lab, poly_mask((h, w), platform), jitter_colour(rng, lch(*PLATFORM)))
    paint(lab, poly_mask((h, w), columns), jitter_colour(rng, lch(*COLUMN)))
    paint(lab, poly_mask((h, w), band), jitter_colour(rng, lch(*BAND)))
    paint(lab, poly_mask((h, w), roof), jitter_colour(rng, lch(*ROOF)))
    return [left - 4, top, right + 4, ground]


def heritage_scene(kind, w, h, rng):
    lab = np.empty((h, w, 3), np.float32)
    t = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    top, bottom = jitter_colour(rng, lch(*SKY_TOP)), jitter_colour(rng, lch(*SKY_BOTTOM))
    for c in range(3):
        lab[..., c] = top[c] * (1 - t) + bottom[c] * t
    horizon = int(h * rng.uniform(0.62, 0.72))
    ground = GRASS if kind == "pagoda" else COURT
    g = jitter_colour(rng, lch(*ground))
    yy = np.arange(h - horizon, dtype=np.float32)[:, None]
    lab[horizon:] = g[None, None, :]
    lab[horizon:, :, 0] += 4.0 * np.sin(yy / 3.5)  # ground texture in L
    box = draw_pagoda(lab, rng) if kind == "pagoda" else draw_palace(lab, rng)
    lab[..., 0] = np.clip(lab[..., 0], 0, 100)
    return lab_to_bgr8(lab), [int(round(v)) for v in box]


def make_objects(out, rng):
    summary = []
    for obj in OBJECTS:
        folder = "_".join([obj["id"]] + obj["fields"])
        base = os.path.join(out, "kobject", "유적건조물", f'{obj["n"]}_유적건조물', str(obj["n"]),
                            folder)
        for i, (shot, angle) in enumerate([(1, 1), (1, 2), (2, 1), (2, 2)]):
            w, h = [(256, 192), (240, 180), (224, 224), (288, 216)][i]
            img, box = heritage_scene(obj["kind"], w, h, rng)
            name = f'{obj["id"]}_{shot:04d}_{angle:04d}'
            corners = list(box)
            if obj["kind"] == "palace" and i == 2:
                corners = [box[2], box[3], box[0], box[1]]  # reversed: lx > rx and ly > ry
            annotation = {
                "regions": [{
                    "boxcorners": corners,
                    "tags": obj["tags"],
                    "sem_ext": [{"key": k, "value": v}
                                for k, v in zip(["설명", "주소", "관련어"], obj["sem_ext"])],
                }]
            }
            write_bytes(os.path.join(base, name + ".jpg"), encode(img, "jpg"))
            write_bytes(os.path.join(base, name + ".json"),
                        (json.dumps(annotation, ensure_ascii=False, indent=2) + "\n")
                        .encode("utf-8"))
            summary.append((folder, name, w, h, corners))
    return summary


# ---------------------------------------------------------------------------------------------
# 3. Bad input (folder format): each file fails for one obvious reason
# ---------------------------------------------------------------------------------------------


def png_chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def bomb_png(width, height):
    """A 66-byte-ish PNG whose header claims width x height RGB pixels; the data is one tiny row."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" + b"\x00" * 3 * 8, 9)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat)
            + png_chunk(b"IEND", b""))


def bomb_jpeg(small_jpeg, width, height):
    """A real small baseline JPEG whose SOF0 frame header is patched to claim width x height."""
    data = bytearray(small_jpeg)
    i = data.find(b"\xff\xc0")
    assert i > 0, "no SOF0 marker"
    # FFC0, length(2), precision(1), height(2), width(2)
    struct.pack_into(">HH", data, i + 5, height, width)
    return bytes(data)


def make_bad(out, rng):
    root = os.path.join(out, "bad")
    good_kind, good_fg, good_bg = "rings", lch(80, 72, 90), lch(46, 52, 140)

    def good_picture(w, h):
        mask, shade = pattern_mask(good_kind, rng, w, h)
        lab = mix(mask, good_fg, good_bg)
        lab[..., 0] = np.clip(lab[..., 0] + shade, 0, 100)
        return lab_to_bgr8(lab)

    files = {}
    # valid/: two ordinary images, one NFC-named, one NFD-named (same characters, other bytes).
    files["valid/비빔밥_NFC.jpg"] = encode(good_picture(192, 160), "jpg")
    files[nfd("valid/비빔밥_NFD.jpg")] = encode(good_picture(192, 160), "jpg")
    # corrupt/: not decodable.
    whole = encode(good_picture(224, 168), "jpg")
    files["corrupt/truncated_half.jpg"] = whole[: len(whole) // 2]
    files["corrupt/zero_bytes.jpg"] = b""
    files["corrupt/text_named.jpg"] = (
        "This is a text file named .jpg, not an image.\n"
        "이 파일은 이미지가 아닙니다 (텍스트 파일).\n").encode("utf-8")
    # gray/: decodable but no chroma ground truth.
    gray = cv2.cvtColor(good_picture(192, 160), cv2.COLOR_BGR2GRAY)
    files["gray/grayscale_1channel.jpg"] = encode(gray, "jpg")
    files["gray/gray_pixels_rgb.png"] = encode(cv2.merge([gray, gray, gray]), "png")
    # bomb/: tiny files whose headers claim 30000 x 30000 pixels (2.7 GB as RGB).
    files["bomb/bomb_30000x30000.png"] = bomb_png(30000, 30000)
    tiny = encode(good_picture(16, 16), "jpg")
    files["bomb/bomb_30000x30000.jpg"] = bomb_jpeg(tiny, 30000, 30000)
    for rel, data in files.items():
        write_bytes(os.path.join(root, rel), data)
    return sorted(files)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.normpath(os.path.join(here, "..", "..", "example-project", "data"))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=default_out, help="output folder (default: %(default)s)")
    args = parser.parse_args()
    out = args.out
    for sub in ("kfood", "kobject", "bad"):
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    rng = np.random.default_rng(SEED)
    food = make_food(out, rng)
    objects = make_objects(out, rng)
    bad = make_bad(out, rng)
    total = 0
    for dirpath, _, names in os.walk(out):
        for name in names:
            total += os.path.getsize(os.path.join(dirpath, name))
    print(f"kfood: {len(food)} images in {len(FOOD_CLASSES)} classes; "
          f"kobject: {len(objects)} images; bad: {len(bad)} files; "
          f"total {total / 1024:.0f} KiB under {out}")


if __name__ == "__main__":
    main()
