package dev.colorize.model.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.config.ConfigurationException;
import dev.colorize.model.convention.Tensor;
import dev.colorize.model.tf.ModelSignature.OutputBinding;
import dev.colorize.model.tf.ModelSignature.TensorSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSignatureTest {

  private static final String ELEMENT = "<models><model>[1] 'm' ";

  private static final TensorSpec IMAGE =
      new TensorSpec("image", "DT_FLOAT", new long[] {-1, 224, 224, 3});
  private static final TensorSpec BOXES =
      new TensorSpec("boxes", "DT_FLOAT", new long[] {-1, 4});
  private static final TensorSpec AB =
      new TensorSpec("ab", "DT_FLOAT", new long[] {-1, 224, 224, 2});
  private static final TensorSpec CLASSES =
      new TensorSpec("cls", "DT_FLOAT", new long[] {-1, 1000});

  private static Tensor tensor(String name, long... shape) {
    long size = 1;
    for (long d : shape) {
      size *= d;
    }
    return new Tensor(name, shape, new float[(int) size]);
  }

  @Test
  void singleInputIsBoundWhateverTheConventionCallsIt() {
    ModelSignature signature = new ModelSignature("s", List.of(IMAGE), List.of(AB));
    assertEquals(List.of("image"),
        signature.bindInputs(List.of(tensor("gray", 2, 224, 224, 3)), List.of(), ELEMENT));
  }

  @Test
  void severalInputsAreBoundByNameOrByTheDeclaredOrder() {
    ModelSignature signature = new ModelSignature("s", List.of(IMAGE, BOXES), List.of(AB));
    List<Tensor> fed = List.of(tensor("boxes", 1, 4), tensor("image", 1, 224, 224, 3));
    assertEquals(List.of("boxes", "image"), signature.bindInputs(fed, List.of(), ELEMENT));
    List<Tensor> unnamed = List.of(tensor("x", 1, 224, 224, 3), tensor("y", 1, 4));
    assertEquals(List.of("image", "boxes"),
        signature.bindInputs(unnamed, List.of("image", "boxes"), ELEMENT));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> signature.bindInputs(unnamed, List.of(), ELEMENT));
    assertEquals(ELEMENT + "<options><inputNames>", e.element());
    assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("image"),
        e.getMessage());
  }

  @Test
  void declaredInputsMustMatchTheConventionsCountAndLeaveNoInputUnfed() {
    ModelSignature signature = new ModelSignature("s", List.of(IMAGE, BOXES), List.of(AB));
    List<Tensor> one = List.of(tensor("image", 1, 224, 224, 3));
    assertTrue(assertThrows(ConfigurationException.class,
        () -> signature.bindInputs(one, List.of("image", "boxes"), ELEMENT))
        .getMessage().contains("lists 2 names but the convention feeds 1"));
    assertTrue(assertThrows(ConfigurationException.class,
        () -> signature.bindInputs(one, List.of(), ELEMENT))
        .getMessage().contains("exactly once"));
  }

  @Test
  void wrongShapeOrDtypeIsRefusedWithBothShapes() {
    ModelSignature signature = new ModelSignature("s", List.of(IMAGE), List.of(AB));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> signature.bindInputs(List.of(tensor("g", 1, 256, 256, 3)), List.of(), ELEMENT));
    assertEquals(ELEMENT + "<convention>", e.element());
    assertTrue(e.getMessage().contains("[1, 256, 256, 3]")
        && e.getMessage().contains("[-1, 224, 224, 3]"), e.getMessage());
    ModelSignature bytes = new ModelSignature("s",
        List.of(new TensorSpec("image", "DT_UINT8", new long[] {-1, 224, 224, 3})), List.of(AB));
    assertTrue(assertThrows(ConfigurationException.class,
        () -> bytes.bindInputs(List.of(tensor("g", 1, 224, 224, 3)), List.of(), ELEMENT))
        .getMessage().contains("DT_UINT8"));
  }

  @Test
  void unknownRankAcceptsAnyShape() {
    ModelSignature signature = new ModelSignature("s",
        List.of(new TensorSpec("image", "DT_FLOAT", null)), List.of(AB));
    assertEquals(List.of("image"),
        signature.bindInputs(List.of(tensor("g", 1, 2, 3)), List.of(), ELEMENT));
  }

  @Test
  void withoutDeclaredOutputsEveryFloatOutputIsPassedUnderItsOwnName() {
    TensorSpec argmax = new TensorSpec("argmax", "DT_INT64", new long[] {-1});
    ModelSignature signature = new ModelSignature("s", List.of(IMAGE),
        List.of(CLASSES, argmax, AB));
    assertEquals(List.of(new OutputBinding("cls", "cls"), new OutputBinding("ab", "ab")),
        signature.bindOutputs(List.of(), ELEMENT));
    ModelSignature onlyInts = new ModelSignature("s", List.of(IMAGE), List.of(argmax));
    assertEquals(ELEMENT + "<options><signature>", assertThrows(ConfigurationException.class,
        () -> onlyInts.bindOutputs(List.of(), ELEMENT)).element());
  }

  @Test
  void declaredOutputsAreSelectedInOrderAndMayBeRenamed() {
    TensorSpec argmax = new TensorSpec("argmax", "DT_INT64", new long[] {-1});
    ModelSignature signature = new ModelSignature("s", List.of(IMAGE),
        List.of(CLASSES, AB, argmax));
    assertEquals(List.of(new OutputBinding("ab", "ab"), new OutputBinding("cls", "class")),
        signature.bindOutputs(List.of("ab", "class = cls"), ELEMENT));
    assertEquals(List.of(new OutputBinding("ab", "ab")),
        signature.bindOutputs(List.of("ab"), ELEMENT));
    assertTrue(assertThrows(ConfigurationException.class,
        () -> signature.bindOutputs(List.of("ab", "ab"), ELEMENT)).getMessage()
        .contains("twice"));
    assertTrue(assertThrows(ConfigurationException.class,
        () -> signature.bindOutputs(List.of("x=ab", "x=cls"), ELEMENT)).getMessage()
        .contains("twice"));
    assertTrue(assertThrows(ConfigurationException.class,
        () -> signature.bindOutputs(List.of("argmax"), ELEMENT)).getMessage()
        .contains("DT_INT64"));
    assertTrue(assertThrows(ConfigurationException.class,
        () -> signature.bindOutputs(List.of("=ab"), ELEMENT)).getMessage()
        .contains("conventionName=name"));
    ConfigurationException unknown = assertThrows(ConfigurationException.class,
        () -> signature.bindOutputs(List.of("probabilities"), ELEMENT));
    assertEquals(ELEMENT + "<options><outputNames>", unknown.element());
    assertTrue(unknown.getMessage().contains("cls DT_FLOAT [-1, 1000]"), unknown.getMessage());
  }

  @Test
  void namesOptionIsSplitOnCommasAndRefusesEmptyNames() {
    assertEquals(List.of(), ModelSignature.parseNames(null, "x"));
    assertEquals(List.of(), ModelSignature.parseNames(" ", "x"));
    assertEquals(List.of("a", "b c"), ModelSignature.parseNames(" a , b c", "x"));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ModelSignature.parseNames("a,,b", ELEMENT + "<options><outputNames>"));
    assertEquals(ELEMENT + "<options><outputNames>", e.element());
  }
}
