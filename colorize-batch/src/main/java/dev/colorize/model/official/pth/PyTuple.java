package dev.colorize.model.official.pth;

import java.util.List;

/** A Python tuple from a pickle (items may be null: Python's None). */
public record PyTuple(List<Object> items) {

  public int size() {
    return items.size();
  }

  public Object get(int i) {
    return items.get(i);
  }
}
