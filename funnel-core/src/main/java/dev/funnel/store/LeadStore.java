package dev.funnel.store;

import com.google.common.collect.ImmutableList;
import dev.funnel.model.Lead;
import dev.funnel.rules.TransitionResult;
import dev.funnel.scoring.Activity;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Leads kept where an application can find them again: added once, read back equal, moved only
 * through the store's {@link dev.funnel.rules.TransitionEngine} and only from the version the move
 * was decided on, with the activities each lead did beside them.
 *
 * <p>A move is compare-and-set: {@link #move} names the {@link Lead#version()} the caller saw, and
 * of two moves decided on the same version exactly one lands; the other returns a {@linkplain
 * TransitionResult#isConflict() conflict} and changes nothing. A move that lands writes the ended
 * visit, the new visit and the lead's new version together or not at all.
 *
 * <p>Implementations are thread-safe. {@link InMemoryLeadStore} keeps leads in memory; {@code
 * funnel-jdbc}'s store keeps them in a database. The test kit's {@code LeadStoreContract} checks an
 * implementation against this contract.
 *
 * <p>Failure modes: bad arguments (an unknown lead, a lead added twice, a time the store cannot
 * keep) throw {@link IllegalArgumentException} and change nothing; a store that cannot reach its
 * storage throws {@link LeadStoreException}, and what it was doing is not partly done.
 */
public interface LeadStore {

  /**
   * Stores a new lead as it is, history included.
   *
   * @throws IllegalArgumentException if a lead with its id is stored already, or its current stage
   *     is not a stage of the store's funnel
   */
  void add(Lead lead);

  /** Returns the lead with this id as it is now, or empty if the store has none. */
  Optional<Lead> lead(String id);

  /**
   * Moves the stored lead to {@code toStageId} at {@code at}, if it is still at {@code
   * expectedVersion} and the store's rules allow it, and returns what the engine decided: the moved
   * lead, a refusal with every reason, or a conflict when the lead has moved since (read it again
   * and decide again). Only a move that is accepted and not a stay changes the store.
   *
   * @throws IllegalArgumentException if there is no such lead or stage, or {@code at} is before the
   *     lead entered its current stage
   */
  TransitionResult move(
      String leadId, long expectedVersion, String toStageId, Instant at, String reason);

  /**
   * Records something the lead did.
   *
   * @throws IllegalArgumentException if there is no such lead
   */
  void recordActivity(String leadId, Activity activity);

  /**
   * Returns the lead's activities in the order they were recorded; empty for a lead without any.
   *
   * @throws IllegalArgumentException if there is no such lead
   */
  ImmutableList<Activity> activities(String leadId);

  /** Returns how many leads the store holds. */
  long size();

  /**
   * Streams every lead, in ascending {@linkplain #idOrder() order of id}, as reports read them: a
   * store on a database reads them in batches, so that memory does not grow with the number of
   * leads. Close the stream (try-with-resources) to free what it holds; a move made while it is
   * open may or may not be seen.
   */
  Stream<Lead> leads();

  /**
   * Returns the order {@link #leads()} streams in: by Unicode code point, which is the order of the
   * ids' UTF-8 bytes and so the order a database's binary collation gives. It differs from {@link
   * String#compareTo} only for ids with characters above U+FFFF.
   */
  static Comparator<String> idOrder() {
    return IdOrder.INSTANCE;
  }
}
