package dev.colorize.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EpochChoiceTest {

  private static List<Integer> steps(int epochs) {
    return IntStream.rangeClosed(1, epochs).map(e -> e * 10).boxed().toList();
  }

  @Test
  void allStepsWhenTheyFit() {
    assertEquals(steps(5), EpochChoice.choose(steps(5), 30, 10));
  }

  @Test
  void firstBestLastAndEvenlySpacedOnesOtherwise() {
    for (int epochs : new int[] {11, 37, 200}) {
      for (int best : new int[] {10, 70, epochs * 10}) {
        List<Integer> chosen = EpochChoice.choose(steps(epochs), best, 10);
        assertEquals(10, chosen.size(), chosen.toString());
        assertEquals(10, chosen.get(0));
        assertEquals(epochs * 10, chosen.get(chosen.size() - 1));
        assertTrue(chosen.contains(best), chosen + " best " + best);
        assertEquals(chosen.stream().sorted().distinct().toList(), chosen, "ascending, once");
      }
    }
    assertEquals(List.of(10, 210, 410, 600, 800, 1000), EpochChoice.choose(steps(100), -1, 6));
  }

  @Test
  void refusesFewerThanThreeColumns() {
    assertThrows(IllegalArgumentException.class, () -> EpochChoice.choose(steps(5), 10, 2));
  }
}
