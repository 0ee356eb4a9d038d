package dev.funnel.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.funnel.forecast.BackwardPlan;
import dev.funnel.metrics.ConfidenceSequence;
import dev.funnel.metrics.ConversionReport;
import dev.funnel.metrics.CorrelationAnalysis;
import dev.funnel.metrics.FunnelComparison;
import dev.funnel.metrics.LogRankTest;
import dev.funnel.metrics.Proportion;
import dev.funnel.metrics.RatioEstimate;
import dev.funnel.metrics.StepConversion;
import dev.funnel.metrics.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --output json} and {@code --output csv}: the report's numbers for a program, on standard
 * output and nothing else there. Rates are fractions (0.25, not 25 %) with their 95 % Wilson
 * interval; a rate with no subjects to divide by is {@code null} in JSON and empty in CSV.
 */
final class MachineReport {
  private MachineReport() {}

  /** Writes the report as one JSON object. */
  static void json(FunnelReport report, PrintWriter out) throws IOException {
    try (JsonGenerator json = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.writeStartObject();
      json.writeStringField("funnel", report.title());
      FunnelReport.Source source = report.source();
      json.writeObjectFieldStart("source");
      json.writeStringField("file", source.file());
      json.writeNumberField("dataRows", source.dataRows());
      json.writeNumberField("rowsRead", source.rowsRead());
      json.writeNumberField("rowsSkipped", source.rowsSkipped());
      json.writeNumberField("subjects", source.subjects());
      json.writeStringField("from", source.from().toString());
      json.writeStringField("to", source.to().toString());
      json.writeEndObject();
      json.writeArrayFieldStart("notes");
      for (String note : report.notes()) {
        json.writeString(note);
      }
      json.writeEndArray();
      json.writeFieldName("steps");
      steps(json, report, report.conversion());
      json.writeFieldName("overall");
      proportion(json, report.conversion().overall());
      json.writeObjectFieldStart("bottleneck");
      json.writeStringField("criterion", report.criterion().name().toLowerCase(Locale.ROOT));
      if (report.bottleneck().isPresent()) {
        json.writeStringField("step", report.stepName(report.bottleneck().get().number()));
      } else {
        json.writeNullField("step");
      }
      json.writeEndObject();
      if (report.segmentColumn().isPresent()) {
        json.writeStringField("segmentColumn", report.segmentColumn().get());
        json.writeArrayFieldStart("segments");
        for (Map.Entry<String, ConversionReport> segment : report.segments()) {
          json.writeStartObject();
          json.writeStringField("segment", segment.getKey());
          FunnelReport.SegmentTest test = report.segmentTests().get(segment.getKey());
          if (test == null) {
            json.writeNullField("pValueVsRest");
          } else {
            json.writeNumberField("pValueVsRest", test.pValue());
            json.writeStringField("testVsRest", test.exact() ? "fisher" : "z");
          }
          json.writeFieldName("steps");
          steps(json, report, segment.getValue());
          FunnelComparison vsRest = report.segmentSteps().get(segment.getKey());
          if (vsRest != null) {
            json.writeFieldName("stepsVsRest");
            stepVerdicts(json, vsRest);
          }
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      if (report.plan().isPresent()) {
        json.writeArrayFieldStart("plan");
        for (BackwardPlan.Row row : report.plan().get().rows()) {
          json.writeStartObject();
          json.writeStringField("id", row.step());
          json.writeNumberField("needed", row.needed());
          json.writeNumberField("neededOptimistic", row.neededOptimistic());
          json.writeNumberField("neededPessimistic", row.neededPessimistic());
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      if (report.comparison().isPresent()) {
        comparison(json, report.comparison().get());
      }
      details(json, report.details());
      json.writeEndObject();
    }
    out.println();
  }

  private static void comparison(JsonGenerator json, AbComparison ab) throws IOException {
    json.writeObjectFieldStart("comparison");
    json.writeStringField("a", ab.a());
    json.writeStringField("b", ab.b());
    json.writeStringField("correction", ab.steps().correction().name().toLowerCase(Locale.ROOT));
    json.writeFieldName("steps");
    stepVerdicts(json, ab.steps());
    json.writeObjectFieldStart("overall");
    verdict(json, ab.steps().overall());
    json.writeEndObject();
    if (ab.riskRatio().isPresent()) {
      ratio(json, "riskRatio", ab.riskRatio().get());
    }
    if (ab.oddsRatio().isPresent()) {
      ratio(json, "oddsRatio", ab.oddsRatio().get());
    }
    sequence(json, "sequentialDifference", ab.sequentialDifference());
    if (ab.sequentialLift().isPresent()) {
      sequence(json, "sequentialLift", ab.sequentialLift().get());
    }
    if (ab.fisherPValue().isPresent()) {
      json.writeNumberField("fisherPValue", ab.fisherPValue().getAsDouble());
    }
    if (ab.neededPerVariant().isPresent()) {
      json.writeNumberField("neededPerVariant", ab.neededPerVariant().getAsDouble());
      json.writeNumberField("power", ab.power().orElseThrow());
    }
    json.writeEndObject();
  }

  private static void ratio(JsonGenerator json, String name, RatioEstimate r) throws IOException {
    json.writeObjectFieldStart(name);
    json.writeNumberField("estimate", r.estimate());
    json.writeNumberField("lower", r.lower());
    json.writeNumberField("upper", r.upper());
    json.writeEndObject();
  }

  /** A comparison's steps: each one's verdict and its corrected p-value. */
  private static void stepVerdicts(JsonGenerator json, FunnelComparison comparison)
      throws IOException {
    json.writeStartArray();
    for (FunnelComparison.StepVerdict step : comparison.steps()) {
      json.writeStartObject();
      json.writeStringField("id", step.step());
      verdict(json, step.verdict());
      json.writeNumberField("adjustedPValue", step.adjustedPValue());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static void verdict(JsonGenerator json, Verdict v) throws IOException {
    json.writeNumberField("rateA", v.rateA());
    json.writeNumberField("rateB", v.rateB());
    json.writeNumberField("difference", v.difference());
    json.writeNumberField("lower", v.lower());
    json.writeNumberField("upper", v.upper());
    json.writeNumberField("pValue", v.pValue());
  }

  private static void sequence(JsonGenerator json, String name, ConfidenceSequence s)
      throws IOException {
    json.writeObjectFieldStart(name);
    json.writeNumberField("estimate", s.estimate());
    json.writeNumberField("lower", s.lower());
    json.writeNumberField("upper", s.upper());
    json.writeNumberField("tuning", s.tuning());
    json.writeEndObject();
  }

  /**
   * The curve (times in milliseconds since entry), the cohorts and every signal's correlation, or
   * why they are missing.
   */
  private static void details(JsonGenerator json, ReportDetails details) throws IOException {
    if (details.missing().isPresent()) {
      json.writeStringField("detailsMissing", details.missing().get());
    }
    if (details.curve().isPresent()) {
      ReportDetails.Curve curve = details.curve().get();
      json.writeObjectFieldStart("curve");
      json.writeStringField("title", curve.title());
      json.writeStringField("method", curve.method());
      json.writeNumberField("confidence", ReportDetails.CONFIDENCE);
      json.writeObjectFieldStart("median");
      json.writeStringField("of", curve.medianOf());
      millis(json, "millis", curve.median().estimate());
      millis(json, "lower", curve.median().lower());
      millis(json, "upper", curve.median().upper());
      json.writeEndObject();
      json.writeArrayFieldStart("series");
      for (ReportDetails.Series series : curve.series()) {
        json.writeStartObject();
        json.writeStringField("name", series.name());
        json.writeArrayFieldStart("points");
        for (ReportDetails.CurvePoint point : series.points()) {
          json.writeStartObject();
          json.writeNumberField("millis", point.time().toMillis());
          json.writeNumberField("value", point.value());
          number(json, "lower", point.lower());
          number(json, "upper", point.upper());
          json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    if (details.bySegment().isPresent()) {
      LogRankTest test = details.bySegment().get();
      json.writeObjectFieldStart("logRankBySegment");
      json.writeNumberField("chiSquare", test.chiSquare());
      json.writeNumberField("degreesOfFreedom", test.degreesOfFreedom());
      json.writeNumberField("pValue", test.pValue());
      json.writeArrayFieldStart("segments");
      for (String group : test.groups()) {
        json.writeStartObject();
        json.writeStringField("segment", group);
        json.writeNumberField("converted", test.observed().getOrDefault(group, 0L));
        json.writeNumberField("expected", test.expected().getOrDefault(group, 0.0));
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    if (!details.cohorts().isEmpty()) {
      json.writeArrayFieldStart("cohorts");
      for (ReportDetails.Cohort cohort : details.cohorts()) {
        json.writeStartObject();
        json.writeStringField("start", cohort.start().toString());
        json.writeStringField("period", cohort.period());
        json.writeFieldName("converted");
        proportion(json, cohort.converted());
        json.writeNumberField("stillOpen", cohort.open());
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    if (details.correlations().isPresent()) {
      ReportDetails.Correlations c = details.correlations().get();
      json.writeObjectFieldStart("correlations");
      json.writeStringField("from", c.from());
      json.writeStringField("to", c.to());
      json.writeNumberField("converted", c.analysis().converted());
      json.writeNumberField("droppedOff", c.analysis().droppedOff());
      json.writeBooleanField("skewed", c.analysis().isSkewed());
      json.writeArrayFieldStart("signals");
      for (CorrelationAnalysis.SignalCorrelation signal : c.analysis().signals()) {
        json.writeStartObject();
        json.writeStringField("signal", signal.signal());
        json.writeNumberField("convertedWith", signal.convertedWith());
        json.writeNumberField("droppedOffWith", signal.droppedOffWith());
        json.writeNumberField("oddsRatio", signal.oddsRatio());
        json.writeNumberField("lower", signal.oddsRatioInterval().lower());
        json.writeNumberField("upper", signal.oddsRatioInterval().upper());
        json.writeNumberField("pValue", signal.pValue());
        json.writeNumberField("adjustedPValue", signal.adjustedPValue());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  /** A duration in milliseconds, or null where there is none (a median not reached). */
  private static void millis(JsonGenerator json, String name, Optional<Duration> value)
      throws IOException {
    if (value.isPresent()) {
      json.writeNumberField(name, value.get().toMillis());
    } else {
      json.writeNullField(name);
    }
  }

  /** A number, or null where it is not finite (an interval's limit where S = 0). */
  private static void number(JsonGenerator json, String name, double value) throws IOException {
    if (Double.isFinite(value)) {
      json.writeNumberField(name, value);
    } else {
      json.writeNullField(name);
    }
  }

  private static void steps(JsonGenerator json, FunnelReport report, ConversionReport conversion)
      throws IOException {
    json.writeStartArray();
    for (StepConversion step : conversion.steps()) {
      json.writeStartObject();
      json.writeNumberField("step", step.number());
      json.writeStringField("id", step.step());
      json.writeStringField("name", report.stepName(step.number()));
      json.writeNumberField("subjects", step.count());
      json.writeFieldName("fromFirst");
      proportion(json, step.fromFirst());
      json.writeFieldName("fromPrevious");
      proportion(json, step.fromPrevious());
      json.writeNumberField("dropOff", step.dropOff());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static void proportion(JsonGenerator json, Proportion p) throws IOException {
    json.writeStartObject();
    json.writeNumberField("successes", p.successes());
    json.writeNumberField("trials", p.trials());
    if (p.hasData()) {
      json.writeNumberField("rate", p.value().orElseThrow());
      json.writeNumberField("lower", p.lower());
      json.writeNumberField("upper", p.upper());
    } else {
      json.writeNullField("rate");
      json.writeNullField("lower");
      json.writeNullField("upper");
    }
    json.writeEndObject();
  }

  /**
   * Writes one row per step, the whole funnel's (segment {@code (all)}) first, then each segment's,
   * RFC 4180 quoted where needed.
   */
  static void csv(FunnelReport report, PrintWriter out) {
    out.print(
        "segment,step,id,name,subjects,from_first,from_first_lower,from_first_upper,"
            + "from_previous,from_previous_lower,from_previous_upper\r\n");
    rows(out, report, "(all)", report.conversion());
    for (Map.Entry<String, ConversionReport> segment : report.segments()) {
      rows(out, report, segment.getKey(), segment.getValue());
    }
    out.flush();
  }

  private static void rows(
      PrintWriter out, FunnelReport report, String segment, ConversionReport conversion) {
    for (StepConversion step : conversion.steps()) {
      out.print(
          String.join(
              ",",
              quoted(segment),
              Integer.toString(step.number()),
              quoted(step.step()),
              quoted(report.stepName(step.number())),
              Long.toString(step.count()),
              rate(step.fromFirst())));
      out.print(',');
      out.print(rate(step.fromPrevious()));
      out.print("\r\n");
    }
  }

  private static String rate(Proportion p) {
    if (!p.hasData()) {
      return ",,";
    }
    return p.value().orElseThrow() + "," + p.lower() + "," + p.upper();
  }

  private static String quoted(String text) {
    boolean plain = text.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
    return plain ? text : '"' + text.replace("\"", "\"\"") + '"';
  }
}
