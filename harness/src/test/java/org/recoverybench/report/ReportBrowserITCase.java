package org.recoverybench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverybench.process.Poll;

/**
 * Opens the report of committed results in a real headless Chromium, through the DevTools protocol,
 * and checks what a reader would see: the page renders with its tables, every chart image loads,
 * and the console stays free of errors. Skips itself where no Chromium is installed, unless {@code
 * RECOVERYBENCH_REQUIRE_BROWSER} is set (as CI does).
 */
class ReportBrowserITCase {
  @TempDir Path tmp;

  static Optional<Path> chromium() {
    String override = System.getenv("RECOVERYBENCH_BROWSER");
    if (override != null && !override.isBlank()) {
      return Optional.of(Path.of(override));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  @Test
  void theReferenceReportRendersWithEveryChartAndNoConsoleError() throws Exception {
    Optional<Path> browser = chromium();
    if (browser.isEmpty()) {
      if (System.getenv("RECOVERYBENCH_REQUIRE_BROWSER") != null) {
        throw new AssertionError(
            "RECOVERYBENCH_REQUIRE_BROWSER is set but no chromium is on the PATH");
      }
      Assumptions.abort("no chromium on the PATH");
    }
    // the report is rebuilt by the code under test from committed results: the reference run
    // when there is one, else the first committed results directory
    List<Path> committed = CommittedResultsTest.committed();
    assertThat(committed).as("committed results under results/").isNotEmpty();
    Path source =
        committed.stream()
            .filter(d -> d.getFileName().toString().equals("reference"))
            .findFirst()
            .orElse(committed.get(0));
    Path dir = tmp.resolve("report");
    copyResults(source, dir);
    Report.write(dir);
    int charts;
    try (Stream<Path> s = Files.list(dir.resolve(Report.CHARTS))) {
      charts = (int) s.count();
    }

    Path profile = tmp.resolve("profile");
    Process p =
        new ProcessBuilder(
                browser.get().toString(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "about:blank")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("chromium.log").toFile())
            .start();
    try {
      Path portFile = profile.resolve("DevToolsActivePort");
      assertThat(
              Poll.until(
                  Duration.ofSeconds(60),
                  Duration.ofMillis(100),
                  () -> Files.exists(portFile) && lines(portFile) >= 2))
          .as("chromium wrote DevToolsActivePort; log: %s", tmp.resolve("chromium.log"))
          .isTrue();
      List<String> port = Files.readAllLines(portFile);
      try (Cdp cdp =
          new Cdp(URI.create("ws://127.0.0.1:" + port.get(0).trim() + port.get(1).trim()))) {
        String target =
            cdp.call(null, "Target.createTarget", Map.of("url", "about:blank"))
                .path("targetId")
                .asText();
        String session =
            cdp.call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                .path("sessionId")
                .asText();
        cdp.call(session, "Page.enable", Map.of());
        cdp.call(session, "Runtime.enable", Map.of());
        cdp.call(session, "Log.enable", Map.of());
        // a 1,400 px wide window: no table may push the page wider than it
        cdp.call(
            session,
            "Emulation.setDeviceMetricsOverride",
            Map.of("width", 1400, "height", 900, "deviceScaleFactor", 1, "mobile", false));
        cdp.call(
            session, "Page.navigate", Map.of("url", dir.resolve(Report.HTML).toUri().toString()));
        assertThat(
                Poll.until(
                    Duration.ofSeconds(60),
                    Duration.ofMillis(100),
                    () -> cdp.sawEvent("Page.loadEventFired")))
            .as("the page fired its load event")
            .isTrue();
        JsonNode seen =
            cdp.call(
                    session,
                    "Runtime.evaluate",
                    Map.of(
                        "returnByValue",
                        true,
                        "expression",
                        "JSON.stringify({title: document.title,"
                            + " tables: document.querySelectorAll('table').length,"
                            + " h2: [...document.querySelectorAll('h2')].map(h => h.textContent),"
                            + " images: [...document.images].map(i => ({ok: i.complete && i.naturalWidth > 0, w: i.naturalWidth})),"
                            + " height: document.body.scrollHeight,"
                            + " viewport: window.innerWidth,"
                            + " pageWidth: document.documentElement.scrollWidth,"
                            + " wrappers: [...document.querySelectorAll('table')].map(t => {"
                            + "   const w = t.parentElement, r = w.getBoundingClientRect();"
                            + "   return {wrapped: w.classList.contains('table-wrap'),"
                            + "     scrolls: getComputedStyle(w).overflowX === 'auto',"
                            + "     right: Math.ceil(r.right),"
                            + "     fits: t.getBoundingClientRect().width <= w.clientWidth + 1}})})"))
                .path("result")
                .path("value");
        JsonNode page = new com.fasterxml.jackson.databind.ObjectMapper().readTree(seen.asText());
        assertThat(page.path("title").asText())
            .isEqualTo("recoverybench: what happens to the data when the streaming job fails");
        List<String> sections = new ArrayList<>();
        page.path("h2").forEach(h -> sections.add(h.asText()));
        // "Fault outcomes" appears when some fault recorded what the engine did
        boolean outcomes = sections.contains("Fault outcomes");
        List<String> expected =
            new ArrayList<>(
                List.of(
                    "At a glance",
                    "Key findings",
                    "Fault classes × options",
                    "Paired comparisons",
                    "Results by scenario"));
        if (outcomes) {
          expected.add("Fault outcomes");
        }
        expected.addAll(
            List.of(
                "Charts",
                "Cost",
                "Claims",
                "Decision record",
                "Operations",
                "Methodology",
                "Every trial"));
        assertThat(sections).containsExactlyElementsOf(expected);
        // grid, one per paired fault class (2), cost, what ruled each option out, ranking (when
        // an option is left), operations
        assertThat(page.path("tables").asInt()).isEqualTo(outcomes ? 13 : 12);
        assertThat(page.path("images").size()).isEqualTo(charts);
        for (JsonNode img : page.path("images")) {
          assertThat(img.path("ok").asBoolean()).as("image loaded: %s", img).isTrue();
          assertThat(img.path("w").asInt()).isEqualTo(960);
        }
        assertThat(page.path("height").asInt()).isGreaterThan(2000);
        assertThat(page.path("viewport").asInt()).isEqualTo(1400);
        assertThat(page.path("pageWidth").asInt())
            .as("the page is no wider than the window")
            .isLessThanOrEqualTo(1400);
        int scrolling = 0;
        for (JsonNode w : page.path("wrappers")) {
          assertThat(w.path("wrapped").asBoolean()).as("table in a wrapper: %s", w).isTrue();
          assertThat(w.path("scrolls").asBoolean()).as("wrapper scrolls: %s", w).isTrue();
          assertThat(w.path("right").asInt())
              .as("wrapper inside the window: %s", w)
              .isLessThanOrEqualTo(1400);
          scrolling += w.path("fits").asBoolean() ? 0 : 1;
        }
        // the grid and the trial table are wider than the page's 1,200 px column: they scroll
        assertThat(scrolling).as("tables that scroll inside their wrapper").isPositive();
        List<String> errors = new ArrayList<>();
        for (JsonNode e : cdp.events) {
          String m = e.path("method").asText();
          if (m.equals("Runtime.exceptionThrown")
              || (m.equals("Runtime.consoleAPICalled")
                  && List.of("error", "assert").contains(e.path("params").path("type").asText()))
              || (m.equals("Log.entryAdded")
                  && e.path("params").path("entry").path("level").asText().equals("error"))
              || m.equals("cdp.unreadable")) {
            errors.add(e.toString());
          }
        }
        assertThat(errors).isEmpty();
        try {
          cdp.call(null, "Browser.close", Map.of());
        } catch (RuntimeException closing) {
          // the browser may drop the socket as it closes
        }
      }
    } finally {
      // chromium starts helper processes: end them by PID, then the browser
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor();
    }
  }

  private static long lines(Path f) {
    try {
      return Files.readAllLines(f).size();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Copies run.json and every trial's result.json and history.jsonl, nothing else. */
  static void copyResults(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        String n = f.getFileName().toString();
        if (n.equals("run.json") || n.equals("result.json") || n.equals("history.jsonl")) {
          Path t = to.resolve(from.relativize(f).toString());
          Files.createDirectories(t.getParent());
          Files.copy(f, t);
        }
      }
    }
  }
}
