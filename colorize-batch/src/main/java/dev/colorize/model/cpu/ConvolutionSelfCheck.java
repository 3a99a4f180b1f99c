package dev.colorize.model.cpu;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The child JVM of {@link InstructionSetChoice}: runs {@link ConvolutionCheck#selfCheckShapes()}
 * with whatever {@code DNNL_MAX_CPU_ISA} its environment has (oneDNN reads it once, when it
 * first runs; a JVM cannot change it for itself) and prints one JSON line, a
 * {@link SelfCheckResult}. Exit status 0 whether or not the convolutions were right; any other
 * status (a crash, an illegal instruction) means the candidate is unusable.
 */
public final class ConvolutionSelfCheck {
  /** Marks the result line among whatever else the JVM prints. */
  static final String PREFIX = "colorize-convolution-self-check ";

  private ConvolutionSelfCheck() {}

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    Engine engine = Engine.getEngine("PyTorch");
    List<ConvolutionCheck.Case> cases = ConvolutionCheck.selfCheckShapes();
    int wrong = 0;
    int wrongBlocked = 0;
    String firstWrong = null;
    String firstWrongBlocked = null;
    double worstRight = 0;
    for (ConvolutionCheck.Case c : cases) {
      ConvolutionCheck.Errors e = ConvolutionCheck.check(c.reference(), ConvolutionCheck.PLAIN)[0];
      if (e.right()) {
        worstRight = Math.max(worstRight, e.worst());
        continue;
      }
      String what = c.reference() + ": " + e;
      wrong++;
      firstWrong = firstWrong == null ? what : firstWrong;
      if (c.blocked()) {
        wrongBlocked++;
        firstWrongBlocked = firstWrongBlocked == null ? what : firstWrongBlocked;
      }
    }
    SelfCheckResult result = new SelfCheckResult(System.getenv("DNNL_MAX_CPU_ISA"),
        engine.getVersion(), cases.size(), wrong, wrongBlocked, firstWrong, firstWrongBlocked,
        worstRight, (System.nanoTime() - start) / 1e9,
        InstructionSetChoice.POISON.equals(System.getenv("MALLOC_PERTURB_")) && poisonSeen());
    System.out.println(PREFIX + new ObjectMapper().writeValueAsString(result));
  }

  /**
   * Whether a fresh, uninitialised PyTorch tensor (64 KiB: from glibc's heap, not a fresh mmap,
   * and past its per-thread cache) holds the poison's float, 0x7f7f7f7f. If another allocator is
   * in use, a poisoned run proves nothing about uninitialised reads.
   */
  static boolean poisonSeen() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      float[] fresh = manager.create(new Shape(16 * 1024), DataType.FLOAT32).toFloatArray();
      float poison = Float.intBitsToFloat(0x7f7f7f7f);
      int poisoned = 0;
      for (float v : fresh) {
        poisoned += v == poison ? 1 : 0;
      }
      // Allocator bookkeeping may overwrite a few words at the start.
      return poisoned > fresh.length / 2;
    }
  }
}
