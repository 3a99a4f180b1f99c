/**
 * ChromaGAN's published colorization network: its exact structure with Keras's semantics, the
 * recognition of its {@code .h5} file's layers, loading and writing it. See
 * {@code docs/official-models.md}.
 */
package dev.colorize.model.official.chromagan;
