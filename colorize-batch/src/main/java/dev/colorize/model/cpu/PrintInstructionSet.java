package dev.colorize.model.cpu;

import java.io.File;
import java.nio.file.Path;
import dev.colorize.model.builtin.PaddedConv2d;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For {@code bin/colorize}: prints the {@code DNNL_MAX_CPU_ISA} {@link InstructionSetChoice}
 * chose for this machine and this JVM's classpath (checking first when nothing is kept), and how
 * it was chosen on standard error. {@code --padded} (or {@code --builtin}): the choice for a JVM that runs
 * built-in and official networks only (every convolution through {@code PaddedConv2d});
 * {@code --refresh}: check again; {@code --environment}: instead of the instruction set alone,
 * every variable a model JVM gets ({@link InstructionSetChoice.Choice#environment}), one
 * {@code NAME=value} per line, with {@code MALLOC_PERTURB_=0} (off) where no fill is needed, so
 * that a caller can set each one.
 */
public final class PrintInstructionSet {
  private PrintInstructionSet() {}

  public static void main(String[] args) {
    List<String> options = List.of(args);
    List<Path> classpath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(Path.of(entry));
    }
    Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
    InstructionSetChoice.Choice choice = InstructionSetChoice.forClasspath(java, classpath)
        .choose(options.contains("--refresh"));
    System.err.println("colorize: " + choice.describe());
    boolean padded = options.contains("--padded") || options.contains("--builtin");
    if (options.contains("--environment")) {
      Map<String, String> environment = new LinkedHashMap<>(choice.environment(padded));
      environment.putIfAbsent("MALLOC_PERTURB_", "0");
      environment.putIfAbsent(PaddedConv2d.SWITCH_VARIABLE, "true");
      environment.forEach((name, value) -> System.out.println(name + "=" + value));
    } else {
      System.out.println(padded ? choice.padded() : choice.any());
    }
  }
}
