package dev.funnel.io;

import java.util.Arrays;

/**
 * Numbers the distinct pairs of an event id and the mask of filters a row passes 0, 1, 2, … in the
 * order they are first seen: the event codes of a read with filters. An event's codes are chained,
 * and an event has few (one for each mix of filters its rows pass), so a lookup walks a short
 * chain. Not thread-safe.
 */
final class EventCodes {
  private int[] eventOf = new int[16];
  private long[] maskOf = new long[16];
  private int[] next = new int[16];
  // The first code of each event id, -1 for none yet.
  private int[] first = filled(16);
  private int size;

  int size() {
    return size;
  }

  int event(int code) {
    return eventOf[code];
  }

  long mask(int code) {
    return maskOf[code];
  }

  /** Returns the code of {@code (event, mask)}, adding it if it is new. */
  int codeOf(int event, long mask) {
    if (event >= first.length) {
      int from = first.length;
      first = Arrays.copyOf(first, Math.max(event + 1, from * 2));
      Arrays.fill(first, from, first.length, -1);
    }
    int code = first[event];
    int last = -1;
    while (code >= 0) {
      if (maskOf[code] == mask) {
        return code;
      }
      last = code;
      code = next[code];
    }
    if (size == eventOf.length) {
      eventOf = Arrays.copyOf(eventOf, size * 2);
      maskOf = Arrays.copyOf(maskOf, size * 2);
      next = Arrays.copyOf(next, size * 2);
    }
    eventOf[size] = event;
    maskOf[size] = mask;
    next[size] = -1;
    if (last < 0) {
      first[event] = size;
    } else {
      next[last] = size;
    }
    return size++;
  }

  private static int[] filled(int length) {
    int[] a = new int[length];
    Arrays.fill(a, -1);
    return a;
  }
}
