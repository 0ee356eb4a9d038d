package dev.funnel.store;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.funnel.model.Lead;
import dev.funnel.rules.TransitionEngine;
import dev.funnel.rules.TransitionResult;
import dev.funnel.scoring.Activity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LeadStore} in memory: for tests, demos, and applications that keep their own copy
 * elsewhere. Nothing survives the process.
 *
 * <p>Thread-safe: each lead's moves and activities are applied one at a time (a move is decided
 * inside the map's atomic update of that lead), moves of different leads at once. {@link #leads()}
 * sorts a snapshot, so it holds every lead while the stream is open.
 */
public final class InMemoryLeadStore implements LeadStore {
  private final TransitionEngine engine;
  private final ConcurrentMap<String, Entry> leads = new ConcurrentHashMap<>();

  /**
   * A lead and its activities. The list is only touched inside the map's atomic update of its key,
   * so that recording an activity does not copy the ones before it.
   */
  private record Entry(Lead lead, List<Activity> activities) {}

  private InMemoryLeadStore(TransitionEngine engine) {
    this.engine = engine;
  }

  /** Returns an empty store whose moves the engine decides. */
  public static InMemoryLeadStore of(TransitionEngine engine) {
    return new InMemoryLeadStore(requireNonNull(engine, "engine"));
  }

  @Override
  public void add(Lead lead) {
    requireNonNull(lead, "lead");
    engine.funnel().checkStagesOf(lead);
    Entry previous = leads.putIfAbsent(lead.id(), new Entry(lead, new ArrayList<>()));
    checkArgument(previous == null, "lead '%s' is stored already", lead.id());
  }

  @Override
  public Optional<Lead> lead(String id) {
    requireNonNull(id, "id");
    return Optional.ofNullable(leads.get(id)).map(Entry::lead);
  }

  @Override
  public TransitionResult move(
      String leadId, long expectedVersion, String toStageId, Instant at, String reason) {
    requireNonNull(leadId, "leadId");
    requireNonNull(toStageId, "toStageId");
    requireNonNull(at, "at");
    requireNonNull(reason, "reason");
    TransitionResult[] result = new TransitionResult[1];
    leads.computeIfPresent(
        leadId,
        (id, entry) -> {
          result[0] = engine.move(entry.lead(), expectedVersion, toStageId, at, reason);
          return new Entry(result[0].lead(), entry.activities());
        });
    @Nullable TransitionResult decided = result[0];
    checkArgument(decided != null, "no lead '%s' in the store", leadId);
    return decided;
  }

  @Override
  public void recordActivity(String leadId, Activity activity) {
    requireNonNull(leadId, "leadId");
    requireNonNull(activity, "activity");
    Entry updated =
        leads.computeIfPresent(
            leadId,
            (id, entry) -> {
              entry.activities().add(activity);
              return entry;
            });
    checkArgument(updated != null, "no lead '%s' in the store", leadId);
  }

  @Override
  public ImmutableList<Activity> activities(String leadId) {
    requireNonNull(leadId, "leadId");
    List<ImmutableList<Activity>> copy = new ArrayList<>(1);
    leads.computeIfPresent(
        leadId,
        (id, entry) -> {
          copy.add(ImmutableList.copyOf(entry.activities()));
          return entry;
        });
    checkArgument(!copy.isEmpty(), "no lead '%s' in the store", leadId);
    return copy.get(0);
  }

  @Override
  public long size() {
    return leads.size();
  }

  @Override
  public Stream<Lead> leads() {
    return leads.values().stream()
        .map(Entry::lead)
        .sorted(Comparator.comparing(Lead::id, LeadStore.idOrder()))
        .toList()
        .stream();
  }
}
