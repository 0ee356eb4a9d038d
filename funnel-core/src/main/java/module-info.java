/**
 * funnel-core: funnels, transition rules, lead scoring, conversion statistics, forecasts and
 * window-funnel aggregation of event logs. Pure logic: no I/O, no global state, no logging binding.
 *
 * <p>Guava's immutable collections and primitive arrays appear in the public API, so Guava is
 * required transitively. JSpecify's nullness annotations are needed only to compile against the
 * API, not to run it. Hipparchus, which publishes no module name, is read as the automatic module
 * {@code hipparchus.core}, its jar's name; none of its types appear in this API.
 */
module dev.funnel.core {
  requires transitive com.google.common;
  requires static transitive org.jspecify;
  requires org.slf4j;
  requires hipparchus.core;

  exports dev.funnel.events;
  exports dev.funnel.forecast;
  exports dev.funnel.metrics;
  exports dev.funnel.model;
  exports dev.funnel.rules;
  exports dev.funnel.scoring;
  exports dev.funnel.store;
}
