package dev.funnel.events;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.MoreObjects;
import com.google.common.primitives.ImmutableLongArray;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a window funnel found for one subject: the level it reached and the timestamps of the chain
 * that reached it. Given to a {@link SubjectListener} and returned by {@link
 * WindowFunnel#evaluate}.
 *
 * <p>Immutable and thread-safe. Equal when level and chain are equal.
 */
public final class SubjectResult {
  private static final SubjectResult NONE = new SubjectResult(0, ImmutableLongArray.of());

  private final int level;
  private final ImmutableLongArray chain;

  SubjectResult(int level, ImmutableLongArray chain) {
    requireNonNull(chain, "chain");
    checkArgument(
        chain.length() == level, "a chain of level %s has %s timestamps", level, chain.length());
    this.level = level;
    this.chain = chain;
  }

  /** Returns the result of a subject that did not reach step 1: level 0, no chain. */
  public static SubjectResult none() {
    return NONE;
  }

  /** Returns the level: how many steps the subject reached, 0 to the number of steps. */
  public int level() {
    return level;
  }

  /**
   * Returns the timestamps of the chain's steps, step 1 first; {@link #level()} of them, in the
   * batch's time unit.
   */
  public ImmutableLongArray chain() {
    return chain;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SubjectResult other && level == other.level && chain.equals(other.chain);
  }

  @Override
  public int hashCode() {
    return Objects.hash(level, chain);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this).add("level", level).add("chain", chain).toString();
  }
}
