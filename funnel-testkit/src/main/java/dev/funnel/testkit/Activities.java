package dev.funnel.testkit;

import static org.quicktheories.generators.SourceDSL.lists;

import dev.funnel.scoring.Activity;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generators of lead activities for engagement-scoring property tests: the types {@code page_view},
 * {@code download}, {@code webinar}, {@code email_open} and {@code unsubscribe}, at whole minutes
 * within sixty days of {@link Leads#START}. Shrinks toward fewer, earlier page views.
 */
public final class Activities {
  /** The activity types generated, in the order they shrink toward. */
  public static final List<String> TYPES =
      List.of("page_view", "download", "webinar", "email_open", "unsubscribe");

  private static final int MINUTES = 60 * 24 * 60;

  private Activities() {}

  /** Returns single activities. */
  public static Gen<Activity> activities() {
    return Generate.pick(TYPES)
        .zip(
            Generate.range(0, MINUTES),
            (type, minute) -> Activity.of(type, Leads.START.plus(Duration.ofMinutes(minute))));
  }

  /** Returns up to {@code max} activities, in time order, as a lead's history of them. */
  public static Gen<List<Activity>> histories(int max) {
    return lists()
        .of(activities())
        .ofSizeBetween(0, max)
        .map(list -> list.stream().sorted(Comparator.comparing(Activity::at)).toList());
  }
}
