package dev.colorize.model.official.pth;

/**
 * A value a state dict does not need, kept only as the name of what would have built it (e.g.
 * {@code numpy.core.multiarray.scalar} for an optimiser's learning rate). Nothing was called to
 * make it; a tensor never is one.
 *
 * @param constructor the global the pickle would have called, {@code module.name}
 */
public record OpaqueValue(String constructor) {}
