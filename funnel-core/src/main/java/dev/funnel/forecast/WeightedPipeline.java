package dev.funnel.forecast;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.funnel.model.ForecastCategory;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.model.StageKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the pipeline is worth: the weighted pipeline (each open deal's value times its stage's win
 * probability) and the forecast roll-up by category.
 *
 * <p>The roll-up is cumulative, as in CRM forecasting: commit includes closed, best case includes
 * commit, pipeline includes best case; omitted deals are reported apart. A stage without a forecast
 * category counts as {@link ForecastCategory#PIPELINE} if open (won and lost stages default to
 * closed and omitted).
 *
 * <p>Amounts are rounded half-even to cents. Immutable and thread-safe.
 */
public final class WeightedPipeline {
  private final ImmutableList<StageValue> stages;
  private final BigDecimal weightedTotal;
  private final ImmutableMap<ForecastCategory, BigDecimal> byCategory;

  private WeightedPipeline(
      ImmutableList<StageValue> stages,
      BigDecimal weightedTotal,
      ImmutableMap<ForecastCategory, BigDecimal> byCategory) {
    this.stages = stages;
    this.weightedTotal = weightedTotal;
    this.byCategory = byCategory;
  }

  /**
   * Values the leads in the funnel by their current stage.
   *
   * @throws IllegalArgumentException if a lead's stage is unknown, two leads have the same id, or
   *     an open stage holding leads has no win probability (the message names it)
   */
  public static WeightedPipeline fromLeads(Funnel funnel, Iterable<Lead> leads) {
    Set<String> seen = new HashSet<>();
    return fromLeads(funnel, leads, seen::add);
  }

  /**
   * Values the leads as {@link #fromLeads} does, from leads in strictly ascending order of id by
   * {@code idOrder}, as a {@code LeadStore} streams them: the order proves each deal counts once,
   * so no id is kept and memory does not grow with the number of leads.
   *
   * @throws IllegalArgumentException as {@link #fromLeads}, and if a lead's id is not after the one
   *     before it
   */
  public static WeightedPipeline fromLeadsInIdOrder(
      Funnel funnel, Iterable<Lead> leads, Comparator<? super String> idOrder) {
    requireNonNull(idOrder, "idOrder");
    String[] previous = {""};
    return fromLeads(
        funnel,
        leads,
        id -> {
          // "" is before every id, and no lead has it: ids are never blank.
          checkArgument(
              previous[0].isEmpty() || idOrder.compare(previous[0], id) < 0,
              "leads must come in ascending order of id, but '%s' follows '%s'",
              id,
              previous[0]);
          previous[0] = id;
          return true;
        });
  }

  private static WeightedPipeline fromLeads(
      Funnel funnel, Iterable<Lead> leads, Predicate<String> firstTime) {
    requireNonNull(funnel, "funnel");
    requireNonNull(leads, "leads");
    Map<String, Long> counts = new HashMap<>();
    Map<String, BigDecimal> values = new HashMap<>();
    for (Lead lead : leads) {
      checkArgument(
          firstTime.test(lead.id()), "lead '%s' is given twice; each deal counts once", lead.id());
      Stage stage = funnel.stage(lead.currentStageId());
      counts.merge(stage.id(), 1L, Long::sum);
      values.merge(stage.id(), lead.value(), BigDecimal::add);
    }
    ImmutableList.Builder<StageValue> rows = ImmutableList.builder();
    BigDecimal weighted = BigDecimal.ZERO;
    Map<ForecastCategory, BigDecimal> categories = new EnumMap<>(ForecastCategory.class);
    for (Stage stage : funnel.stages()) {
      long count = counts.getOrDefault(stage.id(), 0L);
      BigDecimal value = values.getOrDefault(stage.id(), BigDecimal.ZERO);
      categories.merge(categoryOf(stage), value, BigDecimal::add);
      if (stage.kind() != StageKind.OPEN) {
        continue;
      }
      checkArgument(
          count == 0 || stage.winProbability().isPresent(),
          "stage '%s' holds %s leads but has no win probability",
          stage.id(),
          count);
      double probability = stage.winProbability().orElse(0);
      BigDecimal stageWeighted = cents(value.multiply(BigDecimal.valueOf(probability)));
      rows.add(new StageValue(stage.id(), count, cents(value), probability, stageWeighted));
      weighted = weighted.add(stageWeighted);
    }
    ImmutableMap.Builder<ForecastCategory, BigDecimal> rollUp = ImmutableMap.builder();
    BigDecimal running = BigDecimal.ZERO;
    for (ForecastCategory category : ForecastCategory.values()) {
      if (category == ForecastCategory.OMITTED) {
        rollUp.put(category, cents(categories.getOrDefault(category, BigDecimal.ZERO)));
      } else {
        running = running.add(categories.getOrDefault(category, BigDecimal.ZERO));
        rollUp.put(category, cents(running));
      }
    }
    return new WeightedPipeline(rows.build(), weighted, rollUp.buildOrThrow());
  }

  private static ForecastCategory categoryOf(Stage stage) {
    return stage.forecastCategory().orElse(ForecastCategory.PIPELINE);
  }

  private static BigDecimal cents(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_EVEN);
  }

  /** Returns the sum of value × win probability over open deals. */
  public BigDecimal weightedTotal() {
    return weightedTotal;
  }

  /** Returns one row per open stage, in funnel order. */
  public ImmutableList<StageValue> stages() {
    return stages;
  }

  /**
   * Returns the cumulative roll-up: for each category, the value of the deals in it and in every
   * safer category; for {@link ForecastCategory#OMITTED}, the omitted deals alone.
   */
  public ImmutableMap<ForecastCategory, BigDecimal> rollUp() {
    return byCategory;
  }

  /**
   * The open deals of one stage.
   *
   * @param stageId the stage
   * @param deals how many deals are in it
   * @param value their total value
   * @param winProbability the stage's win probability
   * @param weighted {@code value × winProbability}
   */
  public record StageValue(
      String stageId, long deals, BigDecimal value, double winProbability, BigDecimal weighted) {
    /** Validates that no component is null. */
    public StageValue {
      requireNonNull(stageId, "stageId");
      requireNonNull(value, "value");
      requireNonNull(weighted, "weighted");
    }
  }
}
