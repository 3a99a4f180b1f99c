/**
 * Models: the {@link dev.colorize.model.Colorizer} contract (L planes in, Lab out), engines that
 * load declared models, and the registry the run configuration is checked against. The
 * {@code gray} engine is the no-chroma baseline every colorizer must beat.
 */
package dev.colorize.model;
