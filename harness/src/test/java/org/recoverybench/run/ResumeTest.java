package org.recoverybench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverybench.lab.Dist;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.Lab;
import org.recoverybench.lab.LabService;
import org.recoverybench.result.ResultFiles;
import org.recoverybench.scenario.Scenario;
import org.recoverybench.scenario.ScenarioLoader;

/** {@code --resume} keeps the trials that have a result.json and runs only the others. */
class ResumeTest {
  /** A lab that must not be used: every trial of the resumed run is kept. */
  private static final class UnusedLab implements Lab {
    private final Path dir;

    UnusedLab(Path dir) {
      this.dir = dir;
    }

    @Override
    public void start() {
      throw new AssertionError("the lab was started");
    }

    @Override
    public Endpoints endpoints() {
      return new Endpoints("k", "s", "r", "b", "a", "sk", "jdbc:postgresql://x/y", "u", "pw");
    }

    @Override
    public List<LabService> services() {
      return List.of();
    }

    @Override
    public Path workDir() {
      return dir;
    }

    @Override
    public void close() {}
  }

  @Test
  void trialsWithAResultAreKeptAndTheRunKeepsItsRecord(@TempDir Path dir) throws Exception {
    Scenario s =
        ScenarioLoader.parse(
            "r.yaml",
            new StringReader(
                "name: r\n"
                    + "workload: {partitions: 1, records: 10}\n"
                    + "targets:\n"
                    + "  - {engine: flink, sink_mode: exactly-once}\n"));
    Path committed;
    try (Stream<Path> st = Files.walk(Dist.home().resolve("results/reference"))) {
      committed =
          st.filter(p -> p.getFileName().toString().equals(ResultFiles.RESULT))
              .sorted()
              .findFirst()
              .orElseThrow();
    }
    Path out = dir.resolve("out");
    Scenario.Target t = s.targetsFor("both").get(0);
    for (int trial = 1; trial <= 2; trial++) {
      Path d =
          out.resolve("r")
              .resolve(t.engine() + "-" + t.variant() + "-" + t.sinkMode())
              .resolve("trial-" + trial)
              .resolve(ResultFiles.RESULT);
      Files.createDirectories(d.getParent());
      Files.copy(committed, d);
    }
    Files.writeString(out.resolve("run.json"), "{\"command\" : \"recoverybench run x\"}");
    StringWriter console = new StringWriter();

    SuiteRunner.Outcome o =
        new SuiteRunner(new UnusedLab(dir), out, dir.resolve("work"), new PrintWriter(console))
            .resume(true)
            .run(List.of(s), List.of(), "both", 2);

    assertThat(o.failures()).isEmpty();
    assertThat(o.results()).hasSize(2);
    assertThat(console.toString().lines().filter(l -> l.contains("kept:")).count()).isEqualTo(2);
    var info = ResultFiles.mapper().readTree(out.resolve("run.json").toFile());
    assertThat(info.path("command").asText()).isEqualTo("recoverybench run x");
    assertThat(info.path("resumed")).hasSize(1);
  }
}
