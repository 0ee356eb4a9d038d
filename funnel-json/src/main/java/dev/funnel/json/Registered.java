package dev.funnel.json;

import com.google.common.collect.ImmutableBiMap;
import dev.funnel.json.JsonInput.Mark;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The rules, criteria, features, functions or scorers of one kind that an application registered by
 * name: code, which a document names and the reader looks up. Immutable.
 */
final class Registered<T> {
  private final String what;
  private final ImmutableBiMap<String, T> byName;

  Registered(String what, Map<String, T> byName) {
    this.what = what;
    this.byName = ImmutableBiMap.copyOf(byName);
  }

  /** Returns the name {@code value} is registered under, or null. */
  @Nullable String nameOf(T value) {
    return byName.inverse().get(value);
  }

  /** Returns what is registered under {@code name}, or null. */
  @Nullable T find(String name) {
    return byName.get(name);
  }

  /** Returns what is registered under {@code name}; a document naming another is an error. */
  T get(Mark at, String name) {
    T value = byName.get(name);
    if (value == null) {
      throw JsonInput.error(
          at,
          "no "
              + what
              + " is registered as '"
              + name
              + "'; registered: "
              + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())),
          null);
    }
    return value;
  }

  /** Returns the refusal to write {@code value}, which is code and not registered. */
  IllegalArgumentException notRegistered(Object value, String register) {
    return new IllegalArgumentException(
        "the "
            + what
            + " "
            + value
            + " is code, not built in, and is not registered: register it with FunnelJson.builder()."
            + register);
  }

  @Override
  public String toString() {
    return what + "s " + byName.keySet();
  }
}
