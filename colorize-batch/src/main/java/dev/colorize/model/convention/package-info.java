/**
 * Model conventions: each network's exact pre- and post-processing (ChromaGAN, DeOldify,
 * InstColor, generic Lab) on plain Java arrays. A {@link dev.colorize.model.convention.Convention}
 * turns a batch of L planes into input {@link dev.colorize.model.convention.Tensor}s and the
 * model's output tensors back into Lab images at the input's size; engines (TorchScript, ONNX,
 * SavedModel) only convert tensors to and from their native types. See docs/model-conventions.md.
 */
package dev.colorize.model.convention;
