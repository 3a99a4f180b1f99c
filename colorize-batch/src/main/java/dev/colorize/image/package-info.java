/**
 * The image core: probing headers, decoding sources robustly (OpenCV, with GIF through
 * {@code javax.imageio}), preparing 256x256 ground-truth / gray pairs, CIE Lab conversion and the
 * on-disk cache of prepared pairs. Conventions are written down in {@code docs/image-conventions.md}.
 */
package dev.colorize.image;
