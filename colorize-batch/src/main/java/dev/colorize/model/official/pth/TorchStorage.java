package dev.colorize.model.official.pth;

/**
 * A storage a pickle refers to by persistent id: its key (a zip entry name under {@code data/},
 * or the key of a record after the legacy stream's pickles), element type and element count.
 */
public record TorchStorage(String key, TorchDType dtype, long numel) {}
