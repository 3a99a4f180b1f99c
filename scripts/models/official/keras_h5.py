"""Keras 2.2.4 HDF5 weight files, written and read strictly, for the reference scripts beside it.

Writes and reads the two layouts that keras/engine/saving.py of Keras 2.2.4 writes (with h5py):
model.save() (root attrs keras_version, backend and model_config, the layers in a model_weights
group) and model.save_weights() (the layers at the root, no model_config). Either way the group
holding the layers has the attrs layer_names, backend and keras_version, and each layer has a
group with an attr weight_names and one float32 contiguous dataset per weight at
<layer>/<weight name>. What differs between networks is a KerasH5's parameters: the expected
layers with their weight names and shapes, the model_config JSON, the keras_version and backend
attrs, and whether the strict loader notes an optimizer_weights group. chromagan_reference.py and
chromagan_discriminator_reference.py import it as `import keras_h5`: run as scripts, they have
their own folder on sys.path.
"""
import collections
import sys

import h5py
import numpy as np


def read_attr_list(attrs, name):
    """load_attributes_from_hdf5_group: the attr, or its chunks name0, name1, ..."""
    if name in attrs:
        values = list(np.ravel(attrs[name]))
    else:
        values, i = [], 0
        while "%s%d" % (name, i) in attrs:
            values += list(np.ravel(attrs["%s%d" % (name, i)]))
            i += 1
        if not i:
            return None
    return [v.decode("utf8") if isinstance(v, bytes) else str(v) for v in values]


def h5_layout(path):
    """The Keras layout of an h5 file: model (a model_weights group) or weights."""
    with h5py.File(path, "r") as f:
        return "model" if isinstance(f.get("model_weights"), h5py.Group) else "weights"


class KerasH5:
    """The file of one network. expected: an OrderedDict {layer: [(weight name, shape)]} of
    every layer in layer_names order, weightless layers with []; model_config: a JSON str (the
    model.save() root attr); keras_version, backend: bytes for the attrs of the same names;
    note_optimizer_weights: load() notes an optimizer_weights group of a model.save() file.
    The weights are {(layer, weight name): array} in expected's order."""

    def __init__(self, expected, model_config, keras_version, backend,
                 note_optimizer_weights=False):
        self.expected = expected
        self.model_config = model_config
        self.keras_version = keras_version
        self.backend = backend
        self.note_optimizer_weights = note_optimizer_weights

    def write(self, params, path, layout):
        """Writes params in layout model (model.save()) or weights (model.save_weights()): in
        expected's order, float32 contiguous datasets, an empty np.array([], dtype='S1') as the
        weight_names of a weightless layer (Keras itself writes an empty float64 array)."""
        with h5py.File(path, "w") as f:
            if layout == "model":
                f.attrs["keras_version"] = self.keras_version
                f.attrs["backend"] = self.backend
                f.attrs["model_config"] = self.model_config.encode("utf8")
                root = f.create_group("model_weights")
            else:
                root = f
            root.attrs["layer_names"] = np.array([n.encode("utf8") for n in self.expected])
            root.attrs["backend"] = self.backend
            root.attrs["keras_version"] = self.keras_version
            for layer, weights in self.expected.items():
                g = root.create_group(layer)
                if weights:
                    g.attrs["weight_names"] = np.array([w.encode("utf8") for w, _ in weights])
                else:
                    g.attrs["weight_names"] = np.array([], dtype="S1")
                for wname, shape in weights:
                    arr = np.ascontiguousarray(params[(layer, wname)], dtype="<f4")
                    assert arr.shape == shape, (layer, wname, arr.shape, shape)
                    g.create_dataset(wname, data=arr)   # contiguous: no chunks, no filters

    def load(self, path):
        """Reads an h5 in either layout and checks it strictly: every expected layer with
        weights in layer_names and with a group, its weight_names exactly the expected list,
        every expected dataset present with its shape and a float dtype, and no other dataset
        outside an optimizer_weights group. Prints notes, and on success "loaded ... strictly";
        otherwise prints every problem to stderr and raises SystemExit. Returns the weights as
        float32 arrays."""
        expected = self.expected
        problems, notes = [], []
        params = collections.OrderedDict()
        with h5py.File(path, "r") as f:
            if "model_weights" in f and isinstance(f["model_weights"], h5py.Group):
                root, layout = f["model_weights"], "model"
            elif read_attr_list(f.attrs, "layer_names") is not None:
                root, layout = f, "weights"
            else:
                raise SystemExit("%s: neither a model_weights group nor root layer_names" % path)
            names = read_attr_list(root.attrs, "layer_names")
            if names is None:
                problems.append("no layer_names attr")
                names = []
            for layer, weights in expected.items():
                if weights and layer not in names:
                    problems.append("layer %s missing from layer_names" % layer)
                elif not weights and layer not in names:
                    notes.append("weightless layer %s not in layer_names" % layer)
            for extra in (n for n in names if n not in expected):
                notes.append("unexpected layer %s in layer_names" % extra)

            for layer, weights in expected.items():
                if layer not in root:
                    if weights:
                        problems.append("group %s missing" % layer)
                    else:
                        notes.append("weightless layer %s has no group" % layer)
                    continue
                g = root[layer]
                listed = read_attr_list(g.attrs, "weight_names")
                expected_names = [w for w, _ in weights]
                if listed is None:
                    problems.append("%s: no weight_names attr" % layer)
                elif listed != expected_names:
                    problems.append("%s: weight_names %s, expected %s"
                                    % (layer, listed, expected_names))
                for wname, shape in weights:
                    if wname not in g or not isinstance(g[wname], h5py.Dataset):
                        problems.append("%s: dataset %s missing" % (layer, wname))
                        continue
                    ds = g[wname]
                    if ds.shape != shape:
                        problems.append("%s/%s: shape %s, expected %s"
                                        % (layer, wname, ds.shape, shape))
                        continue
                    if ds.dtype.kind != "f":
                        problems.append("%s/%s: dtype %s" % (layer, wname, ds.dtype))
                        continue
                    if ds.dtype != np.dtype("<f4"):
                        notes.append("%s/%s is %s, read as float32" % (layer, wname, ds.dtype))
                    params[(layer, wname)] = np.ascontiguousarray(ds[()], dtype=np.float32)

            # no weight anywhere that is not expected (an optimizer_weights group is ignored)
            wanted = {"%s/%s" % (layer, w) for layer, ws in expected.items() for w, _ in ws}
            found = []
            root.visititems(lambda name, obj: found.append(name)
                            if isinstance(obj, h5py.Dataset) else None)
            for name in found:
                if name.split("/", 1)[0] == "optimizer_weights":
                    continue
                if name not in wanted:
                    problems.append("unexpected dataset %s" % name)
            for name in root:
                if name not in expected and name != "optimizer_weights":
                    notes.append("unexpected group %s (no weights)" % name)
            if self.note_optimizer_weights and layout == "model" and "optimizer_weights" in f:
                notes.append("optimizer_weights group ignored")
        for note in notes:
            print("note: %s" % note)
        if problems:
            for p in problems:
                print("error: %s: %s" % (path, p), file=sys.stderr)
            raise SystemExit("%s failed the strict check (%d problems)" % (path, len(problems)))
        print("loaded %s (%s layout) strictly: %d layers, %d weights, %d values"
              % (path, layout, len(expected), len(params), sum(a.size for a in params.values())))
        return params
