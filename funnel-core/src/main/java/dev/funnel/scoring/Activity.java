package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.funnel.model.Attributes;
import java.time.Instant;

/**
 * Something a lead did, as engagement scoring sees it: a visit to a product page, a download, an
 * event attended, an unsubscribe.
 *
 * <p>Immutable and thread-safe.
 *
 * @param type what kind of activity it was ("page_view", "download", "unsubscribe")
 * @param at when it happened
 * @param properties details that rules may test ("page" = "pricing")
 */
public record Activity(String type, Instant at, Attributes properties) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if the type is blank
   */
  public Activity {
    requireNonNull(type, "type");
    requireNonNull(at, "at");
    requireNonNull(properties, "properties");
    checkArgument(!type.isBlank(), "activity type must not be blank: '%s'", type);
  }

  /** An activity without properties. */
  public static Activity of(String type, Instant at) {
    return new Activity(type, at, Attributes.empty());
  }
}
