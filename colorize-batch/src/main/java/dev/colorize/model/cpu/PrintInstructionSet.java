package dev.colorize.model.cpu;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * For {@code bin/colorize}: prints the {@code DNNL_MAX_CPU_ISA} {@link InstructionSetChoice}
 * chose for this machine and this JVM's classpath (checking first when nothing is kept), and how
 * it was chosen on standard error. {@code --builtin}: the choice for training a built-in network;
 * {@code --refresh}: check again.
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
    System.out.println(options.contains("--builtin") ? choice.builtin() : choice.any());
  }
}
