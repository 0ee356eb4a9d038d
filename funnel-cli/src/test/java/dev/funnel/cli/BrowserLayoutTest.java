package dev.funnel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The report's HTML page rendered in a real browser (headless Chromium, Debian's {@code chromium}
 * package, which {@code .ci/run} installs when it is missing) at a phone's, a tablet's and a wide
 * screen's width: from the rendered layout, no piece of text overlaps another, no chart's text is
 * scaled down below a readable size, and nothing is wider than the window, so nothing scrolls
 * sideways. The screenshots stay in {@code target/browser-layout} for a person to look at.
 *
 * <p>The check runs in the page: a copy of it gets a script that measures every text fragment (each
 * line box of each text node, and each SVG text element) and every element's scroll width, and
 * writes what it found into the page, which Chromium then prints ({@code --dump-dom}).
 */
class BrowserLayoutTest {
  private static final Path OUT = Path.of("target", "browser-layout");
  private static final Map<String, Path> PAGES = new LinkedHashMap<>();

  /**
   * A page that shows the report in a frame exactly {@code WIDTH} pixels wide (headless Chromium
   * will not make its window narrower than 500), measures the report's layout and writes the
   * findings into {@code #layout-check} as text lines.
   */
  private static final String HOST =
      """
      <!DOCTYPE html>
      <html><head><meta charset="utf-8"></head><body style="margin:0">
      <iframe id="report" src="REPORT" style="border:0;width:WIDTHpx;height:HEIGHTpx"></iframe>
      <script>
      window.addEventListener('load', function () {
        var frame = document.getElementById('report');
        var win = frame.contentWindow;
        var doc = frame.contentDocument;
        var found = [];
        var boxes = [];
        var walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
        for (var node = walker.nextNode(); node; node = walker.nextNode()) {
          if (!node.textContent.trim() || node.parentElement.closest('svg')) continue;
          var range = doc.createRange();
          range.selectNodeContents(node);
          var rects = range.getClientRects();
          for (var i = 0; i < rects.length; i++) {
            if (rects[i].width > 0 && rects[i].height > 0) {
              boxes.push({r: rects[i], t: node.textContent.trim().slice(0, 40), n: node});
            }
          }
        }
        doc.querySelectorAll('svg text').forEach(function (t) {
          var r = t.getBoundingClientRect();
          if (r.width > 0 && t.textContent.trim()) {
            boxes.push({r: r, t: t.textContent.trim(), n: t});
            // A chart scaled down to fit the screen scales its text down too.
            var svg = t.ownerSVGElement;
            var size = parseFloat(t.getAttribute('font-size'))
                * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            if (size < MIN_FONT) {
              found.push('text too small to read: "' + t.textContent.trim() + '" at '
                  + size.toFixed(1) + ' px');
            }
          }
        });
        for (var a = 0; a < boxes.length; a++) {
          for (var b = a + 1; b < boxes.length; b++) {
            if (boxes[a].n === boxes[b].n) continue;
            var x = Math.min(boxes[a].r.right, boxes[b].r.right) - Math.max(boxes[a].r.left, boxes[b].r.left);
            var y = Math.min(boxes[a].r.bottom, boxes[b].r.bottom) - Math.max(boxes[a].r.top, boxes[b].r.top);
            // A pixel of antialiasing is not an overlap.
            if (x > 1 && y > 1) found.push('overlap: "' + boxes[a].t + '" and "' + boxes[b].t + '"');
          }
        }
        var width = doc.documentElement.clientWidth;
        if (doc.documentElement.scrollWidth > width) {
          found.push('page scrolls sideways: ' + doc.documentElement.scrollWidth + ' > ' + width);
        }
        doc.querySelectorAll('body *').forEach(function (e) {
          if (e.closest('svg') && e.tagName.toLowerCase() !== 'svg') return;
          var style = win.getComputedStyle(e);
          if (e.scrollWidth > e.clientWidth + 1 && (style.overflowX === 'auto' || style.overflowX === 'scroll')) {
            found.push('scrolls sideways: <' + e.tagName.toLowerCase() + ' class="' + e.className + '"> '
                + e.scrollWidth + ' > ' + e.clientWidth);
          }
          var r = e.getBoundingClientRect();
          if (r.right > width + 1) {
            found.push('wider than the window: <' + e.tagName.toLowerCase() + '> ends at ' + Math.round(r.right));
          }
        });
        var out = document.createElement('pre');
        out.id = 'layout-check';
        out.textContent = 'checked ' + boxes.length + ' text boxes at ' + width + ' px\\n' + found.join('\\n');
        document.body.appendChild(out);
      });
      </script>
      </body></html>
      """;

