package dev.funnel.events;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A partial aggregation that can be merged with others, in this process or another: the contract a
 * distributed engine relies on when events of one subject are spread over several partitions. Each
 * partition makes a state with {@link WindowFunnel#state}; states of equal funnel definitions
 * ({@link WindowFunnel#equals}) combine with {@link #plus} in any grouping and any order, or many
 * at once with an {@link Accumulator}; they cross processes as bytes ({@link #toBytes()}, {@link
 * #fromBytes}); {@link #finish()} gives the counts of everything merged, and {@link
 * Aggregation#run(FunnelState)} everything a batch gives (per-subject levels and chains, conversion
 * times).
 *
 * <p>Like ClickHouse's {@code windowFunnel} state, it keeps the events that match a step or an
 * exclusion (12 bytes each plus the subject id, 8), because a subject's level cannot be known
 * before all its events are; and the id (8 bytes) of each subject of its batch none of whose events
 * there matched anything, so that such a subject still counts, at level 0, as {@link
 * WindowFunnel#aggregate} and ClickHouse count it. So that merging in any order gives the same
 * answer, events with equal timestamps and equal lowest step are put in code order, not input
 * order; this only matters when steps share codes.
 *
 * <p>Laws: {@code a.plus(b).plus(c)} equals {@code a.plus(b.plus(c))}, {@code a.plus(b)} finishes
 * like {@code b.plus(a)}, the empty state is the identity, the states of any partition of a batch,
 * merged, finish with exactly the batch's result, level 0 included, and a state read back from its
 * bytes finishes as the state did. {@link #plus} copies both states (merging m states one by one
 * costs O(m × n)); an {@link Accumulator} costs O(total events). Immutable and thread-safe.
 */
public final class FunnelState {
  private static final int FORMAT_VERSION = 1;

  /**
   * Returns the version of the binary form this library writes and reads: 1 today, and higher in a
   * library that writes a newer form (so a method, not a constant compiled into callers).
   */
  public static int formatVersion() {
    return FORMAT_VERSION;
  }

  private static final int MAGIC = 0x464E5354; // "FNST"

  private final WindowFunnel funnel;
  private final long[] subjects;
  private final long[] timestamps;
  private final int[] codes;
  // Subjects seen only with events that match nothing (in some state merged here); distinct per
  // state of one batch, possibly repeated after merging.
  private final long[] idle;

  FunnelState(WindowFunnel funnel, long[] subjects, long[] timestamps, int[] codes, long[] idle) {
    this.funnel = funnel;
    this.subjects = subjects;
    this.timestamps = timestamps;
    this.codes = codes;
    this.idle = idle;
  }

  static FunnelState of(WindowFunnel funnel, EventBatch batch) {
    long[] s = batch.subjects();
    long[] t = batch.timestamps();
    int[] c = batch.codes();
    Grouping.verify(funnel, batch);
    int kept = 0;
    for (int i = 0; i < c.length; i++) {
      if (relevant(funnel, c[i])) {
        kept++;
      }
    }
    long[] subjects = new long[kept];
    long[] timestamps = new long[kept];
    int[] codes = new int[kept];
    int k = 0;
    for (int i = 0; i < c.length; i++) {
      if (relevant(funnel, c[i])) {
        subjects[k] = s[i];
        timestamps[k] = t[i];
        codes[k++] = c[i];
      }
    }
    return new FunnelState(
        funnel,
        subjects,
        timestamps,
        codes,
        difference(distinct(s.clone()), distinct(subjects.clone())));
  }

  private static boolean relevant(WindowFunnel funnel, int code) {
    return funnel.isRelevant(code);
  }

  /** Sorts the ids and returns them without repeats. */
  private static long[] distinct(long[] ids) {
    Arrays.sort(ids);
    int n = 0;
    for (int i = 0; i < ids.length; i++) {
      if (n == 0 || ids[i] != ids[n - 1]) {
        ids[n++] = ids[i];
      }
    }
    return Arrays.copyOf(ids, n);
  }

  /** Returns the sorted distinct ids of {@code all} that are not in {@code some} (both so). */
  private static long[] difference(long[] all, long[] some) {
    long[] result = new long[all.length];
    int n = 0;
    int j = 0;
    for (long id : all) {
      while (j < some.length && some[j] < id) {
        j++;
      }
      if (j == some.length || some[j] != id) {
        result[n++] = id;
      }
    }
    return Arrays.copyOf(result, n);
  }

  /** Returns the funnel definition this state belongs to. */
  public WindowFunnel funnel() {
    return funnel;
  }

  /** Returns the number of events kept. */
  public int events() {
    return codes.length;
  }

  /**
   * Returns the state holding the events of both.
   *
   * @throws IllegalArgumentException if the states belong to different funnel definitions
   */
  public FunnelState plus(FunnelState other) {
    requireNonNull(other, "other");
    checkSameFunnel(funnel, other.funnel);
    return concat(funnel, List.of(this, other));
  }

  private static void checkSameFunnel(WindowFunnel funnel, WindowFunnel other) {
    checkArgument(
        funnel.equals(other),
        "cannot merge states of different funnel definitions: %s and %s",
        funnel,
        other);
  }

  /** Returns one state holding the events of all, each array copied once. */
  private static FunnelState concat(WindowFunnel funnel, List<FunnelState> states) {
    int events = 0;
    int idleIds = 0;
    for (FunnelState state : states) {
      events += state.codes.length;
      idleIds += state.idle.length;
    }
    long[] subjects = new long[events];
    long[] timestamps = new long[events];
    int[] codes = new int[events];
    long[] idle = new long[idleIds];
    int e = 0;
    int d = 0;
    for (FunnelState state : states) {
      int n = state.codes.length;
      System.arraycopy(state.subjects, 0, subjects, e, n);
      System.arraycopy(state.timestamps, 0, timestamps, e, n);
      System.arraycopy(state.codes, 0, codes, e, n);
      System.arraycopy(state.idle, 0, idle, d, state.idle.length);
      e += n;
      d += state.idle.length;
    }
    return new FunnelState(funnel, subjects, timestamps, codes, idle);
  }

  /**
   * Returns the counts of every subject whose events were merged, exactly as one batch of all the
   * events gives them: a subject none of whose events matched anything counts at level 0.
   */
  public LevelCounts finish() {
    return funnel.aggregation().run(this).counts();
  }

  /**
   * The kept events regrouped by subject, with equal timestamps in code order, so that the order of
   * the input, and of merging, changes nothing: a grouped batch.
   */
  EventBatch groupedEvents() {
    Grouping grouping =
        Grouping.of(funnel, EventBatch.arbitrary(subjects, timestamps, codes), true);
    // A grouped batch lists subjects in ascending order; the regrouping's groups need not be.
    Integer[] order = new Integer[grouping.groups];
    Arrays.setAll(order, g -> g);
    long[] byId = grouping.subjectIds;
    Arrays.sort(order, Comparator.comparingLong(g -> byId[g]));
    int n = grouping.offsets[grouping.groups];
    long[] ids = new long[n];
    long[] times = new long[n];
    int[] eventCodes = new int[n];
    int k = 0;
    for (int g : order) {
      int from = grouping.offsets[g];
      int length = grouping.offsets[g + 1] - from;
      Arrays.fill(ids, k, k + length, byId[g]);
      System.arraycopy(grouping.timestamps, from, times, k, length);
      System.arraycopy(grouping.codes, from, eventCodes, k, length);
      k += length;
    }
    return EventBatch.grouped(ids, times, eventCodes);
  }

  /** Returns the sorted, distinct ids of the subjects that have no kept event in the state. */
  long[] idleSubjects() {
    return difference(distinct(idle.clone()), distinct(subjects.clone()));
  }

  /**
   * Returns the state as bytes, to be read back with {@link #fromBytes} by any process that has an
   * equal funnel definition.
   *
   * <p>Layout, big-endian: the magic number {@code 0x464E5354} ("FNST"), the format version (int,
   * {@link #formatVersion()}, 1), the definition's 64-bit fingerprint (long), the number of events
   * and of idle subjects (unsigned varints); then the events in the state's canonical order (by
   * subject, then time, then code), each as three varints: the subject minus the previous one and
   * the timestamp minus the previous one (both zigzag-encoded), and the code; then the idle subject
   * ids, sorted, as zigzag varints of their differences; last a CRC-32 (int) of every byte before
   * it. An event takes 3 to 5 bytes when subjects are grouped and times close, 25 at most; an idle
   * subject 1 to 10.
   */
  public byte[] toBytes() {
    EventBatch events = groupedEvents();
    long[] idleIds = idleSubjects();
    Bytes out = new Bytes(16 + 5 * events.size() + 2 * idleIds.length);
    out.putInt(MAGIC);
    out.putInt(FORMAT_VERSION);
    out.putLong(funnel.fingerprint());
    out.putVarint(events.size());
    out.putVarint(idleIds.length);
    long previousSubject = 0;
    long previousTime = 0;
    long[] s = events.subjects();
    long[] t = events.timestamps();
    int[] c = events.codes();
    for (int i = 0; i < s.length; i++) {
      out.putVarint(zigzag(s[i] - previousSubject));
      out.putVarint(zigzag(t[i] - previousTime));
      out.putVarint(c[i]);
      previousSubject = s[i];
      previousTime = t[i];
    }
    long previous = 0;
    for (long id : idleIds) {
      out.putVarint(zigzag(id - previous));
      previous = id;
    }
    out.putInt(out.crc());
    return out.toArray();
  }

  /**
   * Reads a state written by {@link #toBytes()}, for {@code funnel}.
   *
   * @throws IllegalArgumentException if the bytes are not a state (wrong magic number), come from
   *     another format version, were written for another funnel definition, are truncated or
   *     corrupted (the checksum does not match), or hold a code outside the funnel's range or a
   *     negative timestamp; the message says which, with the byte offset where it applies
   */
  public static FunnelState fromBytes(WindowFunnel funnel, byte[] bytes) {
    requireNonNull(funnel, "funnel");
    requireNonNull(bytes, "bytes");
    checkArgument(
        bytes.length >= 22, "a funnel state takes at least 22 bytes, got %s", bytes.length);
    Reader in = new Reader(bytes);
    int magic = in.getInt();
    checkArgument(
        magic == MAGIC,
        "not a funnel state: the first four bytes are 0x%s",
        Integer.toHexString(magic));
    int version = in.getInt();
    checkArgument(
        version == FORMAT_VERSION,
        "the state was written in format version %s; this library reads version %s",
        version,
        FORMAT_VERSION);
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    int stored = Reader.intAt(bytes, bytes.length - 4);
    checkArgument(
        (int) crc.getValue() == stored,
        "the state is corrupted or truncated: its checksum does not match (%s bytes)",
        bytes.length);
    checkArgument(
        in.getLong() == funnel.fingerprint(),
        "the state was written for another funnel definition than %s",
        funnel);
    int n = in.getCount("events");
    int m = in.getCount("idle subjects");
    long[] subjects = new long[n];
    long[] timestamps = new long[n];
    int[] codes = new int[n];
    long subject = 0;
    long time = 0;
    for (int i = 0; i < n; i++) {
      subject += unzigzag(in.getVarint());
      time += unzigzag(in.getVarint());
      int offset = in.position();
      long code = in.getVarint();
      checkArgument(time >= 0, "negative timestamp %s in event %s at byte %s", time, i, offset);
      checkArgument(
          code >= 0 && code < funnel.eventCodes(),
          "event code %s at byte %s is outside the funnel's range [0, %s)",
          code,
          offset,
          funnel.eventCodes());
      subjects[i] = subject;
      timestamps[i] = time;
      codes[i] = (int) code;
    }
    long[] idle = new long[m];
    long id = 0;
    for (int i = 0; i < m; i++) {
      id += unzigzag(in.getVarint());
      idle[i] = id;
    }
    checkArgument(
        in.position() == bytes.length - 4,
        "the state has %s bytes after its content, before the checksum",
        bytes.length - 4 - in.position());
    return new FunnelState(funnel, subjects, timestamps, codes, idle);
  }

  private static long zigzag(long value) {
    return (value << 1) ^ (value >> 63);
  }

  private static long unzigzag(long value) {
    return (value >>> 1) ^ -(value & 1);
  }

  /**
   * Merges many states in time proportional to their total size, as Guava's {@code
   * StatsAccumulator} merges statistics: {@link #add} each state (or its bytes), then {@link
   * #snapshot()} or {@link #finish()}. Get one from {@link WindowFunnel#stateAccumulator()}.
   *
   * <p>Not thread-safe: one accumulator per thread, or synchronise around it.
   */
  public static final class Accumulator {
    private final WindowFunnel funnel;
    // States are immutable, so keeping them and copying their arrays once, in snapshot(), costs
    // the same O(total events) as copying as they come.
    private final List<FunnelState> states = new ArrayList<>();

    Accumulator(WindowFunnel funnel) {
      this.funnel = funnel;
    }

    /**
     * Adds a state's events.
     *
     * @throws IllegalArgumentException if the state belongs to another funnel definition; the
     *     accumulator is unchanged then
     */
    public Accumulator add(FunnelState state) {
      requireNonNull(state, "state");
      checkSameFunnel(funnel, state.funnel);
      states.add(state);
      return this;
    }

    /**
     * Adds a state read from bytes; see {@link FunnelState#fromBytes}.
     *
     * @throws IllegalArgumentException as {@link FunnelState#fromBytes} does; the accumulator is
     *     unchanged then
     */
    public Accumulator add(byte[] state) {
      return add(fromBytes(funnel, state));
    }

    /** Returns a state holding every event added so far. */
    public FunnelState snapshot() {
      return concat(funnel, states);
    }

    /** Returns the counts of everything added so far; see {@link FunnelState#finish()}. */
    public LevelCounts finish() {
      return snapshot().finish();
    }
  }

  /** A growable big-endian byte buffer with varints and a CRC-32. */
  private static final class Bytes {
    private byte[] bytes;
    private int size;

    Bytes(int capacity) {
      bytes = new byte[Math.max(32, capacity)];
    }

    private void ensure(int more) {
      if (bytes.length - size < more) {
        bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
      }
    }

    void putInt(int value) {
      ensure(4);
      for (int shift = 24; shift >= 0; shift -= 8) {
        bytes[size++] = (byte) (value >>> shift);
      }
    }

    void putLong(long value) {
      putInt((int) (value >>> 32));
      putInt((int) value);
    }

    void putVarint(long value) {
      ensure(10);
      while ((value & ~0x7FL) != 0) {
        bytes[size++] = (byte) ((value & 0x7F) | 0x80);
        value >>>= 7;
      }
      bytes[size++] = (byte) value;
    }

    int crc() {
      CRC32 crc = new CRC32();
      crc.update(bytes, 0, size);
      return (int) crc.getValue();
    }

    byte[] toArray() {
      return Arrays.copyOf(bytes, size);
    }
  }

  /** Reads what {@link Bytes} wrote, naming the offset where the bytes run out. */
  private static final class Reader {
    private final byte[] bytes;
    private final int end;
    private int position;

    Reader(byte[] bytes) {
      this.bytes = bytes;
      this.end = bytes.length - 4; // the checksum
    }

    static int intAt(byte[] bytes, int at) {
      return ((bytes[at] & 0xFF) << 24)
          | ((bytes[at + 1] & 0xFF) << 16)
          | ((bytes[at + 2] & 0xFF) << 8)
          | (bytes[at + 3] & 0xFF);
    }

    int position() {
      return position;
    }

    int getInt() {
      checkArgument(position + 4 <= bytes.length, "the state is truncated at byte %s", position);
      int value = intAt(bytes, position);
      position += 4;
      return value;
    }

    long getLong() {
      return ((long) getInt() << 32) | (getInt() & 0xFFFFFFFFL);
    }

    long getVarint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        checkArgument(position < end, "the state is truncated at byte %s", position);
        byte b = bytes[position++];
        value |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("a number longer than 10 bytes ends at byte " + position);
    }

    int getCount(String what) {
      int offset = position;
      long count = getVarint();
      // Each counted item takes at least one byte, so no count can exceed what is left.
      checkArgument(
          count >= 0 && count <= end - position,
          "the state claims %s %s at byte %s, more than its %s bytes can hold",
          count,
          what,
          offset,
          bytes.length);
      return (int) count;
    }
  }
}
