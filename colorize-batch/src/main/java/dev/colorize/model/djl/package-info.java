/**
 * Model engines on the Deep Java Library: {@code torchscript} (PyTorch) and {@code onnx} (ONNX
 * Runtime). They verify the declared SHA-256, pick the device ({@link
 * dev.colorize.model.djl.DeviceSelection}: auto, cpu, gpu, gpu:N) and run a model through its
 * convention (pre/post-processing on plain Java tensors). The convention's tensors go to an ONNX
 * model by name when its input names are the convention's, else (and always for TorchScript) by
 * position; outputs come back in the model's order, recognised by the convention by name or shape.
 */
package dev.colorize.model.djl;
