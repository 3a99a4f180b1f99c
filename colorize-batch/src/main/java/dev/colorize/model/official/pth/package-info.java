/**
 * Reading PyTorch {@code .pth} files without Python and without running their pickles: a
 * restricted unpickler that knows only what a state dict needs, both container formats (the
 * legacy stream of {@code torch.save} before PyTorch 1.6, and the zip archive since), and the
 * streaming of each tensor's bytes into a native array. See {@code docs/official-models.md}.
 */
package dev.colorize.model.official.pth;
