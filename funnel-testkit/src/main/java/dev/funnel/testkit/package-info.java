/**
 * A test kit for applications that use funnel: QuickTheories generators of funnels, leads, deal
 * books, activities, window funnels and event logs that shrink toward small cases; the brute-force
 * {@link dev.funnel.testkit.WindowFunnelOracle} to check a window-funnel configuration against; a
 * {@link dev.funnel.testkit.TestClock}; and abstract JUnit 5 contract tests for what applications
 * implement ({@link dev.funnel.testkit.TransitionRuleContract}, {@link
 * dev.funnel.testkit.LeadScorerContract}, {@link dev.funnel.testkit.LeadStoreContract}).
 *
 * <p>Add the artifact in test scope. Generators and the oracle are stateless and thread-safe.
 */
@NullMarked
package dev.funnel.testkit;

import org.jspecify.annotations.NullMarked;
