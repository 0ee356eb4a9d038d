package dev.funnel.io;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which columns of an event log hold what: the subject (who), the time, the event (what), and
 * optionally a segment column (a source, a brand, a country) that breaks the funnel down. Names are
 * matched against the header without regard to case or surrounding spaces; other columns are read
 * past. Immutable and thread-safe; equal settings are equal.
 *
 * <pre>{@code
 * EventColumns columns = EventColumns.builder()
 *     .subject("user_id").time("event_time").event("event_type")
 *     .segment("brand")
 *     .build();
 * }</pre>
 */
public final class EventColumns {
  private final String subject;
  private final String time;
  private final String event;
  private final @Nullable String segment;

  private EventColumns(Builder b) {
    this.subject = b.subject;
    this.time = b.time;
    this.event = b.event;
    this.segment = b.segment;
  }

  /** Returns a builder whose columns are named {@code subject}, {@code time} and {@code event}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the columns {@code subject}, {@code time} and {@code event}, without a segment. */
  public static EventColumns defaults() {
    return builder().build();
  }

  /** Returns the name of the subject column. */
  public String subject() {
    return subject;
  }

  /** Returns the name of the time column. */
  public String time() {
    return time;
  }

  /** Returns the name of the event column. */
  public String event() {
    return event;
  }

  /** Returns the name of the segment column, if there is one. */
  public Optional<String> segment() {
    return Optional.ofNullable(segment);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof EventColumns c
        && subject.equals(c.subject)
        && time.equals(c.time)
        && event.equals(c.event)
        && Objects.equals(segment, c.segment);
  }

  @Override
  public int hashCode() {
    return Objects.hash(subject, time, event, segment);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "EventColumns{subject=%s, time=%s, event=%s%s}",
        subject,
        time,
        event,
        segment == null ? "" : ", segment=" + segment);
  }

  /** Builds {@link EventColumns}; not thread-safe. */
  public static final class Builder {
    private String subject = "subject";
    private String time = "time";
    private String event = "event";
    private @Nullable String segment;

    private Builder() {}

    /** Sets the subject column's name. */
    public Builder subject(String name) {
      this.subject = checkName(name, "subject");
      return this;
    }

    /** Sets the time column's name. */
    public Builder time(String name) {
      this.time = checkName(name, "time");
      return this;
    }

    /** Sets the event column's name. */
    public Builder event(String name) {
      this.event = checkName(name, "event");
      return this;
    }

    /** Sets the segment column's name. */
    public Builder segment(String name) {
      this.segment = checkName(name, "segment");
      return this;
    }

    /**
     * Returns the columns.
     *
     * @throws IllegalArgumentException if two roles name the same column
     */
    public EventColumns build() {
      checkDistinct(subject, time, "subject", "time");
      checkDistinct(subject, event, "subject", "event");
      checkDistinct(time, event, "time", "event");
      if (segment != null) {
        checkDistinct(segment, subject, "segment", "subject");
        checkDistinct(segment, time, "segment", "time");
      }
      return new EventColumns(this);
    }

    private static String checkName(String name, String role) {
      requireNonNull(name, role);
      if (name.isBlank()) {
        throw new IllegalArgumentException("the " + role + " column's name is blank");
      }
      return name.strip();
    }

    private static void checkDistinct(String a, String b, String roleA, String roleB) {
      if (a.equalsIgnoreCase(b)) {
        throw new IllegalArgumentException(
            "the " + roleA + " and the " + roleB + " are both the column '" + a + "'");
      }
    }
  }
}
