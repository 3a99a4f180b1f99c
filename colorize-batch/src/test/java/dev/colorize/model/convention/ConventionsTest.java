package dev.colorize.model.convention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConventionsTest {

  @Test
  void everyIdResolvesToItsConvention() {
    for (String id : Conventions.ids()) {
      assertEquals(id, Conventions.byId(id).id());
    }
    assertTrue(Conventions.ids().contains("lab"));
  }

  @Test
  void unknownIdListsTheKnownOnes() {
    UnknownConventionException e =
        assertThrows(UnknownConventionException.class, () -> Conventions.byId("pix2pix"));
    assertEquals("pix2pix", e.id());
    assertTrue(e.getMessage().contains("'pix2pix'"), e.getMessage());
    for (String id : Conventions.ids()) {
      assertTrue(e.getMessage().contains(id), e.getMessage());
    }
    assertThrows(UnknownConventionException.class, () -> Conventions.byId(null));
  }
}
