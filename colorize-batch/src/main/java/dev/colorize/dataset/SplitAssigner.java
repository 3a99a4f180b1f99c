package dev.colorize.dataset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Assigns a split from the sample id alone, so the same image lands in the same split on every
 * machine, in every run and whatever else is in the dataset: the first 8 bytes of SHA-256 of the
 * UTF-8 id, read as an unsigned big-endian number, give a position in [0, 1); positions below
 * {@code train} are TRAIN, below {@code train + val} VAL, the rest TEST.
 */
public final class SplitAssigner {

  private final SplitFractions fractions;
  private final MessageDigest sha256;

  public SplitAssigner(SplitFractions fractions) {
    this.fractions = fractions;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  public SplitFractions fractions() {
    return fractions;
  }

  /** The split of the sample with this id. Not thread-safe (one digest per assigner). */
  public Split assign(String id) {
    double u = position(sha256, id);
    if (u < fractions.train()) {
      return Split.TRAIN;
    }
    if (u < fractions.train() + fractions.val()) {
      return Split.VAL;
    }
    return Split.TEST;
  }

  /** The id's position in [0, 1), as described in the class comment. */
  public static double position(String id) {
    try {
      return position(MessageDigest.getInstance("SHA-256"), id);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  private static double position(MessageDigest digest, String id) {
    byte[] hash = digest.digest(id.getBytes(StandardCharsets.UTF_8));
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = (bits << 8) | (hash[i] & 0xff);
    }
    // The top 53 bits fill a double's mantissa exactly: a uniform value in [0, 1).
    return (bits >>> 11) * 0x1.0p-53;
  }
}
