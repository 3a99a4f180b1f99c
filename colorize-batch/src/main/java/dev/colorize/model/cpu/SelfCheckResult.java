package dev.colorize.model.cpu;

/**
 * What one run of {@link ConvolutionSelfCheck} found under one {@code DNNL_MAX_CPU_ISA}.
 *
 * @param isa               the candidate (null: oneDNN's default, everything the CPU has)
 * @param pytorch           the PyTorch version that ran
 * @param cases             convolutions checked
 * @param wrong             how many were wrong (forward or a gradient beyond the tolerance, or
 *                          non-finite)
 * @param wrongBlocked      how many of those have the channel counts the built-in networks use
 * @param firstWrong        the first wrong one and its errors, or null
 * @param firstWrongBlocked the first wrong one among the blocked, or null
 * @param worstRightError   the largest relative error among the right ones
 * @param seconds           how long the check took, JVM start not included
 * @param poisonSeen        whether a fresh PyTorch tensor read as glibc's poison, so that the
 *                          convolutions met poisoned memory: false also when the run was not
 *                          poisoned
 */
public record SelfCheckResult(String isa, String pytorch, int cases, int wrong, int wrongBlocked,
    String firstWrong, String firstWrongBlocked, double worstRightError, double seconds,
    boolean poisonSeen) {

  /** Every convolution right: the candidate suits any model. */
  public boolean allRight() {
    return cases > 0 && wrong == 0;
  }

  /** The built-in networks' convolutions right: the candidate suits them. */
  public boolean blockedRight() {
    return cases > 0 && wrongBlocked == 0;
  }
}
