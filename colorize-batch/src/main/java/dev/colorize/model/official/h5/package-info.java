/**
 * Keras 2 {@code .h5} weight files (ChromaGAN's), read with jHDF: layer groups, weight names,
 * float32 datasets streamed into native arrays. See {@code docs/official-models.md}.
 */
package dev.colorize.model.official.h5;
