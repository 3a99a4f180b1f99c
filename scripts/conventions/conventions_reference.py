#!/usr/bin/python3
"""Reference pre/post-processing of the model conventions, computed independently of the Java code.

For a few small deterministic inputs and fake model outputs, writes each convention's exact input
tensors and post-processed Lab images to colorize-batch/src/test/resources/reference/conventions/
as <case>.json (metadata, array shapes and offsets) + <case>.f32 (raw little-endian float32).
Uses the libraries the original model code uses: OpenCV (ChromaGAN resize, DeOldify YUV),
Pillow (DeOldify / InstColor resize), scikit-image (CIE Lab, matching InstColor's own rgb2lab).

Run with Debian's python (numpy, cv2, PIL, skimage): /usr/bin/python3 scripts/conventions/conventions_reference.py
"""
import json
import os
import sys

import cv2
import numpy as np
from PIL import Image
from skimage import color

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'colorize-batch', 'src',
                   'test', 'resources', 'reference', 'conventions')
MEAN = np.array([0.485, 0.456, 0.406], np.float32)
STD = np.array([0.229, 0.224, 0.225], np.float32)


def colour_image(w, h, seed):
    """A deterministic 8-bit RGB test image: smooth gradients plus a little noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 128 + 100 * np.sin(x / w * 3.1 + seed)
    g = 128 + 100 * np.cos(y / h * 2.3 + seed * 0.5)
    b = 128 + 90 * np.sin((x + y) / (w + h) * 4.0)
    rgb = np.stack([r, g, b], -1) + rng.normal(0, 12, (h, w, 3))
    return np.clip(np.round(rgb), 0, 255).astype(np.uint8)


def input_l(w, h, seed):
    """The L plane a colorizer gets (CIE Lab D65 of the colour image, as skimage computes it)."""
    return color.rgb2lab(colour_image(w, h, seed))[..., 0].astype(np.float32)


def cv_resize(plane, w, h):
    return cv2.resize(plane.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)


def pil_resize(plane, w, h):
    img = Image.fromarray(plane.astype(np.float32), mode='F')
    return np.asarray(img.resize((w, h), Image.BILINEAR), dtype=np.float32)


def gray8(l):
    """8-bit gray value of each L (a = b = 0): skimage lab2rgb, rounded half up."""
    lab = np.stack([l, np.zeros_like(l), np.zeros_like(l)], -1).astype(np.float64)
    rgb = color.lab2rgb(lab)
    return np.floor(np.clip(rgb[..., 1], 0, 1) * 255 + 0.5).astype(np.float32)


# ---------------------------------------------------------------- conventions (reference) ----

def chromagan_inputs(ls, size, layout):
    out = []
    for l in ls:
        l8 = cv_resize(l, size, size) * np.float32(255.0 / 100.0)  # OpenCV 8-bit L
        x = np.repeat((l8 / np.float32(255.0))[..., None], 3, -1)  # HWC, L tiled
        out.append(x if layout == 'nhwc' else x.transpose(2, 0, 1))
    return np.stack(out).astype(np.float32)


def chromagan_outputs(ab, ls, layout):
    res = []
    for i, l in enumerate(ls):
        y = ab[i] if layout == 'nhwc' else ab[i].transpose(1, 2, 0)
        v = np.clip(y * 255.0, 0, 255) - 128.0  # OpenCV 8-bit a/b -> CIE
        h, w = l.shape
        res.append((l, cv_resize(v[..., 0], w, h), cv_resize(v[..., 1], w, h)))
    return res


def deoldify_inputs(ls, render_factor):
    size = render_factor * 16
    out = []
    for l in ls:
        g = pil_resize(gray8(l), size, size) / 255.0
        x = np.stack([(g - MEAN[c]) / STD[c] for c in range(3)])
        out.append(x)
    return np.stack(out).astype(np.float32)


def deoldify_outputs(y, ls):
    res = []
    for i, l in enumerate(ls):
        h, w = l.shape
        rgb = np.clip(y[i].transpose(1, 2, 0) * STD + MEAN, 0, 1) * 255.0
        rgb = np.stack([pil_resize(rgb[..., c], w, h) for c in range(3)], -1)
        colour_yuv = cv2.cvtColor((rgb / 255.0).astype(np.float32), cv2.COLOR_RGB2YUV)
        g = gray8(l) / 255.0
        orig_yuv = cv2.cvtColor(np.repeat(g[..., None], 3, -1).astype(np.float32),
                                cv2.COLOR_RGB2YUV)
        merged = orig_yuv.copy()
        merged[..., 1:3] = colour_yuv[..., 1:3]
        final = cv2.cvtColor(merged, cv2.COLOR_YUV2RGB) * 255.0
        final8 = np.floor(np.clip(final, 0, 255) + 0.5).astype(np.uint8)
        lab = color.rgb2lab(final8).astype(np.float32)
        res.append((lab[..., 0], lab[..., 1], lab[..., 2]))
    return res


def instcolor_select(boxes, w, h, top_k):
    clipped = []
    for (x, y, bw, bh) in boxes:
        x0, y0, x1, y1 = max(0, x), max(0, y), min(w, x + bw), min(h, y + bh)
        if x1 > x0 and y1 > y0:
            clipped.append((x0, y0, x1, y1))
    clipped.sort(key=lambda b: -(b[2] - b[0]) * (b[3] - b[1]))  # stable
    return clipped[:top_k]


def instcolor_inputs(l, boxes, size, top_k):
    h, w = l.shape
    full = ((pil_resize(l, size, size) - 50.0) / 100.0)[None, None]
    sel = instcolor_select(boxes, w, h, top_k)
    crops = [((pil_resize(l[y0:y1, x0:x1], size, size) - 50.0) / 100.0)[None] for (x0, y0, x1, y1) in sel]
    inst = np.stack(crops) if crops else np.zeros((0, 1, size, size), np.float32)
    corners = np.array([[x0 / w, y0 / h, x1 / w, y1 / h] for (x0, y0, x1, y1) in sel],
                       np.float32).reshape(-1, 4)
    return full.astype(np.float32), inst.astype(np.float32), corners


def instcolor_outputs(ab, l):
    h, w = l.shape
    return [(l, pil_resize(ab[0, 0] * 110.0, w, h), pil_resize(ab[0, 1] * 110.0, w, h))]


def lab_inputs(ls, size, l_scale, l_offset, layout, resize):
    out = []
    for l in ls:
        r = resize(l, size, size) * l_scale + l_offset
        out.append(r[None] if layout == 'nchw' else r[..., None])
    return np.stack(out).astype(np.float32)


def lab_outputs(ab, ls, ab_scale, ab_offset, layout, resize):
    res = []
    for i, l in enumerate(ls):
        y = ab[i] if layout == 'nchw' else ab[i].transpose(2, 0, 1)
        h, w = l.shape
        res.append((l, resize(y[0] * ab_scale + ab_offset, w, h),
                    resize(y[1] * ab_scale + ab_offset, w, h)))
    return res


# ---------------------------------------------------------------------------- writing ----

class Case:
    def __init__(self, name, convention, options):
        self.meta = {'case': name, 'convention': convention, 'options': options, 'images': [],
                     'arrays': {}}
        self.name = name
        self.blob = []
        self.offset = 0

    def array(self, key, a):
        a = np.ascontiguousarray(a, dtype='<f4')
        self.meta['arrays'][key] = {'shape': list(a.shape), 'offset': self.offset}
        self.blob.append(a.tobytes())
        self.offset += a.size

    def image(self, l, instances=()):
        i = len(self.meta['images'])
        h, w = l.shape
        self.meta['images'].append({'width': w, 'height': h,
                                    'instances': [list(map(int, b)) for b in instances]})
        self.array('image%d.l' % i, l)

    def expected(self, results):
        for i, (l, a, b) in enumerate(results):
            self.array('expected%d.l' % i, l)
            self.array('expected%d.a' % i, a)
            self.array('expected%d.b' % i, b)

    def write(self):
        with open(os.path.join(OUT, self.name + '.json'), 'w') as f:
            json.dump(self.meta, f, indent=1)
            f.write('\n')
        with open(os.path.join(OUT, self.name + '.f32'), 'wb') as f:
            f.write(b''.join(self.blob))


def write_default_shapes():
    """Input tensor shapes at the default options (224, renderFactor 35, 256): shapes only."""
    ls = [input_l(300, 200, 9), input_l(256, 256, 10)]
    boxes = [(10, 10, 100, 80), (250, 150, 100, 100), (400, 400, 5, 5)]
    full, inst, corners = instcolor_inputs(ls[0], boxes, 256, 8)
    shapes = [
        {'convention': 'chromagan', 'images': [[300, 200, []], [256, 256, []]],
         'inputs': {'input': list(chromagan_inputs(ls, 224, 'nhwc').shape)}},
        {'convention': 'deoldify', 'images': [[300, 200, []], [256, 256, []]],
         'inputs': {'input': list(deoldify_inputs(ls, 35).shape)}},
        {'convention': 'instcolor', 'images': [[300, 200, [list(b) for b in boxes]]],
         'inputs': {'full': list(full.shape), 'instances': list(inst.shape),
                    'boxes': list(corners.shape)}},
        {'convention': 'lab', 'images': [[300, 200, []]],
         'inputs': {'input': list(lab_inputs(ls[:1], None, 1.0, 0.0, 'nchw', lambda l, w, h: l).shape)}},
    ]
    with open(os.path.join(OUT, 'default_shapes.json'), 'w') as f:
        json.dump({'cases': shapes}, f, indent=1)
        f.write('\n')


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20240604)
    cases = []

    # ChromaGAN, NHWC as Keras, inputSize 32: one image smaller, one larger than the model size.
    ls = [input_l(20, 12, 1), input_l(48, 40, 2)]
    c = Case('chromagan_nhwc', 'chromagan', {'inputSize': '32'})
    for l in ls:
        c.image(l)
    c.array('input.input', chromagan_inputs(ls, 32, 'nhwc'))
    ab = rng.uniform(-0.1, 1.1, (2, 32, 32, 2)).astype(np.float32)  # out of [0,1] tests clipping
    c.array('output.ab', ab)
    c.array('output.class', rng.dirichlet(np.ones(1000), 2).astype(np.float32))
    c.expected(chromagan_outputs(ab, ls, 'nhwc'))
    cases.append(c)

    ls = [input_l(24, 24, 3)]
    c = Case('chromagan_nchw', 'chromagan', {'inputSize': '16', 'layout': 'nchw'})
    c.image(ls[0])
    c.array('input.input', chromagan_inputs(ls, 16, 'nchw'))
    ab = rng.uniform(0, 1, (1, 2, 16, 16)).astype(np.float32)
    c.array('output.ab', ab)
    c.expected(chromagan_outputs(ab, ls, 'nchw'))
    cases.append(c)

    # DeOldify, renderFactor 2 (32 x 32): up- and down-scaling with Pillow.
    ls = [input_l(20, 12, 4), input_l(48, 40, 5)]
    c = Case('deoldify_rf2', 'deoldify', {'renderFactor': '2'})
    for l in ls:
        c.image(l)
    c.array('input.input', deoldify_inputs(ls, 2))
    y = (rng.normal(0, 1.0, (2, 3, 32, 32)) + deoldify_inputs(ls, 2)).astype(np.float32)
    c.array('output.output', y)
    c.expected(deoldify_outputs(y, ls))
    cases.append(c)

    # InstColor, size 32, topK 2 of four boxes (one partly and one wholly outside the image).
    l = input_l(40, 30, 6)
    boxes = [(2, 3, 10, 8), (30, 20, 20, 20), (5, 10, 25, 15), (50, 50, 4, 4)]
    c = Case('instcolor_s32', 'instcolor', {'size': '32', 'topK': '2'})
    c.image(l, boxes)
    full, inst, corners = instcolor_inputs(l, boxes, 32, 2)
    c.array('input.full', full)
    c.array('input.instances', inst)
    c.array('input.boxes', corners)
    ab = np.tanh(rng.normal(0, 0.8, (1, 2, 32, 32))).astype(np.float32)
    c.array('output.ab', ab)
    c.expected(instcolor_outputs(ab, l))
    cases.append(c)

    # Generic lab: declared ranges, NHWC, Pillow resize.
    ls = [input_l(20, 12, 7), input_l(9, 14, 8)]
    opts = {'size': '16', 'lScale': '0.02', 'lOffset': '-1', 'abScale': '128',
            'abOffset': '2', 'layout': 'nhwc', 'resize': 'pil'}
    c = Case('lab_nhwc_pil', 'lab', opts)
    for l in ls:
        c.image(l)
    c.array('input.input', lab_inputs(ls, 16, 0.02, -1.0, 'nhwc', pil_resize))
    ab = rng.uniform(-1, 1, (2, 16, 16, 2)).astype(np.float32)
    c.array('output.ab', ab)
    c.expected(lab_outputs(ab, ls, 128.0, 2.0, 'nhwc', pil_resize))
    cases.append(c)

    for c in cases:
        c.write()
    write_default_shapes()
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print('wrote %d cases to %s (%d bytes)' % (len(cases), os.path.normpath(OUT), total))
    return 0


if __name__ == '__main__':
    sys.exit(main())
