package dev.colorize.model.official.pth;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Writes pickle protocol 2 opcodes: just what a state dict and {@code torch.save}'s legacy
 * headers need (the same vocabulary {@link RestrictedUnpickler} accepts). No memo: every value
 * is written once.
 */
final class PickleWriter {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  PickleWriter() {
    out.write(0x80); // PROTO
    out.write(2);
  }

  PickleWriter global(String module, String name) {
    out.write('c');
    ascii(module + "\n" + name + "\n");
    return this;
  }

  PickleWriter mark() {
    out.write('(');
    return this;
  }

  PickleWriter tuple() {
    out.write('t');
    return this;
  }

  PickleWriter emptyTuple() {
    out.write(')');
    return this;
  }

  PickleWriter reduce() {
    out.write('R');
    return this;
  }

  PickleWriter emptyDict() {
    out.write('}');
    return this;
  }

  PickleWriter setItems() {
    out.write('u');
    return this;
  }

  PickleWriter emptyList() {
    out.write(']');
    return this;
  }

  PickleWriter appends() {
    out.write('e');
    return this;
  }

  PickleWriter persistentId() {
    out.write('Q'); // BINPERSID
    return this;
  }

  PickleWriter none() {
    out.write('N');
    return this;
  }

  PickleWriter bool(boolean value) {
    out.write(value ? 0x88 : 0x89); // NEWTRUE, NEWFALSE
    return this;
  }

  PickleWriter string(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.write('X'); // BINUNICODE
    int32(utf8.length);
    out.write(utf8, 0, utf8.length);
    return this;
  }

  PickleWriter integer(long value) {
    if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
      out.write('J'); // BININT
      int32((int) value);
      return this;
    }
    return bigInteger(BigInteger.valueOf(value));
  }

  /** LONG1: little-endian two's complement. */
  PickleWriter bigInteger(BigInteger value) {
    byte[] be = value.toByteArray();
    out.write(0x8a);
    out.write(be.length);
    for (int i = be.length - 1; i >= 0; i--) {
      out.write(be[i]);
    }
    return this;
  }

  /** A tuple of integers (shapes, strides). */
  PickleWriter integers(long[] values) {
    mark();
    for (long v : values) {
      integer(v);
    }
    return tuple();
  }

  byte[] stop() {
    out.write('.');
    return out.toByteArray();
  }

  private void int32(int v) {
    out.write(v & 0xff);
    out.write((v >>> 8) & 0xff);
    out.write((v >>> 16) & 0xff);
    out.write((v >>> 24) & 0xff);
  }

  private void ascii(String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    out.write(b, 0, b.length);
  }
}
