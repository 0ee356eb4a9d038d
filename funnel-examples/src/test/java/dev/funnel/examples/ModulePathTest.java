package dev.funnel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import com.google.common.util.concurrent.internal.InternalFutureFailureAccess;
import dev.funnel.model.Funnel;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.hipparchus.special.Gamma;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * A modular application that says {@code requires dev.funnel.core} compiles and runs on the module
 * path, with funnel-core and its dependencies as the only modules, and uses all that it needs
 * (Guava's collections, Hipparchus's distributions behind the intervals).
 */
class ModulePathTest {

  private static final String MODULE_INFO = "module consumer { requires dev.funnel.core; }\n";

  private static final String MAIN =
      """
      package consumer;

      import dev.funnel.events.EventBatch;
      import dev.funnel.events.WindowFunnel;
      import dev.funnel.metrics.ConversionReport;
      import dev.funnel.metrics.FunnelCounts;
      import java.util.List;

      public final class Main {
        public static void main(String[] args) {
          WindowFunnel funnel = WindowFunnel.builder().eventCodes(2).step(0).step(1).window(10).build();
          long reached =
              funnel
                  .aggregate(EventBatch.grouped(new long[] {1, 1, 2}, new long[] {0, 5, 0}, new int[] {0, 1, 0}))
                  .counts()
                  .reachedAtLeast(2);
          ConversionReport report = ConversionReport.of(FunnelCounts.of(List.of("a", "b"), 10, 4));
          System.out.println("reached " + reached + "; " + report.step("b").fromPrevious());
        }
      }
      """;

  @Test
  void aModularApplicationRequiresTheCoreModuleAndRuns(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path source = dir.resolve("src");
    Files.createDirectories(source.resolve("consumer"));
    Files.writeString(source.resolve("module-info.java"), MODULE_INFO);
    Files.writeString(source.resolve("consumer/Main.java"), MAIN);
    Path classes = dir.resolve("classes");
    String modulePath =
        Stream.of(
                Funnel.class,
                ImmutableList.class,
                InternalFutureFailureAccess.class,
                NullMarked.class,
                Logger.class,
                Gamma.class)
            .map(ModulePathTest::locationOf)
            .collect(Collectors.joining(File.pathSeparator));

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int compiled =
        javac.run(
            null,
            null,
            null,
            "--module-path",
            modulePath,
            "-d",
            classes.toString(),
            source.resolve("module-info.java").toString(),
            source.resolve("consumer/Main.java").toString());
    assertThat(compiled).as("javac exit code").isZero();

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "--module-path",
            classes + File.pathSeparator + modulePath,
            "--module",
            "consumer/consumer.Main"));
    Process run = new ProcessBuilder(command).start();
    String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(run.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor()).as(err).isZero();
    // One subject of two converted; 4 of 10 is 40 %.
    assertThat(out).startsWith("reached 1; 40.0%");
  }

  private static String locationOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new AssertionError(type.getName(), e);
    }
  }
}
