package org.recoverybench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.net.URL;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.recoverybench.lab.Lab;
import org.recoverybench.lab.LabClients;
import org.recoverybench.result.TrialResult;
import org.recoverybench.scenario.Scenario;
import org.recoverybench.scenario.ScenarioLoader;

/** For ITCases: one trial of a test scenario on a lab, and the test's own SQL over its rows. */
public final class ScenarioTrials {
  private ScenarioTrials() {}

  /**
   * Runs {@code src/test/resources/scenarios/<name>.yaml} once on one engine through the suite
   * runner, its results under {@code out}; the trial must give a result.
   */
  public static TrialResult runOne(Lab lab, Path work, Path out, String name, String engine)
      throws Exception {
    URL u = ScenarioTrials.class.getResource("/scenarios/" + name + ".yaml");
    Path file = Path.of(u.toURI());
    Scenario s = ScenarioLoader.load(file);
    SuiteRunner.Outcome o =
        new SuiteRunner(lab, out, work.resolve("engines"), new PrintWriter(System.out, true))
            .run(List.of(s), List.of(file), engine, 1);
    assertThat(o.failures()).as("trials that gave no result").isEmpty();
    assertThat(o.results()).hasSize(1);
    return o.results().get(0);
  }

  /**
   * Every id written exactly once: the sink's rows and distinct ids counted by the test's own SQL,
   * and the result's produced, distinct, lost and duplicated figures.
   */
  public static void assertExactlyOnceBySql(Lab lab, TrialResult r, long records) throws Exception {
    try (Connection c = LabClients.jdbc(lab.endpoints());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*), count(DISTINCT event_id) FROM sink_writes WHERE run_id = ?")) {
      ps.setString(1, r.runId());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).as("rows in the sink").isEqualTo(records);
        assertThat(rs.getLong(2)).as("distinct ids in the sink").isEqualTo(records);
      }
    }
    assertThat(r.produced()).as("produced").isEqualTo(records);
    assertThat(r.distinctWritten()).as("distinct_written").isEqualTo(records);
    assertThat(r.lost()).as("lost").isZero();
    assertThat(r.duplicatedIds()).as("duplicated ids").isZero();
  }
}
