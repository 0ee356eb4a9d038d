package dev.funnel.spark;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * The aggregation buffer of {@code window_funnel}: one group's events that match a step, as (time,
 * set of steps) pairs, and the window and the number of steps they were given with. Spark keeps it
 * as an object while it aggregates a partition and moves it as {@link #getState()}'s bytes, 12 per
 * event and 16 more, between partitions. Public only because Spark's bean encoder needs it; not
 * part of the library's API. Not thread-safe.
 */
public final class WindowFunnelBuffer implements Serializable {
  private static final long serialVersionUID = 1L;

  long window = -1;
  int steps = -1;
  String mode = "";
  // Whether rows that match no step are kept: 0 not known yet (asked once per buffer, not
  // written with it), 1 yes, 2 no.
  private transient int keepsUnmatched;
  long[] times = new long[4];
  int[] stepSets = new int[4];
  int size;

  /** Makes an empty buffer. */
  public WindowFunnelBuffer() {}

  /** Whether rows that match no step are kept, asking {@code dialect} the first time. */
  boolean keepsUnmatched(BooleanSupplier dialect) {
    if (keepsUnmatched == 0) {
      keepsUnmatched = dialect.getAsBoolean() ? 1 : 2;
    }
    return keepsUnmatched == 1;
  }

  void add(long time, int stepSet) {
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      stepSets = Arrays.copyOf(stepSets, size * 2);
    }
    times[size] = time;
    stepSets[size++] = stepSet;
  }

  /**
   * Returns the buffer as bytes: window, steps, the mode's length and UTF-8 bytes, the number of
   * events, then each event's time and steps.
   */
  public byte[] getState() {
    byte[] modeBytes = mode.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(20 + modeBytes.length + 12 * size);
    out.putLong(window).putInt(steps).putInt(modeBytes.length).put(modeBytes).putInt(size);
    for (int i = 0; i < size; i++) {
      out.putLong(times[i]).putInt(stepSets[i]);
    }
    return out.array();
  }

  /** Makes the buffer the one {@link #getState()} wrote. */
  public void setState(byte[] state) {
    ByteBuffer in = ByteBuffer.wrap(state);
    window = in.getLong();
    steps = in.getInt();
    byte[] modeBytes = new byte[in.getInt()];
    in.get(modeBytes);
    mode = new String(modeBytes, StandardCharsets.UTF_8);
    size = in.getInt();
    times = new long[Math.max(4, size)];
    stepSets = new int[Math.max(4, size)];
    for (int i = 0; i < size; i++) {
      times[i] = in.getLong();
      stepSets[i] = in.getInt();
    }
  }
}
