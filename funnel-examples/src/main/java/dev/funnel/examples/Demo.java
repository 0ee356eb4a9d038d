package dev.funnel.examples;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the worked examples of the domain notes and prints their reports: all of them, or the ones
 * named as arguments.
 *
 * <p>{@code ./mvnw -q -pl funnel-examples -am compile exec:java} runs them all; add {@code
 * -Dexec.args="consumer pharma"} for some.
 */
public final class Demo {
  /** The examples by name, in the order of the domain notes. */
  static final Map<String, Consumer<PrintStream>> EXAMPLES = new LinkedHashMap<>();

  static {
    EXAMPLES.put("ecommerce", EcommerceExample::run);
    EXAMPLES.put("consumer", ConsumerSalesExample::run);
    EXAMPLES.put("pharma", PharmaProjectionExample::run);
    EXAMPLES.put("project-sale", ProjectSaleExample::run);
    EXAMPLES.put("lead-sources", LeadSourcesExample::run);
    EXAMPLES.put("goal-tracking", GoalTrackingExample::run);
    EXAMPLES.put("follow-up-test", FollowUpTestExample::run);
    EXAMPLES.put("crm", CrmExample::run);
  }

  private Demo() {}

  /** Runs the named examples, or all of them when none is named. */
  public static void main(String[] args) {
    Iterable<String> names = args.length == 0 ? EXAMPLES.keySet() : java.util.List.of(args);
    for (String name : names) {
      Consumer<PrintStream> example = EXAMPLES.get(name);
      if (example == null) {
        System.err.printf(
            Locale.ROOT, "unknown example '%s'; the examples are %s%n", name, EXAMPLES.keySet());
        System.exit(2);
        return;
      }
      System.out.println("━━ " + name + " " + "━".repeat(Math.max(3, 60 - name.length())));
      example.accept(System.out);
      System.out.println();
    }
  }
}