  /**
   * The sample's page (an event log), and a log of stage changes with won and lost leads, its two
   * teams compared as A/B variants and a target planned backward.
   */
  @BeforeAll
  static void renderTheReports() throws IOException {
    Path sample = Files.createDirectories(OUT.resolve("sample"));
    Cli cli = Cli.run("report", "--out", sample.toString(), "--quiet");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    PAGES.put("sample", sample.resolve("funnel.html"));
    Path leads = Files.createDirectories(OUT.resolve("leads"));
    Path log = Files.writeString(leads.resolve("changes.csv"), StageChangeReportTest.LOG);
    Path funnel = Files.writeString(leads.resolve("funnel.json"), StageChangeReportTest.FUNNEL);
    cli =
        Cli.run(
            "report",
            "--events",
            log.toString(),
            "--funnel",
            funnel.toString(),
            "--out",
            leads.toString(),
            "--compare",
            "north,south",
            "--target",
            "10",
            "--quiet");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    PAGES.put("leads", leads.resolve("funnel.html"));
  }

  private static Optional<String> chromium() {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  @ParameterizedTest(name = "{0} page, {1} px wide")
  @CsvSource({"sample, 375", "sample, 768", "sample, 1440", "leads, 375", "leads, 1440"})
  void noTextOverlapsAndNothingScrollsSideways(String name, int width) throws Exception {
    Path page = PAGES.get(name);
    Optional<String> browser = chromium();
    assumeTrue(
        browser.isPresent(),
        "Debian's chromium is not installed here (.ci/run installs it: apt-get install chromium)");
    Path host = page.resolveSibling("layout-" + width + ".html");
    Files.writeString(
        host,
        HOST.replace("REPORT", page.getFileName().toString())
            .replace("MIN_FONT", Integer.toString(MIN_FONT))
            .replace("WIDTH", Integer.toString(width))
            .replace("HEIGHT", Integer.toString(HEIGHT)),
        StandardCharsets.UTF_8);

    String dom = run(browser.get(), width, "--dump-dom", host);
    Matcher result =
        Pattern.compile("<pre id=\"layout-check\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
    assertThat(result.find()).as("the check ran in the page; Chromium printed:%n%s", dom).isTrue();
    List<String> lines = new ArrayList<>(List.of(unescape(result.group(1)).split("\n")));
    assertThat(lines.get(0)).matches("checked [1-9][0-9]* text boxes at " + width + " px");
    assertThat(lines.subList(1, lines.size())).as("at %s px", width).isEmpty();

    Path screenshot = OUT.resolve(name + "-" + width + ".png").toAbsolutePath();
    run(browser.get(), width, "--screenshot=" + screenshot, host);
    assertThat(Files.size(screenshot)).isPositive();
  }

  /** The smallest chart text, in CSS pixels as rendered, that a person can still read. */
  private static final int MIN_FONT = 9;

  /** Tall enough for the whole page on a phone, so that the screenshot shows all of it. */
  private static final int HEIGHT = 9000;

  private static String run(String browser, int width, String action, Path file)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("chromium-profile");
    // As root in CI, Chromium needs --no-sandbox; the network flags keep it from calling home on a
    // machine without a network.
    List<String> command =
        List.of(
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--user-data-dir=" + profile,
            "--allow-file-access-from-files",
            "--window-size=" + Math.max(width, 500) + "," + HEIGHT,
            "--virtual-time-budget=3000",
            action,
            file.toAbsolutePath().toUri().toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    byte[] out = process.getInputStream().readAllBytes();
    process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("Chromium finished").isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }

  private static String unescape(String text) {
    return text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
  }
}
