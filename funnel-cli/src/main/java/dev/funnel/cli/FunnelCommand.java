package dev.funnel.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code funnel} command. Its one subcommand, {@code report}, turns an event log (or a log of
 * stage changes) in CSV and a funnel definition in JSON into a conversion report with its
 * bottleneck, time to convert and a breakdown by segment, and draws the funnel as SVG and HTML.
 *
 * <p>Exit codes: 0 the report was written; 1 an internal error (a bug); 2 the command line is
 * wrong; 3 an input file's content is wrong (each problem printed as {@code file:line:column:
 * message}); 4 a file could not be read or written; 5 out of memory.
 */
@Command(
    name = "funnel",
    mixinStandardHelpOptions = true,
    versionProvider = FunnelCommand.BuildVersion.class,
    description = "Conversion reports and funnel charts from event logs.",
    subcommands = {ReportCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the report was written",
      "1:internal error (a bug: please report it)",
      "2:wrong command line",
      "3:an input file's content is wrong (file:line:column: message)",
      "4:a file could not be read or written",
      "5:out of memory (give Java more with -Xmx)"
    })
public final class FunnelCommand implements Runnable {
  /** What {@code --version} prints: the version the build wrote into the jar. */
  static String version() {
    Properties properties = new Properties();
    try (InputStream in = FunnelCommand.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from the class path");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read version.properties", e);
    }
    return "funnel " + properties.getProperty("version");
  }

  /** Gives {@code --version} of the command and its subcommands the build's version. */
  static final class BuildVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {version()};
    }
  }

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  /** Runs the command and exits with its exit code (returns normally on success). */
  public static void main(String[] args) {
    int code = run(System.out, System.err, args);
    if (code != ExitCode.OK) {
      System.exit(code);
    }
  }

  /** Runs the command, writing to the given streams, and returns its exit code. */
  static int run(PrintStream out, PrintStream err, String... args) {
    CommandLine command = new CommandLine(new FunnelCommand());
    command.setCaseInsensitiveEnumValuesAllowed(true);
    command.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    command.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    return command.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: report");
  }
}
