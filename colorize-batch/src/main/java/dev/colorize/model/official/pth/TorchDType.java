package dev.colorize.model.official.pth;

/** The element types of PyTorch storages, by the storage class name pickles use. */
public enum TorchDType {
  FLOAT32("FloatStorage", 4),
  FLOAT64("DoubleStorage", 8),
  FLOAT16("HalfStorage", 2),
  BFLOAT16("BFloat16Storage", 2),
  INT64("LongStorage", 8),
  INT32("IntStorage", 4),
  INT16("ShortStorage", 2),
  INT8("CharStorage", 1),
  UINT8("ByteStorage", 1),
  BOOL("BoolStorage", 1);

  private final String storageClass;
  private final int bytes;

  TorchDType(String storageClass, int bytes) {
    this.storageClass = storageClass;
    this.bytes = bytes;
  }

  /** {@code FloatStorage}, ... as in {@code torch.FloatStorage}. */
  public String storageClass() {
    return storageClass;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  /** Whether values are floating point (and so become float32 network weights). */
  public boolean isFloating() {
    return this == FLOAT32 || this == FLOAT64 || this == FLOAT16 || this == BFLOAT16;
  }

  /** The type of a storage class name, or null. */
  public static TorchDType ofStorageClass(String name) {
    for (TorchDType t : values()) {
      if (t.storageClass.equals(name)) {
        return t;
      }
    }
    return null;
  }
}
