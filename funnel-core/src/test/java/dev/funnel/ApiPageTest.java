package dev.funnel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.funnel.events.WindowFunnel;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/api.md} lists every public type of funnel-core, one line each with its kind, and
 * nothing else: the public types are found in the compiled classes, so that a type added without a
 * line (or a line left for a type removed) fails the build.
 */
class ApiPageTest {

  @Test
  void theApiPageListsExactlyThePublicTypes() throws IOException, URISyntaxException {
    Path classes =
        Path.of(WindowFunnel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> publicTypes = new TreeSet<>();
    try (Stream<Path> files = Files.walk(classes)) {
      files
          .filter(f -> f.toString().endsWith(".class"))
          .map(f -> classes.relativize(f).toString().replace('/', '.').replace('\\', '.'))
          .map(name -> name.substring(0, name.length() - ".class".length()))
          .filter(
              name ->
                  !name.endsWith("package-info")
                      && !name.equals("module-info")
                      && !name.matches(".*\\$\\d.*"))
          .forEach(name -> publicName(name).ifPresent(publicTypes::add));
    }
    String page = Files.readString(Path.of("..", "docs", "api.md"));
    Set<String> listed = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `([\\w.]+)` \\| (\\w+) \\|").matcher(page);
    while (row.find()) {
      listed.add(row.group(1) + " " + row.group(2));
    }

    assertThat(publicTypes).hasSizeGreaterThan(100);
    assertThat(listed).as("the types docs/api.md lists").isEqualTo(publicTypes);
  }

  /**
   * Returns {@code Outer.Inner kind} for a type public all the way out, or empty; the kind is
   * {@code record}, {@code enum}, {@code interface} or {@code class}, as the page's second column
   * says.
   */
  private static java.util.Optional<String> publicName(String binaryName) {
    try {
      Class<?> type = Class.forName(binaryName, false, ApiPageTest.class.getClassLoader());
      StringBuilder name = new StringBuilder();
      for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
        if (!Modifier.isPublic(t.getModifiers())) {
          return java.util.Optional.empty();
        }
        name.insert(0, name.length() == 0 ? t.getSimpleName() : t.getSimpleName() + ".");
      }
      String kind =
          type.isRecord()
              ? "record"
              : type.isEnum() ? "enum" : type.isInterface() ? "interface" : "class";
      return java.util.Optional.of(name + " " + kind);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(binaryName, e);
    }
  }
}
