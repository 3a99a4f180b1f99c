/**
 * The {@code savedmodel} engine: runs a TensorFlow SavedModel directory (for example ChromaGAN's
 * Keras generator converted with {@code load_model(h5).save(dir)}) through TensorFlow Java, with a
 * {@link dev.colorize.model.convention.Convention} doing the model's pre- and post-processing.
 */
package dev.colorize.model.tf;
