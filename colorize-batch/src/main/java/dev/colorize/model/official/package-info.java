/**
 * The {@code official} engine: ChromaGAN, DeOldify and InstColor as their authors publish them.
 * {@code pth} reads PyTorch files safely; {@link dev.colorize.model.official.TorchBlock} and
 * {@link dev.colorize.model.official.TorchOps} are the DJL side of a network written against
 * its PyTorch state-dict keys; each network family has its own package. See
 * {@code docs/official-models.md}.
 */
package dev.colorize.model.official;
