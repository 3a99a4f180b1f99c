package dev.colorize.model.official.pth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes pickle opcodes by hand, for crafted test files. */
final class PickleBytes {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static PickleBytes protocol(int p) {
    PickleBytes b = new PickleBytes();
    b.op(0x80).op(p);
    return b;
  }

  PickleBytes op(int code) {
    out.write(code);
    return this;
  }

  PickleBytes global(String module, String name) {
    op('c');
    byte[] text = (module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(text);
    return this;
  }

  PickleBytes string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    op('X');
    int n = b.length;
    out.write(n & 0xff);
    out.write((n >> 8) & 0xff);
    out.write((n >> 16) & 0xff);
    out.write((n >> 24) & 0xff);
    out.writeBytes(b);
    return this;
  }

  PickleBytes int1(int v) {
    return op('K').op(v);
  }

  PickleBytes mark() {
    return op('(');
  }

  PickleBytes tuple() {
    return op('t');
  }

  PickleBytes reduce() {
    return op('R');
  }

  PickleBytes stop() {
    return op('.');
  }

  byte[] bytes() {
    return out.toByteArray();
  }
}
