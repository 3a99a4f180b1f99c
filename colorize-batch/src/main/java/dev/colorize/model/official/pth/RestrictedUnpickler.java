package dev.colorize.model.official.pth;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pickle reader (protocols 2 to 5) that understands exactly what a PyTorch state dict needs and
 * refuses everything else before it could run. {@code pickle.load} calls any global a file names
 * ({@code os.system}, {@code builtins.eval}, ...); this reader knows a fixed set of globals and
 * builds Java values for them itself:
 *
 * <ul>
 *   <li>{@code collections.OrderedDict}: an ordered {@link Map};
 *   <li>{@code torch._utils._rebuild_tensor_v2}, {@code _rebuild_tensor}: a {@link TorchTensor}
 *       (nothing read yet); {@code torch._utils._rebuild_parameter}: its tensor;
 *   <li>{@code torch.FloatStorage} and the other storage types: only inside a persistent id;
 *   <li>numpy's scalar and array constructors ({@code numpy.core.multiarray.scalar},
 *       {@code _reconstruct}, {@code numpy.dtype}, the {@code numpy.ndarray} class, and their
 *       {@code numpy._core} names): an {@link OpaqueValue}, and never called. fastai 1.x saves
 *       its optimiser's hyper-parameters ({@code lr}, {@code betas}) as numpy scalars in the
 *       {@code 'opt'} entry beside the weights (DeOldify's critic files); they are not weights,
 *       and this way such a file is read rather than refused;
 *   <li>{@code _codecs.encode(text, 'latin1')}: the bytes, as pickle protocol 2 writes bytes
 *       (numpy's scalars in a legacy {@code .pth}).
 * </ul>
 *
 * Any other global is refused with {@link UnsafePickleException} when the pickle names it (its
 * GLOBAL or STACK_GLOBAL opcode), and so are the opcodes that build arbitrary objects
 * ({@code INST}, {@code OBJ}, extension registry codes) and protocol-0 text opcodes. Values:
 * {@code None} is null, ints are {@link Long} (or {@link BigInteger}), floats {@link Double},
 * strings {@link String}, bytes {@code byte[]}, lists {@link List}, tuples {@link PyTuple}, dicts
 * ordered {@link Map}s. A dict's attribute state (BUILD, e.g. a state dict's {@code _metadata})
 * is dropped. Persistent ids (storages) go to a {@link PersistentLoader}.
 */
public final class RestrictedUnpickler {

  /** Resolves a persistent id ({@code BINPERSID}): storages of a {@code .pth} file. */
  @FunctionalInterface
  public interface PersistentLoader {
    Object load(PyTuple id) throws PthFormatException;
  }

  /** The globals a state dict can name. */
  private enum Known { ORDERED_DICT, REBUILD_TENSOR_V2, REBUILD_TENSOR, REBUILD_PARAMETER,
    STORAGE_TYPE, NUMPY_CONSTRUCTOR, NUMPY_CLASS, CODECS_ENCODE }

  /** A resolved global: {@code module.name} and what it stands for. */
  record Global(String module, String name, Known known) {
    String qualified() {
      return module + "." + name;
    }

    /** The element type, for a storage type. */
    TorchDType dtype() {
      return known == Known.STORAGE_TYPE ? TorchDType.ofStorageClass(name) : null;
    }
  }

  private static final Object MARK = new Object();
  private static final int MAX_FRAME = Integer.MAX_VALUE;

  private final String source;
  private final InputStream in;
  private final long limit;
  private final PersistentLoader persistent;
  private long position;
  private List<Object> stack = new ArrayList<>();
  private final List<List<Object>> metastack = new ArrayList<>();
  private final Map<Long, Object> memo = new LinkedHashMap<>();

  /**
   * @param source the file, for messages
   * @param in the pickle's bytes (read up to its STOP opcode, not beyond)
   * @param limit bytes that can remain in the input at most (a bound on lengths read)
   * @param persistent resolves persistent ids; null refuses them
   */
  public RestrictedUnpickler(String source, InputStream in, long limit,
      PersistentLoader persistent) {
    this.source = source;
    this.in = in;
    this.limit = limit;
    this.persistent = persistent;
  }

  /** Bytes consumed so far. */
  public long position() {
    return position;
  }

  /** Reads one pickle up to its STOP opcode and returns its value. */
  public Object load() throws IOException {
    while (true) {
      long at = position;
      int op = u8();
      switch (op) {
        case 0x80 -> { // PROTO
          int protocol = u8();
          if (protocol > 5) {
            throw format("uses pickle protocol " + protocol + ", newer than 5", at);
          }
        }
        case 0x95 -> fixed(8); // FRAME: a length hint only
        case '.' -> { // STOP
          Object value = pop(at);
          return value;
        }
        case '(' -> { // MARK
          metastack.add(stack);
          stack = new ArrayList<>();
        }
        case '}' -> push(new LinkedHashMap<Object, Object>());
        case ']' -> push(new ArrayList<Object>());
        case ')' -> push(new PyTuple(List.of()));
        case 'N' -> push(null);
        case 0x88 -> push(Boolean.TRUE);
        case 0x89 -> push(Boolean.FALSE);
        case 'J' -> push((long) le(4, true));
        case 'K' -> push((long) u8());
        case 'M' -> push(le(2, false));
        case 0x8a -> push(longN(u8(), at)); // LONG1
        case 0x8b -> push(longN(length(4, at), at)); // LONG4
        case 'G' -> push(Double.longBitsToDouble(be8()));
        case 'X' -> push(text(length(4, at), at)); // BINUNICODE
        case 0x8c -> push(text(u8(), at)); // SHORT_BINUNICODE
        case 0x8d -> push(text(length(8, at), at)); // BINUNICODE8
        case 'T' -> push(latin1(length(4, at), at)); // BINSTRING
        case 'U' -> push(latin1(u8(), at)); // SHORT_BINSTRING
        case 'B' -> push(fixed(length(4, at))); // BINBYTES
        case 'C' -> push(fixed(u8())); // SHORT_BINBYTES
        case 0x8e -> push(fixed(length(8, at))); // BINBYTES8
        case 't' -> push(new PyTuple(new ArrayList<>(popMark(at))));
        case 0x85 -> push(tuple(1, at));
        case 0x86 -> push(tuple(2, at));
        case 0x87 -> push(tuple(3, at));
        case 'q' -> memo.put((long) u8(), peek(at)); // BINPUT
        case 'r' -> memo.put(le(4, false), peek(at)); // LONG_BINPUT
        case 0x94 -> memo.put((long) memo.size(), peek(at)); // MEMOIZE
        case 'h' -> push(memoGet(u8(), at)); // BINGET
        case 'j' -> push(memoGet(le(4, false), at)); // LONG_BINGET
        case '0' -> pop(at); // POP
        case '1' -> popMark(at); // POP_MARK
        case '2' -> push(peek(at)); // DUP
        case 'a' -> { // APPEND
          Object item = pop(at);
          list(peek(at), at).add(item);
        }
        case 'e' -> { // APPENDS
          List<Object> items = popMark(at);
          list(peek(at), at).addAll(items);
        }
        case 's' -> { // SETITEM
          Object value = pop(at);
          Object key = pop(at);
          dict(peek(at), at).put(key, value);
        }
        case 'u' -> { // SETITEMS
          List<Object> items = popMark(at);
          Map<Object, Object> dict = dict(peek(at), at);
          for (int i = 0; i + 1 < items.size(); i += 2) {
            dict.put(items.get(i), items.get(i + 1));
          }
        }
        case 'c' -> push(global(line(at), line(at), at)); // GLOBAL
        case 0x93 -> { // STACK_GLOBAL
          Object name = pop(at);
          Object module = pop(at);
          if (!(module instanceof String m) || !(name instanceof String n)) {
            throw format("has a STACK_GLOBAL without two strings", at);
          }
          push(global(m, n, at));
        }
        case 'R' -> { // REDUCE
          Object args = pop(at);
          Object callable = pop(at);
          push(call(callable, args, at));
        }
        case 0x81 -> { // NEWOBJ
          Object args = pop(at);
          Object cls = pop(at);
          if (cls instanceof Global g && g.known() == Known.ORDERED_DICT) {
            push(new LinkedHashMap<Object, Object>());
          } else {
            throw unsafe("constructs " + describe(cls) + " (NEWOBJ)", at);
          }
        }
        case 'b' -> { // BUILD
          Object state = pop(at);
          Object target = peek(at);
          // A numpy value's dtype or array state is not needed (OpaqueValue).
          if (!(target instanceof OpaqueValue)
              && (!(target instanceof Map) || !(state instanceof Map || state == null))) {
            throw unsafe("sets the state of " + describe(target) + " (BUILD)", at);
          }
          // A state dict's attributes (_metadata: per-module versions) are not weights.
        }
        case 'Q' -> { // BINPERSID
          Object id = pop(at);
          if (persistent == null || !(id instanceof PyTuple tuple)) {
            throw format("has a persistent id where none is expected", at);
          }
          push(persistent.load(tuple));
        }
        default -> throw unsafe(opcodeText(op) + ", which a state dict never uses and which"
            + " could build arbitrary objects; refused", at);
      }
    }
  }

  private Global global(String module, String name, long at) throws UnsafePickleException {
    Known known = switch (module + "." + name) {
      case "collections.OrderedDict" -> Known.ORDERED_DICT;
      case "torch._utils._rebuild_tensor_v2" -> Known.REBUILD_TENSOR_V2;
      case "torch._utils._rebuild_tensor" -> Known.REBUILD_TENSOR;
      case "torch._utils._rebuild_parameter" -> Known.REBUILD_PARAMETER;
      case "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar",
          "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
          "numpy.dtype" -> Known.NUMPY_CONSTRUCTOR;
      case "numpy.ndarray" -> Known.NUMPY_CLASS;
      case "_codecs.encode" -> Known.CODECS_ENCODE;
      default -> module.equals("torch") && TorchDType.ofStorageClass(name) != null
          ? Known.STORAGE_TYPE : null;
    };
    if (known == null) {
      throw unsafe("names the global " + module + "." + name + ", which a state dict never"
          + " needs; refused before anything ran (only tensors, storages, ordered dicts and"
          + " plain values are read)", at);
    }
    return new Global(module, name, known);
  }

  private Object call(Object callable, Object args, long at) throws PthFormatException {
    if (!(callable instanceof Global g)) {
      throw unsafe("calls " + describe(callable) + " (REDUCE)", at);
    }
    if (!(args instanceof PyTuple a)) {
      throw format("calls " + g.qualified() + " without an argument tuple", at);
    }
    switch (g.known()) {
      case ORDERED_DICT -> {
        if (a.size() != 0) {
          throw unsafe("calls collections.OrderedDict with arguments", at);
        }
        return new LinkedHashMap<Object, Object>();
      }
      case REBUILD_TENSOR_V2, REBUILD_TENSOR -> {
        if (a.size() < 4) {
          throw format("calls " + g.qualified() + " with " + a.size() + " arguments", at);
        }
        if (!(a.get(0) instanceof TorchStorage storage)) {
          throw format("rebuilds a tensor from " + describe(a.get(0)) + ", not a storage", at);
        }
        long offset = integer(a.get(1), "storage offset", at);
        long[] shape = longs(a.get(2), "size", at);
        long[] stride = longs(a.get(3), "stride", at);
        if (shape.length != stride.length) {
          throw format("rebuilds a tensor with size " + a.get(2) + " and stride " + a.get(3), at);
        }
        return new TorchTensor(storage, offset, shape, stride);
      }
      case REBUILD_PARAMETER -> {
        if (a.size() < 1 || !(a.get(0) instanceof TorchTensor tensor)) {
          throw format("rebuilds a parameter from something that is not a tensor", at);
        }
        return tensor;
      }
      case NUMPY_CONSTRUCTOR -> {
        return new OpaqueValue(g.qualified());
      }
      case CODECS_ENCODE -> {
        // protocol 2 pickles bytes as _codecs.encode(text, 'latin1'): only that is built
        if (a.size() != 2 || !(a.get(0) instanceof String text)
            || !("latin1".equals(a.get(1)) || "latin-1".equals(a.get(1)))) {
          throw unsafe("calls _codecs.encode with " + a.items() + " (only (text, 'latin1'),"
              + " protocol 2's bytes, is read)", at);
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
      }
      default -> throw unsafe("calls " + g.qualified() + ", a " + (g.known() == Known.NUMPY_CLASS
          ? "class" : "storage type") + ", as a function", at);
    }
  }

  private static String describe(Object value) {
    if (value instanceof Global g) {
      return g.qualified();
    }
    if (value instanceof OpaqueValue o) {
      return "a value built by " + o.constructor();
    }
    return value == null ? "None" : value.getClass().getSimpleName();
  }

  private static String opcodeText(int op) {
    String name = switch (op) {
      case 'i' -> "INST";
      case 'o' -> "OBJ";
      case 0x82, 0x83, 0x84 -> "EXT";
      case 0x92 -> "NEWOBJ_EX";
      case 'P' -> "PERSID";
      default -> null;
    };
    String hex = String.format("0x%02x", op);
    return name == null ? "the opcode " + hex : "the opcode " + name + " (" + hex + ")";
  }

  private long integer(Object value, String what, long at) throws PthFormatException {
    if (value instanceof Long l) {
      return l;
    }
    throw format("has a tensor " + what + " that is " + describe(value) + ", not an int", at);
  }

  private long[] longs(Object value, String what, long at) throws PthFormatException {
    if (!(value instanceof PyTuple t)) {
      throw format("has a tensor " + what + " that is " + describe(value) + ", not a tuple", at);
    }
    long[] out = new long[t.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = integer(t.get(i), what, at);
      if (out[i] < 0) {
        throw format("has a negative tensor " + what + " " + t.items(), at);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private List<Object> list(Object value, long at) throws PthFormatException {
    if (value instanceof List<?> l && !(value instanceof PyTuple)) {
      return (List<Object>) l;
    }
    throw format("appends to " + describe(value) + ", not a list", at);
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Object> dict(Object value, long at) throws PthFormatException {
    if (value instanceof Map<?, ?> m) {
      return (Map<Object, Object>) m;
    }
    throw format("sets an item of " + describe(value) + ", not a dict", at);
  }

  private PyTuple tuple(int n, long at) throws PthFormatException {
    Object[] items = new Object[n];
    for (int i = n - 1; i >= 0; i--) {
      items[i] = pop(at);
    }
    List<Object> list = new ArrayList<>(n);
    for (Object item : items) {
      list.add(item);
    }
    return new PyTuple(list);
  }

  private Object memoGet(long key, long at) throws PthFormatException {
    if (!memo.containsKey(key)) {
      throw format("refers to memo entry " + key + ", which was never stored", at);
    }
    return memo.get(key);
  }

  private void push(Object value) {
    stack.add(value);
  }

  private Object pop(long at) throws PthFormatException {
    if (stack.isEmpty()) {
      throw format("pops an empty stack", at);
    }
    return stack.remove(stack.size() - 1);
  }

  private Object peek(long at) throws PthFormatException {
    if (stack.isEmpty()) {
      throw format("reads an empty stack", at);
    }
    return stack.get(stack.size() - 1);
  }

  private List<Object> popMark(long at) throws PthFormatException {
    if (metastack.isEmpty()) {
      throw format("closes a MARK that was never opened", at);
    }
    List<Object> items = stack;
    stack = metastack.remove(metastack.size() - 1);
    return items;
  }

  private Object longN(long n, long at) throws IOException {
    byte[] little = fixed(n);
    if (little.length == 0) {
      return 0L;
    }
    byte[] big = new byte[little.length];
    for (int i = 0; i < little.length; i++) {
      big[i] = little[little.length - 1 - i];
    }
    BigInteger value = new BigInteger(big);
    return value.bitLength() < 64 ? (Object) value.longValue() : value;
  }

  private String text(long n, long at) throws IOException {
    return new String(fixed(n), StandardCharsets.UTF_8);
  }

  private String latin1(long n, long at) throws IOException {
    return new String(fixed(n), StandardCharsets.ISO_8859_1);
  }

  private String line(long at) throws IOException {
    StringBuilder s = new StringBuilder();
    for (int c = u8(); c != '\n'; c = u8()) {
      if (s.length() > 256) {
        throw format("has a global name longer than 256 characters", at);
      }
      s.append((char) c);
    }
    return s.toString();
  }

  private long length(int bytes, long at) throws IOException {
    long n = le(bytes, false);
    if (n < 0 || n > limit - position || n > MAX_FRAME) {
      throw format("declares a length of " + n + " bytes, more than the file holds"
          + " (truncated?)", at);
    }
    return n;
  }

  private long le(int bytes, boolean signed) throws IOException {
    long v = 0;
    for (int i = 0; i < bytes; i++) {
      v |= ((long) u8()) << (8 * i);
    }
    if (signed && bytes < 8 && (v & (1L << (8 * bytes - 1))) != 0) {
      v -= 1L << (8 * bytes);
    }
    return v;
  }

  private long be8() throws IOException {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | u8();
    }
    return v;
  }

  private byte[] fixed(long n) throws IOException {
    if (n > limit - position) {
      throw truncated();
    }
    byte[] b = in.readNBytes((int) n);
    if (b.length < n) {
      throw truncated();
    }
    position += n;
    return b;
  }

  private int u8() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw truncated();
    }
    position++;
    return b;
  }

  private PthFormatException truncated() {
    return new PthFormatException(source + " ends inside a pickle at byte " + position
        + " (truncated or not a PyTorch file)", new EOFException());
  }

  private PthFormatException format(String what, long at) {
    return new PthFormatException(source + " is not a readable state dict: its pickle " + what
        + " (at byte " + at + ")");
  }

  private UnsafePickleException unsafe(String what, long at) {
    return new UnsafePickleException(source + " is refused: its pickle " + what + " (at byte "
        + at + ")");
  }
}
