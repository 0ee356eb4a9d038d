package dev.funnel.examples;

/**
 * The README's demo: runs the examples and prints their reports to standard output.
 *
 * <p>Run it with {@code ./mvnw -q -pl funnel-examples -am compile exec:java}.
 */
public final class Demo {
  private Demo() {}

  /** Runs the demo; takes no arguments. */
  public static void main(String[] args) {
    ProjectSaleExample.run(System.out);
  }
}
