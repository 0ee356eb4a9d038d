package dev.funnel.events;

import java.util.Arrays;

/**
 * The kernel of a {@link Dialect}: it keeps one subject's events as they come (in the library's
 * chain order) and, when asked for the level, runs the engine's own algorithm over them. The
 * engines decide only once a subject's events are all in, and so does this kernel.
 *
 * <p>Events are kept as a time and a step mask (0 for a row that satisfies no condition, passed
 * only when the dialect {@linkplain Dialect#seesEveryRow() sees every row}). Memory: 12 bytes per
 * event of the subject, reused from subject to subject.
 */
final class DialectKernel implements Kernel {
  private final Dialect dialect;
  private final int steps;
  private final long window;
  private long[] times = new long[16];
  private int[] masks = new int[16];
  private int size;
  private boolean computed;
  private int level;
  private final long[] chain;
  private final long[] candidate;
  // Row k (steps entries from k * steps) is the chain that reached level k + 1 in the single-pass
  // engines: a later step-1 row restarts level 1 without changing the chains of higher levels.
  private final long[] chainOfLevel;

  DialectKernel(WindowFunnel funnel) {
    this.dialect = funnel.dialect().orElseThrow();
    this.steps = funnel.steps();
    this.window = funnel.window();
    this.chain = new long[steps];
    this.candidate = new long[steps];
    this.chainOfLevel = new long[steps * steps];
  }

  @Override
  public void reset() {
    size = 0;
    computed = false;
  }

