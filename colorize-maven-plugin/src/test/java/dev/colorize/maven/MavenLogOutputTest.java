package dev.colorize.maven;

import static dev.colorize.maven.MavenLogOutput.levelOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.colorize.maven.MavenLogOutput.Level;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.Log;
import org.junit.jupiter.api.Test;

class MavenLogOutputTest {

  @Test
  void plainLinesFollowTheirStream() {
    assertEquals(Level.INFO, levelOf("evaluate: 120/500 images, 35.2 img/s", false));
    assertEquals(Level.WARN, levelOf("<datasets><dataset>[1] <format> is 'x'", true));
  }

  @Test
  void slf4jSimpleLinesKeepTheirLevel() {
    assertEquals(Level.WARN, levelOf("[main] WARN dev.colorize.job.JobRunner - recovered", false));
    assertEquals(Level.ERROR, levelOf("[main] ERROR o.s.b.c.step.AbstractStep - boom", false));
    assertEquals(Level.INFO, levelOf("[main] INFO dev.colorize.job.JobRunner - started", true));
    assertEquals(Level.DEBUG, levelOf("DEBUG something", false));
  }

  @Test
  void levelWordsInsideTheMessageDoNotCount() {
    assertEquals(Level.INFO, levelOf("skipped 3 images: ERROR reading JPEG", false));
    assertEquals(Level.INFO, levelOf("WARNINGS: none", false));
  }

  @Test
  void nativeLinesKeepTheirSeverity() {
    assertEquals(Level.WARN, levelOf("[W1126 12:43:10.649394476 NNPACK.cpp:57] Could not"
        + " initialize NNPACK! Reason: Unsupported hardware.", false));
    assertEquals(Level.ERROR, levelOf("[E1126 12:43:10.649394476 Module.cpp:12] bad", false));
    assertEquals(Level.INFO, levelOf("[I1126 12:43:10.649394476 Module.cpp:12] note", true));
    assertEquals(Level.INFO, levelOf("2026-11-26 12:45:42.639529: I tensorflow/cc/saved_model/"
        + "loader.cc:466] SavedModel load for tags { serve }; Status: success: OK.", true));
    assertEquals(Level.WARN, levelOf("2026-11-26 12:45:42.639529: W tensorflow/core/x.cc:1] w",
        true));
    assertEquals(Level.INFO, levelOf("I0000 00:00:1795697121.995445   28493 "
        + "mlir_graph_optimization_pass.cc:401] MLIR V1 optimization pass is not enabled", true));
  }

  @Test
  void aRepeatedNativeWarningIsLoggedOnceAtItsLevelAndThenAtDebug() {
    List<String> logged = new ArrayList<>();
    Log log = (Log) Proxy.newProxyInstance(Log.class.getClassLoader(), new Class<?>[] {Log.class},
        (proxy, method, args) -> {
          if (args != null && args.length == 1 && args[0] instanceof CharSequence text) {
            logged.add(method.getName() + " " + text);
          }
          return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
        });
    MavenLogOutput output = new MavenLogOutput(log);
    String first = "[W1126 12:43:10.649394476 NNPACK.cpp:57] Could not initialize NNPACK!";
    String again = "[W1126 12:43:11.000000001 NNPACK.cpp:57] Could not initialize NNPACK!";
    String other = "[W1126 12:43:12.000000001 Conv.cpp:9] Could not initialize NNPACK!";
    output.line(first, true);
    output.line(again, true);
    output.line(again, false);
    output.line(other, true);
    output.line("evaluate: 10/20 images", false);
    assertEquals(List.of("warn " + first, "debug " + again, "debug " + again, "warn " + other,
        "info evaluate: 10/20 images"), logged);
  }
}
