/**
 * Model engines on the Deep Java Library: {@code torchscript} (PyTorch) and {@code onnx} (ONNX
 * Runtime). They verify the declared SHA-256, pick the device ({@link
 * dev.colorize.model.djl.DeviceSelection}: auto, cpu, gpu, gpu:N) and run a model through its
 * convention (pre/post-processing on plain Java tensors); the convention's tensors go to the model
 * positionally and its outputs come back in the model's order.
 */
package dev.colorize.model.djl;
