package dev.funnel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The chart with real names: long step and funnel names wrap instead of running into the bars or
 * off the picture, a step under 1 % keeps a visible bar, and the page fits a narrow window. Text
 * widths are estimated at 0.6 em a character, the average advance of bold Helvetica and Arial
 * (their AFM metrics put lower-case letters at 0.5–0.61 em), so the check errs on the wide side.
 */
class ChartTest {
  private static final double EM = 0.6;

  @TempDir Path dir;

  private static final String LONG_STEP =
      "Viewed the product detail page on the mobile application after a search";
  private static final String LONG_TITLE =
      "Online store, mobile application, every campaign of the autumn quarter of 2026 across"
          + " all regions and every payment method";

  private Path chart() throws IOException {
    StringBuilder csv = new StringBuilder("subject,time,event\n");
    for (int i = 0; i < 1_000; i++) {
      csv.append("u").append(i).append(",2026-11-01T10:00:00Z,view\n");
    }
    csv.append("u0,2026-11-01T10:05:00Z,purchase\n");
    Path events = Files.writeString(dir.resolve("events.csv"), csv);
    Path out = dir.resolve("chart");
    Cli cli =
        Cli.run(
            "report",
            "--events",
            events.toString(),
            "--name",
            LONG_TITLE,
            "--step",
            LONG_STEP + "=view",
            "--step",
            "purchase",
            "--window",
            "1d",
            "--out",
            out.toString());
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    return out;
  }

  @Test
  void longNamesWrapInsideTheirColumnAndTheTitleInsideThePicture() throws Exception {
    Document svg = SampleReportTest.parse(Files.readString(chart().resolve("funnel.svg")));
    Element root = svg.getDocumentElement();
    double width = Double.parseDouble(root.getAttribute("width"));
    double barsStart = Double.MAX_VALUE;
    NodeList rects = svg.getElementsByTagName("rect");
    for (int i = 0; i < rects.getLength(); i++) {
      Element rect = (Element) rects.item(i);
      if (!rect.getAttribute("x").isEmpty()) {
        barsStart = Math.min(barsStart, Double.parseDouble(rect.getAttribute("x")));
      }
    }
    List<String> labelLines = new ArrayList<>();
    NodeList texts = svg.getElementsByTagName("text");
    for (int i = 0; i < texts.getLength(); i++) {
      Element text = (Element) texts.item(i);
      double x = Double.parseDouble(text.getAttribute("x"));
      double size = Double.parseDouble(text.getAttribute("font-size"));
      double right = x + text.getTextContent().length() * size * EM;
      if (text.getAttribute("text-anchor").equals("start")) {
        assertThat(right).as(text.getTextContent()).isLessThanOrEqualTo(width);
      }
      if (size == 14) {
        assertThat(right).as(text.getTextContent()).isLessThanOrEqualTo(barsStart);
        labelLines.add(text.getTextContent());
      }
    }
    assertThat(labelLines.size()).isGreaterThan(2);
    assertThat(String.join(" ", labelLines)).startsWith(LONG_STEP);
  }

  @Test
  void aStepUnderOnePercentKeepsAVisibleBar() throws Exception {
    Document svg = SampleReportTest.parse(Files.readString(chart().resolve("funnel.svg")));
    NodeList rects = svg.getElementsByTagName("rect");
    Element last = (Element) rects.item(rects.getLength() - 1);
    // 1 of 1,000 is 0.1 %: 0.4 px of the 420 px bar area, drawn 4 px wide.
    assertThat(last.getElementsByTagName("title").item(0).getTextContent())
        .startsWith("purchase: 1 ");
    assertThat(Double.parseDouble(last.getAttribute("width"))).isGreaterThanOrEqualTo(4.0);
  }

  @Test
  void thePageFitsANarrowWindow() throws Exception {
    String html = Files.readString(chart().resolve("funnel.html"));
    assertThat(html)
        .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .contains("svg{max-width:100%;height:auto}")
        .contains("p,li,td{overflow-wrap:anywhere}")
        .contains(".table{overflow-x:auto}");
    assertThat(html.split("<table>", -1).length - 1)
        .isEqualTo(html.split("<div class=\"table\"><table>", -1).length - 1);
  }

  @Test
  void wrapBreaksAtSpacesAndInsideWordsLongerThanALine() {
    assertThat(SvgChart.wrap("a bb ccc", 4)).containsExactly("a bb", "ccc");
    assertThat(SvgChart.wrap("abcdefghij", 4)).containsExactly("abcd", "efgh", "ij");
    assertThat(SvgChart.wrap("  one  ", 10)).containsExactly("one");
    assertThat(SvgChart.wrap("", 10)).containsExactly("");
  }
}
