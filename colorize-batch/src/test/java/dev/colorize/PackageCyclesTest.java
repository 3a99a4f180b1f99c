package dev.colorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.plan.RunPlan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The packages of colorize-batch form no dependency cycle (read from the compiled classes with
 * the JDK's jdeps). The layers are in docs/architecture.md: config is plain data, plan resolves
 * it, jobs and the report read the plan, the CLI wires them. {@code dev.colorize.model} and its
 * subpackages count as one package: the registry knows the engines it ships.
 */
class PackageCyclesTest {

  @Test
  void packagesFormNoCycle() throws Exception {
    Map<String, Set<String>> dependencies = dependencies();
    assertTrue(dependencies.containsKey("dev.colorize.plan"), "jdeps read the classes");
    List<List<String>> cycles = new ArrayList<>();
    for (String from : dependencies.keySet()) {
      for (String to : dependencies.get(from)) {
        List<String> back = path(dependencies, to, from);
        if (back != null && from.compareTo(to) < 0) {
          List<String> cycle = new ArrayList<>(List.of(from));
          cycle.addAll(back);
          cycles.add(cycle);
        }
      }
    }
    assertEquals(List.of(), cycles, "package cycles (each from a package back to itself)");
  }

  /** Package -> packages it uses, within dev.colorize, model subpackages folded into model. */
  private static Map<String, Set<String>> dependencies() throws Exception {
    Path classes = Path.of(RunPlan.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    StringWriter out = new StringWriter();
    int status = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package",
        "-filter:none", classes.toString());
    assertEquals(0, status, out.toString());
    Map<String, Set<String>> dependencies = new TreeMap<>();
    for (String line : out.toString().split("\\R")) {
      String[] words = line.trim().split("\\s+");
      if (words.length >= 3 && words[1].equals("->") && words[0].startsWith("dev.colorize")
          && words[2].startsWith("dev.colorize")) {
        String from = fold(words[0]);
        String to = fold(words[2]);
        if (!from.equals(to)) {
          dependencies.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
        }
      }
    }
    return dependencies;
  }

  private static String fold(String pkg) {
    return pkg.startsWith("dev.colorize.model.") ? "dev.colorize.model" : pkg;
  }

  /** A dependency path from one package to another (both included), or null. */
  private static List<String> path(Map<String, Set<String>> dependencies, String from,
      String to) {
    Map<String, String> reachedFrom = new TreeMap<>();
    List<String> queue = new ArrayList<>(List.of(from));
    reachedFrom.put(from, from);
    for (int i = 0; i < queue.size(); i++) {
      String current = queue.get(i);
      if (current.equals(to)) {
        List<String> path = new ArrayList<>();
        for (String p = to; !p.equals(from); p = reachedFrom.get(p)) {
          path.add(0, p);
        }
        path.add(0, from);
        return path;
      }
      for (String next : dependencies.getOrDefault(current, Set.of())) {
        if (reachedFrom.putIfAbsent(next, current) == null) {
          queue.add(next);
        }
      }
    }
    return null;
  }
}