  @Override
  public boolean accept(long time, int stepMask, int exclusions) {
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      masks = Arrays.copyOf(masks, size * 2);
    }
    times[size] = time;
    masks[size++] = stepMask;
    computed = false;
    return true;
  }

  @Override
  public int level() {
    if (!computed) {
      level =
          switch (dialect.engine()) {
            case CLICKHOUSE -> clickHouse();
            case DORIS, DORIS_V1 -> doris();
            case STARROCKS -> starRocks();
            case DUCKDB_BEHAVIORAL -> duckdb();
          };
      computed = true;
    }
    return level;
  }

  @Override
  public void copyFrom(Kernel other) {
    DialectKernel that = (DialectKernel) other;
    times = Arrays.copyOf(that.times, Math.max(16, that.size));
    masks = Arrays.copyOf(that.masks, Math.max(16, that.size));
    size = that.size;
    computed = that.computed;
    level = that.level;
    System.arraycopy(that.chain, 0, chain, 0, steps);
  }

  @Override
  public void chain(long[] out) {
    int reached = level();
    System.arraycopy(chain, 0, out, 0, reached);
  }

  /**
   * ClickHouse's single pass. Each row is one entry per condition it satisfies (condition 0 for a
   * row that satisfies none, under strict_order), in order of time, then condition.
   */
  private int clickHouse() {
    boolean strictOrder = dialect.has("strict_order");
    boolean dedup = dialect.has("strict_deduplication");
    boolean increase = dialect.has("strict_increase");
    boolean reentry = dialect.has("allow_reentry");
    long[] keys = entries();
    if (keys.length == 0) {
      return 0;
    }
    if (!strictOrder && steps == 1) {
      // ClickHouse answers 1 for any row of the one step; without strict_order every entry is one.
      chainOfLevel[0] = times[(int) (keys[0] >>> 32)];
      return withChain(1);
    }
    boolean[] reached = new boolean[steps];
    long[] start = new long[steps];
    boolean first = false;
    int previousCondition = 0;
    long previousTime = 0;
    for (int e = 0; e < keys.length; e++) {
      int index = (int) (keys[e] >>> 32);
      int condition = (int) keys[e] & 0xFF;
      long time = times[index];
      int step = condition - 1;
      if (step == -1) {
        if (first) {
          break;
        }
      } else if (step == 0) {
        if (strictOrder && first && steps > 1 && reached[1]) {
          if (!reentry) {
            break;
          }
        } else {
          reached[0] = true;
          start[0] = time;
          chainOfLevel[0] = time;
          first = true;
        }
      } else if (dedup && reached[step]) {
        // As ClickHouse's own tests answer: the level is the condition of the entry before.
        return claimed(reached, previousCondition, previousTime);
      } else if (strictOrder && first && !reached[step - 1]) {
        return withChain(leadingReached(reached));
      } else if (reached[step - 1]
          && time - start[step - 1] <= window
          && (!increase || reachedAt(step - 1) < time)) {
        reached[step] = true;
        start[step] = start[step - 1];
        advance(step, time);
        if (step + 1 == steps) {
          return withChain(steps);
        }
      }
      previousCondition = condition;
      previousTime = time;
    }
    for (int s = steps; s > 0; s--) {
      if (reached[s - 1]) {
        return withChain(s);
      }
    }
    return 0;
  }

  /** Records that step {@code step + 1} was reached at {@code time} by the chain of level step. */
  private void advance(int step, long time) {
    System.arraycopy(chainOfLevel, (step - 1) * steps, chainOfLevel, step * steps, step);
    chainOfLevel[step * steps + step] = time;
  }

  /** Returns when the chain of level {@code step + 1} reached that level. */
  private long reachedAt(int step) {
    return chainOfLevel[step * steps + step];
  }

  /**
   * Returns the level ClickHouse answers at a repeat under strict_deduplication, which no chain
   * need have reached: the chain is the one of the levels reached, then, for each step counted
   * beyond them, the time of the row whose condition was answered.
   */
  private int claimed(boolean[] reached, int level, long time) {
    int chained = Math.min(leadingReached(reached), level);
    withChain(chained);
    Arrays.fill(chain, chained, level, time);
    return level;
  }

  /** Returns the level, having made the chain that reached it the reported chain. */
  private int withChain(int level) {
    if (level > 0) {
      System.arraycopy(chainOfLevel, (level - 1) * steps, chain, 0, level);
    }
    return level;
  }

  /**
   * Returns the events as ClickHouse and StarRocks store them: one entry (event index, condition)
   * per condition a row satisfies, condition 0 for a row that satisfies none, in order of time,
   * then condition (entries alike in both are indistinguishable to the algorithms).
   */
  private long[] entries() {
    int entries = 0;
    for (int i = 0; i < size; i++) {
      entries += Math.max(1, Integer.bitCount(masks[i]));
    }
    long[] keys = new long[entries];
    int k = 0;
    for (int i = 0; i < size; i++) {
      int mask = masks[i];
      if (mask == 0) {
        keys[k++] = entry(i, 0);
      }
      for (int m = mask; m != 0; m &= m - 1) {
        keys[k++] = entry(i, Integer.numberOfTrailingZeros(m) + 1);
      }
    }
    sortByTimeThenCondition(keys);
    return keys;
  }

  private long entry(int index, int condition) {
    return ((long) index << 32) | condition;
  }

  /**
   * StarRocks's single pass: per level the start and the time it was reached, as in ClickHouse;
   * deduplication and fixed clear the whole chain where a row breaks it and keep the best level.
   */
  private int starRocks() {
    boolean dedup = dialect.has("deduplication");
    boolean fixed = dialect.has("fixed");
    boolean increase = dialect.has("increase");
    boolean[] reached = new boolean[steps];
    long[] start = new long[steps];
    // The time each level was reached; -1 until it is, as StarRocks starts it.
    long[] last = new long[steps];
    Arrays.fill(last, -1);
    int current = -1; // the highest level index of the chain in progress
    int best = -1;
    boolean first = false;
    for (long key : entries()) {
      int index = (int) (key >>> 32);
      int step = ((int) key & 0xFF) - 1;
      long time = times[index];
      if (step < 0) {
        continue;
      }
      if (step == 0) {
        reached[0] = true;
        start[0] = time;
        chainOfLevel[0] = time;
        if (!dedup && !fixed) {
          last[0] = time;
        }
        current = Math.max(current, 0);
        first = true;
      } else if ((dedup && reached[step]) || (fixed && first && !reached[step - 1])) {
        if (current >= 0) {
          best = Math.max(best, current);
          for (; current >= 0; current--) {
            reached[current] = false;
          }
        }
      } else if (reached[step - 1]
          && time - start[step - 1] <= window
          && (!increase || last[step - 1] < time)) {
        reached[step] = true;
        start[step] = start[step - 1];
        last[step] = time;
        advance(step, time);
        current = Math.max(current, step);
        if (step + 1 == steps) {
          return withChain(steps);
        }
      }
    }
    return withChain(Math.max(current, best) + 1);
  }

  /** Sorts entries by time, then condition, keeping the order of equal pairs. */
  private void sortByTimeThenCondition(long[] keys) {
    Long[] boxed = new Long[keys.length];
    for (int i = 0; i < keys.length; i++) {
      boxed[i] = keys[i];
    }
    Arrays.sort(
        boxed,
        (a, b) -> {
          int byTime = Long.compare(times[(int) (a >>> 32)], times[(int) (b >>> 32)]);
          return byTime != 0 ? byTime : Integer.compare((int) (a & 0xFF), (int) (b & 0xFF));
        });
    for (int i = 0; i < keys.length; i++) {
      keys[i] = boxed[i];
    }
  }

  private static int leadingReached(boolean[] reached) {
    int n = 0;
    while (n < reached.length && reached[n]) {
      n++;
    }
    return n;
  }

  /** Doris: the longest chain from any step-1 row, each row filling at most one step. */
  private int doris() {
    String mode = dialect.modes().iterator().next();
    int best = 0;
    for (int s = 0; s < size && best < steps; s++) {
      if ((masks[s] & 1) == 0) {
        continue;
      }
      candidate[0] = times[s];
      int reached = 1;
      int matched = 1; // bits of the conditions matched so far
      for (int j = s + 1; j < size && reached < steps; j++) {
        long time = times[j];
        int mask = masks[j];
        if (time - times[s] > window) {
          break;
        }
        boolean next = (mask & (1 << reached)) != 0;
        if (mode.equals("fixed")) {
          if (mask == 0 && dialect.engine() == Dialect.Engine.DORIS) {
            continue; // from 4.1, rows that satisfy no condition are not stored
          }
          if (!next) {
            break;
          }
        } else if (!next) {
          if (mode.equals("deduplication") && (mask & matched) != 0) {
            break; // a repeat of a matched condition passed over ends this chain
          }
          continue;
        }
        if (mode.equals("increase") && time <= candidate[reached - 1]) {
          continue;
        }
        candidate[reached] = time;
        matched |= 1 << reached;
        reached++;
      }
      if (reached > best) {
        best = reached;
        System.arraycopy(candidate, 0, chain, 0, reached);
      }
    }
    return best;
  }

  /** duckdb-behavioral: a greedy scan forward from every step-1 row; see {@link Dialect}. */
  private int duckdb() {
    boolean strict = dialect.has("strict");
    boolean strictOrder = dialect.has("strict_order");
    boolean dedup = dialect.has("strict_deduplication");
    boolean increase = dialect.has("strict_increase");
    boolean once = dialect.has("strict_once");
    boolean reentry = dialect.has("allow_reentry");
    int best = 0;
    for (int s = 0; s < size && best < steps; s++) {
      if ((masks[s] & 1) == 0) {
        continue;
      }
      long entry = times[s];
      int current = 1;
      long previous = entry;
      candidate[0] = entry;
      scan:
      for (int j = s + 1; j < size; j++) {
        long time = times[j];
        int mask = masks[j];
        if (time - entry > window) {
          break;
        }
        if (reentry && current > 1 && (mask & 1) != 0) {
          current = 1;
          previous = time;
          candidate[0] = time;
          continue;
        }
        if (strict
            && (mask & (1 << (current - 1))) != 0
            && (current >= steps || (mask & (1 << current)) == 0)) {
          break;
        }
        if (strictOrder && (mask & ((1 << current) - 1)) != 0) {
          break;
        }
        boolean matchesNext = current < steps && (mask & (1 << current)) != 0;
        if (dedup && time == previous && matchesNext) {
          continue;
        }
        if (increase && matchesNext && time <= previous) {
          continue;
        }
        while (current < steps && (mask & (1 << current)) != 0) {
          candidate[current] = time;
          current++;
          previous = time;
          if (current >= steps || once) {
            break;
          }
        }
        if (current >= steps) {
          break scan;
        }
      }
      if (current > best) {
        best = current;
        System.arraycopy(candidate, 0, chain, 0, current);
      }
    }
    return best;
  }
}
